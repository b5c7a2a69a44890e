//! Front matter: splitting it off a content file and reading it.
//!
//! YAML between `---` lines and TOML between `+++` lines, keys
//! case-insensitive as in Hugo. Known keys are typed; every other key is kept
//! in [`FrontMatter::params`] for templates.

use serde_json::{Map, Value};

use crate::diagnostics::line_col;

/// The keys (lower case) Hugo reads a page's publish date from.
pub(crate) const PUBLISH_DATE_KEYS: &[&str] = &["publishdate", "pubdate", "published"];
/// The keys (lower case) Hugo reads a page's expiry date from.
pub(crate) const EXPIRY_DATE_KEYS: &[&str] = &["expirydate", "unpublishdate"];

/// A page's front matter, typed where brygge knows the key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub linktitle: Option<String>,
    pub description: Option<String>,
    /// 0 means unweighted (sorted last), as in Hugo.
    pub weight: i64,
    pub toc: Option<bool>,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub hidden: bool,
    pub headless: bool,
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub translation_key: Option<String>,
    /// Set on a section that is the main overview of the pages below it;
    /// the string form names an anchor on the overview to link to.
    pub overview: Option<Overview>,
    /// `slug`: the last part of the page's URL instead of its file name.
    pub slug: Option<String>,
    /// `url`: the page's whole URL path, as written.
    pub url: Option<String>,
    /// `publishDate` (or `pubDate`, `published`): not built before then.
    pub publish_date: Option<String>,
    /// `expiryDate` (or `unpublishDate`): not built after then.
    pub expiry_date: Option<String>,
    /// `build`: whether the page is written and listed.
    pub build: Build,
    /// `cascade`: front matter for this page and the pages below it.
    pub cascade: Vec<crate::config::Cascade>,
    /// `menu`/`menus`: the menus this page is in, with its entry's fields.
    pub menus: Vec<(String, crate::config::MenuEntry)>,
    /// `summary`: the text lists show for the page.
    pub summary: Option<String>,
    /// Keys set, lowercased: by the file itself, then by cascades (a key
    /// set here is not set again by a farther cascade).
    pub set: Vec<String>,
    /// Every other key, lowercased, for templates.
    pub params: Map<String, Value>,
}

/// Hugo's build options of a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Build {
    /// `render: never`: no output file (the page is still found by `ref`
    /// and `include`).
    pub never_render: bool,
    /// `list: never`: in no list, menu or taxonomy.
    pub never_list: bool,
}

impl FrontMatter {
    /// Sets `key` (lowercased) to `value` as the file's own front matter
    /// would, unless the page already has it; `params` are merged key by
    /// key. For cascades, nearest first.
    pub fn inherit(&mut self, key: &str, value: &Value) {
        if key == "params" {
            if let Value::Object(params) = value {
                for (k, v) in params {
                    let k = k.to_lowercase();
                    if !self.params.contains_key(&k) {
                        self.params.insert(k, v.clone());
                    }
                }
            }
            return;
        }
        if key == "cascade" || self.set.iter().any(|k| k == key) {
            return;
        }
        if !is_typed(key) && self.params.contains_key(key) {
            return;
        }
        if set_key(self, key, value.clone()).is_ok() {
            self.set.push(key.to_string());
        }
    }

    /// The terms of a taxonomy (`tags`, `categories`, ...) on this page.
    pub fn terms(&self, plural: &str) -> Vec<String> {
        if plural == "tags" {
            return self.tags.clone();
        }
        self.params
            .get(plural)
            .and_then(strings)
            .unwrap_or_default()
    }
}

/// Keys [`set_key`] types; every other key is a param.
fn is_typed(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "linktitle"
            | "description"
            | "weight"
            | "toc"
            | "draft"
            | "hidden"
            | "headless"
            | "date"
            | "translationkey"
            | "aliases"
            | "tags"
            | "overview"
            | "slug"
            | "url"
            | "publishdate"
            | "pubdate"
            | "published"
            | "expirydate"
            | "unpublishdate"
            | "build"
            | "cascade"
            | "menu"
            | "menus"
            | "summary"
    )
}

/// How a section declares itself the main overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Fragment (without `#`) the back-links point at, if any.
    pub anchor: Option<String>,
}

/// The parts of a content file.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub format: Format,
    /// Front matter text (without the fence lines).
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    /// Byte offset where the body starts.
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    /// A JSON object at the top of the file, without fences.
    Json,
    None,
}

/// A problem with front matter, located by byte offset into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub offset: usize,
    pub message: String,
}

/// Splits `text` into front matter and body. An opening fence without a
/// closing one is an error located at the opening fence.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    // A byte-order mark and blank lines before the fence are skipped, as Hugo does.
    let after_bom = usize::from(text.starts_with('\u{feff}')) * 3;
    let blank = text[after_bom..].len()
        - text[after_bom..]
            .trim_start_matches(['\n', '\r', ' ', '\t'])
            .len();
    let start = if text[after_bom + blank..].starts_with(['-', '+', '{']) {
        after_bom + blank
    } else {
        after_bom
    };
    let rest = &text[start..];
    let (fence, format) = if rest.starts_with("---") {
        ("---", Format::Yaml)
    } else if rest.starts_with("+++") {
        ("+++", Format::Toml)
    } else if opens_json_object(rest) {
        return split_json(rest, start);
    } else {
        return Ok(no_front_matter(after_bom));
    };
    let Some(first_line_end) = line_end(rest, 0) else {
        return Err(unclosed(start, fence));
    };
    if rest[fence.len()..first_line_end].trim() != "" {
        // `---something` is not a fence; treat the file as all body.
        return Ok(no_front_matter(after_bom));
    }
    let front_start = first_line_end;
    let mut pos = front_start;
    while pos < rest.len() {
        let end = line_end(rest, pos).unwrap_or(rest.len());
        let line = rest[pos..end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == fence {
            return Ok(Split {
                format,
                front: &rest[front_start..pos],
                front_offset: start + front_start,
                body_offset: start + end,
            });
        }
        pos = end;
    }
    Err(unclosed(start, fence))
}

/// Whether `text` starts with a JSON object: `{` and then a key or `}`.
/// Hugo takes any `{` for JSON; a page that starts with a shortcode
/// (`{{<`) or Markdown attributes (`{#id}`) is read as Markdown here.
fn opens_json_object(text: &str) -> bool {
    text.strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with(['"', '}']))
}

/// The nesting of braces and brackets after `line`, from `depth` before
/// it (JSON strings on one line; a backslash escapes the next character).
fn json_depth_after(line: &str, mut depth: usize) -> usize {
    let mut in_string = false;
    let mut bytes = line.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'\\' => {
                bytes.next();
            }
            b'"' => in_string = !in_string,
            b'{' | b'[' if !in_string => depth += 1,
            b'}' | b']' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// JSON front matter, as Hugo finds its end: the `}` that closes the
/// first `{`, counting braces outside strings (a backslash escapes the
/// next character); the line break after it is not part of the body.
fn split_json(rest: &str, start: usize) -> Result<Split<'_>, FrontMatterError> {
    let bytes = rest.as_bytes();
    let (mut level, mut in_string) = (0usize, false);
    let mut pos = 0;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 1,
            b'"' => in_string = !in_string,
            b'{' if !in_string => level += 1,
            b'}' if !in_string => {
                level -= 1;
                if level == 0 {
                    let end = pos + 1;
                    let line_break = [&b"\r\n"[..], b"\n"]
                        .into_iter()
                        .find(|eol| bytes[end..].starts_with(eol))
                        .map_or(0, <[u8]>::len);
                    return Ok(Split {
                        format: Format::Json,
                        front: &rest[..end],
                        front_offset: start,
                        body_offset: start + end + line_break,
                    });
                }
            }
            _ => {}
        }
        pos += 1;
    }
    Err(unclosed(start, "{"))
}

fn no_front_matter(start: usize) -> Split<'static> {
    Split {
        format: Format::None,
        front: "",
        front_offset: start,
        body_offset: start,
    }
}

fn unclosed(offset: usize, fence: &str) -> FrontMatterError {
    FrontMatterError {
        offset,
        message: format!("front matter opened with '{fence}' is never closed"),
    }
}

/// Offset just past the newline of the line starting at `pos`.
fn line_end(text: &str, pos: usize) -> Option<usize> {
    text[pos..].find('\n').map(|i| pos + i + 1)
}

/// Parses the front matter of `split` (taken from `text`) into typed fields.
/// A syntax error loses the whole front matter; a wrongly typed known key
/// only itself (returned beside the result).
pub fn parse(
    text: &str,
    split: &Split<'_>,
) -> Result<(FrontMatter, Vec<FrontMatterError>), FrontMatterError> {
    let map = match split.format {
        Format::None => return Ok((FrontMatter::default(), Vec::new())),
        Format::Yaml => parse_yaml(text, split)?,
        Format::Toml => parse_toml(text, split)?,
        Format::Json => parse_json(text, split)?,
    };
    Ok(from_map(text, split, map))
}

fn parse_yaml(text: &str, split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    if split.front.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(split.front).map_err(|err| {
        let (offset, message) = locate_yaml_error(split.front, &err);
        FrontMatterError {
            offset: split.front_offset + offset,
            message: format!("invalid YAML front matter: {message}"),
        }
    })?;
    let json = serde_json::to_value(&value).map_err(|err| FrontMatterError {
        offset: split.front_offset,
        message: format!("front matter cannot be used: {err}"),
    })?;
    into_object(json, split.front_offset, text)
}

/// Where a YAML error is fixed, within `front`, and what to say about it.
///
/// The parser notices an unclosed `[`, `{` or quote only lines later (often at the closing
/// fence); its context mark ("while parsing a flow sequence at line 2 column 7") is where the
/// writer has to look, so that is the location when there is one.
pub(crate) fn locate_yaml_error(front: &str, err: &serde_yaml::Error) -> (usize, String) {
    let full = err.to_string();
    let (problem, context) = match full.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (full.as_str(), None),
    };
    let problem = strip_mark(problem).0;
    // A duplicate key is located at its mapping; the second key is where the mistake is.
    let duplicate = problem
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .and_then(|key| nth_key_line(front, key, 1));
    if let Some(offset) = duplicate {
        return (offset, problem.to_string());
    }
    if let Some((context, Some((line, column)))) = context.map(strip_mark) {
        if let Some(opened) = left_open(context) {
            let message = format!("{opened} that starts here is not closed ({problem})");
            return (offset_of(front, line, column), message);
        }
    }
    let offset = err
        .location()
        .map_or(0, |loc| offset_of(front, loc.line(), loc.column()));
    (offset, problem.to_string())
}

/// What was left open, in the writer's words, for a parser context such as "parsing a flow
/// sequence"; `None` for contexts that are not about something left open.
fn left_open(context: &str) -> Option<&'static str> {
    let what = context
        .strip_prefix("parsing ")
        .or_else(|| context.strip_prefix("scanning "))?;
    match what {
        "a flow sequence" => Some("the list '['"),
        "a flow mapping" => Some("the map '{'"),
        "a quoted scalar" => Some("the quoted text"),
        _ => None,
    }
}

/// Splits "message at line L column C" into the message and its 1-based mark.
fn strip_mark(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some((message, mark)) = text.rsplit_once(" at line ") else {
        return (text, None);
    };
    let mut numbers = mark.split(" column ").map(|n| n.trim().parse::<usize>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(line)), Some(Ok(column))) => (message, Some((line, column))),
        _ => (message, None),
    }
}

/// Where a TOML error is, within the text read, and what to say about it.
pub(crate) fn locate_toml_error(err: &toml::de::Error) -> (usize, String) {
    (err.span().map_or(0, |s| s.start), err.message().to_string())
}

/// Where a JSON error is, within `text`, and its message without the
/// reader's own "at line L column C" (serde_json counts columns in bytes).
pub(crate) fn locate_json_error(text: &str, err: &serde_json::Error) -> (usize, String) {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(err.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (line_start + err.column().saturating_sub(1)).min(text.len());
    let message = err.to_string();
    (offset, strip_mark(&message).0.to_string())
}

fn parse_toml(text: &str, split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    let table: toml::Table = toml::from_str(split.front).map_err(|err| {
        let (offset, message) = locate_toml_error(&err);
        FrontMatterError {
            offset: split.front_offset + offset,
            message: format!("invalid TOML front matter: {message}"),
        }
    })?;
    into_object(
        crate::config::toml_to_json(toml::Value::Table(table)),
        split.front_offset,
        text,
    )
}

fn parse_json(text: &str, split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    let value: Value = serde_json::from_str(split.front).map_err(|err| {
        let (offset, message) = locate_json_error(split.front, &err);
        FrontMatterError {
            offset: split.front_offset + offset,
            message: format!("invalid JSON front matter: {message}"),
        }
    })?;
    into_object(value, split.front_offset, text)
}

fn into_object(
    value: Value,
    offset: usize,
    _text: &str,
) -> Result<Map<String, Value>, FrontMatterError> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(FrontMatterError {
            offset,
            message: "front matter must be a mapping of keys to values".to_string(),
        }),
    }
}

/// Byte offset of 1-based `line` and `column` (in characters) within `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[line_start..].lines().next().unwrap_or("");
    line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// Takes the known keys out of `map` (case-insensitively) with their types.
/// A known key with a value of the wrong type is reported and left unset;
/// the other keys still count.
fn from_map(
    text: &str,
    split: &Split<'_>,
    map: Map<String, Value>,
) -> (FrontMatter, Vec<FrontMatterError>) {
    let mut front = FrontMatter::default();
    let mut errors = Vec::new();
    for (key, value) in map {
        let lower = key.to_lowercase();
        front.set.push(lower.clone());
        if let Err(expected) = set_key(&mut front, &lower, value) {
            errors.push(FrontMatterError {
                offset: key_offset(text, split, &key),
                message: format!("front matter key '{key}' must be {expected}; it is ignored"),
            });
        }
    }
    (front, errors)
}

/// Sets one key; on a type mismatch returns what was expected.
fn set_key(front: &mut FrontMatter, key: &str, value: Value) -> Result<(), &'static str> {
    const TEXT: &str = "text";
    const BOOL: &str = "true or false";
    match key {
        "title" => front.title = Some(scalar(&value).ok_or(TEXT)?),
        "linktitle" => front.linktitle = Some(scalar(&value).ok_or(TEXT)?),
        "description" => front.description = Some(scalar(&value).ok_or(TEXT)?),
        "weight" => front.weight = integer(&value).ok_or("a whole number")?,
        "toc" => front.toc = Some(boolean(&value).ok_or(BOOL)?),
        "draft" => front.draft = boolean(&value).ok_or(BOOL)?,
        "hidden" => front.hidden = boolean(&value).ok_or(BOOL)?,
        "headless" => front.headless = boolean(&value).ok_or(BOOL)?,
        "date" => front.date = Some(scalar(&value).ok_or("a date")?),
        "translationkey" => front.translation_key = Some(scalar(&value).ok_or(TEXT)?),
        "aliases" => front.aliases = strings(&value).ok_or("a list of paths")?,
        "tags" => front.tags = strings(&value).ok_or("a list of tags")?,
        "overview" => front.overview = overview(&value).ok_or("true, false or an anchor name")?,
        "slug" => front.slug = Some(scalar(&value).ok_or(TEXT)?),
        "url" => front.url = Some(scalar(&value).ok_or(TEXT)?),
        "summary" => front.summary = Some(scalar(&value).ok_or(TEXT)?),
        key if PUBLISH_DATE_KEYS.contains(&key) => {
            front.publish_date = Some(scalar(&value).ok_or("a date")?)
        }
        key if EXPIRY_DATE_KEYS.contains(&key) => {
            front.expiry_date = Some(scalar(&value).ok_or("a date")?)
        }
        "build" => front.build = build(&value).ok_or("a table with render and list")?,
        "cascade" => {
            if !matches!(value, Value::Object(_) | Value::Array(_) | Value::Null) {
                return Err("a table or a list of tables");
            }
            front.cascade = crate::config::cascades(&value);
        }
        "menu" | "menus" => front.menus = menus(&value).ok_or("a menu name, a list or a table")?,
        "params" => match value {
            Value::Object(params) => {
                for (k, v) in params {
                    front.params.insert(k.to_lowercase(), v);
                }
            }
            Value::Null => {}
            _ => return Err("a table"),
        },
        _ => {
            front.params.insert(key.to_string(), value);
        }
    }
    Ok(())
}

/// `build: {render: never, list: never}` (also the old `render: false`).
fn build(value: &Value) -> Option<Build> {
    let table = match value {
        Value::Object(table) => table,
        Value::Null => return Some(Build::default()),
        _ => return None,
    };
    let mut build = Build::default();
    for (key, value) in table {
        let never = match value {
            Value::Bool(b) => !b,
            Value::String(s) => s.eq_ignore_ascii_case("never"),
            _ => false,
        };
        match key.to_lowercase().as_str() {
            "render" => build.never_render = never,
            "list" => build.never_list = never,
            _ => {}
        }
    }
    Some(build)
}

/// `menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 2}}`.
fn menus(value: &Value) -> Option<Vec<(String, crate::config::MenuEntry)>> {
    use crate::config::MenuEntry;
    let entry = |fields: Option<&Value>| {
        let text = |k: &str| {
            fields
                .and_then(|f| f.as_object())
                .and_then(|f| f.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)))
                .and_then(|(_, v)| scalar(v))
                .unwrap_or_default()
        };
        MenuEntry {
            name: text("name"),
            identifier: text("identifier"),
            parent: text("parent"),
            weight: text("weight").parse().unwrap_or(0),
            pre: text("pre"),
            post: text("post"),
            ..MenuEntry::default()
        }
    };
    match value {
        Value::String(name) => Some(vec![(name.to_lowercase(), entry(None))]),
        Value::Array(names) => names
            .iter()
            .map(|n| n.as_str().map(|n| (n.to_lowercase(), entry(None))))
            .collect(),
        Value::Object(table) => Some(
            table
                .iter()
                .map(|(name, fields)| (name.to_lowercase(), entry(Some(fields))))
                .collect(),
        ),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Null => Some(0),
        _ => None,
    }
}

fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        Value::Null => Some(false),
        _ => None,
    }
}

/// A list of strings; a single string counts as a list of one.
fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        Value::Null => Some(Vec::new()),
        other => scalar(other).map(|s| vec![s]),
    }
}

fn overview(value: &Value) -> Option<Option<Overview>> {
    match value {
        Value::Bool(true) => Some(Some(Overview { anchor: None })),
        Value::Bool(false) | Value::Null => Some(None),
        Value::String(s) => Some(Some(Overview {
            anchor: Some(s.trim_start_matches('#').to_string()),
        })),
        _ => None,
    }
}

/// Offset of the line that sets `key` in the front matter (for type errors).
fn key_offset(text: &str, split: &Split<'_>, key: &str) -> usize {
    let offset = nth_key_line(split.front, key, 0).map_or(0, |at| at);
    debug_assert!(split.front_offset + offset <= text.len());
    split.front_offset + offset
}

/// Offset in `front` of the first top-level line that sets `key` (see
/// [`nth_key_line`]).
pub(crate) fn key_line(front: &str, key: &str) -> Option<usize> {
    nth_key_line(front, key, 0)
}

/// Offset in `front` of the `n`th (0-based) top-level line that sets `key`
/// (`key:` or `key =`, the key in any case, bare or quoted).
fn nth_key_line(front: &str, key: &str, n: usize) -> Option<usize> {
    // JSON front matter is indented as a whole (`{` and `  "title": ...`):
    // its top-level keys are on lines that start inside the outer braces.
    let json = opens_json_object(front.trim_start_matches('\u{feff}').trim_start());
    let mut depth = 0;
    let mut offset = 0;
    let mut seen = 0;
    for whole_line in front.split_inclusive('\n') {
        let depth_at_start = depth;
        if json {
            depth = json_depth_after(whole_line, depth);
            if depth_at_start != 1 {
                offset += whole_line.len();
                continue;
            }
        }
        // Only top-level keys: nested ones are indented.
        let line = if json {
            whole_line.trim_start()
        } else {
            whole_line
        };
        let indent = whole_line.len() - line.len();
        let unquoted = line
            .strip_prefix(['"', '\''])
            .and_then(|rest| rest.get(key.len()..).map(|after| (rest, after)))
            .and_then(|(rest, after)| {
                after
                    .strip_prefix(['"', '\''])
                    .map(|a| (&rest[..key.len()], a))
            });
        let (name, after) = match unquoted {
            Some(pair) => pair,
            None => match (line.get(..key.len()), line.get(key.len()..)) {
                (Some(name), Some(after)) => (name, after),
                _ => {
                    offset += whole_line.len();
                    continue;
                }
            },
        };
        if name.eq_ignore_ascii_case(key) && after.trim_start().starts_with([':', '=']) {
            if seen == n {
                return Some(offset + indent);
            }
            seen += 1;
        }
        offset += whole_line.len();
    }
    None
}

/// 1-based line and column of a front matter error in the file.
pub fn locate(text: &str, error: &FrontMatterError) -> (u32, u32) {
    line_col(text, error.offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<FrontMatter, FrontMatterError> {
        match parse(text, &split(text)?)? {
            (front, errors) if errors.is_empty() => Ok(front),
            (_, mut errors) => Err(errors.remove(0)),
        }
    }

    #[test]
    fn yaml_keys_are_typed_and_case_insensitive() {
        let text = "---\ntitle: Integrasjoner\nlinkTitle: Int\nweight: 110\ntoc: true\naliases:\n- /a/b\nlang: nb\ncustom: no\n---\nBody\n";
        let front = read(text).unwrap();
        assert_eq!(front.title.as_deref(), Some("Integrasjoner"));
        assert_eq!(front.linktitle.as_deref(), Some("Int"));
        assert_eq!(front.weight, 110);
        assert_eq!(front.toc, Some(true));
        assert_eq!(front.aliases, ["/a/b"]);
        assert_eq!(front.params["lang"], "nb");
        assert_eq!(
            front.params["custom"], "no",
            "YAML 1.2: 'no' stays a string"
        );
        let s = split(text).unwrap();
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"T\"\nweight = 3\ndate = 2024-01-02\n+++\nx";
        let front = read(text).unwrap();
        assert_eq!(front.title.as_deref(), Some("T"));
        assert_eq!(front.weight, 3);
        assert_eq!(front.date.as_deref(), Some("2024-01-02"));
    }

    /// Hugo reads a JSON object at the top of a file as its front matter,
    /// up to the brace that closes it (braces in strings do not count).
    #[test]
    fn json_front_matter() {
        let text = "\n{\n  \"title\": \"T {x}\",\n  \"weight\": 3,\n  \"aliases\": [\"/a\\\"}\"],\n  \"params\": {\"k\": 1}\n}\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::Json);
        assert_eq!(&text[s.body_offset..], "# Body\n");
        let front = read(text).unwrap();
        assert_eq!(front.title.as_deref(), Some("T {x}"));
        assert_eq!(front.weight, 3);
        assert_eq!(front.aliases, vec!["/a\"}".to_string()]);
        let at = key_line(&text[..s.body_offset], "weight").unwrap();
        assert!(text[at..].starts_with("\"weight\": 3"), "{}", &text[at..]);
    }

    #[test]
    fn json_errors_are_located_and_a_shortcode_is_not_json() {
        let text = "{\n  \"title\": \"T\"\n  \"weight\": 3\n}\n";
        let err = read(text).unwrap_err();
        assert_eq!(&text[err.offset..err.offset + 8], "\"weight\"");
        assert!(
            err.message
                .starts_with("invalid JSON front matter: expected `,` or `}`"),
            "{}",
            err.message
        );
        let err = read("{\"title\": \"T\"\n").unwrap_err();
        assert_eq!(
            (err.offset, err.message.as_str()),
            (0, "front matter opened with '{' is never closed")
        );
        for body in [
            "  {{< notice info >}}\nx\n{{< /notice >}}\n",
            "{#anchor}\n# Title\n",
            "\n    - indented code\n",
        ] {
            let s = split(body).unwrap();
            assert_eq!((s.format, s.body_offset), (Format::None, 0), "{body:?}");
        }
    }

    #[test]
    fn json_keys_are_found_at_the_top_level_only() {
        let text = "\u{feff}{\n  \"params\": {\n    \"url\": \"x\"\n  },\n  \"list\": [\n    \"url\"\n  ],\n  \"url\": \"/a/\"\n}\n";
        let at = key_line(text, "url").unwrap();
        assert!(
            text[at..].starts_with("\"url\": \"/a/\""),
            "{}",
            &text[at..]
        );
    }

    #[test]
    fn yaml_error_is_located_in_the_file() {
        let text = "---\ntitle: ok\ndescription: a: b\n---\n";
        let err = read(text).unwrap_err();
        assert_eq!(locate(text, &err).0, 3, "{err:?}");
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
    }

    #[test]
    fn type_error_points_at_the_key() {
        let text = "---\ntitle: ok\nweight: heavy\n---\n";
        let err = read(text).unwrap_err();
        assert_eq!(locate(text, &err), (3, 1));
        assert_eq!(
            err.message,
            "front matter key 'weight' must be a whole number; it is ignored"
        );
        let (front, _) = parse(text, &split(text).unwrap()).unwrap();
        assert_eq!(front.title.as_deref(), Some("ok"), "other keys still count");
    }

    #[test]
    fn a_duplicate_key_is_located_at_its_second_line() {
        let text = "---\ntitle: A\nweight: 1\ntitle: B\n---\n";
        let err = read(text).unwrap_err();
        assert_eq!(locate(text, &err), (4, 1));
        assert_eq!(
            err.message,
            "invalid YAML front matter: duplicate entry with key \"title\""
        );
        let text = "---\n\"weight\": 1\nx:\n  weight: 2\n\"weight\": 3\n---\n";
        assert_eq!(locate(text, &read(text).unwrap_err()), (5, 1));
    }

    #[test]
    fn an_unclosed_list_map_or_quote_is_located_where_it_opens() {
        let text = "---\ntitle: A\ntags: [a, b\nweight: 3\n---\n";
        let err = read(text).unwrap_err();
        assert_eq!(locate(text, &err), (3, 7));
        assert_eq!(
            err.message,
            "invalid YAML front matter: the list '[' that starts here is not closed \
             (did not find expected ',' or ']')"
        );
        let text = "---\ntitle: \"B\nweight: 3\n---\n";
        let err = read(text).unwrap_err();
        assert_eq!(locate(text, &err), (2, 8));
        assert!(
            err.message
                .contains("the quoted text that starts here is not closed")
        );
        let text = "---\ntitle: F\ndescription: {a: 1\n\nweight: 1\n---\n";
        assert_eq!(locate(text, &read(text).unwrap_err()), (3, 14));
        // Other mistakes stay where the parser finds them.
        let text = "---\ntitle: C\n  weight: 3\n---\n";
        assert_eq!(locate(text, &read(text).unwrap_err()), (3, 9));
    }

    #[test]
    fn keys_are_found_by_their_line_whatever_the_letters() {
        // A key whose lowercase form is shorter than itself (the Kelvin
        // sign lowercases to a one-byte 'k').
        let text = "---\ntitle: \u{212a}elvin\n\u{212a}: x\nWEIGHT: heavy\n---\n";
        let err = read(text).unwrap_err();
        assert_eq!(locate(text, &err), (4, 1));
        assert_eq!(nth_key_line("æ: 1\nÆ: 2\n", "æ", 1), None);
        assert_eq!(nth_key_line("a: 1\n", "abc", 0), None);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = read("---\ntitle: x\n").unwrap_err();
        assert_eq!(err.offset, 0);
    }

    #[test]
    fn no_front_matter_means_whole_body() {
        let s = split("# Hi\n").unwrap();
        assert_eq!(s.format, Format::None);
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn overview_true_or_anchor() {
        let front = read("---\noverview: \"#oversikt\"\n---\n").unwrap();
        assert_eq!(
            front.overview,
            Some(Overview {
                anchor: Some("oversikt".into())
            })
        );
    }
}
