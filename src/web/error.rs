//! One error type for handlers, with the status mapping in one place. Error bodies are
//! plain text here; `render_error_page` (installed by `app::app`) turns every error response
//! that is not already a page into a localized page that never shows internals (into the
//! API's JSON error under `/api`).

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::web::Data;
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;
use crate::i18n::Lang;
use crate::web::state::AppState;

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
    /// Anything else that went wrong on our side; keeps its cause for the log.
    #[error("internal error")]
    Internal(#[source] BoxError),
    /// The disk holding the data folder is full: nothing was written.
    #[error("disk full")]
    DiskFull,
}

/// Any error, boxed, as the cause of an `AppError::Internal`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl AppError {
    /// An internal error caused by `e` (an error, or a message).
    pub fn internal(e: impl Into<BoxError>) -> AppError {
        AppError::Internal(e.into())
    }

    /// This error and its causes, outermost first: "internal error: commit failed: disk I/O".
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            // Some errors print their cause in their own message too: say it once.
            let text = e.to_string();
            if !out.ends_with(&text) {
                out.push_str(": ");
                out.push_str(&text);
            }
            cause = e.source();
        }
        out
    }

    /// The disk holding the data folder is full (SQLite's SQLITE_FULL, or no space left on
    /// a file write).
    pub fn is_disk_full(&self) -> bool {
        match self {
            AppError::DiskFull => true,
            AppError::Db(e) => e.is_disk_full(),
            AppError::Internal(e) => e
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::StorageFull),
            _ => false,
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull {
            AppError::DiskFull
        } else {
            AppError::internal(e)
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Db(DbError::Sqlite(e))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal(e)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            e if e.is_disk_full() => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Db(_) | AppError::Internal(_) | AppError::DiskFull => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        match self {
            AppError::SignInRequired(back) => {
                let target = if back.is_empty() || back == "/admin" {
                    "/admin/connexion".to_string()
                } else {
                    format!(
                        "/admin/connexion?retour={}",
                        crate::domain::links::urlencode(back)
                    )
                };
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish()
            }
            other => {
                if other.status_code().is_server_error() {
                    tracing::error!(error = %other.chain(), "request failed");
                }
                HttpResponse::build(other.status_code())
                    .content_type("text/plain; charset=utf-8")
                    .body(other.status_code().canonical_reason().unwrap_or("error"))
            }
        }
    }
}

/// Whether a request goes to the public API (`/api/…`), whose errors are JSON. Takes the
/// path as the router sees it (`match_info().as_str()`, percent-decoded), so that callers
/// agree with the routing.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Replaces the body of any error response that is not already HTML by a localized page;
/// under `/api` by the API's JSON error instead, when it is not JSON already.
pub fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let done = if is_api_path(res.request().match_info().as_str()) {
        content_type.starts_with("application/json")
    } else {
        content_type.starts_with("text/html")
    };
    if done {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    if is_api_path(res.request().match_info().as_str()) {
        let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
        let body = serde_json::json!({ "error": reason }).to_string();
        return Ok(replace_body(res, "application/json", body));
    }
    let default = res
        .request()
        .app_data::<Data<AppState>>()
        .map(|s| s.default_lang())
        .unwrap_or_default();
    let lang = Lang::from_request(res.request(), default);
    let training = AppState::training_of(res.request());
    let page = crate::views::errors::status_page(lang, training, status);
    Ok(replace_body(
        res,
        "text/html; charset=utf-8",
        page.into_string(),
    ))
}

/// The same status with a new body, keeping the headers that still mean something.
fn replace_body<B>(
    res: ServiceResponse<B>,
    content_type: &str,
    body: String,
) -> ErrorHandlerResponse<B> {
    let status = res.status();
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for name in [header::RETRY_AFTER, header::ALLOW, header::SET_COOKIE] {
        for v in old.headers().get_all(&name) {
            new.append_header((name.clone(), v.clone()));
        }
    }
    let new = new.content_type(content_type.to_string()).body(body);
    ErrorHandlerResponse::Response(ServiceResponse::new(req, new).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use actix_web::body::{MessageBody, to_bytes};
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn an_internal_error_keeps_its_causes_for_the_log() {
        let db = AppError::Db(DbError::Commit("disk I/O error".into()));
        assert_eq!(db.chain(), "commit failed: disk I/O error");
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "cache: access denied");
        let e = AppError::from(io);
        assert_eq!(e.chain(), "internal error: cache: access denied");
        assert!(!e.is_disk_full());
        let full = || std::io::Error::new(std::io::ErrorKind::StorageFull, "no space");
        assert!(AppError::from(full()).is_disk_full());
        assert!(AppError::internal(full()).is_disk_full());
    }

    async fn rendered(path: &str, res: HttpResponse) -> (StatusCode, String, String) {
        let res = TestRequest::with_uri(path).to_srv_response(res);
        let res = match render_error_page(res) {
            Ok(ErrorHandlerResponse::Response(r)) => r,
            _ => panic!("no response"),
        };
        let status = res.status();
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = to_bytes(res.into_body().boxed()).await.unwrap_or_default();
        (
            status,
            content_type,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    #[actix_web::test]
    async fn api_errors_that_are_not_json_become_the_json_error() {
        let (status, content_type, body) = rendered(
            "/api/v1/proposals",
            AppError::internal("database on fire").error_response(),
        )
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(content_type, "application/json");
        assert_eq!(body, r#"{"error":"internal server error"}"#);
        // JSON from the API itself is kept as it is.
        let (_, _, body) = rendered(
            "/api/v1/proposals",
            HttpResponse::BadRequest()
                .content_type("application/json")
                .body(r#"{"error":"unknown status"}"#),
        )
        .await;
        assert_eq!(body, r#"{"error":"unknown status"}"#);
        // Elsewhere the same error is a page.
        let (_, content_type, _) =
            rendered("/propositions", AppError::NotFound.error_response()).await;
        assert!(content_type.starts_with("text/html"), "{content_type}");
    }
}
