//! Validated start-up configuration and the data folder: where it is, that it can be written,
//! and the errors a person can act on when it cannot.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::db::DbError;
use crate::i18n::Lang;

/// Name of the folder that, when it sits beside the executable, makes Palabre portable.
pub const PORTABLE_DIR: &str = "palabre-data";
pub const DEFAULT_PORT: u16 = 8080;

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub port: u16,
    /// The port was asked for (`--port`, `PALABRE_PORT`): it is kept or the start fails,
    /// never moved, since a proxy or a service unit in front expects it there.
    pub port_explicit: bool,
    pub bind: IpAddr,
    pub open_browser: bool,
    /// The public link to open at start-up (`--tunnel`).
    pub tunnel: Option<crate::tunnel::TunnelConfig>,
    /// Training mode (`palabre demo`): `data_dir` is a throw-away folder, filled with
    /// fictional data before serving, and every page says so.
    pub training: bool,
    /// The reverse proxies whose forwarding headers count (`--trusted-proxy`).
    pub proxies: crate::domain::proxy::TrustedProxies,
    /// The address for links, set by the operator (`--public-url`): it comes before the
    /// one in the settings.
    pub public_url: Option<crate::domain::links::PublicAddress>,
    /// The phone that sends and receives texts (`--sms-gateway`), before the settings page's.
    pub sms_gateway: Option<crate::sms::Gateway>,
}

/// `--data-dir` / `PALABRE_DATA_DIR` (clap merges both) > `palabre-data` beside the
/// executable > the operating system's data folder for applications.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, StartError> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(portable) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|p| p.join(PORTABLE_DIR)))
        .filter(|p| p.is_dir())
    {
        return Ok(portable);
    }
    directories::ProjectDirs::from("", "", "Palabre")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StartError::NoDataDir)
}

/// Creates the folder if needed and proves that it can be written, before anything else runs.
pub fn prepare_data_dir(dir: &Path) -> Result<(), StartError> {
    let unwritable = |e: std::io::Error| StartError::DataDirUnwritable(dir.to_path_buf(), e);
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    let probe = dir.join(".palabre-write-test");
    std::fs::write(&probe, b"ok").map_err(unwritable)?;
    std::fs::remove_file(&probe).map_err(unwritable)?;
    Ok(())
}

/// Everything that can stop the program before it serves; each says what to do in plain words.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("no data folder")]
    NoDataDir,
    #[error("data folder {0} not writable: {1}")]
    DataDirUnwritable(PathBuf, std::io::Error),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("no free port from {0}")]
    NoFreePort(u16, std::io::Error),
    #[error("port {0} asked for is taken")]
    PortTaken(u16, std::io::Error),
    #[error("server: {0}")]
    Server(std::io::Error),
    #[error("{0}")]
    Input(String),
}

impl StartError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StartError::NoDataDir => lang.t("start-no-data-dir"),
            StartError::DataDirUnwritable(dir, e) => lang.t_args(
                "start-data-dir-unwritable",
                &[
                    ("dir", dir.display().to_string().into()),
                    ("error", e.to_string().into()),
                ],
            ),
            StartError::Db(e) => e.message(lang),
            StartError::NoFreePort(port, e) => lang.t_args(
                "start-no-free-port",
                &[
                    ("port", port.to_string().into()),
                    ("error", e.to_string().into()),
                ],
            ),
            StartError::PortTaken(port, e) => lang.t_args(
                "start-port-taken",
                &[
                    ("port", port.to_string().into()),
                    ("error", e.to_string().into()),
                ],
            ),
            StartError::Server(e) => {
                lang.t_args("start-server-failed", &[("error", e.to_string().into())])
            }
            StartError::Input(msg) => msg.clone(),
        }
    }
}
