//! Litestream beside the database file: its folder (`.palabre.sqlite3-litestream`) and the
//! file times that tell whether it follows the writes (`domain::replication` judges them,
//! and whether Palabre leaves checkpoints to it: `Db::follow_replication`).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::domain::replication::Observed;

/// Litestream's working folder for the database `db`: `.NAME-litestream` beside it (the
/// same name in Litestream 0.3 and 0.5).
pub fn folder(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    db.with_file_name(format!(".{name}-litestream"))
}

/// What the data folder shows now: the folder, the newest thing Litestream wrote in it,
/// the last commit (the WAL's time).
pub fn observe(db: &Path) -> Observed {
    let dir = folder(db);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    Observed {
        seen: dir.is_dir(),
        moved_at: newest(&dir, 4),
        changed_at: modified(Path::new(&wal)),
    }
}

fn modified(path: &Path) -> Option<i64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// The newest modification time of `dir` or anything under it, `depth` levels down at most.
fn newest(dir: &Path, depth: u8) -> Option<i64> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut best = modified(dir);
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let t = if kind.is_dir() {
            if depth == 0 {
                continue;
            }
            newest(&path, depth - 1)
        } else {
            modified(&path)
        };
        best = best.max(t);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_beside_the_database() {
        assert_eq!(
            folder(Path::new("/var/lib/palabre/palabre.sqlite3")),
            PathBuf::from("/var/lib/palabre/.palabre.sqlite3-litestream")
        );
    }

    #[test]
    fn the_newest_file_anywhere_in_the_folder_counts() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("palabre.sqlite3");
        assert_eq!(observe(&db), Observed::default());
        let deep = folder(&db).join("ltx/0");
        std::fs::create_dir_all(&deep).unwrap_or_else(|e| panic!("{e}"));
        let o = observe(&db);
        assert!(o.seen);
        assert!(o.moved_at.is_some(), "the folder's own time dates it");
        std::fs::write(deep.join("0000000000000001-0000000000000001.ltx"), b"x")
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("palabre.sqlite3-wal"), b"x")
            .unwrap_or_else(|e| panic!("{e}"));
        let o = observe(&db);
        let now = modified(&dir.path().join("palabre.sqlite3-wal"));
        assert!(o.moved_at.is_some() && o.changed_at == now, "{o:?}");
    }
}
