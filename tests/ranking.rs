//! How results are ordered, through the binary: a word in a title outranks the same word once
//! deep in a long body, and the words the best matches share lift the articles about the same
//! thing without adding any article the query does not match.

use crate::common::{hit_titles, Corpus};

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

#[test]
fn the_words_the_best_matches_share_reorder_but_never_add() {
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
    c.build();
    let v = c.search_json(&[
        "--any",
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
