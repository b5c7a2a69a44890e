//! Content files on disk: walking `content/`, reading each file, and the
//! naming rules (language suffix, `_index`, leaf bundles and their resources).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// What a content file is, judged from its name and folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    /// The path the site sees: `rel` less its mount's folder (the same as
    /// `rel` on a site with one content folder).
    pub path: String,
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
    let mut starts: Vec<std::path::PathBuf> = config
        .hugo
        .mounts
        .iter()
        .map(|m| content.join(&m.prefix))
        .filter(|dir| dir.is_dir())
        .collect();
    starts.sort();
    starts.dedup();
    if starts.is_empty() {
        starts.push(content.clone());
    }
    // The top of each start first; the folders there are walked in
    // parallel (the walk reads folders one at a time, and a large site's
    // folders are thousands).
    let mut folders = Vec::new();
    for start in &starts {
        let top = WalkDir::new(start).max_depth(1);
        walk_entries(
            top,
            config,
            &mut files,
            &mut found.diagnostics,
            Some(&mut folders),
        );
    }
    let below: Vec<(Vec<String>, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|folder| {
            let (mut files, mut diagnostics) = (Vec::new(), Vec::new());
            let walk = WalkDir::new(folder).min_depth(1);
            walk_entries(walk, config, &mut files, &mut diagnostics, None);
            (files, diagnostics)
        })
        .collect();
    for (more_files, more_diagnostics) in below {
        files.extend(more_files);
        found.diagnostics.extend(more_diagnostics);
    }
    files.sort();
    files.dedup();
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
    crate::diagnostics::sort(&mut found.diagnostics);
    found
}

/// Takes in the entries of `walk`: files (relative to the content folder,
/// unsorted) and findings. Folders one level down go to `folders` when
/// given, to be walked on their own; otherwise they are walked into.
fn walk_entries(
    walk: WalkDir,
    config: &Config,
    files: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
    mut folders: Option<&mut Vec<PathBuf>>,
) {
    let content = config.content_path();
    // Diagnostics name files as the user sees them: relative to the root.
    let shown = |path: &Path| {
        config
            .content_dir
            .join(path.strip_prefix(&content).unwrap_or(path))
    };
    for entry in walk {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let Ok(rel) = entry.path().strip_prefix(&content) else {
                    continue;
                };
                files.push(slash_path(rel));
            }
            Ok(entry) if entry.path_is_symlink() => diagnostics.push(
                Diagnostic::warning(
                    "content-symlink",
                    shown(entry.path()),
                    "symbolic links in the content folder are not followed; this one is skipped",
                )
                .with_help("copy or move the file or folder it points to into the content folder"),
            ),
            Ok(entry) if entry.depth() == 1 && entry.file_type().is_dir() => {
                if let Some(folders) = folders.as_deref_mut() {
                    folders.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| content.clone(), Path::to_path_buf);
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                diagnostics.push(Diagnostic::error(
                    "content-unreadable",
                    shown(&path),
                    format!("cannot read this folder or file: {reason}"),
                ));
            }
        }
    }
}

/// The mount `rel` (relative to the content folder) is in, and its path
/// as the site sees it (the mount's folder removed).
pub fn mounted<'c>(config: &'c Config, rel: &str) -> (Option<&'c crate::config::Mount>, String) {
    let mount = config
        .hugo
        .mounts
        .iter()
        .filter(|m| {
            m.prefix.is_empty()
                || rel == m.prefix
                || rel
                    .strip_prefix(m.prefix.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|m| m.prefix.len());
    let path = match mount {
        Some(m) if !m.prefix.is_empty() => {
            rel[m.prefix.len()..].trim_start_matches('/').to_string()
        }
        _ => rel.to_string(),
    };
    (mount, path)
}

fn classify(rel: &str, config: &Config, found: &mut Found) {
    let (mount, path) = mounted(config, rel);
    let (stem, suffix) = stem_of(rel, config);
    let mount_lang = mount.and_then(|m| m.lang.clone());
    let (lang, lang_in_name) = match suffix {
        LangSuffix::Configured(lang) => (lang.to_string(), true),
        LangSuffix::None if mount_lang.is_some() => (mount_lang.unwrap_or_default(), true),
        LangSuffix::None => (config.default_language.clone(), false),
        LangSuffix::NotConfigured(code) => {
            found
                .diagnostics
                .push(not_configured(rel, stem, code, config));
            (config.default_language.clone(), false)
        }
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
    let role = match stem {
        "_index" => FileRole::Section,
        "index" => FileRole::Bundle,
        _ => FileRole::Page,
    };
    found.pages.push(ContentFile {
        rel: rel.to_string(),
        path,
        lang,
        lang_in_name,
        role,
    });
}

/// `ukjent.de.md` on a site without `de`: built, as Hugo does, as a page of
/// the default language named `ukjent.de`; said, since it is rarely meant.
fn not_configured(rel: &str, stem: &str, code: &str, config: &Config) -> Diagnostic {
    let default = &config.default_language;
    let language = config
        .language(default)
        .map_or(default.as_str(), |l| l.name.as_str());
    let bare = stem.strip_suffix(&format!(".{code}")).unwrap_or(stem);
    let names: Vec<String> = config
        .languages
        .iter()
        .map(|l| format!("{bare}.{}.md", l.code))
        .collect();
    Diagnostic::warning(
        "unknown-language",
        config.content_dir.join(rel),
        format!(
            "'{code}' in the file name is not a configured language; the file is built as the {language} ({default}) page '{stem}'"
        ),
    )
    .with_help(format!(
        "add [languages.{code}] to the configuration, or rename the file to {}",
        names.join(" or ")
    ))
}

/// The language part of a file name (borrowed from it).
#[derive(Debug, PartialEq, Eq)]
pub enum LangSuffix<'a> {
    None,
    Configured(&'a str),
    /// A language code that is not configured, on an `_index`/`index` file
    /// (which is then skipped).
    Unknown(&'a str),
    /// A language code that is not configured, on an ordinary page: the
    /// suffix stays part of the page's name (as in Hugo) and is reported.
    NotConfigured(&'a str),
}

/// `dir/name.nb.md` → (`name`, Configured(`nb`)). A suffix that is not a
/// configured language stays part of the name (as in Hugo); when it is a
/// language code it is reported: an `_index`/`index` file with one is
/// skipped ([`LangSuffix::Unknown`]), a page keeps the suffix in its name
/// ([`LangSuffix::NotConfigured`]).
pub fn stem_of<'a>(rel: &'a str, config: &Config) -> (&'a str, LangSuffix<'a>) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let base = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, code)) if config.language(code).is_some() => {
            (stem, LangSuffix::Configured(code))
        }
        Some((stem, code)) if (stem == "_index" || stem == "index") && is_language_code(code) => {
            (stem, LangSuffix::Unknown(code))
        }
        Some((stem, code)) if !stem.is_empty() && looks_like_language(code) => {
            (base, LangSuffix::NotConfigured(code))
        }
        _ => (base, LangSuffix::None),
    }
}

/// Two lowercase letters: the shape of a language code in a file name.
fn is_language_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// An ISO 639-1 code that is not also a usual file extension:
/// `ukjent.de.md` is German, `Program.cs.md` is a page about a C# file.
fn looks_like_language(code: &str) -> bool {
    is_language_code(code) && ISO_639_1.contains(&code) && !FILE_EXTENSIONS.contains(&code)
}

/// ISO 639-1 language codes.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Language codes that are more often file extensions in documentation.
const FILE_EXTENSIONS: &[&str] = &["as", "cs", "js", "ml", "pl", "ps", "sh", "ts"];

pub fn is_markdown(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".markdown")
}

/// Dotfiles and editor backups: never read as content (nor as translation
/// files).
pub fn is_hidden_file(rel: &str) -> bool {
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

/// Reads a whole file without asking for its size first, as `fs::read`
/// and `File::read_to_end` do (`statx`, and `lseek` for the latter: a
/// system call or two on top of the four that open, read and close it).
/// A content file under 8 KB (most are) takes one read and one more that
/// finds its end; the buffer is then shrunk to the text. (`take` hides
/// the `File` from `read_to_end`, which would ask for the size.)
fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(16 * 1024);
    File::open(path)?.take(u64::MAX).read_to_end(&mut bytes)?;
    bytes.shrink_to_fit();
    Ok(bytes)
}

/// Reads a file as UTF-8; broken UTF-8 is reported at the first bad byte.
pub fn read_text(path: &Path, display: PathBuf) -> Result<String, Diagnostic> {
    let bytes = read_whole(path)
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
    fn whole_files_are_read_whatever_their_size() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 100_000] {
            let path = dir.path().join(format!("f{size}"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_whole(&path).unwrap(), bytes, "{size} bytes");
        }
        assert!(read_whole(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn ancestors_go_up_to_the_root() {
        let dirs: Vec<_> = ancestors("a/b/c.md").collect();
        assert_eq!(dirs, ["a/b", "a", ""]);
        let dirs: Vec<_> = ancestors("c.md").collect();
        assert_eq!(dirs, [""]);
    }

    fn bilingual() -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "default_language = \"nb\"\n[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n",
        )
        .unwrap();
        crate::config::load(dir.path(), None).unwrap()
    }

    #[test]
    fn language_suffixes() {
        let config = bilingual();
        let stem = |rel: &'static str| stem_of(rel, &config);
        assert_eq!(stem("a/side.en.md"), ("side", LangSuffix::Configured("en")));
        assert_eq!(stem("side.md"), ("side", LangSuffix::None));
        assert_eq!(stem("_index.de.md"), ("_index", LangSuffix::Unknown("de")));
        assert_eq!(
            stem("ukjent.de.md"),
            ("ukjent.de", LangSuffix::NotConfigured("de"))
        );
        for name in [
            "Program.cs.md",
            "style.css.md",
            "Policy.xml.md",
            "v1.2.md",
            ".de.md",
        ] {
            assert_eq!(stem(name).1, LangSuffix::None, "{name}");
        }
    }

    #[test]
    fn an_unconfigured_suffix_on_a_page_is_built_and_reported() {
        let config = bilingual();
        let mut found = Found::default();
        classify("a/ukjent.de.md", &config, &mut found);
        assert_eq!(found.pages.len(), 1);
        assert_eq!(found.pages[0].lang, "nb");
        let [d] = &found.diagnostics[..] else {
            panic!("{:?}", found.diagnostics)
        };
        assert_eq!(d.code, "unknown-language");
        assert_eq!(d.file, Path::new("content/a/ukjent.de.md"));
        assert_eq!(
            d.message,
            "'de' in the file name is not a configured language; the file is built as the Bokmål (nb) page 'ukjent.de'"
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "add [languages.de] to the configuration, or rename the file to ukjent.nb.md or ukjent.en.md"
            )
        );
    }
}
