//! Command line: `palabre [serve]`, `palabre admin add`, `palabre backup`.
//! Every serve flag is also an environment variable (PRODUCT.md §4).

use std::io::{BufRead, IsTerminal};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{self, Config};
use crate::db::{self, Db};
use crate::domain::account::{Login, Role};
use crate::domain::password::NewPassword;
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "palabre",
    version,
    about = "Palabre — consultation publique en un seul fichier",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Dossier des données (base, journaux, documents).
    #[arg(long, env = "PALABRE_DATA_DIR", global = true, value_name = "DOSSIER")]
    pub data_dir: Option<PathBuf>,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Port d'écoute (8080 par défaut, ou le suivant s'il est occupé).
    #[arg(long, env = "PALABRE_PORT", value_name = "N")]
    pub port: Option<u16>,
    /// Adresse d'écoute (toutes les interfaces par défaut).
    #[arg(
        long,
        env = "PALABRE_BIND",
        value_name = "ADRESSE",
        default_value = "0.0.0.0"
    )]
    pub bind: IpAddr,
    /// Ne pas ouvrir le navigateur au démarrage.
    #[arg(long, env = "PALABRE_NO_BROWSER")]
    pub no_browser: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Démarre la consultation (commande par défaut).
    Serve(ServeArgs),
    /// Comptes de l'équipe (à utiliser serveur arrêté).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Copie cohérente de la base dans FICHIER, même serveur démarré.
    Backup {
        /// Fichier de sauvegarde à créer.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Crée un compte ou remplace son mot de passe et son rôle.
    Add {
        /// Identifiant du compte.
        login: String,
        /// Rôle : admin, moderator ou facilitator.
        #[arg(long, value_parser = ["admin", "moderator", "facilitator"])]
        role: String,
        /// Lit le mot de passe sur l'entrée standard (une ligne).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

/// Runs the parsed command and turns every failure into a plain-French message and exit code.
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::Fr;
    let result = match cli.command {
        None => serve(cli.data_dir, cli.serve),
        Some(Command::Serve(args)) => serve(cli.data_dir, args),
        Some(Command::Admin(AdminCommand::Add {
            login,
            role,
            password_stdin: _,
        })) => admin_add(cli.data_dir, &login, &role),
        Some(Command::Backup { file }) => backup(cli.data_dir, &file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.message(lang));
            ExitCode::from(1)
        }
    }
}

fn serve(data_dir: Option<PathBuf>, args: ServeArgs) -> Result<(), config::StartError> {
    let config = Config::resolve(data_dir, &args)?;
    crate::app::run(config)
}

fn open_db(data_dir: Option<PathBuf>) -> Result<(PathBuf, Db), config::StartError> {
    let dir = config::resolve_data_dir(data_dir)?;
    config::prepare_data_dir(&dir)?;
    let db = Db::open(&dir.join(db::DB_FILE))?;
    Ok((dir, db))
}

fn admin_add(data_dir: Option<PathBuf>, login: &str, role: &str) -> Result<(), config::StartError> {
    let lang = Lang::Fr;
    let login =
        Login::parse(login).map_err(|e| config::StartError::Input(lang.t(e.message_id())))?;
    let role =
        Role::parse(role).ok_or_else(|| config::StartError::Input(lang.t("cli-bad-role")))?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("{}", lang.t("cli-password-prompt"));
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| config::StartError::Input(format!("{}: {e}", lang.t("cli-password-read"))))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    let password = NewPassword::parse(&password, &password, login.as_str())
        .map_err(|e| config::StartError::Input(lang.t(e.message_id())))?;
    let (_, db) = open_db(data_dir)?;
    let hash = crate::security::password::hash(password.as_str())
        .map_err(|e| config::StartError::Input(e.to_string()))?;
    let created = db
        .write(|c| Ok::<_, db::DbError>(db::accounts::upsert(c, &login, role, &hash, db::now())?))
        .map_err(config::StartError::Db)?;
    let id = if created {
        "cli-account-created"
    } else {
        "cli-account-updated"
    };
    println!(
        "{}",
        lang.t_args(
            id,
            &[
                ("login", login.as_str().into()),
                ("role", lang.t(role.message_id()).into())
            ]
        )
    );
    Ok(())
}

fn backup(data_dir: Option<PathBuf>, file: &std::path::Path) -> Result<(), config::StartError> {
    let lang = Lang::Fr;
    if file.exists() {
        return Err(config::StartError::Input(lang.t_args(
            "cli-backup-exists",
            &[("file", file.display().to_string().into())],
        )));
    }
    let (_, db) = open_db(data_dir)?;
    db.backup_to(file).map_err(|e| {
        config::StartError::Input(lang.t_args(
            "cli-backup-failed",
            &[
                ("file", file.display().to_string().into()),
                ("error", e.to_string().into()),
            ],
        ))
    })?;
    println!(
        "{}",
        lang.t_args(
            "cli-backup-done",
            &[("file", file.display().to_string().into())]
        )
    );
    Ok(())
}
