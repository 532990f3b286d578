//! Taking part without an account: the proposal form, the receipt and private follow-up
//! page, the public list and proposal pages, supports and comments; plus the simple staff
//! approval queue.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use super::{html, see_other};
use crate::db::consultations::{self, Consultation};
use crate::db::proposals::{self, Filed, Filter, Sort, Taken};
use crate::db::{settings, themes};
use crate::domain::consultation::{State, state as consultation_state};
use crate::domain::contribution::Moderation;
use crate::domain::contribution::{
    Channel, CommentFiling, Openness, ProposalFiling, Recorded, SupportFiling, initial_moderation,
    openness,
};
use crate::domain::proposal::{COMMENT_MAX, ProposalForm, STATUSES, clean_text};
use crate::domain::reference::Reference;
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::error::AppError;
use crate::security::{self, ratelimit::Limit};
use crate::state::AppState;
use crate::views::{self, PageCtx};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(form_page)
        .service(form_submit)
        .service(follow_up)
        .service(list)
        .service(privacy)
        .service(proposal_page)
        .service(support)
        .service(comment);
}

pub const PARTICIPANT_COOKIE: &str = "palabre_participant";
/// A person needs at least this long to write a proposal; robots post at once.
pub const MIN_FILL_SECONDS: i64 = 2;
const PROPOSALS_PER_PARTICIPANT: Limit = (10, 3600);
const PROPOSALS_PER_ADDRESS: Limit = (150, 3600);
const COMMENTS_PER_PARTICIPANT: Limit = (30, 3600);
const COMMENTS_PER_ADDRESS: Limit = (400, 3600);
const SUPPORTS_PER_PARTICIPANT: Limit = (300, 3600);
const SUPPORTS_PER_ADDRESS: Limit = (3000, 3600);

/// The visitor's random participant id (cookie), created on first need.
pub fn participant(req: &HttpRequest) -> (String, Option<Cookie<'static>>) {
    if let Some(c) = req
        .cookie(PARTICIPANT_COOKIE)
        .filter(|c| (20..=64).contains(&c.value().len()))
    {
        return (c.value().to_string(), None);
    }
    let (id, cookie) = new_participant();
    (id, Some(cookie))
}

fn new_participant() -> (String, Cookie<'static>) {
    let id = security::random_token(18);
    let cookie = Cookie::build(PARTICIPANT_COOKIE, id.clone())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    (id, cookie)
}

/// Counts one more `action` for the participant and for their network address; false when
/// either is over its limit. A participant over their own limit does not spend the address's
/// allowance. Clients that keep no participant cookie (a script, or a first visit that never
/// showed a form) draw on a smaller allowance of their own per address (a fifth): a script
/// that drops its cookie to look like many people cannot silence the people behind the same
/// address, who got their cookie with the form.
fn within_limits(
    state: &AppState,
    req: &HttpRequest,
    action: &str,
    who: &str,
    known: bool,
    per_participant: Limit,
    per_address: Limit,
) -> bool {
    let now = state.now();
    let addr = address(req);
    if !known {
        let anonymous = ((per_address.0 / 5).max(per_participant.0), per_address.1);
        return state
            .limits
            .allow(&format!("{action}:anon:{addr}"), anonymous, now);
    }
    state
        .limits
        .allow(&format!("{action}:p:{who}"), per_participant, now)
        && state
            .limits
            .allow(&format!("{action}:a:{addr}"), per_address, now)
}

fn address(req: &HttpRequest) -> String {
    crate::net::client_ip(req)
}

pub fn with_cookie(mut resp: HttpResponse, cookie: Option<Cookie<'static>>) -> HttpResponse {
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    resp
}

/// Everything the form needs about a consultation.
pub(crate) struct FormData {
    pub consultation: Consultation,
    pub open: Vec<Consultation>,
    pub themes: Vec<themes::Theme>,
    pub asks_benefit: bool,
    pub asks_values: bool,
}

impl FormData {
    /// The proposal form of this consultation, public (`paper` None) or for typing in paper
    /// forms.
    pub(crate) fn view<'a>(
        &'a self,
        form: &'a ProposalForm,
        errors: &'a FieldErrors,
        stamp: &'a str,
        notice: Option<String>,
        paper: Option<views::participation::PaperEntry<'a>>,
    ) -> views::participation::FormView<'a> {
        views::participation::FormView {
            consultation: &self.consultation,
            open: &self.open,
            themes: &self.themes,
            asks_benefit: self.asks_benefit,
            asks_values: self.asks_values,
            form,
            errors,
            stamp,
            notice,
            paper,
            private: false,
        }
    }
}

pub(crate) enum Availability {
    Open(Box<FormData>),
    Closed {
        next: Option<Consultation>,
        last: Option<Consultation>,
    },
}

pub(crate) async fn availability(
    state: &Data<AppState>,
    wanted: Option<i64>,
) -> Result<Availability, AppError> {
    let now = state.now();
    let cat = state.catalogue().await?;
    let all = &cat.consultations;
    let open: Vec<&(Consultation, String)> = all
        .iter()
        .filter(|(k, _)| consultation_state(k.opens_at, k.closes_at, now) == State::Open)
        .collect();
    let chosen = wanted
        .and_then(|id| open.iter().find(|(k, _)| k.id == id))
        .or(open.first())
        .copied();
    let Some((consultation, questions)) = chosen else {
        let next = all
            .iter()
            .filter(|(k, _)| k.opens_at > now)
            .min_by_key(|(k, _)| k.opens_at)
            .map(|(k, _)| k.clone());
        let last = all
            .iter()
            .filter(|(k, _)| k.closes_at <= now)
            .max_by_key(|(k, _)| k.closes_at)
            .map(|(k, _)| k.clone());
        return Ok(Availability::Closed { next, last });
    };
    Ok(Availability::Open(Box::new(FormData {
        asks_benefit: questions.split(',').any(|q| q == "benefit"),
        asks_values: questions.split(',').any(|q| q == "ogp_values"),
        themes: cat
            .themes_of
            .get(&consultation.id)
            .cloned()
            .unwrap_or_default(),
        consultation: consultation.clone(),
        open: open.into_iter().map(|(k, _)| k.clone()).collect(),
    })))
}

fn render_form(
    ctx: &PageCtx,
    state: &AppState,
    d: &FormData,
    form: &ProposalForm,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let mut form = form.clone();
    if form.submission.is_empty() {
        form.submission = security::new_submission_id();
    }
    let stamp = security::form_stamp(state.secret(), state.now(), &form.submission);
    let mut v = d.view(&form, errors, &stamp, notice, None);
    v.private = ctx.kiosk;
    let mut resp = html(status, views::participation::form(ctx, &v));
    if ctx.kiosk {
        // A shared device: Back must not bring the last person's form out of a cache.
        no_store(&mut resp);
    }
    resp
}

/// Marks a response as never to be kept by the browser or any cache.
pub(crate) fn no_store(resp: &mut HttpResponse) {
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
}

#[derive(Deserialize)]
struct FormQuery {
    consultation: Option<i64>,
}

#[get("/propositions/nouvelle")]
async fn form_page(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<FormQuery>,
) -> Result<HttpResponse, AppError> {
    match availability(&state, q.consultation).await? {
        Availability::Open(d) => {
            let form = ProposalForm {
                language: ctx.lang.code().into(),
                submission: security::new_submission_id(),
                ..ProposalForm::default()
            };
            // The participant id is given with the form, so that a double tap on its first
            // sending is known as the same person's.
            let (_, cookie) = participant(&req);
            Ok(with_cookie(
                render_form(
                    &ctx,
                    &state,
                    &d,
                    &form,
                    &FieldErrors::new(),
                    None,
                    StatusCode::OK,
                ),
                cookie,
            ))
        }
        Availability::Closed { next, last } => Ok(html(
            StatusCode::OK,
            views::participation::closed(&ctx, next.as_ref(), last.as_ref()),
        )),
    }
}

/// Parses a form body; bytes that are not UTF-8 become U+FFFD rather than a refusal, so that
/// the person keeps what they typed and sees the usual messages.
pub(crate) fn parse_body<T: for<'de> Deserialize<'de> + Default>(body: &Bytes) -> T {
    serde_html_form::from_bytes(body)
        .or_else(|_| serde_html_form::from_str(&String::from_utf8_lossy(body)))
        .unwrap_or_default()
}

/// Checks shared by every public form: honeypot, minimum fill time, genuine stamp.
fn robot_check(
    state: &AppState,
    honeypot: &str,
    stamp: &str,
    submission: &str,
) -> Option<&'static str> {
    if !honeypot.trim().is_empty() {
        return Some("form-error-robot");
    }
    match security::stamp_age(state.secret(), stamp, submission, state.now()) {
        None => Some("form-error-expired"),
        Some(age) if age < MIN_FILL_SECONDS => Some("form-error-too-fast"),
        Some(age) if age > 48 * 3600 => Some("form-error-expired"),
        Some(_) => None,
    }
}

#[post("/propositions/nouvelle")]
async fn form_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: ProposalForm = parse_body(&body);
    let wanted = form.consultation.parse::<i64>().ok();
    let d = match availability(&state, wanted).await? {
        Availability::Open(d) => d,
        Availability::Closed { next, last } => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::participation::closed(&ctx, next.as_ref(), last.as_ref()),
            ));
        }
    };
    // The consultation chosen closed meanwhile: say so rather than filing it elsewhere.
    if wanted.is_some_and(|w| w != d.consultation.id) {
        let notice = Some(ctx.t("proposal-error-closed-meanwhile"));
        return Ok(render_form(
            &ctx,
            &state,
            &d,
            &form,
            &FieldErrors::new(),
            notice,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    if let Some(msg) = robot_check(&state, &form.website, &form.form_ts, &form.submission) {
        return Ok(render_form(
            &ctx,
            &state,
            &d,
            &form,
            &FieldErrors::new(),
            Some(ctx.t(msg)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let codes: Vec<String> = d.themes.iter().map(|t| t.code.clone()).collect();
    let new = match form.parse(&codes, d.asks_benefit, d.asks_values) {
        Ok(p) => p,
        Err(errors) => {
            return Ok(render_form(
                &ctx,
                &state,
                &d,
                &form,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let (who, cookie) = participant(&req);
    let now = state.now();
    // Bound to the kiosk or to the participant: see `security::submission_key`.
    let scope = if ctx.kiosk {
        "kiosk".to_string()
    } else {
        format!("p:{who}")
    };
    let key = security::submission_key(state.secret(), &scope, &form.submission);
    let token = security::follow_token(state.secret(), key.as_deref());
    let receipt = |reference: &str| {
        if ctx.kiosk {
            // A shared device: show the reference only (the private link would stay in the
            // browser's history for the next person), and the next person is a new participant.
            let (_, fresh) = new_participant();
            with_cookie(
                see_other(&format!("/kiosque/merci?reference={reference}")),
                Some(fresh),
            )
        } else {
            with_cookie(
                see_other(&format!("/suivi/{token}?nouveau=1")),
                cookie.clone(),
            )
        }
    };
    // A repeat of a form already filed gets its receipt before any limit is counted.
    if let Some(k) = key.clone() {
        let first = state
            .read(move |c| Ok(proposals::by_submission(c, &k)?))
            .await?;
        if let Some((_, reference)) = first {
            return Ok(receipt(&reference));
        }
    }
    if !within_limits(
        &state,
        &req,
        "proposal",
        &who,
        cookie.is_none(),
        PROPOSALS_PER_PARTICIPANT,
        PROPOSALS_PER_ADDRESS,
    ) {
        let notice = Some(ctx.t("form-error-rate"));
        return Ok(render_form(
            &ctx,
            &state,
            &d,
            &form,
            &FieldErrors::new(),
            notice,
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let hash = security::sha256(token.as_bytes());
    let consultation_id = d.consultation.id;
    let kiosk = ctx.kiosk;
    let instance = state.instance_id.clone();
    let filed = state
        .write(move |c| {
            let workshop_id = crate::db::workshops::in_progress(c)?;
            let f = ProposalFiling {
                uid: security::random_token(16),
                proposal: new,
                consultation_id,
                channel: Channel::of_public_post(kiosk, workshop_id.is_some()),
                workshop_id,
                paper: None,
                recorded: Recorded::Here,
                follow_token_hash: hash,
                submission: key,
                moderation: initial_moderation(settings::moderation_mode(c)?, false),
                created_at: now,
            };
            Ok(proposals::file_proposal(c, &f, &instance)?)
        })
        .await;
    // A full disk: nothing was written; the person keeps what they typed, and can send the
    // same form again once there is room (same submission id: never filed twice).
    let filed = match filed {
        Err(e) if e.is_disk_full() => {
            tracing::error!("disk full: a proposal could not be saved");
            return Ok(render_form(
                &ctx,
                &state,
                &d,
                &form,
                &FieldErrors::new(),
                Some(ctx.t("form-error-disk-full")),
                StatusCode::INSUFFICIENT_STORAGE,
            ));
        }
        other => other?,
    };
    let reference = match filed {
        Filed::New { reference, .. } | Filed::Repeat { reference, .. } => reference,
        other => return Err(AppError::internal(format!("unexpected filing {other:?}"))),
    };
    tracing::info!(%reference, "proposal received");
    Ok(receipt(&reference))
}

#[derive(Deserialize)]
struct FollowQuery {
    nouveau: Option<String>,
}

#[get("/suivi/{token}")]
async fn follow_up(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    token: web::Path<String>,
    q: web::Query<FollowQuery>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    if token.len() > 64 {
        return Err(AppError::NotFound);
    }
    let hash = security::sha256(token.as_bytes());
    let (p, themes) = state
        .read(move |c| {
            let p = proposals::by_follow_token(c, &hash)?;
            Ok((p, themes::all(c)?))
        })
        .await?;
    let p = p.ok_or(AppError::NotFound)?;
    let link = state.link_base(&req);
    let mut resp = html(
        StatusCode::OK,
        views::participation::follow_up(&ctx, &p, &themes, &link, &token, q.nouveau.is_some()),
    );
    // A private page: never kept by caches, never indexed.
    no_store(&mut resp);
    resp.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    Ok(resp)
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    consultation: Option<String>,
    theme: Option<String>,
    zone: Option<String>,
    statut: Option<String>,
    tri: Option<String>,
    page: Option<String>,
}

#[get("/propositions")]
async fn list(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    // Visitors who are not signed in all see the same page: build it once per change.
    let cache_key =
        (ctx.staff.is_none() && !ctx.kiosk).then(|| format!("{}|{}", ctx.lang.code(), ctx.path));
    let generation = state.db.generation();
    if let Some(key) = &cache_key
        && let Some(entry) = state.pages.get(key, generation, state.now())
    {
        return Ok(crate::cache::respond(&req, &entry));
    }
    let q = q.into_inner();
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let cat = state.catalogue().await?;
    let themes = &cat.themes;
    let filter = Filter {
        consultation: nonempty(q.consultation).and_then(|c| c.parse().ok()),
        theme: nonempty(q.theme).filter(|t| themes.iter().any(|x| &x.code == t)),
        zone: nonempty(q.zone).filter(|z| seed::zone(z).is_some()),
        status: nonempty(q.statut).filter(|s| STATUSES.contains(&s.as_str())),
        query: nonempty(q.q).map(|s| s.chars().take(200).collect()),
        sort: if q.tri.as_deref() == Some("soutenues") {
            Sort::Supported
        } else {
            Sort::Recent
        },
        page: q
            .page
            .and_then(|p| p.parse().ok())
            .filter(|p: &i64| (1..=100_000).contains(p))
            .unwrap_or(1),
    };
    let mut base = Vec::new();
    if let Some(v) = &filter.query {
        base.push(("q", v.clone()));
    }
    if let Some(v) = filter.consultation {
        base.push(("consultation", v.to_string()));
    }
    if let Some(v) = &filter.theme {
        base.push(("theme", v.clone()));
    }
    if let Some(v) = &filter.zone {
        base.push(("zone", v.clone()));
    }
    if let Some(v) = &filter.status {
        base.push(("statut", v.clone()));
    }
    if filter.sort == Sort::Supported {
        base.push(("tri", "soutenues".into()));
    }
    let mut base_query = serde_urlencoded::to_string(&base).unwrap_or_default();
    if !base_query.is_empty() {
        base_query.push('&');
    }
    let f2 = filter.clone();
    let ids: Vec<(i64, String)> = cat
        .consultations
        .iter()
        .map(|(c, _)| (c.id, c.title.clone()))
        .collect();
    let (items, total, withheld) = state
        .read(move |c| {
            let (items, total) = proposals::list_public(c, &f2)?;
            let mut withheld = Vec::new();
            for (id, title) in ids {
                withheld.push((title, crate::db::moderation::withheld_counts(c, id)?));
            }
            Ok((items, total, withheld))
        })
        .await?;
    let consultations: Vec<Consultation> =
        cat.consultations.iter().map(|(c, _)| c.clone()).collect();
    let v = views::participation::ListView {
        withheld: &withheld,
        items: &items,
        total,
        filter: &filter,
        themes,
        consultations: &consultations,
        base_query,
    };
    let page = views::participation::list(&ctx, &v).into_string();
    match cache_key {
        Some(key) => {
            let entry = state.pages.put(key, generation, state.now(), page);
            Ok(crate::cache::respond(&req, &entry))
        }
        None => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(page)),
    }
}

#[get("/confidentialite")]
async fn privacy(ctx: PageCtx) -> HttpResponse {
    html(StatusCode::OK, views::participation::privacy(&ctx))
}

#[derive(Deserialize)]
struct PageQuery {
    soutenu: Option<String>,
    deja: Option<String>,
    commentaire: Option<String>,
    signale: Option<String>,
}

struct Loaded {
    p: proposals::Proposal,
    history: Vec<crate::db::moderation::Entry>,
    themes: Vec<themes::Theme>,
    comments: Vec<proposals::Comment>,
    supported: bool,
    openness: Openness,
}

/// A published proposal with what its page shows; None when it is not public.
async fn load(
    state: &Data<AppState>,
    reference: &str,
    participant: Option<String>,
) -> Result<Loaded, AppError> {
    let r = Reference::parse(reference).ok_or(AppError::NotFound)?;
    let now = state.now();
    let found = state
        .read(move |c| {
            let Some(p) =
                proposals::by_reference(c, &r)?.filter(|p| p.moderation == Moderation::Approved)
            else {
                return Ok(None);
            };
            let open = consultations::get(c, p.consultation_id)?.is_some_and(|(k, _)| {
                consultation_state(k.opens_at, k.closes_at, now) == State::Open
            });
            let supported = match &participant {
                Some(who) => proposals::has_supported(c, p.id, who)?,
                None => false,
            };
            Ok(Some(Loaded {
                themes: themes::all(c)?,
                comments: proposals::public_comments(c, p.id)?,
                history: crate::db::moderation::public_history(c, p.id)?,
                supported,
                openness: openness(open, p.merged_reference.as_deref()),
                p,
            }))
        })
        .await?;
    found.ok_or(AppError::NotFound)
}

/// How the comment form stands when the page is shown again.
struct Reply<'a> {
    typed: (&'a str, &'a str),
    submission: &'a str,
    errors: &'a FieldErrors,
    notice: Option<String>,
    /// The thanks after a comment, shown where the comment form was.
    comment_notice: Option<String>,
    status: StatusCode,
}

impl Reply<'_> {
    /// The page as it is, with a message (a refusal or a thanks).
    fn notice(notice: Option<String>, status: StatusCode) -> Reply<'static> {
        Reply {
            typed: ("", ""),
            submission: "",
            errors: &NO_ERRORS,
            notice,
            comment_notice: None,
            status,
        }
    }
}

static NO_ERRORS: FieldErrors = FieldErrors::new();

fn render_page(
    req: &HttpRequest,
    ctx: &PageCtx,
    state: &AppState,
    l: &Loaded,
    reply: Reply<'_>,
) -> HttpResponse {
    let fresh;
    let submission = if reply.submission.is_empty() {
        fresh = security::new_submission_id();
        fresh.as_str()
    } else {
        reply.submission
    };
    let stamp = security::form_stamp(state.secret(), state.now(), submission);
    let link = state.link_base(req);
    let v = views::participation::ProposalView {
        p: &l.p,
        history: &l.history,
        themes: &l.themes,
        comments: &l.comments,
        supported: l.supported,
        open: l.openness == Openness::Open,
        comment_form: reply.typed,
        comment_errors: reply.errors,
        stamp: &stamp,
        submission,
        notice: reply.notice,
        comment_notice: reply.comment_notice,
        absolute_url: format!("{}/propositions/{}", link.base, l.p.reference),
    };
    html(reply.status, views::participation::proposal(ctx, &v))
}

/// The refusal of a support or comment on a proposal that takes none now.
fn refusal(ctx: &PageCtx, openness: &Openness, closed_message: &str) -> Option<String> {
    match openness {
        Openness::Open => None,
        Openness::Closed => Some(ctx.t(closed_message)),
        Openness::Merged(target) => Some(
            ctx.lang
                .t_args("merged-refused", &[("ref", target.clone().into())]),
        ),
    }
}

#[get("/propositions/{reference}")]
async fn proposal_page(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let who = req
        .cookie(PARTICIPANT_COOKIE)
        .map(|c| c.value().to_string());
    let l = load(&state, &r, who).await?;
    let notice = if q.soutenu.is_some() {
        Some(ctx.t("support-thanks"))
    } else if q.deja.is_some() {
        Some(ctx.t("support-already"))
    } else if q.signale.is_some() {
        Some(ctx.t("report-thanks"))
    } else {
        None
    };
    let comment_notice = q.commentaire.as_ref().map(|c| {
        ctx.t(if c == "publie" {
            "comment-thanks"
        } else {
            "comment-pending"
        })
    });
    Ok(render_page(
        &req,
        &ctx,
        &state,
        &l,
        Reply {
            comment_notice,
            ..Reply::notice(notice, StatusCode::OK)
        },
    ))
}

#[post("/propositions/{reference}/soutenir")]
async fn support(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (who, cookie) = participant(&req);
    let l = load(&state, &r, Some(who.clone())).await?;
    let page = format!("/propositions/{}", l.p.reference);
    if let Some(notice) = refusal(&ctx, &l.openness, "support-closed") {
        return Ok(render_page(
            &req,
            &ctx,
            &state,
            &l,
            Reply::notice(Some(notice), StatusCode::UNPROCESSABLE_ENTITY),
        ));
    }
    let now = state.now();
    if !within_limits(
        &state,
        &req,
        "support",
        &who,
        cookie.is_none(),
        SUPPORTS_PER_PARTICIPANT,
        SUPPORTS_PER_ADDRESS,
    ) {
        let notice = Some(ctx.t("form-error-rate"));
        return Ok(render_page(
            &req,
            &ctx,
            &state,
            &l,
            Reply::notice(notice, StatusCode::TOO_MANY_REQUESTS),
        ));
    }
    let id = l.p.id;
    let kiosk = ctx.kiosk;
    let instance = state.instance_id.clone();
    let taken = state
        .write(move |c| {
            let workshop_id = crate::db::workshops::in_progress(c)?;
            let f = SupportFiling {
                uid: security::random_token(16),
                participant: who,
                channel: Channel::of_public_post(kiosk, workshop_id.is_some()),
                workshop_id,
                recorded: Recorded::Here,
                created_at: now,
            };
            Ok(proposals::file_support(c, id, &f, &instance)?)
        })
        .await?;
    let flag = match taken {
        Taken::Added { .. } => "soutenu",
        Taken::Already { .. } => "deja",
        // Merged meanwhile: its page now says where it went.
        Taken::Merged(_) => "deja",
    };
    Ok(with_cookie(
        see_other(&format!("{page}?{flag}=1#soutien")),
        cookie,
    ))
}

#[derive(Deserialize, Default)]
struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    author_name: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    form_ts: String,
    #[serde(default)]
    submission: String,
}

#[post("/propositions/{reference}/commentaires")]
async fn comment(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: CommentForm = parse_body(&body);
    let (who, cookie) = participant(&req);
    let l = load(&state, &r, Some(who.clone())).await?;
    let typed = (form.body.as_str(), form.author_name.as_str());
    let unprocessable = |errors: &FieldErrors, notice: Option<String>, status| {
        render_page(
            &req,
            &ctx,
            &state,
            &l,
            Reply {
                typed,
                submission: &form.submission,
                errors,
                notice,
                comment_notice: None,
                status,
            },
        )
    };
    if let Some(notice) = refusal(&ctx, &l.openness, "comment-closed") {
        return Ok(unprocessable(
            &FieldErrors::new(),
            Some(notice),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let page = format!("/propositions/{}", l.p.reference);
    let thanks = |published: bool| {
        // The message after the redirect says whether the comment shows now or after review.
        let flag = if published { "publie" } else { "attente" };
        with_cookie(
            see_other(&format!("{page}?commentaire={flag}#commentaires")),
            cookie.clone(),
        )
    };
    let key = security::submission_key(state.secret(), &format!("p:{who}"), &form.submission);
    // A repeat of a comment already filed: the same thanks, nothing written.
    if let Some(k) = key.clone() {
        let first = state
            .read(move |c| Ok(proposals::comment_by_submission(c, &k)?))
            .await?;
        if let Some(published) = first {
            return Ok(thanks(published));
        }
    }
    if let Some(msg) = robot_check(&state, &form.website, &form.form_ts, &form.submission) {
        return Ok(unprocessable(
            &FieldErrors::new(),
            Some(ctx.t(msg)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let text = clean_text(&form.body);
    let name = clean_text(&form.author_name);
    let mut errors = FieldErrors::new();
    if text.is_empty() {
        errors.push(("body", "comment-error-empty"));
    } else if text.chars().count() > COMMENT_MAX {
        errors.push(("body", "error-too-long"));
    }
    if name.chars().count() > crate::domain::proposal::NAME_MAX {
        errors.push(("author_name", "error-too-long"));
    }
    if !errors.is_empty() {
        return Ok(unprocessable(
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let now = state.now();
    if !within_limits(
        &state,
        &req,
        "comment",
        &who,
        cookie.is_none(),
        COMMENTS_PER_PARTICIPANT,
        COMMENTS_PER_ADDRESS,
    ) {
        return Ok(unprocessable(
            &FieldErrors::new(),
            Some(ctx.t("form-error-rate")),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let id = l.p.id;
    let kiosk = ctx.kiosk;
    let instance = state.instance_id.clone();
    let taken = state
        .write(move |c| {
            let workshop_id = crate::db::workshops::in_progress(c)?;
            let f = CommentFiling {
                uid: security::random_token(16),
                body: text,
                author_name: name,
                channel: Channel::of_public_post(kiosk, workshop_id.is_some()),
                workshop_id,
                recorded: Recorded::Here,
                submission: key,
                moderation: initial_moderation(settings::moderation_mode(c)?, false),
                created_at: now,
            };
            Ok(proposals::file_comment(c, id, &f, &instance)?)
        })
        .await;
    let taken = match taken {
        Err(e) if e.is_disk_full() => {
            tracing::error!("disk full: a comment could not be saved");
            return Ok(unprocessable(
                &FieldErrors::new(),
                Some(ctx.t("form-error-disk-full")),
                StatusCode::INSUFFICIENT_STORAGE,
            ));
        }
        other => other?,
    };
    match taken {
        Taken::Added { published } | Taken::Already { published } => Ok(thanks(published)),
        Taken::Merged(target) => Ok(unprocessable(
            &FieldErrors::new(),
            Some(ctx.lang.t_args("merged-refused", &[("ref", target.into())])),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    }
}
