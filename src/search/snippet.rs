//! Snippets: the best passage of a hit's body (or summary) with the query's words marked, cut on
//! word boundaries and with white space folded.

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument, Term};

use super::options::SearchOptions;
use super::query::{fold_prefix, take_prefixes, user_query};
use super::stored::first_text;
use crate::index::store::{Fields, LedeIndex};

/// Snippet generators for the body and, when the body has no match, the summary.
pub struct Snippets {
    body: SnippetGenerator,
    summary: SnippetGenerator,
}

impl Snippets {
    /// Generators for the words of the query in `opts` (prefixes written out).
    pub fn new(
        idx: &LedeIndex,
        searcher: &Searcher,
        opts: &SearchOptions,
    ) -> tantivy::Result<Self> {
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

    /// The best passage of `doc` and the character ranges of the matched words in it: from the
    /// body, else the summary, else (the words matched only the title) the article's start.
    pub fn best(
        &self,
        f: &Fields,
        doc: &TantivyDocument,
        snippet_chars: usize,
    ) -> (String, Vec<[usize; 2]>) {
        let mut snippet = self.body.snippet_from_doc(doc);
        let mut source_field = f.body;
        if snippet.highlighted().is_empty() {
            let s = self.summary.snippet_from_doc(doc);
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
            (cut_on_word(&start, snippet_chars), Vec::new())
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
        (text, highlights)
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
