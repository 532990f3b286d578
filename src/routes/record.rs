//! The consultation's record: `/admin/bilan` for staff, and the populations its reach is
//! drawn on, which admins correct (`/admin/bilan/populations`).

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::populations;
use crate::domain::population::{Area, Entry, Population, PopulationForm, Split, split};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
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
    let (record, consultations, scope) =
        crate::web::reads::gather(&state, asked(&q), false).await?;
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
    let (record, consultations, scope) =
        crate::web::reads::gather(&state, asked(&q), false).await?;
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
            let by = staff.actor();
            Ok(populations::enter(
                c,
                &entry,
                split.as_ref(),
                by,
                &note,
                now,
            )?)
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
    let r = crate::web::reads::open_record(&state, asked(&q)).await?;
    Ok(open_data_file(
        "application/json",
        crate::export::record_json(&r).to_string().into_bytes(),
    ))
}

#[get("/donnees/bilan.csv")]
async fn record_csv_file(
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    let r = crate::web::reads::open_record(&state, asked(&q)).await?;
    let mut resp = open_data_file(
        "text/csv; charset=utf-8",
        crate::export::record_csv(&r).map_err(AppError::internal)?,
    );
    resp.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        header::HeaderValue::from_static("attachment; filename=\"bilan.csv\""),
    );
    Ok(resp)
}
