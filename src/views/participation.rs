//! Taking part: the proposal form, the receipt and follow-up page, the list, the proposal
//! page with supports and comments. No JavaScript anywhere.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{csrf_field, error_for, error_summary};
use super::layout::{OpenGraph, page, page_with_meta};
use crate::domain::consultation::{Consultation, Offer};
use crate::domain::contribution::Moderation;
use crate::domain::proposal::ProposalForm;
use crate::domain::proposal::{Comment, Filter, PAGE_SIZE, Proposal, Sort, Status};
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::domain::theme::Theme;

fn theme_label<'a>(themes: &'a [Theme], code: &'a str, ctx: &PageCtx) -> &'a str {
    themes
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.label(ctx.lang))
        .unwrap_or(code)
}

fn zone_label(code: &str) -> String {
    seed::zone(code)
        .map(|z| z.name.clone())
        .unwrap_or_else(|| code.to_string())
}

pub fn status_label(ctx: &PageCtx, status: Status) -> String {
    ctx.t(&format!("status-{}", status.code()))
}

/// The label of a stored status code (journal entries, statistics); an unknown code as is.
pub fn status_code_label(ctx: &PageCtx, code: &str) -> String {
    Status::parse(code).map_or_else(|| code.to_string(), |s| status_label(ctx, s))
}

/// A text area or input with its label, hint and error; keeps what was typed.
fn text_field(
    ctx: &PageCtx,
    errors: &FieldErrors,
    name: &str,
    value: &str,
    multiline: bool,
    required: bool,
    max: usize,
) -> Markup {
    let err = error_for(errors, name);
    let hint = ctx.t(&format!("proposal-{name}-hint"));
    html! {
        div.field.has-error[err.is_some()] {
            label for=(name) {
                (ctx.t(&format!("proposal-{name}")))
                @if !required { " " span.optional { (ctx.t("form-optional")) } }
            }
            p.hint id={ (name) "-aide" } { (hint) " " (ctx.lang.t_args("form-at-most", &[("max", max.into())])) }
            @if let Some(e) = err {
                p.error-message id={ (name) "-erreur" } {
                    @if e == "error-too-long" {
                        (ctx.lang.t_args("form-too-long", &[("n", value.chars().count().into()), ("max", max.into())]))
                    } @else { (ctx.t(e)) }
                }
            }
            // No maxlength: a browser would cut a pasted text without a word; the server
            // says how long it is and keeps all of it for the person to shorten.
            @if multiline {
                textarea id=(name) name=(name) rows="5" aria-describedby={ (name) "-aide" } aria-invalid=[err.map(|_| "true")] { (value) }
            } @else {
                input type="text" id=(name) name=(name) value=(value) aria-describedby={ (name) "-aide" } aria-invalid=[err.map(|_| "true")];
            }
        }
    }
}

fn select_field(ctx: &PageCtx, errors: &FieldErrors, name: &str, options: Markup) -> Markup {
    let err = error_for(errors, name);
    html! {
        div.field.has-error[err.is_some()] {
            label for=(name) { (ctx.t(&format!("proposal-{name}"))) }
            @if let Some(e) = err { p.error-message { (ctx.t(e)) } }
            select id=(name) name=(name) aria-invalid=[err.map(|_| "true")] { (options) }
        }
    }
}

pub struct FormView<'a> {
    pub consultation: &'a Consultation,
    pub open: &'a [Consultation],
    pub themes: &'a [Theme],
    pub asks_benefit: bool,
    pub asks_values: bool,
    pub form: &'a ProposalForm,
    pub errors: &'a FieldErrors,
    pub stamp: &'a str,
    /// A general message above the form (too fast, too many…), already translated.
    pub notice: Option<String>,
    /// Typing in a paper form from a workshop (facilitators), instead of the public form.
    pub paper: Option<PaperEntry<'a>>,
    /// A shared device (kiosk, paper entry): the browser keeps nothing typed, so that Back
    /// shows the next person an empty form.
    pub private: bool,
    /// The notice informs (a refused text brought back to correct), it is not an error.
    pub info: bool,
}

impl<'a> FormView<'a> {
    /// The proposal form of this offer, public (`paper` None) or for typing in paper forms.
    pub fn of(
        d: &'a Offer,
        form: &'a ProposalForm,
        errors: &'a FieldErrors,
        stamp: &'a str,
        notice: Option<String>,
        paper: Option<PaperEntry<'a>>,
    ) -> Self {
        FormView {
            consultation: &d.consultation,
            open: &d.open,
            themes: &d.themes,
            asks_benefit: d.asks_benefit,
            asks_values: d.asks_values,
            form,
            errors,
            stamp,
            notice,
            paper,
            private: false,
            info: false,
        }
    }
}

pub struct PaperEntry<'a> {
    pub workshop: &'a crate::domain::workshop::Workshop,
    pub number: &'a str,
    /// The form just saved: "paper number → reference", already translated.
    pub saved: Option<String>,
}

pub fn form(ctx: &PageCtx, v: &FormView<'_>) -> Markup {
    let title = match &v.paper {
        Some(p) => ctx.lang.t_args(
            "paper-title",
            &[("workshop", p.workshop.name.clone().into())],
        ),
        None => ctx.t("proposal-form-title"),
    };
    let action = match &v.paper {
        Some(p) => format!("/admin/ateliers/{}/saisie", p.workshop.id),
        None => "/propositions/nouvelle".to_string(),
    };
    let number_err = error_for(v.errors, "paper_number");
    let f = v.form;
    let values_err = error_for(v.errors, "ogp_values");
    let consent_err = error_for(v.errors, "consent_contact");
    let lang_code = if f.language.is_empty() {
        ctx.lang.code()
    } else {
        f.language.as_str()
    };
    let og = v.paper.is_none().then(|| {
        OpenGraph::of(
            ctx,
            "/propositions/nouvelle",
            format!("{title} — {}", ctx.site_name()),
            ctx.t("og-form"),
        )
    });
    page_with_meta(
        ctx,
        &title,
        og.as_ref(),
        html! {
            @if let Some(saved) = v.paper.as_ref().and_then(|p| p.saved.as_ref()) {
                p.notice role="status" { (saved) }
            }
            h1 { (title) }
            p.lead { (v.consultation.title) }
            @if v.paper.is_some() {
                p { (ctx.t("paper-intro")) " " a href="/admin/ateliers/fiche" { (ctx.t("paper-blank-link")) } }
            } @else {
                p { (ctx.t("proposal-form-intro")) " " a href="/confidentialite" { (ctx.t("privacy-link")) } }
            }
            @if let Some(n) = &v.notice {
                @if v.info { p.notice role="status" { (n) } } @else { div.error-summary role="alert" { p { (n) } } }
            }
            (error_summary(ctx.lang, v.errors))
            form method="post" action=(action) novalidate autocomplete=[v.private.then_some("off")] {
                (csrf_field(&ctx.csrf))
                input type="hidden" name="form_ts" value=(v.stamp);
                input type="hidden" name="submission" value=(f.submission);
                @if let Some(p) = &v.paper {
                    div.field.has-error[number_err.is_some()] {
                        label for="paper_number" { (ctx.t("paper-number")) }
                        p.hint id="paper_number-aide" { (ctx.t("paper-number-hint")) }
                        @if let Some(e) = number_err { p.error-message id="paper_number-erreur" { (ctx.t(e)) } }
                        // The first field after each save: the facilitator types on at once.
                        input type="text" id="paper_number" name="paper_number" value=(p.number) maxlength="20"
                            inputmode="numeric" autocomplete="off" autofocus required
                            aria-describedby="paper_number-aide" aria-invalid=[number_err.map(|_| "true")];
                    }
                }
                @if v.open.len() > 1 {
                    div.field {
                        label for="consultation" { (ctx.t("proposal-consultation")) }
                        select #consultation name="consultation" {
                            @for c in v.open { option value=(c.id) selected[c.id == v.consultation.id] { (c.title) } }
                        }
                    }
                } @else {
                    input type="hidden" name="consultation" value=(v.consultation.id);
                }
                (text_field(ctx, v.errors, "title", &f.title, false, true, 200))
                (text_field(ctx, v.errors, "problem", &f.problem, true, true, 5000))
                (text_field(ctx, v.errors, "solution", &f.solution, true, true, 5000))
                @if v.asks_benefit { (text_field(ctx, v.errors, "benefit", &f.benefit, true, false, 3000)) }
                (select_field(ctx, v.errors, "theme", html! {
                    option value="" { (ctx.t("form-choose")) }
                    @for t in v.themes { option value=(t.code) selected[f.theme == t.code] { (t.label(ctx.lang)) } }
                }))
                (select_field(ctx, v.errors, "zone", html! {
                    option value="" { (ctx.t("form-choose")) }
                    @for (group, kinds) in [("zone-group-districts", "district_autonome"), ("zone-group-regions", "region"), ("zone-group-other", "special")] {
                        optgroup label=(ctx.t(group)) {
                            @for z in seed::ZONES.iter().filter(|z| z.kind == kinds) {
                                option value=(z.slug) selected[f.zone == z.slug] {
                                    (z.name) @if !z.chef_lieu.is_empty() && z.kind == "region" { " (" (z.chef_lieu) ")" }
                                }
                            }
                        }
                    }
                }))
                (select_field(ctx, v.errors, "contributor_type", html! {
                    option value="" { (ctx.t("form-choose")) }
                    @for t in seed::CONTRIBUTOR_TYPES.iter() { option value=(t.code) selected[f.contributor_type == t.code] { (t.label(ctx.lang)) } }
                }))
                @if v.asks_values {
                    fieldset.field.has-error[values_err.is_some()] #ogp_values {
                        legend { (ctx.t("proposal-ogp_values")) " " span.optional { (ctx.t("form-optional")) } }
                        p.hint { (ctx.t("proposal-ogp_values-hint")) }
                        @if let Some(e) = values_err { p.error-message { (ctx.t(e)) } }
                        @for val in seed::OGP_VALUES.iter() {
                            div.choice {
                                input type="checkbox" name="ogp_values" id={ "valeur-" (val.code) } value=(val.code) checked[f.ogp_values.contains(&val.code)];
                                label for={ "valeur-" (val.code) } {
                                    strong { (val.label(ctx.lang)) } " — " (ctx.t(&format!("ogp-value-help-{}", val.code)))
                                }
                            }
                        }
                    }
                }
                fieldset.field {
                    legend { (ctx.t("proposal-about-you")) " " span.optional { (ctx.t("form-optional")) } }
                    p.hint { (ctx.t("proposal-about-you-hint")) }
                    (text_field(ctx, v.errors, "author_name", &f.author_name, false, false, 120))
                    (text_field(ctx, v.errors, "organisation", &f.organisation, false, false, 120))
                }
                fieldset.field.has-error[consent_err.is_some()] {
                    legend { (ctx.t("proposal-contact-legend")) " " span.optional { (ctx.t("form-optional")) } }
                    (text_field(ctx, v.errors, "contact", &f.contact, false, false, 200))
                    @if let Some(e) = consent_err { p.error-message { (ctx.t(e)) } }
                    div.choice {
                        input type="checkbox" id="consent_contact" name="consent_contact" value="oui" checked[!f.consent_contact.is_empty()];
                        label for="consent_contact" { (ctx.t("proposal-consent")) }
                    }
                }
                (select_field(ctx, v.errors, "language", html! {
                    @for l in seed::LANGUAGES.iter() { option value=(l.code) selected[lang_code == l.code] { (l.label(ctx.lang)) } }
                }))
                @if v.paper.is_some() {
                    button.primary type="submit" { (ctx.t("paper-submit")) }
                } @else {
                    // Honeypot: hidden from people and screen readers; robots fill it in.
                    div.hp aria-hidden="true" {
                        label for="website" { (ctx.t("proposal-honeypot")) }
                        input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off";
                    }
                    button.primary type="submit" { (ctx.t("proposal-submit")) }
                }
            }
        },
    )
}

/// No open consultation: say when one opens, or that it closed.
/// A reference that names no published proposal here (yet): what it may mean, and a search.
/// Proposals whose receipt showed the reference looked up, filed under another here.
fn moved_here(ctx: &PageCtx, message: &str, reference: &str, moved: &[(String, String)]) -> Markup {
    html! {
        @if !moved.is_empty() {
            div.notice #deplacee role="note" {
                p { (ctx.lang.t_args(message, &[("ref", reference.to_string().into())])) }
                ul {
                    @for (r, title) in moved {
                        li { a href={ "/propositions/" (r) } { (r) " — " (title) } }
                    }
                }
            }
        }
    }
}

pub fn unknown_reference(ctx: &PageCtx, reference: &str, moved: &[(String, String)]) -> Markup {
    // What was typed or linked, shown back within reason.
    let shown: String = reference.chars().take(40).collect();
    let title = ctx.lang.t_args(
        if moved.is_empty() {
            "unknown-ref-title"
        } else {
            "moved-reference-title"
        },
        &[("ref", shown.clone().into())],
    );
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if moved.is_empty() {
                p { (ctx.lang.t_args("unknown-ref-text", &[("ref", shown.into())])) }
                p.notice { (ctx.t("unknown-ref-workshop")) }
                p { (ctx.t("unknown-ref-pending")) }
            } @else {
                (moved_here(ctx, "moved-reference", &shown, moved))
            }
            form.filters method="get" action="/propositions" role="search" {
                div.field {
                    label for="q" { (ctx.t("unknown-ref-search")) }
                    input #q type="search" name="q";
                }
                button.secondary type="submit" { (ctx.t("list-apply")) }
            }
            p { a href="/propositions" { (ctx.t("proposal-see-list")) } }
        },
    )
}

pub fn closed(ctx: &PageCtx, next: Option<&Consultation>, last: Option<&Consultation>) -> Markup {
    // Not open yet is not closed.
    let title = ctx.t(if next.is_some() {
        "proposal-upcoming-title"
    } else {
        "proposal-closed-title"
    });
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = next {
                p { (ctx.lang.t_args("proposal-opens-on", &[("title", n.title.clone().into()), ("date", ctx.lang.date(n.opens_at).into())])) }
            } @else if let Some(l) = last {
                p { (ctx.lang.t_args("proposal-closed-on", &[("title", l.title.clone().into()), ("date", ctx.lang.date(crate::domain::consultation::last_day(l.closes_at)).into())])) }
            } @else {
                p { (ctx.t("home-no-consultation")) }
            }
            p { a href="/propositions" { (ctx.t("proposal-see-list")) } }
        },
    )
}

fn proposal_body(ctx: &PageCtx, p: &Proposal, themes: &[Theme]) -> Markup {
    html! {
        dl.facts {
            dt { (ctx.t("proposal-theme")) } dd { (theme_label(themes, &p.theme, ctx)) }
            dt { (ctx.t("proposal-zone")) } dd { (zone_label(&p.zone)) }
            dt { (ctx.t("proposal-status")) }
            dd { span.badge { @if p.moderation == Moderation::Rejected { (ctx.t("follow-not-published")) } @else { (status_label(ctx, p.status)) } } }
            dt { (ctx.t("proposal-date")) } dd { (ctx.lang.date(p.created_at)) }
            @if !p.author_name.is_empty() || !p.organisation.is_empty() {
                dt { (ctx.t("proposal-by")) }
                dd { (p.author_name) @if !p.author_name.is_empty() && !p.organisation.is_empty() { ", " } (p.organisation) }
            }
        }
        h2 { (ctx.t("proposal-problem-seen")) }
        @for para in p.problem.split('\n') { p { (para) } }
        h2 { (ctx.t("proposal-solution-seen")) }
        @for para in p.solution.split('\n') { p { (para) } }
        @if !p.benefit.is_empty() {
            h2 { (ctx.t("proposal-benefit")) }
            @for para in p.benefit.split('\n') { p { (para) } }
        }
        @if !p.answer.is_empty() || p.status != Status::Received {
            section.answer aria-labelledby={ "reponse-" (p.id) } {
                h2 id={ "reponse-" (p.id) } { (ctx.t("answer-public-title")) }
                p { span.badge { (status_label(ctx, p.status)) } @if let Some(t) = p.answered_at { " " (ctx.lang.t_args("answer-on", &[("date", ctx.lang.date(t).into())])) } }
                @for para in p.answer.split('\n').filter(|l| !l.is_empty()) { p { (para) } }
                @if !p.commitment.is_empty() { p { strong { (ctx.t("answer-commitment")) } " " (p.commitment) } }
            }
        }
        @if !p.ogp_values.is_empty() {
            p { strong { (ctx.t("proposal-ogp_values")) } " "
                (p.ogp_values.iter().filter_map(|c| seed::find(&seed::OGP_VALUES, c)).map(|v| v.label(ctx.lang).to_string()).collect::<Vec<_>>().join(", ")) }
        }
    }
}

/// The private follow-up page, which is also the receipt right after submitting.
pub fn follow_up(
    ctx: &PageCtx,
    p: &Proposal,
    themes: &[Theme],
    link: &crate::domain::links::LinkBase,
    token: &str,
    just_sent: bool,
) -> Markup {
    let r = p.reference.clone();
    let full = format!("{}/suivi/{token}", link.base);
    let link_local_only = link.local_only;
    let link = full.as_str();
    let title = ctx
        .lang
        .t_args("follow-title", &[("ref", r.clone().into())]);
    page(
        ctx,
        &title,
        html! {
            @if just_sent {
                div.receipt role="status" {
                    p.big { (ctx.t("receipt-thanks")) }
                    p { (ctx.t("receipt-reference")) " " strong.ref { (r) } }
                }
            }
            h1 { (title) }
            section.keep {
                h2 { (ctx.t("receipt-keep-title")) }
                p { (ctx.t("receipt-keep-text")) }
                label for="lien" { (ctx.t("receipt-link-label")) }
                input #lien type="text" readonly value=(link);
                @if link_local_only {
                    p.warning #lien-local role="note" { (ctx.lang.t_args("receipt-local-only", &[("ref", r.clone().into())])) }
                }
                // One link a line: on a phone a separator would float alone at a line's end.
                ul.footer-links {
                    li { a href={ "https://wa.me/?text=" (crate::domain::links::urlencode(&ctx.lang.t_args("receipt-share-text", &[("ref", r.clone().into()), ("link", link.to_string().into())]))) } { (ctx.t("receipt-share-whatsapp")) } }
                    li { a href={ "mailto:?subject=" (crate::domain::links::urlencode(&r)) "&body=" (crate::domain::links::urlencode(link)) } { (ctx.t("receipt-share-email")) } }
                }
            }
            @match p.moderation {
                Moderation::Pending => p.notice { (ctx.t("follow-pending")) },
                Moderation::Rejected => (refusal(ctx, p, token)),
                Moderation::Approved => p.notice { (ctx.t("follow-published")) " " a href={ "/propositions/" (r) } { (ctx.t("follow-public-page")) } },
            }
            @if let Some(m) = &p.merged_reference {
                p.notice { (ctx.lang.t_args("merged-into", &[("ref", m.clone().into())])) " " a href={ "/propositions/" (m) } { (ctx.t("merged-see")) } }
            }
            h2 { (p.title) }
            (proposal_body(ctx, p, themes))
        },
    )
}

/// What a refused author reads: that it is final, why (the moderator's reason and note),
/// and what they can do now, with a form filled with their text when sending a corrected
/// version makes sense.
fn refusal(ctx: &PageCtx, p: &Proposal, token: &str) -> Markup {
    use crate::domain::moderation::Reason;
    let reason = p.withheld_reason.unwrap_or(Reason::Other);
    let resend = !matches!(reason, Reason::Advertising | Reason::Duplicate);
    html! {
        section.notice.refused #non-publiee aria-labelledby="non-publiee-titre" {
            h2 #non-publiee-titre { (ctx.t("follow-not-published")) }
            p { (ctx.lang.t_args("follow-rejected-reason", &[("reason", ctx.t(&format!("reason-{}", reason.code())).into())])) }
            @if !p.withheld_note.is_empty() {
                p { strong { (ctx.t("follow-rejected-note")) } " " span dir="auto" { (p.withheld_note) } }
            }
            p { (ctx.t(&format!("follow-rejected-todo-{}", reason.code()))) }
            p { (ctx.t("follow-rejected-final")) }
            @if resend {
                p { a.primary href={ "/propositions/nouvelle?depuis=" (token) } { (ctx.t("follow-rejected-resend")) } }
            } @else if reason == Reason::Duplicate {
                p { a href="/propositions" { (ctx.t("follow-rejected-see-list")) } }
            }
        }
    }
}

pub struct ListView<'a> {
    /// Per consultation: title and how many contributions were withheld, per reason.
    pub withheld: &'a [(String, Vec<(crate::domain::moderation::Reason, i64)>)],
    pub items: &'a [Proposal],
    pub total: i64,
    pub filter: &'a Filter,
    pub themes: &'a [Theme],
    pub consultations: &'a [Consultation],
    /// The query string without `page`, to build page links.
    pub base_query: String,
}

pub fn list(ctx: &PageCtx, v: &ListView<'_>) -> Markup {
    let title = ctx.t("list-title");
    let f = v.filter;
    let pages = (v.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let page_no = f.page.max(1);
    let og = OpenGraph::of(
        ctx,
        "/propositions",
        format!("{title} — {}", ctx.site_name()),
        ctx.t("og-list"),
    );
    page_with_meta(
        ctx,
        &title,
        Some(&og),
        html! {
            h1 { (title) }
            p { a.primary href="/propositions/nouvelle" { (ctx.t("list-new")) } }
            form.filters method="get" action="/propositions" role="search" {
                div.field {
                    label for="q" { (ctx.t("list-search")) }
                    input #q type="search" name="q" value=(f.query.as_deref().unwrap_or(""));
                }
                // On a phone the filters fold away, so the list starts on the first screen.
                @let filtered = f.consultation.is_some() || f.theme.is_some() || f.zone.is_some() || f.status.is_some() || f.sort != Sort::Recent;
                details.more-filters open[filtered] {
                summary { (ctx.t("list-more-filters")) }
                @if v.consultations.len() > 1 {
                    div.field {
                        label for="consultation" { (ctx.t("proposal-consultation")) }
                        select #consultation name="consultation" {
                            option value="" { (ctx.t("docs-filter-all")) }
                            @for c in v.consultations { option value=(c.id) selected[f.consultation == Some(c.id)] { (c.title) } }
                        }
                    }
                }
                div.field {
                    label for="theme" { (ctx.t("proposal-theme")) }
                    select #theme name="theme" {
                        option value="" { (ctx.t("filter-all-m")) }
                        @for t in v.themes { option value=(t.code) selected[f.theme.as_deref() == Some(t.code.as_str())] { (t.label(ctx.lang)) } }
                    }
                }
                div.field {
                    label for="zone" { (ctx.t("proposal-zone")) }
                    select #zone name="zone" {
                        option value="" { (ctx.t("docs-filter-all")) }
                        @for z in seed::ZONES.iter() { option value=(z.slug) selected[f.zone.as_deref() == Some(z.slug.as_str())] { (z.name) } }
                    }
                }
                div.field {
                    label for="statut" { (ctx.t("proposal-status")) }
                    select #statut name="statut" {
                        option value="" { (ctx.t("filter-all-m")) }
                        @for s in Status::ALL { option value=(s.code()) selected[f.status.as_deref() == Some(s.code())] { (status_label(ctx, s)) } }
                    }
                }
                div.field {
                    label for="tri" { (ctx.t("list-sort")) }
                    select #tri name="tri" {
                        option value="recentes" selected[f.sort == Sort::Recent] { (ctx.t("list-sort-recent")) }
                        option value="soutenues" selected[f.sort == Sort::Supported] { (ctx.t("list-sort-supported")) }
                    }
                }
                }
                button.secondary type="submit" { (ctx.t("list-apply")) }
            }
            p role="status" { (ctx.lang.t_args("list-count", &[("n", v.total.into())])) }
            ol.proposals {
                @for p in v.items {
                    li.card {
                        h2 { a href={ "/propositions/" (p.reference) } { (p.title) } }
                        p.meta {
                            (p.reference) "\u{a0}· " (theme_label(v.themes, &p.theme, ctx)) "\u{a0}· " (zone_label(&p.zone))
                        }
                        p.meta {
                            span.badge { (status_label(ctx, p.status)) } " "
                            (ctx.lang.t_args("list-supports", &[("n", p.support_count.into())])) "\u{a0}· "
                            (ctx.lang.t_args("list-comments", &[("n", p.comment_count.into())]))
                        }
                    }
                }
            }
            @for (title, counts) in v.withheld.iter().filter(|(_, c)| !c.is_empty()) {
                section.transparency {
                    h2 { (ctx.lang.t_args("transparency-title", &[("title", title.clone().into())])) }
                    p { (ctx.t("transparency-intro")) }
                    ul { @for (reason, n) in counts { li { (ctx.lang.t_args("reason-count", &[("reason", ctx.t(&format!("reason-{}", reason.code())).into()), ("n", (*n).into())])) } } }
                }
            }
            @if pages > 1 {
                nav.pagination aria-label=(ctx.t("list-pages")) {
                    @if page_no > 1 { a rel="prev" href={ "/propositions?" (v.base_query) "page=" (page_no - 1) } { (ctx.t("list-previous")) } " " }
                    span { (ctx.lang.t_args("list-page-of", &[("page", page_no.into()), ("pages", pages.into())])) }
                    @if page_no < pages { " " a rel="next" href={ "/propositions?" (v.base_query) "page=" (page_no + 1) } { (ctx.t("list-next")) } }
                }
            }
        },
    )
}

pub struct ProposalView<'a> {
    pub p: &'a Proposal,
    pub history: &'a [crate::domain::journal::Entry],
    pub themes: &'a [Theme],
    pub comments: &'a [Comment],
    pub supported: bool,
    /// Whether it takes supports and comments now.
    pub open: bool,
    pub comment_form: (&'a str, &'a str),
    pub comment_errors: &'a FieldErrors,
    pub stamp: &'a str,
    /// One-time id of the comment form.
    pub submission: &'a str,
    pub notice: Option<String>,
    /// The thanks after a comment: shown at the comments, where the page lands.
    pub comment_notice: Option<String>,
    pub absolute_url: String,
    /// Proposals whose receipt showed this reference, filed under another here.
    pub moved: &'a [(String, String)],
}

/// Where a proposal comes from, as the public sees it: the channel and the workshop, never
/// who typed it or the paper form's number.
fn public_provenance(ctx: &PageCtx, p: &Proposal) -> Markup {
    let channel = crate::domain::seed::find(&crate::domain::seed::CHANNELS, p.channel.code())
        .map(|i| i.label(ctx.lang).to_string())
        .unwrap_or_else(|| p.channel.code().to_string());
    html! {
        p.meta #provenance {
            (ctx.t("provenance-channel")) " " (channel)
            @if let Some((name, date)) = &p.provenance.workshop {
                "\u{a0}· " (ctx.t("provenance-workshop")) " " (name) " (" (crate::views::timeline::day(ctx, date)) ")"
            }
        }
    }
}

pub fn proposal(ctx: &PageCtx, v: &ProposalView<'_>) -> Markup {
    let p = v.p;
    let r = p.reference.clone();
    let og = OpenGraph {
        title: format!("{} ({r})", p.title),
        description: p.problem.chars().take(180).collect(),
        url: v.absolute_url.clone(),
        image: super::logo::url(ctx).map(|l| format!("{}{l}", ctx.base)),
    };
    let body_err = error_for(v.comment_errors, "body");
    page_with_meta(
        ctx,
        &p.title,
        Some(&og),
        html! {
            p.meta { (r) }
            h1 { (p.title) }
            @if let Some(n) = &v.notice { p.notice role="status" { (n) } }
            (moved_here(ctx, "moved-reference-also", &r, v.moved))
            @if let Some(m) = &p.merged_reference {
                p.notice #fusion { (ctx.lang.t_args("merged-into", &[("ref", m.clone().into())])) " " a href={ "/propositions/" (m) } { (ctx.t("merged-see")) } }
            }
            (proposal_body(ctx, p, v.themes))
            (public_provenance(ctx, p))
            @if !v.history.is_empty() {
                section aria-labelledby="historique" {
                    h2 #historique { (ctx.t("history-title")) }
                    ol.history {
                        @for e in v.history {
                            li { (ctx.lang.date(e.at)) " — " (status_code_label(ctx, e.to.as_deref().unwrap_or(""))) " (" (ctx.t(&format!("role-{}", e.role))) ")" }
                        }
                    }
                }
            }
            section #soutien aria-labelledby="soutiens" {
                h2 #soutiens { (ctx.lang.t_args("list-supports", &[("n", p.support_count.into())])) }
                p.hint { (ctx.t("support-not-a-vote")) }
                @if p.merged_reference.is_some() {
                    p { (ctx.t("merged-no-support")) }
                } @else if v.supported {
                    p { (ctx.t("support-done")) }
                } @else if v.open {
                    form method="post" action={ "/propositions/" (r) "/soutenir" } {
                        (csrf_field(&ctx.csrf))
                        button.primary type="submit" { (ctx.t("support-button")) }
                    }
                }
            }
            form.report method="post" action={ "/propositions/" (r) "/signaler" } {
                (csrf_field(&ctx.csrf))
                button.link type="submit" { (ctx.t("report-proposal")) }
            }
            section.share aria-labelledby="partager" {
                h2 #partager { (ctx.t("share-title")) }
                ul.footer-links {
                    li { a href={ "https://wa.me/?text=" (crate::domain::links::urlencode(&format!("{} {}", p.title, v.absolute_url))) } { (ctx.t("share-whatsapp")) } }
                    li { a href={ "https://www.facebook.com/sharer/sharer.php?u=" (crate::domain::links::urlencode(&v.absolute_url)) } { (ctx.t("share-facebook")) } }
                }
                p.hint { (ctx.t("share-link")) " " code { (v.absolute_url) } }
            }
            section #commentaires aria-labelledby="commentaires-titre" {
                h2 #commentaires-titre { (ctx.lang.t_args("list-comments", &[("n", p.comment_count.into())])) }
                @if let Some(n) = &v.comment_notice { p.notice #commentaire-envoye role="status" { (n) } }
                @for c in v.comments {
                    article.comment {
                        p.meta { @if c.author_name.is_empty() { (ctx.t("comment-anonymous")) } @else { (c.author_name) } "\u{a0}· " (ctx.lang.date(c.created_at)) }
                        @for para in c.body.split('\n') { p { (para) } }
                        form.inline method="post" action={ "/commentaires/" (c.id) "/signaler" } {
                            (csrf_field(&ctx.csrf))
                            button.link type="submit" { (ctx.t("report-comment")) }
                        }
                    }
                }
                @if p.merged_reference.is_some() && !v.comment_form.0.is_empty() {
                    // Refused because merged: what was typed stays, to take to the joint proposal.
                    div.field {
                        label for="body" { (ctx.t("merged-your-comment")) }
                        textarea #body name="body" rows="4" readonly { (v.comment_form.0) }
                    }
                }
                @if v.open {
                    (error_summary(ctx.lang, v.comment_errors))
                    form method="post" action={ "/propositions/" (r) "/commentaires" } novalidate {
                        (csrf_field(&ctx.csrf))
                        input type="hidden" name="form_ts" value=(v.stamp);
                        input type="hidden" name="submission" value=(v.submission);
                        div.field.has-error[body_err.is_some()] {
                            label for="body" { (ctx.t("comment-body")) }
                            @if let Some(e) = body_err { p.error-message { (ctx.t(e)) } }
                            textarea #body name="body" rows="4" maxlength="3000" { (v.comment_form.0) }
                        }
                        div.field {
                            label for="author_name" { (ctx.t("proposal-author_name")) " " span.optional { (ctx.t("form-optional")) } }
                            input #author_name type="text" name="author_name" maxlength="120" value=(v.comment_form.1);
                        }
                        div.hp aria-hidden="true" {
                            label for="website" { (ctx.t("proposal-honeypot")) }
                            input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off";
                        }
                        button.secondary type="submit" { (ctx.t("comment-submit")) }
                    }
                }
            }
        },
    )
}

pub fn privacy(ctx: &PageCtx) -> Markup {
    let title = ctx.t("privacy-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @for i in 1..=6 {
                h2 { (ctx.t(&format!("privacy-q{i}"))) }
                p { (ctx.t(&format!("privacy-a{i}"))) }
                // While the public link is up, visitors' traffic crosses a relay: say so.
                @if i == 4 && ctx.public_link.is_some() { p { strong { (ctx.t("privacy-a4-relay")) } } }
                // Texts: the number serves only to answer (issue 33).
                @if i == 2 { p { (ctx.t("privacy-a2-sms")) } }
            }
        },
    )
}
