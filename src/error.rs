//! One error type for handlers, with the status mapping in one place. Error bodies are
//! plain text here; `render_error_page` (installed by `app::app`) turns every error response
//! that is not already a page into a localized page that never shows internals.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::web::Data;
use actix_web::{HttpResponse, ResponseError};

use crate::app::AppState;
use crate::db::DbError;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Not signed in; carries the address to come back to.
    #[error("sign-in required")]
    SignInRequired(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Db(DbError::Sqlite(e))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        match self {
            AppError::SignInRequired(back) => {
                let target = if back.is_empty() || back == "/admin" {
                    "/admin/connexion".to_string()
                } else {
                    format!("/admin/connexion?retour={}", urlencode(back))
                };
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish()
            }
            other => {
                if other.status_code().is_server_error() {
                    tracing::error!(error = %other, "request failed");
                }
                HttpResponse::build(other.status_code())
                    .content_type("text/plain; charset=utf-8")
                    .body(other.status_code().canonical_reason().unwrap_or("error"))
            }
        }
    }
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v[1..].to_string())
        .unwrap_or_default()
}

/// Replaces the body of any error response that is not already HTML by a localized page.
pub fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html || res.request().path().starts_with("/api/") {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let default = res
        .request()
        .app_data::<Data<AppState>>()
        .map(|s| s.default_lang())
        .unwrap_or_default();
    let lang = Lang::from_request(res.request(), default);
    let page = crate::views::errors::status_page(lang, status);
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for name in [header::RETRY_AFTER, header::ALLOW, header::SET_COOKIE] {
        for v in old.headers().get_all(&name) {
            new.append_header((name.clone(), v.clone()));
        }
    }
    let new = new
        .content_type("text/html; charset=utf-8")
        .body(page.into_string());
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}
