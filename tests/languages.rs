//! Articles in many languages (`tests/fixtures/languages/`, one short article each in German,
//! French, Spanish, Italian, Portuguese, Dutch, Swedish, Russian, Greek, Japanese, Chinese,
//! Korean and English): each found by another form of its words, CJK words found inside longer
//! runs, highlights on the right characters, and the language as a field, facet and filter.

use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{file_name, fixture, index_cmd, lede, ndjson, Corpus};

/// The language fixtures indexed once for these tests.
fn world() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let c = Corpus::new();
        index_cmd(fixture("languages"), c.index())
            .assert()
            .success();
        c
    })
}

/// The files a query finds, and the highlighted text of the first hit's snippet.
fn found(query: &str) -> (Vec<String>, Vec<String>) {
    let json = world().search_json(&[query]);
    let hits = json["hits"].as_array().cloned().unwrap_or_default();
    let files = hits
        .iter()
        .map(|h| file_name(h["path"].as_str().unwrap_or("")))
        .collect();
    let marked = hits
        .first()
        .map(|h| {
            let chars: Vec<char> = h["snippet"].as_str().unwrap_or("").chars().collect();
            h["highlights"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| {
                    let (a, b) = (r[0].as_u64()? as usize, r[1].as_u64()? as usize);
                    Some(chars.get(a..b)?.iter().collect::<String>())
                })
                .collect()
        })
        .unwrap_or_default();
    (files, marked)
}

#[test]
fn another_form_of_a_word_finds_its_article_in_each_language() {
    // (query, the one file it finds, a word the snippet highlights) — the query is a form the
    // article does not use, and one English stemming would not join to it: the article's
    // language's stemmer does.
    let table: &[(&str, &str, &str)] = &[
        ("Haus", "de-hafen.md", "Häuser"),
        ("Fenstern", "de-hafen.md", "Fenster"),
        ("restaurer", "fr-marche.html", "restaurée"),
        ("reparar", "es-puentes.json", "repararán"),
        ("ponte", "it-ponti.txt", "ponti"),
        ("começar", "pt-cidades.txt", "começaram"),
        ("gemeenten", "nl-fietsen.txt", "gemeente"),
        ("hamn", "sv-hamnarna.txt", "hamnarna"),
        ("мост", "ru-mosty.txt", "мостов"),
        ("πλοίο", "el-limani.txt", "πλοία"),
        ("ferry", "en-ferries.txt", "ferries"),
    ];
    for (query, file, word) in table {
        let (files, marked) = found(query);
        assert_eq!(files, vec![file.to_string()], "{query}");
        assert!(marked.iter().any(|m| m == word), "{query}: {marked:?}");
    }
}

#[test]
fn a_cjk_word_inside_a_longer_run_finds_its_article_and_is_highlighted() {
    // (query, file, highlighted) — none of these words stands alone in its article.
    let table: &[(&str, &str, &str)] = &[
        ("無線", "ja-musen.txt", "無線"),
        ("公衆無線", "ja-musen.txt", "公衆無線"),
        ("駅前広場", "ja-musen.txt", "駅前広場"),
        ("码头", "zh-gangkou.html", "码头"),
        ("다리", "ko-dari.txt", "다리"),
    ];
    for (query, file, word) in table {
        let (files, marked) = found(query);
        assert_eq!(files, vec![file.to_string()], "{query}");
        assert!(marked.iter().all(|m| m == word), "{query}: {marked:?}");
        assert!(!marked.is_empty(), "{query}: nothing highlighted");
    }
    // Characters of the run that are not next to each other are not the word.
    let apart = world().search(&["公無"]).output().expect("run");
    assert_eq!(apart.status.code(), Some(1), "no match");
}

#[test]
fn phrases_and_prefixes_work_in_other_languages() {
    assert_eq!(found("\"neuen Fenster\"").0, vec!["de-hafen.md"]);
    assert_eq!(found("Häus*").0, vec!["de-hafen.md"]);
    assert_eq!(found("boulangerie").0, vec!["fr-declared-en.html"]);
}

#[test]
fn the_language_is_read_from_the_text_when_the_page_declares_another() {
    let out = lede()
        .args(["parse", "--format", "ndjson"])
        .arg(fixture("languages/fr-declared-en.html"))
        .arg(fixture("languages/zh-gangkou.html"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let langs: Vec<Value> = ndjson(&out).iter().map(|a| a["lang"].clone()).collect();
    assert_eq!(langs, vec![Value::from("fr"), Value::from("zh")]);
}

#[test]
fn lang_is_a_facet_and_a_filter_in_every_format() {
    let c = world();
    let all = c.search_json(&["--facet", "lang", "--limit", "0", "-zzzz"]);
    let buckets = all["facets"][0]["buckets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let count = |code: &str| {
        buckets
            .iter()
            .find(|b| b["key"] == code)
            .and_then(|b| b["count"].as_u64())
    };
    assert_eq!(count("fr"), Some(2), "{buckets:?}");
    assert_eq!(count("de"), Some(1));
    assert_eq!(count("ja"), Some(1));
    assert_eq!(buckets.len(), 13, "{buckets:?}");

    // --lang keeps one language (any form of its code), repeatable.
    let fr = c.search_json(&["--lang", "FR", "--lang", "deu", "-zzzz"]);
    let mut langs: Vec<&str> = fr["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["lang"].as_str())
        .collect();
    langs.sort();
    assert_eq!(langs, vec!["de", "fr", "fr"]);

    let csv = c
        .search(&["--lang", "ja", "--format", "csv", "-zzzz"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8_lossy(&csv);
    let mut lines = csv.lines();
    assert!(
        lines.next().is_some_and(|h| h.ends_with(",lang,related")),
        "{csv}"
    );
    assert!(
        lines.next().is_some_and(|r| r.ends_with(",ja,false")),
        "{csv}"
    );

    let text = c
        .search(&["--lang", "ja", "-zzzz"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&text);
    let meta = text.lines().nth(1).unwrap_or("");
    assert!(meta.trim().split(" · ").any(|m| m == "ja"), "{text}");

    let nd = c
        .search(&[
            "--facet", "lang", "--format", "ndjson", "--lang", "ko", "-zzzz",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = ndjson(&nd);
    assert!(recs.iter().any(|r| r["type"] == "hit" && r["lang"] == "ko"));
    assert!(recs
        .iter()
        .any(|r| r["type"] == "facet" && r["facet"] == "lang"));
}

#[test]
fn a_lang_that_is_not_a_code_or_has_no_articles_says_what_to_give() {
    let out = world()
        .search(&["--lang", "German", "Haus"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ISO 639-1"), "{err}");

    // A code no article has: no matches, and the languages the index does have.
    let none = world()
        .search(&["--lang", "pl", "Haus"])
        .output()
        .expect("run");
    assert_eq!(none.status.code(), Some(1));
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        err.contains("no article is in pl") && err.contains("de, "),
        "{err}"
    );
}
