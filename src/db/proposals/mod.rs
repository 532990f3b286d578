//! Proposals, supports and comments.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::contribution::{
    CommentFiling, Moderation, ProposalFiling, Recorded, SupportFiling,
};
use crate::domain::reference::{RefCode, Reference};

use super::settings;

use crate::domain::proposal::Proposal;

use crate::domain::proposal::Provenance;

const COLUMNS: &str = "id, uid, reference, consultation_id, title, problem, solution, benefit, theme, zone, \
    contributor_type, ogp_values, author_name, organisation, language, channel, moderation, status, \
    support_count, comment_count, created_at, answer, commitment, merged_into, withheld_reason, report_count, answered_at, \
    (SELECT m.reference FROM proposals m WHERE m.id = proposals.merged_into), instance_id, \
    (SELECT w.name FROM workshops w WHERE w.id = proposals.workshop_id), \
    (SELECT w.held_on FROM workshops w WHERE w.id = proposals.workshop_id), \
    paper_number, entered_by, bundle_id IS NOT NULL, original_reference, withheld_note";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Proposal> {
    let values: String = r.get(11)?;
    let workshop_name: Option<String> = r.get(29)?;
    let workshop_date: Option<String> = r.get(30)?;
    Ok(Proposal {
        id: r.get(0)?,
        uid: r.get(1)?,
        reference: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        consultation_id: r.get(3)?,
        title: r.get(4)?,
        problem: r.get(5)?,
        solution: r.get(6)?,
        benefit: r.get(7)?,
        theme: r.get(8)?,
        zone: r.get(9)?,
        contributor_type: r.get(10)?,
        ogp_values: values
            .split(',')
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect(),
        author_name: r.get(12)?,
        organisation: r.get(13)?,
        language: r.get(14)?,
        channel: r.get(15)?,
        moderation: r.get(16)?,
        status: r.get(17)?,
        support_count: r.get(18)?,
        comment_count: r.get(19)?,
        created_at: r.get(20)?,
        answer: r.get(21)?,
        commitment: r.get(22)?,
        merged_into: r.get(23)?,
        withheld_reason: r.get(24)?,
        withheld_note: r.get(35)?,
        report_count: r.get(25)?,
        answered_at: r.get(26)?,
        merged_reference: r.get(27)?,
        provenance: Provenance {
            instance_id: r.get(28)?,
            workshop: workshop_name.zip(workshop_date),
            paper_number: r.get(31)?,
            entered_by: r.get(32)?,
            imported: r.get(33)?,
            original_reference: r.get(34)?,
        },
    })
}

/// This instance's reference code (`P` until another is chosen).
pub fn reference_code(c: &Connection) -> rusqlite::Result<RefCode> {
    Ok(settings::get(c, settings::REFERENCE_CODE)?
        .and_then(|v| RefCode::parse(&v).ok())
        .unwrap_or_else(RefCode::national))
}

/// The next free reference of this instance's code.
fn next_reference(c: &Connection) -> rusqlite::Result<String> {
    let code = reference_code(c)?;
    loop {
        let n: i64 = c
            .prepare_cached(
                "INSERT INTO reference_counters(code, last) VALUES (?1, 1) \
                 ON CONFLICT(code) DO UPDATE SET last = last + 1 RETURNING last",
            )?
            .query_row([code.as_str()], |r| r.get(0))?;
        let r = Reference::new(code.clone(), n).to_string();
        // A number taken by an imported record with the same code is skipped.
        if !reference_taken(c, &r)? {
            return Ok(r);
        }
    }
}

fn reference_taken(c: &Connection, reference: &str) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM proposals WHERE reference = ?1")?
        .exists([reference])
}

/// What filing a proposal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// Recorded now, under this reference.
    New { id: i64, reference: String },
    /// The same submission was recorded before: nothing written, here is the first record.
    Repeat { id: i64, reference: String },
    /// Recorded now, under a reference of this site, because the one it came with was
    /// already another contribution's here.
    Renumbered {
        id: i64,
        reference: String,
        original: String,
    },
    /// Imported before (same unique id): nothing written.
    Already { id: i64 },
    /// A paper form with this number was already typed in for this workshop, as `reference`.
    PaperTaken { reference: String },
}

/// Files a proposal: the one way a proposal is recorded, by the public form, a kiosk, paper
/// entry or a bundle import. Runs inside the caller's write transaction.
pub fn file_proposal(
    c: &Connection,
    f: &ProposalFiling,
    instance_id: &str,
) -> rusqlite::Result<Filed> {
    if let Some(key) = &f.submission
        && let Some((id, reference)) = by_submission(c, key)?
    {
        return Ok(Filed::Repeat { id, reference });
    }
    if let Some(id) = id_by_uid(c, &f.uid)? {
        return Ok(Filed::Already { id });
    }
    if let (Some(w), Some(paper)) = (f.workshop_id, &f.paper)
        && let Some(reference) = super::workshops::paper_taken(c, w, &paper.number)?
    {
        return Ok(Filed::PaperTaken { reference });
    }
    let (instance, bundle_id) = origin_of(&f.recorded, instance_id);
    let (reference, original) = match &f.recorded {
        Recorded::Elsewhere {
            reference: Some(r),
            given,
            ..
        } => {
            let r = r.to_string();
            let given = given.as_ref().map(|g| g.to_string()).filter(|g| *g != r);
            if reference_taken(c, &r)? {
                (next_reference(c)?, Some(given.unwrap_or(r)))
            } else {
                (r, given)
            }
        }
        _ => (next_reference(c)?, None),
    };
    let ref_number: i64 = c
        .prepare_cached("SELECT coalesce(max(ref_number), 0) + 1 FROM proposals")?
        .query_row([], |r| r.get(0))?;
    let p = &f.proposal;
    let id: i64 = c
        .prepare_cached(
            "INSERT INTO proposals(uid, instance_id, ref_number, reference, consultation_id, title, problem, solution, benefit, \
             theme, zone, contributor_type, ogp_values, author_name, organisation, contact, consent_contact, language, \
             channel, follow_token_hash, moderation, created_at, workshop_id, paper_number, entered_by, bundle_id, \
             original_reference, submission_key, device) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, \
             ?23, ?24, ?25, ?26, ?27, ?28, ?29) RETURNING id",
        )?
        .query_row(
            params![
                f.uid,
                instance,
                ref_number,
                reference,
                f.consultation_id,
                p.title,
                p.problem,
                p.solution,
                p.benefit,
                p.theme,
                p.zone,
                p.contributor_type,
                p.ogp_values.join(","),
                p.author_name,
                p.organisation,
                p.contact,
                p.contact.is_some(),
                p.language,
                f.channel.code(),
                f.follow_token_hash,
                f.moderation,
                f.created_at,
                f.workshop_id,
                f.paper.as_ref().map(|x| &x.number),
                f.paper.as_ref().map(|x| &x.entered_by),
                bundle_id,
                original,
                f.submission,
                f.device,
            ],
            |r| r.get(0),
        )?;
    Ok(match original {
        Some(original) => Filed::Renumbered {
            id,
            reference,
            original,
        },
        None => Filed::New { id, reference },
    })
}

/// The proposal filed with this submission key (id and reference), if any.
pub fn by_submission(c: &Connection, key: &[u8]) -> rusqlite::Result<Option<(i64, String)>> {
    c.prepare_cached("SELECT id, reference FROM proposals WHERE submission_key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The id of the proposal with this unique id, if this instance holds it.
pub fn id_by_uid(c: &Connection, uid: &str) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT id FROM proposals WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()
}

pub fn by_reference(c: &Connection, reference: &Reference) -> rusqlite::Result<Option<Proposal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proposals WHERE reference = ?1"
    ))?
    .query_row([reference.to_string()], from_row)
    .optional()
}

/// Published proposals whose receipt showed `reference` but which are filed under another
/// here (a workshop laptop on the national code, or two laptops with one code): reference
/// and title of each.
pub fn moved_from(
    c: &Connection,
    reference: &Reference,
) -> rusqlite::Result<Vec<(String, String)>> {
    c.prepare_cached(
        "SELECT reference, title FROM proposals WHERE original_reference = ?1 AND moderation = 'approved' ORDER BY id",
    )?
    .query_map([reference.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

pub fn by_follow_token(c: &Connection, hash: &[u8]) -> rusqlite::Result<Option<Proposal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proposals WHERE follow_token_hash = ?1"
    ))?
    .query_row([hash], from_row)
    .optional()
}

use crate::domain::proposal::Sort;

use crate::domain::proposal::Filter;

use crate::domain::proposal::PAGE_SIZE;

/// An FTS5 expression matching every word typed (as prefixes), or None when nothing usable.
pub fn fts_query(q: &str) -> Option<String> {
    let terms: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Published proposals matching `f`, one page of them, and how many match in all.
pub fn list_public(c: &Connection, f: &Filter) -> rusqlite::Result<(Vec<Proposal>, i64)> {
    use rusqlite::types::Value;
    // Only the filters actually set go into the query, so that SQLite can pick the index
    // that fits them (an `(?1 IS NULL OR col = ?1)` clause hides every index).
    let mut clauses = vec!["moderation = 'approved'".to_string()];
    let mut args: Vec<Value> = Vec::new();
    // Each `?` of `clause` takes the next of `values`.
    let mut add = |clause: &str, values: Vec<Value>| {
        let mut numbered = String::new();
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                numbered.push_str(&format!("?{}", args.len() + i));
            }
            numbered.push_str(part);
        }
        args.extend(values);
        clauses.push(numbered);
    };
    if let Some(v) = f.consultation {
        add("consultation_id = ?", vec![Value::Integer(v)]);
    }
    if let Some(v) = &f.theme {
        add("theme = ?", vec![Value::Text(v.clone())]);
    }
    if let Some(v) = &f.zone {
        add("zone = ?", vec![Value::Text(v.clone())]);
    }
    if let Some(v) = &f.status {
        add("status = ?", vec![Value::Text(v.clone())]);
    }
    // Words of the text, or the reference on a receipt (also its reference of origin, for
    // a proposal renumbered when its workshop file was imported).
    let words = f.query.as_deref().and_then(fts_query);
    let reference = f
        .query
        .as_deref()
        .and_then(crate::domain::reference::Reference::parse)
        .map(|r| r.to_string());
    const FTS: &str = "id IN (SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH ?)";
    match (words, reference) {
        (Some(w), Some(r)) => add(
            &format!("({FTS} OR reference = ? OR original_reference = ?)"),
            vec![Value::Text(w), Value::Text(r.clone()), Value::Text(r)],
        ),
        (Some(w), None) => add(FTS, vec![Value::Text(w)]),
        (None, Some(r)) => add(
            "(reference = ? OR original_reference = ?)",
            vec![Value::Text(r.clone()), Value::Text(r)],
        ),
        (None, None) => {}
    }
    let filter = clauses.join(" AND ");
    let order = match f.sort {
        Sort::Recent => "created_at DESC, id DESC",
        Sort::Supported => "support_count DESC, created_at DESC, id DESC",
    };
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM proposals WHERE {filter}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    let offset = (f.page.max(1) - 1) * PAGE_SIZE;
    if offset >= total {
        return Ok((Vec::new(), total));
    }
    args.push(Value::Integer(offset));
    let rows = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proposals WHERE {filter} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET ?{}",
            args.len()
        ))?
        .query_map(rusqlite::params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// Every proposal for staff (all moderation states), oldest first, filtered; `query` finds
/// words of the text, or a reference (`GGN-0007`, `p-12`, `142`).
pub fn list_admin(
    c: &Connection,
    theme: Option<&str>,
    zone: Option<&str>,
    status: Option<&str>,
    query: Option<&str>,
) -> rusqlite::Result<Vec<Proposal>> {
    let words = query.and_then(fts_query);
    let reference = query
        .and_then(crate::domain::reference::Reference::parse)
        .map(|r| r.to_string());
    // The text index holds published proposals only; the few others are read whole.
    let like = query.map(|q| {
        format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let search = if words.is_some() || reference.is_some() {
        "AND (id IN (SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH ?4) OR reference = ?5 OR original_reference = ?5 \
         OR (moderation <> 'approved' AND (title LIKE ?6 ESCAPE '\\' OR problem LIKE ?6 ESCAPE '\\' OR solution LIKE ?6 ESCAPE '\\')))"
    } else {
        "AND ?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL"
    };
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proposals WHERE (?1 IS NULL OR theme = ?1) AND (?2 IS NULL OR zone = ?2) \
         AND (?3 IS NULL OR status = ?3) {search} ORDER BY created_at, id LIMIT 1000"
    ))?
    .query_map(params![theme, zone, status, words, reference, like], from_row)?
    .collect()
}

pub fn by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<Proposal>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM proposals WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// What filing a comment or a support did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// Recorded now (a comment: published at once or not).
    Added { published: bool },
    /// Already there: the same submission, the same unique id, or (a support) the same
    /// participant. Nothing written.
    Already { published: bool },
    /// The proposal was merged into this one: nothing written.
    Merged(String),
}

/// The proposal that carries on for `proposal_id`: itself, or the one it was merged into.
fn survivor(c: &Connection, proposal_id: i64) -> rusqlite::Result<(i64, Option<String>)> {
    let merged: Option<(i64, String)> = c
        .prepare_cached(
            "SELECT m.id, m.reference FROM proposals p JOIN proposals m ON m.id = p.merged_into WHERE p.id = ?1",
        )?
        .query_row([proposal_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match merged {
        Some((id, reference)) => (id, Some(reference)),
        None => (proposal_id, None),
    })
}

/// Where a comment or support for `proposal_id` goes: a merged proposal refuses what people
/// post now, and passes what a bundle brings on to the proposal it was merged into.
fn target(
    c: &Connection,
    proposal_id: i64,
    recorded: &Recorded,
) -> rusqlite::Result<Result<i64, Taken>> {
    let (survivor, merged) = survivor(c, proposal_id)?;
    Ok(match (merged, recorded) {
        (Some(r), Recorded::Here) => Err(Taken::Merged(r)),
        _ => Ok(survivor),
    })
}

/// Files a support: the one way a support is recorded. One per participant per proposal.
pub fn file_support(
    c: &Connection,
    proposal_id: i64,
    f: &SupportFiling,
    instance_id: &str,
) -> rusqlite::Result<Taken> {
    let proposal_id = match target(c, proposal_id, &f.recorded)? {
        Ok(id) => id,
        Err(refused) => return Ok(refused),
    };
    let (instance, bundle_id) = origin_of(&f.recorded, instance_id);
    let added = c
        .prepare_cached(
            "INSERT INTO supports(uid, instance_id, proposal_id, participant, channel, created_at, workshop_id, bundle_id, device) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            f.uid,
            instance,
            proposal_id,
            f.participant,
            f.channel.code(),
            f.created_at,
            f.workshop_id,
            bundle_id,
            f.device
        ])?;
    if added == 1 {
        c.prepare_cached("UPDATE proposals SET support_count = support_count + 1 WHERE id = ?1")?
            .execute([proposal_id])?;
        Ok(Taken::Added { published: true })
    } else {
        Ok(Taken::Already { published: true })
    }
}

fn origin_of<'a>(recorded: &'a Recorded, here: &'a str) -> (&'a str, Option<i64>) {
    match recorded {
        Recorded::Here => (here, None),
        Recorded::Elsewhere {
            instance_id,
            bundle_id,
            ..
        } => (instance_id.as_str(), Some(*bundle_id)),
    }
}

pub fn has_supported(
    c: &Connection,
    proposal_id: i64,
    participant: &str,
) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM supports WHERE proposal_id = ?1 AND participant = ?2")?
        .exists(params![proposal_id, participant])
}

use crate::domain::proposal::Comment;

/// Whether the comment filed with this submission key was published at once, if there is one.
pub fn comment_by_submission(c: &Connection, key: &[u8]) -> rusqlite::Result<Option<bool>> {
    c.prepare_cached("SELECT moderation = 'approved' FROM comments WHERE submission_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// Files a comment: the one way a comment is recorded.
pub fn file_comment(
    c: &Connection,
    proposal_id: i64,
    f: &CommentFiling,
    instance_id: &str,
) -> rusqlite::Result<Taken> {
    if let Some(key) = &f.submission
        && let Some(moderation) = c
            .prepare_cached("SELECT moderation FROM comments WHERE submission_key = ?1")?
            .query_row([key], |r| r.get::<_, String>(0))
            .optional()?
    {
        return Ok(Taken::Already {
            published: moderation == "approved",
        });
    }
    let proposal_id = match target(c, proposal_id, &f.recorded)? {
        Ok(id) => id,
        Err(refused) => return Ok(refused),
    };
    let (instance, bundle_id) = origin_of(&f.recorded, instance_id);
    let added = c
        .prepare_cached(
            "INSERT INTO comments(uid, instance_id, proposal_id, body, author_name, moderation, channel, created_at, \
             workshop_id, bundle_id, submission_key, device) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(uid) DO NOTHING",
        )?
        .execute(params![
            f.uid,
            instance,
            proposal_id,
            f.body,
            f.author_name,
            f.moderation,
            f.channel.code(),
            f.created_at,
            f.workshop_id,
            bundle_id,
            f.submission,
            f.device
        ])?;
    let published = f.moderation == Moderation::Approved;
    if added == 0 {
        return Ok(Taken::Already { published });
    }
    if published {
        refresh_comment_count(c, proposal_id)?;
    }
    Ok(Taken::Added { published })
}

fn refresh_comment_count(c: &Connection, proposal_id: i64) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE proposals SET comment_count = \
         (SELECT count(*) FROM comments WHERE proposal_id = ?1 AND moderation = 'approved') WHERE id = ?1",
    )?
    .execute([proposal_id])?;
    Ok(())
}

fn comment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        proposal_id: r.get(1)?,
        body: r.get(2)?,
        author_name: r.get(3)?,
        moderation: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// The reference of the proposal a published comment belongs to, when both are public.
pub fn published_comment_reference(
    c: &Connection,
    comment: i64,
) -> rusqlite::Result<Option<String>> {
    c.prepare_cached(
        "SELECT p.reference FROM comments k JOIN proposals p ON p.id = k.proposal_id \
         WHERE k.id = ?1 AND k.moderation = 'approved' AND p.moderation = 'approved'",
    )?
    .query_row([comment], |r| r.get(0))
    .optional()
}

/// How many proposals still carry a contact.
pub fn count_contacts(c: &Connection) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT count(*) FROM proposals WHERE contact IS NOT NULL")?
        .query_row([], |r| r.get(0))
}

/// Erases every contact (and its consent); returns how many proposals had one.
pub fn erase_contacts(c: &Connection) -> rusqlite::Result<i64> {
    Ok(c.prepare_cached(
        "UPDATE proposals SET contact = NULL, consent_contact = 0 WHERE contact IS NOT NULL",
    )?
    .execute([])? as i64)
}

pub fn public_comments(c: &Connection, proposal_id: i64) -> rusqlite::Result<Vec<Comment>> {
    c.prepare_cached(
        "SELECT id, proposal_id, body, author_name, moderation, created_at FROM comments \
         WHERE proposal_id = ?1 AND moderation = 'approved' ORDER BY created_at, id",
    )?
    .query_map([proposal_id], comment_row)?
    .collect()
}

/// What waits for a moderator: proposals, and comments with their proposal's reference.
pub struct Queue {
    pub proposals: Vec<Proposal>,
    pub comments: Vec<(Comment, String)>,
}

/// What waits for a moderator, oldest first.
pub fn pending(c: &Connection) -> rusqlite::Result<Queue> {
    let proposals = c
        .prepare_cached(&format!("SELECT {COLUMNS} FROM proposals WHERE moderation = 'pending' ORDER BY created_at, id LIMIT 200"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let comments = c
        .prepare_cached(
            "SELECT c.id, c.proposal_id, c.body, c.author_name, c.moderation, c.created_at, p.reference \
             FROM comments c JOIN proposals p ON p.id = c.proposal_id \
             WHERE c.moderation = 'pending' ORDER BY c.created_at, c.id LIMIT 200",
        )?
        .query_map([], |r| Ok((comment_row(r)?, r.get(6)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Queue {
        proposals,
        comments,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
