//! The co-creation timeline (phases with dates) and the forum register.

use rusqlite::{Connection, params};

use crate::domain::timeline::Phase;

pub struct NewPhase<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub place: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
}

pub fn phases(c: &Connection) -> rusqlite::Result<Vec<Phase>> {
    c.prepare_cached(
        "SELECT id, kind, title, description, place, starts_on, ends_on FROM timeline_phases ORDER BY starts_on, ends_on, id",
    )?
    .query_map([], |r| {
        Ok(Phase {
            id: r.get(0)?,
            kind: r.get(1)?,
            title: r.get(2)?,
            description: r.get(3)?,
            place: r.get(4)?,
            starts_on: r.get(5)?,
            ends_on: r.get(6)?,
        })
    })?
    .collect()
}

pub fn insert_phase(c: &Connection, p: &NewPhase<'_>, now: i64) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO timeline_phases(kind, title, description, place, starts_on, ends_on, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![p.kind, p.title, p.description, p.place, p.starts_on, p.ends_on, now])?;
    Ok(c.last_insert_rowid())
}

/// Corrects a step; false when there is no such step.
pub fn update_phase(c: &Connection, id: i64, p: &NewPhase<'_>) -> rusqlite::Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE timeline_phases SET kind = ?2, title = ?3, description = ?4, place = ?5, \
             starts_on = ?6, ends_on = ?7 WHERE id = ?1",
    )?
    .execute(params![
        id,
        p.kind,
        p.title,
        p.description,
        p.place,
        p.starts_on,
        p.ends_on
    ])? == 1)
}

pub fn delete_phase(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(
        c.prepare_cached("DELETE FROM timeline_phases WHERE id = ?1")?
            .execute([id])?
            == 1,
    )
}

use crate::domain::timeline::Meeting;

pub struct NewMeeting<'a> {
    pub held_on: &'a str,
    pub place: &'a str,
    pub participants: [i64; 3],
    pub agenda: &'a str,
    pub minutes_document_id: Option<i64>,
}

/// Meetings, most recent first, with the title and link parts of their minutes document.
pub fn meetings(c: &Connection) -> rusqlite::Result<Vec<Meeting>> {
    c.prepare_cached(
        "SELECT m.id, m.held_on, m.place, m.participants_admin, m.participants_civil, m.participants_private, \
         m.agenda, d.uid, d.title, coalesce(d.file_name, d.url) \
         FROM forum_meetings m LEFT JOIN documents d ON d.id = m.minutes_document_id \
         ORDER BY m.held_on DESC, m.id DESC",
    )?
    .query_map([], |r| {
        let uid: Option<String> = r.get(7)?;
        let minutes = match uid {
            Some(uid) => Some((uid, r.get(8)?, r.get(9)?)),
            None => None,
        };
        Ok(Meeting {
            id: r.get(0)?,
            held_on: r.get(1)?,
            place: r.get(2)?,
            participants: [r.get(3)?, r.get(4)?, r.get(5)?],
            agenda: r.get(6)?,
            minutes,
        })
    })?
    .collect()
}

pub fn insert_meeting(c: &Connection, m: &NewMeeting<'_>, now: i64) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO forum_meetings(held_on, place, participants_admin, participants_civil, participants_private, \
         agenda, minutes_document_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        m.held_on,
        m.place,
        m.participants[0],
        m.participants[1],
        m.participants[2],
        m.agenda,
        m.minutes_document_id,
        now
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn delete_meeting(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(
        c.prepare_cached("DELETE FROM forum_meetings WHERE id = ?1")?
            .execute([id])?
            == 1,
    )
}

/// Facts the dashboard's OGP warnings are computed from.
pub fn oversight(c: &Connection) -> rusqlite::Result<crate::domain::oversight::Facts> {
    use super::settings;
    let published = settings::get(c, settings::TIMELINE_PUBLISHED_AT)?.and_then(|v| v.parse().ok());
    let setup = settings::get(c, settings::SETUP_DONE_AT)?.and_then(|v| v.parse().ok());
    let first_contributions: Option<String> = c
        .prepare_cached("SELECT min(starts_on) FROM timeline_phases WHERE kind = 'contributions'")?
        .query_row([], |r| r.get(0))?;
    let first_consultation: Option<i64> = c
        .prepare_cached("SELECT min(opens_at) FROM consultations")?
        .query_row([], |r| r.get(0))?;
    let last_meeting: Option<String> = c
        .prepare_cached("SELECT max(held_on) FROM forum_meetings")?
        .query_row([], |r| r.get(0))?;
    Ok(crate::domain::oversight::Facts {
        timeline_published_at: published,
        setup_done_at: setup,
        contributions_open_on: first_contributions,
        first_consultation_opens_at: first_consultation,
        last_document_added_at: super::documents::last_added(c)?,
        last_forum_meeting_on: last_meeting,
        late_notice_reason: settings::get(c, settings::LATE_NOTICE_REASON)?,
    })
}
