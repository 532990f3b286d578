//! The consultation's record: `/admin/bilan` for staff, and the populations its reach is
//! drawn on, which admins correct (`/admin/bilan/populations`).

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use super::{html, see_other};
use crate::db::{consultations, populations, record};
use crate::domain::population::{Area, PopulationForm};
use crate::domain::record::Record;
use crate::error::AppError;
use crate::security::session::{AdminUser, ModeratorUser};
use crate::state::AppState;
use crate::views::{self, PageCtx};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(record_page)
        .service(populations_page)
        .service(population_submit);
}

#[derive(Deserialize)]
struct Scope {
    consultation: Option<String>,
}

#[get("/admin/bilan")]
async fn record_page(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Scope>,
) -> Result<HttpResponse, AppError> {
    // An unknown or empty choice is the record of every consultation.
    let asked = q
        .consultation
        .as_deref()
        .and_then(|c| c.parse::<i64>().ok());
    let (facts, pops, list) = state
        .read(move |c| {
            let list: Vec<_> = consultations::all(c)?.into_iter().map(|(k, _)| k).collect();
            let scope = asked.filter(|id| list.iter().any(|k| k.id == *id));
            Ok((
                record::facts(c, scope)?,
                populations::all(c)?,
                (list, scope),
            ))
        })
        .await?;
    let (consultations, scope) = list;
    let record = Record::of(facts, &pops);
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
            },
        ),
    ))
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
    let entry = match form.parse(&districts) {
        Ok(e) => e,
        Err(errors) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::record::populations(&ctx, &list, Some((&form, &errors)), false),
            ));
        }
    };
    let now = state.now();
    let login = a.0.login.clone();
    state
        .write(move |c| {
            Ok(populations::set(
                c,
                &entry.area,
                entry.people,
                &entry.source,
                entry.verified,
                &login,
                now,
            )?)
        })
        .await?;
    Ok(see_other("/admin/bilan/populations?enregistre=1"))
}
