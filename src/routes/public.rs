//! Public pages and plumbing: home, health check, language switch, embedded files.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, get};
use serde::Deserialize;

use crate::db::consultations;
use crate::db::topics::Topic;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, safe_return, see_other};
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz)
        .service(robots)
        .service(home)
        .service(how_to)
        .service(lang_switch)
        .service(static_file)
        .service(favicon)
        .service(guide)
        .service(guide_print)
        .service(guide_image)
        .service(guide_chapter);
}

#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// Search engines may read the public pages, never the staff pages nor anyone's private
/// follow-up page (a link shared by mistake stays out of search results).
#[get("/robots.txt")]
async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header(("cache-control", "public, max-age=86400"))
        .body("User-agent: *\nDisallow: /admin\nDisallow: /suivi/\nDisallow: /installation/\nAllow: /\n")
}

/// "Comment participer", the citizens' short how-to.
#[get("/participer")]
async fn how_to(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    crate::web::respond::cached_page(&req, &ctx, &state, HOME_TOPICS, || async {
        let contact = state.read(|c| Ok(crate::db::settings::contact(c)?)).await?;
        Ok(views::home::how_to(&ctx, &contact))
    })
    .await
}

/// What the home page shows: the consultations, the workshops of the calendar, the contact,
/// when the content was last updated.
const HOME_TOPICS: &[Topic] = &[
    Topic::Catalogue,
    Topic::Timeline,
    Topic::Settings,
    Topic::Content,
    Topic::Priorities,
];

#[get("/")]
async fn home(
    req: HttpRequest,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if !ctx.site.setup_done {
        return Ok(html(
            actix_web::http::StatusCode::OK,
            views::home::not_set_up(&ctx),
        ));
    }
    crate::web::respond::cached_page(&req, &ctx, &state, HOME_TOPICS, || async {
        let now = state.now();
        let v = state
            .read(move |c| {
                Ok(views::home::HomeView {
                    consultations: consultations::current(c, now)?,
                    workshops: crate::db::timeline::phases(c)?
                        .into_iter()
                        .filter(|p| p.kind == "atelier")
                        .collect(),
                    contact: crate::db::settings::contact(c)?,
                    last_update: crate::db::pages::last_update(c)?,
                    priorities_open: crate::domain::priority::open_round(
                        &crate::db::priorities::rounds(c)?,
                        now,
                    )
                    .is_some(),
                    now,
                })
            })
            .await?;
        Ok(views::home::home(&ctx, &v))
    })
    .await
}

#[derive(Deserialize)]
struct Return {
    retour: Option<String>,
}

/// Remembers the visitor's language for a year and goes back to the page they were on.
#[get("/langue/{code}")]
async fn lang_switch(
    req: HttpRequest,
    code: web::Path<String>,
    q: web::Query<Return>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    let back = q.retour.as_deref().and_then(safe_return).unwrap_or("/");
    let mut resp = see_other(back);
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(crate::web::net::visitor_scheme(&req) == "https")
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    resp.add_cookie(&cookie).map_err(AppError::internal)?;
    Ok(resp)
}

#[get("/static/{file}")]
async fn static_file(file: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (data, mime) = crate::assets::by_hashed_name(&file).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(data.into_owned()))
}

#[get("/favicon.ico")]
async fn favicon() -> Result<HttpResponse, AppError> {
    let (data, mime) = crate::assets::by_name("palabre.ico").ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(data.into_owned()))
}

fn guide_chapters(lang: crate::i18n::Lang) -> Vec<views::guide::Chapter> {
    crate::assets::guide_chapters(lang.code())
        .into_iter()
        .enumerate()
        .map(|(i, (slug, body))| views::guide::Chapter::parse(i + 1, slug, body))
        .collect()
}

#[get("/guide")]
async fn guide(ctx: PageCtx) -> HttpResponse {
    let chapters = guide_chapters(ctx.lang);
    html(
        actix_web::http::StatusCode::OK,
        views::guide::contents(&ctx, &chapters),
    )
}

#[get("/guide/imprimer")]
async fn guide_print(ctx: PageCtx) -> HttpResponse {
    let chapters = guide_chapters(ctx.lang);
    html(
        actix_web::http::StatusCode::OK,
        views::guide::printable(&ctx, &chapters),
    )
}

/// A picture of the guide (made by the screenshot script, embedded).
#[get("/guide/images/{name}")]
async fn guide_image(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let data = crate::assets::guide_image(&name).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(data))
}

#[get("/guide/{slug}")]
async fn guide_chapter(ctx: PageCtx, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let chapters = guide_chapters(ctx.lang);
    let at = chapters
        .iter()
        .position(|c| c.slug == *slug)
        .ok_or(AppError::NotFound)?;
    Ok(html(
        actix_web::http::StatusCode::OK,
        views::guide::chapter(&ctx, &chapters, at),
    ))
}
