//! Proposals, supports and comments.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::proposal::NewProposal;

#[derive(Debug, Clone)]
pub struct Proposal {
    pub id: i64,
    pub uid: String,
    pub ref_number: i64,
    pub consultation_id: i64,
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub benefit: String,
    pub theme: String,
    pub zone: String,
    pub contributor_type: String,
    pub ogp_values: Vec<String>,
    pub author_name: String,
    pub organisation: String,
    pub language: String,
    pub channel: String,
    pub moderation: String,
    pub status: String,
    pub support_count: i64,
    pub comment_count: i64,
    pub created_at: i64,
    pub answer: String,
    pub commitment: String,
    pub merged_into: Option<i64>,
    pub withheld_reason: Option<String>,
    pub report_count: i64,
    pub answered_at: Option<i64>,
}

const COLUMNS: &str = "id, uid, ref_number, consultation_id, title, problem, solution, benefit, theme, zone, \
    contributor_type, ogp_values, author_name, organisation, language, channel, moderation, status, \
    support_count, comment_count, created_at, answer, commitment, merged_into, withheld_reason, report_count, answered_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Proposal> {
    let values: String = r.get(11)?;
    Ok(Proposal {
        id: r.get(0)?,
        uid: r.get(1)?,
        ref_number: r.get(2)?,
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
        report_count: r.get(25)?,
        answered_at: r.get(26)?,
    })
}

pub struct Origin<'a> {
    pub uid: &'a str,
    pub instance_id: &'a str,
    pub channel: &'a str,
    /// The workshop it was made at, if any.
    pub workshop_id: Option<i64>,
}

/// Records a proposal; returns its reference number. Runs inside the caller's transaction,
/// so the number is allocated and used atomically.
pub fn insert(
    c: &Connection,
    consultation_id: i64,
    p: &NewProposal,
    origin: &Origin<'_>,
    follow_token_hash: &[u8],
    moderation: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    let ref_number: i64 = c
        .prepare_cached("SELECT coalesce(max(ref_number), 0) + 1 FROM proposals")?
        .query_row([], |r| r.get(0))?;
    c.prepare_cached(
        "INSERT INTO proposals(uid, instance_id, ref_number, consultation_id, title, problem, solution, benefit, \
         theme, zone, contributor_type, ogp_values, author_name, organisation, contact, consent_contact, language, \
         channel, follow_token_hash, moderation, created_at, workshop_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
        origin.uid,
        origin.instance_id,
        ref_number,
        consultation_id,
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
        origin.channel,
        follow_token_hash,
        moderation,
        now,
        origin.workshop_id
    ])?;
    Ok(ref_number)
}

pub fn by_ref(c: &Connection, ref_number: i64) -> rusqlite::Result<Option<Proposal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proposals WHERE ref_number = ?1"
    ))?
    .query_row([ref_number], from_row)
    .optional()
}

pub fn by_follow_token(c: &Connection, hash: &[u8]) -> rusqlite::Result<Option<Proposal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proposals WHERE follow_token_hash = ?1"
    ))?
    .query_row([hash], from_row)
    .optional()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Recent,
    Supported,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub consultation: Option<i64>,
    pub theme: Option<String>,
    pub zone: Option<String>,
    pub status: Option<String>,
    /// Words typed in the search box.
    pub query: Option<String>,
    pub sort: Sort,
    pub page: i64,
}

pub const PAGE_SIZE: i64 = 20;

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
    let mut add = |clause: &str, v: Value| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(v) = f.consultation {
        add("consultation_id = ?", Value::Integer(v));
    }
    if let Some(v) = &f.theme {
        add("theme = ?", Value::Text(v.clone()));
    }
    if let Some(v) = &f.zone {
        add("zone = ?", Value::Text(v.clone()));
    }
    if let Some(v) = &f.status {
        add("status = ?", Value::Text(v.clone()));
    }
    if let Some(v) = f.query.as_deref().and_then(fts_query) {
        add(
            "id IN (SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH ?)",
            Value::Text(v),
        );
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

/// Every proposal for staff (all moderation states), oldest first, filtered.
pub fn list_admin(
    c: &Connection,
    theme: Option<&str>,
    zone: Option<&str>,
    status: Option<&str>,
) -> rusqlite::Result<Vec<Proposal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proposals WHERE (?1 IS NULL OR theme = ?1) AND (?2 IS NULL OR zone = ?2) \
         AND (?3 IS NULL OR status = ?3) ORDER BY created_at, id LIMIT 1000"
    ))?
    .query_map(params![theme, zone, status], from_row)?
    .collect()
}

pub fn by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<Proposal>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM proposals WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Records a support; false when this participant already supported this proposal.
pub fn support(
    c: &Connection,
    proposal_id: i64,
    participant: &str,
    origin: &Origin<'_>,
    now: i64,
) -> rusqlite::Result<bool> {
    let added = c
        .prepare_cached(
            "INSERT INTO supports(uid, instance_id, proposal_id, participant, channel, created_at, workshop_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(proposal_id, participant) DO NOTHING",
        )?
        .execute(params![
            origin.uid,
            origin.instance_id,
            proposal_id,
            participant,
            origin.channel,
            now,
            origin.workshop_id
        ])?;
    if added == 1 {
        c.prepare_cached("UPDATE proposals SET support_count = support_count + 1 WHERE id = ?1")?
            .execute([proposal_id])?;
    }
    Ok(added == 1)
}

pub fn has_supported(
    c: &Connection,
    proposal_id: i64,
    participant: &str,
) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM supports WHERE proposal_id = ?1 AND participant = ?2")?
        .exists(params![proposal_id, participant])
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub proposal_id: i64,
    pub body: String,
    pub author_name: String,
    pub moderation: String,
    pub created_at: i64,
}

pub fn insert_comment(
    c: &Connection,
    proposal_id: i64,
    body: &str,
    author_name: &str,
    origin: &Origin<'_>,
    moderation: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO comments(uid, instance_id, proposal_id, body, author_name, moderation, channel, created_at, workshop_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        origin.uid,
        origin.instance_id,
        proposal_id,
        body,
        author_name,
        moderation,
        origin.channel,
        now,
        origin.workshop_id
    ])?;
    if moderation == "approved" {
        refresh_comment_count(c, proposal_id)?;
    }
    Ok(c.last_insert_rowid())
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

pub fn public_comments(c: &Connection, proposal_id: i64) -> rusqlite::Result<Vec<Comment>> {
    c.prepare_cached(
        "SELECT id, proposal_id, body, author_name, moderation, created_at FROM comments \
         WHERE proposal_id = ?1 AND moderation = 'approved' ORDER BY created_at, id",
    )?
    .query_map([proposal_id], comment_row)?
    .collect()
}

/// What waits for a moderator: proposals, and comments with their proposal's reference number.
pub struct Queue {
    pub proposals: Vec<Proposal>,
    pub comments: Vec<(Comment, i64)>,
}

/// What waits for a moderator, oldest first.
pub fn pending(c: &Connection) -> rusqlite::Result<Queue> {
    let proposals = c
        .prepare_cached(&format!("SELECT {COLUMNS} FROM proposals WHERE moderation = 'pending' ORDER BY created_at, id LIMIT 200"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let comments = c
        .prepare_cached(
            "SELECT c.id, c.proposal_id, c.body, c.author_name, c.moderation, c.created_at, p.ref_number \
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
mod tests {
    use super::*;

    /// Only published proposals are in the full-text index: a submission is not indexed, an
    /// approval indexes it, withholding removes it; the bundled SQLite's integrity check
    /// (which checks FTS5 tables too) stays ok throughout.
    #[test]
    fn the_search_index_holds_published_proposals_only() {
        let (_dir, db) = crate::db::test_db();
        let found = |db: &crate::db::Db| -> (i64, i64, String) {
            db.read(|c| {
                let f = Filter {
                    query: Some("electricite".into()),
                    ..Filter::default()
                };
                let (_, total) = list_public(c, &f)?;
                let indexed: i64 =
                    c.query_row("SELECT count(*) FROM proposals_fts WHERE proposals_fts MATCH '\"electricite\"*'", [], |r| r.get(0))?;
                let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                Ok::<_, crate::db::DbError>((total, indexed, check))
            })
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let id = db
            .write(|c| {
                crate::db::consultations::insert(c, "c", "C", 0, 9_999_999_999, 0)?;
                let p = NewProposal {
                    title: "Électricité au dispensaire".into(),
                    problem: "Pas de courant la nuit.".into(),
                    solution: "Des panneaux solaires.".into(),
                    benefit: String::new(),
                    theme: "sante".into(),
                    zone: "gbeke".into(),
                    contributor_type: "citoyen".into(),
                    ogp_values: vec![],
                    author_name: String::new(),
                    organisation: String::new(),
                    contact: None,
                    language: "fr".into(),
                };
                let o = Origin {
                    uid: "u1",
                    instance_id: "i",
                    channel: "en_ligne",
                    workshop_id: None,
                };
                insert(c, 1, &p, &o, b"hash", "pending", 10)?;
                Ok::<_, crate::db::DbError>(c.last_insert_rowid())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found(&db), (0, 0, "ok".into()));
        let set = |m: &str| {
            db.write(|c| {
                c.execute(
                    "UPDATE proposals SET moderation = ?2 WHERE id = ?1",
                    params![id, m],
                )?;
                Ok::<_, crate::db::DbError>(())
            })
            .unwrap_or_else(|e| panic!("{e}"))
        };
        set("approved");
        assert_eq!(found(&db), (1, 1, "ok".into()));
        // An edit of a published text is indexed anew, once.
        db.write(|c| {
            c.execute(
                "UPDATE proposals SET title = 'Électricité solaire' WHERE id = ?1",
                [id],
            )?;
            Ok::<_, crate::db::DbError>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found(&db), (1, 1, "ok".into()));
        set("rejected");
        assert_eq!(found(&db), (0, 0, "ok".into()));
        set("approved");
        db.write(|c| {
            c.execute("DELETE FROM proposals WHERE id = ?1", [id])?;
            Ok::<_, crate::db::DbError>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found(&db), (0, 0, "ok".into()));
    }

    #[test]
    fn search_terms_are_quoted_prefixes() {
        assert_eq!(
            super::fts_query("électricité  rurale").as_deref(),
            Some("\"électricité\"* \"rurale\"*")
        );
        assert_eq!(
            super::fts_query("\"); DROP TABLE x; --").as_deref(),
            Some("\"DROP\"* \"TABLE\"* \"x\"*")
        );
        assert_eq!(super::fts_query(" ... "), None);
    }
}
