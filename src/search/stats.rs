//! What an index holds: articles, copies, the date span, sources, languages, size on disk, segments and the
//! last commit (`lede stats`, and the server's `/api/stats`).

use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Order, Searcher, TantivyDocument, Term};

use super::facets::{Bucket, Facet, FacetCollector};
use super::options::SearchError;
use super::reader::searcher;
use super::stored::shown_date;
use crate::index::known::count_under;
use crate::index::store::{CommitPayload, LedeIndex};

/// A summary of one index. Field order is the JSON's.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// The index folder.
    pub index: String,
    /// Live articles.
    pub articles: u64,
    /// Of them, copies of another story (shown once).
    pub copies: usize,
    /// Articles with a publication date.
    pub dated: usize,
    /// The earliest publication date, as shown.
    pub oldest: Option<String>,
    /// The latest publication date, as shown.
    pub newest: Option<String>,
    /// Articles per source, largest first.
    pub sources: Vec<Bucket>,
    /// Articles per language, largest first (`null`: not told).
    pub languages: Vec<Bucket>,
    /// Bytes of the index's files.
    pub size_bytes: u64,
    /// Tantivy segments.
    pub segments: usize,
    /// When the last commit was made.
    pub updated_at: Option<String>,
    /// The schema version the index was built with.
    pub schema_version: u32,
    /// The paths indexed into it, as `lede index` was given them (resolved).
    pub roots: Vec<RootStats>,
}

/// One indexed root.
#[derive(Debug, Clone, Serialize)]
pub struct RootStats {
    /// The path.
    pub path: String,
    /// Live articles under it.
    pub articles: u64,
    /// When a run last changed the index under it.
    pub last_change: String,
    /// False when the path is gone from the disk (its articles stay until `lede remove`).
    pub exists: bool,
}

/// Bytes of the files directly in `dir`.
fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Counts what `idx` holds, as of its last commit.
pub fn stats(idx: &LedeIndex) -> Result<IndexStats, SearchError> {
    stats_in(idx, &searcher(idx)?)
}

/// `stats` with a searcher already open.
pub fn stats_in(idx: &LedeIndex, searcher: &Searcher) -> Result<IndexStats, SearchError> {
    let searcher = searcher.clone();
    let f = &idx.fields;
    let copies = searcher.search(
        &TermQuery::new(Term::from_field_u64(f.copy, 1), IndexRecordOption::Basic),
        &Count,
    )?;
    // Every dated article: a range from 1700 on (the earliest date lede accepts).
    let dated = RangeQuery::new(
        std::ops::Bound::Included(Term::from_field_date_for_search(
            f.date,
            tantivy::DateTime::from_timestamp_secs(-8_520_336_000),
        )),
        std::ops::Bound::Unbounded,
    );
    let first = |order| -> Result<Option<String>, SearchError> {
        let top = searcher.search(
            &dated,
            &TopDocs::with_limit(1).order_by_fast_field::<tantivy::DateTime>(f.name(f.date), order),
        )?;
        Ok(match top.first() {
            Some((_, a)) => shown_date(idx, &searcher.doc::<TantivyDocument>(*a)?),
            None => None,
        })
    };
    let (oldest, newest) = (first(Order::Asc)?, first(Order::Desc)?);
    let fc = FacetCollector::new(&[Facet::Source, Facet::Lang], f);
    let counts = searcher.search(&AllQuery, &fc)?;
    let payload = CommitPayload::of(&idx.index).unwrap_or_default();
    let root_paths: Vec<String> = payload.roots.keys().cloned().collect();
    let per_root = count_under(&searcher, f, &root_paths)?;
    let roots = payload
        .roots
        .iter()
        .zip(per_root)
        .map(|((path, state), articles)| RootStats {
            path: path.clone(),
            articles,
            last_change: state.last_change.clone(),
            exists: Path::new(path).exists(),
        })
        .collect();
    Ok(IndexStats {
        index: idx.dir.to_string_lossy().into_owned(),
        articles: searcher.num_docs(),
        copies,
        dated: searcher.search(&dated, &Count)?,
        oldest,
        newest,
        sources: fc.finish(&[Facet::Source], &counts).remove(0).buckets,
        languages: fc.finish(&[Facet::Lang], &counts).remove(0).buckets,
        size_bytes: dir_size(&idx.dir),
        segments: searcher.segment_readers().len(),
        updated_at: (!payload.updated_at.is_empty()).then(|| payload.updated_at.clone()),
        schema_version: idx.spec.version,
        roots,
    })
}
