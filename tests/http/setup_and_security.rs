//! First-run setup, sign-in, sessions, roles, CSRF, security headers, errors, languages, assets and the guide.

use super::*;

#[actix_web::test]
async fn healthz_answers_ok() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let r = b.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok");
}

#[actix_web::test]
async fn setup_needs_the_token_and_the_token_dies_after_setup() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    assert_eq!(b.get("/installation").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        b.get("/installation/wrong-token").await.status,
        StatusCode::NOT_FOUND
    );
    let path = format!("/installation/{}", ctx.state.setup_token().unwrap());
    let page = b.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Installer votre consultation"));
    // Posting with a wrong token does nothing, even with a valid CSRF token.
    let token = csrf_from(&page.body);
    let mut fields = setup_fields(PASSWORD);
    fields.push(("csrf_token", &token));
    assert_eq!(
        b.post("/installation/nope", &fields).await.status,
        StatusCode::NOT_FOUND
    );

    do_setup(&ctx, &mut b).await;
    let again = b.get(&path).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("Page introuvable"));
    assert_eq!(b.post(&path, &fields).await.status, StatusCode::NOT_FOUND);
    assert!(ctx.state.setup_token().is_none());
}

#[actix_web::test]
async fn setup_gives_a_dashboard_with_addresses_and_a_live_consultation() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    assert!(b.get("/").await.body.contains("Site en préparation"));
    do_setup(&ctx, &mut b).await;
    let dash = b.get("/admin?bienvenue=1").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(dash.body.contains("<h1>Tableau de bord</h1>"));
    assert!(dash.body.contains("Votre consultation est en ligne"));
    let lan = palabre::web::net::lan_addresses();
    if lan.is_empty() {
        assert!(
            dash.body.contains("http://localhost:8080/"),
            "{}",
            dash.body
        );
    } else {
        for ip in lan {
            assert!(
                dash.body.contains(&format!("http://{ip}:8080/")),
                "{ip} missing"
            );
        }
    }
    assert!(dash.body.contains("<svg"), "no QR code");
    assert!(dash.body.contains("Plan d'action national 2027-2029"));

    // The home page shows the consultation, open for 60 days.
    let home = b.get("/").await;
    assert!(
        home.body
            .contains("<h1>Plan d&#39;action national 2027-2029</h1>")
            || home
                .body
                .contains("<h1>Plan d'action national 2027-2029</h1>"),
        "{}",
        home.body
    );
    assert!(home.body.contains("Ouverte"));
    let closes = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(c.query_row(
                "SELECT closes_at - opens_at FROM consultations",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    // Open at once, until the end of the 60th day after setup: the midnight after it.
    assert!((60 * 86_400..61 * 86_400).contains(&closes), "{closes}");
    assert!(
        home.body
            .contains(&palabre::i18n::Lang::Fr.date(db::now() + 60 * 86_400))
    );
}

#[actix_web::test]
async fn setup_refuses_bad_input_and_keeps_what_was_typed() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let path = format!("/installation/{}", ctx.state.setup_token().unwrap());
    let fields = vec![
        ("site_name", "Consultation « PAN 6 »"),
        ("organisation", ""),
        ("login", "awa.kone"),
        ("password", "azertyuiop"),
        ("password_confirm", "azertyuiop"),
        ("language", "fr"),
    ];
    let r = b.submit(&path, &path, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Il y a un problème"));
    assert!(
        r.body.contains("Indiquez l&#39;organisation")
            || r.body.contains("Indiquez l'organisation")
    );
    assert!(r.body.contains("trop courant"));
    assert!(
        r.body.contains("value=\"Consultation « PAN 6 »\""),
        "typed value lost"
    );
    assert!(r.body.contains("value=\"awa.kone\""));
    assert!(
        !r.body.contains("azertyuiop"),
        "a password is never sent back"
    );
    // Nothing was written.
    let accounts: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(
                c.query_row("SELECT count(*) FROM staff_accounts", [], |r| r.get(0))?,
            )
        })
        .unwrap();
    assert_eq!(accounts, 0);
    assert!(ctx.state.setup_token().is_some());
}

#[actix_web::test]
async fn a_post_without_csrf_token_is_refused_with_a_friendly_page() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    b.get("/admin/connexion").await; // gets the CSRF cookie
    let r = b
        .post(
            "/admin/connexion",
            &[("login", "awa"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Formulaire expiré"), "{}", r.body);
    assert!(
        r.body.contains("Rien n&#39;a été enregistré")
            || r.body.contains("Rien n'a été enregistré")
    );
    // A token from another visitor (another cookie) does not work either.
    let page = b.get("/admin/connexion").await;
    let token = csrf_from(&page.body);
    b.cookies.insert(
        "palabre_csrf".into(),
        "another-visitor-cookie-value-123".into(),
    );
    let r = b
        .post(
            "/admin/connexion",
            &[
                ("login", "awa"),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_post_from_another_site_is_refused() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let page = b.get("/admin/connexion").await;
    let token = csrf_from(&page.body);
    let body =
        serde_urlencoded::to_string([("login", "x"), ("password", "y"), ("csrf_token", &token)])
            .unwrap();
    let r = b
        .send(
            TestRequest::with_uri("/admin/connexion")
                .method(Method::POST)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("origin", "http://evil.example"))
                .set_payload(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Formulaire expiré"));
}

#[actix_web::test]
async fn every_html_response_carries_the_security_headers() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let setup = format!("/installation/{}", ctx.state.setup_token().unwrap());
    for path in [
        "/",
        "/admin/connexion",
        "/nulle-part",
        setup.as_str(),
        "/installation/bad",
    ] {
        let r = b.get(path).await;
        assert!(r.header("content-type").starts_with("text/html"), "{path}");
        let csp = r.header("content-security-policy");
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        assert!(!r.body.contains("<script"), "{path}");
    }
    let r = b.get("/admin/connexion").await;
    let set_cookie = r.header("set-cookie");
    assert!(
        set_cookie.is_empty()
            || (set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite"))
    );
}

#[actix_web::test]
async fn unknown_pages_get_a_localized_404() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let r = b.get("/nulle-part").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page introuvable"));
    assert!(r.body.contains("<html lang=\"fr\">"));
    b.accept_language = Some("en-GB,en;q=0.9".into());
    let r = b.get("/nulle-part").await;
    assert!(r.body.contains("Page not found"));
    assert!(r.body.contains("<html lang=\"en\">"));
}

#[actix_web::test]
async fn twenty_wrong_passwords_hold_back_the_next_sign_in() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    b.cookies.remove("palabre_session");
    let mut last = None;
    for _ in 0..20 {
        let r = b
            .submit(
                "/admin/connexion",
                "/admin/connexion",
                &[("login", "awa.kone"), ("password", "pas le bon mot")],
            )
            .await;
        assert!(
            r.status == StatusCode::UNAUTHORIZED || r.status == StatusCode::TOO_MANY_REQUESTS,
            "{}",
            r.status
        );
        last = Some(r);
    }
    assert_eq!(last.unwrap().status, StatusCode::TOO_MANY_REQUESTS);
    let r = b
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Trop de tentatives"), "{}", r.body);
    assert!(r.body.contains("même avec le bon mot de passe"));
    assert!(!r.header("retry-after").is_empty());
    assert!(!b.cookies.contains_key("palabre_session"));
    // The field keeps the login that was typed.
    assert!(r.body.contains("value=\"awa.kone\""));
}

#[actix_web::test]
async fn one_wrong_password_says_so_and_the_right_one_signs_in() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    b.cookies.remove("palabre_session");
    assert_eq!(b.get("/admin").await.location(), "/admin/connexion");
    let r = b
        .submit(
            "/admin/connexion",
            "/admin/connexion",
            &[("login", "awa.kone"), ("password", "faux-mot-de-passe")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Identifiant ou mot de passe incorrect."));
    let r = b
        .submit(
            "/admin/connexion?retour=/admin/comptes",
            "/admin/connexion",
            &[
                ("login", "AWA.KONE"),
                ("password", PASSWORD),
                ("retour", "/admin/comptes"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/admin/comptes");
    let session = b.cookies.get("palabre_session").cloned().unwrap();
    assert_eq!(b.get("/admin").await.status, StatusCode::OK);

    // Signing in again rotates the session: the old token no longer works.
    b.submit(
        "/admin/connexion",
        "/admin/connexion",
        &[("login", "awa.kone"), ("password", PASSWORD)],
    )
    .await;
    let new_session = b.cookies.get("palabre_session").cloned().unwrap();
    assert_ne!(session, new_session);
    b.cookies.insert("palabre_session".into(), session);
    assert_eq!(b.get("/admin").await.status, StatusCode::SEE_OTHER);

    // Sign-out ends the session on the server.
    b.cookies
        .insert("palabre_session".into(), new_session.clone());
    let r = b.submit("/admin", "/admin/deconnexion", &[]).await;
    assert_eq!(r.location(), "/admin/connexion?deconnecte=1");
    assert!(
        b.get("/admin/connexion?deconnecte=1")
            .await
            .body
            .contains("Vous êtes déconnecté.")
    );
    b.cookies.insert("palabre_session".into(), new_session);
    assert_eq!(b.get("/admin").await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn sessions_expire_after_idle_and_absolute_timeouts() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    assert_eq!(b.get("/admin").await.status, StatusCode::OK);
    ctx.state
        .db
        .write(|c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE staff_sessions SET last_seen_at = last_seen_at - 3 * 3600",
                [],
            )?)
        })
        .unwrap();
    assert_eq!(
        b.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "idle session still alive"
    );

    b.submit(
        "/admin/connexion",
        "/admin/connexion",
        &[("login", "awa.kone"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(b.get("/admin").await.status, StatusCode::OK);
    ctx.state
        .db
        .write(|c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE staff_sessions SET created_at = created_at - 13 * 3600",
                [],
            )?)
        })
        .unwrap();
    assert_eq!(
        b.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "old session still alive"
    );
}

#[actix_web::test]
async fn roles_are_enforced_on_the_server() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let r = admin.add_staff("kouassi", "facilitator").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin.get("/admin/comptes").await;
    assert!(list.body.contains("kouassi"));

    let mut fac = browser(&ctx).await;
    fac.peer = "192.0.2.11:40000".into();
    let r = fac.sign_in("kouassi").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(fac.get("/admin").await.status, StatusCode::OK);
    let r = fac.get("/admin/comptes").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Accès refusé"));
    // A forged request with a valid CSRF token is refused too, and changes nothing.
    let r = fac
        .submit(
            "/admin",
            "/admin/comptes",
            &[
                ("login", "pirate"),
                ("role", "admin"),
                ("password", "Kapok-Odienne-2026"),
                ("password_confirm", "Kapok-Odienne-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!admin.get("/admin/comptes").await.body.contains("pirate"));
}

#[actix_web::test]
async fn account_form_refuses_bad_input_and_keeps_it() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let r = b.add_staff("awa.kone", "moderator").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cet identifiant est déjà pris."));
    let r = b
        .submit(
            "/admin/comptes",
            "/admin/comptes",
            &[
                ("login", "bi"),
                ("role", "chef"),
                ("password", "court"),
                ("password_confirm", "court"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("de 3 à 40 caractères"));
    assert!(r.body.contains("Choisissez un rôle."));
    assert!(r.body.contains("au moins 10 caractères"));
    assert!(r.body.contains("value=\"bi\""));
}

#[actix_web::test]
async fn language_follows_choice_then_browser_then_french() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let r = b.get("/").await;
    assert!(r.body.contains("<html lang=\"fr\">"));
    assert!(r.body.contains("Aller au contenu"));
    b.accept_language = Some("en-US,en;q=0.9,fr;q=0.5".into());
    let r = b.get("/").await;
    assert!(r.body.contains("<html lang=\"en\">"));
    assert!(r.body.contains("Skip to content"));
    // An explicit choice wins over the browser, and is remembered.
    let r = b.get("/langue/fr?retour=/admin/connexion").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/admin/connexion");
    let r = b.get("/admin/connexion").await;
    assert!(r.body.contains("<html lang=\"fr\">"));
    assert!(
        r.body.contains("Connexion de l&#39;équipe") || r.body.contains("Connexion de l'équipe")
    );
    // The switch never sends anybody to another site.
    assert_eq!(
        b.get("/langue/en?retour=//evil.example").await.location(),
        "/"
    );
    assert_eq!(b.get("/langue/de").await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn assets_have_hashed_urls_long_caching_and_compression() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let page = b.get("/").await.body;
    let re = regex::Regex::new(r#"href="(/static/style\.[0-9a-f]{10}\.css)""#).unwrap();
    let url = re
        .captures(&page)
        .map(|c| c[1].to_string())
        .expect("hashed stylesheet link");
    let r = b.get(&url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/css"));
    assert!(r.header("cache-control").contains("immutable"));
    assert_eq!(
        b.get("/static/style.css").await.status,
        StatusCode::NOT_FOUND
    );
    let r = b
        .send(
            TestRequest::get()
                .uri("/")
                .insert_header(("accept-encoding", "gzip")),
        )
        .await;
    assert_eq!(r.header("content-encoding"), "gzip");
}

#[actix_web::test]
async fn an_oversized_form_is_refused_cleanly() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let page = b.get("/admin/connexion").await;
    let token = csrf_from(&page.body);
    let big = "a".repeat(400 * 1024);
    let r = b
        .post(
            "/admin/connexion",
            &[("csrf_token", &token), ("login", &big), ("password", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Envoi trop volumineux"));
}

#[actix_web::test]
async fn malformed_requests_never_give_a_5xx() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let token_path = format!("/installation/{}", ctx.state.setup_token().unwrap());
    let page = b.get(&token_path).await;
    let token = csrf_from(&page.body);
    let bodies = [
        "%",
        "site_name=%ZZ",
        "a=1&a=2&a=3",
        "\u{0}\u{1}",
        "csrf_token",
    ];
    for body in bodies {
        let full = format!("{body}&csrf_token={token}");
        for path in [
            token_path.as_str(),
            "/admin/connexion",
            "/admin/comptes",
            "/admin/deconnexion",
        ] {
            let r = b
                .send(
                    TestRequest::with_uri(path)
                        .method(Method::POST)
                        .insert_header(("content-type", "application/x-www-form-urlencoded"))
                        .set_payload(full.clone()),
                )
                .await;
            assert!(r.status.as_u16() < 500, "{path} {body:?} gave {}", r.status);
        }
    }
    for path in [
        "/static/..%2f..%2fetc%2fpasswd",
        "/langue/%00",
        "/admin/comptes/abc/activer",
        "/%ff",
    ] {
        let r = b.get(path).await;
        assert!(r.status.as_u16() < 500, "{path} gave {}", r.status);
    }
}

/// The guide: a table of contents of thirteen chapters, a page per chapter with a way to the
/// next one, the whole on one page to print; in both languages, with the same anchors, and
/// not one internal link that leads nowhere.
#[actix_web::test]
async fn the_guide_is_served_in_both_languages() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let href = regex::Regex::new(r#"href="([^"]+)""#).unwrap();
    let id = regex::Regex::new(r#" id="([^"]+)""#).unwrap();
    for (lang, contents_title, password_title) in [
        ("fr", "Sommaire", "Mot de passe oublié"),
        ("en", "Contents", "Forgotten password"),
    ] {
        b.accept_language = Some(lang.into());
        let r = b.get("/guide").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(contents_title), "{}", r.body);
        let chapters: Vec<String> = href
            .captures_iter(&r.body)
            .map(|c| c[1].to_string())
            .filter(|h| h.starts_with("/guide/") && h != "/guide/imprimer")
            .collect();
        assert_eq!(chapters.len(), 14, "{chapters:?}");
        assert_eq!(chapters[0], "/guide/palabre-et-besoins");
        assert_eq!(chapters[11], "/guide/exercices");
        assert_eq!(chapters[12], "/guide/heberger-sur-un-serveur");
        assert_eq!(chapters[13], "/guide/retour-experience");
        let mut ids = std::collections::HashMap::new();
        let mut links = Vec::new();
        for (i, chapter) in chapters.iter().enumerate() {
            let page = b.get(chapter).await;
            assert_eq!(page.status, StatusCode::OK, "{chapter}");
            assert_eq!(page.body.matches("<h1").count(), 1, "{chapter}: one h1");
            if let Some(next) = chapters.get(i + 1) {
                assert!(
                    page.body.contains(&format!("href=\"{next}\" rel=\"next\"")),
                    "{chapter} does not lead to {next}"
                );
            }
            let found: Vec<String> = id
                .captures_iter(&page.body)
                .map(|c| c[1].to_string())
                .collect();
            ids.insert(chapter.clone(), found);
            for c in href.captures_iter(&page.body) {
                let to = c[1].replace("&amp;", "&");
                if to.starts_with("http")
                    || to.starts_with("mailto:")
                    || to.starts_with("/assets/")
                    || to.starts_with("/langue/")
                {
                    continue;
                }
                links.push((chapter.clone(), to));
            }
        }
        for (from, to) in &links {
            let (path, anchor) = match to.split_once('#') {
                Some((p, a)) => (if p.is_empty() { from.as_str() } else { p }, Some(a)),
                None => (to.as_str(), None),
            };
            let path = if path.starts_with('/') {
                path.to_string()
            } else {
                format!("/guide/{path}")
            };
            let r = b.get(&path).await;
            assert!(
                r.status == StatusCode::OK || r.status == StatusCode::SEE_OTHER,
                "{from} links to {to}: {}",
                r.status
            );
            if let (Some(a), Some(found)) = (anchor, ids.get(&path)) {
                assert!(
                    found.iter().any(|i| i == a),
                    "{from} links to {to}: no #{a} there"
                );
            }
        }
        let password = &ids["/guide/en-cas-de-probleme"];
        assert!(
            password.iter().any(|i| i == "mot-de-passe"),
            "same anchor in {lang}"
        );
        let r = b.get("/guide/en-cas-de-probleme").await;
        assert!(r.body.contains(password_title));
        assert!(r.body.contains("palabre admin add"));
        let print = b.get("/guide/imprimer").await;
        assert_eq!(print.status, StatusCode::OK);
        assert_eq!(print.body.matches("class=\"guide chapter\"").count(), 14);
        // The sign-in page links to the right section.
        assert!(
            b.get("/admin/connexion")
                .await
                .body
                .contains("href=\"/guide/en-cas-de-probleme#mot-de-passe\"")
        );
    }
    assert_eq!(
        b.get("/guide/nulle-part").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get("/guide/images/..%2Fassets.rs").await.status,
        StatusCode::NOT_FOUND
    );
}
