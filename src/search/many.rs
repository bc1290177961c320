//! Searching several indexes as one: BM25 statistics summed over all of them (so a score means
//! the same whichever index a hit comes from), and hits merged in one order.

use std::cmp::Ordering;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::options::Sort;

/// The statistics of several indexes, summed: each index scores its matches as if it held the
/// articles of all of them.
pub struct Combined<'a>(pub &'a [Searcher]);

impl Bm25StatisticsProvider for Combined<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.0.iter().map(|s| s.total_num_tokens(field)).sum()
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.0.iter().map(|s| s.total_num_docs()).sum()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.0.iter().map(|s| s.doc_freq(term)).sum()
    }
}

/// What hits from several indexes are ordered by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    /// BM25 with the combined statistics.
    Score(f32),
    /// Publication time in seconds (`None`: undated, always last).
    Date(Option<i64>),
}

/// Orders merged hits as `sort` asks: best score first, or by date with undated ones last.
pub fn order(rows: &mut [(Key, usize, tantivy::DocAddress)], sort: Sort) {
    rows.sort_by(|a, b| {
        let by_key = match (a.0, b.0) {
            (Key::Score(x), Key::Score(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
            (Key::Date(x), Key::Date(y)) => match (x, y) {
                (Some(x), Some(y)) if sort == Sort::Oldest => x.cmp(&y),
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            _ => Ordering::Equal,
        };
        // Ties keep the order of the indexes given, then of the documents.
        by_key.then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::DocAddress;

    #[test]
    fn merged_hits_are_ordered_across_indexes() {
        let a = DocAddress::new(0, 0);
        let mut rows = vec![
            (Key::Score(1.0), 0, a),
            (Key::Score(3.0), 1, a),
            (Key::Score(2.0), 0, a),
        ];
        order(&mut rows, Sort::Relevance);
        let keys: Vec<usize> = rows.iter().map(|r| r.1).collect();
        assert_eq!(keys, vec![1, 0, 0]);
        let mut dated = vec![
            (Key::Date(None), 0, a),
            (Key::Date(Some(5)), 1, a),
            (Key::Date(Some(9)), 0, a),
        ];
        order(&mut dated, Sort::Newest);
        assert_eq!(dated[0].0, Key::Date(Some(9)));
        assert_eq!(dated[2].0, Key::Date(None));
        order(&mut dated, Sort::Oldest);
        assert_eq!(dated[0].0, Key::Date(Some(5)));
        assert_eq!(dated[2].0, Key::Date(None));
    }
}
