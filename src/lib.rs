#![warn(missing_docs)]
//! lede: full-text search for folders of news articles.
//!
//! The library is the engine; the `lede` binary (and any other front-end) drives it. The
//! pipeline, one module a stage: [`crawl`] finds files, [`decode`] turns bytes into text,
//! [`analyze`] reads each file into article fields, [`index`] writes them with tantivy (the
//! folder, the schema, copies, learnt furniture and merges live under it), [`search`] parses
//! queries, ranks, filters, counts facets and cuts snippets, and [`output`] writes results as
//! text, JSON, NDJSON, CSV or paths. `ARCHITECTURE.md` walks through one file's life.

pub mod analyze;
pub mod crawl;
pub mod decode;
pub mod index;
pub mod output;
pub mod search;
pub mod serve;
