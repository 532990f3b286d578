//! The organisation's logo, one row at most.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::logo::Logo;

/// The logo's media type and bytes, if one was uploaded.
pub fn get(c: &Connection) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
    c.prepare_cached("SELECT media_type, data FROM logo WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The version in the logo's address, if there is a logo.
pub fn version(c: &Connection) -> rusqlite::Result<Option<String>> {
    c.prepare_cached("SELECT version FROM logo WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()
}

pub fn set(c: &Connection, logo: &Logo, now: i64) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO logo (id, media_type, data, version, updated_at) VALUES (1, ?1, ?2, ?3, ?4) \
         ON CONFLICT(id) DO UPDATE SET media_type = ?1, data = ?2, version = ?3, updated_at = ?4",
        params![logo.media_type(), logo.data(), logo.version(), now],
    )?;
    Ok(())
}

pub fn remove(c: &Connection) -> rusqlite::Result<()> {
    c.execute("DELETE FROM logo", [])?;
    Ok(())
}
