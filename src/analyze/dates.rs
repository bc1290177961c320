//! Dates as articles write them, parsed with chrono: month names, numeric, ISO 8601, RFC 2822 and
//! the wire form `26-FEB-1987 15:01:01.79`, with or without times and zones.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex::Regex;

/// A date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The instant, in UTC (a date without a zone is taken as UTC).
    pub utc: DateTime<Utc>,
    /// The offset the text gave, when it gave one.
    pub offset: Option<FixedOffset>,
    /// Whether the text gave a time of day.
    pub has_time: bool,
}

impl FoundDate {
    /// RFC 3339 in UTC, as lede outputs dates.
    pub fn to_rfc3339(&self) -> String {
        self.utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// RFC 3339 as the article gave it: in its own offset when it gave one (so the calendar day
    /// is the publisher's), else in UTC.
    pub fn display(&self) -> String {
        self.original().unwrap_or_else(|| self.to_rfc3339())
    }

    /// RFC 3339 in the offset the text gave, when it gave one.
    pub fn original(&self) -> Option<String> {
        self.offset.map(|o| {
            self.utc
                .with_timezone(&o)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
    }
}

const DATE_FORMATS: &[&str] = &[
    "%B %d %Y", "%d %B %Y", "%Y-%m-%d", "%d-%b-%Y", "%Y/%m/%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y",
    "%Y.%m.%d", "%Y%m%d",
];

const TIME_FORMATS: &[&str] = &[
    "%H:%M:%S%.f",
    "%H:%M:%S",
    "%H:%M",
    "%I:%M %p",
    "%I:%M:%S %p",
    "%I %p",
    "%H.%M",
];

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(first\s+)?(published|posted|updated|last\s+updated|last\s+modified|modified|created|dated?|filed|issued)(\s+on|\s+at)?\s*[:\-]?\s*",
    )
    .expect("valid regex")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\b\.?,?",
    )
    .expect("valid regex")
});
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(st|nd|rd|th)\b").expect("valid regex"));
static AMPM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\d)\s*([ap])\.?\s?m\b\.?").expect("valid regex"));
const ZONES: &str = "utc|gmt|z|est|edt|cst|cdt|mst|mdt|pst|pdt|bst|cet|cest|eet|eest|et|pt|ct|jst|aest|aedt|ist|msk";
static ZONE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\s*\(?\b({ZONES})\)?\s*(([+-])(\d{{1,2}})(?::?(\d{{2}}))?)?$|\s+([+-])(\d{{2}}):?(\d{{2}})$"))
        .expect("valid regex")
});
/// A zone written straight after the time: `00:30:00PDT`, `11:01:28+0900`.
static GLUED_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([A-Za-z]{2,4}|[+-]\d{2}:?\d{2})$")
        .expect("valid regex")
});
static ISO_T: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)T(\d)").expect("valid regex"));
static LETTER_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Za-z]{3,})\.").expect("valid regex"));
static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[ap]m)?(?:\s+(?:{ZONES})\b)?)\s+(.*)$"
    ))
    .expect("valid regex")
});

/// Month names in the languages archives most often hold, to their English names (chrono reads
/// English only).
const FOREIGN_MONTHS: &[(&str, &str)] = &[
    ("januar", "January"),
    ("jänner", "January"),
    ("janvier", "January"),
    ("enero", "January"),
    ("gennaio", "January"),
    ("januari", "January"),
    ("janeiro", "January"),
    ("februar", "February"),
    ("février", "February"),
    ("fevrier", "February"),
    ("febrero", "February"),
    ("febbraio", "February"),
    ("februari", "February"),
    ("fevereiro", "February"),
    ("märz", "March"),
    ("maerz", "March"),
    ("mars", "March"),
    ("marzo", "March"),
    ("maart", "March"),
    ("março", "March"),
    ("marts", "March"),
    ("avril", "April"),
    ("abril", "April"),
    ("aprile", "April"),
    ("mai", "May"),
    ("mayo", "May"),
    ("maggio", "May"),
    ("mei", "May"),
    ("maio", "May"),
    ("maj", "May"),
    ("juni", "June"),
    ("juin", "June"),
    ("junio", "June"),
    ("giugno", "June"),
    ("junho", "June"),
    ("juli", "July"),
    ("juillet", "July"),
    ("julio", "July"),
    ("luglio", "July"),
    ("julho", "July"),
    ("août", "August"),
    ("aout", "August"),
    ("agosto", "August"),
    ("augusti", "August"),
    ("septembre", "September"),
    ("septiembre", "September"),
    ("settembre", "September"),
    ("setembro", "September"),
    ("oktober", "October"),
    ("octobre", "October"),
    ("octubre", "October"),
    ("ottobre", "October"),
    ("outubro", "October"),
    ("okt", "Oct"),
    ("novembre", "November"),
    ("noviembre", "November"),
    ("novembro", "November"),
    ("dezember", "December"),
    ("décembre", "December"),
    ("decembre", "December"),
    ("diciembre", "December"),
    ("dicembre", "December"),
    ("dezembro", "December"),
    ("dez", "Dec"),
    ("mär", "Mar"),
];

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{L}+").expect("valid regex"));
static DAY_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.\s+(\p{L})").expect("valid regex"));

/// What any match of `DAY_DOT` holds, without its word boundary.
static DAY_DOT_NEEDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d\.\s+\p{L}").expect("valid regex"));
/// What any match of `DAY_DE_MONTH` holds, without its word boundaries.
static DAY_DE_MONTH_NEEDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d\s+de\s+\p{L}+\.?\s+(?:de|del)\s+\d{4}").expect("valid regex")
});
/// Every foreign month name, for one pass over a lower-cased text.
static MONTH_FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(FOREIGN_MONTHS.iter().map(|(f, _)| f)).expect("valid months")
});

/// Spanish and Portuguese dates: "17 de marzo de 2020", "3 de março de 2021".
static DAY_DE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+de\s+(\p{L}+)\.?\s+(?:de|del)\s+(\d{4})\b").expect("valid regex")
});

/// Replaces foreign month names with English ones, "1. Februar" with "1 Februar" and "17 de
/// marzo de 2020" with "17 marzo 2020".
fn englishify(s: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // Each step below runs only where it can change something: these run over whole texts.
    let lower = s.to_lowercase();
    let months = MONTH_FINDER.is_match(&lower);
    if s.is_ascii() && !s.contains(". ") && !months {
        return Cow::Borrowed(s);
    }
    // The replacements' Unicode `\b` keeps the regex engine off its fast path on non-ASCII
    // text, so a pattern without it, which every match of theirs also matches, goes first.
    let dotted = if DAY_DOT_NEEDS.is_match(s) {
        DAY_DOT.replace_all(s, "$1 $2")
    } else {
        Cow::Borrowed(s)
    };
    let spanish = if DAY_DE_MONTH_NEEDS.is_match(&dotted) {
        DAY_DE_MONTH.replace_all(&dotted, "$1 $2 $3")
    } else {
        Cow::Borrowed(dotted.as_ref())
    };
    if !months {
        // Neither step makes a month name: the words are the same.
        return match (&dotted, &spanish) {
            (Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(s),
            _ => Cow::Owned(spanish.into_owned()),
        };
    }
    let out = WORD.replace_all(&spanish, |c: &regex::Captures| {
        let w = c[0].to_lowercase();
        FOREIGN_MONTHS
            .iter()
            .find(|(f, _)| *f == w)
            .map(|(_, e)| e.to_string())
            .unwrap_or_else(|| c[0].to_string())
    });
    Cow::Owned(out.into_owned())
}

/// A month-name or numeric date inside a longer line, for lines such as
/// `By Jane Roe | Reuters | Feb 7, 2018, 4:19 PM ET`.
static EMBEDDED: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
    let time = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{1,4}\)?(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?";
    Regex::new(&format!(
        r"(?i)\b(?:{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{time}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}(?:,?\s+\d{{1,2}}[:.]\d{{2}})?|\d{{4}}/\d{{2}}/\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+\d{{4}}{time}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}-{month}-\d{{4}}(?:\s+\d{{2}}:\d{{2}}:\d{{2}}(?:\.\d+)?)?)"
    ))
    .expect("valid regex")
});

fn zone_offset(name: &str) -> Option<i32> {
    let hours = match name.to_ascii_lowercase().as_str() {
        "utc" | "gmt" | "z" => 0,
        "est" | "et" | "cdt" => -5,
        "edt" => -4,
        "cst" | "ct" | "mdt" => -6,
        "mst" => -7,
        "pst" | "pt" => -8,
        "pdt" => -7,
        "bst" | "cet" => 1,
        "cest" | "eet" => 2,
        "eest" | "msk" => 3,
        "jst" => 9,
        "aest" => 10,
        "aedt" => 11,
        "ist" => return Some(5 * 3600 + 1800),
        _ => return None,
    };
    Some(hours * 3600)
}

/// Splits a trailing time zone off `s`, returning the rest and the offset in seconds.
fn split_zone(s: &str) -> (String, Option<i32>) {
    let Some(c) = ZONE_TAIL.captures(s) else {
        return (s.to_string(), None);
    };
    let whole = c.get(0).map_or(0..0, |m| m.range());
    let rest = s[..whole.start].trim_end().to_string();
    let num = |sign: Option<regex::Match>, h: Option<regex::Match>, m: Option<regex::Match>| {
        let sign = if sign.map(|m| m.as_str()) == Some("-") {
            -1
        } else {
            1
        };
        let h: i32 = h.and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let m: i32 = m.and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        sign * (h * 3600 + m * 60)
    };
    if let Some(name) = c.get(1) {
        let base = match zone_offset(name.as_str()) {
            Some(b) => b,
            None => return (s.to_string(), None),
        };
        let extra = if c.get(3).is_some() {
            num(c.get(3), c.get(4), c.get(5))
        } else {
            0
        };
        (rest, Some(base + extra))
    } else {
        (rest, Some(num(c.get(6), c.get(7), c.get(8))))
    }
}

fn plausible(d: &NaiveDateTime) -> bool {
    let y = chrono::Datelike::year(d);
    // tantivy keeps nanoseconds in an i64: 1678 to 2262 fit.
    (1700..=2200).contains(&y)
}

fn normalise(s: &str) -> String {
    let s = LABEL.replace(s.trim(), "");
    let s = WEEKDAY.replace_all(&s, " ");
    let s = ORDINAL.replace_all(&s, "$1");
    let s = AMPM.replace_all(&s, "$1 ${2}M");
    let s = LETTER_DOT.replace_all(&s, "$1");
    let s = s.replace(',', " ").replace(" at ", " ").replace(" - ", " ");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| c == '.' || c == '|' || c == '(' || c == ')' || c.is_whitespace())
        .to_string()
}

/// Parses `text` when the whole of it (after labels such as `Published:` and weekday names) is
/// one date. Returns `None` for anything else.
pub fn parse_date(text: &str) -> Option<FoundDate> {
    let t = text.trim();
    // Every form read here has a year in digits; most lines have none, and chrono is slow to
    // say no.
    if t.is_empty() || t.len() > 80 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(with_offset(
            d.naive_utc(),
            d.offset().local_minus_utc(),
            true,
        ));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(t) {
        return Some(with_offset(
            d.naive_utc(),
            d.offset().local_minus_utc(),
            true,
        ));
    }
    let norm = normalise(&englishify(t));
    // "16:19 GMT February 7, 2018": move a leading time (and its zone) to the end.
    let norm = match LEADING_TIME.captures(&norm) {
        Some(c) => format!("{} {}", &c[2], &c[1]),
        None => norm,
    };
    let norm = GLUED_ZONE.replace(&norm, "$1 $2");
    let (rest, zone) = split_zone(&norm);
    let rest = ISO_T.replace(&rest, "$1 $2");
    let (naive, has_time) = parse_naive(&rest)?;
    if !plausible(&naive) {
        return None;
    }
    Some(match zone {
        Some(off) => {
            let utc = naive - chrono::Duration::seconds(off as i64);
            with_offset(utc, off, has_time)
        }
        None => FoundDate {
            utc: Utc.from_utc_datetime(&naive),
            offset: None,
            has_time,
        },
    })
}

fn with_offset(utc_naive: NaiveDateTime, off: i32, has_time: bool) -> FoundDate {
    FoundDate {
        utc: Utc.from_utc_datetime(&utc_naive),
        offset: FixedOffset::east_opt(off),
        has_time,
    }
}

fn parse_naive(s: &str) -> Option<(NaiveDateTime, bool)> {
    for df in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(s, df) {
            return Some((d.and_time(NaiveTime::MIN), false));
        }
        for tf in TIME_FORMATS {
            let f = format!("{df} {tf}");
            if let Ok(d) = NaiveDateTime::parse_from_str(s, &f) {
                return Some((d, true));
            }
        }
    }
    None
}

/// Finds a date in a short line: the whole line, or one part of it between separators such as
/// `|`, or a date written inside it (`By Jane Roe, Feb 7, 2018`). Long lines are prose, not
/// date lines, and give `None`.
pub fn find_date_in_line(line: &str) -> Option<FoundDate> {
    let line = line.trim();
    // Every date has a year in digits (see `parse_date`).
    if line.is_empty() || line.chars().count() > 120 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(d) = parse_date(line) {
        return Some(d);
    }
    for part in line.split(['|', '•', '·', '—', '–']) {
        if let Some(d) = parse_date(part) {
            return Some(d);
        }
    }
    let line = englishify(line);
    let m = EMBEDDED.find(&line)?;
    parse_date(m.as_str())
}

/// Finds the first date written anywhere in `text` (for prose, where dates sit inside sentences).
pub fn find_date_anywhere(text: &str) -> Option<FoundDate> {
    let text = englishify(text);
    // A date in the future is a scheduled event, not when the page was published.
    let now = Utc::now();
    EMBEDDED
        .find_iter(&text)
        .filter_map(|m| parse_date(m.as_str()))
        .find(|d| d.utc <= now)
}

/// A label that says the date after it is the publication date, in the languages
/// `FOREIGN_MONTHS` covers.
static PUBLISHED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}])(published|first published|posted|erschienen|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|publicerad|publisert|udgivet)(\s+(am|on|le|el|il|op|den|the))?\s*:?\s*",
    )
    .expect("valid regex")
});

/// The first date in `text` that a publication label introduces ("Erschienen am: 01.11.2023"
/// after "Letzte Änderung: 31.10.2023"), if any.
pub fn find_labelled_date(text: &str) -> Option<FoundDate> {
    let text = englishify(text);
    let now = Utc::now();
    PUBLISHED_LABEL.find_iter(&text).find_map(|label| {
        let after = &text[label.end()..];
        EMBEDDED
            .find(after)
            .filter(|m| m.start() <= 12)
            .and_then(|m| parse_date(m.as_str()))
            .filter(|d| d.utc <= now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn englishify_leaves_text_without_foreign_dates_as_it_is() {
        // (text, expected): only a foreign month name, a "1." day or a Spanish "de" date changes.
        let table = [
            (
                "Ministers met on 3 March. Talks went on.",
                "Ministers met on 3 March. Talks went on.",
            ),
            (
                "Die Sitzung am 1. Februar 2022 in Köln",
                "Die Sitzung am 1 February 2022 in Köln",
            ),
            ("Größere Pläne. Keine Daten.", "Größere Pläne. Keine Daten."),
            ("Am 3. Tag ging es weiter", "Am 3 Tag ging es weiter"),
            ("martes 17 de marzo de 2020", "martes 17 March 2020"),
            ("le 5 février à Paris", "le 5 February à Paris"),
        ];
        for (text, want) in table {
            assert_eq!(englishify(text), want, "{text}");
        }
        assert!(matches!(
            englishify("Größere Pläne. Keine Daten."),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    fn iso(s: &str) -> String {
        parse_date(s)
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn month_name_with_time_and_no_zone() {
        assert_eq!(iso("February 7, 2018 16:19"), "2018-02-07T16:19:00Z");
        assert!(parse_date("February 7, 2018 16:19").is_some_and(|d| d.offset.is_none()));
    }

    #[test]
    fn wire_stamp() {
        assert_eq!(iso(" 26-FEB-1987 15:01:01.79"), "1987-02-26T15:01:01Z");
    }

    #[test]
    fn iso_and_rfc2822_keep_offsets() {
        let d = parse_date("2018-02-07T16:19:00+02:00").expect("iso");
        assert_eq!(d.to_rfc3339(), "2018-02-07T14:19:00Z");
        assert_eq!(d.original().as_deref(), Some("2018-02-07T16:19:00+02:00"));
        assert_eq!(
            iso("Wed, 07 Feb 2018 16:19:00 +0200"),
            "2018-02-07T14:19:00Z"
        );
        assert_eq!(iso("2018-02-07"), "2018-02-07T00:00:00Z");
        // Zones written straight after the time, as some CMSs do.
        assert_eq!(iso("2020-07-15T11:01:28+0900"), "2020-07-15T02:01:28Z");
        assert_eq!(iso("2020-09-29T00:30:00PDT"), "2020-09-29T07:30:00Z");
    }

    #[test]
    fn labels_weekdays_ordinals_and_zones() {
        assert_eq!(
            iso("Published: Wednesday, February 7th, 2018 at 4:19 p.m. EST"),
            "2018-02-07T21:19:00Z"
        );
        assert_eq!(iso("7 Feb. 2018"), "2018-02-07T00:00:00Z");
        assert_eq!(
            iso("Updated 16:19 GMT, 7 February 2018"),
            "2018-02-07T16:19:00Z"
        );
    }

    #[test]
    fn dates_anywhere_in_prose_in_other_languages() {
        let d = find_date_anywhere("Nachruf. Elder 1. Februar 2022 , Daniel Dillenburg");
        assert_eq!(
            d.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-02-01T00:00:00Z")
        );
        assert!(find_date_anywhere("The fair opens on 3 March 2999.").is_none());
        let d = find_labelled_date("Letzte Änderung: 31.10.2023 - 14:49 Erschienen am: 01.11.2023")
            .map(|d| d.to_rfc3339());
        assert_eq!(d.as_deref(), Some("2023-11-01T00:00:00Z"));
        assert!(find_labelled_date("Updated 31.10.2023").is_none());
    }

    #[test]
    fn foreign_month_names_and_dotted_dates() {
        assert_eq!(iso("1. Februar 2022"), "2022-02-01T00:00:00Z");
        assert_eq!(iso("3 mars 2019"), "2019-03-03T00:00:00Z");
        assert_eq!(iso("17 de marzo de 2020"), "2020-03-17T00:00:00Z");
        let d = find_date_in_line("martes 17 de marzo de 2020").map(|d| d.to_rfc3339());
        assert_eq!(d.as_deref(), Some("2020-03-17T00:00:00Z"));
        let d = find_date_in_line("Bonn, 11.10.2021").map(|d| d.to_rfc3339());
        assert_eq!(d.as_deref(), Some("2021-10-11T00:00:00Z"));
        // Day first when the day cannot be a month.
        let d = find_date_in_line("Familie 17/02/2022").map(|d| d.to_rfc3339());
        assert_eq!(d.as_deref(), Some("2022-02-17T00:00:00Z"));
    }

    #[test]
    fn prose_is_not_a_date() {
        assert_eq!(iso("The killing of a senior militant"), "none");
        assert_eq!(iso("3 minute read."), "none");
        assert_eq!(iso("In 2018 things changed"), "none");
    }

    #[test]
    fn dates_inside_short_lines() {
        let d =
            find_date_in_line("By Jane Roe | Harbour Gazette | Mar 3, 2021, 9:05 AM").expect("d");
        assert_eq!(d.to_rfc3339(), "2021-03-03T09:05:00Z");
        assert!(find_date_in_line(&"word ".repeat(40)).is_none());
    }
}
