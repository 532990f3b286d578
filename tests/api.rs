//! The public API answers exactly what `/api/openapi.json` describes: the description is a
//! valid OpenAPI 3 document, and every path in it is called and its answer checked against
//! the declared schema. Nothing unpublished and no contact data ever appears.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use serde_json::Value;

use palabre::app::{AppState, app};
use palabre::db::{self, Db};

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let path: Vec<&str> = r.trim_start_matches("#/").split('/').collect();
            path.iter().fold(doc, |v, k| &v[*k])
        }
        None => schema,
    }
}

/// A small OpenAPI 3.0 schema check: types, nullable, enum, required properties, arrays,
/// objects, $ref and allOf; enough for what this API declares.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str) {
    check_with(doc, schema, v, at, true);
}

fn properties<'a>(doc: &'a Value, schema: &'a Value) -> Vec<&'a String> {
    let schema = resolve(doc, schema);
    let mut keys: Vec<&String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    for s in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        keys.extend(properties(doc, s));
    }
    keys
}

fn check_with(doc: &Value, schema: &Value, v: &Value, at: &str, strict: bool) {
    let schema = resolve(doc, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            check_with(doc, s, v, at, false);
        }
        let known = properties(doc, schema);
        for k in v
            .as_object()
            .map(|o| o.keys().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            assert!(known.contains(&k), "{at}: undocumented field {k}");
        }
        return;
    }
    if v.is_null() {
        assert!(
            schema
                .get("nullable")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            "{at}: null not allowed"
        );
        return;
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        assert!(e.contains(v), "{at}: {v} not in {e:?}");
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => assert!(v.is_string(), "{at}: expected string, got {v}"),
        Some("integer") => assert!(v.is_i64(), "{at}: expected integer, got {v}"),
        Some("boolean") => assert!(v.is_boolean(), "{at}: expected boolean, got {v}"),
        Some("array") => {
            let items = v
                .as_array()
                .unwrap_or_else(|| panic!("{at}: expected array, got {v}"));
            for (i, item) in items.iter().enumerate() {
                check(doc, &schema["items"], item, &format!("{at}[{i}]"));
            }
        }
        Some("object") => {
            let obj = v
                .as_object()
                .unwrap_or_else(|| panic!("{at}: expected object, got {v}"));
            for r in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let k = r.as_str().unwrap();
                assert!(obj.contains_key(k), "{at}: missing required {k}");
            }
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, s) in props {
                    if let Some(val) = obj.get(k) {
                        check(doc, s, val, &format!("{at}.{k}"));
                    }
                }
                if strict {
                    for k in obj.keys() {
                        assert!(props.contains_key(k), "{at}: undocumented field {k}");
                    }
                }
            }
        }
        _ => {}
    }
}

/// The site every test here starts from; the folder lives as long as the state is used.
fn seeded() -> (tempfile::TempDir, Data<AppState>) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join(db::DB_FILE)).unwrap();
    let state = Data::new(
        AppState::load(
            db,
            dir.path().to_path_buf(),
            "127.0.0.1".parse().unwrap(),
            8080,
        )
        .unwrap(),
    );
    // Seed: one consultation, one published proposal (with a contact) and one waiting.
    state
        .db
        .write(|c| {
            c.execute_batch(
                "INSERT INTO consultations(uid, title, opens_at, closes_at, created_at) VALUES ('c1', 'Consultation', 0, 9999999999, 0);
                 INSERT INTO proposals(uid, instance_id, ref_number, consultation_id, title, problem, solution, theme, zone, contributor_type, ogp_values, author_name, contact, consent_contact, language, follow_token_hash, moderation, status, answer, created_at)
                 VALUES ('u1', 'i', 1, 1, 'Électricité publiée', 'p', 's', 'sante', 'gbeke', 'citoyen', 'transparence', 'Awa Koné', 'awa@example.ci', 1, 'fr', x'01', 'approved', 'retenue', 'Retenue car utile.', 100);
                 INSERT INTO proposals(uid, instance_id, ref_number, consultation_id, title, problem, solution, theme, zone, contributor_type, language, follow_token_hash, moderation, created_at)
                 VALUES ('u2', 'i', 2, 1, 'Secret en attente', 'p', 's', 'sante', 'gbeke', 'citoyen', 'fr', x'02', 'pending', 200);
                 INSERT INTO audit_log(at, proposal_id, action, from_value, to_value, role, account_login) VALUES (150, 1, 'status', 'recue', 'retenue', 'moderator', 'modo');",
            )?;
            Ok::<_, db::DbError>(())
        })
        .unwrap();
    (dir, state)
}

#[actix_web::test]
async fn every_documented_path_answers_as_described() {
    let (_dir, state) = seeded();
    let svc = test::init_service(app(state.clone())).await;
    let raw = test::call_and_read_body(
        &svc,
        TestRequest::get().uri("/api/openapi.json").to_request(),
    )
    .await;
    // A valid OpenAPI 3 document…
    let parsed: openapiv3::OpenAPI = serde_json::from_slice(&raw).expect("valid OpenAPI 3");
    assert!(parsed.openapi.starts_with("3."));
    let doc: Value = serde_json::from_slice(&raw).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 5);
    let mut called = 0;
    for (path, item) in paths {
        let op = &item["get"];
        // Each path with its documented parameters, plus a case for each error it declares.
        let base = path.replace("{reference}", "P-0001");
        let mut cases: Vec<(String, u16)> = vec![(base.clone(), 200)];
        if path == "/api/v1/proposals" {
            cases.push(("/api/v1/proposals?theme=sante&zone=gbeke&status=retenue&q=electricite&sort=supported&page=1&consultation=1".into(), 200));
            cases.push(("/api/v1/proposals?status=inconnu".into(), 400));
            cases.push(("/api/v1/proposals?page=0".into(), 400));
        }
        if path.contains("{reference}") {
            cases.push((path.replace("{reference}", "P-0002"), 404));
            cases.push((path.replace("{reference}", "n-importe-quoi"), 404));
        }
        for (uri, want) in cases {
            let res = test::call_service(&svc, TestRequest::get().uri(&uri).to_request()).await;
            assert_eq!(res.status().as_u16(), want, "{uri}");
            assert_eq!(
                res.headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/json"),
                "{uri}"
            );
            let body = test::read_body(res).await;
            let text = String::from_utf8_lossy(&body);
            assert!(
                !text.contains("awa@example.ci")
                    && !text.contains("Awa Koné")
                    && !text.contains("Secret en attente"),
                "{uri}: {text}"
            );
            let v: Value = serde_json::from_slice(&body).unwrap();
            let schema =
                &op["responses"][want.to_string()]["content"]["application/json"]["schema"];
            assert!(!schema.is_null(), "{uri}: status {want} not documented");
            check(&doc, schema, &v, &uri);
            called += 1;
        }
    }
    assert!(called >= 10);
    // The search folds accents, and the answer and history come with one proposal.
    let v: Value = test::call_and_read_body_json(
        &svc,
        TestRequest::get()
            .uri("/api/v1/proposals?q=electricite")
            .to_request(),
    )
    .await;
    assert_eq!(v["total"], 1);
    let v: Value = test::call_and_read_body_json(
        &svc,
        TestRequest::get()
            .uri("/api/v1/proposals/P-0001")
            .to_request(),
    )
    .await;
    assert_eq!(v["answer"], "Retenue car utile.");
    assert_eq!(v["history"][0]["status"], "retenue");
    // Unknown API paths answer JSON, not a page.
    let res =
        test::call_service(&svc, TestRequest::get().uri("/api/v2/nothing").to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
}

/// Status, JSON content type and body of one request, the body checked against the
/// description's `Error` schema when the status is an error.
async fn json_answer<S, B>(svc: &S, req: TestRequest, doc: &Value) -> (StatusCode, Value)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let req = req.to_request();
    let at = format!("{} {}", req.method(), req.uri());
    let res = test::call_service(svc, req).await;
    let status = res.status();
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{at}"
    );
    let body = test::read_body(res).await;
    let v: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{at}: {e}: {}", String::from_utf8_lossy(&body)));
    if status.is_client_error() {
        check(doc, &doc["components"]["schemas"]["Error"], &v, &at);
    }
    (status, v)
}

// Found by schemathesis: errors the query parser, the method routing or the CSRF check
// raised before any API handler ran came as text or as an HTML page.
#[actix_web::test]
async fn refused_requests_answer_the_documented_json_error() {
    let (_dir, state) = seeded();
    let svc = test::init_service(app(state.clone())).await;
    let doc: Value = test::call_and_read_body_json(
        &svc,
        TestRequest::get().uri("/api/openapi.json").to_request(),
    )
    .await;
    let list = &doc["paths"]["/api/v1/proposals"]["get"];
    assert!(!list["responses"]["400"]["content"]["application/json"].is_null());

    // A parameter given twice, a schema-valid integer beyond i64, integers out of their
    // declared bounds or not integers at all: 400 with the Error body.
    for uri in [
        "/api/v1/proposals?status=a&status=b",
        "/api/v1/proposals?status=retenue&status=recue",
        "/api/v1/proposals?consultation=-989384650309863408006607142912",
        "/api/v1/proposals?consultation=0",
        "/api/v1/proposals?consultation=1.5",
        "/api/v1/proposals?page=abc",
        "/api/v1/proposals?page=100001",
    ] {
        let (status, v) = json_answer(&svc, TestRequest::get().uri(uri), &doc).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {v}");
    }
    let (_, v) = json_answer(
        &svc,
        TestRequest::get().uri("/api/v1/proposals?consultation=99999999999999999999"),
        &doc,
    )
    .await;
    assert!(
        v["error"].as_str().unwrap().contains("consultation"),
        "the message names the parameter: {v}"
    );
    // The declared bounds themselves are accepted.
    let (status, v) = json_answer(
        &svc,
        TestRequest::get().uri("/api/v1/proposals?consultation=9223372036854775807&page=100000"),
        &doc,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let consultation = &list["parameters"][0];
    assert_eq!(consultation["name"], "consultation");
    assert_eq!(consultation["schema"]["minimum"], 1);
    assert_eq!(consultation["schema"]["maximum"], i64::MAX);

    // Any method but GET and HEAD: 405 with Allow, even a cross-site POST without a CSRF
    // token (the API writes nothing, so the form-expired page has no business here).
    for (method, uri) in [
        ("TRACE", "/api/v1/proposals"),
        ("POST", "/api/v1/proposals"),
        ("DELETE", "/api/v1/proposals/P-0001"),
        ("PUT", "/api/openapi.json"),
        ("PATCH", "/api/v1/zones"),
        ("OPTIONS", "/api/v1/themes"),
        ("QUERY", "/api/v1/consultations"),
    ] {
        let req = TestRequest::default()
            .method(method.parse().unwrap())
            .uri(uri)
            .insert_header(("origin", "http://evil.example"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload("a=1");
        let res = test::call_service(&svc, req.to_request()).await;
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        assert_eq!(
            res.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some("GET, HEAD"),
            "{method} {uri}"
        );
        let (status, _) = json_answer(
            &svc,
            TestRequest::default()
                .method(method.parse().unwrap())
                .uri(uri),
            &doc,
        )
        .await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
    }
    // An unknown path is 404 JSON whatever the method.
    for method in ["GET", "HEAD", "TRACE", "POST"] {
        let (status, _) = json_answer(
            &svc,
            TestRequest::default()
                .method(method.parse().unwrap())
                .uri("/api/v2/nothing"),
            &doc,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method}");
    }
    // HEAD is routed like GET on every documented path.
    for path in doc["paths"].as_object().unwrap().keys() {
        let uri = path.replace("{reference}", "P-0001");
        let (status, _) = json_answer(
            &svc,
            TestRequest::default()
                .method(actix_web::http::Method::HEAD)
                .uri(&uri),
            &doc,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "HEAD {uri}");
    }

    // Outside the API, the CSRF check still refuses a cross-site form.
    let res = test::call_service(
        &svc,
        TestRequest::post()
            .uri("/propositions/nouvelle")
            .insert_header(("origin", "http://evil.example"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload("title=x")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = test::read_body(res).await;
    assert!(String::from_utf8_lossy(&body).contains("Formulaire expiré"));
}

/// One request on a raw connection: the head of the answer, and every byte after it.
fn raw_request(port: u16, method: &str, path: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let end = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of the head")
        + 4;
    let rest = all.split_off(end);
    (String::from_utf8(all).unwrap(), rest)
}

fn header_of<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

// HEAD through the real server (the test service keeps bodies the server drops): the same
// status, type and length as GET, and no body.
#[actix_web::test]
async fn head_answers_like_get_without_a_body() {
    let (_dir, state) = seeded();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server_state = state.clone();
    let server = actix_web::HttpServer::new(move || app(server_state.clone()))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let paths = [
        "/api/openapi.json",
        "/api/v1/consultations",
        "/api/v1/themes",
        "/api/v1/zones",
        "/api/v1/proposals",
        "/api/v1/proposals?status=retenue",
        "/api/v1/proposals/P-0001",
        "/api/v1/proposals/P-0002",
        "/api/v1/proposals?status=a&status=b",
    ];
    let answers = tokio::task::spawn_blocking(move || {
        paths.map(|p| (p, raw_request(port, "GET", p), raw_request(port, "HEAD", p)))
    })
    .await
    .unwrap();
    handle.stop(true).await;
    for (path, (get_head, get_body), (head_head, head_body)) in &answers {
        let status = |h: &str| h.lines().next().unwrap_or("").to_string();
        assert_eq!(status(head_head), status(get_head), "HEAD {path}");
        assert_eq!(
            header_of(head_head, "content-type"),
            Some("application/json"),
            "HEAD {path}"
        );
        assert_eq!(
            header_of(head_head, "content-length"),
            Some(get_body.len().to_string().as_str()),
            "HEAD {path}: {head_head}"
        );
        assert!(head_body.is_empty(), "HEAD {path} sent a body");
        assert!(!get_body.is_empty(), "GET {path}");
    }
    let (_, (head, body), _) = &answers[4];
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(serde_json::from_slice::<Value>(body).is_ok());
}
