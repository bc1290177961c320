//! The crawler: walks the paths given to `lede index` and hands on each file to read, and every
//! file it will not read with the reason. It opens nothing; reading happens in parallel as the
//! walk goes on, so nothing is held per file (a million files cost no memory here).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use ignore::gitignore::Gitignore;
use walkdir::WalkDir;

/// A regular file to read.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Absolute path, the document's identity in the index.
    pub path: PathBuf,
    /// Size in bytes when crawled.
    pub size: u64,
    /// Modification time when crawled.
    pub mtime: Option<SystemTime>,
    /// The indexed path (argument) this file was found under.
    pub root: Arc<Path>,
}

/// A file that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file (or folder) concerned.
    pub path: PathBuf,
    /// Why it was skipped, in words a user understands.
    pub reason: String,
    /// Nothing was lost: the file holds no article (empty, binary, a FIFO). Anything else is a
    /// failure the user may want to fix, and makes `lede index` exit 1.
    pub ignored: bool,
}

/// What the crawler leaves out.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Folders never entered (the index itself).
    pub exclude: Vec<PathBuf>,
    /// Per root, the user's exclude patterns (`--exclude`); `.ledeignore` files found in the
    /// tree add theirs for the folder they are in.
    pub ignores: std::collections::HashMap<PathBuf, Gitignore>,
}

/// The name of the file whose gitignore-style patterns leave files of its folder out.
pub const IGNORE_FILE: &str = ".ledeignore";

/// The exclude matchers in force while walking: the root's, and each `.ledeignore` met so far,
/// by the folder it is in.
struct Ignores<'a> {
    root: Option<&'a Gitignore>,
    folders: std::collections::HashMap<PathBuf, Gitignore>,
}

impl Ignores<'_> {
    /// True when a pattern of the root or of a folder above `path` leaves it out.
    fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        if self
            .root
            .is_some_and(|g| g.matched(path, is_dir).is_ignore())
        {
            return true;
        }
        path.ancestors().skip(1).any(|dir| {
            self.folders
                .get(dir)
                .is_some_and(|g| g.matched(path, is_dir).is_ignore())
        })
    }

    /// Reads the `.ledeignore` of a folder the walk enters, if it has one.
    fn enter(&mut self, dir: &Path) {
        let file = dir.join(IGNORE_FILE);
        if file.is_file() {
            let (g, _) = Gitignore::new(&file);
            self.folders.insert(dir.to_path_buf(), g);
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

/// Makes `p` absolute without resolving symlinks in its last part (so a symlinked file keeps its
/// own name as its identity).
pub fn absolute(p: &Path) -> PathBuf {
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => parent
            .canonicalize()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
        _ => p
            .canonicalize()
            .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
    }
}

/// One thing the walk found.
#[derive(Debug)]
pub enum Crawled {
    /// A file to read.
    File(FileEntry),
    /// A file or folder left out.
    Skipped(Skipped),
}

/// The roots as they will be walked: resolved (a symbolic link to a folder is the folder, so
/// indexing it and its link is one root), in the order given. A path given twice, or inside
/// another path given, is walked once (its files would otherwise be indexed twice). A path that
/// does not exist is made absolute.
pub fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let abs: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| absolute(p)))
        .collect();
    abs.iter()
        .enumerate()
        .filter(|&(i, p)| {
            !abs.iter()
                .enumerate()
                .any(|(j, q)| if q == p { j < i } else { p.starts_with(q) })
        })
        .map(|(_, p)| p.clone())
        .collect()
}

/// Walks `roots` (absolute, from [`roots`]; files or folders, recursively) in a stable order,
/// skipping hidden entries and excluded folders, and hands each file or skip to `each`, which
/// returns false to stop the walk.
pub fn walk(roots: &[PathBuf], opts: &CrawlOptions, mut each: impl FnMut(Crawled) -> bool) {
    let exclude: Vec<PathBuf> = opts
        .exclude
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    // Index folders met inside the tree, to report (the walk's filter cannot call `each`).
    let indexes = std::cell::RefCell::new(Vec::new());
    for root_abs in roots {
        let root: Arc<Path> = Arc::from(root_abs.as_path());
        let ignores = std::cell::RefCell::new(Ignores {
            root: opts.ignores.get(root_abs),
            folders: std::collections::HashMap::new(),
        });
        let walker = WalkDir::new(root_abs)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && is_hidden(e.file_name()) {
                    return false;
                }
                let is_dir = e.file_type().is_dir();
                if e.depth() > 0 && ignores.borrow().excluded(e.path(), is_dir) {
                    return false;
                }
                if !is_dir {
                    return true;
                }
                if exclude.iter().any(|x| e.path() == x) {
                    return false;
                }
                if is_search_index(e.path()) {
                    indexes.borrow_mut().push(e.path().to_path_buf());
                    return false;
                }
                ignores.borrow_mut().enter(e.path());
                true
            });
        let mut walker = walker;
        loop {
            let entry = walker.next();
            let found_indexes: Vec<PathBuf> = indexes.borrow_mut().drain(..).collect();
            for path in found_indexes {
                let skip = Skipped {
                    path,
                    reason: "a search index (lede's or tantivy's), not articles: left out".into(),
                    ignored: true,
                };
                if !each(Crawled::Skipped(skip)) {
                    return;
                }
            }
            let Some(entry) = entry else {
                break;
            };
            let found = match entry {
                Ok(e) => judge(&e, &root, opts),
                Err(err) => Some(Crawled::Skipped(Skipped {
                    path: err.path().unwrap_or(root_abs).to_path_buf(),
                    reason: walk_error_reason(&err),
                    ignored: false,
                })),
            };
            if let Some(found) = found {
                if !each(found) {
                    return;
                }
            }
        }
    }
}

/// True for a folder holding a tantivy index (lede's or another tool's): its files are no
/// articles, and another lede index's `.pos` file once became one.
fn is_search_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
        && (dir.join(".managed.json").is_file() || dir.join("lede-schema.json").is_file())
}

/// What one entry of the walk is: a file to read, a skip with its reason, or nothing (a folder).
fn judge(entry: &walkdir::DirEntry, root: &Arc<Path>, opts: &CrawlOptions) -> Option<Crawled> {
    let skip = |reason: String, ignored: bool| {
        Some(Crawled::Skipped(Skipped {
            path: entry.path().to_path_buf(),
            reason,
            ignored,
        }))
    };
    let ft = entry.file_type();
    if ft.is_dir() {
        return None;
    }
    if !ft.is_file() {
        return skip(
            "not a regular file (FIFO, socket or device): never opened".into(),
            true,
        );
    }
    let meta = match entry.metadata() {
        Ok(m) => m,
        Err(err) => return skip(walk_error_reason(&err), false),
    };
    if meta.len() > opts.max_file_size {
        return skip(
            format!(
                "larger than --max-file-size ({} MB > {} MB)",
                meta.len().div_ceil(1 << 20),
                opts.max_file_size >> 20
            ),
            false,
        );
    }
    Some(Crawled::File(FileEntry {
        path: entry.path().to_path_buf(),
        size: meta.len(),
        mtime: meta.modified().ok(),
        root: Arc::clone(root),
    }))
}

fn walk_error_reason(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        return "symbolic link loop".into();
    }
    match err.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "not found (a broken symbolic link, or removed while crawling)".into()
        }
        Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a walk of `paths` found: files, then skips.
    struct Found {
        files: Vec<FileEntry>,
        skipped: Vec<Skipped>,
    }

    fn crawl(paths: &[PathBuf], opts: &CrawlOptions) -> Found {
        let mut out = Found {
            files: Vec::new(),
            skipped: Vec::new(),
        };
        walk(&roots(paths), opts, |c| {
            match c {
                Crawled::File(f) => out.files.push(f),
                Crawled::Skipped(s) => out.skipped.push(s),
            }
            true
        });
        out
    }

    fn opts() -> CrawlOptions {
        CrawlOptions {
            max_file_size: 1 << 20,
            exclude: vec![],
            ignores: std::collections::HashMap::new(),
        }
    }

    #[test]
    fn hidden_and_excluded_folders_are_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/.git")).expect("mkdir");
        std::fs::create_dir_all(d.join("idx")).expect("mkdir");
        std::fs::write(d.join("a/one.txt"), "x").expect("write");
        std::fs::write(d.join("a/.git/config"), "x").expect("write");
        std::fs::write(d.join("idx/meta.json"), "x").expect("write");
        let mut o = opts();
        o.exclude = vec![d.join("idx")];
        let c = crawl(&[d.to_path_buf()], &o);
        let names: Vec<_> = c
            .files
            .iter()
            .map(|f| f.path.file_name().map(|n| n.to_string_lossy().to_string()))
            .collect();
        assert_eq!(names, vec![Some("one.txt".to_string())]);
    }

    #[test]
    fn a_root_given_twice_or_inside_another_is_walked_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(d.join("a/b")).expect("mkdir");
        std::fs::create_dir_all(d.join("ab")).expect("mkdir");
        let got = roots(&[d.join("a/b"), d.join("a"), d.join("ab"), d.join("a")]);
        assert_eq!(got, vec![d.join("a"), d.join("ab")]);
    }

    #[test]
    fn big_files_are_skipped_with_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("big.txt"), vec![b'a'; 2 << 20]).expect("write");
        let c = crawl(&[dir.path().to_path_buf()], &opts());
        assert!(c.files.is_empty());
        assert!(c.skipped[0].reason.contains("max-file-size"));
    }
}
