//! The priority round (`/priorites`): the form and its receipt, the results with their open
//! data, a workshop's count typed in by staff, the paper ballot, and the rounds' settings.

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::priorities::{self, BallotFiling, Cast};
use crate::db::topics::Topic;
use crate::domain::account::StaffUser;
use crate::domain::consultation::end_after_day_of;
use crate::domain::priority::{
    Ballot, PriorityForm, Results, RoundSetting, RoundState, parse_tally,
};
use crate::domain::setup::FieldErrors;
use crate::domain::theme::Theme;
use crate::security;
use crate::views::priorities::{FormView, MapMode, ResultsView, RoundRow, TallyView};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::posting::{self, Act, Poster, Written};
use crate::web::reads::{PriorityRound, open_now, priority_results, priority_rounds, shown};
use crate::web::respond::{html, no_store, parse_body, see_other, with_cookie};
use crate::web::session::AdminUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(form_page)
        .service(submit)
        .service(thanks)
        .service(results_page)
        .service(data_json)
        .service(data_csv)
        .service(ballot_page)
        .service(tally_page)
        .service(tally_save)
        .service(rounds_page)
        .service(rounds_save);
}

/// The pages a new ballot or count changes.
const TOPICS: &[Topic] = &[Topic::Priorities, Topic::Catalogue, Topic::Workshops];

fn codes(themes: &[Theme]) -> Vec<&str> {
    themes.iter().map(|t| t.code.as_str()).collect()
}

fn render_form(
    ctx: &PageCtx,
    state: &AppState,
    o: &PriorityRound,
    form: &PriorityForm,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let mut form = form.clone();
    let stamp = crate::web::posting::stamped(state, &mut form.submission);
    let v = FormView {
        consultation: &o.consultation,
        round: &o.round,
        themes: &o.themes,
        form: &form,
        errors,
        stamp: &stamp,
        notice,
        private: ctx.kiosk,
    };
    let mut resp = html(status, views::priorities::form(ctx, &v));
    if ctx.kiosk {
        no_store(&mut resp);
    }
    resp
}

/// No round open: the next one's date, or none.
fn not_open(ctx: &PageCtx, all: &[PriorityRound], now: i64, status: StatusCode) -> HttpResponse {
    let next = all
        .iter()
        .map(|o| &o.round)
        .filter(|r| r.state(now) == RoundState::NotYet)
        .min_by_key(|r| r.opens_at);
    html(status, views::priorities::not_open(ctx, next))
}

#[get("/priorites")]
async fn form_page(ctx: PageCtx, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(match open_offer(&ctx, &state, StatusCode::OK).await? {
        Ok(o) => {
            let form = PriorityForm::default();
            render_form(
                &ctx,
                &state,
                &o,
                &form,
                &FieldErrors::new(),
                None,
                StatusCode::OK,
            )
        }
        Err(closed) => closed,
    })
}

/// The round open now, or the page that says none is (with `status`).
async fn open_offer(
    ctx: &PageCtx,
    state: &AppState,
    status: StatusCode,
) -> Result<Result<PriorityRound, HttpResponse>, AppError> {
    let now = state.now();
    let all = priority_rounds(state).await?;
    if !all.iter().any(|o| o.round.state(now) == RoundState::Open) {
        return Ok(Err(not_open(ctx, &all, now, status)));
    }
    open_now(all, now).map(Ok).ok_or(AppError::NotFound)
}

#[post("/priorites")]
async fn submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: PriorityForm = parse_body(&body);
    let o = match open_offer(&ctx, &state, StatusCode::UNPROCESSABLE_ENTITY).await? {
        Ok(o) => o,
        Err(closed) => return Ok(closed),
    };
    let again = |form: &PriorityForm, errors: &FieldErrors, notice: &str, status| {
        let notice = (!notice.is_empty()).then(|| ctx.t(notice));
        render_form(&ctx, &state, &o, form, errors, notice, status)
    };
    let poster = Poster::visitor(&req, &state, ctx.kiosk);
    let key = poster.key(&state, &form.submission);
    // A replay (double tap, Back and send again) gets the first receipt, nothing counted.
    if let Some(uid) = first_ballot(&state, &key).await? {
        return Ok(receipt(&uid, poster.cookie.clone()));
    }
    let none = FieldErrors::new();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(msg) = posting::robot_check(&state, &form.website, &form.form_ts, &form.submission)
    {
        return Ok(again(&form, &none, msg, unprocessable));
    }
    let ballot = match form.parse(&codes(&o.themes), o.round.max_choices) {
        Ok(b) => b,
        Err(errors) => return Ok(again(&form, &errors, "", unprocessable)),
    };
    let (too_many, full) = (
        StatusCode::TOO_MANY_REQUESTS,
        StatusCode::INSUFFICIENT_STORAGE,
    );
    if !poster.within_limits(&state, &req, Act::Priority) {
        return Ok(again(&form, &none, "form-error-rate", too_many));
    }
    let instance = state.instance_id.clone();
    let filing = ballot_filing(ballot, o.consultation.id, key.clone(), instance);
    let written = posting::write(&state, &poster, Some((&form.submission, key)), filing);
    Ok(match written.await? {
        Written::Done(Cast::New(uid) | Cast::Repeat(uid)) => {
            tracing::info!("priority ballot received");
            receipt(&uid, poster.cookie.clone())
        }
        Written::DiskFull => again(&form, &none, "form-error-disk-full", full),
        // What was ticked stays, in a form of its own this time.
        Written::Spent => {
            let fresh = PriorityForm {
                submission: String::new(),
                ..form.clone()
            };
            again(&fresh, &none, "form-error-spent", unprocessable)
        }
    })
}

/// The ballot this submission key filed already, if any.
async fn first_ballot(state: &AppState, key: &Option<Vec<u8>>) -> Result<Option<String>, AppError> {
    let Some(k) = key.clone() else {
        return Ok(None);
    };
    state
        .read(move |c| Ok(priorities::by_submission(c, &k)?))
        .await
}

fn receipt(uid: &str, cookie: Option<actix_web::cookie::Cookie<'static>>) -> HttpResponse {
    with_cookie(see_other(&format!("/priorites/merci/{uid}")), cookie)
}

/// The write of a ballot, for the posting pipeline.
fn ballot_filing(
    ballot: Ballot,
    consultation_id: i64,
    key: Option<Vec<u8>>,
    instance: String,
) -> impl FnOnce(&rusqlite::Connection, posting::Moment) -> Result<Cast, AppError> + Send + 'static
{
    move |c, m: posting::Moment| {
        let uid = security::random_token(12);
        let f = BallotFiling {
            uid: &uid,
            instance_id: &instance,
            consultation_id,
            channel: m.channel,
            workshop_id: m.workshop_id,
            ballot: &ballot,
            submission_key: key.as_deref(),
            device: m.device.as_deref(),
            bundle_id: None,
            created_at: m.now,
        };
        Ok(priorities::file_ballot(c, &f)?)
    }
}

#[get("/priorites/merci/{uid}")]
async fn thanks(
    ctx: PageCtx,
    state: Data<AppState>,
    uid: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let uid = uid.into_inner();
    if uid.len() > 64 {
        return Err(AppError::NotFound);
    }
    let chosen = state
        .read(move |c| Ok(priorities::ballot_themes(c, &uid)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let cat = state.catalogue().await?;
    // In the order of the consultation's list, as on the form.
    let mut labels: Vec<(usize, String)> = chosen
        .iter()
        .map(|t| {
            let i = cat
                .themes
                .iter()
                .position(|x| &x.code == t)
                .unwrap_or(usize::MAX);
            (i, views::priorities::theme_label(&ctx, &cat.themes, t))
        })
        .collect();
    labels.sort();
    let labels: Vec<String> = labels.into_iter().map(|(_, l)| l).collect();
    let mut resp = html(StatusCode::OK, views::priorities::thanks(&ctx, &labels));
    no_store(&mut resp);
    Ok(resp)
}

#[derive(Deserialize)]
struct ResultsQuery {
    consultation: Option<String>,
    carte: Option<String>,
}

#[get("/priorites/resultats")]
async fn results_page(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<ResultsQuery>,
) -> Result<HttpResponse, AppError> {
    let asked = q.consultation.as_deref().and_then(|c| c.parse().ok());
    let map = match q.carte.as_deref() {
        Some("participation") => MapMode::PerPeople,
        _ => MapMode::FirstTheme,
    };
    let known = &["consultation", "carte"];
    crate::web::respond::cached_page_reading(&req, &ctx, &state, TOPICS, known, || async {
        let counted = priority_results(&state, asked).await?;
        let empty = Results::of(&Default::default(), &[]);
        let (o, results, pops) = match &counted {
            Some((o, r, p)) => (Some(o), r, p.as_slice()),
            None => (None, &empty, &[][..]),
        };
        let v = ResultsView {
            consultation: o.map(|o| &o.consultation),
            round: o.map(|o| &o.round),
            results,
            themes: o.map_or(&[][..], |o| o.themes.as_slice()),
            populations: pops,
            map,
            now: state.now(),
        };
        Ok(views::priorities::results(&ctx, &v))
    })
    .await
}

#[derive(Deserialize)]
struct DataQuery {
    consultation: Option<String>,
}

/// The results the open data give (none counted: empty), and the name of each theme.
async fn open_results(
    state: &AppState,
    q: &DataQuery,
) -> Result<(Option<PriorityRound>, Results), AppError> {
    let asked = q.consultation.as_deref().and_then(|c| c.parse().ok());
    Ok(match priority_results(state, asked).await? {
        Some((o, r, _)) => (Some(o), r),
        None => (None, Results::of(&Default::default(), &[])),
    })
}

#[get("/donnees/priorites.json")]
async fn data_json(
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<DataQuery>,
) -> Result<HttpResponse, AppError> {
    let (o, r) = open_results(&state, &q).await?;
    let themes = o.as_ref().map_or(&[][..], |o| o.themes.as_slice());
    let k = o.as_ref().map(|o| &o.consultation);
    let body = crate::export::priorities_json(&r, k, &|t| label(&ctx, themes, t));
    let mut resp = HttpResponse::Ok();
    resp.content_type("application/json");
    Ok(open_data(resp, body.to_string().into_bytes()))
}

#[get("/donnees/priorites.csv")]
async fn data_csv(
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<DataQuery>,
) -> Result<HttpResponse, AppError> {
    let (o, r) = open_results(&state, &q).await?;
    let themes = o.as_ref().map_or(&[][..], |o| o.themes.as_slice());
    let bytes = crate::export::priorities_csv(&r, &|t| label(&ctx, themes, t))
        .map_err(AppError::internal)?;
    let mut resp = HttpResponse::Ok();
    resp.content_type("text/csv; charset=utf-8").insert_header((
        header::CONTENT_DISPOSITION,
        "attachment; filename=\"priorites.csv\"",
    ));
    Ok(open_data(resp, bytes))
}

fn label(ctx: &PageCtx, themes: &[Theme], code: &str) -> String {
    views::priorities::theme_label(ctx, themes, code)
}

/// An open-data file: cached a minute, readable from any site.
fn open_data(mut resp: actix_web::HttpResponseBuilder, body: Vec<u8>) -> HttpResponse {
    resp.insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body)
}

#[get("/admin/ateliers/bulletin-priorites")]
async fn ballot_page(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let o = shown(priority_rounds(&state).await?, None, now).ok_or(AppError::NotFound)?;
    Ok(html(
        StatusCode::OK,
        views::priorities::ballot(&ctx, &o.consultation, &o.round, &o.themes),
    ))
}

#[derive(Deserialize)]
struct TallyQuery {
    enregistre: Option<String>,
}

/// What a workshop's count page shows: the form as typed, its errors or a notice.
struct TallyAnswer<'a> {
    typed: &'a [(String, String)],
    errors: &'a FieldErrors,
    notice: Option<String>,
    status: StatusCode,
}

async fn render_tally(
    ctx: &PageCtx,
    state: &Data<AppState>,
    workshop_id: i64,
    a: TallyAnswer<'_>,
) -> Result<HttpResponse, AppError> {
    let w = crate::web::reads::workshop(state, workshop_id).await?;
    let o = shown(priority_rounds(state).await?, None, state.now());
    let saved = state
        .read(move |c| Ok(priorities::tallies_of(c, workshop_id)?))
        .await?;
    let v = TallyView {
        workshop: &w,
        consultation: o.as_ref().map(|o| &o.consultation),
        round: o.as_ref().map(|o| &o.round),
        themes: o.as_ref().map_or(&[][..], |o| o.themes.as_slice()),
        saved: &saved,
        typed: a.typed,
        errors: a.errors,
        notice: a.notice,
    };
    Ok(html(a.status, views::priorities::tally(ctx, &v)))
}

#[get("/admin/ateliers/{id}/priorites")]
async fn tally_page(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    q: web::Query<TallyQuery>,
) -> Result<HttpResponse, AppError> {
    let answer = TallyAnswer {
        typed: &[],
        errors: &FieldErrors::new(),
        notice: q.enregistre.is_some().then(|| ctx.t("admin-saved")),
        status: StatusCode::OK,
    };
    render_tally(&ctx, &state, id.into_inner(), answer).await
}

#[post("/admin/ateliers/{id}/priorites")]
async fn tally_save(
    s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let workshop_id = id.into_inner();
    let typed: Vec<(String, String)> = parse_body(&body);
    let o = shown(priority_rounds(&state).await?, None, state.now()).ok_or(AppError::NotFound)?;
    let tally = match parse_tally(&typed, &codes(&o.themes), o.round.max_choices) {
        Ok(t) => t,
        Err(errors) => {
            let answer = TallyAnswer {
                typed: &typed,
                errors: &errors,
                notice: None,
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            return render_tally(&ctx, &state, workshop_id, answer).await;
        }
    };
    crate::web::reads::workshop(&state, workshop_id).await?;
    let (instance, now, login) = (state.instance_id.clone(), state.now(), s.login.clone());
    let to = (o.consultation.id, workshop_id);
    state
        .write(move |c| {
            let uid = security::random_token(12);
            Ok(priorities::set_tally(
                c, &uid, &instance, to, &tally, &login, now,
            )?)
        })
        .await?;
    tracing::info!(login = %s.login, workshop = workshop_id, "priority count typed in");
    Ok(see_other(&format!(
        "/admin/ateliers/{workshop_id}/priorites?enregistre=1"
    )))
}

async fn render_rounds(
    ctx: &PageCtx,
    state: &AppState,
    errors: &FieldErrors,
    status: StatusCode,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let all = priority_rounds(state).await?;
    let ids: Vec<i64> = all.iter().map(|o| o.consultation.id).collect();
    let counts = state
        .read(move |c| {
            ids.iter()
                .map(|id| Ok(priorities::participation(c, Some(*id))?))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    let rows: Vec<RoundRow<'_>> = all
        .iter()
        .zip(counts)
        .map(|(o, participants)| RoundRow {
            consultation: &o.consultation,
            round: &o.round,
            participants,
        })
        .collect();
    Ok(html(
        status,
        views::priorities::rounds_admin(ctx, &rows, errors, notice),
    ))
}

#[derive(Deserialize)]
struct RoundsQuery {
    enregistre: Option<String>,
}

#[get("/admin/priorites")]
async fn rounds_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<RoundsQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = q.enregistre.is_some().then(|| ctx.t("admin-saved"));
    render_rounds(&ctx, &state, &FieldErrors::new(), StatusCode::OK, notice).await
}

#[derive(Deserialize, Default)]
struct RoundForm {
    #[serde(default)]
    consultation: String,
    #[serde(default)]
    enabled: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    max_choices: String,
}

impl RoundForm {
    /// The consultation and its round's setting, or what is wrong.
    fn parse(&self) -> Result<(i64, RoundSetting), FieldErrors> {
        let mut errors = FieldErrors::new();
        let day = |s: &str| {
            crate::domain::document::parse_date(s)
                .and_then(|d| crate::domain::oversight::day_start(&d))
        };
        let opens = day(&self.opens_on);
        let closes = day(&self.closes_on).map(end_after_day_of);
        match (opens, closes) {
            (Some(o), Some(c)) if c > o => {}
            _ => errors.push(("opens_on", "priority-admin-error-dates")),
        }
        let max = self
            .max_choices
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=5).contains(n));
        if max.is_none() {
            errors.push(("max_choices", "priority-admin-error-max"));
        }
        let id = self.consultation.trim().parse::<i64>().ok();
        match (id, max) {
            (Some(id), Some(max_choices)) if errors.is_empty() => Ok((
                id,
                RoundSetting {
                    enabled: self.enabled == "1",
                    opens_at: opens,
                    closes_at: closes,
                    max_choices,
                },
            )),
            _ => Err(errors),
        }
    }
}

#[post("/admin/priorites")]
async fn rounds_save(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<RoundForm>,
) -> Result<HttpResponse, AppError> {
    let (id, setting) = match form.parse() {
        Ok(s) => s,
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_rounds(&ctx, &state, &errors, status, None).await;
        }
    };
    let known = state
        .catalogue()
        .await?
        .consultations
        .iter()
        .any(|(k, _)| k.id == id);
    if !known {
        return Err(AppError::NotFound);
    }
    state
        .write(move |c| Ok(priorities::set_setting(c, id, &setting)?))
        .await?;
    Ok(see_other("/admin/priorites?enregistre=1"))
}
