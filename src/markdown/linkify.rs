//! Bare URLs and e-mail addresses become links, as goldmark's Linkify does
//! in Hugo: `https://`, `http://`, `ftp://` and `www.` addresses and e-mail
//! addresses, at the start of a line or after a space, `*`, `_`, `~` or `(`,
//! never inside code, links, images or raw HTML.
//!
//! A pass over the event stream. The `linkify` crate finds the links; where
//! a URL ends follows goldmark's pattern (a host with a dot and a
//! lower-case top-level domain; quotes and brackets may follow in the path;
//! a final `.` or unbalanced `)` is left out).

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Replaces bare URLs in text events by link events.
pub fn apply<'a>(
    source: &str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if may_contain_link(t)))
    {
        return events;
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    finder.kinds(&[LinkKind::Url, LinkKind::Email]);
    let mut out = Vec::with_capacity(events.len());
    let mut skip = 0usize;
    let mut after_text = false;
    for (event, range) in events {
        let is_text = matches!(event, Event::Text(_));
        let follows_text = std::mem::replace(&mut after_text, is_text);
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(text) if skip == 0 && may_contain_link(text) => {
                let text = text.clone();
                linkify_text(source, &finder, text, range, follows_text, &mut out);
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

fn may_contain_link(text: &str) -> bool {
    // `://`, `www.` and `@` all hold a `/`, `.` or `@`: most texts are
    // ruled out by one memchr, without building a substring searcher.
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'@', b'/', b'.', bytes).any(|i| match bytes[i] {
        b'@' => true,
        b'/' => i >= 1 && bytes[i - 1] == b':' && bytes.get(i + 1) == Some(&b'/'),
        _ => bytes[..i].ends_with(b"www"),
    })
}

fn linkify_text<'a>(
    source: &str,
    finder: &LinkFinder,
    text: CowStr<'a>,
    range: Range<usize>,
    follows_text: bool,
    out: &mut Vec<(Event<'a>, Range<usize>)>,
) {
    // Positions map to the source only when the text is the source.
    let mapped = super::is_verbatim(source, &range, &text);
    let sub_range = |a: usize, b: usize| {
        if mapped {
            range.start + a..range.start + b
        } else {
            range.clone()
        }
    };
    // After another inline element (code, emphasis, a link, a line break)
    // goldmark starts afresh, as at the start of a line.
    let before_text = if mapped && follows_text {
        source[..range.start].chars().next_back()
    } else {
        None
    };
    let mut pos = 0;
    for link in finder.links(&text) {
        let start = link.start();
        if start < pos {
            continue;
        }
        let before = text[..start].chars().next_back().or(before_text);
        if !at_trigger(before) {
            continue;
        }
        let end = match link.kind() {
            LinkKind::Email => link.end(),
            _ => match goldmark_url_len(&text[start..]) {
                Some(len) => start + len,
                None => continue,
            },
        };
        let found = &text[start..end];
        let (dest, link_type) = match link.kind() {
            LinkKind::Email => {
                let next = text[end..].chars().next();
                if matches!(next, Some('-' | '_'))
                    || found.starts_with(|c: char| c.is_ascii_punctuation())
                {
                    continue;
                }
                (found.to_string(), LinkType::Email)
            }
            _ => {
                let lower = found.to_ascii_lowercase();
                if lower.starts_with("www.") {
                    (format!("https://{found}"), LinkType::Autolink)
                } else if ["http://", "https://", "ftp://"]
                    .iter()
                    .any(|p| found.starts_with(p))
                {
                    (found.to_string(), LinkType::Autolink)
                } else {
                    continue;
                }
            }
        };
        if start > pos {
            out.push((
                Event::Text(sub_str(&text, pos, start)),
                sub_range(pos, start),
            ));
        }
        let link_range = sub_range(start, end);
        out.push((
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(dest),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }),
            link_range.clone(),
        ));
        out.push((Event::Text(sub_str(&text, start, end)), link_range.clone()));
        out.push((Event::End(TagEnd::Link), link_range));
        pos = end;
    }
    if pos == 0 {
        out.push((Event::Text(text), range));
    } else if pos < text.len() {
        out.push((
            Event::Text(sub_str(&text, pos, text.len())),
            sub_range(pos, text.len()),
        ));
    }
}

/// goldmark looks for a link only at the start of a line or after these
/// (a quote the typographer replaces, or backticks that open no code
/// span, count as an element of their own).
fn at_trigger(before: Option<char>) -> bool {
    match before {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '*' | '_' | '~' | '(' | '"' | '\'' | '`'),
    }
}

/// The length of the URL at the start of `text` by goldmark's pattern:
/// `(http|https|ftp)://` or `www.`, a host of `[-a-zA-Z0-9@:%._+~#=]`
/// ending in `.` and lower-case letters, an optional port and path, then
/// a final `.`, unbalanced `)` or `&entity;` left out, and then trailing
/// `?!.,:*_~`.
fn goldmark_url_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let scheme = ["http://", "https://", "ftp://"]
        .iter()
        .find(|p| text.starts_with(**p))
        .map(|p| p.len());
    let (host_start, www) = match scheme {
        Some(n) => (n, false),
        None if text.starts_with("www.") => (4, true),
        None => return None,
    };
    let is_host = |c: u8| c.is_ascii_alphanumeric() || b"-@:%._+~#=".contains(&c);
    let run = b[host_start..]
        .iter()
        .take_while(|&&c| is_host(c))
        .count()
        .min(256);
    // The last '.' in the run that lower-case letters follow.
    let dot = (host_start..host_start + run).rev().find(|&i| {
        b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) && i > host_start
    })?;
    let mut end = dot
        + 1
        + b[dot + 1..]
            .iter()
            .take_while(|c| c.is_ascii_lowercase())
            .count();
    if !www && b.get(end) == Some(&b':') {
        let digits = b[end + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    if matches!(b.get(end), Some(b'/' | b'#' | b'?')) {
        let is_path = |c: u8| {
            c.is_ascii_alphanumeric()
                || b"-@:%_+.~#!?&/=();,'\">^{}[]`".contains(&c)
                || (!www && c == b'$')
        };
        end += 1 + b[end + 1..].iter().take_while(|&&c| is_path(c)).count();
    }
    match b[end - 1] {
        b'.' => end -= 1,
        b')' => {
            let closing: isize = b[..end]
                .iter()
                .map(|&c| match c {
                    b')' => 1,
                    b'(' => -1,
                    _ => 0,
                })
                .sum();
            if closing > 0 {
                end -= closing as usize;
            }
        }
        b';' => {
            let word = b[..end - 1]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if word > 0 && end >= word + 2 && b[end - 2 - word] == b'&' {
                end -= word + 2;
            }
        }
        _ => {}
    }
    while end > host_start
        && matches!(
            b[end - 1],
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~'
        )
    {
        end -= 1;
    }
    Some(end)
}

fn sub_str<'a>(text: &CowStr<'a>, start: usize, end: usize) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[start..end]),
        other => CowStr::from(other[start..end].to_string()),
    }
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
        /// True exactly when the text holds `@`, `://` or `www.`.
        #[test]
        fn may_contain_link_finds_each_mark(text in "(www\\.|www|w|\\.|://|:|/|@|a| ){0,8}") {
            let plainly = text.contains('@') || text.contains("://") || text.contains("www.");
            proptest::prop_assert_eq!(may_contain_link(&text), plainly);
        }
    }

    #[test]
    fn bare_urls_and_emails_become_links() {
        assert_eq!(
            html(
                "See https://example.com/a_b?c=1&d=2. Or www.example.no, mail post@example.com.\n"
            ),
            "<p>See <a href=\"https://example.com/a_b?c=1&amp;d=2\">https://example.com/a_b?c=1&amp;d=2</a>. Or <a href=\"https://www.example.no\">www.example.no</a>, mail <a href=\"mailto:post@example.com\">post@example.com</a>.</p>\n"
        );
    }

    #[test]
    fn not_in_code_links_or_after_other_characters() {
        let out = html(
            "`https://code.com` [https://a.com](https://b.com) <https://c.com> x:https://d.com\n",
        );
        assert_eq!(out.matches("<a ").count(), 2, "{out}");
        assert!(out.contains("x:https://d.com"), "{out}");
        let out = html("```\nhttps://e.com\n```\n");
        assert!(!out.contains("<a "), "{out}");
    }

    #[test]
    fn url_ends_as_in_goldmark() {
        assert_eq!(goldmark_url_len("http://localhost:5181/graphql/."), None);
        assert_eq!(goldmark_url_len("https://y.org/p)."), Some(16));
        assert_eq!(goldmark_url_len("http://x.org/(a)"), Some(16));
        assert_eq!(goldmark_url_len("https://a.no/x\" and"), Some(15));
        assert_eq!(goldmark_url_len("https://a.no/b&amp;"), Some(14));
        assert_eq!(goldmark_url_len("www.example.no, x"), Some(14));
        assert_eq!(goldmark_url_len("https://EXAMPLE.COM"), None);
        assert_eq!(goldmark_url_len("https://a.no/x?y=designer, and"), Some(25));
    }

    #[test]
    fn after_emphasis_and_parenthesis() {
        let out = html("*https://em.com* (https://p.com)\n");
        assert!(
            out.contains("<em><a href=\"https://em.com\">https://em.com</a></em>"),
            "{out}"
        );
        assert!(
            out.contains("(<a href=\"https://p.com\">https://p.com</a>)"),
            "{out}"
        );
    }
}
