//! The answers routes give: pages, redirects, pages from the cache, and the small readers
//! of a form body and a return address.

use std::future::Future;

use actix_web::cookie::Cookie;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::views::PageCtx;
use crate::web::error::AppError;
use crate::web::state::AppState;

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

/// `resp` with `cookie` set, when there is one.
pub fn with_cookie(mut resp: HttpResponse, cookie: Option<Cookie<'static>>) -> HttpResponse {
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    resp
}

/// Marks a response as never to be kept by the browser or any cache.
pub fn no_store(resp: &mut HttpResponse) {
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
}

/// Parses a form body; bytes that are not UTF-8 become U+FFFD rather than a refusal, so that
/// the person keeps what they typed and sees the usual messages.
pub fn parse_body<T: for<'de> Deserialize<'de> + Default>(body: &Bytes) -> T {
    serde_html_form::from_bytes(body)
        .or_else(|_| serde_html_form::from_str(&String::from_utf8_lossy(body)))
        .unwrap_or_default()
}

/// A `Content-Disposition` that saves the file as `name`: the name in UTF-8 for browsers
/// that read it, and an ASCII copy for the others.
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::domain::links::urlencode(name)
    )
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
