//! Printing diagnostics for people (rustc-style, with the source line and a
//! caret), for scripts (JSON) and for GitHub pull-request annotations.

use std::collections::{BTreeMap, HashMap};
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

/// A finding repeated this often (same severity, code, message and help, in
/// different places) is shown once with its places, in the human report.
const REPEATED: usize = 3;

/// Places shown for a repeated finding before "and N more".
const PLACES_SHOWN: usize = 8;

/// Files named for each code in the closing summary.
const TOP_FILES: usize = 3;

/// The report for people: findings grouped by file (each file with a header
/// line), then findings repeated across files shown once with their places,
/// then a summary per code and the tally.
fn human(diagnostics: &[Diagnostic], totals: Totals, root: &Path, colour: bool) -> String {
    let mut printer = Human {
        out: String::new(),
        sources: SourceCache::new(root),
        colour,
    };
    let (single, repeated) = split_repeated(diagnostics);
    let mut start = 0;
    while start < single.len() {
        let file = &single[start].file;
        let end = start
            + single[start..]
                .iter()
                .take_while(|d| &d.file == file)
                .count();
        printer.file_group(&single[start..end]);
        start = end;
    }
    for group in &repeated {
        printer.repeated(group);
    }
    printer.summary(diagnostics);
    let _ = writeln!(
        printer.out,
        "{} ({:.2} s)",
        tally_line(&Tally::of(diagnostics), totals),
        totals.seconds
    );
    printer.out
}

/// The findings shown one by one (in their order) and the groups of
/// repeated ones (in order of first appearance).
fn split_repeated(diagnostics: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<Vec<&Diagnostic>>) {
    type Key<'d> = (Severity, &'d str, &'d str, Option<&'d str>);
    fn key(d: &Diagnostic) -> Key<'_> {
        (d.severity, d.code, &d.message, d.help.as_deref())
    }
    let mut groups: HashMap<Key<'_>, Vec<&Diagnostic>> = HashMap::new();
    let mut order: Vec<Key<'_>> = Vec::new();
    for d in diagnostics {
        let entry = groups.entry(key(d)).or_default();
        if entry.is_empty() {
            order.push(key(d));
        }
        entry.push(d);
    }
    let mut single = Vec::new();
    let mut repeated = Vec::new();
    for k in order {
        let group = groups.remove(&k).unwrap_or_default();
        if group.len() >= REPEATED {
            repeated.push(group);
        } else {
            single.extend(group);
        }
    }
    single.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    (single, repeated)
}

struct Human<'r> {
    out: String,
    sources: SourceCache<'r>,
    colour: bool,
}

impl Human<'_> {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn label(&self, d: &Diagnostic) -> String {
        let (label, colour_code) = severity_label(d.severity);
        self.paint(colour_code, &format!("{label}[{}]", d.code))
    }

    /// A file's header line and its findings.
    fn file_group(&mut self, findings: &[&Diagnostic]) {
        let file = &findings[0].file;
        if !file.as_os_str().is_empty() {
            let tally = Tally::of(findings.iter().copied());
            let header = format!("── {} ({})", file.display(), counts(&tally));
            let header = self.paint("1;4", &header);
            let _ = writeln!(self.out, "{header}\n");
        }
        for d in findings {
            self.finding(d);
        }
    }

    /// One finding, rustc-style: the message, its place, the source line with a caret, help.
    fn finding(&mut self, d: &Diagnostic) {
        let heading = format!("{}: {}", self.label(d), self.paint("1", &d.message));
        let _ = writeln!(self.out, "{heading}");
        let location = location(d);
        if !location.is_empty() {
            let arrow = self.paint("1;34", "-->");
            let _ = writeln!(self.out, "  {arrow} {location}");
        }
        if let Some(line) = self.sources.line(&d.file, d.line) {
            self.excerpt(d, &line);
        }
        self.help(d);
        self.out.push('\n');
    }

    fn excerpt(&mut self, d: &Diagnostic, line: &str) {
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        let caret_pad: String = line
            .chars()
            .take(d.column.saturating_sub(1) as usize)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let bar = self.paint("1;34", "|");
        let caret = self.paint(severity_label(d.severity).1, "^");
        let number = self.paint("1;34", &number);
        let _ = writeln!(
            self.out,
            "{pad} {bar}\n{number} {bar} {line}\n{pad} {bar} {caret_pad}{caret}"
        );
    }

    fn help(&mut self, d: &Diagnostic) {
        if let Some(help) = &d.help {
            let label = self.paint("1", "help:");
            let _ = writeln!(self.out, "  = {label} {help}");
        }
    }

    /// A finding repeated in many places: once, with its places.
    fn repeated(&mut self, group: &[&Diagnostic]) {
        let first = group[0];
        let files = group
            .iter()
            .map(|d| &d.file)
            .collect::<std::collections::HashSet<_>>()
            .len();
        let places = if files == group.len() {
            plural(files, "file", "files")
        } else {
            format!(
                "{} in {}",
                plural(group.len(), "place", "places"),
                plural(files, "file", "files")
            )
        };
        let heading = format!(
            "{}: {} ({places})",
            self.label(first),
            self.paint("1", &first.message)
        );
        let _ = writeln!(self.out, "{heading}");
        let arrow = self.paint("1;34", "-->");
        for d in group.iter().take(PLACES_SHOWN) {
            let _ = writeln!(self.out, "  {arrow} {}", location(d));
        }
        if group.len() > PLACES_SHOWN {
            let more = group.len() - PLACES_SHOWN;
            let _ = writeln!(
                self.out,
                "  {arrow} … and {more} more (--format json or github lists every place)"
            );
        }
        self.help(first);
        self.out.push('\n');
    }

    /// Per code: how many, of what severity, and the files with the most.
    fn summary(&mut self, diagnostics: &[Diagnostic]) {
        let mut by_code: BTreeMap<(Severity, &str), BTreeMap<&Path, usize>> = BTreeMap::new();
        for d in diagnostics {
            *by_code
                .entry((d.severity, d.code))
                .or_default()
                .entry(d.file.as_path())
                .or_default() += 1;
        }
        if by_code.len() < 2 {
            return;
        }
        let title = self.paint("1", "By code:");
        let _ = writeln!(self.out, "{title}");
        let width = by_code
            .keys()
            .map(|(_, code)| code.len())
            .max()
            .unwrap_or(0);
        let mut rows: Vec<_> = by_code.into_iter().collect();
        rows.sort_by_key(|((severity, code), files)| {
            (
                *severity,
                std::cmp::Reverse(files.values().sum::<usize>()),
                *code,
            )
        });
        for ((severity, code), files) in rows {
            let total: usize = files.values().sum();
            let mut top: Vec<(&Path, usize)> = files.iter().map(|(f, n)| (*f, *n)).collect();
            top.sort_by_key(|&(file, n)| (std::cmp::Reverse(n), file));
            let most: Vec<String> = top
                .iter()
                .take(TOP_FILES)
                .filter(|(file, _)| !file.as_os_str().is_empty())
                .map(|(file, n)| format!("{} ({n})", file.display()))
                .collect();
            let spread = match top.first() {
                // One each: naming three of many files says nothing.
                Some(&(_, 1)) if top.len() > 1 => {
                    format!("in {}", plural(top.len(), "file", "files"))
                }
                _ if top.len() > 1 => format!(
                    "in {}: {}",
                    plural(top.len(), "file", "files"),
                    most.join(", ")
                ),
                _ => most.join(", "),
            };
            let (label, colour_code) = severity_label(severity);
            let label = self.paint(colour_code, &format!("{label:<7}"));
            let _ = writeln!(self.out, "  {total:>5} {label} {code:<width$}  {spread}");
        }
        self.out.push('\n');
    }
}

fn severity_label(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("info", "1;36"),
    }
}

/// `file:line:col`, or the file alone for findings about a whole file.
fn location(d: &Diagnostic) -> String {
    if d.line > 0 {
        format!("{}:{}:{}", d.file.display(), d.line, d.column)
    } else {
        d.file.display().to_string()
    }
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
            text.starts_with(
                "── content/a.md (1 error)\n\nerror[anchor-missing]: no anchor '#x'\n  --> content/a.md:2:5\n"
            ),
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
    fn a_finding_repeated_in_many_files_is_shown_once_with_its_places() {
        let same = |file: &str, line| {
            Diagnostic::warning("link-broken", file, "no page at '/images/x.png'").at(line, 3)
        };
        let mut findings: Vec<Diagnostic> = (0..12)
            .map(|i| same(&format!("content/p{i:02}.md"), i + 1))
            .collect();
        findings
            .push(Diagnostic::error("anchor-missing", "content/a.md", "no anchor '#x'").at(1, 1));
        crate::diagnostics::sort(&mut findings);
        let dir = tempfile::tempdir().unwrap();
        let text = render(
            Format::Human,
            &findings,
            Totals::default(),
            dir.path(),
            false,
        );
        assert_eq!(
            text.matches("no page at '/images/x.png'").count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("warning[link-broken]: no page at '/images/x.png' (12 files)\n  --> content/p00.md:1:3\n"),
            "{text}"
        );
        assert!(text.contains("content/p07.md:8:3\n"), "{text}");
        assert!(!text.contains("content/p08.md"), "{text}");
        assert!(
            text.contains("… and 4 more (--format json or github lists every place)"),
            "{text}"
        );
        assert!(text.contains("By code:\n"), "{text}");
        assert!(
            text.contains("   12 warning link-broken     in 12 files\n"),
            "{text}"
        );
        // JSON keeps every place.
        let json = render(
            Format::Json,
            &findings,
            Totals::default(),
            dir.path(),
            false,
        );
        assert_eq!(json.matches("no page at '/images/x.png'").count(), 12);
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
        assert!(value["diagnostics"][0].get("occurrences").is_none());
    }

    #[test]
    fn json_counts_the_places_a_folded_finding_stands_for() {
        let folded = Diagnostic {
            occurrences: 3,
            ..Diagnostic::warning(
                "catalogue-unknown-role",
                "a.md",
                "unknown ER role 'X' (in 3 cells, lines 4, 5, 6)",
            )
            .at(4, 2)
        };
        let text = render(
            Format::Json,
            &[folded],
            Totals::default(),
            Path::new("."),
            false,
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["diagnostics"][0]["occurrences"], 3);
    }
}
