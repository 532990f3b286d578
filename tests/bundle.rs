//! Workshop bundles between two real instances: a workshop laptop (A) and the national site
//! (N). Export and import go through the real executable; bad bundles are refused whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{path_str, run};
use palabre::app::AppState;
use palabre::db::proposals;
use palabre::db::{self, Db, DbError, consultations};
use palabre::domain::contribution::{
    Channel, CommentFiling, Moderation, ProposalFiling, Recorded, SupportFiling,
};
use palabre::domain::proposal::NewProposal;

struct Instance {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    state: AppState,
}

fn instance() -> Instance {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::open(&dir.join(db::DB_FILE)).unwrap();
    let state = AppState::load(db, dir.clone(), "127.0.0.1".parse().unwrap(), 8080).unwrap();
    state
        .db
        .write(|c| {
            Ok::<_, DbError>(consultations::insert(
                c,
                "c",
                "Consultation",
                0,
                9_999_999_999,
                0,
            )?)
        })
        .unwrap();
    Instance {
        _tmp: tmp,
        dir,
        state,
    }
}

fn count(i: &Instance, sql: &str) -> i64 {
    i.state
        .db
        .read(|c| Ok::<i64, DbError>(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

/// Adds `n` proposals on an instance (from `start`), with supports and comments; returns the
/// follow-up tokens' hashes.
fn contribute(i: &Instance, start: usize, n: usize, channel: &str) {
    let instance = i.state.instance_id.clone();
    i.state
        .db
        .write(|c| {
            for k in start..start + n {
                let p = NewProposal {
                    title: format!("Proposition d'atelier n° {k} — école de Gagnoa"),
                    problem: "Les salles de classe manquent de bancs.".into(),
                    solution: "Un budget par école, affiché.".into(),
                    benefit: String::new(),
                    theme: "education".into(),
                    zone: "goh".into(),
                    contributor_type: "citoyen".into(),
                    ogp_values: vec!["transparence".into()],
                    author_name: String::new(),
                    organisation: String::new(),
                    contact: None,
                    language: "dyu".into(),
                };
                let uid = format!("{instance}-p-{k}");
                let hash = palabre::security::sha256(format!("token-{instance}-{k}").as_bytes());
                let f = ProposalFiling {
                    uid: uid.clone(),
                    proposal: p,
                    consultation_id: 1,
                    channel: Channel::parse(channel).unwrap(),
                    workshop_id: None,
                    paper: None,
                    recorded: Recorded::Here,
                    follow_token_hash: hash,
                    submission: None,
                    moderation: Moderation::Approved,
                    device: None,
                    created_at: 1_000 + k as i64,
                };
                proposals::file_proposal(c, &f, &instance)?;
                let id = proposals::id_by_uid(c, &uid)?.unwrap();
                for s in 0..3 {
                    let f = SupportFiling {
                        uid: format!("{instance}-s-{k}-{s}"),
                        participant: format!("participant-{s}-xxxxxxxxxxxxxxxx"),
                        channel: Channel::parse(channel).unwrap(),
                        workshop_id: None,
                        recorded: Recorded::Here,
                        device: None,
                        created_at: 2_000,
                    };
                    proposals::file_support(c, id, &f, &instance)?;
                }
                let f = CommentFiling {
                    uid: format!("{instance}-c-{k}"),
                    body: "Je suis d'accord.".into(),
                    author_name: String::new(),
                    channel: Channel::parse(channel).unwrap(),
                    workshop_id: None,
                    recorded: Recorded::Here,
                    submission: None,
                    moderation: Moderation::Approved,
                    device: None,
                    created_at: 3_000,
                };
                proposals::file_comment(c, id, &f, &instance)?;
            }
            Ok::<_, DbError>(())
        })
        .unwrap();
}

fn export(i: &Instance, file: &Path) {
    let (code, out, err) = run(
        &[
            "bundle",
            "export",
            &path_str(file),
            "--data-dir",
            &path_str(&i.dir),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
}

fn import(i: &Instance, file: &Path) -> (i32, String, String) {
    run(
        &[
            "bundle",
            "import",
            &path_str(file),
            "--data-dir",
            &path_str(&i.dir),
        ],
        None,
    )
}

fn snapshot(i: &Instance) -> (i64, i64, i64, i64, i64) {
    (
        count(i, "SELECT count(*) FROM proposals"),
        count(i, "SELECT count(*) FROM comments"),
        count(i, "SELECT count(*) FROM supports"),
        count(i, "SELECT count(*) FROM bundles"),
        count(i, "SELECT count(*) FROM workshops"),
    )
}

/// Creates a workshop on the laptop and files every contribution of the laptop under it;
/// the paper ones get paper numbers 1, 2, … and the facilitator who typed them.
fn file_under_workshop(i: &Instance) {
    let instance = i.state.instance_id.clone();
    i.state
        .db
        .write(|c| {
            let w = palabre::domain::workshop::NewWorkshop {
                name: "Atelier régional de Gagnoa".into(),
                place: "Mairie".into(),
                zone: "goh".into(),
                held_on: "2026-12-03".into(),
                facilitators: "Awa".into(),
            };
            let id = palabre::db::workshops::insert(c, &w, &format!("{instance}-w"), &instance, 500)?;
            for t in ["proposals", "comments", "supports"] {
                c.execute(&format!("UPDATE {t} SET workshop_id = ?1 WHERE workshop_id IS NULL"), [id])?;
            }
            c.execute(
                "UPDATE proposals SET paper_number = CAST(id AS TEXT), entered_by = 'kouassi' WHERE channel = 'papier'",
                [],
            )?;
            Ok::<_, DbError>(())
        })
        .unwrap();
}

#[test]
fn a_workshop_merges_into_the_national_site_once_and_only_once() {
    let a = instance();
    let n = instance();
    // The workshop laptop has its own reference code; the national site keeps "P".
    a.state
        .db
        .write(|c| {
            Ok::<_, DbError>(palabre::db::settings::set(
                c,
                palabre::db::settings::REFERENCE_CODE,
                "GGN",
            )?)
        })
        .unwrap();
    contribute(&a, 0, 20, "atelier");
    contribute(&a, 20, 10, "papier");
    file_under_workshop(&a);
    contribute(&n, 100, 2, "en_ligne");
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("atelier-gagnoa.zip");
    export(&a, &first);
    let (code, out, err) = import(&n, &first);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("30 propositions") && out.contains("90 soutiens"),
        "{out}"
    );
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 32);
    // Every reference the laptop handed out names the same proposal on the national site.
    let refs = |i: &Instance| -> Vec<(String, String)> {
        i.state
            .db
            .read(|c| {
                let mut st = c.prepare("SELECT uid, reference FROM proposals ORDER BY uid")?;
                let rows = st
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok::<_, DbError>(rows)
            })
            .unwrap()
    };
    let laptop = refs(&a);
    let national = refs(&n);
    assert_eq!(laptop.len(), 30);
    assert!(
        laptop.iter().all(|(_, r)| r.starts_with("GGN-")),
        "{laptop:?}"
    );
    for pair in &laptop {
        assert!(national.contains(pair), "{pair:?} changed at import");
    }
    assert_eq!(
        count(&n, "SELECT count(DISTINCT reference) FROM proposals"),
        32,
        "no reference shared"
    );
    // Provenance: instance, channel and bundle of every imported record.
    let a_id = a.state.instance_id.clone();
    assert_eq!(
        count(
            &n,
            &format!(
                "SELECT count(*) FROM proposals WHERE instance_id = '{a_id}' AND bundle_id IS NOT NULL"
            )
        ),
        30
    );
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM proposals WHERE channel = 'papier'"
        ),
        10
    );
    // The workshop came along, and every record made there points to it.
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM workshops WHERE name = 'Atelier régional de Gagnoa' AND bundle_id IS NOT NULL"
        ),
        1
    );
    for t in ["proposals", "comments", "supports"] {
        assert_eq!(
            count(
                &n,
                &format!(
                    "SELECT count(*) FROM {t} x JOIN workshops w ON w.id = x.workshop_id WHERE w.zone = 'goh'"
                )
            ),
            if t == "supports" { 90 } else { 30 },
            "{t}"
        );
    }
    assert_eq!(
        count(
            &n,
            "SELECT count(DISTINCT paper_number) FROM proposals WHERE channel = 'papier' AND entered_by = 'kouassi'"
        ),
        10
    );
    assert_eq!(
        count(
            &n,
            &format!("SELECT count(*) FROM supports WHERE instance_id = '{a_id}'")
        ),
        90
    );
    assert_eq!(
        count(
            &n,
            "SELECT sum(support_count) FROM proposals WHERE bundle_id IS NOT NULL"
        ),
        90
    );
    // Imported proposals wait for moderation on the national site, and keep their follow-up link.
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM proposals WHERE bundle_id IS NOT NULL AND moderation = 'pending'"
        ),
        30
    );
    let hash = palabre::security::sha256(format!("token-{a_id}-7").as_bytes());
    let found = n
        .state
        .db
        .read(|c| Ok::<_, DbError>(proposals::by_follow_token(c, &hash)?))
        .unwrap();
    assert!(found.is_some_and(|p| p.title.contains("n° 7")));

    // Importing the same file again changes nothing.
    let before = snapshot(&n);
    let (code, out, _) = import(&n, &first);
    assert_eq!(code, 0);
    assert!(
        out.contains("\u{a0}: 0 proposition,") && out.contains("Déjà présents"),
        "{out}"
    );
    assert_eq!(snapshot(&n), before);

    // Five more on the laptop; the next bundle overlaps the first and adds exactly five.
    contribute(&a, 30, 5, "atelier");
    let second = dir.path().join("atelier-gagnoa-2.zip");
    export(&a, &second);
    let (code, out, err) = import(&n, &second);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 37);
    assert_eq!(count(&n, "SELECT count(*) FROM supports"), 105 + 6);
    assert!(out.contains("5 propositions"), "{out}");

    // The same paper form typed in twice for the workshop (under two ids, say after the
    // laptop was reinstalled): the second one is left out, said so, and the rest goes in.
    let third = dir.path().join("atelier-gagnoa-3.zip");
    rewrite(&second, &third, false, |e| {
        let f = e.iter_mut().find(|(n, _)| n == "proposals.jsonl").unwrap();
        let text = String::from_utf8(f.1.clone()).unwrap();
        let line = text
            .lines()
            .find(|l| l.contains(r#""channel":"papier""#))
            .unwrap();
        // Typed again, it got its own follow-up link.
        let twin = line
            .replacen(r#""uid":""#, r#""uid":"retyped-"#, 1)
            .replacen(r#""follow_token_hash":""#, r#""follow_token_hash":"00"#, 1);
        let twin = regex::Regex::new(r#"("follow_token_hash":"[0-9a-f]{64})[0-9a-f]{2}"#)
            .unwrap()
            .replace(&twin, "$1")
            .into_owned();
        f.1 = format!("{text}{twin}\n").into_bytes();
    });
    let before = snapshot(&n);
    let (code, out, err) = import(&n, &third);
    assert_ne!(code, 0, "a record was left out: not the whole bundle");
    assert!(
        out.contains("\u{a0}: 0 proposition,") && out.contains("Écartés\u{a0}: 1"),
        "{out}"
    );
    assert!(
        err.contains("retyped-") && err.contains("a déjà été saisie pour cet atelier"),
        "{err}"
    );
    assert_eq!(snapshot(&n).0, before.0);

    let ok: String = n
        .state
        .db
        .read(|c| Ok::<String, DbError>(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// Rewrites a bundle: `edit` may change every entry (name → bytes); hashes are recomputed
/// unless `keep_hashes`.
fn rewrite(src: &Path, dst: &Path, keep_hashes: bool, edit: impl Fn(&mut Vec<(String, Vec<u8>)>)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        entries.push((e.name().unwrap().to_string(), data));
    }
    edit(&mut entries);
    if !keep_hashes {
        let mut manifest: serde_json::Value = serde_json::from_slice(
            &entries
                .iter()
                .find(|(n, _)| n == "manifest.json")
                .unwrap()
                .1,
        )
        .unwrap();
        for (name, data) in &entries {
            if name.ends_with(".jsonl") {
                let h: String = palabre::security::sha256(data)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                manifest["sha256"][name] = serde_json::Value::String(h);
            }
        }
        let m = serde_json::to_vec(&manifest).unwrap();
        entries
            .iter_mut()
            .find(|(n, _)| n == "manifest.json")
            .unwrap()
            .1 = m;
    }
    let mut w = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for (name, data) in entries {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn bad_bundles_are_refused_whole_and_change_nothing() {
    let a = instance();
    let n = instance();
    contribute(&a, 0, 5, "atelier");
    contribute(&n, 100, 1, "en_ligne");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.zip");
    export(&a, &good);
    let bytes = std::fs::read(&good).unwrap();
    let before = snapshot(&n);
    let mut cases: Vec<(&str, PathBuf, &str)> = Vec::new();

    let p = dir.path().join("corrupted.zip");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    cases.push(("corrupted zip", p, "abîmé"));

    let p = dir.path().join("altered.zip");
    rewrite(&good, &p, true, |e| {
        let f = e.iter_mut().find(|(n, _)| n == "proposals.jsonl").unwrap();
        f.1 = String::from_utf8(f.1.clone())
            .unwrap()
            .replace("bancs", "tables")
            .into_bytes();
    });
    cases.push(("altered record", p, "modifié"));

    let p = dir.path().join("version.zip");
    rewrite(&good, &p, false, |e| {
        let m = e.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&m.1).unwrap();
        v["version"] = 99.into();
        m.1 = serde_json::to_vec(&v).unwrap();
    });
    cases.push(("unknown version", p, "format 99"));

    let p = dir.path().join("traversal.zip");
    rewrite(&good, &p, false, |e| {
        e.push((
            "../../etc/cron.d/evil".into(),
            b"* * * * * root true".to_vec(),
        ))
    });
    cases.push(("path traversal", p, "inattendu"));

    let p = dir.path().join("bomb.zip");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut zipped = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
        let mut manifest = Vec::new();
        std::io::Read::read_to_end(&mut zipped.by_name("manifest.json").unwrap(), &mut manifest)
            .unwrap();
        w.start_file("manifest.json", opts).unwrap();
        w.write_all(&manifest).unwrap();
        w.start_file("proposals.jsonl", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..70 {
            w.write_all(&zeros).unwrap();
        }
        w.finish().unwrap();
    }
    assert!(
        std::fs::metadata(&p).unwrap().len() < 5 << 20,
        "the bomb is small on disk"
    );
    cases.push(("zip bomb", p, "anormalement gros"));

    let p = dir.path().join("orphan.zip");
    rewrite(&good, &p, false, |e| {
        let f = e.iter_mut().find(|(n, _)| n == "supports.jsonl").unwrap();
        let line = r#"{"uid":"s-orphan","instance_id":"x","proposal_uid":"nowhere","participant":"participant-orphan-xxxxxxxx","channel":"atelier","created_at":5}"#;
        f.1.extend_from_slice(format!("{line}\n").as_bytes());
    });
    cases.push(("missing reference", p, "proposition ou à un atelier absent"));

    let p = dir.path().join("orphan-workshop.zip");
    rewrite(&good, &p, false, |e| {
        let f = e.iter_mut().find(|(n, _)| n == "proposals.jsonl").unwrap();
        let text = String::from_utf8(f.1.clone()).unwrap();
        f.1 = text
            .replace(
                r#""workshop_uid":null"#,
                r#""workshop_uid":"no-such-workshop""#,
            )
            .into_bytes();
    });
    cases.push(("missing workshop", p, "no-such-workshop"));

    for (what, file, message) in cases {
        let (code, out, err) = import(&n, &file);
        assert_ne!(code, 0, "{what} accepted: {out}");
        assert!(
            err.contains("refusé") && err.contains("rien n'a été importé"),
            "{what}: {err}"
        );
        assert!(err.contains(message), "{what}: {err}");
        assert_eq!(snapshot(&n), before, "{what} changed the data");
    }
    let ok: String = n
        .state
        .db
        .read(|c| Ok::<String, DbError>(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(ok, "ok");
    // The good one still goes in.
    assert_eq!(import(&n, &good).0, 0);
    assert_eq!(count(&n, "SELECT count(*) FROM proposals"), 6);
}

/// One running `palabre serve`, set up, with its first admin signed in on `staff`.
struct Site {
    tmp: tempfile::TempDir,
    server: common::Server,
    staff: reqwest::blocking::Client,
}

impl Site {
    fn start(name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let port = common::free_port();
        let mut server = common::Server::start(&common::data_dir(&tmp), port);
        server.wait_healthy();
        let staff = common::set_up(&mut server, name);
        Site { tmp, server, staff }
    }

    fn dir(&self) -> PathBuf {
        common::data_dir(&self.tmp)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base())
    }

    fn get(&self, who: &reqwest::blocking::Client, path: &str) -> String {
        let r = who.get(self.url(path)).send().unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().unwrap()
    }

    /// The hidden fields (CSRF token, form stamp, submission id…) of the form posting to
    /// `action` on `page`, as a browser would send them.
    fn hidden(
        &self,
        who: &reqwest::blocking::Client,
        page: &str,
        action: &str,
    ) -> Vec<(String, String)> {
        let html = self.get(who, page);
        let start = html
            .find(&format!(r#"action="{action}""#))
            .unwrap_or_else(|| panic!("no form to {action} on {page}:\n{html}"));
        let form = &html[start..start + html[start..].find("</form>").unwrap()];
        let input = regex::Regex::new(r#"<input[^>]*type="hidden"[^>]*>"#).unwrap();
        let attr = |tag: &str, name: &str| {
            regex::Regex::new(&format!(r#"\b{name}="([^"]*)""#))
                .unwrap()
                .captures(tag)
                .map(|c| c[1].replace("&amp;", "&"))
        };
        input
            .find_iter(form)
            .filter_map(|m| Some((attr(m.as_str(), "name")?, attr(m.as_str(), "value")?)))
            .collect()
    }

    fn post(
        &self,
        who: &reqwest::blocking::Client,
        action: &str,
        hidden: &[(String, String)],
        fields: &[(&str, &str)],
    ) -> reqwest::blocking::Response {
        // What the test fills in replaces a hidden field of the same name.
        let mut all: Vec<(&str, &str)> = hidden
            .iter()
            .filter(|(k, _)| !fields.iter().any(|(f, _)| f == k))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.extend_from_slice(fields);
        who.post(self.url(action)).form(&all).send().unwrap()
    }

    fn sign_in(&self) -> reqwest::blocking::Client {
        let who = common::client();
        let hidden = self.hidden(&who, "/admin/connexion", "/admin/connexion");
        let r = self.post(
            &who,
            "/admin/connexion",
            &hidden,
            &[("login", "awa.kone"), ("password", common::PASSWORD)],
        );
        assert_eq!(r.status(), 303);
        who
    }
}

fn location(r: &reqwest::blocking::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no redirect: {}", r.status()))
        .to_string()
}

fn citizen_fields(title: &str) -> Vec<(&str, &str)> {
    vec![
        ("title", title),
        (
            "problem",
            "Les enfants marchent dix kilomètres pour aller à l'école.",
        ),
        (
            "solution",
            "Construire une école dans chaque village de plus de 500 habitants.",
        ),
        ("benefit", "Moins d'abandons."),
        ("theme", "education"),
        ("zone", "goh"),
        ("contributor_type", "citoyen"),
        ("ogp_values", "transparence"),
        ("author_name", "Koffi"),
        ("organisation", ""),
        ("contact", ""),
        ("language", "fr"),
        ("website", ""),
    ]
}

/// What a workshop participant was handed: a reference, the title it stands for, the channel,
/// the paper form number and the follow-up link printed on the receipt (none at the kiosk).
struct Handed {
    reference: String,
    title: String,
    channel: &'static str,
    paper: Option<String>,
    follow: Option<String>,
}

/// The whole loop with two running executables: contributions over HTTP on a workshop laptop
/// (phones, kiosk, paper forms), its bundle downloaded from the admin, uploaded on the national
/// site's admin, then imported again by the command line. Every receipt stays true nationally.
#[test]
fn two_running_sites_keep_every_workshop_receipt_true() {
    let mut national = Site::start("Consultation nationale PAN 2027");
    let laptop = Site::start("Atelier de Gagnoa");
    let reference = regex::Regex::new(r"GGN-\d{4}").unwrap();
    let find_ref = |text: &str| {
        reference
            .find(text)
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| panic!("no GGN reference in {text}"))
    };

    // The national site already has proposals of its own.
    let citizen = common::client();
    let forms: Vec<_> = (0..2)
        .map(|_| national.hidden(&citizen, "/propositions/nouvelle", "/propositions/nouvelle"))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    for (k, hidden) in forms.iter().enumerate() {
        let title = format!("Une route pour Daloa n° {k}");
        let r = national.post(
            &citizen,
            "/propositions/nouvelle",
            hidden,
            &citizen_fields(&title),
        );
        assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    }

    // The laptop: its own reference code, and the national address on its receipts.
    let hidden = laptop.hidden(&laptop.staff, "/admin/reglages", "/admin/reglages");
    let national_address = national.server.base();
    let r = laptop.post(
        &laptop.staff,
        "/admin/reglages",
        &hidden,
        &[
            ("moderation_mode", "a_priori"),
            ("upload_max_mb", "10"),
            ("report_threshold", "3"),
            ("reference_code", "ggn"),
            ("public_address", &national_address),
        ],
    );
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    let hidden = laptop.hidden(&laptop.staff, "/admin/ateliers", "/admin/ateliers");
    let r = laptop.post(
        &laptop.staff,
        "/admin/ateliers",
        &hidden,
        &[
            ("name", "Atelier régional de Gagnoa"),
            ("place", "Salle de la mairie"),
            ("zone", "goh"),
            ("held_on", "2026-12-03"),
            ("facilitators", "Awa, Koffi"),
        ],
    );
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    let list = laptop.get(&laptop.staff, "/admin/ateliers");
    let id = regex::Regex::new(r"/admin/ateliers/(\d+)/en-cours")
        .unwrap()
        .captures(&list)
        .map(|c| c[1].to_string())
        .expect("workshop id");
    let start = format!("/admin/ateliers/{id}/en-cours");
    let hidden = laptop.hidden(&laptop.staff, "/admin/ateliers", &start);
    let r = laptop.post(&laptop.staff, &start, &hidden, &[("action", "demarrer")]);
    assert_eq!(r.status(), 303);

    let mut handed: Vec<Handed> = Vec::new();
    let follow_link = regex::Regex::new(r#"value="(http://[^"]+/suivi/[^"]+)""#).unwrap();

    // Two phones on the workshop network, one of them tapping "send" twice.
    let phones = [common::client(), common::client()];
    let forms: Vec<_> = phones
        .iter()
        .map(|p| laptop.hidden(p, "/propositions/nouvelle", "/propositions/nouvelle"))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    for (k, (phone, hidden)) in phones.iter().zip(&forms).enumerate() {
        let title = format!("Un forage pour le village n° {k}");
        let fields = citizen_fields(&title);
        let r = laptop.post(phone, "/propositions/nouvelle", hidden, &fields);
        assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
        let receipt_path = location(&r);
        let again = laptop.post(phone, "/propositions/nouvelle", hidden, &fields);
        assert_eq!(
            location(&again),
            receipt_path,
            "a double tap leads to the same receipt"
        );
        let receipt = laptop.get(phone, &receipt_path);
        let follow = follow_link
            .captures(&receipt)
            .map(|c| c[1].to_string())
            .unwrap_or_else(|| panic!("no follow-up link:\n{receipt}"));
        assert!(
            follow.starts_with(&format!("{national_address}/suivi/")),
            "the receipt points to the national site: {follow}"
        );
        assert!(!receipt.contains("ce lien ne marche que sur ce réseau"));
        handed.push(Handed {
            reference: find_ref(&receipt),
            title,
            channel: "atelier",
            paper: None,
            follow: Some(follow),
        });
    }

    // The kiosk: a tablet handed from one participant to the next.
    let kiosk = laptop.sign_in();
    let hidden = laptop.hidden(&kiosk, "/admin/kiosque", "/admin/kiosque");
    let r = laptop.post(&kiosk, "/admin/kiosque", &hidden, &[("action", "demarrer")]);
    assert_eq!(location(&r), "/propositions/nouvelle");
    for k in 0..2 {
        let hidden = laptop.hidden(&kiosk, "/propositions/nouvelle", "/propositions/nouvelle");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let title = format!("Proposition au kiosque n° {k}");
        let r = laptop.post(
            &kiosk,
            "/propositions/nouvelle",
            &hidden,
            &citizen_fields(&title),
        );
        assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
        let thanks = location(&r);
        assert!(
            thanks.starts_with("/kiosque/merci?reference=GGN-"),
            "{thanks}"
        );
        let page = laptop.get(&kiosk, &thanks);
        assert!(
            !page.contains("/suivi/"),
            "no private link on a shared device"
        );
        handed.push(Handed {
            reference: find_ref(&page),
            title,
            channel: "kiosque",
            paper: None,
            follow: None,
        });
    }

    // Paper forms typed in by the facilitator.
    let entry = format!("/admin/ateliers/{id}/saisie");
    for n in 1..=3 {
        let hidden = laptop.hidden(&laptop.staff, &entry, &entry);
        let number = n.to_string();
        let title = format!("Fiche papier n° {n} : une cantine scolaire");
        let mut fields = citizen_fields(&title);
        fields.push(("paper_number", &number));
        let r = laptop.post(&laptop.staff, &entry, &hidden, &fields);
        assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
        let next = location(&r);
        let page = laptop.get(&laptop.staff, &next);
        assert!(
            page.contains(&format!("Fiche {n} enregistrée sous la référence GGN-")),
            "{page}"
        );
        handed.push(Handed {
            reference: find_ref(&next),
            title,
            channel: "papier",
            paper: Some(number),
            follow: None,
        });
    }
    assert_eq!(handed.len(), 7);

    // The bundle, downloaded from the laptop's admin page…
    let r = laptop
        .staff
        .get(laptop.url("/admin/ateliers/fichier/export"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("content-type").unwrap(), "application/zip");
    let bytes = r.bytes().unwrap().to_vec();
    let file = national.tmp.path().join("palabre-atelier-gagnoa.zip");
    std::fs::write(&file, &bytes).unwrap();

    // …uploaded on the national site's admin page…
    let page = national.get(&national.staff, "/admin/ateliers/fichier");
    let token = common::csrf_from(&page);
    let form = reqwest::blocking::multipart::Form::new().part(
        "bundle",
        reqwest::blocking::multipart::Part::bytes(bytes)
            .file_name("palabre-atelier-gagnoa.zip")
            .mime_str("application/zip")
            .unwrap(),
    );
    let r = national
        .staff
        .post(national.url(&format!(
            "/admin/ateliers/fichier/import?csrf_token={token}"
        )))
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let summary = r.text().unwrap();
    assert!(summary.contains("7 propositions"), "{summary}");

    // …and, by mistake, imported again with the command line while the site runs: refused,
    // the site's rules and caches stay the only way in while it serves.
    let national_dir = path_str(&national.dir());
    let file_arg = path_str(&file);
    let cli_import = || {
        run(
            &["bundle", "import", &file_arg, "--data-dir", &national_dir],
            None,
        )
    };
    let (code, out, err) = cli_import();
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("Palabre est ouvert pour ce dossier")
            && err.contains("importez le fichier depuis l'administration"),
        "{err}"
    );

    // Every reference handed out opens the same proposal on both sites, with its provenance.
    for h in &handed {
        for site in [&laptop, &national] {
            let page = site.get(&site.staff, &format!("/admin/propositions/{}", h.reference));
            assert!(
                page.contains(&format!("{} — {}", h.reference, h.title)),
                "{} on {}:\n{page}",
                h.reference,
                site.server.base()
            );
            assert!(page.contains("Atelier régional de Gagnoa"), "{page}");
            if let Some(n) = &h.paper {
                assert!(
                    page.contains(&format!("{n}\u{a0}· saisie par awa.kone")),
                    "{page}"
                );
            }
        }
        let page = national.get(
            &national.staff,
            &format!("/admin/propositions/{}", h.reference),
        );
        assert!(page.contains("arrivée par un fichier d'atelier"), "{page}");
        // The link printed on the receipt works on the national site.
        if let Some(link) = &h.follow {
            let r = reqwest::blocking::get(link).unwrap();
            assert_eq!(r.status(), 200, "{link}");
            let page = r.text().unwrap();
            assert!(
                page.contains(&h.title) && page.contains(&h.reference),
                "{page}"
            );
        }
    }
    // No reference is shared: the national site's own proposals kept theirs.
    for (k, r) in ["P-0001", "P-0002"].iter().enumerate() {
        let page = national.get(&national.staff, &format!("/admin/propositions/{r}"));
        assert!(
            page.contains(&format!("{r} — Une route pour Daloa n° {k}")),
            "{page}"
        );
    }
    let mut refs: Vec<&str> = handed.iter().map(|h| h.reference.as_str()).collect();
    refs.sort_unstable();
    refs.dedup();
    assert_eq!(refs.len(), 7, "no reference handed out twice");

    // The staff CSV says where each came from.
    let r = national
        .staff
        .get(national.url("/admin/exports/propositions.csv"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().unwrap();
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(if text.lines().next().unwrap().contains(';') {
            b';'
        } else {
            b','
        })
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = csv.headers().unwrap().clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"))
    };
    let (c_ref, c_title, c_channel, c_workshop, c_paper, c_instance) = (
        col("reference"),
        col("titre"),
        col("canal_code"),
        col("atelier"),
        col("fiche_papier"),
        col("instance"),
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len(),
        9,
        "7 from the workshop, 2 of the national site's own"
    );
    let laptop_instance: String = rows
        .iter()
        .find(|r| r[c_ref].starts_with("GGN-"))
        .map(|r| r[c_instance].to_string())
        .unwrap();
    for h in &handed {
        let row = rows
            .iter()
            .find(|r| r[c_ref] == h.reference)
            .unwrap_or_else(|| panic!("{} not in the CSV", h.reference));
        assert_eq!(&row[c_title], h.title.as_str());
        assert_eq!(&row[c_channel], h.channel, "{}", h.reference);
        assert_eq!(&row[c_workshop], "Atelier régional de Gagnoa");
        assert_eq!(&row[c_paper], h.paper.as_deref().unwrap_or(""));
        assert_eq!(&row[c_instance], laptop_instance.as_str());
    }
    for r in rows.iter().filter(|r| r[c_ref].starts_with("P-")) {
        assert_ne!(&r[c_instance], laptop_instance.as_str());
        assert_eq!(&r[c_workshop], "");
    }

    // Once the national site is closed, the command line imports the same file again:
    // nothing is added twice.
    national.server.stop();
    let (code, out, err) = cli_import();
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Ajoutés\u{a0}: 0 proposition, 0 commentaire, 0 soutien, 0 atelier.")
            && out.contains("Déjà présents\u{a0}: 8."),
        "{out}"
    );
}

/// A workshop file made in training (`palabre demo`) carries its fictional 300 proposals:
/// a real site refuses it whole, in plain words, and changes nothing; another training
/// site takes it.
#[test]
fn a_training_file_is_refused_by_a_real_site() {
    let trainer = instance();
    palabre::demo::seed(&trainer.state.db, 1_796_032_800).unwrap();
    let file = trainer.dir.join("formation.zip");
    export(&trainer, &file);
    let real = instance();
    contribute(&real, 0, 2, "en_ligne");
    let before = snapshot(&real);
    let (code, out, err) = import(&real, &file);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("Ce fichier vient du mode formation (palabre demo)"),
        "{out}{err}"
    );
    assert_eq!(snapshot(&real), before, "a refused file changes nothing");
    // Another training site takes it (the same fictional data: nothing new to add).
    let other = instance();
    palabre::demo::seed(&other.state.db, 1_796_032_800).unwrap();
    let (code, out, err) = import(&other, &file);
    assert_eq!(code, 0, "a training site takes a training file: {out}{err}");
}

fn set_code(i: &Instance, code: &str) {
    i.state
        .db
        .write(|c| {
            Ok::<_, DbError>(palabre::db::settings::set(
                c,
                palabre::db::settings::REFERENCE_CODE,
                code,
            )?)
        })
        .unwrap();
}

/// (reference, original reference, title) of every proposal an instance recorded.
fn filed(n: &Instance, from: &Instance) -> Vec<(String, Option<String>, String)> {
    let id = from.state.instance_id.clone();
    n.state
        .db
        .read(|c| {
            let mut st = c.prepare(
                "SELECT reference, original_reference, title FROM proposals WHERE instance_id = ?1 ORDER BY id",
            )?;
            let rows = st
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, DbError>(rows)
        })
        .unwrap()
}

fn derived(i: &Instance) -> String {
    palabre::domain::reference::RefCode::of_instance(&i.state.instance_id).to_string()
}

/// Two laptops given the same code (two agents typed "BKE", in Bouaké and in Bouaflé), a third left on
/// the national code, a forged file: on the national site no receipt opens another
/// laptop's proposal, the national numbers stay the national site's, and a file cannot take
/// a code its laptop never handed out.
#[test]
fn two_laptops_with_one_code_and_one_on_the_national_code_never_share_a_reference() {
    let bouake = instance();
    let bouafle = instance();
    let forgotten = instance();
    let n = instance();
    set_code(&bouake, "BKE");
    set_code(&bouafle, "bke");
    contribute(&bouake, 0, 3, "atelier");
    contribute(&bouafle, 10, 2, "atelier");
    contribute(&forgotten, 20, 2, "atelier");
    contribute(&n, 30, 2, "en_ligne");
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = ["bouake", "bouafle", "forgotten"]
        .iter()
        .map(|f| dir.path().join(format!("{f}.zip")))
        .collect();
    export(&bouake, &files[0]);
    export(&bouafle, &files[1]);
    // The laptop still on "P" is given its own code when it writes its file, and says so.
    let (code, out, err) = run(
        &[
            "bundle",
            "export",
            &path_str(&files[2]),
            "--data-dir",
            &path_str(&forgotten.dir),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    let own = derived(&forgotten);
    assert!(
        out.contains(&format!("Il reçoit son propre code, {own}")),
        "{out}"
    );
    // Its next proposal carries that code, numbered after the ones it handed out under P.
    contribute(&forgotten, 22, 1, "atelier");
    assert_eq!(
        filed(&forgotten, &forgotten)
            .iter()
            .map(|r| r.0.clone())
            .collect::<Vec<_>>(),
        ["P-0001", "P-0002", &format!("{own}-0003")]
    );

    for f in &files {
        let (code, out, err) = import(&n, f);
        assert_eq!(code, 0, "{out}{err}");
    }
    // The first laptop keeps its references.
    let first = filed(&n, &bouake);
    assert_eq!(
        first
            .iter()
            .map(|r| (r.0.as_str(), r.1.is_none()))
            .collect::<Vec<_>>(),
        [("BKE-0001", true), ("BKE-0002", true), ("BKE-0003", true)]
    );
    // The second one's are filed under its own derived code, same number, the receipt's
    // reference kept beside them.
    let second = filed(&n, &bouafle);
    let b = derived(&bouafle);
    assert_eq!(
        second
            .iter()
            .map(|r| (r.0.clone(), r.1.clone()))
            .collect::<Vec<_>>(),
        [
            (format!("{b}-0001"), Some("BKE-0001".to_string())),
            (format!("{b}-0002"), Some("BKE-0002".to_string()))
        ]
    );
    // The national site's own P-0001 and P-0002 are still its own; the forgotten laptop's
    // P-0001 and P-0002 are under its code.
    let national = filed(&n, &n);
    assert_eq!(
        national.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["P-0001", "P-0002"]
    );
    assert!(
        national.iter().all(|r| r.2.contains("n° 3")),
        "{national:?}"
    );
    let third = filed(&n, &forgotten);
    assert_eq!(
        third
            .iter()
            .map(|r| (r.0.clone(), r.1.clone()))
            .collect::<Vec<_>>(),
        [
            (format!("{own}-0001"), Some("P-0001".to_string())),
            (format!("{own}-0002"), Some("P-0002".to_string()))
        ]
    );
    // The register says who holds what.
    let holder = |code: &str| {
        n.state
            .db
            .read(|c| {
                Ok::<Option<String>, DbError>(
                    c.query_row(
                        "SELECT instance_id FROM reference_codes WHERE code = ?1",
                        [code],
                        |r| r.get(0),
                    )
                    .ok(),
                )
            })
            .unwrap()
    };
    assert_eq!(
        holder("BKE").as_deref(),
        Some(bouake.state.instance_id.as_str())
    );
    assert_eq!(
        holder(&b).as_deref(),
        Some(bouafle.state.instance_id.as_str())
    );
    assert_eq!(
        holder("P"),
        None,
        "the national code is never registered to a laptop"
    );

    // The forgotten laptop's next file: its P references still go under its code, and its
    // new one keeps its reference.
    let next = dir.path().join("forgotten-2.zip");
    export(&forgotten, &next);
    let (code, out, err) = import(&n, &next);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        filed(&n, &forgotten)
            .iter()
            .any(|r| r.0 == format!("{own}-0003") && r.1.is_none())
    );

    // A Bouaké file edited to carry a reference of another code, and a national number not
    // given yet: the first is refused (not a code of that laptop), the second goes under the
    // laptop's derived code, never P-99999.
    contribute(&bouake, 40, 2, "atelier");
    let fresh = dir.path().join("bouake-2.zip");
    export(&bouake, &fresh);
    let forged = dir.path().join("bouake-forged.zip");
    rewrite(&fresh, &forged, false, |e| {
        let f = e.iter_mut().find(|(n, _)| n == "proposals.jsonl").unwrap();
        let text = String::from_utf8(f.1.clone()).unwrap();
        f.1 = text
            .replace(r#""reference":"BKE-0004""#, r#""reference":"ABJ-0001""#)
            .replace(r#""reference":"BKE-0005""#, r#""reference":"P-99999""#)
            .into_bytes();
        let m = e.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&m.1).unwrap();
        v["reference_codes"] = serde_json::json!(["BKE", "P"]);
        m.1 = serde_json::to_vec(&v).unwrap();
    });
    let (code, out, err) = import(&n, &forged);
    assert_ne!(code, 0, "a record was left out: {out}{err}");
    assert!(
        err.contains("sa référence ABJ-0001 n'est pas l'un des codes de cet ordinateur"),
        "{err}"
    );
    assert!(out.contains("Ajoutés\u{a0}: 1 proposition"), "{out}");
    let k = derived(&bouake);
    assert!(
        out.contains(&format!("P-99999 → {k}-99999")),
        "said where it went: {out}"
    );
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM proposals WHERE reference IN ('ABJ-0001', 'P-99999')"
        ),
        0
    );
    assert_eq!(holder("ABJ"), None);

    // A file of an older Palabre (format 3: no codes in its manifest) still imports.
    let old = dir.path().join("bouafle-old.zip");
    contribute(&bouafle, 50, 1, "atelier");
    let newer = dir.path().join("bouafle-2.zip");
    export(&bouafle, &newer);
    rewrite(&newer, &old, false, |e| {
        let m = e.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&m.1).unwrap();
        v["version"] = 3.into();
        v.as_object_mut().unwrap().remove("reference_code");
        v.as_object_mut().unwrap().remove("reference_codes");
        m.1 = serde_json::to_vec(&v).unwrap();
    });
    let (code, out, err) = import(&n, &old);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        filed(&n, &bouafle)
            .iter()
            .any(|r| r.0 == format!("{b}-0003") && r.1.as_deref() == Some("BKE-0003")),
        "{:?}",
        filed(&n, &bouafle)
    );
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM proposals WHERE reference = 'BKE-0003'"
        ),
        1,
        "Bouaké's BKE-0003 is still the only one"
    );
    // The national site's own "Télécharger le fichier d'atelier", pressed by mistake: it
    // keeps its national code.
    let (code, out, err) = run(
        &[
            "bundle",
            "export",
            &path_str(&dir.path().join("national.zip")),
            "--data-dir",
            &path_str(&n.dir),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("propre code"), "{out}");
    contribute(&n, 60, 1, "en_ligne");
    assert!(
        filed(&n, &n).iter().any(|r| r.0 == "P-0003"),
        "{:?}",
        filed(&n, &n)
    );
}

/// A workshop file reaches only its own laptop's records: supports and comments on another
/// site's proposals, another laptop's workshop attendance, a follow-up link taken from
/// another file, fields of any length, a date in 2100 are each left out, said so in plain
/// French, and the rest goes in; the genuine file imports afterwards.
#[test]
fn a_workshop_file_reaches_only_its_own_records() {
    let genuine = instance();
    let rogue = instance();
    let n = instance();
    contribute(&n, 0, 1, "en_ligne");
    contribute(&genuine, 10, 2, "atelier");
    file_under_workshop(&genuine);
    genuine
        .state
        .db
        .write(|c| {
            c.execute(
                "UPDATE workshops SET attendance = 'citoyen:4:3', attendance_at = 900",
                [],
            )?;
            Ok::<_, DbError>(())
        })
        .unwrap();
    contribute(&rogue, 20, 1, "atelier");
    let dir = tempfile::tempdir().unwrap();
    let genuine_file = dir.path().join("genuine.zip");
    export(&genuine, &genuine_file);
    // The rogue file is imported first: its lines name the national site's proposal, the
    // genuine laptop's workshop and follow-up link.
    let national_uid = format!("{}-p-0", n.state.instance_id);
    let genuine_uid = format!("{}-p-10", genuine.state.instance_id);
    let genuine_workshop = format!("{}-w", genuine.state.instance_id);
    let rogue_id = rogue.state.instance_id.clone();
    let stolen_hash: String =
        palabre::security::sha256(format!("token-{}-10", genuine.state.instance_id).as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
    // The national site's proposal and the genuine one exist there before the rogue file.
    let (code, out, err) = import(&n, &genuine_file);
    assert_eq!(code, 0, "{out}{err}");
    let before_supports = count(&n, "SELECT count(*) FROM supports");
    let before_comments = count(&n, "SELECT count(*) FROM comments");
    let rogue_file = dir.path().join("rogue.zip");
    export(&rogue, &rogue_file);
    let forged = dir.path().join("rogue-forged.zip");
    rewrite(&rogue_file, &forged, false, |e| {
        let file = |e: &mut Vec<(String, Vec<u8>)>, name: &str, lines: Vec<String>| {
            let f = e.iter_mut().find(|(n, _)| n == name).unwrap();
            for l in lines {
                f.1.extend_from_slice(format!("{l}\n").as_bytes());
            }
        };
        let supports: Vec<String> = (0..2000)
            .map(|i| {
                serde_json::json!({"uid": format!("rogue-s-{i}"), "instance_id": rogue_id,
                    "proposal_uid": national_uid, "participant": format!("fake-{i}-xxxxxxxxxxxx"),
                    "channel": "atelier", "created_at": 5000})
                .to_string()
            })
            .collect();
        file(e, "supports.jsonl", supports);
        file(
            e,
            "comments.jsonl",
            vec![
                serde_json::json!({"uid": "rogue-c-1", "instance_id": rogue_id,
                "proposal_uid": genuine_uid, "body": "Faux commentaire", "author_name": "",
                "channel": "atelier", "created_at": 5000})
                .to_string(),
            ],
        );
        let proposal = |uid: &str, hash: &str, author: String| {
            serde_json::json!({"uid": uid, "instance_id": rogue_id, "channel": "atelier",
                "created_at": 5000, "title": "Une proposition", "problem": "Un problème",
                "solution": "Une solution", "benefit": "", "theme": "education", "zone": "goh",
                "contributor_type": "citoyen", "ogp_values": "", "author_name": author,
                "organisation": "", "contact": null, "language": "fr", "follow_token_hash": hash})
            .to_string()
        };
        let fine = "ab".repeat(32);
        file(
            e,
            "proposals.jsonl",
            vec![
                proposal("rogue-p-stolen", &stolen_hash, String::new()),
                proposal("rogue-p-empty", "", String::new()),
                proposal("rogue-p-long", &"cd".repeat(32), "N".repeat(8 << 20)),
                proposal("rogue-p-fine", &fine, "Awa".into()),
            ],
        );
        file(
            e,
            "workshops.jsonl",
            vec![
                serde_json::json!({"uid": genuine_workshop, "instance_id": rogue_id,
                    "name": "Atelier", "place": "", "zone": "goh", "held_on": "2026-12-03",
                    "facilitators": "", "created_at": 5000, "attendance": "citoyen:90:0",
                    "attendance_at": 4_102_444_800i64})
                .to_string(),
                serde_json::json!({"uid": "rogue-w", "instance_id": rogue_id,
                    "name": "Atelier de demain", "place": "", "zone": "goh", "held_on": "2026-12-04",
                    "facilitators": "", "created_at": 5000, "attendance": "citoyen:90:0",
                    "attendance_at": 4_102_444_800i64})
                .to_string(),
            ],
        );
    });
    let (code, out, err) = import(&n, &forged);
    assert_ne!(code, 0, "records were left out: {out}");
    for said in [
        "vise la proposition",
        "un fichier n'apporte des soutiens et des commentaires qu'à ses propres propositions",
        "est celui d'un autre ordinateur\u{a0}; ce fichier ne peut pas le changer",
        "… et 1991 autres écartés pour la même raison",
        "rogue-p-stolen\u{a0}: son lien de suivi est déjà celui d'une autre proposition",
        "rogue-p-empty\u{a0}: le lien de suivi vide, trop long",
        "rogue-p-long\u{a0}: le nom vide, trop long (8388608 caractères)",
        "rogue-w\u{a0}: la présence de l'atelier est datée du",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
    assert!(err.len() < 2_000_000, "the 8 MB name is not echoed back");
    assert!(
        out.contains("Ajoutés\u{a0}: 2 propositions, 1 commentaire, 3 soutiens, 1 atelier."),
        "the rogue laptop's own records go in: {out}"
    );
    assert_eq!(
        count(&n, "SELECT count(*) FROM supports"),
        before_supports + 3
    );
    assert_eq!(
        count(&n, "SELECT count(*) FROM comments"),
        before_comments + 1
    );
    assert_eq!(
        count(
            &n,
            "SELECT support_count FROM proposals WHERE title LIKE '%n° 0 %'"
        ),
        3,
        "the national proposal kept its own supports"
    );
    assert_eq!(
        count(
            &n,
            &format!(
                "SELECT count(*) FROM workshops WHERE uid = '{genuine_workshop}' AND attendance = 'citoyen:4:3' AND attendance_at = 900"
            )
        ),
        1,
        "the genuine workshop's attendance is untouched"
    );
    assert_eq!(
        count(
            &n,
            "SELECT count(*) FROM workshops WHERE uid = 'rogue-w' AND attendance = '' AND attendance_at IS NULL"
        ),
        1,
        "a workshop dated in 2100 comes without its attendance"
    );
    assert_eq!(
        count(&n, "SELECT max(length(author_name)) FROM proposals"),
        3
    );
    // The genuine laptop's next file, with its follow-up links, still goes in whole.
    contribute(&genuine, 12, 1, "atelier");
    let next = dir.path().join("genuine-2.zip");
    export(&genuine, &next);
    let (code, out, err) = import(&n, &next);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Ajoutés\u{a0}: 1 proposition"), "{out}");
}

/// Issue 32: a workshop laptop's priority ballots (people at the laptop's form) and a paper
/// count typed in by a facilitator reach the national site through the workshop file, each
/// on its own channel; importing the file again changes nothing.
#[test]
fn a_workshops_priorities_reach_the_national_site_once() {
    use palabre::db::priorities;
    use palabre::domain::priority::{Ballot, Profile, Results, parse_tally};
    let a = instance();
    let n = instance();
    let instance_id = a.state.instance_id.clone();
    a.state
        .db
        .write(|c| {
            let w = palabre::domain::workshop::NewWorkshop {
                name: "Atelier régional de Korhogo".into(),
                place: "Préfecture".into(),
                zone: "poro".into(),
                held_on: "2026-12-05".into(),
                facilitators: "Awa".into(),
            };
            let wid = palabre::db::workshops::insert(c, &w, "w-korhogo", &instance_id, 500)?;
            for (k, themes) in [
                ["sante", "foncier"],
                ["sante", "education"],
                ["foncier", "sante"],
            ]
            .iter()
            .enumerate()
            {
                let ballot = Ballot {
                    themes: themes.iter().map(|t| t.to_string()).collect(),
                    profile: Profile {
                        zone: "poro".into(),
                        sex: "femme".into(),
                        ..Profile::default()
                    },
                };
                let uid = format!("{instance_id}-b-{k}");
                let f = priorities::BallotFiling {
                    uid: &uid,
                    instance_id: &instance_id,
                    consultation_id: 1,
                    channel: Channel::Workshop,
                    workshop_id: Some(wid),
                    ballot: &ballot,
                    submission_key: None,
                    device: None,
                    bundle_id: None,
                    created_at: 1_000 + k as i64,
                };
                priorities::file_ballot(c, &f)?;
            }
            let typed: Vec<(String, String)> = [
                ("channel", "papier"),
                ("people", "40"),
                ("t_sante", "30"),
                ("t_foncier", "25"),
                ("t_education", "10"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            let t = parse_tally(&typed, &["sante", "foncier", "education"], 3).unwrap();
            priorities::set_tally(c, "t-korhogo", &instance_id, (1, wid), &t, "kouassi", 2_000)?;
            Ok::<_, DbError>(())
        })
        .unwrap();
    let file = a.dir.join("atelier.zip");
    export(&a, &file);
    let (code, out, err) = import(&n, &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Priorités\u{a0}: 3 choix de personnes et 1 décompte d'atelier ajoutés"),
        "{out}"
    );
    let counted = |i: &Instance| {
        i.state
            .db
            .read(|c| Ok::<_, DbError>(priorities::votes(c, 1)?))
            .unwrap()
    };
    let votes = counted(&n);
    let r = Results::of(&votes, &["sante", "foncier", "education"]);
    assert_eq!(r.participants, 43);
    assert_eq!(
        r.channels,
        [("papier".to_string(), 40), ("atelier".to_string(), 3)],
        "each source on its own channel"
    );
    assert_eq!(r.themes[0], ("sante".to_string(), 33));
    assert_eq!(r.district("Savanes").unwrap().participants, 43);
    let (code, out, err) = import(&n, &file);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("4 déjà présents"), "{out}");
    assert_eq!(counted(&n).ballots.len(), 3);
    assert_eq!(counted(&n).tallies, votes.tallies, "the count is unchanged");
    assert_eq!(count(&n, "SELECT count(*) FROM priority_ballots"), 3);
    assert_eq!(count(&n, "SELECT count(*) FROM priority_tallies"), 1);
}
