//! Shortcodes: expanding the `{{% %}}` and `{{< >}}` calls of one page.
//!
//! [`parse`] finds the calls; this module renders each one, with the site's
//! template in `templates/shortcodes/` or a built-in, and returns Markdown in
//! which every call is replaced: by Markdown (a `.md` template, or `insert`,
//! in Markdown notation, so headings reach the table of contents) or by a
//! placeholder for HTML that is put in after Markdown rendering.

mod builtin;
pub mod parse;

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};
use tera::Context;

use crate::content::PageId;
use crate::deps::{Fact, Reader};
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::markdown::{self, Options};
use crate::render::{ContextName as Read, LanguageContext, ShortcodeTemplate, Templates};
use parse::{Args, Call, Delim, InnerUse, Node};

/// How deep `insert` and Markdown-producing templates may nest.
const MAX_DEPTH: usize = 16;

/// How much Markdown the shortcodes of one page may generate inside
/// generated Markdown (an insert in an inserted file, a `.md` template's
/// output calling more), in pieces and in bytes. A snippet that inserts
/// itself twice doubles the work at each of the [`MAX_DEPTH`] levels;
/// these stop it long before it fills the memory. The page's own calls do
/// not count.
const MAX_GENERATED_PIECES: usize = 5_000;
const MAX_GENERATED_BYTES: usize = 16 << 20;

/// A page's Markdown with its shortcodes expanded.
#[derive(Debug, Default)]
pub struct Expansion {
    /// Markdown with placeholders.
    pub markdown: String,
    /// HTML of each placeholder, by number.
    pub outputs: Vec<String>,
    /// Expanded offset → offset in the original body.
    pub offsets: OffsetMap,
    pub diagnostics: Vec<Diagnostic>,
    /// Calls of names brygge has no template for, by name.
    pub unsupported: BTreeMap<String, usize>,
    /// Calls rendered, by name.
    pub rendered: BTreeMap<String, usize>,
    /// For each placeholder, the offset in the page file of the call that
    /// made it: where a finding about its HTML is reported.
    pub output_offsets: Vec<usize>,
    /// Files pulled in by `insert`: where a finding about their text is
    /// reported (at the file's own lines, not at each page that inserts it).
    pub inserted: Vec<Inserted>,
}

/// A file `insert` pulled into the page.
#[derive(Debug, Clone)]
pub struct Inserted {
    /// Offset in the page file of the call (findings inside its output
    /// point at the call until they are found in the file).
    pub call_offset: usize,
    /// The file, relative to the site root.
    pub file: std::path::PathBuf,
    /// Its whole text, for locating what came from it.
    pub text: std::sync::Arc<str>,
}

/// Maps offsets in expanded Markdown back to the source it came from.
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    /// (expanded start, original start, copied verbatim?)
    segments: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    fn push(&mut self, expanded: usize, original: usize, copied: bool) {
        self.segments.push((expanded, original, copied));
    }

    /// The original offset of `expanded`; inside generated text, the offset
    /// of the call that generated it.
    pub fn original(&self, expanded: usize) -> usize {
        let i = self
            .segments
            .partition_point(|&(start, _, _)| start <= expanded);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((start, original, true)) => original + (expanded - start),
            Some((_, original, false)) => original,
            None => expanded,
        }
    }
}

/// Everything the expansion of one page reads.
pub struct PageScope<'a> {
    /// The index, through which every read of another page is noted.
    pub reader: Reader<'a>,
    pub templates: &'a Templates,
    pub language: &'a LanguageContext,
    pub catalogue: Option<&'a crate::catalogue::Catalogue>,
    pub page: PageId,
    pub options: Options,
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}

/// Expands the shortcodes of the page's body.
pub fn expand_page(scope: &PageScope<'_>) -> Expansion {
    let page = scope.reader.page(scope.page);
    let mut expander = Expander::new(scope);
    let body = page.body();
    let mut out = Expansion::default();
    let nodes = expander.parse(body, page.body_offset, &mut out);
    out.markdown = expander.expand(body, &nodes, page.body_offset, None, 0, &mut out);
    out.outputs = std::mem::take(&mut expander.outputs);
    out.output_offsets = std::mem::take(&mut expander.output_offsets);
    out
}

/// A call seen from inside: what a child knows of its parent.
#[derive(Clone)]
struct Parent {
    name: String,
    args: Value,
    pos: Value,
}

struct Expander<'s, 'a> {
    scope: &'s PageScope<'a>,
    outputs: Vec<String>,
    ordinals: BTreeMap<String, usize>,
    footnotes: Vec<String>,
    reported_unknown: HashSet<String>,
    /// Inside generated Markdown (an insert, a `.md` template), findings
    /// point at the call that generated it.
    generated_at: Option<usize>,
    /// Made when a call first needs a line and column.
    lines: OnceCell<LineIndex>,
    /// `page` as shortcode templates see it, made when first needed.
    page_value: Option<tera::Value>,
    /// For each output, where its call is (see [`Expansion::output_offsets`]).
    output_offsets: Vec<usize>,
    /// Generated Markdown spliced in so far: pieces and bytes.
    generated: (usize, usize),
}

impl<'s, 'a> Expander<'s, 'a> {
    fn new(scope: &'s PageScope<'a>) -> Self {
        Expander {
            scope,
            outputs: Vec::new(),
            ordinals: BTreeMap::new(),
            footnotes: Vec::new(),
            reported_unknown: HashSet::new(),
            generated_at: None,
            lines: OnceCell::new(),
            page_value: None,
            output_offsets: Vec::new(),
            generated: (0, 0),
        }
    }

    /// The context of a shortcode template: the page-wide values it reads,
    /// and nothing else.
    fn template_context(&mut self, template: &ShortcodeTemplate) -> Context {
        let reader = self.scope.reader;
        let page = reader.page(self.scope.page);
        let mut context = self
            .scope
            .language
            .context(template.reads.has(Read::Site), template.reads.has(Read::Ui));
        if template.reads.has(Read::Page) {
            let value = self.page_value.get_or_insert_with(|| {
                tera::Value::from_serializable(&json!({
                    "title": page.title,
                    "url": page.url,
                    "permalink": reader.config().permalink(&page.url),
                    "lang": page.lang,
                    "kind": page.kind.as_str(),
                    "description": page.front.description.clone().unwrap_or_default(),
                    "source": page.source,
                }))
            });
            context.insert_value("page", value.clone());
        }
        context
    }

    fn site(&self) -> Reader<'a> {
        self.scope.reader
    }

    /// Parses `text` (found at `base` in the page file), reporting syntax errors.
    fn parse(&mut self, text: &str, base: usize, out: &mut Expansion) -> Vec<Node> {
        let templates = self.scope.templates;
        let inner_use = |name: &str| inner_use(templates, name);
        let parsed = parse::parse(text, &inner_use);
        for error in parsed.errors {
            let diagnostic = if error.kind.hugo_accepts() {
                self.diagnostic(
                    Severity::Warning,
                    "shortcode-close-unnamed",
                    base + error.span.start,
                    error.kind.to_string(),
                )
                .with_help("name the shortcode in the closing tag, e.g. '{{% /notice %}}'")
            } else {
                self.diagnostic(
                    Severity::Error,
                    "shortcode-syntax",
                    base + error.span.start,
                    error.kind.to_string(),
                )
                .with_help("the rest of the page is still rendered")
            };
            out.diagnostics.push(diagnostic);
        }
        parsed.nodes
    }

    fn diagnostic(
        &self,
        severity: Severity,
        code: &'static str,
        offset: usize,
        message: String,
    ) -> Diagnostic {
        let page = self.site().page(self.scope.page);
        let offset = self.generated_at.unwrap_or(offset);
        let (line, column) = self
            .lines
            .get_or_init(|| LineIndex::new(&page.text))
            .line_col(&page.text, offset);
        Diagnostic::new(
            severity,
            code,
            page.source_path(self.site().config()),
            message,
        )
        .at(line, column)
    }

    fn position(&self, offset: usize) -> String {
        let d = self.diagnostic(Severity::Info, "", offset, String::new());
        format!("{}:{}:{}", d.file.display(), d.line, d.column)
    }

    /// Expands `nodes` (spans into `text`, which starts at file offset `base`).
    fn expand(
        &mut self,
        text: &str,
        nodes: &[Node],
        base: usize,
        parent: Option<&Parent>,
        depth: usize,
        out: &mut Expansion,
    ) -> String {
        let mut markdown = String::with_capacity(text.len());
        let record = depth == 0;
        for node in nodes {
            match node {
                Node::Text(span) => {
                    if record {
                        out.offsets.push(markdown.len(), base + span.start, true);
                    }
                    markdown.push_str(&text[span.start..span.end]);
                }
                Node::Escaped { span, literal } => {
                    if record {
                        out.offsets.push(markdown.len(), base + span.start, false);
                    }
                    markdown.push_str(literal);
                }
                Node::Call(call) => {
                    if record {
                        out.offsets
                            .push(markdown.len(), base + call.open.start, false);
                    }
                    let replacement = self.call(text, call, base, parent, depth, &markdown, out);
                    markdown.push_str(&replacement);
                }
            }
        }
        markdown
    }

    /// The Markdown that replaces one call.
    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        text: &str,
        call: &Call,
        base: usize,
        parent: Option<&Parent>,
        depth: usize,
        preceding: &str,
        out: &mut Expansion,
    ) -> String {
        let offset = base + call.open.start;
        let ordinal = {
            let n = self.ordinals.entry(call.name.clone()).or_insert(0);
            *n += 1;
            *n - 1
        };
        let this = Parent {
            name: call.name.clone(),
            args: named_args(&call.args),
            pos: positional_args(&call.args),
        };
        let inner_text = call
            .inner
            .as_ref()
            .map_or("", |inner| &text[inner.span.start..inner.span.end]);
        let inner_base = call
            .inner
            .as_ref()
            .map_or(base, |inner| base + inner.span.start);
        let inner_nodes = call
            .inner
            .as_ref()
            .map_or(&[][..], |inner| &inner.nodes[..]);
        let inner_markdown = self.expand(text, inner_nodes, base, Some(&this), depth + 1, out);
        let _ = inner_base;
        let call_info = CallInfo {
            call,
            in_link_destination: in_link_destination(preceding),
            offset,
            ordinal,
            inner_text,
            inner_markdown: &inner_markdown,
            parent,
            this: &this,
        };
        self.site().note(Fact::Shortcode(call.name.clone()));
        let rendered = match builtin::Builtin::by_name(&call.name, self.scope.templates) {
            Some(builtin) => self.builtin(builtin, &call_info, out),
            None => self.template(&call_info, out),
        };
        *out.rendered.entry(call.name.clone()).or_insert(0) += 1;
        match rendered {
            Output::Html(html) => self.placeholder(html, offset),
            Output::Markdown(markdown) if call.delim == Delim::Markdown => {
                self.splice(&markdown, depth, offset, preceding, out)
            }
            Output::Markdown(markdown) => {
                // Standard notation: the Markdown is its own document, with
                // its own shortcodes expanded first.
                let expanded = self.splice(&markdown, depth, offset, "", out);
                let html = self.render_markdown(&expanded);
                self.placeholder(html, offset)
            }
        }
    }

    /// Stands for `html`, made by the call at `offset`.
    fn placeholder(&mut self, html: String, offset: usize) -> String {
        self.outputs.push(html);
        self.output_offsets
            .push(self.generated_at.unwrap_or(offset));
        markdown::placeholder(self.outputs.len() - 1)
    }

    /// Markdown output becomes part of the page: its own shortcodes are
    /// expanded, and continuation lines get the indentation of the line the
    /// call is on, so output inside a list item or quote stays inside it.
    fn splice(
        &mut self,
        output: &str,
        depth: usize,
        offset: usize,
        preceding: &str,
        out: &mut Expansion,
    ) -> String {
        if depth >= MAX_DEPTH {
            out.diagnostics.push(self.diagnostic(
                Severity::Error,
                "shortcode-recursion",
                offset,
                format!(
                    "shortcodes nest more than {MAX_DEPTH} levels (an insert that inserts itself?)"
                ),
            ));
            return String::new();
        }
        // Only Markdown generated inside generated Markdown counts: the
        // page's own calls are as many as its writer wrote.
        let (pieces, bytes) = if depth == 0 { (0, 0) } else { self.generated };
        if pieces >= MAX_GENERATED_PIECES || bytes + output.len() > MAX_GENERATED_BYTES {
            // Said once, at the call that went over; the rest is left out.
            if pieces != usize::MAX {
                out.diagnostics.push(self.diagnostic(
                    Severity::Error,
                    "shortcode-recursion",
                    offset,
                    format!(
                        "this page's shortcodes generate more than {MAX_GENERATED_PIECES} pieces or \
                         {} MB of Markdown (a snippet that inserts itself more than once?); \
                         the rest is left out",
                        MAX_GENERATED_BYTES >> 20
                    ),
                ));
                self.generated.0 = usize::MAX;
            }
            return String::new();
        }
        if depth > 0 {
            self.generated = (pieces + 1, bytes + output.len());
        }
        let templates = self.scope.templates;
        let inner_use = |name: &str| inner_use(templates, name);
        let parsed = parse::parse(output, &inner_use);
        if let Some(error) = parsed.errors.first() {
            out.diagnostics.push(self.diagnostic(
                Severity::Error,
                "shortcode-syntax",
                offset,
                format!("in the output of this shortcode: {}", error.kind),
            ));
        }
        let outer = self
            .generated_at
            .replace(self.generated_at.unwrap_or(offset));
        let expanded = self.expand(output, &parsed.nodes, offset, None, depth + 1, out);
        self.generated_at = outer;
        indent_continuation(&expanded, &continuation_prefix(preceding))
    }

    /// Renders Markdown as its own document (inner content of a call).
    fn render_markdown(&self, markdown: &str) -> String {
        let rendered = markdown::render(markdown, &self.scope.options, self.scope.resolve);
        markdown::fill_placeholders(&rendered.html, &self.outputs)
    }

    fn template(&mut self, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let name = &info.call.name;
        let Some(template) = self.scope.templates.shortcode(name).cloned() else {
            return self.unsupported(info, out);
        };
        let mut context = self.template_context(&template);
        let reads = template.reads;
        if reads.has(Read::Name) {
            context.insert("name", name);
        }
        if reads.has(Read::Args) {
            context.insert("args", &info.this.args);
        }
        if reads.has(Read::Pos) {
            context.insert("pos", &info.this.pos);
        }
        if reads.has(Read::Inner) {
            context.insert("inner", info.inner_text);
        }
        if reads.has(Read::HasInner) {
            context.insert("has_inner", &info.call.inner.is_some());
        }
        if reads.has(Read::Ordinal) {
            context.insert("ordinal", &info.ordinal);
        }
        if reads.has(Read::Position) {
            context.insert("position", &self.position(info.offset));
        }
        if reads.has(Read::Parent) {
            context.insert(
                "parent",
                &info
                    .parent
                    .map(|p| json!({"name": p.name, "args": p.args, "pos": p.pos})),
            );
        }
        if reads.has(Read::InnerHtml) {
            context.insert(
                "inner_html",
                &self.render_markdown(&dedent(info.inner_markdown)),
            );
        }
        let page = self.site().page(self.scope.page);
        match self
            .scope
            .templates
            .render(&template.template, &context, &page.url)
        {
            Ok(output) if template.markdown => Output::Markdown(output),
            Ok(output) => Output::Html(output),
            Err(err) => {
                out.diagnostics.push(self.diagnostic(
                    Severity::Error,
                    "shortcode-failed",
                    info.offset,
                    format!("shortcode '{name}' failed: {err}"),
                ));
                Output::Html(error_box(name))
            }
        }
    }

    /// A name with no template: reported once per page, rendered as a
    /// marked box around its inner content.
    fn unsupported(&mut self, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let name = &info.call.name;
        *out.unsupported.entry(name.clone()).or_insert(0) += 1;
        if info.in_link_destination && info.call.inner.is_none() {
            // A marked box cannot stand in an `href`: the link gets no
            // target, and the finding is at this call, not in a template.
            out.diagnostics.push(
                self.diagnostic(
                    Severity::Warning,
                    "shortcode-unknown",
                    info.offset,
                    format!(
                        "unknown shortcode '{name}' in a link's destination: the link has no target"
                    ),
                )
                .with_help(format!("create templates/shortcodes/{name}.html")),
            );
            return Output::Html(String::new());
        }
        if self.reported_unknown.insert(name.clone()) {
            out.diagnostics.push(
                self.diagnostic(
                    Severity::Warning,
                    "shortcode-unknown",
                    info.offset,
                    format!("unknown shortcode '{name}'"),
                )
                .with_help(format!(
                    "create templates/shortcodes/{name}.html; until then its inner content is shown in a marked box"
                )),
            );
        }
        let name = markdown::escape_attr(name);
        if info.call.inner.is_some() {
            let inner = self.render_markdown(&dedent(info.inner_markdown));
            Output::Html(format!(
                "<div class=\"shortcode-placeholder\" data-shortcode=\"{name}\">{inner}</div>"
            ))
        } else {
            Output::Html(format!(
                "<span class=\"shortcode-placeholder\" data-shortcode=\"{name}\">{name}</span>"
            ))
        }
    }
}

/// One call being rendered.
struct CallInfo<'c> {
    call: &'c Call,
    /// The call stands where a link's URL goes (`[x]: <{{% y %}}>`,
    /// `[x]({{< y >}})`).
    in_link_destination: bool,
    /// Offset of the call in the page file.
    offset: usize,
    ordinal: usize,
    inner_text: &'c str,
    inner_markdown: &'c str,
    parent: Option<&'c Parent>,
    this: &'c Parent,
}

/// What a shortcode produced.
enum Output {
    Html(String),
    Markdown(String),
}

fn error_box(name: &str) -> String {
    format!(
        "<div class=\"shortcode-placeholder shortcode-error\" data-shortcode=\"{0}\">{0}: failed, see the build output</div>",
        markdown::escape_attr(name)
    )
}

/// Whether calls of `name` take inner content, from its template.
fn inner_use(templates: &Templates, name: &str) -> InnerUse {
    if let Some(builtin) = builtin::Builtin::by_name(name, templates) {
        return builtin.inner_use();
    }
    match templates.shortcode(name) {
        Some(t) if t.uses_inner => InnerUse::Required,
        Some(_) => InnerUse::Never,
        None => InnerUse::Optional,
    }
}

/// Removes the indentation all lines of inner content share (as Hugo's
/// `.InnerDeindent`), so a call inside an indented list item does not turn
/// its content into a code block. A first line that follows the opening
/// tag on the same line does not count.
fn dedent(inner: &str) -> String {
    let Some((first, rest)) = inner.split_once('\n') else {
        return inner.to_string();
    };
    // The least indentation of a line with text; none (most content)
    // ends the search and leaves the text as it is.
    let least = rest
        .split('\n')
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .try_fold(usize::MAX, |least, indent| {
            (indent > 0).then(|| least.min(indent))
        });
    let indent = match least {
        Some(indent) if indent != usize::MAX => indent,
        _ => return inner.to_string(),
    };
    let mut result = String::with_capacity(inner.len());
    result.push_str(first);
    for line in rest.split('\n') {
        result.push('\n');
        result.push_str(
            line.get(indent..)
                .unwrap_or(line.trim_start_matches([' ', '\t'])),
        );
    }
    result
}

fn to_json(value: &parse::Value) -> Value {
    match value {
        parse::Value::Str(s) => Value::String(s.clone()),
        parse::Value::Int(i) => Value::from(*i),
        parse::Value::Float(f) => Value::from(*f),
        parse::Value::Bool(b) => Value::Bool(*b),
    }
}

fn named_args(args: &Args) -> Value {
    match args {
        Args::Named(pairs) => Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        Args::Positional(_) => Value::Object(Map::new()),
    }
}

fn positional_args(args: &Args) -> Value {
    match args {
        Args::Positional(values) => Value::Array(values.iter().map(to_json).collect()),
        Args::Named(_) => Value::Array(Vec::new()),
    }
}

/// The indentation that keeps continuation lines in the block the call is
/// in: list markers become spaces, quote markers stay.
/// Whether a call after `preceding` stands in a link's destination: its
/// line so far ends with `](` or is a reference definition's `[x]:`
/// (either perhaps followed by `<`).
fn in_link_destination(preceding: &str) -> bool {
    let line = preceding.rsplit('\n').next().unwrap_or("");
    let before = line.trim_end().trim_end_matches('<').trim_end();
    before.ends_with("](") || (before.ends_with("]:") && line.trim_start().starts_with('['))
}

fn continuation_prefix(preceding: &str) -> String {
    let line = preceding.rsplit('\n').next().unwrap_or("");
    let mut prefix = String::new();
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        prefix.extend(std::iter::repeat_n(' ', rest.len() - trimmed.len()));
        rest = trimmed;
        if let Some(after) = rest.strip_prefix('>') {
            prefix.push('>');
            rest = after;
        } else if let Some(marker) = list_marker(rest) {
            prefix.extend(std::iter::repeat_n(' ', marker));
            rest = &rest[marker..];
        } else {
            break;
        }
    }
    if rest.trim().is_empty() {
        prefix
    } else {
        String::new()
    }
}

/// Length of a list marker with its following space (`- `, `12. `).
fn list_marker(text: &str) -> Option<usize> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let marker_len = if digits > 0 && text[digits..].starts_with(['.', ')']) {
        digits + 1
    } else if text.starts_with(['-', '*', '+']) {
        1
    } else {
        return None;
    };
    text[marker_len..]
        .starts_with(' ')
        .then_some(marker_len + 1)
}

fn indent_continuation(text: &str, prefix: &str) -> String {
    if prefix.is_empty() || !text.contains('\n') {
        return text.to_string();
    }
    let mut lines = text.split('\n');
    let mut result = lines.next().unwrap_or("").to_string();
    for line in lines {
        result.push('\n');
        if !line.is_empty() {
            result.push_str(prefix);
        } else {
            result.push_str(prefix.trim_end());
        }
        result.push_str(line);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_keeps_list_and_quote_structure() {
        assert_eq!(continuation_prefix("text\n- "), "  ");
        assert_eq!(continuation_prefix("  1. "), "     ");
        assert_eq!(continuation_prefix("> "), "> ");
        assert_eq!(continuation_prefix("> - "), ">   ");
        assert_eq!(continuation_prefix("Some words "), "");
        assert_eq!(indent_continuation("a\nb\n\nc", "  "), "a\n  b\n\n  c");
    }

    #[test]
    fn dedent_removes_shared_indentation() {
        assert_eq!(dedent("\n    a\n      b\n\n    c\n    "), "\na\n  b\n\nc\n");
        assert_eq!(dedent(" x\n  y"), " x\ny");
        // Text at the margin, or only blank lines: nothing to remove.
        assert_eq!(dedent("\n  a\nb\n  c"), "\n  a\nb\n  c");
        assert_eq!(dedent(" a\n \n\t"), " a\n \n\t");
        assert_eq!(dedent("one line"), "one line");
    }

    /// [`dedent`] as its definition reads: every line but the first loses
    /// the least indentation of the lines with text.
    fn dedent_plainly(inner: &str) -> String {
        let mut lines = inner.split('\n');
        let first = lines.next().unwrap_or("");
        let rest: Vec<&str> = lines.collect();
        let indent = rest
            .iter()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let mut result = first.to_string();
        for line in rest {
            result.push('\n');
            result.push_str(
                line.get(indent..)
                    .unwrap_or(line.trim_start_matches([' ', '\t'])),
            );
        }
        result
    }

    proptest::proptest! {
        #[test]
        fn dedent_is_as_defined(inner in "[ \tab\n\u{a0}é]{0,40}") {
            proptest::prop_assert_eq!(dedent(&inner), dedent_plainly(&inner));
        }
    }

    #[test]
    fn offset_map_maps_copied_and_generated_text() {
        let mut map = OffsetMap::default();
        map.push(0, 100, true);
        map.push(10, 110, false);
        map.push(20, 130, true);
        assert_eq!(map.original(5), 105);
        assert_eq!(map.original(15), 110);
        assert_eq!(map.original(22), 132);
    }
}
