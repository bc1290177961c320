//! `--path` globs: shell-style patterns over a file's absolute path, as regular expressions.

/// A shell-style glob as a regular expression over whole absolute paths: `*` and `?` stay within
/// one folder, `**` crosses folders, and a glob that does not start with `/` may match at any
/// folder (`gazette/**` matches `/home/me/news/gazette/2019/a.txt`).
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::new();
    if !glob.starts_with('/') {
        re.push_str("(.*/)?");
    }
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                re.push_str(".*");
                i += 1;
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c if c.is_alphanumeric() || c == '/' || c == '_' => re.push(c),
            c => {
                re.push('\\');
                re.push(c);
            }
        }
        i += 1;
    }
    re
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn globs() {
        let re = Regex::new(&format!("^{}$", glob_to_regex("gazette/**/*.txt"))).expect("re");
        assert!(re.is_match("/home/me/news/gazette/2019/a.txt"));
        assert!(!re.is_match("/home/me/news/courier/2019/a.txt"));
        let re = Regex::new(&format!("^{}$", glob_to_regex("/news/*.txt"))).expect("re");
        assert!(re.is_match("/news/a.txt"));
        assert!(!re.is_match("/news/x/a.txt"));
    }
}
