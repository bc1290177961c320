//! Which part of a saved HTML page is the article's main text: Readability (`dom_smoothie`, a
//! port of Mozilla's) on the page with its consent dialogs out of the way, read again without
//! the page's side sections (reader comments, side columns, footers, menus, related boxes) when
//! they are most of what Readability took; all visible text when it finds none.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use dom_query::{Document, NodeRef, Selection};
use dom_smoothie::{Config, Readability, TextMode};
use regex::Regex;

use super::common::clean;

/// Main text shorter than this (words) is no article: the page's visible text is read instead.
const MIN_WORDS: usize = 20;

/// Cookie and privacy consent dialogs of the common consent platforms (OneTrust, Sourcepoint,
/// Didomi, Usercentrics, Quantcast) and of sites' own banners.
pub(super) const CONSENT_DIALOGS: &str =
    "#onetrust-consent-sdk, [id^='sp_message'], #didomi-host, \
    #usercentrics-root, #qc-cmp2-container, [id*='cookie-banner'], [class*='cookie-banner'], \
    [id*='cookie-consent'], [class*='cookie-consent'], [id*='consent-banner'], \
    [class*='consent-banner'], [id*='gdpr-banner'], [class*='gdpr-banner']";

/// An id or class token that names a page's reader comments ("comments", "comment-list",
/// "disqus_thread", "respond"): the same word on every CMS, unlike the names of its boxes.
static COMMENTS_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(comments?|comment[-_]?(list|area|section|s|wrap|wrapper|container|thread|block|form|respond|body|content|text|\d+)|comments[-_]?(area|section|list|wrap|wrapper|container|block|box|content)|commentlist|commentbody|disqus_thread|respond|reply[-_]?form|trackbacks?|pings)$")
        .expect("valid regex")
});

/// An id or class token that names a page's side column, a widget, a footer, a menu or a box of
/// related links.
static SIDE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(sidebar|side-bar|sidebar[-_]?(primary|secondary|left|right|\d)|(primary|secondary|left|right)[-_]?sidebar|widget[-_]?area|widgets|(site|page|global)?[-_]?footer|[\w-]*[-_](foot|footer|footlinks|sidebar)|footer[-_][\w-]*|related([-_](posts|articles|stories|content))?|nav|navigation|menu|breadcrumbs?)$")
        .expect("valid regex")
});

/// Word parts every side-section token holds: a cheap test before the patterns run on the
/// many ids and classes of a page.
const SIDE_PARTS: [&str; 13] = [
    "comment",
    "respond",
    "disqus",
    "trackback",
    "ping",
    "repl",
    "side",
    "widget",
    "foot",
    "related",
    "nav",
    "menu",
    "breadcrumb",
];

static SIDE_PARTS_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(SIDE_PARTS)
        .expect("valid word parts")
});

/// Whether one id or class token names a side section.
fn is_side_token(t: &str) -> bool {
    SIDE_PARTS_FINDER.is_match(t) && (COMMENTS_TOKEN.is_match(t) || SIDE_TOKEN.is_match(t))
}

/// Whether one element is a side section, by its tag (`<aside>`, `<footer>`, `<nav>`), id or
/// classes. The page's root elements are not, whatever their classes say ("has-comments" on
/// `<body>`).
fn is_side_section(n: &NodeRef) -> bool {
    // Tag and attributes read in place: a page has thousands of elements.
    n.query(|node| {
        node.as_element().is_some_and(|e| match &*e.name.local {
            "html" | "body" | "article" | "main" => false,
            "aside" | "footer" | "nav" => true,
            _ => e
                .attrs
                .iter()
                .filter(|a| matches!(&*a.name.local, "id" | "class"))
                .any(|a| a.value.split_whitespace().any(is_side_token)),
        })
    })
    .unwrap_or(false)
}

/// The page's side sections, outermost only. A heading that names one ("Comments" as
/// `<h2 id="comments">`) starts it: what follows the heading in its container is the section,
/// as blogs set their threads.
fn side_sections(doc: &Document) -> Vec<NodeRef<'_>> {
    // A section that holds the page's headline is the article's own column.
    let mut headline_column = HashSet::new();
    for h in doc.select("h1").nodes() {
        headline_column.insert(h.id);
        headline_column.extend(h.ancestors_it(None).map(|a| a.id));
    }
    let mut found: Vec<NodeRef> = Vec::new();
    for n in doc.select("[id], [class], aside, footer, nav").nodes() {
        if headline_column.contains(&n.id) || !is_side_section(n) {
            continue;
        }
        found.push(*n);
        if n.is("h2, h3, h4") {
            let mut next = n.next_element_sibling();
            while let Some(s) = next {
                if headline_column.contains(&s.id) {
                    break;
                }
                next = s.next_element_sibling();
                found.push(s);
            }
        }
    }
    let mut ids = HashSet::new();
    found.retain(|n| ids.insert(n.id));
    let marked: HashSet<_> = ids;
    found
        .into_iter()
        .filter(|n| !n.ancestors_it(None).any(|a| marked.contains(&a.id)))
        .collect()
}

/// The main text Readability finds in `doc`, however short.
fn readability_any(doc: Document, url: Option<&str>) -> Option<String> {
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    Readability::with_document(doc, url, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
}

/// Whether a main text is long enough to be an article.
fn enough(t: &str) -> bool {
    t.split_whitespace().count() >= MIN_WORDS
}

/// The main text Readability finds in `doc`, if it finds enough.
fn readability(doc: Document, url: Option<&str>) -> Option<String> {
    readability_any(doc, url).filter(|t| enough(t))
}

/// Runs of this many words identify a passage of a side section in the main text.
const SHINGLE_WORDS: usize = 4;

/// A word's hash, case folded, without allocating (FNV-1a over its lower-cased characters).
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    if word.is_ascii() {
        for b in word.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// One run in this many is kept (the same ones in every text, by hash): a share of runs
/// measured on the sample is the share on the whole, at a fraction of the work.
const SAMPLE_EVERY: u64 = 4;

/// A hash of every run of `SHINGLE_WORDS` words in `text` (case folded), sampled.
fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text.split_whitespace().map(word_hash).collect();
    words
        .windows(SHINGLE_WORDS)
        .map(|w| {
            w.iter().fold(0u64, |acc, h| {
                acc.rotate_left(17) ^ h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            })
        })
        .filter(|h| h % SAMPLE_EVERY == 0)
        .collect()
}

/// Whether most of `text` comes from the page's side sections: half its runs of words or more
/// are runs of their text.
fn mostly_side(text: &str, side: &HashSet<u64>) -> bool {
    if side.is_empty() {
        return false;
    }
    let runs = shingles(text);
    let shared = runs.iter().filter(|r| side.contains(*r)).count();
    !runs.is_empty() && shared * 2 >= runs.len()
}

/// The article's main text in a parsed page (`doc`, parsed from `page`). Consent dialogs go
/// first: a cookie banner's many paragraphs can outweigh a short article in Readability's
/// scoring. Reader comments and side columns can too, under a short post: when they are most of
/// what Readability took, it reads the page again without them (a second parse, for the few
/// pages that need it). A post too short for Readability (an image with a caption) is the text
/// around its `headline` (see `headline_block`); a page with neither is all its visible text.
pub fn choose(doc: Document, page: &str, url: Option<&str>, headline: Option<&str>) -> String {
    doc.select(CONSENT_DIALOGS).remove();
    let side: HashSet<u64> = side_sections(&doc)
        .iter()
        .flat_map(|n| shingles(&n.text()))
        .collect();
    let text = readability(doc, url);
    if let Some(t) = text.as_deref().filter(|t| mostly_side(t, &side)) {
        let again = without_side_sections(page);
        if let Some(without) = readability(again, url) {
            return without;
        }
        return headline
            .and_then(|h| short_post(page, h))
            .unwrap_or_else(|| t.to_string());
    }
    text.unwrap_or_else(|| {
        headline
            .and_then(|h| short_post(page, h))
            .unwrap_or_else(|| visible_text(page))
    })
}

/// Words a page may show outside its side sections and still be a short post; a longer one has
/// an article Readability missed, and its visible text is the better guess.
const SHORT_POST_WORDS: usize = 300;

/// The text around `headline` (see `headline_block`) on a page that shows little else once its
/// side sections are gone: a post of an image and a line or two.
fn short_post(page: &str, headline: &str) -> Option<String> {
    let doc = without_side_sections(page);
    doc.select("script, style, noscript, template").remove();
    let block = headline_block(&doc, headline)?;
    (words(&visible_text_of(&doc)) <= SHORT_POST_WORDS).then_some(block)
}

/// `page` parsed, without its consent dialogs and side sections.
fn without_side_sections(page: &str) -> Document {
    let doc = Document::from(page);
    doc.select(CONSENT_DIALOGS).remove();
    for n in side_sections(&doc) {
        n.remove_from_parent();
    }
    doc
}

/// A post's text is at most this many words when it is only what sits around its headline.
const BLOCK_WORDS: usize = 150;

/// The text of the post a short page's `headline` heads: the smallest element around the
/// heading that shows the headline with more text than it (a byline, a date, a caption), when
/// that is no more than `BLOCK_WORDS` words (more is the page around a post of a heading
/// alone). Blogs set an image post as such a box: its headline, its date and a line or two.
fn headline_block(doc: &Document, headline: &str) -> Option<String> {
    let want = letters(headline);
    if want.chars().count() < 3 {
        return None;
    }
    // The heading that is the headline; else those that are part of it, longest first (the
    // headline less the site's name the title still carries: "Site » Blog Archive » Post").
    // One that is alone in its box (the site's banner) gives way to the next.
    let mut headings: Vec<(NodeRef, String)> = doc
        .select("h1, h2, h3, h4")
        .nodes()
        .iter()
        .map(|h| (*h, letters(&h.text())))
        .filter(|(_, got)| {
            *got == want || (got.chars().count() >= 8 && want.contains(got.as_str()))
        })
        .collect();
    headings.sort_by_key(|(_, got)| (*got != want, std::cmp::Reverse(got.len())));
    headings.iter().find_map(|(h, _)| around(h))
}

/// The text of the smallest element around `heading` with more text than it, when that is no
/// more than `BLOCK_WORDS` words.
fn around(heading: &NodeRef) -> Option<String> {
    let own = words(&heading.text());
    for node in heading.ancestors_it(None) {
        if node.is("body, html") {
            return None;
        }
        let n = words(&node.text());
        if n > own {
            return (n <= BLOCK_WORDS)
                .then(|| block_text(&Selection::from(node)))
                .filter(|t| !t.is_empty());
        }
    }
    None
}

/// The text of the block elements in `root`, one a paragraph.
fn block_text(root: &Selection) -> String {
    let mut out = String::new();
    for e in root
        .select("p, h1, h2, h3, h4, li, blockquote, pre, td, div:not(:has(p, div))")
        .iter()
    {
        let t = clean(&e.text());
        if !t.is_empty() {
            out.push_str(&t);
            out.push_str("\n\n");
        }
    }
    out
}

/// How many words `text` has, a character of a script written without spaces (Chinese,
/// Japanese) counting as one.
fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| {
            let wide = w.chars().filter(|c| is_wide(*c)).count();
            wide + usize::from(wide < w.chars().count())
        })
        .sum()
}

/// Whether `c` is of a script written without spaces between words (CJK ideographs, kana).
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}

/// Letters and digits only, lower-cased: a heading and a title compared past their punctuation.
fn letters(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// All text of the page outside scripts, styles and navigation, one block element a paragraph.
pub fn visible_text(html: &str) -> String {
    visible_text_of(&Document::from(html))
}

/// `visible_text` of a parsed page (which loses its scripts, styles and navigation).
fn visible_text_of(doc: &Document) -> String {
    doc.select("script, style, noscript, nav, header, footer, form, template")
        .remove();
    let body = doc.select("body");
    if body.exists() {
        block_text(&body)
    } else {
        block_text(&doc.select("html"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(side: &str) -> String {
        let comment =
            "<li><p>What a lovely thing to read on a grey morning, thank you so much for \
             writing it and for the photographs of the old harbour wall that you took.</p></li>";
        format!(
            "<html><head><title>Gulls return</title></head><body>\
             <div class=\"post\"><h1>Gulls return</h1>\
             <p>The gulls came back to the old pier this week, a month late after the cold \
             spring, and the counters on the quay found two hundred nests by Friday.</p></div>\
             <{side}><h2>Replies</h2><ol>{}</ol></{}></body></html>",
            comment.repeat(12),
            side.split_whitespace().next().unwrap_or(side)
        )
    }

    #[test]
    fn a_short_post_under_a_long_side_section_is_the_main_text() {
        // Comments, a side column by class, an <aside>: each is read past.
        for side in [
            "div id=\"comments\"",
            "div class=\"sidebar widget-area\"",
            "aside",
        ] {
            let html = page(side);
            let text = choose(Document::from(html.as_str()), &html, None, None);
            assert!(text.contains("The gulls came back"), "{side}: {text}");
            assert!(!text.contains("lovely thing"), "{side}: {text}");
        }
    }

    #[test]
    fn side_sections_are_known_by_their_names_not_by_a_class_on_the_page_root() {
        let doc = Document::from(
            "<html><body class=\"has-comments sidebar\"><main class=\"comments\"><h1>T</h1>\
             <div class=\"comment-list\">a</div><div class=\"commentary\">b</div>\
             <div id=\"secondary-sidebar\">c</div></main></body></html>",
        );
        let names: Vec<String> = side_sections(&doc)
            .iter()
            .map(|n| n.text().to_string())
            .collect();
        assert_eq!(names, vec!["a", "c"]);
    }

    #[test]
    fn a_heading_that_names_the_comments_starts_them() {
        let doc = Document::from(
            "<html><body><div id=\"post\"><h1>T</h1><p>post</p>\
             <h2 id=\"comments\">2 comments</h2><p>first</p><div class=\"x\">second</div>\
             </div><div class=\"blq-foot\">links</div></body></html>",
        );
        let names: Vec<String> = side_sections(&doc)
            .iter()
            .map(|n| n.text().to_string())
            .collect();
        assert_eq!(names, vec!["2 comments", "first", "second", "links"]);
    }
    /// An image post in a blog: its headline, date and caption, beside a side column with more
    /// text than the post.
    fn image_post(headline: &str, extra_paragraphs: usize) -> String {
        format!(
            "<html><head><title>Harbour Notes: {headline}</title></head><body>\
             <div id=\"top\"><h1>Harbour Notes</h1></div>\
             <div class=\"post\"><h3 class=\"post-title\">{headline}</h3>\
             <div class=\"meta\">Posted on 4 May 2021</div>\
             <p><img src=\"gulls.jpg\"> The first nests of the year, seen from the quay.</p>{}</div>\
             <div class=\"sidebar\"><h2>About me</h2><p>{}</p></div>\
             <script>var tracker = \"posted on every page\";</script></body></html>",
            "<p>The counters walked the length of the pier twice before noon and wrote down \
             every nest they saw, with the time and the state of the tide beside each.</p>"
                .repeat(extra_paragraphs),
            "I walk the harbour wall most mornings and write about the birds, the boats and \
             the weather, and I have done so for eleven years now. "
                .repeat(6)
        )
    }

    #[test]
    fn a_post_too_short_for_readability_is_the_text_around_its_headline() {
        let html = image_post("Gulls at dawn", 0);
        let text = choose(
            Document::from(html.as_str()),
            &html,
            None,
            Some("Harbour Notes: Gulls at dawn"),
        );
        assert!(text.contains("The first nests of the year"), "{text}");
        assert!(text.contains("Posted on 4 May 2021"), "{text}");
        assert!(!text.contains("I walk the harbour wall"), "{text}");
        assert!(!text.contains("tracker"), "{text}");
    }

    #[test]
    fn a_long_article_readability_reads_is_not_cut_to_its_headline() {
        let html = image_post("Gulls at dawn", 12);
        let text = choose(
            Document::from(html.as_str()),
            &html,
            None,
            Some("Gulls at dawn"),
        );
        assert!(text.matches("The counters walked").count() >= 10, "{text}");
    }

    #[test]
    fn words_count_each_character_of_scripts_without_spaces() {
        for (text, want) in [
            ("gulls return to the pier", 5),
            ("商品の改造", 5),
            ("by 国際特許 2016", 6),
            ("", 0),
        ] {
            assert_eq!(words(text), want, "{text}");
        }
    }
}
