//! Application state, the one app factory used by `palabre serve` and by the tests, and the
//! start-up sequence (data folder, database, port, banner, browser).

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, web};

use crate::config::{Config, StartError};
use crate::db::{self, Db, DbError, settings};
use crate::error::AppError;
use crate::i18n::Lang;

/// Site-wide settings read on every page, cached here and refreshed when they change.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub name: String,
    pub organisation: String,
    pub default_lang: Lang,
    pub setup_done: bool,
    /// The address set in the settings for links that leave the site.
    pub public_address: Option<crate::domain::links::PublicAddress>,
    /// The version of the organisation's logo, when there is one (its address is
    /// `/logo?v={version}`).
    pub logo: Option<String>,
}

#[derive(Debug)]
pub struct AppState {
    pub db: Arc<Db>,
    pub data_dir: PathBuf,
    pub instance_id: String,
    secret: Vec<u8>,
    site: RwLock<Site>,
    setup_token: Mutex<Option<String>>,
    /// Where the server listens, to tell staff where citizens can reach it.
    pub bind: IpAddr,
    pub port: u16,
    /// Open-data files recently built, by extension (built once a minute at most).
    pub open_data: tokio::sync::Mutex<std::collections::HashMap<String, OpenDataFile>>,
    /// Rate limits of public actions (proposals, comments, supports).
    pub limits: crate::security::ratelimit::RateLimiter,
    /// Public pages ready for visitors who are not signed in.
    pub pages: crate::cache::PageCache,
    /// Consultations and themes as last read, with the catalogue generation they were read at.
    catalogue: Mutex<Option<(u64, Arc<Catalogue>)>>,
    /// When non-zero, the time every rule sees (tests and the demo control the clock).
    fixed_now: AtomicI64,
    /// The public link (SSH reverse tunnel), stopped until asked for.
    pub tunnel: crate::tunnel::Tunnel,
    /// Training mode (`palabre demo`): fictional data, a banner on every page.
    pub training: bool,
}

/// Every consultation (with the questions it asks) and the themes each one offers; every
/// theme. Read again only when one of them changes (`Db::catalogue_generation`): forms and
/// lists need it at every request.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub consultations: Vec<(crate::db::consultations::Consultation, String)>,
    pub themes_of: std::collections::HashMap<i64, Vec<crate::db::themes::Theme>>,
    pub themes: Vec<crate::db::themes::Theme>,
}

/// An open-data file built in the data folder's `cache`.
#[derive(Debug, Clone)]
pub struct OpenDataFile {
    pub built_at: i64,
    pub path: PathBuf,
    pub len: u64,
}

impl AppState {
    /// Reads the settings, creating the instance id and the secret on the very first run, and
    /// a one-time setup token while no setup was done.
    pub fn load(db: Db, data_dir: PathBuf, bind: IpAddr, port: u16) -> Result<AppState, DbError> {
        let (instance_id, secret, site, allow_staff) = db.write(|c| {
            let instance_id = settings::get_or_init(c, settings::INSTANCE_ID, || {
                crate::security::random_token(16)
            })?;
            let secret =
                settings::get_or_init(c, settings::SECRET, || crate::security::random_token(32))?;
            crate::db::pages::seed_defaults(c, db::now())?;
            crate::db::themes::seed_defaults(c)?;
            let site = Site {
                name: settings::get(c, settings::SITE_NAME)?.unwrap_or_default(),
                organisation: settings::get(c, settings::ORGANISATION)?.unwrap_or_default(),
                default_lang: settings::get(c, settings::DEFAULT_LANG)?
                    .and_then(|l| Lang::parse(&l))
                    .unwrap_or_default(),
                setup_done: settings::get(c, settings::SETUP_DONE_AT)?.is_some(),
                public_address: settings::get(c, settings::PUBLIC_ADDRESS)?.and_then(|a| {
                    crate::domain::links::PublicAddress::parse(&a)
                        .ok()
                        .flatten()
                }),
                logo: crate::db::logo::version(c)?,
            };
            let allow_staff =
                settings::get(c, crate::tunnel::keys::ALLOW_STAFF)?.as_deref() == Some("1");
            Ok::<_, DbError>((instance_id, secret, site, allow_staff))
        })?;
        let token = (!site.setup_done).then(|| crate::security::random_token(24));
        // Open-data files of an earlier run: rebuilt at need.
        let _ = std::fs::remove_dir_all(data_dir.join("cache"));
        Ok(AppState {
            db: Arc::new(db),
            tunnel: crate::tunnel::Tunnel::new(&data_dir, allow_staff),
            data_dir,
            instance_id,
            secret: secret.into_bytes(),
            site: RwLock::new(site),
            setup_token: Mutex::new(token),
            bind,
            port,
            limits: Default::default(),
            open_data: Default::default(),
            pages: Default::default(),
            catalogue: Mutex::new(None),
            fixed_now: AtomicI64::new(0),
            training: false,
        })
    }

    /// Consultations and themes, read again only when one of them changed.
    pub async fn catalogue(&self) -> Result<Arc<Catalogue>, AppError> {
        let generation = self.db.catalogue_generation();
        if let Ok(guard) = self.catalogue.lock()
            && let Some((g, c)) = guard.as_ref()
            && *g == generation
        {
            return Ok(c.clone());
        }
        let db = self.db.clone();
        let fresh = run_blocking(move || {
            db.read(|c| {
                let consultations = crate::db::consultations::all(c)?;
                let mut themes_of = std::collections::HashMap::new();
                for (k, _) in &consultations {
                    themes_of.insert(k.id, crate::db::themes::for_consultation(c, k.id)?);
                }
                Ok::<_, AppError>(Catalogue {
                    consultations,
                    themes_of,
                    themes: crate::db::themes::all(c)?,
                })
            })
        })
        .await?;
        let fresh = Arc::new(fresh);
        if let Ok(mut guard) = self.catalogue.lock() {
            *guard = Some((generation, fresh.clone()));
        }
        Ok(fresh)
    }

    /// The current time for every rule of the site (Unix seconds, UTC).
    pub fn now(&self) -> i64 {
        match self.fixed_now.load(Ordering::Relaxed) {
            0 => db::now(),
            fixed => fixed,
        }
    }

    /// Freezes the clock at `unix` (0 gives the real clock back).
    pub fn set_now(&self, unix: i64) {
        self.fixed_now.store(unix, Ordering::Relaxed);
    }

    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    pub fn site(&self) -> Site {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_site(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = site;
        }
        self.pages.clear();
    }

    /// The base of links that leave the site, as seen from this request.
    pub fn link_base(&self, req: &actix_web::HttpRequest) -> crate::domain::links::LinkBase {
        let public = self.site.read().ok().and_then(|s| s.public_address.clone());
        let tunnel = self.tunnel.state();
        crate::domain::links::link_base(
            public.as_ref(),
            tunnel.public_url(),
            crate::net::visitor_scheme(req),
            &crate::net::visitor_host(req),
        )
    }

    /// Whether the request's application runs in training mode (for pages drawn outside a
    /// handler: error pages, refusals of the middleware).
    pub fn training_of(req: &actix_web::HttpRequest) -> bool {
        req.app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.training)
    }

    pub fn default_lang(&self) -> Lang {
        self.site.read().map(|s| s.default_lang).unwrap_or_default()
    }

    /// The setup token, while setup is still to be done.
    pub fn setup_token(&self) -> Option<String> {
        self.setup_token.lock().ok().and_then(|t| t.clone())
    }

    /// Whether `candidate` is the live setup token.
    pub fn setup_token_matches(&self, candidate: &str) -> bool {
        self.setup_token()
            .is_some_and(|t| crate::security::same_secret(t.as_bytes(), candidate.as_bytes()))
    }

    /// Ends setup: the token is dead from now on.
    /// Setup is done: the setup address is used up, and the console says where the
    /// administration now is (the old address above it no longer works).
    pub fn finish_setup(&self, site: Site) {
        if let Ok(mut t) = self.setup_token.lock() {
            *t = None;
        }
        let lang = site.default_lang;
        self.set_site(site);
        let line = "─".repeat(64);
        println!(
            "\n{line}\n  {}\n      {}admin\n{line}",
            lang.t("banner-setup-done"),
            self.local_url()
        );
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }

    pub fn local_url(&self) -> String {
        let host = if self.bind.is_unspecified() || self.bind.is_loopback() {
            "localhost".to_string()
        } else {
            match self.bind {
                IpAddr::V6(v6) => format!("[{v6}]"),
                IpAddr::V4(v4) => v4.to_string(),
            }
        };
        format!("http://{host}:{}/", self.port)
    }
}

/// Runs blocking work (SQLite, password hashing) off the async executor.
pub async fn run_blocking<T, E>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, crate::error::AppError>
where
    T: Send + 'static,
    E: Into<crate::error::AppError> + Send + 'static,
{
    web::block(f).await?.map_err(Into::into)
}

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
        .app_data(web::FormConfig::default().limit(crate::security::csrf::FORM_LIMIT))
        .app_data(web::PayloadConfig::default().limit(crate::security::csrf::FORM_LIMIT))
        .configure(crate::routes::configure)
        .default_service(web::to(crate::routes::not_found))
        .wrap(from_fn(crate::routes::head_as_get))
        .wrap(from_fn(crate::security::headers::staff_no_store))
        .wrap(from_fn(crate::security::csrf::middleware))
        .wrap(from_fn(crate::tunnel::guard::middleware))
        .wrap(from_fn(crate::security::slowbody::middleware))
        .wrap(ErrorHandlers::new().default_handler(crate::error::render_error_page))
        .wrap(crate::security::headers::default_headers())
        .wrap(Compress::default())
}

/// A second start on a data folder already served: say so, open the browser on the running
/// server, and leave it alone.
fn already_running(config: &Config, address: Option<String>) {
    let lang = crate::cli::cli_lang();
    match &address {
        Some(a) => println!(
            "{}",
            lang.t_args("start-already-running", &[("address", a.clone().into())])
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
    crate::routes::spool::clear(&config.data_dir);
    let db = Db::open(&config.data_dir.join(db::DB_FILE))?;
    if config.training {
        // The throw-away folder is ours (claimed above): fill it before anyone can look.
        crate::demo::seed(&db, db::now())?;
        // The starting state, for a trainer who starts the exercises again.
        db.backup_to(&config.data_dir.join(crate::demo::START_COPY))?;
    }
    let (listener, port) = crate::net::bind_first_free(config.bind, config.port)
        .map_err(|e| StartError::NoFreePort(config.port, e))?;
    let mut loaded = AppState::load(db, config.data_dir.clone(), config.bind, port)?;
    loaded.training = config.training;
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
        if config.open_browser {
            // Opening a browser can block on some desktops: do it beside the server.
            std::thread::spawn(move || {
                if let Err(e) = open::that_detached(&open_at) {
                    tracing::warn!(error = %e, "could not open the browser");
                }
            });
        }
        watch_disk(state.clone());
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
/// it does (the staff pages say it on every page meanwhile).
fn watch_disk(state: web::Data<AppState>) {
    // Held weakly: once the server has stopped, the state (and its database) can close, so
    // that a training session's folder can be deleted (Windows refuses to delete open files).
    let state = std::sync::Arc::downgrade(&state.into_inner());
    std::thread::spawn(move || {
        let mut was_low = false;
        loop {
            let Some(state) = state.upgrade() else {
                return;
            };
            let free = crate::disk::free_bytes(&state.data_dir);
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
            std::thread::sleep(std::time::Duration::from_secs(10));
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
    let urls = crate::net::site_urls(config.bind, port);
    if urls.is_empty() {
        out.push_str(&format!("  {}\n", lang.t("banner-no-network")));
    } else {
        out.push_str(&format!("  {}\n", lang.t("banner-network")));
        for u in urls {
            out.push_str(&format!("      {u}\n"));
        }
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
