//! Text copied out of a PDF or a printed page: the running head each page repeats with its page
//! number, "Page 3 of 12" lines, and words hyphenated across a line break. Undone before the
//! text is read as an article; text without them comes back as it was.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// A line set with its page number at the far edge: "ANNUAL REPORT 2022          3", or
/// "4          ANNUAL REPORT 2022" on a left-hand page.
static RUNNING_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(\S.{3,}?)\s{3,}\d{1,4}|\d{1,4}\s{3,}(\S.{3,}?))\s*$").expect("valid regex")
});

/// "Page 3 of 12", "Page 3", "- 3 -", "3 / 12" alone on a line.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:page|seite|página|pagina|p\.)\s*\d{1,4}(?:\s*(?:of|/|von|de|di)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4})\s*$")
        .expect("valid regex")
});

/// Whether `line` holds what every `RUNNING_HEAD` line does: a digit and three white-space
/// characters in a row (`\s` is Unicode's white space, as `char::is_whitespace`).
fn could_be_running_head(line: &str) -> bool {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut run = 0;
    line.chars().any(|c| {
        run = if c.is_whitespace() { run + 1 } else { 0 };
        run >= 3
    })
}

/// A line this long or longer is set to a measure: a dash at its end may break a word.
const MEASURE_CHARS: usize = 30;

/// Words broken over a line end joined again: a long line ending "remov-", the next starting
/// "ing"; a compound the text also writes whole on one line ("north-east") keeps its hyphen.
/// `None` when there are none.
fn join_hyphenated(text: &str) -> Option<String> {
    let broken = |line: &str, next: &str| {
        let mut end = line.chars().rev();
        let split = end.next() == Some('-')
            && end.next().is_some_and(char::is_lowercase)
            && line.chars().count() >= MEASURE_CHARS
            && next.trim_start().starts_with(char::is_lowercase);
        if !split {
            return false;
        }
        let head = line.rsplit(char::is_whitespace).next().unwrap_or("");
        let tail = next.split_whitespace().next().unwrap_or("");
        let compound = format!(
            "{head}{}",
            tail.trim_end_matches(|c: char| !c.is_alphanumeric())
        );
        !text.contains(&compound)
    };
    let lines: Vec<&str> = text.split('\n').collect();
    if !lines.windows(2).any(|w| broken(w[0], w[1])) {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for l in lines {
        match out.last_mut() {
            Some(prev) if broken(prev, l) => {
                prev.pop();
                prev.push_str(l.trim_start());
            }
            _ => out.push(l.to_string()),
        }
    }
    Some(out.join("\n"))
}

/// The text with page furniture of a printed document taken out and hyphenated words joined.
/// A running head counts only when its words come back on two pages or more.
pub fn unpage(text: &str) -> Cow<'_, str> {
    let text = if text.contains('\u{c}') {
        Cow::Owned(text.replace('\u{c}', "\n\n"))
    } else {
        Cow::Borrowed(text)
    };
    let head_of = |l: &str| {
        // Most lines have no run of three spaces and a number: they skip the regex's captures.
        if !could_be_running_head(l) {
            return None;
        }
        RUNNING_HEAD
            .captures(l)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| m.as_str().trim().to_string())
    };
    let mut heads: HashMap<String, usize> = HashMap::new();
    for h in text.lines().filter_map(head_of) {
        *heads.entry(h).or_default() += 1;
    }
    let repeated = |l: &str| head_of(l).is_some_and(|h| heads.get(&h).is_some_and(|&n| n >= 2));
    let has_pages = text.lines().any(|l| repeated(l) || PAGE_NUMBER.is_match(l));
    let text = if has_pages {
        let kept: Vec<&str> = text
            .lines()
            .map(|l| {
                if repeated(l) || PAGE_NUMBER.is_match(l) {
                    ""
                } else {
                    l
                }
            })
            .collect();
        Cow::Owned(kept.join("\n"))
    } else {
        text
    };
    if !has_pages {
        // Hard-wrapped text without pages breaks lines at a compound's own hyphen
        // ("two-\ndimensional") as often as inside a word: a dash at a line end proves nothing.
        return text;
    }
    join_hyphenated(&text).map_or(text, Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_head_check_passes_every_line_the_pattern_matches() {
        // (line, a running head): the cheap check may pass lines the pattern then refuses, but
        // never holds back one it matches.
        let table = [
            ("Annual Report 2023     12", true),
            ("14\t\t\tHarbour Authority Review", true),
            ("Harbour Review\u{a0}\u{a0}\u{a0}7", true),
            ("The tide came in at 7 and went out at noon.", false),
            ("Page   of the report", false),
            ("", false),
        ];
        for (line, head) in table {
            assert_eq!(RUNNING_HEAD.is_match(line), head, "{line:?}");
            assert!(could_be_running_head(line) || !head, "{line:?}");
        }
        assert!(!could_be_running_head("Page   of the report"));
    }

    #[test]
    fn page_furniture_of_a_printed_document_goes() {
        // Each row: the text, what it becomes.
        let table: &[(&str, &str)] = &[
            // A running head with its page number, twice: both go.
            (
                "HARBOUR TRUST REPORT      3\nDredging\nHARBOUR TRUST REPORT      4\nMore",
                "\nDredging\n\nMore",
            ),
            // Once is a line of the text (a table row, a heading with a figure).
            (
                "Tonnes landed      1200\nThe catch rose.",
                "Tonnes landed      1200\nThe catch rose.",
            ),
            (
                "The end.\nPage 3 of 12\nNext page.",
                "The end.\n\nNext page.",
            ),
            ("The end.\n- 4 -\nNext.", "The end.\n\nNext."),
            // On a printed page a word broken over a long line is joined; a short line's dash
            // stays, and so does a compound the text writes whole elsewhere.
            (
                "Page 1\nThe trust dredged the inner harbour, remov-\ning silt.",
                "\nThe trust dredged the inner harbour, removing silt.",
            ),
            ("Page 1\nItems: east-\nwest", "\nItems: east-\nwest"),
            (
                "Page 1\nThe north-east quay. The line ran to the old north-\neast quay.",
                "\nThe north-east quay. The line ran to the old north-\neast quay.",
            ),
            // Text that shows no pages keeps every line end as it was.
            (
                "The flow was taken as two-\ndimensional in the first part of the study.",
                "The flow was taken as two-\ndimensional in the first part of the study.",
            ),
        ];
        for (text, want) in table {
            assert_eq!(unpage(text), *want, "{text:?}");
        }
    }

    #[test]
    fn plain_text_comes_back_unchanged() {
        let text = "Gulls return\n\nThe gulls came back.\n";
        assert!(matches!(unpage(text), Cow::Borrowed(_)));
    }
}
