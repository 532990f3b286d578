//! The priority round: each person picks up to a few of the consultation's themes (three
//! unless staff set 1 to 5), online, at a kiosk, on a workshop laptop, on a paper ballot or
//! by a show of hands counted in a workshop. The results rank the themes in all, per district
//! and per kind of contributor, with every count of fewer than five people grouped.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::consultation::Consultation;
use crate::domain::contribution::Channel;
use crate::domain::record::GROUP_UNDER;
use crate::domain::seed;
use crate::domain::setup::FieldErrors;

/// Themes a person may pick unless staff chose another number.
pub const DEFAULT_MAX_CHOICES: u8 = 3;
/// "At most n themes", for n from 1 to 5 (a message of its own each: the error summary
/// shows messages without arguments).
const TOO_MANY: [&str; 5] = [
    "priority-error-too-many-1",
    "priority-error-too-many-2",
    "priority-error-too-many-3",
    "priority-error-too-many-4",
    "priority-error-too-many-5",
];
/// The answers of the optional "sex" question.
pub const SEXES: [&str; 2] = ["femme", "homme"];
/// The answers of the optional "age" question.
pub const AGE_BANDS: [&str; 4] = ["moins-18", "18-35", "36-60", "plus-60"];

/// A consultation's round as staff set it (`None` fields: the consultation's own dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundSetting {
    pub enabled: bool,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub max_choices: u8,
}

impl Default for RoundSetting {
    fn default() -> Self {
        RoundSetting {
            enabled: true,
            opens_at: None,
            closes_at: None,
            max_choices: DEFAULT_MAX_CHOICES,
        }
    }
}

/// Where a round stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundState {
    Off,
    NotYet,
    Open,
    Closed,
}

/// A consultation's round: its dates and how many themes a person picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub consultation_id: i64,
    pub enabled: bool,
    pub opens_at: i64,
    pub closes_at: i64,
    pub max_choices: u8,
}

impl Round {
    /// The round of `k` with staff's setting (none: on, for the consultation's dates).
    pub fn of(k: &Consultation, setting: Option<&RoundSetting>) -> Round {
        let s = setting.cloned().unwrap_or_default();
        Round {
            consultation_id: k.id,
            enabled: s.enabled,
            opens_at: s.opens_at.unwrap_or(k.opens_at),
            closes_at: s.closes_at.unwrap_or(k.closes_at),
            max_choices: s.max_choices.clamp(1, 5),
        }
    }

    pub fn state(&self, now: i64) -> RoundState {
        if !self.enabled {
            RoundState::Off
        } else if now < self.opens_at {
            RoundState::NotYet
        } else if now >= self.closes_at {
            RoundState::Closed
        } else {
            RoundState::Open
        }
    }
}

/// The round people can take part in now: of the open rounds, the one that closes first
/// (the most urgent), or None.
pub fn open_round(rounds: &[Round], now: i64) -> Option<&Round> {
    rounds
        .iter()
        .filter(|r| r.state(now) == RoundState::Open)
        .min_by_key(|r| (r.closes_at, r.consultation_id))
}

/// The priority form as posted. `themes` is repeatable.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PriorityForm {
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub zone: String,
    #[serde(default)]
    pub contributor_type: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub age_band: String,
    /// Honeypot: stays empty for people.
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_ts: String,
    #[serde(default)]
    pub submission: String,
}

/// One person's checked choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    /// Theme codes, each once, in the order of the form.
    pub themes: Vec<String>,
    pub profile: Profile,
}

/// The optional answers about the person (empty: not said).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub zone: String,
    pub contributor_type: String,
    pub sex: String,
    pub age_band: String,
}

impl PriorityForm {
    /// The choice, or what is wrong by field: at least one of the `offered` themes and at most
    /// `max`; a zone, a kind of contributor, a sex and an age band from their lists, or none.
    pub fn parse(&self, offered: &[&str], max: u8) -> Result<Ballot, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut themes: Vec<String> = Vec::new();
        for t in &self.themes {
            let t = t.trim();
            if !themes.iter().any(|x| x == t) && !t.is_empty() {
                themes.push(t.to_string());
            }
        }
        if themes.is_empty() {
            errors.push(("themes", "priority-error-none"));
        } else if themes.len() > usize::from(max) {
            errors.push(("themes", TOO_MANY[usize::from(max.clamp(1, 5)) - 1]));
        } else if themes.iter().any(|t| !offered.contains(&t.as_str())) {
            errors.push(("themes", "priority-error-theme"));
        }
        let profile = Profile {
            zone: self.zone.trim().to_string(),
            contributor_type: self.contributor_type.trim().to_string(),
            sex: self.sex.trim().to_string(),
            age_band: self.age_band.trim().to_string(),
        };
        if !profile.zone.is_empty() && seed::zone(&profile.zone).is_none() {
            errors.push(("zone", "priority-error-zone"));
        }
        let p = &profile;
        if !p.contributor_type.is_empty()
            && seed::find(&seed::CONTRIBUTOR_TYPES, &p.contributor_type).is_none()
        {
            errors.push(("contributor_type", "priority-error-type"));
        }
        if !p.sex.is_empty() && !SEXES.contains(&p.sex.as_str()) {
            errors.push(("sex", "priority-error-sex"));
        }
        if !p.age_band.is_empty() && !AGE_BANDS.contains(&p.age_band.as_str()) {
            errors.push(("age_band", "priority-error-age"));
        }
        if errors.is_empty() {
            Ok(Ballot { themes, profile })
        } else {
            Err(errors)
        }
    }
}

/// The channels a workshop's count comes from.
pub const TALLY_CHANNELS: [Channel; 2] = [Channel::Paper, Channel::Hands];

/// A workshop's count of paper ballots or of a show of hands, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub channel: Channel,
    /// People who took part (ballots handed in, or people in the room who voted).
    pub people: u64,
    /// Theme code → how many picked it; every offered theme, zero included.
    pub counts: Vec<(String, u64)>,
}

/// The most people one workshop count may hold.
pub const TALLY_MAX: u64 = 100_000;

/// A workshop's count as typed: `channel`, `people` and `t_{theme}` fields.
pub fn parse_tally(
    pairs: &[(String, String)],
    offered: &[&str],
    max: u8,
) -> Result<Tally, FieldErrors> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    };
    let mut errors = FieldErrors::new();
    let channel = Channel::parse(field("channel")).filter(|c| TALLY_CHANNELS.contains(c));
    if channel.is_none() {
        errors.push(("channel", "priority-tally-error-channel"));
    }
    let number = |raw: &str| match raw {
        "" => Some(0),
        v => v.parse::<u64>().ok().filter(|n| *n <= TALLY_MAX),
    };
    let people = number(field("people")).filter(|n| *n > 0);
    if people.is_none() {
        errors.push(("people", "priority-tally-error-people"));
    }
    let mut counts = Vec::new();
    for code in offered {
        match number(field(&format!("t_{code}"))) {
            Some(n) => counts.push(((*code).to_string(), n)),
            None => errors.push(("counts", "priority-tally-error-count")),
        }
    }
    if let Some(p) = people {
        // Each person picks a theme once, and at most `max` themes.
        let over = counts.iter().any(|(_, n)| *n > p);
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        if over || total > p * u64::from(max) {
            errors.push(("counts", "priority-tally-error-over"));
        }
    }
    match (channel, people) {
        (Some(channel), Some(people)) if errors.is_empty() => Ok(Tally {
            channel,
            people,
            counts,
        }),
        _ => Err(errors),
    }
}

/// What the results are counted from: people's ballots, one row per ballot and theme, and
/// workshop counts.
#[derive(Debug, Clone, Default)]
pub struct Votes {
    pub ballots: Vec<BallotRow>,
    pub tallies: Vec<TallyRow>,
}

/// A ballot as read back: its channel, profile and themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotRow {
    pub channel: String,
    pub profile: Profile,
    pub themes: Vec<String>,
}

/// A workshop count as read back, with the workshop's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyRow {
    pub channel: String,
    pub zone: String,
    pub people: u64,
    pub counts: Vec<(String, u64)>,
}

/// A count of people, or fewer than five (withheld).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    FewerThanFive,
}

impl Shown {
    pub fn of(n: u64) -> Shown {
        if n > 0 && n < GROUP_UNDER {
            Shown::FewerThanFive
        } else {
            Shown::Count(n)
        }
    }
}

/// One group's results (a district, a kind of contributor): people, and its themes ranked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// A district's name, a contributor type's code, or `OTHERS` for the grouped small ones.
    pub name: String,
    pub participants: u64,
    /// Ranked, most picked first; empty for a group of fewer than five people.
    pub themes: Vec<(String, u64)>,
}

/// The name of the row that groups every group of fewer than five people.
pub const OTHERS: &str = "autres";

/// The results of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    pub participants: u64,
    /// Every offered theme, most picked first (ties by the order offered).
    pub themes: Vec<(String, u64)>,
    /// Per district (from the zone people gave, or their workshop's); small ones grouped.
    pub districts: Vec<Group>,
    /// Per kind of contributor; small ones grouped.
    pub contributor_types: Vec<Group>,
    /// People per channel.
    pub channels: Vec<(String, u64)>,
    /// People per sex and per age band (`Shown`: fewer than five withheld).
    pub sexes: Vec<(String, Shown)>,
    pub age_bands: Vec<(String, Shown)>,
    /// People who gave no zone.
    pub no_zone: u64,
}

/// Per group: people and theme counts.
#[derive(Default)]
struct Tallying {
    people: u64,
    themes: BTreeMap<String, u64>,
}

impl Tallying {
    fn add(&mut self, people: u64, themes: &[(String, u64)]) {
        self.people += people;
        for (t, n) in themes {
            *self.themes.entry(t.clone()).or_default() += n;
        }
    }
}

/// The district of a zone slug, by name ("" when the zone is unknown or not given).
pub fn district_of(zone: &str) -> String {
    seed::zone(zone).map_or_else(String::new, |z| z.district.clone())
}

/// `counts` ranked: most first, then in the order of `offered` (every offered theme present).
fn ranked(counts: &BTreeMap<String, u64>, offered: &[&str]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = offered
        .iter()
        .map(|t| ((*t).to_string(), counts.get(*t).copied().unwrap_or(0)))
        .collect();
    // A theme no longer offered keeps its votes.
    for (t, n) in counts {
        if !offered.contains(&t.as_str()) {
            out.push((t.clone(), *n));
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.1));
    out
}

/// Groups of fewer than five people are folded into one `OTHERS` row (its themes withheld
/// when it holds fewer than five too); the others keep their ranking.
fn grouped(groups: BTreeMap<String, Tallying>, offered: &[&str]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut others = Tallying::default();
    for (name, g) in groups {
        if g.people >= GROUP_UNDER {
            out.push(Group {
                name,
                participants: g.people,
                themes: ranked(&g.themes, offered),
            });
        } else {
            let themes: Vec<(String, u64)> = g.themes.into_iter().collect();
            others.add(g.people, &themes);
        }
    }
    out.sort_by(|a, b| {
        b.participants
            .cmp(&a.participants)
            .then(a.name.cmp(&b.name))
    });
    if others.people > 0 {
        let themes = if others.people >= GROUP_UNDER {
            ranked(&others.themes, offered)
        } else {
            Vec::new()
        };
        out.push(Group {
            name: OTHERS.into(),
            participants: others.people,
            themes,
        });
    }
    out
}

impl Results {
    /// Counts `votes` over the `offered` themes.
    pub fn of(votes: &Votes, offered: &[&str]) -> Results {
        let mut all = Tallying::default();
        let mut districts: BTreeMap<String, Tallying> = BTreeMap::new();
        let mut types: BTreeMap<String, Tallying> = BTreeMap::new();
        let mut channels: BTreeMap<String, u64> = BTreeMap::new();
        let mut sexes: BTreeMap<String, u64> = BTreeMap::new();
        let mut ages: BTreeMap<String, u64> = BTreeMap::new();
        let mut no_zone = 0;
        for b in &votes.ballots {
            let themes: Vec<(String, u64)> = b.themes.iter().map(|t| (t.clone(), 1)).collect();
            all.add(1, &themes);
            *channels.entry(b.channel.clone()).or_default() += 1;
            match district_of(&b.profile.zone) {
                d if d.is_empty() => no_zone += 1,
                d => districts.entry(d).or_default().add(1, &themes),
            }
            if !b.profile.contributor_type.is_empty() {
                let t = types.entry(b.profile.contributor_type.clone()).or_default();
                t.add(1, &themes);
            }
            if !b.profile.sex.is_empty() {
                *sexes.entry(b.profile.sex.clone()).or_default() += 1;
            }
            if !b.profile.age_band.is_empty() {
                *ages.entry(b.profile.age_band.clone()).or_default() += 1;
            }
        }
        for t in &votes.tallies {
            all.add(t.people, &t.counts);
            *channels.entry(t.channel.clone()).or_default() += t.people;
            match district_of(&t.zone) {
                d if d.is_empty() => no_zone += t.people,
                d => districts.entry(d).or_default().add(t.people, &t.counts),
            }
        }
        let shown = |m: BTreeMap<String, u64>, order: &[&str]| -> Vec<(String, Shown)> {
            order
                .iter()
                .filter_map(|k| m.get(*k).map(|n| ((*k).to_string(), Shown::of(*n))))
                .collect()
        };
        let mut channels: Vec<(String, u64)> = channels.into_iter().collect();
        channels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Results {
            participants: all.people,
            themes: ranked(&all.themes, offered),
            districts: grouped(districts, offered),
            contributor_types: grouped(types, offered),
            channels,
            sexes: shown(sexes, &SEXES),
            age_bands: shown(ages, &AGE_BANDS),
            no_zone,
        }
    }

    /// A district's results, when it has five people or more.
    pub fn district(&self, name: &str) -> Option<&Group> {
        self.districts
            .iter()
            .find(|g| g.name == name && g.name != OTHERS)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const OFFERED: [&str; 4] = ["sante", "education", "budget", "foncier"];

    fn form(themes: &[&str]) -> PriorityForm {
        PriorityForm {
            themes: themes.iter().map(|t| t.to_string()).collect(),
            ..PriorityForm::default()
        }
    }

    fn consultation() -> Consultation {
        Consultation {
            id: 1,
            uid: "k".into(),
            title: "Plan".into(),
            description: String::new(),
            opens_at: 100,
            closes_at: 200,
        }
    }

    #[test]
    fn a_round_is_on_for_the_consultations_dates_unless_staff_say_otherwise() {
        let r = Round::of(&consultation(), None);
        assert_eq!((r.opens_at, r.closes_at, r.max_choices), (100, 200, 3));
        assert_eq!(r.state(99), RoundState::NotYet);
        assert_eq!(r.state(100), RoundState::Open);
        assert_eq!(r.state(200), RoundState::Closed);
        let earlier = RoundSetting {
            opens_at: Some(10),
            closes_at: Some(90),
            max_choices: 9,
            ..RoundSetting::default()
        };
        let r = Round::of(&consultation(), Some(&earlier));
        assert_eq!((r.state(50), r.max_choices), (RoundState::Open, 5));
        let off = RoundSetting {
            enabled: false,
            ..RoundSetting::default()
        };
        assert_eq!(
            Round::of(&consultation(), Some(&off)).state(150),
            RoundState::Off
        );
    }

    #[test]
    fn a_person_picks_one_to_three_offered_themes_each_once() {
        let b = form(&["sante", "budget", "sante"])
            .parse(&OFFERED, 3)
            .unwrap();
        assert_eq!(b.themes, ["sante", "budget"]);
        let too_many = form(&["sante", "budget", "foncier", "education"]);
        assert_eq!(
            too_many.parse(&OFFERED, 3).unwrap_err(),
            vec![("themes", "priority-error-too-many-3")]
        );
        assert_eq!(
            form(&[]).parse(&OFFERED, 3).unwrap_err(),
            vec![("themes", "priority-error-none")]
        );
        assert_eq!(
            form(&["peche"]).parse(&OFFERED, 3).unwrap_err(),
            vec![("themes", "priority-error-theme")]
        );
    }

    #[test]
    fn the_profile_is_optional_but_taken_from_its_lists() {
        let mut f = form(&["sante"]);
        f.zone = "poro".into();
        f.sex = "femme".into();
        f.age_band = "18-35".into();
        let b = f.parse(&OFFERED, 3).unwrap();
        assert_eq!(b.profile.zone, "poro");
        f.zone = "atlantide".into();
        f.sex = "x".into();
        f.age_band = "12".into();
        f.contributor_type = "robot".into();
        let fields: Vec<&str> = f
            .parse(&OFFERED, 3)
            .unwrap_err()
            .iter()
            .map(|(f, _)| *f)
            .collect();
        assert_eq!(fields, ["zone", "contributor_type", "sex", "age_band"]);
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_workshop_count_has_people_and_a_number_per_theme_none_over_the_people() {
        let t = parse_tally(
            &pairs(&[
                ("channel", "papier"),
                ("people", "40"),
                ("t_sante", "31"),
                ("t_budget", "12"),
            ]),
            &OFFERED,
            3,
        )
        .unwrap();
        assert_eq!(t.channel, Channel::Paper);
        assert_eq!(t.people, 40);
        assert_eq!(
            t.counts,
            [
                ("sante".to_string(), 31),
                ("education".to_string(), 0),
                ("budget".to_string(), 12),
                ("foncier".to_string(), 0)
            ]
        );
        let over = pairs(&[
            ("channel", "mains_levees"),
            ("people", "10"),
            ("t_sante", "11"),
        ]);
        assert_eq!(
            parse_tally(&over, &OFFERED, 3).unwrap_err(),
            vec![("counts", "priority-tally-error-over")]
        );
        // Four themes at 10 each from 10 people who pick at most three: 40 > 30.
        let too_many = pairs(&[
            ("channel", "papier"),
            ("people", "10"),
            ("t_sante", "10"),
            ("t_education", "10"),
            ("t_budget", "10"),
            ("t_foncier", "10"),
        ]);
        assert!(parse_tally(&too_many, &OFFERED, 3).is_err());
        let wrong = pairs(&[("channel", "en_ligne"), ("people", "0"), ("t_sante", "-1")]);
        let fields: Vec<&str> = parse_tally(&wrong, &OFFERED, 3)
            .unwrap_err()
            .iter()
            .map(|(f, _)| *f)
            .collect();
        assert_eq!(fields, ["channel", "people", "counts"]);
    }

    fn ballot(zone: &str, kind: &str, themes: &[&str]) -> BallotRow {
        BallotRow {
            channel: "en_ligne".into(),
            profile: Profile {
                zone: zone.into(),
                contributor_type: kind.into(),
                sex: "femme".into(),
                age_band: String::new(),
            },
            themes: themes.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn results_rank_themes_and_group_districts_of_fewer_than_five() {
        let mut votes = Votes::default();
        // Five in Savanes (Poro), two in Abidjan, one without a zone.
        for _ in 0..5 {
            votes
                .ballots
                .push(ballot("poro", "citoyen", &["sante", "education"]));
        }
        votes
            .ballots
            .push(ballot("abidjan", "citoyen", &["budget"]));
        votes.ballots.push(ballot("abidjan", "osc", &["budget"]));
        votes.ballots.push(ballot("", "", &["foncier"]));
        votes.tallies.push(TallyRow {
            channel: "papier".into(),
            zone: "poro".into(),
            people: 20,
            counts: vec![("foncier".into(), 15), ("sante".into(), 3)],
        });
        let r = Results::of(&votes, &OFFERED);
        assert_eq!(r.participants, 28);
        assert_eq!(
            r.themes,
            [
                ("foncier".to_string(), 16),
                ("sante".to_string(), 8),
                ("education".to_string(), 5),
                ("budget".to_string(), 2)
            ]
        );
        let savanes = r.district("Savanes").unwrap();
        assert_eq!(savanes.participants, 25);
        assert_eq!(savanes.themes[0], ("foncier".to_string(), 15));
        // Abidjan's two people are in the grouped row, their themes withheld.
        assert!(r.district("Abidjan").is_none());
        let others = r.districts.last().unwrap();
        assert_eq!((others.name.as_str(), others.participants), (OTHERS, 2));
        assert!(others.themes.is_empty());
        assert_eq!(r.no_zone, 1);
        assert_eq!(
            r.channels,
            [("papier".to_string(), 20), ("en_ligne".to_string(), 8)]
        );
        // Eight women: shown; nobody gave an age.
        assert_eq!(r.sexes, [("femme".to_string(), Shown::Count(8))]);
        assert!(r.age_bands.is_empty());
        // Six citizens shown; the organisation's one person grouped.
        assert_eq!(r.contributor_types[0].name, "citoyen");
        assert_eq!(r.contributor_types[1].participants, 1);
        assert!(r.contributor_types[1].themes.is_empty());
    }

    #[test]
    fn the_open_round_is_the_one_closing_first() {
        let k = consultation();
        let a = Round::of(&k, None);
        let b = Round {
            consultation_id: 2,
            closes_at: 150,
            ..a.clone()
        };
        assert_eq!(
            open_round(&[a.clone(), b.clone()], 120).map(|r| r.consultation_id),
            Some(2)
        );
        assert_eq!(open_round(&[a, b], 250), None);
    }
}
