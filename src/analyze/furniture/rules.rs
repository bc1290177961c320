//! The rules that judge one paragraph (or one line) alone, as a table: each rule's kind, the
//! longest paragraph it looks at, the cue words without which its pattern cannot match, and its
//! test, with an example it drops and one it keeps. The first rule that fires decides.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::kind::Kind;
use super::patterns as p;
use crate::analyze::common::is_sentence;
use crate::analyze::dates::parse_date;
use crate::analyze::twin::Twin;

/// How a rule tests a paragraph (trimmed).
pub(super) enum Test {
    /// A verbose regular expression from `patterns`.
    Pattern(&'static str),
    /// A check written as code, for what a pattern says badly.
    Check(fn(&str) -> bool),
}

/// One single-paragraph rule.
pub(super) struct Rule {
    /// What a paragraph the rule fires on is.
    pub kind: Kind,
    /// The longest paragraph (characters, before trimming) the rule judges: longer text is prose.
    pub max_chars: usize,
    /// Words (ASCII case ignored) one of which the paragraph must hold before the test runs:
    /// the pattern needs one of them, so keep the two in step. Empty: no cue needed.
    pub cues: &'static [&'static str],
    /// Paragraphs up to this long are tested even without a cue.
    pub cue_free_chars: usize,
    /// The test.
    pub test: Test,
    /// A paragraph this rule (and no rule before it) drops (read by the table test).
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
    /// A paragraph this rule's test keeps (read by the table test).
    #[cfg_attr(not(test), allow(dead_code))]
    pub counterexample: &'static str,
}

/// No length limit.
const ANY: usize = usize::MAX;
/// Cue words are looked for only in paragraphs up to this long; a rule with cues never fires on
/// a longer one.
const CUE_SCAN_MAX_CHARS: usize = 400;
/// Short lines (a lone "Share", "Facebook") are share prompts without a cue word.
const SOCIAL_CUE_FREE_CHARS: usize = 60;
/// A tool row, a byline, a stamp or a menu link is a short line.
const SHORT_LINE_CHARS: usize = 100;
/// Prompts and notices run to a few sentences.
const PROMPT_MAX_CHARS: usize = 300;
/// Credits and contact lines run to a long sentence.
const CREDIT_MAX_CHARS: usize = 250;
/// Share prompts, teasers and copyright lines are one short sentence.
const LINE_MAX_CHARS: usize = 200;
/// A gallery's controls are a few words.
const GALLERY_MAX_CHARS: usize = 60;
/// A date standing alone.
const DATE_MAX_CHARS: usize = 80;

/// The rules, in the order they are tried.
pub(super) static RULES: &[Rule] = &[
    Rule {
        kind: Kind::ReadingTime,
        max_chars: ANY,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::READING_TIME),
        example: "5 min read",
        counterexample: "Read the five reports",
    },
    Rule {
        kind: Kind::Caption,
        max_chars: CUE_SCAN_MAX_CHARS,
        cues: &[
            "photo",
            "image",
            "picture",
            "video",
            "credit",
            "caption",
            "foto",
            "bild",
            "getty",
            "shutterstock",
            "imago",
        ],
        cue_free_chars: 0,
        test: Test::Pattern(p::CAPTION),
        example: "Photo: Ana Ruiz/Harbour Gazette",
        counterexample: "A photograph of the pier hangs in the hall.",
    },
    Rule {
        kind: Kind::Social,
        max_chars: LINE_MAX_CHARS,
        cues: &[
            "facebook",
            "twitter",
            "instagram",
            "telegram",
            "whatsapp",
            "linkedin",
            "youtube",
            "tiktok",
            "threads",
            "bluesky",
            "page",
            "channel",
            "be the first",
            "share",
            "follow",
            "click here",
        ],
        cue_free_chars: SOCIAL_CUE_FREE_CHARS,
        test: Test::Pattern(p::SOCIAL),
        example: "Follow us on Facebook",
        counterexample: "The council will follow the plan.",
    },
    Rule {
        kind: Kind::Newsletter,
        max_chars: PROMPT_MAX_CHARS,
        cues: &["newsletter", "briefing", "sign up"],
        cue_free_chars: 0,
        test: Test::Pattern(p::NEWSLETTER),
        example: "Sign up for our morning newsletter",
        counterexample: "The newsletter went out on Monday to 400 readers.",
    },
    Rule {
        kind: Kind::Cookies,
        max_chars: CUE_SCAN_MAX_CHARS,
        cues: &["cookie"],
        cue_free_chars: 0,
        test: Test::Pattern(p::COOKIES),
        example: "This website uses cookies to improve your experience.",
        counterexample: "She baked cookies for the fete.",
    },
    Rule {
        kind: Kind::Advert,
        max_chars: ANY,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::ADVERT),
        example: "Advertisement",
        counterexample: "Advertisement spending rose by a fifth.",
    },
    Rule {
        kind: Kind::Pitch,
        max_chars: PROMPT_MAX_CHARS,
        cues: &[
            "subscri",
            "continue",
            "create a free",
            "unlock",
            "journalism",
            "become a",
            "upgrade your",
            "show",
            "sign in",
            "register",
            "log in",
            "free to read",
            "réserv",
            "abonn",
            "suscriptor",
        ],
        cue_free_chars: 0,
        test: Test::Pattern(p::PAYWALL),
        example: "Subscribe now to keep reading",
        counterexample: "The paper has 2,000 subscribers.",
    },
    Rule {
        kind: Kind::Teaser,
        max_chars: LINE_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::INLINE_TEASER),
        example: "Read more: Ferry fares to rise",
        counterexample: "Read more about the plan in the council minutes.",
    },
    Rule {
        kind: Kind::Copyright,
        max_chars: LINE_MAX_CHARS,
        cues: &["©", "(c)", "copyright", "rights reserved"],
        cue_free_chars: 0,
        test: Test::Pattern(p::COPYRIGHT),
        example: "© 2024 The Harbour Gazette",
        counterexample: "Copyright law changed in the spring.",
    },
    Rule {
        kind: Kind::Credits,
        max_chars: CREDIT_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::CREDITS),
        example: "Reporting by Ana Ruiz; Editing by Tom Baines",
        counterexample: "Reporting by the council was late.",
    },
    Rule {
        kind: Kind::EmbedNotice,
        max_chars: PROMPT_MAX_CHARS,
        cues: &[
            "inhalt",
            "drittplattform",
            "einverstanden",
            "third party",
            "third-party",
            "javascript",
            "this content",
            "allow",
            "embedded",
            "extern",
        ],
        cue_free_chars: 0,
        test: Test::Pattern(p::EMBED_NOTICE),
        example: "Please enable JavaScript to view this content.",
        counterexample: "The ferry timetable is online.",
    },
    Rule {
        kind: Kind::PagePrompt,
        max_chars: PROMPT_MAX_CHARS,
        cues: &[
            "fehler",
            "error",
            "typo",
            "mistake",
            "komment",
            "comment",
            "guidelines",
            "standards",
            "app",
            "abmelden",
            "unsubscribe",
            "reuse",
            "browser",
            "receiving",
            "preferences",
            "subscription",
        ],
        cue_free_chars: 0,
        test: Test::Pattern(p::PAGE_PROMPT),
        example: "Found an error? Report it to the desk.",
        counterexample: "The referee made an error in the second half.",
    },
    Rule {
        kind: Kind::Social,
        max_chars: SHORT_LINE_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Check(is_tool_row),
        example: "Share Tweet Email",
        counterexample: "Share prices fell",
    },
    Rule {
        kind: Kind::Contact,
        max_chars: CREDIT_MAX_CHARS,
        cues: &["@"],
        cue_free_chars: 0,
        test: Test::Pattern(p::TIP_LINE),
        example: "Got a story to tell? Email tips@harbourgazette.example",
        counterexample: "Email the council at clerk@lindale.example about parking.",
    },
    Rule {
        kind: Kind::Gallery,
        max_chars: GALLERY_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::GALLERY),
        example: "Image 1 of 9",
        counterexample: "Image of the week",
    },
    Rule {
        kind: Kind::Contact,
        max_chars: CREDIT_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::CONTACT),
        example: "news@harbourgazette.example",
        counterexample: "Write to the editor at the address below.",
    },
    Rule {
        kind: Kind::Contact,
        max_chars: PROMPT_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Check(is_contact_block),
        example: "Media contact:\nPress Office, Harbour Board\npress@harbourboard.example",
        counterexample: "Media contact with the ministers was kept to a minimum.",
    },
    Rule {
        kind: Kind::EndMarker,
        max_chars: GALLERY_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::END_MARKER),
        example: "-30-",
        counterexample: "The End of the Pier Show",
    },
    Rule {
        kind: Kind::Byline,
        max_chars: SHORT_LINE_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Check(is_byline),
        example: "By Ana Ruiz",
        counterexample: "By Christmas, the ferry will run twice a day to the island.",
    },
    Rule {
        kind: Kind::DateLine,
        max_chars: SHORT_LINE_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::STAMP),
        example: "Updated 3 hours ago",
        counterexample: "Updated plans were shown to the council.",
    },
    Rule {
        kind: Kind::Divider,
        max_chars: ANY,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Check(is_divider),
        example: "* * *",
        counterexample: "Part 2",
    },
    Rule {
        kind: Kind::Navigation,
        max_chars: SHORT_LINE_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::NAV),
        example: "Skip to main content",
        counterexample: "Skip the queue by booking online.",
    },
    Rule {
        kind: Kind::Navigation,
        max_chars: SHORT_LINE_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Pattern(p::DURATION),
        example: "4 min",
        counterexample: "4 minutes of silence",
    },
    Rule {
        kind: Kind::Navigation,
        max_chars: SHORT_LINE_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Check(is_nav_bar),
        example: "News | Business | Sport",
        counterexample: "Oil, gas and coal | a history",
    },
    Rule {
        kind: Kind::DateLine,
        max_chars: DATE_MAX_CHARS,
        cues: &[],
        cue_free_chars: 0,
        test: Test::Check(is_bare_date),
        example: "Friday, 3 November 2023",
        counterexample: "The 3 ferries sailed.",
    },
];

/// Compiles a verbose pattern from `patterns` (a typo there fails every test at once).
pub(super) fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid furniture pattern")
}

/// The rules' patterns in table order, each compiled when a paragraph first reaches it (a rule
/// behind cue words a text lacks is never compiled for it); those with long counted repeats are
/// tried through their cheaper twin first (see `twin`).
static COMPILED: LazyLock<Vec<OnceLock<Twin>>> =
    LazyLock::new(|| RULES.iter().map(|_| OnceLock::new()).collect());

/// Every rule's cue words in one automaton, each mapped to the bit of the rules that need it:
/// one pass over a paragraph replaces a pass of each rule's regex over prose that has none.
static CUE_FINDER: LazyLock<(AhoCorasick, Vec<u64>)> = LazyLock::new(|| {
    let mut words: Vec<&str> = Vec::new();
    let mut bits: Vec<u64> = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        for w in rule.cues {
            match words.iter().position(|x| x == w) {
                Some(at) => bits[at] |= 1 << i,
                None => {
                    words.push(w);
                    bits.push(1 << i);
                }
            }
        }
    }
    let finder = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&words)
        .expect("valid cue words");
    (finder, bits)
});

/// Bits of the rules whose cue words `t` holds.
fn cue_bits(t: &str) -> u64 {
    let (finder, bits) = &*CUE_FINDER;
    finder
        .find_overlapping_iter(t)
        .fold(0, |acc, m| acc | bits[m.pattern().as_usize()])
}

/// Whether rule `i` fires on `t` (trimmed), length and cues aside.
fn fires(i: usize, t: &str) -> bool {
    match RULES[i].test {
        Test::Check(check) => check(t),
        Test::Pattern(pat) => COMPILED[i].get_or_init(|| Twin::new(pat)).is_match(t),
    }
}

/// The first rule that fires on one paragraph (or line), by index.
fn first_rule(text: &str) -> Option<usize> {
    let len = text.chars().count();
    let t = text.trim();
    let cues = if len <= CUE_SCAN_MAX_CHARS {
        cue_bits(t)
    } else {
        0
    };
    RULES.iter().enumerate().find_map(|(i, rule)| {
        let cue_ok = rule.cues.is_empty() || len <= rule.cue_free_chars || cues & (1 << i) != 0;
        (len <= rule.max_chars && cue_ok && fires(i, t)).then_some(i)
    })
}

/// What one paragraph (or line) is, if a single-paragraph rule finds it furniture.
pub(super) fn single_rule(text: &str) -> Option<Kind> {
    first_rule(text).map(|i| RULES[i].kind)
}

/// The rule that makes a paragraph furniture: one that fits it whole, or, for a paragraph of
/// several lines ("Share on X / Share on Facebook / Share via Email", a run of menu links), one
/// that fits every line of it.
pub(super) fn paragraph_rule(text: &str) -> Option<Kind> {
    single_rule(text).or_else(|| {
        // A paragraph of one trimmed line is its only line: the rules have already seen it.
        if !text.contains('\n') && text.trim().len() == text.len() {
            return None;
        }
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = single_rule(lines.next()?)?;
        lines.all(|l| single_rule(l).is_some()).then_some(first)
    })
}

/// A line crediting the writer: the byline pattern, and not a sentence that opens with "By".
fn is_byline(t: &str) -> bool {
    static BYLINE: LazyLock<Regex> = LazyLock::new(|| compile(p::BYLINE_LINE));
    BYLINE.is_match(t) && !is_sentence(t)
}

/// A press office's contact block: its heading ("Media contact:") on the first line, and an
/// address or a number under it.
fn is_contact_block(t: &str) -> bool {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| compile(p::CONTACT_HEAD));
    let mut lines = t.lines();
    let head = lines.next().unwrap_or_default().trim();
    let rest: Vec<&str> = lines.collect();
    HEAD.is_match(head)
        && rest.len() <= 5
        && rest
            .iter()
            .any(|l| l.contains('@') || l.chars().filter(char::is_ascii_digit).count() >= 6)
}

/// No letter or digit at all: a divider ("* * *") or an empty line.
fn is_divider(t: &str) -> bool {
    !t.chars().any(char::is_alphanumeric)
}

/// "Updated 05/11/2023", "Published: Friday, 3 November 2023": a date alone is page furniture.
fn is_bare_date(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit()) && parse_date(t).is_some()
}

/// A row of article tools: every word a share, print or comment link ("E-Mail Teilen Mehr
/// Twitter Drucken", "Share Tweet Email").
fn is_tool_row(t: &str) -> bool {
    const TOOLS: [&str; 36] = [
        "share",
        "tweet",
        "email",
        "e-mail",
        "print",
        "save",
        "comment",
        "comments",
        "copy",
        "link",
        "more",
        "feedback",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "linkedin",
        "reddit",
        "pinterest",
        "telegram",
        "teilen",
        "drucken",
        "merken",
        "mehr",
        "kommentare",
        "partager",
        "imprimer",
        "compartir",
        "imprimir",
        "condividi",
        "stampa",
        "delen",
        "シェア",
        "印刷",
        "fehler",
        "melden",
    ];
    let mut words = 0;
    for w in t
        .split(|c: char| c.is_whitespace() || c == '|' || c == '·' || c == '•')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        if !TOOLS.iter().any(|tool| tool.eq_ignore_ascii_case(w)) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// A row of menu links: three or more short items between `|`, `•`, `·`, `›`, `»`, or a spaced
/// ` > ` or ` / ` ("News | Business | Sport", "Home > World > Europe"; not "ACME <ACM> BUYS
/// <XYZ> UNIT").
fn is_nav_bar(t: &str) -> bool {
    for sep in ["|", "•", "·", "›", "»", " > ", " / "] {
        if !t.contains(sep) {
            continue;
        }
        let items: Vec<&str> = t.split(sep).map(str::trim).collect();
        if items.len() >= 3
            && items
                .iter()
                .all(|i| !i.is_empty() && i.split_whitespace().count() <= 3 && !i.ends_with('.'))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_drops_its_example_and_keeps_its_counterexample() {
        for (i, rule) in RULES.iter().enumerate() {
            assert_eq!(
                first_rule(rule.example),
                Some(i),
                "rule {i} ({}) should be the first to drop {:?}",
                rule.kind,
                rule.example
            );
            assert!(
                !fires(i, rule.counterexample.trim()),
                "rule {i} ({}) should keep {:?}",
                rule.kind,
                rule.counterexample
            );
        }
    }

    #[test]
    fn a_cue_rule_never_fires_past_the_cue_scan() {
        for rule in RULES.iter().filter(|r| !r.cues.is_empty()) {
            assert!(rule.max_chars <= CUE_SCAN_MAX_CHARS, "{}", rule.kind);
        }
    }
}
