//! Translations (Fluent files under `locales/`, embedded at build time) and the visitor's
//! language: an explicit choice (cookie) first, then `Accept-Language`, then the site default.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::HttpRequest;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| {
    "en".parse()
        .unwrap_or_else(|_| LanguageIdentifier::default())
});
static FR_ID: LazyLock<LanguageIdentifier> = LazyLock::new(|| "fr".parse().unwrap_or_default());

/// Name of the cookie that remembers the visitor's explicit language choice.
pub const LANG_COOKIE: &str = "palabre_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// The language of the command line and the console: English when the system asks for
    /// it (`LC_ALL`, `LC_MESSAGES`, `LANG`), French otherwise.
    pub fn of_system() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the switch link shown on every page.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fr => &FR_ID,
            Lang::En => &EN,
        }
    }

    /// The message `id` in this language (French when missing).
    pub fn t(self, id: &str) -> String {
        LOCALES.lookup(self.id(), id)
    }

    /// The message `id` in this language, or None when this language has no such message.
    pub fn try_t(self, id: &str) -> Option<String> {
        fluent_templates::Loader::try_lookup(&*LOCALES, self.id(), id)
    }

    /// "1 proposition", "2 propositions": a count with its noun, through the message `id`
    /// (which selects on `$n`).
    pub fn count(self, id: &str, n: u64) -> String {
        self.t_args(id, &[("n", n.into())])
    }

    /// The message `id` with named arguments.
    pub fn t_args(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_string()), v.clone()))
            .collect();
        LOCALES.lookup_with_args(self.id(), id, &map)
    }

    /// A whole number with its thousands apart: "6 321 017" (narrow no-break spaces) /
    /// "6,321,017".
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::Fr => '\u{202f}',
            Lang::En => ',',
        };
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(d);
        }
        out
    }

    /// A number with one decimal: "2,5" / "2.5".
    pub fn decimal(self, x: f64) -> String {
        let text = format!("{x:.1}");
        match self {
            Lang::Fr => text.replace('.', ","),
            Lang::En => text,
        }
    }

    /// A share in percent with one decimal: "30,0 %" (narrow no-break space) / "30.0%".
    pub fn percent(self, x: f64) -> String {
        match self {
            Lang::Fr => format!("{}\u{202f}%", self.decimal(x)),
            Lang::En => format!("{}%", self.decimal(x)),
        }
    }

    /// A date as written in running text: "12 mars 2026" / "12 March 2026".
    /// Côte d'Ivoire is on UTC all year, so UTC is the local time of the consultation.
    pub fn date(self, unix: i64) -> String {
        let Ok(dt) = time::OffsetDateTime::from_unix_timestamp(unix) else {
            return String::new();
        };
        let month = self.t(&format!("month-{}", u8::from(dt.month())));
        match self {
            Lang::Fr => {
                let day = if dt.day() == 1 {
                    "1er".to_string()
                } else {
                    dt.day().to_string()
                };
                format!("{day}\u{a0}{month}\u{a0}{}", dt.year())
            }
            Lang::En => format!("{}\u{a0}{month}\u{a0}{}", dt.day(), dt.year()),
        }
    }

    /// A date with its time: "12 mars 2026 à 14 h 30" / "12 March 2026 at 14:30".
    pub fn datetime(self, unix: i64) -> String {
        let Ok(dt) = time::OffsetDateTime::from_unix_timestamp(unix) else {
            return String::new();
        };
        let time = match self {
            Lang::Fr => format!("{}\u{a0}h\u{a0}{:02}", dt.hour(), dt.minute()),
            Lang::En => format!("{:02}:{:02}", dt.hour(), dt.minute()),
        };
        self.t_args(
            "datetime",
            &[("date", self.date(unix).into()), ("time", time.into())],
        )
    }

    /// The language of a request: cookie, then `Accept-Language`, then `default`.
    pub fn from_request(req: &HttpRequest, default: Lang) -> Lang {
        if let Some(lang) = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())) {
            return lang;
        }
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
            .unwrap_or(default)
    }

    /// Best supported language of an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag)
                && q > 0.0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(Lang::Fr.number(6_321_017), "6\u{202f}321\u{202f}017");
        assert_eq!(Lang::En.number(6_321_017), "6,321,017");
        assert_eq!(Lang::Fr.number(999), "999");
        assert_eq!(Lang::Fr.decimal(2.5), "2,5");
        assert_eq!(Lang::Fr.percent(30.0), "30,0\u{202f}%");
        assert_eq!(Lang::En.percent(33.3), "33.3%");
    }
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,fr;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de, fr-CI;q=0.5, en;q=0.4"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de, es"), None);
        assert_eq!(
            Lang::from_accept_language("en;q=0, fr;q=0.1"),
            Some(Lang::Fr)
        );
    }

    #[test]
    fn french_dates_follow_house_typography() {
        // 2026-03-12 14:30 UTC
        let ts = 1_773_325_800;
        assert_eq!(Lang::Fr.date(ts), "12\u{a0}mars\u{a0}2026");
        assert_eq!(
            Lang::Fr.datetime(ts),
            "12\u{a0}mars\u{a0}2026 à 14\u{a0}h\u{a0}30"
        );
        assert_eq!(Lang::En.date(ts), "12\u{a0}March\u{a0}2026");
        // 1 January is "1er janvier"
        assert_eq!(Lang::Fr.date(1_767_225_600), "1er\u{a0}janvier\u{a0}2026");
    }

    #[test]
    fn messages_exist_in_both_languages() {
        assert_eq!(Lang::Fr.t("site-default-name"), "Consultation publique");
        assert_ne!(Lang::En.t("skip-link"), Lang::Fr.t("skip-link"));
    }
}
