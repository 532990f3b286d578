//! The public read API (`/api/v1/…`), described by `/api/openapi.json`. Only published
//! proposals, never personal data. Errors are JSON too.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{AppState, run_blocking};
use crate::db::proposals::{self, Filter, Proposal, Sort};
use crate::db::{consultations, moderation, themes};
use crate::domain::proposal::STATUSES;
use crate::domain::reference::Reference;
use crate::domain::seed;
use crate::error::AppError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi)
        .service(list_consultations)
        .service(list_themes)
        .service(list_zones)
        .service(list_proposals)
        .service(one_proposal)
        .service(api_not_found);
}

/// The description is written by hand and checked against the server by a test.
const OPENAPI: &str = include_str!("../../assets/openapi.json");

fn json_response(status: StatusCode, v: &Value) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/json")
        .body(v.to_string())
}

fn error(status: StatusCode, message: &str) -> HttpResponse {
    json_response(status, &json!({ "error": message }))
}

fn iso(t: i64) -> Value {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map(Value::String)
        .unwrap_or(Value::Null)
}

fn proposal_json(p: &Proposal) -> Value {
    json!({
        "reference": p.reference,
        "consultation_id": p.consultation_id,
        "title": p.title,
        "problem": p.problem,
        "solution": p.solution,
        "benefit": p.benefit,
        "theme": p.theme,
        "zone": p.zone,
        "contributor_type": p.contributor_type,
        "ogp_values": p.ogp_values,
        "organisation": p.organisation,
        "language": p.language,
        "channel": p.channel,
        "status": p.status,
        "answer": p.answer,
        "commitment": p.commitment,
        "merged_into": p.merged_reference,
        "workshop": p.provenance.workshop.as_ref().map(|(name, date)| json!({ "name": name, "date": date })),
        "supports": p.support_count,
        "comments": p.comment_count,
        "created_at": iso(p.created_at),
        "answered_at": p.answered_at.map(iso).unwrap_or(Value::Null),
    })
}

#[get("/api/openapi.json")]
async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(OPENAPI)
}

#[get("/api/v1/consultations")]
async fn list_consultations(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let list =
        run_blocking(move || state.db.read(|c| Ok::<_, AppError>(consultations::all(c)?))).await?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|(c, _)| json!({ "id": c.id, "title": c.title, "description": c.description, "opens_at": iso(c.opens_at), "closes_at": iso(c.closes_at) }))
        .collect();
    Ok(json_response(StatusCode::OK, &json!({ "items": items })))
}

#[get("/api/v1/themes")]
async fn list_themes(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let list = run_blocking(move || state.db.read(|c| Ok::<_, AppError>(themes::all(c)?))).await?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|t| json!({ "code": t.code, "label_fr": t.label_fr, "label_en": t.label_en, "active": t.active }))
        .collect();
    Ok(json_response(StatusCode::OK, &json!({ "items": items })))
}

#[get("/api/v1/zones")]
async fn list_zones() -> HttpResponse {
    let items: Vec<Value> = seed::ZONES
        .iter()
        .map(|z| json!({ "code": z.slug, "name": z.name, "kind": z.kind, "chief_town": z.chef_lieu, "district": z.district }))
        .collect();
    json_response(StatusCode::OK, &json!({ "items": items }))
}

#[derive(Deserialize)]
struct ListQuery {
    consultation: Option<i64>,
    theme: Option<String>,
    zone: Option<String>,
    status: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<i64>,
}

#[get("/api/v1/proposals")]
async fn list_proposals(
    state: Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    if q.status.as_deref().is_some_and(|s| !STATUSES.contains(&s)) {
        return Ok(error(StatusCode::BAD_REQUEST, "unknown status"));
    }
    if q.page.is_some_and(|p| !(1..=100_000).contains(&p)) {
        return Ok(error(
            StatusCode::BAD_REQUEST,
            "page must be between 1 and 100000",
        ));
    }
    let sort = match q.sort.as_deref() {
        None | Some("recent") => Sort::Recent,
        Some("supported") => Sort::Supported,
        Some(_) => {
            return Ok(error(
                StatusCode::BAD_REQUEST,
                "sort must be recent or supported",
            ));
        }
    };
    let filter = Filter {
        consultation: q.consultation,
        theme: q.theme.filter(|t| !t.is_empty()),
        zone: q.zone.filter(|z| !z.is_empty()),
        status: q.status,
        query: q
            .q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.chars().take(200).collect()),
        sort,
        page: q.page.unwrap_or(1),
    };
    let page = filter.page;
    let (items, total) = run_blocking(move || {
        state
            .db
            .read(|c| Ok::<_, AppError>(proposals::list_public(c, &filter)?))
    })
    .await?;
    let items: Vec<Value> = items.iter().map(proposal_json).collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({ "items": items, "total": total, "page": page, "per_page": proposals::PAGE_SIZE }),
    ))
}

#[get("/api/v1/proposals/{reference}")]
async fn one_proposal(
    state: Data<AppState>,
    r: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(n) = Reference::parse(&r) else {
        return Ok(error(StatusCode::NOT_FOUND, "no such proposal"));
    };
    let found = run_blocking(move || {
        state.db.read(|c| {
            let Some(p) = proposals::by_reference(c, &n)?.filter(|p| p.moderation == "approved")
            else {
                return Ok::<_, AppError>(None);
            };
            let history = moderation::public_history(c, p.id)?;
            Ok(Some((p, history)))
        })
    })
    .await?;
    let Some((p, history)) = found else {
        return Ok(error(StatusCode::NOT_FOUND, "no such proposal"));
    };
    let mut v = proposal_json(&p);
    v["history"] = history
        .iter()
        .map(|e| json!({ "at": iso(e.at), "status": e.to, "role": e.role }))
        .collect();
    Ok(json_response(StatusCode::OK, &v))
}

#[get("/api/{tail:.*}")]
async fn api_not_found() -> HttpResponse {
    error(StatusCode::NOT_FOUND, "no such endpoint")
}
