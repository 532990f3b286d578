//! The document library: metadata in `documents`, file contents in `document_files`.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::document::{DocumentMeta, Format};

#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub category: String,
    pub doc_date: String,
    pub language: String,
    pub summary: String,
    pub url: Option<String>,
    pub file_name: Option<String>,
    pub format: Option<String>,
    pub media_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, uid, title, category, doc_date, language, summary, url, file_name, format, \
                       media_type, size_bytes, created_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: r.get(0)?,
        uid: r.get(1)?,
        title: r.get(2)?,
        category: r.get(3)?,
        doc_date: r.get(4)?,
        language: r.get(5)?,
        summary: r.get(6)?,
        url: r.get(7)?,
        file_name: r.get(8)?,
        format: r.get(9)?,
        media_type: r.get(10)?,
        size_bytes: r.get(11)?,
        created_at: r.get(12)?,
    })
}

pub struct NewFile<'a> {
    pub file_name: &'a str,
    /// "PDF", "HTML"…, shown next to the link.
    pub label: &'a str,
    pub media_type: &'a str,
    pub data: &'a [u8],
}

impl<'a> NewFile<'a> {
    /// An uploaded file whose format was checked from its content.
    pub fn checked(file_name: &'a str, format: Format, data: &'a [u8]) -> Self {
        NewFile {
            file_name,
            label: format.label(),
            media_type: format.media_type(),
            data,
        }
    }
}

/// Stores a file and its metadata in one transaction (the caller's).
pub fn insert_file(
    c: &Connection,
    uid: &str,
    meta: &DocumentMeta,
    file: &NewFile<'_>,
    now: i64,
) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO documents(uid, title, category, doc_date, language, summary, file_name, format, media_type, \
         size_bytes, sha256, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        uid,
        meta.title,
        meta.category.code(),
        meta.doc_date,
        meta.language,
        meta.summary,
        file.file_name,
        file.label,
        file.media_type,
        i64::try_from(file.data.len()).unwrap_or(i64::MAX),
        crate::security::sha256(file.data).iter().map(|b| format!("{b:02x}")).collect::<String>(),
        now
    ])?;
    let id = c.last_insert_rowid();
    c.prepare_cached("INSERT INTO document_files(document_id, data) VALUES (?1, ?2)")?
        .execute(params![id, file.data])?;
    Ok(id)
}

pub fn insert_link(
    c: &Connection,
    uid: &str,
    meta: &DocumentMeta,
    url: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO documents(uid, title, category, doc_date, language, summary, url, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![uid, meta.title, meta.category.code(), meta.doc_date, meta.language, meta.summary, url, now])?;
    Ok(c.last_insert_rowid())
}

/// Documents, newest first within each category; optionally one category and/or language.
pub fn list(
    c: &Connection,
    category: Option<&str>,
    language: Option<&str>,
) -> rusqlite::Result<Vec<Document>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM documents WHERE (?1 IS NULL OR category = ?1) AND (?2 IS NULL OR language = ?2) \
         ORDER BY category, doc_date DESC, id DESC"
    ))?
    .query_map(params![category, language], from_row)?
    .collect()
}

pub fn by_uid(c: &Connection, uid: &str) -> rusqlite::Result<Option<Document>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM documents WHERE uid = ?1"))?
        .query_row([uid], from_row)
        .optional()
}

/// The size of a document's file, without reading it.
pub fn file_len(c: &Connection, id: i64) -> rusqlite::Result<Option<usize>> {
    let len: Option<i64> = c
        .prepare_cached("SELECT length(data) FROM document_files WHERE document_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(len.map(|n| usize::try_from(n).unwrap_or(0)))
}

/// Up to `max` bytes of a document's file from `offset`, read in place (incremental BLOB
/// I/O): a download holds one piece in memory at a time, never the file.
pub fn file_chunk(c: &Connection, id: i64, offset: usize, max: usize) -> rusqlite::Result<Vec<u8>> {
    let blob = c.blob_open(rusqlite::MAIN_DB, "document_files", "data", id, true)?;
    let end = offset.saturating_add(max).min(blob.len());
    let mut buf = vec![0; end.saturating_sub(offset)];
    blob.read_at_exact(&mut buf, offset)?;
    Ok(buf)
}

pub fn delete(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(c.prepare_cached("DELETE FROM documents WHERE id = ?1")?
        .execute([id])?
        == 1)
}

/// When the library last received a document.
pub fn last_added(c: &Connection) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT max(created_at) FROM documents")?
        .query_row([], |r| r.get(0))
}
