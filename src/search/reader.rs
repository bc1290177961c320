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

/// A reader on the last commit that moves only when told to.
fn reader(idx: &LedeIndex) -> Result<IndexReader, SearchError> {
    Ok(idx
        .index
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
