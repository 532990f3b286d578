//! Security arithmetic, with no web framework and no database: random tokens, keyed hashes
//! (CSRF tokens, participant cookies, form stamps, device marks), password hashing, rate-limit
//! counting. A leaf: `domain`, `db` and the web floor (`web/`) use it.

pub mod password;
pub mod ratelimit;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A keyed hash (HMAC-SHA-256 under the instance secret), URL-safe base64: CSRF tokens, and
/// the signatures of participant cookies, form stamps and device marks.
pub fn token_for(secret: &[u8], message: &str) -> String {
    // HMAC accepts keys of any length; the error case cannot happen.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(message.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// An unguessable token: `bytes` random bytes, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// SHA-256 in lowercase hex, as stored next to a file.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The device mark the record counts distinct devices by: a keyed hash of the participant
/// cookie, 16 hex digits. The cookie itself cannot be read back from it, and the key is this
/// instance's secret, so the mark means nothing elsewhere.
pub fn device_mark(secret: &[u8], participant: &str) -> String {
    let mac = token_for(secret, &format!("device:{participant}"));
    sha256_hex(mac.as_bytes())[..16].to_string()
}

/// A participant cookie's value: a random id and its signature under the instance secret,
/// so that a client cannot invent participants (each invented one would spend the
/// allowance of everyone behind the same address).
pub fn participant_cookie_value(secret: &[u8], id: &str) -> String {
    let sig = token_for(secret, &format!("participant:{id}"));
    format!("{id}.{}", &sig[..22.min(sig.len())])
}

/// The participant id of a cookie's value, when its signature holds; `None` for a made-up
/// value or one of before signatures (its holder is a new visitor).
pub fn participant_id<'a>(secret: &[u8], value: &'a str) -> Option<&'a str> {
    let (id, _) = value.rsplit_once('.')?;
    ((20..=64).contains(&id.len())
        && same_secret(
            participant_cookie_value(secret, id).as_bytes(),
            value.as_bytes(),
        ))
    .then_some(id)
}

/// A new one-time submission id, put in a form when it is shown.
pub fn new_submission_id() -> String {
    random_token(16)
}

/// The key under which a form's one-time submission id is recorded. It is bound to who posts
/// it (`scope`: the participant, the kiosk, the staff account) and signed, so that an id seen
/// by someone else finds nothing of theirs. None for a missing or malformed id (the post is
/// then filed without one).
pub fn submission_key(secret: &[u8], scope: &str, submission: &str) -> Option<Vec<u8>> {
    let s = submission.trim();
    let well_formed = (16..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    well_formed.then(|| sha256(token_for(secret, &format!("submission:{scope}:{s}")).as_bytes()))
}

/// The private follow-up token of a proposal. Derived from its submission key when it has
/// one, so that posting the same form again leads to the same receipt; random otherwise.
pub fn follow_token(secret: &[u8], submission_key: Option<&[u8]>) -> String {
    match submission_key {
        Some(k) => {
            let hex: String = k.iter().map(|b| format!("{b:02x}")).collect();
            token_for(secret, &format!("follow:{hex}"))
                .chars()
                .take(32)
                .collect()
        }
        None => random_token(24),
    }
}

/// Constant-time comparison of two secrets.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// A signed stamp of the moment a form was shown: `<unix>.<mac>`.
pub fn form_stamp(secret: &[u8], now: i64, submission: &str) -> String {
    let mac = token_for(secret, &format!("form-stamp:{now}:{submission}"));
    format!("{now}.{}", &mac[..16.min(mac.len())])
}

/// What `db::spent` keeps of a form's one-time id.
pub fn form_id(submission: &str) -> Vec<u8> {
    sha256(format!("form:{submission}").as_bytes())
}

/// Seconds since the stamp was made, if it is genuine and was made for `submission`. The
/// stamp is bound to the form's one-time submission id, and a submission id files at most
/// once: a stamp lets one contribution through, not a burst.
pub fn stamp_age(secret: &[u8], stamp: &str, submission: &str, now: i64) -> Option<i64> {
    let (ts, mac) = stamp.split_once('.')?;
    let ts: i64 = ts.parse().ok()?;
    let expected = form_stamp(secret, ts, submission);
    same_secret(expected.as_bytes(), format!("{ts}.{mac}").as_bytes()).then_some(now - ts)
}

/// Checks shared by every public form: honeypot, minimum fill time (`min_fill` seconds), a
/// genuine stamp at most 48 hours old. Gives the message id of the refusal, if any.
pub fn robot_check(
    secret: &[u8],
    now: i64,
    min_fill: i64,
    honeypot: &str,
    stamp: &str,
    submission: &str,
) -> Option<&'static str> {
    if !honeypot.trim().is_empty() {
        return Some("form-error-robot");
    }
    match stamp_age(secret, stamp, submission, now) {
        None => Some("form-error-expired"),
        Some(age) if age < min_fill => Some("form-error-too-fast"),
        Some(age) if age > 48 * 3600 => Some("form-error-expired"),
        Some(_) => None,
    }
}

#[cfg(test)]
mod stamp_tests {
    #[test]
    fn stamps_are_signed() {
        let s = super::form_stamp(b"k", 1000, "sub-1");
        assert_eq!(super::stamp_age(b"k", &s, "sub-1", 1005), Some(5));
        assert_eq!(super::stamp_age(b"other", &s, "sub-1", 1005), None);
        assert_eq!(
            super::stamp_age(b"k", &s, "sub-2", 1005),
            None,
            "a stamp made for another form"
        );
        assert_eq!(super::stamp_age(b"k", "999.abc", "sub-1", 1005), None);
        assert_eq!(super::stamp_age(b"k", "garbage", "sub-1", 1005), None);
    }

    #[test]
    fn submissions_are_bound_to_who_posts_them() {
        let id = super::new_submission_id();
        let k = super::submission_key(b"k", "p:ama", &id);
        assert!(k.is_some());
        assert_eq!(k, super::submission_key(b"k", "p:ama", &id));
        assert_ne!(k, super::submission_key(b"k", "p:kofi", &id));
        assert_ne!(k, super::submission_key(b"other", "p:ama", &id));
        assert_eq!(super::submission_key(b"k", "p:ama", "short"), None);
        assert_eq!(
            super::submission_key(b"k", "p:ama", "a b c d e f g h i j"),
            None
        );
        let t = super::follow_token(b"k", k.as_deref());
        assert_eq!(t.len(), 32);
        assert_eq!(t, super::follow_token(b"k", k.as_deref()));
        assert_ne!(t, super::follow_token(b"k", None));
    }
}
