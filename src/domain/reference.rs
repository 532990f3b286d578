//! A contribution's public reference ("P-0142", "KGO-0007"): the code of the instance that
//! recorded it, then its number there. It is given once and never changes, on any instance
//! that holds the contribution: the national site keeps a workshop laptop's references as is.

use std::fmt;

/// An instance's reference code: 1 to 5 capital letters or digits, starting with a letter.
/// The national site is `P`; each workshop laptop has its own (`KGO` for Korhogo, say).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RefCode(String);

pub const NATIONAL_CODE: &str = "P";
pub const CODE_MAX: usize = 5;

impl RefCode {
    /// Accepts any case and surrounding spaces; the error is a message id.
    pub fn parse(s: &str) -> Result<RefCode, &'static str> {
        let t = s.trim().to_ascii_uppercase();
        let mut chars = t.chars();
        let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_uppercase());
        if t.is_empty() {
            return Err("refcode-error-empty");
        }
        if !starts_with_letter
            || t.len() > CODE_MAX
            || !t
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Err("refcode-error-format");
        }
        Ok(RefCode(t))
    }

    pub fn national() -> RefCode {
        RefCode(NATIONAL_CODE.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_national(&self) -> bool {
        self.0 == NATIONAL_CODE
    }

    /// A code suggested from a place name: its first letter and the next two consonants
    /// ("Korhogo" → "KRH"), then its vowels when consonants run short ("Bouaké" → "BKO"), accents dropped.
    pub fn suggest(place: &str) -> RefCode {
        let letters: Vec<char> = place
            .chars()
            .map(fold_accent)
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let Some((&first, rest)) = letters.split_first() else {
            return RefCode("AT".into());
        };
        let mut code = vec![first];
        code.extend(rest.iter().filter(|c| !"AEIOUY".contains(**c)).take(2));
        for &c in rest {
            if code.len() >= 3 {
                break;
            }
            if !code[1..].contains(&c) && "AEIOUY".contains(c) {
                code.push(c);
            }
        }
        let s: String = code.into_iter().collect();
        // A place called "P…" must not give the national code.
        if s == NATIONAL_CODE {
            return RefCode("PA".into());
        }
        RefCode(s)
    }
}

impl RefCode {
    /// The code a laptop gets from its instance id when it exports while still on the
    /// national code, and the code a national site files a laptop's references under when
    /// theirs cannot be kept: "A" and three signs from the id's hash, never 0/O or 1/I.
    /// The same instance always gets the same code, on every site.
    pub fn of_instance(instance_id: &str) -> RefCode {
        const SIGNS: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let hash = crate::security::sha256(instance_id.as_bytes());
        let mut code = String::from("A");
        for b in hash.iter().take(3) {
            code.push(SIGNS[usize::from(b % 32)] as char);
        }
        RefCode(code)
    }
}

/// Who holds a reference code on this site: nobody yet, this site itself (its own code, and
/// the national code), or the workshop laptop whose file first brought it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    Nobody,
    ThisSite,
    Laptop(String),
}

/// Why an imported proposal is not filed under the reference its receipt shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// The laptop was still on the national code (or on this site's own code).
    National,
    /// Another laptop's file brought this code first.
    CodeOfAnother,
}

/// The reference a proposal from laptop `from` is filed under here: its own when its code
/// is that laptop's (or nobody's yet), else the same number under the laptop's own derived
/// code, so that two laptops never share a reference and the national numbers stay the
/// national site's.
pub fn arriving(given: &Reference, from: &str, holder: &Holder) -> (Reference, Option<Moved>) {
    let moved = match holder {
        _ if given.code().is_national() => Some(Moved::National),
        Holder::ThisSite => Some(Moved::National),
        Holder::Laptop(owner) if owner != from => Some(Moved::CodeOfAnother),
        Holder::Laptop(_) | Holder::Nobody => None,
    };
    match moved {
        None => (given.clone(), None),
        Some(m) => (
            Reference::new(RefCode::of_instance(from), given.number()),
            Some(m),
        ),
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'Î' | 'Ï' => 'i',
        'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        other => other,
    }
}

impl fmt::Display for RefCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reference: code and number, written `CODE-NNNN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    code: RefCode,
    number: i64,
}

/// Longest reference accepted from outside ("ABCDE-" and 12 digits).
pub const REFERENCE_MAX: usize = CODE_MAX + 1 + 12;

impl Reference {
    pub fn new(code: RefCode, number: i64) -> Reference {
        Reference { code, number }
    }

    /// Reads a reference as people type it: "P-0142", "p-142", "kgo-7", or a bare number,
    /// which is an old national reference ("142" is "P-0142").
    pub fn parse(s: &str) -> Option<Reference> {
        let t = s.trim();
        if t.len() > REFERENCE_MAX {
            return None;
        }
        let (code, digits) = match t.rsplit_once('-') {
            Some((code, digits)) => (RefCode::parse(code).ok()?, digits),
            None => (RefCode::national(), t),
        };
        if digits.is_empty() || digits.len() > 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let number = digits.parse::<i64>().ok().filter(|n| *n > 0)?;
        Some(Reference { code, number })
    }

    pub fn code(&self) -> &RefCode {
        &self.code
    }

    pub fn number(&self) -> i64 {
        self.number
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}", self.code, self.number)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_people_type_them() {
        let r = |s: &str| Reference::parse(s).map(|r| r.to_string());
        assert_eq!(r("P-0142").as_deref(), Some("P-0142"));
        assert_eq!(r("p-142").as_deref(), Some("P-0142"));
        assert_eq!(r(" 142 ").as_deref(), Some("P-0142"));
        assert_eq!(r("kgo-7").as_deref(), Some("KGO-0007"));
        assert_eq!(r("KGO-12345").as_deref(), Some("KGO-12345"));
        assert_eq!(r("P-0"), None);
        assert_eq!(r("P-"), None);
        assert_eq!(r("abc"), None);
        assert_eq!(r("1-0001"), None);
        assert_eq!(r("TOOLONG-0001"), None);
        assert_eq!(r("P--1"), None);
        assert_eq!(r("P-+1"), None);
        assert_eq!(r("P-99999999999999999999"), None);
    }

    #[test]
    fn codes_are_short_capitals() {
        assert_eq!(
            RefCode::parse(" kgo ").map(|c| c.to_string()),
            Ok("KGO".into())
        );
        assert_eq!(RefCode::parse("A1").map(|c| c.to_string()), Ok("A1".into()));
        assert_eq!(RefCode::parse(""), Err("refcode-error-empty"));
        assert_eq!(RefCode::parse("1AB"), Err("refcode-error-format"));
        assert_eq!(RefCode::parse("ABCDEF"), Err("refcode-error-format"));
        assert_eq!(RefCode::parse("K-G"), Err("refcode-error-format"));
        assert_eq!(RefCode::parse("KÔ"), Err("refcode-error-format"));
        assert!(RefCode::parse("p").is_ok_and(|c| c.is_national()));
    }

    #[test]
    fn a_laptop_keeps_its_references_unless_another_laptop_or_the_nation_has_the_code() {
        let given = Reference::parse("BKE-0001").unwrap();
        let derived = |from: &str| Reference::new(RefCode::of_instance(from), 1);
        assert_eq!(
            arriving(&given, "laptop-a", &Holder::Nobody),
            (given.clone(), None)
        );
        assert_eq!(
            arriving(&given, "laptop-a", &Holder::Laptop("laptop-a".into())),
            (given.clone(), None)
        );
        assert_eq!(
            arriving(&given, "laptop-b", &Holder::Laptop("laptop-a".into())),
            (derived("laptop-b"), Some(Moved::CodeOfAnother))
        );
        assert_eq!(
            arriving(&given, "laptop-b", &Holder::ThisSite),
            (derived("laptop-b"), Some(Moved::National))
        );
        let national = Reference::parse("P-0003").unwrap();
        assert_eq!(
            arriving(&national, "laptop-c", &Holder::Nobody),
            (
                Reference::new(RefCode::of_instance("laptop-c"), 3),
                Some(Moved::National)
            )
        );
    }

    #[test]
    fn a_derived_code_is_the_same_for_an_instance_and_differs_between_them() {
        let a = RefCode::of_instance("0f3c9a1e-laptop");
        assert_eq!(a, RefCode::of_instance("0f3c9a1e-laptop"));
        assert_ne!(a, RefCode::of_instance("another-laptop"));
        assert_eq!(RefCode::parse(a.as_str()), Ok(a.clone()));
        assert_eq!(a.as_str().len(), 4);
        assert!(a.as_str().starts_with('A'));
        assert!(!a.as_str()[1..].contains(['0', 'O', '1', 'I']));
    }

    #[test]
    fn codes_suggested_from_places() {
        assert_eq!(RefCode::suggest("Korhogo").as_str(), "KRH");
        assert_eq!(RefCode::suggest("Bouaké").as_str(), "BKO");
        assert_eq!(RefCode::suggest("Man").as_str(), "MNA");
        assert_eq!(RefCode::suggest("Île").as_str(), "ILE");
        assert_eq!(RefCode::suggest("").as_str(), "AT");
        assert!(RefCode::parse(RefCode::suggest("Pô").as_str()).is_ok());
        assert!(!RefCode::suggest("P").is_national());
    }
}
