//! Contacts erased, staff search, no 5xx for any input, form stamps, locks and limits, the logo, own passwords.

use super::*;

/// Staff find a proposal by its words or its reference, pending ones included.
#[actix_web::test]
async fn staff_search_the_proposals_by_words_or_reference() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Route de Sakassou", "Pistes de Béoumi"]).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Forage à Sakassou", "Pas d'eau"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let titles = |html: &str| -> Vec<String> {
        regex::Regex::new(r#"href="/admin/propositions/P-\d+">(P-\d+) — ([^<]+)<"#)
            .unwrap()
            .captures_iter(html)
            .map(|c| format!("{} {}", &c[1], &c[2]))
            .collect()
    };
    let page = admin.get("/admin/propositions?q=sakassou").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"name="q" value="sakassou""#),
        "the search stays typed"
    );
    assert_eq!(
        titles(&page.body),
        ["P-0001 Route de Sakassou", "P-0003 Forage à Sakassou"]
    );
    let page = admin.get("/admin/propositions?q=p-2").await;
    assert_eq!(titles(&page.body), ["P-0002 Pistes de Béoumi"]);
    let page = admin.get("/admin/propositions?q=beoumi&statut=recue").await;
    assert_eq!(
        titles(&page.body),
        ["P-0002 Pistes de Béoumi"],
        "accents folded, filters kept"
    );
    let page = admin.get("/admin/propositions?q=%22%29%28*").await;
    assert_eq!(page.status, StatusCode::OK, "odd input is just no match");
}

/// The OGP asks for the timeline two weeks before contributions open. Setup can open in two
/// weeks; a site that opened at once can state why its timeline came late, and the dashboard
/// warning then gives way to that reason, which the synthesis reports.
#[actix_web::test]
async fn the_short_notice_warning_can_be_cleared() {
    // Opening in 14 days: publish the timeline today and nothing is to fix.
    let ctx = state();
    let mut admin = browser(&ctx).await;
    let path = format!("/installation/{}", ctx.state.setup_token().unwrap());
    let page = admin.get(&path).await.body;
    assert!(
        regex::Regex::new(r#"id="opening-now"[^>]*checked"#)
            .unwrap()
            .is_match(&page)
            && page.contains("Dans 14 jours"),
        "{page}"
    );
    let mut fields = setup_fields(PASSWORD);
    fields.push(("opening", "notice"));
    let r = admin.submit(&path, &path, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Setup reads the clock itself: a second may pass before this line.
    let opens = count(&ctx, "SELECT opens_at FROM consultations");
    let notice = opens - ctx.state.now();
    assert!(
        (14 * 86_400 - 2..=14 * 86_400).contains(&notice),
        "contributions open {notice} s after setup"
    );
    admin
        .submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    let dash = admin.get("/admin").await.body;
    assert!(!dash.contains("moins de 14 jours"), "{dash}");

    // Opening at once (the default): the warning says how to clear it, and it can be cleared.
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin
        .submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    let dash = admin.get("/admin").await.body;
    assert!(
        dash.contains("moins de 14 jours")
            && dash.contains(r#"href="/admin/consultations""#)
            && dash.contains(r#"href="/admin/calendrier/retard""#),
        "{dash}"
    );
    let r = admin
        .submit(
            "/admin/calendrier/retard",
            "/admin/calendrier/retard",
            &[("reason", "   ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Écrivez la raison du retard"));
    let reason = "Calendrier validé par le comité de pilotage le 2 mars seulement";
    let r = admin
        .submit(
            "/admin/calendrier/retard",
            "/admin/calendrier/retard",
            &[("reason", reason)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let dash = admin.get(r.location()).await.body;
    assert!(dash.contains("Raison enregistrée") && !dash.contains("moins de 14 jours"));
    let report = admin.get("/admin/synthese").await.body;
    assert!(report.contains(reason), "the synthesis reports the reason");
    // Only admins state it.
    admin.add_staff("modo", "moderator").await;
    let mut m = browser(&ctx).await;
    m.sign_in("modo").await;
    assert_eq!(
        m.get("/admin/calendrier/retard").await.status,
        StatusCode::FORBIDDEN
    );
}

/// Control characters, invalid UTF-8, odd encodings and outside addresses, in every query
/// parameter and form field: never a server error, and never a redirect off the site.
#[actix_web::test]
async fn no_input_gets_a_server_error_or_an_outside_redirect() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Route de Sakassou"]).await;
    // A correct sign-in that was asked to go elsewhere stays on the site.
    for retour in [
        "/\t/evil.example/",
        "/\t\\evil.example/",
        "//evil.example",
        "/\\evil",
    ] {
        let mut b = browser(&ctx).await;
        let r = b
            .submit(
                "/admin/connexion",
                "/admin/connexion",
                &[
                    ("login", "awa.kone"),
                    ("password", PASSWORD),
                    ("retour", retour),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), "/admin", "{retour:?}");
    }
    let corpus = [
        "%00",
        "%01",
        "%08",
        "%09",
        "%0B",
        "%0D%0A",
        "%7F",
        "%FF",
        "%C3%28",
        "%E2%80%AE",
        "%ED%A0%80",
        "%F0%9F%98%80",
        "%25",
        "%",
        "%zz",
        "..%2F..%2Fetc",
        "/%09/evil.example/",
        "/%09%5Cevil.example/",
        "/%5C%5Cevil.example",
        "//evil.example",
        "https:%2F%2Fevil.example",
        "%2F%0Aevil",
        "-1",
        "99999999999999999999",
        "0x10",
    ];
    let params = [
        "retour",
        "q",
        "theme",
        "zone",
        "statut",
        "tri",
        "page",
        "consultation",
        "categorie",
        "langue",
        "atelier",
        "adresse",
        "wifi",
        "separateur",
        "reference",
        "fait",
        "cree",
    ];
    let gets = [
        "/",
        "/propositions",
        "/propositions/P-0001",
        "/propositions/nouvelle",
        "/documents",
        "/langue/en",
        "/langue/fr",
        "/admin/connexion",
        "/admin",
        "/admin/propositions",
        "/admin/journal",
        "/admin/ateliers/fiche",
        "/admin/affiche",
        "/admin/exports/propositions.csv",
        "/donnees/propositions.json",
        "/api/v1/propositions",
        "/suivi/abc",
        "/kiosque/merci",
        "/calendrier",
        "/admin/pgo",
        "/admin/documents",
        "/admin/comptes",
    ];
    let local = |location: &str| {
        location.bytes().all(|b| b.is_ascii_graphic())
            && !location.contains('\\')
            && ((location.starts_with('/') && !location.starts_with("//"))
                || location.starts_with("http://localhost:8080/"))
    };
    let mut requests = 0;
    for path in gets {
        for p in params {
            for v in corpus {
                let uri = format!("{path}?{p}={v}");
                let r = admin.get(&uri).await;
                requests += 1;
                assert!(
                    r.status.as_u16() < 500,
                    "GET {uri}: {}\n{}",
                    r.status,
                    r.body
                );
                if let Some(l) = r.headers.get("location") {
                    let l = l.to_str().unwrap_or("\u{0}");
                    assert!(local(l), "GET {uri} sends to {l:?}");
                }
            }
        }
    }
    // Forms: each field in turn gets each value of the corpus.
    let page = admin.get("/propositions/nouvelle").await.body;
    let token = csrf_from(&page);
    let forms: [(&str, &[(&str, &str)]); 4] = [
        (
            "/admin/connexion",
            &[
                ("login", "awa.kone"),
                ("password", "x"),
                ("retour", "/admin"),
            ],
        ),
        (
            "/propositions/nouvelle",
            &[
                ("title", "Un titre"),
                ("problem", "Un problème"),
                ("solution", "Une solution"),
                ("theme", "sante"),
                ("zone", "gbeke"),
                ("contributor_type", "citoyen"),
                ("language", "fr"),
                ("form_ts", "1"),
                ("submission", "abc"),
            ],
        ),
        (
            "/propositions/P-0001/commentaires",
            &[("body", "Oui"), ("author_name", ""), ("form_ts", "1")],
        ),
        (
            "/admin/reglages",
            &[
                ("moderation_mode", "a_priori"),
                ("upload_max_mb", "10"),
                ("report_threshold", "3"),
                ("reference_code", "P"),
                ("public_address", ""),
            ],
        ),
    ];
    for (action, fields) in forms {
        for (i, _) in fields.iter().enumerate() {
            for v in corpus {
                let mut body = format!("csrf_token={token}");
                for (j, (k, default)) in fields.iter().enumerate() {
                    let value = if i == j {
                        v.to_string()
                    } else {
                        serde_urlencoded::to_string([("", default)]).unwrap()[1..].to_string()
                    };
                    body.push_str(&format!("&{k}={value}"));
                }
                let r = admin
                    .send(
                        TestRequest::with_uri(action)
                            .method(Method::POST)
                            .insert_header(("content-type", "application/x-www-form-urlencoded"))
                            .insert_header(("origin", "http://localhost:8080"))
                            .set_payload(body.clone()),
                    )
                    .await;
                requests += 1;
                assert!(
                    r.status.as_u16() < 500,
                    "POST {action} {body}: {}\n{}",
                    r.status,
                    r.body
                );
                if let Some(l) = r.headers.get("location") {
                    let l = l.to_str().unwrap_or("\u{0}");
                    assert!(local(l), "POST {action} {body} sends to {l:?}");
                }
            }
        }
    }
    assert!(requests > 9_000, "{requests} requests");
}

/// Hardening: staff pages are never cached, the CSRF cookie changes at sign-in, a direct
/// client cannot claim HTTPS with a forwarded header, direction overrides never reach a title.
#[actix_web::test]
async fn staff_pages_are_not_kept_and_sign_in_renews_the_form_cookie() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    for path in [
        "/admin",
        "/admin/propositions",
        "/admin/moderation",
        "/admin/reglages",
        "/admin/journal",
        "/admin/resultats",
        "/admin/synthese",
        "/admin/logo",
        "/admin/ateliers",
        "/admin/connexion",
    ] {
        let r = admin.get(path).await;
        assert_eq!(
            r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
    }
    admin.add_staff("modo", "moderator").await;
    let mut b = browser(&ctx).await;
    let page = b.get("/admin/connexion").await.body;
    let before = b
        .cookies
        .get("palabre_csrf")
        .cloned()
        .expect("a CSRF cookie");
    let token = csrf_from(&page);
    let r = b
        .send(
            TestRequest::with_uri("/admin/connexion")
                .method(Method::POST)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("origin", "http://localhost:8080"))
                .insert_header(("x-forwarded-proto", "https"))
                .set_payload(format!(
                    "csrf_token={token}&login=modo&password={STAFF_PASSWORD}&retour="
                )),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = b
        .cookies
        .get("palabre_csrf")
        .cloned()
        .expect("a CSRF cookie");
    assert_ne!(before, after, "the CSRF cookie outlives the sign-in");
    let session = r
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("palabre_session="))
        .expect("a session cookie")
        .to_string();
    assert!(
        !session.contains("Secure"),
        "a direct client's X-Forwarded-Proto was trusted: {session}"
    );
    // The old token no longer passes.
    let r = b
        .post("/admin/deconnexion", &[("csrf_token", token.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A title with a direction override is stored without it.
    let mut v = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut v,
        &proposal_fields("Route \u{202E}exe.txt de Sakassou", "Un problème"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored: String = ctx
        .state
        .db
        .read(|c| {
            Ok::<String, db::DbError>(c.query_row("SELECT title FROM proposals", [], |r| r.get(0))?)
        })
        .unwrap();
    assert_eq!(stored, "Route exe.txt de Sakassou");
}

/// The anti-robot stamp lets one contribution through: posted again with other submission ids
/// it is refused (what was typed stays), and a burst files nothing more.
#[actix_web::test]
async fn a_form_stamp_works_once() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let page = b.get("/propositions/nouvelle").await.body;
    let field =
        |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
    let (token, stamp, submission) = (csrf_from(&page), field("form_ts"), field("submission"));
    ctx.state.set_now(ctx.state.now() + 30);
    let post = |submission: String, title: String| {
        let mut fields: Vec<(String, String)> = proposal_fields("", "Un problème")
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        fields.retain(|(k, _)| k != "title");
        fields.extend([
            ("title".to_string(), title),
            ("csrf_token".to_string(), token.clone()),
            ("form_ts".to_string(), stamp.clone()),
            ("submission".to_string(), submission),
            ("consultation".to_string(), "1".to_string()),
        ]);
        fields
    };
    let first = post(submission, "La première".into());
    let refs: Vec<(&str, &str)> = first
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = b.post("/propositions/nouvelle", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for n in 0..150 {
        let other = post(
            format!("forged-{n:04}-xxxxxxxxxxxxxxxxxxxx"),
            format!("Rafale {n}"),
        );
        let refs: Vec<(&str, &str)> = other
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = b.post("/propositions/nouvelle", &refs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "burst {n}");
        if n == 0 {
            assert!(
                r.body.contains("value=\"Rafale 0\""),
                "the text typed is kept"
            );
        }
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
}

/// A script that drops its participant cookie to look like many people draws on a small
/// allowance of its own: a genuine newcomer on the same network address (who got a cookie
/// with the form) still gets their proposal in after the script sent 150.
#[actix_web::test]
async fn a_script_without_cookies_cannot_silence_its_address() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut script = browser(&ctx).await;
    let mut refused = 0;
    for n in 0..150 {
        let page = script.get("/propositions/nouvelle").await.body;
        script.cookies.remove("palabre_participant");
        let field =
            |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
        let (token, stamp, submission) = (csrf_from(&page), field("form_ts"), field("submission"));
        ctx.state.set_now(ctx.state.now() + 10);
        let title = format!("Rafale {n}");
        let mut fields = proposal_fields(&title, "Un problème");
        fields.extend([
            ("csrf_token", token.as_str()),
            ("form_ts", stamp.as_str()),
            ("submission", submission.as_str()),
            ("consultation", "1"),
        ]);
        let r = script.post("/propositions/nouvelle", &fields).await;
        script.cookies.remove("palabre_participant");
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        } else {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        // The clock of the whole burst stays within the hour of the limits.
        ctx.state.set_now(ctx.state.now() - 10);
    }
    assert_eq!(
        refused,
        120,
        "a script without cookies got {} proposals in",
        150 - refused
    );
    let mut newcomer = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut newcomer,
        &proposal_fields("Un vrai participant", "Un problème réel"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// A script that invents a new participant cookie for each post (any string passed for a
/// participant before cookies were signed) is a new visitor each time: it draws on the small
/// allowance of visitors without a cookie, and a genuine neighbour on the same address (a
/// workshop hotspot, a mobile network) still gets their proposal in.
#[actix_web::test]
async fn made_up_participant_cookies_do_not_spend_a_shared_address() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut neighbour = browser(&ctx).await;
    let page = neighbour.get("/propositions/nouvelle").await.body;
    assert!(neighbour.cookies.contains_key("palabre_participant"));
    let mut script = browser(&ctx).await;
    let mut accepted = 0;
    for n in 0..40 {
        let page = script.get("/propositions/nouvelle").await.body;
        let field =
            |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
        let (token, stamp, submission) = (csrf_from(&page), field("form_ts"), field("submission"));
        // A fresh, well-formed but made-up participant for every post.
        script.cookies.insert(
            "palabre_participant".into(),
            format!("invente-{n:04}-aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbb"),
        );
        ctx.state.set_now(ctx.state.now() + 10);
        let title = format!("Rafale {n}");
        let mut fields = proposal_fields(&title, "Un problème");
        fields.extend([
            ("csrf_token", token.as_str()),
            ("form_ts", stamp.as_str()),
            ("submission", submission.as_str()),
            ("consultation", "1"),
        ]);
        let r = script.post("/propositions/nouvelle", &fields).await;
        if r.status == StatusCode::SEE_OTHER {
            accepted += 1;
        } else {
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        }
        ctx.state.set_now(ctx.state.now() - 10);
    }
    assert_eq!(
        accepted, 30,
        "made-up participants got {accepted} proposals in"
    );
    // The neighbour, with the cookie the site signed, sends the form shown before the burst.
    let field =
        |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
    let (token, stamp, submission) = (csrf_from(&page), field("form_ts"), field("submission"));
    ctx.state.set_now(ctx.state.now() + 30);
    let mut fields = proposal_fields("Un vrai participant", "Un problème réel");
    fields.extend([
        ("csrf_token", token.as_str()),
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
        ("consultation", "1"),
    ]);
    let r = neighbour.post("/propositions/nouvelle", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// One form, one contribution, whoever posts it: the same stamp and submission id sent with
/// a new (genuinely signed) participant each time files one proposal and one comment; the
/// others are refused with what was typed kept, in a fresh form.
#[actix_web::test]
async fn a_form_stamp_lets_one_contribution_through_whoever_posts_it() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut script = browser(&ctx).await;
    let page = script.get("/propositions/nouvelle").await.body;
    let field =
        |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
    let (token, stamp, submission) = (csrf_from(&page), field("form_ts"), field("submission"));
    ctx.state.set_now(ctx.state.now() + 10);
    let mut outcomes = Vec::new();
    for n in 0..5 {
        script.be_participant(&format!("participant-signe-{n:02}-xxxxxxxx"));
        let title = format!("Rafale d'un seul formulaire {n}");
        let mut fields = proposal_fields(&title, "Un problème");
        fields.extend([
            ("csrf_token", token.as_str()),
            ("form_ts", stamp.as_str()),
            ("submission", submission.as_str()),
            ("consultation", "1"),
        ]);
        let r = script.post("/propositions/nouvelle", &fields).await;
        if n > 0 {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                r.body
                    .contains("Ce formulaire a déjà servi à un autre envoi"),
                "{}",
                r.body
            );
            assert!(r.body.contains(&title), "what was typed is kept");
            let again = common::hidden_value(&r.body, "submission").unwrap();
            assert_ne!(again, submission, "a fresh form");
        }
        outcomes.push(r.status);
    }
    assert_eq!(outcomes[0], StatusCode::SEE_OTHER);
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
    // The comment form likewise.
    approve_all(&ctx, &mut admin).await;
    let page = script.get("/propositions/P-0001").await.body;
    let field =
        |name: &str| common::hidden_value(&page, name).unwrap_or_else(|| panic!("no {name}"));
    let (token, stamp, submission) = (csrf_from(&page), field("form_ts"), field("submission"));
    ctx.state.set_now(ctx.state.now() + 10);
    for n in 0..4 {
        script.be_participant(&format!("commentateur-signe-{n:02}-xxxxxxx"));
        let r = script
            .post(
                "/propositions/P-0001/commentaires",
                &[
                    ("csrf_token", token.as_str()),
                    ("form_ts", stamp.as_str()),
                    ("submission", submission.as_str()),
                    ("body", "Un avis répété"),
                    ("author_name", ""),
                    ("website", ""),
                ],
            )
            .await;
        let expected = if n == 0 {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(r.status, expected, "{}", r.body);
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM comments"), 1);
}

/// Someone who knows a login can keep its account locked by trying wrong passwords; its
/// owner still gets in with the right password from a browser that signed in before. A
/// browser never seen stays held back.
#[actix_web::test]
async fn a_locked_account_lets_its_owner_in_from_a_known_device() {
    let ctx = state();
    let mut owner = set_up_site(&ctx).await;
    let sign_in = |password: &'static str| [("login", "awa.kone"), ("password", password)];
    // The owner signs in once on this browser, then signs out.
    owner.cookies.remove("palabre_session");
    let r = owner
        .submit("/admin/connexion", "/admin/connexion", &sign_in(PASSWORD))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(owner.cookies.contains_key("palabre_appareil"));
    owner.cookies.remove("palabre_session");
    // Someone else tries five wrong passwords: the account is locked.
    let mut other = browser(&ctx).await;
    for _ in 0..5 {
        other
            .submit(
                "/admin/connexion",
                "/admin/connexion",
                &sign_in("au hasard"),
            )
            .await;
    }
    let r = other
        .submit("/admin/connexion", "/admin/connexion", &sign_in(PASSWORD))
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "an unknown browser got through"
    );
    // A device cookie made up by hand is worth nothing.
    let mut forger = browser(&ctx).await;
    forger
        .cookies
        .insert("palabre_appareil".into(), "inventé".into());
    let r = forger
        .submit("/admin/connexion", "/admin/connexion", &sign_in(PASSWORD))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // The owner's browser gets through with the right password.
    let r = owner
        .submit("/admin/connexion", "/admin/connexion", &sign_in(PASSWORD))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(owner.cookies.contains_key("palabre_session"));
}

/// Each browser gets its own "known device" token, and a password change forgets the
/// others: a browser of the old password is held back like a stranger while the account is
/// locked. An account holds at most five sessions, listed on its page with the browser they
/// came from, and the others can be closed from there.
#[actix_web::test]
async fn devices_are_known_one_by_one_and_sessions_are_capped_and_listed() {
    let ctx = state();
    let mut first = browser(&ctx).await;
    do_setup(&ctx, &mut first).await;
    let sign_in = |password: &'static str| [("login", "awa.kone"), ("password", password)];
    let mut other = browser(&ctx).await;
    other.user_agent = Some(
        "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
            .into(),
    );
    for b in [&mut first, &mut other] {
        b.cookies.remove("palabre_session");
        let r = b
            .submit("/admin/connexion", "/admin/connexion", &sign_in(PASSWORD))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let (a, b) = (
        &first.cookies["palabre_appareil"],
        &other.cookies["palabre_appareil"],
    );
    assert_ne!(a, b, "one token per browser");
    // The password changes on the first browser.
    let new_password = "Baobab-Korhogo-2027-neuf";
    let r = first
        .submit(
            "/admin/mot-de-passe",
            "/admin/mot-de-passe",
            &[
                ("current", PASSWORD),
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Someone locks the account; the first browser still gets in, the other one (known
    // before the change) is held back like any stranger.
    let mut attacker = browser(&ctx).await;
    attacker.peer = "192.0.2.99:40000".into();
    for _ in 0..5 {
        attacker
            .submit(
                "/admin/connexion",
                "/admin/connexion",
                &sign_in("au hasard"),
            )
            .await;
    }
    let with_new = [("login", "awa.kone"), ("password", new_password)];
    other.cookies.remove("palabre_session");
    let r = other
        .submit("/admin/connexion", "/admin/connexion", &with_new)
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the old password's browser"
    );
    first.cookies.remove("palabre_session");
    let r = first
        .submit("/admin/connexion", "/admin/connexion", &with_new)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Seven more sign-ins from seven browsers (lock over): five sessions live at most.
    ctx.state.set_now(ctx.state.now() + 3600);
    let mut phones = Vec::new();
    for k in 0..7 {
        let mut p = browser(&ctx).await;
        p.peer = format!("192.0.2.{}:50000", 20 + k);
        p.user_agent =
            Some("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0".into());
        let r = p
            .submit("/admin/connexion", "/admin/connexion", &with_new)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        ctx.state.set_now(ctx.state.now() + 60);
        phones.push(p);
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM staff_sessions"), 5);
    let mut last = phones.pop().unwrap();
    let page = last.get("/admin/mot-de-passe").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vos sessions ouvertes"), "{}", page.body);
    assert_eq!(
        page.body.matches("Firefox, Linux").count(),
        5,
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("Ce navigateur").count(), 1);
    assert!(page.body.contains("192.0.2.26"));
    // The oldest sign-ins were closed: their browser is sent to the sign-in page.
    let r = phones[0].get("/admin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Closing the others leaves this one.
    let r = last
        .submit("/admin/mot-de-passe", "/admin/mot-de-passe/sessions", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = last.get(r.location()).await;
    assert!(
        page.body.contains("4 autres sessions ont été fermées"),
        "{}",
        page.body
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM staff_sessions"), 1);
    assert_eq!(phones[5].get("/admin").await.status, StatusCode::SEE_OTHER);
}

/// The organisation's logo: a PNG is kept and shown in the header and the synthesis, with an
/// address that changes with it; a file that is not PNG or JPEG is refused with a message;
/// removing it takes it off the pages.
#[actix_web::test]
async fn an_admin_gives_the_organisation_logo() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let send_logo = |data: &[u8]| {
        let boundary = "----palabreLogoBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    };
    let post = |token: &str, ct: String, body: Vec<u8>| {
        TestRequest::with_uri(&format!("/admin/logo?csrf_token={token}"))
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body)
    };
    let token = csrf_from(&admin.get("/admin/logo").await.body);
    let (ct, body) = send_logo(b"<svg onload=alert(1)></svg>");
    let r = admin.send(post(&token, ct, body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("n'est pas une image PNG ou JPEG"),
        "{}",
        r.body
    );
    // Bytes that only look like a PNG: refused, with the message, nothing saved.
    let fake = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7; 100]].concat();
    let (ct, body) = send_logo(&fake);
    let r = admin.send(post(&token, ct, body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("n'est pas une image PNG ou JPEG"),
        "{}",
        r.body
    );
    // A heavy photo-like logo of nearly 300 KB, 800 × 400.
    let mut x: u32 = 11;
    let photo = image::RgbImage::from_fn(800, 400, |_, _| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        image::Rgb([x as u8, (x >> 8) as u8, (x >> 16) as u8])
    });
    let mut jpeg = Vec::new();
    photo
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 50,
        ))
        .unwrap();
    assert!(
        jpeg.len() > 200_000 && jpeg.len() <= 300 * 1024,
        "{}",
        jpeg.len()
    );
    let (ct, body) = send_logo(&jpeg);
    let r = admin.send(post(&token, ct, body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut visitor = browser(&ctx).await;
    let home = visitor.get("/").await.body;
    let src = regex::Regex::new(
        r#"<img class="site-logo" src="(/logo\?v=[0-9a-f]{12})" alt="" height="40" width="80">"#,
    )
    .unwrap()
    .captures(&home)
    .map(|c| c[1].to_string())
    .unwrap_or_else(|| panic!("no logo with its size in the header:\n{home}"));
    assert!(
        home.contains(&format!(
            r#"<meta property="og:image" content="http://localhost:8080{}">"#,
            src.replace('&', "&amp;")
        )),
        "the shared card shows the logo: {home}"
    );
    // What a first visit downloads is small; the upload is kept whole for paper.
    let img = visitor.get(&src).await;
    assert_eq!(img.header("content-type"), "image/jpeg");
    assert!(
        img.bytes.len() < 30_000,
        "{} bytes for the page's logo",
        img.bytes.len()
    );
    let original = visitor.get(&format!("{src}&original=1")).await;
    assert_eq!(original.bytes, jpeg);
    assert!(admin.get("/admin/synthese").await.body.contains(&src));
    let r = admin
        .submit("/admin/logo", "/admin/logo/supprimer", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!admin.get("/").await.body.contains("site-logo"));
    assert_eq!(admin.get("/logo").await.status, StatusCode::NOT_FOUND);
}

/// Who took which data out, and when: each staff export is a line of the journal, with the
/// file's name as people read it.
#[actix_web::test]
async fn staff_exports_are_written_in_the_journal() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let r = admin.get("/admin/exports/propositions.xlsx").await;
    assert_eq!(r.status, StatusCode::OK);
    // The journal names the file the browser saved.
    let saved = r
        .headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split('"').nth(1))
        .unwrap_or_default()
        .to_string();
    assert!(
        saved.starts_with("palabre-propositions-") && saved.ends_with(".xlsx"),
        "{saved}"
    );
    let journal = admin.get("/admin/journal?action=export").await.body;
    assert!(
        journal.contains(&format!("Export\u{a0}: {saved}")),
        "{journal}"
    );
    assert!(!journal.contains("Unknown localization key"), "{journal}");
}

/// Staff change their own password: the current one is asked (wrong guesses count toward the
/// account's lock), the new one twice and never sent back; their other sign-ins end, this
/// one stays open.
#[actix_web::test]
async fn staff_change_their_own_password() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut other = browser(&ctx).await;
    let sign_in = [("login", "awa.kone"), ("password", PASSWORD)];
    let r = other
        .submit("/admin/connexion", "/admin/connexion", &sign_in)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get("/admin")
            .await
            .body
            .contains("href=\"/admin/mot-de-passe\"")
    );
    let page = "/admin/mot-de-passe";
    let new = "Fromager-Korhogo-77";
    let r = admin
        .submit(
            page,
            page,
            &[
                ("current", "pas-le-bon-mot"),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Ce n&#39;est pas votre mot de passe actuel")
            || r.body.contains("Ce n'est pas votre mot de passe actuel"),
        "{}",
        r.body
    );
    assert!(!r.body.contains(new), "a password was sent back");
    let r = admin
        .submit(
            page,
            page,
            &[
                ("current", PASSWORD),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/mot-de-passe?change=1");
    let done = admin.get(r.location()).await;
    assert!(done.body.contains("Votre mot de passe est changé."));
    assert_eq!(admin.get("/admin").await.status, StatusCode::OK);
    assert_ne!(
        other.get("/admin").await.status,
        StatusCode::OK,
        "the other sign-in was not closed"
    );
    let mut third = browser(&ctx).await;
    let r = third
        .submit("/admin/connexion", "/admin/connexion", &sign_in)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "the old password works");
    let r = third
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", new)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the new password fails");
    // Guessing the current password from an open session locks the account's changes.
    let wrong = [
        ("current", "encore-un-essai"),
        ("password", "Iroko-Bondoukou-31"),
        ("password_confirm", "Iroko-Bondoukou-31"),
    ];
    let mut last = StatusCode::OK;
    for _ in 0..5 {
        last = admin.submit(page, page, &wrong).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // While locked, even the right current password changes nothing…
    let r = admin
        .submit(
            page,
            page,
            &[
                ("current", new),
                ("password", "Iroko-Bondoukou-31"),
                ("password_confirm", "Iroko-Bondoukou-31"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Trop de tentatives"), "{}", r.body);
    // …and signing in is not held back by it.
    let mut fourth = browser(&ctx).await;
    let r = fourth
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", new)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the sign-in is locked too");
}

/// A `Host` longer than a domain name is refused at once (400, a page in plain words): pages
/// carry their address, and 400 requests with a 120 KB `Host` raised the memory to 173 MB.
/// A name that is not the site's is refused too (421).
#[actix_web::test]
async fn an_overlong_or_unknown_host_is_refused() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let svc = test::init_service(app(ctx.state.clone())).await;
    let long = format!("{}.example", "a".repeat(120 * 1024));
    let req = TestRequest::get()
        .uri("/propositions")
        .insert_header(("host", long.as_str()))
        .peer_addr("192.0.2.10:50000".parse().unwrap())
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = String::from_utf8_lossy(&test::read_body(res).await).into_owned();
    assert!(!body.contains(&long[..1000]), "the host is not echoed");
    assert!(body.contains("<h1>"), "a page in plain words: {body}");
    // A name that is not this site's (DNS rebinding: an attacker's name pointed at the
    // laptop) is refused with a page that says how to reach the site; its address, this
    // computer's name, localhost and the public address are answered.
    let get = |host: &'static str| {
        TestRequest::get()
            .uri("/propositions")
            .insert_header(("host", host))
            .peer_addr("192.0.2.10:50000".parse().unwrap())
            .to_request()
    };
    let res = test::call_service(&svc, get("consultation.ministere.gouv.ci")).await;
    assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST);
    let body = String::from_utf8_lossy(&test::read_body(res).await).into_owned();
    assert!(
        body.contains("Ce site ne répond pas à ce nom")
            && body.contains("comme adresse publique dans les réglages"),
        "{body}"
    );
    for host in ["192.168.1.10:8080", "localhost:8080", "[::1]:8080"] {
        assert_eq!(
            test::call_service(&svc, get(host)).await.status(),
            StatusCode::OK,
            "{host}"
        );
    }
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_priori"),
                ("upload_max_mb", "10"),
                ("report_threshold", "3"),
                ("reference_code", "P"),
                ("public_address", "https://consultation.ministere.gouv.ci"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        test::call_service(&svc, get("consultation.ministere.gouv.ci"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        test::call_service(&svc, get("rebind.attacker.example"))
            .await
            .status(),
        StatusCode::MISDIRECTED_REQUEST
    );
}

/// Two workshop laptops both on "BKE" (Bouaké and Bouaflé) and one left on the national
/// code: on the national site each receipt's reference leads to its own proposal, directly
/// or through a note on the page it opens; the laptop on "P" was warned before collecting.
#[actix_web::test]
async fn every_workshop_receipt_leads_to_its_own_proposal_on_the_national_site() {
    let national = state();
    let mut admin = set_up_site(&national).await;
    published_proposals(&national, &mut admin, &["Une route pour Daloa"]).await;
    let laptops = [state(), state(), state()];
    let titles = [
        "Un forage à Bouaké",
        "Une maternité à Bouaflé",
        "Des bancs pour l'école de Man",
    ];
    for (k, l) in laptops.iter().enumerate() {
        let mut staff = set_up_site(l).await;
        if k < 2 {
            l.state
                .db
                .write(|c| {
                    Ok::<_, db::DbError>(db::settings::set(c, db::settings::REFERENCE_CODE, "BKE")?)
                })
                .unwrap();
        } else {
            // Still on "P": the workshops page says so before anything is collected.
            let page = staff.get("/admin/ateliers").await.body;
            let own = palabre::domain::reference::RefCode::of_instance(&l.state.instance_id);
            assert!(
                page.contains("Cet ordinateur donne encore les références du site national")
                    && page.contains(&format!("il recevra le code {own}"))
                    && page.contains(r##"href="/admin/reglages#reference_code""##),
                "{page}"
            );
        }
        let mut citizen = browser(l).await;
        let r = propose(
            l,
            &mut citizen,
            &proposal_fields(titles[k], "Depuis des années."),
            30,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        if k == 2 {
            let mut other = browser(l).await;
            let r = propose(
                l,
                &mut other,
                &proposal_fields("Une cantine à Man", "Les enfants ont faim."),
                30,
            )
            .await;
            let receipt = other.get(r.location()).await.body;
            assert!(receipt.contains("P-0002"), "{receipt}");
        }
        let file = l.state.data_dir.join("atelier.zip");
        palabre::bundle::export(&l.state.db, &l.state.instance_id, &file, l.state.now()).unwrap();
        let report =
            palabre::bundle::import(&national.state.db, &file, None, national.state.now()).unwrap();
        assert_eq!(report.added[0], if k == 2 { 2 } else { 1 }, "{report:?}");
    }
    // The laptop that exported on "P" has its code now, and no warning any more.
    let mut third = browser(&laptops[2]).await;
    let page = third.get("/admin/ateliers").await;
    assert!(
        !page
            .body
            .contains("donne encore les références du site national")
    );
    approve_all(&national, &mut admin).await;
    let mut visitor = browser(&national).await;
    let derived = |k: usize| {
        palabre::domain::reference::RefCode::of_instance(&laptops[k].state.instance_id).to_string()
    };
    // Bouaké's receipt opens Bouaké's proposal, and says where Bouaflé's went.
    let page = visitor.get("/propositions/BKE-0001").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<h1>Un forage à Bouaké</h1>"),
        "{}",
        page.body
    );
    let note = page.body.split(r#"id="deplacee""#).nth(1).expect("a note");
    assert!(
        note.contains(&format!(r#"href="/propositions/{}-0001""#, derived(1)))
            && note.contains("Une maternité à Bouaflé"),
        "{note}"
    );
    let page = visitor
        .get(&format!("/propositions/{}-0001", derived(1)))
        .await;
    assert!(page.body.contains("<h1>Une maternité à Bouaflé</h1>"));
    // The national P-0001 is the national site's; Man's receipt said P-0001 too.
    let page = visitor.get("/propositions/P-0001").await;
    assert!(page.body.contains("<h1>Une route pour Daloa</h1>"));
    assert!(page.body.contains("Des bancs pour l'école de Man"));
    // A reference that only a laptop gave (P-0002 is not the national site's yet): the
    // page that helps names the proposal it became.
    let page = visitor.get("/propositions/P-0002").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let note = page.body.split(r#"id="deplacee""#).nth(1).expect("a note");
    assert!(
        note.contains(&format!(r#"href="/propositions/{}-0002""#, derived(2)))
            && note.contains("Une cantine à Man"),
        "{note}"
    );
    assert_eq!(
        count(
            &national,
            "SELECT count(*) FROM proposals WHERE reference LIKE 'P-%'"
        ),
        1,
        "no laptop took a national number"
    );
}
