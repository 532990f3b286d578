//! Consultations (the first one is created by the first-run setup).

use rusqlite::{Connection, params};

use crate::domain::consultation::Consultation;

pub fn insert(
    c: &Connection,
    uid: &str,
    title: &str,
    opens_at: i64,
    closes_at: i64,
    now: i64,
) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO consultations(uid, title, opens_at, closes_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![uid, title, opens_at, closes_at, now])?;
    Ok(c.last_insert_rowid())
}

/// Consultations not yet closed, the soonest to close first.
pub fn current(c: &Connection, now: i64) -> rusqlite::Result<Vec<Consultation>> {
    c.prepare_cached(
        "SELECT id, uid, title, description, opens_at, closes_at FROM consultations \
         WHERE closes_at > ?1 ORDER BY opens_at, closes_at",
    )?
    .query_map([now], |r| {
        Ok(Consultation {
            id: r.get(0)?,
            uid: r.get(1)?,
            title: r.get(2)?,
            description: r.get(3)?,
            opens_at: r.get(4)?,
            closes_at: r.get(5)?,
        })
    })?
    .collect()
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Consultation, String)> {
    Ok((
        Consultation {
            id: r.get(0)?,
            uid: r.get(1)?,
            title: r.get(2)?,
            description: r.get(3)?,
            opens_at: r.get(4)?,
            closes_at: r.get(5)?,
        },
        r.get(6)?,
    ))
}

/// A consultation and the optional questions its form asks.
pub fn get(c: &Connection, id: i64) -> rusqlite::Result<Option<(Consultation, String)>> {
    use rusqlite::OptionalExtension;
    c.prepare_cached("SELECT id, uid, title, description, opens_at, closes_at, questions FROM consultations WHERE id = ?1")?
        .query_row([id], row)
        .optional()
}

/// Every consultation, the most recent first.
pub fn all(c: &Connection) -> rusqlite::Result<Vec<(Consultation, String)>> {
    c.prepare_cached(
        "SELECT id, uid, title, description, opens_at, closes_at, questions FROM consultations ORDER BY opens_at DESC, id DESC",
    )?
    .query_map([], row)?
    .collect()
}

pub struct Edit<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub opens_at: i64,
    pub closes_at: i64,
    pub questions: &'a str,
    pub theme_ids: &'a [i64],
}

/// Creates (id None) or updates a consultation with its themes; returns its id.
pub fn save(
    c: &Connection,
    id: Option<i64>,
    e: &Edit<'_>,
    uid: &str,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let id = match id {
        Some(id) => {
            let n = c
                .prepare_cached(
                    "UPDATE consultations SET title = ?2, description = ?3, opens_at = ?4, closes_at = ?5, questions = ?6 WHERE id = ?1",
                )?
                .execute(params![id, e.title, e.description, e.opens_at, e.closes_at, e.questions])?;
            if n == 0 {
                return Ok(None);
            }
            id
        }
        None => {
            let id = insert(c, uid, e.title, e.opens_at, e.closes_at, now)?;
            c.prepare_cached(
                "UPDATE consultations SET description = ?2, questions = ?3 WHERE id = ?1",
            )?
            .execute(params![id, e.description, e.questions])?;
            id
        }
    };
    c.prepare_cached("DELETE FROM consultation_themes WHERE consultation_id = ?1")?
        .execute([id])?;
    for t in e.theme_ids {
        c.prepare_cached(
            "INSERT OR IGNORE INTO consultation_themes(consultation_id, theme_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, t])?;
    }
    Ok(Some(id))
}

pub fn theme_ids(c: &Connection, id: i64) -> rusqlite::Result<Vec<i64>> {
    c.prepare_cached("SELECT theme_id FROM consultation_themes WHERE consultation_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect()
}
