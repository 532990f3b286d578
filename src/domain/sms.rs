//! Texts in and out through an Android phone: what an incoming text asks for, and texts
//! written so that every phone shows them right (plain GSM-7, at most two segments).

/// Where the phone may push the texts it receives (webhook `sms:received`), signed.
pub const WEBHOOK_PATH: &str = "/sms/entrant";

/// A text of this many signs or more is a proposal; shorter ones get a helpful reply.
pub const PROPOSAL_MIN_CHARS: usize = 20;
/// One segment holds 160 GSM-7 signs; a long text is cut in parts of 153.
const SINGLE: usize = 160;
const PART: usize = 153;
/// Texts out never take more than two segments.
pub const MAX_SEGMENTS: usize = 2;

/// What an incoming text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// `STOP` (or `ARRET`): no more texts to this number.
    Stop,
    /// `PRIO` and theme numbers (1-based, as printed on the poster), each once.
    Priority(Vec<usize>),
    /// `PRIO` without a valid number, or with one not on the list.
    BadPriority,
    /// A proposal: the text as sent.
    Proposal(String),
    /// Too short, or empty: the sender gets one helpful reply.
    Unclear,
}

impl Incoming {
    /// Reads a text; `themes` is how many themes the poster lists.
    pub fn read(text: &str, themes: usize) -> Incoming {
        let text = text.trim();
        let folded = gsm7(text).to_uppercase();
        let word = folded.split_whitespace().next().unwrap_or_default();
        let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if matches!(word, "STOP" | "ARRET" | "ARRETER") && folded.split_whitespace().count() <= 2 {
            return Incoming::Stop;
        }
        if word == "PRIO" || word == "PRIORITE" || word == "PRIORITES" {
            let mut picked: Vec<usize> = Vec::new();
            let rest = folded.split_once(word).map_or("", |(_, r)| r);
            for part in rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
            {
                match part.parse::<usize>() {
                    Ok(n) if (1..=themes).contains(&n) => {
                        if !picked.contains(&n) {
                            picked.push(n);
                        }
                    }
                    _ => return Incoming::BadPriority,
                }
            }
            return if picked.is_empty() {
                Incoming::BadPriority
            } else {
                Incoming::Priority(picked)
            };
        }
        if text.chars().count() >= PROPOSAL_MIN_CHARS {
            Incoming::Proposal(text.to_string())
        } else {
            Incoming::Unclear
        }
    }
}

/// A proposal's title from a text: its first words, at most 80 signs, cut on a word.
pub fn title_of(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 80 {
        return one_line;
    }
    let mut out = String::new();
    for w in one_line.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > 77 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    format!("{out}…")
}

/// The characters of the GSM-7 default alphabet that every phone shows the same, without
/// the escape table: ASCII letters, digits, space, line break and common signs.
fn plain_gsm(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ' ' | '\n'
                | '!'
                | '"'
                | '#'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '<'
                | '='
                | '>'
                | '?'
                | '@'
                | '_'
                | '$'
        )
}

/// `text` in plain GSM-7: accents folded (é → e, ô → o, ç → c), French quotes and curly
/// apostrophes made straight, spaces of any kind made plain, anything else replaced.
pub fn gsm7(text: &str) -> String {
    // French quotes hold their words with spaces: straight quotes do not.
    let text = text
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace("« ", "«")
        .replace(" »", "»");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => "A",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'Î' | 'Ï' | 'Í' | 'Ì' => "I",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
            'ç' => "c",
            'Ç' => "C",
            'ñ' => "n",
            'Ñ' => "N",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            'Æ' => "AE",
            'ÿ' => "y",
            '«' | '»' | '“' | '”' | '„' => "\"",
            '’' | '‘' | '`' | '´' => "'",
            '–' | '—' | '‑' => "-",
            '…' => "...",
            '€' => "EUR",
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t' => " ",
            '\r' => "",
            '[' | '{' => "(",
            ']' | '}' => ")",
            '|' | '\\' => "/",
            '~' | '^' => "-",
            c if plain_gsm(c) => {
                out.push(c);
                continue;
            }
            _ => "?",
        };
        out.push_str(folded);
    }
    // A quote that followed a no-break space in French typography leaves a double space.
    while out.contains("  ") {
        out = out.replace("  ", " ");
    }
    out.replace(" :", ":")
        .replace(" ;", ";")
        .replace(" !", "!")
        .replace(" ?", "?")
}

/// How many segments a plain GSM-7 text takes.
pub fn segments(text: &str) -> usize {
    let n = text.chars().count();
    if n <= SINGLE { 1 } else { n.div_ceil(PART) }
}

/// `text` in plain GSM-7 and at most two segments: cut on a word, with "..." where it was
/// cut; `keep` (a link, a reference) always kept whole at the end.
pub fn fit(text: &str, keep: &str) -> String {
    let keep = gsm7(keep);
    let text = gsm7(text);
    let whole = format!("{text}{keep}");
    if segments(&whole) <= MAX_SEGMENTS {
        return whole;
    }
    let room = MAX_SEGMENTS * PART - keep.chars().count() - 3;
    let mut cut = String::new();
    for w in text.split(' ') {
        if cut.chars().count() + w.chars().count() + 1 > room {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(w);
    }
    if cut.is_empty() {
        cut = text.chars().take(room).collect();
    }
    format!("{cut}...{keep}")
}

/// A phone number as stored: `+` and digits only (spaces, dots and dashes dropped); None
/// when it has fewer than 6 or more than 16 digits.
pub fn number(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if !(6..=16).contains(&digits.len()) {
        return None;
    }
    Some(if raw.trim_start().starts_with('+') {
        format!("+{digits}")
    } else {
        digits
    })
}

/// A number as staff see it: its last two digits only.
pub fn masked(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits[digits.len().saturating_sub(2)..].iter().collect();
    format!("•• •• •• •• {last}")
}

/// The texts the site sends, in `lang`, in plain GSM-7 and at most two segments. `site` is
/// the site's name, `link` an address to read more (empty when the site has none to give).
pub struct Texts<'a> {
    pub lang: crate::i18n::Lang,
    pub site: &'a str,
    pub link: &'a str,
}

impl Texts<'_> {
    fn say(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut all: Vec<(&str, fluent_templates::fluent_bundle::FluentValue<'_>)> =
            vec![("site", self.site.to_string().into())];
        all.extend(args.iter().map(|(k, v)| (*k, v.clone().into())));
        self.lang.t_args(id, &all)
    }

    fn with_link(&self, text: String) -> String {
        let keep = if self.link.is_empty() {
            String::new()
        } else {
            format!(" {}", self.link)
        };
        fit(&text, &keep)
    }

    /// The receipt of a texted proposal: its reference, and how to stop.
    pub fn receipt(&self, reference: &str) -> String {
        self.with_link(self.say("sms-receipt", &[("ref", reference.to_string())]))
    }

    /// A final status and its reasoned answer, cut to fit, with the public link.
    pub fn answer(&self, reference: &str, status: &str, answer: &str) -> String {
        self.with_link(self.say(
            "sms-answer",
            &[
                ("ref", reference.to_string()),
                ("status", status.to_string()),
                ("answer", answer.trim().to_string()),
            ],
        ))
    }

    /// Priorities counted: the themes' names.
    pub fn priorities(&self, themes: &str) -> String {
        fit(
            &self.say("sms-priorities", &[("themes", themes.to_string())]),
            "",
        )
    }

    /// One helpful reply to a text too short to be a proposal, or a PRIO without numbers.
    pub fn help(&self) -> String {
        fit(&self.say("sms-help", &[]), "")
    }

    /// The confirmation of a STOP.
    pub fn stopped(&self) -> String {
        fit(&self.say("sms-stopped", &[]), "")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_a_proposal_a_priority_vote_a_stop_or_unclear() {
        let t = "Il faut un dispensaire a Sakassou, le plus proche est a 30 km.";
        assert_eq!(Incoming::read(t, 19), Incoming::Proposal(t.into()));
        assert_eq!(
            Incoming::read("prio 2, 5 et 2", 19),
            Incoming::Priority(vec![2, 5])
        );
        assert_eq!(Incoming::read("PRIO 25", 19), Incoming::BadPriority);
        assert_eq!(Incoming::read("Prio", 19), Incoming::BadPriority);
        assert_eq!(Incoming::read("STOP", 19), Incoming::Stop);
        assert_eq!(Incoming::read(" Arrêt ", 19), Incoming::Stop);
        assert_eq!(Incoming::read("bonjour", 19), Incoming::Unclear);
        assert_eq!(Incoming::read("", 19), Incoming::Unclear);
        // A proposal that starts with the word is still a proposal.
        let long = "Stop aux coupures d'eau dans le quartier de Koko";
        assert_eq!(Incoming::read(long, 19), Incoming::Proposal(long.into()));
    }

    #[test]
    fn texts_out_are_plain_gsm7() {
        assert_eq!(
            gsm7("Réponse « retenue » : l’État s’engage… 100 €"),
            "Reponse \"retenue\": l'Etat s'engage... 100 EUR"
        );
        assert_eq!(gsm7("Côte d'Ivoire"), "Cote d'Ivoire");
        assert!(gsm7("世界 [x] {y}").chars().all(plain_gsm));
    }

    #[test]
    fn a_long_text_is_cut_to_two_segments_keeping_the_link() {
        let answer = "Tres bonne idee. ".repeat(40);
        let link = " https://pgo.example.ci/propositions/P-0012";
        let t = fit(&answer, link);
        assert_eq!(segments(&t), 2);
        assert!(t.ends_with(link) && t.contains("..."));
        assert_eq!(fit("Court.", link), format!("Court.{link}"));
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
    }

    #[test]
    fn numbers_are_digits_and_staff_see_two_of_them() {
        assert_eq!(number("+225 07 08 09 10 11").unwrap(), "+2250708091011");
        assert_eq!(number("07.08.09.10.11").unwrap(), "0708091011");
        assert_eq!(number("12345"), None);
        assert_eq!(masked("+2250708091011"), "•• •• •• •• 11");
    }

    #[test]
    fn every_text_out_is_gsm7_and_fits_two_segments() {
        for lang in [crate::i18n::Lang::Fr, crate::i18n::Lang::En] {
            let t = Texts {
                lang,
                site: "Consultation PGO — Côte d'Ivoire",
                link: "https://pgo.example.ci/propositions/P-0012",
            };
            let answer = "Retenue : le ministère équipera les centres de santé. ".repeat(10);
            for text in [
                t.receipt("P-0012"),
                t.answer("P-0012", "Retenue", &answer),
                t.priorities("Santé, Éducation"),
                t.help(),
                t.stopped(),
            ] {
                assert!(text.chars().all(plain_gsm), "{text}");
                assert!(segments(&text) <= 2, "{text}");
                assert!(!text.contains('\u{2068}'), "no isolation marks: {text}");
            }
            assert!(t.receipt("P-0012").contains("P-0012"));
            assert!(t.answer("P-0012", "Retenue", &answer).ends_with(t.link));
        }
    }

    #[test]
    fn a_title_is_the_first_words() {
        assert_eq!(
            title_of("Un   dispensaire\na Sakassou"),
            "Un dispensaire a Sakassou"
        );
        let long = "mot ".repeat(40);
        let t = title_of(&long);
        assert!(t.chars().count() <= 80 && t.ends_with('…'));
    }
}
