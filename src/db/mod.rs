//! The SQLite file: opening it safely, pragmas, embedded append-only migrations, one writer
//! connection and a small pool of readers. Queries live in one file per entity.

pub mod accounts;
pub mod bundles;
pub mod codes;
pub mod consultations;
pub mod documents;
pub mod exports;
pub mod logo;
pub mod moderation;
pub mod pages;
pub mod populations;
pub mod priorities;
pub mod proposals;
pub mod record;
pub mod replication;
pub mod sessions;
pub mod settings;
pub mod setup;
pub mod sms;
pub mod spent;
pub mod stats;
pub mod themes;
pub mod throttle;
pub mod timeline;
pub mod topics;
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
use topics::{Generations, Topic};

pub const DB_FILE: &str = "palabre.sqlite3";
/// "PALB": marks a database as Palabre's, so that another program's SQLite file is refused.
pub const APPLICATION_ID: i32 = 0x5041_4C42;
const READER_POOL: usize = 8;
/// Most writes sharing one commit (group commit): bounds the wait of the first of them.
const MAX_BATCH: usize = 64;

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
    (
        "0012_populations.sql",
        include_str!("migrations/0012_populations.sql"),
    ),
    (
        "0013_record_sources.sql",
        include_str!("migrations/0013_record_sources.sql"),
    ),
    (
        "0014_closing_day.sql",
        include_str!("migrations/0014_closing_day.sql"),
    ),
    (
        "0015_logo_screen.sql",
        include_str!("migrations/0015_logo_screen.sql"),
    ),
    (
        "0016_reference_codes.sql",
        include_str!("migrations/0016_reference_codes.sql"),
    ),
    (
        "0017_spent_forms.sql",
        include_str!("migrations/0017_spent_forms.sql"),
    ),
    (
        "0018_known_devices.sql",
        include_str!("migrations/0018_known_devices.sql"),
    ),
    (
        "0019_priorities.sql",
        include_str!("migrations/0019_priorities.sql"),
    ),
    ("0020_sms.sql", include_str!("migrations/0020_sms.sql")),
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
    /// One counter per topic (set by the writer's update hook, bumped when a batch ends): the
    /// catalogue and the page cache compare them, so that a new support does not make every
    /// page be built again.
    topics: Arc<Generations>,
    readers: Mutex<Vec<Connection>>,
    /// Litestream's folder was there at the last look: checkpoints are left to it
    /// (`wal_autocheckpoint` off), so that two programs never checkpoint one WAL at once.
    replicated: AtomicBool,
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
        // Before the migrations: with Litestream beside the file, they never checkpoint.
        let replicated = leaves_checkpoints(path);
        if replicated {
            writer
                .pragma_update(None, "wal_autocheckpoint", 0)
                .map_err(open_err)?;
        }
        let topics = Arc::new(Generations::default());
        let hook = topics.clone();
        writer
            .update_hook(Some(move |_: Action, _: &str, table: &str, _: i64| {
                hook.touched(table)
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
        // What the migrations wrote is not news to anyone: the counters start from here.
        topics.settle();
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
            topics,
            readers: Mutex::new(Vec::new()),
            replicated: AtomicBool::new(replicated),
        })
    }

    /// Looks at Litestream beside the file and, when that changed, gives checkpoints to it
    /// (`wal_autocheckpoint = 0`: it checkpoints after shipping) or takes them back (SQLite's
    /// default, every 1000 pages), also when it stopped following for good
    /// (`Replication::leaves_checkpoints`). Palabre never runs `VACUUM` in place, a TRUNCATE
    /// checkpoint or `mmap`. Called every 2 seconds while serving (and at opening); returns
    /// whether checkpoints are left to Litestream.
    pub fn follow_replication(&self) -> Result<bool, DbError> {
        let seen = leaves_checkpoints(&self.path);
        if seen == self.replicated.load(Ordering::SeqCst) {
            return Ok(seen);
        }
        let mut w = self.lock_writer();
        if w.open {
            self.commit(&mut w).map_err(Failure::into_error)?;
        }
        let pages = if seen { 0 } else { 1000 };
        w.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        self.replicated.store(seen, Ordering::SeqCst);
        if seen {
            tracing::info!(
                wal_autocheckpoint = pages,
                "Litestream seen: checkpoints left to it"
            );
        } else {
            tracing::warn!(
                wal_autocheckpoint = pages,
                "Litestream gone or stopped following: Palabre checkpoints again"
            );
        }
        Ok(seen)
    }

    /// Whether checkpoints are left to Litestream now.
    pub fn checkpoints_left_to_replication(&self) -> bool {
        self.replicated.load(Ordering::SeqCst)
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
        self.topics.settle();
        self.finish(w.batch, result.clone());
        result
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
                    self.topics.settle();
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
        self.topics.of(Topic::Catalogue)
    }

    /// Changes each time one of `topics` may have changed (see `topics::Generations::stamp`).
    pub fn stamp(&self, topics: &[Topic]) -> u64 {
        self.topics.stamp(topics)
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
        self.topics.bump_all();
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

/// Whether checkpoints are Litestream's now, from what is beside the file at `path`.
fn leaves_checkpoints(path: &Path) -> bool {
    crate::domain::replication::Replication::leaves_checkpoints(replication::observe(path))
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
mod tests;
