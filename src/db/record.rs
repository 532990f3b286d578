//! What the consultation's record counts (`domain::record` turns it into indicators): for
//! one consultation, or for all of them.

use rusqlite::{Connection, params};

use crate::domain::record::Facts;

/// `?1` is the consultation, or NULL for all of them.
const SCOPE: &str = "(?1 IS NULL OR p.consultation_id = ?1)";

fn n(c: &Connection, sql: &str, scope: Option<i64>) -> rusqlite::Result<u64> {
    let v: i64 = c
        .prepare_cached(sql)?
        .query_row(params![scope], |r| r.get(0))?;
    Ok(v.max(0).unsigned_abs())
}

fn rows(c: &Connection, sql: &str, scope: Option<i64>) -> rusqlite::Result<Vec<(String, u64)>> {
    c.prepare_cached(sql)?
        .query_map(params![scope], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, i64>(1)?.max(0).unsigned_abs(),
            ))
        })?
        .collect()
}

/// Proposals not withheld (published or waiting) per value of `column`: what was withheld
/// (advertising, abuse) is no evidence of participation.
fn by(c: &Connection, column: &str, scope: Option<i64>) -> rusqlite::Result<Vec<(String, u64)>> {
    rows(
        c,
        &format!(
            "SELECT p.{column}, count(*) FROM proposals p WHERE p.moderation <> 'rejected' AND {SCOPE} \
             GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        scope,
    )
}

pub fn facts(c: &Connection, consultation: Option<i64>) -> rusqlite::Result<Facts> {
    let s = consultation;
    let published = format!("p.moderation = 'approved' AND {SCOPE}");
    // A final status with its written reason, or a merge (its reason is the proposal it
    // joined, shown on its page).
    let answered_where = format!(
        "{published} AND ((p.status IN ('retenue', 'retenue-en-partie', 'non-retenue', 'hors-champ') \
         AND length(trim(p.answer)) > 0) OR (p.status = 'fusionnee' AND p.merged_into IS NOT NULL))"
    );
    // From filing to the first final decision in the journal: correcting an answer later
    // does not lengthen the delay.
    let delays: Vec<i64> = c
        .prepare_cached(&format!(
            "SELECT (SELECT min(a.at) FROM audit_log a WHERE a.proposal_id = p.id \
               AND a.action IN ('status', 'merge') \
               AND a.to_value IN ('retenue', 'retenue-en-partie', 'fusionnee', 'non-retenue', 'hors-champ')) \
               - p.created_at \
             FROM proposals p WHERE {answered_where}"
        ))?
        .query_map(params![s], |r| r.get::<_, Option<i64>>(0))?
        .filter_map(|d| d.transpose())
        .collect::<rusqlite::Result<_>>()?;
    Ok(Facts {
        proposals: n(
            c,
            &format!("SELECT count(*) FROM proposals p WHERE {SCOPE}"),
            s,
        )?,
        proposals_published: n(
            c,
            &format!("SELECT count(*) FROM proposals p WHERE {published}"),
            s,
        )?,
        proposals_waiting: n(
            c,
            &format!("SELECT count(*) FROM proposals p WHERE p.moderation = 'pending' AND {SCOPE}"),
            s,
        )?,
        proposals_withheld: rows(
            c,
            &format!(
                "SELECT coalesce(p.withheld_reason, 'autre'), count(*) FROM proposals p \
                 WHERE p.moderation = 'rejected' AND {SCOPE} GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            s,
        )?,
        comments: n(
            c,
            &format!(
                "SELECT count(*) FROM comments k JOIN proposals p ON p.id = k.proposal_id WHERE {SCOPE}"
            ),
            s,
        )?,
        comments_published: n(
            c,
            &format!(
                "SELECT count(*) FROM comments k JOIN proposals p ON p.id = k.proposal_id \
                 WHERE k.moderation = 'approved' AND {published}"
            ),
            s,
        )?,
        comments_withheld: n(
            c,
            &format!(
                "SELECT count(*) FROM comments k JOIN proposals p ON p.id = k.proposal_id \
                 WHERE k.moderation = 'rejected' AND {SCOPE}"
            ),
            s,
        )?,
        by_zone: by(c, "zone", s)?,
        by_channel: by(c, "channel", s)?,
        by_contributor: by(c, "contributor_type", s)?,
        by_language: by(c, "language", s)?,
        by_status: rows(
            c,
            &format!(
                "SELECT p.status, count(*) FROM proposals p WHERE {published} GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            s,
        )?,
        answered: delays.len() as u64,
        answer_delays: delays,
        commitments: n(
            c,
            &format!(
                "SELECT count(DISTINCT lower(trim(p.commitment))) FROM proposals p \
                 WHERE length(trim(p.commitment)) > 0 AND {published}"
            ),
            s,
        )?,
        with_comment: n(
            c,
            &format!(
                "SELECT count(*) FROM proposals p WHERE {published} AND EXISTS \
                 (SELECT 1 FROM comments k WHERE k.proposal_id = p.id AND k.moderation = 'approved')"
            ),
            s,
        )?,
        supports: n(
            c,
            &format!(
                "SELECT count(*) FROM supports u JOIN proposals p ON p.id = u.proposal_id WHERE {published}"
            ),
            s,
        )?,
    })
}
