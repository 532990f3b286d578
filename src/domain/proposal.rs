//! A citizen's proposal: the raw form (field names of the interface contract), its rules, and
//! the statuses it goes through.

use serde::Deserialize;

use super::seed;
use super::setup::FieldErrors;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 5000;
pub const BENEFIT_MAX: usize = 3000;
pub const NAME_MAX: usize = 120;
pub const CONTACT_MAX: usize = 200;
pub const COMMENT_MAX: usize = 3000;

/// The form as posted. `ogp_values` repeats; serde_html_form collects it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    pub consultation: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub solution: String,
    #[serde(default)]
    pub benefit: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub zone: String,
    #[serde(default)]
    pub contributor_type: String,
    #[serde(default)]
    pub ogp_values: Vec<String>,
    #[serde(default)]
    pub author_name: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub consent_contact: String,
    #[serde(default)]
    pub language: String,
    /// Honeypot: people never see it, robots fill it.
    #[serde(default)]
    pub website: String,
    /// Signed time the form was shown (anti-robot minimum fill time).
    #[serde(default)]
    pub form_ts: String,
    /// One-time id of this form: posting it again files nothing new.
    #[serde(default)]
    pub submission: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProposal {
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub benefit: String,
    pub theme: String,
    pub zone: String,
    pub contributor_type: String,
    pub ogp_values: Vec<String>,
    pub author_name: String,
    pub organisation: String,
    /// Only with the separate consent ticked.
    pub contact: Option<String>,
    pub language: String,
}

/// Collapses runs of spaces inside lines and trims; keeps paragraphs.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .chars()
        .filter(|c| (!c.is_control() || *c == '\n') && !is_bidi_control(*c))
        .collect()
}

/// Embeddings, overrides and isolates: typed into a title they reverse what the next reader
/// sees (U+202E before "txt.exe" shows it as "exe.txt"). French and the languages of Côte d'Ivoire never need
/// them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

pub(crate) fn required(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
    missing: &'static str,
) -> String {
    let v = clean_text(value);
    if v.is_empty() {
        errors.push((field, missing));
    } else if v.chars().count() > max {
        errors.push((field, "error-too-long"));
    }
    v
}

pub(crate) fn optional(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
) -> String {
    let v = clean_text(value);
    if v.chars().count() > max {
        errors.push((field, "error-too-long"));
    }
    v
}

/// A comment as a person typed it, checked: some text, at most `COMMENT_MAX` signs, a name
/// of at most `NAME_MAX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub body: String,
    pub author_name: String,
}

impl NewComment {
    pub fn parse(body: &str, author_name: &str) -> Result<NewComment, FieldErrors> {
        let mut e = FieldErrors::new();
        let body = required(&mut e, "body", body, COMMENT_MAX, "comment-error-empty");
        let author_name = optional(&mut e, "author_name", author_name, NAME_MAX);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewComment { body, author_name })
    }
}

impl ProposalForm {
    /// Checks every field; `themes` are the codes the consultation offers, `asks` the optional
    /// questions it asks.
    pub fn parse(
        &self,
        themes: &[String],
        asks_benefit: bool,
        asks_values: bool,
    ) -> Result<NewProposal, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = required(
            &mut e,
            "title",
            &self.title,
            TITLE_MAX,
            "proposal-error-title",
        );
        let problem = required(
            &mut e,
            "problem",
            &self.problem,
            TEXT_MAX,
            "proposal-error-problem",
        );
        let solution = required(
            &mut e,
            "solution",
            &self.solution,
            TEXT_MAX,
            "proposal-error-solution",
        );
        let benefit = if asks_benefit {
            optional(&mut e, "benefit", &self.benefit, BENEFIT_MAX)
        } else {
            String::new()
        };
        if !themes.contains(&self.theme) {
            e.push(("theme", "proposal-error-theme"));
        }
        if seed::zone(&self.zone).is_none() {
            e.push(("zone", "proposal-error-zone"));
        }
        if seed::find(&seed::CONTRIBUTOR_TYPES, &self.contributor_type).is_none() {
            e.push(("contributor_type", "proposal-error-contributor-type"));
        }
        let mut values: Vec<String> = Vec::new();
        if asks_values {
            for v in &self.ogp_values {
                if seed::find(&seed::OGP_VALUES, v).is_none() {
                    e.push(("ogp_values", "proposal-error-values"));
                    break;
                }
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
        }
        let author_name = optional(&mut e, "author_name", &self.author_name, NAME_MAX);
        let organisation = optional(&mut e, "organisation", &self.organisation, NAME_MAX);
        let contact_raw = optional(&mut e, "contact", &self.contact, CONTACT_MAX);
        let consent = !self.consent_contact.is_empty();
        let contact = match (contact_raw.is_empty(), consent) {
            (true, _) => None,
            (false, true) => Some(contact_raw),
            (false, false) => {
                e.push(("consent_contact", "proposal-error-consent"));
                None
            }
        };
        if seed::find(&seed::LANGUAGES, &self.language).is_none() {
            e.push(("language", "proposal-error-language"));
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewProposal {
            title,
            problem,
            solution,
            benefit,
            theme: self.theme.clone(),
            zone: self.zone.clone(),
            contributor_type: self.contributor_type.clone(),
            ogp_values: values,
            author_name,
            organisation,
            contact,
            language: self.language.clone(),
        })
    }
}

/// Where a proposal stands in the administration's answer. Stored, exported and shown in
/// addresses by its code ("retenue-en-partie").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    #[default]
    Received,
    InAnalysis,
    Retained,
    PartlyRetained,
    Merged,
    NotRetained,
    OutOfScope,
}

impl Status {
    /// Every status, in the order lists and filters offer them.
    pub const ALL: [Status; 7] = [
        Status::Received,
        Status::InAnalysis,
        Status::Retained,
        Status::PartlyRetained,
        Status::Merged,
        Status::NotRetained,
        Status::OutOfScope,
    ];
    /// Statuses a moderator can give by hand ("fusionnee" comes only from merging).
    pub const BY_HAND: [Status; 6] = [
        Status::Received,
        Status::InAnalysis,
        Status::Retained,
        Status::PartlyRetained,
        Status::NotRetained,
        Status::OutOfScope,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "recue",
            Status::InAnalysis => "en-analyse",
            Status::Retained => "retenue",
            Status::PartlyRetained => "retenue-en-partie",
            Status::Merged => "fusionnee",
            Status::NotRetained => "non-retenue",
            Status::OutOfScope => "hors-champ",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A final status closes the proposal's path and must say why.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Retained
                | Status::PartlyRetained
                | Status::Merged
                | Status::NotRetained
                | Status::OutOfScope
        )
    }

    /// Retained, wholly or in part: it may name a commitment.
    pub fn is_retained(self) -> bool {
        matches!(self, Status::Retained | Status::PartlyRetained)
    }
}

/// Where a proposal comes from, as staff pages, exports and (without the people) the public
/// page show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The instance that recorded it.
    pub instance_id: String,
    /// The workshop it was made at: name and date.
    pub workshop: Option<(String, String)>,
    pub paper_number: Option<String>,
    pub entered_by: Option<String>,
    /// Came in a workshop bundle.
    pub imported: bool,
    /// The reference its receipt shows, when this site had to give it another one.
    pub original_reference: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub proposal_id: i64,
    pub body: String,
    pub author_name: String,
    pub moderation: crate::domain::contribution::Moderation,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct Proposal {
    pub id: i64,
    pub uid: String,
    /// Its public reference, as given by the instance that recorded it ("P-0142").
    pub reference: String,
    pub consultation_id: i64,
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub benefit: String,
    pub theme: String,
    pub zone: String,
    pub contributor_type: String,
    pub ogp_values: Vec<String>,
    pub author_name: String,
    pub organisation: String,
    pub language: String,
    pub channel: crate::domain::contribution::Channel,
    pub moderation: crate::domain::contribution::Moderation,
    pub status: Status,
    pub support_count: i64,
    pub comment_count: i64,
    pub created_at: i64,
    pub answer: String,
    pub commitment: String,
    pub merged_into: Option<i64>,
    /// The reference of the proposal it was merged into.
    pub merged_reference: Option<String>,
    pub withheld_reason: Option<crate::domain::moderation::Reason>,
    /// The moderator's words to the author on why it was not published (shown on the
    /// author's private follow-up page only).
    pub withheld_note: String,
    pub report_count: i64,
    pub answered_at: Option<i64>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub consultation: Option<i64>,
    pub theme: Option<String>,
    pub zone: Option<String>,
    pub status: Option<String>,
    /// Words typed in the search box.
    pub query: Option<String>,
    pub sort: Sort,
    pub page: i64,
}

impl Filter {
    /// The filter as the start of a list address's query (`q=…&theme=…&`), to which the
    /// page number is added; empty for the whole list.
    pub fn base_query(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(v) = &self.query {
            pairs.push(("q", v.clone()));
        }
        if let Some(v) = self.consultation {
            pairs.push(("consultation", v.to_string()));
        }
        for (name, v) in [
            ("theme", &self.theme),
            ("zone", &self.zone),
            ("statut", &self.status),
        ] {
            if let Some(v) = v {
                pairs.push((name, v.clone()));
            }
        }
        if self.sort == Sort::Supported {
            pairs.push(("tri", "soutenues".into()));
        }
        let mut query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if !query.is_empty() {
            query.push('&');
        }
        query
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Recent,
    Supported,
}

pub const PAGE_SIZE: i64 = 20;

#[cfg(test)]
mod tests {

    #[test]
    fn direction_overrides_are_dropped() {
        assert_eq!(
            clean_text("Route \u{202E}exe.txt\u{202C} de \u{2067}Sakassou\u{2069}"),
            "Route exe.txt de Sakassou"
        );
    }

    use super::*;

    #[test]
    fn a_filtered_list_keeps_its_filter_in_the_page_links() {
        assert_eq!(Filter::default().base_query(), "");
        let f = Filter {
            consultation: Some(2),
            zone: Some("abidjan".into()),
            query: Some("école & santé".into()),
            sort: Sort::Supported,
            ..Filter::default()
        };
        assert_eq!(
            f.base_query(),
            "q=%C3%A9cole+%26+sant%C3%A9&consultation=2&zone=abidjan&tri=soutenues&"
        );
    }

    fn themes() -> Vec<String> {
        vec!["sante".into(), "education".into()]
    }

    fn good() -> ProposalForm {
        ProposalForm {
            title: "  Publier le budget   des écoles ".into(),
            problem: "Les parents ne savent pas\r\ncomment l'argent est dépensé.".into(),
            solution: "Afficher le budget à l'entrée.".into(),
            theme: "education".into(),
            zone: "gbeke".into(),
            contributor_type: "citoyen".into(),
            ogp_values: vec!["transparence".into(), "transparence".into()],
            language: "fr".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_proposal_is_cleaned() {
        let p = good()
            .parse(&themes(), true, true)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.title, "Publier le budget des écoles");
        assert_eq!(
            p.problem,
            "Les parents ne savent pas\ncomment l'argent est dépensé."
        );
        assert_eq!(p.ogp_values, vec!["transparence".to_string()]);
        assert_eq!(p.contact, None);
    }

    #[test]
    fn contact_needs_its_own_consent() {
        let f = ProposalForm {
            contact: "07 00 00 00 00".into(),
            ..good()
        };
        let e = f.parse(&themes(), true, true).err().unwrap_or_default();
        assert_eq!(e, vec![("consent_contact", "proposal-error-consent")]);
        let f = ProposalForm {
            contact: "07 00 00 00 00".into(),
            consent_contact: "oui".into(),
            ..good()
        };
        assert_eq!(
            f.parse(&themes(), true, true).map(|p| p.contact),
            Ok(Some("07 00 00 00 00".into()))
        );
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let f = ProposalForm {
            title: String::new(),
            problem: "x".repeat(100_000),
            theme: "inconnu".into(),
            zone: "paris".into(),
            contributor_type: "robot".into(),
            ogp_values: vec!["magie".into()],
            language: "xx".into(),
            ..good()
        };
        let fields: Vec<&str> = f
            .parse(&themes(), true, true)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|(f, _)| *f)
            .collect();
        assert_eq!(
            fields,
            vec![
                "title",
                "problem",
                "theme",
                "zone",
                "contributor_type",
                "ogp_values",
                "language"
            ]
        );
    }
}
