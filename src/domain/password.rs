//! The password rule for staff accounts: at least 10 characters, typed twice the same, and
//! not one of the passwords everybody tries first.

use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 200;

/// Lower-cased common passwords of 10 characters or more (Django's list plus French ones).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../assets/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    Mismatch,
    Common,
    LikeLogin,
}

impl PasswordError {
    pub fn message_id(self) -> &'static str {
        match self {
            PasswordError::TooShort => "password-error-short",
            PasswordError::TooLong => "password-error-long",
            PasswordError::Mismatch => "password-error-mismatch",
            PasswordError::Common => "password-error-common",
            PasswordError::LikeLogin => "password-error-login",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(password: &str, confirm: &str, login: &str) -> Result<NewPassword, PasswordError> {
        let n = password.chars().count();
        if n < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if n > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if password != confirm {
            return Err(PasswordError::Mismatch);
        }
        let lower = password.to_lowercase();
        if !login.is_empty() && lower.contains(&login.to_lowercase()) {
            return Err(PasswordError::LikeLogin);
        }
        if is_common(&lower) {
            return Err(PasswordError::Common);
        }
        Ok(NewPassword(password.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_common(lower: &str) -> bool {
    if COMMON.contains(lower) {
        return true;
    }
    let chars: Vec<char> = lower.chars().collect();
    // "aaaaaaaaaa", "ababababab", "1234567890", "9876543210"…
    let distinct: HashSet<char> = chars.iter().copied().collect();
    if distinct.len() <= 2 {
        return true;
    }
    let steps: HashSet<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps.len() == 1 && steps.iter().all(|s| s.abs() == 1)
}

/// A staff member changing their own password: the current one (checked against the
/// stored hash by the caller), the new one typed twice.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
}

impl PasswordChange {
    /// The new password, or what to correct, field by field. `current_ok` says whether the
    /// current password was right; a new password equal to it is refused.
    pub fn parse(
        &self,
        login: &str,
        current_ok: bool,
    ) -> Result<NewPassword, crate::domain::setup::FieldErrors> {
        let mut errors = crate::domain::setup::FieldErrors::new();
        if self.current.is_empty() {
            errors.push(("current", "password-change-error-current-empty"));
        } else if !current_ok {
            errors.push(("current", "password-change-error-current"));
        }
        let new = NewPassword::parse(&self.password, &self.password_confirm, login)
            .map_err(|e| errors.push(("password", e.message_id())))
            .ok();
        if current_ok && self.password == self.current {
            errors.push(("password", "password-change-error-same"));
        }
        match new {
            Some(new) if errors.is_empty() => Ok(new),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_password_change_needs_the_current_one_and_a_new_different_one() {
        let change = |current: &str, new: &str, again: &str| PasswordChange {
            current: current.into(),
            password: new.into(),
            password_confirm: again.into(),
        };
        let ok = change(
            "Baobab-Tiassale-42",
            "Fromager-Korhogo-77",
            "Fromager-Korhogo-77",
        );
        assert!(ok.parse("awa", true).is_ok());
        let fields =
            |r: Result<NewPassword, crate::domain::setup::FieldErrors>| -> Vec<&'static str> {
                r.err().unwrap_or_default().iter().map(|e| e.1).collect()
            };
        assert_eq!(
            fields(ok.parse("awa", false)),
            ["password-change-error-current"]
        );
        assert_eq!(
            fields(change("", "Fromager-Korhogo-77", "Fromager-Korhogo-77").parse("awa", false)),
            ["password-change-error-current-empty"]
        );
        assert_eq!(
            fields(
                change(
                    "Baobab-Tiassale-42",
                    "Baobab-Tiassale-42",
                    "Baobab-Tiassale-42"
                )
                .parse("awa", true)
            ),
            ["password-change-error-same"]
        );
        assert_eq!(
            fields(
                change("Baobab-Tiassale-42", "Fromager-Korhogo-77", "Fromager").parse("awa", true)
            ),
            ["password-error-mismatch"]
        );
    }

    use super::*;

    #[test]
    fn rules() {
        assert_eq!(
            NewPassword::parse("court", "court", "awa").err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            NewPassword::parse("Baobab-Tiassale-42", "Baobab-Tiassale-43", "awa").err(),
            Some(PasswordError::Mismatch)
        );
        assert_eq!(
            NewPassword::parse("1234567890", "1234567890", "awa").err(),
            Some(PasswordError::Common)
        );
        assert_eq!(
            NewPassword::parse("AZERTYUIOP", "AZERTYUIOP", "awa").err(),
            Some(PasswordError::Common)
        );
        assert_eq!(
            NewPassword::parse("password123", "password123", "awa").err(),
            Some(PasswordError::Common)
        );
        assert_eq!(
            NewPassword::parse("aaaaaaaaaaaa", "aaaaaaaaaaaa", "awa").err(),
            Some(PasswordError::Common)
        );
        assert_eq!(
            NewPassword::parse("awakone-2026!", "awakone-2026!", "awakone").err(),
            Some(PasswordError::LikeLogin)
        );
        assert!(NewPassword::parse("Baobab-Tiassale-42", "Baobab-Tiassale-42", "awa").is_ok());
        // Ten characters counted as characters, not bytes.
        assert!(NewPassword::parse("éléphant-9", "éléphant-9", "awa").is_ok());
    }
}
