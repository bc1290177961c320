//! `lede index --watch` through the binary: files added, edited, renamed and deleted while it
//! runs show up in searches within seconds; a second indexer is refused while it runs; a watcher
//! killed mid-burst and started again leaves the index a fresh `lede index` would make.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{index_cmd, lede, ndjson, Corpus};

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

/// Starts a watcher on `c` and waits for its first run to finish.
fn start_watcher(c: &Corpus) -> Child {
    start_watcher_rescanning(c, "0")
}

/// Starts a watcher on `c` that also rescans every `rescan` seconds.
fn start_watcher_rescanning(c: &Corpus, rescan: &str) -> Child {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("lede"))
        .args(["index", "--watch", "--rescan-every", rescan, "--index"])
        .arg(c.index())
        .arg(c.docs())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn the watcher");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let started = Instant::now();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.starts_with("watching ") => break,
            Some(Ok(_)) => {}
            _ => panic!("the watcher ended before watching"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no 'watching' line"
        );
    }
    // Keep reading its lines so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    child
}

/// Waits (up to 15 s) until `check` holds for the index's answer to `query`.
fn eventually(c: &Corpus, query: &str, what: &str, check: impl Fn(&Value) -> bool) {
    let started = Instant::now();
    loop {
        let out = c
            .search(&[query, "--format", "json", "--limit", "0"])
            .output()
            .expect("search");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        if check(&v) {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{what}: {v}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn names(v: &Value) -> Vec<String> {
    let mut n: Vec<String> = v["hits"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(|x| x["path"].as_str())
                .map(crate::common::file_name)
                .collect()
        })
        .unwrap_or_default();
    n.sort();
    n
}

fn stop(mut child: Child) {
    // SAFETY: kill with a pid this test spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "Ctrl-C ends a watch normally");
}

#[test]
fn changes_show_up_in_search_while_watching() {
    let c = Corpus::new();
    c.write(
        "pier.txt",
        article("Pier reopens", "The pier reopened after repairs."),
    );
    let watcher = start_watcher(&c);

    c.write(
        "quay.txt",
        article("Quay closes", "The quay closed for the winter."),
    );
    eventually(&c, "quay", "a new file is found", |v| {
        names(v) == ["quay.txt"]
    });

    c.write(
        "quay.txt",
        article(
            "Quay closes",
            "The quay closed for the winter; the ferry moved.",
        ),
    );
    eventually(&c, "ferry", "an edit is found", |v| {
        names(v) == ["quay.txt"]
    });

    std::fs::create_dir_all(c.docs().join("2024")).expect("mkdir");
    std::fs::rename(
        c.docs().join("quay.txt"),
        c.docs().join("2024/quay-closed.txt"),
    )
    .expect("mv");
    eventually(&c, "quay", "a rename is followed", |v| {
        names(v) == ["quay-closed.txt"]
    });

    std::fs::remove_file(c.docs().join("pier.txt")).expect("rm");
    eventually(&c, "pier", "a deletion is seen", |v| v["total"] == 0);

    // An editor's save: write a temporary file, then rename it over the article.
    std::fs::write(
        c.docs().join(".quay.swp"),
        article("Quay closes", "The quay closed; a lighthouse stays lit."),
    )
    .expect("write");
    std::fs::rename(
        c.docs().join(".quay.swp"),
        c.docs().join("2024/quay-closed.txt"),
    )
    .expect("mv");
    eventually(&c, "lighthouse", "a save by rename is found", |v| {
        names(v) == ["quay-closed.txt"]
    });

    // One writer: a second indexer is refused while the watcher runs.
    index_cmd(c.docs(), c.index())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "another lede process is updating the index",
        ));
    stop(watcher);
}

/// Every stored article of an index, sorted, as an export gives them.
fn exported(index: &std::path::Path) -> Vec<Value> {
    let out = lede()
        .arg("export")
        .arg("--index")
        .arg(index)
        .output()
        .expect("export");
    let mut recs = ndjson(&out.stdout);
    recs.sort_by_key(|r| r["id"].as_str().unwrap_or("").to_string());
    recs
}

#[test]
fn a_watcher_killed_mid_burst_and_restarted_leaves_a_fresh_index() {
    let c = Corpus::new();
    c.write(
        "first.txt",
        article("First", "The first article of the folder."),
    );
    let watcher = start_watcher(&c);
    let mut child = watcher;
    for i in 0..300 {
        c.write(
            &format!("burst/{i:03}.txt"),
            article(
                &format!("Burst story {i}"),
                &format!("Story number {i} of the burst, on tides."),
            ),
        );
        if i == 150 {
            std::thread::sleep(Duration::from_millis(900));
        }
    }
    std::thread::sleep(Duration::from_millis(400));
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    let again = start_watcher(&c);
    stop(again);
    let fresh = Corpus::new();
    index_cmd(c.docs(), fresh.index()).assert().success();
    let (a, b) = (exported(&c.index()), exported(&fresh.index()));
    assert_eq!(a.len(), 301);
    assert_eq!(a, b, "the restarted watcher's index equals a fresh build");
}

#[test]
fn a_watched_folder_that_goes_away_keeps_its_articles_until_it_is_back() {
    let c = Corpus::new();
    c.write(
        "tide.txt",
        article("Tide tables", "The tide tables were printed."),
    );
    let watcher = start_watcher_rescanning(&c, "1");
    let away = c.docs().with_file_name("docs-away");
    std::fs::rename(c.docs(), &away).expect("move the folder away");
    // A few rescans later the folder's article is still there (an unplugged drive is not a
    // deletion).
    std::thread::sleep(Duration::from_millis(2500));
    eventually(&c, "tide", "kept while away", |v| v["total"] == 1);
    std::fs::rename(&away, c.docs()).expect("move it back");
    // A file written slowly, in pieces, is read once it is whole.
    let mut f = std::fs::File::create(c.docs().join("slow.txt")).expect("create");
    use std::io::Write as _;
    for piece in [
        "Slow news\n\n",
        "The harbour ",
        "dredger ",
        "arrived at last.\n",
    ] {
        f.write_all(piece.as_bytes()).expect("write");
        f.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(300));
    }
    drop(f);
    eventually(&c, "\"dredger arrived\"", "the whole slow file", |v| {
        v["total"] == 1
    });
    stop(watcher);
}
