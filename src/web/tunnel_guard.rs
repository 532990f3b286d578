//! Staff pages stay off the public link unless the admin allows them explicitly.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Data;

use crate::i18n::Lang;
use crate::web::state::AppState;

/// Whether `path` is a staff page (the admin, the sign-in page, the first-run setup).
pub fn is_staff_path(path: &str) -> bool {
    let decoded = percent_decode(path).to_ascii_lowercase();
    let mut collapsed = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    ["/admin", "/installation"].iter().any(|p| {
        collapsed == *p
            || collapsed
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(['/', '?', ';', '.']))
    })
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let through_tunnel = state
        .tunnel
        .is_tunnel_listener(req.request().app_config().local_addr());
    if !through_tunnel || state.tunnel.staff_allowed() || !is_staff_path(req.path()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let lang = Lang::from_request(req.request(), state.default_lang());
    let page = crate::views::tunnel::staff_blocked(lang, state.training);
    Ok(super::refuse(req, StatusCode::FORBIDDEN, page))
}

#[cfg(test)]
mod tests {
    #[test]
    fn staff_paths() {
        for p in [
            "/admin",
            "/admin/",
            "/admin/connexion",
            "//admin",
            "/ADMIN/reglages",
            "/%61dmin",
            "/installation/abc",
        ] {
            assert!(super::is_staff_path(p), "{p}");
        }
        for p in ["/", "/administration-publique", "/propositions", "/guide"] {
            assert!(!super::is_staff_path(p), "{p}");
        }
    }
}
