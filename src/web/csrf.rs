//! CSRF protection for every state-changing request: the `Origin` (when the browser sends
//! one) must be this site, and the form must carry `csrf_token`, an HMAC of the visitor's
//! random `palabre_csrf` cookie. Works for visitors without an account, and without
//! JavaScript. Multipart forms (uploads) carry it in their first field, read from the start
//! of the body before the file is streamed to the handler.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut, Data};
use actix_web::{HttpMessage, HttpResponse};
use futures_util::StreamExt;

use crate::i18n::Lang;
use crate::web::state::AppState;

pub const COOKIE: &str = "palabre_csrf";
pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Largest url-encoded form accepted (a long proposal in full accents fits many times over).
pub const FORM_LIMIT: usize = 256 * 1024;

/// The token that forms of this request must carry; handlers read it through `PageCtx`.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

use crate::security::token_for;

enum Refusal {
    Origin,
    Token,
    TooLarge,
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let existing = req
        .cookie(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() >= 20 && v.len() <= 64);
    let cookie_value = existing
        .clone()
        .unwrap_or_else(|| crate::security::random_token(24));
    let expected = token_for(state.secret(), &cookie_value);
    req.extensions_mut().insert(CsrfToken(expected.clone()));

    // The API only reads: no route under `/api` changes anything, so any other method
    // goes through to its 405 JSON answer rather than to the form-expired page.
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || crate::web::error::is_api_path(req.match_info().as_str())
        // The phone's webhook is signed with its own key (`web::sms_desk::webhook`).
        || req.path() == crate::web::sms_desk::WEBHOOK_PATH;
    if !safe && let Err(refusal) = check(&mut req, existing.is_some(), &expected).await {
        let lang = Lang::from_request(req.request(), state.default_lang());
        let (status, page) = match refusal {
            Refusal::TooLarge => (
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                crate::views::errors::too_large(lang, state.training),
            ),
            Refusal::Origin | Refusal::Token => (
                actix_web::http::StatusCode::FORBIDDEN,
                crate::views::errors::csrf(lang, state.training, referer_path(&req).as_deref()),
            ),
        };
        let mut resp = HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(page.into_string());
        if existing.is_none() {
            let _ = resp.add_cookie(&cookie(cookie_value));
        }
        return Ok(req.into_response(resp).map_into_right_body());
    }
    let secure = crate::web::net::visitor_scheme(req.request()) == "https";
    let mut res = next.call(req).await?;
    if existing.is_none() {
        let mut c = cookie(cookie_value);
        c.set_secure(secure);
        res.response_mut().add_cookie(&c).ok();
    }
    Ok(res.map_into_left_body())
}

/// A new CSRF cookie, for a change of privilege (sign-in): a token seen before it (on a
/// shared computer, say) is worth nothing after.
pub fn fresh_cookie(req: &actix_web::HttpRequest) -> Cookie<'static> {
    let mut c = cookie(crate::security::random_token(24));
    c.set_secure(crate::web::net::visitor_scheme(req) == "https");
    c
}

fn cookie(value: String) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .finish()
}

/// Where the refused form was, so the error page can link back to it.
fn referer_path(req: &ServiceRequest) -> Option<String> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let host = req.headers().get(header::HOST)?.to_str().ok()?;
    let rest = referer.split_once("://")?.1;
    let path = rest.strip_prefix(host)?;
    path.starts_with('/').then(|| path.to_string())
}

async fn check(req: &mut ServiceRequest, had_cookie: bool, expected: &str) -> Result<(), Refusal> {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
        if origin != "null" && !origin_host.eq_ignore_ascii_case(host) {
            return Err(Refusal::Origin);
        }
    }
    if !had_cookie {
        return Err(Refusal::Token);
    }
    let matches = |t: &str| crate::security::same_secret(t.as_bytes(), expected.as_bytes());
    if let Some(t) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if matches(t) {
            Ok(())
        } else {
            Err(Refusal::Token)
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let body = read_body(req).await?;
        let ok = form_field(&body, FIELD).is_some_and(|t| matches(&t));
        put_back(req, body);
        return if ok { Ok(()) } else { Err(Refusal::Token) };
    }
    if content_type.starts_with("multipart/form-data")
        && let Some(boundary) = multipart_boundary(&content_type)
    {
        let token = first_part_token(req, &boundary).await;
        if token.is_some_and(|t| matches(&t)) {
            return Ok(());
        }
    }
    // Pages opened before the token moved into the form carried it in the address.
    let from_query = form_field(req.query_string().as_bytes(), FIELD);
    if from_query.is_some_and(|t| matches(&t)) {
        Ok(())
    } else {
        Err(Refusal::Token)
    }
}

/// The `boundary` parameter of a multipart content type (already lowercased: boundaries
/// from browsers are case-insensitive tokens here only if we compare the same way, so the
/// original header is read again).
fn multipart_boundary(content_type: &str) -> Option<String> {
    let i = content_type.find("boundary=")?;
    let b = content_type[i + 9..]
        .split(';')
        .next()?
        .trim()
        .trim_matches('"');
    (!b.is_empty()).then(|| b.to_string())
}

/// Upload forms carry the token in their first field, before the file: the beginning of
/// the body is read (16 KiB at most), the token taken from it, and the body given back
/// whole to the handler, which streams the file as before.
async fn first_part_token(req: &mut ServiceRequest, boundary_lower: &str) -> Option<String> {
    // The boundary as sent (the content type was lowercased for matching).
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| {
            let i = ct.to_ascii_lowercase().find("boundary=")?;
            Some(
                ct[i + 9..]
                    .split(';')
                    .next()?
                    .trim()
                    .trim_matches('"')
                    .to_string(),
            )
        })
        .filter(|b| b.eq_ignore_ascii_case(boundary_lower))?;
    let mut payload = req.take_payload();
    let mut head = BytesMut::new();
    let mut token = None;
    let mut failed = None;
    // One chunk may hold the whole file: the token is looked for after every read, and the
    // reading stops once 16 KiB are in hand without it.
    loop {
        match payload.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(e)) => {
                failed = Some(e);
                break;
            }
            None => break,
        }
        if let Some(t) = token_in_first_part(&head, &boundary) {
            token = Some(t);
            break;
        }
        if head.len() > 16 * 1024 {
            break;
        }
    }
    let head = head.freeze();
    let rest =
        futures_util::stream::iter(std::iter::once(Ok(head)).chain(failed.map(Err))).chain(payload);
    req.set_payload(actix_web::dev::Payload::Stream {
        payload: Box::pin(rest),
    });
    token
}

/// The value of the first part when it is the `csrf_token` field and complete in `head`.
fn token_in_first_part(head: &[u8], boundary: &str) -> Option<String> {
    // The file after the token is any bytes: read leniently, the token is plain ASCII.
    let text = String::from_utf8_lossy(head.get(..head.len().min(16 * 1024))?);
    let start = format!("--{boundary}\r\n");
    let rest = text.strip_prefix(&start)?;
    let (headers, rest) = rest.split_once("\r\n\r\n")?;
    if !headers
        .to_ascii_lowercase()
        .contains(&format!("name=\"{FIELD}\""))
    {
        return None;
    }
    let (value, _) = rest.split_once(&format!("\r\n--{boundary}"))?;
    Some(value.trim().to_string())
}

async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, Refusal> {
    let mut payload = req.take_payload();
    let mut buf = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| Refusal::Token)?;
        if buf.len() + chunk.len() > FORM_LIMIT {
            return Err(Refusal::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

fn put_back(req: &mut ServiceRequest, body: Bytes) {
    let (_, mut payload) = actix_http::h1::Payload::create(true);
    payload.unread_data(body);
    req.set_payload(payload.into());
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_carries_its_token_in_its_first_field() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc-123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"l.png\"\r\n\r\n\x89PNG";
        assert_eq!(token_in_first_part(body, "XyZ").as_deref(), Some("abc-123"));
        // Not complete yet, another field first, another boundary: nothing.
        assert_eq!(token_in_first_part(&body[..40], "XyZ"), None);
        let other = b"--XyZ\r\nContent-Disposition: form-data; name=\"logo\"\r\n\r\nx\r\n--XyZ";
        assert_eq!(token_in_first_part(other, "XyZ"), None);
        assert_eq!(token_in_first_part(body, "Other"), None);
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=----webkitformboundaryab12")
                .as_deref(),
            Some("----webkitformboundaryab12")
        );
    }

    #[test]
    fn token_depends_on_secret_and_cookie() {
        let a = token_for(b"secret-one", "cookie");
        assert_eq!(a, token_for(b"secret-one", "cookie"));
        assert_ne!(a, token_for(b"secret-two", "cookie"));
        assert_ne!(a, token_for(b"secret-one", "other"));
    }

    #[test]
    fn finds_the_field_in_a_form() {
        assert_eq!(
            form_field(b"a=1&csrf_token=x%2By&b=2", FIELD).as_deref(),
            Some("x+y")
        );
        assert_eq!(form_field(b"a=1", FIELD), None);
    }
}
