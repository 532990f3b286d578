//! The organisation's logo: served to everyone, uploaded and removed by admins.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use futures_util::StreamExt;

use crate::db::logo;
use crate::domain::logo::{Logo, MAX_BYTES};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(image)
        .service(page)
        .service(upload)
        .service(remove);
}

#[derive(serde::Deserialize)]
struct Which {
    /// The upload as it was, for printing (the poster): `?original=1`.
    original: Option<String>,
}

/// The image pages show, small and light; or the upload itself for what is printed. Its
/// address carries its version, so browsers keep it for good.
#[get("/logo")]
async fn image(state: Data<AppState>, q: web::Query<Which>) -> Result<HttpResponse, AppError> {
    let original = q.original.is_some();
    let found = state
        .read(move |c| {
            Ok(if original {
                logo::get(c)?
            } else {
                logo::get_screen(c)?
            })
        })
        .await?;
    let (media_type, data) = found.ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(media_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(data))
}

#[derive(serde::Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/logo")]
async fn page(_a: AdminUser, ctx: PageCtx, q: web::Query<Saved>) -> HttpResponse {
    html(
        StatusCode::OK,
        views::logo::page(&ctx, None, q.enregistre.is_some()),
    )
}

/// Reads the `logo` part of the upload, stopping at the size limit.
async fn read_upload(mut payload: Multipart) -> Vec<u8> {
    let mut data = Vec::new();
    while let Some(Ok(mut field)) = payload.next().await {
        let is_file = field.name() == Some("logo");
        while let Some(Ok(chunk)) = field.next().await {
            // One byte over the limit is enough to refuse it.
            if is_file && data.len() <= MAX_BYTES {
                data.extend_from_slice(&chunk[..chunk.len().min(MAX_BYTES + 1 - data.len())]);
            }
        }
    }
    data
}

#[post("/admin/logo")]
async fn upload(
    a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let logo = match Logo::parse(read_upload(payload).await) {
        Ok(l) => l,
        Err(e) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::logo::page(&ctx, Some(e), false),
            ));
        }
    };
    let version = logo.version();
    // Decoding and resizing are work for a blocking thread, not the server's.
    let screen = {
        let logo = logo.clone();
        crate::web::state::run_blocking(move || Ok(logo.for_screen())).await?
    };
    let screen = match screen {
        Ok(s) => s,
        Err(e) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::logo::page(&ctx, Some(e), false),
            ));
        }
    };
    let size = (screen.width, screen.height);
    let now = state.now();
    state
        .write(move |c| Ok(logo::set(c, &logo, &screen, now)?))
        .await?;
    let mut site = state.site();
    site.logo = Some(version);
    site.logo_size = Some(size);
    state.set_site(site);
    tracing::info!(login = %a.0.login, "logo changed");
    Ok(see_other("/admin/logo?enregistre=1"))
}

#[post("/admin/logo/supprimer")]
async fn remove(a: AdminUser, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    state.write(move |c| Ok(logo::remove(c)?)).await?;
    let mut site = state.site();
    site.logo = None;
    site.logo_size = None;
    state.set_site(site);
    tracing::info!(login = %a.0.login, "logo removed");
    Ok(see_other("/admin/logo"))
}
