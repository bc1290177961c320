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

use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

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

/// Which of `candidates` are furniture, and the articles that hold any of them. Returns the
/// furniture fingerprints and the articles' addresses (each once); `stripped_body` then gives an
/// article's body without them.
pub fn plan_strip(
    searcher: &Searcher,
    f: &Fields,
    candidates: &[u64],
) -> tantivy::Result<(HashSet<u64>, Vec<DocAddress>)> {
    // Counts are of live articles: tantivy's document frequencies also count the deleted
    // versions of rewritten articles until a merge drops them, which would make the decision
    // depend on the index's history rather than on what it holds.
    let live = |term: Term| -> tantivy::Result<u64> {
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        Ok(searcher.search(&q, &Count)? as u64)
    };
    let mut furniture = HashSet::new();
    for &h in candidates {
        let term = Term::from_field_u64(f.paras, h);
        // The cheap bound first: the frequency with deleted articles is never smaller.
        if searcher.doc_freq(&term)? < MIN_ARTICLES {
            continue;
        }
        let df = live(term.clone())?;
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
        let size = live(Term::from_field_text(f.group, group))?;
        if df as f64 >= MIN_SHARE * size as f64 {
            furniture.insert(h);
        }
    }
    let mut holders = HashSet::new();
    for &h in &furniture {
        let q = TermQuery::new(Term::from_field_u64(f.paras, h), IndexRecordOption::Basic);
        let n = searcher.doc_freq(&Term::from_field_u64(f.paras, h))? as usize;
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(n.max(1)).order_by_score())? {
            holders.insert(addr);
        }
    }
    let mut holders: Vec<DocAddress> = holders.into_iter().collect();
    holders.sort_unstable();
    Ok((furniture, holders))
}

/// The body of a stored article without the paragraphs in `furniture`, or `None` when it holds
/// none of them.
pub fn stripped_body(
    f: &Fields,
    doc: &TantivyDocument,
    furniture: &HashSet<u64>,
) -> Option<String> {
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
    let (source, body) = (text(f.group), text(f.body));
    let kept: Vec<&str> = body
        .split("\n\n")
        .filter(|p| fingerprint(source, p).is_none_or(|fp| !furniture.contains(&fp)))
        .collect();
    (kept.len() != body.split("\n\n").count()).then(|| kept.join("\n\n"))
}

/// Every paragraph fingerprint the index holds in at least `MIN_ARTICLES` articles: the
/// candidates when a run has to redo the pass over the whole index.
pub fn all_candidates(searcher: &Searcher, f: &Fields) -> tantivy::Result<Vec<u64>> {
    // (The frequencies here may count deleted articles: `plan_strip` counts live ones.)
    let mut seen = HashSet::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(f.paras)?;
        let mut terms = inv.terms().stream()?;
        while terms.advance() {
            let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) else {
                continue;
            };
            seen.insert(u64::from_be_bytes(bytes));
        }
    }
    let mut out = Vec::new();
    for h in seen {
        if searcher.doc_freq(&Term::from_field_u64(f.paras, h))? >= MIN_ARTICLES {
            out.push(h);
        }
    }
    out.sort_unstable();
    Ok(out)
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
