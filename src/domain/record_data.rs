//! The record as open data (`/donnees/bilan.json`, `/donnees/bilan.csv`, `/api/v1/record`):
//! one flat list of indicators, each a value with its base, numbered like the page's
//! sections. No personal data: counts of people (participants by zone, channel, category,
//! language; attendance by category and sex) under 5 are grouped or withheld, so that
//! nobody can be recognised.

use super::record::{GROUP_UNDER, Others, Rate, Record, grouped, workshop_attendance};

/// One value of the open data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Count(u64),
    /// A ratio, a rate per 100,000 inhabitants or a delay in days, one decimal.
    Decimal(f64),
    /// Fewer than 5 all together: the count itself is withheld.
    FewerThanFive,
    /// Nothing to measure yet (no answer given, no timeline published …), or withheld
    /// because it would give a small count away.
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The page's section, 1 to 12.
    pub section: u8,
    /// A stable English code ("proposals_published").
    pub code: &'static str,
    /// The category within the indicator (a zone, a channel code, "others" …), or empty.
    pub category: String,
    pub value: Value,
    /// What the value is a share of, when it is one.
    pub base: Option<u64>,
}

impl Indicator {
    /// The share in percent, one decimal, when the value is a count with a base.
    pub fn percent(&self) -> Option<f64> {
        match (self.value, self.base) {
            (Value::Count(n), Some(b)) => Rate::new(n, b).percent(),
            _ => None,
        }
    }
}

/// The record's indicators as published, for one consultation or all of them.
#[derive(Debug)]
pub struct OpenRecord {
    /// When they were counted.
    pub at: i64,
    /// The consultation (id, title), or none for all of them.
    pub scope: Option<(i64, String)>,
    pub indicators: Vec<Indicator>,
}

/// Open records recently counted, per consultation (`None`: all of them).
pub type OpenRecords = std::collections::HashMap<Option<i64>, std::sync::Arc<OpenRecord>>;

/// A count of people as published: "<5" from 1 to 4.
pub fn people_count(n: u64) -> Value {
    if n > 0 && n < GROUP_UNDER {
        Value::FewerThanFive
    } else {
        Value::Count(n)
    }
}

/// Women among everyone counted, as published: "<5" when few, and withheld when the men
/// are few (the total minus the women would give them away).
pub fn women_count(women: u64, men: u64) -> Value {
    match people_count(women) {
        Value::Count(_) if men > 0 && men < GROUP_UNDER => Value::Missing,
        v => v,
    }
}

/// The grouped row of a public table.
pub fn others_value(o: Others) -> Value {
    match o {
        Others::Count(n) => Value::Count(n),
        Others::FewerThanFive => Value::FewerThanFive,
    }
}

/// The category name of grouped small cells.
pub const OTHERS: &str = "others";

fn days(secs: Option<i64>) -> Value {
    secs.map_or(Value::Missing, |s| Value::Decimal(super::record::days_1(s)))
}

fn decimal(v: Option<f64>) -> Value {
    v.map_or(Value::Missing, Value::Decimal)
}

fn whole(v: Option<i64>) -> Value {
    // Negative notice (the timeline came after the opening) is told as it is.
    v.map_or(Value::Missing, |d| Value::Decimal(d as f64))
}

struct Out(Vec<Indicator>);

impl Out {
    fn push(&mut self, section: u8, code: &'static str, value: Value, base: Option<u64>) {
        self.cat(section, code, String::new(), value, base);
    }

    fn cat(
        &mut self,
        section: u8,
        code: &'static str,
        category: String,
        value: Value,
        base: Option<u64>,
    ) {
        self.0.push(Indicator {
            section,
            code,
            category,
            value,
            base,
        });
    }

    fn rate(&mut self, section: u8, code: &'static str, r: Rate) {
        self.push(section, code, Value::Count(r.count), Some(r.base));
    }

    /// A count of people per category: small cells grouped (`grouped`). When everything is
    /// small, the total would be the hidden count: no base then.
    fn people(&mut self, section: u8, code: &'static str, rows: &[(String, u64)]) {
        let total: u64 = rows.iter().map(|(_, n)| n).sum();
        let (shown, others) = grouped(rows);
        let base = (others != Some(Others::FewerThanFive)).then_some(total);
        for (k, n) in shown {
            self.cat(section, code, k, Value::Count(n), base);
        }
        if let Some(o) = others {
            self.cat(section, code, OTHERS.into(), others_value(o), base);
        }
    }
}

/// Every indicator of the record, in the page's order.
pub fn indicators(r: &Record) -> Vec<Indicator> {
    let mut o = Out(Vec::new());
    inputs(&mut o, r);
    reach(&mut o, r);
    coverage(&mut o, r);
    mixes(&mut o, r);
    workshops(&mut o, r);
    moderation(&mut o, r);
    answers(&mut o, r);
    outcomes(&mut o, r);
    dialogue(&mut o, r);
    devices(&mut o, r);
    timeline(&mut o, r);
    forum_and_library(&mut o, r);
    o.0
}

/// Section 1. Inputs.
fn inputs(o: &mut Out, r: &Record) {
    let f = &r.facts;
    // The priority round: people, never less than five shown apart.
    let people = f.priority_ballots + f.priority_counted;
    o.push(1, "priority_participants", people_count(people), None);
    o.push(
        1,
        "priority_counted_in_workshops",
        people_count(f.priority_counted),
        None,
    );
    o.push(1, "proposals_received", Value::Count(f.proposals), None);
    o.rate(1, "proposals_published", r.published);
    o.push(
        1,
        "proposals_waiting",
        Value::Count(f.proposals_waiting),
        None,
    );
    o.rate(1, "proposals_withheld", r.withheld);
    for (reason, n) in &f.proposals_withheld {
        o.cat(
            1,
            "proposals_withheld_by_reason",
            reason.clone(),
            Value::Count(*n),
            Some(f.proposals),
        );
    }
    o.push(1, "comments_received", Value::Count(f.comments), None);
    o.rate(1, "comments_published", r.comments_published);
    o.rate(1, "comments_withheld", r.comments_withheld);
    for (reason, n) in &f.comments_withheld {
        o.cat(
            1,
            "comments_withheld_by_reason",
            reason.clone(),
            Value::Count(*n),
            Some(f.comments),
        );
    }
}

/// Section 2. Reach: a district with 1 to 4 contributions shows neither its count nor its
/// rate.
fn reach(o: &mut Out, r: &Record) {
    for x in &r.reach {
        let small = x.contributions > 0 && x.contributions < GROUP_UNDER;
        let (count, rate) = if small {
            (Value::FewerThanFive, Value::Missing)
        } else {
            (Value::Count(x.contributions), decimal(x.per_100k))
        };
        o.cat(2, "district_contributions", x.district.clone(), count, None);
        o.cat(
            2,
            "district_population",
            x.district.clone(),
            Value::Count(x.people),
            None,
        );
        o.cat(2, "district_per_100k", x.district.clone(), rate, None);
    }
    for x in &r.regions {
        let small = x.contributions > 0 && x.contributions < GROUP_UNDER;
        o.cat(
            2,
            "region_per_100k",
            x.district.clone(),
            if small {
                Value::Missing
            } else {
                decimal(x.per_100k)
            },
            None,
        );
    }
    o.people(
        2,
        "outside_rates",
        &[
            ("national".into(), r.national),
            ("diaspora".into(), r.diaspora),
        ],
    );
    let verified = r
        .reach
        .iter()
        .chain(&r.regions)
        .filter(|x| x.verified)
        .count() as u64;
    o.push(
        2,
        "populations_verified",
        Value::Count(verified),
        Some((r.reach.len() + r.regions.len()) as u64),
    );
}

/// Section 3. Coverage.
fn coverage(o: &mut Out, r: &Record) {
    o.rate(3, "zones_covered", r.zones_covered);
    // Abidjan is the base minus the count: withheld when either side is small.
    let abidjan = r.outside_abidjan.base - r.outside_abidjan.count;
    let outside = match (people_count(r.outside_abidjan.count), people_count(abidjan)) {
        (Value::Count(n), Value::Count(_)) => Value::Count(n),
        _ => Value::Missing,
    };
    o.push(3, "outside_abidjan", outside, Some(r.outside_abidjan.base));
}

/// Section 4. Mixes.
fn mixes(o: &mut Out, r: &Record) {
    let f = &r.facts;
    o.people(4, "by_channel", &f.by_channel);
    o.people(4, "by_contributor_type", &f.by_contributor);
    o.people(4, "by_language", &f.by_language);
}

/// Section 5. Workshops.
fn workshops(o: &mut Out, r: &Record) {
    let f = &r.facts;
    o.push(5, "workshops_held", Value::Count(r.workshops), None);
    o.rate(5, "workshop_zones", r.workshop_zones);
    o.rate(5, "attendance_entered", r.attendance_entered);
    // The total is a count of people like any other.
    let total = people_count(r.attendance.total());
    let total_base = matches!(total, Value::Count(_)).then_some(r.attendance.total());
    o.push(5, "attendance_total", total, None);
    // Women and men in all, and everyone per category; never the cross of the two, which
    // would put a name on a woman journalist who came alone.
    o.push(
        5,
        "attendance_women",
        women_count(r.attendance.women(), r.attendance.men()),
        total_base,
    );
    o.people(5, "attendance_by_category", &r.attendance.by_category());
    o.rate(5, "proposals_from_workshops", r.from_workshops);
    o.push(5, "proposals_per_workshop", decimal(r.per_workshop), None);
    o.rate(5, "workshop_proposals_on_paper", r.on_paper);
    // A workshop of 1 to 4 people is counted with others, so that the total minus the
    // other workshops never gives it away.
    let (attendance, grouped_row) = workshop_attendance(&f.workshops);
    for (w, shown) in f.workshops.iter().zip(attendance) {
        let name = format!("{} ({})", w.name, w.held_on);
        // Not entered, or counted in the grouped row.
        let value = shown.map_or(Value::Missing, Value::Count);
        o.cat(5, "workshop_attendance", name.clone(), value, None);
        o.cat(
            5,
            "workshop_proposals",
            name,
            Value::Count(w.proposals),
            None,
        );
    }
    if let Some(g) = grouped_row {
        o.cat(
            5,
            "workshop_attendance",
            OTHERS.into(),
            others_value(g),
            None,
        );
    }
}

/// Section 6. Moderation (delays in days).
fn moderation(o: &mut Out, r: &Record) {
    o.push(
        6,
        "moderation_delay_median_days",
        days(r.moderation_delay.median),
        Some(r.moderation_delay.count as u64),
    );
    o.push(
        6,
        "moderation_delay_p90_days",
        days(r.moderation_delay.p90),
        Some(r.moderation_delay.count as u64),
    );
    o.push(
        6,
        "comment_moderation_delay_median_days",
        days(r.comment_moderation_delay.median),
        Some(r.comment_moderation_delay.count as u64),
    );
    o.push(
        6,
        "comment_moderation_delay_p90_days",
        days(r.comment_moderation_delay.p90),
        Some(r.comment_moderation_delay.count as u64),
    );
    o.rate(6, "withheld_rate", r.withheld);
}

/// Section 7. Answers.
fn answers(o: &mut Out, r: &Record) {
    o.push(7, "sms_received", Value::Count(r.facts.sms_received), None);
    o.push(
        7,
        "answers_delivered_by_sms",
        Value::Count(r.facts.sms_answers_delivered),
        None,
    );
    o.rate(7, "answered", r.answered);
    o.push(
        7,
        "answer_delay_median_days",
        days(r.answer_delay.median),
        Some(r.answer_delay.count as u64),
    );
    o.push(
        7,
        "answer_delay_p90_days",
        days(r.answer_delay.p90),
        Some(r.answer_delay.count as u64),
    );
}

/// Section 8. Outcomes, all five even at zero.
fn outcomes(o: &mut Out, r: &Record) {
    let f = &r.facts;
    for (status, n) in &r.outcomes {
        o.cat(
            8,
            "outcome",
            status.clone(),
            Value::Count(*n),
            Some(r.published.count),
        );
    }
    o.rate(8, "retained", r.retained);
    o.push(
        8,
        "commitments_with_contributions",
        Value::Count(f.commitments),
        None,
    );
}

/// Section 9. Dialogue.
fn dialogue(o: &mut Out, r: &Record) {
    o.rate(9, "proposals_with_comment", r.dialogue);
    o.push(
        9,
        "comments_per_proposal",
        decimal(r.comments_per_proposal),
        None,
    );
    o.push(
        9,
        "supports_per_proposal",
        decimal(r.supports_per_proposal),
        None,
    );
}

/// Section 10. Devices (never people).
fn devices(o: &mut Out, r: &Record) {
    o.push(10, "distinct_devices", Value::Count(r.devices), None);
    o.rate(10, "devices_returning", r.returning);
    o.rate(10, "contributions_from_known_device", r.marked);
}

/// Section 11. Timeline.
fn timeline(o: &mut Out, r: &Record) {
    o.push(11, "timeline_notice_days", whole(r.notice_days), None);
    o.push(11, "open_days", whole(r.open_days), None);
}

/// Section 12. Forum and library.
fn forum_and_library(o: &mut Out, r: &Record) {
    o.push(
        12,
        "forum_meetings_last_6_months",
        Value::Count(r.forum_recent),
        None,
    );
    o.push(
        12,
        "days_since_forum_meeting",
        whole(r.days_since_forum),
        None,
    );
    o.push(
        12,
        "days_since_document_added",
        whole(r.days_since_document),
        None,
    );
}

/// Indicators that count people, or give a count away (a rate times a population).
const PEOPLE: [&str; 14] = [
    "priority_participants",
    "priority_counted_in_workshops",
    "district_contributions",
    "district_per_100k",
    "region_per_100k",
    "outside_rates",
    "outside_abidjan",
    "by_channel",
    "by_contributor_type",
    "by_language",
    "attendance_total",
    "attendance_women",
    "attendance_by_category",
    "workshop_attendance",
];

/// The record of all consultations beside each consultation's: a count of people shown for
/// all of them while one consultation hides its part (fewer than 5, grouped, withheld) would
/// give that part away by subtraction (all minus the others). It is withheld too.
pub fn across(all: &mut [Indicator], parts: &[&[Indicator]]) {
    for i in all.iter_mut() {
        let shown = match i.value {
            Value::Count(n) => n > 0,
            Value::Decimal(x) => x > 0.0,
            _ => false,
        };
        if !shown || !PEOPLE.contains(&i.code) {
            continue;
        }
        let hidden_in_a_part = parts.iter().any(|part| {
            match part
                .iter()
                .find(|p| p.code == i.code && p.category == i.category)
            {
                Some(p) => matches!(p.value, Value::FewerThanFive | Value::Missing),
                // Absent: none there, unless it went into that part's grouped row.
                None => part
                    .iter()
                    .any(|p| p.code == i.code && p.category == OTHERS),
            }
        });
        if hidden_in_a_part {
            i.value = Value::Missing;
        }
    }
}

/// A value as the CSV writes it: digits with a dot for decimals, "<5", or empty.
pub fn csv_value(v: Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Decimal(x) => format!("{x:.1}"),
        Value::FewerThanFive => "<5".into(),
        Value::Missing => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::record::Facts;

    fn rows(v: &[(&str, u64)]) -> Vec<(String, u64)> {
        v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn small_cells_of_people_never_show() {
        let facts = Facts {
            proposals: 14,
            proposals_published: 14,
            by_zone: rows(&[("abidjan", 10), ("gbeke", 3), ("national", 1)]),
            by_channel: rows(&[("en_ligne", 10), ("papier", 3), ("atelier", 1)]),
            ..Facts::default()
        };
        let pops = vec![
            crate::domain::record::Population {
                area: crate::domain::record::Area::District("Abidjan".into()),
                people: 1_000_000,
                source: "x".into(),
                verified: true,
                updated_at: None,
                updated_by: None,
            },
            crate::domain::record::Population {
                area: crate::domain::record::Area::District("Vallée du Bandama".into()),
                people: 1_000_000,
                source: "x".into(),
                verified: false,
                updated_at: None,
                updated_by: None,
            },
        ];
        let r = Record::of(facts, &pops, 0);
        let all = indicators(&r);
        let get = |code: &str, cat: &str| {
            all.iter()
                .find(|i| i.code == code && i.category == cat)
                .map(|i| i.value)
        };
        assert_eq!(
            get("district_contributions", "Abidjan"),
            Some(Value::Count(10))
        );
        assert_eq!(
            get("district_per_100k", "Abidjan"),
            Some(Value::Decimal(1.0))
        );
        // Three from Gbêkê: neither the count nor the rate (which would give it away).
        assert_eq!(
            get("district_contributions", "Vallée du Bandama"),
            Some(Value::FewerThanFive)
        );
        assert_eq!(
            get("district_per_100k", "Vallée du Bandama"),
            Some(Value::Missing)
        );
        // Paper 3 and workshop 1: grouped, with online (the lone shown row) to hide them.
        assert_eq!(get("by_channel", "papier"), None);
        assert_eq!(get("by_channel", "en_ligne"), None);
        assert_eq!(get("by_channel", OTHERS), Some(Value::Count(14)));
        // All five outcomes are there at zero.
        assert_eq!(all.iter().filter(|i| i.code == "outcome").count(), 5);
        assert!(
            all.iter()
                .filter(|i| matches!(i.value, Value::Count(n) if n > 0 && n < 5))
                .all(|i| !matches!(
                    i.code,
                    "by_channel"
                        | "by_contributor_type"
                        | "by_language"
                        | "district_contributions"
                        | "attendance_by_category"
                        | "outside_rates"
                ))
        );
        assert_eq!(csv_value(Value::Decimal(2.0)), "2.0");
        assert_eq!(csv_value(Value::FewerThanFive), "<5");
    }

    fn workshop(name: &str, women: u32, men: u32) -> crate::domain::record::WorkshopFacts {
        crate::domain::record::WorkshopFacts {
            name: name.into(),
            zone: "goh".into(),
            held_on: "2026-12-03".into(),
            attendance: crate::domain::attendance::Attendance::from_text(&format!(
                "citoyen:{women}:{men}"
            ))
            .unwrap(),
            proposals: 0,
            paper: 0,
        }
    }

    fn value(all: &[Indicator], code: &str, cat: &str) -> Option<Value> {
        all.iter()
            .find(|i| i.code == code && i.category == cat)
            .map(|i| i.value)
    }

    #[test]
    fn a_small_attendance_shows_neither_alone_nor_by_subtraction() {
        // Three people at one workshop: the total is a small count too.
        let facts = Facts {
            workshops: vec![workshop("Man", 2, 1)],
            ..Facts::default()
        };
        let all = indicators(&Record::of(facts, &[], 1_800_000_000));
        assert_eq!(
            value(&all, "attendance_total", ""),
            Some(Value::FewerThanFive)
        );
        let women = all.iter().find(|i| i.code == "attendance_women").unwrap();
        assert_eq!(women.base, None, "the base would be the total");
        // 3 at Man, 12 at Gagnoa, 8 at Korhogo: Man is counted with Korhogo, so the total
        // minus the workshops shown is 11, not 3.
        let facts = Facts {
            workshops: vec![
                workshop("Man", 2, 1),
                workshop("Gagnoa", 6, 6),
                workshop("Korhogo", 4, 4),
            ],
            ..Facts::default()
        };
        let all = indicators(&Record::of(facts, &[], 1_800_000_000));
        assert_eq!(value(&all, "attendance_total", ""), Some(Value::Count(23)));
        assert_eq!(
            value(&all, "workshop_attendance", "Man (2026-12-03)"),
            Some(Value::Missing)
        );
        assert_eq!(
            value(&all, "workshop_attendance", "Korhogo (2026-12-03)"),
            Some(Value::Missing)
        );
        assert_eq!(
            value(&all, "workshop_attendance", "Gagnoa (2026-12-03)"),
            Some(Value::Count(12))
        );
        assert_eq!(
            value(&all, "workshop_attendance", OTHERS),
            Some(Value::Count(11))
        );
    }

    #[test]
    fn the_record_of_all_withholds_what_one_consultation_hides() {
        let facts = |online: u64, paper: u64| Facts {
            by_channel: rows(&[("en_ligne", online), ("papier", paper)]),
            ..Facts::default()
        };
        // All: 20 online, 7 on paper; A: 10 and 5; B: 10 and 2 (hidden in B).
        let mut all = indicators(&Record::of(facts(20, 7), &[], 0));
        let a = indicators(&Record::of(facts(10, 5), &[], 0));
        let b = indicators(&Record::of(facts(10, 2), &[], 0));
        assert_eq!(value(&all, "by_channel", "papier"), Some(Value::Count(7)));
        assert_eq!(value(&a, "by_channel", "papier"), Some(Value::Count(5)));
        assert_eq!(value(&b, "by_channel", "papier"), None, "grouped in B");
        across(&mut all, &[&a, &b]);
        // 7 − 5 would be B's 2.
        assert_eq!(value(&all, "by_channel", "papier"), Some(Value::Missing));
        // Counts that no part hides stay; what is not about people is not touched.
        let mut all = indicators(&Record::of(facts(20, 10), &[], 0));
        let a = indicators(&Record::of(facts(10, 5), &[], 0));
        let b = indicators(&Record::of(facts(10, 5), &[], 0));
        across(&mut all, &[&a, &b]);
        assert_eq!(value(&all, "by_channel", "papier"), Some(Value::Count(10)));
        assert_eq!(
            value(&all, "by_channel", "en_ligne"),
            Some(Value::Count(20))
        );
    }
}
