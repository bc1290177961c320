//! The patterns of the furniture rules, written verbose (`(?x)`): one alternative to a line,
//! word lists packed, white space inside a phrase escaped (`\ `). Which rule uses which pattern,
//! with its length limit and cue words, is the table in `rules.rs`.

/// A reading-time line: "5 min read", "Lesezeit: 3 Minuten".
pub(super) const READING_TIME: &str = r"(?xi)
        ^(
              \d+\s*(-|to)?\s*\d*\s*(min|mins|minute|minutes)\.?\s+(
                    read | reading | listen | lesezeit | lesedauer | de\ lecture | de\ leitura
                  | di\ lettura | leestijd
              )\b.{0,20}
            | (estimated\s+)?(reading|read)\s+time\s*:?\s*\d+.{0,20}
            | (lesezeit|lesedauer|temps\ de\ lecture|tiempo\ de\ lectura)\s*:?\s*\d+.{0,20}
            | \d+\s*minutos\ de\ lectura
        )$
";

/// A photo caption or credit: "(Photo: ...)", "Bild: ...", agency names.
pub(super) const CAPTION: &str = r"(?xi)
          \((photo|image|picture|photograph|video|credit)s?(\s+credits?)?\s*:
        | \b(photo|image|picture)\s+(credits?|courtesy)\s*:
        | ^(
                photo | image | picture | photograph | caption | credits? | foto | bild | fotos
              | bildquelle | crédit\ photo
          )\s*:
        | [|]\s*(bild|foto|photo)\s*:
        | \b(foto|bild)\s*:\s*\p{Lu}[^.]{0,60}$
        | \b(
                getty\s+images | shutterstock | afp\s+via\s+getty | imago\ images
              | picture\ alliance
          )\b
";

/// Social and share prompts: "Follow us on ...", a lone "Share" or network name.
pub(super) const SOCIAL: &str = r"(?xi)
          \b(join|follow|like|find|connect\ with)\s+(us|our)\b.{0,60}\b(
                facebook | twitter | instagram | telegram | whatsapp | linkedin | youtube | tiktok
              | threads | bluesky | page | channel
          )\b
        | ^follow\ \S+(\ \S+)?\ on\ (
                google\ news | twitter | x | facebook | instagram | linkedin | threads | bluesky
              | tiktok | youtube | whatsapp | telegram
          )\b
        | \bbe\ the\ first\ to\ (know|comment)\b
        | ^share\ this\ (article|story|page)\b.{0,60}$
        | ^(
                share
              | tweet
              | print
              | email
              | e-mail
              | comments?
              | save
              | copy\ link
              | share\ this(\ article|\ story|\ page)?
              | print\ this(\ article|\ page)?
              | email\ this(\ article|\ story)?
              | like\ this
              | like\ loading\.*
              | loading\.*
              | gift\ (this\ )?(article|story)
              | save\ (this\ )?(article|story)
              | (view|show|read|see)\ (all\ )?(\d+\ )?comments?
              | facebook
              | twitter
              | x
              | whatsapp
              | linkedin
              | reddit
              | pinterest
              | telegram
              | instagram
              | tumblr
              | pocket
              | flipboard
              | messenger
              | threads
              | bluesky
              | mastodon
              | xing
          )\s*:?(\s*\(\d+\))?$
        | ^share\ (on|via)\ \w+
        | \bclick\ here\b
";

/// Newsletter sign-up prompts.
pub(super) const NEWSLETTER: &str = r"(?xi)
          \b(sign\ up|signing\ up|subscribe|register|anmelden)\b.{0,40}\bnewsletters?\b
        | \bnewsletters?\b.{0,20}\b(sign[-\ ]?up|inbox)\b
        | \bget\ (our|the)\ .{0,30}(newsletter|briefing)\b
        | ^newsletters?\b.{0,40}$
        | ^sign\ up\ (for|to)\b.{0,120}$
";

/// Cookie notices.
pub(super) const COOKIES: &str = r"(?xi)
          \b(we|this\ (site|website)|our\ (site|website))\s+uses?\s+cookies\b
        | \baccept\ (all\ )?cookies\b
        | \bcookie\ (policy|settings|preferences|consent)\b
";

/// Advertisement markers standing alone.
pub(super) const ADVERT: &str = r"(?xi)
        ^(
              advertisement(\ \d+)?
            | advertising
            | sponsored(\ content)?
            | ad
            | article\ content
            | story\ continues\ below(\ advertisement)?
            | continue\ reading\ (the\ )?(main\ )?story(\ below)?
            | scroll\ to\ continue(\ with\ content)?
            | anzeige
            | werbung
            | publicité
            | publicidad
            | pubblicità
            | advertentie
        )$
";

/// Phrases that only a pitch uses: enough on their own to drop a short paragraph.
pub(super) const PAYWALL: &str = r"(?xi)
        \b(
              subscribe\ now
            | subscribers\ only
            | already\ a\ subscriber
            | to\ continue\ reading
            | log\ in\ to\ continue
            | create\ a\ free\ account
            | unlock\ (this|full|unlimited)\ (article|access|story)
            | support\ (our|independent|quality)\ journalism
            | become\ a\ (member|subscriber|supporter|patron)
            | upgrade\ your
            | show\ me\ later
            | don'?t\ show\ (it|this)\ again
            | (sign\ in|register|subscribe|log\ in)\ to\ (unlock|continue|keep\ reading|read\ (more|the\ full))
            | unlock\ more\ articles
            | reserved\ for\ subscribers
            | free\ to\ read,?\ register
            | continue\ with\ your\ reading\ experience
            | réservée?\ aux\ abonnés
            | la\ suite\ est\ réservée
            | nur\ für\ abonnenten
            | abonnieren\ sie
            | jetzt\ abonnieren
            | exclusivo\ para\ suscriptores
        )\b
";

/// Words a pitch uses that prose uses too: they only mark where a "Dear Reader" pitch ends.
pub(super) const PITCH_WORDS: &str = r"(?xi)
        \b(
              subscribe
            | subscription
            | subscriber
            | paywall
            | per\ (month|week|year)
            | a\ (month|week)\ you
            | premium
            | donate
            | donation
            | membership
            | supporter
            | support\ us
        )\b
";

/// How a "Dear Reader" pitch opens.
pub(super) const PITCH_OPENER: &str = r"(?xi)
        ^(
              dear\ (reader|readers|subscriber)s?\b
            | a\ (message|note)\ (from|to)\ (the\ editor|our\ readers)
            | support\ (our|independent|quality)\ journalism
            | support\ (the\ |our\ )?\p{Lu}\p{L}+(\ \p{Lu}\p{L}+){0,3}$
            | before\ you\ go\b
            | we\ have\ a\ small\ favou?r\ to\ ask
        )
";

/// How a closing pitch opens: a question to the reader ("Enjoyed this story?") or "If you liked
/// this ...".
pub(super) const PITCH_CLOSER: &str = r"(?xi)
        ^\W*(
              (did\ you\ )?(enjoy|enjoyed|like|liked|love|loved|found|want|appreciate)\b[^.?!]{0,60}\?
            | if\ you\ (enjoyed|liked|loved|value|appreciate|found|want|like)\b
            | thanks?\ (you\ )?for\ reading\b
        )
";

/// The heading of a "Related" or "Most read" box.
pub(super) const TRAILER_HEAD: &str = r"(?xi)
        ^(
              related(
                    \ content | \ articles? | \ stories | \ news | \ posts | \ coverage | \ reading
                  | \ links
              )?
            | read\ (more|next|also)
            | more\ (from|on|stories|news|in)\b.{0,40}
            | recommended(\ for\ you|\ stories|\ articles|\ reading|\ videos|\ from\ \w+)?
            | you\ (may|might)\ (also\ )?(like|be\ interested\ in)
            | most\ (read|popular|viewed|shared)(\ in\ .{0,30})?
            | lesen\ sie\ auch
            | lest\ auch
            | mehr\ zum\ thema
            | auch\ interessant
            | das\ könnte\ sie\ auch\ interessieren
            | à\ lire\ aussi
            | lire\ aussi
            | sur\ le\ même\ sujet
            | leer\ más
            | lee\ también
            | vedi\ anche
            | leggi\ anche
            | lees\ ook
            | also\ read
            | see\ also
            | trending(\ now|\ stories)?
            | latest\ (news|stories|articles)
            | top\ stories
            | further\ reading
            | what\ to\ read\ next
            | editor'?s\ picks?
            | explore\ more(\ on\ these\ topics)?
            | more\ on\ (this|these)\ (story|stories|topics?)
            | related\ topics
            | topics
            | tags
            | more\ on\ this\ topic
            | themen
            | schlagwörter
            | mots-clés
            | ähnliche\ (artikel|beiträge)
            | weitere\ (artikel|beiträge|nachrichten)
            | articles?\ (similaires|liés|connexes)
            | (artículos|noticias)\ relacionad[ao]s
            | articoli\ correlati
            | (leia|veja)\ (também|mais)
            | notícias\ relacionadas
            | (czytaj|zobacz)\ (też|także|również)
            | читайте\ также
            | (похожие|другие)\ (статьи|новости)
            | ilgili\ haberler
            | gerelateerde\ artikelen
            | 関連記事 | 関連ニュース | あわせて読みたい | こちらの記事も.{0,10} | おすすめ記事
            | 相关(文章|阅读|新闻) | 相關(文章|閱讀|新聞) | 延伸阅读 | 延伸閱讀
            | 관련\ ?기사 | 관련\ ?뉴스 | 추천\ ?기사
        )\s*[:.…]*$
";

/// A link to another article: "Read more: ...".
pub(super) const INLINE_TEASER: &str = r"(?xi)
        ^(
              read\ more | also\ read | read\ also | related | see\ also | more | watch | listen
            | recommended | read\ next
        )\s*[:>|»-]\s*\S
";

/// Links of a site's header and footer that a scrape keeps as lines of their own.
pub(super) const NAV: &str = r"(?xi)
        ^(
              skip\ to\ (the\ )?(main\ )?(content|navigation|article|search)
            | (main\ |open\ |close\ |site\ )?(menu|navigation)
            | toggle\ (menu|navigation)
            | search(\ for)?
            | sign\ (in|up|out)
            | log\ ?(in|out)
            | register
            | my\ account
            | account
            | home(\ ?page)?
            | [‹«<←]?\s*back\ to\ (the\ )?(top|story|article|home|homepage|gallery|overview)
            | go\ to\ top
            | listen\ to\ (this|the)\ (article|story)
            | listen(\ now)?
            | audio
            | play
            | pause
            | privacy(\ policy|\ notice|\ settings)?
            | terms(\ of\ (use|service))?
            | terms\ (and|&)\ conditions
            | contact(\ us)?
            | about(\ us)?
            | site\ ?map
            | accessibility
            | advertise(\ with\ us)?
            | careers
            | help
            | faq
            | rss(\ feeds?)?
            | imprint
            | impressum
            | datenschutz
            | e-?paper
            | today'?s\ paper
            | subscribe
            | newsletters?
            | more
            | close
            | next
            | previous
            | prev
            | next\ (article|post|story)
            | previous\ (article|post|story)
            | leave\ a\ (comment|reply)
            | \d+\ comments?
            | comments?(\ \(\d+\))?
            | tags?:.{0,80}
            | categor(y|ies):.{0,80}
            | filed\ under:?.{0,80}
            | posted\ in:?.{0,80}
            | topics?:.{0,80}
            | startseite
            | seitennavigation
            | nach\ oben
            | embed
            | kommentare
            | commentaires
            | comentarios
            | zum\ inhalt\ springen
            | aller\ au\ contenu
            | ir\ al\ contenido
            | vai\ al\ contenuto
            | for\ immediate\ release
            | (news|press)\ release
        )\s*[:.›»>]?$
";

/// The credits a wire story closes with ("Reporting by Ana Ruiz; Editing by Tom Baines",
/// "Associated Press writer Ana Ruiz contributed to this report"), and a publisher's note on its
/// standards.
pub(super) const CREDITS: &str = r"(?x)
        ^(
              (?i:(additional\ )?(reporting|writing|editing|research|graphics|compiled|produced)(\ and\ \w+)?\ by)\ \p{Lu}[^.]{0,200}
            | ([\p{Lu}][\w.]*\s+){1,4}(writers?|correspondents?|reporters?)\s.{0,120}\bcontributed(\ to\ this\ (report|story|article))?\.?
            | (?i:our\ standards:).{0,80}
            | (?i:this\ (article|story)\ (was|has\ been)\ (updated|amended|corrected)\b.{0,160})
            | (?i:(this\ (article|story|work|piece|post)\ is\ )?(licen[cs]ed|published|available|reproduced)\ under\ (a\ |the\ )?(creative\ commons|cc[\ -]by)\b.{0,120})
            | (?i:(the\ )?(views|opinions)\ (and\ \w+\ )?expressed\ (here\ |in\ this\ \w+\ )?are\ (those\ of\ )?(the\ (author|writer)|their|his|her|my)\b.{0,120})
        )$
";

/// The notice a page shows in place of an embedded post or video until the reader allows it.
pub(super) const EMBED_NOTICE: &str = r"(?xi)
        (
              empfohlener\ redaktioneller\ inhalt
            | externen?\ inhalt
            | inhalte?\ (von\ \S+\ )?(erlauben|anzeigen|laden)
            | drittplattformen
            | einverstanden,\ dass\ mir
            | link\ zum\ \S+-inhalt
            | this\ content\ is\ (provided|hosted)\ by\ a\ third\ party
            | (please\ )?enable\ javascript
            | third[-\ ]party\ content
            | to\ (view|see)\ this\ content
            | allow\ (cookies|content|\S+\ content)
            | embedded\ content
            | contenu\ externe
            | contenido\ externo
        )
";

/// Prompts that are about the page, not the story: error reports, comment rules, the app,
/// newsletter small print ("Fehler gefunden? Jetzt melden.", "Get the app").
pub(super) const PAGE_PROMPT: &str = r"(?xi)
        (
              fehler\ gefunden
            | einen\ fehler\ gefunden
            | (found|spotted|see)\ (a|an)\ (error|typo|mistake)
            | report\ (a|an)\ (error|typo|mistake)
            | ihre\ kommentare
            | your\ comments?\ (must|should|will)
            | comment\ (policy|guidelines)
            | community\ (guidelines|standards)
            | kommentarrichtlinien
            | (download|get|install)\ (our|the)\ (\S+\ )?app\b
            | in\ (einer|unserer)\ app\b
            | (jederzeit|at\ any\ time)\b.{0,40}\b(abmelden|unsubscribe)
            | ^reuse\ this\ (content|article|story)$
            | ^(view|read|open)\ (this\ )?(email|e-mail|newsletter|message)\ (in|on)\ (your|a|the)\ (web\ )?browser\b
            | \b(you\ are|you're)\ receiving\ this\ (email|e-mail|newsletter|message)\b
            | ^unsubscribe\b.{0,60}$
            | ^(update|manage)\ (your\ )?(email\ )?(preferences|subscription)\b.{0,40}$
        )
";

/// A gallery's controls ("Image 1 of 9", "Caption", "Enlarge this image").
pub(super) const GALLERY: &str = r"(?xi)
        ^(
              (image|photo|picture|slide|foto|bild)\s+\d+\s*(of|/|von|de|sur)\s*/?\s*\d+
            | captions?
            | (expand|enlarge|hide|show|toggle)\ (this\ )?(image|photo|caption|gallery)s?
            | (open|view|launch)\ (the\ )?(gallery|slideshow)
            | \d+\s+(photos|images|bilder|fotos)
            | (previous|prev|back|‹|«|<)?\s*\d+\s*(/|of)\s*\d+\s*(next|›|»|>)?
        )$
";

/// A reporter's contact line: an address alone, or "Reach the reporters on Twitter at ...".
pub(super) const CONTACT: &str = r"(?xi)
        ^(
              [\w.+-]+@[\w-]+(\.[\w-]+)+
            | @[A-Za-z0-9_]{2,30}
            | (https?://)?(www\.)?(twitter|x|facebook|instagram|linkedin|threads|bsky)\.(com|net|app)/\S+
            | (reach|contact|email|e-mail|follow|write\ to)\ (the\ )?(reporters?|writers?|authors?|me|him|her|them|us)\b.{0,120}(twitter|@|e-?mail|https?://).*
        )$
";

/// A note on the writer: "Ana Ruiz is a politics reporter for the Bay Post."
pub(super) const AUTHOR_NOTE: &str = r"(?x)
        ^(\p{Lu}[\p{L}.'\-]+\s+){1,3}(is|was)\ (an?\ |the\ )?([\p{L}-]+\ ){0,4}(
              reporter
            | writer
            | editor
            | correspondent
            | journalist
            | columnist
            | contributor
            | producer
            | redakteur(in)?
            | autor(in)?
        )\b.{0,160}$
";

/// Where to send tips: "Do you have a story to tell? Email: news@baypost.example".
pub(super) const TIP_LINE: &str = r"(?xi)
        \b(
              get\ in\ touch
            | story\ to\ tell
            | tips?
            | contact\ (us|our)
            | email\ us
            | e-mail\ us
            | write\ to\ us
        )\b.{0,120}[\w.+-]+@[\w-]+\.[\w.]+
";

/// A line crediting the writer alone ("By Paul Takahashi", "Von Anna Berg, Bonn").
pub(super) const BYLINE_LINE: &str = r"(?x)
        ^(?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}.'\-]+(\s+((?i:and|und|et|y|e|en)\s+)?\p{Lu}[\p{L}.'\-]+){0,5}(\s*[,|/•]\s*.{0,60})?$
";

/// "Updated Nov 19, 6:55 AM", "Posted 3 hours ago": a time stamp line, with or without a year.
pub(super) const STAMP: &str = r"(?xi)
        ^(last\ )?(
              updated | posted | published | modified | aktualisiert | veröffentlicht | publiziert
            | erschienen | stand | mis\ à\ jour | publié | publicado | actualizado
        )\b.{0,70}\d.{0,30}$
";

/// A bare duration: the length of an audio player or a reading-time badge ("4 min", "5 min listen").
pub(super) const DURATION: &str = r"(?xi)
        ^(
              (listen\s*\(?)?\d+(:\d\d)?\s*(min|mins|minutes?)(\s*(listen|read|audio))?\)?
            | (duration|dauer|länge|durée|duración)\s*:?\s*\d+:\d\d(:\d\d)?
            | \d+\s+(seconds?|minutes?|hours?|days?|weeks?)\s+ago
            | vor\ \d+\s+(sekunden|minuten|stunden|tagen|wochen)
            | il\ y\ a\ \d+\s+(minutes?|heures?|jours?)
            | hace\ \d+\s+(minutos?|horas?|días?)
        )$
";

/// Copyright lines.
pub(super) const COPYRIGHT: &str = r"(?xi)
          ^(©|\(c\)|copyright\b)\s*(©\s*)?\d{4}
        | ^(©|\(c\))\s*\S.{0,80}$
        | \ball\ rights\ reserved\b
";

/// The mark that ends a wire or press copy: "-30-", "(END)", "— END —", "ENDS".
pub(super) const END_MARKER: &str = r"(?xi)
        ^(
              [(\[]\s*(end|ends)\s*[)\]]
            | [-–—]+\s*(end|ends|30)\s*[-–—]+
            | [(\[]?\s*end\ of\ (story|article|report|transmission)\s*[)\]]?
            | end | ends
        )$
";

/// The heading of a press office's contact block ("Media contact:", "For more information,
/// contact:").
pub(super) const CONTACT_HEAD: &str = r"(?xi)
        ^(
              (media|press|news)\ (contacts?|enquiries|inquiries|office)
            | for\ (more|further)\ (information|details),?(\ please)?\ contact
            | contact\ (information|details)
        )\s*:?$
";
