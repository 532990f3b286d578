//! Headers sent with every response: a strict CSP (no script at all), no sniffing, no framing.

use actix_web::middleware::DefaultHeaders;

/// `connect-src 'self'` opens nothing to a page without script; it lets auditing tools that
/// read `/robots.txt` from within the page (Lighthouse) do so.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn default_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
}

/// Staff pages are never kept by a browser or a proxy: what an admin saw must not come back
/// from a cache on a shared computer.
pub async fn staff_no_store(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
    let staff = req.path().starts_with("/admin");
    let mut res = next.call(req).await?;
    if staff {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
