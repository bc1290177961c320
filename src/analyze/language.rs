//! The language an article is written in: the one place it is chosen ([`choose`]). The text is
//! read by whatlang (trigram statistics over 69 languages, no data files, microseconds a page);
//! a language the file declares (`<html lang>`, `Content-Language`, a `lang` key) is taken when
//! the text agrees with it or cannot tell, since many sites declare their template's language on
//! every page whatever it holds.

use whatlang::{Lang, Script};

use super::Found;

/// How much of an article's text is read to tell its language: past a few thousand characters
/// the answer no longer changes, and the time would.
const SAMPLE_BYTES: usize = 3000;
/// Fewer letters than this say too little to tell a language by (a title alone, a caption).
const MIN_LETTERS: usize = 20;

/// whatlang's languages as ISO 639-3, with their ISO 639-1 codes (what lede stores and filters
/// on). Norwegian Bokmål is `no`, the code pages and people use for it.
const ISO_639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "no"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// Languages so alike that trigram statistics often take one for another: when the file
/// declares one of a group and the text reads as another of it, the declaration is believed.
const CLOSE: &[&[&str]] = &[
    &["da", "no", "sv"],
    &["es", "pt", "gl", "ca"],
    &["id", "ms"],
    &["hr", "sr", "bs", "sl"],
    &["cs", "sk"],
    &["ru", "uk", "be", "bg", "mk"],
    &["nl", "af"],
];

/// The ISO 639-1 code of a whatlang language.
fn code_of(lang: Lang) -> Option<&'static str> {
    let three = lang.code();
    ISO_639_1
        .iter()
        .find(|(t, _)| *t == three)
        .map(|(_, one)| *one)
}

/// A declared language tag (`en-US`, `pt_BR`, `DE`, `deu`, `nb`) as an ISO 639-1 code, or
/// `None` when it is not one.
pub fn normalize(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_', ';', ',', ' '])
        .next()?
        .to_ascii_lowercase();
    match primary.len() {
        2 if primary.chars().all(|c| c.is_ascii_lowercase()) => Some(match primary.as_str() {
            "nb" | "nn" => "no".to_string(),
            _ => primary,
        }),
        3 => ISO_639_1
            .iter()
            .find(|(t, _)| *t == primary)
            .map(|(_, one)| one.to_string()),
        _ => None,
    }
}

fn close(a: &str, b: &str) -> bool {
    CLOSE.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// English words that are among the commonest of English prose and are not common words of
/// another language written in Latin letters (so not `in`, `is`, `a`, `for`, `was`, `will`).
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "to", "that", "with", "this", "are", "they", "their", "these", "which",
    "have", "has", "from", "were", "been", "would", "it",
];
/// How much of the text the English check reads.
const ENGLISH_SAMPLE_BYTES: usize = 1200;

/// Whether the text is plainly English: at least one word in twelve is one of
/// [`ENGLISH_MARKERS`] (English prose runs at one in five; other languages near none). whatlang
/// takes about 130 µs an article however short the text (it weighs every language's trigrams),
/// and most archives are mostly English, so this check (a few µs) answers for them first.
fn plainly_english(text: &str) -> bool {
    let sample = &text[..floor_boundary(text, ENGLISH_SAMPLE_BYTES)];
    let (mut words, mut markers) = (0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5 && ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(w)) {
            markers += 1;
        }
    }
    words >= 12 && markers * 12 >= words
}

/// What the text alone says: a language, and whether it is sure of it.
fn detect(text: &str) -> Option<(&'static str, bool)> {
    let sample = &text[..floor_boundary(text, SAMPLE_BYTES)];
    sample
        .chars()
        .filter(|c| c.is_alphabetic())
        .nth(MIN_LETTERS - 1)?;
    if plainly_english(sample) {
        return Some(("en", true));
    }
    let info = whatlang::detect(sample)?;
    // Kana is only Japanese and Hangul only Korean, however little text there is.
    let sure = info.is_reliable()
        || matches!(
            info.script(),
            Script::Hiragana | Script::Katakana | Script::Hangul
        );
    Some((code_of(info.lang())?, sure))
}

/// The language of an article with this title and body, given what its file declares: the
/// declaration when the text agrees, is close to it or cannot tell; what the text reads as when
/// it is sure and says otherwise; else what the text reads as when it is sure; else nothing.
pub fn choose(declared: Option<&str>, title: &str, body: &str) -> Option<Found<String>> {
    let mut text = String::with_capacity(title.len() + 1 + body.len().min(SAMPLE_BYTES));
    text.push_str(title);
    text.push('\n');
    text.push_str(&body[..floor_boundary(body, SAMPLE_BYTES)]);
    let read = detect(&text);
    let found = |value: &str, rule: String| {
        Some(Found {
            value: value.to_string(),
            rule,
        })
    };
    match (declared.and_then(normalize), read) {
        (Some(d), Some((r, true))) if r != d && !close(&d, r) => {
            found(r, format!("the text reads as {r} (the file says {d})"))
        }
        (Some(d), Some((r, _))) if r == d => {
            found(&d, "declared by the file, and the text reads as it".into())
        }
        (Some(d), _) => found(&d, "declared by the file".into()),
        (None, Some((r, true))) => found(r, "the text reads as it".into()),
        (None, _) => None,
    }
}

fn floor_boundary(s: &str, at: usize) -> usize {
    let mut end = s.len().min(at);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_has_a_two_letter_code() {
        for lang in Lang::all() {
            assert!(code_of(*lang).is_some(), "{lang:?}");
        }
        let mut ones: Vec<&str> = ISO_639_1.iter().map(|(_, o)| *o).collect();
        ones.sort();
        ones.dedup();
        assert_eq!(ones.len(), ISO_639_1.len(), "two languages share a code");
    }

    #[test]
    fn declared_tags_are_read_as_two_letter_codes() {
        // (declared, code) — tags as pages and exports write them.
        let table: &[(&str, Option<&str>)] = &[
            ("en-US", Some("en")),
            ("pt_BR", Some("pt")),
            ("DE", Some("de")),
            ("deu", Some("de")),
            ("nb-NO", Some("no")),
            ("zh-Hans-CN", Some("zh")),
            ("fr, en", Some("fr")),
            ("", None),
            ("english", None),
            ("x", None),
        ];
        for (tag, want) in table {
            assert_eq!(normalize(tag).as_deref(), *want, "{tag:?}");
        }
    }

    #[test]
    fn the_text_decides_when_it_is_sure_and_the_file_disagrees() {
        let de = "Die Häuser am Hafen wurden im Winter renoviert, und die Stadt hat neue \
                  Fenster für alle Wohnungen bestellt, weil der Wind im letzten Jahr stark war.";
        let en = "The harbour houses were repaired over the winter, and the town has ordered \
                  new windows for every flat because the wind was strong last year.";
        let pick = |declared, body| choose(declared, "", body).map(|f| f.value);
        // (declared, body, chosen)
        let table: &[(Option<&str>, &str, Option<&str>)] = &[
            (None, de, Some("de")),
            (None, en, Some("en")),
            (Some("en-US"), de, Some("de")),
            (Some("de"), de, Some("de")),
            (Some("de"), "Kurz.", Some("de")),
            (None, "Kurz.", None),
            (Some("klingon"), en, Some("en")),
        ];
        for (declared, body, want) in table {
            assert_eq!(
                pick(*declared, body).as_deref(),
                *want,
                "{declared:?} {body:.20}"
            );
        }
    }

    #[test]
    fn plain_english_is_told_by_its_commonest_words_and_nothing_else_is() {
        let en = "The council said that the repairs to the harbour wall would begin in May, and \
                  that the road along it will be closed to traffic while they are under way.";
        assert!(plainly_english(en));
        // (text that must not pass as English) — other languages, and English too short to tell.
        let not: &[&str] = &[
            "Die Stadt hat neue Fenster für alle Wohnungen bestellt, weil der Wind im letzten \
             Jahr so stark war und viele Scheiben zerbrochen sind, was niemand wollte.",
            "Kommunen vil bygge nye brygger for fiskerne i alle havnene langs kysten, og det er \
             for sent i år, sier de som bor der.",
            "Le conseil a dit que les travaux du port commenceront en mai, et que la route sera \
             fermée pendant tout le chantier de la digue.",
            "The pier.",
        ];
        for t in not {
            assert!(!plainly_english(t), "{t:.30}");
        }
    }

    #[test]
    fn close_languages_keep_the_declaration() {
        let no = "Regjeringen la fram et forslag om nye regler for fiske i fjordene, og \
                  fiskerne sier at de vil protestere mot endringene i neste uke.";
        assert_eq!(
            choose(Some("da"), "", no).map(|f| f.value).as_deref(),
            Some("da")
        );
    }

    #[test]
    fn cjk_scripts_are_told_apart() {
        let ja = "港の新しい橋は来年の春に開通する予定で、市は工事の費用を発表した。";
        let ko = "항구의 새 다리는 내년 봄에 개통될 예정이며 시는 공사 비용을 발표했다.";
        let zh = "港口的新桥预计明年春天通车，市政府公布了工程的费用和时间表。";
        for (text, want) in [(ja, "ja"), (ko, "ko"), (zh, "zh")] {
            assert_eq!(
                choose(None, "", text).map(|f| f.value).as_deref(),
                Some(want)
            );
        }
    }
}
