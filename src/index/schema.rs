//! The index schema as data: `schema/schema.json` is embedded in the binary, turned into a tantivy
//! schema here, and copied into every index so that searching uses the schema the index was built with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, DateTimePrecision, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    TextAnalyzer, TextAnalyzerBuilder,
};
use tantivy::Index;

/// The schema this build of lede writes, as shipped in `schema/schema.json`.
pub const DEFAULT_SCHEMA_JSON: &str = include_str!("../../schema/schema.json");

/// Errors in a schema description.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The JSON could not be read as a schema.
    #[error("the schema is not valid: {0}")]
    Json(#[from] serde_json::Error),
    /// A field names an analyzer the schema does not define.
    #[error("field `{field}` uses analyzer `{analyzer}`, which the schema does not define")]
    UnknownAnalyzer {
        /// The field.
        field: String,
        /// The analyzer it names.
        analyzer: String,
    },
    /// An analyzer names a tokenizer or filter lede does not know.
    #[error("analyzer `{analyzer}`: unknown {what} `{name}`")]
    UnknownPart {
        /// The analyzer.
        analyzer: String,
        /// `tokenizer` or `filter`.
        what: &'static str,
        /// The name given.
        name: String,
    },
    /// A field lede needs is missing from the schema.
    #[error("the schema has no `{0}` field, which lede needs")]
    MissingField(String),
}

/// The kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Tokenized prose (title, body ...).
    Text,
    /// One term per value (source, path ...).
    Keyword,
    /// A point in time, kept in UTC.
    Date,
    /// An unsigned number.
    U64,
}

/// One field of the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldSpec {
    /// Field name, as used in queries (`title:...`).
    pub name: String,
    /// What the field holds.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Analyzer name for text and keyword fields (`raw` is built in: exact bytes).
    #[serde(default)]
    pub analyzer: Option<String>,
    /// Whether the value is kept and can be shown.
    pub stored: bool,
    /// Whether the field can be searched.
    pub indexed: bool,
    /// Whether a column is kept for sorting, filtering and facets.
    pub fast: bool,
    /// Query-time weight of matches in this field.
    #[serde(default = "one")]
    pub boost: f32,
    /// What the postings keep: `basic` (which articles), `freqs` (and how often) or `positions`
    /// (and where: phrases). Default: positions for text, basic for keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Record>,
}

/// What a field's postings keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Record {
    /// Which articles hold the term.
    Basic,
    /// And how often.
    Freqs,
    /// And at which positions (needed for phrases).
    Positions,
}

fn one() -> f32 {
    1.0
}

/// A named analyzer: a tokenizer and a chain of filters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnalyzerSpec {
    /// `words` (split on non-alphanumerics, dotted acronyms kept whole), `simple` (split on
    /// non-alphanumerics) or `raw` (the whole value is one token).
    pub tokenizer: String,
    /// `lowercase`, `ascii_folding`, `remove_long:N`, `stem:english`, `stopwords:english`.
    #[serde(default)]
    pub filters: Vec<String>,
    /// Why the analyzer is what it is (documentation only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// The whole schema description.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SchemaSpec {
    /// Bumped whenever older indexes cannot be read by this schema.
    pub version: u32,
    /// Free text for people reading the file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Analyzers by name.
    pub analyzers: BTreeMap<String, AnalyzerSpec>,
    /// Fields in order.
    pub fields: Vec<FieldSpec>,
    /// Fields searched when a query word names no field.
    pub default_search_fields: Vec<String>,
    /// Fields a query may name (`title:word`); any other `name:` is read as words.
    pub query_fields: Vec<String>,
    /// The field holding the default fields' words unstemmed: the dictionary that prefixes,
    /// typos and spelling suggestions are looked up in.
    pub dictionary_field: String,
    /// Languages with an analysis of their own (ISO 639-1 code to analyzer name), used by the
    /// `by_language` tokenizer of the `stems` field and by queries. English is not listed: the
    /// default fields already analyse every article as English.
    #[serde(default)]
    pub languages: BTreeMap<String, String>,
}

/// Fields the rest of lede relies on by name.
const REQUIRED_FIELDS: [&str; 14] = [
    "title",
    "summary",
    "body",
    "author",
    "source",
    "url",
    "path",
    "date",
    "date_local",
    "words",
    "hash",
    "exact",
    "lang",
    "stems",
];

/// The `version` of a schema description, read without the rest (0 when it has none or is not
/// JSON), so a schema this build cannot parse still gets the "rebuild" message.
pub fn version_of(text: &str) -> u32 {
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        #[serde(default)]
        version: u32,
    }
    serde_json::from_str::<VersionOnly>(text).map_or(0, |v| v.version)
}

impl SchemaSpec {
    /// The schema embedded in this binary (parsed and checked once per process: a search asks
    /// for it several times, and each check builds every analyzer).
    pub fn embedded() -> SchemaSpec {
        static EMBEDDED: std::sync::OnceLock<SchemaSpec> = std::sync::OnceLock::new();
        // The embedded file is part of the build and covered by a unit test, so this cannot fail
        // for a user.
        EMBEDDED
            .get_or_init(|| {
                SchemaSpec::from_json(DEFAULT_SCHEMA_JSON)
                    .expect("embedded schema/schema.json is valid")
            })
            .clone()
    }

    /// The version of the embedded schema, read alone: opening an index to search needs only
    /// this of it, and the whole schema took a tenth of a small search's instructions.
    pub fn embedded_version() -> u32 {
        static VERSION: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
        *VERSION.get_or_init(|| version_of(DEFAULT_SCHEMA_JSON))
    }

    /// Parses and checks a schema description.
    pub fn from_json(text: &str) -> Result<SchemaSpec, SchemaError> {
        let spec: SchemaSpec = serde_json::from_str(text)?;
        spec.check()?;
        Ok(spec)
    }

    fn check(&self) -> Result<(), SchemaError> {
        for name in REQUIRED_FIELDS {
            if self.field(name).is_none() {
                return Err(SchemaError::MissingField(name.to_string()));
            }
        }
        for f in &self.fields {
            if let Some(a) = &f.analyzer {
                if a != "raw" && !self.analyzers.contains_key(a) {
                    return Err(SchemaError::UnknownAnalyzer {
                        field: f.name.clone(),
                        analyzer: a.clone(),
                    });
                }
            }
        }
        for (code, a) in &self.languages {
            match self.analyzers.get(a) {
                Some(spec) if spec.tokenizer != BY_LANGUAGE => {}
                _ => {
                    return Err(SchemaError::UnknownAnalyzer {
                        field: format!("languages.{code}"),
                        analyzer: a.clone(),
                    })
                }
            }
        }
        for name in self.analyzers.keys() {
            self.build_analyzer(name)?;
        }
        for name in self.query_fields.iter().chain([&self.dictionary_field]) {
            if self.field(name).is_none() {
                return Err(SchemaError::MissingField(name.to_string()));
            }
        }
        Ok(())
    }

    /// The field called `name`, if any.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The tantivy schema these fields describe.
    pub fn to_tantivy(&self) -> Schema {
        let mut b = Schema::builder();
        for f in &self.fields {
            match f.kind {
                FieldKind::Text | FieldKind::Keyword => {
                    let mut opts = TextOptions::default();
                    if f.indexed {
                        let analyzer = analyzer_name(f.analyzer.as_deref().unwrap_or("raw"));
                        let record = match (f.record, f.kind) {
                            (Some(Record::Basic), _) => IndexRecordOption::Basic,
                            (Some(Record::Freqs), _) => IndexRecordOption::WithFreqs,
                            (Some(Record::Positions), _) | (None, FieldKind::Text) => {
                                IndexRecordOption::WithFreqsAndPositions
                            }
                            (None, _) => IndexRecordOption::Basic,
                        };
                        opts = opts.set_indexing_options(
                            TextFieldIndexing::default()
                                .set_tokenizer(&analyzer)
                                .set_index_option(record),
                        );
                    }
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        // Facets show names as written, so the column keeps the raw value.
                        opts = opts.set_fast("raw");
                    }
                    b.add_text_field(&f.name, opts);
                }
                FieldKind::Date => {
                    let mut opts = DateOptions::default().set_precision(DateTimePrecision::Seconds);
                    if f.indexed {
                        opts = opts.set_indexed();
                    }
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        opts = opts.set_fast();
                    }
                    b.add_date_field(&f.name, opts);
                }
                FieldKind::U64 => {
                    let mut opts = NumericOptions::default();
                    if f.indexed {
                        opts = opts.set_indexed();
                    }
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        opts = opts.set_fast();
                    }
                    b.add_u64_field(&f.name, opts);
                }
            }
        }
        b.build()
    }

    /// Registers every analyzer this schema names on `index`. Tantivy does not store custom
    /// analyzers in the index, so this runs on every open.
    pub fn register_analyzers(&self, index: &Index) -> Result<(), SchemaError> {
        for name in self.analyzers.keys() {
            index
                .tokenizers()
                .register(&analyzer_name(name), self.build_analyzer(name)?);
        }
        Ok(())
    }

    /// Registers only the analyzers that fields name directly, and not `by_language`: what a
    /// searcher needs (queries and snippets build a language's analyzer when they meet it), at a
    /// fraction of the cost of building every language's stemmer and stop words. Such an index
    /// must not be written to.
    pub fn register_field_analyzers(&self, index: &Index) -> Result<(), SchemaError> {
        for name in self.analyzers.keys() {
            let named = self
                .fields
                .iter()
                .any(|f| f.analyzer.as_deref() == Some(name));
            if named && self.analyzers[name].tokenizer != BY_LANGUAGE {
                index
                    .tokenizers()
                    .register(&analyzer_name(name), self.build_analyzer(name)?);
            }
        }
        Ok(())
    }

    /// A tokenizer for `analyzer`, the same one the index uses (for highlighting by hand).
    pub fn analyzer(&self, analyzer: &str) -> Option<TextAnalyzer> {
        self.build_analyzer(analyzer).ok()
    }

    fn build_analyzer(&self, name: &str) -> Result<TextAnalyzer, SchemaError> {
        let spec = self
            .analyzers
            .get(name)
            .ok_or_else(|| SchemaError::UnknownAnalyzer {
                field: String::new(),
                analyzer: name.to_string(),
            })?;
        if spec.tokenizer != BY_LANGUAGE {
            return build_analyzer(name, spec);
        }
        let mut by_code = std::collections::HashMap::new();
        for (code, a) in &self.languages {
            if let Some(a_spec) = self.analyzers.get(a) {
                by_code.insert(code.clone(), build_analyzer(a, a_spec)?);
            }
        }
        Ok(TextAnalyzer::from(
            super::languages::LanguageTokenizer::new(by_code),
        ))
    }
}

/// The tokenizer that analyses each value by the language its tag names (see `languages`).
pub const BY_LANGUAGE: &str = "by_language";

/// The stemmers and stop word lists lede can name, by the names `schema/` uses.
pub(crate) const LANGUAGES: &[(&str, Language)] = &[
    ("arabic", Language::Arabic),
    ("danish", Language::Danish),
    ("dutch", Language::Dutch),
    ("english", Language::English),
    ("finnish", Language::Finnish),
    ("french", Language::French),
    ("german", Language::German),
    ("greek", Language::Greek),
    ("hungarian", Language::Hungarian),
    ("italian", Language::Italian),
    ("norwegian", Language::Norwegian),
    ("portuguese", Language::Portuguese),
    ("romanian", Language::Romanian),
    ("russian", Language::Russian),
    ("spanish", Language::Spanish),
    ("swedish", Language::Swedish),
    ("tamil", Language::Tamil),
    ("turkish", Language::Turkish),
];

fn language_named(name: &str) -> Option<Language> {
    LANGUAGES.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

/// Names are prefixed so they never collide with tantivy's built-in tokenizers.
fn analyzer_name(name: &str) -> String {
    if name == "raw" {
        "raw".to_string()
    } else {
        format!("lede_{name}")
    }
}

fn build_analyzer(name: &str, spec: &AnalyzerSpec) -> Result<TextAnalyzer, SchemaError> {
    let unknown = |what: &'static str, n: &str| SchemaError::UnknownPart {
        analyzer: name.to_string(),
        what,
        name: n.to_string(),
    };
    let mut b: TextAnalyzerBuilder = match spec.tokenizer.as_str() {
        "simple" => TextAnalyzer::builder(SimpleTokenizer::default()).dynamic(),
        "raw" => TextAnalyzer::builder(RawTokenizer::default()).dynamic(),
        "words" => TextAnalyzer::builder(super::words::WordTokenizer::default()).dynamic(),
        other => return Err(unknown("tokenizer", other)),
    };
    for filter in &spec.filters {
        let (kind, arg) = filter.split_once(':').unwrap_or((filter.as_str(), ""));
        b = match (kind, arg) {
            ("lowercase", _) => b.filter_dynamic(LowerCaser),
            ("ascii_folding", _) => b.filter_dynamic(AsciiFoldingFilter),
            ("remove_long", n) => {
                let limit = n.parse().map_err(|_| unknown("filter", filter))?;
                b.filter_dynamic(RemoveLongFilter::limit(limit))
            }
            ("stem", lang) => {
                let s = super::stem_cache::CachedStemmer::named(lang)
                    .ok_or_else(|| unknown("filter", filter))?;
                b.filter_dynamic(s)
            }
            ("stopwords", lang) => {
                let f = language_named(lang)
                    .and_then(super::stop_words::LazyStopWords::new)
                    .ok_or_else(|| unknown("filter", filter))?;
                b.filter_dynamic(f)
            }
            _ => return Err(unknown("filter", filter)),
        };
    }
    Ok(b.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_version_is_read_without_the_rest() {
        // (description, version): anything unreadable is version 0, which no build has.
        for (text, want) in [
            (
                r#"{"version": 3, "fields": "not what this build reads"}"#,
                3,
            ),
            (r#"{"fields": []}"#, 0),
            ("not JSON", 0),
            ("", 0),
        ] {
            assert_eq!(version_of(text), want, "{text}");
        }
        assert_eq!(
            SchemaSpec::embedded_version(),
            SchemaSpec::embedded().version
        );
    }

    #[test]
    fn embedded_schema_is_valid_and_has_boosts_in_order() {
        let s = SchemaSpec::embedded();
        let boost = |n: &str| s.field(n).map(|f| f.boost).unwrap_or(0.0);
        assert!(boost("title") > boost("summary"));
        assert!(boost("summary") > boost("body"));
        let t = s.to_tantivy();
        assert!(t.get_field("date").is_ok());
    }

    #[test]
    fn english_analyzer_stems_and_folds() {
        let s = SchemaSpec::embedded();
        let mut a = s.analyzer("english").expect("english analyzer");
        let mut toks = Vec::new();
        a.token_stream("Regrouping in Algérie")
            .process(&mut |t| toks.push(t.text.clone()));
        // "in" is a stop word: it says nothing about what an article is about.
        assert_eq!(toks, vec!["regroup", "algeri"]);
    }

    #[test]
    fn unknown_analyzer_is_reported() {
        let text =
            DEFAULT_SCHEMA_JSON.replace("\"analyzer\": \"english\"", "\"analyzer\": \"nope\"");
        let err = SchemaSpec::from_json(&text).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
