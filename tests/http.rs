//! HTTP behaviour of the real application (`app::app`) on a real SQLite file: setup, sign-in,
//! throttling, roles, CSRF, headers, languages, errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;

use common::{PASSWORD, csrf_from};
use palabre::app::{AppState, app};
use palabre::db::{self, Db};

/// The first worksheet's XML of an XLSX file.
fn xlsx_sheet(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .expect("a worksheet")
        .read_to_string(&mut xml)
        .expect("utf-8 xml");
    xml
}

/// The password of the staff accounts that tests add.
const STAFF_PASSWORD: &str = "Kapok-Odienne-2026";

struct Resp {
    status: StatusCode,
    headers: actix_web::http::header::HeaderMap,
    body: String,
    bytes: Vec<u8>,
}

impl Resp {
    fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A browser-like client over the in-process service: keeps cookies, sends a same-site Origin.
struct Browser<S> {
    svc: S,
    cookies: HashMap<String, String>,
    accept_language: Option<String>,
    peer: String,
}

impl<S, B> Browser<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    async fn send(&mut self, req: TestRequest) -> Resp {
        let mut req = req
            .insert_header(("host", "localhost:8080"))
            .peer_addr(self.peer.parse().unwrap());
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.insert_header(("cookie", c.join("; ")));
        }
        if let Some(l) = &self.accept_language {
            req = req.insert_header(("accept-language", l.clone()));
        }
        let res = test::call_service(&self.svc, req.to_request()).await;
        for c in res.response().cookies() {
            if c.value().is_empty() || c.max_age().is_some_and(|a| a.is_zero()) {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_string(), c.value().to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await;
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            bytes: body.to_vec(),
        }
    }

    async fn get(&mut self, path: &str) -> Resp {
        self.send(TestRequest::get().uri(path)).await
    }

    /// Posts a form the way a browser does from a page of this site.
    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(
            TestRequest::with_uri(path)
                .method(Method::POST)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("origin", "http://localhost:8080"))
                .set_payload(body),
        )
        .await
    }

    /// An admin adds a staff account with the password [`STAFF_PASSWORD`].
    async fn add_staff(&mut self, login: &str, role: &str) -> Resp {
        let fields = [
            ("login", login),
            ("role", role),
            ("password", STAFF_PASSWORD),
            ("password_confirm", STAFF_PASSWORD),
        ];
        self.submit("/admin/comptes", "/admin/comptes", &fields)
            .await
    }

    /// Signs in as `login`, whose password is [`STAFF_PASSWORD`].
    async fn sign_in(&mut self, login: &str) -> Resp {
        let fields = [("login", login), ("password", STAFF_PASSWORD)];
        self.submit("/admin/connexion", "/admin/connexion", &fields)
            .await
    }

    /// Gets `page`, then posts `fields` plus the page's CSRF token to `action`.
    async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
        let html = self.get(page).await.body;
        let token = csrf_from(&html);
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post(action, &all).await
    }
}

struct Ctx {
    _dir: tempfile::TempDir,
    state: Data<AppState>,
}

fn state() -> Ctx {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join(db::DB_FILE)).unwrap();
    let state = Data::new(
        AppState::load(
            db,
            dir.path().to_path_buf(),
            "0.0.0.0".parse().unwrap(),
            8080,
        )
        .unwrap(),
    );
    Ctx { _dir: dir, state }
}

async fn browser(
    ctx: &Ctx,
) -> Browser<
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    Browser {
        svc: test::init_service(app(ctx.state.clone())).await,
        cookies: HashMap::new(),
        accept_language: None,
        peer: "192.0.2.10:50000".into(),
    }
}

fn setup_fields(password: &str) -> Vec<(&str, &str)> {
    vec![
        ("site_name", "Plan d'action national 2027-2029"),
        ("organisation", "Ministère de la Communication"),
        ("login", "awa.kone"),
        ("password", password),
        ("password_confirm", password),
        ("language", "fr"),
    ]
}

/// Runs the first-run setup and returns the setup path used.
async fn do_setup<S, B>(ctx: &Ctx, b: &mut Browser<S>) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let path = format!("/installation/{}", ctx.state.setup_token().unwrap());
    let r = b.submit(&path, &path, &setup_fields(PASSWORD)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin?bienvenue=1");
    path
}

/// First-run setup of `ctx`'s site; returns the browser of the admin who did it.
async fn set_up_site(
    ctx: &Ctx,
) -> Browser<
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
> {
    let mut admin = browser(ctx).await;
    do_setup(ctx, &mut admin).await;
    admin
}

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
    let lan = palabre::net::lan_addresses();
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
    assert_eq!(closes, 60 * 86_400);
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

/// The guide: a table of contents of twelve chapters, a page per chapter with a way to the
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
        assert_eq!(chapters.len(), 12, "{chapters:?}");
        assert_eq!(chapters[0], "/guide/palabre-et-besoins");
        assert_eq!(chapters[11], "/guide/exercices");
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
        assert_eq!(print.body.matches("class=\"guide chapter\"").count(), 12);
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

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----palabreTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, data)) = file {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload<S, B>(b: &mut Browser<S>, name: &str, data: &[u8], title: &str) -> Resp
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = b.get("/admin/documents").await;
    let token = csrf_from(&page.body);
    let fields = [
        ("title", title),
        ("category", "plans-action"),
        ("doc_date", "2024-06-30"),
        ("language", "fr"),
        ("summary", "Le plan en vigueur."),
    ];
    let (ct, body) = multipart(&fields, Some((name, data)));
    b.send(
        TestRequest::with_uri(&format!("/admin/documents?csrf_token={token}"))
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body),
    )
    .await
}

fn document_count(ctx: &Ctx) -> i64 {
    ctx.state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
        })
        .unwrap()
}

#[actix_web::test]
async fn a_fresh_install_has_a_complete_presentation_page() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    let r = b.get("/pgo").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("<h1>Le PGO en Côte d&#39;Ivoire</h1>")
            || r.body.contains("<h1>Le PGO en Côte d'Ivoire</h1>"),
        "{}",
        &r.body[..2000.min(r.body.len())]
    );
    assert!(r.body.contains("href=\"https://ogp.gouv.ci"));
    assert!(r.body.contains("28 octobre 2015"));
    assert!(r.body.contains("Petit lexique"));
    assert_eq!(r.body.matches("<h1").count(), 1);
    b.accept_language = Some("en".into());
    let r = b.get("/pgo").await;
    assert!(
        r.body.contains("<h1>OGP in Côte d&#39;Ivoire</h1>")
            || r.body.contains("<h1>OGP in Côte d'Ivoire</h1>")
    );
}

#[actix_web::test]
async fn the_presentation_text_is_edited_with_a_preview_and_sanitised() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let page = b.get("/admin/pgo?langue=fr").await;
    assert!(
        page.body.contains("point de départ"),
        "the admin says the default is a starting point"
    );
    let hostile = "# Le PGO\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[clic](javascript:alert(3)) et **gras**";
    let r = b
        .submit(
            "/admin/pgo",
            "/admin/pgo",
            &[("lang", "fr"), ("body", hostile), ("action", "preview")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Aperçu (non enregistré)"));
    assert!(r.body.contains("<strong>gras</strong>"));
    assert!(
        b.get("/pgo").await.body.contains("Petit lexique"),
        "a preview saves nothing"
    );
    let r = b
        .submit(
            "/admin/pgo",
            "/admin/pgo",
            &[("lang", "fr"), ("body", hostile), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = b.get("/pgo").await.body;
    assert!(public.contains("<strong>gras</strong>"));
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!public.contains(bad), "{bad} survived:\n{public}");
    }
    assert!(public.contains("Dernière mise à jour"));
    let r = b
        .submit(
            "/admin/pgo",
            "/admin/pgo",
            &[("lang", "fr"), ("body", "   "), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("ne peut pas être vide"));
}

#[actix_web::test]
async fn an_uploaded_pdf_is_listed_with_its_size_and_downloads_identical() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'x', 1_258_291 - pdf.len()));
    let r = upload(
        &mut b,
        "PAN 2024-2026.pdf",
        &pdf,
        "Plan d'action national 2024-2026",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = b.get("/documents").await.body;
    assert!(list.contains("Plans d&#39;action") || list.contains("Plans d'action"));
    assert!(list.contains("PDF, 1,2\u{a0}Mo"), "{list}");
    let re = regex::Regex::new(r#"href="(/documents/[^"/]+/[^"]+)""#).unwrap();
    let href = re
        .captures(&list)
        .map(|c| c[1].to_string())
        .expect("download link");
    let r = b.send(TestRequest::get().uri(&href)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(r.header("content-disposition").starts_with("attachment"));
    let raw = b.send(TestRequest::get().uri(&href)).await;
    assert_eq!(raw.body.len(), pdf.len());
    assert_eq!(
        raw.body.as_bytes(),
        &pdf[..],
        "download differs from upload"
    );
    // Filtering by another category hides it.
    assert!(
        !b.get("/documents?categorie=rapports")
            .await
            .body
            .contains("2024-2026")
    );
}

#[actix_web::test]
async fn disguised_and_oversized_files_are_refused_and_nothing_is_stored() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "rapport.pdf",
            b"<html><body><script>alert(1)</script></body></html>",
            "type accepté",
        ),
        (
            "logo.png",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "type accepté",
        ),
        (
            "outil.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
            "type accepté",
        ),
    ];
    for (name, data, message) in cases {
        let r = upload(&mut b, name, data, "Essai").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(r.body.contains(message), "{name}: {}", r.body);
        assert!(
            r.body.contains("value=\"Essai\""),
            "the title typed is kept"
        );
    }
    let mut big = b"%PDF-1.4\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 11 * 1024 * 1024));
    let r = upload(&mut b, "gros.pdf", &big, "Trop gros").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("dépasse 10\u{a0}Mo") || r.body.contains("dépasse 10 Mo"),
        "{}",
        r.body
    );
    assert_eq!(document_count(&ctx), 0);
}

#[actix_web::test]
async fn external_links_are_documents_too_and_deleting_asks_for_confirmation() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let fields = [
        ("url", "javascript:alert(1)"),
        ("title", "OGP"),
        ("category", "textes-de-base"),
        ("doc_date", "2021-01-01"),
        ("language", "en"),
        ("summary", ""),
    ];
    let r = b
        .submit("/admin/documents", "/admin/documents/lien", &fields)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("https://"));
    let fields = [
        (
            "url",
            "https://www.opengovpartnership.org/ogp-participation-co-creation-standards/",
        ),
        ("title", "Normes de participation et de co-création"),
        ("category", "textes-de-base"),
        ("doc_date", "2021-11-24"),
        ("language", "en"),
        ("summary", ""),
    ];
    let r = b
        .submit("/admin/documents", "/admin/documents/lien", &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = b.get("/documents").await.body;
    assert!(list.contains(
        "href=\"https://www.opengovpartnership.org/ogp-participation-co-creation-standards/\""
    ));
    assert!(list.contains("lien vers un autre site"));
    let id: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(c.query_row("SELECT id FROM documents", [], |r| r.get(0))?)
        })
        .unwrap();
    let r = b
        .submit(
            "/admin/documents",
            &format!("/admin/documents/{id}/supprimer"),
            &[],
        )
        .await;
    assert!(
        r.body.contains("Rien n&#39;a été supprimé") || r.body.contains("Rien n'a été supprimé")
    );
    assert_eq!(document_count(&ctx), 1);
    let r = b
        .submit(
            "/admin/documents",
            &format!("/admin/documents/{id}/supprimer"),
            &[("confirm", "oui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(document_count(&ctx), 0);
}

#[actix_web::test]
async fn the_point_of_contact_is_validated_and_shown() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let r = b
        .submit(
            "/admin/contact",
            "/admin/contact",
            &[
                ("contact_name", "Awa Koné"),
                ("contact_role", "Point focal PGO"),
                ("contact_email", "awa@"),
                ("contact_phone", "abc"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("n&#39;est pas valide") || r.body.contains("n'est pas valide"));
    assert!(r.body.contains("value=\"Awa Koné\""));
    let r = b
        .submit(
            "/admin/contact",
            "/admin/contact",
            &[
                ("contact_name", "Awa Koné"),
                ("contact_role", "Point focal PGO"),
                ("contact_email", "pgo@gouv.ci"),
                ("contact_phone", "+225 27 20 00 00 00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let pgo = b.get("/pgo").await.body;
    assert!(
        pgo.contains("Awa Koné")
            && pgo.contains("mailto:pgo@gouv.ci")
            && pgo.contains("Point focal PGO")
    );
}

#[actix_web::test]
async fn facilitators_cannot_edit_public_content() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    for path in ["/admin/pgo", "/admin/contact", "/admin/documents"] {
        assert_eq!(fac.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = fac
        .submit(
            "/admin",
            "/admin/pgo",
            &[("lang", "fr"), ("body", "piraté"), ("action", "save")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!fac.get("/pgo").await.body.contains("piraté"));
}

const DAY: i64 = 86_400;

#[actix_web::test]
async fn the_timeline_shows_what_staff_entered_and_warns_on_short_notice() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    // Setup opened the consultation at once: nothing is published yet.
    let dash = b.get("/admin").await.body;
    assert!(
        dash.contains("Le calendrier n&#39;est pas publié")
            || dash.contains("Le calendrier n'est pas publié"),
        "{dash}"
    );
    assert!(
        b.get("/calendrier")
            .await
            .body
            .contains("pas encore publié")
    );

    let bad = [
        ("kind", "atelier"),
        ("title", "Atelier de Gagnoa"),
        ("place", "Gagnoa"),
        ("starts_on", "2027-02-10"),
        ("ends_on", "2027-02-01"),
        ("description", ""),
    ];
    let r = b
        .submit("/admin/calendrier", "/admin/calendrier", &bad)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("La date de fin doit suivre la date de début.")
    );
    assert!(r.body.contains("value=\"Atelier de Gagnoa\""));

    let good = [
        ("kind", "atelier"),
        ("title", "Atelier de Gagnoa"),
        ("place", "Gagnoa"),
        ("starts_on", "2027-02-10"),
        ("ends_on", ""),
        ("description", "Au centre culturel."),
    ];
    assert_eq!(
        b.submit("/admin/calendrier", "/admin/calendrier", &good)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let r = b
        .submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = b.get("/calendrier").await.body;
    assert!(
        public.contains("Atelier de Gagnoa")
            && public.contains("10\u{a0}février\u{a0}2027")
            && public.contains("Calendrier publié le")
    );
    // The home page lists the workshop.
    assert!(b.get("/").await.body.contains("Gagnoa"));
    // Published after contributions opened: the 14-day rule is broken, and the dashboard says so.
    let dash = b.get("/admin").await.body;
    assert!(dash.contains("moins de 14 jours"), "{dash}");

    // A contributions phase three weeks after publication satisfies the rule.
    let published: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(
                c.query_row(
                    "SELECT value FROM settings WHERE key='timeline_published_at'",
                    [],
                    |r| r.get::<_, String>(0),
                )?
                .parse()
                .unwrap(),
            )
        })
        .unwrap();
    ctx.state
        .db
        .write(|c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE consultations SET opens_at = ?1, closes_at = ?1 + 60*86400",
                [published + 30 * DAY],
            )?)
        })
        .unwrap();
    let day = time::OffsetDateTime::from_unix_timestamp(published + 21 * DAY)
        .unwrap()
        .date()
        .to_string();
    let phase = [
        ("kind", "contributions"),
        ("title", "Propositions en ligne"),
        ("place", ""),
        ("starts_on", day.as_str()),
        ("ends_on", ""),
        ("description", ""),
    ];
    b.submit("/admin/calendrier", "/admin/calendrier", &phase)
        .await;
    let dash = b.get("/admin").await.body;
    assert!(!dash.contains("moins de 14 jours"), "{dash}");
    // Publishing again does not move the recorded date.
    b.submit("/admin/calendrier", "/admin/calendrier/publier", &[])
        .await;
    let again: String = ctx
        .state
        .db
        .read(|c| {
            Ok::<String, db::DbError>(c.query_row(
                "SELECT value FROM settings WHERE key='timeline_published_at'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(again, published.to_string());
}

#[actix_web::test]
async fn six_months_without_documents_or_forum_meetings_are_flagged() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let dash = b.get("/admin").await.body;
    assert!(
        !dash.contains("bibliothèque depuis"),
        "a new site is not stale"
    );
    ctx.state.set_now(db::now() + 200 * DAY);
    // One clock for everything: 200 days later the session has expired; sign in again.
    let dash = b.get("/admin").await;
    assert_eq!(dash.status, StatusCode::SEE_OTHER);
    b.submit(
        "/admin/connexion",
        "/admin/connexion",
        &[("login", "awa.kone"), ("password", PASSWORD)],
    )
    .await;
    let dash = b.get("/admin").await.body;
    assert!(
        dash.contains("Aucun document n&#39;a été ajouté")
            || dash.contains("Aucun document n'a été ajouté"),
        "{dash}"
    );
    assert!(dash.contains("Aucune réunion du forum"), "{dash}");

    // A meeting recorded (with its participants) clears the forum warning.
    let today = time::OffsetDateTime::from_unix_timestamp(ctx.state.now())
        .unwrap()
        .date()
        .to_string();
    let bad = [
        ("held_on", today.as_str()),
        ("place", ""),
        ("participants_admin", "-3"),
        ("participants_civil", "8"),
        ("participants_private", "3"),
        ("agenda", ""),
        ("minutes_document", ""),
    ];
    let r = b.submit("/admin/forum", "/admin/forum", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Indiquez le lieu") && r.body.contains("nombre entier"));
    let good = [
        ("held_on", today.as_str()),
        ("place", "Abidjan, Plateau"),
        ("participants_admin", "11"),
        ("participants_civil", "8"),
        ("participants_private", "3"),
        ("agenda", "Validation du calendrier"),
        ("minutes_document", ""),
    ];
    assert_eq!(
        b.submit("/admin/forum", "/admin/forum", &good).await.status,
        StatusCode::SEE_OTHER
    );
    let dash = b.get("/admin").await.body;
    assert!(
        !dash.contains("Aucune réunion du forum") && !dash.contains("ne s&#39;est pas réuni"),
        "{dash}"
    );
    let forum = b.get("/forum").await.body;
    assert!(
        forum.contains("Abidjan, Plateau")
            && forum.contains("Société civile\u{a0}: 8")
            && forum.contains("Validation du calendrier"),
        "{forum}"
    );

    // Deleting asks first.
    let id: i64 = ctx
        .state
        .db
        .read(|c| {
            Ok::<i64, db::DbError>(c.query_row("SELECT id FROM forum_meetings", [], |r| r.get(0))?)
        })
        .unwrap();
    let confirm = b.get(&format!("/admin/forum/{id}/supprimer")).await;
    assert!(confirm.body.contains("Confirmer la suppression"));
    let r = b
        .submit(
            &format!("/admin/forum/{id}/supprimer"),
            &format!("/admin/forum/{id}/supprimer"),
            &[("confirm", "oui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!b.get("/forum").await.body.contains("Abidjan, Plateau"));
    ctx.state.set_now(0);
}

#[actix_web::test]
async fn public_pages_stay_within_the_page_budget() {
    let ctx = state();
    let mut b = browser(&ctx).await;
    do_setup(&ctx, &mut b).await;
    let mut b2 = browser(&ctx).await;
    for path in [
        "/",
        "/pgo",
        "/documents",
        "/calendrier",
        "/forum",
        "/guide",
        "/admin/connexion",
    ] {
        let r = b2
            .send(
                TestRequest::get()
                    .uri(path)
                    .insert_header(("accept-encoding", "gzip")),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let compressed = r.body.len();
        assert!(
            compressed <= 14 * 1024,
            "{path}: first HTML is {compressed} bytes compressed"
        );
        let plain = b2.get(path).await.body;
        assert!(!plain.contains("<script"), "{path}");
        // HTML plus the stylesheet and favicon, uncompressed, stays under 50 KB.
        let css = b2.get(&palabre::assets::url("style.css")).await.body.len();
        let icon = b2
            .get(&palabre::assets::url("favicon.svg"))
            .await
            .body
            .len();
        assert!(
            plain.len() + css + icon <= 50 * 1024,
            "{path}: {} + {css} + {icon} bytes",
            plain.len()
        );
    }
}

fn proposal_fields<'a>(title: &'a str, problem: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("problem", problem),
        (
            "solution",
            "Installer des panneaux solaires dans chaque centre de santé.",
        ),
        ("benefit", "Des soins la nuit."),
        ("theme", "sante"),
        ("zone", "gbeke"),
        ("contributor_type", "citoyen"),
        ("ogp_values", "transparence"),
        ("ogp_values", "participation"),
        ("author_name", "Koffi"),
        ("organisation", ""),
        ("contact", ""),
        ("language", "fr"),
        ("website", ""),
    ]
}

/// A double tap, or Back and send again: the same form posted twice files one proposal and
/// both answers lead to the same receipt. Another visitor's copy of the id files their own.
#[actix_web::test]
async fn the_same_form_sent_twice_files_one_proposal() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let page = b.get("/propositions/nouvelle").await;
    let field =
        |name: &str| common::hidden_value(&page.body, name).unwrap_or_else(|| panic!("no {name}"));
    let (stamp, submission, consultation) =
        (field("form_ts"), field("submission"), field("consultation"));
    let token = csrf_from(&page.body);
    ctx.state.set_now(ctx.state.now() + 30);
    let mut all = proposal_fields("Un dispensaire à Sakassou", "Trop loin.");
    all.extend([
        ("csrf_token", token.as_str()),
        ("form_ts", stamp.as_str()),
        ("submission", submission.as_str()),
        ("consultation", consultation.as_str()),
    ]);
    let first = b.post("/propositions/nouvelle", &all).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = b.post("/propositions/nouvelle", &all).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(
        first.location(),
        again.location(),
        "the first receipt, again"
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
    let receipt = b.get(again.location()).await;
    assert!(receipt.body.contains("P-0001") && receipt.body.contains("Un dispensaire à Sakassou"));
    // Someone else who got hold of the id files their own proposal, and sees none of the first.
    let mut other = browser(&ctx).await;
    let page = other.get("/propositions/nouvelle").await;
    let token = csrf_from(&page.body);
    all.retain(|(k, _)| *k != "csrf_token");
    all.push(("csrf_token", token.as_str()));
    let r = other.post("/propositions/nouvelle", &all).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_ne!(r.location(), first.location());
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 2);
}

/// With the public address set, the receipt's follow-up link and share links carry it;
/// without it, on a local network, the receipt says the link works here only and shows the
/// reference to keep.
#[actix_web::test]
async fn receipts_carry_the_public_address_or_warn() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields(
            "Des bancs pour l'école",
            "Les enfants sont assis par terre.",
        ),
        30,
    )
    .await;
    let receipt = b.get(r.location()).await;
    assert!(
        receipt.body.contains("ce lien ne marche que sur ce réseau")
            && receipt.body.contains("Notez votre référence P-0001"),
        "{}",
        receipt.body
    );
    let settings = [
        ("moderation_mode", "a_posteriori"),
        ("upload_max_mb", "10"),
        ("report_threshold", "3"),
        ("reference_code", "P"),
    ];
    let mut bad = settings.to_vec();
    bad.push(("public_address", "pgo.gouv.ci"));
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &bad)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("doit commencer par https://") && r.body.contains("value=\"pgo.gouv.ci\"")
    );
    let mut good = settings.to_vec();
    good.push(("public_address", "https://pgo.gouv.ci/"));
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &good)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let receipt = b.get(&receipt_link(&receipt.body)).await;
    assert!(
        receipt.body.contains("value=\"https://pgo.gouv.ci/suivi/"),
        "{}",
        receipt.body
    );
    assert!(!receipt.body.contains("ce lien ne marche que sur ce réseau"));
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Un marché couvert", "Les vendeuses sont sous le soleil."),
        30,
    )
    .await;
    let page = b.get("/propositions/P-0002").await;
    assert_eq!(page.status, StatusCode::OK, "{}", r.body);
    assert!(
        page.body
            .contains(r#"content="https://pgo.gouv.ci/propositions/P-0002""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("https%3A%2F%2Fpgo.gouv.ci%2Fpropositions%2FP-0002")
    );
}

/// The follow-up link shown on a receipt page (its path).
fn receipt_link(body: &str) -> String {
    regex::Regex::new(r#"(/suivi/[A-Za-z0-9_-]+)"#)
        .unwrap()
        .captures(body)
        .map(|c| c[1].to_string())
        .expect("a follow-up link")
}

/// Opens the form, lets `wait` seconds pass on the site's clock, and posts `fields`.
async fn propose<S, B>(ctx: &Ctx, b: &mut Browser<S>, fields: &[(&str, &str)], wait: i64) -> Resp
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = b.get("/propositions/nouvelle").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = csrf_from(&page.body);
    let stamp = common::hidden_value(&page.body, "form_ts").expect("form stamp");
    let consultation = common::hidden_value(&page.body, "consultation").unwrap_or_default();
    let submission = common::hidden_value(&page.body, "submission").unwrap_or_default();
    let now = ctx.state.now();
    ctx.state.set_now(now + wait);
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("csrf_token", &token));
    all.push(("form_ts", &stamp));
    if !all.iter().any(|(k, _)| *k == "submission") {
        all.push(("submission", &submission));
    }
    if !all.iter().any(|(k, _)| *k == "consultation") {
        all.push(("consultation", &consultation));
    }
    b.post("/propositions/nouvelle", &all).await
}

fn count(ctx: &Ctx, sql: &str) -> i64 {
    ctx.state
        .db
        .read(|c| Ok::<i64, db::DbError>(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

async fn approve_all<S, B>(ctx: &Ctx, admin: &mut Browser<S>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let ids: Vec<i64> = ctx
        .state
        .db
        .read(|c| {
            Ok::<Vec<i64>, db::DbError>(
                c.prepare("SELECT id FROM proposals WHERE moderation='pending'")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?,
            )
        })
        .unwrap();
    for id in ids {
        let r = admin
            .submit(
                "/admin/moderation",
                &format!("/admin/moderation/propositions/{id}/approuver"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
}

#[actix_web::test]
async fn a_citizen_submits_follows_and_finds_a_proposal_after_approval() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut citizen = browser(&ctx).await;
    citizen.peer = "192.0.2.50:1234".into();
    let home = citizen.get("/").await.body;
    assert!(home.contains("Ouverte"));
    let r = propose(
        &ctx,
        &mut citizen,
        &proposal_fields(
            "Électricité dans les centres de santé ruraux",
            "Les centres de santé n'ont pas d'électricité la nuit.",
        ),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let follow = r.location().to_string();
    assert!(
        follow.starts_with("/suivi/") && follow.ends_with("?nouveau=1"),
        "{follow}"
    );
    let receipt = citizen.get(&follow).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains("P-0001"), "{}", receipt.body);
    assert!(receipt.body.contains("Gardez ce lien"));
    assert!(receipt.body.contains("Reçue"));
    assert!(receipt.body.contains("après une relecture"));
    assert_eq!(receipt.header("cache-control"), "no-store");
    // Only the token's hash is stored.
    let token = follow
        .trim_start_matches("/suivi/")
        .trim_end_matches("?nouveau=1");
    let stored: i64 = count(
        &ctx,
        &format!(
            "SELECT count(*) FROM proposals WHERE instr(CAST(follow_token_hash AS TEXT), '{token}') > 0"
        ),
    );
    assert_eq!(stored, 0);
    // A priori moderation: not public yet, anywhere.
    assert!(
        !citizen
            .get("/propositions")
            .await
            .body
            .contains("Électricité")
    );
    assert_eq!(
        citizen.get("/propositions/P-0001").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !citizen
            .get("/propositions?q=electricite")
            .await
            .body
            .contains("Électricité")
    );

    let queue = admin.get("/admin/moderation").await.body;
    assert!(queue.contains("P-0001") && queue.contains("Électricité dans les centres"));
    approve_all(&ctx, &mut admin).await;
    let list = citizen.get("/propositions").await.body;
    assert!(list.contains("Électricité dans les centres de santé ruraux"));
    assert!(list.contains("Gbêkê"));
    let found = citizen.get("/propositions?q=electricite+SANTE").await.body;
    assert!(
        found.contains("Électricité dans les centres de santé ruraux"),
        "accent-folded search"
    );
    assert!(found.contains("1 proposition."));
    let none = citizen.get("/propositions?q=education").await.body;
    assert!(!none.contains("Électricité dans les centres"));
    let page = citizen.get("/propositions/P-0001").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("property=\"og:title\""));
    assert!(page.body.contains("Koffi"));
    assert!(
        page.body.contains("Ce n&#39;est pas un vote")
            || page.body.contains("Ce n'est pas un vote")
    );
    assert!(
        citizen
            .get(&follow)
            .await
            .body
            .contains("Elle est publiée.")
    );
}

#[actix_web::test]
async fn bad_proposals_get_clear_answers_and_nothing_is_saved() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;

    let mut missing = proposal_fields("", "");
    missing.retain(|(k, _)| *k != "theme");
    let r = propose(&ctx, &mut b, &missing, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Il y a un problème"));
    assert!(
        r.body.contains("Donnez un titre")
            && r.body.contains("Décrivez le problème")
            && r.body.contains("Choisissez un thème")
    );
    assert!(
        r.body.contains("Installer des panneaux solaires"),
        "typed text kept"
    );
    assert!(r.body.contains("value=\"Koffi\""));

    let long = "é".repeat(100_000);
    let r = propose(&ctx, &mut b, &proposal_fields("Titre", &long), 30).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        r.status
    );
    assert!(
        r.body.contains("trop long") || r.body.contains("trop volumineux"),
        "{}",
        &r.body[..500.min(r.body.len())]
    );

    let mut unknown = proposal_fields("Titre", "Problème");
    for (k, v) in unknown.iter_mut() {
        if *k == "theme" {
            *v = "piraterie";
        }
        if *k == "zone" {
            *v = "paris";
        }
    }
    let r = propose(&ctx, &mut b, &unknown, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choisissez un thème") && r.body.contains("Choisissez une région"));

    let mut robot = proposal_fields("Titre", "Problème");
    for (k, v) in robot.iter_mut() {
        if *k == "website" {
            *v = "http://spam.example";
        }
    }
    let r = propose(&ctx, &mut b, &robot, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("champ caché"));

    let r = propose(&ctx, &mut b, &proposal_fields("Trop vite", "Problème"), 0).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("très vite"));
    assert!(r.body.contains("value=\"Trop vite\""));

    let mut with_contact = proposal_fields("Titre", "Problème");
    with_contact.push(("contact", "07 07 07 07 07"));
    with_contact.retain(|(k, v)| !(*k == "contact" && v.is_empty()));
    let r = propose(&ctx, &mut b, &with_contact, 30).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("cochez la case pour accepter"));

    // Invalid UTF-8 in the body.
    let page = b.get("/propositions/nouvelle").await;
    let token = csrf_from(&page.body);
    let mut body = format!("csrf_token={token}&title=").into_bytes();
    body.extend_from_slice(b"\xff\xfe\xfd");
    body.extend_from_slice(
        b"&problem=x&solution=y&theme=sante&zone=gbeke&contributor_type=citoyen&language=fr",
    );
    let r = b
        .send(
            TestRequest::with_uri("/propositions/nouvelle")
                .method(Method::POST)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await;
    assert!(
        r.status.as_u16() < 500 && r.status != StatusCode::SEE_OTHER,
        "{}",
        r.status
    );

    // A closed consultation accepts nothing and says since when.
    ctx.state
        .db
        .write(|c| {
            Ok::<_, db::DbError>(c.execute(
                "UPDATE consultations SET closes_at = opens_at + 10, opens_at = opens_at - 100",
                [],
            )?)
        })
        .unwrap();
    let r = b.get("/propositions/nouvelle").await;
    assert!(r.body.contains("est close depuis le"), "{}", r.body);
    assert_eq!(
        count(&ctx, "SELECT count(*) FROM proposals"),
        0,
        "nothing half-saved"
    );
}

#[actix_web::test]
async fn hostile_text_shows_as_text_and_contacts_stay_private() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> javascript:alert(3)";
    let mut fields = proposal_fields(hostile, hostile);
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", "awa.secret@example.ci"));
    fields.push(("consent_contact", "oui"));
    let r = propose(&ctx, &mut b, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let follow = r.location().to_string();
    let queue = admin.get("/admin/moderation").await.body;
    assert!(
        queue.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && !queue.contains("<script>alert")
            && !queue.contains("<img src=x")
    );
    approve_all(&ctx, &mut admin).await;
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE contact = 'awa.secret@example.ci' AND consent_contact = 1"
        ),
        1
    );
    for (who, path) in [
        ("public", "/propositions"),
        ("public", "/propositions/P-0001"),
        ("public", follow.as_str()),
    ] {
        let body = if who == "admin" {
            admin.get(path).await.body
        } else {
            b.get(path).await.body
        };
        assert!(!body.contains("<script>alert"), "{path}");
        assert!(!body.contains("<img src=x"), "{path}");
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: hostile text not shown as text"
        );
        if who == "public" {
            assert!(
                !body.contains("awa.secret@example.ci"),
                "{path} shows the contact"
            );
        }
    }
}

#[actix_web::test]
async fn supports_count_once_per_participant_even_at_the_same_moment() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Soutenez-moi", "Un problème"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    approve_all(&ctx, &mut admin).await;
    let r = b
        .submit("/propositions/P-0001", "/propositions/P-0001/soutenir", &[])
        .await;
    assert_eq!(r.location(), "/propositions/P-0001?soutenu=1#soutien");
    let r = b
        .submit("/propositions/P-0001", "/propositions/P-0001/soutenir", &[])
        .await;
    assert_eq!(r.location(), "/propositions/P-0001?deja=1#soutien");
    let page = b.get("/propositions/P-0001?deja=1").await.body;
    assert!(page.contains("1 soutien") && page.contains("Vous soutenez déjà"));

    // 50 other participants at once, all behind one workshop hotspot address.
    let app = std::rc::Rc::new(test::init_service(app(ctx.state.clone())).await);
    let mut tasks = Vec::new();
    for i in 0..50 {
        let app = app.clone();
        tasks.push(async move {
            let participant = format!("participant-numero-{i:04}-abcdefgh");
            let csrf_cookie = format!("csrf-cookie-of-participant-{i:04}");
            let req = TestRequest::get()
                .uri("/propositions/P-0001")
                .insert_header((
                    "cookie",
                    format!("palabre_csrf={csrf_cookie}; palabre_participant={participant}"),
                ))
                .to_request();
            let page = test::call_and_read_body(&*app, req).await;
            let page = String::from_utf8_lossy(&page).into_owned();
            let token = csrf_from(&page);
            let req = TestRequest::with_uri("/propositions/P-0001/soutenir")
                .method(Method::POST)
                .peer_addr("192.0.2.200:4000".parse().unwrap())
                .insert_header((
                    "cookie",
                    format!("palabre_csrf={csrf_cookie}; palabre_participant={participant}"),
                ))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf_token={token}"))
                .to_request();
            test::call_service(&*app, req).await.status()
        });
    }
    let statuses = futures_util::future::join_all(tasks).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    assert_eq!(count(&ctx, "SELECT support_count FROM proposals"), 51);
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 51);
}

#[actix_web::test]
async fn comments_wait_for_approval_then_show() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields("À commenter", "Un problème"),
        30,
    )
    .await;
    approve_all(&ctx, &mut admin).await;
    let page = b.get("/propositions/P-0001").await.body;
    let token = csrf_from(&page);
    let stamp = common::hidden_value(&page, "form_ts").unwrap();
    let submission = common::hidden_value(&page, "submission").unwrap();
    ctx.state.set_now(ctx.state.now() + 10);
    let r = b
        .post(
            "/propositions/P-0001/commentaires",
            &[
                ("csrf_token", &token),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("body", ""),
                ("author_name", "Awa"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Écrivez votre commentaire") && r.body.contains("value=\"Awa\""));
    let r = b
        .post(
            "/propositions/P-0001/commentaires",
            &[
                ("csrf_token", &token),
                ("form_ts", &stamp),
                ("submission", &submission),
                ("body", "Très bonne idée <b>vraiment</b>"),
                ("author_name", "Awa"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        "/propositions/P-0001?commentaire=attente#commentaires"
    );
    let page = b.get("/propositions/P-0001?commentaire=attente").await.body;
    assert!(page.contains("publié après relecture") && !page.contains("Très bonne idée"));
    // The thanks is where the page lands, under the comments' heading, not 1,300 px above.
    let section = page.find(r#"id="commentaires""#).unwrap();
    let thanks = page.find("publié après relecture").unwrap();
    let form = page
        .find(r#"action="/propositions/P-0001/commentaires""#)
        .unwrap();
    assert!(section < thanks && thanks < form, "{page}");
    let id = count(&ctx, "SELECT id FROM comments");
    admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/commentaires/{id}/approuver"),
            &[],
        )
        .await;
    let page = b.get("/propositions/P-0001").await.body;
    assert!(
        page.contains("Très bonne idée &lt;b&gt;vraiment&lt;/b&gt;")
            && page.contains("1 commentaire")
    );
    assert!(b.get("/propositions").await.body.contains("1 commentaire"));

    // A published comment is withdrawn from the proposal's staff page, with a reason; the
    // moderator lands back there, the public no longer sees it, the journal says so.
    let staff_page = admin.get("/admin/propositions/P-0001").await.body;
    assert!(
        staff_page.contains("Commentaire publié (1)")
            && staff_page.contains(&format!(
                r#"action="/admin/moderation/commentaires/{id}/rejeter""#
            )),
        "{staff_page}"
    );
    // "Autre" without a précision: the same page again, that comment's form open with the
    // message, the comment still public.
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            &format!("/admin/moderation/commentaires/{id}/rejeter"),
            &[
                ("reason", "autre"),
                ("note", ""),
                ("retour", "/admin/propositions/P-0001#commentaires"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("P-0001 — À commenter")
            && r.body.contains("Précisez le motif.")
            && r.body.contains("<details class=\"reject\" open"),
        "{}",
        r.body
    );
    assert!(
        b.get("/propositions/P-0001")
            .await
            .body
            .contains("Très bonne idée")
    );
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            &format!("/admin/moderation/commentaires/{id}/rejeter"),
            &[
                ("reason", "injurieux"),
                ("note", ""),
                ("retour", "/admin/propositions/P-0001#commentaires"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/admin/propositions/P-0001#commentaires");
    let page = b.get("/propositions/P-0001").await.body;
    assert!(!page.contains("Très bonne idée"), "still public");
    let staff_page = admin.get("/admin/propositions/P-0001").await.body;
    assert!(!staff_page.contains("Commentaire publié"));
    let journal = admin.get("/admin/journal?action=moderation").await.body;
    assert!(journal.contains("propos injurieux"), "{journal}");
    // An address elsewhere is not followed.
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            &format!("/admin/moderation/commentaires/{id}/rejeter"),
            &[
                ("reason", "injurieux"),
                ("note", ""),
                ("retour", "https://ailleurs.example/"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/admin/moderation");
}

#[actix_web::test]
async fn facilitators_cannot_moderate() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin.add_staff("kouassi", "facilitator").await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields("En attente", "Un problème"),
        30,
    )
    .await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    assert_eq!(
        fac.get("/admin/moderation").await.status,
        StatusCode::FORBIDDEN
    );
    let id = count(&ctx, "SELECT id FROM proposals");
    let r = fac
        .submit(
            "/admin",
            &format!("/admin/moderation/propositions/{id}/approuver"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved'"
        ),
        0
    );
}

#[actix_web::test]
async fn staff_shape_consultations_and_the_form_follows() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let themes: Vec<(i64, String)> = ctx
        .state
        .db
        .read(|c| {
            Ok::<_, db::DbError>(
                c.prepare(
                    "SELECT id, code FROM themes WHERE code IN ('sante','education') ORDER BY code",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?,
            )
        })
        .unwrap();
    assert_eq!(themes.len(), 2);
    let today = time::OffsetDateTime::from_unix_timestamp(ctx.state.now())
        .unwrap()
        .date();
    let later = (today + time::Duration::days(30)).to_string();
    let bad = [
        ("title", ""),
        ("description", ""),
        ("opens_on", later.as_str()),
        ("closes_on", "2020-01-01"),
    ];
    let r = admin
        .submit(
            "/admin/consultations/nouvelle",
            "/admin/consultations/nouvelle",
            &bad,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Indiquez un titre") && r.body.contains("La date de fin doit suivre"));
    // A second consultation, open now, asking only about health and education, no optional question.
    let (t1, t2) = (themes[0].0.to_string(), themes[1].0.to_string());
    let today_s = today.to_string();
    let good = [
        ("title", "Commentaires sur les engagements"),
        ("description", "Donnez votre avis sur le projet de plan."),
        ("opens_on", today_s.as_str()),
        ("closes_on", later.as_str()),
        ("themes", t1.as_str()),
        ("themes", t2.as_str()),
    ];
    let r = admin
        .submit(
            "/admin/consultations/nouvelle",
            "/admin/consultations/nouvelle",
            &good,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r
        .location()
        .trim_start_matches("/admin/consultations/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let mut b = browser(&ctx).await;
    let form = b
        .get(&format!("/propositions/nouvelle?consultation={id}"))
        .await
        .body;
    assert!(
        form.contains("name=\"consultation\"") && form.contains("<select id=\"consultation\""),
        "two open: the person chooses"
    );
    assert!(
        form.contains("value=\"sante\"")
            && form.contains("value=\"education\"")
            && !form.contains("value=\"budget\"")
    );
    assert!(!form.contains("name=\"benefit\"") && !form.contains("name=\"ogp_values\""));
    let home = b.get("/").await.body;
    assert!(
        home.contains("Commentaires sur les engagements")
            && home.contains(&format!("/propositions/nouvelle?consultation={id}"))
    );
    // A theme the consultation does not offer is refused.
    let mut fields = proposal_fields("Budget", "Problème");
    for (k, v) in fields.iter_mut() {
        if *k == "theme" {
            *v = "budget";
        }
    }
    fields.push(("consultation", &id));
    let r = propose(&ctx, &mut b, &fields, 30).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &r.body[..300.min(r.body.len())]
    );
    assert!(r.body.contains("Choisissez un thème"));
    // Moved to the future: it says when it opens.
    let next = (today + time::Duration::days(40)).to_string();
    let end = (today + time::Duration::days(80)).to_string();
    let moved = [
        ("title", "Commentaires sur les engagements"),
        ("description", ""),
        ("opens_on", next.as_str()),
        ("closes_on", end.as_str()),
    ];
    admin
        .submit(
            &format!("/admin/consultations/{id}"),
            &format!("/admin/consultations/{id}"),
            &moved,
        )
        .await;
    ctx.state.db.write(|c| Ok::<_, db::DbError>(c.execute("UPDATE consultations SET closes_at = opens_at + 1, opens_at = opens_at - 100 WHERE id = 1", [])?)).unwrap();
    let r = b.get("/propositions/nouvelle").await.body;
    assert!(r.contains("ouvre le"), "{r}");
    // Themes: add one, and it is offered.
    let r = admin
        .submit(
            "/admin/themes",
            "/admin/themes",
            &[("label_fr", "Eau potable"), ("label_en", "Drinking water")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = admin
        .submit(
            "/admin/themes",
            "/admin/themes",
            &[("label_fr", "Eau potable"), ("label_en", "")],
        )
        .await;
    assert!(r.body.contains("existe déjà"));
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM themes WHERE code = 'eau-potable'"
        ),
        1
    );
}

#[actix_web::test]
async fn sixty_four_people_submitting_at_once_are_all_saved() {
    let ctx = state();
    let _admin = set_up_site(&ctx).await;
    let app = std::rc::Rc::new(test::init_service(app(ctx.state.clone())).await);
    let now = ctx.state.now();
    let secret = ctx.state.secret().to_vec();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let app = app.clone();
        let secret = secret.clone();
        tasks.push(async move {
            let cookie = format!("palabre_csrf=csrf-cookie-of-person-{i:04}");
            let req = TestRequest::get()
                .uri("/propositions/nouvelle")
                .insert_header(("cookie", cookie.clone()))
                .to_request();
            let page =
                String::from_utf8_lossy(&test::call_and_read_body(&*app, req).await).into_owned();
            let token = csrf_from(&page);
            let submission = common::hidden_value(&page, "submission").expect("a submission id");
            // Filled in a minute ago, each on their own form.
            let stamp = palabre::security::form_stamp(&secret, now - 60, &submission);
            let title = format!("Proposition numéro {i}");
            let mut fields = proposal_fields(&title, "Un problème partagé");
            fields.push(("consultation", "1"));
            fields.push(("csrf_token", &token));
            fields.push(("form_ts", &stamp));
            fields.push(("submission", &submission));
            let req = TestRequest::with_uri("/propositions/nouvelle")
                .method(Method::POST)
                .peer_addr(format!("192.0.2.{}:5000", 10 + i).parse().unwrap())
                .insert_header(("cookie", cookie))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(serde_urlencoded::to_string(&fields).unwrap())
                .to_request();
            let res = test::call_service(&*app, req).await;
            let status = res.status();
            let body = String::from_utf8_lossy(&test::read_body(res).await).into_owned();
            (status, body)
        });
    }
    let results = futures_util::future::join_all(tasks).await;
    for (status, body) in &results {
        assert_eq!(*status, StatusCode::SEE_OTHER, "{body}");
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 64);
    assert_eq!(
        count(&ctx, "SELECT count(DISTINCT ref_number) FROM proposals"),
        64
    );
    assert_eq!(count(&ctx, "SELECT max(ref_number) FROM proposals"), 64);
    assert_eq!(count(&ctx, "SELECT count(DISTINCT uid) FROM proposals"), 64);
    let instance = ctx.state.instance_id.clone();
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM proposals WHERE instance_id = '{instance}' AND channel = 'en_ligne'"
            )
        ),
        64
    );
}

#[actix_web::test]
async fn admins_set_the_upload_cap_and_the_moderation_mode() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "n_importe"),
                ("upload_max_mb", "0"),
                ("report_threshold", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choisissez un mode") && r.body.contains("de 1 à 200"));
    assert!(r.body.contains("value=\"0\""), "typed value kept");
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "1"),
                ("report_threshold", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The cap applies at once.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'x', 1_100_000));
    let r = upload(&mut admin, "plan.pdf", &pdf, "Un peu gros").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("dépasse 1\u{a0}Mo") || r.body.contains("dépasse 1 Mo"),
        "{}",
        r.body
    );
    let r = admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "1"),
                ("report_threshold", "2"),
                ("licence", "pirate"),
            ],
        )
        .await;
    assert!(r.body.contains("Choisissez une licence"));
    admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "1"),
                ("report_threshold", "2"),
                ("licence", "odbl"),
            ],
        )
        .await;
    assert!(
        admin
            .get("/donnees")
            .await
            .body
            .contains("Open Database License")
    );
    // A posteriori: a new proposal is public at once.
    let mut b = browser(&ctx).await;
    let r = propose(
        &ctx,
        &mut b,
        &proposal_fields("Publique tout de suite", "Un problème"),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        b.get("/propositions")
            .await
            .body
            .contains("Publique tout de suite")
    );
    // Moderators cannot change settings.
    admin.add_staff("modo", "moderator").await;
    let mut m = browser(&ctx).await;
    m.sign_in("modo").await;
    assert_eq!(m.get("/admin/reglages").await.status, StatusCode::FORBIDDEN);
    assert_eq!(m.get("/admin/moderation").await.status, StatusCode::OK);
}

/// Submits `n` proposals as different people and publishes them; returns their follow-up paths.
async fn published_proposals<S, B>(
    ctx: &Ctx,
    admin: &mut Browser<S>,
    titles: &[&str],
) -> Vec<String>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut links = Vec::new();
    for t in titles {
        let mut b = browser(ctx).await;
        let r = propose(
            ctx,
            &mut b,
            &proposal_fields(t, "Les routes sont en mauvais état."),
            30,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        links.push(r.location().trim_end_matches("?nouveau=1").to_string());
    }
    approve_all(ctx, admin).await;
    links
}

async fn support_as<S, B>(b: &mut Browser<S>, participant: &str, reference: &str)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    b.cookies
        .insert("palabre_participant".into(), participant.into());
    let r = b
        .submit(
            &format!("/propositions/{reference}"),
            &format!("/propositions/{reference}/soutenir"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[actix_web::test]
async fn a_final_status_needs_a_written_reason_and_the_answer_is_public() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let links = published_proposals(&ctx, &mut admin, &["Réparer la route de Sakassou"]).await;
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "non-retenue"),
                ("answer", "Non."),
                ("commitment", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Un statut définitif demande une réponse écrite")
    );
    assert!(r.body.contains(">Non.</textarea>"), "typed answer kept");
    assert!(r.body.contains("<option value=\"non-retenue\" selected"));
    let answer = "Les routes relèvent du ministère de l'Équipement, hors du champ du plan.";
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "hors-champ"),
                ("answer", answer),
                ("commitment", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut b = browser(&ctx).await;
    let page = b.get("/propositions/P-0001").await.body;
    assert!(
        page.contains("La réponse de l&#39;administration")
            || page.contains("La réponse de l'administration")
    );
    assert!(page.contains("hors du champ du plan") && page.contains("Hors champ"));
    assert!(
        page.contains("Historique")
            && !page.contains("Modératrice ou modérateur")
            && page.contains("Administratrice ou administrateur"),
        "history shows the role"
    );
    assert!(
        !page.contains("awa.kone"),
        "the public history never names the person"
    );
    let follow = b.get(&links[0]).await.body;
    assert!(
        follow.contains("hors du champ du plan"),
        "the author reads the answer on the follow-up link"
    );
    // A retained proposal names its commitment; other statuses cannot.
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "retenue"),
                ("answer", "Retenue après le forum de juin."),
                ("commitment", "Engagement 4 : routes rurales"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        b.get("/propositions/P-0001")
            .await
            .body
            .contains("Engagement 4")
    );
}

#[actix_web::test]
async fn merging_three_duplicates_counts_each_supporter_once_and_keeps_every_link() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let links = published_proposals(
        &ctx,
        &mut admin,
        &[
            "Routes de Bouaké",
            "Route Bouaké–Sakassou",
            "Goudronner la route de Sakassou",
        ],
    )
    .await;
    let mut b = browser(&ctx).await;
    // Supporters overlap: A supports all three, B supports 1 and 2, C only 3, D only 1.
    for (who, refs) in [
        (
            "participant-A-aaaaaaaaaaaaaaaa",
            vec!["P-0001", "P-0002", "P-0003"],
        ),
        ("participant-B-bbbbbbbbbbbbbbbb", vec!["P-0001", "P-0002"]),
        ("participant-C-cccccccccccccccc", vec!["P-0003"]),
        ("participant-D-dddddddddddddddd", vec!["P-0001"]),
    ] {
        for r in refs {
            support_as(&mut b, who, r).await;
        }
    }
    assert_eq!(count(&ctx, "SELECT sum(support_count) FROM proposals"), 7);
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/fusion",
            &[("duplicates", "P-0002, nimporte")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("références valides") && r.body.contains("value=\"P-0002, nimporte\""));
    let r = admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/fusion",
            &[("duplicates", "P-0002, P-0003")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        count(
            &ctx,
            "SELECT support_count FROM proposals WHERE ref_number = 1"
        ),
        4,
        "A, B, C, D once each"
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 4);
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE status = 'fusionnee' AND merged_into = (SELECT id FROM proposals WHERE ref_number = 1)"
        ),
        2
    );
    for (i, link) in links.iter().enumerate() {
        let page = b.get(link).await;
        assert_eq!(page.status, StatusCode::OK, "follow-up link {i} broken");
        if i > 0 {
            assert!(page.body.contains("fusionnée avec P-0001"), "{}", page.body);
        }
    }
    let page = b.get("/propositions/P-0002").await.body;
    assert!(
        page.contains("fusionnée avec P-0001") && page.contains("href=\"/propositions/P-0001\"")
    );
    assert!(
        b.get("/propositions/P-0001")
            .await
            .body
            .contains("4 soutiens")
    );
    // A merged proposal takes no more supports or comments: its forms are gone, a post is
    // refused with a message that says where to go, and nothing is written.
    assert!(
        !page.contains("/propositions/P-0002/soutenir")
            && !page.contains("/propositions/P-0002/commentaires")
    );
    let fresh = "participant-E-eeeeeeeeeeeeeeee";
    b.cookies.insert("palabre_participant".into(), fresh.into());
    let token = csrf_from(&page);
    let r = b
        .post("/propositions/P-0002/soutenir", &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("soutiens et commentaires vont désormais sur la proposition commune"),
        "{}",
        r.body
    );
    let r = b
        .post(
            "/propositions/P-0002/commentaires",
            &[
                ("csrf_token", &token),
                ("body", "Je soutiens !"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Je soutiens !"), "what was typed stays");
    assert_eq!(count(&ctx, "SELECT count(*) FROM supports"), 4);
    assert_eq!(count(&ctx, "SELECT count(*) FROM comments"), 0);
}

#[actix_web::test]
async fn the_audit_trail_records_every_change_in_order_and_cannot_be_edited() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Un registre des marchés publics"]).await;
    for (status, answer) in [
        ("en-analyse", ""),
        (
            "retenue-en-partie",
            "Retenue pour les marchés de plus de 100 millions.",
        ),
    ] {
        let r = admin
            .submit(
                "/admin/propositions/P-0001",
                "/admin/propositions/P-0001/reponse",
                &[("status", status), ("answer", answer), ("commitment", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let journal = admin.get("/admin/journal?ref=P-0001").await.body;
    let a = journal
        .find("Statut : En analyse → Retenue en partie")
        .or_else(|| journal.find("Statut\u{a0}: En analyse → Retenue en partie"))
        .expect("second change");
    let b = journal
        .find("Statut : Reçue → En analyse")
        .or_else(|| journal.find("Statut\u{a0}: Reçue → En analyse"))
        .expect("first change");
    let c = journal
        .find("en attente de relecture → publiée")
        .expect("approval");
    assert!(a < b && b < c, "newest first");
    assert!(journal.contains("awa.kone"));
    assert_eq!(count(&ctx, "SELECT count(*) FROM audit_log"), 3);
    // Not even SQL can rewrite it, and no route exists to try.
    let err = ctx
        .state
        .db
        .write(|c| Ok::<_, db::DbError>(c.execute("UPDATE audit_log SET note = 'effacé'", [])?));
    assert!(err.is_err());
    let err = ctx
        .state
        .db
        .write(|c| Ok::<_, db::DbError>(c.execute("DELETE FROM audit_log", [])?));
    assert!(err.is_err());
    assert_eq!(
        admin
            .submit("/admin/journal", "/admin/journal", &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let public = admin.get("/propositions/P-0001").await.body;
    let first = public.find("En analyse (").unwrap_or(usize::MAX);
    let second = public.find("Retenue en partie (").unwrap_or(0);
    assert!(first < second, "public history oldest first");
}

#[actix_web::test]
async fn hidden_and_withheld_contributions_leave_every_public_place() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    admin
        .submit(
            "/admin/reglages",
            "/admin/reglages",
            &[
                ("moderation_mode", "a_posteriori"),
                ("upload_max_mb", "10"),
                ("report_threshold", "2"),
            ],
        )
        .await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields("Électrification immédiate", "Un problème"),
        30,
    )
    .await;
    assert!(
        b.get("/propositions?q=electrification")
            .await
            .body
            .contains("Électrification immédiate"),
        "a posteriori: public at once"
    );
    // Two reports from two people hide it everywhere, at once.
    for who in [
        "reporter-one-aaaaaaaaaaaaaaa",
        "reporter-two-bbbbbbbbbbbbbbb",
    ] {
        b.cookies.insert("palabre_participant".into(), who.into());
        let r = b
            .submit("/propositions/P-0001", "/propositions/P-0001/signaler", &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert!(
        !b.get("/propositions")
            .await
            .body
            .contains("Électrification")
    );
    assert!(
        !b.get("/propositions?q=electrification")
            .await
            .body
            .contains("Électrification")
    );
    assert_eq!(
        b.get("/propositions/P-0001").await.status,
        StatusCode::NOT_FOUND
    );
    let queue = admin.get("/admin/moderation").await.body;
    assert!(queue.contains("Masquée après 2 signalements"));
    // The moderator withholds it for a reason; the public sees the count per reason only.
    let id = count(&ctx, "SELECT id FROM proposals");
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "autre"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Précisez le motif"));
    let r = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/rejeter"),
            &[("reason", "publicite"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = b.get("/propositions").await.body;
    assert!(
        list.contains("Contributions non publiées") && list.contains("publicité ou spam\u{a0}: 1"),
        "{list}"
    );
    assert!(!list.contains("Électrification"));
    // The journal names the reason as people read it, not by its code.
    let journal = admin.get("/admin/journal").await.body;
    assert!(
        journal.contains("<td>publicité ou spam</td>") && !journal.contains(">publicite<"),
        "{journal}"
    );
    // A withheld item's state is not mistaken for the answer "Retenue".
    assert!(
        journal.contains("écartée par la modération")
            && !journal.contains("retenue par la modération")
    );
}

/// Optional fields are optional for the browser too; dates read as dates; English is one of
/// the contribution languages.
#[actix_web::test]
async fn forms_and_lists_read_as_people_expect() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let place_input = regex::Regex::new(r#"<input[^>]*name="place"[^>]*>"#).unwrap();
    for page in ["/admin/calendrier", "/admin/ateliers"] {
        let html = admin.get(page).await.body;
        let inputs: Vec<&str> = place_input.find_iter(&html).map(|m| m.as_str()).collect();
        assert!(!inputs.is_empty(), "no place field on {page}");
        for input in inputs {
            assert!(!input.contains("required"), "{page}: {input}");
        }
    }
    // A forum meeting is listed by its place: the field is asked for, and says so.
    let forum = admin.get("/admin/forum").await.body;
    let input = place_input.find(&forum).map(|m| m.as_str()).unwrap_or("");
    assert!(input.contains("required"), "{input}");
    assert!(forum.contains(">Lieu de la réunion<") && !forum.contains("Lieu (facultatif)"));
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier de Korhogo"),
                ("place", ""),
                ("zone", "poro"),
                ("held_on", "10/12/2026"),
                ("facilitators", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin
        .get("/admin/ateliers")
        .await
        .body
        .replace('\u{a0}', " ");
    assert!(
        list.contains("<td>10 décembre 2026</td>") && !list.contains("2026-12-10"),
        "{list}"
    );
    let form = admin.get("/propositions/nouvelle").await.body;
    assert!(
        form.contains(r#"<option value="en">Anglais</option>"#),
        "{form}"
    );
    let docs = admin.get("/admin/documents").await.body;
    assert!(docs.contains("jour/mois/année") && !docs.contains("année-mois-jour"));
}

#[actix_web::test]
async fn bulk_answers_apply_one_status_to_several_proposals() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Un", "Deux", "Trois"]).await;
    let ids: Vec<String> = (1..=2)
        .map(|n| {
            count(
                &ctx,
                &format!("SELECT id FROM proposals WHERE ref_number = {n}"),
            )
            .to_string()
        })
        .collect();
    let r = admin
        .submit(
            "/admin/propositions",
            "/admin/propositions/lot",
            &[
                ("ids", &ids[0]),
                ("ids", &ids[1]),
                ("status", "non-retenue"),
                ("answer", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Un statut définitif demande"));
    let r = admin
        .submit(
            "/admin/propositions",
            "/admin/propositions/lot",
            &[
                ("ids", &ids[0]),
                ("ids", &ids[1]),
                ("status", "non-retenue"),
                ("answer", "Déjà couvert par le plan en cours."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get(r.location())
            .await
            .body
            .contains("2 propositions mises à jour.")
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE status = 'non-retenue' AND answer = 'Déjà couvert par le plan en cours.'"
        ),
        2
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT status = 'recue' FROM proposals WHERE ref_number = 3"
        ),
        1
    );
    let filtered = admin
        .get("/admin/propositions?statut=non-retenue")
        .await
        .body;
    assert!(filtered.contains("P-0001") && !filtered.contains("P-0003 —"));
}

#[actix_web::test]
async fn facilitators_and_visitors_replaying_moderation_requests_change_nothing() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Cible", "Doublon"]).await;
    let mut b = browser(&ctx).await;
    propose(&ctx, &mut b, &proposal_fields("En attente", "Problème"), 30).await;
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    let mut visitor = browser(&ctx).await;
    let pending = count(
        &ctx,
        "SELECT id FROM proposals WHERE moderation = 'pending'",
    )
    .to_string();
    let p1 = count(&ctx, "SELECT id FROM proposals WHERE ref_number = 1").to_string();
    let before = count(&ctx, "SELECT count(*) FROM audit_log");
    let snapshot = |ctx: &Ctx| {
        count(
            ctx,
            "SELECT sum(length(status) + length(moderation) + length(answer) + support_count + coalesce(merged_into, 0)) FROM proposals",
        )
    };
    let state_before = snapshot(&ctx);
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/admin/moderation/propositions/{pending}/approuver"),
            vec![],
        ),
        (
            format!("/admin/moderation/propositions/{p1}/rejeter"),
            vec![("reason", "injurieux"), ("note", "")],
        ),
        (
            "/admin/propositions/P-0001/reponse".into(),
            vec![
                ("status", "retenue"),
                ("answer", "Une réponse assez longue."),
                ("commitment", ""),
            ],
        ),
        (
            "/admin/propositions/P-0001/fusion".into(),
            vec![("duplicates", "P-0002")],
        ),
        (
            "/admin/propositions/lot".into(),
            vec![
                ("ids", p1.as_str()),
                ("status", "en-analyse"),
                ("answer", ""),
            ],
        ),
    ];
    let gets = [
        "/admin/moderation",
        "/admin/propositions",
        "/admin/propositions/P-0001",
        "/admin/journal",
    ];
    for path in gets {
        assert_eq!(
            fac.get(path).await.status,
            StatusCode::FORBIDDEN,
            "facilitator GET {path}"
        );
        let r = visitor.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "visitor GET {path}");
        assert!(r.location().starts_with("/admin/connexion"));
    }
    for (path, fields) in &posts {
        assert_eq!(
            fac.submit("/admin", path, fields).await.status,
            StatusCode::FORBIDDEN,
            "facilitator POST {path}"
        );
        let r = visitor.submit("/admin/connexion", path, fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "visitor POST {path}");
        assert!(
            r.location().starts_with("/admin/connexion"),
            "visitor POST {path}"
        );
    }
    assert_eq!(count(&ctx, "SELECT count(*) FROM audit_log"), before);
    assert_eq!(snapshot(&ctx), state_before);
}

#[actix_web::test]
async fn exports_and_open_data_hold_what_they_should_and_nothing_more() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    let mut fields = proposal_fields(
        "=HYPERLINK(\"http://evil\";\"clic\")",
        "Électricité à Bouaké",
    );
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", "awa.secret@example.ci"));
    fields.push(("consent_contact", "oui"));
    propose(&ctx, &mut b, &fields, 30).await;
    approve_all(&ctx, &mut admin).await;
    let mut b2 = browser(&ctx).await;
    let mut phone = proposal_fields("Pas encore publiée", "Un problème secret");
    phone.retain(|(k, _)| *k != "contact");
    phone.extend([
        ("contact", "+225 07 08 09 10 11"),
        ("consent_contact", "oui"),
    ]);
    let r = propose(&ctx, &mut b2, &phone, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Staff export (admin): everything, contact included, formulas neutralised, BOM for Excel.
    let r = admin
        .send(TestRequest::get().uri("/admin/exports/propositions.csv?separateur=pointvirgule"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-disposition").starts_with("attachment"));
    assert!(r.body.starts_with('\u{feff}'), "BOM");
    assert!(r.body.contains("reference;consultation;titre"));
    assert!(r.body.contains("'=HYPERLINK"), "formula neutralised");
    assert!(r.body.contains("awa.secret@example.ci") && r.body.contains("Pas encore publiée"));
    assert!(r.body.contains("Électricité à Bouaké"));
    let x = admin
        .send(TestRequest::get().uri("/admin/exports/propositions.xlsx"))
        .await;
    assert_eq!(x.status, StatusCode::OK);
    let sheet = xlsx_sheet(&x.bytes);
    assert!(sheet.contains("Électricité à Bouaké") && sheet.contains("awa.secret@example.ci"));
    assert!(
        sheet.contains("HYPERLINK") && !sheet.contains("<f>"),
        "text, never a formula"
    );
    assert!(
        sheet.contains(">+225 07 08 09 10 11<") && !sheet.contains("'+225"),
        "a phone number stays a phone number in XLSX"
    );
    let j = admin.get("/admin/exports/historique.json").await;
    let v: serde_json::Value = serde_json::from_str(&j.body).unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));

    // A moderator's export has no contact, and says so on the page.
    admin.add_staff("modo", "moderator").await;
    let mut m = browser(&ctx).await;
    m.sign_in("modo").await;
    assert!(m.get("/admin/exports").await.body.contains("aucun contact"));
    let r = m.get("/admin/exports/propositions.csv").await;
    assert!(!r.body.contains("awa.secret@example.ci") && !r.body.contains(",contact,"));

    // Open data: published only, no personal data.
    for path in [
        "/donnees/propositions.csv",
        "/donnees/propositions.json",
        "/donnees/propositions.xlsx",
    ] {
        let r = b.send(TestRequest::get().uri(path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            !r.body.contains("awa.secret")
                && !r.body.contains("Pas encore publiée")
                && !r.body.contains("Koffi"),
            "{path}"
        );
    }
    let csv = b.get("/donnees/propositions.csv").await.body;
    assert!(csv.contains("P-0001") && csv.contains("'=HYPERLINK"));
    let page = b.get("/donnees").await.body;
    assert!(page.contains("Licence Ouverte") && page.contains("fusionnee_avec"));
    // Facilitators and visitors get no staff export.
    assert_eq!(
        b.get("/admin/exports/propositions.csv").await.status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn the_dashboard_counts_and_the_synthesis_is_published_into_the_library() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    published_proposals(&ctx, &mut admin, &["Route de Sakassou", "Pistes de Béoumi"]).await;
    let mut b = browser(&ctx).await;
    propose(&ctx, &mut b, &proposal_fields("En attente", "Problème"), 30).await;
    admin
        .submit(
            "/admin/propositions/P-0001",
            "/admin/propositions/P-0001/reponse",
            &[
                ("status", "retenue"),
                ("answer", "Retenue : priorité du forum."),
                ("commitment", "Engagement 3 : routes rurales"),
            ],
        )
        .await;
    let dash = admin.get("/admin/resultats").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(
        dash.body.contains("<svg role=\"img\""),
        "charts are inline SVG"
    );
    assert!(
        dash.body.contains("Gbêkê") && dash.body.contains("Vallée du Bandama"),
        "zones and their district"
    );
    assert!(
        dash.body.contains("1 contribution attend une relecture")
            && dash
                .body
                .contains("1 proposition publiée attend une réponse"),
        "{}",
        dash.body
    );
    assert!(
        !dash.body.contains("<strong>1</strong> soutiens"),
        "one support, singular"
    );
    // The dashboard says what waits, in figures, each leading to the work.
    let home = admin.get("/admin").await.body;
    let (day, week) = palabre::domain::oversight::day_and_week_start(ctx.state.now());
    let today = count(
        &ctx,
        &format!("SELECT count(*) FROM proposals WHERE created_at >= {day}"),
    );
    let this_week = count(
        &ctx,
        &format!("SELECT count(*) FROM proposals WHERE created_at >= {week}"),
    );
    assert!(this_week >= 3, "three proposals were just sent");
    for (n, text, href) in [
        (1, "contribution à relire", "/admin/moderation"),
        (
            1,
            "proposition publiée attend une réponse",
            "/admin/propositions?statut=recue",
        ),
        (
            today,
            if today == 1 {
                "proposition reçue aujourd'hui"
            } else {
                "propositions reçues aujourd'hui"
            },
            "/admin/propositions",
        ),
        (
            this_week,
            "propositions reçues cette semaine",
            "/admin/propositions",
        ),
    ] {
        let item = format!(
            r#"<a href="{}"><strong>{n}</strong> {}</a>"#,
            href.replace('&', "&amp;"),
            text.replace('\'', "&#39;")
        );
        assert!(
            home.contains(&item) || home.contains(&item.replace("&#39;", "'")),
            "{item} not in:\n{home}"
        );
    }
    assert!(
        dash.body.contains("<table class=\"figures\""),
        "a table behind every chart"
    );
    assert!(!dash.body.contains("<script"));
    let report = admin.get("/admin/synthese").await.body;
    assert!(
        report.contains("Engagement 3\u{a0}: routes rurales")
            || report.contains("Engagement 3 : routes rurales")
    );
    assert!(
        report.contains("Retenue : priorité du forum.")
            || report.contains("Retenue\u{a0}: priorité du forum.")
    );
    assert!(
        !report.contains("En attente"),
        "unpublished proposals stay out of the report"
    );
    let r = admin
        .submit("/admin/synthese", "/admin/synthese/publier", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let docs = b.get("/documents?categorie=syntheses").await.body;
    assert!(
        docs.contains("Synthèse et réponse motivée du") && docs.contains("(HTML,"),
        "{docs}"
    );
    let re = regex::Regex::new(r#"href="(/documents/[^"/]+/synthese-[^"]+)""#).unwrap();
    let href = re
        .captures(&docs)
        .map(|c| c[1].to_string())
        .expect("link to the frozen copy");
    let file = b.send(TestRequest::get().uri(&href)).await;
    assert!(
        file.header("content-disposition").starts_with("attachment"),
        "never rendered in the site"
    );
    assert!(file.header("content-security-policy").contains("sandbox"));
    assert!(file.body.contains("routes rurales") && file.body.contains("<style>"));
    // Facilitators see none of it.
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.sign_in("kouassi").await;
    for path in [
        "/admin/resultats",
        "/admin/synthese",
        "/admin/exports",
        "/admin/exports/propositions.csv",
    ] {
        assert_eq!(fac.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
}

/// Converts a CSV file to HTML with LibreOffice (headless) and returns the cells' text.
fn libreoffice_cells(csv: &[u8], separator: u8) -> String {
    let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let soffice =
        soffice.unwrap_or_else(|| panic!("LibreOffice is missing: run `bash tests/deps.sh`"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    std::fs::write(&file, csv).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let out = std::process::Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            &profile,
            &format!("--infilter=CSV:{separator},34,76,1"),
            "--convert-to",
            "html",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&file)
        .output()
        .unwrap();
    let html = std::fs::read_to_string(dir.path().join("export.html")).unwrap_or_else(|e| {
        panic!(
            "LibreOffice made no HTML ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let text = regex::Regex::new(r"<[^>]+>")
        .unwrap()
        .replace_all(&html, "\n")
        .to_string();
    text.replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
}

#[actix_web::test]
async fn csv_exports_open_in_libreoffice_with_accents_and_no_formula_run() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut b = browser(&ctx).await;
    propose(
        &ctx,
        &mut b,
        &proposal_fields(
            "=HYPERLINK(\"http://evil.example\";\"cliquez ici\")",
            "Électricité à Bouaké, œuvre d'intérêt général",
        ),
        30,
    )
    .await;
    approve_all(&ctx, &mut admin).await;
    for (path, sep, who) in [
        (
            "/admin/exports/propositions.csv?separateur=pointvirgule",
            59u8,
            "staff",
        ),
        // A French Excel expects semicolons: the plain staff CSV has them.
        ("/admin/exports/propositions.csv", 59, "staff"),
        (
            "/admin/exports/propositions.csv?separateur=virgule",
            44,
            "staff",
        ),
        ("/donnees/propositions.csv", 44, "public"),
    ] {
        let r = if who == "staff" {
            admin.send(TestRequest::get().uri(path)).await
        } else {
            b.send(TestRequest::get().uri(path)).await
        };
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let cells = libreoffice_cells(r.body.as_bytes(), sep);
        assert!(
            cells.contains("Électricité à Bouaké, œuvre d'intérêt général"),
            "{path}: accents lost:\n{cells}"
        );
        assert!(
            cells.contains("=HYPERLINK(\"http://evil.example\";\"cliquez ici\")"),
            "{path}: formula text missing:\n{cells}"
        );
        assert!(
            !cells.lines().any(|l| l.trim() == "cliquez ici"),
            "{path}: the formula ran"
        );
        assert!(
            cells.lines().any(|l| l.trim() == "P-0001"),
            "{path}: columns not split:\n{cells}"
        );
        let has = |cell: &str| cells.lines().any(|l| l.trim() == cell);
        if who == "staff" {
            // Words for people, codes at the end for formulas.
            for cell in [
                "Reçue",
                "En ligne",
                "publiée",
                "statut_code",
                "recue",
                "en_ligne",
            ] {
                assert!(has(cell), "{path}: no cell {cell:?}:\n{cells}");
            }
        } else {
            assert!(
                has("recue") && !has("Reçue") && !has("statut_code"),
                "{path}: open data keeps codes"
            );
        }
    }
}

#[actix_web::test]
async fn admins_download_a_workshop_file_and_upload_it_on_another_site() {
    let a = state();
    let mut admin_a = browser(&a).await;
    do_setup(&a, &mut admin_a).await;
    let mut b = browser(&a).await;
    propose(
        &a,
        &mut b,
        &proposal_fields("Proposition de l'atelier de Gagnoa", "Un problème"),
        30,
    )
    .await;
    let zip = admin_a
        .send(TestRequest::get().uri("/admin/ateliers/fichier/export"))
        .await;
    assert_eq!(zip.status, StatusCode::OK);
    assert!(
        zip.header("content-disposition")
            .contains("palabre-atelier-")
    );
    // `Resp` holds text; the zip is fetched again as bytes.
    let svc = test::init_service(app(a.state.clone())).await;
    let cookies: Vec<String> = admin_a
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let raw = test::call_and_read_body(
        &svc,
        TestRequest::get()
            .uri("/admin/ateliers/fichier/export")
            .insert_header(("cookie", cookies.join("; ")))
            .insert_header(("host", "localhost:8080"))
            .to_request(),
    )
    .await;
    assert!(raw.starts_with(b"PK"));
    // The workshop file holds contacts: its download is in the journal, by its name.
    let journal = admin_a.get("/admin/journal?action=export").await.body;
    assert!(
        journal.contains("Export\u{a0}: palabre-atelier-"),
        "{journal}"
    );

    let n = state();
    let mut admin_n = browser(&n).await;
    do_setup(&n, &mut admin_n).await;
    // A second round opens later on the national site: the import can still go to the
    // first one.
    let first: i64 = n
        .state
        .db
        .read(|c| {
            Ok::<_, palabre::db::DbError>(c.query_row(
                "SELECT min(id) FROM consultations",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    n.state
        .db
        .write(|c| {
            Ok::<_, palabre::db::DbError>(palabre::db::consultations::insert(
                c,
                "second-tour",
                "Second tour : le projet de plan",
                n.state.now() + 30 * 86_400,
                n.state.now() + 60 * 86_400,
                n.state.now(),
            )?)
        })
        .unwrap();
    let upload = |data: Vec<u8>, consultation: Option<&str>| {
        let boundary = "----palabreBundleBoundary";
        let mut body = Vec::new();
        if let Some(id) = consultation {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"consultation\"\r\n\r\n{id}\r\n").as_bytes());
        }
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"atelier.zip\"\r\nContent-Type: application/zip\r\n\r\n").as_bytes());
        body.extend_from_slice(&data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    };
    let page = admin_n.get("/admin/ateliers/fichier").await.body;
    assert!(
        page.contains("Consultation qui reçoit les propositions")
            && page.contains("Second tour : le projet de plan"),
        "{page}"
    );
    // A consultation of another site is refused, and nothing is imported.
    let token = csrf_from(&page);
    let (ct, body) = upload(raw.to_vec(), Some("999"));
    let r = admin_n
        .send(
            TestRequest::with_uri(&format!(
                "/admin/ateliers/fichier/import?csrf_token={token}"
            ))
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("choisissez une des consultations"),
        "{}",
        r.body
    );
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 0);
    let first_id = first.to_string();
    for round in 0..2 {
        let page = admin_n.get("/admin/ateliers/fichier").await;
        let token = csrf_from(&page.body);
        let (ct, body) = upload(raw.to_vec(), (round == 0).then_some(first_id.as_str()));
        let r = admin_n
            .send(
                TestRequest::with_uri(&format!(
                    "/admin/ateliers/fichier/import?csrf_token={token}"
                ))
                .method(Method::POST)
                .insert_header(("content-type", ct))
                .insert_header(("origin", "http://localhost:8080"))
                .set_payload(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        if round == 0 {
            assert!(
                r.body
                    .contains("Import terminé. Ajoutés\u{a0}: 1 proposition, 0 commentaire"),
                "{}",
                r.body
            );
        } else {
            assert!(
                r.body.contains("\u{a0}: 0 proposition,")
                    && r.body.contains("Déjà présents\u{a0}: 1."),
                "{}",
                r.body
            );
        }
    }
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM proposals WHERE bundle_id IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &n,
            "SELECT consultation_id FROM proposals WHERE bundle_id IS NOT NULL"
        ),
        first,
        "not in the consultation chosen"
    );
    let page = admin_n.get("/admin/ateliers/fichier").await;
    let token = csrf_from(&page.body);
    let (ct, body) = upload(b"pas un zip".to_vec(), None);
    let r = admin_n
        .send(
            TestRequest::with_uri(&format!(
                "/admin/ateliers/fichier/import?csrf_token={token}"
            ))
            .method(Method::POST)
            .insert_header(("content-type", ct))
            .insert_header(("origin", "http://localhost:8080"))
            .set_payload(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("rien n&#39;a été importé") || r.body.contains("rien n'a été importé"));
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 1);
}

/// A regional workshop on a laptop: the admin creates it and starts it; phones' proposals
/// carry it; a facilitator types in ten paper forms (a paper number only once); a shared
/// kiosk resets after each proposal and cannot reach the admin; the bundle then merges into
/// the national site with the workshop, the paper numbers and who typed them.
#[actix_web::test]
async fn a_workshop_with_paper_forms_and_a_kiosk_merges_into_the_national_site() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    // The laptop gets its own reference code, so that its receipts stay true nationally.
    let settings = |code: &'static str| {
        vec![
            ("moderation_mode", "a_priori"),
            ("upload_max_mb", "10"),
            ("report_threshold", "3"),
            ("reference_code", code),
            ("public_address", ""),
        ]
    };
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &settings("G-1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("de 1 à 5 lettres ou chiffres") && r.body.contains("value=\"G-1\""));
    let r = admin
        .submit("/admin/reglages", "/admin/reglages", &settings("ggn"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Every reference a participant was handed, with the title it stands for.
    let mut handed: Vec<(String, String)> = Vec::new();
    let find_ref = |text: &str| {
        regex::Regex::new(r"GGN-\d{4}")
            .unwrap()
            .find(text)
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| panic!("no GGN reference in {text}"))
    };
    // Bad input is refused with messages, and what was typed stays.
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier de <Gagnoa>"),
                ("place", "Mairie"),
                ("zone", "atlantide"),
                ("held_on", "3 décembre"),
                ("facilitators", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Atelier de &lt;Gagnoa&gt;") && r.body.contains("Indiquez la date de l")
    );
    let r = admin
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Atelier régional de Gagnoa"),
                ("place", "Salle de la mairie"),
                ("zone", "goh"),
                ("held_on", "2026-12-03"),
                ("facilitators", "Awa, Koffi"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = count(
        &ctx,
        "SELECT id FROM workshops WHERE name = 'Atelier régional de Gagnoa'",
    );
    let list = admin.get("/admin/ateliers?cree=1").await;
    assert!(
        list.body.contains("Atelier créé") && list.body.contains("Salle de la mairie, Gôh"),
        "{}",
        list.body
    );
    let r = admin
        .submit(
            "/admin/ateliers",
            &format!("/admin/ateliers/{id}/en-cours"),
            &[("action", "demarrer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get("/admin/ateliers")
            .await
            .body
            .contains("En cours sur cet ordinateur")
    );

    // A phone on the hotspot: its proposal carries the workshop, channel "atelier".
    let mut phone = browser(&ctx).await;
    phone.peer = "192.168.137.23:50000".into();
    let r = propose(
        &ctx,
        &mut phone,
        &proposal_fields("Un forage pour le village", "Pas d'eau potable."),
        30,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let receipt = phone.get(r.location()).await;
    handed.push((find_ref(&receipt.body), "Un forage pour le village".into()));
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM proposals WHERE channel = 'atelier' AND workshop_id = {id}"
            )
        ),
        1
    );

    // A facilitator types in paper forms.
    admin.add_staff("kouassi", "facilitator").await;
    let mut fac = browser(&ctx).await;
    fac.peer = "192.0.2.11:40000".into();
    fac.sign_in("kouassi").await;
    let entry = format!("/admin/ateliers/{id}/saisie");
    let page = fac.get(&entry).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Saisie des fiches papier — Atelier régional de Gagnoa")
    );
    assert!(page.body.contains(r#"name="paper_number""#) && page.body.contains("autofocus"));
    for n in 1..=10 {
        let number = n.to_string();
        let title = format!("Fiche papier n° {n} : une école à Gagnoa");
        let mut fields = proposal_fields(&title, "Les enfants marchent dix kilomètres.");
        fields.push(("paper_number", &number));
        let r = fac.submit(&entry, &entry, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let next = fac.get(r.location()).await;
        assert!(
            next.body
                .contains(&format!("Fiche {n} enregistrée sous la référence GGN-")),
            "{}",
            next.body
        );
        handed.push((find_ref(r.location()), title.clone()));
        // Back after a save shows an empty form, never kept by the browser.
        assert_eq!(
            next.headers
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        assert!(next.body.contains(r#"autocomplete="off""#));
        // The next form is blank.
        assert!(!next.body.contains("Les enfants marchent"));
    }
    // The same paper number twice: refused, nothing saved, what was typed stays.
    let mut fields = proposal_fields("Doublon de la fiche 4", "Recopiée deux fois.");
    fields.push(("paper_number", "4"));
    let r = fac.submit(&entry, &entry, &fields).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body
            .contains("La fiche 4 a déjà été saisie pour cet atelier")
            && r.body.contains("Doublon de la fiche 4")
    );
    // A missing paper number and a missing title: both said, nothing saved.
    let mut fields = proposal_fields("", "Sans titre.");
    fields.push(("paper_number", ""));
    let r = fac.submit(&entry, &entry, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Indiquez le numéro de la fiche papier") && r.body.contains("Sans titre.")
    );
    assert_eq!(
        count(
            &ctx,
            &format!(
                "SELECT count(*) FROM proposals WHERE channel = 'papier' AND workshop_id = {id} AND entered_by = 'kouassi' AND paper_number IS NOT NULL"
            )
        ),
        10
    );
    // A moderator or facilitator cannot create workshops.
    let r = fac
        .submit(
            "/admin/ateliers",
            "/admin/ateliers",
            &[
                ("name", "Pirate"),
                ("zone", "goh"),
                ("held_on", "2026-12-03"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The printable pages.
    let blank = fac
        .get(&format!("/admin/ateliers/fiche?atelier={id}"))
        .await;
    assert!(
        blank.body.contains("Fiche de proposition")
            && blank.body.contains("Atelier régional de Gagnoa")
    );
    // The workshop's region is written in; its 35 tick boxes give way to writing space.
    assert!(
        blank
            .body
            .contains(r#"<span class="tick ticked"></span>Gôh"#)
            && !blank.body.contains("Bounkani"),
        "{}",
        blank.body
    );
    // Two lines for the title, five for the problem and for the solution, two for the benefit,
    // three for name, organisation and contact.
    let lines = blank.body.matches(r#"<span class="line"></span>"#).count();
    assert_eq!(lines, 2 + 5 + 5 + 2 + 3, "room to write");
    let poster = fac
        .get("/admin/affiche?adresse=http%3A%2F%2F192.168.137.1%3A8080%2F&wifi=Atelier-Gagnoa")
        .await;
    assert!(
        poster.body.contains("192.168.137.1:8080")
            && poster.body.contains("Atelier-Gagnoa")
            && poster.body.contains("<svg")
    );

    // Kiosk: the device leaves staff mode; each proposal ends on its reference, then a blank form.
    let mut kiosk = browser(&ctx).await;
    kiosk.peer = "192.168.137.2:40000".into();
    kiosk.sign_in("kouassi").await;
    let r = kiosk
        .submit(
            "/admin/kiosque",
            "/admin/kiosque",
            &[("action", "demarrer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/propositions/nouvelle");
    assert_eq!(
        kiosk.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "staff session must be gone"
    );
    let form = kiosk.get("/propositions/nouvelle").await;
    assert!(
        !form.body.contains(r#"href="/pgo""#),
        "no site navigation on a kiosk"
    );
    assert!(form.body.contains("quitter le mode kiosque"));
    assert_eq!(
        form.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert!(form.body.contains(r#"autocomplete="off""#));
    let mut participants = Vec::new();
    for k in 0..2 {
        let title = format!("Proposition au kiosque n° {k}");
        let r = propose(
            &ctx,
            &mut kiosk,
            &proposal_fields(&title, "Écrite sur la borne."),
            30,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(
            r.location().starts_with("/kiosque/merci?reference=GGN-"),
            "{}",
            r.location()
        );
        handed.push((find_ref(r.location()), title.clone()));
        let thanks = kiosk.get(r.location()).await;
        assert!(thanks.body.contains(r#"class="kiosk-reference""#));
        assert!(
            !thanks.body.contains("/suivi/"),
            "no private link left on a shared device"
        );
        participants.push(kiosk.cookies.get("palabre_participant").cloned());
        let again = kiosk.get("/propositions/nouvelle").await;
        assert!(
            !again.body.contains("Écrite sur la borne"),
            "the form is blank again"
        );
    }
    assert_ne!(
        participants[0], participants[1],
        "each kiosk user is a new participant"
    );
    // Leaving kiosk mode needs a staff sign-in.
    let r = kiosk.get("/admin/kiosque").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/admin/connexion"));
    kiosk.sign_in("kouassi").await;
    let r = kiosk
        .submit("/admin/kiosque", "/admin/kiosque", &[("action", "quitter")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        kiosk
            .get("/propositions/nouvelle")
            .await
            .body
            .contains(r#"href="/pgo""#)
    );

    // The bundle carries it all to the national site.
    let national = state();
    let mut nat = browser(&national).await;
    do_setup(&national, &mut nat).await;
    // The national site already has proposals of its own.
    let mut citizen = browser(&national).await;
    for title in ["Une route pour Daloa", "Un lycée à Séguéla"] {
        let r = propose(
            &national,
            &mut citizen,
            &proposal_fields(title, "Depuis des années."),
            30,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let file = ctx.state.data_dir.join("atelier.zip");
    let s = palabre::bundle::export(
        &ctx.state.db,
        &ctx.state.instance_id,
        &file,
        ctx.state.now(),
    )
    .unwrap();
    assert_eq!((s.proposals, s.workshops), (13, 1));
    let r = palabre::bundle::import(&national.state.db, &file, None, national.state.now()).unwrap();
    assert_eq!((r.added[0], r.added[3], r.refused.len()), (13, 1, 0));
    assert_eq!(
        count(
            &national,
            "SELECT count(*) FROM workshops WHERE name = 'Atelier régional de Gagnoa' AND bundle_id IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &national,
            "SELECT count(*) FROM proposals p JOIN workshops w ON w.id = p.workshop_id WHERE p.channel = 'papier' AND p.entered_by = 'kouassi' AND p.paper_number IS NOT NULL"
        ),
        10
    );
    let r = palabre::bundle::import(&national.state.db, &file, None, national.state.now()).unwrap();
    assert_eq!((r.added, r.already[0]), ([0; 4], 13));
    // Every reference handed out at the workshop opens the same proposal nationally, with
    // where it comes from; none is shared.
    assert_eq!(handed.len(), 13);
    for (reference, title) in &handed {
        let page = nat.get(&format!("/admin/propositions/{reference}")).await;
        assert_eq!(page.status, StatusCode::OK, "{reference}");
        assert!(
            page.body.contains(title.as_str()),
            "{reference} is not {title}"
        );
        assert!(
            page.body.contains("Atelier régional de Gagnoa"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("arrivée par un fichier d&#39;atelier")
                || page.body.contains("arrivée par un fichier d'atelier")
        );
        if title.starts_with("Fiche papier") {
            assert!(
                page.body.contains("Fiche papier n°") && page.body.contains("saisie par kouassi")
            );
        }
    }
    assert_eq!(
        count(&national, "SELECT count(DISTINCT reference) FROM proposals"),
        count(&national, "SELECT count(*) FROM proposals")
    );
    assert_eq!(count(&national, "SELECT count(*) FROM proposals"), 15);
    for (own, title) in [
        ("P-0001", "Une route pour Daloa"),
        ("P-0002", "Un lycée à Séguéla"),
    ] {
        assert!(
            nat.get(&format!("/admin/propositions/{own}"))
                .await
                .body
                .contains(title)
        );
    }
    let csv = nat.get("/admin/exports/propositions.csv").await.body;
    let header = csv.lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains("atelier")
            && header.contains("fiche_papier")
            && header.contains("reference_origine"),
        "{header}"
    );
    let line = csv
        .lines()
        .find(|l| l.contains(&handed[1].0))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        line.contains("Atelier régional de Gagnoa")
            && line.contains("papier")
            && line.contains("2026-12-03"),
        "{line}"
    );
    // The national list of workshops shows it as received.
    let list = nat.get("/admin/ateliers").await;
    assert!(
        list.body.contains("Reçu d&#39;un autre ordinateur")
            || list.body.contains("Reçu d'un autre ordinateur"),
        "{}",
        list.body
    );
}

/// The privacy notice promises to erase contacts once the consultation is over: an admin does
/// it in one confirmed step; the proposals stay, the journal says who and how many.
#[actix_web::test]
async fn admins_erase_contacts_when_the_consultation_is_over() {
    let ctx = state();
    let mut admin = set_up_site(&ctx).await;
    let mut citizen = browser(&ctx).await;
    let mut fields = proposal_fields("Une ligne de bus pour Daloa", "Pas de transport.");
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", "+225 07 00 00 00 01"));
    fields.push(("consent_contact", "oui"));
    let r = propose(&ctx, &mut citizen, &fields, 30).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = admin.get("/admin/contacts").await;
    assert!(
        page.body.contains("1 contacts sont conservés"),
        "{}",
        page.body
    );
    // Without the confirmation box: refused, nothing erased.
    let r = admin
        .submit("/admin/contacts", "/admin/contacts", &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cochez la case pour confirmer"));
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE contact IS NOT NULL"
        ),
        1
    );
    let r = admin
        .submit("/admin/contacts", "/admin/contacts", &[("confirm", "oui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get(r.location())
            .await
            .body
            .contains("1 contacts effacés")
    );
    assert_eq!(
        count(
            &ctx,
            "SELECT count(*) FROM proposals WHERE contact IS NOT NULL OR consent_contact = 1"
        ),
        0
    );
    assert_eq!(count(&ctx, "SELECT count(*) FROM proposals"), 1);
    let journal = admin.get("/admin/journal?action=contacts").await;
    assert!(
        journal.body.contains("Contacts effacés") && journal.body.contains("awa.kone"),
        "{}",
        journal.body
    );
}

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
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7; 100]].concat();
    let (ct, body) = send_logo(&png);
    let r = admin.send(post(&token, ct, body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = admin.get("/").await.body;
    let src = regex::Regex::new(r#"<img class="site-logo" src="(/logo\?v=[0-9a-f]{12})""#)
        .unwrap()
        .captures(&home)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no logo in the header:\n{home}"));
    let img = admin.get(&src).await;
    assert_eq!(
        img.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    assert_eq!(img.bytes, png);
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
