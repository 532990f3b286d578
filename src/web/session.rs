//! Staff sessions: the cookie carries a random token, the database keeps its hash. The
//! extractors `StaffUser`, `ModeratorUser` and `AdminUser` are how a handler says who may
//! reach it; there is no role check by hand in handler bodies.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest, dev::Payload};

use crate::db::sessions;
use crate::domain::account::{Account, Role, StaffUser};
use crate::web::error::AppError;
use crate::web::state::AppState;

pub const COOKIE: &str = "palabre_session";

impl From<Account> for StaffUser {
    fn from(a: Account) -> Self {
        StaffUser {
            id: a.id,
            login: a.login,
            role: a.role,
        }
    }
}

/// Builds the session cookie for a new token. `Secure` when the request came over HTTPS, and
/// through the public link (PRODUCT.md §3.7) whenever the visitor's side of it is HTTPS: the
/// scheme the tunnel service forwards, else the public address. A ministry server published
/// in plain `http://` gets no `Secure` flag, or no browser would ever send the session back.
pub fn cookie(token: String, req: &HttpRequest) -> Cookie<'static> {
    let secure = crate::web::net::visitor_scheme(req) == "https";
    Cookie::build(COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// The cookie a browser keeps after a correct sign-in: that device is known for that account.
/// Someone who keeps an account locked by trying wrong passwords from elsewhere does not
/// lock out its owner, whose known device still gets through with the right password. A
/// random token per browser, kept hashed (`db::sessions::known_device`), forgotten when the
/// password changes.
pub const DEVICE_COOKIE: &str = "palabre_appareil";

pub fn device_cookie(token: String, req: &HttpRequest) -> Cookie<'static> {
    Cookie::build(DEVICE_COOKIE, token)
        .path("/admin")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(crate::web::net::visitor_scheme(req) == "https")
        .max_age(actix_web::cookie::time::Duration::days(400))
        .finish()
}

/// Where a session is opened from: the browser in a few words, the network address.
pub fn origin(req: &HttpRequest) -> sessions::Origin {
    let agent = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    sessions::Origin {
        browser: crate::domain::account::browser_of(agent),
        address: crate::web::net::client_ip(req),
    }
}

pub fn removal_cookie() -> Cookie<'static> {
    let mut c = Cookie::build(COOKIE, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .finish();
    c.make_removal();
    c
}

/// The staff member of this request, if the session cookie names a live session.
pub async fn current(req: &HttpRequest) -> Result<Option<StaffUser>, AppError> {
    let Some(token) = req.cookie(COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    if let Some(user) = actix_web::HttpMessage::extensions(req)
        .get::<StaffUser>()
        .cloned()
    {
        return Ok(Some(user));
    }
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(None);
    };
    let hash = crate::security::sha256(token.as_bytes());
    let now = state.now();
    // Reading the session and refreshing it: one hop to the blocking pool per staff request.
    let db = state.db.clone();
    let found = crate::web::state::run_blocking(move || {
        let found = db.read(|c| -> Result<_, AppError> { Ok(sessions::find(c, &hash, now)?) })?;
        if let Some((_, true)) = &found {
            // A full disk must not lock staff out of the pages that tell them so.
            match db.write(|c| -> Result<_, AppError> { Ok(sessions::touch(c, &hash, now)?) }) {
                Err(e) if e.is_disk_full() => tracing::warn!("disk full: session not refreshed"),
                other => other?,
            }
        }
        Ok(found)
    })
    .await?;
    let found = found.map(|(a, _)| StaffUser::from(a));
    if let Some(user) = &found {
        actix_web::HttpMessage::extensions_mut(req).insert(user.clone());
    }
    Ok(found)
}

async fn require(req: HttpRequest, role: Role) -> Result<StaffUser, AppError> {
    match current(&req).await? {
        Some(user) if user.role.includes(role) => Ok(user),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::SignInRequired(
            req.uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
        )),
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for StaffUser {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(require(req.clone(), Role::Facilitator))
    }
}

/// A moderator or an admin.
#[derive(Debug, Clone)]
pub struct ModeratorUser(pub StaffUser);

impl FromRequest for ModeratorUser {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { require(req, Role::Moderator).await.map(ModeratorUser) })
    }
}

/// An admin.
#[derive(Debug, Clone)]
pub struct AdminUser(pub StaffUser);

impl FromRequest for AdminUser {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { require(req, Role::Admin).await.map(AdminUser) })
    }
}
