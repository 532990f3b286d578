//! argon2id password hashes (PHC strings). CPU-heavy: call from `run_blocking`.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

fn argon2() -> Argon2<'static> {
    // OWASP's first recommended profile: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> Result<String, HashError> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(HashError)?;
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(HashError)?
        .to_string())
}

/// Hashing failed (argon2's own error, which is not a `std::error::Error`).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(argon2::password_hash::Error);

/// Checks a password against a stored hash; a damaged hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Spends the same time as a real check, so that an unknown login cannot be told apart.
pub fn verify_dummy(password: &str) {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash("palabre-dummy-password").unwrap_or_default());
    let _ = verify(password, &DUMMY);
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_and_verify() {
        let h = super::hash("Baobab-Tiassale-42").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("Baobab-Tiassale-42", &h));
        assert!(!super::verify("baobab-tiassale-42", &h));
        assert!(!super::verify("x", "not a hash"));
    }
}
