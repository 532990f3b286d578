//! Staff sign-in.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_summary, input};
use super::layout::page;
use crate::domain::setup::FieldErrors;

pub struct LoginView<'a> {
    pub login: &'a str,
    pub back: &'a str,
    /// Already-translated message shown above the form.
    pub error: Option<String>,
    pub notice: Option<String>,
}

pub fn login(ctx: &PageCtx, v: &LoginView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("login-title");
    let none = FieldErrors::new();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = &v.notice { p.notice role="status" { (n) } }
            @if let Some(e) = &v.error {
                div.error-summary #erreurs role="alert" tabindex="-1" { p { (e) } }
            }
            form method="post" action="/admin/connexion" novalidate {
                (csrf_field(&ctx.csrf))
                @if !v.back.is_empty() { input type="hidden" name="retour" value=(v.back); }
                (input(lang, &none, Field::new("login", ctx.t("login-login"), v.login).autocomplete("username")))
                (input(lang, &none, Field::new("password", ctx.t("login-password"), "").kind("password").autocomplete("current-password")))
                button.primary type="submit" { (ctx.t("login-submit")) }
            }
            p.hint { (ctx.t("login-forgotten")) " " a href="/guide/en-cas-de-probleme#mot-de-passe" { (ctx.t("login-forgotten-link")) } }
        },
    )
}

/// The form where a staff member changes their own password. `error` is an already
/// translated message for the whole form (a lock), `notice` says it is done.
/// The sessions open under a staff member's name, and the hash of this browser's.
pub struct Sessions {
    pub list: Vec<crate::db::sessions::Live>,
    pub current: Vec<u8>,
}

fn sessions_section(ctx: &PageCtx, open: &Sessions) -> Markup {
    let lang = ctx.lang;
    html! {
        section aria-labelledby="sessions" {
            h2 #sessions { (ctx.t("sessions-title")) }
            p { (lang.t_args("sessions-intro", &[("max", crate::db::sessions::MAX_PER_ACCOUNT.into())])) }
            ul.plain.sessions {
                @for s in &open.list {
                    li {
                        strong {
                            @if s.origin.browser.is_empty() { (ctx.t("sessions-unknown-browser")) } @else { (s.origin.browser) }
                        }
                        @if s.token_hash == open.current { " — " (ctx.t("sessions-this-one")) }
                        @if !s.origin.address.is_empty() { br; span.hint { (s.origin.address) } }
                        br;
                        (lang.t_args("sessions-times", &[("opened", lang.datetime(s.created_at).into()), ("used", lang.datetime(s.last_seen_at).into())]))
                    }
                }
            }
            @if open.list.len() > 1 {
                form method="post" action="/admin/mot-de-passe/sessions" {
                    (csrf_field(&ctx.csrf))
                    button.secondary type="submit" { (ctx.t("sessions-close-others")) }
                }
            }
        }
    }
}

pub fn password_change(
    ctx: &PageCtx,
    errors: &FieldErrors,
    error: Option<String>,
    notice: Option<String>,
    open: &Sessions,
) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("password-change-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = &notice { p.notice role="status" { (n) } }
            @if let Some(e) = &error {
                div.error-summary #erreurs role="alert" tabindex="-1" { p { (e) } }
            }
            (error_summary(lang, errors))
            p { (ctx.t("password-change-intro")) }
            form method="post" action="/admin/mot-de-passe" novalidate {
                (csrf_field(&ctx.csrf))
                (input(lang, errors, Field::new("current", ctx.t("password-change-current"), "").kind("password").autocomplete("current-password")))
                (input(lang, errors, Field::new("password", ctx.t("password-change-new"), "").kind("password").autocomplete("new-password").hint(ctx.t("setup-password-hint"))))
                (input(lang, &FieldErrors::new(), Field::new("password_confirm", ctx.t("password-change-again"), "").kind("password").autocomplete("new-password")))
                button.primary type="submit" { (ctx.t("password-change-submit")) }
            }
            (sessions_section(ctx, open))
        },
    )
}
