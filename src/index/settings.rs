//! Settings kept per root: given once at `lede index` time, they apply to every later run over
//! the same root until changed, and a change re-reads what it affects (the root's files).

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::{Deserialize, Serialize};

use crate::analyze::json::JsonKeys;
use crate::analyze::AnalyzeOptions;

/// How a root's files are read, as the index remembers it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootSettings {
    /// Name the source after the first folder under the root when the file does not say.
    #[serde(default)]
    pub source_from_folder: bool,
    /// Date undated articles by the file's modification time.
    #[serde(default)]
    pub date_from_mtime: bool,
    /// JSON keys named for fields, as `FIELD=KEY`.
    #[serde(default)]
    pub json_keys: Vec<String>,
    /// Files and folders left out, as gitignore patterns relative to the root.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Settings given to one run; `None` keeps what the index remembers for each root.
#[derive(Debug, Clone, Default)]
pub struct GivenSettings {
    /// Forget what the index remembers first (then apply what is given).
    pub reset: bool,
    /// See [`RootSettings::source_from_folder`].
    pub source_from_folder: Option<bool>,
    /// See [`RootSettings::date_from_mtime`].
    pub date_from_mtime: Option<bool>,
    /// See [`RootSettings::json_keys`].
    pub json_keys: Option<Vec<String>>,
    /// See [`RootSettings::exclude`].
    pub exclude: Option<Vec<String>>,
}

/// Why settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A `FIELD=KEY` that names no field.
    #[error("{0}")]
    JsonKey(String),
    /// An exclude pattern that is not a valid glob.
    #[error("exclude pattern {pattern:?}: {detail}")]
    Exclude {
        /// The pattern.
        pattern: String,
        /// What is wrong.
        detail: String,
    },
}

impl RootSettings {
    /// These settings with what a run gives laid over them.
    pub fn with(&self, given: &GivenSettings) -> RootSettings {
        let base = if given.reset {
            RootSettings::default()
        } else {
            self.clone()
        };
        RootSettings {
            source_from_folder: given.source_from_folder.unwrap_or(base.source_from_folder),
            date_from_mtime: given.date_from_mtime.unwrap_or(base.date_from_mtime),
            json_keys: given.json_keys.clone().unwrap_or(base.json_keys),
            exclude: given.exclude.clone().unwrap_or(base.exclude),
        }
    }

    /// The analyzer options for this root: `base` (time limit) with these JSON keys.
    pub fn analyze_options(&self, base: &AnalyzeOptions) -> Result<AnalyzeOptions, SettingsError> {
        let mut keys = JsonKeys::default();
        for spec in &self.json_keys {
            keys.add(spec).map_err(SettingsError::JsonKey)?;
        }
        Ok(AnalyzeOptions {
            json_keys: keys,
            ..base.clone()
        })
    }

    /// The exclude patterns as a matcher over paths under `root`.
    pub fn excludes(&self, root: &Path) -> Result<Gitignore, SettingsError> {
        let mut b = GitignoreBuilder::new(root);
        for pattern in &self.exclude {
            b.add_line(None, pattern)
                .map_err(|e| SettingsError::Exclude {
                    pattern: pattern.clone(),
                    detail: e.to_string(),
                })?;
        }
        b.build().map_err(|e| SettingsError::Exclude {
            pattern: self.exclude.join(" "),
            detail: e.to_string(),
        })
    }
}

/// How one root is read on this run.
#[derive(Debug, Clone)]
pub struct RootConfig {
    /// The settings in force (remembered, with what the run gave laid over).
    pub settings: RootSettings,
    /// The analyzer options they make.
    pub analyze: AnalyzeOptions,
    /// The settings differ from what the root was last read with: every file is re-read.
    pub reread: bool,
    /// The index did not know the root, or its settings changed: the run must record it.
    pub record: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_settings_lay_over_remembered_ones() {
        let kept = RootSettings {
            source_from_folder: true,
            exclude: vec!["*.tmp".into()],
            ..RootSettings::default()
        };
        let none = GivenSettings::default();
        assert_eq!(kept.with(&none), kept);
        let more = GivenSettings {
            date_from_mtime: Some(true),
            ..GivenSettings::default()
        };
        let after = kept.with(&more);
        assert!(after.source_from_folder && after.date_from_mtime);
        let reset = GivenSettings {
            reset: true,
            ..GivenSettings::default()
        };
        assert_eq!(kept.with(&reset), RootSettings::default());
    }

    #[test]
    fn excludes_match_like_gitignore() {
        let s = RootSettings {
            exclude: vec!["README.TXT".into(), "drafts/".into(), "*.tmp".into()],
            ..RootSettings::default()
        };
        let m = s.excludes(Path::new("/news")).expect("valid");
        assert!(m.matched(Path::new("/news/README.TXT"), false).is_ignore());
        assert!(m.matched(Path::new("/news/drafts"), true).is_ignore());
        assert!(m.matched(Path::new("/news/2019/x.tmp"), false).is_ignore());
        assert!(!m
            .matched(Path::new("/news/2019/pier.txt"), false)
            .is_ignore());
    }
}
