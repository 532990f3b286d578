//! OGP minimum requirements the dashboard watches (DOMAIN.md §2): the timeline published two
//! weeks before contributions open (3.1), a library updated at least twice a year (2.2), a
//! forum meeting at least every six months (1.1). Time is a parameter.

pub const NOTICE_DAYS: i64 = 14;
pub const STALE_DAYS: i64 = 183;
const DAY: i64 = 86_400;

#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub timeline_published_at: Option<i64>,
    pub setup_done_at: Option<i64>,
    /// Earliest "contributions" phase of the timeline, YYYY-MM-DD.
    pub contributions_open_on: Option<String>,
    pub first_consultation_opens_at: Option<i64>,
    pub last_document_added_at: Option<i64>,
    pub last_forum_meeting_on: Option<String>,
    /// Why the timeline came out less than 14 days before the opening, once an admin has
    /// said so: the warning then gives way to this reason, which the synthesis reports.
    pub late_notice_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    TimelineNotPublished,
    /// Contributions open less than 14 days after the timeline was published.
    ShortNotice {
        published_at: i64,
        opens_at: i64,
    },
    LibraryStale {
        since: i64,
    },
    ForumStale {
        since: Option<i64>,
    },
}

/// Midnight UTC of a YYYY-MM-DD date.
pub fn day_start(date: &str) -> Option<i64> {
    time::Date::parse(
        date,
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
    .map(|d| d.midnight().assume_utc().unix_timestamp())
}

/// The start of today and of this week (Monday) at `now`. Côte d'Ivoire keeps UTC all year.
pub fn day_and_week_start(now: i64) -> (i64, i64) {
    let day = now - now.rem_euclid(DAY);
    // 1970-01-01 was a Thursday: days since the last Monday.
    let weekday = (day / DAY + 3).rem_euclid(7);
    (day, day - weekday * DAY)
}

pub fn warnings(f: &Facts, now: i64) -> Vec<Warning> {
    let mut out = Vec::new();
    let opens_at = f
        .contributions_open_on
        .as_deref()
        .and_then(day_start)
        .or(f.first_consultation_opens_at);
    match f.timeline_published_at {
        None => out.push(Warning::TimelineNotPublished),
        Some(published_at) => {
            if let Some(opens_at) = opens_at
                && opens_at < published_at + NOTICE_DAYS * DAY
                && f.late_notice_reason.is_none()
            {
                out.push(Warning::ShortNotice {
                    published_at,
                    opens_at,
                });
            }
        }
    }
    // Both clocks start at setup: a new site is not "stale" on day one.
    if let Some(since) = f.last_document_added_at.or(f.setup_done_at)
        && now - since > STALE_DAYS * DAY
    {
        out.push(Warning::LibraryStale { since });
    }
    let last_meeting = f.last_forum_meeting_on.as_deref().and_then(day_start);
    if let Some(since) = last_meeting.or(f.setup_done_at)
        && now - since > STALE_DAYS * DAY
    {
        out.push(Warning::ForumStale {
            since: last_meeting,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_780_000_000;

    #[test]
    fn today_and_this_week_start_at_midnight_and_on_monday() {
        // Sunday 29 November 2026, 21:36 UTC.
        let sunday = day_start("2026-11-29").unwrap_or(0) + 21 * 3600 + 36 * 60;
        let (day, week) = day_and_week_start(sunday);
        assert_eq!(day, day_start("2026-11-29").unwrap_or(-1));
        assert_eq!(week, day_start("2026-11-23").unwrap_or(-1));
        // Monday at midnight: the week starts that very second.
        let monday = day_start("2026-11-30").unwrap_or(0);
        assert_eq!(day_and_week_start(monday), (monday, monday));
        assert_eq!(day_and_week_start(monday - 1).1, week);
    }

    #[test]
    fn short_notice_is_flagged() {
        let f = Facts {
            timeline_published_at: Some(T0),
            setup_done_at: Some(T0),
            first_consultation_opens_at: Some(T0 + 10 * DAY),
            ..Facts::default()
        };
        assert_eq!(
            warnings(&f, T0),
            vec![Warning::ShortNotice {
                published_at: T0,
                opens_at: T0 + 10 * DAY
            }]
        );
        let f = Facts {
            first_consultation_opens_at: Some(T0 + 15 * DAY),
            ..f
        };
        assert!(warnings(&f, T0).is_empty());
        // A "contributions" phase of the timeline wins over the consultation's own date.
        let f = Facts {
            contributions_open_on: Some("2026-06-01".into()),
            ..f
        };
        let published = day_start("2026-05-25").unwrap_or(0);
        let f = Facts {
            timeline_published_at: Some(published),
            ..f
        };
        assert!(matches!(
            warnings(&f, published).as_slice(),
            [Warning::ShortNotice { .. }]
        ));
        // Explained: the warning gives way to the reason.
        let f = Facts {
            late_notice_reason: Some("Calendrier validé tard par le comité".into()),
            ..f
        };
        assert!(warnings(&f, published).is_empty());
    }

    /// Setup that opens in two weeks, then a timeline published the same day: no warning.
    #[test]
    fn opening_two_weeks_after_setup_satisfies_the_notice() {
        let f = Facts {
            timeline_published_at: Some(T0),
            setup_done_at: Some(T0),
            first_consultation_opens_at: Some(T0 + crate::domain::setup::NOTICE_OPENING_DAYS * DAY),
            ..Facts::default()
        };
        assert!(warnings(&f, T0).is_empty());
    }

    #[test]
    fn unpublished_timeline_is_flagged() {
        let f = Facts {
            setup_done_at: Some(T0),
            ..Facts::default()
        };
        assert_eq!(warnings(&f, T0), vec![Warning::TimelineNotPublished]);
    }

    #[test]
    fn six_months_without_documents_or_meetings() {
        let f = Facts {
            timeline_published_at: Some(T0),
            setup_done_at: Some(T0),
            ..Facts::default()
        };
        assert!(warnings(&f, T0 + 100 * DAY).is_empty());
        let w = warnings(&f, T0 + 200 * DAY);
        assert!(w.contains(&Warning::LibraryStale { since: T0 }));
        assert!(w.contains(&Warning::ForumStale { since: None }));
        let f = Facts {
            last_document_added_at: Some(T0 + 150 * DAY),
            last_forum_meeting_on: Some("2026-12-01".into()),
            ..f
        };
        let dec1 = day_start("2026-12-01").unwrap_or(0);
        let w = warnings(&f, (T0 + 200 * DAY).max(dec1 + DAY));
        assert!(
            !w.iter().any(|x| matches!(x, Warning::ForumStale { .. })),
            "{w:?}"
        );
    }
}
