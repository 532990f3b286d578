//! Documents of the library: categories, the metadata form, and the check that a file's
//! content really is of an accepted type (never trust the name or the declared type).

use std::io::{Cursor, Read, Seek, SeekFrom};

use serde::Deserialize;

use super::setup::FieldErrors;

pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    TextesDeBase,
    PlansAction,
    ComptesRendusForum,
    Rapports,
    Syntheses,
    Autres,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::TextesDeBase,
        Category::PlansAction,
        Category::ComptesRendusForum,
        Category::Rapports,
        Category::Syntheses,
        Category::Autres,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::TextesDeBase => "textes-de-base",
            Category::PlansAction => "plans-action",
            Category::ComptesRendusForum => "comptes-rendus-forum",
            Category::Rapports => "rapports",
            Category::Syntheses => "syntheses",
            Category::Autres => "autres",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn message_id(self) -> String {
        format!("doc-category-{}", self.code())
    }
}

/// A file format the library accepts, recognised from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Odt,
    Docx,
    Ods,
    Xlsx,
    Png,
    Jpeg,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Odt => "ODT",
            Format::Docx => "DOCX",
            Format::Ods => "ODS",
            Format::Xlsx => "XLSX",
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Odt => "odt",
            Format::Docx => "docx",
            Format::Ods => "ods",
            Format::Xlsx => "xlsx",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Odt => "application/vnd.oasis.opendocument.text",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }

    pub fn from_label(s: &str) -> Option<Format> {
        [
            Format::Pdf,
            Format::Odt,
            Format::Docx,
            Format::Ods,
            Format::Xlsx,
            Format::Png,
            Format::Jpeg,
        ]
        .into_iter()
        .find(|f| f.label() == s)
    }
}

/// The format of `data` if it is one we accept *and* agrees with the file name's extension.
pub fn sniff(file_name: &str, data: &[u8]) -> Result<Format, &'static str> {
    sniff_reader(file_name, Cursor::new(data))
}

/// `sniff` over a file that need not fit in memory (an upload spooled to disk).
pub fn sniff_reader<R: Read + Seek>(file_name: &str, mut r: R) -> Result<Format, &'static str> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mut head = Vec::with_capacity(8);
    (&mut r)
        .take(8)
        .read_to_end(&mut head)
        .map_err(|_| "doc-error-format")?;
    let format = if head.starts_with(b"%PDF-") {
        Format::Pdf
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Format::Png
    } else if head.starts_with(b"\xFF\xD8\xFF") {
        Format::Jpeg
    } else if head.starts_with(b"PK\x03\x04") {
        r.seek(SeekFrom::Start(0)).map_err(|_| "doc-error-format")?;
        office_format(r).ok_or("doc-error-format")?
    } else {
        return Err("doc-error-format");
    };
    let ext_ok = match format {
        Format::Jpeg => ext == "jpg" || ext == "jpeg",
        f => ext == f.extension(),
    };
    if ext_ok {
        Ok(format)
    } else {
        Err("doc-error-mismatch")
    }
}

/// ODF files name their type in a `mimetype` entry; OOXML ones have `word/` or `xl/` parts.
fn office_format<R: Read + Seek>(r: R) -> Option<Format> {
    let mut zip = zip::ZipArchive::new(r).ok()?;
    if let Ok(mut entry) = zip.by_name("mimetype") {
        let mut mime = String::new();
        std::io::Read::read_to_string(&mut std::io::Read::take(&mut entry, 200), &mut mime).ok()?;
        return match mime.trim() {
            "application/vnd.oasis.opendocument.text" => Some(Format::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Some(Format::Ods),
            _ => None,
        };
    }
    let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == name));
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(Format::Docx)
    } else if has("xl/workbook.xml") {
        Some(Format::Xlsx)
    } else {
        None
    }
}

/// "1,2 Mo" / "1.2 MB", "350 ko" / "350 kB".
pub fn human_size(bytes: i64, french: bool) -> String {
    let b = bytes.max(0) as f64;
    let (value, unit) = if b >= 1024.0 * 1024.0 {
        (b / (1024.0 * 1024.0), if french { "Mo" } else { "MB" })
    } else {
        ((b / 1024.0).max(1.0), if french { "ko" } else { "kB" })
    };
    let text = if value < 10.0 && unit.starts_with('M') {
        format!("{value:.1}")
    } else {
        format!("{}", value.round() as i64)
    };
    let text = if french { text.replace('.', ",") } else { text };
    format!("{text}\u{a0}{unit}")
}

/// The metadata typed with an upload or a link.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DocumentForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub doc_date: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct DocumentMeta {
    pub title: String,
    pub category: Category,
    pub doc_date: String,
    pub language: String,
    pub summary: String,
}

pub const SUMMARY_MAX: usize = 1000;

/// A calendar date typed as YYYY-MM-DD (what `<input type=date>` sends).
/// A date as the date picker sends it (2026-03-12) or as a French reader types it where there
/// is no picker (12/03/2026); given back as YYYY-MM-DD.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let d = time::Date::parse(
        s,
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .or_else(|_| {
        time::Date::parse(
            s,
            &time::macros::format_description!("[day]/[month]/[year]"),
        )
    })
    .ok()?;
    (1990..=2100).contains(&d.year()).then(|| d.to_string())
}

impl DocumentForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<DocumentMeta> {
        let title = self.title.trim().to_string();
        if title.is_empty() {
            errors.push(("title", "doc-error-title"));
        } else if title.chars().count() > 200 {
            errors.push(("title", "error-too-long"));
        }
        let category = Category::parse(&self.category);
        if category.is_none() {
            errors.push(("category", "doc-error-category"));
        }
        let date = parse_date(&self.doc_date);
        if date.is_none() {
            errors.push(("doc_date", "error-date"));
        }
        let language = self.language.trim().to_string();
        if !matches!(
            language.as_str(),
            "fr" | "en" | "dyu" | "bci" | "any" | "autre"
        ) {
            errors.push(("language", "doc-error-language"));
        }
        let summary = self.summary.trim().to_string();
        if summary.chars().count() > SUMMARY_MAX {
            errors.push(("summary", "error-too-long"));
        }
        match (category, date) {
            (Some(category), Some(doc_date)) if errors.is_empty() => Some(DocumentMeta {
                title,
                category,
                doc_date,
                language,
                summary,
            }),
            _ => None,
        }
    }

    /// An external link: only http(s) addresses.
    pub fn parse_url(&self, errors: &mut FieldErrors) -> Option<String> {
        let url = self.url.trim();
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 2000
            && url.len() > 10
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
        if ok {
            Some(url.to_string())
        } else {
            errors.push(("url", "doc-error-url"));
            None
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, data) in entries {
                w.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
                w.write_all(data).unwrap_or_else(|e| panic!("{e}"));
            }
            w.finish().unwrap_or_else(|e| panic!("{e}"));
        }
        buf.into_inner()
    }

    #[test]
    fn recognises_accepted_formats_by_content() {
        assert_eq!(sniff("plan.pdf", b"%PDF-1.7\n..."), Ok(Format::Pdf));
        assert_eq!(
            sniff("photo.JPEG", b"\xFF\xD8\xFF\xE0...."),
            Ok(Format::Jpeg)
        );
        assert_eq!(
            sniff("carte.png", b"\x89PNG\r\n\x1a\n...."),
            Ok(Format::Png)
        );
        let odt = zip_with(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<x/>"),
        ]);
        assert_eq!(sniff("cr.odt", &odt), Ok(Format::Odt));
        let xlsx = zip_with(&[
            ("[Content_Types].xml", b"<x/>"),
            ("xl/workbook.xml", b"<x/>"),
        ]);
        assert_eq!(sniff("budget.xlsx", &xlsx), Ok(Format::Xlsx));
        let docx = zip_with(&[
            ("[Content_Types].xml", b"<x/>"),
            ("word/document.xml", b"<x/>"),
        ]);
        assert_eq!(sniff("note.docx", &docx), Ok(Format::Docx));
    }

    #[test]
    fn refuses_disguised_files() {
        assert_eq!(
            sniff("faux.pdf", b"<html><script>alert(1)</script>"),
            Err("doc-error-format")
        );
        assert_eq!(
            sniff("logo.png", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err("doc-error-format")
        );
        assert_eq!(
            sniff("setup.pdf", b"MZ\x90\x00\x03"),
            Err("doc-error-format")
        );
        assert_eq!(sniff("plan.docx", b"%PDF-1.4"), Err("doc-error-mismatch"));
        let plain_zip = zip_with(&[("a.txt", b"x")]);
        assert_eq!(sniff("archive.docx", &plain_zip), Err("doc-error-format"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(1_258_291, true), "1,2\u{a0}Mo");
        assert_eq!(human_size(1_258_291, false), "1.2\u{a0}MB");
        assert_eq!(human_size(350 * 1024, true), "350\u{a0}ko");
        assert_eq!(human_size(12, true), "1\u{a0}ko");
        assert_eq!(human_size(15 * 1024 * 1024, true), "15\u{a0}Mo");
    }

    #[test]
    fn dates_and_links() {
        assert_eq!(parse_date("2026-03-12").as_deref(), Some("2026-03-12"));
        assert_eq!(parse_date("12/03/2026").as_deref(), Some("2026-03-12"));
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        let mut e = FieldErrors::new();
        let f = DocumentForm {
            url: "javascript:alert(1)".into(),
            ..Default::default()
        };
        assert!(f.parse_url(&mut e).is_none());
        let f = DocumentForm {
            url: "https://ogp.gouv.ci".into(),
            ..Default::default()
        };
        assert!(f.parse_url(&mut e).is_some());
    }
}
