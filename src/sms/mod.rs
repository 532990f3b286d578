//! The phone that sends and receives texts: an Android phone running "SMS Gateway for
//! Android" (capcom6/android-sms-gateway) in Local Server mode, on the same network. Its
//! published API: `GET /health`, `GET /inbox` (texts received), `POST /messages` (send),
//! `GET /messages/{id}` (a text's state), with HTTP basic authentication.

use std::time::Duration;

use base64::Engine;
use serde::Deserialize;

/// Where the phone is and how to sign in to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gateway {
    /// `http://HOST:PORT`, without the credentials.
    pub base: String,
    pub login: String,
    pub password: String,
}

/// Why the phone's address cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadAddress {
    #[error("the address must start with http://")]
    Scheme,
    #[error("the address has no host")]
    Host,
}

impl Gateway {
    /// `http://LOGIN:PASSWORD@HOST:PORT` (the login `sms` when none is given).
    pub fn parse(url: &str) -> Result<Gateway, BadAddress> {
        let rest = url
            .trim()
            .strip_prefix("http://")
            .ok_or(BadAddress::Scheme)?;
        let rest = rest.trim_end_matches('/');
        let (auth, host) = match rest.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, rest),
        };
        if host.is_empty() || host.contains('/') || host.chars().any(char::is_whitespace) {
            return Err(BadAddress::Host);
        }
        let (login, password) = match auth.map(|a| a.split_once(':').unwrap_or((a, ""))) {
            Some((l, p)) => (decode(l), decode(p)),
            None => ("sms".to_string(), String::new()),
        };
        Ok(Gateway {
            base: format!("http://{host}"),
            login: if login.is_empty() {
                "sms".into()
            } else {
                login
            },
            password,
        })
    }

    /// The same, from the fields of the settings page.
    pub fn of(url: &str, login: &str, password: &str) -> Result<Gateway, BadAddress> {
        let mut g = Gateway::parse(url)?;
        if !login.trim().is_empty() {
            g.login = login.trim().to_string();
        }
        if !password.is_empty() {
            g.password = password.to_string();
        }
        Ok(g)
    }

    fn agent(&self) -> ureq::Agent {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            .build();
        ureq::Agent::new_with_config(config)
    }

    fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.login, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    /// The phone's state: `pass`, `warn` or `fail` (its own words), or why it cannot be
    /// reached.
    pub fn health(&self) -> Result<String, PhoneError> {
        let (status, body) = self.get("/health")?;
        let h: Health = serde_json::from_str(&body).unwrap_or_default();
        // `/health` asks for no password: the inbox does, so it tells a wrong one.
        if let (401 | 403, _) = self.get("/inbox?type=SMS&limit=1")? {
            return Err(PhoneError::Refused);
        }
        match status {
            200..=299 => Ok(if h.status.is_empty() {
                "pass".into()
            } else {
                h.status
            }),
            401 | 403 => Err(PhoneError::Refused),
            _ => Ok(if h.status.is_empty() {
                "fail".into()
            } else {
                h.status
            }),
        }
    }

    /// Texts received since `from` (ISO 8601), oldest first as far as the phone says.
    pub fn inbox(&self, from: &str) -> Result<Vec<Received>, PhoneError> {
        let path = format!(
            "/inbox?type=SMS&limit=100&from={}",
            crate::domain::links::urlencode(from)
        );
        let (status, body) = self.get(&path)?;
        match status {
            200..=299 => serde_json::from_str(&body).map_err(|e| PhoneError::Answer(e.to_string())),
            401 | 403 => Err(PhoneError::Refused),
            s => Err(PhoneError::Status(s)),
        }
    }

    /// Hands a text to the phone under the id `id` (so that a retry never sends it twice);
    /// its state as the phone says.
    pub fn send(&self, id: &str, number: &str, text: &str) -> Result<String, PhoneError> {
        let body = serde_json::json!({
            "id": id,
            "textMessage": { "text": text },
            "phoneNumbers": [number],
            "withDeliveryReport": true,
        })
        .to_string();
        let resp = self
            .agent()
            .post(format!("{}/messages", self.base))
            .header("Authorization", self.authorization())
            .header("Content-Type", "application/json")
            .send(body.as_str());
        let (status, body) = read(resp)?;
        match status {
            200..=299 => Ok(serde_json::from_str::<Sent>(&body)
                .map(|s| s.state)
                .unwrap_or_else(|_| "Pending".into())),
            // The same id again: the phone has it already.
            409 => Ok("Pending".into()),
            401 | 403 => Err(PhoneError::Refused),
            s => Err(PhoneError::Status(s)),
        }
    }

    /// The state of the text `id`: `Pending`, `Processed`, `Sent`, `Delivered`, `Failed`…
    pub fn state(&self, id: &str) -> Result<String, PhoneError> {
        let (status, body) = self.get(&format!(
            "/messages/{}",
            crate::domain::links::urlencode(id)
        ))?;
        match status {
            200..=299 => serde_json::from_str::<Sent>(&body)
                .map(|s| s.state)
                .map_err(|e| PhoneError::Answer(e.to_string())),
            401 | 403 => Err(PhoneError::Refused),
            s => Err(PhoneError::Status(s)),
        }
    }

    fn get(&self, path: &str) -> Result<(u16, String), PhoneError> {
        let resp = self
            .agent()
            .get(format!("{}{path}", self.base))
            .header("Authorization", self.authorization())
            .call();
        read(resp)
    }
}

fn read(
    resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<(u16, String), PhoneError> {
    let mut resp = resp.map_err(|e| PhoneError::Unreachable(e.to_string()))?;
    let status = resp.status().as_u16();
    let body = resp
        .body_mut()
        .with_config()
        .limit(4 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| PhoneError::Unreachable(e.to_string()))?;
    Ok((status, body))
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why the phone did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Off, not on the network, or the app stopped.
    #[error("the phone cannot be reached: {0}")]
    Unreachable(String),
    /// Wrong login or password.
    #[error("the phone refused the login or password")]
    Refused,
    #[error("the phone answered {0}")]
    Status(u16),
    #[error("the phone's answer cannot be read: {0}")]
    Answer(String),
}

#[derive(Debug, Default, Deserialize)]
struct Health {
    #[serde(default)]
    status: String,
}

#[derive(Debug, Deserialize)]
struct Sent {
    state: String,
}

/// A text the phone received.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    pub id: String,
    pub sender: String,
    #[serde(default)]
    pub content_preview: String,
    pub created_at: String,
}

impl Received {
    /// What makes this text unique (the phone's ids alone are not guaranteed to be).
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.id, self.sender, self.created_at)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_address_carries_its_login_and_password() {
        let g = Gateway::parse("http://sms:s3cr%40t@192.168.1.20:8080/").unwrap();
        assert_eq!(g.base, "http://192.168.1.20:8080");
        assert_eq!((g.login.as_str(), g.password.as_str()), ("sms", "s3cr@t"));
        let g = Gateway::parse("http://192.168.1.20:8080").unwrap();
        assert_eq!(g.login, "sms");
        assert_eq!(Gateway::parse("https://x"), Err(BadAddress::Scheme));
        assert_eq!(Gateway::parse("http://"), Err(BadAddress::Host));
        let g = Gateway::of("http://10.0.0.2:8080", "awa", "pw").unwrap();
        assert_eq!((g.login.as_str(), g.password.as_str()), ("awa", "pw"));
    }
}
