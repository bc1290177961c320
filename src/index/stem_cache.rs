//! The stemmer filter, remembering the stems it made. Text repeats its words (a few thousand
//! make most of any archive), and running the Snowball stemmer on every token was a tenth of an
//! indexing run, all of it on tantivy's writer threads, which are what limits a run: each
//! analyzer (one per field and writer thread) keeps a bounded table from word to stem instead.

use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words one table holds before it starts again (about 5 MB when full).
const MAX_WORDS: usize = 50_000;

/// The Snowball stemmer of one language, with a table of the stems it made.
#[derive(Clone)]
pub struct CachedStemmer {
    stemmer: frostem::Stemmer,
}

impl CachedStemmer {
    /// The stemmer lede's schema calls `name` (`english`, `german`, ...), if Snowball has one.
    pub fn named(name: &str) -> Option<Self> {
        frostem::Stemmer::try_from_name(name)
            .ok()
            .map(|stemmer| CachedStemmer { stemmer })
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerTokenizer<T> {
        CachedStemmerTokenizer {
            stemmer: self.stemmer,
            inner: tokenizer,
            stems: HashMap::new(),
        }
    }
}

/// The tokenizer `CachedStemmer` wraps around the one before it, with its table.
#[derive(Clone)]
pub struct CachedStemmerTokenizer<T> {
    stemmer: frostem::Stemmer,
    inner: T,
    stems: HashMap<String, Box<str>>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerTokenizer<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.stems.len() >= MAX_WORDS {
            self.stems.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            stems: &mut self.stems,
        }
    }
}

/// One text's tokens, stemmed.
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    stems: &'a mut HashMap<String, Box<str>>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem: Box<str> = self.stemmer.stem(&token.text).into();
        let word = std::mem::take(&mut token.text);
        token.text.push_str(&stem);
        self.stems.insert(word, stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        a.token_stream(text)
            .process(&mut |t| out.push((t.text.clone(), t.position, t.offset_from)));
        out
    }

    #[test]
    fn stems_as_tantivys_stemmer_does_with_or_without_the_table() {
        // (schema name, tantivy's language, text with repeated words)
        for (name, lang, text) in [
            (
                "english",
                Language::English,
                "Running runners ran; running again, happily",
            ),
            (
                "german",
                Language::German,
                "Häuser und Häuser, Hauses Häusern",
            ),
            (
                "french",
                Language::French,
                "les chevaux, des chevaux; continuellement",
            ),
            ("russian", Language::Russian, "книги книгами книга книги"),
        ] {
            let ours = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer::named(name).expect("a Snowball stemmer"))
                .build();
            let theirs = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(lang))
                .build();
            // The same analyzer twice: the second pass answers from the table.
            let mut reused = ours.clone();
            let first = tokens(&mut reused, text);
            let second = tokens(&mut reused, text);
            assert_eq!(first, tokens(&mut theirs.clone(), text), "{name}");
            assert_eq!(second, first, "{name}");
        }
    }

    #[test]
    fn unknown_stemmer_names_are_refused() {
        assert!(CachedStemmer::named("klingon").is_none());
        assert!(CachedStemmer::named("english").is_some());
    }
}
