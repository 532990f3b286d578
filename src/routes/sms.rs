//! Texts through an Android phone: the phone's settings and state (admins), and the address
//! where the phone may push the texts it receives (signed).

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;

use crate::db::settings;
use crate::db::sms::{self as store, keys};
use crate::domain::sms::WEBHOOK_PATH;
use crate::sms::Gateway;
use crate::views::sms::{PhoneForm, PhoneView};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::sms_desk;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(phone_page)
        .service(phone_save)
        .service(web::resource(WEBHOOK_PATH).route(web::post().to(pushed)));
}

/// The phone pushes a text it received (webhook `sms:received`): 401 unless signed.
async fn pushed(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (signature, timestamp) = (header("X-Signature"), header("X-Timestamp"));
    if sms_desk::webhook(&state, &body, &signature, &timestamp).await? {
        Ok(HttpResponse::Ok()
            .content_type("application/json")
            .body("{}"))
    } else {
        Ok(HttpResponse::Unauthorized()
            .content_type("application/json")
            .body(r#"{"error":"not signed by the phone"}"#))
    }
}

#[derive(Deserialize)]
struct Query {
    fait: Option<String>,
}

/// What the page shows: the saved settings, the phone's state, the counts.
async fn view(state: &AppState, form: Option<PhoneForm>) -> Result<PhoneView, AppError> {
    let key = sms_desk::signing_key(state).await?;
    let (saved, seen_at, phone_state, counts) = state
        .read(|c| {
            Ok((
                PhoneForm {
                    gateway_url: settings::get(c, keys::URL)?.unwrap_or_default(),
                    login: settings::get(c, keys::LOGIN)?.unwrap_or_default(),
                    password: String::new(),
                    action: String::new(),
                },
                settings::get(c, keys::SEEN_AT)?.and_then(|s| s.parse::<i64>().ok()),
                settings::get(c, keys::STATE)?.unwrap_or_default(),
                store::counts(c)?,
            ))
        })
        .await?;
    Ok(PhoneView {
        form: form.unwrap_or(saved),
        from_cli: state.sms_gateway.as_ref().map(|g| g.base.clone()),
        seen_at,
        on: phone_state == "on",
        counts,
        webhook_key: key,
        tested: None,
    })
}

#[get("/admin/sms")]
async fn phone_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let mut v = view(&state, None).await?;
    if q.fait.is_some() {
        v.tested = Some(ctx.t("admin-saved"));
    }
    Ok(html(StatusCode::OK, views::sms::phone(&ctx, &v, &[])))
}

#[post("/admin/sms")]
async fn phone_save(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<PhoneForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let url = f.gateway_url.trim().to_string();
    let gateway = if url.is_empty() {
        None
    } else {
        match Gateway::of(&url, &f.login, &f.password) {
            Ok(g) => Some(g),
            Err(_) => {
                let v = view(&state, Some(f)).await?;
                let errors = [("gateway_url", "sms-error-url")];
                return Ok(html(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    views::sms::phone(&ctx, &v, &errors),
                ));
            }
        }
    };
    if f.action == "tester" {
        let said = match gateway {
            Some(g) => match run_blocking(move || Ok(g.health())).await? {
                Ok(s) if s == "pass" => ctx.t("sms-test-pass"),
                Ok(s) => ctx.lang.t_args("sms-test-warn", &[("state", s.into())]),
                Err(crate::sms::PhoneError::Refused) => ctx.t("sms-test-refused"),
                Err(_) => ctx.t("sms-test-unreachable"),
            },
            None => ctx.t("sms-test-none"),
        };
        let mut v = view(&state, Some(f)).await?;
        v.tested = Some(said);
        return Ok(html(StatusCode::OK, views::sms::phone(&ctx, &v, &[])));
    }
    let (login, password) = (f.login.trim().to_string(), f.password.clone());
    state
        .write(move |c| {
            settings::set(c, keys::URL, &url)?;
            settings::set(c, keys::LOGIN, &login)?;
            if !password.is_empty() {
                settings::set(c, keys::PASSWORD, &password)?;
            }
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/sms?fait=1"))
}
