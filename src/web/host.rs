//! The `Host` a request names is at most a domain name's length: a longer one is refused
//! before anything reads it. Pages built for a visitor carry their address (links, share
//! cards), and a 120 KB `Host` sent 400 times raised the memory from 20 to 173 MB.
//!
//! And it is one of this site's names: an address (any IP: a page from elsewhere cannot make
//! a browser send one that is not what it connected to), `localhost`, this computer's name,
//! the public address and the public link's. A laptop that answers on every interface
//! otherwise serves a page of another site whose name an attacker pointed at it (DNS
//! rebinding), and with it the signed-in agent's cookies. Requests relayed by the public
//! link or by a trusted reverse proxy are the proxy's to check.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Data;

use crate::i18n::Lang;
use crate::web::state::AppState;

/// A domain name is at most 253 characters; with a port, 255 is room enough.
pub const MAX_HOST: usize = 255;

/// Whether a `Host` value (name or address, with its port) may be read.
pub fn acceptable(host: &[u8]) -> bool {
    host.len() <= MAX_HOST
}

/// The name part of a `Host` value: no port, lowercase, no final dot; an IPv6 address
/// without its brackets.
fn name_of(host: &str) -> String {
    let h = host.trim();
    let name = if let Some(rest) = h.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else if h.matches(':').count() == 1 {
        h.split(':').next().unwrap_or_default()
    } else {
        h
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Suffixes a home or office network gives a computer's name.
const LOCAL_SUFFIXES: [&str; 6] = [
    ".local",
    ".lan",
    ".home",
    ".localdomain",
    ".home.arpa",
    ".internal",
];

/// Whether a `Host` value names this site: an IP address, `localhost`, this computer's name
/// (alone or with a local network's suffix), or the host of one of `known` (the public
/// address, the public link), each compared without port or case.
pub fn names_this_site(host: &str, machine: Option<&str>, known: &[&str]) -> bool {
    let name = name_of(host);
    if name.is_empty() || name.parse::<std::net::IpAddr>().is_ok() || name == "localhost" {
        return true;
    }
    if let Some(m) = machine
        .map(str::to_ascii_lowercase)
        .filter(|m| !m.is_empty())
        && (name == m
            || LOCAL_SUFFIXES
                .iter()
                .any(|s| name.strip_suffix(s) == Some(m.as_str())))
    {
        return true;
    }
    known.iter().any(|k| name_of(host_of(k)) == name)
}

/// This computer's name, as the network knows it.
static MACHINE: std::sync::LazyLock<Option<String>> = std::sync::LazyLock::new(|| {
    std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
});

/// The host part of an address ("https://abcd.lhr.life/" → "abcd.lhr.life").
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

/// Whether the request's `Host` is one of this site's names (or the request came through
/// the public link or a trusted reverse proxy, which answer for the name).
fn known_host(req: &ServiceRequest, state: &AppState) -> bool {
    let Some(host) = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        return true;
    };
    // Most requests name an address, localhost or this computer: no lock taken for them.
    if names_this_site(host, MACHINE.as_deref(), &[])
        || crate::web::net::is_tunnel_request(req.request())
        || req
            .peer_addr()
            .is_some_and(|p| state.proxies.contains(p.ip()))
    {
        return true;
    }
    let public = state.public_address();
    let tunnel = state.tunnel.state();
    let known: Vec<&str> = public
        .as_ref()
        .map(|p| p.as_str())
        .into_iter()
        .chain(tunnel.public_url())
        .collect();
    names_this_site(host, MACHINE.as_deref(), &known)
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let too_long = req
        .headers()
        .get_all(actix_web::http::header::HOST)
        .any(|h| !acceptable(h.as_bytes()))
        || req
            .uri()
            .authority()
            .is_some_and(|a| !acceptable(a.as_str().as_bytes()));
    let state = req.app_data::<Data<AppState>>().cloned();
    // The stylesheet and icons are public and carry nothing of anyone: the refusal page
    // itself needs them.
    let asset = req.path().starts_with("/static/") || req.path() == "/favicon.ico";
    let stranger = !too_long && !asset && state.as_ref().is_some_and(|s| !known_host(&req, s));
    if !too_long && !stranger {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let (lang, training) = req
        .app_data::<Data<AppState>>()
        .map(|s| {
            (
                Lang::from_request(req.request(), s.default_lang()),
                s.training,
            )
        })
        .unwrap_or_default();
    if stranger {
        tracing::warn!(
            host = ?crate::web::net::visitor_host(req.request()),
            "a request for a name that is not this site's was refused"
        );
        let page = crate::views::errors::unknown_host(lang, training);
        return Ok(super::refuse(req, StatusCode::MISDIRECTED_REQUEST, page));
    }
    let page = crate::views::errors::status_page(lang, training, StatusCode::BAD_REQUEST);
    Ok(super::refuse(req, StatusCode::BAD_REQUEST, page))
}

#[cfg(test)]
mod tests {
    use super::names_this_site;

    #[test]
    fn only_this_sites_names_are_answered() {
        let known = ["https://consultation.gouv.ci", "abcd1234.lhr.life"];
        let ok = |h: &str| names_this_site(h, Some("PC-Awa"), &known);
        for h in [
            "192.168.1.10:8080",
            "[fe80::1]:8080",
            "127.0.0.1",
            "localhost:8080",
            "pc-awa:8080",
            "PC-AWA.local",
            "pc-awa.lan:8080",
            "consultation.gouv.ci",
            "Consultation.Gouv.CI.:443",
            "abcd1234.lhr.life",
        ] {
            assert!(ok(h), "{h}");
        }
        for h in [
            "attacker.example",
            "rebind.attacker.example:8080",
            "pc-awa.attacker.example",
            "consultation.gouv.ci.attacker.example",
            "localhost.attacker.example",
        ] {
            assert!(!ok(h), "{h}");
        }
        assert!(!names_this_site("pc-awa", None, &[]));
    }

    #[test]
    fn a_host_is_at_most_a_domain_name_long() {
        assert!(super::acceptable(b"consultation.ministere.gouv.ci:8080"));
        assert!(super::acceptable(&[b'a'; 255]));
        assert!(!super::acceptable(&[b'a'; 256]));
    }
}
