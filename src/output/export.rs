//! `lede export`: stored articles out of lede, one at a time (memory stays flat), as NDJSON or
//! CSV, or as a folder ready for a search cluster: Quickwit (documents, an index config made
//! from `schema/`, the commands) or OpenSearch / Elasticsearch (`_bulk` files with stable ids,
//! the mapping, the `curl` lines).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::index::schema::{FieldKind, SchemaSpec};
use crate::search::ExportedArticle;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object a line.
    Ndjson,
    /// A header row, one row an article.
    Csv,
    /// A Quickwit index: documents, config, commands.
    Quickwit,
    /// An OpenSearch or Elasticsearch index: `_bulk` files, mapping, commands.
    Opensearch,
}

impl ExportFormat {
    /// Whether the format is a folder of files (it needs `--out`).
    pub fn is_folder(self) -> bool {
        matches!(self, ExportFormat::Quickwit | ExportFormat::Opensearch)
    }
}

/// The fields of an exported record, in order (as in `schema/search-output.schema.json`).
pub const EXPORT_FIELDS: [&str; 13] = [
    "id", "path", "title", "date", "source", "author", "url", "summary", "lang", "words", "copy",
    "copies", "body",
];

/// The name of the index the cluster formats create.
pub const INDEX_NAME: &str = "lede";

/// Articles in one `_bulk` file: well under the 100 MB a request may carry by default.
const BULK_ARTICLES: usize = 5_000;

/// An article as a flat record, nulls left out when `drop_nulls` (cluster engines type a
/// field by its values, and a null date is no date).
pub fn record(a: &ExportedArticle, drop_nulls: bool) -> Map<String, Value> {
    let full = serde_json::to_value(a).unwrap_or(Value::Null);
    let mut out = Map::new();
    for f in EXPORT_FIELDS {
        let v = full.get(f).cloned().unwrap_or(Value::Null);
        if !(drop_nulls && v.is_null()) {
            out.insert(f.to_string(), v);
        }
    }
    out
}

/// A stable document id for a cluster: the BLAKE3 of lede's article id, hex (the article id
/// itself, a path, can be longer than the 512 bytes an `_id` may hold).
pub fn cluster_id(article_id: &str) -> String {
    blake3::hash(article_id.as_bytes()).to_hex().to_string()
}

/// Writes articles in one format; `finish` closes the files and writes what goes with them.
pub struct Exporter {
    format: ExportFormat,
    out: Option<PathBuf>,
    sink: Box<dyn Write>,
    csv: Option<::csv::Writer<Box<dyn Write>>>,
    written: usize,
    bulk_files: usize,
}

impl Exporter {
    /// An exporter to `stdout` (ndjson, csv) or into the folder `out` (any format; created if
    /// missing; a cluster format needs one).
    pub fn new(
        format: ExportFormat,
        out: Option<&Path>,
        stdout: Box<dyn Write>,
    ) -> io::Result<Exporter> {
        if let Some(dir) = out {
            fs::create_dir_all(dir)?;
        }
        let name = match format {
            ExportFormat::Ndjson | ExportFormat::Quickwit => "articles.ndjson",
            ExportFormat::Csv => "articles.csv",
            ExportFormat::Opensearch => "bulk-0001.ndjson",
        };
        let sink: Box<dyn Write> = match out {
            Some(dir) => Box::new(BufWriter::new(File::create(dir.join(name))?)),
            None => stdout,
        };
        let mut e = Exporter {
            format,
            out: out.map(Path::to_path_buf),
            sink,
            csv: None,
            written: 0,
            bulk_files: 1,
        };
        if format == ExportFormat::Csv {
            let sink = std::mem::replace(&mut e.sink, Box::new(io::sink()));
            let mut w = ::csv::Writer::from_writer(sink);
            w.write_record(EXPORT_FIELDS).map_err(csv_error)?;
            e.csv = Some(w);
        }
        Ok(e)
    }

    /// Writes one article.
    pub fn write(&mut self, a: &ExportedArticle) -> io::Result<()> {
        match self.format {
            ExportFormat::Ndjson => {
                serde_json::to_writer(&mut self.sink, &record(a, false))?;
                self.sink.write_all(b"\n")?;
            }
            ExportFormat::Quickwit => {
                serde_json::to_writer(&mut self.sink, &record(a, true))?;
                self.sink.write_all(b"\n")?;
            }
            ExportFormat::Csv => {
                let r = record(a, false);
                let row: Vec<String> = EXPORT_FIELDS
                    .iter()
                    .map(|f| match r.get(*f) {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Null) | None => String::new(),
                        Some(v) => v.to_string(),
                    })
                    .collect();
                if let Some(w) = &mut self.csv {
                    w.write_record(&row).map_err(csv_error)?;
                }
            }
            ExportFormat::Opensearch => {
                if self.written > 0 && self.written.is_multiple_of(BULK_ARTICLES) {
                    self.next_bulk_file()?;
                }
                let action =
                    json!({"create": {"_index": INDEX_NAME, "_id": cluster_id(&a.article.id)}});
                writeln!(self.sink, "{action}")?;
                serde_json::to_writer(&mut self.sink, &record(a, true))?;
                self.sink.write_all(b"\n")?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn next_bulk_file(&mut self) -> io::Result<()> {
        self.sink.flush()?;
        self.bulk_files += 1;
        if let Some(dir) = &self.out {
            let name = format!("bulk-{:04}.ndjson", self.bulk_files);
            self.sink = Box::new(BufWriter::new(File::create(dir.join(name))?));
        }
        Ok(())
    }

    /// Flushes, and for the cluster formats writes the config or mapping and a README with the
    /// commands. Returns how many articles were written.
    pub fn finish(mut self, spec: &SchemaSpec) -> io::Result<usize> {
        if let Some(w) = &mut self.csv {
            w.flush()?;
        }
        self.sink.flush()?;
        let Some(dir) = self.out.clone() else {
            return Ok(self.written);
        };
        match self.format {
            ExportFormat::Quickwit => {
                let yaml =
                    serde_yaml_ng::to_string(&quickwit_config(spec)).map_err(io::Error::other)?;
                fs::write(dir.join("index-config.yaml"), yaml)?;
                fs::write(dir.join("README.md"), quickwit_readme(self.written))?;
            }
            ExportFormat::Opensearch => {
                let mapping = serde_json::to_string_pretty(&opensearch_mapping(spec))?;
                fs::write(dir.join("mapping.json"), mapping + "\n")?;
                fs::write(
                    dir.join("README.md"),
                    opensearch_readme(self.written, self.bulk_files),
                )?;
            }
            ExportFormat::Ndjson | ExportFormat::Csv => {}
        }
        Ok(self.written)
    }
}

fn csv_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Whether `name` is one of the exported fields lede indexes as prose.
fn is_prose(spec: &SchemaSpec, name: &str) -> bool {
    spec.field(name).is_some_and(|f| {
        f.kind == FieldKind::Text && spec.default_search_fields.iter().any(|d| d == name)
    })
}

/// A Quickwit index config for the exported records, made from lede's schema: prose fields as
/// text with positions, `source` raw and fast, `date` a fast datetime and the timestamp field.
pub fn quickwit_config(spec: &SchemaSpec) -> Value {
    let mut mappings = Vec::new();
    for name in EXPORT_FIELDS {
        let m = match name {
            "date" => json!({"name": name, "type": "datetime", "input_formats": ["rfc3339"],
                             "output_format": "rfc3339", "fast": true, "fast_precision": "seconds"}),
            "words" | "copies" => json!({"name": name, "type": "u64", "fast": true}),
            "copy" => json!({"name": name, "type": "bool", "fast": true}),
            "source" => json!({"name": name, "type": "text", "tokenizer": "raw", "fast": true}),
            "id" | "path" | "url" => json!({"name": name, "type": "text", "tokenizer": "raw"}),
            _ if is_prose(spec, name) => json!({"name": name, "type": "text",
                             "tokenizer": "default", "record": "position"}),
            _ => json!({"name": name, "type": "text", "tokenizer": "raw"}),
        };
        mappings.push(m);
    }
    json!({
        "version": "0.7",
        "index_id": INDEX_NAME,
        "doc_mapping": {
            "mode": "lenient",
            "field_mappings": mappings,
            "timestamp_field": "date",
        },
        "search_settings": {"default_search_fields": spec
            .default_search_fields
            .iter()
            .filter(|f| EXPORT_FIELDS.contains(&f.as_str()))
            .collect::<Vec<_>>()},
    })
}

/// An OpenSearch / Elasticsearch mapping for the exported records: prose fields with the
/// `english` analyzer, `source` a keyword, `date` a date.
pub fn opensearch_mapping(spec: &SchemaSpec) -> Value {
    let mut props = Map::new();
    for name in EXPORT_FIELDS {
        let m = match name {
            "date" => json!({"type": "date", "format": "strict_date_optional_time"}),
            "words" | "copies" => json!({"type": "long"}),
            "copy" => json!({"type": "boolean"}),
            "source" => json!({"type": "keyword"}),
            "id" | "path" | "url" => json!({"type": "keyword"}),
            _ if is_prose(spec, name) => json!({"type": "text", "analyzer": "english"}),
            _ => json!({"type": "keyword"}),
        };
        props.insert(name.to_string(), m);
    }
    json!({"mappings": {"dynamic": "strict", "properties": props}})
}

const NOT_CARRIED: &str = "What does not carry over: lede's own analysis. Page furniture is \
already removed from every body (the text is what lede indexed), but stemming, stop words and \
accent folding are now the target engine's own, so rankings and matches differ somewhat from \
`lede search`. Copies of one story are all exported (`copy` is true on all but the first); \
filter on `copy: false` to see each story once. Articles with no date have no `date` field.";

fn quickwit_readme(n: usize) -> String {
    format!(
        "# lede export for Quickwit\n\n{n} articles in `articles.ndjson`, one JSON object a \
         line, and `index-config.yaml`, made from lede's schema.\n\n```sh\nquickwit index \
         create --index-config index-config.yaml\nquickwit index ingest --index {INDEX_NAME} \
         --input-path articles.ndjson\nquickwit index search --index {INDEX_NAME} --query \
         'ferry'\n```\n\n{NOT_CARRIED}\n"
    )
}

fn opensearch_readme(n: usize, files: usize) -> String {
    format!(
        "# lede export for OpenSearch or Elasticsearch\n\n{n} articles in {files} `_bulk` \
         file(s) (`bulk-0001.ndjson` ..., {BULK_ARTICLES} articles each: `create` actions with \
         a stable `_id`, the BLAKE3 of lede's article id), and `mapping.json`.\n\n```sh\n\
         curl -XPUT 'http://localhost:9200/{INDEX_NAME}' -H 'Content-Type: application/json' \
         --data-binary @mapping.json\nfor f in bulk-*.ndjson; do\n  curl -XPOST \
         'http://localhost:9200/_bulk' -H 'Content-Type: application/x-ndjson' --data-binary \
         \"@$f\"\ndone\n```\n\nRe-running the loop is safe: `create` refuses an `_id` the index \
         already holds.\n\n{NOT_CARRIED}\n"
    )
}
