//! The query side: parse the user's query (tantivy's query language, or bare words with
//! `--plain`), rank with BM25 and the schema's field boosts, and cut a highlighted snippet.

use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::store::{LedeIndex, StoreError};

/// What to search for and how much to return.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// The query text.
    pub query: String,
    /// Hits to return.
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
}

/// One ranked article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking.
    pub rank: usize,
    /// BM25 score with field boosts.
    pub score: f32,
    /// The article's file.
    pub path: String,
    /// Headline.
    pub title: String,
    /// Publication date, RFC 3339 in UTC.
    pub date: Option<String>,
    /// Publication.
    pub source: Option<String>,
    /// Dek or standfirst.
    pub summary: Option<String>,
    /// The best passage, plain text.
    pub snippet: String,
    /// `[start, end)` character offsets of the matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Other files holding the same story (same title and body), if any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// Matching articles in the whole index.
    pub total: usize,
    /// Hits skipped before this page.
    pub offset: usize,
    /// This page.
    pub hits: Vec<Hit>,
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
        /// What tantivy said.
        detail: String,
    },
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

/// Parses the query the way `opts` asks.
pub fn build_query(idx: &LedeIndex, opts: &SearchOptions) -> Result<Box<dyn Query>, SearchError> {
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
    if !opts.any {
        parser.set_conjunction_by_default();
    }
    let text = if opts.plain {
        plain_words(&opts.query)
    } else {
        opts.query.clone()
    };
    let query = parser.parse_query(&text).map_err(|e| SearchError::Syntax {
        query: opts.query.clone(),
        detail: e.to_string(),
    })?;
    if opts.copies {
        return Ok(query);
    }
    // Each story once: copies (marked at index time) are left out.
    let copy = TermQuery::new(
        Term::from_field_u64(idx.fields.copy, 1),
        IndexRecordOption::Basic,
    );
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Must, query),
        (Occur::MustNot, Box::new(copy)),
    ])))
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

/// Runs a search on an open index.
pub fn search(idx: &LedeIndex, opts: &SearchOptions) -> Result<Results, SearchError> {
    let started = Instant::now();
    let query = build_query(idx, opts)?;
    let reader = idx
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let top = TopDocs::with_limit(opts.limit.max(1))
        .and_offset(opts.offset)
        .order_by_score();
    let (top, total) = searcher.search(&query, &(top, Count))?;
    let top = if opts.limit == 0 { Vec::new() } else { top };
    let mut snippets = SnippetGenerator::create(&searcher, &*query, idx.fields.body)?;
    snippets.set_max_num_chars(opts.snippet_chars);
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, addr)) in top.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(addr)?;
        hits.push(make_hit(
            idx,
            &searcher,
            &snippets,
            &doc,
            opts,
            opts.offset + i + 1,
            score,
        ));
    }
    Ok(Results {
        query: opts.query.clone(),
        total,
        offset: opts.offset,
        hits,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn make_hit(
    idx: &LedeIndex,
    searcher: &Searcher,
    snippets: &SnippetGenerator,
    doc: &TantivyDocument,
    opts: &SearchOptions,
    rank: usize,
    score: f32,
) -> Hit {
    let f = &idx.fields;
    let snippet = snippets.snippet_from_doc(doc);
    let (text, highlights) = if snippet.fragment().trim().is_empty() {
        // The words matched only the title or summary: show the start of the article.
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
        (frag.to_string(), ranges)
    };
    let (text, highlights) = tidy_snippet(&text, highlights);
    Hit {
        rank,
        score,
        path: first_text(doc, f.path).unwrap_or_default(),
        title: first_text(doc, f.title).unwrap_or_default(),
        date: first_text(doc, f.date_local).or_else(|| {
            doc.get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        }),
        source: first_text(doc, f.source),
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
