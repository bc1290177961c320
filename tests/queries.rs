//! Queries as people type them, through the binary: ordinary text is never a syntax error,
//! words after the options form the query, prefixes and typos find words as written, fields
//! match words of names, phrases highlight phrases, `U.S.` is `US`, `--path` is a real glob,
//! dates in every form lede prints, and the output edge cases (snippets, facets, NDJSON record
//! types, `--explain`, completions and the man page).

use std::io::Read;
use std::process::Stdio;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{file_name, lede, ndjson, Corpus};

fn jsonl(title: &str, source: &str, date: &str, body: &str, url: &str) -> String {
    serde_json::json!({"title": title, "source": source, "date": date, "body": body, "url": url})
        .to_string()
}

/// One index shared by these tests (built once), of articles written for them.
fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let c = Corpus::new();
        let gazette = "The Harbour Gazette";
        let lines = [
            jsonl("O'Brien's ferry plan", gazette, "2019-03-04T10:00:00Z",
                "Councillor Maeve O'Brien's plan for a night ferry was backed at 10:30 on Monday. \
                 Details at https://harbour.example/2019/ferry-plan for readers.",
                "https://www.harbour-gazette.example/2019/obrien-ferry"),
            jsonl("Mast row", "Valley Ledger", "2019-06-01T09:00:00Z",
                "AT&T and the parish council disagree about the new mast; the bill is $3.5m, up 12%.",
                "https://ledger.example/mast"),
            jsonl("A new government", "Valley Ledger", "2020-01-10T08:00:00Z",
                "The government was sworn in. Governance of the port moves to a board.",
                "https://ledger.example/government"),
            jsonl("The governor visits", "Coast Times", "2020-02-11T08:00:00Z",
                "The governor toured the harbour and spoke about governing the islands.",
                "https://coast.example/governor"),
            jsonl("Referendum on the bridge", "Coast Times", "2020-05-05T08:00:00Z",
                "A referendum on the bridge will be held in June; the referendum question is set.",
                "https://coast.example/referendum"),
            jsonl("Second referendum called", gazette, "2021-05-05T08:00:00Z",
                "Another referendum is called, a year after the first referendum.",
                "https://www.harbour-gazette.example/2021/referendum"),
            jsonl("World cup fever", gazette, "2022-11-20T08:00:00Z",
                "The world watched the harbour. Then the world cup began, and the world cup final drew crowds.",
                "https://www.harbour-gazette.example/2022/cup"),
            jsonl("Tariffs on steel", "Coast Times", "2023-03-01T08:00:00Z",
                "The U.S. tariffs on steel hit the yard.",
                "https://coast.example/tariffs"),
            jsonl("Steel yard answers", "Valley Ledger", "2023-03-02T08:00:00Z",
                "The yard said US tariffs would cost jobs.",
                "https://ledger.example/steel"),
        ];
        c.write("wire/2019/news.jsonl", lines.join("\n"));
        // Seventy words with one prefix: more than a prefix is written out to.
        let many: Vec<String> = (0..70)
            .map(|i| format!("quux{}{}", (b'a' + (i / 26) as u8) as char, (b'a' + (i % 26) as u8) as char))
            .collect();
        c.write(
            "notes/2018/many-words.md",
            format!("# Word list\n\nA list of made-up words: {}.\n", many.join(" ")),
        );
        c.write(
            "notes/2019/tide.txt",
            "Tide tables printed\n\nThe tide tables for the year were printed in March 2019.\n",
        );
        c.write(
            "notes/2018/tide.html",
            "<html><head><title>Tide gauge fixed</title></head><body><p>The tide gauge on the \
             pier was fixed after the storm, and the tide readings resumed.</p></body></html>",
        );
        // The same story saved twice: marking copies rewrites both documents.
        for name in ["copies/a.txt", "copies/b.txt"] {
            c.write(
                name,
                "Zanzibarite found in the quarry\n\nGeologists named the new mineral zanzibarite.\n",
            );
        }
        c.build();
        c
    })
}

/// Runs a search; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = corpus().search(args).output().expect("run lede");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let (code, out, err) = run(&a);
    assert!(code <= 1, "{args:?}: exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// Hit titles, sorted (these tests check which articles match, not their order).
fn titles(v: &Value) -> Vec<String> {
    let mut t = crate::common::hit_titles(v);
    t.sort();
    t
}

/// The highlighted words of a hit, as text.
fn marked(hit: &Value) -> Vec<String> {
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap_or("").chars().collect();
    hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|r| {
            let s = r[0].as_u64().unwrap_or(0) as usize;
            let e = r[1].as_u64().unwrap_or(0) as usize;
            snippet[s..e].iter().collect::<String>()
        })
        .collect()
}

#[test]
fn ordinary_text_is_searched_as_words() {
    // (query, a title it must find)
    let table = [
        ("O'Brien's", "O'Brien's ferry plan"),
        ("O’Brien ferry", "O'Brien's ferry plan"),
        (
            "https://harbour.example/2019/ferry-plan",
            "O'Brien's ferry plan",
        ),
        ("10:30", "O'Brien's ferry plan"),
        ("AT&T", "Mast row"),
        ("$3.5m", "Mast row"),
        ("12% mast", "Mast row"),
        ("parish/council", "Mast row"),
        ("mast; <bill>", "Mast row"),
    ];
    for (q, want) in table {
        let (code, out, err) = run(&[q, "--format", "json"]);
        assert_eq!(code, 0, "{q}: {err}");
        let v: Value = serde_json::from_str(&out).expect("json");
        assert!(
            titles(&v).contains(&want.to_string()),
            "{q}: {:?}",
            titles(&v)
        );
    }
}

#[test]
fn malformed_syntax_is_explained_in_lede_words() {
    for (q, says) in [
        ("ferry (night", "( at character 7 is never closed"),
        ("\"night ferry", "quote at character 1 is never closed"),
    ] {
        let (code, _, err) = run(&[q]);
        assert_eq!(code, 2, "{q}");
        assert!(err.contains(says), "{q}: {err}");
        assert!(
            !err.contains("Syntax Error") && !err.contains("Field does not exist"),
            "{err}"
        );
    }
}

#[test]
fn words_after_the_options_form_the_query() {
    // `-cup` is not a lede option: it excludes the word.
    let v = json(&["world", "-cup"]);
    assert_eq!(v["total"], 0, "{v}");
    let v = json(&["referendum", "-bridge", "--limit", "5"]);
    assert_eq!(titles(&v), vec!["Second referendum called"]);
    let (code, out, _) = run(&["+referendum", "-bridge", "called", "--format", "paths"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
    // Options still work after the words, short ones too.
    let (code, out, _) = run(&["tide", "-n", "1", "--format", "paths"]);
    assert_eq!((code, out.lines().count()), (0, 1));
}

#[test]
fn prefixes_find_words_as_written_scored_and_highlighted() {
    let v = json(&["govern*"]);
    assert_eq!(
        titles(&v),
        vec!["A new government", "The governor visits"],
        "government, governance, governor and governing all start with govern"
    );
    let scores: Vec<f64> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["score"].as_f64().expect("score"))
        .collect();
    assert!(
        scores.iter().all(|s| (*s - 1.0).abs() > 1e-6),
        "BM25, not a constant: {scores:?}"
    );
    let words: Vec<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .flat_map(marked)
        .collect();
    for w in ["government", "Governance", "governor", "governing"] {
        assert!(words.iter().any(|m| m == w), "{w} highlighted in {words:?}");
    }
    // An unstemmed prefix: `referendu*` was no prefix of the stemmed term.
    assert_eq!(json(&["referendu*"])["total"], 2);
}

#[test]
fn prefixes_and_typos_still_find_articles_lede_rewrote() {
    // Copy marks rewrite stored documents; the unstemmed dictionary field is made anew.
    assert_eq!(json(&["zanzibar*"])["total"], 1);
    assert_eq!(json(&["zanzibar*", "--copies"])["total"], 2);
    assert_eq!(json(&["zanzibarit~1", "--copies"])["total"], 2);
}

#[test]
fn a_prefix_of_too_many_words_says_so() {
    let v = json(&["quux*"]);
    assert_eq!(v["total"], 1);
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("70 different words") && notes.contains("64"),
        "{notes}"
    );
    let (_, _, err) = run(&["quux*"]);
    assert!(
        err.contains("note:") && err.contains("most common"),
        "{err}"
    );
}

#[test]
fn typos_match_with_tilde_and_get_a_suggestion() {
    let v = json(&["referendun~1"]);
    assert_eq!(v["total"], 2);
    assert!(v["hits"][0]["highlights"]
        .as_array()
        .is_some_and(|h| !h.is_empty()));
    assert_eq!(json(&["referendun"])["total"], 0);
    // Nothing found: the index's own spelling is suggested, in JSON and on stderr.
    let v = json(&["referendun", "bridge"]);
    assert_eq!(v["suggestion"], "referendum bridge", "{v}");
    assert_eq!(v["suggestion_total"], 1);
    let (code, _, err) = run(&["referendun"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean: referendum"), "{err}");
    // A query that finds what it asks for gets no suggestion.
    assert!(json(&["referendum"])["suggestion"].is_null());
}

#[test]
fn a_query_of_stop_words_says_why_it_finds_nothing() {
    let (code, out, err) = run(&["the", "of", "and"]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("too common to be indexed"), "{err}");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn source_and_url_match_words_of_the_value() {
    assert_eq!(json(&["source:gazette"])["total"], 3);
    assert_eq!(json(&["source:\"harbour gazette\""])["total"], 3);
    assert_eq!(json(&["url:ledger"])["total"], 3);
    assert_eq!(json(&["referendum", "--source", "gazette"])["total"], 1);
    assert_eq!(
        json(&["referendum", "--source", "The Harbour Gazette"])["total"],
        1
    );
    // A source that matches nothing lists the closest names.
    let v = json(&["referendum", "--source", "Gazete"]);
    assert_eq!(v["total"], 0);
    let notes = v["notes"].to_string();
    assert!(notes.contains("The Harbour Gazette"), "{notes}");
    // A name before a colon that is not a field is read as words.
    assert_eq!(json(&["councillor:maeve"])["total"], 1);
}

#[test]
fn phrases_highlight_only_where_the_phrase_stands() {
    let v = json(&["\"world cup\""]);
    assert_eq!(v["total"], 1);
    let words = marked(&v["hits"][0]);
    assert_eq!(
        words,
        vec!["world", "cup", "world", "cup"],
        "the lone 'world' is not marked"
    );
    // The same words, not as a phrase, mark every occurrence.
    let v = json(&["world", "cup"]);
    assert_eq!(
        marked(&v["hits"][0])
            .iter()
            .filter(|w| *w == "world")
            .count(),
        3
    );
}

#[test]
fn dotted_acronyms_are_the_same_word() {
    for q in ["U.S.", "US", "u.s", "us"] {
        let v = json(&[q, "tariffs"]);
        assert_eq!(
            titles(&v),
            vec!["Steel yard answers", "Tariffs on steel"],
            "{q}"
        );
    }
}

#[test]
fn path_is_a_real_glob() {
    let names = |glob: &str| -> Vec<String> {
        let (code, out, err) = run(&["tide", "--path", glob, "--format", "paths"]);
        assert!(code <= 1, "{glob}: {err}");
        let mut n: Vec<String> = out
            .lines()
            .map(|p| {
                let parent = std::path::Path::new(p).parent().and_then(|d| d.file_name());
                format!(
                    "{}/{}",
                    parent
                        .map(|d| d.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    file_name(p)
                )
            })
            .collect();
        n.sort();
        n
    };
    assert_eq!(
        names("*.{txt,html}"),
        vec!["2018/tide.html", "2019/tide.txt"]
    );
    assert_eq!(names("notes/201[9]/*"), vec!["2019/tide.txt"]);
    assert_eq!(
        names("2018"),
        vec!["2018/tide.html"],
        "a folder's name matches what is under it"
    );
    assert_eq!(names("**/*.txt"), vec!["2019/tide.txt"]);
    assert!(
        names("notes/2019–march/*").is_empty(),
        "an en dash is just a character"
    );
    let (code, _, err) = run(&["tide", "--path", "notes/[2019"]);
    assert_eq!(code, 2);
    assert!(err.contains("--path") && err.contains("unclosed"), "{err}");
}

#[test]
fn dates_in_every_form_lede_prints() {
    let total = |since: &str, until: &str| -> u64 {
        let mut a = vec!["referendum"];
        if !since.is_empty() {
            a.extend(["--since", since]);
        }
        if !until.is_empty() {
            a.extend(["--until", until]);
        }
        json(&a)["total"].as_u64().expect("total")
    };
    assert_eq!(total("2021", ""), 1);
    assert_eq!(total("20210101", ""), 1);
    assert_eq!(total("2021-05-05T08:00:00Z", ""), 1);
    assert_eq!(
        total("2021-05-05T09:00:00+01:00", ""),
        1,
        "the same instant"
    );
    assert_eq!(total("2021-05-05T08:00:01Z", ""), 0);
    assert_eq!(total("", "20200505"), 1);
    assert_eq!(total("100y", ""), 2, "a span back from now");
    assert_eq!(total("1d", ""), 0);
    assert_eq!(json(&["referendum", "date:2020..2021"])["total"], 2);
    let (code, _, err) = run(&["referendum", "--since", "2021", "--until", "2020"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not before --until"), "{err}");
    let (code, _, err) = run(&["referendum", "--since", "last tuesday"]);
    assert_eq!(code, 2);
    assert!(err.contains("7d"), "the message lists the forms: {err}");
}

#[test]
fn snippet_chars_zero_leaves_snippets_out() {
    let v = json(&["referendum", "--snippet-chars", "0"]);
    assert_eq!(v["hits"][0]["snippet"], "");
    let (_, out, _) = run(&["referendum", "--snippet-chars", "0", "--color", "never"]);
    assert!(!out.contains("held in June"), "{out}");
}

#[test]
fn facets_reach_ndjson_as_records_and_text_is_cut_with_a_count() {
    let (code, out, _) = run(&[
        "tide",
        "OR",
        "referendum",
        "OR",
        "mast",
        "--format",
        "ndjson",
        "--facet",
        "source",
    ]);
    assert_eq!(code, 0);
    let lines = ndjson(out.as_bytes());
    let types: Vec<&str> = lines
        .iter()
        .map(|l| l["type"].as_str().unwrap_or(""))
        .collect();
    assert!(
        types
            .iter()
            .all(|t| ["hit", "facet", "summary"].contains(t)),
        "{types:?}"
    );
    assert_eq!(types.last(), Some(&"summary"));
    let facet = lines
        .iter()
        .find(|l| l["type"] == "facet")
        .expect("a facet record");
    assert_eq!(facet["facet"], "source");
    let (_, text, _) = run(&[
        "tide",
        "OR",
        "referendum",
        "OR",
        "mast",
        "--facet",
        "source",
        "--facet-limit",
        "1",
        "--color",
        "never",
    ]);
    assert!(text.contains("... "), "{text}");
    assert!(text.contains("more (--facet-limit 0 shows all)"), "{text}");
}

#[test]
fn csv_into_a_closed_pipe_is_quiet() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lede"))
        .args(["search", "--index"])
        .arg(corpus().index())
        .args([
            "the",
            "OR",
            "referendum",
            "OR",
            "tide",
            "OR",
            "mast",
            "--format",
            "csv",
            "--limit",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Close the reading end at once.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    let status = child.wait().expect("wait");
    assert!(status.code().is_some_and(|c| c <= 1), "{status:?} {err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn parse_json_is_one_value_for_any_number_of_articles() {
    let c = Corpus::new();
    let a = c.write("a.txt", "First title\n\nFirst body text here.\n");
    let b = c.write("b.txt", "Second title\n\nSecond body text here.\n");
    for files in [vec![a.clone()], vec![a, b]] {
        let out = lede()
            .arg("parse")
            .arg("--format")
            .arg("json")
            .args(&files)
            .output()
            .expect("run");
        let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON value");
        assert_eq!(v.as_array().map(Vec::len), Some(files.len()));
    }
}

#[test]
fn explain_says_why_a_hit_scored_what_it_did() {
    let v = json(&["referendum", "--explain"]);
    let hit = &v["hits"][0];
    let e = &hit["explanation"];
    let value = e["value"].as_f64().expect("value");
    assert!(
        (value - hit["score"].as_f64().expect("score")).abs() < 1e-3,
        "{e}"
    );
    let (_, text, _) = run(&["referendum", "--explain", "--color", "never", "-n", "1"]);
    assert!(
        text.contains("idf") || text.contains("Idf") || text.contains("tf"),
        "{text}"
    );
}

#[test]
fn completions_and_man_page_come_from_the_flags() {
    for shell in ["bash", "zsh", "fish"] {
        let out = lede().args(["completions", shell]).output().expect("run");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("snippet-chars"),
            "{shell} completes search's flags"
        );
    }
    let out = lede().arg("man").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(".ie") || text.contains(".TH"),
        "roff: {}",
        &text[..text.len().min(80)]
    );
}

/// A small deterministic generator, so the generated queries are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn two_hundred_everyday_queries_never_give_an_error() {
    let pieces = [
        "ferry",
        "O'Brien's",
        "don't",
        "AT&T",
        "R&D",
        "C++",
        "C#",
        "#metoo",
        "$3.5m",
        "12%",
        "50/50",
        "10:30",
        "3:1",
        "https://harbour.example/a?b=c&d=e",
        "www.example.com",
        "mail@example.com",
        "<b>",
        "</p>",
        "<script>alert(1)</script>",
        "Zürich",
        "São",
        "Paulo",
        "日本",
        "公衆無線",
        "Москва",
        "مرحبا",
        "🙂",
        "—",
        "–",
        "...",
        "?",
        "!",
        ";",
        ":",
        ",",
        "U.S.",
        "e.g.",
        "p.m.",
        "2019",
        "1,000",
        "-",
        "+",
        "*",
        "~",
        "^",
        "\\",
        "|",
        "&&",
        "||",
        "{",
        "}",
        "[",
        "]",
        "'",
        "`",
        "=",
        "==",
        "AND",
        "OR",
        "NOT",
        "and",
        "or",
        "not",
        "the",
        "title:",
        "source:",
        "date:",
        "foo:bar",
        "referendum",
        "govern*",
        "tide~",
        ")",
        ":)",
        "(the harbour)",
        "\"world cup\"",
        "-mast",
        "+tide",
        "l'été",
        "naïve",
        "I'm",
        "it's",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    for _ in 0..220 {
        let n = 1 + rng.below(5);
        let words: Vec<&str> = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
        let q = words.join(if rng.below(4) == 0 { "" } else { " " });
        let out = corpus()
            .search(&[&q, "--limit", "2"])
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        if code > 1 || err.contains("error") {
            failures.push(format!("{q:?}: exit {code}: {err}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
