//! Page furniture: the parts of a saved page that are not the article (paywall pitches, social
//! prompts, reading-time lines, photo credits, share links, cookie notices, "Related Content"
//! trailers). Rules here know the common kinds; `index::learned_furniture` learns the rest from repetition.
//! The single-paragraph rules are a table (`rules.rs`) over patterns written one alternative to a
//! line (`patterns.rs`); the rules that look at paragraphs together are the `mark_*` functions.

mod kind;
mod patterns;
mod rules;

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::common::is_sentence;
pub use super::common::Block;
pub use kind::Kind;
use rules::{compile, paragraph_rule, single_rule};

/// Patterns of the rules that look at paragraphs together (see `strip`).
static PAYWALL: LazyLock<Regex> = LazyLock::new(|| compile(patterns::PAYWALL));
static PITCH_WORDS: LazyLock<Regex> = LazyLock::new(|| compile(patterns::PITCH_WORDS));
static PITCH_OPENER: LazyLock<Regex> = LazyLock::new(|| compile(patterns::PITCH_OPENER));
static TRAILER_HEAD: LazyLock<Regex> = LazyLock::new(|| compile(patterns::TRAILER_HEAD));
static AUTHOR_NOTE: LazyLock<Regex> = LazyLock::new(|| compile(patterns::AUTHOR_NOTE));
static PITCH_CLOSER: LazyLock<Regex> = LazyLock::new(|| compile(patterns::PITCH_CLOSER));

/// A paragraph left out of the article, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Line number of its first line in the file.
    pub line: usize,
    /// Which rule dropped it.
    pub reason: Kind,
    /// The text that was dropped.
    pub text: String,
}

/// Repeated paragraphs longer than this are left alone (a story saved twice into one file is a
/// matter for duplicate detection, not furniture).
const REPEATED_MAX_CHARS: usize = 400;

/// How far (in paragraphs) a pitch that opens with "Dear Reader" may run.
const PITCH_WINDOW: usize = 14;
/// Paragraphs after a trailer heading longer than this are article text, not teasers.
const TEASER_MAX_CHARS: usize = 300;

/// Splits `blocks` into what stays and what was dropped as furniture.
pub fn strip(blocks: Vec<Block>) -> (Vec<Block>, Vec<Dropped>) {
    // Rules that look at paragraphs together mark them first; the rules that look at one
    // paragraph alone then judge the rest.
    let mut drop: Vec<Option<Kind>> = vec![None; blocks.len()];
    // What the single-paragraph rules make of each paragraph, judged once.
    let rules: Vec<Option<Kind>> = blocks.iter().map(|b| paragraph_rule(&b.text)).collect();
    mark_pitches(&blocks, &mut drop);
    mark_trailer(&blocks, &mut drop);
    mark_lone_headings(&blocks, &mut drop);
    mark_repeats(&blocks, &mut drop);
    mark_closing_pitch(&blocks, &rules, &mut drop);
    mark_writer_notes(&blocks, &rules, &mut drop);

    let mut kept = Vec::with_capacity(blocks.len());
    let mut dropped = Vec::new();
    for ((b, d), rule) in blocks.into_iter().zip(drop).zip(rules) {
        if let Some(reason) = d {
            dropped.push(Dropped {
                line: b.line,
                reason,
                text: b.text,
            });
        } else if let Some(reason) = rule {
            let (text, out) = split_off_furniture(&b, reason);
            dropped.extend(out);
            if !text.is_empty() {
                kept.push(Block { text, line: b.line });
            }
        } else {
            kept.push(b);
        }
    }
    (kept, dropped)
}

/// A pitch that opens with "Dear Reader" runs to its last paragraph that sounds like a pitch.
fn mark_pitches(blocks: &[Block], drop: &mut [Option<Kind>]) {
    let mut i = 0;
    while i < blocks.len() {
        if PITCH_OPENER.is_match(blocks[i].text.trim()) {
            let end = (i + 1..blocks.len().min(i + PITCH_WINDOW))
                .rev()
                .find(|&j| {
                    PAYWALL.is_match(&blocks[j].text) || PITCH_WORDS.is_match(&blocks[j].text)
                });
            if let Some(end) = end {
                for d in drop.iter_mut().take(end + 1).skip(i) {
                    *d = Some(Kind::Pitch);
                }
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
}

/// "Related Content" and its kin end the article when only teasers follow, in the paragraphs
/// after the heading or on the lines under it: short, and mostly headlines and dates rather than
/// sentences (a "Read also" box in the middle of an article is followed by its text).
fn mark_trailer(blocks: &[Block], drop: &mut [Option<Kind>]) {
    let heads = blocks.iter().enumerate().filter(|(i, b)| {
        let mut lines = b.text.lines();
        let first = lines.next().unwrap_or_default().trim();
        *i > 0
            && TRAILER_HEAD.is_match(first)
            && first.chars().count() <= 60
            && lines.all(|l| l.chars().count() <= TEASER_MAX_CHARS / 2)
    });
    for (head, _) in heads {
        let rest = &blocks[head + 1..];
        let sentences = rest.iter().filter(|b| is_sentence(&b.text)).count();
        if rest
            .iter()
            .all(|b| b.text.chars().count() <= TEASER_MAX_CHARS)
            && sentences * 3 <= rest.len()
        {
            for d in drop.iter_mut().skip(head) {
                d.get_or_insert(Kind::Trailer);
            }
            return;
        }
    }
}

/// A "Related" or "Read more" heading alone, with the article going on after it, is the heading
/// of a teaser box the extraction left empty.
fn mark_lone_headings(blocks: &[Block], drop: &mut [Option<Kind>]) {
    for (b, d) in blocks.iter().zip(drop.iter_mut()) {
        let t = b.text.trim();
        if d.is_none() && !t.contains('\n') && t.chars().count() <= 60 && TRAILER_HEAD.is_match(t) {
            *d = Some(Kind::TrailerHeading);
        }
    }
}

/// How many notes on writers an article may end with.
const WRITER_NOTE_TAIL: usize = 3;

/// Notes on the writer ("Ana Ruiz is a politics reporter for the Bay Post.") that end the
/// article, after the last paragraph of the story. Only there: "Jones was a reporter for the
/// Gazette for forty years" in the middle of an obituary is the story.
fn mark_writer_notes(blocks: &[Block], rules: &[Option<Kind>], drop: &mut [Option<Kind>]) {
    mark_tail(
        blocks,
        rules,
        drop,
        WRITER_NOTE_TAIL,
        Kind::WriterNote,
        |t| t.chars().count() <= 250 && AUTHOR_NOTE.is_match(t),
    );
}

/// Marks as `kind` the run of up to `most` paragraphs at the end of the article that `is_it`
/// holds for. Paragraphs another rule drops (a disclaimer, a share row: `rules`, the
/// single-paragraph verdicts) do not break the run.
fn mark_tail(
    blocks: &[Block],
    rules: &[Option<Kind>],
    drop: &mut [Option<Kind>],
    most: usize,
    kind: Kind,
    is_it: impl Fn(&str) -> bool,
) {
    let mut taken = 0;
    for ((b, d), rule) in blocks.iter().zip(drop.iter_mut()).zip(rules).rev() {
        let t = b.text.trim();
        if d.is_some() || rule.is_some() {
            continue;
        }
        if taken == most || !is_it(t) {
            break;
        }
        *d = Some(kind);
        taken += 1;
    }
}

/// How many paragraphs at the end a closing pitch may take.
const CLOSING_PITCH_TAIL: usize = 2;
/// A closing pitch is a few sentences.
const CLOSING_PITCH_MAX_CHARS: usize = 400;

/// The pitch a blog or newsletter export closes with: a paragraph at the very end that opens by
/// asking the reader ("Enjoyed this story?", "If you liked this post, ...") and goes on in a
/// pitch's words ("subscribe", "become a member"). Both: a post about a newsletter's new
/// feature ends with "subscribers" in its text, and not with a question to the reader.
fn mark_closing_pitch(blocks: &[Block], rules: &[Option<Kind>], drop: &mut [Option<Kind>]) {
    mark_tail(blocks, rules, drop, CLOSING_PITCH_TAIL, Kind::Pitch, |t| {
        t.chars().count() <= CLOSING_PITCH_MAX_CHARS
            && PITCH_CLOSER.is_match(t)
            && (PITCH_WORDS.is_match(t) || PAYWALL.is_match(t))
    });
}

/// Verbs a note on the writer goes on with after the name ("Lena Ford is a professor ...").
static BIO_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(is|was|has|writes|teaches|lives|works|covers|leads|runs|served)\b")
        .expect("valid regex")
});

/// How many paragraphs from the end a note on the article's own writer may stand.
const BIO_TAIL: usize = 2;

/// A note on the article's own writer at its end ("Lena Ford is a professor of hydrology at
/// ..."), whatever the writer's trade: the byline names the person, so the note needs no list of
/// job titles. Moved from `kept` to `dropped`.
pub fn drop_writer_bio(kept: &mut Vec<Block>, author: Option<&str>, dropped: &mut Vec<Dropped>) {
    let Some(author) = author
        .map(str::trim)
        .filter(|a| a.split_whitespace().count() >= 2)
    else {
        return;
    };
    let surname = author.split_whitespace().last().unwrap_or(author);
    let from = kept.len().saturating_sub(BIO_TAIL);
    let at = (from..kept.len()).rev().find(|&i| {
        let t = kept[i].text.trim();
        t.chars().count() <= CLOSING_PITCH_MAX_CHARS
            && [author, surname].iter().any(|name| {
                t.strip_prefix(name)
                    .is_some_and(|rest| BIO_VERB.is_match(rest))
            })
    });
    // The note is the last paragraph, or only end matter follows it.
    if let Some(i) = at.filter(|&i| i > 0) {
        let b = kept.remove(i);
        dropped.push(Dropped {
            line: b.line,
            reason: Kind::WriterNote,
            text: b.text,
        });
    }
}

/// A paragraph printed again in one article is a gallery's caption, a pull quote or a repeated
/// header: the first copy stays, the others go.
fn mark_repeats(blocks: &[Block], drop: &mut [Option<Kind>]) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (b, d) in blocks.iter().zip(drop.iter_mut()) {
        let t = b.text.trim();
        if !seen.insert(t)
            && d.is_none()
            && t.chars().count() <= REPEATED_MAX_CHARS
            && t.split_whitespace().count() >= 3
        {
            *d = Some(Kind::Repeated);
        }
    }
}

/// Lines of running text (this many words or more) that share a paragraph with a caption or a
/// prompt stay: a page that sets "Image copyright Getty Images" on the line above a paragraph
/// loses the line, not the paragraph.
const PROSE_LINE_WORDS: usize = 20;

/// Splits a paragraph that `reason` found to be furniture into the article text it still holds
/// (long lines no rule matches, joined) and the furniture, line by line.
fn split_off_furniture(b: &Block, reason: Kind) -> (String, Vec<Dropped>) {
    let prose =
        |l: &str| l.split_whitespace().count() >= PROSE_LINE_WORDS && single_rule(l).is_none();
    if !b.text.lines().any(prose) {
        let whole = Dropped {
            line: b.line,
            reason,
            text: b.text.clone(),
        };
        return (String::new(), vec![whole]);
    }
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (i, l) in b.text.lines().enumerate() {
        if prose(l) {
            kept.push(l);
        } else {
            dropped.push(Dropped {
                line: b.line + i,
                reason: single_rule(l).unwrap_or(reason),
                text: l.to_string(),
            });
        }
    }
    (kept.join("\n"), dropped)
}

/// True when a single line is furniture by rule (used on header lines near the title).
pub fn is_furniture_line(line: &str) -> Option<Kind> {
    single_rule(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Block {
                text: t.to_string(),
                line: i + 1,
            })
            .collect()
    }

    fn kept_texts(texts: &[&str]) -> Vec<String> {
        strip(blocks(texts)).0.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn single_line_furniture_goes() {
        let kept = kept_texts(&[
            "4 min read",
            "Harbour cranes at dawn. (Photo credit: Ana Ruiz / Tidewater Images)",
            "The council voted on Tuesday to close the old pier.",
            "Follow us on Instagram for more stories like this",
            "Advertisement",
            "Sign up for our free morning newsletter",
            "Updated 05/11/2023",
            "The vote was seven to two.",
            "1998",
        ]);
        assert_eq!(
            kept,
            vec![
                "The council voted on Tuesday to close the old pier.",
                "The vote was seven to two.",
                "1998"
            ]
        );
    }

    #[test]
    fn pitch_run_goes_from_opener_to_last_pitch_paragraph() {
        let kept = kept_texts(&[
            "Dear Reader,",
            "Independent reporting costs money.",
            "Help us keep going.",
            "For $4 per month you get the full archive. Show me later",
            "The mayor said the budget would balance.",
        ]);
        assert_eq!(kept, vec!["The mayor said the budget would balance."]);
    }

    #[test]
    fn trailer_with_short_teasers_goes_but_not_the_article_after_a_mid_article_heading() {
        let kept = kept_texts(&[
            "The mill reopened.",
            "Related Content",
            "March 3, 2020",
            "Another story entirely",
        ]);
        assert_eq!(kept, vec!["The mill reopened."]);
        // A teaser's date over its headline, the headline ending in a full stop.
        let kept = kept_texts(&[
            "The mill reopened.",
            "Related Content",
            "September 2, 2020\nGulls nest on the old pier again this spring.",
        ]);
        assert_eq!(kept, vec!["The mill reopened."]);
        // A long paragraph after the heading: the heading goes, the text stays.
        let long = "word ".repeat(80);
        let kept = kept_texts(&["The mill reopened.", "Read more", &long]);
        assert_eq!(kept, vec!["The mill reopened.".to_string(), long.clone()]);
        // Short paragraphs that are sentences are the article going on, not teasers.
        let kept = kept_texts(&[
            "The mill reopened.",
            "Lesen Sie auch",
            "The owners said the first orders came in on Monday morning.",
            "Twenty people will work there by the end of the year.",
        ]);
        assert_eq!(kept.len(), 3, "{kept:?}");
    }

    #[test]
    fn prose_that_mentions_subscriptions_stays() {
        let p = "Streaming services lost subscribers this quarter as prices rose, and analysts \
                 expect the trend to continue into next year as households cut back on spending \
                 and compare what each subscription offers against what it costs them every month \
                 in a tighter economy than anyone planned for.";
        assert_eq!(kept_texts(&[p]), vec![p.to_string()]);
    }

    #[test]
    fn menus_and_runs_of_share_links_go() {
        let kept = kept_texts(&[
            "Skip to main content",
            "News | Business | Sport | Opinion",
            "Home › Local › Transport",
            "Share this:\nFacebook\nTwitter\nEmail",
            "Listen to this article\n4 min",
            "Prices rose 4% / 5% / 6% in the three years, the bank said.",
            "ACME <ACM> BUYS <XYZ> UNIT",
            "Most Read\n1. Car park to close (12 March 2022)\n2. Firm wins contract (10 March 2022)",
        ]);
        assert_eq!(
            kept,
            vec![
                "Prices rose 4% / 5% / 6% in the three years, the bank said.",
                "ACME <ACM> BUYS <XYZ> UNIT"
            ]
        );
    }

    #[test]
    fn galleries_contacts_bylines_stamps_and_dividers_go() {
        let kept = kept_texts(&[
            "By Ana Ruiz",
            "Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM",
            "Image 1 of 9",
            "Previous 1 / 6 Next",
            "‹ Back to Story",
            "@anaruiz",
            "Caption",
            "The pier will reopen in spring, the council said on Tuesday.",
            "___",
            "ana.ruiz@baypost.example",
            "Reach the reporter on Twitter at https://twitter.example/anaruiz",
            "Reporting by Ana Ruiz; Editing by Tom Baines",
        ]);
        assert_eq!(
            kept,
            vec!["The pier will reopen in spring, the council said on Tuesday."]
        );
    }

    #[test]
    fn a_caption_line_goes_but_the_paragraph_under_it_stays() {
        let (kept, dropped) = strip(blocks(&[
            "Image copyright Getty Images\nThe harbour board voted on Tuesday to widen the old lock, a plan that has been argued over for thirty years and will take two summers to finish.",
        ]));
        assert_eq!(kept.len(), 1);
        assert!(kept[0].text.starts_with("The harbour board voted"));
        assert_eq!(dropped[0].text, "Image copyright Getty Images");
        assert_eq!(dropped[0].reason, Kind::Caption);
    }

    #[test]
    fn a_repeated_paragraph_keeps_its_first_copy() {
        let kept = kept_texts(&[
            "Gulls nest on the old pier at dawn.",
            "The colony has doubled since the pier closed to boats.",
            "Gulls nest on the old pier at dawn.",
            "Gulls nest on the old pier at dawn.",
        ]);
        assert_eq!(
            kept,
            vec![
                "Gulls nest on the old pier at dawn.",
                "The colony has doubled since the pier closed to boats."
            ]
        );
    }

    #[test]
    fn furniture_in_other_languages_and_site_kits() {
        let kept = kept_texts(&[
            "Advertisement 2",
            "3 Min Lesezeit",
            "E-Mail Teilen Mehr Twitter Drucken",
            "Empfohlener redaktioneller Inhalt",
            "An dieser Stelle findest du einen externen Inhalt, der den Artikel ergänzt.",
            "Im Vorjahr kamen Tausende Besucher. Bild: Anna Berg/Archiv",
            "Il vous reste 57% de cet article à lire. La suite est réservée aux abonnés.",
            "REGISTER / SIGN IN TO UNLOCK MORE ARTICLES",
            "Follow Bay Post on Google News for more stories like this",
            "Publiziert heute um 12:19 Uhr",
            "Fehler gefunden? Jetzt melden.",
            "Duration 1:30",
            "14 hours ago",
            "Kommentare",
            "Do you have a story to tell? Email: news@baypost.example",
            "To view this video please enable JavaScript",
            "Share this article in your social network",
            "By signing up you consent to receive the above newsletter from Bay Post Ltd.",
            "Der Hafen bleibt bis Ostern geschlossen, teilte die Stadt am Dienstag mit.",
        ]);
        assert_eq!(
            kept,
            vec!["Der Hafen bleibt bis Ostern geschlossen, teilte die Stadt am Dienstag mit."]
        );
    }

    #[test]
    fn a_note_on_the_writer_goes_at_the_end_only() {
        let kept = kept_texts(&[
            "The old harbour master retired on Friday after forty years at the quay.",
            "Jones was a reporter for the Gazette before he took the job in 1984.",
            "He will stay on the harbour board until the spring.",
            "Ana Ruiz is a politics reporter for the Bay Post.",
        ]);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept.iter().any(|k| k.starts_with("Jones was a reporter")));
        assert!(!kept.iter().any(|k| k.starts_with("Ana Ruiz")));
    }

    #[test]
    fn a_closing_pitch_goes_but_a_post_about_subscribing_stays() {
        let kept = kept_texts(&[
            "The reed is cut in November, when it has dried.",
            "*Enjoyed this story? Subscribe to get every new piece in your inbox.*",
        ]);
        assert_eq!(
            kept,
            vec!["The reed is cut in November, when it has dried."]
        );
        // The same words without a question to the reader are the post's own news.
        let post = "For subscribers, simply log in, go to Settings and add your reader's address.";
        let kept = kept_texts(&["The most requested feature is here.", post]);
        assert_eq!(kept.len(), 2, "{kept:?}");
    }

    #[test]
    fn a_topic_list_at_the_end_goes() {
        let kept = kept_texts(&[
            "Each kit comes with a guide to the river's rules.",
            "Topics\nLibraries\nChildren\nReuse this content",
        ]);
        assert_eq!(
            kept,
            vec!["Each kit comes with a guide to the river's rules."]
        );
    }

    #[test]
    fn a_note_on_the_bylined_writer_goes_whatever_the_trade() {
        let note = "Lena Ford is a professor of hydrology at the University of the North.";
        let run = |author: Option<&str>| {
            let (mut kept, mut dropped) = strip(blocks(&["The river comes over the walls.", note]));
            drop_writer_bio(&mut kept, author, &mut dropped);
            kept.len()
        };
        assert_eq!(run(Some("Lena Ford")), 1);
        // Someone else, or no byline: the paragraph is the story's.
        assert_eq!(run(Some("Tom Baines")), 2);
        assert_eq!(run(None), 2);
    }

    #[test]
    fn related_boxes_are_known_in_many_languages() {
        for head in [
            "関連記事",
            "Leia também",
            "Czytaj też",
            "Читайте также",
            "관련 기사",
            "相关阅读",
        ] {
            let kept = kept_texts(&[
                "The mill reopened on Monday after two years.",
                head,
                "Ferry fares to rise\nHarbour dredging approved",
            ]);
            assert_eq!(
                kept,
                vec!["The mill reopened on Monday after two years."],
                "{head}"
            );
        }
    }
}
