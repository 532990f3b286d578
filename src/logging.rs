//! Logs: a file in the data folder (kept 14 days) for what happened, and only warnings on the
//! console, which belongs to the plain-French banner. Requests are not logged one by one:
//! addresses of citizens are personal data.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

/// Starts logging; keep the guard alive for as long as the program runs.
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let dir = data_dir.join("logs");
    std::fs::create_dir_all(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("palabre")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir)
        .ok()?;
    // A short queue: the default one reserves 4 MB at start, a fifth of the idle budget.
    let (file, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(1024)
        .finish(appender);
    let file_filter =
        EnvFilter::try_from_env("PALABRE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(file)
                .with_ansi(false)
                .with_filter(file_filter),
        )
        .with(
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false)
                .with_filter(EnvFilter::new("warn")),
        )
        .try_init();
    Some(guard)
}
