//! Furniture no rule knows, learnt from repetition: a short paragraph that recurs in many
//! articles of the same source ("Follow the Gazette on Mastodon", a masthead line, a standard
//! disclaimer) is that source's furniture, not article text.
//!
//! Each article's short body paragraphs are indexed as fingerprints (`paras`: a hash of the
//! source and the paragraph, case and spacing folded). After a run commits, every
//! fingerprint the run brought in is looked up: one found in at least [`MIN_ARTICLES`] articles
//! (and [`MIN_SHARE`] of its source's) is furniture, and every article holding it is rewritten without it. Because the counts come
//! from the whole index, a paragraph learnt as furniture on one run is also removed from articles
//! added on later runs, and from the older articles once new ones push it over the threshold.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use super::document::rewrite;
use super::store::Fields;

/// Paragraphs longer than this are prose (a reused background paragraph is news, not furniture).
pub const MAX_CHARS: usize = 160;
/// A paragraph found in at least this many articles of one source is furniture...
pub const MIN_ARTICLES: u64 = 5;
/// ...and in at least this share of them, so that in a large source a handful of articles
/// sharing a line (a correction, a quote) does not make it furniture.
pub const MIN_SHARE: f64 = 0.01;

/// The fingerprint of a body paragraph within a source, or `None` for long paragraphs.
pub fn fingerprint(source: &str, paragraph: &str) -> Option<u64> {
    let p = paragraph.trim();
    if p.is_empty() || p.chars().count() > MAX_CHARS {
        return None;
    }
    let mut h = blake3::Hasher::new();
    h.update(source.to_lowercase().as_bytes());
    h.update(b"\0");
    for w in p.split_whitespace() {
        // Digits are kept: sentences that differ only in a number are news, not furniture.
        h.update(w.to_lowercase().as_bytes());
        h.update(b" ");
    }
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&h.finalize().as_bytes()[..8]);
    Some(u64::from_le_bytes(eight))
}

/// Fingerprints of a body's short paragraphs.
pub fn fingerprints(source: &str, body: &str) -> Vec<u64> {
    let mut v: Vec<u64> = body
        .split("\n\n")
        .filter_map(|p| fingerprint(source, p))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Removes learnt furniture among `candidates` (fingerprints this run added) from every article
/// that holds it. Returns the number of articles rewritten.
pub fn strip(
    searcher: &Searcher,
    f: &Fields,
    writer: &IndexWriter,
    candidates: &[u64],
) -> tantivy::Result<u64> {
    let mut furniture = HashSet::new();
    for &h in candidates {
        let term = Term::from_field_u64(f.paras, h);
        let df = searcher.doc_freq(&term)?;
        if df < MIN_ARTICLES {
            continue;
        }
        // The source's size, from the group of an article holding the paragraph.
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let Some((_, addr)) = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            continue;
        };
        let doc: TantivyDocument = searcher.doc(addr)?;
        let group = doc
            .get_first(f.group)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let size = searcher.doc_freq(&Term::from_field_text(f.group, group))?;
        if df as f64 >= MIN_SHARE * size as f64 {
            furniture.insert(h);
        }
    }
    if furniture.is_empty() {
        return Ok(0);
    }
    let mut seen = HashSet::new();
    let mut rewritten = 0;
    for &h in &furniture {
        let q = TermQuery::new(Term::from_field_u64(f.paras, h), IndexRecordOption::Basic);
        let n = searcher.doc_freq(&Term::from_field_u64(f.paras, h))? as usize;
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(n.max(1)).order_by_score())? {
            if !seen.insert(addr) {
                continue;
            }
            let old: TantivyDocument = searcher.doc(addr)?;
            let source = old
                .get_first(f.group)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let body = old
                .get_first(f.body)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let kept: Vec<&str> = body
                .split("\n\n")
                .filter(|p| fingerprint(&source, p).is_none_or(|fp| !furniture.contains(&fp)))
                .collect();
            if kept.len() == body.split("\n\n").count() {
                continue;
            }
            let body = kept.join("\n\n");
            if rewrite(writer, f, &old, &[f.body], |doc| {
                doc.add_text(f.body, &body)
            })? {
                rewritten += 1;
            }
        }
    }
    Ok(rewritten)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_fold_case_and_spacing_within_a_source() {
        let a = fingerprint("Gazette", "Follow us  on Mastodon: 3 new posts");
        let b = fingerprint("gazette", "follow us on mastodon: 3 new posts");
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("gazette", "follow us on mastodon: 7 new posts")
        );
        assert_ne!(
            a,
            fingerprint("Courier", "Follow us on Mastodon: 3 new posts")
        );
        assert_eq!(fingerprint("g", &"long ".repeat(50)), None);
    }
}
