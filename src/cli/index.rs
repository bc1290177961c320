//! `lede index`: progress on a terminal, a closing summary always, Ctrl-C handled.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use lede::index::settings::GivenSettings;
use lede::index::{self, IndexOptions, IndexSummary, Progress};

use super::args::{IndexArgs, SourceFrom};
use super::{EXIT_OK, EXIT_PARTIAL};

/// How many skipped files the summary lists by name.
const SHOW_SKIPPED: usize = 10;
/// Exit status after Ctrl-C, as shells report a SIGINT death.
const EXIT_INTERRUPTED: u8 = 130;

/// `lede index`.
pub fn run(args: IndexArgs) -> anyhow::Result<u8> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if args.jobs.is_some() {
        // --jobs bounds the cores the run takes, tantivy's writer threads included.
        super::cores::limit_to(jobs);
    }
    let opts = IndexOptions {
        paths: args.paths.clone(),
        index_dir: args.location.dir(),
        memory: args.memory.saturating_mul(1 << 20),
        jobs,
        max_file_size: args.max_file_size.saturating_mul(1 << 20),
        full: args.full,
        analyze: lede::analyze::AnalyzeOptions::default(),
        settings: GivenSettings {
            reset: args.reset_settings,
            source_from_folder: args.source_from.map(|s| s == SourceFrom::Folder),
            date_from_mtime: args.date_from_mtime,
            json_keys: (!args.read.json_key.is_empty()).then(|| args.read.json_key.clone()),
            exclude: (!args.exclude.is_empty()).then(|| args.exclude.clone()),
        },
        optimize: args.optimize,
        lock_held: false,
    };
    for p in &opts.paths {
        if !p.exists() && p.symlink_metadata().is_err() {
            anyhow::bail!("{} does not exist", p.display());
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second Ctrl-C while finishing up is left to the default (the process dies; the
        // last commit is still intact).
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(EXIT_INTERRUPTED));
            }
        });
    }
    if args.watch {
        return watch(&args, &opts, &stop);
    }
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let summary = index::run_until(&opts, &bar, &stop)?;
    bar.finish();
    if let Some(path) = &args.report {
        write_report(path, &summary)
            .with_context(|| format!("cannot write the report to {}", path.display()))?;
    }
    if !args.quiet || summary.interrupted {
        print_summary(&summary, &opts);
    }
    Ok(if summary.interrupted {
        EXIT_INTERRUPTED
    } else if summary.skipped.iter().all(|k| k.ignored) {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}

/// `lede index --watch`: the first run's summary as `lede index` prints it, then a line for each
/// batch of changes, until Ctrl-C.
fn watch(args: &IndexArgs, opts: &IndexOptions, stop: &AtomicBool) -> anyhow::Result<u8> {
    let wopts = index::watch::WatchOptions {
        rescan_every: if args.rescan_every == 0 {
            Duration::MAX
        } else {
            Duration::from_secs(args.rescan_every)
        },
        ..Default::default()
    };
    let quiet = args.quiet;
    let mut first = true;
    let mut report = |e: index::watch::WatchEvent| match e {
        index::watch::WatchEvent::Indexed(s) if first => {
            first = false;
            if !quiet {
                print_summary(s, opts);
            }
        }
        index::watch::WatchEvent::Indexed(s) => {
            let changed = s.added + s.updated + s.removed + s.renamed;
            if changed > 0 && !quiet {
                eprintln!(
                    "{} {} added, {} updated, {} removed, {} renamed, {} skipped ({:.2} s)",
                    chrono::Local::now().format("%H:%M:%S"),
                    s.added,
                    s.updated,
                    s.removed,
                    s.renamed,
                    s.skipped.len(),
                    s.elapsed.as_secs_f64()
                );
                for k in s.skipped.iter().filter(|k| !k.ignored).take(SHOW_SKIPPED) {
                    eprintln!("  skipped {}: {}", k.path.display(), k.reason);
                }
            }
        }
        index::watch::WatchEvent::Watching {
            paths,
            notifications,
        } if !quiet => {
            let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let how = if notifications {
                "as files change"
            } else {
                "by rescanning (this file system sends no notifications)"
            };
            eprintln!("watching {} {how}; Ctrl-C stops", list.join(", "));
        }
        index::watch::WatchEvent::Missing(paths) => {
            for p in paths {
                eprintln!(
                    "lede: {} is missing (moved, deleted or unmounted): its articles stay until it is back or `lede remove` drops them",
                    p.display()
                );
            }
        }
        index::watch::WatchEvent::Failed(e) => {
            eprintln!(
                "lede: error: {}",
                super::error_message(&anyhow::anyhow!("{e}"))
            );
        }
        _ => {}
    };
    index::watch::watch(opts, &wopts, &Bar::new(false), &mut report, stop)?;
    if !quiet {
        eprintln!("stopped watching; the index is as of the last change");
    }
    Ok(EXIT_OK)
}

fn write_report(path: &std::path::Path, s: &IndexSummary) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for k in &s.skipped {
        let line = serde_json::json!({
            "path": k.path.to_string_lossy(),
            "reason": k.reason,
            "ignored": k.ignored,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
}

fn print_summary(s: &IndexSummary, opts: &IndexOptions) {
    let secs = s.elapsed.as_secs_f64().max(1e-6);
    let mb = s.bytes as f64 / (1 << 20) as f64;
    let read = s.added + s.updated + s.renamed;
    eprintln!(
        "indexed {read} files ({} articles, {mb:.1} MB) in {secs:.2} s: {:.1} MB/s, {:.0} files/s",
        s.articles,
        mb / secs,
        read as f64 / secs
    );
    let ignored = s.skipped.iter().filter(|k| k.ignored).count();
    eprintln!(
        "{} added, {} updated, {} removed, {} renamed, {} unchanged, {} skipped{}",
        s.added,
        s.updated,
        s.removed,
        s.renamed,
        s.unchanged,
        s.skipped.len(),
        if s.skipped.is_empty() {
            String::new()
        } else {
            format!(
                " ({} failed, {ignored} with no article: empty, binary, not a file or an index)",
                s.skipped.len() - ignored
            )
        }
    );
    if s.copies > 0 {
        let what = if s.copies == 1 {
            "article is a copy"
        } else {
            "articles are copies"
        };
        eprintln!(
            "{} {what} of another (shown once in results; `lede search --copies` shows all)",
            s.copies
        );
    }
    if s.furniture_stripped > 0 {
        eprintln!(
            "{} articles lost paragraphs that recur across their source (learnt furniture)",
            s.furniture_stripped
        );
    }
    if !s.skipped.is_empty() {
        eprintln!("skipped:");
        for k in s.skipped.iter().take(SHOW_SKIPPED) {
            eprintln!("  {}: {}", k.path.display(), k.reason);
        }
        if s.skipped.len() > SHOW_SKIPPED {
            eprintln!(
                "  ... and {} more (--report FILE lists them all)",
                s.skipped.len() - SHOW_SKIPPED
            );
        }
    }
    if s.interrupted {
        eprintln!(
            "interrupted: the files read so far are committed; run the same `lede index` again to finish"
        );
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
    fn found(&self, bytes: u64) {
        // Only the crawl calls this, so reading and setting the length do not race. The bar
        // has no length until the first file, so it does not start out drawn full.
        if let Some(pb) = &self.0 {
            pb.set_length(pb.length().unwrap_or(0) + bytes);
        }
    }
    fn crawled(&self, files: u64) {
        if let Some(pb) = &self.0 {
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
    fn merging(&self, segments: usize) {
        if let Some(pb) = &self.0 {
            pb.set_message(format!("merging {segments} segments into one"));
        }
    }
}
