//! Markdown with YAML (`---`) or TOML (`+++`) front matter: fields from the front matter (the
//! same key names as JSON), body from the Markdown as plain paragraphs.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::article::Article;
use super::common::paragraphs;
use super::furniture;
use super::json::{article_from, JsonKeys};

/// Splits front matter from the rest: `(front matter, is_toml, body)`.
pub fn split_front_matter(text: &str) -> Option<(&str, bool, &str)> {
    let t = text.trim_start_matches('\u{feff}');
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = t.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))
        else {
            continue;
        };
        let close = format!("\n{fence}");
        if let Some(end) = rest.find(&close) {
            let fm = &rest[..end];
            let after = &rest[end + close.len()..];
            let body = after.split_once('\n').map_or("", |(_, b)| b);
            return Some((fm, toml, body));
        }
    }
    None
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn front_matter(fm: &str, is_toml: bool) -> Map<String, Value> {
    let v = if is_toml {
        toml::from_str::<toml::Table>(fm)
            .ok()
            .map(|t| toml_to_json(toml::Value::Table(t)))
    } else {
        serde_yaml_ng::from_str::<Value>(fm).ok()
    };
    match v {
        Some(Value::Object(o)) => o,
        _ => Map::new(),
    }
}

/// Markdown to plain paragraphs, separated by blank lines.
pub fn markdown_text(md: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
                if !t.is_empty() {
                    paras.push(t);
                }
                cur.clear();
            }
            Event::Start(Tag::Item) => cur.clear(),
            _ => {}
        }
    }
    let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
    if !t.is_empty() {
        paras.push(t);
    }
    paras.join("\n\n")
}

/// Reads a Markdown article with front matter. Without front matter, the first heading is the title.
pub fn analyze(text: &str, keys: &JsonKeys) -> Option<Article> {
    let (mut obj, body_md) = match split_front_matter(text) {
        Some((fm, is_toml, body)) => (front_matter(fm, is_toml), body),
        None => (Map::new(), text),
    };
    let mut body = markdown_text(body_md);
    let title_key = keys
        .title
        .iter()
        .any(|k| obj.keys().any(|o| o.eq_ignore_ascii_case(k)));
    let first = body.split("\n\n").next().unwrap_or("").to_string();
    if !title_key {
        obj.insert("title".into(), Value::String(first.clone()));
    }
    // A first heading that repeats the title is not body text.
    let title = obj
        .iter()
        .find(|(k, _)| keys.title.iter().any(|t| t.eq_ignore_ascii_case(k)))
        .and_then(|(_, v)| v.as_str())
        .unwrap_or("")
        .to_string();
    if first.trim() == title.trim() {
        body = body
            .split_once("\n\n")
            .map_or(String::new(), |(_, b)| b.to_string());
    }
    obj.retain(|k, _| !keys.body.iter().any(|b| b.eq_ignore_ascii_case(k)));
    obj.insert("body".into(), Value::String(body));
    let mut keys = keys.clone();
    keys.body.insert(0, "body".into());
    let mut art = article_from(&obj, &keys)?;
    art.format = "markdown";
    // A blog's export keeps what the post closes with (a pitch, a note on the writer).
    let (mut kept, mut dropped) = furniture::strip(paragraphs(&art.body));
    furniture::drop_writer_bio(&mut kept, art.author.as_deref(), &mut dropped);
    art.body = kept
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    art.dropped = dropped;
    art.title_rule = Some(
        if title_key {
            "front matter"
        } else {
            "first paragraph"
        }
        .into(),
    );
    Some(art)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let a = analyze(
            "---\ntitle: \"Tide tables\"\ndate: 2020-10-03\nauthor: Ann\nsummary: Short.\n---\n\n# Tide tables\n\nHigh water at *noon*.\n",
            &JsonKeys::default(),
        )
        .expect("article");
        assert_eq!(a.title, "Tide tables");
        assert_eq!(a.body, "High water at noon.");
        assert_eq!(a.author.as_deref(), Some("Ann"));
        assert_eq!(a.summary.as_deref(), Some("Short."));
        assert!(a.date.is_some());
    }

    #[test]
    fn toml_front_matter_with_datetime() {
        let a = analyze(
            "+++\ntitle = \"Flood\"\ndate = 2021-04-18T14:00:00+02:00\n+++\nRiver rose.\n",
            &JsonKeys::default(),
        )
        .expect("article");
        assert_eq!(a.title, "Flood");
        assert_eq!(
            a.date.map(|d| d.value.to_rfc3339()).as_deref(),
            Some("2021-04-18T12:00:00Z")
        );
    }

    #[test]
    fn no_front_matter_uses_first_heading() {
        let a = analyze(
            "# Heading\n\nText [with a link](http://x).\n",
            &JsonKeys::default(),
        )
        .expect("article");
        assert_eq!(a.title, "Heading");
        assert_eq!(a.body, "Text with a link.");
    }
}
