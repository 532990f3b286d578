//! The layers of `src/` point one way. Each top-level module (a file or a folder of `src/`)
//! has a floor; a module may use only modules on lower floors, so that no import cycle can
//! join two of them. This test reads every `crate::…` path of `src/` (outside `#[cfg(test)]`
//! code) and fails on any that points up or sideways, naming the file and the path.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// From the top floor down. Modules on one floor do not use one another.
const FLOORS: &[&[&str]] = &[
    &["main"],
    &["cli"],
    &["app"],
    &["config"],
    &["routes"],
    &["web"],
    &["bundle", "demo"],
    &["views"],
    &["db"],
    &["export", "cache", "tunnel", "sms"],
    &["domain"],
    &[
        "security", "pdfdoc", "assets", "i18n", "logging", "instance", "disk",
    ],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules a file's code names: `crate::x…` anywhere, and each item of
/// `use crate::{x, y::z}`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find("};").unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for ch in group[..end].chars().chain([',']) {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() {
                            used.insert(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(ch);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    used
}

#[test]
fn the_layers_of_src_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let Some(floor) = floor_of(&module) else {
            wrong.push(format!(
                "{}: module `{module}` is on no floor of this test",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests may use anything.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for used in used_modules(code) {
            if used == module {
                continue;
            }
            match floor_of(&used) {
                Some(f) if f > floor => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not below it",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{}: `crate::{used}` is on no floor of this test",
                    rel.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_finds_every_path_form() {
    let used = used_modules(
        "use crate::db::{self, Db};\nuse crate::{a, b::{c, d}, e::f};\nlet x = crate::views::page(y);",
    );
    let names: Vec<&str> = used.iter().map(String::as_str).collect();
    assert_eq!(names, ["a", "b", "db", "e", "views"]);
}

/// Every contribution a route records goes through the posting pipeline
/// (`web::posting::write`): no handler files a proposal, comment or support by itself (the
/// filing is the closure given to the pipeline, or a step that takes its `Moment`).
#[test]
fn routes_file_contributions_only_through_the_posting_pipeline() {
    let routes = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut files = Vec::new();
    rust_files(&routes, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let files_one = [
                "file_proposal(",
                "file_comment(",
                "file_support(",
                "file_ballot(",
            ]
            .iter()
            .any(|f| line.contains(f));
            // Inside the closure given to the pipeline, or a filing step typed by its
            // `Moment` (what the pipeline's transaction read).
            let in_pipeline = lines[i.saturating_sub(30)..i]
                .iter()
                .any(|l| l.contains("posting::write(") || l.contains("posting::Moment"));
            if files_one && !in_pipeline {
                wrong.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The non-test code of a file.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Route modules lend nothing to one another: what two of them share lives on the web floor
/// (`web::respond`, `web::reads`, …) or lower. A folder of routes (`participation/`) shares
/// its own `mod.rs` with its parts. `routes/mod.rs` is the list of modules and `configure`.
#[test]
fn route_modules_lend_nothing_to_one_another() {
    let routes = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut files = Vec::new();
    rust_files(&routes, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let code = code_of(file);
        let top_level = file.parent() == Some(routes.as_path());
        for (i, line) in code.lines().enumerate() {
            let borrows = line.contains("crate::routes")
                || (top_level && line.contains("super::"))
                || line.contains("super::super::");
            if borrows {
                wrong.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    let fns = code_of(&routes.join("mod.rs")).matches("fn ").count();
    if fns != 1 {
        wrong.push(format!(
            "routes/mod.rs has {fns} functions; only `configure` belongs there"
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The functions of `text` longer than `max` lines, counted from the `fn` line to the line
/// that closes it at the same indentation, with their names and lengths.
fn long_functions(text: &str, max: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let head = trimmed
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("async ");
        let Some(rest) = head.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let closing = format!("{indent}}}");
        let Some(end) = lines[i + 1..].iter().position(|l| l.trim_end() == closing) else {
            continue;
        };
        let length = end + 2;
        if length > max {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            long.push((name, length));
        }
    }
    long
}

#[test]
fn the_length_counter_counts_from_fn_to_its_brace() {
    let text = "fn a() {\n    x;\n}\n\n    pub async fn b(\n        y: i32,\n    ) {\n        if y {\n        }\n    }\n";
    assert_eq!(
        long_functions(text, 2),
        [("a".to_string(), 3), ("b".to_string(), 6)]
    );
    assert!(long_functions(text, 6).is_empty());
}

/// Handlers fit on a screen: no function in `src/routes/` is longer than 60 lines (the
/// rules live in `domain/`, the reads in `db/` and `web/reads`, the steps of a write in
/// `web/posting`).
#[test]
fn no_route_function_is_longer_than_60_lines() {
    let routes = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut files = Vec::new();
    rust_files(&routes, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        for (name, length) in long_functions(&code_of(file), 60) {
            wrong.push(format!("{}: `{name}` is {length} lines", file.display()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
