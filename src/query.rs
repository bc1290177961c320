//! Query text as people write it, turned into what tantivy reads: dates such as `date:2018-02`
//! or `--since 2018` become RFC 3339 ranges, path globs become regular expressions.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use regex::Regex;

use crate::analyze::dates::parse_date;

static DATE_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bdate:(>=|<=|>|<)?(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\b|$)")
        .expect("valid regex")
});

/// A period written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or any single date lede can read):
/// its first instant and the first instant after it, in UTC.
pub fn period(text: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let t = text.trim();
    let bad =
        || format!("cannot read {t:?} as a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2018-02)");
    let parts: Vec<&str> = t.split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
    let (start, end) = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            (day(y, 1, 1)?, day(y + 1, 1, 1)?)
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let start = day(y, m, 1)?;
            let end = if m == 12 {
                day(y + 1, 1, 1)?
            } else {
                day(y, m + 1, 1)?
            };
            (start, end)
        }
        [y, m, d] if y.len() == 4 => {
            let start = day(num(y)? as i32, num(m)?, num(d)?)?;
            (start, start.succ_opt().ok_or_else(bad)?)
        }
        _ => {
            let d = parse_date(t).ok_or_else(bad)?;
            let start = d.utc;
            let end = if d.has_time {
                start + chrono::Duration::seconds(1)
            } else {
                start + chrono::Duration::days(1)
            };
            return Ok((start, end));
        }
    };
    let utc = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
    Ok((utc(start), utc(end)))
}

fn rfc(d: DateTime<Utc>) -> String {
    // tantivy's parser wants full RFC 3339 with a zone.
    if d.year() > 9999 {
        return "9999-12-31T23:59:59Z".into();
    }
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Rewrites `date:2018`, `date:2018-02`, `date:>=2018-01-01` and the like into the RFC 3339
/// ranges tantivy's query parser reads. Other text is left as it is.
pub fn rewrite_date_terms(query: &str) -> Result<String, String> {
    // Compiling the pattern costs more than a small search: only when there is a date term.
    if !query.contains("date:") {
        return Ok(query.to_string());
    }
    let mut err = None;
    let out = DATE_TERM.replace_all(query, |c: &regex::Captures| {
        let (start, end) = match period(&c[2]) {
            Ok(p) => p,
            Err(e) => {
                err.get_or_insert(e);
                return c[0].to_string();
            }
        };
        let (s, e) = (rfc(start), rfc(end));
        match c.get(1).map(|m| m.as_str()) {
            None => format!("date:[{s} TO {e}}}"),
            Some(">=") => format!("date:[{s} TO *]"),
            Some(">") => format!("date:[{e} TO *]"),
            Some("<") => format!("date:[* TO {s}}}"),
            _ => format!("date:[* TO {e}}}"),
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok(out.into_owned()),
    }
}

/// A shell-style glob as a regular expression over whole absolute paths: `*` and `?` stay within
/// one folder, `**` crosses folders, and a glob that does not start with `/` may match at any
/// folder (`gazette/**` matches `/home/me/news/gazette/2019/a.txt`).
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::new();
    if !glob.starts_with('/') {
        re.push_str("(.*/)?");
    }
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                re.push_str(".*");
                i += 1;
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c if c.is_alphanumeric() || c == '/' || c == '_' => re.push(c),
            c => {
                re.push('\\');
                re.push(c);
            }
        }
        i += 1;
    }
    re
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_cover_whole_calendar_units() {
        let (s, e) = period("2018-02").expect("month");
        assert_eq!(rfc(s), "2018-02-01T00:00:00Z");
        assert_eq!(rfc(e), "2018-03-01T00:00:00Z");
        let (s, e) = period("2018").expect("year");
        assert_eq!(
            (rfc(s), rfc(e)),
            ("2018-01-01T00:00:00Z".into(), "2019-01-01T00:00:00Z".into())
        );
        let (_, e) = period("2020-12").expect("december");
        assert_eq!(rfc(e), "2021-01-01T00:00:00Z");
        assert!(period("2018-13").is_err());
        assert!(period("soon").is_err());
    }

    #[test]
    fn date_terms_become_ranges() {
        assert_eq!(
            rewrite_date_terms("oil date:2018-02").expect("ok"),
            "oil date:[2018-02-01T00:00:00Z TO 2018-03-01T00:00:00Z}"
        );
        assert_eq!(
            rewrite_date_terms("date:>=2018-01-01").expect("ok"),
            "date:[2018-01-01T00:00:00Z TO *]"
        );
        assert_eq!(
            rewrite_date_terms("date:<2019").expect("ok"),
            "date:[* TO 2019-01-01T00:00:00Z}"
        );
        assert!(rewrite_date_terms("date:2018-99").is_err());
        assert_eq!(rewrite_date_terms("update:x").expect("ok"), "update:x");
    }

    #[test]
    fn globs() {
        let re = Regex::new(&format!("^{}$", glob_to_regex("gazette/**/*.txt"))).expect("re");
        assert!(re.is_match("/home/me/news/gazette/2019/a.txt"));
        assert!(!re.is_match("/home/me/news/courier/2019/a.txt"));
        let re = Regex::new(&format!("^{}$", glob_to_regex("/news/*.txt"))).expect("re");
        assert!(re.is_match("/news/a.txt"));
        assert!(!re.is_match("/news/x/a.txt"));
    }
}
