//! `palabre demo` (PRODUCT.md §3.8): the normal server on a throw-away data folder, filled
//! with a fictional consultation before it serves (`crate::demo`), and deleted when the
//! program ends. The real data folder is never resolved, opened or created.
//!
//! The folder is `palabre-formation-<random>` in the system's temporary folder. A clean stop
//! (Ctrl+C, SIGTERM) deletes it; a session that could not (the console window closed on
//! Windows, a crash, `kill -9`) leaves it behind, and the next `palabre demo` deletes it once
//! nobody holds it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::DemoArgs;
use crate::config::{Config, DEFAULT_PORT, StartError};
use crate::demo::FOLDER_PREFIX;

/// A training folder this recent may be one whose session is still starting: left alone.
const STARTING: Duration = Duration::from_secs(60);

/// `palabre demo`: a training session from start to clean-up.
pub fn run(args: &DemoArgs) -> Result<(), StartError> {
    let base = std::env::temp_dir();
    sweep(&base);
    let dir = new_folder(&base)?;
    let config = Config {
        data_dir: dir.clone(),
        port: args.listen.port.unwrap_or(DEFAULT_PORT),
        port_explicit: args.listen.port.is_some(),
        bind: args.listen.bind,
        open_browser: !args.listen.no_browser,
        tunnel: None,
        training: true,
        proxies: Default::default(),
        public_url: None,
        sms_gateway: None,
    };
    let served = crate::app::run(config);
    remove(&dir);
    served
}

/// A new, empty folder of our own (`create_dir` fails rather than reuse one).
fn new_folder(base: &Path) -> Result<PathBuf, StartError> {
    let mut last = None;
    for _ in 0..8 {
        let dir = base.join(format!(
            "{FOLDER_PREFIX}{}",
            crate::security::random_token(6)
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some((dir, e)),
            Err(e) => return Err(StartError::DataDirUnwritable(dir, e)),
        }
    }
    Err(match last {
        Some((dir, e)) => StartError::DataDirUnwritable(dir, e),
        None => StartError::NoDataDir,
    })
}

/// Deletes the training folder, trying again for a moment (on Windows a file closed a
/// moment ago can still be held); says so in the console if it stays.
fn remove(dir: &Path) {
    let mut result = Ok(());
    for _ in 0..10 {
        result = std::fs::remove_dir_all(dir);
        match &result {
            Ok(()) => return,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
    if let Err(e) = result {
        tracing::warn!(dir = %dir.display(), error = %e, "training folder left behind");
        eprintln!(
            "{}",
            crate::i18n::Lang::of_system().t_args(
                "demo-cleanup-failed",
                &[
                    ("dir", dir.display().to_string().into()),
                    ("error", e.to_string().into()),
                ],
            )
        );
    }
}

/// Deletes the training folders earlier sessions left behind: those no running Palabre holds,
/// that look like ours, and that are not being set up right now.
fn sweep(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(FOLDER_PREFIX));
        if !ours || !dir.is_dir() || !looks_like_training(&dir) {
            continue;
        }
        let recent = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age < STARTING);
        if recent {
            continue;
        }
        // The server holds this lock while it runs: taken, the session is alive.
        if let Ok(crate::instance::Claim::Mine(lock)) = crate::instance::claim(&dir) {
            drop(lock);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Empty, or holding what a Palabre data folder holds: never delete anything else.
fn looks_like_training(dir: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut empty = true;
    let known = entries.all(|e| {
        empty = false;
        e.ok().is_some_and(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(crate::db::DB_FILE)
                || matches!(
                    name.as_ref(),
                    "palabre.lock"
                        | "palabre.instance"
                        | "logs"
                        | "spool"
                        | "cache"
                        | crate::web::spool::DIR
                )
        })
    });
    empty || (known && dir.join("palabre.lock").exists())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Left-behind training folders go, once old and free; a live one, a new one and
    /// anything that is not ours stay.
    #[test]
    fn sweeping_deletes_only_abandoned_training_folders() {
        let base = tempfile::tempdir().unwrap();
        let age = |d: &Path| {
            let past = std::time::SystemTime::now() - Duration::from_secs(3600);
            std::fs::File::open(d).unwrap().set_modified(past).unwrap();
        };
        let old = |name: &str, files: &[&str]| {
            let d = base.path().join(name);
            std::fs::create_dir(&d).unwrap();
            for f in files {
                std::fs::write(d.join(f), "x").unwrap();
            }
            age(&d);
            d
        };
        let abandoned = old(
            "palabre-formation-abc",
            &["palabre.lock", "palabre.sqlite3"],
        );
        let live = old("palabre-formation-def", &["palabre.sqlite3"]);
        let held = match crate::instance::claim(&live).unwrap() {
            crate::instance::Claim::Mine(l) => l,
            other => panic!("{other:?}"),
        };
        age(&live);
        let foreign = old("palabre-formation-photos", &["vacances.jpg"]);
        let other = old("autre-dossier", &["palabre.lock"]);
        let starting = base.path().join("palabre-formation-new");
        std::fs::create_dir(&starting).unwrap();
        sweep(base.path());
        assert!(!abandoned.exists());
        assert!(live.exists());
        assert!(foreign.exists());
        assert!(other.exists());
        assert!(starting.exists());
        drop(held);
    }

    #[test]
    fn new_folders_are_distinct_and_named_for_training() {
        let base = tempfile::tempdir().unwrap();
        let a = new_folder(base.path()).unwrap();
        let b = new_folder(base.path()).unwrap();
        assert_ne!(a, b);
        for d in [&a, &b] {
            assert!(d.is_dir());
            assert!(
                d.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(FOLDER_PREFIX)
            );
        }
        remove(&a);
        assert!(!a.exists());
    }
}
