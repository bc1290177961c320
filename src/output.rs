//! Printing results: text for people (colour on a terminal, plain when piped), JSON and NDJSON
//! for scripts. The JSON shapes are part of lede's interface: change them only with care.

use std::io::{self, Write};

use owo_colors::OwoColorize;
use serde_json::json;

use crate::search::{Hit, Results};

/// Output formats of `lede search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Ranked list for reading in a terminal.
    Text,
    /// One JSON object: query, total, hits.
    Json,
    /// One JSON object per hit, then a summary record.
    Ndjson,
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

/// Writes `results` in `format`.
pub fn write_results(
    out: &mut dyn Write,
    results: &Results,
    format: Format,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, results)?;
            writeln!(out)
        }
        Format::Ndjson => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, hit)?;
                writeln!(out)?;
            }
            let summary = json!({
                "type": "summary",
                "query": results.query,
                "total": results.total,
                "offset": results.offset,
                "returned": results.hits.len(),
                "elapsed_ms": results.elapsed_ms,
            });
            writeln!(out, "{summary}")
        }
        Format::Text => write_text(out, results, color),
    }
}

fn write_text(out: &mut dyn Write, results: &Results, color: bool) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, color)?;
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
    if color {
        writeln!(out, "{}", line.dimmed())
    } else {
        writeln!(out, "{line}")
    }
}

fn write_hit(out: &mut dyn Write, hit: &Hit, color: bool) -> io::Result<()> {
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
    meta.push(format!("score {:.2}", hit.score));
    let meta = meta.join(" · ");
    let snippet = highlight(&hit.snippet, &hit.highlights, color);
    if color {
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

/// The snippet with its highlights in bold colour when `color` is on; unchanged otherwise.
fn highlight(snippet: &str, ranges: &[[usize; 2]], color: bool) -> String {
    if !color || ranges.is_empty() {
        return snippet.to_string();
    }
    let chars: Vec<char> = snippet.chars().collect();
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 12);
    let mut at = 0;
    for &[s, e] in ranges {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        if s < at {
            continue;
        }
        out.extend(&chars[at..s]);
        let word: String = chars[s..e].iter().collect();
        out.push_str(&word.bold().yellow().to_string());
        at = e;
    }
    out.extend(&chars[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_wraps_ranges_only_with_colour() {
        let s = highlight("oil and gas", &[[0, 3]], true);
        assert!(s.contains("\u{1b}["));
        assert!(s.ends_with(" and gas"));
        assert_eq!(highlight("oil and gas", &[[0, 3]], false), "oil and gas");
    }
}
