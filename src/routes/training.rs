//! The training page (`palabre demo` only): the exercises of the guide's last chapter, each
//! ticked off when the data show it was done.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get};

use super::html;
use crate::app::{AppState, run_blocking};
use crate::db::training;
use crate::error::AppError;
use crate::security::session::StaffUser;
use crate::views::{self, PageCtx};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(page);
}

#[get("/admin/formation")]
async fn page(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let since = run_blocking(move || {
        state.db.read(|c| {
            Ok::<_, AppError>(match training::started(c)? {
                Some(t) => Some(training::since(c, t)?),
                None => None,
            })
        })
    })
    .await?;
    // A real site has no training page.
    let since = since.ok_or(AppError::NotFound)?;
    Ok(html(StatusCode::OK, views::training::page(&ctx, &since)))
}
