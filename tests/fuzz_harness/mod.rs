//! The fuzz targets' bodies, shared by `fuzz/` (cargo fuzz) and by
//! `tests/fuzz_regressions.rs` (the kept inputs, replayed in `cargo test`).
//!
//! Each function takes arbitrary bytes, runs one part of brygge on them and
//! panics when a property every input must have does not hold: no panic, no
//! offset outside the text or inside a character, and, for Markdown with raw
//! HTML off, no markup that runs script.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use brygge::catalogue::{self, Catalogue};
use brygge::config;
use brygge::content::front_matter;
use brygge::diagnostics::Diagnostic;
use brygge::markdown;
use brygge::shortcodes::parse::{self, Call, InnerUse, Node, Span};

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// The targets by name (the folder names under `tests/fixtures/fuzz/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("front_matter", front_matter),
    ("shortcodes", shortcodes),
    ("markdown", markdown),
    ("tables", tables),
    ("config", config),
    ("overlay", overlay),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn assert_offset(text: &str, offset: usize, what: &str) {
    assert!(
        offset <= text.len(),
        "{what}: offset {offset} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(offset),
        "{what}: offset {offset} inside a character"
    );
}

fn assert_located(d: &Diagnostic) {
    assert_eq!(
        d.line == 0,
        d.column == 0,
        "line and column are set together: {d}"
    );
}

// ---------------------------------------------------------------- front matter

/// Splitting a content file and reading its front matter.
pub fn front_matter(data: &[u8]) {
    let text = text(data);
    match front_matter::split(&text) {
        Ok(split) => {
            assert_offset(&text, split.front_offset, "front_offset");
            assert_offset(&text, split.body_offset, "body_offset");
            assert!(split.front_offset <= split.body_offset || split.front.is_empty());
            assert!(text[split.front_offset..].starts_with(split.front));
            match front_matter::parse(&text, &split) {
                Ok((_, errors)) => {
                    for error in errors {
                        assert_offset(&text, error.offset, "type error");
                        front_matter::locate(&text, &error);
                    }
                }
                Err(error) => {
                    assert_offset(&text, error.offset, "syntax error");
                    front_matter::locate(&text, &error);
                }
            }
        }
        Err(error) => {
            assert_offset(&text, error.offset, "split error");
            front_matter::locate(&text, &error);
        }
    }
}

// ---------------------------------------------------------------- shortcodes

/// What templates do with `.Inner`, by name, as the first byte chooses.
fn inner_use(mode: u8) -> impl Fn(&str) -> InnerUse {
    move |name: &str| {
        let h = name
            .bytes()
            .fold(mode, |h, b| h.wrapping_mul(31).wrapping_add(b));
        match h % 3 {
            0 => InnerUse::Required,
            1 => InnerUse::Never,
            _ => InnerUse::Optional,
        }
    }
}

fn check_span(src: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: {span:?} backwards");
    assert_offset(src, span.start, what);
    assert_offset(src, span.end, what);
}

fn extent(node: &Node) -> Span {
    match node {
        Node::Text(span) | Node::Escaped { span, .. } => *span,
        Node::Call(call) => {
            let end = call.close.unwrap_or(call.open).end;
            Span {
                start: call.open.start,
                end,
            }
        }
    }
}

/// Every span valid, nodes in source order without overlap; calls paired
/// exactly when they have inner content. Returns the depth of the tree.
fn check_nodes(src: &str, nodes: &[Node], depth: usize) -> usize {
    let mut previous_end = 0;
    let mut deepest = depth;
    for node in nodes {
        let whole = extent(node);
        check_span(src, whole, "node");
        assert!(whole.start >= previous_end, "{node:?} overlaps");
        previous_end = whole.end;
        if let Node::Call(call) = node {
            deepest = deepest.max(check_call(src, call, depth + 1));
        }
    }
    deepest
}

fn check_call(src: &str, call: &Call, depth: usize) -> usize {
    check_span(src, call.open, "open tag");
    assert_eq!(call.inner.is_some(), call.close.is_some());
    assert!(!(call.self_closing && call.inner.is_some()));
    match (&call.inner, call.close) {
        (Some(inner), Some(close)) => {
            check_span(src, close, "close tag");
            assert_eq!(inner.span.start, call.open.end);
            assert_eq!(inner.span.end, close.start);
            check_nodes(src, &inner.nodes, depth)
        }
        _ => depth,
    }
}

/// The shortcode parser: valid spans, a bounded tree, errors in order, and
/// at most one report of nesting too deep.
pub fn shortcodes(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let src = text(rest);
    let out = parse::parse(&src, &inner_use(mode));
    let depth = check_nodes(&src, &out.nodes, 0);
    assert!(depth <= parse::MAX_DEPTH, "tree {depth} deep");
    let mut previous = 0;
    for error in &out.errors {
        check_span(&src, error.span, "error");
        assert!(error.span.start >= previous, "errors out of order");
        previous = error.span.start;
        let _ = error.kind.to_string();
    }
    let too_deep = out
        .errors
        .iter()
        .filter(|e| matches!(e.kind, parse::ParseErrorKind::NestingTooDeep { .. }))
        .count();
    assert!(too_deep <= 1, "nesting reported {too_deep} times");
}

// ---------------------------------------------------------------- Markdown

/// Markup that runs script, which Markdown with raw HTML off must never
/// make: a script-like element or an event-handler attribute, as a browser's
/// tokenizer reads the HTML (headings and attribute lines included, see
/// `tests/robustness.rs`, `heading_attributes_cannot_add_event_handlers`).
fn script_in(html: &str) -> Option<String> {
    use lol_html::{HtmlRewriter, Settings, element};
    let mut found = None;
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                let tag = el.tag_name();
                if ["script", "iframe", "object", "embed", "style"].contains(&tag.as_str()) {
                    found.get_or_insert(format!("<{tag}>"));
                }
                for attribute in el.attributes() {
                    // `on` alone names no event; `onclick`, `onx`... do.
                    let name = attribute.name();
                    if name.len() > 2 && name.starts_with("on") {
                        found.get_or_insert(format!("<{tag} {}>", attribute.name()));
                    }
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        if rewriter.write(html.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    found
}

/// A page's Markdown pass: shortcodes parsed and replaced by placeholders,
/// the Markdown rendered, the placeholders filled. Offsets stay in the text;
/// with raw HTML off nothing that runs script gets through.
pub fn markdown(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let src = text(rest);
    let options = markdown::Options {
        unsafe_html: mode & 1 == 1,
        definition_term_ids: mode & 64 == 64,
        toc: brygge::config::TocLevels {
            start: 1 + (mode >> 1) % 3,
            end: 4 + (mode >> 3) % 3,
        },
        highlight: mode & 32 == 32,
    };
    let resolve = |href: &str| href.strip_suffix(".md").map(|p| format!("/nb/{p}/"));
    // Shortcodes as the page expansion sees them, each call a placeholder
    // whose HTML is harmless.
    let parsed = parse::parse(&src, &inner_use(mode));
    let mut expanded = String::new();
    let mut outputs = Vec::new();
    for node in &parsed.nodes {
        match node {
            Node::Text(span) => expanded.push_str(&src[span.start..span.end]),
            Node::Escaped { literal, .. } => expanded.push_str(literal),
            Node::Call(call) => {
                expanded.push_str(&markdown::placeholder(outputs.len()));
                outputs.push(format!("<span class=\"sc\">{}</span>", outputs.len()));
                let _ = call;
            }
        }
    }
    let rendered = markdown::render(&expanded, &options, &resolve);
    for heading in &rendered.headings {
        assert_offset(&expanded, heading.offset, "heading");
    }
    for link in &rendered.links {
        assert_offset(&expanded, link.offset, "link");
    }
    let html = markdown::fill_placeholders(&rendered.html, &outputs);
    if !options.unsafe_html {
        if let Some(found) = script_in(&html) {
            panic!("raw HTML is off, yet the HTML has {found}:\n{html}");
        }
    }
    let _ = markdown::table_of_contents(&rendered.headings, options.toc);
}

// ---------------------------------------------------------------- tables

/// The folder that holds `data/catalogue.yaml`: the project's root.
fn project_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|dir| dir.join("data/catalogue.yaml").is_file())
        .unwrap_or(here)
        .to_path_buf()
}

fn bundled_catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        catalogue::load(&project_root(), Path::new("data/catalogue.yaml"))
            .expect("the bundled catalogue loads")
    })
}

/// Package and role tables of a page against the bundled catalogue.
pub fn tables(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = text(rest);
    let body_offset = front_matter::split(&text).map_or(0, |s| s.body_offset);
    let lang = if mode & 1 == 0 { "nb" } else { "en" };
    let cat = bundled_catalogue();
    let intent = catalogue::PageIntent::default();
    let found = catalogue::check_page(
        cat,
        &text,
        body_offset,
        lang,
        Path::new("page.md"),
        intent.clone(),
    );
    for d in &found.diagnostics {
        assert_located(d);
    }
    for row in &found.packages {
        assert_offset(&text, row.offset, "package cell");
        if let Some(offset) = row.roles_offset {
            assert_offset(&text, offset, "roles cell");
        }
    }
    // The page against itself in the other language.
    let other = if lang == "nb" { "en" } else { "nb" };
    let twin = catalogue::check_page(cat, &text, body_offset, other, Path::new("twin.md"), intent);
    let _ = catalogue::compare_translations(
        (Path::new("page.md"), &found),
        (Path::new("twin.md"), &twin),
        cat,
    );
}

// ---------------------------------------------------------------- config

/// `site.toml` or a Hugo `config.toml`: an error located in the file, or a
/// configuration whose promises hold.
pub fn config(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = text(rest);
    let name = match mode % 3 {
        0 => "site.toml",
        1 => "config.toml",
        _ => "hugo.toml",
    };
    let root = Path::new("/nonexistent-site");
    match config::from_text(root, root.join(name), &text) {
        Ok(config) => {
            assert!(config.base_url.ends_with('/'));
            assert!(config.base_path.starts_with('/') && config.base_path.ends_with('/'));
            assert!(config.language(&config.default_language).is_some());
            assert!((1..=6).contains(&config.toc.start) && config.toc.start <= config.toc.end);
            for lang in &config.languages {
                let prefix = config.language_prefix(&lang.code);
                let _ = config.permalink(&prefix);
                let _ = config.output_rel(&prefix);
            }
        }
        Err(err) => {
            let d = err.to_diagnostic();
            assert_located(&d);
            let _ = err.to_string();
        }
    }
}

// ---------------------------------------------------------------- overlay

/// The catalogue overlay (YAML) over Altinn's bundled JSON files: a
/// catalogue or not, and every problem located inside the overlay or the
/// file it names.
pub fn overlay(data: &[u8]) {
    static FILES: OnceLock<(String, String)> = OnceLock::new();
    let (packages, roles) = FILES.get_or_init(|| {
        let root = project_root();
        (
            std::fs::read_to_string(root.join("data/accesspackages_hier.json")).unwrap(),
            std::fs::read_to_string(root.join("data/roletypes.json")).unwrap(),
        )
    });
    let text = text(data);
    let file = Path::new("catalogue.yaml");
    // Whatever the overlay names, the bundled files are read: by the name's
    // last letter, so both files can stand for either.
    let read = |name: &Path| -> Result<String, Vec<Diagnostic>> {
        let name = name.to_string_lossy();
        if name.is_empty() {
            return Err(vec![Diagnostic::error(
                "catalogue-invalid",
                file,
                "no name",
            )]);
        }
        Ok(if name.len() % 2 == 0 { packages } else { roles }.clone())
    };
    let diagnostics = match catalogue::load::from_texts(file, &text, &read) {
        Ok(loaded) => loaded.diagnostics,
        Err(diagnostics) => diagnostics,
    };
    for d in &diagnostics {
        assert_located(d);
        if d.file == file && d.line > 0 {
            let lines = text.split('\n').count() as u32;
            assert!(d.line <= lines, "line {} of {lines}: {d}", d.line);
        }
    }
}
