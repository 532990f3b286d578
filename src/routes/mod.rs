//! HTTP routes, one module per area, each with its own `configure`.

pub mod admin;
pub mod admin_content;
pub mod api;
pub mod attendance;
pub mod auth;
pub mod backup;
pub mod bundles;
pub mod consultations;
pub mod content;
pub mod exports;
pub mod logo;
pub mod moderation;
pub mod participation;
pub mod public;
pub mod record;
pub mod results;
pub mod settings;
pub mod setup;
pub mod spool;
pub mod timeline;
pub mod training;
pub mod tunnel;
pub mod workshops;

use std::future::Future;
use std::pin::Pin;

use actix_web::web::{self, Data};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, dev::Payload};

use crate::i18n::Lang;
use crate::views::PageCtx;
use crate::web::csrf::CsrfToken;
use crate::web::error::AppError;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    public::configure(cfg);
    setup::configure(cfg);
    auth::configure(cfg);
    content::configure(cfg);
    consultations::configure(cfg);
    participation::configure(cfg);
    moderation::configure(cfg);
    // Before exports: `/donnees/bilan.*` are not files of `/donnees/{file}`.
    record::configure(cfg);
    exports::configure(cfg);
    backup::configure(cfg);
    results::configure(cfg);
    bundles::configure(cfg);
    workshops::configure(cfg);
    attendance::configure(cfg);
    training::configure(cfg);
    api::configure(cfg);
    admin::configure(cfg);
    admin_content::configure(cfg);
    settings::configure(cfg);
    timeline::configure(cfg);
    tunnel::configure(cfg);
    logo::configure(cfg);
}

/// HEAD answers like GET without a body (uptime monitors, link previews): the request is
/// routed as a GET; the HTTP layer, which saw the HEAD, sends the headers only.
pub async fn head_as_get(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if req.method() == actix_web::http::Method::HEAD {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    next.call(req).await
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

impl FromRequest for PageCtx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::internal("no state"))?;
            let site = state.site();
            let lang = Lang::from_request(&req, site.default_lang);
            let csrf = req
                .extensions()
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default();
            let staff = crate::web::session::current(&req).await?;
            let kiosk = workshops::is_kiosk(&req, &state);
            let path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            let public_link = state.tunnel.state().public_url().map(str::to_string);
            // Staff pages and the sign-in page say when the disk is nearly full.
            let disk_low = if req.path().starts_with("/admin") {
                crate::disk::low(crate::disk::free_bytes(&state.data_dir))
            } else {
                None
            };
            let base = state.link_base(&req).base;
            Ok(PageCtx {
                base,
                training: state.training,
                public_link,
                disk_low,
                lang,
                csrf,
                staff,
                site,
                path,
                kiosk,
            })
        })
    }
}

/// A 303 redirect, the answer to every successful form.
pub fn see_other(location: &str) -> HttpResponse {
    // Never a 500 for an address that cannot be a header: home instead.
    let location = if location.bytes().all(|b| b.is_ascii_graphic()) {
        location
    } else {
        "/"
    };
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.to_string()))
        .finish()
}

/// An HTML page response.
pub fn html(status: actix_web::http::StatusCode, page: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

/// A public page as visitors who are neither staff nor on a kiosk all see it: served from the
/// page cache while none of `topics` changed, built by `build` (and kept) otherwise. Staff and
/// kiosks always get a page built for them.
pub async fn cached_page<Fut>(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    topics: &[crate::db::topics::Topic],
    build: impl FnOnce() -> Fut,
) -> Result<HttpResponse, AppError>
where
    Fut: Future<Output = Result<maud::Markup, AppError>>,
{
    cached_page_reading(req, ctx, state, topics, &[], build).await
}

/// `cached_page` for a page that reads the parameters `known` from its address.
pub async fn cached_page_reading<Fut>(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    topics: &[crate::db::topics::Topic],
    known: &[&str],
    build: impl FnOnce() -> Fut,
) -> Result<HttpResponse, AppError>
where
    Fut: Future<Output = Result<maud::Markup, AppError>>,
{
    let query = crate::cache::canonical_query(req.query_string(), known);
    let (false, false, Some(query)) = (ctx.staff.is_some(), ctx.kiosk, query) else {
        return Ok(html(actix_web::http::StatusCode::OK, build().await?));
    };
    // The address for links is in the page (its description card names it): one of this
    // site's few names (`security::host`).
    let key = format!("{}|{}{query}|{}", ctx.lang.code(), req.path(), ctx.base);
    // The moment first, then the stamp: the page holds at least what was committed by then.
    let at = std::time::Instant::now();
    let stamp = state.db.stamp(topics);
    let now = state.now();
    if let crate::cache::Lookup::Ready(entry) = state.pages.lookup(&key, stamp, now, at) {
        return Ok(crate::cache::respond(req, &entry, &[]));
    }
    let page = crate::cache::Template::new(build().await?.into_string(), &[]);
    let entry = state.pages.put(key, stamp, now, at, page);
    Ok(crate::cache::respond(req, &entry, &[]))
}

/// A local path to come back to, never another site, and always a valid `Location`: only
/// visible ASCII (browsers drop tabs and newlines before following, so `/\t/evil` would
/// become `//evil`), no backslash (read as a slash), not `//` (another host).
pub fn safe_return(path: &str) -> Option<&str> {
    (path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= 2000
        && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'))
    .then_some(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn return_paths_stay_local() {
        assert_eq!(super::safe_return("/admin?x=1"), Some("/admin?x=1"));
        assert_eq!(
            super::safe_return("/propositions?q=%C3%A9cole"),
            Some("/propositions?q=%C3%A9cole")
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/\t/evil.example/",
            "/\t\\evil.example/",
            "/\x0b/x",
            "/\0",
            "/\x01",
            "/\x7f",
            "/\r\nSet-Cookie: x=1",
            "/école",
            " /admin",
            "",
        ] {
            assert_eq!(super::safe_return(bad), None, "{bad:?}");
        }
    }
}
