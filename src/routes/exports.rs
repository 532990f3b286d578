//! Exports for staff (streamed off the async executor) and the public open data (cached, so
//! that nobody can make the server rebuild it in a loop).

use std::io::Write;

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, get};
use serde::Deserialize;

use crate::db::exports::{self, Audience};
use crate::domain::account::Role;
use crate::export::{CsvSink, Format, JsonSink, Labelled, RowSink, XlsxSink};
use crate::i18n::Lang;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::html;
use crate::web::session::ModeratorUser;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(exports_page)
        .service(staff_export)
        .service(open_data_page)
        .service(open_data_file);
}

/// Seconds an open-data file is served from memory before being rebuilt.
const OPEN_DATA_TTL: i64 = 60;
#[derive(Clone, Copy)]
enum Dataset {
    Proposals,
    Comments,
    Supports,
    History,
}

impl Dataset {
    fn parse(s: &str) -> Option<Dataset> {
        match s {
            "propositions" => Some(Dataset::Proposals),
            "commentaires" => Some(Dataset::Comments),
            "soutiens" => Some(Dataset::Supports),
            "historique" => Some(Dataset::History),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Dataset::Proposals => "propositions",
            Dataset::Comments => "commentaires",
            Dataset::Supports => "soutiens",
            Dataset::History => "historique",
        }
    }
}

fn write(
    c: &rusqlite::Connection,
    d: Dataset,
    audience: Audience,
    sink: &mut dyn RowSink,
) -> Result<u64, crate::db::DbError> {
    match d {
        Dataset::Proposals => exports::proposals(c, audience, sink),
        Dataset::Comments => exports::comments(c, sink),
        Dataset::Supports => exports::supports(c, sink),
        Dataset::History => exports::history(c, sink),
    }
}

/// The name the browser saves an export under (and the journal records), dated.
fn file_name(format: Format, name: &str, now: i64) -> String {
    let day = time::OffsetDateTime::from_unix_timestamp(now)
        .map(|d| d.date().to_string())
        .unwrap_or_default();
    format!("palabre-{name}-{day}.{}", format.extension())
}

#[get("/admin/exports")]
async fn exports_page(m: ModeratorUser, ctx: PageCtx) -> HttpResponse {
    html(
        StatusCode::OK,
        views::results::exports(&ctx, m.0.role == Role::Admin),
    )
}

#[derive(Deserialize)]
struct ExportQuery {
    separateur: Option<String>,
}

/// The label of a code in a staff export's coded column, in `lang`; `None` leaves the code.
fn export_label(lang: Lang, column: &str, code: &str) -> Option<String> {
    use crate::domain::{moderation::Reason, proposal::Status, seed};
    match column {
        "canal" => seed::find(&seed::CHANNELS, code).map(|i| i.label(lang).to_string()),
        "statut" if Status::parse(code).is_some() => Some(lang.t(&format!("status-{code}"))),
        "moderation" if crate::db::codes::is_moderation_code(code) => {
            Some(lang.t(&format!("moderation-state-{code}")))
        }
        "motif_retenue" if Reason::parse(code).is_some() => Some(lang.t(&format!("reason-{code}"))),
        "action" if crate::domain::moderation::JOURNAL_ACTIONS.contains(&code) => {
            Some(lang.t(&format!("journal-kind-{code}")))
        }
        // A moderation state or a status, whichever the code is (an export's file name or
        // a count stays as it is).
        "avant" | "apres" if crate::db::codes::is_moderation_code(code) => {
            Some(lang.t(&format!("moderation-state-{code}")))
        }
        "avant" | "apres" if Status::parse(code).is_some() => {
            Some(lang.t(&format!("status-{code}")))
        }
        "role" if ["admin", "moderator", "facilitator", "system"].contains(&code) => {
            Some(lang.t(&format!("role-{code}")))
        }
        _ => None,
    }
}

/// The CSV separator: what was asked, else the one the reader's Excel expects (`;` in
/// French, `,` in English).
fn semicolon(asked: Option<&str>, lang: Lang) -> bool {
    match asked {
        Some("pointvirgule") => true,
        Some("virgule") => false,
        _ => lang == Lang::Fr,
    }
}

#[get("/admin/exports/{file}")]
async fn staff_export(
    m: ModeratorUser,
    ctx: PageCtx,
    state: Data<AppState>,
    file: web::Path<String>,
    q: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let dataset = Dataset::parse(name).ok_or(AppError::NotFound)?;
    let format =
        Format::parse(ext, semicolon(q.separateur.as_deref(), lang)).ok_or(AppError::NotFound)?;
    let label = move |column: &str, code: &str| export_label(lang, column, code);
    // Contact data leaves the database only for admins.
    let audience = if m.0.role == Role::Admin {
        Audience::Admin
    } else {
        Audience::Staff
    };
    let now = state.now();
    let saved_as = file_name(format, dataset.name(), now);
    let disposition = format!("attachment; filename=\"{saved_as}\"");
    tracing::info!(login = %m.0.login, export = %saved_as, "staff export");
    // Who took which data out, and when, in the journal (contacts are personal data), under
    // the name of the file they have.
    state.journal_export(saved_as, &m.0).await?;
    let mut resp = HttpResponse::Ok();
    resp.content_type(format.media_type())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if format == Format::Xlsx {
        let bytes = state
            .read(move |c| {
                let mut sink = XlsxSink::new(dataset.name()).map_err(crate::db::DbError::from)?;
                write(c, dataset, audience, &mut Labelled::new(&mut sink, &label))?;
                Ok(sink.bytes)
            })
            .await?;
        return Ok(resp.body(bytes));
    }
    // The query runs on a blocking thread and streams: memory stays flat whatever the size.
    let stream = crate::web::stream::writing(move |out| {
        let result = state.db.read(|c| -> Result<u64, crate::db::DbError> {
            match format {
                Format::Json => write(c, dataset, audience, &mut JsonSink::new(out)),
                _ => {
                    let mut csv =
                        CsvSink::new(out, matches!(format, Format::Csv { semicolon: true }))?;
                    write(c, dataset, audience, &mut Labelled::new(&mut csv, &label))
                }
            }
        });
        if let Err(e) = result {
            tracing::warn!(error = %e, "export interrupted");
        }
    });
    Ok(resp.streaming(stream))
}

#[get("/donnees")]
async fn open_data_page(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let topics = &[crate::db::topics::Topic::Settings];
    crate::web::respond::cached_page(&req, &ctx, &state, topics, || async {
        let licence = state
            .read(move |c| Ok(crate::db::settings::get(c, crate::db::settings::LICENCE)?))
            .await?;
        Ok(views::results::open_data(
            &ctx,
            licence.as_deref().unwrap_or("licence-ouverte"),
        ))
    })
    .await
}

#[get("/donnees/{file}")]
async fn open_data_file(
    state: Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let format = match file.as_str() {
        "propositions.csv" => Format::Csv { semicolon: false },
        "propositions.json" => Format::Json,
        "propositions.xlsx" => Format::Xlsx,
        _ => return Err(AppError::NotFound),
    };
    let key = format.extension();
    let now = state.now();
    // One build at a time; everyone else gets the same recent copy, read from a file in the
    // data folder: memory stays flat whatever the number of proposals.
    let mut cache = state.open_data.lock().await;
    let fresh = cache
        .get(key)
        .filter(|f| now - f.built_at < OPEN_DATA_TTL && f.path.is_file())
        .cloned();
    let built = match fresh {
        Some(f) => f,
        None => {
            let db = state.db.clone();
            let dir = state.data_dir.join("cache");
            let path = dir.join(format!("donnees-{now}.{key}"));
            let target = path.clone();
            let len = run_blocking(move || build_open_data(&db, format, &dir, &target)).await?;
            let f = crate::web::state::OpenDataFile {
                built_at: now,
                path,
                len,
            };
            if let Some(old) = cache.insert(key.to_string(), f.clone())
                && old.path != f.path
            {
                // Still being sent to someone on Windows: the next start clears the folder.
                let _ = std::fs::remove_file(&old.path);
            }
            f
        }
    };
    drop(cache);
    let reader = std::fs::File::open(&built.path).map_err(AppError::internal)?;
    let stream = crate::web::stream::file(reader, || {});
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .no_chunking(built.len)
        .streaming(stream))
}

/// Writes the public proposals file into `dir` (created if needed) and returns its size.
fn build_open_data(
    db: &crate::db::Db,
    format: Format,
    dir: &std::path::Path,
    path: &std::path::Path,
) -> Result<u64, AppError> {
    let io = |e: std::io::Error| AppError::internal(e);
    std::fs::create_dir_all(dir).map_err(io)?;
    let partial = path.with_extension("partiel");
    let out = std::io::BufWriter::new(std::fs::File::create(&partial).map_err(io)?);
    let result = db.read(|c| -> Result<(), AppError> {
        match format {
            Format::Xlsx => {
                let mut sink = XlsxSink::new("propositions").map_err(io)?;
                exports::proposals(c, Audience::Public, &mut sink)?;
                let mut out = out;
                out.write_all(&sink.bytes).map_err(io)?;
                out.flush().map_err(io)?;
            }
            Format::Json => {
                let mut sink = JsonSink::new(out);
                exports::proposals(c, Audience::Public, &mut sink)?;
            }
            Format::Csv { .. } => {
                let mut sink = CsvSink::new(out, false).map_err(io)?;
                exports::proposals(c, Audience::Public, &mut sink)?;
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, path).map_err(io)?;
    Ok(std::fs::metadata(path).map_err(io)?.len())
}
