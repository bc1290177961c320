//! The subcommands: each turns parsed flags into a run of the library and an exit status.

mod index;
mod info;
mod parse;
mod search;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Command, IndexLocation};
use crate::store;

/// Exit status when everything went as asked (and, for search, something matched).
pub const EXIT_OK: u8 = 0;
/// Exit status when nothing matched, or some files were skipped.
pub const EXIT_PARTIAL: u8 = 1;
/// Exit status on an error.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the process's exit status.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let color = cli.color.enabled();
    let code = match cli.command {
        Command::Index(args) => index::run(args)?,
        Command::Search(args) => search::run(args, color)?,
        Command::Parse(args) => parse::run(args)?,
        Command::Stats(args) => info::stats(args)?,
        Command::Show(args) => info::show(args)?,
        Command::Similar(args) => info::similar(args, color)?,
    };
    Ok(ExitCode::from(code))
}

impl IndexLocation {
    /// The index folder: `--index`, else `LEDE_INDEX` (both via clap), else the per-user default.
    pub fn dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(store::default_index_dir)
    }
}
