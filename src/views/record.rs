//! The consultation's record (`/admin/bilan`): each indicator with its count and its base,
//! each section with the OGP requirement it is evidence for. Two-column tables: they fit a
//! phone and print on A4 as they are.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::domain::consultation::Consultation;
use crate::domain::record::{Delays, Rate, Record, grouped, workshop_attendance};
use crate::domain::record_data::{Value, others_value, people_count, women_count};
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
    /// On screen (links to act on), not a printout.
    pub interactive: bool,
    /// Published for everyone (the copy in the library): counts of people under 5 grouped
    /// or shown as "<5", no cross of category and sex, as in the open data.
    pub public: bool,
}

/// A value of the open data as people read it.
fn shown(ctx: &PageCtx, v: Value) -> Markup {
    html! {
        @match v {
            Value::Count(n) => (ctx.lang.number(n)),
            Value::Decimal(x) => (ctx.lang.decimal(x)),
            Value::FewerThanFive => (ctx.t("record-fewer-than-five")),
            Value::Missing => (ctx.t("record-withheld")),
        }
    }
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
                &[(
                    "days",
                    ctx.lang.decimal(crate::domain::record::days_1(s)).into(),
                )],
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

/// A count of people per code, labelled, each a share of the rows' total; in public, the
/// small cells grouped into "others".
fn mix(
    ctx: &PageCtx,
    public: bool,
    caption: &str,
    rows: &[(String, u64)],
    label: impl Fn(&str) -> String,
) -> Markup {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    if !public {
        return mix_of(ctx, caption, rows, total, label);
    }
    let (kept, others) = grouped(rows);
    html! {
        table.record tabindex="0" {
            caption { (ctx.t(caption)) }
            thead { tr { th scope="col" { (ctx.t("record-col-what")) } th scope="col" { (ctx.t("record-col-count")) } } }
            tbody {
                @for (code, n) in &kept {
                    tr { th scope="row" { (label(code)) } td { (rate(ctx, Rate::new(*n, total))) } }
                }
                @if let Some(o) = others {
                    tr { th scope="row" { (ctx.t("record-others")) } td { (shown(ctx, others_value(o))) } }
                }
            }
        }
    }
}

/// A count per code, labelled, each a share of `base`.
fn mix_of(
    ctx: &PageCtx,
    caption: &str,
    rows: &[(String, u64)],
    base: u64,
    label: impl Fn(&str) -> String,
) -> Markup {
    html! {
        table.record tabindex="0" {
            caption { (ctx.t(caption)) }
            thead { tr { th scope="col" { (ctx.t("record-col-what")) } th scope="col" { (ctx.t("record-col-count")) } } }
            tbody {
                @for (code, n) in rows {
                    tr { th scope="row" { (label(code)) } td { (rate(ctx, Rate::new(*n, base))) } }
                }
            }
        }
    }
}

/// The head and rows of a reach table: area, proposals, inhabitants (flagged when not
/// verified), proposals per 100,000.
fn reach_rows(
    ctx: &PageCtx,
    public: bool,
    first: &str,
    rows: &[crate::domain::record::Reach],
) -> Markup {
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
                @let hidden = public && people_count(x.contributions) == Value::FewerThanFive;
                tr {
                    th scope="row" { (x.district) }
                    td { @if public { (shown(ctx, people_count(x.contributions))) } @else { (lang.number(x.contributions)) } }
                    td {
                        (lang.number(x.people))
                        @if !x.verified { " " span.small-numbers { (ctx.t("record-unverified")) } }
                    }
                    td {
                        @if let (Some(v), false) = (x.per_100k, hidden) {
                            (lang.decimal(v))
                            @if x.contributions > 0 && x.contributions < crate::domain::record::SMALL_BASE { " " span.small-numbers { (ctx.t("record-small")) } }
                        }
                    }
                }
            }
        }
    }
}

/// A count, or "none" when there is nothing to count it on.
fn maybe(ctx: &PageCtx, v: Option<f64>) -> Markup {
    html! { @if let Some(x) = v { (ctx.lang.decimal(x)) } @else { (ctx.t("record-none")) } }
}

/// Whole days, or "none".
fn whole_days(ctx: &PageCtx, d: Option<i64>) -> Markup {
    html! {
        // A negative count is a timeline published after the opening: said in words.
        @if let Some(d) = d { (ctx.lang.t_args(if d < 0 { "record-whole-days-late" } else { "record-whole-days" }, &[("n", d.unsigned_abs().into()), ("days", ctx.lang.number(d.unsigned_abs()).into())])) }
        @else { (ctx.t("record-none")) }
    }
}

/// A section: its number and title, the OGP requirement, its indicator rows.
fn section(ctx: &PageCtx, id: &str, title: &str, ogp_id: &str, body: Markup) -> Markup {
    html! {
        section.record-part aria-labelledby=(id) {
            h2 #(id) { (ctx.t(title)) }
            (ogp(ctx, ogp_id))
            (body)
        }
    }
}

/// A table of indicator rows.
fn rows_table(ctx: &PageCtx, id: &str, rows: Markup) -> Markup {
    html! {
        table.record tabindex="0" aria-labelledby=(id) {
            thead { tr { th scope="col" { (ctx.t("record-col-indicator")) } th scope="col" { (ctx.t("record-col-value")) } } }
            tbody { (rows) }
        }
    }
}

/// The indicators, in the order: what the page, the printout and the published
/// snapshot all show.
/// The label of `code` in a seed list, in `lang`; the code itself when it is not in it.
fn label(lang: crate::i18n::Lang, list: &[seed::Item], code: &str) -> String {
    seed::find(list, code).map_or_else(|| code.to_string(), |i| i.label(lang).to_string())
}

pub fn record_body(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    html! {
        (inputs_section(ctx, v))
        (reach_section(ctx, v))
        (coverage_section(ctx, v))
        (mixes_section(ctx, v))
        (workshops_section(ctx, v))
        (moderation_section(ctx, v))
        (answers_section(ctx, v))
        (outcomes_section(ctx, v))
        (dialogue_section(ctx, v))
        (devices_section(ctx, v))
        (calendar_section(ctx, v))
        (forum_section(ctx, v))
    }
}

fn inputs_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let f = &r.facts;
    let lang = ctx.lang;
    html! {
        (section(ctx, "contributions", "record-inputs-title", "record-ogp-inputs", rows_table(ctx, "contributions", html! {
            (row(ctx, "record-priority-participants", html! {
                @let people = f.priority_ballots + f.priority_counted;
                @if v.public { (shown(ctx, people_count(people))) } @else { (lang.number(people)) }
                " " span.hint { (lang.t_args("record-priority-counted", &[("n", lang.number(f.priority_counted).into())])) }
            }))
            (row(ctx, "record-proposals-received", html! { (lang.number(f.proposals)) }))
            (row(ctx, "record-proposals-published", rate(ctx, r.published)))
            (row(ctx, "record-proposals-waiting", html! { (lang.number(f.proposals_waiting)) }))
            (row(ctx, "record-proposals-withheld", rate(ctx, r.withheld)))
            @for (reason, n) in &f.proposals_withheld {
                tr.sub { th scope="row" { (ctx.t(&format!("reason-{reason}"))) } td { (rate(ctx, Rate::new(*n, f.proposals))) } }
            }
            (row(ctx, "record-comments-received", html! { (lang.number(f.comments)) }))
            (row(ctx, "record-comments-published", rate(ctx, r.comments_published)))
            (row(ctx, "record-comments-withheld", rate(ctx, r.comments_withheld)))
            @for (reason, n) in &f.comments_withheld {
                tr.sub { th scope="row" { (ctx.t(&format!("reason-{reason}"))) } td { (rate(ctx, Rate::new(*n, f.comments))) } }
            }
        })))
    }
}

fn reach_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let lang = ctx.lang;
    html! {
        (section(ctx, "portee", "record-reach-title", "record-ogp-reach", html! {
            p { (ctx.t("record-reach-how")) }
            table.record tabindex="0" aria-labelledby="portee" {
                (reach_rows(ctx, v.public, "record-col-district", &r.reach))
            }
            @let apart = |n: u64| if v.public { shown(ctx, people_count(n)).into_string() } else { lang.number(n) };
            p { (lang.t_args("record-reach-apart", &[("national", apart(r.national).into()), ("diaspora", apart(r.diaspora).into())])) }
            @if !r.regions.is_empty() {
                table.record tabindex="0" aria-labelledby="regions-titre" {
                    caption #regions-titre { (ctx.t("record-regions-title")) }
                    (reach_rows(ctx, v.public, "population-region", &r.regions))
                }
            }
            @let unverified = r.reach.iter().chain(r.regions.iter()).filter(|x| !x.verified).count();
            p { (lang.t_args("record-verified-count", &[("verified", lang.number((r.reach.len() + r.regions.len() - unverified) as u64).into()), ("all", lang.number((r.reach.len() + r.regions.len()) as u64).into())])) }
            @if v.admin && v.interactive { p.hint { a href="/admin/bilan/populations" { (ctx.t("record-populations-link")) } } }
        }))
    }
}

fn coverage_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    html! {
        (section(ctx, "couverture", "record-coverage-title", "record-ogp-reach", rows_table(ctx, "couverture", html! {
            (row(ctx, "record-zones-covered", rate(ctx, r.zones_covered)))
            (row(ctx, "record-outside-abidjan", rate(ctx, r.outside_abidjan)))
        })))
    }
}

fn mixes_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let f = &v.record.facts;
    let lang = ctx.lang;
    let label_of = |list: &[seed::Item], c: &str| label(lang, list, c);
    html! {
        (section(ctx, "canaux", "record-mix-title", "record-ogp-channels", html! {
            (mix(ctx, v.public, "record-by-channel", &f.by_channel, |c| label_of(&seed::CHANNELS, c)))
            (mix(ctx, v.public, "record-by-contributor", &f.by_contributor, |c| label_of(&seed::CONTRIBUTOR_TYPES, c)))
            (mix(ctx, v.public, "record-by-language", &f.by_language, |c| label_of(&seed::LANGUAGES, c)))
        }))
    }
}

fn workshops_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let lang = ctx.lang;
    html! {
        (section(ctx, "ateliers", "record-workshops-title", "record-ogp-channels", html! {
            (rows_table(ctx, "ateliers", html! {
                (row(ctx, "record-workshops-held", html! { (lang.number(r.workshops)) }))
                (row(ctx, "record-workshop-zones", rate(ctx, r.workshop_zones)))
                (row(ctx, "record-attendance-entered", rate(ctx, r.attendance_entered)))
                (row(ctx, "record-attendance-total", html! {
                    @if v.public { (shown(ctx, people_count(r.attendance.total()))) } @else { (lang.number(r.attendance.total())) }
                }))
                @if v.public {
                    (row(ctx, "record-attendance-women", html! {
                        @match women_count(r.attendance.women(), r.attendance.men()) {
                            Value::Count(_) => (rate(ctx, r.women)),
                            other => (shown(ctx, other)),
                        }
                    }))
                } @else {
                    (row(ctx, "record-attendance-women", rate(ctx, r.women)))
                }
                (row(ctx, "record-from-workshops", rate(ctx, r.from_workshops)))
                (row(ctx, "record-per-workshop", maybe(ctx, r.per_workshop)))
                (row(ctx, "record-on-paper", rate(ctx, r.on_paper)))
            }))
            (workshops_table(ctx, v))
            (attendance_by_category(ctx, v))
        }))
    }
}

/// Each workshop: where and when, who came (in the public record, a workshop of 1 to 4
/// people is counted with others), and what it gave.
fn workshops_table(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let f = &v.record.facts;
    let lang = ctx.lang;
    let zone_name =
        |slug: &str| seed::zone(slug).map_or_else(|| slug.to_string(), |z| z.name.clone());
    html! {
        @if !f.workshops.is_empty() {
            table.record tabindex="0" aria-labelledby="ateliers-liste" {
                caption #ateliers-liste { (ctx.t("record-workshops-list")) }
                thead { tr {
                    th scope="col" { (ctx.t("record-col-workshop")) }
                    th scope="col" { (ctx.t("record-col-attendance")) }
                    th scope="col" { (ctx.t("record-col-contributions")) }
                } }
                @let (public_cells, grouped_row) = workshop_attendance(&f.workshops);
                tbody {
                    @for (w, public_cell) in f.workshops.iter().zip(&public_cells) {
                        tr {
                            th scope="row" { (w.name) br; span.hint { (zone_name(&w.zone)) ", " (crate::domain::oversight::day_start(&w.held_on).map_or_else(|| w.held_on.clone(), |t| lang.date(t))) } }
                            td {
                                @if w.attendance.is_empty() { (ctx.t("record-attendance-missing")) }
                                @else if v.public {
                                    @match public_cell {
                                        Some(n) => (lang.number(*n)),
                                        None => (ctx.t("record-attendance-grouped")),
                                    }
                                }
                                @else { (lang.t_args("record-attendance-cell", &[("total", lang.number(w.attendance.total()).into()), ("women", lang.number(w.attendance.women()).into()), ("men", lang.number(w.attendance.men()).into())])) }
                            }
                            td { (lang.number(w.proposals)) @if w.paper > 0 { " " span.hint { (lang.t_args("record-paper-cell", &[("n", lang.number(w.paper).into())])) } } }
                        }
                    }
                    @if v.public {
                        @if let Some(g) = grouped_row {
                            tr {
                                th scope="row" { (ctx.t("record-attendance-grouped-row")) }
                                td { (shown(ctx, others_value(g))) }
                                td {}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Who came, by category: women and men apart for staff; the public record gives each
/// category only, with small counts grouped.
fn attendance_by_category(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let lang = ctx.lang;
    let label_of = |list: &[seed::Item], c: &str| label(lang, list, c);
    html! {
        @if !r.attendance.is_empty() && v.public {
            (mix(ctx, true, "record-attendance-by-category", &r.attendance.by_category(), |c| label_of(&seed::CONTRIBUTOR_TYPES, c)))
        } @else if !r.attendance.is_empty() {
            table.record tabindex="0" aria-labelledby="presences-categories" {
                caption #presences-categories { (ctx.t("record-attendance-by-category")) }
                thead { tr {
                    th scope="col" { (ctx.t("record-col-what")) }
                    th scope="col" { (ctx.t("attendance-women")) }
                    th scope="col" { (ctx.t("attendance-men")) }
                } }
                tbody {
                    @for (code, w, m) in r.attendance.rows() {
                        tr { th scope="row" { (label_of(&seed::CONTRIBUTOR_TYPES, code)) } td { (lang.number(u64::from(*w))) } td { (lang.number(u64::from(*m))) } }
                    }
                }
            }
        }
    }
}

fn moderation_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    html! {
        (section(ctx, "moderation", "record-moderation-title", "record-ogp-inputs", rows_table(ctx, "moderation", html! {
            (row(ctx, "record-moderation-delay", delays(ctx, r.moderation_delay)))
            (row(ctx, "record-comment-moderation-delay", delays(ctx, r.comment_moderation_delay)))
            (row(ctx, "record-proposals-withheld", rate(ctx, r.withheld)))
            (row(ctx, "record-comments-withheld", rate(ctx, r.comments_withheld)))
        })))
    }
}

fn answers_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    html! {
        (section(ctx, "reponses", "record-answers-title", "record-ogp-answers", rows_table(ctx, "reponses", html! {
            (row(ctx, "record-answered", rate(ctx, r.answered)))
            (row(ctx, "record-answer-delay", delays(ctx, r.answer_delay)))
            (row(ctx, "record-sms-received", html! { (ctx.lang.number(r.facts.sms_received)) }))
            (row(ctx, "record-sms-answers", html! { (ctx.lang.number(r.facts.sms_answers_delivered)) }))
        })))
    }
}

fn outcomes_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let f = &r.facts;
    let lang = ctx.lang;
    html! {
        (section(ctx, "suites", "record-funnel-title", "record-ogp-commitments", html! {
            (mix_of(ctx, "record-by-status", &r.outcomes, r.published.count, |c| super::participation::status_code_label(ctx, c)))
            (rows_table(ctx, "suites", html! {
                (row(ctx, "record-retained", rate(ctx, r.retained)))
                (row(ctx, "record-commitments", html! { (lang.number(f.commitments)) }))
            }))
        }))
    }
}

fn dialogue_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    html! {
        (section(ctx, "dialogue", "record-dialogue-title", "record-ogp-dialogue", rows_table(ctx, "dialogue", html! {
            (row(ctx, "record-with-comment", rate(ctx, r.dialogue)))
            (row(ctx, "record-comments-per-proposal", maybe(ctx, r.comments_per_proposal)))
            (row(ctx, "record-supports-per-proposal", maybe(ctx, r.supports_per_proposal)))
        })))
    }
}

fn devices_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let lang = ctx.lang;
    html! {
        (section(ctx, "appareils", "record-devices-title", "record-ogp-dialogue", html! {
            p { (ctx.t("record-devices-how")) }
            (rows_table(ctx, "appareils", html! {
                (row(ctx, "record-devices", html! { (lang.number(r.devices)) }))
                (row(ctx, "record-devices-returning", rate(ctx, r.returning)))
                (row(ctx, "record-marked", rate(ctx, r.marked)))
            }))
        }))
    }
}

fn calendar_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let f = &r.facts;
    let lang = ctx.lang;
    html! {
        (section(ctx, "calendrier", "record-calendar-title", "record-ogp-calendar", rows_table(ctx, "calendrier", html! {
            (row(ctx, "record-notice", html! {
                @if f.timeline_published_at.is_none() { (ctx.t("record-notice-none")) } @else { (whole_days(ctx, r.notice_days)) }
                @if let Some(d) = r.notice_days {
                    " " span.small-numbers { @if d >= crate::domain::record::NOTICE_ASKED_DAYS { (ctx.t("record-notice-ok")) } @else { (ctx.t("record-notice-short")) } }
                }
                @if let Some(why) = &f.late_notice_reason { br; span.hint { (lang.t_args("record-notice-reason", &[("reason", why.clone().into())])) } }
            }))
            (row(ctx, "record-open-days", whole_days(ctx, r.open_days)))
        })))
    }
}

fn forum_section(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let lang = ctx.lang;
    html! {
        (section(ctx, "forum", "record-forum-title", "record-ogp-forum", rows_table(ctx, "forum", html! {
            (row(ctx, "record-forum-recent", html! {
                (lang.number(r.forum_recent))
                " " span.small-numbers { @if r.forum_recent > 0 { (ctx.t("record-forum-ok")) } @else { (ctx.t("record-forum-short")) } }
            }))
            (row(ctx, "record-days-since-forum", whole_days(ctx, r.days_since_forum)))
            (row(ctx, "record-days-since-document", whole_days(ctx, r.days_since_document)))
        })))
    }
}

fn scope_name(ctx: &PageCtx, v: &RecordView<'_>) -> String {
    v.scope
        .and_then(|id| v.consultations.iter().find(|k| k.id == id))
        .map_or_else(|| ctx.t("record-scope-all"), |k| k.title.clone())
}

pub fn record(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("record-title");
    let print_href = match v.scope {
        Some(id) => format!("/admin/bilan/imprimer?consultation={id}"),
        None => "/admin/bilan/imprimer".to_string(),
    };
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.as-of { (lang.t_args("record-as-of", &[("when", lang.datetime(v.at).into()), ("scope", scope_name(ctx, v).into())])) }
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
            p.actions {
                a.secondary href=(print_href) { (ctx.t("record-print")) }
                " "
                a href=(match v.scope { Some(id) => format!("/donnees/bilan.csv?consultation={id}"), None => "/donnees/bilan.csv".to_string() }) { (ctx.t("record-open-data")) }
            }
            (record_body(ctx, v))
        },
    )
}

/// The lessons-learned template, prefilled with the key figures: the last page of the
/// printout, which the agent completes by hand or copies into the report.
fn lessons_template(ctx: &PageCtx, v: &RecordView<'_>) -> Markup {
    let r = v.record;
    let f = &r.facts;
    let lang = ctx.lang;
    let pct = |x: Rate| {
        x.percent()
            .map_or_else(|| ctx.t("record-none"), |p| lang.percent(p))
    };
    html! {
        section.lessons aria-labelledby="retour" {
            h2 #retour { (ctx.t("lessons-title")) }
            p.hint { (ctx.t("lessons-intro")) }
            h3 { (ctx.t("lessons-context")) }
            p {
                (lang.t_args("lessons-scope", &[("scope", scope_name(ctx, v).into())]))
                @if let Some(d) = r.open_days { " " (lang.t_args("lessons-open", &[("n", d.unsigned_abs().into()), ("days", lang.number(d.unsigned_abs()).into())])) }
                " "
                @match r.notice_days {
                    None => (ctx.t("lessons-notice-none")),
                    Some(d) if d < 0 => (lang.t_args("lessons-notice-late", &[("n", d.unsigned_abs().into()), ("days", lang.number(d.unsigned_abs()).into())])),
                    Some(d) => (lang.t_args("lessons-notice", &[("n", d.unsigned_abs().into()), ("days", lang.number(d.unsigned_abs()).into())])),
                }
            }
            h3 { (ctx.t("lessons-figures")) }
            ul {
                li { (lang.t_args("lessons-proposals", &[("n", lang.number(f.proposals).into()), ("published", lang.number(r.published.count).into()), ("comments", lang.number(f.comments_published).into()), ("supports", lang.number(f.supports).into())])) }
                li { (lang.t_args("lessons-reach", &[("zones", lang.number(r.zones_covered.count).into()), ("all", lang.number(r.zones_covered.base).into()), ("outside", pct(r.outside_abidjan).into())])) }
                @if r.attendance.is_empty() {
                    li { (lang.t_args("lessons-workshops-uncounted", &[("n", lang.number(r.workshops).into())])) }
                } @else {
                    li { (lang.t_args("lessons-workshops", &[("n", lang.number(r.workshops).into()), ("people", lang.number(r.attendance.total()).into()), ("women", pct(r.women).into())])) }
                }
                li { (lang.t_args("lessons-answers", &[("rate", pct(r.answered).into()), ("median", days(ctx, r.answer_delay.median).into()), ("retained", lang.number(r.retained.count).into()), ("commitments", lang.number(f.commitments).into())])) }
                li { (lang.t_args("lessons-devices", &[("n", lang.number(r.devices).into())])) }
            }
            @for k in ["lessons-worked", "lessons-less", "lessons-next"] {
                h3 { (ctx.t(k)) }
                div.write-in {}
            }
        }
    }
}

/// The printable A4 record: a whole HTML document, printed from the browser. Its style is
/// the site's stylesheet, linked (the page's CSP refuses inline style), with the synthesis's
/// header: logo, organisation, title; the print style numbers the pages "N / M".
pub fn printable(ctx: &PageCtx, v: &RecordView<'_>) -> String {
    let lang = ctx.lang;
    let title = ctx.t("record-title");
    html! {
        (maud::DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (scope_name(ctx, v)) " — " (ctx.site_name()) }
                link rel="stylesheet" href=(crate::assets::url("style.css"));
            }
            body {
                main { div.wrap { article.report.record-print {
                    // Inside the article: a named page starts a new sheet, and the banner
                    // would print alone on the first.
                    @if ctx.training { (super::layout::training_banner(lang)) }
                    header.report-head {
                        @if let Some(logo) = super::logo::img(ctx, "report-logo", &ctx.site.organisation, 64) { (logo) }
                        div {
                            @if !ctx.site.organisation.is_empty() { p.report-org { (ctx.site.organisation) } }
                            h1 { (title) " — " (ctx.site_name()) }
                            p.meta { (lang.t_args("record-as-of", &[("when", lang.datetime(v.at).into()), ("scope", scope_name(ctx, v).into())])) }
                        }
                    }
                    p { (ctx.t("record-intro")) }
                    (record_body(ctx, v))
                    // The template is the agent's working page, not evidence.
                    @if !v.public { (lessons_template(ctx, v)) }
                } } }
            }
        }
    }
    .into_string()
}

/// The record published in the library, as PDF: the same indicators as the screen.
pub fn pdf(ctx: &PageCtx, v: &RecordView<'_>, logo: Option<&[u8]>) -> Vec<u8> {
    let lang = ctx.lang;
    let cover = super::pdf::Cover {
        title: ctx.t("record-title"),
        subtitle: lang.t_args(
            "record-as-of",
            &[
                ("when", lang.datetime(v.at).into()),
                ("scope", scope_name(ctx, v).into()),
            ],
        ),
        logo,
        at: v.at,
    };
    let body = html! {
        p { (ctx.t("record-intro")) }
        (record_body(ctx, v))
        @if !v.public { (lessons_template(ctx, v)) }
    };
    super::pdf::document(ctx, &cover, &body)
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
    let (people, source, verified, errors, part) = match typed {
        Some((f, e)) => (
            f.people.clone(),
            f.source.clone(),
            f.verified.is_some(),
            e.clone(),
            f.part.clone(),
        ),
        None => (
            people,
            p.source.clone(),
            p.verified,
            Vec::new(),
            String::new(),
        ),
    };
    let together = p.area.districts();
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
                @if together.len() > 1 {
                    div.field {
                        label for={ (anchor) "-part" } { (ctx.t("population-part")) }
                        p.hint { (ctx.t("population-part-hint")) }
                        @if let Some(e) = errors.iter().find(|(f, _)| *f == "part") { p.error-message { (ctx.t(e.1)) } }
                        select id={ (anchor) "-part" } name="part" {
                            option value="" selected[part.is_empty()] { (ctx.t("population-part-together")) }
                            @for d in &together {
                                option value=(d) selected[part == *d] { (ctx.lang.t_args("population-part-one", &[("district", d.to_string().into())])) }
                            }
                        }
                    }
                }
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
