//! The database layer's own tests: group commit, migrations, opening and restoring files.

use super::*;

/// Group commit: writes from many threads at once share commits, yet each one that
/// succeeded is on disk when it returns, and one that failed leaves nothing behind, even
/// when it shared a transaction with others.
#[test]
fn concurrent_writes_share_commits_and_fail_alone() {
    let (dir, db) = test_db();
    db.write(|c| Ok::<_, DbError>(c.execute_batch("CREATE TABLE t (n INTEGER NOT NULL UNIQUE)")?))
        .unwrap_or_else(|e| panic!("{e}"));
    let db = std::sync::Arc::new(db);
    let before = db.generation();
    let threads: Vec<_> = (0..16)
        .map(|k| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut ok = 0;
                for i in 0..50 {
                    let n = k * 1000 + i;
                    let r: Result<(), DbError> = db.write(|c| {
                        c.execute("INSERT INTO t(n) VALUES (?1)", [n])?;
                        if i % 5 == 0 {
                            // Half-done work, then a failure: must vanish whole.
                            c.execute("INSERT INTO t(n) VALUES (?1)", [n + 500])?;
                            return Err(DbError::Commit("refused".into()));
                        }
                        Ok(())
                    });
                    if r.is_ok() {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let ok: i64 = threads
        .into_iter()
        .map(|t| t.join().unwrap_or_else(|_| panic!("thread panicked")))
        .sum();
    assert_eq!(ok, 16 * 40);
    // A new connection sees exactly the acknowledged writes.
    let other = Connection::open(dir.path().join(DB_FILE)).unwrap_or_else(|e| panic!("{e}"));
    let (rows, stray): (i64, i64) = other
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE n % 1000 >= 500) FROM t",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((rows, stray), (ok, 0));
    let commits = db.generation() - before;
    assert!(commits >= 1 && commits <= ok as u64, "{commits} commits");
    // Nothing is left open: a later write on its own commits at once.
    db.write(|c| Ok::<_, DbError>(c.execute("INSERT INTO t(n) VALUES (99999)", [])?))
        .unwrap_or_else(|e| panic!("{e}"));
    let n: i64 = other
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, ok + 1);
}

/// The catalogue number moves only when consultations or themes change, and only once the
/// change is committed: a new proposal leaves the cached catalogue valid.
#[test]
fn catalogue_generation_follows_consultations_and_themes_only() {
    let (_dir, db) = test_db();
    let g0 = db.catalogue_generation();
    db.write(|c| {
        Ok::<_, DbError>(c.execute(
            "INSERT INTO settings(key, value) VALUES ('probe', '1') \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [],
        )?)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(db.catalogue_generation(), g0, "a settings write");
    db.write(|c| {
        let seen = db.catalogue_generation();
        c.execute(
            "INSERT INTO themes(code, label_fr, label_en, position, active) \
             VALUES ('essai', 'Essai', 'Trial', 99, 1)",
            [],
        )?;
        // Not yet committed: nobody may cache the new theme under a new number.
        assert_eq!(db.catalogue_generation(), seen);
        Ok::<_, DbError>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let g1 = db.catalogue_generation();
    assert!(g1 > g0, "a theme insert");
    db.write(|c| {
        Ok::<_, DbError>(c.execute(
            "UPDATE themes SET label_fr = 'Essai 2' WHERE code = 'essai'",
            [],
        )?)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(db.catalogue_generation() > g1, "a theme update");
    let g2 = db.catalogue_generation();
    db.write(|c| Ok::<_, DbError>(c.execute("DELETE FROM themes WHERE code = 'essai'", [])?))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(db.catalogue_generation() > g2, "a theme delete");
}

/// A write that panics half-way leaves nothing behind, and the writer goes on.
#[test]
fn a_panic_inside_a_write_rolls_it_back_and_the_writer_goes_on() {
    let (_dir, db) = test_db();
    db.write(|c| Ok::<_, DbError>(c.execute_batch("CREATE TABLE t (n INTEGER)")?))
        .unwrap_or_else(|e| panic!("{e}"));
    let db = std::sync::Arc::new(db);
    let d2 = db.clone();
    let crashed = std::thread::spawn(move || {
        let _: Result<(), DbError> = d2.write(|c| {
            c.execute("INSERT INTO t(n) VALUES (1)", [])?;
            panic!("a bug in the middle of a write");
        });
    })
    .join();
    assert!(crashed.is_err());
    db.write(|c| Ok::<_, DbError>(c.execute("INSERT INTO t(n) VALUES (2)", [])?))
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<i64> = db
        .read(|c| {
            Ok::<_, DbError>(
                c.prepare("SELECT n FROM t")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?,
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows, vec![2]);
}

#[test]
fn migrations_are_valid() {
    assert!(MIGRATIONS.validate().is_ok());
}

/// Released migrations are never edited: a changed file would leave existing databases
/// with a schema the code does not expect. Add a new migration instead, and its hash here.
#[test]
fn released_migrations_are_unchanged() {
    use sha2::{Digest, Sha256};
    const RELEASED: &[(&str, &str)] = &[
        (
            "0001_init.sql",
            "f86caf88e6e7b39581ef9bf704cfb313e9e686f334979a7b47d8ab7f0878e4a2",
        ),
        (
            "0002_library.sql",
            "54bb70b464c9eaa6aaaa282f05570783ab2a09f07e532df0f1778061a1da9f43",
        ),
        (
            "0003_participation.sql",
            "13e125e1847eb9e607569f08dbc0dae0071936e8073337e1a6432dd925a2bc82",
        ),
        (
            "0004_moderation.sql",
            "fddb944b572112e867e9456d49b945768bda3ec6374eca7bcdc54f26da9c9edc",
        ),
        (
            "0005_bundles.sql",
            "f35353c5d3386495c02bfd5a8261527d685b0b46942161a77821b2b6c7b9ae54",
        ),
        (
            "0006_list_indexes.sql",
            "59a87b2b260f7aadd6c1431c3b88397c8fa53d90d500cc53d6999434a224eb1f",
        ),
        (
            "0007_workshops.sql",
            "4001016a5cb1d85b34668d52cd92ed2ea22d40e38ef92f4c89e856beeb991436",
        ),
        (
            "0008_published_indexes.sql",
            "2bcd51d66f18bc7c0eb47b182b95211d6102f944317f549c882eb3ffe92b3d4a",
        ),
        (
            "0009_references.sql",
            "23ae7821a5310e45bb27118bd6b1c3799d5a268e35aa5b2c253cabb69f806740",
        ),
        (
            "0010_logo.sql",
            "54c8fb9b512ec6429dca0b713d822c89a15ad443c7db2d6bb80a2ca56b3f85bb",
        ),
        (
            "0011_document_parts.sql",
            "9344323f081cf7b95834a91a0a7591b7e23ef101ac42d6bf425d390e3fa29f03",
        ),
        (
            "0012_populations.sql",
            "6caecb3b92a4424641634890c63f4aca07871b1bd1cc8d77f4c5d18f3bbff22d",
        ),
        (
            "0013_record_sources.sql",
            "d8428b621ae2c2f8b289adf937dc4d1abecfbb47707ccfd250be6cf19d5c83a9",
        ),
        (
            "0014_closing_day.sql",
            "052309fddee91cde7e67690fc4963bb593055428a8766f3636fb7652a4cfca34",
        ),
        (
            "0015_logo_screen.sql",
            "bdc0b4f87a6cb6422d7a3afefc1c18997a1c6301fc0528eda07c3d698faa7d5d",
        ),
        (
            "0016_reference_codes.sql",
            "30d669a43b83dc7e28349aec0c12264edeb18bd9946c9abcbb0faf7aeea4e97b",
        ),
        (
            "0017_spent_forms.sql",
            "d0e971afe0a6b1fee22c8283cab53412d93fd9ebfa9fb8f4f1dd3175e4b93690",
        ),
        (
            "0018_known_devices.sql",
            "3fb90f2b1f0d193843ccfa2dc0d1c37fc21e0fcd4db0460f76b9898c64de8e80",
        ),
        (
            "0019_priorities.sql",
            "5a010989c1dc31d6086622a157c09db9b4e17c64702f39ddf55a973cee5dab09",
        ),
        (
            "0020_sms.sql",
            "d798e3dbfc1c49d93b5b758da1862448299fa4a90f9ff03f15a932eaae731926",
        ),
    ];
    for ((name, hash), (fname, text)) in RELEASED.iter().zip(MIGRATION_FILES) {
        assert_eq!(
            name, fname,
            "migrations are append-only: never rename or reorder"
        );
        let got: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            &got, hash,
            "{name} was edited after release: add a new migration instead"
        );
    }
    assert!(MIGRATION_FILES.len() >= RELEASED.len());
}

#[test]
fn bundled_sqlite_has_the_wal_fix() {
    // 3.51.3 fixes a WAL corruption bug present in earlier releases.
    assert!(
        rusqlite::version_number() >= 3_051_003,
        "SQLite {}",
        rusqlite::version()
    );
}

#[test]
fn opens_in_wal_with_foreign_keys() {
    let (_dir, db) = test_db();
    let (mode, fk): (String, i64) = db
        .read(|c| {
            Ok::<_, DbError>((
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            ))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
}

#[test]
fn refuses_a_file_that_is_not_sqlite_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(DB_FILE);
    std::fs::write(&path, "mes notes importantes").unwrap_or_else(|e| panic!("{e}"));
    let err = Db::open(&path).err();
    assert!(matches!(err, Some(DbError::NotSqlite(_))), "{err:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        "mes notes importantes"
    );
}

#[test]
fn refuses_another_programs_database() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(DB_FILE);
    let c = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(c);
    assert!(matches!(Db::open(&path), Err(DbError::Foreign(_))));
}

#[test]
fn reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(DB_FILE);
    {
        let db = Db::open(&path).unwrap_or_else(|e| panic!("{e}"));
        db.write(|tx| Ok::<_, DbError>(settings::set(tx, "k", "v")?))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let db = Db::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let v = db
        .read(|c| Ok::<_, DbError>(settings::get(c, "k")?))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.as_deref(), Some("v"));
}

/// Checkpoints go to Litestream while its folder is beside the file, and come back to SQLite
/// when it goes (also at opening, before any migration could checkpoint).
#[test]
fn checkpoints_follow_litestream() {
    let (dir, db) = test_db();
    let pages = |db: &Db| -> i64 {
        db.write(|c| Ok::<_, DbError>(c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(pages(&db), 1000);
    assert!(!db.checkpoints_left_to_replication());
    let folder = replication::folder(db.path());
    std::fs::create_dir_all(folder.join("ltx/0")).unwrap_or_else(|e| panic!("{e}"));
    // Litestream stages the change it saw.
    db.write(|c| Ok::<_, DbError>(settings::set(c, "probe", "1")?))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("ltx/0/1.ltx"), b"x").unwrap_or_else(|e| panic!("{e}"));
    assert!(db.follow_replication().unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(pages(&db), 0);
    let path = db.path().to_path_buf();
    drop(db);
    let again = Db::open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(again.checkpoints_left_to_replication());
    assert_eq!(pages(&again), 0);
    std::fs::remove_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    assert!(!again.follow_replication().unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(pages(&again), 1000);
    drop(dir);
}

/// A consultation made before the closing rule ended at the minute of setup plus 60 days;
/// after the migration it ends at the midnight after that day, and an aligned one is left.
#[test]
fn older_consultations_end_at_midnight_after_their_last_day()
-> Result<(), Box<dyn std::error::Error>> {
    let mut c = Connection::open_in_memory()?;
    let m = super::migrations();
    m.to_version(&mut c, 13)?;
    c.execute_batch(
        "INSERT INTO consultations(uid, title, opens_at, closes_at, created_at) \
         VALUES ('a', 'A', 1796650440, 1801834440, 0), ('b', 'B', 0, 1801872000, 0)",
    )?;
    m.to_latest(&mut c)?;
    let ends: Vec<i64> = c
        .prepare("SELECT closes_at FROM consultations ORDER BY uid")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // 5 February 2027 13:34 → 6 February 00:00; already midnight: unchanged.
    assert_eq!(ends, [1801872000, 1801872000]);
    Ok(())
}
