//! The training mode (`palabre demo`): its throw-away folder and each exercise.

use super::*;

/// Every file under `dir`, at any depth.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out
}

/// `palabre demo`: the normal site on fictional data in a throw-away folder. The real data
/// folder (here named by `PALABRE_DATA_DIR` and `--data-dir`, and the system's, under a fake
/// home) is not even created; every page says it is training; the printed admin password signs in; a clean
/// stop deletes the folder.
#[test]
fn demo_serves_fictional_data_and_leaves_nothing_behind() {
    let t = tempdir();
    let home = t.path().join("home");
    let real = t.path().join("donnees-reelles");
    let flag = t.path().join("dossier-de-la-ligne-de-commande");
    let tmp = t.path().join("tmp");
    for d in [&home, &real, &tmp] {
        std::fs::create_dir_all(d).unwrap();
    }
    let port = common::free_port();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.args([
        "demo",
        "--no-browser",
        "--port",
        &port.to_string(),
        "--bind",
        "127.0.0.1",
        "--data-dir",
        &path_str(&flag),
    ])
    .env("HOME", &home)
    .env("USERPROFILE", &home)
    .env("APPDATA", home.join("AppData/Roaming"))
    .env("LOCALAPPDATA", home.join("AppData/Local"))
    .env("XDG_DATA_HOME", home.join(".local/share"))
    .env("XDG_CONFIG_HOME", home.join(".config"))
    .env("XDG_CACHE_HOME", home.join(".cache"))
    .env("PALABRE_DATA_DIR", &real)
    .env("TMPDIR", &tmp)
    .env("TEMP", &tmp)
    .env("TMP", &tmp);
    let started = Instant::now();
    let mut s = Server::spawn(cmd, port);
    s.wait_healthy();
    let ready = started.elapsed();
    let out = s.output();
    assert!(
        out.contains("Mode formation\u{a0}: données fictives, effacées à la fermeture"),
        "{out}"
    );
    // The training folder is the only thing written, in the temporary folder.
    let training: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(training.len(), 1, "{training:?}");
    let training = training[0].clone();
    assert!(
        training
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("palabre-formation-"),
        "{training:?}"
    );
    assert!(training.join("palabre.sqlite3").is_file());
    assert!(out.contains(&path_str(&training)), "{out}");
    assert_eq!(files_under(&real), Vec::<std::path::PathBuf>::new());
    assert_eq!(files_under(&home), Vec::<std::path::PathBuf>::new());
    assert!(!flag.exists(), "--data-dir is ignored in training");

    // The admin's password, as the console prints it.
    let line = out
        .lines()
        .find(|l| l.contains(": responsable / "))
        .unwrap_or_else(|| panic!("no admin account in the banner:\n{out}"));
    let password = line.rsplit(" / ").next().unwrap().trim().to_string();
    assert!(out.contains(": moderatrice / "), "{out}");
    assert!(out.contains(": animateur / "), "{out}");

    let http = client();
    for (path, status) in [
        ("/", 200),
        ("/admin/connexion", 200),
        ("/propositions", 200),
        ("/nulle-part", 404),
    ] {
        let r = http.get(format!("{}{path}", s.base())).send().unwrap();
        assert_eq!(r.status(), status, "{path}");
        let page = r.text().unwrap();
        assert!(
            page.contains("Mode formation — données fictives"),
            "no training banner on {path}:\n{page}"
        );
    }
    let list = http
        .get(format!("{}/propositions", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let published: i64 = regex::Regex::new(r"(\d+) propositions\.")
        .unwrap()
        .captures(&list)
        .map(|c| c[1].parse().unwrap())
        .unwrap_or_else(|| panic!("no count on the list:\n{list}"));
    assert!(published >= 100, "{published} published");

    // The printed password signs the admin in.
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
            ("login", "responsable"),
            ("password", password.as_str()),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/admin");
    let dash = http
        .get(format!("{}/admin", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(dash.contains("Tableau de bord"), "{dash}");
    assert!(dash.contains("Mode formation — données fictives"));
    let queue = http
        .get(format!("{}/admin/moderation", s.base()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        queue.contains("P-0300"),
        "the newest proposal waits:\n{queue}"
    );
    drop(http);
    eprintln!("demo ready (seeded and serving) in {ready:?}");

    // Closing the terminal (SIGHUP) is a clean stop like Ctrl+C: it deletes the training
    // folder (it was left behind); the real one is still not there.
    #[cfg(unix)]
    {
        let pid = s.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = s.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "still running after SIGHUP");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{status}:\n{}", s.output());
        assert!(!training.exists(), "training folder left behind");
        assert_eq!(files_under(&tmp), Vec::<std::path::PathBuf>::new());
        assert_eq!(files_under(&real), Vec::<std::path::PathBuf>::new());
        assert_eq!(files_under(&home), Vec::<std::path::PathBuf>::new());
    }
}

/// A training instance on a fake home, signed in as its admin.
fn training_site() -> (tempfile::TempDir, Server, reqwest::blocking::Client) {
    let t = tempdir();
    let home = t.path().join("home");
    let tmp = t.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let port = common::free_port();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.args([
        "demo",
        "--no-browser",
        "--port",
        &port.to_string(),
        "--bind",
        "127.0.0.1",
    ])
    .env("HOME", &home)
    .env("XDG_DATA_HOME", home.join(".local/share"))
    .env("TMPDIR", &tmp);
    let mut s = Server::spawn(cmd, port);
    s.wait_healthy();
    // The exercises count from the second after the fictional data were written.
    std::thread::sleep(Duration::from_millis(1100));
    let http = client();
    let token = csrf_from(&get(&http, &s, "/admin/connexion"));
    let r = http
        .post(format!("{}/admin/connexion", s.base()))
        .form(&[
            ("login", "responsable"),
            ("password", "formation-admin"),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "the training admin cannot sign in");
    (t, s, http)
}

fn get(http: &reqwest::blocking::Client, s: &Server, path: &str) -> String {
    let r = http.get(format!("{}{path}", s.base())).send().unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.text().unwrap()
}

/// Posts `fields` with the form token of the page at `page`; the answer must be a redirect.
fn post_form(
    http: &reqwest::blocking::Client,
    s: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) {
    let token = csrf_from(&get(http, s, page));
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("csrf_token", &token));
    let r = http
        .post(format!("{}{action}", s.base()))
        .form(&all)
        .send()
        .unwrap();
    let status = r.status();
    assert_eq!(
        status.as_u16(),
        303,
        "{action}: {status}\n{}",
        r.text().unwrap_or_default()
    );
}

/// Which exercises the training page shows as done, in order.
fn exercises_done(http: &reqwest::blocking::Client, s: &Server) -> Vec<bool> {
    let page = get(http, s, "/admin/formation");
    regex::Regex::new(r#"<li class="exercise( done)?">"#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c.get(1).is_some())
        .collect()
}

/// Marks exercise `n` as expected done and checks the page agrees.
fn tick(http: &reqwest::blocking::Client, s: &Server, expected: &mut [bool], n: usize, what: &str) {
    expected[n] = true;
    assert_eq!(exercises_done(http, s), expected, "after: {what}");
}

/// Each exercise of the training page ticks itself off when, and only when, its task is
/// done on the training site, through the same pages the guide's chapter 12 walks through.
#[test]
fn each_training_exercise_ticks_itself_when_done() {
    let (_t, s, http) = training_site();
    let mut expected = vec![false; 10];
    assert_eq!(
        exercises_done(&http, &s),
        expected,
        "something is done at the start"
    );

    // 1. The « Le PGO » page, adapted and saved.
    post_form(
        &http,
        &s,
        "/admin/pgo",
        "/admin/pgo",
        &[
            ("lang", "fr"),
            (
                "body",
                "# Le PGO\n\nLe Ministère fictif de la Formation porte le plan d'action.",
            ),
            ("action", "save"),
        ],
    );
    tick(&http, &s, &mut expected, 0, "the PGO page");

    // 2. A document in the library.
    let token = csrf_from(&get(&http, &s, "/admin/documents"));
    let form = reqwest::blocking::multipart::Form::new()
        .text("title", "Compte rendu de l'atelier de Korhogo")
        .text("category", "comptes-rendus-forum")
        .text("doc_date", "2026-11-20")
        .text("language", "fr")
        .text("summary", "")
        .part(
            "file",
            reqwest::blocking::multipart::Part::bytes(filler_pdf(2000))
                .file_name("compte-rendu.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let r = http
        .post(format!("{}/admin/documents?csrf_token={token}", s.base()))
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    tick(&http, &s, &mut expected, 1, "a document");

    // 3. Five contributions reviewed; four are not enough.
    let queue = get(&http, &s, "/admin/moderation");
    let ids: Vec<String> =
        regex::Regex::new(r#"action="/admin/moderation/propositions/(\d+)/approuver""#)
            .unwrap()
            .captures_iter(&queue)
            .map(|c| c[1].to_string())
            .collect();
    assert!(ids.len() >= 5, "{} waiting", ids.len());
    for id in &ids[..4] {
        post_form(
            &http,
            &s,
            "/admin/moderation",
            &format!("/admin/moderation/propositions/{id}/approuver"),
            &[],
        );
    }
    assert!(get(&http, &s, "/admin/formation").contains("En cours\u{a0}: 4 sur 5"));
    assert_eq!(
        exercises_done(&http, &s),
        expected,
        "four reviews tick the exercise"
    );
    post_form(
        &http,
        &s,
        "/admin/moderation",
        &format!("/admin/moderation/propositions/{}/approuver", ids[4]),
        &[],
    );
    tick(&http, &s, &mut expected, 2, "five reviews");

    // 4. A reasoned answer.
    post_form(
        &http,
        &s,
        "/admin/propositions/P-0100",
        "/admin/propositions/P-0100/reponse",
        &[
            ("status", "retenue-en-partie"),
            (
                "answer",
                "Le comité retient la publication trimestrielle ; la partie sur les primes relève d'une loi.",
            ),
            ("commitment", "Engagement 3 : budgets ouverts"),
        ],
    );
    tick(&http, &s, &mut expected, 3, "an answer");

    // 5. Two duplicates merged.
    post_form(
        &http,
        &s,
        "/admin/propositions/P-0068",
        "/admin/propositions/P-0068/fusion",
        &[("duplicates", "P-0229")],
    );
    tick(&http, &s, &mut expected, 4, "a merge");

    // 6. A paper form typed in at today's workshop.
    let entry = "/admin/ateliers/2/saisie";
    let page = get(&http, &s, entry);
    let option = |name: &str| field_value(&page, name);
    let (theme, zone, kind) = (option("theme"), option("zone"), option("contributor_type"));
    post_form(
        &http,
        &s,
        entry,
        entry,
        &[
            ("paper_number", "1"),
            (
                "title",
                "Un registre des marchés publics affiché à la mairie",
            ),
            (
                "problem",
                "Personne ne sait qui gagne les marchés de la commune.",
            ),
            (
                "solution",
                "Afficher chaque marché attribué, avec son montant.",
            ),
            ("theme", &theme),
            ("zone", &zone),
            ("contributor_type", &kind),
            ("language", "fr"),
        ],
    );
    tick(&http, &s, &mut expected, 5, "a paper form");

    // 7. An Excel export (a CSV is not the exercise).
    for file in ["propositions.csv", "propositions.xlsx"] {
        let r = http
            .get(format!("{}/admin/exports/{file}", s.base()))
            .send()
            .unwrap();
        assert_eq!(r.status(), 200, "{file}");
        r.bytes().unwrap();
    }
    tick(&http, &s, &mut expected, 6, "an Excel export");

    // 8. The synthesis published in the library.
    post_form(&http, &s, "/admin/synthese", "/admin/synthese/publier", &[]);
    tick(&http, &s, &mut expected, 7, "the synthesis");

    // 9. A workshop file from another training laptop, imported.
    let (_t2, s2, http2) = training_site();
    let bundle = http2
        .get(format!("{}/admin/ateliers/fichier/export", s2.base()))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    assert!(bundle.starts_with(b"PK"), "no workshop file");
    let token = csrf_from(&get(&http, &s, "/admin/ateliers/fichier"));
    let form = reqwest::blocking::multipart::Form::new().part(
        "bundle",
        reqwest::blocking::multipart::Part::bytes(bundle.to_vec())
            .file_name("atelier.zip")
            .mime_str("application/zip")
            .unwrap(),
    );
    let r = http
        .post(format!(
            "{}/admin/ateliers/fichier/import?csrf_token={token}",
            s.base()
        ))
        .multipart(form)
        .send()
        .unwrap();
    let status = r.status();
    let body = r.text().unwrap();
    assert_eq!(
        status,
        200,
        "{}",
        body.split("<main").nth(1).unwrap_or(&body)
    );
    assert!(body.contains("Import terminé"));
    tick(&http, &s, &mut expected, 8, "a workshop file");

    // 10. A colleague's account.
    post_form(
        &http,
        &s,
        "/admin/comptes",
        "/admin/comptes",
        &[
            ("login", "aya.collegue"),
            ("role", "moderator"),
            ("password", "Baobab-Tiassale-42"),
            ("password_confirm", "Baobab-Tiassale-42"),
        ],
    );
    tick(&http, &s, &mut expected, 9, "a team member");
    assert!(get(&http, &s, "/admin/formation").contains("10 exercices faits sur 10."));

    // The trainer starts again: not without confirming, then everything is as at the start.
    let token = csrf_from(&get(&http, &s, "/admin/formation"));
    let r = http
        .post(format!("{}/admin/formation/recommencer", s.base()))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains("rien n'a été effacé"));
    assert_eq!(
        exercises_done(&http, &s),
        expected,
        "erased without confirming"
    );
    let r = http
        .post(format!("{}/admin/formation/recommencer", s.base()))
        .form(&[("csrf_token", token.as_str()), ("confirm", "oui")])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    // The trainer is told what happened on the sign-in page it leads to.
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/admin/connexion?recommence=1"), "{to}");
    assert!(
        get(&http, &s, &to).contains("Le site de formation est revenu à son état de départ"),
        "no message after starting again"
    );
    // Everyone signs in again; the colleague's account is gone with the rest.
    let r = http
        .get(format!("{}/admin/formation", s.base()))
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "still signed in after starting again");
    let again = client();
    let token = csrf_from(&get(&again, &s, "/admin/connexion"));
    let r = again
        .post(format!("{}/admin/connexion", s.base()))
        .form(&[
            ("login", "aya.collegue"),
            ("password", "Baobab-Tiassale-42"),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 401, "the colleague's account survived");
    let r = again
        .post(format!("{}/admin/connexion", s.base()))
        .form(&[
            ("login", "responsable"),
            ("password", "formation-admin"),
            ("csrf_token", &token),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        exercises_done(&again, &s),
        vec![false; 10],
        "exercises still ticked"
    );
    assert!(
        get(&again, &s, "/admin/moderation").contains("P-0287"),
        "the queue is not back"
    );
}

/// The training site never goes on the Internet: its public-link page says why and has no
/// button, and a start sent anyway is refused.
#[test]
fn the_training_site_has_no_public_link() {
    let (_t, s, http) = training_site();
    let page = get(&http, &s, "/admin/internet");
    assert!(page.contains("le lien public est désactivé"), "{page}");
    assert!(!page.contains("Enregistrer et démarrer le lien"), "{page}");
    let token = csrf_from(&get(&http, &s, "/admin/reglages"));
    let r = http
        .post(format!("{}/admin/internet", s.base()))
        .header("origin", s.base())
        .form(&[
            ("csrf_token", token.as_str()),
            ("action", "start"),
            ("provider", "localhost.run"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 409);
    assert!(r.text().unwrap().contains("le lien public est désactivé"));
}
