//! Results: exports for staff, the open-data page, the statistics dashboard (inline SVG bar
//! charts, each with its table), and the printable synthesis report.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::domain::open_data::OPEN_COLUMNS;

pub fn exports(ctx: &PageCtx, admin: bool) -> Markup {
    let title = ctx.t("exports-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("exports-intro")) }
            @if admin { p.notice { (ctx.t("exports-contact-admin")) } } @else { p.notice { (ctx.t("exports-contact-none")) } }
            // The plain CSV has the separator the reader's Excel expects; the other one is offered.
            @let other = if ctx.lang == crate::i18n::Lang::Fr { "virgule" } else { "pointvirgule" };
            table {
                thead { tr { th scope="col" { (ctx.t("exports-what")) } th scope="col" { (ctx.t("exports-csv-excel")) } th scope="col" { (ctx.t("exports-csv-other")) } th scope="col" { "XLSX" } th scope="col" { "JSON" } } }
                tbody {
                    @for d in ["propositions", "commentaires", "soutiens", "historique"] {
                        tr {
                            th scope="row" { (ctx.t(&format!("exports-{d}"))) }
                            td { a href={ "/admin/exports/" (d) ".csv" } download { "CSV" } }
                            td { a href={ "/admin/exports/" (d) ".csv?separateur=" (other) } download { (ctx.t("exports-csv-other")) } }
                            td { a href={ "/admin/exports/" (d) ".xlsx" } download { "XLSX" } }
                            td { a href={ "/admin/exports/" (d) ".json" } download { "JSON" } }
                        }
                    }
                }
            }
            p.hint { (ctx.t("exports-semicolon-hint")) }
        },
    )
}

pub fn open_data(ctx: &PageCtx, licence: &str) -> Markup {
    let title = ctx.t("opendata-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("opendata-intro")) }
            ul {
                li { a href="/donnees/propositions.csv" { (ctx.t("opendata-csv")) } }
                li { a href="/donnees/propositions.xlsx" { (ctx.t("opendata-xlsx")) } }
                li { a href="/donnees/propositions.json" { (ctx.t("opendata-json")) } }
                li { a href="/api/openapi.json" { (ctx.t("opendata-api")) } }
            }
            h2 { (ctx.t("opendata-record-title")) }
            p { (ctx.t("opendata-record-intro")) }
            ul {
                li { a href="/donnees/bilan.csv" { (ctx.t("opendata-record-csv")) } }
                li { a href="/donnees/bilan.json" { (ctx.t("opendata-record-json")) } }
            }
            p { strong { (ctx.t("opendata-licence")) } " " (ctx.t(&format!("licence-{licence}"))) }
            p { (ctx.t("opendata-no-personal")) }
            h2 { (ctx.t("opendata-columns")) }
            table {
                thead { tr { th scope="col" { (ctx.t("opendata-column")) } th scope="col" { (ctx.t("opendata-meaning")) } } }
                tbody { @for c in OPEN_COLUMNS { tr { td { code { (c) } } td { (ctx.t(&format!("col-{}", c.replace('_', "-")))) } } } }
            }
        },
    )
}

/// A label that fits left of the bars; the table under the chart has it whole.
fn short_label(label: &str) -> String {
    const MAX: usize = 28;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        format!(
            "{}…",
            label.chars().take(MAX - 1).collect::<String>().trim_end()
        )
    }
}

/// A horizontal bar chart drawn in SVG (no script), followed by the same figures as a table.
pub fn chart(ctx: &PageCtx, id: &str, title: &str, rows: &[(String, i64)]) -> Markup {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bar_h = 22;
    let height = rows.len() as i64 * (bar_h + 6) + 6;
    let (label_w, chart_w) = (210, 180);
    html! {
        figure.chart aria-labelledby={ (id) "-titre" } {
            figcaption #{ (id) "-titre" } { (title) }
            @if rows.is_empty() {
                p { (ctx.t("stats-none")) }
            } @else {
                svg role="img" aria-labelledby={ (id) "-titre" } viewBox={ "0 0 " (label_w + chart_w + 50) " " (height) } width="100%" preserveAspectRatio="xMinYMin meet" {
                    @for (i, (label, n)) in rows.iter().enumerate() {
                        @let y = i as i64 * (bar_h + 6) + 6;
                        @let w = (n * chart_w / max).max(1);
                        text x=(label_w - 6) y=(y + 15) text-anchor="end" font-size="12" fill="#1b1b1b" { (short_label(label)) }
                        rect x=(label_w) y=(y) width=(w) height=(bar_h) fill="#00704a" {}
                        text x=(label_w + w + 4) y=(y + 15) font-size="12" fill="#1b1b1b" { (n) }
                    }
                }
                table.figures {
                    thead { tr { th scope="col" { (ctx.t("stats-label")) } th scope="col" { (ctx.t("stats-count")) } } }
                    tbody { @for (label, n) in rows { tr { td { (label) } td { (n) } } } }
                }
            }
        }
    }
}

/// Codes of lists become their labels in the page's language.
pub fn labelled(ctx: &PageCtx, rows: &[(String, i64)], kind: &str) -> Vec<(String, i64)> {
    use crate::domain::seed;
    rows.iter()
        .map(|(code, n)| {
            let label = match kind {
                "channel" => {
                    seed::find(&seed::CHANNELS, code).map(|i| i.label(ctx.lang).to_string())
                }
                "contributor" => seed::find(&seed::CONTRIBUTOR_TYPES, code)
                    .map(|i| i.label(ctx.lang).to_string()),
                "language" => {
                    seed::find(&seed::LANGUAGES, code).map(|i| i.label(ctx.lang).to_string())
                }
                "status" => Some(super::participation::status_code_label(ctx, code)),
                _ => None,
            };
            (label.unwrap_or_else(|| code.clone()), *n)
        })
        .collect()
}

/// Weeks named by their Monday, as people write dates.
fn weeks(ctx: &PageCtx, rows: &[(String, i64)]) -> Vec<(String, i64)> {
    rows.iter()
        .map(|(monday, n)| {
            let day = super::timeline::day(ctx, monday);
            (
                ctx.lang.t_args("stats-week-of", &[("date", day.into())]),
                *n,
            )
        })
        .collect()
}

fn figures(ctx: &PageCtx, s: &crate::domain::stats::Stats) -> Markup {
    html! {
        ul.figures-summary {
            @for (n, id) in [(s.proposals, "stats-proposals"), (s.published, "stats-published"), (s.supports, "stats-supports"), (s.comments, "stats-comments")] {
                li { strong { (n) } " " (ctx.lang.t_args(id, &[("n", n.into())])) }
            }
        }
    }
}

pub fn dashboard(ctx: &PageCtx, s: &crate::domain::stats::Stats) -> Markup {
    let title = ctx.t("stats-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a href="/admin/synthese" { (ctx.t("synthesis-title")) } "\u{a0}· " a href="/admin/bilan" { (ctx.t("record-title")) } "\u{a0}· " a href="/admin/exports" { (ctx.t("exports-title")) } }
            (figures(ctx, s))
            ul.waiting {
                li { a href="/admin/moderation" { (ctx.lang.t_args("stats-waiting-moderation", &[("n", s.waiting_moderation.into())])) } }
                li { a href="/admin/propositions?statut=recue" { (ctx.lang.t_args("stats-waiting-answer", &[("n", s.waiting_answer.into())])) } }
            }
            (chart(ctx, "par-consultation", &ctx.t("stats-by-consultation"), &s.by_consultation))
            (chart(ctx, "par-theme", &ctx.t("stats-by-theme"), &s.by_theme))
            (chart(ctx, "par-district", &ctx.t("stats-by-district"), &s.by_district))
            (chart(ctx, "par-zone", &ctx.t("stats-by-zone"), &s.by_zone))
            (chart(ctx, "par-canal", &ctx.t("stats-by-channel"), &labelled(ctx, &s.by_channel, "channel")))
            (chart(ctx, "par-type", &ctx.t("stats-by-contributor"), &labelled(ctx, &s.by_contributor, "contributor")))
            (chart(ctx, "par-langue", &ctx.t("stats-by-language"), &labelled(ctx, &s.by_language, "language")))
            (chart(ctx, "par-statut", &ctx.t("stats-by-status"), &labelled(ctx, &s.by_status, "status")))
            (chart(ctx, "par-semaine", &ctx.t("stats-by-week"), &weeks(ctx, &s.by_week)))
        },
    )
}

pub struct SynthesisView<'a> {
    pub stats: &'a crate::domain::stats::Stats,
    pub consultations: &'a [crate::domain::consultation::Consultation],
    pub workshops: &'a [crate::domain::timeline::Phase],
    /// Theme label, then its published proposals.
    pub by_theme: &'a [(String, Vec<crate::domain::proposal::Proposal>)],
    /// Commitment, then the retained proposals that led to it.
    pub by_commitment: &'a [(String, Vec<crate::domain::proposal::Proposal>)],
    /// Why the timeline came out late, as the admin recorded it.
    pub late_notice: Option<&'a str>,
    /// The priority round's results (its part is left out when there is no round).
    pub priorities: Option<super::priorities::ResultsView<'a>>,
    /// Where the logo comes from: its address on the site, or the image itself (a data URI)
    /// in the frozen copy.
    pub logo_src: Option<String>,
    pub generated_at: i64,
}

/// The synthesis and reasoned-response report: the body, usable inside the site's page or in
/// the frozen stand-alone copy.
pub fn synthesis_body(ctx: &PageCtx, v: &SynthesisView<'_>) -> Markup {
    let lang = ctx.lang;
    html! {
        header.report-head {
            @if v.logo_src.is_some() && let Some(logo) = super::logo::img(ctx, "report-logo", &ctx.site.organisation, 64) { (logo) }
            div {
                @if !ctx.site.organisation.is_empty() { p.report-org { (ctx.site.organisation) } }
                h1 { (ctx.t("synthesis-title")) " — " (ctx.site_name()) }
                p.meta { (lang.t_args("synthesis-generated", &[("date", lang.datetime(v.generated_at).into())])) }
            }
        }
        h2 { (ctx.t("synthesis-process")) }
        ul {
            @for c in v.consultations {
                li { strong { (c.title) } " — " (lang.t_args("admin-consultation-dates", &[("opens", lang.date(c.opens_at).into()), ("closes", lang.date(crate::domain::consultation::last_day(c.closes_at)).into())])) }
            }
            @for w in v.workshops {
                li { (ctx.lang.t_args("synthesis-workshop-line", &[("place", w.place.clone().into()), ("date", super::timeline::day(ctx, &w.starts_on).into())])) }
            }
        }
        @if let Some(reason) = v.late_notice {
            p.notice { (lang.t_args("synthesis-late-notice", &[("reason", reason.to_string().into())])) }
        }
        h2 { (ctx.t("synthesis-figures")) }
        (figures(ctx, v.stats))
        div.charts {
            (chart(ctx, "s-canal", &ctx.t("stats-by-channel"), &labelled(ctx, &v.stats.by_channel, "channel")))
            (chart(ctx, "s-statut", &ctx.t("stats-by-status"), &labelled(ctx, &v.stats.by_status, "status")))
            (chart(ctx, "s-theme", &ctx.t("stats-by-theme"), &v.stats.by_theme))
            (chart(ctx, "s-district", &ctx.t("stats-by-district"), &v.stats.by_district))
        }
        @if let Some(p) = &v.priorities { (super::priorities::synthesis_part(ctx, p)) }
        h2 { (ctx.t("synthesis-commitments")) }
        @if v.by_commitment.is_empty() { p { (ctx.t("synthesis-no-commitment")) } }
        @for (commitment, props) in v.by_commitment {
            h3 { (commitment) }
            ul { @for p in props { li { (p.reference) " — " (p.title) } } }
        }
        h2 { (ctx.t("synthesis-by-theme")) }
        @for (theme, props) in v.by_theme {
            section.theme-block {
                h3 { (theme) " (" (props.len()) ")" }
                // Focusable: on a phone the table scrolls sideways, also with the keyboard.
                table.answers tabindex="0" {
                    thead { tr { th scope="col" { (ctx.t("journal-item")) } th scope="col" { (ctx.t("doc-field-title")) } th scope="col" { (ctx.t("answer-status")) } th scope="col" { (ctx.t("answer-text")) } } }
                    tbody {
                        @for p in props {
                            tr {
                                td { (p.reference) }
                                td { (p.title) }
                                td {
                                    (super::participation::status_label(ctx, p.status))
                                    @if let Some(m) = &p.merged_reference { " " (lang.t_args("synthesis-merged-into", &[("ref", m.clone().into())])) }
                                }
                                td { (p.answer) @if !p.commitment.is_empty() { br; em { (p.commitment) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn synthesis(ctx: &PageCtx, v: &SynthesisView<'_>, published: Option<String>) -> Markup {
    let title = ctx.t("synthesis-title");
    page(
        ctx,
        &title,
        html! {
            div.no-print {
                @if let Some(n) = published { p.notice role="status" { (n) } }
                p { (ctx.t("synthesis-print-hint")) }
                // Publishing is an admin's act (the route refuses others).
                @if ctx.staff.as_ref().is_some_and(|s| s.role == crate::domain::account::Role::Admin) {
                    form method="post" action="/admin/synthese/publier" {
                        input type="hidden" name="csrf_token" value=(ctx.csrf);
                        button.primary type="submit" { (ctx.t("synthesis-publish")) }
                    }
                }
            }
            article.report { (synthesis_body(ctx, v)) }
        },
    )
}

/// The synthesis published in the library: a PDF made from the same body as the screen.
pub fn synthesis_pdf(ctx: &PageCtx, v: &SynthesisView<'_>, logo: Option<&[u8]>) -> Vec<u8> {
    let cover = super::pdf::Cover {
        title: ctx.t("synthesis-title"),
        subtitle: ctx.lang.t_args(
            "synthesis-generated",
            &[("date", ctx.lang.datetime(v.generated_at).into())],
        ),
        logo,
        at: v.generated_at,
    };
    super::pdf::document(ctx, &cover, &synthesis_body(ctx, v))
}
