//! Saved HTML pages. Metadata (title, date, source, author, url) comes from the page's own
//! declarations in the order publishers are most careful with: JSON-LD, then Open Graph and other
//! meta conventions, then `<time>`, then visible text. The main text comes from `dom_smoothie`
//! (a port of Mozilla's Readability), with lede's furniture rules applied after it.

use std::sync::LazyLock;

use chrono::FixedOffset;
use dom_query::Document;
use regex::Regex;
use serde_json::Value;

use super::article::{Article, Found};
use super::common::{clean, host_of, paragraphs};
use super::dates::{
    find_date_anywhere, find_date_in_line, find_labelled_date, parse_date, FoundDate,
};
use super::furniture;
use super::headline::pick_title;
use super::main_text;
use super::source::publication_name;
use crate::decode;

/// Meta tags that carry the publication date, most trusted first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "date_published",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "originalpublicationdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "og:published_time",
    "date",
    "created",
    "displaydate",
    "dateline",
    "release_date",
    "article:modified_time",
    "og:updated_time",
    "lastmod",
    "last-modified",
    "datemodified",
];

static CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:]+)"#).expect("valid regex")
});
static STRAY_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",(\s*[}\]])").expect("valid regex"));
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")
        .expect("valid regex")
});

/// True when `bytes` start like an HTML document.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"))
        || (head.starts_with("<!--") && head.contains("<html"))
        || head.starts_with("<head")
}

/// The charset a page declares in its first few kilobytes, if any.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    CHARSET.captures(&head).map(|c| c[1].to_string())
}

/// Metadata read from the page's declarations.
#[derive(Debug, Default)]
struct Meta {
    /// Declared headlines, most trusted first (see `pick_title`).
    title: Vec<(String, &'static str)>,
    /// The first date the page's markup declares (see `declared_date`).
    date: Option<Found<FoundDate>>,
    /// Declared names of the publication, most trusted first, with where each was found.
    sources: Vec<(String, &'static str)>,
    author: Option<String>,
    url: Option<String>,
    description: Option<String>,
    /// The language the page declares (`<html lang>`, `Content-Language`, `og:locale`, JSON-LD).
    lang: Option<String>,
}

/// Every `<meta>` value by its lower-cased `property`, `name`, `itemprop` or `http-equiv`; the
/// first one wins, as browsers and crawlers read them.
struct MetaTags(std::collections::HashMap<String, String>);

impl MetaTags {
    fn read(doc: &Document) -> MetaTags {
        let mut map = std::collections::HashMap::new();
        for m in doc.select("meta[content]").iter() {
            let Some(content) = m.attr("content").map(|c| c.trim().to_string()) else {
                continue;
            };
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(name) = m.attr(attr) {
                    map.entry(name.to_lowercase())
                        .or_insert_with(|| content.clone());
                }
            }
        }
        MetaTags(map)
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
}

/// JSON-LD objects on the page, `@graph` and arrays flattened.
fn json_ld(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for s in doc.select("script[type='application/ld+json']").iter() {
        for v in read_ld(&s.text()) {
            flatten_ld(v, &mut out);
        }
    }
    out
}

/// The JSON values in one JSON-LD script, read the way browsers and search engines forgive it:
/// a `<![CDATA[ ]]>` or comment wrapper, several objects one after another, and, failing that,
/// raw line breaks inside strings and commas before a closing bracket.
fn read_ld(text: &str) -> Vec<Value> {
    let mut text = text.trim();
    loop {
        let before = text.len();
        for wrap in ["//<![CDATA[", "/*<![CDATA[*/", "<![CDATA[", "<!--"] {
            text = text.strip_prefix(wrap).unwrap_or(text).trim_start();
        }
        for wrap in ["//]]>", "/*]]>*/", "]]>", "-->", ";"] {
            text = text.strip_suffix(wrap).unwrap_or(text).trim_end();
        }
        if text.len() == before {
            break;
        }
    }
    let values = |t: &str| -> Vec<Value> {
        serde_json::Deserializer::from_str(t)
            .into_iter::<Value>()
            .map_while(Result::ok)
            .collect()
    };
    let found = values(text);
    if !found.is_empty() {
        return found;
    }
    let repaired: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    values(&STRAY_COMMA.replace_all(&repaired, "$1"))
}

fn flatten_ld(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.into_iter().for_each(|x| flatten_ld(x, out)),
        Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten_ld(g, out);
            }
            out.push(Value::Object(o));
        }
        _ => {}
    }
}

fn ld_type_is_article(v: &Value) -> bool {
    let is = |t: &str| {
        let t = t.to_ascii_lowercase();
        t.contains("article") || t.contains("posting") || t == "report" || t.contains("newsarticle")
    };
    match v.get("@type") {
        Some(Value::String(t)) => is(t),
        Some(Value::Array(a)) => a.iter().filter_map(|t| t.as_str()).any(is),
        _ => false,
    }
}

/// The first string in a JSON-LD value: a string, `{name: ...}`, or an array of those.
fn ld_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(ld_name),
        Value::Array(a) => a.iter().find_map(ld_name),
        _ => None,
    }
}

fn read_meta(doc: &Document) -> Meta {
    let mut m = Meta::default();
    let tags = MetaTags::read(doc);
    let meta_content = |_: &Document, key: &str| tags.get(key);
    let ld = json_ld(doc);
    let article = ld.iter().find(|v| ld_type_is_article(v));

    // Title candidates, most trusted first (see `pick_title`).
    if let Some(t) = article.and_then(|a| a.get("headline")).and_then(ld_name) {
        m.title.push((t, "JSON-LD headline"));
    }
    if let Some(t) = meta_content(doc, "og:title") {
        m.title.push((clean(&t), "og:title"));
    }
    if let Some(t) = doc.select("title").iter().next() {
        let t = clean(&t.text());
        if !t.is_empty() {
            m.title.push((t, "<title>"));
        }
    }
    if let Some(h1) = doc
        .select("h1")
        .iter()
        .find(|h| !clean(&h.text()).is_empty())
    {
        m.title.push((clean(&h1.text()), "<h1>"));
    }
    if let Some(t) = meta_content(doc, "twitter:title") {
        m.title.push((clean(&t), "twitter:title"));
    }

    m.url = meta_content(doc, "og:url")
        .or_else(|| {
            doc.select("link[rel='canonical']")
                .iter()
                .next()
                .and_then(|l| l.attr("href").map(|h| h.to_string()))
        })
        .or_else(|| article.and_then(|a| a.get("url")).and_then(ld_name))
        .filter(|u| u.starts_with("http"));
    m.date = declared_date(doc, &tags, &ld, article, m.url.as_deref());

    // The site's own name, then the publisher.
    let declared = [
        (meta_content(doc, "og:site_name"), "og:site_name"),
        (
            article.and_then(|a| a.get("publisher")).and_then(ld_name),
            "JSON-LD publisher",
        ),
        (
            meta_content(doc, "application-name"),
            "<meta application-name>",
        ),
    ];
    m.sources = declared
        .into_iter()
        .filter_map(|(name, rule)| name.map(|n| (n, rule)))
        .collect();
    m.author = meta_content(doc, "author")
        .or_else(|| meta_content(doc, "article:author").filter(|a| !a.starts_with("http")))
        .or_else(|| article.and_then(|a| a.get("author")).and_then(ld_name))
        .map(|a| clean(&a));
    m.lang = doc
        .select("html[lang]")
        .iter()
        .next()
        .and_then(|h| h.attr("lang").map(|l| l.to_string()))
        .or_else(|| meta_content(doc, "content-language"))
        .or_else(|| meta_content(doc, "og:locale"))
        .or_else(|| article.and_then(|a| a.get("inLanguage")).and_then(ld_name))
        .filter(|l| !l.trim().is_empty());
    m.description = meta_content(doc, "og:description")
        .or_else(|| meta_content(doc, "description"))
        .or_else(|| article.and_then(|a| a.get("description")).and_then(ld_name))
        .map(|d| clean(&d));
    m
}

/// JSON-LD keys that date an article, most trusted first.
const LD_DATE_KEYS: &[&str] = &["datePublished", "dateCreated", "uploadDate", "dateModified"];

/// The publication date the page's markup declares, in the order htmldate found most reliable:
/// structured data (JSON-LD, then meta tags), a full date in the page's own address, dated
/// elements, dates in the page's scripts. The first step of `choose_date`, taken while the page
/// is still whole (Readability takes it apart).
fn declared_date(
    doc: &Document,
    tags: &MetaTags,
    ld: &[Value],
    article: Option<&Value>,
    url: Option<&str>,
) -> Option<Found<FoundDate>> {
    let found = |value, rule: &str| {
        Some(Found {
            value,
            rule: rule.to_string(),
        })
    };
    // The article object's own dates; then any object's datePublished (a video's uploadDate or
    // a page's dateModified is not when the article came out).
    let ld_date = article
        .and_then(|a| {
            LD_DATE_KEYS
                .iter()
                .find_map(|k| a.get(*k).and_then(Value::as_str).and_then(parse_date))
        })
        .or_else(|| {
            ld.iter().find_map(|o| {
                o.get("datePublished")
                    .and_then(Value::as_str)
                    .and_then(parse_date)
            })
        });
    if let Some(d) = ld_date {
        return found(d, "JSON-LD datePublished");
    }
    // JSON-LD that is not valid JSON (stray commas, raw newlines) still names its date.
    for s in doc.select("script[type='application/ld+json']").iter() {
        if let Some(d) = script_date(&s.text(), &LD_DATE_KEYS[..1]) {
            return found(d, "JSON-LD datePublished (read past invalid JSON)");
        }
    }
    for k in DATE_META {
        if let Some(d) = tags
            .get(k)
            .and_then(|c| parse_date(&c).or_else(|| find_date_in_line(&c)))
        {
            return found(d, &format!("<meta {k}>"));
        }
    }
    if let Some(d) = url.and_then(url_date) {
        return found(d, "date in the page's address");
    }
    if let Some(d) = dated_elements(doc) {
        return Some(d);
    }
    for s in doc.select("script").iter() {
        if let Some(d) = script_date(&s.text(), SCRIPT_DATE_KEYS) {
            return found(d, "publication date in a page script");
        }
    }
    None
}

/// Keys that name a publication date in the JSON or JavaScript of shop and CMS pages.
const SCRIPT_DATE_KEYS: &[&str] = &[
    "datePublished",
    "published_at",
    "publishedAt",
    "publishDate",
    "publish_date",
    "publication_date",
    "publicationDate",
    "pubDate",
    "date_published",
];

static SCRIPT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']?([A-Za-z_]+)["']?\s*[:=]\s*["']([0-9][0-9T:. +\-/Z]{7,34})["']"#)
        .expect("valid regex")
});

/// The first date in script text given under one of `keys` (`"datePublished": "2020-07-15"`,
/// `publication_date = "2020-02-17 21:18"`).
fn script_date(text: &str, keys: &[&str]) -> Option<FoundDate> {
    if !keys.iter().any(|k| text.contains(k)) {
        return None;
    }
    SCRIPT_DATE
        .captures_iter(text)
        .filter(|c| keys.contains(&&c[1]))
        .find_map(|c| parse_date(&c[2]))
}

static URL_COMPACT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[-_/]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[-_./]|$)")
        .expect("valid regex")
});

/// A full date in an article's address: `/2019/10/22/`, `/2019-10-22-`, `-20200113`.
fn url_date(url: &str) -> Option<FoundDate> {
    // The path only: hosts and query strings carry ids that look like dates.
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let c = URL_DATE
        .captures(path)
        .or_else(|| URL_COMPACT_DATE.captures(path))?;
    parse_date(&format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3]))
}

/// Elements that mark a date: `<time>`, `itemprop=datePublished`, and elements whose class, id
/// or test id mentions a date.
fn dated_elements(doc: &Document) -> Option<Found<FoundDate>> {
    for sel in [
        "[itemprop='datePublished']",
        "time[pubdate]",
        "article time[datetime]",
        "time[datetime]",
    ] {
        for e in doc.select(sel).iter() {
            let attr = e
                .attr("datetime")
                .or_else(|| e.attr("content"))
                .map(|a| a.to_string());
            let d = attr
                .as_deref()
                .and_then(parse_date)
                .or_else(|| find_date_in_line(&clean(&e.text())));
            if let Some(d) = d {
                return Some(Found {
                    value: d,
                    rule: format!("{sel} element"),
                });
            }
        }
    }
    for sel in [
        "[class*='date']",
        "[data-testid*='date']",
        "[class*='time']",
        "[class*='byline']",
        "[class*='published']",
        "[class*='meta']",
        "[id*='date']",
    ] {
        for e in doc.select(sel).iter().take(20) {
            let t = clean(&e.text());
            if let Some(d) = find_date_in_line(&t) {
                return Some(Found {
                    value: d,
                    rule: format!("text of a {sel} element"),
                });
            }
        }
    }
    None
}

/// A date-time with an offset, as pages write them in scripts and attributes.
static ISO_WITH_OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?[+-]\d{2}:?\d{2}")
        .expect("valid regex")
});

/// The stamps `ISO_WITH_OFFSET` finds in `html`, in order. A scan of the whole page by the
/// regex was a thirtieth of a page's analysis: each stamp has a `T` after its date, memchr finds
/// those far faster than the regex walks the page, and the regex then runs anchored there.
fn iso_stamps(html: &str) -> impl Iterator<Item = &str> {
    static ANCHORED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!("^(?:{})", ISO_WITH_OFFSET.as_str())).expect("valid regex")
    });
    let bytes = html.as_bytes();
    let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
    memchr::memchr_iter(b'T', bytes).filter_map(move |t| {
        let start = t.checked_sub(10)?;
        let date_shape = digits(start..start + 4)
            && bytes[start + 4] == b'-'
            && digits(start + 5..start + 7)
            && bytes[start + 7] == b'-'
            && digits(start + 8..t);
        // The ten bytes before the `T` are ASCII digits and dashes, so `start` is a char boundary.
        date_shape
            .then(|| ANCHORED.find(&html[start..]))
            .flatten()
            .map(|m| m.as_str())
    })
}

/// The page's own offset for a date it declares in UTC: a page that gives its publication time
/// as "2023-11-09T02:11:03+00:00" often writes the same instant elsewhere in local time
/// ("2023-11-08T21:11:03-05:00"), and the local day is the one its readers saw.
fn local_offset(html: &str, date: &FoundDate) -> Option<FixedOffset> {
    if !date.has_time || date.offset.is_none_or(|o| o.local_minus_utc() != 0) {
        return None;
    }
    iso_stamps(html).take(200).find_map(|m| {
        let d = parse_date(m)?;
        let offset = d.offset.filter(|o| o.local_minus_utc() != 0)?;
        ((d.utc - date.utc).num_seconds().abs() <= 60).then_some(offset)
    })
}

/// Reads a saved HTML page.
pub fn analyze(bytes: &[u8]) -> Article {
    let declared = declared_charset(bytes);
    let decoded = decode::decode(bytes, declared.as_deref());
    // Every parse of the page below reads the bounded text (see `bounds`).
    let page = super::bounds::bounded(&decoded.text);
    let doc = Document::from(page.as_ref());
    let mut meta = read_meta(&doc);

    let mut art = Article {
        format: "html",
        encoding: decoded.encoding,
        ..Article::default()
    };
    art.url = meta.url.clone();
    art.author = meta.author.clone();
    art.declared_lang = meta.lang.clone();
    (art.source, art.source_is_guess) = choose_source(&meta);
    let mut names: Vec<String> = art.source.iter().map(|s| s.value.clone()).collect();
    if let Some(host) = meta.url.as_deref().and_then(host_of) {
        // "www.example-news.co.uk": the host and its first label ("example-news").
        names.push(host.split('.').next().unwrap_or("").to_string());
        names.push(host);
    }

    let headline = pick_title(&meta.title, &names, meta.url.as_deref());

    let text = main_text::choose(
        doc,
        &page,
        meta.url.as_deref(),
        headline.as_ref().map(|t| t.value.as_str()),
    );
    let blocks = paragraphs(&text)
        .into_iter()
        .filter(|b| headline.as_ref().is_none_or(|t| clean(&b.text) != t.value))
        .collect();
    let (mut kept, mut dropped) = furniture::strip(blocks);
    furniture::drop_writer_bio(&mut kept, art.author.as_deref(), &mut dropped);
    art.body = kept
        .iter()
        .map(|b| clean(&b.text))
        .collect::<Vec<_>>()
        .join("\n\n");
    art.dropped = dropped;

    art.date = choose_date(meta.date.take(), &page, &art);
    if let Some(t) = choose_title(headline, &art.body) {
        art.title = t.value;
        art.title_rule = Some(t.rule);
    }
    if art.body.is_empty() {
        if let Some(d) = meta.description {
            art.body = d;
        }
    }
    art
}

/// Where an HTML page's title is chosen: the declared headline `pick_title` prefers (JSON-LD,
/// `og:title`, `<title>`, `<h1>`, `twitter:title`, weighed against the site's name and the page's
/// address), else the first line of the main text.
fn choose_title(headline: Option<Found<String>>, body: &str) -> Option<Found<String>> {
    headline.filter(|t| !t.value.is_empty()).or_else(|| {
        let first: String = body
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        (!first.is_empty()).then(|| Found {
            value: first,
            rule: "first line of the main text".into(),
        })
    })
}

/// Where an HTML page's source is chosen: the names it declares (`og:site_name`, the JSON-LD
/// publisher, `application-name`), else the host of its address. The second value says the
/// source is a guess (a host is not a name the page gives itself: `--source-from folder` may
/// name it better).
fn choose_source(meta: &Meta) -> (Option<Found<String>>, bool) {
    if let Some((name, rule)) = meta.sources.first() {
        let found = Found {
            value: publication_name(name),
            rule: (*rule).into(),
        };
        return (Some(found), false);
    }
    let host = meta.url.as_deref().and_then(host_of).map(|h| Found {
        value: h,
        rule: "host of the page's address".into(),
    });
    let guess = host.is_some();
    (host, guess)
}

/// Where an HTML page's date is chosen, first found wins: the date its markup declares
/// (`declared_date`: JSON-LD, meta tags, the address, dated elements, scripts), shown in the
/// offset the page writes the same instant in elsewhere; the article's date line (dropped from
/// the body as furniture); the first date in the article's opening; a date the page text labels
/// as the publication date; the first date in the page text.
fn choose_date(
    declared: Option<Found<FoundDate>>,
    html: &str,
    art: &Article,
) -> Option<Found<FoundDate>> {
    let mut date = declared.map(|mut d| {
        if let Some(offset) = local_offset(html, &d.value) {
            d.value.offset = Some(offset);
            d.rule.push_str(", in the page's own offset");
        }
        d
    });
    if date.is_none() {
        // The article's own date line, dropped from the body as furniture.
        date = art
            .dropped
            .iter()
            .filter(|d| d.reason == furniture::Kind::DateLine)
            .find_map(|d| parse_date(&d.text))
            .map(|d| Found {
                value: d,
                rule: "the article's date line".into(),
            });
    }
    if date.is_none() {
        let head: String = art.body.chars().take(600).collect();
        if let Some(d) = find_date_anywhere(&head) {
            date = Some(Found {
                value: d,
                rule: "first date in the article text".into(),
            });
        }
    }
    if date.is_none() {
        let text = main_text::visible_text(html);
        date = find_labelled_date(&text)
            .map(|d| (d, "date labelled as publication in the page text"))
            .or_else(|| find_date_anywhere(&text).map(|d| (d, "first date in the page text")))
            .map(|(d, rule)| Found {
                value: d,
                rule: rule.into(),
            });
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_stamps_are_the_ones_the_regex_finds_in_the_whole_page() {
        let pages = [
            r#"<meta content="2023-11-09T02:11:03+00:00"><time datetime="2023-11-08T21:11:03-05:00">"#,
            "12023-11-09T02:11+0100 and 2023-1-09T02:11:03+00:00, T at the start",
            "T2023-11-09T02:11:03.250-0700T 99-11-09T02:11:03+00:00 2024-02-29T23:59:59+14:00",
            "Öl 2023-11-09T02:11:03Z 2023-11-09T02:11:03+02:00é, no stamp ends in T",
            "",
        ];
        for page in pages {
            let want: Vec<&str> = ISO_WITH_OFFSET
                .find_iter(page)
                .map(|m| m.as_str())
                .collect();
            assert_eq!(iso_stamps(page).collect::<Vec<_>>(), want, "{page}");
        }
    }

    #[test]
    fn og_and_meta_conventions() {
        let html = r#"<html><head><title>Gulls return | Bay Post</title>
<meta property="og:site_name" content="Bay Post">
<meta property="article:published_time" content="2020-05-01T08:00:00+02:00">
</head><body><article><h1>Gulls return</h1>
<p>The gulls came back to the bay this week, a month later than usual, and nested on the old pier as they have for decades.</p>
<p>Counters said numbers were down a fifth on last year, but that the late spring explained most of the fall.</p>
</article></body></html>"#;
        let a = analyze(html.as_bytes());
        assert_eq!(a.title, "Gulls return");
        assert_eq!(a.source.map(|s| s.value).as_deref(), Some("Bay Post"));
        assert_eq!(
            a.date.map(|d| d.value.to_rfc3339()).as_deref(),
            Some("2020-05-01T06:00:00Z")
        );
        assert!(a.body.starts_with("The gulls came back"));
    }

    #[test]
    fn json_ld_is_read_the_way_browsers_forgive_it() {
        let headline = |script: &str| {
            read_ld(script)
                .iter()
                .find_map(|v| v.get("headline").and_then(Value::as_str).map(String::from))
        };
        let want = Some("Gulls return".to_string());
        assert_eq!(
            headline("<![CDATA[ {\"headline\": \"Gulls return\"} ]]>"),
            want
        );
        assert_eq!(
            headline("//<![CDATA[\n{\"headline\": \"Gulls return\"};\n//]]>"),
            want
        );
        // Two objects one after the other; the second is the article.
        assert_eq!(
            headline("{\"@type\": \"WebSite\"}\n{\"headline\": \"Gulls return\"}"),
            want
        );
        // A raw line break inside a string and a comma before the closing brace.
        assert_eq!(
            headline("{\"headline\": \"Gulls return\",\n \"description\": \"Back\nat last\",\n}"),
            want
        );
        assert!(read_ld("not json at all").is_empty());
    }

    #[test]
    fn a_consent_dialog_does_not_become_the_body() {
        let consent = "<p>When you visit our website, we store cookies on your browser to collect information that helps us run the site, measure its audience and show you advertising.</p>".repeat(8);
        let html = format!(
            "<html><head><title>Gulls return</title></head><body>\
             <div id=\"onetrust-consent-sdk\"><div>{consent}</div></div>\
             <article><h1>Gulls return</h1>\
             <p>The gulls came back to the bay this week, a month later than usual, and nested on the old pier.</p>\
             <p>Counters said numbers were down a fifth on last year, which the late spring explains.</p>\
             </article></body></html>"
        );
        let a = analyze(html.as_bytes());
        assert!(a.body.starts_with("The gulls came back"), "{}", a.body);
        assert!(!a.body.contains("cookies"), "{}", a.body);
    }

    #[test]
    fn a_utc_date_is_shown_in_the_offset_the_page_uses_elsewhere() {
        let html = r#"<html><head>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Gulls return","datePublished":"2023-11-09T02:11:03+00:00"}</script>
<script type="application/ld+json">{"@type":"VideoObject","uploadDate":"2023-11-08T21:11:03-05:00"}</script>
</head><body><article><h1>Gulls return</h1>
<p>The gulls came back to the bay this week, a month later than usual, and nested on the old pier as they have for decades.</p>
</article></body></html>"#;
        let d = analyze(html.as_bytes()).date.expect("date").value;
        // Same instant, the local day.
        assert_eq!(d.to_rfc3339(), "2023-11-09T02:11:03Z");
        assert_eq!(d.display(), "2023-11-08T21:11:03-05:00");
        // A different instant elsewhere on the page says nothing about the offset.
        let other = html.replace("21:11:03-05:00", "09:00:00-05:00");
        let d = analyze(other.as_bytes()).date.expect("date").value;
        assert_eq!(d.display(), "2023-11-09T02:11:03Z");
    }

    #[test]
    fn dates_in_addresses() {
        let day = |u: &str| url_date(u).map(|d| d.to_rfc3339());
        assert_eq!(
            day("https://news.example/2019/10/22/gulls-return/").as_deref(),
            Some("2019-10-22T00:00:00Z")
        );
        assert_eq!(
            day("https://news.example/world/megablaze-under-control-20200113").as_deref(),
            Some("2020-01-13T00:00:00Z")
        );
        // Ids in hosts and query strings are not dates.
        assert_eq!(day("https://20201301.example/a?id=20200113"), None);
    }

    #[test]
    fn declared_charset_is_found() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>";
        assert_eq!(declared_charset(page).as_deref(), Some("iso-8859-1"));
    }
}
