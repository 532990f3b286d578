//! Staff pages for consultations and themes.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_for, error_summary, input};
use super::layout::page;
use crate::domain::consultation::Consultation;
use crate::domain::consultation::{State, state};
use crate::domain::setup::FieldErrors;
use crate::domain::theme::Theme;

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ConsultationForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub closes_on: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub questions: Vec<String>,
}

pub fn list(ctx: &PageCtx, items: &[Consultation], now: i64) -> Markup {
    let title = ctx.t("admin-consultations-list");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a.primary href="/admin/consultations/nouvelle" { (ctx.t("admin-consultation-new")) } " " a href="/admin/themes" { (ctx.t("admin-themes-title")) } }
            table {
                thead { tr { th scope="col" { (ctx.t("doc-field-title")) } th scope="col" { (ctx.t("accounts-state")) } th scope="col" { (ctx.t("admin-consultation-period")) } } }
                tbody {
                    @for c in items {
                        tr {
                            td { a href={ "/admin/consultations/" (c.id) } { (c.title) } }
                            td { (ctx.t(match state(c.opens_at, c.closes_at, now) { State::Open => "state-open", State::Upcoming => "state-upcoming", State::Closed => "state-closed" })) }
                            td { (ctx.lang.t_args("admin-consultation-dates", &[("opens", ctx.lang.date(c.opens_at).into()), ("closes", ctx.lang.date(crate::domain::consultation::last_day(c.closes_at)).into())])) }
                        }
                    }
                }
            }
        },
    )
}

pub fn edit(
    ctx: &PageCtx,
    id: Option<i64>,
    f: &ConsultationForm,
    themes: &[Theme],
    errors: &FieldErrors,
    saved: bool,
) -> Markup {
    let title = if id.is_some() {
        ctx.t("admin-consultation-edit")
    } else {
        ctx.t("admin-consultation-new")
    };
    let action = match id {
        Some(id) => format!("/admin/consultations/{id}"),
        None => "/admin/consultations/nouvelle".into(),
    };
    let date = |name: &'static str, label: &str, value: &str| {
        let err = error_for(errors, name);
        html! {
            div.field.has-error[err.is_some()] {
                label for=(name) { (ctx.t(label)) }
                @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
                input type="date" id=(name) name=(name) value=(value);
            }
        }
    };
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a href="/admin/consultations" { (ctx.t("admin-consultations-list")) } }
            @if saved { p.notice role="status" { (ctx.t("admin-saved")) } }
            (error_summary(ctx.lang, errors))
            form method="post" action=(action) novalidate {
                (csrf_field(&ctx.csrf))
                (input(ctx.lang, errors, Field::new("title", ctx.t("doc-field-title"), &f.title)))
                div.field.has-error[error_for(errors, "description").is_some()] {
                    label for="description" { (ctx.t("admin-timeline-description")) }
                    @if let Some(e) = error_for(errors, "description") { p.error-message { (ctx.t(e)) } }
                    textarea #description name="description" rows="4" { (f.description) }
                }
                (date("opens_on", "admin-consultation-opens", &f.opens_on))
                (date("closes_on", "admin-consultation-closes", &f.closes_on))
                fieldset.field #themes {
                    legend { (ctx.t("admin-consultation-themes")) }
                    p.hint { (ctx.t("admin-consultation-themes-hint")) }
                    @for t in themes.iter().filter(|t| t.active) {
                        div.choice {
                            input type="checkbox" name="themes" id={ "theme-" (t.id) } value=(t.id) checked[f.themes.contains(&t.id.to_string())];
                            label for={ "theme-" (t.id) } { (t.label(ctx.lang)) }
                        }
                    }
                }
                fieldset.field {
                    legend { (ctx.t("admin-consultation-questions")) }
                    p.hint { (ctx.t("admin-consultation-questions-hint")) }
                    @for q in ["benefit", "ogp_values"] {
                        div.choice {
                            input type="checkbox" name="questions" id={ "q-" (q) } value=(q) checked[f.questions.iter().any(|x| x == q)];
                            label for={ "q-" (q) } { (ctx.t(&format!("proposal-{q}"))) }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("admin-save")) }
            }
        },
    )
}

pub fn themes(ctx: &PageCtx, themes: &[Theme], new: (&str, &str), errors: &FieldErrors) -> Markup {
    let title = ctx.t("admin-themes-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("admin-themes-intro")) }
            @for t in themes {
                form.theme method="post" action={ "/admin/themes/" (t.id) } {
                    (csrf_field(&ctx.csrf))
                    fieldset.field {
                        legend { (t.label_fr) @if !t.active { " — " (ctx.t("accounts-disabled")) } }
                        label for={ "fr-" (t.id) } { (ctx.t("admin-theme-label-fr")) }
                        input type="text" id={ "fr-" (t.id) } name="label_fr" value=(t.label_fr) maxlength="200";
                        label for={ "en-" (t.id) } { (ctx.t("admin-theme-label-en")) }
                        input type="text" id={ "en-" (t.id) } name="label_en" value=(t.label_en) maxlength="200";
                        div.choice {
                            input type="checkbox" id={ "actif-" (t.id) } name="active" value="oui" checked[t.active];
                            label for={ "actif-" (t.id) } { (ctx.t("admin-theme-active")) }
                        }
                        button.secondary type="submit" { (ctx.t("admin-save")) }
                    }
                }
            }
            h2 #nouveau-theme { (ctx.t("admin-theme-new")) }
            (error_summary(ctx.lang, errors))
            form method="post" action="/admin/themes" novalidate {
                (csrf_field(&ctx.csrf))
                (input(ctx.lang, errors, Field::new("label_fr", ctx.t("admin-theme-label-fr"), new.0)))
                (input(ctx.lang, errors, Field::new("label_en", ctx.t("admin-theme-label-en"), new.1)))
                button.primary type="submit" { (ctx.t("admin-theme-add")) }
            }
        },
    )
}
