//! Site settings for admins: moderation mode and the size cap of uploaded documents.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::settings;
use crate::domain::links::PublicAddress;
use crate::domain::reference::RefCode;
use crate::domain::setup::FieldErrors;
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(settings_page)
        .service(settings_save)
        .service(contacts_page)
        .service(contacts_erase);
}

pub use crate::domain::settings::SettingsForm;

#[derive(Deserialize)]
struct Saved {
    enregistre: Option<String>,
}

#[get("/admin/reglages")]
async fn settings_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let f = state
        .read(move |c| {
            Ok(SettingsForm {
                moderation_mode: settings::get(c, settings::MODERATION_MODE)?
                    .unwrap_or_else(|| "a_priori".into()),
                upload_max_mb: settings::get(c, settings::UPLOAD_MAX_MB)?
                    .unwrap_or_else(|| "10".into()),
                licence: settings::get(c, settings::LICENCE)?
                    .unwrap_or_else(|| "licence-ouverte".into()),
                report_threshold: settings::get(c, settings::REPORT_THRESHOLD)?.unwrap_or_else(
                    || crate::domain::moderation::DEFAULT_REPORT_THRESHOLD.to_string(),
                ),
                reference_code: crate::db::proposals::reference_code(c)?.to_string(),
                public_address: settings::get(c, settings::PUBLIC_ADDRESS)?.unwrap_or_default(),
            })
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        views::admin::settings(&ctx, &f, &FieldErrors::new(), q.enregistre.is_some()),
    ))
}

#[post("/admin/reglages")]
async fn settings_save(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let mut errors = FieldErrors::new();
    if !matches!(f.moderation_mode.as_str(), "a_priori" | "a_posteriori") {
        errors.push(("moderation_mode", "settings-error-mode"));
    }
    let mb = f
        .upload_max_mb
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|m| (1..=200).contains(m));
    if mb.is_none() {
        errors.push(("upload_max_mb", "settings-error-upload"));
    }
    let reports = f
        .report_threshold
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=100).contains(n));
    if reports.is_none() {
        errors.push(("report_threshold", "settings-error-reports"));
    }
    // A form without the field keeps the default licence rather than being refused.
    let licence = if f.licence.is_empty() {
        "licence-ouverte".to_string()
    } else {
        f.licence.clone()
    };
    if !matches!(licence.as_str(), "licence-ouverte" | "odbl") {
        errors.push(("licence", "settings-error-licence"));
    }
    // A form without the field keeps the code this instance has.
    let code = if f.reference_code.trim().is_empty() {
        Ok(None)
    } else {
        RefCode::parse(&f.reference_code).map(Some)
    };
    if let Err(e) = &code {
        errors.push(("reference_code", e));
    }
    let address = PublicAddress::parse(&f.public_address);
    if let Err(e) = &address {
        errors.push(("public_address", e));
    }
    let Some(mb) = mb.filter(|_| errors.is_empty()) else {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::admin::settings(&ctx, &f, &errors, false),
        ));
    };
    let mode = f.moderation_mode.clone();
    let code = code.ok().flatten();
    let address = address.ok().flatten();
    let stored_address = address.as_ref().map(|a| a.as_str().to_string());
    state
        .write(move |c| {
            if let Some(code) = &code {
                settings::set(c, settings::REFERENCE_CODE, code.as_str())?;
            }
            match &stored_address {
                Some(a) => settings::set(c, settings::PUBLIC_ADDRESS, a)?,
                None => settings::delete(c, settings::PUBLIC_ADDRESS)?,
            }
            settings::set(c, settings::MODERATION_MODE, &mode)?;
            settings::set(c, settings::UPLOAD_MAX_MB, &mb.to_string())?;
            settings::set(
                c,
                settings::REPORT_THRESHOLD,
                &reports.unwrap_or(3).to_string(),
            )?;
            settings::set(c, settings::LICENCE, &licence)?;
            Ok(())
        })
        .await?;
    let mut site = state.site();
    site.public_address = address;
    state.set_site(site);
    Ok(see_other("/admin/reglages?enregistre=1"))
}

/// How many proposals still carry a contact.
async fn contacts_kept(state: &Data<AppState>) -> Result<i64, AppError> {
    state
        .read(move |c| Ok(crate::db::proposals::count_contacts(c)?))
        .await
}

#[derive(Deserialize)]
struct ErasedQuery {
    efface: Option<i64>,
}

#[get("/admin/contacts")]
async fn contacts_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<ErasedQuery>,
) -> Result<HttpResponse, AppError> {
    let kept = contacts_kept(&state).await?;
    Ok(html(
        StatusCode::OK,
        views::admin::contacts(&ctx, kept, q.efface, false),
    ))
}

#[derive(Deserialize)]
struct EraseForm {
    #[serde(default)]
    confirm: String,
}

/// Erases every contact kept, as the privacy notice promises once the consultation is over.
/// Nothing else changes; the journal records who did it and how many.
#[post("/admin/contacts")]
async fn contacts_erase(
    a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<EraseForm>,
) -> Result<HttpResponse, AppError> {
    if form.confirm != "oui" {
        let kept = contacts_kept(&state).await?;
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::admin::contacts(&ctx, kept, None, true),
        ));
    }
    let now = state.now();
    let staff = a.0.clone();
    let erased = state
        .write(move |c| {
            let n = crate::db::proposals::erase_contacts(c)?;
            crate::db::moderation::audit(
                c,
                &crate::db::moderation::Audit {
                    proposal_id: None,
                    comment_id: None,
                    action: "contacts",
                    from: None,
                    to: Some(&n.to_string()),
                    note: "",
                },
                Some(staff.actor()),
                now,
            )?;
            Ok(n)
        })
        .await?;
    tracing::info!(login = %a.0.login, erased, "contacts erased");
    Ok(see_other(&format!("/admin/contacts?efface={erased}")))
}
