//! Snippets: the best passage of a hit's body (or summary) with the query's words marked, cut on
//! word boundaries and with white space folded. Marks follow the query: a word is marked where
//! its analysed form matches, a prefix's or typo's words where they stand as written, and a
//! phrase's words only where the whole phrase stands.

use std::collections::HashMap;

use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};
use tantivy::TantivyDocument;

use super::marks::{FieldMarks, Marks};
use super::stored::first_text;
use crate::index::store::{Fields, LedeIndex};

/// What to mark in one field, with the analyzers that read its text.
struct FieldMarker {
    marks: FieldMarks,
    analyzer: Option<TextAnalyzer>,
    /// Analyzers of the languages with their own analysis, by code.
    by_language: HashMap<String, TextAnalyzer>,
    words: Option<TextAnalyzer>,
}

/// Snippet makers for the body and, when the body has no match, the summary.
pub struct Snippets {
    body: FieldMarker,
    summary: FieldMarker,
}

impl Snippets {
    /// Snippet makers for `marks` (what the compiled query asks to highlight).
    pub fn new(idx: &LedeIndex, marks: &Marks) -> Self {
        let marker = |name: &str| {
            let is_default = idx.spec.default_search_fields.iter().any(|d| d == name);
            let m = marks.for_field(name, is_default);
            let analyzer = idx
                .spec
                .field(name)
                .and_then(|f| f.analyzer.clone())
                .and_then(|a| idx.spec.analyzer(&a));
            // Words as written: the field's tokenizer, lower-cased and folded, not stemmed.
            let plain = TextAnalyzer::builder(crate::index::words::WordTokenizer::default())
                .filter(tantivy::tokenizer::LowerCaser)
                .filter(tantivy::tokenizer::AsciiFoldingFilter)
                .build();
            let words = (!m.words.is_empty()).then(|| plain.clone());
            let by_language = marks
                .languages
                .iter()
                .filter_map(|(code, a)| Some((code.clone(), idx.spec.analyzer(a)?)))
                .collect();
            FieldMarker {
                marks: m,
                analyzer,
                by_language,
                words,
            }
        };
        Snippets {
            body: marker("body"),
            summary: marker("summary"),
        }
    }

    /// The best passage of `doc` and the character ranges of the matched words in it: from the
    /// body, else the summary, else (the words matched only the title) the article's start.
    /// `snippet_chars` 0 gives no snippet.
    pub fn best(
        &self,
        f: &Fields,
        doc: &TantivyDocument,
        snippet_chars: usize,
    ) -> (String, Vec<[usize; 2]>) {
        if snippet_chars == 0 {
            return (String::new(), Vec::new());
        }
        let lang = first_text(doc, f.lang).unwrap_or_default();
        let body = first_text(doc, f.body).unwrap_or_default();
        if let Some(found) = self.body.passage(&body, &lang, snippet_chars) {
            return found;
        }
        let summary = first_text(doc, f.summary).unwrap_or_default();
        if let Some(found) = self.summary.passage(&summary, &lang, snippet_chars) {
            return found;
        }
        // The words matched only the title (or nothing can be marked): show the start.
        let start = if summary.is_empty() { body } else { summary };
        tidy_snippet(&cut_on_word(&start, snippet_chars), Vec::new())
    }
}

/// A marked word: byte range and the key that scores it (its term).
type Mark = (usize, usize, String);

impl FieldMarker {
    /// Byte ranges of every marked word of `text`, an article in `lang`: read by the field's
    /// analyzer and by the language's own, if it has one.
    fn find(&self, text: &str, lang: &str) -> Vec<Mark> {
        let mut out: Vec<Mark> = Vec::new();
        if self.marks.is_empty() || text.is_empty() {
            return out;
        }
        if let Some(a) = &self.analyzer {
            // Stemming every word of every hit's body is most of a search's time, and a word
            // can only stem to a marked term if it starts with the term's first letter (English
            // stemming changes word ends only): the other words are skipped unstemmed.
            let firsts: Vec<char> = self
                .marks
                .terms
                .iter()
                .chain(self.marks.phrases.iter().flatten().map(|(_, t)| t))
                .filter_map(|t| t.chars().next())
                .collect();
            self.mark_terms(&mut out, &self.terms_of(text, a, Some(&firsts)));
        }
        // Another language's stemmer may change a word's start (Arabic drops its article):
        // its analysis reads every word.
        if let Some(a) = self.by_language.get(lang) {
            self.mark_terms(&mut out, &self.terms_of(text, a, None));
        }
        if let Some(w) = &self.words {
            let mut w = w.clone();
            w.token_stream(text).process(&mut |t| {
                if self.marks.words.contains(&t.text) {
                    out.push((t.offset_from, t.offset_to, t.text.clone()));
                }
            });
        }
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// The terms `analyzer` makes of `text`, with their positions and byte ranges, in order;
    /// with `firsts`, only of the words whose first letter, lower-cased, is one of them (or is not
    /// ASCII).
    fn terms_of(
        &self,
        text: &str,
        analyzer: &TextAnalyzer,
        firsts: Option<&[char]>,
    ) -> Vec<(usize, Mark)> {
        let mut a = analyzer.clone();
        let mut out = Vec::new();
        let Some(firsts) = firsts else {
            a.token_stream(text).process(&mut |t| {
                out.push((t.position, (t.offset_from, t.offset_to, t.text.clone())));
            });
            return out;
        };
        // The field's tokenizer alone, its words' first letters lower-cased: a word starting
        // with a letter outside ASCII is picked whatever it is (the analyzer below folds it).
        let mut picked = Vec::new();
        let mut words = crate::index::words::WordTokenizer::default();
        let mut stream = words.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            let pick = t
                .text
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii() || firsts.contains(&c.to_ascii_lowercase()));
            if pick {
                picked.push((t.position, t.offset_from, t.offset_to));
            }
        }
        for (pos, from, to) in picked {
            a.token_stream(&text[from..to]).process(&mut |t| {
                out.push((pos, (from, to, t.text.clone())));
            });
        }
        out
    }

    /// Adds the marks among `terms` (positions in order): marked terms, and each phrase where
    /// all its terms stand at their places.
    fn mark_terms(&self, out: &mut Vec<Mark>, terms: &[(usize, Mark)]) {
        let at = |p: usize| {
            terms
                .binary_search_by_key(&p, |(q, _)| *q)
                .ok()
                .map(|i| &terms[i].1)
        };
        for (_, m) in terms {
            if self.marks.terms.contains(&m.2) {
                out.push(m.clone());
            }
        }
        for phrase in &self.marks.phrases {
            let Some((_, head)) = phrase.first() else {
                continue;
            };
            for (p, (_, _, term)) in terms {
                if term != head {
                    continue;
                }
                let all: Option<Vec<&Mark>> = phrase
                    .iter()
                    .map(|(off, w)| at(p + off).filter(|(_, _, t)| t == w))
                    .collect();
                if let Some(all) = all {
                    out.extend(all.into_iter().cloned());
                }
            }
        }
    }

    /// The window of at most `max` characters holding the most different marked words (then the
    /// most marks), starting at a marked word; `None` when nothing in `text` is marked.
    fn passage(&self, text: &str, lang: &str, max: usize) -> Option<(String, Vec<[usize; 2]>)> {
        let marks = self.find(text, lang);
        if marks.is_empty() {
            return None;
        }
        let mut best = (0usize, 0usize, 0usize); // (distinct, count, start index)
        for i in 0..marks.len() {
            let start = marks[i].0;
            let mut keys: Vec<&str> = Vec::new();
            let mut count = 0;
            for m in &marks[i..] {
                if text[start..m.1].chars().count() > max {
                    break;
                }
                count += 1;
                if !keys.contains(&m.2.as_str()) {
                    keys.push(&m.2);
                }
            }
            if (keys.len(), count) > (best.0, best.1) {
                best = (keys.len(), count, i);
            }
        }
        let start = sentence_start(text, marks[best.2].0, max / 3);
        // The passage runs on from there to the last whole word that fits.
        let cut = cut_on_word(&text[start..], max);
        let end = start + cut.len();
        let mut highlights: Vec<[usize; 2]> = Vec::new();
        for m in marks.iter().filter(|m| m.0 >= start && m.1 <= end) {
            let range = [
                text[start..m.0].chars().count(),
                text[start..m.1].chars().count(),
            ];
            // Overlapping marks (CJK pairs share a character) are one highlight.
            match highlights.last_mut() {
                Some(last) if range[0] <= last[1] => last[1] = last[1].max(range[1]),
                _ => highlights.push(range),
            }
        }
        Some(tidy_snippet(&text[start..end], highlights))
    }
}

/// Where the sentence holding byte `at` starts, when that is at most `back` characters before
/// it (a passage reads better from a sentence's start); else `at` itself.
fn sentence_start(text: &str, at: usize, back: usize) -> usize {
    let mut from = at;
    for (n, (i, c)) in text[..at].char_indices().rev().enumerate() {
        if n > back {
            return at;
        }
        if c == '\n'
            || (matches!(c, '.' | '!' | '?') && text[i + 1..at].starts_with(char::is_whitespace))
        {
            return from;
        }
        if !c.is_whitespace() {
            from = i;
        }
    }
    0
}

/// The first `max` characters of `s`, cut at a word boundary.
fn cut_on_word(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    }
}

/// Folds runs of white space (line breaks included) to one space, moving highlights to match.
fn tidy_snippet(text: &str, highlights: Vec<[usize; 2]>) -> (String, Vec<[usize; 2]>) {
    let mut out = String::with_capacity(text.len());
    // map[i] = position in `out` of input char i
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut pos = 0usize;
    let mut in_space = false;
    let trimmed_start = text.len() - text.trim_start().len();
    let lead = text[..trimmed_start].chars().count();
    for (i, c) in text.chars().enumerate() {
        map.push(pos);
        if i < lead {
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                pos += 1;
                in_space = true;
            }
        } else {
            out.push(c);
            pos += 1;
            in_space = false;
        }
    }
    map.push(pos);
    let trimmed = out.trim_end().to_string();
    let hl = highlights
        .into_iter()
        .map(|[s, e]| [map[s.min(map.len() - 1)], map[e.min(map.len() - 1)]])
        .filter(|[s, e]| e > s)
        .collect();
    (trimmed, hl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_snippet_moves_highlights() {
        let (t, h) = tidy_snippet("  a\n\n bc  d", vec![[6, 8]]);
        assert_eq!(t, "a bc d");
        assert_eq!(h, vec![[2, 4]]);
        assert_eq!(&t[2..4], "bc");
    }

    #[test]
    fn passages_start_at_their_sentence() {
        let t = "First one. The tide mill grinds.";
        assert_eq!(sentence_start(t, 15, 20), 11);
        assert_eq!(sentence_start(t, 4, 20), 0);
        assert_eq!(
            sentence_start(t, 30, 5),
            30,
            "too far back: start at the word"
        );
    }

    #[test]
    fn cut_on_word_keeps_whole_words() {
        assert_eq!(cut_on_word("alpha beta gamma", 12), "alpha beta");
    }
}
