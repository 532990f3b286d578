//! The public read API (`/api/v1/…`), described by `/api/openapi.json`. Only published
//! proposals, never personal data. Errors are JSON too, whatever refuses the request: a
//! handler, the query parser, an unknown path (404) or a method other than GET and HEAD (405).

use std::ops::RangeInclusive;

use actix_web::error::{InternalError, QueryPayloadError};
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{Handler, HttpRequest, HttpResponse, Resource, Responder};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::db::proposals;
use crate::db::{consultations, moderation, themes};
use crate::domain::contribution::Moderation;
use crate::domain::proposal::Filter;
use crate::domain::proposal::Proposal;
use crate::domain::proposal::Sort;
use crate::domain::proposal::Status;
use crate::domain::reference::Reference;
use crate::domain::seed;
use crate::web::error::AppError;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .service(read_only("/openapi.json", openapi))
            .service(read_only("/v1/consultations", list_consultations))
            .service(read_only("/v1/themes", list_themes))
            .service(read_only("/v1/zones", list_zones))
            .service(read_only("/v1/proposals", list_proposals))
            .service(read_only("/v1/proposals/{reference}", one_proposal))
            .service(read_only("/v1/record", api_record))
            .service(read_only("/v1/priorities", api_priorities))
            .default_service(web::to(api_not_found)),
    );
}

/// The methods every API resource answers; the API never writes.
const ALLOW: &str = "GET, HEAD";

/// A resource of the API: GET and HEAD run `handler` (the server sends no body for HEAD),
/// any other method gets a 405 that says what is allowed.
fn read_only<F, Args>(path: &str, handler: F) -> Resource
where
    F: Handler<Args> + Clone,
    Args: actix_web::FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(handler.clone()))
        .route(web::head().to(handler))
        .default_service(web::to(method_not_allowed))
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

/// A query string that does not fit the parameters (a repeated `status`, say) is refused
/// with the documented 400 JSON error, not actix's plain-text one.
fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = match &err {
        QueryPayloadError::Deserialize(e) => format!("invalid query string: {e}"),
        other => format!("invalid query string: {other}"),
    };
    InternalError::from_response(err, error(StatusCode::BAD_REQUEST, &message)).into()
}

async fn method_not_allowed() -> HttpResponse {
    let mut res = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed: this API only reads (GET, HEAD)",
    );
    res.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static(ALLOW));
    res
}

/// An integer query parameter: absent, or a whole number within `range` (the bounds the
/// description declares); anything else is refused with a message that names it.
fn int_param(
    name: &str,
    raw: Option<&str>,
    range: RangeInclusive<i64>,
) -> Result<Option<i64>, String> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    match raw.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "{name} must be a whole number between {} and {}",
            range.start(),
            range.end()
        )),
    }
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
        "channel": p.channel.code(),
        "status": p.status.code(),
        "answer": p.answer,
        "commitment": p.commitment,
        "merged_into": p.merged_reference,
        "workshop": p.provenance.workshop.as_ref().map(|(name, date)| json!({ "name": name, "date": date })),
        "supports": p.support_count,
        "comments": p.comment_count,
        "created_at": crate::export::iso(p.created_at),
        "answered_at": p.answered_at.map(crate::export::iso).unwrap_or(Value::Null),
    })
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(OPENAPI)
}

async fn list_consultations(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let list = state.read(move |c| Ok(consultations::all(c)?)).await?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|(c, _)| json!({ "id": c.id, "title": c.title, "description": c.description, "opens_at": crate::export::iso(c.opens_at), "closes_at": crate::export::iso(c.closes_at) }))
        .collect();
    Ok(json_response(StatusCode::OK, &json!({ "items": items })))
}

async fn list_themes(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let list = state.read(move |c| Ok(themes::all(c)?)).await?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|t| json!({ "code": t.code, "label_fr": t.label_fr, "label_en": t.label_en, "active": t.active }))
        .collect();
    Ok(json_response(StatusCode::OK, &json!({ "items": items })))
}

async fn list_zones() -> HttpResponse {
    let items: Vec<Value> = seed::ZONES
        .iter()
        .map(|z| json!({ "code": z.slug, "name": z.name, "kind": z.kind, "chief_town": z.chef_lieu, "district": z.district }))
        .collect();
    json_response(StatusCode::OK, &json!({ "items": items }))
}

/// Integers are read as text and checked by `int_param`, so that an out-of-range one gets a
/// message naming it.
#[derive(Deserialize)]
struct ListQuery {
    consultation: Option<String>,
    theme: Option<String>,
    zone: Option<String>,
    status: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

async fn list_proposals(
    state: Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    if q.status
        .as_deref()
        .is_some_and(|s| Status::parse(s).is_none())
    {
        return Ok(error(StatusCode::BAD_REQUEST, "unknown status"));
    }
    let consultation = match int_param("consultation", q.consultation.as_deref(), 1..=i64::MAX) {
        Ok(c) => c,
        Err(message) => return Ok(error(StatusCode::BAD_REQUEST, &message)),
    };
    let page = match int_param("page", q.page.as_deref(), 1..=100_000) {
        Ok(p) => p,
        Err(message) => return Ok(error(StatusCode::BAD_REQUEST, &message)),
    };
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
        consultation,
        theme: q.theme.filter(|t| !t.is_empty()),
        zone: q.zone.filter(|z| !z.is_empty()),
        status: q.status,
        query: q
            .q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.chars().take(200).collect()),
        sort,
        page: page.unwrap_or(1),
    };
    let page = filter.page;
    let (items, total) = state
        .read(move |c| Ok(proposals::list_public(c, &filter)?))
        .await?;
    let items: Vec<Value> = items.iter().map(proposal_json).collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({ "items": items, "total": total, "page": page, "per_page": crate::domain::proposal::PAGE_SIZE }),
    ))
}

async fn one_proposal(
    state: Data<AppState>,
    r: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(n) = Reference::parse(&r) else {
        return Ok(error(StatusCode::NOT_FOUND, "no such proposal"));
    };
    let found = state
        .read(move |c| {
            let Some(p) =
                proposals::by_reference(c, &n)?.filter(|p| p.moderation == Moderation::Approved)
            else {
                return Ok(None);
            };
            let history = moderation::public_history(c, p.id)?;
            Ok(Some((p, history)))
        })
        .await?;
    let Some((p, history)) = found else {
        return Ok(error(StatusCode::NOT_FOUND, "no such proposal"));
    };
    let mut v = proposal_json(&p);
    v["history"] = history
        .iter()
        .map(|e| json!({ "at": crate::export::iso(e.at), "status": e.to, "role": e.role }))
        .collect();
    Ok(json_response(StatusCode::OK, &v))
}

/// Every path under `/api` that is not one of the above, whatever the method.
async fn api_not_found() -> HttpResponse {
    error(StatusCode::NOT_FOUND, "no such endpoint")
}

#[derive(Deserialize)]
struct RecordQuery {
    consultation: Option<String>,
}

impl RecordQuery {
    /// The consultation asked for (None: all, or the one shown), or why it is refused (400)
    /// when it is not a whole number of 1 or more.
    fn consultation(&self) -> Result<Option<i64>, &'static str> {
        match self.consultation.as_deref() {
            None => Ok(None),
            Some(raw) => match raw.parse::<i64>() {
                Ok(id) if id >= 1 => Ok(Some(id)),
                _ => Err("consultation must be a whole number of 1 or more"),
            },
        }
    }
}

/// `/api/v1/record`: the same indicators as `/donnees/bilan.json`. A consultation that is
/// not a whole number is refused (400), one that does not exist is not found (404).
async fn api_record(
    state: Data<AppState>,
    q: web::Query<RecordQuery>,
) -> Result<HttpResponse, AppError> {
    let asked = match q.consultation() {
        Ok(asked) => asked,
        Err(why) => return Ok(error(StatusCode::BAD_REQUEST, why)),
    };
    let r = crate::web::reads::open_record(&state, asked).await?;
    if asked.is_some() && r.scope.is_none() {
        return Ok(error(StatusCode::NOT_FOUND, "no consultation has this id"));
    }
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(crate::export::record_json(&r).to_string()))
}

/// `/api/v1/priorities`: the same results as `/donnees/priorites.json`, theme names in
/// French. A consultation that is not a whole number is refused (400), one without a round
/// is not found (404).
async fn api_priorities(
    state: Data<AppState>,
    q: web::Query<RecordQuery>,
) -> Result<HttpResponse, AppError> {
    let asked = match q.consultation() {
        Ok(asked) => asked,
        Err(why) => return Ok(error(StatusCode::BAD_REQUEST, why)),
    };
    let counted = crate::web::reads::priority_results(&state, asked).await?;
    let body = match &counted {
        Some((o, _, _)) if asked.is_some_and(|id| id != o.consultation.id) => {
            return Ok(error(StatusCode::NOT_FOUND, "no consultation has this id"));
        }
        Some((o, r, _)) => crate::export::priorities_json(r, Some(&o.consultation), &|t| {
            o.themes
                .iter()
                .find(|x| x.code == t)
                .map_or_else(|| t.to_string(), |x| x.label_fr.clone())
        }),
        None if asked.is_some() => {
            return Ok(error(StatusCode::NOT_FOUND, "no consultation has this id"));
        }
        None => crate::export::priorities_json(
            &crate::domain::priority::Results::of(&Default::default(), &[]),
            None,
            &|t| t.to_string(),
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body.to_string()))
}
