//! One posting pipeline for every way of taking part — a proposal from the public form or a
//! kiosk, a comment, a support, a paper form typed in by a facilitator: who posts (a
//! participant, the kiosk, a staff member), the one-time key of the form and its repeat, the
//! robot check, the limits, the device mark; then one write in which the form is spent and
//! the workshop under way, the channel and the moderation mode are read in the same
//! transaction; a full disk is an answer, not an error. A new way of taking part is a domain
//! type, a form and one call.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use rusqlite::Connection;

use crate::db::{settings, workshops};
use crate::domain::contribution::{Channel, Moderation, initial_moderation};
use crate::security::{self, ratelimit::Limit};
use crate::web::error::AppError;
use crate::web::state::AppState;

pub const PARTICIPANT_COOKIE: &str = "palabre_participant";
/// A person needs at least this long to write a proposal; robots post at once.
pub const MIN_FILL_SECONDS: i64 = 2;

/// A way of taking part, with its limits (per participant, per network address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Proposal,
    Comment,
    Support,
    /// A person's priority themes.
    Priority,
}

impl Act {
    fn name(self) -> &'static str {
        match self {
            Act::Proposal => "proposal",
            Act::Comment => "comment",
            Act::Support => "support",
            Act::Priority => "priority",
        }
    }

    fn limits(self) -> (Limit, Limit) {
        match self {
            Act::Proposal => ((10, 3600), (150, 3600)),
            Act::Comment => ((30, 3600), (400, 3600)),
            Act::Support => ((300, 3600), (3000, 3600)),
            Act::Priority => ((10, 3600), (300, 3600)),
        }
    }
}

/// The visitor's participant id, when their cookie carries a valid signature.
pub fn known_participant(req: &HttpRequest, state: &AppState) -> Option<String> {
    let c = req.cookie(PARTICIPANT_COOKIE)?;
    security::participant_id(state.secret(), c.value()).map(str::to_string)
}

/// A new participant id and its cookie, `Secure` when the visitor came over HTTPS.
pub fn new_participant(req: &HttpRequest, state: &AppState) -> (String, Cookie<'static>) {
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

/// The visitor's random participant id (signed cookie), created on first need: a missing,
/// made-up or unsigned cookie makes a new visitor.
pub fn participant(req: &HttpRequest, state: &AppState) -> (String, Option<Cookie<'static>>) {
    if let Some(id) = known_participant(req, state) {
        return (id, None);
    }
    let (id, cookie) = new_participant(req, state);
    (id, Some(cookie))
}

/// Who posts a contribution.
#[derive(Debug, Clone)]
pub struct Poster {
    /// The participant id (a staff member's login for a paper form).
    pub id: String,
    /// The cookie of a participant seen for the first time, to set with the answer.
    pub cookie: Option<Cookie<'static>>,
    /// What a form's one-time id is bound to: the participant, the kiosk, the staff member.
    scope: String,
    /// The participant's device mark; none for a paper form.
    device: Option<String>,
    kiosk: bool,
}

impl Poster {
    /// A visitor of the public site; on a kiosk, its forms are bound to the kiosk.
    pub fn visitor(req: &HttpRequest, state: &AppState, kiosk: bool) -> Poster {
        let (id, cookie) = participant(req, state);
        let scope = if kiosk {
            "kiosk".to_string()
        } else {
            format!("p:{id}")
        };
        Poster {
            device: Some(security::device_mark(state.secret(), &id)),
            id,
            cookie,
            scope,
            kiosk,
        }
    }

    /// A text through the site's phone, from the number whose keyed hash is `hash`: its
    /// forms are bound to the number, and the number counts as one device.
    pub fn sms(state: &AppState, hash: &str) -> Poster {
        let id = format!("sms:{hash}");
        Poster {
            device: Some(security::device_mark(state.secret(), &id)),
            cookie: None,
            scope: id.clone(),
            id,
            kiosk: false,
        }
    }

    /// Counts one more `act` for this number; false when it is over its limit (the limit of
    /// one participant).
    pub fn within_number_limits(&self, state: &AppState, act: Act) -> bool {
        let (per_participant, _) = act.limits();
        let key = format!("{}:p:{}", act.name(), self.id);
        state.limits.allow(&key, per_participant, state.now())
    }

    /// A staff member typing in a paper form.
    pub fn staff(login: &str) -> Poster {
        Poster {
            id: login.to_string(),
            cookie: None,
            scope: format!("staff:{login}"),
            device: None,
            kiosk: false,
        }
    }

    /// The key of the form `submission` posted by this poster: a second post of the same
    /// form by the same poster finds the first contribution by it (`security::submission_key`).
    pub fn key(&self, state: &AppState, submission: &str) -> Option<Vec<u8>> {
        security::submission_key(state.secret(), &self.scope, submission)
    }

    /// Counts one more `act` for this poster and their network address; false when either is
    /// over its limit. A participant over their own limit does not spend the address's
    /// allowance. Clients that keep no participant cookie (a script, or a first visit that
    /// never showed a form) draw on a smaller allowance of their own per address (a fifth): a
    /// script that drops its cookie to look like many people cannot silence the people behind
    /// the same address, who got their cookie with the form.
    pub fn within_limits(&self, state: &AppState, req: &HttpRequest, act: Act) -> bool {
        let (per_participant, per_address) = act.limits();
        let (action, now) = (act.name(), state.now());
        let addr = security::ratelimit::address_key(&crate::web::net::client_ip(req));
        if self.cookie.is_some() {
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
                .allow(&format!("{action}:p:{}", self.id), per_participant, now)
            && state.limits.allow(&address_key, per_address, now)
    }
}

/// A public form's one-time id (a new one when `submission` is empty) and its stamp, as the
/// form page gives them.
pub fn stamped(state: &AppState, submission: &mut String) -> String {
    if submission.is_empty() {
        *submission = security::new_submission_id();
    }
    security::form_stamp(state.secret(), state.now(), submission)
}

/// The robot check of a public form (honeypot, fill time, stamp): the refusal's message id.
pub fn robot_check(
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

/// What the write's own transaction decides for the filing.
#[derive(Debug, Clone)]
pub struct Moment {
    /// The workshop under way, if any.
    pub workshop_id: Option<i64>,
    /// The channel of a public post: online, kiosk, or workshop (`Channel::of_public_post`).
    pub channel: Channel,
    /// The moderation the site's mode gives a new contribution.
    pub moderation: Moderation,
    pub device: Option<String>,
    pub now: i64,
}

/// What a write came to.
pub enum Written<T> {
    Done(T),
    /// The form was already used by another poster: the person sends it again from a fresh
    /// form, with what they typed.
    Spent,
    /// The disk is full: nothing was written; the person keeps what they typed.
    DiskFull,
}

/// The one write of a contribution: the form `submission` (if any) spent for `key`, then
/// `file` with the moment read in the same transaction.
pub async fn write<T: Send + 'static>(
    state: &AppState,
    poster: &Poster,
    form: Option<(&str, Option<Vec<u8>>)>,
    file: impl FnOnce(&Connection, Moment) -> Result<T, AppError> + Send + 'static,
) -> Result<Written<T>, AppError> {
    let now = state.now();
    let spend = form.and_then(|(s, k)| Some((security::form_id(s), k?)));
    let (kiosk, device) = (poster.kiosk, poster.device.clone());
    let written = state
        .write(move |c| -> Result<Option<T>, AppError> {
            // One form, one contribution, whoever posts it.
            if let Some((form_id, key)) = &spend
                && !crate::db::spent::spend(c, form_id, key, now)?
            {
                return Ok(None);
            }
            let workshop_id = workshops::in_progress(c)?;
            let moment = Moment {
                channel: Channel::of_public_post(kiosk, workshop_id.is_some()),
                workshop_id,
                moderation: initial_moderation(settings::moderation_mode(c)?, false),
                device,
                now,
            };
            Ok(Some(file(c, moment)?))
        })
        .await;
    match written {
        Err(e) if e.is_disk_full() => {
            tracing::error!("disk full: a contribution could not be saved");
            Ok(Written::DiskFull)
        }
        Err(e) => Err(e),
        Ok(None) => Ok(Written::Spent),
        Ok(Some(t)) => Ok(Written::Done(t)),
    }
}
