//! One article as a tantivy document: the fields lede writes, the key copies meet under, and the
//! rewrite of a stored article with some fields changed (copy marks, learnt furniture).

use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument, Term};

use super::queue::Writer;
use super::store::Fields;
use crate::analyze::Article;

/// Facts about the file an article came from.
pub struct FileFacts<'a> {
    /// Absolute path.
    pub path: &'a str,
    /// BLAKE3 of its bytes, hex.
    pub hash: &'a str,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: u64,
}

/// The key under which copies of one story meet: the cleaned title and body, case and spacing
/// folded.
pub fn dupkey(art: &Article) -> u64 {
    // The folded text is built in one buffer and hashed once (hashing word by word, with a
    // lower-cased copy of each, was a tenth of an index run's instructions); the bytes hashed
    // are the same, so keys in existing indexes still match.
    let mut folded = Vec::with_capacity(art.title.len() + art.body.len() + 2);
    for part in [&art.title, &art.body] {
        for w in part.split_whitespace() {
            if w.is_ascii() {
                folded.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
            } else {
                folded.extend_from_slice(w.to_lowercase().as_bytes());
            }
            folded.push(b' ');
        }
        folded.push(b'\n');
    }
    let bytes = blake3::hash(&folded);
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes.as_bytes()[..8]);
    u64::from_le_bytes(eight)
}

/// The tantivy document for the `n`th article of a file; `group` is whose furniture it shares
/// (its source, else its folder) and `fingerprints` its short paragraphs'.
pub fn document(
    f: &Fields,
    file: &FileFacts,
    n: usize,
    art: &Article,
    group: &str,
    fingerprints: &[u64],
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.path, file.path);
    if n == 0 {
        doc.add_text(f.id, file.path);
    } else {
        doc.add_text(f.id, format!("{}#{n}", file.path));
    }
    doc.add_text(f.hash, file.hash);
    doc.add_u64(f.size, file.size);
    doc.add_u64(f.mtime, file.mtime);
    doc.add_text(f.title, &art.title);
    if let Some(s) = &art.summary {
        doc.add_text(f.summary, s);
    }
    doc.add_text(f.body, &art.body);
    if let Some(s) = &art.source {
        doc.add_text(f.source, &s.value);
    }
    if let Some(a) = &art.author {
        doc.add_text(f.author, a);
    }
    if let Some(u) = &art.url {
        doc.add_text(f.url, u);
    }
    if let Some(d) = &art.date {
        doc.add_date(
            f.date,
            DateTime::from_timestamp_secs(d.value.utc.timestamp()),
        );
        doc.add_text(f.date_local, d.value.display());
        doc.add_text(f.month, d.value.utc.format("%Y-%m").to_string());
    }
    if let Some(l) = &art.lang {
        doc.add_text(f.lang, &l.value);
    }
    doc.add_u64(f.words, art.word_count());
    doc.add_text(f.group, group);
    for &fp in fingerprints {
        doc.add_u64(f.paras, fp);
    }
    doc.add_u64(f.dupkey, dupkey(art));
    doc.add_u64(f.copy, 0);
    doc.add_u64(f.copies, 0);
    add_unstored(f, &mut doc);
    doc
}

/// Adds the fields that are indexed but not stored, made from the stored text: `exact` (the
/// searched fields unstemmed: the dictionary for prefixes and typos) and `stems` (title,
/// summary and body tagged with the article's language, analysed by it; see `languages`). Every
/// rewrite of a document adds them anew.
fn add_unstored(f: &Fields, doc: &mut TantivyDocument) {
    let prose: Vec<(tantivy::schema::Field, String)> = [f.title, f.summary, f.body, f.author]
        .iter()
        .flat_map(|&field| doc.get_all(field).map(move |v| (field, v)))
        .filter_map(|(field, v)| Some((field, v.as_str()?.to_string())))
        .collect();
    let lang = doc
        .get_first(f.lang)
        .and_then(|v| v.as_str())
        .filter(|l| *l != super::languages::DEFAULT_FIELDS_LANGUAGE)
        .map(str::to_string);
    for (field, text) in prose {
        if let Some(lang) = lang.as_deref().filter(|_| field != f.author) {
            doc.add_text(f.stems, super::languages::tagged(lang, &text));
        }
        doc.add_text(f.exact, text);
    }
}

/// Replaces a stored article with a copy of it that leaves out the `skip` fields, to which `fill`
/// adds their new values. Every field lede writes is stored (but `exact` and `stems`, made again
/// from the stored text), so nothing else is lost. Returns
/// false when the article has no id (cannot happen for articles lede wrote).
pub(crate) fn rewrite(
    writer: &Writer,
    f: &Fields,
    old: &TantivyDocument,
    skip: &[tantivy::schema::Field],
    fill: impl FnOnce(&mut TantivyDocument),
) -> tantivy::Result<bool> {
    let Some(id) = old.get_first(f.id).and_then(|v| v.as_str()) else {
        return Ok(false);
    };
    let mut doc = TantivyDocument::new();
    for (field, value) in old.field_values() {
        if !skip.contains(&field) && field != f.exact && field != f.stems {
            doc.add_field_value(field, value);
        }
    }
    fill(&mut doc);
    add_unstored(f, &mut doc);
    writer.delete_term(Term::from_field_text(f.id, id));
    writer.add(doc)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dupkey_ignores_case_and_spacing_only() {
        let a = Article {
            title: "Pier Closes".into(),
            body: "The pier  shut.\n\nRepairs follow.".into(),
            ..Article::default()
        };
        let mut b = a.clone();
        b.title = "pier closes".into();
        b.body = "The pier shut. Repairs follow.".into();
        assert_eq!(dupkey(&a), dupkey(&b));
        b.body.push_str(" Later.");
        assert_ne!(dupkey(&a), dupkey(&b));
    }

    #[test]
    fn dupkey_is_the_hash_of_the_folded_words() {
        // Indexes already hold keys made this way: a change of key would split copies.
        let a = Article {
            title: "Ölpreis STEIGT".into(),
            body: "Der  Preis\n\nsteigt.".into(),
            ..Article::default()
        };
        let expect = blake3::hash("ölpreis steigt \nder preis steigt. \n".as_bytes());
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&expect.as_bytes()[..8]);
        assert_eq!(dupkey(&a), u64::from_le_bytes(eight));
    }
}
