//! lede's integration tests, one binary (as ripgrep has): most run the real `lede` binary on
//! folders written in temporary directories; `fuzz` calls the library directly.

mod common;

mod analyzer;
mod bad_input;
mod browser;
mod export;
mod fuzz;
mod incremental;
mod index_and_search;
mod languages;
mod needs_root;
mod queries;
mod ranking;
mod search_flags;
mod serve;
mod trust;
mod watch;
