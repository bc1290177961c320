//! An index the user can trust: `--full` re-reads only what it is given, a rebuild leaves the
//! user's own files alone, and a run killed between its commits is finished by the next one.

use crate::common::{index_cmd, lede, Corpus};

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

fn total(c: &Corpus, q: &str) -> u64 {
    let out = c
        .search(&[q, "--format", "json", "--copies"])
        .output()
        .expect("search");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["total"].as_u64().expect("total")
}

#[test]
fn full_rereads_the_paths_given_and_keeps_the_other_roots() {
    let c = Corpus::new();
    c.write(
        "a/one.txt",
        article("Kelp one", "Kelp beds in the north bay."),
    );
    c.write(
        "b/two.txt",
        article("Kelp two", "Kelp beds in the south bay."),
    );
    for root in ["a", "b"] {
        index_cmd(c.docs().join(root), c.index()).assert().success();
    }
    assert_eq!(total(&c, "kelp"), 2);
    let out = index_cmd(c.docs().join("a"), c.index())
        .arg("--full")
        .output()
        .expect("index");
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 added, 1 updated, 0 removed"), "{err}");
    assert_eq!(total(&c, "kelp"), 2, "folder b's article is still there");
}

#[test]
fn a_schema_rebuild_leaves_the_users_own_files_alone() {
    let c = Corpus::new();
    c.write("a.txt", article("Pier", "The pier reopened."));
    c.build();
    let notes = c.index().join("my-notes.txt");
    std::fs::write(&notes, "what I keep here").expect("write");
    // An index from an older lede: its schema file names another version.
    let schema_file = c.index().join("lede-schema.json");
    let schema = std::fs::read_to_string(&schema_file).expect("schema");
    std::fs::write(
        &schema_file,
        schema.replacen("\"version\": 1", "\"version\": 0", 1),
    )
    .expect("write schema");
    c.search(&["pier"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("rebuild it: lede index --full"));
    index_cmd(c.docs(), c.index())
        .arg("--full")
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&notes).expect("notes survive"),
        "what I keep here"
    );
    assert_eq!(total(&c, "pier"), 1);
}

#[test]
fn a_run_killed_between_its_commits_is_finished_by_the_next() {
    let c = Corpus::new();
    let story = article("Tunnel vote", "The council voted for the tunnel on Monday.");
    c.write("a.txt", &story);
    c.write("copy-of-a.txt", &story);
    let killed = index_cmd(c.docs(), c.index())
        .env("LEDE_FAULT", "after-first-commit")
        .output()
        .expect("index");
    assert_eq!(killed.status.code(), None, "killed by a signal: {killed:?}");
    // The first commit is searchable, but its copies are not marked yet.
    assert_eq!(total(&c, "tunnel"), 2);
    let shown = c.search_json(&["tunnel"]);
    assert_eq!(shown["total"], 2, "both copies shown before the repair");
    // A plain re-run: nothing changed on disk, yet it finishes the passes.
    let again = index_cmd(c.docs(), c.index()).output().expect("index");
    assert!(again.status.success(), "{again:?}");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("0 added, 0 updated"), "{err}");
    let shown = c.search_json(&["tunnel"]);
    assert_eq!(shown["total"], 1, "the story shown once: {shown}");
    assert_eq!(shown["hits"][0]["copies"].as_array().map(Vec::len), Some(1));
    // And the run after that has nothing left to do.
    let third = lede()
        .args(["index"])
        .arg(c.docs())
        .arg("--index")
        .arg(c.index())
        .output()
        .expect("index");
    assert!(third.status.success());
}

#[test]
fn every_hit_has_an_id_that_show_and_similar_take() {
    let c = Corpus::new();
    let lines = [
        r#"{"title": "Ferry fares rise", "body": "Ferry fares rise by a tenth on the island route."}"#,
        r#"{"title": "Gulls return", "body": "Gulls return to the old pier after the winter storms."}"#,
        r#"{"title": "Ferry timetable", "body": "The winter ferry timetable adds a late boat to the island."}"#,
    ];
    c.write("export.jsonl", lines.join("\n") + "\n");
    c.build();
    let v = c.search_json(&["gulls"]);
    let id = v["hits"][0]["id"].as_str().expect("id").to_string();
    assert!(id.ends_with("export.jsonl#1"), "{id}");
    let shown = lede()
        .args(["show", "--format", "json", "--index"])
        .arg(c.index())
        .arg(&id)
        .output()
        .expect("show");
    assert!(shown.status.success(), "{shown:?}");
    let article: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
    assert_eq!(article["title"], "Gulls return");
    assert_eq!(article["id"], id.as_str());
    // The first article's id is the file's path; `show PATH` shows all of the file's articles.
    let all = lede()
        .args(["show", "--format", "json", "--index"])
        .arg(c.index())
        .arg(c.docs().join("export.jsonl"))
        .output()
        .expect("show");
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).expect("json");
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let first_ferry = c.search_json(&["timetable"])["hits"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let similar = lede()
        .args(["similar", "--format", "json", "--index"])
        .arg(c.index())
        .arg(&first_ferry)
        .output()
        .expect("similar");
    let similar: serde_json::Value = serde_json::from_slice(&similar.stdout).expect("json");
    let ids: Vec<&str> = similar["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert!(!ids.contains(&first_ferry.as_str()), "not itself: {ids:?}");
    assert!(
        ids.iter().any(|i| !i.contains('#')),
        "the other ferry story: {ids:?}"
    );
}
