//! Every `lede search` flag, and `stats`, `show` and `similar`, through the binary against an
//! index built from articles written here. JSON output is validated against the schema in
//! `schema/search-output.schema.json`.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::OnceLock;

use crate::common::{file_name, hit_paths, lede, validate, Corpus};
use predicates::prelude::*;
use serde_json::Value;

fn jsonl(title: &str, date: &str, source: &str, body: &str) -> String {
    serde_json::json!({"title": title, "date": date, "source": source, "body": body}).to_string()
}

/// One index shared by the read-only tests (built once).
fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let c = Corpus::new();
        let lines = [
            jsonl("Tide mill restored", "2019-03-04T10:00:00Z", "Bay Post", "The tide mill grinds again."),
            jsonl("Mill pond drained", "2019-11-20T09:00:00Z", "bay post", "The mill pond was drained for repairs."),
            jsonl("Mill fire", "2020-01-31T23:30:00Z", "Valley Ledger", "A fire gutted the old mill overnight."),
            jsonl("Mill rebuilt", "2020-02-01T00:30:00Z", "Valley Ledger", "Work to rebuild the mill began at once."),
            jsonl("Mill museum opens", "2021-06-15T12:00:00Z", "Coast Times", "The mill museum opened its doors."),
        ];
        c.write("wire/mills.jsonl", lines.join("\n"));
        c.write(
            "gazette/2018/undated-mill.txt",
            "The mill that time forgot\n\nNobody knows when the mill was built.\n",
        );
        c.write(
            "gazette/2022/windmill.txt",
            "Windmill sails turn again\n\nMay 2, 2022\n\nThe windmill on the ridge, the last working mill in the valley, turned its sails for visitors.\n",
        );
        c.build();
        c
    })
}

fn titles(v: &Value) -> Vec<String> {
    crate::common::hit_titles(v)
}

fn stdout_of(args: &[&str]) -> String {
    let out = corpus()
        .search(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn since_and_until_take_years_months_and_days() {
    let c = corpus();
    assert_eq!(c.search_json(&["mill", "--since", "2020"])["total"], 4);
    // --until 2020-01 includes all of January, up to 23:59:59.
    assert_eq!(
        titles(&c.search_json(&[
            "mill", "--since", "2020-01", "--until", "2020-01", "--sort", "oldest"
        ])),
        vec!["Mill fire"]
    );
    assert_eq!(
        titles(&c.search_json(&["mill", "--since", "2019-11-20", "--until", "2019-11-20"])),
        vec!["Mill pond drained"]
    );
    c.search(&["mill", "--since", "2019-13"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since"));
}

#[test]
fn date_terms_in_the_query() {
    let c = corpus();
    assert_eq!(c.search_json(&["mill date:2019"])["total"], 2);
    assert_eq!(c.search_json(&["mill date:2020-02"])["total"], 1);
    assert_eq!(c.search_json(&["mill date:>=2021-01-01"])["total"], 2);
    assert_eq!(c.search_json(&["mill date:<2019-06"])["total"], 1);
    c.search(&["mill date:2019-99"]).assert().code(2);
}

#[test]
fn source_filter_is_repeatable_and_ignores_case() {
    let c = corpus();
    assert_eq!(c.search_json(&["mill", "--source", "BAY POST"])["total"], 2);
    assert_eq!(
        c.search_json(&["mill", "--source", "bay post", "--source", "coast times"])["total"],
        3
    );
    assert_eq!(c.search_json(&["source:\"valley ledger\""])["total"], 2);
}

#[test]
fn boolean_operators_fields_and_grouping() {
    let c = corpus();
    assert_eq!(c.search_json(&["mill AND fire"])["total"], 1);
    assert_eq!(c.search_json(&["fire OR museum"])["total"], 2);
    assert_eq!(c.search_json(&["mill NOT fire"])["total"], 6);
    assert_eq!(c.search_json(&["mill -fire -museum"])["total"], 5);
    assert_eq!(c.search_json(&["+mill (fire OR pond)"])["total"], 2);
    assert_eq!(c.search_json(&["title:mill"])["total"], 6);
    assert_eq!(c.search_json(&["body:drained"])["total"], 1);
    assert_eq!(c.search_json(&["--any", "fire", "pond"])["total"], 2);
}

#[test]
fn path_glob_filters_files() {
    let c = corpus();
    let v = c.search_json(&["mill", "--path", "gazette/**"]);
    let mut names: Vec<String> = hit_paths(&v).iter().map(|p| file_name(p)).collect();
    names.sort();
    assert_eq!(names, vec!["undated-mill.txt", "windmill.txt"]);
    assert_eq!(
        c.search_json(&["mill", "--path", "gazette/2018/*"])["total"],
        1
    );
}

#[test]
fn sort_by_date_puts_undated_last_and_has_no_score() {
    let c = corpus();
    let v = c.search_json(&["mill", "--sort", "newest"]);
    validate(&v);
    let t = titles(&v);
    assert_eq!(
        t.first().map(String::as_str),
        Some("Windmill sails turn again")
    );
    assert_eq!(
        t.last().map(String::as_str),
        Some("The mill that time forgot")
    );
    assert!(v["hits"][0]["score"].is_null());
    let v = c.search_json(&["mill", "--sort", "oldest"]);
    assert_eq!(titles(&v)[0], "Tide mill restored");
    assert_eq!(
        titles(&v).last().map(String::as_str),
        Some("The mill that time forgot")
    );
}

#[test]
fn paging_keeps_the_total() {
    let c = corpus();
    let all = titles(&c.search_json(&["mill", "--limit", "10"]));
    let page2 = c.search_json(&["mill", "--limit", "2", "--offset", "2"]);
    assert_eq!(page2["total"], 7);
    assert_eq!(page2["hits"][0]["rank"], 3);
    assert_eq!(titles(&page2), all[2..4].to_vec());
}

#[test]
fn facets_count_all_matches_by_calendar_month() {
    let c = corpus();
    let v = c.search_json(&[
        "mill", "--limit", "1", "--facet", "month", "--facet", "source", "--facet", "year",
    ]);
    validate(&v);
    let facet = |name: &str| -> Vec<(Value, u64)> {
        v["facets"]
            .as_array()
            .expect("facets")
            .iter()
            .find(|f| f["facet"] == name)
            .expect("facet")["buckets"]
            .as_array()
            .expect("buckets")
            .iter()
            .map(|b| (b["key"].clone(), b["count"].as_u64().unwrap_or(0)))
            .collect()
    };
    let months = facet("month");
    // 23:30 on 31 January and 00:30 on 1 February fall in different calendar months.
    assert!(months.contains(&(Value::from("2020-01"), 1)), "{months:?}");
    assert!(months.contains(&(Value::from("2020-02"), 1)), "{months:?}");
    assert!(
        months.contains(&(Value::from("2019-12"), 0)),
        "gaps are shown: {months:?}"
    );
    assert!(
        months.contains(&(Value::Null, 1)),
        "the undated article: {months:?}"
    );
    let sources = facet("source");
    assert_eq!(sources[0], (Value::from("Valley Ledger"), 2));
    assert_eq!(
        facet("year"),
        vec![
            (Value::from("2019"), 2),
            (Value::from("2020"), 2),
            (Value::from("2021"), 1),
            (Value::from("2022"), 1),
            (Value::Null, 1)
        ]
    );
    let text = stdout_of(&["mill", "--facet", "year"]);
    assert!(text.contains("year (of 7 matches)"), "{text}");
    let bar = |key: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{key} ")))
            .map(|l| l.chars().filter(|&c| c == '█').count())
    };
    assert_eq!(bar("2020"), Some(40), "{text}");
    assert_eq!(
        bar("2021"),
        Some(20),
        "half the count, half the bar: {text}"
    );
}

#[test]
fn ndjson_lines_validate_and_end_with_a_summary() {
    let out = stdout_of(&["mill", "--format", "ndjson", "--facet", "source"]);
    let lines = crate::common::ndjson(out.as_bytes());
    for l in &lines {
        validate(l);
    }
    let last = lines.last().expect("summary");
    assert_eq!(last["type"], "summary");
    assert_eq!(last["total"], 7);
    let facet = lines
        .iter()
        .find(|l| l["type"] == "facet")
        .expect("a facet record");
    assert_eq!(facet["facet"], "source");
}

#[test]
fn csv_with_chosen_fields_and_marked_snippets() {
    let out = stdout_of(&[
        "tide",
        "--format",
        "csv",
        "--fields",
        "title,date,snippet",
        "--highlight",
        "markdown",
    ]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("title,date,snippet"));
    assert_eq!(
        lines.next(),
        Some("Tide mill restored,2019-03-04T10:00:00Z,The **tide** mill grinds again.")
    );
    corpus()
        .search(&["tide", "--fields", "colour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no field"));
    let html = stdout_of(&["tide", "--highlight", "html"]);
    assert!(html.contains("The <b>tide</b> mill"), "{html}");
    let none = stdout_of(&["tide", "--highlight", "none"]);
    assert!(none.contains("The tide mill grinds"));
}

#[test]
fn paths_for_xargs() {
    let out = stdout_of(&["mill", "--format", "paths", "--limit", "100"]);
    let paths: Vec<&str> = out.lines().collect();
    // Five articles share one JSON Lines file: it is listed once.
    assert_eq!(paths.len(), 3, "{out}");
    assert!(paths.iter().all(|p| std::path::Path::new(p).is_file()));
    let nul = corpus()
        .search(&["mill", "--format", "paths", "-0"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(nul.iter().filter(|&&b| b == 0).count(), 3);
    assert!(!nul.contains(&b'\n'));
}

#[test]
fn limit_zero_returns_every_match() {
    let v = corpus().search_json(&["mill", "--limit", "0"]);
    assert_eq!(v["hits"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        corpus().search_json(&["mill", "--limit", "2"])["hits"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn snippet_chars_bounds_the_snippet_on_a_word() {
    let long = corpus().search_json(&["windmill", "--snippet-chars", "200"]);
    let short = corpus().search_json(&["windmill", "--snippet-chars", "30"]);
    let s = short["hits"][0]["snippet"].as_str().expect("snippet");
    let l = long["hits"][0]["snippet"].as_str().expect("snippet");
    assert!(s.chars().count() <= 33, "{s}");
    assert!(l.chars().count() > s.chars().count());
    assert!(l.contains(s.trim_end_matches(['.', ','])), "{s} / {l}");
    assert!(s.to_lowercase().contains("windmill"));
}

#[test]
fn fields_trim_json_hits() {
    let v = corpus().search_json(&["tide", "--fields", "path,title"]);
    validate(&v);
    let hit = v["hits"][0].as_object().expect("hit");
    assert_eq!(hit.keys().collect::<Vec<_>>(), vec!["path", "title"]);
}

#[test]
fn prefix_queries_match_and_highlight() {
    let v = corpus().search_json(&["windm*"]);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    let snippet: Vec<char> = hit["snippet"].as_str().expect("snippet").chars().collect();
    let [s, e] = [
        hit["highlights"][0][0].as_u64(),
        hit["highlights"][0][1].as_u64(),
    ]
    .map(|x| x.expect("offset") as usize);
    assert_eq!(snippet[s..e].iter().collect::<String>(), "windmill");
}

#[test]
fn piping_into_head_exits_quietly() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lede"))
        .args([
            "search", "mill", "--limit", "1000", "--format", "ndjson", "--index",
        ])
        .arg(corpus().index())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("line");
    // Closing our end of the pipe is what `head` does.
    let out = child.wait_with_output().expect("wait");
    assert!(first.contains("\"path\""));
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stats_show_and_similar() {
    let c = corpus();
    let out = lede()
        .args(["stats", "--format", "json", "--index"])
        .arg(c.index())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["articles"], 7);
    assert_eq!(v["dated"], 6);
    assert_eq!(v["oldest"], "2019-03-04T10:00:00Z");
    assert_eq!(v["newest"], "2022-05-02T00:00:00Z");
    assert!(v["size_bytes"].as_u64().is_some_and(|s| s > 0));
    assert!(v["updated_at"].is_string());
    lede()
        .args(["stats", "--index"])
        .arg(c.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("Valley Ledger"));

    let file = c.docs().join("gazette/2022/windmill.txt");
    lede()
        .arg("show")
        .arg(&file)
        .arg("--index")
        .arg(c.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("Windmill sails turn again"))
        .stdout(predicate::str::contains("turned its sails for visitors"));
    lede()
        .arg("show")
        .arg(c.docs().join("nope.txt"))
        .arg("--index")
        .arg(c.index())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not in the index"));

    let out = lede()
        .arg("similar")
        .arg(c.docs().join("gazette/2018/undated-mill.txt"))
        .args(["--format", "json", "--index"])
        .arg(c.index())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    validate(&v);
    let paths = hit_paths(&v);
    assert!(!paths.is_empty());
    assert!(
        paths.iter().all(|p| !p.ends_with("undated-mill.txt")),
        "not itself"
    );
}
