//! `--path` globs (globset, as ripgrep uses): `*` and `?` within one folder, `**` across
//! folders, `{a,b}` alternatives and `[a-z]` classes. A glob not starting with `/` may match at
//! any folder, and a glob that matches a folder matches everything under it (`--path 2019`).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use tantivy::query::TermSetQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::options::SearchError;

/// A compiled `--path` glob.
pub struct PathGlob {
    set: GlobSet,
}

impl PathGlob {
    /// Compiles `glob`, or says what is wrong with it.
    pub fn new(glob: &str) -> Result<PathGlob, SearchError> {
        let bad = |detail: String| SearchError::PathGlob {
            glob: glob.to_string(),
            detail,
        };
        let g = glob.trim();
        if g.is_empty() {
            return Err(bad("the glob is empty".into()));
        }
        let g = g.trim_end_matches('/');
        let g = if g.is_empty() { "/" } else { g };
        let (whole, under) = if g.starts_with('/') {
            (g.to_string(), format!("{}/**", g.trim_end_matches('/')))
        } else {
            let g = g.trim_start_matches("./");
            (format!("**/{g}"), format!("**/{g}/**"))
        };
        let mut b = GlobSetBuilder::new();
        for pattern in [whole, under] {
            let glob = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| bad(e.kind().to_string()))?;
            b.add(glob);
        }
        let set = b.build().map_err(|e| bad(e.to_string()))?;
        Ok(PathGlob { set })
    }

    /// Whether the absolute path `path` matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    /// The articles whose path matches: every path in the index is tested once.
    pub fn query(&self, searcher: &Searcher, field: Field) -> TermSetQuery {
        let mut terms = Vec::new();
        for seg in searcher.segment_readers() {
            let Ok(inv) = seg.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inv.terms().stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(p) = std::str::from_utf8(stream.key()) {
                    if self.is_match(p) {
                        terms.push(Term::from_field_text(field, p));
                    }
                }
            }
        }
        TermSetQuery::new(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_as_people_expect() {
        // (glob, path, matches)
        let table = [
            ("gazette/**/*.txt", "/home/me/news/gazette/2019/a.txt", true),
            (
                "gazette/**/*.txt",
                "/home/me/news/courier/2019/a.txt",
                false,
            ),
            ("/news/*.txt", "/news/a.txt", true),
            ("/news/*.txt", "/news/x/a.txt", false),
            ("*.{html,htm}", "/a/b/page.htm", true),
            ("*.{html,htm}", "/a/b/page.txt", false),
            ("201[89]/*", "/n/2019/a.txt", true),
            ("201[89]/*", "/n/2017/a.txt", false),
            ("2019", "/n/gazette/2019/march/a.txt", true),
            ("2019", "/n/gazette/20190/a.txt", false),
            ("gazette/", "/n/gazette/a.txt", true),
            ("news–2019/*", "/n/news–2019/a.txt", true),
            ("*.txt", "/n/deep/er/a.txt", true),
        ];
        for (glob, path, want) in table {
            let g = PathGlob::new(glob).expect(glob);
            assert_eq!(g.is_match(path), want, "{glob} on {path}");
        }
    }

    #[test]
    fn bad_globs_say_what_is_wrong() {
        for bad in ["[abc", "{a,b", ""] {
            let e = PathGlob::new(bad)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains("path glob"), "{bad}: {e}");
        }
    }
}
