//! JSON and JSON Lines exports: one article per object, one or many objects per file, with the
//! key names common exporters use understood, and others nameable with `--json-key`.

use serde_json::Value;

use super::article::{Article, Found};
use super::common::host_of;
use super::dates::{parse_date, FoundDate};
use super::headline::strip_site_suffix;
use super::source::publication_name;

/// Which JSON keys hold which field, tried in order (case-insensitive).
#[derive(Debug, Clone)]
pub struct JsonKeys {
    /// Keys for the headline.
    pub title: Vec<String>,
    /// Keys for the publication date.
    pub date: Vec<String>,
    /// Keys for the article text.
    pub body: Vec<String>,
    /// Keys for the dek.
    pub summary: Vec<String>,
    /// Keys for the publication.
    pub source: Vec<String>,
    /// Keys for the web address.
    pub url: Vec<String>,
    /// Keys for the byline.
    pub author: Vec<String>,
    /// Keys for the language the article declares.
    pub lang: Vec<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for JsonKeys {
    fn default() -> Self {
        JsonKeys {
            title: strings(&["title", "headline", "name", "subject"]),
            date: strings(&[
                "date",
                "published",
                "publishedAt",
                "published_at",
                "pubDate",
                "datePublished",
                "publish_date",
                "created_at",
                "timestamp",
                "time",
            ]),
            body: strings(&[
                "body",
                "text",
                "content",
                "articleBody",
                "article_body",
                "full_text",
                "maintext",
                "story",
            ]),
            summary: strings(&[
                "summary",
                "description",
                "dek",
                "standfirst",
                "abstract",
                "excerpt",
                "lead",
            ]),
            source: strings(&[
                "source",
                "publisher",
                "site",
                "siteName",
                "site_name",
                "domain",
                "outlet",
                "source_domain",
            ]),
            url: strings(&["url", "link", "href", "permalink", "canonical_url"]),
            author: strings(&["author", "byline", "authors", "creator", "writer", "by"]),
            lang: strings(&["lang", "language", "locale", "inLanguage"]),
        }
    }
}

impl JsonKeys {
    /// Puts user-named keys first: `spec` is `FIELD=KEY` (e.g. `title=heading`).
    pub fn add(&mut self, spec: &str) -> Result<(), String> {
        let (field, key) = spec
            .split_once('=')
            .ok_or_else(|| format!("--json-key takes FIELD=KEY, not {spec:?}"))?;
        let list = match field.trim() {
            "title" => &mut self.title,
            "date" => &mut self.date,
            "body" => &mut self.body,
            "summary" => &mut self.summary,
            "source" => &mut self.source,
            "url" => &mut self.url,
            "author" => &mut self.author,
            "lang" => &mut self.lang,
            other => {
                return Err(format!(
                    "--json-key: unknown field {other:?} (title, date, body, summary, source, url, author, lang)"
                ))
            }
        };
        list.insert(0, key.trim().to_string());
        Ok(())
    }
}

/// True when the text looks like JSON or JSON Lines.
pub fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') || (t.starts_with('[') && t[1..].trim_start().starts_with('{'))
}

fn get<'a>(obj: &'a serde_json::Map<String, Value>, keys: &[String]) -> Option<&'a Value> {
    for k in keys {
        // A dotted key reaches into nested objects ("meta.title").
        if k.contains('.') {
            let mut cur: Option<&Value> = None;
            for (i, part) in k.split('.').enumerate() {
                cur = if i == 0 {
                    obj.get(part)
                } else {
                    cur.and_then(|c| c.get(part))
                };
            }
            if cur.is_some_and(|v| !v.is_null()) {
                return cur;
            }
            continue;
        }
        if let Some(v) = obj.get(k.as_str()).filter(|v| !v.is_null()) {
            return Some(v);
        }
        if let Some((_, v)) = obj
            .iter()
            .find(|(name, v)| name.eq_ignore_ascii_case(k) && !v.is_null())
        {
            return Some(v);
        }
    }
    None
}

/// A string from a value: itself, the `name` of an object, or the strings of an array joined.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("text"))
            .or_else(|| o.get("value"))
            .and_then(text_of),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(text_of).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn date_of(v: &Value) -> Option<FoundDate> {
    match v {
        Value::Number(n) => {
            let secs = n.as_i64()?;
            // Milliseconds since the epoch are common in exports.
            let secs = if secs > 100_000_000_000 {
                secs / 1000
            } else {
                secs
            };
            // An instant with no zone of its own: shown in UTC.
            Some(FoundDate {
                utc: chrono::DateTime::from_timestamp(secs, 0)?,
                offset: None,
                has_time: true,
            })
        }
        _ => parse_date(&text_of(v)?),
    }
}

/// A body that is HTML becomes plain paragraphs; a news API's truncation mark ("... [+1520
/// chars]") goes.
fn plain_body(s: &str) -> String {
    let s = match s.trim_end().strip_suffix(" chars]") {
        Some(rest) => match rest.rsplit_once("[+") {
            Some((text, n)) if n.chars().all(|c| c.is_ascii_digit()) => text,
            _ => s,
        },
        None => s,
    };
    if s.contains("</p>") || s.contains("<br") || s.contains("</div>") {
        let doc = dom_query::Document::from(s);
        let mut out = Vec::new();
        for p in doc.select("p, li, h2, h3, blockquote").iter() {
            let t = p.text().split_whitespace().collect::<Vec<_>>().join(" ");
            if !t.is_empty() {
                out.push(t);
            }
        }
        if !out.is_empty() {
            return out.join("\n\n");
        }
        return doc.select("body").text().trim().to_string();
    }
    s.trim().to_string()
}

pub(crate) fn article_from(
    obj: &serde_json::Map<String, Value>,
    keys: &JsonKeys,
) -> Option<Article> {
    let title = get(obj, &keys.title).and_then(text_of).unwrap_or_default();
    let body = get(obj, &keys.body)
        .and_then(text_of)
        .map(|b| plain_body(&b))
        .unwrap_or_default();
    if title.is_empty() && body.is_empty() {
        return None;
    }
    let mut art = Article {
        title_rule: (!title.is_empty()).then(|| "JSON key".to_string()),
        title: title.split_whitespace().collect::<Vec<_>>().join(" "),
        body,
        format: "json",
        ..Article::default()
    };
    art.summary = get(obj, &keys.summary).and_then(text_of);
    art.date = get(obj, &keys.date).and_then(date_of).map(|d| Found {
        value: d,
        rule: "JSON key".into(),
    });
    art.url = get(obj, &keys.url).and_then(text_of);
    art.source = get(obj, &keys.source)
        .and_then(text_of)
        .map(|s| Found {
            value: s,
            rule: "JSON key".into(),
        })
        .or_else(|| {
            // Crawler exports keep the site in a nested record ({"thread": {"site": ...}}).
            obj.iter().find_map(|(k, v)| {
                let name = get(v.as_object()?, &keys.source).and_then(text_of)?;
                Some(Found {
                    value: publication_name(&name),
                    rule: format!("JSON key under {k:?}"),
                })
            })
        })
        .or_else(|| {
            // A host is not a name the export gives: `--source-from folder` may name it better.
            art.source_is_guess = true;
            art.url.as_deref().and_then(host_of).map(|h| Found {
                value: h,
                rule: "host of the article's address".into(),
            })
        });
    if let Some(s) = &art.source {
        // Aggregators copy the page title, site name and all ("Headline - The Post").
        let cut = strip_site_suffix(&art.title, std::slice::from_ref(&s.value));
        if cut != art.title {
            art.title = cut;
            art.title_rule = Some("JSON key, the site's name cut".into());
        }
    }
    art.author = get(obj, &keys.author).and_then(text_of);
    art.declared_lang = get(obj, &keys.lang).and_then(text_of);
    Some(art)
}

/// Objects that hold articles: the value itself, or the array under a wrapper key such as
/// `articles` or `items`.
fn collect_objects(v: Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match v {
        Value::Array(a) => a.into_iter().for_each(|x| collect_objects(x, out)),
        Value::Object(mut o) => {
            for k in [
                "articles", "items", "data", "results", "entries", "docs", "posts",
            ] {
                if matches!(o.get(k), Some(Value::Array(_))) {
                    if let Some(inner) = o.remove(k) {
                        collect_objects(inner, out);
                        return;
                    }
                }
            }
            out.push(o);
        }
        _ => {}
    }
}

/// Reads every article in a JSON or JSON Lines text. Lines that are not JSON are counted in the
/// second value so the caller can report them.
pub fn analyze(text: &str, keys: &JsonKeys) -> (Vec<Article>, Vec<usize>) {
    let text = text.trim_start_matches('\u{feff}');
    let mut objects = Vec::new();
    let mut bad = Vec::new();
    match serde_json::from_str::<Value>(text) {
        Ok(v) => collect_objects(v, &mut objects),
        Err(_) => {
            // JSON Lines, or a document broken part way: keep every line that parses, and
            // number the others (from 1) so they can be reported.
            for (no, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(v) => collect_objects(v, &mut objects),
                    Err(_) => bad.push(no + 1),
                }
            }
        }
    }
    let arts = objects
        .iter()
        .filter_map(|o| article_from(o, keys))
        .collect();
    (arts, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_keys_and_nested_names() {
        let (a, bad) = analyze(
            r#"{"headline":"Pier closes","publishedAt":"2021-02-03T10:00:00Z","articleBody":"<p>The pier shut.</p><p>Repairs follow.</p>","publisher":{"name":"Bay Post"},"byline":[{"name":"A. Roe"}],"link":"https://bay.example/pier"}"#,
            &JsonKeys::default(),
        );
        assert!(bad.is_empty());
        let a = &a[0];
        assert_eq!(a.title, "Pier closes");
        assert_eq!(a.body, "The pier shut.\n\nRepairs follow.");
        assert_eq!(
            a.source.as_ref().map(|s| s.value.as_str()),
            Some("Bay Post")
        );
        assert_eq!(a.author.as_deref(), Some("A. Roe"));
        assert_eq!(a.url.as_deref(), Some("https://bay.example/pier"));
        assert!(a.date.is_some());
    }

    #[test]
    fn json_lines_keep_good_lines_and_count_bad_ones() {
        let text =
            "{\"title\":\"One\",\"text\":\"a\"}\n{broken\n{\"title\":\"Two\",\"text\":\"b\"}\n";
        let (a, bad) = analyze(text, &JsonKeys::default());
        assert_eq!(a.len(), 2);
        assert_eq!(bad, vec![2], "the broken line, numbered from 1");
    }

    #[test]
    fn user_named_keys_come_first() {
        let mut keys = JsonKeys::default();
        keys.add("title=heading").expect("valid");
        keys.add("body=meta.copy").expect("valid");
        let (a, _) = analyze(
            r#"{"heading":"Mine","title":"Not this","meta":{"copy":"Body here"}}"#,
            &keys,
        );
        assert_eq!(a[0].title, "Mine");
        assert_eq!(a[0].body, "Body here");
        assert!(keys.add("colour=x").is_err());
    }

    #[test]
    fn wrapper_arrays_and_epoch_millis() {
        let (a, _) = analyze(
            r#"{"articles":[{"title":"A","body":"x","timestamp":1612346400000}]}"#,
            &JsonKeys::default(),
        );
        assert_eq!(
            a[0].date.as_ref().map(|d| d.value.to_rfc3339()).as_deref(),
            Some("2021-02-03T10:00:00Z")
        );
    }

    #[test]
    fn news_api_and_crawler_export_shapes() {
        // A news API: the title carries the site's name, the content a truncation mark.
        let (a, _) = analyze(
            r#"{"articles":[{"source":{"id":null,"name":"Bay Post"},"title":"Pier closes - Bay Post","content":"The pier shut on Monday\u2026 [+1520 chars]"}]}"#,
            &JsonKeys::default(),
        );
        assert_eq!(a[0].title, "Pier closes");
        assert_eq!(a[0].body, "The pier shut on Monday\u{2026}");
        // A crawler's export: the site in a nested record; else the host of the address.
        let (a, _) = analyze(
            r#"{"thread":{"site":"Bay Post"},"title":"Pier closes","text":"The pier shut."}
{"title":"Pier opens","text":"It opened.","url":"https://www.baypost.example/pier"}"#,
            &JsonKeys::default(),
        );
        let sources: Vec<(String, String)> = a
            .iter()
            .filter_map(|x| x.source.clone().map(|s| (s.value, s.rule)))
            .collect();
        assert_eq!(
            sources,
            vec![
                (
                    "Bay Post".to_string(),
                    "JSON key under \"thread\"".to_string()
                ),
                (
                    "baypost.example".to_string(),
                    "host of the article's address".to_string()
                )
            ]
        );
        // Only the host is a guess that `--source-from folder` may replace.
        assert_eq!(
            a.iter().map(|x| x.source_is_guess).collect::<Vec<_>>(),
            vec![false, true]
        );
    }
}
