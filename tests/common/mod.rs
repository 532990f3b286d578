//! The shared test harness: the real executable as a server, clients, setup, free ports,
//! form fields. Used by every test crate (`tests/browser` adds the WebDriver side).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub mod sshd;

pub const PASSWORD: &str = "Baobab-Tiassale-42";

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The value of the first field `name` (a hidden one: form stamp, submission id…) in a page.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    regex::Regex::new(&format!(
        r#"name="{}" value="([^"]+)""#,
        regex::escape(name)
    ))
    .unwrap()
    .captures(html)
    .map(|c| c[1].to_string())
}

/// The value of `name="csrf_token"` in a page.
pub fn csrf_from(html: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf_token" value="([^"]+)""#).unwrap();
    re.captures(html)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no csrf_token in page:\n{html}"))
}

/// Everything a child process printed (stderr lines marked `[stderr] `), kept to explain
/// failures.
#[derive(Clone, Default)]
pub struct Console(Arc<Mutex<Vec<String>>>);

impl Console {
    fn push(&self, line: String) {
        if let Ok(mut v) = self.0.lock() {
            v.push(line);
        }
    }
    pub fn text(&self) -> String {
        self.0.lock().map(|v| v.join("\n")).unwrap_or_default()
    }
}

/// A line a child process printed, and on which stream.
pub struct Line {
    pub text: String,
    pub stderr: bool,
}

/// Reads a child's stdout and stderr line by line, each in its own thread: every line is
/// kept in the returned console and sent on the channel. Both pipes are drained until the
/// process closes them, so it never blocks on a full pipe. The one output reader of the
/// test crates (the server, chromedriver).
pub fn read_output(child: &mut Child) -> (mpsc::Receiver<Line>, Console) {
    let (tx, rx) = mpsc::channel();
    let console = Console::default();
    let streams: [(Option<Box<dyn std::io::Read + Send>>, bool); 2] = [
        (child.stdout.take().map(|s| Box::new(s) as _), false),
        (child.stderr.take().map(|s| Box::new(s) as _), true),
    ];
    for (stream, stderr) in streams {
        let Some(stream) = stream else { continue };
        let tx = tx.clone();
        let console = console.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut buf = Vec::new();
            while let Ok(n) = reader.read_until(b'\n', &mut buf)
                && n > 0
            {
                let text = String::from_utf8_lossy(&buf).trim_end().to_string();
                buf.clear();
                console.push(if stderr {
                    format!("[stderr] {text}")
                } else {
                    text.clone()
                });
                // The receiver may be gone; the console still keeps the line.
                let _ = tx.send(Line { text, stderr });
            }
        });
    }
    (rx, console)
}

/// The next line `rx` gets on stdout before `deadline`, or why there is none; every line
/// read goes to `seen`.
pub fn next_stdout_line(
    rx: &mpsc::Receiver<Line>,
    seen: &mut Vec<String>,
    deadline: Instant,
) -> Result<String, &'static str> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                seen.push(line.text.clone());
                if !line.stderr {
                    return Ok(line.text);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err("it printed nothing more before the deadline");
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err("it stopped"),
        }
    }
}

/// The real `palabre` executable running on a port: its output is read line by line (and
/// kept, printed when a test fails); it is killed when dropped. The one process starter of
/// every test crate (`tests/browser` wraps it to read the banner).
pub struct Server {
    pub child: Child,
    pub port: u16,
    lines: mpsc::Receiver<Line>,
    /// Every line read so far from the channel, both streams.
    pub seen: Vec<String>,
    console: Console,
}

impl Server {
    pub fn start(data_dir: &Path, port: u16) -> Server {
        Self::start_with(data_dir, &["--port", &port.to_string()], port)
    }

    pub fn start_with(data_dir: &Path, args: &[&str], port: u16) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
        cmd.arg("serve")
            .args(args)
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--no-browser")
            .arg("--bind")
            .arg("127.0.0.1");
        Self::spawn(cmd, port)
    }

    /// Runs `cmd` (the `palabre` executable with its arguments and environment), its output
    /// read line by line.
    pub fn spawn(mut cmd: Command, port: u16) -> Server {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start palabre");
        let (lines, console) = read_output(&mut child);
        Server {
            child,
            port,
            lines,
            seen: Vec::new(),
            console,
        }
    }

    /// Waits for a line of output matching `pred`.
    pub fn wait_line(&mut self, pred: impl Fn(&str) -> bool, within: Duration) -> Option<String> {
        if let Some(l) = self.seen.iter().find(|l| pred(l)) {
            return Some(l.clone());
        }
        let deadline = Instant::now() + within;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.text.clone());
                    if pred(&line.text) {
                        return Some(line.text);
                    }
                }
                Err(_) => return None,
            }
        }
        None
    }

    /// The next line printed on stdout before `deadline`, or why there is none.
    pub fn next_stdout_line(&mut self, deadline: Instant) -> Result<String, &'static str> {
        next_stdout_line(&self.lines, &mut self.seen, deadline)
    }

    /// Everything printed so far (waiting briefly for more).
    pub fn output(&mut self) -> String {
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(200)) {
            self.seen.push(l.text);
        }
        self.seen.join("\n")
    }

    /// Everything printed so far, both streams, stderr lines marked `[stderr] `.
    pub fn console(&self) -> String {
        self.console.text()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls /healthz until it answers `ok`.
    pub fn wait_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = reqwest::blocking::Client::new();
        while Instant::now() < deadline {
            if let Ok(r) = client
                .get(format!("{}/healthz", self.base()))
                .timeout(Duration::from_secs(1))
                .send()
                && r.status() == 200
                && r.text().unwrap_or_default() == "ok"
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("palabre exited with {status}:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let port = self.port;
        panic!("no answer from /healthz on {port}:\n{}", self.output());
    }

    pub fn setup_url(&mut self) -> Option<String> {
        self.wait_line(
            |l| l.starts_with("http://") && l.contains("/installation/"),
            Duration::from_secs(10),
        )
        .map(|l| l.replace("localhost", "127.0.0.1"))
    }

    /// Kills it at once (a crash, a power cut).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops it the way an operator does (SIGTERM) and checks that it exits cleanly within
    /// `within`.
    pub fn terminate(&mut self, within: Duration) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(
                    status.success(),
                    "palabre exited with {status} when asked to stop; its console is printed below"
                );
                return;
            }
            assert!(
                Instant::now() < deadline,
                "palabre did not stop within {within:?} of SIGTERM; its console is printed below"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!(
                "\n── palabre console (port {}) ──\n{}\n",
                self.port,
                self.console.text()
            );
        }
    }
}

/// A browser-like HTTP client: keeps cookies, does not follow redirects.
pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// The first-run form as the administrator fills it (login `awa.kone`), without its CSRF
/// token: shared by the in-process tests (`tests/http`) and those on the real executable.
pub fn setup_fields<'a>(site_name: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("site_name", site_name),
        ("organisation", "Ministère de la Communication"),
        ("login", "awa.kone"),
        ("password", password),
        ("password_confirm", password),
        ("language", "fr"),
    ]
}

/// First-run setup of a running server, as its administrator does it (login `awa.kone`,
/// password [`PASSWORD`]); returns that administrator's signed-in client.
pub fn set_up(server: &mut Server, site_name: &str) -> reqwest::blocking::Client {
    let setup = server.setup_url().expect("setup address");
    let staff = client();
    let page = staff.get(&setup).send().unwrap().text().unwrap();
    let token = csrf_from(&page);
    let mut form = setup_fields(site_name, PASSWORD);
    form.insert(0, ("csrf_token", token.as_str()));
    let r = staff.post(&setup).form(&form).send().unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    staff
}

/// Runs `palabre` with arguments and optional stdin; returns (exit code, stdout, stderr).
pub fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_palabre"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

pub fn data_dir(t: &tempfile::TempDir) -> PathBuf {
    t.path().join("data")
}
