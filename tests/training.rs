//! The training site (`palabre demo`) holds what the exercises and the guide expect,
//! counted straight from the SQLite file the seed wrote.
#![allow(clippy::unwrap_used)]

use palabre::db::{self, Db, DbError, accounts, timeline};
use palabre::demo::seed::{
    ACCOUNTS, CLOSED_PROPOSALS, OPEN_PROPOSALS, PAPER_FORMS, PENDING, PENDING_COMMENTS, seed,
};
use palabre::domain::contribution::Moderation;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

fn test_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join(db::DB_FILE)).unwrap();
    (dir, db)
}

/// Monday 30 November 2026, 10:00 UTC.
fn now_of_tests() -> i64 {
    1_796_032_800
}

fn count(db: &Db, sql: &str) -> i64 {
    db.read(|c| Ok::<_, DbError>(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

/// Every state a trainer needs is there, in the numbers the exercises expect, and the
/// database is sound.
#[test]
fn a_training_site_has_every_state_to_practise_on() {
    let (_dir, db) = test_db();
    let now = now_of_tests();
    let s = seed(&db, now).unwrap();
    assert_eq!(s.proposals, CLOSED_PROPOSALS + OPEN_PROPOSALS);
    assert_eq!(count(&db, "SELECT count(*) FROM proposals"), 300);
    // Moderation states.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM proposals WHERE moderation = 'pending'"
        ),
        PENDING as i64
    );
    assert_eq!(s.pending.len(), PENDING);
    assert!(s.pending.len() >= 8);
    assert!(!s.pending_to_withhold.is_empty());
    let approved = count(
        &db,
        "SELECT count(*) FROM proposals WHERE moderation = 'approved'",
    );
    assert_eq!(approved as usize, s.published);
    assert!(approved >= 250, "{approved}");
    let rejected = count(
        &db,
        "SELECT count(*) FROM proposals WHERE moderation = 'rejected' AND withheld_reason IS NOT NULL",
    );
    assert_eq!(rejected as usize, s.withheld.len());
    assert_eq!(rejected, 11);
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT withheld_reason) FROM proposals WHERE moderation = 'rejected'"
        ),
        6,
        "every reason, 'autre' with its note"
    );
    // Answers: final statuses all carry a written answer.
    for (status, at_least) in [
        ("retenue", 20),
        ("retenue-en-partie", 15),
        ("non-retenue", 25),
        ("hors-champ", 8),
        ("en-analyse", 25),
        ("fusionnee", 1),
    ] {
        let n = count(
            &db,
            &format!("SELECT count(*) FROM proposals WHERE status = '{status}'"),
        );
        assert!(n >= at_least, "{status}: {n}");
    }
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM proposals WHERE status IN ('retenue', 'retenue-en-partie', 'non-retenue', 'hors-champ') \
             AND (length(answer) < 10 OR answered_at IS NULL)"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM proposals WHERE commitment <> '' AND status NOT IN ('retenue', 'retenue-en-partie')"
        ),
        0
    );
    assert!(s.answered >= 60, "{}", s.answered);
    // Duplicates to merge: published, not merged, three groups.
    assert_eq!(s.duplicates.len(), 3);
    assert_eq!(s.duplicates.iter().map(Vec::len).sum::<usize>(), 7);
    for r in s.duplicates.iter().flatten() {
        let (m, st): (Moderation, palabre::domain::proposal::Status) = db
            .read(|c| {
                Ok::<_, DbError>(c.query_row(
                    "SELECT moderation, status FROM proposals WHERE reference = ?1",
                    [r],
                    |x| Ok((x.get(0)?, x.get(1)?)),
                )?)
            })
            .unwrap();
        assert_eq!(
            (m, st),
            (
                Moderation::Approved,
                palabre::domain::proposal::Status::Received
            ),
            "{r}"
        );
    }
    assert_eq!(s.merged.len(), 1);
    // Spread: all 35 zones, the channels of a consultation, both rounds.
    assert_eq!(count(&db, "SELECT count(DISTINCT zone) FROM proposals"), 35);
    for ch in [
        "en_ligne", "atelier", "papier", "kiosque", "courriel", "whatsapp",
    ] {
        assert!(
            count(
                &db,
                &format!("SELECT count(*) FROM proposals WHERE channel = '{ch}'")
            ) > 0,
            "{ch}"
        );
    }
    assert!(count(&db, "SELECT count(DISTINCT theme) FROM proposals") >= 18);
    assert!(
        count(
            &db,
            "SELECT count(DISTINCT contributor_type) FROM proposals"
        ) >= 8
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM consultations WHERE opens_at <= {now} AND closes_at > {now}"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM consultations WHERE closes_at <= {now}")
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM proposals WHERE consultation_id = {}",
                s.closed_consultation.0
            )
        ),
        CLOSED_PROPOSALS as i64
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM proposals WHERE created_at > {now}")
        ),
        0
    );
    // Pending ones are the newest of all.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM proposals WHERE moderation <> 'pending' \
             AND created_at > (SELECT min(created_at) FROM proposals WHERE moderation = 'pending')"
        ),
        0
    );
    // Workshops: paper forms typed in at Bouaké, nothing yet at Korhogo.
    assert_eq!(s.workshops.len(), 2);
    let (bouake, korhogo) = (s.workshops[0].0, s.workshops[1].0);
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM proposals WHERE workshop_id = {bouake} AND channel = 'papier' AND paper_number LIKE 'BKE-%' AND entered_by = 'animateur'"
            )
        ),
        PAPER_FORMS as i64
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM proposals WHERE workshop_id = {korhogo}")
        ),
        0
    );
    // Bouaké's attendance is counted (66 people, 27 women), Korhogo's not yet: the record
    // of the training has one workshop of two with its attendance.
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT (SELECT length(attendance) > 0 FROM workshops WHERE id = {bouake}) \
                 + 10 * (SELECT length(attendance) FROM workshops WHERE id = {korhogo})"
            )
        ),
        1
    );
    // Online proposals carry a device mark, paper forms none.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM proposals WHERE (device IS NULL) <> (channel = 'papier')"
        ),
        0
    );
    // Comments and supports; counters match the rows.
    assert!(s.comments >= 100);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM comments WHERE moderation = 'pending'"
        ),
        PENDING_COMMENTS.len() as i64
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM comments WHERE moderation = 'rejected'"
        ),
        1
    );
    assert!(s.supports >= 1000, "{}", s.supports);
    assert_eq!(
        count(&db, "SELECT count(*) FROM supports"),
        count(&db, "SELECT sum(support_count) FROM proposals")
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM comments WHERE moderation = 'approved'"
        ),
        count(&db, "SELECT sum(comment_count) FROM proposals")
    );
    // Library, calendar, forum, presentation page.
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 4);
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT document_id) FROM document_parts"
        ),
        4
    );
    assert!(count(&db, "SELECT count(*) FROM timeline_phases") >= 5);
    assert_eq!(count(&db, "SELECT count(*) FROM forum_meetings"), 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pages WHERE slug = 'pgo' AND is_default = 1"
        ),
        2
    );
    let facts = db
        .read(|c| Ok::<_, DbError>(timeline::oversight(c)?))
        .unwrap();
    assert_eq!(palabre::domain::oversight::warnings(&facts, now), vec![]);
    // One account per role, with the printed password.
    let list = db.read(|c| Ok::<_, DbError>(accounts::list(c)?)).unwrap();
    assert_eq!(list.len(), 3);
    for a in ACCOUNTS {
        let found = list.iter().find(|x| x.login == a.login).unwrap();
        assert_eq!(found.role, a.role);
        assert!(palabre::security::password::verify(
            a.password,
            &found.password_hash
        ));
        assert!(
            palabre::domain::password::NewPassword::parse(a.password, a.password, a.login).is_ok(),
            "{} breaks the password rule",
            a.login
        );
    }
    // Sound: every foreign key holds, and SQLite (FTS5 included) finds nothing wrong.
    let check: String = db
        .read(|c| Ok::<_, DbError>(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(
        count(&db, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
}

/// The same day gives the same site: references, titles, zones, decisions, counts.
#[test]
fn the_same_day_gives_the_same_site() {
    let snapshot = || {
        let (_dir, db) = test_db();
        let s = seed(&db, now_of_tests()).unwrap();
        let rows: Vec<String> = db
            .read(|c| {
                Ok::<_, DbError>(
                    c.prepare(
                        "SELECT reference || title || zone || moderation || status || support_count || comment_count || created_at \
                         FROM proposals ORDER BY id",
                    )?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?,
                )
            })
            .unwrap();
        (rows, s.pending, s.duplicates)
    };
    assert_eq!(snapshot(), snapshot());
}

/// Exercises name references: they are the same at any hour of any day.
#[test]
fn references_do_not_depend_on_the_hour_or_the_day() {
    let decisions = |now: i64| {
        let (_dir, db) = test_db();
        let s = seed(&db, now).unwrap();
        let rows: Vec<String> = db
            .read(|c| {
                Ok::<_, DbError>(
                    c.prepare(
                        "SELECT reference || ' ' || title || ' ' || moderation || ' ' || status || ' ' || support_count \
                         FROM proposals ORDER BY id",
                    )?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?,
                )
            })
            .unwrap();
        (rows, s.pending, s.duplicates, s.withheld, s.workshops)
    };
    let monday_ten = now_of_tests();
    let monday_early = monday_ten - 10 * HOUR + 60;
    let thursday_late = monday_ten + 3 * DAY + 13 * HOUR + 59 * 60;
    let first = decisions(monday_ten);
    assert_eq!(first, decisions(monday_early));
    assert_eq!(first, decisions(thursday_late));
    assert_eq!(first.1.first().map(String::as_str), Some("P-0287"));
    assert_eq!(first.1.last().map(String::as_str), Some("P-0300"));
}
