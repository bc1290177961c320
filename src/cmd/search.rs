//! `lede search`.

use std::io::{self, Write};

use anyhow::Context;

use super::{EXIT_OK, EXIT_PARTIAL};
use crate::cli::SearchArgs;
use crate::output;
use crate::search::{self, SearchOptions};
use crate::store::LedeIndex;

pub fn run(args: SearchArgs, color: bool) -> anyhow::Result<u8> {
    let dir = args.location.dir();
    let idx = LedeIndex::open(&dir)?;
    let opts = SearchOptions {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
        any: args.any,
        plain: args.plain,
        snippet_chars: args.snippet_chars.max(20),
        copies: args.copies,
    };
    let results = search::search(&idx, &opts)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written =
        output::write_results(&mut out, &results, args.format, color).and_then(|_| out.flush());
    if let Err(e) = written {
        // `lede search ... | head` closes the pipe early: that is not an error.
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write results");
        }
    }
    Ok(if results.total > 0 {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}
