//! Loading the catalogue: Altinn's two JSON files, read as they are, plus the
//! site's YAML overlay that names them and adds what they lack (English names,
//! role grants, former names, alternative spellings).
//!
//! The overlay (all keys optional except `sources`):
//!
//! ```yaml
//! sources:
//!   packages: data/accesspackages_hier.json   # relative to the site root
//!   roles: data/roletypes.json
//! areas:
//!   - urn: accesspackage:area:integrasjoner
//!     en: Integrations
//!     description_en: ...
//!     former: { nb: [Integrasjoner og API-er], en: [Integrations and APIs] }
//! packages:
//!   - urn: urn:altinn:accesspackage:maskinporten-scopes
//!     en: Delegable Maskinporten scopes
//!     description_en: ...
//!     roles: [DAGL, LEDE]          # the ER roles that get the package
//!     former: { nb: [Programmeringsgrensesnitt - API] }
//!     linkable: true               # services can be linked (default true)
//! roles:
//!   - code: LEDE
//!     en: Chair of the Board
//!     codes: [STYR]                # codes the docs use, not the registry's
//!     names: { nb: [Styreleder], en: [Chairman of the Board] }
//! ```
//!
//! Every problem is a `catalogue-invalid` diagnostic at file:line:col.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::{Alternatives, Area, Catalogue, Names, Package, Role};
use crate::diagnostics::Diagnostic;

const CODE: &str = "catalogue-invalid";

/// A catalogue and the problems found loading it.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `None` when the catalogue cannot be used at all: a file that cannot
    /// be read, YAML or JSON that cannot be parsed, no `sources`.
    pub catalogue: Option<Catalogue>,
    /// Every problem, at its file, line and column. A bad overlay entry is
    /// reported here and left out; the others still count.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the catalogue named by the overlay `file` (relative to `root`);
/// any problem at all is an error.
pub fn load(root: &Path, file: &Path) -> Result<Catalogue, Vec<Diagnostic>> {
    match load_partial(root, file) {
        Loaded {
            catalogue: Some(catalogue),
            diagnostics,
        } if diagnostics.is_empty() => Ok(catalogue),
        Loaded { diagnostics, .. } => Err(diagnostics),
    }
}

/// Loads the catalogue named by the overlay `file` (relative to `root`),
/// keeping what is good: a bad overlay entry (an unknown key, a value of
/// the wrong type, an unknown package or role, a duplicate) or a duplicate
/// in Altinn's files is reported and left out, and the rest is used.
pub fn load_partial(root: &Path, file: &Path) -> Loaded {
    match load_sources(root, file) {
        Ok(loaded) => loaded,
        Err(diagnostics) => Loaded {
            catalogue: None,
            diagnostics,
        },
    }
}

fn load_sources(root: &Path, file: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let overlay_text = read(root, file)?;
    from_texts(file, &overlay_text, &|source| read(root, source))
}

/// The catalogue from the overlay's text (`file` is its name, for
/// diagnostics); `read` gives the text of each file the overlay names.
pub fn from_texts(
    file: &Path,
    overlay_text: &str,
    read: &dyn Fn(&Path) -> Result<String, Vec<Diagnostic>>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let overlay: Overlay = parse_yaml(overlay_text, file)?;
    let packages_file = PathBuf::from(&overlay.sources.packages);
    let roles_file = PathBuf::from(&overlay.sources.roles);
    let packages_text = read(&packages_file)?;
    let roles_text = read(&roles_file)?;
    let groups: Vec<JsonGroup> = parse_json(&packages_text, &packages_file)?;
    let role_defs: JsonRoles = parse_json(&roles_text, &roles_file)?;

    let mut errors = Vec::new();
    let (mut areas, mut packages) = from_groups(groups);
    let mut roles = from_role_defs(role_defs);
    let json_packages = Source::new(&packages_text, &packages_file);
    errors.extend(duplicates(
        areas.iter().map(|a| a.urn.as_str()),
        &json_packages,
        "area",
    ));
    errors.extend(duplicates(
        packages.iter().map(|p| p.urn.as_str()),
        &json_packages,
        "package",
    ));
    let json_roles = Source::new(&roles_text, &roles_file);
    errors.extend(duplicates(
        roles.iter().map(|r| r.code.as_str()),
        &json_roles,
        "role",
    ));

    let yaml = Source::new(overlay_text, file);
    let area_entries = good_entries(&overlay.areas, "areas", "area", &yaml, &mut errors);
    let role_entries = good_entries(&overlay.roles, "roles", "role", &yaml, &mut errors);
    let package_entries =
        good_entries(&overlay.packages, "packages", "package", &yaml, &mut errors);
    apply_areas(&mut areas, &area_entries, &yaml, &mut errors);
    apply_roles(&mut roles, &role_entries, &yaml, &mut errors);
    let known: BTreeSet<String> = roles.iter().map(|r| r.code.clone()).collect();
    apply_packages(&mut packages, &package_entries, &known, &yaml, &mut errors);
    errors.sort_by_key(|d| (d.file.clone(), d.line, d.column));

    let mut catalogue = Catalogue::new(areas, packages, roles);
    catalogue.other_versions = overlay
        .other_versions
        .iter()
        .flat_map(|v| v.paths.iter().cloned())
        .collect();
    Ok(Loaded {
        catalogue: Some(catalogue),
        diagnostics: errors,
    })
}

// ---------------------------------------------------------------- overlay

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overlay {
    sources: Sources,
    #[serde(default)]
    areas: Vec<Entry<AreaOverlay>>,
    #[serde(default)]
    packages: Vec<Entry<PackageOverlay>>,
    #[serde(default)]
    roles: Vec<Entry<RoleOverlay>>,
    /// Pages that describe another version of the package model (a
    /// proposal, an earlier one): names are checked, grants are not.
    #[serde(default)]
    other_versions: Vec<OtherVersion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OtherVersion {
    /// Path patterns relative to the site root (`*`, `**`).
    paths: Vec<String>,
    /// Why: for the reader of the overlay.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// One entry of an overlay list, read on its own, so that a bad entry
/// costs only itself.
#[derive(Debug)]
enum Entry<T> {
    Good(T),
    /// What is wrong with it.
    Bad(String),
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Entry<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        Ok(match T::deserialize(value) {
            Ok(entry) => Entry::Good(entry),
            Err(err) => Entry::Bad(yaml_message(&err)),
        })
    }
}

/// The good entries of the list under the top-level `key`; each bad one is
/// reported at the line that is wrong (or at the entry) and left out.
fn good_entries<'e, T: serde::de::DeserializeOwned>(
    entries: &'e [Entry<T>],
    key: &str,
    what: &str,
    src: &Source,
    errors: &mut Vec<Diagnostic>,
) -> Vec<&'e T> {
    let mut good = Vec::new();
    let mut items = None;
    for (index, entry) in entries.iter().enumerate() {
        let message = match entry {
            Entry::Good(entry) => {
                good.push(entry);
                continue;
            }
            Entry::Bad(message) => message,
        };
        let items = items.get_or_insert_with(|| list_items(src.text, key));
        let mut d = Diagnostic::error(
            CODE,
            src.file,
            format!("{what} entry {} is left out: {message}", index + 1),
        );
        if let Some(offset) = items
            .get(index)
            .map(|item| locate_in_item::<T>(src.text, item.clone()))
        {
            d = d.at_offset(src.text, offset);
        }
        errors.push(d.with_help(format!("the other {key} are used")));
    }
    good
}

/// Where in the entry at `item` (a byte range of whole lines) its problem
/// is: the entry is read again on its own, with the location the YAML
/// reader gives; else its first line.
fn locate_in_item<T: serde::de::DeserializeOwned>(text: &str, item: Range<usize>) -> usize {
    let chunk = &text[item.clone()];
    let Err(err) = serde_yaml::from_str::<Vec<T>>(chunk) else {
        return item.start;
    };
    let Some(location) = err.location() else {
        return item.start;
    };
    item.start + offset_at(chunk, location.line(), location.column())
}

/// The byte offset of the 1-based `line` and `column` (in characters) in
/// `text`; past the end of a line or of the text, that end.
fn offset_at(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = text[line_start..].lines().next().unwrap_or("");
    let column = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    line_start + column
}

/// The byte ranges of the items of the block list under the top-level
/// `key:` (`- ...` lines at one indentation and the lines below each),
/// in order. A list written in flow style (`[...]`) has none.
fn list_items(text: &str, key: &str) -> Vec<Range<usize>> {
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut offset = 0;
    let mut in_list = false;
    let mut indent = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        let depth = content.len() - trimmed.len();
        if !in_list {
            in_list = depth == 0
                && trimmed
                    .strip_prefix(key)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .is_some_and(|rest| rest.trim().is_empty() || rest.trim().starts_with('#'));
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            if let Some(last) = items.last_mut() {
                last.end = offset;
            }
            continue;
        }
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        let item_indent = *indent.get_or_insert(depth);
        if is_item && depth == item_indent {
            items.push(start..offset);
        } else if depth > item_indent
            && let Some(last) = items.last_mut()
        {
            last.end = offset;
        } else {
            break;
        }
    }
    items
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sources {
    packages: String,
    roles: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangLists {
    #[serde(default)]
    nb: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

impl From<&LangLists> for Alternatives {
    fn from(l: &LangLists) -> Self {
        Alternatives {
            nb: l.nb.clone(),
            en: l.en.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaOverlay {
    urn: String,
    en: Option<String>,
    description_en: Option<String>,
    #[serde(default)]
    former: LangLists,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackageOverlay {
    urn: String,
    en: Option<String>,
    description_en: Option<String>,
    roles: Option<Vec<String>>,
    #[serde(default)]
    former: LangLists,
    linkable: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleOverlay {
    code: String,
    en: Option<String>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    names: LangLists,
}

fn apply_areas(
    areas: &mut [Area],
    overlay: &[&AreaOverlay],
    src: &Source,
    errors: &mut Vec<Diagnostic>,
) {
    let mut seen = BTreeMap::new();
    for entry in overlay {
        let nth = bump(&mut seen, &entry.urn);
        if nth > 0 {
            errors.push(src.error_at(
                "urn",
                &entry.urn,
                nth,
                format!("duplicate overlay entry for area '{}'", entry.urn),
            ));
            continue;
        }
        let Some(area) = areas.iter_mut().find(|a| a.urn == entry.urn) else {
            errors.push(unknown_entry(
                src,
                "urn",
                &entry.urn,
                "area",
                &areas.iter().map(|a| a.urn.as_str()).collect::<Vec<_>>(),
            ));
            continue;
        };
        area.name.en = entry.en.clone().or(area.name.en.take());
        area.description.en = entry.description_en.clone();
        area.former_names = (&entry.former).into();
    }
}

fn apply_packages(
    packages: &mut [Package],
    overlay: &[&PackageOverlay],
    known_roles: &BTreeSet<String>,
    src: &Source,
    errors: &mut Vec<Diagnostic>,
) {
    let urns: Vec<String> = packages.iter().map(|p| p.urn.clone()).collect();
    let mut seen = BTreeMap::new();
    for entry in overlay {
        let nth = bump(&mut seen, &entry.urn);
        if nth > 0 {
            errors.push(src.error_at(
                "urn",
                &entry.urn,
                nth,
                format!("duplicate overlay entry for package '{}'", entry.urn),
            ));
            continue;
        }
        let Some(package) = packages.iter_mut().find(|p| p.urn == entry.urn) else {
            let candidates: Vec<&str> = urns.iter().map(String::as_str).collect();
            errors.push(unknown_entry(
                src,
                "urn",
                &entry.urn,
                "package",
                &candidates,
            ));
            continue;
        };
        package.name.en = entry.en.clone();
        package.description.en = entry.description_en.clone();
        package.former_names = (&entry.former).into();
        if let Some(linkable) = entry.linkable {
            package.linkable = linkable;
        }
        if let Some(roles) = &entry.roles {
            check_grant(roles, known_roles, &entry.urn, src, errors);
            package.grants = Some(roles.clone());
        }
    }
}

fn check_grant(
    roles: &[String],
    known: &BTreeSet<String>,
    urn: &str,
    src: &Source,
    errors: &mut Vec<Diagnostic>,
) {
    for code in roles.iter().filter(|c| !known.contains(*c)) {
        let offset = src
            .find_entry("urn", urn, 0)
            .and_then(|start| src.find_word_after(code, start));
        let mut d = Diagnostic::error(
            CODE,
            src.file,
            format!("package '{urn}' is granted to unknown ER role code '{code}'"),
        );
        if let Some(offset) = offset {
            d = d.at_offset(src.text, offset);
        }
        let candidates: Vec<&str> = known.iter().map(String::as_str).collect();
        errors.push(with_suggestion(d, code, &candidates));
    }
}

fn apply_roles(
    roles: &mut [Role],
    overlay: &[&RoleOverlay],
    src: &Source,
    errors: &mut Vec<Diagnostic>,
) {
    let codes: Vec<String> = roles.iter().map(|r| r.code.clone()).collect();
    let mut seen = BTreeMap::new();
    for entry in overlay {
        let nth = bump(&mut seen, &entry.code);
        if nth > 0 {
            errors.push(src.error_at(
                "code",
                &entry.code,
                nth,
                format!("duplicate overlay entry for role '{}'", entry.code),
            ));
            continue;
        }
        let Some(role) = roles.iter_mut().find(|r| r.code == entry.code) else {
            let candidates: Vec<&str> = codes.iter().map(String::as_str).collect();
            errors.push(unknown_entry(
                src,
                "code",
                &entry.code,
                "ER role",
                &candidates,
            ));
            continue;
        };
        role.name.en = entry.en.clone();
        role.alternative_codes = entry.codes.clone();
        role.alternative_names = (&entry.names).into();
    }
}

fn bump(seen: &mut BTreeMap<String, usize>, key: &str) -> usize {
    let n = seen.entry(key.to_string()).or_insert(0);
    *n += 1;
    *n - 1
}

fn unknown_entry(
    src: &Source,
    key: &str,
    value: &str,
    what: &str,
    candidates: &[&str],
) -> Diagnostic {
    let d = src.error_at(
        key,
        value,
        0,
        format!("the overlay names {what} '{value}', which is not in Altinn's catalogue"),
    );
    with_suggestion(d, value, candidates)
}

fn with_suggestion(d: Diagnostic, value: &str, candidates: &[&str]) -> Diagnostic {
    match super::suggest::nearest(value, candidates.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean '{best}'?")),
        None => d,
    }
}

// ---------------------------------------------------------------- Altinn's JSON

#[derive(Debug, Deserialize)]
struct JsonGroup {
    name: String,
    #[serde(default)]
    areas: Vec<JsonArea>,
}

#[derive(Debug, Deserialize)]
struct JsonArea {
    urn: String,
    name: String,
    description: Option<String>,
    #[serde(default)]
    packages: Vec<JsonPackage>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonPackage {
    urn: String,
    name: String,
    description: Option<String>,
    is_delegable: bool,
}

#[derive(Debug, Deserialize)]
struct JsonRoles {
    #[serde(rename = "_embedded")]
    embedded: JsonEmbedded,
}

#[derive(Debug, Deserialize)]
struct JsonEmbedded {
    roledefinitions: Vec<JsonRole>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct JsonRole {
    role_type: String,
    role_name: String,
    role_definition_code: String,
}

fn from_groups(groups: Vec<JsonGroup>) -> (Vec<Area>, Vec<Package>) {
    let mut areas = Vec::new();
    let mut packages = Vec::new();
    for group in groups {
        for area in group.areas {
            for p in area.packages {
                packages.push(Package {
                    urn: p.urn,
                    name: nb(p.name),
                    description: nb(p.description.unwrap_or_default()),
                    delegable: p.is_delegable,
                    linkable: true,
                    former_names: Alternatives::default(),
                    area: area.urn.clone(),
                    grants: None,
                });
            }
            areas.push(Area {
                urn: area.urn,
                name: nb(area.name),
                description: nb(area.description.unwrap_or_default()),
                group: group.name.clone(),
                former_names: Alternatives::default(),
            });
        }
    }
    (areas, packages)
}

/// Only the roles from Enhetsregisteret (`RoleType: External`); Altinn's own
/// roles are not ER roles.
fn from_role_defs(roles: JsonRoles) -> Vec<Role> {
    roles
        .embedded
        .roledefinitions
        .into_iter()
        .filter(|r| r.role_type == "External")
        .map(|r| Role {
            code: r.role_definition_code,
            name: nb(r.role_name),
            alternative_codes: Vec::new(),
            alternative_names: Alternatives::default(),
        })
        .collect()
}

fn nb(text: String) -> Names {
    Names { nb: text, en: None }
}

fn duplicates<'a>(
    keys: impl Iterator<Item = &'a str>,
    src: &Source,
    what: &str,
) -> Vec<Diagnostic> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for key in keys {
        let nth = bump(&mut seen, key);
        if nth > 0 {
            let quoted = format!("\"{key}\"");
            let mut d = Diagnostic::error(CODE, src.file, format!("duplicate {what} '{key}'"));
            if let Some(offset) = src.text.match_indices(&quoted).nth(nth).map(|(i, _)| i) {
                d = d.at_offset(src.text, offset);
            }
            out.push(d.with_help(format!("each {what} must appear once")));
        }
    }
    out
}

// ---------------------------------------------------------------- files

fn read(root: &Path, file: &Path) -> Result<String, Vec<Diagnostic>> {
    std::fs::read_to_string(root.join(file)).map_err(|e| {
        vec![Diagnostic::error(
            CODE,
            file,
            format!("cannot read the catalogue file: {e}"),
        )]
    })
}

fn parse_yaml<T: for<'de> Deserialize<'de>>(text: &str, file: &Path) -> Result<T, Vec<Diagnostic>> {
    serde_yaml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error(CODE, file, yaml_message(&e));
        if let Some(loc) = e.location() {
            // Through the offset, so that an error "after the last line"
            // (an unclosed bracket at the end) is at the end of the file.
            d = d.at_offset(text, offset_at(text, loc.line(), loc.column()));
        }
        vec![d]
    })
}

fn parse_json<T: for<'de> Deserialize<'de>>(text: &str, file: &Path) -> Result<T, Vec<Diagnostic>> {
    serde_json::from_str(text).map_err(|e| {
        // serde_json's column is 0 for an error before the first character
        // of a line; a diagnostic's column is 1-based.
        let (line, column) = (to_u32(e.line()), to_u32(e.column()));
        let mut d = Diagnostic::error(CODE, file, json_message(&e));
        if line > 0 {
            d = d.at(line, column.max(1));
        }
        vec![d]
    })
}

/// A JSON error's message without its trailing " at line L column C".
fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    message
        .strip_suffix(&suffix)
        .map_or_else(|| message.clone(), str::to_string)
}

/// A YAML error's message without its own trailing " at line L column C"
/// (the diagnostic has the location).
fn yaml_message(err: &serde_yaml::Error) -> String {
    let message = err.to_string();
    let Some(location) = err.location() else {
        return message;
    };
    let suffix = format!(" at line {} column {}", location.line(), location.column());
    message
        .strip_suffix(&suffix)
        .map_or_else(|| message.clone(), str::to_string)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A source text for locating entries.
struct Source<'a> {
    text: &'a str,
    file: &'a Path,
}

impl<'a> Source<'a> {
    fn new(text: &'a str, file: &'a Path) -> Self {
        Source { text, file }
    }

    /// Offset of the value in the `nth` line of the form `[- ]key: value`.
    fn find_entry(&self, key: &str, value: &str, nth: usize) -> Option<usize> {
        let mut offset = 0;
        let mut found = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            if let Some(rest) = trimmed.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let v = rest.trim().trim_matches(|c| c == '"' || c == '\'');
                if v == value {
                    if found == nth {
                        return Some(offset + line.find(rest.trim()).unwrap_or(0));
                    }
                    found += 1;
                }
            }
            offset += line.len();
        }
        None
    }

    /// Offset of `word` at or after `start`.
    fn find_word_after(&self, word: &str, start: usize) -> Option<usize> {
        self.text.get(start..)?.find(word).map(|i| start + i)
    }

    fn error_at(&self, key: &str, value: &str, nth: usize, message: String) -> Diagnostic {
        let d = Diagnostic::error(CODE, self.file, message);
        match self.find_entry(key, value, nth) {
            Some(offset) => d.at_offset(self.text, offset),
            None => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_whole_lines_under_their_key() {
        let text = "sources: x\npackages:\n  - urn: a\n    en: A\n\n  # note\n  - urn: b\nroles:\n- code: C\n";
        let items: Vec<&str> = list_items(text, "packages")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            items,
            ["  - urn: a\n    en: A\n\n  # note\n", "  - urn: b\n"]
        );
        let roles: Vec<&str> = list_items(text, "roles")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(roles, ["- code: C\n"]);
        assert!(list_items("packages: [{urn: a}]\n", "packages").is_empty());
        assert!(list_items("packages:\n", "areas").is_empty());
    }

    #[test]
    fn a_yaml_error_after_the_last_line_is_at_the_end_of_the_file() {
        // Found by the overlay fuzzer: libyaml puts it on the line after the last.
        let text = "sources:\n  packages: x\n  roles: y\nareas: [a, b";
        let err = parse_yaml::<Overlay>(text, Path::new("c.yaml")).unwrap_err();
        assert_eq!((err[0].line, err[0].column), (4, 13), "{}", err[0]);
        assert_eq!(offset_at("ab\ncd", 9, 9), 5);
        assert_eq!(offset_at("ab\nœd", 2, 2), 5);
    }

    #[test]
    fn a_json_error_at_the_start_of_a_line_has_column_1() {
        // Found by the overlay fuzzer: the roles file named as the packages file.
        let err = parse_json::<Vec<JsonGroup>>("{\"x\": 1}", Path::new("p.json")).unwrap_err();
        assert_eq!((err[0].line, err[0].column), (1, 1), "{}", err[0]);
        assert_eq!(err[0].message, "invalid type: map, expected a sequence");
        let err =
            parse_json::<Vec<JsonGroup>>("[\n  {\"name\": 1}]", Path::new("p.json")).unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(err[0].column >= 1);
    }

    #[test]
    fn finds_the_nth_entry() {
        let text = "packages:\n  - urn: a\n  - urn: b\n  - urn: 'a'\n";
        let src = Source::new(text, Path::new("c.yaml"));
        let d = src.error_at("urn", "a", 1, "dup".into());
        assert_eq!((d.line, d.column), (4, 10));
    }
}
