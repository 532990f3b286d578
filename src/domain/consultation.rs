//! The state of a consultation at a given moment, and which one a proposal form offers.

use std::collections::HashMap;

use crate::domain::theme::Theme;

/// A new consultation created by the first-run setup stays open this long.
pub const FIRST_CONSULTATION_DAYS: i64 = 60;

const DAY: i64 = 86_400;

/// The one rule for when a consultation ends: at the end of its last day in the site's time
/// zone (Africa/Abidjan, UTC all year, no summer time). The stored `closes_at` is exclusive:
/// midnight after the last day. Whatever moment `t` of the last day is given, the end is
/// the same, so a date picked in a form and a date computed from "now + 60 days" agree.
pub fn end_after_day_of(t: i64) -> i64 {
    t.div_euclid(DAY) * DAY + DAY
}

/// The last day people can take part (a moment inside it, for date formatting): the day
/// before the exclusive end. Every page names this day, in the same words.
pub fn last_day(closes_at: i64) -> i64 {
    closes_at - 1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Upcoming,
    Open,
    Closed,
}

pub fn state(opens_at: i64, closes_at: i64, now: i64) -> State {
    if now < opens_at {
        State::Upcoming
    } else if now < closes_at {
        State::Open
    } else {
        State::Closed
    }
}

#[derive(Debug, Clone)]
pub struct Consultation {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub description: String,
    pub opens_at: i64,
    pub closes_at: i64,
}

/// What the proposal form offers: the consultation it files into, the other open ones, its
/// themes and the optional questions it asks.
#[derive(Debug, Clone)]
pub struct Offer {
    pub consultation: Consultation,
    pub open: Vec<Consultation>,
    pub themes: Vec<Theme>,
    pub asks_benefit: bool,
    pub asks_values: bool,
}

/// Whether a proposal can be made now, and if not, what to say.
#[derive(Debug)]
pub enum Availability {
    Open(Box<Offer>),
    /// Nothing is open: the next one to open and the last one closed, if any.
    Closed {
        next: Option<Consultation>,
        last: Option<Consultation>,
    },
}

/// The form's offer at `now`: the consultation `wanted` if it is open, else the first open
/// one. `consultations` come with their optional questions ("benefit,ogp_values").
pub fn availability(
    consultations: &[(Consultation, String)],
    themes_of: &HashMap<i64, Vec<Theme>>,
    wanted: Option<i64>,
    now: i64,
) -> Availability {
    let open: Vec<&(Consultation, String)> = consultations
        .iter()
        .filter(|(k, _)| state(k.opens_at, k.closes_at, now) == State::Open)
        .collect();
    let chosen = wanted
        .and_then(|id| open.iter().find(|(k, _)| k.id == id))
        .or(open.first())
        .copied();
    let Some((consultation, questions)) = chosen else {
        let next = consultations
            .iter()
            .filter(|(k, _)| k.opens_at > now)
            .min_by_key(|(k, _)| k.opens_at)
            .map(|(k, _)| k.clone());
        let last = consultations
            .iter()
            .filter(|(k, _)| k.closes_at <= now)
            .max_by_key(|(k, _)| k.closes_at)
            .map(|(k, _)| k.clone());
        return Availability::Closed { next, last };
    };
    Availability::Open(Box::new(Offer {
        asks_benefit: questions.split(',').any(|q| q == "benefit"),
        asks_values: questions.split(',').any(|q| q == "ogp_values"),
        themes: themes_of.get(&consultation.id).cloned().unwrap_or_default(),
        consultation: consultation.clone(),
        open: open.into_iter().map(|(k, _)| k.clone()).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consultation_ends_at_midnight_after_its_last_day() {
        // 5 February 2027 13:34 UTC, and its midnight start.
        let afternoon = 1_801_834_440;
        let feb5 = 1_801_785_600;
        assert_eq!(end_after_day_of(afternoon), feb5 + DAY);
        assert_eq!(end_after_day_of(feb5), feb5 + DAY);
        assert_eq!(end_after_day_of(feb5 + DAY - 1), feb5 + DAY);
        let end = end_after_day_of(afternoon);
        // The last day is 5 February whichever moment it was computed from…
        assert_eq!(last_day(end).div_euclid(DAY) * DAY, feb5);
        // …and a citizen on its afternoon and late evening can still take part.
        assert_eq!(state(0, end, afternoon + 3 * 3600), State::Open);
        assert_eq!(state(0, end, feb5 + DAY - 1), State::Open);
        assert_eq!(state(0, end, feb5 + DAY), State::Closed);
    }

    fn k(id: i64, opens_at: i64, closes_at: i64) -> Consultation {
        Consultation {
            id,
            uid: format!("k{id}"),
            title: format!("K{id}"),
            description: String::new(),
            opens_at,
            closes_at,
        }
    }

    #[test]
    fn the_form_offers_the_wanted_open_consultation_or_the_first_open_one() {
        let all = vec![
            (k(1, 0, 10), String::new()),
            (k(2, 5, 50), "benefit".to_string()),
            (k(3, 8, 60), "ogp_values,benefit".to_string()),
            (k(4, 100, 200), String::new()),
        ];
        let themes = HashMap::from([(3, vec![])]);
        let Availability::Open(o) = availability(&all, &themes, Some(3), 20) else {
            panic!("open")
        };
        assert_eq!(o.consultation.id, 3);
        assert!(o.asks_benefit && o.asks_values);
        assert_eq!(o.open.iter().map(|k| k.id).collect::<Vec<_>>(), [2, 3]);
        // Closed or unknown: the first open one, with its own questions.
        for wanted in [Some(1), Some(9), None] {
            let Availability::Open(o) = availability(&all, &themes, wanted, 20) else {
                panic!("open")
            };
            assert_eq!(o.consultation.id, 2);
            assert!(o.asks_benefit && !o.asks_values);
        }
        // Between consultations: the next to open and the last closed.
        let Availability::Closed { next, last } = availability(&all, &themes, None, 70) else {
            panic!("closed")
        };
        assert_eq!((next.map(|k| k.id), last.map(|k| k.id)), (Some(4), Some(3)));
        let Availability::Closed { next, last } = availability(&all, &themes, None, 300) else {
            panic!("closed")
        };
        assert_eq!((next.map(|k| k.id), last.map(|k| k.id)), (None, Some(4)));
    }

    #[test]
    fn states() {
        assert_eq!(state(10, 20, 5), State::Upcoming);
        assert_eq!(state(10, 20, 10), State::Open);
        assert_eq!(state(10, 20, 20), State::Closed);
    }
}
