//! Taking part without an account: the proposal form, the receipt and private follow-up
//! page, the public list and proposal pages, supports and comments; plus the simple staff
//! approval queue.

use actix_web::cookie::Cookie;
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use super::{html, see_other};
use crate::db::consultations;
use crate::db::proposals::{self, Filed, Taken};
use crate::db::themes;
use crate::db::topics::Topic;
use crate::domain::consultation::Consultation;
use crate::domain::consultation::{self, Availability, Offer, State, state as consultation_state};
use crate::domain::contribution::Moderation;
use crate::domain::contribution::{
    CommentFiling, Openness, ProposalFiling, Recorded, SupportFiling, openness,
};
use crate::domain::proposal::Filter;
use crate::domain::proposal::Sort;
use crate::domain::proposal::{NewComment, NewProposal, ProposalForm, Status};
use crate::domain::reference::Reference;
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::security;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::posting::{
    self, Act, Poster, Written, known_participant, new_participant, participant, robot_check,
};
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
