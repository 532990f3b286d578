//! Reading a bundle: every file's size and hash checked, every line read, before anything
//! is written. Each record's fields are checked at the merge, record by record
//! (`domain::bundle`).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::BundleError;
use crate::domain::bundle::{
    BallotRecord, CommentRecord, FORMAT, Manifest, ProposalRecord, SupportRecord, TallyRecord,
    VERSION, WorkshopRecord,
};

pub(super) const FILES: [&str; 6] = [
    "proposals.jsonl",
    "comments.jsonl",
    "supports.jsonl",
    "workshops.jsonl",
    "priority_ballots.jsonl",
    "priority_tallies.jsonl",
];
/// No file of a bundle may unpack to more than this (a zip bomb is refused, not unpacked).
const MAX_FILE: u64 = 64 * 1024 * 1024;

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

/// A bundle read and checked, ready to merge.
pub struct Contents {
    pub manifest: Manifest,
    /// SHA-256 of the whole file: the bundle's identity.
    pub file_hash: String,
    pub proposals: Vec<ProposalRecord>,
    pub comments: Vec<CommentRecord>,
    pub supports: Vec<SupportRecord>,
    pub workshops: Vec<WorkshopRecord>,
    pub ballots: Vec<BallotRecord>,
    pub tallies: Vec<TallyRecord>,
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
    // Version 1 had no workshops, versions before 5 no priorities.
    let files = match manifest.version {
        1 => &FILES[..3],
        2..=4 => &FILES[..4],
        _ => &FILES[..],
    };
    for name in &FILES[3..] {
        data.insert(*name, Vec::new());
    }
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
    let ballots: Vec<BallotRecord> =
        parse_lines("priority_ballots.jsonl", &data["priority_ballots.jsonl"])?;
    let tallies: Vec<TallyRecord> =
        parse_lines("priority_tallies.jsonl", &data["priority_tallies.jsonl"])?;
    Ok(Contents {
        manifest,
        file_hash: bytes_hash,
        proposals,
        comments,
        supports,
        workshops,
        ballots,
        tallies,
    })
}
