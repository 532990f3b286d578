//! Thin entry point: parse the command line, hand over to `palabre::cli::run`.

fn main() -> std::process::ExitCode {
    let cli = palabre::cli::parse();
    palabre::cli::run(cli)
}
