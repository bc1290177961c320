//! The words of `lede search` as a shell passes them: after the options, every word is part of
//! the query, and a word starting with `-` that is not one of lede's options is an exclusion
//! (`lede search oil -gas --limit 5`). clap alone would refuse `-gas` as an unknown option, so
//! the arguments are sorted here, with clap's own definitions, before clap reads them.

use std::ffi::OsString;

/// One option of a subcommand as the sorter needs it.
struct Opt {
    long: Option<String>,
    short: Option<char>,
    takes_value: bool,
    values: Vec<String>,
}

fn options_of(cmd: &clap::Command) -> Vec<Opt> {
    cmd.get_arguments()
        .filter(|a| !a.is_positional())
        .map(|a| Opt {
            long: a.get_long().map(str::to_string),
            short: a.get_short(),
            takes_value: a.get_action().takes_values(),
            values: a
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect(),
        })
        .collect()
}

/// `args` with the query words of `lede search` moved after a `--`, so that clap reads them as
/// the query whatever they start with. Other commands' arguments are returned as they are.
/// `cmd` is lede's command, which then reads the arguments (it is built once per process).
pub fn sorted(cmd: &mut clap::Command, args: Vec<OsString>) -> Vec<OsString> {
    let Some(at) = args
        .iter()
        .skip(1)
        .position(|a| a == "search")
        .map(|i| i + 1)
    else {
        return args;
    };
    // Only when every argument before `search` is an option (`lede --color never search ...`).
    let is_color = |a: &OsString| ["never", "always", "auto"].iter().any(|c| a == c);
    if args[1..at]
        .iter()
        .any(|a| !a.to_string_lossy().starts_with('-') && !is_color(a))
    {
        return args;
    }
    cmd.build();
    let Some(search) = cmd.find_subcommand("search") else {
        return args;
    };
    let opts: Vec<Opt> = options_of(search)
        .into_iter()
        .chain(options_of(cmd))
        .collect();
    let mut flags: Vec<OsString> = Vec::new();
    let mut words: Vec<OsString> = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(a) = rest.next() {
        let text = a.to_string_lossy();
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            // A long option lede does not have is left to clap, which suggests the right one.
            let name = long.split('=').next().unwrap_or("");
            let known = opts.iter().find(|o| o.long.as_deref() == Some(name));
            flags.push(a.clone());
            if known.is_some_and(|o| o.takes_value) && !long.contains('=') {
                flags.extend(rest.next().cloned());
            }
            continue;
        }
        let mut chars = text.chars();
        if chars.next() == Some('-') {
            let short = chars.next();
            let attached: String = chars.collect();
            let known = short.and_then(|s| opts.iter().find(|o| o.short == Some(s)));
            match known {
                Some(o) if attached.is_empty() => {
                    flags.push(a.clone());
                    if o.takes_value {
                        flags.extend(rest.next().cloned());
                    }
                    continue;
                }
                // `-n20`, `-fjson`: an option with its value attached.
                Some(o)
                    if o.takes_value
                        && (attached.chars().all(|c| c.is_ascii_digit())
                            || o.values.contains(&attached)) =>
                {
                    flags.push(a.clone());
                    continue;
                }
                _ => {}
            }
        }
        words.push(a.clone());
    }
    let mut out: Vec<OsString> = args[..=at].to_vec();
    out.extend(flags);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    fn run(line: &str) -> String {
        let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        sorted(&mut Cli::command(), args)
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn query_words_follow_the_options() {
        // (as typed, as clap gets it)
        let table = [
            ("lede search oil -gas", "lede search -- oil -gas"),
            (
                "lede search oil -opec --format json",
                "lede search --format json -- oil -opec",
            ),
            (
                "lede search +budget -tax deficit -n 5",
                "lede search -n 5 -- +budget -tax deficit",
            ),
            ("lede search -n20 ferry", "lede search -n20 -- ferry"),
            ("lede search -fjson ferry", "lede search -fjson -- ferry"),
            ("lede search --limit=3 -x", "lede search --limit=3 -- -x"),
            (
                "lede search --source -gazette oil",
                "lede search --source -gazette -- oil",
            ),
            ("lede search -- -n --help", "lede search -- -n --help"),
            (
                "lede --color never search a -b",
                "lede --color never search -- a -b",
            ),
            ("lede search --bogus x", "lede search --bogus -- x"),
            ("lede index -j 1 dir", "lede index -j 1 dir"),
            ("lede search --help", "lede search --help"),
        ];
        for (typed, want) in table {
            assert_eq!(run(typed), want, "{typed}");
        }
    }
}
