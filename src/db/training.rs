//! The training instance (`palabre demo`): when the training started, and what the data show
//! happened since, for the exercises of `domain::training`.

use rusqlite::{Connection, params};

use crate::db::settings;
use crate::domain::training::Since;

/// The setting that marks a training instance, and when its exercises started.
pub const SINCE: &str = "training_since";

/// Marks this database as a training instance whose exercises start at `now`.
pub fn start(c: &Connection, now: i64) -> rusqlite::Result<()> {
    settings::set(c, SINCE, &now.to_string())
}

/// When the training started; `None` on a real site.
pub fn started(c: &Connection) -> rusqlite::Result<Option<i64>> {
    Ok(settings::get(c, SINCE)?.and_then(|v| v.parse().ok()))
}

/// What happened since `since` (seconds).
pub fn since(c: &Connection, since: i64) -> rusqlite::Result<Since> {
    let count = |sql: &str| -> rusqlite::Result<i64> {
        c.prepare_cached(sql)?
            .query_row(params![since], |r| r.get(0))
    };
    let audit = |action: &str| -> rusqlite::Result<i64> {
        c.prepare_cached("SELECT count(*) FROM audit_log WHERE action = ?1 AND at >= ?2")?
            .query_row(params![action, since], |r| r.get(0))
    };
    Ok(Since {
        pgo_saved: count("SELECT count(*) FROM pages WHERE slug = 'pgo' AND updated_at >= ?1")?,
        documents_added: count(
            "SELECT count(*) FROM documents WHERE created_at >= ?1 AND category <> 'syntheses'",
        )?,
        moderated: audit("moderation")?,
        answered: count(
            "SELECT count(DISTINCT a.proposal_id) FROM audit_log a JOIN proposals p ON p.id = a.proposal_id \
             WHERE a.action = 'status' AND a.at >= ?1 AND trim(p.answer) <> ''",
        )?,
        merged: audit("merge")?,
        paper_typed: count(
            "SELECT count(*) FROM proposals WHERE channel = 'papier' AND created_at >= ?1",
        )?,
        excel_exports: count(
            "SELECT count(*) FROM audit_log WHERE action = 'export' AND at >= ?1 AND to_value LIKE '%.xlsx'",
        )?,
        syntheses_published: count(
            "SELECT count(*) FROM documents WHERE created_at >= ?1 AND category = 'syntheses'",
        )?,
        workshop_imports: count("SELECT count(*) FROM bundles WHERE imported_at >= ?1")?,
        accounts_added: count("SELECT count(*) FROM staff_accounts WHERE created_at >= ?1")?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_what_happened_since_the_start() {
        let mut c = Connection::open_in_memory().unwrap();
        crate::db::migrations().to_latest(&mut c).unwrap();
        c.execute(
            "INSERT INTO staff_accounts(login, password_hash, role, created_at, updated_at) VALUES ('a', 'x', 'admin', 10, 10)",
            [],
        )
        .unwrap();
        start(&c, 100).unwrap();
        assert_eq!(started(&c).unwrap(), Some(100));
        assert_eq!(since(&c, 100).unwrap(), Since::default());
        c.execute(
            "INSERT INTO staff_accounts(login, password_hash, role, created_at, updated_at) VALUES ('b', 'x', 'moderator', 150, 150)",
            [],
        )
        .unwrap();
        c.execute(
            "INSERT INTO audit_log(at, action, to_value, role, account_login) \
             VALUES (150, 'export', 'propositions.xlsx', 'admin', 'a'), (160, 'export', 'propositions.csv', 'admin', 'a')",
            [],
        )
        .unwrap();
        let s = since(&c, 100).unwrap();
        assert_eq!(s.accounts_added, 1);
        assert_eq!(s.excel_exports, 1);
        assert_eq!(s.moderated, 0);
    }
}
