//! Staff pages of moderation and reasoned response: the queue, the proposals with bulk
//! answers, one proposal's answer/merge/hide forms, and the audit trail.

use maud::{Markup, html};

use super::PageCtx;
use super::components::{csrf_field, error_for, error_summary};
use super::layout::page;
use super::participation::status_label;
use crate::domain::contribution::Moderation;
use crate::domain::journal::{Entry, LogFilter};
use crate::domain::moderation::Reason;
use crate::domain::proposal::Status;
use crate::domain::proposal::{Comment, Proposal};
use crate::domain::seed;
use crate::domain::setup::FieldErrors;
use crate::domain::theme::Theme;

/// "En ligne" → "en ligne", after "Canal :".
fn lower_first(s: &str) -> String {
    // An acronym (SMS, OSC) keeps its capitals.
    if s.chars().take(2).all(char::is_uppercase) {
        return s.to_string();
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

fn theme_label(themes: &[Theme], code: &str, ctx: &PageCtx) -> String {
    themes
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.label(ctx.lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The reason select and note, shared by refusing and hiding.
fn withhold_fields(ctx: &PageCtx, id_prefix: &str, errors: &FieldErrors) -> Markup {
    let reason_err = error_for(errors, "reason");
    let note_err = error_for(errors, "note");
    html! {
        div.field.has-error[reason_err.is_some()] {
            label for={ (id_prefix) "reason" } { (ctx.t("withhold-reason")) }
            @if let Some(e) = reason_err { p.error-message { (ctx.t(e)) } }
            select id={ (id_prefix) "reason" } name="reason" required {
                // No reason is chosen for the moderator.
                option value="" { (ctx.t("withhold-reason-choose")) }
                @for r in Reason::ALL { option value=(r.code()) { (ctx.t(&format!("reason-{}", r.code()))) } }
            }
        }
        div.field.has-error[note_err.is_some()] {
            label for={ (id_prefix) "note" } { (ctx.t("withhold-note")) }
            @if let Some(e) = note_err { p.error-message { (ctx.t(e)) } }
            input type="text" id={ (id_prefix) "note" } name="note" maxlength="1000";
        }
    }
}

fn decide(ctx: &PageCtx, kind: &str, id: i64) -> Markup {
    html! {
        div.actions {
            form.inline method="post" action={ "/admin/moderation/" (kind) "/" (id) "/approuver" } {
                (csrf_field(&ctx.csrf))
                button.primary type="submit" { (ctx.t("moderation-approve")) }
            }
            details.reject {
                summary { (ctx.t("moderation-reject")) }
                form method="post" action={ "/admin/moderation/" (kind) "/" (id) "/rejeter" } {
                    (csrf_field(&ctx.csrf))
                    (withhold_fields(ctx, &format!("{kind}-{id}-"), &FieldErrors::new()))
                    button.secondary type="submit" { (ctx.t("moderation-reject-confirm")) }
                }
            }
        }
    }
}

/// What was just decided from the queue, told above it.
pub struct Done {
    /// `propositions` or `commentaires`, as in the addresses.
    pub kind: &'static str,
    pub id: i64,
    pub decision: crate::db::moderation::Decision,
    /// It was just taken back.
    pub undone: bool,
}

pub struct QueueView<'a> {
    pub proposals: &'a [Proposal],
    pub comments: &'a [(Comment, String)],
    pub themes: &'a [Theme],
    pub mode: crate::domain::contribution::ModerationMode,
    pub done: Option<Done>,
}

/// "P-0012 publiée", "P-0012 refusée (publicité ou spam)" and, for a minute, "Annuler".
fn done_notice(ctx: &PageCtx, d: &Done) -> Markup {
    let lang = ctx.lang;
    let what = if d.kind == "commentaires" {
        lang.t_args(
            "moderation-done-comment",
            &[("ref", d.decision.reference.clone().into())],
        )
    } else {
        d.decision.reference.clone()
    };
    let text = if d.undone {
        lang.t_args("moderation-done-undone", &[("what", what.into())])
    } else if d.decision.published {
        lang.t_args("moderation-done-published", &[("what", what.into())])
    } else {
        let reason = d.decision.reason.unwrap_or(Reason::Other);
        lang.t_args(
            "moderation-done-refused",
            &[
                ("what", what.into()),
                ("reason", ctx.t(&format!("reason-{}", reason.code())).into()),
            ],
        )
    };
    html! {
        div.notice.done #decision role="status" {
            p { (text) }
            @if !d.undone && d.decision.undoable {
                form.inline method="post" action={ "/admin/moderation/" (d.kind) "/" (d.id) "/annuler" } {
                    (csrf_field(&ctx.csrf))
                    button.secondary type="submit" { (ctx.t("moderation-undo")) }
                }
                " " span.hint { (ctx.t("moderation-undo-hint")) }
            }
        }
    }
}

pub fn queue(ctx: &PageCtx, v: &QueueView<'_>, errors: &FieldErrors) -> Markup {
    let (proposals, comments, themes, mode) = (v.proposals, v.comments, v.themes, v.mode);
    let title = ctx.t("moderation-title");
    let intro = match mode {
        crate::domain::contribution::ModerationMode::APriori => "moderation-intro",
        crate::domain::contribution::ModerationMode::APosteriori => "moderation-intro-a-posteriori",
    };
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(d) = &v.done { (done_notice(ctx, d)) }
            p { (ctx.t(intro)) " " a href="/admin/propositions" { (ctx.t("admin-proposals-title")) } "\u{a0}· " a href="/admin/journal" { (ctx.t("journal-title")) } }
            (error_summary(ctx.lang, errors))
            h2 { (ctx.lang.t_args("moderation-proposals", &[("n", proposals.len().into())])) }
            @for p in proposals {
                article.card {
                    h3 { (p.reference) " — " (p.title) }
                    (provenance(ctx, p))
                    p.meta { (theme_label(themes, &p.theme, ctx)) "\u{a0}· " (seed::zone(&p.zone).map(|z| z.name.as_str()).unwrap_or(&p.zone)) "\u{a0}· " (ctx.lang.datetime(p.created_at)) }
                    @if p.report_count > 0 { p.notice { (ctx.lang.t_args("moderation-reported", &[("n", p.report_count.into())])) } }
                    p { strong { (ctx.t("proposal-problem-seen")) } " " (p.problem) }
                    p { strong { (ctx.t("proposal-solution-seen")) } " " (p.solution) }
                    (decide(ctx, "propositions", p.id))
                }
            }
            h2 { (ctx.lang.t_args("moderation-comments", &[("n", comments.len().into())])) }
            @for (c, r) in comments {
                article.card {
                    p.meta { (ctx.lang.t_args("moderation-comment-on", &[("ref", r.clone().into())])) "\u{a0}· " (ctx.lang.datetime(c.created_at)) }
                    p { (c.body) }
                    (decide(ctx, "commentaires", c.id))
                }
            }
        },
    )
}

#[derive(Debug, Clone, Default)]
pub struct AdminFilter {
    pub theme: String,
    pub zone: String,
    pub status: String,
    /// Words or a reference typed in the search box.
    pub query: String,
}

pub fn proposals(
    ctx: &PageCtx,
    items: &[Proposal],
    themes: &[Theme],
    f: &AdminFilter,
    bulk: (&str, &str),
    errors: &FieldErrors,
    notice: Option<String>,
) -> Markup {
    let title = ctx.t("admin-proposals-title");
    let status_err = error_for(errors, "status");
    let answer_err = error_for(errors, "answer");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = notice { p.notice role="status" { (n) } }
            form.filters method="get" action="/admin/propositions" {
                div.field.search { label for="f-q" { (ctx.t("admin-search")) }
                    input #f-q type="search" name="q" value=(f.query); }
                div.field { label for="f-theme" { (ctx.t("proposal-theme")) }
                    select #f-theme name="theme" { option value="" { (ctx.t("filter-all-m")) } @for t in themes { option value=(t.code) selected[f.theme == t.code] { (t.label(ctx.lang)) } } } }
                div.field { label for="f-zone" { (ctx.t("proposal-zone")) }
                    select #f-zone name="zone" { option value="" { (ctx.t("docs-filter-all")) } @for z in seed::ZONES.iter() { option value=(z.slug) selected[f.zone == z.slug] { (z.name) } } } }
                div.field { label for="f-status" { (ctx.t("answer-status")) }
                    select #f-status name="statut" { option value="" { (ctx.t("filter-all-m")) } @for s in Status::ALL { option value=(s.code()) selected[f.status == s.code()] { (status_label(ctx, s)) } } } }
                button.secondary type="submit" { (ctx.t("list-apply")) }
            }
            (error_summary(ctx.lang, errors))
            form method="post" action="/admin/propositions/lot" novalidate {
                (csrf_field(&ctx.csrf))
                table {
                    caption { (ctx.lang.t_args("list-count", &[("n", (items.len() as i64).into())])) }
                    thead { tr { th scope="col" { (ctx.t("bulk-select")) } th scope="col" { (ctx.t("doc-field-title")) } th scope="col" { (ctx.t("answer-status")) } th scope="col" { (ctx.t("support-short")) } } }
                    tbody {
                        @for p in items {
                            tr {
                                td { input type="checkbox" name="ids" value=(p.id) id={ "sel-" (p.id) } aria-label=(ctx.lang.t_args("bulk-select-one", &[("ref", p.reference.clone().into())])); }
                                td { a href={ "/admin/propositions/" (p.reference) } { (p.reference) " — " (p.title) }
                                    br; span.meta { (theme_label(themes, &p.theme, ctx)) "\u{a0}· " (seed::zone(&p.zone).map(|z| z.name.as_str()).unwrap_or(&p.zone)) "\u{a0}· " (moderation_state(ctx, p.moderation)) } }
                                td { (status_label(ctx, p.status)) }
                                td { (p.support_count) }
                            }
                        }
                    }
                }
                fieldset.field {
                    legend { (ctx.t("bulk-title")) }
                    div.field.has-error[status_err.is_some()] {
                        label for="bulk-status" { (ctx.t("answer-status")) }
                        @if let Some(e) = status_err { p.error-message { (ctx.t(e)) } }
                        select #bulk-status name="status" { @for s in Status::BY_HAND { option value=(s.code()) selected[bulk.0 == s.code()] { (status_label(ctx, s)) } } }
                    }
                    div.field.has-error[answer_err.is_some()] {
                        label for="bulk-answer" { (ctx.t("answer-text")) }
                        p.hint { (ctx.t("answer-text-hint")) }
                        @if let Some(e) = answer_err { p.error-message { (ctx.t(e)) } }
                        textarea #bulk-answer name="answer" rows="4" { (bulk.1) }
                    }
                    button.primary type="submit" { (ctx.t("bulk-apply")) }
                }
            }
        },
    )
}

pub struct DetailView<'a> {
    pub p: &'a Proposal,
    pub themes: &'a [Theme],
    pub history: &'a [Entry],
    /// The proposal's published comments, each with a way to withdraw it.
    pub comments: &'a [Comment],
    /// A withdrawal refused: the comment's id and what to correct (its form is shown open).
    pub comment_errors: Option<(i64, &'a FieldErrors)>,
    pub form: (&'a str, &'a str, &'a str),
    pub merge_refs: &'a str,
    pub errors: &'a FieldErrors,
    pub notice: Option<String>,
    /// The texter's number, masked to its last two digits (a proposal sent by SMS).
    pub sms_sender: Option<&'a str>,
}

/// Where a proposal comes from, in full, for staff: channel, workshop and date, paper form
/// number and who typed it, the computer that recorded it (when another), its original
/// reference.
pub fn provenance(ctx: &PageCtx, p: &Proposal) -> Markup {
    let pv = &p.provenance;
    let channel = seed::find(&seed::CHANNELS, p.channel.code())
        .map(|i| lower_first(i.label(ctx.lang)))
        .unwrap_or_else(|| p.channel.code().to_string());
    // The laptop a workshop file came from, as people know it: its reference code (BKE),
    // not its random instance id.
    let laptop = pv
        .original_reference
        .as_deref()
        .and_then(|r| r.rsplit_once('-'))
        .map(|(code, _)| code.to_string())
        .unwrap_or_else(|| pv.instance_id.chars().take(8).collect());
    html! {
        dl.provenance {
            dt { (ctx.t("provenance-channel")) } dd { (channel) }
            @if let Some((name, date)) = &pv.workshop {
                dt { (ctx.t("provenance-workshop")) } dd { (name) " (" (crate::views::timeline::day(ctx, date)) ")" }
            }
            @if let Some(n) = &pv.paper_number {
                dt { (ctx.t("provenance-paper")) } dd {
                    (n)
                    @if let Some(who) = &pv.entered_by { "\u{a0}· " (ctx.lang.t_args("provenance-entered-by", &[("login", who.clone().into())])) }
                }
            }
            // The computer matters only for what came from another one.
            @if pv.imported {
                dt { (ctx.t("provenance-instance")) } dd {
                    (laptop) "\u{a0}· " (ctx.t("provenance-imported"))
                }
            }
            @if let Some(o) = &pv.original_reference {
                dt { (ctx.t("provenance-original")) } dd { (o) }
            }
        }
    }
}

pub fn detail(ctx: &PageCtx, v: &DetailView<'_>) -> Markup {
    let p = v.p;
    let r = p.reference.clone();
    let title = format!("{r} — {}", p.title);
    let status_err = error_for(v.errors, "status");
    let answer_err = error_for(v.errors, "answer");
    let commitment_err = error_for(v.errors, "commitment");
    let merge_err = error_for(v.errors, "duplicates");
    page(
        ctx,
        &title,
        html! {
            p { a href="/admin/propositions" { (ctx.t("admin-proposals-title")) } }
            h1 { (title) }
            @if let Some(n) = &v.notice { p.notice role="status" { (n) } }
            p.meta { (theme_label(v.themes, &p.theme, ctx)) "\u{a0}· " (seed::zone(&p.zone).map(|z| z.name.as_str()).unwrap_or(&p.zone)) "\u{a0}· " (moderation_state(ctx, p.moderation)) "\u{a0}· " (status_label(ctx, p.status)) }
            (provenance(ctx, p))
            @if let Some(n) = v.sms_sender { p.hint { (ctx.lang.t_args("sms-sender-masked", &[("number", n.to_string().into())])) } }
            @if let Some(m) = &p.merged_reference { p.notice { (ctx.lang.t_args("merged-into", &[("ref", m.clone().into())])) " " a href={ "/admin/propositions/" (m) } { (ctx.t("merged-see")) } } }
            p { strong { (ctx.t("proposal-problem-seen")) } " " (p.problem) }
            p { strong { (ctx.t("proposal-solution-seen")) } " " (p.solution) }
            (error_summary(ctx.lang, v.errors))
            section aria-labelledby="reponse" {
                h2 #reponse { (ctx.t("answer-title")) }
                form method="post" action={ "/admin/propositions/" (r) "/reponse" } novalidate {
                    (csrf_field(&ctx.csrf))
                    div.field.has-error[status_err.is_some()] #status {
                        label for="answer-status" { (ctx.t("answer-status")) }
                        @if let Some(e) = status_err { p.error-message { (ctx.t(e)) } }
                        select #answer-status name="status" { @for s in Status::BY_HAND { option value=(s.code()) selected[v.form.0 == s.code()] { (status_label(ctx, s)) } } }
                    }
                    div.field.has-error[answer_err.is_some()] #answer {
                        label for="answer-text" { (ctx.t("answer-text")) }
                        p.hint { (ctx.t("answer-text-hint")) }
                        @if let Some(e) = answer_err { p.error-message { (ctx.t(e)) } }
                        textarea #answer-text name="answer" rows="5" { (v.form.1) }
                    }
                    div.field.has-error[commitment_err.is_some()] #commitment {
                        label for="answer-commitment" { (ctx.t("answer-commitment")) }
                        p.hint { (ctx.t("answer-commitment-hint")) }
                        @if let Some(e) = commitment_err { p.error-message { (ctx.t(e)) } }
                        input type="text" #answer-commitment name="commitment" value=(v.form.2) maxlength="300";
                    }
                    button.primary type="submit" { (ctx.t("answer-save")) }
                }
            }
            section aria-labelledby="fusion" {
                h2 #fusion { (ctx.t("merge-title")) }
                p { (ctx.lang.t_args("merge-intro", &[("ref", r.clone().into())])) }
                form method="post" action={ "/admin/propositions/" (r) "/fusion" } novalidate {
                    (csrf_field(&ctx.csrf))
                    div.field.has-error[merge_err.is_some()] #duplicates {
                        label for="merge-refs" { (ctx.t("merge-refs")) }
                        p.hint { (ctx.t("merge-refs-hint")) }
                        @if let Some(e) = merge_err { p.error-message { (ctx.t(e)) } }
                        input type="text" #merge-refs name="duplicates" value=(v.merge_refs);
                    }
                    button.secondary type="submit" { (ctx.t("merge-submit")) }
                }
            }
            @if p.moderation == Moderation::Approved {
                section aria-labelledby="masquer" {
                    h2 #masquer { (ctx.t("hide-title")) }
                    form method="post" action={ "/admin/moderation/propositions/" (p.id) "/rejeter" } {
                        (csrf_field(&ctx.csrf))
                        (withhold_fields(ctx, "hide-", &FieldErrors::new()))
                        button.secondary type="submit" { (ctx.t("hide-submit")) }
                    }
                }
            }
            @if !v.comments.is_empty() {
                section aria-labelledby="commentaires" {
                    h2 #commentaires { (ctx.lang.t_args("staff-comments-title", &[("n", v.comments.len().into())])) }
                    @for c in v.comments {
                        article.card.comment {
                            p.meta {
                                @if !c.author_name.is_empty() { (c.author_name) "\u{a0}· " }
                                (ctx.lang.datetime(c.created_at))
                            }
                            p { (c.body) }
                            // Withdrawn with a reason, like a proposal; back to this page after.
                            @let refused = v.comment_errors.filter(|(id, _)| *id == c.id).map(|(_, e)| e);
                            details.reject open[refused.is_some()] {
                                summary { (ctx.t("staff-comment-withdraw")) }
                                form method="post" action={ "/admin/moderation/commentaires/" (c.id) "/rejeter" } {
                                    (csrf_field(&ctx.csrf))
                                    input type="hidden" name="retour" value={ "/admin/propositions/" (p.reference) "#commentaires" };
                                    @if let Some(e) = refused { (error_summary(ctx.lang, e)) }
                                    (withhold_fields(ctx, &format!("comment-{}-", c.id), refused.unwrap_or(&FieldErrors::new())))
                                    button.secondary type="submit" { (ctx.t("hide-submit")) }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="historique" {
                h2 #historique { (ctx.t("history-title")) }
                (journal_table(ctx, v.history))
            }
        },
    )
}

fn describe(ctx: &PageCtx, e: &Entry) -> String {
    let value = |v: &Option<String>, action: &str| -> String {
        match (action, v.as_deref()) {
            // A region's first figure: there was none before.
            ("population", None) => "—".to_string(),
            (_, None) => String::new(),
            ("moderation", Some(m)) => ctx.t(&format!("moderation-state-{m}")),
            ("contacts" | "export", Some(n)) => n.to_string(),
            ("population", Some(n)) => n
                .parse::<u64>()
                .map_or_else(|_| n.to_string(), |n| ctx.lang.number(n)),
            (_, Some(s)) => super::participation::status_code_label(ctx, s),
        }
    };
    ctx.lang.t_args(
        &format!("journal-action-{}", e.action),
        &[
            ("from", value(&e.from, &e.action).into()),
            ("to", value(&e.to, &e.action).into()),
        ],
    )
}

/// A journal note as people read it: a withholding reason by its label, not its code.
fn note_text(ctx: &PageCtx, e: &Entry) -> String {
    if e.action == "moderation" {
        for r in Reason::ALL.map(Reason::code) {
            let label = || ctx.t(&format!("reason-{r}"));
            match e.note.strip_prefix(r) {
                Some("") => return label(),
                Some(rest) if rest.starts_with(": ") => {
                    return format!("{} — {}", label(), &rest[2..]);
                }
                _ => {}
            }
        }
    }
    e.note.clone()
}

fn journal_table(ctx: &PageCtx, entries: &[Entry]) -> Markup {
    html! {
        // Focusable: on a phone the table scrolls sideways, also with the keyboard.
        table tabindex="0" {
            thead { tr {
                th scope="col" { (ctx.t("journal-when")) }
                th scope="col" { (ctx.t("journal-what")) }
                th scope="col" { (ctx.t("journal-item")) }
                th scope="col" { (ctx.t("journal-who")) }
                th scope="col" { (ctx.t("journal-note")) }
            } }
            tbody {
                @for e in entries {
                    tr {
                        td { (ctx.lang.datetime(e.at)) }
                        td { (describe(ctx, e)) }
                        td { @if let Some(r) = &e.proposal_ref { (r) } @else if let Some(c) = e.comment_id { (ctx.lang.t_args("journal-comment", &[("id", c.into())])) } }
                        td { (ctx.t(&format!("role-{}", e.role))) @if !e.login.is_empty() { " (" (e.login) ")" } }
                        td { (note_text(ctx, e)) }
                    }
                }
            }
        }
    }
}

pub fn journal(ctx: &PageCtx, entries: &[Entry], f: &LogFilter) -> Markup {
    let title = ctx.t("journal-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("journal-intro")) }
            form.filters method="get" action="/admin/journal" {
                div.field { label for="j-action" { (ctx.t("journal-what")) }
                    select #j-action name="action" { option value="" { (ctx.t("filter-all-m")) }
                        @for a in crate::domain::moderation::JOURNAL_ACTIONS { option value=(a) selected[f.action.as_deref() == Some(a)] { (ctx.t(&format!("journal-kind-{a}"))) } } } }
                div.field { label for="j-login" { (ctx.t("journal-who")) } input #j-login type="text" name="compte" value=(f.login.as_deref().unwrap_or("")); }
                div.field { label for="j-ref" { (ctx.t("journal-item")) } input #j-ref type="text" name="ref" value=(f.reference.clone().unwrap_or_default()); }
                button.secondary type="submit" { (ctx.t("list-apply")) }
            }
            (journal_table(ctx, entries))
        },
    )
}

/// How a contribution's moderation state reads.
fn moderation_state(ctx: &PageCtx, m: Moderation) -> String {
    ctx.t(match m {
        Moderation::Pending => "moderation-state-pending",
        Moderation::Approved => "moderation-state-approved",
        Moderation::Rejected => "moderation-state-rejected",
    })
}
