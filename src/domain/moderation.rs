//! Moderation and the reasoned response (OGP requirement 4.1): why a contribution is withheld,
//! which statuses need a written justification.

use super::proposal::Status;
use super::setup::FieldErrors;

/// The kinds of entry in the decisions journal, as stored in `audit_log.action`, in the
/// order the journal's filter offers them.
pub const JOURNAL_ACTIONS: [&str; 6] = [
    "moderation",
    "status",
    "merge",
    "contacts",
    "export",
    "population",
];

/// Why a contribution is withheld; the public sees how many per reason, never the content.
/// Stored, exported and posted by its code ("donnees-personnelles").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    OffTopic,
    Abusive,
    PersonalData,
    Duplicate,
    Advertising,
    /// Any other: the moderator writes why in a note.
    Other,
}

impl Reason {
    /// Every reason, in the order the moderation form offers them.
    pub const ALL: [Reason; 6] = [
        Reason::OffTopic,
        Reason::Abusive,
        Reason::PersonalData,
        Reason::Duplicate,
        Reason::Advertising,
        Reason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::OffTopic => "hors-sujet",
            Reason::Abusive => "injurieux",
            Reason::PersonalData => "donnees-personnelles",
            Reason::Duplicate => "doublon",
            Reason::Advertising => "publicite",
            Reason::Other => "autre",
        }
    }

    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

pub const ANSWER_MAX: usize = 5000;
pub const COMMITMENT_MAX: usize = 300;
pub const NOTE_MAX: usize = 1000;
/// Reports from the public that hide a published item until a moderator looks again.
pub const DEFAULT_REPORT_THRESHOLD: i64 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: Status,
    pub answer: String,
    pub commitment: String,
}

/// Checks a status change; a final status without a written justification is refused.
pub fn parse_answer(status: &str, answer: &str, commitment: &str) -> Result<Answer, FieldErrors> {
    let mut e = FieldErrors::new();
    let parsed = Status::parse(status).filter(|s| Status::BY_HAND.contains(s));
    if parsed.is_none() {
        e.push(("status", "answer-error-status"));
    }
    let status = parsed.unwrap_or_default();
    let answer = super::proposal::clean_text(answer);
    if status.is_final() && answer.chars().count() < 10 {
        e.push(("answer", "answer-error-justification"));
    }
    if answer.chars().count() > ANSWER_MAX {
        e.push(("answer", "error-too-long"));
    }
    let commitment = super::proposal::clean_text(commitment);
    if commitment.chars().count() > COMMITMENT_MAX {
        e.push(("commitment", "error-too-long"));
    }
    if !commitment.is_empty() && !status.is_retained() {
        e.push(("commitment", "answer-error-commitment"));
    }
    if e.is_empty() {
        Ok(Answer {
            status,
            answer,
            commitment,
        })
    } else {
        Err(e)
    }
}

/// Checks a withholding decision: a reason from the list, and a note when it is "autre".
pub fn parse_withhold(reason: &str, note: &str) -> Result<(Reason, String), FieldErrors> {
    let mut e = FieldErrors::new();
    let note = super::proposal::clean_text(note);
    let reason = Reason::parse(reason);
    match reason {
        None => e.push(("reason", "withhold-error-reason")),
        Some(Reason::Other) if note.is_empty() => e.push(("note", "withhold-error-note")),
        Some(_) => {}
    }
    if note.chars().count() > NOTE_MAX {
        e.push(("note", "error-too-long"));
    }
    match reason {
        Some(reason) if e.is_empty() => Ok((reason, note)),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_statuses_need_a_reason() {
        assert!(parse_answer("non-retenue", "", "").is_err());
        assert!(parse_answer("non-retenue", "court", "").is_err());
        assert!(
            parse_answer(
                "non-retenue",
                "Hors du champ du plan d'action national.",
                ""
            )
            .is_ok()
        );
        assert!(parse_answer("en-analyse", "", "").is_ok());
        assert_eq!(
            parse_answer("fusionnee", "x".repeat(20).as_str(), "")
                .err()
                .map(|e| e[0].0),
            Some("status")
        );
        assert!(
            parse_answer(
                "retenue",
                "Retenue dans l'engagement 3.",
                "Engagement 3 : budget citoyen"
            )
            .is_ok()
        );
        assert_eq!(
            parse_answer(
                "non-retenue",
                "Pas dans le mandat du ministère.",
                "Engagement 3"
            )
            .err()
            .map(|e| e[0].0),
            Some("commitment")
        );
    }

    #[test]
    fn withholding_needs_a_listed_reason() {
        assert!(parse_withhold("injurieux", "").is_ok());
        assert!(parse_withhold("autre", "").is_err());
        assert!(parse_withhold("autre", "Message en double").is_ok());
        assert!(parse_withhold("inconnu", "").is_err());
    }
}
