//! Workshop bundles: one zip file that carries a workshop laptop's contributions to the
//! national site, which merges it idempotently. Records keep their globally unique ids, so
//! importing the same bundle twice, or two overlapping bundles, changes nothing more.
//!
//! A bundle holds `manifest.json` (format, version, source instance, time range, counts,
//! SHA-256 of each file) and one JSON-lines file per kind of record. Everything is checked
//! before anything is written; a bad bundle is refused whole.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::db::proposals::{self, Filed, Taken};
use crate::db::{Db, DbError};
use crate::domain::contribution::{
    Channel, CommentFiling, ModerationMode, PaperForm, ProposalFiling, Recorded, SupportFiling,
    initial_moderation,
};
use crate::domain::proposal::NewProposal;
use crate::domain::reference::Reference;
use crate::i18n::Lang;

pub const FORMAT: &str = "palabre-bundle";
/// Version 2 added workshops and paper forms, version 3 each proposal's reference (kept as
/// is by the importing site); versions 1 and 2 are still read.
pub const VERSION: u32 = 3;
const FILES: [&str; 4] = [
    "proposals.jsonl",
    "comments.jsonl",
    "supports.jsonl",
    "workshops.jsonl",
];
/// No file of a bundle may unpack to more than this (a zip bomb is refused, not unpacked).
const MAX_FILE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub instance_id: String,
    pub created_at: i64,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub counts: HashMap<String, u64>,
    pub sha256: HashMap<String, String>,
    /// The workshops it covers ("name (date)"), for people reading the file.
    #[serde(default)]
    pub workshops: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkshopRecord {
    pub uid: String,
    pub instance_id: String,
    pub name: String,
    pub place: String,
    pub zone: String,
    pub held_on: String,
    pub facilitators: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProposalRecord {
    pub uid: String,
    pub instance_id: String,
    pub channel: String,
    pub created_at: i64,
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub benefit: String,
    pub theme: String,
    pub zone: String,
    pub contributor_type: String,
    pub ogp_values: String,
    pub author_name: String,
    pub organisation: String,
    pub contact: Option<String>,
    pub language: String,
    /// So that the author's follow-up link works on the national site too.
    pub follow_token_hash: String,
    #[serde(default)]
    pub workshop_uid: Option<String>,
    #[serde(default)]
    pub paper_number: Option<String>,
    #[serde(default)]
    pub entered_by: Option<String>,
    /// The reference its receipt shows ("KGO-0007"); absent before version 3.
    #[serde(default)]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommentRecord {
    pub uid: String,
    pub instance_id: String,
    pub proposal_uid: String,
    pub body: String,
    pub author_name: String,
    pub channel: String,
    pub created_at: i64,
    #[serde(default)]
    pub workshop_uid: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SupportRecord {
    pub uid: String,
    pub instance_id: String,
    pub proposal_uid: String,
    pub participant: String,
    pub channel: String,
    pub created_at: i64,
    #[serde(default)]
    pub workshop_uid: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a zip: {0}")]
    NotZip(String),
    #[error("unexpected file {0}")]
    UnexpectedFile(String),
    #[error("file too large: {0}")]
    TooLarge(String),
    #[error("manifest: {0}")]
    Manifest(String),
    #[error("version {0}")]
    Version(u32),
    #[error("hash mismatch: {0}")]
    Hash(String),
    #[error("record {file}:{line}: {reason}")]
    Record {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("missing proposal {0}")]
    MissingReference(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for BundleError {
    fn from(e: rusqlite::Error) -> Self {
        BundleError::Db(DbError::Sqlite(e))
    }
}

impl BundleError {
    pub fn message(&self, lang: Lang) -> String {
        let a = |id: &str, args: &[(&str, String)]| {
            let args: Vec<(&str, fluent_templates::fluent_bundle::FluentValue<'_>)> =
                args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
            lang.t_args(id, &args)
        };
        match self {
            BundleError::Io(e) => a("bundle-error-io", &[("error", e.to_string())]),
            BundleError::NotZip(e) => a("bundle-error-zip", &[("error", e.clone())]),
            BundleError::UnexpectedFile(n) => a("bundle-error-file", &[("name", n.clone())]),
            BundleError::TooLarge(n) => a("bundle-error-large", &[("name", n.clone())]),
            BundleError::Manifest(e) => a("bundle-error-manifest", &[("error", e.clone())]),
            BundleError::Version(v) => a("bundle-error-version", &[("version", v.to_string())]),
            BundleError::Hash(n) => a("bundle-error-hash", &[("name", n.clone())]),
            BundleError::Record { file, line, reason } => a(
                "bundle-error-record",
                &[
                    ("file", file.clone()),
                    ("line", line.to_string()),
                    ("reason", reason.clone()),
                ],
            ),
            BundleError::MissingReference(u) => a("bundle-error-reference", &[("uid", u.clone())]),
            BundleError::Db(e) => e.message(lang),
        }
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn jsonl<T: Serialize>(items: &[T]) -> Result<Vec<u8>, BundleError> {
    let mut out = Vec::new();
    for i in items {
        serde_json::to_writer(&mut out, i)
            .map_err(|e| BundleError::Io(std::io::Error::other(e)))?;
        out.push(b'\n');
    }
    Ok(out)
}

#[derive(Debug, Default)]
pub struct ExportSummary {
    pub proposals: u64,
    pub comments: u64,
    pub supports: u64,
    pub workshops: u64,
}

/// Writes every contribution recorded on this instance (not those it imported) into `file`.
pub fn export(
    db: &Db,
    instance_id: &str,
    file: &Path,
    now: i64,
) -> Result<ExportSummary, BundleError> {
    let (proposals, comments, supports, workshops) = db.read(|c| -> Result<_, BundleError> {
        let proposals: Vec<ProposalRecord> = c
            .prepare(
                "SELECT uid, instance_id, channel, created_at, title, problem, solution, benefit, theme, zone, contributor_type, \
                 ogp_values, author_name, organisation, contact, language, follow_token_hash, \
                 (SELECT w.uid FROM workshops w WHERE w.id = proposals.workshop_id), paper_number, entered_by, reference \
                 FROM proposals WHERE bundle_id IS NULL ORDER BY created_at, id",
            )?
            .query_map([], |r| {
                Ok(ProposalRecord {
                    uid: r.get(0)?,
                    instance_id: r.get(1)?,
                    channel: r.get(2)?,
                    created_at: r.get(3)?,
                    title: r.get(4)?,
                    problem: r.get(5)?,
                    solution: r.get(6)?,
                    benefit: r.get(7)?,
                    theme: r.get(8)?,
                    zone: r.get(9)?,
                    contributor_type: r.get(10)?,
                    ogp_values: r.get(11)?,
                    author_name: r.get(12)?,
                    organisation: r.get(13)?,
                    contact: r.get(14)?,
                    language: r.get(15)?,
                    follow_token_hash: crate::security::hex(&r.get::<_, Vec<u8>>(16)?),
                    workshop_uid: r.get(17)?,
                    paper_number: r.get(18)?,
                    entered_by: r.get(19)?,
                    reference: r.get(20)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let comments: Vec<CommentRecord> = c
            .prepare(
                "SELECT k.uid, k.instance_id, p.uid, k.body, k.author_name, k.channel, k.created_at, \
                 (SELECT w.uid FROM workshops w WHERE w.id = k.workshop_id) FROM comments k \
                 JOIN proposals p ON p.id = k.proposal_id WHERE k.bundle_id IS NULL ORDER BY k.created_at, k.id",
            )?
            .query_map([], |r| {
                Ok(CommentRecord {
                    uid: r.get(0)?,
                    instance_id: r.get(1)?,
                    proposal_uid: r.get(2)?,
                    body: r.get(3)?,
                    author_name: r.get(4)?,
                    channel: r.get(5)?,
                    created_at: r.get(6)?,
                    workshop_uid: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let supports: Vec<SupportRecord> = c
            .prepare(
                "SELECT s.uid, s.instance_id, p.uid, s.participant, s.channel, s.created_at, \
                 (SELECT w.uid FROM workshops w WHERE w.id = s.workshop_id) FROM supports s \
                 JOIN proposals p ON p.id = s.proposal_id WHERE s.bundle_id IS NULL ORDER BY s.created_at, s.id",
            )?
            .query_map([], |r| {
                Ok(SupportRecord {
                    uid: r.get(0)?,
                    instance_id: r.get(1)?,
                    proposal_uid: r.get(2)?,
                    participant: r.get(3)?,
                    channel: r.get(4)?,
                    created_at: r.get(5)?,
                    workshop_uid: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let workshops: Vec<WorkshopRecord> = c
            .prepare(
                "SELECT uid, instance_id, name, place, zone, held_on, facilitators, created_at FROM workshops \
                 WHERE bundle_id IS NULL ORDER BY held_on, id",
            )?
            .query_map([], |r| {
                Ok(WorkshopRecord {
                    uid: r.get(0)?,
                    instance_id: r.get(1)?,
                    name: r.get(2)?,
                    place: r.get(3)?,
                    zone: r.get(4)?,
                    held_on: r.get(5)?,
                    facilitators: r.get(6)?,
                    created_at: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok((proposals, comments, supports, workshops))
    })?;
    let files = [
        ("proposals.jsonl", jsonl(&proposals)?),
        ("comments.jsonl", jsonl(&comments)?),
        ("supports.jsonl", jsonl(&supports)?),
        ("workshops.jsonl", jsonl(&workshops)?),
    ];
    let times = proposals
        .iter()
        .map(|p| p.created_at)
        .chain(comments.iter().map(|c| c.created_at))
        .chain(supports.iter().map(|s| s.created_at));
    let (from, to) = times.fold((None, None), |(lo, hi): (Option<i64>, Option<i64>), t| {
        (
            Some(lo.map_or(t, |l| l.min(t))),
            Some(hi.map_or(t, |h| h.max(t))),
        )
    });
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        instance_id: instance_id.into(),
        created_at: now,
        from,
        to,
        counts: HashMap::from([
            ("proposals".into(), proposals.len() as u64),
            ("comments".into(), comments.len() as u64),
            ("supports".into(), supports.len() as u64),
            ("workshops".into(), workshops.len() as u64),
        ]),
        sha256: files
            .iter()
            .map(|(n, d)| (n.to_string(), crate::security::sha256_hex(d)))
            .collect(),
        workshops: workshops
            .iter()
            .map(|w| format!("{} ({})", w.name, w.held_on))
            .collect(),
    };
    // Written next to the target, then renamed: a half-written bundle never exists.
    let tmp = file.with_extension("part");
    {
        let out = std::fs::File::create(&tmp)?;
        let mut zip = zip::ZipWriter::new(out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let zerr = |e: zip::result::ZipError| BundleError::Io(std::io::Error::other(e));
        zip.start_file("manifest.json", opts).map_err(zerr)?;
        zip.write_all(
            &serde_json::to_vec_pretty(&manifest)
                .map_err(|e| BundleError::Io(std::io::Error::other(e)))?,
        )?;
        for (name, data) in &files {
            zip.start_file(*name, opts).map_err(zerr)?;
            zip.write_all(data)?;
        }
        zip.finish().map_err(zerr)?.sync_all()?;
    }
    std::fs::rename(&tmp, file)?;
    Ok(ExportSummary {
        proposals: proposals.len() as u64,
        comments: comments.len() as u64,
        supports: supports.len() as u64,
        workshops: workshops.len() as u64,
    })
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Proposals, comments, supports, workshops.
    pub added: [u64; 4],
    pub already: [u64; 4],
    /// Records left out, with why (a message id and its arguments).
    pub refused: Vec<Refusal>,
    /// Proposals whose reference was another contribution's here: (theirs, the new one).
    pub renumbered: Vec<(String, String)>,
}

impl ImportReport {
    /// What was added, already there, refused; and the references given anew, if any.
    pub fn summary(&self, lang: Lang) -> String {
        let mut text = self.counts(lang);
        if !self.renumbered.is_empty() {
            let list: Vec<String> = self
                .renumbered
                .iter()
                .map(|(theirs, ours)| format!("{theirs} → {ours}"))
                .collect();
            text.push(' ');
            text.push_str(&lang.t_args(
                "bundle-renumbered",
                &[
                    ("count", (self.renumbered.len() as u64).into()),
                    ("list", list.join(", ").into()),
                ],
            ));
        }
        text
    }

    fn counts(&self, lang: Lang) -> String {
        lang.t_args(
            "bundle-imported",
            &[
                (
                    "proposals",
                    lang.count("count-proposals", self.added[0]).into(),
                ),
                (
                    "comments",
                    lang.count("count-comments", self.added[1]).into(),
                ),
                (
                    "supports",
                    lang.count("count-supports", self.added[2]).into(),
                ),
                (
                    "workshops",
                    lang.count("count-workshops", self.added[3]).into(),
                ),
                ("already", self.already.iter().sum::<u64>().into()),
                ("refused", (self.refused.len() as u64).into()),
            ],
        )
    }

    /// One line per record left out, saying why.
    pub fn refusals(&self, lang: Lang) -> Vec<String> {
        self.refused
            .iter()
            .map(|r| {
                lang.t_args(
                    r.reason,
                    &[
                        ("uid", r.uid.clone().into()),
                        ("detail", r.detail.clone().into()),
                    ],
                )
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub uid: String,
    pub reason: &'static str,
    pub detail: String,
}

fn read_entry(
    zip: &mut zip::ZipArchive<std::fs::File>,
    name: &str,
) -> Result<Vec<u8>, BundleError> {
    let entry = zip
        .by_name(name)
        .map_err(|_| BundleError::Manifest(format!("{name} missing")))?;
    if entry.size() > MAX_FILE {
        return Err(BundleError::TooLarge(name.into()));
    }
    let mut data = Vec::new();
    // Never trust the declared size: stop reading past the limit.
    entry.take(MAX_FILE + 1).read_to_end(&mut data)?;
    if data.len() as u64 > MAX_FILE {
        return Err(BundleError::TooLarge(name.into()));
    }
    Ok(data)
}

fn parse_lines<T: for<'de> Deserialize<'de>>(
    name: &str,
    data: &[u8],
) -> Result<Vec<T>, BundleError> {
    let text = std::str::from_utf8(data).map_err(|_| BundleError::Record {
        file: name.into(),
        line: 0,
        reason: "not UTF-8".into(),
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| BundleError::Record {
                file: name.into(),
                line: i + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

fn check_text(
    file: &str,
    line: usize,
    what: &str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<(), BundleError> {
    let n = value.chars().count();
    if (required && value.trim().is_empty()) || n > max {
        return Err(BundleError::Record {
            file: file.into(),
            line,
            reason: format!("{what}: {n} characters"),
        });
    }
    Ok(())
}

fn check_channel(file: &str, line: usize, channel: &str) -> Result<(), BundleError> {
    match Channel::parse(channel) {
        Some(_) => Ok(()),
        None => Err(BundleError::Record {
            file: file.into(),
            line,
            reason: "channel".into(),
        }),
    }
}

/// A bundle read and checked, ready to merge.
pub struct Contents {
    pub manifest: Manifest,
    /// SHA-256 of the whole file: the bundle's identity.
    pub file_hash: String,
    pub proposals: Vec<ProposalRecord>,
    pub comments: Vec<CommentRecord>,
    pub supports: Vec<SupportRecord>,
    pub workshops: Vec<WorkshopRecord>,
}

/// Reads and checks a whole bundle without writing anything.
pub fn read(file: &Path) -> Result<Contents, BundleError> {
    let bytes_hash = crate::security::sha256_hex(&std::fs::read(file)?);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file)?)
        .map_err(|e| BundleError::NotZip(e.to_string()))?;
    let allowed: HashSet<&str> = FILES.iter().copied().chain(["manifest.json"]).collect();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| BundleError::NotZip(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| BundleError::NotZip(e.to_string()))?
            .to_string();
        if !allowed.contains(name.as_str()) {
            return Err(BundleError::UnexpectedFile(name));
        }
    }
    let manifest: Manifest = serde_json::from_slice(&read_entry(&mut zip, "manifest.json")?)
        .map_err(|e| BundleError::Manifest(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(BundleError::Manifest(format!("format {}", manifest.format)));
    }
    if !(1..=VERSION).contains(&manifest.version) {
        return Err(BundleError::Version(manifest.version));
    }
    let mut data = HashMap::new();
    // Version 1 had no workshops.
    let files = if manifest.version == 1 {
        &FILES[..3]
    } else {
        &FILES[..]
    };
    data.insert("workshops.jsonl", Vec::new());
    for &name in files {
        let d = read_entry(&mut zip, name)?;
        if manifest.sha256.get(name).map(String::as_str)
            != Some(crate::security::sha256_hex(&d).as_str())
        {
            return Err(BundleError::Hash(name.into()));
        }
        data.insert(name, d);
    }
    let proposals: Vec<ProposalRecord> = parse_lines("proposals.jsonl", &data["proposals.jsonl"])?;
    let comments: Vec<CommentRecord> = parse_lines("comments.jsonl", &data["comments.jsonl"])?;
    let supports: Vec<SupportRecord> = parse_lines("supports.jsonl", &data["supports.jsonl"])?;
    let workshops: Vec<WorkshopRecord> = parse_lines("workshops.jsonl", &data["workshops.jsonl"])?;
    for (i, w) in workshops.iter().enumerate() {
        let f = "workshops.jsonl";
        check_text(f, i + 1, "uid", &w.uid, 64, true)?;
        check_text(f, i + 1, "name", &w.name, 200, true)?;
        check_text(f, i + 1, "place", &w.place, 200, false)?;
        check_text(f, i + 1, "facilitators", &w.facilitators, 500, false)?;
        if crate::domain::seed::zone(&w.zone).is_none()
            || crate::domain::document::parse_date(&w.held_on).as_deref()
                != Some(w.held_on.as_str())
        {
            return Err(BundleError::Record {
                file: f.into(),
                line: i + 1,
                reason: "zone or date".into(),
            });
        }
    }
    for (i, p) in proposals.iter().enumerate() {
        let f = "proposals.jsonl";
        check_text(f, i + 1, "uid", &p.uid, 64, true)?;
        check_text(f, i + 1, "title", &p.title, 200, true)?;
        check_text(f, i + 1, "problem", &p.problem, 5000, false)?;
        check_text(f, i + 1, "solution", &p.solution, 5000, false)?;
        check_text(f, i + 1, "benefit", &p.benefit, 3000, false)?;
        if let Some(n) = &p.paper_number
            && crate::domain::workshop::parse_paper_number(n).as_deref() != Ok(n.as_str())
        {
            return Err(BundleError::Record {
                file: f.into(),
                line: i + 1,
                reason: "paper number".into(),
            });
        }
        if p.reference.as_deref().is_some_and(|r| {
            crate::domain::reference::Reference::parse(r)
                .map(|x| x.to_string())
                .as_deref()
                != Some(r)
        }) {
            return Err(BundleError::Record {
                file: f.into(),
                line: i + 1,
                reason: "reference".into(),
            });
        }
        if Channel::parse(&p.channel).is_none() {
            return Err(BundleError::Record {
                file: f.into(),
                line: i + 1,
                reason: "channel".into(),
            });
        }
        if crate::domain::seed::zone(&p.zone).is_none() || unhex(&p.follow_token_hash).is_none() {
            return Err(BundleError::Record {
                file: f.into(),
                line: i + 1,
                reason: "zone or token".into(),
            });
        }
    }
    for (i, c) in comments.iter().enumerate() {
        check_text("comments.jsonl", i + 1, "body", &c.body, 3000, true)?;
        check_text("comments.jsonl", i + 1, "uid", &c.uid, 64, true)?;
        check_channel("comments.jsonl", i + 1, &c.channel)?;
    }
    for (i, s) in supports.iter().enumerate() {
        check_channel("supports.jsonl", i + 1, &s.channel)?;
        check_text("supports.jsonl", i + 1, "uid", &s.uid, 64, true)?;
        check_text(
            "supports.jsonl",
            i + 1,
            "participant",
            &s.participant,
            64,
            true,
        )?;
    }
    Ok(Contents {
        manifest,
        file_hash: bytes_hash,
        proposals,
        comments,
        supports,
        workshops,
    })
}

/// Imports a bundle into `consultation` (the most recent one when None), idempotently: a
/// record already there (same unique id) is counted, not changed. A proposal whose paper form
/// number was already typed in for the same workshop under another id is left out, with its
/// comments and supports, and the report says so.
pub fn import(
    db: &Db,
    file: &Path,
    consultation: Option<i64>,
    now: i64,
) -> Result<ImportReport, BundleError> {
    let Contents {
        manifest,
        file_hash,
        proposals,
        comments,
        supports,
        workshops,
    } = read(file)?;
    db.write(|c: &rusqlite::Connection| -> Result<ImportReport, BundleError> {
        let consultation: i64 = match consultation {
            Some(id) => id,
            None => c
                .query_row("SELECT id FROM consultations ORDER BY opens_at DESC, id DESC LIMIT 1", [], |r| r.get(0))
                .optional()?
                .ok_or_else(|| BundleError::Manifest("no consultation".into()))?,
        };
        // References must resolve, in the bundle or in the database, before anything is written.
        let in_bundle: HashSet<&str> = proposals.iter().map(|p| p.uid.as_str()).collect();
        for r in comments.iter().map(|c| &c.proposal_uid).chain(supports.iter().map(|s| &s.proposal_uid)) {
            if !in_bundle.contains(r.as_str()) && proposals::id_by_uid(c, r)?.is_none() {
                return Err(BundleError::MissingReference(r.clone()));
            }
        }
        let workshops_in_bundle: HashSet<&str> = workshops.iter().map(|w| w.uid.as_str()).collect();
        // Every workshop a record names, each once (in a stable order, for the error).
        let named: BTreeSet<&str> = proposals
            .iter()
            .filter_map(|p| p.workshop_uid.as_deref())
            .chain(comments.iter().filter_map(|k| k.workshop_uid.as_deref()))
            .chain(supports.iter().filter_map(|s| s.workshop_uid.as_deref()))
            .collect();
        for &r in &named {
            if !workshops_in_bundle.contains(r) && workshop_id(c, Some(r))?.is_none() {
                return Err(BundleError::MissingReference(r.to_string()));
            }
        }
        let bundle_id = record_bundle(c, &manifest, &file_hash, now)?;
        let mut report = ImportReport::default();
        for w in &workshops {
            let n = c
                .prepare_cached(
                    "INSERT INTO workshops(uid, instance_id, name, place, zone, held_on, facilitators, created_at, bundle_id) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(uid) DO NOTHING",
                )?
                .execute(params![w.uid, w.instance_id, w.name, w.place, w.zone, w.held_on, w.facilitators, w.created_at, bundle_id])?;
            if n == 1 { report.added[3] += 1 } else { report.already[3] += 1 }
        }
        // Every workshop a record names is in the database now: look each up once.
        let mut workshop_ids: HashMap<&str, i64> = HashMap::new();
        for &uid in &named {
            if let Some(id) = workshop_id(c, Some(uid))? {
                workshop_ids.insert(uid, id);
            }
        }
        let workshop_of = |uid: Option<&str>| uid.and_then(|u| workshop_ids.get(u).copied());
        let mut left_out: HashSet<&str> = HashSet::new();
        let elsewhere = |instance_id: &str, reference: Option<Reference>| Recorded::Elsewhere {
            instance_id: instance_id.to_string(),
            reference,
            bundle_id,
        };
        for p in &proposals {
            let f = ProposalFiling {
                uid: p.uid.clone(),
                proposal: NewProposal {
                    title: p.title.clone(),
                    problem: p.problem.clone(),
                    solution: p.solution.clone(),
                    benefit: p.benefit.clone(),
                    theme: p.theme.clone(),
                    zone: p.zone.clone(),
                    contributor_type: p.contributor_type.clone(),
                    ogp_values: p.ogp_values.split(',').filter(|v| !v.is_empty()).map(str::to_string).collect(),
                    author_name: p.author_name.clone(),
                    organisation: p.organisation.clone(),
                    contact: p.contact.clone(),
                    language: p.language.clone(),
                },
                consultation_id: consultation,
                channel: Channel::parse(&p.channel).unwrap_or(Channel::Other),
                workshop_id: workshop_of(p.workshop_uid.as_deref()),
                paper: p.paper_number.as_ref().map(|n| PaperForm {
                    number: n.clone(),
                    entered_by: p.entered_by.clone().unwrap_or_default(),
                }),
                recorded: elsewhere(&p.instance_id, p.reference.as_deref().and_then(Reference::parse)),
                follow_token_hash: unhex(&p.follow_token_hash).unwrap_or_default(),
                submission: None,
                moderation: initial_moderation(ModerationMode::default(), true),
                created_at: p.created_at,
            };
            match proposals::file_proposal(c, &f, &p.instance_id)? {
                Filed::New { .. } => report.added[0] += 1,
                Filed::Renumbered { reference, original, .. } => {
                    report.added[0] += 1;
                    report.renumbered.push((original, reference));
                }
                Filed::Already { .. } | Filed::Repeat { .. } => report.already[0] += 1,
                Filed::PaperTaken { reference } => {
                    report.refused.push(Refusal {
                        uid: p.uid.clone(),
                        reason: "bundle-refused-paper",
                        detail: format!("{} / {reference}", p.paper_number.as_deref().unwrap_or_default()),
                    });
                    left_out.insert(p.uid.as_str());
                }
            }
        }
        for k in &comments {
            if left_out.contains(k.proposal_uid.as_str()) {
                report.refused.push(Refusal { uid: k.uid.clone(), reason: "bundle-refused-parent", detail: k.proposal_uid.clone() });
                continue;
            }
            let Some(pid) = proposals::id_by_uid(c, &k.proposal_uid)? else { return Err(BundleError::MissingReference(k.proposal_uid.clone())) };
            let f = CommentFiling {
                uid: k.uid.clone(),
                body: k.body.clone(),
                author_name: k.author_name.clone(),
                channel: Channel::parse(&k.channel).unwrap_or(Channel::Other),
                workshop_id: workshop_of(k.workshop_uid.as_deref()),
                recorded: elsewhere(&k.instance_id, None),
                submission: None,
                moderation: initial_moderation(ModerationMode::default(), true),
                created_at: k.created_at,
            };
            match proposals::file_comment(c, pid, &f, &k.instance_id)? {
                Taken::Added { .. } => report.added[1] += 1,
                Taken::Already { .. } | Taken::Merged(_) => report.already[1] += 1,
            }
        }
        for s in &supports {
            if left_out.contains(s.proposal_uid.as_str()) {
                report.refused.push(Refusal { uid: s.uid.clone(), reason: "bundle-refused-parent", detail: s.proposal_uid.clone() });
                continue;
            }
            let Some(pid) = proposals::id_by_uid(c, &s.proposal_uid)? else { return Err(BundleError::MissingReference(s.proposal_uid.clone())) };
            let f = SupportFiling {
                uid: s.uid.clone(),
                participant: s.participant.clone(),
                channel: Channel::parse(&s.channel).unwrap_or(Channel::Other),
                workshop_id: workshop_of(s.workshop_uid.as_deref()),
                recorded: elsewhere(&s.instance_id, None),
                created_at: s.created_at,
            };
            match proposals::file_support(c, pid, &f, &s.instance_id)? {
                Taken::Added { .. } => report.added[2] += 1,
                Taken::Already { .. } | Taken::Merged(_) => report.already[2] += 1,
            }
        }
        c.execute("UPDATE bundles SET added = ?2, already = ?3 WHERE id = ?1", params![bundle_id, report.added.iter().sum::<u64>() as i64, report.already.iter().sum::<u64>() as i64])?;
        Ok(report)
    })
}

fn workshop_id(c: &Connection, uid: Option<&str>) -> rusqlite::Result<Option<i64>> {
    match uid {
        Some(uid) => c
            .prepare_cached("SELECT id FROM workshops WHERE uid = ?1")?
            .query_row([uid], |r| r.get(0))
            .optional(),
        None => Ok(None),
    }
}

fn record_bundle(c: &Connection, m: &Manifest, file_hash: &str, now: i64) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "INSERT INTO bundles(sha256, source_instance, created_at, imported_at, added, already) VALUES (?1, ?2, ?3, ?4, 0, 0) \
         ON CONFLICT(sha256) DO UPDATE SET imported_at = excluded.imported_at RETURNING id",
    )?
    .query_row(params![file_hash, m.instance_id, m.created_at, now], |r| r.get(0))
}
