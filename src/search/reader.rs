//! Opening a searcher on an index's last commit.

use std::sync::Mutex;
use std::time::SystemTime;

use tantivy::{IndexReader, ReloadPolicy, Searcher};

use super::options::SearchError;
use crate::index::store::LedeIndex;

/// Opens a searcher on the last commit.
pub fn searcher(idx: &LedeIndex) -> Result<Searcher, SearchError> {
    Ok(reader(idx)?.searcher())
}

/// Articles from which an index's segments are searched in parallel: below it a search is a
/// few milliseconds and starting threads would cost more than it saves.
pub const PARALLEL_FROM: u64 = 200_000;

/// A reader on the last commit that moves only when told to; a large index of several segments
/// searches them on every core.
fn reader(idx: &LedeIndex) -> Result<IndexReader, SearchError> {
    let open = |index: &tantivy::Index| -> Result<IndexReader, SearchError> {
        Ok(index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    };
    // The reader's own segments tell the size: reading the commit's list again to decide
    // first cost a small search 6% of its instructions. A large index opens a second reader.
    let reader = open(&idx.index)?;
    let searcher = reader.searcher();
    let segments = searcher.segment_readers().len();
    if searcher.num_docs() < PARALLEL_FROM || segments < 2 {
        return Ok(reader);
    }
    // Asked only here: on Linux it reads the cgroup files, a search's time on a small index.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        return Ok(reader);
    }
    let mut index = idx.index.clone();
    index.set_multithread_executor(cores.min(segments))?;
    open(&index)
}

/// A reader that moves to the index's newest commit when there is one: a long-running
/// front-end (the server) opens the index once and still sees every commit a `lede index` makes
/// meanwhile. Whether there is a new commit is one `stat` of `meta.json`.
pub struct FreshReader {
    reader: IndexReader,
    meta: std::path::PathBuf,
    seen: Mutex<Option<SystemTime>>,
}

impl FreshReader {
    /// A reader on `idx`'s last commit.
    pub fn new(idx: &LedeIndex) -> Result<FreshReader, SearchError> {
        let reader = reader(idx)?;
        let meta = idx.dir.join("meta.json");
        let seen = Mutex::new(std::fs::metadata(&meta).and_then(|m| m.modified()).ok());
        Ok(FreshReader { reader, meta, seen })
    }

    /// A searcher on the newest commit.
    pub fn searcher(&self) -> Result<Searcher, SearchError> {
        let now = std::fs::metadata(&self.meta)
            .and_then(|m| m.modified())
            .ok();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if now != *seen {
            self.reader.reload()?;
            *seen = now;
        }
        Ok(self.reader.searcher())
    }
}
