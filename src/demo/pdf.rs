//! A one-page PDF with a title and a few paragraphs (standard Helvetica, WinAnsi encoding):
//! enough for the fictional documents of the training library to open in any reader.

/// Characters per line of 11 pt Helvetica on an A4 page with 2 cm margins, roughly.
const LINE_CHARS: usize = 90;

/// The bytes of a one-page A4 PDF.
pub fn one_page(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    let mut content = String::new();
    content.push_str("BT /F2 16 Tf 56 780 Td 20 TL\n");
    for line in wrap(title, 60) {
        content.push_str(&format!("({}) Tj T*\n", escape(&line)));
    }
    content.push_str("/F1 11 Tf 15 TL T*\n");
    for p in paragraphs {
        for line in wrap(p, LINE_CHARS) {
            content.push_str(&format!("({}) Tj T*\n", escape(&line)));
        }
        content.push_str("T*\n");
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Lines of at most `width` characters, cut between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A PDF string literal's inside, in WinAnsi: bytes past ASCII as octal escapes, so that the
/// content stream stays plain ASCII and its length is its byte count.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let byte = match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
                continue;
            }
            ' '..='~' => {
                out.push(c);
                continue;
            }
            '\u{a0}' | '\u{202f}' => 0xa0,
            '—' => 0x97,
            '–' => 0x96,
            '’' => 0x92,
            '…' => 0x85,
            'œ' => 0x9c,
            'Œ' => 0x8c,
            '€' => 0x80,
            c if ('\u{a1}'..='\u{ff}').contains(&c) => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            _ => b'?',
        };
        out.push_str(&format!("\\{byte:03o}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_a_well_formed_pdf() {
        let pdf = one_page("Rapport (fictif) — été", &["Première ligne : « test »."]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("Rapport \\(fictif\\) \\227 \\351t\\351"),
            "{text}"
        );
        // Every xref offset points at its object (offsets count bytes, not characters).
        let xref = pdf.windows(5).position(|w| w == b"xref\n").unwrap_or(0);
        let table = String::from_utf8_lossy(&pdf[xref..]).into_owned();
        for (n, line) in table.lines().skip(3).take(6).enumerate() {
            let at: usize = line[..10].parse().unwrap_or(0);
            assert!(
                pdf[at..].starts_with(format!("{} 0 obj", n + 1).as_bytes()),
                "{line}"
            );
        }
        assert_eq!(
            crate::domain::document::sniff("r.pdf", &pdf).ok(),
            Some(crate::domain::document::Format::Pdf)
        );
    }

    #[test]
    fn long_text_is_cut_between_words() {
        let lines = wrap(&"mot ".repeat(60), 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(lines.concat().matches("mot").count(), 60);
    }
}
