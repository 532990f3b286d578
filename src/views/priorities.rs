//! The priority round's pages: the form (pick up to three themes), its receipt, the results
//! (a bar chart, a tile map of the districts, rankings per district and per kind of
//! contributor), a workshop's count typed in by staff, and the round's settings.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{csrf_field, error_for, error_summary};
use super::layout::page;
use crate::domain::consultation::{Consultation, last_day};
use crate::domain::contribution::Channel;
use crate::domain::priority::{
    AGE_BANDS, OTHERS, PriorityForm, Results, Round, RoundState, SEXES, Shown, TALLY_CHANNELS,
    Tally,
};
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::domain::theme::Theme;
use crate::domain::workshop::Workshop;

/// A theme's label in the page's language (its code when no longer offered).
pub fn theme_label(ctx: &PageCtx, themes: &[Theme], code: &str) -> String {
    themes
        .iter()
        .find(|t| t.code == code)
        .map_or_else(|| code.to_string(), |t| t.label(ctx.lang).to_string())
}

/// The one-line explanation of a theme of the shipped list (none for a theme staff added).
fn theme_hint(ctx: &PageCtx, code: &str) -> Option<String> {
    ctx.lang.try_t(&format!("theme-hint-{code}"))
}

fn label_of(ctx: &PageCtx, list: &[seed::Item], code: &str) -> String {
    seed::find(list, code).map_or_else(|| code.to_string(), |i| i.label(ctx.lang).to_string())
}

pub struct FormView<'a> {
    pub consultation: &'a Consultation,
    pub round: &'a Round,
    pub themes: &'a [Theme],
    pub form: &'a PriorityForm,
    pub errors: &'a FieldErrors,
    pub stamp: &'a str,
    pub notice: Option<String>,
    /// A shared device: the browser keeps nothing typed.
    pub private: bool,
}

/// The priority form: the consultation's themes as boxes to tick (at most the round's
/// number), then the optional questions about the person.
pub fn form(ctx: &PageCtx, v: &FormView<'_>) -> Markup {
    let f = v.form;
    let max = i64::from(v.round.max_choices);
    let themes_err = error_for(v.errors, "themes");
    let lang = ctx.lang;
    let title = ctx.t("priority-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (v.consultation.title) }
            p { (lang.t_args("priority-intro", &[("max", max.into())])) }
            p.hint { (lang.t_args("priority-dates", &[("closes", lang.date(last_day(v.round.closes_at)).into())])) " " a href="/priorites/resultats" { (ctx.t("priority-results-link")) } }
            @if let Some(n) = &v.notice { div.error-summary role="alert" { p { (n) } } }
            (error_summary(lang, v.errors))
            form method="post" action="/priorites" novalidate autocomplete=[v.private.then_some("off")] {
                (csrf_field(&ctx.csrf))
                input type="hidden" name="form_ts" value=(v.stamp);
                input type="hidden" name="submission" value=(f.submission);
                fieldset.field.has-error[themes_err.is_some()] #themes {
                    legend { (lang.t_args("priority-themes-legend", &[("max", max.into())])) }
                    @if let Some(e) = themes_err { p.error-message { (ctx.t(e)) } }
                    // Numbered as on the paper ballot and the poster: `PRIO 2 5 7` by text.
                    @for (i, t) in v.themes.iter().enumerate() {
                        div.choice {
                            input type="checkbox" name="themes" id={ "theme-" (t.code) } value=(t.code) checked[f.themes.contains(&t.code)];
                            label for={ "theme-" (t.code) } {
                                strong { (i + 1) ". " (t.label(lang)) }
                                @if let Some(h) = theme_hint(ctx, &t.code) { br; span.hint { (h) } }
                            }
                        }
                    }
                }
                fieldset.field {
                    legend { (ctx.t("priority-about-you")) " " span.optional { (ctx.t("form-optional")) } }
                    p.hint { (ctx.t("priority-about-you-hint")) }
                    (select(ctx, v.errors, "zone", html! {
                        option value="" { (ctx.t("form-choose")) }
                        @for z in seed::ZONES.iter().filter(|z| z.kind != "special") {
                            option value=(z.slug) selected[f.zone == z.slug] {
                                (z.name) @if z.kind == "region" { " (" (z.district) ")" }
                            }
                        }
                    }))
                    (select(ctx, v.errors, "contributor_type", html! {
                        option value="" { (ctx.t("form-choose")) }
                        @for t in seed::CONTRIBUTOR_TYPES.iter() { option value=(t.code) selected[f.contributor_type == t.code] { (t.label(lang)) } }
                    }))
                    (radios(ctx, v.errors, "sex", &SEXES, &f.sex))
                    (radios(ctx, v.errors, "age_band", &AGE_BANDS, &f.age_band))
                }
                // Honeypot: hidden from people and screen readers; robots fill it in.
                div.hp aria-hidden="true" {
                    label for="website" { (ctx.t("proposal-honeypot")) }
                    input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off";
                }
                button.primary type="submit" { (ctx.t("priority-submit")) }
            }
        },
    )
}

fn select(ctx: &PageCtx, errors: &FieldErrors, name: &str, options: Markup) -> Markup {
    let err = error_for(errors, name);
    html! {
        div.field.has-error[err.is_some()] {
            label for=(name) { (ctx.t(&format!("priority-{name}"))) }
            @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
            select id=(name) name=(name) aria-invalid=[err.map(|_| "true")] { (options) }
        }
    }
}

fn radios(
    ctx: &PageCtx,
    errors: &FieldErrors,
    name: &str,
    values: &[&str],
    chosen: &str,
) -> Markup {
    let err = error_for(errors, name);
    html! {
        fieldset.field.has-error[err.is_some()] #(name) {
            legend { (ctx.t(&format!("priority-{name}"))) }
            @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
            div.choice {
                input type="radio" name=(name) id={ (name) "-none" } value="" checked[chosen.is_empty()];
                label for={ (name) "-none" } { (ctx.t("priority-not-said")) }
            }
            @for v in values {
                div.choice {
                    input type="radio" name=(name) id={ (name) "-" (v) } value=(v) checked[chosen == *v];
                    label for={ (name) "-" (v) } { (ctx.t(&format!("priority-{name}-{v}"))) }
                }
            }
        }
    }
}

/// No round open now: when the next opens, and the results.
pub fn not_open(ctx: &PageCtx, next: Option<&Round>) -> Markup {
    let title = ctx.t("priority-title");
    let lang = ctx.lang;
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @match next {
                Some(r) => p { (lang.t_args("priority-opens-on", &[("date", lang.date(r.opens_at).into())])) },
                None => p { (ctx.t("priority-none-open")) },
            }
            p { a href="/priorites/resultats" { (ctx.t("priority-results-link")) } }
        },
    )
}

/// The receipt: what was counted, and the results.
pub fn thanks(ctx: &PageCtx, chosen: &[String]) -> Markup {
    let title = ctx.t("priority-thanks-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.notice role="status" { (ctx.t("priority-thanks")) }
            // On a shared device, the next person starts from an empty form.
            @if ctx.kiosk { p { a.primary href="/priorites" autofocus { (ctx.t("priority-kiosk-next")) } } }
            @if !chosen.is_empty() {
                h2 { (ctx.t("priority-your-choice")) }
                ol { @for c in chosen { li { (c) } } }
            }
            p { a href="/priorites/resultats" { (ctx.t("priority-results-link")) } }
            p { a href="/propositions/nouvelle" { (ctx.t("priority-also-propose")) } }
        },
    )
}

/// How the map is shaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapMode {
    FirstTheme,
    PerPeople,
}

pub struct ResultsView<'a> {
    pub consultation: Option<&'a Consultation>,
    pub round: Option<&'a Round>,
    pub results: &'a Results,
    pub themes: &'a [Theme],
    /// District name → inhabitants.
    pub populations: &'a [(String, u64)],
    pub map: MapMode,
    pub now: i64,
}

/// The tiles of the districts, placed roughly as on a map of Côte d'Ivoire (column, row).
pub const TILES: [(&str, u8, u8); 14] = [
    ("Denguélé", 1, 0),
    ("Savanes", 2, 0),
    ("Woroba", 1, 1),
    ("Vallée du Bandama", 2, 1),
    ("Zanzan", 3, 1),
    ("Montagnes", 0, 2),
    ("Sassandra-Marahoué", 1, 2),
    ("Yamoussoukro", 2, 2),
    ("Lacs", 3, 2),
    ("Bas-Sassandra", 0, 3),
    ("Gôh-Djiboua", 1, 3),
    ("Lagunes", 2, 3),
    ("Comoé", 3, 3),
    ("Abidjan", 2, 4),
];

/// Light fills, each with dark text well above 4.5:1.
const PALETTE: [&str; 8] = [
    "#a6cee3", "#fdbf6f", "#b2df8a", "#cab2d6", "#fb9a99", "#ffff99", "#d9d9d9", "#8dd3c7",
];
const SCALE: [&str; 4] = ["#eef5fb", "#c6dbef", "#9ecae1", "#6baed6"];
const NO_DATA: &str = "#ffffff";

pub fn results(ctx: &PageCtx, v: &ResultsView<'_>) -> Markup {
    let title = ctx.t("priority-results-title");
    let lang = ctx.lang;
    let r = v.results;
    let rows = chart_rows(ctx, v);
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(k) = v.consultation { p.lead { (k.title) } }
            @if let Some(round) = v.round {
                @match round.state(v.now) {
                    RoundState::Open => p { (lang.t_args("priority-results-open", &[("closes", lang.date(last_day(round.closes_at)).into())])) " " a href="/priorites" { (ctx.t("priority-take-part")) } },
                    RoundState::NotYet => p { (lang.t_args("priority-opens-on", &[("date", lang.date(round.opens_at).into())])) },
                    _ => p { (ctx.t("priority-results-closed")) },
                }
            }
            p.figure-line { strong { (lang.number(r.participants)) } " " (lang.count("priority-participants", r.participants)) }
            @if r.participants == 0 {
                p { (ctx.t("priority-results-empty")) }
            } @else {
                (super::results::chart(ctx, "p-themes", &ctx.t("priority-chart-title"), &rows))
                @let unpicked: Vec<String> = r.themes.iter().filter(|(_, n)| *n == 0).map(|(t, _)| theme_label(ctx, v.themes, t)).collect();
                @if !unpicked.is_empty() { p.hint { (lang.t_args("priority-unpicked", &[("themes", unpicked.join(", ").into())])) } }
                (map(ctx, v))
                (groups(ctx, v, "priority-by-district", &r.districts, |n| n.to_string()))
                (groups(ctx, v, "priority-by-type", &r.contributor_types, |n| label_of(ctx, &seed::CONTRIBUTOR_TYPES, n)))
                (people(ctx, r))
            }
            p.hint { (ctx.t("priority-small-counts")) }
            p { a href="/donnees/priorites.csv" { (ctx.t("priority-data-csv")) } " · " a href="/donnees/priorites.json" { (ctx.t("priority-data-json")) } }
        },
    )
}

/// The chart's rows: each theme somebody picked, with its label and count.
fn chart_rows(ctx: &PageCtx, v: &ResultsView<'_>) -> Vec<(String, i64)> {
    v.results
        .themes
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| {
            let n = i64::try_from(*n).unwrap_or(i64::MAX);
            (theme_label(ctx, v.themes, t), n)
        })
        .collect()
}

/// The synthesis's part: the themes people want first, in all and per district.
pub fn synthesis_part(ctx: &PageCtx, v: &ResultsView<'_>) -> Markup {
    let lang = ctx.lang;
    let r = v.results;
    let rows = chart_rows(ctx, v);
    html! {
        h2 { (ctx.t("synthesis-priorities")) }
        @if r.participants == 0 {
            p { (ctx.t("priority-results-empty")) }
        } @else {
            p { strong { (lang.number(r.participants)) } " " (lang.count("priority-participants", r.participants)) " " (lang.t_args("synthesis-priorities-how", &[("consultation", v.consultation.map(|k| k.title.clone()).unwrap_or_default().into())])) }
            div.charts { (super::results::chart(ctx, "s-priorites", &ctx.t("priority-chart-title"), &rows)) }
            (groups(ctx, v, "priority-by-district", &r.districts, |n| n.to_string()))
            p.hint { (ctx.t("priority-small-counts")) }
        }
    }
}

/// Who took part, by channel, sex and age (fewer than five withheld).
fn people(ctx: &PageCtx, r: &Results) -> Markup {
    let lang = ctx.lang;
    let shown = |s: &Shown| match s {
        Shown::Count(n) => lang.number(*n),
        Shown::FewerThanFive => ctx.t("record-fewer-than-five"),
    };
    html! {
        h2 #participants { (ctx.t("priority-who")) }
        table.record tabindex="0" aria-labelledby="participants" {
            tbody {
                @for (c, n) in &r.channels {
                    tr { th scope="row" { (label_of(ctx, &seed::CHANNELS, c)) } td { (shown(&Shown::of(*n))) } }
                }
                @for (s, n) in &r.sexes {
                    tr { th scope="row" { (ctx.t(&format!("priority-sex-{s}"))) } td { (shown(n)) } }
                }
                @for (a, n) in &r.age_bands {
                    tr { th scope="row" { (ctx.t(&format!("priority-age_band-{a}"))) } td { (shown(n)) } }
                }
            }
        }
    }
}

/// A ranking per group: the group, its people, its first three themes.
fn groups(
    ctx: &PageCtx,
    v: &ResultsView<'_>,
    title: &str,
    groups: &[crate::domain::priority::Group],
    name: impl Fn(&str) -> String,
) -> Markup {
    let lang = ctx.lang;
    html! {
        @if !groups.is_empty() {
            h2 #(title) { (ctx.t(title)) }
            table.record tabindex="0" aria-labelledby=(title) {
                thead { tr {
                    th scope="col" { (ctx.t(&format!("{title}-col"))) }
                    th scope="col" { (ctx.t("priority-col-people")) }
                    th scope="col" { (ctx.t("priority-col-first")) }
                } }
                tbody {
                    @for g in groups {
                        tr {
                            th scope="row" { @if g.name == OTHERS { (ctx.t("priority-others")) } @else { (name(&g.name)) } }
                            td { (lang.number(g.participants)) }
                            td {
                                @if g.themes.is_empty() { (ctx.t("priority-withheld")) }
                                @else {
                                    ol.inline { @for (t, n) in g.themes.iter().filter(|(_, n)| *n > 0).take(3) { li { (theme_label(ctx, v.themes, t)) ", " (lang.count("priority-votes", *n)) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The districts as tiles, shaded by their first theme or by people per 100,000 inhabitants;
/// each tile says its value in words too (colour is never the only sign).
fn map(ctx: &PageCtx, v: &ResultsView<'_>) -> Markup {
    let lang = ctx.lang;
    let r = v.results;
    // Themes that come first somewhere, each with its colour and letter.
    let mut firsts: Vec<String> = Vec::new();
    for g in &r.districts {
        if let Some((t, n)) = g.themes.first()
            && *n > 0
            && g.name != OTHERS
            && !firsts.contains(t)
        {
            firsts.push(t.clone());
        }
    }
    let rate = |d: &str| -> Option<f64> {
        let g = r.district(d)?;
        let pop = v.populations.iter().find(|(n, _)| n == d)?.1;
        (pop > 0).then(|| g.participants as f64 * 100_000.0 / pop as f64)
    };
    let top = TILES
        .iter()
        .filter_map(|(d, _, _)| rate(d))
        .fold(0.0_f64, f64::max);
    let class = |x: f64| -> usize {
        if top <= 0.0 {
            0
        } else {
            ((x / top * 4.0).ceil() as usize).clamp(1, 4) - 1
        }
    };
    let (w, h, gap) = (78, 54, 2);
    html! {
        figure.tilemap aria-labelledby="carte-titre" {
            figcaption #carte-titre {
                @if v.map == MapMode::FirstTheme { (ctx.t("priority-map-theme")) } @else { (ctx.t("priority-map-people")) }
            }
            p.hint {
                (ctx.t("priority-map-how")) " "
                @if v.map == MapMode::FirstTheme { a href="/priorites/resultats?carte=participation#carte-titre" { (ctx.t("priority-map-show-people")) } }
                @else { a href="/priorites/resultats#carte-titre" { (ctx.t("priority-map-show-theme")) } }
            }
            svg role="img" aria-labelledby="carte-titre" viewBox={ "0 0 " (4 * (w + gap)) " " (5 * (h + gap)) } width="100%" preserveAspectRatio="xMinYMin meet" {
                @for (d, col, row) in TILES {
                    @let x = i32::from(col) * (w + gap);
                    @let y = i32::from(row) * (h + gap);
                    @let g = r.district(d);
                    @let (fill, value) = match (v.map, g) {
                        (MapMode::FirstTheme, Some(g)) => match g.themes.first().filter(|(_, n)| *n > 0) {
                            Some((t, _)) => {
                                let i = firsts.iter().position(|x| x == t).unwrap_or(0);
                                (PALETTE[i % PALETTE.len()], letter(i))
                            }
                            None => (NO_DATA, "—".to_string()),
                        },
                        (MapMode::PerPeople, Some(_)) => match rate(d) {
                            Some(x) => (SCALE[class(x)], lang.decimal((x * 10.0).round() / 10.0)),
                            None => (NO_DATA, "—".to_string()),
                        },
                        (_, None) => (NO_DATA, "—".to_string()),
                    };
                    g {
                        title { (d) "\u{a0}: " (value) }
                        rect x=(x) y=(y) width=(w) height=(h) rx="4" fill=(fill) stroke="#4a4a4a" stroke-width="1" {}
                        @for (i, part) in tile_name(d).iter().enumerate() {
                            text x=(x + w / 2) y=(y + 16 + 11 * i as i32) text-anchor="middle" font-size="10" fill="#1b1b1b" { (part) }
                        }
                        text x=(x + w / 2) y=(y + h - 7) text-anchor="middle" font-size="11" font-weight="bold" fill="#1b1b1b" { (value) }
                    }
                }
            }
            @if v.map == MapMode::FirstTheme && !firsts.is_empty() {
                ul.legend {
                    @for (i, t) in firsts.iter().enumerate() {
                        li { (swatch(PALETTE[i % PALETTE.len()], &letter(i))) " " (theme_label(ctx, v.themes, t)) }
                    }
                    li { (swatch(NO_DATA, "—")) " " (ctx.t("priority-map-too-few")) }
                }
            } @else if v.map == MapMode::PerPeople {
                p.hint { (ctx.t("priority-map-scale")) }
            }
        }
    }
}

/// A legend's sample: the tile's colour with its letter, as on the map (no inline style: the
/// site's policy allows none).
fn swatch(fill: &str, letter: &str) -> Markup {
    html! {
        svg.swatch width="28" height="20" viewBox="0 0 28 20" aria-hidden="true" {
            rect x="0.5" y="0.5" width="27" height="19" rx="3" fill=(fill) stroke="#4a4a4a" {}
            text x="14" y="14.5" text-anchor="middle" font-size="12" font-weight="bold" fill="#1b1b1b" { (letter) }
        }
    }
}

/// A, B, C… for the themes of the legend.
fn letter(i: usize) -> String {
    char::from(b'A' + (i % 26) as u8).to_string()
}

/// A district's name on one or two lines of a tile.
fn tile_name(d: &str) -> Vec<String> {
    if d.chars().count() <= 13 {
        return vec![d.to_string()];
    }
    let cut = d
        .char_indices()
        .filter(|(_, c)| *c == ' ' || *c == '-')
        .map(|(i, _)| i)
        .min_by_key(|i| (*i as i64 - d.len() as i64 / 2).abs());
    match cut {
        Some(i) => {
            let (a, b) = d.split_at(i);
            let keep_dash = if b.starts_with('-') { "-" } else { "" };
            vec![format!("{a}{keep_dash}"), b[1..].to_string()]
        }
        None => vec![d.to_string()],
    }
}

pub struct TallyView<'a> {
    pub workshop: &'a Workshop,
    pub consultation: Option<&'a Consultation>,
    pub round: Option<&'a Round>,
    pub themes: &'a [Theme],
    pub saved: &'a [Tally],
    /// What was typed (field → value), brought back with the errors.
    pub typed: &'a [(String, String)],
    pub errors: &'a FieldErrors,
    pub notice: Option<String>,
}

/// A workshop's count of paper ballots or of a show of hands: the people, one number per
/// theme; typed again, it replaces the earlier count of the same kind.
pub fn tally(ctx: &PageCtx, v: &TallyView<'_>) -> Markup {
    let lang = ctx.lang;
    let title = lang.t_args(
        "priority-tally-title",
        &[("workshop", v.workshop.name.clone().into())],
    );
    let typed = |name: &str| {
        v.typed
            .iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, x)| x.clone())
    };
    let channel = typed("channel");
    page(
        ctx,
        &title,
        html! {
            p { a href="/admin/ateliers" { (ctx.t("attendance-back")) } }
            h1 { (title) }
            @if let Some(n) = &v.notice { p.notice role="status" { (n) } }
            @match (v.consultation, v.round) {
                (Some(k), Some(round)) => {
                    p { (lang.t_args("priority-tally-intro", &[("consultation", k.title.clone().into()), ("max", i64::from(round.max_choices).into())])) }
                    p { a href="/admin/ateliers/bulletin-priorites" { (ctx.t("priority-ballot-link")) } }
                    @if !v.saved.is_empty() {
                        h2 { (ctx.t("priority-tally-saved")) }
                        ul {
                            @for t in v.saved {
                                li { (label_of(ctx, &seed::CHANNELS, t.channel.code())) "\u{a0}: " (lang.count("priority-participants-n", t.people)) }
                            }
                        }
                    }
                    (error_summary(lang, v.errors))
                    form method="post" novalidate {
                        (csrf_field(&ctx.csrf))
                        fieldset.field.has-error[error_for(v.errors, "channel").is_some()] #channel {
                            legend { (ctx.t("priority-tally-channel")) }
                            @if let Some(e) = error_for(v.errors, "channel") { p.error-message { (ctx.t(e)) } }
                            @for (i, c) in TALLY_CHANNELS.iter().enumerate() {
                                div.choice {
                                    input type="radio" name="channel" id={ "channel-" (c.code()) } value=(c.code()) checked[channel == c.code() || (channel.is_empty() && i == 0)];
                                    label for={ "channel-" (c.code()) } { (label_of(ctx, &seed::CHANNELS, c.code())) }
                                }
                            }
                        }
                        div.field.has-error[error_for(v.errors, "people").is_some()] {
                            label for="people" { (ctx.t("priority-tally-people")) }
                            @if let Some(e) = error_for(v.errors, "people") { p.error-message { (ctx.t(e)) } }
                            input #people type="text" inputmode="numeric" name="people" value=(typed("people")) size="6" autocomplete="off";
                        }
                        fieldset.field.has-error[error_for(v.errors, "counts").is_some()] #counts {
                            legend { (ctx.t("priority-tally-counts")) }
                            @if let Some(e) = error_for(v.errors, "counts") { p.error-message { (ctx.t(e)) } }
                            @for t in v.themes {
                                @let name = format!("t_{}", t.code);
                                div.field.inline {
                                    label for=(name) { (t.label(lang)) }
                                    input id=(name) type="text" inputmode="numeric" name=(name) value=(typed(&name)) size="6" autocomplete="off";
                                }
                            }
                        }
                        button.primary type="submit" { (ctx.t("priority-tally-save")) }
                    }
                }
                _ => p { (ctx.t("priority-tally-no-round")) },
            }
        },
    )
}

/// The printable paper ballot: the themes to tick, the questions, in large type.
pub fn ballot(ctx: &PageCtx, k: &Consultation, round: &Round, themes: &[Theme]) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("priority-ballot-title");
    let max = i64::from(round.max_choices);
    page(
        ctx,
        &title,
        html! {
            p.no-print { (ctx.t("paper-print-hint")) }
            div.paper-form.ballot {
                h1 { (title) }
                p { (k.title) }
                p { strong { (lang.t_args("priority-ballot-how", &[("max", max.into())])) } }
                div.ticks {
                    ul { @for (i, t) in themes.iter().enumerate() { li { span.tick {} (i + 1) ". " (t.label(lang)) } } }
                }
                p { (ctx.t("priority-ballot-optional")) }
                p { (ctx.t("priority-zone")) "\u{a0}: " span.line.inline {} }
                div.ticks {
                    strong { (ctx.t("priority-sex")) }
                    ul { @for x in SEXES { li { span.tick {} (ctx.t(&format!("priority-sex-{x}"))) } } }
                }
                div.ticks {
                    strong { (ctx.t("priority-age_band")) }
                    ul { @for a in AGE_BANDS { li { span.tick {} (ctx.t(&format!("priority-age_band-{a}"))) } } }
                }
            }
        },
    )
}

pub struct RoundRow<'a> {
    pub consultation: &'a Consultation,
    pub round: &'a Round,
    pub participants: (u64, u64),
}

/// The rounds' settings (admins): on or off, own dates, how many themes.
pub fn rounds_admin(
    ctx: &PageCtx,
    rows: &[RoundRow<'_>],
    errors: &FieldErrors,
    notice: Option<String>,
) -> Markup {
    let lang = ctx.lang;
    let title = ctx.t("priority-admin-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("priority-admin-intro")) " " a href="/priorites/resultats" { (ctx.t("priority-results-link")) } }
            @if let Some(n) = &notice { p.notice role="status" { (n) } }
            (error_summary(lang, errors))
            @for row in rows {
                @let k = row.consultation;
                @let r = row.round;
                section {
                    h2 { (k.title) }
                    p { (lang.t_args("priority-admin-count", &[("ballots", lang.number(row.participants.0).into()), ("counted", lang.number(row.participants.1).into())])) }
                    form method="post" action="/admin/priorites" novalidate {
                        (csrf_field(&ctx.csrf))
                        input type="hidden" name="consultation" value=(k.id);
                        div.choice {
                            input type="checkbox" name="enabled" id={ "on-" (k.id) } value="1" checked[r.enabled];
                            label for={ "on-" (k.id) } { (ctx.t("priority-admin-enabled")) }
                        }
                        div.field {
                            label for={ "opens-" (k.id) } { (ctx.t("priority-admin-opens")) }
                            input id={ "opens-" (k.id) } type="date" name="opens_on" value=(day(r.opens_at));
                        }
                        div.field {
                            label for={ "closes-" (k.id) } { (ctx.t("priority-admin-closes")) }
                            input id={ "closes-" (k.id) } type="date" name="closes_on" value=(day(last_day(r.closes_at)));
                        }
                        div.field {
                            label for={ "max-" (k.id) } { (ctx.t("priority-admin-max")) }
                            select id={ "max-" (k.id) } name="max_choices" {
                                @for n in 1..=5u8 { option value=(n) selected[n == r.max_choices] { (n) } }
                            }
                        }
                        button.primary type="submit" { (ctx.t("admin-save")) }
                    }
                }
            }
        },
    )
}

/// `YYYY-MM-DD` of a moment (UTC, the country's time).
fn day(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| d.date().to_string())
        .unwrap_or_default()
}

/// The channel's label in the page's language.
pub fn channel_label(ctx: &PageCtx, c: Channel) -> String {
    label_of(ctx, &seed::CHANNELS, c.code())
}
