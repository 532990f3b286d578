//! The workshop bundle's format: its manifest and one record type per kind of
//! contribution, as written in the file's JSON lines. Records keep their globally unique ids
//! (`uid`), so merging is idempotent.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "palabre-bundle";
/// Version 2 added workshops and paper forms, version 3 each proposal's reference (kept as
/// is by the importing site); versions 1 and 2 are still read.
pub const VERSION: u32 = 3;

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
    /// Made by a training instance (`palabre demo`): fictional, refused by a real site.
    /// Absent from files made before it was written: those are real.
    #[serde(default)]
    pub training: bool,
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
    /// Attendance by category and sex (`domain::workshop::Attendance`'s text); absent
    /// before it was kept.
    #[serde(default)]
    pub attendance: String,
    #[serde(default)]
    pub attendance_at: Option<i64>,
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
    /// The device mark of the phone or computer it came from (never the cookie itself).
    #[serde(default)]
    pub device: Option<String>,
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
    #[serde(default)]
    pub device: Option<String>,
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
    #[serde(default)]
    pub device: Option<String>,
}

/// A device mark as the database keeps it (16 lowercase hex digits), or none: a bundle
/// written by hand or damaged cannot put anything else in the column.
pub fn device_mark(d: Option<&str>) -> Option<String> {
    d.filter(|d| {
        d.len() == 16
            && d.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
    .map(str::to_string)
}

/// Everything a bundle carries, in the order it is written.
#[derive(Debug, Default)]
pub struct Records {
    pub proposals: Vec<ProposalRecord>,
    pub comments: Vec<CommentRecord>,
    pub supports: Vec<SupportRecord>,
    pub workshops: Vec<WorkshopRecord>,
}
