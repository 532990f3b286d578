//! The workshop bundle in the admin: download this instance's bundle, or upload one to merge.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use futures_util::StreamExt;

use super::html;
use crate::app::{AppState, run_blocking};
use crate::error::AppError;
use crate::security::{self, session::AdminUser};
use crate::views::{self, PageCtx};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(download).service(upload);
}

/// The largest bundle accepted by upload.
const MAX_UPLOAD: usize = 64 * 1024 * 1024;

#[get("/admin/ateliers/fichier")]
async fn page(_a: AdminUser, ctx: PageCtx) -> HttpResponse {
    html(StatusCode::OK, views::bundles::page(&ctx, None))
}

#[get("/admin/ateliers/fichier/export")]
async fn download(_a: AdminUser, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let day = time::OffsetDateTime::from_unix_timestamp(now)
        .map(|d| d.date().to_string())
        .unwrap_or_default();
    let bytes = run_blocking(move || {
        let tmp = state
            .data_dir
            .join(format!(".bundle-{}.zip", security::random_token(8)));
        let result = crate::bundle::export(&state.db, &state.instance_id, &tmp, now)
            .map_err(|e| AppError::Internal(e.to_string()));
        let bytes =
            result.and_then(|_| std::fs::read(&tmp).map_err(|e| AppError::Internal(e.to_string())));
        let _ = std::fs::remove_file(&tmp);
        bytes
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"palabre-atelier-{day}.zip\""),
        ))
        .body(bytes))
}

#[post("/admin/ateliers/fichier/import")]
async fn upload(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let mut data = Vec::new();
    let mut too_big = false;
    while let Some(Ok(mut field)) = payload.next().await {
        let is_file = field.name() == Some("bundle");
        while let Some(Ok(chunk)) = field.next().await {
            if is_file && !too_big {
                if data.len() + chunk.len() > MAX_UPLOAD {
                    too_big = true;
                    data.clear();
                } else {
                    data.extend_from_slice(&chunk);
                }
            }
        }
    }
    let lang = ctx.lang;
    let outcome = if too_big || data.is_empty() {
        Err(lang.t(if too_big {
            "bundle-error-upload-large"
        } else {
            "bundle-error-upload-none"
        }))
    } else {
        let now = state.now();
        run_blocking(move || {
            let tmp = state
                .data_dir
                .join(format!(".import-{}.zip", security::random_token(8)));
            let result = std::fs::write(&tmp, &data)
                .map_err(|e| e.to_string())
                .and_then(|_| {
                    crate::bundle::import(&state.db, &tmp, None, now).map_err(|e| e.message(lang))
                });
            let _ = std::fs::remove_file(&tmp);
            Ok::<_, AppError>(result)
        })
        .await?
        .map(|r| (r.summary(lang), r.refusals(lang)))
    };
    let status = if outcome.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, views::bundles::page(&ctx, Some(outcome))))
}
