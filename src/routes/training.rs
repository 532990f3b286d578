//! The training page (`palabre demo` only): the exercises of the guide's last chapter, each
//! ticked off when the data show it was done.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::training;
use crate::domain::account::StaffUser;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(start_again);
}

async fn measure(state: &Data<AppState>) -> Result<crate::domain::training::Since, AppError> {
    let since = state
        .read(move |c| {
            Ok(match training::started(c)? {
                Some(t) => Some(training::since(c, t)?),
                None => None,
            })
        })
        .await?;
    // A real site has no training page.
    since.ok_or(AppError::NotFound)
}

#[get("/admin/formation")]
async fn page(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let since = measure(&state).await?;
    Ok(html(
        StatusCode::OK,
        views::training::page(&ctx, &since, false),
    ))
}

#[derive(Deserialize)]
struct StartAgain {
    #[serde(default)]
    confirm: String,
}

/// Puts the training site back as it was filled: every exercise to do again. Only in
/// training, only for an admin, only once confirmed.
#[post("/admin/formation/recommencer")]
async fn start_again(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<StartAgain>,
) -> Result<HttpResponse, AppError> {
    let since = measure(&state).await?;
    let copy = state.data_dir.join(crate::demo::START_COPY);
    if !state.training || !copy.is_file() {
        return Err(AppError::NotFound);
    }
    if form.confirm != "oui" {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::training::page(&ctx, &since, true),
        ));
    }
    let db = state.db.clone();
    run_blocking(move || Ok(db.restore_from(&copy)?)).await?;
    tracing::info!("training started again");
    // The sessions went with the rest: everyone signs in again, as at the start, and is
    // told why.
    Ok(see_other(
        "/admin/connexion?recommence=1&retour=/admin/formation",
    ))
}
