//! Files embedded in the executable (stylesheet, icons), served under content-hashed names so
//! that browsers keep them for a year and still see every change.

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
#[exclude = "*.txt"]
#[exclude = "*.json"]
#[exclude = "pgo/*"]
#[exclude = "data/*"]
pub struct Assets;

/// The guide's chapters, `guide/<lang>/NN-slug.md`.
#[derive(RustEmbed)]
#[folder = "guide/"]
#[include = "*.md"]
#[include = "images/*.png"]
pub struct Guide;

/// A picture of the guide, `guide/images/<name>` (PNG only).
pub fn guide_image(name: &str) -> Option<Vec<u8>> {
    if !name.ends_with(".png") || name.contains('/') || name.contains('\\') {
        return None;
    }
    Guide::get(&format!("images/{name}")).map(|f| f.data.into_owned())
}

/// The width and height of a guide picture, read from its PNG header.
pub fn guide_image_size(name: &str) -> Option<(u32, u32)> {
    let f = Guide::get(&format!("images/{name}"))?;
    let d = f.data.as_ref();
    if d.len() < 24 || !d.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let be = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
    };
    Some((be(16)?, be(20)?))
}

/// The chapters of the guide in `lang`, in file-name order: (slug, markdown).
pub fn guide_chapters(lang: &str) -> Vec<(String, String)> {
    let prefix = format!("{lang}/");
    let mut names: Vec<String> = Guide::iter()
        .filter(|n| n.starts_with(&prefix) && n.ends_with(".md"))
        .map(|n| n.to_string())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let file = Guide::get(&name)?;
            let text = String::from_utf8(file.data.into_owned()).ok()?;
            let stem = name.trim_start_matches(&prefix).trim_end_matches(".md");
            let slug = stem
                .split_once('-')
                .map(|(_, s)| s)
                .unwrap_or(stem)
                .to_string();
            Some((slug, text))
        })
        .collect()
}

struct Entry {
    hashed: String,
    original: String,
}

static TABLE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    Assets::iter()
        .filter_map(|name| {
            let file = Assets::get(&name)?;
            let hash: String = file
                .metadata
                .sha256_hash()
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            Some(Entry {
                hashed,
                original: name.to_string(),
            })
        })
        .collect()
});

static BY_ORIGINAL: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    TABLE
        .iter()
        .map(|e| (e.original.as_str(), e.hashed.as_str()))
        .collect()
});
static BY_HASHED: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    TABLE
        .iter()
        .map(|e| (e.hashed.as_str(), e.original.as_str()))
        .collect()
});

/// The URL of an embedded file, e.g. `/static/style.3fa2c01b9d.css`.
pub fn url(name: &str) -> String {
    match BY_ORIGINAL.get(name) {
        Some(hashed) => format!("/static/{hashed}"),
        None => format!("/static/{name}"),
    }
}

/// The bytes and media type of a file by its hashed name.
pub fn by_hashed_name(hashed: &str) -> Option<(std::borrow::Cow<'static, [u8]>, String)> {
    let original = BY_HASHED.get(hashed)?;
    by_name(original)
}

pub fn by_name(name: &str) -> Option<(std::borrow::Cow<'static, [u8]>, String)> {
    let file = Assets::get(name)?;
    let mime = match name.rsplit_once('.').map(|(_, e)| e) {
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    Some((file.data, mime.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_urls_round_trip() {
        let url = super::url("style.css");
        assert!(
            url.starts_with("/static/style.") && url.ends_with(".css") && url.len() > 20,
            "{url}"
        );
        let hashed = url.trim_start_matches("/static/");
        assert!(super::by_hashed_name(hashed).is_some());
        assert!(super::by_hashed_name("style.css").is_none());
    }
}
