//! The analyzer: turns the bytes of one article file into fields (title, date, summary, body,
//! source, author, url), with page furniture left out and every choice explained.

pub mod dates;
pub mod furniture;
pub mod source;
pub mod text;

use std::path::Path;

use serde_json::{json, Value};

use crate::decode;
use dates::FoundDate;
use furniture::Dropped;

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
    /// The dek or standfirst, when the file has one apart from the body.
    pub summary: Option<String>,
    /// The article text, furniture removed, paragraphs separated by blank lines.
    pub body: String,
    /// Publication date.
    pub date: Option<Found<FoundDate>>,
    /// The publication.
    pub source: Option<Found<String>>,
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
            "summary": self.summary,
            "date": self.date.as_ref().map(|d| d.value.to_rfc3339()),
            "date_original": self.date.as_ref().and_then(|d| d.value.original()),
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

/// Why a file gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    /// Zero bytes.
    #[error("empty file")]
    Empty,
    /// Looks like an image, archive or other binary data.
    #[error("binary file (not text)")]
    Binary,
    /// Decoded, but nothing that reads as an article.
    #[error("no article text found")]
    NoText,
}

/// Reads every article in one file's bytes. `path` is used only to guess the format.
pub fn analyze_bytes(_path: &Path, bytes: &[u8]) -> Result<Vec<Article>, Skip> {
    if bytes.is_empty() {
        return Err(Skip::Empty);
    }
    if decode::looks_binary(bytes) {
        return Err(Skip::Binary);
    }
    let decoded = decode::decode(bytes, None);
    let mut art = text::analyze(&decoded.text);
    art.format = "text";
    art.encoding = decoded.encoding;
    if art.title.is_empty() && art.body.trim().is_empty() {
        return Err(Skip::NoText);
    }
    Ok(vec![art])
}
