//! Translations: every message exists in French and English, French follows the house
//! typography, and every message the code asks for exists.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

fn texts(pattern: &Pattern<String>, out: &mut Vec<String>) {
    for el in &pattern.elements {
        match el {
            PatternElement::TextElement { value } => out.push(value.clone()),
            PatternElement::Placeable { expression } => {
                if let Expression::Select { variants, .. } = expression {
                    for v in variants {
                        texts(&v.value, out);
                    }
                } else if let Expression::Inline(InlineExpression::StringLiteral { value }) =
                    expression
                {
                    out.push(value.clone());
                }
            }
        }
    }
}

/// Message id → its text fragments, for one language.
fn messages(lang: &str) -> Vec<(String, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut all = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ftl") {
            let src = std::fs::read_to_string(&path).unwrap();
            let res = fluent_syntax::parser::parse(src)
                .unwrap_or_else(|(_, errs)| panic!("{}: {errs:?}", path.display()));
            for e in res.body {
                if let Entry::Message(m) = e {
                    let mut t = Vec::new();
                    if let Some(v) = &m.value {
                        texts(v, &mut t);
                    }
                    all.push((m.id.name.clone(), t));
                }
            }
        }
    }
    all
}

#[test]
fn french_and_english_have_the_same_messages() {
    let fr: BTreeSet<String> = messages("fr").into_iter().map(|(id, _)| id).collect();
    let en: BTreeSet<String> = messages("en").into_iter().map(|(id, _)| id).collect();
    assert!(fr.len() > 50);
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "only in fr: {only_fr:?}; only in en: {only_en:?}"
    );
}

#[test]
fn no_message_is_defined_twice() {
    for lang in ["fr", "en"] {
        let mut seen = BTreeSet::new();
        for (id, _) in messages(lang) {
            assert!(seen.insert(id.clone()), "{lang}: {id} defined twice");
        }
    }
}

#[test]
fn french_typography_uses_non_breaking_spaces() {
    for (id, parts) in messages("fr") {
        for text in parts {
            for bad in [" :", " ;", " !", " ?", "« ", " »"] {
                assert!(
                    !text.contains(bad),
                    "{id}: plain space in {bad:?}: {text:?}"
                );
            }
            for (i, c) in text.char_indices() {
                if matches!(c, ';' | '!' | '?' | '»') && i > 0 {
                    let before = text[..i].chars().last().unwrap();
                    assert!(
                        before == '\u{202f}' || before == '\u{a0}' || c == '»',
                        "{id}: {c:?} needs a non-breaking space before it: {text:?}"
                    );
                }
            }
        }
    }
}

/// Every `t("id")` / `t_args("id", …)` in the code names a message that exists.
#[test]
fn every_message_used_in_the_code_exists() {
    let fr: BTreeSet<String> = messages("fr").into_iter().map(|(id, _)| id).collect();
    let re = regex::Regex::new(r#"\bt(?:_args)?\(\s*"([a-z0-9-]+)""#).unwrap();
    let ids = regex::Regex::new(r#""([a-z]+(?:-[a-z0-9]+)+)""#).unwrap();
    let mut missing = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&path).unwrap();
                for c in re.captures_iter(&src) {
                    if !fr.contains(&c[1]) {
                        missing.push(format!("{}: {}", path.display(), &c[1]));
                    }
                }
                // Message ids returned by `message_id()` and error lists.
                for c in ids.captures_iter(&src) {
                    let id = &c[1];
                    let looks_like_message = ["-error-", "error-", "role-", "state-"]
                        .iter()
                        .any(|p| id.starts_with(p) || id.contains(p));
                    if looks_like_message && !fr.contains(id) {
                        missing.push(format!("{}: {id}", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages used but not defined: {missing:#?}"
    );
}

/// The French guide follows the same typography as the messages.
#[test]
fn the_french_guide_uses_non_breaking_spaces() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/fr");
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for b in [" :", " ;", " !", " ?", "« ", " »"] {
                if line.contains(b) {
                    bad.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "plain spaces in French typography: {bad:#?}"
    );
}

/// Separators written in the views (not in messages) follow French typography too.
#[test]
fn views_put_no_plain_space_before_a_colon() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/views");
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains("\" : \"") || line.contains("\" :\"") {
                bad.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "use \"\\u{{a0}}: \" before a colon: {bad:#?}"
    );
}
