//! Staff management of consultations (dates, themes, questions asked) and of the themes.

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::{consultations, themes};
use crate::domain::document::parse_date;
use crate::domain::oversight::day_start;
use crate::domain::setup::FieldErrors;
use crate::domain::slug::slug;
use crate::security;
use crate::views::consultations::ConsultationForm;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(consultations_list)
        .service(new_page)
        .service(create)
        .service(edit_page)
        .service(update)
        .service(themes_page)
        .service(theme_create)
        .service(theme_update);
}

const DAY: i64 = 86_400;

fn ymd(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|d| d.date().to_string())
        .unwrap_or_default()
}

#[get("/admin/consultations")]
async fn consultations_list(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let items = state.read(move |c| Ok(consultations::all(c)?)).await?;
    let items: Vec<_> = items.into_iter().map(|(c, _)| c).collect();
    Ok(html(
        StatusCode::OK,
        views::consultations::list(&ctx, &items, now),
    ))
}

async fn all_themes(state: &Data<AppState>) -> Result<Vec<crate::domain::theme::Theme>, AppError> {
    state.read(move |c| Ok(themes::all(c)?)).await
}

#[get("/admin/consultations/nouvelle")]
async fn new_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let f = ConsultationForm {
        opens_on: ymd(now),
        closes_on: ymd(now + 59 * DAY),
        questions: vec!["benefit".into(), "ogp_values".into()],
        ..ConsultationForm::default()
    };
    let themes = all_themes(&state).await?;
    Ok(html(
        StatusCode::OK,
        views::consultations::edit(&ctx, None, &f, &themes, &FieldErrors::new(), false),
    ))
}

/// Checks the form; dates are whole days, the closing day included.
fn parse(
    f: &ConsultationForm,
    themes: &[crate::domain::theme::Theme],
) -> Result<(i64, i64, Vec<i64>, String), FieldErrors> {
    let mut e = FieldErrors::new();
    let title = f.title.trim();
    if title.is_empty() {
        e.push(("title", "doc-error-title"));
    } else if title.chars().count() > 200 {
        e.push(("title", "error-too-long"));
    }
    if f.description.chars().count() > 5000 {
        e.push(("description", "error-too-long"));
    }
    let opens = parse_date(&f.opens_on).and_then(|d| day_start(&d));
    let closes = parse_date(&f.closes_on)
        .and_then(|d| day_start(&d))
        .map(|t| t + DAY);
    if opens.is_none() {
        e.push(("opens_on", "error-date"));
    }
    if closes.is_none() {
        e.push(("closes_on", "error-date"));
    }
    if let (Some(o), Some(c)) = (opens, closes)
        && c <= o
    {
        e.push(("closes_on", "admin-timeline-error-order"));
    }
    let ids: Vec<i64> = f
        .themes
        .iter()
        .filter_map(|t| t.parse().ok())
        .filter(|id| themes.iter().any(|t| t.id == *id))
        .collect();
    let questions: Vec<&str> = f
        .questions
        .iter()
        .map(String::as_str)
        .filter(|q| ["benefit", "ogp_values"].contains(q))
        .collect();
    match (opens, closes) {
        (Some(o), Some(c)) if e.is_empty() => Ok((o, c, ids, questions.join(","))),
        _ => Err(e),
    }
}

async fn save(
    ctx: &PageCtx,
    state: &Data<AppState>,
    id: Option<i64>,
    body: &Bytes,
) -> Result<HttpResponse, AppError> {
    let f: ConsultationForm = serde_html_form::from_bytes(body).unwrap_or_default();
    let themes = all_themes(state).await?;
    let (opens, closes, ids, questions) = match parse(&f, &themes) {
        Ok(v) => v,
        Err(errors) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::consultations::edit(ctx, id, &f, &themes, &errors, false),
            ));
        }
    };
    let now = state.now();
    let title = f.title.trim().to_string();
    let description = f.description.trim().to_string();
    let saved = state
        .write(move |c| {
            // An opening day left as it was keeps the stored moment (the first consultation
            // opens at the minute of setup): saving the page untouched changes nothing. The
            // end needs no such care: it is always midnight after the last day.
            let opens = match id.map(|id| consultations::get(c, id)).transpose()? {
                Some(Some((k, _))) if ymd(k.opens_at) == ymd(opens) => k.opens_at,
                _ => opens,
            };
            let e = consultations::Edit {
                title: &title,
                description: &description,
                opens_at: opens,
                closes_at: closes,
                questions: &questions,
                theme_ids: &ids,
            };
            Ok(consultations::save(
                c,
                id,
                &e,
                &security::random_token(12),
                now,
            )?)
        })
        .await?;
    let id = saved.ok_or(AppError::NotFound)?;
    Ok(see_other(&format!(
        "/admin/consultations/{id}?enregistre=1"
    )))
}

#[post("/admin/consultations/nouvelle")]
async fn create(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    save(&ctx, &state, None, &body).await
}

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/consultations/{id}")]
async fn edit_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let found = state
        .read(move |c| Ok((consultations::get(c, id)?, consultations::theme_ids(c, id)?)))
        .await?;
    let (Some((c, questions)), ids) = found else {
        return Err(AppError::NotFound);
    };
    let f = ConsultationForm {
        title: c.title,
        description: c.description,
        opens_on: ymd(c.opens_at),
        closes_on: ymd(crate::domain::consultation::last_day(c.closes_at)),
        themes: ids.iter().map(i64::to_string).collect(),
        questions: questions
            .split(',')
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let themes = all_themes(&state).await?;
    Ok(html(
        StatusCode::OK,
        views::consultations::edit(
            &ctx,
            Some(id),
            &f,
            &themes,
            &FieldErrors::new(),
            q.enregistre.is_some(),
        ),
    ))
}

#[post("/admin/consultations/{id}")]
async fn update(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    save(&ctx, &state, Some(id.into_inner()), &body).await
}

#[get("/admin/themes")]
async fn themes_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let list = all_themes(&state).await?;
    Ok(html(
        StatusCode::OK,
        views::consultations::themes(&ctx, &list, ("", ""), &FieldErrors::new()),
    ))
}

#[derive(Deserialize)]
struct ThemeForm {
    #[serde(default)]
    label_fr: String,
    #[serde(default)]
    label_en: String,
    #[serde(default)]
    active: String,
}

fn check_labels(f: &ThemeForm) -> FieldErrors {
    let mut e = FieldErrors::new();
    if f.label_fr.trim().is_empty() || slug(&f.label_fr).is_empty() {
        e.push(("label_fr", "admin-theme-error-label"));
    } else if f.label_fr.chars().count() > 200 {
        e.push(("label_fr", "error-too-long"));
    }
    if f.label_en.chars().count() > 200 {
        e.push(("label_en", "error-too-long"));
    }
    e
}

#[post("/admin/themes")]
async fn theme_create(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<ThemeForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let mut errors = check_labels(&f);
    if errors.is_empty() {
        let (code, fr, en) = (
            slug(&f.label_fr),
            f.label_fr.trim().to_string(),
            f.label_en.trim().to_string(),
        );
        if state
            .write(move |c| Ok(themes::insert(c, &code, &fr, &en)?))
            .await?
        {
            return Ok(see_other("/admin/themes"));
        }
        errors.push(("label_fr", "admin-theme-error-exists"));
    }
    let list = all_themes(&state).await?;
    Ok(html(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::consultations::themes(&ctx, &list, (&f.label_fr, &f.label_en), &errors),
    ))
}

#[post("/admin/themes/{id}")]
async fn theme_update(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<ThemeForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let errors = check_labels(&f);
    if !errors.is_empty() {
        let list = all_themes(&state).await?;
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::consultations::themes(&ctx, &list, ("", ""), &errors),
        ));
    }
    let id = id.into_inner();
    let (fr, en, active) = (
        f.label_fr.trim().to_string(),
        f.label_en.trim().to_string(),
        !f.active.is_empty(),
    );
    if !state
        .write(move |c| Ok(themes::update(c, id, &fr, &en, active)?))
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/themes"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs() {
        assert_eq!(
            crate::domain::slug::slug("Eau potable et assainissement"),
            "eau-potable-et-assainissement"
        );
        assert_eq!(
            crate::domain::slug::slug("Égalité — Genre!"),
            "egalite-genre"
        );
        assert_eq!(crate::domain::slug::slug("  ***  "), "");
    }
}
