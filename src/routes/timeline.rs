//! The co-creation timeline and the forum register: public pages and their staff forms.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::topics::Topic;
use crate::db::{documents, settings, timeline};
use crate::domain::document::parse_date;
use crate::domain::setup::FieldErrors;
use crate::domain::timeline::MeetingForm;
use crate::views::timeline::{CalendarAdmin, PHASE_KINDS, PhaseForm};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{cached_page, html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(calendar)
        .service(forum)
        .service(calendar_admin)
        .service(phase_create)
        .service(phase_edit_page)
        .service(phase_update)
        .service(timeline_publish)
        .service(late_notice_page)
        .service(late_notice_record)
        .service(phase_delete_confirm)
        .service(phase_delete)
        .service(forum_admin)
        .service(meeting_create)
        .service(meeting_delete_confirm)
        .service(meeting_delete);
}

fn published_at(c: &rusqlite::Connection) -> rusqlite::Result<Option<i64>> {
    Ok(settings::get(c, settings::TIMELINE_PUBLISHED_AT)?.and_then(|v| v.parse().ok()))
}

#[get("/calendrier")]
async fn calendar(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    const TOPICS: &[Topic] = &[Topic::Timeline, Topic::Settings];
    cached_page(&req, &ctx, &state, TOPICS, || async {
        let (phases, published) = state
            .read(move |c| Ok((timeline::phases(c)?, published_at(c)?)))
            .await?;
        Ok(views::timeline::calendar(&ctx, &phases, published))
    })
    .await
}

#[get("/forum")]
async fn forum(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    cached_page(
        &req,
        &ctx,
        &state,
        &[Topic::Timeline, Topic::Content],
        || async {
            let meetings = state.read(move |c| Ok(timeline::meetings(c)?)).await?;
            Ok(views::timeline::forum(&ctx, &meetings))
        },
    )
    .await
}

async fn render_calendar_admin(
    ctx: &PageCtx,
    state: &Data<AppState>,
    form: &PhaseForm,
    errors: &FieldErrors,
    editing: Option<i64>,
    saved: bool,
) -> Result<HttpResponse, AppError> {
    let (phases, published) = state
        .read(move |c| Ok((timeline::phases(c)?, published_at(c)?)))
        .await?;
    let v = CalendarAdmin {
        phases: &phases,
        published_at: published,
        form,
        errors,
        editing,
        saved,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, views::timeline::calendar_admin(ctx, &v)))
}

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/calendrier")]
async fn calendar_admin(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let form = PhaseForm {
        kind: "information".into(),
        ..PhaseForm::default()
    };
    let saved = q.enregistre.is_some();
    render_calendar_admin(&ctx, &state, &form, &FieldErrors::new(), None, saved).await
}

/// The step's fields checked: its dates (the end defaults to the start), or what is wrong.
fn parse_phase(f: &PhaseForm) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    if !PHASE_KINDS.contains(&f.kind.as_str()) {
        errors.push(("kind", "admin-timeline-error-kind"));
    }
    let title = f.title.trim();
    if title.is_empty() {
        errors.push(("title", "doc-error-title"));
    } else if title.chars().count() > 200 {
        errors.push(("title", "error-too-long"));
    }
    if f.place.chars().count() > 200 {
        errors.push(("place", "error-too-long"));
    }
    if f.description.chars().count() > 2000 {
        errors.push(("description", "error-too-long"));
    }
    let starts = parse_date(&f.starts_on);
    if starts.is_none() {
        errors.push(("starts_on", "error-date"));
    }
    let ends = if f.ends_on.trim().is_empty() {
        starts.clone()
    } else {
        parse_date(&f.ends_on)
    };
    match (&starts, &ends) {
        (_, None) => errors.push(("ends_on", "error-date")),
        (Some(s), Some(e)) if e < s => errors.push(("ends_on", "admin-timeline-error-order")),
        _ => {}
    }
    match (starts, ends) {
        (Some(s), Some(e)) if errors.is_empty() => Ok((s, e)),
        _ => Err(errors),
    }
}

#[post("/admin/calendrier")]
async fn phase_create(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<PhaseForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (starts, ends) = match parse_phase(&f) {
        Ok(d) => d,
        Err(errors) => return render_calendar_admin(&ctx, &state, &f, &errors, None, false).await,
    };
    let now = state.now();
    state
        .write(move |c| {
            Ok(timeline::insert_phase(
                c,
                &new_phase(&f, &starts, &ends),
                now,
            )?)
        })
        .await?;
    Ok(see_other("/admin/calendrier#phases"))
}

/// The step `id`, or 404.
async fn phase(
    state: &Data<AppState>,
    id: i64,
) -> Result<crate::domain::timeline::Phase, AppError> {
    let phases = state.read(move |c| Ok(timeline::phases(c)?)).await?;
    phases
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)
}

/// The step as the form gave it, its dates checked.
fn new_phase<'a>(f: &'a PhaseForm, starts: &'a str, ends: &'a str) -> timeline::NewPhase<'a> {
    timeline::NewPhase {
        kind: &f.kind,
        title: f.title.trim(),
        description: f.description.trim(),
        place: f.place.trim(),
        starts_on: starts,
        ends_on: ends,
    }
}

/// A step of the calendar, opened to be corrected (a date moved, a place named).
#[get("/admin/calendrier/{id}/modifier")]
async fn phase_edit_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let p = phase(&state, id).await?;
    let form = PhaseForm {
        kind: p.kind,
        title: p.title,
        description: p.description,
        place: p.place,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
    };
    render_calendar_admin(&ctx, &state, &form, &FieldErrors::new(), Some(id), false).await
}

#[post("/admin/calendrier/{id}/modifier")]
async fn phase_update(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<PhaseForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let f = form.into_inner();
    let (starts, ends) = match parse_phase(&f) {
        Ok(d) => d,
        Err(errors) => {
            return render_calendar_admin(&ctx, &state, &f, &errors, Some(id), false).await;
        }
    };
    let found = state
        .write(move |c| {
            Ok(timeline::update_phase(
                c,
                id,
                &new_phase(&f, &starts, &ends),
            )?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/calendrier?enregistre=1#phases"))
}

/// Records the moment the timeline became public; only the first publication counts.
#[post("/admin/calendrier/publier")]
async fn timeline_publish(_a: AdminUser, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.now();
    state
        .write(move |c| {
            Ok(settings::get_or_init(
                c,
                settings::TIMELINE_PUBLISHED_AT,
                || now.to_string(),
            )?)
        })
        .await?;
    Ok(see_other("/admin/calendrier"))
}

#[derive(Deserialize, Default)]
struct LateNoticeForm {
    #[serde(default)]
    reason: String,
}

/// The longest reason for a late timeline.
const LATE_REASON_MAX: usize = 1000;

#[get("/admin/calendrier/retard")]
async fn late_notice_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let reason = state
        .read(move |c| Ok(settings::get(c, settings::LATE_NOTICE_REASON)?))
        .await?
        .unwrap_or_default();
    Ok(html(
        StatusCode::OK,
        views::timeline::late_notice(&ctx, &reason, &FieldErrors::new()),
    ))
}

/// The admin explains why the timeline came out late: the dashboard warning gives way to the
/// reason, which the synthesis reports to the OGP.
#[post("/admin/calendrier/retard")]
async fn late_notice_record(
    a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<LateNoticeForm>,
) -> Result<HttpResponse, AppError> {
    let reason = form.reason.trim().to_string();
    let mut errors = FieldErrors::new();
    if reason.is_empty() {
        errors.push(("reason", "late-notice-error-empty"));
    } else if reason.chars().count() > LATE_REASON_MAX {
        errors.push(("reason", "error-too-long"));
    }
    if !errors.is_empty() {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::timeline::late_notice(&ctx, &form.reason, &errors),
        ));
    }
    state
        .write(move |c| Ok(settings::set(c, settings::LATE_NOTICE_REASON, &reason)?))
        .await?;
    tracing::info!(login = %a.0.login, "late timeline explained");
    Ok(see_other("/admin?retard=1"))
}

#[derive(Deserialize)]
struct Confirm {
    #[serde(default)]
    confirm: String,
}

#[get("/admin/calendrier/{id}/supprimer")]
async fn phase_delete_confirm(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let p = phase(&state, id).await?;
    let action = format!("/admin/calendrier/{id}/supprimer");
    Ok(confirm_page(&ctx, &p.title, &action, "/admin/calendrier"))
}

#[post("/admin/calendrier/{id}/supprimer")]
async fn phase_delete(
    _a: AdminUser,
    state: Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<Confirm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let ask = format!("/admin/calendrier/{id}/supprimer");
    delete_confirmed(&state, &form, &ask, "/admin/calendrier#phases", move |c| {
        timeline::delete_phase(c, id)
    })
    .await
}

/// The page that asks to confirm the deletion of `what` (posted to `action`, or back).
fn confirm_page(ctx: &PageCtx, what: &str, action: &str, back: &str) -> HttpResponse {
    html(
        StatusCode::OK,
        crate::views::components::confirm_delete(ctx, what, action, back),
    )
}

/// A deletion its page asked to confirm: done once "oui" was ticked (else the page again),
/// then back to `done`; nothing to delete is a 404.
async fn delete_confirmed(
    state: &AppState,
    form: &Confirm,
    ask: &str,
    done: &str,
    delete: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<bool> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    if form.confirm != "oui" {
        return Ok(see_other(ask));
    }
    if !state.write(move |c| Ok(delete(c)?)).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(done))
}

async fn render_forum_admin(
    ctx: &PageCtx,
    state: &Data<AppState>,
    form: &MeetingForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (meetings, docs) = state
        .read(move |c| Ok((timeline::meetings(c)?, documents::list(c, None, None)?)))
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(
        status,
        views::timeline::forum_admin(ctx, &meetings, &docs, form, errors),
    ))
}

#[get("/admin/forum")]
async fn forum_admin(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let form = MeetingForm {
        participants_admin: "0".into(),
        participants_civil: "0".into(),
        participants_private: "0".into(),
        ..MeetingForm::default()
    };
    render_forum_admin(&ctx, &state, &form, &FieldErrors::new()).await
}

#[post("/admin/forum")]
async fn meeting_create(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<MeetingForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let mut errors = FieldErrors::new();
    let Some(m) = f.parse(&mut errors) else {
        return render_forum_admin(&ctx, &state, &f, &errors).await;
    };
    let now = state.now();
    state
        .write(move |c| {
            // A document deleted meanwhile is simply not linked.
            let minutes = match m.minutes_document {
                Some(id) => documents::list(c, None, None)?
                    .into_iter()
                    .find(|d| d.id == id)
                    .map(|d| d.id),
                None => None,
            };
            let m = timeline::NewMeeting {
                held_on: &m.held_on,
                place: &m.place,
                participants: m.participants,
                agenda: &m.agenda,
                minutes_document_id: minutes,
            };
            Ok(timeline::insert_meeting(c, &m, now)?)
        })
        .await?;
    Ok(see_other("/admin/forum"))
}

#[get("/admin/forum/{id}/supprimer")]
async fn meeting_delete_confirm(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let meetings = state.read(move |c| Ok(timeline::meetings(c)?)).await?;
    let m = meetings
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(AppError::NotFound)?;
    let what = format!("{} — {}", views::timeline::day(&ctx, &m.held_on), m.place);
    let action = format!("/admin/forum/{id}/supprimer");
    Ok(confirm_page(&ctx, &what, &action, "/admin/forum"))
}

#[post("/admin/forum/{id}/supprimer")]
async fn meeting_delete(
    _a: AdminUser,
    state: Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<Confirm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let ask = format!("/admin/forum/{id}/supprimer");
    delete_confirmed(&state, &form, &ask, "/admin/forum", move |c| {
        timeline::delete_meeting(c, id)
    })
    .await
}
