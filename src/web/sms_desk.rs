//! The SMS desk: every few seconds, reads the texts the phone received (each once), files
//! proposals and priority votes through the one posting pipeline, hands the queued texts to
//! the phone (again later when it is off) and reads back their delivery.

use std::time::Duration;

use actix_web::web::Data;

use crate::db::proposals::Filed;
use crate::db::sms::{self as store, keys};
use crate::db::{self, settings};
use crate::domain::contribution::{Channel, ProposalFiling, Recorded};
use crate::domain::proposal::NewProposal;
use crate::domain::sms::{Incoming, Texts, number, title_of};
use crate::security;
use crate::sms::{Gateway, Received};
use crate::web::error::AppError;
use crate::web::posting::{self, Act, Poster, Written};
use crate::web::state::{AppState, run_blocking};

pub use crate::domain::sms::WEBHOOK_PATH;

/// The signing key of the webhook, made on first need.
pub async fn signing_key(state: &AppState) -> Result<String, AppError> {
    state
        .write(|c| {
            Ok(settings::get_or_init(c, keys::SIGNING_KEY, || {
                security::random_token(24)
            })?)
        })
        .await
}

/// A text the phone pushed: checked against its signature (HMAC-SHA256 of the body and the
/// `X-Timestamp`, with the signing key), at most five minutes old, then taken like a text
/// read from the inbox. False when the call is not the phone's.
pub async fn webhook(
    state: &Data<AppState>,
    body: &[u8],
    signature: &str,
    timestamp: &str,
) -> Result<bool, AppError> {
    use hmac::Mac;
    let key = signing_key(state).await?;
    let fresh = timestamp
        .parse::<i64>()
        .is_ok_and(|t| (t - state.now()).abs() <= 300);
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()) else {
        return Ok(false);
    };
    mac.update(body);
    mac.update(timestamp.as_bytes());
    let Some(given) = crate::domain::bundle::unhex(signature.trim()) else {
        return Ok(false);
    };
    if !fresh || mac.verify_slice(&given).is_err() {
        return Ok(false);
    }
    let event: Pushed = match serde_json::from_slice(body) {
        Ok(e) => e,
        Err(_) => return Ok(false),
    };
    if event.event != "sms:received" {
        return Ok(true);
    }
    let p = event.payload;
    let received = Received {
        id: p.message_id,
        sender: if p.sender.is_empty() {
            p.phone_number
        } else {
            p.sender
        },
        content_preview: p.message,
        created_at: p.received_at,
    };
    take(state, &received).await?;
    Ok(true)
}

#[derive(serde::Deserialize)]
struct Pushed {
    event: String,
    #[serde(default)]
    payload: PushedText,
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct PushedText {
    message_id: String,
    message: String,
    phone_number: String,
    sender: String,
    received_at: String,
}

/// Starts the desk on the server's runtime; `every` is the pause between rounds.
pub fn start(state: Data<AppState>, every: Duration) {
    actix_web::rt::spawn(async move {
        loop {
            if let Err(e) = round(&state).await {
                tracing::warn!(error = %e, "sms desk");
            }
            actix_web::rt::time::sleep(every).await;
        }
    });
}

/// The phone to use: the command line's, else the settings page's, else none.
pub async fn gateway(state: &AppState) -> Result<Option<Gateway>, AppError> {
    if let Some(g) = &state.sms_gateway {
        return Ok(Some(g.clone()));
    }
    let saved = state
        .read(|c| {
            Ok((
                settings::get(c, keys::URL)?,
                settings::get(c, keys::LOGIN)?.unwrap_or_default(),
                settings::get(c, keys::PASSWORD)?.unwrap_or_default(),
            ))
        })
        .await?;
    Ok(match saved {
        (Some(url), login, password) if !url.trim().is_empty() => {
            Gateway::of(&url, &login, &password).ok()
        }
        _ => None,
    })
}

/// One round: read the inbox, send what waits, read states back.
async fn round(state: &Data<AppState>) -> Result<(), AppError> {
    let Some(g) = gateway(state).await? else {
        return Ok(());
    };
    let cursor = state
        .read(|c| Ok(settings::get(c, keys::CURSOR)?))
        .await?
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let phone = g.clone();
    let from = cursor.clone();
    let inbox = run_blocking(move || Ok(phone.inbox(&from))).await?;
    let now = state.now();
    let texts = match inbox {
        Ok(t) => t,
        Err(e) => {
            let seen = format!("off: {e}");
            state
                .write(move |c| Ok(settings::set(c, keys::STATE, &seen)?))
                .await?;
            return Ok(());
        }
    };
    let mut newest = cursor;
    for t in &texts {
        take(state, t).await?;
        if t.created_at > newest {
            newest = t.created_at.clone();
        }
    }
    state
        .write(move |c| {
            settings::set(c, keys::CURSOR, &newest)?;
            settings::set(c, keys::STATE, "on")?;
            Ok(settings::set(c, keys::SEEN_AT, &now.to_string())?)
        })
        .await?;
    send_due(state, &g).await?;
    read_states(state, &g).await
}

/// One text received: what it asks for, done once.
async fn take(state: &Data<AppState>, t: &Received) -> Result<(), AppError> {
    let Some(number) = number(&t.sender) else {
        return Ok(());
    };
    let hash = security::token_for(state.secret(), &format!("sms:{number}"));
    let themes = crate::web::reads::priority_rounds(state).await?;
    let open = crate::web::reads::open_now(themes, state.now());
    let kind = Incoming::read(
        &t.content_preview,
        open.as_ref().map_or(0, |o| o.themes.len()),
    );
    let (now, key) = (state.now(), t.key());
    let (n, h, k) = (number.clone(), hash.clone(), key.clone());
    let label = match &kind {
        Incoming::Proposal(_) => "proposal",
        Incoming::Priority(_) => "priority",
        Incoming::Stop => "stop",
        Incoming::BadPriority | Incoming::Unclear => "unclear",
    };
    // Read before: nothing more to do (the phone gave it twice).
    let (sender, first) = state
        .write(move |c| {
            let s = store::sender(c, &n, &h, now)?;
            let first = store::read_once(c, &k, s.id, label, now)?;
            Ok((s, first))
        })
        .await?;
    if !first {
        return Ok(());
    }
    let (lang, site, base) = state.read(|c| Ok(store::voice(c)?)).await?;
    let texts = Texts {
        lang,
        site: &site,
        link: "",
    };
    let reply = match kind {
        Incoming::Stop => {
            let text = texts.stopped();
            return state
                .write(move |c| {
                    store::set_stopped(c, sender.id, true, now)?;
                    store::queue(c, sender.id, "stop", None, &text, now)?;
                    Ok(())
                })
                .await;
        }
        Incoming::Proposal(text) => {
            let poster = Poster::sms(state, &hash);
            if !poster.within_number_limits(state, Act::Proposal) {
                return Ok(());
            }
            let Some(o) = open else {
                return Ok(());
            };
            let filed = file_text(state, &poster, &key, text, o.consultation.id).await?;
            let Some((id, reference)) = filed else {
                return Ok(());
            };
            let link = if base.is_empty() {
                String::new()
            } else {
                format!("{base}/propositions/{reference}")
            };
            let texts = Texts {
                lang,
                site: &site,
                link: &link,
            };
            let text = texts.receipt(&reference);
            return state
                .write(move |c| {
                    store::link_proposal(c, &key, sender.id, id)?;
                    store::queue(c, sender.id, "receipt", Some(id), &text, now)?;
                    Ok(())
                })
                .await;
        }
        Incoming::Priority(numbers) => match open {
            Some(o) => {
                let chosen: Vec<String> = numbers
                    .iter()
                    .filter_map(|n| o.themes.get(n - 1).map(|t| t.code.clone()))
                    .take(usize::from(o.round.max_choices))
                    .collect();
                let names: Vec<String> = chosen
                    .iter()
                    .filter_map(|c| o.themes.iter().find(|t| &t.code == c))
                    .map(|t| t.label(lang).to_string())
                    .collect();
                let poster = Poster::sms(state, &hash);
                if poster.within_number_limits(state, Act::Priority) {
                    vote(state, &poster, &key, chosen, o.consultation.id).await?;
                }
                texts.priorities(&names.join(", "))
            }
            None => texts.help(),
        },
        Incoming::BadPriority | Incoming::Unclear => texts.help(),
    };
    state
        .write(move |c| Ok(store::queue(c, sender.id, "help", None, &reply, now)?))
        .await
        .map(|_| ())
}

/// Files a texted proposal through the posting pipeline, on the SMS channel, once per text
/// (the text's key is its submission): its id and reference.
async fn file_text(
    state: &AppState,
    poster: &Poster,
    key: &str,
    text: String,
    consultation_id: i64,
) -> Result<Option<(i64, String)>, AppError> {
    let submission = poster.key(state, key);
    let token = security::follow_token(state.secret(), submission.as_deref());
    let follow = security::sha256(token.as_bytes());
    let instance = state.instance_id.clone();
    let filing = move |c: &rusqlite::Connection, m: posting::Moment| {
        let f = ProposalFiling {
            uid: security::random_token(16),
            proposal: NewProposal {
                title: title_of(&text),
                problem: text,
                solution: String::new(),
                benefit: String::new(),
                theme: "autre".into(),
                zone: String::new(),
                contributor_type: String::new(),
                ogp_values: Vec::new(),
                author_name: String::new(),
                organisation: String::new(),
                contact: None,
                language: "fr".into(),
            },
            consultation_id,
            channel: Channel::Sms,
            workshop_id: m.workshop_id,
            paper: None,
            recorded: Recorded::Here,
            follow_token_hash: follow,
            submission,
            moderation: m.moderation,
            device: m.device,
            created_at: m.now,
        };
        Ok(match db::proposals::file_proposal(c, &f, &instance)? {
            Filed::New { id, reference } | Filed::Repeat { id, reference } => Some((id, reference)),
            _ => None,
        })
    };
    Ok(match posting::write(state, poster, None, filing).await? {
        Written::Done(filed) => filed,
        Written::DiskFull | Written::Spent => None,
    })
}

/// Counts a texted priority vote through the posting pipeline, once per text.
async fn vote(
    state: &AppState,
    poster: &Poster,
    key: &str,
    themes: Vec<String>,
    consultation_id: i64,
) -> Result<(), AppError> {
    let submission = poster.key(state, key);
    let instance = state.instance_id.clone();
    let ballot = crate::domain::priority::Ballot {
        themes,
        profile: Default::default(),
    };
    let filing = move |c: &rusqlite::Connection, m: posting::Moment| {
        let uid = security::random_token(12);
        let f = db::priorities::BallotFiling {
            uid: &uid,
            instance_id: &instance,
            consultation_id,
            channel: Channel::Sms,
            workshop_id: m.workshop_id,
            ballot: &ballot,
            submission_key: submission.as_deref(),
            device: m.device.as_deref(),
            bundle_id: None,
            created_at: m.now,
        };
        Ok(db::priorities::file_ballot(c, &f)?)
    };
    posting::write(state, poster, None, filing)
        .await
        .map(|_| ())
}

/// Hands the texts that wait to the phone; when it cannot be reached, they wait longer.
async fn send_due(state: &AppState, g: &Gateway) -> Result<(), AppError> {
    let now = state.now();
    let due = state.read(move |c| Ok(store::due(c, now, 20)?)).await?;
    for d in due {
        let phone = g.clone();
        let (uid, number, text) = (d.uid.clone(), d.number.clone(), d.text.clone());
        let sent = run_blocking(move || Ok(phone.send(&uid, &number, &text))).await?;
        state
            .write(move |c| {
                match &sent {
                    Ok(s) => store::handed(c, d.id, s, now)?,
                    Err(_) => store::retry_later(c, d.id, d.attempts, now)?,
                }
                Ok(())
            })
            .await?;
    }
    Ok(())
}

/// Reads back the state of the texts the phone took.
async fn read_states(state: &AppState, g: &Gateway) -> Result<(), AppError> {
    let flying = state.read(|c| Ok(store::in_flight(c)?)).await?;
    for (id, uid) in flying {
        let phone = g.clone();
        if let Ok(s) = run_blocking(move || Ok(phone.state(&uid))).await? {
            let now = state.now();
            state
                .write(move |c| Ok(store::set_state(c, id, &s, now)?))
                .await?;
        }
    }
    Ok(())
}
