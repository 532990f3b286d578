//! The state of a consultation at a given moment.

/// A new consultation created by the first-run setup stays open this long.
pub const FIRST_CONSULTATION_DAYS: i64 = 60;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        assert_eq!(state(10, 20, 5), State::Upcoming);
        assert_eq!(state(10, 20, 10), State::Open);
        assert_eq!(state(10, 20, 20), State::Closed);
    }
}
