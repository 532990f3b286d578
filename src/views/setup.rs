//! The first-run setup form: five questions, then the site is live.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_for, error_summary, input};
use super::layout::page;
use crate::domain::setup::{FieldErrors, SetupForm};
use crate::i18n::Lang;

pub fn form(ctx: &PageCtx, token: &str, form: &SetupForm, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("setup-title");
    let chosen = Lang::parse(&form.language).unwrap_or(lang);
    let lang_error = error_for(errors, "language");
    let opening_error = error_for(errors, "opening");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("setup-intro")) }
            (error_summary(lang, errors))
            form method="post" action={ "/installation/" (token) } novalidate {
                (csrf_field(&ctx.csrf))
                (input(lang, errors, Field::new("site_name", ctx.t("setup-site-name"), &form.site_name)
                    .hint(ctx.t("setup-site-name-hint"))))
                (input(lang, errors, Field::new("organisation", ctx.t("setup-organisation"), &form.organisation)
                    .autocomplete("organization").hint(ctx.t("setup-organisation-hint"))))
                (input(lang, errors, Field::new("login", ctx.t("setup-login"), &form.login)
                    .autocomplete("username").hint(ctx.t("setup-login-hint"))))
                (input(lang, errors, Field::new("password", ctx.t("setup-password"), "")
                    .kind("password").autocomplete("new-password").hint(ctx.t("setup-password-hint"))))
                (input(lang, &FieldErrors::new(), Field::new("password_confirm", ctx.t("setup-password-confirm"), "")
                    .kind("password").autocomplete("new-password")))
                fieldset.field.has-error[lang_error.is_some()] #language {
                    legend { (ctx.t("setup-language")) }
                    @if let Some(e) = lang_error { p.error-message { (lang.t(e)) } }
                    @for l in Lang::ALL {
                        div.choice {
                            input type="radio" name="language" id={ "language-" (l.code()) } value=(l.code())
                                checked[l == chosen];
                            label for={ "language-" (l.code()) } lang=(l.code()) { (l.t("lang-name")) }
                        }
                    }
                }
                fieldset.field.has-error[opening_error.is_some()] #opening {
                    legend { (ctx.t("setup-opening")) }
                    @if let Some(e) = opening_error { p.error-message { (lang.t(e)) } }
                    @for (value, label, hint) in [("now", "setup-opening-now", "setup-opening-now-hint"), ("notice", "setup-opening-notice", "setup-opening-notice-hint")] {
                        div.choice {
                            input type="radio" name="opening" id={ "opening-" (value) } value=(value)
                                aria-describedby={ "opening-" (value) "-aide" }
                                checked[form.opening == value || (value == "now" && form.opening != "notice")];
                            label for={ "opening-" (value) } {
                                (ctx.t(label))
                                span.hint id={ "opening-" (value) "-aide" } { (ctx.t(hint)) }
                            }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("setup-submit")) }
            }
        },
    )
}
