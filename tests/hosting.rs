//! The national site on a server, as `contrib/` sets it up: Palabre started with the
//! `ExecStart` line of `contrib/palabre.service`, the real nginx (`contrib/nginx-palabre.conf`)
//! or Caddy (`contrib/Caddyfile`) in front, Litestream replicating with `contrib/litestream-sftp.yml` to
//! a real OpenSSH server. Each test reads those very files and replaces only ports, paths and
//! keys (a replacement that finds nothing fails the test: the files and the tests move
//! together).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::sshd::{Sshd, ssh_keygen};
use common::{PASSWORD, Server, csrf_from, free_port, hidden_value, set_up};

const DOMAIN: &str = "consultation.example.ci";

fn contrib(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contrib")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces `from` by `to` in `text`, and fails when `from` is not there.
fn swap(text: &mut String, from: &str, to: &str) {
    assert!(
        text.contains(from),
        "the contrib file no longer has {from:?}: update this test with it"
    );
    *text = text.replace(from, to);
}

/// Palabre started as `contrib/palabre.service` starts it, on `port` and `data_dir`.
fn palabre_as_the_unit_starts_it(data_dir: &Path, port: u16) -> Server {
    let unit = contrib("palabre.service");
    let line = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("an ExecStart line");
    let mut line = line.to_string();
    swap(&mut line, "--port 8080", &format!("--port {port}"));
    swap(
        &mut line,
        "--data-dir /var/lib/palabre",
        &format!("--data-dir {}", data_dir.display()),
    );
    let mut words = line.split_whitespace();
    assert_eq!(words.next(), Some("/usr/local/bin/palabre"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.args(words)
        .env_remove("PALABRE_TRUSTED_PROXY")
        .env_remove("PALABRE_PUBLIC_URL")
        .stdin(Stdio::null());
    let mut server = Server::spawn(cmd, port);
    server.wait_healthy();
    server
}

/// The reverse proxy in front of Palabre, on loopback ports, killed when dropped.
struct Front {
    name: &'static str,
    child: Child,
    log: PathBuf,
    https: u16,
    /// The plain-HTTP port, when the test checks its redirect to HTTPS.
    http: Option<u16>,
}

impl Front {
    /// The real nginx with `contrib/nginx-palabre.conf`.
    fn nginx(dir: &Path, upstream: u16) -> Front {
        let (https, http) = (free_port(), free_port());
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        let out = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", &format!("/CN={DOMAIN}")])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .expect("openssl");
        assert!(out.status.success(), "{out:?}");
        let mut site = contrib("nginx-palabre.conf");
        swap(
            &mut site,
            "server 127.0.0.1:8080;",
            &format!("server 127.0.0.1:{upstream};"),
        );
        swap(
            &mut site,
            "listen 80;",
            &format!("listen 127.0.0.1:{http};"),
        );
        swap(&mut site, "listen [::]:80;", "");
        swap(
            &mut site,
            "listen 443 ssl http2;",
            &format!("listen 127.0.0.1:{https} ssl http2;"),
        );
        swap(&mut site, "listen [::]:443 ssl http2;", "");
        swap(
            &mut site,
            &format!("/etc/letsencrypt/live/{DOMAIN}/fullchain.pem"),
            &cert.display().to_string(),
        );
        swap(
            &mut site,
            &format!("/etc/letsencrypt/live/{DOMAIN}/privkey.pem"),
            &key.display().to_string(),
        );
        let d = dir.display();
        let main = format!(
            "worker_processes 1;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/error.log;\n\
             user root;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n\
               access_log {d}/access.log;\n\
               client_body_temp_path {d}/body;\n\
               proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi;\n\
               uwsgi_temp_path {d}/uwsgi;\n\
               scgi_temp_path {d}/scgi;\n\
               {site}\n\
             }}\n"
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, main).unwrap();
        let test = Command::new("nginx")
            .arg("-t")
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .output()
            .expect("nginx (run bash tests/deps.sh)");
        assert!(
            test.status.success(),
            "nginx -t refuses contrib/nginx-palabre.conf:\n{}",
            String::from_utf8_lossy(&test.stderr)
        );
        let child = Command::new("nginx")
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        Front {
            name: "nginx",
            child,
            log: dir.join("error.log"),
            https,
            http: Some(http),
        }
        .listening()
    }

    /// The real Caddy with `contrib/Caddyfile`: its own certificate authority instead of
    /// Let's Encrypt (no internet here), no admin endpoint, loopback ports.
    fn caddy(dir: &Path, upstream: u16) -> Front {
        let https = free_port();
        let mut site = contrib("Caddyfile");
        swap(
            &mut site,
            &format!("{DOMAIN} {{"),
            &format!("{DOMAIN} {{\n    tls internal\n    bind 127.0.0.1"),
        );
        swap(
            &mut site,
            "reverse_proxy 127.0.0.1:8080",
            &format!("reverse_proxy 127.0.0.1:{upstream}"),
        );
        let conf = dir.join("Caddyfile");
        let global = format!(
            "{{\n    admin off\n    auto_https disable_redirects\n    skip_install_trust\n    \
             https_port {https}\n    http_port {}\n}}\n",
            free_port()
        );
        std::fs::write(&conf, format!("{global}{site}")).unwrap();
        let log = dir.join("caddy.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&conf)
            .env("HOME", dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("caddy (run bash tests/deps.sh)");
        Front {
            name: "caddy",
            child,
            log,
            https,
            http: None,
        }
        .listening()
    }

    /// Waits until the HTTPS port answers a TLS handshake.
    fn listening(mut self) -> Front {
        let deadline = Instant::now() + Duration::from_secs(20);
        let probe = person(IpAddr::from([127, 0, 0, 1]), &self);
        while probe
            .get(format!("https://{DOMAIN}:{}/healthz", self.https))
            .send()
            .is_err()
        {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{} exited with {status}:\n{}", self.name, self.log());
            }
            assert!(
                Instant::now() < deadline,
                "{} did not listen:\n{}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        // TERM first: nginx's master then stops its workers (a KILL would leave them
        // holding the port).
        signal("-TERM", &[self.child.id()]);
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("── {} log ──\n{}", self.name, self.log());
        }
    }
}

/// Sends `signal` (`-TERM`, `-KILL`) to the processes `pids`, all in one `kill`.
fn signal(signal: &str, pids: &[u32]) {
    let _ = Command::new("kill")
        .arg(signal)
        .args(pids.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The tests of this file one at a time (`cargo test` runs them as threads): the drill
/// measures time windows, and a busy machine would blur them.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

/// A person's browser on the loopback address `from` (each person has their own), reaching
/// the site by its name through the front.
fn person(from: IpAddr, front: &Front) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .danger_accept_invalid_certs(true)
        .local_address(from)
        .resolve(DOMAIN, SocketAddr::from(([127, 0, 0, 1], front.https)))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// A wrong sign-in; returns the status.
fn wrong_sign_in(
    c: &reqwest::blocking::Client,
    base: &str,
    login: &str,
    forged: Option<&str>,
) -> u16 {
    sign_in(c, base, login, "pas le bon mot de passe", forged)
}

fn sign_in(
    c: &reqwest::blocking::Client,
    base: &str,
    login: &str,
    password: &str,
    forged: Option<&str>,
) -> u16 {
    let page = c
        .get(format!("{base}/admin/connexion"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&page);
    let mut req = c.post(format!("{base}/admin/connexion")).form(&[
        ("csrf_token", token.as_str()),
        ("login", login),
        ("password", password),
    ]);
    if let Some(f) = forged {
        req = req
            .header("X-Forwarded-For", f)
            .header("Forwarded", format!("for={f};proto=https"));
    }
    req.send().unwrap().status().as_u16()
}

/// Behind nginx with `--trusted-proxy`, each person has their own limits, links carry the
/// public address, cookies are Secure; a forged `X-Forwarded-For` counts for nothing, through
/// nginx or straight to Palabre.
#[test]
fn behind_nginx_each_person_has_their_own_limits_and_forged_headers_count_for_nothing() {
    let _alone = one_at_a_time();
    behind_a_proxy(Front::nginx);
}

/// The same behind Caddy.
#[test]
fn behind_caddy_each_person_has_their_own_limits_and_forged_headers_count_for_nothing() {
    let _alone = one_at_a_time();
    behind_a_proxy(Front::caddy);
}

fn behind_a_proxy(start: fn(&Path, u16) -> Front) {
    let dir = common::tempdir();
    let data = dir.path().join("data");
    let front_dir = dir.path().join("front");
    std::fs::create_dir_all(&front_dir).unwrap();
    let port = free_port();
    let mut server = palabre_as_the_unit_starts_it(&data, port);
    let console = server.output();
    assert!(
        console.contains("Relais inverses de confiance\u{a0}: 127.0.0.1/32, ::1/128"),
        "{console}"
    );
    assert!(
        console.contains(&format!(
            "Adresse publique des liens\u{a0}: https://{DOMAIN}"
        )),
        "{console}"
    );
    set_up(&mut server, "Consultation nationale PGO");
    let front = start(&front_dir, port);
    let site = format!("https://{DOMAIN}:{}", front.https);

    // Plain HTTP sends people to HTTPS.
    let awa = person(ip("127.0.0.2"), &front);
    if let Some(http) = front.http {
        let plain = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve(DOMAIN, SocketAddr::from(([127, 0, 0, 1], http)))
            .build()
            .unwrap();
        let r = plain
            .get(format!("http://{DOMAIN}:{http}/propositions"))
            .send()
            .unwrap();
        assert_eq!(r.status(), 301);
        assert_eq!(
            r.headers()["location"],
            format!("https://{DOMAIN}/propositions").as_str()
        );
    }

    // A citizen proposes through the proxy: Secure cookies, and the follow-up link carries the
    // public address, not the loopback one Palabre listens on.
    let r = awa
        .get(format!("{site}/propositions/nouvelle"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("palabre_csrf=") && c.contains("Secure")),
        "{cookies:?}"
    );
    // The participant's cookie too, and the language chosen (wapiti found them without).
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("palabre_participant=") && c.contains("Secure")),
        "{cookies:?}"
    );
    let form = r.text().unwrap();
    let lang = awa
        .get(format!("{site}/langue/en?retour=/"))
        .send()
        .unwrap();
    let lang_cookie = lang
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("palabre_lang="))
        .unwrap_or_else(|| panic!("no language cookie"));
    assert!(lang_cookie.contains("Secure"), "{lang_cookie}");
    awa.get(format!("{site}/langue/fr?retour=/"))
        .send()
        .unwrap();
    let mut fields: Vec<(String, String)> = ["csrf_token", "form_ts", "submission", "consultation"]
        .iter()
        .filter_map(|n| hidden_value(&form, n).map(|v| (n.to_string(), v)))
        .collect();
    for (k, v) in [
        ("title", "Un éclairage solaire dans chaque centre de santé"),
        ("problem", "Les centres de santé ferment à la nuit tombée."),
        ("solution", "Installer des panneaux solaires."),
        ("benefit", "Des soins la nuit."),
        ("theme", "sante"),
        ("zone", "gbeke"),
        ("contributor_type", "citoyen"),
        ("ogp_values", "transparence"),
        ("language", "fr"),
        ("website", ""),
    ] {
        fields.push((k.to_string(), v.to_string()));
    }
    // A person takes a moment to write.
    std::thread::sleep(Duration::from_millis(2100));
    let r = awa
        .post(format!("{site}/propositions/nouvelle"))
        .form(&fields)
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    let follow = r.headers()["location"].to_str().unwrap().to_string();
    let page = awa.get(format!("{site}{follow}")).send().unwrap();
    let page = page.text().unwrap();
    assert!(
        page.contains(&format!("https://{DOMAIN}/suivi/")),
        "the follow-up link should carry the public address:\n{page}"
    );

    // Awa's address gets 20 wrong sign-ins, each forging another X-Forwarded-For and
    // Forwarded: the proxy replaces the one and drops the other, so all count against her
    // address, and the next is held back.
    for i in 0..20 {
        let forged = format!("198.51.100.{i}");
        let status = wrong_sign_in(&awa, &site, &format!("essai{i}"), Some(&forged));
        assert!(status == 401 || status == 429, "{status}");
    }
    assert_eq!(
        sign_in(&awa, &site, "awa.kone", PASSWORD, Some("203.0.113.77")),
        429,
        "20 wrong passwords from one address hold it back"
    );
    // Yao, at another address behind the same proxy, signs in: his limits are his own.
    let yao = person(ip("127.0.0.3"), &front);
    assert_eq!(sign_in(&yao, &site, "awa.kone", PASSWORD, None), 303);

    // Straight to Palabre (not through the proxy), a forged header is ignored: the forger's own
    // address is held back, not the one it names, and changing it does not help.
    let direct = format!("http://127.0.0.1:{port}");
    let forger = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(ip("127.0.0.4"))
        .build()
        .unwrap();
    for i in 0..20 {
        let status = wrong_sign_in(&forger, &direct, &format!("x{i}"), Some("127.0.0.5"));
        assert!(status == 401 || status == 429, "{status}");
    }
    assert_eq!(
        sign_in(&forger, &direct, "awa.kone", PASSWORD, Some("127.0.0.6")),
        429
    );
    // The address it named is not held back: someone there signs in through the proxy.
    let named = person(ip("127.0.0.5"), &front);
    assert_eq!(sign_in(&named, &site, "awa.kone", PASSWORD, None), 303);
    // Direct connections get no Secure cookie (plain HTTP), whatever they claim.
    let r = reqwest::blocking::Client::new()
        .get(format!("{direct}/propositions/nouvelle"))
        .header("X-Forwarded-Proto", "https")
        .send()
        .unwrap();
    let csrf = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("palabre_csrf="))
        .unwrap();
    // 127.0.0.1 is a trusted proxy: its word counts. From elsewhere it would not.
    assert!(csrf.contains("Secure"), "{csrf}");
    let r = reqwest::blocking::Client::builder()
        .local_address(ip("127.0.0.4"))
        .build()
        .unwrap()
        .get(format!("{direct}/propositions/nouvelle"))
        .header("X-Forwarded-Proto", "https")
        .send()
        .unwrap();
    let csrf = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("palabre_csrf="))
        .unwrap();
    assert!(!csrf.contains("Secure"), "{csrf}");
    server.terminate(Duration::from_secs(15));
}

/// The unit is one systemd accepts, and its hardening scores "OK" or better.
#[test]
fn the_systemd_unit_is_valid_and_hardened() {
    let Ok(analyze) = which("systemd-analyze") else {
        panic!("systemd-analyze is missing (Debian package systemd)");
    };
    let dir = common::tempdir();
    let mut unit = contrib("palabre.service");
    swap(
        &mut unit,
        "/usr/local/bin/palabre",
        env!("CARGO_BIN_EXE_palabre"),
    );
    let path = dir.path().join("palabre.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new(&analyze)
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
    let out = Command::new(&analyze)
        .args(["security", "--offline=yes"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let level = text
        .lines()
        .find_map(|l| {
            l.split("Overall exposure level for palabre.service: ")
                .nth(1)
        })
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<f32>().ok())
        .unwrap_or_else(|| panic!("no exposure level:\n{text}"));
    assert!(level <= 2.0, "exposure {level}:\n{text}");
}

/// Both Litestream files of `contrib/` are read by the Litestream the tests install: one
/// database, its replica of the right kind (the S3 one cannot be exercised without S3).
#[test]
fn the_litestream_files_are_read_by_litestream() {
    for (file, kind) in [("litestream-sftp.yml", "sftp"), ("litestream-s3.yml", "s3")] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("contrib")
            .join(file);
        let out = Command::new(litestream())
            .args(["databases", "-config"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{file}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let row = text
            .lines()
            .find(|l| l.starts_with("/var/lib/palabre/palabre.sqlite3"))
            .unwrap_or_else(|| panic!("{file}: {text}"));
        assert_eq!(row.split_whitespace().nth(1), Some(kind), "{file}: {text}");
    }
}

fn which(name: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

// ----------------------------------------------------------------------------------------
// Continuous replication: the restore drill
// ----------------------------------------------------------------------------------------

/// Litestream, installed by `tests/deps.sh` into `<target dir>/litestream/litestream`
/// (`PALABRE_LITESTREAM` overrides the path).
fn litestream() -> PathBuf {
    const IN_TARGET: &str = "litestream/litestream";
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut places: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("PALABRE_LITESTREAM") {
        places.push(path.into());
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        places.push(manifest.join(dir).join(IN_TARGET));
    }
    // This test runs as <target dir>/debug/deps/hosting-<hash>.
    if let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
    {
        places.push(target.join(IN_TARGET));
    }
    places.push(manifest.join("target").join(IN_TARGET));
    places
        .into_iter()
        .find(|p| p.is_file())
        .expect("Litestream is missing: run `bash tests/deps.sh`")
}

/// `litestream replicate`, killed when dropped.
struct Replicator {
    child: Child,
    log: PathBuf,
}

impl Replicator {
    fn start(config: &Path, log: &Path) -> Replicator {
        let out = std::fs::File::create(log).unwrap();
        let child = Command::new(litestream())
            .args(["replicate", "-config"])
            .arg(config)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start litestream");
        Replicator {
            child,
            log: log.to_path_buf(),
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replicator {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            eprintln!("── litestream ──\n{}", self.log());
        }
    }
}

fn integrity(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// One submitter: its own address, a new participant (cookie) per proposal. Forms are
/// fetched in rounds of eight, then sent once a person could have filled them in; every
/// acknowledgement (303 to the follow-up page) is recorded with its time. The sixteen start
/// 140 ms apart, so that sending never pauses.
fn submitter(
    n: usize,
    base: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
    acked: Arc<Mutex<Vec<(String, Instant)>>>,
) {
    use std::sync::atomic::Ordering;
    let from = IpAddr::from([127, 0, 1, u8::try_from(n + 1).unwrap()]);
    // Staggered starts: some people are always sending, up to the loss.
    std::thread::sleep(Duration::from_millis(140 * n as u64));
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        let mut round = Vec::new();
        for _ in 0..8 {
            let c = reqwest::blocking::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .local_address(from)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let Ok(page) = c
                .get(format!("{base}/propositions/nouvelle"))
                .send()
                .and_then(|r| r.text())
            else {
                return;
            };
            let hidden: Vec<(String, String)> =
                ["csrf_token", "form_ts", "submission", "consultation"]
                    .iter()
                    .filter_map(|k| hidden_value(&page, k).map(|v| (k.to_string(), v)))
                    .collect();
            round.push((c, hidden));
        }
        std::thread::sleep(Duration::from_millis(2100));
        for (c, mut fields) in round {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let title = format!("Exercice de restauration {n}-{i}");
            i += 1;
            for (k, v) in [
                ("title", title.as_str()),
                ("problem", "Un disque peut lâcher à tout moment."),
                ("solution", "Une copie continue sur une autre machine."),
                ("benefit", "Rien de perdu."),
                ("theme", "sante"),
                ("zone", "gbeke"),
                ("contributor_type", "citoyen"),
                ("language", "fr"),
                ("website", ""),
            ] {
                fields.push((k.to_string(), v.to_string()));
            }
            let Ok(r) = c
                .post(format!("{base}/propositions/nouvelle"))
                .form(&fields)
                .send()
            else {
                return;
            };
            if r.status() == 303 {
                acked.lock().unwrap().push((title, Instant::now()));
            }
        }
    }
}

/// The drill of the guide's chapter 13: Palabre as the unit starts it, Litestream with
/// `contrib/litestream-sftp.yml` shipping to a real OpenSSH server, 16 people submitting, the
/// machine lost (both killed at once), `litestream restore` into a new folder. Palabre starts
/// there, every proposal acknowledged before the replication window (monitor interval + twice
/// the sync interval: 2.1 s with the contrib file) is in it, and both files pass
/// `integrity_check`. The figures, with the oldest loss, are printed for the README.
#[test]
fn the_restore_drill_loses_nothing_acknowledged_before_the_replication_window() {
    let _alone = one_at_a_time();
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = common::tempdir();
    let data = dir.path().join("data");
    let (keys, replica) = (dir.path().join("ssh"), dir.path().join("replica"));
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::create_dir_all(&replica).unwrap();

    // The backup server: a real sshd serving SFTP, with Litestream's key.
    let (host_key, client_key) = (keys.join("host_key"), keys.join("id_ed25519"));
    ssh_keygen(&host_key);
    ssh_keygen(&client_key);
    std::fs::copy(keys.join("id_ed25519.pub"), keys.join("authorized_keys")).unwrap();
    let sshd = Sshd::start_with(
        &keys,
        free_port(),
        &host_key,
        "Subsystem sftp internal-sftp",
    );
    let host_public = std::fs::read_to_string(keys.join("host_key.pub")).unwrap();
    let host_public = host_public
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");

    // Palabre, set up, then Litestream beside it.
    let port = free_port();
    let mut server = palabre_as_the_unit_starts_it(&data, port);
    let admin = set_up(&mut server, "Consultation nationale PGO");
    let base = server.base();
    let db = data.join("palabre.sqlite3");
    // `PALABRE_LITESTREAM_CONFIG` drills another configuration with the same values (another
    // Litestream line: 0.3 reads `replicas:` lists); the host key is pinned when it has one.
    let mut config = match std::env::var_os("PALABRE_LITESTREAM_CONFIG") {
        Some(other) => std::fs::read_to_string(other).unwrap(),
        None => contrib("litestream-sftp.yml"),
    };
    swap(
        &mut config,
        "path: /var/lib/palabre/palabre.sqlite3",
        &format!("path: {}", db.display()),
    );
    swap(
        &mut config,
        "host: sauvegarde.example.ci:22",
        &format!("host: 127.0.0.1:{}", sshd.port),
    );
    swap(&mut config, "user: palabre", &format!("user: {}", whoami()));
    swap(
        &mut config,
        "key-path: /etc/litestream/id_ed25519",
        &format!("key-path: {}", client_key.display()),
    );
    let pinned =
        "host-key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBACKUPSERVERKEYTOREPLACEWITHTHEREALONE";
    if std::env::var_os("PALABRE_LITESTREAM_CONFIG").is_none() || config.contains(pinned) {
        swap(&mut config, pinned, &format!("host-key: {host_public}"));
    }
    swap(
        &mut config,
        "path: /srv/replicas/palabre",
        &format!("path: {}", replica.display()),
    );
    // A commit waits at most one monitor interval to be seen and one sync interval to be
    // shipped; a send that overruns slips to the next tick. What was acknowledged longer
    // ago than that before the loss must be in the replica.
    let (monitor, sync) = (
        interval(&config, "monitor-interval"),
        interval(&config, "sync-interval"),
    );
    let window = monitor + 2 * sync;
    let config_path = dir.path().join("litestream.yml");
    std::fs::write(&config_path, &config).unwrap();
    let mut replicator = Replicator::start(&config_path, &dir.path().join("litestream.log"));

    // The backup page sees it, and Palabre hands checkpoints over (within 2 s).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page = admin
            .get(format!("{base}/admin/sauvegarde"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        if page.contains("Réplication continue en marche") && page.contains("checkpoints") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the backup page does not see Litestream:\n{page}\n{}\nsshd:\n{}",
            replicator.log(),
            sshd.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // `palabre backup` says it too.
    let copy = dir.path().join("copie.sqlite3");
    let (code, out, err) = common::run(
        &[
            "backup",
            "--data-dir",
            &data.display().to_string(),
            &copy.display().to_string(),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Réplication continue (Litestream)\u{a0}: suit la base"),
        "{out}"
    );

    // 16 people submit; after a while the machine is lost: both programs killed at once.
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let people: Vec<_> = (0..16)
        .map(|n| {
            let (base, stop, acked) = (base.clone(), stop.clone(), acked.clone());
            std::thread::spawn(move || submitter(n, base, stop, acked))
        })
        .collect();
    std::thread::sleep(Duration::from_secs(8));
    // One `kill` for both: the machine is lost at once.
    signal("-KILL", &[server.child.id(), replicator.child.id()]);
    server.stop();
    replicator.kill();
    let lost_at = Instant::now();
    stop.store(true, Ordering::SeqCst);
    for p in people {
        p.join().unwrap();
    }
    assert_eq!(integrity(&db), "ok", "the live file");

    // Restore into a new folder, as the guide says, and start Palabre there.
    let fresh = dir.path().join("restored");
    let restored = fresh.join("palabre.sqlite3");
    let out = Command::new(litestream())
        .args(["restore", "-config"])
        .arg(&config_path)
        .arg("-o")
        .arg(&restored)
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "litestream restore: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(integrity(&restored), "ok", "the restored file");
    let mut again = palabre_as_the_unit_starts_it(&fresh, free_port());
    assert_eq!(
        reqwest::blocking::get(format!("{}/propositions", again.base()))
            .unwrap()
            .status(),
        200
    );
    again.terminate(Duration::from_secs(15));

    let titles: HashMap<String, ()> = {
        let c = rusqlite::Connection::open(&restored).unwrap();
        let mut st = c
            .prepare("SELECT title FROM proposals WHERE title LIKE 'Exercice de restauration %'")
            .unwrap();
        st.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|t| (t.unwrap(), ()))
            .collect()
    };
    let acked = acked.lock().unwrap();
    let (mut before, mut within, mut lost_before, mut lost_window) = (0, 0, 0, 0);
    let oldest_lost = acked
        .iter()
        .filter(|(t, _)| !titles.contains_key(t))
        .map(|(_, at)| lost_at.duration_since(*at))
        .max()
        .unwrap_or_default();
    for (title, at) in acked.iter() {
        let in_window = lost_at.duration_since(*at) <= window;
        let present = titles.contains_key(title);
        match (in_window, present) {
            (false, true) => before += 1,
            (false, false) => lost_before += 1,
            (true, true) => within += 1,
            (true, false) => lost_window += 1,
        }
    }
    let figure = format!(
        "restore drill: {} acknowledged ({} more than {window:?} before the loss, {} \
         within it); restored {} of the first and {} of the second; lost {lost_before} + \
         {lost_window}, the oldest lost acknowledged {oldest_lost:.2?} before the loss; {} in \
         the replica in all",
        acked.len(),
        before + lost_before,
        within + lost_window,
        before,
        within,
        titles.len()
    );
    eprintln!("{figure}");
    assert!(acked.len() >= 100, "too few submissions to judge: {figure}");
    assert_eq!(lost_before, 0, "{figure}");
}

/// A duration setting of the Litestream configuration (`100ms`, `1s`).
fn interval(config: &str, key: &str) -> Duration {
    let value = config
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in contrib/litestream-sftp.yml"))
        .trim();
    if let Some(ms) = value.strip_suffix("ms") {
        Duration::from_millis(ms.parse().unwrap())
    } else if let Some(s) = value.strip_suffix('s') {
        Duration::from_secs(s.parse().unwrap())
    } else {
        panic!("{key}: {value} is neither ms nor s")
    }
}

fn whoami() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
