//! Staff sign-in.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{Field, csrf_field, input};
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
