//! Pseudo-relevance feedback (Rocchio): the words the best first matches share are added to the
//! query with a small weight, so articles about the same thing rank above ones that only share a
//! query word. It reorders the matches and never adds one: the words only score articles the
//! query already matches, so totals, facets and `--any`/all-words stay as the user asked.
//! `related` is the one place the same words find more: articles that match none of an
//! any-word query's words, listed after all of its matches when they do not fill the page.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, BoostQuery, EnableScoring, Occur, Query,
};
use tantivy::schema::Field;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::bm25f::{scores_at, FieldsTermQuery};
use super::options::SearchError;
use super::query::Clauses;
use super::stored::first_text;
use crate::index::store::LedeIndex;

/// How many of the first matches are read for their words.
pub const DOCS: usize = 20;
/// Queries of fewer words are ranked as they are (see `depth`).
pub const MIN_QUERY_WORDS: usize = 3;
/// How many of the first matches are re-scored (at least a page's worth).
pub const RESCORED: usize = 1000;
/// How many of their words are added.
pub const TERMS: usize = 20;
/// The added words' total weight, against 1 for each word of the query.
pub const WEIGHT: f32 = 0.5;
/// Queries of up to this many words...
pub const SHORT_WORDS: usize = 3;
/// ...give the added words this weight per word instead: a short query says less about what
/// is wanted, so what its best matches share says more (measured: MAP and nDCG@10 up on all
/// four eval collections with three-word queries, long queries unchanged).
pub const SHORT_WEIGHT: f32 = 0.75;
/// Related articles listed at most, after the matches: the shared words say less further down,
/// and a page of thousands stays bounded.
pub const MAX_RELATED: usize = 1000;
/// A word must be in at least this many of them (one article's quirks are not its topic).
const MIN_DOCS: usize = 2;
/// How much of each matched article is read (bounded time for a long one).
const READ_BYTES: usize = 10_000;

/// The added words' total weight for a query of `query_words` words.
fn added_weight(query_words: usize) -> f32 {
    let per_word = if query_words <= SHORT_WORDS {
        SHORT_WEIGHT
    } else {
        WEIGHT
    };
    per_word * query_words as f32
}

/// Whether a query of `query_words` words is re-ranked.
fn applies(query_words: usize) -> bool {
    query_words >= MIN_QUERY_WORDS
}

/// How many first matches are collected for a page that ends at `wanted`.
pub fn depth(wanted: usize, query_words: usize) -> usize {
    if applies(query_words) {
        wanted.max(RESCORED)
    } else {
        wanted
    }
}

/// The words a query's best matches share, each searched in the default fields, with the
/// weight it was added to the query with.
pub struct Shared {
    words: Vec<(FieldsTermQuery, f32)>,
}

/// Re-scores `top` (best first, as the query ranked it) with the words its best matches share
/// added, and sorts it again; unchanged when there is too little to learn from. Returns the
/// words it added, for `related`.
pub fn rerank(
    idx: &LedeIndex,
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    top: &mut [(f32, DocAddress)],
    query_words: usize,
) -> Result<Option<Shared>, SearchError> {
    if top.len() < 2 || !applies(query_words) {
        return Ok(None);
    }
    let Some((analyzer, targets)) = english_targets(idx, searcher) else {
        return Ok(None);
    };
    let words = shared_words(idx, searcher, &analyzer, &top[..DOCS.min(top.len())])?;
    let sum: f32 = words.iter().map(|(s, _)| s).sum();
    if sum <= 0.0 {
        return Ok(None);
    }
    let weight = added_weight(query_words);
    let shared = Shared {
        words: words
            .iter()
            .map(|(s, w)| {
                let parts = targets
                    .iter()
                    .map(|(fl, boost)| (Term::from_field_text(*fl, w), *boost))
                    .collect();
                (FieldsTermQuery::new(parts), weight * s / sum)
            })
            .collect(),
    };
    let scoring = EnableScoring::enabled_from_statistics_provider(stats, searcher);
    let weights = shared
        .words
        .iter()
        .map(|(q, w)| Ok((q.weight(scoring)?, *w)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let addrs: Vec<DocAddress> = top.iter().map(|(_, a)| *a).collect();
    let added = scores_at(&weights, searcher, &addrs)?;
    for ((score, _), a) in top.iter_mut().zip(added) {
        *score += a;
    }
    // Stable: ties keep the query's own order.
    top.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(Some(shared))
}

/// Whether a page that ends at `wanted` and holds `total` matches of a relevance-ranked query
/// of `query_words` words is filled with related articles: only an any-word query (the user
/// asked for articles about the words, not for every word), long enough to learn from, whose
/// matches end on this page. A page of every match (`--limit 0`) never is, nor one sorted by
/// date (its caller's choice).
pub fn fills(any: bool, every: bool, query_words: usize, total: usize, wanted: usize) -> bool {
    any && !every && applies(query_words) && total >= MIN_DOCS && total < wanted
}

/// Up to `n` articles, best first, that match none of `query`'s words but `shared` (what its
/// best matches are about), within `filters`: the related articles after the last match.
pub fn related(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    shared: &Shared,
    query: &dyn Query,
    filters: Clauses,
    n: usize,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let n = n.min(MAX_RELATED);
    if n == 0 {
        return Ok(Vec::new());
    }
    let words: Clauses = shared
        .words
        .iter()
        .map(|(q, w)| {
            let boosted: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(q.clone()), *w));
            (Occur::Should, boosted)
        })
        .collect();
    let mut clauses: Clauses = vec![
        (Occur::Must, Box::new(BooleanQuery::new(words))),
        (Occur::MustNot, query.box_clone()),
    ];
    clauses.extend(filters);
    let top = TopDocs::with_limit(n).order_by_score();
    Ok(searcher.search_with_statistics_provider(&BooleanQuery::new(clauses), &top, stats)?)
}

/// The words the articles of `top` share most, weighted by how much of each article they make
/// (more for a better match) and by how rare they are, best first.
fn shared_words(
    idx: &LedeIndex,
    searcher: &Searcher,
    analyzer: &str,
    top: &[(f32, DocAddress)],
) -> Result<Vec<(f32, String)>, SearchError> {
    let Some(mut tok) = idx.spec.analyzer(analyzer) else {
        return Ok(Vec::new());
    };
    let f = &idx.fields;
    let best = top[0].0.max(f32::MIN_POSITIVE);
    let mut share: HashMap<String, (f32, usize)> = HashMap::new();
    for (score, addr) in top {
        // A match's say grows with the cube of its score: the best few decide.
        let dw = (score / best).powi(3);
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let mut text = String::new();
        for field in [f.title, f.summary, f.body] {
            if let Some(t) = first_text(&doc, field) {
                text.push_str(&t);
                text.push('\n');
            }
        }
        let cut = (0..=READ_BYTES.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut len = 0u32;
        tok.token_stream(&text[..cut]).process(&mut |t| {
            len += 1;
            if let Some(n) = counts.get_mut(t.text.as_str()) {
                *n += 1;
            } else if t.text.chars().nth(1).is_some() && !t.text.bytes().all(|c| c.is_ascii_digit())
            {
                counts.insert(t.text.clone(), 1);
            }
        });
        for (w, n) in counts {
            let e = share.entry(w).or_default();
            e.0 += dw * n as f32 / len.max(1) as f32;
            e.1 += 1;
        }
    }
    let total = searcher.num_docs().max(1) as f32;
    let mut scored: Vec<(f32, String)> = Vec::new();
    for (w, (s, n)) in share {
        if n < MIN_DOCS {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(f.body, &w))? as f32;
        let idf = ((total - df + 0.5) / (df + 0.5) + 1.0).ln();
        scored.push((s / top.len() as f32 * idf, w));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(TERMS);
    Ok(scored)
}

/// The body's analyzer and the default fields analysed with it, with their weights.
fn english_targets(idx: &LedeIndex, searcher: &Searcher) -> Option<(String, Vec<(Field, f32)>)> {
    let analyzer = idx.spec.field("body")?.analyzer.clone()?;
    let schema = searcher.schema();
    let targets = idx
        .spec
        .default_search_fields
        .iter()
        .filter_map(|n| {
            let spec = idx.spec.field(n)?;
            if spec.analyzer.as_deref() != Some(analyzer.as_str()) {
                return None;
            }
            Some((schema.get_field(n).ok()?, spec.boost))
        })
        .collect();
    Some((analyzer, targets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_queries_give_the_shared_words_more_weight_per_word() {
        // (query words, added weight): three-word queries 0.75 a word, longer ones 0.5.
        for (words, want) in [(3, 2.25), (4, 2.0), (10, 5.0)] {
            assert!((added_weight(words) - want).abs() < 1e-6, "{words}");
        }
        assert!(!applies(2));
        assert!(applies(3));
    }

    #[test]
    fn related_articles_fill_only_an_any_word_page_the_matches_leave_short() {
        // (any, every match, query words, matches, page end) -> filled
        let table = [
            ((true, false, 3, 4, 10), true),
            ((true, false, 5, 9, 10), true),
            ((false, false, 3, 4, 10), false), // all words: the user asked for each of them
            ((true, true, 3, 4, 10), false),   // --limit 0: every match, nothing else
            ((true, false, 2, 4, 10), false),  // too short to learn from
            ((true, false, 3, 10, 10), false), // the matches fill the page
            ((true, false, 3, 1, 10), false),  // one match: nothing shared to learn
        ];
        for ((any, every, words, total, wanted), want) in table {
            assert_eq!(
                fills(any, every, words, total, wanted),
                want,
                "{any} {every} {words} {total}"
            );
        }
    }
}
