//! Dates as a search takes them (`--since`, `--until`, `date:` in a query): a calendar period
//! (`2018`, `2018-02`, `2018-02-03`, `20180203`), any single date lede prints or reads (RFC 3339
//! included), or a span back from now (`7d`, `3w`, `6m`, `2y`, `12h`).

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};

use crate::analyze::dates::parse_date;

/// Why a date could not be read, with the forms that can.
fn bad(t: &str) -> String {
    format!(
        "cannot read {t:?} as a date: write YYYY, YYYY-MM, YYYY-MM-DD (or YYYYMMDD), a date and \
         time such as 2018-02-03T10:00:00Z, or a span back from now such as 7d, 3w, 6m or 2y"
    )
}

/// The instant `text` stands for when it is a span back from now (`7d`), else `None`.
pub fn ago(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = text.trim();
    let unit = t.chars().last()?;
    let n: u32 = t[..t.len() - unit.len_utf8()].parse().ok()?;
    match unit.to_ascii_lowercase() {
        'h' => Some(now - chrono::Duration::hours(i64::from(n))),
        'd' => Some(now - chrono::Duration::days(i64::from(n))),
        'w' => Some(now - chrono::Duration::weeks(i64::from(n))),
        'm' => now.checked_sub_months(Months::new(n)),
        'y' => now.checked_sub_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

/// A period: its first instant and the first instant after it, in UTC. A span back from now is
/// the one instant it names (so `--since 7d` and `--until 7d` both mean seven days ago).
pub fn period(text: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    period_at(text, Utc::now())
}

/// [`period`], with "now" given (for tests).
pub fn period_at(text: &str, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let t = text.trim();
    if let Some(at) = ago(t, now) {
        return Ok((at, at));
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad(t));
    let day =
        |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| bad(t));
    let parts: Vec<&str> = t.split('-').collect();
    let (start, end) = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)?;
            (day(y, 1, 1)?, day(y + 1, 1, 1)?)
        }
        [ymd] if ymd.len() == 8 && ymd.chars().all(|c| c.is_ascii_digit()) => {
            let start = day(num(&ymd[..4])?, num(&ymd[4..6])?, num(&ymd[6..])?)?;
            (start, start.succ_opt().ok_or_else(|| bad(t))?)
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)?, num(m)?);
            let start = day(y, m, 1)?;
            let end = if m == 12 {
                day(y + 1, 1, 1)?
            } else {
                day(y, m + 1, 1)?
            };
            (start, end)
        }
        [y, m, d] if y.len() == 4 && d.len() <= 2 => {
            let start = day(num(y)?, num(m)?, num(d)?)?;
            (start, start.succ_opt().ok_or_else(|| bad(t))?)
        }
        _ => {
            let d = parse_date(t).ok_or_else(|| bad(t))?;
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

/// A range of instants: from (inclusive), to (exclusive); `None` is open.
pub type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// How a `date:` term compares: `date:2018`, `date:>=2018`, `date:2018..2019`, `date:7d`.
pub fn date_term(text: &str) -> Result<Span, String> {
    let now = Utc::now();
    if let Some((a, b)) = text.split_once("..") {
        let from = (!a.is_empty())
            .then(|| period_at(a, now).map(|p| p.0))
            .transpose()?;
        let to = (!b.is_empty())
            .then(|| period_at(b, now).map(|p| p.1))
            .transpose()?;
        return Ok((from, to));
    }
    for op in [">=", "<=", ">", "<"] {
        if let Some(v) = text.strip_prefix(op) {
            let (s, e) = period_at(v, now)?;
            return Ok(match op {
                ">=" => (Some(s), None),
                ">" => (Some(e), None),
                "<" => (None, Some(s)),
                _ => (None, Some(e)),
            });
        }
    }
    let (s, e) = period_at(text, now)?;
    // A span back from now, alone, means "since then".
    Ok(if ago(text, now).is_some() {
        (Some(s), None)
    } else {
        (Some(s), Some(e))
    })
}

/// An instant as messages show it: the day, or the day and time when it has one.
pub fn shown(d: DateTime<Utc>) -> String {
    if d.time() == chrono::NaiveTime::MIN {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc(d: DateTime<Utc>) -> String {
        d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    #[test]
    fn every_form_people_write() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        // (text, first instant, first instant after)
        let table = [
            ("2018", "2018-01-01T00:00:00Z", "2019-01-01T00:00:00Z"),
            ("2018-02", "2018-02-01T00:00:00Z", "2018-03-01T00:00:00Z"),
            ("2020-12", "2020-12-01T00:00:00Z", "2021-01-01T00:00:00Z"),
            ("2018-02-03", "2018-02-03T00:00:00Z", "2018-02-04T00:00:00Z"),
            ("20180203", "2018-02-03T00:00:00Z", "2018-02-04T00:00:00Z"),
            (
                "2018-02-03T10:00:00Z",
                "2018-02-03T10:00:00Z",
                "2018-02-03T10:00:01Z",
            ),
            (
                "2018-02-03T10:00:00+02:00",
                "2018-02-03T08:00:00Z",
                "2018-02-03T08:00:01Z",
            ),
            ("7d", "2026-11-24T12:00:00Z", "2026-11-24T12:00:00Z"),
            ("2w", "2026-11-17T12:00:00Z", "2026-11-17T12:00:00Z"),
            ("6m", "2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z"),
            ("2y", "2024-12-01T12:00:00Z", "2024-12-01T12:00:00Z"),
        ];
        for (text, s, e) in table {
            let (a, b) = period_at(text, now).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!((rfc(a).as_str(), rfc(b).as_str()), (s, e), "{text}");
        }
        for bad in ["2018-13", "soon", "7x", "", "99999999"] {
            assert!(period_at(bad, now).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_terms_compare() {
        let (s, e) = date_term(">=2018-01-01").expect("ok");
        assert_eq!(s.map(rfc).as_deref(), Some("2018-01-01T00:00:00Z"));
        assert!(e.is_none());
        let (s, e) = date_term("2018..2019").expect("ok");
        assert_eq!(s.map(rfc).as_deref(), Some("2018-01-01T00:00:00Z"));
        assert_eq!(e.map(rfc).as_deref(), Some("2020-01-01T00:00:00Z"));
        let (_, e) = date_term("<2019").expect("ok");
        assert_eq!(e.map(rfc).as_deref(), Some("2019-01-01T00:00:00Z"));
        assert!(date_term("30d").expect("ok").1.is_none());
        assert!(date_term("2018-99").is_err());
    }
}
