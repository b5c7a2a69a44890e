//! Compact grammars for the code that documentation holds most: C#, JSON,
//! XML, HTTP, JavaScript and TypeScript (with JSX too).
//!
//! bat's Sublime grammars (`two-face`, used for every other language) are
//! made for editors: their C# grammar costs about 1.5 µs per byte of code,
//! most of the Altinn corpus's build, and its TypeScript grammar takes 35 ms
//! to compile for a few lines of code. A page only needs the token kinds
//! Hugo's highlighter (Chroma) tells apart and the stylesheet colours:
//! comments, strings, numbers, keywords, declarations, types, constants,
//! class and namespace names, JSON keys. The grammars here give those
//! scopes (which `highlight` turns into Chroma's classes) at a fifth of the
//! cost. Names and punctuation stay plain, as they are the text's colour.
//!
//! A grammar is a table of contexts and rules, made into syntect's own
//! definition once, lazily. Knows nothing of HTML.

use std::sync::LazyLock;

use serde_json::{Value, json};
use syntect::parsing::{Regex, SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};

/// One grammar: its name, the names it answers to (lower case, after
/// `highlight`'s mapping of Chroma's other names such as `csharp`), its base
/// scope and its contexts (the first is where a block starts).
struct Grammar {
    name: &'static str,
    names: &'static [&'static str],
    scope: &'static str,
    contexts: &'static [Context],
    /// Search each run of rules that stay in their context as one
    /// alternation ([`patterns`]). Measured on the corpus's code: JSON a
    /// fifth faster, XML a quarter; C# and JavaScript a third slower, as
    /// Oniguruma finds a long list of keywords faster on its own.
    merge: bool,
}

/// A state of the grammar: every token inside it gets `scope` (may be
/// empty), and its rules are tried at each position, the leftmost match
/// winning (the first rule on a tie).
struct Context {
    name: &'static str,
    scope: &'static str,
    rules: &'static [Rule],
}

/// A regular expression (Oniguruma syntax; lines include their newline),
/// the scope of what it matches, the scopes of its groups (`""` for none),
/// and where it leads.
struct Rule {
    pattern: &'static str,
    scope: &'static str,
    groups: &'static [&'static str],
    then: Then,
}

/// Where a rule leads once it matches.
enum Then {
    /// Stay in the same context.
    Stay,
    /// Enter the named context of the same grammar.
    Push(&'static str),
    /// Leave the current context.
    Pop,
    /// Not a match: the rules of another context, in this one's place.
    Include(&'static str),
}

/// A rule that gives what it matches one scope.
const fn rule(pattern: &'static str, scope: &'static str) -> Rule {
    Rule {
        pattern,
        scope,
        groups: &[],
        then: Then::Stay,
    }
}

/// A rule that enters a context where it matches.
const fn push(pattern: &'static str, context: &'static str) -> Rule {
    Rule {
        pattern,
        scope: "",
        groups: &[],
        then: Then::Push(context),
    }
}

/// A rule that leaves the current context where it matches.
const fn pop(pattern: &'static str) -> Rule {
    Rule {
        pattern,
        scope: "",
        groups: &[],
        then: Then::Pop,
    }
}

/// The rules of another context, in this place.
const fn include(context: &'static str) -> Rule {
    Rule {
        pattern: "",
        scope: "",
        groups: &[],
        then: Then::Include(context),
    }
}

/// A rule that gives its capture groups scopes, the first scope to group 1.
const fn groups(pattern: &'static str, groups: &'static [&'static str]) -> Rule {
    Rule {
        pattern,
        scope: "",
        groups,
        then: Then::Stay,
    }
}

const BLOCK_COMMENT: Context = Context {
    name: "block_comment",
    scope: "comment.block",
    rules: &[pop(r"\*/")],
};

/// The rules of JSON values, shared by JSON and the JSON bodies of HTTP
/// messages.
const JSON_RULES: &[Rule] = &[
    rule(r#""(?:[^"\\\n]|\\.)*"(?=\s*:)"#, "entity.name.tag.json"),
    rule(r#""(?:[^"\\\n]|\\.)*"?"#, "string.quoted.double.json"),
    rule(r"\b(?:true|false|null)\b", "constant.language.json"),
    rule(
        r"-?\b(?:0|[1-9]\d*)(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)",
        "constant.numeric.float.json",
    ),
    rule(r"-?\b\d+", "constant.numeric.integer.json"),
    rule(r"//[^\n]*", "comment.line.double-slash.json"),
    push(r"/\*", "block_comment"),
];

const JSON: Grammar = Grammar {
    name: "JSON",
    names: &["json"],
    scope: "source.json",
    merge: true,
    contexts: &[
        Context {
            name: "main",
            scope: "",
            rules: JSON_RULES,
        },
        BLOCK_COMMENT,
    ],
};

const CSHARP: Grammar = Grammar {
    name: "C#",
    names: &["cs"],
    scope: "source.cs",
    merge: false,
    contexts: &[
        Context {
            name: "main",
            scope: "",
            rules: &[
                rule(r"///[^\n]*", "comment.line.documentation.cs"),
                rule(r"//[^\n]*", "comment.line.double-slash.cs"),
                push(r"/\*", "block_comment"),
                push(r#"\$*""""#, "raw_string"),
                push(r#"(?:\$@|@\$?)""#, "verbatim_string"),
                rule(r#"\$?"(?:[^"\\\n]|\\.)*"?"#, "string.quoted.double.cs"),
                rule(r"'(?:\\.|[^\\'\n])'", "constant.character.cs"),
                // Brackets that start a line, as Chroma reads them: an attribute,
                // and also an indexer such as `["key"] = v`.
                rule(r"^\s*\[[^\n]*?\]", "entity.other.attribute-name.cs"),
                rule(
                    r"^\s*#\s*(?:if|endif|else|elif|define|undef|line|error|warning|region|endregion|pragma|nullable)\b",
                    "meta.preprocessor.cs",
                ),
                rule(
                    r"\b(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)(?:[fFdDmM]|[uU]?[lL]?|[lL][uU])\b",
                    "constant.numeric.cs",
                ),
                rule(r"\b(?:true|false|null)\b", "constant.language.cs"),
                groups(
                    r"\b(class|struct|record|interface)\s+(@?[_\p{L}][\w]*)",
                    &["keyword.declaration.cs", "entity.name.class.cs"],
                ),
                groups(
                    r"\b(namespace|using)\s+(?!\(|var\b|static\b)(@?[_\p{L}][\w]*(?:\s*\.\s*@?[_\p{L}][\w]*)*)",
                    &["keyword.control.import.cs", "entity.name.namespace.cs"],
                ),
                rule(
                    r"\b(?:abstract|async|const|enum|explicit|extern|file|implicit|internal|operator|override|partial|private|protected|public|required|sealed|unsafe|volatile)\b",
                    "storage.modifier.cs",
                ),
                rule(
                    r"\b(?:bool|byte|char|decimal|double|dynamic|float|int|long|nint|nuint|object|sbyte|short|string|uint|ulong|ushort|var)\b\??",
                    "storage.type.cs",
                ),
                rule(
                    r"\b(?:add|alias|and|as|ascending|await|base|break|by|case|catch|checked|class|continue|default|delegate|descending|do|else|equals|event|finally|fixed|for|foreach|from|get|global|goto|group|if|in|init|interface|into|is|join|let|lock|nameof|namespace|new|not|on|or|orderby|out|params|readonly|record|ref|remove|return|select|set|sizeof|stackalloc|static|struct|switch|this|throw|try|typeof|unchecked|using|value|virtual|void|when|where|while|with|yield)\b",
                    "keyword.cs",
                ),
            ],
        },
        BLOCK_COMMENT,
        Context {
            name: "verbatim_string",
            scope: "string.quoted.double.cs",
            rules: &[rule(r#""""#, ""), pop(r#"""#)],
        },
        Context {
            name: "raw_string",
            scope: "string.quoted.double.cs",
            rules: &[pop(r#""""+"#)],
        },
    ],
};

/// The rules of JavaScript and TypeScript code, shared by the grammars with
/// and without JSX.
const JS_RULES: &[Rule] = &[
    // A regular expression literal where a value starts (after an operator,
    // a bracket or a comma, or at the start of a line), as Chroma reads it:
    // a `/*`, `//` or backquote inside one opens nothing.
    groups(
        r"(?:(?<=[(,=:\[!&|?{;])|^)([ \t]*)(/(?![*/])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[dgimsuyv]*)",
        &["", "string.regexp.js"],
    ),
    rule(r"//[^\n]*", "comment.line.double-slash.js"),
    push(r"/\*", "block_comment"),
    rule(r#""(?:[^"\\\n]|\\.)*"?"#, "string.quoted.double.js"),
    rule(r"'(?:[^'\\\n]|\\.)*'?", "string.quoted.single.js"),
    push(r"`", "template"),
    rule(
        r"(?:\b(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)|\B\.\d[\d_]*(?:[eE][+-]?\d+)?)n?\b",
        "constant.numeric.js",
    ),
    rule(
        r"\b(?:true|false|null|undefined|NaN|Infinity)\b",
        "constant.language.js",
    ),
    rule(
        r"(?<![.$])\b(?:var|let|function)\b(?!\s*[:(,)=])",
        "storage.modifier.js",
    ),
    rule(r"\b(?:get|set)\b(?=[ \t]+[A-Za-z_$#\[])", "keyword.js"),
    rule(
        r"(?<![.$])\b(?:any|bigint|never|number|object|string|symbol|unique|unknown)\b(?!\s*[:(])",
        "storage.type.js",
    ),
    rule(
        r"(?<![.$])\b(?:Array|Boolean|Date|Error|Function|JSON|Math|Number|Object|Promise|RegExp|String|document|window)\b",
        "support.function.builtin.js",
    ),
    rule(
        r"(?<![.$])\b(?:abstract|accessor|as|async|asserts|await|boolean|break|case|catch|class|const|constructor|continue|debugger|declare|default|delete|do|else|enum|export|extends|finally|for|from|global|if|implements|import|in|infer|instanceof|interface|is|keyof|module|namespace|new|of|override|private|protected|public|readonly|require|return|satisfies|static|super|switch|this|throw|try|type|typeof|void|while|with|yield)\b(?!\s*:)",
        "keyword.js",
    ),
    rule(
        r"\+\+|--|&&|\|\||\?\??|:|=>|!==?|===?|(?:<<|>>>?|[-<>+*%&|^/~!])=?|=",
        "keyword.operator.js",
    ),
];

const TEMPLATE: Context = Context {
    name: "template",
    scope: "string.quoted.template.js",
    rules: &[rule(r"\\.", ""), pop(r"`")],
};

const JAVASCRIPT: Grammar = Grammar {
    name: "JavaScript and TypeScript",
    names: &["javascript", "mjs", "cjs", "typescript"],
    scope: "source.js",
    merge: false,
    contexts: &[
        Context {
            name: "main",
            scope: "",
            rules: JS_RULES,
        },
        BLOCK_COMMENT,
        TEMPLATE,
    ],
};

/// TSX and JSX: the tags' names as well (and, as in Hugo, a generic type
/// written right after `<`).
const JSX: Grammar = Grammar {
    name: "TSX and JSX",
    names: &["tsx", "jsx"],
    scope: "source.tsx",
    merge: false,
    contexts: &[
        Context {
            name: "main",
            scope: "",
            rules: &[
                groups(r"(</?)([A-Za-z][\w.]*)", &["", "entity.name.tag.tsx"]),
                include("code"),
            ],
        },
        Context {
            name: "code",
            scope: "",
            rules: JS_RULES,
        },
        BLOCK_COMMENT,
        TEMPLATE,
    ],
};

/// XML and its dialects: tag names, attribute names (with their `=`) and
/// values, comments, processing instructions and declarations, as Hugo's
/// highlighter colours them; text and entities plain.
const XML: Grammar = Grammar {
    name: "XML",
    names: &["xml", "wsdl", "rss", "atom"],
    scope: "text.xml",
    merge: true,
    contexts: &[
        Context {
            name: "main",
            scope: "",
            rules: &[
                push(r"<!--", "xml_comment"),
                push(r"<\?", "instruction"),
                push(r"<!\[CDATA\[", "cdata"),
                push(r"<![A-Za-z]", "declaration"),
                Rule {
                    pattern: r"</?[\w:.-]+",
                    scope: "entity.name.tag.xml",
                    groups: &[],
                    then: Then::Push("tag"),
                },
            ],
        },
        Context {
            name: "tag",
            scope: "",
            rules: &[
                rule(r"[\w:.-]+\s*=", "entity.other.attribute-name.xml"),
                rule(r#""[^"]*"|'[^']*'"#, "string.quoted.xml"),
                Rule {
                    pattern: r"/?>",
                    scope: "entity.name.tag.xml",
                    groups: &[],
                    then: Then::Pop,
                },
            ],
        },
        Context {
            name: "xml_comment",
            scope: "comment.block.xml",
            rules: &[pop(r"-->")],
        },
        Context {
            name: "instruction",
            scope: "meta.preprocessor.xml",
            rules: &[pop(r"\?>")],
        },
        Context {
            name: "cdata",
            scope: "meta.preprocessor.xml",
            rules: &[pop(r"\]\]>")],
        },
        Context {
            name: "declaration",
            scope: "meta.preprocessor.xml",
            rules: &[pop(r">")],
        },
    ],
};

/// HTTP messages as Hugo's highlighter shows them: a request or status line
/// (method, `HTTP`, version, status) and the headers' colons after it; a
/// body as JSON when a header says `Content-Type: application/json` (or
/// `...+json`), as Hugo picks the body's language from that header. A block
/// that does not start with such a line, and any other body, stay plain.
const HTTP: Grammar = Grammar {
    name: "HTTP",
    names: &["http"],
    scope: "source.http",
    merge: true,
    contexts: &[
        Context {
            name: "main",
            scope: "",
            rules: &[
                Rule {
                    pattern: r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)( +)([^ \n]+)( +)(HTTP)(/)(\d+(?:\.\d+)?)(?=[ \t\r]*$)",
                    scope: "",
                    groups: &[
                        "entity.name.function.http",
                        "",
                        "",
                        "",
                        "keyword.http",
                        "keyword.operator.http",
                        "constant.numeric.http",
                    ],
                    then: Then::Push("headers"),
                },
                Rule {
                    pattern: r"^(HTTP)(/)(\d+(?:\.\d+)?)( +)(\d{3})\b",
                    scope: "",
                    groups: &[
                        "keyword.http",
                        "keyword.operator.http",
                        "constant.numeric.http",
                        "",
                        "constant.numeric.http",
                    ],
                    then: Then::Push("headers"),
                },
            ],
        },
        Context {
            name: "headers",
            scope: "",
            rules: &[
                Rule {
                    pattern: r"(?i)^(content-type)( *)(:)(?=[ \t]*application/(?:[\w.-]+\+)?json\b)",
                    scope: "",
                    groups: &["", "", "keyword.operator.http"],
                    then: Then::Push("json_headers"),
                },
                HTTP_HEADER,
                push(r"^[ \t\r]*$", "body"),
            ],
        },
        Context {
            name: "json_headers",
            scope: "",
            rules: &[HTTP_HEADER, push(r"^[ \t\r]*$", "json_body")],
        },
        Context {
            name: "body",
            scope: "",
            rules: &[],
        },
        Context {
            name: "json_body",
            scope: "",
            rules: JSON_RULES,
        },
        BLOCK_COMMENT,
    ],
};

/// A header's name and colon; the colon coloured as Hugo does.
const HTTP_HEADER: Rule = groups(r"^([^\s:]+)( *)(:)", &["", "", "keyword.operator.http"]);

const GRAMMARS: &[Grammar] = &[JSON, CSHARP, JAVASCRIPT, JSX, XML, HTTP];

/// The compact grammars, one syntect set. A grammar that does not build (a
/// mistake in this file, which the tests catch) is left out, and its
/// language falls back to bat's grammar.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(|| {
    let mut builder = SyntaxSetBuilder::new();
    for definition in GRAMMARS.iter().filter_map(definition) {
        builder.add(definition);
    }
    builder.build()
});

/// Builds the compact grammars now rather than on first use.
pub(super) fn preload() {
    LazyLock::force(&SYNTAXES);
}

/// The compact grammar for `lang` (a lower-case name, mapped as
/// `highlight` maps Chroma's names), with the set it belongs to.
pub(super) fn find(lang: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let grammar = GRAMMARS.iter().find(|g| g.names.contains(&lang))?;
    let syntax = SYNTAXES.find_syntax_by_name(grammar.name)?;
    Some((&SYNTAXES, syntax))
}

/// Whether `syntax` is the compact JSON grammar (which `json_lexer`
/// stands in for).
pub(super) fn is_json(syntaxes: &SyntaxSet, syntax: &SyntaxReference) -> bool {
    std::ptr::eq(syntaxes, &*SYNTAXES) && syntax.name == JSON.name
}

/// syntect's definition of `grammar`, if all its patterns (merged ones
/// too) compile (syntect compiles them on first use, and would panic
/// then). Built through syntect's serialized form, the one public way to
/// name a context from outside the crate.
fn definition(grammar: &Grammar) -> Option<SyntaxDefinition> {
    let mut contexts: serde_json::Map<String, Value> = grammar
        .contexts
        .iter()
        .map(|context| {
            (
                context.name.to_string(),
                context_value(context, grammar.merge),
            )
        })
        .collect();
    let mut patterns = contexts
        .values()
        .flat_map(|c| c["patterns"].as_array().into_iter().flatten());
    if patterns.any(|p| {
        p["Match"]["regex"]
            .as_str()
            .is_some_and(|regex| Regex::try_compile(regex).is_some())
    }) {
        return None;
    }
    // Where syntect starts a block: the grammar's scope, then its first context.
    let first = grammar.contexts.first()?.name;
    let start = Context {
        name: "__start",
        scope: "",
        rules: &[],
    };
    let mut start_value = context_value(&start, false);
    start_value["meta_content_scope"] = json!(scopes(grammar.scope));
    start_value["patterns"] = json!([rule_value(&Rule {
        pattern: "",
        scope: "",
        groups: &[],
        then: Then::Push(first),
    })]);
    contexts.insert(start.name.to_string(), start_value);
    serde_json::from_value(json!({
        "name": grammar.name,
        "file_extensions": grammar.names,
        "scope": grammar.scope,
        "first_line_match": null,
        "hidden": false,
        "variables": {},
        "contexts": contexts,
    }))
    .ok()
}

fn context_value(context: &Context, merge: bool) -> Value {
    let patterns = if merge {
        patterns(context.rules)
    } else {
        context.rules.iter().map(rule_value).collect()
    };
    json!({
        "meta_scope": scopes(context.scope),
        "meta_content_scope": [],
        "meta_include_prototype": false,
        "clear_scopes": null,
        "prototype": null,
        "uses_backrefs": false,
        "patterns": patterns,
    })
}

/// The patterns of a context's rules: each run of rules that stay in the
/// context made into one rule, an alternation of theirs. A rule that
/// enters, leaves or includes a context stands alone, between runs.
///
/// syntect searches each rule's pattern at each token and takes the
/// leftmost match, the first rule on a tie; an alternation gives the same
/// match (leftmost, then the first alternative), in one search instead of
/// one per rule (see [`Grammar::merge`] for where that is faster).
fn patterns(rules: &[Rule]) -> Vec<Value> {
    let mut patterns = Vec::new();
    let mut run: Vec<&Rule> = Vec::new();
    for rule in rules {
        if mergeable(rule) {
            run.push(rule);
            continue;
        }
        patterns.extend(run_value(&run));
        run.clear();
        patterns.push(rule_value(rule));
    }
    patterns.extend(run_value(&run));
    patterns
}

/// Whether a rule may be one alternative of a merged rule: it stays in
/// its context and scopes either its whole match or its groups.
fn mergeable(rule: &Rule) -> bool {
    matches!(rule.then, Then::Stay) && (rule.scope.is_empty() || rule.groups.is_empty())
}

/// The rule for a run of [`mergeable`] rules: the rule itself when alone.
fn run_value(run: &[&Rule]) -> Option<Value> {
    match run {
        [] => None,
        [rule] => Some(rule_value(rule)),
        _ => Some(merged_value(run)),
    }
}

/// One rule matching any of `run`'s patterns, each alternative's scopes on
/// its own groups, numbered after the groups of the ones before it.
fn merged_value(run: &[&Rule]) -> Value {
    let mut pattern = String::new();
    let mut captures: Vec<Value> = Vec::new();
    let mut group = 0;
    for (i, rule) in run.iter().enumerate() {
        if i > 0 {
            pattern.push('|');
        }
        if rule.scope.is_empty() {
            pattern.push_str(&format!("(?:{})", rule.pattern));
            for (n, scope) in rule.groups.iter().enumerate() {
                if !scope.is_empty() {
                    captures.push(json!([group + n + 1, scopes(scope)]));
                }
            }
        } else {
            pattern.push_str(&format!("({})", rule.pattern));
            captures.push(json!([group + 1, scopes(rule.scope)]));
            group += 1;
        }
        group += capture_groups(rule.pattern);
    }
    json!({ "Match": {
        "has_captures": false,
        "regex": pattern,
        "scope": [],
        "captures": captures,
        "operation": "None",
        "with_prototype": null,
    }})
}

/// The number of capturing groups in an Oniguruma pattern: `(` that is
/// not escaped, not in a character class and not `(?` (but for a named
/// group, `(?<name>`).
fn capture_groups(pattern: &str) -> usize {
    let bytes = pattern.as_bytes();
    let (mut count, mut class_depth, mut i) = (0, 0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => class_depth += 1,
            b']' if class_depth > 0 => class_depth -= 1,
            b'(' if class_depth == 0 => {
                let rest = &bytes[i + 1..];
                let named = rest.starts_with(b"?<")
                    && !rest[2..].starts_with(b"=")
                    && !rest[2..].starts_with(b"!");
                if !rest.starts_with(b"?") || named || rest.starts_with(b"?P<") {
                    count += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    count
}

fn rule_value(rule: &Rule) -> Value {
    let captures: Vec<Value> = rule
        .groups
        .iter()
        .enumerate()
        .filter(|(_, scope)| !scope.is_empty())
        .map(|(i, scope)| json!([i + 1, scopes(scope)]))
        .collect();
    let operation = match rule.then {
        Then::Stay => json!("None"),
        Then::Push(context) => json!({ "Push": [{ "Named": context }] }),
        Then::Pop => json!("Pop"),
        Then::Include(context) => return json!({ "Include": { "Named": context } }),
    };
    json!({ "Match": {
        // In syntect this means "refers back to the captures of the rule that
        // pushed this context" (`\1` in a pop pattern), which no rule here
        // does; true would also keep syntect from caching the search.
        "has_captures": false,
        "regex": rule.pattern,
        "scope": scopes(rule.scope),
        "captures": if captures.is_empty() { Value::Null } else { Value::Array(captures) },
        "operation": operation,
        "with_prototype": null,
    }})
}

fn scopes(scope: &str) -> Vec<&str> {
    scope.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::parsing::{ParseState, ScopeStack};

    #[test]
    fn every_grammar_builds() {
        for grammar in GRAMMARS {
            for rule in grammar.contexts.iter().flat_map(|c| c.rules) {
                assert!(
                    Regex::try_compile(rule.pattern).is_none(),
                    "{}",
                    rule.pattern
                );
            }
            for rule in grammar.contexts.iter().flat_map(|c| c.rules) {
                if let Then::Push(name) | Then::Include(name) = rule.then {
                    assert!(
                        grammar.contexts.iter().any(|c| c.name == name),
                        "{}: no context '{name}'",
                        grammar.name
                    );
                }
            }
            let definition = definition(grammar).expect(grammar.name);
            assert_eq!(definition.contexts.len(), grammar.contexts.len() + 1);
            for name in grammar.names {
                assert!(find(name).is_some(), "{name}");
            }
        }
    }

    /// Whether the code is inside a string at the end of each line.
    fn in_string_at_line_ends(lang: &str, lines: &[&str]) -> Vec<bool> {
        let (set, syntax) = find(lang).unwrap();
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        lines
            .iter()
            .map(|line| {
                for (_, op) in state.parse_line(line, set).unwrap() {
                    stack.apply(&op).unwrap();
                }
                stack
                    .as_slice()
                    .iter()
                    .any(|scope| scope.build_string().starts_with("string"))
            })
            .collect()
    }

    #[test]
    fn capturing_groups_are_counted_as_oniguruma_numbers_them() {
        assert_eq!(
            capture_groups(r"(a)(?:b)(?<n>c)(?<=d)(?<!e)(?=f)(?!g)(?i)"),
            2
        );
        assert_eq!(capture_groups(r"\(x\)[(][^)(]((y))"), 2);
        assert_eq!(capture_groups(r"[\](](z)"), 1);
    }

    /// The scopes in force at each byte of `text`, as `grammar` parses it.
    fn scopes_per_byte(grammar: &Grammar, text: &str) -> Vec<String> {
        let mut builder = SyntaxSetBuilder::new();
        builder.add(definition(grammar).expect(grammar.name));
        let set = builder.build();
        let syntax = set.find_syntax_by_name(grammar.name).expect(grammar.name);
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Vec::new();
        for line in text.split_inclusive('\n') {
            let ops = state.parse_line(line, &set).expect("parses");
            let mut ops = ops.iter().peekable();
            for at in 0..line.len() {
                while let Some((_, op)) = ops.next_if(|(pos, _)| *pos <= at) {
                    stack.apply(op).expect("applies");
                }
                out.push(format!("{stack:?}"));
            }
            for (_, op) in ops {
                stack.apply(op).expect("applies");
            }
        }
        out
    }

    /// Merging a grammar's rules into alternations changes its speed, not
    /// its scopes: the same text gets the same scope at every byte.
    #[test]
    fn merged_rules_give_the_scopes_of_the_rules_apart() {
        let samples: &[(&Grammar, &str)] = &[
            (
                &JSON,
                "{\n  \"key\": \"value\", \"n\": -1.5e3, \"i\": 42, \"b\": true,\n  \"esc\": \"a\\\"b\", // note\n  /* block\n  */ \"v2\": null, \"open\n}\n",
            ),
            (
                &XML,
                "<?xml version=\"1.0\"?>\n<!-- c -->\n<a:b x=\"1\" y='2'>text &amp; <![CDATA[ <x> ]]></a:b>\n<c\n  d = \"e\"/>\n",
            ),
            (
                &HTTP,
                "POST /api/x HTTP/1.1\nContent-Type: application/json\nAccept: */*\n\n{\"a\": [1, \"b\", false]}\n",
            ),
        ];
        for (grammar, text) in samples {
            assert!(grammar.merge, "{} merges its rules", grammar.name);
            let apart = Grammar {
                merge: false,
                ..**grammar
            };
            assert_eq!(
                scopes_per_byte(grammar, text),
                scopes_per_byte(&apart, text),
                "{}",
                grammar.name
            );
        }
    }

    #[test]
    fn a_verbatim_string_spans_lines_and_ends_at_its_quote() {
        let lines = ["var s = @\"one\n", "two \"\" three\" + x;\n"];
        assert_eq!(in_string_at_line_ends("cs", &lines), [true, false]);
    }
}
