//! `check`: links, anchors, translations and structure, judged on the site
//! as rendered in memory. It reads the rendered site and returns
//! diagnostics; only [`external`] (asked for with `--external`) goes to the
//! network.

pub mod external;
pub mod html;
mod language;
mod links;
mod structure;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::PageId;
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
pub use links::External;

use crate::content::Page;
use crate::engine::Engine;
use crate::markdown::Rendered;

/// What the checks found, and how much they looked at.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub links: usize,
    /// External links, for `--external`: (URL, file, line, column).
    pub external: Vec<(String, PathBuf, u32, u32)>,
}

/// What `check` keeps of one rendered page: the fragments that work on it
/// and its links, each located where it was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageScan {
    /// Values of `id` (and `name` on `<a>`) on the page.
    pub anchors: HashSet<String>,
    pub links: Vec<FoundLink>,
    /// The page calls shortcodes brygge has no template for, so its HTML
    /// may lack ids the real site has.
    pub incomplete: bool,
    /// Files the page pulled in (`insert`, `property-docs`), relative to
    /// the site root.
    pub inserted: Vec<PathBuf>,
}

/// A link on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub value: String,
    /// The link names its target language (`hreflang`).
    pub names_language: bool,
    /// Where it was written, or `None` when a template made it.
    pub at: Option<At>,
}

/// Where a link was written: where the writer fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// A byte offset in the page's own file.
    Page(usize),
    /// A line and column of a file the page inserted (reported once there,
    /// not at every page that inserts it).
    File {
        path: PathBuf,
        line: u32,
        column: u32,
    },
}

/// Scans a page as rendered: `page_html` is its template's output, and
/// `expansion` says where its shortcodes' output and inserted files came
/// from.
pub fn scan_page(
    page: &Page,
    markdown: &Rendered,
    expansion: &crate::shortcodes::Expansion,
    page_html: &str,
) -> PageScan {
    let full = html::scan(page_html);
    let content = match content_range(page_html, &markdown.html) {
        Some(range) => full.links_within(range),
        None => html::scan(&markdown.html),
    };
    let sources = links::Sources::new(page, &markdown.links, expansion);
    let links = sources.locate(&full, &content);
    PageScan {
        anchors: full.anchors,
        links,
        incomplete: !expansion.unsupported.is_empty(),
        inserted: expansion.inserted.iter().map(|i| i.file.clone()).collect(),
    }
}

/// Where the rendered content stands in the page, when its links can be
/// read off the page's own scan (so the page is tokenized once): the
/// template printed it as rendered, once, and it ends outside a tag.
/// Otherwise (a template that changes the content, prints it twice, or
/// content ending inside an unfinished tag that would merge with the
/// template's next one) the content is scanned on its own.
fn content_range(page_html: &str, content: &str) -> Option<std::ops::Range<usize>> {
    if content.is_empty() || content.rfind('<') > content.rfind('>') {
        return None;
    }
    let start = page_html.find(content)?;
    let end = start + content.len();
    if page_html[end..].contains(content) {
        return None;
    }
    Some(start..end)
}

/// Runs every check over a site the engine rendered with scanning on.
pub fn run(engine: &Engine) -> Report {
    let site = engine.site();
    let scans: HashMap<PageId, &PageScan> = engine
        .records()
        .iter()
        .filter_map(|(&id, record)| Some((id, record.scan.as_ref()?)))
        .collect();
    let targets = links::Targets {
        site,
        anchors: scans.iter().map(|(&id, s)| (id, &s.anchors)).collect(),
        aliases: site
            .aliases
            .iter()
            .map(|a| {
                let path = a.path.trim_end_matches("index.html");
                (format!("{}{path}", site.config.base_path), a.target)
            })
            .collect(),
        files: engine
            .written_files()
            .map(|rel| format!("{}{rel}", site.config.base_path))
            .collect(),
        incomplete: scans
            .iter()
            .filter(|(_, s)| s.incomplete)
            .map(|(&id, _)| id)
            .collect(),
        urls_by_folder: links::urls_by_folder(site),
    };
    let mut ids: Vec<PageId> = scans.keys().copied().collect();
    ids.sort();
    let results: Vec<(Vec<Diagnostic>, links::External, usize, Vec<PageId>)> = ids
        .par_iter()
        // Pages differ in cost: small pieces keep both cores busy.
        .with_max_len(4)
        .map(|&id| {
            let mut diagnostics = Vec::new();
            let mut external = Vec::new();
            let mut reached = Vec::new();
            let scan = scans[&id];
            // Made at the page's first finding: many findings on one long
            // line are then found without reading the line up to each.
            let mut lines: Option<LineIndex> = None;
            for link in &scan.links {
                let found = links::Found {
                    page: id,
                    value: &link.value,
                    names_language: link.names_language,
                    at: link.at.as_ref(),
                };
                for (severity, code, message, help) in targets.check(&found, &mut external) {
                    diagnostics.push(locate(
                        site, &found, severity, code, message, help, &mut lines,
                    ));
                }
                if let Some(target) = targets.page_of(&found) {
                    if link.at.is_some() && target != id {
                        reached.push(target);
                    }
                }
            }
            (diagnostics, external, scan.links.len(), reached)
        })
        .collect();
    let mut report = Report {
        pages: scans.len(),
        ..Report::default()
    };
    let mut linked: HashSet<PageId> = HashSet::new();
    let mut template_findings: HashSet<(String, String)> = HashSet::new();
    let mut keep = |diagnostic: Diagnostic, report: &mut Report| {
        // A template's broken link would repeat on every page: once is enough.
        if diagnostic.line == 0
            && !template_findings.insert((diagnostic.code.to_string(), diagnostic.message.clone()))
        {
            return;
        }
        report.diagnostics.push(diagnostic);
    };
    for (diagnostics, external, count, reached) in results {
        report.links += count;
        linked.extend(reached);
        for diagnostic in diagnostics {
            keep(diagnostic, &mut report);
        }
        for (value, page, at) in external {
            let page = site.page(page);
            let (file, line, column) = match at {
                Some(At::Page(o)) => {
                    let (line, column) = crate::diagnostics::line_col(&page.text, o);
                    (page.source_path(&site.config), line, column)
                }
                Some(At::File { path, line, column }) => (path, line, column),
                None => (page.source_path(&site.config), 0, 0),
            };
            report.external.push((value, file, line, column));
        }
    }
    for diagnostic in check_navigation(engine, &targets, &mut report.links) {
        keep(diagnostic, &mut report);
    }
    let inserted: HashSet<&PathBuf> = scans.values().flat_map(|s| &s.inserted).collect();
    report
        .diagnostics
        .extend(structure::check(site, &linked, &inserted));
    report.diagnostics.extend(language::check(site, &inserted));
    report
}

/// The links of each language's navigation, each checked once (as seen
/// from the language's home page).
fn check_navigation(
    engine: &Engine,
    targets: &links::Targets<'_>,
    count: &mut usize,
) -> Vec<Diagnostic> {
    let site = engine.site();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut found = Vec::new();
    for (lang, html) in engine.navigation() {
        let Some(&home) = site.homes.get(lang) else {
            continue;
        };
        for link in html::scan(html).links {
            if !seen.insert((lang.to_string(), link.value.clone())) {
                continue;
            }
            *count += 1;
            let link = links::Found {
                page: home,
                value: &link.value,
                names_language: link.names_language,
                at: None,
            };
            for (severity, code, message, help) in targets.check(&link, &mut Vec::new()) {
                let diagnostic = Diagnostic::new(
                    severity,
                    code,
                    site.config.templates_dir.join("nav.html"),
                    format!("{message} (in the navigation)"),
                );
                found.push(match help {
                    Some(help) => diagnostic.with_help(help),
                    None => diagnostic,
                });
            }
        }
    }
    found
}

/// A link finding, located at the link's source or at the page's template.
/// `lines` indexes the page's text once it is needed.
fn locate(
    site: &crate::content::Site,
    link: &links::Found<'_>,
    severity: Severity,
    code: &'static str,
    message: String,
    help: Option<String>,
    lines: &mut Option<LineIndex>,
) -> Diagnostic {
    let page = site.page(link.page);
    let diagnostic = match link.at {
        Some(At::Page(offset)) => {
            let lines = lines.get_or_insert_with(|| LineIndex::new(&page.text));
            let (line, column) = lines.line_col(&page.text, *offset);
            Diagnostic::new(severity, code, page.source_path(&site.config), message)
                .at(line, column)
        }
        Some(At::File { path, line, column }) => {
            Diagnostic::new(severity, code, path, message).at(*line, *column)
        }
        None => Diagnostic::new(
            severity,
            code,
            site.config
                .templates_dir
                .join(format!("{}.html", page.kind.as_str())),
            format!("{message} (made by a template, e.g. on {})", page.url),
        ),
    };
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

impl links::Targets<'_> {
    /// The page a link reaches, if any (for orphan detection).
    fn page_of(&self, link: &links::Found<'_>) -> Option<PageId> {
        let page = self.site.page(link.page);
        let value = link.value.split(['#', '?']).next().unwrap_or("");
        if value.is_empty() || value.contains(':') {
            return None;
        }
        let absolute = if value.starts_with('/') {
            value.to_string()
        } else {
            format!("{}{value}", page.url)
        };
        let normal = crate::content::url::normalize(&absolute)?;
        let path = if normal.is_empty() {
            "/".to_string()
        } else {
            format!("/{normal}/")
        };
        let path = percent_encoding::percent_decode_str(&path)
            .decode_utf8_lossy()
            .into_owned();
        self.site
            .by_url
            .get(&path)
            .or_else(|| self.aliases.get(&path))
            .copied()
    }
}

/// Folds findings that share one cause: on a page whose prose is in another
/// language ([`language::CODE`]), its table cells in that language and its
/// `needstranslation` tag are the same mistake, counted in the one finding.
pub fn fold_same_cause(diagnostics: &mut Vec<Diagnostic>) {
    use crate::catalogue::codes::{NEEDS_TRANSLATION, WRONG_LANGUAGE};
    let wrong_page: HashSet<PathBuf> = diagnostics
        .iter()
        .filter(|d| d.code == language::CODE)
        .map(|d| d.file.clone())
        .collect();
    if wrong_page.is_empty() {
        return;
    }
    let mut cells: HashMap<PathBuf, usize> = HashMap::new();
    diagnostics.retain(|d| {
        let same_cause = (d.code == WRONG_LANGUAGE || d.code == NEEDS_TRANSLATION)
            && wrong_page.contains(&d.file);
        if same_cause && d.code == WRONG_LANGUAGE {
            *cells.entry(d.file.clone()).or_default() += d.occurrences as usize;
        }
        !same_cause
    });
    for d in diagnostics.iter_mut().filter(|d| d.code == language::CODE) {
        let Some(&n) = cells.get(&d.file) else {
            continue;
        };
        if n == 1 {
            d.message.push_str(" (so is 1 table cell)");
        } else {
            d.message.push_str(&format!(" (so are {n} table cells)"));
        }
        // The page's text, and the cells it stands for.
        d.occurrences = u32::try_from(n + 1).unwrap_or(u32::MAX);
    }
}

/// Applies the `[check]` settings: configured severities, and no findings
/// for ignored paths.
pub fn apply_settings(config: &crate::config::Config, diagnostics: &mut Vec<Diagnostic>) {
    use crate::config::Level;
    let settings = &config.check;
    diagnostics.retain_mut(|d| {
        let path = d.file.to_string_lossy().replace('\\', "/");
        if settings
            .ignore
            .iter()
            .any(|pattern| glob_match(pattern, &path))
        {
            return false;
        }
        match settings.severity.get(d.code) {
            Some(Level::Off) => false,
            Some(Level::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(Level::Warning) => {
                d.severity = Severity::Warning;
                true
            }
            Some(Level::Info) => {
                d.severity = Severity::Info;
                true
            }
            None => true,
        }
    });
}

pub use crate::glob::glob_match;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_is_read_off_the_page_only_where_that_is_safe() {
        let page = "<nav><a href=/x>x</a></nav><main><p>æ <a href=/y>y</a></p></main>";
        let content = "<p>æ <a href=/y>y</a></p>";
        let start = page.find(content).unwrap();
        assert_eq!(
            content_range(page, content),
            Some(start..start + content.len())
        );
        assert_eq!(content_range(page, ""), None, "empty content");
        let twice = format!("<noscript>{content}</noscript>{page}");
        assert_eq!(content_range(&twice, content), None, "printed twice");
        let unfinished = "<p>a</p><img src=\"a.png\"";
        let page = format!("<main>{unfinished}</main>");
        assert_eq!(content_range(&page, unfinished), None, "ends inside a tag");
        let changed = "<p class=x>æ</p>";
        assert_eq!(
            content_range(page.as_str(), changed),
            None,
            "not in the page"
        );
    }
    use crate::catalogue::codes::{NEEDS_TRANSLATION, WRONG_LANGUAGE};

    #[test]
    fn a_page_in_the_wrong_language_stands_for_its_cells() {
        let mut found = vec![
            Diagnostic::warning(
                language::CODE,
                "a.en.md",
                "this page is written in Bokmal, but its file name says English",
            ),
            Diagnostic {
                occurrences: 3,
                ..Diagnostic::warning(
                    WRONG_LANGUAGE,
                    "a.en.md",
                    "'Daglig leder' is Norwegian (in 3 cells, lines 4, 5, 6)",
                )
            },
            Diagnostic::warning(WRONG_LANGUAGE, "a.en.md", "'Revisor' is Norwegian"),
            Diagnostic::warning(
                NEEDS_TRANSLATION,
                "a.en.md",
                "this page is tagged as needing translation",
            ),
            Diagnostic::warning(WRONG_LANGUAGE, "b.en.md", "'Revisor' is Norwegian"),
        ];
        fold_same_cause(&mut found);
        let left: Vec<(&str, String)> = found
            .iter()
            .map(|d| (d.code, d.file.display().to_string()))
            .collect();
        assert_eq!(
            left,
            [
                (language::CODE, "a.en.md".to_string()),
                (WRONG_LANGUAGE, "b.en.md".to_string())
            ]
        );
        assert!(
            found[0].message.ends_with("(so are 4 table cells)"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].occurrences, 5, "the page and its four cells");
        assert_eq!(found[1].occurrences, 1);
    }
}
