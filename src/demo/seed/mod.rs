//! The fictional consultation of a training session, written through the very functions the
//! site uses (filing, moderation, answers, merges, workshops, library, calendar), in one
//! transaction. A fixed seed gives the same site for the same day: the same references,
//! titles, people, decisions and counts, so that exercises and screenshots can name them.

use rusqlite::Connection;

mod library;
mod plan;

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
use crate::domain::moderation::Reason;
use crate::domain::proposal::NewProposal;
use crate::domain::seed;
use crate::domain::slug::slug;
use library::library_and_calendar;
use plan::*;

/// The comments left waiting for moderation (the training tests count them).
pub use super::texts::PENDING_COMMENTS;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// Participants (phones) the training supports come from.
const PARTICIPANTS: usize = 600;
/// The seed of the generator: change it and every screenshot changes.
const SEED: u64 = 0x5041_4C41_4252_4521;

/// Proposals of the closed consultation (the earlier round) and of the open one.
pub const CLOSED_PROPOSALS: usize = 60;
pub const OPEN_PROPOSALS: usize = 240;
/// Waiting for moderation in the open consultation (the newest ones).
pub const PENDING: usize = 14;
/// Workshop of Bouaké: typed in from paper forms, sent from phones, from the kiosk.
pub const PAPER_FORMS: usize = 14;
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
    let bouake = crate::domain::workshop::NewWorkshop {
        name: "Atelier régional de Bouaké".into(),
        place: "Salle polyvalente de la préfecture (fictive)".into(),
        zone: "gbeke".into(),
        held_on: date(workshop_day),
        facilitators: "Koffi B., Mariam T.".into(),
    };
    let korhogo = crate::domain::workshop::NewWorkshop {
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
    // Bouaké's facilitators counted who came; Korhogo's is today, not counted yet.
    let counted = crate::domain::attendance::Attendance::from_text(
        "citoyen:14:19,osc:6:5,secteur-prive:2:4,administration:3:5,collectivite:1:3,elu:0:2,media:1:1",
    )
    .unwrap_or_default();
    workshops::set_attendance(c, bouake_id, &counted, workshop_day + 8 * HOUR)?;
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
    priorities(c, &mut rng, &world)?;
    library_and_calendar(c, now, today, closed_at, workshop_day, &mut summary)?;
    Ok(summary)
}

/// The priority round of the open consultation: people who picked their themes online,
/// across the country, and the paper ballots counted at Bouaké's workshop.
fn priorities(c: &Connection, rng: &mut Rng, w: &World) -> Result<(), DbError> {
    use crate::db::priorities::{BallotFiling, file_ballot, set_tally};
    use crate::domain::priority::{Ballot, Profile, Tally};
    // Weighted: health, cost of living and education come first, as in most regions.
    const LIKED: [&str; 12] = [
        "sante",
        "sante",
        "sante",
        "vie-chere",
        "vie-chere",
        "education",
        "education",
        "foncier",
        "services-publics",
        "budget",
        "anticorruption",
        "genre-inclusion",
    ];
    let zones = plan::zones();
    let kinds = [
        "citoyen",
        "citoyen",
        "osc",
        "secteur-prive",
        "administration",
        "",
    ];
    let open = w.consultations[1];
    for k in 0..64 {
        let mut themes: Vec<String> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let t = LIKED[rng.below(LIKED.len())].to_string();
            if !themes.contains(&t) {
                themes.push(t);
            }
        }
        let ballot = Ballot {
            themes,
            profile: Profile {
                zone: plan::some_zone(rng, &zones).to_string(),
                contributor_type: kinds[rng.below(kinds.len())].to_string(),
                sex: ["femme", "homme", ""][rng.below(3)].to_string(),
                age_band: ["18-35", "18-35", "36-60", "plus-60", ""][rng.below(5)].to_string(),
            },
        };
        let uid = format!("{}-priorite-{k}", w.instance);
        file_ballot(
            c,
            &BallotFiling {
                uid: &uid,
                instance_id: &w.instance,
                consultation_id: open,
                channel: Channel::Online,
                workshop_id: None,
                ballot: &ballot,
                submission_key: None,
                device: None,
                bundle_id: None,
                created_at: w.now - rng.between(DAY, 25 * DAY),
            },
        )?;
    }
    let paper = Tally {
        channel: Channel::Paper,
        people: 46,
        counts: [
            ("sante", 31),
            ("education", 22),
            ("vie-chere", 18),
            ("foncier", 15),
            ("services-publics", 9),
        ]
        .iter()
        .map(|(t, n)| ((*t).to_string(), *n))
        .collect(),
    };
    let uid = format!("{}-decompte-bouake", w.instance);
    let at = (open, w.workshop_id);
    set_tally(
        c,
        &uid,
        &w.instance,
        at,
        &paper,
        "animateur",
        w.workshop_day + 6 * HOUR,
    )?;
    Ok(())
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
        // Some authors come back to support: the record's devices. A paper form has none.
        let device = p.paper.is_none().then(|| {
            let who = format!("formation-participant-{}", (n * 7) % PARTICIPANTS);
            crate::security::device_mark(b"formation", &who)
        });
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
            device,
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
                    Reason::parse(w.reason).unwrap_or(Reason::Other),
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
                    let commitment = if crate::domain::proposal::Status::parse(status)
                        .is_some_and(|s| s.is_retained())
                    {
                        texts::commitment(p.theme)
                    } else {
                        ""
                    };
                    let a = crate::domain::moderation::parse_answer(status, &text, commitment)
                        .map_err(|e| DbError::Commit(format!("training answer: {e:?}")))?;
                    let answer_limit = if p.open { now - 5 * 60 } else { now - DAY };
                    let answered = (decided + rng.between(2 * DAY, 15 * DAY)).min(answer_limit);
                    // The admin signs the retained ones; the moderator the rest.
                    let actor = if crate::domain::proposal::Status::parse(status)
                        .is_some_and(|s| s.is_retained())
                    {
                        world.admin()
                    } else {
                        world.moderator()
                    };
                    moderation::answer(c, id, &a, actor, answered)?;
                    if crate::domain::proposal::Status::parse(status).is_some_and(|s| s.is_final())
                    {
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
                participant: participant.clone(),
                channel: if at_workshop {
                    Channel::Workshop
                } else {
                    Channel::Online
                },
                workshop_id: at_workshop.then_some(workshop_id),
                recorded: Recorded::Here,
                device: Some(crate::security::device_mark(b"formation", &participant)),
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
            device: None,
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
            Reason::parse(reason).unwrap_or(Reason::Other),
            "",
            world.moderator(),
            at + 3 * HOUR,
        )?;
    }
    Ok(())
}
