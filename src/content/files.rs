//! Content files on disk: walking `content/`, reading each file, and the
//! naming rules (language suffix, `_index`, leaf bundles and their resources).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// What a content file is, judged from its name and folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    pub lang: String,
    /// Whether the language came from the file name (`x.nb.md`).
    pub lang_in_name: bool,
    pub role: FileRole,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRole {
    /// `_index.md` in a folder: a section (or the home page at the root).
    Section,
    /// `index.md` in a folder: a leaf bundle.
    Bundle,
    /// Any other `.md` file.
    Page,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Found {
    pub pages: Vec<ContentFile>,
    /// Non-page files, relative to the content folder, with `/` separators.
    pub resources: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks the content folder. Files inside a leaf bundle (a folder with an
/// `index.md`) other than its index are resources, even `.md` ones.
pub fn walk(config: &Config) -> Found {
    let content = config.content_path();
    let mut found = Found::default();
    let mut files = Vec::new();
    for entry in WalkDir::new(&content).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let Ok(rel) = entry.path().strip_prefix(&content) else {
                    continue;
                };
                files.push(slash_path(rel));
            }
            Ok(_) => {}
            Err(err) => found.diagnostics.push(Diagnostic::error(
                "content-unreadable",
                err.path().unwrap_or(&content),
                err.to_string(),
            )),
        }
    }
    let bundles: BTreeSet<String> = files
        .iter()
        .filter(|rel| is_markdown(rel) && stem_of(rel, config).0 == "index")
        .map(|rel| parent_of(rel).to_string())
        .collect();
    for rel in files {
        let inside_bundle = ancestors(&rel).any(|dir| bundles.contains(dir));
        let is_bundle_index = is_markdown(&rel)
            && stem_of(&rel, config).0 == "index"
            && bundles.contains(parent_of(&rel));
        if is_hidden_file(&rel) {
            continue;
        }
        if is_markdown(&rel) && (!inside_bundle || is_bundle_index) {
            classify(&rel, config, &mut found);
        } else {
            found.resources.push(rel);
        }
    }
    found
}

fn classify(rel: &str, config: &Config, found: &mut Found) {
    let (stem, suffix) = stem_of(rel, config);
    let (lang, lang_in_name) = match suffix {
        LangSuffix::Configured(lang) => (lang, true),
        LangSuffix::None => (config.default_language.clone(), false),
        LangSuffix::Unknown(code) => {
            found.diagnostics.push(
                Diagnostic::warning(
                    "unknown-language",
                    config.content_dir.join(rel),
                    format!("file name says language '{code}', which is not configured"),
                )
                .with_help(format!(
                    "add [languages.{code}] to the configuration, or rename the file; it is skipped"
                )),
            );
            return;
        }
    };
    let role = match stem.as_str() {
        "_index" => FileRole::Section,
        "index" => FileRole::Bundle,
        _ => FileRole::Page,
    };
    found.pages.push(ContentFile {
        rel: rel.to_string(),
        lang,
        lang_in_name,
        role,
    });
}

/// The language part of a file name.
#[derive(Debug, PartialEq, Eq)]
pub enum LangSuffix {
    None,
    Configured(String),
    /// Two lowercase letters that are not a configured language.
    Unknown(String),
}

/// `dir/name.nb.md` → (`name`, Configured(`nb`)). A suffix that is not a
/// configured language stays part of the name (as in Hugo), except that two
/// lowercase letters on an `_index`/`index` or ordinary page look like a
/// language code and are reported.
pub fn stem_of(rel: &str, config: &Config) -> (String, LangSuffix) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let base = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, code)) if config.language(code).is_some() => {
            (stem.to_string(), LangSuffix::Configured(code.to_string()))
        }
        Some((stem, code)) if looks_like_language(stem, code) => {
            (stem.to_string(), LangSuffix::Unknown(code.to_string()))
        }
        _ => (base.to_string(), LangSuffix::None),
    }
}

/// `Program.cs.md` is a page about a C# file, `_index.de.md` is German.
fn looks_like_language(stem: &str, code: &str) -> bool {
    (stem == "_index" || stem == "index")
        && code.len() == 2
        && code.chars().all(|c| c.is_ascii_lowercase())
}

pub fn is_markdown(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".markdown")
}

/// Dotfiles and editor backups are never content.
fn is_hidden_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with('.') || name.ends_with('~') || name.starts_with("#")
}

/// The folder part of a relative path (`""` at the root).
pub fn parent_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The folders containing `rel`, innermost first, ending with `""`.
pub fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(parent_of(rel));
    std::iter::from_fn(move || {
        let dir = next?;
        next = if dir.is_empty() {
            None
        } else {
            Some(parent_of(dir))
        };
        Some(dir)
    })
}

pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a file as UTF-8; broken UTF-8 is reported at the first bad byte.
pub fn read_text(path: &Path, display: PathBuf) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::error("content-unreadable", display.clone(), err.to_string()))?;
    String::from_utf8(bytes).map_err(|err| {
        let good = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
        Diagnostic::error(
            "invalid-utf8",
            display,
            format!("file is not valid UTF-8 (byte {good})"),
        )
        .at_offset(&prefix, good)
        .with_help("save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_go_up_to_the_root() {
        let dirs: Vec<_> = ancestors("a/b/c.md").collect();
        assert_eq!(dirs, ["a/b", "a", ""]);
        let dirs: Vec<_> = ancestors("c.md").collect();
        assert_eq!(dirs, [""]);
    }
}
