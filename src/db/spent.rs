//! Public forms' one-time ids already used (`spent_forms`): a form lets one contribution
//! through, whoever posts it.

use rusqlite::{Connection, OptionalExtension, params};

/// How long a spent id is kept: longer than a form stamp lives (48 hours).
const KEPT: i64 = 3 * 86_400;

/// Spends the form `form` (the hash of its one-time id) for the submission key `key`
/// (participant and id). True when it was fresh, or spent by the same key before (a repeat,
/// answered with its first receipt); false when another participant spent it.
pub fn spend(c: &Connection, form: &[u8], key: &[u8], now: i64) -> rusqlite::Result<bool> {
    c.prepare_cached("DELETE FROM spent_forms WHERE spent_at < ?1")?
        .execute([now - KEPT])?;
    let by: Option<Vec<u8>> = c
        .prepare_cached("SELECT submission_key FROM spent_forms WHERE form = ?1")?
        .query_row([form], |r| r.get(0))
        .optional()?;
    match by {
        Some(k) => Ok(k == key),
        None => {
            c.prepare_cached(
                "INSERT INTO spent_forms(form, submission_key, spent_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![form, key, now])?;
            Ok(true)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_spent_once_whoever_posts_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.sqlite3")).unwrap();
        db.write(|c| {
            assert!(spend(c, b"form-1", b"ama", 1_000)?);
            assert!(
                spend(c, b"form-1", b"ama", 1_001)?,
                "a repeat by the same person"
            );
            assert!(!spend(c, b"form-1", b"kofi", 1_002)?, "another person");
            assert!(spend(c, b"form-2", b"kofi", 1_003)?);
            // Three days later the id is forgotten (its stamp expired long before).
            assert!(spend(c, b"form-1", b"kofi", 1_000 + KEPT + 1)?);
            Ok::<_, crate::db::DbError>(())
        })
        .unwrap();
    }
}
