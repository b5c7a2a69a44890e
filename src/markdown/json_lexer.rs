//! JSON code split into tokens by hand: the same tokens, with the same
//! classes, as the compact JSON grammar (`grammars::JSON_RULES` run by
//! syntect), found without regular expressions.
//!
//! JSON is most of the code in API documentation (about 40 % of the
//! corpus's code bytes), and the grammar's searches cost about 150 ns a
//! byte; this costs a few. The rules it follows, in the grammar's order at
//! each position, the leftmost match winning:
//!
//! - a string followed by `:` is a key (`nt`), any other string `s2`; a
//!   string ends at its closing quote or, unclosed, at the end of the line
//!   or before a backslash that ends it;
//! - `true`, `false` and `null` as whole words (`kc`);
//! - a number as a whole word, with an optional minus: with a fraction or an
//!   exponent a float (`mf`), else an integer (`mi`);
//! - `//` to the end of the line (`c1`), `/* … */` over any lines (`cm`).
//!
//! Outside strings and comments it reads ASCII only (word characters are
//! ASCII letters, digits and `_`): a block with other characters there,
//! where the grammar's Unicode `\w` and `\d` would decide word edges and
//! digits, is left to the grammar ([`handles`]). Whatever no rule takes is
//! plain text.

/// The state a block carries from line to line.
#[derive(Default)]
pub(super) struct Lexer {
    /// Inside a `/* … */` comment.
    in_comment: bool,
    /// Met a character beyond ASCII outside strings and comments.
    met_non_ascii: bool,
}

/// Whether the lexer gives the grammar's tokens for all of `code`: it has
/// no character beyond ASCII outside its strings and comments.
pub(super) fn handles(code: &str) -> bool {
    if code.is_ascii() {
        return true;
    }
    let mut lexer = Lexer::default();
    for line in code.split_inclusive('\n') {
        lexer.line(line, |_, _| {});
    }
    !lexer.met_non_ascii
}

const KEY: Option<&str> = Some("nt");
const STRING: Option<&str> = Some("s2");
const CONSTANT: Option<&str> = Some("kc");
const FLOAT: Option<&str> = Some("mf");
const INTEGER: Option<&str> = Some("mi");
const LINE_COMMENT: Option<&str> = Some("c1");
const BLOCK_COMMENT: Option<&str> = Some("cm");

impl Lexer {
    /// Calls `token` with each token of `line` (which may end with its
    /// newline) and its class, in order, covering the whole line: plain
    /// text with no class. A token is split where the grammar's would be,
    /// so that the caller treats them alike.
    pub(super) fn line<'l>(
        &mut self,
        line: &'l str,
        mut token: impl FnMut(Option<&'static str>, &'l str),
    ) {
        let bytes = line.as_bytes();
        let mut pos = 0;
        if self.in_comment {
            pos = self.comment_from(line, 0);
            token(BLOCK_COMMENT, &line[..pos]);
        }
        let mut plain = pos;
        while pos < bytes.len() {
            let Some((end, class)) = self.token_at(line, pos) else {
                self.met_non_ascii |= !bytes[pos].is_ascii();
                pos += char_width(bytes[pos]);
                continue;
            };
            if plain < pos {
                token(None, &line[plain..pos]);
            }
            token(class, &line[pos..end]);
            pos = end;
            plain = end;
        }
        if plain < bytes.len() {
            token(None, &line[plain..]);
        }
    }

    /// The token that starts at `pos`, if one does: its end and class.
    fn token_at(&mut self, line: &str, pos: usize) -> Option<(usize, Option<&'static str>)> {
        let bytes = line.as_bytes();
        match bytes[pos] {
            b'"' => {
                let (end, closed) = string_end(line, pos);
                let is_key = closed && line[end..].trim_start().starts_with(':');
                Some((end, if is_key { KEY } else { STRING }))
            }
            b't' | b'f' | b'n' => ["true", "false", "null"]
                .iter()
                .find(|word| {
                    line[pos..].starts_with(*word)
                        && is_boundary(line, pos)
                        && is_boundary(line, pos + word.len())
                })
                .map(|word| (pos + word.len(), CONSTANT)),
            b'-' | b'0'..=b'9' => number_end(line, pos),
            b'/' => match bytes.get(pos + 1) {
                Some(b'/') => {
                    let end = line[pos..].find('\n').map_or(line.len(), |i| pos + i);
                    Some((end, LINE_COMMENT))
                }
                Some(b'*') => {
                    self.in_comment = true;
                    Some((self.comment_from(line, pos + 2), BLOCK_COMMENT))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Where the comment that is open at `from` ends in `line`: after its
    /// `*/` (and then it is closed), else at the end of the line.
    fn comment_from(&mut self, line: &str, from: usize) -> usize {
        match memchr::memmem::find(&line.as_bytes()[from..], b"*/") {
            Some(i) => {
                self.in_comment = false;
                from + i + 2
            }
            None => line.len(),
        }
    }
}

/// The end of the string that opens at `start`, and whether a quote
/// closed it. An escape takes the character after the backslash, but not
/// a newline.
fn string_end(line: &str, start: usize) -> (usize, bool) {
    let bytes = line.as_bytes();
    let mut pos = start + 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'"' => return (pos + 1, true),
            b'\n' => break,
            b'\\' => match bytes.get(pos + 1) {
                Some(b'\n') | None => break,
                Some(&next) => pos += 1 + char_width(next),
            },
            byte => pos += char_width(byte),
        }
    }
    (pos, false)
}

/// A number at `pos` (a digit, or a minus before one), as a whole word:
/// its end and whether it is a float or an integer.
fn number_end(line: &str, pos: usize) -> Option<(usize, Option<&'static str>)> {
    let bytes = line.as_bytes();
    let digits = if bytes[pos] == b'-' { pos + 1 } else { pos };
    if !bytes.get(digits).is_some_and(u8::is_ascii_digit) || !is_boundary(line, digits) {
        return None;
    }
    let integer_end = digits_end(bytes, digits);
    // A float's whole part is `0` or has no leading zero.
    let whole_end = if bytes[digits] == b'0' {
        digits + 1
    } else {
        integer_end
    };
    if let Some(end) = fraction_or_exponent(bytes, whole_end) {
        return Some((end, FLOAT));
    }
    Some((integer_end, INTEGER))
}

/// After a float's whole part: `.digits` with an optional exponent, or an
/// exponent alone; the end of either.
fn fraction_or_exponent(bytes: &[u8], pos: usize) -> Option<usize> {
    if bytes.get(pos) == Some(&b'.') && bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        let end = digits_end(bytes, pos + 1);
        return Some(exponent_end(bytes, end).unwrap_or(end));
    }
    exponent_end(bytes, pos)
}

/// `e` or `E`, an optional sign and digits at `pos`: their end.
fn exponent_end(bytes: &[u8], pos: usize) -> Option<usize> {
    if !matches!(bytes.get(pos), Some(b'e' | b'E')) {
        return None;
    }
    let mut digits = pos + 1;
    if matches!(bytes.get(digits), Some(b'+' | b'-')) {
        digits += 1;
    }
    bytes
        .get(digits)
        .is_some_and(u8::is_ascii_digit)
        .then(|| digits_end(bytes, digits))
}

/// The end of the run of ASCII digits at `from`.
fn digits_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .map_or(bytes.len(), |i| from + i)
}

/// Whether a word starts or ends at `pos`: a word character on one side
/// only (the start and end of the line count as not one). Both sides are
/// outside strings and comments, so ASCII in a block the lexer handles.
fn is_boundary(line: &str, pos: usize) -> bool {
    let bytes = line.as_bytes();
    let before = pos > 0 && is_word(bytes[pos - 1]);
    let after = bytes.get(pos).is_some_and(|&b| is_word(b));
    before != after
}

/// An ASCII word character: letter, digit or `_`.
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The length of the UTF-8 character that starts with `byte`.
fn char_width(byte: u8) -> usize {
    match byte {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}
