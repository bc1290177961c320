//! lede's query language, read from what people type. Syntax is recognised only where it is
//! syntax: `"a phrase"` (with `~N` for slop), `field:word` for the fields the schema lets a query
//! name, `AND` / `OR` / `NOT`, `+word` / `-word`, `( ... )`, `word*`, `word~` / `word~N`, and
//! `date:` periods. Everything else is words: apostrophes, `&`, `/`, URLs, times, prices. The
//! only errors are an unclosed `(` or `"` and brackets nested too deep, each said with where it is.

use std::ops::Range;

/// How a clause takes part in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    /// No sign: required with all words (the default), optional with `--any`.
    None,
    /// `+word`: required.
    Must,
    /// `-word` or `NOT word`: excluded.
    Not,
}

/// The operator written before a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Nothing written: the default operator.
    Implicit,
    /// `AND`.
    And,
    /// `OR`.
    Or,
}

/// What a clause looks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Words, analysed as the field analyses them (several words found next to each other).
    Words(String),
    /// `"words"`: the words next to each other, `slop` other words allowed between them.
    Phrase {
        /// The phrase's text.
        text: String,
        /// How many positions the words may be apart.
        slop: u32,
    },
    /// `word*`: every word starting with these letters.
    Prefix(String),
    /// `word~N`: every word at most `distance` edits away.
    Fuzzy {
        /// The word as typed.
        word: String,
        /// 1 or 2; `None` when written `word~` (chosen by the word's length).
        distance: Option<u8>,
    },
    /// `date:...` (the text after the colon).
    Date(String),
    /// `( ... )`.
    Group(Vec<Clause>),
}

/// One item of a query: an operator, a sign, an optional field and what to find.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The operator written before it.
    pub op: Op,
    /// Its sign.
    pub modifier: Modifier,
    /// The field named (`title:`), lower-cased; `None` for the default fields.
    pub field: Option<String>,
    /// What it looks for.
    pub node: Node,
    /// Where it is in the query text (bytes), for rewriting a word in a suggestion.
    pub span: Range<usize>,
}

/// A query that really is malformed, with what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SyntaxError(pub String);

/// How deep brackets may nest.
pub const MAX_NESTING: usize = 32;

/// Parses `text`; `fields` are the names a query may use before a colon. With `plain`, nothing
/// is syntax: every character is part of words.
pub fn parse(text: &str, fields: &[String], plain: bool) -> Result<Vec<Clause>, SyntaxError> {
    if plain {
        // Each run of non-space characters is words, whatever it holds.
        let mut out = Vec::new();
        let mut at = 0;
        for w in text.split_whitespace() {
            let start = at + text[at..].find(w).unwrap_or(0);
            at = start + w.len();
            out.push(Clause {
                op: Op::Implicit,
                modifier: Modifier::None,
                field: None,
                node: Node::Words(w.to_string()),
                span: start..at,
            });
        }
        return Ok(out);
    }
    let tokens = lex(text)?;
    let mut p = Parser {
        text,
        tokens,
        at: 0,
        fields,
        depth: 0,
    };
    p.clauses(false)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    /// A quoted phrase and its slop.
    Quoted(String, u32),
    /// A run of characters up to white space, a bracket or a quote.
    Word(String),
}

/// Character position (1-based) of byte `at`, as messages give it.
fn char_pos(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].chars().count() + 1
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Splits the text into brackets, quoted phrases and words, each with its byte range.
fn lex(text: &str) -> Result<Vec<(Tok, Range<usize>)>, SyntaxError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
        } else if c == '(' {
            out.push((Tok::Open, i..i + 1));
            k += 1;
        } else if c == ')' {
            out.push((Tok::Close, i..i + 1));
            k += 1;
        } else if is_quote(c) {
            let Some(close) = (k + 1..chars.len()).find(|&m| is_quote(chars[m].1)) else {
                return Err(SyntaxError(format!(
                    "the quote at character {} is never closed: add a closing \" (or leave the \
                     quote out to search for the words anywhere)",
                    k + 1
                )));
            };
            let inner = text[byte(k + 1)..byte(close)].to_string();
            k = close + 1;
            // `"a b"~2`: the words may stand up to two words apart.
            let mut slop = 0;
            if chars.get(k).is_some_and(|&(_, c)| c == '~') {
                let mut m = k + 1;
                while chars.get(m).is_some_and(|&(_, c)| c.is_ascii_digit()) {
                    m += 1;
                }
                slop = text[byte(k + 1)..byte(m)].parse().unwrap_or(0u32).min(100);
                k = m;
            }
            out.push((Tok::Quoted(inner, slop), i..byte(k)));
        } else {
            let start = k;
            while k < chars.len() {
                let d = chars[k].1;
                if d.is_whitespace() || d == '(' || d == ')' || is_quote(d) {
                    break;
                }
                k += 1;
            }
            out.push((Tok::Word(text[i..byte(k)].to_string()), i..byte(k)));
            debug_assert!(k > start);
        }
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<(Tok, Range<usize>)>,
    at: usize,
    fields: &'a [String],
    depth: usize,
}

impl Parser<'_> {
    /// Clauses up to the end, or (inside brackets) up to the closing bracket.
    fn clauses(&mut self, inside: bool) -> Result<Vec<Clause>, SyntaxError> {
        let mut out = Vec::new();
        let mut op = Op::Implicit;
        let mut modifier = Modifier::None;
        while let Some((tok, span)) = self.tokens.get(self.at).cloned() {
            self.at += 1;
            match tok {
                Tok::Close if inside => return Ok(out),
                // A `)` with no `(` is punctuation (a smiley, a pasted fragment).
                Tok::Close => {}
                Tok::Word(w) if w == "AND" => op = Op::And,
                Tok::Word(w) if w == "OR" => op = Op::Or,
                Tok::Word(w) if w == "NOT" => modifier = Modifier::Not,
                Tok::Word(w) if (w == "+" || w == "-") && self.next_is_open() => {
                    modifier = sign(&w);
                }
                tok => {
                    if let Some(mut c) = self.clause(tok, span, None)? {
                        if modifier != Modifier::None {
                            c.modifier = modifier;
                        }
                        c.op = op;
                        out.push(c);
                    }
                    op = Op::Implicit;
                    modifier = Modifier::None;
                }
            }
        }
        if inside {
            // Reached the end with a bracket still open: find which one, for the message.
            return Err(SyntaxError(format!(
                "the ( at character {} is never closed: add a ) (or leave the bracket out)",
                char_pos(self.text, self.open_at())
            )));
        }
        Ok(out)
    }

    fn next_is_open(&self) -> bool {
        matches!(self.tokens.get(self.at), Some((Tok::Open, _)))
    }

    /// Byte offset of the innermost bracket still open at the end of the text.
    fn open_at(&self) -> usize {
        let mut stack = Vec::new();
        for (t, span) in &self.tokens {
            match t {
                Tok::Open => stack.push(span.start),
                Tok::Close => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.last().copied().unwrap_or(0)
    }

    fn group(&mut self, start: usize) -> Result<(Vec<Clause>, usize), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(SyntaxError(format!(
                "brackets nest more than {MAX_NESTING} deep at character {}",
                char_pos(self.text, start)
            )));
        }
        let inner = self.clauses(true)?;
        self.depth -= 1;
        let end = self
            .tokens
            .get(self.at.saturating_sub(1))
            .map_or(self.text.len(), |(_, s)| s.end);
        Ok((inner, end))
    }

    /// One clause from a token; `field` is set when the token follows `name:`.
    fn clause(
        &mut self,
        tok: Tok,
        span: Range<usize>,
        field: Option<String>,
    ) -> Result<Option<Clause>, SyntaxError> {
        let make = |modifier, field, node, span: Range<usize>| clause(modifier, field, node, &span);
        match tok {
            Tok::Open => {
                let (inner, end) = self.group(span.start)?;
                Ok(make(
                    Modifier::None,
                    field,
                    Node::Group(inner),
                    span.start..end,
                ))
            }
            Tok::Close => Ok(None),
            Tok::Quoted(text, slop) => Ok(make(
                Modifier::None,
                field,
                Node::Phrase { text, slop },
                span,
            )),
            Tok::Word(w) => self.word(&w, span, field),
        }
    }

    fn word(
        &mut self,
        w: &str,
        span: Range<usize>,
        field: Option<String>,
    ) -> Result<Option<Clause>, SyntaxError> {
        let (modifier, body, skip) = match w.chars().next() {
            Some(c @ ('+' | '-')) if w.len() > 1 => (sign(&c.to_string()), &w[1..], 1),
            _ => (Modifier::None, w, 0),
        };
        let make = |field, node| clause(modifier, field, node, &span);
        if field.is_none() {
            if let Some((name, rest)) = body.split_once(':') {
                let lower = name.to_lowercase();
                if lower == "date" {
                    // `date:2018`, `date:>=2019`, `date:..2020`, `date:7d`; `date:ferry` is words.
                    let date_like = rest
                        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '<' | '>' | '.'));
                    if date_like && self.fields.contains(&lower) {
                        return Ok(make(Some(lower), Node::Date(rest.to_string())));
                    }
                } else if self.fields.contains(&lower) {
                    if rest.is_empty() {
                        // `title:"a b"`, `title:(a b)`: the field applies to what follows.
                        let follows = matches!(
                            self.tokens.get(self.at),
                            Some((Tok::Open | Tok::Quoted(..), s)) if s.start == span.end
                        );
                        if follows {
                            let (tok, next) = self.tokens[self.at].clone();
                            self.at += 1;
                            let mut c = self.clause(tok, next.clone(), Some(lower))?;
                            if let Some(c) = &mut c {
                                c.modifier = modifier;
                                c.span = span.start..next.end;
                            }
                            return Ok(c);
                        }
                    } else {
                        let inner = span.start + skip + name.len() + 1..span.end;
                        let mut c = self.word(rest, inner, Some(lower))?;
                        if let Some(c) = &mut c {
                            c.modifier = modifier;
                            c.span = span.clone();
                        }
                        return Ok(c);
                    }
                }
            }
        }
        Ok(bare(body, field, modifier, span.clone()))
    }
}

/// A word with no field before it: a `prefix*`, a `word~N`, or words.
fn bare(
    body: &str,
    field: Option<String>,
    modifier: Modifier,
    span: Range<usize>,
) -> Option<Clause> {
    let make = |field, node| clause(modifier, field, node, &span);
    if let Some(stem) = body.strip_suffix('*') {
        if !stem.is_empty() && stem.chars().all(char::is_alphanumeric) {
            return make(field, Node::Prefix(stem.to_string()));
        }
    }
    if let Some((word, n)) = body.rsplit_once('~') {
        let distance = match n {
            "" => Some(None),
            "0" | "1" | "2" => n.parse().ok().map(Some),
            _ if n.chars().all(|c| c.is_ascii_digit()) => Some(Some(2)),
            _ => None,
        };
        if let Some(distance) = distance {
            if !word.is_empty() && word.chars().all(char::is_alphanumeric) {
                return make(
                    field,
                    Node::Fuzzy {
                        word: word.to_string(),
                        distance,
                    },
                );
            }
        }
    }
    make(field, Node::Words(body.to_string()))
}

/// A clause with no operator before it (the caller sets one).
fn clause(
    modifier: Modifier,
    field: Option<String>,
    node: Node,
    span: &Range<usize>,
) -> Option<Clause> {
    Some(Clause {
        op: Op::Implicit,
        modifier,
        field,
        node,
        span: span.clone(),
    })
}

fn sign(s: &str) -> Modifier {
    if s == "-" {
        Modifier::Not
    } else {
        Modifier::Must
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<String> {
        ["title", "body", "source", "url", "date"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// A compact picture of the parse, to keep the table readable.
    fn show(clauses: &[Clause]) -> String {
        clauses
            .iter()
            .map(|c| {
                let m = match c.modifier {
                    Modifier::None => "",
                    Modifier::Must => "+",
                    Modifier::Not => "-",
                };
                let op = match c.op {
                    Op::Implicit => "",
                    Op::And => "AND ",
                    Op::Or => "OR ",
                };
                let f = c
                    .field
                    .as_ref()
                    .map(|f| format!("{f}:"))
                    .unwrap_or_default();
                let n = match &c.node {
                    Node::Words(w) => format!("[{w}]"),
                    Node::Phrase { text, slop } => format!("\"{text}\"~{slop}"),
                    Node::Prefix(p) => format!("{p}*"),
                    Node::Fuzzy { word, distance } => format!("{word}~{distance:?}"),
                    Node::Date(d) => format!("date({d})"),
                    Node::Group(g) => format!("({})", show(g)),
                };
                format!("{op}{m}{f}{n}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn what_people_type_parses_as_they_mean_it() {
        // (query, how lede reads it)
        let table: &[(&str, &str)] = &[
            ("oil gas", "[oil] [gas]"),
            ("O'Brien's ferry", "[O'Brien's] [ferry]"),
            (
                "AT&T 50% $3.5bn #metoo C++",
                "[AT&T] [50%] [$3.5bn] [#metoo] [C++]",
            ),
            ("https://example.com/a?b=c", "[https://example.com/a?b=c]"),
            ("meeting at 10:30", "[meeting] [at] [10:30]"),
            (
                "<script>alert(1)</script>",
                "[<script>alert] ([1]) [</script>]",
            ),
            ("oil -opec +price", "[oil] -[opec] +[price]"),
            ("a OR b AND NOT c", "[a] OR [b] AND -[c]"),
            ("title:budget", "title:[budget]"),
            ("Title:Budget", "title:[Budget]"),
            ("title:\"world cup\"", "title:\"world cup\"~0"),
            ("-title:(a b)", "-title:([a] [b])"),
            ("govern* elect*", "govern* elect*"),
            ("source:gazet*", "source:gazet*"),
            ("goverment~1 color~", "goverment~Some(1) color~None"),
            ("\"interest rates\"~2", "\"interest rates\"~2"),
            ("“curly quotes”", "\"curly quotes\"~0"),
            (
                "date:2018-02 date:>=2019",
                "date:date(2018-02) date:date(>=2019)",
            ),
            ("smile :) ok", "[smile] [:] [ok]"),
            ("* - + ~", "[*] [-] [+] [~]"),
            ("a*b ~x", "[a*b] [~x]"),
            ("-(a b)", "-([a] [b])"),
            ("unknown:field", "[unknown:field]"),
            ("date:ferry date:", "[date:ferry] [date:]"),
        ];
        for (q, want) in table {
            let got = parse(q, &fields(), false).expect(q);
            assert_eq!(show(&got), *want, "{q:?}");
        }
    }

    #[test]
    fn malformed_syntax_says_what_and_where() {
        let e = parse("oil (gas", &fields(), false).unwrap_err();
        assert!(e.0.contains("( at character 5 is never closed"), "{e}");
        let e = parse("say \"hello", &fields(), false).unwrap_err();
        assert!(e.0.contains("quote at character 5"), "{e}");
        let deep = format!("{}x{}", "(".repeat(40), ")".repeat(40));
        let e = parse(&deep, &fields(), false).unwrap_err();
        assert!(e.0.contains("nest more than 32"), "{e}");
    }

    #[test]
    fn plain_reads_no_syntax() {
        let c = parse("title:\"x (y -z", &fields(), true).expect("plain");
        assert_eq!(show(&c), "[title:\"x] [(y] [-z]");
    }

    #[test]
    fn spans_point_at_the_words() {
        let q = "ferry goverment";
        let c = parse(q, &fields(), false).expect("ok");
        assert_eq!(&q[c[1].span.clone()], "goverment");
    }
}
