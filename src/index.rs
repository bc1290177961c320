//! An indexing run: crawl the paths, compare with what the index holds, analyze new and changed
//! files in parallel, write with one tantivy writer, commit. Nothing is visible to searches until
//! the commit, and a crash or kill before it leaves the previous commit as it was; the next run
//! then redoes the missing work, since it compares the folder with the index afresh.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DateTime, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analyze::{self, AnalyzeOptions, Article, Found};
use crate::crawl::{self, CrawlOptions, Crawled, FileEntry, Skipped};
use crate::known::Before;
use crate::store::{Fields, LedeIndex, StoreError};

/// Settings for one run of `lede index`.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files and folders to index.
    pub paths: Vec<PathBuf>,
    /// The index folder.
    pub index_dir: PathBuf,
    /// Writer memory budget, in bytes, shared by its threads.
    pub memory: usize,
    /// Threads for reading and analyzing files (and for the writer).
    pub jobs: usize,
    /// Larger files are skipped.
    pub max_file_size: u64,
    /// Re-read every file instead of only new and changed ones.
    pub full: bool,
    /// How files are read.
    pub analyze: AnalyzeOptions,
    /// Name the source after the first folder under the indexed path when the file does not say.
    pub source_from_folder: bool,
    /// Use the file's modification time when an article gives no date.
    pub date_from_mtime: bool,
    /// Merge the whole index into one segment at the end of the run.
    pub optimize: bool,
}

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
fn open_writer(
    idx: &LedeIndex,
    opts: &IndexOptions,
    threads: usize,
) -> Result<IndexWriter, IndexError> {
    // One merge at a time: each maps the segments it joins, so two at once would double the
    // footprint `merges` bounds.
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread((opts.memory / threads).max(15_000_000))
        .num_merge_threads(1)
        .build();
    let writer: IndexWriter = match idx.index.writer_with_options(options) {
        Ok(w) => w,
        Err(tantivy::TantivyError::LockFailure(..)) => {
            return Err(StoreError::Locked(opts.index_dir.clone()).into())
        }
        Err(e) => return Err(e.into()),
    };
    writer.set_merge_policy(Box::new(crate::merges::BoundedMerges::new(
        opts.index_dir.clone(),
    )));
    Ok(writer)
}

/// What a run did.
#[derive(Debug, Default)]
pub struct IndexSummary {
    /// Files not in the index before.
    pub added: u64,
    /// Files whose content changed.
    pub updated: u64,
    /// Files gone from the folder, removed from the index.
    pub removed: u64,
    /// Files that moved (same content, new path).
    pub renamed: u64,
    /// Files already indexed as they are.
    pub unchanged: u64,
    /// Articles written (a JSON Lines file may hold many).
    pub articles: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Files not indexed, with reasons.
    pub skipped: Vec<Skipped>,
    /// Articles marked as copies of another after this run.
    pub copies: u64,
    /// Articles rewritten without furniture learnt from repetition.
    pub furniture_stripped: u64,
    /// Whether Ctrl-C stopped the run early (what was done is kept).
    pub interrupted: bool,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// Progress callbacks, so the command line can draw a bar without this module knowing about it.
pub trait Progress: Sync {
    /// Called for each file the crawl finds (read or not), as it finds it.
    fn found(&self, bytes: u64);
    /// Called once the crawl has found everything.
    fn crawled(&self, files: u64);
    /// Called after each file is read, or found unchanged.
    fn advance(&self, bytes: u64);
    /// Called before the commit (which can take a moment).
    fn committing(&self);
    /// Called before `segments` segments are merged into one (which can take minutes on a large
    /// index).
    fn merging(&self, segments: usize);
}

/// A progress sink that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn found(&self, _: u64) {}
    fn crawled(&self, _: u64) {}
    fn advance(&self, _: u64) {}
    fn committing(&self) {}
    fn merging(&self, _: usize) {}
}

/// Errors that stop a whole run (a single bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index folder could not be opened or created.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Tantivy failed while writing (a full disk, say); the previous commit is intact.
    #[error("writing the index failed: {0}\n  the index is as it was after the last run: fix the cause (free disk space, say) and run `lede index` again")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// What to do with one crawled file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    New,
    Changed,
}

/// Nanoseconds since the epoch, 0 when unknown.
fn nanos(t: Option<SystemTime>) -> u64 {
    t.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The first 64 bits of a hex BLAKE3 hash (enough to match renamed files).
fn hash_prefix(hex: &str) -> u64 {
    hex.get(..16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0)
}

/// The stored `hash` of the first article of `path`, if indexed.
fn stored_hash(searcher: &Searcher, f: &Fields, path: &str) -> Option<String> {
    let q = TermQuery::new(
        Term::from_field_text(f.path, path),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&q, &TopDocs::with_limit(1).order_by_score())
        .ok()?;
    let (_, addr) = top.first()?;
    let doc: TantivyDocument = searcher.doc(*addr).ok()?;
    doc.get_first(f.hash)
        .and_then(|v| v.as_str())
        .map(str::to_string)
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
    let started = Instant::now();
    let idx = LedeIndex::open_or_create(&opts.index_dir, opts.full)?;
    let jobs = opts.jobs.max(1);
    let reader = idx
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let f = idx.fields;

    let roots_abs = crawl::roots(&opts.paths);
    let roots: Vec<String> = roots_abs
        .iter()
        .map(|r| r.to_string_lossy().into_owned())
        .collect();
    let before = if opts.full {
        Before::empty(&f)
    } else {
        Before::new(&searcher, &f)?
    };

    // The walk feeds the workers as it goes: files are compared with the index and read while
    // the crawl is still finding more, and no list of files is ever held.
    let mut summary = IndexSummary::default();
    let work = Worker {
        before: &before,
        searcher: &searcher,
        f: &f,
        opts,
        progress,
        stop,
        stop_run: AtomicBool::new(false),
        failure: Mutex::new(None),
        skipped: Mutex::new(Vec::new()),
        counts: Counts::default(),
        new_fingerprints: Mutex::new(HashMap::new()),
        new_hashes: Mutex::new(HashSet::new()),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Crawled>(1024);
    let crawl_opts = CrawlOptions {
        max_file_size: opts.max_file_size,
        exclude: vec![opts.index_dir.clone()],
    };
    let mut writer = std::thread::scope(|scope| -> Result<IndexWriter, IndexError> {
        scope.spawn(|| {
            let mut files = 0;
            crawl::walk(&roots_abs, &crawl_opts, |c| {
                if work.stopped() {
                    return false;
                }
                if let Crawled::File(e) = &c {
                    files += 1;
                    progress.found(e.size);
                }
                // The receiver goes away only once the workers are done, or the run failed.
                tx.send(c).is_ok()
            });
            progress.crawled(files);
            drop(tx);
        });
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
        let threads = Threads::for_run(jobs, found < SMALL_RUN_FILES);
        let start = || -> Result<_, IndexError> {
            let writer = open_writer(&idx, opts, threads.writer)?;
            if opts.full {
                writer.delete_all_documents()?;
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.readers)
                .build()?;
            Ok((writer, pool))
        };
        let (writer, pool) = match start() {
            Ok(started) => started,
            Err(e) => {
                // Stop the walk rather than let it finish for nothing.
                work.stop_run.store(true, Ordering::Relaxed);
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
    let Worker {
        failure,
        skipped,
        counts,
        new_fingerprints,
        new_hashes,
        ..
    } = work;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e.into());
    }
    summary.interrupted = stop.load(Ordering::Relaxed);
    let mut vanished = Vec::new();
    if !summary.interrupted {
        let skipped_now = skipped.lock().map(|s| s.clone()).unwrap_or_default();
        vanished = gone(&before, &roots, &skipped_now)?;
        for p in &vanished {
            writer.delete_term(Term::from_field_text(f.path, p));
        }
        let new_hashes = new_hashes.into_inner().unwrap_or_default();
        let renamed = count_renamed(&searcher, &f, &vanished, &new_hashes);
        summary.renamed = renamed;
        summary.removed = vanished.len() as u64 - renamed;
    }

    // Nothing to write (the common re-run): no commit, and the copy marks cannot have changed
    // (unless asked to optimize, which merges what is there).
    let nothing_changed =
        counts.to_write.load(Ordering::Relaxed) == 0 && vanished.is_empty() && !opts.full;
    if nothing_changed {
        if opts.optimize && !summary.interrupted {
            settle_merges(&idx, writer, searcher.num_docs(), 0, Some(progress))?;
        }
        summary.unchanged += counts.unchanged.into_inner() + counts.same.into_inner();
        summary.skipped = {
            let mut s = skipped.into_inner().unwrap_or_default();
            s.sort_by(|a, b| a.path.cmp(&b.path));
            s
        };
        summary.copies = count_copies(&searcher)?;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }

    progress.committing();
    let payload = serde_json::json!({
        "updated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "lede_version": env!("CARGO_PKG_VERSION"),
    });
    commit(&mut writer, &payload)?;

    // Copies are decided over the whole index, so that a story saved twice is shown once however
    // the copies arrived.
    reader.reload()?;
    let (changed, copies) = mark_copies(&reader.searcher(), &f, &writer)?;
    summary.copies = copies;
    if changed > 0 {
        commit(&mut writer, &payload)?;
        reader.reload()?;
    }
    // Furniture learnt from repetition across the index (see corpus_furniture).
    // Into a first index, a paragraph this run brought fewer than MIN_ARTICLES times cannot be
    // furniture; otherwise older articles may hold it too and the index decides.
    let fingerprints: Vec<u64> = new_fingerprints
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .filter(|&(_, n)| {
            !before.is_empty() || u64::from(n) >= crate::corpus_furniture::MIN_ARTICLES
        })
        .map(|(fp, _)| fp)
        .collect();
    summary.furniture_stripped =
        crate::corpus_furniture::strip(&reader.searcher(), &f, &writer, &fingerprints)?;
    if summary.furniture_stripped > 0 {
        commit(&mut writer, &payload)?;
    }
    let written = counts.articles.load(Ordering::Relaxed);
    settle_merges(
        &idx,
        writer,
        reader.searcher().num_docs(),
        written,
        opts.optimize.then_some(progress),
    )?;

    summary.added = counts.added.into_inner() - summary.renamed;
    summary.updated = counts.updated.into_inner();
    summary.unchanged += counts.unchanged.into_inner() + counts.same.into_inner();
    summary.articles = counts.articles.into_inner();
    summary.bytes = counts.bytes.into_inner();
    let mut skipped = skipped.into_inner().unwrap_or_default();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    summary.skipped = skipped;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Commits what the writer holds, with lede's payload.
fn commit(writer: &mut IndexWriter, payload: &serde_json::Value) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload.to_string());
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
    vanished.retain(|p| !unreachable.iter().any(|d| crate::known::under(p, d)));
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
    mut writer: IndexWriter,
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

/// What the worker threads share during a run, and what each does with one thing crawled.
struct Worker<'a> {
    before: &'a Before<'a>,
    searcher: &'a Searcher,
    f: &'a Fields,
    opts: &'a IndexOptions,
    progress: &'a dyn Progress,
    /// Ctrl-C.
    stop: &'a AtomicBool,
    /// Set when reading the index fails: the run stops and reports it.
    stop_run: AtomicBool,
    failure: Mutex<Option<tantivy::TantivyError>>,
    skipped: Mutex<Vec<Skipped>>,
    counts: Counts,
    /// How many of this run's articles hold each short paragraph (see corpus_furniture).
    new_fingerprints: Mutex<HashMap<u64, u32>>,
    /// Hashes of new files, to tell a rename from a delete and an add (an empty index has
    /// nothing to rename, so a first run keeps none).
    new_hashes: Mutex<HashSet<u64>>,
}

impl Worker<'_> {
    /// True once the run should read no more files.
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.stop_run.load(Ordering::Relaxed)
    }

    /// Stops the run over a failure to read the index (the first one is reported).
    fn fail(&self, e: tantivy::TantivyError) {
        if let Ok(mut slot) = self.failure.lock() {
            slot.get_or_insert(e);
        }
        self.stop_run.store(true, Ordering::Relaxed);
    }

    /// Compares one crawled file with the index, and reads and writes it if new or changed.
    fn handle(&self, writer: &IndexWriter, c: Crawled) {
        let entry = match c {
            Crawled::File(entry) => entry,
            Crawled::Skipped(s) => {
                // A file the crawl could not read is not gone: keep it in the index.
                if let Err(e) = self.before.lookup(&s.path.to_string_lossy()) {
                    self.fail(e);
                }
                if let Ok(mut v) = self.skipped.lock() {
                    v.push(s);
                }
                return;
            }
        };
        if self.stopped() {
            return;
        }
        let plan = match self.before.lookup(&entry.path.to_string_lossy()) {
            Ok(None) => Plan::New,
            Ok(Some(k)) if k.size == entry.size && k.mtime == nanos(entry.mtime) => {
                self.counts.unchanged.fetch_add(1, Ordering::Relaxed);
                self.progress.advance(entry.size);
                return;
            }
            Ok(Some(_)) => Plan::Changed,
            Err(e) => return self.fail(e),
        };
        self.counts.to_write.fetch_add(1, Ordering::Relaxed);
        let outcome = index_file(writer, self.searcher, self.f, &entry, plan, self.opts);
        self.progress.advance(entry.size);
        match outcome {
            Ok(done) => {
                if let Ok(mut fps) = self.new_fingerprints.lock() {
                    for &fp in &done.fingerprints {
                        *fps.entry(fp).or_insert(0) += 1;
                    }
                }
                if plan == Plan::New && !self.before.is_empty() {
                    if let Ok(mut h) = self.new_hashes.lock() {
                        h.insert(hash_prefix(&done.hash));
                    }
                }
                self.counts.record(&entry, plan, &done)
            }
            Err(reason) => {
                if plan == Plan::Changed {
                    // The old version no longer matches the file: do not keep serving it.
                    writer.delete_term(Term::from_field_text(
                        self.f.path,
                        &entry.path.to_string_lossy(),
                    ));
                }
                if let Ok(mut s) = self.skipped.lock() {
                    s.push(Skipped {
                        path: entry.path.clone(),
                        reason: reason.text,
                        ignored: reason.ignored,
                    });
                }
            }
        }
    }
}

/// Tallies shared by the worker threads.
#[derive(Default)]
struct Counts {
    /// Files the index already held as they are.
    unchanged: AtomicU64,
    /// Files to read (new or changed).
    to_write: AtomicU64,
    added: AtomicU64,
    updated: AtomicU64,
    same: AtomicU64,
    articles: AtomicU64,
    bytes: AtomicU64,
}

/// What `index_file` did.
struct Done {
    articles: u64,
    hash: String,
    /// The content was what the index already had (a touched file).
    same_content: bool,
    /// Short-paragraph fingerprints of its articles.
    fingerprints: Vec<u64>,
}

impl Counts {
    fn record(&self, entry: &FileEntry, plan: Plan, done: &Done) {
        self.articles.fetch_add(done.articles, Ordering::Relaxed);
        self.bytes.fetch_add(entry.size, Ordering::Relaxed);
        match plan {
            Plan::Changed if done.same_content => self.same.fetch_add(1, Ordering::Relaxed),
            Plan::Changed => self.updated.fetch_add(1, Ordering::Relaxed),
            Plan::New => self.added.fetch_add(1, Ordering::Relaxed),
        };
    }
}

/// Why a file was not indexed.
struct NotIndexed {
    text: String,
    ignored: bool,
}

impl From<String> for NotIndexed {
    fn from(text: String) -> Self {
        NotIndexed {
            text,
            ignored: false,
        }
    }
}

/// Reads, analyzes and writes one file; returns what it did or why it was skipped.
fn index_file(
    writer: &IndexWriter,
    searcher: &Searcher,
    f: &Fields,
    entry: &FileEntry,
    plan: Plan,
    opts: &IndexOptions,
) -> Result<Done, NotIndexed> {
    let bytes = fs::read(&entry.path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "removed while indexing".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    })?;
    let path = entry.path.to_string_lossy();
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let same_content =
        plan == Plan::Changed && stored_hash(searcher, f, &path).as_deref() == Some(hash.as_str());
    let mut arts =
        analyze::analyze_bytes(&entry.path, &bytes, &opts.analyze).map_err(|e| NotIndexed {
            text: e.to_string(),
            ignored: e.is_ignorable(),
        })?;
    for art in &mut arts {
        fill_in(art, entry, opts);
    }
    if plan == Plan::Changed {
        writer.delete_term(Term::from_field_text(f.path, &path));
    }
    let n = arts.len() as u64;
    let folder = first_folder(&entry.root, &entry.path).unwrap_or_default();
    let file = FileFacts {
        path: &path,
        hash: &hash,
        size: entry.size,
        mtime: nanos(entry.mtime),
        folder: &folder,
    };
    let mut fingerprints = Vec::new();
    for art in &arts {
        let group = art
            .source
            .as_ref()
            .map_or(folder.as_str(), |s| s.value.as_str());
        fingerprints.extend(crate::corpus_furniture::fingerprints(group, &art.body));
    }
    for (i, art) in arts.iter().enumerate() {
        writer
            .add_document(document(f, &file, i, art))
            .map_err(|e| NotIndexed::from(format!("index error: {e}")))?;
    }
    Ok(Done {
        articles: n,
        hash,
        same_content,
        fingerprints,
    })
}

/// Source from the folder and date from the file, when the user asked and the file is silent.
fn fill_in(art: &mut Article, entry: &FileEntry, opts: &IndexOptions) {
    if opts.source_from_folder && (art.source.is_none() || art.source_is_guess) {
        if let Some(folder) = first_folder(&entry.root, &entry.path) {
            art.source = Some(Found {
                value: folder,
                rule: "first folder under the indexed path (--source-from folder)".into(),
            });
            art.source_is_guess = false;
        }
    }
    if opts.date_from_mtime && art.date.is_none() {
        if let Some(d) = entry
            .mtime
            .map(chrono::DateTime::<chrono::Utc>::from)
            .and_then(|t| analyze::dates::parse_date(&t.to_rfc3339()))
        {
            art.date = Some(Found {
                value: d,
                rule: "file modification time (--date-from-mtime)".into(),
            });
        }
    }
}

/// The first folder of `path` below `root`, if the file is not directly in it.
fn first_folder(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?;
    parts.next()?;
    Some(first.as_os_str().to_string_lossy().into_owned())
}

/// Facts about the file an article came from.
pub struct FileFacts<'a> {
    /// Absolute path.
    pub path: &'a str,
    /// BLAKE3 of its bytes, hex.
    pub hash: &'a str,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: u64,
    /// The first folder under the indexed path (furniture group when the article names no source).
    pub folder: &'a str,
}

/// The key under which copies of one story meet: the cleaned title and body, case and spacing
/// folded.
pub fn dupkey(art: &Article) -> u64 {
    let mut h = blake3::Hasher::new();
    for part in [&art.title, &art.body] {
        for w in part.split_whitespace() {
            h.update(w.to_lowercase().as_bytes());
            h.update(b" ");
        }
        h.update(b"\n");
    }
    let bytes = h.finalize();
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes.as_bytes()[..8]);
    u64::from_le_bytes(eight)
}

/// The tantivy document for the `n`th article of a file.
pub fn document(f: &Fields, file: &FileFacts, n: usize, art: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.path, file.path);
    if n == 0 {
        doc.add_text(f.id, file.path);
    } else {
        doc.add_text(f.id, format!("{}#{n}", file.path));
    }
    doc.add_text(f.hash, file.hash);
    doc.add_u64(f.size, file.size);
    doc.add_u64(f.mtime, file.mtime);
    doc.add_text(f.title, &art.title);
    if let Some(s) = &art.summary {
        doc.add_text(f.summary, s);
    }
    doc.add_text(f.body, &art.body);
    if let Some(s) = &art.source {
        doc.add_text(f.source, &s.value);
    }
    if let Some(a) = &art.author {
        doc.add_text(f.author, a);
    }
    if let Some(u) = &art.url {
        doc.add_text(f.url, u);
    }
    if let Some(d) = &art.date {
        doc.add_date(
            f.date,
            DateTime::from_timestamp_secs(d.value.utc.timestamp()),
        );
        doc.add_text(f.date_local, d.value.display());
        doc.add_text(f.month, d.value.utc.format("%Y-%m").to_string());
    }
    doc.add_u64(f.words, art.word_count());
    let group = art
        .source
        .as_ref()
        .map_or(file.folder, |s| s.value.as_str());
    doc.add_text(f.group, group);
    for fp in crate::corpus_furniture::fingerprints(group, &art.body) {
        doc.add_u64(f.paras, fp);
    }
    doc.add_u64(f.dupkey, dupkey(art));
    doc.add_u64(f.copy, 0);
    doc.add_u64(f.copies, 0);
    doc
}

/// Replaces a stored article with a copy of it that leaves out the `skip` fields, to which `fill`
/// adds their new values. Every field lede writes is stored, so nothing else is lost. Returns
/// false when the article has no id (cannot happen for articles lede wrote).
pub(crate) fn rewrite(
    writer: &IndexWriter,
    f: &Fields,
    old: &TantivyDocument,
    skip: &[tantivy::schema::Field],
    fill: impl FnOnce(&mut TantivyDocument),
) -> tantivy::Result<bool> {
    let Some(id) = old.get_first(f.id).and_then(|v| v.as_str()) else {
        return Ok(false);
    };
    let mut doc = TantivyDocument::new();
    for (field, value) in old.field_values() {
        if !skip.contains(&field) {
            doc.add_field_value(field, value);
        }
    }
    fill(&mut doc);
    writer.delete_term(Term::from_field_text(f.id, id));
    writer.add_document(doc)?;
    Ok(true)
}

/// How many articles are marked as copies.
fn count_copies(searcher: &Searcher) -> tantivy::Result<u64> {
    let mut n = 0;
    for seg in searcher.segment_readers() {
        let copy = seg.fast_fields().u64("copy")?;
        n += seg
            .doc_ids_alive()
            .filter(|&d| copy.first(d).unwrap_or(0) == 1)
            .count() as u64;
    }
    Ok(n)
}

/// Marks every copy of a story but the first (by path) with `copy = 1`, and the first with the
/// number of other copies. Only documents whose marks change are rewritten. Returns how many were
/// rewritten and how many copies the index holds. Holds 16 bytes per article: paths are read
/// only for stories with copies.
fn mark_copies(
    searcher: &Searcher,
    f: &Fields,
    writer: &IndexWriter,
) -> tantivy::Result<(u64, u64)> {
    struct Columns {
        copy: tantivy::columnar::Column<u64>,
        copies: tantivy::columnar::Column<u64>,
        paths: Option<tantivy::columnar::StrColumn>,
    }
    let mut columns = Vec::new();
    // (story key, segment, document), sorted so that copies are side by side.
    let mut rows: Vec<(u64, u32, u32)> = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let ff = seg.fast_fields();
        let keys = ff.u64("dupkey")?;
        rows.extend(
            seg.doc_ids_alive()
                .map(|d| (keys.first(d).unwrap_or(0), ord as u32, d)),
        );
        columns.push(Columns {
            copy: ff.u64("copy")?,
            copies: ff.u64("copies")?,
            paths: ff.str("path")?,
        });
    }
    rows.sort_unstable();
    let marks = |seg: u32, doc: u32| {
        let c = &columns[seg as usize];
        (
            c.copy.first(doc).unwrap_or(0),
            c.copies.first(doc).unwrap_or(0),
        )
    };
    let mut rewritten = 0;
    let mut total_copies = 0;
    for story in rows.chunk_by(|a, b| a.0 == b.0) {
        if story.len() == 1 && marks(story[0].1, story[0].2) == (0, 0) {
            continue;
        }
        let mut members: Vec<(String, u32, u32)> = Vec::with_capacity(story.len());
        for &(_, seg, doc) in story {
            let mut path = String::new();
            if let Some(paths) = &columns[seg as usize].paths {
                if let Some(o) = paths.term_ords(doc).next() {
                    paths.ord_to_str(o, &mut path)?;
                }
            }
            members.push((path, seg, doc));
        }
        members.sort();
        let others = members.len() as u64 - 1;
        total_copies += others;
        for (i, (_, seg, doc)) in members.iter().enumerate() {
            let want = if i == 0 { (0, others) } else { (1, 0) };
            if marks(*seg, *doc) == want {
                continue;
            }
            let old: TantivyDocument = searcher.doc(tantivy::DocAddress::new(*seg, *doc))?;
            let done = rewrite(writer, f, &old, &[f.copy, f.copies], |d| {
                d.add_u64(f.copy, want.0);
                d.add_u64(f.copies, want.1);
            })?;
            rewritten += u64::from(done);
        }
    }
    Ok((rewritten, total_copies))
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

    #[test]
    fn first_folder_names_the_source() {
        let root = Path::new("/news");
        assert_eq!(
            first_folder(root, Path::new("/news/gazette/2019/a.txt")).as_deref(),
            Some("gazette")
        );
        assert_eq!(first_folder(root, Path::new("/news/a.txt")), None);
    }

    #[test]
    fn dupkey_ignores_case_and_spacing_only() {
        let a = Article {
            title: "Pier Closes".into(),
            body: "The pier  shut.\n\nRepairs follow.".into(),
            ..Article::default()
        };
        let mut b = a.clone();
        b.title = "pier closes".into();
        b.body = "The pier shut. Repairs follow.".into();
        assert_eq!(dupkey(&a), dupkey(&b));
        b.body.push_str(" Later.");
        assert_ne!(dupkey(&a), dupkey(&b));
    }
}
