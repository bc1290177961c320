//! A search as a URL holds it: the parameters of `/api/search`, `/search.csv` and the search
//! page, read into search options in one place, and written back (for links that change one
//! thing: a facet clicked, a page turned).

use crate::search::{
    snippet_length, Facet, FilterText, SearchOptions, Sort, DEFAULT_SNIPPET_CHARS,
};

/// The most hits one request may ask for (`limit`), and the furthest it may page (`offset`).
pub const MAX_LIMIT: usize = 200;
/// See [`MAX_LIMIT`].
pub const MAX_OFFSET: usize = 10_000;

/// The parameters of one request, as given (order kept, keys repeatable).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// Reads a URL's query string (`q=oil&source=a&source=b`).
    pub fn parse(query: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `key`, if it has a non-empty one.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether a yes/no parameter is on (`1`, `true`, `on`, `yes`).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key)
            .is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes"))
    }

    /// These parameters with `key` set to `value` (every other value of it dropped; `None`
    /// removes it), and `offset` dropped unless it is the key: a changed search starts at its
    /// first page.
    pub fn with(&self, key: &str, value: Option<&str>) -> Params {
        let mut out: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(k, v)| k != key && (key == "offset" || k != "offset") && !v.is_empty())
            .cloned()
            .collect();
        if let Some(v) = value {
            out.push((key.to_string(), v.to_string()));
        }
        Params(out)
    }

    /// These parameters with one more value of a repeatable key.
    pub fn adding(&self, key: &str, value: &str) -> Params {
        let mut p = self.with("offset", None);
        if !p.0.iter().any(|(k, v)| k == key && v == value) {
            p.0.push((key.to_string(), value.to_string()));
        }
        p
    }

    /// These parameters without one value of a repeatable key.
    pub fn removing(&self, key: &str, value: &str) -> Params {
        let mut p = self.with("offset", None);
        p.0.retain(|(k, v)| !(k == key && v == value));
        p
    }

    /// The query string (`q=oil&source=a`), encoded.
    pub fn encode(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            s.append_pair(k, v);
        }
        s.finish()
    }

    /// A number parameter, `default` when absent; an error names it when it is not a number or
    /// above `max`.
    pub fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, String> {
        let Some(v) = self.get(key) else {
            return Ok(default);
        };
        let n: usize = v
            .trim()
            .parse()
            .map_err(|_| format!("{key} must be a whole number, not {v:?}"))?;
        if n > max {
            return Err(format!("{key} may be at most {max}"));
        }
        Ok(n)
    }

    /// The search these parameters ask for, as `lede search` would run it; `default_limit` when
    /// `limit` is not given. Errors are what to tell the user (HTTP 400).
    pub fn search_options(&self, default_limit: usize) -> Result<SearchOptions, String> {
        let filters = FilterText {
            since: self.get("since").map(str::to_string),
            until: self.get("until").map(str::to_string),
            sources: self.all("source"),
            path: self.get("path").map(str::to_string),
            langs: self.all("lang"),
        };
        let sort = match self.get("sort") {
            None | Some("relevance") => Sort::Relevance,
            Some("newest") => Sort::Newest,
            Some("oldest") => Sort::Oldest,
            Some(other) => {
                return Err(format!(
                    "sort must be relevance, newest or oldest, not {other:?}"
                ))
            }
        };
        let facets = self
            .all("facet")
            .iter()
            .map(|f| {
                Facet::named(f)
                    .ok_or_else(|| format!("facet must be source, lang, year or month, not {f:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let limit = self.number("limit", default_limit, MAX_LIMIT)?;
        Ok(SearchOptions {
            query: self.get("q").unwrap_or("").to_string(),
            // 0 means "every match" to the CLI; a server answers pages.
            limit: limit.max(1),
            offset: self.number("offset", 0, MAX_OFFSET)?,
            any: self.flag("any"),
            related: !self.flag("no_related"),
            plain: self.flag("plain"),
            snippet_chars: snippet_length(self.number(
                "snippet_chars",
                DEFAULT_SNIPPET_CHARS,
                2000,
            )?),
            explain: self.flag("explain"),
            copies: self.flag("copies"),
            sort,
            facets,
            ..filters.options("")?
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_read_as_the_command_line_reads_flags() {
        let p = Params::parse(Some(
            "q=oil+-gas&source=Harbour%20Gazette&source=Wire&lang=DE&since=2019&sort=newest\
             &facet=source&facet=month&limit=5&any=1",
        ));
        let o = p.search_options(10).expect("valid");
        assert_eq!(o.query, "oil -gas");
        assert_eq!(o.sources, vec!["Harbour Gazette", "Wire"]);
        assert_eq!(o.langs, vec!["de"]);
        assert_eq!(o.sort, Sort::Newest);
        assert_eq!(o.facets, vec![Facet::Source, Facet::Month]);
        assert_eq!((o.limit, o.any), (5, true));
        assert!(
            o.related,
            "related articles by default, as on the command line"
        );
        assert!(o.since.is_some() && o.until.is_none());
        let o = Params::parse(Some("q=a+b+c&any=1&no_related=1"))
            .search_options(10)
            .expect("valid");
        assert!(!o.related);
    }

    #[test]
    fn bad_values_are_errors_that_name_the_parameter() {
        // (query string, words the error must hold)
        let table: &[(&str, &str)] = &[
            ("limit=5000", "limit may be at most 200"),
            ("limit=ten", "limit must be a whole number"),
            ("sort=best", "sort must be"),
            ("facet=colour", "facet must be"),
            ("since=last+tuesday", "since:"),
            ("lang=German", "lang \"German\""),
            ("since=2020&until=2019", ""),
        ];
        for (q, want) in table {
            match Params::parse(Some(q)).search_options(10) {
                Err(e) => assert!(e.contains(want), "{q}: {e}"),
                // A start after the end is the search's own error (it says both dates).
                Ok(_) => assert!(want.is_empty(), "{q} accepted"),
            }
        }
    }

    #[test]
    fn links_change_one_thing_and_start_again_at_the_first_page() {
        let p = Params::parse(Some("q=oil&offset=20&source=A"));
        assert_eq!(
            p.with("sort", Some("newest")).encode(),
            "q=oil&source=A&sort=newest"
        );
        assert_eq!(
            p.with("offset", Some("40")).encode(),
            "q=oil&source=A&offset=40"
        );
        assert_eq!(p.adding("source", "B").encode(), "q=oil&source=A&source=B");
        assert_eq!(p.removing("source", "A").encode(), "q=oil");
        assert_eq!(
            Params::parse(Some("q=a%26b+%3Cc%3E")).encode(),
            "q=a%26b+%3Cc%3E"
        );
    }
}
