//! Command-line flags, documented where they are defined (`lede --help`, `lede search --help`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::values::{ColorChoice, Facet, Format, Highlight, Sort};

/// lede: full-text search for folders of news articles.
#[derive(Debug, Parser)]
#[command(
    name = "lede",
    version,
    about = "Full-text search for folders of news articles",
    long_about = "Full-text search for folders of news articles.\n\n\
        lede reads article files (scraped text, saved HTML, JSON exports, Markdown, mail), pulls out \
        each article's title, date, source and body with the page furniture left out, indexes them, \
        and answers keyword queries with ranked, highlighted results.",
    after_help = "Examples:\n  \
        lede index ~/archive                 build or update the index\n  \
        lede search tunisia militants        articles with both words\n  \
        lede search '\"interest rates\"'       a phrase\n  \
        lede search --any oil opec           either word\n  \
        lede search yukos --format json      for scripts\n  \
        lede parse article.txt               what lede reads in one file"
)]
pub struct Cli {
    /// When to colour output: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from files and folders.
    #[command(after_help = "Examples:\n  \
        lede index sample-corpus\n  \
        lede index ~/news ~/clippings --index /data/news-index\n  \
        lede index --full ~/news             start over (after an upgrade, say)\n  \
        lede index --optimize ~/news         then merge into one segment (fastest searches)\n  \
        lede index ~/news --exclude '*.tmp'  leave files out (remembered for ~/news)\n  \
        lede index --watch ~/news            then keep the index current until Ctrl-C\n\n\
        Re-running updates the index: only new and changed files are read, deleted files are \
        removed, renames are spotted. Ctrl-C stops cleanly and keeps what was done.\n\n\
        Exit status: 0 every file with text in it was indexed (empty and binary files are listed \
        but not failures), 1 some files failed (unreadable, malformed, too large: listed, or all \
        in --report), 2 error, 130 interrupted.")]
    Index(IndexArgs),
    /// Search the index and print ranked articles with highlighted passages.
    #[command(after_help = "Query syntax:\n  \
        tunisia militants        both words (all words are required by default)\n  \
        \"interest rates\"         a phrase\n  \
        \"world cup\"~2           the words at most two words apart\n  \
        title:tunisia            a word in one field (title, summary, body, author, source, url)\n  \
        source:gazette           a word of a source's name; url:example a word of an address\n  \
        oil -opec                exclude a word; +word requires it\n  \
        oil OR gas, a AND (b OR c), NOT x\n  \
        govern*                  words starting with govern (government, governor ...)\n  \
        goverment~1              words one edit away (~2: two; ~ alone: by length)\n  \
        date:2018-02             published in February 2018 (also date:2018, date:>=2018-01-01,\n                           date:2018..2019, date:30d: the last 30 days)\n  \
        regroup                  also finds regrouping, regrouped (words are stemmed)\n  \
        O'Brien, AT&T, U.S.      text is text: punctuation, URLs, prices are searched as words\n\n\
        Examples:\n  \
        lede search yukos\n  \
        lede search --any oil opec --limit 20\n  \
        lede search --any reservoir drought water   few matches: related ones follow\n  \
        lede search ferry --since 2019 --sort newest\n  \
        lede search tunnel --facet source --facet month\n  \
        lede search oil -gas --since 6m      words after the options; -word excludes\n  \
        lede search --plain \"what users typed: no (syntax) here\"\n  \
        lede search yukos --format paths --limit 0 -0 | xargs -0 wc -w\n  \
        lede search yukos --format csv --fields date,title,path > hits.csv\n\n\
        Exit status: 0 something matched, 1 nothing matched, 2 error.")]
    Search(SearchArgs),
    /// What the index holds: articles, sources, date span, size on disk, last update.
    #[command(after_help = "Examples:\n  lede stats\n  lede stats --format json")]
    Stats(StatsArgs),
    /// Print the stored, cleaned article(s) of a file.
    #[command(
        after_help = "Examples:\n  lede show sample-corpus/harbour-gazette/2018/ferry-fares-rise.txt\n\n\
        Exit status: 0 shown, 1 the file is not in the index, 2 error."
    )]
    Show(ShowArgs),
    /// Articles most like the one in a file (more like this).
    #[command(
        after_help = "Examples:\n  lede similar sample-corpus/harbour-gazette/2020/tunnel-plan-revived.txt\n  \
        lede similar article.txt --format paths\n\n\
        Exit status: 0 something similar found, 1 nothing (or the file is not indexed), 2 error."
    )]
    Similar(SimilarArgs),
    /// Drop the articles of files and folders from the index (whether they still exist or not).
    #[command(after_help = "Examples:\n  \
        lede remove ~/news/old-drafts        a folder (its files on disk are not touched)\n  \
        lede remove /mnt/usb-archive         a drive that is gone for good\n\n\
        `lede stats` lists the indexed paths and flags those that no longer exist. Only the \
        index changes: no file of yours is deleted.\n\n\
        Exit status: 0 removed, 1 nothing in the index was under the paths, 2 error.")]
    Remove(RemoveArgs),
    /// Stored articles in full (all, or a query's matches), for other tools or a search cluster.
    #[command(after_help = "Examples:\n  \
        lede export > archive.ndjson\n  \
        lede export tunnel --since 2020 --format csv > tunnel.csv\n  \
        lede export --format quickwit --out to-quickwit     then see to-quickwit/README.md\n  \
        lede export --format opensearch --out to-opensearch\n  \
        lede export | jq -r 'select(.source == \"Meridian Wire\") | .title'\n\n\
        Each record: id, path, title, date, source, author, url, summary, words, copy (true on \
        every copy of a story but the first), copies (on the first: how many others), body. \
        Memory stays flat however large the index.\n\n\
        Exit status: 0 something exported, 1 nothing matched, 2 error.")]
    Export(ExportArgs),
    /// Search the index in a browser, and answer other programs over HTTP (read-only).
    #[command(after_help = "Examples:\n  \
        lede serve                              http://127.0.0.1:8080 on the default index\n  \
        lede serve --index ./idx --open         and open it in your browser\n  \
        lede serve --bind 127.0.0.1:0           any free port (the address is printed)\n  \
        curl 'http://127.0.0.1:8080/api/search?q=tunnel&facet=source'\n\n\
        The API: /api/search (the parameters of `lede search`: q, any, plain, since, until, source, \
        lang, path, sort, limit, offset, facet, snippet_chars, copies, no_related, fields; the JSON of `lede \
        search --format json`), /api/articles/ID, /api/articles/ID/similar, /api/stats, and \
        /search.csv. New articles indexed meanwhile are seen without a restart. Stop with Ctrl-C.")]
    Serve(ServeArgs),
    /// Show what the analyzer reads in files, without touching any index.
    #[command(after_help = "Examples:\n  \
        lede parse article.txt\n  \
        lede parse --explain article.txt     also show the furniture that was dropped, and why\n  \
        lede parse --format ndjson *.txt\n\n\
        Exit status: 0 every file gave an article, 1 some did not, 2 error.")]
    Parse(ParseArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    #[command(after_help = "Examples:\n  \
        lede completions bash > ~/.local/share/bash-completion/completions/lede\n  \
        lede completions zsh > ~/.zfunc/_lede     (with fpath+=~/.zfunc in ~/.zshrc)\n  \
        lede completions fish > ~/.config/fish/completions/lede.fish")]
    Completions(CompletionsArgs),
    /// Print lede's manual page (roff) to standard output.
    #[command(after_help = "Examples:\n  \
        lede man > ~/.local/share/man/man1/lede.1 && man lede\n  \
        lede man | man -l -")]
    Man,
}

/// Flags of `lede completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where the index is.
#[derive(Debug, Args, Clone)]
pub struct IndexLocation {
    /// Index folder. Default: $LEDE_INDEX, else ~/.local/share/lede/index (the per-user data folder).
    #[arg(long, value_name = "DIR", env = "LEDE_INDEX")]
    pub index: Option<PathBuf>,
}

/// Flags of `lede index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to index (folders are walked recursively; hidden ones are skipped).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,

    /// Memory budget of the index writer, in MB, shared by its threads (at least 15 MB per
    /// thread). More makes fewer, larger segments before merging; it barely changes speed.
    #[arg(long, value_name = "MB", default_value_t = 100)]
    pub memory: usize,

    /// CPU cores to use for reading and indexing (tantivy's writer included): `-j 1` leaves
    /// the rest of the machine free. Default: every core.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Skip files larger than this, in MB.
    #[arg(long, value_name = "MB", default_value_t = 32)]
    pub max_file_size: u64,

    /// Merge the whole index into one segment at the end of the run (even when no file changed):
    /// the fastest searches on a large archive, whose index otherwise keeps 16 or so segments to
    /// hold indexing memory down. The merge takes time and memory in proportion to the index
    /// (docs/performance.md has figures). Indexes of up to 50,000 articles are kept in one
    /// segment anyway.
    #[arg(long)]
    pub optimize: bool,

    /// Re-read every file instead of only new and changed ones (and rebuild an index made by an
    /// older lede).
    #[arg(long)]
    pub full: bool,

    /// Where an article's source comes from when the file does not declare one: `text` (evidence
    /// in the text, such as a masthead in the page furniture, or a page's web host; the default)
    /// or `folder` (the first folder under the indexed path names the source, e.g.
    /// `news/gazette/2019/a.txt` -> `gazette`). Remembered for the path.
    #[arg(long, value_enum, value_name = "HOW")]
    pub source_from: Option<SourceFrom>,

    /// Give articles that state no date the file's modification time (off by default: a
    /// missing date stays missing; `--date-from-mtime=false` turns it off again). Remembered.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub date_from_mtime: Option<bool>,

    /// Leave out files and folders matching GLOB (gitignore syntax, relative to the path given:
    /// `--exclude '*.tmp' --exclude drafts/ --exclude README.TXT`). Repeatable; remembered for
    /// the path (give `--reset-settings` to forget). A `.ledeignore` file in any folder does the
    /// same for that folder.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Forget the settings remembered for the paths given (source, dates, JSON keys, excludes)
    /// before applying the ones given now.
    #[arg(long)]
    pub reset_settings: bool,

    /// Write every skipped file, with its reason, to FILE as NDJSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// How files are read (flattened: `--json-key`).
    #[command(flatten)]
    pub read: ReadArgs,

    /// After indexing, keep running and keep the index current as files are added, changed,
    /// renamed or deleted (file-system notifications, and a rescan every --rescan-every
    /// seconds); Ctrl-C stops it. A line is printed for each batch of changes.
    #[arg(long)]
    pub watch: bool,

    /// With --watch: rescan every this many seconds even without notifications (they can be
    /// unavailable on network drives, or lost); 0 never.
    #[arg(long, value_name = "SECS", default_value_t = 300, requires = "watch")]
    pub rescan_every: u64,

    /// No progress bar and no summary, only errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The filters `lede search` and `lede export` share.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only articles published in or after this period: YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD,
    /// a date and time as lede prints them (RFC 3339), or a span back from now (7d, 3w, 6m, 2y).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles published in or before this period, in the same forms as --since
    /// (`--until 2018-02` includes all of February).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only articles from this source: its whole name or words of it, case and accents ignored
    /// (`--source gazette` finds The Harbour Gazette). Repeatable: any of them.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,

    /// Only articles whose file path matches this glob: `*` and `?` within a folder, `**`
    /// across folders, `{txt,md}` alternatives, `[0-9]` classes. A glob not starting with / may
    /// match at any folder (`gazette/2019/*`), and a folder's name matches everything under it
    /// (`--path 2019`).
    #[arg(long, value_name = "GLOB")]
    pub path: Option<String>,

    /// Only articles in this language: an ISO 639-1 code (`de`, `fr`, `ja`; `de-AT` and `deu`
    /// are read as `de`). Repeatable: any of them. `--facet lang` shows the index's languages.
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
}

/// Flags of `lede search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: the words after the options, joined with spaces. A word starting with `-`
    /// that is not one of these options excludes it (`lede search oil -gas`); to search for a
    /// word that looks like an option, quote it (`lede search '"-n"'`).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// Index folders to search (repeatable: `--index A --index B` searches both as one, scores
    /// comparable and each story shown once). Default: $LEDE_INDEX (several folders separated by
    /// `:`), else the per-user data folder.
    #[arg(long, value_name = "DIR", env = "LEDE_INDEX", value_delimiter = ':')]
    pub index: Vec<PathBuf>,

    /// How many hits to show; 0 shows every match (with --format paths: every file).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Skip this many hits first (for paging; the total is always reported).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Match articles with any of the words, not all of them.
    #[arg(long)]
    pub any: bool,

    /// Show only matches. Without it, an --any query of three words or more whose matches end
    /// before the page does goes on with related articles: ones that share what its best
    /// matches are about but none of its words, marked as related (`"related": true` in JSON,
    /// a `related` column in CSV). `--format paths` never lists them.
    #[arg(long)]
    pub no_related: bool,

    /// Take the query as bare words with no syntax (safe for any text a user typed).
    #[arg(long)]
    pub plain: bool,

    /// Dates, sources and paths (flattened: `--since`, `--until`, `--source`, `--path`).
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Result order.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,

    /// Count all matches by source, year or month (repeatable), shown after the hits.
    #[arg(long, value_enum, value_name = "FACET")]
    pub facet: Vec<Facet>,

    /// Most buckets of a facet shown as text (the most common sources, the latest months), with
    /// a line saying how many more there are; 0 shows all. JSON carries every bucket.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub facet_limit: usize,

    /// Show under each hit why it scored what it did (the BM25 parts of each matched word).
    #[arg(long)]
    pub explain: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// With --format paths: end each path with a NUL byte instead of a newline (for xargs -0).
    #[arg(short = '0', long = "null")]
    pub null: bool,

    /// Fields of each hit for csv, json and ndjson, comma-separated (default: all; csv:
    /// rank,score,date,source,title,path,snippet,lang,related).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub fields: Vec<String>,

    /// How matched words are marked in snippets: ansi (colour), markdown (**word**), html
    /// (<b>word</b>) or none. Default: ansi on a terminal, else none.
    #[arg(long, value_enum, value_name = "HOW")]
    pub highlight: Option<Highlight>,

    /// Longest snippet, in characters; 0 leaves snippets out.
    #[arg(long, value_name = "N", default_value_t = lede::search::DEFAULT_SNIPPET_CHARS)]
    pub snippet_chars: usize,

    /// Show every copy of a story saved more than once (by default each story is shown once,
    /// with the other copies' paths listed under it).
    #[arg(long)]
    pub copies: bool,
}

/// Output formats of `lede stats` and `lede show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InfoFormat {
    /// For reading.
    Text,
    /// One JSON object.
    Json,
}

/// Flags of `lede stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = InfoFormat::Text)]
    pub format: InfoFormat,
}

/// Flags of `lede serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,

    /// Address and port to listen on. The default answers this machine only; any other address
    /// lets everyone who can reach it read the whole archive.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,

    /// Open the search page in the default browser once the server listens.
    #[arg(long)]
    pub open: bool,

    /// Let pages from this origin call the API from a browser (CORS), e.g.
    /// `https://tools.example.org`. Off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,

    /// Seconds one search may take before it is answered 503 (the server stays free for
    /// others); fractions allowed (0.5).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub time_limit: f64,
}

/// Flags of `lede remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Files and folders whose articles leave the index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,
}

/// Flags of `lede export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Export only the articles this query matches (same syntax as `lede search`); none: all.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,

    /// Dates, sources and paths, as `lede search` takes them.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// ndjson and csv: one flat record an article; quickwit and opensearch: a folder ready to
    /// load into that engine (needs --out).
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormatArg::Ndjson)]
    pub format: ExportFormatArg,

    /// Write into this folder (created if missing) instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// What `lede export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// One JSON object a line.
    Ndjson,
    /// A header row and a row an article.
    Csv,
    /// Documents, an index config and the commands for Quickwit.
    Quickwit,
    /// `_bulk` files, a mapping and the curl lines for OpenSearch or Elasticsearch.
    Opensearch,
}

/// Flags of `lede show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's file, as indexed (relative paths are taken from the current folder), or an
    /// article's id as search results give it (`FILE#N` for one article of a file with several).
    #[arg(value_name = "PATH|ID")]
    pub path: PathBuf,

    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = InfoFormat::Text)]
    pub format: InfoFormat,
}

/// Flags of `lede similar`.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The article's file, as indexed, or an article's id (`FILE#N`).
    #[arg(value_name = "PATH|ID")]
    pub path: PathBuf,

    /// Where the index is (flattened: `--index`).
    #[command(flatten)]
    pub location: IndexLocation,

    /// How many articles to show.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Where a source comes from when the file does not declare one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceFrom {
    /// Evidence in the text (a masthead in the furniture, a wire credit).
    Text,
    /// The first folder under the indexed path.
    Folder,
}

/// Output formats of `lede parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// Fields, one per line, for reading.
    Text,
    /// One JSON object per file (an array when several articles).
    Json,
    /// One JSON object per article per line.
    Ndjson,
}

/// Flags of `lede parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Article files to read.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,

    /// Also show what was dropped as page furniture, and by which rule.
    #[arg(long)]
    pub explain: bool,

    /// How files are read (flattened: `--json-key`).
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How article files are read (shared by `index` and `parse`).
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Name a JSON key for a field, as FIELD=KEY (repeatable; dots reach into objects):
    /// --json-key title=heading --json-key body=content.text
    #[arg(long, value_name = "FIELD=KEY")]
    pub json_key: Vec<String>,
}

impl ReadArgs {
    /// The analyzer settings these flags ask for.
    pub fn analyze_options(&self) -> anyhow::Result<lede::analyze::AnalyzeOptions> {
        let mut opts = lede::analyze::AnalyzeOptions::default();
        for spec in &self.json_key {
            opts.json_keys.add(spec).map_err(anyhow::Error::msg)?;
        }
        Ok(opts)
    }
}
