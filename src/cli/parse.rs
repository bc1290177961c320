//! `lede parse`: what the analyzer reads in files, for checking extraction.

use std::io::{self, Write};

use anyhow::Context;
use rayon::prelude::*;

use lede::analyze;

use super::args::{ParseArgs, ParseFormat};
use super::{EXIT_OK, EXIT_PARTIAL};

/// Files read in parallel at a time by `lede parse`.
const PARSE_CHUNK: usize = 64;

/// `lede parse`.
pub fn run(args: ParseArgs) -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let opts = args.read.analyze_options()?;
    // `--format json` is one array of every article of every file, written as it goes.
    let mut written_any = false;
    if args.format == ParseFormat::Json {
        write!(out, "[").context("cannot write output")?;
    }
    // Files are read in parallel a chunk at a time and written in the order given: memory holds
    // one chunk's articles, never all of them.
    for chunk in args.files.chunks(PARSE_CHUNK) {
        let parsed: Vec<(String, Result<Vec<serde_json::Value>, String>)> = chunk
            .par_iter()
            .map(|file| {
                let shown = file.to_string_lossy().into_owned();
                let arts = match std::fs::read(file) {
                    Ok(bytes) => {
                        analyze::analyze_file(file, bytes, &opts).map_err(|e| e.to_string())
                    }
                    Err(e) => Err(e.to_string()),
                };
                let values = arts.map(|arts| {
                    arts.iter()
                        .map(|a| a.to_json(&shown, args.explain))
                        .collect()
                });
                (shown, values)
            })
            .collect();
        for (shown, values) in parsed {
            let values = match values {
                Ok(v) => v,
                Err(reason) => {
                    eprintln!("lede: skipped {shown}: {reason}");
                    failed += 1;
                    continue;
                }
            };
            let written = match args.format {
                ParseFormat::Ndjson => values.iter().try_for_each(|v| writeln!(out, "{v}")),
                ParseFormat::Json => values.iter().try_for_each(|v| {
                    let sep = if written_any { "," } else { "" };
                    written_any = true;
                    let text = serde_json::to_string_pretty(v).map_err(io::Error::from)?;
                    write!(out, "{sep}\n{text}")
                }),
                ParseFormat::Text => values.iter().try_for_each(|v| write_text(&mut out, v)),
            };
            written.context("cannot write output")?;
        }
    }
    if args.format == ParseFormat::Json {
        let end = if written_any { "\n]" } else { "]" };
        writeln!(out, "{end}").context("cannot write output")?;
    }
    out.flush().context("cannot write output")?;
    Ok(if failed == 0 { EXIT_OK } else { EXIT_PARTIAL })
}

fn write_text(out: &mut dyn Write, v: &serde_json::Value) -> io::Result<()> {
    let Some(obj) = v.as_object() else {
        return Ok(());
    };
    for (k, val) in obj {
        if k == "body" || k == "dropped" {
            continue;
        }
        let shown = match val {
            serde_json::Value::Null => "-".to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        writeln!(out, "{k:>14}: {shown}")?;
    }
    if let Some(dropped) = obj.get("dropped").and_then(|d| d.as_array()) {
        writeln!(out, "{:>14}:", "dropped")?;
        for d in dropped {
            let line = d.get("line").and_then(|l| l.as_u64()).unwrap_or(0);
            let reason = d.get("reason").and_then(|r| r.as_str()).unwrap_or("");
            let text = d.get("text").and_then(|t| t.as_str()).unwrap_or("");
            let short: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = short.chars().take(70).collect();
            writeln!(out, "{:>16}line {line}: {reason}: {short}", "")?;
        }
    }
    let body = obj.get("body").and_then(|b| b.as_str()).unwrap_or("");
    writeln!(out, "{:>14}:\n{body}\n", "body")
}
