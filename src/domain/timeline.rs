//! The co-creation timeline's steps and the multi-stakeholder forum's meetings.

use crate::domain::document::parse_date;
use crate::domain::setup::FieldErrors;

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub place: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub held_on: String,
    pub place: String,
    pub participants: [i64; 3],
    pub agenda: String,
    pub minutes: Option<(String, String, String)>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub participants_admin: String,
    #[serde(default)]
    pub participants_civil: String,
    #[serde(default)]
    pub participants_private: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub minutes_document: String,
}

/// A meeting of the forum as an admin entered it, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingEntry {
    pub held_on: String,
    pub place: String,
    /// Participants from the administration, civil society and the private sector.
    pub participants: [i64; 3],
    pub agenda: String,
    pub minutes_document: Option<i64>,
}

impl MeetingForm {
    /// The meeting, or None with what is wrong in `errors` (by field): a date, a place of at
    /// most 200 characters, counts from 0 to 10,000 (empty is 0), an agenda of at most 4,000.
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<MeetingEntry> {
        let before = errors.len();
        let held_on = parse_date(&self.held_on);
        if held_on.is_none() {
            errors.push(("held_on", "error-date"));
        }
        let place = self.place.trim();
        if place.is_empty() {
            errors.push(("place", "admin-forum-error-place"));
        } else if place.chars().count() > 200 {
            errors.push(("place", "error-too-long"));
        }
        let mut participants = [0i64; 3];
        for (i, (name, raw)) in [
            ("participants_admin", &self.participants_admin),
            ("participants_civil", &self.participants_civil),
            ("participants_private", &self.participants_private),
        ]
        .into_iter()
        .enumerate()
        {
            match raw.trim() {
                "" => {}
                v => match v.parse::<i64>() {
                    Ok(n) if (0..=10_000).contains(&n) => participants[i] = n,
                    _ => errors.push((name, "admin-forum-error-count")),
                },
            }
        }
        if self.agenda.chars().count() > 4000 {
            errors.push(("agenda", "error-too-long"));
        }
        let held_on = held_on.filter(|_| errors.len() == before)?;
        Some(MeetingEntry {
            held_on,
            place: place.to_string(),
            participants,
            agenda: self.agenda.trim().to_string(),
            minutes_document: self.minutes_document.trim().parse::<i64>().ok(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod meeting_tests {
    use super::*;

    fn form() -> MeetingForm {
        MeetingForm {
            held_on: "2026-03-12".into(),
            place: " Abidjan, Plateau ".into(),
            participants_admin: "12".into(),
            participants_civil: "".into(),
            participants_private: " 3 ".into(),
            agenda: "Revue du plan".into(),
            minutes_document: "7".into(),
        }
    }

    #[test]
    fn a_meeting_has_a_date_a_place_and_counts_where_empty_is_none() {
        let m = form().parse(&mut FieldErrors::new()).unwrap();
        assert_eq!(m.held_on, "2026-03-12");
        assert_eq!(m.place, "Abidjan, Plateau");
        assert_eq!(m.participants, [12, 0, 3]);
        assert_eq!(m.minutes_document, Some(7));
    }

    #[test]
    fn each_wrong_field_is_named() {
        let f = MeetingForm {
            held_on: "12 mars".into(),
            place: " ".into(),
            participants_civil: "-1".into(),
            participants_private: "10001".into(),
            agenda: "x".repeat(4001),
            ..form()
        };
        let mut errors = FieldErrors::new();
        assert_eq!(f.parse(&mut errors), None);
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "held_on",
                "place",
                "participants_civil",
                "participants_private",
                "agenda"
            ]
        );
        let long = MeetingForm {
            place: "é".repeat(201),
            ..form()
        };
        let mut errors = FieldErrors::new();
        assert_eq!(long.parse(&mut errors), None);
        assert_eq!(errors, vec![("place", "error-too-long")]);
    }
}
