//! What the public link is set up with: the relay (localhost.run or the ministry's SSH
//! server), how Palabre signs in there, the `--tunnel` value, and the names of its settings
//! and files.

use std::path::PathBuf;

/// The public no-account service accepted as `--tunnel localhost.run`.
pub const LOCALHOST_RUN: &str = "localhost.run";
/// Host keys met so far (trust on first use), in the data folder.
pub const KNOWN_HOSTS_FILE: &str = "tunnel_known_hosts";
/// The key that Palabre can make for the tunnel, in the data folder.
pub const KEY_FILE: &str = "tunnel_ed25519";

/// Settings of the tunnel (`db::settings` keys).
pub mod keys {
    pub const PROVIDER: &str = "tunnel_provider";
    pub const HOST: &str = "tunnel_host";
    pub const PORT: &str = "tunnel_port";
    pub const USER: &str = "tunnel_user";
    pub const REMOTE_PORT: &str = "tunnel_remote_port";
    pub const PUBLIC_URL: &str = "tunnel_public_url";
    pub const KEY_PATH: &str = "tunnel_key_path";
    pub const PASSWORD: &str = "tunnel_password";
    /// "1" when staff pages may be reached through the public link.
    pub const ALLOW_STAFF: &str = "tunnel_allow_staff";
}

/// How Palabre proves who it is to the SSH server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No secret (localhost.run without a key).
    None,
    Key(PathBuf),
    Password(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    LocalhostRun,
    Ssh,
}

impl Provider {
    pub fn code(self) -> &'static str {
        match self {
            Provider::LocalhostRun => "localhost.run",
            Provider::Ssh => "ssh",
        }
    }
}

/// Everything needed to open the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TunnelConfig {
    pub provider: Provider,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub auth: Auth,
    /// The port opened on the SSH server (80 for localhost.run).
    pub remote_port: u32,
    /// The address the public uses; read from the banner for localhost.run.
    pub public_url: Option<String>,
}

impl TunnelConfig {
    pub fn localhost_run(key: Option<PathBuf>) -> TunnelConfig {
        TunnelConfig {
            provider: Provider::LocalhostRun,
            host: LOCALHOST_RUN.into(),
            port: 22,
            user: "nokey".into(),
            auth: key.map(Auth::Key).unwrap_or(Auth::None),
            remote_port: 80,
            public_url: None,
        }
    }

    /// The address announced once the link is up, for an SSH server of the ministry.
    pub fn announced_url(&self) -> Option<String> {
        match self.provider {
            Provider::LocalhostRun => None,
            Provider::Ssh => Some(
                self.public_url
                    .clone()
                    .filter(|u| !u.trim().is_empty())
                    .unwrap_or_else(|| {
                        let host = if self.host.contains(':') {
                            format!("[{}]", self.host)
                        } else {
                            self.host.clone()
                        };
                        format!("http://{host}:{}/", self.remote_port)
                    }),
            ),
        }
    }
}

/// Why `--tunnel VALUE` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError;

/// The user of the computer, the default SSH user.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "palabre".into())
}

/// Parses `localhost.run` or `ssh://[USER@]HOST[:PORT]`.
pub fn parse_spec(
    spec: &str,
    identity: Option<PathBuf>,
    remote_port: Option<u16>,
) -> Result<TunnelConfig, SpecError> {
    let spec = spec.trim();
    let rest = spec.strip_prefix("ssh://").unwrap_or(spec);
    let rest = rest.trim_end_matches('/');
    if rest.eq_ignore_ascii_case(LOCALHOST_RUN) || rest.eq_ignore_ascii_case("nokey@localhost.run")
    {
        return Ok(TunnelConfig::localhost_run(identity));
    }
    if !spec.starts_with("ssh://") {
        return Err(SpecError);
    }
    let (user, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) if !u.is_empty() => (u.to_string(), h),
        Some(_) => return Err(SpecError),
        None => (os_user(), rest),
    };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or(SpecError)?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse::<u16>().map_err(|_| SpecError)?,
            None if after.is_empty() => 22,
            None => return Err(SpecError),
        };
        (h.to_string(), port)
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (h.to_string(), p.parse::<u16>().map_err(|_| SpecError)?),
            None => (hostport.to_string(), 22),
        }
    };
    if host.is_empty()
        || port == 0
        || host
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '/' | '@' | '?' | '#'))
    {
        return Err(SpecError);
    }
    Ok(TunnelConfig {
        provider: Provider::Ssh,
        host,
        port,
        user,
        auth: identity.map(Auth::Key).unwrap_or(Auth::None),
        remote_port: u32::from(remote_port.unwrap_or(8080)),
        public_url: None,
    })
}
