//! An article as the analyzer reads it: its fields, each with the rule that chose it, and what
//! was dropped as furniture.

use serde_json::{json, Value};

use super::dates::FoundDate;
use super::furniture::Dropped;

/// The longest title kept, in characters (headlines run to a few hundred at most).
pub const MAX_TITLE_CHARS: usize = 500;
/// The longest summary kept.
pub const MAX_SUMMARY_CHARS: usize = 2000;
/// The longest source or author name kept.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest web address kept.
pub const MAX_URL_CHARS: usize = 2048;

/// Cuts `s` to at most `max` characters, at the last space in the second half if there is one.
fn cap(s: &mut String, max: usize) {
    let Some((end, _)) = s.char_indices().nth(max) else {
        return;
    };
    let cut = match s[..end].rfind(' ') {
        Some(i) if s[..i].chars().count() > max / 2 => i,
        _ => end,
    };
    s.truncate(cut);
}

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
    /// The language the file declares for itself, as written (`en-US`), if it does.
    pub declared_lang: Option<String>,
    /// The article's language, ISO 639-1 (see `language::choose`).
    pub lang: Option<Found<String>>,
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

    /// Cuts the short fields to their limits (a 5 MB mail subject is not a title), on a word
    /// boundary where there is one.
    pub fn cap_fields(&mut self) {
        cap(&mut self.title, MAX_TITLE_CHARS);
        if let Some(s) = &mut self.summary {
            cap(s, MAX_SUMMARY_CHARS);
        }
        if let Some(s) = &mut self.source {
            cap(&mut s.value, MAX_NAME_CHARS);
        }
        if let Some(a) = &mut self.author {
            cap(a, MAX_NAME_CHARS);
        }
        if let Some(u) = &mut self.url {
            cap(u, MAX_URL_CHARS);
        }
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
            "lang": self.lang.as_ref().map(|l| l.value.clone()),
            "lang_rule": self.lang.as_ref().map(|l| l.rule.clone()),
            "words": self.word_count(),
            "body": self.body,
        });
        if explain {
            v["dropped"] = json!(self.dropped);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_fields_are_cut_on_a_word() {
        let mut a = Article {
            title: "word ".repeat(400),
            author: Some("x".repeat(300)),
            ..Article::default()
        };
        a.cap_fields();
        assert!(a.title.chars().count() <= MAX_TITLE_CHARS);
        assert!(
            a.title.ends_with("word"),
            "{:?}",
            &a.title[a.title.len() - 10..]
        );
        assert_eq!(a.author.map(|s| s.chars().count()), Some(MAX_NAME_CHARS));
        let mut short = Article {
            title: "Pier closes".into(),
            ..Article::default()
        };
        short.cap_fields();
        assert_eq!(short.title, "Pier closes");
    }
}
