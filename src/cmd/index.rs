//! `lede index`: progress on a terminal, and a closing summary always.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{EXIT_OK, EXIT_PARTIAL};
use crate::cli::IndexArgs;
use crate::index::{self, IndexOptions, IndexSummary, Progress};

/// How many skipped files the summary lists by name.
const SHOW_SKIPPED: usize = 10;

pub fn run(args: IndexArgs) -> anyhow::Result<u8> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = IndexOptions {
        paths: args.paths.clone(),
        index_dir: args.location.dir(),
        memory: args.memory.saturating_mul(1 << 20),
        jobs,
        max_file_size: args.max_file_size.saturating_mul(1 << 20),
        full: args.full,
        analyze: args.read.analyze_options()?,
    };
    for p in &opts.paths {
        if !p.exists() {
            anyhow::bail!("{} does not exist", p.display());
        }
    }
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let summary = index::run(&opts, &bar)?;
    bar.finish();
    if !args.quiet {
        print_summary(&summary, &opts);
    }
    Ok(if summary.skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}

fn print_summary(s: &IndexSummary, opts: &IndexOptions) {
    let secs = s.elapsed.as_secs_f64().max(1e-6);
    let mb = s.bytes as f64 / (1 << 20) as f64;
    eprintln!(
        "indexed {} files ({} articles, {:.1} MB) in {:.2} s: {:.1} MB/s, {:.0} files/s",
        s.files_indexed,
        s.articles,
        mb,
        secs,
        mb / secs,
        s.files_indexed as f64 / secs
    );
    if !s.skipped.is_empty() {
        eprintln!("skipped {} files:", s.skipped.len());
        for k in s.skipped.iter().take(SHOW_SKIPPED) {
            eprintln!("  {}: {}", k.path.display(), k.reason);
        }
        if s.skipped.len() > SHOW_SKIPPED {
            eprintln!("  ... and {} more", s.skipped.len() - SHOW_SKIPPED);
        }
    }
    eprintln!("index: {}", opts.index_dir.display());
}

/// An indicatif bar on standard error, or nothing when it is not a terminal.
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new(show: bool) -> Bar {
        Bar(show.then(|| {
            let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            pb.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            pb.set_message("crawling");
            pb.enable_steady_tick(Duration::from_millis(120));
            pb
        }))
    }

    fn finish(&self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, files: u64, bytes: u64) {
        if let Some(pb) = &self.0 {
            pb.set_length(bytes);
            pb.set_message(format!("{files} files"));
        }
    }
    fn advance(&self, bytes: u64) {
        if let Some(pb) = &self.0 {
            pb.inc(bytes);
        }
    }
    fn committing(&self) {
        if let Some(pb) = &self.0 {
            pb.set_message("committing");
        }
    }
}
