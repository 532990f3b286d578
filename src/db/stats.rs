//! Counts for the results dashboard and the synthesis report.

use rusqlite::Connection;

use crate::domain::stats::Stats;

use crate::domain::stats::Workload;

pub fn workload(c: &Connection, day_start: i64, week_start: i64) -> rusqlite::Result<Workload> {
    let since = |t: i64| {
        c.prepare_cached("SELECT count(*) FROM proposals WHERE created_at >= ?1")?
            .query_row([t], |r| r.get(0))
    };
    Ok(Workload {
        to_review: one(c, WAITING_MODERATION)?,
        waiting_answer: one(c, WAITING_ANSWER)?,
        today: since(day_start)?,
        this_week: since(week_start)?,
    })
}

const WAITING_MODERATION: &str = "SELECT (SELECT count(*) FROM proposals WHERE moderation = 'pending') + (SELECT count(*) FROM comments WHERE moderation = 'pending')";
const WAITING_ANSWER: &str = "SELECT count(*) FROM proposals WHERE moderation = 'approved' AND status IN ('recue', 'en-analyse')";

fn grouped(c: &Connection, sql: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    c.prepare_cached(sql)?
        .query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get(1)?,
            ))
        })?
        .collect()
}

fn one(c: &Connection, sql: &str) -> rusqlite::Result<i64> {
    c.prepare_cached(sql)?.query_row([], |r| r.get(0))
}

/// Every count, over all proposals received (withheld ones included: they were received),
/// or over the published ones only (`published_only`: the synthesis, which the public reads:
/// a refused spam is not a "received" proposal of theme "other" there). `english` names the
/// themes in English (the other lists are labelled by the views).
pub fn compute(c: &Connection, english: bool, published_only: bool) -> rusqlite::Result<Stats> {
    let theme_label = if english {
        "coalesce(nullif(t.label_en, ''), t.label_fr, p.theme)"
    } else {
        "coalesce(t.label_fr, p.theme)"
    };
    // Fixed fragments of SQL, never anything typed by someone.
    let (only, and_only, comments, supports) = if published_only {
        (
            "WHERE p.moderation = 'approved'",
            "AND p.moderation = 'approved'",
            "SELECT count(*) FROM comments k JOIN proposals p ON p.id = k.proposal_id \
             WHERE k.moderation = 'approved' AND p.moderation = 'approved'",
            "SELECT count(*) FROM supports s JOIN proposals p ON p.id = s.proposal_id WHERE p.moderation = 'approved'",
        )
    } else {
        (
            "",
            "",
            "SELECT count(*) FROM comments",
            "SELECT count(*) FROM supports",
        )
    };
    let mut s = Stats {
        proposals: one(c, &format!("SELECT count(*) FROM proposals p {only}"))?,
        published: one(
            c,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved'",
        )?,
        supports: one(c, supports)?,
        comments: one(c, comments)?,
        waiting_moderation: one(c, WAITING_MODERATION)?,
        waiting_answer: one(c, WAITING_ANSWER)?,
        by_consultation: grouped(
            c,
            &format!(
                "SELECT k.title, count(p.id) FROM consultations k LEFT JOIN proposals p ON p.consultation_id = k.id {and_only} GROUP BY k.id ORDER BY k.opens_at"
            ),
        )?,
        by_theme: grouped(
            c,
            &format!(
                "SELECT {theme_label}, count(*) FROM proposals p LEFT JOIN themes t ON t.code = p.theme {only} GROUP BY p.theme ORDER BY 2 DESC, 1"
            ),
        )?,
        by_zone: grouped(
            c,
            &format!(
                "SELECT zone, count(*) FROM proposals p {only} GROUP BY zone ORDER BY 2 DESC, 1"
            ),
        )?,
        by_district: Vec::new(),
        by_channel: grouped(
            c,
            &format!(
                "SELECT channel, count(*) FROM proposals p {only} GROUP BY channel ORDER BY 2 DESC, 1"
            ),
        )?,
        by_contributor: grouped(
            c,
            &format!(
                "SELECT contributor_type, count(*) FROM proposals p {only} GROUP BY contributor_type ORDER BY 2 DESC, 1"
            ),
        )?,
        by_language: grouped(
            c,
            &format!(
                "SELECT language, count(*) FROM proposals p {only} GROUP BY language ORDER BY 2 DESC, 1"
            ),
        )?,
        by_status: grouped(
            c,
            &format!(
                "SELECT status, count(*) FROM proposals p {only} GROUP BY status ORDER BY 2 DESC, 1"
            ),
        )?,
        by_week: grouped(
            c,
            &format!(
                "SELECT date(created_at, 'unixepoch', '-6 days', 'weekday 1'), count(*) FROM proposals p {only} GROUP BY 1 ORDER BY 1"
            ),
        )?,
    };
    // Zone codes become names, and regions add up into their district.
    let mut districts: Vec<(String, i64)> = Vec::new();
    for (code, n) in &mut s.by_zone {
        let zone = crate::domain::seed::zone(code);
        let district = zone
            .map(|z| {
                if z.district.is_empty() {
                    z.name.clone()
                } else {
                    z.district.clone()
                }
            })
            .unwrap_or_else(|| code.clone());
        match districts.iter_mut().find(|(d, _)| *d == district) {
            Some((_, total)) => *total += *n,
            None => districts.push((district, *n)),
        }
        if let Some(z) = zone {
            *code = z.name.clone();
        }
    }
    districts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    s.by_district = districts;
    Ok(s)
}
