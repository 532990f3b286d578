//! Workshop pages: the list, the printable blank paper form and poster, the kiosk mode.

use maud::{Markup, PreEscaped, html};

use super::PageCtx;
use super::components::{Field, csrf_field, error_for, error_summary, input};
use super::layout::page;
use crate::domain::account::Role;
use crate::domain::consultation::Consultation;
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::domain::theme::Theme;
use crate::domain::workshop::Workshop;
use crate::domain::workshop::WorkshopForm;

pub struct ListView<'a> {
    pub items: &'a [Workshop],
    pub current: Option<i64>,
    pub form: &'a WorkshopForm,
    pub errors: &'a FieldErrors,
    pub created: bool,
    /// Still on the national code, never imported a file: the code its export would give.
    pub derived_code: Option<&'a str>,
}

fn zone_name(slug: &str) -> String {
    seed::zone(slug).map(|z| z.name.clone()).unwrap_or_default()
}

pub fn list(ctx: &PageCtx, v: &ListView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("workshops-title");
    let is_admin = ctx.staff.as_ref().is_some_and(|s| s.role == Role::Admin);
    let f = v.form;
    let zone_err = error_for(v.errors, "zone");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if v.created { p.notice role="status" { (ctx.t("workshop-created")) } }
            p { (ctx.t("workshops-intro")) }
            @if let Some(code) = v.derived_code {
                p.warning #code-national role="note" {
                    (ctx.lang.t_args("workshops-national-code", &[("code", code.into())]))
                    " "
                    a href="/admin/reglages#reference_code" { (ctx.t("workshops-national-code-link")) }
                }
            }
            ul.plain {
                li { a href="/admin/ateliers/fiche" { (ctx.t("paper-blank-link")) } }
                li { a href="/admin/ateliers/bulletin-priorites" { (ctx.t("priority-ballot-link")) } }
                li { a href="/admin/affiche" { (ctx.t("poster-title")) } }
                li { a href="/admin/kiosque" { (ctx.t("kiosk-title")) } }
                @if is_admin { li { a href="/admin/ateliers/fichier" { (ctx.t("bundle-title")) } } }
            }
            @if v.items.is_empty() {
                p { (ctx.t("workshops-none")) }
            } @else {
                table {
                    caption { (ctx.t("workshops-caption")) }
                    thead { tr {
                        th scope="col" { (ctx.t("workshop-name")) }
                        th scope="col" { (ctx.t("workshop-held_on")) }
                        th scope="col" { (ctx.t("workshop-counts")) }
                        th scope="col" { (ctx.t("workshop-actions")) }
                    } }
                    tbody {
                        @for w in v.items {
                            tr {
                                td {
                                    strong { (w.name) }
                                    br;
                                    span.meta { (w.place) @if !w.place.is_empty() { ", " } (zone_name(&w.zone)) }
                                    @if !w.facilitators.is_empty() { br; span.meta { (lang.t_args("workshop-facilitated-by", &[("names", w.facilitators.clone().into())])) } }
                                    @if w.imported { br; span.meta { (ctx.t("workshop-imported")) } }
                                    @if v.current == Some(w.id) { br; strong.badge { (ctx.t("workshop-in-progress")) } }
                                }
                                td { (crate::views::timeline::day(ctx, &w.held_on)) }
                                td {
                                    (lang.t_args("workshop-count-text", &[("proposals", w.proposals.into()), ("paper", w.from_paper.into())]))
                                    br;
                                    @if w.attendance.is_empty() { (ctx.t("workshop-attendance-missing")) }
                                    @else { (lang.t_args("workshop-attendance-text", &[("total", lang.number(w.attendance.total()).into()), ("women", lang.number(w.attendance.women()).into()), ("men", lang.number(w.attendance.men()).into())])) }
                                    " "
                                    a href={ "/admin/ateliers/" (w.id) "/presences" } { (ctx.t("workshop-attendance-link")) }
                                }
                                td {
                                    @if !w.imported {
                                        a href={ "/admin/ateliers/" (w.id) "/saisie" } { (ctx.t("paper-entry-link")) }
                                        br;
                                        a href={ "/admin/ateliers/fiche?atelier=" (w.id) } { (ctx.t("paper-blank-short")) }
                                        br;
                                        a href={ "/admin/ateliers/" (w.id) "/priorites" } { (ctx.t("priority-tally-link")) }
                                        @if is_admin {
                                            form method="post" action={ "/admin/ateliers/" (w.id) "/en-cours" } {
                                                (csrf_field(&ctx.csrf))
                                                @if v.current == Some(w.id) {
                                                    input type="hidden" name="action" value="arreter";
                                                    button type="submit" { (ctx.t("workshop-stop")) }
                                                } @else {
                                                    input type="hidden" name="action" value="demarrer";
                                                    button type="submit" { (ctx.t("workshop-start")) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if is_admin {
                h2 #nouvel-atelier { (ctx.t("workshop-new")) }
                (error_summary(lang, v.errors))
                form method="post" action="/admin/ateliers" novalidate {
                    (csrf_field(&ctx.csrf))
                    (input(lang, v.errors, Field::new("name", ctx.t("workshop-name"), &f.name).hint(ctx.t("workshop-name-hint"))))
                    (input(lang, v.errors, Field::new("place", ctx.t("workshop-place"), &f.place).optional()))
                    div.field.has-error[zone_err.is_some()] {
                        label for="zone" { (ctx.t("proposal-zone")) }
                        @if let Some(e) = zone_err { p.error-message { (ctx.t(e)) } }
                        select #zone name="zone" aria-invalid=[zone_err.map(|_| "true")] {
                            option value="" { (ctx.t("form-choose")) }
                            @for z in seed::ZONES.iter() { option value=(z.slug) selected[f.zone == z.slug] { (z.name) } }
                        }
                    }
                    (input(lang, v.errors, Field::new("held_on", ctx.t("workshop-held_on"), &f.held_on).kind("date")))
                    (input(lang, v.errors, Field::new("facilitators", ctx.t("workshop-facilitators"), &f.facilitators).optional()))
                    button.primary type="submit" { (ctx.t("workshop-create")) }
                }
            }
        },
    )
}

pub struct BlankView<'a> {
    pub consultation: &'a Consultation,
    pub themes: &'a [Theme],
    pub asks_benefit: bool,
    pub asks_values: bool,
    pub workshop: Option<&'a Workshop>,
}

/// The paper version of the proposal form, on one A4 page: boxes to write in, tick lists.
pub fn blank_form(ctx: &PageCtx, v: &BlankView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("paper-form-title");
    let lines = |n: usize| html! { @for _ in 0..n { span.line {} } };
    page(
        ctx,
        &title,
        html! {
            p.no-print { (ctx.t("paper-print-hint")) }
            div.paper-form {
                div.paper-head {
                    div {
                        h1 { (title) }
                        p {
                            strong { (v.consultation.title) }
                            @if ctx.site_name() != v.consultation.title { " — " (ctx.site_name()) }
                        }
                        @if let Some(w) = v.workshop { p { (w.name) "\u{a0}· " (crate::views::timeline::day(ctx, &w.held_on)) } }
                    }
                    p.paper-number { (ctx.t("paper-number")) " " span.box {} }
                }
                p.small { (ctx.t("paper-form-intro")) }
                // The workshop's own region is written in for the participant: the space of
                // the 35 tick boxes goes to writing.
                @let zone = v.workshop.and_then(|w| seed::zone(&w.zone));
                @let room = if zone.is_some() { 2 } else { 0 };
                div.write { strong { (ctx.t("proposal-title")) } (lines(2)) }
                div.write { strong { (ctx.t("proposal-problem")) } (lines(3 + room)) }
                div.write { strong { (ctx.t("proposal-solution")) } (lines(3 + room)) }
                @if v.asks_benefit { div.write { strong { (ctx.t("proposal-benefit")) } " " span.optional { (ctx.t("form-optional")) } (lines(2)) } }
                div.ticks {
                    strong { (ctx.t("proposal-theme")) " " (ctx.t("paper-tick-one")) }
                    ul { @for t in v.themes { li { span.tick {} (t.label(lang)) } } }
                }
                @if let Some(z) = zone {
                    div.ticks {
                        strong { (ctx.t("proposal-zone")) } " "
                        span.tick.ticked {} (z.name) " "
                        span.tick {} (ctx.t("paper-other-zone")) " " span.line.inline {}
                    }
                } @else {
                    div.ticks.zones {
                        strong { (ctx.t("proposal-zone")) " " (ctx.t("paper-tick-one")) }
                        ul { @for z in seed::ZONES.iter() { li { span.tick {} (z.name) } } }
                    }
                }
                div.ticks {
                    strong { (ctx.t("proposal-contributor_type")) " " (ctx.t("paper-tick-one")) }
                    ul { @for t in seed::CONTRIBUTOR_TYPES.iter() { li { span.tick {} (t.label(lang)) } } }
                }
                @if v.asks_values {
                    div.ticks {
                        strong { (ctx.t("proposal-ogp_values")) " " span.optional { (ctx.t("form-optional")) } }
                        ul { @for t in seed::OGP_VALUES.iter() { li { span.tick {} (t.label(lang)) } } }
                    }
                }
                div.ticks {
                    strong { (ctx.t("proposal-language")) }
                    ul { @for l in seed::LANGUAGES.iter() { li { span.tick {} (l.label(lang)) } } }
                }
                div.write.half { strong { (ctx.t("proposal-author_name")) } " " span.optional { (ctx.t("form-optional")) } (lines(1)) }
                div.write.half { strong { (ctx.t("proposal-organisation")) } " " span.optional { (ctx.t("form-optional")) } (lines(1)) }
                div.write { strong { (ctx.t("proposal-contact")) } " " span.optional { (ctx.t("form-optional")) } (lines(1)) }
                p.small { span.tick {} (ctx.t("proposal-consent")) }
                p.small.privacy { (ctx.t("paper-privacy")) }
                p.small.reference { (ctx.t("paper-reference-box")) " " span.box {} }
            }
        },
    )
}

pub struct PosterView<'a> {
    pub url: &'a str,
    pub short: &'a str,
    pub wifi: &'a str,
    pub qr_svg: Option<&'a str>,
}

/// A poster for the wall of the room: one A4 page, readable from afar.
pub fn poster(ctx: &PageCtx, v: &PosterView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("poster-title");
    page(
        ctx,
        &title,
        html! {
            form.no-print method="get" action="/admin/affiche" {
                p { (ctx.t("poster-print-hint")) }
                input type="hidden" name="adresse" value=(v.url);
                div.field {
                    label for="wifi" { (ctx.t("poster-wifi")) }
                    p.hint { (ctx.t("poster-wifi-hint")) }
                    input #wifi type="text" name="wifi" value=(v.wifi) maxlength="60";
                }
                button.secondary type="submit" { (ctx.t("poster-update")) }
            }
            div.poster {
                @if let Some(src) = crate::views::logo::url(ctx) { img.poster-logo src={ (src) "&original=1" } alt=(ctx.site.organisation) height="96"; }
                p.poster-site { (ctx.site_name()) }
                h1 { (ctx.t("poster-heading")) }
                @if !v.wifi.is_empty() {
                    p.poster-step { (lang.t_args("poster-step-wifi", &[("wifi", v.wifi.to_string().into())])) }
                } @else {
                    p.poster-step { (ctx.t("poster-step-network")) }
                }
                @if let Some(svg) = v.qr_svg {
                    // Generated by the qrcode crate from the address.
                    div.poster-qr role="img" aria-label=(lang.t_args("admin-qr-alt", &[("url", v.url.to_string().into())])) { (PreEscaped(svg)) }
                }
                p.poster-step { (ctx.t("poster-step-scan")) }
                p.poster-url { (v.short) }
            }
        },
    )
}

pub fn kiosk(ctx: &PageCtx, on: bool) -> Markup {
    let title = ctx.t("kiosk-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if on {
                p.notice role="status" { (ctx.t("kiosk-is-on")) }
                form method="post" action="/admin/kiosque" {
                    (csrf_field(&ctx.csrf))
                    input type="hidden" name="action" value="quitter";
                    button.primary type="submit" { (ctx.t("kiosk-stop")) }
                }
            } @else {
                p { (ctx.t("kiosk-intro")) }
                ul {
                    li { (ctx.t("kiosk-point-reset")) }
                    li { (ctx.t("kiosk-point-signout")) }
                    li { (ctx.t("kiosk-point-leave")) }
                }
                form method="post" action="/admin/kiosque" {
                    (csrf_field(&ctx.csrf))
                    input type="hidden" name="action" value="demarrer";
                    button.primary type="submit" { (ctx.t("kiosk-start")) }
                }
            }
        },
    )
}

/// The reference of the proposal just sent from a kiosk, big, and the way to the next one.
pub fn kiosk_thanks(ctx: &PageCtx, reference: &str) -> Markup {
    let title = ctx.t("kiosk-thanks-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if !reference.is_empty() {
                p { (ctx.t("kiosk-thanks-copy")) }
                p.kiosk-reference { (reference) }
            }
            p { a.primary href="/propositions/nouvelle" autofocus { (ctx.t("kiosk-next")) } }
            p { a href="/priorites" { (ctx.t("home-priorities-link")) } }
            p.hint { (ctx.t("kiosk-thanks-reset")) }
        },
    )
}
