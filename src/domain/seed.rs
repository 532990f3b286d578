//! Lists shipped inside the executable (`assets/data/`, from the project's shared seed data):
//! the 35 zones of Côte d'Ivoire, contributor types, channels, OGP values, languages, themes.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub code: String,
    pub label_fr: String,
    #[serde(default)]
    pub label_en: String,
    #[serde(default)]
    pub help_fr: String,
}

impl Item {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.label_en.is_empty() => &self.label_en,
            _ => &self.label_fr,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Zone {
    pub slug: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub chef_lieu: String,
    pub district: String,
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .filter_map(Result::ok)
        .collect()
}

pub static ZONES: LazyLock<Vec<Zone>> = LazyLock::new(|| {
    let mut z: Vec<Zone> = parse(include_str!("../../assets/data/ci_zones.csv"));
    // Districts first, then regions by slug (names keep their diacritics), special ones last.
    z.sort_by_key(|z| {
        (
            match z.kind.as_str() {
                "district_autonome" => 0,
                "region" => 1,
                _ => 2,
            },
            z.slug.clone(),
        )
    });
    z
});
pub static CONTRIBUTOR_TYPES: LazyLock<Vec<Item>> =
    LazyLock::new(|| parse(include_str!("../../assets/data/contributor_types.csv")));
pub static CHANNELS: LazyLock<Vec<Item>> =
    LazyLock::new(|| parse(include_str!("../../assets/data/channels.csv")));
pub static OGP_VALUES: LazyLock<Vec<Item>> =
    LazyLock::new(|| parse(include_str!("../../assets/data/ogp_values.csv")));
pub static LANGUAGES: LazyLock<Vec<Item>> =
    LazyLock::new(|| parse(include_str!("../../assets/data/languages.csv")));
pub static THEMES: LazyLock<Vec<Item>> =
    LazyLock::new(|| parse(include_str!("../../assets/data/themes.csv")));

pub fn zone(slug: &str) -> Option<&'static Zone> {
    ZONES.iter().find(|z| z.slug == slug)
}

pub fn find<'a>(list: &'a [Item], code: &str) -> Option<&'a Item> {
    list.iter().find(|i| i.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_complete() {
        assert_eq!(ZONES.len(), 35);
        assert_eq!(ZONES.iter().filter(|z| z.kind == "region").count(), 31);
        assert!(
            zone("gbeke").is_some_and(|z| z.name == "Gbêkê"),
            "diacritics are kept"
        );
        assert_eq!(OGP_VALUES.len(), 4);
        assert!(OGP_VALUES.iter().all(|v| !v.help_fr.is_empty()));
        assert!(THEMES.len() >= 19);
        assert!(
            find(&CHANNELS, "en_ligne").is_some()
                && find(&CHANNELS, "atelier").is_some()
                && find(&CHANNELS, "papier").is_some()
        );
        assert!(find(&CONTRIBUTOR_TYPES, "osc").is_some_and(|t| t.label_fr.contains("ONG")));
        assert!(LANGUAGES.iter().all(|l| !l.label_en.is_empty()));
    }
}
