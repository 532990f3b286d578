//! Who is behind a request that came through a reverse proxy (nginx, Caddy, IIS): the
//! proxies the operator named are trusted to say it, nobody else is. Pure rules, unit-tested;
//! `net::client_ip` and `net::visitor_scheme` feed them the request's headers.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address or a network (`10.0.0.0/8`, `::1`), kept truncated to its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn parse(item: &str) -> Option<Net> {
        let (addr, prefix) = match item.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (item, None),
        };
        let addr: IpAddr = addr.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if p.chars().all(|c| c.is_ascii_digit()) => {
                p.parse::<u8>().ok().filter(|p| *p <= max)?
            }
            Some(_) => return None,
            None => max,
        };
        Some(Net {
            addr: masked(addr, prefix),
            prefix,
        })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        ip.is_ipv4() == self.addr.is_ipv4() && masked(ip, self.prefix) == self.addr
    }
}

impl fmt::Display for Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// `ip` with every bit after the first `prefix` set to zero.
fn masked(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(a) => {
            let bits = u32::from(a);
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(bits & mask))
        }
        IpAddr::V6(a) => {
            let bits = u128::from(a);
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(bits & mask))
        }
    }
}

/// The proxies whose `X-Forwarded-For`, `X-Forwarded-Proto` and `Forwarded` headers count
/// (`--trusted-proxy 127.0.0.1,10.0.0.0/8`). Empty: no header counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Net>);

impl TrustedProxies {
    /// A comma-separated list of addresses or networks (CIDR). The error is the item that
    /// is neither.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(|item| Net::parse(item).ok_or_else(|| item.to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The list as given, for the console and the logs.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:a.b.c.d`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The forwarding headers of a request, as received (each header may come several times).
#[derive(Debug, Default, Clone, Copy)]
pub struct ForwardedHeaders<'a> {
    pub forwarded: &'a [&'a str],
    pub x_forwarded_for: &'a [&'a str],
    pub x_forwarded_proto: &'a [&'a str],
}

/// The addresses of the hops, oldest first: `X-Forwarded-For` when the request has it, else
/// `Forwarded: for=` (RFC 7239). nginx, Caddy, IIS (ARR), HAProxy and Traefik all write
/// `X-Forwarded-For`, and most pass a `Forwarded` header sent by the client through
/// untouched: reading `Forwarded` first would let anyone name their own address (the
/// `contrib/` configurations drop it as well). An entry that is not an address (`unknown`,
/// an obfuscated name, garbage) is `None`.
fn hops(h: &ForwardedHeaders<'_>) -> Vec<Option<IpAddr>> {
    let from_x: Vec<Option<IpAddr>> = h
        .x_forwarded_for
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(forwarded_node)
        .collect();
    if !from_x.is_empty() {
        return from_x;
    }
    forwarded_values(h, "for")
        .iter()
        .map(|v| forwarded_node(v))
        .collect()
}

/// The values of `key` in the `Forwarded` elements, oldest first.
fn forwarded_values(h: &ForwardedHeaders<'_>, key: &str) -> Vec<String> {
    h.forwarded
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case(key)
                    .then(|| v.trim().to_string())
            })
        })
        .collect()
}

/// A `for=` node of RFC 7239, or an `X-Forwarded-For` entry: `192.0.2.60`,
/// `"192.0.2.60:47011"` (IIS can add the port), `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn forwarded_node(v: &str) -> Option<IpAddr> {
    let v = v.trim_matches('"');
    if let Some(rest) = v.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    let host = match v.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) && h.contains('.') => h,
        _ => v,
    };
    host.parse().ok().map(canonical)
}

/// The address of the person behind a request whose direct peer is `peer`.
///
/// A peer that is not a trusted proxy is the person: its headers are ignored, whatever they
/// say. From a trusted proxy, the hops are read from the right (the newest, written by the
/// proxy itself) and the first one that is not a trusted proxy is the person; entries to
/// its left were written by the client and may be forged. When every hop is a trusted
/// proxy, the oldest one is the person. A hop that is not an address stops the walk: the
/// last trusted hop before it is the answer (nothing to the left of it can be believed).
pub fn client(peer: IpAddr, trusted: &TrustedProxies, headers: &ForwardedHeaders<'_>) -> IpAddr {
    let peer = canonical(peer);
    if !trusted.contains(peer) {
        return peer;
    }
    let mut person = peer;
    for hop in hops(headers).into_iter().rev() {
        match hop {
            Some(ip) if trusted.contains(ip) => person = ip,
            Some(ip) => return ip,
            None => return person,
        }
    }
    person
}

/// Whether the person reached the proxy over HTTPS, when the peer is a trusted proxy:
/// `X-Forwarded-Proto`, else `Forwarded: proto=` (the same precedence as for the address),
/// its newest value (the one the proxy wrote). `None` when the peer is not trusted or says
/// nothing: then the connection itself tells.
pub fn https(
    peer: IpAddr,
    trusted: &TrustedProxies,
    headers: &ForwardedHeaders<'_>,
) -> Option<bool> {
    if !trusted.contains(peer) {
        return None;
    }
    let from_x = headers
        .x_forwarded_proto
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|v| !v.is_empty())
        .map(str::to_string);
    let proto = from_x.or_else(|| {
        forwarded_values(headers, "proto")
            .pop()
            .map(|v| v.trim_matches('"').to_string())
    })?;
    if proto.eq_ignore_ascii_case("https") {
        Some(true)
    } else if proto.eq_ignore_ascii_case("http") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn proxies(s: &str) -> TrustedProxies {
        TrustedProxies::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn xff<'a>(values: &'a [&'a str]) -> ForwardedHeaders<'a> {
        ForwardedHeaders {
            x_forwarded_for: values,
            ..ForwardedHeaders::default()
        }
    }

    #[test]
    fn lists_take_addresses_and_networks() {
        let t = proxies(" 127.0.0.1, 10.0.0.0/8,::1 ,2001:db8::/32");
        assert!(t.contains(ip("127.0.0.1")));
        assert!(t.contains(ip("10.20.30.40")));
        assert!(t.contains(ip("::1")));
        assert!(t.contains(ip("2001:db8::5")));
        assert!(
            t.contains(ip("::ffff:127.0.0.1")),
            "IPv4 through an IPv6 socket"
        );
        assert!(!t.contains(ip("127.0.0.2")));
        assert!(!t.contains(ip("192.168.1.1")));
        assert_eq!(
            t.describe(),
            "127.0.0.1/32, 10.0.0.0/8, ::1/128, 2001:db8::/32"
        );
        assert_eq!(
            TrustedProxies::parse("127.0.0.1,nginx"),
            Err("nginx".to_string())
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/33"),
            Err("10.0.0.0/33".to_string())
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/x"),
            Err("10.0.0.0/x".to_string())
        );
        assert!(!proxies("::1").contains(ip("0.0.0.1")), "families apart");
        assert!(proxies("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(TrustedProxies::parse("").unwrap_or_default().is_empty());
        // A host address with a mask is the network it belongs to.
        assert!(proxies("10.1.2.3/16").contains(ip("10.1.200.1")));
    }

    #[test]
    fn an_untrusted_peer_is_the_person_whatever_it_says() {
        let t = proxies("127.0.0.1");
        let forged = ["1.2.3.4"];
        assert_eq!(
            client(ip("203.0.113.9"), &t, &xff(&forged)),
            ip("203.0.113.9")
        );
        assert_eq!(
            client(ip("203.0.113.9"), &TrustedProxies::default(), &xff(&forged)),
            ip("203.0.113.9")
        );
        let https_forged = ForwardedHeaders {
            x_forwarded_proto: &["https"],
            ..ForwardedHeaders::default()
        };
        assert_eq!(https(ip("203.0.113.9"), &t, &https_forged), None);
    }

    #[test]
    fn behind_a_proxy_the_rightmost_untrusted_address_is_the_person() {
        let t = proxies("127.0.0.1,10.0.0.0/8");
        // nginx appended the address it saw.
        assert_eq!(
            client(ip("127.0.0.1"), &t, &xff(&["198.51.100.7"])),
            ip("198.51.100.7")
        );
        // The client forged an entry: it stays to the left, ignored.
        assert_eq!(
            client(ip("127.0.0.1"), &t, &xff(&["1.2.3.4, 198.51.100.7"])),
            ip("198.51.100.7")
        );
        // Two proxies of ours (a load balancer in 10/8, then nginx on loopback).
        assert_eq!(
            client(
                ip("127.0.0.1"),
                &t,
                &xff(&["1.2.3.4", "198.51.100.7, 10.0.0.2"])
            ),
            ip("198.51.100.7")
        );
        // Only proxies of ours: the oldest is the person (a staff member on the server).
        assert_eq!(
            client(ip("127.0.0.1"), &t, &xff(&["10.0.0.2"])),
            ip("10.0.0.2")
        );
        // No header at all: the proxy itself.
        assert_eq!(client(ip("127.0.0.1"), &t, &xff(&[])), ip("127.0.0.1"));
        // Garbage where the proxy's entry should be: nothing to its left is believed.
        assert_eq!(
            client(ip("127.0.0.1"), &t, &xff(&["198.51.100.7, unknown"])),
            ip("127.0.0.1")
        );
        // IIS (ARR) may add the client's port.
        assert_eq!(
            client(ip("127.0.0.1"), &t, &xff(&["198.51.100.7:51234"])),
            ip("198.51.100.7")
        );
        // IPv4 through an IPv6 socket, IPv6 clients.
        assert_eq!(
            client(ip("::ffff:127.0.0.1"), &t, &xff(&["2001:db8::77"])),
            ip("2001:db8::77")
        );
    }

    #[test]
    fn x_forwarded_for_comes_first_and_forwarded_is_the_fallback() {
        let t = proxies("127.0.0.1");
        // nginx wrote X-Forwarded-For and passed the client's own `Forwarded` through.
        let h = ForwardedHeaders {
            forwarded: &["for=1.2.3.4;proto=https"],
            x_forwarded_for: &["198.51.100.7"],
            x_forwarded_proto: &["http"],
        };
        assert_eq!(client(ip("127.0.0.1"), &t, &h), ip("198.51.100.7"));
        assert_eq!(https(ip("127.0.0.1"), &t, &h), Some(false));
        // A proxy that writes only `Forwarded`.
        let h = ForwardedHeaders {
            forwarded: &[r#"for=1.2.3.4, for="198.51.100.7:4711";proto=https;by=127.0.0.1"#],
            ..ForwardedHeaders::default()
        };
        assert_eq!(client(ip("127.0.0.1"), &t, &h), ip("198.51.100.7"));
        assert_eq!(https(ip("127.0.0.1"), &t, &h), Some(true));
        let v6 = ForwardedHeaders {
            forwarded: &[r#"for="[2001:db8:cafe::17]:4711""#],
            ..ForwardedHeaders::default()
        };
        assert_eq!(client(ip("127.0.0.1"), &t, &v6), ip("2001:db8:cafe::17"));
    }

    #[test]
    fn the_scheme_is_the_one_the_proxy_wrote() {
        let t = proxies("127.0.0.1");
        let proto = |v: &'static [&'static str]| ForwardedHeaders {
            x_forwarded_proto: v,
            ..ForwardedHeaders::default()
        };
        assert_eq!(https(ip("127.0.0.1"), &t, &proto(&["https"])), Some(true));
        assert_eq!(https(ip("127.0.0.1"), &t, &proto(&["HTTP"])), Some(false));
        assert_eq!(
            https(ip("127.0.0.1"), &t, &proto(&["http, https"])),
            Some(true)
        );
        assert_eq!(https(ip("127.0.0.1"), &t, &proto(&[])), None);
        assert_eq!(https(ip("127.0.0.1"), &t, &proto(&["gopher"])), None);
    }
}
