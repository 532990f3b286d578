//! `/admin/ateliers/{id}/presences`: the facilitator's head count, women and men per
//! contributor category. One table, a row per category: it fits a phone held upright and
//! is quick to fill from the sign-in sheet.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{csrf_field, error_summary};
use super::layout::page;
use crate::domain::attendance::{self, AttendanceForm, Sex};
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::domain::workshop::Workshop;

pub struct AttendanceView<'a> {
    pub workshop: &'a Workshop,
    /// What was typed and refused, shown again as it was.
    pub typed: Option<&'a AttendanceForm>,
    pub errors: &'a FieldErrors,
    pub saved: bool,
}

pub fn attendance(ctx: &PageCtx, v: &AttendanceView<'_>) -> Markup {
    let lang = ctx.lang;
    let w = v.workshop;
    let title = lang.t_args("attendance-title", &[("workshop", w.name.clone().into())]);
    let value = |sex: Sex, code: &str| -> String {
        match v.typed {
            Some(f) => f
                .get(&attendance::field(sex, code))
                .cloned()
                .unwrap_or_default(),
            None => {
                let (women, men) = w.attendance.of(code);
                let n = if sex == Sex::Women { women } else { men };
                if n == 0 { String::new() } else { n.to_string() }
            }
        }
    };
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.meta { (crate::views::timeline::day(ctx, &w.held_on)) ", " (seed::zone(&w.zone).map_or(w.zone.as_str(), |z| z.name.as_str())) }
            @if v.saved { p.notice role="status" { (ctx.t("attendance-saved")) } }
            (error_summary(lang, v.errors))
            p { (ctx.t("attendance-intro")) }
            @if !w.attendance.is_empty() && v.typed.is_none() {
                p { strong { (lang.t_args("attendance-current", &[("total", lang.number(w.attendance.total()).into()), ("women", lang.number(w.attendance.women()).into()), ("men", lang.number(w.attendance.men()).into())])) } }
            }
            form method="post" action={ "/admin/ateliers/" (w.id) "/presences" } novalidate {
                (csrf_field(&ctx.csrf))
                table.attendance #attendance tabindex="-1" {
                    caption { (ctx.t("attendance-caption")) }
                    thead { tr {
                        th scope="col" { (ctx.t("record-col-what")) }
                        th scope="col" { (ctx.t("attendance-women")) }
                        th scope="col" { (ctx.t("attendance-men")) }
                    } }
                    tbody {
                        @for t in seed::CONTRIBUTOR_TYPES.iter() {
                            @let label = t.label(lang);
                            tr {
                                th scope="row" { (label) }
                                @for sex in Sex::BOTH {
                                    @let name = attendance::field(sex, &t.code);
                                    @let typed = value(sex, &t.code);
                                    @let wrong = attendance::cell(&typed).is_err();
                                    td {
                                        input type="text" inputmode="numeric" id=(name) name=(name) value=(typed) size="5"
                                            aria-invalid=[wrong.then_some("true")]
                                            aria-label={ (ctx.t(if sex == Sex::Women { "attendance-women" } else { "attendance-men" })) " — " (label) };
                                    }
                                }
                            }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("attendance-save")) }
            }
            p { a href="/admin/ateliers" { (ctx.t("attendance-back")) } }
        },
    )
}
