//! The application's state, shared by every request: the database, the site's settings,
//! caches, limits, the public link and the clock; and `run_blocking` to reach them from async
//! code. Below the routes and the security layer, which read it; above `db/` and `domain/`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use actix_web::web;

use crate::db::{self, Db, DbError, settings};
use crate::i18n::Lang;
use crate::web::error::AppError;

pub use crate::domain::site::Site;

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
    /// The record's open-data indicators recently counted, per consultation (`None`: all of
    /// them), with when: counted once a minute at most.
    pub open_record: tokio::sync::Mutex<crate::domain::record_data::OpenRecords>,
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
    /// The reverse proxies whose forwarding headers count (`--trusted-proxy`).
    pub proxies: crate::domain::proxy::TrustedProxies,
    /// The address for links set by the operator (`--public-url`), before the settings'.
    pub public_url: Option<crate::domain::links::PublicAddress>,
    /// The phone given on the command line (`--sms-gateway`), before the settings page's.
    pub sms_gateway: Option<crate::sms::Gateway>,
}

/// Every consultation (with the questions it asks) and the themes each one offers; every
/// theme. Read again only when one of them changes (`Db::catalogue_generation`): forms and
/// lists need it at every request.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub consultations: Vec<(crate::domain::consultation::Consultation, String)>,
    pub themes_of: std::collections::HashMap<i64, Vec<crate::domain::theme::Theme>>,
    pub themes: Vec<crate::domain::theme::Theme>,
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
            crate::db::logo::make_screen_copy(c)?;
            let logo = crate::db::logo::version(c)?;
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
                logo: logo.as_ref().map(|(v, _)| v.clone()),
                logo_size: logo.and_then(|(_, size)| size),
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
            open_record: Default::default(),
            pages: Default::default(),
            catalogue: Mutex::new(None),
            fixed_now: AtomicI64::new(0),
            training: false,
            proxies: Default::default(),
            public_url: None,
            sms_gateway: None,
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
                Ok(Catalogue {
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
    /// The public address: `--public-url`, else the one in the settings.
    pub fn public_address(&self) -> Option<crate::domain::links::PublicAddress> {
        self.public_url
            .clone()
            .or_else(|| self.site.read().ok().and_then(|s| s.public_address.clone()))
    }

    pub fn link_base(&self, req: &actix_web::HttpRequest) -> crate::domain::links::LinkBase {
        let public = self.public_address();
        let tunnel = self.tunnel.state();
        crate::domain::links::link_base(
            public.as_ref(),
            tunnel.public_url(),
            crate::web::net::visitor_scheme(req),
            &crate::web::net::visitor_host(req),
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

impl AppState {
    /// Runs `f` on a read connection, off the async executor. Errors keep their cause.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T, AppError> + Send + 'static,
    {
        let db = self.db.clone();
        run_blocking(move || db.read(f)).await
    }

    /// Writes in the journal that `staff` took the file `what` out (a backup, an export, a
    /// workshop file: they hold personal data).
    pub async fn journal_export(
        &self,
        what: String,
        staff: &crate::domain::account::StaffUser,
    ) -> Result<(), AppError> {
        let (staff, now) = (staff.clone(), self.now());
        self.write(move |c| {
            Ok(crate::db::moderation::audit_export(
                c,
                &what,
                staff.actor(),
                now,
            )?)
        })
        .await
    }

    /// Runs `f` inside the writer's transaction (`Db::write`: rolled back on error, durable
    /// when this returns), off the async executor.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T, AppError> + Send + 'static,
    {
        let db = self.db.clone();
        run_blocking(move || db.write(f)).await
    }
}

/// Runs blocking work (SQLite, password hashing) off the async executor.
pub async fn run_blocking<T>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError>
where
    T: Send + 'static,
{
    web::block(f).await?
}
