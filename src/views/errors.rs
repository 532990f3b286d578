//! Error pages: plain words, a way back, never internals.

use actix_web::http::StatusCode;
use maud::{Markup, html};

use super::layout::bare;
use crate::i18n::Lang;

pub fn status_page(lang: Lang, training: bool, status: StatusCode) -> Markup {
    let (title, text) = match status.as_u16() {
        404 | 405 => ("error-404-title", "error-404-text"),
        403 => ("error-403-title", "error-403-text"),
        408 => ("error-408-title", "error-408-text"),
        413 => ("error-413-title", "error-413-text"),
        429 => ("error-429-title", "error-429-text"),
        400..=499 => ("error-400-title", "error-400-text"),
        503 => ("error-503-title", "error-503-text"),
        507 => ("error-507-title", "error-507-text"),
        _ => ("error-500-title", "error-500-text"),
    };
    let title = lang.t(title);
    bare(
        lang,
        training,
        &title,
        html! {
            h1 { (title) }
            p { (lang.t(text)) }
            p { a href="/" { (lang.t("error-back-home")) } }
        },
    )
}

/// A request for a name that is not this site's (`security::host`).
pub fn unknown_host(lang: Lang, training: bool) -> Markup {
    let title = lang.t("error-host-title");
    bare(
        lang,
        training,
        &title,
        html! {
            h1 { (title) }
            p { (lang.t("error-host-text")) }
            p { (lang.t("error-host-admin")) }
        },
    )
}

/// A form was refused because its CSRF token was missing or stale (often: a page left open
/// for a long time, or cookies blocked).
pub fn csrf(lang: Lang, training: bool, back: Option<&str>) -> Markup {
    let title = lang.t("error-csrf-title");
    bare(
        lang,
        training,
        &title,
        html! {
            h1 { (title) }
            p { (lang.t("error-csrf-text")) }
            p { a href=(back.unwrap_or("/")) { (lang.t("error-csrf-back")) } }
        },
    )
}

pub fn too_large(lang: Lang, training: bool) -> Markup {
    status_page(lang, training, StatusCode::PAYLOAD_TOO_LARGE)
}
