//! Index problems that need the machine's help to provoke: a full disk (a small tmpfs) and a
//! read-only index (the immutable attribute). Both need root, so they are ignored by default and
//! the test runner lists them as ignored with the reason; run them as root with
//! `cargo test -- --ignored`.

use std::process::Command;

use crate::common::{index_cmd, Corpus};
use predicates::prelude::*;

fn root_can(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "needs root (mounts a tmpfs): run as root with cargo test -- --ignored"]
fn full_disk_is_an_error_and_the_last_commit_survives() {
    let c = Corpus::new();
    for i in 0..5 {
        c.write(
            &format!("s{i}.txt"),
            format!("Small story {i}\n\nA small story about kelp, number {i}.\n"),
        );
    }
    let idx = c.index();
    std::fs::create_dir_all(&idx).expect("mkdir");
    let mount = idx.to_string_lossy().to_string();
    if !root_can(
        "mount",
        &["-t", "tmpfs", "-o", "size=600k", "tmpfs", &mount],
    ) {
        panic!("cannot mount a tmpfs here: this test needs root");
    }
    let run = || c.build_result();
    let first = run();
    // Enough text that the next commit cannot fit in 600 KB.
    let mut words = String::new();
    for i in 0..1500u32 {
        words.push_str(&format!("w{:x} ", i.wrapping_mul(2_654_435_761)));
    }
    for i in 0..300 {
        c.write(
            &format!("big{i}.txt"),
            format!("Big story {i}\n\n{words} {i}\n"),
        );
    }
    let second = run();
    let after = c
        .search(&["kelp", "--format", "json"])
        .output()
        .expect("search");
    let message = index_cmd(c.docs(), &idx).output().expect("index");
    // Once there is room again, the failed runs' leftovers do not block the next run.
    for i in 0..300 {
        std::fs::remove_file(c.docs().join(format!("big{i}.txt"))).expect("rm");
    }
    c.write(
        "s5.txt",
        "Small story 5\n\nA small story about kelp, number 5.\n",
    );
    let recovered = run();
    let after_recovery = c
        .search(&["kelp", "--format", "json"])
        .output()
        .expect("search");
    let _ = Command::new("umount").arg(&mount).status();
    assert_eq!(first, Some(0));
    assert_eq!(second, Some(2));
    let v: serde_json::Value = serde_json::from_slice(&after.stdout).expect("json");
    assert_eq!(v["total"], 5, "the first commit is intact");
    let err = String::from_utf8_lossy(&message.stderr);
    assert!(
        err.contains("is full") && err.contains("free some space"),
        "{err}"
    );
    assert_eq!(recovered, Some(0), "the run after freeing space succeeds");
    let v: serde_json::Value = serde_json::from_slice(&after_recovery.stdout).expect("json");
    assert_eq!(v["total"], 6);
}

#[test]
#[ignore = "needs root (chattr +i): run as root with cargo test -- --ignored"]
fn a_read_only_index_still_answers_searches() {
    let c = Corpus::new();
    c.write("a.txt", "Kelp farm\n\nA kelp farm opened in the bay.\n");
    c.build();
    let idx = c.index();
    let files: Vec<String> = std::fs::read_dir(&idx)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path().to_string_lossy().to_string())
        .collect();
    let mut args = vec!["+i".to_string(), idx.to_string_lossy().to_string()];
    args.extend(files.iter().cloned());
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    if !root_can("chattr", &args_ref) {
        panic!(
            "chattr +i failed: this test needs root and a file system with the immutable attribute"
        );
    }
    let searched = c.search(&["kelp"]).output().expect("search");
    c.write("b.txt", "Kelp harvest\n\nThe kelp harvest began.\n");
    let indexed = index_cmd(c.docs(), &idx).output().expect("index");
    args[0] = "-i".into();
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let _ = root_can("chattr", &args_ref);
    assert!(searched.status.success(), "{searched:?}");
    assert!(String::from_utf8_lossy(&searched.stdout).contains("Kelp farm"));
    // Writing to it fails with a message, not a panic.
    assert_eq!(indexed.status.code(), Some(2), "{indexed:?}");
    let err = String::from_utf8_lossy(&indexed.stderr);
    assert!(err.contains("cannot be written"), "{err}");
    assert!(!err.contains("another lede process"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    c.search(&["kelp"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 match"));
}
