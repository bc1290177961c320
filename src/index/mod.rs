//! An indexing run: crawl the paths, compare with what the index holds, analyze new and changed
//! files in parallel, write with one tantivy writer, commit. Nothing is visible to searches until
//! the commit, and a crash or kill before it leaves the previous commit as it was; the next run
//! then redoes the missing work, since it compares the folder with the index afresh.

pub mod copies;
pub mod document;
pub mod known;
pub mod languages;
pub mod learned_furniture;
pub mod merges;
mod options;
pub mod queue;
pub mod schema;
pub mod settings;
pub mod stem_cache;
pub mod stop_words;
pub mod store;
pub mod watch;
pub mod words;
mod worker;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use tantivy::directory::error::LockError;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

pub use options::{IndexError, IndexOptions, IndexSummary, NoProgress, Progress};

use crate::crawl::{self, CrawlOptions, Crawled, Skipped};
use known::Before;
use queue::Writer;
use settings::RootConfig;
use store::{CommitPayload, Fields, LedeIndex, StoreError};
use worker::{hash_prefix, stored_hash, Tally, Worker};

/// Wait for background merges after a run that wrote at least this many articles...
const MERGE_WAIT_ARTICLES: u64 = 1000;
/// ...or when the index had at least this many segments.
const MERGE_WAIT_SEGMENTS: usize = 8;

/// An index of at most this many articles is kept in one segment: every search opens each
/// segment's files and sums each field's statistics over segments, which is most of what a
/// search costs on a small index; merging this many articles takes well under a second.
const COMPACT_MAX_ARTICLES: u64 = 50_000;
/// ...once it has this many segments, or after a run that wrote `MERGE_WAIT_ARTICLES`.
const COMPACT_SEGMENTS: usize = 4;

/// A run that finds fewer files than this is written by one writer thread, so that it makes one
/// segment and needs no merge (on two cores, merging the two segments of a 10,000-file run cost
/// a fifth of its time). Larger runs write with one thread per job.
const SMALL_RUN_FILES: u64 = 50_000;

/// Threads for one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Threads {
    /// Tantivy's writer threads (each builds its own segments).
    writer: usize,
    /// Threads reading and analyzing files.
    readers: usize,
}

impl Threads {
    /// A small run: one writer thread, and the other cores read. A large run: `jobs` of each,
    /// since the writer threads (tokenizing, stemming, building postings) do about half the work.
    fn for_run(jobs: usize, small: bool) -> Threads {
        let jobs = jobs.max(1);
        if small {
            Threads {
                writer: 1,
                readers: (jobs - 1).max(1),
            }
        } else {
            Threads {
                writer: jobs,
                readers: jobs,
            }
        }
    }
}

/// Opens the index's one writer (failing clearly when another run holds it).
fn open_writer(idx: &LedeIndex, opts: &IndexOptions, threads: usize) -> Result<Writer, IndexError> {
    open_writer_in(idx, &opts.index_dir, opts.memory, threads)
}

/// Opens the writer of the index in `dir` with `memory` bytes shared by `threads`.
fn open_writer_in(
    idx: &LedeIndex,
    dir: &Path,
    memory: usize,
    threads: usize,
) -> Result<Writer, IndexError> {
    // One merge at a time: each maps the segments it joins, so two at once would double the
    // footprint `merges` bounds.
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread((memory / threads).max(15_000_000))
        .num_merge_threads(1)
        .build();
    let writer: tantivy::IndexWriter<queue::Queued> = match idx.index.writer_with_options(options) {
        Ok(w) => w,
        Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _)) => {
            return Err(StoreError::Locked(dir.to_path_buf()).into())
        }
        Err(tantivy::TantivyError::LockFailure(LockError::IoError(e), _)) => {
            return Err(StoreError::ReadOnly {
                dir: dir.to_path_buf(),
                err: std::io::Error::new(e.kind(), e.to_string()),
            }
            .into())
        }
        Err(e) => return Err(e.into()),
    };
    writer.set_merge_policy(Box::new(merges::BoundedMerges::new(dir.to_path_buf())));
    // The files of a killed or failed run (a partial segment can be as large as the index) are
    // removed before anything is written. Unrecorded leftovers go first: on a disk a failed run
    // filled, tantivy's own collection cannot even rewrite its list of files until they are
    // gone; then tantivy collects what it recorded (its collection otherwise only runs at a
    // commit, and a run that finds nothing to write makes none).
    store::remove_orphans(dir, &idx.index).map_err(|err| StoreError::Io {
        what: "cannot remove the leftovers of an earlier run in",
        path: dir.to_path_buf(),
        err,
    })?;
    writer.garbage_collect_files().wait()?;
    Ok(Writer::new(writer, threads))
}

/// Runs one indexing pass.
pub fn run(opts: &IndexOptions, progress: &dyn Progress) -> Result<IndexSummary, IndexError> {
    run_until(opts, progress, &AtomicBool::new(false))
}

/// Runs one indexing pass, stopping early (and keeping what was done) once `stop` is set.
pub fn run_until(
    opts: &IndexOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<IndexSummary, IndexError> {
    // One writer at a time: lede's lock, held for the run (a watcher holds it for its life).
    let _lock = if opts.lock_held {
        None
    } else {
        Some(store::WriterLock::acquire(&opts.index_dir)?)
    };
    run_steps(opts, progress, stop).map_err(|e| match e {
        IndexError::Tantivy(t) if is_disk_full(&t) => IndexError::Store(StoreError::DiskFull {
            dir: opts.index_dir.clone(),
        }),
        other => other,
    })
}

/// True when tantivy failed because the disk is full (ENOSPC, in whichever of its error
/// variants the write surfaced).
fn is_disk_full(e: &tantivy::TantivyError) -> bool {
    let text = format!("{e:?}");
    text.contains("os error 28") || text.contains("StorageFull")
}

/// The steps of a run: crawl and write new and changed files; reconcile the files gone from the folder;
/// commit; the passes that look at the whole index (copies, learnt furniture); settle merges.
fn run_steps(
    opts: &IndexOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let idx = LedeIndex::open_or_create(&opts.index_dir, opts.full)?;
    let reader = manual_reader(&idx)?;
    let searcher = reader.searcher();
    let f = idx.fields;
    let roots = crawl::roots(&opts.paths);
    // `--full` re-reads every file under the paths given; what the index holds elsewhere stays.
    let before = Before::new(&searcher, &f)?;
    let prev = CommitPayload::of(&idx.index).unwrap_or_default();
    let configs = root_configs(&roots, &prev, opts)?;

    let (mut writer, tally) = crawl_and_write(
        &idx, &searcher, &before, &roots, &configs, opts, progress, stop,
    )?;
    let interrupted = stop.load(Ordering::Relaxed);
    // After Ctrl-C the crawl did not finish: what it did not see is not gone.
    let gone = if interrupted {
        Gone::default()
    } else {
        remove_gone(&writer, &searcher, &f, &before, &roots, &tally)?
    };
    let mut summary = tally.summary(gone.paths, gone.renamed, interrupted);

    let new_roots = configs.values().any(|c| c.record);
    // Nothing to write (the common re-run): no commit, and the copy marks cannot have changed
    // (unless asked to optimize, which merges what is there).
    let changed = tally.to_write > 0 || gone.paths > 0 || opts.full || new_roots;
    if !changed && !prev.pending {
        if opts.optimize && !interrupted {
            settle_merges(&idx, writer, searcher.num_docs(), 0, Some(progress))?;
        }
        summary.copies = copies::count_copies(&searcher, &f)?;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }

    // The run's own work, committed with a mark that the whole-index passes are still to do.
    let mut payload = prev.next();
    if changed {
        payload.record_roots(
            configs
                .iter()
                .map(|(r, c)| (r.to_string_lossy().into_owned(), c.settings.clone())),
        );
        progress.committing();
        payload.pending = true;
        commit(&mut writer, &payload)?;
        fault_point("after-first-commit");
        reader.reload()?;
    }
    // A run killed after its first commit left its passes undone: they are done now, over the
    // whole index (every paragraph fingerprint is a candidate, not only this run's).
    let candidates = if prev.pending {
        Candidates::All
    } else {
        Candidates::Run(&before, tally.fingerprints)
    };
    (summary.copies, summary.furniture_stripped) =
        whole_index_passes(&reader, &f, &writer, candidates)?;
    payload.pending = false;
    commit(&mut writer, &payload)?;
    reader.reload()?;
    settle_merges(
        &idx,
        writer,
        reader.searcher().num_docs(),
        summary.articles,
        opts.optimize.then_some(progress),
    )?;
    fix_modes(&opts.index_dir)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Dies as `kill -9` would when `LEDE_FAULT` names this point: how the tests (and
/// `bench/kill-test.py`) stop a run at an exact step to check that the next run repairs it.
fn fault_point(name: &str) {
    if std::env::var_os("LEDE_FAULT").is_some_and(|v| v == name) {
        // SAFETY: kill and getpid have no preconditions; SIGKILL ends the process here.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// Gives the index's files their folder's modes (see `store::fix_modes`).
fn fix_modes(dir: &Path) -> Result<(), StoreError> {
    store::fix_modes(dir).map_err(|err| StoreError::Io {
        what: "cannot set the modes of the index files in",
        path: dir.to_path_buf(),
        err,
    })
}

/// A reader that sees a new commit only when reloaded.
fn manual_reader(idx: &LedeIndex) -> tantivy::Result<IndexReader> {
    idx.index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// What `remove` did.
#[derive(Debug, Default)]
pub struct RemoveSummary {
    /// Files whose articles were dropped.
    pub files: u64,
    /// Roots the index no longer lists.
    pub roots: Vec<String>,
}

/// Drops every article under `paths` (files or folders, there or not) from the index in `dir`,
/// and forgets the roots under them; copy marks are brought up to date in the same run.
pub fn remove(dir: &Path, paths: &[PathBuf]) -> Result<RemoveSummary, IndexError> {
    let idx = LedeIndex::open(dir)?;
    // Not while a run or a watcher is writing.
    let _lock = store::WriterLock::acquire(dir)?;
    let reader = manual_reader(&idx)?;
    let searcher = reader.searcher();
    let f = idx.fields;
    let targets: Vec<String> = crawl::roots(paths)
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut writer = open_writer_in(&idx, dir, 50_000_000, 1)?;
    let files = Before::new(&searcher, &f)?.unseen(&targets)?;
    for p in &files {
        writer.delete_term(Term::from_field_text(f.path, p));
    }
    let prev = CommitPayload::of(&idx.index).unwrap_or_default();
    let mut payload = prev.next();
    let gone_roots: Vec<String> = payload
        .roots
        .keys()
        .filter(|r| targets.iter().any(|t| known::under(r, t)))
        .cloned()
        .collect();
    for r in &gone_roots {
        payload.roots.remove(r);
    }
    if files.is_empty() && gone_roots.is_empty() && !prev.pending {
        return Ok(RemoveSummary::default());
    }
    payload.pending = true;
    commit(&mut writer, &payload)?;
    reader.reload()?;
    whole_index_passes(
        &reader,
        &f,
        &writer,
        Candidates::Run(&Before::empty(&f), HashMap::new()),
    )?;
    payload.pending = false;
    commit(&mut writer, &payload)?;
    fix_modes(dir)?;
    Ok(RemoveSummary {
        files: files.len() as u64,
        roots: gone_roots,
    })
}

/// Which paragraph fingerprints the learnt-furniture pass looks up.
enum Candidates<'a> {
    /// Those this run brought, with how many of its articles held each.
    Run(&'a Before<'a>, HashMap<u64, u32>),
    /// Every fingerprint in the index (after a run that did not finish its passes).
    All,
}

/// The passes that look at the whole committed index: copies are marked (so that a story saved
/// twice is shown once however the copies arrived), then learnt furniture is stripped. Returns
/// the copies the index holds and the articles stripped; the caller commits.
fn whole_index_passes(
    reader: &IndexReader,
    f: &Fields,
    writer: &Writer,
    candidates: Candidates,
) -> tantivy::Result<(u64, u64)> {
    let searcher = reader.searcher();
    let (marks, copies) = copies::plan_marks(&searcher, f)?;
    let candidates = match candidates {
        Candidates::Run(before, counts) => counts
            .into_iter()
            .filter(|&(_, n)| !before.is_empty() || u64::from(n) >= learned_furniture::MIN_ARTICLES)
            .map(|(fp, _)| fp)
            .collect(),
        Candidates::All => learned_furniture::all_candidates(&searcher, f)?,
    };
    let (furniture, holders) = learned_furniture::plan_strip(&searcher, f, &candidates)?;
    // Both passes' changes are applied together, each document rewritten once.
    let mut targets: Vec<DocAddress> = marks.keys().copied().chain(holders).collect();
    targets.sort_unstable();
    targets.dedup();
    let mut stripped = 0;
    for addr in targets {
        let old: TantivyDocument = searcher.doc(addr)?;
        let body = learned_furniture::stripped_body(f, &old, &furniture);
        let mark = marks.get(&addr).copied();
        if body.is_none() && mark.is_none() {
            continue;
        }
        let mut skip = Vec::new();
        if body.is_some() {
            skip.push(f.body);
        }
        if mark.is_some() {
            skip.extend([f.copy, f.copies]);
        }
        let done = document::rewrite(writer, f, &old, &skip, |d| {
            if let Some(b) = &body {
                d.add_text(f.body, b);
            }
            if let Some((copy, n)) = mark {
                d.add_u64(f.copy, copy);
                d.add_u64(f.copies, n);
            }
        })?;
        stripped += u64::from(done && body.is_some());
    }
    Ok((copies, stripped))
}

/// The crawl's side of a run: walks `roots` and sends what it finds to the workers, until they
/// stop taking it (done, or the run failed) or the run is stopped.
fn feed(
    roots: &[PathBuf],
    crawl_opts: &CrawlOptions,
    work: &Worker,
    progress: &dyn Progress,
    tx: std::sync::mpsc::SyncSender<Crawled>,
) {
    let mut files = 0;
    crawl::walk(roots, crawl_opts, |c| {
        if work.stopped() {
            return false;
        }
        if let Crawled::File(e) = &c {
            files += 1;
            progress.found(e.size);
        }
        tx.send(c).is_ok()
    });
    progress.crawled(files);
}

/// How each root is read on this run: what the index remembers of it, with what the run gives.
fn root_configs(
    roots: &[PathBuf],
    prev: &CommitPayload,
    opts: &IndexOptions,
) -> Result<HashMap<PathBuf, RootConfig>, IndexError> {
    let mut out = HashMap::new();
    for root in roots {
        let known = prev.roots.get(&*root.to_string_lossy());
        let remembered = known.map(|k| k.settings.clone()).unwrap_or_default();
        let settings = remembered.with(&opts.settings);
        let changed = known.is_some() && settings != remembered;
        let config = RootConfig {
            analyze: settings.analyze_options(&opts.analyze)?,
            settings,
            reread: changed,
            record: changed || known.is_none(),
        };
        out.insert(root.clone(), config);
    }
    Ok(out)
}

/// The crawl feeds the workers as it goes: files are compared with the index and read while the
/// walk is still finding more, and no list of files is ever held. Returns the writer holding
/// what was written (not yet committed) and the workers' tally.
#[allow(clippy::too_many_arguments)] // the run's parts, each borrowed for the crawl's length
fn crawl_and_write(
    idx: &LedeIndex,
    searcher: &Searcher,
    before: &Before,
    roots: &[PathBuf],
    configs: &HashMap<PathBuf, RootConfig>,
    opts: &IndexOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<(Writer, Tally), IndexError> {
    let work = Worker::new(before, searcher, &idx.fields, opts, configs, progress, stop);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Crawled>(1024);
    let mut ignores = HashMap::new();
    for (root, c) in configs {
        ignores.insert(root.clone(), c.settings.excludes(root)?);
    }
    let crawl_opts = CrawlOptions {
        max_file_size: opts.max_file_size,
        exclude: vec![opts.index_dir.clone()],
        ignores,
    };
    let writer = std::thread::scope(|scope| -> Result<Writer, IndexError> {
        scope.spawn(|| feed(roots, &crawl_opts, &work, progress, tx));
        // How many threads write depends on the run's size, so the first files found are
        // gathered before the writer starts (a small run is gathered whole; that takes
        // milliseconds).
        let mut head = Vec::new();
        let mut found = 0;
        while found < SMALL_RUN_FILES {
            match rx.recv() {
                Ok(c) => {
                    found += u64::from(matches!(c, Crawled::File(_)));
                    head.push(c);
                }
                Err(_) => break,
            }
        }
        let threads = Threads::for_run(opts.jobs.max(1), found < SMALL_RUN_FILES);
        let start = || -> Result<_, IndexError> {
            let writer = open_writer(idx, opts, threads.writer)?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.readers)
                .build()?;
            Ok((writer, pool))
        };
        let (writer, pool) = match start() {
            Ok(started) => started,
            Err(e) => {
                // Stop the walk rather than let it finish for nothing.
                work.abandon();
                return Err(e);
            }
        };
        pool.install(|| {
            head.into_iter()
                .chain(rx)
                .par_bridge()
                .for_each(|c| work.handle(&writer, c));
        });
        Ok(writer)
    })?;
    let mut tally = work.finish();
    if let Some(e) = tally.failure.take() {
        return Err(e.into());
    }
    Ok((writer, tally))
}

/// Files the crawl no longer found under the indexed paths.
#[derive(Debug, Default)]
struct Gone {
    /// How many paths were deleted from the index.
    paths: u64,
    /// How many of them reappeared under a new path (same content).
    renamed: u64,
}

/// Deletes the files the index holds under `roots` that the crawl did not see, and tells how
/// many of them were renamed rather than removed.
fn remove_gone(
    writer: &Writer,
    searcher: &Searcher,
    f: &Fields,
    before: &Before,
    roots: &[PathBuf],
    tally: &Tally,
) -> tantivy::Result<Gone> {
    let roots: Vec<String> = roots
        .iter()
        .map(|r| r.to_string_lossy().into_owned())
        .collect();
    let vanished = gone(before, &roots, &tally.skipped)?;
    for p in &vanished {
        writer.delete_term(Term::from_field_text(f.path, p));
    }
    Ok(Gone {
        paths: vanished.len() as u64,
        renamed: count_renamed(searcher, f, &vanished, &tally.new_hashes),
    })
}

/// Commits what the writer holds, with lede's payload.
fn commit(writer: &mut Writer, payload: &CommitPayload) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    // The segments are on disk, not yet in any commit.
    fault_point("before-commit");
    prepared.set_payload(&payload.to_json());
    prepared.commit()?;
    Ok(())
}

/// Files the index holds under `roots` that the crawl did not see, less anything inside a path
/// the crawl could not reach (a folder without permission is not a deleted folder).
fn gone(before: &Before, roots: &[String], skipped: &[Skipped]) -> tantivy::Result<Vec<String>> {
    let mut vanished = before.unseen(roots)?;
    let unreachable: Vec<String> = skipped
        .iter()
        .map(|s| s.path.to_string_lossy().into_owned())
        .collect();
    vanished.retain(|p| !unreachable.iter().any(|d| known::under(p, d)));
    Ok(vanished)
}

/// How many of the `vanished` files reappeared as new files (same content hash).
fn count_renamed(
    searcher: &Searcher,
    f: &Fields,
    vanished: &[String],
    new_hashes: &HashSet<u64>,
) -> u64 {
    if new_hashes.is_empty() {
        return 0;
    }
    vanished
        .iter()
        .filter(|p| {
            stored_hash(searcher, f, p).is_some_and(|h| new_hashes.contains(&hash_prefix(&h)))
        })
        .count() as u64
}

/// Waits for background merges when worth it. Waiting costs more than a small update itself,
/// so only after a large run or once small segments pile up; an abandoned merge is safe (its
/// files are collected on a later run). A small index is compacted into one segment, and so is
/// any index when `optimize` is given (with the progress to tell).
fn settle_merges(
    idx: &LedeIndex,
    mut writer: Writer,
    total: u64,
    written: u64,
    optimize: Option<&dyn Progress>,
) -> tantivy::Result<()> {
    let segments = idx.index.searchable_segment_ids()?;
    // A small update adds one small segment: merging the whole index for it would cost more
    // than the update, so compaction waits for a large run or a few such segments.
    let compact = segments.len() > 1
        && (optimize.is_some()
            || total <= COMPACT_MAX_ARTICLES
                && (written >= MERGE_WAIT_ARTICLES || segments.len() >= COMPACT_SEGMENTS));
    if compact {
        if let Some(progress) = optimize {
            progress.merging(segments.len());
        }
        writer.merge(&segments).wait()?;
        writer.wait_merging_threads()?;
    } else if written >= MERGE_WAIT_ARTICLES || segments.len() >= MERGE_WAIT_SEGMENTS {
        writer.wait_merging_threads()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_runs_write_with_one_thread_large_ones_with_every_job() {
        // (jobs, small run) -> (writer threads, reader threads)
        for (jobs, small, writer, readers) in [
            (2, true, 1, 1),
            (4, true, 1, 3),
            (1, true, 1, 1),
            (2, false, 2, 2),
        ] {
            assert_eq!(
                Threads::for_run(jobs, small),
                Threads { writer, readers },
                "jobs {jobs}, small {small}"
            );
        }
    }
}
