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
    let mut index = idx.index.clone();
    let metas = index.searchable_segment_metas()?;
    let articles: u64 = metas.iter().map(|m| u64::from(m.num_docs())).sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if articles >= PARALLEL_FROM && metas.len() > 1 && cores > 1 {
        index.set_multithread_executor(cores.min(metas.len()))?;
    }
    Ok(index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?)
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
