//! A table right after a paragraph line is a table in goldmark (Hugo); in
//! pulldown-cmark a table cannot interrupt a paragraph. Before parsing, a
//! line break is put between such a paragraph line and the table's header,
//! and offsets are mapped back to the source as written.
//!
//! Only plain paragraph lines are considered (not indented, not in a list,
//! quote or code block), which is where the difference shows.

use std::borrow::Cow;

/// The source to parse, and where line breaks were added.
pub struct Prepared<'s> {
    pub text: Cow<'s, str>,
    /// Offsets (in `text`) of the added line breaks, ascending.
    added: Vec<usize>,
}

impl Prepared<'_> {
    /// The offset in the source as written of `offset` in `text`.
    pub fn original(&self, offset: usize) -> usize {
        offset - self.added.partition_point(|&a| a < offset)
    }
}

/// Separates tables from the paragraph line before them.
pub fn prepare(source: &str) -> Prepared<'_> {
    let unchanged = || Prepared {
        text: Cow::Borrowed(source),
        added: Vec::new(),
    };
    let bytes = source.as_bytes();
    if memchr::memchr(b'|', bytes).is_none() || memchr::memchr(b'-', bytes).is_none() {
        return unchanged();
    }
    let lines = lines_with_starts(source);
    let mut inserts = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for i in 0..lines.len() {
        let line = lines[i].1;
        if let Some(open) = fence_marker(line) {
            fence = match fence {
                None => Some(open),
                Some((c, n)) if open.0 == c && open.1 >= n && is_fence_close(line) => None,
                other => other,
            };
            continue;
        }
        if fence.is_some() || i == 0 || i + 1 >= lines.len() {
            continue;
        }
        let (previous, header, delimiter) = (lines[i - 1].1, line, lines[i + 1].1);
        if is_paragraph_line(previous)
            && header.contains('|')
            && !header.starts_with([' ', '\t'])
            && is_delimiter_row(delimiter)
            && cells(header) == cells(delimiter)
        {
            inserts.push(lines[i].0);
        }
    }
    if inserts.is_empty() {
        return unchanged();
    }
    let mut text = String::with_capacity(source.len() + inserts.len());
    let mut added = Vec::with_capacity(inserts.len());
    let mut pos = 0;
    for at in inserts {
        text.push_str(&source[pos..at]);
        added.push(text.len());
        text.push('\n');
        pos = at;
    }
    text.push_str(&source[pos..]);
    Prepared {
        text: Cow::Owned(text),
        added,
    }
}

/// Each line of `source` (with its `\n`) and where it starts, as
/// `split_inclusive('\n')` gives them: a page's lines are found with one
/// SIMD scan for line ends.
fn lines_with_starts(source: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', source.as_bytes()) {
        lines.push((start, &source[start..=end]));
        start = end + 1;
    }
    if start < source.len() {
        lines.push((start, &source[start..]));
    }
    lines
}

fn fence_marker(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

fn is_fence_close(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.chars().all(|c| c == '`' || c == '~')
}

/// A line of running text: not blank, not indented, not a heading, list
/// item, quote, table row or HTML.
fn is_paragraph_line(line: &str) -> bool {
    let trimmed = line.trim_end();
    if trimmed.is_empty() || line.starts_with([' ', '\t']) || trimmed.contains('|') {
        return false;
    }
    let first = trimmed.chars().next().unwrap_or(' ');
    if matches!(
        first,
        '#' | '>' | '<' | '-' | '*' | '+' | '=' | '`' | '~' | '{'
    ) {
        return false;
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    !(digits > 0 && trimmed[digits..].starts_with(['.', ')']))
}

fn is_delimiter_row(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.contains('-')
        && (trimmed.contains('|') || trimmed.contains(':'))
        && trimmed
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        && trimmed.trim_matches('|').split('|').all(|cell| {
            cell.trim().trim_matches(':').chars().all(|c| c == '-') && cell.contains('-')
        })
}

fn cells(line: &str) -> usize {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut count = 1;
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_after_a_paragraph_line_is_separated() {
        let source = "Some text.\nA | B\n|---|---|\n1 | 2\n";
        let p = prepare(source);
        assert_eq!(p.text, "Some text.\n\nA | B\n|---|---|\n1 | 2\n");
        assert_eq!(p.original(0), 0);
        assert_eq!(p.original(12), 11, "the header starts where it did");
    }

    #[test]
    fn other_text_is_untouched() {
        for source in [
            "- item\n| a | b |\n|---|---|\n",
            "```\ntext\n| a | b |\n|---|---|\n```\n",
            "text\n| a | b | c |\n|---|---|\n",
            "text\n\n| a | b |\n|---|---|\n",
            "a | b\n|---|---|\n",
        ] {
            assert!(matches!(prepare(source).text, Cow::Borrowed(_)), "{source}");
        }
    }

    proptest::proptest! {
        /// The lines found with memchr are `split_inclusive`'s, with the
        /// offsets they start at: none lost at the end, none made up after
        /// a last line break.
        #[test]
        fn lines_are_split_inclusive_with_their_starts(source in "(a|\n|é|\r| ){0,40}") {
            let mut start = 0;
            let expected: Vec<(usize, &str)> = source
                .split_inclusive('\n')
                .map(|line| {
                    start += line.len();
                    (start - line.len(), line)
                })
                .collect();
            proptest::prop_assert_eq!(lines_with_starts(&source), expected);
        }
    }
}
