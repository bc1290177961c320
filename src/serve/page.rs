//! The search page and the article page, as HTML the server writes whole: every link and form
//! works without JavaScript, and the URL holds the whole search (shareable; the back button
//! works). Every text from an article or a query goes through maud, which escapes it: no page
//! can carry markup from an article.

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::params::Params;
use super::{bounded, chart, Shared};
use crate::search::{self, Facet, FacetCounts, Hit, Results, StoredArticle};

const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/style.css");
/// Hits on one page of results.
const PAGE_HITS: usize = 20;

/// `GET /static/app.js`.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// `GET /static/style.css`.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " · lede" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body { (body) }
        }
    }
}

fn html_page(status: StatusCode, title: &str, body: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        layout(title, body).into_string(),
    )
        .into_response()
}

/// The search form, filled in from the current search.
fn search_form(p: &Params) -> Markup {
    html! {
        form.search action="/" method="get" role="search" {
            a.home href="/" { "lede" }
            input #q type="search" name="q" value=(p.get("q").unwrap_or(""))
                placeholder="Search the archive" aria-label="Search words" autofocus;
            button type="submit" { "Search" }
            details.more open[p.get("since").is_some() || p.get("until").is_some()] {
                summary { "Dates, source and order" }
                label { "From " input type="text" name="since" value=(p.get("since").unwrap_or(""))
                    placeholder="2019, 2019-06, 30d" size="10"; }
                label { "to " input type="text" name="until" value=(p.get("until").unwrap_or(""))
                    placeholder="2020-12" size="10"; }
                label { "Source " input type="text" name="source" value=""
                    placeholder="a word of its name" size="14"; }
                label { "Order "
                    select name="sort" {
                        @for (v, shown) in [("relevance", "best match"), ("newest", "newest"), ("oldest", "oldest")] {
                            option value=(v) selected[p.get("sort").unwrap_or("relevance") == v] { (shown) }
                        }
                    }
                }
            }
            @for s in p.all("source") { input type="hidden" name="source" value=(s); }
            @for l in p.all("lang") { input type="hidden" name="lang" value=(l); }
            @if let Some(path) = p.get("path") { input type="hidden" name="path" value=(path); }
        }
    }
}

fn link(p: &Params) -> String {
    format!("/?{}", p.encode())
}

/// `GET /`: the search box, and the results of the search the URL holds.
pub async fn search_page(State(state): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let searching = ["q", "since", "until", "source", "lang", "path"]
        .iter()
        .any(|k| p.get(k).is_some());
    if !searching {
        return home(&state, &p).await;
    }
    let mut opts = match p.search_options(PAGE_HITS) {
        Ok(o) => o,
        Err(e) => return error_page(&p, StatusCode::BAD_REQUEST, &e),
    };
    opts.facets = vec![Facet::Source, Facet::Lang, Facet::Month];
    match bounded(&state, move |idx, s| search::search_in(idx, s, &opts)).await {
        Ok(results) => html_page(
            StatusCode::OK,
            p.get("q").unwrap_or("search"),
            results_body(&p, &results),
        ),
        Err(f) => error_page(&p, f.status, &f.message),
    }
}

fn error_page(p: &Params, status: StatusCode, message: &str) -> Response {
    html_page(
        status,
        "error",
        html! {
            header { (search_form(p)) }
            main { p.error role="alert" { (message) } }
        },
    )
}

async fn home(state: &Shared, p: &Params) -> Response {
    let stats = bounded(state, search::stats_in).await.ok();
    html_page(
        StatusCode::OK,
        "search",
        html! {
            header { (search_form(p)) }
            main.home {
                @if let Some(s) = stats {
                    p { (s.articles) " articles" @if let (Some(a), Some(b)) = (&s.oldest, &s.newest) {
                        ", " (a.get(..10).unwrap_or(a)) " to " (b.get(..10).unwrap_or(b)) } "." }
                    @if !s.sources.is_empty() {
                        h2 { "Sources" }
                        ul.facet {
                            @for b in s.sources.iter().take(12) {
                                @if let Some(k) = &b.key {
                                    li { a href=(link(&Params::default().adding("source", k))) { (k) } " " span.count { (b.count) } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The snippet with its matched words in `<mark>`.
fn snippet(hit: &Hit) -> Markup {
    let chars: Vec<char> = hit.snippet.chars().collect();
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut at = 0;
    for &[a, b] in &hit.highlights {
        let (a, b) = (a.min(chars.len()), b.min(chars.len()));
        if a < at || a >= b {
            continue;
        }
        parts.push((false, chars[at..a].iter().collect()));
        parts.push((true, chars[a..b].iter().collect()));
        at = b;
    }
    parts.push((false, chars[at..].iter().collect()));
    html! { @for (marked, text) in parts { @if marked { mark { (text) } } @else { (text) } } }
}

fn hit_item(hit: &Hit) -> Markup {
    let article = format!(
        "/article?{}",
        Params(vec![("id".into(), hit.id.clone())]).encode()
    );
    html! {
        li.hit {
            h3 { a href=(article) { @if hit.title.is_empty() { "(untitled)" } @else { (hit.title) } } }
            p.meta {
                @if let Some(s) = &hit.source { span.source { (s) } }
                @if let Some(d) = &hit.date { time datetime=(d) { (d.get(..10).unwrap_or(d)) } }
                @if let Some(l) = &hit.lang { span.lang { (l) } }
                @if hit.related { span.related title="Shares what the best matches are about, but none of the words" { "related" } }
            }
            @if !hit.snippet.is_empty() { p.snippet { (snippet(hit)) } }
            @for c in &hit.copies { p.copy { "also saved as " code { (c) } } }
        }
    }
}

fn facet_list(p: &Params, f: &FacetCounts, key: &str, title: &str) -> Markup {
    let chosen = p.all(key);
    html! {
        @if f.buckets.iter().any(|b| b.key.is_some()) {
            section.facet {
                h2 { (title) }
                ul {
                    @for b in f.buckets.iter().filter(|b| b.key.is_some()).take(12) {
                        @let k = b.key.as_deref().unwrap_or("");
                        @let on = chosen.iter().any(|c| c == k);
                        li {
                            @if on { a.on href=(link(&p.removing(key, k))) aria-current="true" { (k) " ×" } }
                            @else { a href=(link(&p.adding(key, k))) { (k) } }
                            " " span.count { (b.count) }
                        }
                    }
                }
            }
        }
    }
}

fn results_body(p: &Params, r: &Results) -> Markup {
    let facet = |f: Facet| r.facets.iter().find(|c| c.facet == f);
    let offset = r.offset;
    let shown_to = offset + r.hits.len();
    html! {
        header { (search_form(p)) }
        main.results {
            aside.filters {
                @if let Some(f) = facet(Facet::Source) { (facet_list(p, f, "source", "Sources")) }
                @if let Some(f) = facet(Facet::Lang) { (facet_list(p, f, "lang", "Languages")) }
                @if p.get("since").is_some() || p.get("until").is_some() {
                    p { a.on href=(link(&p.with("since", None).with("until", None))) { "any date ×" } }
                }
            }
            section.list {
                @if let Some(f) = facet(Facet::Month) {
                    (chart::months(&f.buckets, |m| link(&p.with("since", Some(m)).with("until", Some(m)))))
                }
                p.summary aria-live="polite" {
                    @if r.total == 0 { "No matches" }
                    @else { (offset + 1) "–" (shown_to) " of " (r.total) @if r.total == 1 { " match" } @else { " matches" } }
                    " (" (format!("{:.0}", r.elapsed_ms)) " ms) · "
                    a href={ "/search.csv?" (p.with("limit", Some("200")).encode()) } { "CSV" }
                }
                @if let Some(s) = &r.suggestion {
                    p.suggestion { "Did you mean " a href=(link(&p.with("q", Some(s)))) { (s) } "?" }
                }
                @for n in &r.notes { p.note { (n) } }
                ol.hits start=(offset + 1) { @for h in &r.hits { (hit_item(h)) } }
                nav.pages {
                    @if offset > 0 {
                        a rel="prev" href=(link(&p.with("offset", Some(&offset.saturating_sub(PAGE_HITS).to_string())))) { "← Previous" }
                    }
                    @if shown_to < r.total {
                        a rel="next" href=(link(&p.with("offset", Some(&shown_to.to_string())))) { "Next →" }
                    }
                }
            }
        }
    }
}

/// `GET /article?id=`: one article, cleaned, with its fields, where it came from, and the
/// articles most like it.
pub async fn article_page(State(state): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let Some(id) = p.get("id").map(str::to_string) else {
        return error_page(
            &p,
            StatusCode::BAD_REQUEST,
            "which article? (an id is missing)",
        );
    };
    let found = bounded(&state, move |idx, s| {
        let art = search::articles_of(idx, s, &id)?.into_iter().next();
        let like = match &art {
            Some(_) => search::similar_in(idx, s, &id, 5)?,
            None => None,
        };
        Ok((art, like))
    })
    .await;
    match found {
        Ok((Some(a), like)) => html_page(
            StatusCode::OK,
            a.title.as_deref().unwrap_or("article"),
            article_body(&a, like.as_ref()),
        ),
        Ok((None, _)) => error_page(
            &Params::default(),
            StatusCode::NOT_FOUND,
            "no article has this id",
        ),
        Err(f) => error_page(&Params::default(), f.status, &f.message),
    }
}

fn article_body(a: &StoredArticle, like: Option<&Results>) -> Markup {
    let web = a
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    html! {
        header { (search_form(&Params::default())) }
        main.article {
            p.back { a href="/" data-back { "← Back to the results" } }
            article {
                h1 { (a.title.as_deref().unwrap_or("(untitled)")) }
                @if let Some(s) = &a.summary { p.dek { (s) } }
                dl.fields {
                    @if let Some(v) = &a.source { dt { "Source" } dd { (v) } }
                    @if let Some(v) = &a.date { dt { "Date" } dd { time datetime=(v) { (v) } } }
                    @if let Some(v) = &a.author { dt { "Author" } dd { (v) } }
                    @if let Some(v) = &a.lang { dt { "Language" } dd { (v) } }
                    @if let Some(v) = &a.url {
                        dt { "Address" }
                        dd { @if let Some(u) = web { a href=(u) rel="noreferrer noopener" { (v) } } @else { (v) } }
                    }
                    dt { "File" } dd { code { (a.path) } }
                    @if let Some(w) = a.words { dt { "Words" } dd { (w) } }
                }
                @for para in a.body.as_deref().unwrap_or("").split("\n\n").filter(|s| !s.trim().is_empty()) {
                    p { (para) }
                }
            }
            @if let Some(r) = like.filter(|r| !r.hits.is_empty()) {
                section.similar {
                    h2 { "Similar articles" }
                    ol.hits { @for h in &r.hits { (hit_item(h)) } }
                }
            }
        }
    }
}
