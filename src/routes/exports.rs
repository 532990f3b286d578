//! Exports for staff (streamed off the async executor) and the public open data (cached, so
//! that nobody can make the server rebuild it in a loop).

use std::io::Write;

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpResponse, get};
use serde::Deserialize;

use super::html;
use crate::app::{AppState, run_blocking};
use crate::db::exports::{self, Audience};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::export::{CsvSink, Format, JsonSink, RowSink, XlsxSink};
use crate::security::session::ModeratorUser;
use crate::views::{self, PageCtx};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(exports_page)
        .service(staff_export)
        .service(open_data_page)
        .service(open_data_file);
}

/// Seconds an open-data file is served from memory before being rebuilt.
const OPEN_DATA_TTL: i64 = 60;
const CHUNK: usize = 64 * 1024;

/// An `io::Write` that hands 64 KB chunks to the HTTP response as they are produced.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Bytes>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        // The person closed the download: stop the query.
        self.tx
            .blocking_send(chunk)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

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

fn attachment(format: Format, name: &str, now: i64) -> String {
    let day = time::OffsetDateTime::from_unix_timestamp(now)
        .map(|d| d.date().to_string())
        .unwrap_or_default();
    format!(
        "attachment; filename=\"palabre-{name}-{day}.{}\"",
        format.extension()
    )
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

#[get("/admin/exports/{file}")]
async fn staff_export(
    m: ModeratorUser,
    state: Data<AppState>,
    file: web::Path<String>,
    q: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let dataset = Dataset::parse(name).ok_or(AppError::NotFound)?;
    let format = Format::parse(ext, q.separateur.as_deref() == Some("pointvirgule"))
        .ok_or(AppError::NotFound)?;
    // Contact data leaves the database only for admins.
    let audience = if m.0.role == Role::Admin {
        Audience::Admin
    } else {
        Audience::Staff
    };
    let disposition = attachment(format, dataset.name(), state.now());
    tracing::info!(login = %m.0.login, export = %file, "staff export");
    let mut resp = HttpResponse::Ok();
    resp.content_type(format.media_type())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if format == Format::Xlsx {
        let bytes = run_blocking(move || {
            state.db.read(|c| {
                let mut sink = XlsxSink::new(dataset.name());
                write(c, dataset, audience, &mut sink)?;
                Ok::<_, AppError>(sink.bytes)
            })
        })
        .await?;
        return Ok(resp.body(bytes));
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(8);
    // The query runs on a blocking thread and streams: memory stays flat whatever the size.
    actix_web::rt::task::spawn_blocking(move || {
        let out = ChannelWriter {
            tx,
            buf: Vec::new(),
        };
        let result = state.db.read(|c| -> Result<u64, crate::db::DbError> {
            match format {
                Format::Json => write(c, dataset, audience, &mut JsonSink::new(out)),
                _ => write(
                    c,
                    dataset,
                    audience,
                    &mut CsvSink::new(out, matches!(format, Format::Csv { semicolon: true }))?,
                ),
            }
        });
        if let Err(e) = result {
            tracing::warn!(error = %e, "export interrupted");
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|o| o.map(Ok::<_, actix_web::Error>))
    });
    Ok(resp.streaming(stream))
}

#[get("/donnees")]
async fn open_data_page(ctx: PageCtx, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let licence = run_blocking(move || {
        state
            .db
            .read(|c| Ok::<_, AppError>(crate::db::settings::get(c, crate::db::settings::LICENCE)?))
    })
    .await?;
    Ok(html(
        StatusCode::OK,
        views::results::open_data(&ctx, licence.as_deref().unwrap_or("licence-ouverte")),
    ))
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
    // One build at a time; everyone else gets the same recent copy.
    let mut cache = state.open_data.lock().await;
    let fresh = cache
        .get(key)
        .filter(|(at, _)| now - at < OPEN_DATA_TTL)
        .map(|(_, b)| b.clone());
    let bytes = match fresh {
        Some(b) => b,
        None => {
            let st = state.clone();
            let built = run_blocking(move || {
                st.db.read(|c| {
                    Ok::<_, AppError>(match format {
                        Format::Xlsx => {
                            let mut sink = XlsxSink::new("propositions");
                            exports::proposals(c, Audience::Public, &mut sink)?;
                            sink.bytes
                        }
                        Format::Json => {
                            let mut out = Vec::new();
                            exports::proposals(c, Audience::Public, &mut JsonSink::new(&mut out))?;
                            out
                        }
                        Format::Csv { .. } => {
                            let mut out = Vec::new();
                            exports::proposals(
                                c,
                                Audience::Public,
                                &mut CsvSink::new(&mut out, false)
                                    .map_err(crate::db::DbError::from)?,
                            )?;
                            out
                        }
                    })
                })
            })
            .await?;
            let b = Bytes::from(built);
            cache.insert(key.to_string(), (now, b.clone()));
            b
        }
    };
    drop(cache);
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(bytes))
}
