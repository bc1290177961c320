//! Evidence in the text of who published an article: the publication naming itself in its own
//! furniture ("more people are reading The Harbour Gazette"), and wire credits such as "(Reuters)".

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::article::Found;
use super::furniture::Dropped;
use super::twin::{self, Twin};

static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Tt]he\s+)?((?:[A-Z][\w'&-]+\s+){0,3}(?:Post|Times|News|Herald|Journal|Gazette|Tribune|Guardian|Telegraph|Chronicle|Review|Observer|Independent|Express|Mail|Star|Standard|Economist|Monitor|Record|Inquirer|Register|Courier|Sentinel|Dispatch|Examiner|Bulletin|Ledger|Mirror|Globe|Times-\w+|Press|Daily|Weekly|Post-\w+|Wire|Today|Reporter|Advocate|Clarion))\b",
    )
    .expect("valid regex")
});
/// The holder a copyright line names: "© 2022 The Ashford Herald. All rights reserved",
/// "Copyright Eastbrook Echo 2022".
static COPYRIGHT_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:©|\([cC]\)|[Cc]opyright|COPYRIGHT)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?(?:[Bb]y\s+)?(\p{Lu}[\p{L}&'.-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}&'.-]*){0,4})",
    )
    .expect("valid regex")
});
/// A wire dateline: `KIRUNDAL (Meridian Wire) - ...` at the start of the body.
static DATELINE: LazyLock<Twin> =
    LazyLock::new(|| Twin::new(r"^[A-Z][A-Z .,'/-]{1,40}?\s*\(([A-Z][\w .&'-]{1,40})\)\s*[-–—]"));

/// Whether a match of `DATELINE`'s open twin keeps to its bounds: at most 41 characters before
/// the parenthesis (its class leaves it out) and a credit of 2 to 41.
fn dateline_within(c: &regex::Captures) -> bool {
    let whole = c.get(0).map_or("", |m| m.as_str());
    let place = whole
        .find('(')
        .map_or(usize::MAX, |i| whole[..i].chars().count());
    place <= 41 && (2..=41).contains(&twin::chars(c, 1))
}
static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\((Reuters|AP|AFP|Associated Press|Bloomberg|UPI|dpa|Xinhua|PA|Agence France-Presse)\)",
    )
    .expect("valid regex")
});

static DOMAIN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:www\.)?([\w-]+)((?:\.(?:com|co|net|org|gov|ac|or|ne))?\.[A-Za-z]{2,6})$")
        .expect("valid regex")
});

/// A publication's name as a site declares it, with a bare web address reduced to its name:
/// "NTV.com.tr" is NTV and "stern.de" is stern, so one publisher's pages group under one name
/// whether or not they spell out the domain.
pub fn publication_name(declared: &str) -> String {
    let name = declared.split_whitespace().collect::<Vec<_>>().join(" ");
    match DOMAIN_NAME.captures(&name) {
        Some(c) => c[1].to_string(),
        None => name,
    }
}

/// True when `line` is a wire service's sign-off (`Reuter`, `REUTER`, `-- AP`).
pub fn is_wire_signoff(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['-', ' ']);
    matches!(
        t.to_ascii_lowercase().as_str(),
        "reuter" | "reuters" | "ap" | "afp" | "upi"
    )
}

/// The publication behind a wire sign-off.
pub fn wire_name(line: &str) -> String {
    let t = line
        .trim()
        .trim_start_matches(['-', ' '])
        .to_ascii_lowercase();
    match t.as_str() {
        "reuter" | "reuters" => "Reuters".into(),
        "ap" => "Associated Press".into(),
        "afp" => "AFP".into(),
        _ => t.to_ascii_uppercase(),
    }
}

/// A masthead set in capitals ("THE MERIDIAN TIMES") in title case, so it reads as a name; any
/// other text as it is.
pub(super) fn title_case_shouting(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_lowercase) || !text.chars().any(char::is_uppercase) {
        return text.into();
    }
    text.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_string() + &cs.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// The source the text itself gives: a masthead named in the dropped furniture, else a wire
/// credit near the start of the body.
pub fn from_text(body: &str, dropped: &[Dropped]) -> Option<Found<String>> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for d in dropped {
        let text = title_case_shouting(&d.text);
        for c in MASTHEAD.captures_iter(&text) {
            let name = c[1].trim();
            // One capitalised word alone ("News") says nothing.
            if name.split_whitespace().count() >= 2 {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
    }
    // A copyright line names the holder outright.
    let holder = dropped.iter().find_map(|d| {
        d.text.lines().find_map(|l| {
            let caps = COPYRIGHT_HOLDER.captures(l.trim())?;
            // The name ends with its sentence ("The Ashford Herald. All rights reserved").
            let name = caps[1].split(". ").next().unwrap_or_default();
            let name = name.trim_end_matches(['.', ',']).to_string();
            (name.split_whitespace().count() >= 2 || name.len() >= 4)
                .then_some(name)
                .filter(|n| !n.eq_ignore_ascii_case("all rights reserved"))
        })
    });
    if let Some(name) = holder {
        return Some(Found {
            value: name,
            rule: "copyright holder in the page furniture".into(),
        });
    }
    if let Some((name, _)) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
    {
        let the = if name.starts_with("The ") { "" } else { "The " };
        return Some(Found {
            value: format!("{the}{name}"),
            rule: "publication named in its own page furniture".into(),
        });
    }
    if let Some(c) = DATELINE.captures(body.trim_start(), dateline_within) {
        return Some(Found {
            value: c[1].trim().to_string(),
            rule: "wire dateline credit at the start of the body".into(),
        });
    }
    let head: String = body.chars().take(400).collect();
    WIRE_CREDIT.captures(&head).map(|c| Found {
        value: match &c[1] {
            "AP" => "Associated Press".to_string(),
            other => other.to_string(),
        },
        rule: "wire credit at the start of the body".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_dateline_twin_captures_what_its_pattern_does() {
        let city = "K".repeat(41);
        let credit = "W".repeat(41);
        let bodies = [
            "KIRUNDAL (Meridian Wire) - The port reopened.".to_string(),
            format!("{city} (Meridian Wire) - x"),
            format!("K{city} (Meridian Wire) - x"),
            format!("KIRUNDAL ({credit}) - x"),
            format!("KIRUNDAL (W{credit}) - x"),
            "KIRUNDAL, NORTH (AP) — x".to_string(),
            "Nothing here (Wire) - x".to_string(),
        ];
        let exact = regex::Regex::new(DATELINE.pattern()).expect("valid");
        for body in &bodies {
            let want = exact.captures(body).map(|c| c[1].to_string());
            let got = DATELINE
                .captures(body, dateline_within)
                .map(|c| c[1].to_string());
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn masthead_in_furniture() {
        let d = vec![Dropped {
            line: 3,
            reason: crate::analyze::furniture::Kind::Pitch,
            text: "More people are reading The Harbour Gazette than ever.".into(),
        }];
        let s = from_text("Body text.", &d).map(|f| f.value);
        assert_eq!(s.as_deref(), Some("The Harbour Gazette"));
    }

    #[test]
    fn web_addresses_as_site_names_become_names() {
        assert_eq!(publication_name("NTV.com.tr"), "NTV");
        assert_eq!(publication_name("Süddeutsche.de"), "Süddeutsche");
        assert_eq!(publication_name("www.example-news.co.uk"), "example-news");
        assert_eq!(
            publication_name("The  Harbour Gazette"),
            "The Harbour Gazette"
        );
        assert_eq!(publication_name("Yahoo!ニュース"), "Yahoo!ニュース");
    }

    #[test]
    fn wire_credit_in_lead() {
        let s = from_text("LIMA (Reuters) - Copper rose.", &[]).map(|f| f.value);
        assert_eq!(s.as_deref(), Some("Reuters"));
        assert!(from_text("Nothing here says who wrote it.", &[]).is_none());
    }
}
