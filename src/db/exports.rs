//! The data behind the exports and open data, read row by row into a sink.

use rusqlite::{Connection, params};

use crate::export::{Cell, RowSink};

/// Which proposals and which columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Open data: published proposals, no personal data.
    Public,
    /// Staff: everything but contact data.
    Staff,
    /// Admins: everything, contact data included (with consent only, by construction).
    Admin,
}

use crate::domain::open_data::OPEN_COLUMNS;
const STAFF_EXTRA: &[&str] = &[
    "nom",
    "moderation",
    "motif_retenue",
    "instance",
    "identifiant",
    "atelier_canal",
];
const ADMIN_EXTRA: &[&str] = &["contact", "consentement_contact"];

fn iso(t: Option<i64>) -> Cell {
    match t.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok()) {
        Some(d) => Cell::Text(
            d.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        ),
        None => Cell::Empty,
    }
}

fn text(s: Option<String>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => Cell::Text(s),
        _ => Cell::Empty,
    }
}

/// Writes every proposal the audience may see, row by row.
pub fn proposals(
    c: &Connection,
    audience: Audience,
    sink: &mut dyn RowSink,
) -> Result<u64, crate::db::DbError> {
    let mut columns: Vec<&str> = OPEN_COLUMNS.to_vec();
    if audience != Audience::Public {
        columns.extend_from_slice(STAFF_EXTRA);
    }
    if audience == Audience::Admin {
        columns.extend_from_slice(ADMIN_EXTRA);
    }
    sink.header(&columns)?;
    let filter = if audience == Audience::Public {
        "WHERE p.moderation = 'approved'"
    } else {
        ""
    };
    let mut stmt = c.prepare(&format!(
        "SELECT p.reference, k.title, p.title, p.problem, p.solution, p.benefit, p.theme, t.label_fr, p.zone, \
         p.contributor_type, p.ogp_values, p.organisation, p.language, p.channel, p.status, p.answer, p.commitment, \
         m.reference, p.support_count, p.comment_count, p.created_at, p.answered_at, \
         p.author_name, p.moderation, p.withheld_reason, p.instance_id, p.uid, p.channel, p.contact, p.consent_contact, \
         w.name, w.held_on, p.paper_number, p.original_reference \
         FROM proposals p JOIN consultations k ON k.id = p.consultation_id \
         LEFT JOIN themes t ON t.code = p.theme LEFT JOIN proposals m ON m.id = p.merged_into \
         LEFT JOIN workshops w ON w.id = p.workshop_id \
         {filter} ORDER BY p.id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let zone: String = r.get(8)?;
        let z = crate::domain::seed::zone(&zone);
        let mut cells = vec![
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            Cell::Text(r.get(2)?),
            Cell::Text(r.get(3)?),
            Cell::Text(r.get(4)?),
            text(r.get(5)?),
            Cell::Text(r.get(6)?),
            text(r.get(7)?),
            Cell::Text(zone.clone()),
            text(z.map(|z| z.name.clone())),
            text(z.map(|z| z.district.clone())),
            Cell::Text(r.get(9)?),
            text(r.get(10)?),
            text(r.get(11)?),
            Cell::Text(r.get(12)?),
            Cell::Text(r.get(13)?),
            Cell::Text(r.get(14)?),
            text(r.get(15)?),
            text(r.get(16)?),
            text(r.get(17)?),
            Cell::Int(r.get(18)?),
            Cell::Int(r.get(19)?),
            iso(r.get(20)?),
            iso(r.get(21)?),
            text(r.get(30)?),
            text(r.get(31)?),
            text(r.get(32)?),
            text(r.get(33)?),
        ];
        if audience != Audience::Public {
            cells.extend([
                text(r.get(22)?),
                Cell::Text(r.get(23)?),
                text(r.get(24)?),
                Cell::Text(r.get(25)?),
                Cell::Text(r.get(26)?),
                Cell::Text(r.get(27)?),
            ]);
        }
        if audience == Audience::Admin {
            cells.extend([text(r.get(28)?), Cell::Int(r.get(29)?)]);
        }
        sink.row(&cells)?;
        n += 1;
    }
    sink.finish()?;
    Ok(n)
}

pub fn comments(c: &Connection, sink: &mut dyn RowSink) -> Result<u64, crate::db::DbError> {
    sink.header(&[
        "proposition",
        "commentaire",
        "nom",
        "moderation",
        "motif_retenue",
        "canal",
        "recu_le",
        "identifiant",
    ])?;
    let mut stmt = c.prepare(
        "SELECT p.reference, k.body, k.author_name, k.moderation, k.withheld_reason, k.channel, k.created_at, k.uid \
         FROM comments k JOIN proposals p ON p.id = k.proposal_id ORDER BY k.created_at, k.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        sink.row(&[
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            text(r.get(2)?),
            Cell::Text(r.get(3)?),
            text(r.get(4)?),
            Cell::Text(r.get(5)?),
            iso(r.get(6)?),
            Cell::Text(r.get(7)?),
        ])?;
        n += 1;
    }
    sink.finish()?;
    Ok(n)
}

/// Supports counted per proposal and channel (no participant ids leave the database).
pub fn supports(c: &Connection, sink: &mut dyn RowSink) -> Result<u64, crate::db::DbError> {
    sink.header(&["proposition", "titre", "canal", "soutiens"])?;
    let mut stmt = c.prepare(
        "SELECT p.reference, p.title, s.channel, count(*) FROM supports s JOIN proposals p ON p.id = s.proposal_id \
         GROUP BY s.proposal_id, s.channel ORDER BY p.id, s.channel",
    )?;
    let mut rows = stmt.query(params![])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        sink.row(&[
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            Cell::Text(r.get(2)?),
            Cell::Int(r.get(3)?),
        ])?;
        n += 1;
    }
    sink.finish()?;
    Ok(n)
}

pub fn history(c: &Connection, sink: &mut dyn RowSink) -> Result<u64, crate::db::DbError> {
    sink.header(&[
        "date",
        "proposition",
        "commentaire",
        "action",
        "avant",
        "apres",
        "note",
        "role",
        "compte",
    ])?;
    let mut stmt = c.prepare(
        "SELECT a.at, p.reference, a.comment_id, a.action, a.from_value, a.to_value, a.note, a.role, a.account_login \
         FROM audit_log a LEFT JOIN proposals p ON p.id = a.proposal_id ORDER BY a.at, a.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        sink.row(&[
            iso(r.get(0)?),
            text(r.get(1)?),
            r.get::<_, Option<i64>>(2)?
                .map(Cell::Int)
                .unwrap_or(Cell::Empty),
            Cell::Text(r.get(3)?),
            text(r.get(4)?),
            text(r.get(5)?),
            text(r.get(6)?),
            Cell::Text(r.get(7)?),
            text(r.get(8)?),
        ])?;
        n += 1;
    }
    sink.finish()?;
    Ok(n)
}
