//! A parsed query (see `syntax`) turned into what tantivy runs: words analysed as each field
//! analyses them, with the schema's boosts; `prefix*` and `word~N` written out from the index's
//! dictionary of unstemmed words and scored by BM25 like any word; `date:` periods as ranges;
//! then the filters (`--since`, `--source`, `--path`) and the copy rule. It also gathers what the
//! snippets mark and the notes a user should read (a prefix cut short, only stop words).

use std::collections::HashMap;
use std::ops::{Bound, Range};

use chrono::{DateTime, Utc};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::bm25f::FieldsTermQuery;
use super::dates::{date_term, shown};
use super::expand::{self, Expansion, MAX_EXPANSIONS};
use super::glob::PathGlob;
use super::marks::Marks;
use super::options::{SearchError, SearchOptions};
use super::syntax::{self, Clause, Modifier, Node, Op};
use crate::index::schema::{FieldKind, BY_LANGUAGE};
use crate::index::store::LedeIndex;

/// The longest query text read (a pasted page is not a query).
pub const MAX_QUERY_CHARS: usize = 10_000;
/// The most `prefix*` and `word~` in one query (each stands for many words).
pub const MAX_PREFIXES: usize = 16;

/// A query ready to run, with what goes with it.
pub struct Compiled {
    /// What tantivy runs; `None` when the query has no word to search for.
    pub query: Option<Box<dyn Query>>,
    /// What the snippets highlight.
    pub marks: Marks,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
    /// Plain words of the default fields as typed (byte range in the query, folded word), for
    /// spelling suggestions.
    pub typed: Vec<(Range<usize>, String)>,
    /// How many words the query scores by (a word written twice in `--plain` text twice; a
    /// phrase, prefix or typo is one): the scale of its score, for `feedback`.
    pub words: usize,
}

/// Words lower-cased and accent-folded as the dictionary holds them (not stemmed).
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    let mut tok = TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(tantivy::tokenizer::LowerCaser)
        .filter(tantivy::tokenizer::AsciiFoldingFilter)
        .build();
    tok.token_stream(text)
        .process(&mut |t| out = t.text.clone());
    out
}

/// One word's term in each field it is searched in, with the field's weight.
type WordGroup = Vec<(Term, f32)>;

/// One field a clause searches, with its boost.
#[derive(Clone)]
struct Target {
    field: Field,
    name: String,
    boost: f32,
    analyzer: String,
}

/// What compiling needs at hand, and what it gathers.
struct Ctx<'a> {
    idx: &'a LedeIndex,
    searcher: &'a Searcher,
    any: bool,
    /// `--plain`: the words a piece of text makes are separate words, never a phrase.
    plain: bool,
    /// Terms a `--plain` query has already added.
    plain_seen: std::collections::HashSet<String>,
    /// How many times the query writes each word (a `--plain` word weighs that many times).
    plain_times: HashMap<String, usize>,
    analyzers: HashMap<String, TextAnalyzer>,
    marks: Marks,
    notes: Vec<String>,
    typed: Vec<(Range<usize>, String)>,
    /// How many words score (see `Compiled::words`).
    words: usize,
    stop_words: Vec<String>,
    expansions: usize,
    /// What the words just compiled were (field, terms, slop), so a list can skip a repeat.
    last_words: Option<String>,
}

impl Ctx<'_> {
    fn targets(&self, field: Option<&str>) -> Vec<Target> {
        let names: Vec<&str> = match field {
            Some(f) => vec![f],
            None => self
                .idx
                .spec
                .default_search_fields
                .iter()
                .map(String::as_str)
                .collect(),
        };
        let schema = self.idx.index.schema();
        let mut out = Vec::new();
        for n in names {
            let (Some(spec), Ok(field)) = (self.idx.spec.field(n), schema.get_field(n)) else {
                continue;
            };
            let analyzer = spec.analyzer.clone().unwrap_or_else(|| "raw".into());
            let target = |analyzer: &str| Target {
                field,
                name: n.to_string(),
                boost: spec.boost,
                analyzer: analyzer.to_string(),
            };
            let by_language = self
                .idx
                .spec
                .analyzers
                .get(&analyzer)
                .is_some_and(|a| a.tokenizer == BY_LANGUAGE);
            if by_language {
                // The index's languages with their own analysis: searched once each.
                out.extend(self.marks.languages.iter().map(|(_, a)| target(a)));
            } else {
                out.push(target(&analyzer));
            }
        }
        out
    }

    /// The terms of `text` as `analyzer` makes them, with their positions.
    fn analyze(&mut self, analyzer: &str, text: &str) -> Vec<(usize, String)> {
        if !self.analyzers.contains_key(analyzer) {
            let a =
                self.idx.spec.analyzer(analyzer).unwrap_or_else(|| {
                    TextAnalyzer::from(tantivy::tokenizer::RawTokenizer::default())
                });
            self.analyzers.insert(analyzer.to_string(), a);
        }
        let mut out = Vec::new();
        if let Some(a) = self.analyzers.get_mut(analyzer) {
            a.token_stream(text)
                .process(&mut |t| out.push((t.position, t.text.clone())));
        }
        out
    }

    /// Whether `name` is one of the fields searched by default (their words are in the
    /// dictionary field).
    fn is_default(&self, name: &str) -> bool {
        self.idx
            .spec
            .default_search_fields
            .iter()
            .any(|d| d == name)
    }

    fn dictionary(&self) -> Option<Field> {
        self.idx
            .index
            .schema()
            .get_field(&self.idx.spec.dictionary_field)
            .ok()
    }

    /// One clause list (the whole query or a bracket): words joined by the default operator or
    /// `AND`, alternatives by `OR`, exclusions taken out of the whole list.
    fn level(
        &mut self,
        clauses: &[Clause],
        field: Option<&str>,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let mut groups: Vec<Vec<Box<dyn Query>>> = vec![Vec::new()];
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        let mut excluded: Vec<Box<dyn Query>> = Vec::new();
        // A word said twice counts once (as tantivy's own parser had it; long request texts
        // repeat their words, and whether that should weigh is a ranking question).
        let mut seen: Vec<(String, Modifier)> = Vec::new();
        for (n, c) in clauses.iter().enumerate() {
            let split = c.op == Op::Or || (self.any && c.op == Op::Implicit);
            if n > 0 && split && groups.last().is_some_and(|g| !g.is_empty()) {
                groups.push(Vec::new());
            }
            let f = c.field.as_deref().or(field);
            let negated = c.modifier == Modifier::Not;
            let Some(q) = self.node(c, f, negated)? else {
                continue;
            };
            if let Some(key) = self.last_words.take() {
                if seen.contains(&(key.clone(), c.modifier)) {
                    continue;
                }
                seen.push((key, c.modifier));
            }
            match c.modifier {
                Modifier::Not => excluded.push(q),
                Modifier::Must if self.any => required.push(q),
                _ => {
                    if let Some(g) = groups.last_mut() {
                        g.push(q);
                    }
                }
            }
        }
        let mut alternatives: Vec<Box<dyn Query>> = groups
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(all_of)
            .collect();
        let positive = match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Box::new(BooleanQuery::new(
                alternatives
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
            )) as Box<dyn Query>),
        };
        if required.is_empty() && excluded.is_empty() {
            return Ok(positive);
        }
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let positive_occur = if required.is_empty() {
            Occur::Must
        } else {
            Occur::Should
        };
        parts.extend(required.into_iter().map(|q| (Occur::Must, q)));
        match positive {
            Some(p) => parts.push((positive_occur, p)),
            // Only exclusions: every article but those.
            None if parts.is_empty() => parts.push((Occur::Must, Box::new(AllQuery))),
            None => {}
        }
        parts.extend(excluded.into_iter().map(|q| (Occur::MustNot, q)));
        Ok(Some(Box::new(BooleanQuery::new(parts))))
    }

    fn node(
        &mut self,
        c: &Clause,
        field: Option<&str>,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        match &c.node {
            Node::Group(inner) => self.level(inner, field),
            Node::Words(text) => Ok(self.words(text, field, 0, negated, Some(&c.span))),
            Node::Phrase { text, slop } => Ok(self.words(text, field, *slop, negated, None)),
            Node::Prefix(p) => self.expanded(field, negated, &format!("{p}*"), |s, f| {
                expand::prefix_words(s, f, &fold(p))
            }),
            Node::Fuzzy { word, distance } => {
                let folded = fold(word);
                let d = distance.unwrap_or_else(|| expand::auto_distance(&folded));
                let shown = format!("{word}~{d}");
                self.expanded(field, negated, &shown, |s, f| {
                    expand::fuzzy_words(s, f, &folded, d)
                })
            }
            Node::Date(text) => self.date(text).map(Some),
        }
    }

    /// Words in the fields: one term, or the terms as a phrase when the text makes several
    /// (`O'Brien`, `10:30`, a URL).
    fn words(
        &mut self,
        text: &str,
        field: Option<&str>,
        slop: u32,
        negated: bool,
        span: Option<&Range<usize>>,
    ) -> Option<Box<dyn Query>> {
        if self.plain {
            return self.plain_words(text, span);
        }
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // A one-term word is scored once over all its fields (BM25F), not once per field.
        let mut one_term: Vec<(Term, f32)> = Vec::new();
        let mut key_terms = Vec::new();
        for t in self.targets(field) {
            if self.idx.spec.field(&t.name).map(|f| f.kind) == Some(FieldKind::Date) {
                continue;
            }
            let terms = self.analyze(&t.analyzer, &dotted_capitals(text));
            if key_terms.is_empty() {
                key_terms = terms.clone();
            }
            let q: Option<Box<dyn Query>> = match terms.as_slice() {
                [] => continue,
                [(_, one)] => {
                    one_term.push((Term::from_field_text(t.field, one), t.boost));
                    None
                }
                many => {
                    let first = many[0].0;
                    let mut pq = PhraseQuery::new_with_offset(
                        many.iter()
                            .map(|(p, w)| (p - first, Term::from_field_text(t.field, w)))
                            .collect(),
                    );
                    pq.set_slop(slop);
                    Some(Box::new(pq))
                }
            };
            if !negated {
                let marks = self.marks.of(field);
                if terms.len() == 1 || slop > 0 {
                    marks.terms.extend(terms.iter().map(|(_, w)| w.clone()));
                } else {
                    let first = terms[0].0;
                    let phrase: Vec<(usize, String)> =
                        terms.iter().map(|(p, w)| (p - first, w.clone())).collect();
                    if !marks.phrases.contains(&phrase) {
                        marks.phrases.push(phrase);
                    }
                }
            }
            if let Some(q) = q {
                per_field.push((Occur::Should, boosted(q, t.boost)));
            }
        }
        if !one_term.is_empty() {
            per_field.push((Occur::Should, Box::new(FieldsTermQuery::new(one_term))));
        }
        if !per_field.is_empty() {
            self.last_words = Some(format!("{field:?} {slop} {key_terms:?}"));
        }
        if per_field.is_empty() {
            if text.chars().any(char::is_alphanumeric) {
                self.stop_words.push(text.to_string());
            }
            return None;
        }
        if field.is_none() {
            self.note_typed(span, text);
        }
        if !negated {
            self.words += 1;
        }
        Some(one_or_any(per_field))
    }

    /// Keeps a one-word clause of the default fields as typed, for spelling suggestions.
    fn note_typed(&mut self, span: Option<&Range<usize>>, text: &str) {
        let folded = fold(text);
        if let Some(span) = span.filter(|_| folded.chars().all(char::is_alphanumeric)) {
            self.typed.push((span.clone(), folded));
        }
    }

    /// `--plain` text: each term it makes is a word of its own (never a phrase), and a term
    /// already in the query is not added again.
    fn plain_words(&mut self, text: &str, span: Option<&Range<usize>>) -> Option<Box<dyn Query>> {
        let targets = self.targets(None);
        // A word's first clause carries the times the query writes it (`plain_times`); later
        // ones are skipped: `ogive ... ogive` weighs twice, once.
        let written = written_words(text);
        let occur = if self.any { Occur::Should } else { Occur::Must };
        let mut per_word: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut any_term = false;
        for w in written {
            // A word written n times weighs n times (long requests repeat what they are about).
            let qtf = self.plain_times.get(&w).copied().unwrap_or(1) as f32;
            let (groups, terms_of) = self.word_groups(&targets, &w);
            let per_field: Vec<(Occur, Box<dyn Query>)> =
                groups.into_iter().map(fields_term).collect();
            any_term |= !per_field.is_empty();
            if per_field.is_empty() || !self.plain_seen.insert(w) {
                continue;
            }
            self.marks
                .of(None)
                .terms
                .extend(terms_of.into_values().flatten());
            self.words += qtf as usize;
            per_word.push((occur, boosted(one_or_any(per_field), qtf)));
        }
        if !any_term {
            if text.chars().any(char::is_alphanumeric) {
                self.stop_words.push(text.to_string());
            }
            return None;
        }
        self.note_typed(span, text);
        match per_word.len() {
            0 => None,
            1 => per_word.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(per_word))),
        }
    }

    /// `word` as each target analyses it: the k-th term of every field makes one BM25F word
    /// (term and field weight); also each analyzer's terms (targets of one analyzer share them).
    fn word_groups(
        &mut self,
        targets: &[Target],
        word: &str,
    ) -> (Vec<WordGroup>, HashMap<String, Vec<String>>) {
        let mut groups: Vec<WordGroup> = Vec::new();
        let mut terms_of: HashMap<String, Vec<String>> = HashMap::new();
        for t in targets {
            if !terms_of.contains_key(&t.analyzer) {
                let terms = self.analyze(&t.analyzer, word);
                terms_of.insert(
                    t.analyzer.clone(),
                    terms.into_iter().map(|(_, x)| x).collect(),
                );
            }
            for (k, term) in terms_of[&t.analyzer].iter().enumerate() {
                if groups.len() <= k {
                    groups.push(Vec::new());
                }
                groups[k].push((Term::from_field_text(t.field, term), t.boost));
            }
        }
        (groups, terms_of)
    }

    /// A `prefix*` or `word~N`: the dictionary words it stands for, each analysed as the target
    /// fields analyse it and scored by BM25; matches are held to articles with one of the words
    /// as written (a stem can stand for more words than the prefix does).
    fn expanded(
        &mut self,
        field: Option<&str>,
        negated: bool,
        shown: &str,
        lookup: impl Fn(&Searcher, Field) -> Expansion,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        self.expansions += 1;
        if self.expansions > MAX_PREFIXES {
            return Err(SearchError::Syntax {
                query: String::new(),
                detail: format!("a query may have at most {MAX_PREFIXES} words ending in * or ~"),
            });
        }
        let targets = self.targets(field);
        // Default fields share the dictionary field; a name field (source, url) is its own.
        let uses_dictionary = targets.iter().all(|t| self.is_default(&t.name));
        let dict = if uses_dictionary {
            self.dictionary()
        } else {
            targets.first().map(|t| t.field)
        };
        let Some(dict) = dict else {
            return Ok(None);
        };
        let found = lookup(self.searcher, dict);
        if found.matched > found.words.len() {
            self.notes.push(format!(
                "{shown} matches {} different words; only the {MAX_EXPANSIONS} most common were \
                 searched for (add letters to narrow it)",
                found.matched
            ));
        }
        if found.words.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        // Each dictionary word is one BM25F word over the fields (words that stem alike, once).
        let mut seen = std::collections::HashSet::new();
        let mut per_term: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (w, _) in &found.words {
            for g in self.word_groups(&targets, w).0 {
                if seen.insert(g.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>()) {
                    per_term.push(fields_term(g));
                }
            }
        }
        if !negated {
            self.marks
                .of(field)
                .words
                .extend(found.words.iter().map(|(w, _)| w.clone()));
        }
        if per_term.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        if !negated {
            self.words += 1;
        }
        let scored = one_or_any(per_term);
        if !uses_dictionary {
            return Ok(Some(scored));
        }
        let filter = TermSetQuery::new(
            found
                .words
                .iter()
                .map(|(w, _)| Term::from_field_text(dict, w)),
        );
        Ok(Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, scored),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ),
        ]))))
    }

    fn date(&mut self, text: &str) -> Result<Box<dyn Query>, SearchError> {
        let (since, until) = date_term(text).map_err(|detail| SearchError::Syntax {
            query: String::new(),
            detail: format!("date:{text}: {detail}"),
        })?;
        Ok(date_range(self.idx, since, until))
    }
}

/// `u.s.` typed in lower case, as `U.S.`: the tokenizer joins only capitals, and a query of
/// one dotted acronym means the acronym whatever its case.
fn dotted_capitals(text: &str) -> std::borrow::Cow<'_, str> {
    let parts: Vec<&str> = text.trim_end_matches('.').split('.').collect();
    let dotted = parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    if dotted {
        std::borrow::Cow::Owned(text.to_uppercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// One word in several fields (see `bm25f`) as an optional clause.
fn fields_term(parts: Vec<(Term, f32)>) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(FieldsTermQuery::new(parts)))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() > f32::EPSILON {
        Box::new(BoostQuery::new(q, boost))
    } else {
        q
    }
}

fn one_or_any(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.len() == 1 {
        if let Some((_, q)) = clauses.pop() {
            return q;
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

fn all_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        if let Some(q) = queries.pop() {
            return q;
        }
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// Articles dated in `[since, until)`.
fn date_range(
    idx: &LedeIndex,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Box<dyn Query> {
    let bound = |d: Option<DateTime<Utc>>, incl: bool| match d {
        None => Bound::Unbounded,
        Some(d) => {
            let t = Term::from_field_date_for_search(
                idx.fields.date,
                tantivy::DateTime::from_timestamp_secs(d.timestamp()),
            );
            if incl {
                Bound::Included(t)
            } else {
                Bound::Excluded(t)
            }
        }
    };
    Box::new(RangeQuery::new(bound(since, true), bound(until, false)))
}

/// The user's query alone (no filters), read with lede's syntax (or as bare words with
/// `--plain`), with its marks and notes.
pub fn user_query(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
) -> Result<Compiled, SearchError> {
    let syntax = |detail: String| SearchError::Syntax {
        query: opts.query.clone(),
        detail,
    };
    if opts.query.chars().count() > MAX_QUERY_CHARS {
        return Err(syntax(format!(
            "a query may be at most {MAX_QUERY_CHARS} characters long"
        )));
    }
    let clauses =
        syntax::parse(&opts.query, &idx.spec.query_fields, opts.plain).map_err(|e| syntax(e.0))?;
    let mut ctx = Ctx {
        idx,
        searcher,
        any: opts.any,
        plain: opts.plain,
        plain_seen: Default::default(),
        plain_times: written_times(&opts.query),
        analyzers: HashMap::new(),
        marks: Marks::default(),
        notes: Vec::new(),
        typed: Vec::new(),
        words: 0,
        stop_words: Vec::new(),
        expansions: 0,
        last_words: None,
    };
    ctx.marks.languages = super::languages::present(searcher, &idx.fields, &idx.spec.languages);
    let query = ctx.level(&clauses, None).map_err(|e| match e {
        SearchError::Syntax { detail, .. } => syntax(detail),
        other => other,
    })?;
    if query.is_none() {
        let note = if ctx.stop_words.is_empty() {
            "the query has no words to search for".to_string()
        } else {
            format!(
                "every word of this query is too common to be indexed ({}): add a word that says \
                 what the articles are about",
                ctx.stop_words.join(", ")
            )
        };
        ctx.notes.push(note);
    }
    Ok(Compiled {
        query,
        marks: ctx.marks,
        notes: ctx.notes,
        typed: ctx.typed,
        words: ctx.words,
    })
}

/// The words of `text` as written, lower-cased, in order.
fn written_words(text: &str) -> Vec<String> {
    let mut written = Vec::new();
    let mut words = TextAnalyzer::builder(crate::index::words::WordTokenizer::default())
        .filter(tantivy::tokenizer::LowerCaser)
        .build();
    words
        .token_stream(&dotted_capitals(text))
        .process(&mut |t| written.push(t.text.clone()));
    written
}

/// How many times each word is written in `text`, lower-cased.
fn written_times(text: &str) -> HashMap<String, usize> {
    let mut times = HashMap::new();
    for w in written_words(text) {
        *times.entry(w).or_default() += 1;
    }
    times
}

/// The articles of `names` (any of them): each name's words, next to each other, in the source.
fn source_filter(idx: &LedeIndex, names: &[String]) -> Box<dyn Query> {
    let field = idx.fields.source;
    let analyzer = idx
        .spec
        .field("source")
        .and_then(|f| f.analyzer.clone())
        .unwrap_or_else(|| "raw".into());
    let mut tok = idx
        .spec
        .analyzer(&analyzer)
        .unwrap_or_else(|| TextAnalyzer::from(tantivy::tokenizer::RawTokenizer::default()));
    let any: Vec<(Occur, Box<dyn Query>)> = names
        .iter()
        .map(|name| {
            let mut terms = Vec::new();
            tok.token_stream(name)
                .process(&mut |t| terms.push((t.position, t.text.clone())));
            let q: Box<dyn Query> = match terms.as_slice() {
                [] => Box::new(EmptyQuery),
                [(_, one)] => Box::new(TermQuery::new(
                    Term::from_field_text(field, one),
                    IndexRecordOption::Basic,
                )),
                many => {
                    let first = many[0].0;
                    Box::new(PhraseQuery::new_with_offset(
                        many.iter()
                            .map(|(p, w)| (p - first, Term::from_field_text(field, w)))
                            .collect(),
                    ))
                }
            };
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(any))
}

/// Clauses of a boolean query.
pub type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// The filters of `opts` alone (dates, sources, path, copies), as clauses to add to a query.
pub fn filters(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
) -> Result<Clauses, SearchError> {
    let f = &idx.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let (Some(s), Some(u)) = (opts.since, opts.until) {
        if s >= u {
            return Err(SearchError::DateRange {
                since: shown(s),
                until: shown(u),
            });
        }
    }
    if opts.since.is_some() || opts.until.is_some() {
        clauses.push((Occur::Must, date_range(idx, opts.since, opts.until)));
    }
    if !opts.sources.is_empty() {
        clauses.push((Occur::Must, source_filter(idx, &opts.sources)));
    }
    if !opts.langs.is_empty() {
        let terms = opts.langs.iter().map(|l| Term::from_field_text(f.lang, l));
        clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
    }
    if let Some(glob) = &opts.path_glob {
        let glob = PathGlob::new(glob)?;
        clauses.push((Occur::Must, Box::new(glob.query(searcher, f.path))));
    }
    if !opts.copies {
        // Each story once: copies (marked at index time) are left out.
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_u64(f.copy, 1),
                IndexRecordOption::Basic,
            )),
        ));
    }
    Ok(clauses)
}

/// The user's query with the filters and the copy rule added.
pub fn build_query(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
) -> Result<Compiled, SearchError> {
    let mut compiled = user_query(idx, searcher, opts)?;
    let mut clauses = filters(idx, searcher, opts)?;
    if let Some(q) = compiled.query.take() {
        clauses.insert(0, (Occur::Must, q));
        compiled.query = Some(Box::new(BooleanQuery::new(clauses)));
    }
    Ok(compiled)
}

/// A selection's query (`None`: nothing can match) and its notes.
pub type Selection = (Option<Box<dyn Query>>, Vec<String>);

/// Every article `opts` selects, unranked (for an export): its query's matches, or every
/// article when the query is empty, within the filters. `None` when the query has words but
/// none that can match (stop words only); the notes say why.
pub fn selection(
    idx: &LedeIndex,
    searcher: &Searcher,
    opts: &SearchOptions,
) -> Result<Selection, SearchError> {
    let mut clauses = filters(idx, searcher, opts)?;
    let mut notes = Vec::new();
    if opts.query.trim().is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else {
        let compiled = user_query(idx, searcher, opts)?;
        notes = compiled.notes;
        match compiled.query {
            Some(q) => clauses.push((Occur::Must, q)),
            None => return Ok((None, notes)),
        }
    }
    Ok((Some(Box::new(BooleanQuery::new(clauses))), notes))
}

/// `opts`'s query with the words at `fixes` (byte ranges) replaced: a suggestion's text.
pub fn rewritten(query: &str, fixes: &[(Range<usize>, String)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    let mut sorted: Vec<&(Range<usize>, String)> = fixes.iter().collect();
    sorted.sort_by_key(|(r, _)| r.start);
    for (r, w) in sorted {
        if r.start < at || r.end > query.len() {
            continue;
        }
        out.push_str(&query[at..r.start]);
        out.push_str(w);
        at = r.end;
    }
    out.push_str(&query[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_dotted_acronyms_are_read_as_capitals() {
        // (typed, as analysed)
        let table = [
            ("u.s.", "U.S."),
            ("e.u", "E.U"),
            ("U.K.", "U.K."),
            ("a.b.cd", "a.b.cd"),
            ("ferry", "ferry"),
            ("e.", "e."),
        ];
        for (typed, want) in table {
            assert_eq!(dotted_capitals(typed), want, "{typed}");
        }
    }

    #[test]
    fn written_times_counts_each_word_as_written() {
        // (text, word, times)
        let table = [
            ("ogive ogive Ogive", "ogive", 3),
            ("chemical, chemically", "chemical", 1),
            ("chemical, chemically", "chemically", 1),
            ("the U.S. and US", "us", 2),
            ("non-users of libraries; NON-USERS", "users", 2),
        ];
        for (text, word, times) in table {
            assert_eq!(
                written_times(text).get(word),
                Some(&times),
                "{text}: {word}"
            );
        }
    }

    #[test]
    fn fold_lowercases_and_strips_accents() {
        assert_eq!(fold("Élysée"), "elysee");
    }

    #[test]
    fn rewritten_replaces_words_in_place() {
        let q = "ferry goverment -tax";
        assert_eq!(
            rewritten(q, &[(6..15, "government".into())]),
            "ferry government -tax"
        );
    }
}
