//! Attribute lines, as goldmark's `parser.attribute.block` reads them in
//! Hugo: a line `{#id .class key="value"}` right after a block sets those
//! attributes on it instead of showing as text.
//!
//! - The last line of a paragraph: the paragraph. If the line is a lazy
//!   continuation (less indented than the list item, or with fewer `>` than
//!   the quote it continues), the list or quote it belongs to instead.
//! - A line of its own right after a heading, rule or table (no blank line
//!   between): that block. After a code block or a blank line it is dropped.
//!
//! A pass over the event stream; it knows nothing of pages.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_attr;

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// One attribute: `id`, `class` (classes joined) or any other key.
pub type Attributes = Vec<(String, String)>;

/// Parses `{#id .a .b key="v"}`; `None` if `text` is not exactly that.
pub fn parse(text: &str) -> Option<Attributes> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    let chars: Vec<char> = inner.chars().collect();
    let mut attrs: Attributes = Vec::new();
    let mut classes: Vec<String> = Vec::new();
    let mut i = 0;
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | ':');
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let marker = chars[i];
        if marker == '#' || marker == '.' {
            let start = i + 1;
            i = start;
            while i < chars.len() && name_char(chars[i]) {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            if name.is_empty() {
                return None;
            }
            if marker == '#' {
                attrs.push(("id".into(), name));
            } else {
                classes.push(name);
            }
            continue;
        }
        let start = i;
        while i < chars.len() && name_char(chars[i]) {
            i += 1;
        }
        let key: String = chars[start..i].iter().collect();
        if key.is_empty() || chars.get(i) != Some(&'=') {
            return None;
        }
        i += 1;
        let value = match chars.get(i) {
            Some(&q @ ('"' | '\'')) => {
                let start = i + 1;
                let end = (start..chars.len()).find(|&k| chars[k] == q)?;
                i = end + 1;
                chars[start..end].iter().collect()
            }
            Some(_) => {
                let start = i;
                while i < chars.len() && name_char(chars[i]) || chars.get(i) == Some(&'.') {
                    i += 1;
                }
                chars[start..i].iter().collect::<String>()
            }
            None => return None,
        };
        if value.is_empty() {
            return None;
        }
        // Event handlers (`onclick=...`) would run script: dropped, as
        // goldmark's attribute filter does.
        if !is_event_handler(&key) {
            attrs.push((key, value));
        }
    }
    if !classes.is_empty() {
        attrs.push(("class".into(), classes.join(" ")));
    }
    (!attrs.is_empty()).then_some(attrs)
}

/// ` id="x" class="a b"`, escaped.
/// `onclick`, `onLoad`, ...: attributes that run script.
pub fn is_event_handler(name: &str) -> bool {
    name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on")
}

pub fn to_html(attrs: &Attributes) -> String {
    attrs
        .iter()
        .map(|(k, v)| format!(" {}=\"{}\"", escape_attr(k), escape_attr(v)))
        .collect()
}

/// What to do with the block that starts at an event index.
enum Action {
    Remove,
    Set(Attributes),
}

/// Applies attribute lines to their blocks and removes them.
pub fn apply<'a>(source: &str, events: Events<'a>) -> Events<'a> {
    // Most documents have no text that looks like `{...}`.
    let looks_like_attributes = |text: &str| {
        let text = text.trim();
        text.starts_with('{') && text.ends_with('}')
    };
    if !super::any_text_outside_code(&events, looks_like_attributes) {
        return events;
    }
    let ends = matching_ends(&events);
    let mut actions: Vec<Option<Action>> = (0..events.len()).map(|_| None).collect();
    let mut stack: Vec<usize> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => stack.push(i),
            Event::End(TagEnd::Paragraph) => {
                stack.pop();
                line_at_end(source, &events, &stack, i, &mut actions);
            }
            Event::End(TagEnd::Item) => {
                line_at_end(source, &events, &stack, i, &mut actions);
                stack.pop();
            }
            Event::End(TagEnd::Table) => {
                stack.pop();
                table_row(&events, i, &mut actions);
            }
            Event::End(_) => {
                stack.pop();
            }
            _ => {}
        }
    }
    rebuild(events, actions, &ends)
}

/// For each Start index, the index of its End.
fn matching_ends(events: &Events<'_>) -> Vec<Option<usize>> {
    let mut ends = vec![None; events.len()];
    let mut stack = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => stack.push(i),
            Event::End(_) => {
                if let Some(start) = stack.pop() {
                    ends[start] = Some(i);
                }
            }
            _ => {}
        }
    }
    ends
}

/// An attribute line at the end of the paragraph (or tight item) that ends
/// at `end`; `stack` holds the Start indices of the enclosing blocks.
fn line_at_end(
    source: &str,
    events: &Events<'_>,
    stack: &[usize],
    end: usize,
    actions: &mut [Option<Action>],
) {
    let Some(last) = end.checked_sub(1) else {
        return;
    };
    let (Event::Text(text), range) = &events[last] else {
        return;
    };
    if !is_whole_line(source, range) {
        return;
    }
    let Some(attrs) = parse(text) else { return };
    let Some(prev) = last.checked_sub(1) else {
        return;
    };
    let start = end_start(events, end);
    match &events[prev].0 {
        Event::SoftBreak => {
            actions[prev] = Some(Action::Remove);
            actions[last] = Some(Action::Remove);
            let target = lazy_target(source, events, stack, range.start).or_else(|| {
                matches!(events[end].0, Event::End(TagEnd::Paragraph)).then_some(start?)
            });
            if let Some(target) = target {
                actions[target] = Some(Action::Set(attrs));
            }
        }
        Event::Start(Tag::Paragraph) => {
            actions[prev] = Some(Action::Remove);
            actions[last] = Some(Action::Remove);
            actions[end] = Some(Action::Remove);
            if let Some(target) = previous_block(source, events, prev) {
                actions[target] = Some(Action::Set(attrs));
            }
        }
        _ => {}
    }
}

/// The Start index matching the End at `end`.
fn end_start(events: &Events<'_>, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..end).rev() {
        match events[i].0 {
            Event::End(_) => depth += 1,
            Event::Start(_) if depth == 0 => return Some(i),
            Event::Start(_) => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The text is all that stands on its source line (besides `>` markers
/// and indentation).
fn is_whole_line(source: &str, range: &Range<usize>) -> bool {
    let line_start = source[..range.start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = source[range.end..]
        .find('\n')
        .map_or(source.len(), |n| range.end + n);
    source[line_start..range.start]
        .chars()
        .all(|c| c == '>' || c.is_whitespace())
        && source[range.end..line_end].trim().is_empty()
}

/// For a line at `at` that ends a paragraph inside the containers of
/// `stack`: the list or quote it lazily continues, if any.
fn lazy_target(source: &str, events: &Events<'_>, stack: &[usize], at: usize) -> Option<usize> {
    let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
    let prefix = &source[line_start..at];
    let mut quotes = prefix.matches('>').count();
    let column = at - line_start;
    let mut k = 0;
    while k < stack.len() {
        match &events[stack[k]].0 {
            Event::Start(Tag::BlockQuote(_)) => {
                if quotes == 0 {
                    return Some(stack[k]);
                }
                quotes -= 1;
                k += 1;
            }
            Event::Start(Tag::List(_)) => {
                let item = stack.get(k + 1)?;
                if column < item_content_column(source, &events[*item].1) {
                    return Some(stack[k]);
                }
                k += 2;
            }
            _ => k += 1,
        }
    }
    None
}

/// The column where a list item's content starts (after its marker).
fn item_content_column(source: &str, range: &Range<usize>) -> usize {
    let line_start = source[..range.start].rfind('\n').map_or(0, |n| n + 1);
    let line = &source[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let bytes = line.as_bytes();
    let mut i = range.start - line_start;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'-' | b'*' | b'+')) {
        i += 1;
    }
    if i < bytes.len() && matches!(bytes[i], b'.' | b')') {
        i += 1;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    i
}

/// The block just before the paragraph that starts at `para`, if it ends
/// on the line before and takes attributes (heading, rule, table, list,
/// quote).
fn previous_block(source: &str, events: &Events<'_>, para: usize) -> Option<usize> {
    let prev = para.checked_sub(1)?;
    let (event, range) = &events[prev];
    let target = match event {
        Event::Rule => prev,
        Event::End(
            TagEnd::Heading(_) | TagEnd::Table | TagEnd::List(_) | TagEnd::BlockQuote(_),
        ) => end_start(events, prev)?,
        _ => return None,
    };
    let block_end = source.get(..range.end)?.trim_end().len();
    let between = source.get(block_end..events[para].1.start)?;
    (between.matches('\n').count() == 1).then_some(target)
}

/// A last table row whose first cell is an attribute line and whose other
/// cells are empty.
fn table_row(events: &Events<'_>, end: usize, actions: &mut [Option<Action>]) {
    let Some(row_end) = end.checked_sub(1) else {
        return;
    };
    if !matches!(events[row_end].0, Event::End(TagEnd::TableRow)) {
        return;
    }
    let Some(row_start) = end_start(events, row_end) else {
        return;
    };
    let cells = &events[row_start + 1..row_end];
    let mut texts = cells.iter().filter_map(|(e, _)| match e {
        Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => None,
        other => Some(other),
    });
    let (Some(Event::Text(text)), None) = (texts.next(), texts.next()) else {
        return;
    };
    let Some(attrs) = parse(text) else { return };
    for action in &mut actions[row_start..=row_end] {
        *action = Some(Action::Remove);
    }
    if let Some(table) = end_start(events, end) {
        actions[table] = Some(Action::Set(attrs));
    }
}

/// Applies the actions: removed events go, blocks with attributes get
/// their tags written as HTML.
fn rebuild<'a>(
    events: Events<'a>,
    actions: Vec<Option<Action>>,
    ends: &[Option<usize>],
) -> Events<'a> {
    let mut closing: Vec<Option<String>> = vec![None; events.len()];
    let mut out = Vec::with_capacity(events.len());
    let mut table_alignments: Vec<pulldown_cmark::Alignment> = Vec::new();
    let mut in_attributed_table = false;
    let mut in_head = false;
    let mut cell = 0usize;
    for (i, ((event, range), action)) in events.into_iter().zip(actions).enumerate() {
        if let Some(html) = closing[i].take() {
            out.push((Event::Html(CowStr::from(html)), range));
            continue;
        }
        match action {
            Some(Action::Remove) => continue,
            Some(Action::Set(attrs)) => {
                let html_attrs = to_html(&attrs);
                let (open, close) = match event {
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs: old,
                    }) => {
                        out.push((
                            Event::Start(with_heading_attrs(level, id, classes, old, attrs)),
                            range,
                        ));
                        continue;
                    }
                    Event::Rule => (format!("<hr{html_attrs}>\n"), None),
                    Event::Start(Tag::Paragraph) => (format!("<p{html_attrs}>"), Some("</p>\n")),
                    Event::Start(Tag::List(None)) => {
                        (format!("<ul{html_attrs}>\n"), Some("</ul>\n"))
                    }
                    Event::Start(Tag::List(Some(1))) => {
                        (format!("<ol{html_attrs}>\n"), Some("</ol>\n"))
                    }
                    Event::Start(Tag::List(Some(n))) => {
                        (format!("<ol start=\"{n}\"{html_attrs}>\n"), Some("</ol>\n"))
                    }
                    Event::Start(Tag::BlockQuote(_)) => (
                        format!("<blockquote{html_attrs}>\n"),
                        Some("</blockquote>\n"),
                    ),
                    Event::Start(Tag::Table(alignments)) => {
                        table_alignments = alignments;
                        in_attributed_table = true;
                        (format!("<table{html_attrs}>"), Some("</tbody></table>\n"))
                    }
                    other => {
                        out.push((other, range));
                        continue;
                    }
                };
                if let (Some(close), Some(Some(end))) = (close, ends.get(i)) {
                    closing[*end] = Some(close.to_string());
                }
                out.push((Event::Html(CowStr::from(open)), range));
            }
            None if in_attributed_table => {
                // The table's own tags, written as pulldown-cmark does.
                let html = match &event {
                    Event::Start(Tag::TableHead) => {
                        in_head = true;
                        cell = 0;
                        Some("<thead><tr>".to_string())
                    }
                    Event::End(TagEnd::TableHead) => {
                        in_head = false;
                        Some("</tr></thead><tbody>\n".to_string())
                    }
                    Event::Start(Tag::TableRow) => {
                        cell = 0;
                        Some("<tr>".to_string())
                    }
                    Event::End(TagEnd::TableRow) => Some("</tr>\n".to_string()),
                    Event::Start(Tag::TableCell) => {
                        let tag = if in_head { "th" } else { "td" };
                        let style = match table_alignments.get(cell) {
                            Some(pulldown_cmark::Alignment::Left) => " style=\"text-align: left\"",
                            Some(pulldown_cmark::Alignment::Center) => {
                                " style=\"text-align: center\""
                            }
                            Some(pulldown_cmark::Alignment::Right) => {
                                " style=\"text-align: right\""
                            }
                            _ => "",
                        };
                        Some(format!("<{tag}{style}>"))
                    }
                    Event::End(TagEnd::TableCell) => {
                        cell += 1;
                        Some(if in_head { "</th>" } else { "</td>" }.to_string())
                    }
                    Event::End(TagEnd::Table) => {
                        in_attributed_table = false;
                        None
                    }
                    _ => None,
                };
                match html {
                    Some(html) => out.push((Event::Html(CowStr::from(html)), range)),
                    None => out.push((event, range)),
                }
            }
            None => out.push((event, range)),
        }
    }
    out
}

fn with_heading_attrs<'a>(
    level: pulldown_cmark::HeadingLevel,
    id: Option<CowStr<'a>>,
    mut classes: Vec<CowStr<'a>>,
    mut attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    new: Attributes,
) -> Tag<'a> {
    let mut id = id;
    for (key, value) in new {
        match key.as_str() {
            "id" => id = id.or(Some(CowStr::from(value))),
            "class" => classes.extend(value.split(' ').map(|c| CowStr::from(c.to_string()))),
            _ => attrs.push((CowStr::from(key), Some(CowStr::from(value)))),
        }
    }
    Tag::Heading {
        level,
        id,
        classes,
        attrs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_goldmark_attribute_syntax() {
        assert_eq!(
            parse("{#myid .c7 .c8 data-x=\"1\"}"),
            Some(vec![
                ("id".into(), "myid".into()),
                ("data-x".into(), "1".into()),
                ("class".into(), "c7 c8".into())
            ])
        );
        assert_eq!(
            parse("{.floating-bullet-numbers}").map(|a| a.len()),
            Some(1)
        );
        for text in [
            "{}",
            "{foo}",
            "{.}",
            "{ x = }",
            "text {.x}",
            "{.x} text",
            "{key=\"open}",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
