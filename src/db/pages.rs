//! Editable Markdown pages (the OGP presentation), one row per language.

use rusqlite::{Connection, OptionalExtension, params};

pub const PGO: &str = "pgo";

/// The default texts shipped in the executable, seeded on first run.
pub fn default_body(slug: &str, lang: &str) -> Option<&'static str> {
    match (slug, lang) {
        (PGO, "fr") => Some(include_str!("../../assets/pgo/fr.md")),
        (PGO, "en") => Some(include_str!("../../assets/pgo/en.md")),
        _ => None,
    }
}

/// Inserts the default texts where no text exists yet (never overwrites an edit).
pub fn seed_defaults(c: &Connection, now: i64) -> rusqlite::Result<()> {
    for lang in ["fr", "en"] {
        if let Some(body) = default_body(PGO, lang) {
            c.prepare_cached(
                "INSERT OR IGNORE INTO pages(slug, lang, body, is_default, updated_at) VALUES (?1, ?2, ?3, 1, ?4)",
            )?
            .execute(params![PGO, lang, body, now])?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Page {
    pub body: String,
    pub is_default: bool,
    pub updated_at: i64,
}

pub fn get(c: &Connection, slug: &str, lang: &str) -> rusqlite::Result<Option<Page>> {
    c.prepare_cached(
        "SELECT body, is_default, updated_at FROM pages WHERE slug = ?1 AND lang = ?2",
    )?
    .query_row(params![slug, lang], |r| {
        Ok(Page {
            body: r.get(0)?,
            is_default: r.get(1)?,
            updated_at: r.get(2)?,
        })
    })
    .optional()
}

pub fn save(c: &Connection, slug: &str, lang: &str, body: &str, now: i64) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO pages(slug, lang, body, is_default, updated_at) VALUES (?1, ?2, ?3, 0, ?4) \
         ON CONFLICT(slug, lang) DO UPDATE SET body = excluded.body, is_default = 0, updated_at = excluded.updated_at",
    )?
    .execute(params![slug, lang, body, now])?;
    Ok(())
}

/// The most recent change of any public content, for the site-wide "last updated".
pub fn last_update(c: &Connection) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached(
        "SELECT max(t) FROM (SELECT max(updated_at) AS t FROM pages WHERE is_default = 0 \
         UNION ALL SELECT max(updated_at) FROM documents \
         UNION ALL SELECT max(created_at) FROM timeline_phases \
         UNION ALL SELECT max(created_at) FROM forum_meetings \
         UNION ALL SELECT max(created_at) FROM consultations)",
    )?
    .query_row([], |r| r.get(0))
}
