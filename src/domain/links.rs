//! Links that leave the site (follow-up links, share links, Open Graph URLs): which address
//! they carry, and whether they work only on the network the visitor is on now.

use std::net::IpAddr;

/// The address where the public reaches the site from anywhere, as the admin typed it:
/// `http(s)://host[:port]`, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAddress(String);

pub const ADDRESS_MAX: usize = 200;

impl PublicAddress {
    /// Empty means none. The error is a message id.
    pub fn parse(s: &str) -> Result<Option<PublicAddress>, &'static str> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let (scheme, rest) = if let Some(r) = t.strip_prefix("https://") {
            ("https://", r)
        } else if let Some(r) = t.strip_prefix("http://") {
            ("http://", r)
        } else {
            return Err("address-error-scheme");
        };
        let rest = rest.trim_end_matches('/');
        let t = format!("{scheme}{rest}");
        let host = rest.split(':').next().unwrap_or_default();
        let valid_host = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '[' || c == ']');
        let valid_rest = rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:/_[]".contains(c));
        if t.len() > ADDRESS_MAX || !valid_host || !valid_rest {
            return Err("address-error-format");
        }
        Ok(Some(PublicAddress(t)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `host` (as in a `Host` header, port allowed) is reachable only on a local network:
/// loopback, private and link-local addresses, `localhost`, single-label and `.local` names.
pub fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        }),
    };
    match name.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => a.is_loopback() || a.is_private() || a.is_link_local(),
        Ok(IpAddr::V6(a)) => {
            a.is_loopback()
                || (a.segments()[0] & 0xfe00) == 0xfc00
                || (a.segments()[0] & 0xffc0) == 0xfe80
        }
        Err(_) => {
            let n = name.to_ascii_lowercase();
            n == "localhost" || !n.contains('.') || n.ends_with(".local") || n.ends_with(".lan")
        }
    }
}

/// The base of links that leave the site, and whether they work on this network only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkBase {
    pub base: String,
    pub local_only: bool,
}

/// The address set by the admin comes first, then the public link while it runs, then the
/// address the visitor came by (which may work on this network only).
pub fn link_base(
    public: Option<&PublicAddress>,
    tunnel: Option<&str>,
    scheme: &str,
    host: &str,
) -> LinkBase {
    if let Some(p) = public {
        return LinkBase {
            base: p.as_str().to_string(),
            local_only: false,
        };
    }
    if let Some(t) = tunnel {
        return LinkBase {
            base: t.trim_end_matches('/').to_string(),
            local_only: false,
        };
    }
    LinkBase {
        base: format!("{scheme}://{host}"),
        local_only: is_local_host(host),
    }
}

/// A value for a query string or a share link, percent-encoded.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v[1..].to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked() {
        let p = |s: &str| PublicAddress::parse(s).map(|a| a.map(|a| a.as_str().to_string()));
        assert_eq!(p(""), Ok(None));
        assert_eq!(
            p(" https://pgo.gouv.ci/ "),
            Ok(Some("https://pgo.gouv.ci".into()))
        );
        assert_eq!(
            p("http://10.0.0.5:8080"),
            Ok(Some("http://10.0.0.5:8080".into()))
        );
        assert_eq!(p("pgo.gouv.ci"), Err("address-error-scheme"));
        assert_eq!(p("https://"), Err("address-error-format"));
        assert_eq!(p("https://a b"), Err("address-error-format"));
        assert_eq!(p("https://x.ci/?q=\"<script>"), Err("address-error-format"));
        assert_eq!(
            p(&format!("https://{}.ci", "a".repeat(300))),
            Err("address-error-format")
        );
    }

    #[test]
    fn local_hosts() {
        for h in [
            "192.168.1.12:8080",
            "10.42.0.1",
            "172.16.3.4:80",
            "127.0.0.1:8080",
            "localhost:8080",
            "palabre",
            "pc-atelier.local",
            "[::1]:8080",
            "[fe80::1]",
        ] {
            assert!(is_local_host(h), "{h}");
        }
        for h in [
            "pgo.gouv.ci",
            "abc.lhr.life:443",
            "41.202.1.2",
            "[2001:db8::1]:443",
        ] {
            assert!(!is_local_host(h), "{h}");
        }
    }

    #[test]
    fn the_set_address_comes_first() {
        let national = PublicAddress::parse("https://pgo.gouv.ci").ok().flatten();
        assert_eq!(
            link_base(
                national.as_ref(),
                Some("https://x.lhr.life"),
                "http",
                "192.168.1.2:8080"
            ),
            LinkBase {
                base: "https://pgo.gouv.ci".into(),
                local_only: false
            }
        );
        assert_eq!(
            link_base(
                None,
                Some("https://x.lhr.life/"),
                "http",
                "192.168.1.2:8080"
            ),
            LinkBase {
                base: "https://x.lhr.life".into(),
                local_only: false
            }
        );
        assert_eq!(
            link_base(None, None, "http", "192.168.1.2:8080"),
            LinkBase {
                base: "http://192.168.1.2:8080".into(),
                local_only: true
            }
        );
        assert!(!link_base(None, None, "https", "pgo.gouv.ci").local_only);
    }
}
