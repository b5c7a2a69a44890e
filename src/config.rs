//! Site configuration: `site.toml`, or a Hugo `config.toml`/`hugo.toml` mapped
//! onto the same [`Config`].
//!
//! This is the only module that reads TOML configuration. It knows nothing of
//! content or output; it only says where things are and how the site is set up.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::diagnostics::{Diagnostic, line_col};

/// The whole site configuration, with every default filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder everything else is relative to.
    pub root: PathBuf,
    /// The file the configuration came from, if any.
    pub source: Option<PathBuf>,
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/docs/`): every URL starts with it.
    pub base_path: String,
    /// Configured languages, ordered by weight, then code.
    pub languages: Vec<Language>,
    pub default_language: String,
    /// Whether the default language also lives under `/{code}/`.
    pub default_language_in_subdir: bool,
    pub toc: TocLevels,
    /// Whether raw HTML in Markdown is passed through (Hugo's `unsafe`).
    pub unsafe_html: bool,
    /// Prefix for "edit this page" links; the page's content path is appended.
    pub edit_url: Option<String>,
    pub content_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub static_dir: PathBuf,
    /// Hugo's `assetDir`: files templates publish only when they use them.
    pub assets_dir: PathBuf,
    pub output_dir: PathBuf,
    /// The catalogue file (YAML, relative to the root) that names Altinn's
    /// JSON files and adds what they lack; `None` when the site has none.
    pub catalogue: Option<PathBuf>,
    /// `[check]`: severity per diagnostic code and paths to leave alone.
    pub check: CheckConfig,
    /// Hugo keys that were read but have no meaning here (reported once).
    pub ignored_keys: Vec<String>,
    /// Problems in files read with the configuration (the translation
    /// files of `i18n/`) that do not stop the build.
    pub problems: Vec<Diagnostic>,
    /// What a Hugo configuration adds: mounts, cascade, taxonomies, menus,
    /// site params (all empty or Hugo's defaults for a `site.toml`).
    pub hugo: HugoSettings,
}

/// Settings read from a Hugo configuration that shape the content.
#[derive(Debug, Clone)]
pub struct HugoSettings {
    /// Content folders: where each lies below [`Config::content_dir`], and
    /// the language its files belong to (Hugo's `[[module.mounts]]` of
    /// `content`, or `contentDir` per language). One mount at `""` for a
    /// site with one content folder.
    pub mounts: Vec<Mount>,
    /// `disableAliases`: no redirect pages are written.
    pub disable_aliases: bool,
    /// `[[cascade]]` of the configuration: front matter for matching pages.
    pub cascade: Vec<Cascade>,
    /// Taxonomies (`[taxonomies]`): (singular, plural), in config order.
    /// Empty when `disableKinds` holds `taxonomy`.
    pub taxonomies: Vec<(String, String)>,
    /// Whether term pages are made (`disableKinds` without `term`).
    pub terms: bool,
    /// `[params]` of the site, with each language's `params` over them.
    pub params: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    /// Menus from the configuration, per language: menu name → entries.
    pub menus: BTreeMap<String, BTreeMap<String, Vec<MenuEntry>>>,
    /// URL paths are lowercased (not with `disablePathToLower`).
    pub lowercase_paths: bool,
    /// `markup.goldmark.parser.autoDefinitionTermID`.
    pub definition_term_ids: bool,
    /// `summaryLength`: the automatic summary ends with the paragraph in
    /// which this word falls (Hugo's default 70).
    pub summary_length: usize,
    /// `[permalinks]`: URL patterns per top-level section.
    pub permalinks: Permalinks,
}

/// Hugo's `[permalinks]`: for a top-level section, the pattern of its pages'
/// URLs (`posts = "/:year/:month/:slug/"`, or under `[permalinks.page]`) and
/// of its sections' URLs (`[permalinks.section]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permalinks {
    pub page: BTreeMap<String, String>,
    pub section: BTreeMap<String, String>,
}

impl Default for HugoSettings {
    fn default() -> Self {
        HugoSettings {
            mounts: vec![Mount::default()],
            disable_aliases: false,
            cascade: Vec::new(),
            taxonomies: Vec::new(),
            terms: false,
            params: BTreeMap::new(),
            menus: BTreeMap::new(),
            lowercase_paths: true,
            definition_term_ids: false,
            summary_length: 70,
            permalinks: Permalinks::default(),
        }
    }
}

/// A content folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mount {
    /// Its path relative to [`Config::content_dir`] (`""`: that folder).
    pub prefix: String,
    /// The language of every file in it, if it has one.
    pub lang: Option<String>,
}

/// One `cascade` entry: values for pages that match the target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cascade {
    /// A glob over the page's path (`/docs/**`, `{/a/**,/b}`).
    pub path: Option<String>,
    /// A glob over the page's kind (`page`, `{home,section}`).
    pub kind: Option<String>,
    /// A glob over the page's language.
    pub lang: Option<String>,
    /// The front matter keys to set (lowercased), where the page has none.
    pub values: serde_json::Map<String, serde_json::Value>,
}

/// `cascade` as written in front matter or the configuration: one table
/// or a list of them, each with an optional `target` (or `_target`).
pub fn cascades(value: &serde_json::Value) -> Vec<Cascade> {
    use serde_json::Value;
    let one = |table: &serde_json::Map<String, Value>| {
        let mut cascade = Cascade::default();
        for (key, value) in table {
            let key = key.to_lowercase();
            if key == "target" || key == "_target" {
                let field = |name: &str| {
                    value.as_object().and_then(|t| {
                        t.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(name))
                            .and_then(|(_, v)| v.as_str())
                            .map(str::to_string)
                    })
                };
                cascade.path = field("path");
                cascade.kind = field("kind");
                cascade.lang = field("lang").or_else(|| field("language"));
            } else {
                cascade.values.insert(key, value.clone());
            }
        }
        cascade
    };
    match value {
        Value::Object(table) => vec![one(table)],
        Value::Array(items) => items.iter().filter_map(Value::as_object).map(one).collect(),
        _ => Vec::new(),
    }
}

/// One menu entry from the configuration or front matter.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MenuEntry {
    pub name: String,
    /// The URL as configured (`url`), or empty when `page_ref` names a page.
    pub url: String,
    /// A content path (`pageRef`) resolved to its page's URL when rendered.
    pub page_ref: String,
    pub identifier: String,
    pub parent: String,
    pub weight: i64,
    pub pre: String,
    pub post: String,
}

/// The `[check]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Code → `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Glob patterns (`*` within a folder, `**` across folders) of files
    /// whose findings are not reported, relative to the site root.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// A severity as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

/// Heading levels that appear in the table of contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct TocLevels {
    pub start: u8,
    pub end: u8,
}

impl Default for TocLevels {
    fn default() -> Self {
        // Hugo's defaults.
        TocLevels { start: 2, end: 3 }
    }
}

/// One configured language.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    /// The language's own name, shown in the switcher ("Bokmål", "English").
    pub name: String,
    /// The site title in this language.
    pub title: String,
    pub weight: i64,
    /// UI strings for templates: built-in defaults overlaid with the config's.
    pub ui: BTreeMap<String, String>,
}

impl Config {
    /// The language with `code`, if configured.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// URL prefix of a language: the base path, then `{code}/` unless the
    /// language lives at the root.
    pub fn language_prefix(&self, code: &str) -> String {
        if code == self.default_language && !self.default_language_in_subdir {
            self.base_path.clone()
        } else {
            format!("{}{code}/", self.base_path)
        }
    }

    /// The absolute URL for a root-relative `url` (which includes the base path).
    pub fn permalink(&self, url: &str) -> String {
        [self.origin(), url].concat()
    }

    /// The base URL without its path: what a root-relative URL is
    /// appended to for its [`permalink`](Self::permalink).
    pub fn origin(&self) -> &str {
        self.base_url
            .strip_suffix(self.base_path.as_str())
            .unwrap_or(&self.base_url)
    }

    /// Where a URL's files go, relative to the output folder (the base
    /// path removed): `/docs/nb/a/` → `nb/a/`.
    pub fn output_rel(&self, url: &str) -> String {
        url.strip_prefix(self.base_path.as_str())
            .unwrap_or(url)
            .trim_start_matches('/')
            .to_string()
    }

    pub fn content_path(&self) -> PathBuf {
        self.root.join(&self.content_dir)
    }

    pub fn templates_path(&self) -> PathBuf {
        self.root.join(&self.templates_dir)
    }

    pub fn static_path(&self) -> PathBuf {
        self.root.join(&self.static_dir)
    }

    pub fn assets_path(&self) -> PathBuf {
        self.root.join(&self.assets_dir)
    }

    pub fn output_path(&self) -> PathBuf {
        self.root.join(&self.output_dir)
    }

    /// The configuration of a site with no configuration file.
    pub fn defaults(root: &Path) -> Config {
        SiteToml::default()
            .into_config(root, None)
            .expect("the default configuration is valid")
    }
}

/// Why the configuration could not be read.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// `--root` names a folder that does not exist (or is not a folder).
    #[error(
        "no site at {}: there is no such folder; is --root right?",
        shown(root)
    )]
    RootMissing { root: PathBuf },
    /// The site has no content folder (a wrong `--root`, or a renamed `content/`).
    #[error("no content folder at {}; is --root right?", shown(path))]
    ContentMissing { path: PathBuf },
    /// The output folder lies inside the content folder, where every build
    /// would read the last one's output as content.
    #[error(
        "the output folder {} is inside the content folder {}",
        shown(output),
        shown(content)
    )]
    OutputInContent { output: PathBuf, content: PathBuf },
    /// The output folder is one of the site's own folders, or holds one:
    /// replacing it at the end of the build would delete the site's files.
    #[error(
        "the output folder {} would replace the site's {}",
        shown(output),
        shown(folder)
    )]
    OutputReplacesSite { output: PathBuf, folder: PathBuf },
}

/// A path as the user typed it, without `./` parts (`./content` is `content`).
fn shown(path: &Path) -> String {
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        ".".to_string()
    } else {
        clean.display().to_string()
    }
}

impl ConfigError {
    /// The error as a diagnostic, for uniform reporting.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            ConfigError::Io { path, source } => Diagnostic::error(
                "config-unreadable",
                path,
                format!("cannot read the configuration file: {source}"),
            ),
            ConfigError::Syntax {
                path,
                line,
                column,
                message,
            } => Diagnostic::error("config-invalid", path, message.clone()).at(*line, *column),
            ConfigError::Invalid { path, message } => {
                Diagnostic::error("config-invalid", path, message.clone())
            }
            ConfigError::RootMissing { root } => {
                Diagnostic::error("root-missing", root, self.to_string())
            }
            ConfigError::ContentMissing { path } => {
                Diagnostic::error("content-missing", path, self.to_string())
                    .with_help("run brygge in the site's folder, or name it with --root")
            }
            ConfigError::OutputInContent { output, .. } => {
                Diagnostic::error("output-in-content", output, self.to_string()).with_help(
                    "write the output beside the content folder ([folders] output or --out), e.g. public/",
                )
            }
            ConfigError::OutputReplacesSite { output, .. } => {
                Diagnostic::error("output-replaces-site", output, self.to_string()).with_help(
                    "the output folder is replaced by each build: choose a folder of its own ([folders] output or --out), e.g. public/",
                )
            }
        }
    }
}

/// Loads the configuration for the site in `root`.
///
/// `explicit` names a config file; otherwise `site.toml` is used, then Hugo's
/// `hugo.toml` or `config.toml`, and with none of them, the defaults.
///
/// A site must exist: a `root` that is not a folder, or a site without its
/// content folder, is an error, so that nothing is built from a wrong `--root`.
pub fn load(root: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
    if !root.is_dir() {
        return Err(ConfigError::RootMissing {
            root: root.to_path_buf(),
        });
    }
    let config = read(root, explicit)?;
    let content = config.content_path();
    if !content.is_dir() {
        return Err(ConfigError::ContentMissing { path: content });
    }
    check_folders(&config)?;
    Ok(config)
}

/// What must hold for the folders, also after `--out` changes the output:
/// the output is not inside the content folder, and it neither is nor
/// holds another of the site's folders (templates, static files, assets,
/// data, translations, Hugo's layouts, themes and archetypes), which
/// replacing it would delete.
pub fn check_folders(config: &Config) -> Result<(), ConfigError> {
    let output = config.output_path();
    for mount in &config.hugo.mounts {
        let content = config.content_path().join(&mount.prefix);
        if lexical(&output).starts_with(lexical(&content)) {
            return Err(ConfigError::OutputInContent { output, content });
        }
        if lexical(&content).starts_with(lexical(&output)) {
            return Err(ConfigError::OutputReplacesSite {
                output,
                folder: content,
            });
        }
    }
    // Hugo's folders too: a Hugo site keeps its templates in `layouts/`
    // and `themes/`, whose `index.html` would pass for an earlier build.
    let own = [
        config.templates_path(),
        config.static_path(),
        config.assets_path(),
        config.root.join("data"),
        config.root.join(I18N_FOLDER),
        config.root.join("layouts"),
        config.root.join("themes"),
        config.root.join("archetypes"),
    ];
    let root = lexical(&config.root);
    for folder in own {
        let (output_clean, folder_clean) = (lexical(&output), lexical(&folder));
        // A folder that holds the whole site (Hugo's `staticDir = "."`) is
        // no reason to refuse an output inside the site.
        if folder.is_dir()
            && !root.starts_with(&folder_clean)
            && (output_clean.starts_with(&folder_clean) || folder_clean.starts_with(&output_clean))
        {
            return Err(ConfigError::OutputReplacesSite { output, folder });
        }
    }
    Ok(())
}

/// `path` made absolute, with `.` and `..` resolved by the names alone.
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// The configuration files brygge looks for, first found wins: its own,
/// then Hugo's in Hugo's order (`hugo.*` before `config.*`, TOML, YAML,
/// JSON).
pub const CONFIG_NAMES: [&str; 9] = [
    "site.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// The configuration file (or the defaults), without checking the folders.
fn read(root: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let candidates: Vec<PathBuf> = match explicit {
        Some(path) => vec![root.join(path)],
        None => CONFIG_NAMES
            .iter()
            .map(|name| root.join(name))
            .filter(|path| path.is_file())
            .take(1)
            .collect(),
    };
    let Some(path) = candidates.into_iter().next() else {
        return SiteToml::default().into_config(root, None);
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
        path: path.clone(),
        source,
    })?;
    from_text(root, path, &text)
}

/// The configuration in `text`, read from the file `path` of the site in
/// `root` (a Hugo configuration by its name, else `site.toml`). Touches no
/// files.
pub fn from_text(root: &Path, path: PathBuf, text: &str) -> Result<Config, ConfigError> {
    let config = if !is_hugo_config_name(&path) {
        let parsed: SiteToml = parse_toml(&path, text)?;
        parsed.into_config(root, Some(path.clone()))?
    } else {
        let value: toml::Table = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => parse_yaml(&path, text)?,
            Some("json") => parse_json(&path, text)?,
            _ => parse_toml(&path, text)?,
        };
        hugo::into_config(root, path.clone(), value)?
    };
    check_severity_codes(&config.check, &path, text)?;
    Ok(config)
}

/// A code in `[check] severity` that brygge never reports is a mistake (a typo would otherwise
/// silently leave the finding at its default severity).
fn check_severity_codes(check: &CheckConfig, path: &Path, text: &str) -> Result<(), ConfigError> {
    let Some(unknown) = check
        .severity
        .keys()
        .find(|code| !crate::diagnostics::is_code(code))
    else {
        return Ok(());
    };
    let nearest =
        crate::catalogue::suggest::nearest(unknown, crate::diagnostics::CODES.iter().copied());
    let hint = nearest.map_or(String::new(), |code| format!("; did you mean '{code}'?"));
    let offset = text.find(unknown.as_str()).unwrap_or(0);
    let (line, column) = line_col(text, offset);
    Err(ConfigError::Syntax {
        path: path.to_path_buf(),
        line,
        column,
        message: format!(
            "[check] severity names '{unknown}', which is no code brygge reports{hint}"
        ),
    })
}

/// Hugo's configuration files are `hugo.toml` and `config.toml` (also
/// `hugo.staging.toml` and the like); any other name is a site.toml.
fn is_hugo_config_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("hugo.") || n.starts_with("config."))
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        let (line, column) = line_col(text, offset);
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: err.message().to_string(),
        }
    })
}

/// A Hugo configuration in YAML as the TOML table it would be (nulls,
/// which TOML has not, left out, as Hugo treats them as unset).
fn parse_yaml(path: &Path, text: &str) -> Result<toml::Table, ConfigError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: err.to_string(),
        }
    })?;
    let value = serde_json::to_value(value).map_err(|err| ConfigError::Invalid {
        path: path.to_path_buf(),
        message: format!("a key that is not text: {err}"),
    })?;
    as_table(path, Some(value))
}

/// A Hugo configuration in JSON as a TOML table.
fn parse_json(path: &Path, text: &str) -> Result<toml::Table, ConfigError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|err| ConfigError::Syntax {
            path: path.to_path_buf(),
            line: err.line() as u32,
            column: err.column() as u32,
            message: err.to_string(),
        })?;
    as_table(path, Some(value))
}

fn as_table(path: &Path, value: Option<serde_json::Value>) -> Result<toml::Table, ConfigError> {
    match value.and_then(json_to_toml) {
        Some(toml::Value::Table(table)) => Ok(table),
        None => Ok(toml::Table::new()),
        Some(_) => Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            message: "the configuration is not a map of keys".into(),
        }),
    }
}

/// `None` for null (and for arrays' and maps' null members).
fn json_to_toml(value: serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as J;
    Some(match value {
        J::Null => return None,
        J::Bool(b) => toml::Value::Boolean(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        J::String(s) => toml::Value::String(s),
        J::Array(items) => toml::Value::Array(items.into_iter().filter_map(json_to_toml).collect()),
        J::Object(map) => toml::Value::Table(
            map.into_iter()
                .filter_map(|(k, v)| json_to_toml(v).map(|v| (k, v)))
                .collect(),
        ),
    })
}

/// The `site.toml` file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteToml {
    title: Option<String>,
    base_url: Option<String>,
    default_language: Option<String>,
    #[serde(default)]
    default_language_in_subdir: bool,
    edit_url: Option<String>,
    #[serde(default)]
    markdown: MarkdownToml,
    #[serde(default)]
    folders: FoldersToml,
    #[serde(default)]
    catalogue: CatalogueToml,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    languages: BTreeMap<String, LanguageToml>,
    /// `[taxonomies]`: singular = "plural", as in Hugo (none by default).
    #[serde(default)]
    taxonomies: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownToml {
    toc_start: Option<u8>,
    toc_end: Option<u8>,
    #[serde(default)]
    unsafe_html: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FoldersToml {
    content: Option<PathBuf>,
    templates: Option<PathBuf>,
    #[serde(rename = "static")]
    static_files: Option<PathBuf>,
    assets: Option<PathBuf>,
    output: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueToml {
    file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageToml {
    name: Option<String>,
    title: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    ui: BTreeMap<String, String>,
}

impl SiteToml {
    fn into_config(self, root: &Path, source: Option<PathBuf>) -> Result<Config, ConfigError> {
        let title = self.title.unwrap_or_else(|| "Documentation".to_string());
        let (i18n_files, problems) = i18n::load_folder(root);
        let site_strings = |code: &str, own: BTreeMap<String, String>| {
            let mut strings = i18n_files.get(code).cloned().unwrap_or_default();
            strings.extend(own);
            ui_strings(code, strings)
        };
        let mut languages: Vec<Language> = self
            .languages
            .into_iter()
            .map(|(code, lang)| Language {
                name: lang.name.unwrap_or_else(|| default_language_name(&code)),
                title: lang.title.unwrap_or_else(|| title.clone()),
                weight: lang.weight,
                ui: site_strings(&code, lang.ui),
                code,
            })
            .collect();
        if languages.is_empty() {
            let code = self.default_language.clone().unwrap_or_else(|| "en".into());
            languages.push(Language {
                name: default_language_name(&code),
                title: title.clone(),
                weight: 0,
                ui: site_strings(&code, BTreeMap::new()),
                code,
            });
        }
        let default_language = self
            .default_language
            .unwrap_or_else(|| first_by_weight(&languages));
        let config = Config {
            root: root.to_path_buf(),
            source,
            title,
            base_url: normalize_base_url(self.base_url.as_deref().unwrap_or("/")),
            base_path: String::new(),
            languages,
            default_language,
            default_language_in_subdir: self.default_language_in_subdir,
            toc: TocLevels {
                start: self.markdown.toc_start.unwrap_or(2),
                end: self.markdown.toc_end.unwrap_or(3),
            },
            unsafe_html: self.markdown.unsafe_html,
            edit_url: self.edit_url,
            content_dir: self.folders.content.unwrap_or_else(|| "content".into()),
            templates_dir: self.folders.templates.unwrap_or_else(|| "templates".into()),
            static_dir: self.folders.static_files.unwrap_or_else(|| "static".into()),
            assets_dir: self.folders.assets.unwrap_or_else(|| "assets".into()),
            output_dir: self.folders.output.unwrap_or_else(|| "public".into()),
            catalogue: self.catalogue.file,
            check: self.check,
            ignored_keys: Vec::new(),
            problems,
            hugo: HugoSettings {
                terms: !self.taxonomies.is_empty(),
                taxonomies: self
                    .taxonomies
                    .into_iter()
                    .map(|(singular, plural)| (singular.to_lowercase(), plural.to_lowercase()))
                    .collect(),
                ..HugoSettings::default()
            },
        };
        finish(config)
    }
}

/// Sorts languages and checks what must hold for any configuration.
pub(crate) fn finish(mut config: Config) -> Result<Config, ConfigError> {
    config.base_path = base_path(&config.base_url);
    config
        .languages
        .sort_by(|a, b| (a.weight, &a.code).cmp(&(b.weight, &b.code)));
    let invalid = |message: String| ConfigError::Invalid {
        path: config.source.clone().unwrap_or_else(|| "site.toml".into()),
        message,
    };
    if config.language(&config.default_language).is_none() {
        return Err(invalid(format!(
            "the default language '{}' is not among the configured languages",
            config.default_language
        )));
    }
    if let Some(lang) = config.languages.iter().find(|l| !is_language_code(&l.code)) {
        return Err(invalid(format!(
            "'{}' is not a language code (use lowercase letters, digits and '-')",
            lang.code
        )));
    }
    if config.toc.start == 0 || config.toc.start > config.toc.end || config.toc.end > 6 {
        return Err(invalid(format!(
            "table-of-contents levels {}..{} are not within 1..6",
            config.toc.start, config.toc.end
        )));
    }
    Ok(config)
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn first_by_weight(languages: &[Language]) -> String {
    languages
        .iter()
        .min_by(|a, b| (a.weight, &a.code).cmp(&(b.weight, &b.code)))
        .map(|l| l.code.clone())
        .unwrap_or_else(|| "en".to_string())
}

/// `https://host/docs/` → `/docs/`; `/` for a bare host or a relative URL.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        Some(_) => after_scheme,
        None => "/",
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

pub(crate) fn normalize_base_url(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

fn default_language_name(code: &str) -> String {
    match code {
        "nb" => "Bokmål",
        "nn" => "Nynorsk",
        "en" => "English",
        "se" => "Davvisámegiella",
        other => other,
    }
    .to_string()
}

pub(crate) use hugo::toml_to_json;
pub use i18n::{FOLDER as I18N_FOLDER, ui_strings};

/// Reading a Hugo configuration.
mod hugo;
/// UI strings: built in per language, and a site's `i18n/` files.
pub mod i18n;

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn a_missing_root_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("does/not/exist");
        let err = load(&root, None).unwrap_err();
        assert!(matches!(&err, ConfigError::RootMissing { root: r } if *r == root));
        assert_eq!(
            err.to_string(),
            format!(
                "no site at {}: there is no such folder; is --root right?",
                root.display()
            )
        );
        assert!(!root.exists(), "nothing is created");
        let file = dir.path().join("file");
        write(dir.path(), "file", "");
        assert!(matches!(
            load(&file, None),
            Err(ConfigError::RootMissing { .. })
        ));
    }

    #[test]
    fn a_missing_content_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(dir.path(), None).unwrap_err();
        let content = dir.path().join("content");
        assert!(matches!(&err, ConfigError::ContentMissing { path } if *path == content));
        assert_eq!(
            err.to_string(),
            format!(
                "no content folder at {}; is --root right?",
                content.display()
            )
        );
        let diagnostic = err.to_diagnostic();
        assert_eq!(
            (diagnostic.code, diagnostic.file.as_path()),
            ("content-missing", content.as_path())
        );
        // The configured folder counts, also in a Hugo configuration.
        write(dir.path(), "config.toml", "contentDir = \"docs\"\n");
        let err = load(dir.path(), None).unwrap_err();
        assert!(
            matches!(&err, ConfigError::ContentMissing { path } if *path == dir.path().join("docs"))
        );
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        assert!(load(dir.path(), None).is_ok());
    }

    #[test]
    fn the_output_folder_must_not_be_inside_the_content_folder() {
        let dir = tempfile::tempdir().unwrap();
        for output in ["content/public", "content", "./content/../content/x"] {
            write(
                dir.path(),
                "site.toml",
                &format!("[folders]\noutput = \"{output}\"\n"),
            );
            let err = load(dir.path(), None).unwrap_err();
            assert!(
                matches!(err, ConfigError::OutputInContent { .. }),
                "{output}: {err:?}"
            );
            assert_eq!(err.to_diagnostic().code, "output-in-content");
        }
        write(
            dir.path(),
            "site.toml",
            "[folders]\noutput = \"content-public\"\n",
        );
        assert!(load(dir.path(), None).is_ok(), "a sibling is fine");
        let mut config = load(dir.path(), None).unwrap();
        config.output_dir = dir.path().join("content/out");
        assert!(check_folders(&config).is_err(), "an absolute --out too");
    }

    #[test]
    fn paths_are_shown_as_typed() {
        assert_eq!(shown(Path::new("./content")), "content");
        assert_eq!(shown(Path::new("a/./b")), "a/b");
        assert_eq!(shown(Path::new(".")), ".");
    }

    #[test]
    fn site_toml_defaults_and_languages() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "site.toml",
            r#"title = "T"
base_url = "https://example.org/docs"
default_language = "nb"
default_language_in_subdir = true
[languages.en]
weight = 2
[languages.nb]
weight = 1
[languages.nb.ui]
on_this_page = "Innhold"
"#,
        );
        let config = load(dir.path(), None).unwrap();
        assert_eq!(config.base_url, "https://example.org/docs/");
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["nb", "en"]);
        assert_eq!(config.languages[0].ui["on_this_page"], "Innhold");
        assert_eq!(
            config.languages[0].ui["back_to_overview"],
            "Tilbake til hovedoversikt"
        );
        assert_eq!(config.language_prefix("nb"), "/docs/nb/");
        assert_eq!(config.base_path, "/docs/");
        assert_eq!(
            config.permalink("/docs/nb/a/"),
            "https://example.org/docs/nb/a/"
        );
        assert_eq!(config.output_rel("/docs/nb/a/"), "nb/a/");
        assert_eq!(config.toc, TocLevels { start: 2, end: 3 });
    }

    #[test]
    fn unknown_site_key_is_located() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.toml", "title = \"T\"\ntitel = \"x\"\n");
        let err = load(dir.path(), None).unwrap_err();
        match err {
            ConfigError::Syntax { line, message, .. } => {
                assert_eq!(line, 2);
                assert!(message.contains("titel"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn hugo_config_is_mapped_and_ignored_keys_listed() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "config.toml",
            r#"baseURL = "https://docs.example/"
defaultContentLanguage = "nb"
defaultContentLanguageInSubdir = true
theme = "x"
[languages.nb]
languageName = "Bokmål"
weight = 1
[languages.en]
languageName = "English"
weight = 2
[markup.goldmark.renderer]
unsafe = true
[markup.tableOfContents]
startLevel = 2
endLevel = 5
"#,
        );
        let config = load(dir.path(), None).unwrap();
        assert_eq!(config.default_language, "nb");
        assert!(config.default_language_in_subdir);
        assert!(config.unsafe_html);
        assert_eq!(config.toc, TocLevels { start: 2, end: 5 });
        assert_eq!(config.languages[0].name, "Bokmål");
        assert_eq!(config.ignored_keys, ["theme"]);
    }

    #[test]
    fn hugo_language_keys_are_lowercased_for_everything() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "hugo.toml",
            "defaultContentLanguage = \"NB\"\n[languages.NB]\nweight = 1\n[languages.En]\nweight = 2\n",
        );
        let config = load(dir.path(), None).unwrap();
        assert_eq!(config.default_language, "nb");
        let nb = config.language("nb").unwrap();
        assert_eq!(nb.name, "Bokmål");
        assert_eq!(nb.ui["on_this_page"], "På denne siden");
        assert_eq!(config.language("en").unwrap().name, "English");
    }

    #[test]
    fn default_language_must_be_configured() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "site.toml",
            "default_language = \"de\"\n[languages.en]\n",
        );
        assert!(matches!(
            load(dir.path(), None),
            Err(ConfigError::Invalid { .. })
        ));
    }
}
