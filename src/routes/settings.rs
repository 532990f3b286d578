//! Site settings for admins: moderation mode and the size cap of uploaded documents.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::settings;
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

use crate::domain::settings::SettingsForm;

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
    let new = match f.parse() {
        Ok(new) => new,
        Err(errors) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::admin::settings(&ctx, &f, &errors, false),
            ));
        }
    };
    let address = new.public_address.clone();
    state.write(move |c| Ok(settings::save(c, &new)?)).await?;
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
            // Texters' numbers go with the contacts (issue 33).
            crate::db::sms::erase_numbers(c)?;
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
