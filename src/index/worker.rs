//! What a reader thread does with one crawled file: compare it with what the index held, and
//! read, analyze and write it when it is new or changed, counting what happened.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::document::{document, FileFacts};
use super::known::Before;
use super::learned_furniture;
use super::options::{IndexOptions, IndexSummary, Progress};
use super::queue::Writer;
use super::settings::{RootConfig, RootSettings};
use super::store::Fields;
use crate::analyze::{self, furniture, Article, Found};
use crate::crawl::{Crawled, FileEntry, Skipped};

/// What to do with one crawled file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    New,
    Changed,
}

/// Nanoseconds since the epoch, 0 when unknown.
pub(super) fn nanos(t: Option<SystemTime>) -> u64 {
    t.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The first 64 bits of a hex BLAKE3 hash (enough to match renamed files).
pub(super) fn hash_prefix(hex: &str) -> u64 {
    hex.get(..16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0)
}

/// The stored `hash` of the first article of `path`, if indexed.
pub(super) fn stored_hash(searcher: &Searcher, f: &Fields, path: &str) -> Option<String> {
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

/// What the worker threads share during a run, and what each does with one thing crawled.
pub(super) struct Worker<'a> {
    before: &'a Before<'a>,
    searcher: &'a Searcher,
    f: &'a Fields,
    opts: &'a IndexOptions,
    /// How each root is read.
    configs: &'a HashMap<PathBuf, RootConfig>,
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

/// What the workers leave when the crawl is done.
pub(super) struct Tally {
    /// The first failure to read the index, which fails the run.
    pub failure: Option<tantivy::TantivyError>,
    /// Files not indexed, with reasons, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Files read and written (new or changed), including those that failed.
    pub to_write: u64,
    /// Files not in the index before.
    pub added: u64,
    /// Files whose content changed.
    pub updated: u64,
    /// Files indexed as they are, or touched with the same content.
    pub unchanged: u64,
    /// Articles written.
    pub articles: u64,
    /// Bytes read.
    pub bytes: u64,
    /// How many of this run's articles hold each short paragraph.
    pub fingerprints: HashMap<u64, u32>,
    /// Hashes of new files (see `Worker::new_hashes`).
    pub new_hashes: HashSet<u64>,
}

impl Tally {
    /// The run's summary as far as the workers and the reconciliation tell it.
    /// `gone` files were deleted from the index, `renamed` of them found under a new path.
    pub(super) fn summary(&self, gone: u64, renamed: u64, interrupted: bool) -> IndexSummary {
        IndexSummary {
            added: self.added - renamed,
            updated: self.updated,
            removed: gone - renamed,
            renamed,
            unchanged: self.unchanged,
            articles: self.articles,
            bytes: self.bytes,
            skipped: self.skipped.clone(),
            interrupted,
            ..IndexSummary::default()
        }
    }
}

impl<'a> Worker<'a> {
    /// Workers for one run, comparing files with `before` and reading stored hashes through
    /// `searcher`.
    pub(super) fn new(
        before: &'a Before<'a>,
        searcher: &'a Searcher,
        f: &'a Fields,
        opts: &'a IndexOptions,
        configs: &'a HashMap<PathBuf, RootConfig>,
        progress: &'a dyn Progress,
        stop: &'a AtomicBool,
    ) -> Self {
        Worker {
            before,
            searcher,
            f,
            opts,
            configs,
            progress,
            stop,
            stop_run: AtomicBool::new(false),
            failure: Mutex::new(None),
            skipped: Mutex::new(Vec::new()),
            counts: Counts::default(),
            new_fingerprints: Mutex::new(HashMap::new()),
            new_hashes: Mutex::new(HashSet::new()),
        }
    }

    /// Stops the crawl and the workers (a run that failed to start).
    pub(super) fn abandon(&self) {
        self.stop_run.store(true, Ordering::Relaxed);
    }

    /// What the workers found and did.
    pub(super) fn finish(self) -> Tally {
        let mut skipped = self.skipped.into_inner().unwrap_or_default();
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        let c = self.counts;
        Tally {
            failure: self.failure.into_inner().ok().flatten(),
            skipped,
            to_write: c.to_write.into_inner(),
            added: c.added.into_inner(),
            updated: c.updated.into_inner(),
            unchanged: c.unchanged.into_inner() + c.same.into_inner(),
            articles: c.articles.into_inner(),
            bytes: c.bytes.into_inner(),
            fingerprints: self.new_fingerprints.into_inner().unwrap_or_default(),
            new_hashes: self.new_hashes.into_inner().unwrap_or_default(),
        }
    }

    /// True once the run should read no more files.
    pub(super) fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.stop_run.load(Ordering::Relaxed)
    }

    /// Stops the run over a failure to read the index (the first one is reported).
    fn fail(&self, e: tantivy::TantivyError) {
        if let Ok(mut slot) = self.failure.lock() {
            slot.get_or_insert(e);
        }
        self.stop_run.store(true, Ordering::Relaxed);
    }

    /// Adds what one file brought to the run's tallies.
    fn tally(&self, entry: &FileEntry, plan: Plan, done: &Done, reread: bool) {
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
        if !done.problems.is_empty() {
            if let Ok(mut s) = self.skipped.lock() {
                s.extend(done.problems.iter().map(|reason| Skipped {
                    path: entry.path.clone(),
                    reason: reason.clone(),
                    ignored: false,
                }));
            }
        }
        self.counts.record(entry, plan, done, reread)
    }

    /// Compares one crawled file with the index, and reads and writes it if new or changed.
    pub(super) fn handle(&self, writer: &Writer, c: Crawled) {
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
        let Some(config) = self.configs.get(&*entry.root) else {
            return;
        };
        let reread = self.opts.full || config.reread;
        let plan = match self.before.lookup(&entry.path.to_string_lossy()) {
            Ok(None) => Plan::New,
            Ok(Some(k)) if !reread && k.size == entry.size && k.mtime == nanos(entry.mtime) => {
                self.counts.unchanged.fetch_add(1, Ordering::Relaxed);
                self.progress.advance(entry.size);
                return;
            }
            Ok(Some(_)) => Plan::Changed,
            Err(e) => return self.fail(e),
        };
        self.counts.to_write.fetch_add(1, Ordering::Relaxed);
        let outcome = index_file(
            writer,
            self.searcher,
            self.f,
            &entry,
            plan,
            self.opts,
            config,
        );
        self.progress.advance(entry.size);
        match outcome {
            Ok(done) => self.tally(&entry, plan, &done, reread),
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

impl Counts {
    /// Counts one file read; `full` (a `--full` run) counts every known file re-read as updated.
    fn record(&self, entry: &FileEntry, plan: Plan, done: &Done, full: bool) {
        self.articles.fetch_add(done.articles, Ordering::Relaxed);
        self.bytes.fetch_add(entry.size, Ordering::Relaxed);
        match plan {
            Plan::Changed if done.same_content && !full => {
                self.same.fetch_add(1, Ordering::Relaxed)
            }
            Plan::Changed => self.updated.fetch_add(1, Ordering::Relaxed),
            Plan::New => self.added.fetch_add(1, Ordering::Relaxed),
        };
    }
}

/// What `index_file` did.
struct Done {
    articles: u64,
    hash: String,
    /// The content was what the index already had (a touched file).
    same_content: bool,
    /// Short-paragraph fingerprints of its articles.
    fingerprints: Vec<u64>,
    /// What could not be read of a file that was indexed (bad JSON lines, text cut short).
    problems: Vec<String>,
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

/// The file's bytes, never more than `max` of them (a file may grow after the crawl saw it).
fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, NotIndexed> {
    let reason = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "removed while indexing".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    };
    let file = fs::File::open(path).map_err(reason)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(reason)?;
    if bytes.len() as u64 > max {
        return Err(NotIndexed::from(format!(
            "grew past the size limit ({} MB) while indexing",
            max >> 20
        )));
    }
    Ok(bytes)
}

/// Reads, analyzes and writes one file; returns what it did or why it was skipped.
fn index_file(
    writer: &Writer,
    searcher: &Searcher,
    f: &Fields,
    entry: &FileEntry,
    plan: Plan,
    opts: &IndexOptions,
    config: &RootConfig,
) -> Result<Done, NotIndexed> {
    let bytes = read_bounded(&entry.path, opts.max_file_size)?;
    let path = entry.path.to_string_lossy();
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let same_content =
        plan == Plan::Changed && stored_hash(searcher, f, &path).as_deref() == Some(hash.as_str());
    let mut arts =
        analyze::analyze_file(&entry.path, bytes, &config.analyze).map_err(|e| NotIndexed {
            text: e.to_string(),
            ignored: e.is_ignorable(),
        })?;
    let problems: Vec<String> = arts
        .iter()
        .flat_map(|a| &a.dropped)
        .filter_map(|d| match d.reason {
            furniture::Kind::BadJsonLine => Some(format!(
                "line {} is not valid JSON (the file's other lines are indexed)",
                d.line
            )),
            furniture::Kind::TooLong => Some(format!(
                "only the first 8 MB of text are indexed (from line {} on it is left out)",
                d.line
            )),
            _ => None,
        })
        .collect();
    for art in &mut arts {
        fill_in(art, entry, &config.settings);
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
    };
    // Each article's short-paragraph fingerprints, computed once: they go into its document
    // and into the run's tally of candidates for learnt furniture.
    let mut fingerprints = Vec::new();
    for (i, art) in arts.iter().enumerate() {
        let group = art
            .source
            .as_ref()
            .map_or(folder.as_str(), |s| s.value.as_str());
        let fps = learned_furniture::fingerprints(group, &art.body);
        writer
            .add(document(f, &file, i, art, group, &fps))
            .map_err(|e| NotIndexed::from(format!("index error: {e}")))?;
        fingerprints.extend(fps);
    }
    Ok(Done {
        articles: n,
        hash,
        same_content,
        fingerprints,
        problems,
    })
}

/// Source from the folder and date from the file, when the user asked and the file is silent.
fn fill_in(art: &mut Article, entry: &FileEntry, opts: &RootSettings) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_folder_names_the_source() {
        let root = Path::new("/news");
        assert_eq!(
            first_folder(root, Path::new("/news/gazette/2019/a.txt")).as_deref(),
            Some("gazette")
        );
        assert_eq!(first_folder(root, Path::new("/news/a.txt")), None);
    }
}
