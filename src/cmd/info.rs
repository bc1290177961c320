//! `lede stats`, `lede show` and `lede similar`: looking at what the index holds.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::json;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Order, TantivyDocument, Term};

use super::{EXIT_OK, EXIT_PARTIAL};
use crate::cli::{InfoFormat, ShowArgs, SimilarArgs, StatsArgs};
use crate::crawl::absolute;
use crate::facets::{Facet, FacetCollector};
use crate::output::{self, Highlight, OutputOptions};
use crate::search::{self, docs_of_path, shown_date};
use crate::store::LedeIndex;

/// Writes `text` to standard output, treating a closed pipe as success.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e).context("cannot write output"),
        _ => Ok(()),
    }
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

pub fn stats(args: StatsArgs) -> anyhow::Result<u8> {
    let idx = LedeIndex::open(&args.location.dir())?;
    let searcher = search::searcher(&idx)?;
    let f = &idx.fields;
    let articles = searcher.num_docs();
    let copies = searcher.search(
        &TermQuery::new(Term::from_field_u64(f.copy, 1), IndexRecordOption::Basic),
        &Count,
    )?;
    // Every dated article: a range from 1700 on (the earliest date lede accepts).
    let dated = RangeQuery::new(
        std::ops::Bound::Included(Term::from_field_date_for_search(
            f.date,
            tantivy::DateTime::from_timestamp_secs(-8_520_336_000),
        )),
        std::ops::Bound::Unbounded,
    );
    let first = |order| -> anyhow::Result<Option<String>> {
        let top = searcher.search(
            &dated,
            &TopDocs::with_limit(1).order_by_fast_field::<tantivy::DateTime>("date", order),
        )?;
        Ok(match top.first() {
            Some((_, a)) => shown_date(&idx, &searcher.doc::<TantivyDocument>(*a)?),
            None => None,
        })
    };
    let (oldest, newest) = (first(Order::Asc)?, first(Order::Desc)?);
    let n_dated = searcher.search(&dated, &Count)?;
    let fc = FacetCollector::new(&[Facet::Source]);
    let counts = searcher.search(&AllQuery, &fc)?;
    let sources = fc.finish(&[Facet::Source], &counts).remove(0).buckets;
    let payload = idx.index.load_metas()?.payload;
    let updated = payload
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|v| v["updated_at"].as_str().map(str::to_string));
    let size = dir_size(&idx.dir);
    let segments = searcher.segment_readers().len();
    match args.format {
        InfoFormat::Json => {
            let v = json!({
                "index": idx.dir.to_string_lossy(),
                "articles": articles,
                "copies": copies,
                "dated": n_dated,
                "oldest": oldest,
                "newest": newest,
                "sources": sources,
                "size_bytes": size,
                "segments": segments,
                "updated_at": updated,
                "schema_version": idx.spec.version,
            });
            emit(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        InfoFormat::Text => {
            let mut s = String::new();
            s += &format!("index:    {}\n", idx.dir.display());
            s +=
                &format!("articles: {articles} ({copies} of them copies of another, shown once)\n");
            s += &format!(
                "dates:    {} to {} ({n_dated} dated, {} undated)\n",
                oldest.as_deref().map_or("-", |d| &d[..10.min(d.len())]),
                newest.as_deref().map_or("-", |d| &d[..10.min(d.len())]),
                articles - n_dated as u64
            );
            s += &format!(
                "size:     {:.1} MB on disk, {segments} segment{}\n",
                size as f64 / (1 << 20) as f64,
                if segments == 1 { "" } else { "s" }
            );
            s += &format!("updated:  {}\n", updated.as_deref().unwrap_or("-"));
            s += &format!("sources:  {}\n", sources.len());
            for b in sources.iter().take(30) {
                s += &format!(
                    "  {:>7}  {}\n",
                    b.count,
                    b.key.as_deref().unwrap_or("(none)")
                );
            }
            if sources.len() > 30 {
                s += &format!(
                    "  ... and {} more (--format json lists all)\n",
                    sources.len() - 30
                );
            }
            emit(&s)?;
        }
    }
    Ok(EXIT_OK)
}

fn path_key(p: &Path) -> String {
    absolute(p).to_string_lossy().into_owned()
}

pub fn show(args: ShowArgs) -> anyhow::Result<u8> {
    let idx = LedeIndex::open(&args.location.dir())?;
    let searcher = search::searcher(&idx)?;
    let path = path_key(&args.path);
    let addrs = docs_of_path(&idx, &searcher, &path)?;
    if addrs.is_empty() {
        eprintln!("lede: {path} is not in the index (index it with `lede index`)");
        return Ok(EXIT_PARTIAL);
    }
    let f = &idx.fields;
    let mut arts = Vec::new();
    for a in addrs {
        let d: TantivyDocument = searcher.doc(a)?;
        let text = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        arts.push(json!({
            "path": path,
            "title": text(f.title),
            "date": shown_date(&idx, &d),
            "source": text(f.source),
            "author": text(f.author),
            "url": text(f.url),
            "summary": text(f.summary),
            "words": d.get_first(f.words).and_then(|v| v.as_u64()),
            "body": text(f.body),
        }));
    }
    match args.format {
        InfoFormat::Json => {
            let v = if arts.len() == 1 {
                arts.remove(0)
            } else {
                serde_json::Value::Array(arts)
            };
            emit(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        InfoFormat::Text => {
            let mut s = String::new();
            for a in &arts {
                s += &format!("{}\n", a["title"].as_str().unwrap_or(""));
                let meta: Vec<&str> = ["date", "source", "author", "url"]
                    .iter()
                    .filter_map(|k| a[*k].as_str())
                    .collect();
                s += &format!("{}\n\n", meta.join(" · "));
                if let Some(sum) = a["summary"].as_str() {
                    s += &format!("{sum}\n\n");
                }
                s += &format!("{}\n\n", a["body"].as_str().unwrap_or(""));
            }
            emit(&s)?;
        }
    }
    Ok(EXIT_OK)
}

pub fn similar(args: SimilarArgs, color: bool) -> anyhow::Result<u8> {
    let idx = LedeIndex::open(&args.location.dir())?;
    let path = path_key(&args.path);
    let Some(results) = search::similar(&idx, &path, args.limit)? else {
        eprintln!("lede: {path} is not in the index (index it with `lede index`)");
        return Ok(EXIT_PARTIAL);
    };
    let opts = OutputOptions {
        format: args.format,
        color,
        highlight: Highlight::None,
        fields: Vec::new(),
        null: false,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match output::write_results(&mut out, &results, &opts).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            return Err(e).context("cannot write results")
        }
        _ => {}
    }
    Ok(if results.hits.is_empty() {
        EXIT_PARTIAL
    } else {
        EXIT_OK
    })
}
