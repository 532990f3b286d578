//! Tabular exports (files, not domain rules): CSV that opens right in a French Excel (UTF-8 with BOM, `;` on request),
//! XLSX and JSON, with spreadsheet formulas neutralised in every text cell.

use std::io::Write;

use serde_json::json;

use crate::domain::priority;
use crate::domain::record_data::{self, OpenRecord, Value as RValue};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Empty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { semicolon: bool },
    Xlsx,
    Json,
}

impl Format {
    pub fn parse(ext: &str, semicolon: bool) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv { semicolon }),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv { .. } => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv { .. } => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }
}

/// A text that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// Writes rows one by one, so that a large export never sits twice in memory.
pub trait RowSink {
    fn header(&mut self, columns: &[&str]) -> std::io::Result<()>;
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()>;
    fn finish(&mut self) -> std::io::Result<()>;
}

pub struct CsvSink<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    pub fn new(mut out: W, semicolon: bool) -> std::io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?; // BOM: Excel then reads UTF-8 accents right
        let w = csv::WriterBuilder::new()
            .delimiter(if semicolon { b';' } else { b',' })
            .from_writer(out);
        Ok(CsvSink { w })
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    fn header(&mut self, columns: &[&str]) -> std::io::Result<()> {
        self.w.write_record(columns).map_err(std::io::Error::other)
    }
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let fields: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Cell::Text(t) => neutralise(t).into_owned(),
                Cell::Int(n) => n.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        self.w.write_record(&fields).map_err(std::io::Error::other)
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// Puts labels where a spreadsheet reader expects words: each column named in `label` gets the
/// label of its code, and the code itself moves to a new column `{name}_code` at the end.
pub struct Labelled<'a> {
    inner: &'a mut dyn RowSink,
    label: &'a dyn Fn(&str, &str) -> Option<String>,
    /// Which columns to label, by position, with their name.
    columns: Vec<(usize, String)>,
}

impl<'a> Labelled<'a> {
    pub fn new(
        inner: &'a mut dyn RowSink,
        label: &'a dyn Fn(&str, &str) -> Option<String>,
    ) -> Self {
        Labelled {
            inner,
            label,
            columns: Vec::new(),
        }
    }
}

/// The coded columns that get labels in staff exports.
pub const LABELLED_COLUMNS: &[&str] = &[
    "canal",
    "statut",
    "moderation",
    "motif_retenue",
    // The history: what happened, from what to what, by which role, in words.
    "action",
    "avant",
    "apres",
    "role",
];

impl RowSink for Labelled<'_> {
    fn header(&mut self, columns: &[&str]) -> std::io::Result<()> {
        self.columns = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| LABELLED_COLUMNS.contains(c))
            .map(|(i, c)| (i, c.to_string()))
            .collect();
        let codes: Vec<String> = self
            .columns
            .iter()
            .map(|(_, c)| format!("{c}_code"))
            .collect();
        let mut all: Vec<&str> = columns.to_vec();
        all.extend(codes.iter().map(String::as_str));
        self.inner.header(&all)
    }
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let mut out = cells.to_vec();
        for (i, name) in &self.columns {
            let code = match cells.get(*i) {
                Some(Cell::Text(code)) => code.clone(),
                _ => {
                    out.push(Cell::Empty);
                    continue;
                }
            };
            if let Some(label) = (self.label)(name, &code) {
                out[*i] = Cell::Text(label);
            }
            out.push(Cell::Text(code));
        }
        self.inner.row(&out)
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.inner.finish()
    }
}

/// A JSON array of objects, written as it goes.
pub struct JsonSink<W: Write> {
    out: W,
    columns: Vec<String>,
    first: bool,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink {
            out,
            columns: Vec::new(),
            first: true,
        }
    }
}

impl<W: Write> RowSink for JsonSink<W> {
    fn header(&mut self, columns: &[&str]) -> std::io::Result<()> {
        self.columns = columns.iter().map(|c| c.to_string()).collect();
        self.out.write_all(b"[")
    }
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let mut obj = serde_json::Map::new();
        for (k, c) in self.columns.iter().zip(cells) {
            let v = match c {
                Cell::Text(t) => serde_json::Value::String(t.clone()),
                Cell::Int(n) => serde_json::Value::from(*n),
                Cell::Empty => serde_json::Value::Null,
            };
            obj.insert(k.clone(), v);
        }
        if !self.first {
            self.out.write_all(b",\n")?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &obj).map_err(std::io::Error::other)
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.write_all(b"]\n")?;
        self.out.flush()
    }
}

/// XLSX is a zip written at the end: rows go, in order, to a temporary file of the worksheet
/// (constant memory mode), and `finish` packs the workbook into `bytes`.
pub struct XlsxSink {
    book: rust_xlsxwriter::Workbook,
    row: u32,
    pub bytes: Vec<u8>,
}

impl XlsxSink {
    pub fn new(sheet: &str) -> std::io::Result<Self> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_err)?;
        let _ = ws.set_name(sheet);
        Ok(XlsxSink {
            book,
            row: 0,
            bytes: Vec::new(),
        })
    }
}

/// The most a spreadsheet cell holds; a longer text (an old record, a file from elsewhere)
/// is cut there rather than the whole file failing for everyone.
pub const EXCEL_CELL_MAX: usize = 32_767;

fn excel_cell(t: &str) -> &str {
    match t.char_indices().nth(EXCEL_CELL_MAX) {
        Some((at, _)) => &t[..at],
        None => t,
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl RowSink for XlsxSink {
    fn header(&mut self, columns: &[&str]) -> std::io::Result<()> {
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let ws = self.book.worksheet_from_index(0).map_err(xlsx_err)?;
        for (i, c) in columns.iter().enumerate() {
            ws.write_string_with_format(0, u16::try_from(i).unwrap_or(u16::MAX), *c, &bold)
                .map_err(xlsx_err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        self.row = 1;
        Ok(())
    }
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let ws = self.book.worksheet_from_index(0).map_err(xlsx_err)?;
        for (i, c) in cells.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            match c {
                // Written as strings, never formulas: nothing typed by a citizen runs.
                Cell::Text(t) => ws
                    .write_string(self.row, col, excel_cell(t))
                    .map(|_| ())
                    .map_err(xlsx_err)?,
                Cell::Int(n) => ws
                    .write_number(self.row, col, *n as f64)
                    .map(|_| ())
                    .map_err(xlsx_err)?,
                Cell::Empty => {}
            }
        }
        self.row += 1;
        Ok(())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.bytes = self.book.save_to_buffer().map_err(xlsx_err)?;
        Ok(())
    }
}

// The open record (`/donnees/bilan.*`, `/api/v1/record`).

fn value_json(v: RValue) -> serde_json::Value {
    match v {
        RValue::Count(n) => json!(n),
        RValue::Decimal(x) => json!(x),
        RValue::FewerThanFive => json!("<5"),
        RValue::Missing => serde_json::Value::Null,
    }
}

/// A moment as RFC 3339 text in JSON (`null` when it cannot be one).
pub fn iso(t: i64) -> serde_json::Value {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map(serde_json::Value::String)
        .unwrap_or(serde_json::Value::Null)
}

/// The open record as JSON, as `/donnees/bilan.json` and `/api/v1/record` give it.
pub fn record_json(r: &OpenRecord) -> serde_json::Value {
    let items: Vec<serde_json::Value> = r
        .indicators
        .iter()
        .map(|i| {
            json!({
                "section": i.section,
                "code": i.code,
                "category": (!i.category.is_empty()).then_some(&i.category),
                "value": value_json(i.value),
                "base": i.base,
                "percent": i.percent(),
            })
        })
        .collect();
    json!({
        "generated_at": iso(r.at),
        "consultation": r.scope.as_ref().map(|(id, title)| json!({ "id": id, "title": title })),
        "small_cells": "counts of people under 5 are grouped into \"others\" or given as \"<5\"; a value that would give one away by subtraction is null",
        "indicators": items,
    })
}

/// The open record as CSV, written by the `csv` crate like every other export.
pub fn record_csv(r: &OpenRecord) -> std::io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(["section", "code", "category", "value", "base", "percent"])
        .map_err(std::io::Error::other)?;
    for i in &r.indicators {
        w.write_record([
            i.section.to_string(),
            i.code.to_string(),
            i.category.clone(),
            record_data::csv_value(i.value),
            i.base.map(|b| b.to_string()).unwrap_or_default(),
            i.percent().map(|p| format!("{p:.1}")).unwrap_or_default(),
        ])
        .map_err(std::io::Error::other)?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

// The priority round's results (`/donnees/priorites.*`, `/api/v1/priorities`).

/// Themes as `[{code, name, count}]`, most picked first.
fn themes_json(themes: &[(String, u64)], name: &dyn Fn(&str) -> String) -> serde_json::Value {
    themes
        .iter()
        .map(|(t, n)| json!({ "code": t, "name": name(t), "count": n }))
        .collect()
}

/// Groups (districts, kinds of contributor) as `[{name, participants, themes}]`; the row
/// of small groups is named "autres" and its themes are withheld when it is small too.
fn groups_json(groups: &[priority::Group], name: &dyn Fn(&str) -> String) -> serde_json::Value {
    groups
        .iter()
        .map(|g| {
            json!({
                "name": g.name,
                "participants": g.participants,
                "themes": themes_json(&g.themes, name),
            })
        })
        .collect()
}

/// A round's results as JSON: `participants`, `themes`, `zones` (districts), `channels`,
/// `contributor_types`; counts of fewer than five people grouped or withheld.
pub fn priorities_json(
    r: &priority::Results,
    k: Option<&crate::domain::consultation::Consultation>,
    name: &dyn Fn(&str) -> String,
) -> serde_json::Value {
    let shown = |rows: &[(String, priority::Shown)]| -> serde_json::Value {
        rows.iter()
            .map(|(code, s)| match s {
                priority::Shown::Count(n) => json!({ "code": code, "count": n }),
                priority::Shown::FewerThanFive => json!({ "code": code, "count": "<5" }),
            })
            .collect()
    };
    json!({
        "consultation": k.map(|k| json!({ "id": k.id, "title": k.title })),
        "participants": r.participants,
        "themes": themes_json(&r.themes, name),
        "zones": groups_json(&r.districts, name),
        "participants_without_zone": r.no_zone,
        "contributor_types": groups_json(&r.contributor_types, &|t: &str| t.to_string()),
        "channels": r.channels.iter().map(|(c, n)| json!({ "code": c, "count": n })).collect::<Vec<_>>(),
        "sexes": shown(&r.sexes),
        "age_bands": shown(&r.age_bands),
        "small_cells": "groups of fewer than 5 people are counted together under \"autres\"; their themes are withheld when that row holds fewer than 5 too",
    })
}

/// A round's results as CSV for a French spreadsheet (`;`, UTF-8 with BOM): one row per
/// scope (all, a district, a kind of contributor) and theme.
pub fn priorities_csv(
    r: &priority::Results,
    name: &dyn Fn(&str) -> String,
) -> std::io::Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let io = |e: csv::Error| std::io::Error::other(e.to_string());
    w.write_record([
        "portee",
        "groupe",
        "participants",
        "theme_code",
        "theme",
        "nombre",
    ])
    .map_err(io)?;
    let mut rows = |scope: &str, group: &str, people: u64, themes: &[(String, u64)]| {
        for (t, n) in themes {
            let people = people.to_string();
            let n = n.to_string();
            let label = name(t);
            w.write_record([scope, group, &people, t, &neutralise(&label), &n])?;
        }
        Ok::<_, csv::Error>(())
    };
    rows("ensemble", "", r.participants, &r.themes).map_err(io)?;
    for g in &r.districts {
        rows("district", &g.name, g.participants, &g.themes).map_err(io)?;
    }
    for g in &r.contributor_types {
        rows("type", &g.name, g.participants, &g.themes).map_err(io)?;
    }
    w.flush()?;
    drop(w);
    Ok(out)
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_spreadsheet_cell_is_cut_not_fatal() {
        let long = "é".repeat(EXCEL_CELL_MAX + 10);
        assert_eq!(excel_cell(&long).chars().count(), EXCEL_CELL_MAX);
        assert_eq!(excel_cell("court"), "court");
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        assert!(ws.write_string(0, 0, excel_cell(&long)).is_ok());
        assert!(
            ws.write_string(0, 1, long.as_str()).is_err(),
            "the limit is real"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=SOMME(A1:A9)"), "'=SOMME(A1:A9)");
        assert_eq!(neutralise("+33 6"), "'+33 6");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("Électricité"), "Électricité");
    }

    #[test]
    fn csv_has_a_bom_and_the_chosen_separator() {
        let mut out = Vec::new();
        {
            let mut s = CsvSink::new(&mut out, true).unwrap_or_else(|e| panic!("{e}"));
            s.header(&["a", "b"]).unwrap_or_else(|e| panic!("{e}"));
            s.row(&[Cell::Text("=1+1".into()), Cell::Int(3)])
                .unwrap_or_else(|e| panic!("{e}"));
            s.finish().unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(String::from_utf8_lossy(&out), "\u{feff}a;b\n'=1+1;3\n");
    }

    #[test]
    fn json_is_an_array_of_objects() {
        let mut out = Vec::new();
        let mut s = JsonSink::new(&mut out);
        s.header(&["a", "b"]).unwrap_or_else(|e| panic!("{e}"));
        s.row(&[Cell::Text("x".into()), Cell::Empty])
            .unwrap_or_else(|e| panic!("{e}"));
        s.row(&[Cell::Text("y".into()), Cell::Int(2)])
            .unwrap_or_else(|e| panic!("{e}"));
        s.finish().unwrap_or_else(|e| panic!("{e}"));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!([{"a": "x", "b": null}, {"a": "y", "b": 2}])
        );
    }
}
