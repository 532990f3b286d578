//! The network side of a laptop server: finding a free port, listing the addresses where
//! other devices can reach it, and QR codes of those addresses.

use crate::domain::network::{NetKind, net_kind};
use crate::domain::proxy::ForwardedHeaders;
use std::net::{IpAddr, SocketAddr, TcpListener};

/// How many ports after the requested one are tried before giving up.
pub const PORT_TRIES: u16 = 20;

/// Binds `bind:port`, or the next free port; returns the listener and the port it got.
pub fn bind_first_free(bind: IpAddr, port: u16) -> std::io::Result<(TcpListener, u16)> {
    let mut last_err = None;
    for candidate in (port..=port.saturating_add(PORT_TRIES - 1)).take(usize::from(PORT_TRIES)) {
        match TcpListener::bind(SocketAddr::new(bind, candidate)) {
            Ok(l) => {
                let got = l.local_addr().map(|a| a.port()).unwrap_or(candidate);
                return Ok((l, got));
            }
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(|| std::io::Error::other("no port")))
}

/// Binds `bind:port` and nothing else: a port the operator named stays where a proxy or a
/// service unit expects it, or the start fails (port 0 lets the system choose).
pub fn bind_exactly(bind: IpAddr, port: u16) -> std::io::Result<(TcpListener, u16)> {
    let l = TcpListener::bind(SocketAddr::new(bind, port))?;
    let got = l.local_addr().map(|a| a.port()).unwrap_or(port);
    Ok((l, got))
}

/// Addresses of this machine that other devices on the network can use (IPv4, not loopback,
/// not link-local), private ranges first.
pub fn lan_addresses() -> Vec<IpAddr> {
    let mut addrs: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| match ip {
            IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_link_local() && !v4.is_unspecified(),
            IpAddr::V6(_) => false,
        })
        .collect();
    addrs.sort_by_key(|ip| (!is_private(ip), *ip));
    addrs.dedup();
    addrs
}

fn is_private(ip: &IpAddr) -> bool {
    matches!(ip, IpAddr::V4(v4) if v4.is_private())
}

/// The network addresses of `lan_addresses`, each with the kind of network it is probably on.
pub fn lan_kinds() -> Vec<(IpAddr, NetKind)> {
    let ifs = if_addrs::get_if_addrs().unwrap_or_default();
    lan_addresses()
        .into_iter()
        .map(|ip| {
            let name = ifs
                .iter()
                .find(|i| i.ip() == ip)
                .map(|i| i.name.clone())
                .unwrap_or_default();
            (ip, net_kind(ip, &name))
        })
        .collect()
}

/// The addresses to announce for a server bound to `bind` on `port`.
pub fn site_urls(bind: IpAddr, port: u16) -> Vec<String> {
    let ips = if bind.is_unspecified() {
        lan_addresses()
    } else if bind.is_loopback() {
        Vec::new()
    } else {
        vec![bind]
    };
    ips.into_iter().map(|ip| url(ip, port)).collect()
}

pub fn url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

/// Whether a request came through the public link (the tunnel relay's internal listener).
pub fn is_tunnel_request(req: &actix_web::HttpRequest) -> bool {
    req.app_data::<actix_web::web::Data<crate::web::state::AppState>>()
        .is_some_and(|s| s.tunnel.is_tunnel_listener(req.app_config().local_addr()))
}

/// On a tunnel request: whether the visitor reached the public address over HTTPS. The
/// `X-Forwarded-Proto` header the tunnel service adds is trusted (tunnel connections only);
/// without it, the public address tells. Unknown counts as HTTPS (the safer cookie).
pub fn tunnel_visitor_https(req: &actix_web::HttpRequest) -> bool {
    // Only an HTTP front (localhost.run) writes this header; through a raw `ssh://` forward
    // it is the visitor's own.
    if let Some(proto) = req
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|_| behind_http_front(req))
    {
        return !proto.trim().eq_ignore_ascii_case("http");
    }
    req.app_data::<actix_web::web::Data<crate::web::state::AppState>>()
        .and_then(|s| {
            s.tunnel
                .state()
                .public_url()
                .map(|u| !u.starts_with("http://"))
        })
        .unwrap_or(true)
}

/// The scheme the visitor used. `X-Forwarded-Proto` and `Forwarded` count only on the tunnel
/// relay's connections and from a trusted proxy (`--trusted-proxy`): on any other connection
/// anybody can send them.
pub fn visitor_scheme(req: &actix_web::HttpRequest) -> &'static str {
    let https = if is_tunnel_request(req) {
        tunnel_visitor_https(req)
    } else {
        proxied_https(req).unwrap_or_else(|| req.app_config().secure())
    };
    if https { "https" } else { "http" }
}

/// The forwarding headers of a request, each value as received.
fn header_values<'a>(req: &'a actix_web::HttpRequest, name: &str) -> Vec<&'a str> {
    req.headers()
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .collect()
}

/// Runs `f` on the request's forwarding headers and the trusted proxies, when the peer is
/// one of them.
fn from_proxy<T>(
    req: &actix_web::HttpRequest,
    f: impl FnOnce(IpAddr, &crate::domain::proxy::TrustedProxies, &ForwardedHeaders<'_>) -> T,
) -> Option<T> {
    let state = req.app_data::<actix_web::web::Data<crate::web::state::AppState>>()?;
    let peer = req.peer_addr()?.ip();
    if !state.proxies.contains(peer) {
        return None;
    }
    let forwarded = header_values(req, "forwarded");
    let x_forwarded_for = header_values(req, "x-forwarded-for");
    let x_forwarded_proto = header_values(req, "x-forwarded-proto");
    let headers = ForwardedHeaders {
        forwarded: &forwarded,
        x_forwarded_for: &x_forwarded_for,
        x_forwarded_proto: &x_forwarded_proto,
    };
    Some(f(peer, &state.proxies, &headers))
}

/// From a trusted proxy: whether the visitor reached it over HTTPS, if it says.
fn proxied_https(req: &actix_web::HttpRequest) -> Option<bool> {
    from_proxy(req, crate::domain::proxy::https).flatten()
}

/// The host the visitor asked for (the `Host` header; never `X-Forwarded-Host`).
pub fn visitor_host(req: &actix_web::HttpRequest) -> String {
    req.headers()
        .get(actix_web::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| req.app_config().host().to_string())
}

/// The address of the person behind a request, for rate limits and sign-in throttling.
///
/// On a direct connection it is the peer address, whatever the headers say. From a trusted
/// reverse proxy (`--trusted-proxy`), it is the rightmost address of the forwarding headers
/// that is not one of those proxies (`domain::proxy::client`). On a connection relayed by
/// the tunnel, the peer is the relay itself: then, behind localhost.run's HTTP front, the
/// `X-Forwarded-For` header that the service adds is trusted (its last entry, the one the
/// service wrote); through a plain `ssh://` server (a raw TCP forward, where nobody adds
/// that header and the visitor may write any), the originator address that the SSH server
/// gave for the forwarded connection.
pub fn client_ip(req: &actix_web::HttpRequest) -> String {
    let peer = req.peer_addr();
    if !is_tunnel_request(req) {
        if let Some(ip) = from_proxy(req, crate::domain::proxy::client) {
            return ip.to_string();
        }
        return peer.map(|a| a.ip().to_string()).unwrap_or_default();
    }
    let state = req.app_data::<actix_web::web::Data<crate::web::state::AppState>>();
    let http_front = behind_http_front(req);
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .last()
        .and_then(|v| v.parse::<IpAddr>().ok())
        .filter(|_| http_front);
    if let Some(ip) = forwarded {
        return ip.to_string();
    }
    let originator = state.and_then(|s| peer.and_then(|p| s.tunnel.originator(p.port())));
    match originator {
        Some(o) => o,
        None => "tunnel".to_string(),
    }
}

/// Whether the public link runs behind an HTTP front that writes the forwarding headers
/// (localhost.run), rather than a raw TCP forward of an `ssh://` server.
fn behind_http_front(req: &actix_web::HttpRequest) -> bool {
    req.app_data::<actix_web::web::Data<crate::web::state::AppState>>()
        .and_then(|s| s.tunnel.config())
        .is_some_and(|c| c.provider == crate::tunnel::Provider::LocalhostRun)
}

/// An inline SVG QR code of `text`, sized by its viewBox (the page sets the display size).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // Inline in HTML: the XML declaration has no place there.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_port_is_kept_or_refused() {
        let (first, port) =
            bind_exactly(IpAddr::from([127, 0, 0, 1]), 0).unwrap_or_else(|e| panic!("{e}"));
        let again = bind_exactly(IpAddr::from([127, 0, 0, 1]), port);
        assert!(
            again.is_err(),
            "a busy named port must be refused, not moved"
        );
        drop(first);
    }

    #[test]
    fn takes_the_next_port_when_busy() {
        let (first, port) = bind_first_free(
            "127.0.0.1".parse().unwrap_or(IpAddr::from([127, 0, 0, 1])),
            0,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (_second, next) =
            bind_first_free(IpAddr::from([127, 0, 0, 1]), port).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            next > port && next < port + PORT_TRIES,
            "{port} then {next}"
        );
        drop(first);
    }

    #[test]
    fn hotspots_and_wifi_are_told_apart() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap_or(IpAddr::from([0, 0, 0, 0]));
        assert_eq!(
            net_kind(ip("192.168.137.1"), "Connexion au réseau local* 10"),
            NetKind::Hotspot
        );
        assert_eq!(net_kind(ip("10.42.0.1"), "wlp2s0"), NetKind::Hotspot);
        assert_eq!(net_kind(ip("192.168.1.23"), "Wi-Fi"), NetKind::Wifi);
        assert_eq!(net_kind(ip("192.168.1.23"), "wlan0"), NetKind::Wifi);
        assert_eq!(net_kind(ip("192.168.1.23"), "Ethernet"), NetKind::Other);
        assert_eq!(net_kind(ip("10.0.0.5"), "eth0"), NetKind::Other);
    }

    #[test]
    fn qr_is_svg() {
        let svg = qr_svg("http://192.168.1.10:8080/").unwrap_or_default();
        assert!(svg.starts_with("<svg"), "{svg}");
    }
}
