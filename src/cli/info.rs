//! `lede stats`, `lede show` and `lede similar`: looking at what the index holds.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;
use lede::crawl::absolute;
use lede::index::store::LedeIndex;
use lede::output::{self, Highlight, OutputOptions};
use lede::search::{self, IndexStats};

use super::args::{
    ExportArgs, ExportFormatArg, InfoFormat, RemoveArgs, ShowArgs, SimilarArgs, StatsArgs,
};
use super::{EXIT_OK, EXIT_PARTIAL};

/// Writes `text` to standard output.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .context("cannot write output")
}

/// `lede stats`.
pub fn stats(args: StatsArgs) -> anyhow::Result<u8> {
    let idx = LedeIndex::open(&args.location.dir())?;
    let st = search::stats(&idx)?;
    let IndexStats {
        articles,
        copies,
        dated: n_dated,
        ref oldest,
        ref newest,
        ref sources,
        size_bytes: size,
        segments,
        ref updated_at,
        ..
    } = st;
    let updated = updated_at;
    match args.format {
        InfoFormat::Json => {
            emit(&format!("{}\n", serde_json::to_string_pretty(&st)?))?;
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
            s += &format!("paths:    {}\n", st.roots.len());
            for r in &st.roots {
                let missing = if r.exists {
                    ""
                } else {
                    "  (missing: lede remove it)"
                };
                s += &format!(
                    "  {:>7}  {}  (changed {}){missing}\n",
                    r.articles, r.path, r.last_change
                );
            }
            let langs: Vec<String> = st
                .languages
                .iter()
                .map(|b| format!("{} {}", b.key.as_deref().unwrap_or("(not told)"), b.count))
                .collect();
            s += &format!("languages: {}\n", langs.join(", "));
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

/// A path or id as the index holds it: the file's path made absolute, with an id's `#N` kept.
fn path_key(p: &Path) -> String {
    let text = p.to_string_lossy();
    if let Some((file, n)) = text.rsplit_once('#') {
        let file = Path::new(file);
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && file.exists() {
            return format!("{}#{n}", absolute(file).to_string_lossy());
        }
    }
    absolute(p).to_string_lossy().into_owned()
}

/// `lede show`.
pub fn show(args: ShowArgs) -> anyhow::Result<u8> {
    let idx = LedeIndex::open(&args.location.dir())?;
    let searcher = search::searcher(&idx)?;
    let path = path_key(&args.path);
    let arts = search::articles_of(&idx, &searcher, &path)?;
    if arts.is_empty() {
        eprintln!("lede: {path} is not in the index (index it with `lede index`)");
        return Ok(EXIT_PARTIAL);
    }
    match args.format {
        InfoFormat::Json => {
            let text = if arts.len() == 1 {
                serde_json::to_string_pretty(&arts[0])?
            } else {
                serde_json::to_string_pretty(&arts)?
            };
            emit(&format!("{text}\n"))?;
        }
        InfoFormat::Text => {
            let mut s = String::new();
            for a in &arts {
                s += &format!("{}\n", a.title.as_deref().unwrap_or(""));
                let meta: Vec<&str> = [&a.date, &a.source, &a.author, &a.url, &a.lang]
                    .into_iter()
                    .filter_map(|v| v.as_deref())
                    .collect();
                s += &format!("{}\n\n", meta.join(" · "));
                if let Some(sum) = &a.summary {
                    s += &format!("{sum}\n\n");
                }
                s += &format!("{}\n\n", a.body.as_deref().unwrap_or(""));
            }
            emit(&s)?;
        }
    }
    Ok(EXIT_OK)
}

/// `lede similar`.
pub fn similar(args: SimilarArgs, color: bool) -> anyhow::Result<u8> {
    let idx = LedeIndex::open(&args.location.dir())?;
    let path = path_key(&args.path);
    let Some(results) = search::similar(&idx, &path, args.limit)? else {
        eprintln!("lede: {path} is not in the index (index it with `lede index`)");
        return Ok(EXIT_PARTIAL);
    };
    let opts = OutputOptions {
        format: args.format.into(),
        color,
        highlight: Highlight::None,
        fields: Vec::new(),
        null: false,
        facet_limit: 0,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    output::write_results(&mut out, &results, &opts)
        .and_then(|_| out.flush())
        .context("cannot write results")?;
    Ok(if results.hits.is_empty() {
        EXIT_PARTIAL
    } else {
        EXIT_OK
    })
}

/// `lede remove`.
pub fn remove(args: RemoveArgs) -> anyhow::Result<u8> {
    let done = lede::index::remove(&args.location.dir(), &args.paths)?;
    for r in &done.roots {
        eprintln!("lede: forgot the indexed path {r}");
    }
    eprintln!(
        "removed the articles of {} file{}",
        done.files,
        if done.files == 1 { "" } else { "s" }
    );
    Ok(if done.files > 0 || !done.roots.is_empty() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}

/// `lede export`.
pub fn export(args: ExportArgs) -> anyhow::Result<u8> {
    use lede::output::export::{ExportFormat, Exporter};
    let format = match args.format {
        ExportFormatArg::Ndjson => ExportFormat::Ndjson,
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Quickwit => ExportFormat::Quickwit,
        ExportFormatArg::Opensearch => ExportFormat::Opensearch,
    };
    if format.is_folder() && args.out.is_none() {
        anyhow::bail!(
            "--format {} writes a folder of files: give one with --out DIR",
            format!("{:?}", args.format).to_lowercase()
        );
    }
    let idx = LedeIndex::open(&args.location.dir())?;
    let searcher = search::searcher(&idx)?;
    let opts = search::SearchOptions {
        query: args.query.join(" "),
        // An export is every article: copies too (each record says whether it is one).
        copies: true,
        ..args.filters.options()?
    };
    let (query, notes) = search::selection(&idx, &searcher, &opts)?;
    for note in &notes {
        eprintln!("lede: note: {note}");
    }
    let Some(query) = query else {
        return Ok(EXIT_PARTIAL);
    };
    let total = search::count(&searcher, &*query)?;
    let bar = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} articles {per_sec} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let stdout: Box<dyn Write> = Box::new(io::BufWriter::new(io::stdout()));
    let mut exporter =
        Exporter::new(format, args.out.as_deref(), stdout).context("cannot start the export")?;
    search::for_each_match(&idx, &searcher, &*query, |a| -> anyhow::Result<()> {
        exporter.write(&a).context("cannot write the export")?;
        if let Some(b) = &bar {
            b.inc(1);
        }
        Ok(())
    })?;
    let written = exporter
        .finish(&idx.spec)
        .context("cannot finish the export")?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(dir) = &args.out {
        if !args.quiet {
            eprintln!("lede: exported {written} articles to {}", dir.display());
        }
    }
    Ok(if written > 0 { EXIT_OK } else { EXIT_PARTIAL })
}
