//! Text for people: ranked hits with highlighted snippets, and facet counts as bar charts.

use std::io::{self, Write};

use owo_colors::OwoColorize;

use super::highlight::mark;
use super::options::OutputOptions;
use crate::search::{FacetCounts, Hit, Results};

/// Writes the hits, then the facets, for reading in a terminal.
pub fn write_text(out: &mut dyn Write, results: &Results, opts: &OutputOptions) -> io::Result<()> {
    let mut related = 0;
    for hit in &results.hits {
        if hit.related && related == 0 {
            let head = "related: none of the words, but what the best matches are about \
                        (--no-related leaves them out)";
            if opts.color {
                writeln!(out, "{}\n", head.dimmed())?;
            } else {
                writeln!(out, "{head}\n")?;
            }
        }
        related += usize::from(hit.related);
        write_hit(out, hit, opts)?;
    }
    for f in &results.facets {
        write_facet(out, f, results.total, opts)?;
    }
    let shown = results.hits.len() - related;
    let then = if related > 0 {
        format!(", then {related} related")
    } else {
        String::new()
    };
    let line = if results.total == 0 {
        format!("no matches for {:?}", results.query)
    } else if shown == 0 {
        format!(
            "{} matches; none shown past --offset {}{then}",
            results.total, results.offset
        )
    } else {
        format!(
            "{}-{} of {} {}{then} ({:.1} ms)",
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
    if let Some(l) = &hit.lang {
        meta.push(l.clone());
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
    if let Some(e) = &hit.explanation {
        write_explanation(out, e, 5)?;
    }
    writeln!(out)
}

/// tantivy's score explanation as an indented tree: value, then what it is.
fn write_explanation(out: &mut dyn Write, e: &serde_json::Value, indent: usize) -> io::Result<()> {
    let value = e.get("value").and_then(|v| v.as_f64()).unwrap_or(0.0);
    let what = e.get("description").and_then(|d| d.as_str()).unwrap_or("");
    let context: Vec<&str> = e
        .get("context")
        .and_then(|c| c.as_array())
        .map(|c| c.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let extra = if context.is_empty() {
        String::new()
    } else {
        format!(" ({})", context.join("; "))
    };
    writeln!(out, "{:indent$}{value:>8.3}  {what}{extra}", "")?;
    for d in e
        .get("details")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
    {
        write_explanation(out, d, indent + 2)?;
    }
    Ok(())
}

/// Widest bar in a facet chart, in characters.
const BAR_WIDTH: u64 = 40;

fn write_facet(
    out: &mut dyn Write,
    f: &FacetCounts,
    total: usize,
    opts: &OutputOptions,
) -> io::Result<()> {
    let color = opts.color;
    let head = format!("{} (of {total} matches)", f.facet.name());
    if color {
        writeln!(out, "{}", head.bold())?;
    } else {
        writeln!(out, "{head}")?;
    }
    // Sources come most common first: the top ones are shown. Calendar buckets come in order:
    // the latest ones are shown.
    let limit = if opts.facet_limit == 0 {
        f.buckets.len()
    } else {
        opts.facet_limit.min(f.buckets.len())
    };
    let more = f.buckets.len() - limit;
    let shown: &[crate::search::Bucket] = match f.facet {
        crate::search::Facet::Source => &f.buckets[..limit],
        _ => &f.buckets[more..],
    };
    let max = shown.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let width = shown
        .iter()
        .map(|b| b.key.as_deref().unwrap_or("(none)").chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    if more > 0 && f.facet != crate::search::Facet::Source {
        writeln!(out, "  ... {more} earlier (--facet-limit 0 shows all)")?;
    }
    for b in shown {
        let key = b.key.as_deref().unwrap_or("(none)");
        let len = (b.count * BAR_WIDTH).div_ceil(max) as usize;
        let bar = "█".repeat(if b.count > 0 { len.max(1) } else { 0 });
        let bar = if color { bar.cyan().to_string() } else { bar };
        writeln!(out, "  {key:<width$}  {:>6}  {bar}", b.count)?;
    }
    if more > 0 && f.facet == crate::search::Facet::Source {
        writeln!(out, "  ... {more} more (--facet-limit 0 shows all)")?;
    }
    writeln!(out)
}
