//! How results are to be printed: the format, highlighting, which hit fields.

/// Output formats of `lede search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
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

/// How matched words are marked in snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    /// Bold colour escapes.
    Ansi,
    /// `**word**`.
    Markdown,
    /// `<b>word</b>`, the rest HTML-escaped.
    Html,
    /// No marks.
    None,
}

/// How to print results.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The format.
    pub format: Format,
    /// Colour in text output.
    pub color: bool,
    /// Snippet marks (text and csv).
    pub highlight: Highlight,
    /// Hit fields to keep (csv, json, ndjson); empty = the format's default.
    pub fields: Vec<String>,
    /// NUL-terminated paths.
    pub null: bool,
    /// Most buckets of a facet shown as text; 0 shows all.
    pub facet_limit: usize,
}

/// Field names a hit has, in output order.
pub const HIT_FIELDS: [&str; 16] = [
    "rank",
    "score",
    "path",
    "id",
    "title",
    "date",
    "source",
    "author",
    "url",
    "summary",
    "lang",
    "snippet",
    "highlights",
    "copies",
    "related",
    "explanation",
];

/// Checks a `--fields` list.
pub fn check_fields(fields: &[String]) -> Result<(), String> {
    for f in fields {
        if !HIT_FIELDS.contains(&f.as_str()) {
            return Err(format!(
                "no field {f:?}; choose from {}",
                HIT_FIELDS.join(", ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused() {
        assert!(check_fields(&["title".into(), "path".into()]).is_ok());
        assert!(check_fields(&["colour".into()]).is_err());
    }
}
