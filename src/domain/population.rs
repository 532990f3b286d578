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
    /// On a row of districts known only together: the one district the figure is for
    /// (empty: the row as it is).
    #[serde(default)]
    pub part: String,
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
    /// The figure is for this one district of a row known only together (`split`).
    pub part: Option<String>,
}

/// A row of districts known only together, split once one of them is known: that district
/// with its own figure, and each other one with the rest of the joint figure (unverified,
/// its source saying so) — still one row when more than one district is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub known: Population,
    pub rest: Population,
}

/// Splits the row `joint` for `entry` (whose `part` names one of its districts). Refused
/// when the district's figure is not below the joint one: the rest would be empty.
/// `rest_source` says where the rest comes from, in the admin's language.
pub fn split(
    joint: &Population,
    entry: &Entry,
    rest_source: &str,
    by: &str,
    now: i64,
) -> Result<Split, &'static str> {
    let Some(part) = entry.part.as_deref() else {
        return Err("population-error-part");
    };
    let districts = joint.area.districts();
    if districts.len() < 2 || !districts.contains(&part) {
        return Err("population-error-part");
    }
    if entry.people >= joint.people {
        return Err("population-error-split");
    }
    let others: Vec<&str> = districts.iter().copied().filter(|d| *d != part).collect();
    Ok(Split {
        known: Population {
            area: Area::District(part.to_string()),
            people: entry.people,
            source: entry.source.clone(),
            verified: entry.verified,
            updated_at: Some(now),
            updated_by: Some(by.to_string()),
        },
        rest: Population {
            area: Area::District(others.join(" + ")),
            people: joint.people - entry.people,
            source: rest_source.chars().take(SOURCE_MAX).collect(),
            verified: false,
            updated_at: Some(now),
            updated_by: Some(by.to_string()),
        },
    })
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
        let part = self.part.trim();
        let part = match &area {
            _ if part.is_empty() => None,
            Some(a @ Area::District(_))
                if a.districts().len() > 1 && a.districts().contains(&part) =>
            {
                Some(part.to_string())
            }
            _ => {
                errors.push(("part", "population-error-part"));
                None
            }
        };
        match (area, people) {
            (Some(area), Some(people)) if errors.is_empty() => Ok(Entry {
                area,
                people,
                source: source.to_string(),
                verified: self.verified.is_some(),
                part,
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
            part: String::new(),
        };
        assert_eq!(
            form("Abidjan", "district", "6\u{202f}500\u{a0}000", " ANSTAT ").parse(&districts),
            Ok(Entry {
                area: Area::District("Abidjan".into()),
                people: 6_500_000,
                source: "ANSTAT".into(),
                verified: true,
                part: None,
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

    #[test]
    fn a_row_known_together_splits_once_one_district_is_known() {
        let joint = Population {
            area: Area::District("Sassandra-Marahoué + Denguélé".into()),
            people: 3_156_891,
            source: "total minus the others".into(),
            verified: false,
            updated_at: None,
            updated_by: None,
        };
        let districts = vec![joint.area.name().to_string()];
        let typed = |part: &str, people: &str| PopulationForm {
            area: joint.area.name().into(),
            kind: "district".into(),
            people: people.into(),
            source: "ANSTAT 2021".into(),
            verified: Some("on".into()),
            part: part.into(),
        };
        let entry = typed("Denguélé", "289 779")
            .parse(&districts)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(entry.part.as_deref(), Some("Denguélé"));
        let s = split(&joint, &entry, "rest", "awa.kone", 50).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (s.known.area.name(), s.known.people, s.known.verified),
            ("Denguélé", 289_779, true)
        );
        assert_eq!(
            (s.rest.area.name(), s.rest.people, s.rest.verified),
            ("Sassandra-Marahoué", 2_867_112, false)
        );
        assert_eq!(s.rest.source, "rest");
        // Not a district of the row, or a row of one district: refused.
        assert_eq!(
            typed("Zanzan", "1").parse(&districts).map(|e| e.part),
            Err(vec![("part", "population-error-part")])
        );
        // The district cannot hold the whole figure or more.
        let too_many = typed("Denguélé", "3 156 891")
            .parse(&districts)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            split(&joint, &too_many, "rest", "a", 1),
            Err("population-error-split")
        );
    }
}
