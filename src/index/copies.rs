//! Copies: the same story saved more than once (byte-identical, or the same title and body after
//! clean-up) is marked over the whole index, so that a search shows it once.

use tantivy::{IndexWriter, Searcher, TantivyDocument};

use super::document::rewrite;
use super::store::Fields;

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

/// Marks every copy of a story but the first (by path) with `copy = 1`, and the first with the
/// number of other copies. Only documents whose marks change are rewritten. Returns how many were
/// rewritten and how many copies the index holds. Holds 16 bytes per article: paths are read
/// only for stories with copies.
pub fn mark_copies(
    searcher: &Searcher,
    f: &Fields,
    writer: &IndexWriter,
) -> tantivy::Result<(u64, u64)> {
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
    let mut rewritten = 0;
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
            let old: TantivyDocument = searcher.doc(tantivy::DocAddress::new(*seg, *doc))?;
            let done = rewrite(writer, f, &old, &[f.copy, f.copies], |d| {
                d.add_u64(f.copy, want.0);
                d.add_u64(f.copies, want.1);
            })?;
            rewritten += u64::from(done);
        }
    }
    Ok((rewritten, total_copies))
}
