//! The analyzer through `lede parse`: each format and each kind of page furniture, on fixtures
//! written for these tests.

use crate::common::{fixture, lede};
use serde_json::Value;

/// `lede parse --format ndjson --explain` on one file: one value per article.
fn parse(args: &[&str], file: &std::path::Path) -> Vec<Value> {
    let out = lede()
        .args(["parse", "--format", "ndjson", "--explain"])
        .args(args)
        .arg(file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    crate::common::ndjson(&out)
}

fn one(file: &str) -> Value {
    let mut v = parse(&[], &fixture(file));
    assert_eq!(v.len(), 1, "one article in {file}");
    v.remove(0)
}

fn reasons(v: &Value) -> Vec<String> {
    v["dropped"]
        .as_array()
        .expect("dropped")
        .iter()
        .map(|d| d["reason"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_kind_of_furniture_is_dropped_with_its_reason() {
    let v = one("furniture-zoo.txt");
    assert_eq!(v["title"], "Night trains return to the northern line");
    assert_eq!(v["author"], "Rosa Kettle");
    assert_eq!(v["date"], "2022-05-04T07:30:00Z");
    let body = v["body"].as_str().expect("body");
    assert_eq!(
        body,
        "HARWICK - Sleeper trains will run again between Harwick and the northern coast from \
         September, twelve years after the last service was cut.\n\n\
         The operator has bought eight second-hand sleeping cars and will run three nights a week \
         at first.\n\n\
         Fares start at 49 crowns for a seat and 120 for a berth."
    );
    let r = reasons(&v);
    for kind in [
        "reading-time line",
        "advertisement marker",
        "photo caption or credit",
        "cookie notice",
        "newsletter prompt",
        "teaser link to another article",
        "social or share prompt",
        "copyright line",
        "related-articles trailer",
    ] {
        assert!(r.iter().any(|x| x == kind), "no {kind:?} in {r:?}");
    }
}

/// The body of a parsed article, and a check that none of `furniture` is in it.
fn body_without<'a>(v: &'a Value, furniture: &[&str]) -> &'a str {
    let body = v["body"].as_str().expect("body");
    for f in furniture {
        assert!(!body.contains(f), "{f:?} left in the body:\n{body}");
    }
    body
}

#[test]
fn scraped_page_with_menu_masthead_and_section_label() {
    let v = one("scraped-masthead-menu.txt");
    // Skip link, menu, masthead and section label above the headline are not the title.
    assert_eq!(
        v["title"],
        "Canal warehouses to become 300 homes after council vote"
    );
    assert_eq!(v["title_rule"], "line 11 under labels above the headline");
    assert_eq!(
        v["summary"],
        "Developers promise a riverside walk and a new footbridge, but residents fear the loss \
         of the last working boatyard."
    );
    assert_eq!(v["author"], "Maria Okafor");
    // Published, not updated.
    assert_eq!(v["date"], "2022-03-14T09:32:00Z");
    assert_eq!(v["source"], "The Ashford Herald");
    let body = body_without(
        &v,
        &[
            "Listen to this article",
            "4 min",
            "Share on",
            "Advertisement",
            "Photo:",
            "newsletter",
            "Most Read",
            "Town centre car park",
            "Cookie settings",
            "Updated:",
        ],
    );
    assert!(body.starts_with("The derelict canal warehouses"), "{body}");
    assert!(body.ends_with("take about three years."), "{body}");
    let r = reasons(&v);
    for kind in [
        "site navigation",
        "label above the headline (site, section or kicker)",
    ] {
        assert!(r.iter().any(|x| x == kind), "no {kind:?} in {r:?}");
    }
}

#[test]
fn scraped_blog_post_with_breadcrumbs_share_buttons_and_comment_form() {
    let v = one("scraped-blog-post.txt");
    assert_eq!(
        v["title"],
        "Night buses return to valley routes after summer pause"
    );
    // "Posted on September 4, 2023 by Greta Lind"
    assert_eq!(v["author"], "Greta Lind");
    assert_eq!(v["date"], "2023-09-04T00:00:00Z");
    let body = body_without(
        &v,
        &[
            "Home ›",
            "min read",
            "Tags:",
            "Share this",
            "Facebook",
            "Like Loading",
            "Bus station roof",
            "Leave a Reply",
            "Post Comment",
        ],
    );
    assert!(body.ends_with("\"They had no way home.\""), "{body}");
}

#[test]
fn scraped_page_with_a_masthead_in_capitals_and_a_bare_byline() {
    let v = one("scraped-capitals-masthead.txt");
    assert_eq!(v["title"], "Drought forces river barges to sail half-empty");
    assert_eq!(
        v["summary"],
        "Low water on the Rhine has cut cargoes by up to two thirds, shippers say"
    );
    assert_eq!(v["author"], "Anna Berg");
    assert_eq!(v["date"], "2022-08-11T14:20:00+01:00");
    assert_eq!(v["source"], "The Meridian Times");
    body_without(
        &v,
        &[
            "Last modified",
            "Photograph:",
            "Explore more",
            "Drought\n",
            "Most viewed",
        ],
    );
}

#[test]
fn scraped_page_dated_above_its_masthead_names_its_copyright_holder() {
    let v = one("scraped-date-over-masthead.txt");
    assert_eq!(v["title"], "Local elections: turnout falls to a record low");
    assert_eq!(v["date"], "2022-06-07T00:00:00Z");
    assert_eq!(v["date_rule"], "date line above the title (line 1)");
    // "Copyright Eastbrook Echo 2022" at the foot of the page.
    assert_eq!(v["source"], "Eastbrook Echo");
    let body = body_without(
        &v,
        &["You might also like", "Council tax to rise", "Copyright"],
    );
    assert!(body.starts_with("Only 23 per cent"), "{body}");
}

#[test]
fn scraped_opinion_column_with_article_tools() {
    let v = one("scraped-opinion-column.txt");
    assert_eq!(
        v["title"],
        "Why the harbour needs a second lock, not a bigger one"
    );
    assert_eq!(v["author"], "Dr. Helen Marsh");
    assert_eq!(v["date"], "2021-06-03T06:00:00-04:00");
    let body = body_without(&v, &["Gift Article", "View 14 comments", "Opinion\n"]);
    assert!(body.starts_with("For thirty years"), "{body}");
    assert!(
        body.ends_with("former member of the harbour board."),
        "{body}"
    );
}

#[test]
fn scraped_wire_story_leaves_its_credits_out() {
    let v = one("scraped-wire-credits.txt");
    assert_eq!(v["title"], "Copper miners strike at Andean pit over pay");
    assert_eq!(v["author"], "Lucia Ferreira");
    assert_eq!(v["source"], "Reuters");
    let body = body_without(&v, &["3 MIN READ", "Editing by", "Our Standards"]);
    assert!(body.ends_with("in line with the industry\"."), "{body}");
    assert!(reasons(&v).iter().any(|r| r == "credits line"));
}

#[test]
fn scraped_page_with_image_source_lines_and_topic_trailers() {
    let v = one("scraped-image-source-lines.txt");
    assert_eq!(
        v["title"],
        "Ferry firm fined after passenger fell through gangway gap"
    );
    // "Published" and the date on the next line; the teaser's "Published 2 June 2021" is not it.
    assert_eq!(v["date"], "2023-03-14T00:00:00Z");
    let body = body_without(
        &v,
        &[
            "Image source",
            "Image caption",
            "Related Topics",
            "More on this story",
            "review ordered",
        ],
    );
    assert!(
        body.starts_with("A ferry operator has been fined"),
        "{body}"
    );
    assert!(body.ends_with("left at one end."), "{body}");
}

#[test]
fn scraped_page_whose_byline_names_a_wire() {
    let v = one("scraped-wire-byline.txt");
    assert_eq!(
        v["title"],
        "Harbour board approves second lock after 30-year row"
    );
    // "By REUTERS" names the wire, not a person.
    assert_eq!(v["author"], Value::Null);
    assert_eq!(v["source"], "Reuters");
    assert_eq!(v["date"], "2021-03-03T11:42:00Z");
    let body = body_without(
        &v,
        &[
            "photo credit",
            "Advertisement",
            "Click here",
            "newsletter",
            "Related Content",
            "Port strike",
        ],
    );
    assert!(
        body.starts_with("KELBY - The Kelby harbour board"),
        "{body}"
    );
}

#[test]
fn text_export_with_a_key_value_header() {
    let v = one("export-header.txt");
    assert_eq!(v["title"], "Night ferry timetable cut for the winter");
    assert_eq!(v["date"], "2022-10-28T00:00:00Z");
    assert_eq!(v["source"], "Sound Lines Bulletin");
    assert_eq!(v["author"], "Ines Moll");
    assert_eq!(v["url"], "https://bulletin.example/night-ferry-winter");
    let body = body_without(&v, &["Title:", "Source:", "Share this"]);
    assert!(body.starts_with("The last night ferry"), "{body}");
}

#[test]
fn html_with_json_ld_and_a_declared_legacy_charset() {
    let v = one("page-ld-cp1252.html");
    assert_eq!(v["format"], "html");
    assert_eq!(v["encoding"], "windows-1252");
    assert_eq!(v["title"], "Ice fair returns to the frozen lake");
    assert_eq!(v["date"], "2021-02-14T10:00:00+01:00");
    assert_eq!(v["source"], "Nordby Tidende");
    assert_eq!(v["author"], "Eli Strand");
    let body = v["body"].as_str().expect("body");
    assert!(
        body.starts_with("For the first time in nine winters"),
        "{body}"
    );
    assert!(body.contains("the café tent sold 3,000 waffles"), "{body}");
    assert!(!body.contains("Share on Facebook"));
    assert!(!body.contains("Forside"));
}

#[test]
fn html_metadata_survives_broken_json_ld_and_domain_names() {
    let v = one("page-broken-ld.html");
    // The JSON-LD has a raw newline in a string and a trailing comma: not JSON, but its date (an
    // offset written without a colon) is still read.
    assert_eq!(v["title"], "Tide gauge at Selby pier logs a record surge");
    assert_eq!(v["date"], "2023-11-03T22:15:00+01:00");
    assert_eq!(
        v["source"], "Selbyport",
        "a web address is reduced to the name"
    );
    assert_eq!(
        v["url"],
        "https://www.selbyport.co.uk/news/tide-gauge-record-surge-20231104"
    );
    assert!(v["body"]
        .as_str()
        .expect("body")
        .starts_with("The tide gauge on Selby pier"));
}

#[test]
fn html_dates_from_page_scripts_and_entities_in_titles() {
    let v = one("page-meta-scripts.html");
    assert_eq!(v["title"], "Rock & Pop at the \u{201c}Old Mill\u{201d}");
    assert_eq!(v["source"], "Wendholm Echo");
    // No meta tag, no JSON-LD, no <time>: the CMS's own data names the publication date, and it
    // is not the creation date next to it.
    assert_eq!(v["date"], "2022-03-02T06:22:28+01:00");
    assert_eq!(v["date_rule"], "publication date in a page script");
}

#[test]
fn html_title_leaves_out_a_kicker_the_json_ld_headline_folds_in() {
    let v = one("page-kicker.html");
    // JSON-LD says "Werft meldet Schaden: Fähre fällt bis Ostern aus"; the page shows the first
    // part as a kicker above the headline.
    assert_eq!(v["title"], "Fähre fällt bis Ostern aus");
    assert_eq!(v["source"], "Nordufer Bote");
    assert_eq!(v["date"], "2024-02-12T07:15:00+01:00");
}

#[test]
fn html_title_is_the_wording_the_page_address_spells_out() {
    let v = one("page-slug.html");
    // JSON-LD declares a search-engine headline; og:title, <title> and <h1> agree on another
    // wording, and the address (.../ferry-back-in-service-after-rudder-repair-a7f3e2c1) was
    // written from that one.
    assert_eq!(v["title"], "Ferry back in service after rudder repair");
    assert_eq!(
        v["title_rule"],
        "og:title (the wording the page's address spells out)"
    );
    assert_eq!(v["source"], "Fenwick Courier");
}

#[test]
fn html_json_ld_in_a_cdata_wrapper_with_stray_commas_is_read() {
    let v = one("page-cdata.html");
    // The publisher is named only in JSON-LD, wrapped in CDATA, with a raw line break in a
    // string and a comma before a closing brace.
    assert_eq!(v["source"], "Tarn Valley Gazette");
    assert_eq!(v["title"], "Night buses return to the valley routes");
    assert_eq!(v["date"], "2023-09-04T21:40:00+01:00");
}

#[test]
fn json_lines_with_common_keys_and_a_broken_line() {
    let v = parse(&[], &fixture("export.jsonl"));
    let titles: Vec<&str> = v
        .iter()
        .map(|a| a["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        vec![
            "Harbour crane toppled by gale",
            "Crane removal to take a week",
            "Berths reopen after crane cleared"
        ]
    );
    assert_eq!(v[0]["source"], "Quay Weekly");
    assert_eq!(v[0]["url"], "https://quay.example/crane");
    assert_eq!(v[0]["date"], "2021-03-09T06:00:00Z");
    assert_eq!(v[1]["source"], "quay.example");
    assert_eq!(v[2]["author"], "Ivo Dane");
    assert_eq!(v[2]["date"], "2021-03-21T10:00:00Z");
    // The broken line is not silent: --explain says so.
    assert!(reasons(&v[0]).iter().any(|r| r.contains("not valid JSON")));
}

#[test]
fn json_keys_can_be_named() {
    let v = parse(
        &[
            "--json-key",
            "title=heading",
            "--json-key",
            "body=copy.text",
            "--json-key",
            "date=when",
        ],
        &fixture("custom-keys.json"),
    );
    assert_eq!(v[0]["title"], "Tram line extension approved");
    assert_eq!(
        v[0]["body"],
        "The city approved a tram line to the airport on Monday."
    );
    assert_eq!(v[0]["date"], "2023-06-05T00:00:00Z");
    lede()
        .args(["parse", "--json-key", "colour=x"])
        .arg(fixture("custom-keys.json"))
        .assert()
        .code(2);
}

#[test]
fn markdown_front_matter_yaml_and_toml() {
    let corpus = crate::common::repo().join("sample-corpus/lindale-notes");
    let yaml = parse(&[], &corpus.join("2020-10-03-mushroom-season.md")).remove(0);
    assert_eq!(yaml["format"], "markdown");
    assert_eq!(
        yaml["title"],
        "A bumper mushroom season in the Lindale woods"
    );
    assert_eq!(yaml["date"], "2020-10-03T00:00:00Z");
    assert_eq!(yaml["author"], "Maren Holt");
    assert!(yaml["summary"]
        .as_str()
        .is_some_and(|s| s.starts_with("Wet weeks")));
    assert!(yaml["body"]
        .as_str()
        .is_some_and(|b| b.starts_with("The woods above")));
    let toml = parse(&[], &corpus.join("2021-04-18-river-cleanup.md")).remove(0);
    assert_eq!(
        toml["title"],
        "Volunteers pull two tonnes of rubbish from the river"
    );
    assert_eq!(toml["date"], "2021-04-18T14:00:00+02:00");
}

#[test]
fn mail_keeps_quotes_and_signature_out() {
    let v = one("reply.eml");
    assert_eq!(v["format"], "mail");
    assert_eq!(v["title"], "Re: Regatta crew list");
    assert_eq!(v["author"], "Nils Berg");
    assert_eq!(v["source"], "Lakeside Rowing Club");
    assert_eq!(v["date"], "2023-07-01T19:45:00+02:00");
    let body = v["body"].as_str().expect("body");
    assert!(body.ends_with("six on Saturday morning."), "{body}");
    assert!(!body.contains("Who is rowing"));
    assert!(!body.contains("Captain"));
}

#[test]
fn header_first_news_post_is_read_as_mail() {
    let v = one("news-post.txt");
    assert_eq!(v["format"], "mail");
    assert_eq!(v["title"], "Coastal station heard again after repairs");
    assert_eq!(v["source"], "rec.radio.shortwave");
    let body = v["body"].as_str().expect("body");
    assert!(body.contains("Reception was best after midnight."));
    assert!(!body.contains("Has anyone heard"));
}

#[test]
fn wire_dateline_names_the_source() {
    let v = one("wire-dateline.txt");
    assert_eq!(v["source"], "Meridian Wire");
    assert!(v["date"].is_null(), "no date in the file means null");
}

#[test]
fn utf16_and_binary_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut bytes = vec![0xff, 0xfe];
    for c in "Fjord bridge opens\n\nThe bridge over the fjord opened to traffic.\n".encode_utf16() {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    let p = dir.path().join("utf16.txt");
    std::fs::write(&p, bytes).expect("write");
    let v = parse(&[], &p).remove(0);
    assert_eq!(v["encoding"], "UTF-16LE");
    assert_eq!(v["title"], "Fjord bridge opens");
    let bin = dir.path().join("photo.jpg");
    std::fs::write(&bin, b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01").expect("write");
    lede()
        .arg("parse")
        .arg(&bin)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("binary file"));
}

/// The plain-text shapes in `fixtures/shapes/` (bylines with job titles and agencies, lone
/// header lines, topic lists, end marks, live blogs, op-eds with the writer's bio, newsletters,
/// text copied out of a PDF, Markdown with a closing pitch, ...) read as their table in
/// `expected.json` says: every field it names, how the body starts and ends, what it must hold
/// and what it must not. All files go through one `lede parse`; every miss is reported.
#[test]
fn plain_text_shapes_read_as_their_table_says() {
    let dir = fixture("shapes");
    let table: serde_json::Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("valid expected.json");
    assert!(table.len() >= 30, "{} shapes", table.len());
    let out = lede()
        .args(["parse", "--format", "ndjson"])
        .args(table.keys().map(|f| dir.join(f)))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let got: std::collections::HashMap<String, Value> = crate::common::ndjson(&out)
        .into_iter()
        .map(|v| {
            let name = std::path::Path::new(v["path"].as_str().unwrap_or(""))
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, v)
        })
        .collect();
    let mut misses = Vec::new();
    for (file, want) in &table {
        let Some(v) = got.get(file) else {
            misses.push(format!("{file}: no article"));
            continue;
        };
        let body = v["body"].as_str().unwrap_or("");
        for (key, w) in want.as_object().expect("an object per file") {
            let ok = match key.as_str() {
                "date" => v["date"]
                    .as_str()
                    .is_some_and(|d| d.starts_with(w.as_str().unwrap_or("?"))),
                "body_starts" => body.starts_with(w.as_str().unwrap_or("?")),
                "body_ends" => body.trim_end().ends_with(w.as_str().unwrap_or("?")),
                "body_has" => w
                    .as_array()
                    .into_iter()
                    .flatten()
                    .all(|s| body.contains(s.as_str().unwrap_or("?"))),
                "body_lacks" => w
                    .as_array()
                    .into_iter()
                    .flatten()
                    .all(|s| !body.contains(s.as_str().unwrap_or("?"))),
                field => &v[field] == w,
            };
            if !ok {
                let shown = match key.as_str() {
                    k if k.starts_with("body") => Value::String(body.to_string()),
                    k => v[k].clone(),
                };
                misses.push(format!("{file}: {key} should be {w}, got {shown}"));
            }
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn html_image_post_body_is_its_caption_not_the_side_column() {
    let v = one("page-image-post.html");
    // A blog's image post: a headline, a date header and one line of caption beside a side
    // column with far more text. Readability alone picks the side column.
    let body = v["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("Watercolour, done on the sea wall"),
        "body: {body}"
    );
    assert!(!body.contains("I paint the marsh"), "body: {body}");
    assert!(!body.contains("ask before you use them"), "body: {body}");
}
