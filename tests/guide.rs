//! The guide's pictures: every picture a chapter shows is one the screenshot script makes
//! (`guide/screens-*.tsv` says what each shows, `browser::the_guide_pictures_come_from_the_program`
//! makes them), is committed, is the file the script wrote for the row as it stands, and is light
//! enough for a phone on a slow link.
//!
//! `guide/images/made.tsv` is the script's record: `NAME  ROW-HASH  PNG-SHA256`. A row changed
//! since (another page, size or account) or a picture edited by hand is stale.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The heaviest a picture may be.
const MAX_BYTES: u64 = 80 * 1024;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The rows of `guide/screens-*.tsv`: name → the row's text.
fn rows() -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("guide"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("screens-") && n.ends_with(".tsv"))
        })
        .collect();
    files.sort();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let name = line.split('\t').next().unwrap().to_string();
            assert!(
                rows.insert(name.clone(), line.to_string()).is_none(),
                "{name} is listed twice"
            );
        }
    }
    rows
}

/// The hash the script records for a row: what to show, at what size, as whom.
fn row_hash(row: &str) -> String {
    hex(&Sha256::digest(row.as_bytes()))[..16].to_string()
}

/// Every `images/NAME.png` a chapter shows, with where.
fn pictures_used() -> BTreeMap<String, Vec<String>> {
    let re = regex::Regex::new(r"!\[[^\]]*\]\(images/([a-z0-9-]+)\.png\)").unwrap();
    let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for lang in ["fr", "en"] {
        for e in std::fs::read_dir(root().join("guide").join(lang)).unwrap() {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for c in re.captures_iter(&text) {
                used.entry(c[1].to_string())
                    .or_default()
                    .push(path.display().to_string());
            }
        }
    }
    used
}

fn png_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 24 || &data[..8] != b"\x89PNG\r\n\x1a\n" || &data[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
    Some((w, h))
}

#[test]
fn every_picture_of_the_guide_is_made_by_the_script() {
    let rows = rows();
    let used = pictures_used();
    assert!(!used.is_empty(), "the guide shows no picture");
    let made: BTreeMap<String, (String, String)> =
        std::fs::read_to_string(root().join("guide/images/made.tsv"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[0].to_string(), (f[1].to_string(), f[2].to_string()))
            })
            .collect();
    let mut problems = Vec::new();
    for (name, places) in &used {
        let Some(row) = rows.get(name) else {
            problems.push(format!(
                "{name}: shown in {places:?} but no screens-*.tsv row makes it"
            ));
            continue;
        };
        let file = root().join("guide/images").join(format!("{name}.png"));
        let Ok(data) = std::fs::read(&file) else {
            problems.push(format!(
                "{name}: missing (run the script: see README, \"Guide pictures\")"
            ));
            continue;
        };
        match made.get(name) {
            None => problems.push(format!("{name}: not made by the script")),
            Some((hash, sha)) => {
                if *hash != row_hash(row) {
                    problems.push(format!("{name}: stale, its row changed since it was made"));
                }
                if *sha != hex(&Sha256::digest(&data)) {
                    problems.push(format!("{name}: changed since the script made it"));
                }
            }
        }
        if data.len() as u64 > MAX_BYTES {
            problems.push(format!(
                "{name}: {} KB (at most {} KB)",
                data.len() / 1024,
                MAX_BYTES / 1024
            ));
        }
        let f: Vec<&str> = row.split('\t').collect();
        let want = (
            f[1].parse::<u32>().unwrap_or(0),
            f[2].parse::<u32>().unwrap_or(0),
        );
        match png_size(&data) {
            Some(got) if got == want => {}
            got => problems.push(format!("{name}: {got:?}, its row says {want:?}")),
        }
    }
    // Nothing made that no chapter shows, nothing in the folder the script did not make.
    for name in rows.keys() {
        if !used.contains_key(name) {
            problems.push(format!("{name}: listed but no chapter shows it"));
        }
    }
    let files: BTreeSet<String> = std::fs::read_dir(root().join("guide/images"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.ends_with(".png"))
                .collect()
        })
        .unwrap_or_default();
    for f in files {
        let name = f.trim_end_matches(".png");
        if !made.contains_key(name) {
            problems.push(format!("guide/images/{f}: not made by the script"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Both languages show the same pictures, in the same order (the French interface on both:
/// the pictures are shared).
#[test]
fn both_languages_show_the_same_pictures() {
    let re = regex::Regex::new(r"!\[[^\]]*\]\(images/([a-z0-9-]+)\.png\)").unwrap();
    for e in std::fs::read_dir(root().join("guide/fr")).unwrap() {
        let fr = e.unwrap().path();
        let en = root().join("guide/en").join(fr.file_name().unwrap());
        let names = |p: &Path| -> Vec<String> {
            re.captures_iter(&std::fs::read_to_string(p).unwrap())
                .map(|c| c[1].to_string())
                .collect()
        };
        assert!(en.exists(), "{} has no English version", fr.display());
        assert_eq!(names(&fr), names(&en), "{}", fr.display());
    }
}
