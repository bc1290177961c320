//! `lede export` through the binary: every format's files checked against the shapes their
//! engines document, a query's selection, and a round trip (an NDJSON export indexed again finds
//! the same articles).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{index_cmd, lede, ndjson, repo, Corpus};

/// The sample corpus indexed once for these tests.
fn sample() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let c = Corpus::new();
        index_cmd(repo().join("sample-corpus"), c.index())
            .assert()
            .success();
        c
    })
}

fn export(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = lede()
        .arg("export")
        .arg("--index")
        .arg(sample().index())
        .args(args)
        .output()
        .expect("run lede export");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FIELDS: [&str; 13] = [
    "id", "path", "title", "date", "source", "author", "url", "summary", "lang", "words", "copy",
    "copies", "body",
];

fn is_rfc3339(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

#[test]
fn ndjson_is_every_article_as_a_flat_record() {
    let (code, out, _) = export(&[]);
    assert_eq!(code, 0);
    let recs = ndjson(&out);
    let stats = lede()
        .args(["stats", "--format", "json", "--index"])
        .arg(sample().index())
        .output()
        .expect("stats");
    let stats: Value = serde_json::from_slice(&stats.stdout).expect("json");
    assert_eq!(
        Some(recs.len() as u64),
        stats["articles"].as_u64(),
        "copies included"
    );
    for r in &recs {
        let keys: Vec<&str> = r
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, FIELDS, "stable field names in order");
        if let Some(d) = r["date"].as_str() {
            assert!(is_rfc3339(d), "{d}");
        }
        assert!(r["body"].as_str().is_some_and(|b| !b.is_empty()));
    }
    assert!(
        recs.iter().any(|r| r["copy"] == true),
        "the sample corpus holds copies"
    );
}

#[test]
fn a_query_and_filters_select_what_is_exported() {
    let (code, out, _) = export(&["ferry", "--since", "2019", "--format", "ndjson"]);
    assert_eq!(code, 0);
    let recs = ndjson(&out);
    assert!(!recs.is_empty());
    for r in &recs {
        let text = format!("{} {}", r["title"], r["body"]).to_lowercase();
        assert!(text.contains("ferr"), "{text}");
        assert!(
            r["date"].as_str().is_some_and(|d| d >= "2019"),
            "{}",
            r["date"]
        );
    }
    let (all, _, _) = export(&["--format", "ndjson"]);
    assert_eq!(all, 0);
    let (code, out, _) = export(&["nosuchwordanywhere"]);
    assert_eq!((code, out.len()), (1, 0));
}

#[test]
fn csv_has_a_header_and_a_row_an_article() {
    let (code, out, _) = export(&["--format", "csv"]);
    assert_eq!(code, 0);
    let mut r = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, FIELDS);
    let rows = r.records().filter(|x| x.is_ok()).count();
    let (_, nd, _) = export(&[]);
    assert_eq!(rows, ndjson(&nd).len());
}

#[test]
fn quickwit_export_is_a_config_documents_and_commands() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("qw");
    let (code, _, err) = export(&[
        "--format",
        "quickwit",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    let config: Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(out.join("index-config.yaml")).expect("config"),
    )
    .expect("YAML");
    assert_eq!(config["version"], "0.7");
    assert_eq!(config["index_id"], "lede");
    let dm = &config["doc_mapping"];
    assert_eq!(dm["timestamp_field"], "date");
    let field = |name: &str| -> Value {
        dm["field_mappings"]
            .as_array()
            .expect("field_mappings")
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no mapping for {name}"))
    };
    for prose in ["title", "summary", "body", "author"] {
        assert_eq!(field(prose)["type"], "text");
        assert_eq!(
            field(prose)["record"],
            "position",
            "{prose} keeps positions for phrases"
        );
    }
    assert_eq!(field("source")["tokenizer"], "raw");
    assert_eq!(field("source")["fast"], true);
    assert_eq!(field("date")["type"], "datetime");
    assert_eq!(field("date")["fast"], true);
    let defaults: Vec<&str> = config["search_settings"]["default_search_fields"]
        .as_array()
        .expect("defaults")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(defaults, ["title", "summary", "body", "author"]);
    let docs = ndjson(&std::fs::read(out.join("articles.ndjson")).expect("docs"));
    assert!(!docs.is_empty());
    for d in &docs {
        let o = d.as_object().expect("object");
        assert!(o.values().all(|v| !v.is_null()), "no nulls: {d}");
        for (k, _) in o {
            assert!(field(k)["name"] == k.as_str(), "{k} is mapped");
        }
        if let Some(date) = d.get("date") {
            assert!(date.as_str().is_some_and(is_rfc3339), "{date}");
        }
    }
    let readme = std::fs::read_to_string(out.join("README.md")).expect("readme");
    assert!(readme.contains("quickwit index create --index-config index-config.yaml"));
    assert!(readme.contains("What does not carry over"));
    // Without --out a folder format is refused with what to do.
    let (code, _, err) = export(&["--format", "quickwit"]);
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn opensearch_export_is_bulk_create_actions_with_stable_ids_and_a_mapping() {
    let dir = tempfile::tempdir().expect("tmp");
    let ids_of = |name: &str| -> Vec<String> {
        let out = dir.path().join(name);
        let (code, _, err) = export(&[
            "--format",
            "opensearch",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(code, 0, "{err}");
        let lines = ndjson(&std::fs::read(out.join("bulk-0001.ndjson")).expect("bulk"));
        assert_eq!(lines.len() % 2, 0, "action, document, action, document ...");
        let mut ids = Vec::new();
        for pair in lines.chunks(2) {
            let action = &pair[0]["create"];
            assert_eq!(action["_index"], "lede");
            let id = action["_id"].as_str().expect("_id").to_string();
            assert!(
                id.len() == 64 && id.chars().all(|c| c.is_ascii_hexdigit()),
                "{id}"
            );
            assert!(pair[1]["title"].is_string());
            ids.push(id);
        }
        let mapping: Value =
            serde_json::from_slice(&std::fs::read(out.join("mapping.json")).expect("mapping"))
                .expect("JSON");
        let props = &mapping["mappings"]["properties"];
        assert_eq!(props["body"]["type"], "text");
        assert_eq!(props["body"]["analyzer"], "english");
        assert_eq!(props["source"]["type"], "keyword");
        assert_eq!(props["date"]["type"], "date");
        for d in lines.iter().skip(1).step_by(2) {
            for k in d.as_object().expect("doc").keys() {
                assert!(props.get(k).is_some(), "{k} is in the mapping");
            }
        }
        let readme = std::fs::read_to_string(out.join("README.md")).expect("readme");
        assert!(readme.contains("curl -XPOST 'http://localhost:9200/_bulk'"));
        ids
    };
    let first = ids_of("a");
    let second = ids_of("b");
    assert_eq!(first, second, "ids are stable from one export to the next");
    let unique: BTreeSet<&String> = first.iter().collect();
    assert_eq!(unique.len(), first.len());
}

#[test]
fn an_ndjson_export_indexed_again_finds_the_same_articles() {
    let (code, out, _) = export(&[]);
    assert_eq!(code, 0);
    let again = Corpus::new();
    again.write("export/archive.jsonl", &out);
    again.build();
    let titles = |index: &std::path::Path, q: &str| -> BTreeSet<String> {
        let out = lede()
            .args(["search", "--format", "json", "--limit", "0", "--index"])
            .arg(index)
            .arg(q)
            .output()
            .expect("search");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        crate::common::hit_titles(&v).into_iter().collect()
    };
    for q in [
        "ferry",
        "tunnel",
        "\"wind farm\"",
        "harbour",
        "bank rates",
        "govern*",
    ] {
        let a = titles(&sample().index(), q);
        assert!(!a.is_empty(), "{q} finds something in the sample corpus");
        assert_eq!(a, titles(&again.index(), q), "{q}");
    }
}
