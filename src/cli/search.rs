//! `lede search`.

use std::io::{self, Write};

use anyhow::Context;

use lede::index::store::LedeIndex;
use lede::output::{self, Highlight, OutputOptions};
use lede::search::{self, FilterText, SearchOptions};

use super::args::{FilterArgs, SearchArgs};
use super::{EXIT_OK, EXIT_PARTIAL};

/// `lede search`.
pub fn run(args: SearchArgs, color: bool) -> anyhow::Result<u8> {
    output::check_fields(&args.fields).map_err(|e| anyhow::anyhow!("--fields: {e}"))?;
    let dirs = if args.index.is_empty() {
        vec![lede::index::store::default_index_dir()]
    } else {
        args.index.clone()
    };
    let idxs = dirs
        .iter()
        .map(|d| LedeIndex::open_to_search(d))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = SearchOptions {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
        any: args.any,
        // Paths are for other tools (xargs): only files that match.
        related: !args.no_related && !matches!(args.format, super::values::Format::Paths),
        plain: args.plain,
        snippet_chars: search::snippet_length(args.snippet_chars),
        explain: args.explain,
        copies: args.copies,
        sort: args.sort.into(),
        facets: args.facet.iter().map(|&f| f.into()).collect(),
        ..args.filters.options()?
    };
    let results = search::search_many(&idxs, &opts)?;
    let out_opts = OutputOptions {
        format: args.format.into(),
        color,
        highlight: args.highlight.map(Into::into).unwrap_or(if color {
            Highlight::Ansi
        } else {
            Highlight::None
        }),
        fields: args.fields.clone(),
        null: args.null,
        facet_limit: args.facet_limit,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    output::write_results(&mut out, &results, &out_opts)
        .and_then(|_| out.flush())
        .context("cannot write results")?;
    // JSON carries notes and the suggestion itself; elsewhere they go to stderr, for people.
    if !matches!(
        out_opts.format,
        output::Format::Json | output::Format::Ndjson
    ) {
        print_notes(&results);
    }
    Ok(if results.total > 0 {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}

impl FilterArgs {
    /// Search options holding these filters (dates read, as periods), the rest default.
    pub fn options(&self) -> anyhow::Result<SearchOptions> {
        FilterText {
            since: self.since.clone(),
            until: self.until.clone(),
            sources: self.source.clone(),
            path: self.path.clone(),
            langs: self.lang.clone(),
        }
        .options("--")
        .map_err(anyhow::Error::msg)
    }
}

/// The notes and the spelling suggestion of a search, on stderr.
fn print_notes(results: &search::Results) {
    for note in &results.notes {
        eprintln!("lede: note: {note}");
    }
    if let (Some(s), Some(n)) = (&results.suggestion, results.suggestion_total) {
        let articles = if n == 1 { "article" } else { "articles" };
        eprintln!("lede: did you mean: {s}  ({n} {articles})");
    }
}
