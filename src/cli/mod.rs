//! Command line: `palabre [serve]`, `palabre admin add`, `palabre backup`, `palabre bundle`,
//! `palabre demo`.
//! Every serve flag is also an environment variable (PRODUCT.md §4).

mod demo;

use std::io::{BufRead, IsTerminal};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{self, Config, StartError};
use crate::db::{self, Db};
use crate::domain::account::{Login, Role};
use crate::domain::password::NewPassword;
use crate::domain::replication::Replication;
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(name = "palabre", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[arg(long, env = "PALABRE_DATA_DIR", global = true, value_name = "DOSSIER")]
    pub data_dir: Option<PathBuf>,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the server listens, and whether it opens a browser: `serve` and `demo` alike.
#[derive(Debug, Clone, Args)]
pub struct Listen {
    #[arg(long, env = "PALABRE_PORT", value_name = "N")]
    pub port: Option<u16>,
    #[arg(
        long,
        env = "PALABRE_BIND",
        value_name = "ADRESSE",
        default_value = "0.0.0.0"
    )]
    pub bind: IpAddr,
    #[arg(long, env = "PALABRE_NO_BROWSER", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_browser: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub listen: Listen,
    /// `localhost.run` or `ssh://[USER@]HOST[:PORT]`: opens the public link at start-up.
    #[arg(
        long,
        env = "PALABRE_TUNNEL",
        value_name = "ssh://UTILISATEUR@HOTE:PORT"
    )]
    pub tunnel: Option<String>,
    #[arg(long, env = "PALABRE_TUNNEL_IDENTITY", value_name = "FICHIER")]
    pub tunnel_identity: Option<PathBuf>,
    #[arg(long, env = "PALABRE_TUNNEL_REMOTE_PORT", value_name = "N")]
    pub tunnel_remote_port: Option<u16>,
    /// The reverse proxies (nginx, Caddy, IIS) whose forwarding headers count: addresses or
    /// networks, comma-separated.
    #[arg(long, env = "PALABRE_TRUSTED_PROXY", value_name = "ADRESSE[,ADRESSE…]")]
    pub trusted_proxy: Option<String>,
    /// The address where the public reaches the site (`https://consultation.gouv.ci`).
    #[arg(long, env = "PALABRE_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// The phone running SMS Gateway for Android: `http://LOGIN:PASSWORD@HOST:PORT`.
    #[arg(
        long,
        env = "PALABRE_SMS_GATEWAY",
        value_name = "http://LOGIN:MOT-DE-PASSE@HOTE:PORT"
    )]
    pub sms_gateway: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Serve(ServeArgs),
    #[command(subcommand)]
    Admin(AdminCommand),
    Backup {
        file: PathBuf,
    },
    #[command(subcommand)]
    Bundle(BundleCommand),
    // Training mode: fictional data in a throw-away folder (`demo/`). No doc comment: clap
    // would take it as help text, and the help comes from `locales/`.
    Demo(DemoArgs),
}

// `palabre demo`: the serve flags that make sense for a training session (no data folder, no
// public link).
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub listen: Listen,
    // Accepted and ignored, and kept out of the help: a training session never uses a data
    // folder. Same id as the global flag, which is then not added to this command.
    #[arg(
        id = "data_dir",
        long = "data-dir",
        hide = true,
        value_name = "DOSSIER"
    )]
    pub ignored_data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    Export {
        file: PathBuf,
    },
    Import {
        file: PathBuf,
        #[arg(long)]
        consultation: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    Add {
        login: String,
        #[arg(long, value_parser = ["admin", "moderator", "facilitator"])]
        role: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

/// The command line with its help texts taken from `locales/` (`cli-help-*` messages).
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let h = |id: &str| lang.t(&format!("cli-help-{id}"));
    let serve_args = |c: clap::Command| {
        c.mut_arg("port", |a| a.help(h("port")))
            .mut_arg("bind", |a| a.help(h("bind")))
            .mut_arg("no_browser", |a| a.help(h("no-browser")))
            .mut_arg("tunnel", |a| a.help(h("tunnel")))
            .mut_arg("tunnel_identity", |a| a.help(h("tunnel-identity")))
            .mut_arg("tunnel_remote_port", |a| a.help(h("tunnel-remote-port")))
            .mut_arg("trusted_proxy", |a| a.help(h("trusted-proxy")))
            .mut_arg("public_url", |a| a.help(h("public-url")))
            .mut_arg("sms_gateway", |a| a.help(h("sms-gateway")))
    };
    let cmd = Cli::command()
        .about(h("about"))
        .mut_arg("data_dir", |a| a.help(h("data-dir")))
        .mut_subcommand("serve", |c| serve_args(c).about(h("serve")))
        .mut_subcommand("admin", |c| {
            c.about(h("admin")).mut_subcommand("add", |c| {
                c.about(h("admin-add"))
                    .mut_arg("login", |a| a.help(h("login")))
                    .mut_arg("role", |a| a.help(h("role")))
                    .mut_arg("password_stdin", |a| a.help(h("password-stdin")))
            })
        })
        .mut_subcommand("bundle", |c| {
            c.about(h("bundle"))
                .mut_subcommand("export", |c| {
                    c.about(h("bundle-export"))
                        .mut_arg("file", |a| a.help(h("bundle-file")))
                })
                .mut_subcommand("import", |c| {
                    c.about(h("bundle-import"))
                        .mut_arg("file", |a| a.help(h("bundle-file")))
                        .mut_arg("consultation", |a| a.help(h("bundle-consultation")))
                })
        })
        .mut_subcommand("backup", |c| {
            c.about(h("backup"))
                .mut_arg("file", |a| a.help(h("backup-file")))
        })
        .mut_subcommand("demo", |c| {
            c.about(h("demo"))
                .mut_arg("port", |a| a.help(h("port")))
                .mut_arg("bind", |a| a.help(h("bind")))
                .mut_arg("no_browser", |a| a.help(h("no-browser")))
        });
    let version = clap::Arg::new("version")
        .short('V')
        .long("version")
        .action(clap::ArgAction::Version)
        .help(h("version"))
        .help_heading(h("options"));
    localize(serve_args(cmd), lang)
        .disable_version_flag(true)
        .arg(version)
}

/// Every word of the help in the user's language: clap's own headings, its help flag and its
/// `[env: …]`, `[default: …]` and `[possible values: …]` notes are replaced by ours.
fn localize(cmd: clap::Command, lang: Lang) -> clap::Command {
    let h = |id: &str| lang.t(&format!("cli-help-{id}"));
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        h("usage")
    );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(h("commands"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(h("help")),
        );
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let env = a.get_env().map(|e| {
                lang.t_args(
                    "cli-help-env",
                    &[("var", e.to_string_lossy().into_owned().into())],
                )
            });
            let help = match (a.get_help().map(|s| s.to_string()), env) {
                (Some(text), Some(env)) => format!("{text} {env}"),
                (Some(text), None) => text,
                (None, Some(env)) => env,
                (None, None) => String::new(),
            };
            let heading = if a.is_positional() {
                h("arguments")
            } else {
                h("options")
            };
            let takes_value = a.get_action().takes_values();
            a.help(help)
                .help_heading(heading)
                .hide_env(true)
                .hide_default_value(takes_value)
                .hide_possible_values(takes_value)
        });
    }
    for name in names {
        cmd = cmd.mut_subcommand(name.as_str(), |c| localize(c, lang));
    }
    cmd
}

/// Parses the process arguments with localized help; exits with the usage on bad input.
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let matches = command(Lang::of_system()).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Runs the parsed command and turns every failure into a plain-French message and exit code.
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::of_system();
    let result = match cli.command {
        None => serve(cli.data_dir, cli.serve),
        Some(Command::Serve(args)) => serve(cli.data_dir, args),
        Some(Command::Admin(AdminCommand::Add {
            login,
            role,
            password_stdin: _,
        })) => admin_add(cli.data_dir, &login, &role),
        Some(Command::Backup { file }) => backup(cli.data_dir, &file),
        Some(Command::Bundle(BundleCommand::Export { file })) => bundle_export(cli.data_dir, &file),
        Some(Command::Bundle(BundleCommand::Import { file, consultation })) => {
            bundle_import(cli.data_dir, &file, consultation)
        }
        // The real data folder (`--data-dir`, `PALABRE_DATA_DIR`, portable or system folder) is
        // never resolved for a training session: nothing of it is opened or created.
        Some(Command::Demo(args)) => demo::run(&args),
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
    let config = config_of(data_dir, &args)?;
    crate::app::run(config)
}

/// Opens the database for a command that writes: never beside a running server, whose
/// caches and rules would not see the change. `running` names the message that says what to
/// do instead. The lock is held until the command ends.
fn open_db_alone(
    data_dir: Option<PathBuf>,
    running: &str,
) -> Result<(Db, crate::instance::InstanceLock), config::StartError> {
    let dir = config::resolve_data_dir(data_dir)?;
    config::prepare_data_dir(&dir)?;
    let lock = match crate::instance::claim(&dir)
        .map_err(|e| config::StartError::DataDirUnwritable(dir.clone(), e))?
    {
        crate::instance::Claim::Mine(lock) => lock,
        crate::instance::Claim::Running(address) => {
            let address = address.unwrap_or_else(|| dir.display().to_string());
            return Err(config::StartError::Input(
                Lang::of_system().t_args(running, &[("address", address.into())]),
            ));
        }
    };
    let db = Db::open(&dir.join(db::DB_FILE))?;
    Ok((db, lock))
}

fn open_db(data_dir: Option<PathBuf>) -> Result<(PathBuf, Db), config::StartError> {
    let dir = config::resolve_data_dir(data_dir)?;
    config::prepare_data_dir(&dir)?;
    let db = Db::open(&dir.join(db::DB_FILE))?;
    Ok((dir, db))
}

fn admin_add(data_dir: Option<PathBuf>, login: &str, role: &str) -> Result<(), config::StartError> {
    let lang = Lang::of_system();
    let login =
        Login::parse(login).map_err(|e| config::StartError::Input(lang.t(e.message_id())))?;
    let role =
        Role::parse(role).ok_or_else(|| config::StartError::Input(lang.t("cli-bad-role")))?;
    let unreadable = |e: std::io::Error| {
        config::StartError::Input(format!("{}: {e}", lang.t("cli-password-read")))
    };
    let stdin = std::io::stdin();
    // Typed at the keyboard: not shown on screen, and asked twice. Piped in: one line.
    let (password, again) = if stdin.is_terminal() {
        eprintln!("{}", lang.t("cli-password-prompt"));
        let first = rpassword::read_password().map_err(unreadable)?;
        eprintln!("{}", lang.t("cli-password-again"));
        (first, rpassword::read_password().map_err(unreadable)?)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(unreadable)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        (line.clone(), line)
    };
    let password = NewPassword::parse(&password, &again, login.as_str())
        .map_err(|e| config::StartError::Input(lang.t(e.message_id())))?;
    let (db, _alone) = open_db_alone(data_dir, "cli-running-admin")?;
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

/// Never overwrites a file: a backup or a bundle is written only to a new name.
fn refuse_existing(lang: Lang, file: &std::path::Path) -> Result<(), config::StartError> {
    if file.exists() {
        return Err(config::StartError::Input(lang.t_args(
            "cli-backup-exists",
            &[("file", file.display().to_string().into())],
        )));
    }
    Ok(())
}

fn backup(data_dir: Option<PathBuf>, file: &std::path::Path) -> Result<(), config::StartError> {
    let lang = Lang::of_system();
    refuse_existing(lang, file)?;
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
    let replication = match Replication::of(crate::db::replication::observe(db.path())) {
        Replication::Off => lang.t("cli-backup-replication-off"),
        Replication::Following { moved_at } => lang.t_args(
            "cli-backup-replication-following",
            &[("when", lang.datetime(moved_at).into())],
        ),
        Replication::Behind { moved_at: Some(at) } => lang.t_args(
            "cli-backup-replication-behind",
            &[("when", lang.datetime(at).into())],
        ),
        Replication::Behind { moved_at: None } => lang.t("cli-backup-replication-never"),
    };
    println!("{replication}");
    Ok(())
}

fn bundle_export(
    data_dir: Option<PathBuf>,
    file: &std::path::Path,
) -> Result<(), config::StartError> {
    let lang = Lang::of_system();
    refuse_existing(lang, file)?;
    let (_, db) = open_db(data_dir)?;
    let instance = db
        .read(|c| Ok::<_, db::DbError>(db::settings::get(c, db::settings::INSTANCE_ID)?))?
        .unwrap_or_default();
    let s = crate::bundle::export(&db, &instance, file, db::now())
        .map_err(|e| config::StartError::Input(e.message(lang)))?;
    println!(
        "{}",
        lang.t_args(
            "cli-bundle-exported",
            &[
                ("file", file.display().to_string().into()),
                (
                    "proposals",
                    lang.count("count-proposals", s.proposals).into()
                ),
                ("comments", lang.count("count-comments", s.comments).into()),
                ("supports", lang.count("count-supports", s.supports).into()),
                (
                    "workshops",
                    lang.count("count-workshops", s.workshops).into()
                ),
            ],
        )
    );
    if let Some(code) = s.new_code {
        println!(
            "{}",
            lang.t_args("cli-bundle-new-code", &[("code", code.into())])
        );
    }
    Ok(())
}

fn bundle_import(
    data_dir: Option<PathBuf>,
    file: &std::path::Path,
    consultation: Option<i64>,
) -> Result<(), config::StartError> {
    let lang = Lang::of_system();
    let (db, _alone) = open_db_alone(data_dir, "cli-running-bundle")?;
    let r = crate::bundle::import(&db, file, consultation, db::now()).map_err(|e| {
        config::StartError::Input(lang.t_args(
            "cli-bundle-refused",
            &[
                ("file", file.display().to_string().into()),
                ("reason", e.message(lang).into()),
            ],
        ))
    })?;
    println!(
        "{}",
        lang.t_args(
            "cli-bundle-imported",
            &[
                ("file", file.display().to_string().into()),
                ("summary", r.summary(lang).into()),
            ],
        )
    );
    if !r.refused.is_empty() {
        // Not the whole bundle: say which records were left out, and exit non-zero.
        return Err(config::StartError::Input(format!(
            "{}\n{}",
            lang.t("cli-bundle-partial"),
            r.refusals(lang).join("\n")
        )));
    }
    Ok(())
}

/// The start-up configuration `palabre serve` asks for, checked.
fn config_of(data_dir: Option<PathBuf>, args: &ServeArgs) -> Result<Config, StartError> {
    let data_dir = config::resolve_data_dir(data_dir)?;
    let tunnel = match &args.tunnel {
        Some(spec) if !spec.trim().is_empty() => Some(
            crate::tunnel::parse_spec(spec, args.tunnel_identity.clone(), args.tunnel_remote_port)
                .map_err(|_| {
                    StartError::Input(
                        Lang::of_system()
                            .t_args("tunnel-cli-bad-spec", &[("value", spec.clone().into())]),
                    )
                })?,
        ),
        _ => None,
    };
    let lang = Lang::of_system();
    let proxies = crate::domain::proxy::TrustedProxies::parse(
        args.trusted_proxy.as_deref().unwrap_or_default(),
    )
    .map_err(|item| {
        StartError::Input(lang.t_args("cli-bad-trusted-proxy", &[("value", item.into())]))
    })?;
    let public_url =
        crate::domain::links::PublicAddress::parse(args.public_url.as_deref().unwrap_or_default())
            .map_err(|_| {
                StartError::Input(lang.t_args(
                    "cli-bad-public-url",
                    &[("value", args.public_url.clone().unwrap_or_default().into())],
                ))
            })?;
    let sms_gateway = match args.sms_gateway.as_deref().map(str::trim) {
        Some(url) if !url.is_empty() => Some(crate::sms::Gateway::parse(url).map_err(|_| {
            StartError::Input(
                lang.t_args("cli-bad-sms-gateway", &[("value", url.to_string().into())]),
            )
        })?),
        _ => None,
    };
    Ok(Config {
        sms_gateway,
        tunnel,
        data_dir,
        port: args.listen.port.unwrap_or(config::DEFAULT_PORT),
        port_explicit: args.listen.port.is_some(),
        bind: args.listen.bind,
        open_browser: !args.listen.no_browser,
        training: false,
        proxies,
        public_url,
    })
}
