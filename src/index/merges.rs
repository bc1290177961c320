//! Which segments tantivy merges in the background. A merge reads every segment it joins
//! through memory maps, so its footprint is the size of what it joins: merges here never build
//! a segment larger than [`MAX_MERGED_BYTES`], which keeps a run's memory flat however large
//! the archive grows, at the price of more segments in a large index (a search visits each).

use std::path::PathBuf;

use tantivy::index::SegmentMeta;
use tantivy::merge_policy::{MergeCandidate, MergePolicy};

/// No merge builds a segment larger than this (live bytes, estimated from file sizes). At
/// 1,000,000 synthetic articles (1.8 GB) this leaves 16 segments and a run peaking near 400 MB
/// (320 MB: 12 segments, 420-470 MB); searches there took 10-60% longer than with the 6
/// segments tantivy's default policy builds (4.8 ms against 3.0 ms for a rare word, 10.8 against
/// 9.0 ms for a common phrase), each segment adding about 0.1 ms.
pub const MAX_MERGED_BYTES: u64 = 256 << 20;
/// Segments of similar size are merged this many at a time (as tantivy's log policy does), so
/// each article is rewritten only a few times on its way into a large segment.
const MERGE_FACTOR: usize = 8;
/// Segments count as the same size when within this factor of each other.
const LEVEL_RATIO: f64 = 4.0;
/// A segment with this share of deleted articles is rewritten to drop them.
const DELETED_SHARE: f64 = 0.25;

/// A log-style merge policy with a ceiling on the merged segment's size.
#[derive(Debug, Clone)]
pub struct BoundedMerges {
    /// The index folder, to measure segments by their files.
    pub dir: PathBuf,
    /// Merged segments stay under this many bytes.
    pub max_bytes: u64,
}

impl BoundedMerges {
    /// The policy for the index in `dir`, with the default ceiling.
    pub fn new(dir: PathBuf) -> BoundedMerges {
        BoundedMerges {
            dir,
            max_bytes: MAX_MERGED_BYTES,
        }
    }

    /// Bytes the segment's live articles take on disk (its files, less the deleted share).
    fn live_bytes(&self, seg: &SegmentMeta) -> u64 {
        use tantivy::index::SegmentComponent as C;
        let total: u64 = [C::Postings, C::Positions, C::Terms, C::Store, C::FastFields]
            .into_iter()
            .filter_map(|c| std::fs::metadata(self.dir.join(seg.relative_path(c))).ok())
            .map(|m| m.len())
            .sum();
        let max = seg.max_doc().max(1) as f64;
        (total as f64 * f64::from(seg.num_docs()) / max) as u64
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(u64, &SegmentMeta)> =
            segments.iter().map(|s| (self.live_bytes(s), s)).collect();
        plan(&sized, self.max_bytes)
            .into_iter()
            .map(|group| MergeCandidate(group.iter().map(|s| s.id()).collect()))
            .collect()
    }
}

/// The merges to run among `(live bytes, segment)` pairs. Generic over the segment so the
/// arithmetic can be tested without an index.
fn plan<S: Copy + Deleted>(segments: &[(u64, S)], max_bytes: u64) -> Vec<Vec<S>> {
    let mut out = Vec::new();
    let mut open: Vec<(u64, S)> = Vec::new();
    for &(bytes, seg) in segments {
        if bytes >= max_bytes / 2 {
            // Large enough to leave alone, unless deletes have hollowed it out.
            if seg.deleted_share() >= DELETED_SHARE {
                out.push(vec![seg]);
            }
        } else {
            open.push((bytes, seg));
        }
    }
    open.sort_by_key(|&(bytes, _)| bytes);
    let level = |bytes: u64| {
        ((bytes.max(1 << 20) as f64 / f64::from(1 << 20)).ln() / LEVEL_RATIO.ln()) as u32
    };
    for same in open.chunk_by(|a, b| level(a.0) == level(b.0)) {
        let mut group = Vec::new();
        let mut sum = 0;
        for &(bytes, seg) in same {
            if sum + bytes > max_bytes {
                break;
            }
            group.push(seg);
            sum += bytes;
            // A full set, or (among large segments, where a full set would pass the ceiling)
            // enough to make a segment that is left alone from then on.
            if group.len() == MERGE_FACTOR || (group.len() >= 2 && sum >= max_bytes / 2) {
                out.push(std::mem::take(&mut group));
                sum = 0;
            }
        }
    }
    out
}

/// The share of a segment's articles that are deleted.
trait Deleted {
    fn deleted_share(&self) -> f64;
}

impl Deleted for &SegmentMeta {
    fn deleted_share(&self) -> f64 {
        f64::from(self.num_deleted_docs()) / f64::from(self.max_doc().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Seg(u32, f64);
    impl Deleted for Seg {
        fn deleted_share(&self) -> f64 {
            self.1
        }
    }
    const MB: u64 = 1 << 20;
    const CAP: u64 = 192 * MB;

    #[test]
    fn eight_small_segments_of_one_size_merge() {
        let segs: Vec<(u64, Seg)> = (0..9).map(|i| (2 * MB, Seg(i, 0.0))).collect();
        let plan = plan(&segs, CAP);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].len(), 8);
    }

    #[test]
    fn merges_never_exceed_the_ceiling() {
        // Eight segments of 40 MB would make 320 MB: they merge three at a time instead.
        let segs: Vec<(u64, Seg)> = (0..8).map(|i| (40 * MB, Seg(i, 0.0))).collect();
        let plan = plan(&segs, CAP);
        assert_eq!(plan.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 3]);
    }

    #[test]
    fn large_segments_are_left_alone_unless_hollowed_out() {
        let segs = vec![(150 * MB, Seg(0, 0.0)), (150 * MB, Seg(1, 0.5))];
        assert_eq!(plan(&segs, CAP), vec![vec![Seg(1, 0.5)]]);
    }

    #[test]
    fn segments_of_different_sizes_are_not_mixed() {
        let mut segs: Vec<(u64, Seg)> = (0..8).map(|i| (MB / 2, Seg(i, 0.0))).collect();
        segs.push((60 * MB, Seg(99, 0.0)));
        let plan = plan(&segs, CAP);
        assert_eq!(plan.len(), 1);
        assert!(!plan[0].contains(&Seg(99, 0.0)));
    }
}
