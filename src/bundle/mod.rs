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

use rusqlite::Connection;

use crate::db::bundles::Contribution;
use crate::db::proposals::{self, Filed, Taken};
use crate::db::{Db, DbError, bundles};
use crate::domain::attendance::Attendance;
use crate::domain::bundle::{BallotRecord, FUTURE_SLACK, Filing, TallyRecord};
pub use crate::domain::bundle::{
    CommentRecord, FORMAT, Manifest, ProposalRecord, Records, Refusal, SupportRecord, VERSION,
    WorkshopRecord,
};
use crate::domain::contribution::Channel;
use crate::domain::reference::{Holder, Moved, RefCode, Reference, arriving};
use crate::i18n::Lang;
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
    /// The code this laptop got because it was still on the national one.
    pub new_code: Option<String>,
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
    // A laptop still on the national code gets its own, derived from its instance id, so
    // that the national site never sees two laptops' "P-0001": its next references carry it,
    // and the national site files the earlier ones under it, number unchanged.
    let (records, training, code, new_code) =
        db.write(|c| -> Result<(Records, bool, RefCode, bool), BundleError> {
            let mut code = proposals::reference_code(c)?;
            // Not the national site itself (it imports files; a laptop does not).
            let new_code = code.is_national() && !bundles::any_imported(c)?;
            if new_code {
                code = RefCode::of_instance(instance_id);
                bundles::take_code(c, &code)?;
            }
            Ok((
                bundles::recorded_here(c)?,
                crate::db::training::started(c)?.is_some(),
                code,
                new_code,
            ))
        })?;
    let mut codes: Vec<String> = records
        .proposals
        .iter()
        .filter_map(|p| Some(p.reference.as_deref()?.rsplit_once('-')?.0.to_string()))
        .chain([code.to_string()])
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let Records {
        proposals,
        comments,
        supports,
        workshops,
        ballots,
        tallies,
    } = records;
    let files = [
        ("proposals.jsonl", jsonl(&proposals)?),
        ("comments.jsonl", jsonl(&comments)?),
        ("supports.jsonl", jsonl(&supports)?),
        ("workshops.jsonl", jsonl(&workshops)?),
        ("priority_ballots.jsonl", jsonl(&ballots)?),
        ("priority_tallies.jsonl", jsonl(&tallies)?),
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
        reference_code: Some(code.to_string()),
        reference_codes: codes,
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
            ("priority_ballots".into(), ballots.len() as u64),
            ("priority_tallies".into(), tallies.len() as u64),
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
        new_code: new_code.then_some(code.to_string()),
        proposals: proposals.len() as u64,
        comments: comments.len() as u64,
        supports: supports.len() as u64,
        workshops: workshops.len() as u64,
    })
}

/// Lines of one reason shown before "and N more".
const SHOWN_PER_REASON: u64 = 10;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Proposals, comments, supports, workshops.
    pub added: [u64; 4],
    pub already: [u64; 4],
    /// Priority ballots added and already here, workshop counts added (or changed) and
    /// already here.
    pub priorities: [u64; 4],
    /// Records left out, with why (a message id and its arguments).
    pub refused: Vec<Refusal>,
    /// Proposals whose reference was another contribution's here: (theirs, the new one).
    pub renumbered: Vec<(String, String)>,
    /// Proposals filed under their laptop's derived code, with why: (the receipt's, the
    /// one here, why).
    pub moved: Vec<(String, String, Moved)>,
}

impl ImportReport {
    /// Counts how the proposal `p` was filed; false when it was refused (a paper form's
    /// number taken by another proposal). `moved`: its code was another laptop's, and
    /// `here` the reference it was meant to get.
    fn count_proposal(
        &mut self,
        p: &ProposalRecord,
        filed: Filed,
        moved: Option<Moved>,
        here: Option<&Reference>,
    ) -> bool {
        match filed {
            Filed::New { .. } => self.added[0] += 1,
            // Filed under another reference than its receipt's: the laptop's derived code
            // (`moved`), or, that being taken too, a number of this site.
            Filed::Renumbered {
                reference,
                original,
                ..
            } => {
                self.added[0] += 1;
                match (moved, here) {
                    (Some(m), Some(h)) if h.to_string() == reference => {
                        self.moved.push((original, reference, m))
                    }
                    _ => self.renumbered.push((original, reference)),
                }
            }
            Filed::Already { .. } | Filed::Repeat { .. } => self.already[0] += 1,
            Filed::PaperTaken { reference } => {
                let number = p.paper_number.as_deref().unwrap_or_default();
                self.refused.push(Refusal::new(
                    &p.uid,
                    "bundle-refused-paper",
                    format!("{number} / {reference}"),
                ));
                return false;
            }
        }
        true
    }

    /// A comment (`slot` 1) or support (2) taken: added, or here already.
    fn count(&mut self, slot: usize, taken: &Taken) {
        match taken {
            Taken::Added { .. } => self.added[slot] += 1,
            Taken::Already { .. } | Taken::Merged(_) => self.already[slot] += 1,
        }
    }

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
        for why in [Moved::National, Moved::CodeOfAnother] {
            let list: Vec<String> = self
                .moved
                .iter()
                .filter(|(_, _, m)| *m == why)
                .map(|(theirs, ours, _)| format!("{theirs} → {ours}"))
                .collect();
            if list.is_empty() {
                continue;
            }
            let id = match why {
                Moved::National => "bundle-moved-national",
                Moved::CodeOfAnother => "bundle-moved-code",
            };
            text.push(' ');
            text.push_str(&lang.t_args(
                id,
                &[
                    ("count", (list.len() as u64).into()),
                    ("list", list.join(", ").into()),
                ],
            ));
        }
        text
    }

    fn counts(&self, lang: Lang) -> String {
        let mut text = self.contributions(lang);
        if self.priorities.iter().any(|n| *n > 0) {
            text.push(' ');
            text.push_str(&lang.t_args(
                "bundle-imported-priorities",
                &[
                    ("ballots", self.priorities[0].into()),
                    ("tallies", self.priorities[2].into()),
                    ("already", (self.priorities[1] + self.priorities[3]).into()),
                ],
            ));
        }
        text
    }

    fn contributions(&self, lang: Lang) -> String {
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
        let mut per_reason: HashMap<&str, u64> = HashMap::new();
        let mut lines: Vec<String> = self
            .refused
            .iter()
            .filter(|r| {
                let n = per_reason.entry(r.reason).or_default();
                *n += 1;
                *n <= SHOWN_PER_REASON
            })
            .map(|r| {
                let detail = match r.reason {
                    "bundle-refused-time" | "bundle-refused-attendance" => r
                        .detail
                        .parse()
                        .map_or_else(|_| r.detail.clone(), |t| lang.date(t)),
                    _ => r.detail.clone(),
                };
                lang.t_args(
                    r.reason,
                    &[
                        ("uid", r.uid.clone().into()),
                        ("detail", detail.into()),
                        (
                            "field",
                            r.field.map(|f| lang.t(f)).unwrap_or_default().into(),
                        ),
                    ],
                )
            })
            .collect();
        let mut more: Vec<(&str, u64)> = per_reason
            .into_iter()
            .filter(|(_, n)| *n > SHOWN_PER_REASON)
            .collect();
        more.sort_unstable();
        for (_, n) in more {
            lines.push(lang.t_args(
                "bundle-refused-more",
                &[("count", (n - SHOWN_PER_REASON).into())],
            ));
        }
        lines
    }
}

/// Imports a bundle into `consultation` (the most recent one when None), idempotently: a
/// record already there (same unique id) is counted, not changed. The file is checked whole
/// (format, hashes, every record names something that exists) before anything is written;
/// then each record on its own: one that is not the laptop's own, out of bounds or clashing
/// with what is here is left out with why, and the rest goes in.
pub fn import(
    db: &Db,
    file: &Path,
    consultation: Option<i64>,
    now: i64,
) -> Result<ImportReport, BundleError> {
    let contents = read(file)?;
    db.write(|c| merge(c, &contents, consultation, now))
}

/// Every workshop a file's records name, looked up once: its row here, or why records may
/// not name it (another laptop's workshop).
struct Workshops<'a> {
    source: &'a str,
    known: HashMap<String, Result<i64, &'static str>>,
}

impl Workshops<'_> {
    fn id(&mut self, c: &Connection, uid: Option<&str>) -> Result<Option<i64>, BundleError> {
        let Some(uid) = uid else { return Ok(None) };
        if let Some(known) = self.known.get(uid) {
            return Ok(known.ok());
        }
        let found = match bundles::workshop_source(c, uid)? {
            Some((id, owner)) if owner == self.source => Ok(id),
            Some(_) => Err("bundle-refused-foreign-workshop"),
            None => return Err(BundleError::MissingReference(uid.to_string())),
        };
        self.known.insert(uid.to_string(), found);
        Ok(found.ok())
    }

    fn refusal(&self, uid: &str, workshop: Option<&str>) -> Option<Refusal> {
        let w = workshop?;
        match self.known.get(w) {
            Some(Err(reason)) => Some(Refusal::new(uid, reason, w)),
            _ => None,
        }
    }
}

fn merge(
    c: &Connection,
    contents: &Contents,
    consultation: Option<i64>,
    now: i64,
) -> Result<ImportReport, BundleError> {
    let Contents {
        manifest,
        file_hash,
        comments,
        supports,
        workshops,
        ..
    } = contents;
    // Fictional contributions never enter a real consultation's record.
    if manifest.training && crate::db::training::started(c)?.is_none() {
        return Err(BundleError::Training);
    }
    let consultation: i64 = match consultation {
        Some(id) => id,
        None => bundles::latest_consultation(c)?
            .ok_or_else(|| BundleError::Manifest("no consultation".into()))?,
    };
    let source = manifest.instance_id.as_str();
    references_resolve(c, contents)?;
    let bundle_id = bundles::record(c, manifest, file_hash, now)?;
    let mut report = ImportReport::default();
    let mut places = Workshops {
        source,
        known: HashMap::new(),
    };
    for w in workshops {
        merge_workshop(c, w, &mut places, (bundle_id, now), &mut report)?;
    }
    let to = (consultation, bundle_id, now);
    let left_out = merge_proposals(c, contents, &mut places, to, &mut report)?;
    let mut ctx = Placing {
        source,
        left_out: &left_out,
        places: &mut places,
        consultation,
        bundle_id,
    };
    for k in comments {
        let reaction = Reaction::of(
            Contribution::Comment,
            &k.uid,
            &k.instance_id,
            &k.proposal_uid,
        );
        let reaction = reaction.at(k.workshop_uid.as_deref(), k.check(now));
        let Some((pid, to)) = ctx.place(c, reaction, &mut report)? else {
            continue;
        };
        let taken = proposals::file_comment(c, pid, &k.filing(to), &k.instance_id)?;
        report.count(1, &taken);
    }
    for s in supports {
        let reaction = Reaction::of(
            Contribution::Support,
            &s.uid,
            &s.instance_id,
            &s.proposal_uid,
        );
        let reaction = reaction.at(s.workshop_uid.as_deref(), s.check(now));
        let Some((pid, to)) = ctx.place(c, reaction, &mut report)? else {
            continue;
        };
        let taken = proposals::file_support(c, pid, &s.filing(to), &s.instance_id)?;
        report.count(2, &taken);
    }
    let at = (consultation, bundle_id, now);
    for b in &contents.ballots {
        merge_ballot(c, b, ctx.places, at, &mut report)?;
    }
    for t in &contents.tallies {
        merge_tally(c, t, ctx.places, at, &mut report)?;
    }
    let (added, already) = (report.added.iter().sum(), report.already.iter().sum());
    bundles::set_counts(c, bundle_id, added, already)?;
    Ok(report)
}

/// One person's priorities from the file: filed once (by its uid), or refused.
fn merge_ballot(
    c: &Connection,
    b: &BallotRecord,
    places: &mut Workshops<'_>,
    (consultation_id, bundle_id, now): (i64, i64, i64),
    report: &mut ImportReport,
) -> Result<(), BundleError> {
    let refused = not_ours(&b.uid, &b.instance_id, places.source)
        .or_else(|| b.check(now).err())
        .or_else(|| places.refusal(&b.uid, b.workshop_uid.as_deref()));
    if let Some(r) = refused {
        report.refused.push(r);
        return Ok(());
    }
    let ballot = b.ballot();
    let f = crate::db::priorities::BallotFiling {
        uid: &b.uid,
        instance_id: &b.instance_id,
        consultation_id,
        channel: Channel::parse(&b.channel).unwrap_or(Channel::Other),
        workshop_id: places.id(c, b.workshop_uid.as_deref())?,
        ballot: &ballot,
        submission_key: None,
        device: None,
        bundle_id: Some(bundle_id),
        created_at: b.created_at,
    };
    match crate::db::priorities::file_ballot(c, &f)? {
        crate::db::priorities::Cast::New(_) => report.priorities[0] += 1,
        crate::db::priorities::Cast::Repeat(_) => report.priorities[1] += 1,
    }
    Ok(())
}

/// A workshop's count from the file: the same count again changes nothing.
fn merge_tally(
    c: &Connection,
    t: &TallyRecord,
    places: &mut Workshops<'_>,
    (consultation_id, bundle_id, now): (i64, i64, i64),
    report: &mut ImportReport,
) -> Result<(), BundleError> {
    let refused = not_ours(&t.uid, &t.instance_id, places.source)
        .or_else(|| t.check(now).err())
        .or_else(|| places.refusal(&t.uid, Some(&t.workshop_uid)));
    let workshop = places.id(c, Some(&t.workshop_uid))?;
    let (Ok(tally), None, Some(workshop_id)) = (t.tally(), refused.clone(), workshop) else {
        let r = refused
            .unwrap_or_else(|| Refusal::new(&t.uid, "bundle-refused-tally", t.people.to_string()));
        report.refused.push(r);
        return Ok(());
    };
    let at = (consultation_id, workshop_id, bundle_id);
    if crate::db::priorities::import_tally(c, t, &tally, at)? {
        report.priorities[2] += 1
    } else {
        report.priorities[3] += 1
    }
    Ok(())
}

/// Every proposal and workshop a record of the file names is in the file or in the
/// database: checked before anything is written.
fn references_resolve(c: &Connection, contents: &Contents) -> Result<(), BundleError> {
    let Contents {
        proposals,
        comments,
        supports,
        workshops,
        ballots,
        tallies,
        ..
    } = contents;
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
    let named: BTreeSet<&str> = proposals
        .iter()
        .filter_map(|p| p.workshop_uid.as_deref())
        .chain(comments.iter().filter_map(|k| k.workshop_uid.as_deref()))
        .chain(supports.iter().filter_map(|s| s.workshop_uid.as_deref()))
        .chain(ballots.iter().filter_map(|b| b.workshop_uid.as_deref()))
        .chain(tallies.iter().map(|t| t.workshop_uid.as_str()))
        .collect();
    for &r in &named {
        if !workshops_in_bundle.contains(r) && bundles::workshop_id(c, r)?.is_none() {
            return Err(BundleError::MissingReference(r.to_string()));
        }
    }
    Ok(())
}

/// A record made on another laptop than the file's: refused (a file brings only what its
/// own laptop recorded).
fn not_ours(uid: &str, instance: &str, source: &str) -> Option<Refusal> {
    (instance != source).then(|| Refusal::new(uid, "bundle-refused-source", instance))
}

/// One workshop of the file (`at`: the bundle's id and the time): added, already there, or
/// refused with what the file recorded there.
fn merge_workshop(
    c: &Connection,
    w: &WorkshopRecord,
    places: &mut Workshops<'_>,
    (bundle_id, now): (i64, i64),
    report: &mut ImportReport,
) -> Result<(), BundleError> {
    let foreign = match bundles::workshop_source(c, &w.uid)? {
        Some((_, owner)) if owner != places.source => Some(Refusal::new(
            &w.uid,
            "bundle-refused-foreign-workshop",
            &w.uid,
        )),
        _ => None,
    };
    let refused = not_ours(&w.uid, &w.instance_id, places.source)
        .or_else(|| w.check(now).err())
        .or(foreign);
    if let Some(r) = refused {
        // What the file recorded there goes with it.
        let why = if r.reason == "bundle-refused-foreign-workshop" {
            r.reason
        } else {
            "bundle-refused-workshop-parent"
        };
        places.known.insert(w.uid.clone(), Err(why));
        report.refused.push(r);
        return Ok(());
    }
    // An attendance dated ahead of this site's clock would freeze it against every later
    // count: the workshop comes, its attendance does not.
    let attendance = match (Attendance::from_text(&w.attendance), w.attendance_at) {
        (Some(_), Some(at)) if at > now + FUTURE_SLACK => {
            report.refused.push(Refusal::new(
                &w.uid,
                "bundle-refused-attendance",
                at.to_string(),
            ));
            (String::new(), None)
        }
        (Some(a), at) => (a.to_text(), at),
        (None, _) => (String::new(), None),
    };
    if bundles::add_workshop(c, w, (&attendance.0, attendance.1), bundle_id)? {
        report.added[3] += 1
    } else {
        report.already[3] += 1
    }
    Ok(())
}

/// The file's proposals, each filed or refused; returns the uids left out (their comments
/// and supports go with them). `to`: the consultation, the bundle's id and the time.
fn merge_proposals<'a>(
    c: &Connection,
    contents: &'a Contents,
    places: &mut Workshops<'_>,
    (consultation, bundle_id, now): (i64, i64, i64),
    report: &mut ImportReport,
) -> Result<HashSet<&'a str>, BundleError> {
    let manifest = &contents.manifest;
    let source = manifest.instance_id.as_str();
    let own = proposals::reference_code(c)?;
    let mut left_out: HashSet<&str> = HashSet::new();
    let mut tokens: HashSet<&str> = HashSet::new();
    for p in &contents.proposals {
        let workshop = places.id(c, p.workshop_uid.as_deref())?;
        let refused = not_ours(&p.uid, &p.instance_id, source)
            .or_else(|| p.check(now).err())
            .or_else(|| places.refusal(&p.uid, p.workshop_uid.as_deref()));
        let refused = match refused {
            Some(r) => Some(r),
            None => token_clash(c, p, &mut tokens)?,
        };
        if let Some(r) = refused.or_else(|| code_not_listed(manifest, p)) {
            report.refused.push(r);
            left_out.insert(p.uid.as_str());
            continue;
        }
        let given = p.reference.as_deref().and_then(Reference::parse);
        let (here, moved) = match &given {
            Some(g) => filed_as(c, g, &own, source, now)?,
            None => (None, None),
        };
        let to = Filing {
            consultation_id: consultation,
            workshop_id: workshop,
            bundle_id,
            reference: here.as_ref(),
            given: given.as_ref(),
        };
        let filed = proposals::file_proposal(c, &p.filing(to), &p.instance_id)?;
        if !report.count_proposal(p, filed, moved, here.as_ref()) {
            left_out.insert(p.uid.as_str());
        }
    }
    Ok(left_out)
}

/// The reference a proposal of `source` given as `g` is filed under here, and where it moved
/// when that is not `g` (another laptop holds its code); the codes are registered to
/// `source` as they are first met.
fn filed_as(
    c: &Connection,
    g: &Reference,
    own: &RefCode,
    source: &str,
    now: i64,
) -> Result<(Option<Reference>, Option<Moved>), BundleError> {
    let holder = bundles::holder(c, g.code(), own)?;
    let (here, moved) = arriving(g, source, &holder);
    if holder == Holder::Nobody {
        bundles::register_code(c, g.code(), source, now)?;
    }
    if moved.is_some() {
        bundles::register_code(c, here.code(), source, now)?;
    }
    Ok((Some(here), moved))
}

/// A comment or a support of a file, as the merge screens it.
struct Reaction<'a> {
    kind: Contribution,
    uid: &'a str,
    instance_id: &'a str,
    proposal_uid: &'a str,
    workshop_uid: Option<&'a str>,
    /// Its fields, checked (`domain::bundle`).
    checked: Result<(), Refusal>,
}

impl<'a> Reaction<'a> {
    fn of(kind: Contribution, uid: &'a str, instance_id: &'a str, proposal_uid: &'a str) -> Self {
        Reaction {
            kind,
            uid,
            instance_id,
            proposal_uid,
            workshop_uid: None,
            checked: Ok(()),
        }
    }

    fn at(self, workshop_uid: Option<&'a str>, checked: Result<(), Refusal>) -> Self {
        Reaction {
            workshop_uid,
            checked,
            ..self
        }
    }
}

/// What the merge knows when it places comments and supports.
struct Placing<'a, 'b> {
    source: &'a str,
    left_out: &'a HashSet<&'b str>,
    places: &'a mut Workshops<'b>,
    consultation: i64,
    bundle_id: i64,
}

impl Placing<'_, '_> {
    /// The proposal a comment or support goes to, and where it is filed; None when it is
    /// here already (counted) or left out (said why).
    fn place(
        &mut self,
        c: &Connection,
        r: Reaction<'_>,
        report: &mut ImportReport,
    ) -> Result<Option<(i64, Filing<'static>)>, BundleError> {
        let slot = match r.kind {
            Contribution::Comment => 1,
            Contribution::Support => 2,
        };
        if bundles::has(c, r.kind, r.uid)? {
            report.already[slot] += 1;
            return Ok(None);
        }
        let workshop = self.places.id(c, r.workshop_uid)?;
        let target = on_own_proposal(c, r.uid, r.proposal_uid, self.source, self.left_out)?;
        let refused = (r.instance_id != self.source)
            .then(|| Refusal::new(r.uid, "bundle-refused-source", r.instance_id))
            .or(r.checked.err())
            .or_else(|| self.places.refusal(r.uid, r.workshop_uid));
        match (refused, target) {
            (Some(why), _) | (None, Err(why)) => {
                report.refused.push(why);
                Ok(None)
            }
            (None, Ok(pid)) => Ok(Some((
                pid,
                Filing {
                    consultation_id: self.consultation,
                    workshop_id: workshop,
                    bundle_id: self.bundle_id,
                    reference: None,
                    given: None,
                },
            ))),
        }
    }
}

/// The proposal a comment or support of the file goes to: one the same laptop recorded (a
/// file cannot add supports to another laptop's or the national site's proposals), and not
/// one left out of this import.
fn on_own_proposal(
    c: &Connection,
    uid: &str,
    proposal_uid: &str,
    source: &str,
    left_out: &HashSet<&str>,
) -> Result<Result<i64, Refusal>, BundleError> {
    if left_out.contains(proposal_uid) {
        return Ok(Err(Refusal::new(
            uid,
            "bundle-refused-parent",
            proposal_uid,
        )));
    }
    match bundles::proposal_source(c, proposal_uid)? {
        Some((pid, owner)) if owner == source => Ok(Ok(pid)),
        Some(_) => Ok(Err(Refusal::new(
            uid,
            "bundle-refused-foreign",
            proposal_uid,
        ))),
        None => Err(BundleError::MissingReference(proposal_uid.to_string())),
    }
}

/// A follow-up link's hash is one proposal's: another proposal of this site, or of this
/// file, already holding it means one of the two is not what it says.
fn token_clash<'a>(
    c: &Connection,
    p: &'a ProposalRecord,
    seen: &mut HashSet<&'a str>,
) -> Result<Option<Refusal>, BundleError> {
    let hash = crate::domain::bundle::unhex(&p.follow_token_hash).unwrap_or_default();
    let clash = match bundles::follow_token_owner(c, &hash)? {
        Some(owner) => owner != p.uid,
        None => !seen.insert(p.follow_token_hash.as_str()),
    };
    Ok(clash.then(|| Refusal::new(&p.uid, "bundle-refused-token", "")))
}

/// A file of format 4 lists the codes its laptop handed out: a reference under another code
/// is not this laptop's.
fn code_not_listed(manifest: &Manifest, p: &ProposalRecord) -> Option<Refusal> {
    let code = p.reference.as_deref()?.rsplit_once('-')?.0;
    (manifest.version >= 4 && !manifest.reference_codes.iter().any(|c| c == code)).then(|| {
        Refusal::new(
            &p.uid,
            "bundle-refused-code",
            p.reference.clone().unwrap_or_default(),
        )
    })
}
