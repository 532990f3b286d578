//! Taking part without an account: the proposal form, the receipt and private follow-up
//! page, the public list and proposal pages, supports and comments; plus the simple staff
//! approval queue.

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::consultations;
use crate::db::proposals::{self, Filed, Taken};
use crate::db::themes;
use crate::db::topics::Topic;
use crate::domain::consultation::Consultation;
use crate::domain::consultation::{Availability, Offer, State, state as consultation_state};
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
use crate::web::reads::availability;
use crate::web::respond::{html, no_store, parse_body, see_other, with_cookie};
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
