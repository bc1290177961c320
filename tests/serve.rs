//! `lede serve` through HTTP: the API answers as `lede search` does and as the JSON Schema says,
//! errors are JSON with their status, the page escapes what articles hold, new commits are seen
//! without a restart, and the bounds hold. (The page in a real browser: `browser.rs`.)

use serde_json::Value;

use crate::common::{index_cmd, lede, repo, url_encode, validate, Corpus, Server};

/// The sample corpus indexed into a fresh folder.
fn sample() -> Corpus {
    let c = Corpus::new();
    index_cmd(repo().join("sample-corpus"), c.index())
        .assert()
        .success();
    c
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).expect("JSON")
}

/// The JSON without its timing (the one thing two runs of a search differ in).
fn untimed(mut v: Value) -> Value {
    v.as_object_mut().map(|o| o.remove("elapsed_ms"));
    v
}

#[test]
fn api_search_answers_what_lede_search_prints() {
    let c = sample();
    let server = Server::start(&c.index(), &[]);
    let (status, kind, body) =
        server.get("/api/search?q=tunnel&facet=source&facet=month&since=2019&limit=3");
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/json"), "{kind}");
    let api = json(&body);
    validate(&api);
    let out = lede()
        .arg("search")
        .arg("--index")
        .arg(c.index())
        .args([
            "tunnel", "--facet", "source", "--facet", "month", "--since", "2019",
        ])
        .args(["--limit", "3", "--format", "json"])
        .output()
        .expect("lede search");
    let cli: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(untimed(api), untimed(cli));

    // Repeated parameters are repeated flags; lang, sort, offset and fields as on the CLI.
    let (_, _, body) = server.get(
        "/api/search?q=harbour&source=gazette&source=courier&sort=newest&fields=title,source&limit=50",
    );
    let v = json(&body);
    let hits = v["hits"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty());
    for h in &hits {
        let keys: Vec<&str> = h
            .as_object()
            .expect("hit")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, vec!["title", "source"]);
        let s = h["source"].as_str().unwrap_or("");
        assert!(s.contains("Gazette") || s.contains("Courier"), "{s}");
    }
}

#[test]
fn articles_similar_stats_and_csv_answer_from_the_index() {
    let c = sample();
    let server = Server::start(&c.index(), &[]);
    let (_, _, body) = server.get("/api/search?q=tunnel&limit=1");
    let id = json(&body)["hits"][0]["id"]
        .as_str()
        .expect("a hit")
        .to_string();

    let (status, _, body) = server.get(&format!("/api/articles/{}", url_encode(&id)));
    assert_eq!(status, 200);
    let art = json(&body);
    assert_eq!(art["id"], id.as_str());
    assert!(art["body"].as_str().is_some_and(|b| b.contains("tunnel")));

    let (status, _, body) = server.get(&format!(
        "/api/articles/{}/similar?limit=2",
        url_encode(&id)
    ));
    assert_eq!(status, 200);
    let like = json(&body);
    validate(&like);
    assert!(like["hits"]
        .as_array()
        .is_some_and(|h| !h.is_empty() && h.len() <= 2));
    assert!(like["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|h| h["id"] != id.as_str()));

    let (status, _, body) = server.get("/api/stats");
    assert_eq!(status, 200);
    assert!(json(&body)["articles"].as_u64().is_some_and(|n| n > 20));

    let (status, kind, csv) = server.get("/search.csv?q=tunnel");
    assert_eq!((status, kind.starts_with("text/csv")), (200, true));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("rank,score,date,source,title,path,snippet,lang,related")
    );
    assert_eq!(
        lines.count(),
        json(&server.get("/api/search?q=tunnel").2)["hits"]
            .as_array()
            .map_or(0, Vec::len)
    );
    let disposition = server.header("/search.csv?q=tunnel", "content-disposition");
    assert!(disposition.is_some_and(|d| d.contains("attachment")));
}

#[test]
fn errors_are_json_with_the_status_and_lede_s_message() {
    let c = sample();
    let server = Server::start(&c.index(), &[]);
    // (request, status, words of the message)
    let table: &[(&str, u16, &str)] = &[
        ("/api/search?q=%28oil", 400, "is never closed"),
        (
            "/api/search?q=oil&limit=100000",
            400,
            "limit may be at most",
        ),
        ("/api/search?q=oil&since=2020&until=2019", 400, "2020"),
        ("/api/search?q=oil&facet=colour", 400, "facet must be"),
        ("/api/search?q=oil&lang=Klingon", 400, "ISO 639-1"),
        ("/api/search?q=oil&fields=colour", 400, "no field"),
        ("/api/articles/%2Fno%2Fsuch%2Ffile.txt", 404, "no article"),
        ("/etc/passwd", 404, "no such page"),
        ("/static/../../etc/passwd", 404, "no such page"),
    ];
    for (path, want, words) in table {
        let (status, kind, body) = server.get(path);
        assert_eq!(status, *want, "{path}: {body}");
        assert!(kind.starts_with("application/json"), "{path}: {kind}");
        let v = json(&body);
        assert_eq!(v["status"].as_u64(), Some(u64::from(*want)));
        assert!(
            v["error"].as_str().is_some_and(|e| e.contains(words)),
            "{path}: {body}"
        );
    }
    let long = format!("/api/search?q={}", "a".repeat(20_000));
    assert_eq!(server.get(&long).0, 414);
}

#[test]
fn a_search_past_the_time_limit_is_answered_503_and_the_server_stays_up() {
    let c = sample();
    // A microsecond: no search is that fast, so every one runs out of time.
    let server = Server::start(&c.index(), &["--time-limit", "0.000001"]);
    let (status, _, body) = server.get("/api/search?q=tunnel");
    assert_eq!(status, 503, "{body}");
    assert!(json(&body)["error"]
        .as_str()
        .is_some_and(|e| e.contains("narrow it")));
    // Pages that need no search still answer.
    assert_eq!(server.get("/static/style.css").0, 200);
    let bad = lede()
        .args(["serve", "--time-limit", "0", "--index"])
        .arg(c.index())
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_missing_index_or_a_busy_port_is_an_error_that_says_what_to_do() {
    let missing = lede()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--index",
            "/nonexistent/lede-index",
        ])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("lede index FOLDER"));
    let c = sample();
    let first = Server::start(&c.index(), &[]);
    let port = first.base.rsplit(':').next().unwrap_or("").to_string();
    let busy = lede()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--index"])
        .arg(c.index())
        .output()
        .expect("run");
    assert_eq!(busy.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&busy.stderr).contains("pick another with --bind"));
}

#[test]
fn cors_is_off_unless_an_origin_is_named() {
    let c = sample();
    let closed = Server::start(&c.index(), &[]);
    assert_eq!(
        closed.header("/api/stats", "access-control-allow-origin"),
        None
    );
    drop(closed);
    let open = Server::start(&c.index(), &["--cors", "https://tools.example.org"]);
    assert_eq!(
        open.header("/api/stats", "access-control-allow-origin")
            .as_deref(),
        Some("https://tools.example.org")
    );
    let bad = lede()
        .args(["serve", "--index"])
        .arg(c.index())
        .args(["--cors", "*"])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn articles_indexed_while_it_runs_are_found_without_a_restart() {
    let c = Corpus::new();
    c.write(
        "a.txt",
        "Pier repairs begin\n\nThe pier will close for repairs in May.\n",
    );
    c.build();
    let server = Server::start(&c.index(), &[]);
    let total = |q: &str| json(&server.get(&format!("/api/search?q={q}")).2)["total"].as_u64();
    assert_eq!(total("lighthouse"), Some(0));
    c.write(
        "b.txt",
        "Lighthouse keeper retires\n\nThe lighthouse keeper retired on Friday.\n",
    );
    c.build();
    assert_eq!(total("lighthouse"), Some(1));
}

/// Articles whose every field tries to break out of the page.
pub fn write_hostile(c: &Corpus) {
    c.write(
        "hostile.md",
        "---\ntitle: \"<script>window.__pwned = 1</script> Harbour plans\"\n\
         source: \"<img src=x onerror=window.__pwned=2>\"\nauthor: \"\\\"><svg onload=window.__pwned=3>\"\n\
         date: 2021-04-02\n---\n\
         The harbour plans <b>changed</b> again: \"><script>window.__pwned=4</script> and \
         ' onmouseover='window.__pwned=5' and </textarea><iframe src=javascript:window.__pwned=6>.\n",
    );
    c.write(
        "calm.txt",
        "Harbour plans approved\n\nThe council approved the harbour plans on Tuesday.\n",
    );
}

#[test]
fn the_page_escapes_every_text_an_article_or_a_query_holds() {
    let c = Corpus::new();
    write_hostile(&c);
    c.build();
    let server = Server::start(&c.index(), &[]);
    let q = url_encode("harbour \"><script>window.__pwned=7</script>");
    for path in [
        format!("/?q={q}&any=1&plain=1"),
        // An unclosed quote: the error page repeats the query.
        format!("/?q={q}"),
        "/?q=harbour".to_string(),
        format!(
            "/article?id={}",
            url_encode(&c.docs().join("hostile.md").to_string_lossy())
        ),
        format!(
            "/?q=harbour&source={}",
            url_encode("<img src=x onerror=window.__pwned=2>")
        ),
    ] {
        let (status, kind, page) = server.get(&path);
        assert!(kind.starts_with("text/html"), "{kind}");
        if status == 200 {
            assert!(
                page.contains("Harbour plans"),
                "{path}: the article is on the page"
            );
        } else {
            assert_eq!(status, 400, "{path}");
            assert!(
                page.contains("never closed") && page.contains("&lt;script&gt;"),
                "{page}"
            );
        }
        for raw in [
            "<script>window",
            "<img src=x",
            "<svg onload",
            "<iframe",
            "<b>changed",
        ] {
            assert!(
                !page.contains(raw),
                "{path}: {raw} reached the page unescaped"
            );
        }
        // Only lede's own script tag.
        assert_eq!(page.matches("<script").count(), 1, "{path}");
    }
}

#[test]
fn another_address_than_this_machine_is_served_with_a_warning() {
    let c = sample();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["serve", "--bind", "0.0.0.0:0", "--index"])
        .arg(c.index())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start");
    let mut stderr = child.stderr.take().expect("stderr");
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !seen.contains("serving") && std::time::Instant::now() < deadline {
        use std::io::Read;
        match stderr.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.contains("anyone who can reach this address"), "{seen}");
}
