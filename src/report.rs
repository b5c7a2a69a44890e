//! Printing diagnostics for people (rustc-style, with the source line and a
//! caret), for scripts (JSON) and for GitHub pull-request annotations.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity, Tally};

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// What was checked, for the closing tally and the JSON summary.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Totals {
    pub pages: usize,
    pub links: usize,
    pub seconds: f64,
}

/// Renders `diagnostics` (sorted) in `format`. `root` is where the files
/// are, for showing source lines; `colour` adds ANSI colours.
pub fn render(
    format: Format,
    diagnostics: &[Diagnostic],
    totals: Totals,
    root: &Path,
    colour: bool,
) -> String {
    match format {
        Format::Human => human(diagnostics, totals, root, colour),
        Format::Json => json(diagnostics, totals),
        Format::Github => github(diagnostics, totals),
    }
}

fn human(diagnostics: &[Diagnostic], totals: Totals, root: &Path, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut sources = SourceCache::new(root);
    let mut out = String::new();
    for d in diagnostics {
        let (label, colour_code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(colour_code, &format!("{label}[{}]", d.code)),
            paint("1", &d.message)
        );
        let location = if d.line > 0 {
            format!("{}:{}:{}", d.file.display(), d.line, d.column)
        } else {
            d.file.display().to_string()
        };
        if !location.is_empty() {
            let _ = writeln!(out, "  {} {location}", paint("1;34", "-->"));
        }
        if let Some(line) = sources.line(&d.file, d.line) {
            let number = d.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_pad: String = line
                .chars()
                .take(d.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} {}", paint("1;34", "|"));
            let _ = writeln!(
                out,
                "{} {} {line}",
                paint("1;34", &number),
                paint("1;34", "|")
            );
            let _ = writeln!(
                out,
                "{pad} {} {caret_pad}{}",
                paint("1;34", "|"),
                paint(colour_code, "^")
            );
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = {} {help}", paint("1", "help:"));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} ({:.2} s)",
        tally_line(&Tally::of(diagnostics), totals),
        totals.seconds
    );
    out
}

/// `1 error`, `2 errors`: a count with its noun in the right number.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The counts that are not zero: `1 error, 2 warnings`, `3 notes`; `no
/// errors or warnings` when there is nothing.
pub fn counts(tally: &Tally) -> String {
    let parts: Vec<String> = [
        (tally.errors, "error", "errors"),
        (tally.warnings, "warning", "warnings"),
        (tally.infos, "note", "notes"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    if parts.is_empty() {
        "no errors or warnings".to_string()
    } else {
        parts.join(", ")
    }
}

/// `1 error, 2 warnings in 3 pages and 1 link`.
fn tally_line(tally: &Tally, totals: Totals) -> String {
    format!(
        "{} in {} and {}",
        counts(tally),
        plural(totals.pages, "page", "pages"),
        plural(totals.links, "link", "links")
    )
}

/// Reads files once, to show the line a diagnostic points at.
struct SourceCache<'r> {
    root: &'r Path,
    files: HashMap<PathBuf, Option<String>>,
}

impl<'r> SourceCache<'r> {
    fn new(root: &'r Path) -> Self {
        SourceCache {
            root,
            files: HashMap::new(),
        }
    }

    fn line(&mut self, file: &Path, line: u32) -> Option<String> {
        if line == 0 {
            return None;
        }
        let root = self.root;
        let text = self
            .files
            .entry(file.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(root.join(file)).ok())
            .as_deref()?;
        text.lines().nth(line as usize - 1).map(str::to_string)
    }
}

/// The JSON report: `{"version": 1, "diagnostics": [...], "summary": {...}}`.
#[derive(Serialize)]
struct JsonReport<'d> {
    version: u32,
    diagnostics: &'d [Diagnostic],
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    infos: usize,
    pages: usize,
    links: usize,
    seconds: f64,
}

fn json(diagnostics: &[Diagnostic], totals: Totals) -> String {
    let tally = Tally::of(diagnostics);
    let report = JsonReport {
        version: 1,
        diagnostics,
        summary: JsonSummary {
            errors: tally.errors,
            warnings: tally.warnings,
            infos: tally.infos,
            pages: totals.pages,
            links: totals.links,
            seconds: totals.seconds,
        },
    };
    let mut text = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

/// GitHub workflow commands: `::error file=F,line=L,col=C,title=CODE::MESSAGE`.
fn github(diagnostics: &[Diagnostic], totals: Totals) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let mut properties = format!("file={}", escape_property(&d.file.to_string_lossy()));
        if d.line > 0 {
            let _ = write!(properties, ",line={},col={}", d.line, d.column);
        }
        let _ = write!(properties, ",title={}", escape_property(d.code));
        let _ = writeln!(out, "::{kind} {properties}::{}", escape_data(&message));
    }
    let _ = writeln!(out, "{}", tally_line(&Tally::of(diagnostics), totals));
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error("anchor-missing", "content/a.md", "no anchor '#x'")
                .at(2, 5)
                .with_help("did you mean #y?"),
        ]
    }

    #[test]
    fn human_shows_the_line_and_a_caret() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "first\nsee [x](#x)\n").unwrap();
        let text = render(
            Format::Human,
            &sample(),
            Totals::default(),
            dir.path(),
            false,
        );
        assert!(
            text.starts_with("error[anchor-missing]: no anchor '#x'\n  --> content/a.md:2:5\n"),
            "{text}"
        );
        assert!(text.contains("2 | see [x](#x)\n  |     ^\n"), "{text}");
        assert!(text.contains("= help: did you mean #y?"));
        assert!(
            text.ends_with("\n1 error in 0 pages and 0 links (0.00 s)\n"),
            "{text}"
        );
    }

    #[test]
    fn counts_are_in_the_right_number_and_zeros_left_out() {
        let tally = |errors, warnings, infos| Tally {
            errors,
            warnings,
            infos,
        };
        assert_eq!(counts(&tally(1, 0, 0)), "1 error");
        assert_eq!(counts(&tally(2, 1, 0)), "2 errors, 1 warning");
        assert_eq!(counts(&tally(0, 3, 1)), "3 warnings, 1 note");
        assert_eq!(counts(&tally(0, 0, 0)), "no errors or warnings");
        let totals = Totals {
            pages: 1,
            links: 2,
            seconds: 0.0,
        };
        assert_eq!(
            tally_line(&tally(0, 0, 2), totals),
            "2 notes in 1 page and 2 links"
        );
    }

    #[test]
    fn a_finding_without_a_file_has_no_location_line() {
        let d = Diagnostic::error("root-missing", "", "no site at x");
        let text = render(
            Format::Human,
            &[d],
            Totals::default(),
            Path::new("."),
            false,
        );
        assert!(
            text.starts_with("error[root-missing]: no site at x\n\n"),
            "{text}"
        );
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let text = render(
            Format::Github,
            &sample(),
            Totals::default(),
            Path::new("."),
            false,
        );
        assert!(text.starts_with(
            "::error file=content/a.md,line=2,col=5,title=anchor-missing::no anchor '#x'%0Ahelp: did you mean #y?\n"
        ));
    }

    #[test]
    fn json_has_diagnostics_and_a_summary() {
        let text = render(
            Format::Json,
            &sample(),
            Totals {
                pages: 3,
                links: 7,
                seconds: 0.5,
            },
            Path::new("."),
            false,
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["version"], 1);
        assert_eq!(value["diagnostics"][0]["code"], "anchor-missing");
        assert_eq!(value["diagnostics"][0]["line"], 2);
        assert_eq!(value["diagnostics"][0]["severity"], "error");
        assert_eq!(value["summary"]["errors"], 1);
        assert_eq!(value["summary"]["links"], 7);
    }
}
