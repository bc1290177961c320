//! End to end through the binary: index a folder, search it, read the outputs and exit codes.

use crate::common::{file_name, fixture, hit_paths, index_cmd, lede, ndjson, repo, Corpus};
use predicates::prelude::*;

fn json_of(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn sample_corpus_indexes_and_answers_readme_queries() {
    let c = Corpus::new();
    lede()
        .arg("index")
        .arg(repo().join("sample-corpus"))
        .arg("--index")
        .arg(c.index())
        .assert()
        .success()
        .stderr(predicate::str::contains("indexed 42 files"));
    let v = c.search_json(&["ferry", "fares"]);
    assert_eq!(
        file_name(&hit_paths(&v)[0]),
        "ferry-fares-rise.txt",
        "best hit for 'ferry fares'"
    );
    c.search(&["\"wind farm\""])
        .assert()
        .success()
        .stdout(predicate::str::contains("Offshore wind farm would power"));
}

fn small_corpus() -> Corpus {
    let c = Corpus::new();
    c.write(
        "a/regroup.txt",
        "Rebels regroup in the hills\n\nThe rebels are trying to regroup after losses.\n",
    );
    c.write(
        "a/rates.txt",
        "Bank holds interest rates\n\nThe bank kept interest rates on hold on Thursday.\n",
    );
    c.write(
        "b/scattered.txt",
        "Rates of pay\n\nPay rates rose while interest in the scheme fell.\n",
    );
    c.write(
        "b/latin1.txt",
        b"Caf\xe9 culture in Alg\xe9rie\n\nA tour of the caf\xe9s of Oran costs \xa340.\n"
            .as_slice(),
    );
    c.build();
    c
}

#[test]
fn stemming_finds_other_forms_of_a_word() {
    let c = small_corpus();
    c.search(&["regrouping"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Rebels regroup in the hills"));
}

#[test]
fn ascii_folding_and_latin1_files() {
    let c = small_corpus();
    // The file is Latin-1: the accented title must come back decoded, and findable without accents.
    let v = c.search_json(&["algerie"]);
    assert_eq!(v["hits"][0]["title"], "Café culture in Algérie");
    assert!(v["hits"][0]["snippet"]
        .as_str()
        .is_some_and(|s| s.contains("£40")));
}

#[test]
fn phrase_matches_words_in_order_only() {
    let c = small_corpus();
    let v = c.search_json(&["\"interest rates\""]);
    let names: Vec<String> = hit_paths(&v).iter().map(|p| file_name(p)).collect();
    assert_eq!(names, vec!["rates.txt"]);
    // Without quotes both words anywhere match the other file too.
    assert_eq!(c.search_json(&["interest", "rates",])["total"], 2);
}

#[test]
fn json_output_has_documented_shape_and_highlights_point_at_query_words() {
    let c = small_corpus();
    let v = c.search_json(&["interest"]);
    assert_eq!(v["query"], "interest");
    assert_eq!(v["total"], 2);
    for (i, hit) in v["hits"].as_array().expect("hits").iter().enumerate() {
        for key in [
            "rank",
            "score",
            "path",
            "title",
            "date",
            "source",
            "summary",
            "snippet",
            "highlights",
        ] {
            assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
        }
        assert_eq!(hit["rank"], i + 1);
        let snippet: Vec<char> = hit["snippet"].as_str().expect("snippet").chars().collect();
        let hl = hit["highlights"].as_array().expect("highlights");
        assert!(!hl.is_empty(), "no highlight in {hit}");
        for r in hl {
            let (s, e) = (
                r[0].as_u64().expect("start") as usize,
                r[1].as_u64().expect("end") as usize,
            );
            let word: String = snippet[s..e].iter().collect();
            assert_eq!(word.to_lowercase(), "interest");
        }
    }
}

#[test]
fn ndjson_has_one_hit_per_line_then_a_summary() {
    let c = small_corpus();
    let out = c
        .search(&["--any", "interest", "rebels", "--format", "ndjson"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = ndjson(&out);
    assert_eq!(lines.len(), 4, "three hits and a summary");
    assert!(lines[..3].iter().all(|h| h["path"].is_string()));
    let last = &lines[3];
    assert_eq!(last["type"], "summary");
    assert_eq!(last["total"], 3);
    assert!(last.get("path").is_none());
}

#[test]
fn exit_codes_follow_grep() {
    let c = small_corpus();
    c.search(&["regroup"]).assert().code(0);
    c.search(&["zeppelin"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no matches"));
    lede()
        .args(["search", "x", "--index"])
        .arg(c.dir.path().join("nowhere"))
        .assert()
        .code(2);
}

#[test]
fn missing_index_says_how_to_build_one() {
    let dir = tempfile::tempdir().expect("tmp");
    lede()
        .args(["search", "anything", "--index"])
        .arg(dir.path().join("missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no lede index"))
        .stderr(predicate::str::contains("lede index"));
}

#[test]
fn syntax_error_is_one_clear_message() {
    let c = small_corpus();
    c.search(&["title:(interest"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot understand the query"))
        .stderr(predicate::str::contains("--plain"))
        .stderr(predicate::str::contains("panicked").not());
    // The same text is fine as bare words.
    c.search(&["--plain", "(interest"]).assert().code(0);
    c.search(&["(interest"]).assert().code(2);
}

#[test]
fn empty_folder_indexes_to_an_empty_index() {
    let c = Corpus::new();
    c.build();
    c.search(&["anything"]).assert().code(1);
}

#[test]
fn lede_index_env_variable_names_the_index() {
    let c = small_corpus();
    lede()
        .env("LEDE_INDEX", c.index())
        .args(["search", "regroup"])
        .assert()
        .success();
}

#[test]
fn folder_that_is_not_an_index_is_left_alone() {
    let c = small_corpus();
    let other = c.dir.path().join("precious");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(other.join("thesis.docx"), "years of work").expect("write");
    index_cmd(c.docs(), &other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a lede index"));
    assert_eq!(
        std::fs::read_to_string(other.join("thesis.docx")).expect("still there"),
        "years of work"
    );
    assert_eq!(std::fs::read_dir(&other).expect("dir").count(), 1);
}

#[test]
fn parse_reads_a_scraped_page() {
    let out = lede()
        .args(["parse", "--format", "json"])
        .arg(fixture("scraped-quarry.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // One JSON value: the array of the file's articles.
    let v = json_of(&out)[0].clone();
    assert_eq!(
        v["title"],
        "Quarry expansion draws hundreds to protest at town hall"
    );
    assert_eq!(
        v["summary"],
        "Residents say blasting at the Stonebeck quarry already cracks their walls and fear a larger pit will make it worse."
    );
    assert_eq!(v["date"], "2021-03-03T18:45:00Z");
    let body = v["body"].as_str().expect("body");
    assert!(body.starts_with("STONEBECK - More than four hundred people"));
    assert!(body.ends_with("The council will vote on the plan in May."));
    for furniture in [
        "Dear Reader",
        "4 min read",
        "Photo credit",
        "WhatsApp",
        "Related Content",
        "bakery",
        "Show me later",
    ] {
        assert!(!body.contains(furniture), "body still has {furniture:?}");
    }
}
