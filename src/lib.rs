#![warn(missing_docs)]
//! lede: full-text search for folders of news articles.
//!
//! The pipeline, one module a stage: [`crawl`] finds files, [`analyze`] reads each into article
//! fields, [`index`] writes them with tantivy (into the folder [`store`] manages, with the fields
//! [`schema`] describes), [`search`] ranks, filters (dates via [`query`]), counts [`facets`] and cuts snippets, [`output`] prints. [`cli`] and
//! [`cmd`] are the command line.

pub mod analyze;
pub mod cli;
pub mod cmd;
pub mod cores;
pub mod corpus_furniture;
pub mod crawl;
pub mod decode;
pub mod facets;
pub mod index;
pub mod known;
pub mod merges;
pub mod output;
pub mod query;
pub mod schema;
pub mod search;
pub mod store;
