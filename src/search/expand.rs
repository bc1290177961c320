//! Words looked up in the index's own dictionary (the unstemmed `exact` field, or a name field's
//! words): what a `prefix*` or a `word~N` stands for, and spelling suggestions.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The most words one `prefix*` or `word~N` stands for: the most common ones are kept.
pub const MAX_EXPANSIONS: usize = 64;
/// The most dictionary entries read for one prefix (a one-letter prefix of a huge index).
const MAX_SCAN: usize = 1_000_000;

/// The words a prefix or typo matched, most common first.
#[derive(Debug, Default)]
pub struct Expansion {
    /// Kept words and how many articles hold each (summed over segments).
    pub words: Vec<(String, u64)>,
    /// How many different words matched in all (more than `words` when the limit cut it).
    pub matched: usize,
}

fn top(counts: HashMap<String, u64>) -> Expansion {
    let matched = counts.len();
    let mut words: Vec<(String, u64)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(MAX_EXPANSIONS);
    Expansion { words, matched }
}

/// Dictionary words of `field` starting with `prefix` (already folded as the index folds).
pub fn prefix_words(searcher: &Searcher, field: Field, prefix: &str) -> Expansion {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut scanned = 0;
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inv.terms().range().ge(prefix.as_bytes()).into_stream() else {
            continue;
        };
        while scanned < MAX_SCAN && stream.advance() {
            scanned += 1;
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(w) = std::str::from_utf8(stream.key()) {
                *counts.entry(w.to_string()).or_insert(0) += u64::from(stream.value().doc_freq);
            }
        }
    }
    top(counts)
}

/// Dictionary words of `field` at most `distance` edits (a swap of two letters is one) from
/// `word` (already folded), the word itself included when the index has it.
pub fn fuzzy_words(searcher: &Searcher, field: Field, word: &str, distance: u8) -> Expansion {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(field) else {
            continue;
        };
        let Ok(automaton) = query.automaton() else {
            return Expansion::default();
        };
        let Ok(mut stream) = inv.terms().search(automaton).into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(w) = std::str::from_utf8(stream.key()) {
                *counts.entry(w.to_string()).or_insert(0) += u64::from(stream.value().doc_freq);
            }
        }
    }
    top(counts)
}

/// How many articles hold `word` in `field`.
pub fn doc_freq(searcher: &Searcher, field: Field, word: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(field, word))
        .unwrap_or(0)
}

/// The edit distance `word~` means: none for one or two letters, one up to five, else two (as
/// Lucene's AUTO).
pub fn auto_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// Edits between two words (insert, delete, change, or swap two neighbours).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// How much more common a correction must be than the word as typed before lede suggests it
/// (a rare word spelt right should not be "corrected" to a common neighbour).
const MORE_COMMON: u64 = 20;

/// A better spelling of `word` (folded) from the dictionary, with how many articles hold it:
/// the closest word, the most common among equally close ones, when it is far more common than
/// the word itself.
pub fn suggestion(searcher: &Searcher, field: Field, word: &str) -> Option<(String, u64)> {
    let letters = word.chars().count();
    if letters < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let distance = if letters < 8 { 1 } else { 2 };
    let own = doc_freq(searcher, field, word);
    let found = fuzzy_words(searcher, field, word, distance);
    found
        .words
        .into_iter()
        .filter(|(w, df)| w != word && *df >= (own * MORE_COMMON).max(1))
        .min_by(|a, b| {
            edit_distance(word, &a.0)
                .cmp(&edit_distance(word, &b.0))
                .then_with(|| b.1.cmp(&a.1))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        // (a, b, edits)
        let table = [
            ("goverment", "government", 1),
            ("recieve", "receive", 1),
            ("ferry", "ferry", 0),
            ("ferry", "fairy", 2),
            ("", "abc", 3),
        ];
        for (a, b, n) in table {
            assert_eq!(edit_distance(a, b), n, "{a} {b}");
        }
    }

    #[test]
    fn auto_distance_grows_with_length() {
        assert_eq!(auto_distance("ox"), 0);
        assert_eq!(auto_distance("fares"), 1);
        assert_eq!(auto_distance("goverment"), 2);
    }
}
