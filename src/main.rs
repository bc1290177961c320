//! The `lede` binary: parse flags, run, report errors grep-style (exit 2).

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    // One clap command for sorting the arguments and for reading them: building it twice took
    // about 5% of a `lede search` process's instructions.
    let mut cmd = cli::Cli::command();
    let argv = cli::argv::sorted(&mut cmd, std::env::args_os().collect());
    let matches = cmd
        .try_get_matches_from_mut(argv)
        .unwrap_or_else(|e| e.exit());
    if !matches!(
        matches.subcommand_name(),
        Some("search" | "stats" | "show" | "similar" | "parse")
    ) {
        keep_freed_memory_out();
    }
    let args = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut cmd).exit());
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::from(cli::EXIT_OK),
        Err(err) => {
            eprintln!("lede: error: {}", cli::error_message(&err));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

/// Makes glibc's malloc give large freed blocks back to the system. By default it raises its
/// threshold for mapping a block on its own each time such a block is freed, so after the first
/// of tantivy's 1 MB arena pages goes, the rest come from the heap and stay in the process once
/// freed: indexing 100k synthetic articles peaked at 355 MB that way, and at 290 MB with the
/// threshold fixed (docs/performance.md). mimalloc instead peaked at 385 MB. A command that
/// answers and exits (search, stats, show, similar) keeps the default: mapping and unmapping
/// each large block cost a BBC search 0.2 ms of its 3.7. So does `lede parse`, whose memory is
/// one chunk of files: the page faults of those mappings took a tenth of its time.
fn keep_freed_memory_out() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; it is called before any other thread runs
    // (clap reads the arguments on this thread).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
    }
}
