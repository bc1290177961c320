//! The index folder: where it lives, how it is created and opened, and the checks that keep lede
//! from touching a folder that is not its own or reading an index built with another schema.

use std::fs;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};
use tantivy::schema::Field;
use tantivy::Index;

use crate::schema::{SchemaError, SchemaSpec};

/// The file inside an index folder that holds the schema it was built with.
pub const SCHEMA_FILE: &str = "lede-schema.json";

/// Problems with an index folder.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing has been indexed there yet.
    #[error("no lede index at {0}\n  build one first: lede index FOLDER --index {0}  (or set LEDE_INDEX)")]
    NotFound(PathBuf),
    /// The folder holds something else; lede never deletes or overwrites it.
    #[error("{0} is not a lede index (it has other files in it), so lede leaves it alone\n  choose another folder with --index, or empty it yourself")]
    NotLede(PathBuf),
    /// The index was built with another schema version.
    #[error("the index at {dir} was built with schema version {found}; this lede uses version {want}\n  rebuild it: lede index --full PATH... --index {dir}")]
    SchemaVersion {
        /// The index folder.
        dir: PathBuf,
        /// Version in the index.
        found: u32,
        /// Version this binary writes.
        want: u32,
    },
    /// The schema kept in the index cannot be read.
    #[error("the schema kept in {dir} cannot be read: {err}\n  rebuild it: lede index --full PATH... --index {dir}")]
    BadSchema {
        /// The index folder.
        dir: PathBuf,
        /// What is wrong.
        err: SchemaError,
    },
    /// Another process holds the writer lock.
    #[error("another lede process is updating the index at {0}; wait for it to finish (searching still works meanwhile)")]
    Locked(PathBuf),
    /// A file-system error.
    #[error("{what} {path}: {err}")]
    Io {
        /// What lede was doing.
        what: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The error.
        err: std::io::Error,
    },
    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// The per-user default index folder: `$XDG_DATA_HOME/lede/index` (on Linux usually
/// `~/.local/share/lede/index`), or `./.lede-index` when the system has no data folder.
pub fn default_index_dir() -> PathBuf {
    dirs::data_local_dir()
        .map(|d| d.join("lede").join("index"))
        .unwrap_or_else(|| PathBuf::from(".lede-index"))
}

/// The fields lede reads and writes, looked up once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Headline.
    pub title: Field,
    /// Dek or standfirst.
    pub summary: Field,
    /// Article text, furniture removed.
    pub body: Field,
    /// Byline.
    pub author: Field,
    /// Publication.
    pub source: Field,
    /// Web address.
    pub url: Field,
    /// The file, absolute.
    pub path: Field,
    /// The article: its path, with `#N` for the Nth article after the first in a file.
    pub id: Field,
    /// Publication time, UTC.
    pub date: Field,
    /// Publication time as the article gave it (RFC 3339 with its own offset).
    pub date_local: Field,
    /// `YYYY-MM` of the date, for calendar-month facets.
    pub month: Field,
    /// Words in title, summary and body.
    pub words: Field,
    /// File size when indexed, to spot changes cheaply.
    pub size: Field,
    /// File modification time when indexed (nanoseconds since the epoch).
    pub mtime: Field,
    /// BLAKE3 of the file's bytes: decides whether a touched file really changed, and spots renames.
    pub hash: Field,
    /// Hash of the cleaned title and body: articles with the same key are copies of one story.
    pub dupkey: Field,
    /// 1 on every copy but the first (by path) of a story.
    pub copy: Field,
    /// On the first copy: how many other copies there are.
    pub copies: Field,
    /// Whose furniture the article shares: its source, else the first folder under the indexed
    /// path.
    pub group: Field,
    /// Fingerprints of the body's short paragraphs (see `corpus_furniture`).
    pub paras: Field,
}

/// An open lede index.
pub struct LedeIndex {
    /// The tantivy index.
    pub index: Index,
    /// The schema it was built with.
    pub spec: SchemaSpec,
    /// Its fields.
    pub fields: Fields,
    /// Its folder.
    pub dir: PathBuf,
}

impl LedeIndex {
    /// Opens an existing index for searching.
    pub fn open(dir: &Path) -> Result<LedeIndex, StoreError> {
        let schema_path = dir.join(SCHEMA_FILE);
        if !dir.join("meta.json").exists() {
            if dir.exists() && !schema_path.exists() && !is_empty_dir(dir) {
                return Err(StoreError::NotLede(dir.to_path_buf()));
            }
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
        let spec = read_spec(dir)?;
        let want = SchemaSpec::embedded().version;
        if spec.version != want {
            return Err(StoreError::SchemaVersion {
                dir: dir.to_path_buf(),
                found: spec.version,
                want,
            });
        }
        let mmap = MmapDirectory::open(dir).map_err(|e| StoreError::Io {
            what: "cannot open the index folder",
            path: dir.to_path_buf(),
            err: std::io::Error::other(e.to_string()),
        })?;
        let index = Index::open(SearchDir(mmap))?;
        Self::wrap(index, spec, dir)
    }

    /// Opens the index for writing, creating it in a new or empty folder. `rebuild` starts an
    /// index over when its schema is out of date.
    pub fn open_or_create(dir: &Path, rebuild: bool) -> Result<LedeIndex, StoreError> {
        let io = |what, err| StoreError::Io {
            what,
            path: dir.to_path_buf(),
            err,
        };
        let schema_path = dir.join(SCHEMA_FILE);
        if dir.exists() && !schema_path.exists() && !is_empty_dir(dir) {
            return Err(StoreError::NotLede(dir.to_path_buf()));
        }
        if schema_path.exists() && dir.join("meta.json").exists() {
            match Self::open(dir) {
                Err(StoreError::SchemaVersion { .. } | StoreError::BadSchema { .. }) if rebuild => {
                    clear_lede_index(dir).map_err(|e| io("cannot clear the old index in", e))?;
                }
                other => return other,
            }
        }
        fs::create_dir_all(dir).map_err(|e| io("cannot create the index folder", e))?;
        let spec = SchemaSpec::embedded();
        // The schema file goes first: a folder holding it is recognisably lede's from then on.
        let text = serde_json::to_string_pretty(&spec).map_err(|e| {
            io(
                "cannot write the schema to",
                std::io::Error::other(e.to_string()),
            )
        })?;
        fs::write(&schema_path, text).map_err(|e| io("cannot write the schema to", e))?;
        let index = Index::create_in_dir(dir, spec.to_tantivy())?;
        Self::wrap(index, spec, dir)
    }

    fn wrap(index: Index, spec: SchemaSpec, dir: &Path) -> Result<LedeIndex, StoreError> {
        spec.register_analyzers(&index)
            .map_err(|err| StoreError::BadSchema {
                dir: dir.to_path_buf(),
                err,
            })?;
        let schema = index.schema();
        let f = |name: &str| schema.get_field(name);
        let fields = Fields {
            title: f("title")?,
            summary: f("summary")?,
            body: f("body")?,
            author: f("author")?,
            source: f("source")?,
            url: f("url")?,
            path: f("path")?,
            id: f("id")?,
            date: f("date")?,
            date_local: f("date_local")?,
            month: f("month")?,
            words: f("words")?,
            size: f("size")?,
            mtime: f("mtime")?,
            hash: f("hash")?,
            dupkey: f("dupkey")?,
            copy: f("copy")?,
            copies: f("copies")?,
            group: f("group")?,
            paras: f("paras")?,
        };
        Ok(LedeIndex {
            index,
            spec,
            fields,
            dir: dir.to_path_buf(),
        })
    }
}

/// The index folder as tantivy's memory-mapped directory, except that a reader of a folder it
/// may not write to (a read-only archive, a read-only mount) still opens: the lock a reader takes
/// only guards against a writer's clean-up, and no writer can run there either.
#[derive(Debug, Clone)]
struct SearchDir(MmapDirectory);

impl Directory for SearchDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }
    fn watch(&self, cb: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(cb)
    }
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::PermissionDenied
                            | std::io::ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }
}

fn read_spec(dir: &Path) -> Result<SchemaSpec, StoreError> {
    let path = dir.join(SCHEMA_FILE);
    let text = fs::read_to_string(&path).map_err(|err| StoreError::Io {
        what: "cannot read",
        path: path.clone(),
        err,
    })?;
    // Read the version alone first, so a future schema we cannot parse still gets the clear
    // "rebuild" message rather than a parse error.
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("version").and_then(|v| v.as_u64()))
        .unwrap_or(0) as u32;
    let want = SchemaSpec::embedded().version;
    if version != want {
        return Err(StoreError::SchemaVersion {
            dir: dir.to_path_buf(),
            found: version,
            want,
        });
    }
    SchemaSpec::from_json(&text).map_err(|err| StoreError::BadSchema {
        dir: dir.to_path_buf(),
        err,
    })
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

/// Removes the files of a lede index (only in a folder that holds lede's schema file).
fn clear_lede_index(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
