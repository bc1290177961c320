//! Analysis by language. Every article's text is in the default fields, analysed as English
//! (words split, lower-cased, folded, Porter-stemmed); an article in another language the
//! schema's `languages` table lists also has its title, summary and body in the `stems` field,
//! analysed by that language's analyzer (its stop words and Snowball stemmer), so `Haus` finds
//! `Häuser`. The field's tokenizer learns each value's language from a short tag in front of the
//! text ([`tagged`]); the field is not stored, so the tag is never shown. Queries are analysed
//! once per language present in the index (see `search::languages`).

use std::collections::HashMap;

use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Tokenizer};

/// The language the default fields' analyzer is made for: its articles need no `stems` (the
/// tokenizer would make nothing of them anyway; this saves copying their text).
pub const DEFAULT_FIELDS_LANGUAGE: &str = "en";

/// Ends the language tag in front of a `stems` value (a control character no text holds).
const TAG_END: char = '\u{1F}';

/// A `stems` value: the text with its language's tag in front.
pub fn tagged(lang: &str, text: &str) -> String {
    let mut s = String::with_capacity(lang.len() + 1 + text.len());
    s.push_str(lang);
    s.push(TAG_END);
    s.push_str(text);
    s
}

/// The tokenizer of the `stems` field: reads the tag and runs that language's analyzer on the
/// rest; a value of a language the table does not list makes no terms.
#[derive(Clone)]
pub struct LanguageTokenizer {
    analyzers: HashMap<String, TextAnalyzer>,
    none: TextAnalyzer,
}

impl LanguageTokenizer {
    /// A tokenizer running `analyzers` (language code to analyzer).
    pub fn new(analyzers: HashMap<String, TextAnalyzer>) -> Self {
        LanguageTokenizer {
            analyzers,
            none: TextAnalyzer::from(super::words::WordTokenizer::default()),
        }
    }
}

impl Tokenizer for LanguageTokenizer {
    type TokenStream<'a> = BoxTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> BoxTokenStream<'a> {
        // A tag is a language code: short, and before any other text.
        let split = text
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == TAG_END)
            .map(|(i, _)| (&text[..i], &text[i + TAG_END.len_utf8()..]));
        match split.and_then(|(lang, rest)| Some((self.analyzers.get_mut(lang)?, rest))) {
            Some((analyzer, rest)) => analyzer.token_stream(rest),
            None => self.none.token_stream(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::SchemaSpec;

    fn terms(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        a.token_stream(text)
            .process(&mut |t| out.push(t.text.clone()));
        out
    }

    #[test]
    fn every_listed_language_joins_two_forms_of_a_word() {
        // (code, two forms of one word that its stemmer makes one term)
        let table: &[(&str, &str, &str)] = &[
            ("ar", "المكتبات", "المكتبة"),
            ("da", "husene", "huse"),
            ("de", "Häuser", "Haus"),
            ("el", "πλοία", "πλοίο"),
            ("es", "repararán", "reparar"),
            ("fi", "taloissa", "talossa"),
            ("fr", "maisons", "maison"),
            ("hu", "házak", "házakat"),
            ("it", "ponti", "ponte"),
            ("nl", "gemeenten", "gemeente"),
            ("no", "husene", "husets"),
            ("pt", "cidades", "cidade"),
            ("ro", "orașele", "orașul"),
            ("ru", "мостов", "мост"),
            ("sv", "hamnarna", "hamn"),
            ("ta", "நகரங்கள்", "நகரம்"),
            ("tr", "evler", "evlerde"),
        ];
        let spec = SchemaSpec::embedded();
        let listed: Vec<&str> = spec.languages.keys().map(String::as_str).collect();
        let tested: Vec<&str> = table.iter().map(|r| r.0).collect();
        assert_eq!(listed, tested, "every language in schema/ has a row");
        let mut stems = spec.analyzer("by_language").expect("by_language analyzer");
        for (code, a, b) in table {
            let ta = terms(&mut stems, &tagged(code, a));
            let tb = terms(&mut stems, &tagged(code, b));
            assert!(
                !ta.is_empty() && ta == tb,
                "{code}: {a} {ta:?} vs {b} {tb:?}"
            );
        }
    }

    #[test]
    fn a_value_without_a_listed_language_makes_no_terms() {
        let spec = SchemaSpec::embedded();
        let mut stems = spec.analyzer("by_language").expect("by_language analyzer");
        assert!(terms(&mut stems, &tagged("en", "houses")).is_empty());
        assert!(terms(&mut stems, &tagged("ja", "港")).is_empty());
        assert!(terms(&mut stems, "no tag at all").is_empty());
    }
}
