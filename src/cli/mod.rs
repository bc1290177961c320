//! The command line: flags (`args`), their enum values (`values`), and one module per subcommand,
//! each turning parsed flags into a run of the library and an exit status. Errors reach `main`
//! as `anyhow` chains; `error_message` adds the advice that names lede's own commands and flags.

mod args;
pub mod argv;
mod cores;
mod index;
mod info;
mod parse;
mod search;
mod serve;
mod values;

use std::path::PathBuf;

use lede::index::store::{self, StoreError};
use lede::index::IndexError;
use lede::search::SearchError;

pub use args::Cli;
use args::{Command, IndexLocation};

/// Exit status when everything went as asked (and, for search, something matched).
pub const EXIT_OK: u8 = 0;
/// Exit status when nothing matched, or some files were skipped.
pub const EXIT_PARTIAL: u8 = 1;
/// Exit status on an error.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the process's exit status.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let color = cli.color.enabled();
    match cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args, color),
        Command::Parse(args) => parse::run(args),
        Command::Stats(args) => info::stats(args),
        Command::Show(args) => info::show(args),
        Command::Similar(args) => info::similar(args, color),
        Command::Remove(args) => info::remove(args),
        Command::Export(args) => info::export(args),
        Command::Serve(args) => serve::run(args),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "lede", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .map_err(|e| anyhow::Error::new(e).context("cannot write the manual page"))?;
            Ok(EXIT_OK)
        }
    }
}

impl IndexLocation {
    /// The index folder: `--index`, else `LEDE_INDEX` (both via clap), else the per-user default.
    pub fn dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(store::default_index_dir)
    }
}

/// True when writing failed because the reader went away (`lede search ... | head`): not an
/// error, and handled here once for every command.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error as the user sees it: the chain of causes, then what to do about it where lede's
/// own commands or flags are the answer.
pub fn error_message(err: &anyhow::Error) -> String {
    let root = err.root_cause();
    if let Some(SearchError::PathGlob { glob, detail }) = root.downcast_ref::<SearchError>() {
        return format!("--path {glob:?}: {detail}");
    }
    let mut text = format!("{err:#}");
    if let Some(hint) = hint(root) {
        text.push_str("\n  ");
        text.push_str(&hint);
    }
    text
}

/// `text` as one shell word: quoted when it holds anything a shell would split or expand.
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || "/._-+,:@%".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Advice for the errors a user can fix with a lede command.
fn hint(root: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(lede::serve::ServeError::Bind { addr, err }) = root.downcast_ref() {
        return Some(match err.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "another program (another lede serve?) uses port {}: pick another with --bind {}:{}",
                addr.port(),
                addr.ip(),
                addr.port().wrapping_add(1).max(1024)
            ),
            _ => "choose an address of this machine, e.g. --bind 127.0.0.1:8080".to_string(),
        });
    }
    let store = root
        .downcast_ref::<StoreError>()
        .or_else(|| match root.downcast_ref::<SearchError>() {
            Some(SearchError::Store(e)) => Some(e),
            _ => None,
        })
        .or_else(|| match root.downcast_ref::<IndexError>() {
            Some(IndexError::Store(e)) => Some(e),
            _ => None,
        })
        .or_else(|| match root.downcast_ref::<lede::serve::ServeError>() {
            Some(lede::serve::ServeError::Store(e)) => Some(e),
            _ => None,
        });
    if let Some(e) = store {
        return match e {
            StoreError::NotFound(dir) => Some(format!(
                "build one first: lede index FOLDER --index {}  (or set LEDE_INDEX)",
                dir.display()
            )),
            StoreError::NotLede(_) => {
                Some("choose another folder with --index, or empty it yourself".into())
            }
            StoreError::DiskFull { .. } => Some(
                "the index is as it was after the last complete run: free some space and run \
                 `lede index` again"
                    .into(),
            ),
            StoreError::ReadOnly { .. } => Some(
                "searching it still works; to update it, make the folder writable or index into \
                 another folder with --index"
                    .into(),
            ),
            StoreError::SchemaVersion { dir, .. }
            | StoreError::BadSchema { dir, .. }
            | StoreError::MissingField { dir, .. } => {
                // The folders it was built from, when its last commit recorded them.
                let roots: Vec<String> = store::CommitPayload::in_folder(dir)
                    .map(|p| p.roots.into_keys().map(|r| shell_word(&r)).collect())
                    .unwrap_or_default();
                let paths = if roots.is_empty() {
                    "PATH...".to_string()
                } else {
                    roots.join(" ")
                };
                Some(format!(
                    "rebuild it: lede index --full {paths} --index {}",
                    shell_word(&dir.display().to_string())
                ))
            }
            _ => None,
        };
    }
    match root.downcast_ref::<SearchError>() {
        Some(SearchError::Syntax { .. }) => {
            Some("or use --plain to search for the words exactly as typed, with no syntax".into())
        }
        Some(SearchError::DateRange { .. }) => Some("swap the two dates, or leave one out".into()),
        _ => match root.downcast_ref::<IndexError>() {
            Some(IndexError::Tantivy(_)) => Some(
                "the index is as it was after the last run: fix the cause (free disk space, say) \
                 and run `lede index` again"
                    .into(),
            ),
            _ => root.source().and_then(hint),
        },
    }
}
