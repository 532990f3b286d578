//! The timeline of the co-creation and the register of forum meetings, public and staff sides.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_for, error_summary, input};
use super::layout::page;
use crate::domain::document::Document;
use crate::domain::oversight::day_start;
use crate::domain::setup::FieldErrors;
use crate::domain::timeline::MeetingForm;
use crate::domain::timeline::{Meeting, Phase};

pub const PHASE_KINDS: [&str; 6] = [
    "information",
    "contributions",
    "atelier",
    "synthese",
    "restitution",
    "autre",
];

/// "12 mars 2026" for a YYYY-MM-DD date.
pub fn day(ctx: &PageCtx, date: &str) -> String {
    day_start(date)
        .map(|t| ctx.lang.date(t))
        .unwrap_or_else(|| date.to_string())
}

fn phase_dates(ctx: &PageCtx, p: &Phase) -> String {
    if p.starts_on == p.ends_on {
        ctx.lang
            .t_args("timeline-on", &[("date", day(ctx, &p.starts_on).into())])
    } else {
        ctx.lang.t_args(
            "timeline-from-to",
            &[
                ("from", day(ctx, &p.starts_on).into()),
                ("to", day(ctx, &p.ends_on).into()),
            ],
        )
    }
}

pub fn calendar(ctx: &PageCtx, phases: &[Phase], published_at: Option<i64>) -> Markup {
    let title = ctx.t("timeline-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("timeline-intro")) }
            @match published_at {
                Some(t) => p.updated { (ctx.lang.t_args("timeline-published-on", &[("date", ctx.lang.date(t).into())])) },
                None => p { (ctx.t("timeline-not-published")) },
            }
            @if published_at.is_some() {
                @if phases.is_empty() { p { (ctx.t("timeline-empty")) } }
                ol.timeline {
                    @for p in phases {
                        li.phase {
                            h2 { (p.title) }
                            p.meta { span.badge { (ctx.t(&format!("phase-{}", p.kind))) } " " (phase_dates(ctx, p)) }
                            @if !p.place.is_empty() { p { (ctx.t("timeline-place")) " " (p.place) } }
                            @if !p.description.is_empty() { p { (p.description) } }
                        }
                    }
                }
            }
        },
    )
}

fn participants(ctx: &PageCtx, m: &Meeting) -> Markup {
    html! {
        ul.plain {
            li { (ctx.lang.t_args("forum-participants-admin", &[("n", m.participants[0].into())])) }
            li { (ctx.lang.t_args("forum-participants-civil", &[("n", m.participants[1].into())])) }
            li { (ctx.lang.t_args("forum-participants-private", &[("n", m.participants[2].into())])) }
        }
    }
}

fn meeting_item(ctx: &PageCtx, m: &Meeting) -> Markup {
    html! {
        h2 { (day(ctx, &m.held_on)) " — " (m.place) }
        (participants(ctx, m))
        @if !m.agenda.is_empty() { p { strong { (ctx.t("forum-agenda")) } " " (m.agenda) } }
        @if let Some((uid, title, target)) = &m.minutes {
            p {
                (ctx.t("forum-minutes")) " "
                @if target.starts_with("http") { a href=(target) { (title) } }
                @else { a href={ "/documents/" (uid) "/" (target) } { (title) } }
            }
        }
    }
}

pub fn forum(ctx: &PageCtx, meetings: &[Meeting]) -> Markup {
    let title = ctx.t("forum-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("forum-intro")) }
            @if meetings.is_empty() { p { (ctx.t("forum-empty")) } }
            @for m in meetings { section.meeting { (meeting_item(ctx, m)) } }
        },
    )
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PhaseForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
}

fn date_input(ctx: &PageCtx, errors: &FieldErrors, name: &str, label: &str, value: &str) -> Markup {
    let err = error_for(errors, name);
    html! {
        div.field.has-error[err.is_some()] {
            label for=(name) { (ctx.t(label)) }
            @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
            input type="date" id=(name) name=(name) value=(value);
        }
    }
}

fn textarea(ctx: &PageCtx, errors: &FieldErrors, name: &str, label: &str, value: &str) -> Markup {
    let err = error_for(errors, name);
    html! {
        div.field.has-error[err.is_some()] {
            label for=(name) { (ctx.t(label)) }
            @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
            textarea id=(name) name=(name) rows="3" { (value) }
        }
    }
}

pub struct CalendarAdmin<'a> {
    pub phases: &'a [Phase],
    pub published_at: Option<i64>,
    pub form: &'a PhaseForm,
    pub errors: &'a FieldErrors,
    /// The step being corrected, if the form is for one.
    pub editing: Option<i64>,
    pub saved: bool,
}

pub fn calendar_admin(ctx: &PageCtx, v: &CalendarAdmin<'_>) -> Markup {
    let title = ctx.t("admin-timeline-title");
    let kind_err = error_for(v.errors, "kind");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if v.saved { p.notice role="status" { (ctx.t("admin-saved")) } }
            p { a href="/calendrier" { (ctx.t("admin-see-public")) } }
            section aria-labelledby="publication" {
                h2 #publication { (ctx.t("admin-timeline-publication")) }
                @match v.published_at {
                    Some(t) => p { (ctx.lang.t_args("timeline-published-on", &[("date", ctx.lang.datetime(t).into())])) },
                    None => {
                        p { (ctx.t("admin-timeline-publish-help")) }
                        form method="post" action="/admin/calendrier/publier" {
                            (csrf_field(&ctx.csrf))
                            button.primary type="submit" { (ctx.t("admin-timeline-publish")) }
                        }
                    },
                }
            }
            section aria-labelledby="phases" {
                h2 #phases { (ctx.t("admin-timeline-phases")) }
                @if v.phases.is_empty() { p { (ctx.t("timeline-empty")) } }
                ul.plain {
                    @for p in v.phases {
                        li.phase {
                            strong { (p.title) } " — " (ctx.t(&format!("phase-{}", p.kind))) ", " (phase_dates(ctx, p))
                            @if !p.place.is_empty() { " (" (p.place) ")" }
                            " " a href={ "/admin/calendrier/" (p.id) "/modifier#nouvelle-phase" } { (ctx.lang.t_args("admin-edit-named", &[("name", p.title.clone().into())])) }
                            " " a href={ "/admin/calendrier/" (p.id) "/supprimer" } { (ctx.lang.t_args("admin-delete-named", &[("name", p.title.clone().into())])) }
                        }
                    }
                }
            }
            section aria-labelledby="nouvelle-phase" {
                h2 #nouvelle-phase { (ctx.t(if v.editing.is_some() { "admin-timeline-edit" } else { "admin-timeline-add" })) }
                (error_summary(ctx.lang, v.errors))
                form method="post" action=(v.editing.map_or_else(|| "/admin/calendrier".to_string(), |id| format!("/admin/calendrier/{id}/modifier"))) novalidate {
                    (csrf_field(&ctx.csrf))
                    div.field.has-error[kind_err.is_some()] {
                        label for="kind" { (ctx.t("admin-timeline-kind")) }
                        @if let Some(e) = kind_err { p.error-message { (ctx.t(e)) } }
                        select #kind name="kind" {
                            @for k in PHASE_KINDS { option value=(k) selected[v.form.kind == k] { (ctx.t(&format!("phase-{k}"))) } }
                        }
                    }
                    (input(ctx.lang, v.errors, Field::new("title", ctx.t("doc-field-title"), &v.form.title)))
                    (input(ctx.lang, v.errors, Field::new("place", ctx.t("admin-timeline-place"), &v.form.place).optional()))
                    (date_input(ctx, v.errors, "starts_on", "admin-timeline-starts", &v.form.starts_on))
                    (date_input(ctx, v.errors, "ends_on", "admin-timeline-ends", &v.form.ends_on))
                    (textarea(ctx, v.errors, "description", "admin-timeline-description", &v.form.description))
                    @if v.editing.is_some() {
                        button.primary type="submit" { (ctx.t("admin-timeline-save")) }
                        " " a href="/admin/calendrier" { (ctx.t("admin-timeline-cancel")) }
                    } @else {
                        button.primary type="submit" { (ctx.t("admin-timeline-add")) }
                    }
                }
            }
        },
    )
}

pub fn forum_admin(
    ctx: &PageCtx,
    meetings: &[Meeting],
    docs: &[Document],
    form: &MeetingForm,
    errors: &FieldErrors,
) -> Markup {
    let title = ctx.t("admin-forum-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a href="/forum" { (ctx.t("admin-see-public")) } }
            @for m in meetings {
                section.meeting {
                    (meeting_item(ctx, m))
                    p { a href={ "/admin/forum/" (m.id) "/supprimer" } { (ctx.lang.t_args("admin-delete-named", &[("name", day(ctx, &m.held_on).into())])) } }
                }
            }
            h2 #nouvelle-reunion { (ctx.t("admin-forum-add")) }
            (error_summary(ctx.lang, errors))
            form method="post" action="/admin/forum" novalidate {
                (csrf_field(&ctx.csrf))
                (date_input(ctx, errors, "held_on", "admin-forum-date", &form.held_on))
                (input(ctx.lang, errors, Field::new("place", ctx.t("admin-forum-place"), &form.place)))
                fieldset.field {
                    legend { (ctx.t("admin-forum-participants")) }
                    (input(ctx.lang, errors, Field::new("participants_admin", ctx.t("admin-forum-admin"), &form.participants_admin).kind("number")))
                    (input(ctx.lang, errors, Field::new("participants_civil", ctx.t("admin-forum-civil"), &form.participants_civil).kind("number")))
                    (input(ctx.lang, errors, Field::new("participants_private", ctx.t("admin-forum-private"), &form.participants_private).kind("number")))
                }
                (textarea(ctx, errors, "agenda", "forum-agenda", &form.agenda))
                div.field {
                    label for="minutes_document" { (ctx.t("admin-forum-minutes")) }
                    select #minutes_document name="minutes_document" {
                        option value="" { (ctx.t("admin-forum-no-minutes")) }
                        @for d in docs { option value=(d.id) selected[form.minutes_document == d.id.to_string()] { (d.title) " (" (d.doc_date) ")" } }
                    }
                }
                button.primary type="submit" { (ctx.t("admin-forum-add")) }
            }
        },
    )
}

/// The form where an admin explains why the timeline was published late.
pub fn late_notice(ctx: &PageCtx, reason: &str, errors: &FieldErrors) -> Markup {
    let title = ctx.t("late-notice-title");
    let err = crate::views::components::error_for(errors, "reason");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("late-notice-intro")) }
            (crate::views::components::error_summary(ctx.lang, errors))
            form method="post" action="/admin/calendrier/retard" novalidate {
                (crate::views::components::csrf_field(&ctx.csrf))
                div.field.has-error[err.is_some()] #reason {
                    label for="late-reason" { (ctx.t("late-notice-reason")) }
                    p.hint id="late-reason-aide" { (ctx.t("late-notice-hint")) }
                    @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
                    textarea id="late-reason" name="reason" rows="4" maxlength="1000" required aria-describedby="late-reason-aide" { (reason) }
                }
                button.primary type="submit" { (ctx.t("late-notice-submit")) }
                " "
                a href="/admin" { (ctx.t("confirm-delete-no")) }
            }
        },
    )
}
