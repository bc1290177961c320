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

use super::schema::{version_of, SchemaError, SchemaSpec};

/// The file inside an index folder that holds the schema it was built with.
pub const SCHEMA_FILE: &str = "lede-schema.json";

/// Problems with an index folder.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing has been indexed there yet.
    #[error("no lede index at {0}")]
    NotFound(PathBuf),
    /// The folder holds something else; lede never deletes or overwrites it.
    #[error("{0} is not a lede index (it has other files in it), so lede leaves it alone")]
    NotLede(PathBuf),
    /// The index was built with another schema version.
    #[error(
        "the index at {dir} was built with schema version {found}; this lede uses version {want}"
    )]
    SchemaVersion {
        /// The index folder.
        dir: PathBuf,
        /// Version in the index.
        found: u32,
        /// Version this binary writes.
        want: u32,
    },
    /// The schema kept in the index cannot be read.
    #[error("the schema kept in {dir} cannot be read: {err}")]
    BadSchema {
        /// The index folder.
        dir: PathBuf,
        /// What is wrong.
        err: SchemaError,
    },
    /// The index folder cannot be written (a read-only folder or mount, or no permission).
    #[error("the index at {} cannot be written: {err}", dir.display())]
    ReadOnly {
        /// The index folder.
        dir: PathBuf,
        /// The error taking the writer lock.
        err: std::io::Error,
    },
    /// The disk holding the index is full.
    #[error("the disk holding the index at {} is full", dir.display())]
    DiskFull {
        /// The index folder.
        dir: PathBuf,
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
    /// The index's schema lacks a field lede needs.
    #[error("the index at {} has no field {field:?} in its schema", dir.display())]
    MissingField {
        /// The index folder.
        dir: PathBuf,
        /// The missing field's name.
        field: &'static str,
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

/// Declares the fields lede reads and writes: the struct, and their names as `schema/schema.json`
/// spells them, from one list.
macro_rules! lede_fields {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// The fields lede reads and writes, looked up once.
        #[derive(Debug, Clone, Copy)]
        pub struct Fields {
            $($(#[doc = $doc])* pub $name: Field,)*
        }

        impl Fields {
            /// Every field lede needs, by name.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Looks every field up in `schema`; the error names the first one missing.
            pub fn lookup(schema: &tantivy::schema::Schema) -> Result<Fields, &'static str> {
                Ok(Fields {
                    $($name: schema.get_field(stringify!($name)).map_err(|_| stringify!($name))?,)*
                })
            }

            /// The schema's name of one of these fields.
            pub fn name(&self, field: Field) -> &'static str {
                $(if field == self.$name {
                    return stringify!($name);
                })*
                ""
            }
        }
    };
}

lede_fields! {
    /// Headline.
    title,
    /// Dek or standfirst.
    summary,
    /// Article text, furniture removed.
    body,
    /// Byline.
    author,
    /// Publication.
    source,
    /// Web address.
    url,
    /// Title, summary, body and author unstemmed (not stored): the dictionary of words.
    exact,
    /// The file, absolute.
    path,
    /// The article: its path, with `#N` for the Nth article after the first in a file.
    id,
    /// Publication time, UTC.
    date,
    /// Publication time as the article gave it (RFC 3339 with its own offset).
    date_local,
    /// `YYYY-MM` of the date, for calendar-month facets.
    month,
    /// Words in title, summary and body.
    words,
    /// File size when indexed, to spot changes cheaply.
    size,
    /// File modification time when indexed (nanoseconds since the epoch).
    mtime,
    /// BLAKE3 of the file's bytes: decides whether a touched file really changed, and spots renames.
    hash,
    /// Hash of the cleaned title and body: articles with the same key are copies of one story.
    dupkey,
    /// 1 on every copy but the first (by path) of a story.
    copy,
    /// On the first copy: how many other copies there are.
    copies,
    /// Whose furniture the article shares: its source, else the first folder under the indexed
    /// path.
    group,
    /// Fingerprints of the body's short paragraphs (see `corpus_furniture`).
    paras,
    /// The article's language, ISO 639-1 (empty when it could not be told).
    lang,
    /// Title, summary and body analysed by the article's language (not stored; see `languages`).
    stems,
}

impl Fields {
    /// The `u64` fast column of `field` in one segment.
    pub fn u64_column(
        &self,
        seg: &tantivy::SegmentReader,
        field: Field,
    ) -> tantivy::Result<tantivy::columnar::Column<u64>> {
        seg.fast_fields().u64(self.name(field))
    }

    /// The string fast column of `field` in one segment, if it has one.
    pub fn str_column(
        &self,
        seg: &tantivy::SegmentReader,
        field: Field,
    ) -> tantivy::Result<Option<tantivy::columnar::StrColumn>> {
        seg.fast_fields().str(self.name(field))
    }
}

/// What each commit records besides the documents: when and by which lede it was made, whether
/// the run's whole-index passes are still to do, and the roots indexed into it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CommitPayload {
    /// The commit's time, RFC 3339 in UTC, to the second.
    pub updated_at: String,
    /// The lede version that wrote it.
    pub lede_version: String,
    /// True on a run's first commit, false once its passes over the whole index (copy marks,
    /// learnt furniture) are committed too: a run killed in between leaves it true, and the next
    /// run does those passes over the whole index.
    #[serde(default)]
    pub pending: bool,
    /// Each root (a path given to `lede index`, resolved) and what was last done to it.
    #[serde(default)]
    pub roots: std::collections::BTreeMap<String, RootState>,
}

/// What the index records of one root.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RootState {
    /// When a run last changed the index under this root, RFC 3339 in UTC.
    pub last_change: String,
    /// How the root's files are read, as last given.
    #[serde(default)]
    pub settings: super::settings::RootSettings,
}

impl CommitPayload {
    /// A payload for a commit made now by this lede.
    pub fn now() -> Self {
        CommitPayload {
            updated_at: now_rfc3339(),
            lede_version: env!("CARGO_PKG_VERSION").to_string(),
            ..CommitPayload::default()
        }
    }

    /// The payload as stored in tantivy's meta.json.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The payload of the next commit after this one: made now, keeping the roots.
    pub fn next(&self) -> Self {
        CommitPayload {
            roots: self.roots.clone(),
            ..CommitPayload::now()
        }
    }

    /// Marks `roots` as changed by this commit, with the settings each was read with.
    pub fn record_roots(
        &mut self,
        roots: impl IntoIterator<Item = (String, super::settings::RootSettings)>,
    ) {
        for (r, settings) in roots {
            let state = RootState {
                last_change: self.updated_at.clone(),
                settings,
            };
            self.roots.insert(r, state);
        }
    }

    /// The payload of the last commit in the index folder `dir`, read from tantivy's meta.json
    /// without opening the index (which an index of another schema version cannot be).
    pub fn in_folder(dir: &Path) -> Option<CommitPayload> {
        let meta: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("meta.json")).ok()?).ok()?;
        serde_json::from_str(meta.get("payload")?.as_str()?).ok()
    }

    /// The payload of the last commit of `index`, if it has one lede wrote.
    pub fn of(index: &Index) -> Option<CommitPayload> {
        let payload = index.load_metas().ok()?.payload?;
        serde_json::from_str(&payload).ok()
    }
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
        Self::open_as(dir, Use::Write)
    }

    /// Opens an existing index only to search it: the analyzers that only indexing runs (each
    /// language's, behind `stems`) are not built, which is most of opening's time. Never write
    /// through it.
    pub fn open_to_search(dir: &Path) -> Result<LedeIndex, StoreError> {
        Self::open_as(dir, Use::Search)
    }

    fn open_as(dir: &Path, usage: Use) -> Result<LedeIndex, StoreError> {
        let schema_path = dir.join(SCHEMA_FILE);
        if !dir.join("meta.json").exists() {
            if dir.exists() && !schema_path.exists() && !is_empty_dir(dir) {
                return Err(StoreError::NotLede(dir.to_path_buf()));
            }
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
        // Refuses an index of another schema version with the "rebuild" message.
        let spec = read_spec(dir)?;
        let mmap = MmapDirectory::open(dir).map_err(|e| StoreError::Io {
            what: "cannot open the index folder",
            path: dir.to_path_buf(),
            err: std::io::Error::other(e.to_string()),
        })?;
        let index = Index::open(SearchDir(mmap))?;
        Self::wrap(index, spec, dir, usage)
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
        Self::wrap(index, spec, dir, Use::Write)
    }

    fn wrap(
        index: Index,
        spec: SchemaSpec,
        dir: &Path,
        usage: Use,
    ) -> Result<LedeIndex, StoreError> {
        match usage {
            Use::Write => spec.register_analyzers(&index),
            Use::Search => spec.register_field_analyzers(&index),
        }
        .map_err(|err| StoreError::BadSchema {
            dir: dir.to_path_buf(),
            err,
        })?;
        let schema = index.schema();
        let fields = Fields::lookup(&schema).map_err(|field| StoreError::MissingField {
            dir: dir.to_path_buf(),
            field,
        })?;
        Ok(LedeIndex {
            index,
            spec,
            fields,
            dir: dir.to_path_buf(),
        })
    }
}

/// What an index is opened for: writing needs every analyzer registered, searching fewer.
#[derive(Clone, Copy)]
enum Use {
    Write,
    Search,
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
    let version = version_of(&text);
    let want = SchemaSpec::embedded_version();
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

/// True when `dir` holds nothing (lede's writer lock aside: a run takes it before creating).
fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).map_or(true, |d| {
        d.filter_map(Result::ok)
            .all(|e| e.file_name() == WRITER_LOCK)
    })
}

/// Files tantivy and lede write in an index folder besides segments.
const INDEX_FILES: &[&str] = &[
    "meta.json",
    ".managed.json",
    ".tantivy-meta.lock",
    ".tantivy-writer.lock",
    WRITER_LOCK,
    SCHEMA_FILE,
];

/// lede's own writer lock: held by a run, and by a watcher for its whole life (between its
/// runs too), so a second indexer or watcher is refused at once.
const WRITER_LOCK: &str = ".lede-writer.lock";

/// lede's writer lock on an index folder, released when dropped (or when the process dies).
#[derive(Debug)]
pub struct WriterLock {
    _file: fs::File,
}

impl WriterLock {
    /// Takes the lock on the index folder `dir` (created if missing), or says who holds it.
    pub fn acquire(dir: &Path) -> Result<WriterLock, StoreError> {
        use std::os::fd::AsRawFd;
        let io = |what, err| StoreError::Io {
            what,
            path: dir.to_path_buf(),
            err,
        };
        // A folder that is not lede's gets no lock file (nor anything else) written in it.
        if dir.exists() && !dir.join(SCHEMA_FILE).exists() && !is_empty_dir(dir) {
            return Err(StoreError::NotLede(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(|e| io("cannot create the index folder", e))?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(WRITER_LOCK))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnly {
                        dir: dir.to_path_buf(),
                        err: e,
                    }
                }
                _ => io("cannot open the writer lock in", e),
            })?;
        // SAFETY: flock on a descriptor this function owns; it has no other precondition.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            return Err(if err.kind() == std::io::ErrorKind::WouldBlock {
                StoreError::Locked(dir.to_path_buf())
            } else {
                io("cannot take the writer lock in", err)
            });
        }
        Ok(WriterLock { _file: file })
    }
}
/// The endings of tantivy's segment files (`<uuid>.<ending>`, and `<uuid>.<n>.del`).
const SEGMENT_ENDINGS: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];

/// True for a file tantivy or lede writes in an index folder: one of `INDEX_FILES`, or a
/// segment file named by its 32-hex-digit id.
pub fn is_index_file(name: &str) -> bool {
    if INDEX_FILES.contains(&name) {
        return true;
    }
    let Some((stem, ending)) = name.rsplit_once('.') else {
        return false;
    };
    let id = stem.split('.').next().unwrap_or("");
    SEGMENT_ENDINGS.contains(&ending) && id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Gives the index's files the read and write bits of their folder (a folder made with the
/// umask's 0755 holds 0644 files): tantivy writes some of them (its meta files) readable by their
/// owner only, so other users who may read the folder could not search it, and a `chmod` of the
/// folder is kept by every later run. Files lede did not write are left alone.
pub fn fix_modes(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir)?.permissions().mode() & 0o666;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() || !is_index_file(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let meta = entry.metadata()?;
        if meta.permissions().mode() & 0o777 != mode {
            fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode))?;
        }
    }
    Ok(())
}

/// Deletes segment files no commit refers to: what a failed or killed run wrote before its
/// commit (after a full disk, tantivy could not even record them as its own, so its garbage
/// collection never would). Only for a holder of the writer lock: no other run is writing.
pub fn remove_orphans(dir: &Path, index: &Index) -> std::io::Result<u64> {
    let metas = index
        .load_metas()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let living: Vec<String> = metas
        .segments
        .iter()
        .map(|s| s.id().uuid_string())
        .collect();
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if INDEX_FILES.contains(&name.as_str()) || !is_index_file(&name) {
            continue;
        }
        let id = name.split('.').next().unwrap_or("");
        if !living.iter().any(|l| l == id) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes the files of a lede index, and only those: anything else a user keeps in the folder
/// stays.
fn clear_lede_index(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        // The writer lock stays: the run clearing the folder holds it.
        if entry.file_type()?.is_file()
            && is_index_file(&name.to_string_lossy())
            && name != WRITER_LOCK
        {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The time now, RFC 3339 in UTC, to the second.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::DEFAULT_SCHEMA_JSON;

    #[test]
    fn the_embedded_schema_has_every_field_lede_needs() {
        let spec = SchemaSpec::embedded();
        assert!(Fields::lookup(&spec.to_tantivy()).is_ok());
        for name in Fields::NAMES {
            assert!(spec.fields.iter().any(|f| f.name == *name), "{name}");
        }
    }

    #[test]
    fn a_schema_without_a_needed_field_is_refused_by_name() {
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_SCHEMA_JSON).expect("json");
        v["fields"]
            .as_array_mut()
            .expect("fields")
            .retain(|f| f["name"] != "dupkey");
        let spec = SchemaSpec::from_json(&v.to_string()).expect("still a schema");
        assert_eq!(Fields::lookup(&spec.to_tantivy()).err(), Some("dupkey"));
    }

    #[test]
    fn only_tantivy_and_lede_files_count_as_index_files() {
        for name in [
            "meta.json",
            ".managed.json",
            "lede-schema.json",
            "1939075e4dd240e8ab68651719b760f1.store",
            "1939075e4dd240e8ab68651719b760f1.12.del",
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in ["notes.txt", "meta.json.bak", "1939.store", "photo.idx"] {
            assert!(!is_index_file(name), "{name}");
        }
    }
}
