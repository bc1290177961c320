//! E-mail (`.eml`) and newsgroup posts: Subject is the title, Date the date, From the author,
//! Newsgroups or Organization the source. Quoted replies and signatures stay out of the body.
//! MIME, transfer encodings and charsets are handled by `mail-parser`.

use std::sync::LazyLock;

use mail_parser::MessageParser;
use regex::Regex;

use super::article::{Article, Found};
use super::dates::parse_date;
use super::furniture::{Dropped, Kind};

static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(from|to|cc|subject|date|newsgroups|message-id|path|received|return-path|organization|reply-to|sender|mime-version|content-type|delivered-to|x-[a-z0-9-]+|in-reply-to|references|lines|xref|nntp-posting-host)\s*:")
        .expect("valid regex")
});
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(on\s.{4,120}\bwrote:|.{2,80}\b(wrote|writes|schrieb|a écrit)\s*:|-+\s*original message\s*-+|begin forwarded message:?)\s*$")
        .expect("valid regex")
});

/// True when the text starts with mail or news headers and has a Subject.
pub fn looks_like_mail(text: &str) -> bool {
    let mut saw_subject = false;
    let mut headers = 0;
    for line in text.trim_start_matches('\u{feff}').lines().take(60) {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if !HEADER_LINE.is_match(line) {
            return false;
        }
        headers += 1;
        saw_subject |= line.to_ascii_lowercase().starts_with("subject:");
    }
    saw_subject && headers >= 2
}

/// The message's own words: no quoted lines, no attribution line, no signature. What was left
/// out comes back as runs of lines with the reason, numbered from 1 within `body`.
pub fn own_text(body: &str) -> (String, Vec<Dropped>) {
    let mut out: Vec<&str> = Vec::new();
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut leave_out = |no: usize, reason: Kind, text: &str| match dropped.last_mut() {
        // Consecutive quoted lines are one quotation.
        Some(d) if d.reason == reason && d.line + d.text.lines().count() == no => {
            d.text.push('\n');
            d.text.push_str(text);
        }
        _ => dropped.push(Dropped {
            line: no,
            reason,
            text: text.to_string(),
        }),
    };
    let lines: Vec<&str> = body.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_end();
        if t == "--" || t == "-- " || t == "__" {
            let signature = lines[i + 1..].join("\n");
            if !signature.trim().is_empty() {
                leave_out(i + 2, Kind::Signature, signature.trim_end());
            }
            break;
        }
        if t.trim_start().starts_with('>') {
            leave_out(i + 1, Kind::QuotedReply, t);
        } else if ATTRIBUTION.is_match(t.trim()) {
            leave_out(i + 1, Kind::ReplyAttribution, t.trim());
        } else {
            out.push(t);
        }
    }
    (out.join("\n").trim().to_string(), dropped)
}

/// Reads a mail message or news post.
pub fn analyze(bytes: &[u8]) -> Option<Article> {
    let msg = MessageParser::default().parse(bytes)?;
    let mut art = Article {
        format: "mail",
        encoding: "MIME",
        ..Article::default()
    };
    art.title = msg
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    art.title_rule = (!art.title.is_empty()).then(|| "Subject header".into());
    if let Some(d) = msg.date().and_then(|d| parse_date(&d.to_rfc3339())) {
        art.date = Some(Found {
            value: d,
            rule: "Date header".into(),
        });
    }
    if let Some(from) = msg.from().and_then(|f| f.first()) {
        art.author = from
            .name()
            .or(from.address())
            .map(|s| s.trim_matches('"').to_string());
    }
    let header = |name: &str| {
        msg.header_raw(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    art.declared_lang = header("Content-Language");
    art.source = header("Newsgroups")
        .map(|v| Found {
            value: v,
            rule: "Newsgroups header".into(),
        })
        .or_else(|| {
            header("Organization").map(|v| Found {
                value: v,
                rule: "Organization header".into(),
            })
        });
    let body = msg.body_text(0).map(|b| b.to_string()).unwrap_or_default();
    let (text, mut dropped) = own_text(&body.replace("\r\n", "\n"));
    // Number the left-out lines within the file: the body starts after the headers' blank line
    // (for a plain message; in a multipart one the numbers count from its first part's text).
    let raw = String::from_utf8_lossy(bytes);
    let header_lines = raw.lines().position(|l| l.trim().is_empty()).unwrap_or(0) + 1;
    for d in &mut dropped {
        d.line += header_lines;
    }
    art.body = text;
    art.dropped = dropped;
    Some(art)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_quotes_and_signature_are_left_out() {
        let raw = b"From: Ann Lee <ann@example.org>\nSubject: Re: Pier\nDate: Tue, 14 Jun 2022 18:03:27 +0200\nOrganization: Bay Society\n\nYes, we will come.\n\nOn 13 Jun 2022, Bob wrote:\n> Will you come?\n\n-- \nAnn Lee\n";
        let a = analyze(raw).expect("mail");
        assert_eq!(a.title, "Re: Pier");
        assert_eq!(a.body, "Yes, we will come.");
        let left_out: Vec<(usize, Kind, &str)> = a
            .dropped
            .iter()
            .map(|d| (d.line, d.reason, d.text.as_str()))
            .collect();
        assert_eq!(
            left_out,
            vec![
                (8, Kind::ReplyAttribution, "On 13 Jun 2022, Bob wrote:"),
                (9, Kind::QuotedReply, "> Will you come?"),
                (12, Kind::Signature, "Ann Lee"),
            ]
        );
        assert_eq!(a.author.as_deref(), Some("Ann Lee"));
        assert_eq!(a.source.map(|s| s.value).as_deref(), Some("Bay Society"));
        assert_eq!(
            a.date.map(|d| d.value.to_rfc3339()).as_deref(),
            Some("2022-06-14T16:03:27Z")
        );
    }

    #[test]
    fn header_first_text_is_recognised() {
        assert!(looks_like_mail("From: a@b\nSubject: x\n\nbody"));
        assert!(!looks_like_mail("Subject to change: the ferry\n\nbody"));
        assert!(!looks_like_mail("A title\n\nFrom: the body"));
    }
}
