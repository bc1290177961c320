//! What the index held before a run: each crawled file is looked up by path as the walk goes, and
//! the articles found are marked seen, so that afterwards the unseen ones under the indexed paths
//! are the files gone from the folder. The cost is one bit per article, nothing per file, so a
//! run over a million files holds no list of them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::InvertedIndexReader;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::store::Fields;

/// What the index knows of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// Size in bytes when indexed.
    pub size: u64,
    /// Modification time when indexed, nanoseconds since the epoch.
    pub mtime: u64,
}

/// One segment of the index as it was before the run.
struct Segment<'a> {
    reader: &'a SegmentReader,
    paths: Arc<InvertedIndexReader>,
    size: Column<u64>,
    mtime: Column<u64>,
    /// One bit per document: its file was crawled.
    seen: Vec<AtomicU64>,
}

/// The index before the run, shared by the worker threads.
pub struct Before<'a> {
    segments: Vec<Segment<'a>>,
    f: Fields,
    /// No live articles (asked once per file, so decided once).
    empty: bool,
}

impl<'a> Before<'a> {
    /// Opens the per-segment readers `lookup` needs.
    pub fn new(searcher: &'a Searcher, f: &Fields) -> tantivy::Result<Before<'a>> {
        let mut segments = Vec::new();
        for reader in searcher.segment_readers() {
            segments.push(Segment {
                reader,
                paths: reader.inverted_index(f.path)?,
                size: f.u64_column(reader, f.size)?,
                mtime: f.u64_column(reader, f.mtime)?,
                seen: (0..(reader.max_doc() as usize).div_ceil(64))
                    .map(|_| AtomicU64::new(0))
                    .collect(),
            });
        }
        let empty = segments.iter().all(|s| s.reader.num_docs() == 0);
        Ok(Before {
            segments,
            f: *f,
            empty,
        })
    }

    /// Nothing known: every file is new (a rebuild).
    pub fn empty(f: &Fields) -> Before<'a> {
        Before {
            segments: Vec::new(),
            f: *f,
            empty: true,
        }
    }

    /// True when the index held no articles.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// What the index holds for `path`, marking its articles seen.
    pub fn lookup(&self, path: &str) -> tantivy::Result<Option<Known>> {
        if self.is_empty() {
            return Ok(None);
        }
        let term = Term::from_field_text(self.f.path, path);
        let mut found = None;
        for seg in &self.segments {
            let Some(mut postings) = seg.paths.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !seg.reader.is_deleted(doc) {
                    seg.seen[doc as usize / 64].fetch_or(1 << (doc % 64), Ordering::Relaxed);
                    found.get_or_insert(Known {
                        size: seg.size.first(doc).unwrap_or(0),
                        mtime: seg.mtime.first(doc).unwrap_or(0),
                    });
                }
                doc = postings.advance();
            }
        }
        Ok(found)
    }

    /// Paths of live articles under `roots` that no lookup saw, each once.
    pub fn unseen(&self, roots: &[String]) -> tantivy::Result<Vec<String>> {
        let mut out = Vec::new();
        for seg in &self.segments {
            let Some(paths) = self.f.str_column(seg.reader, self.f.path)? else {
                continue;
            };
            let mut ords: Vec<u64> = seg
                .reader
                .doc_ids_alive()
                .filter(|&d| {
                    seg.seen[d as usize / 64].load(Ordering::Relaxed) & (1 << (d % 64)) == 0
                })
                .filter_map(|d| paths.term_ords(d).next())
                .collect();
            if ords.is_empty() {
                continue;
            }
            ords.sort_unstable();
            ords.dedup();
            out.extend(paths_of(&paths, &ords, roots)?);
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// The paths with ordinals `ords` (sorted) that lie under one of `roots`, read in one pass over
/// the column's dictionary (looking each up would decompress a block per path).
fn paths_of(col: &StrColumn, ords: &[u64], roots: &[String]) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut want = ords.iter().peekable();
    let mut stream = col.dictionary().stream()?;
    let mut ord = 0u64;
    while stream.advance() {
        if want.peek() == Some(&&ord) {
            want.next();
            let path = String::from_utf8_lossy(stream.key());
            if roots.iter().any(|r| under(&path, r)) {
                out.push(path.into_owned());
            }
            if want.peek().is_none() {
                break;
            }
        }
        ord += 1;
    }
    Ok(out)
}

/// How many live articles lie under each of `roots` (one pass over each segment's paths).
pub fn count_under(searcher: &Searcher, f: &Fields, roots: &[String]) -> tantivy::Result<Vec<u64>> {
    let mut counts = vec![0u64; roots.len()];
    for seg in searcher.segment_readers() {
        let Some(paths) = f.str_column(seg, f.path)? else {
            continue;
        };
        let mut per_ord = vec![0u64; paths.num_terms()];
        for d in seg.doc_ids_alive() {
            if let Some(o) = paths.term_ords(d).next() {
                per_ord[o as usize] += 1;
            }
        }
        let mut stream = paths.dictionary().stream()?;
        let mut ord = 0usize;
        while stream.advance() {
            if per_ord.get(ord).copied().unwrap_or(0) > 0 {
                let path = String::from_utf8_lossy(stream.key());
                for (i, r) in roots.iter().enumerate() {
                    if under(&path, r) {
                        counts[i] += per_ord[ord];
                    }
                }
            }
            ord += 1;
        }
    }
    Ok(counts)
}

/// True when `path` is `root` or inside it.
pub fn under(path: &str, root: &str) -> bool {
    path == root
        || (path.starts_with(root)
            && (root.ends_with('/') || path.as_bytes().get(root.len()) == Some(&b'/')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Article;
    use crate::index::document::{document, FileFacts};
    use crate::index::store::LedeIndex;

    #[test]
    fn lookups_mark_files_seen_and_the_rest_under_the_roots_are_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let idx = LedeIndex::open_or_create(dir.path(), false).expect("index");
        let mut writer: tantivy::IndexWriter = idx.index.writer(15_000_000).expect("writer");
        for (path, size) in [
            ("/a/kept.txt", 10),
            ("/a/gone.txt", 20),
            ("/b/other.txt", 30),
        ] {
            let file = FileFacts {
                path,
                hash: "00",
                size,
                mtime: 7,
            };
            writer
                .add_document(document(
                    &idx.fields,
                    &file,
                    0,
                    &Article::default(),
                    "",
                    &[],
                ))
                .expect("add");
        }
        writer.commit().expect("commit");
        let searcher = idx.index.reader().expect("reader").searcher();
        let before = Before::new(&searcher, &idx.fields).expect("before");
        assert!(!before.is_empty());
        assert_eq!(
            before.lookup("/a/kept.txt").expect("lookup"),
            Some(Known { size: 10, mtime: 7 })
        );
        assert_eq!(before.lookup("/a/new.txt").expect("lookup"), None);
        // Only files under the indexed root count as gone: /b was not crawled this time.
        assert_eq!(
            before.unseen(&["/a".into()]).expect("unseen"),
            vec!["/a/gone.txt"]
        );
    }

    #[test]
    fn under_respects_folder_boundaries() {
        assert!(under("/a/b/c.txt", "/a/b"));
        assert!(under("/a/b", "/a/b"));
        assert!(!under("/a/bc/d.txt", "/a/b"));
        assert!(under("/x.txt", "/"));
    }
}
