//! The `lede` binary: parse flags, run, report errors grep-style (exit 2).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = lede::cli::Cli::parse();
    match lede::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lede: error: {err:#}");
            ExitCode::from(lede::cmd::EXIT_ERROR)
        }
    }
}
