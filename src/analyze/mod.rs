//! The analyzer: turns the bytes of one article file into fields (title, date, summary, body,
//! source, author, url), with page furniture left out and every choice explained.

mod article;
pub mod bounds;
pub(crate) mod common;
pub mod dates;
pub mod furniture;
pub mod headline;
pub mod html;
pub mod json;
pub mod language;
pub mod mail;
pub mod main_text;
pub mod markdown;
mod pdf_text;
pub mod source;
pub mod text;
mod twin;

use std::path::Path;
use std::time::Duration;

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
    /// The analysis ran past the time limit and was abandoned (the run went on without it).
    #[error("reading it took over {0} s, so it was left out (a page built to be slow to parse?)")]
    TooSlow(u64),
    /// The analyzer failed on the file: a bug in lede.
    #[error("lede's analyzer failed on this file: {0} (a bug in lede; please report it)")]
    Failed(String),
    /// Decoded, but nothing that reads as an article.
    #[error("no article text found")]
    NoText,
    /// A JSON file with no readable object in it.
    #[error("not valid JSON, and no line of it is")]
    BadJson,
}

/// Settings that change how files are read.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Which JSON keys hold which fields.
    pub json_keys: json::JsonKeys,
    /// How long one file's analysis may take before it is abandoned (see `analyze_file`).
    pub time_limit: Duration,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            json_keys: json::JsonKeys::default(),
            time_limit: DEFAULT_TIME_LIMIT,
        }
    }
}

/// The default for `AnalyzeOptions::time_limit`: far beyond any real page (the slowest of the
/// 1,300 eval pages takes well under a second), short enough that a run is not held up for long.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(30);
/// The most text one plain-text, Markdown or mail article is read for (8 MB: a long book).
pub const MAX_ARTICLE_TEXT: usize = 8 << 20;
/// Files this large, and every HTML file, are analyzed on a watched thread (see `analyze_file`);
/// smaller text is read where it is, since a thread per file would cost more than the reading.
const WATCHED_BYTES: usize = 64 << 10;
/// The stack of a watched analysis: deep enough for the nesting `bounds` lets through, with room.
const WATCHED_STACK_BYTES: usize = 64 << 20;

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
    let mut text = decoded.text.replace("\r\n", "\n");
    let kind = kind_of(path, bytes, &text);
    let cut_at = cut_long_text(kind, &mut text);
    let mut arts = match kind {
        Kind::Html => vec![html::analyze(bytes)],
        Kind::Json => json_articles(&text, opts)?,
        Kind::Markdown => markdown::analyze(&text, &opts.json_keys)
            .into_iter()
            .collect(),
        Kind::Mail => mail::analyze(bytes).into_iter().collect(),
        Kind::Text => vec![text::analyze(&text)],
    };
    if let (Some(line), Some(first)) = (cut_at, arts.first_mut()) {
        first.dropped.push(Dropped {
            line,
            reason: furniture::Kind::TooLong,
            text: String::new(),
        });
    }
    for a in &mut arts {
        a.cap_fields();
        if a.encoding.is_empty() {
            a.encoding = decoded.encoding;
        }
        if a.format.is_empty() {
            a.format = "text";
        }
        a.lang = language::choose(a.declared_lang.as_deref(), &a.title, &a.body);
    }
    arts.retain(|a| !(a.title.trim().is_empty() && a.body.trim().is_empty()));
    if arts.is_empty() {
        return Err(Skip::NoText);
    }
    Ok(arts)
}
/// The articles of a JSON or JSON Lines file; each line that is not valid JSON is listed in the
/// first article's dropped paragraphs (and `lede index` reports each as a problem).
fn json_articles(text: &str, opts: &AnalyzeOptions) -> Result<Vec<Article>, Skip> {
    let (mut arts, bad) = json::analyze(text, &opts.json_keys);
    if arts.is_empty() {
        return Err(if bad.is_empty() {
            Skip::NoText
        } else {
            Skip::BadJson
        });
    }
    // Each bad line is listed (and `lede index` reports each as a problem).
    for line in bad {
        arts[0].dropped.push(Dropped {
            line,
            reason: furniture::Kind::BadJsonLine,
            text: String::new(),
        });
    }
    Ok(arts)
}

/// One article of more text than [`MAX_ARTICLE_TEXT`] is a dump, not an article: the rest is
/// left out (and reported), which keeps the memory a file takes bounded. Returns the line the
/// cut starts at, if there was one. JSON exports and HTML pages are not cut here.
fn cut_long_text(kind: Kind, text: &mut String) -> Option<usize> {
    if !matches!(kind, Kind::Text | Kind::Markdown | Kind::Mail) || text.len() <= MAX_ARTICLE_TEXT {
        return None;
    }
    let mut end = text[..MAX_ARTICLE_TEXT]
        .rfind('\n')
        .unwrap_or(MAX_ARTICLE_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let line = text[..end].lines().count() + 1;
    text.truncate(end);
    Some(line)
}

/// Analyzes one file's bytes as `analyze_bytes` does, with bounds on time and stack: HTML files
/// and large files are read on a thread of their own with a large stack, and abandoned with
/// [`Skip::TooSlow`] once `opts.time_limit` passes (the thread finishes in the background, the
/// caller goes on); a panic in the analyzer becomes [`Skip::Failed`] instead of ending the run.
pub fn analyze_file(
    path: &Path,
    bytes: Vec<u8>,
    opts: &AnalyzeOptions,
) -> Result<Vec<Article>, Skip> {
    let html_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"));
    if bytes.len() < WATCHED_BYTES && !html_name && !html::looks_like_html(&bytes) {
        return catch(|| analyze_bytes(path, &bytes, opts));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let (path_owned, opts_owned) = (path.to_path_buf(), opts.clone());
    let spawned = std::thread::Builder::new()
        .name("lede-analyze".into())
        .stack_size(WATCHED_STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(catch(|| analyze_bytes(&path_owned, &bytes, &opts_owned)));
        });
    if let Err(e) = spawned {
        return Err(Skip::Failed(format!("cannot start a thread: {e}")));
    }
    match rx.recv_timeout(opts.time_limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(Skip::TooSlow(opts.time_limit.as_secs()))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Skip::Failed(
            "the analysis thread ended without a result".into(),
        )),
    }
}

/// Runs an analysis, turning a panic into [`Skip::Failed`].
fn catch(f: impl FnOnce() -> Result<Vec<Article>, Skip>) -> Result<Vec<Article>, Skip> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        Err(Skip::Failed(what))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_past_its_time_limit_is_abandoned() {
        let opts = AnalyzeOptions {
            time_limit: Duration::ZERO,
            ..AnalyzeOptions::default()
        };
        let page = b"<html><head><title>Pier</title></head><body><p>The pier.</p></body></html>";
        let got = analyze_file(Path::new("page.html"), page.to_vec(), &opts);
        assert!(matches!(got, Err(Skip::TooSlow(0))), "{got:?}");
        let ok = analyze_file(
            Path::new("page.html"),
            page.to_vec(),
            &AnalyzeOptions::default(),
        );
        assert_eq!(ok.map(|a| a[0].title.clone()).ok().as_deref(), Some("Pier"));
    }
}
