//! The training page: the exercises, ticked off as they are done, each with its chapter.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page as layout;
use crate::domain::training::{EXERCISES, Since};

/// `unconfirmed`: the trainer asked to start again without ticking the confirmation.
pub fn page(ctx: &PageCtx, since: &Since, unconfirmed: bool) -> Markup {
    let title = ctx.t("training-title");
    let done = EXERCISES.iter().filter(|e| e.done(since)).count();
    layout(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("training-intro")) }
            p.training-score role="status" {
                (ctx.lang.t_args("training-score", &[("done", (done as i64).into()), ("total", (EXERCISES.len() as i64).into())]))
            }
            ol.exercises {
                @for e in &EXERCISES {
                    @let ok = e.done(since);
                    @let (got, needed) = e.progress(since);
                    li.exercise.done[ok] {
                        h2 { (ctx.t(&format!("training-{}-title", e.id))) }
                        p { (ctx.t(&format!("training-{}-goal", e.id))) }
                        p.state {
                            @if ok {
                                strong { "✓ " (ctx.t("training-done")) }
                            } @else if needed > 1 && got > 0 {
                                (ctx.lang.t_args("training-progress", &[("got", got.into()), ("needed", needed.into())]))
                            } @else {
                                (ctx.t("training-todo"))
                            }
                            "\u{a0}· "
                            a href={ "/guide/" (e.chapter) } { (ctx.t("training-chapter-link")) }
                        }
                    }
                }
            }
            @if ctx.staff.as_ref().is_some_and(|s| s.role == crate::domain::account::Role::Admin) {
                section.start-again aria-labelledby="recommencer" {
                    h2 #recommencer { (ctx.t("training-again-title")) }
                    p { (ctx.t("training-again-text")) }
                    form method="post" action="/admin/formation/recommencer" {
                        input type="hidden" name="csrf_token" value=(ctx.csrf);
                        @if unconfirmed {
                            p.error #confirm-error role="alert" { (ctx.t("training-again-unconfirmed")) }
                        }
                        p.check {
                            input #confirm type="checkbox" name="confirm" value="oui" aria-describedby=[unconfirmed.then_some("confirm-error")];
                            label for="confirm" { (ctx.t("training-again-confirm")) }
                        }
                        button.secondary type="submit" { (ctx.t("training-again-button")) }
                    }
                }
            }
        },
    )
}
