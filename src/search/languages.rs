//! Which languages with their own analysis an index holds: a query is analysed once for each
//! (see `index::languages`).

use std::collections::BTreeMap;

use tantivy::Searcher;

use crate::index::store::Fields;

/// The languages of the index's articles that have their own analysis: each code with the name
/// of its analyzer, in code order. An index of English articles only has none.
pub fn present(
    searcher: &Searcher,
    fields: &Fields,
    table: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut found = std::collections::BTreeSet::new();
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(fields.lang) else {
            continue;
        };
        let Ok(mut terms) = inv.terms().stream() else {
            continue;
        };
        while terms.advance() {
            if let Ok(code) = std::str::from_utf8(terms.key()) {
                if table.contains_key(code) {
                    found.insert(code.to_string());
                }
            }
        }
    }
    found
        .into_iter()
        .filter_map(|c| Some((c.clone(), table.get(&c)?.clone())))
        .collect()
}
