//! The browser-test harness: the real executable on a fresh data folder, chromedriver and
//! headless Chromium, with drop guards that stop everything, also when a test fails.
// Some helpers are here for the tests that will come (proposal forms and so on).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use regex::Regex;
use serde_json::{Value, json};

use crate::common::{Console, next_stdout_line, read_output};
/// The shared harness (`tests/common`): the setup password, free ports.
pub use crate::common::{PASSWORD, free_port};

mod page;
pub use page::*;

/// The phone the tests pretend to be: CSS pixels.
pub const VIEWPORT: (u32, u32) = (360, 740);
/// A laptop screen, for the staff who work at a desk: CSS pixels.
pub const LAPTOP: (u32, u32) = (1280, 800);
/// How long to wait for something to show up in the page.
pub const WAIT: Duration = Duration::from_secs(10);
const SERVER_START: Duration = Duration::from_secs(20);
const SERVER_STOP: Duration = Duration::from_secs(15);
const DRIVER_START: Duration = Duration::from_secs(20);
const SESSION_START: Duration = Duration::from_secs(30);
/// Pause between two looks while polling (never a wait for something by itself).
const POLL: Duration = Duration::from_millis(25);

const DEPS_HINT: &str = "Browser tests need Chromium and chromedriver: run `bash tests/deps.sh`, \
     then `cargo test --test browser` again.";

fn tool(env: &str, default: &str, what: &str) -> PathBuf {
    let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.is_file(),
        "\n\n{what} is missing: {} does not exist.\n{DEPS_HINT}\n(or set {env} to its path)\n",
        path.display()
    );
    path
}

pub fn chromium() -> PathBuf {
    tool("PALABRE_CHROMIUM", "/usr/bin/chromium", "Chromium")
}

pub fn chromedriver() -> PathBuf {
    tool(
        "PALABRE_CHROMEDRIVER",
        "/usr/bin/chromedriver",
        "chromedriver",
    )
}

/// Where screenshots for humans go: `target/browser-screens/` of this project.
pub fn screens_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screens");
    std::fs::create_dir_all(&dir).expect("create target/browser-screens");
    dir
}

// ----------------------------------------------------------------------------------
// The server
// ----------------------------------------------------------------------------------

/// The real `palabre` executable, serving a data folder (started by the shared
/// [`crate::common::Server`]), with what its banner said. Killed when dropped.
pub struct Server {
    process: crate::common::Server,
    /// The port it really listens on (it takes the next one if the asked one is busy).
    pub port: u16,
    /// `http://127.0.0.1:PORT`, without the final slash.
    pub base: String,
    /// The one-time setup address (on `127.0.0.1`), when the banner printed one.
    pub setup_url: Option<String>,
    /// The console banner, line by line.
    pub banner: Vec<String>,
}

impl Server {
    /// Starts on a free port, waits for the banner and for `/healthz`.
    pub fn start(data_dir: &Path) -> Server {
        Self::start_on(data_dir, free_port())
    }

    pub fn start_on(data_dir: &Path, port: u16) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
        cmd.arg("serve").arg("--data-dir").arg(data_dir);
        Self::spawn(cmd, port)
    }

    /// The training mode (`palabre demo`): fictional data in a throw-away folder. `home`
    /// stands for the user's folders, which it must leave alone.
    pub fn start_demo(home: &Path) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
        cmd.arg("demo")
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("APPDATA", home.join("appdata"))
            .env("TMPDIR", home.join("tmp"));
        std::fs::create_dir_all(home.join("tmp")).expect("create a temporary folder");
        Self::spawn(cmd, free_port())
    }

    fn spawn(mut cmd: Command, port: u16) -> Server {
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--no-browser")
            // Test servers listen on loopback only.
            .arg("--bind")
            .arg("127.0.0.1")
            .env_remove("PALABRE_BIND")
            .env_remove("PALABRE_PORT")
            .env_remove("PALABRE_DATA_DIR")
            .stdin(Stdio::null());
        // From here on, a panic drops `server`, which kills the process and prints its
        // console.
        let mut server = Server {
            process: crate::common::Server::spawn(cmd, port),
            port,
            base: String::new(),
            setup_url: None,
            banner: Vec::new(),
        };
        server.read_banner();
        server.wait_healthy();
        server
    }

    /// The banner sits between two rules of `─`; it says the port and the setup address.
    fn read_banner(&mut self) {
        let deadline = Instant::now() + SERVER_START;
        let mut rules = 0;
        while rules < 2 {
            match self.process.next_stdout_line(deadline) {
                Ok(line) => {
                    if line.starts_with('─') {
                        rules += 1;
                    }
                    self.banner.push(line);
                }
                Err(why) => panic!(
                    "palabre did not print its whole banner within {SERVER_START:?} ({why}); \
                     its console is printed below"
                ),
            }
        }
        let local = Regex::new(r"^\s*http://localhost:(\d+)/\s*$").unwrap();
        self.port = self
            .banner
            .iter()
            .find_map(|l| local.captures(l).and_then(|c| c[1].parse().ok()))
            .unwrap_or_else(|| {
                panic!(
                    "no local address in the banner:\n{}",
                    self.banner.join("\n")
                )
            });
        self.process.port = self.port;
        self.base = format!("http://127.0.0.1:{}", self.port);
        let setup = Regex::new(r"^http://\S+/installation/\S+$").unwrap();
        let path = Regex::new(r"^http://[^/]+(/.*)$").unwrap();
        self.setup_url = self.banner.iter().find(|l| setup.is_match(l)).map(|l| {
            let p = path
                .captures(l)
                .map(|c| c[1].to_string())
                .unwrap_or_default();
            format!("{}{p}", self.base)
        });
    }

    fn wait_healthy(&mut self) {
        let deadline = Instant::now() + SERVER_START;
        while !healthz(self.port) {
            if let Ok(Some(status)) = self.process.child.try_wait() {
                panic!(
                    "palabre stopped ({status}) before answering /healthz; its console is printed below"
                );
            }
            assert!(
                Instant::now() < deadline,
                "palabre did not answer `ok` on {}/healthz within {SERVER_START:?}; \
                 its console is printed below",
                self.base
            );
            std::thread::sleep(POLL);
        }
    }

    /// Whether a line of the console matches `pattern`.
    pub fn printed(&self, pattern: &str) -> bool {
        let re = Regex::new(pattern).unwrap();
        self.banner.iter().any(|l| re.is_match(l))
    }

    /// Everything printed so far (stdout, and stderr lines marked `[stderr]`).
    pub fn console(&self) -> String {
        self.process.console()
    }

    /// Stops it the way an operator would (SIGTERM) and checks it exits cleanly.
    pub fn stop(&mut self) {
        self.process.terminate(SERVER_STOP);
    }
}

/// `GET /healthz` answers `ok`.
fn healthz(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200") && answer.ends_with("\r\n\r\nok")
}

// ----------------------------------------------------------------------------------
// chromedriver
// ----------------------------------------------------------------------------------

/// A chromedriver on a loopback port it picked itself, in its own process group so that
/// killing the group also ends the Chromium it started.
struct Driver {
    child: Child,
    url: String,
    output: Console,
}

impl Driver {
    /// Starts chromedriver, again if the port it picked was taken on the other IP stack
    /// meanwhile (it binds IPv6 then IPv4 on the same number: "IPv4 port not available").
    fn start() -> Driver {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::try_start() {
                Ok(driver) => return driver,
                Err(out) if out.contains("port not available") => last = out,
                Err(out) => {
                    panic!("chromedriver did not say on which port it listens.\n{out}\n{DEPS_HINT}")
                }
            }
        }
        panic!("chromedriver found no free port in 3 tries.\n{last}\n{DEPS_HINT}")
    }

    fn try_start() -> Result<Driver, String> {
        let mut cmd = Command::new(chromedriver());
        cmd.arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("could not start chromedriver: {e}\n{DEPS_HINT}");
        });
        let (rx, output) = read_output(&mut child);
        let mut seen = Vec::new();
        let mut driver = Driver {
            child,
            url: String::new(),
            output,
        };
        let started = Regex::new(r"started successfully on port (\d+)").unwrap();
        let deadline = Instant::now() + DRIVER_START;
        while driver.url.is_empty() {
            match next_stdout_line(&rx, &mut seen, deadline) {
                Ok(line) => {
                    if let Some(c) = started.captures(&line) {
                        driver.url = format!("http://127.0.0.1:{}", &c[1]);
                    }
                }
                Err(why) => {
                    // The stderr pump may still be writing the reason: give it a moment.
                    std::thread::sleep(Duration::from_millis(100));
                    return Err(format!("({why})\n{}", driver.output.text()));
                }
            }
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and the Chromium it started.
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ----------------------------------------------------------------------------------
// The browser
// ----------------------------------------------------------------------------------

// ----------------------------------------------------------------------------------
// One test's world: data folder + server + browser
// ----------------------------------------------------------------------------------

/// What the first-run form is filled with.
pub struct SetupAnswers {
    pub site_name: &'static str,
    pub organisation: &'static str,
    pub login: &'static str,
    pub password: &'static str,
}

pub const ANSWERS: SetupAnswers = SetupAnswers {
    site_name: "Plan d'action national PGO 2027-2029",
    organisation: "Ministère de la Communication",
    login: "awa.kone",
    password: PASSWORD,
};

/// A fresh data folder, the server on it and a phone-sized browser. Dropping it stops
/// the browser, chromedriver and the server, then deletes the folders.
pub struct Palabre {
    // Field order is drop order: browser first, data folder last.
    pub browser: Browser,
    pub server: Server,
    data_dir: tempfile::TempDir,
}

impl Palabre {
    /// `name` names the temporary folders and the failure screenshot.
    pub async fn start(name: &str) -> Palabre {
        Self::start_at(name, VIEWPORT).await
    }

    /// Like [`Palabre::start`], with a browser whose screen is `size` (see
    /// [`Browser::open_at`]).
    pub async fn start_at(name: &str, size: (u32, u32)) -> Palabre {
        // Fail on missing tools before starting anything.
        chromium();
        chromedriver();
        let data_dir = tempfile::Builder::new()
            .prefix(&format!("palabre-{name}-"))
            .tempdir()
            .expect("create a data folder");
        let server = Server::start(data_dir.path());
        let browser = Browser::open_at(name, &server.base, size).await;
        Palabre {
            browser,
            server,
            data_dir,
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// The setup address of the first run.
    pub fn setup_url(&self) -> String {
        self.server.setup_url.clone().unwrap_or_else(|| {
            panic!(
                "the server printed no setup address:\n{}",
                self.server.banner.join("\n")
            )
        })
    }

    /// Stops the server and starts it again on the same data folder (same port if free).
    pub fn restart(&mut self) {
        self.server.stop();
        self.server = Server::start_on(self.data_dir.path(), self.server.port);
        self.browser.base = self.server.base.clone();
    }

    /// Does the first-run setup in the browser with `answers`; ends on the dashboard.
    pub async fn set_up(&self, answers: &SetupAnswers) {
        let b = &self.browser;
        b.goto(&self.setup_url()).await;
        b.fill("Nom de la consultation", answers.site_name).await;
        b.fill("Organisation qui consulte", answers.organisation)
            .await;
        b.fill("Votre identifiant", answers.login).await;
        b.fill("Mot de passe", answers.password).await;
        b.fill("Mot de passe, une seconde fois", answers.password)
            .await;
        b.click_button("Créer la consultation").await;
        assert_eq!(
            b.h1().await,
            "Tableau de bord",
            "setup did not end on the dashboard"
        );
    }

    /// Signs in through the sign-in page.
    pub async fn sign_in(&self, login: &str, password: &str) {
        let b = &self.browser;
        if !b.path().await.starts_with("/admin/connexion") {
            b.goto("/admin/connexion").await;
        }
        b.fill("Identifiant", login).await;
        b.fill("Mot de passe", password).await;
        b.click_button("Se connecter").await;
    }

    /// Ends the browser session gracefully; the rest is dropped.
    pub async fn finish(self) {
        let Palabre {
            browser,
            server,
            data_dir,
        } = self;
        browser.close().await;
        drop(server);
        drop(data_dir);
    }
}
