//! Reading a stored article back: its text fields, its shown date, the paths of its copies.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::index::store::LedeIndex;

pub(super) fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Paths of the other copies of the story in `doc`.
pub(super) fn other_copies(
    idx: &LedeIndex,
    searcher: &Searcher,
    doc: &TantivyDocument,
) -> Vec<String> {
    let f = &idx.fields;
    let has_copies = doc
        .get_first(f.copies)
        .and_then(|v| v.as_u64())
        .is_some_and(|n| n > 0);
    let key = doc.get_first(f.dupkey).and_then(|v| v.as_u64());
    let (true, Some(key)) = (has_copies, key) else {
        return Vec::new();
    };
    let me = first_text(doc, f.path);
    let q = TermQuery::new(
        Term::from_field_u64(f.dupkey, key),
        IndexRecordOption::Basic,
    );
    let Ok(top) = searcher.search(&q, &TopDocs::with_limit(100).order_by_score()) else {
        return Vec::new();
    };
    let mut paths: Vec<String> = top
        .iter()
        .filter_map(|(_, a)| searcher.doc::<TantivyDocument>(*a).ok())
        .filter_map(|d| first_text(&d, f.path))
        .filter(|p| Some(p) != me.as_ref())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The date of a stored document as lede shows it.
pub fn shown_date(idx: &LedeIndex, doc: &TantivyDocument) -> Option<String> {
    let f = &idx.fields;
    first_text(doc, f.date_local).or_else(|| {
        doc.get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    })
}

/// A stored article as `lede show` prints it. Field order is the JSON's.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredArticle {
    /// The file it came from.
    pub path: String,
    /// Its id (see `Hit::id`).
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, as shown.
    pub date: Option<String>,
    /// Publication.
    pub source: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Web address.
    pub url: Option<String>,
    /// Dek or standfirst.
    pub summary: Option<String>,
    /// Language, ISO 639-1.
    pub lang: Option<String>,
    /// Words in title, summary and body.
    pub words: Option<u64>,
    /// The cleaned text.
    pub body: Option<String>,
}

/// The stored articles a user names (see `docs_of`), in file order.
pub fn articles_of(
    idx: &LedeIndex,
    searcher: &Searcher,
    path_or_id: &str,
) -> tantivy::Result<Vec<StoredArticle>> {
    let mut out = Vec::new();
    for a in docs_of(idx, searcher, path_or_id)? {
        out.push(stored_article(idx, &searcher.doc(a)?));
    }
    Ok(out)
}

/// A stored document's fields as a `StoredArticle`.
fn stored_article(idx: &LedeIndex, d: &TantivyDocument) -> StoredArticle {
    let f = &idx.fields;
    StoredArticle {
        path: first_text(d, f.path).unwrap_or_default(),
        id: first_text(d, f.id).unwrap_or_default(),
        title: first_text(d, f.title),
        date: shown_date(idx, d),
        source: first_text(d, f.source),
        author: first_text(d, f.author),
        url: first_text(d, f.url),
        summary: first_text(d, f.summary),
        lang: first_text(d, f.lang),
        words: d.get_first(f.words).and_then(|v| v.as_u64()),
        body: first_text(d, f.body),
    }
}

/// The articles a user names: every article of the file at this path as indexed, else the one
/// article with this id (`path#N`).
pub fn docs_of(
    idx: &LedeIndex,
    searcher: &Searcher,
    path_or_id: &str,
) -> tantivy::Result<Vec<DocAddress>> {
    let by_path = docs_of_path(idx, searcher, path_or_id)?;
    if !by_path.is_empty() {
        return Ok(by_path);
    }
    let q = TermQuery::new(
        Term::from_field_text(idx.fields.id, path_or_id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
    Ok(top.into_iter().map(|(_, a)| a).collect())
}

/// The documents (articles) of one file, by its path as indexed.
pub fn docs_of_path(
    idx: &LedeIndex,
    searcher: &Searcher,
    path: &str,
) -> tantivy::Result<Vec<DocAddress>> {
    let q = TermQuery::new(
        Term::from_field_text(idx.fields.path, path),
        IndexRecordOption::Basic,
    );
    let mut top = searcher.search(&q, &TopDocs::with_limit(10_000).order_by_score())?;
    top.sort_by_key(|(_, a)| *a);
    Ok(top.into_iter().map(|(_, a)| a).collect())
}

/// One stored article in full, as `lede export` writes it. Field order is the JSON's.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportedArticle {
    /// The stored article's fields (its path and id first).
    #[serde(flatten)]
    pub article: StoredArticle,
    /// True on every copy of a story but the first (searches show the first).
    pub copy: bool,
    /// On the first copy: how many other copies there are.
    pub copies: u64,
}

/// Calls `each` with every live article of the index, segment by segment (memory stays flat
/// however large the index). Stops at the first error `each` returns.
pub fn for_each_article<E: From<tantivy::TantivyError>>(
    idx: &LedeIndex,
    searcher: &Searcher,
    mut each: impl FnMut(ExportedArticle) -> Result<(), E>,
) -> Result<(), E> {
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for d in seg.doc_ids_alive() {
            each(exported(idx, searcher, DocAddress::new(ord as u32, d))?)?;
        }
    }
    Ok(())
}

fn exported(
    idx: &LedeIndex,
    searcher: &Searcher,
    addr: DocAddress,
) -> tantivy::Result<ExportedArticle> {
    let f = &idx.fields;
    let doc: TantivyDocument = searcher.doc(addr)?;
    let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64());
    Ok(ExportedArticle {
        article: stored_article(idx, &doc),
        copy: u64_of(f.copy) == Some(1),
        copies: u64_of(f.copies).unwrap_or(0),
    })
}

/// Calls `each` with every live article `query` matches, in index order, a segment's matching
/// ids at a time (memory stays flat however many match). Stops at the first error.
pub fn for_each_match<E: From<tantivy::TantivyError>>(
    idx: &LedeIndex,
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    mut each: impl FnMut(ExportedArticle) -> Result<(), E>,
) -> Result<(), E> {
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        let mut ids = Vec::new();
        weight.for_each_no_score(seg, &mut |docs| {
            ids.extend(
                docs.iter()
                    .copied()
                    .filter(|&d| alive.is_none_or(|a| a.is_alive(d))),
            );
        })?;
        // One segment's ids (four bytes an article) are held, never the articles.
        for d in ids {
            each(exported(idx, searcher, DocAddress::new(ord as u32, d))?)?;
        }
    }
    Ok(())
}
