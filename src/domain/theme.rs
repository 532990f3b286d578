//! A theme of proposals, named in both languages.

#[derive(Debug, Clone)]
pub struct Theme {
    pub id: i64,
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub active: bool,
}

impl Theme {
    pub fn label(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En if !self.label_en.is_empty() => &self.label_en,
            _ => &self.label_fr,
        }
    }
}
