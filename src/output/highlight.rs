//! Marking the matched words of a snippet: ANSI colour, Markdown, HTML, or nothing.

use owo_colors::OwoColorize;

use super::options::Highlight;

/// The snippet with its highlights marked as `how` asks.
pub fn mark(snippet: &str, ranges: &[[usize; 2]], how: Highlight) -> String {
    if how == Highlight::None || (ranges.is_empty() && how != Highlight::Html) {
        return snippet.to_string();
    }
    let chars: Vec<char> = snippet.chars().collect();
    let plain = |s: &[char]| -> String {
        let s: String = s.iter().collect();
        if how == Highlight::Html {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        } else {
            s
        }
    };
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 12);
    let mut at = 0;
    for &[s, e] in ranges {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        if s < at {
            continue;
        }
        out.push_str(&plain(&chars[at..s]));
        let word = plain(&chars[s..e]);
        match how {
            Highlight::Ansi => out.push_str(&word.bold().yellow().to_string()),
            Highlight::Markdown => out.push_str(&format!("**{word}**")),
            Highlight::Html => out.push_str(&format!("<b>{word}</b>")),
            Highlight::None => out.push_str(&word),
        }
        at = e;
    }
    out.push_str(&plain(&chars[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_in_every_style() {
        let r = [[0, 3]];
        assert!(mark("oil & gas", &r, Highlight::Ansi).contains("\u{1b}["));
        assert_eq!(mark("oil & gas", &r, Highlight::Markdown), "**oil** & gas");
        assert_eq!(
            mark("oil & gas", &r, Highlight::Html),
            "<b>oil</b> &amp; gas"
        );
        assert_eq!(mark("oil & gas", &r, Highlight::None), "oil & gas");
    }
}
