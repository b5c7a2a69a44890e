//! Shortcode syntax: finds Hugo shortcode calls in a page's source and builds the call tree.
//!
//! This module owns the syntax only: opening tags (`{{< name args >}}`, `{{% name args %}}`), closing
//! tags (`{{< /name >}}`), self-closing tags (`{{< name />}}`), escaped calls (`{{</* name */>}}`) and
//! the pairing of opening and closing tags. It knows nothing about templates, rendering or Markdown:
//! shortcodes are found everywhere in the source, code fences included, as Hugo does. The one thing it
//! needs to know about a shortcode's template is whether it uses `.Inner` ([`InnerUse`]), because that
//! decides what an opening tag without a closing tag means.
//!
//! Parsing never fails. Problems are reported as [`ParseError`]s carrying the span of the offending tag,
//! and the parser recovers the way the author most likely meant. All spans are byte offsets into the
//! source and lie on char boundaries.
//!
//! It works in two passes: a lexer turns the source into tokens (text, opening, closing, self-closing and
//! escaped tags), then a stack pairs opening and closing tags into a tree.

use std::fmt;

/// A byte range of the source, `start..end`, always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// The notation of a tag: `{{% %}}` (Markdown) or `{{< >}}` (standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delim {
    Markdown,
    Standard,
}

/// One argument value. Quoted values are always strings; bare words are typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// A call's arguments; a call without arguments has `Positional(vec![])`.
#[derive(Debug, Clone, PartialEq)]
pub enum Args {
    Positional(Vec<Value>),
    Named(Vec<(String, Value)>),
}

/// One shortcode call: paired, self-closing or unpaired (an opening tag only).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub delim: Delim,
    pub args: Args,
    /// The whole opening tag, e.g. `{{< notice warning >}}`.
    pub open: Span,
    /// The whole closing tag when paired.
    pub close: Option<Span>,
    /// `{{< name />}}`.
    pub self_closing: bool,
    /// `Some(..)` exactly when paired.
    pub inner: Option<Inner>,
}

/// The raw source between an opening and its closing tag, and its parsed nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    pub span: Span,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(Span),
    Call(Call),
    /// `{{</* x */>}}` with literal `{{< x >}}`; `{{%/* x */%}}` with literal `{{% x %}}`.
    Escaped {
        span: Span,
        literal: String,
    },
}

/// What a shortcode's template does with `.Inner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InnerUse {
    /// Must be closed or self-closed.
    Required,
    /// Must not have a closing tag.
    Never,
    /// May be paired or stand alone.
    Optional,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// No end delimiter before the end of the source or the next tag.
    UnterminatedTag,
    /// An opening tag of a shortcode that needs inner content, never closed.
    UnclosedCall { name: String },
    /// A closing tag while no call is open.
    StrayClose { name: String },
    /// `{{% / %}}`; recovered by closing the innermost open call, `closed` (as Hugo does), if any.
    EmptyCloseName { closed: Option<String> },
    /// A closing tag with no open call of its name; `open` is the innermost open call.
    MismatchedClose { open: String, close: String },
    /// Named and positional arguments in one call; the kind of the first argument is kept.
    MixedArguments { name: String },
    /// A `"` or `` ` `` string never closed.
    UnterminatedString,
    /// A tag with no shortcode name, e.g. `{{< >}}`; kept as text.
    MissingName,
    /// A closing tag for a shortcode whose template never uses inner content.
    UnexpectedClose { name: String },
    /// `key=` with nothing after it; the value is taken as an empty string.
    MissingValue { key: String },
    /// A closing tag with arguments; they are ignored.
    CloseWithArguments { name: String },
    /// An opening tag nested deeper than the parser allows. Reported once per source: this tag and
    /// every deeper one (with their closing tags) are kept as text.
    NestingTooDeep { name: String },
}

impl ParseErrorKind {
    /// True when Hugo builds the page the same way despite the mistake (so it is a warning).
    pub fn hugo_accepts(&self) -> bool {
        matches!(self, ParseErrorKind::EmptyCloseName { closed: Some(_) })
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ParseErrorKind::*;
        match self {
            UnterminatedTag => write!(f, "shortcode tag is never terminated"),
            UnclosedCall { name } => write!(f, "shortcode '{name}' is never closed"),
            StrayClose { name } => write!(f, "closing tag for '{name}' has no opening tag"),
            EmptyCloseName { closed: Some(name) } => write!(
                f,
                "closing tag '{{{{% / %}}}}' has no shortcode name; it closes '{name}', as Hugo does"
            ),
            EmptyCloseName { closed: None } => write!(
                f,
                "closing tag '{{{{% / %}}}}' has no shortcode name and nothing is open to close"
            ),
            MismatchedClose { open, close } => {
                write!(
                    f,
                    "closing tag for '{close}' does not match open shortcode '{open}'"
                )
            }
            MixedArguments { name } => {
                write!(f, "shortcode '{name}' mixes named and positional arguments")
            }
            UnterminatedString => write!(f, "quoted argument is never terminated"),
            MissingName => write!(f, "shortcode tag has no name"),
            UnexpectedClose { name } => {
                write!(
                    f,
                    "shortcode '{name}' does not use inner content and cannot be closed"
                )
            }
            MissingValue { key } => write!(f, "argument '{key}' has no value"),
            CloseWithArguments { name } => write!(f, "closing tag for '{name}' has arguments"),
            NestingTooDeep { name } => write!(
                f,
                "shortcode '{name}' is nested more than {MAX_DEPTH} levels deep; it and the calls inside it are shown as text"
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseOutput {
    pub nodes: Vec<Node>,
    /// Sorted by span start.
    pub errors: Vec<ParseError>,
}

/// Parses `src` into text, calls and escaped calls. `inner_use` tells, by shortcode name, what its
/// template does with `.Inner`; it decides how unclosed opening tags are treated.
pub fn parse(src: &str, inner_use: &dyn Fn(&str) -> InnerUse) -> ParseOutput {
    let (tokens, mut errors) = Lexer::new(src).run();
    let tree = Tree::new(inner_use);
    let (nodes, tree_errors) = tree.build(tokens);
    errors.extend(tree_errors);
    errors.sort_by_key(|e| e.span.start);
    ParseOutput { nodes, errors }
}

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

enum Token {
    Text(Span),
    /// An opening tag; the call has no close or inner yet.
    Open(Call),
    SelfClosing(Call),
    Close {
        name: String,
        span: Span,
    },
    Escaped {
        span: Span,
        literal: String,
    },
}

/// A tag that could not be read: it becomes text from its start up to `stop`, where lexing resumes.
struct Fail {
    kind: ParseErrorKind,
    stop: usize,
}

/// One argument as written, before checking that all arguments are of one kind.
enum RawArg {
    Positional(Value),
    /// `None` for `key=` with no value.
    Named(String, Option<Value>),
}

/// What follows a tag's name: its arguments and how it ends.
struct TagTail {
    args: Vec<RawArg>,
    self_closing: bool,
    end: usize,
}

struct Lexer<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    errors: Vec<ParseError>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer {
            src,
            tokens: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn run(mut self) -> (Vec<Token>, Vec<ParseError>) {
        let mut pos = 0;
        while pos < self.src.len() {
            let Some(start) = find_tag_start(self.src, pos) else {
                self.tokens
                    .push(Token::Text(Span::new(pos, self.src.len())));
                break;
            };
            if start > pos {
                self.tokens.push(Token::Text(Span::new(pos, start)));
            }
            pos = match self.lex_tag(start) {
                Ok((token, end)) => {
                    self.tokens.push(token);
                    end
                }
                Err(fail) => {
                    self.error(fail.kind, Span::new(start, fail.stop));
                    self.tokens.push(Token::Text(Span::new(start, fail.stop)));
                    fail.stop
                }
            };
        }
        (self.tokens, self.errors)
    }

    fn error(&mut self, kind: ParseErrorKind, span: Span) {
        self.errors.push(ParseError { kind, span });
    }

    /// Lexes the tag starting at `start` (which holds `{{<` or `{{%`); returns the token and its end.
    fn lex_tag(&mut self, start: usize) -> Result<(Token, usize), Fail> {
        let delim = match self.src.as_bytes().get(start + 2) {
            Some(b'%') => Delim::Markdown,
            _ => Delim::Standard,
        };
        let p = skip_ws(self.src, start + 3);
        let rest = &self.src[p..];
        if rest.starts_with("/*") {
            self.lex_escaped(start, p)
        } else if rest.starts_with('/') {
            self.lex_close(start, p + 1)
        } else {
            self.lex_open(start, p, delim)
        }
    }

    /// `{{< name args >}}` or `{{< name args />}}`; `p` is at the name.
    fn lex_open(&mut self, start: usize, p: usize, delim: Delim) -> Result<(Token, usize), Fail> {
        let name_end = scan_name(self.src, p);
        let tail = self.lex_args(name_end)?;
        let span = Span::new(start, tail.end);
        let name = &self.src[p..name_end];
        if name.is_empty() {
            self.error(ParseErrorKind::MissingName, span);
            return Ok((Token::Text(span), tail.end));
        }
        let call = Call {
            name: name.to_string(),
            delim,
            args: self.combine_args(name, tail.args, span),
            open: span,
            close: None,
            self_closing: tail.self_closing,
            inner: None,
        };
        let token = if tail.self_closing {
            Token::SelfClosing(call)
        } else {
            Token::Open(call)
        };
        Ok((token, tail.end))
    }

    /// `{{< /name >}}`; `p` is just after the slash.
    fn lex_close(&mut self, start: usize, p: usize) -> Result<(Token, usize), Fail> {
        let name_start = skip_ws(self.src, p);
        let name_end = scan_name(self.src, name_start);
        let tail = self.lex_args(name_end)?;
        let span = Span::new(start, tail.end);
        let name = self.src[name_start..name_end].to_string();
        if !tail.args.is_empty() {
            self.error(
                ParseErrorKind::CloseWithArguments { name: name.clone() },
                span,
            );
        }
        Ok((Token::Close { name, span }, tail.end))
    }

    /// `{{</* anything */>}}`; `p` is at the `/*`. The literal is the tag without the comment markers.
    fn lex_escaped(&mut self, start: usize, p: usize) -> Result<(Token, usize), Fail> {
        let body = p + 2;
        let mut from = body;
        while let Some(offset) = self.src[from..].find("*/") {
            let marker = from + offset;
            let q = skip_ws(self.src, marker + 2);
            if starts_right_delim(self.src, q) {
                let end = q + 3;
                let literal = [
                    &self.src[start..p],
                    &self.src[body..marker],
                    &self.src[marker + 2..end],
                ]
                .concat();
                return Ok((
                    Token::Escaped {
                        span: Span::new(start, end),
                        literal,
                    },
                    end,
                ));
            }
            from = marker + 1;
        }
        Err(Fail {
            kind: ParseErrorKind::UnterminatedTag,
            stop: self.src.len(),
        })
    }

    /// Arguments from `p` up to and including the end delimiter.
    fn lex_args(&mut self, mut p: usize) -> Result<TagTail, Fail> {
        let mut args = Vec::new();
        loop {
            p = skip_ws(self.src, p);
            if p >= self.src.len() || starts_new_tag(self.src, p) {
                return Err(Fail {
                    kind: ParseErrorKind::UnterminatedTag,
                    stop: p,
                });
            }
            if let Some((self_closing, end)) = tag_end(self.src, p) {
                return Ok(TagTail {
                    args,
                    self_closing,
                    end,
                });
            }
            let (arg, next) = self.lex_arg(p)?;
            args.push(arg);
            p = next;
        }
    }

    /// One argument at `p`, which is neither whitespace nor the end of the tag.
    fn lex_arg(&self, p: usize) -> Result<(RawArg, usize), Fail> {
        let Some(eq) = key_end(self.src, p) else {
            let (value, end) = self.lex_value(p)?;
            return Ok((RawArg::Positional(value), end));
        };
        let key = self.src[p..eq].to_string();
        if value_missing(self.src, eq + 1) {
            return Ok((RawArg::Named(key, None), eq + 1));
        }
        let (value, end) = self.lex_value(eq + 1)?;
        Ok((RawArg::Named(key, Some(value)), end))
    }

    fn lex_value(&self, p: usize) -> Result<(Value, usize), Fail> {
        match self.src.as_bytes().get(p) {
            Some(b'"') => self.lex_quoted(p),
            Some(b'`') => self.lex_raw(p),
            _ => {
                let end = scan_bare(self.src, p);
                Ok((typed(&self.src[p..end]), end))
            }
        }
    }

    /// `"..."` with `\"` and `\\` escapes; any other backslash is kept as written.
    fn lex_quoted(&self, p: usize) -> Result<(Value, usize), Fail> {
        let mut out = String::new();
        let mut chars = self.src[p + 1..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Ok((Value::Str(out), p + 2 + i)),
                '\\' if matches!(chars.peek(), Some((_, '"' | '\\'))) => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                _ => out.push(c),
            }
        }
        Err(self.unterminated_string())
    }

    /// `` `...` ``, raw: no escapes, may span lines.
    fn lex_raw(&self, p: usize) -> Result<(Value, usize), Fail> {
        match self.src[p + 1..].find('`') {
            Some(offset) => {
                let end = p + 1 + offset;
                Ok((Value::Str(self.src[p + 1..end].to_string()), end + 1))
            }
            None => Err(self.unterminated_string()),
        }
    }

    fn unterminated_string(&self) -> Fail {
        Fail {
            kind: ParseErrorKind::UnterminatedString,
            stop: self.src.len(),
        }
    }

    /// Keeps the arguments of the kind of the first one, reporting the others and missing values.
    fn combine_args(&mut self, name: &str, raw: Vec<RawArg>, span: Span) -> Args {
        let named = matches!(raw.first(), Some(RawArg::Named(..)));
        let mut positional = Vec::new();
        let mut pairs = Vec::new();
        let mut mixed = false;
        for arg in raw {
            match (named, arg) {
                (false, RawArg::Positional(value)) => positional.push(value),
                (true, RawArg::Named(key, Some(value))) => pairs.push((key, value)),
                (true, RawArg::Named(key, None)) => {
                    self.error(ParseErrorKind::MissingValue { key: key.clone() }, span);
                    pairs.push((key, Value::Str(String::new())));
                }
                _ => mixed = true,
            }
        }
        if mixed {
            self.error(
                ParseErrorKind::MixedArguments {
                    name: name.to_string(),
                },
                span,
            );
        }
        if named {
            Args::Named(pairs)
        } else {
            Args::Positional(positional)
        }
    }
}

/// The next `{{<` or `{{%` at or after `from`. A `{{` followed by anything else is text.
pub(crate) fn find_tag_start(src: &str, from: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut from = from;
    while let Some(offset) = memchr::memmem::find(&bytes[from..], b"{{") {
        let at = from + offset;
        match bytes.get(at + 2) {
            Some(b'<' | b'%') => return Some(at),
            _ => from = at + 1,
        }
    }
    None
}

fn skip_ws(src: &str, p: usize) -> usize {
    let rest = &src[p..];
    p + (rest.len() - rest.trim_start().len())
}

fn starts_new_tag(src: &str, p: usize) -> bool {
    let rest = &src[p..];
    rest.starts_with("{{<") || rest.starts_with("{{%")
}

/// Either end delimiter ends a tag: a mismatch with the opening one is accepted silently.
fn starts_right_delim(src: &str, p: usize) -> bool {
    let rest = &src[p..];
    rest.starts_with(">}}") || rest.starts_with("%}}")
}

/// At the end of a tag: `>}}`, or `/>}}` (whitespace allowed after the slash).
/// Returns whether it is self-closing and the position after the delimiter.
fn tag_end(src: &str, p: usize) -> Option<(bool, usize)> {
    if starts_right_delim(src, p) {
        return Some((false, p + 3));
    }
    if src[p..].starts_with('/') {
        let q = skip_ws(src, p + 1);
        if starts_right_delim(src, q) {
            return Some((true, q + 3));
        }
    }
    None
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')
}

/// The end of the shortcode name at `p` (letters, digits, `-`, `_`, `/`, `.`); a slash that starts a
/// self-closing end is not part of it.
fn scan_name(src: &str, p: usize) -> usize {
    let mut end = p;
    for c in src[p..].chars() {
        if !is_name_char(c) || (c == '/' && tag_end(src, end).is_some()) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// If `p` starts `key=`, the position of the `=`.
fn key_end(src: &str, p: usize) -> Option<usize> {
    let rest = &src[p..];
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(rest.len());
    (len > 0 && rest[len..].starts_with('=')).then_some(p + len)
}

/// Whether nothing that could be a value starts at `p` (after `key=`).
fn value_missing(src: &str, p: usize) -> bool {
    match src[p..].chars().next() {
        None => true,
        Some(c) => c.is_whitespace() || tag_end(src, p).is_some() || starts_new_tag(src, p),
    }
}

/// The end of a bare word at `p`: up to whitespace, the end of the tag or a new tag. Takes at least
/// one char.
fn scan_bare(src: &str, p: usize) -> usize {
    let mut chars = src[p..].chars();
    let mut end = p + chars.next().map_or(0, char::len_utf8);
    for c in chars {
        if c.is_whitespace() || tag_end(src, end).is_some() || starts_new_tag(src, end) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// A bare word's value: `true`/`false`, an integer, a decimal, or else a string.
fn typed(word: &str) -> Value {
    match word {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    let digits = word.strip_prefix(['-', '+']).unwrap_or(word);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let is_decimal = digits
        .split_once('.')
        .is_some_and(|(w, f)| all_digits(w) && all_digits(f));
    if all_digits(digits) {
        return word
            .parse()
            .map_or_else(|_| Value::Str(word.to_string()), Value::Int);
    }
    if is_decimal {
        return word
            .parse()
            .map_or_else(|_| Value::Str(word.to_string()), Value::Float);
    }
    Value::Str(word.to_string())
}

// ---------------------------------------------------------------------------------------------
// Pairing
// ---------------------------------------------------------------------------------------------

/// How deep calls may nest; deeper calls are kept as text (reported once), so that the tree (and
/// whatever walks it recursively) stays shallow, and one cause gives one diagnostic.
pub const MAX_DEPTH: usize = 200;

/// An open call waiting for its closing tag, with the nodes read since its opening tag.
struct Frame {
    call: Call,
    children: Vec<Node>,
    required: bool,
}

struct Tree<'f> {
    inner_use: &'f dyn Fn(&str) -> InnerUse,
    stack: Vec<Frame>,
    root: Vec<Node>,
    errors: Vec<ParseError>,
    /// Names of the opening tags beyond [`MAX_DEPTH`] kept as text, innermost last: their closing
    /// tags are text too.
    too_deep: Vec<String>,
    /// Whether nesting beyond [`MAX_DEPTH`] was reported (once per source).
    reported_too_deep: bool,
}

impl<'f> Tree<'f> {
    fn new(inner_use: &'f dyn Fn(&str) -> InnerUse) -> Self {
        Tree {
            inner_use,
            stack: Vec::new(),
            root: Vec::new(),
            errors: Vec::new(),
            too_deep: Vec::new(),
            reported_too_deep: false,
        }
    }

    fn build(mut self, tokens: Vec<Token>) -> (Vec<Node>, Vec<ParseError>) {
        for token in tokens {
            match token {
                Token::Text(span) => self.push(Node::Text(span)),
                Token::Escaped { span, literal } => self.push(Node::Escaped { span, literal }),
                Token::SelfClosing(call) => self.push(Node::Call(call)),
                Token::Open(call) => self.open(call),
                Token::Close { name, span } => self.close(name, span),
            }
        }
        self.unwind_from(0);
        (self.root, self.errors)
    }

    fn error(&mut self, kind: ParseErrorKind, span: Span) {
        self.errors.push(ParseError { kind, span });
    }

    /// Appends to the innermost open call, or the top level; adjacent text is merged.
    fn push(&mut self, node: Node) {
        let nodes = match self.stack.last_mut() {
            Some(frame) => &mut frame.children,
            None => &mut self.root,
        };
        match (&node, nodes.last_mut()) {
            (Node::Text(new), Some(Node::Text(last))) if last.end == new.start => {
                last.end = new.end
            }
            _ => nodes.push(node),
        }
    }

    fn open(&mut self, call: Call) {
        match (self.inner_use)(&call.name) {
            InnerUse::Never => self.push(Node::Call(call)),
            _ if self.stack.len() >= MAX_DEPTH => self.too_deep(call),
            inner_use => self.stack.push(Frame {
                call,
                children: Vec::new(),
                required: inner_use == InnerUse::Required,
            }),
        }
    }

    /// An opening tag that would nest deeper than [`MAX_DEPTH`]: kept as text, reported once.
    fn too_deep(&mut self, call: Call) {
        if !self.reported_too_deep {
            self.reported_too_deep = true;
            let name = call.name.clone();
            self.error(ParseErrorKind::NestingTooDeep { name }, call.open);
        }
        self.push(Node::Text(call.open));
        self.too_deep.push(call.name);
    }

    /// The closing tag of an opening tag kept as text (see [`Tree::too_deep`]) is text as well.
    fn close_too_deep(&mut self, name: &str, span: Span) -> bool {
        let found = match self.too_deep.iter().rposition(|open| open == name) {
            Some(index) => Some(index),
            None if name.is_empty() => self.too_deep.len().checked_sub(1),
            None => None,
        };
        let Some(index) = found else {
            return false;
        };
        self.too_deep.truncate(index);
        self.push(Node::Text(span));
        true
    }

    fn close(&mut self, name: String, span: Span) {
        if self.close_too_deep(&name, span) {
            return;
        }
        if name.is_empty() {
            let frame = self.stack.pop();
            let closed = frame.as_ref().map(|frame| frame.call.name.clone());
            self.error(ParseErrorKind::EmptyCloseName { closed }, span);
            if let Some(frame) = frame {
                self.pair(frame, span);
            }
            return;
        }
        if (self.inner_use)(&name) == InnerUse::Never {
            self.error(ParseErrorKind::UnexpectedClose { name }, span);
            return;
        }
        let Some(index) = self.stack.iter().rposition(|f| f.call.name == name) else {
            let kind = match self.stack.last() {
                Some(top) => ParseErrorKind::MismatchedClose {
                    open: top.call.name.clone(),
                    close: name,
                },
                None => ParseErrorKind::StrayClose { name },
            };
            self.error(kind, span);
            return;
        };
        self.unwind_from(index + 1);
        if let Some(frame) = self.stack.pop() {
            self.pair(frame, span);
        }
    }

    /// Pairs an open call with its closing tag at `close`.
    fn pair(&mut self, frame: Frame, close: Span) {
        // Whatever was kept as text for being too deep lies inside this call.
        self.too_deep.clear();
        let Frame {
            mut call, children, ..
        } = frame;
        call.inner = Some(Inner {
            span: Span::new(call.open.end, close.start),
            nodes: children,
        });
        call.close = Some(close);
        self.push(Node::Call(call));
    }

    /// Leaves the open calls from stack position `depth` up unpaired: each call's would-be children
    /// become its following siblings. Done outermost first, so each node moves only once.
    fn unwind_from(&mut self, depth: usize) {
        for frame in self.stack.split_off(depth) {
            if frame.required {
                let name = frame.call.name.clone();
                self.error(ParseErrorKind::UnclosedCall { name }, frame.call.open);
            }
            self.push(Node::Call(frame.call));
            for child in frame.children {
                self.push(child);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn uses(name: &str) -> InnerUse {
        match name {
            "notice" | "expandlarge" | "a" | "b" | "c" | "panel" => InnerUse::Required,
            "icon" | "insert" | "link" | "title" | "x" | "children" | "news-card" => {
                InnerUse::Never
            }
            _ => InnerUse::Optional,
        }
    }

    fn p(src: &str) -> ParseOutput {
        parse(src, &uses)
    }

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    fn str(s: &str) -> Value {
        Value::Str(s.to_string())
    }

    /// The single call of a source that holds one call and nothing else, with no errors.
    fn one_call(src: &str) -> Call {
        let out = p(src);
        assert_eq!(out.errors, vec![], "{src}");
        match out.nodes.as_slice() {
            [Node::Call(call)] => call.clone(),
            other => panic!("expected one call in {src:?}, got {other:?}"),
        }
    }

    fn kinds(out: &ParseOutput) -> Vec<ParseErrorKind> {
        out.errors.iter().map(|e| e.kind.clone()).collect()
    }

    fn call_at(nodes: &[Node], i: usize) -> &Call {
        match &nodes[i] {
            Node::Call(call) => call,
            other => panic!("node {i} is not a call: {other:?}"),
        }
    }

    fn name(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn positional_arguments() {
        let src = r#"{{< insert "content/a b.md" plain >}}"#;
        let call = one_call(src);
        assert_eq!(call.name, "insert");
        assert_eq!(call.delim, Delim::Standard);
        assert_eq!(
            call.args,
            Args::Positional(vec![str("content/a b.md"), str("plain")])
        );
        assert_eq!(call.open, span(0, src.len()));
        assert!(!call.self_closing);
        assert_eq!((call.close, call.inner), (None, None));
    }

    #[test]
    fn no_arguments_and_no_spaces() {
        let call = one_call("{{<title>}}");
        assert_eq!(call.args, Args::Positional(vec![]));
        assert_eq!(call.name, "title");
    }

    #[test]
    fn named_arguments() {
        let call = one_call(r#"{{<icon name="fa-code" size=3 label=big tag=`a b`>}}"#);
        assert_eq!(
            call.args,
            Args::Named(vec![
                (name("name"), str("fa-code")),
                (name("size"), Value::Int(3)),
                (name("label"), str("big")),
                (name("tag"), str("a b")),
            ])
        );
    }

    #[test]
    fn quoted_with_escapes() {
        let call = one_call(r#"{{< x "say \"hi\" \\ C:\dir" >}}"#);
        assert_eq!(
            call.args,
            Args::Positional(vec![str(r#"say "hi" \ C:\dir"#)])
        );
    }

    #[test]
    fn quoted_may_hold_delimiters_and_backquotes() {
        let call = one_call(r#"{{<footnote "Use `x` >}} here">}}"#);
        assert_eq!(call.args, Args::Positional(vec![str("Use `x` >}} here")]));
    }

    #[test]
    fn raw_strings_span_lines() {
        let call = one_call("{{< x `line 1\n  \"line\\n 2\"` >}}");
        assert_eq!(
            call.args,
            Args::Positional(vec![str("line 1\n  \"line\\n 2\"")])
        );
    }

    #[test]
    fn numbers() {
        let call = one_call("{{< x 42 -7 +3 2.75 -0.5 1.5.2 007 1e5 99999999999999999999 .5 >}}");
        let expected = vec![
            Value::Int(42),
            Value::Int(-7),
            Value::Int(3),
            Value::Float(2.75),
            Value::Float(-0.5),
            str("1.5.2"),
            Value::Int(7),
            str("1e5"),
            str("99999999999999999999"),
            str(".5"),
        ];
        assert_eq!(call.args, Args::Positional(expected));
        assert_eq!(
            one_call(r#"{{< x "42" >}}"#).args,
            Args::Positional(vec![str("42")])
        );
    }

    #[test]
    fn booleans() {
        let call = one_call(r#"{{< x true false True "true" >}}"#);
        let expected = vec![
            Value::Bool(true),
            Value::Bool(false),
            str("True"),
            str("true"),
        ];
        assert_eq!(call.args, Args::Positional(expected));
    }

    #[test]
    fn self_closing() {
        for src in [
            "{{<children />}}",
            "{{<children/>}}",
            "{{< children / >}}",
            "{{% children /%}}",
        ] {
            let call = one_call(src);
            assert_eq!(call.name, "children", "{src}");
            assert!(call.self_closing, "{src}");
            assert_eq!((call.close, call.inner), (None, None), "{src}");
            assert_eq!(call.open, span(0, src.len()), "{src}");
        }
        let call = one_call(r#"{{<children description="true" depth=2 />}}"#);
        let expected = vec![
            (name("description"), str("true")),
            (name("depth"), Value::Int(2)),
        ];
        assert_eq!(call.args, Args::Named(expected));
        // A Required shortcode may be self-closed.
        assert!(one_call("{{< notice />}}").self_closing);
    }

    #[test]
    fn names_with_slashes_and_dots() {
        assert_eq!(one_call("{{< dir/sub.name >}}").name, "dir/sub.name");
        assert_eq!(
            one_call("{{<content-version-selector_2/>}}").name,
            "content-version-selector_2"
        );
    }

    #[test]
    fn nested_three_deep_with_spans() {
        //         0         1         2         3         4         5         6
        //         0123456789012345678901234567890123456789012345678901234567890123456
        let src = "{{< a >}}1{{% b %}}2{{<c>}}3{{</c>}}4{{% /b %}}5{{< /a >}}";
        let out = p(src);
        assert_eq!(out.errors, vec![]);
        assert_eq!(out.nodes.len(), 1);
        let a = call_at(&out.nodes, 0);
        assert_eq!((a.open, a.close), (span(0, 9), Some(span(48, 58))));
        let a_inner = a.inner.as_ref().unwrap();
        assert_eq!(a_inner.span, span(9, 48));
        assert_eq!(a_inner.nodes.len(), 3);
        assert_eq!(a_inner.nodes[0], Node::Text(span(9, 10)));
        assert_eq!(a_inner.nodes[2], Node::Text(span(47, 48)));
        let b = call_at(&a_inner.nodes, 1);
        assert_eq!(b.delim, Delim::Markdown);
        assert_eq!((b.open, b.close), (span(10, 19), Some(span(37, 47))));
        let b_inner = b.inner.as_ref().unwrap();
        assert_eq!(b_inner.span, span(19, 37));
        assert_eq!(b_inner.nodes[0], Node::Text(span(19, 20)));
        let c = call_at(&b_inner.nodes, 1);
        assert_eq!((c.open, c.close), (span(20, 27), Some(span(28, 36))));
        let c_inner = c.inner.as_ref().unwrap();
        assert_eq!(c_inner.span, span(27, 28));
        assert_eq!(c_inner.nodes, vec![Node::Text(span(27, 28))]);
        assert_eq!(&src[c_inner.span.start..c_inner.span.end], "3");
        assert_eq!(b_inner.nodes[2], Node::Text(span(36, 37)));
    }

    #[test]
    fn calls_span_lines() {
        let src = "  {{<news-card\n    date=\"2024-05-01\"\n    title=`A\nB`\n    >}}\n";
        let out = p(src);
        assert_eq!(out.errors, vec![]);
        let call = call_at(&out.nodes, 1);
        assert_eq!(call.name, "news-card");
        let expected = vec![
            (name("date"), str("2024-05-01")),
            (name("title"), str("A\nB")),
        ];
        assert_eq!(call.args, Args::Named(expected));
        assert_eq!(call.open, span(2, src.len() - 1));
        assert_eq!(out.nodes[0], Node::Text(span(0, 2)));
        assert_eq!(out.nodes[2], Node::Text(span(src.len() - 1, src.len())));
    }

    #[test]
    fn escaped_comments() {
        let src = "a {{</* notice info */>}} b {{%/* x \"q\" */%}} c {{< /* y */ >}}";
        let out = p(src);
        assert_eq!(out.errors, vec![]);
        let escaped: Vec<(&str, &str)> = out
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Escaped { span, literal } => {
                    Some((&src[span.start..span.end], literal.as_str()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            escaped,
            vec![
                ("{{</* notice info */>}}", "{{< notice info >}}"),
                ("{{%/* x \"q\" */%}}", "{{% x \"q\" %}}"),
                ("{{< /* y */ >}}", "{{<  y  >}}"),
            ]
        );
        // Escaped closing tags are not closes.
        let out = p("{{</* /notice */>}}");
        assert_eq!(out.errors, vec![]);
        assert!(
            matches!(&out.nodes[..], [Node::Escaped { literal, .. }] if literal == "{{< /notice >}}")
        );
    }

    #[test]
    fn both_delimiters_and_silent_mismatch() {
        let out = p("{{% notice info %}}x{{< /notice >}} {{<notice warning>}}y{{%/notice%}}");
        assert_eq!(out.errors, vec![]);
        assert_eq!(call_at(&out.nodes, 0).delim, Delim::Markdown);
        assert_eq!(call_at(&out.nodes, 2).delim, Delim::Standard);
        assert!(call_at(&out.nodes, 2).inner.is_some());
        // A tag ended by the other notation's delimiter is accepted as well.
        assert_eq!(
            one_call("{{< icon x %}}").args,
            Args::Positional(vec![str("x")])
        );
    }

    #[test]
    fn optional_paired_and_unpaired() {
        let out = p("{{< opt >}}in{{< /opt >}}");
        assert_eq!(out.errors, vec![]);
        let opt = call_at(&out.nodes, 0);
        assert_eq!(
            opt.inner.as_ref().unwrap().nodes,
            vec![Node::Text(span(11, 13))]
        );

        let out = p("{{< opt >}}after");
        assert_eq!(out.errors, vec![]);
        assert_eq!(out.nodes.len(), 2);
        assert_eq!(call_at(&out.nodes, 0).inner, None);
        assert_eq!(out.nodes[1], Node::Text(span(11, 16)));

        // Unpaired inside a paired Required call: its would-be children become its siblings.
        let out = p("{{< a >}}{{< opt >}}t{{< icon >}}{{< /a >}}");
        assert_eq!(out.errors, vec![]);
        let a = call_at(&out.nodes, 0);
        let nodes = &a.inner.as_ref().unwrap().nodes;
        assert_eq!(nodes.len(), 3);
        assert_eq!(call_at(nodes, 0).name, "opt");
        assert_eq!(call_at(nodes, 0).inner, None);
        assert_eq!(nodes[1], Node::Text(span(20, 21)));
        assert_eq!(call_at(nodes, 2).name, "icon");
    }

    #[test]
    fn required_unclosed() {
        let out = p("{{% notice info %}}text");
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::UnclosedCall {
                name: name("notice")
            }]
        );
        assert_eq!(out.errors[0].span, span(0, 19));
        assert_eq!(call_at(&out.nodes, 0).inner, None);
        assert_eq!(out.nodes[1], Node::Text(span(19, 23)));
    }

    #[test]
    fn stray_close_is_dropped() {
        let out = p("x{{< /notice >}}y");
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::StrayClose {
                name: name("notice")
            }]
        );
        assert_eq!(out.errors[0].span, span(1, 16));
        assert_eq!(
            out.nodes,
            vec![Node::Text(span(0, 1)), Node::Text(span(16, 17))]
        );
    }

    #[test]
    fn unexpected_close_of_never_shortcode() {
        let out = p("{{< icon >}}x{{< /icon >}}");
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::UnexpectedClose { name: name("icon") }]
        );
        assert_eq!(out.errors[0].span, span(13, 26));
        assert_eq!(out.nodes.len(), 2);
    }

    #[test]
    fn mismatched_nesting() {
        let out = p("{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}");
        assert_eq!(
            kinds(&out),
            vec![
                ParseErrorKind::UnclosedCall { name: name("b") },
                ParseErrorKind::StrayClose { name: name("b") },
            ]
        );
        assert_eq!(out.errors[0].span, span(9, 18));
        assert_eq!(out.errors[1].span, span(28, 38));
        let a = call_at(&out.nodes, 0);
        assert_eq!(a.close, Some(span(18, 28)));
        let b = call_at(&a.inner.as_ref().unwrap().nodes, 0);
        assert_eq!((b.name.as_str(), b.inner.as_ref()), ("b", None));

        let out = p("{{< a >}}{{< /b >}}{{< /a >}}");
        let expected = ParseErrorKind::MismatchedClose {
            open: name("a"),
            close: name("b"),
        };
        assert_eq!(kinds(&out), vec![expected]);
        assert_eq!(out.errors[0].span, span(9, 19));
        assert!(call_at(&out.nodes, 0).inner.is_some());
    }

    #[test]
    fn mixed_arguments_keep_the_first_kind() {
        let out = p(r#"{{< x a k="v" b >}}"#);
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::MixedArguments { name: name("x") }]
        );
        assert_eq!(out.errors[0].span, span(0, 19));
        assert_eq!(
            call_at(&out.nodes, 0).args,
            Args::Positional(vec![str("a"), str("b")])
        );
        let out = p(r#"{{< x k="v" a >}}"#);
        assert_eq!(
            call_at(&out.nodes, 0).args,
            Args::Named(vec![(name("k"), str("v"))])
        );
    }

    #[test]
    fn missing_value() {
        let out = p("{{< x k= j=1 >}}");
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::MissingValue { key: name("k") }]
        );
        let expected = vec![(name("k"), str("")), (name("j"), Value::Int(1))];
        assert_eq!(call_at(&out.nodes, 0).args, Args::Named(expected));
    }

    #[test]
    fn empty_close_name_closes_innermost() {
        let src = "{{% notice info %}}\nA\n{{% / %}}\n{{% notice warning %}}\nB\n{{% / %}}\n";
        let out = p(src);
        assert_eq!(
            kinds(&out),
            vec![
                ParseErrorKind::EmptyCloseName {
                    closed: Some(name("notice"))
                },
                ParseErrorKind::EmptyCloseName {
                    closed: Some(name("notice"))
                }
            ]
        );
        assert_eq!(out.errors[0].span, span(22, 31));
        assert_eq!(&src[22..31], "{{% / %}}");
        let first = call_at(&out.nodes, 0);
        assert_eq!(first.close, Some(span(22, 31)));
        assert_eq!(first.inner.as_ref().unwrap().span, span(19, 22));
        assert!(call_at(&out.nodes, 2).inner.is_some());
        // Nothing open: just reported and dropped.
        let out = p("a{{< / >}}b");
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::EmptyCloseName { closed: None }]
        );
        assert_eq!(out.nodes.len(), 2);
    }

    #[test]
    fn close_with_whitespace_and_arguments() {
        let out = p("{{< highlight go >}}x{{< / highlight >}}");
        assert_eq!(out.errors, vec![]);
        assert_eq!(call_at(&out.nodes, 0).close, Some(span(21, 40)));
        let out = p("{{< opt >}}{{< /opt extra >}}");
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::CloseWithArguments { name: name("opt") }]
        );
        assert!(call_at(&out.nodes, 0).inner.is_some());
    }

    #[test]
    fn non_ascii_text_around_calls() {
        let src = "Blåbær {{< icon \"ø\" >}} ✓ 日本{{% opt %}}æ{{% /opt %}}";
        let out = p(src);
        assert_eq!(out.errors, vec![]);
        assert_eq!(out.nodes[0], Node::Text(span(0, "Blåbær ".len())));
        let icon = call_at(&out.nodes, 1);
        assert_eq!(&src[icon.open.start..icon.open.end], "{{< icon \"ø\" >}}");
        assert_eq!(icon.args, Args::Positional(vec![str("ø")]));
        let opt = call_at(&out.nodes, 3);
        let inner = opt.inner.as_ref().unwrap().span;
        assert_eq!(&src[inner.start..inner.end], "æ");
        assert_eq!(
            one_call("{{< ikon navn=blå >}}").args,
            Args::Named(vec![(name("navn"), str("blå"))])
        );
    }

    #[test]
    fn go_template_braces_are_text() {
        let src = "```\n{{ .Title }} {{- if .Params.x -}} {{{ x }}} {{\n```";
        let out = p(src);
        assert_eq!(out.errors, vec![]);
        assert_eq!(out.nodes, vec![Node::Text(span(0, src.len()))]);
    }

    #[test]
    fn shortcodes_in_code_fences_are_calls() {
        let out = p("```\n{{< icon x >}}\n```");
        assert_eq!(call_at(&out.nodes, 1).name, "icon");
    }

    #[test]
    fn unterminated_tag_is_text() {
        let out = p("a {{< icon x");
        assert_eq!(kinds(&out), vec![ParseErrorKind::UnterminatedTag]);
        assert_eq!(out.errors[0].span, span(2, 12));
        assert_eq!(out.nodes, vec![Node::Text(span(0, 12))]);
        // Cut short by the next tag, which is still read.
        let out = p("{{< icon x\n{{< title >}}");
        assert_eq!(kinds(&out), vec![ParseErrorKind::UnterminatedTag]);
        assert_eq!(out.errors[0].span, span(0, 11));
        assert_eq!(out.nodes[0], Node::Text(span(0, 11)));
        assert_eq!(call_at(&out.nodes, 1).name, "title");
        let out = p("{{</* never closed */ >}");
        assert_eq!(kinds(&out), vec![ParseErrorKind::UnterminatedTag]);
    }

    #[test]
    fn unterminated_string_is_text() {
        for src in ["{{< icon \"abc >}} x", "{{< icon k=`abc >}}"] {
            let out = p(src);
            assert_eq!(
                kinds(&out),
                vec![ParseErrorKind::UnterminatedString],
                "{src}"
            );
            assert_eq!(out.errors[0].span, span(0, src.len()));
            assert_eq!(out.nodes, vec![Node::Text(span(0, src.len()))]);
        }
    }

    #[test]
    fn missing_name_is_text() {
        let out = p(r#"a{{< >}}b{{< "x" >}}"#);
        assert_eq!(
            kinds(&out),
            vec![ParseErrorKind::MissingName, ParseErrorKind::MissingName]
        );
        assert_eq!(out.errors[0].span, span(1, 8));
        assert_eq!(out.nodes, vec![Node::Text(span(0, 20))]);
    }

    #[test]
    fn errors_are_sorted_by_position() {
        let out = p("{{< a >}}{{< x k=1 v >}}");
        assert_eq!(
            kinds(&out),
            vec![
                ParseErrorKind::UnclosedCall { name: name("a") },
                ParseErrorKind::MixedArguments { name: name("x") },
            ]
        );
    }

    #[test]
    fn deep_nesting_is_reported_once_and_kept_as_text() {
        let open = "{{< a >}}";
        let close = "{{< /a >}}";
        let src = open.repeat(2000) + "x" + &close.repeat(2000);
        let out = p(&src);
        let too_deep = ParseErrorKind::NestingTooDeep { name: name("a") };
        assert_eq!(kinds(&out), vec![too_deep], "one cause, one diagnostic");
        let first_too_deep = MAX_DEPTH * open.len();
        assert_eq!(
            out.errors[0].span,
            span(first_too_deep, first_too_deep + open.len())
        );
        // The outermost MAX_DEPTH calls are paired; the innermost of them holds the rest as text.
        let mut nodes = &out.nodes;
        for _ in 0..MAX_DEPTH - 1 {
            let call = call_at(nodes, 0);
            assert!(call.close.is_some());
            nodes = &call.inner.as_ref().unwrap().nodes;
        }
        let innermost = call_at(nodes, 0);
        let inner = innermost.inner.as_ref().unwrap();
        assert_eq!(inner.nodes, vec![Node::Text(inner.span)]);
        let text = &src[inner.span.start..inner.span.end];
        assert!(
            text.starts_with(open) && text.ends_with(close),
            "{text:.40}"
        );
        assert_eq!(text.matches(open).count(), 2000 - MAX_DEPTH);
    }

    #[test]
    fn deep_nesting_keeps_closes_of_other_calls() {
        // A too-deep optional call never closed does not swallow the close of its parent.
        let src = "{{< b >}}".repeat(MAX_DEPTH) + "{{< opt >}}t" + &"{{< /b >}}".repeat(MAX_DEPTH);
        let out = p(&src);
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert!(call_at(&out.nodes, 0).close.is_some());
        // Calls that never take inner content are still calls down there.
        let src = "{{< b >}}".repeat(MAX_DEPTH) + "{{< icon >}}" + &"{{< /b >}}".repeat(MAX_DEPTH);
        assert_eq!(p(&src).errors, vec![]);
    }

    #[test]
    fn unwinding_is_linear() {
        // Unclosed at the end: unwound into one flat list, quickly.
        let out = p(&"{{< opt >}}".repeat(100_000));
        assert_eq!(out.errors.len(), 1, "only the depth is reported");
        assert_eq!(out.nodes.len(), MAX_DEPTH + 1);
        let out = p(&"{{< opt >}}".repeat(MAX_DEPTH));
        assert_eq!(out.nodes.len(), MAX_DEPTH);
    }

    #[test]
    fn display_messages() {
        let notice = ParseErrorKind::UnclosedCall {
            name: name("notice"),
        };
        assert_eq!(notice.to_string(), "shortcode 'notice' is never closed");
        let empty = ParseErrorKind::EmptyCloseName {
            closed: Some(name("expandlarge")),
        };
        assert_eq!(
            empty.to_string(),
            "closing tag '{{% / %}}' has no shortcode name; it closes 'expandlarge', as Hugo does"
        );
        let mismatch = ParseErrorKind::MismatchedClose {
            open: name("a"),
            close: name("b"),
        };
        assert_eq!(
            mismatch.to_string(),
            "closing tag for 'b' does not match open shortcode 'a'"
        );
    }

    // --- properties -------------------------------------------------------------------------

    /// Where a top-level node starts and ends in the source.
    fn extent(node: &Node) -> Span {
        match node {
            Node::Text(span) | Node::Escaped { span, .. } => *span,
            Node::Call(call) => Span::new(call.open.start, call.close.unwrap_or(call.open).end),
        }
    }

    fn check_span(src: &str, span: Span) -> Result<(), TestCaseError> {
        prop_assert!(
            span.start <= span.end && span.end <= src.len(),
            "{span:?} out of bounds"
        );
        prop_assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
        Ok(())
    }

    /// Every span valid, and every list of nodes in source order without overlap.
    fn check_nodes(src: &str, nodes: &[Node]) -> Result<(), TestCaseError> {
        let mut previous_end = 0;
        for node in nodes {
            let whole = extent(node);
            check_span(src, whole)?;
            prop_assert!(
                whole.start >= previous_end,
                "{node:?} overlaps or is out of order"
            );
            previous_end = whole.end;
            if let Node::Call(call) = node {
                check_call(src, call)?;
            }
        }
        Ok(())
    }

    fn check_call(src: &str, call: &Call) -> Result<(), TestCaseError> {
        check_span(src, call.open)?;
        prop_assert_eq!(call.inner.is_some(), call.close.is_some());
        prop_assert!(!(call.self_closing && call.inner.is_some()));
        if let (Some(inner), Some(close)) = (&call.inner, call.close) {
            check_span(src, close)?;
            prop_assert_eq!(inner.span, Span::new(call.open.end, close.start));
            check_nodes(src, &inner.nodes)?;
            if let (Some(first), Some(last)) = (inner.nodes.first(), inner.nodes.last()) {
                prop_assert!(
                    extent(first).start >= inner.span.start && extent(last).end <= inner.span.end
                );
            }
        }
        Ok(())
    }

    fn check_output(src: &str) -> Result<(), TestCaseError> {
        let out = p(src);
        check_nodes(src, &out.nodes)?;
        for error in &out.errors {
            check_span(src, error.span)?;
        }
        Ok(())
    }

    fn fragments() -> impl Strategy<Value = String> {
        let pieces = vec![
            "{{<", "{{%", ">}}", "%}}", "/>}}", "/", " /", "/*", "*/", "\"", "\\", "`", "=", " ",
            "\n", "æ", "日", "{{", "}}", "a", "b", "opt", "icon", "notice", "k=", "1", "-2.5",
            "true", "x",
        ];
        prop::collection::vec(prop::sample::select(pieces), 0..48).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arbitrary_strings_parse_with_valid_spans(src in any::<String>()) {
            check_output(&src)?;
        }

        #[test]
        fn fragment_strings_parse_with_valid_spans(src in fragments()) {
            check_output(&src)?;
        }
    }
}
