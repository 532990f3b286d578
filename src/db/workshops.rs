//! Regional workshops, and where a contribution comes from (online, workshop, paper form).

use rusqlite::{Connection, OptionalExtension, params};

use super::settings;

use crate::domain::workshop::Workshop;

use crate::domain::workshop::NewWorkshop;

const COLUMNS: &str = "w.id, w.uid, w.name, w.place, w.zone, w.held_on, w.facilitators, \
    (SELECT count(*) FROM proposals p WHERE p.workshop_id = w.id), \
    (SELECT count(*) FROM proposals p WHERE p.workshop_id = w.id AND p.channel = 'papier'), \
    w.bundle_id IS NOT NULL, w.attendance";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Workshop> {
    Ok(Workshop {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        place: r.get(3)?,
        zone: r.get(4)?,
        held_on: r.get(5)?,
        facilitators: r.get(6)?,
        proposals: r.get(7)?,
        from_paper: r.get(8)?,
        imported: r.get(9)?,
        // A value this version cannot read is shown as not entered.
        attendance: crate::domain::attendance::Attendance::from_text(&r.get::<_, String>(10)?)
            .unwrap_or_default(),
    })
}

/// Every workshop, most recent first.
pub fn all(c: &Connection) -> rusqlite::Result<Vec<Workshop>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM workshops w ORDER BY w.held_on DESC, w.id DESC"
    ))?
    .query_map([], from_row)?
    .collect()
}

pub fn by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<Workshop>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM workshops w WHERE w.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

pub fn insert(
    c: &Connection,
    w: &NewWorkshop,
    uid: &str,
    instance_id: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO workshops(uid, instance_id, name, place, zone, held_on, facilitators, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )?
    .query_row(
        params![uid, instance_id, w.name, w.place, w.zone, w.held_on, w.facilitators, now],
        |r| r.get(0),
    )
}

/// Records the attendance the facilitator counted (it replaces the one before); false when
/// there is no such workshop.
pub fn set_attendance(
    c: &Connection,
    id: i64,
    attendance: &crate::domain::attendance::Attendance,
    now: i64,
) -> rusqlite::Result<bool> {
    Ok(
        c.prepare_cached("UPDATE workshops SET attendance = ?2, attendance_at = ?3 WHERE id = ?1")?
            .execute(params![id, attendance.to_text(), now])?
            == 1,
    )
}

/// The workshop in progress on this laptop, if any.
pub fn current(c: &Connection) -> rusqlite::Result<Option<Workshop>> {
    match settings::get(c, settings::CURRENT_WORKSHOP)?.and_then(|v| v.parse::<i64>().ok()) {
        Some(id) => by_id(c, id),
        None => Ok(None),
    }
}

pub fn set_current(c: &Connection, id: Option<i64>) -> rusqlite::Result<()> {
    match id {
        Some(id) => settings::set(c, settings::CURRENT_WORKSHOP, &id.to_string()),
        None => settings::delete(c, settings::CURRENT_WORKSHOP),
    }
}

/// The id of the workshop in progress on this laptop, if any: contributions made through the
/// public pages meanwhile carry it.
pub fn in_progress(c: &Connection) -> rusqlite::Result<Option<i64>> {
    match settings::get(c, settings::CURRENT_WORKSHOP)?.and_then(|v| v.parse::<i64>().ok()) {
        Some(id) => c
            .prepare_cached("SELECT id FROM workshops WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional(),
        None => Ok(None),
    }
}

/// The reference of the proposal already typed in from paper form `number` of this
/// workshop, if any.
pub fn paper_taken(
    c: &Connection,
    workshop_id: i64,
    number: &str,
) -> rusqlite::Result<Option<String>> {
    c.prepare_cached(
        "SELECT reference FROM proposals WHERE workshop_id = ?1 AND paper_number = ?2",
    )?
    .query_row(params![workshop_id, number], |r| r.get(0))
    .optional()
}
