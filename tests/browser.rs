//! End-to-end tests in a real browser: headless Chromium at phone size (360×740), or at
//! laptop size (1280×800) for staff working at a desk, driven through chromedriver
//! (WebDriver) against the real `palabre` executable. Each test does what a person does —
//! reads the page, fills fields by their label, presses buttons by their text, or uses the
//! keyboard alone — and checks what that person sees.
//!
//! Chromium and chromedriver are required (`bash tests/deps.sh` installs them): without them
//! these tests fail, they never skip. `PALABRE_CHROMIUM` and `PALABRE_CHROMEDRIVER` override
//! where they are looked for.
//!
//! Screenshots for humans are written to `target/browser-screens/`; when a test fails, the
//! page it was on is saved there as `FAILED-<test>.png` and `FAILED-<test>.html`, and the
//! server's console is printed.
//!
//! The harness comes first and is meant to be reused: `Palabre::start("name")` gives a fresh
//! data folder, the server running on it and a browser session at phone size
//! (`Palabre::start_at("name", LAPTOP)` for a laptop). Everything is torn down by `Drop`
//! guards, also when an assertion fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness {
    // Some helpers are here for the tests that will come (proposal forms and so on).
    #![allow(dead_code)]

    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::sync::{Arc, Mutex, mpsc};
    use std::time::{Duration, Instant};

    use fantoccini::elements::Element;
    use fantoccini::{Client, ClientBuilder, Locator};
    use regex::Regex;
    use serde_json::{Value, json};

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

    /// Long enough and not common: accepted by the password rules.
    pub const PASSWORD: &str = "Baobab-Tiassale-42";

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

    /// A free loopback port (bound, read, released).
    pub fn free_port() -> u16 {
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("find a free port")
            .port()
    }

    // ----------------------------------------------------------------------------------
    // Child processes
    // ----------------------------------------------------------------------------------

    /// Everything a child process printed, kept to explain failures.
    #[derive(Clone, Default)]
    struct Output(Arc<Mutex<Vec<String>>>);

    impl Output {
        fn push(&self, line: String) {
            if let Ok(mut v) = self.0.lock() {
                v.push(line);
            }
        }
        fn text(&self) -> String {
            self.0.lock().map(|v| v.join("\n")).unwrap_or_default()
        }
    }

    /// Reads `stream` line by line in its own thread: each line is kept in `out` and, when
    /// `tx` is given, sent there too. The pipe is drained until the process closes it, so the
    /// child never blocks on a full pipe.
    fn pump(
        stream: impl Read + Send + 'static,
        prefix: &'static str,
        out: Output,
        tx: Option<mpsc::Sender<String>>,
    ) {
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                        out.push(format!("{prefix}{line}"));
                        if let Some(tx) = &tx {
                            let _ = tx.send(line);
                        }
                    }
                }
            }
        });
    }

    /// Sends `signal` (e.g. "TERM", "KILL") to one process, or to a whole process group.
    fn send_signal(pid: u32, signal: &str, group: bool) {
        let target = if group {
            format!("-{pid}")
        } else {
            pid.to_string()
        };
        let _ = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg("--")
            .arg(target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    fn wait_exit(child: &mut Child, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits for the next line, or says why there is none.
    fn next_line(rx: &mpsc::Receiver<String>, deadline: Instant) -> Result<String, &'static str> {
        let left = deadline.saturating_duration_since(Instant::now());
        rx.recv_timeout(left).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => "it printed nothing more before the deadline",
            mpsc::RecvTimeoutError::Disconnected => "it stopped",
        })
    }

    // ----------------------------------------------------------------------------------
    // The server
    // ----------------------------------------------------------------------------------

    /// The real `palabre` executable, serving a data folder. Killed when dropped.
    pub struct Server {
        child: Child,
        /// The port it really listens on (it takes the next one if the asked one is busy).
        pub port: u16,
        /// `http://127.0.0.1:PORT`, without the final slash.
        pub base: String,
        /// The one-time setup address (on `127.0.0.1`), when the banner printed one.
        pub setup_url: Option<String>,
        /// The console banner, line by line.
        pub banner: Vec<String>,
        output: Output,
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
            let mut child = cmd
                .arg("--port")
                .arg(port.to_string())
                .arg("--no-browser")
                // Test servers listen on loopback only.
                .arg("--bind")
                .arg("127.0.0.1")
                .env_remove("PALABRE_BIND")
                .env_remove("PALABRE_PORT")
                .env_remove("PALABRE_DATA_DIR")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start the palabre executable");
            let output = Output::default();
            let (tx, rx) = mpsc::channel();
            if let Some(out) = child.stdout.take() {
                pump(out, "", output.clone(), Some(tx));
            }
            if let Some(err) = child.stderr.take() {
                pump(err, "[stderr] ", output.clone(), None);
            }
            // From here on, a panic drops `server`, which kills the process.
            let mut server = Server {
                child,
                port,
                base: String::new(),
                setup_url: None,
                banner: Vec::new(),
                output,
            };
            server.read_banner(&rx);
            server.wait_healthy();
            server
        }

        /// The banner sits between two rules of `─`; it says the port and the setup address.
        fn read_banner(&mut self, rx: &mpsc::Receiver<String>) {
            let deadline = Instant::now() + SERVER_START;
            let mut rules = 0;
            while rules < 2 {
                match next_line(rx, deadline) {
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
                if let Ok(Some(status)) = self.child.try_wait() {
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
            self.output.text()
        }

        /// Stops it the way an operator would (SIGTERM) and checks it exits cleanly.
        pub fn stop(&mut self) {
            send_signal(self.child.id(), "TERM", false);
            match wait_exit(&mut self.child, SERVER_STOP) {
                Some(status) => assert!(
                    status.success(),
                    "palabre exited with {status} when asked to stop; its console is printed below"
                ),
                None => panic!(
                    "palabre did not stop within {SERVER_STOP:?} of SIGTERM; its console is printed below"
                ),
            }
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            if matches!(self.child.try_wait(), Ok(None)) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
            if std::thread::panicking() {
                eprintln!(
                    "\n── palabre console (port {}) ──\n{}\n",
                    self.port,
                    self.output.text()
                );
            }
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
        output: Output,
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
                    Err(out) => panic!(
                        "chromedriver did not say on which port it listens.\n{out}\n{DEPS_HINT}"
                    ),
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
            let output = Output::default();
            let (tx, rx) = mpsc::channel();
            if let Some(out) = child.stdout.take() {
                pump(out, "", output.clone(), Some(tx));
            }
            if let Some(err) = child.stderr.take() {
                pump(err, "[stderr] ", output.clone(), None);
            }
            let mut driver = Driver {
                child,
                url: String::new(),
                output,
            };
            let started = Regex::new(r"started successfully on port (\d+)").unwrap();
            let deadline = Instant::now() + DRIVER_START;
            while driver.url.is_empty() {
                match next_line(&rx, deadline) {
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
            #[cfg(unix)]
            send_signal(self.child.id(), "KILL", true);
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    // ----------------------------------------------------------------------------------
    // The browser
    // ----------------------------------------------------------------------------------

    /// A headless Chromium at phone size (or another size, see [`Browser::open_at`]), in a
    /// fresh profile, speaking French first.
    pub struct Browser {
        client: Client,
        /// Where relative paths given to `goto` are resolved.
        pub base: String,
        name: String,
        /// Its screen in CSS pixels (width, height).
        size: (u32, u32),
        closed: bool,
        // Dropped after the client, in this order: chromedriver (and Chromium), then profile.
        driver: Driver,
        profile: tempfile::TempDir,
    }

    fn xpath_literal(s: &str) -> String {
        if !s.contains('\'') {
            format!("'{s}'")
        } else if !s.contains('"') {
            format!("\"{s}\"")
        } else {
            let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
            format!("concat({})", parts.join(", \"'\", "))
        }
    }

    impl Browser {
        /// A phone-sized browser ([`VIEWPORT`]).
        pub async fn open(name: &str, base: &str) -> Browser {
            Self::open_at(name, base, VIEWPORT).await
        }

        /// A browser whose screen is `size` CSS pixels (width, height): a phone (touch,
        /// pixel ratio 2) below 768 px wide, a computer (mouse, pixel ratio 1) from there.
        pub async fn open_at(name: &str, base: &str, size: (u32, u32)) -> Browser {
            let ratio = if size.0 < 768 { 2.0 } else { 1.0 };
            Self::open_with_ratio(name, base, size, ratio).await
        }

        /// Like [`Browser::open_at`], with `ratio` device pixels per CSS pixel (1 makes
        /// screenshots of exactly `size` pixels).
        pub async fn open_with_ratio(
            name: &str,
            base: &str,
            size: (u32, u32),
            ratio: f64,
        ) -> Browser {
            let chromium = chromium();
            for stale in ["png", "html"] {
                let _ = std::fs::remove_file(screens_dir().join(format!("FAILED-{name}.{stale}")));
            }
            let driver = Driver::start();
            let profile = tempfile::Builder::new()
                .prefix(&format!("palabre-chromium-{name}-"))
                .tempdir()
                .expect("create a Chromium profile folder");
            let (w, h) = size;
            let mobile = w < 768;
            let caps = json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--password-store=basic",
                        "--lang=fr-FR",
                        format!("--user-data-dir={}", profile.path().display()),
                        format!("--window-size={w},{h}"),
                    ],
                    "prefs": {
                        "intl.accept_languages": "fr-FR,fr",
                        // Downloads land in the profile, never in the home folder.
                        "download.default_directory": profile.path().join("downloads"),
                        "download.prompt_for_download": false,
                        "download.directory_upgrade": true,
                        "credentials_enable_service": false,
                        "profile.password_manager_enabled": false,
                    },
                    "mobileEmulation": {
                        "deviceMetrics": { "width": w, "height": h, "pixelRatio": ratio, "mobile": mobile, "touch": mobile },
                    },
                },
            });
            let Value::Object(caps) = caps else {
                unreachable!("capabilities are an object")
            };
            let mut builder = ClientBuilder::rustls().expect("set up the WebDriver client");
            builder.capabilities(caps);
            let client = match tokio::time::timeout(SESSION_START, builder.connect(&driver.url))
                .await
            {
                Ok(Ok(client)) => client,
                Ok(Err(e)) => panic!(
                    "chromedriver could not start Chromium: {e}\nchromedriver said:\n{}\n{DEPS_HINT}",
                    driver.output.text()
                ),
                Err(_) => panic!(
                    "Chromium did not start within {SESSION_START:?}.\nchromedriver said:\n{}",
                    driver.output.text()
                ),
            };
            let browser = Browser {
                client,
                base: base.trim_end_matches('/').to_string(),
                name: name.to_string(),
                size,
                closed: false,
                driver,
                profile,
            };
            // A page that asks for the device width, like every page of the site does.
            browser
                .goto("data:text/html,<meta name=viewport content='width=device-width'>")
                .await;
            let size = browser
                .js("return [window.innerWidth, window.innerHeight];")
                .await;
            assert_eq!(
                size,
                json!([w, h]),
                "the browser window is not {w}×{h} (innerWidth, innerHeight)"
            );
            browser
        }

        /// Its screen in CSS pixels (width, height).
        pub fn size(&self) -> (u32, u32) {
            self.size
        }

        /// Whether it is phone-sized ([`VIEWPORT`]).
        pub fn is_phone(&self) -> bool {
            self.size == VIEWPORT
        }

        /// The WebDriver client, for what the helpers below do not cover.
        pub fn client(&self) -> &Client {
            &self.client
        }

        /// Ends the session gracefully (Chromium quits). Drop does the rest.
        pub async fn close(mut self) {
            self.closed = true;
            let _ = tokio::time::timeout(WAIT, self.client.clone().close()).await;
        }

        fn url_for(&self, path_or_url: &str) -> String {
            if path_or_url.starts_with('/') {
                format!("{}{path_or_url}", self.base)
            } else {
                path_or_url.to_string()
            }
        }

        /// Opens a path on the server (`/admin`) or a full address.
        pub async fn goto(&self, path_or_url: &str) {
            let url = self.url_for(path_or_url);
            self.client
                .goto(&url)
                .await
                .unwrap_or_else(|e| panic!("could not open {url}: {e}"));
        }

        pub async fn url(&self) -> String {
            self.client
                .current_url()
                .await
                .map(|u| u.to_string())
                .expect("read the current address")
        }

        /// Path and query of the current page: `/admin?bienvenue=1`.
        pub async fn path(&self) -> String {
            let url = self
                .client
                .current_url()
                .await
                .expect("read the current address");
            match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_string(),
            }
        }

        /// Runs `script` (which must `return` something) in the page. For assertions only:
        /// the site itself has no JavaScript.
        pub async fn js(&self, script: &str) -> Value {
            self.client
                .execute(script, Vec::new())
                .await
                .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
        }

        /// The one element matching `css`, waiting for it to appear.
        pub async fn find(&self, css: &str) -> Element {
            let deadline = Instant::now() + WAIT;
            loop {
                if let Ok(el) = self.client.find(Locator::Css(css)).await {
                    return el;
                }
                if Instant::now() >= deadline {
                    panic!(
                        "nothing matches `{css}` on {} after {WAIT:?}.\nPage text:\n{}",
                        self.path().await,
                        self.page_text().await
                    );
                }
                tokio::time::sleep(POLL).await;
            }
        }

        /// Every element matching `css` right now (maybe none).
        pub async fn find_all(&self, css: &str) -> Vec<Element> {
            self.client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
        }

        pub async fn exists(&self, css: &str) -> bool {
            !self.find_all(css).await.is_empty()
        }

        /// Whether an element matching `css` is there and shown.
        pub async fn is_visible(&self, css: &str) -> bool {
            for el in self.find_all(css).await {
                if el.is_displayed().await.unwrap_or(false) {
                    return true;
                }
            }
            false
        }

        /// The visible text of the one element matching `css`.
        pub async fn text(&self, css: &str) -> String {
            self.find(css).await.text().await.unwrap_or_default()
        }

        /// The visible texts of every element matching `css`.
        pub async fn texts(&self, css: &str) -> Vec<String> {
            let mut out = Vec::new();
            for el in self.find_all(css).await {
                out.push(el.text().await.unwrap_or_default());
            }
            out
        }

        /// The text of every element matching `css` as written in the page (`textContent`):
        /// unlike `texts`, keeps no-break spaces, which WebDriver turns into plain ones.
        pub async fn raw_texts(&self, css: &str) -> Vec<String> {
            let script = format!(
                "return Array.from(document.querySelectorAll({})).map(e => e.textContent);",
                json!(css)
            );
            serde_json::from_value(self.js(&script).await).unwrap_or_default()
        }

        /// The page's main heading, as read on screen.
        pub async fn h1(&self) -> String {
            self.text("h1").await
        }

        /// `<html lang>`.
        pub async fn lang(&self) -> String {
            self.find("html")
                .await
                .attr("lang")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
        }

        /// Everything a person can read on the page.
        pub async fn page_text(&self) -> String {
            match self.client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            }
        }

        /// Panics unless the page shows `text` somewhere. When `text` is written with plain
        /// spaces only, no-break spaces in the page count as spaces (as a reader sees them);
        /// when it has no-break spaces, they must be in the page.
        pub async fn assert_sees(&self, text: &str) {
            let page = self.page_text().await;
            let seen = if text.contains(['\u{a0}', '\u{202f}']) {
                page.contains(text)
            } else {
                plain_spaces(&page).contains(text)
            };
            assert!(
                seen,
                "expected to read {text:?} on {}, the page says:\n{page}",
                self.path().await
            );
        }

        /// The form control whose `<label>` (or `aria-label`) reads exactly `label_or_id`,
        /// no-break spaces counting as spaces, or whose id it is.
        pub async fn field(&self, label_or_id: &str) -> Element {
            self.within("html").field(label_or_id).await
        }

        /// Types `value` into the field, replacing what was there.
        pub async fn fill(&self, label_or_id: &str, value: &str) {
            self.within("html").fill(label_or_id, value).await;
        }

        /// What the field holds now.
        pub async fn value(&self, label_or_id: &str) -> String {
            self.within("html").value(label_or_id).await
        }

        /// Picks the option whose `value` is `option_value` in a `<select>`.
        pub async fn select(&self, label_or_id: &str, option_value: &str) {
            self.within("html").select(label_or_id, option_value).await;
        }

        /// Sets a date field to `iso` (YYYY-MM-DD).
        pub async fn set_date(&self, label_or_id: &str, iso: &str) {
            self.within("html").set_date(label_or_id, iso).await;
        }

        /// Chooses the file at `path` in a file field.
        pub async fn attach(&self, label_or_id: &str, path: &Path) {
            self.within("html").attach(label_or_id, path).await;
        }

        /// The fields inside the one element matching `css` (a form, a section): for pages
        /// where two forms have fields with the same label.
        pub fn within(&self, css: &str) -> Within<'_> {
            Within {
                browser: self,
                scope: css.to_string(),
            }
        }

        /// Ticks a radio button or a checkbox, by its label or id.
        pub async fn choose(&self, label_or_id: &str) {
            let field = self.field(label_or_id).await;
            if !field.is_selected().await.unwrap_or(false) {
                field.click().await.expect("click the choice");
            }
        }

        pub async fn is_checked(&self, label_or_id: &str) -> bool {
            self.field(label_or_id)
                .await
                .is_selected()
                .await
                .unwrap_or(false)
        }

        /// The error message shown next to a field (inside its `.field` block), if any.
        pub async fn error_next_to(&self, label_or_id: &str) -> Option<String> {
            let field = self.field(label_or_id).await;
            let id = field.attr("id").await.ok().flatten()?;
            let xpath = format!(
                "//*[@id={}]/ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' field ')][1]\
                 //*[contains(concat(' ', normalize-space(@class), ' '), ' error-message ')]",
                xpath_literal(&id)
            );
            let el = self.client.find(Locator::XPath(&xpath)).await.ok()?;
            el.text().await.ok()
        }

        /// Presses the visible button whose text is exactly `text`, and waits for the page it
        /// leads to (every button of this site sends a form).
        pub async fn click_button(&self, text: &str) {
            let lit = xpath_literal(&plain_spaces(text));
            let xpath = format!(
                "//button[normalize-space(translate(., '{NBSP}', '  '))={lit}] \
                 | //input[(@type='submit' or @type='button') and @value={lit}]"
            );
            let el = self.one_visible(&xpath, "button", text).await;
            self.click_to_new_page(el, text).await;
        }

        /// Follows the visible link whose text is exactly `text`, and waits for the new page.
        /// No-break spaces in the page count as spaces.
        pub async fn click_link(&self, text: &str) {
            let el = self.one_visible(&link_xpath(text), "link", text).await;
            self.click_to_new_page(el, text).await;
        }

        /// Where the browser saves what it downloads (inside its own profile).
        pub fn downloads_dir(&self) -> PathBuf {
            self.profile.path().join("downloads")
        }

        /// Follows the visible link whose text is `text` to a file: the page stays, the file is
        /// downloaded. Returns where the browser saved it.
        pub async fn download_link(&self, text: &str) -> PathBuf {
            let el = self.one_visible(&link_xpath(text), "link", text).await;
            self.download(el, text).await
        }

        /// Follows the link `el` (named `text` in messages) to a file, as `download_link`.
        pub async fn download(&self, el: Element, text: &str) -> PathBuf {
            let dir = self.downloads_dir();
            let listing = || -> Vec<PathBuf> {
                std::fs::read_dir(&dir)
                    .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                    .unwrap_or_default()
            };
            let before = listing();
            let page = self.url().await;
            el.click()
                .await
                .unwrap_or_else(|e| panic!("could not click {text:?}: {e}"));
            let deadline = Instant::now() + WAIT;
            let mut last: Option<(PathBuf, u64)> = None;
            loop {
                let now = listing();
                let in_progress = now.iter().any(|p| {
                    p.extension()
                        .is_some_and(|e| e == "crdownload" || e == "tmp")
                });
                let new: Vec<&PathBuf> = now.iter().filter(|p| !before.contains(p)).collect();
                if !in_progress && new.len() == 1 {
                    let size = std::fs::metadata(new[0]).map(|m| m.len()).unwrap_or(0);
                    // Done once the size no longer changes between two looks.
                    if last.as_ref() == Some(&(new[0].clone(), size)) {
                        break;
                    }
                    last = Some((new[0].clone(), size));
                }
                assert!(
                    Instant::now() < deadline,
                    "following {text:?} downloaded nothing within {WAIT:?} (in {}: {now:?})",
                    dir.display()
                );
                tokio::time::sleep(POLL * 4).await;
            }
            assert_eq!(
                self.url().await,
                page,
                "following {text:?} left the page instead of downloading a file"
            );
            last.map(|(p, _)| p).expect("a downloaded file")
        }

        async fn one_visible(&self, xpath: &str, kind: &str, text: &str) -> Element {
            let deadline = Instant::now() + WAIT;
            loop {
                let mut visible = Vec::new();
                for el in self
                    .client
                    .find_all(Locator::XPath(xpath))
                    .await
                    .unwrap_or_default()
                {
                    if el.is_displayed().await.unwrap_or(false) {
                        visible.push(el);
                    }
                }
                match visible.len() {
                    1 => return visible.remove(0),
                    0 if Instant::now() < deadline => tokio::time::sleep(POLL).await,
                    0 => {
                        let all = if kind == "link" { "a" } else { "button" };
                        panic!(
                            "no visible {kind} reading {text:?} on {}.\n{kind}s on the page: {:?}",
                            self.path().await,
                            self.texts(all).await
                        )
                    }
                    n => panic!("{n} visible {kind}s read {text:?} on {}", self.path().await),
                }
            }
        }

        /// Clicks, then waits until the old page is gone and the new one is loaded.
        async fn click_to_new_page(&self, el: Element, what: &str) {
            let old = self
                .client
                .find(Locator::Css("html"))
                .await
                .expect("find the current page");
            el.click()
                .await
                .unwrap_or_else(|e| panic!("could not click {what:?}: {e}"));
            self.wait_new_page(old, what).await;
        }

        /// Waits until the page whose root is `old` is gone and the new one is loaded.
        async fn wait_new_page(&self, old: Element, what: &str) {
            let deadline = Instant::now() + WAIT;
            loop {
                // A reference to the old page's root goes stale once the new page replaced it.
                if old.tag_name().await.is_err() {
                    let state = self
                        .client
                        .execute("return document.readyState;", Vec::new())
                        .await;
                    if matches!(state, Ok(Value::String(s)) if s == "complete") {
                        return;
                    }
                }
                assert!(
                    Instant::now() < deadline,
                    "clicking {what:?} did not lead to a new page within {WAIT:?} (still on {})",
                    self.path().await
                );
                tokio::time::sleep(POLL).await;
            }
        }

        // ------------------------------------------------------------------------------
        // The keyboard alone
        // ------------------------------------------------------------------------------

        /// Presses `keys` on whatever has the keyboard focus (the page itself when nothing
        /// has), as a person with a keyboard and no mouse does. Special keys are
        /// [`fantoccini::key::Key`] characters: `Key::Tab.into()`, `Key::Space.into()`...
        pub async fn press(&self, keys: &str) {
            let target = self
                .client
                .active_element()
                .await
                .expect("find what has the keyboard focus");
            target
                .send_keys(keys)
                .await
                .unwrap_or_else(|e| panic!("could not press {keys:?}: {e}"));
        }

        /// Presses `keys` and waits for the page it leads to (Enter on a button).
        pub async fn press_to_new_page(&self, keys: &str, what: &str) {
            let old = self
                .client
                .find(Locator::Css("html"))
                .await
                .expect("find the current page");
            self.press(keys).await;
            self.wait_new_page(old, what).await;
        }

        /// What has the keyboard focus: its id (maybe empty) and its name as a screen reader
        /// says it (`aria-label`, else its `<label>`, else its text), spaces made plain.
        pub async fn focused(&self) -> (String, String) {
            let v = self
                .js("const e = document.activeElement;\
                     if (!e || e === document.body) { return ['', '']; }\
                     let name = e.getAttribute('aria-label');\
                     if (!name && e.labels && e.labels.length) { name = e.labels[0].textContent; }\
                     if (!name) { name = e.innerText || e.value || ''; }\
                     return [e.id || '', name.replace(/\\s+/g, ' ').trim()];")
                .await;
            let text = |i: usize| plain_spaces(v[i].as_str().unwrap_or_default());
            (text(0), text(1))
        }

        /// Whether what has the focus shows it (matches `:focus-visible`).
        pub async fn focus_is_visible(&self) -> bool {
            self.js("const e = document.activeElement;\
                     return !!e && e !== document.body && e.matches(':focus-visible');")
                .await
                .as_bool()
                .unwrap_or(false)
        }

        /// Presses Tab until the focus is on the control whose id or name is `id_or_name`;
        /// returns how many times Tab was pressed. Panics, with the path the focus took,
        /// if it is not reached within 100 presses.
        pub async fn tab_to(&self, id_or_name: &str) -> usize {
            let tab: char = fantoccini::key::Key::Tab.into();
            let mut path = Vec::new();
            for presses in 1..=100 {
                self.press(&tab.to_string()).await;
                let (id, name) = self.focused().await;
                if id == id_or_name || name == id_or_name {
                    return presses;
                }
                path.push(if id.is_empty() {
                    name
                } else {
                    format!("#{id} {name}")
                });
            }
            panic!(
                "Tab never reached {id_or_name:?} on {}; the focus went through: {path:?}",
                self.path().await
            );
        }

        /// Forgets every cookie of the current site: like a new visitor on this phone.
        pub async fn delete_cookies(&self) {
            self.client
                .delete_all_cookies()
                .await
                .expect("delete cookies");
        }

        /// Panics if the page is wider than the screen (a sideways scroll), naming the elements
        /// that stick out.
        pub async fn assert_fits_width(&self) {
            if let Some(why) = self.sideways_scroll().await {
                panic!("{why}");
            }
        }

        /// Why the page scrolls sideways (it is wider than the screen), naming the elements
        /// that stick out; `None` when it fits.
        pub async fn sideways_scroll(&self) -> Option<String> {
            let v = self
                .js(
                    "const w = document.documentElement.clientWidth;\
                     const out = [];\
                     for (const el of document.querySelectorAll('body *')) {\
                       const r = el.getBoundingClientRect();\
                       if (r.right > w + 0.5 && out.length < 8) {\
                         out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +\
                           (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +\
                           ' (right edge ' + Math.round(r.right) + ')');\
                       }\
                     }\
                     return [document.documentElement.scrollWidth, w, out];",
                )
                .await;
            let scroll = v[0].as_u64().unwrap_or(u64::MAX);
            if scroll <= u64::from(self.size.0) {
                return None;
            }
            Some(format!(
                "{} scrolls sideways on a {} px wide screen: scrollWidth is {scroll}. Too wide: {}",
                self.path().await,
                self.size.0,
                v[2]
            ))
        }

        /// Saves the whole page, top to bottom, to `target/browser-screens/<name>.png`
        /// (just the screen if Chromium cannot do the whole page).
        pub async fn screenshot(&self, name: &str) -> PathBuf {
            // A page wider than a phone widens the phone's layout viewport: compare with
            // what it was before the capture, not with the screen.
            let before = self
                .js("return [window.innerWidth, window.innerHeight];")
                .await;
            let png = match self.full_page_png().await {
                Some(png) => png,
                None => self.client.screenshot().await.expect("take a screenshot"),
            };
            let path = screens_dir().join(format!("{name}.png"));
            std::fs::write(&path, png).expect("write the screenshot");
            let size = self
                .js("return [window.innerWidth, window.innerHeight];")
                .await;
            assert_eq!(size, before, "the screenshot resized the screen");
            path
        }

        /// Chromium's own full-page capture, through chromedriver's DevTools passthrough. A
        /// page wider than the screen is captured whole, so that what sticks out is seen.
        async fn full_page_png(&self) -> Option<Vec<u8>> {
            let page = self
                .js("const d = document.documentElement;\
                     return [Math.ceil(d.scrollWidth), Math.ceil(d.scrollHeight)];")
                .await;
            let width = page[0].as_u64()?.max(u64::from(self.size.0));
            let height = page[1].as_u64()?;
            let result = self
                .devtools(
                    "Page.captureScreenshot",
                    json!({
                        "format": "png",
                        "captureBeyondViewport": true,
                        "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                    }),
                )
                .await?;
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(result.get("data")?.as_str()?)
                .ok()
        }

        /// Sends a Chrome DevTools Protocol command (`goog/cdp/execute`) and returns its
        /// result, or `None` if chromedriver refused it.
        pub async fn devtools(&self, cmd: &str, params: Value) -> Option<Value> {
            let session = self.client.session_id().await.ok()??;
            let url = format!("{}/session/{session}/goog/cdp/execute", self.driver.url);
            let body = json!({ "cmd": cmd, "params": params }).to_string();
            let answer = reqwest::Client::new()
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .timeout(WAIT)
                .send()
                .await
                .ok()?;
            if !answer.status().is_success() {
                return None;
            }
            let answer: Value = serde_json::from_str(&answer.text().await.ok()?).ok()?;
            answer.get("value").cloned()
        }

        /// When the test did not close the session (it failed): keep the page as a screenshot
        /// and as HTML when panicking, then close the session so that chromedriver ends
        /// Chromium itself. Drop cannot await, so this runs on a helper thread with its own
        /// small runtime; the session keeps running on the test runtime's worker threads.
        fn close_from_drop(&self) {
            let client = self.client.clone();
            let name = self.name.clone();
            let failed = std::thread::panicking();
            let job = std::thread::spawn(move || -> Option<String> {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async move {
                    let t = Duration::from_secs(5);
                    let said = if failed {
                        capture_failure(&client, &name).await
                    } else {
                        None
                    };
                    let _ = tokio::time::timeout(t, client.close()).await;
                    said
                })
            });
            let said = job.join().ok().flatten();
            if failed {
                eprintln!(
                    "\n── browser ── {}",
                    said.as_deref().unwrap_or("could not capture the page")
                );
                let log = self.driver.output.text();
                eprintln!("── chromedriver ──\n{log}");
            }
        }
    }

    /// No-break spaces (U+00A0, U+202F), as XPath `translate` source characters.
    const NBSP: &str = "\u{a0}\u{202f}";

    /// `s` with its no-break spaces (U+00A0, U+202F) turned into plain spaces: French
    /// typography puts them before `:` and inside `« »`, and a reader sees spaces.
    pub fn plain_spaces(s: &str) -> String {
        s.replace(['\u{a0}', '\u{202f}'], " ")
    }

    /// Links reading `text`, no-break spaces counting as spaces.
    fn link_xpath(text: &str) -> String {
        format!(
            "//a[normalize-space(translate(., '{NBSP}', '  '))={}]",
            xpath_literal(&plain_spaces(text))
        )
    }

    const CONTROL: &str = "self::input or self::textarea or self::select";

    /// The form controls inside one part of the page (see [`Browser::within`]).
    pub struct Within<'a> {
        browser: &'a Browser,
        scope: String,
    }

    impl Within<'_> {
        /// The form control in this part of the page whose `<label>` (or, for a control
        /// without one, `aria-label`) reads exactly `label_or_id`, no-break spaces counting as
        /// spaces, or whose id it is.
        pub async fn field(&self, label_or_id: &str) -> Element {
            let b = self.browser;
            let lit = xpath_literal(label_or_id);
            let plain = xpath_literal(&plain_spaces(label_or_id));
            let read = |what: &str| format!("normalize-space(translate({what}, '{NBSP}', '  '))");
            let by_id = format!(
                ".//*[{CONTROL}][@id={lit} or {}={plain}]",
                read("@aria-label")
            );
            let labels = format!(".//label[{}={plain}]", read("."));
            let deadline = Instant::now() + WAIT;
            loop {
                if let Ok(scope) = b.client.find(Locator::Css(&self.scope)).await {
                    let mut found = scope
                        .find_all(Locator::XPath(&by_id))
                        .await
                        .unwrap_or_default();
                    if found.is_empty() {
                        // A label names its control with `for`, or wraps it.
                        let mut ids = Vec::new();
                        for label in scope
                            .find_all(Locator::XPath(&labels))
                            .await
                            .unwrap_or_default()
                        {
                            if let Ok(Some(id)) = label.attr("for").await {
                                ids.push(format!("@id={}", xpath_literal(&id)));
                            }
                        }
                        let by_for = if ids.is_empty() {
                            "false()".to_string()
                        } else {
                            ids.join(" or ")
                        };
                        let by_label =
                            format!(".//*[{CONTROL}][{by_for}] | {labels}//*[{CONTROL}]");
                        found = scope
                            .find_all(Locator::XPath(&by_label))
                            .await
                            .unwrap_or_default();
                    }
                    match found.len() {
                        0 => {}
                        1 => return found.remove(0),
                        n => panic!(
                            "{n} fields are labelled or named {label_or_id:?} in `{}` on {}",
                            self.scope,
                            b.path().await
                        ),
                    }
                }
                if Instant::now() >= deadline {
                    let labels = b.texts(&format!("{} label", self.scope)).await;
                    panic!(
                        "no field labelled {label_or_id:?} (nor with that id) in `{}` on {}.\nLabels there: {labels:?}",
                        self.scope,
                        b.path().await
                    );
                }
                tokio::time::sleep(POLL).await;
            }
        }

        /// Types `value` into the field, replacing what was there.
        pub async fn fill(&self, label_or_id: &str, value: &str) {
            let field = self.field(label_or_id).await;
            field.clear().await.expect("clear the field");
            if !value.is_empty() {
                field
                    .send_keys(value)
                    .await
                    .unwrap_or_else(|e| panic!("could not type into {label_or_id:?}: {e}"));
            }
            let typed = field.prop("value").await.ok().flatten().unwrap_or_default();
            assert_eq!(
                typed, value,
                "the field {label_or_id:?} did not take what was typed"
            );
        }

        /// What the field holds now.
        pub async fn value(&self, label_or_id: &str) -> String {
            self.field(label_or_id)
                .await
                .prop("value")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
        }

        /// Picks the option whose `value` is `option_value` in a `<select>`.
        pub async fn select(&self, label_or_id: &str, option_value: &str) {
            let field = self.field(label_or_id).await;
            field
                .select_by_value(option_value)
                .await
                .unwrap_or_else(|e| {
                    panic!("could not pick {option_value:?} in {label_or_id:?}: {e}")
                });
            let picked = field.prop("value").await.ok().flatten().unwrap_or_default();
            assert_eq!(
                picked, option_value,
                "the list {label_or_id:?} did not take the choice"
            );
        }

        /// Sets a date field (`<input type=date>`) to `iso` (YYYY-MM-DD). How a date is typed
        /// depends on the browser's locale, so the value is set as the date picker would,
        /// with the events it sends.
        pub async fn set_date(&self, label_or_id: &str, iso: &str) {
            let field = self.field(label_or_id).await;
            let kind = field.attr("type").await.ok().flatten().unwrap_or_default();
            assert_eq!(kind, "date", "{label_or_id:?} is not a date field");
            let el = serde_json::to_value(&field).expect("refer to the field");
            let set = self
                .browser
                .client
                .execute(
                    "const el = arguments[0];\
                     el.value = arguments[1];\
                     el.dispatchEvent(new Event('input', { bubbles: true }));\
                     el.dispatchEvent(new Event('change', { bubbles: true }));\
                     return el.value;",
                    vec![el, json!(iso)],
                )
                .await
                .unwrap_or_else(|e| panic!("could not set the date {label_or_id:?}: {e}"));
            assert_eq!(set, json!(iso), "the date {label_or_id:?} was refused");
        }

        /// Presses the visible button reading exactly `text` in this part of the page (the
        /// first element matching the scope), and waits for the page it leads to: for pages
        /// with one such button per item.
        pub async fn click_button(&self, text: &str) {
            self.click("button", text).await;
        }

        /// Follows the visible link in this part of the page whose text is exactly `text`.
        pub async fn click_link(&self, text: &str) {
            self.click("a", text).await;
        }

        async fn click(&self, tag: &str, text: &str) {
            let b = self.browser;
            let xpath = format!(
                ".//{tag}[normalize-space(translate(., '{NBSP}', '  '))={}]",
                xpath_literal(&plain_spaces(text))
            );
            let deadline = Instant::now() + WAIT;
            loop {
                let mut visible = Vec::new();
                if let Ok(scope) = b.client.find(Locator::Css(&self.scope)).await {
                    for el in scope
                        .find_all(Locator::XPath(&xpath))
                        .await
                        .unwrap_or_default()
                    {
                        if el.is_displayed().await.unwrap_or(false) {
                            visible.push(el);
                        }
                    }
                }
                match visible.len() {
                    1 => return b.click_to_new_page(visible.remove(0), text).await,
                    0 if Instant::now() < deadline => tokio::time::sleep(POLL).await,
                    0 => panic!(
                        "no visible {tag} reading {text:?} in `{}` on {}.\nThose there: {:?}",
                        self.scope,
                        b.path().await,
                        b.texts(&format!("{} {tag}", self.scope)).await
                    ),
                    n => panic!(
                        "{n} visible {tag} read {text:?} in `{}` on {}",
                        self.scope,
                        b.path().await
                    ),
                }
            }
        }

        /// Chooses the file at `path` (absolute) in a file field.
        pub async fn attach(&self, label_or_id: &str, path: &Path) {
            let field = self.field(label_or_id).await;
            let kind = field.attr("type").await.ok().flatten().unwrap_or_default();
            assert_eq!(kind, "file", "{label_or_id:?} is not a file field");
            assert!(path.is_absolute(), "{} is not absolute", path.display());
            field
                .send_keys(&path.to_string_lossy())
                .await
                .unwrap_or_else(|e| panic!("could not choose a file in {label_or_id:?}: {e}"));
            let chosen = field.prop("value").await.ok().flatten().unwrap_or_default();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            assert!(
                chosen.ends_with(&name),
                "the field {label_or_id:?} holds {chosen:?}, not {name:?}"
            );
        }
    }

    /// The least time a person spends on a form, with a margin. Public forms carry a signed
    /// stamp of when they were shown, and the site refuses those sent less than 2 s later
    /// (counted in whole seconds): robots post at once, people do not.
    pub const PERSON_PACE: Duration = Duration::from_millis(2500);

    /// Waits, if needed, until [`PERSON_PACE`] has passed since `shown`, the moment the form's
    /// page had loaded. This is the one deliberate wait of these tests: it stands for a person
    /// reading and writing, not for the page (which the helpers above wait for by looking).
    pub async fn pause_like_a_person(shown: Instant) {
        let left = (shown + PERSON_PACE).saturating_duration_since(Instant::now());
        if !left.is_zero() {
            tokio::time::sleep(left).await;
        }
    }

    /// Keeps the page a failed test ended on, as a screenshot and as HTML.
    async fn capture_failure(client: &Client, name: &str) -> Option<String> {
        let t = Duration::from_secs(5);
        let url = tokio::time::timeout(t, client.current_url())
            .await
            .ok()?
            .ok()?;
        let dir = screens_dir();
        if let Ok(Ok(png)) = tokio::time::timeout(t, client.screenshot()).await {
            let _ = std::fs::write(dir.join(format!("FAILED-{name}.png")), png);
        }
        if let Ok(Ok(html)) = tokio::time::timeout(t, client.source()).await {
            let _ = std::fs::write(dir.join(format!("FAILED-{name}.html")), html);
        }
        Some(format!(
            "the browser was on {url}; the page is kept in {}",
            dir.join(format!("FAILED-{name}.png and .html")).display()
        ))
    }

    impl Drop for Browser {
        fn drop(&mut self) {
            if !self.closed {
                self.close_from_drop();
            }
        }
    }

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
}

use std::time::Instant;

use harness::{ANSWERS, Browser, PASSWORD, Palabre, VIEWPORT, pause_like_a_person, plain_spaces};

/// The first run as the person in charge does it on a phone: a first try with mistakes,
/// then the right answers, ending on the dashboard with the addresses and their QR codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_setup_on_a_phone() {
    let p = Palabre::start("setup").await;
    let b = &p.browser;
    let setup_url = p.setup_url();

    b.goto(&setup_url).await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(b.h1().await, "Installer votre consultation");
    b.assert_fits_width().await;
    assert!(
        b.is_checked("language-fr").await,
        "French is the default choice"
    );

    // First try: no organisation, a password far too short.
    b.fill("Nom de la consultation", ANSWERS.site_name).await;
    b.fill("Votre identifiant", ANSWERS.login).await;
    b.fill("Mot de passe", "court").await;
    b.fill("Mot de passe, une seconde fois", "court").await;
    b.click_button("Créer la consultation").await;

    assert!(b.is_visible("#erreurs").await, "the error summary is shown");
    assert_eq!(
        b.find("#erreurs")
            .await
            .attr("role")
            .await
            .unwrap()
            .as_deref(),
        Some("alert")
    );
    let summary = b.text("#erreurs").await;
    for expected in [
        "Indiquez l'organisation qui consulte.",
        "Le mot de passe doit compter au moins 10 caractères.",
    ] {
        assert!(
            summary.contains(expected),
            "summary lacks {expected:?}:\n{summary}"
        );
    }
    assert_eq!(
        b.error_next_to("Organisation qui consulte")
            .await
            .as_deref(),
        Some("Indiquez l'organisation qui consulte.")
    );
    assert_eq!(
        b.error_next_to("Mot de passe").await.as_deref(),
        Some("Le mot de passe doit compter au moins 10 caractères.")
    );
    assert_eq!(b.error_next_to("Nom de la consultation").await, None);
    assert_eq!(
        b.field("organisation")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    // What was typed is still there, except the passwords.
    assert_eq!(b.value("Nom de la consultation").await, ANSWERS.site_name);
    assert_eq!(b.value("Votre identifiant").await, ANSWERS.login);
    assert_eq!(b.value("Mot de passe").await, "");
    assert_eq!(b.value("Mot de passe, une seconde fois").await, "");
    b.assert_fits_width().await;
    b.screenshot("setup-errors").await;

    // Second try, right answers; the name is already there.
    b.fill("Organisation qui consulte", ANSWERS.organisation)
        .await;
    b.fill("Mot de passe", PASSWORD).await;
    b.fill("Mot de passe, une seconde fois", PASSWORD).await;
    b.choose("Français").await;
    b.click_button("Créer la consultation").await;

    assert_eq!(b.path().await, "/admin?bienvenue=1");
    assert_eq!(b.h1().await, "Tableau de bord");
    b.assert_sees("Votre consultation est en ligne.").await;
    b.assert_sees("Où trouver le site").await;
    let sign_out = format!("Se déconnecter ({})", ANSWERS.login);
    assert_eq!(b.texts("header button").await, vec![sign_out]);
    assert!(
        b.text("header .site-name")
            .await
            .contains(ANSWERS.site_name)
    );

    // The test server listens on loopback only, so the dashboard says that only this computer
    // reaches it and shows that address, with its QR code drawn inside the phone's width.
    // (Network addresses and their QR codes are checked in tests/http.rs.)
    let port = p.server.port;
    b.assert_sees("Palabre n'est joignable que depuis cet ordinateur")
        .await;
    let address = regex::Regex::new(&format!(r"^http://localhost:{port}/$")).unwrap();
    let links = b.find_all(".addresses a").await;
    assert!(!links.is_empty(), "no address on the dashboard");
    for link in &links {
        let href = link.attr("href").await.unwrap().unwrap_or_default();
        assert!(address.is_match(&href), "odd address {href:?}");
        assert_eq!(
            link.text().await.unwrap(),
            href,
            "the address is written out"
        );
    }
    let qrs = b.find_all("figure.qr svg").await;
    assert!(!qrs.is_empty(), "no QR code on the dashboard");
    for qr in &qrs {
        assert!(qr.is_displayed().await.unwrap(), "a QR code is hidden");
        let (x, _, w, h) = qr.rectangle().await.unwrap();
        assert!(
            w >= 120.0 && (w - h).abs() < 1.0,
            "QR code is {w}×{h} px: too small to scan"
        );
        assert!(
            x >= 0.0 && x + w <= f64::from(VIEWPORT.0),
            "QR code sticks out of the screen: x={x}, w={w}"
        );
    }
    b.assert_fits_width().await;
    let shot = b.screenshot("setup-dashboard").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);

    // The setup address was for one use only.
    b.goto(&setup_url).await;
    assert_eq!(b.h1().await, "Page introuvable");

    p.finish().await;
}

/// Signing out and in again, as staff would on their phone, with one typo on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_then_sign_in() {
    let p = Palabre::start("signin").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;

    b.click_button(&format!("Se déconnecter ({})", ANSWERS.login))
        .await;
    assert_eq!(b.path().await, "/admin/connexion?deconnecte=1");
    assert_eq!(b.h1().await, "Connexion de l'équipe");
    b.assert_sees("Vous êtes déconnecté.").await;
    assert!(
        b.texts("header button").await.is_empty(),
        "still shown as signed in"
    );
    b.assert_fits_width().await;
    b.screenshot("signed-out").await;

    // The dashboard is closed now: it sends to the sign-in page.
    b.goto("/admin").await;
    assert_eq!(b.path().await, "/admin/connexion");

    p.sign_in(ANSWERS.login, "Baobab-Tiassale-43").await;
    assert_eq!(b.h1().await, "Connexion de l'équipe");
    assert_eq!(
        b.text("#erreurs").await,
        "Identifiant ou mot de passe incorrect."
    );
    assert_eq!(
        b.value("Identifiant").await,
        ANSWERS.login,
        "the login is kept"
    );
    assert_eq!(b.value("Mot de passe").await, "");

    b.fill("Mot de passe", PASSWORD).await;
    b.click_button("Se connecter").await;
    assert_eq!(b.path().await, "/admin");
    assert_eq!(b.h1().await, "Tableau de bord");
    assert_eq!(
        b.texts("header button").await,
        vec![format!("Se déconnecter ({})", ANSWERS.login)]
    );

    p.finish().await;
}

/// After five wrong passwords, even the right one is held back for a while.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_wrong_passwords_hold_sign_in_back() {
    let p = Palabre::start("lockout").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    b.click_button(&format!("Se déconnecter ({})", ANSWERS.login))
        .await;

    for attempt in 1..=5 {
        p.sign_in(ANSWERS.login, &format!("mauvais-mot-de-passe-{attempt}"))
            .await;
        let says = b.text("#erreurs").await;
        if attempt < 5 {
            assert_eq!(
                says, "Identifiant ou mot de passe incorrect.",
                "attempt {attempt}"
            );
        }
    }
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(
        b.path().await,
        "/admin/connexion",
        "signed in despite the lock"
    );
    let says = b.text("#erreurs").await;
    assert!(
        says.starts_with("Trop de tentatives de connexion"),
        "{says}"
    );
    b.assert_fits_width().await;
    b.screenshot("signin-locked").await;

    p.finish().await;
}

/// Switching to English from any page, and staying in English afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_is_remembered() {
    let p = Palabre::start("language").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    assert_eq!(b.lang().await, "fr");

    b.click_link("English").await;
    assert_eq!(b.lang().await, "en");
    assert_eq!(b.h1().await, "Dashboard");
    assert_eq!(
        b.path().await,
        "/admin?bienvenue=1",
        "stays on the same page"
    );
    b.assert_sees("Where to find the site").await;
    assert_eq!(
        b.texts("header button").await,
        vec![format!("Sign out ({})", ANSWERS.login)]
    );

    // The next page is in English too, although the browser asks for French.
    b.click_link("Home").await;
    assert_eq!(b.path().await, "/");
    assert_eq!(b.lang().await, "en");
    assert_eq!(b.h1().await, ANSWERS.site_name);
    assert_eq!(b.text(".card .badge").await, "Open");
    b.assert_sees("You can take part until").await;
    b.assert_fits_width().await;
    b.screenshot("home-english").await;

    // And back.
    b.click_link("Français").await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(b.path().await, "/");
    b.assert_sees("Vous pouvez participer jusqu'au").await;

    p.finish().await;
}

/// Stopping and starting again keeps the consultation, its name and the staff account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_everything() {
    let mut p = Palabre::start("restart").await;
    p.set_up(&ANSWERS).await;
    let setup_url = p.setup_url();
    let setup_path = setup_url.trim_start_matches(&p.server.base).to_string();

    p.restart();
    assert_eq!(
        p.server.setup_url, None,
        "a setup address was printed again"
    );
    assert!(
        !p.server.printed("/installation/"),
        "the banner mentions setup again:\n{}",
        p.server.banner.join("\n")
    );
    assert!(
        p.server.printed(&regex::escape(ANSWERS.site_name)),
        "the banner does not name the consultation:\n{}",
        p.server.banner.join("\n")
    );

    let b = &p.browser;
    // A new visitor on the home page.
    b.delete_cookies().await;
    b.goto("/").await;
    assert_eq!(b.lang().await, "fr");
    assert_eq!(b.h1().await, ANSWERS.site_name);
    assert_eq!(b.text(".card .badge").await, "Ouverte");
    let state = b.text(".card .state").await;
    assert!(
        state.contains("Vous pouvez participer jusqu'au "),
        "{state}"
    );
    b.assert_sees(&format!(
        "Organisme responsable de la consultation : {}.",
        ANSWERS.organisation
    ))
    .await;
    b.assert_fits_width().await;
    b.screenshot("home-after-restart").await;

    b.goto(&setup_path).await;
    assert_eq!(b.h1().await, "Page introuvable");

    // The account still signs in, and lands where it was going.
    b.goto("/admin").await;
    assert_eq!(b.path().await, "/admin/connexion");
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.path().await, "/admin");
    assert_eq!(b.h1().await, "Tableau de bord");

    p.finish().await;
}

/// A small but valid one-page PDF (a few kilobytes), whose cross-reference table points at
/// the right bytes.
fn small_pdf(title: &str) -> Vec<u8> {
    let mut content = format!("BT /F1 18 Tf 40 790 Td ({title}) Tj ET\n");
    for i in 1..=60 {
        content.push_str(&format!(
            "BT /F1 11 Tf 40 {} Td (Engagement {i} : transparence, participation, redevabilite.) Tj ET\n",
            770 - i * 12
        ));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        table.push_str(&format!("{o:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(table.as_bytes());
    pdf
}

/// The upload form of the library (the page also has a form to add a link, with the same
/// labels).
const UPLOAD_FORM: &str = "form[enctype='multipart/form-data']";

/// Staff add a PDF to the library from a phone; visitors find it under its category and
/// download exactly that file. A web page disguised as a PDF is refused, and what was typed
/// stays in the form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_upload_on_a_phone() {
    const TITLE: &str = "Plan d'action national 2024-2026";
    const FAKE_TITLE: &str = "Rapport d'autoévaluation 2025";
    let p = Palabre::start("library").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    let files = tempfile::Builder::new()
        .prefix("palabre-library-files-")
        .tempdir()
        .unwrap();
    let pdf = small_pdf(TITLE);
    assert!(pdf.len() > 2048 && pdf.starts_with(b"%PDF-1.4"));
    let pdf_path = files.path().join("plan-action-2024-2026.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();

    b.goto("/admin/documents").await;
    assert_eq!(b.h1().await, "Bibliothèque de documents");
    let form = b.find(UPLOAD_FORM).await;
    assert_eq!(form.attr("method").await.unwrap().as_deref(), Some("post"));
    let action = form.attr("action").await.unwrap().unwrap_or_default();
    assert!(
        regex::Regex::new(r"^/admin/documents\?csrf_token=[^&\s]{16,}$")
            .unwrap()
            .is_match(&action),
        "the upload form does not carry its CSRF token in its address: {action:?}"
    );
    b.assert_fits_width().await;

    let upload = b.within(UPLOAD_FORM);
    upload.attach("Fichier", &pdf_path).await;
    upload.fill("Titre", TITLE).await;
    upload.select("Catégorie", "plans-action").await;
    upload.set_date("Date du document", "2024-06-30").await;
    upload.select("Langue du document", "fr").await;
    upload
        .fill(
            "Résumé en une ou deux phrases (facultatif)",
            "Les engagements de la Côte d'Ivoire pour 2024-2026.",
        )
        .await;
    b.click_button("Ajouter le fichier").await;

    let url = b.client().current_url().await.unwrap();
    assert_eq!(url.path(), "/admin/documents");
    let added: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(
        added,
        vec![("ajoute".to_string(), TITLE.to_string())],
        "not the address after an upload: {url}"
    );
    assert_eq!(
        plain_spaces(&b.text(".notice[role=status]").await),
        format!("Le document « {TITLE} » est publié.")
    );
    b.assert_sees(TITLE).await;
    b.assert_fits_width().await;
    b.screenshot("library-uploaded").await;

    // A visitor finds it under its category, with its format and size, and downloads it.
    b.delete_cookies().await;
    b.goto("/documents").await;
    assert_eq!(b.h1().await, "Documents de référence");
    assert!(b.texts("header button").await.is_empty(), "still signed in");
    assert_eq!(b.text("#cat-plans-action").await, "Plans d'action");
    let section = "section[aria-labelledby='cat-plans-action']";
    let items = b.texts(&format!("{section} li.doc")).await;
    assert_eq!(items.len(), 1, "{items:?}");
    let kb = (pdf.len() as f64 / 1024.0).max(1.0).round();
    let item = plain_spaces(&items[0]);
    assert!(
        item.starts_with(&format!("{TITLE} (PDF, {kb} ko)")),
        "the entry does not give the format and size: {item:?}"
    );
    assert!(item.contains("30 juin 2024 · français"), "{item:?}");
    assert!(
        item.contains("Les engagements de la Côte d'Ivoire pour 2024-2026."),
        "{item:?}"
    );
    b.assert_fits_width().await;
    b.screenshot("library-public").await;

    let href = b
        .find(&format!("{section} li.doc a"))
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(href.starts_with("/documents/"), "{href:?}");
    let saved = b.download_link(TITLE).await;
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        pdf,
        "the browser saved something else than the uploaded file ({})",
        saved.display()
    );
    let answer = reqwest::get(format!("{}{href}", p.server.base))
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment"),
        "not offered as a download: {disposition:?}"
    );
    assert_eq!(
        answer.bytes().await.unwrap().as_ref(),
        pdf.as_slice(),
        "the download differs from the uploaded file"
    );

    // A web page renamed to .pdf is refused, and what was typed is kept.
    let fake_path = files.path().join("faux.pdf");
    std::fs::write(
        &fake_path,
        "<!DOCTYPE html><html><head><title>Faux</title></head>\
         <body><script>alert('piège')</script><p>Ceci n'est pas un PDF.</p></body></html>\n",
    )
    .unwrap();
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.h1().await, "Tableau de bord");
    b.goto("/admin/documents").await;
    let upload = b.within(UPLOAD_FORM);
    upload.attach("Fichier", &fake_path).await;
    upload.fill("Titre", FAKE_TITLE).await;
    upload.select("Catégorie", "rapports").await;
    upload.set_date("Date du document", "2025-03-12").await;
    b.click_button("Ajouter le fichier").await;

    assert_eq!(b.h1().await, "Bibliothèque de documents");
    let said = b.error_next_to("file").await.unwrap_or_default();
    assert!(
        said.starts_with("Ce fichier n'est pas d'un type accepté"),
        "next to the file field: {said:?}"
    );
    assert!(b.is_visible("#erreurs").await, "the error summary is shown");
    assert_eq!(upload.value("Titre").await, FAKE_TITLE, "the title is lost");
    assert_eq!(upload.value("Catégorie").await, "rapports");
    assert_eq!(upload.value("Date du document").await, "2025-03-12");
    assert!(
        b.find_all(".notice[role=status]").await.is_empty(),
        "a success notice is shown for a refused file"
    );
    b.assert_fits_width().await;
    b.screenshot("library-refused").await;

    b.goto("/documents").await;
    assert_eq!(b.find_all("li.doc").await.len(), 1, "a document was added");
    assert!(!b.page_text().await.contains(FAKE_TITLE));
    assert!(!b.exists("#cat-rapports").await);

    p.finish().await;
}

/// Every public page read on a phone by a visitor: one main heading, French, no sideways
/// scroll, no script, and a way to switch to English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_on_a_phone() {
    let p = Palabre::start("public").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    b.delete_cookies().await;

    for path in ["/", "/pgo", "/documents", "/calendrier", "/forum", "/guide"] {
        b.goto(path).await;
        assert_eq!(b.path().await, path, "{path} sent elsewhere");
        let h1s = b.texts("h1").await;
        assert_eq!(
            h1s.len(),
            1,
            "{path} has {} main headings: {h1s:?}",
            h1s.len()
        );
        assert_eq!(b.lang().await, "fr", "{path} is not in French");
        b.assert_fits_width().await;
        assert_eq!(
            b.find_all("script").await.len(),
            0,
            "{path} has a <script> element"
        );
        let english = b
            .client()
            .find_all(fantoccini::Locator::XPath(
                "//header//a[normalize-space(.)='English']",
            ))
            .await
            .unwrap();
        assert_eq!(
            english.len(),
            1,
            "{path} has no \"English\" link in its header"
        );
        assert_eq!(
            english[0].attr("lang").await.unwrap().as_deref(),
            Some("en"),
            "the \"English\" link is not marked as English"
        );
        assert!(
            b.texts("header button").await.is_empty(),
            "{path}: shown as signed in"
        );

        match path {
            "/" => {
                assert_eq!(b.h1().await, ANSWERS.site_name);
                let h2s = b.texts("h2").await;
                for heading in ["Comment participer", "Qui contacter"] {
                    assert!(
                        h2s.iter().any(|h| h == heading),
                        "no heading {heading:?} on the home page: {h2s:?}"
                    );
                }
                b.screenshot("public-home").await;
            }
            "/pgo" => {
                assert_eq!(b.h1().await, "Le PGO en Côte d'Ivoire");
                let official = b.find_all("a[href^='https://ogp.gouv.ci']").await;
                assert!(!official.is_empty(), "no link to https://ogp.gouv.ci");
                assert!(official[0].is_displayed().await.unwrap());
                let headings = b.texts("h2, h3").await;
                assert!(
                    headings.iter().any(|h| h == "Petit lexique"),
                    "no heading \"Petit lexique\": {headings:?}"
                );
                b.screenshot("public-pgo").await;
            }
            "/documents" => assert_eq!(b.h1().await, "Documents de référence"),
            "/calendrier" => assert_eq!(b.h1().await, "Calendrier de la co-création"),
            "/forum" => assert_eq!(b.h1().await, "Forum multi-acteurs"),
            _ => {}
        }
    }

    p.finish().await;
}

/// Staff put a regional workshop on the timeline and publish it, record a forum meeting, then
/// delete it; a visitor sees each step on the public pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_and_forum_as_staff_then_public() {
    let p = Palabre::start("timeline").await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;

    b.goto("/admin/calendrier").await;
    assert_eq!(b.h1().await, "Calendrier");
    b.select("Type d'étape", "atelier").await;
    b.fill("Titre", "Atelier de Gagnoa").await;
    b.fill("Lieu (facultatif)", "Gagnoa").await;
    b.set_date("Date de début", "2027-02-15").await;
    b.set_date("Date de fin (vide si un seul jour)", "2027-02-16")
        .await;
    b.click_button("Ajouter une étape").await;
    assert_eq!(b.path().await, "/admin/calendrier");
    assert!(
        b.find_all("#erreurs").await.is_empty(),
        "the step was refused"
    );
    let steps = b.texts("li.phase").await;
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(
        plain_spaces(&steps[0]),
        "Atelier de Gagnoa — Atelier régional, du 15 février 2027 au 16 février 2027 (Gagnoa) \
         Supprimer « Atelier de Gagnoa »"
    );
    // A step without a place: the browser lets the optional field stay empty.
    b.select("Type d'étape", "restitution").await;
    b.fill("Titre", "Validation du plan").await;
    b.set_date("Date de début", "2027-04-01").await;
    b.click_button("Ajouter une étape").await;
    assert_eq!(b.path().await, "/admin/calendrier");
    assert_eq!(
        b.texts("li.phase").await.len(),
        2,
        "the step without a place was refused"
    );
    b.click_button("Publier le calendrier").await;
    assert_eq!(b.path().await, "/admin/calendrier");
    b.assert_sees("Calendrier publié le").await;
    assert!(
        !b.texts("button")
            .await
            .iter()
            .any(|t| t == "Publier le calendrier"),
        "the timeline can be published twice"
    );
    b.assert_fits_width().await;
    b.screenshot("timeline-admin").await;

    // Contributions opened at setup, less than two weeks after this publication: the
    // dashboard says so and how to settle it; the reason given replaces the warning.
    b.goto("/admin").await;
    b.assert_sees("moins de 14 jours après la publication du calendrier")
        .await;
    b.click_link("Expliquer le retard").await;
    assert_eq!(
        b.h1().await,
        "Expliquer la publication tardive du calendrier"
    );
    b.click_button("Enregistrer la raison").await;
    assert_eq!(
        b.error_next_to("Raison du retard").await.as_deref(),
        Some("Écrivez la raison du retard.")
    );
    b.fill(
        "Raison du retard",
        "Calendrier validé par le comité de pilotage le 2 mars.",
    )
    .await;
    b.click_button("Enregistrer la raison").await;
    assert_eq!(b.path().await, "/admin?retard=1");
    b.assert_sees("Raison enregistrée. Elle figurera dans la synthèse.")
        .await;
    assert!(
        !b.page_text().await.contains("moins de 14 jours"),
        "the warning stays after its reason was given"
    );

    // A visitor sees the published timeline, and the workshop on the home page.
    b.delete_cookies().await;
    b.goto("/calendrier").await;
    assert_eq!(b.h1().await, "Calendrier de la co-création");
    let published = plain_spaces(&b.text("p.updated").await);
    assert!(
        regex::Regex::new(r"^Calendrier publié le \d{1,2}(er)? \S+ \d{4}\.$")
            .unwrap()
            .is_match(&published),
        "{published:?}"
    );
    let phase = plain_spaces(&b.text("li.phase").await);
    for expected in [
        "Atelier de Gagnoa",
        "Atelier régional",
        "du 15 février 2027 au 16 février 2027",
        "Lieu : Gagnoa",
    ] {
        assert!(
            phase.contains(expected),
            "{expected:?} missing in {phase:?}"
        );
    }
    b.assert_fits_width().await;
    b.screenshot("timeline-public").await;

    b.goto("/").await;
    let how = b
        .client()
        .find(fantoccini::Locator::XPath(
            "//h2[normalize-space(.)='Comment participer']/following-sibling::ul[1]",
        ))
        .await
        .expect("a list under \"Comment participer\"");
    let how = plain_spaces(&how.text().await.unwrap());
    assert!(
        how.contains("Gagnoa — 15 février 2027"),
        "the workshop is not under \"Comment participer\": {how:?}"
    );

    // Staff record a forum meeting.
    p.sign_in(ANSWERS.login, PASSWORD).await;
    b.goto("/admin/forum").await;
    assert_eq!(b.h1().await, "Réunions du forum");
    b.set_date("Date de la réunion", "2026-11-20").await;
    b.fill("Lieu de la réunion", "Abidjan").await;
    b.fill("Administration", "11").await;
    b.fill("Société civile", "8").await;
    b.fill("Secteur privé", "3").await;
    b.click_button("Enregistrer une réunion").await;
    assert_eq!(b.path().await, "/admin/forum");
    assert!(
        b.find_all("#erreurs").await.is_empty(),
        "the meeting was refused"
    );
    b.assert_sees("Abidjan").await;
    b.assert_fits_width().await;

    b.delete_cookies().await;
    b.goto("/forum").await;
    assert_eq!(b.h1().await, "Forum multi-acteurs");
    let meetings = b.texts("section.meeting h2").await;
    assert_eq!(
        meetings.iter().map(|m| plain_spaces(m)).collect::<Vec<_>>(),
        vec!["20 novembre 2026 — Abidjan"]
    );
    // French typography: a no-break space before the colon.
    let counts = b.raw_texts("section.meeting li").await;
    assert_eq!(
        counts,
        vec![
            "Administration\u{a0}: 11",
            "Société civile\u{a0}: 8",
            "Secteur privé\u{a0}: 3"
        ]
    );
    b.assert_fits_width().await;
    b.screenshot("forum-public").await;

    // Deleting asks first.
    p.sign_in(ANSWERS.login, PASSWORD).await;
    b.goto("/admin/forum").await;
    b.click_link("Supprimer « 20 novembre 2026 »").await;
    assert_eq!(b.h1().await, "Confirmer la suppression");
    let asks = plain_spaces(&b.page_text().await);
    assert!(
        asks.contains("Voulez-vous vraiment supprimer « 20 novembre 2026 — Abidjan » ?"),
        "{asks}"
    );
    b.assert_fits_width().await;
    b.screenshot("forum-confirm-delete").await;
    b.click_button("Oui, supprimer").await;
    assert_eq!(b.path().await, "/admin/forum");
    assert!(b.find_all("section.meeting").await.is_empty());

    b.delete_cookies().await;
    b.goto("/forum").await;
    assert!(!b.page_text().await.contains("Abidjan"), "still listed");
    b.assert_sees("Aucune réunion enregistrée pour le moment.")
        .await;

    p.finish().await;
}

// ----------------------------------------------------------------------------------------
// Taking part without an account
// ----------------------------------------------------------------------------------------

/// What the citizen of the tests below writes. The title has accents, the search below
/// types none.
const PROPOSAL_TITLE: &str = "Électricité dans les centres de santé ruraux";
const PROPOSAL_PROBLEM: &str = "Dans beaucoup de centres de santé ruraux du Gbêkê, il n'y a pas \
     de courant la nuit : les sages-femmes font les accouchements à la lampe torche.";
const PROPOSAL_SOLUTION: &str = "Équiper chaque centre de santé rural de panneaux solaires et \
     publier chaque année la liste des centres équipés.";
const PROPOSAL_BENEFIT: &str = "Des soins de nuit plus sûrs pour les mères et les nouveau-nés.";
const PROPOSAL_AUTHOR: &str = "Adjoua Konan";
const PROPOSAL_ORGANISATION: &str = "Association des femmes de Sakassou";
/// Given to be called back: it must never be shown to the public.
const PROPOSAL_CONTACT: &str = "+225 07 58 41 22 90";

/// Fills the proposal form as the citizen does, except the title and the contact.
async fn fill_proposal(b: &Browser) {
    b.fill("Le problème que vous constatez", PROPOSAL_PROBLEM)
        .await;
    b.fill("La solution que vous proposez", PROPOSAL_SOLUTION)
        .await;
    b.fill("Ce que cela changerait (facultatif)", PROPOSAL_BENEFIT)
        .await;
    b.select("Thème", "sante").await;
    b.select("Région ou district concerné", "gbeke").await;
    b.select("Vous êtes", "citoyen").await;
    b.choose("valeur-transparence").await;
    b.fill("Votre nom (facultatif)", PROPOSAL_AUTHOR).await;
    b.fill("Votre organisation (facultatif)", PROPOSAL_ORGANISATION)
        .await;
}

/// A citizen sends a complete proposal (no contact) from the home page; returns the
/// follow-up link shown on the receipt.
async fn propose_from_home(b: &Browser) -> String {
    b.goto("/").await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    assert_eq!(b.h1().await, "Faire une proposition");
    b.fill("Titre de votre proposition", PROPOSAL_TITLE).await;
    fill_proposal(b).await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    b.value("lien").await
}

/// On a phone with a slow link, a citizen sends, presses Back and sends the same form again:
/// one proposal, and the same receipt both times.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_send_again_files_one_proposal_on_a_phone() {
    let p = Palabre::start("resend").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("resend-citizen", &p.server.base).await;
    let link = propose_from_home(&b).await;
    let reference = b.text("strong.ref").await;
    b.client().back().await.expect("Back");
    assert_eq!(b.h1().await, "Faire une proposition");
    assert_eq!(
        b.value("Titre de votre proposition").await,
        PROPOSAL_TITLE,
        "Back keeps a citizen's own typing"
    );
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    assert_eq!(b.text("strong.ref").await, reference);
    assert_eq!(b.value("lien").await, link, "the first receipt, again");
    b.assert_fits_width().await;
    shot(&b, "receipt-after-resend").await;
    staff.goto("/admin/moderation").await;
    assert_eq!(
        staff.find_all("article.card").await.len(),
        1,
        "one proposal waits"
    );
    b.close().await;
    p.finish().await;
}

/// Staff publish the one contribution waiting on the moderation page, after checking it is
/// the one that reads `what`.
async fn publish_the_one_waiting(staff: &Browser, what: &str) {
    staff.goto("/admin/moderation").await;
    assert_eq!(staff.h1().await, "Contributions à relire");
    let cards: Vec<String> = staff
        .texts("article.card")
        .await
        .iter()
        .map(|c| plain_spaces(c))
        .collect();
    assert_eq!(cards.len(), 1, "one contribution should wait: {cards:?}");
    assert!(
        cards[0].contains(what),
        "the contribution waiting is not {what:?}: {cards:?}"
    );
    staff.assert_fits_width().await;
    staff.within("article.card").click_button("Publier").await;
    assert_eq!(staff.path().await, "/admin/moderation");
    assert!(
        staff.find_all("article.card").await.is_empty(),
        "still waiting after \"Publier\": {:?}",
        staff.texts("article.card").await
    );
}

/// Panics if `secret` is anywhere in the page, read on screen or in its HTML.
async fn assert_never_shows(b: &Browser, secret: &str) {
    let page = b.page_text().await;
    assert!(
        !page.contains(secret),
        "{} shows {secret:?}:\n{page}",
        b.path().await
    );
    let html = b.client().source().await.expect("read the page's HTML");
    assert!(
        !html.contains(secret),
        "{secret:?} is in the HTML of {}",
        b.path().await
    );
}

/// A citizen without an account makes a proposal from the home page on a phone: a first try
/// without a title and with a contact but no consent is sent back with what was typed; the
/// second try gives a receipt with the reference and a private follow-up link. Nothing is
/// public until staff approve it; then the list finds it by a word typed without accents, and
/// the contact given is never shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_proposes_on_a_phone() {
    let p = Palabre::start("propose").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    // The citizen has a phone of their own: another browser, where nobody signed in.
    let b = Browser::open("propose-citizen", &p.server.base).await;

    b.goto("/").await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    let path = b.path().await;
    assert!(
        regex::Regex::new(r"^/propositions/nouvelle\?consultation=\d+$")
            .unwrap()
            .is_match(&path),
        "the home page's button led to {path}"
    );
    assert_eq!(b.h1().await, "Faire une proposition");
    assert!(
        b.texts("header button").await.is_empty(),
        "the citizen is shown as signed in"
    );
    assert_eq!(b.value("Vous êtes").await, "", "nothing is chosen for them");
    assert_eq!(b.value("language").await, "fr");
    assert!(
        !b.is_checked("consent_contact").await,
        "the consent is ticked in advance"
    );
    // The trap for robots is empty, out of sight and out of the keyboard's way.
    let trap = b
        .js("const el = document.getElementById('website');\
             const r = el.getBoundingClientRect();\
             return [el.value, r.right, el.closest('div.hp') !== null,\
                     el.closest('[aria-hidden=true]') !== null, el.tabIndex];")
        .await;
    assert_eq!(
        trap,
        serde_json::json!(["", trap[1], true, true, -1]),
        "the honeypot field: [value, right edge, in div.hp, aria-hidden, tabindex]"
    );
    assert!(
        trap[1].as_f64().unwrap() <= 0.0,
        "the honeypot field is on screen (right edge {})",
        trap[1]
    );
    b.assert_fits_width().await;

    // First try: no title yet, a phone number but the consent not ticked.
    fill_proposal(&b).await;
    b.fill("Téléphone ou courriel (facultatif)", PROPOSAL_CONTACT)
        .await;
    b.screenshot("propose-form").await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    let shown = Instant::now();

    assert_eq!(b.path().await, "/propositions/nouvelle");
    assert_eq!(b.h1().await, "Faire une proposition");
    assert!(
        !b.page_text().await.contains("envoyé très vite"),
        "refused as sent too fast, although the citizen took {:?}",
        harness::PERSON_PACE
    );
    assert!(b.is_visible("#erreurs").await, "the error summary is shown");
    assert_eq!(
        b.raw_texts("#erreurs li").await,
        vec![
            "Donnez un titre à votre proposition.",
            "Vous avez donné un contact\u{a0}: cochez la case pour accepter d'être recontacté, \
             ou effacez le contact.",
        ]
    );
    assert_eq!(
        b.error_next_to("title").await.as_deref(),
        Some("Donnez un titre à votre proposition.")
    );
    // Everything typed is still there.
    for (field, typed) in [
        ("title", ""),
        ("problem", PROPOSAL_PROBLEM),
        ("solution", PROPOSAL_SOLUTION),
        ("benefit", PROPOSAL_BENEFIT),
        ("theme", "sante"),
        ("zone", "gbeke"),
        ("contributor_type", "citoyen"),
        ("author_name", PROPOSAL_AUTHOR),
        ("organisation", PROPOSAL_ORGANISATION),
        ("contact", PROPOSAL_CONTACT),
        ("language", "fr"),
        ("website", ""),
    ] {
        assert_eq!(b.value(field).await, typed, "{field} was not kept");
    }
    assert!(b.is_checked("valeur-transparence").await, "value unticked");
    assert!(!b.is_checked("valeur-participation").await);
    assert!(!b.is_checked("consent_contact").await);
    b.assert_fits_width().await;
    b.screenshot("propose-errors").await;

    // Second try: the title, and the consent to be called back.
    b.fill("Titre de votre proposition", PROPOSAL_TITLE).await;
    b.choose("consent_contact").await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;

    let url = b.client().current_url().await.unwrap();
    let token = url
        .path()
        .strip_prefix("/suivi/")
        .unwrap_or_else(|| panic!("the receipt is not a follow-up page: {url}"))
        .to_string();
    assert!(token.len() >= 20 && !token.contains('/'), "{url}");
    assert_eq!(url.query(), Some("nouveau=1"));
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    let reference = b.text("strong.ref").await;
    assert_eq!(reference, "P-0001");
    assert_eq!(b.h1().await, "Proposition P-0001");
    b.assert_sees("Gardez ce lien").await;
    let link = b.value("lien").await;
    assert_eq!(link, format!("{}/suivi/{token}", p.server.base));
    assert!(
        b.find("#lien")
            .await
            .attr("readonly")
            .await
            .unwrap()
            .is_some(),
        "the link can be changed"
    );
    assert_eq!(b.text(".facts .badge").await, "Reçue");
    b.assert_sees("Elle sera publiée après une relecture par l'équipe de la consultation.")
        .await;
    b.assert_sees(PROPOSAL_TITLE).await;
    b.assert_fits_width().await;
    b.screenshot("propose-receipt").await;

    // The link, opened later, shows where the proposal stands.
    b.goto(&link).await;
    assert_eq!(b.h1().await, "Proposition P-0001");
    assert!(!b.exists(".receipt").await, "the thanks are shown again");
    assert_eq!(b.text(".facts .badge").await, "Reçue");
    b.assert_sees("Elle sera publiée après une relecture par l'équipe de la consultation.")
        .await;

    // Not public before staff read it.
    b.goto("/propositions").await;
    assert_eq!(b.h1().await, "Les propositions");
    assert!(b.find_all("li.card").await.is_empty(), "listed at once");
    b.assert_sees("Aucune proposition ne correspond.").await;
    assert!(!b.page_text().await.contains(PROPOSAL_TITLE));
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.h1().await, "Page introuvable");

    publish_the_one_waiting(staff, &format!("P-0001 — {PROPOSAL_TITLE}")).await;

    // The citizen's link says it is published.
    b.goto(&link).await;
    b.assert_sees("Elle est publiée.").await;
    assert_eq!(
        b.find("a[href='/propositions/P-0001']")
            .await
            .text()
            .await
            .unwrap(),
        "Voir sa page publique"
    );

    // Anyone finds it by a word typed without its accents.
    b.goto("/propositions").await;
    b.fill("Rechercher (mots ou référence)", "electricite")
        .await;
    b.click_button("Afficher").await;
    let url = b.client().current_url().await.unwrap();
    assert_eq!(url.path(), "/propositions");
    assert!(
        url.query_pairs()
            .any(|(k, v)| k == "q" && v == "electricite"),
        "the search is not in the address: {url}"
    );
    assert_eq!(
        b.value("Rechercher (mots ou référence)").await,
        "electricite"
    );
    assert_eq!(b.text("p[role=status]").await, "1 proposition.");
    let items: Vec<String> = b
        .texts("li.card")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(b.text("li.card h2 a").await, PROPOSAL_TITLE);
    assert_eq!(
        items[0],
        format!(
            "{PROPOSAL_TITLE}\nP-0001 · Santé · Gbêkê\nReçue Aucun soutien · Aucun commentaire"
        )
    );
    assert_never_shows(&b, PROPOSAL_CONTACT).await;
    b.assert_fits_width().await;
    b.screenshot("propose-list").await;

    // A word it does not hold finds nothing.
    b.fill("Rechercher (mots ou référence)", "ecole").await;
    b.click_button("Afficher").await;
    assert!(b.find_all("li.card").await.is_empty(), "\"ecole\" found it");
    b.assert_sees("Aucune proposition ne correspond.").await;

    // Its public page, from the list.
    b.fill("Rechercher (mots ou référence)", "electricite")
        .await;
    b.click_button("Afficher").await;
    b.click_link(PROPOSAL_TITLE).await;
    assert_eq!(b.path().await, "/propositions/P-0001");
    assert_eq!(b.h1().await, PROPOSAL_TITLE);
    assert_eq!(b.text("p.meta").await, "P-0001");
    for shown in [
        PROPOSAL_PROBLEM,
        PROPOSAL_SOLUTION,
        PROPOSAL_BENEFIT,
        &format!("{PROPOSAL_AUTHOR}, {PROPOSAL_ORGANISATION}"),
        "Valeurs du PGO concernées Transparence",
    ] {
        b.assert_sees(shown).await;
    }
    assert_eq!(b.text(".facts .badge").await, "Reçue");
    assert_never_shows(&b, PROPOSAL_CONTACT).await;
    b.assert_fits_width().await;
    b.screenshot("propose-page").await;

    b.close().await;
    p.finish().await;
}

/// On a published proposal, visitors on their phones show their support, once each, and
/// comment; the comment waits for staff before it is shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supports_and_comments_on_a_phone() {
    const COMMENT: &str = "Bonne idée : à Sakassou aussi, le centre de santé n'a pas de \
         courant la nuit.";
    let p = Palabre::start("support").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("support-visitor", &p.server.base).await;
    let link = propose_from_home(&b).await;
    assert!(link.contains("/suivi/"), "{link}");
    publish_the_one_waiting(staff, &format!("P-0001 — {PROPOSAL_TITLE}")).await;

    // A first visitor (the proposal's author is one too) supports it.
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.h1().await, PROPOSAL_TITLE);
    assert_eq!(b.text("#soutiens").await, "Aucun soutien");
    b.assert_fits_width().await;
    b.click_button("Je soutiens cette proposition").await;
    assert_eq!(b.path().await, "/propositions/P-0001?soutenu=1");
    assert_eq!(
        b.text("p.notice[role=status]").await,
        "Merci, votre soutien est compté."
    );
    assert_eq!(b.text("#soutiens").await, "1 soutien");
    assert_eq!(
        b.text("#soutien p:not(.hint)").await,
        "Vous soutenez cette proposition."
    );
    assert!(
        !b.is_visible("#soutien button").await,
        "the support button is still there"
    );
    b.assert_fits_width().await;
    b.screenshot("support-given").await;

    // Coming back later: still counted once, and no button to support again.
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.text("#soutiens").await, "1 soutien");
    b.assert_sees("Vous soutenez cette proposition.").await;
    assert!(
        b.find_all("#soutien button").await.is_empty(),
        "the visitor can support twice"
    );
    assert!(!b.exists("p.notice").await, "the thanks are shown again");

    // A second visitor on the same proposal.
    b.delete_cookies().await;
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.text("#soutiens").await, "1 soutien");
    b.click_button("Je soutiens cette proposition").await;
    assert_eq!(
        b.text("p.notice[role=status]").await,
        "Merci, votre soutien est compté."
    );
    assert_eq!(b.text("#soutiens").await, "2 soutiens");
    b.assert_sees("Vous soutenez cette proposition.").await;

    // The second visitor comments; the comment waits for staff.
    assert_eq!(b.text("#commentaires-titre").await, "Aucun commentaire");
    let shown = Instant::now();
    b.fill("Votre commentaire", COMMENT).await;
    b.fill("Votre nom (facultatif)", "Kouadio").await;
    assert_eq!(b.value("website").await, "");
    pause_like_a_person(shown).await;
    b.click_button("Envoyer le commentaire").await;
    assert_eq!(b.path().await, "/propositions/P-0001?commentaire=attente");
    assert!(
        !b.page_text().await.contains("envoyé très vite"),
        "refused as sent too fast"
    );
    assert_eq!(
        plain_spaces(&b.text("p.notice[role=status]").await),
        "Merci ! Votre commentaire sera publié après relecture."
    );
    // The thanks is on the screen where the page lands, not 1,300 px above it.
    let in_view = b
        .js(
            "const r = document.querySelector('#commentaire-envoye').getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight;",
        )
        .await;
    assert_eq!(
        in_view,
        serde_json::json!(true),
        "the thanks is out of view"
    );
    assert!(
        b.find_all("article.comment").await.is_empty(),
        "shown at once"
    );
    assert_eq!(b.text("#commentaires-titre").await, "Aucun commentaire");
    assert_eq!(
        b.value("Votre commentaire").await,
        "",
        "the form is not emptied"
    );
    b.assert_fits_width().await;

    publish_the_one_waiting(staff, COMMENT).await;
    staff.goto("/admin/moderation").await;
    staff.assert_sees("Commentaires en attente : 0").await;

    b.goto("/propositions/P-0001").await;
    assert_eq!(b.text("#commentaires-titre").await, "1 commentaire");
    let comments: Vec<String> = b
        .texts("article.comment")
        .await
        .iter()
        .map(|c| plain_spaces(c))
        .collect();
    assert_eq!(comments.len(), 1, "{comments:?}");
    // Author and date, the comment, and the button to report it to the moderators.
    assert!(
        regex::Regex::new(&format!(
            r"^Kouadio · \d{{1,2}}(er)? \S+ \d{{4}}\n{}\nSignaler ce commentaire$",
            regex::escape(COMMENT)
        ))
        .unwrap()
        .is_match(&comments[0]),
        "{:?}",
        comments[0]
    );
    assert_eq!(b.text("#soutiens").await, "2 soutiens");
    b.assert_fits_width().await;
    b.screenshot("support-comment-published").await;

    // The list counts both.
    b.goto("/propositions").await;
    assert_eq!(
        plain_spaces(&b.text("li.card").await),
        format!("{PROPOSAL_TITLE}\nP-0001 · Santé · Gbêkê\nReçue 2 soutiens · 1 commentaire")
    );

    b.close().await;
    p.finish().await;
}

// ------------------------------------------------------------------------------------------
// Moderation and the reasoned answer
// ------------------------------------------------------------------------------------------

/// Three proposals about the same road: two say the same thing, the third is an advert.
const ROAD_1: &str = "Goudronner la route Sakassou–Bouaké";
const ROAD_2: &str = "Réparer la route entre Sakassou et Bouaké";
const ROAD_3: &str = "Route de Sakassou : ciment pas cher, livraison rapide";
const ROAD_PROBLEM: &str = "La route entre Sakassou et Bouaké est en terre : à la saison des \
     pluies, les taxis-brousse restent bloqués et les malades n'arrivent pas à l'hôpital.";
const ROAD_SOLUTION: &str = "Goudronner les 40 km de la route et publier le calendrier des \
     travaux.";
const ROAD_BENEFIT: &str = "Aller à l'hôpital et au marché de Bouaké toute l'année.";
/// Too short to explain a final decision.
const SHORT_ANSWER: &str = "Oui.";
const ROAD_ANSWER: &str = "Le bitumage de la route Sakassou–Bouaké entre dans le plan \
     d'action : les travaux seront suivis et leur avancement publié chaque trimestre.";
const ROAD_COMMITMENT: &str = "Engagement 3 : routes rurales";
const JUSTIFIED_NO: &str = "Ces demandes relèvent du budget des collectivités, pas du plan \
     d'action national : elles leur sont transmises.";

/// A visitor who was never on the site before (cookies forgotten) sends a proposal titled
/// `title` from the home page; checks the receipt names `reference` and returns the
/// follow-up link it gives.
async fn propose_as_new_visitor(b: &Browser, title: &str, reference: &str) -> String {
    b.goto("/").await;
    b.delete_cookies().await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    assert_eq!(b.h1().await, "Faire une proposition");
    b.fill("Titre de votre proposition", title).await;
    fill_proposal(b).await;
    b.fill("Le problème que vous constatez", ROAD_PROBLEM).await;
    b.fill("La solution que vous proposez", ROAD_SOLUTION).await;
    b.fill("Ce que cela changerait (facultatif)", ROAD_BENEFIT)
        .await;
    b.select("Thème", "services-publics").await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    assert_eq!(b.text("strong.ref").await, reference, "for {title:?}");
    let link = b.value("lien").await;
    assert!(
        link.starts_with(&format!("{}/suivi/", b.base)),
        "not a follow-up link: {link}"
    );
    link
}

/// The CSS selector of the card of `reference` on the moderation page (`article.card`
/// elements are siblings there).
async fn card_of(staff: &Browser, reference: &str) -> String {
    let heads = staff.texts("article.card h3").await;
    let start = format!("{reference} — ");
    let i = heads
        .iter()
        .position(|h| h.starts_with(&start))
        .unwrap_or_else(|| panic!("no card for {reference} on the moderation page: {heads:?}"));
    let scope = format!("article.card:nth-of-type({})", i + 1);
    let head = staff.text(&format!("{scope} h3")).await;
    assert!(head.starts_with(&start), "{scope} is {head:?}");
    scope
}

/// A visitor presses "Je soutiens cette proposition" on the page of `reference` and then
/// reads `count` (e.g. "2 soutiens").
async fn support(b: &Browser, reference: &str, count: &str) {
    b.goto(&format!("/propositions/{reference}")).await;
    b.click_button("Je soutiens cette proposition").await;
    assert_eq!(
        b.text("p.notice[role=status]").await,
        "Merci, votre soutien est compté.",
        "supporting {reference}"
    );
    assert_eq!(b.text("#soutiens").await, count, "supports of {reference}");
}

/// The rows matching `css`, each cell's text joined by " | " (an empty first cell leaves
/// the row starting with "| "), spaces made plain.
async fn table_rows(b: &Browser, css: &str) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll({})).map(r => \
           Array.from(r.cells).map(c => c.innerText.replace(/\\s+/g, ' ').trim()).join(' | ').trim());",
        serde_json::json!(css)
    );
    let rows: Vec<String> = serde_json::from_value(b.js(&script).await).unwrap_or_default();
    rows.iter().map(|r| plain_spaces(r)).collect()
}

/// Panics if the page scrolls sideways: on a phone, a page wider than the screen is shown
/// zoomed out, and a person (or WebDriver) then presses beside the buttons.
async fn fits(b: &Browser) {
    b.assert_fits_width().await;
}

/// Screenshot named after the screen: `<name>-phone` or `<name>-laptop`.
async fn shot(b: &Browser, name: &str) {
    let kind = if b.is_phone() { "phone" } else { "laptop" };
    b.screenshot(&format!("{name}-{kind}")).await;
}

/// Staff publish two of three proposals about one road and refuse the third as spam (the
/// public sees only how many were refused, and why); visitors support; staff answer the
/// first, are made to justify the final status, then merge the duplicate into it. The public
/// page shows the answer, the commitment, the supports counted once and the history; the
/// duplicate's author is sent to the common proposal.
async fn moderator_approves_answers_and_merges(size: (u32, u32), name: &str) {
    let p = Palabre::start_at(name, size).await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open_at(&format!("{name}-visitor"), &p.server.base, size).await;

    // Three visitors, one after the other on the same device.
    let link_1 = propose_as_new_visitor(&b, ROAD_1, "P-0001").await;
    let link_2 = propose_as_new_visitor(&b, ROAD_2, "P-0002").await;
    let link_3 = propose_as_new_visitor(&b, ROAD_3, "P-0003").await;
    assert!(link_1 != link_2 && link_2 != link_3 && link_1 != link_3);

    // The queue: three cards; two published, one refused as spam.
    staff.goto("/admin/moderation").await;
    assert_eq!(staff.h1().await, "Contributions à relire");
    staff.assert_sees("Propositions en attente : 3").await;
    assert_eq!(staff.find_all("article.card").await.len(), 3);
    fits(staff).await;
    shot(staff, "moderation-queue").await;
    for reference in ["P-0001", "P-0002"] {
        let card = card_of(staff, reference).await;
        staff.within(&card).click_button("Publier").await;
        assert_eq!(staff.path().await, "/admin/moderation");
    }
    let card = card_of(staff, "P-0003").await;
    assert_eq!(staff.find_all("article.card").await.len(), 1);
    assert!(
        !staff.is_visible(&format!("{card} select")).await,
        "the refusal form is open before \"Refuser\" is pressed"
    );
    let summary = staff.find(&format!("{card} details.reject summary")).await;
    assert_eq!(summary.text().await.unwrap_or_default(), "Refuser");
    summary.click().await.expect("open \"Refuser\"");
    let options = staff.texts(&format!("{card} select option")).await;
    assert_eq!(
        options,
        [
            "— Choisissez un motif —",
            "hors sujet",
            "propos injurieux",
            "données personnelles",
            "doublon",
            "publicité ou spam",
            "autre motif"
        ],
        "the reasons offered"
    );
    assert_eq!(
        staff.text(&format!("{card} select option:checked")).await,
        "— Choisissez un motif —",
        "no reason is chosen for the moderator"
    );
    staff.within(&card).select("Motif", "publicite").await;
    assert_eq!(
        staff.text(&format!("{card} select option:checked")).await,
        "publicité ou spam"
    );
    assert!(
        staff
            .within(&card)
            .field("Précision (obligatoire pour « autre »)")
            .await
            .is_displayed()
            .await
            .unwrap_or(false),
        "no note field in the refusal form"
    );
    fits(staff).await;
    shot(staff, "moderation-refuse").await;
    staff
        .within(&card)
        .click_button("Refuser avec ce motif")
        .await;
    assert_eq!(staff.path().await, "/admin/moderation");
    assert!(
        staff.find_all("article.card").await.is_empty(),
        "still waiting: {:?}",
        staff.texts("article.card h3").await
    );
    staff.assert_sees("Propositions en attente : 0").await;

    // The public list: the two published, not the advert, and why one is missing.
    b.goto("/propositions").await;
    let mut listed = b.texts("li.card h2 a").await;
    listed.sort();
    assert_eq!(listed, [ROAD_1, ROAD_2], "the public list");
    assert!(
        !b.page_text().await.contains("ciment pas cher"),
        "the refused proposal is shown"
    );
    let heading = plain_spaces(&b.text("section.transparency h2").await);
    assert_eq!(
        heading,
        format!("Contributions non publiées : {}", ANSWERS.site_name),
        "the transparency section's heading"
    );
    let counts: Vec<String> = b
        .texts("section.transparency li")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(counts, ["publicité ou spam : 1"]);
    fits(&b).await;
    shot(&b, "moderation-public-list").await;
    // Its author learns it was not published; its page does not exist for the public.
    b.goto(&link_3).await;
    b.assert_sees(
        "Elle n'a pas été publiée : elle ne respectait pas les règles de la consultation.",
    )
    .await;
    b.goto("/propositions/P-0003").await;
    assert_eq!(b.h1().await, "Page introuvable");

    // Supports: a first visitor supports both road proposals, a second one the duplicate.
    b.goto("/").await;
    b.delete_cookies().await;
    support(&b, "P-0001", "1 soutien").await;
    support(&b, "P-0002", "1 soutien").await;
    b.delete_cookies().await;
    support(&b, "P-0002", "2 soutiens").await;

    // Staff answer P-0001, from the list of every proposal.
    staff.goto("/admin/propositions").await;
    assert_eq!(staff.h1().await, "Toutes les propositions");
    let rows = table_rows(staff, "table tbody tr").await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (reference, title, state, supports) in [
        ("P-0001", ROAD_1, "publiée", "1"),
        ("P-0002", ROAD_2, "publiée", "2"),
        ("P-0003", ROAD_3, "écartée par la modération", "0"),
    ] {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("| {reference} — {title} ")))
            .unwrap_or_else(|| panic!("no row for {reference}: {rows:?}"));
        assert!(
            row.contains(state) && row.ends_with(&format!("| Reçue | {supports}")),
            "{reference}: {row}"
        );
    }
    fits(staff).await;
    shot(staff, "moderation-all-proposals").await;
    staff.click_link(&format!("P-0001 — {ROAD_1}")).await;
    assert_eq!(staff.path().await, "/admin/propositions/P-0001");
    assert_eq!(staff.h1().await, format!("P-0001 — {ROAD_1}"));
    assert_eq!(staff.value("answer-status").await, "recue");
    fits(staff).await;

    // First try: a final status with a one-word answer is refused, what was typed stays.
    staff.select("answer-status", "retenue").await;
    staff.fill("answer-text", SHORT_ANSWER).await;
    staff.click_button("Enregistrer le statut").await;
    const NEEDS_REASON: &str = "Un statut définitif demande une réponse écrite d'au moins 10 \
         caractères : expliquez la décision.";
    assert_eq!(
        staff
            .error_next_to("answer-text")
            .await
            .map(|e| plain_spaces(&e))
            .as_deref(),
        Some(NEEDS_REASON)
    );
    assert!(staff.is_visible("#erreurs").await, "no error summary");
    assert_eq!(staff.value("answer-status").await, "retenue");
    assert_eq!(staff.value("answer-text").await, SHORT_ANSWER);
    assert!(
        !staff.page_text().await.contains("C'est enregistré."),
        "said saved although refused"
    );
    fits(staff).await;
    shot(staff, "moderation-answer-refused").await;

    // Second try: a real answer and the commitment it led to.
    staff.fill("answer-text", ROAD_ANSWER).await;
    staff.fill("answer-commitment", ROAD_COMMITMENT).await;
    staff.click_button("Enregistrer le statut").await;
    assert_eq!(
        staff.path().await,
        "/admin/propositions/P-0001?enregistre=1"
    );
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "C'est enregistré."
    );
    assert_eq!(staff.value("answer-status").await, "retenue");
    assert_eq!(staff.value("answer-text").await, ROAD_ANSWER);
    assert_eq!(staff.value("answer-commitment").await, ROAD_COMMITMENT);
    // Its history, oldest first: published, then answered.
    let history = table_rows(staff, "#historique ~ table tbody tr").await;
    assert_eq!(history.len(), 2, "{history:?}");
    let by_admin = "| Administratrice ou administrateur (awa.kone) |";
    assert!(
        history[0].contains(&format!(
            "| Modération : en attente de relecture → publiée | P-0001 {by_admin}"
        )),
        "{history:?}"
    );
    assert!(
        history[1].contains(&format!("| Statut : Reçue → Retenue | P-0001 {by_admin}"))
            && history[1].ends_with(ROAD_ANSWER),
        "{history:?}"
    );

    // Then the duplicate is merged into it.
    staff.fill("Références des doublons", "P-0002").await;
    staff.click_button("Fusionner dans cette proposition").await;
    assert_eq!(
        staff.path().await,
        "/admin/propositions/P-0001?enregistre=1"
    );
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "C'est enregistré."
    );
    fits(staff).await;
    shot(staff, "moderation-answered").await;
    staff.goto("/admin/propositions/P-0002").await;
    staff
        .assert_sees("Cette proposition a été fusionnée avec P-0001.")
        .await;
    let history = table_rows(staff, "#historique ~ table tbody tr").await;
    assert!(
        history
            .iter()
            .any(|h| h.contains("| Fusion : Reçue → Fusionnée | P-0002 |")),
        "{history:?}"
    );
    fits(staff).await;
    staff.goto("/admin/journal").await;
    assert_eq!(staff.h1().await, "Journal des décisions");
    let journal = table_rows(staff, "table tbody tr").await;
    for done in [
        "| Fusion : Reçue → Fusionnée | P-0002 |",
        "| Statut : Reçue → Retenue | P-0001 |",
        "| Modération : en attente de relecture → écartée par la modération | P-0003 |",
        "| Modération : en attente de relecture → publiée | P-0002 |",
        "| Modération : en attente de relecture → publiée | P-0001 |",
    ] {
        assert!(
            journal.iter().any(|r| r.contains(done)),
            "{done:?} is not in the journal: {journal:?}"
        );
    }
    fits(staff).await;
    shot(staff, "moderation-journal").await;

    // The public page of P-0001: the answer, the commitment, the supports, the history.
    b.goto("/propositions/P-0001").await;
    assert_eq!(b.h1().await, ROAD_1);
    assert_eq!(b.text(".facts .badge").await, "Retenue");
    assert_eq!(
        b.text("section.answer h2").await,
        "La réponse de l'administration"
    );
    assert_eq!(b.text("section.answer .badge").await, "Retenue");
    b.assert_sees(ROAD_ANSWER).await;
    b.assert_sees(&format!("Engagement du plan d'action : {ROAD_COMMITMENT}"))
        .await;
    // The first visitor supported both: counted once.
    assert_eq!(b.text("#soutiens").await, "2 soutiens");
    assert_eq!(b.text("#historique").await, "Historique");
    let steps: Vec<String> = b
        .texts("ol.history li")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert!(
        regex::Regex::new(
            r"^\d{1,2}(er)? \S+ \d{4} — Retenue \(Administratrice ou administrateur\)$"
        )
        .unwrap()
        .is_match(&steps[0]),
        "{steps:?}"
    );
    assert!(
        !b.page_text().await.contains("awa.kone"),
        "the public sees the staff login"
    );
    fits(&b).await;
    shot(&b, "moderation-public-answer").await;

    // The duplicate's author, through their link, is sent to the common proposal.
    b.goto(&link_2).await;
    assert_eq!(b.h1().await, "Proposition P-0002");
    b.assert_sees("Cette proposition a été fusionnée avec P-0001.")
        .await;
    fits(&b).await;
    shot(&b, "moderation-merged-follow-up").await;
    b.click_link("Voir la proposition commune").await;
    assert_eq!(b.path().await, "/propositions/P-0001");
    assert_eq!(b.h1().await, ROAD_1);
    // Its public page says the same.
    b.goto("/propositions/P-0002").await;
    b.assert_sees("Cette proposition a été fusionnée avec P-0001.")
        .await;
    assert_eq!(b.text(".facts .badge").await, "Fusionnée");
    assert_eq!(
        b.text("#soutiens").await,
        "Aucun soutien",
        "its supports did not move to P-0001"
    );

    b.close().await;
    p.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_approves_answers_and_merges_on_a_phone() {
    moderator_approves_answers_and_merges(harness::VIEWPORT, "moderate-phone").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_approves_answers_and_merges_on_a_laptop() {
    moderator_approves_answers_and_merges(harness::LAPTOP, "moderate-laptop").await;
}

/// At a desk, with the keyboard only (Tab, Space, letters, Enter): staff tick two
/// proposals in the list, give them "Non retenue" with one justification, and the public
/// pages of those two show it; the third is untouched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_answer_with_the_keyboard() {
    use fantoccini::key::Key;
    let p = Palabre::start_at("bulk-keyboard", harness::LAPTOP).await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open_at("bulk-keyboard-visitor", &p.server.base, harness::LAPTOP).await;
    for (title, reference) in [(ROAD_1, "P-0001"), (ROAD_2, "P-0002"), (ROAD_3, "P-0003")] {
        propose_as_new_visitor(&b, title, reference).await;
    }
    staff.goto("/admin/moderation").await;
    for reference in ["P-0001", "P-0002", "P-0003"] {
        let card = card_of(staff, reference).await;
        staff.within(&card).click_button("Publier").await;
    }

    staff.goto("/admin/propositions").await;
    assert_eq!(staff.h1().await, "Toutes les propositions");
    assert_eq!(staff.focused().await, (String::new(), String::new()));
    let key = |k: Key| char::from(k).to_string();

    // Tick P-0001 and P-0003.
    for reference in ["P-0001", "P-0003"] {
        let name = format!("Choisir {reference}");
        staff.tab_to(&name).await;
        assert!(
            staff.focus_is_visible().await,
            "the focus on {name:?} cannot be seen"
        );
        staff.press(&key(Key::Space)).await;
        assert!(staff.is_checked(&name).await, "Space did not tick {name:?}");
    }
    assert!(!staff.is_checked("Choisir P-0002").await);

    // The status, by typing its first letters in the list.
    let presses = staff.tab_to("bulk-status").await;
    assert!(
        presses <= 2,
        "{presses} presses of Tab from the last row to the status list"
    );
    assert_eq!(staff.focused().await.1, "Statut");
    staff.press("Non").await;
    assert_eq!(staff.value("bulk-status").await, "non-retenue");
    // The justification, then the button.
    staff.tab_to("bulk-answer").await;
    assert_eq!(staff.focused().await.1, "Réponse motivée (publique)");
    staff.press(JUSTIFIED_NO).await;
    assert_eq!(staff.value("bulk-answer").await, JUSTIFIED_NO);
    staff.tab_to("Appliquer aux propositions cochées").await;
    assert!(
        staff.focus_is_visible().await,
        "the focus on the button cannot be seen"
    );
    shot(staff, "bulk-keyboard-form").await;
    staff
        .press_to_new_page(
            &key(Key::Enter),
            "Enter on \"Appliquer aux propositions cochées\"",
        )
        .await;

    assert_eq!(staff.path().await, "/admin/propositions?fait=2");
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "2 propositions mises à jour."
    );
    let rows = table_rows(staff, "table tbody tr").await;
    for (reference, status) in [
        ("P-0001", "Non retenue"),
        ("P-0002", "Reçue"),
        ("P-0003", "Non retenue"),
    ] {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("| {reference} — ")))
            .unwrap_or_else(|| panic!("no row for {reference}: {rows:?}"));
        assert!(row.ends_with(&format!("| {status} | 0")), "{row}");
    }
    fits(staff).await;
    shot(staff, "bulk-keyboard-done").await;

    for (reference, status) in [
        ("P-0001", "Non retenue"),
        ("P-0002", "Reçue"),
        ("P-0003", "Non retenue"),
    ] {
        b.goto(&format!("/propositions/{reference}")).await;
        assert_eq!(b.text(".facts .badge").await, status, "{reference}");
        let answered = b.page_text().await.contains(JUSTIFIED_NO);
        assert_eq!(
            answered,
            status == "Non retenue",
            "the answer on {reference}"
        );
    }
    b.goto("/propositions/P-0003").await;
    assert_eq!(b.text("section.answer .badge").await, "Non retenue");
    shot(&b, "bulk-keyboard-public").await;

    b.close().await;
    p.finish().await;
}

/// Pages of `pdf` (a PDF file's bytes), read by poppler's `pdfinfo`.
fn pdf_pages(pdf: &[u8], name: &str) -> u32 {
    let path = harness::screens_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo is missing: run `bash tests/deps.sh` (package poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let size = text
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default()
        .to_string();
    assert!(size.contains("(A4)"), "{name} is not A4: {size}");
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo could not read {name}: {text}"))
}

/// Types one paper form with the keyboard alone, from the form number (which has the focus)
/// to Enter on the save button.
async fn type_paper_form(b: &Browser, number: &str, title: &str) {
    use fantoccini::key::Key;
    let key = |k: Key| char::from(k).to_string();
    b.press(number).await;
    b.tab_to("title").await;
    b.press(title).await;
    b.tab_to("problem").await;
    b.press("Les femmes marchent deux heures pour l'eau.").await;
    b.tab_to("solution").await;
    b.press("Un forage par village, suivi par le comité.").await;
    b.tab_to("theme").await;
    b.press("Santé").await;
    assert_eq!(b.value("theme").await, "sante");
    b.tab_to("zone").await;
    b.press("Poro").await;
    assert_eq!(b.value("zone").await, "poro");
    b.tab_to("contributor_type").await;
    b.press("Citoyenne").await;
    assert_eq!(b.value("contributor_type").await, "citoyen");
    b.tab_to("valeur-participation").await;
    b.press(&key(Key::Space)).await;
    b.tab_to("Enregistrer et saisir la suivante").await;
    assert!(
        b.focus_is_visible().await,
        "the focus on the button cannot be seen"
    );
    b.press_to_new_page(&key(Key::Enter), "Enter on the save button")
        .await;
}

/// The page printed to PDF on A4 paper, as a person does with Ctrl + P.
async fn print_a4(b: &Browser) -> Vec<u8> {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .shrink_to_fit(false)
        .build()
        .expect("an A4 print configuration");
    b.client().print(config).await.expect("print to PDF")
}

/// A facilitator types paper forms with the keyboard alone: the cursor waits in the form
/// number after each save, a number already typed is refused. The blank paper form and the
/// poster print on one A4 page each. Then the laptop becomes a kiosk: each proposal ends on
/// its reference in large print and a blank form; leaving needs a staff sign-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshop_paper_forms_by_keyboard_printouts_and_kiosk() {
    let p = Palabre::start_at("workshop", harness::LAPTOP).await;
    let b = &p.browser;
    p.set_up(&ANSWERS).await;
    b.click_link("Ateliers régionaux").await;
    assert_eq!(b.h1().await, "Ateliers régionaux");
    b.fill("Nom de l'atelier", "Atelier régional de Korhogo")
        .await;
    b.fill("Lieu", "Centre culturel").await;
    b.select("zone", "poro").await;
    b.set_date("Date", "2026-12-03").await;
    b.fill("Animateurs et animatrices", "Awa, Koffi").await;
    b.click_button("Créer l'atelier").await;
    b.assert_sees("Atelier créé.").await;
    b.click_link("Saisir des fiches papier").await;
    assert_eq!(
        b.h1().await,
        "Saisie des fiches papier — Atelier régional de Korhogo"
    );

    for n in 1..=5 {
        // The cursor is already in the form number.
        assert_eq!(b.focused().await.0, "paper_number", "form {n}");
        type_paper_form(
            b,
            &format!("K-{n}"),
            &format!("Fiche {n} : un forage au village"),
        )
        .await;
        assert_eq!(
            b.text("p.notice[role=status]").await,
            format!(
                "Fiche K-{n} enregistrée sous la référence P-000{n}. Reportez cette référence sur la fiche."
            )
        );
        assert_eq!(b.value("title").await, "", "the next form is blank");
    }
    // Form K-3 again: refused, nothing saved, the typing kept.
    type_paper_form(b, "K-3", "Fiche 3 recopiée").await;
    b.assert_sees("La fiche K-3 a déjà été saisie pour cet atelier (référence P-0003)")
        .await;
    assert_eq!(b.value("title").await, "Fiche 3 recopiée");
    shot(b, "paper-entry").await;

    // The printouts: one A4 page each.
    b.goto("/admin/ateliers").await;
    b.click_link("Imprimer la fiche papier vierge").await;
    assert_eq!(b.h1().await, "Fiche de proposition");
    assert_eq!(
        pdf_pages(&print_a4(b).await, "blank-paper-form"),
        1,
        "the blank paper form"
    );
    b.goto("/admin/ateliers").await;
    b.click_link("Affiche pour la salle").await;
    b.fill("wifi", "Atelier-Korhogo").await;
    b.click_button("Mettre à jour l'affiche").await;
    assert!(
        plain_spaces(&b.text(".poster").await)
            .contains("1. Connectez-vous au Wi-Fi « Atelier-Korhogo »"),
        "{}",
        b.text(".poster").await
    );
    assert_eq!(pdf_pages(&print_a4(b).await, "poster"), 1, "the poster");

    // Kiosk mode.
    b.goto("/admin/kiosque").await;
    b.click_button("Passer cet appareil en mode kiosque").await;
    assert_eq!(b.h1().await, "Faire une proposition");
    assert!(
        b.find_all("nav a[href='/pgo']").await.is_empty(),
        "no site navigation on a kiosk"
    );
    for (k, reference) in [(1, "P-0006"), (2, "P-0007")] {
        let shown = Instant::now();
        assert_eq!(
            b.value("Titre de votre proposition").await,
            "",
            "the form is blank"
        );
        b.fill(
            "Titre de votre proposition",
            &format!("Au kiosque, proposition {k}"),
        )
        .await;
        fill_proposal(b).await;
        pause_like_a_person(shown).await;
        b.click_button("Envoyer ma proposition").await;
        assert_eq!(b.h1().await, "Merci, votre proposition est enregistrée");
        assert_eq!(b.text(".kiosk-reference").await, reference);
        assert!(!b.page_text().await.contains("/suivi/"));
        shot(b, &format!("kiosk-thanks-{k}")).await;
        if k == 1 {
            // The next person presses Back: an empty form, nothing of the last one.
            b.client().back().await.expect("Back");
            assert_eq!(b.path().await, "/propositions/nouvelle");
            assert_eq!(
                b.value("Titre de votre proposition").await,
                "",
                "Back shows an empty form"
            );
            assert_eq!(b.value("Votre nom (facultatif)").await, "");
            assert_never_shows(b, PROPOSAL_AUTHOR).await;
            shot(b, "kiosk-after-back").await;
            b.goto(&format!("/kiosque/merci?reference={reference}"))
                .await;
        }
        b.click_link("Nouvelle proposition").await;
    }
    // Leaving needs a staff sign-in.
    b.click_link("Équipe : quitter le mode kiosque").await;
    assert!(b.path().await.starts_with("/admin/connexion"));
    p.sign_in(ANSWERS.login, PASSWORD).await;
    assert_eq!(b.h1().await, "Mode kiosque");
    b.click_button("Quitter le mode kiosque").await;
    assert_eq!(b.h1().await, "Tableau de bord");
    b.goto("/propositions/nouvelle").await;
    assert!(
        !b.find_all("nav a[href='/pgo']").await.is_empty(),
        "the navigation is back"
    );
    p.finish().await;
}

// ------------------------------------------------------------------------------------------
// The habit (issue 14): every page looked at, on a phone and on a laptop, in both languages
// ------------------------------------------------------------------------------------------

/// A common laptop screen, in CSS pixels.
const WIDE_LAPTOP: (u32, u32) = (1366, 768);

/// The public pages of a consultation with content; `{suivi}` is the private follow-up
/// address of P-0001 (its path, `/suivi/<token>`). Screenshot name, then path.
const PUBLIC_PAGES: [(&str, &str); 13] = [
    ("accueil", "/"),
    ("propositions", "/propositions"),
    ("proposition", "/propositions/P-0001"),
    ("nouvelle-proposition", "/propositions/nouvelle"),
    ("recu", "{suivi}?nouveau=1"),
    ("suivi", "{suivi}"),
    ("pgo", "/pgo"),
    ("documents", "/documents"),
    ("calendrier", "/calendrier"),
    ("forum", "/forum"),
    ("guide", "/guide"),
    ("confidentialite", "/confidentialite"),
    ("donnees", "/donnees"),
];

/// The staff pages, seen signed in.
const STAFF_PAGES: [(&str, &str); 21] = [
    ("admin", "/admin"),
    ("admin-moderation", "/admin/moderation"),
    ("admin-propositions", "/admin/propositions"),
    ("admin-proposition", "/admin/propositions/P-0001"),
    ("admin-resultats", "/admin/resultats"),
    ("admin-synthese", "/admin/synthese"),
    ("admin-exports", "/admin/exports"),
    ("admin-reglages", "/admin/reglages"),
    ("admin-ateliers", "/admin/ateliers"),
    ("admin-journal", "/admin/journal"),
    ("admin-comptes", "/admin/comptes"),
    ("admin-calendrier", "/admin/calendrier"),
    ("admin-documents", "/admin/documents"),
    ("admin-forum", "/admin/forum"),
    ("admin-themes", "/admin/themes"),
    ("admin-consultations", "/admin/consultations"),
    ("admin-pgo", "/admin/pgo"),
    ("admin-logo", "/admin/logo"),
    ("admin-retard", "/admin/calendrier/retard"),
    ("admin-fiche", "/admin/ateliers/fiche"),
    ("admin-affiche", "/admin/affiche"),
];

/// Where the pictures of every page go: `target/browser-screens/pages/`.
fn pages_dir() -> std::path::PathBuf {
    let dir = harness::screens_dir().join("pages");
    std::fs::create_dir_all(&dir).expect("create target/browser-screens/pages");
    dir
}

/// axe-core's script, which `tests/deps.sh` installs from npm into `<target dir>/axe`
/// (`PALABRE_AXE` overrides the path).
fn axe_source() -> String {
    use std::path::PathBuf;
    const IN_TARGET: &str = "axe/node_modules/axe-core/axe.min.js";
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut places: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("PALABRE_AXE") {
        places.push(path.into());
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        places.push(manifest.join(dir).join(IN_TARGET));
    }
    // This test runs as <target dir>/debug/deps/browser-<hash>.
    if let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|p| p.to_path_buf()))
    {
        places.push(target.join(IN_TARGET));
    }
    places.push(manifest.join("target").join(IN_TARGET));
    let found = places.iter().find(|p| p.is_file()).unwrap_or_else(|| {
        panic!(
            "\n\naxe-core is missing: none of {places:?} exists.\nRun `bash tests/deps.sh` \
             (it installs axe-core from npm), then the test again (or set PALABRE_AXE).\n"
        )
    });
    std::fs::read_to_string(found).expect("read axe.min.js")
}

/// A visitor never seen before sends a complete proposal titled `title` about `theme` in
/// `zone`; returns the follow-up link of the receipt.
async fn propose_about(b: &Browser, title: &str, theme: &str, zone: &str) -> String {
    b.goto("/").await;
    b.delete_cookies().await;
    b.click_link("Faire une proposition").await;
    let shown = Instant::now();
    b.fill("Titre de votre proposition", title).await;
    fill_proposal(b).await;
    b.select("Thème", theme).await;
    b.select("Région ou district concerné", zone).await;
    pause_like_a_person(shown).await;
    b.click_button("Envoyer ma proposition").await;
    b.assert_sees("Merci ! Votre proposition est bien enregistrée.")
        .await;
    b.value("lien").await
}

/// Signs in as the administrator of [`ANSWERS`] on any browser, in either language.
async fn sign_in_staff(b: &Browser) {
    b.goto("/admin/connexion").await;
    b.fill("login", ANSWERS.login).await;
    b.fill("password", PASSWORD).await;
    let submit = b.texts("main form button").await;
    assert_eq!(submit.len(), 1, "{submit:?}");
    b.click_button(&submit[0]).await;
    assert_eq!(b.path().await, "/admin", "not signed in");
}

/// Staff answer `reference` with `status`, its public reason and maybe a commitment.
async fn answer(staff: &Browser, reference: &str, status: &str, text: &str, commitment: &str) {
    staff
        .goto(&format!("/admin/propositions/{reference}"))
        .await;
    staff.select("answer-status", status).await;
    staff.fill("answer-text", text).await;
    if !commitment.is_empty() {
        staff.fill("answer-commitment", commitment).await;
    }
    staff.click_button("Enregistrer le statut").await;
    assert_eq!(
        staff.text("p.notice[role=status]").await,
        "C'est enregistré.",
        "answering {reference}"
    );
}

/// Fills a consultation the way its first weeks do: proposals from the public form and from
/// a workshop's paper forms, across themes and zones, most published, one still waiting;
/// answers, supports, a comment, a timeline, a forum meeting and a document. Returns the
/// path of P-0001's private follow-up page.
async fn a_consultation_under_way(p: &Palabre, citizen: &Browser) -> String {
    const COMMENT: &str = "Bonne idée : à Sakassou aussi, le centre de santé n'a pas de \
         courant la nuit.";
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;

    // Four citizens on the public form.
    let mut follow_up = String::new();
    for (i, (title, theme, zone)) in [
        (PROPOSAL_TITLE, "sante", "gbeke"),
        (ROAD_1, "services-publics", "gbeke"),
        (
            "Afficher le budget de chaque commune au marché",
            "budget",
            "abidjan",
        ),
        (
            "Un registre public des terres rurales à la sous-préfecture",
            "foncier",
            "poro",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let link = propose_about(citizen, title, theme, zone).await;
        if i == 0 {
            follow_up = link;
        }
    }
    staff.goto("/admin/moderation").await;
    for reference in ["P-0001", "P-0002", "P-0003", "P-0004"] {
        let card = card_of(staff, reference).await;
        staff.within(&card).click_button("Publier").await;
    }

    // Answers: one retained with its commitment, one refused with its reason, one studied.
    answer(
        staff,
        "P-0001",
        "retenue",
        "Le ministère de la Santé équipera de panneaux solaires les centres de santé ruraux du \
         Gbêkê d'ici 2028 ; la liste des centres équipés sera publiée chaque année.",
        "Engagement 5 : santé rurale",
    )
    .await;
    answer(staff, "P-0003", "non-retenue", JUSTIFIED_NO, "").await;
    answer(staff, "P-0002", "en-analyse", "", "").await;

    // Supports and a comment, published by staff.
    citizen.goto("/").await;
    citizen.delete_cookies().await;
    support(citizen, "P-0001", "1 soutien").await;
    support(citizen, "P-0002", "1 soutien").await;
    citizen.delete_cookies().await;
    support(citizen, "P-0001", "2 soutiens").await;
    let shown = Instant::now();
    citizen.fill("Votre commentaire", COMMENT).await;
    citizen.fill("Votre nom (facultatif)", "Kouadio").await;
    pause_like_a_person(shown).await;
    citizen.click_button("Envoyer le commentaire").await;
    publish_the_one_waiting(staff, COMMENT).await;

    // A workshop in Korhogo and two of its paper forms: one published, one still waiting.
    staff.goto("/admin/ateliers").await;
    staff
        .fill("Nom de l'atelier", "Atelier régional de Korhogo")
        .await;
    staff.fill("Lieu", "Centre culturel").await;
    staff.select("zone", "poro").await;
    staff.set_date("Date", "2026-12-03").await;
    staff.fill("Animateurs et animatrices", "Awa, Koffi").await;
    staff.click_button("Créer l'atelier").await;
    staff.click_link("Saisir des fiches papier").await;
    for n in 1..=2 {
        type_paper_form(
            staff,
            &format!("K-{n}"),
            &format!("Fiche {n} : un forage au village"),
        )
        .await;
    }
    staff.goto("/admin/moderation").await;
    let card = card_of(staff, "P-0005").await;
    staff.within(&card).click_button("Publier").await;

    // The timeline, published, and a forum meeting.
    staff.goto("/admin/calendrier").await;
    staff.select("Type d'étape", "atelier").await;
    staff.fill("Titre", "Atelier de Gagnoa").await;
    staff.fill("Lieu (facultatif)", "Gagnoa").await;
    staff.set_date("Date de début", "2027-02-15").await;
    staff
        .set_date("Date de fin (vide si un seul jour)", "2027-02-16")
        .await;
    staff.click_button("Ajouter une étape").await;
    staff.click_button("Publier le calendrier").await;
    staff.goto("/admin/forum").await;
    staff.set_date("Date de la réunion", "2026-11-20").await;
    staff.fill("Lieu de la réunion", "Abidjan").await;
    staff.fill("Administration", "11").await;
    staff.fill("Société civile", "8").await;
    staff.fill("Secteur privé", "3").await;
    staff.click_button("Enregistrer une réunion").await;

    // A document in the library.
    let files = tempfile::Builder::new()
        .prefix("palabre-pages-files-")
        .tempdir()
        .unwrap();
    let pdf_path = files.path().join("plan-action-2024-2026.pdf");
    std::fs::write(&pdf_path, small_pdf("Plan d'action national 2024-2026")).unwrap();
    staff.goto("/admin/documents").await;
    let upload = staff.within(UPLOAD_FORM);
    upload.attach("Fichier", &pdf_path).await;
    upload
        .fill("Titre", "Plan d'action national 2024-2026")
        .await;
    upload.select("Catégorie", "plans-action").await;
    upload.set_date("Date du document", "2024-06-30").await;
    upload.select("Langue du document", "fr").await;
    staff.click_button("Ajouter le fichier").await;
    staff.assert_sees("Plan d'action national 2024-2026").await;

    let path = follow_up
        .strip_prefix(&citizen.base)
        .unwrap_or_else(|| panic!("not a link to this site: {follow_up}"))
        .to_string();
    assert!(path.starts_with("/suivi/"), "{path}");
    path
}

/// Every interactive control shown that is smaller than 44 × 44 CSS px, described for a
/// person (tag, id, classes, text, size).
///
/// The rule (WCAG 2.5.5, and the "inline" exception of 2.5.5 and 2.5.8):
/// - a link (`a[href]`), `button`, `input`, `select`, `textarea`, `summary`, and a `label`
///   that wraps a checkbox or radio button must measure at least 44 × 44;
/// - a checkbox or radio button is tapped through its label as well: it passes when its own
///   box does, or when one of its labels (wrapping it or pointing at it with `for`) is at
///   least 44 px high;
/// - a link inside running text is exempt: it is laid out inline, and the nearest block
///   around it (a `p`, `li`, `td`, `dd`...) holds words outside any link or button,
///   so its height is the line height of that text. A link alone in its block (a menu item,
///   a table cell with only a link, a heading), or in a row of links separated by " · ", is
///   not in a sentence and must be big enough;
/// - what is not on the page for a person is skipped: no box, `visibility: hidden`, or placed
///   off the page on purpose (the skip link until it has the focus, the honeypot field).
const SMALL_TARGETS_JS: &str = r#"
const MIN = 44 - 0.5;
const big = r => r.width >= MIN && r.height >= MIN;
const shown = el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  if (getComputedStyle(el).visibility === 'hidden') return false;
  return r.right + window.scrollX > 0 && r.bottom + window.scrollY > 0;
};
const inRunningText = el => {
  if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
  let block = el.parentElement;
  while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
  if (!block) return false;
  // Words of the block outside any link or button: a row of links separated by " · " is
  // not a sentence.
  const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let words = '';
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (!t.parentElement.closest('a, button')) words += t.textContent;
  }
  return /[\p{L}\p{N}]/u.test(words);
};
const describe = el => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim()) {
    s += '.' + el.className.trim().split(/\s+/).join('.');
  }
  if (el.tagName === 'INPUT') s += '[type=' + el.type + ']';
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
    .replace(/\s+/g, ' ').trim();
  if (text) s += ' "' + (text.length > 40 ? text.slice(0, 40) + '…' : text) + '"';
  const part = el.closest('header, nav, footer, form, table, section, main');
  if (part) s += ' in ' + part.tagName.toLowerCase() + (part.id ? '#' + part.id : '');
  return s;
};
const out = [];
const controls = document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, label');
for (const el of controls) {
  const isChoice = el.matches('input[type=checkbox], input[type=radio]');
  if (el.tagName === 'LABEL' && !el.querySelector('input[type=checkbox], input[type=radio]')) continue;
  if (!shown(el) || inRunningText(el)) continue;
  const r = el.getBoundingClientRect();
  if (big(r)) continue;
  if (isChoice && Array.from(el.labels || []).some(l => shown(l) && l.getBoundingClientRect().height >= MIN)) continue;
  out.push(describe(el) + ': ' + Math.round(r.width) + '×' + Math.round(r.height));
}
return out;
"#;

/// Every chart (`figure.chart`): a bar per row of its table, each drawn, each with its number
/// written beside it. Returns, per chart, its title, its rows and what is wrong.
const CHARTS_JS: &str = r#"
return Array.from(document.querySelectorAll('figure.chart')).map((f, k) => {
  const caption = f.querySelector('figcaption');
  const title = caption ? caption.textContent.trim() : 'chart ' + (k + 1);
  const rows = Array.from(f.querySelectorAll('table.figures tbody tr'))
    .map(tr => [tr.cells[0].textContent.trim(), tr.cells[tr.cells.length - 1].textContent.trim()]);
  const bars = Array.from(f.querySelectorAll('svg rect'));
  const texts = Array.from(f.querySelectorAll('svg text'));
  const problems = [];
  if (bars.length !== rows.length) {
    problems.push(bars.length + ' bars drawn for ' + rows.length + ' rows in its table');
  }
  rows.forEach(([label, n], i) => {
    const bar = bars[i];
    if (!bar) return;
    const r = bar.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) {
      problems.push('the bar of ' + label + ' is ' + r.width + '×' + r.height);
      return;
    }
    const middle = r.top + r.height / 2;
    const beside = texts.some(t => {
      const b = t.getBoundingClientRect();
      return t.textContent.trim() === n && b.width > 0 && b.left >= r.right - 1 &&
        b.left <= r.right + 24 && b.top <= middle && b.bottom >= middle;
    });
    if (!beside) problems.push('no "' + n + '" written beside the bar of ' + label);
  });
  return { title, rows: rows.length, problems };
});
"#;

/// What is wrong with the page the browser is on, as a person would see it, each finding
/// prefixed with `here`; saves its picture as `pages/<shot>.png`.
async fn look_at_page(b: &Browser, axe: &str, here: &str, shot: &str) -> Vec<String> {
    let mut found = Vec::new();
    b.screenshot(&format!("pages/{shot}")).await;

    if let Some(why) = b.sideways_scroll().await {
        found.push(format!("{here}: {why}"));
    }

    if b.is_phone() {
        let small: Vec<String> =
            serde_json::from_value(b.js(SMALL_TARGETS_JS).await).unwrap_or_default();
        for s in small {
            found.push(format!("{here}: tap target under 44×44 px: {s}"));
        }
    }

    // axe-core, injected into the page (the site itself has no script).
    let loaded = b
        .client()
        .execute(&format!("{axe}\nreturn typeof window.axe;"), Vec::new())
        .await
        .expect("inject axe-core");
    assert_eq!(loaded, serde_json::json!("object"), "axe-core did not load");
    let result = b
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations\
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')\
                 .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +\
                   v.nodes.map(n => n.target.join(' ')).join(', '))))\
               .catch(e => done(['axe-core failed: ' + e]));",
            Vec::new(),
        )
        .await
        .expect("run axe-core");
    let violations: Vec<String> = serde_json::from_value(result).unwrap_or_default();
    for v in violations {
        found.push(format!("{here}: axe: {v}"));
    }

    if b.exists("figure.chart").await {
        let charts = b.js(CHARTS_JS).await;
        let charts = charts.as_array().cloned().unwrap_or_default();
        assert!(
            charts.iter().any(|c| c["rows"].as_u64().unwrap_or(0) >= 2),
            "{here}: no chart with two rows or more, the chart check would prove nothing"
        );
        for c in charts {
            for problem in c["problems"].as_array().cloned().unwrap_or_default() {
                found.push(format!(
                    "{here}: chart {:?}: {}",
                    c["title"].as_str().unwrap_or_default(),
                    problem.as_str().unwrap_or_default()
                ));
            }
        }
    }
    found
}

/// Opens each of `pages` (name, path) and looks at it; the page must be the one asked for,
/// in `lang`.
async fn look_at_pages(
    b: &Browser,
    axe: &str,
    lang: &str,
    pages: &[(&str, &str)],
    follow_up: &str,
) -> Vec<String> {
    let size = if b.is_phone() { "phone" } else { "laptop" };
    let mut found = Vec::new();
    for (name, path) in pages {
        let path = path.replace("{suivi}", follow_up);
        b.goto(&path).await;
        let here = format!("{lang} {size} {path}");
        assert_eq!(b.path().await, path, "{here}: sent elsewhere");
        assert_eq!(b.lang().await, lang, "{here}: not in the expected language");
        assert_eq!(b.texts("h1").await.len(), 1, "{here}: not one main heading");
        let seen = look_at_page(b, axe, &here, &format!("{lang}-{size}-{name}")).await;
        for f in &seen {
            println!("SEEN {f}");
        }
        found.extend(seen);
    }
    found
}

/// Every page, in French then in English, at the size of `b`: public pages as a visitor,
/// staff pages signed in. Returns what is wrong.
async fn look_at_everything(b: &Browser, axe: &str, follow_up: &str) -> Vec<String> {
    let mut found = Vec::new();
    b.goto("/").await;
    b.delete_cookies().await;
    found.extend(look_at_pages(b, axe, "fr", &PUBLIC_PAGES, follow_up).await);
    sign_in_staff(b).await;
    found.extend(look_at_pages(b, axe, "fr", &STAFF_PAGES, follow_up).await);

    // In English, through the link a person uses.
    b.goto("/admin").await;
    b.click_link("English").await;
    assert_eq!(b.path().await, "/admin");
    found.extend(look_at_pages(b, axe, "en", &STAFF_PAGES, follow_up).await);
    let sign_out = b.texts("header button").await;
    assert_eq!(sign_out.len(), 1, "{sign_out:?}");
    b.click_button(&sign_out[0]).await;
    assert!(b.texts("header button").await.is_empty(), "still signed in");
    found.extend(look_at_pages(b, axe, "en", &PUBLIC_PAGES, follow_up).await);
    found
}

/// The synthesis printed on A4, each page turned into a picture:
/// `pages/synthese-page-N.png`. Returns how many pages it has.
async fn print_synthesis(b: &Browser) -> u32 {
    let dir = pages_dir();
    for old in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = old.file_name().to_string_lossy().into_owned();
        if name.starts_with("synthese-page-") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    b.goto("/admin/synthese").await;
    let pdf = print_a4(b).await;
    let pages = pdf_pages(&pdf, "pages/synthese");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(dir.join("synthese.pdf"))
        .arg(dir.join("synthese-page"))
        .status()
        .expect("pdftoppm is missing: run `bash tests/deps.sh` (package poppler-utils)");
    assert!(status.success(), "pdftoppm failed");
    // pdftoppm pads the page number (-01 from ten pages): name them plainly.
    for png in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = png.file_name().to_string_lossy().into_owned();
        if let Some(n) = name
            .strip_prefix("synthese-page-")
            .and_then(|n| n.strip_suffix(".png"))
            .and_then(|n| n.parse::<u32>().ok())
        {
            std::fs::rename(png.path(), dir.join(format!("synthese-page-{n}.png"))).unwrap();
        }
    }
    for n in 1..=pages {
        assert!(
            dir.join(format!("synthese-page-{n}.png")).is_file(),
            "page {n} of the synthesis was not drawn"
        );
    }
    pages
}

/// What the printed synthesis must be (issue 14): few pages for six proposals, the
/// organisation named, every page numbered, charts on the first page (not a half-empty one),
/// and no theme heading left at the foot of a page without its table.
fn check_synthesis_pages(pages: u32) {
    let pdf = pages_dir().join("synthese.pdf");
    let text_of = |page: u32| -> String {
        let out = std::process::Command::new("pdftotext")
            // Raw order: with -layout, poppler drops the page-number margin box.
            .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext is missing: run `bash tests/deps.sh` (package poppler-utils)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        (1..=3).contains(&pages),
        "{pages} A4 pages for six proposals"
    );
    let first = text_of(1);
    assert!(
        first.contains(ANSWERS.organisation) && first.contains("Synthèse et réponse motivée"),
        "no issuing organisation on page 1:\n{first}"
    );
    assert!(
        first.contains("Propositions par thème"),
        "page 1 holds no chart:\n{first}"
    );
    let heading = regex::Regex::new(r"^\s*\S.* \(\d+\)\s*$").unwrap();
    for n in 1..=pages {
        let text = text_of(n);
        assert!(
            text.contains(&format!("{n} / {pages}")),
            "page {n} has no number:\n{text}"
        );
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for (i, line) in lines.iter().enumerate() {
            if heading.is_match(line) {
                assert!(
                    lines[i + 1..].iter().any(|l| l.contains("Référence")),
                    "page {n}: the heading {line:?} is left without its table"
                );
            }
        }
    }
}

/// Issue 14, "the habit": a consultation with content, and every public and staff page looked
/// at on a phone (360 × 740) and on a laptop (1366 × 768), in French and in English. Each page
/// is saved as a picture in `target/browser-screens/pages/`, and must show no sideways
/// scroll, no tap target under 44 × 44 px on the phone (see [`SMALL_TARGETS_JS`]), no
/// serious or critical axe-core violation, and charts that draw every row of their table.
/// The synthesis is printed on A4 and each page of it saved as a picture too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_seen_at_phone_and_laptop_size() {
    let started = Instant::now();
    let axe = axe_source();
    pages_dir();
    let p = Palabre::start("pages").await;
    let citizen = Browser::open("pages-citizen", &p.server.base).await;
    let follow_up = a_consultation_under_way(&p, &citizen).await;
    citizen.close().await;
    println!("content created in {:?}", started.elapsed());

    // The phone and the laptop look at the same time: the two sessions mostly wait.
    let laptop = Browser::open_at("pages-laptop", &p.server.base, WIDE_LAPTOP).await;
    let (mut found, on_laptop) = tokio::join!(
        look_at_everything(&p.browser, &axe, &follow_up),
        look_at_everything(&laptop, &axe, &follow_up)
    );
    found.extend(on_laptop);
    println!("every page seen at {:?}", started.elapsed());

    // Printed in French, the language of the report.
    sign_in_staff(&laptop).await;
    laptop.click_link("Français").await;
    assert_eq!(laptop.lang().await, "fr");
    let pages = print_synthesis(&laptop).await;
    check_synthesis_pages(pages);
    println!(
        "synthesis: {pages} A4 pages; everything done in {:?}",
        started.elapsed()
    );
    laptop.close().await;

    assert!(
        found.is_empty(),
        "{} problems seen (pictures in {}):\n{}",
        found.len(),
        pages_dir().display(),
        found.join("\n")
    );
    p.finish().await;
}

/// On a phone, the dashboard says in figures what waits and each figure leads to the work;
/// staff find a proposal by its reference; the public list starts with proposals, its filters
/// folded away until asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_what_waits_and_find_a_proposal_on_a_phone() {
    let p = Palabre::start("workload").await;
    let staff = &p.browser;
    p.set_up(&ANSWERS).await;
    let b = Browser::open("workload-visitor", &p.server.base).await;
    propose_as_new_visitor(&b, ROAD_1, "P-0001").await;
    propose_as_new_visitor(&b, ROAD_2, "P-0002").await;

    staff.goto("/admin").await;
    let counts: Vec<String> = staff
        .texts("ul.workload a")
        .await
        .iter()
        .map(|t| plain_spaces(t))
        .collect();
    assert_eq!(
        counts,
        [
            "2\ncontributions à relire",
            "0\nproposition publiée attend une réponse",
            "2\npropositions reçues aujourd'hui",
            "2\npropositions reçues cette semaine",
        ]
    );
    let first_screen = staff
        .js(
            "const r = document.querySelector('ul.workload').getBoundingClientRect(); \
             return r.bottom <= window.innerHeight;",
        )
        .await;
    assert_eq!(
        first_screen,
        serde_json::json!(true),
        "the counts are below the first screen"
    );
    staff.assert_fits_width().await;
    shot(staff, "dashboard-workload").await;
    let hrefs = staff
        .js("return [...document.querySelectorAll('ul.workload a')].map(a => a.getAttribute('href'));")
        .await;
    assert_eq!(
        hrefs,
        serde_json::json!([
            "/admin/moderation",
            "/admin/propositions?statut=recue",
            "/admin/propositions",
            "/admin/propositions"
        ]),
        "each figure leads to the work"
    );

    staff.goto("/admin/propositions").await;
    staff.fill("Rechercher (mots ou référence)", "p-2").await;
    staff.click_button("Afficher").await;
    let rows = staff.texts("tbody tr td a").await;
    assert_eq!(
        rows,
        [format!("P-0002 — {ROAD_2}")],
        "the search by reference"
    );
    assert_eq!(staff.value("Rechercher (mots ou référence)").await, "p-2");

    // The CSV the exports page offers first is the one French Excel splits into columns: `;`
    // between cells, statuses and channels in words.
    staff.goto("/admin/exports").await;
    let link = staff
        .find("a[download][href='/admin/exports/propositions.csv']")
        .await;
    let saved = staff.download(link, "CSV").await;
    let csv = std::fs::read_to_string(&saved).unwrap();
    let mut lines = csv.lines();
    let head = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}');
    assert!(
        head.split(';').count() > 10 && !head.contains(','),
        "French Excel would see one column: {head}"
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.contains(";En ligne;") && row.contains(";Reçue;"),
        "codes instead of words: {row}"
    );

    b.goto("/propositions").await;
    assert!(
        !b.is_visible("#theme").await,
        "the filters fill the first screen of the list"
    );
    b.find("details.more-filters summary")
        .await
        .click()
        .await
        .unwrap();
    assert!(b.is_visible("#theme").await, "the filters do not unfold");
    b.assert_fits_width().await;
    b.screenshot("list-filters-open").await;

    // English is one of the languages a proposal can be written in.
    b.goto("/propositions/nouvelle").await;
    let languages = b.texts("select[name=language] option").await;
    assert!(
        languages.iter().any(|l| l == "Anglais"),
        "no English among {languages:?}"
    );

    // A link that asks to come back somewhere else never leaves the site, whatever the
    // browser does with tabs and backslashes.
    for retour in [
        "/%09/evil.example/",
        "/%09%5Cevil.example/",
        "/%5Cevil.example",
        "//evil.example",
    ] {
        b.goto(&format!("/langue/fr?retour={retour}")).await;
        let url = b.url().await;
        assert!(url.starts_with(&p.server.base), "{retour} led to {url}");
    }

    b.close().await;
    p.finish().await;
}

// ------------------------------------------------------------------------------------------
// The guide's pictures
// ------------------------------------------------------------------------------------------

/// One row of `guide/screens-*.tsv`: a picture, its size, who looks, and where.
struct GuideShot {
    name: String,
    size: (u32, u32),
    who: String,
    path: String,
    row: String,
}

fn guide_shots() -> Vec<GuideShot> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("guide");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("screens-") && n.ends_with(".tsv"))
        })
        .collect();
    files.sort();
    let mut shots = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            assert!(c.len() >= 5, "{}: short row {line:?}", f.display());
            shots.push(GuideShot {
                name: c[0].to_string(),
                size: (c[1].parse().unwrap(), c[2].parse().unwrap()),
                who: c[3].to_string(),
                path: c[4].to_string(),
                row: line.to_string(),
            });
        }
    }
    shots
}

/// Squeezes a screenshot with pngquant until it weighs at most 80 KB.
fn squeeze(png: &[u8], name: &str) -> Vec<u8> {
    use std::io::Write;
    for quality in ["60-85", "40-70", "20-50"] {
        let mut child = std::process::Command::new("pngquant")
            .args(["--quality", quality, "--speed", "1", "--strip", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("pngquant is missing ({e}): run `bash tests/deps.sh`"));
        child.stdin.take().unwrap().write_all(png).unwrap();
        let out = child.wait_with_output().unwrap();
        if out.status.success() && out.stdout.len() <= 80 * 1024 {
            return out.stdout;
        }
    }
    panic!("{name}: no quality of pngquant gets it under 80 KB");
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every picture of the guide, made from the real program: the training instance
/// (`palabre demo`) for what staff and visitors see, a brand-new instance for the first
/// start and, once set up, for what the training instance does not show (the public link). Each is the screen at the size its row names, squeezed under 80 KB, written to
/// `target/browser-screens/guide/` on every run, and, with `PALABRE_GUIDE_PICTURES=1`, into
/// `guide/images/` with the record `made.tsv` that `tests/guide.rs` checks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_pictures_come_from_the_program() {
    let shots = guide_shots();
    let write = std::env::var_os("PALABRE_GUIDE_PICTURES").is_some();
    let out = harness::screens_dir().join("guide");
    std::fs::create_dir_all(&out).unwrap();
    let home = tempfile::tempdir().unwrap();
    let demo = harness::Server::start_demo(home.path());
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = harness::Server::start(fresh_dir.path());
    let accounts = [
        ("admin", "responsable", "formation-admin"),
        ("moderator", "moderatrice", "formation-moderation"),
        ("facilitator", "animateur", "formation-atelier"),
    ];
    let mut made = Vec::new();
    let mut groups: Vec<(String, (u32, u32))> = Vec::new();
    for s in &shots {
        if !groups.contains(&(s.who.clone(), s.size)) {
            groups.push((s.who.clone(), s.size));
        }
    }
    for (who, size) in groups {
        let server = if who.starts_with("fresh") {
            &fresh
        } else {
            &demo
        };
        let b =
            Browser::open_with_ratio(&format!("guide-{who}-{}", size.0), &server.base, size, 1.0)
                .await;
        // What the training instance does not show (its public link is off) is pictured on
        // the new instance, once its own pictures are taken and its setup is done.
        if who == "fresh-admin" {
            b.goto(
                fresh
                    .setup_url
                    .as_deref()
                    .expect("the new instance's setup address"),
            )
            .await;
            b.fill("Nom de la consultation", ANSWERS.site_name).await;
            b.fill("Organisation qui consulte", ANSWERS.organisation)
                .await;
            b.fill("Votre identifiant", ANSWERS.login).await;
            b.fill("Mot de passe", PASSWORD).await;
            b.fill("Mot de passe, une seconde fois", PASSWORD).await;
            b.click_button("Créer la consultation").await;
            assert_eq!(b.h1().await, "Tableau de bord");
        }
        if let Some((_, login, password)) = accounts.iter().find(|(w, _, _)| *w == who) {
            b.goto("/admin/connexion").await;
            b.fill("Identifiant", login).await;
            b.fill("Mot de passe", password).await;
            b.click_button("Se connecter").await;
            assert!(
                b.path().await.starts_with("/admin"),
                "{login} could not sign in to the training instance"
            );
        }
        for s in shots.iter().filter(|s| s.who == who && s.size == size) {
            let path = match fresh.setup_url.as_deref() {
                Some(setup) if s.path.contains("{token}") => setup.to_string(),
                _ => s.path.clone(),
            };
            b.goto(&path).await;
            let status = b.js("return document.title;").await;
            assert!(
                !status.as_str().unwrap_or("").contains("introuvable"),
                "{}: {path} shows no page ({status})",
                s.name
            );
            let png = b.client().screenshot().await.expect("take a screenshot");
            let png = squeeze(&png, &s.name);
            let file = out.join(format!("{}.png", s.name));
            std::fs::write(&file, &png).unwrap();
            if write {
                let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/images");
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join(format!("{}.png", s.name)), &png).unwrap();
            }
            let hash = &sha256_hex(s.row.as_bytes())[..16];
            made.push(format!("{}\t{hash}\t{}", s.name, sha256_hex(&png)));
            assert_eq!(
                (
                    u32::from_be_bytes(png[16..20].try_into().unwrap()),
                    u32::from_be_bytes(png[20..24].try_into().unwrap())
                ),
                s.size,
                "{}: not the size of its row",
                s.name
            );
        }
        b.close().await;
    }
    if write {
        made.sort();
        std::fs::write(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/images/made.tsv"),
            made.join("\n") + "\n",
        )
        .unwrap();
    }
    println!("{} pictures in {}", made.len(), out.display());
}

#[path = "browser/guide_walk.rs"]
mod guide_walk;
