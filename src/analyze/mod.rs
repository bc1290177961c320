//! The analyzer: turns the bytes of one article file into fields (title, date, summary, body,
//! source, author, url), with page furniture left out and every choice explained.

pub mod dates;
pub mod furniture;
pub mod headline;
pub mod html;
pub mod json;
pub mod mail;
pub mod markdown;
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
    /// A JSON file with no readable object in it.
    #[error("not valid JSON, and no line of it is")]
    BadJson,
}

/// Settings that change how files are read.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Which JSON keys hold which fields.
    pub json_keys: json::JsonKeys,
}

/// The formats lede reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Json,
    Markdown,
    Mail,
}

fn kind_of(path: &Path, bytes: &[u8], text: &str) -> Kind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => return Kind::Html,
        "json" | "jsonl" | "ndjson" => return Kind::Json,
        "md" | "markdown" | "mdx" => return Kind::Markdown,
        "eml" => return Kind::Mail,
        _ => {}
    }
    // Other names: go by what the content looks like.
    if html::looks_like_html(bytes) {
        Kind::Html
    } else if json::looks_like_json(text) {
        Kind::Json
    } else if markdown::split_front_matter(text).is_some() {
        Kind::Markdown
    } else if mail::looks_like_mail(text) {
        Kind::Mail
    } else {
        Kind::Text
    }
}

impl Skip {
    /// True when the file simply holds no article (nothing the user would want indexed).
    pub fn is_ignorable(&self) -> bool {
        matches!(self, Skip::Empty | Skip::Binary)
    }
}

/// Reads every article in one file's bytes; the path helps guess the format.
pub fn analyze_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &AnalyzeOptions,
) -> Result<Vec<Article>, Skip> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Skip::Empty);
    }
    if decode::looks_binary(bytes) {
        return Err(Skip::Binary);
    }
    let decoded = decode::decode(bytes, None);
    let text = decoded.text.replace("\r\n", "\n");
    let mut arts = match kind_of(path, bytes, &text) {
        Kind::Html => vec![html::analyze(bytes)],
        Kind::Json => {
            let (mut arts, bad) = json::analyze(&text, &opts.json_keys);
            if arts.is_empty() {
                return Err(if bad > 0 { Skip::BadJson } else { Skip::NoText });
            }
            if bad > 0 {
                arts[0].dropped.push(Dropped {
                    line: 0,
                    reason: format!("{bad} lines are not valid JSON"),
                    text: String::new(),
                });
            }
            arts
        }
        Kind::Markdown => markdown::analyze(&text, &opts.json_keys)
            .into_iter()
            .collect(),
        Kind::Mail => mail::analyze(bytes).into_iter().collect(),
        Kind::Text => vec![text::analyze(&text)],
    };
    for a in &mut arts {
        if a.encoding.is_empty() {
            a.encoding = decoded.encoding;
        }
        if a.format.is_empty() {
            a.format = "text";
        }
    }
    arts.retain(|a| !(a.title.trim().is_empty() && a.body.trim().is_empty()));
    if arts.is_empty() {
        return Err(Skip::NoText);
    }
    Ok(arts)
}
