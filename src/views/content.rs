//! Public content pages: the OGP presentation and the document library.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;
use crate::domain::document::Document;
use crate::domain::document::{Category, human_size};

use crate::domain::contact::Contact;

pub fn contact_block(ctx: &PageCtx, c: &Contact) -> Markup {
    html! {
        section.contact aria-labelledby="contact" {
            h2 #contact { (ctx.t("contact-title")) }
            @if c.is_empty() {
                p { (ctx.t("contact-none")) }
            } @else {
                p {
                    @if !c.name.is_empty() { strong { (c.name) } }
                    @if !c.role.is_empty() { ", " (c.role) }
                }
                ul.plain {
                    @if !c.email.is_empty() { li { (ctx.t("contact-email")) " " a href={ "mailto:" (c.email) } { (c.email) } } }
                    @if !c.phone.is_empty() { li { (ctx.t("contact-phone")) " " a href={ "tel:" (c.phone.replace(' ', "")) } { (c.phone) } } }
                }
            }
        }
    }
}

pub fn pgo(ctx: &PageCtx, body: &str, updated_at: Option<i64>, contact: &Contact) -> Markup {
    let title = body
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('#')
        .trim()
        .to_string();
    let title = if title.is_empty() {
        ctx.t("pgo-title")
    } else {
        title
    };
    let og = super::layout::OpenGraph::of(
        ctx,
        "/pgo",
        format!("{title} — {}", ctx.site_name()),
        ctx.t("og-pgo"),
    );
    super::layout::page_with_meta(
        ctx,
        &title,
        Some(&og),
        html! {
            article.prose { (super::markdown::render(body, 0)) }
            (contact_block(ctx, contact))
            @if let Some(t) = updated_at {
                p.updated { (ctx.lang.t_args("last-updated", &[("date", ctx.lang.date(t).into())])) }
            }
        },
    )
}

pub struct DocumentsView<'a> {
    pub docs: &'a [Document],
    pub category: Option<&'a str>,
    pub language: Option<&'a str>,
    pub last_added: Option<i64>,
}

/// One line of the library: title, format and size next to the link, date, summary.
pub fn document_item(ctx: &PageCtx, d: &Document) -> Markup {
    let french = ctx.lang == crate::i18n::Lang::Fr;
    let date = crate::domain::document::parse_date(&d.doc_date)
        .and_then(|s| {
            time::Date::parse(
                &s,
                &time::macros::format_description!("[year]-[month]-[day]"),
            )
            .ok()
        })
        .map(|dt| ctx.lang.date(dt.midnight().assume_utc().unix_timestamp()))
        .unwrap_or_default();
    html! {
        li.doc {
            @if let Some(url) = &d.url {
                a href=(url) rel="noopener noreferrer" { (d.title) }
                " " span.meta { "(" (ctx.t("doc-external-link")) ")" }
            } @else {
                a href={ "/documents/" (d.uid) "/" (d.file_name.as_deref().unwrap_or("document")) } { (d.title) }
                " " span.meta { "(" (d.format.as_deref().unwrap_or("")) ", " (human_size(d.size_bytes.unwrap_or(0), french)) ")" }
            }
            br;
            span.meta { (date) "\u{a0}· " (ctx.t(&format!("doc-language-{}", d.language))) }
            @if !d.summary.is_empty() { p.summary { (d.summary) } }
        }
    }
}

pub fn documents(ctx: &PageCtx, v: &DocumentsView<'_>) -> Markup {
    let title = ctx.t("docs-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("docs-intro")) }
            form.filters method="get" action="/documents" {
                div.field {
                    label for="categorie" { (ctx.t("docs-filter-category")) }
                    select #categorie name="categorie" {
                        option value="" { (ctx.t("docs-filter-all")) }
                        @for c in Category::ALL {
                            option value=(c.code()) selected[v.category == Some(c.code())] { (ctx.t(&c.message_id())) }
                        }
                    }
                }
                div.field {
                    label for="langue" { (ctx.t("docs-filter-language")) }
                    select #langue name="langue" {
                        option value="" { (ctx.t("docs-filter-all")) }
                        @for l in ["fr", "en", "dyu", "bci", "any", "autre"] {
                            option value=(l) selected[v.language == Some(l)] { (ctx.t(&format!("doc-language-{l}"))) }
                        }
                    }
                }
                button.secondary type="submit" { (ctx.t("docs-filter-submit")) }
            }
            @if v.docs.is_empty() {
                p { (ctx.t("docs-empty")) }
            }
            @for c in Category::ALL {
                @let in_cat: Vec<&Document> = v.docs.iter().filter(|d| d.category == c.code()).collect();
                @if !in_cat.is_empty() {
                    section aria-labelledby={ "cat-" (c.code()) } {
                        h2 id={ "cat-" (c.code()) } { (ctx.t(&c.message_id())) }
                        ul.docs { @for d in in_cat { (document_item(ctx, d)) } }
                    }
                }
            }
            @if let Some(t) = v.last_added {
                p.updated { (ctx.lang.t_args("docs-last-added", &[("date", ctx.lang.date(t).into())])) }
            }
        },
    )
}
