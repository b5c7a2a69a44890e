//! A Hugo configuration (`hugo.toml`, `config.toml`) mapped onto [`Config`]:
//! languages, folders and content mounts, cascade, taxonomies, menus and
//! site params. Every key brygge does not act on is named, once, in
//! [`Config::ignored_keys`] (the deepest unknown key, `params` aside).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{
    Cascade, CheckConfig, Config, ConfigError, HugoSettings, Language, MenuEntry, Mount,
    Permalinks, TocLevels, default_language_name, finish, first_by_weight, i18n,
    normalize_base_url,
};

/// Key paths (lowercased, `*` for any one key) brygge acts on; a path
/// ending in `.**` means everything below it.
const KNOWN: &[&str] = &[
    "baseurl",
    "title",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "contentdir",
    "staticdir",
    "assetdir",
    "publishdir",
    "disablealiases",
    "disablekinds",
    "disablepathtolower",
    "summarylength",
    "permalinks.page.*",
    "permalinks.section.*",
    "params.**",
    "cascade.**",
    "taxonomies.**",
    "menu.**",
    "menus.**",
    "languages.*.languagename",
    "languages.*.title",
    "languages.*.weight",
    "languages.*.contentdir",
    "languages.*.menu.**",
    "languages.*.menus.**",
    "languages.*.params.**",
    "markup.tableofcontents.startlevel",
    "markup.tableofcontents.endlevel",
    "markup.goldmark.renderer.unsafe",
    "markup.goldmark.parser.autodefinitiontermid",
    "markup.goldmark.parser.attribute.block",
    "module.mounts.source",
    "module.mounts.target",
    "module.mounts.lang",
];

pub(super) fn into_config(
    root: &Path,
    path: PathBuf,
    table: toml::Table,
) -> Result<Config, ConfigError> {
    let get = |key: &str| lookup(&table, key);
    let title = get("title").and_then(as_string).unwrap_or("Documentation");
    let (i18n_files, problems) = i18n::load_folder(root);
    let mut languages = Vec::new();
    if let Some(toml::Value::Table(langs)) = get("languages") {
        for (key, lang) in langs {
            // Hugo lowercases language keys; everything below uses the
            // lowercased code, not the key as written.
            let code = key.to_lowercase();
            let code = code.as_str();
            let field = |k: &str| lang.as_table().and_then(|t| lookup(t, k));
            languages.push(Language {
                code: code.to_string(),
                name: field("languageName")
                    .and_then(as_string)
                    .map_or_else(|| default_language_name(code), str::to_string),
                title: field("title")
                    .and_then(as_string)
                    .unwrap_or(title)
                    .to_string(),
                weight: field("weight")
                    .and_then(toml::Value::as_integer)
                    .unwrap_or(0),
                ui: i18n::ui_strings(code, i18n_files.get(code).cloned().unwrap_or_default()),
            });
        }
    }
    let default_language = get("defaultContentLanguage")
        .and_then(as_string)
        .map(str::to_lowercase);
    if languages.is_empty() {
        let code = default_language.clone().unwrap_or_else(|| "en".into());
        languages.push(Language {
            name: default_language_name(&code),
            title: title.to_string(),
            weight: 0,
            ui: i18n::ui_strings(&code, i18n_files.get(&code).cloned().unwrap_or_default()),
            code,
        });
    }
    let markup = |keys: &[&str]| {
        keys.iter()
            .try_fold(get("markup")?, |value, key| lookup(value.as_table()?, key))
    };
    let folder =
        |key: &str, default: &str| PathBuf::from(get(key).and_then(as_string).unwrap_or(default));
    let toc_level = |key: &str, default: u8| {
        markup(&["tableOfContents", key])
            .and_then(toml::Value::as_integer)
            .and_then(|n| u8::try_from(n).ok())
            .unwrap_or(default)
    };
    let (content_dir, mounts) = content_mounts(&table, &folder("contentDir", "content"));
    let disabled: Vec<String> = get("disableKinds")
        .and_then(toml::Value::as_array)
        .map(|kinds| {
            kinds
                .iter()
                .filter_map(as_string)
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let taxonomies = if disabled.iter().any(|k| k == "taxonomy") {
        Vec::new()
    } else {
        taxonomies(get("taxonomies"))
    };
    let site_params = get("params").map(to_json_map).unwrap_or_default();
    let mut params = BTreeMap::new();
    let mut menus = BTreeMap::new();
    let top_menus = menu_tables(get("menus").or_else(|| get("menu")));
    for lang in &languages {
        let table = get("languages")
            .and_then(toml::Value::as_table)
            .and_then(|t| {
                t.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&lang.code))
                    .map(|(_, v)| v)
            })
            .and_then(toml::Value::as_table);
        let mut merged = site_params.clone();
        if let Some(own) = table.and_then(|t| lookup(t, "params")) {
            merged.extend(to_json_map(own));
        }
        params.insert(lang.code.clone(), merged);
        let own_menus =
            table.map(|t| menu_tables(lookup(t, "menus").or_else(|| lookup(t, "menu"))));
        let chosen = match own_menus {
            Some(m) if !m.is_empty() => m,
            _ => top_menus.clone(),
        };
        menus.insert(lang.code.clone(), chosen);
    }
    let config = Config {
        root: root.to_path_buf(),
        source: Some(path),
        title: title.to_string(),
        base_url: normalize_base_url(get("baseURL").and_then(as_string).unwrap_or("/")),
        base_path: String::new(),
        default_language: default_language.unwrap_or_else(|| first_by_weight(&languages)),
        languages,
        default_language_in_subdir: get("defaultContentLanguageInSubdir")
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
        toc: TocLevels {
            start: toc_level("startLevel", 2),
            end: toc_level("endLevel", 3),
        },
        unsafe_html: markup(&["goldmark", "renderer", "unsafe"])
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
        edit_url: get("params")
            .and_then(|p| lookup(p.as_table()?, "editURL"))
            .and_then(as_string)
            .map(str::to_string),
        content_dir,
        templates_dir: PathBuf::from("templates"),
        static_dir: folder("staticDir", "static"),
        assets_dir: folder("assetDir", "assets"),
        output_dir: folder("publishDir", "public"),
        catalogue: None,
        check: CheckConfig::default(),
        ignored_keys: ignored_keys(&table),
        problems,
        hugo: HugoSettings {
            mounts,
            disable_aliases: get("disableAliases")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false),
            cascade: get("cascade").map(cascades).unwrap_or_default(),
            terms: !taxonomies.is_empty() && !disabled.iter().any(|k| k == "term"),
            taxonomies,
            params,
            menus,
            lowercase_paths: !get("disablePathToLower")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false),
            definition_term_ids: markup(&["goldmark", "parser", "autoDefinitionTermID"])
                .and_then(toml::Value::as_bool)
                .unwrap_or(false),
            summary_length: get("summaryLength")
                .and_then(toml::Value::as_integer)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(70),
            permalinks: get("permalinks")
                .and_then(toml::Value::as_table)
                .map(permalinks)
                .unwrap_or_default(),
        },
    };
    finish(config)
}

/// Each `[[module.mounts]]` table of the configuration.
fn mount_tables(table: &toml::Table) -> impl Iterator<Item = &toml::Table> {
    lookup(table, "module")
        .and_then(toml::Value::as_table)
        .and_then(|m| lookup(m, "mounts"))
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
}

/// The content folders: `[[module.mounts]]` with target `content`, else
/// `contentDir` per language (languages without one use `default`), else
/// `default`. Returns the folder they all lie in and each one's place in it.
fn content_mounts(table: &toml::Table, default: &Path) -> (PathBuf, Vec<Mount>) {
    let mut found: Vec<(PathBuf, Option<String>)> = Vec::new();
    for mount in mount_tables(table) {
        let field = |k: &str| lookup(mount, k).and_then(as_string);
        if field("target").map(|t| t.trim_matches('/')) == Some("content")
            && let Some(source) = field("source")
        {
            found.push((PathBuf::from(source), field("lang").map(str::to_lowercase)));
        }
    }
    if found.is_empty()
        && let Some(langs) = lookup(table, "languages").and_then(toml::Value::as_table)
    {
        let own: Vec<(PathBuf, Option<String>)> = langs
            .iter()
            .filter_map(|(code, lang)| {
                let dir = lookup(lang.as_table()?, "contentDir").and_then(as_string)?;
                Some((PathBuf::from(dir), Some(code.to_lowercase())))
            })
            .collect();
        if !own.is_empty() {
            found = own;
            if langs.len() > found.len() {
                found.push((default.to_path_buf(), None));
            }
        }
    }
    if found.is_empty() {
        return (default.to_path_buf(), vec![Mount::default()]);
    }
    let base = common_folder(found.iter().map(|(dir, _)| dir.as_path()));
    let mounts = found
        .into_iter()
        .map(|(dir, lang)| Mount {
            prefix: dir
                .strip_prefix(&base)
                .map(crate::content::slash_path)
                .unwrap_or_default(),
            lang,
        })
        .collect();
    (base, mounts)
}

/// The deepest folder that holds every one of `dirs`.
fn common_folder<'a>(mut dirs: impl Iterator<Item = &'a Path>) -> PathBuf {
    let Some(first) = dirs.next() else {
        return PathBuf::new();
    };
    let mut common: Vec<_> = first.components().collect();
    for dir in dirs {
        let same = common
            .iter()
            .zip(dir.components())
            .take_while(|(a, b)| *a == b)
            .count();
        common.truncate(same);
    }
    common.iter().collect()
}

/// `[taxonomies]`, or Hugo's default (tags and categories).
fn taxonomies(value: Option<&toml::Value>) -> Vec<(String, String)> {
    match value.and_then(toml::Value::as_table) {
        Some(table) => table
            .iter()
            .filter_map(|(singular, plural)| {
                Some((singular.to_lowercase(), as_string(plural)?.to_lowercase()))
            })
            .collect(),
        None => vec![
            ("tag".into(), "tags".into()),
            ("category".into(), "categories".into()),
        ],
    }
}

/// `[[cascade]]` (a list) or `[cascade]` (one table).
fn cascades(value: &toml::Value) -> Vec<Cascade> {
    super::cascades(&toml_to_json(value.clone()))
}

/// Menus of one table: name → entries.
fn menu_tables(value: Option<&toml::Value>) -> BTreeMap<String, Vec<MenuEntry>> {
    let Some(table) = value.and_then(toml::Value::as_table) else {
        return BTreeMap::new();
    };
    table
        .iter()
        .map(|(name, entries)| {
            let entries = entries
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_table)
                .map(menu_entry)
                .collect();
            (name.to_lowercase(), entries)
        })
        .collect()
}

fn menu_entry(table: &toml::Table) -> MenuEntry {
    let text = |k: &str| {
        lookup(table, k)
            .and_then(as_string)
            .unwrap_or_default()
            .to_string()
    };
    let name = text("name");
    MenuEntry {
        identifier: match text("identifier") {
            id if id.is_empty() => name.clone(),
            id => id,
        },
        name,
        url: text("url"),
        page_ref: text("pageRef"),
        parent: text("parent"),
        weight: lookup(table, "weight")
            .and_then(toml::Value::as_integer)
            .unwrap_or(0),
        pre: text("pre"),
        post: text("post"),
    }
}

/// `[permalinks]`: `SECTION = "pattern"` (pages, Hugo's older form), and
/// the `page` and `section` tables. `term` and `taxonomy` are not read.
fn permalinks(table: &toml::Table) -> Permalinks {
    let patterns = |value: &toml::Value| -> BTreeMap<String, String> {
        value
            .as_table()
            .into_iter()
            .flatten()
            .filter_map(|(section, pattern)| Some((section.clone(), pattern.as_str()?.to_string())))
            .collect()
    };
    let mut found = Permalinks::default();
    for (key, value) in table {
        match (key.to_lowercase().as_str(), value) {
            (_, toml::Value::String(pattern)) => {
                found.page.insert(key.clone(), pattern.clone());
            }
            ("page", _) => found.page.extend(patterns(value)),
            ("section", _) => found.section.extend(patterns(value)),
            _ => {}
        }
    }
    found
}

/// Every key of `table` that brygge does not act on, as a dotted path,
/// once; below an unknown key nothing more is named.
fn ignored_keys(table: &toml::Table) -> Vec<String> {
    let mut found = Vec::new();
    walk_keys(table, &[], &mut found);
    // `[permalinks] SECTION = "pattern"` is read (pages of that section).
    let legacy_permalink = |key: &str| {
        key.split_once('.').is_some_and(|(first, section)| {
            first.eq_ignore_ascii_case("permalinks")
                && lookup(table, "permalinks")
                    .and_then(|p| lookup(p.as_table()?, section))
                    .is_some_and(toml::Value::is_str)
        })
    };
    found.retain(|key| !legacy_permalink(key));
    found.extend(other_mounts(table));
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|key| seen.insert(key.to_lowercase()));
    found
}

/// The `[[module.mounts]]` that brygge does not read (any target but
/// `content`, such as `static`, `assets` or `i18n`), each named by its
/// target and source: their files are not part of the site. A mount of a
/// folder onto itself (`assets` onto `assets`, Hugo's default) is not
/// named, as brygge reads those folders where they are.
fn other_mounts(table: &toml::Table) -> Vec<String> {
    mount_tables(table)
        .filter_map(|mount| {
            let field = |k: &str| lookup(mount, k).and_then(as_string);
            let target = field("target")?.trim_matches('/');
            let source = field("source").unwrap_or("");
            (target != "content" && source.trim_matches('/') != target)
                .then(|| format!("module.mounts (target '{target}', source '{source}')"))
        })
        .collect()
}

fn walk_keys(table: &toml::Table, path: &[String], found: &mut Vec<String>) {
    for (key, value) in table {
        let mut here = path.to_vec();
        here.push(key.clone());
        match knowledge(&here) {
            Known::All => {}
            Known::Below => match value {
                toml::Value::Table(inner) => walk_keys(inner, &here, found),
                toml::Value::Array(items) => {
                    for item in items.iter().filter_map(toml::Value::as_table) {
                        walk_keys(item, &here, found);
                    }
                }
                _ => {}
            },
            Known::No => {
                // One name for the key in every language.
                if here.len() > 2 && here[0].eq_ignore_ascii_case("languages") {
                    here[1] = "*".into();
                }
                found.push(here.join("."))
            }
        }
    }
}

enum Known {
    /// The key and everything below it.
    All,
    /// Some keys below it.
    Below,
    No,
}

fn knowledge(path: &[String]) -> Known {
    let lower: Vec<String> = path.iter().map(|p| p.to_lowercase()).collect();
    let mut below = false;
    for pattern in KNOWN {
        let parts: Vec<&str> = pattern.split('.').collect();
        let (parts, everything) = match parts.split_last() {
            Some((&"**", rest)) => (rest, true),
            _ => (&parts[..], false),
        };
        let matches = |n: usize| {
            parts
                .iter()
                .zip(&lower)
                .take(n)
                .all(|(p, k)| *p == "*" || p == k)
        };
        if lower.len() >= parts.len() && matches(parts.len()) {
            if lower.len() == parts.len() && !everything {
                return Known::All;
            }
            if everything {
                return Known::All;
            }
        }
        if lower.len() < parts.len() && matches(lower.len()) {
            below = true;
        }
    }
    if below { Known::Below } else { Known::No }
}

/// Hugo keys are case-insensitive.
pub(super) fn lookup<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn as_string(value: &toml::Value) -> Option<&str> {
    value.as_str()
}

/// A TOML table as JSON, keys as written.
fn to_json_map(value: &toml::Value) -> Map<String, Value> {
    match toml_to_json(value.clone()) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(text: &str) -> Vec<String> {
        ignored_keys(&toml::from_str(text).expect("TOML"))
    }

    /// A mount brygge does not read is named, with its target and source,
    /// so that a site missing its mounted files says why.
    #[test]
    fn mounts_other_than_content_are_named() {
        let keys = ignored(
            "[[module.mounts]]\nsource = 'docs'\ntarget = 'content'\n[[module.mounts]]\nsource = 'assets'\ntarget = 'assets'\n[[module.mounts]]\nsource = 'node_modules/x/img'\ntarget = 'static/img'\n[[module.mounts]]\nsource = 'lang'\ntarget = 'i18n'\n",
        );
        assert_eq!(
            keys,
            [
                "module.mounts (target 'static/img', source 'node_modules/x/img')",
                "module.mounts (target 'i18n', source 'lang')",
            ]
        );
    }

    #[test]
    fn nested_unknown_keys_are_named_once() {
        let keys = ignored(
            "theme = 'x'\n[params]\nanything = 1\n[markup.goldmark.renderer]\nunsafe = true\nhardWraps = true\n[markup.highlight]\nstyle = 'x'\n[languages.en]\nweight = 1\ndirection = 'ltr'\n[languages.fr]\ndirection = 'ltr'\n[[module.mounts]]\nsource = 'c'\ntarget = 'content'\ndisableWatch = true\n",
        );
        assert_eq!(
            keys,
            [
                "languages.*.direction",
                "markup.goldmark.renderer.hardWraps",
                "markup.highlight",
                "module.mounts.disableWatch",
                "theme"
            ]
        );
    }

    #[test]
    fn mounts_and_content_folders() {
        let table: toml::Table = toml::from_str(
            "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\nlang = 'en'\n[[module.mounts]]\nsource = 'assets'\ntarget = 'assets'\n",
        )
        .unwrap();
        let (base, mounts) = content_mounts(&table, Path::new("content"));
        assert_eq!(base, Path::new("content/en"));
        assert_eq!(
            mounts,
            [Mount {
                prefix: String::new(),
                lang: Some("en".into())
            }]
        );
        let table: toml::Table = toml::from_str(
            "[languages.en]\ncontentDir = 'content.en'\n[languages.zh]\ncontentDir = 'content.zh'\n",
        )
        .unwrap();
        let (base, mounts) = content_mounts(&table, Path::new("content"));
        assert_eq!(base, Path::new(""));
        let prefixes: Vec<_> = mounts.iter().map(|m| m.prefix.as_str()).collect();
        assert_eq!(prefixes, ["content.en", "content.zh"]);
    }
}
