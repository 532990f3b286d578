//! Staff area: the dashboard (where the site can be reached) and the team's accounts.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::{accounts, consultations};
use crate::domain::account::StaffUser;
use crate::domain::account::{Login, Role};
use crate::domain::password::NewPassword;
use crate::domain::setup::FieldErrors;
use crate::security;
use crate::views::{self, PageCtx, admin::Address};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard)
        .service(accounts_page)
        .service(account_create)
        .service(account_toggle);
}

#[derive(Deserialize)]
struct DashboardQuery {
    bienvenue: Option<String>,
    retard: Option<String>,
}

#[get("/admin")]
async fn dashboard(
    _staff: StaffUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, AppError> {
    use crate::domain::network::{NetKind, net_kind};
    use crate::web::net::{lan_kinds, url};
    let mut found: Vec<(String, NetKind)> = if state.bind.is_unspecified() {
        lan_kinds()
            .into_iter()
            .map(|(ip, k)| (url(ip, state.port), k))
            .collect()
    } else if state.bind.is_loopback() {
        Vec::new()
    } else {
        vec![(url(state.bind, state.port), net_kind(state.bind, ""))]
    };
    let local_only = found.is_empty();
    if local_only {
        found.push((state.local_url(), NetKind::Other));
    }
    // The address phones will most likely use: the shared hotspot, else the Wi-Fi.
    let likely = found
        .iter()
        .position(|(_, k)| *k == NetKind::Hotspot)
        .or_else(|| found.iter().position(|(_, k)| *k == NetKind::Wifi));
    let addresses: Vec<Address> = found
        .into_iter()
        .enumerate()
        .map(|(i, (url, kind))| Address {
            qr_svg: crate::web::net::qr_svg(&url),
            url,
            kind: (!local_only).then_some(kind),
            likely: Some(i) == likely,
        })
        .collect();
    let now = state.now();
    let (day_start, week_start) = crate::domain::oversight::day_and_week_start(now);
    let (list, facts, workload, phone) = state
        .read(move |c| {
            let phone = crate::db::sms::phone(c)?;
            let facts = crate::db::timeline::oversight(c)?;
            let work = crate::db::stats::workload(c, day_start, week_start)?;
            Ok((consultations::current(c, now)?, facts, work, phone))
        })
        .await?;
    let warnings = crate::domain::oversight::warnings(&facts, now);
    let v = views::admin::DashboardView {
        local_only,
        addresses: &addresses,
        consultations: &list,
        welcome: q.bienvenue.is_some(),
        late_recorded: q.retard.is_some(),
        warnings: &warnings,
        workload: &workload,
        phone: phone.as_ref(),
    };
    Ok(html(StatusCode::OK, views::admin::dashboard(&ctx, &v)))
}

#[derive(Deserialize)]
struct Notice {
    cree: Option<String>,
}

#[get("/admin/comptes")]
async fn accounts_page(
    _admin: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Notice>,
) -> Result<HttpResponse, AppError> {
    let list = state.read(move |c| Ok(accounts::list(c)?)).await?;
    let notice = q.cree.as_ref().map(|l| {
        ctx.lang
            .t_args("accounts-created", &[("login", l.clone().into())])
    });
    let form = views::admin::AccountForm {
        login: "",
        role: "moderator",
    };
    Ok(html(
        StatusCode::OK,
        views::admin::accounts(&ctx, &list, &form, &FieldErrors::new(), notice),
    ))
}

#[derive(Deserialize)]
struct AccountForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

#[post("/admin/comptes")]
async fn account_create(
    _admin: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<AccountForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::new();
    let login = Login::parse(&form.login)
        .map_err(|e| errors.push(("login", e.message_id())))
        .ok();
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push(("role", "accounts-error-role"));
    }
    let password = NewPassword::parse(&form.password, &form.password_confirm, form.login.trim())
        .map_err(|e| errors.push(("password", e.message_id())))
        .ok();
    let created = match (login, role, password) {
        (Some(login), Some(role), Some(password)) if errors.is_empty() => {
            let l = login.clone();
            let hash = run_blocking(move || {
                security::password::hash(password.as_str()).map_err(AppError::internal)
            })
            .await?;
            let now = state.now();
            state
                .write(move |c| Ok(accounts::insert(c, &l, role, &hash, now)?))
                .await?
                .map(|_| login)
        }
        _ => None,
    };
    if let Some(login) = created {
        return Ok(see_other(&format!(
            "/admin/comptes?cree={}",
            crate::domain::links::urlencode(login.as_str())
        )));
    }
    if errors.is_empty() {
        errors.push(("login", "accounts-error-taken"));
    }
    let list = state.read(move |c| Ok(accounts::list(c)?)).await?;
    let view_form = views::admin::AccountForm {
        login: &form.login,
        role: &form.role,
    };
    Ok(html(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::admin::accounts(&ctx, &list, &view_form, &errors, None),
    ))
}

#[post("/admin/comptes/{id}/{action}")]
async fn account_toggle(
    admin: AdminUser,
    path: web::Path<(i64, String)>,
    state: Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    let disable = match action.as_str() {
        "desactiver" => true,
        "activer" => false,
        _ => return Err(AppError::NotFound),
    };
    // An admin cannot lock themself out from here (the CLI is the way back).
    if id == admin.0.id {
        return Err(AppError::Forbidden);
    }
    let now = state.now();
    let found = state
        .write(move |c| Ok(accounts::set_disabled(c, id, disable, now)?))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/comptes"))
}
