//! The fictional consultation of a training session, written through the very functions the
//! site uses (filing, moderation, answers, merges, workshops, library, calendar), in one
//! transaction. A fixed seed gives the same site for the same day: the same references,
//! titles, people, decisions and counts, so that exercises and screenshots can name them.

use rusqlite::Connection;

use super::texts::{self, Idea, Withheld, typo};
use crate::db::{
    Db, DbError, accounts, consultations, documents, moderation, pages, proposals, settings,
    themes, timeline, workshops,
};
use crate::domain::account::{Actor, Login, Role};
use crate::domain::contribution::{
    Channel, CommentFiling, Moderation, PaperForm, ProposalFiling, Recorded, SupportFiling,
};
use crate::domain::document::{Category, DocumentMeta};
use crate::domain::proposal::NewProposal;
use crate::domain::seed;
use crate::domain::slug::slug;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// The seed of the generator: change it and every screenshot changes.
const SEED: u64 = 0x5041_4C41_4252_4521;

/// Proposals of the closed consultation (the earlier round) and of the open one.
pub const CLOSED_PROPOSALS: usize = 60;
pub const OPEN_PROPOSALS: usize = 240;
/// Waiting for moderation in the open consultation (the newest ones).
pub const PENDING: usize = 14;
/// Workshop of Bouaké: typed in from paper forms, sent from phones, from the kiosk.
const PAPER_FORMS: usize = 14;
const WORKSHOP_PHONES: usize = 10;
const WORKSHOP_KIOSK: usize = 6;

/// What a training session holds, to tell trainers (and exercise checks) where to look.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub proposals: usize,
    /// Published (approved), merged ones included.
    pub published: usize,
    /// References waiting for moderation, oldest first.
    pub pending: Vec<String>,
    /// Of those, the ones that should be withheld (advertising, personal data).
    pub pending_to_withhold: Vec<String>,
    /// References withheld by a moderator, with a reason.
    pub withheld: Vec<String>,
    /// Proposals with a final status and a written answer (merges excluded).
    pub answered: usize,
    pub in_analysis: usize,
    /// Groups of look-alike published proposals, not merged yet (the merging exercise).
    pub duplicates: Vec<Vec<String>>,
    /// (merged, into) of the merge already done in the closed consultation.
    pub merged: Vec<(String, String)>,
    pub comments: usize,
    pub pending_comments: usize,
    pub supports: usize,
    /// (id, name) of the open consultation and of the closed one.
    pub open_consultation: (i64, String),
    pub closed_consultation: (i64, String),
    /// (id, name): the workshop whose paper forms were typed in, then the one of today.
    pub workshops: Vec<(i64, String)>,
    pub paper_forms: usize,
    pub documents: usize,
    pub phases: usize,
    pub meetings: usize,
}

/// A staff account of the training session; its password is printed in the console.
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub login: &'static str,
    pub role: Role,
    pub password: &'static str,
}

/// One account per role, with fixed passwords (none contains its login).
pub const ACCOUNTS: [Account; 3] = [
    Account {
        login: "responsable",
        role: Role::Admin,
        password: "formation-admin",
    },
    Account {
        login: "moderatrice",
        role: Role::Moderator,
        password: "formation-moderation",
    },
    Account {
        login: "animateur",
        role: Role::Facilitator,
        password: "formation-atelier",
    },
];

pub const SITE_NAME: &str = "Consultation PGO — formation";
pub const ORGANISATION: &str = "Ministère fictif de la Formation";

/// Fills a new database with the training consultation as it stands at `now`.
pub fn seed(db: &Db, now: i64) -> Result<Summary, DbError> {
    let started = std::time::Instant::now();
    // Password hashing is the slow part: one thread per account, outside the transaction.
    let hashes: Vec<Result<String, String>> = std::thread::scope(|s| {
        let jobs: Vec<_> = ACCOUNTS
            .iter()
            .map(|a| {
                s.spawn(move || {
                    crate::security::password::hash(a.password).map_err(|e| e.to_string())
                })
            })
            .collect();
        jobs.into_iter()
            .map(|j| j.join().unwrap_or_else(|_| Err("hashing thread".into())))
            .collect()
    });
    let hashes = hashes
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(DbError::Commit)?;
    let summary = db.write(|c| {
        let summary = fill(c, now, &hashes)?;
        // The exercises count what is done from the next second on (see `domain::training`).
        crate::db::training::start(c, now + 1)?;
        Ok::<_, DbError>(summary)
    })?;
    tracing::info!(
        proposals = summary.proposals,
        pending = summary.pending.len(),
        ms = started.elapsed().as_millis() as u64,
        "training data ready"
    );
    Ok(summary)
}

/// SplitMix64: small, fast, and the same numbers on every platform and every version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// lo..hi (lo when the range is empty).
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next() % (hi - lo) as u64) as i64
        }
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    /// 0.0..1.0
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of `weights.len()` choices, each as likely as its weight.
    fn weighted(&mut self, weights: &[u64]) -> usize {
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

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// What becomes of a proposal once filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
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

struct Plan {
    at: i64,
    open: bool,
    title: String,
    problem: String,
    solution: String,
    benefit: String,
    theme: &'static str,
    zone: &'static str,
    contributor_type: &'static str,
    ogp_values: Vec<String>,
    author: String,
    organisation: String,
    contact: Option<String>,
    language: &'static str,
    channel: Channel,
    /// Made at the Bouaké workshop; with its paper form number when typed in.
    workshop: bool,
    paper: Option<String>,
    fate: Fate,
}

const CONTRIBUTOR_TYPES: [(&str, u64); 10] = [
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

const LANGUAGES: [(&str, u64); 5] = [("fr", 90), ("dyu", 4), ("bci", 3), ("sef", 2), ("any", 1)];

/// Zones of the Bouaké workshop's participants.
const WORKSHOP_ZONES: [(&str, u64); 5] = [
    ("gbeke", 60),
    ("hambol", 15),
    ("bere", 10),
    ("marahoue", 10),
    ("iffou", 5),
];

/// "à Korhogo", "dans tout le pays", "à l'étranger".
fn place(zone: &str) -> String {
    match zone {
        "national" => "dans tout le pays".into(),
        "diaspora" => "à l'étranger".into(),
        _ => match seed::zone(zone) {
            Some(z) if !z.chef_lieu.is_empty() => format!("à {}", z.chef_lieu),
            _ => "dans tout le pays".into(),
        },
    }
}

fn town(zone: &str) -> String {
    seed::zone(zone)
        .map(|z| z.chef_lieu.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Abidjan".into())
}

/// Every zone slug, in the shipped order.
fn zones() -> Vec<&'static str> {
    seed::ZONES.iter().map(|z| z.slug.as_str()).collect()
}

/// A zone: Abidjan for one proposal in five, the nation or the diaspora now and then, else
/// any region.
fn some_zone(rng: &mut Rng, all: &[&'static str]) -> &'static str {
    match rng.weighted(&[20, 6, 3, 71]) {
        0 => "abidjan",
        1 => "national",
        2 => "diaspora",
        _ => all.get(rng.below(all.len())).copied().unwrap_or("abidjan"),
    }
}

impl Plan {
    /// A proposal from `idea`, by a made-up person of a made-up organisation.
    fn new(rng: &mut Rng, idea: &Idea, zone: &'static str, at: i64, open: bool) -> Plan {
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

    fn withheld(rng: &mut Rng, w: &Withheld, zone: &'static str, at: i64, open: bool) -> Plan {
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
fn plan(rng: &mut Rng, now: i64, closed_at: i64, workshop_day: i64) -> Vec<Plan> {
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

/// What every step needs: who files and decides (this instance, the admin and moderator
/// accounts), when (now, the end of the closed round, the Bouaké workshop's day) and where
/// (the closed and the open consultation, the workshop).
struct World {
    instance: String,
    moderator: (i64, &'static str),
    admin: (i64, &'static str),
    now: i64,
    closed_at: i64,
    workshop_day: i64,
    consultations: [i64; 2],
    workshop_id: i64,
}

impl World {
    fn moderator(&self) -> Actor<'_> {
        Actor {
            id: self.moderator.0,
            login: self.moderator.1,
            role: Role::Moderator,
        }
    }

    fn admin(&self) -> Actor<'_> {
        Actor {
            id: self.admin.0,
            login: self.admin.1,
            role: Role::Admin,
        }
    }
}

fn date(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

fn fill(c: &Connection, now: i64, hashes: &[String]) -> Result<Summary, DbError> {
    let mut rng = Rng(SEED);
    let mut summary = Summary::default();
    let today = now - now.rem_euclid(DAY);
    let setup_at = today - 180 * DAY + 9 * HOUR;

    // The site, as the first-run setup leaves it.
    let instance = settings::get_or_init(c, settings::INSTANCE_ID, || {
        crate::security::random_token(16)
    })?;
    settings::set(c, settings::SITE_NAME, SITE_NAME)?;
    settings::set(c, settings::ORGANISATION, ORGANISATION)?;
    settings::set(c, settings::DEFAULT_LANG, "fr")?;
    settings::set(c, settings::SETUP_DONE_AT, &setup_at.to_string())?;
    settings::set(
        c,
        settings::CONTACT_NAME,
        "Cellule PGO — équipe de formation",
    )?;
    settings::set(c, settings::CONTACT_ROLE, "Point de contact fictif")?;
    settings::set(c, settings::CONTACT_EMAIL, "pgo-formation@example.org")?;
    settings::set(c, settings::CONTACT_PHONE, "+225 00 00 00 00 00")?;
    themes::seed_defaults(c)?;
    // « Le PGO » stays the text shipped by default, marked as such for staff: the
    // exercise is to adapt it and save it.
    pages::seed_defaults(c, setup_at)?;

    let mut account_ids = Vec::new();
    for (a, hash) in ACCOUNTS.iter().zip(hashes) {
        let login = Login::parse(a.login).map_err(|e| DbError::Commit(e.message_id().into()))?;
        let id = accounts::insert(c, &login, a.role, hash, setup_at)?
            .ok_or_else(|| DbError::Commit(format!("account {} exists", a.login)))?;
        account_ids.push(id);
    }
    let admin = (account_ids.first().copied().unwrap_or(1), ACCOUNTS[0].login);
    let moderator = (account_ids.get(1).copied().unwrap_or(1), ACCOUNTS[1].login);

    // Two rounds: a review of the previous plan, closed three months ago, and the call for
    // proposals of the new plan, open for another month.
    let closed_at = today - 90 * DAY;
    let questions = "benefit,ogp_values";
    let closed_title = "Bilan du plan d'action 2023-2025 — votre avis";
    let closed = consultations::save(
        c,
        None,
        &consultations::Edit {
            title: closed_title,
            description: &typo(
                "Premier tour (fictif) : ce qui a marché, ce qui a manqué dans le plan précédent. Les réponses motivées sont publiées.",
            ),
            opens_at: closed_at - 60 * DAY,
            closes_at: closed_at,
            questions,
            theme_ids: &[],
        },
        &crate::security::random_token(12),
        setup_at,
    )?
    .unwrap_or(0);
    let open_title = "Plan d'action national 2026-2028 — appel à propositions";
    let open = consultations::save(
        c,
        None,
        &consultations::Edit {
            title: open_title,
            description: &typo(
                "Deuxième tour (fictif) : vos propositions pour le prochain plan d'action national. Chaque proposition recevra une réponse motivée.",
            ),
            opens_at: today - 30 * DAY,
            closes_at: today + 30 * DAY,
            questions,
            theme_ids: &[],
        },
        &crate::security::random_token(12),
        setup_at,
    )?
    .unwrap_or(0);
    summary.closed_consultation = (closed, closed_title.into());
    summary.open_consultation = (open, open_title.into());

    // Workshops: Bouaké 20 days ago (its paper forms typed in), Korhogo today.
    let workshop_day = today - 20 * DAY;
    let bouake = workshops::NewWorkshop {
        name: "Atelier régional de Bouaké".into(),
        place: "Salle polyvalente de la préfecture (fictive)".into(),
        zone: "gbeke".into(),
        held_on: date(workshop_day),
        facilitators: "Koffi B., Mariam T.".into(),
    };
    let korhogo = workshops::NewWorkshop {
        name: "Atelier régional de Korhogo".into(),
        place: "Maison des jeunes (fictive)".into(),
        zone: "poro".into(),
        held_on: date(today),
        facilitators: "Drissa K., Adjoua S.".into(),
    };
    let bouake_id = workshops::insert(
        c,
        &bouake,
        &crate::security::random_token(16),
        &instance,
        workshop_day - 10 * DAY,
    )?;
    let korhogo_id = workshops::insert(
        c,
        &korhogo,
        &crate::security::random_token(16),
        &instance,
        today - 7 * DAY,
    )?;
    summary.workshops = vec![(bouake_id, bouake.name), (korhogo_id, korhogo.name)];

    let world = World {
        instance,
        moderator,
        admin,
        now,
        closed_at,
        workshop_day,
        consultations: [closed, open],
        workshop_id: bouake_id,
    };
    let (filed, pair) = file_all(c, &mut rng, &world, &mut summary)?;
    let published: Vec<&Made> = filed
        .iter()
        .filter(|f| {
            matches!(
                f.fate,
                Fate::Published(_) | Fate::Duplicate(_) | Fate::MergedPair(_)
            )
        })
        .collect();
    supports_and_comments(c, &mut rng, &world, &published, &mut summary)?;
    merge_pair(c, &world, &pair, &mut summary)?;
    library_and_calendar(c, now, today, closed_at, workshop_day, &mut summary)?;
    Ok(summary)
}

/// The look-alikes of the closed round to merge: (id, reference) of each, in filing order.
type Pair = Vec<(i64, String)>;

/// A proposal as filed: where it is and what became of it.
struct Made {
    id: i64,
    at: i64,
    open: bool,
    workshop: bool,
    fate: Fate,
}

fn file_all(
    c: &Connection,
    rng: &mut Rng,
    world: &World,
    summary: &mut Summary,
) -> Result<(Vec<Made>, Pair), DbError> {
    let (now, closed_at, workshop_day) = (world.now, world.closed_at, world.workshop_day);
    let [closed, open] = world.consultations;
    let workshop_id = world.workshop_id;
    let plans = plan(rng, now, closed_at, workshop_day);
    let mut filed = Vec::with_capacity(plans.len());
    let mut duplicates: Vec<Vec<String>> = vec![Vec::new(); texts::DUPLICATES.len() - 1];
    let mut pair: Vec<(i64, String)> = Vec::new();
    // Follow-up links differ from one training laptop to the next: a workshop file made on
    // one is imported on another (exercise 9), and two equal links would refuse it.
    let salt = crate::security::random_token(6);
    for (n, p) in plans.into_iter().enumerate() {
        // The follow-up link of P-0042 is /suivi/formation-<salt>-0042.
        let token = format!("formation-{salt}-{:04}", n + 1);
        let f = ProposalFiling {
            uid: crate::security::random_token(16),
            proposal: NewProposal {
                title: p.title,
                problem: p.problem,
                solution: p.solution,
                benefit: p.benefit,
                theme: p.theme.into(),
                zone: p.zone.into(),
                contributor_type: p.contributor_type.into(),
                ogp_values: p.ogp_values,
                author_name: p.author,
                organisation: p.organisation,
                contact: p.contact,
                language: p.language.into(),
            },
            consultation_id: if p.open { open } else { closed },
            channel: p.channel,
            workshop_id: p.workshop.then_some(workshop_id),
            paper: p.paper.map(|number| PaperForm {
                number,
                entered_by: ACCOUNTS[2].login.into(),
            }),
            recorded: Recorded::Here,
            follow_token_hash: crate::security::sha256(token.as_bytes()),
            submission: None,
            moderation: Moderation::Pending,
            created_at: p.at,
        };
        let (id, reference) = match proposals::file_proposal(c, &f, &world.instance)? {
            proposals::Filed::New { id, reference } => (id, reference),
            other => return Err(DbError::Commit(format!("training proposal: {other:?}"))),
        };
        summary.proposals += 1;
        if f.paper.is_some() {
            summary.paper_forms += 1;
        }
        // A moderator looks within a day and a half; never after now, nor (for the closed
        // round) after it closed.
        let limit = if p.open { now - 10 * 60 } else { closed_at };
        let decided = (p.at + rng.between(HOUR, 36 * HOUR)).min(limit);
        match p.fate {
            Fate::Pending => summary.pending.push(reference),
            Fate::PendingBad => {
                summary.pending.push(reference.clone());
                summary.pending_to_withhold.push(reference);
            }
            Fate::Withheld(k) => {
                let w = texts::WITHHELD.get(k).unwrap_or(&texts::WITHHELD[0]);
                moderation::withhold(
                    c,
                    moderation::Kind::Proposal,
                    id,
                    w.reason,
                    &typo(w.note),
                    world.moderator(),
                    decided,
                )?;
                summary.withheld.push(reference);
            }
            Fate::Published(status) => {
                moderation::approve(
                    c,
                    moderation::Kind::Proposal,
                    id,
                    world.moderator(),
                    decided,
                )?;
                summary.published += 1;
                if status != "recue" {
                    let variant = rng.below(6);
                    let text = typo(
                        &texts::answer(status, variant).replace("{c}", texts::commitment(p.theme)),
                    );
                    let commitment = if crate::domain::moderation::is_retained(status) {
                        texts::commitment(p.theme)
                    } else {
                        ""
                    };
                    let a = crate::domain::moderation::parse_answer(status, &text, commitment)
                        .map_err(|e| DbError::Commit(format!("training answer: {e:?}")))?;
                    let answer_limit = if p.open { now - 5 * 60 } else { now - DAY };
                    let answered = (decided + rng.between(2 * DAY, 15 * DAY)).min(answer_limit);
                    // The admin signs the retained ones; the moderator the rest.
                    let actor = if crate::domain::moderation::is_retained(status) {
                        world.admin()
                    } else {
                        world.moderator()
                    };
                    moderation::answer(c, id, &a, actor, answered)?;
                    if crate::domain::moderation::is_final(status) {
                        summary.answered += 1;
                    } else {
                        summary.in_analysis += 1;
                    }
                }
            }
            Fate::Duplicate(g) => {
                moderation::approve(
                    c,
                    moderation::Kind::Proposal,
                    id,
                    world.moderator(),
                    decided,
                )?;
                summary.published += 1;
                if let Some(group) = duplicates.get_mut(g) {
                    group.push(reference);
                }
            }
            Fate::MergedPair(_) => {
                moderation::approve(
                    c,
                    moderation::Kind::Proposal,
                    id,
                    world.moderator(),
                    decided,
                )?;
                summary.published += 1;
                pair.push((id, reference));
            }
        }
        filed.push(Made {
            id,
            at: p.at,
            open: p.open,
            workshop: f.workshop_id.is_some(),
            fate: p.fate,
        });
    }
    summary.duplicates = duplicates;
    Ok((filed, pair))
}

/// The merge of the closed round: the first look-alike into the second (its supports carried
/// over), which is then answered.
fn merge_pair(
    c: &Connection,
    world: &World,
    pair: &[(i64, String)],
    summary: &mut Summary,
) -> Result<(), DbError> {
    let closed_at = world.closed_at;
    let [(dup, dup_ref), (keep, keep_ref)] = pair else {
        return Ok(());
    };
    let at = closed_at - 5 * DAY;
    moderation::merge(c, *keep, &[*dup], world.moderator(), at)?;
    let commitment = texts::commitment("acces-information");
    let text = typo(&texts::answer("retenue", 0).replace("{c}", commitment));
    let a = crate::domain::moderation::parse_answer("retenue", &text, commitment)
        .map_err(|e| DbError::Commit(format!("training answer: {e:?}")))?;
    moderation::answer(c, *keep, &a, world.admin(), at + DAY)?;
    summary.answered += 1;
    summary.merged.push((dup_ref.clone(), keep_ref.clone()));
    Ok(())
}

fn supports_and_comments(
    c: &Connection,
    rng: &mut Rng,
    world: &World,
    published: &[&Made],
    summary: &mut Summary,
) -> Result<(), DbError> {
    let (now, closed_at, workshop_id) = (world.now, world.closed_at, world.workshop_id);
    const PARTICIPANTS: usize = 600;
    // Supports: most proposals get a few, some get many (a long tail, as in real life).
    for p in published {
        let end = if p.open { now - 60 } else { closed_at };
        let boost = match p.fate {
            Fate::Published("retenue") => 8,
            Fate::Duplicate(_) => 3,
            _ => 0,
        };
        let n = (45.0 * rng.unit().powi(3)) as usize + boost;
        let first = rng.below(PARTICIPANTS);
        for k in 0..n {
            let participant = format!("formation-participant-{}", (first + k) % PARTICIPANTS);
            let at_workshop = p.workshop && k % 2 == 0;
            let s = SupportFiling {
                uid: crate::security::random_token(16),
                participant,
                channel: if at_workshop {
                    Channel::Workshop
                } else {
                    Channel::Online
                },
                workshop_id: at_workshop.then_some(workshop_id),
                recorded: Recorded::Here,
                created_at: rng.between(p.at + 10 * 60, end),
            };
            if let proposals::Taken::Added { .. } =
                proposals::file_support(c, p.id, &s, &world.instance)?
            {
                summary.supports += 1;
            }
        }
    }
    // Comments, each published by the moderator.
    let file_comment = |rng: &mut Rng, p: &Made, body: &str, at: i64| {
        let name = if rng.percent(50) {
            texts::NAMES
                .get(rng.below(texts::NAMES.len()))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let k = CommentFiling {
            uid: crate::security::random_token(16),
            body: typo(body),
            author_name: name,
            channel: Channel::Online,
            workshop_id: None,
            recorded: Recorded::Here,
            submission: None,
            moderation: Moderation::Pending,
            created_at: at,
        };
        match proposals::file_comment(c, p.id, &k, &world.instance)? {
            proposals::Taken::Added { .. } => Ok(c.last_insert_rowid()),
            other => Err(DbError::Commit(format!("training comment: {other:?}"))),
        }
    };
    let commentable: Vec<&&Made> = published
        .iter()
        .filter(|p| !matches!(p.fate, Fate::MergedPair(_)))
        .collect();
    for i in 0..140 {
        let Some(p) = commentable.get(rng.below(commentable.len())) else {
            break;
        };
        let end = if p.open { now - 2 * HOUR } else { closed_at };
        let at = rng.between(p.at + HOUR, end).min(end);
        let body = texts::COMMENTS
            .get((i + rng.below(3)) % texts::COMMENTS.len())
            .copied()
            .unwrap_or("");
        let id = file_comment(rng, p, body, at)?;
        moderation::approve(
            c,
            moderation::Kind::Comment,
            id,
            world.moderator(),
            (at + rng.between(HOUR, 12 * HOUR)).min(end + HOUR),
        )?;
        summary.comments += 1;
    }
    // Waiting for a moderator, on proposals of the open round.
    let open: Vec<&&Made> = commentable.iter().copied().filter(|p| p.open).collect();
    for (i, body) in texts::PENDING_COMMENTS.iter().enumerate() {
        if let Some(p) = open.get(rng.below(open.len())) {
            file_comment(rng, p, body, now - DAY + i as i64 * 3 * HOUR)?;
            summary.pending_comments += 1;
        }
    }
    if let Some(p) = open.get(rng.below(open.len())) {
        let (body, reason) = texts::WITHHELD_COMMENT;
        let at = now - 4 * DAY;
        let id = file_comment(rng, p, body, at)?;
        moderation::withhold(
            c,
            moderation::Kind::Comment,
            id,
            reason,
            "",
            world.moderator(),
            at + 3 * HOUR,
        )?;
    }
    Ok(())
}

fn library_and_calendar(
    c: &Connection,
    now: i64,
    today: i64,
    closed_at: i64,
    workshop_day: i64,
    summary: &mut Summary,
) -> Result<(), DbError> {
    let forum_day = today - 100 * DAY;
    let notice = "Document fictif, créé pour le mode formation de Palabre : il ne décrit aucun engagement réel.";
    let docs: [(&str, Category, i64, &str, &[&str]); 4] = [
        (
            "Lettre d'intention fictive de rejoindre le Partenariat pour un gouvernement ouvert",
            Category::TextesDeBase,
            today - 400 * DAY,
            "Le texte de base (fictif) par lequel le pays s'engage dans le PGO.",
            &[
                "Le Gouvernement (fictif) confirme sa volonté de rejoindre le Partenariat pour un gouvernement ouvert.",
                "Il s'engage à élaborer avec la société civile un plan d'action national tous les deux ans.",
            ],
        ),
        (
            "Plan d'action national 2023-2025 (exemple fictif)",
            Category::PlansAction,
            today - 320 * DAY,
            "Cinq engagements fictifs : budget citoyen, marchés publics, accès à l'information, participation, données ouvertes.",
            &[
                "Engagement 1 : un budget citoyen publié chaque année.",
                "Engagement 2 : un registre public des marchés.",
                "Engagement 3 : un responsable de l'accès à l'information par administration.",
                "Engagement 4 : des consultations dans les langues locales.",
                "Engagement 5 : des données ouvertes sur l'école et la santé.",
            ],
        ),
        (
            "Compte rendu du forum multi-acteurs (fictif)",
            Category::ComptesRendusForum,
            forum_day,
            "Réunion du forum : calendrier de co-création et règles de la consultation.",
            &[
                "Participants : administration, société civile, secteur privé.",
                "Décisions : calendrier de la consultation adopté ; deux ateliers régionaux, à Bouaké et à Korhogo.",
            ],
        ),
        (
            "Rapport d'auto-évaluation à mi-parcours (exemple fictif)",
            Category::Rapports,
            today - 45 * DAY,
            "Où en sont les engagements du plan précédent, selon le point de contact (fictif).",
            &[
                "Deux engagements achevés, deux en cours, un en retard.",
                "Les retards viennent surtout du financement et de la coordination entre ministères.",
            ],
        ),
    ];
    let mut forum_minutes = None;
    for (title, category, day, summary_text, lines) in docs {
        let title = typo(title);
        let mut paragraphs: Vec<String> = vec![typo(notice)];
        paragraphs.extend(lines.iter().map(|l| typo(l)));
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let data = super::pdf::one_page(&title, &refs);
        let file_name = format!("{}.pdf", slug(&title));
        let meta = DocumentMeta {
            title: title.clone(),
            category,
            doc_date: date(day),
            language: "fr".into(),
            summary: typo(summary_text),
        };
        let id = documents::insert_file(
            c,
            &crate::security::random_token(12),
            &meta,
            documents::NewFile::from_bytes(&file_name, "PDF", "application/pdf", &data),
            (day + 2 * DAY).min(now - HOUR),
        )?;
        if category == Category::ComptesRendusForum {
            forum_minutes = Some(id);
        }
        summary.documents += 1;
    }

    // The calendar of both rounds, published well before contributions opened (the OGP's
    // two weeks), so that the dashboard has no warning to show.
    let phases: [(&str, &str, &str, &str, i64, i64); 9] = [
        (
            "information",
            "Lancement et information",
            "Présentation de la démarche aux organisations et aux médias.",
            "Abidjan",
            closed_at - 80 * DAY,
            closed_at - 61 * DAY,
        ),
        (
            "contributions",
            "Premier tour : bilan du plan précédent",
            "Avis en ligne et sur papier sur le plan 2023-2025.",
            "",
            closed_at - 60 * DAY,
            closed_at,
        ),
        (
            "synthese",
            "Synthèse du premier tour",
            "Réponses motivées et rapport public.",
            "",
            closed_at + DAY,
            closed_at + 30 * DAY,
        ),
        (
            "information",
            "Annonce du second tour",
            "Calendrier et règles publiés, réunions d'information.",
            "",
            today - 45 * DAY,
            today - 31 * DAY,
        ),
        (
            "contributions",
            "Second tour : appel à propositions",
            "Propositions en ligne, par téléphone et dans les ateliers.",
            "",
            today - 30 * DAY,
            today + 30 * DAY,
        ),
        (
            "atelier",
            "Atelier régional de Bouaké",
            "Fiches papier et propositions sur place.",
            "Bouaké",
            workshop_day,
            workshop_day,
        ),
        (
            "atelier",
            "Atelier régional de Korhogo",
            "Fiches papier et propositions sur place.",
            "Korhogo",
            today,
            today,
        ),
        (
            "synthese",
            "Synthèse et réponses motivées",
            "Chaque proposition reçoit une réponse.",
            "",
            today + 31 * DAY,
            today + 45 * DAY,
        ),
        (
            "restitution",
            "Restitution publique",
            "Présentation du projet de plan d'action.",
            "Abidjan",
            today + 60 * DAY,
            today + 60 * DAY,
        ),
    ];
    let published_at = closed_at - 85 * DAY;
    for (kind, title, description, place, starts, ends) in phases {
        let (title, description) = (typo(title), typo(description));
        timeline::insert_phase(
            c,
            &timeline::NewPhase {
                kind,
                title: &title,
                description: &description,
                place,
                starts_on: &date(starts),
                ends_on: &date(ends),
            },
            published_at - DAY,
        )?;
        summary.phases += 1;
    }
    settings::set(
        c,
        settings::TIMELINE_PUBLISHED_AT,
        &published_at.to_string(),
    )?;

    let meetings = [
        (
            forum_day,
            "Ministère fictif de la Formation, salle du conseil",
            [9, 12, 4],
            "Calendrier de co-création ; règles de la consultation ; choix des lieux des ateliers.",
            forum_minutes,
        ),
        (
            today - 25 * DAY,
            "En ligne et à Bouaké",
            [11, 15, 6],
            "Bilan du premier tour ; préparation du second tour.",
            None,
        ),
    ];
    for (day, place, participants, agenda, minutes) in meetings {
        let agenda = typo(agenda);
        timeline::insert_meeting(
            c,
            &timeline::NewMeeting {
                held_on: &date(day),
                place,
                participants,
                agenda: &agenda,
                minutes_document_id: minutes,
            },
            day + DAY,
        )?;
        summary.meetings += 1;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Monday 30 November 2026, 10:00 UTC.
    fn now_of_tests() -> i64 {
        1_796_032_800
    }

    fn count(db: &Db, sql: &str) -> i64 {
        db.read(|c| Ok::<_, DbError>(c.query_row(sql, [], |r| r.get(0))?))
            .unwrap()
    }

    /// Every state a trainer needs is there, in the numbers the exercises expect, and the
    /// database is sound.
    #[test]
    fn a_training_site_has_every_state_to_practise_on() {
        let (_dir, db) = crate::db::test_db();
        let now = now_of_tests();
        let s = seed(&db, now).unwrap();
        assert_eq!(s.proposals, CLOSED_PROPOSALS + OPEN_PROPOSALS);
        assert_eq!(count(&db, "SELECT count(*) FROM proposals"), 300);
        // Moderation states.
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM proposals WHERE moderation = 'pending'"
            ),
            PENDING as i64
        );
        assert_eq!(s.pending.len(), PENDING);
        assert!(s.pending.len() >= 8);
        assert!(!s.pending_to_withhold.is_empty());
        let approved = count(
            &db,
            "SELECT count(*) FROM proposals WHERE moderation = 'approved'",
        );
        assert_eq!(approved as usize, s.published);
        assert!(approved >= 250, "{approved}");
        let rejected = count(
            &db,
            "SELECT count(*) FROM proposals WHERE moderation = 'rejected' AND withheld_reason IS NOT NULL",
        );
        assert_eq!(rejected as usize, s.withheld.len());
        assert_eq!(rejected, 11);
        assert_eq!(
            count(
                &db,
                "SELECT count(DISTINCT withheld_reason) FROM proposals WHERE moderation = 'rejected'"
            ),
            6,
            "every reason, 'autre' with its note"
        );
        // Answers: final statuses all carry a written answer.
        for (status, at_least) in [
            ("retenue", 20),
            ("retenue-en-partie", 15),
            ("non-retenue", 25),
            ("hors-champ", 8),
            ("en-analyse", 25),
            ("fusionnee", 1),
        ] {
            let n = count(
                &db,
                &format!("SELECT count(*) FROM proposals WHERE status = '{status}'"),
            );
            assert!(n >= at_least, "{status}: {n}");
        }
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM proposals WHERE status IN ('retenue', 'retenue-en-partie', 'non-retenue', 'hors-champ') \
                 AND (length(answer) < 10 OR answered_at IS NULL)"
            ),
            0
        );
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM proposals WHERE commitment <> '' AND status NOT IN ('retenue', 'retenue-en-partie')"
            ),
            0
        );
        assert!(s.answered >= 60, "{}", s.answered);
        // Duplicates to merge: published, not merged, three groups.
        assert_eq!(s.duplicates.len(), 3);
        assert_eq!(s.duplicates.iter().map(Vec::len).sum::<usize>(), 7);
        for r in s.duplicates.iter().flatten() {
            let (m, st): (String, String) = db
                .read(|c| {
                    Ok::<_, DbError>(c.query_row(
                        "SELECT moderation, status FROM proposals WHERE reference = ?1",
                        [r],
                        |x| Ok((x.get(0)?, x.get(1)?)),
                    )?)
                })
                .unwrap();
            assert_eq!((m.as_str(), st.as_str()), ("approved", "recue"), "{r}");
        }
        assert_eq!(s.merged.len(), 1);
        // Spread: all 35 zones, the channels of a consultation, both rounds.
        assert_eq!(count(&db, "SELECT count(DISTINCT zone) FROM proposals"), 35);
        for ch in [
            "en_ligne", "atelier", "papier", "kiosque", "courriel", "whatsapp",
        ] {
            assert!(
                count(
                    &db,
                    &format!("SELECT count(*) FROM proposals WHERE channel = '{ch}'")
                ) > 0,
                "{ch}"
            );
        }
        assert!(count(&db, "SELECT count(DISTINCT theme) FROM proposals") >= 18);
        assert!(
            count(
                &db,
                "SELECT count(DISTINCT contributor_type) FROM proposals"
            ) >= 8
        );
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT count(*) FROM consultations WHERE opens_at <= {now} AND closes_at > {now}"
                )
            ),
            1
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(*) FROM consultations WHERE closes_at <= {now}")
            ),
            1
        );
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT count(*) FROM proposals WHERE consultation_id = {}",
                    s.closed_consultation.0
                )
            ),
            CLOSED_PROPOSALS as i64
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(*) FROM proposals WHERE created_at > {now}")
            ),
            0
        );
        // Pending ones are the newest of all.
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM proposals WHERE moderation <> 'pending' \
                 AND created_at > (SELECT min(created_at) FROM proposals WHERE moderation = 'pending')"
            ),
            0
        );
        // Workshops: paper forms typed in at Bouaké, nothing yet at Korhogo.
        assert_eq!(s.workshops.len(), 2);
        let (bouake, korhogo) = (s.workshops[0].0, s.workshops[1].0);
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT count(*) FROM proposals WHERE workshop_id = {bouake} AND channel = 'papier' AND paper_number LIKE 'BKE-%' AND entered_by = 'animateur'"
                )
            ),
            PAPER_FORMS as i64
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(*) FROM proposals WHERE workshop_id = {korhogo}")
            ),
            0
        );
        // Comments and supports; counters match the rows.
        assert!(s.comments >= 100);
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM comments WHERE moderation = 'pending'"
            ),
            texts::PENDING_COMMENTS.len() as i64
        );
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM comments WHERE moderation = 'rejected'"
            ),
            1
        );
        assert!(s.supports >= 1000, "{}", s.supports);
        assert_eq!(
            count(&db, "SELECT count(*) FROM supports"),
            count(&db, "SELECT sum(support_count) FROM proposals")
        );
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM comments WHERE moderation = 'approved'"
            ),
            count(&db, "SELECT sum(comment_count) FROM proposals")
        );
        // Library, calendar, forum, presentation page.
        assert_eq!(count(&db, "SELECT count(*) FROM documents"), 4);
        assert_eq!(
            count(
                &db,
                "SELECT count(DISTINCT document_id) FROM document_parts"
            ),
            4
        );
        assert!(count(&db, "SELECT count(*) FROM timeline_phases") >= 5);
        assert_eq!(count(&db, "SELECT count(*) FROM forum_meetings"), 2);
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM pages WHERE slug = 'pgo' AND is_default = 1"
            ),
            2
        );
        let facts = db
            .read(|c| Ok::<_, DbError>(timeline::oversight(c)?))
            .unwrap();
        assert_eq!(crate::domain::oversight::warnings(&facts, now), vec![]);
        // One account per role, with the printed password.
        let list = db.read(|c| Ok::<_, DbError>(accounts::list(c)?)).unwrap();
        assert_eq!(list.len(), 3);
        for a in ACCOUNTS {
            let found = list.iter().find(|x| x.login == a.login).unwrap();
            assert_eq!(found.role, a.role);
            assert!(crate::security::password::verify(
                a.password,
                &found.password_hash
            ));
            assert!(
                crate::domain::password::NewPassword::parse(a.password, a.password, a.login)
                    .is_ok(),
                "{} breaks the password rule",
                a.login
            );
        }
        // Sound: every foreign key holds, and SQLite (FTS5 included) finds nothing wrong.
        let check: String = db
            .read(|c| Ok::<_, DbError>(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(check, "ok");
        assert_eq!(
            count(&db, "SELECT count(*) FROM pragma_foreign_key_check"),
            0
        );
    }

    /// The same day gives the same site: references, titles, zones, decisions, counts.
    #[test]
    fn the_same_day_gives_the_same_site() {
        let snapshot = || {
            let (_dir, db) = crate::db::test_db();
            let s = seed(&db, now_of_tests()).unwrap();
            let rows: Vec<String> = db
                .read(|c| {
                    Ok::<_, DbError>(
                        c.prepare(
                            "SELECT reference || title || zone || moderation || status || support_count || comment_count || created_at \
                             FROM proposals ORDER BY id",
                        )?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<String>>>()?,
                    )
                })
                .unwrap();
            (rows, s.pending, s.duplicates)
        };
        assert_eq!(snapshot(), snapshot());
    }

    /// Exercises name references: they are the same at any hour of any day.
    #[test]
    fn references_do_not_depend_on_the_hour_or_the_day() {
        let decisions = |now: i64| {
            let (_dir, db) = crate::db::test_db();
            let s = seed(&db, now).unwrap();
            let rows: Vec<String> = db
                .read(|c| {
                    Ok::<_, DbError>(
                        c.prepare(
                            "SELECT reference || ' ' || title || ' ' || moderation || ' ' || status || ' ' || support_count \
                             FROM proposals ORDER BY id",
                        )?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<String>>>()?,
                    )
                })
                .unwrap();
            (rows, s.pending, s.duplicates, s.withheld, s.workshops)
        };
        let monday_ten = now_of_tests();
        let monday_early = monday_ten - 10 * HOUR + 60;
        let thursday_late = monday_ten + 3 * DAY + 13 * HOUR + 59 * 60;
        let first = decisions(monday_ten);
        assert_eq!(first, decisions(monday_early));
        assert_eq!(first, decisions(thursday_late));
        assert_eq!(first.1.first().map(String::as_str), Some("P-0287"));
        assert_eq!(first.1.last().map(String::as_str), Some("P-0300"));
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(
            slug("Plan d'action national 2023-2025 (exemple fictif)"),
            "plan-d-action-national-2023-2025-exemple-fictif"
        );
    }
}
