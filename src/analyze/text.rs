//! Plain-text articles: scraped pages with their furniture, title-then-body files, wire stories
//! with a date stamp under the title.
//!
//! The header is the title line and the few short lines under it; a date line there marks where the
//! body starts, and a standalone sentence between the title and the date line is the summary.

use std::sync::LazyLock;

use regex::Regex;

use super::article::{Article, Found};
use super::common::is_sentence;
use super::dates::{find_date_in_line, parse_date, FoundDate};
use super::furniture::{self, Block, Kind};
use super::headline;
use super::json::JsonKeys;
use super::source;
use super::twin::{self, Twin};

/// How many non-blank lines under the title may hold the date line.
const HEADER_LINES: usize = 8;

/// "By Jane Roe, Business Reporter": the credit, the name (3 to 60 characters), what follows.
static BYLINE: LazyLock<Twin> = LazyLock::new(|| {
    Twin::new(
        r"(?i)^(by|written by|words by|reporting by)(?:\s*:\s*|\s+)([\p{L}.'\- ]{3,60}?)(\s*[,|•·/]\s*(.*))?$",
    )
});

/// The captures of `BYLINE` in `line`.
fn byline_captures(line: &str) -> Option<regex::Captures<'_>> {
    BYLINE.captures(line, |c| (3..=60).contains(&twin::chars(c, 2)))
}

/// A date line that gives when the article was changed, not published.
static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(updated|modified|edited|last (updated|modified|changed))\b")
        .expect("valid regex")
});

/// How many non-blank lines under the title may hold a byline when there is no date line.
const BYLINE_LINES: usize = 3;

/// How many non-blank lines at the top of a file may be labels above the headline.
const TOP_LINES: usize = 40;

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// "by Jane Roe" at the end of a date line ("Posted on May 2, 2021 by Jane Roe").
static TRAILING_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[Bb]y\s+(\p{Lu}[\p{L}.'\-]+(?:\s+\p{Lu}[\p{L}.'\-]+){0,3})\s*$")
        .expect("valid regex")
});

/// The author a byline names: "By Jane Roe, Business Reporter", or a date line ending "by Jane
/// Roe".
fn byline(line: &str) -> Option<String> {
    let t = line.trim();
    if is_sentence(t) {
        return None;
    }
    byline_captures(t)
        .map(|c| split_agency(caps_name(c[2].trim())).0.to_string())
        .or_else(|| {
            let name = TRAILING_BY.captures(t)?[1].to_string();
            find_date_in_line(t).map(|_| name)
        })
        // "By ANNA ROE": a name set in capitals reads as "Anna Roe".
        .map(|name| source::title_case_shouting(&name).into_owned())
}

/// The name in a byline set in capitals, without the agency that follows it in ordinary case
/// ("KWAME ASANTE Coastal Press Agency": "KWAME ASANTE"). A byline in ordinary case is kept whole.
fn caps_name(name: &str) -> &str {
    let is_caps = |w: &str| w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase);
    let words: Vec<&str> = name.split_whitespace().collect();
    let caps = words.iter().take_while(|w| is_caps(w)).count();
    if caps >= 2 && caps < words.len() {
        // The end of the last word in capitals, as an offset into `name`.
        let last = words[caps - 1];
        let end = last.as_ptr() as usize - name.as_ptr() as usize + last.len();
        return &name[..end];
    }
    name
}

/// Words that end an agency's name in a byline ("Associated Press", "Coastal News Service").
const AGENCY_ENDS: [&str; 9] = [
    "press", "agency", "wire", "service", "news", "newswire", "presse", "agentur", "network",
];
/// Wires whose one-word name follows a writer's in a byline ("Sam Okoro Reuters").
const WIRES: [&str; 10] = [
    "reuters",
    "afp",
    "ap",
    "bloomberg",
    "dpa",
    "xinhua",
    "kyodo",
    "efe",
    "ansa",
    "upi",
];

/// A byline's name and the agency written after it with no comma ("Sam Okoro Associated
/// Press", "KWAME ASANTE Coastal Press Agency"): the name is the first two words (three in a
/// longer byline), the rest the agency, when the rest ends like an agency's name.
fn split_agency(name: &str) -> (&str, Option<&str>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(last) = words.last().map(|w| w.to_lowercase()) else {
        return (name, None);
    };
    let keep = if words.len() >= 5 { 3 } else { 2 };
    let agency_like = AGENCY_ENDS.contains(&last.as_str()) || WIRES.contains(&last.as_str());
    if words.len() <= keep || !agency_like {
        return (name, None);
    }
    let end_of = |w: &str| w.as_ptr() as usize - name.as_ptr() as usize + w.len();
    let start_of = |w: &str| w.as_ptr() as usize - name.as_ptr() as usize;
    (
        &name[..end_of(words[keep - 1])],
        Some(&name[start_of(words[keep])..]),
    )
}

/// The agency a byline line names after its writer, set in capitals or not ("By KWAME ASANTE
/// Coastal Press Agency", "By Sam Okoro Associated Press").
fn byline_agency(line: &str) -> Option<String> {
    let c = byline_captures(line.trim())?;
    let whole = c[2].trim();
    let name = caps_name(whole);
    let rest = whole[name.len()..].trim();
    if !rest.is_empty() {
        let last = rest.split_whitespace().last()?.to_lowercase();
        return AGENCY_ENDS
            .contains(&last.as_str())
            .then(|| rest.to_string());
    }
    split_agency(name).1.map(str::to_string)
}

/// A line that is only a person's name: two to four capitalised words ("Anna Berg", "Jan van
/// der Berg" allows the particles in between).
fn is_name(line: &str) -> bool {
    const PARTICLES: [&str; 8] = ["van", "von", "der", "de", "den", "da", "al", "bin"];
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && line.chars().count() <= 40
        && words.first().zip(words.last()).is_some_and(|(f, l)| {
            f.starts_with(char::is_uppercase) && l.starts_with(char::is_uppercase)
        })
        && words.iter().all(|w| {
            (w.starts_with(char::is_uppercase) || PARTICLES.contains(w))
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

/// A line that could be a headline: a few words, not a sentence, not a date or byline.
fn is_headline_like(line: &str) -> bool {
    let t = line.trim();
    (4..=30).contains(&word_count(t))
        && !t.ends_with(['.', ',', ';', ':'])
        && !BYLINE.is_match(t)
        && find_date_in_line(t).is_none()
        && furniture::is_furniture_line(t).is_none()
}

/// A short line that labels what follows rather than being the headline: the site's name over
/// its menu, a section name or kicker over the headline ("Business", then "Canal warehouses to
/// become 300 homes"). Up to three words when menu links or another label follow (one more, not
/// a chain: a match report's "Blackburn v Burnley / Ewood Park / 2000 GMT" stays a title); up to
/// two when a longer headline follows, so that a three-word headline over its dek stays.
fn is_label(all: &[Line], i: usize, nested: bool) -> bool {
    let t = all[i].text.trim();
    let words = word_count(t);
    if words > 3 || t.ends_with(['.', '!', '?']) || find_date_in_line(t).is_some() {
        return false;
    }
    // A date under a line marks it as the headline ("OIL OUTPUT FALLS" over the wire's stamp).
    let Some(next) = all
        .get(i + 1)
        .map(|l| l.text.trim())
        .filter(|n| find_date_in_line(n).is_none())
    else {
        return false;
    };
    furniture::is_furniture_line(next).is_some()
        || (words <= 2 && is_headline_like(next))
        || (!nested && is_label(all, i + 1, true))
}

/// The index of the first line at or after `from` that is not furniture; the ones passed over
/// are recorded in `dropped`.
fn skip_furniture(all: &[Line], from: usize, dropped: &mut Vec<furniture::Dropped>) -> usize {
    let mut pos = from;
    while let Some(l) = all.get(pos) {
        let Some(reason) = furniture::is_furniture_line(l.text) else {
            break;
        };
        dropped.push(furniture::Dropped {
            line: l.no,
            reason,
            text: l.text.to_string(),
        });
        pos += 1;
    }
    pos
}

/// One non-blank line, with whether a blank line came before it.
#[derive(Clone, Copy)]
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

/// The line that is the title, at or after the furniture at the top: the first that is not a
/// label above the headline (see `is_label`). The labels passed over are recorded in `dropped`;
/// `true` when there were some.
fn find_title(all: &[Line], dropped: &mut Vec<furniture::Dropped>) -> Option<(usize, bool)> {
    let mut pos = skip_furniture(all, 0, dropped);
    let first = pos;
    let mut labels = Vec::new();
    while pos < all.len().min(TOP_LINES) && is_label(all, pos, false) {
        labels.push(pos);
        pos = skip_furniture(all, pos + 1, dropped);
    }
    if !labels.is_empty() && all.get(pos).is_none_or(|l| !is_headline_like(l.text)) {
        // What followed the labels was not a headline: the first of them is the title.
        pos = first;
        labels.clear();
    }
    for &i in &labels {
        dropped.push(furniture::Dropped {
            line: all[i].no,
            reason: Kind::HeadlineLabel,
            text: all[i].text.to_string(),
        });
    }
    (pos < all.len()).then_some((pos, !labels.is_empty()))
}

/// The date line among the `HEADER_LINES` lines from `from`: the first, unless it says
/// "Updated" and a "Published" line follows.
fn header_date(all: &[Line], from: usize) -> Option<(usize, FoundDate)> {
    let mut found: Option<(usize, FoundDate)> = None;
    for (i, l) in all.iter().enumerate().take(from + HEADER_LINES).skip(from) {
        if let Some(d) = find_date_in_line(l.text) {
            if found
                .as_ref()
                .is_none_or(|(at, _)| UPDATED.is_match(all[*at].text))
            {
                found = Some((i, d));
            }
            if !UPDATED.is_match(l.text) {
                break;
            }
        }
    }
    found
}

/// What the lines between the title and the body hold.
#[derive(Default)]
struct Header {
    date: Option<Found<FoundDate>>,
    author: Option<String>,
    summary: Option<String>,
    /// Index of the body's first line.
    body_from: usize,
}

/// Reads the header under the title (its line is `title_at`): a date line, with a byline and a
/// summary above it; or, with no date line, a byline in the first lines, and a date printed
/// above the title.
fn read_header(all: &[Line], title_at: usize, dropped: &mut Vec<furniture::Dropped>) -> Header {
    let pos = title_at + 1;
    let mut h = Header {
        body_from: pos,
        ..Header::default()
    };
    let summary_of = |lines: Vec<&str>| {
        let text = lines.join(" ");
        (word_count(&text) >= 4).then_some(text)
    };
    if let Some((at, d)) = header_date(all, pos) {
        h.date = Some(Found {
            value: d,
            rule: format!("date line under the title (line {})", all[at].no),
        });
        let mut summary = Vec::new();
        for l in &all[pos..at] {
            if let Some(name) = byline(l.text) {
                h.author = Some(name);
            } else if let Some(reason) = furniture::is_furniture_line(l.text) {
                dropped.push(furniture::Dropped {
                    line: l.no,
                    reason,
                    text: l.text.to_string(),
                });
            } else {
                summary.push(l.text.trim());
            }
        }
        // A bare name right above the date line is the byline ("Anna Berg", then the date).
        if h.author.is_none() && summary.last().is_some_and(|l| is_name(l)) {
            h.author = summary.pop().map(str::to_string);
        }
        h.summary = summary_of(summary);
        // The date line may carry the byline ("By Jane Roe | May 2, 2021", "Posted on May 2,
        // 2021 by Jane Roe"), or the line under it may.
        h.body_from = at + 1;
        if h.author.is_none() {
            h.author = byline(all[at].text).or_else(|| {
                let next = all.get(at + 1).and_then(|l| byline(l.text))?;
                h.body_from = at + 2;
                Some(next)
            });
        }
        return h;
    }
    let byline_at = undated_byline(all, pos);
    if let Some((at, name)) = byline_at {
        h.author = Some(name);
        h.summary = summary_of(
            all[pos..at]
                .iter()
                .filter(|l| furniture::is_furniture_line(l.text).is_none())
                .map(|l| l.text.trim())
                .collect(),
        );
        h.body_from = at + 1;
    }
    // A page may print the date over its masthead ("Tuesday, 7 June 2022", then the site).
    h.date = all[..title_at]
        .iter()
        .rev()
        .find_map(|l| find_date_in_line(l.text).map(|d| (d, l.no)))
        .map(|(d, no)| Found {
            value: d,
            rule: format!("date line above the title (line {no})"),
        });
    h
}

/// The byline of a header without a date line, and its line: a byline within the first
/// lines, or a bare name standing alone under a one-sentence dek.
fn undated_byline(all: &[Line], pos: usize) -> Option<(usize, String)> {
    // No date line: a byline within the first lines still ends the header, and a sentence
    // between it and the title is the summary. (Only a byline that names someone: wrapped prose
    // may start a line with "by".)
    // It stands on a line of its own: under the title or after a blank line, not inside a
    // paragraph that wraps onto a line starting "BY THE ...".
    let first = (pos..all.len().min(pos + BYLINE_LINES)).find_map(|i| {
        (i == pos || all[i].para_start)
            .then(|| byline(all[i].text))
            .flatten()
            .filter(|name| is_name(name))
            .map(|name| (i, name))
    });
    // Or a bare name standing alone under a one-sentence dek ("Parents raised the money ...",
    // then "Marta Kowalski"), the body after it.
    first.or_else(|| {
        let (dek, name) = (all.get(pos)?, all.get(pos + 1)?);
        let alone = name.para_start && all.get(pos + 2).is_some_and(|l| l.para_start);
        // Set in ordinary case: a line in capitals there is a subheading ("WORLD OF WARCRAFT").
        let line = name.text.trim();
        let cased = line.chars().any(char::is_lowercase);
        (dek.para_start && is_sentence(dek.text.trim()) && alone && cased && is_name(line))
            .then(|| (pos + 1, line.to_string()))
    })
}

/// Lines as paragraphs: a blank line starts a new one; lines keep their breaks inside one.
fn blocks_from(lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for l in lines {
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
    blocks
}

/// Paragraphs as a body: separated by blank lines.
fn join(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One `Key: value` line of an export's header ("Title: ...", "Date: ...").
static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z][A-Za-z _-]{0,24}?)\s*:\s*(\S.*)$").expect("valid regex")
});

/// A header of `Key: value` lines at the top of the file, as archive and database exports write
/// them ("Title: ...", "Date: ...", "Source: ...", "Author: ..."), read with the key names JSON
/// exports use. Taken only when at least two lines are keys and one names the title. The
/// header's fields go into `art`; the index of the body's first line is returned.
fn key_value_header(all: &[Line], art: &mut Article) -> Option<usize> {
    let pairs: Vec<(&str, &str)> = all
        .iter()
        .take_while(|l| l.no == all[0].no || !l.para_start)
        .map_while(|l| {
            let c = KEY_VALUE.captures(l.text.trim())?;
            Some((c.get(1)?.as_str(), c.get(2)?.as_str().trim()))
        })
        .collect();
    let keys = JsonKeys::default();
    let value = |names: &[String]| {
        pairs
            .iter()
            .find(|(k, _)| names.iter().any(|n| n.eq_ignore_ascii_case(k.trim())))
            .map(|(_, v)| v.to_string())
    };
    let title = value(&keys.title)?;
    if pairs.len() < 2 {
        return None;
    }
    art.title = title;
    art.title_rule = Some("the header's Title line".into());
    art.date = value(&keys.date)
        .and_then(|d| parse_date(&d).or_else(|| find_date_in_line(&d)))
        .map(|d| Found {
            value: d,
            rule: "the header's Date line".into(),
        });
    art.source = value(&keys.source).map(|s| Found {
        value: s,
        rule: "the header's Source line".into(),
    });
    art.author = value(&keys.author);
    art.url = value(&keys.url);
    art.summary = value(&keys.summary);
    Some(pairs.len())
}

/// A labelled line that names one field of the article ("Source: Lakeside Herald"): the field
/// by the key names JSON exports use, and the value.
fn labelled_line(line: &str, keys: &JsonKeys) -> Option<(Field, String)> {
    let c = KEY_VALUE.captures(line.trim())?;
    let (key, value) = (c.get(1)?.as_str().trim(), c.get(2)?.as_str().trim());
    let is = |names: &[String]| names.iter().any(|n| n.eq_ignore_ascii_case(key));
    let field = if is(&keys.source) {
        Field::Source
    } else if is(&keys.author) {
        Field::Author
    } else if is(&keys.date)
        || ["filed", "dateline"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
    {
        Field::Date
    } else {
        return None;
    };
    (value.chars().count() <= 80).then(|| (field, value.to_string()))
}

/// Which field a labelled line names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Source,
    Author,
    Date,
}

/// Reads the lone labelled lines at the top of a file, over its headline ("Source: Lakeside
/// Herald", "By: Ana Ruiz", "Filed: 12 March 2023"), into `art`; returns how many lines they
/// took. A date that does not read as one leaves its line to the headline search.
fn labelled_lines(all: &[Line], art: &mut Article, dropped: &mut Vec<furniture::Dropped>) -> usize {
    let keys = JsonKeys::default();
    let mut taken = 0;
    for l in all.iter().take(HEADER_LINES) {
        let Some((field, value)) = labelled_line(l.text, &keys) else {
            break;
        };
        let rule = format!("the labelled line {}", l.no);
        match field {
            Field::Source => art.source = Some(Found { value, rule }),
            Field::Author => art.author = Some(source::title_case_shouting(&value).into_owned()),
            Field::Date => match parse_date(&value).or_else(|| find_date_in_line(&value)) {
                Some(d) => art.date = Some(Found { value: d, rule }),
                None => break,
            },
        }
        dropped.push(furniture::Dropped {
            line: l.no,
            reason: Kind::HeaderLine,
            text: l.text.to_string(),
        });
        taken += 1;
    }
    // The lines must leave something to be the headline.
    if taken == all.len() {
        return 0;
    }
    taken
}

/// "Posted by Ewan at 9:14 PM": the blog's footer names the writer.
static POSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^posted\s+by\s+(\p{Lu}[\p{L}.'\-]*(?:\s+\p{Lu}[\p{L}.'\-]*){0,3})(?:\s+(?:at|on|in)\b.*)?$")
        .expect("valid regex")
});

/// The writer a dropped "Posted by ..." line names.
fn posted_by(dropped: &[furniture::Dropped]) -> Option<String> {
    dropped
        .iter()
        .flat_map(|d| d.text.lines())
        .find_map(|l| POSTED_BY.captures(l.trim()).map(|c| c[1].to_string()))
}

/// A dateline opening the first paragraph: "HAVENMOUTH, 6 September 2022 — The ...".
static DATELINE: LazyLock<Twin> = LazyLock::new(|| {
    Twin::new(
        r"^\p{Lu}[\p{Lu} .'\-]{1,40},\s+([^—–\n]{4,40}?)\s*[—–]|^\p{Lu}[\p{Lu} .'\-]{1,40},\s+([^\n]{4,40}?)\s+-{1,2}\s",
    )
});

/// Whether a match of `DATELINE`'s open twin keeps to its bounds: the place (up to the first
/// comma, which its class leaves out) and the date, whichever branch matched.
fn dateline_within(c: &regex::Captures) -> bool {
    let whole = c.get(0).map_or("", |m| m.as_str());
    let place = whole
        .find(',')
        .map_or(usize::MAX, |i| whole[..i].chars().count());
    let when = twin::chars(c, 1).max(twin::chars(c, 2));
    (2..=41).contains(&place) && (4..=40).contains(&when)
}

/// The date in the dateline that opens the body, for an article without a date line.
fn dateline_date(body: &str) -> Option<Found<FoundDate>> {
    let c = DATELINE.captures(body, dateline_within)?;
    let when = c.get(1).or_else(|| c.get(2))?.as_str();
    find_date_in_line(when).map(|d| Found {
        value: d,
        rule: "the dateline that opens the body".into(),
    })
}

/// A wire story signs off with a lone "Reuter" line: the wire is the source, and the line goes.
fn take_wire_signoff(
    blocks: &mut [Block],
    art: &mut Article,
    dropped: &mut Vec<furniture::Dropped>,
) {
    if let Some(last) = blocks.last_mut() {
        if let Some((rest, sig)) = last.text.rsplit_once('\n').or(Some(("", &last.text))) {
            if source::is_wire_signoff(sig) {
                art.source = Some(Found {
                    value: source::wire_name(sig),
                    rule: "wire sign-off at the end".to_string(),
                });
                dropped.push(furniture::Dropped {
                    line: last.line,
                    reason: Kind::WireSignoff,
                    text: sig.trim().to_string(),
                });
                last.text = rest.to_string();
            }
        }
    }
}

/// Where a plain-text article's source is settled, once the body is read: a labelled line, a
/// wire sign-off, else what the text names (`source::from_text`), else a wire in the byline;
/// the agency the byline names; the site's name is then cut from the title. Any source but a labelled one (`declared`) is
/// a guess `--source-from folder` may improve on.
fn settle_source(
    art: &mut Article,
    dropped: &[furniture::Dropped],
    declared: bool,
    agency: Option<String>,
) {
    if art.source.is_none() {
        art.source = source::from_text(&art.body, dropped).or_else(|| {
            agency.map(|value| Found {
                value,
                rule: "agency named in the byline".into(),
            })
        });
    }
    // "By REUTERS": a wire in the byline is where the story came from, not a person.
    if let Some(wire) = art.author.as_deref().filter(|a| source::is_wire_signoff(a)) {
        if art.source.is_none() {
            art.source = Some(Found {
                value: source::wire_name(wire),
                rule: "wire named in the byline".into(),
            });
        }
        art.author = None;
    }
    // A page title saved as the first line carries the site's name ("Headline - The Post").
    if let Some(s) = &art.source {
        let cut = headline::strip_site_suffix(&art.title, std::slice::from_ref(&s.value));
        if cut != art.title {
            art.title = cut;
            art.title_rule = art.title_rule.take().map(|r| r + ", the site's name cut");
        }
    }
    art.source_is_guess = art.source.is_some() && !declared;
}

/// Reads a plain-text article.
pub fn analyze(text: &str) -> Article {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = super::pdf_text::unpage(&text);
    let all = lines(&text);
    let mut art = Article::default();
    let mut dropped = Vec::new();

    if let Some(body_from) = key_value_header(&all, &mut art) {
        let (kept, more) = furniture::strip(blocks_from(&all[body_from..]));
        art.body = join(&kept);
        art.dropped = more;
        return art;
    }
    // Lone labelled lines over the headline ("Source: Lakeside Herald", "By: Ana Ruiz").
    let all = &all[labelled_lines(&all, &mut art, &mut dropped)..];

    let Some((title_at, under_labels)) = find_title(all, &mut dropped) else {
        art.dropped = dropped;
        return art;
    };
    let title_line = &all[title_at];
    art.title = title_line.text.trim().to_string();
    art.title_rule = Some(if under_labels {
        format!("line {} under labels above the headline", title_line.no)
    } else {
        format!("first line that is not furniture (line {})", title_line.no)
    });
    // Labelled lines right under the headline ("Source: Riverside Times").
    let taken = labelled_lines(&all[title_at + 1..], &mut art, &mut dropped);
    // Copied only when there are lines to leave out (most files have none).
    let under: Vec<Line>;
    let all = if taken == 0 {
        all
    } else {
        under = all[..=title_at]
            .iter()
            .chain(&all[title_at + 1 + taken..])
            .copied()
            .collect();
        &under[..]
    };
    let declared_source = art.source.is_some();
    let header = read_header(all, title_at, &mut dropped);
    let agency = all[title_at + 1..header.body_from.min(all.len())]
        .iter()
        .find_map(|l| byline(l.text).and(byline_agency(l.text)));
    art.date = art.date.take().or(header.date);
    art.author = art.author.take().or(header.author);
    art.summary = header.summary;
    let body_from = header.body_from;

    // Body: the remaining paragraphs, furniture removed. Lines keep their paragraph breaks.
    let mut blocks = blocks_from(&all[body_from..]);
    take_wire_signoff(&mut blocks, &mut art, &mut dropped);
    blocks.retain(|b| !b.text.trim().is_empty());
    let (mut kept, more) = furniture::strip(blocks);
    dropped.extend(more);
    if art.author.is_none() {
        art.author = posted_by(&dropped);
    }
    furniture::drop_writer_bio(&mut kept, art.author.as_deref(), &mut dropped);
    art.body = join(&kept);
    if art.date.is_none() {
        art.date = dateline_date(&art.body);
    }
    settle_source(&mut art, &dropped, declared_source, agency);
    dropped.sort_by_key(|d| d.line);
    art.dropped = dropped;
    art
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byline_and_dateline_twins_capture_what_their_patterns_do() {
        // Lines and bodies at and across the bounds (a name of 3 and 60 letters, a place of 40,
        // a date of 4 and 40): the twin's answer must be the pattern's.
        let long_name = format!("By {} Roe, Reporter", "A".repeat(57));
        let longer_name = format!("By {} Roe, Reporter", "A".repeat(58));
        let bylines = [
            "By Jane Roe, Business Reporter",
            "By Al , x",
            "By Al, Reporter",
            "Written by: Kwame Asante | Coastal Press",
            long_name.as_str(),
            longer_name.as_str(),
            "by",
        ];
        let exact = regex::Regex::new(BYLINE.pattern()).expect("valid");
        for line in bylines {
            let want = exact.captures(line).map(|c| c[2].to_string());
            assert_eq!(
                byline_captures(line).map(|c| c[2].to_string()),
                want,
                "{line}"
            );
        }
        let place = "K".repeat(40);
        let far = "K".repeat(41);
        let bodies = [
            "HAVENMOUTH, 6 September 2022 — The council met.".to_string(),
            "HAVENMOUTH, 6 September 2022 -- The council met.".to_string(),
            format!("{place}, 6 Sep — x"),
            format!("{far}, 6 Sep — x"),
            "HAVENMOUTH, May — x".to_string(),
            format!("HAVENMOUTH, {} — x", "1".repeat(40)),
            format!("HAVENMOUTH, {} — x", "1".repeat(41)),
            "No dateline here.".to_string(),
        ];
        let exact = regex::Regex::new(DATELINE.pattern()).expect("valid");
        let texts = |c: regex::Captures| {
            (
                c.get(1).map(|m| m.as_str().to_string()),
                c.get(2).map(|m| m.as_str().to_string()),
            )
        };
        for body in &bodies {
            let want = exact.captures(body).map(texts);
            assert_eq!(
                DATELINE.captures(body, dateline_within).map(texts),
                want,
                "{body}"
            );
        }
    }

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

    #[test]
    fn labels_above_the_headline_are_not_the_title() {
        let a = analyze(
            "Harbour Post\nNews | Sport | Weather\n\nLocal\n\nGulls return to the old pier at last\n\nBy Ann Roe\nMay 2, 2021\n\nThe gulls are back.\n",
        );
        assert_eq!(a.title, "Gulls return to the old pier at last");
        assert_eq!(a.author.as_deref(), Some("Ann Roe"));
        // A short headline over its dek, or over the body, stays the title.
        let a = analyze("Floods hit town\n\nRiver bursts its banks after a week of rain\n\nMay 2, 2021\n\nWater rose.\n");
        assert_eq!(a.title, "Floods hit town");
        let a = analyze("Mansfield win\n\nAdvertisement\n\nMansfield beat Hull two-nil on Saturday in front of a home crowd of four thousand.\n");
        assert_eq!(a.title, "Mansfield win");
    }

    #[test]
    fn bylines_in_their_common_shapes() {
        assert_eq!(
            byline("By Ann Roe, Harbour Reporter").as_deref(),
            Some("Ann Roe")
        );
        assert_eq!(
            byline("Posted on May 2, 2021 by Ann Roe").as_deref(),
            Some("Ann Roe")
        );
        // "by" inside a sentence without a date is not a byline.
        assert_eq!(byline("The pier was rebuilt by Harbour Works"), None);
        assert!(is_name("Ann Roe"));
        assert!(is_name("Jan van der Berg"));
        assert!(!is_name("World"));
        assert!(!is_name("Water levels fall"));
        assert!(!is_name("Ann Roe, 2021"));
    }

    #[test]
    fn the_site_name_is_cut_from_a_saved_page_title() {
        let a = analyze(
            "Gulls return to the old pier - The Harbour Gazette\n\nMay 2, 2021\n\nThe gulls are back.\n\n© 2021 The Harbour Gazette. All rights reserved.\n",
        );
        assert_eq!(
            a.source.map(|s| s.value).as_deref(),
            Some("The Harbour Gazette")
        );
        assert_eq!(a.title, "Gulls return to the old pier");
    }

    #[test]
    fn a_byline_without_a_date_line_ends_the_header() {
        let a = analyze(
            "Gulls return\n\nThe colony is back a month late after a cold spring.\n\nBy Ann Roe\n\nThe gulls came back this week.\n",
        );
        assert_eq!(a.author.as_deref(), Some("Ann Roe"));
        assert_eq!(
            a.summary.as_deref(),
            Some("The colony is back a month late after a cold spring.")
        );
        assert_eq!(a.body, "The gulls came back this week.");
        // Prose that opens with "By" is not a byline, and stays in the body.
        let a = analyze("Secret weapon\n\nBy any measure, the plan was a winner.\n");
        assert_eq!(a.author, None);
        assert_eq!(a.body, "By any measure, the plan was a winner.");
    }

    #[test]
    fn a_key_value_header_needs_a_title_key_and_two_lines() {
        let a = analyze("Headline: Gulls return\nBy: Ann Roe\n\nThe gulls are back.\n");
        assert_eq!(a.title, "Gulls return");
        assert_eq!(a.author.as_deref(), Some("Ann Roe"));
        assert_eq!(a.body, "The gulls are back.");
        // A note line is not a header: the file reads as title and body.
        let a = analyze("Note: gulls return\n\nThe gulls are back.\n");
        assert_eq!(a.title, "Note: gulls return");
        let a = analyze("Title: Gulls return\n\nThe gulls are back.\n");
        assert_eq!(a.title, "Title: Gulls return");
    }

    #[test]
    fn a_byline_in_capitals_leaves_its_agency_out() {
        let table = [
            ("By KWAME ASANTE Coastal Press Agency", Some("Kwame Asante")),
            (
                "By ELENA MARSH / Northern News Service",
                Some("Elena Marsh"),
            ),
            ("By: Ana Ruiz", Some("Ana Ruiz")),
            (
                "By Ana Ruiz and Tom Baines",
                Some("Ana Ruiz and Tom Baines"),
            ),
            ("By Sam Okoro Associated Press", Some("Sam Okoro")),
            ("By Sam Okoro Reuters", Some("Sam Okoro")),
            ("By Mary Ann Okoro", Some("Mary Ann Okoro")),
        ];
        for (line, want) in table {
            assert_eq!(byline(line).as_deref(), want, "{line}");
        }
        let agencies = [
            (
                "By KWAME ASANTE Coastal Press Agency",
                Some("Coastal Press Agency"),
            ),
            ("By Sam Okoro Associated Press", Some("Associated Press")),
            ("By Ana Ruiz, Transport Editor", None),
            ("By Mary Ann Okoro", None),
        ];
        for (line, want) in agencies {
            assert_eq!(byline_agency(line).as_deref(), want, "{line}");
        }
    }

    #[test]
    fn lone_labelled_lines_over_the_headline_are_read() {
        let a = analyze("Source: Lakeside Herald\nBy: Ana Ruiz\n\nIce is thick enough\n\nRangers opened the bay.\n");
        assert_eq!(a.title, "Ice is thick enough");
        assert_eq!(
            a.source.map(|s| s.value).as_deref(),
            Some("Lakeside Herald")
        );
        assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(a.body, "Rangers opened the bay.");
        // Under the headline too.
        let a = analyze("Footbridge opens\nSource: Riverside Times\n\nThe bridge opened.\n");
        assert_eq!(
            a.source.map(|s| s.value).as_deref(),
            Some("Riverside Times")
        );
        assert_eq!(a.body, "The bridge opened.");
        // A label that is all the file has stays its title.
        assert_eq!(
            analyze("Source: Lakeside Herald\n").title,
            "Source: Lakeside Herald"
        );
    }

    #[test]
    fn a_bare_name_under_the_dek_is_the_byline_but_a_subheading_in_capitals_is_not() {
        let dek = "Parents raised the money in six weeks after the county said it would close.";
        let a = analyze(&format!(
            "School saved\n\n{dek}\n\nMarta Kowalski\n\nThe school stays open.\n"
        ));
        assert_eq!(a.author.as_deref(), Some("Marta Kowalski"));
        assert_eq!(a.summary.as_deref(), Some(dek));
        assert_eq!(a.body, "The school stays open.");
        let a = analyze(&format!(
            "Games of the year\n\n{dek}\n\nWORLD OF WARCRAFT\n\nThe game opens.\n"
        ));
        assert_eq!(a.author, None);
        assert!(a.body.starts_with(dek), "{}", a.body);
    }

    #[test]
    fn a_blog_footer_names_the_writer_and_a_dateline_dates_the_story() {
        let a = analyze(
            "Walking the drovers' road\n\nI walked it in two days.\n\nPosted by Ewan at 9:14 PM\n",
        );
        assert_eq!(a.author.as_deref(), Some("Ewan"));
        assert_eq!(a.body, "I walked it in two days.");
        let a = analyze("Works open\n\nHAVENMOUTH, 6 September 2022 — The works opened today.\n");
        let d = a.date.map(|d| d.value.to_rfc3339());
        assert_eq!(d.as_deref(), Some("2022-09-06T00:00:00Z"));
        // A place name and a comma alone are not a dateline.
        assert!(
            analyze("Works open\n\nHAVENMOUTH, the works opened today.\n")
                .date
                .is_none()
        );
    }
}
