//! Public content: the OGP presentation page and the document library.

use actix_web::http::header;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get};
use serde::Deserialize;

use crate::db::topics::Topic;
use crate::db::{documents, pages, settings};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{cached_page, cached_page_reading};
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(pgo)
        .service(documents_list)
        .service(document_download);
}

#[get("/pgo")]
async fn pgo(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    const TOPICS: &[Topic] = &[Topic::Content, Topic::Settings];
    cached_page(&req, &ctx, &state, TOPICS, || async {
        let lang = ctx.lang.code();
        let (page, contact) = state
            .read(move |c| Ok((pages::get(c, pages::PGO, lang)?, settings::contact(c)?)))
            .await?;
        let body = page
            .as_ref()
            .map(|p| p.body.as_str())
            .or(pages::default_body(pages::PGO, lang))
            .unwrap_or("");
        let updated = page
            .as_ref()
            .filter(|p| !p.is_default)
            .map(|p| p.updated_at);
        Ok(views::content::pgo(&ctx, body, updated, &contact))
    })
    .await
}

#[derive(Deserialize)]
struct DocFilter {
    categorie: Option<String>,
    langue: Option<String>,
}

#[get("/documents")]
async fn documents_list(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<DocFilter>,
) -> Result<HttpResponse, AppError> {
    cached_page_reading(
        &req,
        &ctx,
        &state,
        &[Topic::Content],
        &["categorie", "langue"],
        || documents_page(&ctx, &state, q.into_inner()),
    )
    .await
}

async fn documents_page(
    ctx: &PageCtx,
    state: &AppState,
    q: DocFilter,
) -> Result<maud::Markup, AppError> {
    let category = q
        .categorie
        .filter(|c| crate::domain::document::Category::parse(c).is_some());
    let language = q.langue.filter(|l| !l.is_empty() && l.len() <= 8);
    let (c2, l2) = (category.clone(), language.clone());
    let (docs, last) = state
        .read(move |c| {
            Ok((
                documents::list(c, c2.as_deref(), l2.as_deref())?,
                documents::last_added(c)?,
            ))
        })
        .await?;
    let v = views::content::DocumentsView {
        docs: &docs,
        category: category.as_deref(),
        language: language.as_deref(),
        last_added: last,
    };
    Ok(views::content::documents(ctx, &v))
}

/// Serves a stored file with its real type, as a download: never rendered by the browser as a
/// page, whatever it contains.
#[get("/documents/{uid}/{name}")]
async fn document_download(
    path: web::Path<(String, String)>,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (uid, _) = path.into_inner();
    let found = state
        .read(move |c| {
            let Some(doc) = documents::by_uid(c, &uid)? else {
                return Ok(None);
            };
            let len = documents::file_len(c, doc.id)?;
            Ok(len.map(|n| (doc, n)))
        })
        .await?;
    let (doc, len) = found.ok_or(AppError::NotFound)?;
    let id = doc.id;
    let body = pieces(state, id, len);
    let name = doc.file_name.unwrap_or_else(|| "document".into());
    let disposition = crate::web::respond::attachment(&name);
    Ok(HttpResponse::Ok()
        .content_type(
            doc.media_type
                .unwrap_or_else(|| "application/octet-stream".into()),
        )
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"))
        // Sent as stored (PDF, office files are compressed already): no gzip pass over it.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .no_chunking(len as u64)
        .streaming(body))
}

/// The document `id` of `len` bytes as a response body, piece by piece, each read when the
/// person's connection takes the last one: memory stays flat however many downloads are
/// open and however slow they are.
fn pieces(
    state: Data<AppState>,
    id: i64,
    len: usize,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(0usize, move |offset| {
        let state = state.clone();
        async move {
            if offset >= len {
                return None;
            }
            let piece = state
                .read(move |c| Ok(documents::file_chunk(c, id, offset, DOWNLOAD_CHUNK)?))
                .await;
            match piece {
                Ok(buf) if !buf.is_empty() => {
                    let next = offset + buf.len();
                    Some((Ok::<_, actix_web::Error>(Bytes::from(buf)), next))
                }
                // Deleted meanwhile, or a read error: the download ends short.
                _ => None,
            }
        }
    })
}

/// The piece of a document read at a time when it is downloaded.
const DOWNLOAD_CHUNK: usize = 32 * 1024;
