//! An article as the analyzer reads it: its fields, each with the rule that chose it, and what
//! was dropped as furniture.

use serde_json::{json, Value};

use super::dates::FoundDate;
use super::furniture::Dropped;

/// A value the analyzer found, with the rule that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// How it was found, for `lede parse`.
    pub rule: String,
}

/// One article read from a file.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// The headline.
    pub title: String,
    /// Which rule gave the headline, for `lede parse` (None: the format has one place for it).
    pub title_rule: Option<String>,
    /// The dek or standfirst, when the file has one apart from the body.
    pub summary: Option<String>,
    /// The article text, furniture removed, paragraphs separated by blank lines.
    pub body: String,
    /// Publication date.
    pub date: Option<Found<FoundDate>>,
    /// The publication.
    pub source: Option<Found<String>>,
    /// The source was read from evidence in the text rather than declared by the file, so
    /// `--source-from folder` may override it.
    pub source_is_guess: bool,
    /// The byline.
    pub author: Option<String>,
    /// The article's address on the web.
    pub url: Option<String>,
    /// The file format the article was read as (`text`, `html`, `json` ...).
    pub format: &'static str,
    /// The character encoding the file was decoded from.
    pub encoding: &'static str,
    /// What was left out as furniture, and why.
    pub dropped: Vec<Dropped>,
}

impl Article {
    /// Number of words in title, summary and body.
    pub fn word_count(&self) -> u64 {
        [
            self.title.as_str(),
            self.summary.as_deref().unwrap_or(""),
            &self.body,
        ]
        .iter()
        .map(|s| s.split_whitespace().count() as u64)
        .sum()
    }

    /// Everything the analyzer found, as `lede parse` prints it. `explain` adds the dropped
    /// furniture.
    pub fn to_json(&self, path: &str, explain: bool) -> Value {
        let mut v = json!({
            "path": path,
            "format": self.format,
            "encoding": self.encoding,
            "title": self.title,
            "title_rule": self.title_rule,
            "summary": self.summary,
            "date": self.date.as_ref().map(|d| d.value.display()),
            "date_utc": self.date.as_ref().map(|d| d.value.to_rfc3339()),
            "date_rule": self.date.as_ref().map(|d| d.rule.clone()),
            "source": self.source.as_ref().map(|s| s.value.clone()),
            "source_rule": self.source.as_ref().map(|s| s.rule.clone()),
            "author": self.author,
            "url": self.url,
            "words": self.word_count(),
            "body": self.body,
        });
        if explain {
            v["dropped"] = json!(self.dropped);
        }
        v
    }
}
