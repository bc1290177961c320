//! An indexing run: crawl the paths, analyze files in parallel, write documents with one tantivy
//! writer, commit once. Nothing is visible to searches until the commit, and a crash before it
//! leaves the previous commit as it was.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use crate::analyze::{self, AnalyzeOptions, Article};
use crate::crawl::{self, CrawlOptions, FileEntry, Skipped};
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
    /// Start the index over.
    pub full: bool,
    /// How files are read.
    pub analyze: AnalyzeOptions,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct IndexSummary {
    /// Files read and indexed.
    pub files_indexed: u64,
    /// Articles written (a JSON Lines file may hold many).
    pub articles: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Files not indexed, with reasons.
    pub skipped: Vec<Skipped>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// Progress callbacks, so the command line can draw a bar without this module knowing about it.
pub trait Progress: Sync {
    /// Called once the crawl knows the total work.
    fn start(&self, files: u64, bytes: u64);
    /// Called after each file.
    fn advance(&self, bytes: u64);
    /// Called before the commit (which can take a moment).
    fn committing(&self);
}

/// A progress sink that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
    fn committing(&self) {}
}

/// Errors that stop a whole run (a single bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index folder could not be opened or created.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Tantivy failed while writing.
    #[error("writing the index failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// Runs one indexing pass.
pub fn run(opts: &IndexOptions, progress: &dyn Progress) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let idx = LedeIndex::open_or_create(&opts.index_dir, opts.full)?;
    let writer: IndexWriter = match idx.index.writer_with_num_threads(
        opts.jobs.max(1),
        opts.memory.max(15_000_000 * opts.jobs.max(1)),
    ) {
        Ok(w) => w,
        Err(tantivy::TantivyError::LockFailure(..)) => {
            return Err(StoreError::Locked(opts.index_dir.clone()).into())
        }
        Err(e) => return Err(e.into()),
    };
    if opts.full {
        writer.delete_all_documents()?;
    }

    let crawled = crawl::crawl(
        &opts.paths,
        &CrawlOptions {
            max_file_size: opts.max_file_size,
            exclude: vec![opts.index_dir.clone()],
        },
    );
    let total_bytes: u64 = crawled.files.iter().map(|f| f.size).sum();
    progress.start(crawled.files.len() as u64, total_bytes);

    let skipped = Mutex::new(crawled.skipped);
    let articles = AtomicU64::new(0);
    let files_indexed = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()?;
    pool.install(|| {
        crawled.files.par_iter().for_each(|entry| {
            let outcome = index_file(&writer, &idx.fields, entry, &opts.analyze);
            progress.advance(entry.size);
            match outcome {
                Ok(n) => {
                    files_indexed.fetch_add(1, Ordering::Relaxed);
                    articles.fetch_add(n, Ordering::Relaxed);
                    bytes.fetch_add(entry.size, Ordering::Relaxed);
                }
                Err(reason) => {
                    if let Ok(mut s) = skipped.lock() {
                        s.push(Skipped {
                            path: entry.path.clone(),
                            reason,
                        });
                    }
                }
            }
        });
    });

    progress.committing();
    let mut writer = writer;
    writer.commit()?;
    // Merges run in the background; wait so the process leaves a tidy index behind.
    writer.wait_merging_threads()?;
    let mut skipped = skipped.into_inner().unwrap_or_default();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(IndexSummary {
        files_indexed: files_indexed.into_inner(),
        articles: articles.into_inner(),
        bytes: bytes.into_inner(),
        skipped,
        elapsed: started.elapsed(),
    })
}

/// Reads, analyzes and adds one file; returns the number of articles or why it was skipped.
fn index_file(
    writer: &IndexWriter,
    f: &Fields,
    entry: &FileEntry,
    analyze_opts: &AnalyzeOptions,
) -> Result<u64, String> {
    let bytes = fs::read(&entry.path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "removed while indexing".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    })?;
    let arts =
        analyze::analyze_bytes(&entry.path, &bytes, analyze_opts).map_err(|e| e.to_string())?;
    let path = entry.path.to_string_lossy();
    let hash = blake3::hash(&bytes).to_hex();
    writer.delete_term(Term::from_field_text(f.path, &path));
    let n = arts.len() as u64;
    for art in arts {
        let doc = document(f, &path, &hash, &art);
        writer
            .add_document(doc)
            .map_err(|e| format!("index error: {e}"))?;
    }
    Ok(n)
}

/// The tantivy document for one article.
pub fn document(f: &Fields, path: &str, hash: &str, art: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.path, path);
    doc.add_text(f.hash, hash);
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
    }
    doc.add_u64(f.words, art.word_count());
    doc
}
