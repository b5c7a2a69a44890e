//! The options of a code block, as Hugo reads them: from a fence's info
//! string (```` ```go {hl_lines=[2,"4-5"] linenos=table linenostart=10} ````)
//! and from the `highlight` shortcode's option string
//! (`"hl_lines=2 4-5,linenos=inline"`).
//!
//! Pure parsing; it knows nothing of highlighting or HTML. Malformed options
//! are ignored one by one, never an error.

use std::ops::RangeInclusive;

/// Line numbers stay well below overflow.
const MAX_LINE_START: usize = 1 << 40;

/// Where line numbers go, if anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineNumbers {
    #[default]
    None,
    /// A two-column table (Hugo's default for `linenos=true`).
    Table,
    /// A number at the start of each line.
    Inline,
}

/// How to show one code block.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeOptions {
    /// Lines to mark, counted from 1 at the first line of the block.
    pub hl_lines: Vec<RangeInclusive<usize>>,
    pub line_numbers: LineNumbers,
    /// The number of the first line.
    pub line_start: usize,
}

impl Default for CodeOptions {
    fn default() -> Self {
        CodeOptions {
            hl_lines: Vec::new(),
            line_numbers: LineNumbers::None,
            line_start: 1,
        }
    }
}

impl CodeOptions {
    /// Whether line `n` (from 1) is marked.
    pub fn is_marked(&self, n: usize) -> bool {
        self.hl_lines.iter().any(|r| r.contains(&n))
    }

    fn set(&mut self, key: &str, value: &str) {
        let raw = value.trim();
        let value = raw.trim_matches(['"', '\'']);
        match key.trim().to_ascii_lowercase().as_str() {
            "hl_lines" if raw.starts_with('[') => self.hl_lines = list_ranges(raw),
            "hl_lines" => self.hl_lines = line_ranges(value),
            "linenos" => {
                self.line_numbers = match value.to_ascii_lowercase().as_str() {
                    "true" | "table" => LineNumbers::Table,
                    "inline" => LineNumbers::Inline,
                    _ => LineNumbers::None,
                }
            }
            "linenostart" => {
                if let Ok(n) = value.parse::<usize>() {
                    self.line_start = n.min(MAX_LINE_START);
                }
            }
            _ => {}
        }
    }
}

/// A fence's info string split: the language (may be empty) and options.
pub fn parse_info(info: &str) -> (String, CodeOptions) {
    let info = info.trim();
    let (head, attributes) = match info.find('{') {
        Some(i) => (&info[..i], Some(&info[i + 1..])),
        None => (info, None),
    };
    let lang = head.split_whitespace().next().unwrap_or("").to_string();
    let mut options = CodeOptions::default();
    if let Some(attributes) = attributes {
        let attributes = attributes.rsplit_once('}').map_or(attributes, |(a, _)| a);
        for (key, value) in key_values(attributes) {
            options.set(&key, &value);
        }
    }
    (lang, options)
}

/// The `highlight` shortcode's option string: `key=value` pairs separated
/// by commas (Hugo) or spaces; a word without `=` continues the previous
/// value (`hl_lines=8 15-17`).
pub fn parse_shortcode_options(text: &str) -> CodeOptions {
    let mut options = CodeOptions::default();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for word in text.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
        match word.split_once('=') {
            Some((key, value)) => pairs.push((key.to_string(), value.to_string())),
            None => {
                if let Some((_, value)) = pairs.last_mut() {
                    value.push(' ');
                    value.push_str(word);
                }
            }
        }
    }
    for (key, value) in pairs {
        options.set(&key, &value);
    }
    options
}

/// `key=value` pairs of a fence's `{...}`: values are words, quoted
/// strings or `[...]` lists; pairs are separated by spaces or commas.
fn key_values(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
            i += 1;
        }
        let key_start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '=' | ',') {
            i += 1;
        }
        let key: String = chars[key_start..i].iter().collect();
        if i >= chars.len() || chars[i] != '=' {
            continue;
        }
        i += 1;
        let value_start = i;
        match chars.get(i) {
            Some('[') => {
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                i = (i + 1).min(chars.len());
            }
            Some(&q @ ('"' | '\'')) => {
                i += 1;
                while i < chars.len() && chars[i] != q {
                    i += 1;
                }
                i = (i + 1).min(chars.len());
            }
            _ => {
                while i < chars.len() && !chars[i].is_whitespace() && chars[i] != ',' {
                    i += 1;
                }
            }
        }
        let value: String = chars[value_start..i].iter().collect();
        if !key.is_empty() {
            pairs.push((key, value));
        }
    }
    pairs
}

/// A fence's list `[2,"4-5",10-12]`: quoted ranges are ranges; goldmark
/// reads an unquoted `10-12` as the number 10, and so does this.
fn list_ranges(value: &str) -> Vec<RangeInclusive<usize>> {
    value
        .trim_matches(['[', ']'])
        .split(',')
        .map(str::trim)
        .filter_map(|part| {
            if part.starts_with(['"', '\'']) {
                return line_ranges(part.trim_matches(['"', '\'']))
                    .into_iter()
                    .next();
            }
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok().map(|n| n..=n)
        })
        .collect()
}

/// `"3"`, `8 15-17`: single lines and ranges, from 1.
fn line_ranges(value: &str) -> Vec<RangeInclusive<usize>> {
    value
        .trim_matches(['[', ']'])
        .split([',', ' '])
        .map(|part| part.trim().trim_matches(['"', '\'']))
        .filter(|part| !part.is_empty())
        .filter_map(|part| match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                (a <= b).then_some(a..=b)
            }
            None => part.parse().ok().map(|n| n..=n),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_as_hugo_reads_them() {
        let (lang, o) = parse_info(r#"json {hl_lines=[2,"4-5"] linenos=true linenostart=10}"#);
        assert_eq!(lang, "json");
        assert_eq!(o.hl_lines, vec![2..=2, 4..=5]);
        assert_eq!(o.line_numbers, LineNumbers::Table);
        assert_eq!(o.line_start, 10);
        let (lang, o) = parse_info(r#"yaml{linenos=false,hl_lines="3"}"#);
        assert_eq!(lang, "yaml");
        assert_eq!(o.hl_lines, vec![3..=3]);
        assert_eq!(o.line_numbers, LineNumbers::None);
        let (lang, o) = parse_info("go {linenos=inline hl_lines=[5,6,8, 13]}");
        assert_eq!(lang, "go");
        assert_eq!(o.line_numbers, LineNumbers::Inline);
        assert_eq!(o.hl_lines, vec![5..=5, 6..=6, 8..=8, 13..=13]);
        assert_eq!(parse_info("").0, "");
    }

    #[test]
    fn unquoted_ranges_in_a_list_are_their_first_line_as_in_hugo() {
        let (_, o) = parse_info("json {linenos=false,hl_lines=[10-13,17-27]}");
        assert_eq!(o.hl_lines, vec![10..=10, 17..=17]);
        let (_, o) = parse_info("json {hl_lines=\"10-12\"}");
        assert_eq!(o.hl_lines, vec![10..=12]);
    }

    #[test]
    fn malformed_options_are_ignored() {
        for info in [
            "x {",
            "x {hl_lines=[",
            "x {=}",
            "x {linenostart=abc}",
            "{}}}",
            "x {a=\"b",
        ] {
            let (_, o) = parse_info(info);
            assert_eq!(o.line_start, 1, "{info}");
        }
        assert_eq!(parse_info("x {hl_lines=[\"5-2\"]}").1.hl_lines, vec![]);
    }

    #[test]
    fn shortcode_options_with_commas_or_spaces() {
        let o = parse_shortcode_options("linenos=table,hl_lines=8 15-17,linenostart=199");
        assert_eq!(o.line_numbers, LineNumbers::Table);
        assert_eq!(o.hl_lines, vec![8..=8, 15..=17]);
        assert_eq!(o.line_start, 199);
        let o = parse_shortcode_options("hl_lines=2 linenos=true");
        assert_eq!(o.hl_lines, vec![2..=2]);
        assert_eq!(o.line_numbers, LineNumbers::Table);
    }
}
