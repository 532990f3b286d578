//! The workshop bundle in the admin: download this instance's bundle, or upload one to merge.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use futures_util::StreamExt;

use crate::security;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::html;
use crate::web::session::AdminUser;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(download).service(upload);
}

/// The largest bundle accepted by upload.
const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// The consultations an import can go to (id and title), the most recent first.
async fn consultations(state: &Data<AppState>) -> Result<Vec<(i64, String)>, AppError> {
    state
        .read(move |c| {
            Ok(crate::db::consultations::all(c)?
                .into_iter()
                .map(|(k, _)| (k.id, k.title))
                .collect())
        })
        .await
}

#[get("/admin/ateliers/fichier")]
async fn page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let list = consultations(&state).await?;
    Ok(html(
        StatusCode::OK,
        views::bundles::page(&ctx, &list, None, None),
    ))
}

#[get("/admin/ateliers/fichier/export")]
async fn download(a: AdminUser, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let day = time::OffsetDateTime::from_unix_timestamp(now)
        .map(|d| d.date().to_string())
        .unwrap_or_default();
    let name = format!("palabre-atelier-{day}.zip");
    let (journal, staff) = (name.clone(), a.0.clone());
    let (db, instance) = (state.db.clone(), state.instance_id.clone());
    let tmp = state
        .data_dir
        .join(format!(".bundle-{}.zip", security::random_token(8)));
    let bytes = run_blocking(move || {
        let result = crate::bundle::export(&db, &instance, &tmp, now).map_err(AppError::internal);
        let bytes = result.and_then(|_| std::fs::read(&tmp).map_err(AppError::internal));
        let _ = std::fs::remove_file(&tmp);
        bytes
    })
    .await?;
    // The workshop file holds contacts: who took it, and when, goes in the journal.
    state.journal_export(journal, &staff).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes))
}

/// The form's parts: the file (emptied when over `MAX_UPLOAD`, with `true`) and the chosen
/// consultation's text.
async fn read_form(mut payload: Multipart) -> (Vec<u8>, bool, Vec<u8>) {
    let mut data = Vec::new();
    let mut too_big = false;
    let mut chosen = Vec::new();
    while let Some(Ok(mut field)) = payload.next().await {
        let name = field.name().map(str::to_string);
        while let Some(Ok(chunk)) = field.next().await {
            match name.as_deref() {
                Some("bundle") if !too_big => {
                    if data.len() + chunk.len() > MAX_UPLOAD {
                        too_big = true;
                        data.clear();
                    } else {
                        data.extend_from_slice(&chunk);
                    }
                }
                Some("consultation") if chosen.len() < 32 => chosen.extend_from_slice(&chunk),
                _ => {}
            }
        }
    }
    (data, too_big, chosen)
}

/// Imports the workshop file `data` into `target` (None: the most recent consultation), off
/// the executor, through a temporary file deleted after; the report or the refusal, in
/// `lang`.
async fn import(
    state: Data<AppState>,
    data: Vec<u8>,
    target: Option<i64>,
    lang: crate::i18n::Lang,
) -> Result<Result<crate::bundle::ImportReport, String>, AppError> {
    let now = state.now();
    run_blocking(move || {
        let tmp = state
            .data_dir
            .join(format!(".import-{}.zip", security::random_token(8)));
        let result = std::fs::write(&tmp, &data)
            .map_err(|e| e.to_string())
            .and_then(|_| {
                crate::bundle::import(&state.db, &tmp, target, now).map_err(|e| e.message(lang))
            });
        let _ = std::fs::remove_file(&tmp);
        Ok(result)
    })
    .await
}

#[post("/admin/ateliers/fichier/import")]
async fn upload(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let (data, too_big, chosen) = read_form(payload).await;
    let lang = ctx.lang;
    let list = consultations(&state).await?;
    // One of this site's consultations, or (nothing chosen) the most recent.
    let chosen = String::from_utf8_lossy(&chosen).trim().to_string();
    let target = if chosen.is_empty() {
        Ok(None)
    } else {
        chosen
            .parse::<i64>()
            .ok()
            .filter(|id| list.iter().any(|(k, _)| k == id))
            .map(Some)
            .ok_or(())
    };
    let outcome = if too_big || data.is_empty() || target.is_err() {
        Err(lang.t(if too_big {
            "bundle-error-upload-large"
        } else if target.is_err() {
            "bundle-error-consultation"
        } else {
            "bundle-error-upload-none"
        }))
    } else {
        import(state, data, target.unwrap_or(None), lang)
            .await?
            .map(|r| (r.summary(lang), r.refusals(lang)))
    };
    let status = if outcome.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let kept = chosen.parse::<i64>().ok();
    Ok(html(
        status,
        views::bundles::page(&ctx, &list, kept, Some(outcome)),
    ))
}
