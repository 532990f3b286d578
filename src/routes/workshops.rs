//! Regional workshops: the list and the workshop in progress, typing in paper forms, the
//! printable blank form and poster, and the kiosk mode of a shared device.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::proposals::{self, Filed};
use crate::db::workshops;
use crate::domain::account::StaffUser;
use crate::domain::consultation::{Availability, Offer};
use crate::domain::contribution::{Channel, PaperForm, ProposalFiling, Recorded};
use crate::domain::proposal::{NewProposal, ProposalForm};
use crate::domain::reference::Reference;
use crate::domain::setup::FieldErrors;
use crate::domain::workshop::{WorkshopForm, parse_paper_number};
use crate::security;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::kiosk::{KIOSK_COOKIE, is_kiosk, kiosk_value};
use crate::web::posting::{self, Poster, Written};
use crate::web::reads::{availability, workshop};
use crate::web::respond::parse_body;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(set_current)
        .service(blank_form)
        .service(entry_page)
        .service(entry_submit)
        .service(poster)
        .service(kiosk_page)
        .service(kiosk_switch)
        .service(kiosk_thanks);
}

type Listing = (
    Vec<crate::domain::workshop::Workshop>,
    Option<i64>,
    Option<String>,
);

/// The workshops, the one under way, and the code this laptop would get at its export when
/// it is still on the national code and has never imported a file (not the national site).
async fn all(state: &Data<AppState>) -> Result<Listing, AppError> {
    let instance = state.instance_id.clone();
    state
        .read(move |c| {
            let code = crate::db::proposals::reference_code(c)?;
            let derived = (code.is_national() && !crate::db::bundles::any_imported(c)?)
                .then(|| crate::domain::reference::RefCode::of_instance(&instance).to_string());
            Ok((
                workshops::all(c)?,
                workshops::current(c)?.map(|w| w.id),
                derived,
            ))
        })
        .await
}

#[derive(Deserialize)]
struct ListQuery {
    cree: Option<String>,
}

#[get("/admin/ateliers")]
async fn list(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let (items, current, derived) = all(&state).await?;
    let form = WorkshopForm {
        held_on: time::OffsetDateTime::from_unix_timestamp(state.now())
            .map(|d| d.date().to_string())
            .unwrap_or_default(),
        ..WorkshopForm::default()
    };
    let v = views::workshops::ListView {
        items: &items,
        current,
        form: &form,
        errors: &FieldErrors::new(),
        created: q.cree.is_some(),
        derived_code: derived.as_deref(),
    };
    Ok(html(StatusCode::OK, views::workshops::list(&ctx, &v)))
}

#[post("/admin/ateliers")]
async fn create(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: WorkshopForm = parse_body(&body);
    match form.parse() {
        Ok(new) => {
            let now = state.now();
            let instance = state.instance_id.clone();
            state
                .write(move |c| {
                    let uid = security::random_token(16);
                    Ok(workshops::insert(c, &new, &uid, &instance, now)?)
                })
                .await?;
            Ok(see_other("/admin/ateliers?cree=1"))
        }
        Err(errors) => {
            let (items, current, derived) = all(&state).await?;
            let v = views::workshops::ListView {
                items: &items,
                current,
                form: &form,
                errors: &errors,
                created: false,
                derived_code: derived.as_deref(),
            };
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::workshops::list(&ctx, &v),
            ))
        }
    }
}

#[derive(Deserialize, Default)]
struct CurrentForm {
    #[serde(default)]
    action: String,
}

/// Starts or ends "workshop in progress": online contributions then carry the workshop.
#[post("/admin/ateliers/{id}/en-cours")]
async fn set_current(
    a: AdminUser,
    state: Data<AppState>,
    id: web::Path<i64>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: CurrentForm = parse_body(&body);
    let id = id.into_inner();
    let start = form.action == "demarrer";
    state
        .write(move |c| {
            workshops::by_id(c, id)?.ok_or(AppError::NotFound)?;
            workshops::set_current(c, start.then_some(id))?;
            Ok(())
        })
        .await?;
    tracing::info!(login = %a.0.login, workshop = id, start, "workshop in progress");
    Ok(see_other("/admin/ateliers"))
}

#[derive(Deserialize)]
struct BlankQuery {
    atelier: Option<i64>,
}

/// The blank paper form, to print on one A4 page.
#[get("/admin/ateliers/fiche")]
async fn blank_form(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<BlankQuery>,
) -> Result<HttpResponse, AppError> {
    let wanted = q.atelier;
    let d = match open_form(&ctx, &state, StatusCode::OK).await? {
        Ok(d) => d,
        Err(page) => return Ok(page),
    };
    let workshop = state
        .read(move |c| {
            Ok(match wanted {
                Some(id) => workshops::by_id(c, id)?,
                None => workshops::current(c)?,
            })
        })
        .await?;
    let v = views::workshops::BlankView {
        consultation: &d.consultation,
        themes: &d.themes,
        asks_benefit: d.asks_benefit,
        asks_values: d.asks_values,
        workshop: workshop.as_ref(),
    };
    Ok(html(StatusCode::OK, views::workshops::blank_form(&ctx, &v)))
}

/// The open consultation's form data, or the page saying none is open.
async fn open_form(
    ctx: &PageCtx,
    state: &Data<AppState>,
    status: StatusCode,
) -> Result<Result<Box<Offer>, HttpResponse>, AppError> {
    Ok(match availability(state, None).await? {
        Availability::Open(d) => Ok(d),
        Availability::Closed { next, last } => Err(html(
            status,
            views::participation::closed(ctx, next.as_ref(), last.as_ref()),
        )),
    })
}

#[derive(Deserialize)]
struct EntryQuery {
    fiche: Option<String>,
    reference: Option<String>,
}

#[get("/admin/ateliers/{id}/saisie")]
async fn entry_page(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    q: web::Query<EntryQuery>,
) -> Result<HttpResponse, AppError> {
    let w = workshop(&state, id.into_inner()).await?;
    let saved = match (&q.fiche, &q.reference) {
        (Some(f), Some(r)) => Some(ctx.lang.t_args(
            "paper-saved",
            &[
                ("number", f.clone().into()),
                ("reference", r.clone().into()),
            ],
        )),
        _ => None,
    };
    // The workshop's region is the likely one: preselected, still changeable.
    let form = ProposalForm {
        language: ctx.lang.code().into(),
        zone: w.zone.clone(),
        ..ProposalForm::default()
    };
    let d = match open_form(&ctx, &state, StatusCode::UNPROCESSABLE_ENTITY).await? {
        Ok(d) => d,
        Err(page) => return Ok(page),
    };
    Ok(render_entry(
        &ctx,
        &d,
        &w,
        &form,
        "",
        &FieldErrors::new(),
        saved,
        None,
        StatusCode::OK,
    ))
}

/// The paper-entry form of workshop `w` for the open consultation `d`.
#[allow(clippy::too_many_arguments)]
fn render_entry(
    ctx: &PageCtx,
    d: &Offer,
    w: &crate::domain::workshop::Workshop,
    form: &ProposalForm,
    number: &str,
    errors: &FieldErrors,
    saved: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let paper = views::participation::PaperEntry {
        workshop: w,
        number,
        saved,
    };
    let mut form = form.clone();
    if form.submission.is_empty() {
        form.submission = security::new_submission_id();
    }
    let mut v = views::participation::FormView::of(d, &form, errors, "", notice, Some(paper));
    v.private = true;
    let mut resp = html(status, views::participation::form(ctx, &v));
    // Back after a save must show an empty form, not the last one typed in.
    crate::web::respond::no_store(&mut resp);
    resp
}

#[derive(Deserialize, Default)]
struct PaperNumber {
    #[serde(default)]
    paper_number: String,
}

/// Saves one paper form, then shows the next blank one.
#[post("/admin/ateliers/{id}/saisie")]
async fn entry_submit(
    s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let w = workshop(&state, id.into_inner()).await?;
    let form: ProposalForm = parse_body(&body);
    let raw_number = parse_body::<PaperNumber>(&body).paper_number;
    let d = match open_form(&ctx, &state, StatusCode::UNPROCESSABLE_ENTITY).await? {
        Ok(d) => d,
        Err(page) => return Ok(page),
    };
    let again = |errors: &FieldErrors, notice: Option<String>, status: StatusCode| {
        render_entry(
            &ctx,
            &d,
            &w,
            &form,
            &raw_number,
            errors,
            None,
            notice,
            status,
        )
    };
    let (new, number) = match checked_entry(&d, &form, &raw_number) {
        Ok(checked) => checked,
        Err(errors) => return Ok(again(&errors, None, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let scope = (d.consultation.id, w.id);
    let filed = file_paper(&state, &s, new, &number, scope, &form.submission).await?;
    match filed {
        // A repeat (double tap, Back and send again) gets the first save's page.
        Filed::New { reference, .. } | Filed::Repeat { reference, .. } => {
            tracing::info!(login = %s.login, %reference, paper = %number, "paper form typed in");
            Ok(see_other(&format!(
                "/admin/ateliers/{}/saisie?fiche={}&reference={reference}",
                w.id,
                crate::domain::links::urlencode(&number)
            )))
        }
        Filed::PaperTaken { reference } => {
            let errors: FieldErrors = vec![("paper_number", "paper-error-taken")];
            let notice = Some(ctx.lang.t_args(
                "paper-error-taken-detail",
                &[
                    ("number", number.clone().into()),
                    ("reference", reference.into()),
                ],
            ));
            Ok(again(&errors, notice, StatusCode::CONFLICT))
        }
        other => Err(AppError::internal(format!("unexpected filing {other:?}"))),
    }
}

/// A paper form's fields and number, checked like the public form's.
fn checked_entry(
    d: &Offer,
    form: &ProposalForm,
    raw_number: &str,
) -> Result<(NewProposal, String), FieldErrors> {
    let codes: Vec<String> = d.themes.iter().map(|t| t.code.clone()).collect();
    match (
        form.parse(&codes, d.asks_benefit, d.asks_values),
        parse_paper_number(raw_number),
    ) {
        (Ok(p), Ok(n)) => Ok((p, n)),
        (p, n) => {
            let mut errors = FieldErrors::new();
            if let Err(e) = n {
                errors.push(("paper_number", e));
            }
            if let Err(e) = p {
                errors.extend(e);
            }
            Err(errors)
        }
    }
}

/// Files a typed paper form through the posting pipeline, under the typist's name, into
/// `to` (consultation, workshop).
async fn file_paper(
    state: &AppState,
    s: &StaffUser,
    new: NewProposal,
    number: &str,
    to: (i64, i64),
    submission: &str,
) -> Result<Filed, AppError> {
    let typist = Poster::staff(&s.login);
    let key = typist.key(state, submission);
    let paper = PaperForm {
        number: number.to_string(),
        entered_by: s.login.clone(),
    };
    let filing = paper_filing(state, new, paper, to, key);
    match posting::write(state, &typist, None, filing).await? {
        Written::Done(filed) => Ok(filed),
        Written::DiskFull | Written::Spent => Err(AppError::DiskFull),
    }
}

/// The write of a paper form typed in at a workshop (`to`: consultation and workshop), for
/// the posting pipeline: channel "papier", no device.
fn paper_filing(
    state: &AppState,
    new: NewProposal,
    paper: PaperForm,
    to: (i64, i64),
    key: Option<Vec<u8>>,
) -> impl FnOnce(&rusqlite::Connection, posting::Moment) -> Result<Filed, AppError> + Send + 'static
{
    let token = security::follow_token(state.secret(), key.as_deref());
    let hash = security::sha256(token.as_bytes());
    let instance = state.instance_id.clone();
    move |c, m| {
        let f = ProposalFiling {
            uid: security::random_token(16),
            proposal: new,
            consultation_id: to.0,
            channel: Channel::Paper,
            workshop_id: Some(to.1),
            paper: Some(paper),
            recorded: Recorded::Here,
            follow_token_hash: hash,
            submission: key,
            moderation: m.moderation,
            device: None,
            created_at: m.now,
        };
        Ok(proposals::file_proposal(c, &f, &instance)?)
    }
}

#[derive(Deserialize)]
struct PosterQuery {
    adresse: Option<String>,
    wifi: Option<String>,
}

/// A poster to print: the address, a big QR code, and how to join.
#[get("/admin/affiche")]
async fn poster(
    _s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<PosterQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let url = q
        .adresse
        .map(|a| a.trim().to_string())
        .filter(|a| {
            (a.starts_with("http://") || a.starts_with("https://"))
                && a.len() <= 300
                && !a.chars().any(char::is_whitespace)
        })
        .unwrap_or_else(|| {
            crate::web::net::site_urls(state.bind, state.port)
                .into_iter()
                .next()
                .unwrap_or_else(|| state.local_url())
        });
    let wifi: String = q.wifi.unwrap_or_default().trim().chars().take(60).collect();
    let qr = crate::web::net::qr_svg(&url);
    let v = views::workshops::PosterView {
        url: &url,
        short: url
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .trim_end_matches('/'),
        wifi: &wifi,
        qr_svg: qr.as_deref(),
    };
    Ok(html(StatusCode::OK, views::workshops::poster(&ctx, &v)))
}

#[get("/admin/kiosque")]
async fn kiosk_page(_s: StaffUser, ctx: PageCtx, req: HttpRequest) -> HttpResponse {
    let on = req
        .app_data::<Data<AppState>>()
        .is_some_and(|st| is_kiosk(&req, st));
    html(StatusCode::OK, views::workshops::kiosk(&ctx, on))
}

#[derive(Deserialize, Default)]
struct KioskForm {
    #[serde(default)]
    action: String,
}

/// Puts this device in kiosk mode (and signs staff out of it), or takes it out.
#[post("/admin/kiosque")]
async fn kiosk_switch(
    s: StaffUser,
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let form: KioskForm = parse_body(&body);
    if form.action == "quitter" {
        tracing::info!(login = %s.login, "kiosk mode ended");
        let mut resp = see_other("/admin");
        let mut gone = Cookie::build(KIOSK_COOKIE, "").path("/").finish();
        gone.make_removal();
        resp.add_cookie(&gone).map_err(AppError::internal)?;
        return Ok(resp);
    }
    // Whoever uses the device next must not find a staff session on it.
    if let Some(token) = req.cookie(crate::web::session::COOKIE) {
        let hash = security::sha256(token.value().as_bytes());
        state
            .write(move |c| Ok(crate::db::sessions::delete(c, &hash)?))
            .await?;
    }
    tracing::info!(login = %s.login, "kiosk mode started");
    let mut resp = see_other("/propositions/nouvelle");
    let kiosk = Cookie::build(KIOSK_COOKIE, kiosk_value(&state))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(crate::web::net::visitor_scheme(&req) == "https")
        .permanent()
        .finish();
    resp.add_cookie(&kiosk).map_err(AppError::internal)?;
    resp.add_cookie(&crate::web::session::removal_cookie())
        .map_err(AppError::internal)?;
    Ok(resp)
}

#[derive(Deserialize)]
struct ThanksQuery {
    reference: Option<String>,
}

/// After a submission on a kiosk: the reference, big, then a blank form for the next person.
#[get("/kiosque/merci")]
async fn kiosk_thanks(ctx: PageCtx, q: web::Query<ThanksQuery>) -> HttpResponse {
    // Only a well-formed reference is echoed back.
    let reference = q
        .reference
        .as_deref()
        .and_then(Reference::parse)
        .map(|r| r.to_string())
        .unwrap_or_default();
    html(
        StatusCode::OK,
        views::workshops::kiosk_thanks(&ctx, &reference),
    )
}
