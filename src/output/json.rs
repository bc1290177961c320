//! JSON and NDJSON: the shapes `schema/search-output.schema.json` documents, which scripts and
//! the HTTP API rely on.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::search::{Hit, Results};

/// One JSON object: the results, hits trimmed to `fields` when given.
pub fn write_json(out: &mut dyn Write, results: &Results, fields: &[String]) -> io::Result<()> {
    let mut v = serde_json::to_value(results).map_err(io::Error::other)?;
    if !fields.is_empty() {
        v["hits"] = Value::Array(results.hits.iter().map(|h| hit_value(h, fields)).collect());
    }
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
}

/// One hit per line, then a summary record.
pub fn write_ndjson(out: &mut dyn Write, results: &Results, fields: &[String]) -> io::Result<()> {
    for hit in &results.hits {
        let mut v = Map::new();
        v.insert("type".into(), json!("hit"));
        if let Value::Object(fields) = hit_value(hit, fields) {
            v.extend(fields);
        }
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)?;
    }
    for f in &results.facets {
        let record = json!({"type": "facet", "facet": f.facet, "buckets": f.buckets});
        writeln!(out, "{record}")?;
    }
    let summary = json!({
        "type": "summary",
        "query": results.query,
        "total": results.total,
        "offset": results.offset,
        "returned": results.hits.len(),
        "suggestion": results.suggestion,
        "notes": results.notes,
        "elapsed_ms": results.elapsed_ms,
    });
    writeln!(out, "{summary}")
}

/// A hit as JSON, with only `fields` when given.
pub fn hit_value(hit: &Hit, fields: &[String]) -> Value {
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
