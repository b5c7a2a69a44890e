//! Markdown to HTML for one document, as Hugo (goldmark) renders it: heading
//! ids as Hugo makes them, the table of contents, link rewriting and the
//! raw-HTML policy. Where pulldown-cmark differs from goldmark, a pass over
//! the event stream (one module each) makes up the difference:
//! [`tables`] (a table right after a paragraph line), [`attributes`]
//! (`{.class}` lines), [`linkify`] (bare URLs), [`typographer`] (quotes,
//! dashes, `<<`/`>>`), [`highlight`] (code blocks, with [`fence`] options)
//! and [`footnotes`].
//!
//! Pure: it takes text, options and a link-resolving function, and returns
//! values. It knows nothing of pages, files or templates.

pub mod attributes;
pub mod fence;
pub mod footnotes;
mod grammars;
pub mod highlight;
mod json_lexer;
pub mod linkify;
pub mod slug;
pub mod tables;
pub mod typographer;

use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmarkOptions, Parser, Tag, TagEnd,
};

use crate::config::TocLevels;
use slug::IdAllocator;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Pass raw HTML through; otherwise it is replaced by a comment, as Hugo does.
    pub unsafe_html: bool,
    pub toc: TocLevels,
    /// Colour code blocks. `check` turns it off: it reads ids and links,
    /// which code blocks do not hold, and highlighting is most of the cost
    /// of a page with code.
    pub highlight: bool,
    /// Give definition terms (`<dt>`) ids from the same counter as headings
    /// (goldmark's `autoDefinitionTermID`).
    pub definition_term_ids: bool,
}

/// A heading of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text, as the id was made from.
    pub text: String,
    /// Byte offset of the heading in the source.
    pub offset: usize,
}

/// A link or image in the document, after rewriting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    /// As written in the source.
    pub original: String,
    /// Byte offset of the link in the source.
    pub offset: usize,
    pub is_image: bool,
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// `<nav id="TableOfContents">…</nav>`, or empty without headings in range.
    pub toc: String,
}

/// Renders `source`. `resolve` may rewrite a link target (for example a
/// `.md` path into a page URL); `None` keeps it as written.
pub fn render(
    source: &str,
    options: &Options,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Rendered {
    let prepared = tables::prepare(source);
    let source = prepared.text.as_ref();
    // About one event per 10 bytes of Markdown, and HTML about 1.5 times
    // the Markdown: sized so that neither grows more than once or twice.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(source.len() / 8 + 8);
    events.extend(Parser::new_ext(source, cmark_options()).into_offset_iter());
    if !options.unsafe_html {
        omit_raw_html(&mut events);
    }
    drop_event_handlers(&mut events);
    let events = merge_text(source, events);
    let events = attributes::apply(source, events);
    let events = linkify::apply(source, events);
    let mut events = typographer::apply(source, events);
    let mut headings = assign_heading_ids(source, &mut events, options.definition_term_ids);
    let mut links = rewrite_links(&mut events, resolve);
    let events = footnotes::apply(highlight_code_blocks(events, options.highlight));
    let mut html = String::with_capacity(source.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
    for heading in &mut headings {
        heading.offset = prepared.original(heading.offset);
    }
    for link in &mut links {
        link.offset = prepared.original(link.offset);
    }
    let toc = table_of_contents(&headings, options.toc);
    Rendered {
        html,
        headings,
        links,
        toc,
    }
}

fn cmark_options() -> CmarkOptions {
    CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_DEFINITION_LIST
}

/// Joins adjacent text events that are one stretch of the source as written
/// (pulldown-cmark splits text at some punctuation), so that the passes see
/// whole words and URLs.
pub(crate) fn merge_text<'a>(
    source: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    // Whether the last event in `out` is text that is its source range.
    let mut last_verbatim = false;
    for (event, range) in events {
        let verbatim = matches!(&event, Event::Text(text) if is_verbatim(source, &range, text));
        if verbatim
            && last_verbatim
            && let Some((Event::Text(previous), previous_range)) = out.last_mut()
            && previous_range.end == range.start
        {
            previous_range.end = range.end;
            *previous = CowStr::Borrowed(&source[previous_range.clone()]);
            continue;
        }
        last_verbatim = verbatim;
        out.push((event, range));
    }
    out
}

/// Whether `text` is `source[range]` as written. Most text events borrow
/// exactly that slice, which needs no comparison of the bytes.
pub(crate) fn is_verbatim(source: &str, range: &Range<usize>, text: &str) -> bool {
    source.get(range.clone()).is_some_and(|written| {
        (written.as_ptr() == text.as_ptr() && written.len() == text.len()) || written == text
    })
}

/// Whether any text event outside code blocks satisfies `test`: the
/// passes that change only some text check this first, and hand back the
/// events of a document with none as they are.
pub(crate) fn any_text_outside_code(
    events: &[(Event<'_>, Range<usize>)],
    test: impl Fn(&str) -> bool,
) -> bool {
    let mut in_code = false;
    events.iter().any(|(event, _)| match event {
        Event::Start(Tag::CodeBlock(_)) => {
            in_code = true;
            false
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code = false;
            false
        }
        Event::Text(text) => !in_code && test(text),
        _ => false,
    })
}

/// Fenced code blocks highlighted as Hugo does; indented ones stay plain.
fn highlight_code_blocks(
    events: Vec<(Event<'_>, Range<usize>)>,
    colour: bool,
) -> Vec<(Event<'_>, Range<usize>)> {
    if !colour
        || !events
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, String, Range<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if block.is_none() => {
                block = Some((info.to_string(), String::new(), range));
            }
            Event::Text(text) if block.is_some() => {
                if let Some((_, code, _)) = block.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if block.is_some() => {
                if let Some((info, mut code, range)) = block.take() {
                    // Hugo drops the empty lines at the end of a fence.
                    while code.ends_with("\n\n") {
                        code.pop();
                    }
                    let (lang, code_options) = fence::parse_info(&info);
                    let html = highlight::code_block(&code, &lang, &code_options);
                    out.push((Event::Html(CowStr::from(html)), range));
                }
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// Gives every heading an id: explicit `{#id}`s are reserved first, then the
/// others get Hugo's id from their plain text, made unique.
fn assign_heading_ids(
    source: &str,
    events: &mut [(Event<'_>, Range<usize>)],
    term_ids: bool,
) -> Vec<Heading> {
    let mut ids = IdAllocator::default();
    for (event, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(id);
        }
    }
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if term_ids && matches!(events[i].0, Event::Start(Tag::DefinitionListTitle)) {
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::DefinitionListTitle)))
                .map_or(events.len(), |n| i + n);
            let (id_text, _) = heading_texts(source, &events[i + 1..end], false);
            let base = slug::heading_id(&strip_placeholders(&id_text));
            if !base.is_empty() {
                let id = ids.unique(base);
                events[i].0 =
                    Event::Html(CowStr::from(format!("<dt id=\"{}\">", escape_attr(&id))));
            }
            i = end;
            continue;
        }
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|id| id.to_string());
            let end = heading_end(events, i);
            let setext = !source[events[i].1.clone()].trim_start().starts_with('#');
            let (id_text, text) = heading_texts(source, &events[i + 1..end], setext);
            let (id_text, text) = (strip_placeholders(&id_text), strip_placeholders(&text));
            let id = match explicit {
                Some(id) => id,
                None => {
                    let base = slug::heading_id(&id_text);
                    if base.is_empty() {
                        String::new()
                    } else {
                        ids.unique(base)
                    }
                }
            };
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0
                && !id.is_empty()
            {
                *slot = Some(CowStr::from(id.clone()));
            }
            headings.push(Heading {
                level,
                id,
                text: text.trim().to_string(),
                offset: events[i].1.start,
            });
            i = end;
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn heading_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len() - 1, |n| start + n)
}

/// The text Hugo makes a heading's id from, and the text to show (in the
/// table of contents): text, code, link text and image alt text, with HTML
/// tags dropped and typographic punctuation applied. Two quirks of Hugo's
/// Markdown parser are kept, so that ids match: a typographic quote or dash
/// inside emphasis or a link drops the rest of that element from the id,
/// and a Setext heading over several lines takes its id from the last line.
fn heading_texts(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
    setext: bool,
) -> (String, String) {
    let mut id_text = String::new();
    let mut shown = String::new();
    let mut depth = 0usize;
    let mut cut_at: Option<usize> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {
                depth += 1
            }
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {
                if cut_at == Some(depth) {
                    cut_at = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) => {
                shown.push_str(t);
                let typographic = matches!(event, Event::Text(_))
                    && is_typographic(t)
                    && source.get(range.clone()) != Some(t.as_ref());
                if typographic && depth > 0 && cut_at.is_none() {
                    cut_at = Some(depth);
                }
                if cut_at.is_none() {
                    id_text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                shown.push(' ');
                if setext {
                    id_text.clear();
                } else {
                    id_text.push(' ');
                }
            }
            _ => {}
        }
    }
    (id_text, shown)
}

/// What the typographer makes of quotes, dashes and ellipses.
fn is_typographic(text: &str) -> bool {
    matches!(text, "‘" | "’" | "“" | "”" | "–" | "—" | "…" | "«" | "»")
}

/// Applies `resolve` to every link and image target and records them.
fn rewrite_links(
    events: &mut [(Event<'_>, Range<usize>)],
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Vec<Link> {
    let mut links = Vec::new();
    for (event, range) in events.iter_mut() {
        let (dest, is_image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let original = dest.to_string();
        if let Some(new) = resolve(&original) {
            *dest = CowStr::from(new);
        }
        links.push(Link {
            href: dest.to_string(),
            original,
            offset: range.start,
            is_image,
        });
    }
    links
}

/// Text that stands in the Markdown for HTML made elsewhere (shortcode
/// output), replaced by [`fill_placeholders`] after rendering. Letters and
/// digits only, so Markdown leaves it alone, even in link targets.
pub fn placeholder(n: usize) -> String {
    let mut text = String::with_capacity(PLACEHOLDER_START.len() + 8);
    text.push_str(PLACEHOLDER_START);
    text.push_str(itoa::Buffer::new().format(n));
    text.push(PLACEHOLDER_END);
    text
}

const PLACEHOLDER_START: &str = "BRYGGEPH";
const PLACEHOLDER_END: char = 'X';

/// Finds [`PLACEHOLDER_START`]; made once, as every page looks for it.
static PLACEHOLDER_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PLACEHOLDER_START));

/// Finds the next placeholder at or after `from`: (start, end, number).
pub(crate) fn next_placeholder(text: &str, from: usize) -> Option<(usize, usize, usize)> {
    let mut search = from;
    while let Some(found) = PLACEHOLDER_FINDER.find(&text.as_bytes()[search..]) {
        let start = search + found;
        let digits_start = start + PLACEHOLDER_START.len();
        let digits = text[digits_start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |n| digits_start + n);
        if digits > digits_start && text[digits..].starts_with(PLACEHOLDER_END) {
            if let Ok(n) = text[digits_start..digits].parse() {
                return Some((start, digits + 1, n));
            }
        }
        search = digits_start;
    }
    None
}

/// Replaces placeholders by their HTML. A placeholder alone in a paragraph
/// replaces the paragraph, so block output is not wrapped in `<p>`; block
/// output (`<details>`, `<div>`, ...) within a paragraph's text ends the
/// paragraph before it and starts another after it, as an HTML parser would
/// (a `<p>` cannot hold a block).
pub fn fill_placeholders(html: &str, outputs: &[String]) -> String {
    let mut result = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some((start, end, n)) = next_placeholder(html, pos) {
        let Some(output) = outputs.get(n) else {
            result.push_str(&html[pos..end]);
            pos = end;
            continue;
        };
        let alone = html[..start].ends_with("<p>") && html[end..].starts_with("</p>");
        if alone && start - 3 >= pos {
            result.push_str(&html[pos..start - 3]);
            result.push_str(output);
            pos = end + 4;
        } else if is_block(output) && in_paragraph(&html[..start]) {
            result.push_str(html[pos..start].trim_end());
            if result.ends_with("<p>") {
                result.truncate(result.len() - 3);
            } else {
                result.push_str("</p>\n");
            }
            result.push_str(output);
            let rest = html[end..].trim_start_matches([' ', '\n']);
            if let Some(after) = rest.strip_prefix("</p>") {
                pos = html.len() - after.len();
            } else {
                result.push_str("\n<p>");
                pos = html.len() - rest.len();
            }
        } else {
            result.push_str(&html[pos..start]);
            result.push_str(output);
            pos = end;
        }
    }
    result.push_str(&html[pos..]);
    result
}

/// Whether shortcode output starts with an element that cannot sit in a
/// paragraph.
fn is_block(output: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ];
    let Some(tag) = output.trim_start().strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    BLOCKS.contains(&tag[..name_end].to_ascii_lowercase().as_str())
}

/// Whether the HTML before a point has a `<p>` open there: its last `<p>`
/// comes after its last `</p>`.
fn in_paragraph(before: &str) -> bool {
    let open = before
        .rfind("<p>")
        .into_iter()
        .chain(before.rfind("<p "))
        .max();
    let close = before.rfind("</p>");
    match (open, close) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// `text` without placeholders (for heading ids).
fn strip_placeholders(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some((start, end, _)) = next_placeholder(text, pos) {
        result.push_str(&text[pos..start]);
        pos = end;
    }
    result.push_str(&text[pos..]);
    result
}

/// Heading attributes (`## Title {#id onclick=...}`) that would run script
/// are dropped, as goldmark's attribute filter does.
fn drop_event_handlers(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        if let Event::Start(Tag::Heading { attrs, .. }) = event {
            attrs.retain(|(name, _)| !attributes::is_event_handler(name));
        }
    }
}

const RAW_HTML_OMITTED: &str = "<!-- raw HTML omitted -->";

fn omit_raw_html(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Html(_) => *event = Event::Html(CowStr::from(format!("{RAW_HTML_OMITTED}\n"))),
            Event::InlineHtml(_) => *event = Event::InlineHtml(CowStr::from(RAW_HTML_OMITTED)),
            _ => {}
        }
    }
}

/// Hugo's table of contents: nested lists of the headings within `levels`.
pub fn table_of_contents(headings: &[Heading], levels: TocLevels) -> String {
    let entries: Vec<&Heading> = headings
        .iter()
        .filter(|h| (levels.start..=levels.end).contains(&h.level))
        .collect();
    if entries.is_empty() {
        return String::new();
    }
    let mut html = String::from("<nav id=\"TableOfContents\">\n");
    let mut depth = 0usize;
    let mut open_item = vec![false; 8];
    for heading in entries {
        let target = usize::from(heading.level - levels.start) + 1;
        while depth < target {
            html.push_str("<ul>\n");
            depth += 1;
            open_item[depth] = false;
            if depth < target {
                html.push_str("<li>\n");
                open_item[depth] = true;
            }
        }
        while depth > target {
            close_level(&mut html, &mut open_item, &mut depth);
        }
        if open_item[depth] {
            html.push_str("</li>\n");
        }
        html.push_str("<li><a href=\"#");
        html.push_str(&escape_attr(&heading.id));
        html.push_str("\">");
        html.push_str(&escape_text(&heading.text));
        html.push_str("</a>\n");
        open_item[depth] = true;
    }
    while depth > 0 {
        close_level(&mut html, &mut open_item, &mut depth);
    }
    html.push_str("</nav>");
    html
}

fn close_level(html: &mut String, open_item: &mut [bool], depth: &mut usize) {
    if open_item[*depth] {
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
    *depth -= 1;
}

/// Escapes text for HTML content.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::render::push_escaped_text(&mut out, text);
    out
}

/// Escapes text for an HTML attribute value in double quotes (quotes and
/// apostrophes too).
pub fn escape_attr(text: &str) -> String {
    crate::render::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each special character becomes its entity, once; the rest is
        /// kept as it is.
        #[test]
        fn escaping_replaces_each_special_character_once(text in "[&<>\"'aé;#]{0,30}") {
            let by_chars = |quotes: bool| -> String {
                text.chars()
                    .map(|c| match c {
                        '&' => "&amp;".to_string(),
                        '<' => "&lt;".to_string(),
                        '>' => "&gt;".to_string(),
                        '"' if quotes => "&quot;".to_string(),
                        '\'' if quotes => "&#39;".to_string(),
                        other => other.to_string(),
                    })
                    .collect()
            };
            proptest::prop_assert_eq!(escape_text(&text), by_chars(false));
            proptest::prop_assert_eq!(escape_attr(&text), by_chars(true));
        }
    }

    fn options() -> Options {
        Options {
            unsafe_html: false,
            definition_term_ids: false,
            toc: TocLevels { start: 2, end: 3 },
            highlight: true,
        }
    }

    fn html(source: &str) -> Rendered {
        render(source, &options(), &|_| None)
    }

    #[test]
    fn headings_get_hugo_ids_from_plain_text() {
        let r =
            html("## Bruk `API` og [lenke](x) med _vekt_\n\n## Programmeringsgrensesnitt -API\n");
        assert_eq!(r.headings[0].id, "bruk-api-og-lenke-med-vekt");
        assert_eq!(r.headings[1].id, "programmeringsgrensesnitt--api");
        assert!(
            r.html
                .contains("<h2 id=\"programmeringsgrensesnitt--api\">")
        );
    }

    #[test]
    fn ids_follow_hugos_typographer() {
        let cases = [
            ("## A -- B\n", "a--b"),
            ("## Foo -- bar --- baz\n", "foo--bar--baz"),
            ("## Don't stop\n", "dont-stop"),
            ("## When it _doesn't_ happen\n", "when-it-doesn-happen"),
            ("## A **x \"y\" z** w\n", "a-x--w"),
            ("## [it's here](x)\n", "it"),
        ];
        for (source, id) in cases {
            assert_eq!(html(source).headings[0].id, id, "{source}");
        }
        let r = html("## Don't\n");
        assert_eq!(
            r.headings[0].text, "Don’t",
            "the TOC shows typographic quotes"
        );
    }

    #[test]
    fn multi_line_setext_headings_take_the_last_line() {
        assert_eq!(html("Line one\nLine two\n---\n").headings[0].id, "line-two");
        assert_eq!(html("Line one\n![](x.png)\n---\n").headings[0].id, "");
    }

    #[test]
    fn entities_are_resolved_in_ids() {
        let r = html("## Fish &amp; Chips\n");
        assert_eq!(r.headings[0].id, "fish--chips");
    }

    #[test]
    fn duplicate_and_explicit_ids() {
        let r = html("## Intro {#intro-1}\n## Intro\n## Intro\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro-1", "intro", "intro-2"]);
    }

    #[test]
    fn empty_heading_has_no_id() {
        let r = html("##\n");
        assert_eq!(r.html.trim(), "<h2></h2>");
    }

    #[test]
    fn toc_nests_and_skips_levels_outside_range() {
        let r = html("# Top\n## A\n### B\n#### C\n## D\n");
        assert_eq!(
            r.toc,
            "<nav id=\"TableOfContents\">\n<ul>\n<li><a href=\"#a\">A</a>\n<ul>\n<li><a href=\"#b\">B</a>\n</li>\n</ul>\n</li>\n<li><a href=\"#d\">D</a>\n</li>\n</ul>\n</nav>"
        );
    }

    #[test]
    fn raw_html_is_omitted_unless_allowed() {
        let r = html("<div>x</div>\n\nText <b>bold</b>\n");
        assert!(!r.html.contains("<div>"));
        assert!(r.html.contains("<!-- raw HTML omitted -->"));
        let allowed = Options {
            unsafe_html: true,
            definition_term_ids: false,
            ..options()
        };
        let r = render("<div>x</div>\n", &allowed, &|_| None);
        assert!(r.html.contains("<div>x</div>"));
    }

    #[test]
    fn links_are_rewritten_and_recorded() {
        let r = render(
            "See [x](other.md#a) and ![i](p.png)\n",
            &options(),
            &|href| {
                href.starts_with("other.md")
                    .then(|| "/nb/other/#a".to_string())
            },
        );
        assert!(r.html.contains("href=\"/nb/other/#a\""));
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].original, "other.md#a");
        assert_eq!(r.links[0].offset, 4);
        assert!(r.links[1].is_image);
    }

    #[test]
    fn placeholders_fill_blocks_and_inline() {
        let source = format!("{}\n\nText {} here\n", placeholder(0), placeholder(1));
        let r = html(&source);
        let filled = fill_placeholders(&r.html, &["<div>B</div>".into(), "<b>i</b>".into()]);
        assert_eq!(filled, "<div>B</div>\n<p>Text <b>i</b> here</p>\n");
    }

    #[test]
    fn block_output_inside_a_paragraph_splits_it() {
        let details = "<details><summary>S</summary><div>B</div></details>".to_string();
        let r = html(&format!("Text before\n{}\nText after\n", placeholder(0)));
        let filled = fill_placeholders(&r.html, std::slice::from_ref(&details));
        assert_eq!(
            filled,
            format!("<p>Text before</p>\n{details}\n<p>Text after</p>\n")
        );
        let r = html(&format!("Text before\n{}\n", placeholder(0)));
        let filled = fill_placeholders(&r.html, std::slice::from_ref(&details));
        assert_eq!(filled, format!("<p>Text before</p>\n{details}\n"));
        let r = html(&format!("{}\nText after\n", placeholder(0)));
        let filled = fill_placeholders(&r.html, std::slice::from_ref(&details));
        assert_eq!(filled, format!("{details}\n<p>Text after</p>\n"));
        let r = html(&format!("Inline {} here\n", placeholder(0)));
        let filled = fill_placeholders(&r.html, &["<b>i</b>".into()]);
        assert_eq!(
            filled, "<p>Inline <b>i</b> here</p>\n",
            "inline output stays inline"
        );
    }

    #[test]
    fn placeholders_do_not_reach_heading_ids() {
        let r = html(&format!("## {} Start\n", placeholder(3)));
        assert_eq!(r.headings[0].id, "start");
    }

    #[test]
    fn tables_and_footnotes_render() {
        let r = html("|a|b|\n|---|---|\n|1|2|\n\nNote[^1]\n\n[^1]: Here.\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
    }
}
