//! Key/value settings: site name, organisation, default language, secrets, instance id.

use rusqlite::{Connection, OptionalExtension, params};

pub const INSTANCE_ID: &str = "instance_id";
pub const SECRET: &str = "secret";
pub const SITE_NAME: &str = "site_name";
pub const ORGANISATION: &str = "organisation";
pub const DEFAULT_LANG: &str = "default_lang";
pub const SETUP_DONE_AT: &str = "setup_done_at";
pub const CONTACT_NAME: &str = "contact_name";
pub const CONTACT_ROLE: &str = "contact_role";
pub const CONTACT_EMAIL: &str = "contact_email";
pub const CONTACT_PHONE: &str = "contact_phone";
pub const UPLOAD_MAX_MB: &str = "upload_max_mb";
pub const TIMELINE_PUBLISHED_AT: &str = "timeline_published_at";
/// "a_priori" (default: nothing public before approval) or "a_posteriori".
pub const MODERATION_MODE: &str = "moderation_mode";
/// Reports from the public after which a published item is hidden for review.
pub const REPORT_THRESHOLD: &str = "report_threshold";
/// The workshop in progress on this laptop (its id): online contributions made meanwhile
/// carry it, with the channel `atelier`. No value: none.
pub const CURRENT_WORKSHOP: &str = "current_workshop";
/// This instance's reference code ("P" when unset): the national site keeps `P`, each
/// workshop laptop gets its own, so that references never collide once merged.
pub const REFERENCE_CODE: &str = "reference_code";
/// The address where the public reaches the site from anywhere (the national site's, or the
/// public link's), used in follow-up and share links. Unset: links use the address the
/// visitor came by, and receipts warn that it works on this network only.
pub const PUBLIC_ADDRESS: &str = "public_address";
/// Licence of the open data: "licence-ouverte" (default) or "odbl".
pub const LICENCE: &str = "licence";
/// Why the timeline was published less than 14 days before contributions opened.
pub const LATE_NOTICE_REASON: &str = "late_notice_reason";

/// The moderation mode chosen by the admin (a priori unless set otherwise).
pub fn moderation_mode(
    c: &Connection,
) -> rusqlite::Result<crate::domain::contribution::ModerationMode> {
    Ok(crate::domain::contribution::ModerationMode::parse(
        get(c, MODERATION_MODE)?.as_deref(),
    ))
}

/// The point of contact shown on the public pages.
pub fn contact(c: &Connection) -> rusqlite::Result<crate::domain::contact::Contact> {
    Ok(crate::domain::contact::Contact {
        name: get(c, CONTACT_NAME)?.unwrap_or_default(),
        role: get(c, CONTACT_ROLE)?.unwrap_or_default(),
        email: get(c, CONTACT_EMAIL)?.unwrap_or_default(),
        phone: get(c, CONTACT_PHONE)?.unwrap_or_default(),
    })
}

pub fn get(c: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

pub fn delete(c: &Connection, key: &str) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM settings WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

pub fn set(c: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Sets `key` only if it has no value yet; returns the value now stored.
pub fn get_or_init(
    c: &Connection,
    key: &str,
    init: impl FnOnce() -> String,
) -> rusqlite::Result<String> {
    if let Some(v) = get(c, key)? {
        return Ok(v);
    }
    let v = init();
    c.prepare_cached("INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)")?
        .execute(params![key, v])?;
    Ok(get(c, key)?.unwrap_or(v))
}
/// Saves the settings an admin checked (the reference code only when one is given; no
/// public address deletes the one saved).
pub fn save(c: &Connection, s: &crate::domain::settings::Settings) -> rusqlite::Result<()> {
    if let Some(code) = &s.reference_code {
        set(c, REFERENCE_CODE, code.as_str())?;
    }
    match &s.public_address {
        Some(a) => set(c, PUBLIC_ADDRESS, a.as_str())?,
        None => delete(c, PUBLIC_ADDRESS)?,
    }
    set(c, MODERATION_MODE, &s.moderation_mode)?;
    set(c, UPLOAD_MAX_MB, &s.upload_max_mb.to_string())?;
    set(c, REPORT_THRESHOLD, &s.report_threshold.to_string())?;
    set(c, LICENCE, &s.licence)
}
