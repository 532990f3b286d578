//! A workshop's attendance, entered by its facilitator: guard → parse → 422 with what was
//! typed → one write → 303.

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::workshops;
use crate::domain::account::StaffUser;
use crate::domain::attendance::{self, AttendanceForm};
use crate::domain::setup::FieldErrors;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::reads::workshop;
use crate::web::respond::parse_body;
use crate::web::respond::{html, see_other};
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(attendance_page).service(attendance_submit);
}

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/ateliers/{id}/presences")]
async fn attendance_page(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let w = workshop(&state, id.into_inner()).await?;
    let v = views::attendance::AttendanceView {
        workshop: &w,
        typed: None,
        errors: &FieldErrors::new(),
        saved: q.enregistre.is_some(),
    };
    Ok(html(
        StatusCode::OK,
        views::attendance::attendance(&ctx, &v),
    ))
}

#[post("/admin/ateliers/{id}/presences")]
async fn attendance_submit(
    s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let w = workshop(&state, id.into_inner()).await?;
    let form: AttendanceForm = parse_body(&body);
    let counted = match attendance::parse(&form) {
        Ok(a) => a,
        Err(errors) => {
            let v = views::attendance::AttendanceView {
                workshop: &w,
                typed: Some(&form),
                errors: &errors,
                saved: false,
            };
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::attendance::attendance(&ctx, &v),
            ));
        }
    };
    let now = state.now();
    let id = w.id;
    let total = counted.total();
    state
        .write(move |c| Ok(workshops::set_attendance(c, id, &counted, now)?))
        .await?;
    tracing::info!(login = %s.login, workshop = id, total, "workshop attendance entered");
    Ok(see_other(&format!(
        "/admin/ateliers/{id}/presences?enregistre=1"
    )))
}
