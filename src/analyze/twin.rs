//! Patterns with long counted repeats, compiled cheaply. A repeat such as `[\p{L} ]{3,60}` makes
//! sixty copies of a Unicode class in the regex engine's automaton, and compiling a few such
//! patterns was half of what `lede parse` did for a single file (about 40 of 80 ms). A [`Twin`]
//! first runs the same pattern with each `{m,n}` opened to `{m,}`, which matches everything the
//! pattern does (and more) and compiles in a fraction of the time; the pattern as written is
//! compiled and run only when the cheap match falls outside its bounds, which few texts do.

use std::sync::{LazyLock, OnceLock};

use regex::{Captures, Regex};

/// A pattern and its twin without upper bounds on counted repeats.
pub struct Twin {
    source: &'static str,
    open: Regex,
    /// Whether any repeat was opened (else `open` is the pattern itself).
    opened: bool,
    exact: OnceLock<Regex>,
}

/// `{m,n}` repeats (not escaped braces).
static COUNTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^\\])\{(\d+),(\d+)\}").expect("valid regex"));

/// Repeats of at most this many are left as they are: they cost little to compile.
const SMALL_REPEAT: u32 = 10;

/// `source` with the upper bound of each long counted repeat dropped.
fn open_repeats(source: &str) -> String {
    COUNTED
        .replace_all(source, |c: &Captures| {
            let max: u32 = c[3].parse().unwrap_or(u32::MAX);
            if max <= SMALL_REPEAT {
                c[0].to_string()
            } else {
                format!("{}{{{},}}", &c[1], &c[2])
            }
        })
        .into_owned()
}

impl Twin {
    /// Compiles the open twin of `source` (the pattern itself waits until it is needed).
    pub fn new(source: &'static str) -> Twin {
        let open = Regex::new(&open_repeats(source)).expect("valid open pattern");
        let exact = OnceLock::new();
        let opened = open.as_str() != source;
        if !opened {
            // Nothing to open: the pattern is its own twin, compiled once.
            let _ = exact.set(open.clone());
        }
        Twin {
            source,
            open,
            opened,
            exact,
        }
    }

    /// The pattern as written, as given (for tests that hold a twin to its pattern).
    #[cfg(test)]
    pub fn pattern(&self) -> &'static str {
        self.source
    }

    /// The pattern as written.
    fn exact(&self) -> &Regex {
        self.exact
            .get_or_init(|| Regex::new(self.source).expect("valid pattern"))
    }

    /// Whether the pattern matches `text`: the open twin rules most texts out.
    pub fn is_match(&self, text: &str) -> bool {
        self.open.is_match(text) && (!self.opened || self.exact().is_match(text))
    }

    /// The pattern's captures in `text`. `within` says whether the open twin's match keeps to
    /// every bound the twin opened; when it does, it is the pattern's own match (the twin tries
    /// the same choices in the same order, and the bounds only rule some out), else the pattern
    /// decides.
    pub fn captures<'t>(
        &self,
        text: &'t str,
        within: impl Fn(&Captures<'t>) -> bool,
    ) -> Option<Captures<'t>> {
        let c = self.open.captures(text)?;
        if within(&c) {
            Some(c)
        } else {
            self.exact().captures(text)
        }
    }
}

/// The number of characters in capture group `i` of `c` (0 when it did not take part).
pub fn chars(c: &Captures, i: usize) -> usize {
    c.get(i).map_or(0, |m| m.as_str().chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_repeats_lose_their_upper_bound_only() {
        // (pattern, its open twin)
        let table = [
            (r"a{1,40}b", r"a{1,}b"),
            (r"[^.]{0,200}$", r"[^.]{0,}$"),
            (r"x{3}y{2,}z{4,40}?", r"x{3}y{2,}z{4,}?"),
            (r"\s+-{1,2}\s", r"\s+-{1,2}\s"),
            (r"\{1,20\}", r"\{1,20\}"),
        ];
        for (pattern, open) in table {
            assert_eq!(open_repeats(pattern), open, "{pattern}");
        }
    }

    #[test]
    fn the_twin_answers_as_the_pattern_does() {
        let twin = Twin::new(r"^(by)\s+([\p{L} ]{3,18}?)(,.*)?$");
        let exact = Regex::new(twin.source).expect("valid");
        let within = |c: &Captures| (3..=18).contains(&chars(c, 2));
        let texts = [
            "by Al, x",
            "by Al , x",
            "by Annabelle Roe",
            "by Annabelle Roe Smithson",
            "by Jo",
            "",
        ];
        for text in texts {
            let want = exact.captures(text).map(|c| c[2].to_string());
            let got = twin.captures(text, within).map(|c| c[2].to_string());
            assert_eq!(got, want, "{text}");
            assert_eq!(twin.is_match(text), exact.is_match(text), "{text}");
        }
    }
}
