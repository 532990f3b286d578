//! Moderation and reasoned response. Every route takes `ModeratorUser`: facilitators and
//! visitors are refused before anything is read or written. Public reports are here too.

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::moderation::{self, Kind};
use crate::db::{proposals, settings, themes};
use crate::domain::contribution::Moderation;
use crate::domain::journal::LogFilter;
use crate::domain::moderation::{DEFAULT_REPORT_THRESHOLD, parse_answer, parse_withhold};
use crate::domain::proposal::Status;
use crate::domain::reference::Reference;
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::views::moderation::AdminFilter;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::ModeratorUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(queue)
        .service(undo)
        .service(decide)
        .service(proposals_page)
        .service(bulk)
        .service(detail)
        .service(answer)
        .service(merge)
        .service(journal)
        .service(report_proposal)
        .service(report_comment);
}

async fn render_queue(
    ctx: &PageCtx,
    state: &Data<AppState>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render_queue_with(ctx, state, errors, status, None).await
}

/// The queue, with the notice of what was just decided (or taken back) when there is one.
async fn render_queue_with(
    ctx: &PageCtx,
    state: &Data<AppState>,
    errors: &FieldErrors,
    status: StatusCode,
    done: Option<views::moderation::Done>,
) -> Result<HttpResponse, AppError> {
    let (q, themes, mode) = state
        .read(move |c| {
            Ok((
                proposals::pending(c)?,
                themes::all(c)?,
                settings::moderation_mode(c)?,
            ))
        })
        .await?;
    Ok(html(
        status,
        views::moderation::queue(
            ctx,
            &views::moderation::QueueView {
                proposals: &q.proposals,
                comments: &q.comments,
                themes: &themes,
                mode,
                done,
            },
            errors,
        ),
    ))
}

#[derive(Deserialize, Default)]
struct QueueQuery {
    /// What was just decided: `propositions-12`, `commentaires-4`.
    fait: Option<String>,
    /// What was just taken back.
    annule: Option<String>,
}

fn item(code: &str) -> Option<(Kind, i64)> {
    let (kind, id) = code.rsplit_once('-')?;
    Some((Kind::parse(kind)?, id.parse().ok()?))
}

#[get("/admin/moderation")]
async fn queue(
    _m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let wanted = q
        .fait
        .as_deref()
        .and_then(item)
        .map(|i| (i, false))
        .or_else(|| q.annule.as_deref().and_then(item).map(|i| (i, true)));
    let mut done = None;
    if let Some(((kind, id), undone)) = wanted {
        let now = state.now();
        let d = state
            .read(move |c| Ok(moderation::last_decision(c, kind, id, now)?))
            .await?;
        done = d.map(|decision| views::moderation::Done {
            kind: if kind == Kind::Proposal {
                "propositions"
            } else {
                "commentaires"
            },
            id,
            decision,
            undone,
        });
    }
    render_queue_with(&ctx, &state, &FieldErrors::new(), StatusCode::OK, done).await
}

/// "Annuler" on the queue's notice: the decision of the last minute is taken back.
#[post("/admin/moderation/{kind}/{id}/annuler")]
async fn undo(
    m: ModeratorUser,
    state: Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let kind = Kind::parse(&code).ok_or(AppError::NotFound)?;
    let now = state.now();
    let undone = state
        .write(move |c| Ok(moderation::undo(c, kind, id, m.0.actor(), now)?))
        .await?;
    // Too late, or already taken back: the notice says what stands.
    let key = if undone { "annule" } else { "fait" };
    Ok(see_other(&format!("/admin/moderation?{key}={code}-{id}")))
}

#[derive(Deserialize, Default)]
struct Withhold {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    /// Where to go back after (the staff page of a proposal, for its comments).
    #[serde(default)]
    retour: String,
}

/// A withholding without its reason: the page it was sent from again, with the error — a
/// proposal's staff page for a published comment, else the queue.
async fn withhold_refused(
    ctx: &PageCtx,
    state: &Data<AppState>,
    form: &Withhold,
    kind: Kind,
    id: i64,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let from_proposal = crate::web::respond::safe_return(&form.retour)
        .and_then(|r| r.strip_prefix("/admin/propositions/"))
        .and_then(|r| r.split('#').next())
        .map(str::to_string);
    if let (Kind::Comment, Some(reference)) = (kind, from_proposal) {
        let l = load(state, &reference).await?;
        return Ok(render_comment_refusal(ctx, &l, id, errors));
    }
    render_queue(ctx, state, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[post("/admin/moderation/{kind}/{id}/{action}")]
async fn decide(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    path: web::Path<(String, i64, String)>,
    form: web::Form<Withhold>,
) -> Result<HttpResponse, AppError> {
    let (kind, id, action) = path.into_inner();
    let kind = Kind::parse(&kind).ok_or(AppError::NotFound)?;
    let now = state.now();
    let done = match action.as_str() {
        "approuver" => {
            state
                .write(move |c| Ok(moderation::approve(c, kind, id, m.0.actor(), now)?))
                .await?
        }
        "rejeter" => {
            let (reason, note) = match parse_withhold(&form.reason, &form.note) {
                Ok(v) => v,
                Err(errors) => {
                    return withhold_refused(&ctx, &state, &form, kind, id, &errors).await;
                }
            };
            state
                .write(move |c| {
                    Ok(moderation::withhold(
                        c,
                        kind,
                        id,
                        reason,
                        &note,
                        m.0.actor(),
                        now,
                    )?)
                })
                .await?
        }
        _ => return Err(AppError::NotFound),
    };
    if !done {
        return Err(AppError::NotFound);
    }
    match crate::web::respond::safe_return(&form.retour) {
        Some(back) => Ok(see_other(back)),
        None => Ok(see_other(&format!(
            "/admin/moderation?fait={}-{id}",
            if kind == Kind::Proposal {
                "propositions"
            } else {
                "commentaires"
            }
        ))),
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    theme: Option<String>,
    zone: Option<String>,
    statut: Option<String>,
    fait: Option<String>,
}

fn nonempty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

async fn render_list(
    ctx: &PageCtx,
    state: &Data<AppState>,
    f: AdminFilter,
    typed: (&str, &str),
    errors: &FieldErrors,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let f2 = f.clone();
    let (items, themes) = state
        .read(move |c| {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let (t, z, s, q) = (
                opt(&f2.theme),
                opt(&f2.zone),
                opt(&f2.status),
                opt(&f2.query),
            );
            Ok((
                proposals::list_admin(c, t.as_deref(), z.as_deref(), s.as_deref(), q.as_deref())?,
                themes::all(c)?,
            ))
        })
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(
        status,
        views::moderation::proposals(ctx, &items, &themes, &f, typed, errors, notice),
    ))
}

#[get("/admin/propositions")]
async fn proposals_page(
    _m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let f = AdminFilter {
        theme: nonempty(q.theme).unwrap_or_default(),
        zone: nonempty(q.zone)
            .filter(|z| seed::zone(z).is_some())
            .unwrap_or_default(),
        status: nonempty(q.statut)
            .filter(|s| Status::parse(s).is_some())
            .unwrap_or_default(),
        query: nonempty(q.q)
            .map(|s| s.chars().take(200).collect())
            .unwrap_or_default(),
    };
    let notice = q
        .fait
        .and_then(|n| n.parse::<i64>().ok())
        .map(|n| ctx.lang.t_args("bulk-done", &[("n", n.into())]));
    render_list(
        &ctx,
        &state,
        f,
        ("en-analyse", ""),
        &FieldErrors::new(),
        notice,
    )
    .await
}

#[derive(Deserialize, Default)]
struct BulkForm {
    #[serde(default)]
    ids: Vec<i64>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    answer: String,
}

/// One status and one justification for several proposals at once.
#[post("/admin/propositions/lot")]
async fn bulk(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let f: BulkForm = serde_html_form::from_bytes(&body).unwrap_or_default();
    let mut errors = FieldErrors::new();
    let parsed = parse_answer(&f.status, &f.answer, "")
        .map_err(|e| errors.extend(e))
        .ok();
    if f.ids.is_empty() {
        errors.push(("ids", "bulk-error-none"));
    }
    let Some(a) = parsed.filter(|_| errors.is_empty()) else {
        return render_list(
            &ctx,
            &state,
            AdminFilter::default(),
            (&f.status, &f.answer),
            &errors,
            None,
        )
        .await;
    };
    let now = state.now();
    let ids = f.ids.clone();
    let n = state
        .write(move |c| {
            let mut n = 0;
            for id in &ids {
                if moderation::answer(c, *id, &a, m.0.actor(), now)? {
                    n += 1;
                }
            }
            Ok(n)
        })
        .await?;
    Ok(see_other(&format!("/admin/propositions?fait={n}")))
}

struct Loaded {
    p: crate::domain::proposal::Proposal,
    themes: Vec<crate::domain::theme::Theme>,
    history: Vec<crate::domain::journal::Entry>,
    comments: Vec<crate::domain::proposal::Comment>,
    /// The texter's number, masked (only when the proposal came by SMS).
    sms_sender: Option<String>,
}

async fn load(state: &Data<AppState>, r: &str) -> Result<Loaded, AppError> {
    let n = Reference::parse(r).ok_or(AppError::NotFound)?;
    let found = state
        .read(move |c| {
            let Some(p) = proposals::by_reference(c, &n)? else {
                return Ok(None);
            };
            let f = LogFilter {
                reference: Some(p.reference.clone()),
                ..LogFilter::default()
            };
            let mut history = moderation::log(c, &f)?;
            history.reverse();
            Ok(Some(Loaded {
                themes: themes::all(c)?,
                history,
                comments: proposals::public_comments(c, p.id)?,
                sms_sender: crate::db::sms::masked_sender(c, p.id)?,
                p,
            }))
        })
        .await?;
    found.ok_or(AppError::NotFound)
}

fn render_detail(
    ctx: &PageCtx,
    l: &Loaded,
    form: (&str, &str, &str),
    merge_refs: &str,
    errors: &FieldErrors,
    notice: Option<String>,
) -> HttpResponse {
    let v = views::moderation::DetailView {
        p: &l.p,
        themes: &l.themes,
        history: &l.history,
        comments: &l.comments,
        comment_errors: None,
        form,
        merge_refs,
        errors,
        notice,
        sms_sender: l.sms_sender.as_deref(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html(status, views::moderation::detail(ctx, &v))
}

/// The answer form as stored: a merged proposal's status is not one to choose again, so the
/// form starts from "reçue".
fn stored_answer(p: &crate::domain::proposal::Proposal) -> (&str, &str, &str) {
    let status = match p.status {
        Status::Merged => Status::Received,
        s => s,
    }
    .code();
    (status, &p.answer, &p.commitment)
}

/// A published comment's withdrawal refused (no reason, no précision for "autre"): the page
/// of its proposal again, that comment's form open with what to correct.
fn render_comment_refusal(
    ctx: &PageCtx,
    l: &Loaded,
    comment: i64,
    errors: &FieldErrors,
) -> HttpResponse {
    let none = FieldErrors::new();
    let v = views::moderation::DetailView {
        p: &l.p,
        themes: &l.themes,
        history: &l.history,
        comments: &l.comments,
        comment_errors: Some((comment, errors)),
        form: stored_answer(&l.p),
        merge_refs: "",
        errors: &none,
        notice: None,
        sms_sender: l.sms_sender.as_deref(),
    };
    html(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::moderation::detail(ctx, &v),
    )
}

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/propositions/{reference}")]
async fn detail(
    _m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let l = load(&state, &r).await?;
    let notice = q.enregistre.as_ref().map(|_| ctx.t("admin-saved"));
    Ok(render_detail(
        &ctx,
        &l,
        stored_answer(&l.p),
        "",
        &FieldErrors::new(),
        notice,
    ))
}

#[derive(Deserialize, Default)]
struct AnswerForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    commitment: String,
}

#[post("/admin/propositions/{reference}/reponse")]
async fn answer(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let l = load(&state, &r).await?;
    let a = match parse_answer(&form.status, &form.answer, &form.commitment) {
        Ok(a) => a,
        Err(errors) => {
            return Ok(render_detail(
                &ctx,
                &l,
                (&form.status, &form.answer, &form.commitment),
                "",
                &errors,
                None,
            ));
        }
    };
    let (id, now) = (l.p.id, state.now());
    state
        .write(move |c| Ok(moderation::answer(c, id, &a, m.0.actor(), now)?))
        .await?;
    Ok(see_other(&format!(
        "/admin/propositions/{}?enregistre=1",
        l.p.reference
    )))
}

#[derive(Deserialize, Default)]
struct MergeForm {
    #[serde(default)]
    duplicates: String,
}

/// Merges the listed duplicates into this proposal.
#[post("/admin/propositions/{reference}/fusion")]
async fn merge(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    r: web::Path<String>,
    form: web::Form<MergeForm>,
) -> Result<HttpResponse, AppError> {
    let l = load(&state, &r).await?;
    let typed = form.duplicates.clone();
    let refs: Vec<Option<Reference>> = typed
        .split([',', ';', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(Reference::parse)
        .collect();
    let keep = (
        l.p.status.code(),
        l.p.answer.as_str(),
        l.p.commitment.as_str(),
    );
    let refuse = |msg: &'static str| {
        let errors: FieldErrors = vec![("duplicates", msg)];
        render_detail(&ctx, &l, (keep.0, keep.1, keep.2), &typed, &errors, None)
    };
    if refs.is_empty() || refs.iter().any(Option::is_none) {
        return Ok(refuse("merge-error-refs"));
    }
    let numbers: Vec<Reference> = refs
        .into_iter()
        .flatten()
        .filter(|n| n.to_string() != l.p.reference)
        .collect();
    if numbers.is_empty() {
        return Ok(refuse("merge-error-self"));
    }
    let (target, now) = (l.p.id, state.now());
    let merged = state
        .write(move |c| {
            let mut ids = Vec::new();
            for n in &numbers {
                match proposals::by_reference(c, n)? {
                    Some(p) if p.merged_into.is_none() || p.merged_into != Some(target) => {
                        ids.push(p.id)
                    }
                    Some(_) => {}
                    None => return Ok(None),
                }
            }
            moderation::merge(c, target, &ids, m.0.actor(), now)?;
            Ok(Some(ids.len()))
        })
        .await?;
    match merged {
        Some(_) => Ok(see_other(&format!(
            "/admin/propositions/{}?enregistre=1",
            l.p.reference
        ))),
        None => Ok(refuse("merge-error-unknown")),
    }
}

#[derive(Deserialize, Default)]
struct JournalQuery {
    action: Option<String>,
    compte: Option<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
}

/// The full audit trail. Read-only: there is no route that edits or deletes it.
#[get("/admin/journal")]
async fn journal(
    _m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<JournalQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let f = LogFilter {
        action: nonempty(q.action)
            .filter(|a| crate::domain::moderation::JOURNAL_ACTIONS.contains(&a.as_str())),
        login: nonempty(q.compte),
        reference: nonempty(q.reference)
            .and_then(|r| Reference::parse(&r))
            .map(|r| r.to_string()),
    };
    let f2 = f.clone();
    let entries = state.read(move |c| Ok(moderation::log(c, &f2)?)).await?;
    Ok(html(
        StatusCode::OK,
        views::moderation::journal(&ctx, &entries, &f),
    ))
}

async fn report(
    req: HttpRequest,
    state: Data<AppState>,
    kind: Kind,
    id: i64,
    back: String,
) -> Result<HttpResponse, AppError> {
    // Only a participant the site already knows (a signed cookie given before) counts
    // towards hiding: a visitor without one is thanked, and given one, but three requests
    // without cookies must not take a contribution off the site. Reports are also limited
    // per address, so fresh cookies fetched by a script hide little.
    let known = crate::web::posting::known_participant(&req, &state);
    let (_, cookie) = crate::web::posting::participant(&req, &state);
    let thanks = crate::web::respond::with_cookie(see_other(&format!("{back}?signale=1")), cookie);
    let Some(who) = known else {
        return Ok(thanks);
    };
    let now = state.now();
    let address = crate::security::ratelimit::address_key(&crate::web::net::client_ip(&req));
    if !state
        .limits
        .would_allow(&format!("report:a:{address}"), REPORTS_PER_ADDRESS, now)
        || !state
            .limits
            .allow(&format!("report:p:{who}"), (30, 3600), now)
        || !state
            .limits
            .allow(&format!("report:a:{address}"), REPORTS_PER_ADDRESS, now)
    {
        return Ok(thanks);
    }
    state
        .write(move |c| {
            let threshold = settings::get(c, settings::REPORT_THRESHOLD)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(DEFAULT_REPORT_THRESHOLD);
            Ok(moderation::report(c, kind, id, &who, threshold, now)?)
        })
        .await?;
    Ok(thanks)
}

/// Reports counted per network address an hour: enough for a workshop room, little for a
/// script that fetches fresh participant cookies.
const REPORTS_PER_ADDRESS: crate::security::ratelimit::Limit = (10, 3600);

#[post("/propositions/{reference}/signaler")]
async fn report_proposal(
    req: HttpRequest,
    state: Data<AppState>,
    r: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let n = Reference::parse(&r).ok_or(AppError::NotFound)?;
    let p = state
        .read(move |c| Ok(proposals::by_reference(c, &n)?))
        .await?;
    let p = p
        .filter(|p| p.moderation == Moderation::Approved)
        .ok_or(AppError::NotFound)?;
    report(
        req,
        state,
        Kind::Proposal,
        p.id,
        format!("/propositions/{}", p.reference),
    )
    .await
}

#[post("/commentaires/{id}/signaler")]
async fn report_comment(
    req: HttpRequest,
    state: Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let found = state
        .read(move |c| Ok(proposals::published_comment_reference(c, id)?))
        .await?;
    let r = found.ok_or(AppError::NotFound)?;
    report(req, state, Kind::Comment, id, format!("/propositions/{r}")).await
}
