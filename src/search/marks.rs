//! What a query asks to highlight, field by field: analysed terms (stemmed as the field stems),
//! words as written (what a prefix or a typo stood for) and phrases (terms at relative positions,
//! highlighted only where they stand together).

use std::collections::{HashMap, HashSet};

/// The marks for one field.
#[derive(Debug, Default, Clone)]
pub struct FieldMarks {
    /// Terms as the field's analyzer makes them (`ferri` for "ferries").
    pub terms: HashSet<String>,
    /// Words lower-cased and folded but not stemmed (`government` for `govern*`).
    pub words: HashSet<String>,
    /// Each phrase's terms with their positions relative to the first.
    pub phrases: Vec<Vec<(usize, String)>>,
}

impl FieldMarks {
    /// Whether nothing is to be marked.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.words.is_empty() && self.phrases.is_empty()
    }

    fn add(&mut self, other: &FieldMarks) {
        self.terms.extend(other.terms.iter().cloned());
        self.words.extend(other.words.iter().cloned());
        self.phrases.extend(other.phrases.iter().cloned());
    }
}

/// Marks by field; `None` holds those of words that named no field (every default field).
#[derive(Debug, Default, Clone)]
pub struct Marks {
    by_field: HashMap<Option<String>, FieldMarks>,
    /// The languages (code, analyzer) whose analysis made some of the terms: an article in one
    /// of them is also read by its language's analyzer to find them.
    pub languages: Vec<(String, String)>,
}

impl Marks {
    /// The marks of `field` (`None`: the default fields), to add to.
    pub fn of(&mut self, field: Option<&str>) -> &mut FieldMarks {
        self.by_field.entry(field.map(str::to_string)).or_default()
    }

    /// Everything to mark in the field `name`: its own marks, and the default fields' when it
    /// is one of them.
    pub fn for_field(&self, name: &str, is_default: bool) -> FieldMarks {
        let mut out = FieldMarks::default();
        if is_default {
            if let Some(m) = self.by_field.get(&None) {
                out.add(m);
            }
        }
        if let Some(m) = self.by_field.get(&Some(name.to_string())) {
            out.add(m);
        }
        out
    }
}
