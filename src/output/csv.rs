//! CSV: a header row, then one row per hit.

use std::io::{self, Write};

use serde_json::Value;

use super::highlight::mark;
use super::json::hit_value;
use super::options::OutputOptions;
use crate::search::Results;

/// The default columns; `related` tells a spreadsheet which rows are not matches.
const CSV_DEFAULT: [&str; 9] = [
    "rank", "score", "date", "source", "title", "path", "snippet", "lang", "related",
];

/// Writes the hits as CSV, the columns `opts.fields` (or the default ones).
pub fn write_csv(out: &mut dyn Write, results: &Results, opts: &OutputOptions) -> io::Result<()> {
    let fields: Vec<String> = if opts.fields.is_empty() {
        CSV_DEFAULT.iter().map(|s| s.to_string()).collect()
    } else {
        opts.fields.clone()
    };
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(&fields).map_err(io_error)?;
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
        w.write_record(&row).map_err(io_error)?;
    }
    w.flush()
}

/// The I/O error inside a CSV error, kept as it is, so a closed pipe is still seen as one.
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
