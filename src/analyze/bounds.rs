//! Keeping one page's analysis bounded. HTML parsers and Readability walk the element tree
//! recursively, and some of their work grows with the square of the nesting: a page of 7,000
//! unclosed `<table><tr><td>` overflowed a thread's stack, and a 150 KB page of nested tables
//! took a minute. Tags nested deeper than [`MAX_DEPTH`] are flattened (their markup dropped,
//! their text kept, so the page still yields what it can), and a tag with more than
//! [`MAX_ATTRIBUTES`] attributes loses them. Ordinary pages come back unchanged, without a copy.

use std::borrow::Cow;

/// Deepest nesting of container elements kept. Real pages nest a few dozen deep (the deepest of
/// the 1,318 eval pages: 119).
pub const MAX_DEPTH: usize = 256;
/// Most attributes a tag keeps (counted by `=` signs).
pub const MAX_ATTRIBUTES: usize = 1000;

/// Elements that close themselves or whose end tag may be left out: they do not nest content
/// the way containers do, so they do not count towards the depth.
const NOT_CONTAINERS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
];

/// Elements whose content is raw text (a `<` inside is not a tag).
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// One tag of the page: where it is and what it is.
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    closing: bool,
    /// `<x ... />`: nests nothing (SVG and XHTML write empty elements so).
    self_closing: bool,
    attributes: usize,
}

/// Calls `each` with every tag of `html` in order (comments and raw text skipped over).
fn scan<'a>(html: &'a str, mut each: impl FnMut(Tag<'a>)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = memchr::memmem::find(rest.as_bytes(), b"-->")
                .map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = html[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let end = memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |e| name_start + e + 1);
        let name = &html[name_start..name_start + name_len];
        let attributes = bytes[name_start..end]
            .iter()
            .filter(|&&b| b == b'=')
            .count();
        let self_closing = end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
        each(Tag {
            start,
            end,
            name,
            closing,
            self_closing,
            attributes,
        });
        i = end;
        if !closing && RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            let close = format!("</{}", name.to_ascii_lowercase());
            i = find_ignore_case(&html[i..], &close).map_or(bytes.len(), |e| i + e);
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

/// Where `needle` (lower-case ASCII, starting with `<`) first occurs in `hay`, ASCII case
/// ignored: each `<` is found at vector speed and only there compared.
fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    memchr::memchr_iter(first, hay).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

fn is_container(name: &str) -> bool {
    !NOT_CONTAINERS.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// `html` with nesting beyond [`MAX_DEPTH`] flattened and over-long attribute lists dropped;
/// borrowed unchanged when there is nothing to do.
pub fn bounded(html: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut needed = false;
    scan(html, |t| {
        if t.attributes > MAX_ATTRIBUTES {
            needed = true;
        }
        if is_container(t.name) && !t.self_closing {
            if t.closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                needed |= depth > MAX_DEPTH;
            }
        }
    });
    if !needed {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    let mut depth = 0usize;
    scan(html, |t| {
        out.push_str(&html[at..t.start]);
        at = t.end;
        let container = is_container(t.name) && !t.self_closing;
        if container && t.closing {
            let was = depth;
            depth = depth.saturating_sub(1);
            if was > MAX_DEPTH {
                return;
            }
        } else if container {
            depth += 1;
        }
        if depth > MAX_DEPTH {
            // Too deep: the markup goes, a space keeps words apart.
            out.push(' ');
        } else if t.attributes > MAX_ATTRIBUTES && !t.closing {
            out.push('<');
            out.push_str(t.name);
            out.push('>');
        } else {
            out.push_str(&html[t.start..t.end]);
        }
    });
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_raw_text_is_found_in_any_case() {
        // (text after <script>, where its end tag starts)
        for (hay, want) in [
            ("a<b</script>", Some(3)),
            ("x</SCRIPT >", Some(1)),
            ("</scrip", None),
            ("<</ScRiPt", Some(1)),
            ("", None),
        ] {
            assert_eq!(find_ignore_case(hay, "</script"), want, "{hay}");
        }
    }

    #[test]
    fn ordinary_pages_are_not_copied() {
        let page = "<html><body><div><p>One<p>Two<table><tr><td>x</table></div>\
                    <script>if (a<b) {}</script></body></html>";
        assert!(matches!(bounded(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_the_text_kept() {
        let mut page = String::from("<html><body><h1>Deep page</h1>");
        for i in 0..5000 {
            page.push_str(&format!("<table><tr><td>cell{i} "));
        }
        page.push_str("</body></html>");
        let out = bounded(&page);
        assert!(out.matches("<table").count() <= MAX_DEPTH);
        assert!(out.contains("cell4999"), "the deepest text stays");
        assert!(out.contains("<h1>Deep page</h1>"));
    }

    #[test]
    fn a_tag_with_thousands_of_attributes_loses_them() {
        let attrs: String = (0..5000).map(|i| format!(" a{i}=\"1\"")).collect();
        let page = format!("<html><body><div{attrs}>Kept text</div></body></html>");
        let out = bounded(&page);
        assert!(out.contains("<div>Kept text</div>"), "{}", &out[..60]);
    }
}
