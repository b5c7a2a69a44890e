//! Diagnostics: the one type for everything brygge reports about a site.
//!
//! A [`Diagnostic`] has a severity, a stable code, a file, a 1-based line and
//! column, a message and an optional help line. [`LineIndex`] turns byte
//! offsets into line and column. This module knows nothing about how a site is
//! built; the stages create diagnostics and the CLI prints them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something wrong that makes the output wrong or incomplete.
    Error,
    /// Probably a mistake; the output is still produced.
    Warning,
    /// Worth knowing, not a mistake.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// Every code brygge reports, sorted: what `[check] severity` may name.
pub const CODES: &[&str] = &[
    "alias-collision",
    "alias-duplicate",
    "alias-outside-output",
    "alias-self",
    "anchor-missing",
    "anchor-unverified",
    "assets-missing",
    "build-failed",
    "catalogue-area-empty",
    "catalogue-delegable-mismatch",
    "catalogue-invalid",
    "catalogue-linkable-mismatch",
    "catalogue-missing",
    "catalogue-not-found",
    "catalogue-renamed-area",
    "catalogue-renamed-package",
    "catalogue-role-name",
    "catalogue-role-spelling",
    "catalogue-roles-mismatch",
    "catalogue-unknown-package",
    "catalogue-unknown-role",
    "catalogue-unknown-urn",
    "catalogue-urn-mismatch",
    "catalogue-wrong-language",
    "config-invalid",
    "config-keys-ignored",
    "config-unreadable",
    "content-missing",
    "content-symlink",
    "content-unreadable",
    "date-invalid",
    "external-broken",
    "external-cache-invalid",
    "external-cache-unwritable",
    "external-unreachable",
    "front-matter-invalid",
    "heading-id-duplicate",
    "i18n-invalid",
    "insert-not-found",
    "insert-outside-site",
    "link-broken",
    "link-empty",
    "link-no-language",
    "link-other-language",
    "link-unsafe",
    "orphan-page",
    "output-in-content",
    "output-replaces-site",
    "page-language",
    "page-needs-translation",
    "ref-not-found",
    "root-missing",
    "section-index-missing",
    "shadowed-file",
    "shortcode-close-unnamed",
    "shortcode-failed",
    "shortcode-recursion",
    "shortcode-syntax",
    "shortcode-unknown",
    "static-collision",
    "template-failed",
    "template-invalid",
    "translation-missing",
    "translation-packages-differ",
    "translation-roles-differ",
    "unknown-language",
    "url-collision",
    "url-unwritable",
];

/// Whether `code` is one brygge reports.
pub fn is_code(code: &str) -> bool {
    CODES.binary_search(&code).is_ok()
}

/// One finding, located in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, kebab-case identifier such as `front-matter-invalid`.
    pub code: &'static str,
    /// Path as the user would type it (relative to the site root when possible).
    pub file: PathBuf,
    /// 1-based line; 0 when the finding concerns the whole file.
    pub line: u32,
    /// 1-based column in characters; 0 when the finding concerns the whole file.
    pub column: u32,
    pub message: String,
    pub help: Option<String>,
    /// How many places the finding stands for: 1, unless it folds the same
    /// mistake in several places (a wrong name in three table cells).
    #[serde(skip_serializing_if = "is_one")]
    pub occurrences: u32,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            occurrences: 1,
        }
    }

    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    pub fn info(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, file, message)
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Sets the location from a byte offset into `text` (see [`line_col`]).
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at(line, column)
    }

    /// Sets the location from a byte offset into `text` when one was
    /// found; without one, the finding stays about the whole file.
    pub fn at_found_offset(self, text: &str, offset: Option<usize>) -> Self {
        match offset {
            Some(offset) => self.at_offset(text, offset),
            None => self,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: severity[code]: message`, then `  = help: ...`; a
    /// finding about no file in particular starts at `severity`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}", self.file.display())?;
            if self.line > 0 {
                write!(f, ":{}:{}", self.line, self.column)?;
            }
            f.write_str(": ")?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// 1-based line and 1-based column (in characters) of one `offset` in
/// `text`, reading the text up to it ([`LineIndex`] for many offsets into
/// one text). Offsets past the end point just after the last character.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (to_u32(line), to_u32(column))
}

/// Byte offsets of line starts, for turning offsets into line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is all ASCII: its columns are then its bytes,
    /// found without counting (a long line with many findings).
    ascii: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        let ascii = starts
            .iter()
            .zip(ends)
            .map(|(&start, end)| text[start..end].is_ascii())
            .collect();
        LineIndex { starts, ascii }
    }

    /// 1-based line and 1-based column (in characters) of `offset` in `text`.
    /// Offsets past the end point just after the last character.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = if self.ascii.get(line) == Some(&true) {
            offset - start + 1
        } else {
            text[start..offset].chars().count() + 1
        };
        (to_u32(line + 1), to_u32(column))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Sorts diagnostics by file, then position, then code, and removes exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
    diagnostics.dedup();
}

/// Counts of errors, warnings and infos.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Self {
        let mut tally = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => tally.infos += 1,
            }
        }
        tally
    }
}

/// Makes `path` relative to `root` for display when it lies below it.
/// (Compared in absolute form too: `./templates/a.html` is below `/site`
/// when the current folder is `/site`.)
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    if let Ok(rel) = path.strip_prefix(root) {
        return rel.to_path_buf();
    }
    if !path.as_os_str().is_empty()
        && let (Ok(root), Ok(absolute)) = (std::path::absolute(root), std::path::absolute(path))
        && let Ok(rel) = absolute.strip_prefix(&root)
    {
        return rel.to_path_buf();
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_root_are_shown_from_it_in_any_form() {
        let here = std::env::current_dir().unwrap();
        let root = here.join("site");
        assert_eq!(
            display_path(&root, &root.join("content/a.md")),
            Path::new("content/a.md")
        );
        assert_eq!(
            display_path(&root, Path::new("./site/templates/page.html")),
            Path::new("templates/page.html")
        );
        assert_eq!(
            display_path(&root, Path::new("elsewhere/b.md")),
            Path::new("elsewhere/b.md")
        );
        assert_eq!(display_path(&root, Path::new("")), Path::new(""));
    }

    /// Every kebab-case literal near a severity in the sources (and every code constant) is
    /// in [`CODES`], so `[check] severity` accepts all codes brygge reports.
    #[test]
    fn every_code_reported_is_listed() {
        assert!(
            CODES.windows(2).all(|pair| pair[0] < pair[1]),
            "CODES is sorted"
        );
        let mut missing = Vec::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in walkdir::WalkDir::new(src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let near_severity = lines[i.saturating_sub(3)..=i].iter().any(|l| {
                    l.contains("Severity::") || l.contains("Diagnostic::") || l.contains("CODE")
                }) || (line.contains("pub const") && line.contains(": &str"));
                if !near_severity || line.trim_start().starts_with("//") {
                    continue;
                }
                for literal in line.split('"').skip(1).step_by(2) {
                    let kebab = literal.contains('-')
                        && literal.chars().all(|c| c.is_ascii_lowercase() || c == '-');
                    if kebab && !is_code(literal) && !NOT_CODES.contains(&literal) {
                        missing.push(format!("{}: {literal}", entry.path().display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "codes not in CODES: {missing:#?}");
    }

    /// Kebab-case literals near a severity that are not codes.
    const NOT_CODES: &[&str] = &["brygge-linkcheck"];

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\næøå x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), (2, 5));
        assert_eq!(index.line_col(text, text.len()), (3, 1));
        for offset in [0, 3, x, text.len(), text.len() + 5] {
            let found = Diagnostic::error("link-broken", "f.md", "m").at_offset(text, offset);
            let expected = index.line_col(text, offset);
            assert_eq!((found.line, found.column), expected);
        }
    }

    #[test]
    fn display_is_file_line_col() {
        let d = Diagnostic::error("front-matter-invalid", "content/a.md", "bad")
            .at(3, 7)
            .with_help("fix it");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error[front-matter-invalid]: bad\n  = help: fix it"
        );
        let d = Diagnostic::error("build-failed", "", "no templates");
        assert_eq!(d.to_string(), "error[build-failed]: no templates");
    }
}
