//! Printing results: text for people (colour on a terminal, plain when piped, facet bar charts),
//! and JSON, NDJSON, CSV and bare paths for scripts. The JSON shapes are documented by
//! `schema/search-output.schema.json`: change them only with care.

use std::io::{self, Write};

use owo_colors::OwoColorize;
use serde_json::{json, Map, Value};

use crate::facets::FacetCounts;
use crate::search::{Hit, Results};

/// Output formats of `lede search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Ranked list for reading in a terminal.
    Text,
    /// One JSON object: query, total, hits (and facets).
    Json,
    /// One JSON object per hit, then a summary record (with facets).
    Ndjson,
    /// A header row, then one row per hit.
    Csv,
    /// The file of each hit, once, one per line (for xargs).
    Paths,
}

/// How matched words are marked in snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Highlight {
    /// Bold colour escapes.
    Ansi,
    /// `**word**`.
    Markdown,
    /// `<b>word</b>`, the rest HTML-escaped.
    Html,
    /// No marks.
    None,
}

/// Whether to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Resolves `auto` against the terminal and the `NO_COLOR` convention.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stdout().is_terminal()
            }
        }
    }
}

/// How to print results.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The format.
    pub format: Format,
    /// Colour in text output.
    pub color: bool,
    /// Snippet marks (text and csv).
    pub highlight: Highlight,
    /// Hit fields to keep (csv, json, ndjson); empty = the format's default.
    pub fields: Vec<String>,
    /// NUL-terminated paths.
    pub null: bool,
}

/// Field names a hit has, in output order.
pub const HIT_FIELDS: [&str; 12] = [
    "rank",
    "score",
    "path",
    "title",
    "date",
    "source",
    "author",
    "url",
    "summary",
    "snippet",
    "highlights",
    "copies",
];

const CSV_DEFAULT: [&str; 7] = [
    "rank", "score", "date", "source", "title", "path", "snippet",
];

/// Checks a `--fields` list.
pub fn check_fields(fields: &[String]) -> Result<(), String> {
    for f in fields {
        if !HIT_FIELDS.contains(&f.as_str()) {
            return Err(format!(
                "--fields: no field {f:?}; choose from {}",
                HIT_FIELDS.join(", ")
            ));
        }
    }
    Ok(())
}

fn hit_value(hit: &Hit, fields: &[String]) -> Value {
    let full = serde_json::to_value(hit).unwrap_or(Value::Null);
    if fields.is_empty() {
        return full;
    }
    let mut out = Map::new();
    for f in fields {
        out.insert(f.clone(), full.get(f).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// Writes `results` as `opts` asks.
pub fn write_results(
    out: &mut dyn Write,
    results: &Results,
    opts: &OutputOptions,
) -> io::Result<()> {
    match opts.format {
        Format::Json => {
            let mut v = serde_json::to_value(results).map_err(io::Error::other)?;
            if !opts.fields.is_empty() {
                v["hits"] = Value::Array(
                    results
                        .hits
                        .iter()
                        .map(|h| hit_value(h, &opts.fields))
                        .collect(),
                );
            }
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)
        }
        Format::Ndjson => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, &hit_value(hit, &opts.fields))?;
                writeln!(out)?;
            }
            let mut summary = json!({
                "type": "summary",
                "query": results.query,
                "total": results.total,
                "offset": results.offset,
                "returned": results.hits.len(),
                "elapsed_ms": results.elapsed_ms,
            });
            if !results.facets.is_empty() {
                summary["facets"] =
                    serde_json::to_value(&results.facets).map_err(io::Error::other)?;
            }
            writeln!(out, "{summary}")
        }
        Format::Csv => write_csv(out, results, opts),
        Format::Paths => {
            let mut seen = std::collections::HashSet::new();
            let end: &[u8] = if opts.null { b"\0" } else { b"\n" };
            for hit in &results.hits {
                if seen.insert(&hit.path) {
                    out.write_all(hit.path.as_bytes())?;
                    out.write_all(end)?;
                }
            }
            Ok(())
        }
        Format::Text => write_text(out, results, opts),
    }
}

fn write_csv(out: &mut dyn Write, results: &Results, opts: &OutputOptions) -> io::Result<()> {
    let fields: Vec<String> = if opts.fields.is_empty() {
        CSV_DEFAULT.iter().map(|s| s.to_string()).collect()
    } else {
        opts.fields.clone()
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&fields)?;
    for hit in &results.hits {
        let v = hit_value(hit, &fields);
        let row: Vec<String> = fields
            .iter()
            .map(|f| {
                if f == "snippet" {
                    return mark(&hit.snippet, &hit.highlights, opts.highlight);
                }
                match v.get(f) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                }
            })
            .collect();
        w.write_record(&row)?;
    }
    w.flush()
}

fn write_text(out: &mut dyn Write, results: &Results, opts: &OutputOptions) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, opts)?;
    }
    for f in &results.facets {
        write_facet(out, f, results.total, opts.color)?;
    }
    let shown = results.hits.len();
    let line = if results.total == 0 {
        format!("no matches for {:?}", results.query)
    } else if shown == 0 {
        format!(
            "{} matches; none shown past --offset {}",
            results.total, results.offset
        )
    } else {
        format!(
            "{}-{} of {} {} ({:.1} ms)",
            results.offset + 1,
            results.offset + shown,
            results.total,
            if results.total == 1 {
                "match"
            } else {
                "matches"
            },
            results.elapsed_ms
        )
    };
    if opts.color {
        writeln!(out, "{}", line.dimmed())
    } else {
        writeln!(out, "{line}")
    }
}

fn write_hit(out: &mut dyn Write, hit: &Hit, opts: &OutputOptions) -> io::Result<()> {
    let title = if hit.title.is_empty() {
        "(untitled)"
    } else {
        &hit.title
    };
    let mut meta = Vec::new();
    if let Some(d) = &hit.date {
        meta.push(d.get(..10).unwrap_or(d).to_string());
    }
    if let Some(s) = &hit.source {
        meta.push(s.clone());
    }
    if let Some(score) = hit.score {
        meta.push(format!("score {score:.2}"));
    }
    let meta = meta.join(" · ");
    let snippet = mark(&hit.snippet, &hit.highlights, opts.highlight);
    if opts.color {
        writeln!(out, "{:>3}. {}", hit.rank, title.bold())?;
        writeln!(out, "     {}", meta.dimmed())?;
        writeln!(out, "     {}", hit.path.cyan())?;
    } else {
        writeln!(out, "{:>3}. {title}", hit.rank)?;
        writeln!(out, "     {meta}")?;
        writeln!(out, "     {}", hit.path)?;
    }
    if !snippet.is_empty() {
        writeln!(out, "     {snippet}")?;
    }
    for c in &hit.copies {
        writeln!(out, "     also saved as {c}")?;
    }
    writeln!(out)
}

/// Widest bar in a facet chart, in characters.
const BAR_WIDTH: u64 = 40;

fn write_facet(out: &mut dyn Write, f: &FacetCounts, total: usize, color: bool) -> io::Result<()> {
    let head = format!("{} (of {total} matches)", f.facet.name());
    if color {
        writeln!(out, "{}", head.bold())?;
    } else {
        writeln!(out, "{head}")?;
    }
    let max = f.buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let width = f
        .buckets
        .iter()
        .map(|b| b.key.as_deref().unwrap_or("(none)").chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for b in &f.buckets {
        let key = b.key.as_deref().unwrap_or("(none)");
        let len = (b.count * BAR_WIDTH).div_ceil(max) as usize;
        let bar = "█".repeat(if b.count > 0 { len.max(1) } else { 0 });
        let bar = if color { bar.cyan().to_string() } else { bar };
        writeln!(out, "  {key:<width$}  {:>6}  {bar}", b.count)?;
    }
    writeln!(out)
}

/// The snippet with its highlights marked as `how` asks.
pub fn mark(snippet: &str, ranges: &[[usize; 2]], how: Highlight) -> String {
    if how == Highlight::None || (ranges.is_empty() && how != Highlight::Html) {
        return snippet.to_string();
    }
    let chars: Vec<char> = snippet.chars().collect();
    let plain = |s: &[char]| -> String {
        let s: String = s.iter().collect();
        if how == Highlight::Html {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        } else {
            s
        }
    };
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 12);
    let mut at = 0;
    for &[s, e] in ranges {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        if s < at {
            continue;
        }
        out.push_str(&plain(&chars[at..s]));
        let word = plain(&chars[s..e]);
        match how {
            Highlight::Ansi => out.push_str(&word.bold().yellow().to_string()),
            Highlight::Markdown => out.push_str(&format!("**{word}**")),
            Highlight::Html => out.push_str(&format!("<b>{word}</b>")),
            Highlight::None => out.push_str(&word),
        }
        at = e;
    }
    out.push_str(&plain(&chars[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_in_every_style() {
        let r = [[0, 3]];
        assert!(mark("oil & gas", &r, Highlight::Ansi).contains("\u{1b}["));
        assert_eq!(mark("oil & gas", &r, Highlight::Markdown), "**oil** & gas");
        assert_eq!(
            mark("oil & gas", &r, Highlight::Html),
            "<b>oil</b> &amp; gas"
        );
        assert_eq!(mark("oil & gas", &r, Highlight::None), "oil & gas");
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(check_fields(&["title".into(), "path".into()]).is_ok());
        assert!(check_fields(&["colour".into()]).is_err());
    }
}
