//! The consultation's record: `/admin/bilan` for staff, and the populations its reach is
//! drawn on, which admins correct (`/admin/bilan/populations`).

use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;
use serde_json::json;

use super::{html, see_other};
use crate::db::{consultations, populations, record};
use crate::domain::consultation::Consultation;
use crate::domain::population::{Area, Entry, Population, PopulationForm, Split, split};
use crate::domain::record::Record;
use crate::domain::record_data::{self, OpenRecord, OpenRecords, Value};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::session::{AdminUser, ModeratorUser};
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(record_page)
        .service(record_print)
        .service(record_json_file)
        .service(record_csv_file)
        .service(populations_page)
        .service(population_submit);
}

#[derive(Deserialize)]
pub struct Scope {
    consultation: Option<String>,
}

/// The record of one consultation (an unknown or empty choice: of all of them), counted now;
/// `public` for what is published (published contributions only).
pub async fn gather(
    state: &AppState,
    asked: Option<i64>,
    public: bool,
) -> Result<(Record, Vec<Consultation>, Option<i64>), AppError> {
    let (facts, pops, consultations, scope) = state
        .read(move |c| {
            let list: Vec<_> = consultations::all(c)?.into_iter().map(|(k, _)| k).collect();
            let scope = asked.filter(|id| list.iter().any(|k| k.id == *id));
            Ok((
                record::facts(c, scope, public)?,
                populations::all(c)?,
                list,
                scope,
            ))
        })
        .await?;
    Ok((Record::of(facts, &pops, state.now()), consultations, scope))
}

fn asked(q: &Scope) -> Option<i64> {
    q.consultation
        .as_deref()
        .and_then(|c| c.parse::<i64>().ok())
}

#[get("/admin/bilan")]
async fn record_page(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    let (record, consultations, scope) = gather(&state, asked(&q), false).await?;
    Ok(html(
        StatusCode::OK,
        views::record::record(
            &ctx,
            &views::record::RecordView {
                record: &record,
                consultations: &consultations,
                scope,
                at: state.now(),
                admin: m.0.role == crate::domain::account::Role::Admin,
                interactive: true,
                public: false,
            },
        ),
    ))
}

/// The A4 printout: the same indicators, and the lessons-learned template prefilled.
#[get("/admin/bilan/imprimer")]
async fn record_print(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    let (record, consultations, scope) = gather(&state, asked(&q), false).await?;
    let doc = views::record::printable(
        &ctx,
        &views::record::RecordView {
            record: &record,
            consultations: &consultations,
            scope,
            at: state.now(),
            admin: m.0.role == crate::domain::account::Role::Admin,
            interactive: false,
            public: false,
        },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(doc))
}

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/bilan/populations")]
async fn populations_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let list = state.read(move |c| Ok(populations::all(c)?)).await?;
    Ok(html(
        StatusCode::OK,
        views::record::populations(&ctx, &list, None, q.enregistre.is_some()),
    ))
}

#[post("/admin/bilan/populations")]
async fn population_submit(
    a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<PopulationForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let list = state.read(move |c| Ok(populations::all(c)?)).await?;
    let districts: Vec<String> = list
        .iter()
        .filter(|p| matches!(p.area, Area::District(_)))
        .map(|p| p.area.name().to_string())
        .collect();
    let refused = |errors: &crate::domain::population::FormErrors| {
        html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::record::populations(&ctx, &list, Some((&form, errors)), false),
        )
    };
    let entry = match form.parse(&districts) {
        Ok(e) => e,
        Err(errors) => return Ok(refused(&errors)),
    };
    let (now, staff) = (state.now(), a.0.clone());
    // One district of a row known only together: the row splits in two (`split`).
    let split = match &entry.part {
        None => None,
        Some(_) => match split_off(&ctx, &list, &entry, &staff.login, now) {
            Some(Ok(s)) => Some(s),
            Some(Err(message)) => return Ok(refused(&vec![("people", message)])),
            None => return Err(AppError::NotFound),
        },
    };
    // The figure and the journal line that says who changed it, from what, in one write.
    let note = journal_note(ctx.lang, &entry);
    state
        .write(move |c| {
            let before = populations::get(c, &entry.area)?;
            match &split {
                Some(s) => populations::split(c, &entry.area, s)?,
                None => populations::set(
                    c,
                    &entry.area,
                    entry.people,
                    &entry.source,
                    entry.verified,
                    &staff.login,
                    now,
                )?,
            }
            crate::db::moderation::audit(
                c,
                &crate::db::moderation::Audit {
                    proposal_id: None,
                    comment_id: None,
                    action: "population",
                    from: before.map(|p| p.people.to_string()).as_deref(),
                    to: Some(&entry.people.to_string()),
                    note: &note,
                },
                Some(staff.actor()),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/bilan/populations?enregistre=1"))
}

/// The joint row `entry` (one district of it) splits off, with the rest's source in the
/// admin's words; None when there is no such row.
fn split_off(
    ctx: &PageCtx,
    list: &[Population],
    entry: &Entry,
    by: &str,
    now: i64,
) -> Option<Result<Split, &'static str>> {
    let joint = list.iter().find(|p| p.area == entry.area)?;
    let rest_source = ctx.lang.t_args(
        "population-rest-source",
        &[
            ("joint", joint.area.name().to_string().into()),
            ("people", ctx.lang.number(joint.people).into()),
            ("source", joint.source.clone().into()),
            ("part", entry.part.clone().unwrap_or_default().into()),
            ("part_people", ctx.lang.number(entry.people).into()),
        ],
    );
    Some(split(joint, entry, &rest_source, by, now))
}

/// The journal's note for a population figure, in the words of the admin's language.
fn journal_note(lang: crate::i18n::Lang, entry: &Entry) -> String {
    let name = match &entry.area {
        Area::Region(slug) => {
            crate::domain::seed::zone(slug).map_or_else(|| slug.clone(), |z| z.name.clone())
        }
        Area::District(n) => n.clone(),
    };
    let name = match &entry.part {
        Some(part) => lang.t_args(
            "population-journal-part",
            &[("joint", name.into()), ("part", part.clone().into())],
        ),
        None => name,
    };
    lang.t_args(
        if entry.verified {
            "population-journal-verified"
        } else {
            "population-journal-note"
        },
        &[
            ("area", name.into()),
            ("source", entry.source.clone().into()),
        ],
    )
}

/// Open data are counted once a minute at most, like the proposals files.
const OPEN_RECORD_TTL: i64 = 60;

/// The open record of the consultation asked for (one that does not exist: of all of them),
/// counted at most once a minute per consultation. The cache is keyed by consultations that
/// exist, so that asking for made-up numbers neither grows it nor recounts anything. The
/// record of all of them withholds what a consultation hides (`record_data::across`).
async fn open_record(state: &AppState, asked: Option<i64>) -> Result<Arc<OpenRecord>, AppError> {
    let ids: Vec<i64> = state
        .catalogue()
        .await?
        .consultations
        .iter()
        .map(|(k, _)| k.id)
        .collect();
    let scope = asked.filter(|id| ids.contains(id));
    let now = state.now();
    // Held while counting: many visitors at the minute's turn wait for one count.
    let mut cache = state.open_record.lock().await;
    let fresh = |cache: &OpenRecords, scope: Option<i64>| {
        cache
            .get(&scope)
            .filter(|r| now - r.at < OPEN_RECORD_TTL)
            .cloned()
    };
    if let Some(r) = fresh(&cache, scope) {
        return Ok(r);
    }
    let mut r = count_open(state, scope).await?;
    if scope.is_none() {
        let mut parts = Vec::new();
        for id in ids {
            let part = match fresh(&cache, Some(id)) {
                Some(p) => p,
                None => {
                    let p = Arc::new(count_open(state, Some(id)).await?);
                    cache.insert(Some(id), p.clone());
                    p
                }
            };
            parts.push(part);
        }
        let parts: Vec<&[record_data::Indicator]> =
            parts.iter().map(|p| p.indicators.as_slice()).collect();
        record_data::across(&mut r.indicators, &parts);
    }
    let r = Arc::new(r);
    cache.insert(scope, r.clone());
    Ok(r)
}

/// The open record of `scope`, counted now.
async fn count_open(state: &AppState, scope: Option<i64>) -> Result<OpenRecord, AppError> {
    let now = state.now();
    let (record, consultations, scope) = gather(state, scope, true).await?;
    Ok(OpenRecord {
        at: now,
        scope: scope.and_then(|id| {
            consultations
                .iter()
                .find(|k| k.id == id)
                .map(|k| (id, k.title.clone()))
        }),
        indicators: record_data::indicators(&record),
    })
}

fn value_json(v: Value) -> serde_json::Value {
    match v {
        Value::Count(n) => json!(n),
        Value::Decimal(x) => json!(x),
        Value::FewerThanFive => json!("<5"),
        Value::Missing => serde_json::Value::Null,
    }
}

fn record_json(r: &OpenRecord) -> serde_json::Value {
    let items: Vec<serde_json::Value> = r
        .indicators
        .iter()
        .map(|i| {
            json!({
                "section": i.section,
                "code": i.code,
                "category": (!i.category.is_empty()).then_some(&i.category),
                "value": value_json(i.value),
                "base": i.base,
                "percent": i.percent(),
            })
        })
        .collect();
    json!({
        "generated_at": super::api::iso(r.at),
        "consultation": r.scope.as_ref().map(|(id, title)| json!({ "id": id, "title": title })),
        "small_cells": "counts of people under 5 are grouped into \"others\" or given as \"<5\"; a value that would give one away by subtraction is null",
        "indicators": items,
    })
}

/// The open record as CSV, written by the `csv` crate like every other export.
fn record_csv(r: &OpenRecord) -> Result<Vec<u8>, AppError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(["section", "code", "category", "value", "base", "percent"])
        .map_err(AppError::internal)?;
    for i in &r.indicators {
        w.write_record([
            i.section.to_string(),
            i.code.to_string(),
            i.category.clone(),
            record_data::csv_value(i.value),
            i.base.map(|b| b.to_string()).unwrap_or_default(),
            i.percent().map(|p| format!("{p:.1}")).unwrap_or_default(),
        ])
        .map_err(AppError::internal)?;
    }
    w.into_inner().map_err(AppError::internal)
}

/// An open-data file of the record: cached a minute, readable from any site.
fn open_data_file(content_type: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body)
}

#[get("/donnees/bilan.json")]
async fn record_json_file(
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    let r = open_record(&state, asked(&q)).await?;
    Ok(open_data_file(
        "application/json",
        record_json(&r).to_string().into_bytes(),
    ))
}

#[get("/donnees/bilan.csv")]
async fn record_csv_file(
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    let r = open_record(&state, asked(&q)).await?;
    let mut resp = open_data_file("text/csv; charset=utf-8", record_csv(&r)?);
    resp.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        header::HeaderValue::from_static("attachment; filename=\"bilan.csv\""),
    );
    Ok(resp)
}

/// `/api/v1/record`: the same indicators as `/donnees/bilan.json`. A consultation that is
/// not a whole number is refused (400), one that does not exist is not found (404).
pub async fn api_record(
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    let error = |status: StatusCode, message: &str| {
        HttpResponse::build(status)
            .content_type("application/json")
            .body(json!({ "error": message }).to_string())
    };
    let asked = match q.consultation.as_deref() {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) if id >= 1 => Some(id),
            _ => {
                return Ok(error(
                    StatusCode::BAD_REQUEST,
                    "consultation must be a whole number of 1 or more",
                ));
            }
        },
    };
    let r = open_record(&state, asked).await?;
    if asked.is_some() && r.scope.is_none() {
        return Ok(error(StatusCode::NOT_FOUND, "no consultation has this id"));
    }
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(record_json(&r).to_string()))
}
