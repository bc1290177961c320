//! The `lede` binary: parse flags, run, report errors grep-style (exit 2).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse_from(cli::argv::sorted(std::env::args_os().collect()));
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::from(cli::EXIT_OK),
        Err(err) => {
            eprintln!("lede: error: {}", cli::error_message(&err));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
