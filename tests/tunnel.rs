//! The public link against a real OpenSSH server started on loopback with its own config and
//! keys (Debian `openssh-server`, installed by tests/deps.sh), and the real `palabre` binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::sshd::{Sshd, ssh_keygen};
use common::{PASSWORD, Server, client, csrf_from, free_port};

fn whoami() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Everything a test needs: keys, sshd, palabre started with `--tunnel`, an admin signed in.
struct Rig {
    dir: tempfile::TempDir,
    sshd: Sshd,
    server: Server,
    remote_port: u16,
    web: reqwest::blocking::Client,
    host_key: PathBuf,
}

impl Rig {
    fn new() -> Rig {
        let dir = common::tempdir();
        let keys = dir.path().join("keys");
        std::fs::create_dir_all(&keys).unwrap();
        let host_key = keys.join("host1");
        ssh_keygen(&host_key);
        let client_key = keys.join("client");
        ssh_keygen(&client_key);
        std::fs::copy(keys.join("client.pub"), keys.join("authorized_keys")).unwrap();
        let ssh_port = free_port();
        let sshd = Sshd::start(&keys, ssh_port, &host_key);
        let remote_port = free_port();
        let web_port = free_port();
        let spec = format!("ssh://{}@127.0.0.1:{ssh_port}", whoami());
        let mut server = Server::start_with(
            &common::data_dir(&dir),
            &[
                "--port",
                &web_port.to_string(),
                "--tunnel",
                &spec,
                "--tunnel-identity",
                &client_key.to_string_lossy(),
                "--tunnel-remote-port",
                &remote_port.to_string(),
            ],
            web_port,
        );
        server.wait_healthy();
        let web = client();
        // First-run setup, on the direct connection.
        let setup = server.setup_url().expect("setup address");
        let page = web.get(&setup).send().unwrap().text().unwrap();
        let token = csrf_from(&page);
        let r = web
            .post(&setup)
            .form(&[
                ("csrf_token", token.as_str()),
                ("site_name", "Consultation tunnel"),
                ("organisation", "Ministère"),
                ("login", "awa.kone"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("language", "fr"),
            ])
            .send()
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
        Rig {
            dir,
            sshd,
            server,
            remote_port,
            web,
            host_key,
        }
    }

    fn keys(&self) -> PathBuf {
        self.dir.path().join("keys")
    }

    fn public(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.remote_port)
    }

    /// The state code shown on the admin page, and the page.
    fn state(&self) -> (String, String) {
        let page = self
            .web
            .get(format!("{}/admin/internet", self.server.base()))
            .send()
            .unwrap()
            .text()
            .unwrap();
        let re = regex::Regex::new(r#"data-state="([a-z]+)""#).unwrap();
        let code = re
            .captures(&page)
            .map(|c| c[1].to_string())
            .unwrap_or_else(|| panic!("no state in:\n{page}"));
        (code, page)
    }

    fn wait_state(&self, code: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let (now, page) = self.state();
            if now == code {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "state {now} instead of {code}:\n{page}\nsshd:\n{}",
                self.sshd.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn admin_post(&self, fields: &[(&str, &str)]) -> reqwest::blocking::Response {
        let page = self
            .web
            .get(format!("{}/admin/internet", self.server.base()))
            .send()
            .unwrap()
            .text()
            .unwrap();
        let token = csrf_from(&page);
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.web
            .post(format!("{}/admin/internet", self.server.base()))
            .form(&all)
            .send()
            .unwrap()
    }

    fn start_ssh(&self, key: Option<&Path>, password: &str) -> reqwest::blocking::Response {
        self.ssh_form("start", key, password, false)
    }

    fn ssh_form(
        &self,
        action: &str,
        key: Option<&Path>,
        password: &str,
        allow_staff: bool,
    ) -> reqwest::blocking::Response {
        let key = key
            .map(|k| k.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ssh_port = self.sshd.port.to_string();
        let remote = self.remote_port.to_string();
        let user = whoami();
        let mut fields = vec![
            ("action", action),
            ("provider", "ssh"),
            ("host", "127.0.0.1"),
            ("port", &ssh_port),
            ("user", &user),
            ("remote_port", &remote),
            ("public_url", ""),
            ("key_path", &key),
            ("password", password),
        ];
        if allow_staff {
            fields.push(("allow_staff", "1"));
        }
        self.admin_post(&fields)
    }
}

fn get_ok(url: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .send()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

fn port_closed(port: u16, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(
            &format!("127.0.0.1:{port}").parse().unwrap(),
            Duration::from_millis(500),
        )
        .is_err()
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn the_tunnel_forwards_the_site_and_keeps_staff_pages_local() {
    let mut rig = Rig::new();
    let public_url = format!("http://127.0.0.1:{}/", rig.remote_port);
    assert!(
        rig.server
            .wait_line(|l| l.contains(&public_url), Duration::from_secs(20))
            .is_some(),
        "the console does not announce {public_url}:\n{}\nsshd:\n{}",
        rig.server.output(),
        rig.sshd.log()
    );
    // The forwarded port serves the home page.
    let home = get_ok(&rig.public(""));
    assert_eq!(home.status(), 200);
    assert!(home.text().unwrap().contains("Consultation tunnel"));
    // The privacy page tells visitors their traffic now crosses a relay.
    let privacy = get_ok(&rig.public("/confidentialite")).text().unwrap();
    assert!(privacy.contains("par un service relais"), "{privacy}");
    // The admin page tells the address, with a QR code and the poster.
    let page = rig.wait_state("public", Duration::from_secs(5));
    assert!(page.contains(&public_url), "{page}");
    assert!(page.contains("<svg"));
    let poster = rig
        .web
        .get(format!("{}/admin/internet/affiche", rig.server.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(poster.contains(&public_url) && poster.contains("<svg"));
    // The staff banner shows on admin pages while public.
    let admin = rig
        .web
        .get(format!("{}/admin", rig.server.base()))
        .send()
        .unwrap();
    assert_eq!(admin.status(), 200);
    assert!(admin.text().unwrap().contains("public-banner"));

    // Staff pages through the tunnel: 403 with an explanation, even with the session cookie
    // (the same client sends it: cookies do not depend on the port).
    for path in ["/admin", "/admin/connexion", "/admin/internet", "/%61dmin"] {
        let r = rig.web.get(rig.public(path)).send().unwrap();
        assert_eq!(r.status(), 403, "{path}");
        assert!(r.text().unwrap().contains("réservée à l'équipe"), "{path}");
    }

    // Stopping the link closes the public port.
    let r = rig.admin_post(&[("action", "stop")]);
    assert_eq!(r.status(), 303);
    rig.wait_state("stopped", Duration::from_secs(10));
    assert!(
        port_closed(rig.remote_port, Duration::from_secs(10)),
        "the public port is still open after stop"
    );

    // Started again from the admin page.
    let key = rig.keys().join("client");
    let r = rig.start_ssh(Some(&key), "");
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    rig.wait_state("public", Duration::from_secs(20));
    assert_eq!(get_ok(&rig.public("")).status(), 200);

    // Published at once while public: the page recommends "after review".
    let settings = rig
        .web
        .get(format!("{}/admin/reglages", rig.server.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&settings);
    let r = rig
        .web
        .post(format!("{}/admin/reglages", rig.server.base()))
        .form(&[
            ("csrf_token", token.as_str()),
            ("moderation_mode", "a_posteriori"),
            ("upload_max_mb", "10"),
            ("report_threshold", "3"),
            ("licence", "licence-ouverte"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, page) = rig.state();
    assert!(
        page.contains("nous recommandons de publier") && page.contains("href=\"/admin/reglages\""),
        "{page}"
    );

    // Staff allowed through the link: sign-in works there, and the cookie is Secure.
    let r = rig.ssh_form("save", Some(&key), "", true);
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    rig.wait_state("public", Duration::from_secs(5));
    let visitor = client();
    let login = rig.public("/admin/connexion");
    let page = visitor.get(&login).send().unwrap();
    assert_eq!(page.status(), 200);
    // Through a raw ssh:// forward the visitor writes X-Forwarded-Proto (only localhost.run's
    // HTTP front does it for real): the scheme comes from the public address, plain http
    // here, so no Secure cookie whatever the header claims, and staff can sign in.
    let sign_in = |proto: &str| {
        // Each sign-in renews the form cookie: a fresh form each time.
        let token = csrf_from(&visitor.get(&login).send().unwrap().text().unwrap());
        let r = visitor
            .post(&login)
            .header("X-Forwarded-Proto", proto)
            .form(&[
                ("csrf_token", token.as_str()),
                ("login", "awa.kone"),
                ("password", PASSWORD),
            ])
            .send()
            .unwrap();
        assert_eq!(r.status(), 303);
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("palabre_session="))
            .unwrap_or_default()
            .to_string()
    };
    let cookie = sign_in("https");
    assert!(
        !cookie.contains("Secure"),
        "a visitor's header made the link HTTPS: {cookie}"
    );
    let cookie = sign_in("http");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert_eq!(
        visitor.get(rig.public("/admin")).send().unwrap().status(),
        200,
        "signed in through the plain-http link"
    );
    // An ssh:// link is a raw TCP forward: nobody adds X-Forwarded-For, so the visitor's own
    // header counts for nothing. Sign-in failures are counted on the originator address the
    // SSH server gave: the 20th locks it, whatever addresses the header claims.
    let stranger = client();
    let token = csrf_from(&stranger.get(&login).send().unwrap().text().unwrap());
    let mut statuses = Vec::new();
    for i in 0..21 {
        let r = stranger
            .post(&login)
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("login", &format!("nobody{i}")),
                ("password", "wrong-password-123"),
            ])
            .send()
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses[..19], [401; 19], "{statuses:?}");
    assert_eq!(
        statuses[19..],
        [429, 429],
        "made-up forwarded addresses evaded the limit: {statuses:?}"
    );
    // Not allowed any more: 403 again.
    let r = rig.ssh_form("save", Some(&key), "", false);
    assert_eq!(r.status(), 303);
    assert_eq!(
        visitor.get(rig.public("/admin")).send().unwrap().status(),
        403
    );

    // A visitor who never reads does not stop the others.
    let slow = std::thread::spawn({
        let port = rig.remote_port;
        move || {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_write_timeout(Some(Duration::from_secs(15))).unwrap();
            let request = b"GET /guide HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000);
            let mut sent = 0usize;
            for _ in 0..400 {
                match s.write(&request) {
                    Ok(n) => sent += n,
                    Err(_) => break,
                }
            }
            eprintln!("slow visitor sent {sent} bytes");
            // Hold the connection without reading for a while.
            std::thread::sleep(Duration::from_secs(8));
            sent
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..10 {
        let t = Instant::now();
        let r = get_ok(&rig.public("/propositions"));
        assert_eq!(r.status(), 200);
        assert!(r.text().unwrap().contains("Consultation tunnel"));
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }
    assert_eq!(rig.state().0, "public");
    let sent = slow.join().unwrap();
    assert!(sent > 0);
    assert_eq!(get_ok(&rig.public("")).status(), 200);

    // Killing sshd: the link says it reconnects; sshd back with the same key: public again.
    rig.sshd.kill();
    let page = rig.wait_state("reconnecting", Duration::from_secs(10));
    assert!(page.contains("Connexion perdue"), "{page}");
    rig.sshd = Sshd::start(&rig.keys(), rig.sshd.port, &rig.host_key.clone());
    rig.wait_state("public", Duration::from_secs(30));
    assert_eq!(get_ok(&rig.public("")).status(), 200);

    // A new host key: the tunnel stops with a warning.
    rig.sshd.kill();
    let other = rig.keys().join("host2");
    ssh_keygen(&other);
    rig.sshd = Sshd::start(&rig.keys(), rig.sshd.port, &other);
    let page = rig.wait_state("stopped", Duration::from_secs(30));
    assert!(page.contains("la clé du serveur a changé"), "{page}");
    assert!(page.contains("SHA256:"), "{page}");
    assert!(port_closed(rig.remote_port, Duration::from_secs(5)));

    // The admin checked and accepts the new key; a key the server does not know: refused.
    let r = rig.admin_post(&[("action", "forget-host-key")]);
    assert_eq!(r.status(), 303);
    let stranger = rig.keys().join("stranger");
    ssh_keygen(&stranger);
    rig.start_ssh(Some(&stranger), "");
    let page = rig.wait_state("stopped", Duration::from_secs(20));
    assert!(page.contains("authentification échouée"), "{page}");
    // A wrong password: refused too.
    rig.start_ssh(None, "not-the-password");
    let page = rig.wait_state("stopped", Duration::from_secs(20));
    assert!(page.contains("authentification échouée"), "{page}");
    // The right key works with the new host key.
    rig.start_ssh(Some(&key), "");
    rig.wait_state("public", Duration::from_secs(20));
    assert_eq!(get_ok(&rig.public("")).status(), 200);

    // The link ends with the program.
    rig.server.stop();
    assert!(
        port_closed(rig.remote_port, Duration::from_secs(10)),
        "the public port outlived palabre"
    );
}

#[test]
fn a_spoofed_forwarded_for_on_a_direct_connection_is_ignored() {
    let dir = common::tempdir();
    let port = free_port();
    let mut server = Server::start(&common::data_dir(&dir), port);
    server.wait_healthy();
    let web = client();
    let login = format!("{}/admin/connexion", server.base());
    let page = web.get(&login).send().unwrap().text().unwrap();
    let token = csrf_from(&page);
    // 20 failures from one address lock it, whatever X-Forwarded-For says.
    let mut statuses = Vec::new();
    for i in 0..21 {
        let r = web
            .post(&login)
            .header("X-Forwarded-For", format!("203.0.113.{i}"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("login", &format!("nobody{i}")),
                ("password", "wrong-password-123"),
            ])
            .send()
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    // The 20th failure locks the address (every login differs: no account is locked).
    assert_eq!(statuses[..19], [401; 19], "{statuses:?}");
    assert_eq!(statuses[19..], [429, 429], "{statuses:?}");
}

#[test]
fn the_command_line_has_the_tunnel_flags_and_refuses_a_bad_value() {
    let (code, out, _) = common::run(&["serve", "--help"], None);
    assert_eq!(code, 0);
    for flag in [
        "--tunnel ",
        "--tunnel-identity",
        "--tunnel-remote-port",
        "PALABRE_TUNNEL",
    ] {
        assert!(out.contains(flag), "{flag} missing from:\n{out}");
    }
    let dir = common::tempdir();
    let data = common::path_str(&common::data_dir(&dir));
    for args in [
        vec![
            "serve",
            "--data-dir",
            &data,
            "--no-browser",
            "--tunnel",
            "example.org",
        ],
        vec![
            "serve",
            "--data-dir",
            &data,
            "--no-browser",
            "--tunnel",
            "ssh://h:notaport",
        ],
    ] {
        let (code, _, err) = common::run(&args, None);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains("--tunnel") && err.contains("localhost.run"),
            "{args:?}: {err}"
        );
    }
    // The environment variable is read too.
    let out = Command::new(env!("CARGO_BIN_EXE_palabre"))
        .args(["serve", "--data-dir", &data, "--no-browser"])
        .env("PALABRE_TUNNEL", "ftp://nowhere")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ftp://nowhere"));
}

/// The localhost.run way, against a real sshd that plays the service: the address is read
/// from what the server prints on the session channel, which is drained all along.
#[test]
fn the_public_address_is_read_from_the_service_banner() {
    use palabre::tunnel::{Auth, Provider, Tunnel, TunnelConfig, TunnelState};
    let dir = common::tempdir();
    let keys = dir.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    ssh_keygen(&keys.join("host"));
    ssh_keygen(&keys.join("client"));
    std::fs::copy(keys.join("client.pub"), keys.join("authorized_keys")).unwrap();
    let banner = keys.join("banner.sh");
    std::fs::write(
        &banner,
        "#!/bin/sh\n\
         echo '===== Welcome to localhost.run! https://admin.localhost.run/'\n\
         echo '3f2a1b.lhr.life tunneled with tls termination, https://3f2a1b.lhr.life'\n\
         exec sleep 600\n",
    )
    .unwrap();
    let ssh_port = free_port();
    let _sshd = Sshd::start_with(
        &keys,
        ssh_port,
        &keys.join("host"),
        &format!("ForceCommand /bin/sh {}", banner.display()),
    );
    // The "site": a listener that answers one fixed response per connection.
    let site = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let site_addr = site.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut s in site.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = std::io::Read::read(&mut s, &mut buf);
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nsite",
            );
        }
    });
    let tunnel = Tunnel::new(&common::data_dir(&dir), false);
    std::fs::create_dir_all(common::data_dir(&dir)).unwrap();
    tunnel.set_local(site_addr);
    let remote = free_port();
    tunnel.start(TunnelConfig {
        provider: Provider::LocalhostRun,
        host: "127.0.0.1".into(),
        port: ssh_port,
        user: whoami(),
        auth: Auth::Key(keys.join("client")),
        remote_port: u32::from(remote),
        public_url: None,
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while tunnel.state().public_url().is_none() {
        assert!(
            Instant::now() < deadline,
            "{:?}\nsshd:\n{}",
            tunnel.state(),
            _sshd.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        tunnel.state(),
        TunnelState::Public("https://3f2a1b.lhr.life/".into())
    );
    let r = get_ok(&format!("http://127.0.0.1:{remote}/"));
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().unwrap(), "site");
    tunnel.shutdown();
    assert!(!tunnel.state().is_on());
    assert!(port_closed(remote, Duration::from_secs(10)));
}

/// A frozen server (no FIN, no RST: the processes are stopped) is noticed by the keepalives,
/// and the link comes back when the server wakes up.
#[test]
fn a_frozen_server_is_noticed_and_the_link_comes_back() {
    let rig = Rig::new();
    rig.wait_state("public", Duration::from_secs(20));
    rig.sshd.signal("-STOP");
    let t = Instant::now();
    let page = rig.wait_state("reconnecting", Duration::from_secs(40));
    eprintln!("frozen server noticed after {:?}", t.elapsed());
    assert!(page.contains("Connexion perdue"), "{page}");
    rig.sshd.signal("-CONT");
    rig.wait_state("public", Duration::from_secs(60));
    assert_eq!(get_ok(&rig.public("")).status(), 200);
}
