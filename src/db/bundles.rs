//! The workshop bundle's reads and writes: what this instance recorded itself (to export),
//! and the bundle and workshop rows an import adds. The contributions themselves are filed
//! through `proposals::file_*`, like those typed in here.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::bundle::{
    CommentRecord, Manifest, ProposalRecord, Records, SupportRecord, WorkshopRecord,
};
use crate::domain::reference::{Holder, RefCode};

/// Every contribution and workshop recorded on this instance (not those it imported).
pub fn recorded_here(c: &Connection) -> rusqlite::Result<Records> {
    let proposals: Vec<ProposalRecord> = c
        .prepare(
            "SELECT uid, instance_id, channel, created_at, title, problem, solution, benefit, theme, zone, contributor_type, \
             ogp_values, author_name, organisation, contact, language, follow_token_hash, \
             (SELECT w.uid FROM workshops w WHERE w.id = proposals.workshop_id), paper_number, entered_by, reference, device \
             FROM proposals WHERE bundle_id IS NULL ORDER BY created_at, id",
        )?
        .query_map([], |r| {
            Ok(ProposalRecord {
                uid: r.get(0)?,
                instance_id: r.get(1)?,
                channel: r.get(2)?,
                created_at: r.get(3)?,
                title: r.get(4)?,
                problem: r.get(5)?,
                solution: r.get(6)?,
                benefit: r.get(7)?,
                theme: r.get(8)?,
                zone: r.get(9)?,
                contributor_type: r.get(10)?,
                ogp_values: r.get(11)?,
                author_name: r.get(12)?,
                organisation: r.get(13)?,
                contact: r.get(14)?,
                language: r.get(15)?,
                follow_token_hash: crate::security::hex(&r.get::<_, Vec<u8>>(16)?),
                workshop_uid: r.get(17)?,
                paper_number: r.get(18)?,
                entered_by: r.get(19)?,
                reference: r.get(20)?,
                device: r.get(21)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let comments: Vec<CommentRecord> = c
        .prepare(
            "SELECT k.uid, k.instance_id, p.uid, k.body, k.author_name, k.channel, k.created_at, \
             (SELECT w.uid FROM workshops w WHERE w.id = k.workshop_id), k.device FROM comments k \
             JOIN proposals p ON p.id = k.proposal_id WHERE k.bundle_id IS NULL ORDER BY k.created_at, k.id",
        )?
        .query_map([], |r| {
            Ok(CommentRecord {
                uid: r.get(0)?,
                instance_id: r.get(1)?,
                proposal_uid: r.get(2)?,
                body: r.get(3)?,
                author_name: r.get(4)?,
                channel: r.get(5)?,
                created_at: r.get(6)?,
                workshop_uid: r.get(7)?,
                device: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let supports: Vec<SupportRecord> = c
        .prepare(
            "SELECT s.uid, s.instance_id, p.uid, s.participant, s.channel, s.created_at, \
             (SELECT w.uid FROM workshops w WHERE w.id = s.workshop_id), s.device FROM supports s \
             JOIN proposals p ON p.id = s.proposal_id WHERE s.bundle_id IS NULL ORDER BY s.created_at, s.id",
        )?
        .query_map([], |r| {
            Ok(SupportRecord {
                uid: r.get(0)?,
                instance_id: r.get(1)?,
                proposal_uid: r.get(2)?,
                participant: r.get(3)?,
                channel: r.get(4)?,
                created_at: r.get(5)?,
                workshop_uid: r.get(6)?,
                device: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let workshops: Vec<WorkshopRecord> = c
        .prepare(
            "SELECT uid, instance_id, name, place, zone, held_on, facilitators, created_at, attendance, attendance_at FROM workshops \
             WHERE bundle_id IS NULL ORDER BY held_on, id",
        )?
        .query_map([], |r| {
            Ok(WorkshopRecord {
                uid: r.get(0)?,
                instance_id: r.get(1)?,
                name: r.get(2)?,
                place: r.get(3)?,
                zone: r.get(4)?,
                held_on: r.get(5)?,
                facilitators: r.get(6)?,
                created_at: r.get(7)?,
                attendance: r.get(8)?,
                attendance_at: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (ballots, tallies) = super::priorities::recorded_here(c)?;
    Ok(Records {
        proposals,
        comments,
        supports,
        workshops,
        ballots,
        tallies,
    })
}

/// The consultation an import goes to when none is chosen: the most recent one.
pub fn latest_consultation(c: &Connection) -> rusqlite::Result<Option<i64>> {
    c.query_row(
        "SELECT id FROM consultations ORDER BY opens_at DESC, id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()
}

/// Adds a workshop from a bundle; false when it is already there (same uid). A later bundle
/// from the same laptop brings the attendance entered since: the newer count is kept.
pub fn add_workshop(
    c: &Connection,
    w: &WorkshopRecord,
    attendance: (&str, Option<i64>),
    bundle_id: i64,
) -> rusqlite::Result<bool> {
    let (attendance, attendance_at) = attendance;
    let known = workshop_id(c, &w.uid)?.is_some();
    c.prepare_cached(
        "UPDATE workshops SET attendance = ?2, attendance_at = ?3 WHERE uid = ?1 AND bundle_id IS NOT NULL \
         AND instance_id = ?4 AND ?3 IS NOT NULL AND (attendance_at IS NULL OR attendance_at < ?3)",
    )?
    .execute(params![w.uid, attendance, attendance_at, w.instance_id])?;
    if known {
        return Ok(false);
    }
    let n = c
        .prepare_cached(
            "INSERT INTO workshops(uid, instance_id, name, place, zone, held_on, facilitators, created_at, bundle_id, \
             attendance, attendance_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(uid) DO NOTHING",
        )?
        .execute(params![
            w.uid,
            w.instance_id,
            w.name,
            w.place,
            w.zone,
            w.held_on,
            w.facilitators,
            w.created_at,
            bundle_id,
            attendance,
            attendance_at
        ])?;
    Ok(n == 1)
}

/// Who holds `code` here: this site (its own code), the laptop whose file first brought it,
/// or nobody yet.
pub fn holder(c: &Connection, code: &RefCode, own: &RefCode) -> rusqlite::Result<Holder> {
    if code == own || code.is_national() {
        return Ok(Holder::ThisSite);
    }
    Ok(
        c.prepare_cached("SELECT instance_id FROM reference_codes WHERE code = ?1")?
            .query_row([code.as_str()], |r| r.get::<_, String>(0))
            .optional()?
            .map_or(Holder::Nobody, Holder::Laptop),
    )
}

/// Gives `code` to the laptop `instance_id`, unless someone holds it already.
pub fn register_code(
    c: &Connection,
    code: &RefCode,
    instance_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO reference_codes(code, instance_id, registered_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT(code) DO NOTHING",
    )?
    .execute(params![code.as_str(), instance_id, now])?;
    Ok(())
}

/// Makes `code` this instance's reference code, its counter starting where the national
/// one is (the numbers already handed out under "P" are filed under the new code
/// elsewhere, unchanged).
pub fn take_code(c: &Connection, code: &RefCode) -> rusqlite::Result<()> {
    super::settings::set(c, super::settings::REFERENCE_CODE, code.as_str())?;
    c.execute(
        "INSERT INTO reference_counters(code, last) \
         SELECT ?1, coalesce((SELECT last FROM reference_counters WHERE code = ?2), 0) \
         ON CONFLICT(code) DO UPDATE SET last = max(last, excluded.last)",
        params![code.as_str(), RefCode::national().as_str()],
    )?;
    Ok(())
}

/// Whether this site ever imported a workshop file (the national site does, laptops don't).
pub fn any_imported(c: &Connection) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM bundles LIMIT 1")?
        .exists([])
}

/// Every registered code with its laptop and the day it first came, oldest first.
pub fn registered_codes(c: &Connection) -> rusqlite::Result<Vec<(String, String, i64)>> {
    c.prepare(
        "SELECT code, instance_id, registered_at FROM reference_codes ORDER BY registered_at, code",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

/// The instance that recorded the proposal with this uid, if this site holds it.
pub fn proposal_source(c: &Connection, uid: &str) -> rusqlite::Result<Option<(i64, String)>> {
    c.prepare_cached("SELECT id, instance_id FROM proposals WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The instance that held the workshop with this uid, if this site knows it.
pub fn workshop_source(c: &Connection, uid: &str) -> rusqlite::Result<Option<(i64, String)>> {
    c.prepare_cached("SELECT id, instance_id FROM workshops WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// Whether a comment (`comments`) or a support (`supports`) with this uid is here already.
pub fn has(c: &Connection, table: Contribution, uid: &str) -> rusqlite::Result<bool> {
    let sql = match table {
        Contribution::Comment => "SELECT 1 FROM comments WHERE uid = ?1",
        Contribution::Support => "SELECT 1 FROM supports WHERE uid = ?1",
    };
    c.prepare_cached(sql)?.exists([uid])
}

#[derive(Debug, Clone, Copy)]
pub enum Contribution {
    Comment,
    Support,
}

/// The uid of the proposal whose follow-up link has this hash, if any.
pub fn follow_token_owner(c: &Connection, hash: &[u8]) -> rusqlite::Result<Option<String>> {
    c.prepare_cached("SELECT uid FROM proposals WHERE follow_token_hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()
}

/// The workshop with this uid, if there is one.
pub fn workshop_id(c: &Connection, uid: &str) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT id FROM workshops WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()
}

/// Records an import of the bundle whose file hashes to `file_hash` (again: its time is
/// updated), and returns its id.
pub fn record(c: &Connection, m: &Manifest, file_hash: &str, now: i64) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO bundles(sha256, source_instance, created_at, imported_at, added, already) VALUES (?1, ?2, ?3, ?4, 0, 0) \
         ON CONFLICT(sha256) DO UPDATE SET imported_at = excluded.imported_at RETURNING id",
    )?
    .query_row(params![file_hash, m.instance_id, m.created_at, now], |r| r.get(0))
}

/// What an import added and found already there, kept with the bundle.
pub fn set_counts(
    c: &Connection,
    bundle_id: i64,
    added: u64,
    already: u64,
) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE bundles SET added = ?2, already = ?3 WHERE id = ?1",
        params![bundle_id, added as i64, already as i64],
    )?;
    Ok(())
}
