//! Copies: the same story saved more than once (byte-identical, or the same title and body after
//! clean-up) is marked over the whole index, so that a search shows it once.

use std::collections::HashMap;

use tantivy::{DocAddress, Searcher};

use super::store::Fields;

/// The documents whose copy marks must change, with their new `(copy, copies)`.
pub type Marks = HashMap<DocAddress, (u64, u64)>;

/// How many articles are marked as copies.
pub fn count_copies(searcher: &Searcher, f: &Fields) -> tantivy::Result<u64> {
    let mut n = 0;
    for seg in searcher.segment_readers() {
        let copy = f.u64_column(seg, f.copy)?;
        n += seg
            .doc_ids_alive()
            .filter(|&d| copy.first(d).unwrap_or(0) == 1)
            .count() as u64;
    }
    Ok(n)
}

/// Plans the copy marks: every copy of a story but the first (by path) gets `copy = 1`, and the
/// first the number of other copies. Returns the documents whose marks change (only those are
/// rewritten) and how many copies the index holds. Holds 16 bytes per article: paths are read
/// only for stories with copies.
pub fn plan_marks(searcher: &Searcher, f: &Fields) -> tantivy::Result<(Marks, u64)> {
    struct Columns {
        copy: tantivy::columnar::Column<u64>,
        copies: tantivy::columnar::Column<u64>,
        paths: Option<tantivy::columnar::StrColumn>,
    }
    let mut columns = Vec::new();
    // (story key, segment, document), sorted so that copies are side by side.
    let mut rows: Vec<(u64, u32, u32)> = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let keys = f.u64_column(seg, f.dupkey)?;
        rows.extend(
            seg.doc_ids_alive()
                .map(|d| (keys.first(d).unwrap_or(0), ord as u32, d)),
        );
        columns.push(Columns {
            copy: f.u64_column(seg, f.copy)?,
            copies: f.u64_column(seg, f.copies)?,
            paths: f.str_column(seg, f.path)?,
        });
    }
    rows.sort_unstable();
    let marks = |seg: u32, doc: u32| {
        let c = &columns[seg as usize];
        (
            c.copy.first(doc).unwrap_or(0),
            c.copies.first(doc).unwrap_or(0),
        )
    };
    let mut changes = Marks::new();
    let mut total_copies = 0;
    for story in rows.chunk_by(|a, b| a.0 == b.0) {
        if story.len() == 1 && marks(story[0].1, story[0].2) == (0, 0) {
            continue;
        }
        let mut members: Vec<(String, u32, u32)> = Vec::with_capacity(story.len());
        for &(_, seg, doc) in story {
            let mut path = String::new();
            if let Some(paths) = &columns[seg as usize].paths {
                if let Some(o) = paths.term_ords(doc).next() {
                    paths.ord_to_str(o, &mut path)?;
                }
            }
            members.push((path, seg, doc));
        }
        members.sort();
        let others = members.len() as u64 - 1;
        total_copies += others;
        for (i, (_, seg, doc)) in members.iter().enumerate() {
            let want = if i == 0 { (0, others) } else { (1, 0) };
            if marks(*seg, *doc) == want {
                continue;
            }
            changes.insert(DocAddress::new(*seg, *doc), want);
        }
    }
    Ok((changes, total_copies))
}
