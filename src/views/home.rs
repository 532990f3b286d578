//! The home page: what the consultation is for, its state, how to take part, who to contact.
//! Written for people who read little: short sentences, icons beside the words.

use maud::{Markup, PreEscaped, html};

use super::PageCtx;
use super::content::contact_block;
use super::layout::page;
use crate::domain::consultation::Consultation;
use crate::domain::consultation::{State, state};
use crate::domain::contact::Contact;
use crate::domain::timeline::Phase;

/// Shown while nobody has done the first-run setup yet.
pub fn not_set_up(ctx: &PageCtx) -> Markup {
    let title = ctx.t("home-not-set-up-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("home-not-set-up-text")) }
        },
    )
}

pub struct HomeView {
    pub consultations: Vec<Consultation>,
    pub workshops: Vec<Phase>,
    pub contact: Contact,
    pub last_update: Option<i64>,
    /// A priority round is open: the page invites to it.
    pub priorities_open: bool,
    pub now: i64,
}

// Small decorative icons, drawn inline (no extra request); the text beside them carries the
// meaning, so they are hidden from screen readers.
const ICON_PHONE: &str = r#"<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><rect x="6" y="2" width="12" height="20" rx="2" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="18" r="1.3" fill="currentColor"/></svg>"#;
const ICON_PEOPLE: &str = r#"<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><circle cx="8" cy="8" r="3" fill="currentColor"/><circle cx="16" cy="8" r="3" fill="currentColor"/><path d="M2 20c0-4 3-6 6-6s6 2 6 6zM10 20c0-4 3-6 6-6s6 2 6 6z" fill="currentColor"/></svg>"#;
const ICON_DOC: &str = r#"<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><path d="M6 2h8l4 4v16H6z" fill="none" stroke="currentColor" stroke-width="2"/><path d="M9 12h6M9 16h6" stroke="currentColor" stroke-width="2"/></svg>"#;

pub fn home(ctx: &PageCtx, v: &HomeView) -> Markup {
    let lang = ctx.lang;
    let title = ctx.site_name();
    let og = super::layout::OpenGraph::of(ctx, "/", title.clone(), ctx.t("og-home"));
    super::layout::page_with_meta(
        ctx,
        &ctx.t("home-title"),
        Some(&og),
        html! {
            h1 { (title) }
            @if !ctx.site.organisation.is_empty() {
                p.lead { (lang.t_args("home-led-by", &[("organisation", ctx.site.organisation.clone().into())])) }
            }
            p { (ctx.t("home-intro")) }
            p { (ctx.t("home-purpose")) " " a href="/pgo" { (ctx.t("home-purpose-link")) } }
            @if v.priorities_open {
                div.notice.invite {
                    p { (ctx.t("home-priorities")) }
                    p { a.primary href="/priorites" { (ctx.t("home-priorities-link")) } }
                }
            }
            h2 { (ctx.t("home-consultations")) }
            @if v.consultations.is_empty() {
                p { (ctx.t("home-no-consultation")) }
            } @else {
                ul.cards {
                    @for c in &v.consultations {
                        li.card {
                            h3 { (c.title) }
                            @match state(c.opens_at, c.closes_at, v.now) {
                                State::Open => p.state.open {
                                    span.badge { (ctx.t("state-open")) } " "
                                    (lang.t_args("state-open-until", &[("date", lang.date(crate::domain::consultation::last_day(c.closes_at)).into())]))
                                },
                                State::Upcoming => p.state.upcoming {
                                    span.badge { (ctx.t("state-upcoming")) } " "
                                    (lang.t_args("state-opens-on", &[("date", lang.date(c.opens_at).into())]))
                                },
                                State::Closed => p.state.closed {
                                    span.badge { (ctx.t("state-closed")) } " "
                                    (lang.t_args("state-closed-on", &[("date", lang.date(crate::domain::consultation::last_day(c.closes_at)).into())]))
                                },
                            }
                            @if !c.description.is_empty() { p { (c.description) } }
                            @if state(c.opens_at, c.closes_at, v.now) == State::Open {
                                p { a.primary href={ "/propositions/nouvelle?consultation=" (c.id) } { (ctx.t("list-new")) } }
                            }
                            p { a href={ "/propositions?consultation=" (c.id) } { (ctx.t("proposal-see-list")) } }
                        }
                    }
                }
            }
            h2 { (ctx.t("home-how-title")) }
            ul.how {
                li { (PreEscaped(ICON_PHONE)) span { (ctx.t("home-how-online")) } }
                li {
                    (PreEscaped(ICON_PEOPLE))
                    span {
                        (ctx.t("home-how-workshops"))
                        @if v.workshops.is_empty() {
                            " " (ctx.t("home-how-workshops-none"))
                        } @else {
                            ul {
                                @for w in &v.workshops {
                                    li {
                                        strong { @if w.place.is_empty() { (w.title) } @else { (w.place) } }
                                        " — " (super::timeline::day(ctx, &w.starts_on))
                                    }
                                }
                            }
                        }
                        " " a href="/calendrier" { (ctx.t("home-how-calendar")) }
                    }
                }
                li { (PreEscaped(ICON_DOC)) span { (ctx.t("home-how-documents")) " " a href="/documents" { (ctx.t("nav-documents")) } } }
            }
            (contact_block(ctx, &v.contact))
            @if let Some(t) = v.last_update {
                p.updated { (lang.t_args("last-updated", &[("date", lang.date(t).into())])) }
            }
        },
    )
}

/// "Comment participer": the citizen's short how-to, in plain words, kept apart from the
/// staff guide (which stays under the staff pages' "Aide").
pub fn how_to(ctx: &PageCtx, contact: &Contact) -> Markup {
    let title = ctx.t("how-title");
    let og = super::layout::OpenGraph::of(
        ctx,
        "/participer",
        format!("{title} — {}", ctx.site_name()),
        ctx.t("how-intro"),
    );
    super::layout::page_with_meta(
        ctx,
        &title,
        Some(&og),
        html! {
            h1 { (title) }
            p.lead { (ctx.t("how-intro")) }
            h2 { (ctx.t("how-ways-title")) }
            ul.how {
                li { (PreEscaped(ICON_PHONE)) span { (ctx.t("how-online")) " " a href="/propositions/nouvelle" { (ctx.t("list-new")) } } }
                li { (PreEscaped(ICON_PEOPLE)) span { (ctx.t("how-workshop")) " " a href="/calendrier" { (ctx.t("home-how-calendar")) } } }
                li { (PreEscaped(ICON_DOC)) span { (ctx.t("how-paper")) } }
            }
            h2 { (ctx.t("how-steps-title")) }
            ol.steps {
                @for k in ["how-step-1", "how-step-2", "how-step-3", "how-step-4", "how-step-5"] {
                    li { (ctx.t(k)) }
                }
            }
            h2 { (ctx.t("how-rules-title")) }
            p { (ctx.t("how-rules")) }
            p { a href="/confidentialite" { (ctx.t("privacy-title")) } }
            h2 { (ctx.t("how-others-title")) }
            p { (ctx.t("how-others")) " " a href="/propositions" { (ctx.t("nav-proposals")) } }
            (contact_block(ctx, contact))
        },
    )
}
