//! Counts for the results dashboard and the synthesis report.

use rusqlite::Connection;

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub proposals: i64,
    pub published: i64,
    pub supports: i64,
    pub comments: i64,
    pub waiting_moderation: i64,
    pub waiting_answer: i64,
    pub by_consultation: Vec<(String, i64)>,
    pub by_theme: Vec<(String, i64)>,
    pub by_zone: Vec<(String, i64)>,
    pub by_district: Vec<(String, i64)>,
    pub by_channel: Vec<(String, i64)>,
    pub by_contributor: Vec<(String, i64)>,
    pub by_language: Vec<(String, i64)>,
    pub by_status: Vec<(String, i64)>,
    /// Proposals per week (Monday's date, YYYY-MM-DD).
    pub by_week: Vec<(String, i64)>,
}

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
pub fn compute(c: &Connection) -> rusqlite::Result<Stats> {
    let mut s = Stats {
        proposals: one(c, "SELECT count(*) FROM proposals")?,
        published: one(
            c,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved'",
        )?,
        supports: one(c, "SELECT count(*) FROM supports")?,
        comments: one(c, "SELECT count(*) FROM comments")?,
        waiting_moderation: one(
            c,
            "SELECT (SELECT count(*) FROM proposals WHERE moderation = 'pending') + (SELECT count(*) FROM comments WHERE moderation = 'pending')",
        )?,
        waiting_answer: one(
            c,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved' AND status IN ('recue', 'en-analyse')",
        )?,
        by_consultation: grouped(
            c,
            "SELECT k.title, count(p.id) FROM consultations k LEFT JOIN proposals p ON p.consultation_id = k.id GROUP BY k.id ORDER BY k.opens_at",
        )?,
        by_theme: grouped(
            c,
            "SELECT coalesce(t.label_fr, p.theme), count(*) FROM proposals p LEFT JOIN themes t ON t.code = p.theme GROUP BY p.theme ORDER BY 2 DESC, 1",
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
