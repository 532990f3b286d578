//! The command line and the start: help, ports, data folders, setup, restart, backup, `admin add`, environment variables, a second start.

use super::*;

#[test]
fn an_unknown_flag_prints_the_usage() {
    let (code, _out, err) = run(&["--colour", "rouge"], None);
    assert_eq!(code, 2);
    assert!(err.contains("--colour"), "{err}");
    assert!(err.contains("Usage"), "{err}");
}

#[test]
fn help_lists_the_contract_flags() {
    let (code, out, _) = run(&["serve", "--help"], None);
    assert_eq!(code, 0);
    for flag in [
        "--port",
        "--bind",
        "--data-dir",
        "--no-browser",
        "PALABRE_PORT",
        "PALABRE_DATA_DIR",
    ] {
        assert!(out.contains(flag), "{flag} missing from:\n{out}");
    }
}

#[test]
fn a_taken_default_port_moves_to_the_next_one_and_says_so() {
    let t = tempdir();
    // 8080 held by this test, or already by another program: either way it is busy.
    let _busy = TcpListener::bind("127.0.0.1:8080");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.env_remove("PALABRE_PORT")
        .args(["serve", "--no-browser", "--bind", "127.0.0.1", "--data-dir"])
        .arg(data_dir(&t));
    let mut s = Server::spawn(cmd, 8080);
    let line = s
        .wait_line(|l| l.contains("déjà utilisé"), Duration::from_secs(20))
        .unwrap_or_else(|| panic!("no announcement:\n{}", s.output()));
    assert!(line.contains("8080"), "{line}");
    let re = regex::Regex::new(r"http://localhost:(\d+)/").unwrap();
    let moved = s
        .wait_line(|l| re.is_match(l), Duration::from_secs(5))
        .and_then(|l| re.captures(&l).map(|c| c[1].parse::<u16>().unwrap()))
        .unwrap_or_else(|| panic!("no local address:\n{}", s.output()));
    assert_ne!(moved, 8080);
    s.port = moved;
    s.wait_healthy();
}

/// Behind nginx or a service unit, a named port that moved would break the site in silence
/// (502): the start fails with a message and a non-zero exit instead.
#[test]
fn a_taken_named_port_is_refused_with_a_message() {
    let t = tempdir();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let dir = path_str(&data_dir(&t));
    let args = [
        "serve",
        "--port",
        &port,
        "--no-browser",
        "--bind",
        "127.0.0.1",
        "--data-dir",
        &dir,
    ];
    let (code, out, err) = run(&args, None);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!("Le port {port} est déjà utilisé")) && err.contains("--port"),
        "{err}"
    );
    assert!(!out.contains("http://localhost:"), "{out}");
    // The same through the environment.
    let (code, _, err) = {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"))
            .env("PALABRE_PORT", &port)
            .args([
                "serve",
                "--no-browser",
                "--bind",
                "127.0.0.1",
                "--data-dir",
                &dir,
            ])
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            (),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    assert_ne!(code, 0);
    assert!(
        err.contains(&format!("Le port {port} est déjà utilisé")),
        "{err}"
    );
    drop(busy);
}

#[test]
fn an_unwritable_data_folder_is_named_and_stops_the_program() {
    let t = tempdir();
    let file = t.path().join("un-fichier");
    std::fs::write(&file, "x").unwrap();
    let dir = file.join("donnees");
    let (code, _out, err) = run(
        &[
            "serve",
            "--no-browser",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            &path_str(&dir),
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains(&path_str(&dir)), "{err}");
    assert!(err.contains("ne peut pas écrire"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_named_and_left_alone() {
    let t = tempdir();
    let dir = data_dir(&t);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("palabre.sqlite3");
    std::fs::write(&db, "Compte rendu de l'atelier de Gagnoa").unwrap();
    let (code, _out, err) = run(
        &[
            "--no-browser",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            &path_str(&dir),
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains(&path_str(&db)), "{err}");
    assert!(
        err.contains("n'est pas une base de données Palabre"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        "Compte rendu de l'atelier de Gagnoa"
    );
}

#[test]
fn admin_add_with_the_server_stopped_gives_an_account_that_signs_in() {
    let t = tempdir();
    let dir = data_dir(&t);
    let d = path_str(&dir);
    // Refusals first: nothing is created.
    let (code, _, err) = run(
        &[
            "admin",
            "add",
            "secours",
            "--role",
            "admin",
            "--password-stdin",
            "--data-dir",
            &d,
        ],
        Some("court\n"),
    );
    assert_ne!(code, 0);
    assert!(err.contains("au moins 10 caractères"), "{err}");
    let (code, _, err) = run(
        &[
            "admin",
            "add",
            "secours",
            "--role",
            "chef",
            "--password-stdin",
            "--data-dir",
            &d,
        ],
        Some("x\n"),
    );
    assert_eq!(code, 2, "{err}");

    let (code, out, err) = run(
        &[
            "admin",
            "add",
            "secours",
            "--role",
            "admin",
            "--password-stdin",
            "--data-dir",
            &d,
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("secours"), "{out}");

    // Same through the environment variable, resetting the password.
    let new_password = "Fromager-Korhogo-77";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"))
        .args([
            "admin",
            "add",
            "secours",
            "--role",
            "admin",
            "--password-stdin",
        ])
        .env("PALABRE_DATA_DIR", &d)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(format!("{new_password}\r\n").as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("mis à jour"));

    let port = common::free_port();
    let mut s = Server::start(&dir, port);
    s.wait_healthy();
    let http = client();
    let page = http
        .get(format!("{}/admin/connexion", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let token = csrf_from(&page);
    let r = http
        .post(format!("{}/admin/connexion", s.base()))
        .header("origin", s.base())
        .form(&[
            ("login", "secours"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 401, "the old password must not work any more");
    let r = http
        .post(format!("{}/admin/connexion", s.base()))
        .header("origin", s.base())
        .form(&[
            ("login", "secours"),
            ("password", new_password),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/admin");
    let dash = http.get(format!("{}/admin", s.base())).send().unwrap();
    assert_eq!(dash.status(), 200);
    assert!(dash.text().unwrap().contains("Tableau de bord"));
}

#[test]
fn setup_then_restart_keeps_everything_and_asks_nothing() {
    let t = tempdir();
    let dir = data_dir(&t);
    let port = common::free_port();
    let mut s = Server::start(&dir, port);
    let setup = s
        .setup_url()
        .unwrap_or_else(|| panic!("no setup line:\n{}", s.output()));
    assert!(
        setup.starts_with(&format!("http://127.0.0.1:{port}/installation/")),
        "{setup}"
    );
    s.wait_healthy();
    assert!(
        s.output()
            .contains("Fermer cette fenêtre arrête la consultation")
    );
    let http = client();
    let page = http.get(&setup).send().unwrap().text().unwrap();
    let token = csrf_from(&page);
    let r = http
        .post(&setup)
        .header("origin", s.base())
        .form(&[
            ("site_name", "Consultation PAN 2027"),
            ("organisation", "Ministère"),
            ("login", "awa"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("language", "fr"),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    // The console no longer leaves the used-up setup address as the last word.
    let done = s
        .wait_line(
            |l| l.contains("Installation terminée"),
            Duration::from_secs(5),
        )
        .unwrap_or_else(|| panic!("no end of setup in the console:\n{}", s.output()));
    assert!(done.contains("ne sert plus"), "{done}");
    let admin = s
        .wait_line(|l| l.trim_end().ends_with("/admin"), Duration::from_secs(5))
        .unwrap_or_else(|| panic!("no admin address:\n{}", s.output()));
    assert!(admin.contains(&format!(":{port}/admin")), "{admin}");
    s.stop();

    let mut s = Server::start(&dir, port);
    s.wait_healthy();
    let out = s.output();
    assert!(!out.contains("/installation/"), "setup asked again:\n{out}");
    assert!(out.contains("Consultation PAN 2027"), "{out}");
    let home = reqwest::blocking::get(format!("{}/", s.base()))
        .unwrap()
        .text()
        .unwrap();
    assert!(home.contains("<h1>Consultation PAN 2027</h1>"), "{home}");
    assert_eq!(reqwest::blocking::get(&setup).unwrap().status(), 404);
    // The log file is in the data folder.
    let logs: Vec<_> = std::fs::read_dir(dir.join("logs")).unwrap().collect();
    assert!(!logs.is_empty());
}

#[test]
fn backup_makes_a_consistent_copy_and_never_overwrites() {
    let t = tempdir();
    let dir = data_dir(&t);
    let d = path_str(&dir);
    let (code, _, _) = run(
        &[
            "admin",
            "add",
            "awa",
            "--role",
            "admin",
            "--password-stdin",
            "--data-dir",
            &d,
        ],
        Some(PASSWORD),
    );
    assert_eq!(code, 0);
    let copy = t.path().join("sauvegarde.sqlite3");
    let (code, out, err) = run(&["backup", &path_str(&copy), "--data-dir", &d], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sauvegarde terminée"));
    let c = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM staff_accounts WHERE login = 'awa'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let (code, _, err) = run(&["backup", &path_str(&copy), "--data-dir", &d], None);
    assert_ne!(code, 0);
    assert!(err.contains("existe déjà"), "{err}");
}

#[test]
fn every_serve_flag_is_also_an_environment_variable() {
    let t = tempdir();
    let dir = data_dir(&t);
    let port = common::free_port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"))
        .env("PALABRE_PORT", port.to_string())
        .env("PALABRE_BIND", "127.0.0.1")
        .env("PALABRE_NO_BROWSER", "1")
        .env("PALABRE_DATA_DIR", &dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut ok = false;
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::blocking::get(format!("http://127.0.0.1:{port}/healthz")) {
            ok = r.status() == 200;
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok, "no answer on the port given by PALABRE_PORT");
    assert!(
        dir.join("palabre.sqlite3").exists(),
        "PALABRE_DATA_DIR not used"
    );
}

/// Uptime monitors and link previews ask with HEAD: every page answers as GET would, with the
/// same status and headers and no body.
#[test]
fn head_answers_like_get_without_a_body() {
    let t = tempdir();
    let mut s = Server::start(&data_dir(&t), common::free_port());
    s.wait_healthy();
    let http = client();
    for path in [
        "/healthz",
        "/",
        "/propositions",
        "/pgo",
        "/documents",
        "/calendrier",
        "/donnees/propositions.csv",
        "/api/v1/propositions",
        "/admin",
        "/nulle-part",
    ] {
        let get = http.get(format!("{}{path}", s.base())).send().unwrap();
        let head = http.head(format!("{}{path}", s.base())).send().unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
        let get_len = get.bytes().unwrap().len();
        if path == "/healthz" {
            assert!(get_len > 0);
        }
        assert!(head.bytes().unwrap().is_empty(), "{path}: HEAD sent a body");
    }
    let head = http.head(format!("{}/healthz", s.base())).send().unwrap();
    assert_eq!(head.status(), 200);
}

/// The help speaks one language: no English word of clap's left in the French help, and the
/// English help when the system asks for English.
#[test]
fn help_is_all_french_or_all_english() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["admin", "add", "--help"],
        &["bundle", "import", "--help"],
        &["demo", "--help"],
    ] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"));
        cmd.args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        let out = cmd.env("LANG", "fr_FR.UTF-8").output().unwrap();
        let fr = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{args:?}");
        assert!(
            fr.contains("Utilisation\u{a0}:") && fr.contains("Affiche cette aide."),
            "{fr}"
        );
        for english in [
            "Usage",
            "Print help",
            "Commands:",
            "[env:",
            "[default:",
            "possible values",
            "Print version",
        ] {
            assert!(
                !fr.contains(english),
                "{english:?} in the French help of {args:?}:\n{fr}"
            );
        }
        let out = cmd.env("LANG", "en_GB.UTF-8").output().unwrap();
        let en = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            en.contains("Usage:") && en.contains("Shows this help."),
            "{en}"
        );
        assert!(!en.contains("Affiche"), "{en}");
    }
}

/// A second double-click on the same data folder leaves one server: the second start names
/// the running one's address and ends (0); commands that write refuse while it runs; after a
/// `kill -9` the next start takes the folder over.
#[test]
fn a_second_start_sends_to_the_running_server() {
    let t = tempdir();
    let dir = data_dir(&t);
    let port = common::free_port();
    let mut first = Server::start(&dir, port);
    first.wait_healthy();
    let other = common::free_port();
    let started = Instant::now();
    let (code, out, err) = run(
        &[
            "serve",
            "--no-browser",
            "--bind",
            "127.0.0.1",
            "--port",
            &other.to_string(),
            "--data-dir",
            &path_str(&dir),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the second start did not end"
    );
    assert!(
        out.contains("Palabre est déjà ouvert pour ce dossier de données")
            && out.contains(&format!(":{port}/")),
        "{out}"
    );
    assert!(
        !out.contains("navigateur s'ouvre"),
        "--no-browser: no browser is said to open: {out}"
    );
    assert!(
        TcpListener::bind(("127.0.0.1", other)).is_ok(),
        "a second server listens on {other}"
    );
    assert!(
        !out.contains("/installation/"),
        "a second setup address: {out}"
    );
    // Commands that write refuse while it runs.
    let (code, _, err) = run(
        &[
            "admin",
            "add",
            "awa",
            "--role",
            "admin",
            "--password-stdin",
            "--data-dir",
            &path_str(&dir),
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert_ne!(code, 0);
    assert!(err.contains("Fermez sa fenêtre"), "{err}");
    // The first one crashes (SIGKILL): the next start serves the folder.
    first.stop();
    let mut next = Server::start(&dir, port);
    next.wait_healthy();
    assert!(
        next.setup_url().is_some(),
        "the next start after a crash does not serve: {}",
        next.output()
    );
}

/// `palabre admin add` typed at a keyboard (a real terminal, made by `script`): the password
/// is not shown on screen, it is asked twice, and two different answers create nothing.
#[test]
fn a_password_typed_at_the_keyboard_is_not_shown_and_asked_twice() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    let t = tempdir();
    let dir = data_dir(&t);
    let typed = |answers: [&str; 2]| -> String {
        let command = format!(
            "{} admin add clavier --role admin --password-stdin --data-dir {}",
            env!("CARGO_BIN_EXE_palabre"),
            path_str(&dir)
        );
        let mut child = Command::new("script")
            .args(["-q", "-e", "-c", &command, "/dev/null"])
            .env("LANG", "fr_FR.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("`script` (util-linux) makes the terminal of this test");
        let mut out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 256];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut screen = String::new();
        let wait_for = |what: &str, screen: &mut String| {
            let deadline = Instant::now() + Duration::from_secs(20);
            while !screen.contains(what) {
                let left = deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(bytes) => screen.push_str(&String::from_utf8_lossy(&bytes)),
                    Err(_) => panic!("no {what:?} on the screen: {screen}"),
                }
            }
        };
        let mut stdin = child.stdin.take().unwrap();
        wait_for("il ne s'affiche pas", &mut screen);
        // Give the program the moment to turn the echo off, as a person would.
        std::thread::sleep(Duration::from_millis(300));
        stdin
            .write_all(format!("{}\r", answers[0]).as_bytes())
            .unwrap();
        wait_for("une seconde fois", &mut screen);
        std::thread::sleep(Duration::from_millis(300));
        stdin
            .write_all(format!("{}\r", answers[1]).as_bytes())
            .unwrap();
        let status = child.wait().unwrap();
        while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(500)) {
            screen.push_str(&String::from_utf8_lossy(&bytes));
        }
        format!("{status}\n{screen}")
    };
    let plain = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ");
    let screen = typed([PASSWORD, "Autre-mot-de-passe-99"]);
    assert!(
        !screen.contains(PASSWORD),
        "the password was shown: {screen}"
    );
    assert!(
        screen.contains("Les deux mots de passe ne sont pas identiques")
            && !plain(&screen).contains("« clavier » créé"),
        "{screen}"
    );
    let screen = typed([PASSWORD, PASSWORD]);
    assert!(
        !screen.contains(PASSWORD),
        "the password was shown: {screen}"
    );
    assert!(
        plain(&screen).contains("Compte « clavier » créé"),
        "{screen}"
    );
    let mut server = Server::start(&dir, common::free_port());
    server.wait_healthy();
    let web = client();
    let page = web
        .get(format!("{}/admin/connexion", server.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let r = web
        .post(format!("{}/admin/connexion", server.base()))
        .header("origin", server.base())
        .form(&[
            ("csrf_token", csrf_from(&page).as_str()),
            ("login", "clavier"),
            ("password", PASSWORD),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "the account typed in does not sign in");
    assert_eq!(r.headers()["location"], "/admin");
}
