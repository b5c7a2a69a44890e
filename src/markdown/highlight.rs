//! Code blocks as Hugo prints them, highlighted at build time.
//!
//! The grammars are Sublime/TextMate ones run by syntect: brygge's compact
//! ones for the languages documentation holds most (`grammars`), and bat's
//! set from `two-face` for the rest, loaded once, lazily, and shared by all
//! threads. JSON, most of the code in API documentation, is split by a
//! hand-written lexer (`json_lexer`) that gives the compact JSON grammar's
//! tokens at a small part of the cost. Tokens get
//! the short CSS classes of Hugo's highlighter (Chroma: `k`, `s2`, `nt`, ...)
//! inside Hugo's markup (`div.highlight > pre.chroma > code > span.line >
//! span.cl`), so a stylesheet written for Hugo (`hugo gen chromastyles`)
//! works, and `static/brygge.css` gives a light and a dark style. A language
//! no grammar knows, or none, is printed as plain escaped code, as Hugo does.
//!
//! Knows nothing of Markdown: it takes code, a language and options.

use std::collections::HashMap;
use std::fmt::Write;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex};

use syntect::highlighting::ScopeSelectors;
use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, Style, StyleModifier, Theme, ThemeItem,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

use super::fence::{CodeOptions, LineNumbers};
use super::json_lexer;
use crate::render::push_escaped_text;

/// Blocks longer than this are shown without token colours (a grammar's
/// regular expressions can be slow on pathological input).
const MAX_HIGHLIGHTED_BYTES: usize = 512 * 1024;
/// Lines longer than this are not tokenized either.
const MAX_HIGHLIGHTED_LINE: usize = 16 * 1024;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);
static CLASS_THEME: LazyLock<Theme> = LazyLock::new(class_theme);
static HIGHLIGHTER: LazyLock<Highlighter<'static>> =
    LazyLock::new(|| Highlighter::new(&CLASS_THEME));

/// TextMate scope selectors and the Chroma class their tokens get. The most
/// specific matching selector wins (TextMate rules), as in a colour theme.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("comment.line", "c1"),
    ("comment.block", "cm"),
    ("comment.line.documentation.cs", "cs"),
    ("meta.preprocessor", "cp"),
    ("string", "s"),
    ("string.quoted.double", "s2"),
    ("string.quoted.single", "s1"),
    ("string.quoted.double punctuation", "s2"),
    ("string.quoted.single punctuation", "s1"),
    ("string.regexp", "sr"),
    ("string.quoted.template", "sb"),
    ("string.unquoted", "l"),
    ("constant.character.escape", "se"),
    ("constant.numeric", "m"),
    ("constant.numeric.integer", "mi"),
    ("constant.numeric.float", "mf"),
    ("constant.numeric.hex", "mh"),
    ("constant.language", "kc"),
    ("constant.character", "sc"),
    ("constant.other", "no"),
    ("keyword", "k"),
    ("keyword.control.import", "kn"),
    ("keyword.other.import", "kn"),
    ("keyword.operator", "o"),
    ("keyword.operator.word", "ow"),
    ("storage", "kd"),
    ("storage.type", "kt"),
    ("storage.modifier", "kd"),
    ("entity.name", "n"),
    ("entity.name.function", "nf"),
    ("entity.name.class", "nc"),
    ("entity.name.type", "nc"),
    ("entity.name.namespace", "nn"),
    ("entity.name.tag", "nt"),
    ("entity.other.attribute-name", "na"),
    ("entity.other.inherited-class", "nc"),
    ("support.function", "nb"),
    ("support.class", "nc"),
    ("support.type", "kt"),
    ("support.type.property-name", "nt"),
    ("support.constant", "kc"),
    ("meta.mapping.key string.quoted.double", "nt"),
    ("meta.mapping.key string.quoted.double punctuation", "nt"),
    ("variable", "nv"),
    ("variable.language", "bp"),
    ("variable.parameter", "nv"),
    ("variable.other.member", "nx"),
    ("punctuation", "p"),
    ("markup.heading", "gh"),
    ("markup.bold", "gs"),
    ("markup.italic", "ge"),
    ("markup.inserted", "gi"),
    ("markup.deleted", "gd"),
    ("markup.changed", "gu"),
    ("markup.raw", "sb"),
    ("markup.underline.link", "nl"),
    ("invalid", "err"),
];

/// A theme whose "colour" for each selector is the index of its class: the
/// highlighter's scope matching then tells each token its class.
fn class_theme() -> Theme {
    let scopes = CLASSES
        .iter()
        .enumerate()
        .filter_map(|(i, (selector, _))| {
            let index = u8::try_from(i + 1).ok()?;
            Some(ThemeItem {
                scope: ScopeSelectors::from_str(selector).ok()?,
                style: StyleModifier {
                    foreground: Some(Color {
                        r: index,
                        g: 0,
                        b: 0,
                        a: 255,
                    }),
                    background: None,
                    font_style: None,
                },
            })
        })
        .collect();
    Theme {
        scopes,
        ..Theme::default()
    }
}

fn class_of(style: Style) -> Option<&'static str> {
    let index = usize::from(style.foreground.r).checked_sub(1)?;
    CLASSES.get(index).map(|(_, class)| *class)
}

/// Loads the grammars now instead of at the first code block (for timing).
pub fn preload() {
    LazyLock::force(&HIGHLIGHTER);
    LazyLock::force(&BY_TOKEN);
    super::grammars::preload();
}

/// Chroma's names that the grammars know by another name (the compact
/// grammars and bat's alike).
fn grammar_name(lang: &str) -> &str {
    match lang {
        "csharp" | "c#" => "cs",
        "shell" | "zsh" | "console" | "shell-session" | "sh" => "bash",
        "docker" => "dockerfile",
        "jsonc" | "json5" => "json",
        "text" | "plaintext" | "plain" => "txt",
        "yml" => "yaml",
        "ts" => "typescript",
        "golang" => "go",
        "py" | "python3" => "python",
        "xsd" | "xsl" | "xslt" | "svg" | "csproj" | "xaml" => "xml",
        "js" => "javascript",
        "rs" => "rust",
        "kt" => "kotlin",
        "ps1" | "pwsh" => "powershell",
        other => other,
    }
}

/// Grammars by lower-case file extension and name, built once.
static BY_TOKEN: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, syntax) in SYNTAXES.syntaxes().iter().enumerate() {
        map.entry(syntax.name.to_lowercase()).or_insert(i);
    }
    for (i, syntax) in SYNTAXES.syntaxes().iter().enumerate() {
        for extension in &syntax.file_extensions {
            map.entry(extension.to_lowercase()).or_insert(i);
        }
    }
    map
});

/// The grammar for `lang` (as written in the source, any case) and the set
/// it belongs to: a compact one where there is one, else bat's.
fn find_syntax(lang: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let lower = lang.to_lowercase();
    let name = grammar_name(&lower);
    if let Some(found) = super::grammars::find(name) {
        return Some(found);
    }
    let index = *BY_TOKEN.get(name)?;
    Some((&SYNTAXES, SYNTAXES.syntaxes().get(index)?))
}

/// The most code (and its HTML) the cache of [`code_block`] keeps, in bytes.
const CACHE_LIMIT: usize = 64 << 20;

/// Blocks already highlighted, by language, options and code.
#[derive(Default)]
struct Cache {
    blocks: HashMap<(String, CodeOptions, String), Arc<str>>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);

/// One code block as Hugo prints it. `lang` as written in the source.
///
/// Highlighting is most of the cost of a page with code, and a site holds
/// the same block many times (in each language, in pages that insert the
/// same snippet): each distinct block is highlighted once and remembered,
/// up to [`CACHE_LIMIT`] (then the cache starts over).
pub fn code_block(code: &str, lang: &str, options: &CodeOptions) -> String {
    let key = (lang.to_string(), options.clone(), code.to_string());
    if let Some(html) = CACHE.lock().ok().and_then(|c| c.blocks.get(&key).cloned()) {
        return html.to_string();
    }
    let html = highlight_block(code, lang, options);
    if let Ok(mut cache) = CACHE.lock() {
        let size = key.2.len() + html.len();
        if cache.bytes + size > CACHE_LIMIT {
            *cache = Cache::default();
        }
        cache.bytes += size;
        cache.blocks.insert(key, Arc::from(html.as_str()));
    }
    html
}

fn highlight_block(code: &str, lang: &str, options: &CodeOptions) -> String {
    let lang = lang.trim();
    let mut html = String::with_capacity(code.len() * 4 + 200);
    if lang.is_empty() {
        html.push_str("<pre tabindex=\"0\"><code>");
        push_escaped_text(&mut html, code);
        html.push_str("</code></pre>\n");
        return html;
    }
    let lang_attr = super::escape_attr(lang);
    let Some((syntaxes, syntax)) = find_syntax(lang) else {
        let _ = write!(
            html,
            "<pre tabindex=\"0\"><code class=\"language-{lang_attr}\" data-lang=\"{lang_attr}\">"
        );
        push_escaped_text(&mut html, code);
        html.push_str("</code></pre>\n");
        return html;
    };
    let line_count = code.split_inclusive('\n').count();
    let width = (options.line_start + line_count.saturating_sub(1))
        .to_string()
        .len();
    let table = options.line_numbers == LineNumbers::Table;
    if table {
        html.push_str("<div class=\"highlight\"><div class=\"chroma\">\n<table class=\"lntable\"><tr><td class=\"lntd\">\n<pre tabindex=\"0\" class=\"chroma\"><code>");
        for (i, line) in code.split_inclusive('\n').enumerate() {
            let number = options.line_start + i;
            let newline = if line.ends_with('\n') { "\n" } else { "" };
            let marked = options.is_marked(i + 1);
            let _ = write!(
                html,
                "{}<span class=\"lnt\">{number:>width$}{newline}</span>{}",
                if marked { "<span class=\"hl\">" } else { "" },
                if marked { "</span>" } else { "" }
            );
        }
        html.push_str(
            "</code></pre></td>\n<td class=\"lntd\">\n<pre tabindex=\"0\" class=\"chroma\">",
        );
    } else {
        html.push_str("<div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\">");
    }
    let _ = write!(
        html,
        "<code class=\"language-{lang_attr}\" data-lang=\"{lang_attr}\">"
    );
    let mut lines = Lines::new(code, tokenizer(syntaxes, syntax, code));
    let mut i = 0;
    while let Some(line) = lines.next_line() {
        html.push_str(if options.is_marked(i + 1) {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        if options.line_numbers == LineNumbers::Inline {
            let number = options.line_start + i;
            let _ = write!(html, "<span class=\"ln\">{number:>width$}</span>");
        }
        html.push_str("<span class=\"cl\">");
        lines.write_line(line, &mut html);
        html.push_str("</span></span>");
        i += 1;
    }
    html.push_str("</code></pre>");
    html.push_str(if table {
        "</td></tr></table>\n</div>\n</div>\n"
    } else {
        "</div>\n"
    });
    html
}

/// The tokenizer for `code` in `syntax`: the JSON lexer for the compact
/// JSON grammar where it handles the code, else the grammar itself.
fn tokenizer(syntaxes: &'static SyntaxSet, syntax: &SyntaxReference, code: &str) -> Tokenizer {
    if super::grammars::is_json(syntaxes, syntax) && json_lexer::handles(code) {
        return Tokenizer::Json(json_lexer::Lexer::default());
    }
    grammar_tokenizer(syntaxes, syntax)
}

/// syntect running `syntax`, from the start of a block.
fn grammar_tokenizer(syntaxes: &'static SyntaxSet, syntax: &SyntaxReference) -> Tokenizer {
    Tokenizer::Grammar {
        syntaxes,
        parse_state: Box::new(ParseState::new(syntax)),
        highlight_state: Box::new(HighlightState::new(&HIGHLIGHTER, ScopeStack::new())),
    }
}

/// The lines of one block and the tokenizer's state between them.
struct Lines<'c> {
    source: std::str::SplitInclusive<'c, char>,
    tokenizer: Tokenizer,
    /// Set when tokenizing failed or the input is too large: the rest is plain.
    plain: bool,
}

/// What splits a block's lines into tokens: a grammar run by syntect, or
/// for JSON the hand-written lexer that gives the same tokens.
enum Tokenizer {
    /// Boxed: syntect's states are large, and most blocks are JSON.
    Grammar {
        syntaxes: &'static SyntaxSet,
        parse_state: Box<ParseState>,
        highlight_state: Box<HighlightState>,
    },
    Json(json_lexer::Lexer),
}

impl<'c> Lines<'c> {
    fn new(code: &'c str, tokenizer: Tokenizer) -> Self {
        Lines {
            source: code.split_inclusive('\n'),
            tokenizer,
            plain: code.len() > MAX_HIGHLIGHTED_BYTES,
        }
    }

    fn next_line(&mut self) -> Option<&'c str> {
        self.source.next()
    }

    /// Writes one line (with its newline, if it has one): tokens in
    /// `<span class="...">`, whitespace and unclassed text bare.
    fn write_line(&mut self, line: &str, html: &mut String) {
        if self.plain || line.len() > MAX_HIGHLIGHTED_LINE {
            self.plain = true;
            push_escaped_text(html, line);
            return;
        }
        let mut runs = Runs::default();
        match &mut self.tokenizer {
            Tokenizer::Grammar {
                syntaxes,
                parse_state,
                highlight_state,
            } => {
                let Ok(ops) = parse_state.parse_line(line, syntaxes) else {
                    self.plain = true;
                    push_escaped_text(html, line);
                    return;
                };
                for (style, text) in
                    HighlightIterator::new(highlight_state, &ops, line, &HIGHLIGHTER)
                {
                    runs.push(class_of(style), text);
                }
            }
            Tokenizer::Json(lexer) => lexer.line(line, |class, text| runs.push(class, text)),
        }
        let mut runs = runs.runs;
        keep_placeholders_whole(line, &mut runs);
        for (class, start, end) in runs {
            push_token(html, class, &line[start..end]);
        }
        if line.ends_with('\n') {
            html.push('\n');
        }
    }
}

/// A line's runs of one class: (class, start, end) in the line, its
/// newline apart, from its tokens in order. A token of whitespace alone
/// has no class.
#[derive(Default)]
struct Runs {
    runs: Vec<(Option<&'static str>, usize, usize)>,
    /// Where the next token starts in the line.
    pos: usize,
}

impl Runs {
    fn push(&mut self, class: Option<&'static str>, text: &str) {
        let body = text.strip_suffix('\n').unwrap_or(text);
        let class = if body.trim().is_empty() { None } else { class };
        match self.runs.last_mut() {
            Some((last, _, end)) if *last == class => *end += body.len(),
            _ => self.runs.push((class, self.pos, self.pos + body.len())),
        }
        self.pos += text.len();
    }
}

/// Shortcode output stands in the code as a placeholder (letters and
/// digits) until after rendering: runs that split one are joined, unclassed.
fn keep_placeholders_whole(line: &str, runs: &mut Vec<(Option<&'static str>, usize, usize)>) {
    let mut from = 0;
    while let Some((start, end, _)) = super::next_placeholder(line, from) {
        from = end;
        let first = runs.iter().position(|r| r.2 > start);
        let last = runs.iter().rposition(|r| r.1 < end);
        if let (Some(first), Some(last)) = (first, last)
            && first < last
        {
            let joined = (None, runs[first].1, runs[last].2);
            runs.splice(first..=last, [joined]);
        }
    }
}

fn push_token(html: &mut String, class: Option<&str>, text: &str) {
    if text.is_empty() {
        return;
    }
    match class {
        Some(class) => {
            let _ = write!(html, "<span class=\"{class}\">");
            push_escaped_text(html, text);
            html.push_str("</span>");
        }
        None => push_escaped_text(html, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that `html` holds each of `expected`.
    fn assert_contains_all(html: &str, expected: &[&str]) {
        for expected in expected {
            assert!(html.contains(expected), "{expected}\n in {html}");
        }
    }
    use crate::markdown::fence::parse_info;

    #[test]
    fn json_is_highlighted_with_chroma_classes() {
        let html = code_block("{\"a\": 1, \"b\": true}\n", "json", &CodeOptions::default());
        assert!(html.starts_with("<div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-json\" data-lang=\"json\"><span class=\"line\"><span class=\"cl\">"), "{html}");
        assert!(html.contains("<span class=\"nt\">\"a\"</span>"), "{html}");
        assert!(
            html.contains("<span class=\"mi\">1</span>")
                || html.contains("<span class=\"m\">1</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"kc\">true</span>"), "{html}");
        assert!(
            html.ends_with("\n</span></span></code></pre></div>\n"),
            "{html}"
        );
    }

    /// C# as Hugo's highlighter (Chroma) tells its tokens apart, including
    /// strings and comments that run over several lines.
    #[test]
    fn csharp_is_highlighted_with_chroma_classes() {
        let code = "/// <summary>Doc</summary>\n[HttpGet(\"{id}\")]\npublic async Task<int> Get(int id) {\n    var s = @\"one\ntwo \"\"q\"\" end\"; // c\n    /* a\n    b */ return 0xFFL + 1.5e3d;\n}\n#region Helpers\nusing System.Text.Json;\npublic class Foo : Bar { }\n";
        let html = code_block(code, "csharp", &CodeOptions::default());
        assert_contains_all(
            &html,
            &[
                "<span class=\"cs\">/// &lt;summary&gt;Doc&lt;/summary&gt;</span>",
                "<span class=\"na\">[HttpGet(\"{id}\")]</span>",
                "<span class=\"kd\">public</span> <span class=\"kd\">async</span> Task&lt;<span class=\"kt\">int</span>&gt; Get(",
                "<span class=\"s2\">@\"one</span>\n</span></span><span class=\"line\"><span class=\"cl\"><span class=\"s2\">two \"\"q\"\" end\"</span>; <span class=\"c1\">// c</span>",
                "<span class=\"cm\">/* a</span>\n</span></span><span class=\"line\"><span class=\"cl\"><span class=\"cm\">    b */</span> <span class=\"k\">return</span> <span class=\"m\">0xFFL</span> + <span class=\"m\">1.5e3d</span>;",
                "<span class=\"cp\">#region</span> Helpers",
                "<span class=\"kn\">using</span> <span class=\"nn\">System.Text.Json</span>;",
                "<span class=\"k\">class</span> <span class=\"nc\">Foo</span> : Bar { }",
            ],
        );
    }

    #[test]
    fn typescript_is_highlighted_with_chroma_classes() {
        let code = "import { A } from \"./a\";\nexport interface Props { type: string }\nconst s = `x\n${y}`;\nasync function get(id: number): Promise<void> { return null; }\n";
        let html = code_block(code, "ts", &CodeOptions::default());
        assert_contains_all(
            &html,
            &[
                "<span class=\"k\">import</span> { A } <span class=\"k\">from</span> <span class=\"s2\">\"./a\"</span>;",
                "<span class=\"k\">interface</span> Props { type<span class=\"o\">:</span> <span class=\"kt\">string</span> }",
                "<span class=\"sb\">`x</span>\n</span></span><span class=\"line\"><span class=\"cl\"><span class=\"sb\">${y}`</span>;",
                "<span class=\"k\">async</span> <span class=\"kd\">function</span> get(id<span class=\"o\">:</span> <span class=\"kt\">number</span>)<span class=\"o\">:</span> <span class=\"nb\">Promise</span><span class=\"o\">&lt;</span><span class=\"k\">void</span><span class=\"o\">&gt;</span>",
                "<span class=\"k\">return</span> <span class=\"kc\">null</span>;",
            ],
        );
    }

    /// A regular expression literal is one token, as in Chroma: the `/*`,
    /// `//` and backquote inside it open no comment or template string, and
    /// a division stays an operator.
    #[test]
    fn javascript_regular_expressions_are_one_token() {
        let code = "s = s.replace(/\\/*$/, \"\");\nconst u = /https?:\\/\\/[`]/g; n = a / 2 / b;\nreturn 1;\n";
        let html = code_block(code, "js", &CodeOptions::default());
        assert_contains_all(
            &html,
            &[
                "s.replace(<span class=\"sr\">/\\/*$/</span>, <span class=\"s2\">\"\"</span>);",
                "<span class=\"o\">=</span> <span class=\"sr\">/https?:\\/\\/[`]/g</span>; n <span class=\"o\">=</span> a <span class=\"o\">/</span> <span class=\"m\">2</span> <span class=\"o\">/</span> b;",
                "<span class=\"k\">return</span> <span class=\"m\">1</span>;",
            ],
        );
    }

    /// A block's lines as `write_line` writes them with `tokenizer`.
    fn lines_with(code: &str, tokenizer: Tokenizer) -> String {
        let mut lines = Lines::new(code, tokenizer);
        let mut html = String::new();
        while let Some(line) = lines.next_line() {
            lines.write_line(line, &mut html);
        }
        html
    }

    /// The HTML of JSON `code` as highlighted (by the lexer where it
    /// handles the code) next to the JSON grammar's, and whether the lexer
    /// made it.
    fn json_both_ways(code: &str) -> (String, String, bool) {
        let (syntaxes, syntax) = find_syntax("json").expect("the JSON grammar");
        let chosen = tokenizer(syntaxes, syntax, code);
        let lexed = matches!(chosen, Tokenizer::Json(_));
        (
            lines_with(code, chosen),
            lines_with(code, grammar_tokenizer(syntaxes, syntax)),
            lexed,
        )
    }

    #[test]
    fn json_lexer_gives_the_grammars_tokens() {
        let cases = [
            "{\"key\": \"value\", \"n\": -1.5e+3, \"ok\": true, \"none\": null}\n",
            "[0, 01, 0.5, 00.5, 1e5, 1E-2, 1.5e, 2., -x, --3, 1-3, v2, x_1, a-1]\n",
            "{\"a\\\"b\": \"c\\\\\", \"unclosed\n  \"esc\\\n",
            "\"spaced\"   :  1, \"not a key\"\n: 2, \"nøkkel\":\"verdi æøå\"\n",
            "truex xtrue true_ _null false1 (true) \"true\"\n",
            "// a comment \"with\" 1\r\n/* one */ 2 /* open\n   \n still */ \"k\": 3 /*/ x */\n",
            "/**/ 4 /* a */ /* b\n*/\t5\n6 7 /* \u{a0}æ */ \"\u{a0}\"",
            "0e9 //",
            "\"\\\n",
        ];
        for code in cases {
            let (lexed, grammar, by_lexer) = json_both_ways(code);
            assert!(by_lexer, "{code:?} is lexed by hand");
            assert_eq!(lexed, grammar, "{code:?}");
        }
        // Beyond ASCII outside strings, the grammar's Unicode word
        // characters and digits decide: such blocks go to the grammar.
        for code in [
            "[\u{ff11}, \u{663}, 1\u{663}, 1.\u{663}, -\u{663}]\n",
            "a\u{301}1 true\u{301} \u{ff3f}true \u{b2}\n",
            "nullæ ænull \u{a0}6 7\u{a0}",
        ] {
            let (highlighted, grammar, by_lexer) = json_both_ways(code);
            assert!(!by_lexer, "{code:?} goes to the grammar");
            assert_eq!(highlighted, grammar, "{code:?}");
        }
        let (lexed, _, _) = json_both_ways("{\"k\": [1.5, true]} // c\n");
        assert_eq!(
            lexed,
            "{<span class=\"nt\">\"k\"</span>: [<span class=\"mf\">1.5</span>, \
             <span class=\"kc\">true</span>]} <span class=\"c1\">// c</span>\n"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Any text, JSON or not, gets the same HTML as highlighted (by the
        /// lexer where it handles the text) as from the grammar alone.
        #[test]
        fn json_lexer_agrees_with_the_grammar_on_any_text(
            code in "([{}\\[\\]:,\"\\\\/*+.eE_ \t\n\r-]|[019]|true|false|null|[abxn]|æ|\u{a0}|\u{663}|\u{301}|\u{ff3f}|\u{b2}){0,80}"
        ) {
            let (highlighted, grammar, _) = json_both_ways(&code);
            proptest::prop_assert_eq!(highlighted, grammar);
        }
    }

    /// A JSON number is a whole word: no digits of a bare word.
    #[test]
    fn json_numbers_are_whole_words() {
        let html = code_block("[v2, -3]\n", "json", &CodeOptions::default());
        assert!(
            html.contains("[v2, <span class=\"mi\">-3</span>]"),
            "{html}"
        );
    }

    #[test]
    fn tsx_tags_are_names_of_tags() {
        let code = "export const A = () => <Button kind=\"x\">{t}</Button>; // c\n";
        let html = code_block(code, "tsx", &CodeOptions::default());
        let expected = "<span class=\"k\">export</span> <span class=\"k\">const</span> A <span class=\"o\">=</span> () <span class=\"o\">=&gt;</span> &lt;<span class=\"nt\">Button</span> kind<span class=\"o\">=</span><span class=\"s2\">\"x\"</span><span class=\"o\">&gt;</span>{t}&lt;/<span class=\"nt\">Button</span><span class=\"o\">&gt;</span>; <span class=\"c1\">// c</span>";
        assert!(html.contains(expected), "{html}");
    }

    #[test]
    fn xml_tags_attributes_and_comments() {
        let code = "<?xml version=\"1.0\"?>\n<Project Sdk=\"Web\">\n  <!-- a\n  b --> <Item\n    Include=\"x\" />&amp;</Project>\n";
        let html = code_block(code, "xml", &CodeOptions::default());
        assert_contains_all(
            &html,
            &[
                "<span class=\"cp\">&lt;?xml version=\"1.0\"?&gt;</span>",
                "<span class=\"nt\">&lt;Project</span> <span class=\"na\">Sdk=</span><span class=\"s\">\"Web\"</span><span class=\"nt\">&gt;</span>",
                "<span class=\"cm\">&lt;!-- a</span>\n</span></span><span class=\"line\"><span class=\"cl\"><span class=\"cm\">  b --&gt;</span> <span class=\"nt\">&lt;Item</span>",
                "<span class=\"na\">Include=</span><span class=\"s\">\"x\"</span> <span class=\"nt\">/&gt;</span>&amp;amp;<span class=\"nt\">&lt;/Project&gt;</span>",
            ],
        );
    }

    /// As in Hugo: a message's first line and its headers' colons; a JSON
    /// body when the headers say so; a block that is not a whole message,
    /// and a body of no known type, stay plain.
    #[test]
    fn http_messages() {
        let code = "POST /api/v1/x?a=b HTTP/1.1\nHost: example.com\n\n{\"a\": 1}\n";
        let html = code_block(code, "http", &CodeOptions::default());
        assert_contains_all(
            &html,
            &[
                "<span class=\"nf\">POST</span> /api/v1/x?a=b <span class=\"k\">HTTP</span><span class=\"o\">/</span><span class=\"m\">1.1</span>",
                "Host<span class=\"o\">:</span> example.com",
                "<span class=\"cl\">{\"a\": 1}\n",
            ],
        );
        let json = "HTTP/1.1 200 OK\nContent-Type: application/problem+json; charset=utf-8\n\n{\"a\": 1}\n";
        let html = code_block(json, "http", &CodeOptions::default());
        assert!(
            html.contains("{<span class=\"nt\">\"a\"</span>: <span class=\"mi\">1</span>}"),
            "{html}"
        );
        let html = code_block(
            "GET /api/v1/{id}\nHost: x\n",
            "http",
            &CodeOptions::default(),
        );
        assert!(!html.contains("<span class=\"nf\">"), "{html}");
        assert!(!html.contains("<span class=\"o\">"), "{html}");
    }

    #[test]
    fn marked_lines_and_line_number_table() {
        let (lang, options) = parse_info(r#"yaml {hl_lines=[2] linenos=table linenostart=9}"#);
        let html = code_block("a: 1\nb: 2\nc: 3\n", &lang, &options);
        assert!(html.contains("<table class=\"lntable\">"), "{html}");
        assert!(html.contains("<span class=\"lnt\"> 9\n</span><span class=\"hl\"><span class=\"lnt\">10\n</span></span><span class=\"lnt\">11\n</span>"), "{html}");
        assert_eq!(
            html.matches("<span class=\"line hl\">").count(),
            1,
            "{html}"
        );
    }

    #[test]
    fn inline_line_numbers() {
        let (lang, options) = parse_info("go {linenos=inline}");
        let html = code_block("x := 1\ny := 2\n", &lang, &options);
        assert!(
            html.contains("<span class=\"line\"><span class=\"ln\">1</span><span class=\"cl\">"),
            "{html}"
        );
    }

    #[test]
    fn unknown_or_no_language_is_plain_and_escaped() {
        assert_eq!(
            code_block("a <b>\n", "nosuchlang", &CodeOptions::default()),
            "<pre tabindex=\"0\"><code class=\"language-nosuchlang\" data-lang=\"nosuchlang\">a &lt;b&gt;\n</code></pre>\n"
        );
        assert_eq!(
            code_block("a & b\n", "", &CodeOptions::default()),
            "<pre tabindex=\"0\"><code>a &amp; b\n</code></pre>\n"
        );
    }

    /// Shortcodes in fences are placeholders until after rendering; no
    /// grammar may split one.
    #[test]
    fn placeholders_survive_highlighting() {
        let p = crate::markdown::placeholder(12);
        let code = format!("\"url\": \"{p}\", x = {p}; <a href=\"{p}\">{p}</a>\n{p}\n");
        for lang in [
            "json",
            "cs",
            "yaml",
            "xml",
            "bash",
            "http",
            "javascript",
            "text",
            "markdown",
        ] {
            let html = code_block(&code, lang, &CodeOptions::default());
            assert!(html.matches(&p).count() >= 4, "{lang}: {html}");
        }
    }

    #[test]
    fn chroma_aliases_find_grammars() {
        for lang in [
            "csharp",
            "C#",
            "cs",
            "shell",
            "docker",
            "jsonc",
            "text",
            "yml",
            "http",
            "xml",
            "typescript",
            "tsx",
            "graphql",
            "sql",
            "diff",
            "cmd",
        ] {
            assert!(find_syntax(lang).is_some(), "{lang}");
        }
    }

    #[test]
    fn text_is_kept_exactly() {
        let code = "fn main() {\n    println!(\"<&>\");\n}\n\n// end";
        let html = code_block(code, "rust", &CodeOptions::default());
        let text: String = strip_tags(&html);
        assert_eq!(text, crate::markdown::escape_text(code));
    }

    /// The cost of highlighting, in release builds:
    /// `cargo test --release --lib highlight_cost -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn highlight_cost() {
        let start = std::time::Instant::now();
        preload();
        println!("grammars loaded in {:?}", start.elapsed());
        let options = CodeOptions::default();
        let tiny = "{\"page\": 36}\n";
        let _ = code_block(tiny, "json", &options);
        let n = 10_000;
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(code_block(tiny, "json", &options));
        }
        println!("tiny json block: {:?} per block", start.elapsed() / n);
        let line = "    public async Task<IActionResult> Get(int id) { return Ok(await _service.GetAsync(id, \"x\")); } // c\n";
        let big: String = line.repeat(100);
        let _ = code_block(&big, "cs", &options);
        let start = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(code_block(&big, "cs", &options));
        }
        println!("100-line C# block: {:?} per block", start.elapsed() / 100);
        let (syntaxes, syntax) = find_syntax("cs").unwrap();
        let start = std::time::Instant::now();
        for _ in 0..100 {
            let mut state = ParseState::new(syntax);
            for l in big.split_inclusive('\n') {
                std::hint::black_box(state.parse_line(l, syntaxes).unwrap());
            }
        }
        println!("  of which parsing: {:?} per block", start.elapsed() / 100);
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.trim_end_matches('\n').to_string()
    }
}
