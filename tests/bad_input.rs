//! Bad input never aborts a run and is never silent: each skipped file is counted with its
//! reason, and the exit status says whether everything was indexed.

use std::os::unix::ffi::OsStrExt;

use crate::common::{index_cmd, lede, Corpus};
use predicates::prelude::*;

#[test]
fn every_bad_file_is_skipped_with_a_reason_and_the_rest_indexed() {
    let c = Corpus::new();
    let d = c.docs();
    c.write(
        "good.txt",
        "Good article\n\nThe good article about herring.\n",
    );
    c.write("empty.txt", "");
    c.write("blank.txt", "\n \n");
    c.write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".as_slice());
    c.write("big.txt", vec![b'a'; 2 << 20]);
    c.write("all-bad.json", "{this is not json\nnor this\n");
    c.write(
        "broken.html",
        "<html><body><p>Herring season opens <b>early</i> on the coast</p><div>",
    );
    let mut deep = String::from("deep");
    for i in 0..60 {
        deep.push_str(&format!("/d{i}"));
    }
    c.write(
        &format!("{deep}/deep.txt"),
        "Deep article\n\nHerring found far down.\n",
    );
    std::os::unix::fs::symlink(d.join("missing.txt"), d.join("dangling.txt")).expect("symlink");
    std::fs::create_dir_all(d.join("loop")).expect("mkdir");
    std::os::unix::fs::symlink(d.join("loop"), d.join("loop/again")).expect("symlink");
    let fifo = d.join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-herring.txt");
    std::fs::write(d.join(name), "Cafe herring\n\nHerring at the cafe.\n").expect("write");

    let report = c.dir.path().join("skipped.ndjson");
    index_cmd(&d, c.index())
        .args(["--max-file-size", "1", "--report"])
        .arg(&report)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("4 added"))
        .stderr(predicate::str::contains("8 skipped"));
    let lines = crate::common::ndjson(&std::fs::read(&report).expect("report"));
    let reason = |file: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().is_some_and(|p| p.ends_with(file)))
            .and_then(|l| l["reason"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("{file} not in report: {lines:?}"))
    };
    assert_eq!(reason("empty.txt"), "empty file");
    assert_eq!(reason("blank.txt"), "empty file");
    assert!(reason("image.png").contains("binary"));
    assert!(reason("big.txt").contains("max-file-size"));
    assert!(reason("all-bad.json").contains("not valid JSON"));
    assert!(reason("dangling.txt").contains("not found"));
    assert!(reason("pipe.txt").contains("not a regular file"));
    assert!(lines
        .iter()
        .all(|l| !l["path"].as_str().unwrap_or("").ends_with("again")
            || l["reason"].as_str().unwrap_or("").contains("loop")));

    // Everything readable is searchable, the broken HTML and the odd file name included.
    let v = c.search_json(&["herring", "--limit", "20"]);
    assert_eq!(v["total"], 4, "{v}");
    assert_eq!(lines.len(), 8);
}

#[test]
fn a_clean_folder_exits_zero() {
    let c = Corpus::new();
    c.write("a.txt", "Fine\n\nAll fine here.\n");
    index_cmd(c.docs(), c.index())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("0 skipped"));
}

#[test]
fn a_missing_path_is_an_error() {
    let c = Corpus::new();
    lede()
        .arg("index")
        .arg(c.dir.path().join("nope"))
        .arg("--index")
        .arg(c.index())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}
