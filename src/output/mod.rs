//! Printing results: text for people (colour on a terminal, plain when piped, facet bar charts),
//! and JSON, NDJSON, CSV and bare paths for scripts. The JSON shapes are documented by
//! `schema/search-output.schema.json`: change them only with care.

mod csv;
pub mod export;
mod highlight;
mod json;
mod options;
mod text;

use std::io::{self, Write};

pub use highlight::mark;
pub use json::hit_value;
pub use options::{check_fields, Format, Highlight, OutputOptions, HIT_FIELDS};

use crate::search::Results;

/// Writes `results` as `opts` asks.
pub fn write_results(
    out: &mut dyn Write,
    results: &Results,
    opts: &OutputOptions,
) -> io::Result<()> {
    match opts.format {
        Format::Json => json::write_json(out, results, &opts.fields),
        Format::Ndjson => json::write_ndjson(out, results, &opts.fields),
        Format::Csv => csv::write_csv(out, results, opts),
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
        Format::Text => text::write_text(out, results, opts),
    }
}
