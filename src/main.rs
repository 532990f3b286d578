//! Thin entry point: parse the command line, hand over to `palabre::cli::run`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = palabre::cli::Cli::parse();
    palabre::cli::run(cli)
}
