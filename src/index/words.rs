//! The `words` tokenizer: text split into runs of letters and digits, as tantivy's simple
//! tokenizer does, except that single capital letters joined by dots are one word: `U.S.` is
//! `US`, `E.U.` is `EU`. Lower-case abbreviations (`e.g.`, `i.e.`, `a.m.`) stay apart: merging
//! them changed every collection's word counts, and so its ranking, for no gain. Index and query
//! run the same tokenizer, so `U.S.` finds `US` (and the query side reads `u.s.` as `U.S.`).
//!
//! Chinese, Japanese and Korean are written without spaces between words, so a run of their
//! characters is indexed as overlapping pairs (`公衆無線` is `公衆 衆無 無線`), as Lucene's CJK
//! analyzer does: any word of two or more characters inside the run is then a phrase of pairs,
//! and a character standing alone is a word of its own. No dictionary is needed, in any of the
//! three languages.

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
    /// The last word was a pair of CJK characters whose second one starts at `at`.
    in_pair_run: bool,
    token: &'a mut Token,
}

/// Whether `c` is part of a word: a letter or digit, or a combining mark (the vowel signs of
/// Tamil, Hindi or Thai, an accent typed after its letter), which belongs to the letter before it.
fn is_word_char(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    c.is_alphanumeric()
        || (c >= '\u{300}'
            && matches!(
                get_general_category(c),
                G::NonspacingMark | G::SpacingMark | G::EnclosingMark
            ))
}

/// Whether `c` belongs to a script written without spaces between words: Han ideographs,
/// Hiragana, Katakana (full and half width) and Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9D | 0x1100..=0x11FF | 0x3130..=0x318F
        | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            in_pair_run: false,
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
                let alone = next.is_none_or(|&(_, n)| !is_word_char(n));
                if alone && !letters.is_empty() {
                    letters.push(c);
                    end = from + i + c.len_utf8();
                }
                break;
            }
        }
    }
    // `U.S.A` and `U.S.` are acronyms; `a.` alone (an initial) and `U.Sx` are not.
    let next_ok = text[end..].chars().next().is_none_or(|c| !is_word_char(c));
    (letters.chars().count() >= 2 && next_ok).then_some((end, letters))
}

impl WordStream<'_> {
    /// How far past `at` the next word character is, and the character: ASCII separators are
    /// skipped a byte at a time, the rest by character.
    fn next_word_char(&self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() && bytes[i].is_ascii() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            return Some((i - self.at, char::from(b)));
        }
        let (skip, c) = self.text[i..]
            .char_indices()
            .find(|&(_, c)| is_word_char(c))?;
        Some((i + skip - self.at, c))
    }

    /// The next word of a CJK run starting at `start`: the pair of its character and the next
    /// one, or the character alone when it stands alone. `None` for the last character of a run
    /// of pairs (it is already in the last pair).
    fn cjk_word(&mut self, start: usize, first: char) -> Option<()> {
        let second_at = start + first.len_utf8();
        let second = self.text[second_at..].chars().next().filter(|&c| is_cjk(c));
        self.at = second_at;
        let end = match second {
            Some(c) => second_at + c.len_utf8(),
            None if self.in_pair_run => {
                self.in_pair_run = false;
                return None;
            }
            None => second_at,
        };
        self.in_pair_run = second.is_some();
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.push_str(&self.text[start..end]);
        Some(())
    }

    /// The word (or dotted acronym) starting at `start`: letters and digits up to the next other
    /// character or CJK character.
    fn word(&mut self, start: usize) {
        let bytes = self.text.as_bytes();
        // An acronym starts with a capital: a word starting with an ASCII lower-case letter or
        // digit (most words) is not looked at for one.
        let may_be_acronym = !bytes[start].is_ascii() || bytes[start].is_ascii_uppercase();
        if let Some((end, letters)) = may_be_acronym.then(|| acronym(self.text, start)).flatten() {
            self.token.offset_from = start;
            // Highlights cover the letters, not the closing dot.
            self.token.offset_to = if self.text[..end].ends_with('.') {
                end - 1
            } else {
                end
            };
            self.token.text.push_str(&letters);
            self.at = end;
            return;
        }
        // ASCII letters and digits a byte at a time; from the first other byte on, by character.
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end < bytes.len() && !bytes[end].is_ascii() {
            end = self.text[end..]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c) || is_cjk(c))
                .map_or(self.text.len(), |(i, _)| end + i);
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.push_str(&self.text[start..end]);
        self.at = end;
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        loop {
            let Some((skip, first)) = self.next_word_char() else {
                self.at = self.text.len();
                return false;
            };
            let start = self.at + skip;
            if skip > 0 {
                self.in_pair_run = false;
            }
            if is_cjk(first) {
                if self.cjk_word(start, first).is_some() {
                    return true;
                }
                continue;
            }
            self.in_pair_run = false;
            self.word(start);
            return true;
        }
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
            ("公衆無線", &["公衆", "衆無", "無線"]),
            ("日本の橋", &["日本", "本の", "の橋"]),
            ("東京", &["東京"]),
            ("港", &["港"]),
            ("新しい iPhone 発売", &["新し", "しい", "iPhone", "発売"]),
            ("Tokyo東京2020", &["Tokyo", "東京", "2020"]),
            ("東京、大阪。", &["東京", "大阪"]),
            ("서울의 날씨", &["서울", "울의", "날씨"]),
            ("நகரங்கள் வளர்கின்றன", &["நகரங்கள்", "வளர்கின்றன"]),
            ("नई दिल्ली", &["नई", "दिल्ली"]),
            ("", &[]),
            ("...", &[]),
            // ASCII and other letters side by side (the ASCII fast path hands over mid-word).
            ("café—naïve", &["café", "naïve"]),
            ("Zürich’s 5km", &["Zürich", "s", "5km"]),
            ("x² y", &["x²", "y"]),
            ("Ü.S. talks", &["ÜS", "talks"]),
            ("e\u{301}clair «Über»", &["e\u{301}clair", "Über"]),
            ("ab東京cd", &["ab", "東京", "cd"]),
        ];
        for (text, want) in table {
            assert_eq!(texts(text), *want, "{text:?}");
        }
    }

    #[test]
    fn cjk_pairs_have_their_own_positions_and_cover_their_characters() {
        let text = "港の橋";
        let w = words(text);
        assert_eq!(w.iter().map(|t| t.1).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(&text[w[1].2..w[1].3], "の橋");
    }

    #[test]
    fn positions_count_words_and_offsets_cover_letters() {
        let w = words("the U.S. fleet");
        assert_eq!(w[1], ("US".to_string(), 1, 4, 7));
        assert_eq!(w[2].1, 2);
        assert_eq!(&"the U.S. fleet"[4..7], "U.S");
    }
}
