//! Populations the record's reach is drawn on, and the form an admin enters one with.

use serde::Deserialize;

/// Where a population lives: a district of the zones list (or two joined by " + ", known
/// only together), or a region by its zone slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    District(String),
    Region(String),
}

impl Area {
    pub fn name(&self) -> &str {
        match self {
            Area::District(n) | Area::Region(n) => n,
        }
    }

    /// As stored: `district` or `region`.
    pub fn kind(&self) -> &'static str {
        match self {
            Area::District(_) => "district",
            Area::Region(_) => "region",
        }
    }

    /// The districts a district row counts (one, or the two known only together).
    pub fn districts(&self) -> Vec<&str> {
        match self {
            Area::District(n) => n.split(" + ").map(str::trim).collect(),
            Area::Region(_) => Vec::new(),
        }
    }
}

/// A population as shipped (RGPH 2021, unverified) or as an admin entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Population {
    pub area: Area,
    pub people: u64,
    pub source: String,
    /// An admin entered it as the official figure.
    pub verified: bool,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
}

/// The row of `populations` that counts the district `district`.
pub fn population_of<'a>(populations: &'a [Population], district: &str) -> Option<&'a Population> {
    populations
        .iter()
        .find(|p| p.area.districts().contains(&district))
}

/// Largest population accepted (the country has about 30 million people).
pub const MAX_PEOPLE: u64 = 100_000_000;
pub const SOURCE_MAX: usize = 300;

/// The form of one area on `/admin/bilan/populations`, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PopulationForm {
    pub area: String,
    pub kind: String,
    #[serde(default)]
    pub people: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: Option<String>,
}

/// A whole number as people type it: "6321017", "6 321 017", "6.321.017", "6,321,017". A
/// separator splits groups of three digits only ("6321017.0" and "1,5" are refused).
fn whole_number(typed: &str) -> Option<u64> {
    let groups: Vec<&str> = typed
        .trim()
        .split([' ', '\u{a0}', '\u{202f}', '.', ','])
        .collect();
    let (first, rest) = groups.split_first()?;
    let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    if !digits(first)
        || (!rest.is_empty() && first.len() > 3)
        || rest.iter().any(|g| g.len() != 3 || !digits(g))
    {
        return None;
    }
    groups.concat().parse().ok()
}

/// Field, message id.
pub type FormErrors = Vec<(&'static str, &'static str)>;

/// A checked entry: the area, its people, the source, verified or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub area: Area,
    pub people: u64,
    pub source: String,
    pub verified: bool,
}

impl PopulationForm {
    /// `districts` are the district rows that exist; a region must be a region of the zones
    /// list. "6 321 017", "6.321.017" and "6321017" are one number.
    pub fn parse(&self, districts: &[String]) -> Result<Entry, FormErrors> {
        let mut errors = FormErrors::new();
        let area = match self.kind.as_str() {
            "district" if districts.contains(&self.area) => Some(Area::District(self.area.clone())),
            "region"
                if crate::domain::seed::ZONES
                    .iter()
                    .any(|z| z.kind == "region" && z.slug == self.area) =>
            {
                Some(Area::Region(self.area.clone()))
            }
            _ => {
                errors.push(("area", "population-error-area"));
                None
            }
        };
        let people = match whole_number(&self.people) {
            Some(n) if (1..=MAX_PEOPLE).contains(&n) => Some(n),
            _ => {
                errors.push(("people", "population-error-people"));
                None
            }
        };
        let source = self.source.trim();
        if source.is_empty() || source.chars().count() > SOURCE_MAX {
            errors.push(("source", "population-error-source"));
        }
        match (area, people) {
            (Some(area), Some(people)) if errors.is_empty() => Ok(Entry {
                area,
                people,
                source: source.to_string(),
                verified: self.verified.is_some(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_known_together_are_found_by_either_name() {
        let p = |name: &str, people| Population {
            area: Area::District(name.to_string()),
            people,
            source: "RGPH 2021".into(),
            verified: false,
            updated_at: None,
            updated_by: None,
        };
        let list = vec![
            p("Abidjan", 6_321_017),
            p("Sassandra-Marahoué + Denguélé", 3_156_891),
        ];
        assert_eq!(
            population_of(&list, "Abidjan").map(|x| x.people),
            Some(6_321_017)
        );
        assert_eq!(
            population_of(&list, "Denguélé").map(|x| x.people),
            Some(3_156_891)
        );
        assert_eq!(
            population_of(&list, "Sassandra-Marahoué").map(|x| x.people),
            Some(3_156_891)
        );
        assert!(population_of(&list, "Zanzan").is_none());
        assert_eq!(Area::Region("gbeke".into()).districts(), Vec::<&str>::new());
    }

    #[test]
    fn an_entry_is_checked_and_keeps_what_was_typed_apart() {
        let districts = vec!["Abidjan".to_string()];
        let form = |area: &str, kind: &str, people: &str, source: &str| PopulationForm {
            area: area.into(),
            kind: kind.into(),
            people: people.into(),
            source: source.into(),
            verified: Some("on".into()),
        };
        assert_eq!(
            form("Abidjan", "district", "6\u{202f}500\u{a0}000", " ANSTAT ").parse(&districts),
            Ok(Entry {
                area: Area::District("Abidjan".into()),
                people: 6_500_000,
                source: "ANSTAT".into(),
                verified: true,
            })
        );
        assert_eq!(
            form("gbeke", "region", "1.300.000", "ANSTAT")
                .parse(&districts)
                .map(|e| e.area),
            Ok(Area::Region("gbeke".into()))
        );
        assert_eq!(
            form("Atlantide", "district", "abc", "").parse(&districts),
            Err(vec![
                ("area", "population-error-area"),
                ("people", "population-error-people"),
                ("source", "population-error-source"),
            ])
        );
        assert_eq!(
            form("abidjan", "region", "0", "x").parse(&districts),
            Err(vec![
                ("area", "population-error-area"),
                ("people", "population-error-people")
            ]),
            "Abidjan is a district, not a region; nobody lives in an empty area"
        );
        assert!(
            form("Abidjan", "district", "200000000", "x")
                .parse(&districts)
                .is_err()
        );
        for wrong in ["6321017.0", "1,5", "12 34", "6 321 0170", " ", "-5"] {
            assert!(
                form("Abidjan", "district", wrong, "x")
                    .parse(&districts)
                    .is_err(),
                "{wrong}"
            );
        }
        assert_eq!(
            form("Abidjan", "district", "6,321,017", "x")
                .parse(&districts)
                .map(|e| e.people),
            Ok(6_321_017)
        );
    }
}
