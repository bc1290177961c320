//! The analyzer: turns the bytes of one article file into fields (title, date, summary, body,
//! source, author, url), with page furniture left out and every choice explained.

mod article;
mod common;
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

use crate::decode;
use furniture::Dropped;

pub use article::{Article, Found};

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
                    reason: furniture::Kind::BadJsonLines(bad),
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
