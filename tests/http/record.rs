//! The consultation's record (`/admin/bilan`) on a consultation with known data: every
//! indicator it shows, and the rates following a population an admin corrects.

use super::*;

/// Files a proposal in `zone` and returns its reference's number in the list.
async fn file_in<S, B>(ctx: &Ctx, title: &str, zone: &str, b: &mut Browser<S>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut fields = proposal_fields(title, "Un problème observé.");
    for f in &mut fields {
        if f.0 == "zone" {
            f.1 = zone;
        }
    }
    let r = propose(ctx, b, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// Comments `body` on `reference` as a new visitor; returns the comment's id.
async fn comment<S, B>(ctx: &Ctx, b: &mut Browser<S>, reference: &str, body: &str) -> i64
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = b.get(&format!("/propositions/{reference}")).await.body;
    let token = csrf_from(&page);
    let stamp = common::hidden_value(&page, "form_ts").unwrap();
    let submission = common::hidden_value(&page, "submission").unwrap();
    ctx.state.set_now(ctx.state.now() + 10);
    let r = b
        .post(
            &format!("/propositions/{reference}/commentaires"),
            &[
                ("csrf_token", token.as_str()),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("body", body),
                ("author_name", "Awa"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    count(ctx, "SELECT max(id) FROM comments")
}

#[actix_web::test]
async fn the_record_shows_each_indicator_of_a_known_consultation() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    // Four published: two from Abidjan, one from Gbêkê, one national.
    for (title, zone) in [
        ("Éclairer les marchés d'Abobo", "abidjan"),
        ("Des bancs à Yopougon", "abidjan"),
        ("Un forage à Bouaké", "gbeke"),
        ("Un budget ouvert pour tous", "national"),
    ] {
        let mut b = browser(&ctx).await;
        file_in(&ctx, title, zone, &mut b).await;
    }
    approve_all(&ctx, &mut admin).await;
    // One withheld (advertising, from Gbêkê), one waiting (Folon).
    let mut b = browser(&ctx).await;
    file_in(&ctx, "Achetez nos panneaux", "gbeke", &mut b).await;
    let id = count(&ctx, "SELECT max(id) FROM proposals");
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut b = browser(&ctx).await;
    file_in(&ctx, "Une piste vers Minignan", "folon", &mut b).await;
    // Two days later, P-0001 is retained, with its reason and a commitment.
    ctx.state.set_now(ctx.state.now() + 2 * 86_400);
    // Staff sessions end after a day without use: the admin signs in again.
    let r = admin
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "retenue"),
                ("answer", "Retenue : l'éclairage des marchés entre au plan."),
                ("commitment", "Engagement 3 : marchés éclairés"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Two supports for P-0002; on P-0003 one comment published, one set aside, one waiting.
    let mut b = browser(&ctx).await;
    support_as(&mut b, "participant-aaaaaaaaaaaaaaaaaaaa", "P-0002").await;
    support_as(&mut b, "participant-bbbbbbbbbbbbbbbbbbbb", "P-0002").await;
    for (body, action) in [
        ("Oui, et un château d'eau aussi.", Some("approuver")),
        ("Achetez nos pompes !", Some("rejeter")),
        ("Et l'entretien ?", None),
    ] {
        let mut b = browser(&ctx).await;
        let id = comment(&ctx, &mut b, "P-0003", body).await;
        if let Some(action) = action {
            let r = admin
                .submit(
                    "/admin/moderation",
                    &format!("/admin/moderation/commentaires/{id}/{action}"),
                    &[("reason", "publicite"), ("note", "")],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    }

    let page = admin.get("/admin/bilan").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.body.replace("&#39;", "'");
    let has = |s: &str| assert!(text.contains(s), "missing «{s}» in:\n{text}");
    // 1. Inputs: 6 received, 4 published, 1 waiting, 1 withheld for advertising.
    has("Propositions reçues</th><td>6</td>");
    has("4 sur 6 (66,7\u{202f}%) <span class=\"small-numbers\">petits nombres</span>");
    has("Propositions en attente de relecture</th><td>1</td>");
    has("publicité ou spam</th><td>1 sur 6 (16,7\u{202f}%)");
    // 2. Reach: Abidjan 2, Vallée du Bandama 2 (Gbêkê), Folon counts for its district.
    has(
        "<th scope=\"row\">Abidjan</th><td>2</td><td>6\u{202f}321\u{202f}017 <span class=\"small-numbers\">non vérifié</span></td><td>0,0 <span class=\"small-numbers\">petits nombres</span></td>",
    );
    // Set aside, the advertisement from Gbêkê counts for no reach.
    has("<th scope=\"row\">Vallée du Bandama</th><td>1</td>");
    has("<th scope=\"row\">Sassandra-Marahoué + Denguélé</th><td>1</td>");
    has("«\u{a0}National\u{a0}» 1, «\u{a0}Diaspora\u{a0}» 0");
    // 3. Coverage: Abidjan, Gbêkê, Folon of 33; 3 of 5 located proposals outside Abidjan.
    has("3 sur 33 (9,1\u{202f}%)");
    has("venues hors d'Abidjan</th><td>2 sur 4 (50,0\u{202f}%)");
    // 7. Answers: 1 of 4, two days after filing.
    has("Propositions publiées avec une décision et sa raison</th><td>1 sur 4 (25,0\u{202f}%)");
    has("médiane 2,0\u{a0}j, 90\u{202f}% en 2,0\u{a0}j au plus (sur 1)");
    // 8. One commitment; 9. two supports over four published proposals.
    has("Engagements nourris par au moins une proposition</th><td>1</td>");
    has("Soutiens par proposition publiée</th><td>0,5</td>");
    has(
        "Propositions publiées avec au moins un commentaire publié</th><td>1 sur 4 (25,0\u{202f}%)",
    );
    has("Commentaires publiés par proposition publiée</th><td>0,3</td>");
    // Comments: 3 received, 1 published, 1 set aside.
    has("Commentaires reçus</th><td>3</td>");
    has("Commentaires publiés</th><td>1 sur 3 (33,3\u{202f}%)");
    has("Commentaires non publiés</th><td>1 sur 3 (33,3\u{202f}%)");
    // 8. Outcomes, and 4. mixes, by their labels.
    has("Retenue</th><td>1 sur 4 (25,0\u{202f}%)");
    has("En ligne</th><td>5 sur 5 (100,0\u{202f}%)");
    has("Citoyenne ou citoyen</th><td>5 sur 5 (100,0\u{202f}%)");
    has("Français</th><td>5 sur 5 (100,0\u{202f}%)");
    // The figures say when they were counted; admins see where to correct populations.
    has("Chiffres au ");
    has("\u{a0}: Toutes les consultations.</p>");
    has("href=\"/admin/bilan/populations\"");

    // The admin enters Abidjan's official figure: its rate follows.
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", "Abidjan"),
                ("kind", "district"),
                ("people", "100 000"),
                ("source", "ANSTAT, essai"),
                ("verified", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let text = admin.get("/admin/bilan").await.body;
    assert!(
        text.contains(
            "<th scope=\"row\">Abidjan</th><td>2</td><td>100\u{202f}000</td><td>2,0 <span class=\"small-numbers\">petits nombres</span></td>"
        ),
        "{text}"
    );
    // The journal says who changed it, from what, to what, and on which source.
    let journal = admin.get("/admin/journal?action=population").await.body;
    assert!(
        journal.contains("Population\u{a0}: 6\u{202f}321\u{202f}017 → 100\u{202f}000")
            && journal.contains("Abidjan — source\u{a0}: ANSTAT, essai (chiffre officiel vérifié)")
            && journal.contains("awa.kone"),
        "{journal}"
    );
    // A region's figure entered: its own rate shows.
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", "gbeke"),
                ("kind", "region"),
                ("people", "1 000 000"),
                ("source", "ANSTAT, essai"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let text = admin.get("/admin/bilan").await.body;
    assert!(
        text.contains("<th scope=\"row\">Gbêkê</th><td>1</td><td>1\u{202f}000\u{202f}000 <span class=\"small-numbers\">non vérifié</span></td><td>0,1 <span class=\"small-numbers\">petits nombres</span></td>"),
        "{text}"
    );
    // A wrong figure is refused with what was typed, and nothing changes.
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", "Abidjan"),
                ("kind", "district"),
                ("people", "beaucoup"),
                ("source", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"beaucoup\""), "typed value kept");
    assert!(
        r.body.contains("Tapez le nombre d&#39;habitants")
            || r.body.contains("Tapez le nombre d'habitants")
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT people FROM populations WHERE area = 'Abidjan'"
        ),
        100_000
    );
    // Denguélé's own figure is known: the row known only together splits in two, the rest
    // staying with Sassandra-Marahoué, unverified. Folon's proposal counts for Denguélé.
    let joint = "Sassandra-Marahoué + Denguélé";
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", joint),
                ("kind", "district"),
                ("part", "Denguélé"),
                ("people", "3 200 000"),
                ("source", "ANSTAT"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("plus petit que le chiffre commun")
            && r.body.contains("value=\"3 200 000\"")
    );
    let r = admin
        .submit(
            "/admin/bilan/populations",
            "/admin/bilan/populations",
            &[
                ("area", joint),
                ("kind", "district"),
                ("part", "Denguélé"),
                ("people", "289 779"),
                ("source", "ANSTAT, RGPH 2021"),
                ("verified", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let text = admin.get("/admin/bilan").await.body;
    assert!(
        text.contains("<th scope=\"row\">Denguélé</th><td>1</td><td>289\u{202f}779</td><td>0,3 <span class=\"small-numbers\">petits nombres</span></td>")
            && text.contains("<th scope=\"row\">Sassandra-Marahoué</th><td>0</td><td>2\u{202f}867\u{202f}112 <span class=\"small-numbers\">non vérifié</span></td>")
            && !text.contains(joint),
        "{text}"
    );
    // One consultation's record: the only one here holds everything.
    let scoped = admin.get("/admin/bilan?consultation=1").await;
    assert_eq!(scoped.status, StatusCode::OK);
    assert!(scoped.body.contains("Propositions reçues</th><td>6</td>"));
    // A moderator reads the record but cannot change populations.
    admin.add_staff("koffi.yao", "moderator").await;
    let mut moderator = browser(&ctx).await;
    moderator.sign_in("koffi.yao").await;
    let seen = moderator.get("/admin/bilan").await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("href=\"/admin/bilan/populations\""));
    assert_eq!(
        moderator.get("/admin/bilan/populations").await.status,
        StatusCode::FORBIDDEN
    );
    let r = moderator
        .submit(
            "/admin/bilan",
            "/admin/bilan/populations",
            &[
                ("area", "Abidjan"),
                ("kind", "district"),
                ("people", "1"),
                ("source", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(
            &ctx,
            "SELECT people FROM populations WHERE area = 'Abidjan'"
        ),
        100_000
    );
}

/// Signs the admin in again: staff sessions end after a day without use.
async fn sign_in_again<S, B>(admin: &mut Browser<S>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let r = admin
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

fn ymd(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .unwrap()
        .date()
        .to_string()
}

/// A consultation lived end to end, with known data at known times: online, at a workshop
/// (phones on its hotspot, paper forms typed in), moderated a day later, answered three days
/// later, beside another consultation whose contribution must not count. Every indicator is
/// checked on the page, in the JSON and in the CSV; then the frozen copy published with the
/// synthesis stays as it was when a new contribution arrives.
#[actix_web::test]
async fn every_indicator_of_a_lived_consultation_on_the_page_in_json_and_csv() {
    const DAY: i64 = 86_400;
    let ctx = state();
    let d0 = ctx.state.now() - ctx.state.now().rem_euclid(DAY);
    let t0 = d0 + DAY / 2;
    ctx.state.set_now(t0);
    let mut admin = set_up_site(&ctx).await;
    // The day the timeline, a document and a forum meeting come out.
    let r = upload(
        &mut admin,
        "pan.pdf",
        b"%PDF-1.4 plan",
        "Plan d'action 2024-2026",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let meeting = [
        ("held_on", ymd(t0)),
        ("place", "Abidjan, Plateau".into()),
        ("participants_admin", "11".into()),
        ("participants_civil", "8".into()),
        ("participants_private", "3".into()),
        ("agenda", "Calendrier".into()),
        ("minutes_document", String::new()),
    ];
    let meeting: Vec<(&str, &str)> = meeting.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.submit("/admin/forum", "/admin/forum", &meeting).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (opens, closes) = (ymd(d0 + 20 * DAY), ymd(d0 + 50 * DAY));
    let phase = [
        ("kind", "contributions"),
        ("title", "Dépôt des propositions"),
        ("place", ""),
        ("starts_on", opens.as_str()),
        ("ends_on", closes.as_str()),
        ("description", ""),
    ];
    let r = admin
        .submit("/admin/calendrier", "/admin/calendrier", &phase)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = admin
        .submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The consultation of the record opens 20 days later and closes at the end of day 50.
    let r = admin
        .submit(
            "/admin/consultations/nouvelle",
            "/admin/consultations/nouvelle",
            &[
                ("title", "Engagements 2027"),
                ("description", "Vos propositions d'engagements."),
                ("opens_on", opens.as_str()),
                ("closes_on", closes.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let b_id = count(&ctx, "SELECT max(id) FROM consultations");
    let b_str = b_id.to_string();
    // Meanwhile the first consultation gets one proposal: not this record's.
    let mut other = browser(&ctx).await;
    file_in(&ctx, "Pour l'autre consultation", "abidjan", &mut other).await;
    // Two workshops during the consultation; the second never enters its attendance.
    for (name, zone, day) in [
        ("Atelier de Gagnoa", "goh", 21),
        ("Atelier de Korhogo", "poro", 22),
    ] {
        let held = ymd(d0 + day * DAY);
        let r = admin
            .submit(
                "/admin/ateliers",
                "/admin/ateliers",
                &[
                    ("name", name),
                    ("place", ""),
                    ("zone", zone),
                    ("held_on", held.as_str()),
                    ("facilitators", "Awa"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let w1 = count(&ctx, "SELECT id FROM workshops WHERE zone = 'goh'");

    // Day 20, noon: the consultation is open. Four people online.
    let t1 = d0 + 20 * DAY + DAY / 2;
    ctx.state.set_now(t1);
    sign_in_again(&mut admin).await;
    let mut online = Vec::new();
    for (title, zone, who) in [
        ("Éclairer les marchés d'Abobo", "abidjan", "citoyen"),
        ("Des bancs à Yopougon", "abidjan", "osc"),
        ("Un forage à Bouaké", "gbeke", "citoyen"),
        ("Achetez nos panneaux", "gbeke", "citoyen"),
    ] {
        let mut b = browser(&ctx).await;
        let mut fields = proposal_fields(title, "Un problème observé.");
        fields.retain(|(k, _)| !matches!(*k, "zone" | "contributor_type"));
        fields.extend([
            ("zone", zone),
            ("contributor_type", who),
            ("consultation", b_str.as_str()),
        ]);
        let r = propose(&ctx, &mut b, &fields, 30).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        online.push(b);
    }
    // The workshop in Gagnoa: two phones on its hotspot, two paper forms typed in.
    let r = admin
        .submit(
            "/admin/ateliers",
            &format!("/admin/ateliers/{w1}/en-cours"),
            &[("action", "demarrer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for title in ["Une école à Gagnoa", "Un dispensaire à Oumé"] {
        let mut phone = browser(&ctx).await;
        let mut fields = proposal_fields(title, "Trop loin.");
        fields.retain(|(k, _)| *k != "zone");
        fields.extend([("zone", "goh"), ("consultation", b_str.as_str())]);
        let r = propose(&ctx, &mut phone, &fields, 30).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    let entry = format!("/admin/ateliers/{w1}/saisie");
    for (n, title) in [("1", "Fiche : une route"), ("2", "Fiche : un marché")] {
        let mut fields = proposal_fields(title, "Écrit à la main.");
        fields.retain(|(k, _)| *k != "zone");
        fields.extend([("zone", "goh"), ("paper_number", n)]);
        let r = fac.submit(&entry, &entry, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = admin
        .submit(
            "/admin/ateliers",
            &format!("/admin/ateliers/{w1}/en-cours"),
            &[("action", "arreter")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The facilitator counts who came. A typing mistake is refused, what was typed kept.
    let presences = format!("/admin/ateliers/{w1}/presences");
    let r = fac
        .submit(
            &presences,
            &presences,
            &[("femmes_citoyen", "6"), ("hommes_citoyen", "quatre")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"quatre\"") && r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("Tapez un nombre entier de personnes"));
    assert_eq!(
        count(
            &ctx,
            &format!("SELECT length(attendance) FROM workshops WHERE id = {w1}")
        ),
        0
    );
    let r = fac
        .submit(
            &presences,
            &presences,
            &[
                ("femmes_citoyen", "6"),
                ("hommes_citoyen", "4"),
                ("femmes_osc", "1"),
                ("hommes_osc", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = fac.get(r.location()).await.body;
    assert!(saved.contains("Présences enregistrées"), "{saved}");
    assert!(
        fac.get("/admin/ateliers")
            .await
            .body
            .contains("Présences\u{a0}: 11 (7 femmes, 4 hommes).")
    );

    // A day later the moderator decides: the advertisement is set aside, the rest published.
    ctx.state.set_now(t1 + DAY);
    sign_in_again(&mut admin).await;
    let ad = count(
        &ctx,
        "SELECT id FROM proposals WHERE title = 'Achetez nos panneaux'",
    );
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{ad}/rejeter"),
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    approve_all(&ctx, &mut admin).await;
    let reference = |title: &str| {
        ctx.state
            .db
            .read(|c| {
                Ok::<String, palabre::db::DbError>(c.query_row(
                    "SELECT reference FROM proposals WHERE title = ?1",
                    [title],
                    |r| r.get(0),
                )?)
            })
            .unwrap()
    };
    // Two days after filing, the first author comes back and comments; someone supports.
    ctx.state.set_now(t1 + 2 * DAY);
    let bancs = reference("Des bancs à Yopougon");
    let comment_id = comment(&ctx, &mut online[0], &bancs, "Et à Abobo aussi.").await;
    let mut supporter = browser(&ctx).await;
    support_as(&mut supporter, "participant-cccccccccccccccccccc", &bancs).await;
    ctx.state.set_now(t1 + 2 * DAY + DAY / 2);
    sign_in_again(&mut admin).await;
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/commentaires/{comment_id}/approuver"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Three days after filing, two answers.
    ctx.state.set_now(t1 + 3 * DAY);
    sign_in_again(&mut admin).await;
    for (title, status, answer, commitment) in [
        (
            "Éclairer les marchés d'Abobo",
            "retenue",
            "Retenue : les marchés entrent au plan.",
            "Engagement 1 : marchés éclairés",
        ),
        (
            "Fiche : une route",
            "non-retenue",
            "Non retenue : la route est déjà financée.",
            "",
        ),
    ] {
        let p = reference(title);
        let r = admin
            .submit(
                &format!("/admin/propositions/{p}"),
                &format!("/admin/propositions/{p}/reponse"),
                &[
                    ("status", status),
                    ("answer", answer),
                    ("commitment", commitment),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }

    // The record of this consultation, as staff read it.
    let page = admin
        .get(&format!("/admin/bilan?consultation={b_id}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.body.replace("&#39;", "'");
    let has = |s: &str| assert!(text.contains(s), "missing «{s}» in:\n{text}");
    let row = |label: &str, value: &str| has(&format!("{label}</th><td>{value}"));
    // 1. Inputs.
    row("Propositions reçues", "8</td>");
    row("Propositions publiées", "7 sur 8 (87,5\u{202f}%)");
    row("Propositions en attente de relecture", "0</td>");
    row("publicité ou spam", "1 sur 8 (12,5\u{202f}%)");
    row("Commentaires reçus", "1</td>");
    row("Commentaires publiés", "1 sur 1 (100,0\u{202f}%)");
    row("Commentaires non publiés", "0 sur 1 (0,0\u{202f}%)");
    // 2. Reach: Abidjan 2, Vallée du Bandama 1 (the advertisement does not count), Gôh 4.
    row("Abidjan", "2</td>");
    row("Vallée du Bandama", "1</td>");
    row(
        "Gôh-Djiboua",
        "4</td><td>2\u{202f}088\u{202f}440 <span class=\"small-numbers\">non vérifié</span></td><td>0,2 <span class=\"small-numbers\">petits nombres</span></td>",
    );
    has("Chiffres de population vérifiés\u{a0}: 0 sur 13.");
    // 3. Coverage.
    row(
        "Régions et districts autonomes avec au moins une proposition",
        "3 sur 33 (9,1\u{202f}%)",
    );
    row(
        "Propositions localisées venues hors d'Abidjan",
        "5 sur 7 (71,4\u{202f}%)",
    );
    // 4. Mixes.
    row("En ligne", "3 sur 7 (42,9\u{202f}%)");
    row("Atelier régional", "2 sur 7 (28,6\u{202f}%)");
    row("Formulaire papier", "2 sur 7 (28,6\u{202f}%)");
    row("Citoyenne ou citoyen", "6 sur 7 (85,7\u{202f}%)");
    row("Français", "7 sur 7 (100,0\u{202f}%)");
    // 5. Workshops.
    row("Ateliers tenus", "2</td>");
    row(
        "Régions et districts autonomes où un atelier s'est tenu",
        "2 sur 33 (6,1\u{202f}%)",
    );
    row(
        "Ateliers dont les présences sont saisies",
        "1 sur 2 (50,0\u{202f}%)",
    );
    row(
        "Personnes présentes (comptées par les animateurs)",
        "11</td>",
    );
    row(
        "Femmes parmi les personnes présentes",
        "7 sur 11 (63,6\u{202f}%)",
    );
    row("Propositions faites en atelier", "4 sur 7 (57,1\u{202f}%)");
    row("Propositions par atelier", "2,0</td>");
    row(
        "Propositions d'atelier sur fiche papier",
        "2 sur 4 (50,0\u{202f}%)",
    );
    has("<td>11 (7 femmes, 4 hommes)</td><td>4 <span class=\"hint\">dont 2 sur papier</span>");
    has("<td>non saisies</td><td>0</td>");
    // 6. Moderation: a day for the proposals, half a day for the comment.
    row(
        "Délai de relecture des propositions, depuis le dépôt (ou la saisie d'une fiche papier)",
        "médiane 1,0\u{a0}j, 90\u{202f}% en 1,0\u{a0}j au plus (sur 8)",
    );
    row(
        "Délai de relecture des commentaires",
        "médiane 0,5\u{a0}j, 90\u{202f}% en 0,5\u{a0}j au plus (sur 1)",
    );
    // 7. Answers: two, three days after filing.
    row(
        "Propositions publiées avec une décision et sa raison",
        "2 sur 7 (28,6\u{202f}%)",
    );
    row(
        "Délai de réponse, depuis le dépôt",
        "médiane 3,0\u{a0}j, 90\u{202f}% en 3,0\u{a0}j au plus (sur 2)",
    );
    // 8. All five outcomes, zeros included.
    row("Retenue", "1 sur 7 (14,3\u{202f}%)");
    row("Retenue en partie", "0 sur 7 (0,0\u{202f}%)");
    row("Fusionnée", "0 sur 7 (0,0\u{202f}%)");
    row("Non retenue", "1 sur 7 (14,3\u{202f}%)");
    row("Hors champ", "0 sur 7 (0,0\u{202f}%)");
    row("Engagements nourris par au moins une proposition", "1</td>");
    // 9. Dialogue.
    row(
        "Propositions publiées avec au moins un commentaire publié",
        "1 sur 7 (14,3\u{202f}%)",
    );
    row("Commentaires publiés par proposition publiée", "0,1</td>");
    row("Soutiens par proposition publiée", "0,1</td>");
    // 10. Devices: three browsers online, two phones, one supporter; the first came back.
    row("Appareils distincts qui ont participé", "6</td>");
    row("Appareils revenus un autre jour", "1 sur 6 (16,7\u{202f}%)");
    row(
        "Contributions (propositions, commentaires, soutiens) venues d'un appareil reconnu",
        "7 sur 9 (77,8\u{202f}%)",
    );
    // 11. Timeline published 19.5 days before the opening; open day 20 to day 50 included.
    row(
        "Préavis du calendrier avant l'ouverture",
        "19\u{a0}jours <span class=\"small-numbers\">au moins 14\u{a0}jours\u{a0}: conforme</span>",
    );
    row("Durée d'ouverture", "31\u{a0}jours</td>");
    // 12. One forum meeting, 23 days ago; the document added the same day.
    row(
        "Réunions du forum dans les six derniers mois",
        "1 <span class=\"small-numbers\">conforme</span>",
    );
    row("Depuis la dernière réunion du forum", "23\u{a0}jours</td>");
    row(
        "Depuis le dernier document ajouté à la bibliothèque",
        "23\u{a0}jours</td>",
    );
    // The other consultation's proposal counts only in the record of all of them.
    let all = admin.get("/admin/bilan").await.body;
    assert!(all.contains("Propositions reçues</th><td>9</td>"), "{all}");

    // The same figures as open data; people counted under 5 never show.
    let json = admin
        .get(&format!("/donnees/bilan.json?consultation={b_id}"))
        .await;
    assert_eq!(json.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["consultation"]["title"], "Engagements 2027");
    let items = v["indicators"].as_array().unwrap();
    let find = |code: &str, category: Option<&str>| -> &serde_json::Value {
        items
            .iter()
            .find(|i| i["code"] == code && i["category"].as_str() == category)
            .unwrap_or_else(|| panic!("no {code} {category:?} in {}", json.body))
    };
    let null = serde_json::Value::Null;
    let gagnoa = format!("Atelier de Gagnoa ({})", ymd(d0 + 21 * DAY));
    let korhogo = format!("Atelier de Korhogo ({})", ymd(d0 + 22 * DAY));
    let expect: Vec<(&str, Option<&str>, serde_json::Value, Option<u64>)> = vec![
        // 1. Inputs (nobody gave priorities in this consultation).
        ("priority_participants", None, 0.into(), None),
        ("sms_received", None, 0.into(), None),
        ("answers_delivered_by_sms", None, 0.into(), None),
        ("priority_counted_in_workshops", None, 0.into(), None),
        ("proposals_received", None, 8.into(), None),
        ("proposals_published", None, 7.into(), Some(8)),
        ("proposals_waiting", None, 0.into(), None),
        ("proposals_withheld", None, 1.into(), Some(8)),
        (
            "proposals_withheld_by_reason",
            Some("publicite"),
            1.into(),
            Some(8),
        ),
        ("comments_received", None, 1.into(), None),
        ("comments_published", None, 1.into(), Some(1)),
        ("comments_withheld", None, 0.into(), Some(1)),
        // 2. Reach: 1 to 4 contributions show neither the count nor the rate.
        ("district_contributions", Some("Abidjan"), "<5".into(), None),
        ("district_per_100k", Some("Abidjan"), null.clone(), None),
        (
            "district_population",
            Some("Abidjan"),
            6_321_017.into(),
            None,
        ),
        ("district_contributions", Some("Lacs"), 0.into(), None),
        ("district_per_100k", Some("Lacs"), 0.0.into(), None),
        ("outside_rates", Some("national"), 0.into(), Some(0)),
        ("outside_rates", Some("diaspora"), 0.into(), Some(0)),
        ("populations_verified", None, 0.into(), Some(13)),
        // 3. Coverage: Abidjan (2) would be the base minus the count: withheld.
        ("zones_covered", None, 3.into(), Some(33)),
        ("outside_abidjan", None, null.clone(), Some(7)),
        // 4. Mixes: online 3, workshop 2, paper 2 grouped; osc alone (1) takes citizens
        // (6) with it; French 7 shows.
        ("by_channel", Some("others"), 7.into(), Some(7)),
        ("by_contributor_type", Some("others"), 7.into(), Some(7)),
        ("by_language", Some("fr"), 7.into(), Some(7)),
        // 5. Workshops: women 7 of 11, but the 4 men would show: withheld.
        ("workshops_held", None, 2.into(), None),
        ("workshop_zones", None, 2.into(), Some(33)),
        ("attendance_entered", None, 1.into(), Some(2)),
        ("attendance_total", None, 11.into(), None),
        ("attendance_women", None, null.clone(), Some(11)),
        (
            "attendance_by_category",
            Some("others"),
            11.into(),
            Some(11),
        ),
        ("proposals_from_workshops", None, 4.into(), Some(7)),
        ("proposals_per_workshop", None, 2.0.into(), None),
        ("workshop_proposals_on_paper", None, 2.into(), Some(4)),
        (
            "workshop_attendance",
            Some(gagnoa.as_str()),
            11.into(),
            None,
        ),
        // Not entered yet: nothing to measure, not zero people.
        (
            "workshop_attendance",
            Some(korhogo.as_str()),
            serde_json::Value::Null,
            None,
        ),
        ("workshop_proposals", Some(gagnoa.as_str()), 4.into(), None),
        ("workshop_proposals", Some(korhogo.as_str()), 0.into(), None),
        // 6. Moderation.
        ("moderation_delay_median_days", None, 1.0.into(), Some(8)),
        ("moderation_delay_p90_days", None, 1.0.into(), Some(8)),
        (
            "comment_moderation_delay_median_days",
            None,
            0.5.into(),
            Some(1),
        ),
        (
            "comment_moderation_delay_p90_days",
            None,
            0.5.into(),
            Some(1),
        ),
        ("withheld_rate", None, 1.into(), Some(8)),
        // 7. Answers.
        ("answered", None, 2.into(), Some(7)),
        ("answer_delay_median_days", None, 3.0.into(), Some(2)),
        ("answer_delay_p90_days", None, 3.0.into(), Some(2)),
        // 8. Outcomes, all five.
        ("outcome", Some("retenue"), 1.into(), Some(7)),
        ("outcome", Some("retenue-en-partie"), 0.into(), Some(7)),
        ("outcome", Some("fusionnee"), 0.into(), Some(7)),
        ("outcome", Some("non-retenue"), 1.into(), Some(7)),
        ("outcome", Some("hors-champ"), 0.into(), Some(7)),
        ("retained", None, 1.into(), Some(7)),
        ("commitments_with_contributions", None, 1.into(), None),
        // 9. Dialogue.
        ("proposals_with_comment", None, 1.into(), Some(7)),
        ("comments_per_proposal", None, 0.1.into(), None),
        ("supports_per_proposal", None, 0.1.into(), None),
        // 10. Devices.
        ("distinct_devices", None, 6.into(), None),
        ("devices_returning", None, 1.into(), Some(6)),
        ("contributions_from_known_device", None, 7.into(), Some(9)),
        // 11. Timeline.
        ("timeline_notice_days", None, 19.0.into(), None),
        ("open_days", None, 31.0.into(), None),
        // 12. Forum and library.
        ("forum_meetings_last_6_months", None, 1.into(), None),
        ("days_since_forum_meeting", None, 23.0.into(), None),
        ("days_since_document_added", None, 23.0.into(), None),
    ];
    for (code, category, value, base) in &expect {
        let i = find(code, *category);
        assert_eq!(&i["value"], value, "{code} {category:?}: {i}");
        assert_eq!(i["base"].as_u64(), *base, "{code} {category:?}: {i}");
    }
    // Every indicator of the document is one the test expects a value for, but the
    // districts' rows (13 × 3) and the five outcomes, checked by sample above.
    let sampled = [
        "district_contributions",
        "district_per_100k",
        "district_population",
    ];
    for i in items {
        let code = i["code"].as_str().unwrap_or_default();
        assert!(
            sampled.contains(&code)
                || expect
                    .iter()
                    .any(|(c, k, _, _)| *c == code && *k == i["category"].as_str()),
            "not checked: {i}"
        );
    }
    // Grouped rows show no longer on their own.
    for (code, category) in [
        ("by_contributor_type", "citoyen"),
        ("by_contributor_type", "osc"),
        ("by_channel", "papier"),
        ("attendance_by_category", "citoyen"),
    ] {
        assert!(
            !items
                .iter()
                .any(|i| i["code"] == code && i["category"] == category),
            "{code} {category} shows"
        );
    }
    // No count of people between 1 and 4 anywhere, as a value or as a base.
    for i in items {
        if matches!(
            i["code"].as_str(),
            Some(
                "district_contributions"
                    | "by_channel"
                    | "by_contributor_type"
                    | "by_language"
                    | "attendance_by_category"
                    | "attendance_women"
                    | "workshop_attendance"
                    | "outside_rates"
                    | "outside_abidjan"
            )
        ) {
            assert!(
                !matches!(i["value"].as_u64(), Some(1..=4))
                    && !matches!(i["base"].as_u64(), Some(1..=4)),
                "a small count shows: {i}"
            );
        }
    }
    // The API gives the same document; a wrong consultation is refused in JSON.
    let api = admin
        .get(&format!("/api/v1/record?consultation={b_id}"))
        .await;
    assert_eq!(api.status, StatusCode::OK);
    let a: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(a["indicators"], v["indicators"]);
    assert_eq!(
        admin.get("/api/v1/record?consultation=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        admin.get("/api/v1/record?consultation=999").await.status,
        StatusCode::NOT_FOUND
    );
    // A consultation that does not exist gets the record of all of them, and asking for
    // made-up numbers keeps one counted copy per real scope, no more.
    for n in [999, 1000, 1001] {
        let r = admin
            .get(&format!("/donnees/bilan.json?consultation={n}"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let o: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(o["consultation"].is_null(), "{o}");
    }
    // All of them, and each of the two consultations (the record of all of them counts
    // each, to withhold what one hides).
    assert_eq!(ctx.state.open_record.lock().await.len(), 3);
    // The CSV: one line per indicator, the same values.
    let csv = admin
        .get(&format!("/donnees/bilan.csv?consultation={b_id}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "section,code,category,value,base,percent");
    assert_eq!(lines.len() - 1, items.len());
    // Each line is the JSON's indicator of the same rank, value for value.
    for (line, i) in lines[1..].iter().zip(items) {
        let value = match &i["value"] {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(t) => t.clone(),
            n if n.is_u64() => n.to_string(),
            n => format!("{:.1}", n.as_f64().unwrap()),
        };
        let category = i["category"].as_str().unwrap_or_default();
        let category = if category.contains(',') {
            format!("\"{category}\"")
        } else {
            category.to_string()
        };
        let expected = format!(
            "{},{},{},{},{},{}",
            i["section"],
            i["code"].as_str().unwrap(),
            category,
            value,
            i["base"]
                .as_u64()
                .map(|b| b.to_string())
                .unwrap_or_default(),
            i["percent"]
                .as_f64()
                .map(|p| format!("{p:.1}"))
                .unwrap_or_default(),
        );
        assert_eq!(*line, expected);
    }
    for line in [
        "1,proposals_received,,8,,",
        "1,proposals_published,,7,8,87.5",
        "2,district_contributions,Abidjan,<5,,",
        "2,district_contributions,Lacs,0,,",
        "3,zones_covered,,3,33,9.1",
        "3,outside_abidjan,,,7,",
        "4,by_channel,others,7,7,100.0",
        "5,attendance_women,,,11,",
        "5,attendance_by_category,others,11,11,100.0",
        "5,workshop_proposals_on_paper,,2,4,50.0",
        "6,moderation_delay_median_days,,1.0,8,",
        "7,answer_delay_p90_days,,3.0,2,",
        "8,outcome,retenue-en-partie,0,7,0.0",
        "9,comments_per_proposal,,0.1,,",
        "10,distinct_devices,,6,,",
        "11,timeline_notice_days,,19.0,,",
        "12,days_since_forum_meeting,,23.0,,",
    ] {
        assert!(lines.contains(&line), "missing «{line}» in:\n{}", csv.body);
    }

    // The printout: the same figures, and the lessons-learned page prefilled.
    let print = admin
        .get(&format!("/admin/bilan/imprimer?consultation={b_id}"))
        .await
        .body
        .replace("&#39;", "'");
    assert!(print.contains("Propositions reçues</th><td>8</td>"));
    assert!(print.contains("Retour d'expérience"));
    assert!(
        print.contains("8 propositions reçues, 7 publiées"),
        "{print}"
    );
    assert!(
        print.contains("2 ateliers, 11 personnes présentes, dont 63,6\u{202f}% de femmes."),
        "{print}"
    );

    // Publishing the synthesis freezes the record into the library.
    let r = admin
        .submit("/admin/synthese", "/admin/synthese/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut visitor = browser(&ctx).await;
    let docs = visitor.get("/documents?categorie=syntheses").await.body;
    assert!(docs.contains("Bilan de la consultation au"), "{docs}");
    let href = regex::Regex::new(r#"href="(/documents/[^"/]+/bilan-[^"]+)""#)
        .unwrap()
        .captures(&docs)
        .map(|c| c[1].to_string())
        .expect("a link to the frozen record");
    let frozen = visitor.get(&href).await;
    assert_eq!(frozen.status, StatusCode::OK);
    let (text, info) = pdf_text(&frozen.bytes);
    assert!(info.contains("595.28 x 841.89"), "A4: {info}");
    assert!(text.contains("Propositions reçues 9"), "{text}");
    // Public, it follows the open data's rules: Abidjan's 3 proposals (2 here, 1 in the
    // other consultation) and the mixes' small cells are grouped; each workshop shows its
    // head count only, the categories both sexes together; no lessons-learned page.
    for seen in [
        "Abidjan moins de 5",
        "Autres (regroupés) 8",
        "11 4 dont 2 sur papier",
        "Femmes parmi les personnes présentes non publié (petit nombre)",
    ] {
        assert!(text.contains(seen), "missing «{seen}» in:\n{text}");
    }
    for unseen in ["7 femmes", "Hommes", "Retour d'expérience", " 3 sur 9"] {
        assert!(!text.contains(unseen), "«{unseen}» shows in:\n{text}");
    }
    // A new contribution arrives and is published: the live record moves, the copy does not.
    ctx.state.set_now(t1 + 4 * DAY);
    sign_in_again(&mut admin).await;
    let mut late = browser(&ctx).await;
    let mut fields = proposal_fields("Arrivée après la synthèse", "Tard.");
    fields.push(("consultation", b_str.as_str()));
    let r = propose(&ctx, &mut late, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    approve_all(&ctx, &mut admin).await;
    assert!(
        admin
            .get("/admin/bilan")
            .await
            .body
            .contains("Propositions reçues</th><td>10</td>")
    );
    let again = visitor.get(&href).await;
    assert_eq!(
        again.bytes, frozen.bytes,
        "the published record never changes"
    );
}

/// The issue-30 case: a workshop of one woman in a small category in one consultation, a
/// proposal refused in Woroba. In the open record of each consultation and of all of them,
/// cell by cell: no count of people from 1 to 4, no total minus the shown parts from 1 to
/// 4, no difference between two scopes from 1 to 4, nothing of the refused proposal.
#[actix_web::test]
async fn the_open_record_gives_no_small_count_away_within_or_across_files() {
    use palabre::domain::contribution::{Channel, Moderation, ProposalFiling, Recorded};
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let now = ctx.state.now();
    let day = 86_400;
    let (a, b) = ctx
        .state
        .db
        .write(|c| {
            let a: i64 = c.query_row("SELECT min(id) FROM consultations", [], |r| r.get(0))?;
            c.execute(
                "UPDATE consultations SET opens_at = ?2, closes_at = ?3 WHERE id = ?1",
                rusqlite::params![a, now - 5 * day, now + 20 * day],
            )?;
            let b = db::consultations::insert(
                c,
                "b",
                "Consultation des jeunes",
                now - 60 * day,
                now - 30 * day,
                now,
            )?;
            Ok::<_, db::DbError>((a, b))
        })
        .unwrap();
    let ymd = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .date()
            .to_string()
    };
    let instance = ctx.state.instance_id.clone();
    ctx.state
        .db
        .write(|c| {
            let workshop = |name: &str, held_on: String, attendance: &str| {
                let w = palabre::domain::workshop::NewWorkshop {
                    name: name.into(),
                    place: String::new(),
                    zone: "gbeke".into(),
                    held_on,
                    facilitators: String::new(),
                };
                let id = db::workshops::insert(c, &w, &format!("w-{name}"), &instance, now)?;
                c.execute(
                    "UPDATE workshops SET attendance = ?2, attendance_at = ?3 WHERE id = ?1",
                    rusqlite::params![id, attendance, now],
                )?;
                Ok::<i64, db::DbError>(id)
            };
            let w_a = workshop("Atelier de Bouaké", ymd(now - 2 * day), "citoyen:6:4")?;
            let w_b = workshop("Atelier des jeunes", ymd(now - 40 * day), "osc:1:0")?;
            let mut k = 0;
            let mut file = |consultation: i64,
                            zone: &str,
                            channel: &str,
                            workshop: Option<i64>,
                            moderation: Moderation| {
                k += 1;
                let f = ProposalFiling {
                    uid: format!("p-{k}"),
                    proposal: palabre::domain::proposal::NewProposal {
                        title: format!("Proposition n° {k}"),
                        problem: "Un problème.".into(),
                        solution: "Une solution.".into(),
                        benefit: String::new(),
                        theme: "education".into(),
                        zone: zone.into(),
                        contributor_type: "citoyen".into(),
                        ogp_values: vec![],
                        author_name: String::new(),
                        organisation: String::new(),
                        contact: None,
                        language: "fr".into(),
                    },
                    consultation_id: consultation,
                    channel: Channel::parse(channel).unwrap(),
                    workshop_id: workshop,
                    paper: None,
                    recorded: Recorded::Here,
                    follow_token_hash: palabre::security::sha256(format!("t-{k}").as_bytes()),
                    submission: None,
                    moderation,
                    device: None,
                    created_at: now - day,
                };
                db::proposals::file_proposal(c, &f, &instance)
            };
            for _ in 0..10 {
                file(a, "abidjan", "en_ligne", None, Moderation::Approved)?;
            }
            for _ in 0..5 {
                file(a, "gbeke", "papier", Some(w_a), Moderation::Approved)?;
            }
            for _ in 0..6 {
                file(b, "abidjan", "en_ligne", None, Moderation::Approved)?;
            }
            for _ in 0..2 {
                file(b, "gbeke", "papier", Some(w_b), Moderation::Approved)?;
            }
            file(b, "worodougou", "en_ligne", None, Moderation::Rejected)?;
            Ok::<_, db::DbError>(())
        })
        .unwrap();
    let mut files = Vec::new();
    for scope in [None, Some(a), Some(b)] {
        let path = match scope {
            Some(id) => format!("/donnees/bilan.json?consultation={id}"),
            None => "/donnees/bilan.json".to_string(),
        };
        let r = admin.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        files.push(v["indicators"].as_array().unwrap().clone());
    }
    let people = [
        "district_contributions",
        "outside_rates",
        "outside_abidjan",
        "by_channel",
        "by_contributor_type",
        "by_language",
        "attendance_total",
        "attendance_women",
        "attendance_by_category",
        "workshop_attendance",
    ];
    let small = |v: &serde_json::Value| matches!(v.as_u64(), Some(1..=4));
    let get = |file: &[serde_json::Value], code: &str, cat: &str| {
        file.iter()
            .find(|i| i["code"] == code && i["category"].as_str().unwrap_or_default() == cat)
            .map(|i| i["value"].clone())
    };
    for (f, scope) in files.iter().zip(["all", "A", "B"]) {
        for i in f
            .iter()
            .filter(|i| people.contains(&i["code"].as_str().unwrap()))
        {
            assert!(!small(&i["value"]), "{scope}: a small count shows: {i}");
            assert!(!small(&i["base"]), "{scope}: a small base shows: {i}");
        }
        // The total minus the workshops shown is never a small count.
        if let Some(total) = get(f, "attendance_total", "").and_then(|v| v.as_u64()) {
            let shown: u64 = f
                .iter()
                .filter(|i| i["code"] == "workshop_attendance")
                .filter_map(|i| i["value"].as_u64())
                .sum();
            assert!(
                !matches!(total - shown, 1..=4),
                "{scope}: {total} − {shown}"
            );
        }
        // The proposal refused in Woroba is nowhere.
        if let Some(v) = get(f, "district_contributions", "Woroba") {
            assert_eq!(v, serde_json::json!(0), "{scope}");
        }
    }
    // Across files: all minus one consultation is the other one; never 1 to 4.
    for part in &files[1..] {
        for i in files[0]
            .iter()
            .filter(|i| people.contains(&i["code"].as_str().unwrap()))
        {
            let cat = i["category"].as_str().unwrap_or_default();
            let code = i["code"].as_str().unwrap();
            if let (Some(all), Some(one)) = (
                i["value"].as_u64(),
                get(part, code, cat).and_then(|v| v.as_u64()),
            ) {
                assert!(
                    !matches!(all - one, 1..=4),
                    "{code} {cat}: all {all}, one consultation {one}"
                );
            }
        }
    }
    // What the case was about: 11 people in all, 10 at Bouaké; the one woman of the
    // youth consultation's workshop is not a number anywhere.
    assert_eq!(
        get(&files[1], "attendance_total", ""),
        Some(serde_json::json!(10))
    );
    assert_eq!(
        get(&files[2], "attendance_total", ""),
        Some(serde_json::json!("<5"))
    );
    assert_eq!(
        get(&files[0], "attendance_total", ""),
        Some(serde_json::Value::Null)
    );
}
