//! Stop word filters built the first time an analyzer reads text. Building every language's set
//! (a few thousand words hashed, twice: to check the schema and to register it) was a third of a
//! small `lede search`; a search now builds only the sets of the analyzers it runs.

use std::sync::OnceLock;

use tantivy::tokenizer::{Language, StopWordFilter, TokenFilter, Tokenizer};

/// The languages tantivy has a stop word list for (the table test checks this against tantivy).
const WITH_LIST: &[Language] = &[
    Language::Danish,
    Language::Dutch,
    Language::English,
    Language::Finnish,
    Language::French,
    Language::German,
    Language::Hungarian,
    Language::Italian,
    Language::Norwegian,
    Language::Portuguese,
    Language::Russian,
    Language::Spanish,
    Language::Swedish,
];

/// One slot per language of `WITH_LIST`, filled on first use and shared by every analyzer.
static SETS: [OnceLock<StopWordFilter>; WITH_LIST.len()] =
    [const { OnceLock::new() }; WITH_LIST.len()];

/// The shared filter of `WITH_LIST[slot]`.
fn shared(slot: usize) -> &'static StopWordFilter {
    SETS[slot].get_or_init(|| {
        // `WITH_LIST` holds only languages tantivy has a list for (the table test).
        StopWordFilter::new(WITH_LIST[slot]).unwrap_or_else(|| StopWordFilter::remove([]))
    })
}

/// A filter removing `language`'s stop words, whose set is built when first needed.
#[derive(Clone, Copy, Debug)]
pub struct LazyStopWords {
    slot: usize,
}

impl LazyStopWords {
    /// The filter for `language`, or `None` when tantivy has no list for it.
    pub fn new(language: Language) -> Option<Self> {
        WITH_LIST
            .iter()
            .position(|&l| l == language)
            .map(|slot| LazyStopWords { slot })
    }
}

impl TokenFilter for LazyStopWords {
    type Tokenizer<T: Tokenizer> = LazyStopWordsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LazyStopWordsTokenizer<T> {
        LazyStopWordsTokenizer {
            slot: self.slot,
            inner: tokenizer,
            built: None,
        }
    }
}

/// The tokenizer `LazyStopWords` wraps around the one before it.
#[derive(Clone)]
pub struct LazyStopWordsTokenizer<T: Tokenizer> {
    slot: usize,
    inner: T,
    built: Option<<StopWordFilter as TokenFilter>::Tokenizer<T>>,
}

impl<T: Tokenizer> Tokenizer for LazyStopWordsTokenizer<T> {
    type TokenStream<'a> =
        <<StopWordFilter as TokenFilter>::Tokenizer<T> as Tokenizer>::TokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let (slot, inner) = (self.slot, &self.inner);
        self.built
            .get_or_insert_with(|| shared(slot).clone().transform(inner.clone()))
            .token_stream(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    #[test]
    fn a_language_has_a_lazy_list_exactly_when_tantivy_has_a_list() {
        // Every language the schema can name.
        for &(_, l) in crate::index::schema::LANGUAGES {
            assert_eq!(
                LazyStopWords::new(l).is_some(),
                StopWordFilter::new(l).is_some(),
                "{l:?}"
            );
        }
    }

    #[test]
    fn removes_the_same_words_as_tantivys_filter() {
        // (language, text, the words left)
        for (lang, text, left) in [
            (Language::English, "the fox is in the den", "fox den"),
            (Language::German, "der Hund und die Katze", "Hund Katze"),
            (Language::French, "le chat et la souris", "chat souris"),
        ] {
            let words = |mut a: TextAnalyzer| {
                let mut out = Vec::new();
                a.token_stream(text)
                    .process(&mut |t| out.push(t.text.clone()));
                out.join(" ")
            };
            let lazy = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LazyStopWords::new(lang).expect("has a list"))
                .build();
            let eager = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(StopWordFilter::new(lang).expect("has a list"))
                .build();
            assert_eq!(words(lazy.clone()), left, "{lang:?}");
            assert_eq!(words(lazy), words(eager), "{lang:?}");
        }
    }
}
