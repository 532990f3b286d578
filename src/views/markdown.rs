//! Markdown to safe HTML: rendered with pulldown-cmark, then cleaned by ammonia, so that even
//! text typed by staff cannot bring a script or a foreign resource into a page.

use maud::{Markup, PreEscaped};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders `src`, shifting headings down by `shift` levels (a chapter's `#` under a page `h1`).
pub fn render(src: &str, shift: usize) -> Markup {
    render_with(src, shift, false)
}

/// The guide's Markdown, which is ours (embedded): headings may carry an anchor
/// (`## Mot de passe oublié {#mot-de-passe}`) that pages of the program link to.
pub fn render_guide(src: &str, shift: usize) -> Markup {
    render_with(src, shift, true)
}

fn render_with(src: &str, shift: usize, anchors: bool) -> Markup {
    let lower = |l: HeadingLevel| -> HeadingLevel {
        let n = (l as usize + shift).min(6);
        HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
    };
    let mut options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    if anchors {
        options |= Options::ENABLE_HEADING_ATTRIBUTES;
    }
    let events = Parser::new_ext(src, options).map(|e| match e {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let mut cleaner = ammonia::Builder::default();
    cleaner.link_rel(Some("noopener noreferrer"));
    if anchors {
        for h in ["h2", "h3", "h4"] {
            cleaner.add_tag_attributes(h, &["id"]);
        }
        cleaner.add_tag_attributes("img", &["width", "height", "loading"]);
    }
    PreEscaped(cleaner.clean(&html).to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_and_sanitises() {
        let out = super::render(
            "# Titre\n\n<script>alert(1)</script>\n\n**gras** [lien](javascript:alert(1))",
            1,
        )
        .into_string();
        assert!(out.contains("<h2>Titre</h2>"), "{out}");
        assert!(out.contains("<strong>gras</strong>"));
        assert!(!out.contains("<script"));
        assert!(!out.contains("javascript:"));
    }

    #[test]
    fn guide_headings_keep_their_anchor() {
        let out = super::render_guide(
            "## Mot de passe oublié {#mot-de-passe}\n\n![Écran](images/x.png)",
            1,
        )
        .into_string();
        assert!(
            out.contains("<h3 id=\"mot-de-passe\">Mot de passe oublié</h3>"),
            "{out}"
        );
        assert!(
            out.contains("<img src=\"images/x.png\" alt=\"Écran\">"),
            "{out}"
        );
        let plain = super::render("## Titre {#x}", 1).into_string();
        assert!(
            !plain.contains("id="),
            "staff text gets no anchors: {plain}"
        );
    }
}
