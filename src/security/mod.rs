//! Security plumbing: random tokens, password hashing, CSRF, response headers, staff sessions.

pub mod csrf;
pub mod headers;
pub mod password;
pub mod ratelimit;
pub mod session;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// An unguessable token: `bytes` random bytes, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// Constant-time comparison of two secrets.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// A signed stamp of the moment a form was shown: `<unix>.<mac>`.
pub fn form_stamp(secret: &[u8], now: i64) -> String {
    let mac = csrf::token_for(secret, &format!("form-stamp:{now}"));
    format!("{now}.{}", &mac[..16.min(mac.len())])
}

/// Seconds since the stamp was made, if it is genuine.
pub fn stamp_age(secret: &[u8], stamp: &str, now: i64) -> Option<i64> {
    let (ts, mac) = stamp.split_once('.')?;
    let ts: i64 = ts.parse().ok()?;
    let expected = form_stamp(secret, ts);
    same_secret(expected.as_bytes(), format!("{ts}.{mac}").as_bytes()).then_some(now - ts)
}

#[cfg(test)]
mod stamp_tests {
    #[test]
    fn stamps_are_signed() {
        let s = super::form_stamp(b"k", 1000);
        assert_eq!(super::stamp_age(b"k", &s, 1005), Some(5));
        assert_eq!(super::stamp_age(b"other", &s, 1005), None);
        assert_eq!(super::stamp_age(b"k", "999.abc", 1005), None);
        assert_eq!(super::stamp_age(b"k", "garbage", 1005), None);
    }
}
