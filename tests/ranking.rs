//! How results are ordered, through the binary: a word in a title outranks the same word once
//! deep in a long body, the words the best matches share lift the articles about the same
//! thing, and add articles the query does not match only after every match, marked related.

use crate::common::{hit_titles, ndjson, validate, Corpus};

/// Plain text articles: the first line is the title.
fn article(c: &Corpus, name: &str, title: &str, body: &str) {
    c.write(&format!("{name}.txt"), format!("{title}\n\n{body}\n"));
}

const FILLER: &str = "The parish council met on Tuesday evening and went through the budget \
    line by line, from the library roof to the bus shelters, before the chair closed the meeting. ";

#[test]
fn words_in_a_title_outrank_one_mention_deep_in_a_long_body() {
    let c = Corpus::new();
    article(
        &c,
        "a",
        "Council budget approved",
        &format!(
            "{}The old dredging contract was mentioned once.",
            FILLER.repeat(12)
        ),
    );
    article(
        &c,
        "b",
        "Harbour dredging resumes",
        "Work restarted on Monday with two barges working through the night.",
    );
    article(&c, "c", "Bus shelters repainted", &FILLER.repeat(2));
    c.build();
    for args in [
        &["dredging"][..],
        &["harbour", "dredging"],
        &["--any", "dredging", "contract", "harbour"],
    ] {
        let v = c.search_json(args);
        assert_eq!(
            hit_titles(&v).first().map(String::as_str),
            Some("Harbour dredging resumes"),
            "{args:?}: {:?}",
            hit_titles(&v)
        );
    }
}

/// Three articles about tidal turbines, two that mention one of their words once, one about
/// the same thing without the query's words, and one about nothing of it.
fn turbine_corpus() -> Corpus {
    let c = Corpus::new();
    // Three articles plainly about tidal turbines share words the query does not have.
    for (i, extra) in ["near the pier", "off the point", "by the old mill"]
        .iter()
        .enumerate()
    {
        article(
            &c,
            &format!("turbine{i}"),
            &format!("Tidal turbine installation {extra}"),
            "The tidal turbine installation in the estuary will deliver two megawatts; its \
             blades turn with the ebb and the flood, and the estuary trust watched the \
             megawatt cable come ashore.",
        );
    }
    // Each of these mentions one query word once. The first is about the same thing (estuary,
    // blades, megawatt) in a slightly longer text, so the query alone ranks it second.
    article(
        &c,
        "related",
        "Notes from the shore",
        "An installation of estuary monitors beside the blades and the megawatt cable went in \
         quietly last week, watched by the trust and two walkers.",
    );
    article(
        &c,
        "unrelated",
        "Notes from the fete",
        "An installation of bunting above the cake stall went up early on Saturday, watched \
         by the vicar and two children.",
    );
    // About the same thing, but with none of the query's words: never a match.
    article(
        &c,
        "no-query-word",
        "Estuary trust report",
        "The estuary trust counted megawatt cables and blades along the shore this year.",
    );
    // Neither a match nor about the same thing.
    article(
        &c,
        "elsewhere",
        "Bake sale raises funds",
        "Lemon cake and scones sold out before noon at the school hall.",
    );
    c.build();
    c
}

#[test]
fn the_words_the_best_matches_share_reorder_but_never_add_with_no_related() {
    let c = turbine_corpus();
    let v = c.search_json(&[
        "--any",
        "--no-related",
        "--plain",
        "tidal turbine installation",
        "--limit",
        "10",
    ]);
    let titles = hit_titles(&v);
    assert_eq!(v["total"], 5, "{titles:?}");
    assert!(
        !titles.iter().any(|t| t == "Estuary trust report"),
        "{titles:?}"
    );
    let at = |t: &str| titles.iter().position(|x| x == t).expect("a hit");
    assert!(
        at("Notes from the shore") < at("Notes from the fete"),
        "{titles:?}"
    );
    assert!(
        titles[..3].iter().all(|t| t.starts_with("Tidal turbine")),
        "{titles:?}"
    );
    // --explain accounts for the whole score, the shared words' part named.
    let v = c.search_json(&[
        "--any",
        "--plain",
        "--explain",
        "tidal turbine installation",
    ]);
    let hit = &v["hits"][at("Notes from the shore")];
    let e = &hit["explanation"];
    let close = |a: &serde_json::Value, b: f64| (a.as_f64().expect("number") - b).abs() < 1e-4;
    assert!(
        close(&e["value"], hit["score"].as_f64().expect("score")),
        "{e}"
    );
    let parts = e["details"].as_array().expect("details");
    assert!(parts.iter().any(|p| p["description"]
        .as_str()
        .is_some_and(|d| d.contains("feedback"))));
    let sum: f64 = parts
        .iter()
        .map(|p| p["value"].as_f64().expect("value"))
        .sum();
    assert!(close(&e["value"], sum), "{e}");
}

#[test]
fn related_articles_follow_every_match_of_a_short_any_word_page_marked_as_such() {
    let c = turbine_corpus();
    let q = ["--any", "--plain", "tidal turbine installation"];
    let v = c.search_json(&q);
    validate(&v);
    let titles = hit_titles(&v);
    let hits = v["hits"].as_array().expect("hits");
    // The five matches first, counted in total; then the article about the same thing.
    assert_eq!(v["total"], 5, "{titles:?}");
    assert!(
        hits[..5].iter().all(|h| h["related"] == false),
        "{titles:?}"
    );
    assert_eq!(
        titles.get(5).map(String::as_str),
        Some("Estuary trust report")
    );
    assert_eq!(hits[5]["related"], true);
    assert_eq!(hits[5]["rank"], 6);
    // An article that shares nothing with the matches is not related to them.
    assert!(
        !titles.iter().any(|t| t == "Bake sale raises funds"),
        "{titles:?}"
    );

    // People see where the matches end.
    let out = c.search_stdout(&q);
    let text = String::from_utf8_lossy(&out);
    let (matches, related) = text.split_once("related:").expect("a related heading");
    assert!(matches.contains("Notes from the fete"), "{text}");
    assert!(related.contains("Estuary trust report"), "{text}");
    assert!(text.contains("1-5 of 5 matches, then 1 related"), "{text}");

    // NDJSON marks it too; the summary still counts matches.
    let out = c.search_stdout(&[&q[..], &["--format", "ndjson"]].concat());
    let lines = ndjson(&out);
    assert_eq!(lines.iter().filter(|l| l["related"] == true).count(), 1);
    assert_eq!(lines.last().expect("summary")["total"], 5);

    // CSV marks the row too.
    let out = c.search_stdout(&[&q[..], &["--format", "csv"]].concat());
    let csv = String::from_utf8_lossy(&out);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].ends_with(",related"), "{csv}");
    assert_eq!(rows.len(), 7, "a header, five matches, one related: {csv}");
    assert!(rows[1..6].iter().all(|r| r.ends_with(",false")), "{csv}");
    assert!(
        rows[6].ends_with(",true") && rows[6].contains("Estuary trust report"),
        "{csv}"
    );

    // Paths are for other tools: only the files that match.
    let out = c.search_stdout(&[&q[..], &["--format", "paths"]].concat());
    let paths = String::from_utf8_lossy(&out);
    assert_eq!(paths.lines().count(), 5, "{paths}");
    assert!(!paths.contains("no-query-word"), "{paths}");

    // A page the matches fill, all-words queries and --limit 0 have none.
    for extra in [&["--limit", "5"][..], &["--limit", "0"]] {
        let v = c.search_json(&[&q[..], extra].concat());
        assert!(
            v["hits"]
                .as_array()
                .expect("hits")
                .iter()
                .all(|h| h["related"] == false),
            "{extra:?}"
        );
    }
    let v = c.search_json(&["--plain", "tidal turbine installation"]);
    assert!(!hit_titles(&v).iter().any(|t| t == "Estuary trust report"));

    // A page past the last match holds only related articles, ranked on after the matches.
    let v = c.search_json(&[&q[..], &["--offset", "5", "--limit", "3"]].concat());
    assert_eq!(hit_titles(&v), ["Estuary trust report"]);
    assert_eq!(v["hits"][0]["rank"], 6);
}
