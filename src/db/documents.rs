//! The document library: metadata in `documents`, file contents in `document_parts`, in
//! pieces of `PART` bytes.

use std::io::Read;

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::document::{DocumentMeta, Format};

use crate::domain::document::Document;

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

/// The size of the pieces a file is stored in.
pub const PART: usize = 256 * 1024;

pub struct NewFile<'a> {
    pub file_name: &'a str,
    /// "PDF", "HTML"…, shown next to the link.
    pub label: &'a str,
    pub media_type: &'a str,
    pub len: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Where the bytes come from: memory, or an upload spooled to disk.
    pub content: Box<dyn Read + 'a>,
}

impl<'a> NewFile<'a> {
    /// A file held in memory (a frozen synthesis).
    pub fn from_bytes(
        file_name: &'a str,
        label: &'a str,
        media_type: &'a str,
        data: &'a [u8],
    ) -> Self {
        NewFile {
            file_name,
            label,
            media_type,
            len: data.len() as u64,
            sha256: crate::security::sha256_hex(data),
            content: Box::new(data),
        }
    }

    /// An uploaded file whose format was checked from its content.
    pub fn checked(
        file_name: &'a str,
        format: Format,
        len: u64,
        sha256: String,
        content: Box<dyn Read + 'a>,
    ) -> Self {
        NewFile {
            file_name,
            label: format.label(),
            media_type: format.media_type(),
            len,
            sha256,
            content,
        }
    }
}

/// Stores a file and its metadata in one transaction (the caller's). The content is copied
/// into the database piece by piece (incremental BLOB I/O), so a 100 MB file never sits in
/// memory.
pub fn insert_file(
    c: &Connection,
    uid: &str,
    meta: &DocumentMeta,
    file: NewFile<'_>,
    now: i64,
) -> rusqlite::Result<i64> {
    let len = i64::try_from(file.len)
        .map_err(|_| rusqlite::Error::ToSqlConversionFailure("file too big".into()))?;
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
        len,
        file.sha256,
        now
    ])?;
    let id = c.last_insert_rowid();
    let mut insert =
        c.prepare_cached("INSERT INTO document_parts(document_id, n, data) VALUES (?1, ?2, ?3)")?;
    let mut content = file.content.take(file.len);
    let mut piece = Vec::with_capacity(PART);
    let mut copied = 0u64;
    for n in 0i64.. {
        piece.clear();
        (&mut content)
            .take(PART as u64)
            .read_to_end(&mut piece)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        if piece.is_empty() && n > 0 {
            break;
        }
        insert.execute(params![id, n, piece])?;
        copied += piece.len() as u64;
        if piece.len() < PART {
            break;
        }
    }
    if copied != file.len {
        return Err(rusqlite::Error::ToSqlConversionFailure(
            "the file was shorter than announced".into(),
        ));
    }
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
        .prepare_cached("SELECT sum(length(data)) FROM document_parts WHERE document_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(len.map(|n| usize::try_from(n).unwrap_or(0)))
}

/// Up to `max` bytes of a document's file from `offset`, never past the end of the piece
/// that holds `offset`, read in place (incremental BLOB I/O): a download holds one piece in
/// memory at a time, never the file.
pub fn file_chunk(c: &Connection, id: i64, offset: usize, max: usize) -> rusqlite::Result<Vec<u8>> {
    let n = i64::try_from(offset / PART).unwrap_or(i64::MAX);
    let row: Option<i64> = c
        .prepare_cached("SELECT rowid FROM document_parts WHERE document_id = ?1 AND n = ?2")?
        .query_row(params![id, n], |r| r.get(0))
        .optional()?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    let blob = c.blob_open(rusqlite::MAIN_DB, "document_parts", "data", row, true)?;
    let within = offset % PART;
    let end = within.saturating_add(max).min(blob.len());
    let mut buf = vec![0; end.saturating_sub(within)];
    blob.read_at_exact(&mut buf, within)?;
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read_all(c: &Connection, id: i64) -> Vec<u8> {
        let len = file_len(c, id).unwrap().unwrap();
        let mut out = Vec::new();
        while out.len() < len {
            let piece = file_chunk(c, id, out.len(), 32 * 1024).unwrap();
            assert!(!piece.is_empty(), "stuck at {}", out.len());
            out.extend_from_slice(&piece);
        }
        out
    }

    fn bytes(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 % 251) as u8).collect()
    }

    /// Files stored whole before migration 0011 come out the same, in pieces.
    #[test]
    fn files_kept_whole_are_cut_into_parts_by_the_migration() {
        let mut c = Connection::open_in_memory().unwrap();
        crate::db::migrations().to_version(&mut c, 10).unwrap();
        let big = bytes(PART * 2 + 1000);
        for (id, data) in [
            (1i64, big.as_slice()),
            (2, b"".as_slice()),
            (3, &big[..PART]),
        ] {
            c.execute(
                "INSERT INTO documents(id, uid, title, category, doc_date, language, summary, file_name, created_at, updated_at) \
                 VALUES (?1, ?1, 't', 'plans-action', '2026-01-01', 'fr', '', 'f.pdf', 0, 0)",
                [id],
            )
            .unwrap();
            c.execute(
                "INSERT INTO document_files(document_id, data) VALUES (?1, ?2)",
                params![id, data],
            )
            .unwrap();
        }
        crate::db::migrations().to_latest(&mut c).unwrap();
        assert_eq!(read_all(&c, 1), big);
        assert_eq!(file_len(&c, 2).unwrap(), Some(0));
        assert_eq!(read_all(&c, 3), &big[..PART]);
        let parts: i64 = c
            .query_row(
                "SELECT count(*) FROM document_parts WHERE document_id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(parts, 3);
    }

    #[test]
    fn a_file_goes_in_and_out_in_parts() {
        let mut c = Connection::open_in_memory().unwrap();
        crate::db::migrations().to_latest(&mut c).unwrap();
        let meta = DocumentMeta {
            title: "Plan".into(),
            category: crate::domain::document::Category::PlansAction,
            doc_date: "2026-01-01".into(),
            language: "fr".into(),
            summary: String::new(),
        };
        for len in [0, 1, PART - 1, PART, PART + 1, 3 * PART + 17] {
            let data = bytes(len);
            let f = NewFile::from_bytes("plan.pdf", "PDF", "application/pdf", &data);
            let id = insert_file(&c, &format!("u{len}"), &meta, f, 0).unwrap();
            assert_eq!(file_len(&c, id).unwrap(), Some(len), "{len}");
            assert_eq!(read_all(&c, id), data, "{len}");
        }
        // A content shorter than announced is refused, not stored short.
        let mut f = NewFile::from_bytes("plan.pdf", "PDF", "application/pdf", b"abc");
        f.len = 10;
        assert!(insert_file(&c, "short", &meta, f, 0).is_err());
    }
}
