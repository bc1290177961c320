//! Help for a search that found little: "did you mean" from the index's own dictionary, and the
//! closest source names when a `--source` matches no source.

use std::ops::Range;

use tantivy::collector::Count;
use tantivy::query::AllQuery;
use tantivy::Searcher;

use super::expand::{edit_distance, suggestion};
use super::facets::{Facet, FacetCollector};
use super::options::{SearchError, SearchOptions};
use super::query::{build_query, fold, rewritten};
use crate::index::store::LedeIndex;

/// Below this many matches, lede looks for a better spelling of the query's words.
pub const FEW: usize = 10;

/// A corrected query and how many articles it finds, when a close spelling of the query's
/// words finds more than the query did.
pub fn did_you_mean(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
    typed: &[(Range<usize>, String)],
    total: usize,
) -> Result<Option<(String, usize)>, SearchError> {
    if total >= FEW || typed.is_empty() {
        return Ok(None);
    }
    let Ok(dict) = idx.index.schema().get_field(&idx.spec.dictionary_field) else {
        return Ok(None);
    };
    let fixes: Vec<(Range<usize>, String)> = typed
        .iter()
        .filter_map(|(span, word)| {
            suggestion(searcher, dict, word).map(|(better, _)| (span.clone(), better))
        })
        .collect();
    if fixes.is_empty() {
        return Ok(None);
    }
    let text = rewritten(&opts.query, &fixes);
    let fixed = SearchOptions {
        query: text.clone(),
        ..opts.clone()
    };
    let Some(query) = build_query(idx, searcher, &fixed)?.query else {
        return Ok(None);
    };
    let count = searcher.search(&query, &Count)?;
    Ok((count > total).then_some((text, count)))
}

/// How many source names a note lists.
const CLOSEST: usize = 5;

/// The source names of the index closest to `name` (by edit distance to the whole name or to a
/// word of it), at most five, closest first.
pub fn closest_sources(
    idx: &LedeIndex,
    searcher: &Searcher,
    name: &str,
) -> Result<Vec<String>, SearchError> {
    let names = facet_keys(idx, searcher, Facet::Source)?;
    let want = fold(name);
    let mut scored: Vec<(usize, String)> = names
        .into_iter()
        .map(|n| {
            let whole = fold(&n);
            let best = whole
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| edit_distance(&want, w))
                .chain([edit_distance(&want, &whole)])
                .min()
                .unwrap_or(usize::MAX);
            (best, n)
        })
        .collect();
    scored.sort();
    Ok(scored.into_iter().take(CLOSEST).map(|(_, n)| n).collect())
}

/// The values a facet has over the whole index (source names, language codes), most common first.
pub fn facet_keys(
    idx: &LedeIndex,
    searcher: &Searcher,
    facet: Facet,
) -> Result<Vec<String>, SearchError> {
    let facets = [facet];
    let collector = FacetCollector::new(&facets, &idx.fields);
    let counts = searcher.search(&AllQuery, &collector)?;
    Ok(collector
        .finish(&facets, &counts)
        .into_iter()
        .flat_map(|f| f.buckets)
        .filter_map(|b| b.key)
        .collect())
}
