//! The organisation's logo, one row at most.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::logo::{Logo, ScreenLogo};

/// The logo's media type and bytes, if one was uploaded.
pub fn get(c: &Connection) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
    c.prepare_cached("SELECT media_type, data FROM logo WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The copy pages show (the upload itself for a logo of before that copy existed).
pub fn get_screen(c: &Connection) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
    c.prepare_cached(
        "SELECT coalesce(screen_media_type, media_type), coalesce(screen_data, data) FROM logo WHERE id = 1",
    )?
    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// The version in the logo's address and the size (width, height) of its screen copy.
pub type LogoVersion = (String, Option<(u32, u32)>);

/// The logo's version and screen size, if there is a logo.
pub fn version(c: &Connection) -> rusqlite::Result<Option<LogoVersion>> {
    c.prepare_cached("SELECT version, screen_width, screen_height FROM logo WHERE id = 1")?
        .query_row([], |r| {
            let (w, h): (Option<u32>, Option<u32>) = (r.get(1)?, r.get(2)?);
            Ok((r.get(0)?, w.zip(h)))
        })
        .optional()
}

pub fn set(c: &Connection, logo: &Logo, screen: &ScreenLogo, now: i64) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO logo (id, media_type, data, version, updated_at, screen_media_type, screen_data, screen_width, screen_height) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT(id) DO UPDATE SET media_type = ?1, data = ?2, version = ?3, updated_at = ?4, \
         screen_media_type = ?5, screen_data = ?6, screen_width = ?7, screen_height = ?8",
        params![
            logo.media_type(),
            logo.data(),
            logo.version(),
            now,
            screen.media_type,
            screen.data,
            screen.width,
            screen.height
        ],
    )?;
    Ok(())
}

/// A logo uploaded before screen copies existed gets one (at start); false when there was
/// nothing to do or the upload cannot be read (it is then shown as it is).
pub fn make_screen_copy(c: &Connection) -> rusqlite::Result<bool> {
    let old: Option<Vec<u8>> = c
        .prepare_cached("SELECT data FROM logo WHERE id = 1 AND screen_data IS NULL")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(screen) = old
        .and_then(|d| Logo::parse(d).ok())
        .and_then(|l| l.for_screen().ok())
    else {
        return Ok(false);
    };
    c.execute(
        "UPDATE logo SET screen_media_type = ?1, screen_data = ?2, screen_width = ?3, screen_height = ?4 WHERE id = 1",
        params![screen.media_type, screen.data, screen.width, screen.height],
    )?;
    Ok(true)
}

pub fn remove(c: &Connection) -> rusqlite::Result<()> {
    c.execute("DELETE FROM logo", [])?;
    Ok(())
}
