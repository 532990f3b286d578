//! The backup page (`/admin/sauvegarde`, admins): a consistent copy of the whole database
//! in one click, and whether continuous replication (Litestream) follows the writes.

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get};

use crate::domain::replication::Replication;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::html;
use crate::web::session::AdminUser;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(backup_page).service(backup_file);
}

#[get("/admin/sauvegarde")]
async fn backup_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let db_path = state.db.path().to_path_buf();
    // A walk of Litestream's folder: off the executor.
    let observed = run_blocking(move || Ok(crate::db::replication::observe(&db_path))).await?;
    let view = views::backup::Backup {
        data_dir: state.data_dir.display().to_string(),
        replication: Replication::of(observed),
        replica_folder: crate::db::replication::folder(state.db.path())
            .display()
            .to_string(),
        checkpoints_left: state.db.checkpoints_left_to_replication(),
        windows: cfg!(windows),
    };
    Ok(html(StatusCode::OK, views::backup::backup(&ctx, &view)))
}

/// The copy made for one download, deleted when dropped: whatever happens (the copy fails,
/// the journal cannot be written, the person leaves), no copy of the personal data stays.
struct TempCopy(std::path::PathBuf);

impl Drop for TempCopy {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.0)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, file = %self.0.display(), "could not delete a backup copy");
        }
    }
}

/// `palabre-sauvegarde-2026-11-30-1042.sqlite3`: sorts by date, never overwrites another.
fn file_name(now: i64) -> String {
    let d =
        time::OffsetDateTime::from_unix_timestamp(now).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "palabre-sauvegarde-{:04}-{:02}-{:02}-{:02}{:02}.sqlite3",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute()
    )
}

/// The copy itself: made in the data folder (`VACUUM INTO`, one snapshot; writers go on),
/// streamed, then deleted. It holds contacts and password hashes: who took it is journaled.
#[get("/admin/sauvegarde/fichier")]
async fn backup_file(a: AdminUser, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let saved_as = file_name(now);
    let copy = TempCopy(crate::web::spool::backup_copy(&state.data_dir));
    let dir = state.data_dir.join("cache");
    let st = state.clone().into_inner();
    // The guard goes into the blocking task and comes back with the open file: if the
    // request is dropped meanwhile, the task still ends by dropping it.
    let (copy, reader, len) = run_blocking(move || {
        std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
        st.db.backup_to(&copy.0)?;
        let reader = std::fs::File::open(&copy.0).map_err(AppError::internal)?;
        let len = reader.metadata().map_err(AppError::internal)?.len();
        Ok((copy, reader, len))
    })
    .await?;
    tracing::info!(login = %a.0.login, backup = %saved_as, "backup downloaded");
    state.journal_export(saved_as.clone(), &a.0).await?;
    // The copy is deleted once the file is closed, sent or not.
    let stream = crate::web::stream::file(reader, move || drop(copy));
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.sqlite3")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{saved_as}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .no_chunking(len)
        .streaming(stream))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_name_says_the_day_and_minute() {
        assert_eq!(
            super::file_name(1_796_032_800),
            "palabre-sauvegarde-2026-11-30-1000.sqlite3"
        );
    }
}
