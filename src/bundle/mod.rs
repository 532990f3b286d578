//! Workshop bundles: one zip file that carries a workshop laptop's contributions to the
//! national site, which merges it idempotently. Records keep their globally unique ids, so
//! importing the same bundle twice, or two overlapping bundles, changes nothing more.
//!
//! A bundle holds `manifest.json` (format, version, source instance, time range, counts,
//! SHA-256 of each file) and one JSON-lines file per kind of record. Everything is checked
//! before anything is written (`read`); a bad bundle is refused whole. The format's types are
//! in `domain::bundle`, the reads and writes in `db::bundles` and `db::proposals`.

mod read;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::db::proposals::{self, Filed, Taken};
use crate::db::{Db, DbError, bundles};
use crate::domain::attendance::Attendance;
use crate::domain::bundle::device_mark;
pub use crate::domain::bundle::{
    CommentRecord, FORMAT, Manifest, ProposalRecord, Records, SupportRecord, VERSION,
    WorkshopRecord,
};
use crate::domain::contribution::{
    Channel, CommentFiling, ModerationMode, PaperForm, ProposalFiling, Recorded, SupportFiling,
    initial_moderation,
};
use crate::domain::proposal::NewProposal;
use crate::domain::reference::Reference;
use crate::i18n::Lang;
use read::unhex;
pub use read::{Contents, read};

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
    #[error("a training file on a real site")]
    Training,
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
            BundleError::Training => lang.t("bundle-error-training"),
            BundleError::Db(e) => e.message(lang),
        }
    }
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
    let (records, training) = db.read(|c| -> Result<(Records, bool), BundleError> {
        Ok((
            bundles::recorded_here(c)?,
            crate::db::training::started(c)?.is_some(),
        ))
    })?;
    let Records {
        proposals,
        comments,
        supports,
        workshops,
    } = records;
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
        training,
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
    db.write(|c| -> Result<ImportReport, BundleError> {
        // Fictional contributions never enter a real consultation's record.
        if manifest.training && crate::db::training::started(c)?.is_none() {
            return Err(BundleError::Training);
        }
        let consultation: i64 = match consultation {
            Some(id) => id,
            None => bundles::latest_consultation(c)?
                .ok_or_else(|| BundleError::Manifest("no consultation".into()))?,
        };
        // References must resolve, in the bundle or in the database, before anything is written.
        let in_bundle: HashSet<&str> = proposals.iter().map(|p| p.uid.as_str()).collect();
        for r in comments
            .iter()
            .map(|c| &c.proposal_uid)
            .chain(supports.iter().map(|s| &s.proposal_uid))
        {
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
            if !workshops_in_bundle.contains(r) && bundles::workshop_id(c, r)?.is_none() {
                return Err(BundleError::MissingReference(r.to_string()));
            }
        }
        let bundle_id = bundles::record(c, &manifest, &file_hash, now)?;
        let mut report = ImportReport::default();
        for w in &workshops {
            // A damaged attendance is left out, not half read.
            let (attendance, at) = match Attendance::from_text(&w.attendance) {
                Some(a) => (a.to_text(), w.attendance_at),
                None => (String::new(), None),
            };
            if bundles::add_workshop(c, w, (&attendance, at), bundle_id)? {
                report.added[3] += 1
            } else {
                report.already[3] += 1
            }
        }
        // Every workshop a record names is in the database now: look each up once.
        let mut workshop_ids: HashMap<&str, i64> = HashMap::new();
        for &uid in &named {
            if let Some(id) = bundles::workshop_id(c, uid)? {
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
                    ogp_values: p
                        .ogp_values
                        .split(',')
                        .filter(|v| !v.is_empty())
                        .map(str::to_string)
                        .collect(),
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
                recorded: elsewhere(
                    &p.instance_id,
                    p.reference.as_deref().and_then(Reference::parse),
                ),
                follow_token_hash: unhex(&p.follow_token_hash).unwrap_or_default(),
                submission: None,
                moderation: initial_moderation(ModerationMode::default(), true),
                device: device_mark(p.device.as_deref()),
                created_at: p.created_at,
            };
            match proposals::file_proposal(c, &f, &p.instance_id)? {
                Filed::New { .. } => report.added[0] += 1,
                Filed::Renumbered {
                    reference,
                    original,
                    ..
                } => {
                    report.added[0] += 1;
                    report.renumbered.push((original, reference));
                }
                Filed::Already { .. } | Filed::Repeat { .. } => report.already[0] += 1,
                Filed::PaperTaken { reference } => {
                    report.refused.push(Refusal {
                        uid: p.uid.clone(),
                        reason: "bundle-refused-paper",
                        detail: format!(
                            "{} / {reference}",
                            p.paper_number.as_deref().unwrap_or_default()
                        ),
                    });
                    left_out.insert(p.uid.as_str());
                }
            }
        }
        for k in &comments {
            if left_out.contains(k.proposal_uid.as_str()) {
                report.refused.push(Refusal {
                    uid: k.uid.clone(),
                    reason: "bundle-refused-parent",
                    detail: k.proposal_uid.clone(),
                });
                continue;
            }
            let Some(pid) = proposals::id_by_uid(c, &k.proposal_uid)? else {
                return Err(BundleError::MissingReference(k.proposal_uid.clone()));
            };
            let f = CommentFiling {
                uid: k.uid.clone(),
                body: k.body.clone(),
                author_name: k.author_name.clone(),
                channel: Channel::parse(&k.channel).unwrap_or(Channel::Other),
                workshop_id: workshop_of(k.workshop_uid.as_deref()),
                recorded: elsewhere(&k.instance_id, None),
                submission: None,
                moderation: initial_moderation(ModerationMode::default(), true),
                device: device_mark(k.device.as_deref()),
                created_at: k.created_at,
            };
            match proposals::file_comment(c, pid, &f, &k.instance_id)? {
                Taken::Added { .. } => report.added[1] += 1,
                Taken::Already { .. } | Taken::Merged(_) => report.already[1] += 1,
            }
        }
        for s in &supports {
            if left_out.contains(s.proposal_uid.as_str()) {
                report.refused.push(Refusal {
                    uid: s.uid.clone(),
                    reason: "bundle-refused-parent",
                    detail: s.proposal_uid.clone(),
                });
                continue;
            }
            let Some(pid) = proposals::id_by_uid(c, &s.proposal_uid)? else {
                return Err(BundleError::MissingReference(s.proposal_uid.clone()));
            };
            let f = SupportFiling {
                uid: s.uid.clone(),
                participant: s.participant.clone(),
                channel: Channel::parse(&s.channel).unwrap_or(Channel::Other),
                workshop_id: workshop_of(s.workshop_uid.as_deref()),
                recorded: elsewhere(&s.instance_id, None),
                device: device_mark(s.device.as_deref()),
                created_at: s.created_at,
            };
            match proposals::file_support(c, pid, &f, &s.instance_id)? {
                Taken::Added { .. } => report.added[2] += 1,
                Taken::Already { .. } | Taken::Merged(_) => report.already[2] += 1,
            }
        }
        bundles::set_counts(
            c,
            bundle_id,
            report.added.iter().sum(),
            report.already.iter().sum(),
        )?;
        Ok(report)
    })
}
