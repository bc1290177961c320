//! The chart of matches per month on the search page: an SVG lede draws itself, one bar a
//! calendar month (gaps drawn as gaps), each bar a link that narrows the search to its month.
//! The page's script lets a drag across bars narrow it to a span.

use maud::{html, Markup};

use crate::search::Bucket;

/// The chart for a month facet's buckets; `link` makes the address of one month's search.
/// Nothing when no match has a date.
pub fn months(buckets: &[Bucket], link: impl Fn(&str) -> String) -> Markup {
    let months: Vec<(&str, u64)> = buckets
        .iter()
        .filter_map(|b| Some((b.key.as_deref()?, b.count)))
        .collect();
    let undated: u64 = buckets
        .iter()
        .filter(|b| b.key.is_none())
        .map(|b| b.count)
        .sum();
    if months.is_empty() {
        return html! {};
    }
    let max = months.iter().map(|m| m.1).max().unwrap_or(1).max(1);
    // A few months are drawn as narrow bars from the left, not stretched across the page.
    let width = (months.len() * 10).max(240);
    let first = months.first().map_or("", |m| m.0);
    let last = months.last().map_or("", |m| m.0);
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (width) " 100" } preserveAspectRatio="none" role="img"
                aria-label={ "matches per month, " (first) " to " (last) } {
                @for (i, (month, count)) in months.iter().enumerate() {
                    @let h = if *count == 0 { 0.0 } else { 2.0 + 96.0 * *count as f64 / max as f64 };
                    a.bar href=(link(month)) data-month=(month) {
                        title { (month) ": " (count) @if *count == 1 { " match" } @else { " matches" } }
                        // The full-height rectangle takes clicks and drags on short bars too.
                        rect.hit x=(i * 10) y="0" width="10" height="100" {}
                        rect.fill x=(i * 10 + 1) y=(format!("{:.1}", 100.0 - h)) width="8"
                            height=(format!("{:.1}", h)) {}
                    }
                }
            }
            figcaption {
                span { (first) }
                span.hint { "click a month, or drag across months, to narrow the dates" }
                span { (last) }
            }
            @if undated > 0 {
                p.undated { (undated) " without a date" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(k: &str, c: u64) -> Bucket {
        Bucket {
            key: Some(k.into()),
            count: c,
        }
    }

    #[test]
    fn one_linked_bar_a_month_scaled_to_the_busiest() {
        let svg = months(&[b("2021-01", 4), b("2021-02", 0), b("2021-03", 2)], |m| {
            format!("/?until={m}")
        })
        .into_string();
        assert_eq!(svg.matches("class=\"bar\"").count(), 3);
        assert!(svg.contains("href=\"/?until=2021-03\""));
        assert!(svg.contains("2021-02: 0 matches"));
        assert!(svg.contains("height=\"98.0\""), "{svg}");
        assert!(months(&[], |m| m.to_string()).into_string().is_empty());
    }
}
