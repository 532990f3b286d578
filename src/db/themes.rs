//! Themes of proposals (seeded from the shipped list, then edited by staff).

use rusqlite::{Connection, params};

use crate::domain::seed;

use crate::domain::theme::Theme;

/// Fills the table from the shipped list the first time only.
pub fn seed_defaults(c: &Connection) -> rusqlite::Result<()> {
    let n: i64 = c.query_row("SELECT count(*) FROM themes", [], |r| r.get(0))?;
    if n > 0 {
        return Ok(());
    }
    for (i, t) in seed::THEMES.iter().enumerate() {
        c.prepare_cached(
            "INSERT INTO themes(code, label_fr, label_en, position) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            t.code,
            t.label_fr,
            t.label_en,
            i64::try_from(i).unwrap_or(0)
        ])?;
    }
    Ok(())
}

pub fn all(c: &Connection) -> rusqlite::Result<Vec<Theme>> {
    c.prepare_cached(
        "SELECT id, code, label_fr, label_en, active FROM themes ORDER BY position, id",
    )?
    .query_map([], |r| {
        Ok(Theme {
            id: r.get(0)?,
            code: r.get(1)?,
            label_fr: r.get(2)?,
            label_en: r.get(3)?,
            active: r.get(4)?,
        })
    })?
    .collect()
}

/// The active themes a consultation offers (all active themes when it lists none).
pub fn for_consultation(c: &Connection, consultation_id: i64) -> rusqlite::Result<Vec<Theme>> {
    let chosen: Vec<i64> = c
        .prepare_cached("SELECT theme_id FROM consultation_themes WHERE consultation_id = ?1")?
        .query_map([consultation_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(all(c)?
        .into_iter()
        .filter(|t| t.active && (chosen.is_empty() || chosen.contains(&t.id)))
        .collect())
}

/// Adds a theme; false when its code exists already.
pub fn insert(
    c: &Connection,
    code: &str,
    label_fr: &str,
    label_en: &str,
) -> rusqlite::Result<bool> {
    let n = c
        .prepare_cached(
            "INSERT INTO themes(code, label_fr, label_en, position) \
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM themes)) ON CONFLICT(code) DO NOTHING",
        )?
        .execute(params![code, label_fr, label_en])?;
    Ok(n == 1)
}

pub fn update(
    c: &Connection,
    id: i64,
    label_fr: &str,
    label_en: &str,
    active: bool,
) -> rusqlite::Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE themes SET label_fr = ?2, label_en = ?3, active = ?4 WHERE id = ?1",
    )?
    .execute(params![id, label_fr, label_en, active])?
        == 1)
}
