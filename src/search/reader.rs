//! Opening a searcher on an index's last commit.

use tantivy::{ReloadPolicy, Searcher};

use super::options::SearchError;
use crate::index::store::LedeIndex;

/// Opens a searcher on the last commit.
pub fn searcher(idx: &LedeIndex) -> Result<Searcher, SearchError> {
    let reader = idx
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(reader.searcher())
}
