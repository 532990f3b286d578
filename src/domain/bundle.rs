//! The workshop bundle's format: its manifest and one record type per kind of
//! contribution, as written in the file's JSON lines. Records keep their globally unique ids
//! (`uid`), so merging is idempotent.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::contribution::{
    Channel, CommentFiling, ModerationMode, PaperForm, ProposalFiling, Recorded, SupportFiling,
    initial_moderation,
};
use crate::domain::proposal::NewProposal;
use crate::domain::proposal::{
    BENEFIT_MAX, COMMENT_MAX, CONTACT_MAX, NAME_MAX, TEXT_MAX, TITLE_MAX,
};
use crate::domain::reference::Reference;

pub const FORMAT: &str = "palabre-bundle";
/// Version 2 added workshops and paper forms, version 3 each proposal's reference (kept as
/// is by the importing site), version 4 the laptop's reference codes in the manifest;
/// versions 1 to 3 are still read.
pub const VERSION: u32 = 5;

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
    /// The laptop's reference code when it wrote the file (version 4).
    #[serde(default)]
    pub reference_code: Option<String>,
    /// Every code its references carry (it may have changed code once): a record with
    /// another is not this laptop's (version 4; empty before).
    #[serde(default)]
    pub reference_codes: Vec<String>,
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

/// Where a record of a bundle goes on the site that imports it.
#[derive(Debug, Clone, Copy)]
pub struct Filing<'a> {
    pub consultation_id: i64,
    pub workshop_id: Option<i64>,
    pub bundle_id: i64,
    /// The reference to file a proposal under and the one its receipt shows, if they differ.
    pub reference: Option<&'a Reference>,
    pub given: Option<&'a Reference>,
}

impl Filing<'_> {
    fn recorded(&self, instance_id: &str) -> Recorded {
        Recorded::Elsewhere {
            instance_id: instance_id.to_string(),
            reference: self.reference.cloned(),
            given: self.given.cloned(),
            bundle_id: self.bundle_id,
        }
    }
}

impl ProposalRecord {
    /// The proposal as the importing site files it: waiting for its moderation, with the
    /// follow-up link its author holds.
    pub fn filing(&self, to: Filing<'_>) -> ProposalFiling {
        ProposalFiling {
            uid: self.uid.clone(),
            proposal: NewProposal {
                title: self.title.clone(),
                problem: self.problem.clone(),
                solution: self.solution.clone(),
                benefit: self.benefit.clone(),
                theme: self.theme.clone(),
                zone: self.zone.clone(),
                contributor_type: self.contributor_type.clone(),
                ogp_values: self
                    .ogp_values
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect(),
                author_name: self.author_name.clone(),
                organisation: self.organisation.clone(),
                contact: self.contact.clone(),
                language: self.language.clone(),
            },
            consultation_id: to.consultation_id,
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Other),
            workshop_id: to.workshop_id,
            paper: self.paper_number.as_ref().map(|n| PaperForm {
                number: n.clone(),
                entered_by: self.entered_by.clone().unwrap_or_default(),
            }),
            recorded: to.recorded(&self.instance_id),
            follow_token_hash: unhex(&self.follow_token_hash).unwrap_or_default(),
            submission: None,
            moderation: initial_moderation(ModerationMode::default(), true),
            device: device_mark(self.device.as_deref()),
            created_at: self.created_at,
        }
    }
}

impl CommentRecord {
    pub fn filing(&self, to: Filing<'_>) -> CommentFiling {
        CommentFiling {
            uid: self.uid.clone(),
            body: self.body.clone(),
            author_name: self.author_name.clone(),
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Other),
            workshop_id: to.workshop_id,
            recorded: to.recorded(&self.instance_id),
            submission: None,
            moderation: initial_moderation(ModerationMode::default(), true),
            device: device_mark(self.device.as_deref()),
            created_at: self.created_at,
        }
    }
}

impl SupportRecord {
    pub fn filing(&self, to: Filing<'_>) -> SupportFiling {
        SupportFiling {
            uid: self.uid.clone(),
            participant: self.participant.clone(),
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Other),
            workshop_id: to.workshop_id,
            recorded: to.recorded(&self.instance_id),
            device: device_mark(self.device.as_deref()),
            created_at: self.created_at,
        }
    }
}

/// A person's priority themes (format 5).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BallotRecord {
    pub uid: String,
    pub instance_id: String,
    pub channel: String,
    #[serde(default)]
    pub workshop_uid: Option<String>,
    #[serde(default)]
    pub zone: String,
    #[serde(default)]
    pub contributor_type: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub age_band: String,
    pub themes: Vec<String>,
    pub created_at: i64,
}

/// A workshop's count of paper ballots or of a show of hands (format 5).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TallyRecord {
    pub uid: String,
    pub instance_id: String,
    pub workshop_uid: String,
    pub channel: String,
    pub people: u64,
    pub counts: Vec<(String, u64)>,
    #[serde(default)]
    pub entered_by: String,
    pub updated_at: i64,
}

/// Everything a bundle carries, in the order it is written.
#[derive(Debug, Default)]
pub struct Records {
    pub proposals: Vec<ProposalRecord>,
    pub comments: Vec<CommentRecord>,
    pub supports: Vec<SupportRecord>,
    pub workshops: Vec<WorkshopRecord>,
    pub ballots: Vec<BallotRecord>,
    pub tallies: Vec<TallyRecord>,
}

/// A record of a bundle left out at import, with why: a message id (`bundle-refused-*`),
/// the label of the field at fault if one is (a message id), and what the message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub uid: String,
    pub reason: &'static str,
    pub field: Option<&'static str>,
    pub detail: String,
}

impl Refusal {
    pub fn new(uid: &str, reason: &'static str, detail: impl Into<String>) -> Refusal {
        Refusal {
            uid: uid.chars().take(UID_MAX).collect(),
            reason,
            field: None,
            detail: detail.into(),
        }
    }
}

/// How far ahead of this site's clock a record's time may be (a laptop's clock a little
/// fast); further is a wrong clock or a forged file, and would freeze an attendance.
pub const FUTURE_SLACK: i64 = 86_400;
/// Unique ids, instance ids, participants: what Palabre writes is 36 to 64 signs.
pub const UID_MAX: usize = 64;
const CODE_MAX: usize = 64;
const ATTENDANCE_MAX: usize = 4_000;

/// A text field bounded as the web form bounds it: required or not, at most `max` signs, no
/// control character but line breaks and tabs.
fn text(
    uid: &str,
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<(), Refusal> {
    let n = value.chars().count();
    let controls = value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if (required && value.trim().is_empty()) || n > max || controls {
        return Err(Refusal {
            field: Some(field),
            ..Refusal::new(uid, "bundle-refused-field", n.to_string())
        });
    }
    Ok(())
}

fn optional(
    uid: &str,
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<(), Refusal> {
    text(uid, field, value.unwrap_or_default(), max, false)
}

fn id(uid: &str, field: &'static str, value: &str) -> Result<(), Refusal> {
    text(uid, field, value, UID_MAX, true)
}

fn channel(uid: &str, value: &str) -> Result<(), Refusal> {
    match Channel::parse(value) {
        Some(_) => Ok(()),
        None => Err(Refusal {
            field: Some("bundle-field-channel"),
            ..Refusal::new(
                uid,
                "bundle-refused-unknown",
                value.chars().take(40).collect::<String>(),
            )
        }),
    }
}

fn zone(uid: &str, value: &str) -> Result<(), Refusal> {
    match crate::domain::seed::zone(value) {
        Some(_) => Ok(()),
        None => Err(Refusal {
            field: Some("bundle-field-zone"),
            ..Refusal::new(
                uid,
                "bundle-refused-unknown",
                value.chars().take(40).collect::<String>(),
            )
        }),
    }
}

/// Not before 1970, not ahead of this site's clock by more than `FUTURE_SLACK`.
fn time(uid: &str, at: i64, now: i64) -> Result<(), Refusal> {
    if !(0..=now + FUTURE_SLACK).contains(&at) {
        return Err(Refusal::new(uid, "bundle-refused-time", at.to_string()));
    }
    Ok(())
}

/// Bytes from lowercase or uppercase hex; None if not hex.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl ProposalRecord {
    /// Every field bounded as the web form bounds it; the follow-up link's hash a real one.
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        let u = self.uid.as_str();
        id(u, "bundle-field-uid", &self.uid)?;
        id(u, "bundle-field-instance", &self.instance_id)?;
        text(u, "bundle-field-title", &self.title, TITLE_MAX, true)?;
        text(u, "bundle-field-problem", &self.problem, TEXT_MAX, false)?;
        text(u, "bundle-field-solution", &self.solution, TEXT_MAX, false)?;
        text(u, "bundle-field-benefit", &self.benefit, BENEFIT_MAX, false)?;
        text(u, "bundle-field-theme", &self.theme, CODE_MAX, true)?;
        text(
            u,
            "bundle-field-type",
            &self.contributor_type,
            CODE_MAX,
            false,
        )?;
        text(
            u,
            "bundle-field-values",
            &self.ogp_values,
            4 * CODE_MAX,
            false,
        )?;
        text(u, "bundle-field-author", &self.author_name, NAME_MAX, false)?;
        text(
            u,
            "bundle-field-organisation",
            &self.organisation,
            NAME_MAX,
            false,
        )?;
        optional(
            u,
            "bundle-field-contact",
            self.contact.as_deref(),
            CONTACT_MAX,
        )?;
        text(u, "bundle-field-language", &self.language, 16, false)?;
        optional(
            u,
            "bundle-field-workshop",
            self.workshop_uid.as_deref(),
            UID_MAX,
        )?;
        optional(
            u,
            "bundle-field-entered-by",
            self.entered_by.as_deref(),
            NAME_MAX,
        )?;
        channel(u, &self.channel)?;
        zone(u, &self.zone)?;
        time(u, self.created_at, now)?;
        if unhex(&self.follow_token_hash).is_none_or(|h| h.len() != 32) {
            return Err(Refusal {
                field: Some("bundle-field-token"),
                ..Refusal::new(
                    u,
                    "bundle-refused-field",
                    self.follow_token_hash.len().to_string(),
                )
            });
        }
        if let Some(n) = &self.paper_number
            && crate::domain::workshop::parse_paper_number(n).as_deref() != Ok(n.as_str())
        {
            return Err(Refusal {
                field: Some("bundle-field-paper"),
                ..Refusal::new(
                    u,
                    "bundle-refused-unknown",
                    n.chars().take(40).collect::<String>(),
                )
            });
        }
        if let Some(r) = &self.reference
            && Reference::parse(r).map(|x| x.to_string()).as_deref() != Some(r.as_str())
        {
            return Err(Refusal {
                field: Some("bundle-field-reference"),
                ..Refusal::new(
                    u,
                    "bundle-refused-unknown",
                    r.chars().take(40).collect::<String>(),
                )
            });
        }
        Ok(())
    }
}

impl CommentRecord {
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        let u = self.uid.as_str();
        id(u, "bundle-field-uid", &self.uid)?;
        id(u, "bundle-field-instance", &self.instance_id)?;
        id(u, "bundle-field-proposal", &self.proposal_uid)?;
        text(u, "bundle-field-body", &self.body, COMMENT_MAX, true)?;
        text(u, "bundle-field-author", &self.author_name, NAME_MAX, false)?;
        optional(
            u,
            "bundle-field-workshop",
            self.workshop_uid.as_deref(),
            UID_MAX,
        )?;
        channel(u, &self.channel)?;
        time(u, self.created_at, now)
    }
}

impl SupportRecord {
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        let u = self.uid.as_str();
        id(u, "bundle-field-uid", &self.uid)?;
        id(u, "bundle-field-instance", &self.instance_id)?;
        id(u, "bundle-field-proposal", &self.proposal_uid)?;
        id(u, "bundle-field-participant", &self.participant)?;
        optional(
            u,
            "bundle-field-workshop",
            self.workshop_uid.as_deref(),
            UID_MAX,
        )?;
        channel(u, &self.channel)?;
        time(u, self.created_at, now)
    }
}

impl BallotRecord {
    /// Checked like the priority form: one to five themes of at most 64 signs, the profile
    /// from its lists, a channel of a person's own form.
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        let u = self.uid.as_str();
        id(u, "bundle-field-uid", &self.uid)?;
        id(u, "bundle-field-instance", &self.instance_id)?;
        optional(
            u,
            "bundle-field-workshop",
            self.workshop_uid.as_deref(),
            UID_MAX,
        )?;
        if self.themes.is_empty() || self.themes.len() > 5 {
            let n = self.themes.len().to_string();
            return Err(Refusal {
                field: Some("bundle-field-theme"),
                ..Refusal::new(u, "bundle-refused-field", n)
            });
        }
        for t in &self.themes {
            text(u, "bundle-field-theme", t, CODE_MAX, true)?;
        }
        let form = crate::domain::priority::PriorityForm {
            themes: self.themes.clone(),
            zone: self.zone.clone(),
            contributor_type: self.contributor_type.clone(),
            sex: self.sex.clone(),
            age_band: self.age_band.clone(),
            ..Default::default()
        };
        let offered: Vec<&str> = self.themes.iter().map(String::as_str).collect();
        if let Err(errors) = form.parse(&offered, 5)
            && let Some((field, _)) = errors.first()
        {
            let (label, value) = match *field {
                "zone" => ("bundle-field-zone", &self.zone),
                "contributor_type" => ("bundle-field-type", &self.contributor_type),
                "sex" => ("bundle-field-sex", &self.sex),
                "age_band" => ("bundle-field-age", &self.age_band),
                _ => ("bundle-field-theme", &self.themes[0]),
            };
            return Err(Refusal {
                field: Some(label),
                ..Refusal::new(
                    u,
                    "bundle-refused-unknown",
                    value.chars().take(40).collect::<String>(),
                )
            });
        }
        match Channel::parse(&self.channel) {
            Some(Channel::Online | Channel::Workshop | Channel::Kiosk) => {}
            _ => channel(u, "")?,
        }
        time(u, self.created_at, now)
    }

    /// The checked choice.
    pub fn ballot(&self) -> crate::domain::priority::Ballot {
        crate::domain::priority::Ballot {
            themes: self.themes.clone(),
            profile: crate::domain::priority::Profile {
                zone: self.zone.clone(),
                contributor_type: self.contributor_type.clone(),
                sex: self.sex.clone(),
                age_band: self.age_band.clone(),
            },
        }
    }
}

impl TallyRecord {
    /// Checked like the count typed in a workshop: paper or hands, a number of people, no
    /// theme over the people.
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        let u = self.uid.as_str();
        id(u, "bundle-field-uid", &self.uid)?;
        id(u, "bundle-field-instance", &self.instance_id)?;
        id(u, "bundle-field-workshop", &self.workshop_uid)?;
        text(u, "bundle-field-author", &self.entered_by, UID_MAX, false)?;
        self.tally()
            .map_err(|_| Refusal::new(u, "bundle-refused-tally", self.people.to_string()))?;
        time(u, self.updated_at, now)
    }

    /// The count, checked.
    pub fn tally(&self) -> Result<crate::domain::priority::Tally, FieldErrorsOf> {
        let mut pairs = vec![
            ("channel".to_string(), self.channel.clone()),
            ("people".to_string(), self.people.to_string()),
        ];
        let mut offered = Vec::new();
        for (t, n) in &self.counts {
            if t.is_empty() || t.chars().count() > CODE_MAX || offered.contains(&t.as_str()) {
                return Err(vec![("counts", "priority-tally-error-count")]);
            }
            offered.push(t.as_str());
            pairs.push((format!("t_{t}"), n.to_string()));
        }
        crate::domain::priority::parse_tally(&pairs, &offered, 5)
    }
}

/// What is wrong with a record's fields, by field.
pub type FieldErrorsOf = crate::domain::setup::FieldErrors;

impl WorkshopRecord {
    /// Bounded like the workshop form.
    pub fn check(&self, now: i64) -> Result<(), Refusal> {
        use crate::domain::workshop::{FACILITATORS_MAX, NAME_MAX, PLACE_MAX};
        let u = self.uid.as_str();
        id(u, "bundle-field-uid", &self.uid)?;
        id(u, "bundle-field-instance", &self.instance_id)?;
        text(u, "bundle-field-workshop-name", &self.name, NAME_MAX, true)?;
        text(u, "bundle-field-place", &self.place, PLACE_MAX, false)?;
        text(
            u,
            "bundle-field-facilitators",
            &self.facilitators,
            FACILITATORS_MAX,
            false,
        )?;
        text(
            u,
            "bundle-field-attendance",
            &self.attendance,
            ATTENDANCE_MAX,
            false,
        )?;
        zone(u, &self.zone)?;
        if crate::domain::document::parse_date(&self.held_on).as_deref()
            != Some(self.held_on.as_str())
        {
            return Err(Refusal {
                field: Some("bundle-field-held-on"),
                ..Refusal::new(
                    u,
                    "bundle-refused-unknown",
                    self.held_on.chars().take(40).collect::<String>(),
                )
            });
        }
        // An attendance dated ahead is left out at the merge, the workshop kept.
        time(u, self.created_at, now)
    }
}
