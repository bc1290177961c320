//! The `words` tokenizer: text split into runs of letters and digits, as tantivy's simple
//! tokenizer does, except that single capital letters joined by dots are one word: `U.S.` is
//! `US`, `E.U.` is `EU`. Lower-case abbreviations (`e.g.`, `i.e.`, `a.m.`) stay apart: merging
//! them changed every collection's word counts, and so its ranking, for no gain. Index and query
//! run the same tokenizer, so `U.S.` finds `US` (and the query side reads `u.s.` as `U.S.`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits on every character that is not a letter or digit; dotted acronyms stay one word.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The stream of one text's words.
pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

/// The end (exclusive, after its last dot if it has one) of a dotted acronym starting at `from`,
/// and its letters, when there is one there: two or more single capitals, each followed by a dot
/// (the last dot may be missing), not inside a longer word.
fn acronym(text: &str, from: usize) -> Option<(usize, String)> {
    let mut letters = String::new();
    let mut chars = text[from..].char_indices().peekable();
    let mut end = from;
    while let Some((i, c)) = chars.next() {
        if !c.is_uppercase() {
            break;
        }
        // The letter must stand alone: the next character is a dot, or the text ends after it
        // following at least one dotted letter (`U.S` at the end of a title).
        match chars.peek() {
            Some(&(j, '.')) => {
                letters.push(c);
                chars.next();
                end = from + j + 1;
            }
            next => {
                let alone = next.is_none_or(|&(_, n)| !n.is_alphanumeric());
                if alone && !letters.is_empty() {
                    letters.push(c);
                    end = from + i + c.len_utf8();
                }
                break;
            }
        }
    }
    // `U.S.A` and `U.S.` are acronyms; `a.` alone (an initial) and `U.Sx` are not.
    let next_ok = text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (letters.chars().count() >= 2 && next_ok).then_some((end, letters))
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let rest = &self.text[self.at..];
        let Some((skip, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.at = self.text.len();
            return false;
        };
        let start = self.at + skip;
        if let Some((end, letters)) = acronym(self.text, start) {
            self.token.offset_from = start;
            // Highlights cover the letters, not the closing dot.
            self.token.offset_to = if self.text[..end].ends_with('.') {
                end - 1
            } else {
                end
            };
            self.token.text.push_str(&letters);
            self.at = end;
            return true;
        }
        let end = self.text[start..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(self.text.len(), |(i, _)| start + i);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.push_str(&self.text[start..end]);
        self.at = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut t = WordTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let k = s.token();
            out.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.0).collect()
    }

    #[test]
    fn dotted_acronyms_are_one_word() {
        // (text, words) — each row a case people write.
        let table: &[(&str, &[&str])] = &[
            ("the U.S. economy", &["the", "US", "economy"]),
            ("U.K.", &["UK"]),
            ("E.U", &["EU"]),
            ("in the U.S.A. today", &["in", "the", "USA", "today"]),
            ("e.g. ferries", &["e", "g", "ferries"]),
            ("U.S.-led talks", &["US", "led", "talks"]),
            ("J. Smith", &["J", "Smith"]),
            ("A.B.C.D", &["ABCD"]),
            ("a.b.c.d", &["a", "b", "c", "d"]),
            ("file.txt", &["file", "txt"]),
            ("version 1.5.2", &["version", "1", "5", "2"]),
            ("U.Sx", &["U", "Sx"]),
            (
                "Hello, happy tax payer!",
                &["Hello", "happy", "tax", "payer"],
            ),
            ("O'Brien's", &["O", "Brien", "s"]),
            ("", &[]),
            ("...", &[]),
        ];
        for (text, want) in table {
            assert_eq!(texts(text), *want, "{text:?}");
        }
    }

    #[test]
    fn positions_count_words_and_offsets_cover_letters() {
        let w = words("the U.S. fleet");
        assert_eq!(w[1], ("US".to_string(), 1, 4, 7));
        assert_eq!(w[2].1, 2);
        assert_eq!(&"the U.S. fleet"[4..7], "U.S");
    }
}
