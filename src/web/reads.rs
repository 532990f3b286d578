//! Reads that more than one route makes: the record of a consultation, the open record
//! (counted at most once a minute), what the proposal form offers now, one workshop.

use std::sync::Arc;

use actix_web::web::Data;

use crate::db::{consultations, populations, priorities, record, workshops};
use crate::domain::consultation::{self, Availability, Consultation};
use crate::domain::priority::{Results, Round, open_round};
use crate::domain::record::Record;
use crate::domain::record_data::{self, OpenRecord, OpenRecords};
use crate::domain::theme::Theme;
use crate::web::error::AppError;
use crate::web::state::AppState;

/// The record of one consultation (an unknown or empty choice: of all of them), counted now;
/// `public` for what is published (published contributions only).
pub async fn gather(
    state: &AppState,
    asked: Option<i64>,
    public: bool,
) -> Result<(Record, Vec<Consultation>, Option<i64>), AppError> {
    let (facts, pops, consultations, scope) = state
        .read(move |c| {
            let list: Vec<_> = consultations::all(c)?.into_iter().map(|(k, _)| k).collect();
            let scope = asked.filter(|id| list.iter().any(|k| k.id == *id));
            Ok((
                record::facts(c, scope, public)?,
                populations::all(c)?,
                list,
                scope,
            ))
        })
        .await?;
    Ok((Record::of(facts, &pops, state.now()), consultations, scope))
}

/// Open data are counted once a minute at most, like the proposals files.
const OPEN_RECORD_TTL: i64 = 60;

/// The open record of the consultation asked for (one that does not exist: of all of them),
/// counted at most once a minute per consultation. The cache is keyed by consultations that
/// exist, so that asking for made-up numbers neither grows it nor recounts anything. The
/// record of all of them withholds what a consultation hides (`record_data::across`).
pub async fn open_record(
    state: &AppState,
    asked: Option<i64>,
) -> Result<Arc<OpenRecord>, AppError> {
    let ids: Vec<i64> = state
        .catalogue()
        .await?
        .consultations
        .iter()
        .map(|(k, _)| k.id)
        .collect();
    let scope = asked.filter(|id| ids.contains(id));
    let now = state.now();
    // Held while counting: many visitors at the minute's turn wait for one count.
    let mut cache = state.open_record.lock().await;
    let fresh = |cache: &OpenRecords, scope: Option<i64>| {
        cache
            .get(&scope)
            .filter(|r| now - r.at < OPEN_RECORD_TTL)
            .cloned()
    };
    if let Some(r) = fresh(&cache, scope) {
        return Ok(r);
    }
    let mut r = count_open(state, scope).await?;
    if scope.is_none() {
        let mut parts = Vec::new();
        for id in ids {
            let part = match fresh(&cache, Some(id)) {
                Some(p) => p,
                None => {
                    let p = Arc::new(count_open(state, Some(id)).await?);
                    cache.insert(Some(id), p.clone());
                    p
                }
            };
            parts.push(part);
        }
        let parts: Vec<&[record_data::Indicator]> =
            parts.iter().map(|p| p.indicators.as_slice()).collect();
        record_data::across(&mut r.indicators, &parts);
    }
    let r = Arc::new(r);
    cache.insert(scope, r.clone());
    Ok(r)
}

/// The open record of `scope`, counted now.
async fn count_open(state: &AppState, scope: Option<i64>) -> Result<OpenRecord, AppError> {
    let now = state.now();
    let (record, consultations, scope) = gather(state, scope, true).await?;
    Ok(OpenRecord {
        at: now,
        scope: scope.and_then(|id| {
            consultations
                .iter()
                .find(|k| k.id == id)
                .map(|k| (id, k.title.clone()))
        }),
        indicators: record_data::indicators(&record),
    })
}

/// What the proposal form offers now (see `domain::consultation::availability`).
pub async fn availability(state: &AppState, wanted: Option<i64>) -> Result<Availability, AppError> {
    let cat = state.catalogue().await?;
    Ok(consultation::availability(
        &cat.consultations,
        &cat.themes_of,
        wanted,
        state.now(),
    ))
}

/// The workshop `id`, or 404.
pub async fn workshop(
    state: &Data<AppState>,
    id: i64,
) -> Result<crate::domain::workshop::Workshop, AppError> {
    state
        .read(move |c| Ok(workshops::by_id(c, id)?))
        .await?
        .ok_or(AppError::NotFound)
}

// The priority round.

/// A round with its consultation and the themes it offers.
pub struct PriorityRound {
    pub consultation: Consultation,
    pub round: Round,
    pub themes: Vec<Theme>,
}

/// Every round, with the site's consultations and their themes.
pub async fn priority_rounds(state: &AppState) -> Result<Vec<PriorityRound>, AppError> {
    // The consultations come from the catalogue: only the rounds' settings are read.
    let cat = state.catalogue().await?;
    let ids: Vec<i64> = cat.consultations.iter().map(|(k, _)| k.id).collect();
    let settings = state
        .read(move |c| {
            ids.iter()
                .map(|id| Ok(priorities::setting(c, *id)?))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(cat
        .consultations
        .iter()
        .zip(settings)
        .map(|((k, _), s)| PriorityRound {
            consultation: k.clone(),
            round: Round::of(k, s.as_ref()),
            themes: cat.themes_of.get(&k.id).cloned().unwrap_or_default(),
        })
        .collect())
}

/// The round open now (the one closing first), or None.
pub fn open_now(all: Vec<PriorityRound>, now: i64) -> Option<PriorityRound> {
    let rounds: Vec<Round> = all.iter().map(|o| o.round.clone()).collect();
    let id = open_round(&rounds, now)?.consultation_id;
    all.into_iter().find(|o| o.consultation.id == id)
}

/// The round whose results to show: the one asked for, else the one open now, else the
/// most recent one switched on.
pub fn shown(all: Vec<PriorityRound>, asked: Option<i64>, now: i64) -> Option<PriorityRound> {
    let rounds: Vec<Round> = all.iter().map(|o| o.round.clone()).collect();
    let id = asked
        .filter(|id| rounds.iter().any(|r| r.consultation_id == *id))
        .or_else(|| open_round(&rounds, now).map(|r| r.consultation_id))
        .or_else(|| rounds.iter().find(|r| r.enabled).map(|r| r.consultation_id))?;
    all.into_iter().find(|o| o.consultation.id == id)
}

/// What the results of a round are made of: the round, its counts, the districts'
/// inhabitants.
/// A round, its results, and the districts' inhabitants (name, people).
pub type PriorityResults = (PriorityRound, Results, Vec<(String, u64)>);

pub async fn priority_results(
    state: &AppState,
    asked: Option<i64>,
) -> Result<Option<PriorityResults>, AppError> {
    let now = state.now();
    let Some(o) = shown(priority_rounds(state).await?, asked, now) else {
        return Ok(None);
    };
    let id = o.consultation.id;
    let (votes, pops) = state
        .read(move |c| Ok((priorities::votes(c, id)?, crate::db::populations::all(c)?)))
        .await?;
    let results = Results::of(
        &votes,
        &o.themes.iter().map(|t| t.code.as_str()).collect::<Vec<_>>(),
    );
    let pops = pops
        .into_iter()
        .filter_map(|p| match p.area {
            crate::domain::record::Area::District(d) => Some((d, p.people)),
            _ => None,
        })
        .collect();
    Ok(Some((o, results, pops)))
}
