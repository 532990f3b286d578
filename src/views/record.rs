//! The consultation's record (`/admin/bilan`): each indicator with its count and its base,
//! each section with the OGP requirement it is evidence for. Two-column tables: they fit a
//! phone and print on A4 as they are.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::domain::consultation::Consultation;
use crate::domain::record::{Delays, Rate, Record};
use crate::domain::seed;

/// What the page shows: the record of one consultation (`scope`) or of all of them.
pub struct RecordView<'a> {
    pub record: &'a Record,
    pub consultations: &'a [Consultation],
    pub scope: Option<i64>,
    /// When the figures were counted (the printout says it).
    pub at: i64,
    /// Admins may correct the populations.
    pub admin: bool,
}

/// "30 of 40 (75.0%)", with "small numbers" when the base is small.
fn rate(ctx: &PageCtx, r: Rate) -> Markup {
    let lang = ctx.lang;
    html! {
        (lang.t_args("record-of", &[("count", lang.number(r.count).into()), ("base", lang.number(r.base).into())]))
        @if let Some(p) = r.percent() { " (" (lang.percent(p)) ")" }
        @if r.is_small() && r.base > 0 { " " span.small-numbers { (ctx.t("record-small")) } }
    }
}

/// Days with one decimal, from seconds.
fn days(ctx: &PageCtx, secs: Option<i64>) -> String {
    secs.map_or_else(
        || ctx.t("record-none"),
        |s| {
            ctx.lang.t_args(
                "record-days",
                &[("days", ctx.lang.decimal(s as f64 / 86_400.0).into())],
            )
        },
    )
}

fn delays(ctx: &PageCtx, d: Delays) -> Markup {
    html! {
        (ctx.lang.t_args("record-delay", &[("median", days(ctx, d.median).into()), ("p90", days(ctx, d.p90).into()), ("n", ctx.lang.number(d.count as u64).into())]))
    }
}

/// One indicator: what it is, its value.
fn row(ctx: &PageCtx, label: &str, value: Markup) -> Markup {
    html! {
        tr {
            th scope="row" { (ctx.t(label)) }
            td { (value) }
        }
    }
}

/// The OGP requirement a section is evidence for.
fn ogp(ctx: &PageCtx, id: &str) -> Markup {
    html! {
        p.ogp { strong { (ctx.t("record-col-ogp")) } " " (ctx.t(id)) }
    }
}

/// A count per code, labelled.
fn mix(
    ctx: &PageCtx,
    caption: &str,
    rows: &[(String, u64)],
    label: impl Fn(&str) -> String,
) -> Markup {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    html! {
        table tabindex="0" {
            caption { (ctx.t(caption)) }
            thead { tr { th scope="col" { (ctx.t("record-col-what")) } th scope="col" { (ctx.t("record-col-count")) } } }
            tbody {
                @for (code, n) in rows {
                    tr { th scope="row" { (label(code)) } td { (rate(ctx, Rate::new(*n, total))) } }
                }
            }
        }
    }
}

/// The head and rows of a reach table: area, proposals, inhabitants (flagged when not
/// verified), proposals per 100,000.
fn reach_rows(ctx: &PageCtx, first: &str, rows: &[crate::domain::record::Reach]) -> Markup {
    let lang = ctx.lang;
    html! {
        thead { tr {
            th scope="col" { (ctx.t(first)) }
            th scope="col" { (ctx.t("record-col-contributions")) }
            th scope="col" { (ctx.t("record-col-population")) }
            th scope="col" { (ctx.t("record-col-per-100k")) }
        } }
        tbody {
            @for x in rows {
                tr {
                    th scope="row" { (x.district) }
                    td { (lang.number(x.contributions)) }
                    td {
                        (lang.number(x.people))
                        @if !x.verified { " " span.small-numbers { (ctx.t("record-unverified")) } }
                    }
                    td { @if let Some(v) = x.per_100k { (lang.decimal(v)) } }
                }
            }
        }
    }
}

pub fn record(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let f = &r.facts;
    let lang = ctx.lang;
    let title = ctx.t("record-title");
    let head = html! {
        tr { th scope="col" { (ctx.t("record-col-indicator")) } th scope="col" { (ctx.t("record-col-value")) } }
    };
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @let scope_name = v.scope.and_then(|id| v.consultations.iter().find(|k| k.id == id)).map_or_else(|| ctx.t("record-scope-all"), |k| k.title.clone());
            p.as-of { (lang.t_args("record-as-of", &[("when", lang.datetime(v.at).into()), ("scope", scope_name.into())])) }
            p { (ctx.t("record-intro")) }
            form.scope method="get" action="/admin/bilan" {
                label for="consultation" { (ctx.t("record-scope-label")) }
                " "
                select #consultation name="consultation" {
                    option value="" selected[v.scope.is_none()] { (ctx.t("record-scope-all")) }
                    @for k in v.consultations {
                        option value=(k.id) selected[v.scope == Some(k.id)] { (k.title) }
                    }
                }
                " "
                button.secondary type="submit" { (ctx.t("record-scope-button")) }
            }
            section aria-labelledby="contributions" {
                h2 #contributions { (ctx.t("record-inputs-title")) }
                (ogp(ctx, "record-ogp-inputs"))
                table.record tabindex="0" aria-labelledby="contributions" {
                    thead { (head) }
                    tbody {
                        (row(ctx, "record-proposals-received", html! { (lang.number(f.proposals)) }))
                        (row(ctx, "record-proposals-published", rate(ctx, r.published)))
                        (row(ctx, "record-proposals-waiting", html! { (lang.number(f.proposals_waiting)) }))
                        (row(ctx, "record-proposals-withheld", rate(ctx, r.withheld)))
                        @for (reason, n) in &f.proposals_withheld {
                            tr.sub { th scope="row" { (ctx.t(&format!("reason-{reason}"))) } td { (rate(ctx, Rate::new(*n, f.proposals))) } }
                        }
                        (row(ctx, "record-comments-received", html! { (lang.number(f.comments)) }))
                        (row(ctx, "record-comments-published", rate(ctx, r.comments_published)))
                        (row(ctx, "record-comments-withheld", rate(ctx, Rate::new(f.comments_withheld, f.comments))))
                    }
                }
            }
            section aria-labelledby="portee" {
                h2 #portee { (ctx.t("record-reach-title")) }
                (ogp(ctx, "record-ogp-reach"))
                p { (ctx.t("record-reach-how")) }
                table.record tabindex="0" aria-labelledby="portee" {
                    (reach_rows(ctx, "record-col-district", &r.reach))
                }
                p { (lang.t_args("record-reach-apart", &[("national", lang.number(r.national).into()), ("diaspora", lang.number(r.diaspora).into())])) }
                @if !r.regions.is_empty() {
                    table.record tabindex="0" aria-labelledby="regions-titre" {
                        caption #regions-titre { (ctx.t("record-regions-title")) }
                        (reach_rows(ctx, "population-region", &r.regions))
                    }
                }
                @if v.admin { p.hint { a href="/admin/bilan/populations" { (ctx.t("record-populations-link")) } } }
            }
            section aria-labelledby="couverture" {
                h2 #couverture { (ctx.t("record-coverage-title")) }
                (ogp(ctx, "record-ogp-reach"))
                table.record tabindex="0" aria-labelledby="couverture" {
                    thead { (head) }
                    tbody {
                        (row(ctx, "record-zones-covered", rate(ctx, r.zones_covered)))
                        (row(ctx, "record-outside-abidjan", rate(ctx, r.outside_abidjan)))
                    }
                }
            }
            section aria-labelledby="canaux" {
                h2 #canaux { (ctx.t("record-mix-title")) }
                (ogp(ctx, "record-ogp-channels"))
                (mix(ctx, "record-by-channel", &f.by_channel, |c| seed::find(&seed::CHANNELS, c).map_or_else(|| c.to_string(), |i| i.label(lang).to_string())))
                (mix(ctx, "record-by-contributor", &f.by_contributor, |c| seed::find(&seed::CONTRIBUTOR_TYPES, c).map_or_else(|| c.to_string(), |i| i.label(lang).to_string())))
                (mix(ctx, "record-by-language", &f.by_language, |c| seed::find(&seed::LANGUAGES, c).map_or_else(|| c.to_string(), |i| i.label(lang).to_string())))
            }
            section aria-labelledby="reponses" {
                h2 #reponses { (ctx.t("record-answers-title")) }
                (ogp(ctx, "record-ogp-answers"))
                table.record tabindex="0" aria-labelledby="reponses" {
                    thead { (head) }
                    tbody {
                        (row(ctx, "record-answered", rate(ctx, r.answered)))
                        (row(ctx, "record-answer-delay", delays(ctx, r.answer_delay)))
                    }
                }
            }
            section aria-labelledby="suites" {
                h2 #suites { (ctx.t("record-funnel-title")) }
                (ogp(ctx, "record-ogp-commitments"))
                (mix(ctx, "record-by-status", &f.by_status, |c| super::participation::status_code_label(ctx, c)))
                table.record tabindex="0" aria-labelledby="suites" {
                    thead { (head) }
                    tbody {
                        (row(ctx, "record-retained", rate(ctx, r.retained)))
                        (row(ctx, "record-commitments", html! { (lang.number(f.commitments)) }))
                    }
                }
            }
            section aria-labelledby="dialogue" {
                h2 #dialogue { (ctx.t("record-dialogue-title")) }
                (ogp(ctx, "record-ogp-dialogue"))
                table.record tabindex="0" aria-labelledby="dialogue" {
                    thead { (head) }
                    tbody {
                        (row(ctx, "record-with-comment", rate(ctx, r.dialogue)))
                        (row(ctx, "record-comments-per-proposal", html! { @if let Some(x) = r.comments_per_proposal { (lang.decimal(x)) } @else { (ctx.t("record-none")) } }))
                        (row(ctx, "record-supports-per-proposal", html! { @if let Some(x) = r.supports_per_proposal { (lang.decimal(x)) } @else { (ctx.t("record-none")) } }))
                    }
                }
            }
        },
    )
}

/// The form of one area: its figure, its source, whether it is the official one.
fn population_form(
    ctx: &PageCtx,
    p: &crate::domain::population::Population,
    typed: Option<(
        &crate::domain::population::PopulationForm,
        &crate::domain::population::FormErrors,
    )>,
) -> Markup {
    use super::components::{Field, csrf_field, input};
    let anchor = crate::domain::slug::slug(&format!("{}-{}", p.area.kind(), p.area.name()));
    let people = ctx.lang.number(p.people);
    let (people, source, verified, errors) = match typed {
        Some((f, e)) => (
            f.people.clone(),
            f.source.clone(),
            f.verified.is_some(),
            e.clone(),
        ),
        None => (people, p.source.clone(), p.verified, Vec::new()),
    };
    let name = match &p.area {
        crate::domain::population::Area::Region(slug) => {
            seed::zone(slug).map_or_else(|| slug.clone(), |z| z.name.clone())
        }
        crate::domain::population::Area::District(n) => n.clone(),
    };
    html! {
        form.population #(anchor) method="post" action="/admin/bilan/populations" novalidate {
            (csrf_field(&ctx.csrf))
            input type="hidden" name="area" value=(p.area.name());
            input type="hidden" name="kind" value=(p.area.kind());
            fieldset {
                legend { (name) }
                @if let Some(e) = errors.iter().find(|(f, _)| *f == "area") { p.error-message { (ctx.t(e.1)) } }
                (input(ctx.lang, &errors, Field::new("people", ctx.t("population-people"), &people).id(format!("{anchor}-people")).hint(ctx.t("population-people-hint"))))
                (input(ctx.lang, &errors, Field::new("source", ctx.t("population-source"), &source).id(format!("{anchor}-source"))))
                div.choice {
                    input type="checkbox" id={ (anchor) "-verified" } name="verified" value="on" checked[verified];
                    label for={ (anchor) "-verified" } { (ctx.t("population-verified")) }
                }
                @if let (Some(at), Some(by)) = (p.updated_at, p.updated_by.as_deref()) {
                    p.hint { (ctx.lang.t_args("population-updated", &[("when", ctx.lang.datetime(at).into()), ("by", by.to_string().into())])) }
                }
                button.primary type="submit" aria-label=(ctx.lang.t_args("population-save-area", &[("area", name.clone().into())])) { (ctx.t("population-save")) }
            }
        }
    }
}

/// `/admin/bilan/populations`: every district row and the regions entered, each with its
/// own form; a refused entry comes back with what was typed and why.
pub fn populations(
    ctx: &PageCtx,
    list: &[crate::domain::population::Population],
    refused: Option<(
        &crate::domain::population::PopulationForm,
        &crate::domain::population::FormErrors,
    )>,
    saved: bool,
) -> Markup {
    use crate::domain::population::{Area, Population};
    let title = ctx.t("population-title");
    let typed_for = |p: &Population| {
        refused.filter(|(f, _)| f.area == p.area.name() && f.kind == p.area.kind())
    };
    // A region typed for the first time and refused has no row yet: shown as a new one.
    let new_region = refused.and_then(|(f, e)| {
        (f.kind == "region" && !list.iter().any(|p| p.area == Area::Region(f.area.clone())))
            .then_some((f, e))
    });
    let blank_region = Population {
        area: Area::Region(new_region.map(|(f, _)| f.area.clone()).unwrap_or_default()),
        people: 0,
        source: String::new(),
        verified: false,
        updated_at: None,
        updated_by: None,
    };
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("population-intro")) }
            @if saved { p.notice role="status" { (ctx.t("population-saved")) } }
            @if refused.is_some() { p.error-summary role="alert" { (ctx.t("population-refused")) } }
            h2 { (ctx.t("population-districts-title")) }
            @for p in list.iter().filter(|p| matches!(p.area, Area::District(_))) {
                (population_form(ctx, p, typed_for(p)))
            }
            h2 { (ctx.t("population-regions-title")) }
            p { (ctx.t("population-regions-intro")) }
            @for p in list.iter().filter(|p| matches!(p.area, Area::Region(_))) {
                (population_form(ctx, p, typed_for(p)))
            }
            form.population #nouvelle-region method="post" action="/admin/bilan/populations" novalidate {
                (super::components::csrf_field(&ctx.csrf))
                input type="hidden" name="kind" value="region";
                fieldset {
                    legend { (ctx.t("population-new-region")) }
                    @let chosen = blank_region.area.name().to_string();
                    @let errors = new_region.map(|(_, e)| e.clone()).unwrap_or_default();
                    @if let Some(e) = errors.iter().find(|(f, _)| *f == "area") { p.error-message { (ctx.t(e.1)) } }
                    label for="nouvelle-region-area" { (ctx.t("population-region")) }
                    select #nouvelle-region-area name="area" {
                        @for z in seed::ZONES.iter().filter(|z| z.kind == "region") {
                            option value=(z.slug) selected[z.slug == chosen] { (z.name) }
                        }
                    }
                    @let people = new_region.map(|(f, _)| f.people.clone()).unwrap_or_default();
                    @let source = new_region.map(|(f, _)| f.source.clone()).unwrap_or_default();
                    (super::components::input(ctx.lang, &errors, super::components::Field::new("people", ctx.t("population-people"), &people).id("nouvelle-region-people".into()).hint(ctx.t("population-people-hint"))))
                    (super::components::input(ctx.lang, &errors, super::components::Field::new("source", ctx.t("population-source"), &source).id("nouvelle-region-source".into())))
                    div.choice {
                        input type="checkbox" id="nouvelle-region-verified" name="verified" value="on";
                        label for="nouvelle-region-verified" { (ctx.t("population-verified")) }
                    }
                    button.primary type="submit" { (ctx.t("population-save")) }
                }
            }
            p { a href="/admin/bilan" { (ctx.t("record-title")) } }
        },
    )
}
