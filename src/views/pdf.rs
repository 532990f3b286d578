//! The published documents as PDF: the same HTML the screen shows (the synthesis, the
//! record), read back into the typesetter's blocks, so that screen and paper never disagree.
//! Charts become vector bars drawn from their tables (full labels, never cut), tables keep
//! their columns, the lessons-learned boxes stay boxes.

use crate::pdfdoc::{Bars, Block, Column, Table};

/// One element or text of the page, as maud wrote it (well-formed, attributes quoted).
#[derive(Debug)]
enum Node {
    Text(String),
    Element {
        tag: String,
        class: String,
        children: Vec<Node>,
    },
}

const VOID: [&str; 8] = ["br", "img", "input", "meta", "link", "hr", "wbr", "source"];

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The class attribute of a start tag's inside (`div class="a b" id="x"`).
fn class_of(inside: &str) -> String {
    inside
        .find("class=\"")
        .and_then(|i| {
            let v = &inside[i + 7..];
            v.find('"').map(|e| v[..e].to_string())
        })
        .unwrap_or_default()
}

/// The tree of `html` (a fragment or a page). Comments and doctype are dropped.
fn parse(html: &str) -> Vec<Node> {
    // A stack of open elements: (tag, class, children).
    let mut stack: Vec<(String, String, Vec<Node>)> =
        vec![(String::new(), String::new(), Vec::new())];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            break;
        };
        let inside = &rest[1..gt];
        rest = &rest[gt + 1..];
        if inside.starts_with('!') || inside.starts_with('?') {
            continue;
        }
        if let Some(closing) = inside.strip_prefix('/') {
            let tag = closing.trim().to_ascii_lowercase();
            // Close up to the matching element (maud's output always matches).
            if stack.iter().skip(1).any(|(t, _, _)| *t == tag) {
                while let Some((t, class, children)) = stack.pop() {
                    let done = t == tag;
                    let node = Node::Element {
                        tag: t,
                        class,
                        children,
                    };
                    if let Some(parent) = stack.last_mut() {
                        parent.2.push(node);
                    }
                    if done {
                        break;
                    }
                }
            }
            continue;
        }
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let tag = inside[..name_end].to_ascii_lowercase();
        let class = class_of(inside);
        if VOID.contains(&tag.as_str()) || inside.ends_with('/') {
            if let Some(parent) = stack.last_mut() {
                parent.2.push(Node::Element {
                    tag,
                    class,
                    children: Vec::new(),
                });
            }
            continue;
        }
        stack.push((tag, class, Vec::new()));
    }
    while stack.len() > 1 {
        if let Some((tag, class, children)) = stack.pop()
            && let Some(parent) = stack.last_mut()
        {
            parent.2.push(Node::Element {
                tag,
                class,
                children,
            });
        }
    }
    stack.pop().map(|(_, _, c)| c).unwrap_or_default()
}

fn push_text(stack: &mut [(String, String, Vec<Node>)], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        top.2.push(Node::Text(unescape(text)));
    }
}

/// The text a reader sees in `nodes`, white space folded; `<br>` is a line break.
fn text(nodes: &[Node]) -> String {
    fn walk(nodes: &[Node], out: &mut String) {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element { tag, .. } if tag == "br" => out.push('\n'),
                Node::Element { tag, .. }
                    if matches!(tag.as_str(), "svg" | "form" | "button" | "script" | "style") => {}
                Node::Element { tag, children, .. } => {
                    walk(children, out);
                    if matches!(tag.as_str(), "li" | "p" | "div") {
                        out.push(' ');
                    }
                }
            }
        }
    }
    let mut raw = String::new();
    walk(nodes, &mut raw);
    raw.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn has_class(class: &str, wanted: &str) -> bool {
    class.split_whitespace().any(|c| c == wanted)
}

/// Every element `tag` below `nodes`, in order.
fn find_all<'a>(nodes: &'a [Node], tag: &str, out: &mut Vec<&'a Node>) {
    for n in nodes {
        if let Node::Element {
            tag: t, children, ..
        } = n
        {
            if t == tag {
                out.push(n);
            } else {
                find_all(children, tag, out);
            }
        }
    }
}

fn children(n: &Node) -> &[Node] {
    match n {
        Node::Element { children, .. } => children,
        Node::Text(_) => &[],
    }
}

/// Figures, percentages, "<5", "—": right-aligned.
fn looks_numeric(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || " \u{a0}\u{202f},.%<>+-−—j".contains(c))
}

fn table(n: &Node, caption: Option<String>) -> Block {
    let mut rows_nodes = Vec::new();
    find_all(children(n), "tr", &mut rows_nodes);
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for tr in rows_nodes {
        let cells: Vec<(bool, String)> = children(tr)
            .iter()
            .filter_map(|c| match c {
                Node::Element { tag, children, .. } if tag == "th" || tag == "td" => {
                    Some((tag == "th", text(children)))
                }
                _ => None,
            })
            .collect();
        if header.is_empty() && rows.is_empty() && cells.iter().all(|(th, _)| *th) {
            header = cells.into_iter().map(|(_, t)| t).collect();
        } else {
            rows.push(cells.into_iter().map(|(_, t)| t).collect());
        }
    }
    let width = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    for r in &mut rows {
        r.resize(width, String::new());
    }
    header.resize(width, String::new());
    let columns = (0..width)
        .map(|i| {
            let numeric = !rows.is_empty()
                && rows.iter().all(|r| r[i].is_empty() || looks_numeric(&r[i]))
                && rows.iter().any(|r| !r[i].is_empty());
            let longest = rows
                .iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(header[i].chars().count()))
                .max()
                .unwrap_or(1);
            // No word cut in two: a column is at least as wide as its longest word
            // (its header's included), about six characters a unit.
            let longest_word = rows
                .iter()
                .map(|r| &r[i])
                .chain(std::iter::once(&header[i]))
                .flat_map(|t| t.split_whitespace())
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1);
            let floor = longest_word as f32 / 6.0;
            Column {
                title: header[i].clone(),
                // Wide text columns, narrow figures.
                width: if numeric {
                    floor.max(1.0)
                } else {
                    (longest as f32 / 12.0).clamp(1.2, 5.0).max(floor)
                },
                numeric,
            }
        })
        .collect();
    Block::Table(Table {
        columns,
        rows,
        caption,
    })
}

/// A chart's bars, from the table beside its drawing (full labels).
fn bars(n: &Node) -> Vec<Block> {
    let caption = {
        let mut caps = Vec::new();
        find_all(children(n), "figcaption", &mut caps);
        caps.first().map(|c| text(children(c)))
    };
    let mut tables = Vec::new();
    find_all(children(n), "table", &mut tables);
    let Some(t) = tables.first() else {
        // "Nothing yet": the caption and the sentence.
        let mut out: Vec<Block> = caption.into_iter().map(Block::Heading2).collect();
        let rest: Vec<&Node> = children(n)
            .iter()
            .filter(|c| !matches!(c, Node::Element { tag, .. } if tag == "figcaption"))
            .collect();
        let said: String = rest
            .iter()
            .map(|c| text(std::slice::from_ref(*c)))
            .collect::<Vec<_>>()
            .join(" ");
        if !said.trim().is_empty() {
            out.push(Block::Paragraph(said.trim().to_string()));
        }
        return out;
    };
    let mut trs = Vec::new();
    find_all(children(t), "tr", &mut trs);
    let rows = trs
        .iter()
        .filter_map(|tr| {
            let cells: Vec<String> = children(tr)
                .iter()
                .filter_map(|c| match c {
                    Node::Element { tag, children, .. } if tag == "td" => Some(text(children)),
                    _ => None,
                })
                .collect();
            let value = cells
                .get(1)?
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            Some((cells.first()?.clone(), value.parse().ok()?))
        })
        .collect();
    vec![Block::Bars(Bars { caption, rows })]
}

fn blocks(nodes: &[Node], out: &mut Vec<Block>) {
    for n in nodes {
        let Node::Element {
            tag,
            class,
            children,
        } = n
        else {
            if let Node::Text(t) = n
                && !t.trim().is_empty()
            {
                out.push(Block::Paragraph(
                    t.split_whitespace().collect::<Vec<_>>().join(" "),
                ));
            }
            continue;
        };
        match tag.as_str() {
            // The document's own header is drawn by the typesetter; forms and buttons are
            // for the screen.
            "header" if has_class(class, "report-head") => {}
            "svg" | "form" | "button" | "script" | "style" | "nav" | "img" | "input" => {}
            _ if has_class(class, "no-print") || has_class(class, "training-banner") => {}
            "h1" | "h2" => out.push(Block::Heading1(text(children))),
            "h3" | "h4" | "h5" => out.push(Block::Heading2(text(children))),
            "p" if has_class(class, "meta")
                || has_class(class, "hint")
                || has_class(class, "updated") =>
            {
                out.push(Block::Muted(text(children)))
            }
            "p" | "figcaption" | "blockquote" => {
                let t = text(children);
                if !t.is_empty() {
                    out.push(Block::Paragraph(t));
                }
            }
            "ul" | "ol" => {
                let items: Vec<String> = children
                    .iter()
                    .filter_map(|c| match c {
                        Node::Element { tag, children, .. } if tag == "li" => Some(text(children)),
                        _ => None,
                    })
                    .filter(|t| !t.is_empty())
                    .collect();
                if !items.is_empty() {
                    out.push(Block::Bullets(items));
                }
            }
            "dl" => {
                let mut items = Vec::new();
                let mut term = String::new();
                for c in children {
                    if let Node::Element { tag, children, .. } = c {
                        match tag.as_str() {
                            "dt" => term = text(children),
                            "dd" => items.push(format!("{term} : {}", text(children))),
                            _ => {}
                        }
                    }
                }
                if !items.is_empty() {
                    out.push(Block::Bullets(items));
                }
            }
            "figure" if has_class(class, "chart") => out.extend(bars(n)),
            "table" => {
                let caption = {
                    let mut caps = Vec::new();
                    find_all(children, "caption", &mut caps);
                    caps.first().map(|c| text(self::children(c)))
                };
                out.push(table(n, caption));
            }
            // A box to write in: under the heading just before it, which becomes its label.
            "div" if has_class(class, "write-in") => {
                let label = match out.last() {
                    Some(Block::Heading2(h)) => Some(h.clone()),
                    _ => None,
                };
                if label.is_some() {
                    out.pop();
                }
                out.push(Block::Boxed(label.unwrap_or_default()));
            }
            _ => blocks(children, out),
        }
    }
}

/// The typesetter's blocks of an HTML page or fragment, in reading order.
pub fn blocks_of(html: &str) -> Vec<Block> {
    let tree = parse(html);
    let mut out = Vec::new();
    blocks(&tree, &mut out);
    out
}

/// What every published PDF carries: who publishes it, what it is, when; the logo.
pub struct Cover<'a> {
    pub title: String,
    pub subtitle: String,
    /// The logo as uploaded (PNG or JPEG), kept whole for paper.
    pub logo: Option<&'a [u8]>,
    pub at: i64,
}

/// The PDF of `body` (HTML of the screen version) under `cover`.
pub fn document(ctx: &super::PageCtx, cover: &Cover<'_>, body: &maud::Markup) -> Vec<u8> {
    let mut blocks = Vec::new();
    if ctx.training {
        blocks.push(Block::Paragraph(ctx.t("synthesis-pdf-training")));
    }
    blocks.extend(blocks_of(&body.0));
    let date = time::OffsetDateTime::from_unix_timestamp(cover.at)
        .ok()
        .map(|t| {
            format!(
                "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        });
    let header = crate::pdfdoc::Header {
        organisation: ctx.site.organisation.clone(),
        title: cover.title.clone(),
        subtitle: Some(cover.subtitle.clone()),
        logo: cover
            .logo
            .map(|b| crate::pdfdoc::Logo { bytes: b.to_vec() }),
        date,
    };
    let footer = crate::pdfdoc::Footer {
        left: format!(
            "{} — {} — {}",
            ctx.site_name(),
            cover.title,
            ctx.lang.date(cover.at)
        ),
    };
    crate::pdfdoc::render(&header, &blocks, &footer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_lists_and_tables_come_back_as_blocks() {
        let html = r#"<article><header class="report-head"><h1>Synthèse</h1></header>
            <h2>Ce qui est venu</h2><p class="meta">Au 7 d&eacute;cembre</p>
            <p>Texte &amp; suite<br>ligne deux</p>
            <ul><li>un</li><li><strong>deux</strong> — trois</li></ul>
            <figure class="chart"><figcaption>Par thème</figcaption><svg><text>Accès à l'inf…</text></svg>
              <table><thead><tr><th>Libellé</th><th>Nombre</th></tr></thead>
              <tbody><tr><td>Accès à l'information d'intérêt public</td><td>12</td></tr><tr><td>Santé</td><td>0</td></tr></tbody></table></figure>
            <table><thead><tr><th>Réf.</th><th>Titre</th><th>Nombre</th></tr></thead>
              <tbody><tr><td>P-0001</td><td>Une route</td><td>1 234</td></tr></tbody></table>
            <h3>Ce qui a marché</h3><div class="write-in"></div>
            <form><button>Publier</button></form></article>"#;
        let b = blocks_of(html);
        assert!(matches!(&b[0], Block::Heading1(t) if t == "Ce qui est venu"));
        assert!(matches!(&b[2], Block::Paragraph(t) if t == "Texte & suite\nligne deux"));
        assert!(matches!(&b[3], Block::Bullets(items) if items == &["un", "deux — trois"]));
        let Block::Bars(bars) = &b[4] else {
            panic!("{:?}", b[4])
        };
        assert_eq!(bars.caption.as_deref(), Some("Par thème"));
        assert_eq!(
            bars.rows,
            vec![
                ("Accès à l'information d'intérêt public".to_string(), 12),
                ("Santé".to_string(), 0)
            ]
        );
        let Block::Table(t) = &b[5] else {
            panic!("{:?}", b[5])
        };
        assert_eq!(
            t.columns.iter().map(|c| c.numeric).collect::<Vec<_>>(),
            [false, false, true]
        );
        assert_eq!(t.rows, vec![vec!["P-0001", "Une route", "1 234"]]);
        assert!(matches!(&b[6], Block::Boxed(l) if l == "Ce qui a marché"));
        assert_eq!(b.len(), 7, "the header and the form are not printed: {b:?}");
    }
}
