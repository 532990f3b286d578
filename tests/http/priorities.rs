//! The priority round over HTTP (issue 32): the form's answers and their statuses, a replay,
//! a workshop count typed in, the open data read by LibreOffice, the round's settings.

use super::*;

/// The form's hidden fields and token, then `themes` (and `extra` fields) posted as a
/// person would, after the time a person takes.
async fn pick<S, B>(ctx: &Ctx, b: &mut Browser<S>, themes: &[&str], extra: &[(&str, &str)]) -> Resp
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = b.get("/priorites").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let field = |name: &str| common::hidden_value(&page.body, name).unwrap();
    let (stamp, submission, token) = (field("form_ts"), field("submission"), csrf_from(&page.body));
    ctx.state.set_now(ctx.state.now() + 5);
    let mut all: Vec<(&str, &str)> = vec![
        ("csrf_token", &token),
        ("form_ts", &stamp),
        ("submission", &submission),
    ];
    all.extend(themes.iter().map(|t| ("themes", *t)));
    all.extend(extra);
    b.post("/priorites", &all).await
}

#[actix_web::test]
async fn a_fourth_theme_is_refused_with_the_choices_kept_and_a_replay_counts_once() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = pick(
        &ctx,
        &mut b,
        &["sante", "education", "budget", "foncier"],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Vous pouvez cocher au plus 3 thèmes"),
        "{}",
        r.body
    );
    for t in ["sante", "education", "budget", "foncier"] {
        assert!(
            r.body
                .contains(&format!("id=\"theme-{t}\" value=\"{t}\" checked")),
            "{t} is no longer ticked"
        );
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM priority_ballots"), 0);

    // Unknown profile answers are refused by field, what was ticked kept.
    let r = pick(
        &ctx,
        &mut b,
        &["sante"],
        &[("zone", "atlantide"), ("sex", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choisissez une région dans la liste."));
    assert!(
        r.body
            .contains("id=\"theme-sante\" value=\"sante\" checked")
    );

    // The same form twice: one ballot, the same receipt.
    let page = b.get("/priorites").await;
    let field = |name: &str| common::hidden_value(&page.body, name).unwrap();
    let (stamp, submission, token) = (field("form_ts"), field("submission"), csrf_from(&page.body));
    ctx.state.set_now(ctx.state.now() + 5);
    let all = [
        ("csrf_token", token.as_str()),
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
        ("themes", "sante"),
        ("themes", "budget"),
        ("zone", "poro"),
        ("sex", "femme"),
        ("age_band", "18-35"),
    ];
    let first = b.post("/priorites", &all).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = b.post("/priorites", &all).await;
    assert_eq!(
        again.location(),
        first.location(),
        "the first receipt again"
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM priority_ballots"), 1);
    assert_eq!(count(&ctx, "SELECT count(*) FROM priority_choices"), 2);
    let receipt = b.get(first.location()).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(
        receipt
            .body
            .contains("<li>Transparence budgétaire et budget citoyen</li>")
            && receipt.body.contains("<li>Santé</li>"),
        "{}",
        receipt.body
    );
    // A made-up receipt is not found.
    assert_eq!(
        b.get("/priorites/merci/n-importe-quoi").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_paper_count_and_the_open_data_read_by_a_french_spreadsheet() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier régional de Korhogo"),
                ("place", "Préfecture"),
                ("zone", "poro"),
                ("held_on", "2026-12-05"),
                ("facilitators", "Awa"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let w = count(&ctx, "SELECT id FROM workshops");
    let page = format!("/admin/ateliers/{w}/priorites");
    // A count over the people is refused, what was typed kept.
    let wrong = [("channel", "papier"), ("people", "12"), ("t_sante", "13")];
    let r = admin.submit(&page, &page, &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Un thème a plus de voix que de personnes"));
    assert!(r.body.contains("value=\"13\""));
    let typed = [
        ("channel", "papier"),
        ("people", "12"),
        ("t_sante", "9"),
        ("t_foncier", "7"),
        ("t_education", ""),
    ];
    let r = admin.submit(&page, &page, &typed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hands = [
        ("channel", "mains_levees"),
        ("people", "30"),
        ("t_foncier", "20"),
    ];
    let r = admin.submit(&page, &page, &hands).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Typed again, the paper count replaces the first.
    let typed_again = [
        ("channel", "papier"),
        ("people", "14"),
        ("t_sante", "10"),
        ("t_foncier", "7"),
    ];
    admin.submit(&page, &page, &typed_again).await;
    assert_eq!(count(&ctx, "SELECT count(*) FROM priority_tallies"), 2);
    let shown = admin.get(&page).await.body;
    assert!(
        shown.contains("Formulaire papier\u{a0}: 14 personnes"),
        "{shown}"
    );

    let mut citizen = browser(&ctx).await;
    let r = pick(
        &ctx,
        &mut citizen,
        &["sante"],
        &[("zone", "korhogo-inexistant")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = pick(&ctx, &mut citizen, &["sante"], &[("zone", "poro")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let json: serde_json::Value =
        serde_json::from_str(&citizen.get("/donnees/priorites.json").await.body).unwrap();
    assert_eq!(json["participants"], 45);
    assert_eq!(json["themes"][0]["code"], "foncier");
    assert_eq!(json["themes"][0]["count"], 27);
    assert_eq!(json["themes"][1]["name"], "Santé");
    assert_eq!(json["themes"][1]["count"], 11);
    let channels: Vec<(String, u64)> = json["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        channels,
        [
            ("mains_levees".to_string(), 30),
            ("papier".to_string(), 14),
            ("en_ligne".to_string(), 1)
        ],
        "each source on its own channel"
    );
    assert_eq!(json["zones"][0]["name"], "Savanes");
    assert_eq!(json["zones"][0]["participants"], 45);

    let csv = citizen.get("/donnees/priorites.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM for Excel"
    );
    let cells = libreoffice_cells(&csv.bytes, b';');
    for cell in [
        "portee",
        "theme",
        "ensemble",
        "Santé",
        "Foncier, urbanisme et construction",
        "27",
        "Savanes",
    ] {
        assert!(
            cells.lines().any(|l| l.trim() == cell),
            "LibreOffice with `;` does not show the cell {cell:?}:\n{cells}"
        );
    }
    let results = citizen.get("/priorites/resultats").await;
    assert_eq!(results.status, StatusCode::OK);
    assert!(results.body.contains("Vote à main levée (atelier)"));

    // The record counts the people; the synthesis, printed to PDF, shows the priorities.
    let record = admin.get("/admin/bilan").await.body;
    assert!(
        record.contains("Personnes qui ont donné leurs priorités")
            && record.contains("<td>45 <span class=\"hint\">(dont 44 comptées en atelier"),
        "{record}"
    );
    let r = admin
        .submit("/admin/synthese", "/admin/synthese/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let docs = citizen.get("/documents?categorie=syntheses").await.body;
    let href = regex::Regex::new(r#"href="(/documents/[^"/]+/synthese-[^"]+)""#)
        .unwrap()
        .captures(&docs)
        .map(|c| c[1].to_string())
        .expect("link to the frozen synthesis");
    let pdf = citizen.get(&href).await;
    let (text, _) = pdf_text(&pdf.bytes);
    assert!(
        text.contains("Priorités exprimées")
            && text.contains("45 personnes ont donné leurs priorités")
            && text.contains("Foncier, urbanisme et construction")
            && text.contains("Savanes"),
        "{text}"
    );
}

#[actix_web::test]
async fn a_round_switched_off_or_not_yet_open_takes_nothing() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let page = b.get("/priorites").await;
    let field = |name: &str| common::hidden_value(&page.body, name).unwrap();
    let (stamp, submission, token) = (field("form_ts"), field("submission"), csrf_from(&page.body));
    let k = count(&ctx, "SELECT id FROM consultations").to_string();
    // Its own dates, after today: the round is not open yet.
    let r = admin
        .submit(
            "/admin/priorites",
            "/admin/priorites",
            &[
                ("consultation", &k),
                ("enabled", "1"),
                ("opens_on", "2099-01-01"),
                ("closes_on", "2099-02-01"),
                ("max_choices", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let shown = b.get("/priorites").await;
    assert!(
        shown.body.contains("Le choix des priorités ouvre le 1"),
        "{}",
        shown.body
    );
    ctx.state.set_now(ctx.state.now() + 5);
    let r = b
        .post(
            "/priorites",
            &[
                ("csrf_token", &token),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("themes", "sante"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&ctx, "SELECT count(*) FROM priority_ballots"), 0);
    // Dates the wrong way round are refused.
    let r = admin
        .submit(
            "/admin/priorites",
            "/admin/priorites",
            &[
                ("consultation", &k),
                ("opens_on", "2099-02-01"),
                ("closes_on", "2099-01-01"),
                ("max_choices", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("le dernier jour après l"));
    assert!(
        !home_invites(&mut b).await,
        "the home page invites to a closed round"
    );
}

async fn home_invites<S, B>(b: &mut Browser<S>) -> bool
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    b.get("/").await.body.contains("href=\"/priorites\"")
}
