//! The training site's plan: a seeded generator and, for every fictional proposal, when it
//! comes, from whom and where, through which channel, and what becomes of it.

use super::*;

/// SplitMix64: small, fast, and the same numbers on every platform and every version.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// lo..hi (lo when the range is empty).
    pub(super) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next() % (hi - lo) as u64) as i64
        }
    }

    pub(super) fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    /// 0.0..1.0
    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of `weights.len()` choices, each as likely as its weight.
    pub(super) fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut r = self.next() % total.max(1);
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        0
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// What becomes of a proposal once filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    Pending,
    /// Pending, and should be withheld (the moderation exercise).
    PendingBad,
    Withheld(usize),
    /// Published with this status ("recue" for none given).
    Published(&'static str),
    /// Published, one of a group of look-alikes (group index).
    Duplicate(usize),
    /// The merge already done: the first of the pair is merged into the second.
    MergedPair(usize),
}

pub(super) struct Plan {
    pub(super) at: i64,
    pub(super) open: bool,
    pub(super) title: String,
    pub(super) problem: String,
    pub(super) solution: String,
    pub(super) benefit: String,
    pub(super) theme: &'static str,
    pub(super) zone: &'static str,
    pub(super) contributor_type: &'static str,
    pub(super) ogp_values: Vec<String>,
    pub(super) author: String,
    pub(super) organisation: String,
    pub(super) contact: Option<String>,
    pub(super) language: &'static str,
    pub(super) channel: Channel,
    /// Made at the Bouaké workshop; with its paper form number when typed in.
    pub(super) workshop: bool,
    pub(super) paper: Option<String>,
    pub(super) fate: Fate,
}

pub(super) const CONTRIBUTOR_TYPES: [(&str, u64); 10] = [
    ("citoyen", 50),
    ("osc", 18),
    ("secteur-prive", 6),
    ("administration", 5),
    ("collectivite", 4),
    ("elu", 3),
    ("universite", 5),
    ("media", 3),
    ("partenaire", 2),
    ("autre", 4),
];

pub(super) const LANGUAGES: [(&str, u64); 5] =
    [("fr", 90), ("dyu", 4), ("bci", 3), ("sef", 2), ("any", 1)];

/// Zones of the Bouaké workshop's participants.
pub(super) const WORKSHOP_ZONES: [(&str, u64); 5] = [
    ("gbeke", 60),
    ("hambol", 15),
    ("bere", 10),
    ("marahoue", 10),
    ("iffou", 5),
];

/// "à Korhogo", "dans tout le pays", "à l'étranger".
pub(super) fn place(zone: &str) -> String {
    match zone {
        "national" => "dans tout le pays".into(),
        "diaspora" => "à l'étranger".into(),
        _ => match seed::zone(zone) {
            Some(z) if !z.chef_lieu.is_empty() => format!("à {}", z.chef_lieu),
            _ => "dans tout le pays".into(),
        },
    }
}

pub(super) fn town(zone: &str) -> String {
    seed::zone(zone)
        .map(|z| z.chef_lieu.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Abidjan".into())
}

/// Every zone slug, in the shipped order.
pub(super) fn zones() -> Vec<&'static str> {
    seed::ZONES.iter().map(|z| z.slug.as_str()).collect()
}

/// A zone: Abidjan for one proposal in five, the nation or the diaspora now and then, else
/// any region.
pub(super) fn some_zone(rng: &mut Rng, all: &[&'static str]) -> &'static str {
    match rng.weighted(&[20, 6, 3, 71]) {
        0 => "abidjan",
        1 => "national",
        2 => "diaspora",
        _ => all.get(rng.below(all.len())).copied().unwrap_or("abidjan"),
    }
}

impl Plan {
    /// A proposal from `idea`, by a made-up person of a made-up organisation.
    pub(super) fn new(rng: &mut Rng, idea: &Idea, zone: &'static str, at: i64, open: bool) -> Plan {
        let here = place(zone);
        let title = if rng.percent(45) {
            format!("{} {here}", idea.title)
        } else {
            idea.title.to_string()
        };
        let contributor_type = CONTRIBUTOR_TYPES
            .get(rng.weighted(&CONTRIBUTOR_TYPES.map(|(_, w)| w)))
            .map_or("citoyen", |(c, _)| *c);
        let orgs = texts::organisation(contributor_type);
        let organisation = if !orgs.is_empty() && rng.percent(75) {
            orgs.get(rng.below(orgs.len()))
                .map(|o| o.replace("{v}", &town(zone)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let (author, slug) = if rng.percent(55) {
            texts::NAMES
                .get(rng.below(texts::NAMES.len()))
                .map(|(n, s)| (n.to_string(), *s))
                .unwrap_or_default()
        } else {
            (String::new(), "")
        };
        let contact = (!slug.is_empty() && rng.percent(30)).then(|| format!("{slug}@example.org"));
        let mut ogp_values = Vec::new();
        for v in seed::OGP_VALUES.iter() {
            if rng.percent(30) {
                ogp_values.push(v.code.clone());
            }
        }
        let language = LANGUAGES
            .get(rng.weighted(&LANGUAGES.map(|(_, w)| w)))
            .map_or("fr", |(l, _)| *l);
        let fill = |s: &str| typo(&s.replace("{a}", &here));
        Plan {
            at,
            open,
            title: typo(&title),
            problem: fill(idea.problem),
            solution: fill(idea.solution),
            benefit: fill(idea.benefit),
            theme: idea.theme,
            zone,
            contributor_type,
            ogp_values,
            author,
            organisation,
            contact,
            language,
            channel: Channel::Online,
            workshop: false,
            paper: None,
            fate: Fate::Published("recue"),
        }
    }

    pub(super) fn withheld(
        rng: &mut Rng,
        w: &Withheld,
        zone: &'static str,
        at: i64,
        open: bool,
    ) -> Plan {
        let idea = Idea {
            theme: "autre",
            title: w.title,
            problem: w.problem,
            solution: w.solution,
            benefit: "",
        };
        let mut p = Plan::new(rng, &idea, zone, at, open);
        p.title = typo(w.title);
        p
    }
}

/// Everything that will be filed, oldest first. Times count from midnight today, except for
/// the proposals waiting for moderation, which come last whatever the hour: so the order, and
/// with it every reference, is the same at any hour of any day.
pub(super) fn plan(rng: &mut Rng, now: i64, closed_at: i64, workshop_day: i64) -> Vec<Plan> {
    let today = now - now.rem_euclid(DAY);
    let all = zones();
    let mut out = Vec::new();
    let mut next_idea = rng.below(texts::IDEAS.len());
    let mut idea = |rng: &mut Rng| {
        next_idea = (next_idea + 1 + rng.below(3)) % texts::IDEAS.len();
        texts::IDEAS.get(next_idea).unwrap_or(&texts::IDEAS[0])
    };

    // The earlier round, closed: everything moderated, nearly everything answered.
    let closed_from = closed_at - 60 * DAY;
    let mut fates: Vec<Fate> = Vec::new();
    for (status, n) in [
        ("retenue", 14),
        ("retenue-en-partie", 10),
        ("non-retenue", 20),
        ("hors-champ", 6),
        ("en-analyse", 5),
    ] {
        fates.extend(std::iter::repeat_n(Fate::Published(status), n));
    }
    fates.extend((0..3).map(Fate::Withheld));
    rng.shuffle(&mut fates);
    let merged_group = texts::DUPLICATES.len() - 1;
    fates.push(Fate::MergedPair(0));
    fates.push(Fate::MergedPair(1));
    for (i, fate) in fates.into_iter().enumerate() {
        let at = rng.between(closed_from, closed_at - HOUR);
        let zone = match all.get(i) {
            Some(z) if i < 20 => *z,
            _ => some_zone(rng, &all),
        };
        let mut p = match fate {
            Fate::Withheld(k) => {
                let w = texts::WITHHELD.get(k).unwrap_or(&texts::WITHHELD[0]);
                Plan::withheld(rng, w, zone, at, false)
            }
            Fate::MergedPair(k) => {
                let group = texts::DUPLICATES.get(merged_group).copied().unwrap_or(&[]);
                let d = group.get(k).unwrap_or(&texts::IDEAS[0]);
                // The one merged away came first.
                let at = closed_from + (10 + k as i64) * DAY;
                Plan::new(rng, d, zone, at, false)
            }
            _ => {
                let i = idea(rng);
                Plan::new(rng, i, zone, at, false)
            }
        };
        p.fate = fate;
        if rng.percent(8) {
            p.channel = Channel::Email;
        }
        out.push(p);
    }

    // The open round: the Bouaké workshop, 20 days ago.
    for i in 0..(PAPER_FORMS + WORKSHOP_PHONES + WORKSHOP_KIOSK) {
        let zone = WORKSHOP_ZONES
            .get(rng.weighted(&WORKSHOP_ZONES.map(|(_, w)| w)))
            .map_or("gbeke", |(z, _)| *z);
        let during = workshop_day + rng.between(9 * HOUR, 17 * HOUR);
        let i_idea = idea(rng);
        let mut p = Plan::new(rng, i_idea, zone, during, true);
        p.workshop = true;
        if i < PAPER_FORMS {
            // Typed in the morning after, by the facilitator.
            p.at = workshop_day + DAY + 8 * HOUR + i as i64 * 6 * 60;
            p.channel = Channel::Paper;
            p.paper = Some(format!("BKE-{:03}", i + 1));
            p.contact = None;
            if rng.percent(40) {
                p.language = "bci";
            }
        } else if i < PAPER_FORMS + WORKSHOP_PHONES {
            p.channel = Channel::Workshop;
        } else {
            p.channel = Channel::Kiosk;
        }
        out.push(p);
    }
    let open_from = today - 30 * DAY;
    // Look-alikes to merge, sent by different people on different days.
    for (g, group) in texts::DUPLICATES.iter().take(merged_group).enumerate() {
        for d in group.iter() {
            let at = rng.between(open_from + DAY, today - 3 * DAY);
            let zone = some_zone(rng, &all);
            let mut p = Plan::new(rng, d, zone, at, true);
            p.fate = Fate::Duplicate(g);
            out.push(p);
        }
    }
    // Withheld by the moderators.
    for k in 3..texts::WITHHELD.len() {
        let at = rng.between(open_from + DAY, today - 3 * DAY);
        let zone = some_zone(rng, &all);
        let w = texts::WITHHELD.get(k).unwrap_or(&texts::WITHHELD[0]);
        let mut p = Plan::withheld(rng, w, zone, at, true);
        p.fate = Fate::Withheld(k);
        out.push(p);
    }
    // Waiting for a moderator: the newest ones.
    for k in 0..PENDING {
        // Every three hours over the last day and a half (after everything else: 40 hours
        // before midnight at the earliest), the last one an hour ago.
        let at =
            (now - 40 * HOUR + (k as i64) * 3 * HOUR + rng.between(0, 40 * 60)).min(now - 5 * 60);
        let zone = some_zone(rng, &all);
        // Two of them are plainly to withhold (advertising, personal data).
        let bad = match k {
            3 => texts::PENDING_TO_WITHHOLD.first(),
            9 => texts::PENDING_TO_WITHHOLD.get(1),
            _ => None,
        };
        let mut p = match bad {
            Some(w) => {
                let mut p = Plan::withheld(rng, w, zone, at, true);
                p.fate = Fate::PendingBad;
                p
            }
            None => {
                let i = idea(rng);
                let mut p = Plan::new(rng, i, zone, at, true);
                p.fate = Fate::Pending;
                p
            }
        };
        if k == PENDING - 1 {
            p.channel = Channel::WhatsApp;
        }
        out.push(p);
    }
    // Everything else, sent online over the month; the first ones cover every zone.
    let filed_open = out.iter().filter(|p| p.open).count();
    let mut zone_order = all.clone();
    rng.shuffle(&mut zone_order);
    for i in 0..OPEN_PROPOSALS.saturating_sub(filed_open) {
        let at = rng.between(open_from + HOUR, today - 2 * DAY);
        let zone = match zone_order.get(i) {
            Some(z) => *z,
            None => some_zone(rng, &all),
        };
        let i_idea = idea(rng);
        let mut p = Plan::new(rng, i_idea, zone, at, true);
        p.channel = match rng.weighted(&[88, 4, 4, 4]) {
            0 => Channel::Online,
            1 => Channel::Email,
            2 => Channel::WhatsApp,
            _ => Channel::Phone,
        };
        out.push(p);
    }
    // Answers take time: only what came in more than five days ago has a decision.
    let mut answerable: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, p)| p.open && p.fate == Fate::Published("recue") && p.at < today - 5 * DAY)
        .map(|(i, _)| i)
        .collect();
    rng.shuffle(&mut answerable);
    let mut statuses = Vec::new();
    for (status, n) in [
        ("retenue", 10),
        ("retenue-en-partie", 8),
        ("non-retenue", 8),
        ("hors-champ", 4),
        ("en-analyse", 25),
    ] {
        statuses.extend(std::iter::repeat_n(status, n));
    }
    for (i, status) in answerable.into_iter().zip(statuses) {
        if let Some(p) = out.get_mut(i) {
            p.fate = Fate::Published(status);
        }
    }
    out.sort_by_key(|p| p.at);
    out
}
