//! The values of enum flags, as clap parses them, and what each means to the library. The library
//! types carry no clap derive: each front-end names its own values.

use clap::ValueEnum;

use lede::output;
use lede::search;

/// Generates a clap value enum mirroring a library enum, with the conversion.
macro_rules! value_enum {
    ($(#[$meta:meta])* $name:ident => $lib:path { $($(#[doc = $doc:literal])* $variant:ident,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
        pub enum $name {
            $($(#[doc = $doc])* $variant,)*
        }

        impl From<$name> for $lib {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => <$lib>::$variant,)*
                }
            }
        }
    };
}

value_enum! {
    /// Output formats of `lede search`.
    Format => output::Format {
        /// Ranked list for reading in a terminal.
        Text,
        /// One JSON object: query, total, hits (and facets).
        Json,
        /// One JSON object per hit, then a summary record (with facets).
        Ndjson,
        /// A header row, then one row per hit.
        Csv,
        /// The file of each hit, once, one per line (for xargs).
        Paths,
    }
}

value_enum! {
    /// How matched words are marked in snippets.
    Highlight => output::Highlight {
        /// Bold colour escapes.
        Ansi,
        /// `**word**`.
        Markdown,
        /// `<b>word</b>`, the rest HTML-escaped.
        Html,
        /// No marks.
        None,
    }
}

value_enum! {
    /// Result order.
    Sort => search::Sort {
        /// Best match first (BM25 with field boosts).
        Relevance,
        /// Latest publication date first (undated articles last).
        Newest,
        /// Earliest publication date first (undated articles last).
        Oldest,
    }
}

value_enum! {
    /// What to count.
    Facet => search::Facet {
        /// Publications.
        Source,
        /// Calendar years of the publication date.
        Year,
        /// Calendar months of the publication date.
        Month,
        /// Languages (ISO 639-1).
        Lang,
    }
}

/// Whether to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Resolves `auto` against the terminal and the `NO_COLOR` convention.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}
