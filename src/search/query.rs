//! Query text as people write it, turned into what tantivy reads: the user's words (tantivy's
//! query language, or bare words with `--plain`) with the schema's boosts, `prefix*` words matched
//! against the term dictionary, dates such as `date:2018-02` or `--since 2018` as RFC 3339
//! ranges, and the filters and the copy rule added.

use std::ops::Bound;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use regex::Regex;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::glob::glob_to_regex;
use super::options::{SearchError, SearchOptions};
use crate::analyze::dates::parse_date;
use crate::index::store::LedeIndex;

static DATE_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bdate:(>=|<=|>|<)?(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\b|$)")
        .expect("valid regex")
});

/// A period written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or any single date lede can read):
/// its first instant and the first instant after it, in UTC.
pub fn period(text: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let t = text.trim();
    let bad =
        || format!("cannot read {t:?} as a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2018-02)");
    let parts: Vec<&str> = t.split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
    let (start, end) = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            (day(y, 1, 1)?, day(y + 1, 1, 1)?)
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let start = day(y, m, 1)?;
            let end = if m == 12 {
                day(y + 1, 1, 1)?
            } else {
                day(y, m + 1, 1)?
            };
            (start, end)
        }
        [y, m, d] if y.len() == 4 => {
            let start = day(num(y)? as i32, num(m)?, num(d)?)?;
            (start, start.succ_opt().ok_or_else(bad)?)
        }
        _ => {
            let d = parse_date(t).ok_or_else(bad)?;
            let start = d.utc;
            let end = if d.has_time {
                start + chrono::Duration::seconds(1)
            } else {
                start + chrono::Duration::days(1)
            };
            return Ok((start, end));
        }
    };
    let utc = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
    Ok((utc(start), utc(end)))
}

fn rfc(d: DateTime<Utc>) -> String {
    // tantivy's parser wants full RFC 3339 with a zone.
    if d.year() > 9999 {
        return "9999-12-31T23:59:59Z".into();
    }
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Rewrites `date:2018`, `date:2018-02`, `date:>=2018-01-01` and the like into the RFC 3339
/// ranges tantivy's query parser reads. Other text is left as it is.
pub(super) fn rewrite_date_terms(query: &str) -> Result<String, String> {
    // Compiling the pattern costs more than a small search: only when there is a date term.
    if !query.contains("date:") {
        return Ok(query.to_string());
    }
    let mut err = None;
    let out = DATE_TERM.replace_all(query, |c: &regex::Captures| {
        let (start, end) = match period(&c[2]) {
            Ok(p) => p,
            Err(e) => {
                err.get_or_insert(e);
                return c[0].to_string();
            }
        };
        let (s, e) = (rfc(start), rfc(end));
        match c.get(1).map(|m| m.as_str()) {
            None => format!("date:[{s} TO {e}}}"),
            Some(">=") => format!("date:[{s} TO *]"),
            Some(">") => format!("date:[{e} TO *]"),
            Some("<") => format!("date:[* TO {s}}}"),
            _ => format!("date:[* TO {e}}}"),
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok(out.into_owned()),
    }
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
pub(super) struct Prefix {
    pub occur: Occur,
    pub field: Option<String>,
    pub prefix: String,
}

/// Splits `word*` tokens (outside quotes) from the rest of the query text.
pub(super) fn take_prefixes(text: &str, any: bool) -> (String, Vec<Prefix>) {
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
pub(super) fn fold_prefix(prefix: &str) -> String {
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

/// The longest query text read (a pasted page is not a query).
pub const MAX_QUERY_CHARS: usize = 10_000;
/// The deepest nesting of brackets read (tantivy's parser recurses on each).
pub const MAX_NESTING: usize = 32;
/// The most `prefix*` words in one query (each stands for many terms).
pub const MAX_PREFIXES: usize = 16;

/// How deep the brackets of `text` nest, outside quotes.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                max = max.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The user's query alone (no filters), as tantivy reads it.
pub fn user_query(idx: &LedeIndex, opts: &SearchOptions) -> Result<Box<dyn Query>, SearchError> {
    let syntax = |detail: String| SearchError::Syntax {
        query: opts.query.clone(),
        detail,
    };
    if opts.query.chars().count() > MAX_QUERY_CHARS {
        return Err(syntax(format!(
            "a query may be at most {MAX_QUERY_CHARS} characters long"
        )));
    }
    if opts.plain {
        return parser(idx, opts.any)
            .parse_query(&plain_words(&opts.query))
            .map_err(|e| syntax(e.to_string()));
    }
    if nesting(&opts.query) > MAX_NESTING {
        return Err(syntax(format!(
            "brackets may nest at most {MAX_NESTING} deep"
        )));
    }
    let text = rewrite_date_terms(&opts.query).map_err(syntax)?;
    let (rest, prefixes) = take_prefixes(&text, opts.any);
    if prefixes.len() > MAX_PREFIXES {
        return Err(syntax(format!(
            "a query may have at most {MAX_PREFIXES} words ending in *"
        )));
    }
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
        let re = RegexQuery::from_pattern(&glob_to_regex(glob), f.path).map_err(|e| {
            SearchError::PathGlob {
                glob: glob.clone(),
                detail: e.to_string(),
            }
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_cover_whole_calendar_units() {
        let (s, e) = period("2018-02").expect("month");
        assert_eq!(rfc(s), "2018-02-01T00:00:00Z");
        assert_eq!(rfc(e), "2018-03-01T00:00:00Z");
        let (s, e) = period("2018").expect("year");
        assert_eq!(
            (rfc(s), rfc(e)),
            ("2018-01-01T00:00:00Z".into(), "2019-01-01T00:00:00Z".into())
        );
        let (_, e) = period("2020-12").expect("december");
        assert_eq!(rfc(e), "2021-01-01T00:00:00Z");
        assert!(period("2018-13").is_err());
        assert!(period("soon").is_err());
    }

    #[test]
    fn date_terms_become_ranges() {
        assert_eq!(
            rewrite_date_terms("oil date:2018-02").expect("ok"),
            "oil date:[2018-02-01T00:00:00Z TO 2018-03-01T00:00:00Z}"
        );
        assert_eq!(
            rewrite_date_terms("date:>=2018-01-01").expect("ok"),
            "date:[2018-01-01T00:00:00Z TO *]"
        );
        assert_eq!(
            rewrite_date_terms("date:<2019").expect("ok"),
            "date:[* TO 2019-01-01T00:00:00Z}"
        );
        assert!(rewrite_date_terms("date:2018-99").is_err());
        assert_eq!(rewrite_date_terms("update:x").expect("ok"), "update:x");
    }

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
}
