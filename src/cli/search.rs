//! `lede search`.

use std::io::{self, Write};

use anyhow::Context;

use lede::index::store::LedeIndex;
use lede::output::{self, Highlight, OutputOptions};
use lede::search::{self, period, SearchOptions};

use super::args::SearchArgs;
use super::{EXIT_OK, EXIT_PARTIAL};

/// `lede search`.
pub fn run(args: SearchArgs, color: bool) -> anyhow::Result<u8> {
    output::check_fields(&args.fields).map_err(|e| anyhow::anyhow!("--fields: {e}"))?;
    let since = args
        .since
        .as_deref()
        .map(|s| period(s).map(|p| p.0))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let until = args
        .until
        .as_deref()
        .map(|s| period(s).map(|p| p.1))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--until: {e}"))?;
    let dirs = if args.index.is_empty() {
        vec![lede::index::store::default_index_dir()]
    } else {
        args.index.clone()
    };
    let idxs = dirs
        .iter()
        .map(|d| LedeIndex::open(d))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = SearchOptions {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
        any: args.any,
        plain: args.plain,
        snippet_chars: args.snippet_chars.max(20),
        copies: args.copies,
        since,
        until,
        sources: args.source.clone(),
        path_glob: args.path.clone(),
        sort: args.sort.into(),
        facets: args.facet.iter().map(|&f| f.into()).collect(),
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
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    output::write_results(&mut out, &results, &out_opts)
        .and_then(|_| out.flush())
        .context("cannot write results")?;
    Ok(if results.total > 0 {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}
