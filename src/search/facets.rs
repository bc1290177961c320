//! Facet counts over all matches: sources, languages, calendar years and calendar months.
//! Counted from the keyword columns (`source`, `lang`, and `month` = `YYYY-MM`, kept at index time because tantivy's
//! date histogram knows only fixed intervals, and months are not fixed).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Field;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::store::Fields;

/// What to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// Publications.
    Source,
    /// Calendar years of the publication date.
    Year,
    /// Calendar months of the publication date.
    Month,
    /// Languages (ISO 639-1).
    Lang,
}

impl Facet {
    /// The keyword column the facet counts.
    fn column(self, f: &Fields) -> Field {
        match self {
            Facet::Source => f.source,
            Facet::Lang => f.lang,
            Facet::Year | Facet::Month => f.month,
        }
    }

    /// Every facet, in the order `--facet` lists them.
    pub const ALL: [Facet; 4] = [Facet::Source, Facet::Lang, Facet::Year, Facet::Month];

    /// The facet called `name` (as `name()` gives it).
    pub fn named(name: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Its name in output.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Source => "source",
            Facet::Year => "year",
            Facet::Month => "month",
            Facet::Lang => "lang",
        }
    }
}

/// One bucket of a facet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The source name, `YYYY` or `YYYY-MM`; `null` counts matches without a value.
    pub key: Option<String>,
    /// Matches in the bucket.
    pub count: u64,
}

/// Counts of one facet.
#[derive(Debug, Clone, Serialize)]
pub struct FacetCounts {
    /// Which facet.
    pub facet: Facet,
    /// Buckets: sources by count (largest first), years and months in calendar order with empty
    /// periods between the first and last filled in, so a chart shows gaps as gaps.
    pub buckets: Vec<Bucket>,
}

/// Counts values of several keyword columns over the matching documents.
pub struct FacetCollector {
    fields: Fields,
    columns: Vec<Field>,
}

impl FacetCollector {
    /// A collector for the columns `facets` need (each column counted once).
    pub fn new(facets: &[Facet], fields: &Fields) -> FacetCollector {
        let mut columns: Vec<Field> = facets.iter().map(|f| f.column(fields)).collect();
        columns.sort_unstable();
        columns.dedup();
        FacetCollector {
            fields: *fields,
            columns,
        }
    }

    /// Turns raw column counts into the facets asked for.
    pub fn finish(&self, facets: &[Facet], counts: &[HashMap<String, u64>]) -> Vec<FacetCounts> {
        facets
            .iter()
            .map(|&f| {
                let i = self
                    .columns
                    .iter()
                    .position(|c| *c == f.column(&self.fields))
                    .unwrap_or(0);
                let empty = HashMap::new();
                let raw = counts.get(i).unwrap_or(&empty);
                FacetCounts {
                    facet: f,
                    buckets: buckets(f, raw),
                }
            })
            .collect()
    }
}

fn buckets(f: Facet, raw: &HashMap<String, u64>) -> Vec<Bucket> {
    let missing = raw.get("").copied().unwrap_or(0);
    let mut out: Vec<Bucket> = match f {
        Facet::Source | Facet::Lang => {
            let mut v: Vec<Bucket> = raw
                .iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, c)| Bucket {
                    key: Some(k.clone()),
                    count: *c,
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
            v
        }
        Facet::Month => fill_calendar(
            raw.iter()
                .filter(|(k, _)| k.len() == 7)
                .map(|(k, c)| (k.clone(), *c))
                .collect(),
            next_month,
        ),
        Facet::Year => {
            let mut years: BTreeMap<String, u64> = BTreeMap::new();
            for (k, c) in raw.iter().filter(|(k, _)| k.len() == 7) {
                *years.entry(k[..4].to_string()).or_default() += c;
            }
            fill_calendar(years, next_year)
        }
    };
    if missing > 0 {
        out.push(Bucket {
            key: None,
            count: missing,
        });
    }
    out
}

fn next_month(m: &str) -> Option<String> {
    let (y, mo) = m.split_once('-')?;
    let (y, mo): (i32, u32) = (y.parse().ok()?, mo.parse().ok()?);
    Some(if mo >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", mo + 1)
    })
}

fn next_year(y: &str) -> Option<String> {
    Some(format!("{:04}", y.parse::<i32>().ok()? + 1))
}

/// Calendar order from first to last key, with empty periods between them as zero buckets.
fn fill_calendar(counts: BTreeMap<String, u64>, next: fn(&str) -> Option<String>) -> Vec<Bucket> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur = first.clone();
    // A guard against absurd spans (a date in year 1800 next to one in 2024 is 2,700 months).
    for _ in 0..5000 {
        out.push(Bucket {
            key: Some(cur.clone()),
            count: counts.get(&cur).copied().unwrap_or(0),
        });
        if &cur >= last {
            break;
        }
        match next(&cur) {
            Some(n) => cur = n,
            None => break,
        }
    }
    out
}

/// Per-segment counting by term ordinal.
pub struct FacetSegment {
    columns: Vec<(Option<StrColumn>, Vec<u64>, u64)>,
}

impl Collector for FacetCollector {
    type Fruit = Vec<HashMap<String, u64>>;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let mut columns = Vec::new();
        for c in &self.columns {
            let col = self.fields.str_column(reader, *c)?;
            let n = col.as_ref().map_or(0, |c| c.num_terms());
            columns.push((col, vec![0u64; n], 0u64));
        }
        Ok(FacetSegment { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out = vec![HashMap::new(); self.columns.len()];
        for fruit in fruits {
            for (acc, seg) in out.iter_mut().zip(fruit) {
                for (k, c) in seg {
                    *acc.entry(k).or_insert(0) += c;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = Vec<HashMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (col, counts, missing) in &mut self.columns {
            match col.as_ref().and_then(|c| c.term_ords(doc).next()) {
                Some(ord) => {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
                None => *missing += 1,
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = Vec::with_capacity(self.columns.len());
        for (col, counts, missing) in self.columns {
            let mut map = HashMap::new();
            let mut buf = String::new();
            if let Some(col) = col {
                for (ord, c) in counts.into_iter().enumerate() {
                    if c > 0 {
                        buf.clear();
                        if col.ord_to_str(ord as u64, &mut buf).unwrap_or(false) {
                            map.insert(buf.clone(), c);
                        }
                    }
                }
            }
            if missing > 0 {
                map.insert(String::new(), missing);
            }
            out.push(map);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_fill_gaps_in_calendar_order_and_years_sum() {
        let raw: HashMap<String, u64> = [("2018-11", 2), ("2019-02", 1), ("", 4)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let months: Vec<_> = buckets(Facet::Month, &raw)
            .into_iter()
            .map(|b| (b.key, b.count))
            .collect();
        assert_eq!(
            months,
            vec![
                (Some("2018-11".into()), 2),
                (Some("2018-12".into()), 0),
                (Some("2019-01".into()), 0),
                (Some("2019-02".into()), 1),
                (None, 4)
            ]
        );
        let years: Vec<_> = buckets(Facet::Year, &raw)
            .into_iter()
            .map(|b| (b.key, b.count))
            .collect();
        assert_eq!(
            years,
            vec![
                (Some("2018".into()), 2),
                (Some("2019".into()), 1),
                (None, 4)
            ]
        );
    }
}
