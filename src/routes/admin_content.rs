//! Staff editing of the public content: presentation page, point of contact, library.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use futures_util::StreamExt;
use serde::Deserialize;

use crate::db::{documents, pages, settings};
use crate::domain::contact::Contact;
use crate::domain::document::{
    DEFAULT_MAX_BYTES, DocumentForm, DocumentMeta, Format, sniff_reader,
};
use crate::domain::setup::FieldErrors;
use crate::i18n::Lang;
use crate::security;
use crate::views::{self, PageCtx, admin_content::PgoEdit};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::spool::{Spool, Spooled};
use crate::web::state::{AppState, run_blocking};
use std::path::Path;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(pgo_edit_page)
        .service(pgo_save)
        .service(contact_page)
        .service(contact_save)
        .service(library_page)
        .service(document_upload)
        .service(document_link)
        .service(document_delete);
}

pub const PAGE_MAX_CHARS: usize = 60_000;

#[derive(Deserialize)]
struct LangQuery {
    langue: Option<String>,
    enregistre: Option<String>,
}

#[get("/admin/pgo")]
async fn pgo_edit_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = q
        .langue
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(ctx.lang);
    let page = state
        .read(move |c| Ok(pages::get(c, pages::PGO, lang.code())?))
        .await?;
    let body = page.as_ref().map(|p| p.body.clone()).unwrap_or_default();
    let v = PgoEdit {
        lang,
        body: &body,
        is_default: page.as_ref().is_none_or(|p| p.is_default),
        preview: false,
        saved: q.enregistre.is_some(),
        errors: &FieldErrors::new(),
    };
    Ok(html(
        StatusCode::OK,
        views::admin_content::pgo_edit(&ctx, &v),
    ))
}

#[derive(Deserialize)]
struct PgoForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    action: String,
}

#[post("/admin/pgo")]
async fn pgo_save(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<PgoForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let lang = Lang::parse(&form.lang).unwrap_or(ctx.lang);
    let mut errors = FieldErrors::new();
    if form.body.trim().is_empty() {
        errors.push(("body", "admin-pgo-error-empty"));
    } else if form.body.chars().count() > PAGE_MAX_CHARS {
        errors.push(("body", "error-too-long"));
    }
    if form.action == "save" && errors.is_empty() {
        let now = state.now();
        let body = form.body.clone();
        state
            .write(move |c| Ok(pages::save(c, pages::PGO, lang.code(), &body, now)?))
            .await?;
        return Ok(see_other(&format!(
            "/admin/pgo?langue={}&enregistre=1",
            lang.code()
        )));
    }
    let v = PgoEdit {
        lang,
        body: &form.body,
        is_default: false,
        preview: errors.is_empty(),
        saved: false,
        errors: &errors,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, views::admin_content::pgo_edit(&ctx, &v)))
}

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/contact")]
async fn contact_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let contact = state.read(move |c| Ok(settings::contact(c)?)).await?;
    Ok(html(
        StatusCode::OK,
        views::admin_content::contact_edit(
            &ctx,
            &contact,
            &FieldErrors::new(),
            q.enregistre.is_some(),
        ),
    ))
}

#[derive(Deserialize)]
struct ContactForm {
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_role: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    contact_phone: String,
}

#[post("/admin/contact")]
async fn contact_save(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<ContactForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let c = match Contact::parse(
        &f.contact_name,
        &f.contact_role,
        &f.contact_email,
        &f.contact_phone,
    ) {
        Ok(c) => c,
        Err((typed, errors)) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::admin_content::contact_edit(&ctx, &typed, &errors, false),
            ));
        }
    };
    state
        .write(move |tx| {
            settings::set(tx, settings::CONTACT_NAME, &c.name)?;
            settings::set(tx, settings::CONTACT_ROLE, &c.role)?;
            settings::set(tx, settings::CONTACT_EMAIL, &c.email)?;
            settings::set(tx, settings::CONTACT_PHONE, &c.phone)?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/contact?enregistre=1"))
}

#[derive(Deserialize)]
struct LibraryQuery {
    ajoute: Option<String>,
    supprime: Option<String>,
}

async fn max_bytes(state: &Data<AppState>) -> Result<u64, AppError> {
    let mb = state
        .read(move |c| Ok(settings::get(c, settings::UPLOAD_MAX_MB)?))
        .await?;
    Ok(mb
        .and_then(|m| m.parse::<u64>().ok())
        .filter(|m| (1..=200).contains(m))
        .map(|m| m * 1024 * 1024)
        .unwrap_or(DEFAULT_MAX_BYTES))
}

async fn render_library(
    ctx: &PageCtx,
    state: &Data<AppState>,
    form: &DocumentForm,
    errors: &FieldErrors,
    active: &str,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let max = max_bytes(state).await?;
    let docs = state
        .read(move |c| Ok(documents::list(c, None, None)?))
        .await?;
    let v = views::admin_content::LibraryView {
        docs: &docs,
        form,
        errors,
        max_mb: max / (1024 * 1024),
        notice,
        active,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, views::admin_content::library(ctx, &v)))
}

#[get("/admin/documents")]
async fn library_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<LibraryQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = if let Some(t) = &q.ajoute {
        Some(
            ctx.lang
                .t_args("admin-docs-added", &[("title", t.clone().into())]),
        )
    } else {
        q.supprime.as_ref().map(|_| ctx.t("admin-docs-deleted"))
    };
    let form = DocumentForm {
        language: ctx.lang.code().into(),
        ..DocumentForm::default()
    };
    render_library(&ctx, &state, &form, &FieldErrors::new(), "file", notice).await
}

/// What the upload form brought.
struct Upload {
    form: DocumentForm,
    /// The file's name and its content, spooled to disk.
    file: Option<(String, Spool)>,
    too_big: bool,
}

/// Reads the multipart form: metadata fields, and the file spooled to disk up to `max`
/// bytes. Anything bigger is drained and reported, never stored.
async fn read_upload(
    mut payload: Multipart,
    max: u64,
    data_dir: &Path,
) -> Result<Upload, AppError> {
    let mut up = Upload {
        form: DocumentForm::default(),
        file: None,
        too_big: false,
    };
    while let Some(Ok(mut field)) = payload.next().await {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        if name == "file" {
            let mut spool = Spool::create(data_dir)?;
            let mut over = false;
            while let Some(chunk) = field.next().await {
                let Ok(chunk) = chunk else { break };
                if over || spool.len() + chunk.len() as u64 > max {
                    over = true;
                    continue;
                }
                spool.push(&chunk)?;
            }
            up.too_big |= over;
            if let Some(n) = file_name.filter(|n| !n.is_empty())
                && !over
            {
                up.file = Some((n, spool));
            }
            continue;
        }
        let mut buf = Vec::new();
        let mut over = false;
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else { break };
            if over || buf.len() + chunk.len() > 64 * 1024 {
                over = true;
                buf.clear();
                continue;
            }
            buf.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&buf).into_owned();
        match name.as_str() {
            "title" => up.form.title = text,
            "category" => up.form.category = text,
            "doc_date" => up.form.doc_date = text,
            "language" => up.form.language = text,
            "summary" => up.form.summary = text,
            _ => {}
        }
    }
    Ok(up)
}

#[post("/admin/documents")]
async fn document_upload(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let max = max_bytes(&state).await?;
    let Upload {
        form,
        file,
        too_big,
    } = read_upload(payload, max, &state.data_dir).await?;
    let mut errors = FieldErrors::new();
    let file = checked_file(file, too_big, &mut errors)?;
    let meta = form.parse(&mut errors);
    let (Some(meta), Some((name, format, done))) = (meta, file) else {
        return render_library(&ctx, &state, &form, &errors, "file", None).await;
    };
    let title = meta.title.clone();
    let file_name = clean_file_name(&name, format.extension());
    store(&state, meta, file_name, format, done).await?;
    Ok(see_other(&format!(
        "/admin/documents?ajoute={}",
        crate::domain::links::urlencode(&title)
    )))
}

/// The uploaded file, when there is one within the size and of a kind the library takes;
/// otherwise what is wrong with it, in `errors`.
fn checked_file(
    file: Option<(String, Spool)>,
    too_big: bool,
    errors: &mut FieldErrors,
) -> Result<Option<(String, Format, Spooled)>, AppError> {
    Ok(match (file, too_big) {
        (_, true) => {
            errors.push(("file", "doc-error-too-big"));
            None
        }
        (None, false) => {
            errors.push(("file", "doc-error-no-file"));
            None
        }
        (Some((name, spool)), false) => {
            let mut done = spool.finish()?;
            let reader = done.reader()?;
            match sniff_reader(&name, reader) {
                Ok(format) => Some((name, format, done)),
                Err(msg) => {
                    errors.push(("file", msg));
                    None
                }
            }
        }
    })
}

/// Stores the checked file with its description, read from its spool in one write.
async fn store(
    state: &Data<AppState>,
    meta: DocumentMeta,
    file_name: String,
    format: Format,
    mut done: Spooled,
) -> Result<(), AppError> {
    let now = state.now();
    let state = state.clone();
    run_blocking(move || {
        let (len, sha256) = (done.len, done.sha256.clone());
        let reader = done.reader()?;
        state.db.write(|c| {
            let f = documents::NewFile::checked(
                &file_name,
                format,
                len,
                sha256,
                Box::new(&mut *reader),
            );
            Ok(documents::insert_file(
                c,
                &security::random_token(12),
                &meta,
                f,
                now,
            )?)
        })
    })
    .await
    .map(|_| ())
}

/// A file name safe to put in a URL path and a download header.
fn clean_file_name(name: &str, ext: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(80)
        .collect();
    if clean.is_empty() {
        clean = "document".into();
    }
    format!("{clean}.{ext}")
}

#[post("/admin/documents/lien")]
async fn document_link(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<DocumentForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new();
    let url = form.parse_url(&mut errors);
    let meta = form.parse(&mut errors);
    let (Some(url), Some(meta)) = (url, meta) else {
        return render_library(&ctx, &state, &form, &errors, "link", None).await;
    };
    let title = meta.title.clone();
    let now = state.now();
    state
        .write(move |c| {
            Ok(documents::insert_link(
                c,
                &security::random_token(12),
                &meta,
                &url,
                now,
            )?)
        })
        .await?;
    Ok(see_other(&format!(
        "/admin/documents?ajoute={}",
        crate::domain::links::urlencode(&title)
    )))
}

#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

#[post("/admin/documents/{id}/supprimer")]
async fn document_delete(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    if form.confirm != "oui" {
        let notice = Some(ctx.t("admin-docs-delete-unconfirmed"));
        let f = DocumentForm {
            language: ctx.lang.code().into(),
            ..DocumentForm::default()
        };
        return render_library(&ctx, &state, &f, &FieldErrors::new(), "file", notice).await;
    }
    let id = id.into_inner();
    let found = state.write(move |c| Ok(documents::delete(c, id)?)).await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/documents?supprime=1"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            super::clean_file_name("C:\\Users\\awa\\Plan d'action 2026.PDF", "pdf"),
            "Plan-d-action-2026.pdf"
        );
        assert_eq!(
            super::clean_file_name("../../etc/passwd", "pdf"),
            "passwd.pdf"
        );
        assert_eq!(super::clean_file_name("<script>.pdf", "pdf"), "script.pdf");
        assert_eq!(super::clean_file_name("....", "png"), "document.png");
    }
}
