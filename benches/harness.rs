//! lede's benchmark harness: `cargo bench --bench harness -- [--docs N]... [--runs R] [--peers]`.
//!
//! For each size it generates (once, deterministically) a synthetic archive shaped like
//! `sample-corpus/` (plain-text pages with furniture, some HTML, some Markdown; Zipfian
//! vocabulary; realistic lengths; several sources and years), then measures with the release
//! binary: full index (throughput, peak memory, index size), `--jobs 1` against `--jobs 2`,
//! re-index with nothing changed and with 0.1% of files changed, and query latency (p50 / p95)
//! for a fixed mix, both end to end (a `lede search` process, start to last byte) and in-process
//! (the library, index already open). It prints a table and writes JSON under `target/bench/`.
//!
//! `--generate-only` writes the archives and stops (for `bench/query-latency.py`).
//!
//! `--peers` also runs `../shared/peers/run_all.sh` (SQLite FTS5, tantivy-cli, Recoll, Xapian,
//! ripgrep) with lede added through `bench/lede-peer.sh`, on the peers' own generated corpus of
//! the same size, so ratios come from one run on one machine.
//!
//! No target is asserted here: figures are printed for people to read.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lede::index::store::LedeIndex;
use lede::search::Facet;
use lede::search::{self, SearchOptions, Sort};
use serde_json::json;

/// A small deterministic generator (xorshift64*), so the archive is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const HEAD_WORDS: &str = "the of and to a in that is was he for it with as his on be at by this had not are but from or have an they which one were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three";
const NEWS_WORDS: &str = "government market police council minister company election court energy health school ferry harbour bridge tunnel budget prices workers strike union bank rates inflation housing river flood storm drought museum library festival railway airport hospital farmers fishing mining steel shipyard tourism weather climate election voters mayor";
const SOURCES: [&str; 8] = [
    "harbour-gazette",
    "northfield-courier",
    "valley-ledger",
    "coastline-daily",
    "meridian-wire",
    "lindale-notes",
    "island-herald",
    "sound-review",
];
const RARE: [&str; 5] = [
    "zeppelinx",
    "quokkaville",
    "yurtmakers",
    "xylograph",
    "vellumite",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The vocabulary, most frequent first, and its Zipf cumulative distribution.
struct Vocab {
    words: Vec<String>,
    cdf: Vec<f64>,
}

impl Vocab {
    fn new(rng: &mut Rng, size: usize) -> Vocab {
        let mut words: Vec<String> = HEAD_WORDS.split(' ').map(str::to_string).collect();
        for (i, w) in NEWS_WORDS.split(' ').enumerate() {
            words.insert((60 + i * 7).min(words.len()), w.to_string());
        }
        let syl = [
            "ka", "lo", "mi", "ren", "ta", "vo", "sel", "dra", "nu", "pe", "ros", "ti", "gal",
            "be", "mor", "sa", "qui", "len", "fa", "do",
        ];
        while words.len() < size {
            let n = 2 + rng.below(3);
            let w: String = (0..n)
                .map(|_| syl[rng.below(syl.len() as u64) as usize])
                .collect();
            words.push(w);
        }
        let weights: Vec<f64> = (1..=words.len())
            .map(|r| 1.0 / (r as f64).powf(1.05))
            .collect();
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let cdf = weights
            .iter()
            .map(|w| {
                acc += w / total;
                acc
            })
            .collect();
        Vocab { words, cdf }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let u = rng.unit();
        let i = self
            .cdf
            .partition_point(|&c| c < u)
            .min(self.words.len() - 1);
        &self.words[i]
    }

    fn sentence(&self, rng: &mut Rng, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            let w = self.word(rng);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }
}

/// Writes a deterministic archive of `n` articles into `dir`; returns total bytes.
///
/// Long on purpose: every draw from the one random stream happens here in a fixed order, and the
/// corpus (so every figure measured on it) changes if the draws are reordered or split apart.
fn generate(dir: &Path, n: usize) -> std::io::Result<u64> {
    let mut rng = Rng(0x1ede_5eed ^ n as u64);
    let vocab = Vocab::new(&mut rng, 30_000);
    let mut bytes = 0u64;
    for i in 0..n {
        let source = SOURCES[rng.below(SOURCES.len() as u64) as usize];
        let year = 2015 + rng.below(10);
        let (month, day) = (rng.below(12) as usize, 1 + rng.below(28));
        let date = format!(
            "{} {day}, {year} {:02}:{:02}",
            MONTHS[month],
            rng.below(24),
            rng.below(60)
        );
        let len = 5 + rng.below(6) as usize;
        let title = vocab.sentence(&mut rng, len);
        let title = title.trim_end_matches('.').to_string();
        let len = 12 + rng.below(10) as usize;
        let dek = vocab.sentence(&mut rng, len);
        // Lengths: most articles short to medium, a long tail of long ones.
        let paras = 2 + (rng.unit().powi(2) * 14.0) as usize;
        let mut body = Vec::new();
        for _ in 0..paras {
            let sentences = 1 + rng.below(4) as usize;
            let mut p: Vec<String> = (0..sentences)
                .map(|_| {
                    let len = 8 + rng.below(20) as usize;
                    vocab.sentence(&mut rng, len)
                })
                .collect();
            if rng.below(20) == 0 {
                p.push("Economists expect interest rates to rise again.".into());
            }
            if rng.below(2000) == 0 {
                p.push(format!(
                    "The {} was seen again.",
                    RARE[rng.below(5) as usize]
                ));
            }
            body.push(p.join(" "));
        }
        let kind = rng.below(20);
        let rel = format!("{source}/{year}/a{i:07}");
        let (path, text) = if kind < 2 {
            let paras: String = body.iter().map(|p| format!("<p>{p}</p>\n")).collect();
            (
                format!("{rel}.html"),
                format!(
                    "<!DOCTYPE html><html><head><title>{title} | {source}</title>\n\
                     <meta property=\"og:title\" content=\"{title}\">\n\
                     <meta property=\"og:site_name\" content=\"{source}\">\n\
                     <meta property=\"article:published_time\" content=\"{year}-{:02}-{day:02}T08:00:00Z\">\n\
                     </head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n\
                     <article><h1>{title}</h1>\n{paras}</article>\n\
                     <footer>Sign up for our newsletter</footer></body></html>\n",
                    month + 1
                ),
            )
        } else if kind < 3 {
            (
                format!("{rel}.md"),
                format!(
                    "---\ntitle: \"{title}\"\ndate: {year}-{:02}-{day:02}\nsource: {source}\n---\n\n{}\n",
                    month + 1,
                    body.join("\n\n")
                ),
            )
        } else {
            let mut t = format!(
                "{title}\n\n{dek}\n\n{date}\n{} min read\n\n",
                2 + rng.below(8)
            );
            if rng.below(3) == 0 {
                t.push_str("A view of the quay at dawn. (Photo credit: Staff photographer)\n\n");
            }
            for (k, p) in body.iter().enumerate() {
                t.push_str(p);
                t.push_str("\n\n");
                if k == 1 {
                    t.push_str("Follow us on Facebook for more local news.\n\n");
                }
            }
            if rng.below(3) == 0 {
                t.push_str(&format!(
                    "Related Content\n\n{} {}, {}\n{}\n",
                    MONTHS[rng.below(12) as usize],
                    1 + rng.below(28),
                    2015 + rng.below(10),
                    vocab.sentence(&mut rng, 6)
                ));
            }
            (format!("{rel}.txt"), t)
        };
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&p, &text)?;
        bytes += text.len() as u64;
    }
    Ok(bytes)
}

/// Runs a command to completion; returns wall time and its peak RSS in MB (from wait4).
fn timed(cmd: &mut Command) -> (Duration, f64, i32) {
    let started = Instant::now();
    // Reaped by wait4 below (which also reports the child's peak memory), not by Child::wait.
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    std::mem::forget(child);
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, and status and usage point to live locals.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (started.elapsed(), usage.ru_maxrss as f64 / 1024.0, code)
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(0.0)
}

/// The fixed query mix: name, query, extra flags.
fn query_mix() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    vec![
        ("one word", "government", vec![]),
        ("two words", "council energy", vec![]),
        ("phrase", "\"interest rates\"", vec![]),
        ("rare word", "zeppelinx", vec![]),
        ("prefix", "govern*", vec![]),
        ("fuzzy", "goverment~1", vec![]),
        (
            "date-filtered",
            "market",
            vec!["--since", "2019", "--until", "2019"],
        ),
        (
            "faceted",
            "police",
            vec!["--facet", "source", "--facet", "month"],
        ),
        ("sorted by date", "harbour", vec!["--sort", "newest"]),
    ]
}

fn options(query: &str, flags: &[&str]) -> SearchOptions {
    let mut o = SearchOptions {
        query: query.to_string(),
        limit: 10,
        snippet_chars: 200,
        ..SearchOptions::default()
    };
    let mut it = flags.iter();
    while let Some(f) = it.next() {
        match *f {
            "--since" => {
                o.since = it
                    .next()
                    .and_then(|v| lede::search::period(v).ok())
                    .map(|p| p.0)
            }
            "--until" => {
                o.until = it
                    .next()
                    .and_then(|v| lede::search::period(v).ok())
                    .map(|p| p.1)
            }
            "--facet" => {
                if let Some(v) = it.next() {
                    o.facets.push(if *v == "source" {
                        Facet::Source
                    } else {
                        Facet::Month
                    });
                }
            }
            "--sort" => {
                it.next();
                o.sort = Sort::Newest;
            }
            _ => {}
        }
    }
    o
}

/// The synthetic archive of `n` articles under `root`, generated the first time it is asked for
/// (`--generate-only` stops there, for `bench/query-latency.py`).
fn ensure_corpus(root: &Path, n: usize) -> PathBuf {
    let corpus = root.join(format!("corpus-{n}"));
    let marker = corpus.join(".generated");
    if !marker.exists() {
        eprintln!("generating {n} articles in {} ...", corpus.display());
        let _ = fs::remove_dir_all(&corpus);
        fs::create_dir_all(&corpus).expect("mkdir");
        generate(&corpus, n).expect("generate");
        fs::write(&marker, "").expect("marker");
    }
    corpus
}

/// Every measurement of one archive size, in the order the report prints them. Long on purpose:
/// each step reuses the index the step before it left, so they read best in sequence.
fn bench_size(
    lede: &Path,
    root: &Path,
    n: usize,
    runs: usize,
    jobs_compare: bool,
) -> serde_json::Value {
    let corpus = ensure_corpus(root, n);
    let corpus_bytes = dir_bytes(&corpus);
    let idx = root.join(format!("index-{n}"));
    let _ = fs::remove_dir_all(&idx);
    let index = |extra: &[&str], dir: &Path| {
        let mut c = Command::new(lede);
        c.arg("index")
            .arg(&corpus)
            .arg("--index")
            .arg(dir)
            .arg("--quiet")
            .args(extra);
        timed(&mut c)
    };
    eprintln!("indexing {n} articles ...");
    let (full, rss, code) = index(&[], &idx);
    assert!(code <= 1, "lede index failed with {code}");
    let index_bytes = dir_bytes(&idx);
    let (unchanged, _, _) = index(&[], &idx);
    // 0.1% changed: append a sentence to every thousandth text file.
    let mut changed = 0;
    for (i, e) in walkdir::WalkDir::new(&corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .enumerate()
    {
        if i % 1000 == 0 {
            let mut f = fs::OpenOptions::new()
                .append(true)
                .open(e.path())
                .expect("open");
            writeln!(f, "\nA late correction was added.").expect("append");
            changed += 1;
        }
    }
    let (touched, _, _) = index(&[], &idx);
    let mut jobs = json!(null);
    if jobs_compare {
        let (mut t1, mut t2) = (Duration::MAX, Duration::MAX);
        for _ in 0..2 {
            let d1 = root.join(format!("index-{n}-j1"));
            let d2 = root.join(format!("index-{n}-j2"));
            let _ = fs::remove_dir_all(&d1);
            let _ = fs::remove_dir_all(&d2);
            t1 = t1.min(index(&["--jobs", "1"], &d1).0);
            t2 = t2.min(index(&["--jobs", "2"], &d2).0);
            let _ = fs::remove_dir_all(&d1);
            let _ = fs::remove_dir_all(&d2);
        }
        jobs = json!({"jobs1_s": t1.as_secs_f64(), "jobs2_s": t2.as_secs_f64(),
                      "speedup": t1.as_secs_f64() / t2.as_secs_f64()});
    }

    // Queries, end to end and in-process.
    let opened = LedeIndex::open(&idx).expect("open index");
    let mut queries = Vec::new();
    for (name, q, flags) in query_mix() {
        let mut e2e = Vec::new();
        for _ in 0..runs {
            let mut c = Command::new(lede);
            c.arg("search").arg("--index").arg(&idx).arg(q).args(&flags);
            e2e.push(timed(&mut c).0.as_secs_f64() * 1000.0);
        }
        let opts = options(q, &flags);
        let mut inproc = Vec::new();
        let mut total = 0;
        for _ in 0..runs {
            let t = Instant::now();
            total = search::search(&opened, &opts).expect("search").total;
            inproc.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        queries.push(json!({
            "name": name, "query": q, "flags": flags, "matches": total,
            "e2e_p50_ms": percentile(&mut e2e, 0.5), "e2e_p95_ms": percentile(&mut e2e, 0.95),
            "inproc_p50_ms": percentile(&mut inproc, 0.5), "inproc_p95_ms": percentile(&mut inproc, 0.95),
        }));
    }
    let mb = corpus_bytes as f64 / (1 << 20) as f64;
    json!({
        "articles": n,
        "corpus_mb": mb,
        "index": {
            "seconds": full.as_secs_f64(),
            "mb_per_s": mb / full.as_secs_f64(),
            "docs_per_s": n as f64 / full.as_secs_f64(),
            "peak_rss_mb": rss,
            "index_mb": index_bytes as f64 / (1 << 20) as f64,
            "index_to_corpus": index_bytes as f64 / corpus_bytes as f64,
        },
        "reindex_unchanged_s": unchanged.as_secs_f64(),
        "reindex_0_1pct_s": touched.as_secs_f64(),
        "files_changed": changed,
        "jobs": jobs,
        "queries": queries,
    })
}

fn print_table(r: &serde_json::Value) {
    let i = &r["index"];
    println!(
        "\n## {} articles ({:.0} MB)\n",
        r["articles"],
        r["corpus_mb"].as_f64().unwrap_or(0.0)
    );
    println!("| measure | value |\n|---|---|");
    let f = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    println!(
        "| full index | {:.2} s, {:.1} MB/s, {:.0} docs/s |",
        f(&i["seconds"]),
        f(&i["mb_per_s"]),
        f(&i["docs_per_s"])
    );
    println!("| peak memory (RSS) | {:.0} MB |", f(&i["peak_rss_mb"]));
    println!(
        "| index size | {:.1} MB ({:.2}x corpus) |",
        f(&i["index_mb"]),
        f(&i["index_to_corpus"])
    );
    println!(
        "| re-index, nothing changed | {:.3} s |",
        f(&r["reindex_unchanged_s"])
    );
    println!(
        "| re-index, 0.1% changed ({} files) | {:.3} s |",
        r["files_changed"],
        f(&r["reindex_0_1pct_s"])
    );
    if r["jobs"].is_object() {
        println!(
            "| --jobs 1 / --jobs 2 | {:.2} s / {:.2} s = {:.2}x |",
            f(&r["jobs"]["jobs1_s"]),
            f(&r["jobs"]["jobs2_s"]),
            f(&r["jobs"]["speedup"])
        );
    }
    println!("\n| query | matches | e2e p50 | e2e p95 | in-process p50 | in-process p95 |\n|---|---|---|---|---|---|");
    for q in r["queries"].as_array().into_iter().flatten() {
        println!(
            "| {} `{}` | {} | {:.1} ms | {:.1} ms | {:.2} ms | {:.2} ms |",
            q["name"].as_str().unwrap_or(""),
            q["query"].as_str().unwrap_or(""),
            q["matches"],
            f(&q["e2e_p50_ms"]),
            f(&q["e2e_p95_ms"]),
            f(&q["inproc_p50_ms"]),
            f(&q["inproc_p95_ms"])
        );
    }
}

fn run_peers(repo: &Path, root: &Path, lede: &Path, n: usize) {
    let peers = repo.join("../shared/peers");
    if !peers.join("run_all.sh").exists() {
        eprintln!("peers: ../shared/peers not found, skipped");
        return;
    }
    let corpus = root.join(format!("peers-corpus-{n}"));
    if !corpus.join(".generated").exists() {
        let ok = Command::new("python3")
            .arg(peers.join("gen_corpus.py"))
            .arg(&corpus)
            .arg(n.to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("peers: gen_corpus.py failed, skipped");
            return;
        }
        let _ = fs::write(corpus.join(".generated"), "");
    }
    let list = format!(
        "{},{}",
        std::env::var("PEERS").unwrap_or_else(|_| "fts5,tantivy,recoll,xapian,rg".into()),
        repo.join("bench/lede-peer.sh").display()
    );
    let out = root.join(format!("peers-{n}.md"));
    let status = Command::new("bash")
        .arg(peers.join("run_all.sh"))
        .arg(&corpus)
        .arg(format!("synthetic-{n}"))
        .env("PEERS", list)
        .env("OUT", &out)
        .env("WORK", root.join(format!("peers-work-{n}")))
        .env("RUNS", "5")
        .env("LEDE", lede)
        .status();
    match status {
        Ok(s) if s.success() => {
            println!("\n## peers, {n} articles (same run)\n");
            println!("{}", fs::read_to_string(&out).unwrap_or_default());
        }
        _ => eprintln!("peers: run_all.sh failed (run ../shared/peers/install_peers.sh once)"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sizes = Vec::new();
    let mut runs = 20;
    let mut peers = false;
    let mut generate_only = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--docs" => sizes.extend(it.next().and_then(|v| v.parse::<usize>().ok())),
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(runs),
            "--peers" => peers = true,
            "--generate-only" => generate_only = true,
            _ => {} // cargo bench passes --bench
        }
    }
    if sizes.is_empty() {
        sizes.push(10_000);
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = repo.join("target/bench");
    fs::create_dir_all(root.join("bin")).expect("mkdir target/bench/bin");
    // Time a copy, as `cargo install` puts one in place: the linker's own output file maps its
    // pages in smaller pieces, which alone adds 0.3 ms to every process start here.
    let lede = root.join("bin/lede");
    let _ = fs::remove_file(&lede);
    fs::copy(env!("CARGO_BIN_EXE_lede"), &lede).expect("copy the lede binary");
    let mut all = Vec::new();
    for &n in &sizes {
        if generate_only {
            ensure_corpus(&root, n);
            continue;
        }
        let r = bench_size(&lede, &root, n, runs, n <= 100_000);
        print_table(&r);
        all.push(r);
        if peers {
            run_peers(&repo, &root, &lede, n);
        }
    }
    let out = root.join("results.json");
    fs::write(&out, serde_json::to_string_pretty(&all).unwrap_or_default()).expect("write results");
    println!("\nJSON: {}", out.display());
}
