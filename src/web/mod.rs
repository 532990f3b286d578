//! The web floor: what reads a request and answers it, below the routes and above the pages
//! (`views/`) and the database (`db/`): the application state, the request readers (client
//! address, scheme, host, proxies), the middleware (CSRF, staff sessions, the public link's
//! guard, slow bodies, headers, host names), the errors and their pages.

pub mod csrf;
pub mod error;
pub mod headers;
pub mod host;
pub mod kiosk;
pub mod net;
pub mod page;
pub mod posting;
pub mod reads;
pub mod respond;
pub mod session;
pub mod slowbody;
pub mod sms_desk;
pub mod spool;
pub mod state;
pub mod stream;
pub mod tunnel_guard;

/// A middleware's refusal: `page` as HTML with `status`, in place of the route's answer.
pub fn refuse<B>(
    req: actix_web::dev::ServiceRequest,
    status: actix_web::http::StatusCode,
    page: maud::Markup,
) -> actix_web::dev::ServiceResponse<actix_web::body::EitherBody<B>> {
    let resp = actix_web::HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string());
    req.into_response(resp).map_into_right_body()
}
