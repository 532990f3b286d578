//! Moderation decisions, answers, merges and reports, each written with its audit entry in
//! the same transaction.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::account::Actor;
use crate::domain::moderation::{Answer, Reason};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Proposal,
    Comment,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "propositions" => Some(Kind::Proposal),
            "commentaires" => Some(Kind::Comment),
            _ => None,
        }
    }
    fn table(self) -> &'static str {
        match self {
            Kind::Proposal => "proposals",
            Kind::Comment => "comments",
        }
    }
}

pub struct Audit<'a> {
    pub proposal_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub action: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub note: &'a str,
}

/// Records in the journal that `actor` took the data file `file` out (exports hold personal
/// data: who took which file, and when).
pub fn audit_export(
    c: &Connection,
    file: &str,
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<()> {
    audit(
        c,
        &Audit {
            proposal_id: None,
            comment_id: None,
            action: "export",
            from: None,
            to: Some(file),
            note: "",
        },
        Some(actor),
        now,
    )
}

/// Appends one entry to the audit trail. `actor` None means the system (automatic hide).
pub fn audit(
    c: &Connection,
    a: &Audit<'_>,
    actor: Option<Actor<'_>>,
    now: i64,
) -> rusqlite::Result<()> {
    let (role, id, login) = match actor {
        Some(s) => (s.role.code(), Some(s.id), s.login),
        None => ("system", None, ""),
    };
    c.prepare_cached(
        "INSERT INTO audit_log(at, proposal_id, comment_id, action, from_value, to_value, note, role, account_id, account_login) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![now, a.proposal_id, a.comment_id, a.action, a.from, a.to, a.note, role, id, login])?;
    Ok(())
}

fn ids(kind: Kind, id: i64) -> (Option<i64>, Option<i64>) {
    match kind {
        Kind::Proposal => (Some(id), None),
        Kind::Comment => (None, Some(id)),
    }
}

fn current_moderation(c: &Connection, kind: Kind, id: i64) -> rusqlite::Result<Option<String>> {
    c.prepare_cached(&format!(
        "SELECT moderation FROM {} WHERE id = ?1",
        kind.table()
    ))?
    .query_row([id], |r| r.get(0))
    .optional()
}

fn refresh_comment_count(c: &Connection, comment_id: i64) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE proposals SET comment_count = (SELECT count(*) FROM comments k WHERE k.proposal_id = proposals.id \
         AND k.moderation = 'approved') WHERE id = (SELECT proposal_id FROM comments WHERE id = ?1)",
    )?
    .execute([comment_id])?;
    Ok(())
}

/// One moderation decision: the contribution's row changed by `set` (an SQL `SET` list whose
/// parameters `values` are `?2`…; `?1` is the id), the proposal's count of published
/// comments kept, and the journal line (from, to, note), in the caller's transaction.
#[allow(clippy::too_many_arguments)]
fn decide(
    c: &Connection,
    kind: Kind,
    id: i64,
    set: &str,
    values: &[&dyn rusqlite::ToSql],
    (from, to, note): (&str, &str, &str),
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<()> {
    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&id];
    all.extend_from_slice(values);
    c.prepare_cached(&format!("UPDATE {} SET {set} WHERE id = ?1", kind.table()))?
        .execute(all.as_slice())?;
    if kind == Kind::Comment {
        refresh_comment_count(c, id)?;
    }
    let (p, k) = ids(kind, id);
    audit(
        c,
        &Audit {
            proposal_id: p,
            comment_id: k,
            action: "moderation",
            from: Some(from),
            to: Some(to),
            note,
        },
        Some(actor),
        now,
    )
}

/// Publishes a contribution. False when it does not exist.
pub fn approve(
    c: &Connection,
    kind: Kind,
    id: i64,
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some(before) = current_moderation(c, kind, id)? else {
        return Ok(false);
    };
    decide(
        c,
        kind,
        id,
        "moderation = 'approved', withheld_reason = NULL, withheld_note = '', report_count = 0",
        &[],
        (&before, "approved", ""),
        actor,
        now,
    )?;
    Ok(true)
}

/// Withholds (refuses, or hides once published) a contribution with a reason.
pub fn withhold(
    c: &Connection,
    kind: Kind,
    id: i64,
    reason: Reason,
    note: &str,
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some(before) = current_moderation(c, kind, id)? else {
        return Ok(false);
    };
    let line = if note.is_empty() {
        reason.code().to_string()
    } else {
        format!("{}: {note}", reason.code())
    };
    decide(
        c,
        kind,
        id,
        "moderation = 'rejected', withheld_reason = ?2, withheld_note = ?3",
        &[&reason, &note],
        (&before, "rejected", &line),
        actor,
        now,
    )?;
    Ok(true)
}

/// How long a moderator can take back a decision from the queue's notice.
pub const UNDO_SECONDS: i64 = 60;

/// The last moderation decision on a contribution, as the queue's notice tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub at: i64,
    /// The proposal's reference (for a comment, the proposal it is on).
    pub reference: String,
    pub published: bool,
    pub reason: Option<Reason>,
    /// Whether it can still be taken back (within [`UNDO_SECONDS`], nothing changed since,
    /// and it came from the queue or from the public pages).
    pub undoable: bool,
}

/// The journal's last moderation line on a contribution.
struct Line {
    at: i64,
    from: Option<String>,
    to: Option<String>,
    /// A person's decision (not the automatic hiding after reports), and not itself a
    /// taking back.
    by_hand: bool,
}

fn last_moderation(c: &Connection, kind: Kind, id: i64) -> rusqlite::Result<Option<Line>> {
    let column = match kind {
        Kind::Proposal => "proposal_id",
        Kind::Comment => "comment_id",
    };
    c.prepare_cached(&format!(
        "SELECT at, from_value, to_value, role, note FROM audit_log WHERE {column} = ?1 AND action = 'moderation' \
         ORDER BY id DESC LIMIT 1"
    ))?
    .query_row([id], |r| {
        let role: String = r.get(3)?;
        let note: String = r.get(4)?;
        Ok(Line {
            at: r.get(0)?,
            from: r.get(1)?,
            to: r.get(2)?,
            by_hand: role != "system" && note != UNDO_NOTE,
        })
    })
    .optional()
}

/// The journal's note on a line that takes a decision back.
const UNDO_NOTE: &str = "annulation";

/// The last moderation decision on `kind` `id` at `now`, if any.
pub fn last_decision(
    c: &Connection,
    kind: Kind,
    id: i64,
    now: i64,
) -> rusqlite::Result<Option<Decision>> {
    let reference = match kind {
        Kind::Proposal => "SELECT reference FROM proposals WHERE id = ?1",
        Kind::Comment => {
            "SELECT p.reference FROM comments k JOIN proposals p ON p.id = k.proposal_id WHERE k.id = ?1"
        }
    };
    let Some(reference) = c
        .prepare_cached(reference)?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let Some(Line {
        at,
        from,
        to,
        by_hand,
    }) = last_moderation(c, kind, id)?
    else {
        return Ok(None);
    };
    let current = current_moderation(c, kind, id)?;
    let reason: Option<Reason> = c
        .prepare_cached(&format!(
            "SELECT withheld_reason FROM {} WHERE id = ?1",
            kind.table()
        ))?
        .query_row([id], |r| r.get(0))?;
    Ok(Some(Decision {
        at,
        reference: reference.unwrap_or_default(),
        published: to.as_deref() == Some("approved"),
        reason,
        undoable: by_hand
            && now - at < UNDO_SECONDS
            && current == to
            && matches!(from.as_deref(), Some("pending" | "approved")),
    }))
}

/// Takes back the last moderation decision on a contribution, within [`UNDO_SECONDS`]: it
/// goes back where it was (the queue, or published), and the journal says so. False when
/// there is nothing to take back any more.
pub fn undo(
    c: &Connection,
    kind: Kind,
    id: i64,
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some(d) = last_decision(c, kind, id, now)? else {
        return Ok(false);
    };
    if !d.undoable {
        return Ok(false);
    }
    let Some(Line {
        from: Some(from),
        to: Some(to),
        ..
    }) = last_moderation(c, kind, id)?
    else {
        return Ok(false);
    };
    decide(
        c,
        kind,
        id,
        "moderation = ?2, withheld_reason = NULL, withheld_note = ''",
        &[&from],
        (&to, &from, UNDO_NOTE),
        actor,
        now,
    )?;
    Ok(true)
}

/// Sets the status and the written answer of a proposal.
pub fn answer(
    c: &Connection,
    id: i64,
    a: &Answer,
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<bool> {
    let before: Option<String> = c
        .prepare_cached("SELECT status FROM proposals WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(before) = before else {
        return Ok(false);
    };
    c.prepare_cached(
        "UPDATE proposals SET status = ?2, answer = ?3, commitment = ?4, answered_at = ?5, merged_into = NULL WHERE id = ?1",
    )?
    .execute(params![id, a.status, a.answer, a.commitment, now])?;
    audit(
        c,
        &Audit {
            proposal_id: Some(id),
            comment_id: None,
            action: "status",
            from: Some(&before),
            to: Some(a.status.code()),
            note: &a.answer,
        },
        Some(actor),
        now,
    )?;
    // Whoever proposed by text hears the reasoned answer by text (issue 33).
    if a.status.is_final() && !a.answer.trim().is_empty() {
        super::sms::queue_answer(c, id, a, now)?;
    }
    Ok(true)
}

/// Merges `duplicates` into `target`: they become "fusionnée" with a link to it, and their
/// supports move over, a participant who supported several counting once.
pub fn merge(
    c: &Connection,
    target: i64,
    duplicates: &[i64],
    actor: Actor<'_>,
    now: i64,
) -> rusqlite::Result<()> {
    for &d in duplicates.iter().filter(|d| **d != target) {
        // Supports whose participant already supports the target are dropped; the rest move.
        c.prepare_cached(
            "DELETE FROM supports WHERE proposal_id = ?1 AND participant IN (SELECT participant FROM supports WHERE proposal_id = ?2)",
        )?
        .execute(params![d, target])?;
        c.prepare_cached("UPDATE supports SET proposal_id = ?2 WHERE proposal_id = ?1")?
            .execute(params![d, target])?;
        // Earlier merges into the duplicate now point at the target.
        c.prepare_cached("UPDATE proposals SET merged_into = ?2 WHERE merged_into = ?1")?
            .execute(params![d, target])?;
        let before: String = c
            .prepare_cached("SELECT status FROM proposals WHERE id = ?1")?
            .query_row([d], |r| r.get(0))?;
        c.prepare_cached(
            "UPDATE proposals SET status = 'fusionnee', merged_into = ?2, answer = '', commitment = '', answered_at = ?3, support_count = 0 WHERE id = ?1",
        )?
        .execute(params![d, target, now])?;
        let to: String = c
            .prepare_cached("SELECT reference FROM proposals WHERE id = ?1")?
            .query_row([target], |r| r.get(0))?;
        audit(
            c,
            &Audit {
                proposal_id: Some(d),
                comment_id: None,
                action: "merge",
                from: Some(&before),
                to: Some(crate::domain::proposal::Status::Merged.code()),
                note: &to,
            },
            Some(actor),
            now,
        )?;
    }
    c.prepare_cached("UPDATE proposals SET support_count = (SELECT count(*) FROM supports WHERE proposal_id = ?1) WHERE id = ?1")?
        .execute([target])?;
    Ok(())
}

/// Records a report from the public; past `threshold` reports the item is hidden and goes
/// back to the moderation queue. Returns true when this report hid it.
pub fn report(
    c: &Connection,
    kind: Kind,
    id: i64,
    participant: &str,
    threshold: i64,
    now: i64,
) -> rusqlite::Result<bool> {
    let (p, k) = ids(kind, id);
    let added = c
        .prepare_cached("INSERT OR IGNORE INTO reports(proposal_id, comment_id, participant, created_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![p, k, participant, now])?;
    if added == 0 {
        return Ok(false);
    }
    let count: i64 = c
        .prepare_cached(&format!(
            "UPDATE {} SET report_count = report_count + 1 WHERE id = ?1 RETURNING report_count",
            kind.table()
        ))?
        .query_row([id], |r| r.get(0))?;
    let moderation = current_moderation(c, kind, id)?;
    if count >= threshold && moderation.as_deref() == Some("approved") {
        c.prepare_cached(&format!(
            "UPDATE {} SET moderation = 'pending' WHERE id = ?1",
            kind.table()
        ))?
        .execute([id])?;
        if kind == Kind::Comment {
            refresh_comment_count(c, id)?;
        }
        audit(
            c,
            &Audit {
                proposal_id: p,
                comment_id: k,
                action: "moderation",
                from: Some("approved"),
                to: Some("pending"),
                note: "reports",
            },
            None,
            now,
        )?;
        return Ok(true);
    }
    Ok(false)
}

use crate::domain::journal::Entry;

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        at: r.get(0)?,
        proposal_ref: r.get(1)?,
        comment_id: r.get(2)?,
        action: r.get(3)?,
        from: r.get(4)?,
        to: r.get(5)?,
        note: r.get(6)?,
        role: r.get(7)?,
        login: r.get(8)?,
    })
}

const ENTRY: &str = "SELECT a.at, p.reference, a.comment_id, a.action, a.from_value, a.to_value, a.note, a.role, a.account_login \
                     FROM audit_log a LEFT JOIN proposals p ON p.id = a.proposal_id";

/// A proposal's status changes, oldest first (what the public history shows).
pub fn public_history(c: &Connection, proposal_id: i64) -> rusqlite::Result<Vec<Entry>> {
    c.prepare_cached(&format!(
        "{ENTRY} WHERE a.proposal_id = ?1 AND a.action IN ('status', 'merge') ORDER BY a.at, a.id"
    ))?
    .query_map([proposal_id], entry)?
    .collect()
}

use crate::domain::journal::LogFilter;

/// The full trail for staff, newest first, filtered.
pub fn log(c: &Connection, f: &LogFilter) -> rusqlite::Result<Vec<Entry>> {
    c.prepare_cached(&format!(
        "{ENTRY} WHERE (?1 IS NULL OR a.action = ?1) AND (?2 IS NULL OR a.account_login = ?2) \
         AND (?3 IS NULL OR p.reference = ?3 OR a.comment_id IN (SELECT id FROM comments WHERE proposal_id = \
         (SELECT id FROM proposals WHERE reference = ?3))) ORDER BY a.at DESC, a.id DESC LIMIT 500"
    ))?
    .query_map(params![f.action, f.login, f.reference], entry)?
    .collect()
}

/// How many contributions of a consultation were withheld, per reason (never their content).
pub fn withheld_counts(
    c: &Connection,
    consultation_id: i64,
) -> rusqlite::Result<Vec<(Reason, i64)>> {
    c.prepare_cached(
        "SELECT reason, count(*) FROM ( \
           SELECT withheld_reason AS reason FROM proposals WHERE consultation_id = ?1 AND moderation = 'rejected' \
           UNION ALL SELECT k.withheld_reason FROM comments k JOIN proposals p ON p.id = k.proposal_id \
           WHERE p.consultation_id = ?1 AND k.moderation = 'rejected') \
         GROUP BY reason ORDER BY count(*) DESC, reason",
    )?
    .query_map([consultation_id], |r| {
        Ok((r.get::<_, Option<Reason>>(0)?.unwrap_or(Reason::Other), r.get(1)?))
    })?
    .collect()
}
