//! The guide's pictures, made from the program.

use super::*;

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
    // Pictures of what follows a publication come last: publishing counts as a training
    // exercise done, which the other pictures must not show.
    groups.sort_by_key(|(who, _)| who == "visitor-published");
    for (who, size) in groups {
        if who == "visitor-published" {
            let admin = Browser::open_at("guide-publish", &demo.base, (1366, 768)).await;
            admin.sign_in_as("responsable", "formation-admin").await;
            admin.goto("/admin/synthese").await;
            admin
                .click_button("Publier cette synthèse dans la bibliothèque")
                .await;
            admin.close().await;
        }
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
