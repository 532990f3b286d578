//! The consultation's record (bilan): the arithmetic of its process indicators, for the
//! lessons learned and the OGP's Independent Reporting Mechanism. Pure rules: counts and
//! times in, rates, delays and reach out; small numbers are flagged, and public tables
//! group the cells under 5 so that nobody can be re-identified.

pub use super::attendance::Attendance;
pub use super::population::{Area, Population, population_of};

/// A rate drawn on fewer than this many is flagged "small numbers" next to its value.
pub const SMALL_BASE: u64 = 20;
/// In anything public, a cell under this count is grouped with the other small ones.
pub const GROUP_UNDER: u64 = 5;
/// The advance notice the OGP asks for the timeline, in days before the opening.
pub const NOTICE_ASKED_DAYS: i64 = 14;
/// The forum meets at least once in this many days (OGP minimum requirement 1.1).
pub const FORUM_WINDOW_DAYS: i64 = super::oversight::STALE_DAYS;
const DAY: i64 = 86_400;

/// A count and the base it is a share of: shown as both, never as a bare percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub count: u64,
    pub base: u64,
}

impl Rate {
    pub fn new(count: u64, base: u64) -> Rate {
        Rate { count, base }
    }

    /// The share in percent, one decimal; none on an empty base.
    pub fn percent(self) -> Option<f64> {
        (self.base > 0).then(|| (self.count as f64 * 1000.0 / self.base as f64).round() / 10.0)
    }

    /// Drawn on too few to say much.
    pub fn is_small(self) -> bool {
        self.base < SMALL_BASE
    }
}

/// Delays in seconds: how many, the median and the 90th percentile (nearest rank).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delays {
    pub count: usize,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

impl Delays {
    /// Negative delays (a clock set wrong on a workshop laptop) count as zero.
    pub fn of(mut secs: Vec<i64>) -> Delays {
        for s in &mut secs {
            *s = (*s).max(0);
        }
        secs.sort_unstable();
        let n = secs.len();
        if n == 0 {
            return Delays::default();
        }
        let median = if n % 2 == 1 {
            secs[n / 2]
        } else {
            (secs[n / 2 - 1] + secs[n / 2]) / 2
        };
        // Nearest rank: the smallest value with at least 90 % of the values at or below it.
        let rank = (n * 9).div_ceil(10).max(1);
        Delays {
            count: n,
            median: Some(median),
            p90: secs.get(rank - 1).copied(),
        }
    }
}

/// Seconds as days with one decimal, rounded once for the page and the open data alike.
pub fn days_1(secs: i64) -> f64 {
    (secs as f64 / 8_640.0).round() / 10.0
}

/// Contributions per 100,000 inhabitants, one decimal; none without a population.
pub fn per_100k(count: u64, population: u64) -> Option<f64> {
    (population > 0).then(|| (count as f64 * 1_000_000.0 / population as f64).round() / 10.0)
}

/// The row a public table groups its small cells into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    /// How many, 5 or more.
    Count(u64),
    /// Fewer than 5 all together: the count itself is withheld.
    FewerThanFive,
}

/// A public table: the rows of 5 or more as they are, the others added into one row
/// (`None` when there is none). A lone small row would be recognisable on its own (the
/// total minus the others): it is grouped too, with the smallest of the shown rows. A group
/// still under 5 says only "fewer than 5".
pub fn grouped(rows: &[(String, u64)]) -> (Vec<(String, u64)>, Option<Others>) {
    let mut shown: Vec<(String, u64)> = rows
        .iter()
        .filter(|(_, n)| *n >= GROUP_UNDER || *n == 0)
        .cloned()
        .collect();
    let small: Vec<u64> = rows
        .iter()
        .map(|(_, n)| *n)
        .filter(|n| *n > 0 && *n < GROUP_UNDER)
        .collect();
    if small.is_empty() {
        return (shown, None);
    }
    let mut other: u64 = small.iter().sum();
    if small.len() == 1 || other < GROUP_UNDER {
        // Take the smallest shown row in as well, so that the group hides who is in it.
        if let Some((i, _)) = shown
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| *n > 0)
            .min_by_key(|(_, (_, n))| *n)
        {
            other += shown.remove(i).1;
        }
    }
    let others = if other < GROUP_UNDER {
        Others::FewerThanFive
    } else {
        Others::Count(other)
    };
    (shown, Some(others))
}

/// Each workshop's attendance as published: `Some(total)` shown, `None` counted in the
/// grouped row (not entered: `None` and not in the group either), so that no small
/// attendance can be read off the total minus the other workshops. The grouped row, if any.
pub fn workshop_attendance(workshops: &[WorkshopFacts]) -> (Vec<Option<u64>>, Option<Others>) {
    let rows: Vec<(String, u64)> = workshops
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.attendance.is_empty())
        .map(|(i, w)| (i.to_string(), w.attendance.total()))
        .collect();
    let (shown, others) = grouped(&rows);
    let cells = (0..workshops.len())
        .map(|i| {
            shown
                .iter()
                .find(|(k, _)| *k == i.to_string())
                .map(|(_, n)| *n)
        })
        .collect();
    (cells, others)
}

/// Days from the timeline's publication to the opening (negative: published after it).
pub fn notice_days(published_at: i64, opens_at: i64) -> i64 {
    (opens_at - published_at).div_euclid(86_400)
}

/// What the database counts for the record of one consultation, or of all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// People who gave their priorities on a form (online, kiosk, workshop laptop), and
    /// people counted in workshops (paper ballots, show of hands).
    pub priority_ballots: u64,
    pub priority_counted: u64,
    /// Texts received by SMS, and reasoned answers the phone reported delivered by SMS
    /// (the answer reported back to people who are not online: OGP 4.1).
    pub sms_received: u64,
    pub sms_answers_delivered: u64,
    /// Proposals received, published, waiting for moderation, withheld by reason code.
    pub proposals: u64,
    pub proposals_published: u64,
    pub proposals_waiting: u64,
    pub proposals_withheld: Vec<(String, u64)>,
    pub comments: u64,
    pub comments_published: u64,
    /// Comments withheld, by reason code.
    pub comments_withheld: Vec<(String, u64)>,
    /// Seconds from filing (from typing in, for a paper form) to the first moderation
    /// decision, for the proposals and the comments a moderator decided on.
    pub moderation_delays: Vec<i64>,
    pub comment_moderation_delays: Vec<i64>,
    /// Proposals not withheld per zone slug, channel, contributor type and language code.
    pub by_zone: Vec<(String, u64)>,
    pub by_channel: Vec<(String, u64)>,
    pub by_contributor: Vec<(String, u64)>,
    pub by_language: Vec<(String, u64)>,
    /// Published proposals per status code.
    pub by_status: Vec<(String, u64)>,
    /// Published proposals with a final status and a written answer, and for each the
    /// seconds from its filing to its answer.
    pub answered: u64,
    pub answer_delays: Vec<i64>,
    /// Distinct commitments named by at least one proposal.
    pub commitments: u64,
    /// Published proposals with at least one published comment.
    pub with_comment: u64,
    /// Supports given to published proposals.
    pub supports: u64,
    /// The workshops of the consultation (held during it, or with a contribution to it).
    pub workshops: Vec<WorkshopFacts>,
    /// Proposals, comments and supports (not withheld) and, of these, those that carry a
    /// device mark; the distinct marks, and those seen on two days or more.
    pub contributions: u64,
    pub marked: u64,
    pub devices: u64,
    pub devices_returning: u64,
    /// When the timeline was published, and when contributions opened and close.
    pub timeline_published_at: Option<i64>,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    /// Why the timeline came out late, as an admin recorded it.
    pub late_notice_reason: Option<String>,
    /// Forum meetings, most recent first (YYYY-MM-DD), and the last document added.
    pub forum_meetings: Vec<String>,
    pub last_document_at: Option<i64>,
}

/// One workshop, as the record counts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkshopFacts {
    pub name: String,
    pub zone: String,
    pub held_on: String,
    pub attendance: Attendance,
    /// Proposals made there (not withheld), of which typed in from paper forms.
    pub proposals: u64,
    pub paper: u64,
}

/// Reach in one district row of the population table.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    /// The row's name: one district, or two known only together.
    pub district: String,
    pub contributions: u64,
    pub people: u64,
    pub verified: bool,
    pub per_100k: Option<f64>,
}

/// The record's indicators, each a count with its base.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub facts: Facts,
    /// Proposals published, withheld, out of those received; comments published.
    pub published: Rate,
    pub withheld: Rate,
    pub comments_published: Rate,
    /// Per district row, in the order of the population table.
    pub reach: Vec<Reach>,
    /// Per region whose population an admin entered.
    pub regions: Vec<Reach>,
    /// Counted, but left out of the rates: no population to draw them on.
    pub national: u64,
    pub diaspora: u64,
    /// Zones (regions and autonomous districts) with at least one proposal.
    pub zones_covered: Rate,
    /// Located proposals (not national, not diaspora) from outside Abidjan.
    pub outside_abidjan: Rate,
    /// Published proposals with a final status and a written answer.
    pub answered: Rate,
    pub answer_delay: Delays,
    /// Published proposals retained wholly or in part.
    pub retained: Rate,
    /// Published proposals with at least one published comment.
    pub dialogue: Rate,
    /// Published comments and supports per published proposal.
    pub comments_per_proposal: Option<f64>,
    pub supports_per_proposal: Option<f64>,
    /// Comments withheld, out of those received.
    pub comments_withheld: Rate,
    pub moderation_delay: Delays,
    pub comment_moderation_delay: Delays,
    /// Published proposals per outcome, all five named even at zero.
    pub outcomes: Vec<(String, u64)>,
    /// Workshops held, the zones they covered (of the 33), everyone counted, the workshops
    /// whose attendance was entered, proposals made at workshops (of all proposals not
    /// withheld) and the share of those typed in from paper.
    pub workshops: u64,
    pub workshop_zones: Rate,
    pub attendance: Attendance,
    pub attendance_entered: Rate,
    pub women: Rate,
    pub from_workshops: Rate,
    pub on_paper: Rate,
    pub per_workshop: Option<f64>,
    /// Contributions with a device mark, distinct devices, devices seen on two days or more.
    pub marked: Rate,
    pub devices: u64,
    pub returning: Rate,
    /// Days of notice before the opening (14 asked), days open.
    pub notice_days: Option<i64>,
    pub open_days: Option<i64>,
    /// Forum meetings in the last six months; days since the last meeting and the last
    /// document added to the library.
    pub forum_recent: u64,
    pub days_since_forum: Option<i64>,
    pub days_since_document: Option<i64>,
}

/// The five outcomes a published proposal can end in, in the funnel's order.
pub const OUTCOMES: [&str; 5] = [
    "retenue",
    "retenue-en-partie",
    "fusionnee",
    "non-retenue",
    "hors-champ",
];

fn count_of(rows: &[(String, u64)], code: &str) -> u64 {
    rows.iter().filter(|(k, _)| k == code).map(|(_, n)| n).sum()
}

fn per(count: u64, base: u64) -> Option<f64> {
    (base > 0).then(|| (count as f64 * 10.0 / base as f64).round() / 10.0)
}

/// Whole days from `from` to `to`.
fn days_between(from: i64, to: i64) -> i64 {
    (to - from).div_euclid(DAY)
}

impl Record {
    /// The indicators of `facts` at `now`, reach drawn on the district rows of `populations`.
    pub fn of(mut facts: Facts, populations: &[Population], now: i64) -> Record {
        // Workshops and forum meetings still to come are plans, not evidence.
        let past = |date: &str| super::oversight::day_start(date).is_none_or(|d| d <= now);
        facts.workshops.retain(|w| past(&w.held_on));
        facts.forum_meetings.retain(|d| past(d));
        let zones = &*crate::domain::seed::ZONES;
        let located: Vec<(&crate::domain::seed::Zone, u64)> = facts
            .by_zone
            .iter()
            .filter_map(|(slug, n)| {
                zones
                    .iter()
                    .find(|z| z.slug == *slug && !z.district.is_empty())
                    .map(|z| (z, *n))
            })
            .collect();
        let reach = populations
            .iter()
            .filter(|p| matches!(p.area, Area::District(_)))
            .map(|p| {
                let districts = p.area.districts();
                let contributions = located
                    .iter()
                    .filter(|(z, _)| districts.contains(&z.district.as_str()))
                    .map(|(_, n)| n)
                    .sum();
                Reach {
                    district: p.area.name().to_string(),
                    contributions,
                    people: p.people,
                    verified: p.verified,
                    per_100k: per_100k(contributions, p.people),
                }
            })
            .collect();
        let regions = populations
            .iter()
            .filter_map(|p| match &p.area {
                Area::Region(slug) => {
                    let contributions = count_of(&facts.by_zone, slug);
                    Some(Reach {
                        district: zones
                            .iter()
                            .find(|z| z.slug == *slug)
                            .map_or_else(|| slug.clone(), |z| z.name.clone()),
                        contributions,
                        people: p.people,
                        verified: p.verified,
                        per_100k: per_100k(contributions, p.people),
                    })
                }
                Area::District(_) => None,
            })
            .collect();
        let located_total: u64 = located.iter().map(|(_, n)| n).sum();
        let in_abidjan = count_of(&facts.by_zone, "abidjan");
        let mappable = zones.iter().filter(|z| !z.district.is_empty()).count() as u64;
        let covered = located.iter().filter(|(_, n)| *n > 0).count() as u64;
        let published = facts.proposals_published;
        let retained =
            count_of(&facts.by_status, "retenue") + count_of(&facts.by_status, "retenue-en-partie");
        let withheld: u64 = facts.proposals_withheld.iter().map(|(_, n)| n).sum();
        let comments_withheld: u64 = facts.comments_withheld.iter().map(|(_, n)| n).sum();
        let not_withheld = facts.proposals - withheld.min(facts.proposals);
        let mut attendance = Attendance::default();
        for w in &facts.workshops {
            attendance.add(&w.attendance);
        }
        let workshop_zones: std::collections::BTreeSet<&str> =
            facts.workshops.iter().map(|w| w.zone.as_str()).collect();
        let at_workshops: u64 = facts.workshops.iter().map(|w| w.proposals).sum();
        let on_paper: u64 = facts.workshops.iter().map(|w| w.paper).sum();
        let held = facts.workshops.len() as u64;
        let forum_since = now - FORUM_WINDOW_DAYS * DAY;
        let meetings: Vec<i64> = facts
            .forum_meetings
            .iter()
            .filter_map(|d| super::oversight::day_start(d))
            .collect();
        Record {
            comments_withheld: Rate::new(comments_withheld, facts.comments),
            moderation_delay: Delays::of(facts.moderation_delays.clone()),
            comment_moderation_delay: Delays::of(facts.comment_moderation_delays.clone()),
            outcomes: OUTCOMES
                .iter()
                .map(|o| (o.to_string(), count_of(&facts.by_status, o)))
                .collect(),
            workshops: held,
            workshop_zones: Rate::new(workshop_zones.len() as u64, mappable),
            attendance_entered: Rate::new(
                facts
                    .workshops
                    .iter()
                    .filter(|w| !w.attendance.is_empty())
                    .count() as u64,
                held,
            ),
            women: Rate::new(attendance.women(), attendance.total()),
            attendance,
            from_workshops: Rate::new(at_workshops, not_withheld),
            on_paper: Rate::new(on_paper, at_workshops),
            per_workshop: per(at_workshops, held),
            marked: Rate::new(facts.marked, facts.contributions),
            devices: facts.devices,
            returning: Rate::new(facts.devices_returning, facts.devices),
            notice_days: facts
                .timeline_published_at
                .zip(facts.opens_at)
                .map(|(p, o)| notice_days(p, o)),
            open_days: facts
                .opens_at
                .zip(facts.closes_at)
                .map(|(o, c)| days_between(o, c)),
            forum_recent: meetings.iter().filter(|d| **d >= forum_since).count() as u64,
            days_since_forum: meetings.iter().max().map(|d| days_between(*d, now).max(0)),
            days_since_document: facts.last_document_at.map(|d| days_between(d, now).max(0)),
            published: Rate::new(published, facts.proposals),
            withheld: Rate::new(withheld, facts.proposals),
            comments_published: Rate::new(facts.comments_published, facts.comments),
            reach,
            regions,
            national: count_of(&facts.by_zone, "national"),
            diaspora: count_of(&facts.by_zone, "diaspora"),
            zones_covered: Rate::new(covered, mappable),
            outside_abidjan: Rate::new(
                located_total - in_abidjan.min(located_total),
                located_total,
            ),
            answered: Rate::new(facts.answered, published),
            answer_delay: Delays::of(facts.answer_delays.clone()),
            retained: Rate::new(retained, published),
            dialogue: Rate::new(facts.with_comment, published),
            comments_per_proposal: per(facts.comments_published, published),
            supports_per_proposal: per(facts.supports, published),
            facts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_keep_their_base_and_flag_small_numbers() {
        assert_eq!(Rate::new(12, 40).percent(), Some(30.0));
        assert_eq!(Rate::new(1, 3).percent(), Some(33.3));
        assert_eq!(Rate::new(0, 0).percent(), None);
        assert!(Rate::new(3, 10).is_small());
        assert!(!Rate::new(3, 20).is_small());
    }

    #[test]
    fn delays_have_a_median_and_a_ninetieth_percentile() {
        assert_eq!(Delays::of(vec![]), Delays::default());
        let d = Delays::of(vec![50, 10, 30, 20, 40]);
        assert_eq!((d.count, d.median, d.p90), (5, Some(30), Some(50)));
        let d = Delays::of(vec![4, 1, 3, 2]);
        assert_eq!((d.median, d.p90), (Some(2), Some(4)));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(Delays::of(ten).p90, Some(9));
        assert_eq!(
            Delays::of(vec![-30, 60]).median,
            Some(30),
            "a wrong clock counts as 0"
        );
    }

    #[test]
    fn reach_is_per_hundred_thousand_inhabitants() {
        assert_eq!(per_100k(63, 6_321_017), Some(1.0));
        assert_eq!(per_100k(5, 422_072), Some(1.2));
        assert_eq!(per_100k(5, 0), None);
    }

    #[test]
    fn small_cells_are_grouped_in_public() {
        let rows = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
        };
        // Nothing small: nothing grouped.
        assert_eq!(
            grouped(&rows(&[("a", 9), ("b", 5)])),
            (rows(&[("a", 9), ("b", 5)]), None)
        );
        // Two small cells that make 5 together: grouped on their own.
        assert_eq!(
            grouped(&rows(&[("a", 9), ("b", 2), ("c", 3)])),
            (rows(&[("a", 9)]), Some(Others::Count(5)))
        );
        // A lone small cell would show through (total minus the others): the smallest
        // shown row joins it.
        assert_eq!(
            grouped(&rows(&[("a", 9), ("b", 6), ("c", 1)])),
            (rows(&[("a", 9)]), Some(Others::Count(7)))
        );
        // Small cells and nothing else to hide them in: not even their sum is told.
        assert_eq!(
            grouped(&rows(&[("a", 1), ("b", 2)])),
            (rows(&[]), Some(Others::FewerThanFive))
        );
        // Zeros are shown: a zone with no contribution is what the report must say.
        assert_eq!(
            grouped(&rows(&[("a", 9), ("b", 0)])),
            (rows(&[("a", 9), ("b", 0)]), None)
        );
    }

    #[test]
    fn notice_is_counted_in_whole_days() {
        let day = 86_400;
        assert_eq!(notice_days(0, 14 * day), 14);
        assert_eq!(notice_days(0, 14 * day - 1), 13);
        assert_eq!(notice_days(3 * day, 0), -3);
    }

    #[test]
    fn the_record_of_known_facts() {
        let rows = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
        };
        let district = |name: &str, people| Population {
            area: Area::District(name.to_string()),
            people,
            source: "RGPH 2021".into(),
            verified: name == "Abidjan",
            updated_at: None,
            updated_by: None,
        };
        let populations = vec![
            district("Abidjan", 6_000_000),
            district("Vallée du Bandama", 2_000_000),
            district("Sassandra-Marahoué + Denguélé", 3_000_000),
        ];
        let facts = Facts {
            proposals: 40,
            proposals_published: 30,
            proposals_waiting: 4,
            proposals_withheld: rows(&[("injurieux", 2), ("hors-sujet", 4)]),
            comments: 10,
            comments_published: 8,
            comments_withheld: rows(&[("publicite", 2)]),
            moderation_delays: vec![3_600, 7_200, 86_400],
            comment_moderation_delays: vec![60],
            workshops: vec![
                WorkshopFacts {
                    name: "Atelier de Bouaké".into(),
                    zone: "gbeke".into(),
                    held_on: "1970-01-05".into(),
                    attendance: Attendance::from_text("citoyen:10:8,osc:2:4").unwrap_or_default(),
                    proposals: 10,
                    paper: 6,
                },
                WorkshopFacts {
                    name: "Atelier de Katiola".into(),
                    zone: "hambol".into(),
                    held_on: "1970-01-07".into(),
                    proposals: 5,
                    ..WorkshopFacts::default()
                },
            ],
            contributions: 120,
            marked: 90,
            devices: 50,
            devices_returning: 10,
            timeline_published_at: Some(0),
            opens_at: Some(10 * DAY),
            closes_at: Some(70 * DAY),
            // A meeting planned after day 200 is not counted yet.
            forum_meetings: vec![
                "1970-12-01".into(),
                "1970-05-01".into(),
                "1970-01-02".into(),
            ],
            last_document_at: Some(100 * DAY),
            // Abidjan 12, Gbêkê + Hambol (Vallée du Bandama) 15, Folon (Denguélé) 3,
            // Haut-Sassandra 4, national 5, diaspora 1.
            by_zone: rows(&[
                ("abidjan", 12),
                ("gbeke", 10),
                ("hambol", 5),
                ("folon", 3),
                ("haut-sassandra", 4),
                ("national", 5),
                ("diaspora", 1),
            ]),
            by_status: rows(&[("retenue", 6), ("retenue-en-partie", 3), ("en-analyse", 21)]),
            answered: 12,
            answer_delays: vec![86_400, 3 * 86_400, 2 * 86_400],
            commitments: 2,
            with_comment: 6,
            supports: 75,
            ..Facts::default()
        };
        let r = Record::of(facts, &populations, 200 * DAY);
        assert_eq!(r.published, Rate::new(30, 40));
        assert_eq!(r.withheld, Rate::new(6, 40));
        assert_eq!(r.comments_published, Rate::new(8, 10));
        let reach: Vec<(&str, u64, Option<f64>)> = r
            .reach
            .iter()
            .map(|x| (x.district.as_str(), x.contributions, x.per_100k))
            .collect();
        assert_eq!(
            reach,
            vec![
                ("Abidjan", 12, Some(0.2)),
                ("Vallée du Bandama", 15, Some(0.8)),
                ("Sassandra-Marahoué + Denguélé", 7, Some(0.2)),
            ]
        );
        assert_eq!((r.national, r.diaspora), (5, 1));
        // Five zones of the 33 regions and autonomous districts.
        assert_eq!(r.zones_covered, Rate::new(5, 33));
        assert_eq!(r.outside_abidjan, Rate::new(22, 34));
        assert_eq!(r.answered, Rate::new(12, 30));
        assert_eq!(r.answer_delay.median, Some(2 * 86_400));
        assert_eq!(r.retained, Rate::new(9, 30));
        assert_eq!(r.dialogue, Rate::new(6, 30));
        assert_eq!(r.comments_per_proposal, Some(0.3));
        assert_eq!(r.supports_per_proposal, Some(2.5));
        assert_eq!(r.comments_withheld, Rate::new(2, 10));
        assert_eq!(r.moderation_delay.median, Some(7_200));
        assert_eq!(r.comment_moderation_delay.p90, Some(60));
        // All five outcomes, zeros included, in the funnel's order.
        assert_eq!(
            r.outcomes,
            rows(&[
                ("retenue", 6),
                ("retenue-en-partie", 3),
                ("fusionnee", 0),
                ("non-retenue", 0),
                ("hors-champ", 0)
            ])
        );
        // Workshops: two held in two zones, one attendance entered (12 women of 24).
        assert_eq!(r.workshops, 2);
        assert_eq!(r.workshop_zones, Rate::new(2, 33));
        assert_eq!(r.attendance_entered, Rate::new(1, 2));
        assert_eq!(r.attendance.total(), 24);
        assert_eq!(r.women, Rate::new(12, 24));
        // 40 received, 6 withheld: 15 of the 34 others came from workshops, 6 on paper.
        assert_eq!(r.from_workshops, Rate::new(15, 34));
        assert_eq!(r.on_paper, Rate::new(6, 15));
        assert_eq!(r.per_workshop, Some(7.5));
        assert_eq!(r.marked, Rate::new(90, 120));
        assert_eq!((r.devices, r.returning), (50, Rate::new(10, 50)));
        assert_eq!((r.notice_days, r.open_days), (Some(10), Some(60)));
        // Day 200: the May meeting (day 120) is within six months, the January one is not.
        assert_eq!(r.forum_recent, 1);
        assert_eq!(r.days_since_forum, Some(80));
        assert_eq!(r.days_since_document, Some(100));
    }
}
