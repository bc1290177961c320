//! Helpers the formats share: white space folded, a web address's host, text split into
//! paragraphs.

/// One paragraph of text and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The paragraph's text, lines joined with `\n`.
    pub text: String,
    /// Line number of its first line in the file.
    pub line: usize,
}

/// Runs of whitespace as one space, ends trimmed.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The host of a web address, less `www.`.
pub(super) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

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

/// True when a paragraph reads as running text: one line of eight words or more that ends like a
/// sentence. A teaser is a headline, or a date over a headline, even when the headline ends with
/// a full stop; a byline is a name, with a title or a place ("By Christmas, the ferry will run
/// twice a day." is a sentence).
pub(crate) fn is_sentence(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['"', '\'', '”', '’', '»', '“']);
    !t.contains('\n') && t.ends_with(['.', '!', '?']) && t.split_whitespace().count() >= 8
}
