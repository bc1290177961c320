//! The search page in headless Chromium (Debian's `chromium` and `chromium-driver`): search,
//! click a facet, drag across the chart, open an article, go back; no script an article holds
//! runs. Screenshots go to `target/screenshots/`. Without the browser these tests fail, saying
//! what to install: they never pass without having run.

use crate::common::webdriver::Browser;
use crate::common::{index_cmd, repo, url_encode, Corpus, Server};
use crate::serve::write_hostile;

/// The sample corpus and the hostile articles, indexed.
fn archive() -> Corpus {
    let c = Corpus::new();
    write_hostile(&c);
    c.build();
    index_cmd(repo().join("sample-corpus"), c.index())
        .assert()
        .success();
    c
}

#[test]
fn search_facet_chart_article_and_back_in_a_browser() {
    let c = archive();
    let server = Server::start(&c.index(), &[]);
    let b = Browser::start(1280, 1000);

    // Search.
    b.go(&format!("{}/", server.base));
    b.find("#q");
    b.eval("document.getElementById('q').value = 'harbour'; document.querySelector('form.search').submit();");
    let results = b.wait_url(|u| u.contains("q=harbour"));
    let hits = b.all("li.hit");
    assert!(hits.len() >= 3, "{} hits", hits.len());
    assert!(!b.all("li.hit mark").is_empty(), "matched words are marked");
    b.screenshot("search");

    // A source facet narrows the hits to that source.
    let facet = b.find("aside section.facet a");
    let source = b.text(&facet);
    b.click(&facet);
    let narrowed = b.wait_url(|u| u.contains("source="));
    for s in b.all("li.hit .source") {
        assert_eq!(b.text(&s), source, "{narrowed}");
    }
    b.screenshot("facet");

    // A drag across the chart narrows the dates to those months.
    b.go(&format!("{}/?q=-zzzzqq", server.base));
    let bars = b.all("figure.chart a.bar");
    assert!(bars.len() > 12, "{} months", bars.len());
    b.drag(&bars[2], &bars[10]);
    let dated = b.wait_url(|u| u.contains("since=") && u.contains("until="));
    let month = |key: &str| {
        dated
            .split(&format!("{key}="))
            .nth(1)
            .and_then(|r| r.split('&').next())
            .unwrap_or("")
            .to_string()
    };
    let (since, until) = (month("since"), month("until"));
    assert!(
        since.len() == 7 && until.len() == 7 && since < until,
        "{dated}"
    );
    for t in b.all("li.hit time") {
        let d = b.text(&t);
        assert!(
            d[..7] >= *since && d[..7] <= *until,
            "{d} outside {since}..{until}"
        );
    }
    b.screenshot("chart");

    // Open an article, then go back to the same results.
    b.go(&results);
    let first = b.find("li.hit h3 a");
    let title = b.text(&first);
    b.click(&first);
    b.wait_url(|u| u.contains("/article?"));
    assert_eq!(b.text(&b.find("main.article h1")), title);
    assert!(
        !b.all("dl.fields code").is_empty(),
        "the original file's path is shown"
    );
    b.screenshot("article");
    b.back();
    assert_eq!(b.wait_url(|u| u.contains("q=harbour")), results);
}

#[test]
fn no_script_an_article_or_a_query_holds_runs_in_the_page() {
    let c = archive();
    let server = Server::start(&c.index(), &[]);
    let b = Browser::start(1280, 1000);
    let hostile = c.docs().join("hostile.md");
    let q = url_encode("harbour \"><script>window.__pwned=7</script>");
    for path in [
        format!("/?q={q}&plain=1&any=1"),
        format!("/?q={q}"),
        "/?q=harbour".to_string(),
        format!("/article?id={}", url_encode(&hostile.to_string_lossy())),
    ] {
        b.go(&format!("{}{path}", server.base));
        b.find("body");
        // Hover and click over every hit, where an injected handler would sit.
        let ran = b.eval(
            "document.querySelectorAll('li.hit, main.article p, dd').forEach(function (e) { \
               e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); }); \
             return window.__pwned === undefined ? null : window.__pwned;",
        );
        assert!(ran.is_null(), "{path}: an injected script ran ({ran})");
    }
    let shown = b.text(&b.find("main.article h1"));
    assert!(
        shown.contains("<script>"),
        "the title is shown as text: {shown}"
    );
    b.screenshot("hostile-article");
}

#[test]
fn the_page_fits_a_phone() {
    let c = archive();
    let server = Server::start(&c.index(), &[]);
    let b = Browser::start(390, 844);
    b.go(&format!("{}/?q=harbour", server.base));
    b.find("li.hit");
    let wide = b.eval("return document.documentElement.scrollWidth > window.innerWidth + 1;");
    assert_eq!(
        wide,
        serde_json::Value::Bool(false),
        "the page scrolls sideways on a phone"
    );
    b.screenshot("phone");
}
