//! First-run setup: reachable only with the one-time token printed in the console, and
//! never again once done. Five fields give an admin account and a live consultation.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};

use crate::domain::setup::{FieldErrors, SetupForm};
use crate::i18n::Lang;
use crate::security;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session;
use crate::web::state::{AppState, Site, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(setup_page).service(setup_submit);
}

#[get("/installation/{token}")]
async fn setup_page(
    token: web::Path<String>,
    state: Data<AppState>,
    ctx: PageCtx,
) -> Result<HttpResponse, AppError> {
    if !state.setup_token_matches(&token) {
        return Err(AppError::NotFound);
    }
    let form = SetupForm {
        language: ctx.lang.code().to_string(),
        ..SetupForm::default()
    };
    Ok(html(
        StatusCode::OK,
        views::setup::form(&ctx, &token, &form, &FieldErrors::new()),
    ))
}

#[post("/installation/{token}")]
async fn setup_submit(
    req: HttpRequest,
    token: web::Path<String>,
    state: Data<AppState>,
    ctx: PageCtx,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    if !state.setup_token_matches(&token) {
        return Err(AppError::NotFound);
    }
    let form = form.into_inner();
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::setup::form(&ctx, &token, &form, &errors),
            ));
        }
    };
    let session_token = security::random_token(32);
    let session_hash = security::sha256(session_token.as_bytes());
    let input2 = input.clone();
    let password = input.password.clone();
    let hash = run_blocking(move || {
        security::password::hash(password.as_str()).map_err(AppError::internal)
    })
    .await?;
    let now = state.now();
    let origin = crate::web::session::origin(&req);
    let done = state
        .write(move |c| {
            let first = (&hash[..], &session_hash[..], &origin);
            Ok(crate::db::setup::first_run(c, &input2, first, now)?)
        })
        .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    tracing::info!(login = input.login.as_str(), "first-run setup done");
    state.finish_setup(Site {
        name: input.site_name,
        organisation: input.organisation,
        default_lang: Lang::parse(&input.language).unwrap_or_default(),
        setup_done: true,
        public_address: None,
        logo: None,
        logo_size: None,
    });
    let mut resp = see_other("/admin?bienvenue=1");
    resp.add_cookie(&session::cookie(session_token, &req))
        .map_err(AppError::internal)?;
    Ok(resp)
}
