//! What a dropped paragraph was: one kind per rule family, compared as values; the `Display` text
//! is the reason `lede parse --explain` prints.

use std::fmt;

/// Why a paragraph or line was left out of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// "5 min read".
    ReadingTime,
    /// A photo caption or credit line.
    Caption,
    /// "Follow us on Facebook", share buttons.
    Social,
    /// "Sign up for our newsletter".
    Newsletter,
    /// A cookie notice.
    Cookies,
    /// "Advertisement".
    Advert,
    /// A paywall or donation pitch.
    Pitch,
    /// "Read more: ..." linking elsewhere.
    Teaser,
    /// "© 2024 ...".
    Copyright,
    /// "Reporting by ...; Editing by ...".
    Credits,
    /// The placeholder of an embedded post or video.
    EmbedNotice,
    /// Error reports, comment rules, "get the app".
    PagePrompt,
    /// A reporter's address or tip line.
    Contact,
    /// "Image 1 of 9".
    Gallery,
    /// A line naming the writer alone.
    Byline,
    /// A line that is only a date or a time stamp (the readers date the article by it).
    DateLine,
    /// A line with no letters or digits.
    Divider,
    /// Menu links, skip links, breadcrumbs, audio-player controls.
    Navigation,
    /// "Related Content" and the teasers after it, ending the article.
    Trailer,
    /// A "Related" heading left alone mid-article.
    TrailerHeading,
    /// "Ana Ruiz is a reporter for ..." at the end.
    WriterNote,
    /// A paragraph printed again in the same article.
    Repeated,
    /// Site, section or kicker lines above a plain-text headline.
    HeadlineLabel,
    /// A lone labelled line over the headline ("Source: ...", "By: ...") read into its field.
    HeaderLine,
    /// "-30-", "(END)": the mark that closes wire and press copy.
    EndMarker,
    /// "(Reporting by ...)" closing a wire story in plain text.
    WireSignoff,
    /// A mail signature.
    Signature,
    /// Quoted lines of a reply.
    QuotedReply,
    /// "On Monday, X wrote:".
    ReplyAttribution,
    /// A line of a JSON Lines file that is not valid JSON.
    BadJsonLine,
    /// The text from this line on, past the most one article is read for.
    TooLong,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Kind::ReadingTime => "reading-time line",
            Kind::Caption => "photo caption or credit",
            Kind::Social => "social or share prompt",
            Kind::Newsletter => "newsletter prompt",
            Kind::Cookies => "cookie notice",
            Kind::Advert => "advertisement marker",
            Kind::Pitch => "subscription pitch",
            Kind::Teaser => "teaser link to another article",
            Kind::Copyright => "copyright line",
            Kind::Credits => "credits line",
            Kind::EmbedNotice => "embedded-content notice",
            Kind::PagePrompt => "prompt about the page",
            Kind::Contact => "reporter's contact line",
            Kind::Gallery => "gallery controls",
            Kind::Byline => "byline",
            Kind::DateLine => "date line",
            Kind::Divider => "divider or blank",
            Kind::Navigation => "site navigation",
            Kind::Trailer => "related-articles trailer",
            Kind::TrailerHeading => "related-articles heading",
            Kind::WriterNote => "note on the writer",
            Kind::Repeated => "repeated within the article",
            Kind::HeadlineLabel => "label above the headline (site, section or kicker)",
            Kind::HeaderLine => "labelled header line (read into its field)",
            Kind::EndMarker => "end-of-copy marker",
            Kind::WireSignoff => "wire sign-off",
            Kind::Signature => "signature",
            Kind::QuotedReply => "quoted reply",
            Kind::ReplyAttribution => "reply attribution",
            Kind::BadJsonLine => "not valid JSON",
            Kind::TooLong => "past the most text one article is read for (8 MB)",
        };
        f.write_str(text)
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
