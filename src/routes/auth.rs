//! Staff sign-in and sign-out, with throttling per account and per network address.

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::{accounts, sessions, throttle};
use crate::domain::account::StaffUser;
use crate::domain::password::PasswordChange;
use crate::domain::setup::FieldErrors;
use crate::i18n::Lang;
use crate::security::{self, password};
use crate::views::{self, PageCtx, auth::LoginView};
use crate::web::error::AppError;
use crate::web::respond::{html, safe_return, see_other};
use crate::web::session;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login_page)
        .service(login_submit)
        .service(logout)
        .service(password_page)
        .service(password_submit)
        .service(close_other_sessions);
}

#[derive(Deserialize)]
struct LoginQuery {
    retour: Option<String>,
    deconnecte: Option<String>,
    /// The training site was just put back as it started (everyone signs in again).
    recommence: Option<String>,
}

#[get("/admin/connexion")]
async fn login_page(ctx: PageCtx, q: web::Query<LoginQuery>) -> HttpResponse {
    let back = q.retour.as_deref().and_then(safe_return).unwrap_or("");
    let notice = if q.recommence.is_some() {
        Some(ctx.t("training-again-done"))
    } else {
        q.deconnecte.as_ref().map(|_| ctx.t("login-signed-out"))
    };
    html(
        StatusCode::OK,
        views::auth::login(
            &ctx,
            &LoginView {
                login: "",
                back,
                error: None,
                notice,
            },
        ),
    )
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    retour: String,
}

enum Outcome {
    /// The session's token, and the browser's device token to keep in its cookie.
    SignedIn {
        token: String,
        device: String,
    },
    Wrong,
    Locked(i64),
    DiskFull,
}

/// Checks a sign-in: the locks first, then the password (argon2, off the executor), then
/// one write that opens the session or counts the failure.
async fn sign_in(
    state: &AppState,
    login: &str,
    pw: String,
    address: &str,
    device: Option<String>,
    old_session: Option<Vec<u8>>,
    origin: sessions::Origin,
) -> Result<Outcome, AppError> {
    let now = state.now();
    let account_key = throttle::account_key(login);
    let address_key = throttle::address_key(address);
    let who = login.to_string();
    let account = state
        .read(move |c| Ok(accounts::by_login(c, &who)?))
        .await?;
    let device_hash = device.as_deref().map(|d| security::sha256(d.as_bytes()));
    let keys = (account_key.clone(), address_key.clone());
    let (known, locked) =
        held_back(state, account.as_ref().map(|a| a.id), device_hash, keys).await?;
    if let Some(secs) = locked {
        return Ok(Outcome::Locked(secs));
    }
    // The check and the write it leads to in one blocking task, which runs to its end even
    // if the request is dropped meanwhile: no wrong password goes uncounted.
    let db = state.db.clone();
    run_blocking(move || {
        let ok = match &account {
            Some(a) => password::verify(&pw, &a.password_hash) && !a.disabled,
            None => {
                password::verify_dummy(&pw);
                false
            }
        };
        let written = db.write(|c| -> Result<Outcome, AppError> {
            if let (true, Some(a)) = (ok, &account) {
                throttle::clear(c, &account_key)?;
                return open_session(
                    c,
                    a.id,
                    old_session.as_deref(),
                    &origin,
                    known,
                    &device,
                    now,
                );
            }
            count_failure(c, &account_key, &address_key, now)
        });
        match written {
            Err(e) if e.is_disk_full() => Ok(Outcome::DiskFull),
            other => other,
        }
    })
    .await
}

/// Whether the browser is a device the account's owner signed in from before, and how long
/// sign-ins are held back: the account's lock does not hold back its owner's known device;
/// the lock of this network address holds everyone on it back.
async fn held_back(
    state: &AppState,
    account_id: Option<i64>,
    device_hash: Option<Vec<u8>>,
    keys: (String, String),
) -> Result<(bool, Option<i64>), AppError> {
    let now = state.now();
    state
        .read(move |c| {
            let known = match (account_id, &device_hash) {
                (Some(id), Some(h)) => sessions::known_device(c, h, id)?,
                _ => false,
            };
            let by_account = if known {
                None
            } else {
                throttle::locked_for(c, &keys.0, now)?
            };
            Ok((
                known,
                by_account.max(throttle::locked_for(c, &keys.1, now)?),
            ))
        })
        .await
}

/// Opens a session for `account` (closing the one the browser had) and remembers the
/// browser as one of its devices: it keeps its device token, or gets one.
fn open_session(
    c: &rusqlite::Connection,
    account: i64,
    old_session: Option<&[u8]>,
    origin: &sessions::Origin,
    known: bool,
    device: &Option<String>,
    now: i64,
) -> Result<Outcome, AppError> {
    if let Some(old) = old_session {
        sessions::delete(c, old)?;
    }
    let token = security::random_token(32);
    sessions::create(c, &security::sha256(token.as_bytes()), account, origin, now)?;
    let device = match (known, device) {
        (true, Some(d)) => d.clone(),
        _ => security::random_token(24),
    };
    sessions::remember_device(c, &security::sha256(device.as_bytes()), account, now)?;
    Ok(Outcome::SignedIn { token, device })
}

/// Counts a failed sign-in against the account and the network address: wrong, or held
/// back when either reaches its threshold.
fn count_failure(
    c: &rusqlite::Connection,
    account_key: &str,
    address_key: &str,
    now: i64,
) -> Result<Outcome, AppError> {
    let a = throttle::record_failure(c, account_key, throttle::ACCOUNT_THRESHOLD, now)?;
    let b = throttle::record_failure(c, address_key, throttle::ADDRESS_THRESHOLD, now)?;
    Ok(match a.max(b) {
        Some(secs) => Outcome::Locked(secs),
        None => Outcome::Wrong,
    })
}

fn minutes(secs: i64) -> i64 {
    (secs + 59) / 60
}

#[post("/admin/connexion")]
async fn login_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let address = crate::web::net::client_ip(&req);
    let old_session = req
        .cookie(session::COOKIE)
        .map(|c| security::sha256(c.value().as_bytes()));
    let login = form.login.trim().to_string();
    let device = req
        .cookie(session::DEVICE_COOKIE)
        .map(|c| c.value().to_string());
    let outcome = sign_in(
        &state,
        &login,
        form.password.clone(),
        &address,
        device,
        old_session,
        session::origin(&req),
    )
    .await?;
    let back = safe_return(&form.retour).unwrap_or("");
    match outcome {
        Outcome::SignedIn { token, device } => {
            tracing::info!(login = %login, "staff sign-in");
            let mut resp = see_other(if back.is_empty() { "/admin" } else { back });
            resp.add_cookie(&session::cookie(token, &req))
                .map_err(AppError::internal)?;
            resp.add_cookie(&session::device_cookie(device, &req))
                .map_err(AppError::internal)?;
            resp.add_cookie(&crate::web::csrf::fresh_cookie(&req))
                .map_err(AppError::internal)?;
            Ok(resp)
        }
        refused => Ok(refused_page(&ctx, &login, back, refused)),
    }
}

/// The sign-in page again, saying why the sign-in was refused (the login kept).
fn refused_page(ctx: &PageCtx, login: &str, back: &str, refused: Outcome) -> HttpResponse {
    let (status, error) = match refused {
        Outcome::DiskFull => {
            tracing::error!(login = %login, "disk full: sign-in could not be recorded");
            (
                StatusCode::INSUFFICIENT_STORAGE,
                ctx.t("db-error-disk-full"),
            )
        }
        Outcome::Locked(secs) => {
            tracing::warn!(login = %login, secs, "sign-in held back");
            (
                StatusCode::TOO_MANY_REQUESTS,
                locked_message(ctx.lang, secs),
            )
        }
        _ => (StatusCode::UNAUTHORIZED, ctx.t("login-wrong")),
    };
    let v = LoginView {
        login,
        back,
        error: Some(error),
        notice: None,
    };
    let mut resp = html(status, views::auth::login(ctx, &v));
    if let Outcome::Locked(secs) = refused
        && let Ok(v) = header::HeaderValue::from_str(&secs.to_string())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

fn locked_message(lang: Lang, secs: i64) -> String {
    lang.t_args("login-locked", &[("minutes", minutes(secs).into())])
}

#[post("/admin/deconnexion")]
async fn logout(req: HttpRequest, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    if let Some(c) = req.cookie(session::COOKIE) {
        let hash = security::sha256(c.value().as_bytes());
        state
            .write(move |c| Ok(sessions::delete(c, &hash)?))
            .await?;
    }
    let mut resp = see_other("/admin/connexion?deconnecte=1");
    resp.add_cookie(&session::removal_cookie())
        .map_err(AppError::internal)?;
    Ok(resp)
}

#[derive(Deserialize)]
struct PasswordQuery {
    change: Option<String>,
    fermees: Option<usize>,
}

/// The signed-in staff member's open sessions, and which one is this browser's.
async fn open_sessions(
    req: &HttpRequest,
    state: &AppState,
    who: &StaffUser,
) -> Result<views::auth::Sessions, AppError> {
    let (id, now) = (who.id, state.now());
    let list = state
        .read(move |c| Ok(sessions::of_account(c, id, now)?))
        .await?;
    let current = req
        .cookie(session::COOKIE)
        .map(|c| security::sha256(c.value().as_bytes()))
        .unwrap_or_default();
    Ok(views::auth::Sessions { list, current })
}

/// A staff member's account: their password, and the sessions open under their name.
#[get("/admin/mot-de-passe")]
async fn password_page(
    req: HttpRequest,
    s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<PasswordQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = if q.change.is_some() {
        Some(ctx.t("password-change-done"))
    } else {
        q.fermees.map(|n| {
            ctx.lang
                .t_args("sessions-closed", &[("count", (n as u64).into())])
        })
    };
    let open = open_sessions(&req, &state, &s).await?;
    Ok(html(
        StatusCode::OK,
        views::auth::password_change(&ctx, &FieldErrors::new(), None, notice, &open),
    ))
}

/// Closes every other session of the signed-in staff member (a phone left signed in, a
/// session someone else opened with their password).
#[post("/admin/mot-de-passe/sessions")]
async fn close_other_sessions(
    req: HttpRequest,
    s: StaffUser,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let keep = req
        .cookie(session::COOKIE)
        .map(|c| security::sha256(c.value().as_bytes()))
        .unwrap_or_default();
    let id = s.id;
    let closed = state
        .write(move |c| Ok(sessions::close_others(c, id, &keep)?))
        .await?;
    tracing::info!(login = %s.login, closed, "other staff sessions closed");
    Ok(see_other(&format!("/admin/mot-de-passe?fermees={closed}")))
}

enum Change {
    Done,
    Refused(FieldErrors),
    Locked(i64),
}

/// A staff member changes their own password: the current one is checked (wrong ones count
/// like wrong sign-ins), then the new one is stored and their other sessions are closed.
async fn change_password(
    state: &AppState,
    who: StaffUser,
    form: PasswordChange,
    keep: (Vec<u8>, Vec<u8>),
) -> Result<Change, AppError> {
    let now = state.now();
    let key = throttle::password_change_key(&who.login);
    let (k, login) = (key.clone(), who.login.clone());
    let (locked, account) = state
        .read(move |c| {
            Ok((
                throttle::locked_for(c, &k, now)?,
                accounts::by_login(c, &login)?,
            ))
        })
        .await?;
    if let Some(secs) = locked {
        return Ok(Change::Locked(secs));
    }
    let checked = run_blocking({
        let (db, login, key) = (state.db.clone(), who.login.clone(), key.clone());
        move || check_current(&db, account, form, &login, &key, now)
    })
    .await?;
    let new = match checked {
        Ok(new) => new,
        Err(refused) => return Ok(refused),
    };
    let hash =
        run_blocking(move || password::hash(new.as_str()).map_err(AppError::internal)).await?;
    state
        .write(move |c| {
            accounts::set_password(c, who.id, &hash, &keep.0, &keep.1, now)?;
            Ok(throttle::clear(c, &key)?)
        })
        .await?;
    Ok(Change::Done)
}

/// The check of the current password and the count of a wrong one, in one blocking task
/// that runs to its end even if the request is dropped meanwhile: the new password, or
/// what to answer.
fn check_current(
    db: &crate::db::Db,
    account: Option<crate::domain::account::Account>,
    form: PasswordChange,
    login: &str,
    key: &str,
    now: i64,
) -> Result<Result<crate::domain::password::NewPassword, Change>, AppError> {
    let current_ok = account
        .as_ref()
        .is_some_and(|a| password::verify(&form.current, &a.password_hash));
    let errors = match form.parse(login, current_ok) {
        Ok(new) => return Ok(Ok(new)),
        Err(errors) => errors,
    };
    if !current_ok && !form.current.is_empty() {
        let locked = db.write(|c| -> Result<_, AppError> {
            Ok(throttle::record_failure(
                c,
                key,
                throttle::ACCOUNT_THRESHOLD,
                now,
            )?)
        })?;
        if let Some(secs) = locked {
            return Ok(Err(Change::Locked(secs)));
        }
    }
    Ok(Err(Change::Refused(errors)))
}

#[post("/admin/mot-de-passe")]
async fn password_submit(
    req: HttpRequest,
    s: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let hash_of = |name: &str| {
        req.cookie(name)
            .map(|c| security::sha256(c.value().as_bytes()))
            .unwrap_or_default()
    };
    let keep = (hash_of(session::COOKIE), hash_of(session::DEVICE_COOKIE));
    let outcome = change_password(&state, s.clone(), form, keep).await?;
    match outcome {
        Change::Done => {
            tracing::info!(login = %s.login, "staff password changed");
            Ok(see_other("/admin/mot-de-passe?change=1"))
        }
        Change::Refused(errors) => {
            let open = open_sessions(&req, &state, &s).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::auth::password_change(&ctx, &errors, None, None, &open),
            ))
        }
        Change::Locked(secs) => {
            let msg = locked_message(ctx.lang, secs);
            let open = open_sessions(&req, &state, &s).await?;
            Ok(html(
                StatusCode::TOO_MANY_REQUESTS,
                views::auth::password_change(&ctx, &FieldErrors::new(), Some(msg), None, &open),
            ))
        }
    }
}
