//! Typographic punctuation as goldmark's Typographer (Hugo) makes it:
//! `"` and `'` curl by flanking rules with a count of open quotes per block,
//! apostrophes (`it's`, `'90s`, `'twas`), `--` → –, `---` → —, `...` → …,
//! `<<` → «, `>>` → ». pulldown-cmark's smart punctuation pairs quotes
//! differently, hence this pass.
//!
//! It reads the raw source around each character, as goldmark does, so it
//! only converts text that stands in the source as written (no entities,
//! no escapes). Each replacement becomes its own text event whose source
//! range is the original punctuation: heading ids rely on that.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

#[derive(Default)]
struct Counter {
    single: usize,
    double: usize,
}

/// Applies the typographer to text outside code, raw HTML and autolinks.
pub fn apply<'a>(
    source: &str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    // Most pages have nothing to convert.
    if !super::any_text_outside_code(&events, may_change) {
        return events;
    }
    let last_line = on_last_line(&events);
    let mut out = Vec::with_capacity(events.len());
    let mut counter = Counter::default();
    let mut skip = 0usize;
    let mut block_start = true;
    for ((event, range), last_line) in events.into_iter().zip(last_line) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => skip += 1,
            Event::Start(tag) if is_block(tag) => {
                counter = Counter::default();
                block_start = true;
            }
            Event::End(TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
            Event::End(tag) if is_block_end(tag) => counter = Counter::default(),
            Event::Html(_) => counter = Counter::default(),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => skip += 1,
            Event::Text(text)
                if skip == 0 && may_change(text) && super::is_verbatim(source, &range, text) =>
            {
                let text = text.clone();
                let at = Position {
                    block_start,
                    last_line,
                };
                convert(source, text, range, at, &mut counter, &mut out);
                block_start = false;
                continue;
            }
            _ => {}
        }
        if matches!(event, Event::End(TagEnd::Link)) && skip > 0 && link_is_auto(&out) {
            skip -= 1;
        }
        if !matches!(event, Event::Start(_)) {
            block_start = false;
        }
        out.push((event, range));
    }
    out
}

/// Whether the typographer could change anything in `text`: a candidate
/// among the six bytes that may start one, found with two `memchr3` scans
/// (this runs on every text of every page, and most have nothing to
/// change).
fn may_change(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'\'', b'"', b'-', bytes)
        .chain(memchr::memchr3_iter(b'<', b'>', b'.', bytes))
        .any(|i| is_candidate(bytes, i))
}

/// Whether the punctuation at `bytes[i]` may be replaced: a quote, or the
/// start of `--`, `...`, `<<` or `>>`.
fn is_candidate(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\'' | b'"' => true,
        b'-' | b'<' | b'>' => bytes.get(i + 1) == Some(&bytes[i]),
        b'.' => bytes.get(i + 1) == Some(&b'.') && bytes.get(i + 2) == Some(&b'.'),
        _ => false,
    }
}

/// Where a text event stands in its block.
#[derive(Clone, Copy)]
struct Position {
    /// First in its block: goldmark sees a line break before it.
    block_start: bool,
    /// On the block's last line: goldmark has trimmed the line's end.
    last_line: bool,
}

/// For each event, whether no line break follows it in its block.
fn on_last_line(events: &[(Event<'_>, Range<usize>)]) -> Vec<bool> {
    let mut last = vec![true; events.len()];
    let mut flag = true;
    for (i, (event, _)) in events.iter().enumerate().rev() {
        match event {
            Event::End(tag) if is_block_end(tag) => flag = true,
            Event::SoftBreak | Event::HardBreak => flag = false,
            _ => {}
        }
        last[i] = flag;
    }
    last
}

/// Whether the innermost open link in `out` is an autolink (it is being closed).
fn link_is_auto(out: &[(Event<'_>, Range<usize>)]) -> bool {
    let mut depth = 0usize;
    for (event, _) in out.iter().rev() {
        match event {
            Event::End(TagEnd::Link) => depth += 1,
            Event::Start(Tag::Link { link_type, .. }) => {
                if depth == 0 {
                    return matches!(link_type, LinkType::Autolink | LinkType::Email);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    false
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Splits one text event (which is `source[range]`) into plain runs and
/// replacements.
fn convert<'a>(
    source: &str,
    text: CowStr<'a>,
    range: Range<usize>,
    position: Position,
    counter: &mut Counter,
    out: &mut Vec<(Event<'a>, Range<usize>)>,
) {
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    // Where the line of the current candidate ends (after its newline):
    // found once per line, not once per candidate, which on a long line
    // of dots or quotes would be quadratic.
    let mut line_end = 0;
    while i < bytes.len() {
        if !is_candidate(bytes, i) {
            i += 1;
            continue;
        }
        let at = range.start + i;
        let before = if i == 0 && position.block_start {
            '\n'
        } else {
            source[..at].chars().next_back().unwrap_or('\n')
        };
        if at >= line_end {
            line_end = end_of_line(source, at);
        }
        let line = &source[at..line_end];
        let line = if position.last_line {
            line.trim_end()
        } else {
            line
        };
        match replacement(line, before, counter) {
            Some((replacement, len)) => {
                if i > plain_from {
                    out.push((
                        Event::Text(slice(&text, plain_from, i)),
                        range.start + plain_from..at,
                    ));
                }
                out.push((Event::Text(CowStr::Borrowed(replacement)), at..at + len));
                i += len;
                plain_from = i;
            }
            None => i += 1,
        }
    }
    if plain_from == 0 {
        out.push((Event::Text(text), range));
    } else if plain_from < bytes.len() {
        out.push((
            Event::Text(slice(&text, plain_from, bytes.len())),
            range.start + plain_from..range.end,
        ));
    }
}

fn slice<'a>(text: &CowStr<'a>, start: usize, end: usize) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[start..end]),
        other => CowStr::from(other[start..end].to_string()),
    }
}

/// The end of the line `at` is on: just after its newline, or the end.
fn end_of_line(source: &str, at: usize) -> usize {
    source[at..].find('\n').map_or(source.len(), |n| at + n + 1)
}

const LSQUO: &str = "\u{2018}";
const RSQUO: &str = "\u{2019}";
const LDQUO: &str = "\u{201c}";
const RDQUO: &str = "\u{201d}";

/// goldmark's typographer at the start of `line`: the replacement and how
/// many source bytes it replaces.
fn replacement(line: &str, before: char, counter: &mut Counter) -> Option<(&'static str, usize)> {
    let b = line.as_bytes();
    let c = *b.first()?;
    match c {
        b'-' if b.len() > 2 && b[1] == b'-' && b[2] == b'-' => return Some(("\u{2014}", 3)),
        b'.' if b.len() > 2 && b[1] == b'.' && b[2] == b'.' => return Some(("\u{2026}", 3)),
        b'.' => return None,
        b'<' if b.len() > 1 && b[1] == b'<' => return Some(("\u{ab}", 2)),
        b'>' if b.len() > 1 && b[1] == b'>' => return Some(("\u{bb}", 2)),
        b'<' | b'>' => return None,
        b'-' if b.len() > 1 && b[1] == b'-' => return Some(("\u{2013}", 2)),
        b'\'' | b'"' => {}
        _ => return None,
    }
    let (can_open, can_close) = flanking(line, before);
    if !can_open && !can_close {
        return None;
    }
    if c == b'\'' {
        return apostrophe(line, before, can_open, can_close, counter);
    }
    if can_open && !can_close {
        counter.double += 1;
        return Some((LDQUO, 1));
    }
    // not after a digit before another quote: Monitor 21""
    if counter.double > 0
        && closes(line, can_open, can_close)
        && !(b.len() > 1 && b[1] == b'"' && before.is_numeric())
    {
        counter.double -= 1;
        return Some((RDQUO, 1));
    }
    None
}

fn apostrophe(
    line: &str,
    before: char,
    can_open: bool,
    can_close: bool,
    counter: &mut Counter,
) -> Option<(&'static str, usize)> {
    let b = line.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let next = line[1..].chars().next();
    // decades: '90s
    if can_open
        && !can_close
        && b.len() > 3
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && b[3] == b's'
    {
        let after = line[4..].chars().next().unwrap_or(' ');
        if is_space_rune(after) || is_punct_rune(after) {
            return Some((RSQUO, 1));
        }
    }
    // 'twas, 'em, 'net
    if b.len() > 1
        && (is_go_punct(before) || before.is_whitespace())
        && matches!(b[1], b't' | b'e' | b'n' | b'l')
    {
        return Some((RSQUO, 1));
    }
    // between letters or digits and a letter
    if (before.is_numeric() || before.is_alphabetic()) && next.is_some_and(char::is_alphabetic) {
        return Some((RSQUO, 1));
    }
    if can_open && !can_close {
        let word_end =
            |i: usize| at(i).is_none_or(|c| c.is_ascii_punctuation() || is_space_byte(c));
        // Alice's, I'm, Don't, You'd; I've, I'll, You're
        let right = (matches!(at(1), Some(b's' | b'm' | b't' | b'd')) && word_end(2))
            || (matches!(
                (at(1), at(2)),
                (Some(b'v'), Some(b'e')) | (Some(b'l'), Some(b'l')) | (Some(b'r'), Some(b'e'))
            ) && word_end(3));
        if !right {
            counter.single += 1;
            return Some((LSQUO, 1));
        }
        return Some((RSQUO, 1));
    }
    // Smiths', doin' (goldmark's condition, operator precedence included)
    let first = line.chars().next().unwrap_or(' ');
    if (b.len() > 1 && first.is_whitespace())
        || (is_go_punct(first) && b.len() > 2 && !next.is_some_and(|c| c.is_numeric()))
    {
        return Some((RSQUO, 1));
    }
    if counter.single > 0 && closes(line, can_open, can_close) {
        counter.single -= 1;
        return Some((RSQUO, 1));
    }
    None
}

/// goldmark's "isClose || maybeClose" for a quote at the start of `line`.
fn closes(line: &str, can_open: bool, can_close: bool) -> bool {
    let b = line.as_bytes();
    let is_close = can_close && !can_open;
    let maybe_close = can_close
        && can_open
        && b.len() > 1
        && line[1..].chars().next().is_some_and(is_go_punct)
        && (b.len() == 2 || b[2].is_ascii_punctuation() || is_space_byte(b[2]));
    is_close || maybe_close
}

/// Left- and right-flanking of the run of the quote character that starts
/// `line` (goldmark's ScanDelimiter).
fn flanking(line: &str, before: char) -> (bool, bool) {
    let c = line.as_bytes()[0];
    let run = line.bytes().take_while(|&x| x == c).count();
    let after = line[run..].chars().next().unwrap_or(' ');
    let (before_punct, before_space) = (is_punct_rune(before), is_space_rune(before));
    let (after_punct, after_space) = (is_punct_rune(after), is_space_rune(after));
    let left = !after_space && (!after_punct || before_space || before_punct);
    let right = !before_space && (!before_punct || after_space || after_punct);
    (left, right)
}

fn is_space_byte(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn is_space_rune(c: char) -> bool {
    c.is_whitespace()
}

/// goldmark's IsPunctRune: ASCII punctuation and symbols, or Unicode punctuation.
fn is_punct_rune(c: char) -> bool {
    c.is_ascii_punctuation() || is_go_punct(c)
}

/// Go's unicode.IsPunct (category P): ASCII symbols such as `$+<=>^`|~`
/// are not punctuation there.
fn is_go_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c,
        '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn html(source: &str) -> String {
        let events: Vec<_> = Parser::new(source).into_offset_iter().collect();
        let events = apply(source, crate::markdown::merge_text(source, events));
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        out
    }

    proptest::proptest! {
        /// The memchr search finds a candidate exactly when one at any
        /// position would.
        #[test]
        fn may_change_is_any_candidate(
            text in "(\\.\\.\\.|\\.\\.|\\.|--|-|<<|<|>>|>|'|\"|a| |é){0,8}"
        ) {
            let bytes = text.as_bytes();
            let plainly = (0..bytes.len()).any(|i| is_candidate(bytes, i));
            proptest::prop_assert_eq!(may_change(&text), plainly);
        }
    }

    /// Expected outputs are Hugo 0.150.1's for the same input.
    #[test]
    fn quotes_as_goldmark_curls_them() {
        let cases = [
            ("He said \"hello\" and 'bye'.", "He said “hello” and ‘bye’."),
            ("The \"copy\".", "The “copy”."),
            (
                "Set (\"foo\") and \"bar\" (\"baz\").",
                "Set (“foo”) and “bar” (“baz”).",
            ),
            (
                "\"…\"-icon and \"x\" form.attachmentgrouping\").",
                "“…\"-icon and “x” form.attachmentgrouping”).",
            ),
            (
                "Monitor 21\"\" size and 5\" screen.",
                "Monitor 21\"\" size and 5\" screen.",
            ),
            (
                "\"You need 1 attachment(s) to continue'.",
                "“You need 1 attachment(s) to continue'.",
            ),
            ("to continue'.\nNext line", "to continue’.\nNext line"),
            (
                "It's 90's rock '90s and 'twas; Smiths' books; doin' it.",
                "It’s 90’s rock ’90s and ’twas; Smiths’ books; doin’ it.",
            ),
        ];
        for (source, expected) in cases {
            let out = html(&format!("{source}\n"));
            assert_eq!(out, format!("<p>{expected}</p>\n"), "{source}");
        }
    }

    #[test]
    fn dashes_ellipses_and_angle_quotes() {
        assert_eq!(html("a -- b --- c ... d\n"), "<p>a – b — c … d</p>\n");
        assert_eq!(
            html("Use <<0192>> and <<<<<<< HEAD and >> here.\n"),
            "<p>Use «0192» and «««&lt; HEAD and » here.</p>\n"
        );
    }

    #[test]
    fn not_in_code_or_autolinks() {
        assert_eq!(
            html("```\n\"a\" -- b...\n```\n"),
            "<pre><code>\"a\" -- b...\n</code></pre>\n"
        );
        assert_eq!(html("`a -- \"b\"`\n"), "<p><code>a -- \"b\"</code></p>\n");
        assert_eq!(
            html("<https://x.org/a--b>\n"),
            "<p><a href=\"https://x.org/a--b\">https://x.org/a--b</a></p>\n"
        );
    }
}
