//! The SQLite file: opening it safely, pragmas, embedded append-only migrations, one writer
//! connection and a small pool of readers. Queries live in one file per entity.

pub mod accounts;
pub mod bundles;
pub mod consultations;
pub mod documents;
pub mod exports;
pub mod logo;
pub mod moderation;
pub mod pages;
pub mod proposals;
pub mod sessions;
pub mod settings;
pub mod stats;
pub mod themes;
pub mod throttle;
pub mod timeline;
pub mod training;
pub mod workshops;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard};

use rusqlite::hooks::Action;
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use crate::i18n::Lang;

pub const DB_FILE: &str = "palabre.sqlite3";
/// "PALB": marks a database as Palabre's, so that another program's SQLite file is refused.
pub const APPLICATION_ID: i32 = 0x5041_4C42;
const READER_POOL: usize = 8;
/// Most writes sharing one commit (group commit): bounds the wait of the first of them.
const MAX_BATCH: usize = 64;
/// The tables `AppState::catalogue` is read from.
const CATALOGUE_TABLES: &[&str] = &["consultations", "themes", "consultation_themes"];

/// The migrations, in order: (file name, SQL). Append only.
const MIGRATION_FILES: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("migrations/0001_init.sql")),
    (
        "0002_library.sql",
        include_str!("migrations/0002_library.sql"),
    ),
    (
        "0003_participation.sql",
        include_str!("migrations/0003_participation.sql"),
    ),
    (
        "0004_moderation.sql",
        include_str!("migrations/0004_moderation.sql"),
    ),
    (
        "0005_bundles.sql",
        include_str!("migrations/0005_bundles.sql"),
    ),
    (
        "0006_list_indexes.sql",
        include_str!("migrations/0006_list_indexes.sql"),
    ),
    (
        "0007_workshops.sql",
        include_str!("migrations/0007_workshops.sql"),
    ),
    (
        "0008_published_indexes.sql",
        include_str!("migrations/0008_published_indexes.sql"),
    ),
    (
        "0009_references.sql",
        include_str!("migrations/0009_references.sql"),
    ),
    ("0010_logo.sql", include_str!("migrations/0010_logo.sql")),
    (
        "0011_document_parts.sql",
        include_str!("migrations/0011_document_parts.sql"),
    ),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_FILES.iter().map(|(_, sql)| M::up(sql)).collect()));

/// The migrations, for the test that validates them.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// Seconds since the Unix epoch, UTC (Côte d'Ivoire's own time).
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0} is not a SQLite database")]
    NotSqlite(PathBuf),
    #[error("{0} belongs to another program")]
    Foreign(PathBuf),
    #[error("{path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Migrate {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("database lock poisoned")]
    Poisoned,
    #[error("commit failed: {0}")]
    Commit(String),
    /// The disk is full: the write was rolled back, the data is as before.
    #[error("disk full")]
    DiskFull,
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
}

impl DbError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DbError::NotSqlite(path) => lang.t_args(
                "db-not-sqlite",
                &[("file", path.display().to_string().into())],
            ),
            DbError::Foreign(path) => {
                lang.t_args("db-foreign", &[("file", path.display().to_string().into())])
            }
            DbError::Open { path, source } => lang.t_args(
                "db-open-failed",
                &[
                    ("file", path.display().to_string().into()),
                    ("error", source.to_string().into()),
                ],
            ),
            DbError::Migrate { path, source } => lang.t_args(
                "db-migrate-failed",
                &[
                    ("file", path.display().to_string().into()),
                    ("error", source.to_string().into()),
                ],
            ),
            DbError::Sqlite(e) => lang.t_args("db-error", &[("error", e.to_string().into())]),
            DbError::Poisoned => lang.t_args("db-error", &[("error", "poisoned lock".into())]),
            DbError::Commit(msg) => lang.t_args("db-error", &[("error", msg.clone().into())]),
            DbError::DiskFull => lang.t("db-error-disk-full"),
            DbError::Io(e) => lang.t_args("db-error", &[("error", e.to_string().into())]),
        }
    }
}

impl DbError {
    /// The disk holding the data folder is full: nothing of this write was kept.
    pub fn is_disk_full(&self) -> bool {
        match self {
            DbError::DiskFull => true,
            DbError::Sqlite(e) => is_disk_full(e),
            _ => false,
        }
    }
}

/// Why a batch did not commit, kept for every write that was waiting on it.
#[derive(Debug, Clone)]
struct Failure {
    message: String,
    disk_full: bool,
}

impl Failure {
    fn of(e: &rusqlite::Error) -> Failure {
        Failure {
            message: e.to_string(),
            disk_full: is_disk_full(e),
        }
    }

    fn into_error(self) -> DbError {
        if self.disk_full {
            DbError::DiskFull
        } else {
            DbError::Commit(self.message)
        }
    }
}

/// SQLite's "database or disk is full", and the I/O errors a full disk gives on write.
pub fn is_disk_full(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => {
            f.code == rusqlite::ErrorCode::DiskFull
                // SQLITE_IOERR_WRITE / _FSYNC / _SHMSIZE when the file system refuses to grow.
                || (f.code == rusqlite::ErrorCode::SystemIoFailure
                    && [778, 1034, 4874].contains(&f.extended_code))
        }
        _ => false,
    }
}

pub struct Db {
    path: PathBuf,
    writer: Mutex<Writer>,
    /// Threads queued for the writer: while some are, a finished write leaves the transaction
    /// open for them, and the last one commits for all (group commit: one disk sync).
    queued: AtomicUsize,
    /// Outcome of the batches: the last one finished, and the recent ones that failed.
    batches: Mutex<Batches>,
    batch_done: Condvar,
    /// Bumped after every commit that wrote something: page caches compare it.
    generation: AtomicU64,
    /// Bumped after a batch that touched consultations or themes: the catalogue compares it,
    /// so that a new proposal does not make every later request re-read them.
    catalogue_generation: AtomicU64,
    /// Set by the writer's update hook when a catalogue table changes in the open batch.
    catalogue_dirty: Arc<AtomicBool>,
    readers: Mutex<Vec<Connection>>,
}

struct Writer {
    conn: Connection,
    /// A transaction is open, holding finished writes not yet committed.
    open: bool,
    /// Number of the open (or last) batch, and how many writes it holds.
    batch: u64,
    in_batch: usize,
}

#[derive(Default)]
struct Batches {
    done: u64,
    failed: std::collections::VecDeque<(u64, Failure)>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// Opens (or creates) the database file and brings its schema up to date. A file that is
    /// not a Palabre database is refused and left untouched.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        check_header(path)?;
        let open_err = |source| DbError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut writer = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        // Reading the schema forces SQLite to look at the file: a damaged header fails here,
        // before any pragma could write to it.
        let (app_id, objects): (i32, i64) = writer
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id), \
                 (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => DbError::NotSqlite(path.to_path_buf()),
                _ => open_err(e),
            })?;
        if app_id != APPLICATION_ID && (app_id != 0 || objects > 0) {
            return Err(DbError::Foreign(path.to_path_buf()));
        }
        configure(&writer, true).map_err(open_err)?;
        let catalogue_dirty = Arc::new(AtomicBool::new(false));
        let dirty = catalogue_dirty.clone();
        writer
            .update_hook(Some(move |_: Action, _: &str, table: &str, _: i64| {
                if CATALOGUE_TABLES.contains(&table) {
                    dirty.store(true, Ordering::SeqCst);
                }
            }))
            .map_err(open_err)?;
        MIGRATIONS
            .to_latest(&mut writer)
            .map_err(|source| DbError::Migrate {
                path: path.to_path_buf(),
                source,
            })?;
        // Written once: rewriting it at every start would cost a disk sync.
        if app_id != APPLICATION_ID {
            writer
                .pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(open_err)?;
        }
        Ok(Db {
            path: path.to_path_buf(),
            writer: Mutex::new(Writer {
                conn: writer,
                open: false,
                batch: 0,
                in_batch: 0,
            }),
            queued: AtomicUsize::new(0),
            batches: Mutex::new(Batches::default()),
            batch_done: Condvar::new(),
            generation: AtomicU64::new(0),
            catalogue_generation: AtomicU64::new(0),
            catalogue_dirty,
            readers: Mutex::new(Vec::new()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the single writer connection, all or nothing, and returns once its work is
    /// committed to disk (`synchronous=FULL`). Writes that arrive while another runs share its
    /// transaction, each inside its own savepoint, and one commit: the last of them commits
    /// for all, and each returns only after that commit. Blocking: call from `run_blocking`.
    pub fn write<T, E>(&self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error> + From<DbError>,
    {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let mut w = self.lock_writer();
        self.queued.fetch_sub(1, Ordering::SeqCst);
        if !w.open {
            exec_cached(&w.conn, "BEGIN IMMEDIATE")?;
            w.open = true;
            w.batch += 1;
            w.in_batch = 0;
        }
        let batch = w.batch;
        // Alone in the transaction so far: a failure rolls the whole of it back, so no
        // savepoint is needed (a savepoint copies every page it touches aside first).
        let alone = w.in_batch == 0;
        let out = if alone {
            f(&w.conn)
        } else {
            match exec_cached(&w.conn, "SAVEPOINT palabre_write") {
                Ok(()) => {
                    let out = f(&w.conn);
                    let end = if out.is_ok() {
                        exec_cached(&w.conn, "RELEASE palabre_write")
                    } else {
                        exec_cached(&w.conn, "ROLLBACK TO palabre_write")
                            .and_then(|()| exec_cached(&w.conn, "RELEASE palabre_write"))
                    };
                    match end {
                        Ok(()) => out,
                        Err(e) => Err(e.into()),
                    }
                }
                Err(e) => Err(e.into()),
            }
        };
        if out.is_ok() {
            w.in_batch += 1;
        }
        // A failed write that was alone ends the transaction (rolled back by `commit`, which
        // sees an empty batch), before anyone else joins it.
        if (alone && out.is_err())
            || self.queued.load(Ordering::SeqCst) == 0
            || w.in_batch >= MAX_BATCH
        {
            let committed = self.commit(&mut w);
            drop(w);
            return match (out, committed) {
                (Ok(v), Ok(())) => Ok(v),
                (Ok(_), Err(f)) => Err(f.into_error().into()),
                (Err(e), _) => Err(e),
            };
        }
        drop(w);
        // A failed write left nothing in the batch: no commit to wait for.
        let v = out?;
        match self.wait_for(batch) {
            Ok(()) => Ok(v),
            Err(f) => Err(f.into_error().into()),
        }
    }

    /// Commits the open batch and wakes the writes waiting for it.
    fn commit(&self, w: &mut Writer) -> Result<(), Failure> {
        let result = if w.in_batch == 0 {
            exec_cached(&w.conn, "ROLLBACK").map_err(|e| Failure::of(&e))
        } else {
            match exec_cached(&w.conn, "COMMIT") {
                Ok(()) => {
                    self.generation.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                }
                Err(e) => {
                    if !w.conn.is_autocommit() {
                        let _ = w.conn.execute_batch("ROLLBACK");
                    }
                    Err(Failure::of(&e))
                }
            }
        };
        w.open = false;
        self.catalogue_settled();
        self.finish(w.batch, result.clone());
        result
    }

    /// After a batch ends (committed or not): if it touched a catalogue table, whatever was
    /// read of them before may be stale. Bumped only now, so that nobody caches pre-commit
    /// data under the new number.
    fn catalogue_settled(&self) {
        if self.catalogue_dirty.swap(false, Ordering::SeqCst) {
            self.catalogue_generation.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn finish(&self, batch: u64, result: Result<(), Failure>) {
        let mut b = self.batches.lock().unwrap_or_else(|p| p.into_inner());
        b.done = batch;
        if let Err(f) = result {
            b.failed.push_back((batch, f));
            if b.failed.len() > 16 {
                b.failed.pop_front();
            }
        }
        drop(b);
        self.batch_done.notify_all();
    }

    fn wait_for(&self, batch: u64) -> Result<(), Failure> {
        let mut b = self.batches.lock().unwrap_or_else(|p| p.into_inner());
        while b.done < batch {
            let (guard, timeout) = self
                .batch_done
                .wait_timeout(b, std::time::Duration::from_millis(500))
                .unwrap_or_else(|p| p.into_inner());
            b = guard;
            if timeout.timed_out() && b.done < batch {
                // The write meant to commit this batch never came (it panicked): commit it
                // here, or learn that it was rolled back.
                drop(b);
                let mut w = self.lock_writer();
                if w.open && w.batch == batch && self.queued.load(Ordering::SeqCst) == 0 {
                    let _ = self.commit(&mut w);
                }
                drop(w);
                b = self.batches.lock().unwrap_or_else(|p| p.into_inner());
            }
        }
        match b.failed.iter().find(|(n, _)| *n == batch) {
            Some((_, f)) => Err(f.clone()),
            None => Ok(()),
        }
    }

    /// The writer connection. After a panic inside a write, the open batch cannot be trusted:
    /// it is rolled back whole and the writes waiting on it are told it failed.
    fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        match self.writer.lock() {
            Ok(w) => w,
            Err(poisoned) => {
                let mut w = poisoned.into_inner();
                if w.open {
                    if !w.conn.is_autocommit() {
                        let _ = w.conn.execute_batch("ROLLBACK");
                    }
                    w.open = false;
                    self.catalogue_settled();
                    self.finish(
                        w.batch,
                        Err(Failure {
                            message: "aborted".into(),
                            disk_full: false,
                        }),
                    );
                }
                self.writer.clear_poison();
                w
            }
        }
    }

    /// Changes each time a commit writes something: what was read before may be stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Changes each time consultations, themes or their links may have changed.
    pub fn catalogue_generation(&self) -> u64 {
        self.catalogue_generation.load(Ordering::SeqCst)
    }

    /// Runs `f` on a pooled read connection. Blocking: call from `run_blocking`.
    pub fn read<T, E>(&self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error> + From<DbError>,
    {
        let conn = match self.pool().pop() {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&c, false)?;
                c
            }
        };
        let out = f(&conn);
        let mut pool = self.pool();
        if pool.len() < READER_POOL {
            pool.push(conn);
        }
        out
    }

    fn pool(&self) -> MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the pool lock cannot leave a connection half-used; recover.
        self.readers.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the whole database by the copy in `file` (SQLite backup API, page by page):
    /// the training's starting state. Writes wait meanwhile; whatever was read before is stale.
    pub fn restore_from(&self, file: &Path) -> Result<(), DbError> {
        let mut w = self.lock_writer();
        if w.open {
            self.commit(&mut w).map_err(Failure::into_error)?;
        }
        w.conn.restore(
            rusqlite::MAIN_DB,
            file,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.catalogue_generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// A consistent copy of the live database (SQLite online backup) into a new file.
    pub fn backup_to(&self, file: &Path) -> Result<(), DbError> {
        // VACUUM INTO reads one snapshot: writers go on meanwhile.
        self.read(|c| {
            c.execute("VACUUM INTO ?1", [file.to_string_lossy()])?;
            Ok(())
        })
    }
}

/// Runs a transaction statement through the statement cache: they run for every write.
fn exec_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

fn configure(conn: &Connection, writer: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    if writer {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Savepoint journals stay in memory instead of spilling to a temporary file once a
        // write touches more than 64 KB of pages.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Every acknowledged write is on disk (PRODUCT.md §2.4).
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Refuses, without touching it, a file that does not start with the SQLite header.
fn check_header(path: &Path) -> Result<(), DbError> {
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(()); // absent: SQLite creates it
    };
    if path.is_dir() {
        return Err(DbError::NotSqlite(path.to_path_buf()));
    }
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(_) => return Err(DbError::NotSqlite(path.to_path_buf())),
        }
    }
    if read == 0 || &header[..read] == b"SQLite format 3\0" {
        Ok(())
    } else {
        Err(DbError::NotSqlite(path.to_path_buf()))
    }
}

#[cfg(test)]
pub(crate) fn test_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = Db::open(&dir.path().join(DB_FILE)).unwrap_or_else(|e| panic!("open: {e}"));
    (dir, db)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Group commit: writes from many threads at once share commits, yet each one that
    /// succeeded is on disk when it returns, and one that failed leaves nothing behind, even
    /// when it shared a transaction with others.
    #[test]
    fn concurrent_writes_share_commits_and_fail_alone() {
        let (dir, db) = test_db();
        db.write(|c| {
            Ok::<_, DbError>(c.execute_batch("CREATE TABLE t (n INTEGER NOT NULL UNIQUE)")?)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let db = std::sync::Arc::new(db);
        let before = db.generation();
        let threads: Vec<_> = (0..16)
            .map(|k| {
                let db = db.clone();
                std::thread::spawn(move || {
                    let mut ok = 0;
                    for i in 0..50 {
                        let n = k * 1000 + i;
                        let r: Result<(), DbError> = db.write(|c| {
                            c.execute("INSERT INTO t(n) VALUES (?1)", [n])?;
                            if i % 5 == 0 {
                                // Half-done work, then a failure: must vanish whole.
                                c.execute("INSERT INTO t(n) VALUES (?1)", [n + 500])?;
                                return Err(DbError::Commit("refused".into()));
                            }
                            Ok(())
                        });
                        if r.is_ok() {
                            ok += 1;
                        }
                    }
                    ok
                })
            })
            .collect();
        let ok: i64 = threads
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|_| panic!("thread panicked")))
            .sum();
        assert_eq!(ok, 16 * 40);
        // A new connection sees exactly the acknowledged writes.
        let other = Connection::open(dir.path().join(DB_FILE)).unwrap_or_else(|e| panic!("{e}"));
        let (rows, stray): (i64, i64) = other
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE n % 1000 >= 500) FROM t",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((rows, stray), (ok, 0));
        let commits = db.generation() - before;
        assert!(commits >= 1 && commits <= ok as u64, "{commits} commits");
        // Nothing is left open: a later write on its own commits at once.
        db.write(|c| Ok::<_, DbError>(c.execute("INSERT INTO t(n) VALUES (99999)", [])?))
            .unwrap_or_else(|e| panic!("{e}"));
        let n: i64 = other
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n, ok + 1);
    }

    /// The catalogue number moves only when consultations or themes change, and only once the
    /// change is committed: a new proposal leaves the cached catalogue valid.
    #[test]
    fn catalogue_generation_follows_consultations_and_themes_only() {
        let (_dir, db) = test_db();
        let g0 = db.catalogue_generation();
        db.write(|c| {
            Ok::<_, DbError>(c.execute(
                "INSERT INTO settings(key, value) VALUES ('probe', '1') \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [],
            )?)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(db.catalogue_generation(), g0, "a settings write");
        db.write(|c| {
            let seen = db.catalogue_generation();
            c.execute(
                "INSERT INTO themes(code, label_fr, label_en, position, active) \
                 VALUES ('essai', 'Essai', 'Trial', 99, 1)",
                [],
            )?;
            // Not yet committed: nobody may cache the new theme under a new number.
            assert_eq!(db.catalogue_generation(), seen);
            Ok::<_, DbError>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let g1 = db.catalogue_generation();
        assert!(g1 > g0, "a theme insert");
        db.write(|c| {
            Ok::<_, DbError>(c.execute(
                "UPDATE themes SET label_fr = 'Essai 2' WHERE code = 'essai'",
                [],
            )?)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(db.catalogue_generation() > g1, "a theme update");
        let g2 = db.catalogue_generation();
        db.write(|c| Ok::<_, DbError>(c.execute("DELETE FROM themes WHERE code = 'essai'", [])?))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(db.catalogue_generation() > g2, "a theme delete");
    }

    /// A write that panics half-way leaves nothing behind, and the writer goes on.
    #[test]
    fn a_panic_inside_a_write_rolls_it_back_and_the_writer_goes_on() {
        let (_dir, db) = test_db();
        db.write(|c| Ok::<_, DbError>(c.execute_batch("CREATE TABLE t (n INTEGER)")?))
            .unwrap_or_else(|e| panic!("{e}"));
        let db = std::sync::Arc::new(db);
        let d2 = db.clone();
        let crashed = std::thread::spawn(move || {
            let _: Result<(), DbError> = d2.write(|c| {
                c.execute("INSERT INTO t(n) VALUES (1)", [])?;
                panic!("a bug in the middle of a write");
            });
        })
        .join();
        assert!(crashed.is_err());
        db.write(|c| Ok::<_, DbError>(c.execute("INSERT INTO t(n) VALUES (2)", [])?))
            .unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<i64> = db
            .read(|c| {
                Ok::<_, DbError>(
                    c.prepare("SELECT n FROM t")?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()?,
                )
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, vec![2]);
    }

    #[test]
    fn migrations_are_valid() {
        assert!(MIGRATIONS.validate().is_ok());
    }

    /// Released migrations are never edited: a changed file would leave existing databases
    /// with a schema the code does not expect. Add a new migration instead, and its hash here.
    #[test]
    fn released_migrations_are_unchanged() {
        use sha2::{Digest, Sha256};
        const RELEASED: &[(&str, &str)] = &[
            (
                "0001_init.sql",
                "f86caf88e6e7b39581ef9bf704cfb313e9e686f334979a7b47d8ab7f0878e4a2",
            ),
            (
                "0002_library.sql",
                "54bb70b464c9eaa6aaaa282f05570783ab2a09f07e532df0f1778061a1da9f43",
            ),
            (
                "0003_participation.sql",
                "13e125e1847eb9e607569f08dbc0dae0071936e8073337e1a6432dd925a2bc82",
            ),
            (
                "0004_moderation.sql",
                "fddb944b572112e867e9456d49b945768bda3ec6374eca7bcdc54f26da9c9edc",
            ),
            (
                "0005_bundles.sql",
                "f35353c5d3386495c02bfd5a8261527d685b0b46942161a77821b2b6c7b9ae54",
            ),
            (
                "0006_list_indexes.sql",
                "59a87b2b260f7aadd6c1431c3b88397c8fa53d90d500cc53d6999434a224eb1f",
            ),
            (
                "0007_workshops.sql",
                "4001016a5cb1d85b34668d52cd92ed2ea22d40e38ef92f4c89e856beeb991436",
            ),
            (
                "0008_published_indexes.sql",
                "2bcd51d66f18bc7c0eb47b182b95211d6102f944317f549c882eb3ffe92b3d4a",
            ),
            (
                "0009_references.sql",
                "23ae7821a5310e45bb27118bd6b1c3799d5a268e35aa5b2c253cabb69f806740",
            ),
            (
                "0010_logo.sql",
                "54c8fb9b512ec6429dca0b713d822c89a15ad443c7db2d6bb80a2ca56b3f85bb",
            ),
            (
                "0011_document_parts.sql",
                "9344323f081cf7b95834a91a0a7591b7e23ef101ac42d6bf425d390e3fa29f03",
            ),
        ];
        for ((name, hash), (fname, text)) in RELEASED.iter().zip(MIGRATION_FILES) {
            assert_eq!(
                name, fname,
                "migrations are append-only: never rename or reorder"
            );
            let got: String = Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                &got, hash,
                "{name} was edited after release: add a new migration instead"
            );
        }
        assert!(MIGRATION_FILES.len() >= RELEASED.len());
    }

    #[test]
    fn bundled_sqlite_has_the_wal_fix() {
        // 3.51.3 fixes a WAL corruption bug present in earlier releases.
        assert!(
            rusqlite::version_number() >= 3_051_003,
            "SQLite {}",
            rusqlite::version()
        );
    }

    #[test]
    fn opens_in_wal_with_foreign_keys() {
        let (_dir, db) = test_db();
        let (mode, fk): (String, i64) = db
            .read(|c| {
                Ok::<_, DbError>((
                    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                    c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                ))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1);
    }

    #[test]
    fn refuses_a_file_that_is_not_sqlite_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(DB_FILE);
        std::fs::write(&path, "mes notes importantes").unwrap_or_else(|e| panic!("{e}"));
        let err = Db::open(&path).err();
        assert!(matches!(err, Some(DbError::NotSqlite(_))), "{err:?}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            "mes notes importantes"
        );
    }

    #[test]
    fn refuses_another_programs_database() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(DB_FILE);
        let c = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(c);
        assert!(matches!(Db::open(&path), Err(DbError::Foreign(_))));
    }

    #[test]
    fn reopening_keeps_data() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(DB_FILE);
        {
            let db = Db::open(&path).unwrap_or_else(|e| panic!("{e}"));
            db.write(|tx| Ok::<_, DbError>(settings::set(tx, "k", "v")?))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let db = Db::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let v = db
            .read(|c| Ok::<_, DbError>(settings::get(c, "k")?))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.as_deref(), Some("v"));
    }
}
