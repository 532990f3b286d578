//! The one app factory used by `palabre serve` and by the tests, and the start-up sequence
//! (data folder, database, port, banner, browser). The state it serves lives in `state`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, web};

use crate::config::{Config, StartError};
use crate::db::{self, Db};
use crate::i18n::Lang;

pub use crate::web::state::{AppState, Catalogue, OpenDataFile, Site, run_blocking};

/// The whole application: routes, limits, and the middleware every response goes through.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::FormConfig::default().limit(crate::web::csrf::FORM_LIMIT))
        .app_data(web::PayloadConfig::default().limit(crate::web::csrf::FORM_LIMIT))
        .configure(crate::routes::configure)
        .default_service(web::to(crate::web::respond::not_found))
        .wrap(from_fn(crate::web::respond::head_as_get))
        .wrap(from_fn(crate::web::headers::staff_no_store))
        .wrap(from_fn(crate::web::csrf::middleware))
        .wrap(from_fn(crate::web::tunnel_guard::middleware))
        .wrap(from_fn(crate::web::slowbody::middleware))
        .wrap(from_fn(crate::web::host::middleware))
        .wrap(ErrorHandlers::new().default_handler(crate::web::error::render_error_page))
        .wrap(crate::web::headers::default_headers())
        .wrap(Compress::default())
}

/// A second start on a data folder already served: say so, open the browser on the running
/// server, and leave it alone.
fn already_running(config: &Config, address: Option<String>) {
    let lang = crate::i18n::Lang::of_system();
    match &address {
        // The browser opens only when it will (not with --no-browser).
        Some(a) => println!(
            "{}",
            lang.t_args(
                if config.open_browser {
                    "start-already-running"
                } else {
                    "start-already-running-no-browser"
                },
                &[("address", a.clone().into())]
            )
        ),
        None => println!("{}", lang.t("start-already-starting")),
    }
    if config.open_browser
        && let Some(a) = address
        && let Err(e) = open::that(&a)
    {
        eprintln!("{e}");
    }
}

/// `palabre serve`: everything from the data folder to the open browser.
pub fn run(config: Config) -> Result<(), StartError> {
    crate::config::prepare_data_dir(&config.data_dir)?;
    // One server per data folder: a second double-click sends the person to the first one.
    let alone = match crate::instance::claim(&config.data_dir)
        .map_err(|e| StartError::DataDirUnwritable(config.data_dir.clone(), e))?
    {
        crate::instance::Claim::Mine(lock) => lock,
        crate::instance::Claim::Running(address) => {
            already_running(&config, address);
            return Ok(());
        }
    };
    let _log_guard = crate::logging::init(&config.data_dir);
    crate::web::spool::clear(&config.data_dir);
    crate::web::spool::clear_backup_copies(&config.data_dir);
    let db = Db::open(&config.data_dir.join(db::DB_FILE))?;
    if config.training {
        // The throw-away folder is ours (claimed above): fill it before anyone can look.
        crate::demo::seed(&db, db::now())?;
        // The starting state, for a trainer who starts the exercises again.
        db.backup_to(&config.data_dir.join(crate::demo::START_COPY))?;
    }
    let (listener, port) = if config.port_explicit {
        crate::web::net::bind_exactly(config.bind, config.port)
            .map_err(|e| StartError::PortTaken(config.port, e))?
    } else {
        crate::web::net::bind_first_free(config.bind, config.port)
            .map_err(|e| StartError::NoFreePort(config.port, e))?
    };
    let mut loaded = AppState::load(db, config.data_dir.clone(), config.bind, port)?;
    loaded.training = config.training;
    loaded.proxies = config.proxies.clone();
    loaded.public_url = config.public_url.clone();
    loaded.sms_gateway = config.sms_gateway.clone();
    let state = web::Data::new(loaded);
    tracing::info!(port, data_dir = %config.data_dir.display(), instance = %state.instance_id, "starting");
    if let Err(e) = alone.publish(&state.local_url()) {
        tracing::warn!(error = %e, "could not write the running address");
    }
    // The internal listener: only the tunnel relay connects to it, so that every request
    // through the public link is known as such.
    let relay_listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| StartError::NoFreePort(0, e))?;
    let relay_addr = relay_listener
        .local_addr()
        .map_err(|e| StartError::NoFreePort(0, e))?;
    state.tunnel.set_local(relay_addr);
    state.tunnel.print_to_console(state.default_lang());

    print_banner(&state, &config, port);
    let open_at = match state.setup_token() {
        Some(token) => format!("{}installation/{token}", local_base(&state)),
        None => state.local_url(),
    };

    let server_state = state.clone();
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let server = actix_web::HttpServer::new(move || app(server_state.clone()))
            .listen(listener)
            .map_err(StartError::Server)?
            .listen(relay_listener)
            .map_err(StartError::Server)?
            .shutdown_timeout(5)
            // Blocking threads do the SQLite reads: as many as pooled reader connections, so
            // that no request opens a connection of its own, and memory stays flat after load.
            .worker_max_blocking_threads(4)
            .run();
        // Closing the terminal sends a hang-up: stop as for Ctrl+C (the database closes
        // cleanly, the training folder is deleted) rather than being cut off.
        #[cfg(unix)]
        {
            let handle = server.handle();
            actix_web::rt::spawn(async move {
                use tokio::signal::unix::{SignalKind, signal};
                if let Ok(mut hangup) = signal(SignalKind::hangup()) {
                    hangup.recv().await;
                    tracing::info!("hang-up: stopping");
                    handle.stop(true).await;
                }
            });
        }
        if config.open_browser {
            // Opening a browser can block on some desktops: do it beside the server.
            std::thread::spawn(move || {
                if let Err(e) = open::that_detached(&open_at) {
                    tracing::warn!(error = %e, "could not open the browser");
                }
            });
        }
        watch_disk(state.clone());
        // Texts in and out, when a phone is given here or on the settings page (tests make
        // the rounds quicker with PALABRE_SMS_EVERY_MS).
        let every = std::env::var("PALABRE_SMS_EVERY_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(5_000)
            .clamp(100, 60_000);
        if !state.training {
            crate::web::sms_desk::start(state.clone(), std::time::Duration::from_millis(every));
        }
        if let Some(mut tunnel) = config.tunnel.clone() {
            // No key given: the key Palabre made in the data folder, if there is one.
            let made = config.data_dir.join(crate::tunnel::KEY_FILE);
            if tunnel.auth == crate::tunnel::Auth::None && made.is_file() {
                tunnel.auth = crate::tunnel::Auth::Key(made);
            }
            state.tunnel.start(tunnel);
        }
        let served = server.await.map_err(StartError::Server);
        // The public link ends with the program.
        state.tunnel.shutdown();
        served
    })?;
    tracing::info!("stopped");
    Ok(())
}

/// Says in the console window when the disk of the data folder runs low, once each time
/// it does (the staff pages say it on every page meanwhile); follows Litestream's arrival
/// or departure beside the database (`Db::follow_replication`, every 2 seconds); drops the
/// rate limits' expired windows (every minute).
fn watch_disk(state: web::Data<AppState>) {
    // Held weakly: once the server has stopped, the state (and its database) can close, so
    // that a training session's folder can be deleted (Windows refuses to delete open files).
    let state = std::sync::Arc::downgrade(&state.into_inner());
    std::thread::spawn(move || {
        let mut was_low = false;
        for turn in 0u64.. {
            let Some(state) = state.upgrade() else {
                return;
            };
            // Litestream started or stopped beside the database: checkpoints follow.
            if let Err(e) = state.db.follow_replication() {
                tracing::warn!(error = %e, "could not follow the replication");
            }
            // Expired rate-limit windows every minute, here rather than in a visitor's request.
            if turn % 30 == 0 {
                state.limits.tidy(state.now());
            }
            // The disk every 10 seconds.
            let free = if turn % 5 == 0 {
                crate::disk::free_bytes(&state.data_dir)
            } else {
                drop(state);
                std::thread::sleep(std::time::Duration::from_secs(2));
                continue;
            };
            if crate::disk::newly_low(was_low, free) {
                let lang = state.default_lang();
                let size = crate::domain::document::human_size(
                    i64::try_from(free.unwrap_or(0)).unwrap_or(i64::MAX),
                    lang == crate::i18n::Lang::Fr,
                );
                tracing::warn!(free = free.unwrap_or(0), "disk nearly full");
                println!(
                    "\n{}\n",
                    lang.t_args(
                        "disk-low-console",
                        &[
                            ("free", size.into()),
                            ("folder", state.data_dir.display().to_string().into())
                        ]
                    )
                );
                let _ = std::io::Write::flush(&mut std::io::stdout());
            }
            was_low = crate::disk::low(free).is_some();
            drop(state);
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
    });
}

fn local_base(state: &AppState) -> String {
    state.local_url()
}

fn print_banner(state: &AppState, config: &Config, port: u16) {
    let lang = state.default_lang();
    let site = state.site();
    let mut out = String::new();
    let line = "─".repeat(64);
    out.push_str(&format!("\n{line}\n"));
    let title = if site.name.is_empty() {
        lang.t("banner-title-new")
    } else {
        lang.t_args("banner-title", &[("name", site.name.clone().into())])
    };
    out.push_str(&format!("  {title}\n\n"));
    if state.training {
        out.push_str(&format!("  {}\n\n", lang.t("banner-training")));
    }
    if port != config.port {
        out.push_str(&format!(
            "  {}\n\n",
            lang.t_args(
                "banner-port-changed",
                &[
                    ("wanted", config.port.to_string().into()),
                    ("port", port.to_string().into())
                ]
            )
        ));
    }
    out.push_str(&format!(
        "  {}\n      {}\n",
        lang.t("banner-local"),
        state.local_url()
    ));
    let urls = crate::web::net::site_urls(config.bind, port);
    if urls.is_empty() {
        out.push_str(&format!("  {}\n", lang.t("banner-no-network")));
    } else {
        out.push_str(&format!("  {}\n", lang.t("banner-network")));
        for u in urls {
            out.push_str(&format!("      {u}\n"));
        }
    }
    if !state.proxies.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            lang.t_args(
                "banner-proxies",
                &[("list", state.proxies.describe().into())]
            )
        ));
    }
    if let Some(url) = &state.public_url {
        out.push_str(&format!(
            "  {}\n",
            lang.t_args(
                "banner-public-url",
                &[("url", url.as_str().to_string().into())]
            )
        ));
    }
    if state.training {
        out.push_str(&training_accounts(lang, &state.local_url()));
    }
    let data_line = if state.training {
        "banner-training-data"
    } else {
        "banner-data"
    };
    out.push_str(&format!(
        "\n  {}\n",
        lang.t_args(
            data_line,
            &[("dir", config.data_dir.display().to_string().into())]
        )
    ));
    if let Some(token) = state.setup_token() {
        out.push_str(&format!("\n  {}\n", lang.t("banner-setup")));
        // The setup address stands alone on its line: other tools read it from here.
        out.push_str(&format!("{}installation/{token}\n", local_base(state)));
    }
    let close = if state.training {
        "banner-training-close"
    } else {
        "banner-close-stops"
    };
    out.push_str(&format!("\n  {}\n{line}\n", lang.t(close)));
    print!("{out}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// The staff accounts of a training session with their passwords, and where to sign in.
fn training_accounts(lang: Lang, local_url: &str) -> String {
    let mut out = format!("\n  {}\n", lang.t("banner-training-accounts"));
    for a in crate::demo::ACCOUNTS {
        out.push_str(&format!(
            "      {}\n",
            lang.t_args(
                "banner-training-account",
                &[
                    ("role", lang.t(a.role.message_id()).into()),
                    ("login", a.login.into()),
                    ("password", a.password.into()),
                ]
            )
        ));
    }
    out.push_str(&format!(
        "  {}\n      {local_url}admin/connexion\n",
        lang.t("banner-training-sign-in")
    ));
    out
}
