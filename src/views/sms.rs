//! The phone's page (admins): its address, a test, its state and what went through it.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{csrf_field, error_for, error_summary};
use super::layout::page;
use crate::db::sms::Counts;

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PhoneForm {
    #[serde(default)]
    pub gateway_url: String,
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub action: String,
}

pub struct PhoneView {
    pub form: PhoneForm,
    /// The phone given on the command line, which wins over this page.
    pub from_cli: Option<String>,
    pub seen_at: Option<i64>,
    pub on: bool,
    pub counts: Counts,
    /// The key to give the app for its webhook, when it is used.
    pub webhook_key: String,
    /// The answer of the test, already in words.
    pub tested: Option<String>,
}

pub fn page_view(ctx: &PageCtx, v: &PhoneView, errors: &[(&'static str, &'static str)]) -> Markup {
    let lang = ctx.lang;
    let f = &v.form;
    let errors: crate::domain::setup::FieldErrors = errors.to_vec();
    let url_err = error_for(&errors, "gateway_url");
    html! {
        h1 { (ctx.t("sms-title")) }
        p { (ctx.t("sms-intro")) }
        @if let Some(t) = &v.tested { p.notice role="status" { (t) } }
        (error_summary(lang, &errors))
        h2 { (ctx.t("sms-state")) }
        ul {
            li {
                @match (v.on, v.seen_at) {
                    (true, Some(at)) => (lang.t_args("sms-state-on", &[("at", lang.datetime(at).into())])),
                    (false, Some(at)) => (lang.t_args("sms-state-off", &[("at", lang.datetime(at).into())])),
                    _ => (ctx.t("sms-state-never")),
                }
            }
            li { (lang.t_args("sms-counts", &[("received", lang.number(v.counts.received).into()), ("waiting", lang.number(v.counts.waiting).into()), ("receipts", lang.number(v.counts.receipts_delivered).into()), ("answers", lang.number(v.counts.answers_delivered).into()), ("failed", lang.number(v.counts.failed).into())])) }
        }
        @if let Some(cli) = &v.from_cli { p.notice { (lang.t_args("sms-from-cli", &[("url", cli.clone().into())])) } }
        h2 { (ctx.t("sms-settings")) }
        form method="post" action="/admin/sms" novalidate {
            (csrf_field(&ctx.csrf))
            div.field.has-error[url_err.is_some()] {
                label for="gateway_url" { (ctx.t("sms-url")) }
                p.hint id="gateway_url-aide" { (ctx.t("sms-url-hint")) }
                @if let Some(e) = url_err { p.error-message { (ctx.t(e)) } }
                input #gateway_url type="text" name="gateway_url" value=(f.gateway_url) autocomplete="off" aria-describedby="gateway_url-aide" aria-invalid=[url_err.map(|_| "true")];
            }
            div.field {
                label for="login" { (ctx.t("sms-login")) }
                input #login type="text" name="login" value=(f.login) autocomplete="off";
            }
            div.field {
                label for="password" { (ctx.t("sms-password")) }
                p.hint { (ctx.t("sms-password-hint")) }
                input #password type="password" name="password" value="" autocomplete="new-password";
            }
            button.primary type="submit" name="action" value="enregistrer" { (ctx.t("admin-save")) }
            " "
            button.secondary type="submit" name="action" value="tester" { (ctx.t("sms-test")) }
        }
        h2 { (ctx.t("sms-webhook")) }
        p { (ctx.t("sms-webhook-intro")) }
        dl {
            dt { (ctx.t("sms-webhook-url")) } dd { code { (ctx.base) (crate::domain::sms::WEBHOOK_PATH) } }
            dt { (ctx.t("sms-webhook-key")) } dd { code { (v.webhook_key) } }
        }
        p.hint { (ctx.t("sms-privacy")) }
    }
}

pub fn phone(ctx: &PageCtx, v: &PhoneView, errors: &[(&'static str, &'static str)]) -> Markup {
    page(ctx, &ctx.t("sms-title"), page_view(ctx, v, errors))
}
