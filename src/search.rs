//! The query side: parse the user's query (tantivy's query language, or bare words with
//! `--plain`), add the filters, rank with BM25 and the schema's field boosts (or by date), count
//! facets over all matches, and cut a highlighted snippet from each hit.

use std::ops::Bound;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::facets::{Facet, FacetCollector, FacetCounts};
use crate::query::{glob_to_regex, rewrite_date_terms};
use crate::store::{LedeIndex, StoreError};

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Sort {
    /// Best match first (BM25 with field boosts).
    #[default]
    Relevance,
    /// Latest publication date first (undated articles last).
    Newest,
    /// Earliest publication date first (undated articles last).
    Oldest,
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
    /// Treat the query as bare words, with no syntax.
    pub plain: bool,
    /// Longest snippet, in characters.
    pub snippet_chars: usize,
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
    /// Result order.
    pub sort: Sort,
    /// Facets to count over all matches.
    pub facets: Vec<Facet>,
}

/// One ranked article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking.
    pub rank: usize,
    /// BM25 score with field boosts; `null` when sorted by date.
    pub score: Option<f32>,
    /// The article's file.
    pub path: String,
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
    /// The best passage, plain text.
    pub snippet: String,
    /// `[start, end)` character offsets of the matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Other files holding the same story (same title and body).
    pub copies: Vec<String>,
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
    /// Time spent searching, in milliseconds.
    pub elapsed_ms: f64,
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The query has a syntax error.
    #[error("cannot understand the query {query:?}: {detail}\n  quote phrases with \"...\", or use --plain to search for the words as typed")]
    Syntax {
        /// The query text.
        query: String,
        /// What went wrong.
        detail: String,
    },
    /// A filter flag has a value lede cannot use.
    #[error("{0}")]
    Filter(String),
    /// Tantivy failed.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Words of free text, with every character that could be query syntax removed.
pub fn plain_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A query parser over the schema's default fields with its boosts.
fn parser(idx: &LedeIndex, any: bool) -> QueryParser {
    let schema = idx.index.schema();
    let defaults: Vec<_> = idx
        .spec
        .default_search_fields
        .iter()
        .filter_map(|n| schema.get_field(n).ok())
        .collect();
    let mut parser = QueryParser::for_index(&idx.index, defaults);
    for f in &idx.spec.fields {
        if let Ok(field) = schema.get_field(&f.name) {
            if (f.boost - 1.0).abs() > f32::EPSILON {
                parser.set_field_boost(field, f.boost);
            }
        }
    }
    if !any {
        parser.set_conjunction_by_default();
    }
    parser
}

/// A `prefix*` word taken out of the query text: tantivy's own prefix handling stems the prefix
/// and caps its expansion, so lede matches prefixes against the term dictionary itself.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Prefix {
    occur: Occur,
    field: Option<String>,
    prefix: String,
}

/// Splits `word*` tokens (outside quotes) from the rest of the query text.
fn take_prefixes(text: &str, any: bool) -> (String, Vec<Prefix>) {
    let mut rest = Vec::new();
    let mut prefixes = Vec::new();
    let mut in_quotes = false;
    for tok in text.split_whitespace() {
        let quotes = tok.matches('"').count();
        if !in_quotes && quotes == 0 && tok.len() > 1 && tok.ends_with('*') {
            let (occur, t) = match tok.as_bytes()[0] {
                b'+' => (Occur::Must, &tok[1..]),
                b'-' => (Occur::MustNot, &tok[1..]),
                _ => (if any { Occur::Should } else { Occur::Must }, tok),
            };
            let t = &t[..t.len() - 1];
            let (field, word) = match t.split_once(':') {
                Some((f, w)) => (Some(f.to_string()), w),
                None => (None, t),
            };
            if !word.is_empty() && word.chars().all(char::is_alphanumeric) {
                prefixes.push(Prefix {
                    occur,
                    field,
                    prefix: word.to_string(),
                });
                continue;
            }
        }
        if quotes % 2 == 1 {
            in_quotes = !in_quotes;
        }
        rest.push(tok);
    }
    // Operators left dangling by a removed word ("oil AND ferr*") go too.
    while rest
        .last()
        .is_some_and(|t| matches!(*t, "AND" | "OR" | "NOT"))
    {
        rest.pop();
    }
    while rest.first().is_some_and(|t| matches!(*t, "AND" | "OR")) {
        rest.remove(0);
    }
    (rest.join(" "), prefixes)
}

/// The prefix as the index holds words: lower-cased and accent-folded (not stemmed).
fn fold_prefix(prefix: &str) -> String {
    let mut out = String::new();
    let mut tok =
        tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(tantivy::tokenizer::AsciiFoldingFilter)
            .build();
    tok.token_stream(prefix)
        .process(&mut |t| out = t.text.clone());
    out
}

/// The user's query alone (no filters), as tantivy reads it.
pub fn user_query(idx: &LedeIndex, opts: &SearchOptions) -> Result<Box<dyn Query>, SearchError> {
    let syntax = |detail: String| SearchError::Syntax {
        query: opts.query.clone(),
        detail,
    };
    if opts.plain {
        return parser(idx, opts.any)
            .parse_query(&plain_words(&opts.query))
            .map_err(|e| syntax(e.to_string()));
    }
    let text = rewrite_date_terms(&opts.query).map_err(syntax)?;
    let (rest, prefixes) = take_prefixes(&text, opts.any);
    let parsed = if rest.trim().is_empty() && !prefixes.is_empty() {
        None
    } else {
        Some(
            parser(idx, opts.any)
                .parse_query(&rest)
                .map_err(|e| syntax(e.to_string()))?,
        )
    };
    if prefixes.is_empty() {
        return parsed.ok_or_else(|| syntax("empty query".into()));
    }
    let schema = idx.index.schema();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(q) = parsed {
        clauses.push((if opts.any { Occur::Should } else { Occur::Must }, q));
    }
    for p in prefixes {
        let fields: Vec<Field> = match &p.field {
            Some(name) => vec![schema
                .get_field(name)
                .map_err(|_| syntax(format!("no field {name:?}")))?],
            None => idx
                .spec
                .default_search_fields
                .iter()
                .filter_map(|n| schema.get_field(n).ok())
                .collect(),
        };
        let pattern = format!("{}.*", regex::escape(&fold_prefix(&p.prefix)));
        let mut any_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for f in fields {
            let re = RegexQuery::from_pattern(&pattern, f).map_err(|e| syntax(e.to_string()))?;
            any_field.push((Occur::Should, Box::new(re)));
        }
        clauses.push((p.occur, Box::new(BooleanQuery::new(any_field))));
    }
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        return Err(syntax("a query cannot only exclude words".into()));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// The keyword analyzer's form of a source name, as it is indexed.
fn keyword_term(idx: &LedeIndex, field: Field, value: &str) -> Term {
    let mut tok = idx.index.tokenizer_for_field(field).unwrap_or_else(|_| {
        tantivy::tokenizer::TextAnalyzer::from(tantivy::tokenizer::RawTokenizer::default())
    });
    let mut text = value.to_string();
    tok.token_stream(value)
        .process(&mut |t| text = t.text.clone());
    Term::from_field_text(field, &text)
}

/// The user's query with the filters and the copy rule added.
pub fn build_query(idx: &LedeIndex, opts: &SearchOptions) -> Result<Box<dyn Query>, SearchError> {
    let f = &idx.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user_query(idx, opts)?)];
    if opts.since.is_some() || opts.until.is_some() {
        let bound = |d: Option<DateTime<Utc>>, incl: bool| match d {
            None => Bound::Unbounded,
            Some(d) => {
                let t = Term::from_field_date_for_search(
                    f.date,
                    tantivy::DateTime::from_timestamp_secs(d.timestamp()),
                );
                if incl {
                    Bound::Included(t)
                } else {
                    Bound::Excluded(t)
                }
            }
        };
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                bound(opts.since, true),
                bound(opts.until, false),
            )),
        ));
    }
    if !opts.sources.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = opts
            .sources
            .iter()
            .map(|s| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    keyword_term(idx, f.source, s),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(glob) = &opts.path_glob {
        let re = RegexQuery::from_pattern(&glob_to_regex(glob), f.path)
            .map_err(|e| SearchError::Filter(format!("--path {glob:?}: {e}")))?;
        clauses.push((Occur::Must, Box::new(re)));
    }
    if !opts.copies {
        // Each story once: copies (marked at index time) are left out.
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_u64(f.copy, 1),
                IndexRecordOption::Basic,
            )),
        ));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// Opens a searcher on the last commit.
pub fn searcher(idx: &LedeIndex) -> Result<Searcher, SearchError> {
    let reader = idx
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(reader.searcher())
}

/// Runs a search on an open index.
pub fn search(idx: &LedeIndex, opts: &SearchOptions) -> Result<Results, SearchError> {
    let started = Instant::now();
    let query = build_query(idx, opts)?;
    let searcher = searcher(idx)?;
    // --limit 0 means every match (for `--format paths | xargs`).
    let limit = if opts.limit == 0 {
        searcher.search(&query, &Count)?.max(1)
    } else {
        opts.limit
    };
    let facet_collector = (!opts.facets.is_empty()).then(|| FacetCollector::new(&opts.facets));
    let (top, total, facet_counts): (Vec<(Option<f32>, DocAddress)>, usize, _) = match opts.sort {
        Sort::Relevance => {
            let top = TopDocs::with_limit(limit)
                .and_offset(opts.offset)
                .order_by_score();
            let (top, total, fc) = searcher.search(&query, &(top, Count, facet_collector))?;
            (
                top.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                total,
                fc,
            )
        }
        Sort::Newest | Sort::Oldest => {
            let order = if opts.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let top = TopDocs::with_limit(limit)
                .and_offset(opts.offset)
                .order_by_fast_field::<tantivy::DateTime>("date", order);
            let (top, total, fc) = searcher.search(&query, &(top, Count, facet_collector))?;
            let mut top: Vec<_> = top.into_iter().collect();
            // Undated articles last, whichever the direction.
            top.sort_by_key(|(d, _)| d.is_none());
            (top.into_iter().map(|(_, a)| (None, a)).collect(), total, fc)
        }
    };
    let facets = match facet_counts {
        Some(counts) => FacetCollector::new(&opts.facets).finish(&opts.facets, &counts),
        None => Vec::new(),
    };
    let snippets = Snippets::new(idx, &searcher, opts)?;
    // Reading stored articles and cutting snippets is most of a search's time: spread it.
    let hits = top
        .into_par_iter()
        .enumerate()
        .map(|(i, (score, addr))| {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let mut hit = make_hit(idx, &searcher, &snippets, &doc, opts);
            hit.rank = opts.offset + i + 1;
            hit.score = score;
            Ok(hit)
        })
        .collect::<Result<Vec<Hit>, SearchError>>()?;
    Ok(Results {
        query: opts.query.clone(),
        total,
        offset: opts.offset,
        hits,
        facets,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The documents (articles) of one file, by its path as indexed.
pub fn docs_of_path(
    idx: &LedeIndex,
    searcher: &Searcher,
    path: &str,
) -> Result<Vec<DocAddress>, SearchError> {
    let q = TermQuery::new(
        Term::from_field_text(idx.fields.path, path),
        IndexRecordOption::Basic,
    );
    let mut top = searcher.search(&q, &TopDocs::with_limit(10_000).order_by_score())?;
    top.sort_by_key(|(_, a)| *a);
    Ok(top.into_iter().map(|(_, a)| a).collect())
}

/// Articles most like the (first) article of `path`: its most telling terms, weighted by
/// tf-idf, searched for; the article itself and copies are left out.
pub fn similar(idx: &LedeIndex, path: &str, limit: usize) -> Result<Option<Results>, SearchError> {
    let started = Instant::now();
    let searcher = searcher(idx)?;
    let Some(&addr) = docs_of_path(idx, &searcher, path)?.first() else {
        return Ok(None);
    };
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
                Term::from_field_text(f.path, path),
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
    let snippets = Snippets::new(idx, &searcher, &opts)?;
    let mut hits = Vec::new();
    for (i, (score, a)) in top.into_iter().take(limit).enumerate() {
        let doc: TantivyDocument = searcher.doc(a)?;
        let mut hit = make_hit(idx, &searcher, &snippets, &doc, &opts);
        hit.rank = i + 1;
        hit.score = Some(score);
        hits.push(hit);
    }
    Ok(Some(Results {
        query: format!("similar to {path}"),
        total,
        offset: 0,
        hits,
        facets: Vec::new(),
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    }))
}

/// Snippet generators for the body and, when the body has no match, the summary.
struct Snippets {
    body: SnippetGenerator,
    summary: SnippetGenerator,
}

impl Snippets {
    fn new(idx: &LedeIndex, searcher: &Searcher, opts: &SearchOptions) -> tantivy::Result<Self> {
        let query: Box<dyn Query> = match user_query(idx, opts) {
            Ok(q) => with_prefix_terms(idx, searcher, opts, q),
            Err(_) => Box::new(BooleanQuery::new(Vec::new())),
        };
        let mut body = SnippetGenerator::create(searcher, &*query, idx.fields.body)?;
        body.set_max_num_chars(opts.snippet_chars);
        let mut summary = SnippetGenerator::create(searcher, &*query, idx.fields.summary)?;
        summary.set_max_num_chars(opts.snippet_chars);
        Ok(Snippets { body, summary })
    }
}

/// How many index terms one `prefix*` may stand for in highlighting.
const PREFIX_EXPANSION: usize = 64;

/// Snippets highlight the query's terms, and a `prefix*` has none: the terms each prefix matches
/// in the body are looked up and highlighted as if written out.
fn with_prefix_terms(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
    query: Box<dyn Query>,
) -> Box<dyn Query> {
    if opts.plain || !opts.query.contains('*') {
        return query;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, query)];
    for p in take_prefixes(&opts.query, true).1 {
        if p.occur == Occur::MustNot {
            continue;
        }
        for term in prefix_terms(searcher, idx.fields.body, &fold_prefix(&p.prefix)) {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(idx.fields.body, &term),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Terms of `field` that start with `prefix`, across segments, at most `PREFIX_EXPANSION`.
fn prefix_terms(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inv.terms().range().ge(prefix.as_bytes()).into_stream() else {
            continue;
        };
        while stream.advance() {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) || out.len() >= PREFIX_EXPANSION {
                break;
            }
            if let Ok(s) = std::str::from_utf8(key) {
                if !out.iter().any(|o: &String| o == s) {
                    out.push(s.to_string());
                }
            }
        }
    }
    out
}

fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Paths of the other copies of the story in `doc`.
fn other_copies(idx: &LedeIndex, searcher: &Searcher, doc: &TantivyDocument) -> Vec<String> {
    let f = &idx.fields;
    let has_copies = doc
        .get_first(f.copies)
        .and_then(|v| v.as_u64())
        .is_some_and(|n| n > 0);
    let key = doc.get_first(f.dupkey).and_then(|v| v.as_u64());
    let (true, Some(key)) = (has_copies, key) else {
        return Vec::new();
    };
    let me = first_text(doc, f.path);
    let q = TermQuery::new(
        Term::from_field_u64(f.dupkey, key),
        IndexRecordOption::Basic,
    );
    let Ok(top) = searcher.search(&q, &TopDocs::with_limit(100).order_by_score()) else {
        return Vec::new();
    };
    let mut paths: Vec<String> = top
        .iter()
        .filter_map(|(_, a)| searcher.doc::<TantivyDocument>(*a).ok())
        .filter_map(|d| first_text(&d, f.path))
        .filter(|p| Some(p) != me.as_ref())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The date of a stored document as lede shows it.
pub fn shown_date(idx: &LedeIndex, doc: &TantivyDocument) -> Option<String> {
    let f = &idx.fields;
    first_text(doc, f.date_local).or_else(|| {
        doc.get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    })
}

fn make_hit(
    idx: &LedeIndex,
    searcher: &Searcher,
    snippets: &Snippets,
    doc: &TantivyDocument,
    opts: &SearchOptions,
) -> Hit {
    let f = &idx.fields;
    let mut snippet = snippets.body.snippet_from_doc(doc);
    let mut source_field = f.body;
    if snippet.highlighted().is_empty() {
        let s = snippets.summary.snippet_from_doc(doc);
        if !s.highlighted().is_empty() {
            snippet = s;
            source_field = f.summary;
        }
    }
    let (text, highlights) = if snippet.highlighted().is_empty() {
        // The words matched only the title (or nothing can be highlighted): show the start.
        let start = first_text(doc, f.summary)
            .filter(|s| !s.is_empty())
            .or_else(|| first_text(doc, f.body))
            .unwrap_or_default();
        (cut_on_word(&start, opts.snippet_chars), Vec::new())
    } else {
        let frag = snippet.fragment();
        let ranges = snippet
            .highlighted()
            .iter()
            .map(|r| [char_offset(frag, r.start), char_offset(frag, r.end)])
            .collect();
        // Fragments end on a word; the sentence's closing punctuation belongs with it.
        let whole = first_text(doc, source_field).unwrap_or_default();
        let end = snippet.fragment_range().end;
        let tail: String = whole
            .get(end..)
            .unwrap_or("")
            .chars()
            .take_while(|c| {
                matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | ')' | '”' | '’'
                )
            })
            .take(3)
            .collect();
        (format!("{frag}{tail}"), ranges)
    };
    let (text, highlights) = tidy_snippet(&text, highlights);
    Hit {
        rank: 0,
        score: None,
        path: first_text(doc, f.path).unwrap_or_default(),
        title: first_text(doc, f.title).unwrap_or_default(),
        date: shown_date(idx, doc),
        source: first_text(doc, f.source),
        author: first_text(doc, f.author),
        url: first_text(doc, f.url),
        summary: first_text(doc, f.summary),
        snippet: text,
        highlights,
        copies: other_copies(idx, searcher, doc),
    }
}

fn char_offset(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].chars().count()
}

/// The first `max` characters of `s`, cut at a word boundary.
fn cut_on_word(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    }
}

/// Folds runs of white space (line breaks included) to one space, moving highlights to match.
fn tidy_snippet(text: &str, highlights: Vec<[usize; 2]>) -> (String, Vec<[usize; 2]>) {
    let mut out = String::with_capacity(text.len());
    // map[i] = position in `out` of input char i
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut pos = 0usize;
    let mut in_space = false;
    let trimmed_start = text.len() - text.trim_start().len();
    let lead = text[..trimmed_start].chars().count();
    for (i, c) in text.chars().enumerate() {
        map.push(pos);
        if i < lead {
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                pos += 1;
                in_space = true;
            }
        } else {
            out.push(c);
            pos += 1;
            in_space = false;
        }
    }
    map.push(pos);
    let trimmed = out.trim_end().to_string();
    let hl = highlights
        .into_iter()
        .map(|[s, e]| [map[s.min(map.len() - 1)], map[e.min(map.len() - 1)]])
        .filter(|[s, e]| e > s)
        .collect();
    (trimmed, hl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_removes_syntax() {
        assert_eq!(
            plain_words("title:\"oil\" AND -opec*"),
            "title oil and opec"
        );
    }

    #[test]
    fn prefixes_are_taken_out_of_the_query_text() {
        let (rest, p) = take_prefixes("oil AND ferr* -gas* \"keep this*\" title:regr*", false);
        assert_eq!(rest, "oil AND \"keep this*\"");
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].prefix, "ferr");
        assert_eq!(p[1].occur, Occur::MustNot);
        assert_eq!(p[2].field.as_deref(), Some("title"));
    }

    #[test]
    fn tidy_snippet_moves_highlights() {
        let (t, h) = tidy_snippet("  a\n\n bc  d", vec![[6, 8]]);
        assert_eq!(t, "a bc d");
        assert_eq!(h, vec![[2, 4]]);
        assert_eq!(&t[2..4], "bc");
    }

    #[test]
    fn cut_on_word_keeps_whole_words() {
        assert_eq!(cut_on_word("alpha beta gamma", 12), "alpha beta");
    }
}
