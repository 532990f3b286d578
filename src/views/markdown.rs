//! Markdown to safe HTML: rendered with pulldown-cmark, then cleaned by ammonia, so that even
//! text typed by staff cannot bring a script or a foreign resource into a page.

use maud::{Markup, PreEscaped};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders `src`, shifting headings down by `shift` levels (a chapter's `#` under a page `h1`).
pub fn render(src: &str, shift: usize) -> Markup {
    let lower = |l: HeadingLevel| -> HeadingLevel {
        let n = (l as usize + shift).min(6);
        HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(
        |e| match e {
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
        },
    );
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    PreEscaped(
        ammonia::Builder::default()
            .link_rel(Some("noopener noreferrer"))
            .clean(&html)
            .to_string(),
    )
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
}
