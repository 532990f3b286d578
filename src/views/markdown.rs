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
    let events = if anchors {
        lazy_pictures(events)
    } else {
        events.collect()
    };
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
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

/// The guide's pictures load only when scrolled to (a chapter is read on slow links), with
/// their size so that the text does not jump while they arrive.
fn lazy_pictures<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut picture: Option<(String, String)> = None;
    for e in events {
        match (e, &mut picture) {
            (Event::Start(Tag::Image { dest_url, .. }), None) => {
                picture = Some((dest_url.to_string(), String::new()));
            }
            (Event::Text(t) | Event::Code(t), Some((_, alt))) => alt.push_str(&t),
            (Event::End(TagEnd::Image), Some(_)) => {
                if let Some((src, alt)) = picture.take() {
                    let size = src
                        .strip_prefix("images/")
                        .and_then(crate::assets::guide_image_size)
                        .map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\""))
                        .unwrap_or_default();
                    out.push(Event::InlineHtml(
                        format!(
                            "<img src=\"{}\" alt=\"{}\"{size} loading=\"lazy\">",
                            escape_attr(&src),
                            escape_attr(&alt)
                        )
                        .into(),
                    ));
                }
            }
            (_, Some(_)) => {}
            (other, None) => out.push(other),
        }
    }
    out
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
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
            out.contains("<img src=\"images/x.png\" alt=\"Écran\" loading=\"lazy\">"),
            "{out}"
        );
        // A real picture of the guide gets its size; every picture loads lazily.
        let out =
            super::render_guide("![Installation](images/02-installation.png)", 1).into_string();
        let (w, h) = crate::assets::guide_image_size("02-installation.png").unwrap();
        assert!(
            out.contains(&format!("<img src=\"images/02-installation.png\" alt=\"Installation\" width=\"{w}\" height=\"{h}\" loading=\"lazy\">")),
            "{out}"
        );
        let plain = super::render("## Titre {#x}", 1).into_string();
        assert!(
            !plain.contains("id="),
            "staff text gets no anchors: {plain}"
        );
    }
}
