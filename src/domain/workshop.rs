//! Regional workshops: what a workshop needs, and the number written on a paper form.

use serde::Deserialize;

use super::proposal::{optional, required};
use super::seed;
use super::setup::FieldErrors;

pub const NAME_MAX: usize = 200;
pub const PLACE_MAX: usize = 200;
pub const FACILITATORS_MAX: usize = 500;
pub const PAPER_NUMBER_MAX: usize = 20;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct WorkshopForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub zone: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub facilitators: String,
}

impl WorkshopForm {
    pub fn parse(&self) -> Result<NewWorkshop, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", &self.name, NAME_MAX, "workshop-error-name");
        let place = optional(&mut e, "place", &self.place, PLACE_MAX);
        let zone = self.zone.trim().to_string();
        if seed::zone(&zone).is_none() {
            e.push(("zone", "proposal-error-zone"));
        }
        let held_on = match super::document::parse_date(&self.held_on) {
            Some(d) => d,
            None => {
                e.push(("held_on", "workshop-error-date"));
                String::new()
            }
        };
        let facilitators = optional(&mut e, "facilitators", &self.facilitators, FACILITATORS_MAX);
        if e.is_empty() {
            Ok(NewWorkshop {
                name,
                place,
                zone,
                held_on,
                facilitators,
            })
        } else {
            Err(e)
        }
    }
}

/// The number written on a paper form: 1 to 20 letters, digits, dashes or slashes.
pub fn parse_paper_number(s: &str) -> Result<String, &'static str> {
    let v: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        return Err("paper-error-number");
    }
    if v.chars().count() > PAPER_NUMBER_MAX
        || !v
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | ' ' | '.'))
    {
        return Err("paper-error-number-format");
    }
    Ok(v.to_uppercase())
}

#[derive(Debug, Clone)]
pub struct Workshop {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub place: String,
    pub zone: String,
    pub held_on: String,
    pub facilitators: String,
    /// Proposals made during it, of which typed from paper forms.
    pub proposals: i64,
    pub from_paper: i64,
    /// Imported from another laptop's bundle.
    pub imported: bool,
    /// Who came, as the facilitator counted (empty until entered).
    pub attendance: super::attendance::Attendance,
}

/// What a new workshop needs, checked (see `domain::workshop`).
#[derive(Debug, Clone, Default)]
pub struct NewWorkshop {
    pub name: String,
    pub place: String,
    pub zone: String,
    pub held_on: String,
    pub facilitators: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workshop_needs_a_name_a_known_zone_and_a_date() {
        let f = WorkshopForm {
            name: "  Atelier de Gagnoa ".into(),
            place: "Salle de la mairie".into(),
            zone: "goh".into(),
            held_on: "2026-12-03".into(),
            facilitators: "Awa, Koffi".into(),
        };
        let w = f.parse().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (w.name.as_str(), w.held_on.as_str()),
            ("Atelier de Gagnoa", "2026-12-03")
        );
        let bad = WorkshopForm {
            zone: "atlantis".into(),
            held_on: "3 décembre".into(),
            ..Default::default()
        };
        let e = bad.parse().err().unwrap_or_default();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "zone", "held_on"]);
    }

    #[test]
    fn paper_numbers() {
        assert_eq!(parse_paper_number(" 12 "), Ok("12".into()));
        assert_eq!(parse_paper_number("g-0042"), Ok("G-0042".into()));
        assert_eq!(parse_paper_number(""), Err("paper-error-number"));
        assert_eq!(
            parse_paper_number("<script>"),
            Err("paper-error-number-format")
        );
        assert_eq!(
            parse_paper_number(&"9".repeat(21)),
            Err("paper-error-number-format")
        );
    }
}
