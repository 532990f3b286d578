//! The public link (PRODUCT.md §3.7): an SSH reverse tunnel built into the executable.
//!
//! The tunnel asks an SSH server to forward a public port (or a hostname, for localhost.run)
//! to this computer, and relays each forwarded connection to an internal listener of the site
//! (127.0.0.1, an ephemeral port) that only the relay uses. That is how the site tells tunnel
//! requests from direct ones, and finds the real visitor behind each relayed connection.
//!
//! It runs on a thread of its own with a small single-threaded runtime, driven by commands
//! (start, stop). States: stopped (with the reason), connecting, public at an address,
//! reconnecting (with the reason and the attempt). Keepalives are on; a drop is followed by
//! reconnections with exponential backoff; a changed host key, a refused key or password stop
//! the tunnel for good. Every forwarded channel is drained at once into a bounded queue, and
//! the local side has timeouts: one visitor who never reads cannot stall the others, nor the
//! keepalives.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use russh::client;
use russh::keys::ssh_key;
use russh::{ChannelMsg, Disconnect};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, watch};

use crate::i18n::Lang;

mod config;
mod key_file;
pub mod known_hosts;
mod session;

pub use config::*;
pub use key_file::ensure_key;
pub use session::address_in_banner;
use session::{reason_text, supervise};

/// Why the tunnel is stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    NotStarted,
    ByUser,
    /// The server does not show the key it showed before: maybe someone in between.
    HostKeyChanged {
        fingerprint: String,
    },
    AuthFailed,
    KeyFile(String),
    ForwardRefused,
    /// The program has no internal listener (cannot happen in `palabre serve`).
    NoListener,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TunnelState {
    Stopped(StopReason),
    Connecting,
    Public(String),
    Reconnecting { reason: String, attempt: u32 },
}

impl TunnelState {
    /// A stable code for pages and tests: stopped, connecting, public, reconnecting.
    pub fn code(&self) -> &'static str {
        match self {
            TunnelState::Stopped(_) => "stopped",
            TunnelState::Connecting => "connecting",
            TunnelState::Public(_) => "public",
            TunnelState::Reconnecting { .. } => "reconnecting",
        }
    }

    pub fn public_url(&self) -> Option<&str> {
        match self {
            TunnelState::Public(u) => Some(u),
            _ => None,
        }
    }

    /// Whether the tunnel is on (trying or up).
    pub fn is_on(&self) -> bool {
        !matches!(self, TunnelState::Stopped(_))
    }

    /// The state in plain words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TunnelState::Connecting => lang.t("tunnel-state-connecting"),
            TunnelState::Public(url) => {
                lang.t_args("tunnel-state-public", &[("url", url.clone().into())])
            }
            TunnelState::Reconnecting { reason, attempt } => lang.t_args(
                "tunnel-state-reconnecting",
                &[
                    ("attempt", (*attempt).into()),
                    ("reason", reason_text(lang, reason).into()),
                ],
            ),
            TunnelState::Stopped(r) => match r {
                StopReason::NotStarted => lang.t("tunnel-state-off"),
                StopReason::ByUser => lang.t("tunnel-state-stopped-user"),
                StopReason::HostKeyChanged { fingerprint } => lang.t_args(
                    "tunnel-state-host-key-changed",
                    &[("fingerprint", fingerprint.clone().into())],
                ),
                StopReason::AuthFailed => lang.t("tunnel-state-auth-failed"),
                StopReason::KeyFile(e) => {
                    lang.t_args("tunnel-state-key-file", &[("error", e.clone().into())])
                }
                StopReason::ForwardRefused => lang.t("tunnel-state-forward-refused"),
                StopReason::NoListener => lang.t("tunnel-state-no-listener"),
            },
        }
    }
}

enum Command {
    Start(Box<TunnelConfig>),
    Stop,
}

/// What the tunnel thread and the site share.
struct Shared {
    state: watch::Sender<TunnelState>,
    /// Local port of a relayed connection → address of the visitor, as the SSH server saw it.
    peers: Mutex<HashMap<u16, String>>,
    known_hosts: PathBuf,
    /// The language of the console messages; None: nothing printed (tests in process).
    console: Mutex<Option<Lang>>,
}

impl Shared {
    fn set(&self, state: TunnelState) {
        if *self.state.borrow() == state {
            return;
        }
        tracing::info!(state = state.code(), detail = ?state, "tunnel");
        if let Some(lang) = self.console.lock().ok().and_then(|c| *c) {
            println!("  {}", state.message(lang));
            use std::io::Write;
            let _ = std::io::stdout().flush();
        }
        self.state.send_replace(state);
    }
}

/// The public link of this server.
pub struct Tunnel {
    shared: Arc<Shared>,
    commands: Mutex<Option<mpsc::UnboundedSender<Command>>>,
    /// The internal listener that only the relay uses.
    local: OnceLock<SocketAddr>,
    allow_staff: AtomicBool,
    config: Mutex<Option<TunnelConfig>>,
}

impl std::fmt::Debug for Tunnel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tunnel")
            .field("state", &self.state())
            .field("local", &self.local.get())
            .finish()
    }
}

impl Tunnel {
    pub fn new(data_dir: &Path, allow_staff: bool) -> Tunnel {
        let (state, _) = watch::channel(TunnelState::Stopped(StopReason::NotStarted));
        Tunnel {
            shared: Arc::new(Shared {
                state,
                peers: Mutex::new(HashMap::new()),
                known_hosts: data_dir.join(KNOWN_HOSTS_FILE),
                console: Mutex::new(None),
            }),
            commands: Mutex::new(None),
            local: OnceLock::new(),
            allow_staff: AtomicBool::new(allow_staff),
            config: Mutex::new(None),
        }
    }

    /// Sets the internal listener the relay connects to (once, at start-up).
    pub fn set_local(&self, addr: SocketAddr) {
        let _ = self.local.set(addr);
    }

    pub fn local(&self) -> Option<SocketAddr> {
        self.local.get().copied()
    }

    /// Prints every change of state on the console, in `lang`.
    pub fn print_to_console(&self, lang: Lang) {
        if let Ok(mut c) = self.shared.console.lock() {
            *c = Some(lang);
        }
    }

    pub fn state(&self) -> TunnelState {
        self.shared.state.borrow().clone()
    }

    /// Waits for changes of state (tests, the console).
    pub fn subscribe(&self) -> watch::Receiver<TunnelState> {
        self.shared.state.subscribe()
    }

    /// The configuration in use, if the tunnel was started.
    pub fn config(&self) -> Option<TunnelConfig> {
        self.config.lock().ok().and_then(|c| c.clone())
    }

    pub fn staff_allowed(&self) -> bool {
        self.allow_staff.load(Ordering::Relaxed)
    }

    pub fn set_staff_allowed(&self, allowed: bool) {
        self.allow_staff.store(allowed, Ordering::Relaxed);
    }

    /// Whether a request reached the site through the tunnel (its local address is the
    /// internal listener).
    pub fn is_tunnel_listener(&self, local: SocketAddr) -> bool {
        self.local.get().is_some_and(|l| *l == local)
    }

    /// The visitor behind a relayed connection, by the connection's local source port.
    pub fn originator(&self, relay_port: u16) -> Option<String> {
        self.shared
            .peers
            .lock()
            .ok()
            .and_then(|p| p.get(&relay_port).cloned())
    }

    /// Starts (or restarts with new settings) the tunnel.
    pub fn start(&self, config: TunnelConfig) {
        let Some(local) = self.local() else {
            self.shared
                .set(TunnelState::Stopped(StopReason::NoListener));
            return;
        };
        if let Ok(mut c) = self.config.lock() {
            *c = Some(config.clone());
        }
        self.shared.set(TunnelState::Connecting);
        let Ok(mut commands) = self.commands.lock() else {
            return;
        };
        let sender = match commands.as_ref() {
            Some(s) if !s.is_closed() => s.clone(),
            _ => {
                let (tx, rx) = mpsc::unbounded_channel();
                let shared = self.shared.clone();
                let spawned = std::thread::Builder::new()
                    .name("palabre-tunnel".into())
                    .spawn(move || {
                        match tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                        {
                            Ok(rt) => rt.block_on(supervise(shared, local, rx)),
                            Err(e) => tracing::error!(error = %e, "tunnel runtime"),
                        }
                    });
                if let Err(e) = spawned {
                    tracing::error!(error = %e, "tunnel thread");
                    self.shared
                        .set(TunnelState::Stopped(StopReason::NoListener));
                    return;
                }
                *commands = Some(tx.clone());
                tx
            }
        };
        let _ = sender.send(Command::Start(Box::new(config)));
    }

    /// Stops the tunnel: the public port closes.
    pub fn stop(&self) {
        let sent = self
            .commands
            .lock()
            .ok()
            .and_then(|c| c.as_ref().map(|s| s.send(Command::Stop).is_ok()))
            .unwrap_or(false);
        if !sent && self.state().is_on() {
            self.shared.set(TunnelState::Stopped(StopReason::ByUser));
        }
    }

    /// Stops the tunnel and waits (a little) for the link to close: the program is ending.
    pub fn shutdown(&self) {
        if !self.state().is_on() {
            return;
        }
        let mut rx = self.subscribe();
        self.stop();
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while rx.borrow_and_update().is_on() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::session::{BACKOFF_MAX, backoff};
    use super::*;

    #[test]
    fn parses_the_command_line_forms() {
        let c = parse_spec("localhost.run", None, None).unwrap_or_else(|_| panic!());
        assert_eq!(c.provider, Provider::LocalhostRun);
        let c = parse_spec("ssh://awa@example.org:2222", Some("k".into()), Some(9000))
            .unwrap_or_else(|_| panic!());
        assert_eq!(
            (c.host.as_str(), c.port, c.user.as_str(), c.remote_port),
            ("example.org", 2222, "awa", 9000)
        );
        assert_eq!(c.auth, Auth::Key("k".into()));
        assert_eq!(
            c.announced_url().as_deref(),
            Some("http://example.org:9000/")
        );
        let c = parse_spec("ssh://[::1]", None, None).unwrap_or_else(|_| panic!());
        assert_eq!((c.host.as_str(), c.port), ("::1", 22));
        for bad in [
            "example.org",
            "ssh://",
            "ssh://a@",
            "ssh://h:x",
            "ssh://@h",
            "ssh://h:0",
        ] {
            assert!(parse_spec(bad, None, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_the_address_in_the_localhost_run_banner() {
        let banner = "Welcome to localhost.run!\r\nhttps://admin.localhost.run/\r\n\r\n\
            ** your connection id is 1, please mention it. **\r\n\
            3f2a1b.lhr.life tunneled with tls termination, https://3f2a1b.lhr.life\r\n";
        assert_eq!(
            address_in_banner(banner).as_deref(),
            Some("https://3f2a1b.lhr.life/")
        );
        assert_eq!(address_in_banner("https://admin.localhost.run/\n"), None);
    }

    #[test]
    fn backoff_grows_then_caps() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(2), Duration::from_secs(2));
        assert_eq!(backoff(4), Duration::from_secs(8));
        assert_eq!(backoff(30), BACKOFF_MAX);
    }
}
