//! The home page.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::db::consultations::Consultation;
use crate::domain::consultation::{State, state};

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

pub fn home(ctx: &PageCtx, consultations: &[Consultation], now: i64) -> Markup {
    let lang = ctx.lang;
    let title = ctx.site_name();
    page(
        ctx,
        &ctx.t("home-title"),
        html! {
            h1 { (title) }
            @if !ctx.site.organisation.is_empty() {
                p.lead { (lang.t_args("home-led-by", &[("organisation", ctx.site.organisation.clone().into())])) }
            }
            p { (ctx.t("home-intro")) }
            h2 { (ctx.t("home-consultations")) }
            @if consultations.is_empty() {
                p { (ctx.t("home-no-consultation")) }
            } @else {
                ul.cards {
                    @for c in consultations {
                        li.card {
                            h3 { (c.title) }
                            @match state(c.opens_at, c.closes_at, now) {
                                State::Open => p.state.open {
                                    span.badge { (ctx.t("state-open")) } " "
                                    (lang.t_args("state-open-until", &[("date", lang.date(c.closes_at).into())]))
                                },
                                State::Upcoming => p.state.upcoming {
                                    span.badge { (ctx.t("state-upcoming")) } " "
                                    (lang.t_args("state-opens-on", &[("date", lang.date(c.opens_at).into())]))
                                },
                                State::Closed => p.state.closed {
                                    span.badge { (ctx.t("state-closed")) } " "
                                    (lang.t_args("state-closed-on", &[("date", lang.date(c.closes_at).into())]))
                                },
                            }
                            @if !c.description.is_empty() { p { (c.description) } }
                        }
                    }
                }
            }
        },
    )
}
