//! An index the user can trust: `--full` re-reads only what it is given, a rebuild leaves the
//! user's own files alone, and a run killed between its commits is finished by the next one.

use crate::common::{index_cmd, lede, Corpus};

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

fn total(c: &Corpus, q: &str) -> u64 {
    crate::common::total_of(c, q, &["--copies"])
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
    std::fs::write(&schema_file, crate::common::with_schema_version(&schema, 0))
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

#[cfg(unix)]
#[test]
fn index_files_are_readable_by_whoever_may_read_the_folder() {
    use std::os::unix::fs::PermissionsExt;
    let c = Corpus::new();
    c.write("a.txt", article("Pier", "The pier reopened."));
    c.build();
    let modes = |c: &Corpus| -> Vec<(String, u32)> {
        std::fs::read_dir(c.index())
            .expect("index dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| {
                let mode = e.metadata().expect("meta").permissions().mode() & 0o777;
                (e.file_name().to_string_lossy().into_owned(), mode)
            })
            .collect()
    };
    // The folder is opened to the group: after the next run, so is every file in it.
    std::fs::set_permissions(c.index(), std::fs::Permissions::from_mode(0o770)).expect("chmod");
    c.write("b.txt", article("Gulls", "Gulls nest on the pier."));
    c.build();
    for (name, mode) in modes(&c) {
        assert_eq!(mode, 0o660, "{name}: {mode:o}");
    }
    std::fs::set_permissions(c.index(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    c.write("c.txt", article("Crane", "A crane arrives at the pier."));
    c.build();
    for (name, mode) in modes(&c) {
        assert_eq!(mode, 0o644, "{name}: {mode:o}");
    }
}

#[test]
fn a_zoo_of_bad_inputs_is_indexed_with_every_problem_reported() {
    let c = Corpus::new();
    c.write(
        "good.txt",
        article("Harbour crane", "A new crane arrived at the harbour."),
    );
    // 7,000 unclosed tables once overflowed a worker's stack; deep nesting took minutes.
    let tables = "<table><tr><td>".repeat(7000);
    c.write(
        "tables.html",
        format!("<html><head><title>Tables</title></head><body>{tables}deep cell</body></html>"),
    );
    let divs: String = (0..4000)
        .map(|i| format!("<table><tr><td>row {i} <div>"))
        .collect();
    c.write("nested.html", format!("<html><body>{divs}</body></html>"));
    let attrs: String = (0..50_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    c.write(
        "attrs.html",
        format!("<html><body><div{attrs}>Attribute page text</div></body></html>"),
    );
    c.write(
        "export.jsonl",
        "{\"title\":\"One\",\"body\":\"First story.\"}\n{broken\n{\"title\":\"Two\",\"body\":\"Second.\"}\n",
    );
    let mut tail = article("Text head", "Text that turns into an image.").repeat(300);
    tail.push_str(&"\u{0}\u{1}\u{2}\u{3}".repeat(500));
    c.write("binary-tail.txt", tail);
    // Another lede index inside the folder being indexed.
    let inner = c.docs().join("sub").join("index");
    c.write(
        "sub/inner.txt",
        article("Inner", "An article beside an index."),
    );
    index_cmd(c.docs().join("sub/inner.txt"), &inner)
        .assert()
        .success();
    let report = c.dir.path().join("report.ndjson");
    let out = index_cmd(c.docs(), c.index())
        .arg("--report")
        .arg(&report)
        .output()
        .expect("index");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = std::fs::read_to_string(report).expect("report");
    for (file, reason) in [
        ("export.jsonl", "line 2 is not valid JSON"),
        ("binary-tail.txt", "binary"),
        ("sub/index", "a search index"),
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.contains(&format!("/{file}\"")) && l.contains(reason)),
            "{file}: {reason}\n{report}"
        );
    }
    for q in ["crane", "deep", "row", "attribute", "first", "inner"] {
        assert!(total(&c, q) >= 1, "{q} is searchable");
    }
    // The index inside was left alone: none of its files is in the index, as an article or as a
    // skipped file.
    let export = lede()
        .args(["export", "--index"])
        .arg(c.index())
        .output()
        .expect("export");
    let exported = String::from_utf8_lossy(&export.stdout);
    assert!(exported.lines().count() >= 6, "{exported}");
    assert!(!exported.contains("/sub/index/"), "{exported}");
    assert!(!report.contains("/sub/index/"), "{report}");
}

#[test]
fn queries_that_would_take_unbounded_time_or_memory_get_an_answer() {
    let c = Corpus::new();
    c.write(
        "a.txt",
        article("Harbour crane", "A new crane arrived at the harbour."),
    );
    c.build();
    let nested = format!("{}crane{}", "(".repeat(10_000), ")".repeat(10_000));
    c.search(&[&nested])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at most"));
    let prefixes = vec!["s*"; 3000].join(" ");
    c.search(&[&prefixes])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("words ending in *"));
    let v = c.search_json(&["crane", "--limit", "2147483648"]);
    assert_eq!(v["total"], 1);
    let far = c
        .search(&["crane", "--offset", "4294967296", "--format", "json"])
        .output()
        .expect("search");
    let v: serde_json::Value = serde_json::from_slice(&far.stdout).expect("json");
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"].as_array().map(Vec::len), Some(0));
}

fn stats_json(c: &Corpus) -> serde_json::Value {
    let out = lede()
        .args(["stats", "--format", "json", "--index"])
        .arg(c.index())
        .output()
        .expect("stats");
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn remove_drops_a_folder_that_is_gone_and_stats_flags_it() {
    let c = Corpus::new();
    c.write(
        "kept/a.txt",
        article("Kelp farm", "A kelp farm opened in the bay."),
    );
    c.write(
        "gone/b.txt",
        article("Kelp boat", "A kelp boat sank in the bay."),
    );
    for root in ["kept", "gone"] {
        index_cmd(c.docs().join(root), c.index()).assert().success();
    }
    std::fs::remove_dir_all(c.docs().join("gone")).expect("rm");
    let st = stats_json(&c);
    let roots = st["roots"].as_array().expect("roots");
    assert_eq!(roots.len(), 2, "{st}");
    let gone = roots
        .iter()
        .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with("gone")))
        .expect("gone root");
    assert_eq!(gone["exists"], false);
    assert_eq!(gone["articles"], 1);
    lede()
        .args(["remove", "--index"])
        .arg(c.index())
        .arg(c.docs().join("gone"))
        .assert()
        .success()
        .stderr(predicates::str::contains("removed the articles of 1 file"));
    assert_eq!(total(&c, "kelp"), 1);
    assert_eq!(stats_json(&c)["roots"].as_array().map(Vec::len), Some(1));
    // Nothing of the user's was touched, and a second remove has nothing to do.
    assert!(c.docs().join("kept/a.txt").exists());
    lede()
        .args(["remove", "--index"])
        .arg(c.index())
        .arg(c.docs().join("gone"))
        .assert()
        .code(1);
}

#[test]
fn excludes_and_ledeignore_leave_files_out_and_are_remembered() {
    let c = Corpus::new();
    c.write("pier.txt", article("Pier", "The pier reopened to walkers."));
    c.write(
        "README.TXT",
        article("About this folder", "Notes about the pier archive."),
    );
    c.write(
        "drafts/pier-draft.txt",
        article("Pier draft", "A pier draft, unfinished."),
    );
    c.write("old/.ledeignore", "*.txt\n");
    c.write(
        "old/pier-1990.txt",
        article("Pier 1990", "The pier in 1990."),
    );
    index_cmd(c.docs(), c.index())
        .args(["--exclude", "README.TXT", "--exclude", "drafts/"])
        .assert()
        .success();
    assert_eq!(total(&c, "pier"), 1, "only pier.txt");
    // A plain re-run keeps the excludes.
    c.write(
        "drafts/another.txt",
        article("Pier again", "Another pier draft."),
    );
    index_cmd(c.docs(), c.index()).assert().success();
    assert_eq!(total(&c, "pier"), 1);
    // Forgetting them brings the files back (the .ledeignore still holds).
    index_cmd(c.docs(), c.index())
        .arg("--reset-settings")
        .assert()
        .success();
    assert_eq!(total(&c, "pier"), 4);
}

#[test]
fn a_setting_is_remembered_and_a_changed_one_rereads_the_files() {
    let c = Corpus::new();
    c.write(
        "gazette/pier.txt",
        article("Pier", "The pier reopened to walkers."),
    );
    c.build();
    let source = |c: &Corpus, q: &str| c.search_json(&[q])["hits"][0]["source"].clone();
    assert_eq!(source(&c, "pier"), serde_json::Value::Null);
    index_cmd(c.docs(), c.index())
        .args(["--source-from", "folder"])
        .assert()
        .success();
    assert_eq!(
        source(&c, "pier"),
        "gazette",
        "re-read with the new setting"
    );
    c.write(
        "courier/crane.txt",
        article("Crane", "A crane came to the harbour."),
    );
    index_cmd(c.docs(), c.index()).assert().success();
    assert_eq!(source(&c, "crane"), "courier", "remembered for a later run");
}

#[cfg(unix)]
#[test]
fn a_folder_and_a_link_to_it_are_one_root() {
    let c = Corpus::new();
    c.write(
        "news/pier.txt",
        article("Pier", "The pier reopened to walkers."),
    );
    let link = c.dir.path().join("link-to-news");
    std::os::unix::fs::symlink(c.docs().join("news"), &link).expect("symlink");
    index_cmd(c.docs().join("news"), c.index())
        .assert()
        .success();
    let out = index_cmd(&link, c.index()).output().expect("index");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 added"), "{err}");
    assert_eq!(total(&c, "pier"), 1, "not a copy of itself");
}

#[test]
fn several_indexes_are_searched_as_one() {
    let c = Corpus::new();
    let shared = article(
        "Ferry strike",
        "The ferry crews struck over pay on the island route.",
    );
    c.write("a/strike.txt", &shared);
    c.write(
        "a/fares.txt",
        article("Ferry fares", "Ferry fares rise by a tenth next spring."),
    );
    c.write("b/strike-copy.txt", &shared);
    c.write(
        "b/timetable.txt",
        article(
            "Winter timetable",
            "A late ferry joins the winter timetable.",
        ),
    );
    let (ia, ib, iab) = (
        c.dir.path().join("ia"),
        c.dir.path().join("ib"),
        c.dir.path().join("iab"),
    );
    // --optimize merges away the deleted versions of rewritten articles, which tantivy's
    // statistics count until a merge: the three indexes then hold exactly their articles.
    for (docs, idx) in [
        (c.docs().join("a"), &ia),
        (c.docs().join("b"), &ib),
        (c.docs(), &iab),
    ] {
        index_cmd(docs, idx).arg("--optimize").assert().success();
    }
    let run = |indexes: &[&std::path::Path]| -> serde_json::Value {
        let mut cmd = lede();
        cmd.args(["search", "ferry", "--format", "json"]);
        for i in indexes {
            cmd.arg("--index").arg(i);
        }
        let out = cmd.output().expect("search");
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let both = run(&[&ia, &ib]);
    let one = run(&[&iab]);
    let titles = crate::common::hit_titles;
    // The story held by both indexes is shown once, with the other file as a copy.
    assert_eq!(
        titles(&both)
            .iter()
            .filter(|t| *t == "Ferry strike")
            .count(),
        1
    );
    let strike = both["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .find(|h| h["title"] == "Ferry strike")
        .expect("strike");
    assert_eq!(strike["copies"].as_array().map(Vec::len), Some(1));
    // Scores mean the same as in one index holding every article.
    assert_eq!(titles(&both), titles(&one));
    for (x, y) in both["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .zip(one["hits"].as_array().expect("hits"))
    {
        let (x, y) = (
            x["score"].as_f64().expect("score"),
            y["score"].as_f64().expect("score"),
        );
        assert!((x - y).abs() < 1e-3, "{x} vs {y}");
    }
    // LEDE_INDEX may name several folders, separated by ':'.
    let env = format!("{}:{}", ia.display(), ib.display());
    let out = crate::common::lede()
        .env("LEDE_INDEX", env)
        .args(["search", "ferry", "--format", "json"])
        .output()
        .expect("search");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(titles(&v), titles(&both));
}

#[test]
fn a_killed_runs_partial_files_are_collected_by_the_next() {
    let c = Corpus::new();
    c.write("a.txt", article("Pier", "The pier reopened to walkers."));
    c.build();
    for i in 0..50 {
        c.write(
            &format!("more-{i}.txt"),
            article(&format!("Crane {i}"), "A crane came to the harbour quay."),
        );
    }
    // Killed with its segments written but not committed: they are in no commit.
    let killed = index_cmd(c.docs(), c.index())
        .env("LEDE_FAULT", "before-commit")
        .output()
        .expect("index");
    assert_eq!(killed.status.code(), None, "{killed:?}");
    let segment_ids = |c: &Corpus| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(c.index())
            .expect("index dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.len() > 33 && n.as_bytes()[32] == b'.')
            .map(|n| n[..32].to_string())
            .collect()
    };
    let committed = || -> std::collections::BTreeSet<String> {
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(c.index().join("meta.json")).expect("meta"))
                .expect("json");
        meta["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .map(|s| s["segment_id"].as_str().expect("id").replace('-', ""))
            .collect()
    };
    assert!(
        segment_ids(&c).len() > committed().len(),
        "the kill left files behind"
    );
    // The next run finds nothing to write (so tantivy makes no commit, and collects nothing by
    // itself), yet the leftovers go.
    for i in 0..50 {
        std::fs::remove_file(c.docs().join(format!("more-{i}.txt"))).expect("rm");
    }
    let out = index_cmd(c.docs(), c.index()).output().expect("index");
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 added, 0 updated"));
    assert_eq!(
        segment_ids(&c),
        committed(),
        "only committed segments are left"
    );
}
