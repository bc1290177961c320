//! Page furniture: the parts of a saved page that are not the article (paywall pitches, social
//! prompts, reading-time lines, photo credits, share links, cookie notices, "Related Content"
//! trailers). Rules here know the common kinds; `corpus` learns the rest from repetition.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

/// One paragraph of text and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The paragraph's text, lines joined with `\n`.
    pub text: String,
    /// Line number of its first line in the file.
    pub line: usize,
}

/// A paragraph left out of the article, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Line number of its first line in the file.
    pub line: usize,
    /// Which rule dropped it.
    pub reason: String,
    /// The text that was dropped.
    pub text: String,
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid furniture regex")
}

static READING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(\d+\s*(-|to)?\s*\d*\s*(min|mins|minute|minutes)\.?\s+(read|reading|listen|lesezeit|lesedauer|de lecture|de leitura|di lettura|leestijd)\b.{0,20}|(estimated\s+)?(reading|read)\s+time\s*:?\s*\d+.{0,20}|(lesezeit|lesedauer|temps de lecture|tiempo de lectura)\s*:?\s*\d+.{0,20}|\d+\s*minutos de lectura)$",
    )
});
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\((photo|image|picture|photograph|video|credit)s?(\s+credits?)?\s*:|\b(photo|image|picture)\s+(credits?|courtesy)\s*:|^(photo|image|picture|photograph|caption|credits?|foto|bild|fotos|bildquelle|crédit photo)\s*:|[|]\s*(bild|foto|photo)\s*:|\b(foto|bild)\s*:\s*\p{Lu}[^.]{0,60}$|\b(getty\s+images|shutterstock|afp\s+via\s+getty|imago images|picture alliance)\b",
    )
});
static SOCIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(join|follow|like|find|connect with)\s+(us|our)\b.{0,60}\b(facebook|twitter|instagram|telegram|whatsapp|linkedin|youtube|tiktok|threads|bluesky|page|channel)\b|^follow \S+( \S+)? on (google news|twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube|whatsapp|telegram)\b|\bbe the first to (know|comment)\b|^share this (article|story|page)\b.{0,60}$|^(share|tweet|print|email|e-mail|comments?|save|copy link|share this( article| story| page)?|print this( article| page)?|email this( article| story)?|like this|like loading\.*|loading\.*|gift (this )?(article|story)|save (this )?(article|story)|(view|show|read|see) (all )?(\d+ )?comments?|facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|instagram|tumblr|pocket|flipboard|messenger|threads|bluesky|mastodon|xing)\s*:?(\s*\(\d+\))?$|^share (on|via) \w+|\bclick here\b",
    )
});
static NEWSLETTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(sign up|signing up|subscribe|register|anmelden)\b.{0,40}\bnewsletters?\b|\bnewsletters?\b.{0,20}\b(sign[- ]?up|inbox)\b|\bget (our|the) .{0,30}(newsletter|briefing)\b|^newsletters?\b.{0,40}$|^sign up (for|to)\b.{0,120}$",
    )
});
static COOKIES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(we|this (site|website)|our (site|website))\s+uses?\s+cookies\b|\baccept (all )?cookies\b|\bcookie (policy|settings|preferences|consent)\b",
    )
});
static ADVERT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(advertisement( \d+)?|advertising|sponsored( content)?|ad|article content|story continues below( advertisement)?|continue reading (the )?(main )?story( below)?|scroll to continue( with content)?|anzeige|werbung|publicité|publicidad|pubblicità|advertentie)$",
    )
});
/// Phrases that only a pitch uses: enough on their own to drop a short paragraph.
static PAYWALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(subscribe now|subscribers only|already a subscriber|to continue reading|log in to continue|create a free account|unlock (this|full|unlimited) (article|access|story)|support (our|independent|quality) journalism|become a (member|subscriber|supporter|patron)|upgrade your|show me later|don'?t show (it|this) again|(sign in|register|subscribe|log in) to (unlock|continue|keep reading|read (more|the full))|unlock more articles|reserved for subscribers|free to read,? register|continue with your reading experience|réservée? aux abonnés|la suite est réservée|nur für abonnenten|abonnieren sie|jetzt abonnieren|exclusivo para suscriptores)\b",
    )
});
/// Words a pitch uses that prose uses too: they only mark where a "Dear Reader" pitch ends.
static PITCH_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(subscribe|subscription|subscriber|paywall|per (month|week|year)|a (month|week) you|premium|donate|donation|membership|supporter|support us)\b",
    )
});
static PITCH_OPENER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(dear (reader|readers|subscriber)s?\b|a (message|note) (from|to) (the editor|our readers)|support (our|independent|quality) journalism|support (the |our )?\p{Lu}\p{L}+( \p{Lu}\p{L}+){0,3}$|before you go\b|we have a small favou?r to ask)",
    )
});
static TRAILER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(related( content| articles?| stories| news| posts| coverage| reading| links)?|read (more|next|also)|more (from|on|stories|news|in)\b.{0,40}|recommended( for you| stories| articles| reading| videos| from \w+)?|you (may|might) (also )?(like|be interested in)|most (read|popular|viewed|shared)( in .{0,30})?|lesen sie auch|lest auch|mehr zum thema|auch interessant|das könnte sie auch interessieren|à lire aussi|lire aussi|sur le même sujet|leer más|lee también|vedi anche|leggi anche|lees ook|also read|see also|trending( now| stories)?|latest (news|stories|articles)|top stories|further reading|what to read next|editor'?s picks?|explore more( on these topics)?|more on (this|these) (story|stories|topics?)|related topics)\s*[:.…]*$",
    )
});
static INLINE_TEASER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(read more|also read|read also|related|see also|more|watch|listen|recommended|read next)\s*[:>|»-]\s*\S",
    )
});
/// Links of a site's header and footer that a scrape keeps as lines of their own.
static NAV: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(skip to (the )?(main )?(content|navigation|article|search)|(main |open |close |site )?(menu|navigation)|toggle (menu|navigation)|search( for)?|sign (in|up|out)|log ?(in|out)|register|my account|account|home( ?page)?|back to top|go to top|listen to (this|the) (article|story)|listen( now)?|audio|play|pause|privacy( policy| notice| settings)?|terms( of (use|service))?|terms (and|&) conditions|contact( us)?|about( us)?|site ?map|accessibility|advertise( with us)?|careers|help|faq|rss( feeds?)?|imprint|impressum|datenschutz|e-?paper|today'?s paper|subscribe|newsletters?|more|close|next|previous|prev|next (article|post|story)|previous (article|post|story)|leave a (comment|reply)|\d+ comments?|comments?( \(\d+\))?|tags?:.{0,80}|categor(y|ies):.{0,80}|filed under:?.{0,80}|posted in:?.{0,80}|topics?:.{0,80}|startseite|seitennavigation|nach oben|embed|kommentare|commentaires|comentarios|zum inhalt springen|aller au contenu|ir al contenido|vai al contenuto)\s*[:.›»>]?$",
    )
});
/// The credits a wire story closes with ("Reporting by Ana Ruiz; Editing by Tom Baines",
/// "Associated Press writer Ana Ruiz contributed to this report"), and a publisher's note on its
/// standards.
static CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^((?i:(additional )?(reporting|writing|editing|research|graphics|compiled|produced)( and \w+)? by) \p{Lu}[^.]{0,200}|([\p{Lu}][\w.]*\s+){1,4}(writers?|correspondents?|reporters?)\s.{0,120}\bcontributed( to this (report|story|article))?\.?|(?i:our standards:).{0,80}|(?i:this (article|story) (was|has been) (updated|amended|corrected)\b.{0,160}))$",
    )
});
/// The notice a page shows in place of an embedded post or video until the reader allows it.
static EMBED_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(empfohlener redaktioneller inhalt|externen? inhalt|inhalte? (von \S+ )?(erlauben|anzeigen|laden)|drittplattformen|einverstanden, dass mir|link zum \S+-inhalt|this content is (provided|hosted) by a third party|(please )?enable javascript|third[- ]party content|to (view|see) this content|allow (cookies|content|\S+ content)|embedded content|contenu externe|contenido externo)",
    )
});
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

/// Prompts that are about the page, not the story: error reports, comment rules, the app,
/// newsletter small print ("Fehler gefunden? Jetzt melden.", "Get the app").
static PAGE_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(fehler gefunden|einen fehler gefunden|(found|spotted|see) (a|an) (error|typo|mistake)|report (a|an) (error|typo|mistake)|ihre kommentare|your comments? (must|should|will)|comment (policy|guidelines)|community (guidelines|standards)|kommentarrichtlinien|(download|get|install) (our|the) (\S+ )?app\b|in (einer|unserer) app\b|(jederzeit|at any time)\b.{0,40}\b(abmelden|unsubscribe))",
    )
});

/// A gallery's controls ("Image 1 of 9", "Caption", "Enlarge this image").
static GALLERY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((image|photo|picture|slide|foto|bild)\s+\d+\s*(of|/|von|de|sur)\s*/?\s*\d+|captions?|(expand|enlarge|hide|show|toggle) (this )?(image|photo|caption|gallery)s?|(open|view|launch) (the )?(gallery|slideshow)|\d+\s+(photos|images|bilder|fotos))$",
    )
});
/// A reporter's contact line: an address alone, or "Reach the reporters on Twitter at ...".
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^([\w.+-]+@[\w-]+(\.[\w-]+)+|(https?://)?(www\.)?(twitter|x|facebook|instagram|linkedin|threads|bsky)\.(com|net|app)/\S+|(reach|contact|email|e-mail|follow|write to) (the )?(reporters?|writers?|authors?|me|him|her|them|us)\b.{0,120}(twitter|@|e-?mail|https?://).*)$",
    )
});
/// A note on the writer: "Ana Ruiz is a politics reporter for the Bay Post."
static AUTHOR_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Lu}[\p{L}.'\-]+\s+){1,3}(is|was) (an? |the )?([\p{L}-]+ ){0,4}(reporter|writer|editor|correspondent|journalist|columnist|contributor|producer|redakteur(in)?|autor(in)?)\b.{0,160}$",
    )
});
/// Where to send tips: "Do you have a story to tell? Email: news@baypost.example".
static TIP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(get in touch|story to tell|tips?|contact (us|our)|email us|e-mail us|write to us)\b.{0,120}[\w.+-]+@[\w-]+\.[\w.]+",
    )
});
/// A line crediting the writer alone ("By Paul Takahashi", "Von Anna Berg, Bonn").
static BYLINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}.'\-]+(\s+((?i:and|und|et|y|e|en)\s+)?\p{Lu}[\p{L}.'\-]+){0,5}(\s*[,|/•]\s*.{0,60})?$",
    )
});
/// "Updated Nov 19, 6:55 AM", "Posted 3 hours ago": a time stamp line, with or without a year.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(last )?(updated|posted|published|modified|aktualisiert|veröffentlicht|publiziert|erschienen|stand|mis à jour|publié|publicado|actualizado)\b.{0,70}\d.{0,30}$",
    )
});
/// A bare duration: the length of an audio player or a reading-time badge ("4 min", "5 min listen").
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((listen\s*\(?)?\d+(:\d\d)?\s*(min|mins|minutes?)(\s*(listen|read|audio))?\)?|(duration|dauer|länge|durée|duración)\s*:?\s*\d+:\d\d(:\d\d)?|\d+\s+(seconds?|minutes?|hours?|days?|weeks?)\s+ago|vor \d+\s+(sekunden|minuten|stunden|tagen|wochen)|il y a \d+\s+(minutes?|heures?|jours?)|hace \d+\s+(minutos?|horas?|días?))$",
    )
});
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(©|\(c\)|copyright\b)\s*(©\s*)?\d{4}|^(©|\(c\))\s*\S.{0,80}$|\ball rights reserved\b")
});

/// The reason given for a paragraph that is only a date; the HTML reader dates the article by it.
pub const DATE_LINE: &str = "date line";

/// A rule that looks at one paragraph alone: the reason it is furniture, if it is.
fn single_rule(text: &str) -> Option<&'static str> {
    let len = text.chars().count();
    let t = text.trim();
    // The rules that search inside a paragraph run only where a word they need is present.
    let cues = if len <= 400 { cues(t) } else { 0 };
    if READING_TIME.is_match(t) {
        return Some("reading-time line");
    }
    if cues & CUE_CAPTION != 0 && CAPTION.is_match(t) {
        return Some("photo caption or credit");
    }
    if len <= 200 && (len <= 60 || cues & CUE_SOCIAL != 0) && SOCIAL.is_match(t) {
        return Some("social or share prompt");
    }
    if len <= 300 && cues & CUE_NEWSLETTER != 0 && NEWSLETTER.is_match(t) {
        return Some("newsletter prompt");
    }
    if cues & CUE_COOKIES != 0 && COOKIES.is_match(t) {
        return Some("cookie notice");
    }
    if ADVERT.is_match(t) {
        return Some("advertisement marker");
    }
    if len <= 300 && cues & CUE_PAYWALL != 0 && PAYWALL.is_match(t) {
        return Some("subscription pitch");
    }
    if len <= 200 && INLINE_TEASER.is_match(t) {
        return Some("teaser link to another article");
    }
    if len <= 200 && cues & CUE_COPYRIGHT != 0 && COPYRIGHT.is_match(t) {
        return Some("copyright line");
    }
    if len <= 250 && CREDITS.is_match(t) {
        return Some("credits line");
    }
    if len <= 300 && cues & CUE_EMBED != 0 && EMBED_NOTICE.is_match(t) {
        return Some("embedded-content notice");
    }
    if len <= 300 && cues & CUE_PROMPT != 0 && PAGE_PROMPT.is_match(t) {
        return Some("prompt about the page");
    }
    if len <= 100 && is_tool_row(t) {
        return Some("social or share prompt");
    }
    if len <= 250 && t.contains('@') && TIP_LINE.is_match(t) {
        return Some("reporter's contact line");
    }
    if len <= 60 && GALLERY.is_match(t) {
        return Some("gallery controls");
    }
    if len <= 250 && CONTACT.is_match(t) {
        return Some("reporter's contact line");
    }
    if len <= 100 && BYLINE_LINE.is_match(t) {
        return Some("byline");
    }
    if len <= 100 && STAMP.is_match(t) {
        return Some(DATE_LINE);
    }
    if !t.chars().any(char::is_alphanumeric) {
        return Some("divider or blank");
    }
    if len <= 100 && (NAV.is_match(t) || DURATION.is_match(t) || is_nav_bar(t)) {
        return Some("site navigation");
    }
    // "Updated 05/11/2023", "Published: Friday, 3 November 2023": page furniture, not prose.
    if len <= 80 && t.chars().any(|c| c.is_ascii_digit()) && super::dates::parse_date(t).is_some() {
        return Some(DATE_LINE);
    }
    None
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

/// The rule that makes a paragraph furniture: one that fits it whole, or, for a paragraph of
/// several lines ("Share on X / Share on Facebook / Share via Email", a run of menu links), one
/// that fits every line of it.
fn paragraph_rule(text: &str) -> Option<&'static str> {
    single_rule(text).or_else(|| {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = single_rule(lines.next()?)?;
        lines.all(|l| single_rule(l).is_some()).then_some(first)
    })
}

/// Repeated paragraphs longer than this are left alone (a story saved twice into one file is a
/// matter for duplicate detection, not furniture).
const REPEATED_MAX_CHARS: usize = 400;

/// True when a paragraph reads as running text: one line of eight words or more that ends like a
/// sentence. A teaser is a headline, or a date over a headline, even when the headline ends with
/// a full stop.
fn is_sentence(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['"', '\'', '”', '’', '»', '“']);
    !t.contains('\n') && t.ends_with(['.', '!', '?']) && t.split_whitespace().count() >= 8
}

const CUE_CAPTION: u32 = 1;
const CUE_SOCIAL: u32 = 1 << 1;
const CUE_NEWSLETTER: u32 = 1 << 2;
const CUE_COOKIES: u32 = 1 << 3;
const CUE_PAYWALL: u32 = 1 << 4;
const CUE_COPYRIGHT: u32 = 1 << 5;
const CUE_EMBED: u32 = 1 << 6;
const CUE_PROMPT: u32 = 1 << 7;

/// Words without which a rule that searches inside a paragraph cannot match (each rule's
/// pattern needs one of its words; keep the two in step). One pass of Aho-Corasick over a
/// paragraph replaces a pass of each rule's regex over prose that has none of them.
const CUES: &[(&str, u32)] = &[
    ("photo", CUE_CAPTION),
    ("image", CUE_CAPTION),
    ("picture", CUE_CAPTION),
    ("video", CUE_CAPTION),
    ("credit", CUE_CAPTION),
    ("caption", CUE_CAPTION),
    ("foto", CUE_CAPTION),
    ("bild", CUE_CAPTION),
    ("getty", CUE_CAPTION),
    ("shutterstock", CUE_CAPTION),
    ("imago", CUE_CAPTION),
    ("facebook", CUE_SOCIAL),
    ("twitter", CUE_SOCIAL),
    ("instagram", CUE_SOCIAL),
    ("telegram", CUE_SOCIAL),
    ("whatsapp", CUE_SOCIAL),
    ("linkedin", CUE_SOCIAL),
    ("youtube", CUE_SOCIAL),
    ("tiktok", CUE_SOCIAL),
    ("threads", CUE_SOCIAL),
    ("bluesky", CUE_SOCIAL),
    ("page", CUE_SOCIAL),
    ("channel", CUE_SOCIAL),
    ("be the first", CUE_SOCIAL),
    ("share", CUE_SOCIAL),
    ("follow", CUE_SOCIAL),
    ("click here", CUE_SOCIAL),
    ("newsletter", CUE_NEWSLETTER),
    ("briefing", CUE_NEWSLETTER),
    ("sign up", CUE_NEWSLETTER),
    ("cookie", CUE_COOKIES),
    ("subscri", CUE_PAYWALL),
    ("continue", CUE_PAYWALL),
    ("create a free", CUE_PAYWALL),
    ("unlock", CUE_PAYWALL),
    ("journalism", CUE_PAYWALL),
    ("become a", CUE_PAYWALL),
    ("upgrade your", CUE_PAYWALL),
    ("show", CUE_PAYWALL),
    ("sign in", CUE_PAYWALL),
    ("register", CUE_PAYWALL),
    ("log in", CUE_PAYWALL),
    ("free to read", CUE_PAYWALL),
    ("réserv", CUE_PAYWALL),
    ("abonn", CUE_PAYWALL),
    ("suscriptor", CUE_PAYWALL),
    ("©", CUE_COPYRIGHT),
    ("(c)", CUE_COPYRIGHT),
    ("copyright", CUE_COPYRIGHT),
    ("rights reserved", CUE_COPYRIGHT),
    ("inhalt", CUE_EMBED),
    ("drittplattform", CUE_EMBED),
    ("einverstanden", CUE_EMBED),
    ("third party", CUE_EMBED),
    ("third-party", CUE_EMBED),
    ("javascript", CUE_EMBED),
    ("this content", CUE_EMBED),
    ("allow", CUE_EMBED),
    ("embedded", CUE_EMBED),
    ("extern", CUE_EMBED),
    ("fehler", CUE_PROMPT),
    ("error", CUE_PROMPT),
    ("typo", CUE_PROMPT),
    ("mistake", CUE_PROMPT),
    ("komment", CUE_PROMPT),
    ("comment", CUE_PROMPT),
    ("guidelines", CUE_PROMPT),
    ("standards", CUE_PROMPT),
    ("app", CUE_PROMPT),
    ("abmelden", CUE_PROMPT),
    ("unsubscribe", CUE_PROMPT),
];

static CUE_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(CUES.iter().map(|(w, _)| w))
        .expect("valid cue words")
});

/// Which of the searching rules have a cue word in `t` (bits of `CUE_*`).
fn cues(t: &str) -> u32 {
    CUE_FINDER
        .find_overlapping_iter(t)
        .fold(0, |bits, m| bits | CUES[m.pattern().as_usize()].1)
}

/// How far (in paragraphs) a pitch that opens with "Dear Reader" may run.
const PITCH_WINDOW: usize = 14;
/// Paragraphs after a trailer heading longer than this are article text, not teasers.
const TEASER_MAX_CHARS: usize = 300;

/// Splits `blocks` into what stays and what was dropped as furniture.
pub fn strip(blocks: Vec<Block>) -> (Vec<Block>, Vec<Dropped>) {
    // Rules that look at paragraphs together mark them first; the rules that look at one
    // paragraph alone then judge the rest.
    let mut drop: Vec<Option<&'static str>> = vec![None; blocks.len()];
    mark_pitches(&blocks, &mut drop);
    mark_trailer(&blocks, &mut drop);
    mark_lone_headings(&blocks, &mut drop);
    mark_repeats(&blocks, &mut drop);
    mark_writer_notes(&blocks, &mut drop);

    let mut kept = Vec::with_capacity(blocks.len());
    let mut dropped = Vec::new();
    for (b, d) in blocks.into_iter().zip(drop) {
        if let Some(reason) = d {
            dropped.push(Dropped {
                line: b.line,
                reason: reason.to_string(),
                text: b.text,
            });
        } else if let Some(reason) = paragraph_rule(&b.text) {
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
fn mark_pitches(blocks: &[Block], drop: &mut [Option<&'static str>]) {
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
                    *d = Some("subscription pitch");
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
fn mark_trailer(blocks: &[Block], drop: &mut [Option<&'static str>]) {
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
                d.get_or_insert("related-articles trailer");
            }
            return;
        }
    }
}

/// A "Related" or "Read more" heading alone, with the article going on after it, is the heading
/// of a teaser box the extraction left empty.
fn mark_lone_headings(blocks: &[Block], drop: &mut [Option<&'static str>]) {
    for (b, d) in blocks.iter().zip(drop.iter_mut()) {
        let t = b.text.trim();
        if d.is_none() && !t.contains('\n') && t.chars().count() <= 60 && TRAILER_HEAD.is_match(t) {
            *d = Some("related-articles heading");
        }
    }
}

/// How many notes on writers an article may end with.
const WRITER_NOTE_TAIL: usize = 3;

/// Notes on the writer ("Ana Ruiz is a politics reporter for the Bay Post.") that end the
/// article, after the last paragraph of the story. Only there: "Jones was a reporter for the
/// Gazette for forty years" in the middle of an obituary is the story.
fn mark_writer_notes(blocks: &[Block], drop: &mut [Option<&'static str>]) {
    let mut notes = 0;
    for (b, d) in blocks.iter().zip(drop.iter_mut()).rev() {
        if d.is_some() {
            continue;
        }
        let t = b.text.trim();
        if notes == WRITER_NOTE_TAIL || t.chars().count() > 250 || !AUTHOR_NOTE.is_match(t) {
            break;
        }
        *d = Some("note on the writer");
        notes += 1;
    }
}

/// A paragraph printed again in one article is a gallery's caption, a pull quote or a repeated
/// header: the first copy stays, the others go.
fn mark_repeats(blocks: &[Block], drop: &mut [Option<&'static str>]) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (b, d) in blocks.iter().zip(drop.iter_mut()) {
        let t = b.text.trim();
        if !seen.insert(t)
            && d.is_none()
            && t.chars().count() <= REPEATED_MAX_CHARS
            && t.split_whitespace().count() >= 3
        {
            *d = Some("repeated within the article");
        }
    }
}

/// Lines of running text (this many words or more) that share a paragraph with a caption or a
/// prompt stay: a page that sets "Image copyright Getty Images" on the line above a paragraph
/// loses the line, not the paragraph.
const PROSE_LINE_WORDS: usize = 20;

/// Splits a paragraph that `reason` found to be furniture into the article text it still holds
/// (long lines no rule matches, joined) and the furniture, line by line.
fn split_off_furniture(b: &Block, reason: &'static str) -> (String, Vec<Dropped>) {
    let prose =
        |l: &str| l.split_whitespace().count() >= PROSE_LINE_WORDS && single_rule(l).is_none();
    if !b.text.lines().any(prose) {
        let whole = Dropped {
            line: b.line,
            reason: reason.to_string(),
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
                reason: single_rule(l).unwrap_or(reason).to_string(),
                text: l.to_string(),
            });
        }
    }
    (kept.join("\n"), dropped)
}

/// True when a single line is furniture by rule (used on header lines near the title).
pub fn is_furniture_line(line: &str) -> Option<&'static str> {
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
        assert_eq!(dropped[0].reason, "photo caption or credit");
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
}
