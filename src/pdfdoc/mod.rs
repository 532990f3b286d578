//! A small typesetting engine that turns a list of [`Block`]s into an A4 PDF, used to
//! publish a consultation's synthèse and bilan.
//!
//! Text uses the PDF standard-14 fonts Helvetica and Helvetica-Bold with WinAnsiEncoding:
//! nothing is embedded, so the executable stays small, and the Adobe AFM widths in
//! `metrics` drive line wrapping and right alignment. Layout runs first, into pages of
//! drawing operations, because the footer prints "N / M"; the PDF is written afterwards.
//! The output is deterministic: the same input gives the same bytes.

use std::io::{Cursor, Write};

use flate2::{Compression, write::ZlibEncoder};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str, TextStr};

mod metrics;

/// A logo as uploaded: PNG or JPEG bytes. An undecodable logo is left out of the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub bytes: Vec<u8>,
}

/// What the first page shows above the content, and the document metadata.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub organisation: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub logo: Option<Logo>,
    /// /CreationDate as a PDF date, `D:YYYYMMDDHHmmSSZ` (trailing fields optional). There is
    /// no clock reading in here: without it the PDF carries no date and stays reproducible.
    pub date: Option<String>,
}

/// One element of the document flow.
#[derive(Debug, Clone)]
pub enum Block {
    /// Section title, bold 15 pt, kept on the same page as the start of the next block.
    Heading1(String),
    /// Sub-section title, bold 12 pt, kept with the next block too.
    Heading2(String),
    /// Body text, 10 pt, flush left; `\n` forces a line break.
    Paragraph(String),
    /// Secondary text, 9 pt grey.
    Muted(String),
    /// Bulleted list with hanging indent.
    Bullets(Vec<String>),
    Table(Table),
    Bars(Bars),
    /// A labelled empty frame, about 5 cm tall, to write in by hand.
    Boxed(String),
    PageBreak,
}

/// A table whose cells wrap; with no rows only the caption is printed.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Cells beyond the number of columns are ignored, missing ones are empty.
    pub rows: Vec<Vec<String>>,
    pub caption: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    /// Relative weight of the column in the page width.
    pub width: f32,
    /// Right-aligned (header included).
    pub numeric: bool,
}

/// Horizontal bar chart: label, value; bars are proportional to the largest value.
#[derive(Debug, Clone)]
pub struct Bars {
    pub caption: Option<String>,
    pub rows: Vec<(String, u64)>,
}

/// Footer text on the left of every page; the right side gets "N / M".
#[derive(Debug, Clone, Default)]
pub struct Footer {
    pub left: String,
}

/// Lays out `blocks` under `header` and returns the PDF bytes.
pub fn render(header: &Header, blocks: &[Block], footer: &Footer) -> Vec<u8> {
    let logo = header.logo.as_ref().and_then(|l| load_logo(&l.bytes));
    let size = logo.as_ref().map(|i| (i.width, i.height));
    let pages = layout(header, blocks, footer, size);
    write_pdf(header, pages, logo.as_ref())
}

type Rgb = [f32; 3];

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 42.0;
const WIDTH: f32 = PAGE_W - 2.0 * LEFT;
const RIGHT: f32 = LEFT + WIDTH;
/// Top of the first page's header.
const FIRST_TOP: f32 = PAGE_H - 40.0;
/// Top of the content on the following pages, below the running header.
const TOP: f32 = PAGE_H - 56.0;
/// Content never goes below this; the footer lives underneath.
const BOTTOM: f32 = 56.0;
const INK: Rgb = [0.11, 0.11, 0.11];
const GREY: Rgb = [0.42, 0.42, 0.42];
const RULE: Rgb = [0.82, 0.82, 0.82];
const SHADE: Rgb = [0.93, 0.93, 0.93];
const ACCENT: Rgb = [0.84, 0.45, 0.0];
const CELL_PAD: f32 = 4.0;
const BAR_H: f32 = 8.0;
/// 5 cm, room for a handwritten note.
const BOX_H: f32 = 142.0;
const LOGO_MAX_H: f32 = 48.0;
const LOGO_MAX_W: f32 = 150.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn widths(self) -> &'static [u16; 256] {
        match self {
            Font::Regular => &metrics::HELVETICA,
            Font::Bold => &metrics::HELVETICA_BOLD,
        }
    }

    fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }

    /// Advance width of WinAnsi-encoded `text` at `size` points.
    fn width(self, text: &[u8], size: f32) -> f32 {
        let table = self.widths();
        let units: u64 = text.iter().map(|&b| u64::from(table[usize::from(b)])).sum();
        units as f32 * size / 1000.0
    }
}

/// Font, size, line height and colour of one kind of text.
#[derive(Clone, Copy, Debug)]
struct Style {
    font: Font,
    size: f32,
    lead: f32,
    color: Rgb,
}

const fn style(font: Font, size: f32, lead: f32, color: Rgb) -> Style {
    Style {
        font,
        size,
        lead,
        color,
    }
}

const BODY: Style = style(Font::Regular, 10.0, 14.0, INK);
const MUTED: Style = style(Font::Regular, 9.0, 12.5, GREY);
const H1: Style = style(Font::Bold, 15.0, 19.0, INK);
const H2: Style = style(Font::Bold, 12.0, 16.0, INK);
const CELL: Style = style(Font::Regular, 9.0, 11.5, INK);
const CELL_HEAD: Style = style(Font::Bold, 9.0, 11.5, INK);
const CAPTION: Style = style(Font::Bold, 9.5, 13.0, [0.3, 0.3, 0.3]);
const LABEL: Style = style(Font::Bold, 10.0, 14.0, INK);
const ORG: Style = style(Font::Bold, 10.0, 13.0, GREY);
const TITLE: Style = style(Font::Bold, 18.0, 22.0, INK);
const SUBTITLE: Style = style(Font::Regular, 11.0, 14.0, [0.3, 0.3, 0.3]);
const SMALL: Style = style(Font::Regular, 8.0, 10.0, GREY);

impl Style {
    fn wrap(self, text: &str, width: f32) -> Lines {
        wrap(&encode(text), self.font, self.size, width)
    }

    /// Baseline of a line whose box starts at `top`, centring the glyphs in the leading.
    fn baseline(self, top: f32) -> f32 {
        top - (self.lead - self.size) / 2.0 - 0.8 * self.size
    }
}

/// Converts text to WinAnsi bytes. `\n` is kept for hard line breaks; characters that
/// the standard fonts cannot show become '?', invisible ones are dropped.
fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // Decomposed input (e.g. typed on macOS: "e" + U+0301) is recomposed when possible.
        if let Some(composed) = chars.peek().and_then(|&m| compose(c, m)) {
            chars.next();
            push_char(composed, &mut out);
        } else {
            push_char(c, &mut out);
        }
    }
    out
}

/// WinAnsi 0x80–0x9F in code order: the typographic characters that Latin-1 lacks. The
/// codes WinAnsi leaves unused hold C1 controls, which `push_char` drops before looking here.
const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";

fn push_char(c: char, out: &mut Vec<u8>) {
    match c {
        '\n' => out.push(b'\n'),
        '\t' => out.push(b' '),
        // Latin-1 maps to itself, except the C1 controls and the soft hyphen, which
        // WinAnsi would draw as visible glyphs.
        ' '..='~' | '\u{A0}'..='\u{AC}' | '\u{AE}'..='\u{FF}' => {
            if let Ok(b) = u8::try_from(c) {
                out.push(b);
            }
        }
        // French typography puts these before ; : ! ? and inside « »: they must not break.
        '\u{2007}' | '\u{2009}' | '\u{202F}' => out.push(0xA0),
        '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => out.push(b' '),
        '\u{2010}'..='\u{2012}' | '\u{2212}' => out.push(b'-'),
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{AD}' => {}
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{300}'..='\u{36F}' => {}
        _ => out.push(
            HIGH.chars()
                .position(|h| h == c)
                .map_or(b'?', |i| 0x80 + i as u8),
        ),
    }
}

/// The precomposed form of `base` + combining `mark`, for the letters WinAnsi has.
fn compose(base: char, mark: char) -> Option<char> {
    let (from, to) = match mark {
        '\u{300}' => ("AEIOUaeiou", "ÀÈÌÒÙàèìòù"),
        '\u{301}' => ("AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),
        '\u{302}' => ("AEIOUaeiou", "ÂÊÎÔÛâêîôû"),
        '\u{303}' => ("ANOano", "ÃÑÕãñõ"),
        '\u{308}' => ("AEIOUYaeiouy", "ÄËÏÖÜŸäëïöüÿ"),
        '\u{30A}' => ("Aa", "Åå"),
        '\u{30C}' => ("SZsz", "ŠŽšž"),
        '\u{327}' => ("Cc", "Çç"),
        _ => return None,
    };
    let i = from.chars().position(|c| c == base)?;
    to.chars().nth(i)
}

/// Splits a word where a line may break after a hyphen or slash inside it.
fn pieces(word: &[u8]) -> Vec<&[u8]> {
    let brk = |b: u8| b == b'-' || b == b'/';
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..word.len().saturating_sub(1) {
        if brk(word[i]) && !brk(word[i - 1]) && !brk(word[i + 1]) {
            out.push(&word[start..=i]);
            start = i + 1;
        }
    }
    out.push(&word[start..]);
    out
}

/// Greedy line breaking of WinAnsi `text` into lines at most `max_w` wide. Breaks at
/// spaces (never at 0xA0) and after inner hyphens; a word wider than a line is cut
/// between characters so that nothing overflows. Every input line gives at least one line.
fn wrap(text: &[u8], font: Font, size: f32, max_w: f32) -> Lines {
    let max_w = max_w + 0.01;
    let space = font.width(b" ", size);
    let mut lines = Vec::new();
    for para in text.split(|&b| b == b'\n') {
        let mut line: Vec<u8> = Vec::new();
        let mut line_w = 0.0;
        for word in para.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            for (k, piece) in pieces(word).into_iter().enumerate() {
                let sep = if k == 0 && !line.is_empty() {
                    space
                } else {
                    0.0
                };
                let piece_w = font.width(piece, size);
                if line_w + sep + piece_w <= max_w {
                    if sep > 0.0 {
                        line.push(b' ');
                    }
                    line.extend_from_slice(piece);
                    line_w += sep + piece_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                for &c in piece {
                    let c_w = font.width(&[c], size);
                    if !line.is_empty() && line_w + c_w > max_w {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += c_w;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Shortens `text` with an ellipsis to fit one line (running header and footer only).
fn fit(mut text: Vec<u8>, style: Style, max_w: f32) -> Vec<u8> {
    let w = |t: &[u8]| style.font.width(t, style.size);
    if w(&text) <= max_w {
        return text;
    }
    while !text.is_empty() && w(&text) + w(&[0x85]) > max_w {
        text.pop();
    }
    text.push(0x85);
    text
}

/// "12345" → "12 345" with a no-break space, as French writes numbers.
fn group_digits(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{A0}');
        }
        out.push(c);
    }
    out
}

/// A drawing operation, in PDF coordinates (origin bottom left, y up).
#[derive(Debug)]
enum Op {
    /// x, baseline, style, WinAnsi text.
    Text(f32, f32, Style, Vec<u8>),
    /// x, y, width, height, colour of a filled rectangle (rules are thin ones).
    Fill(f32, f32, f32, f32, Rgb),
    /// x, y, width, height of a grey frame.
    Frame(f32, f32, f32, f32),
    /// x, y, width, height of the logo.
    Logo(f32, f32, f32, f32),
}

type Lines = Vec<Vec<u8>>;

/// A table's geometry: (x, width, numeric) per column, and the wrapped header row.
struct Grid {
    cols: Vec<(f32, f32, bool)>,
    head: Vec<Lines>,
}

/// The page being filled, with `y` the top of the free space going down.
struct Layout {
    done: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
    top: f32,
    running: Vec<u8>,
}

fn layout(h: &Header, blocks: &[Block], foot: &Footer, logo: Option<(u32, u32)>) -> Vec<Vec<Op>> {
    let running = match (h.organisation.trim(), h.title.trim()) {
        ("", title) => title.to_owned(),
        (org, "") => org.to_owned(),
        (org, title) => format!("{org} — {title}"),
    };
    let mut l = Layout {
        done: Vec::new(),
        ops: Vec::new(),
        y: FIRST_TOP,
        top: FIRST_TOP,
        running: fit(encode(&running), SMALL, WIDTH),
    };
    l.first_header(h, logo);
    for (i, block) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1);
        match block {
            Block::Heading1(t) => l.heading(H1, 16.0, t, next),
            Block::Heading2(t) => l.heading(H2, 10.0, t, next),
            Block::Paragraph(t) => l.flow(BODY, 6.0, t),
            Block::Muted(t) => l.flow(MUTED, 4.0, t),
            Block::Bullets(items) => l.bullets(items),
            Block::Table(t) => l.table(t),
            Block::Bars(b) => l.bars(b),
            Block::Boxed(label) => l.boxed(label),
            Block::PageBreak => {
                if !l.at_top() {
                    l.new_page();
                }
            }
        }
    }
    l.done.push(l.ops);
    // Page numbers need the page count, hence the footers are added last.
    let total = l.done.len();
    for (i, ops) in l.done.iter_mut().enumerate() {
        let number = encode(&format!("{} / {total}", i + 1));
        let number_w = SMALL.font.width(&number, SMALL.size);
        let left = fit(encode(&foot.left), SMALL, WIDTH - number_w - 24.0);
        ops.push(Op::Fill(LEFT, 40.0, WIDTH, 0.5, RULE));
        ops.push(Op::Text(LEFT, 28.0, SMALL, left));
        ops.push(Op::Text(RIGHT - number_w, 28.0, SMALL, number));
    }
    l.done
}

/// How much of `next` must fit under a heading so that the heading is not left alone
/// at the bottom of a page: about two lines, or a table's header and first rows.
fn lead_in(next: Option<&Block>) -> f32 {
    match next {
        Some(Block::Paragraph(_) | Block::Bullets(_)) => 6.0 + 2.0 * BODY.lead,
        Some(Block::Muted(_)) => 4.0 + 2.0 * MUTED.lead,
        Some(Block::Heading2(_)) => 10.0 + H2.lead + 4.0 + 2.0 * BODY.lead,
        Some(Block::Table(t)) if !t.rows.is_empty() => {
            10.0 + CAPTION.lead + 3.0 * (CELL.lead + 2.0 * CELL_PAD)
        }
        Some(Block::Bars(b)) if !b.rows.is_empty() => 10.0 + CAPTION.lead + 2.0 * 2.0 * CELL.lead,
        Some(Block::Table(_) | Block::Bars(_)) => 10.0 + CAPTION.lead,
        Some(Block::Boxed(_)) => 10.0 + LABEL.lead + 4.0 + BOX_H,
        Some(Block::Heading1(_) | Block::PageBreak) | None => 0.0,
    }
}

impl Layout {
    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.ops));
        let base = PAGE_H - 30.0;
        self.text(LEFT, base, SMALL, self.running.clone());
        self.fill(LEFT, base - 6.0, WIDTH, 0.5, RULE);
        self.y = TOP;
        self.top = TOP;
    }

    fn at_top(&self) -> bool {
        self.y >= self.top - 0.01
    }

    /// Moves to a new page unless `h` points still fit; a fresh page is never left blank.
    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical space before a block, dropped at the top of a page.
    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y -= h;
        }
    }

    fn text(&mut self, x: f32, y: f32, style: Style, text: Vec<u8>) {
        if !text.is_empty() {
            self.ops.push(Op::Text(x, y, style, text));
        }
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.ops.push(Op::Fill(x, y, w, h, color));
    }

    /// Lines that may flow across pages.
    fn lines(&mut self, x: f32, style: Style, lines: Lines) {
        for line in lines {
            self.ensure(style.lead);
            self.text(x, style.baseline(self.y), style, line);
            self.y -= style.lead;
        }
    }

    fn flow(&mut self, style: Style, before: f32, text: &str) {
        self.gap(before);
        self.lines(LEFT, style, style.wrap(text, WIDTH));
    }

    fn caption(&mut self, caption: Option<&str>) -> Lines {
        caption.map(|c| CAPTION.wrap(c, WIDTH)).unwrap_or_default()
    }

    fn first_header(&mut self, h: &Header, logo: Option<(u32, u32)>) {
        let mut x = LEFT;
        let mut bottom = FIRST_TOP;
        if let Some((pw, ph)) = logo.filter(|&(w, h)| w > 0 && h > 0) {
            let scale = (LOGO_MAX_H / ph as f32).min(LOGO_MAX_W / pw as f32);
            let (w, hh) = (pw as f32 * scale, ph as f32 * scale);
            self.ops.push(Op::Logo(LEFT, FIRST_TOP - hh, w, hh));
            x += w + 14.0;
            bottom = FIRST_TOP - hh;
        }
        let w = RIGHT - x;
        let subtitle = h.subtitle.as_deref().unwrap_or("");
        for (style, text) in [
            (ORG, &*h.organisation),
            (TITLE, &h.title),
            (SUBTITLE, subtitle),
        ] {
            if !text.trim().is_empty() {
                self.lines(x, style, style.wrap(text, w));
            }
        }
        let rule = self.y.min(bottom) - 8.0;
        self.fill(LEFT, rule - 0.75, WIDTH, 1.5, ACCENT);
        self.y = rule - 20.0;
        self.top = self.y;
    }

    fn heading(&mut self, style: Style, before: f32, text: &str, next: Option<&Block>) {
        let lines = style.wrap(text, WIDTH);
        self.ensure(before + lines.len() as f32 * style.lead + 4.0 + lead_in(next));
        self.gap(before);
        self.lines(LEFT, style, lines);
        self.y -= 4.0;
    }

    fn bullets(&mut self, items: &[String]) {
        for (i, item) in items.iter().enumerate() {
            self.gap(if i == 0 { 6.0 } else { 3.0 });
            self.ensure(BODY.lead);
            self.text(LEFT + 5.0, BODY.baseline(self.y), BODY, vec![0x95]);
            self.lines(LEFT + 16.0, BODY, BODY.wrap(item, WIDTH - 16.0));
        }
    }

    fn boxed(&mut self, label: &str) {
        let lines = LABEL.wrap(label, WIDTH);
        // The label and its box go together.
        self.ensure(10.0 + lines.len() as f32 * LABEL.lead + 4.0 + BOX_H);
        self.gap(10.0);
        self.lines(LEFT, LABEL, lines);
        self.y -= 4.0 + BOX_H;
        self.ops.push(Op::Frame(LEFT, self.y, WIDTH, BOX_H));
    }

    fn table(&mut self, t: &Table) {
        self.gap(10.0);
        let caption = self.caption(t.caption.as_deref());
        if t.rows.is_empty() || t.columns.is_empty() {
            self.lines(LEFT, CAPTION, caption);
            return;
        }
        // NaN, negative or absurd weights must not give NaN or negative widths.
        let weight = |c: &Column| c.width.clamp(0.0, 1e6).max(0.0);
        let total: f32 = t.columns.iter().map(weight).sum();
        let mut x = LEFT;
        let mut cols = Vec::with_capacity(t.columns.len());
        for c in &t.columns {
            let w = if total > 0.0 {
                WIDTH * weight(c) / total
            } else {
                WIDTH / t.columns.len() as f32
            };
            cols.push((x, w, c.numeric));
            x += w;
        }
        let inner = |w: f32| (w - 2.0 * CELL_PAD).max(1.0);
        let head = t.columns.iter().zip(&cols);
        let head = head
            .map(|(c, col)| CELL_HEAD.wrap(&c.title, inner(col.1)))
            .collect();
        let grid = Grid { cols, head };
        let rows: Vec<Vec<Lines>> = t
            .rows
            .iter()
            .map(|r| {
                let cells = grid.cols.iter().enumerate();
                let text = |i: usize| r.get(i).map_or("", String::as_str);
                cells
                    .map(|(i, col)| CELL.wrap(text(i), inner(col.1)))
                    .collect()
            })
            .collect();
        let first = rows
            .first()
            .map_or(0.0, |r| row_height(r).min(row_height(&grid.head) * 3.0));
        self.ensure(caption.len() as f32 * CAPTION.lead + 2.0 + row_height(&grid.head) + first);
        self.lines(LEFT, CAPTION, caption);
        self.y -= 2.0;
        self.draw_row(&grid, &grid.head, true, 0, row_lines(&grid.head));
        for row in &rows {
            self.body_row(&grid, row);
        }
    }

    /// Draws lines `from..to` of a row's cells, then a rule under them.
    fn draw_row(&mut self, grid: &Grid, cells: &[Lines], head: bool, from: usize, to: usize) {
        let h = (to - from) as f32 * CELL.lead + 2.0 * CELL_PAD;
        if head {
            self.fill(LEFT, self.y - h, WIDTH, h, SHADE);
        }
        let style = if head { CELL_HEAD } else { CELL };
        for (cell, &(x, w, numeric)) in cells.iter().zip(&grid.cols) {
            for (k, line) in cell.iter().enumerate().skip(from).take(to - from) {
                let top = self.y - CELL_PAD - (k - from) as f32 * CELL.lead;
                let lx = if numeric {
                    x + w - CELL_PAD - style.font.width(line, style.size)
                } else {
                    x + CELL_PAD
                };
                self.text(lx, style.baseline(top), style, line.clone());
            }
        }
        self.y -= h;
        let rule = if head { GREY } else { RULE };
        self.fill(LEFT, self.y - 0.25, WIDTH, 0.5, rule);
    }

    /// A body row, moved whole to the next page (under a repeated header) when it does not
    /// fit; only a row taller than a whole page is split between its lines.
    fn body_row(&mut self, grid: &Grid, cells: &[Lines]) {
        let n = row_lines(cells);
        let fits = |space: f32| ((space - 2.0 * CELL_PAD) / CELL.lead).floor().max(0.0) as usize;
        let fresh = fits(TOP - BOTTOM - row_height(&grid.head)).max(1);
        let mut from = 0;
        loop {
            let room = fits(self.y - BOTTOM);
            if n - from <= room {
                self.draw_row(grid, cells, false, from, n);
                return;
            }
            if room > 0 && n - from > fresh {
                self.draw_row(grid, cells, false, from, from + room);
                from += room;
            }
            self.new_page();
            self.draw_row(grid, &grid.head, true, 0, row_lines(&grid.head));
        }
    }

    fn bars(&mut self, b: &Bars) {
        self.gap(10.0);
        let caption = self.caption(b.caption.as_deref());
        if b.rows.is_empty() {
            self.lines(LEFT, CAPTION, caption);
            return;
        }
        let max = b.rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
        let label_w = WIDTH * 0.38;
        let values: Vec<Vec<u8>> = b.rows.iter().map(|r| encode(&group_digits(r.1))).collect();
        let value_w = values
            .iter()
            .map(|v| CELL.font.width(v, CELL.size))
            .fold(0.0, f32::max);
        let bar_x = LEFT + label_w + 10.0;
        let span = (RIGHT - bar_x - 6.0 - value_w).max(10.0);
        let labels: Vec<Lines> = b.rows.iter().map(|r| CELL.wrap(&r.0, label_w)).collect();
        let row_h = |l: &[Vec<u8>]| (l.len().max(1) as f32 * CELL.lead).max(BAR_H + 2.0) + 5.0;
        let first = labels.first().map_or(0.0, |l| row_h(l));
        self.ensure(caption.len() as f32 * CAPTION.lead + 3.0 + first);
        self.lines(LEFT, CAPTION, caption);
        self.y -= 3.0;
        for ((label, value), &(_, v)) in labels.into_iter().zip(values).zip(&b.rows) {
            let h = row_h(&label);
            // Rows are not split: a label would need some 70 lines to outgrow a page.
            self.ensure(h);
            let top = self.y;
            let base = CELL.baseline(top);
            let len = if v == 0 {
                0.0
            } else {
                ((f64::from(span) * v as f64 / max as f64) as f32).max(1.0)
            };
            if len > 0.0 {
                // From just under the baseline to about cap height: centred on the text.
                self.fill(bar_x, base - 1.0, len, BAR_H, ACCENT);
            }
            let value_x = bar_x + len + if len > 0.0 { 4.0 } else { 0.0 };
            self.text(value_x, base, CELL, value);
            self.lines(LEFT, CELL, label);
            self.y = top - h;
        }
    }
}

fn row_lines(cells: &[Lines]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

fn row_height(cells: &[Lines]) -> f32 {
    row_lines(cells) as f32 * CELL.lead + 2.0 * CELL_PAD
}

/// A logo ready to be written as an image XObject.
struct Image {
    width: u32,
    height: u32,
    data: Vec<u8>,
    filter: Filter,
    gray: bool,
    /// Flate-compressed 8-bit alpha, for an SMask.
    alpha: Option<Vec<u8>>,
}

fn load_logo(bytes: &[u8]) -> Option<Image> {
    // Baseline or progressive 8-bit gray/RGB JPEG goes in untouched: PDF readers decode
    // DCT themselves. CMYK and 12-bit JPEGs are decoded and re-encoded like a PNG.
    let (width, height, data, filter, gray, alpha) = match jpeg_info(bytes) {
        Some((w, h, comps @ (1 | 3))) => {
            (w, h, bytes.to_vec(), Filter::DctDecode, comps == 1, None)
        }
        _ => {
            let (rgba, alpha) = decode_raster(bytes)?;
            let rgb: Vec<u8> = rgba
                .chunks_exact(4)
                .flat_map(|p| &p[..3])
                .copied()
                .collect();
            let (w, h) = rgba.dimensions();
            (w, h, deflate(&rgb), Filter::FlateDecode, false, alpha)
        }
    };
    Some(Image {
        width,
        height,
        data,
        filter,
        gray,
        alpha,
    })
}

/// Decodes a PNG (or odd JPEG), with its deflated alpha channel when not opaque.
fn decode_raster(bytes: &[u8]) -> Option<(image::RgbaImage, Option<Vec<u8>>)> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader = reader.with_guessed_format().ok()?;
    // A 300 KB PNG can claim gigapixels; refuse before allocating.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(6000);
    limits.max_image_height = Some(6000);
    reader.limits(limits);
    let mut img = reader.decode().ok()?;
    // Shown at most 48 pt tall: 256 px is ~380 dpi, sharp in print, and keeps the PDF small.
    if img.height() > 256 || img.width() > 800 {
        img = img.thumbnail(800, 256);
    }
    let rgba = img.to_rgba8();
    let alpha: Vec<u8> = rgba.pixels().map(|p| p.0[3]).collect();
    let alpha = (!alpha.iter().all(|&a| a == 255)).then(|| deflate(&alpha));
    Some((rgba, alpha))
}

/// Width, height and component count from an 8-bit JPEG's SOF marker.
fn jpeg_info(b: &[u8]) -> Option<(u32, u32, u8)> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            // Precision, height, width, components.
            let &[bits, h0, h1, w0, w1, comps, ..] = b.get(i + 4..i + 2 + len)? else {
                return None;
            };
            let (h, w) = (u16::from_be_bytes([h0, h1]), u16::from_be_bytes([w0, w1]));
            return (bits == 8 && w > 0 && h > 0).then(|| (u32::from(w), u32::from(h), comps));
        }
        i += 2 + len;
    }
    None
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail; an empty stream would only blank the page.
    match enc.write_all(data) {
        Ok(()) => enc.finish().unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// Rounds to 1/100 pt, which keeps content streams short without visible effect.
fn r(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn content(ops: &[Op]) -> Vec<u8> {
    let mut c = Content::new();
    for op in ops {
        match op {
            Op::Text(x, y, style, text) => {
                let [cr, cg, cb] = style.color;
                c.set_fill_rgb(cr, cg, cb).begin_text();
                c.set_font(style.font.resource(), style.size)
                    .next_line(r(*x), r(*y));
                c.show(Str(text)).end_text();
            }
            Op::Fill(x, y, w, h, color) => {
                c.set_fill_rgb(color[0], color[1], color[2]);
                c.rect(r(*x), r(*y), r(*w), r(*h)).fill_nonzero();
            }
            Op::Frame(x, y, w, h) => {
                c.set_stroke_rgb(GREY[0], GREY[1], GREY[2])
                    .set_line_width(0.8);
                c.rect(r(*x), r(*y), r(*w), r(*h)).stroke();
            }
            Op::Logo(x, y, w, h) => {
                c.save_state()
                    .transform([r(*w), 0.0, 0.0, r(*h), r(*x), r(*y)]);
                c.x_object(Name(b"Im1")).restore_state();
            }
        }
    }
    c.finish().into_vec()
}

fn write_pdf(header: &Header, pages: Vec<Vec<Op>>, logo: Option<&Image>) -> Vec<u8> {
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let (regular, bold, image, mask) = (Ref::new(4), Ref::new(5), Ref::new(6), Ref::new(7));
    let page_ref = |i: usize| Ref::new(8 + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(9 + 2 * i as i32);
    let total = pages.len();

    let mut pdf = Pdf::new();
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree).lang(TextStr("fr"));
    // Viewers then show the title rather than the file name.
    cat.viewer_preferences().display_doc_title(true);
    drop(cat);
    pdf.pages(tree)
        .kids((0..total).map(page_ref))
        .count(total as i32);
    {
        let mut doc = pdf.document_info(info);
        doc.title(TextStr(&header.title))
            .producer(TextStr("Palabre"))
            .creator(TextStr("Palabre"));
        // Written as given, provided it looks like a PDF date (D:YYYYMMDDHHmmSSZ).
        let date = header.date.as_deref().map(str::trim).unwrap_or_default();
        let digits = date.strip_prefix("D:").unwrap_or_default();
        if digits.len() >= 4
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b"Z+-'".contains(&b))
        {
            doc.pair(Name(b"CreationDate"), Str(date.as_bytes()));
        }
    }
    for (id, font, name) in [
        (regular, Font::Regular, "Helvetica"),
        (bold, Font::Bold, "Helvetica-Bold"),
    ] {
        // Widths are optional for the standard 14 fonts, but they make viewers that
        // substitute another face stretch it to the metrics the layout used.
        let widths = font.widths()[32..].iter().map(|&w| f32::from(w));
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"))
            .first_char(32)
            .last_char(255)
            .widths(widths);
    }
    if let Some(img) = logo {
        let mut x = pdf.image_xobject(image, &img.data);
        x.width(img.width as i32)
            .height(img.height as i32)
            .bits_per_component(8);
        x.filter(img.filter);
        if img.alpha.is_some() {
            x.s_mask(mask);
        }
        if img.gray {
            x.color_space().device_gray();
        } else {
            x.color_space().device_rgb();
        }
        drop(x);
        if let Some(alpha) = &img.alpha {
            let mut m = pdf.image_xobject(mask, alpha);
            m.width(img.width as i32)
                .height(img.height as i32)
                .bits_per_component(8);
            m.filter(Filter::FlateDecode);
            m.color_space().device_gray();
        }
    }

    for (i, ops) in pages.into_iter().enumerate() {
        let data = deflate(&content(&ops));
        {
            let mut page = pdf.page(page_ref(i));
            page.parent(tree)
                .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
            page.contents(content_ref(i));
            let mut res = page.resources();
            res.fonts()
                .pair(Font::Regular.resource(), regular)
                .pair(Font::Bold.resource(), bold);
            if ops.iter().any(|op| matches!(op, Op::Logo(..))) && logo.is_some() {
                res.x_objects().pair(Name(b"Im1"), image);
            }
        }
        pdf.stream(content_ref(i), &data)
            .filter(Filter::FlateDecode);
    }
    pdf.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use image::{DynamicImage, ImageFormat, Rgb as Px, RgbImage, Rgba, RgbaImage};
    use std::process::Command;

    const THEME: &str = "Accès à l'information d'intérêt public et transparence budgétaire";
    const FRENCH: &str = "La consultation « Budget participatif 2027 » s’est tenue du 3 au 28 \
        novembre\u{202F}; elle a réuni l’œuvre de tous… Coût estimé : 12 000 €, à préciser.";

    fn col(title: &str, width: f32, numeric: bool) -> Column {
        Column {
            title: title.into(),
            width,
            numeric,
        }
    }

    fn sample(logo: Option<Logo>) -> (Header, Vec<Block>, Footer) {
        let header = Header {
            organisation: "Ville de Saint-Étienne-du-Rouvray".into(),
            title: "Budget participatif 2027 : synthèse".into(),
            subtitle: Some("Consultation ouverte du 3 au 28 novembre 2026".into()),
            logo,
            date: Some("D:20261207120000Z".into()),
        };
        let themes = [
            (THEME, 412),
            ("Mobilité et déplacements doux", 310),
            ("Écologie", 97),
        ];
        let mut themes: Vec<(String, u64)> = themes.iter().map(|&(t, v)| (t.into(), v)).collect();
        themes.push(("Sans objet".into(), 0));
        let word = "Anticonstitutionnellement".repeat(6);
        let proposals = (1..=80)
            .map(|i| {
                let text = match i % 7 {
                    0 => format!(
                        "Créer une piste cyclable sécurisée rue n° {i}, avec des arceaux \
                        de stationnement, un éclairage public économe et une signalisation claire"
                    ),
                    3 => format!("Proposition {word} {i}"),
                    _ => format!("Planter des arbres fruitiers dans le square {i}"),
                };
                vec![format!("P-{i:03}"), text, group_digits(i * 37)]
            })
            .collect();
        let blocks = vec![
            Block::Heading1("1. Déroulement de la consultation".into()),
            Block::Paragraph(FRENCH.into()),
            Block::Bullets(vec![
                "Réunions publiques : 4".into(),
                "Ateliers en ligne : 2, dont un réservé aux lycéennes et lycéens de la commune, \
                 qui y ont participé en très grand nombre."
                    .into(),
            ]),
            Block::Muted("Chiffres arrêtés au 30 novembre 2026.".into()),
            Block::Heading1("2. Contributions par thème".into()),
            Block::Table(Table {
                columns: vec![col("Thème", 5.0, false), col("Contributions", 1.5, true)],
                rows: themes
                    .iter()
                    .map(|(t, v)| vec![t.clone(), v.to_string()])
                    .collect(),
                caption: Some("Tableau 1 — Contributions par thème".into()),
            }),
            Block::Bars(Bars {
                caption: Some("Figure 1 — Répartition".into()),
                rows: themes,
            }),
            Block::Table(Table {
                columns: vec![col("Colonne vide", 1.0, false)],
                rows: vec![],
                caption: Some("Tableau vide".into()),
            }),
            Block::Heading2("Détail des propositions".into()),
            Block::Table(Table {
                columns: vec![
                    col("Réf.", 1.0, false),
                    col("Proposition", 6.0, false),
                    col("Soutiens", 1.3, true),
                ],
                rows: proposals,
                caption: Some("Tableau 2 — Propositions".into()),
            }),
            Block::Heading1("3. Suites données".into()),
            Block::Boxed("Observations du garant".into()),
        ];
        (
            header,
            blocks,
            Footer {
                left: "Palabre — Synthèse — 7 décembre 2026".into(),
            },
        )
    }

    fn tool(cmd: &str, args: &[&str]) -> String {
        let out = Command::new(cmd).args(args).output();
        let out = out.unwrap_or_else(|e| panic!("{cmd}: {e} (apt-get install poppler-utils)"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{cmd}: {err}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Page count, `pdfinfo`, `pdftotext -layout` (no-break spaces made plain),
    /// `pdftotext -raw` and `pdfimages -list` of `pdf`.
    fn read_back(name: &str, pdf: &[u8]) -> (usize, [String; 4]) {
        let path = std::env::temp_dir().join(format!("pdfdoc-{}-{name}.pdf", std::process::id()));
        std::fs::write(&path, pdf).unwrap();
        let p = path.to_str().unwrap();
        let info = tool("pdfinfo", &[p]);
        let layout = tool("pdftotext", &["-layout", p, "-"]).replace('\u{A0}', " ");
        let out = [
            info,
            layout,
            tool("pdftotext", &["-raw", p, "-"]),
            tool("pdfimages", &["-list", p]),
        ];
        std::fs::remove_file(&path).unwrap();
        let pages = out[0]
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap();
        (pages.trim().parse().unwrap(), out)
    }

    #[test]
    fn encodes_french_to_winansi() {
        let enc = encode("é è ê à ç ô œ « » ’ … € Ÿ");
        let want = [
            0xE9, 0xE8, 0xEA, 0xE0, 0xE7, 0xF4, 0x9C, 0xAB, 0xBB, 0x92, 0x85, 0x80, 0x9F,
        ];
        let got: Vec<u8> = enc.into_iter().filter(|&b| b != b' ').collect();
        assert_eq!(got, want);
        assert_eq!(encode("a\u{202F};\u{2009}b\u{A0}c"), b"a\xA0;\xA0b\xA0c");
        assert_eq!(encode("e\u{301}te\u{301} C\u{327}a"), b"\xE9t\xE9 \xC7a");
        assert_eq!(encode("x😀\u{AD}\u{200B}y\r\n\tz"), b"x?y\n z");
    }

    #[test]
    fn wraps_without_overflow_and_keeps_every_character() {
        let text = format!("{} court\u{A0};", "x".repeat(300));
        let lines = wrap(&encode(&text), Font::Regular, 10.0, 100.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| Font::Regular.width(l, 10.0) <= 100.01));
        let joined: Vec<u8> = lines.concat().into_iter().filter(|&b| b != b' ').collect();
        assert_eq!(joined, encode(&text.replace(' ', "")));
        assert_eq!(lines.last().unwrap(), b"court\xA0;");
        let lines = wrap(b"Saint-Etienne-du-Rouvray", Font::Bold, 10.0, 60.0);
        assert_eq!(lines[0], b"Saint-");
    }

    #[test]
    fn heading_is_kept_with_what_follows() {
        let on_page = |pages: &[Vec<Op>], want: &[u8]| {
            let has = |ops: &Vec<Op>| {
                ops.iter()
                    .any(|o| matches!(o, Op::Text(_, _, _, t) if t == want))
            };
            pages.iter().position(has).unwrap()
        };
        for n in 0..70 {
            let mut blocks = vec![Block::Paragraph("Ligne".into()); n];
            blocks.push(Block::Heading1("Titre".into()));
            blocks.push(Block::Paragraph("Suite".into()));
            let pages = layout(&Header::default(), &blocks, &Footer::default(), None);
            assert_eq!(
                on_page(&pages, b"Titre"),
                on_page(&pages, b"Suite"),
                "n = {n}"
            );
        }
    }

    #[test]
    fn sample_document_reads_back() {
        let (header, blocks, footer) = sample(None);
        let pdf = render(&header, &blocks, &footer);
        assert!(
            pdf == render(&header, &blocks, &footer),
            "output must be deterministic"
        );
        let (n, [info, text, raw, _]) = read_back("sample", &pdf);
        for want in [
            "595.28 x 841.89 pts (A4)",
            "Title:           Budget participatif 2027 : synthèse",
        ]
        .into_iter()
        .chain([
            "Producer:        Palabre",
            "CreationDate:    Mon Dec  7 12:00:00 2026 UTC",
        ]) {
            assert!(info.contains(want), "{want}: {info}");
        }
        assert!(n >= 3, "{n} pages");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&FRENCH.replace('\u{202F}', " ")), "{flat}");
        assert!(
            text.contains(THEME),
            "the long theme must be whole in the table:\n{text}"
        );
        // -layout glues "1 / 4" into "1/4" (a poppler quirk); raw mode keeps the spaces.
        for i in 1..=n {
            assert!(raw.contains(&format!("{i} / {n}")), "page number {i} / {n}");
        }
        assert!(text.contains("Palabre — Synthèse — 7 décembre 2026"));
        assert!(text.contains("Ville de Saint-Étienne-du-Rouvray — Budget participatif 2027"));
        let heads = text
            .lines()
            .filter(|l| l.contains("Proposition") && l.contains("Soutiens"));
        assert!(
            heads.count() >= 2,
            "table header repeated on the continuation pages"
        );
        assert!(text.contains("P-001") && text.contains("P-080") && text.contains("2 960"));
        assert!(flat.contains(&"Anticonstitutionnellement".repeat(6)[..40]));
        let zero = |l: &str| l.trim_start().starts_with("Sans objet") && l.ends_with(" 0");
        assert!(text.lines().any(zero), "a zero bar still prints 0");
        assert!(text.contains("Tableau vide") && !text.contains("Colonne vide"));
        assert!(text.contains("Observations du garant"));
    }

    #[test]
    fn row_taller_than_a_page_is_split() {
        let long: Vec<String> = (0..1500).map(|i| format!("mot{i}")).collect();
        let rows = vec![
            vec![long.join(" "), "1".into()],
            vec!["fin".into(), "2".into()],
        ];
        let columns = vec![col("Texte", 4.0, false), col("N", 1.0, true)];
        let blocks = [Block::Table(Table {
            columns,
            rows,
            caption: None,
        })];
        let pdf = render(&Header::default(), &blocks, &Footer::default());
        let (n, [_, text, ..]) = read_back("tall", &pdf);
        assert!(n >= 3);
        assert!(text.contains("mot0 ") && text.contains("mot1499") && text.contains("fin"));
    }

    fn logo(img: DynamicImage, format: ImageFormat) -> Logo {
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
        Logo { bytes }
    }

    #[test]
    fn logos_png_with_alpha_and_jpeg() {
        let rgba = RgbaImage::from_fn(120, 60, |x, y| Rgba([214, 115, 0, (x * 2 + y) as u8]));
        let rgb = RgbImage::from_fn(90, 90, |x, y| Px([x as u8 * 2, y as u8 * 2, 120]));
        let cases = [
            (
                "png",
                logo(DynamicImage::ImageRgba8(rgba), ImageFormat::Png),
                "smask",
                "rgb",
            ),
            (
                "jpeg",
                logo(DynamicImage::ImageRgb8(rgb.clone()), ImageFormat::Jpeg),
                "jpeg",
                "rgb",
            ),
            (
                "gray",
                logo(DynamicImage::ImageRgb8(rgb).grayscale(), ImageFormat::Jpeg),
                "jpeg",
                "gray",
            ),
        ];
        for (name, logo, kind, color) in cases {
            let header = Header {
                title: "Logo".into(),
                logo: Some(logo),
                ..Header::default()
            };
            let pdf = render(
                &header,
                &[Block::Paragraph("Texte".into())],
                &Footer::default(),
            );
            let (_, [.., list]) = read_back(name, &pdf);
            let image = list.lines().nth(2).unwrap();
            assert!(
                image.contains(" image ") && image.contains(color),
                "{name}: {list}"
            );
            assert!(list.contains(kind), "{name}: {list}");
        }
    }

    /// Renders the sample to PNG for a visual check: `cargo test -- --ignored look`.
    #[test]
    #[ignore]
    fn look() {
        let rgba = RgbaImage::from_fn(160, 80, |x, y| {
            let inside = (x as i32 - 40).pow(2) + (y as i32 - 40).pow(2) < 1600;
            Rgba([214, 115, 0, if inside || x > 90 { 255 } else { 0 }])
        });
        let (header, blocks, footer) =
            sample(Some(logo(DynamicImage::ImageRgba8(rgba), ImageFormat::Png)));
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/look");
        std::fs::create_dir_all(dir).unwrap();
        let path = format!("{dir}/sample.pdf");
        std::fs::write(&path, render(&header, &blocks, &footer)).unwrap();
        tool(
            "pdftoppm",
            &["-r", "60", "-png", &path, &format!("{dir}/page")],
        );
    }
}
