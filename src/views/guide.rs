//! The guide (`guide/<lang>/*.md`, embedded), one printable page with a table of contents.

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;

pub struct Chapter {
    pub slug: String,
    pub title: String,
    pub body: String,
}

pub fn guide(ctx: &PageCtx, chapters: &[Chapter]) -> Markup {
    let title = ctx.t("guide-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("guide-intro")) }
            nav.toc aria-labelledby="sommaire" {
                h2 #sommaire { (ctx.t("guide-contents")) }
                ol { @for c in chapters { li { a href={ "#" (c.slug) } { (c.title) } } } }
            }
            @for c in chapters {
                section.chapter id=(c.slug) { (super::markdown::render(&c.body, 1)) }
            }
        },
    )
}
