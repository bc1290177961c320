//! The query side: parse the user's query (lede's query language, or bare words with
//! `--plain`), add the filters, rank with BM25 and the schema's field boosts (or by date), count
//! facets over all matches, cut a highlighted snippet from each hit, and help a search that
//! found little (spelling suggestions, closest source names).

mod bm25f;
mod dates;
mod expand;
mod facets;
mod feedback;
mod glob;
mod hints;
mod languages;
mod many;
mod marks;
mod options;
mod query;
mod reader;
mod snippet;
mod stats;
mod stored;
mod syntax;

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

pub use dates::period;
pub use expand::MAX_EXPANSIONS;
pub use facets::{Bucket, Facet, FacetCounts};
pub use options::{
    snippet_length, FilterText, SearchError, SearchOptions, Sort, DEFAULT_SNIPPET_CHARS,
};
pub use query::{
    build_query, filters, selection, user_query, Compiled, MAX_PREFIXES, MAX_QUERY_CHARS,
};
pub use reader::{searcher, FreshReader};
pub use stats::{stats, stats_in, IndexStats, RootStats};
pub use stored::{
    articles_of, docs_of, docs_of_path, for_each_article, for_each_match, shown_date,
    ExportedArticle, StoredArticle,
};
pub use syntax::MAX_NESTING;

use crate::index::store::LedeIndex;
use facets::FacetCollector;
use snippet::Snippets;
use stored::{first_text, other_copies};

/// One ranked article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking.
    pub rank: usize,
    /// BM25 score with field boosts; `null` when sorted by date.
    pub score: Option<f32>,
    /// The article's file.
    pub path: String,
    /// The article's stable id: its file's path, with `#N` for the Nth article after the first
    /// of a file that holds several (a JSON Lines export, say).
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication date, RFC 3339 (in the article's own offset when it gave one).
    pub date: Option<String>,
    /// Publication.
    pub source: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Web address.
    pub url: Option<String>,
    /// Dek or standfirst.
    pub summary: Option<String>,
    /// Language, ISO 639-1 (`null` when it could not be told).
    pub lang: Option<String>,
    /// The best passage, plain text.
    pub snippet: String,
    /// `[start, end)` character offsets of the matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Other files holding the same story (same title and body).
    pub copies: Vec<String>,
    /// Not a match: an article after the last match that shares what the best matches are about
    /// but none of the query's words (any-word queries whose matches do not fill the page).
    pub related: bool,
    /// Why the hit scored what it did (tantivy's explanation as a tree of `value`,
    /// `description` and `details`), with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// Matching articles in the whole index (after filters).
    pub total: usize,
    /// Hits skipped before this page.
    pub offset: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Facet counts over all matches, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<FacetCounts>,
    /// The query with its words spelt as the index spells them, when that finds more.
    pub suggestion: Option<String>,
    /// How many articles the suggestion finds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion_total: Option<usize>,
    /// How the query was read, where a user should know (a prefix cut short, only stop words,
    /// a source that matches nothing).
    pub notes: Vec<String>,
    /// Time spent searching, in milliseconds.
    pub elapsed_ms: f64,
}

/// Runs one search over several indexes as if they were one: scores use the statistics of all of
/// them, hits are merged in one order, and a story held by more than one index is shown once
/// (the others' paths under `copies`). `total` and facets count the matches of every index.
pub fn search_many(idxs: &[LedeIndex], opts: &SearchOptions) -> Result<Results, SearchError> {
    match idxs {
        [] => return Err(SearchError::NoIndex),
        [one] => return search(one, opts),
        _ => {}
    }
    let started = Instant::now();
    let searchers = idxs.iter().map(searcher).collect::<Result<Vec<_>, _>>()?;
    let wanted = if opts.limit == 0 {
        usize::MAX
    } else {
        opts.offset.saturating_add(opts.limit)
    };
    let (mut rows, total, raw, compiled) = collect_many(idxs, &searchers, opts, wanted)?;
    many::order(&mut rows, opts.sort);
    let facets = if opts.facets.is_empty() {
        Vec::new()
    } else {
        FacetCollector::new(&opts.facets, &idxs[0].fields).finish(&opts.facets, &raw)
    };
    // Each story once: a copy in a later index adds its path to the first one's hit.
    let mut hits: Vec<Hit> = Vec::new();
    let mut keys: Vec<(u64, usize)> = Vec::new();
    let mut snippets: Vec<Option<Snippets>> = idxs.iter().map(|_| None).collect();
    let mut seen = 0usize;
    for (key, i, addr) in rows {
        let (idx, s) = (&idxs[i], &searchers[i]);
        let doc: TantivyDocument = s.doc(addr)?;
        let dupkey = doc
            .get_first(idx.fields.dupkey)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let path = first_text(&doc, idx.fields.path).unwrap_or_default();
        if let Some(&(_, at)) = keys.iter().find(|(k, _)| *k == dupkey && !opts.copies) {
            if let Some(h) = hits.get_mut(at) {
                h.copies.push(path);
            }
            continue;
        }
        seen += 1;
        if seen <= opts.offset {
            continue;
        }
        if hits.len() >= wanted - opts.offset.min(wanted) {
            break;
        }
        let snip = match &mut snippets[i] {
            Some(sn) => sn,
            slot => slot.insert(Snippets::new(idx, &compiled[i].marks)),
        };
        let mut hit = make_hit(idx, s, snip, &doc, opts);
        if opts.explain {
            let score = match key {
                many::Key::Score(x) => Some(x),
                many::Key::Date(_) => None,
            };
            hit.explanation = compiled[i]
                .query
                .as_ref()
                .and_then(|q| explain(&**q, s, addr, score));
        }
        hit.rank = opts.offset + hits.len() + 1;
        hit.score = match key {
            many::Key::Score(sc) => Some(sc),
            many::Key::Date(_) => None,
        };
        keys.push((dupkey, hits.len()));
        hits.push(hit);
    }
    let page = Page {
        total,
        hits,
        facets,
    };
    finish(&idxs[0], &searchers[0], opts, &compiled[0], page, started)
}

/// What a search found, before the hints are added.
struct Page {
    total: usize,
    hits: Vec<Hit>,
    facets: Vec<FacetCounts>,
}

/// The results of a search: its page, the compiled query's notes, and the hints for a search
/// that found little.
fn finish(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
    compiled: &Compiled,
    page: Page,
    started: Instant,
) -> Result<Results, SearchError> {
    let mut results = Results::empty(opts);
    results.total = page.total;
    results.hits = page.hits;
    results.facets = page.facets;
    results.notes = compiled.notes.clone();
    add_hints(idx, searcher, opts, compiled, &mut results)?;
    results.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(results)
}

/// Each index's top `wanted` matches (scored with the statistics of all of them), the total of
/// matches, the facet columns' raw counts summed over the indexes, and each index's compiled
/// query (prefixes are written out from each index's own dictionary).
#[allow(clippy::type_complexity)] // rows, total, counts and queries, as search_many consumes them
fn collect_many(
    idxs: &[LedeIndex],
    searchers: &[Searcher],
    opts: &SearchOptions,
    wanted: usize,
) -> Result<
    (
        Vec<(many::Key, usize, DocAddress)>,
        usize,
        Vec<std::collections::HashMap<String, u64>>,
        Vec<Compiled>,
    ),
    SearchError,
> {
    let stats = many::Combined(searchers);
    let mut rows = Vec::new();
    let mut total = 0;
    let mut raw: Vec<std::collections::HashMap<String, u64>> = Vec::new();
    let mut compiled = Vec::new();
    for (i, (idx, s)) in idxs.iter().zip(searchers).enumerate() {
        let c = build_query(idx, s, opts)?;
        let Some(query) = c.query.as_ref().map(|q| q.box_clone()) else {
            compiled.push(c);
            continue;
        };
        let words = c.words;
        compiled.push(c);
        let n = wanted.min(s.num_docs() as usize).max(1);
        let fc = (!opts.facets.is_empty()).then(|| FacetCollector::new(&opts.facets, &idx.fields));
        let f = &idx.fields;
        let (count, counts) = if opts.sort == Sort::Relevance {
            let top = TopDocs::with_limit(feedback::depth(n, words)).order_by_score();
            let (mut top, count, fc) =
                s.search_with_statistics_provider(&query, &(top, Count, fc), &stats)?;
            feedback::rerank(idx, s, &stats, &mut top, words)?;
            top.truncate(n);
            rows.extend(top.into_iter().map(|(sc, a)| (many::Key::Score(sc), i, a)));
            (count, fc)
        } else {
            let order = if opts.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let top = TopDocs::with_limit(n)
                .order_by_fast_field::<tantivy::DateTime>(f.name(f.date), order);
            let (top, count, fc) = s.search(&query, &(top, Count, fc))?;
            rows.extend(
                top.into_iter()
                    .map(|(d, a)| (many::Key::Date(d.map(|d| d.into_timestamp_secs())), i, a)),
            );
            (count, fc)
        };
        total += count;
        for (j, col) in counts.unwrap_or_default().into_iter().enumerate() {
            if raw.len() <= j {
                raw.push(Default::default());
            }
            for (k, v) in col {
                *raw[j].entry(k).or_insert(0) += v;
            }
        }
    }
    Ok((rows, total, raw, compiled))
}

/// Pages of more hits than this are read and cut on every core. Starting rayon's threads costs
/// a process about 0.4 ms: on BBC, 10 and 20 hits were faster on one thread, 50 even, 100
/// faster spread (docs/performance.md).
const PARALLEL_HITS: usize = 32;

/// One hit of a page before it is read: its score (`None` in date order), where it is, and
/// whether it is a related article after the matches.
type Row = (Option<f32>, DocAddress, bool);

/// Runs a search on an open index's last commit.
pub fn search(idx: &LedeIndex, opts: &SearchOptions) -> Result<Results, SearchError> {
    search_in(idx, &searcher(idx)?, opts)
}

/// Runs a search with a searcher already open (a server keeps one per commit).
pub fn search_in(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
) -> Result<Results, SearchError> {
    let started = Instant::now();
    let compiled = build_query(idx, searcher, opts)?;
    let Some(query) = compiled.query.as_ref().map(|q| q.box_clone()) else {
        let page = Page {
            total: 0,
            hits: Vec::new(),
            facets: Vec::new(),
        };
        return finish(idx, searcher, opts, &compiled, page, started);
    };
    // --limit 0 means every match (for `--format paths | xargs`). No page is longer, and no
    // offset further, than the index has articles: the top-N collector allocates both.
    let articles = (searcher.num_docs() as usize).max(1);
    let limit = if opts.limit == 0 {
        searcher.search(&query, &Count)?.max(1)
    } else {
        opts.limit.min(articles)
    };
    let offset = opts.offset.min(articles);
    let words = compiled.words;
    let (top, total, facet_counts) =
        top_docs(idx, searcher, &*query, opts, (limit, offset), words)?;
    let facets = match facet_counts {
        Some(counts) => {
            FacetCollector::new(&opts.facets, &idx.fields).finish(&opts.facets, &counts)
        }
        None => Vec::new(),
    };
    let snippets = Snippets::new(idx, &compiled.marks);
    // Reading stored articles and cutting snippets is most of a long page's time: spread it.
    // A short page is quicker on this thread than starting the threads.
    let hit = |(i, (score, addr, related)): (usize, Row)| -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let mut hit = make_hit(idx, searcher, &snippets, &doc, opts);
        hit.rank = opts.offset + i + 1;
        hit.score = score;
        hit.related = related;
        if opts.explain {
            hit.explanation = explain(&*query, searcher, addr, score);
        }
        Ok(hit)
    };
    let hits: Vec<Hit> = if top.len() > PARALLEL_HITS {
        top.into_par_iter()
            .enumerate()
            .map(hit)
            .collect::<Result<_, _>>()?
    } else {
        top.into_iter()
            .enumerate()
            .map(hit)
            .collect::<Result<_, _>>()?
    };
    let page = Page {
        total,
        hits,
        facets,
    };
    finish(idx, searcher, opts, &compiled, page, started)
}

/// The page of `query`'s matches `opts` asks for (score or date order; each marked `true` when
/// it is a related article after the matches), the total, and the facet columns' raw counts when
/// facets were asked for.
#[allow(clippy::type_complexity)] // rows, total and counts, as search_in consumes them
fn top_docs(
    idx: &LedeIndex,
    searcher: &Searcher,
    query: &dyn Query,
    opts: &SearchOptions,
    (limit, offset): (usize, usize),
    words: usize,
) -> Result<
    (
        Vec<Row>,
        usize,
        Option<Vec<std::collections::HashMap<String, u64>>>,
    ),
    SearchError,
> {
    let facet_collector =
        (!opts.facets.is_empty()).then(|| FacetCollector::new(&opts.facets, &idx.fields));
    Ok(match opts.sort {
        Sort::Relevance => {
            let wanted = offset.saturating_add(limit);
            let depth = feedback::depth(wanted, words);
            let top = TopDocs::with_limit(depth).order_by_score();
            let (mut top, total, fc) = searcher.search(query, &(top, Count, facet_collector))?;
            let shared = feedback::rerank(idx, searcher, searcher, &mut top, words)?;
            let mut page: Vec<_> = top
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(s, a)| (Some(s), a, false))
                .collect();
            if let Some(shared) = shared.filter(|_| {
                opts.related && feedback::fills(opts.any, opts.limit == 0, words, total, wanted)
            }) {
                // Every match is on this page or before it: the rest is related articles,
                // ranked after the last match.
                let filters = filters(idx, searcher, opts)?;
                let more =
                    feedback::related(searcher, searcher, &shared, query, filters, wanted - total)?;
                let skip = offset.saturating_sub(total);
                page.extend(more.into_iter().skip(skip).map(|(s, a)| (Some(s), a, true)));
            }
            (page, total, fc)
        }
        Sort::Newest | Sort::Oldest => {
            let order = if opts.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let top = TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_fast_field::<tantivy::DateTime>(idx.fields.name(idx.fields.date), order);
            let (top, total, fc) = searcher.search(query, &(top, Count, facet_collector))?;
            let mut top: Vec<_> = top.into_iter().collect();
            // Undated articles last, whichever the direction.
            top.sort_by_key(|(d, _)| d.is_none());
            (
                top.into_iter().map(|(_, a)| (None, a, false)).collect(),
                total,
                fc,
            )
        }
    })
}

impl Results {
    /// No hits for `opts`'s query.
    fn empty(opts: &SearchOptions) -> Results {
        Results {
            query: opts.query.clone(),
            total: 0,
            offset: opts.offset,
            hits: Vec::new(),
            facets: Vec::new(),
            suggestion: None,
            suggestion_total: None,
            notes: Vec::new(),
            elapsed_ms: 0.0,
        }
    }
}

/// A spelling suggestion when the query found little, and the closest source names for a
/// `--source` that matches no source.
fn add_hints(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
    compiled: &Compiled,
    results: &mut Results,
) -> Result<(), SearchError> {
    if results.total >= hints::FEW {
        return Ok(());
    }
    if let Some((text, count)) =
        hints::did_you_mean(idx, searcher, opts, &compiled.typed, results.total)?
    {
        results.suggestion = Some(text);
        results.suggestion_total = Some(count);
    }
    if results.total == 0 {
        for name in &opts.sources {
            let alone = SearchOptions {
                query: String::new(),
                sources: vec![name.clone()],
                copies: true,
                ..SearchOptions::default()
            };
            let clauses = query::filters(idx, searcher, &alone)?;
            if searcher.search(&BooleanQuery::new(clauses), &Count)? == 0 {
                let names = hints::closest_sources(idx, searcher, name)?;
                results.notes.push(if names.is_empty() {
                    format!("no source matches {name:?}: the index has no source names")
                } else {
                    format!(
                        "no source matches {name:?}; the closest names are: {}",
                        names.join(", ")
                    )
                });
            }
        }
        lang_hint(idx, searcher, opts, results)?;
    }
    Ok(())
}

/// A note when no article of the index is in any of the `--lang` languages, naming those it has.
fn lang_hint(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
    results: &mut Results,
) -> Result<(), SearchError> {
    if opts.langs.is_empty() {
        return Ok(());
    }
    let held = hints::facet_keys(idx, searcher, Facet::Lang)?;
    if opts.langs.iter().all(|l| !held.contains(l)) {
        results.notes.push(format!(
            "no article is in {}; the index's languages are: {}",
            opts.langs.join(" or "),
            if held.is_empty() {
                "none told".to_string()
            } else {
                held.join(", ")
            }
        ));
    }
    Ok(())
}

/// How many articles `query` matches.
pub fn count(searcher: &Searcher, query: &dyn Query) -> Result<usize, SearchError> {
    Ok(searcher.search(query, &Count)?)
}

/// Tantivy's explanation of `addr`'s score, as a JSON tree, with terms written as `field:"term"`.
/// Where the hit's `score` is more than the query's own (see `feedback`), the difference is
/// shown as the words the best matches share.
fn explain(
    query: &dyn Query,
    searcher: &Searcher,
    addr: DocAddress,
    score: Option<f32>,
) -> Option<serde_json::Value> {
    let e = query.explain(searcher, addr).ok()?;
    let own = e.value();
    let mut v = serde_json::to_value(&e).ok()?;
    name_fields(&mut v, searcher.schema());
    match score {
        Some(score) if (score - own).abs() > 1e-4 * own.abs().max(1.0) => Some(serde_json::json!({
            "value": score,
            "description": "the query's score plus the words its best matches share",
            "details": [v, {
                "value": score - own,
                "description": "words the best matches share (pseudo-relevance feedback)"
            }]
        })),
        _ => Some(v),
    }
}

/// Rewrites tantivy's `Term=Term(field=2, type=Str, "ferri")` as `body:"ferri"` throughout.
fn name_fields(v: &mut serde_json::Value, schema: &tantivy::schema::Schema) {
    static TERM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"Term=Term\(field=(\d+), type=\w+, (".*?")\)"#).expect("valid regex")
    });
    match v {
        serde_json::Value::String(s) if s.contains("Term(") => {
            let named = TERM.replace_all(s, |c: &regex::Captures| {
                let name = c[1]
                    .parse::<u32>()
                    .ok()
                    .map(|id| schema.get_field_name(tantivy::schema::Field::from_field_id(id)))
                    .unwrap_or("?");
                format!("{name}:{}", &c[2])
            });
            *s = named.into_owned();
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| name_fields(x, schema)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| name_fields(x, schema)),
        _ => {}
    }
}

/// Articles most like the (first) article of `path`: its most telling terms, weighted by
/// tf-idf, searched for; the article itself and copies are left out.
pub fn similar(
    idx: &LedeIndex,
    path_or_id: &str,
    limit: usize,
) -> Result<Option<Results>, SearchError> {
    similar_in(idx, &searcher(idx)?, path_or_id, limit)
}

/// `similar` with a searcher already open.
pub fn similar_in(
    idx: &LedeIndex,
    searcher: &Searcher,
    path_or_id: &str,
    limit: usize,
) -> Result<Option<Results>, SearchError> {
    let started = Instant::now();
    let searcher = searcher.clone();
    let Some(&addr) = docs_of(idx, &searcher, path_or_id)?.first() else {
        return Ok(None);
    };
    let id = first_text(&searcher.doc::<TantivyDocument>(addr)?, idx.fields.id).unwrap_or_default();
    let mlt = tantivy::query::MoreLikeThisQuery::builder()
        .with_min_doc_frequency(1)
        .with_max_doc_frequency((searcher.num_docs() / 5).max(10))
        .with_min_term_frequency(1)
        .with_min_word_length(3)
        .with_max_query_terms(30)
        .with_document(addr);
    let f = &idx.fields;
    let query = BooleanQuery::new(vec![
        (Occur::Must, Box::new(mlt) as Box<dyn Query>),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(f.id, &id),
                IndexRecordOption::Basic,
            )),
        ),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_u64(f.copy, 1),
                IndexRecordOption::Basic,
            )),
        ),
    ]);
    let (top, total) = searcher.search(
        &query,
        &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
    )?;
    let opts = SearchOptions {
        snippet_chars: 200,
        ..SearchOptions::default()
    };
    // The article's start stands for it: nothing in particular is marked.
    let snippets = Snippets::new(idx, &marks::Marks::default());
    let mut hits = Vec::new();
    for (i, (score, a)) in top.into_iter().take(limit).enumerate() {
        let doc: TantivyDocument = searcher.doc(a)?;
        let mut hit = make_hit(idx, &searcher, &snippets, &doc, &opts);
        hit.rank = i + 1;
        hit.score = Some(score);
        hits.push(hit);
    }
    let mut results = Results::empty(&opts);
    results.query = format!("similar to {path_or_id}");
    results.total = total;
    results.hits = hits;
    results.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(Some(results))
}

fn make_hit(
    idx: &LedeIndex,
    searcher: &Searcher,
    snippets: &Snippets,
    doc: &TantivyDocument,
    opts: &SearchOptions,
) -> Hit {
    let f = &idx.fields;
    let (text, highlights) = snippets.best(f, doc, opts.snippet_chars);
    Hit {
        rank: 0,
        score: None,
        path: first_text(doc, f.path).unwrap_or_default(),
        id: first_text(doc, f.id).unwrap_or_default(),
        title: first_text(doc, f.title).unwrap_or_default(),
        date: shown_date(idx, doc),
        source: first_text(doc, f.source),
        author: first_text(doc, f.author),
        url: first_text(doc, f.url),
        summary: first_text(doc, f.summary),
        lang: first_text(doc, f.lang),
        snippet: text,
        highlights,
        copies: other_copies(idx, searcher, doc),
        related: false,
        explanation: None,
    }
}
