//! `check`: links, anchors, translations and structure, judged on the site
//! as rendered in memory. It reads the rendered site and returns
//! diagnostics; only [`external`] (asked for with `--external`) goes to the
//! network.

pub mod external;
pub mod html;
mod links;
mod structure;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::build::RenderedSite;
use crate::content::PageId;
use crate::diagnostics::{Diagnostic, Severity};
pub use links::External;

/// What the checks found, and how much they looked at.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub links: usize,
    /// External links, for `--external`: (URL, file, line, column).
    pub external: Vec<(String, PathBuf, u32, u32)>,
}

/// Runs every check over a rendered site.
pub fn run(rendered: &RenderedSite) -> Report {
    let site = &rendered.site;
    let scans: Vec<(PageId, html::Scan)> = rendered
        .pages
        .par_iter()
        .map(|page| (page.id, html::scan(&page.html)))
        .collect();
    let scan_of: HashMap<PageId, &html::Scan> = scans.iter().map(|(id, s)| (*id, s)).collect();
    let targets = links::Targets {
        site,
        anchors: scans.iter().map(|(id, s)| (*id, &s.anchors)).collect(),
        aliases: site
            .aliases
            .iter()
            .map(|a| {
                let path = a.path.trim_end_matches("index.html");
                (format!("{}{path}", site.config.base_path), a.target)
            })
            .collect(),
        files: written_urls(rendered),
        incomplete: rendered
            .pages
            .iter()
            .filter(|p| p.incomplete)
            .map(|p| p.id)
            .collect(),
    };
    let results: Vec<(Vec<Diagnostic>, links::External, usize, Vec<PageId>)> = rendered
        .pages
        .par_iter()
        .map(|page| {
            let scan = scan_of[&page.id];
            let content = html::scan(&page.markdown.html);
            let found = links::locate_links(site, page, scan, &content);
            let mut diagnostics = Vec::new();
            let mut external = Vec::new();
            let mut reached = Vec::new();
            for link in &found {
                for (severity, code, message, help) in targets.check(link, &mut external) {
                    diagnostics.push(locate(rendered, link, severity, code, message, help));
                }
                if let Some(target) = targets.page_of(link) {
                    if link.offset.is_some() && target != page.id {
                        reached.push(target);
                    }
                }
            }
            (diagnostics, external, found.len(), reached)
        })
        .collect();
    let mut report = Report {
        pages: rendered.pages.len(),
        ..Report::default()
    };
    let mut linked: HashSet<PageId> = HashSet::new();
    let mut template_findings: HashSet<(String, String)> = HashSet::new();
    for (diagnostics, external, count, reached) in results {
        report.links += count;
        linked.extend(reached);
        for diagnostic in diagnostics {
            // A template's broken link would repeat on every page: once is enough.
            if diagnostic.line == 0
                && !template_findings
                    .insert((diagnostic.code.to_string(), diagnostic.message.clone()))
            {
                continue;
            }
            report.diagnostics.push(diagnostic);
        }
        for (value, page, offset) in external {
            let page = site.page(page);
            let (line, column) = offset.map_or((0, 0), |o| {
                crate::diagnostics::LineIndex::new(&page.text).line_col(&page.text, o)
            });
            report
                .external
                .push((value, page.source_path(&site.config), line, column));
        }
    }
    report.diagnostics.extend(structure::check(site, &linked));
    report
}

/// URLs of every generated or copied file.
fn written_urls(rendered: &RenderedSite) -> HashSet<String> {
    let base = &rendered.site.config.base_path;
    rendered
        .output
        .files
        .iter()
        .map(|(rel, _)| rel)
        .chain(rendered.output.copies.iter().map(|(_, rel)| rel))
        .map(|rel| format!("{base}{rel}"))
        .collect()
}

/// A link finding, located at the link's source or at the page's template.
fn locate(
    rendered: &RenderedSite,
    link: &links::Found<'_>,
    severity: Severity,
    code: &'static str,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    let site = &rendered.site;
    let page = site.page(link.page);
    let diagnostic = match link.offset {
        Some(offset) => Diagnostic::new(severity, code, page.source_path(&site.config), message)
            .at_offset(&page.text, offset),
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

/// `*` matches within one path segment, `**` across segments; a pattern
/// that names a folder also matches everything below it.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn matches(p: &[u8], s: &[u8]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some(b'*'), _) if p.get(1) == Some(&b'*') => {
                let rest = p[2..].strip_prefix(b"/").unwrap_or(&p[2..]);
                (0..=s.len()).any(|i| matches(rest, &s[i..]))
            }
            (Some(b'*'), _) => {
                let segment = s.iter().position(|&c| c == b'/').unwrap_or(s.len());
                (0..=segment).any(|i| matches(&p[1..], &s[i..]))
            }
            (Some(a), Some(b)) if a == b => matches(&p[1..], &s[1..]),
            _ => false,
        }
    }
    let pattern = pattern.trim_end_matches('/');
    matches(pattern.as_bytes(), path.as_bytes())
        || path
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("content/old/**", "content/old/a/b.md"));
        assert!(glob_match("content/old", "content/old/a.md"));
        assert!(glob_match("content/*/x.md", "content/a/x.md"));
        assert!(!glob_match("content/*/x.md", "content/a/b/x.md"));
        assert!(glob_match("**/_index.en.md", "content/a/_index.en.md"));
        assert!(!glob_match("content/old", "content/older/a.md"));
    }
}
