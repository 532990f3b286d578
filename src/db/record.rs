//! What the consultation's record counts (`domain::record` turns it into indicators): for
//! one consultation, or for all of them.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::record::{Attendance, Facts, WorkshopFacts};

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

/// Which contributions count as participation: for staff, those not withheld (published or
/// waiting: what was withheld, advertising or abuse, is no evidence of participation); in
/// anything public, only the published ones (a proposal refused in Woroba is nobody's
/// business).
fn kept(public: bool, table: &str) -> String {
    if public {
        format!("{table}.moderation = 'approved'")
    } else {
        format!("{table}.moderation <> 'rejected'")
    }
}

/// Proposals that count (`kept`) per value of `column`.
fn by(
    c: &Connection,
    column: &str,
    scope: Option<i64>,
    public: bool,
) -> rusqlite::Result<Vec<(String, u64)>> {
    let kept = kept(public, "p");
    rows(
        c,
        &format!(
            "SELECT p.{column}, count(*) FROM proposals p WHERE {kept} AND {SCOPE} \
             GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        scope,
    )
}

/// What the record counts for `consultation` (None: all of them); `public` for anything
/// published (open data, the record's PDF), which counts only published contributions.
pub fn facts(c: &Connection, consultation: Option<i64>, public: bool) -> rusqlite::Result<Facts> {
    let s = consultation;
    let kept_p = kept(public, "p");
    let published = format!("p.moderation = 'approved' AND {SCOPE}");
    // A final status with its written reason, or a merge (its reason is the proposal it
    // joined, shown on its page).
    let answered_where = format!(
        "{published} AND ((p.status IN ('retenue', 'retenue-en-partie', 'non-retenue', 'hors-champ') \
         AND length(trim(p.answer)) > 0) OR (p.status = 'fusionnee' AND p.merged_into IS NOT NULL))"
    );
    let delays = answer_delays(c, s, &answered_where)?;
    let (contributions, marked, devices, devices_returning) = device_counts(c, s, public)?;
    let when = super::timeline::oversight(c)?;
    let (opens_at, closes_at) = calendar(c, s, &when)?;
    let (priority_ballots, priority_counted) = super::priorities::participation(c, s)?;
    let texts = super::sms::counts(c)?;
    Ok(Facts {
        priority_ballots,
        priority_counted,
        sms_received: texts.received,
        sms_answers_delivered: texts.answers_delivered,
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
        comments_withheld: rows(
            c,
            &format!(
                "SELECT coalesce(k.withheld_reason, 'autre'), count(*) FROM comments k \
                 JOIN proposals p ON p.id = k.proposal_id \
                 WHERE k.moderation = 'rejected' AND {SCOPE} GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            s,
        )?,
        moderation_delays: seconds(
            c,
            &format!(
                "WITH first AS (SELECT proposal_id, min(at) AS at FROM audit_log \
                   WHERE action = 'moderation' AND comment_id IS NULL AND proposal_id IS NOT NULL \
                   GROUP BY proposal_id) \
                 SELECT first.at - p.created_at FROM proposals p JOIN first ON first.proposal_id = p.id \
                 WHERE {SCOPE}"
            ),
            s,
        )?,
        comment_moderation_delays: seconds(
            c,
            &format!(
                "WITH first AS (SELECT comment_id, min(at) AS at FROM audit_log \
                   WHERE action = 'moderation' AND comment_id IS NOT NULL GROUP BY comment_id) \
                 SELECT first.at - k.created_at FROM comments k JOIN first ON first.comment_id = k.id \
                 JOIN proposals p ON p.id = k.proposal_id WHERE {SCOPE}"
            ),
            s,
        )?,
        by_zone: by(c, "zone", s, public)?,
        by_channel: by(c, "channel", s, public)?,
        by_contributor: by(c, "contributor_type", s, public)?,
        by_language: by(c, "language", s, public)?,
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
        workshops: workshops(c, s, &kept_p)?,
        contributions,
        marked,
        devices,
        devices_returning,
        timeline_published_at: when.timeline_published_at,
        opens_at,
        closes_at,
        late_notice_reason: when.late_notice_reason,
        forum_meetings: c
            .prepare_cached("SELECT held_on FROM forum_meetings ORDER BY held_on DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        last_document_at: when.last_document_added_at,
    })
}

/// From filing to the first final decision in the journal, for each answered proposal
/// (`answered_where`): correcting an answer later does not lengthen the delay.
fn answer_delays(
    c: &Connection,
    s: Option<i64>,
    answered_where: &str,
) -> rusqlite::Result<Vec<i64>> {
    c
        .prepare_cached(&format!(
            "SELECT (SELECT min(a.at) FROM audit_log a WHERE a.proposal_id = p.id \
               AND a.action IN ('status', 'merge') \
               AND a.to_value IN ('retenue', 'retenue-en-partie', 'fusionnee', 'non-retenue', 'hors-champ')) \
               - p.created_at \
             FROM proposals p WHERE {answered_where}"
        ))?
        .query_map(params![s], |r| r.get::<_, Option<i64>>(0))?
        .filter_map(|d| d.transpose())
        .collect::<rusqlite::Result<_>>()
}

/// Every contribution not withheld, with its device mark (if any) and its day: how many,
/// how many marked, how many devices, how many came back another day.
fn device_counts(
    c: &Connection,
    s: Option<i64>,
    public: bool,
) -> rusqlite::Result<(u64, u64, u64, u64)> {
    let (kept_p, kept_k) = (kept(public, "p"), kept(public, "k"));
    // Supports on a proposal that is not public are not public either.
    let kept_u = if public {
        "p.moderation = 'approved' AND"
    } else {
        ""
    };
    c.prepare_cached(&format!(
        "WITH acts(device, day) AS MATERIALIZED ( \
               SELECT p.device, p.created_at / 86400 FROM proposals p \
                 WHERE {kept_p} AND {SCOPE} \
               UNION ALL SELECT k.device, k.created_at / 86400 FROM comments k \
                 JOIN proposals p ON p.id = k.proposal_id WHERE {kept_k} AND {SCOPE} \
               UNION ALL SELECT u.device, u.created_at / 86400 FROM supports u \
                 JOIN proposals p ON p.id = u.proposal_id WHERE {kept_u} {SCOPE}), \
             per_device AS (SELECT min(day) <> max(day) AS back FROM acts \
               WHERE device IS NOT NULL GROUP BY device) \
             SELECT a.n, a.marked, d.n, d.back FROM \
               (SELECT count(*) AS n, count(device) AS marked FROM acts) a, \
               (SELECT count(*) AS n, coalesce(sum(back), 0) AS back FROM per_device) d"
    ))?
    .query_row(params![s], |r| {
        let u = |i| r.get::<_, i64>(i).map(|v| v.max(0).unsigned_abs());
        Ok((u(0)?, u(1)?, u(2)?, u(3)?))
    })
}

/// The calendar: the consultation's own dates, or for all of them the first opening (or
/// the timeline's contributions phase, as the dashboard reads it) and the last closing.
fn calendar(
    c: &Connection,
    s: Option<i64>,
    when: &crate::domain::oversight::Facts,
) -> rusqlite::Result<(Option<i64>, Option<i64>)> {
    Ok(match s {
        Some(id) => c
            .prepare_cached("SELECT opens_at, closes_at FROM consultations WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((None, None)),
        None => {
            let (first, last): (Option<i64>, Option<i64>) = c
                .prepare_cached("SELECT min(opens_at), max(closes_at) FROM consultations")?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let phase = when
                .contributions_open_on
                .as_deref()
                .and_then(crate::domain::oversight::day_start);
            (phase.or(first), last)
        }
    })
}

fn seconds(c: &Connection, sql: &str, scope: Option<i64>) -> rusqlite::Result<Vec<i64>> {
    c.prepare_cached(sql)?
        .query_map(params![scope], |r| r.get(0))?
        .collect()
}

/// The workshops of the consultation: held while it was open, or with a proposal made to
/// it there; every workshop for the record of all consultations.
fn workshops(
    c: &Connection,
    scope: Option<i64>,
    kept: &str,
) -> rusqlite::Result<Vec<WorkshopFacts>> {
    c.prepare_cached(&format!(
        "SELECT w.name, w.zone, w.held_on, w.attendance, \
           (SELECT count(*) FROM proposals p WHERE p.workshop_id = w.id AND {kept} \
              AND (?1 IS NULL OR p.consultation_id = ?1)), \
           (SELECT count(*) FROM proposals p WHERE p.workshop_id = w.id AND {kept} \
              AND p.channel = 'papier' AND (?1 IS NULL OR p.consultation_id = ?1)) \
         FROM workshops w \
         WHERE ?1 IS NULL \
            OR EXISTS (SELECT 1 FROM proposals p WHERE p.workshop_id = w.id AND p.consultation_id = ?1) \
            OR EXISTS (SELECT 1 FROM consultations k WHERE k.id = ?1 \
                 AND w.held_on >= date(k.opens_at, 'unixepoch') AND w.held_on < date(k.closes_at, 'unixepoch')) \
         ORDER BY w.held_on, w.id"
    ))?
    .query_map(params![scope], |r| {
        Ok(WorkshopFacts {
            name: r.get(0)?,
            zone: r.get(1)?,
            held_on: r.get(2)?,
            // A value the database refuses to read back is shown as not entered.
            attendance: Attendance::from_text(&r.get::<_, String>(3)?).unwrap_or_default(),
            proposals: r.get::<_, i64>(4)?.max(0).unsigned_abs(),
            paper: r.get::<_, i64>(5)?.max(0).unsigned_abs(),
        })
    })?
    .collect()
}
