//! What a search asks for: the query, filters, order, paging, facets; and why one can fail.

use chrono::{DateTime, Utc};

use super::facets::Facet;
use crate::index::store::StoreError;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (BM25 with field boosts).
    #[default]
    Relevance,
    /// Latest publication date first (undated articles last).
    Newest,
    /// Earliest publication date first (undated articles last).
    Oldest,
}

/// The longest snippet when none is asked for, in characters.
pub const DEFAULT_SNIPPET_CHARS: usize = 200;

/// The snippet length for what was asked: 0 leaves snippets out; a few characters would cut
/// the first word, so at least 20.
pub fn snippet_length(asked: usize) -> usize {
    if asked == 0 {
        0
    } else {
        asked.max(20)
    }
}

/// What to search for and how much to return.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// The query text.
    pub query: String,
    /// Hits to return; 0 returns every match.
    pub limit: usize,
    /// Hits to skip first (paging).
    pub offset: usize,
    /// Match any word instead of all words.
    pub any: bool,
    /// With `any`: fill a page the matches do not fill with related articles (see `Hit::related`).
    pub related: bool,
    /// Treat the query as bare words, with no syntax.
    pub plain: bool,
    /// Longest snippet, in characters; 0 leaves snippets out.
    pub snippet_chars: usize,
    /// Explain each hit's score.
    pub explain: bool,
    /// Show every copy of a story, not just the first.
    pub copies: bool,
    /// Only articles published at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only articles published before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only articles from these sources (any of them; case and accents ignored).
    pub sources: Vec<String>,
    /// Only articles whose path matches this glob.
    pub path_glob: Option<String>,
    /// Only articles in these languages (ISO 639-1 codes; any of them).
    pub langs: Vec<String>,
    /// Result order.
    pub sort: Sort,
    /// Facets to count over all matches.
    pub facets: Vec<Facet>,
}

/// The filters as a person writes them (the flags of `lede search` and `lede export`, the
/// parameters of `lede serve`'s API): read into search options in one place.
#[derive(Debug, Clone, Default)]
pub struct FilterText {
    /// `--since`: a period or a span back from now.
    pub since: Option<String>,
    /// `--until`: a period, its end included.
    pub until: Option<String>,
    /// `--source` names.
    pub sources: Vec<String>,
    /// `--path` glob.
    pub path: Option<String>,
    /// `--lang` codes, in any form `language::normalize` reads.
    pub langs: Vec<String>,
}

impl FilterText {
    /// Search options holding these filters, the rest default. `dashes` is put before each
    /// name in an error (`--` for flags, nothing for URL parameters).
    pub fn options(&self, dashes: &str) -> Result<SearchOptions, String> {
        let read = |name: &str, text: &Option<String>, end: bool| {
            text.as_deref()
                .map(|s| {
                    super::dates::period(s)
                        .map(|p| if end { p.1 } else { p.0 })
                        .map_err(|e| format!("{dashes}{name}: {e}"))
                })
                .transpose()
        };
        let langs = self
            .langs
            .iter()
            .map(|l| {
                crate::analyze::language::normalize(l).ok_or_else(|| {
                    format!(
                        "{dashes}lang {l:?}: not a language code; give a two-letter ISO 639-1 \
                         code such as de, fr or ja (a search with the lang facet lists the \
                         index's languages)"
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(SearchOptions {
            since: read("since", &self.since, false)?,
            until: read("until", &self.until, true)?,
            sources: self.sources.clone(),
            path_glob: self.path.clone(),
            langs,
            ..SearchOptions::default()
        })
    }
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No index was given.
    #[error("no index to search")]
    NoIndex,
    /// The query has a syntax error.
    #[error("cannot understand the query {}: {detail}", shown(query))]
    Syntax {
        /// The query text.
        query: String,
        /// What went wrong.
        detail: String,
    },
    /// The path glob cannot be used.
    #[error("path glob {glob:?}: {detail}")]
    PathGlob {
        /// The glob as given.
        glob: String,
        /// What is wrong with it.
        detail: String,
    },
    /// `--since` is not before `--until`.
    #[error("--since {since} is not before --until {until}, so no article can match")]
    DateRange {
        /// The start, as shown.
        since: String,
        /// The end, as shown.
        until: String,
    },
    /// Tantivy failed.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// A query as an error message quotes it: whole when short, else its start.
fn shown(query: &str) -> String {
    const MAX: usize = 80;
    if query.chars().count() <= MAX {
        return format!("{query:?}");
    }
    let start: String = query.chars().take(MAX).collect();
    format!("{start:?}... ({} characters)", query.chars().count())
}
