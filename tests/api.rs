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

#[actix_web::test]
async fn every_documented_path_answers_as_described() {
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
