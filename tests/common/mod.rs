//! The shared test harness: the real executable as a server, clients, setup, free ports,
//! form fields. Used by every test crate (`tests/browser` adds the WebDriver side).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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

/// The real `palabre` executable running on a port, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub lines: mpsc::Receiver<String>,
    pub seen: Vec<String>,
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
        let (tx, rx) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Server {
            child,
            port,
            lines: rx,
            seen: Vec::new(),
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
                    self.seen.push(line.clone());
                    if pred(&line) {
                        return Some(line);
                    }
                }
                Err(_) => return None,
            }
        }
        None
    }

    /// Everything printed so far (waiting briefly for more).
    pub fn output(&mut self) -> String {
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(200)) {
            self.seen.push(l);
        }
        self.seen.join("\n")
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

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
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

/// First-run setup of a running server, as its administrator does it (login `awa.kone`,
/// password [`PASSWORD`]); returns that administrator's signed-in client.
pub fn set_up(server: &mut Server, site_name: &str) -> reqwest::blocking::Client {
    let setup = server.setup_url().expect("setup address");
    let staff = client();
    let page = staff.get(&setup).send().unwrap().text().unwrap();
    let token = csrf_from(&page);
    let r = staff
        .post(&setup)
        .form(&[
            ("csrf_token", token.as_str()),
            ("site_name", site_name),
            ("organisation", "Ministère de la Communication"),
            ("login", "awa.kone"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("language", "fr"),
        ])
        .send()
        .unwrap();
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
