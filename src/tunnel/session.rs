//! One link's life on the tunnel thread: connect, check the host key, sign in, ask for the
//! forward, relay each visitor's connection to the site's internal listener, reconnect with
//! backoff after a drop.

use super::*;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// A keepalive after that long without a word from the server; three unanswered in a row end
/// the session (a frozen server or a dead network is noticed within about 20 s).
const KEEPALIVE: Duration = Duration::from_secs(5);
/// Longest wait between two reconnection attempts.
pub(super) const BACKOFF_MAX: Duration = Duration::from_secs(60);
/// Bytes from a visitor waiting for the local site before the connection is dropped.
const MAX_QUEUED: usize = 1024 * 1024;
/// How long the local site may take to accept a write.
const LOCAL_WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a visitor may take to accept what the site sends.
const REMOTE_SEND_TIMEOUT: Duration = Duration::from_secs(60);
/// A relayed connection silent that long in both directions is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// The tunnel thread: waits for commands, runs one link at a time.
pub(super) async fn supervise(
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
pub(super) fn reason_text(lang: Lang, reason: &str) -> String {
    match reason {
        "refused" => lang.t("tunnel-reason-refused"),
        "closed" => lang.t("tunnel-reason-closed"),
        "keepalive" => lang.t("tunnel-reason-keepalive"),
        "timeout" => lang.t("tunnel-reason-timeout"),
        other => other.to_string(),
    }
}

pub(super) fn backoff(attempt: u32) -> Duration {
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
