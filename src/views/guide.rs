//! The guide (`guide/<lang>/NN-slug.md`, embedded): a table of contents, one page per
//! chapter, and the whole guide on one page to print (A4, a chapter per page start, numbered
//! pages).

use maud::{Markup, html};

use super::PageCtx;
use super::layout::page;

pub struct Chapter {
    pub number: usize,
    pub slug: String,
    pub title: String,
    /// The chapter's opening paragraph ("what you will do"), as plain text.
    pub summary: String,
    pub body: String,
}

impl Chapter {
    /// Reads a chapter's Markdown: its `#` title and its first paragraph.
    pub fn parse(number: usize, slug: String, body: String) -> Chapter {
        let mut lines = body.lines();
        let title = lines
            .next()
            .unwrap_or("")
            .trim_start_matches('#')
            .trim()
            .to_string();
        let summary = lines
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .replace("**", "");
        Chapter {
            number,
            slug,
            title,
            summary,
            body,
        }
    }

    fn href(&self) -> String {
        format!("/guide/{}", self.slug)
    }
}

/// The chapter of the guide that explains the staff page at `path` (the "Aide" link).
pub fn help_for(path: &str) -> &'static str {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let under = |p: &str| path == p || path.starts_with(&format!("{p}/"));
    const MAP: &[(&str, &str)] = &[
        ("/admin/connexion", "/guide/en-cas-de-probleme#mot-de-passe"),
        ("/admin/moderation", "/guide/moderer-repondre"),
        ("/admin/propositions", "/guide/moderer-repondre"),
        ("/admin/journal", "/guide/moderer-repondre"),
        ("/admin/comptes", "/guide/moderer-repondre"),
        ("/admin/ateliers", "/guide/ateliers-regionaux"),
        ("/admin/kiosque", "/guide/ateliers-regionaux"),
        ("/admin/resultats", "/guide/resultats-synthese"),
        ("/admin/synthese", "/guide/resultats-synthese"),
        ("/admin/bilan", "/guide/retour-experience"),
        ("/admin/exports", "/guide/resultats-synthese"),
        ("/admin/sauvegarde", "/guide/sauvegarder-restaurer"),
        ("/admin/internet", "/guide/faire-participer#lien-public"),
        ("/admin/affiche", "/guide/faire-participer"),
        ("/admin/contacts", "/guide/donnees-personnelles"),
        ("/admin/pgo", "/guide/preparer"),
        ("/admin/documents", "/guide/preparer"),
        ("/admin/calendrier", "/guide/preparer"),
        ("/admin/forum", "/guide/preparer"),
        ("/admin/themes", "/guide/preparer"),
        ("/admin/consultations", "/guide/preparer"),
        ("/admin/contact", "/guide/preparer"),
        ("/admin/logo", "/guide/preparer"),
        ("/admin/reglages", "/guide/preparer"),
        ("/admin/formation", "/guide/exercices"),
        ("/admin/mot-de-passe", "/guide/moderer-repondre"),
    ];
    MAP.iter()
        .find(|(p, _)| under(p))
        .map(|(_, to)| *to)
        .unwrap_or(if under("/admin") {
            "/guide/premier-demarrage"
        } else {
            "/guide"
        })
}

pub fn contents(ctx: &PageCtx, chapters: &[Chapter]) -> Markup {
    let title = ctx.t("guide-title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("guide-intro")) }
            p { a href="/guide/imprimer" { (ctx.t("guide-print-link")) } }
            nav.toc aria-labelledby="sommaire" {
                h2 #sommaire { (ctx.t("guide-contents")) }
                ol.guide-chapters {
                    @for c in chapters {
                        li {
                            a href=(c.href()) { (c.title) }
                            p.hint { (c.summary) }
                        }
                    }
                }
            }
        },
    )
}

pub fn chapter(ctx: &PageCtx, chapters: &[Chapter], at: usize) -> Markup {
    let Some(c) = chapters.get(at) else {
        return contents(ctx, chapters);
    };
    let prev = at.checked_sub(1).and_then(|i| chapters.get(i));
    let next = chapters.get(at + 1);
    page(
        ctx,
        &format!("{} — {}", c.title, ctx.t("guide-title")),
        html! {
            p.breadcrumb {
                a href="/guide" { (ctx.t("guide-title")) }
                " › " (ctx.lang.t_args("guide-chapter-number", &[("n", (c.number as i64).into())]))
            }
            article.guide { (super::markdown::render_guide(&c.body, 0)) }
            nav.guide-pager aria-label=(ctx.t("guide-pager")) {
                ul {
                    @if let Some(p) = prev {
                        li { a href=(p.href()) rel="prev" { "← " (p.title) } }
                    }
                    li { a href="/guide" { (ctx.t("guide-contents")) } }
                    @if let Some(n) = next {
                        li { a href=(n.href()) rel="next" { (n.title) " →" } }
                    }
                }
            }
        },
    )
}

pub fn printable(ctx: &PageCtx, chapters: &[Chapter]) -> Markup {
    let title = ctx.t("guide-title");
    page(
        ctx,
        &title,
        html! {
            div.guide-print {
                section.guide-cover {
                    h1 { (title) }
                    @if !ctx.site.organisation.is_empty() { p.report-org { (ctx.site.organisation) } }
                    p.lead { (ctx.t("guide-intro")) }
                    h2 { (ctx.t("guide-contents")) }
                    ol { @for c in chapters { li { a href={ "#" (c.slug) } { (c.title) } } } }
                }
                @for c in chapters {
                    section.guide.chapter id=(c.slug) { (super::markdown::render_guide(&c.body, 1)) }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::help_for;

    #[test]
    fn each_staff_page_has_its_chapter() {
        assert_eq!(
            help_for("/admin/moderation?etat=attente"),
            "/guide/moderer-repondre"
        );
        assert_eq!(
            help_for("/admin/ateliers/3/saisie"),
            "/guide/ateliers-regionaux"
        );
        assert_eq!(help_for("/admin/contacts"), "/guide/donnees-personnelles");
        assert_eq!(help_for("/admin/contact"), "/guide/preparer");
        assert_eq!(help_for("/admin"), "/guide/premier-demarrage");
        assert_eq!(help_for("/propositions"), "/guide");
    }
}
