//! Templates: the Tera environment (built once), the typed context of each
//! page ([`context`]), the navigation shared by the pages of a section
//! ([`nav`]), alias redirects and the 404 page.
//!
//! Rendering takes the index and each page's rendered Markdown and returns
//! HTML strings; it never touches the disk except to read templates.

pub mod context;
pub mod nav;
pub mod sitemap;

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};
use tera::{Context, Tera};
use thiserror::Error;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

pub use context::{LanguageContext, language_contexts};

/// The built-in templates (the project's `templates/` folder, embedded by
/// `build.rs`), used for every name a site does not provide.
const BUILTIN_TEMPLATES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// The built-in stylesheet, written to the output root unless the site's
/// `static/` has its own.
pub const BUILTIN_CSS: (&str, &str) = ("brygge.css", include_str!("../../static/brygge.css"));

/// The built-in script (the sidebar's navigation), written to the output
/// root unless the site's `static/` has its own.
pub const BUILTIN_JS: (&str, &str) = ("brygge.js", include_str!("../../static/brygge.js"));

/// The built-in favicon, written to the output root unless the site's
/// `static/` has its own.
pub const BUILTIN_FAVICON: (&str, &str) = ("favicon.svg", include_str!("../../static/favicon.svg"));

/// The built-in search client, loaded by `brygge.js` when a reader first
/// uses the search box (see [`crate::search`]).
pub const BUILTIN_SEARCH_JS: (&str, &str) = (
    "brygge-search.js",
    include_str!("../../static/brygge-search.js"),
);

/// A template problem: one that does not parse stops the build; one that
/// fails while rendering is a finding on the page it was rendering.
#[derive(Debug, Clone, Error)]
pub enum TemplateError {
    /// `line` and `column` (1-based) are 0 when Tera names no place.
    #[error("{}: {message}", location(file, *line, *column))]
    Load {
        file: String,
        message: String,
        line: u32,
        column: u32,
    },
    #[error("template '{template}' failed for {page}: {message}")]
    Render {
        template: String,
        page: String,
        message: String,
    },
}

impl TemplateError {
    pub fn to_diagnostic(&self, config: &Config) -> Diagnostic {
        match self {
            TemplateError::Load { .. } => self.fatal_diagnostic(),
            TemplateError::Render {
                template,
                page,
                message,
            } => Diagnostic::error(
                "template-failed",
                config.templates_dir.join(template),
                format!("while rendering {page}: {message}"),
            ),
        }
    }

    /// The finding when this error stops the build (no configuration at
    /// hand): a template that does not load at the place of its error.
    pub fn fatal_diagnostic(&self) -> Diagnostic {
        match self {
            TemplateError::Load {
                file,
                message,
                line,
                column,
            } => Diagnostic::error("template-invalid", file, message.clone()).at(*line, *column),
            TemplateError::Render { .. } => {
                Diagnostic::error("template-failed", "", self.to_string())
            }
        }
    }
}

/// Tera with the site's templates over the built-in ones.
pub struct Templates {
    tera: Tera,
    names: FxHashSet<String>,
    /// The templates in `shared/` (see [`Templates::shared_parts`]).
    shared: Vec<String>,
    /// Shortcode name → what its template needs.
    shortcodes: FxHashMap<String, ShortcodeTemplate>,
}

/// The folder of the shared parts ([`Templates::shared_parts`]).
const SHARED_PREFIX: &str = "shared/";

/// Built-in templates are also reachable as `builtin/NAME`, so that a
/// site's own `base.html` can extend the built-in one.
const BUILTIN_PREFIX: &str = "builtin/";

/// What brygge knows about a shortcode template without rendering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeTemplate {
    /// The Tera template name, e.g. `shortcodes/notice.html`.
    pub template: String,
    /// The template's output is Markdown (a `.md` template), not HTML.
    pub markdown: bool,
    /// The template mentions `inner`, so calls must be closed.
    pub uses_inner: bool,
    /// The names of its context the template reads: only those are put
    /// in its context, since building them for every call is much of a
    /// call's cost.
    pub reads: Reads,
}

/// A name in a shortcode template's context (its text is
/// [`ContextName::NAMES`] at the variant's position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextName {
    Site,
    Ui,
    Page,
    Name,
    Args,
    Pos,
    Inner,
    InnerHtml,
    HasInner,
    Ordinal,
    Position,
    Parent,
}

impl ContextName {
    /// Every name as templates write it, in the order of the variants.
    const NAMES: [&'static str; 12] = [
        "site",
        "ui",
        "page",
        "name",
        "args",
        "pos",
        "inner",
        "inner_html",
        "has_inner",
        "ordinal",
        "position",
        "parent",
    ];

    /// The name as templates write it.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The context names a shortcode template reads (a set of [`ContextName`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads(u16);

impl Reads {
    /// What `source` reads: the names it mentions, or all of them when it
    /// pulls in other templates (by `include` or `extends`, or by calling
    /// a component, whose `@name` arguments come from the caller's
    /// variables) or prints its whole context.
    fn of(source: &str) -> Reads {
        let composed = ["include", "extends", "__tera_context"]
            .iter()
            .any(|tag| mentions(source, tag))
            || calls_component(source);
        Reads(
            (ContextName::NAMES.iter().enumerate())
                .filter(|(_, name)| composed || mentions(source, name))
                .fold(0, |set, (bit, _)| set | 1 << bit),
        )
    }

    /// Whether the template reads `name`.
    pub fn has(self, name: ContextName) -> bool {
        self.0 & (1 << name as u16) != 0
    }
}

impl Templates {
    /// Loads the built-in templates, then `templates/**/*.{html,md}` of the
    /// site (if the folder exists) over them: a site's template replaces
    /// the built-in one of the same name, and may extend or include any
    /// built-in one (`{% extends "base.html" %}`, or `"builtin/base.html"`
    /// from a site's own `base.html`).
    ///
    /// `assets` is the site's assets folder and `base_path` the path its
    /// URLs start with, for the `asset(path=...)` function (see
    /// [`crate::assets`]).
    pub fn load(dir: &Path, assets: &Path, base_path: &str) -> Result<Self, TemplateError> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".md"]);
        tera.set_escape_fn(write_escaped_html);
        tera.register_function(
            crate::assets::FUNCTION,
            crate::assets::function(assets.to_path_buf(), base_path.to_string()),
        );
        // Components are global in Tera: a template defining one is not
        // registered twice.
        let builtin = BUILTIN_TEMPLATES.iter().flat_map(|&(name, source)| {
            let alias = (!source.contains("{% component") && !source.contains("{%- component"))
                .then(|| (format!("{BUILTIN_PREFIX}{name}"), source));
            std::iter::once((name.to_string(), source)).chain(alias)
        });
        tera.add_raw_templates(builtin)
            .map_err(|err| load_error(Path::new("built-in templates"), &err))?;
        let mut shortcodes = FxHashMap::default();
        for (name, source) in BUILTIN_TEMPLATES {
            note_shortcode(&mut shortcodes, name, source);
        }
        let site_templates = site_template_files(dir)?;
        for (name, source) in &site_templates {
            note_shortcode(&mut shortcodes, name, source);
        }
        tera.add_raw_templates(
            site_templates
                .iter()
                .map(|(name, source)| (name.as_str(), source.as_str())),
        )
        .map_err(|err| load_error(dir, &err))?;
        let names: FxHashSet<String> = tera.get_template_names().map(str::to_string).collect();
        let mut shared: Vec<String> = names
            .iter()
            .filter(|name| name.starts_with(SHARED_PREFIX) && name.ends_with(".html"))
            .cloned()
            .collect();
        shared.sort();
        Ok(Templates {
            tera,
            names,
            shared,
            shortcodes,
        })
    }

    /// The shared parts: the templates in `shared/` (site or built-in),
    /// each as (its name in `shared`, the template), e.g. `("site_header",
    /// "shared/site_header.html")`. They see only what every page of a
    /// language shares (`lang`, `site`, `ui`), so each is rendered once per
    /// language ([`LanguageContext`]) and every page template prints it as
    /// `shared.NAME`, instead of working out the same HTML on every page.
    pub fn shared_parts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.shared.iter().map(|template| {
            let name = &template[SHARED_PREFIX.len()..template.len() - ".html".len()];
            (name, template.as_str())
        })
    }

    /// The template of shortcode `name`, if there is one.
    pub fn shortcode(&self, name: &str) -> Option<&ShortcodeTemplate> {
        self.shortcodes.get(name)
    }

    /// Whether a template of this name exists (site or built-in).
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    pub fn render(
        &self,
        name: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|err| render_error(name, page, &err))
    }

    /// [`Templates::render`] appended to `out` as bytes: a page goes to
    /// disk as it is, with no second pass to check that it is UTF-8, into
    /// a buffer sized by the caller.
    pub fn render_to(
        &self,
        name: &str,
        context: &Context,
        page: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), TemplateError> {
        self.tera
            .render_to(name, context, out)
            .map_err(|err| render_error(name, page, &err))
    }
}

fn render_error(template: &str, page: &str, err: &tera::Error) -> TemplateError {
    TemplateError::Render {
        template: template.to_string(),
        page: page.to_string(),
        message: error_chain(err),
    }
}

/// Tera's escape function: [`escape_html`], written to `out`.
fn write_escaped_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escaped_pieces(input, Quotes::Escaped, |piece| {
        out.write_all(piece.as_bytes())
    })
}

/// Escapes the five HTML-special characters (`&`, `<`, `>`, `"`, `'`), the
/// same in templates and in HTML made in Rust.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    push_escaped_html(&mut out, input);
    out
}

/// [`escape_html`], appended to `out`.
pub fn push_escaped_html(out: &mut String, input: &str) {
    push_escaped(out, input, Quotes::Escaped);
}

/// Appends `input` with only `&`, `<` and `>` escaped: text between tags,
/// as Markdown renderers (goldmark, pulldown-cmark) write it.
pub fn push_escaped_text(out: &mut String, input: &str) {
    push_escaped(out, input, Quotes::Kept);
}

fn push_escaped(out: &mut String, input: &str, quotes: Quotes) {
    let appended: Result<(), std::convert::Infallible> = escaped_pieces(input, quotes, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = appended;
}

/// Whether [`escaped_pieces`] escapes `"` and `'` (needed in attribute
/// values) or keeps them (text).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quotes {
    Escaped,
    Kept,
}

/// Hands `piece` the text of `input` between the HTML-special characters,
/// a run at a time, and each special character's entity.
fn escaped_pieces<E>(
    input: &str,
    quotes: Quotes,
    mut piece: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let escape_quotes = quotes == Quotes::Escaped;
    let mut last = 0;
    for (i, byte) in input.bytes().enumerate() {
        if !HTML_SPECIAL[usize::from(byte)] {
            continue;
        }
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if escape_quotes => "&quot;",
            b'\'' if escape_quotes => "&#39;",
            _ => continue,
        };
        // `i` is at an ASCII byte: a character boundary.
        piece(&input[last..i])?;
        piece(entity)?;
        last = i + 1;
    }
    piece(&input[last..])
}

/// Whether [`escaped_pieces`] may replace a byte, by byte value: one table
/// lookup for each byte of each value a template prints (the quotes only
/// with [`Quotes::Escaped`]).
static HTML_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Decodes character references in HTML text or an attribute value: the
/// named ones brygge and Markdown write (`&amp;` `&lt;` `&gt;` `&quot;`
/// `&apos;` `&nbsp;`) and numeric ones. Anything else stays as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // The longest reference (`&#x10FFFF;`) ends within 12 bytes; bytes,
        // not a `str` slice, as the 12th can fall inside a character.
        let decoded = rest
            .bytes()
            .take(12)
            .position(|b| b == b';')
            .and_then(|semi| Some((character_reference(&rest[1..semi])?, semi + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference's name (between `&` and `;`) stands for.
fn character_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Records `shortcodes/NAME.html` or `.md` as a shortcode template. A site's
/// template replaces a built-in one of either extension.
fn note_shortcode(shortcodes: &mut FxHashMap<String, ShortcodeTemplate>, name: &str, source: &str) {
    let Some(file) = name.strip_prefix("shortcodes/") else {
        return;
    };
    let Some((shortcode, extension)) = file.rsplit_once('.') else {
        return;
    };
    shortcodes.insert(
        shortcode.to_string(),
        ShortcodeTemplate {
            template: name.to_string(),
            markdown: extension == "md",
            uses_inner: source.contains("inner"),
            reads: Reads::of(source),
        },
    );
}

/// Whether `source` holds `word` as a whole identifier: not as part of a
/// longer name, nor after a `.` (an attribute), unless after the `...` that
/// spreads a value (`{...args}`).
fn mentions(source: &str, word: &str) -> bool {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    source.match_indices(word).any(|(i, _)| {
        let before = &source[..i];
        let attribute = before.ends_with('.') && !before.ends_with("...");
        let joined = before.chars().next_back().is_some_and(is_name);
        let after = source[i + word.len()..].chars().next();
        !attribute && !joined && !after.is_some_and(is_name)
    })
}

/// Whether `source` may call a component: a `<` before a name or a `/`
/// inside a `{{ }}` or `{% %}` tag (`{{ <card /> }}`, `{%- <box> %}`; a
/// comparison written `a<b` counts too, which only costs time).
fn calls_component(source: &str) -> bool {
    let mut rest = source;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        let end = inner.find(close).unwrap_or(inner.len());
        let tag = &inner.as_bytes()[..end];
        if tag
            .windows(2)
            .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'_' || w[1] == b'/'))
        {
            return true;
        }
        rest = &inner[end..];
    }
    false
}

/// The site's template files (`.html`, `.md`) by name (their path below
/// `dir`), in name order; none when there is no such folder.
fn site_template_files(dir: &Path) -> Result<Vec<(String, String)>, TemplateError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|err| TemplateError::Load {
            file: dir.display().to_string(),
            message: err.to_string(),
            line: 0,
            column: 0,
        })?;
        let path = entry.path();
        let is_template = path
            .extension()
            .is_some_and(|ext| ext == "html" || ext == "md");
        if !entry.file_type().is_file() || !is_template {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let name = crate::content::slash_path(rel);
        let source = std::fs::read_to_string(path).map_err(|err| TemplateError::Load {
            file: path.display().to_string(),
            message: err.to_string(),
            line: 0,
            column: 0,
        })?;
        files.push((name, source));
    }
    Ok(files)
}

/// A template that does not load, at the line and column of its syntax
/// error when Tera gives one. Template names are relative to `dir`.
fn load_error(dir: &Path, err: &tera::Error) -> TemplateError {
    match syntax_error(err) {
        Some(report) => TemplateError::Load {
            file: dir.join(report.filename()).display().to_string(),
            message: report.message().to_string(),
            line: u32::try_from(report.span().start_line).unwrap_or(0),
            column: u32::try_from(report.span().start_col + 1).unwrap_or(0),
        },
        None => TemplateError::Load {
            file: dir.display().to_string(),
            message: error_chain(err),
            line: 0,
            column: 0,
        },
    }
}

/// The syntax error with its place in `err` or the errors behind it.
fn syntax_error(err: &tera::Error) -> Option<&tera::ReportError> {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) if !report.filename().is_empty() => Some(report),
        _ => std::error::Error::source(err)?
            .downcast_ref::<tera::Error>()
            .and_then(syntax_error),
    }
}

/// `file`, with `:line:column` when known.
fn location(file: &str, line: u32, column: u32) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}:{column}")
    }
}

/// Tera nests the useful message in its error sources.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_reads_the_names_it_writes_spreads_or_may_reach_through_others() {
        let reads = |source: &str| {
            let reads = Reads::of(source);
            (ContextName::NAMES.iter().enumerate())
                .filter(|(bit, _)| reads.0 & 1 << bit != 0)
                .map(|(_, name)| *name)
                .collect::<Vec<_>>()
        };
        assert_eq!(reads("{{ args.id }} {{ pos[0] }}"), ["args", "pos"]);
        // Attributes and longer names are not the names themselves.
        assert_eq!(
            reads("{{ page.args }} {{ site_name }} {{ inner_html }}"),
            ["page", "inner_html"]
        );
        // A spread reads the whole value.
        assert_eq!(
            reads("{% set a = {...args} %}{{ [...pos] }}"),
            ["args", "pos"]
        );
        // Pulling in another template, calling a component (however it is
        // spaced) or printing the whole context may read anything.
        for source in [
            "{% include \"x.html\" %}",
            "{% extends \"x.html\" %}",
            "{{ __tera_context }}",
            "{{<card />}}",
            "{{ <card /> }}",
            "{{- <card title=\"t\" /> -}}",
            "{% <box> %}text{% </box> %}",
            "{{ 1 ~ <card /> }}",
        ] {
            assert_eq!(reads(source).len(), ContextName::NAMES.len(), "{source}");
        }
        // HTML outside the tags and comparisons with spaces are not calls.
        assert_eq!(reads("<div>{{ ordinal < 3 }}</div>"), ["ordinal"]);
    }

    #[test]
    fn character_references_decode_and_anything_else_stays() {
        assert_eq!(decode_entities("a&#39;b&#x2F;c&quot;"), "a'b/c\"");
        assert_eq!(
            decode_entities("bl&aring;&nbsp;b&#230;r"),
            "bl&aring;\u{a0}bær"
        );
        assert_eq!(decode_entities("R&D &amp"), "R&D &amp");
        assert_eq!(
            decode_entities("&#xD800; &#99999999;"),
            "&#xD800; &#99999999;"
        );
    }

    #[test]
    fn references_followed_by_multibyte_text_decode() {
        // hugoDocs: `&gt; 6" }} → 7` and `&lt;───` (the 12th byte falls
        // inside a character).
        assert_eq!(decode_entities("&gt; 6\" }} → 7"), "> 6\" }} → 7");
        assert_eq!(decode_entities("&lt;───────│"), "<───────│");
        assert_eq!(decode_entities("&──────────;"), "&──────────;");
    }
}
