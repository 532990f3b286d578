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

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// A keepalive after that long without a word from the server; three unanswered in a row end
/// the session (a frozen server or a dead network is noticed within about 20 s).
const KEEPALIVE: Duration = Duration::from_secs(5);
/// Longest wait between two reconnection attempts.
const BACKOFF_MAX: Duration = Duration::from_secs(60);
/// Bytes from a visitor waiting for the local site before the connection is dropped.
const MAX_QUEUED: usize = 1024 * 1024;
/// How long the local site may take to accept a write.
const LOCAL_WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a visitor may take to accept what the site sends.
const REMOTE_SEND_TIMEOUT: Duration = Duration::from_secs(60);
/// A relayed connection silent that long in both directions is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);

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

/// The tunnel thread: waits for commands, runs one link at a time.
async fn supervise(
    shared: Arc<Shared>,
    local: SocketAddr,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let mut next: Option<TunnelConfig> = None;
    loop {
        let config = match next.take() {
            Some(c) => c,
            None => match commands.recv().await {
                Some(Command::Start(c)) => *c,
                Some(Command::Stop) => {
                    if shared.state.borrow().is_on() {
                        shared.set(TunnelState::Stopped(StopReason::ByUser));
                    }
                    continue;
                }
                None => return,
            },
        };
        let (stop_tx, stop_rx) = watch::channel(false);
        let link = run_link(shared.clone(), local, config, stop_rx);
        tokio::pin!(link);
        enum Then {
            Ended(StopReason),
            Restart,
            Stop,
            Exit,
        }
        let then = tokio::select! {
            reason = &mut link => Then::Ended(reason),
            cmd = commands.recv() => match cmd {
                Some(Command::Start(c)) => { next = Some(*c); Then::Restart }
                Some(Command::Stop) => Then::Stop,
                None => Then::Exit,
            },
        };
        match then {
            Then::Ended(reason) => shared.set(TunnelState::Stopped(reason)),
            Then::Restart | Then::Stop | Then::Exit => {
                let _ = stop_tx.send(true);
                // A clean stop: the forward is cancelled and the session closed.
                let _ = tokio::time::timeout(Duration::from_secs(5), &mut link).await;
                match then {
                    Then::Restart => shared.set(TunnelState::Connecting),
                    Then::Exit => {
                        shared.set(TunnelState::Stopped(StopReason::ByUser));
                        return;
                    }
                    _ => shared.set(TunnelState::Stopped(StopReason::ByUser)),
                }
            }
        }
    }
}

/// How one session ended.
enum End {
    /// Stopped by the user.
    Stopped,
    /// Retrying is pointless (bad key, changed host key, …).
    Fatal(StopReason),
    /// Lost or could not connect: try again later.
    Lost(String),
}

/// Why a session was lost: a code for the usual cases (see `reason_text`), else the error.
fn lost(e: &russh::Error) -> String {
    match e {
        russh::Error::IO(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "refused".into()
        }
        russh::Error::IO(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::BrokenPipe
            ) =>
        {
            "closed".into()
        }
        russh::Error::Disconnect | russh::Error::HUP | russh::Error::SendError => "closed".into(),
        russh::Error::KeepaliveTimeout | russh::Error::InactivityTimeout => "keepalive".into(),
        russh::Error::ConnectionTimeout | russh::Error::Elapsed(_) => "timeout".into(),
        other => other.to_string(),
    }
}

/// The reason of a reconnection in plain words.
fn reason_text(lang: Lang, reason: &str) -> String {
    match reason {
        "refused" => lang.t("tunnel-reason-refused"),
        "closed" => lang.t("tunnel-reason-closed"),
        "keepalive" => lang.t("tunnel-reason-keepalive"),
        "timeout" => lang.t("tunnel-reason-timeout"),
        other => other.to_string(),
    }
}

fn backoff(attempt: u32) -> Duration {
    let secs = 1u64 << attempt.saturating_sub(1).min(6);
    Duration::from_secs(secs).min(BACKOFF_MAX)
}

/// Keeps a link up until stopped or a fatal error: reconnects with backoff after drops.
async fn run_link(
    shared: Arc<Shared>,
    local: SocketAddr,
    config: TunnelConfig,
    mut stop: watch::Receiver<bool>,
) -> StopReason {
    let mut attempt = 0u32;
    let mut ever_public = false;
    loop {
        let (end, was_public) = session(&shared, local, &config, &mut stop, ever_public).await;
        ever_public |= was_public;
        if was_public {
            attempt = 0;
        }
        match end {
            End::Stopped => return StopReason::ByUser,
            End::Fatal(reason) => return reason,
            End::Lost(reason) => {
                attempt = attempt.saturating_add(1);
                shared.set(TunnelState::Reconnecting { reason, attempt });
                tokio::select! {
                    _ = tokio::time::sleep(backoff(attempt)) => {}
                    _ = stop.changed() => return StopReason::ByUser,
                }
                if *stop.borrow() {
                    return StopReason::ByUser;
                }
            }
        }
    }
}

/// Runs `fut` unless the user stops first.
async fn or_stop<T>(stop: &mut watch::Receiver<bool>, fut: impl Future<Output = T>) -> Option<T> {
    if *stop.borrow() {
        return None;
    }
    tokio::select! {
        v = fut => Some(v),
        _ = stop.changed() => None,
    }
}

type Forwarded = (russh::Channel<client::Msg>, String);

struct Client {
    known_hosts: PathBuf,
    host_id: String,
    /// Set when the host key is not the one remembered.
    changed_key: Arc<Mutex<Option<String>>>,
    channels: mpsc::UnboundedSender<Forwarded>,
    /// Why the server ended the session, when it said so.
    reason: Arc<Mutex<Option<String>>>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = match key {
            russh::keys::PublicKeyOrCertificate::PublicKey { key, .. } => key.clone(),
            russh::keys::PublicKeyOrCertificate::Certificate(c) => {
                ssh_key::PublicKey::from(c.public_key().clone())
            }
        };
        match known_hosts::check(&self.known_hosts, &self.host_id, &key) {
            known_hosts::Check::Known => Ok(true),
            known_hosts::Check::New => {
                if let Err(e) = known_hosts::remember(&self.known_hosts, &self.host_id, &key) {
                    tracing::warn!(error = %e, "could not remember the host key");
                }
                Ok(true)
            }
            known_hosts::Check::Changed => {
                if let Ok(mut c) = self.changed_key.lock() {
                    *c = Some(key.fingerprint(ssh_key::HashAlg::Sha256).to_string());
                }
                Ok(false)
            }
        }
    }

    async fn server_channel_open_forwarded_tcpip(
        &mut self,
        channel: russh::Channel<client::Msg>,
        _connected_address: &str,
        _connected_port: u32,
        originator_address: &str,
        _originator_port: u32,
        reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        let _ = self
            .channels
            .send((channel, originator_address.to_string()));
        Ok(())
    }

    // Nothing but forwarded connections to the site: every other channel the server could
    // open is refused (dropping the reply refuses).
    async fn server_channel_open_session(
        &mut self,
        _channel: russh::Channel<client::Msg>,
        _reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    async fn server_channel_open_direct_tcpip(
        &mut self,
        _channel: russh::Channel<client::Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        _reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    async fn server_channel_open_x11(
        &mut self,
        _channel: russh::Channel<client::Msg>,
        _originator_address: &str,
        _originator_port: u32,
        _reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    async fn server_channel_open_agent_forward(
        &mut self,
        _channel: russh::Channel<client::Msg>,
        _reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    async fn server_channel_open_forwarded_streamlocal(
        &mut self,
        _channel: russh::Channel<client::Msg>,
        _socket_path: &str,
        _reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    async fn server_channel_open_direct_streamlocal(
        &mut self,
        _channel: russh::Channel<client::Msg>,
        _socket_path: &str,
        _reply: client::ChannelOpenHandle,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    async fn disconnected(
        &mut self,
        reason: client::DisconnectReason<Self::Error>,
    ) -> Result<(), Self::Error> {
        let text = match &reason {
            client::DisconnectReason::ReceivedDisconnect(_) => "closed".to_string(),
            client::DisconnectReason::Error(e) => lost(e),
        };
        if let Ok(mut r) = self.reason.lock() {
            *r = Some(text);
        }
        match reason {
            client::DisconnectReason::ReceivedDisconnect(_) => Ok(()),
            client::DisconnectReason::Error(e) => Err(e),
        }
    }
}

/// One SSH session: connect, check the host key, authenticate, ask for the forward, relay.
/// Returns how it ended and whether the link was public at some point.
async fn session(
    shared: &Arc<Shared>,
    local: SocketAddr,
    config: &TunnelConfig,
    stop: &mut watch::Receiver<bool>,
    ever_public: bool,
) -> (End, bool) {
    let (chan_tx, mut chan_rx) = mpsc::unbounded_channel::<Forwarded>();
    let changed_key = Arc::new(Mutex::new(None));
    let reason = Arc::new(Mutex::new(None));
    let handler = Client {
        known_hosts: shared.known_hosts.clone(),
        host_id: known_hosts::host_id(&config.host, config.port),
        changed_key: changed_key.clone(),
        channels: chan_tx,
        reason: reason.clone(),
    };
    let ssh_config = Arc::new(client::Config {
        keepalive_interval: Some(KEEPALIVE),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    });
    let connect = tokio::time::timeout(
        CONNECT_TIMEOUT,
        client::connect(ssh_config, (config.host.as_str(), config.port), handler),
    );
    let mut handle = match or_stop(stop, connect).await {
        None => return (End::Stopped, false),
        Some(Err(_)) => return (End::Lost("timeout".into()), false),
        Some(Ok(Err(e))) => {
            if let Some(fingerprint) = changed_key.lock().ok().and_then(|mut c| c.take()) {
                return (
                    End::Fatal(StopReason::HostKeyChanged { fingerprint }),
                    false,
                );
            }
            return (End::Lost(lost(&e)), false);
        }
        Some(Ok(Ok(h))) => h,
    };

    // Authentication.
    let user = config.user.clone();
    let auth = match &config.auth {
        Auth::Password(p) => or_stop(stop, handle.authenticate_password(user, p.clone())).await,
        Auth::Key(path) => {
            let key = match russh::keys::load_secret_key(path, None) {
                Ok(k) => k,
                Err(e) => return (End::Fatal(StopReason::KeyFile(e.to_string())), false),
            };
            let key = russh::keys::PrivateKeyWithHashAlg::new(Arc::new(key), None);
            or_stop(stop, handle.authenticate_publickey(user, key)).await
        }
        Auth::None => or_stop(stop, authenticate_without_secret(&mut handle, user)).await,
    };
    match auth {
        None => return (End::Stopped, false),
        Some(Ok(r)) if r.success() => {}
        Some(Ok(_)) => return (End::Fatal(StopReason::AuthFailed), false),
        Some(Err(e)) => return (End::Lost(lost(&e)), false),
    }

    // The forward.
    let (bind_address, bind_port) = match config.provider {
        Provider::LocalhostRun => ("localhost".to_string(), config.remote_port),
        Provider::Ssh => (String::new(), config.remote_port),
    };
    match or_stop(stop, handle.tcpip_forward(bind_address.clone(), bind_port)).await {
        None => return (End::Stopped, false),
        Some(Ok(_)) => {}
        // After a drop, the server may not have freed the port yet: try again.
        Some(Err(russh::Error::RequestDenied)) if !ever_public => {
            return (End::Fatal(StopReason::ForwardRefused), false);
        }
        Some(Err(e)) => return (End::Lost(lost(&e)), false),
    }

    // localhost.run tells the address on a shell channel.
    let mut banner = None;
    if config.provider == Provider::LocalhostRun {
        match handle.channel_open_session().await {
            Ok(ch) => {
                let _ = ch.request_shell(false).await;
                banner = Some(ch);
            }
            Err(e) => return (End::Lost(lost(&e)), false),
        }
    }
    let mut was_public = false;
    if let Some(url) = config.announced_url() {
        shared.set(TunnelState::Public(url));
        was_public = true;
    }

    let mut relays = tokio::task::JoinSet::new();
    let mut banner_text = String::new();
    enum Event {
        Channel(Forwarded),
        Banner(Option<ChannelMsg>),
        Closed,
        Stop,
        Reaped,
    }
    let end = loop {
        let event = tokio::select! {
            c = chan_rx.recv() => match c {
                Some(f) => Event::Channel(f),
                None => Event::Closed,
            },
            m = async {
                match banner.as_mut() {
                    Some(b) => b.wait().await,
                    None => std::future::pending().await,
                }
            } => Event::Banner(m),
            _ = stop.changed() => Event::Stop,
            Some(_) = relays.join_next(), if !relays.is_empty() => Event::Reaped,
        };
        match event {
            Event::Channel((channel, originator)) => {
                relays.spawn(relay(channel, originator, local, shared.clone()));
            }
            Event::Banner(Some(ChannelMsg::Data { data }))
            | Event::Banner(Some(ChannelMsg::ExtendedData { data, .. })) => {
                // Drained always; kept only until the address is found.
                if !was_public && banner_text.len() < 64 * 1024 {
                    banner_text.push_str(&String::from_utf8_lossy(&data));
                    if let Some(url) = address_in_banner(&banner_text) {
                        shared.set(TunnelState::Public(url));
                        was_public = true;
                    }
                }
            }
            Event::Banner(Some(_)) => {}
            Event::Banner(None) => banner = None,
            Event::Reaped => {}
            Event::Stop => {
                let _ = tokio::time::timeout(
                    Duration::from_secs(2),
                    handle.cancel_tcpip_forward(bind_address.clone(), bind_port),
                )
                .await;
                let _ = handle
                    .disconnect(Disconnect::ByApplication, "stopped", "en")
                    .await;
                break End::Stopped;
            }
            Event::Closed => {
                let why = reason
                    .lock()
                    .ok()
                    .and_then(|mut r| r.take())
                    .unwrap_or_else(|| "closed".into());
                break End::Lost(why);
            }
        }
    };
    relays.abort_all();
    (end, was_public)
}

/// localhost.run without a key: "none", then keyboard-interactive with no answers.
async fn authenticate_without_secret(
    handle: &mut client::Handle<Client>,
    user: String,
) -> Result<client::AuthResult, russh::Error> {
    let none = handle.authenticate_none(user.clone()).await?;
    if none.success() {
        return Ok(none);
    }
    let mut reply = handle
        .authenticate_keyboard_interactive_start(user, None::<String>)
        .await?;
    for _ in 0..3 {
        match reply {
            client::KeyboardInteractiveAuthResponse::Success => {
                return Ok(client::AuthResult::Success);
            }
            client::KeyboardInteractiveAuthResponse::Failure { .. } => break,
            client::KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                reply = handle
                    .authenticate_keyboard_interactive_respond(vec![String::new(); prompts.len()])
                    .await?;
            }
        }
    }
    Ok(none)
}

/// The public `https://…` address in what localhost.run prints, e.g.
/// `abc123.lhr.life tunneled with tls termination, https://abc123.lhr.life`.
pub fn address_in_banner(text: &str) -> Option<String> {
    text.lines()
        .filter(|l| l.contains("tunneled"))
        .find_map(|line| {
            line.split(|c: char| c.is_whitespace() || c == ',')
                .filter_map(|w| w.strip_prefix("https://"))
                .map(|host| host.trim_end_matches(['/', '.', ')', ']', '\u{1b}']))
                .find(|host| {
                    !host.is_empty()
                        && host
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                })
                .map(|host| format!("https://{host}/"))
        })
}

/// Removes the relayed connection from the table of visitors when it ends.
struct PeerGuard(Arc<Shared>, Option<u16>);

impl Drop for PeerGuard {
    fn drop(&mut self) {
        if let (Some(port), Ok(mut peers)) = (self.1, self.0.peers.lock()) {
            peers.remove(&port);
        }
    }
}

/// Relays one forwarded connection to the site's internal listener.
///
/// The channel is always drained: what the visitor sends goes to a queue that a second task
/// writes to the site, with a timeout; past `MAX_QUEUED` bytes waiting, the connection is
/// dropped rather than the whole session blocked.
async fn relay(
    channel: russh::Channel<client::Msg>,
    originator: String,
    local: SocketAddr,
    shared: Arc<Shared>,
) {
    let stream = match tokio::time::timeout(
        Duration::from_secs(5),
        tokio::net::TcpStream::connect(local),
    )
    .await
    {
        Ok(Ok(s)) => s,
        _ => {
            let _ = channel.close().await;
            return;
        }
    };
    let _ = stream.set_nodelay(true);
    let port = stream.local_addr().ok().map(|a| a.port());
    if let (Some(p), Ok(mut peers)) = (port, shared.peers.lock()) {
        peers.insert(p, originator);
    }
    let _guard = PeerGuard(shared.clone(), port);
    let (mut local_read, mut local_write) = stream.into_split();
    let (mut from_visitor, to_visitor) = channel.split();

    let (queue_tx, mut queue_rx) = mpsc::unbounded_channel::<actix_web::web::Bytes>();
    let queued = Arc::new(AtomicUsize::new(0));
    let queued_w = queued.clone();

    // Visitor → site, part 1: drain the channel, always.
    let drain = async move {
        loop {
            match from_visitor.wait().await {
                Some(ChannelMsg::Data { data }) => {
                    let len = data.len();
                    if queued.load(Ordering::Relaxed) + len > MAX_QUEUED {
                        // The site does not keep up with this visitor: give up on it.
                        return false;
                    }
                    queued.fetch_add(len, Ordering::Relaxed);
                    if queue_tx.send(data).is_err() {
                        return false;
                    }
                }
                Some(ChannelMsg::Eof) | Some(ChannelMsg::Close) | None => return true,
                Some(_) => {}
            }
        }
    };
    // Visitor → site, part 2: write to the site, with a timeout.
    let write = async move {
        while let Some(chunk) = queue_rx.recv().await {
            queued_w.fetch_sub(chunk.len(), Ordering::Relaxed);
            match tokio::time::timeout(LOCAL_WRITE_TIMEOUT, local_write.write_all(&chunk)).await {
                Ok(Ok(())) => {}
                _ => return,
            }
        }
        let _ = local_write.shutdown().await;
    };
    // Site → visitor: waits on the visitor's window only, never on the session.
    let to_visitor = &to_visitor;
    let upstream = async move {
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            let n = match tokio::time::timeout(IDLE_TIMEOUT, local_read.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => n,
                _ => break,
            };
            let sent = tokio::time::timeout(
                REMOTE_SEND_TIMEOUT,
                to_visitor.data_bytes(buf[..n].to_vec()),
            )
            .await;
            if !matches!(sent, Ok(Ok(()))) {
                break;
            }
        }
    };
    // The relay ends when the site side is done, or when the visitor side fails.
    let visitor_side = async move {
        tokio::pin!(write);
        let clean = tokio::select! {
            clean = drain => clean,
            // The site stopped accepting what the visitor sends.
            _ = &mut write => false,
        };
        if !clean {
            return;
        }
        // The visitor is done sending: write what is queued, then let the site answer.
        write.await;
        std::future::pending::<()>().await;
    };
    tokio::select! {
        _ = upstream => {}
        _ = visitor_side => {}
    }
    // Whatever ended it, the channel is closed: the SSH server frees the visitor's socket.
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = to_visitor.eof().await;
        let _ = to_visitor.close().await;
    })
    .await;
}

/// Trust on first use: `data_dir/tunnel_known_hosts`, one `[host]:port key` a line.
pub mod known_hosts {
    use std::io::Write;
    use std::path::Path;

    use russh::keys::ssh_key::PublicKey;

    pub enum Check {
        Known,
        New,
        Changed,
    }

    pub fn host_id(host: &str, port: u16) -> String {
        format!("[{}]:{port}", host.to_ascii_lowercase())
    }

    pub fn check(file: &Path, host_id: &str, key: &PublicKey) -> Check {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut seen = false;
        for line in text.lines() {
            let Some((id, rest)) = line.split_once(' ') else {
                continue;
            };
            if id != host_id {
                continue;
            }
            seen = true;
            if PublicKey::from_openssh(rest.trim()).is_ok_and(|k| k.key_data() == key.key_data()) {
                return Check::Known;
            }
        }
        if seen { Check::Changed } else { Check::New }
    }

    pub fn remember(file: &Path, host_id: &str, key: &PublicKey) -> std::io::Result<()> {
        let line = key.to_openssh().map_err(std::io::Error::other)?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)?;
        writeln!(f, "{host_id} {line}")
    }

    /// Forgets the keys of a host (the admin checked that the new key is genuine).
    pub fn forget(file: &Path, host_id: &str) -> std::io::Result<()> {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let kept: String = text
            .lines()
            .filter(|l| l.split_once(' ').is_none_or(|(id, _)| id != host_id))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(file, kept)
    }
}

/// Makes (once) an ed25519 key in the data folder for the tunnel; returns its path and its
/// public line, to paste in the server's `authorized_keys`.
pub fn ensure_key(data_dir: &Path) -> Result<(PathBuf, String), String> {
    let path = data_dir.join(KEY_FILE);
    if !path.exists() {
        let mut seed = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut seed);
        let pair = ssh_key::private::Ed25519Keypair::from_seed(&seed);
        let mut key = ssh_key::PrivateKey::from(pair);
        key.set_comment("palabre");
        let text = key
            .to_openssh(ssh_key::LineEnding::LF)
            .map_err(|e| e.to_string())?;
        write_private(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    let key = russh::keys::load_secret_key(&path, None).map_err(|e| e.to_string())?;
    let public = key.public_key().to_openssh().map_err(|e| e.to_string())?;
    Ok((path, public))
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
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

/// Staff pages stay off the public link unless the admin allows them explicitly.
pub mod guard {
    use actix_web::body::{EitherBody, MessageBody};
    use actix_web::dev::{ServiceRequest, ServiceResponse};
    use actix_web::middleware::Next;
    use actix_web::web::Data;
    use actix_web::{HttpResponse, http::StatusCode};

    use crate::i18n::Lang;
    use crate::state::AppState;

    /// Whether `path` is a staff page (the admin, the sign-in page, the first-run setup).
    pub fn is_staff_path(path: &str) -> bool {
        let decoded = percent_decode(path).to_ascii_lowercase();
        let mut collapsed = String::with_capacity(decoded.len());
        for c in decoded.chars() {
            if !(c == '/' && collapsed.ends_with('/')) {
                collapsed.push(c);
            }
        }
        ["/admin", "/installation"].iter().any(|p| {
            collapsed == *p
                || collapsed
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with(['/', '?', ';', '.']))
        })
    }

    fn percent_decode(path: &str) -> String {
        let bytes = path.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%'
                && i + 2 < bytes.len()
                && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
            {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
    }

    pub async fn middleware(
        req: ServiceRequest,
        next: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
        let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
            return Ok(next.call(req).await?.map_into_left_body());
        };
        let through_tunnel = state
            .tunnel
            .is_tunnel_listener(req.request().app_config().local_addr());
        if !through_tunnel || state.tunnel.staff_allowed() || !is_staff_path(req.path()) {
            return Ok(next.call(req).await?.map_into_left_body());
        }
        let lang = Lang::from_request(req.request(), state.default_lang());
        let page = crate::views::tunnel::staff_blocked(lang, state.training);
        let resp = HttpResponse::build(StatusCode::FORBIDDEN)
            .content_type("text/html; charset=utf-8")
            .body(page.into_string());
        Ok(req.into_response(resp).map_into_right_body())
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn staff_paths() {
            for p in [
                "/admin",
                "/admin/",
                "/admin/connexion",
                "//admin",
                "/ADMIN/reglages",
                "/%61dmin",
                "/installation/abc",
            ] {
                assert!(super::is_staff_path(p), "{p}");
            }
            for p in ["/", "/administration-publique", "/propositions", "/guide"] {
                assert!(!super::is_staff_path(p), "{p}");
            }
        }
    }
}
