//! Who came to a workshop: the facilitator's head count, women and men per contributor
//! category (the contributor types list). It is a count, never a list of names: the record
//! reports it by category and sex, and a workshop with no count entered says so.

use std::collections::HashMap;

use super::seed;
use super::setup::FieldErrors;

/// More than this in one cell is a typing mistake, not a workshop.
pub const CELL_MAX: u32 = 10_000;

/// Women and men per category code, in the order of the contributor types list; categories
/// with nobody are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attendance(Vec<(String, u32, u32)>);

impl Attendance {
    /// Builds from (category, women, men), keeping only known categories with somebody,
    /// each once, in the list's order.
    fn from_cells(cells: impl IntoIterator<Item = (String, u32, u32)>) -> Attendance {
        let cells: Vec<(String, u32, u32)> = cells.into_iter().collect();
        Attendance(
            seed::CONTRIBUTOR_TYPES
                .iter()
                .filter_map(|t| {
                    let (w, m) = cells
                        .iter()
                        .filter(|(c, _, _)| *c == t.code)
                        .fold((0u32, 0u32), |(w, m), (_, a, b)| {
                            (w.saturating_add(*a), m.saturating_add(*b))
                        });
                    // Each typed cell is at most `CELL_MAX` (`cell`, `from_text`); sums of
                    // several workshops are not capped.
                    (w > 0 || m > 0).then(|| (t.code.clone(), w, m))
                })
                .collect(),
        )
    }

    /// The stored text ("citoyen:12:9,osc:3:4"); none when it is not that shape, so that a
    /// damaged bundle brings no attendance rather than a wrong one.
    pub fn from_text(s: &str) -> Option<Attendance> {
        if s.is_empty() {
            return Some(Attendance::default());
        }
        let mut cells = Vec::new();
        for part in s.split(',') {
            let mut it = part.split(':');
            let (Some(code), Some(w), Some(m), None) = (it.next(), it.next(), it.next(), it.next())
            else {
                return None;
            };
            seed::find(&seed::CONTRIBUTOR_TYPES, code)?;
            let w: u32 = w.parse().ok().filter(|n| *n <= CELL_MAX)?;
            let m: u32 = m.parse().ok().filter(|n| *n <= CELL_MAX)?;
            cells.push((code.to_string(), w, m));
        }
        Some(Attendance::from_cells(cells))
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|(c, w, m)| format!("{c}:{w}:{m}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Women and men of one category.
    pub fn of(&self, code: &str) -> (u32, u32) {
        self.0
            .iter()
            .find(|(c, _, _)| c == code)
            .map_or((0, 0), |(_, w, m)| (*w, *m))
    }

    pub fn rows(&self) -> &[(String, u32, u32)] {
        &self.0
    }

    /// Everyone per category, women and men together.
    pub fn by_category(&self) -> Vec<(String, u64)> {
        self.0
            .iter()
            .map(|(c, w, m)| (c.clone(), u64::from(*w) + u64::from(*m)))
            .collect()
    }

    pub fn women(&self) -> u64 {
        self.0.iter().map(|(_, w, _)| u64::from(*w)).sum()
    }

    pub fn men(&self) -> u64 {
        self.0.iter().map(|(_, _, m)| u64::from(*m)).sum()
    }

    pub fn total(&self) -> u64 {
        self.women() + self.men()
    }

    /// Nobody counted: the facilitator has not entered the attendance.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds another workshop's attendance to this one.
    pub fn add(&mut self, other: &Attendance) {
        let cells = self.0.iter().chain(other.0.iter()).cloned();
        *self = Attendance::from_cells(cells.collect::<Vec<_>>());
    }
}

/// The name of the field for one category and sex: `femmes_<code>` or `hommes_<code>`.
pub fn field(sex: Sex, code: &str) -> String {
    format!("{}_{code}", sex.code())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Women,
    Men,
}

impl Sex {
    pub const BOTH: [Sex; 2] = [Sex::Women, Sex::Men];

    pub fn code(self) -> &'static str {
        match self {
            Sex::Women => "femmes",
            Sex::Men => "hommes",
        }
    }
}

/// One cell as typed: empty is zero; spaces (thousands) are allowed.
pub fn cell(typed: &str) -> Result<u32, &'static str> {
    let digits: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if digits.is_empty() {
        return Ok(0);
    }
    match digits.parse::<u32>() {
        Ok(n) if n <= CELL_MAX => Ok(n),
        Ok(_) => Err("attendance-error-too-many"),
        Err(_) => Err("attendance-error-number"),
    }
}

/// The attendance form as posted: every field by name (the CSRF token among them).
pub type AttendanceForm = HashMap<String, String>;

/// Reads the form: each cell a whole number from 0 to `CELL_MAX`. A refusal names the first
/// wrong cell's message; the view marks every wrong cell from what was typed.
pub fn parse(form: &AttendanceForm) -> Result<Attendance, FieldErrors> {
    let mut cells = Vec::new();
    let mut errors = FieldErrors::new();
    for t in seed::CONTRIBUTOR_TYPES.iter() {
        let mut pair = [0u32; 2];
        for (i, sex) in Sex::BOTH.into_iter().enumerate() {
            let typed = form.get(&field(sex, &t.code)).map_or("", String::as_str);
            match cell(typed) {
                Ok(n) => pair[i] = n,
                Err(e) => {
                    if errors.is_empty() {
                        errors.push(("attendance", e));
                    }
                }
            }
        }
        cells.push((t.code.clone(), pair[0], pair[1]));
    }
    if errors.is_empty() {
        Ok(Attendance::from_cells(cells))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_round_trips_through_its_text() {
        let a = Attendance::from_text("osc:3:4,citoyen:12:9").unwrap_or_default();
        // Kept in the list's order, whatever the order it came in.
        assert_eq!(a.to_text(), "citoyen:12:9,osc:3:4");
        assert_eq!((a.women(), a.men(), a.total()), (15, 13, 28));
        assert_eq!(a.of("osc"), (3, 4));
        assert_eq!(a.of("media"), (0, 0));
        assert_eq!(Attendance::from_text(""), Some(Attendance::default()));
        // A damaged text brings nothing rather than something wrong.
        for bad in [
            "martien:1:2",
            "osc:1",
            "osc:-1:2",
            "osc:1:2:3",
            "osc:99999:0",
        ] {
            assert_eq!(Attendance::from_text(bad), None, "{bad}");
        }
        // Categories with nobody are left out.
        assert_eq!(
            Attendance::from_text("osc:0:0,elu:1:0")
                .unwrap_or_default()
                .to_text(),
            "elu:1:0"
        );
    }

    #[test]
    fn the_form_takes_whole_numbers_and_empty_cells() {
        let mut f = AttendanceForm::new();
        f.insert("femmes_citoyen".into(), " 1 200 ".into());
        f.insert("hommes_citoyen".into(), "7".into());
        f.insert("hommes_osc".into(), String::new());
        f.insert("csrf".into(), "x".into());
        let a = parse(&f).unwrap_or_default();
        assert_eq!(a.to_text(), "citoyen:1200:7");
        f.insert("femmes_osc".into(), "douze".into());
        assert_eq!(
            parse(&f),
            Err(vec![("attendance", "attendance-error-number")])
        );
        f.insert("femmes_osc".into(), "20000".into());
        assert_eq!(
            parse(&f),
            Err(vec![("attendance", "attendance-error-too-many")])
        );
    }

    #[test]
    fn attendances_add_up() {
        let mut a = Attendance::from_text("citoyen:2:3").unwrap_or_default();
        a.add(&Attendance::from_text("citoyen:1:1,osc:4:0").unwrap_or_default());
        assert_eq!(a.to_text(), "citoyen:3:4,osc:4:0");
        // A national total goes past what one workshop may type in.
        let big = Attendance::from_text("citoyen:9000:0").unwrap_or_default();
        let mut all = Attendance::default();
        for _ in 0..3 {
            all.add(&big);
        }
        assert_eq!(all.women(), 27_000);
    }

    /// Women and men of each category added over both sexes: what the open data publishes.
    #[test]
    fn categories_add_both_sexes() {
        let a = Attendance::from_text("citoyen:2:3,osc:4:0").unwrap_or_default();
        assert_eq!(
            a.by_category(),
            vec![("citoyen".to_string(), 5), ("osc".to_string(), 4)]
        );
    }
}
