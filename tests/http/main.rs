//! HTTP behaviour of the real application (`app::app`) on a real SQLite file, one module per
//! area; this file holds the shared harness: a cookie-keeping client over the in-process
//! service, the first-run setup, and helpers that file proposals and read the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod content;
mod exports_and_workshops;
mod hardening;
mod moderation;
mod participation;
mod people_met;
mod priorities;
mod record;
mod setup_and_security;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use common::{PASSWORD, csrf_from};
use palabre::app::{AppState, app};
use palabre::db::{self, Db};
use std::collections::HashMap;

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
    user_agent: Option<String>,
    peer: String,
    /// The site's secret, to sign a participant cookie as the site does.
    secret: Vec<u8>,
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
        if let Some(a) = &self.user_agent {
            req = req.insert_header(("user-agent", a.clone()));
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

    /// From now on, the participant `id`, with the cookie the site would have signed for it.
    fn be_participant(&mut self, id: &str) {
        let value = palabre::security::participant_cookie_value(&self.secret, id);
        self.cookies.insert("palabre_participant".into(), value);
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
        user_agent: None,
        peer: "192.0.2.10:50000".into(),
        secret: ctx.state.secret().to_vec(),
    }
}

/// The first-run form of the in-process site.
fn setup_fields(password: &str) -> Vec<(&str, &str)> {
    common::setup_fields("Plan d'action national 2027-2029", password)
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
    // As the page sends it: the token first, in the form, never in the address.
    assert!(!page.body.contains("?csrf_token="), "a token in an address");
    let fields = [
        ("csrf_token", token.as_str()),
        ("title", title),
        ("category", "plans-action"),
        ("doc_date", "2024-06-30"),
        ("language", "fr"),
        ("summary", "Le plan en vigueur."),
    ];
    let (ct, body) = multipart(&fields, Some((name, data)));
    b.send(
        TestRequest::with_uri("/admin/documents")
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

const DAY: i64 = 86_400;

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
    b.be_participant(participant);
    let r = b
        .submit(
            &format!("/propositions/{reference}"),
            &format!("/propositions/{reference}/soutenir"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
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

/// The text of a PDF as `pdftotext -raw` reads it (the order it is drawn in), every run of
/// white space (no-break spaces too) folded into one space; and its `pdfinfo` lines.
fn pdf_text(bytes: &[u8]) -> (String, String) {
    // Kept where a person can open it after the run (target/documents/<sha>.pdf).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    let name: String = {
        use sha2::Digest;
        sha2::Sha256::digest(bytes)
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by tests/deps.sh)");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout)
        .replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo");
    assert!(
        info.status.success(),
        "pdfinfo: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    (text, String::from_utf8_lossy(&info.stdout).into_owned())
}
