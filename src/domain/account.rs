//! Staff logins and roles.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Facilitator,
    Moderator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Moderator, Role::Facilitator];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Moderator => "moderator",
            Role::Facilitator => "facilitator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "moderator" => Some(Role::Moderator),
            "facilitator" => Some(Role::Facilitator),
            _ => None,
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Moderator => "role-moderator",
            Role::Facilitator => "role-facilitator",
        }
    }

    /// Whether this role may do what `needed` may do (admin > moderator > facilitator).
    pub fn includes(self, needed: Role) -> bool {
        self >= needed
    }
}

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub login: String,
    pub role: Role,
}

impl StaffUser {
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            id: self.id,
            login: &self.login,
            role: self.role,
        }
    }
}

/// Who did something, as the audit trail records it.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: i64,
    pub login: &'a str,
    pub role: Role,
}

/// A staff login: 3 to 40 letters, digits, dots, dashes or underscores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    Empty,
    Length,
    Characters,
}

impl LoginError {
    pub fn message_id(self) -> &'static str {
        match self {
            LoginError::Empty => "login-error-empty",
            LoginError::Length => "login-error-length",
            LoginError::Characters => "login-error-characters",
        }
    }
}

impl Login {
    pub fn parse(raw: &str) -> Result<Login, LoginError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(LoginError::Empty);
        }
        if !(3..=40).contains(&s.chars().count()) {
            return Err(LoginError::Length);
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return Err(LoginError::Characters);
        }
        Ok(Login(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub login: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        assert_eq!(
            Login::parse("  awa.kone ").map(|l| l.0),
            Ok("awa.kone".into())
        );
        assert_eq!(Login::parse(""), Err(LoginError::Empty));
        assert_eq!(Login::parse("ab"), Err(LoginError::Length));
        assert_eq!(Login::parse("awa koné"), Err(LoginError::Characters));
    }

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Admin.includes(Role::Moderator));
        assert!(Role::Moderator.includes(Role::Facilitator));
        assert!(!Role::Facilitator.includes(Role::Moderator));
        assert!(!Role::Moderator.includes(Role::Admin));
    }
}

/// A browser in a few words from its `User-Agent` ("Chrome, Windows"), for the list of an
/// account's sessions; empty when it says nothing known.
pub fn browser_of(agent: &str) -> String {
    let has = |s: &str| agent.contains(s);
    let browser = if has("Edg/") {
        "Edge"
    } else if has("OPR/") || has("Opera") {
        "Opera"
    } else if has("SamsungBrowser") {
        "Samsung Internet"
    } else if has("Firefox/") {
        "Firefox"
    } else if has("Chrome/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        ""
    };
    let system = if has("Windows") {
        "Windows"
    } else if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") {
        "iOS"
    } else if has("Mac OS") {
        "macOS"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    [browser, system]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod browser_tests {
    #[test]
    fn browsers_in_a_few_words() {
        let b = super::browser_of;
        assert_eq!(
            b(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
            ),
            "Chrome, Windows"
        );
        assert_eq!(
            b(
                "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36"
            ),
            "Samsung Internet, Android"
        );
        assert_eq!(
            b("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            "Firefox, Linux"
        );
        assert_eq!(
            b("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120 Safari/537.36 Edg/120"),
            "Edge, Windows"
        );
        assert_eq!(b("curl/8.0"), "");
    }
}
