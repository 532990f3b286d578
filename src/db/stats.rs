//! Counts for the results dashboard and the synthesis report.

use rusqlite::Connection;

pub use crate::domain::stats::Stats;

pub use crate::domain::stats::Workload;

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

/// Every count, over all proposals received (withheld ones included: they were received).
/// `english` names the themes in English (the other lists are labelled by the views).
pub fn compute(c: &Connection, english: bool) -> rusqlite::Result<Stats> {
    let theme_label = if english {
        "coalesce(nullif(t.label_en, ''), t.label_fr, p.theme)"
    } else {
        "coalesce(t.label_fr, p.theme)"
    };
    let mut s = Stats {
        proposals: one(c, "SELECT count(*) FROM proposals")?,
        published: one(
            c,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved'",
        )?,
        supports: one(c, "SELECT count(*) FROM supports")?,
        comments: one(c, "SELECT count(*) FROM comments")?,
        waiting_moderation: one(c, WAITING_MODERATION)?,
        waiting_answer: one(c, WAITING_ANSWER)?,
        by_consultation: grouped(
            c,
            "SELECT k.title, count(p.id) FROM consultations k LEFT JOIN proposals p ON p.consultation_id = k.id GROUP BY k.id ORDER BY k.opens_at",
        )?,
        by_theme: grouped(
            c,
            &format!(
                "SELECT {theme_label}, count(*) FROM proposals p LEFT JOIN themes t ON t.code = p.theme GROUP BY p.theme ORDER BY 2 DESC, 1"
            ),
        )?,
        by_zone: grouped(
            c,
            "SELECT zone, count(*) FROM proposals GROUP BY zone ORDER BY 2 DESC, 1",
        )?,
        by_district: Vec::new(),
        by_channel: grouped(
            c,
            "SELECT channel, count(*) FROM proposals GROUP BY channel ORDER BY 2 DESC, 1",
        )?,
        by_contributor: grouped(
            c,
            "SELECT contributor_type, count(*) FROM proposals GROUP BY contributor_type ORDER BY 2 DESC, 1",
        )?,
        by_language: grouped(
            c,
            "SELECT language, count(*) FROM proposals GROUP BY language ORDER BY 2 DESC, 1",
        )?,
        by_status: grouped(
            c,
            "SELECT status, count(*) FROM proposals GROUP BY status ORDER BY 2 DESC, 1",
        )?,
        by_week: grouped(
            c,
            "SELECT date(created_at, 'unixepoch', '-6 days', 'weekday 1'), count(*) FROM proposals GROUP BY 1 ORDER BY 1",
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
