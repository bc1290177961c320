//! Keeping the index current: re-runs read only what changed, removals are scoped to the paths
//! indexed, copies are marked, a second writer is refused, and a killed run loses nothing.

use std::process::Stdio;
use std::time::Duration;

use crate::common::{index_cmd, lede, Corpus};
use predicates::prelude::*;

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

/// Runs `lede index` on the corpus and returns its summary (stderr).
fn reindex(c: &Corpus, extra: &[&str]) -> String {
    let out = index_cmd(c.docs(), c.index())
        .args(extra)
        .output()
        .expect("run lede");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn total(c: &Corpus, q: &str) -> u64 {
    crate::common::total_of(c, q, &[])
}

#[test]
fn rerun_reports_exactly_what_changed_and_searches_follow() {
    let c = Corpus::new();
    c.write(
        "a.txt",
        article("Alpha harbour", "The harbour alpha story."),
    );
    c.write("b.txt", article("Beta harbour", "The harbour beta story."));
    c.write(
        "c.txt",
        article("Gamma harbour", "The harbour gamma story."),
    );
    c.write(
        "d.txt",
        article("Delta harbour", "The harbour delta story."),
    );
    c.write(
        "e.txt",
        article("Epsilon harbour", "The harbour epsilon story."),
    );
    let first = reindex(&c, &[]);
    assert!(
        first.contains("5 added, 0 updated, 0 removed, 0 renamed, 0 unchanged"),
        "{first}"
    );

    let again = reindex(&c, &[]);
    assert!(
        again.contains("0 added, 0 updated, 0 removed, 0 renamed, 5 unchanged"),
        "{again}"
    );

    std::thread::sleep(Duration::from_millis(20));
    c.write(
        "a.txt",
        article(
            "Alpha harbour",
            "The harbour alpha story, now with a zeppelin.",
        ),
    );
    // Touched, same bytes: not an update.
    c.write("b.txt", article("Beta harbour", "The harbour beta story."));
    std::fs::remove_file(c.docs().join("c.txt")).expect("rm");
    std::fs::rename(c.docs().join("d.txt"), c.docs().join("d-moved.txt")).expect("mv");
    c.write("f.txt", article("Zeta harbour", "The harbour zeta story."));
    let s = reindex(&c, &[]);
    assert!(
        s.contains("1 added, 1 updated, 1 removed, 1 renamed, 2 unchanged"),
        "{s}"
    );

    assert_eq!(total(&c, "harbour"), 5);
    assert_eq!(total(&c, "zeppelin"), 1);
    assert_eq!(total(&c, "gamma"), 0);
    let v = c.search_json(&["delta"]);
    assert!(v["hits"][0]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("d-moved.txt")));

    // --full re-reads every file of the paths given (updated, not added: they were indexed).
    let full = reindex(&c, &["--full"]);
    assert!(full.contains("0 added, 5 updated"), "{full}");
    assert_eq!(total(&c, "harbour"), 5);
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_reached_keeps_its_articles() {
    // A linked folder (an archive on a drive, say) is indexed, then its link breaks (the drive
    // is unplugged): the run reports the folder and keeps what the index holds from it.
    let c = Corpus::new();
    let drive = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(drive.path().join("archive")).expect("mkdir");
    std::fs::write(
        drive.path().join("archive/a.txt"),
        article("Lock gates", "The lock gates story."),
    )
    .expect("write");
    c.write(
        "local.txt",
        article("Lock keeper", "The lock keeper story."),
    );
    std::os::unix::fs::symlink(drive.path().join("archive"), c.docs().join("archive"))
        .expect("symlink");
    index_cmd(c.docs(), c.index()).assert().success();
    assert_eq!(total(&c, "lock"), 2);
    std::fs::rename(drive.path().join("archive"), drive.path().join("unplugged")).expect("mv");
    index_cmd(c.docs(), c.index())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("0 removed"))
        .stderr(predicate::str::contains("broken symbolic link"));
    assert_eq!(total(&c, "lock"), 2);
}

#[test]
fn indexing_one_folder_never_drops_another() {
    let c = Corpus::new();
    c.write("one/a.txt", article("Kiln fire", "The kiln fire story."));
    c.write(
        "two/b.txt",
        article("Kiln repair", "The kiln repair story."),
    );
    let one = c.docs().join("one");
    let two = c.docs().join("two");
    for dir in [&one, &two] {
        index_cmd(dir, c.index()).assert().success();
    }
    std::fs::remove_file(two.join("b.txt")).expect("rm");
    index_cmd(&one, c.index()).assert().success();
    assert_eq!(total(&c, "kiln"), 2, "folder two was not indexed this time");
    index_cmd(&two, c.index())
        .assert()
        .success()
        .stderr(predicate::str::contains("1 removed"));
    assert_eq!(total(&c, "kiln"), 1);
}

#[test]
fn copies_of_a_story_show_once_with_the_others_listed() {
    let c = Corpus::new();
    let text = article("Lighthouse sold", "The old lighthouse was sold at auction.");
    c.write("x/lighthouse.txt", &text);
    c.write("y/lighthouse-copy.txt", &text);
    c.write("z/lighthouse-again.txt", text.replace("old", "OLD"));
    c.build();
    let v = c.search_json(&["lighthouse"]);
    assert_eq!(v["total"], 1);
    let copies = v["hits"][0]["copies"].as_array().expect("copies").len();
    assert_eq!(copies, 2);
    assert_eq!(c.search_json(&["lighthouse", "--copies"])["total"], 3);
    // Remove the copy that was shown: another one takes its place.
    std::fs::remove_file(c.docs().join("x/lighthouse.txt")).expect("rm");
    reindex(&c, &[]);
    let v = c.search_json(&["lighthouse"]);
    assert_eq!(v["total"], 1);
    assert!(v["hits"][0]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("y/lighthouse-copy.txt")));
}

#[test]
fn furniture_is_learnt_from_repetition_and_applied_on_later_runs() {
    let c = Corpus::new();
    let story = |i: usize| {
        let mut s = format!(
            "Kelp report {i}\n\nMay {i}, 2021\n\nThe kelp harvest report number {i} opens here.\n\n\
             Kelp Coast Gazette: from the newsroom on Harbour Row since 1911\n\n"
        );
        if i <= 3 {
            // Recurs, but not often enough to be furniture.
            s.push_str("The cooperative has sixty members.\n\n");
        }
        s.push_str(&format!("The harvest closes in week {i}.\n"));
        s
    };
    for i in 1..=6 {
        c.write(&format!("gazette/{i}.txt"), story(i));
    }
    let s = reindex(&c, &[]);
    assert!(s.contains("6 articles lost paragraphs that recur"), "{s}");
    let show = |name: &str| {
        let out = lede()
            .arg("show")
            .arg(c.docs().join(name))
            .arg("--index")
            .arg(c.index())
            .args(["--format", "json"])
            .output()
            .expect("show");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["body"].as_str().unwrap_or("").to_string()
    };
    let body = show("gazette/1.txt");
    assert!(!body.contains("Harbour Row"), "{body}");
    assert!(
        body.contains("The cooperative has sixty members."),
        "{body}"
    );
    assert!(body.contains("report number 1 opens"), "{body}");
    assert!(body.contains("week 1."), "{body}");
    // A file added later loses the same line, learnt on the earlier run.
    c.write("gazette/7.txt", story(7));
    reindex(&c, &[]);
    let body = show("gazette/7.txt");
    assert!(!body.contains("Harbour Row"), "{body}");
    assert!(body.contains("report number 7"), "{body}");
    assert_eq!(total(&c, "newsroom"), 0);
}

#[test]
fn optimize_merges_the_index_into_one_segment_and_loses_nothing() {
    let c = Corpus::new();
    c.write(
        "a.txt",
        article("Mill reopens", "The mill reopened on Monday."),
    );
    c.build();
    // Each small update adds a segment (merging for it would cost more than the update).
    for name in ["b", "c"] {
        c.write(
            &format!("{name}.txt"),
            article(&format!("Quay report {name}"), "The quay was busy."),
        );
        reindex(&c, &[]);
    }
    let stats = || {
        let out = lede()
            .args(["stats", "--format", "json", "--index"])
            .arg(c.index())
            .output()
            .expect("stats");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let before = stats();
    assert!(before["segments"].as_u64() > Some(1), "{before}");
    // Nothing changed on disk: --optimize still merges.
    reindex(&c, &["--optimize"]);
    let after = stats();
    assert_eq!(after["segments"], 1, "{after}");
    assert_eq!(after["articles"], before["articles"]);
    assert_eq!(total(&c, "quay"), 2);
    assert_eq!(total(&c, "mill"), 1);
}

#[test]
fn source_from_folder_names_sources_the_files_do_not() {
    let c = Corpus::new();
    c.write(
        "valley-post/2020/a.txt",
        article("Bridge opens", "The bridge opened."),
    );
    // A page that names no site, only its address: the folder names it better than the host.
    c.write(
        "valley-post/2020/ferry.html",
        "<html><head><title>Ferry returns</title>\
         <link rel=\"canonical\" href=\"https://cdn.example/p/ferry\"></head><body><article>\
         <h1>Ferry returns</h1><p>The ferry came back into service on Monday after its repairs.</p>\
         </article></body></html>",
    );
    // A page that does name itself keeps that name.
    c.write(
        "valley-post/2020/pier.html",
        "<html><head><title>Pier closes</title>\
         <meta property=\"og:site_name\" content=\"Harbour Gazette\"></head><body><article>\
         <h1>Pier closes</h1><p>The pier closed on Monday for repairs to its deck.</p>\
         </article></body></html>",
    );
    index_cmd(c.docs(), c.index())
        .args(["--source-from", "folder"])
        .assert()
        .success();
    let source = |q: &str| c.search_json(&[q])["hits"][0]["source"].clone();
    assert_eq!(source("bridge"), "valley-post");
    assert_eq!(source("ferry"), "valley-post");
    assert_eq!(source("pier"), "Harbour Gazette");
}

#[test]
fn a_second_writer_is_refused_and_search_reads_the_last_commit() {
    let c = Corpus::new();
    c.write(
        "a.txt",
        article("Mill reopens", "The mill reopened on Monday."),
    );
    c.build();
    // Hold the writer lock the way a running `lede index` does, with work not yet committed.
    let idx = lede::index::store::LedeIndex::open(&c.index()).expect("open");
    let writer: tantivy::IndexWriter = idx.index.writer(20_000_000).expect("writer");
    writer.delete_all_documents().expect("delete");
    index_cmd(c.docs(), c.index())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another lede process is updating"));
    c.search(&["mill"]).assert().success();
    drop(writer);
}

#[test]
fn killed_run_leaves_a_searchable_index_and_the_next_run_finishes() {
    let c = Corpus::new();
    for i in 0..50 {
        c.write(
            &format!("first/{i}.txt"),
            article(
                &format!("Early story {i}"),
                &format!("An early quarry story, number {i}."),
            ),
        );
    }
    c.build();
    let para = "The second batch tells of the quarry and the town around it. ".repeat(40);
    for i in 0..3000 {
        c.write(
            &format!("second/{i}.txt"),
            article(&format!("Late story {i}"), &format!("{para} {i}")),
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lede"))
        .arg("index")
        .arg(c.docs())
        .arg("--index")
        .arg(c.index())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(250));
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    // The index holds one of its commits whole: the first run's, or (on a fast machine that
    // finished before the kill) this run's. Never a mixture, never an error.
    assert_eq!(total(&c, "early"), 50);
    let mid = total(&c, "quarry");
    assert!(mid == 50 || mid == 3050, "{mid}");
    // The next run completes the work.
    let s = reindex(&c, &[]);
    assert!(s.contains("0 skipped"), "{s}");
    assert_eq!(total(&c, "quarry"), 3050);
    let again = reindex(&c, &[]);
    assert!(again.contains("3050 unchanged"), "{again}");
}

#[test]
fn ctrl_c_commits_what_was_read_and_says_so() {
    let c = Corpus::new();
    let para = "The ferry story goes on about the sound and the weather. ".repeat(40);
    for i in 0..3000 {
        c.write(
            &format!("f/{i}.txt"),
            article(&format!("Ferry story {i}"), &format!("{para} {i}")),
        );
    }
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lede"))
        .arg("index")
        .arg(c.docs())
        .arg("--index")
        .arg(c.index())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(400));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(sent.success());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        // Interrupted: says so, and what it kept is a whole, searchable commit.
        Some(130) => {
            assert!(err.contains("interrupted"), "{err}");
            let kept = total(&c, "ferry");
            assert!(kept < 3000, "{kept}");
        }
        // A fast machine may finish first; then the run is simply complete.
        Some(0) => assert_eq!(total(&c, "ferry"), 3000),
        other => panic!("unexpected exit {other:?}: {err}"),
    }
    let s = reindex(&c, &[]);
    assert!(s.contains("0 skipped"), "{s}");
    assert_eq!(total(&c, "ferry"), 3000);
}

#[test]
fn index_from_another_schema_version_says_to_rebuild() {
    let c = Corpus::new();
    c.write("a.txt", article("Salt works", "The salt works closed."));
    c.build();
    let schema = c.index().join("lede-schema.json");
    let text = std::fs::read_to_string(&schema).expect("read");
    std::fs::write(&schema, crate::common::with_schema_version(&text, 999)).expect("write");
    c.search(&["salt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema version 999"))
        .stderr(predicate::str::contains("--full"));
    // The advice names the folder the index was built from, ready to paste.
    let root = std::fs::canonicalize(c.docs()).expect("canonical");
    c.search(&["salt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "lede index --full {}",
            root.display()
        )));
    index_cmd(c.docs(), c.index())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--full"));
    index_cmd(c.docs(), c.index())
        .arg("--full")
        .assert()
        .success();
    c.search(&["salt"]).assert().success();
}
