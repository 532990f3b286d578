//! "Publier sur Internet" (admins): settings of the public link, start and stop, its state,
//! its address with a QR code, and a printable poster.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::{HttpResponse, get, post};
use serde::Deserialize;

use crate::db::settings;
use crate::domain::setup::FieldErrors;
use crate::tunnel::{Auth, Provider, TunnelConfig, keys};
use crate::views::tunnel::{TunnelForm, TunnelView};
use crate::views::{self, PageCtx};
use crate::web::error::AppError;
use crate::web::respond::{html, see_other};
use crate::web::session::AdminUser;
use crate::web::state::{AppState, run_blocking};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(tunnel_page)
        .service(tunnel_post)
        .service(poster);
}

#[derive(Deserialize)]
struct Query {
    fait: Option<String>,
}

/// What is saved, plus whether a password is.
struct Saved {
    form: TunnelForm,
    password: Option<String>,
    a_posteriori: bool,
}

async fn load(state: &AppState) -> Result<Saved, AppError> {
    let cli = state.tunnel.config();
    state
        .read(move |c| {
            let get = |k: &str| settings::get(c, k).map(Option::unwrap_or_default);
            let mut form = TunnelForm {
                provider: get(keys::PROVIDER)?,
                host: get(keys::HOST)?,
                port: get(keys::PORT)?,
                user: get(keys::USER)?,
                remote_port: get(keys::REMOTE_PORT)?,
                public_url: get(keys::PUBLIC_URL)?,
                key_path: get(keys::KEY_PATH)?,
                password: String::new(),
                allow_staff: get(keys::ALLOW_STAFF)?,
                action: String::new(),
            };
            // Nothing saved yet, but the tunnel was opened from the command line: show that.
            if form.provider.is_empty()
                && let Some(cli) = cli
            {
                form.provider = cli.provider.code().to_string();
                if cli.provider == Provider::Ssh {
                    form.host = cli.host.clone();
                    form.port = cli.port.to_string();
                    form.user = cli.user.clone();
                    form.remote_port = cli.remote_port.to_string();
                }
                if let Auth::Key(p) = &cli.auth {
                    form.key_path = p.display().to_string();
                }
            }
            if form.provider.is_empty() {
                form.provider = "localhost.run".into();
            }
            let password = settings::get(c, keys::PASSWORD)?.filter(|p| !p.is_empty());
            let a_posteriori =
                settings::get(c, settings::MODERATION_MODE)?.as_deref() == Some("a_posteriori");
            Ok(Saved {
                form,
                password,
                a_posteriori,
            })
        })
        .await
}

fn render(
    ctx: &PageCtx,
    state: &AppState,
    saved: &Saved,
    form: &TunnelForm,
    errors: &FieldErrors,
    status: StatusCode,
    notice: Option<String>,
) -> HttpResponse {
    let tunnel_state = state.tunnel.state();
    let qr = tunnel_state.public_url().and_then(crate::web::net::qr_svg);
    let key = crate::tunnel::KEY_FILE;
    let public_key = state
        .data_dir
        .join(key)
        .exists()
        .then(|| crate::tunnel::ensure_key(&state.data_dir).ok())
        .flatten()
        .map(|(_, line)| line);
    html(
        status,
        views::tunnel::admin_page(
            ctx,
            &TunnelView {
                form,
                errors,
                state: &tunnel_state,
                has_password: saved.password.is_some(),
                public_key: public_key.as_deref(),
                public_qr: qr.as_deref(),
                a_posteriori: saved.a_posteriori,
                notice,
            },
        ),
    )
}

#[get("/admin/internet")]
async fn tunnel_page(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    if state.training {
        return Ok(html(StatusCode::OK, views::tunnel::training(&ctx)));
    }
    let saved = load(&state).await?;
    let notice = q.fait.as_deref().and_then(|f| match f {
        "enregistre" => Some(ctx.t("admin-saved")),
        "cle" => Some(ctx.t("tunnel-key-made")),
        "oublie" => Some(ctx.t("tunnel-host-key-forgotten")),
        _ => None,
    });
    let form = saved.form.clone();
    Ok(render(
        &ctx,
        &state,
        &saved,
        &form,
        &FieldErrors::new(),
        StatusCode::OK,
        notice,
    ))
}

fn port_in(text: &str, default: Option<u16>) -> Option<u16> {
    let t = text.trim();
    if t.is_empty() {
        return default;
    }
    t.parse::<u16>().ok().filter(|p| *p > 0)
}

/// Checks the form; returns the configuration to start, or the errors by field.
fn validate(f: &TunnelForm, saved_password: Option<&str>) -> Result<TunnelConfig, FieldErrors> {
    let mut errors = FieldErrors::new();
    let key_path = f.key_path.trim();
    if !key_path.is_empty() && !std::path::Path::new(key_path).is_file() {
        errors.push(("key_path", "tunnel-error-key-path"));
    }
    let key = (!key_path.is_empty()).then(|| std::path::PathBuf::from(key_path));
    match f.provider.as_str() {
        "localhost.run" if errors.is_empty() => return Ok(TunnelConfig::localhost_run(key)),
        "localhost.run" => return Err(errors),
        "ssh" => {}
        _ => {
            errors.push(("provider", "tunnel-error-provider"));
            return Err(errors);
        }
    }
    let server = ssh_server(f, &mut errors);
    let password = if f.password.is_empty() {
        saved_password.map(str::to_string)
    } else {
        Some(f.password.clone())
    };
    let auth = match (key, password) {
        (Some(k), _) => Auth::Key(k),
        (None, Some(p)) => Auth::Password(p),
        (None, None) => {
            if !errors.iter().any(|(f, _)| *f == "key_path") {
                errors.push(("key_path", "tunnel-error-no-secret"));
            }
            Auth::None
        }
    };
    match server {
        Some(config) if errors.is_empty() => Ok(TunnelConfig { auth, ..config }),
        _ => Err(errors),
    }
}

/// The server of an `ssh` link (everything but the secret), or its errors in `errors`.
fn ssh_server(f: &TunnelForm, errors: &mut FieldErrors) -> Option<TunnelConfig> {
    let before = errors.len();
    let host = f.host.trim();
    if host.is_empty()
        || host.len() > 253
        || host
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '/' | '@' | '?' | '#' | '['))
    {
        errors.push(("host", "tunnel-error-host"));
    }
    let port = port_in(&f.port, Some(22));
    if port.is_none() {
        errors.push(("port", "tunnel-error-port"));
    }
    let user = f.user.trim();
    if user.is_empty() || user.chars().any(|c| c.is_whitespace() || c == '@') {
        errors.push(("user", "tunnel-error-user"));
    }
    let remote = port_in(&f.remote_port, None);
    if remote.is_none() {
        errors.push(("remote_port", "tunnel-error-remote-port"));
    }
    let public_url = f.public_url.trim();
    if !public_url.is_empty()
        && (!(public_url.starts_with("http://") || public_url.starts_with("https://"))
            || public_url.chars().any(char::is_whitespace)
            || public_url.len() > 500)
    {
        errors.push(("public_url", "tunnel-error-public-url"));
    }
    (errors.len() == before).then(|| TunnelConfig {
        provider: Provider::Ssh,
        host: host.to_string(),
        port: port.unwrap_or(22),
        user: user.to_string(),
        auth: Auth::None,
        remote_port: u32::from(remote.unwrap_or(8080)),
        public_url: (!public_url.is_empty()).then(|| public_url.to_string()),
    })
}

#[post("/admin/internet")]
async fn tunnel_post(
    _a: AdminUser,
    ctx: PageCtx,
    state: Data<AppState>,
    form: web::Form<TunnelForm>,
) -> Result<HttpResponse, AppError> {
    // Fictional data never goes on the Internet.
    if state.training {
        return Ok(html(StatusCode::CONFLICT, views::tunnel::training(&ctx)));
    }
    let f = form.into_inner();
    match f.action.as_str() {
        "start" | "save" => {}
        other => return key_action(&state, other).await,
    }
    let saved = load(&state).await?;
    let config = match validate(&f, saved.password.as_deref()) {
        Ok(c) => c,
        Err(errors) => {
            return Ok(render(
                &ctx,
                &state,
                &saved,
                &f,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            ));
        }
    };
    let allow = f.allow_staff == "1";
    save(&state, f.clone(), allow).await?;
    state.tunnel.set_staff_allowed(allow);
    if f.action == "start" {
        state.tunnel.start(config);
        return Ok(see_other("/admin/internet#etat"));
    }
    Ok(see_other("/admin/internet?fait=enregistre"))
}

/// The buttons beside the settings: stop the link, make a key, forget the server's key.
async fn key_action(state: &AppState, action: &str) -> Result<HttpResponse, AppError> {
    match action {
        "stop" => {
            state.tunnel.stop();
            Ok(see_other("/admin/internet"))
        }
        "make-key" => {
            let dir = state.data_dir.clone();
            let made =
                run_blocking(move || crate::tunnel::ensure_key(&dir).map_err(AppError::internal))
                    .await?;
            let path = made.0.display().to_string();
            state
                .write(move |c| {
                    // The new key becomes the key of the link, unless another is set.
                    if settings::get(c, keys::KEY_PATH)?.is_none_or(|p| p.trim().is_empty()) {
                        settings::set(c, keys::KEY_PATH, &path)?;
                    }
                    Ok(())
                })
                .await?;
            Ok(see_other("/admin/internet?fait=cle#cle"))
        }
        "forget-host-key" => {
            if let Some(cfg) = state.tunnel.config() {
                let file = state.data_dir.join(crate::tunnel::KNOWN_HOSTS_FILE);
                let id = crate::tunnel::known_hosts::host_id(&cfg.host, cfg.port);
                run_blocking(move || {
                    crate::tunnel::known_hosts::forget(&file, &id).map_err(AppError::internal)
                })
                .await?;
            }
            Ok(see_other("/admin/internet?fait=oublie"))
        }
        _ => Ok(see_other("/admin/internet")),
    }
}

/// Saves the settings of the link (the password only when one is typed).
async fn save(state: &AppState, to_save: TunnelForm, allow: bool) -> Result<(), AppError> {
    state
        .write(move |c| {
            settings::set(c, keys::PROVIDER, &to_save.provider)?;
            settings::set(c, keys::HOST, to_save.host.trim())?;
            settings::set(c, keys::PORT, to_save.port.trim())?;
            settings::set(c, keys::USER, to_save.user.trim())?;
            settings::set(c, keys::REMOTE_PORT, to_save.remote_port.trim())?;
            settings::set(c, keys::PUBLIC_URL, to_save.public_url.trim())?;
            settings::set(c, keys::KEY_PATH, to_save.key_path.trim())?;
            if !to_save.password.is_empty() {
                settings::set(c, keys::PASSWORD, &to_save.password)?;
            }
            settings::set(c, keys::ALLOW_STAFF, if allow { "1" } else { "0" })?;
            Ok(())
        })
        .await
}

#[get("/admin/internet/affiche")]
async fn poster(_a: AdminUser, ctx: PageCtx, state: Data<AppState>) -> HttpResponse {
    let s = state.tunnel.state();
    let url = s.public_url();
    let qr = url.and_then(crate::web::net::qr_svg);
    html(
        StatusCode::OK,
        views::tunnel::poster(&ctx, url, qr.as_deref()),
    )
}
