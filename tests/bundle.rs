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
            let w = palabre::db::workshops::NewWorkshop {
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
        out.contains(" 0 propositions") && out.contains("déjà présents"),
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
        let twin = line.replacen(r#""uid":""#, r#""uid":"retyped-"#, 1);
        f.1 = format!("{text}{twin}\n").into_bytes();
    });
    let before = snapshot(&n);
    let (code, out, err) = import(&n, &third);
    assert_ne!(code, 0, "a record was left out: not the whole bundle");
    assert!(
        out.contains("0 propositions") && out.contains("1 écartés"),
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
