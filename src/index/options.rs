//! What an indexing run is given, what it reports as it goes and at its end, and why a whole run
//! can fail.

use std::path::PathBuf;
use std::time::Duration;

use super::settings::{GivenSettings, SettingsError};
use super::store::StoreError;
use crate::analyze::AnalyzeOptions;
use crate::crawl::Skipped;

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
    /// How files are read (the time limit; JSON keys come from each root's settings).
    pub analyze: AnalyzeOptions,
    /// Settings given to this run; the index remembers them per root for later runs.
    pub settings: GivenSettings,
    /// Merge the whole index into one segment at the end of the run.
    pub optimize: bool,
    /// The caller already holds lede's writer lock on the index folder (a watcher, which holds
    /// it between its runs); otherwise the run takes it.
    pub lock_held: bool,
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

impl Progress for NoProgress {
    fn found(&self, _: u64) {}
    fn crawled(&self, _: u64) {}
    fn advance(&self, _: u64) {}
    fn committing(&self) {}
    fn merging(&self, _: usize) {}
}

/// A progress sink that shows nothing.
pub struct NoProgress;

/// Errors that stop a whole run (a single bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index folder could not be opened or created.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Tantivy failed while writing (a full disk, say); the previous commit is intact.
    #[error("writing the index failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The settings given cannot be used.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}
