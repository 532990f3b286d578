//! Logs: a file in the data folder (kept 14 days) for what happened, and only warnings on the
//! console, which belongs to the plain-French banner. Requests are not logged one by one:
//! addresses of citizens are personal data.
//!
//! Lines for the file gather in memory and one thread writes them every half second, or at
//! once for warnings and errors: logging a received proposal costs no thread wake-up (a
//! channel to a writer thread woke it for every line, a measurable share of a submission).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use tracing::{Level, Metadata};
use tracing_appender::rolling::{Builder, RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;

/// How long an ordinary line may wait in memory before it is written.
const FLUSH_EVERY: Duration = Duration::from_millis(500);
/// Past this many bytes waiting, the writer is woken early.
const SOON: usize = 64 * 1024;
/// Past this many bytes waiting (the disk is stuck), new lines are dropped, not kept.
const MAX_WAITING: usize = 1024 * 1024;

/// Starts logging; keep the guard alive for as long as the program runs: dropping it writes
/// what is waiting.
pub fn init(data_dir: &Path) -> Option<LogGuard> {
    let dir = data_dir.join("logs");
    std::fs::create_dir_all(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("palabre")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir)
        .ok()?;
    let (file, guard) = Batched::start(appender)?;
    let quiet = |f: EnvFilter| match format!("{HTTP_PARSER}=off").parse() {
        Ok(d) => f.add_directive(d),
        Err(_) => f,
    };
    let file_filter =
        quiet(EnvFilter::try_from_env("PALABRE_LOG").unwrap_or_else(|_| EnvFilter::new("info")));
    let _ = tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(file)
                .with_ansi(false)
                .with_filter(file_filter),
        )
        .with(
            fmt::layer()
                .with_writer(|| Escaped(std::io::stderr()))
                .with_target(false)
                .with_filter(quiet(EnvFilter::new("warn"))),
        )
        .with(Demote.with_filter(
            tracing_subscriber::filter::Targets::new().with_target(HTTP_PARSER, Level::WARN),
        ))
        .try_init();
    Some(guard)
}

/// actix-http reports each malformed request it refuses (a broken header, a bad chunk) as an
/// ERROR of its own: a visitor's mistake or a scanner's, not the server's, and an agent who
/// reads "ERROR" in red on the console thinks the site is broken. Those reports are kept out
/// of the log and the console and written again as INFO lines (`palabre::refused`).
const HTTP_PARSER: &str = "actix_http::h1::dispatcher";

struct Demote;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Demote {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut text = Message(String::new());
        event.record(&mut text);
        tracing::info!(target: "palabre::refused", "malformed request refused: {}", text.0);
    }
}

/// The message of an event, as its `Display` reads.
struct Message(String);

impl tracing::field::Visit for Message {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

#[derive(Default)]
struct Waiting {
    bytes: Vec<u8>,
    urgent: bool,
    stop: bool,
}

struct Shared {
    waiting: Mutex<Waiting>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Waiting> {
        // A panic while appending cannot leave the buffer worse than a cut line.
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The file layer's writer: appends each line to the shared buffer.
#[derive(Clone)]
struct Batched(Arc<Shared>);

/// Writes what is waiting when dropped, and stops the writer thread.
pub struct LogGuard {
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Batched {
    fn start(mut file: RollingFileAppender) -> Option<(Batched, LogGuard)> {
        let shared = Arc::new(Shared {
            waiting: Mutex::new(Waiting::default()),
            wake: Condvar::new(),
        });
        let theirs = shared.clone();
        let thread = std::thread::Builder::new()
            .name("palabre-log".into())
            .spawn(move || {
                loop {
                    let mut w = theirs.lock();
                    if !w.urgent && !w.stop && w.bytes.len() < SOON {
                        w = theirs
                            .wake
                            .wait_timeout(w, FLUSH_EVERY)
                            .map(|(g, _)| g)
                            .unwrap_or_else(|p| p.into_inner().0);
                    }
                    let bytes = std::mem::take(&mut w.bytes);
                    let stop = w.stop;
                    w.urgent = false;
                    drop(w);
                    if !bytes.is_empty() {
                        // Nowhere to report a failure to write the log: the console has the
                        // warnings already.
                        let _ = file.write_all(&bytes);
                        let _ = file.flush();
                    }
                    if stop {
                        break;
                    }
                }
            })
            .ok()?;
        Some((
            Batched(shared.clone()),
            LogGuard {
                shared,
                thread: Some(thread),
            },
        ))
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.wake.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One event's writer.
struct Line {
    shared: Arc<Shared>,
    urgent: bool,
}

/// One event as one line: a control character inside it (a newline typed into a login,
/// an escape sequence) is written as its escape (`\n`, `\x1b`), so that nobody can forge a
/// log line or colour a terminal through what they type. The event's own final newline stays.
pub fn escape_line(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    if !body.iter().any(|b| *b < 0x20 || *b == 0x7f) {
        return std::borrow::Cow::Borrowed(data);
    }
    let mut out = Vec::with_capacity(data.len() + 8);
    for &b in body {
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b if b < 0x20 || b == 0x7f => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
            b => out.push(b),
        }
    }
    if body.len() < data.len() {
        out.push(b'\n');
    }
    std::borrow::Cow::Owned(out)
}

/// The console's writer, escaping as [`escape_line`] does.
struct Escaped<W: Write>(W);

impl<W: Write> Write for Escaped<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(&escape_line(data))?;
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Write for Line {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let line = escape_line(data);
        let mut w = self.shared.lock();
        if w.bytes.len() + line.len() <= MAX_WAITING {
            w.bytes.extend_from_slice(&line);
        }
        let wake = self.urgent || w.bytes.len() >= SOON;
        w.urgent |= self.urgent;
        drop(w);
        if wake {
            self.shared.wake.notify_one();
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Batched {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line {
            shared: self.0.clone(),
            urgent: false,
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Line {
        Line {
            shared: self.0.clone(),
            // Warnings and errors are written at once: they may precede a crash.
            urgent: *meta.level() <= Level::WARN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_newline_cannot_forge_a_log_line() {
        let event = "2026-12-07T15:00:00Z  WARN sign-in held back login=awa\n2026-12-07T15:00:01Z  INFO staff sign-in login=admin\n";
        let written = escape_line(event.as_bytes());
        let text = String::from_utf8_lossy(&written);
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("login=awa\\n2026") && text.ends_with('\n'));
        assert_eq!(escape_line(b"\x1b[31mred\n").as_ref(), b"\\x1b[31mred\n");
        // Plain lines and accents go through untouched.
        assert_eq!(
            escape_line("Bouaké ok\n".as_bytes()).as_ref(),
            "Bouaké ok\n".as_bytes()
        );
    }

    fn read_logs(dir: &Path) -> String {
        let mut out = String::new();
        for e in std::fs::read_dir(dir.join("logs")).unwrap_or_else(|e| panic!("{e}")) {
            let p = e.unwrap_or_else(|e| panic!("{e}")).path();
            out.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        }
        out
    }

    /// Ordinary lines reach the file within the flush period, and everything waiting is
    /// written when the guard goes.
    #[test]
    fn lines_reach_the_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join("logs")).unwrap_or_else(|e| panic!("{e}"));
        let appender = Builder::new()
            .rotation(Rotation::NEVER)
            .filename_prefix("palabre")
            .filename_suffix("log")
            .build(dir.path().join("logs"))
            .unwrap_or_else(|e| panic!("{e}"));
        let (writer, guard) = Batched::start(appender).unwrap_or_else(|| panic!("start"));
        writer
            .make_writer()
            .write_all(b"ordinary line\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !read_logs(dir.path()).contains("ordinary line") {
            assert!(std::time::Instant::now() < deadline, "never written");
            std::thread::sleep(Duration::from_millis(20));
        }
        writer
            .make_writer()
            .write_all(b"last line\n")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(guard);
        assert!(read_logs(dir.path()).contains("last line"));
    }
}
