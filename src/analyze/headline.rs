//! Which of an HTML page's declared headlines is the title: the order of trust among JSON-LD,
//! Open Graph, `<title>` and `<h1>`, the site's name cut from the ones that carry it, and the
//! signals that overrule the order (a kicker folded into the JSON-LD headline; a `<title>` that
//! wraps the `<h1>` in sections; the wording the page's address spells out).

use std::collections::HashSet;

use percent_encoding::percent_decode_str;
use tantivy::tokenizer::{AsciiFoldingFilter, SimpleTokenizer, TextAnalyzer};

use super::article::Found;
use super::common::clean;

/// German umlauts and sharp s as web addresses spell them ("Börsen" is "boersen"), lower-cased.
fn spell_umlauts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// Letters and digits only, lower-cased; with `spell_umlauts`, German umlauts as web addresses
/// spell them ("Börsen-Zeitung" is boersen-zeitung.de).
fn fold(s: &str, spell: bool) -> String {
    let lower = if spell {
        spell_umlauts(s)
    } else {
        s.to_lowercase()
    };
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Words a part of a title may have and still be the site's name, with perhaps a section
/// ("Politik - Stuttgarter Zeitung", "LimeSpace – IT"); a longer one is a subtitle that happens to
/// name the site ("DRK: Immer mehr Menschen ...").
const SITE_PART_WORDS: usize = 6;

/// True when `part` of a title names the site (`names` are its name, host and host label).
fn names_site(part: &str, names: &[String]) -> bool {
    part.split_whitespace().count() <= SITE_PART_WORDS
        && [false, true].into_iter().any(|spell| {
            let p = fold(part, spell);
            p.len() >= 2
                && names.iter().any(|n| {
                    let n = fold(n, spell);
                    n.len() >= 2 && (p.contains(&n) || (p.len() >= 3 && n.contains(&p)))
                })
        })
}

/// What page titles put between the headline, sections and the site's name.
const SEPS: [&str; 12] = [
    " | ", " - ", " – ", " — ", " :: ", " : ", " · ", " « ", " » ", " * ", "｜", " / ",
];

/// Removes the site's name from a page title ("Headline | Site", "Site - Headline"). Only a part
/// that names the site goes: a subtitle after a dash stays.
pub fn strip_site_suffix(title: &str, names: &[String]) -> String {
    for sep in SEPS {
        let mut from = 0;
        while let Some(i) = title[from..].find(sep) {
            let at = from + i;
            if at > 0 && names_site(&title[at + sep.len()..], names) {
                return title[..at].trim().to_string();
            }
            from = at + sep.len();
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if names_site(head, names) && !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The headline, from the page's declarations (`cands`, most trusted first: the JSON-LD headline,
/// `og:title`, `<title>`, the first `<h1>`, `twitter:title`). The site's name (`names`: its name
/// and host) is cut from all but the `<h1>`, the headline as the page shows it (JSON-LD headlines
/// mostly come without it, but some CMSs copy the `<title>` in). Three signals overrule the
/// order: a JSON-LD headline that is og:title with a kicker in front gives way to og:title (see
/// `kicker_tail`); a `<title>` that is the `<h1>` with sections or the site around it gives way
/// to the `<h1>` (see `only_site_or_sections`); and when the wordings differ, the one the page's
/// address (`url`) spells out wins (see `spelt_by_address`).
pub fn pick_title(
    cands: &[(String, &'static str)],
    names: &[String],
    url: Option<&str>,
) -> Option<Found<String>> {
    let cleaned: Vec<(String, &str)> = cands
        .iter()
        .map(|(t, rule)| {
            let t = html_escape::decode_html_entities(t);
            let t = if *rule == "<h1>" {
                clean(&t)
            } else {
                clean(&strip_site_suffix(&t, names))
            };
            (t, *rule)
        })
        .filter(|(t, _)| !t.is_empty())
        .collect();
    let (first, first_rule) = cleaned.first()?;
    let mut title = (first.as_str(), first_rule.to_string());
    if *first_rule == "JSON-LD headline" {
        if let Some((og, _)) = cleaned.iter().find(|(_, r)| *r == "og:title") {
            if kicker_tail(first, og) {
                title = (
                    og,
                    "og:title (the JSON-LD headline has a kicker in front)".into(),
                );
            }
        }
    }
    // A `<title>` that is the headline with sections or the site around it ("BBC NEWS | World |
    // Europe | Gulls return"): the `<h1>` is the headline alone. What the `<title>` adds must
    // name the site or be a trail of one- or two-word sections; else it is a subtitle, or the
    // `<h1>` is the site's banner.
    if *first_rule == "<title>" {
        if let Some((h1, _)) = cleaned.iter().find(|(t, r)| {
            *r == "<h1>"
                && t.len() < first.len()
                && t.split_whitespace().count() >= 3
                && first
                    .split_once(t.as_str())
                    .is_some_and(|(before, after)| only_site_or_sections(before, after, names))
        }) {
            title = (h1, "<h1> (the <title> adds sections or the site)".into());
        }
    }
    if let Some((t, r)) = url.and_then(|u| spelt_by_address(title.0, &cleaned, u)) {
        title = (
            t,
            format!("{r} (the wording the page's address spells out)"),
        );
    }
    Some(Found {
        value: title.0.to_string(),
        rule: title.1,
    })
}

/// True when the text around a headline in a `<title>` (`before`, `after`) is only the site's
/// name and short section names between separators: parts before the headline (a trail of
/// sections) of one or two words, parts after it (the site, "One America News Network") of up to
/// four, or any part that names the site.
fn only_site_or_sections(before: &str, after: &str, names: &[String]) -> bool {
    let parts = |text: &str| -> Vec<String> {
        let marked = SEPS
            .iter()
            .fold(format!(" {text} "), |t, sep| t.replace(sep, "\u{1}"));
        marked
            .split('\u{1}')
            .map(|p| p.trim_matches(|c: char| c.is_whitespace() || "|-–—:·«»*/｜".contains(c)))
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let fits = |part: &String, words: usize| {
        names_site(part, names) || part.split_whitespace().count() <= words
    };
    let (before, after) = (parts(before), parts(after));
    !(before.is_empty() && after.is_empty())
        && before.iter().all(|p| fits(p, 2))
        && after.iter().all(|p| fits(p, 4))
}

/// True when `tail` is `headline` less some words in front ("Neue Leipziger Schule: Judy
/// Lybke, ..." against "Judy Lybke, ..."). Those words are a kicker, the topic line set above a
/// headline, which many publishers fold into the headline they declare for machines.
fn kicker_tail(headline: &str, tail: &str) -> bool {
    headline.len() > tail.len()
        && headline.ends_with(tail)
        && tail.split_whitespace().count() >= 3
        && headline[..headline.len() - tail.len()]
            .chars()
            .last()
            .is_some_and(|c| !c.is_alphanumeric())
}

/// Slug words a wording needs to match the address this well (a share of both word sets, Dice's
/// coefficient) before it may overrule the order of trust...
const ADDRESS_MATCH: f64 = 0.7;
/// ...and by this much more than the chosen title matches it.
const ADDRESS_MARGIN: f64 = 0.15;
/// A chosen title with this share of the slug's words stays whatever else the page says.
const ADDRESS_COVERED: f64 = 0.9;

/// A wording among `cands` that the page's address spells out where `chosen` does not. A slug
/// ("/49-euro-ticket-pendler-zahlen-60-prozent-weniger-18857107.html") is written from the
/// headline a story first runs under, so when a page declares several wordings (one for search
/// engines, one for social media, the one on the page), the one the address spells out is the
/// headline. A chosen title that two declarations agree on stays (a page whose `<title>` alone
/// still carries the first headline of a live story has moved on), and so does one that has
/// (nearly) all the slug's words: headlines grow after the slug is written ("Legal opinion
/// expected after ICJ concludes hearings..." against ".../icj-concludes-hearings-..."), and then
/// the longer, later one is right.
fn spelt_by_address<'a>(
    chosen: &str,
    cands: &'a [(String, &'a str)],
    url: &str,
) -> Option<(&'a str, &'a str)> {
    let slug = address_words(url);
    if slug.len() < 2 {
        return None;
    }
    let shared = |words: &HashSet<String>| slug.intersection(words).count() as f64;
    let dice = |words: &HashSet<String>| 2.0 * shared(words) / (slug.len() + words.len()) as f64;
    let chosen_words = slug_words(chosen);
    let declared_once = cands
        .iter()
        .filter(|(t, _)| fold(t, false) == fold(chosen, false))
        .count()
        <= 1;
    if !declared_once || shared(&chosen_words) / slug.len() as f64 >= ADDRESS_COVERED {
        return None;
    }
    let floor = ADDRESS_MATCH.max(dice(&chosen_words) + ADDRESS_MARGIN);
    let mut best: Option<(f64, (&str, &str))> = None;
    for (t, rule) in cands {
        let score = dice(&slug_words(t));
        // Strictly better only, so ties go to the more trusted declaration.
        if score >= floor && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, (t.as_str(), *rule)));
        }
    }
    best.map(|(_, t)| t)
}

/// The words of an address's slug: of the path's segments, the one with the most words, less
/// its file extension and everything from its first id on (a run of 5 or more characters with a
/// digit in it: "...-aufsicht-ein-a-60a0111a-c2d2", "-18857107.html").
fn address_words(url: &str) -> HashSet<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let Some((_, path)) = rest.split_once('/') else {
        return HashSet::new();
    };
    path.split('/')
        .map(|segment| {
            let segment = percent_decode_str(segment).decode_utf8_lossy();
            let segment = match segment.rsplit_once('.') {
                Some((stem, ext))
                    if (1..=5).contains(&ext.len())
                        && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
                {
                    stem
                }
                _ => &segment,
            };
            let before_id: Vec<&str> = segment
                .split(|c: char| !c.is_alphanumeric())
                .take_while(|w| !(w.len() >= 5 && w.chars().any(|c| c.is_ascii_digit())))
                .collect();
            slug_words(&before_id.join(" "))
        })
        .max_by_key(HashSet::len)
        .unwrap_or_default()
}

/// A wording's words as an address spells them: lower case, umlauts spelt out, other accents
/// dropped (tantivy's ASCII folding), numbers left out (slugs add and drop them).
fn slug_words(s: &str) -> HashSet<String> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    let spelt = spell_umlauts(s);
    let mut stream = analyzer.token_stream(&spelt);
    let mut words = HashSet::new();
    while stream.advance() {
        let word = &stream.token().text;
        if !word.chars().all(|c| c.is_ascii_digit()) {
            words.insert(word.clone());
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title `pick_title` chooses, empty when there is none.
    fn pick(cands: &[(String, &'static str)], names: &[String], url: Option<&str>) -> String {
        pick_title(cands, names, url)
            .map(|f| f.value)
            .unwrap_or_default()
    }

    #[test]
    fn a_kicker_folded_into_the_json_ld_headline_is_left_out() {
        let names = vec!["Bay Post".to_string()];
        let cands = |ld: &str, og: &str| {
            vec![
                (ld.to_string(), "JSON-LD headline"),
                (og.to_string(), "og:title"),
            ]
        };
        assert_eq!(
            pick(
                &cands(
                    "Harbour works: Gulls return to the old pier",
                    "Gulls return to the old pier | Bay Post"
                ),
                &names,
                None
            ),
            "Gulls return to the old pier"
        );
        // A different social headline, or a cut inside a word, is not a kicker.
        assert_eq!(
            pick(
                &cands("Gulls return to the pier", "Why the gulls came back"),
                &names,
                None
            ),
            "Gulls return to the pier"
        );
        assert_eq!(
            pick(
                &cands("Seagulls return to the pier", "gulls return to the pier"),
                &names,
                None
            ),
            "Seagulls return to the pier"
        );
    }

    #[test]
    fn site_suffix_is_cut_from_page_titles() {
        let names = vec!["Bay Post".to_string(), "baypost.example".to_string()];
        for (title, want) in [
            ("Gulls return | Bay Post", "Gulls return"),
            (
                "Bay Post - Gulls return to the bay",
                "Gulls return to the bay",
            ),
            ("Gulls return - and stay", "Gulls return - and stay"),
            ("Gulls * Bay Post * by Ann Roe", "Gulls"),
            (
                "Les mouettes reviennent : baypost.example",
                "Les mouettes reviennent",
            ),
            // The last parts name the site (and a section); the middle one is a subtitle.
            (
                "Gulls return – why the old pier suits them – Bay Post – Nature",
                "Gulls return – why the old pier suits them",
            ),
            // A long part that mentions the site is a subtitle, not its name.
            (
                "Gulls return - Bay Post readers counted more than four hundred nests",
                "Gulls return - Bay Post readers counted more than four hundred nests",
            ),
        ] {
            assert_eq!(strip_site_suffix(title, &names), want, "{title}");
        }
        // Also from a JSON-LD headline that a CMS filled from the page title.
        let ld = ("Gulls return - Bay Post".to_string(), "JSON-LD headline");
        assert_eq!(pick(&[ld], &names, None), "Gulls return");
        // The host spells umlauts out.
        let names = vec!["boersen-zeitung.de".to_string()];
        assert_eq!(
            strip_site_suffix("Dax fällt | Börsen-Zeitung", &names),
            "Dax fällt"
        );
    }

    #[test]
    fn address_slug_words_leave_out_ids_extensions_and_numbers() {
        let words = |u: &str| {
            let mut w: Vec<String> = address_words(u).into_iter().collect();
            w.sort();
            w.join(" ")
        };
        assert_eq!(
            words("https://bay.example/news/gulls-return-to-the-pier-a-7f3e2c19-77aa.html?ref=rss"),
            "a gulls pier return the to"
        );
        // Numbers and the id after the slug are not words; umlauts as addresses spell them.
        assert_eq!(
            words("https://bay.example/2024/03/28/fahre-40-tage-in-der-werft-18857107.html"),
            "der fahre in tage werft"
        );
        assert_eq!(
            words("https://bay.example/k%C3%BChlt%C3%BCrme-gesprengt"),
            "gesprengt kuehltuerme"
        );
        assert!(address_words("https://bay.example/").is_empty());
        assert_eq!(
            words("https://wiki.example/wiki/Hermitian_matrix"),
            "hermitian matrix"
        );
        // Accents dropped and umlauts spelt out, as slugs write them.
        assert_eq!(
            slug_words("Kühltürme à Gundremmingen"),
            ["kuehltuerme", "a", "gundremmingen"]
                .map(String::from)
                .into_iter()
                .collect()
        );
    }

    #[test]
    fn the_wording_the_address_spells_out_wins_when_declarations_differ() {
        let names = vec!["Bay Post".to_string()];
        let url = Some("https://baypost.example/2024/gulls-return-to-the-old-pier-8812345.html");
        let ld = (
            "Seabirds back at harbour as spring arrives".to_string(),
            "JSON-LD headline",
        );
        let og = ("Gulls return to the old pier".to_string(), "og:title");
        assert_eq!(
            pick(&[ld.clone(), og.clone()], &names, url),
            "Gulls return to the old pier"
        );
        // Without an address, or with one that spells neither, the order of trust holds.
        assert_eq!(pick(&[ld.clone(), og.clone()], &names, None), ld.0);
        assert_eq!(
            pick(
                &[ld.clone(), og.clone()],
                &names,
                Some("https://baypost.example/news/8812345")
            ),
            ld.0
        );
        // A wording two declarations agree on stays.
        let h1 = (ld.0.clone(), "<h1>");
        assert_eq!(pick(&[ld.clone(), og.clone(), h1], &names, url), ld.0);
        // A headline that grew after the slug was written keeps all its words and stays.
        let grown = (
            "Counters cheer as gulls return to the old pier".to_string(),
            "JSON-LD headline",
        );
        assert_eq!(pick(&[grown.clone(), og], &names, url), grown.0);
    }

    #[test]
    fn a_title_with_sections_around_the_h1_gives_way_to_it() {
        let names = vec!["Bay Post".to_string()];
        let page = |title: &str, h1: &str| {
            pick(
                &[(title.to_string(), "<title>"), (h1.to_string(), "<h1>")],
                &names,
                None,
            )
        };
        assert_eq!(
            page(
                "BAY POST | World | Europe | Gulls return to the pier",
                "Gulls return to the pier"
            ),
            "Gulls return to the pier"
        );
        // A site's name after it, even one the page does not declare.
        assert_eq!(
            page(
                "Gulls return to the pier | Harbour Lights Evening Post",
                "Gulls return to the pier"
            ),
            "Gulls return to the pier"
        );
        // A subtitle after the headline stays; so does a title around a site banner.
        assert_eq!(
            page(
                "Gulls return to the pier - why the old quay suits them",
                "Gulls return to the pier"
            ),
            "Gulls return to the pier - why the old quay suits them"
        );
        assert_eq!(
            page(
                "Gulls nest again: a spring report from the quay",
                "a spring report from the quay"
            ),
            "Gulls nest again: a spring report from the quay"
        );
    }
}
