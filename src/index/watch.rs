//! Keeping an index current by itself (`lede index --watch`): one run as `lede index` does, then
//! file-system notifications (the `notify` crate, debounced) start another incremental run of the
//! same paths once a burst of changes has been quiet for a moment. Every batch is an ordinary
//! run, so it keeps every guarantee of one: removals scoped to the paths, renames found by
//! content, copies and learnt furniture kept right, a kill at any moment leaving the last commit
//! intact. lede's writer lock is held for the watcher's whole life. Where notifications are not
//! to be had (or overflow, or a watched folder comes and goes), a periodic rescan covers it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use super::options::{IndexError, IndexOptions, IndexSummary, Progress};
use super::store::WriterLock;

/// How a watcher waits.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Quiet time after the last change of a burst before a run starts.
    pub settle: Duration,
    /// A full rescan this often even without notifications (they can be lost or unavailable).
    pub rescan_every: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            settle: Duration::from_millis(750),
            rescan_every: Duration::from_secs(300),
        }
    }
}

/// What a watcher tells its caller.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    /// Watching started; `notifications` is false where only rescans will see changes.
    Watching {
        /// The paths watched.
        paths: &'a [PathBuf],
        /// Whether the file system sends notifications.
        notifications: bool,
    },
    /// A run finished (the first, or one a batch of changes or a rescan started).
    Indexed(&'a IndexSummary),
    /// Some watched paths are missing (moved away, deleted, unmounted): they are left as the
    /// index has them until they are back.
    Missing(&'a [PathBuf]),
    /// A run failed; the watcher goes on and tries again at the next change.
    Failed(&'a IndexError),
}

/// Indexes `opts.paths`, then keeps the index current until `stop` is set. A run in progress
/// when `stop` is set commits what it did, as Ctrl-C does for `lede index`.
pub fn watch(
    opts: &IndexOptions,
    wopts: &WatchOptions,
    progress: &dyn Progress,
    report: &mut dyn FnMut(WatchEvent),
    stop: &AtomicBool,
) -> Result<(), IndexError> {
    let _lock = WriterLock::acquire(&opts.index_dir)?;
    let mut opts = opts.clone();
    opts.lock_held = true;
    // The first run is the user's: its errors (a bad folder, a full disk) end the watch.
    let first = super::run_until(&opts, progress, stop)?;
    report(WatchEvent::Indexed(&first));
    // `--full` is for the first run only.
    opts.full = false;
    let index_dir = std::fs::canonicalize(&opts.index_dir).unwrap_or(opts.index_dir.clone());

    let (tx, rx) = channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(wopts.settle, tx).ok();
    let mut watched: Vec<PathBuf> = Vec::new();
    rewatch(&mut debouncer, &mut watched, &opts.paths);
    report(WatchEvent::Watching {
        paths: &opts.paths,
        notifications: !watched.is_empty(),
    });

    let mut last_scan = Instant::now();
    let mut dirty = false;
    while !stop.load(Ordering::Relaxed) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(events)) => {
                dirty |= events
                    .iter()
                    .any(|e| is_relevant(&e.path, &index_dir, &opts.paths));
            }
            // An overflow or a watch that broke (its folder went away): look at everything.
            Ok(Err(_)) => dirty = true,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => debouncer = None,
        }
        let rescan = last_scan.elapsed() >= wopts.rescan_every;
        if !(dirty || rescan) {
            continue;
        }
        dirty = false;
        last_scan = Instant::now();
        // Watched paths that went away are re-watched when they are back.
        watched.retain(|p| p.exists());
        rewatch(&mut debouncer, &mut watched, &opts.paths);
        let (present, missing): (Vec<PathBuf>, Vec<PathBuf>) =
            opts.paths.iter().cloned().partition(|p| p.exists());
        if !missing.is_empty() {
            report(WatchEvent::Missing(&missing));
        }
        if present.is_empty() {
            continue;
        }
        let run = IndexOptions {
            paths: present,
            ..opts.clone()
        };
        match super::run_until(&run, progress, stop) {
            Ok(summary) => report(WatchEvent::Indexed(&summary)),
            Err(e) => report(WatchEvent::Failed(&e)),
        }
    }
    Ok(())
}

type Debouncer =
    notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>;

/// Starts watching the paths not watched yet that exist now (by their resolved path, so that
/// events name them as the index does).
fn rewatch(debouncer: &mut Option<Debouncer>, watched: &mut Vec<PathBuf>, paths: &[PathBuf]) {
    let Some(d) = debouncer else {
        return;
    };
    for p in paths {
        let Ok(real) = std::fs::canonicalize(p) else {
            continue;
        };
        if !watched.contains(&real) && d.watcher().watch(&real, RecursiveMode::Recursive).is_ok() {
            watched.push(real);
        }
    }
}

/// Whether a change at `path` can matter: not inside the index folder (its own writes), and
/// not a hidden file or folder under a watched path (editors' swap files; the crawl skips them).
fn is_relevant(path: &Path, index_dir: &Path, roots: &[PathBuf]) -> bool {
    if path.starts_with(index_dir) {
        return false;
    }
    let rel = roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .find_map(|r| path.strip_prefix(&r).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    !rel.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_writes_and_hidden_files_are_not_changes() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let idx = root.join("idx");
        let roots = vec![root.clone()];
        // (path under the root, relevant)
        let table = [
            ("news/a.txt", true),
            ("idx/meta.json", false),
            ("news/.a.txt.swp", false),
            (".git/index", false),
            ("news/2019/b.html", true),
        ];
        for (rel, want) in table {
            assert_eq!(is_relevant(&root.join(rel), &idx, &roots), want, "{rel}");
        }
    }
}
