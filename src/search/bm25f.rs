//! BM25F (Robertson, Zaragoza & Taylor 2004): one word searched in several fields and scored once.
//! Each field's term frequency is normalised by that field's length, weighted by the field's
//! boost and summed; the sum is saturated once and multiplied by one IDF. Summing a separate BM25
//! per field instead (tantivy's `BooleanQuery` of `TermQuery`s) counts a word found in title and
//! body twice, each time with its field's own IDF, so a rare word in a short title outweighs the
//! article that is about it.

use std::collections::BTreeMap;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Term-frequency saturation: how soon more occurrences stop adding to the score.
pub const K1: Score = 1.2;
/// Length normalisation (0 none, 1 full), the same in every field.
pub const B: Score = 0.75;

/// One word in several fields (each term with its field's weight), scored by BM25F.
#[derive(Clone, Debug)]
pub struct FieldsTermQuery {
    parts: Vec<(Term, Score)>,
}

impl FieldsTermQuery {
    /// The word as each field analyses it, with the field's weight; one term per field.
    pub fn new(parts: Vec<(Term, Score)>) -> Self {
        FieldsTermQuery { parts }
    }
}

impl Query for FieldsTermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        let mut idf = 1.0;
        if let EnableScoring::Enabled {
            statistics_provider: stats,
            ..
        } = scoring
        {
            let docs = stats.total_num_docs()?.max(1);
            // Articles holding the word in any field: at least the most of any one field.
            let mut df = 0;
            for (term, weight) in &self.parts {
                df = df.max(stats.doc_freq(term)?);
                let average = stats.total_num_tokens(term.field())? as Score / docs as Score;
                parts.push((term.clone(), *weight, average.max(1.0)));
            }
            idf = idf_of(df.min(docs), docs);
        } else {
            parts.extend(self.parts.iter().map(|(t, w)| (t.clone(), *w, 1.0)));
        }
        Ok(Box::new(FieldsTermWeight {
            parts,
            idf,
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.parts {
            visitor(term, false);
        }
    }
}

/// BM25's IDF, as Lucene and tantivy compute it.
fn idf_of(df: u64, docs: u64) -> Score {
    let x = ((docs - df) as Score + 0.5) / (df as Score + 0.5);
    (1.0 + x).ln()
}

struct FieldsTermWeight {
    /// Term, field weight, the field's average length.
    parts: Vec<(Term, Score, Score)>,
    idf: Score,
    scoring: bool,
}

impl FieldsTermWeight {
    /// Each field's postings of the word in `reader` (fields without it left out).
    fn open_parts(&self, reader: &SegmentReader) -> tantivy::Result<Vec<Part>> {
        let record = if self.scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut parts = Vec::new();
        for (which, (term, weight, average)) in self.parts.iter().enumerate() {
            let Some(postings) = reader
                .inverted_index(term.field())?
                .read_postings(term, record)?
            else {
                continue;
            };
            let norms = fieldnorms(reader, term.field())?;
            let mut cache = [0.0; 256];
            for (id, slot) in cache.iter_mut().enumerate() {
                let len = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
                *slot = weight / (1.0 - B + B * len / average);
            }
            parts.push(Part {
                which,
                postings,
                norms,
                cache: Box::new(cache),
            });
        }
        Ok(parts)
    }
}

/// The field's lengths, or every length 1 when the field keeps none.
fn fieldnorms(reader: &SegmentReader, field: Field) -> tantivy::Result<FieldNormReader> {
    Ok(reader
        .fieldnorms_readers()
        .get_field(field)?
        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)))
}

impl Weight for FieldsTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(FieldsScorer::new(
            self.open_parts(reader)?,
            self.idf * (1.0 + K1) * boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut by_field: BTreeMap<String, Score> = BTreeMap::new();
        let mut tf = 0.0;
        for mut part in self.open_parts(reader)? {
            // Postings never seek backwards: one that starts past the article lacks it.
            let at = part.postings.doc();
            if at == doc || (at < doc && part.postings.seek(doc) == doc) {
                let name = format!("Term={:?}", self.parts[part.which].0);
                *by_field.entry(name).or_default() += part.tf();
                tf += part.tf();
            }
        }
        if by_field.is_empty() {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let score = self.idf * (1.0 + K1) * tf / (K1 + tf);
        let mut e = Explanation::new("BM25F, idf * (k1 + 1) * tf / (k1 + tf)", score);
        e.add_const("idf", self.idf);
        for (name, tf) in by_field {
            e.add_detail(Explanation::new_with_string(
                format!("weighted, length-normalised tf of {name}"),
                tf,
            ));
        }
        Ok(e)
    }
}

/// One field's postings for the word, its lengths, and weight / length norm by length id.
struct Part {
    /// Which of the weight's terms this is.
    which: usize,
    postings: SegmentPostings,
    norms: FieldNormReader,
    cache: Box<[Score; 256]>,
}

impl Part {
    fn tf(&self) -> Score {
        let doc = self.postings.doc();
        self.postings.term_freq() as Score * self.cache[self.norms.fieldnorm_id(doc) as usize]
    }
}

/// Articles a window holds: the word's postings in every field are summed a window at a time
/// (as tantivy's own union does), so the per-article work is a bit scan and one division.
const WINDOW: usize = 4096;

/// The union of the word's postings in every field, scored once per article.
struct FieldsScorer {
    parts: Vec<Part>,
    weight: Score,
    /// The first article of the window.
    start: DocId,
    /// Weighted, length-normalised term frequency by article in the window.
    tfs: Box<[Score; WINDOW]>,
    /// Which articles of the window match.
    bits: Box<[u64; WINDOW / 64]>,
    /// The current article's place in the window.
    at: usize,
    doc: DocId,
}

impl FieldsScorer {
    fn new(parts: Vec<Part>, weight: Score) -> Self {
        let mut s = FieldsScorer {
            parts,
            weight,
            start: 0,
            tfs: Box::new([0.0; WINDOW]),
            bits: Box::new([0; WINDOW / 64]),
            at: 0,
            doc: TERMINATED,
        };
        s.refill();
        s
    }

    /// Sums the next window (from the first article any field has left) and moves to its
    /// first article.
    fn refill(&mut self) {
        let Some(start) = self
            .parts
            .iter()
            .map(|p| p.postings.doc())
            .min()
            .filter(|&d| d != TERMINATED)
        else {
            self.doc = TERMINATED;
            return;
        };
        self.start = start;
        let end = start.saturating_add(WINDOW as DocId);
        for part in &mut self.parts {
            loop {
                let d = part.postings.doc();
                if d >= end {
                    break;
                }
                let i = (d - start) as usize;
                self.tfs[i] += part.tf();
                self.bits[i / 64] |= 1 << (i % 64);
                part.postings.advance();
            }
        }
        self.at = 0;
        self.doc = start;
    }

    /// Forgets the window's matches not yet passed (only those: a sparse word does not pay
    /// for clearing a whole window per match).
    fn clear(&mut self) {
        while let Some(i) = self.next_in_window(self.at) {
            self.tfs[i] = 0.0;
            self.bits[i / 64] &= !(1 << (i % 64));
            self.at = i;
        }
    }

    /// The first matching place at or after `from` in the window, if any.
    fn next_in_window(&self, from: usize) -> Option<usize> {
        let mut word = from / 64;
        if word >= self.bits.len() {
            return None;
        }
        let mut bits = self.bits[word] & (!0u64 << (from % 64));
        loop {
            if bits != 0 {
                return Some(word * 64 + bits.trailing_zeros() as usize);
            }
            word += 1;
            if word == self.bits.len() {
                return None;
            }
            bits = self.bits[word];
        }
    }

    /// Moves to the first match at or after window place `from`, refilling past the window.
    fn go(&mut self, from: usize) -> DocId {
        match self.next_in_window(from) {
            Some(i) => {
                self.at = i;
                self.doc = self.start + i as DocId;
            }
            // Every match of the window was cleared on the way past it.
            None => self.refill(),
        }
        self.doc
    }
}

impl DocSet for FieldsScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let i = self.at;
        self.tfs[i] = 0.0;
        self.bits[i / 64] &= !(1 << (i % 64));
        self.go(i + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc == TERMINATED || target <= self.doc {
            return self.doc;
        }
        let end = self.start.saturating_add(WINDOW as DocId);
        if target < end {
            // Drop the window's matches before the target.
            let t = (target - self.start) as usize;
            while let Some(i) = self.next_in_window(self.at).filter(|&i| i < t) {
                self.tfs[i] = 0.0;
                self.bits[i / 64] &= !(1 << (i % 64));
                self.at = i;
            }
            return self.go(t);
        }
        self.clear();
        for p in &mut self.parts {
            if p.postings.doc() < target {
                p.postings.seek(target);
            }
        }
        self.refill();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|p| p.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for FieldsScorer {
    fn score(&mut self) -> Score {
        let tf = self.tfs[self.at];
        self.weight * tf / (K1 + tf)
    }
}

/// The sum, for each of `addrs` in their order, of the scores the `weights` give it, each
/// times its factor (0 where none matches): the list is sorted once and each weight's scorer
/// seeks through it, so re-scoring a short list costs a few seeks per article, not a search.
pub fn scores_at(
    weights: &[(Box<dyn Weight>, Score)],
    searcher: &tantivy::Searcher,
    addrs: &[tantivy::DocAddress],
) -> tantivy::Result<Vec<Score>> {
    let mut order: Vec<usize> = (0..addrs.len()).collect();
    order.sort_by_key(|&i| (addrs[i].segment_ord, addrs[i].doc_id));
    let mut out = vec![0.0; addrs.len()];
    for (weight, factor) in weights {
        let mut current: Option<(u32, Box<dyn Scorer>)> = None;
        for &i in &order {
            let a = addrs[i];
            if current.as_ref().map(|(s, _)| *s) != Some(a.segment_ord) {
                let reader = searcher.segment_reader(a.segment_ord);
                current = Some((a.segment_ord, weight.scorer(reader, 1.0)?));
            }
            if let Some((_, scorer)) = current.as_mut() {
                let at = if scorer.doc() < a.doc_id {
                    scorer.seek(a.doc_id)
                } else {
                    scorer.doc()
                };
                if at == a.doc_id {
                    out[i] += factor * scorer.score();
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    /// An index of (title, body) articles, and its two fields.
    fn index(articles: &[(&str, &str)]) -> (Index, Field, Field) {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        for (t, b) in articles {
            writer
                .add_document(doc!(title => *t, body => *b))
                .expect("add");
        }
        writer.commit().expect("commit");
        (index, title, body)
    }

    fn word(title: Field, body: Field, w: &str, title_weight: Score) -> FieldsTermQuery {
        FieldsTermQuery::new(vec![
            (Term::from_field_text(title, w), title_weight),
            (Term::from_field_text(body, w), 1.0),
        ])
    }

    #[test]
    fn a_word_in_title_and_body_is_scored_once_not_twice() {
        let filler = "the council met on tuesday to hear the budget ".repeat(5);
        let (index, title, body) = index(&[
            ("Ferry fares rise", &format!("ferry fares {filler}")),
            ("Budget week", &format!("{filler} ferry")),
            ("Harbour news", &filler),
        ]);
        let searcher = index.reader().expect("reader").searcher();
        let bm25f = searcher
            .search(
                &word(title, body, "ferry", 2.0),
                &TopDocs::with_limit(3).order_by_score(),
            )
            .expect("search");
        let summed = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(title, "ferry"),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(body, "ferry"),
                    IndexRecordOption::WithFreqs,
                )),
            ),
        ]);
        let per_field = searcher
            .search(&summed, &TopDocs::with_limit(3).order_by_score())
            .expect("search");
        // Both match the two articles with the word, the one with it in its title first.
        assert_eq!(bm25f.len(), 2);
        assert_eq!(bm25f[0].1.doc_id, 0);
        // Saturated once: at most one field's worth of BM25 (idf * (k1 + 1)), where the sum of
        // per-field scores goes past it.
        let ceiling = idf_of(2, 3) * (1.0 + K1);
        assert!(bm25f[0].0 < ceiling, "{} < {ceiling}", bm25f[0].0);
        assert!(per_field[0].0 > bm25f[0].0);
    }

    #[test]
    fn field_weights_and_lengths_rank_as_a_reader_expects() {
        // (title weight, which article should rank first): the word once in a short title
        // beats it once deep in a long body only when the title weighs at least a body's word.
        let long = "the council met on tuesday to hear the budget ".repeat(30);
        let (index, title, body) = index(&[
            (
                "Lighthouse keeper retires",
                "after forty years the light goes to a machine",
            ),
            ("Council budget", &format!("{long} lighthouse")),
        ]);
        let searcher = index.reader().expect("reader").searcher();
        for (weight, first) in [(2.0, 0), (1.0, 0), (0.0, 1)] {
            let top = searcher
                .search(
                    &word(title, body, "lighthouse", weight),
                    &TopDocs::with_limit(2).order_by_score(),
                )
                .expect("search");
            assert_eq!(top[0].1.doc_id, first, "title weight {weight}");
        }
    }

    #[test]
    fn scores_at_gives_each_listed_article_its_score_in_order() {
        let (index, title, body) = index(&[
            ("Ferry", "ferry"),
            ("Budget", "council"),
            ("Ferry again", "ferry ferry"),
        ]);
        let searcher = index.reader().expect("reader").searcher();
        let q = word(title, body, "ferry", 2.0);
        let top = searcher
            .search(&q, &TopDocs::with_limit(3).order_by_score())
            .expect("search");
        let weight = q
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .expect("weight");
        let mut addrs: Vec<_> = top.iter().map(|(_, a)| *a).collect();
        addrs.reverse();
        addrs.push(tantivy::DocAddress::new(0, 1));
        let scores = scores_at(&[(weight, 1.0)], &searcher, &addrs).expect("scores");
        let expected: Vec<Score> = top.iter().rev().map(|(s, _)| *s).chain([0.0]).collect();
        assert_eq!(scores, expected);
        // Several weights: their scores, each times its factor, summed.
        let twice = [
            (
                q.weight(EnableScoring::enabled_from_searcher(&searcher))
                    .expect("weight"),
                0.5,
            ),
            (
                q.weight(EnableScoring::enabled_from_searcher(&searcher))
                    .expect("weight"),
                2.0,
            ),
        ];
        let summed = scores_at(&twice, &searcher, &addrs).expect("scores");
        for (got, one) in summed.iter().zip(&expected) {
            assert!((got - 2.5 * one).abs() < 1e-5, "{got} vs 2.5 x {one}");
        }
        // Explaining an article before a word's first: no match, not a panic.
        let council = word(title, body, "council", 2.0)
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .expect("weight");
        let reader = &searcher.segment_readers()[0];
        assert!(council.explain(reader, 0).is_err());
        assert!(council.explain(reader, 1).is_ok());
    }

    #[test]
    fn windows_and_seeks_visit_every_match_with_its_score() {
        // Matches spread over several windows: in the title of every 7th article, the body of
        // every 5th (a few times in some), none in others.
        let rows: Vec<(String, String)> = (0..10_000)
            .map(|d| {
                let t = if d % 7 == 0 { "tide table" } else { "table" };
                let b = match (d % 5, d % 3) {
                    (0, 0) => "tide tide and more tide",
                    (0, _) => "a tide",
                    _ => "calm water",
                };
                (t.to_string(), b.to_string())
            })
            .collect();
        let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let (index, title, body) = index(&refs);
        let searcher = index.reader().expect("reader").searcher();
        let q = word(title, body, "tide", 2.0);
        let weight = q
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .expect("weight");
        for reader in searcher.segment_readers() {
            let expected: Vec<(DocId, Score)> = (0..reader.max_doc())
                .filter_map(|d| weight.explain(reader, d).ok().map(|e| (d, e.value())))
                .collect();
            let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
            let mut seen = Vec::new();
            while scorer.doc() != TERMINATED {
                seen.push((scorer.doc(), scorer.score()));
                scorer.advance();
            }
            assert_eq!(seen, expected);
            // Seeks inside a window, past one, and to a match, land on the next match.
            let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
            for target in [3, 4_000, 4_097, 4_100, 9_000, 9_995] {
                let want = expected.iter().find(|(d, _)| *d >= target);
                let got = scorer.seek(target);
                match want {
                    Some((d, sc)) => {
                        assert_eq!(got, *d, "seek {target}");
                        assert_eq!(scorer.score(), *sc, "seek {target}");
                    }
                    None => assert_eq!(got, TERMINATED),
                }
            }
        }
    }
}
