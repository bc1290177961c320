//! Plain-text articles: scraped pages with their furniture, title-then-body files, wire stories
//! with a date stamp under the title.
//!
//! The header is the title line and the few short lines under it; a date line there marks where the
//! body starts, and a standalone sentence between the title and the date line is the summary.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{find_date_in_line, FoundDate};
use super::furniture::{self, Block};
use super::{source, Article, Found};

/// How many non-blank lines under the title may hold the date line.
const HEADER_LINES: usize = 8;

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(by|written by|words by|reporting by)\s+([\p{L}.'\- ]{3,60}?)(\s*[,|•·]\s*(.*))?$",
    )
    .expect("valid regex")
});

/// Splits text into paragraphs at blank lines, remembering where each starts.
pub fn paragraphs(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(Block {
                    text: cur.join("\n"),
                    line: start + 1,
                });
                cur.clear();
            }
        } else {
            if cur.is_empty() {
                start = i;
            }
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(Block {
            text: cur.join("\n"),
            line: start + 1,
        });
    }
    out
}

/// One non-blank line, with whether a blank line came before it.
struct Line<'a> {
    text: &'a str,
    no: usize,
    para_start: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut blank = true;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_end();
        if t.trim().is_empty() {
            blank = true;
            continue;
        }
        out.push(Line {
            text: t,
            no: i + 1,
            para_start: blank,
        });
        blank = false;
    }
    out
}

/// Reads a plain-text article.
pub fn analyze(text: &str) -> Article {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let all = lines(&text);
    let mut art = Article::default();
    let mut dropped = Vec::new();

    // Title: the first line that is not furniture.
    let mut pos = 0;
    while pos < all.len() {
        if let Some(reason) = furniture::is_furniture_line(all[pos].text) {
            dropped.push(furniture::Dropped {
                line: all[pos].no,
                reason: reason.to_string(),
                text: all[pos].text.to_string(),
            });
            pos += 1;
        } else {
            break;
        }
    }
    let Some(title_line) = all.get(pos) else {
        art.dropped = dropped;
        return art;
    };
    art.title = title_line.text.trim().to_string();
    pos += 1;

    // Header: a date line, a byline and a summary may sit in the next few lines.
    let header_end = (pos + HEADER_LINES).min(all.len());
    let mut date_at = None;
    let mut found: Option<FoundDate> = None;
    for (i, l) in all.iter().enumerate().take(header_end).skip(pos) {
        if let Some(d) = find_date_in_line(l.text) {
            date_at = Some(i);
            found = Some(d);
            break;
        }
    }
    let mut body_from = pos;
    if let (Some(at), Some(d)) = (date_at, found) {
        art.date = Some(Found {
            value: d,
            rule: format!("date line under the title (line {})", all[at].no),
        });
        let mut summary = Vec::new();
        for l in &all[pos..at] {
            if let Some(c) = BYLINE.captures(l.text.trim()) {
                art.author = Some(c[2].trim().to_string());
            } else if let Some(reason) = furniture::is_furniture_line(l.text) {
                dropped.push(furniture::Dropped {
                    line: l.no,
                    reason: reason.to_string(),
                    text: l.text.to_string(),
                });
            } else {
                summary.push(l.text.trim());
            }
        }
        let summary = summary.join(" ");
        if summary.split_whitespace().count() >= 4 {
            art.summary = Some(summary);
        }
        // The rest of the date line may carry a byline ("By Jane Roe | May 2, 2021").
        if art.author.is_none() {
            if let Some(c) = BYLINE.captures(all[at].text.trim()) {
                art.author = Some(c[2].trim().to_string());
            }
        }
        body_from = at + 1;
    } else if let Some(l) = all.get(pos) {
        if let Some(c) = BYLINE.captures(l.text.trim()) {
            art.author = Some(c[2].trim().to_string());
            body_from = pos + 1;
        }
    }

    // Body: the remaining paragraphs, furniture removed. Lines keep their paragraph breaks.
    let mut blocks: Vec<Block> = Vec::new();
    for l in &all[body_from..] {
        match blocks.last_mut() {
            Some(b) if !l.para_start => {
                b.text.push('\n');
                b.text.push_str(l.text);
            }
            _ => blocks.push(Block {
                text: l.text.to_string(),
                line: l.no,
            }),
        }
    }
    // A wire story signs off with a lone "Reuter" line.
    if let Some(last) = blocks.last_mut() {
        if let Some((rest, sig)) = last.text.rsplit_once('\n').or(Some(("", &last.text))) {
            if source::is_wire_signoff(sig) {
                art.source = Some(Found {
                    value: source::wire_name(sig),
                    rule: "wire sign-off at the end".to_string(),
                });
                dropped.push(furniture::Dropped {
                    line: last.line,
                    reason: "wire sign-off".to_string(),
                    text: sig.trim().to_string(),
                });
                last.text = rest.to_string();
            }
        }
    }
    blocks.retain(|b| !b.text.trim().is_empty());
    let (kept, more) = furniture::strip(blocks);
    dropped.extend(more);
    art.body = kept
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if art.source.is_none() {
        art.source = source::from_text(&art.body, &dropped);
    }
    art.source_is_guess = art.source.is_some();
    art.dropped = dropped;
    art
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_then_body() {
        let a = analyze(
            "Harbour plan approved\n\nThe council approved the plan.\n\nWork starts in May.\n",
        );
        assert_eq!(a.title, "Harbour plan approved");
        assert_eq!(
            a.body,
            "The council approved the plan.\n\nWork starts in May."
        );
        assert!(a.date.is_none());
        assert!(a.summary.is_none());
    }

    #[test]
    fn wire_story_with_stamp_and_signoff() {
        let a = analyze(
            "GRAIN TRADERS EYE RAIN\n 4-MAR-1987 11:02:13.40\n\nTraders said rain would help.\n    Prices fell.\n Reuter\n",
        );
        assert_eq!(a.title, "GRAIN TRADERS EYE RAIN");
        let d = a.date.as_ref().map(|d| d.value.to_rfc3339());
        assert_eq!(d.as_deref(), Some("1987-03-04T11:02:13Z"));
        assert!(a.body.ends_with("Prices fell."), "{:?}", a.body);
        assert_eq!(a.source.map(|s| s.value).as_deref(), Some("Reuters"));
    }

    #[test]
    fn summary_and_byline_between_title_and_date() {
        let a = analyze(
            "Ferry fares to rise\n\nOperators blame fuel costs for the first rise in six years.\n\nBy Tom Reyes\nMarch 2, 2021\n\nFares rise on Monday.\n",
        );
        assert_eq!(
            a.summary.as_deref(),
            Some("Operators blame fuel costs for the first rise in six years.")
        );
        assert_eq!(a.author.as_deref(), Some("Tom Reyes"));
        assert_eq!(a.body, "Fares rise on Monday.");
    }

    #[test]
    fn a_date_deep_in_the_body_is_not_the_article_date() {
        let mut text = String::from("Title here\n\n");
        for _ in 0..10 {
            text.push_str("A long paragraph of ordinary prose that runs on for a while.\n\n");
        }
        text.push_str("Related Content\n\nAugust 21, 2018\nOther story\n");
        let a = analyze(&text);
        assert!(a.date.is_none());
        assert!(!a.body.contains("Other story"));
    }
}
