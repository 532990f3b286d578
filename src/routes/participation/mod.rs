//! Taking part without an account: the proposal form, the receipt and private follow-up
//! page, the public list and proposal pages, supports and comments; plus the simple staff
//! approval queue.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use super::{html, see_other};
use crate::db::consultations;
use crate::db::proposals::{self, Filed, Taken};
use crate::db::topics::Topic;
use crate::db::{settings, themes};
use crate::domain::consultation::Consultation;
use crate::domain::consultation::{self, Availability, Offer, State, state as consultation_state};
use crate::domain::contribution::Moderation;
use crate::domain::contribution::{
    Channel, CommentFiling, Openness, ProposalFiling, Recorded, SupportFiling, initial_moderation,
    openness,
};
use crate::domain::proposal::Filter;
use crate::domain::proposal::Sort;
use crate::domain::proposal::{COMMENT_MAX, ProposalForm, Status, clean_text};
use crate::domain::reference::Reference;
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::security::{self, ratelimit::Limit};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::state::AppState;

mod browse;
mod propose;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(propose::form_page)
        .service(propose::form_submit)
        .service(propose::follow_up)
        .service(browse::list)
        .service(browse::privacy)
        .service(browse::proposal_page)
        .service(browse::support)
        .service(browse::comment);
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

/// The visitor's participant id, when their cookie carries a valid signature.
pub fn known_participant(req: &HttpRequest, state: &AppState) -> Option<String> {
    let c = req.cookie(PARTICIPANT_COOKIE)?;
    security::participant_id(state.secret(), c.value()).map(str::to_string)
}

/// The visitor's random participant id (signed cookie), created on first need: a missing,
/// made-up or unsigned cookie makes a new visitor.
pub fn participant(req: &HttpRequest, state: &AppState) -> (String, Option<Cookie<'static>>) {
    if let Some(id) = known_participant(req, state) {
        return (id, None);
    }
    let (id, cookie) = new_participant(req, state);
    (id, Some(cookie))
}

/// A new participant id and its cookie, `Secure` when the visitor came over HTTPS.
fn new_participant(req: &HttpRequest, state: &AppState) -> (String, Cookie<'static>) {
    let id = security::random_token(18);
    let value = security::participant_cookie_value(state.secret(), &id);
    let cookie = Cookie::build(PARTICIPANT_COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(crate::web::net::visitor_scheme(req) == "https")
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
    // The address first, counting nothing: a participant key is stored only when its
    // address still allows (the table stays bounded by the addresses' allowances), and a
    // participant over their own limit does not spend the address's allowance.
    let address_key = format!("{action}:a:{addr}");
    state.limits.would_allow(&address_key, per_address, now)
        && state
            .limits
            .allow(&format!("{action}:p:{who}"), per_participant, now)
        && state.limits.allow(&address_key, per_address, now)
}

fn address(req: &HttpRequest) -> String {
    security::ratelimit::address_key(&crate::web::net::client_ip(req))
}

pub fn with_cookie(mut resp: HttpResponse, cookie: Option<Cookie<'static>>) -> HttpResponse {
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    resp
}

/// The proposal form of this offer, public (`paper` None) or for typing in paper forms.
pub(crate) fn form_view<'a>(
    d: &'a Offer,
    form: &'a ProposalForm,
    errors: &'a FieldErrors,
    stamp: &'a str,
    notice: Option<String>,
    paper: Option<views::participation::PaperEntry<'a>>,
) -> views::participation::FormView<'a> {
    views::participation::FormView {
        consultation: &d.consultation,
        open: &d.open,
        themes: &d.themes,
        asks_benefit: d.asks_benefit,
        asks_values: d.asks_values,
        form,
        errors,
        stamp,
        notice,
        paper,
        private: false,
        info: false,
    }
}

/// What the proposal form offers now (see `domain::consultation::availability`).
pub(crate) async fn availability(
    state: &AppState,
    wanted: Option<i64>,
) -> Result<Availability, AppError> {
    let cat = state.catalogue().await?;
    Ok(consultation::availability(
        &cat.consultations,
        &cat.themes_of,
        wanted,
        state.now(),
    ))
}

/// Marks a response as never to be kept by the browser or any cache.
pub(crate) fn no_store(resp: &mut HttpResponse) {
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
}

/// Parses a form body; bytes that are not UTF-8 become U+FFFD rather than a refusal, so that
/// the person keeps what they typed and sees the usual messages.
pub(crate) fn parse_body<T: for<'de> Deserialize<'de> + Default>(body: &Bytes) -> T {
    serde_html_form::from_bytes(body)
        .or_else(|_| serde_html_form::from_str(&String::from_utf8_lossy(body)))
        .unwrap_or_default()
}

/// Checks shared by every public form (see `security::robot_check`).
fn robot_check(
    state: &AppState,
    honeypot: &str,
    stamp: &str,
    submission: &str,
) -> Option<&'static str> {
    security::robot_check(
        state.secret(),
        state.now(),
        MIN_FILL_SECONDS,
        honeypot,
        stamp,
        submission,
    )
}
