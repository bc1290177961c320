//! Helpers shared by the integration tests: run the real `lede` binary against indexes built in
//! temporary folders.

#![allow(dead_code)]

pub mod webdriver;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A `lede` command with colour off and no inherited index location.
pub fn lede() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("lede");
    cmd.env_remove("LEDE_INDEX").env("NO_COLOR", "1");
    cmd
}

/// `lede index DOCS --index INDEX`.
pub fn index_cmd(docs: impl AsRef<std::ffi::OsStr>, index: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = lede();
    cmd.arg("index").arg(docs).arg("--index").arg(index);
    cmd
}

/// The repository's root folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests").join("fixtures").join(name)
}

/// A temporary folder of article files, with an index folder beside it.
pub struct Corpus {
    pub dir: TempDir,
}

impl Corpus {
    /// An empty corpus folder.
    pub fn new() -> Corpus {
        Corpus {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The folder holding the articles.
    pub fn docs(&self) -> PathBuf {
        self.dir.path().join("docs")
    }

    /// The index folder.
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes an article file (relative to the docs folder).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.docs().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// Runs `lede index` on the docs folder and asserts it succeeded.
    pub fn build(&self) {
        std::fs::create_dir_all(self.docs()).expect("mkdir");
        index_cmd(self.docs(), self.index()).assert().success();
    }

    /// Runs `lede index` on the docs folder and returns its exit code.
    pub fn build_result(&self) -> Option<i32> {
        std::fs::create_dir_all(self.docs()).expect("mkdir");
        index_cmd(self.docs(), self.index())
            .output()
            .expect("run lede")
            .status
            .code()
    }

    /// A `lede search` command on this corpus's index with `args` appended.
    pub fn search(&self, args: &[&str]) -> Command {
        let mut c = lede();
        c.arg("search").arg("--index").arg(self.index()).args(args);
        c
    }

    /// Runs a search that must match and returns what it printed.
    pub fn search_stdout(&self, args: &[&str]) -> Vec<u8> {
        self.search(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    }

    /// Runs a search that must match and returns its `--format json` output.
    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.search_stdout(&[args, &["--format", "json"]].concat());
        serde_json::from_slice(&out).expect("valid JSON")
    }
}

/// Parses NDJSON output into values.
pub fn ndjson(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Paths of hits in JSON output of `lede search --format json`.
pub fn hit_paths(json: &serde_json::Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .expect("hits array")
        .iter()
        .map(|h| h["path"].as_str().expect("path").to_string())
        .collect()
}

/// Titles of hits in JSON output of `lede search --format json`, in rank order.
pub fn hit_titles(json: &serde_json::Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .expect("hits array")
        .iter()
        .map(|h| h["title"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The file name part of a path string.
pub fn file_name(p: &str) -> String {
    Path::new(p)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// How many articles match `query` in `c`'s index (`extra` flags added).
pub fn total_of(c: &Corpus, query: &str, extra: &[&str]) -> u64 {
    let mut args = vec![query, "--format", "json"];
    args.extend_from_slice(extra);
    let out = c.search(&args).output().expect("run lede");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["total"].as_u64().expect("total")
}

/// A copy of an index's schema file text that names another schema version (an index from
/// another lede).
pub fn with_schema_version(schema: &str, version: u64) -> String {
    let mut v: serde_json::Value = serde_json::from_str(schema).expect("schema is JSON");
    v["version"] = serde_json::json!(version);
    serde_json::to_string_pretty(&v).expect("JSON")
}

/// Checks `v` against `schema/search-output.schema.json` (what `lede search --format json`
/// promises).
pub fn validate(v: &serde_json::Value) {
    use std::sync::OnceLock;
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = SCHEMA.get_or_init(|| {
        let text = std::fs::read_to_string(repo().join("schema/search-output.schema.json"))
            .expect("schema file");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
        jsonschema::validator_for(&schema).expect("valid JSON Schema")
    });
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?} in {v}");
}

/// A running `lede serve` on a free port of this machine, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, no slash at the end.
    pub base: String,
}

impl Server {
    /// Starts `lede serve --index INDEX --bind 127.0.0.1:0 ARGS` and waits until it listens.
    pub fn start(index: &Path, args: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lede"))
            .arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .env_remove("LEDE_INDEX")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start lede serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(rest) = line.split("serving ").nth(1) {
                    let url = rest
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches('/');
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let base = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("lede serve said where it listens");
        Server { child, base }
    }

    /// GET `path` (with its query): status, content type, body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut resp = agent
            .get(format!("{}{path}", self.base))
            .call()
            .expect("the server answers");
        let status = resp.status().as_u16();
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = resp.body_mut().read_to_string().unwrap_or_default();
        (status, kind, body)
    }

    /// A header of the answer to GET `path`.
    pub fn header(&self, path: &str, name: &str) -> Option<String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let resp = agent.get(format!("{}{path}", self.base)).call().ok()?;
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `s` percent-encoded for a URL's path segment or query value.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
