//! Fixture sites for the integration tests: a site made of `(path, text)`
//! pairs in a temporary folder, built through the library or the binary,
//! and small helpers to read what was written.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use brygge::build::{self, BuildError, BuildOptions, Summary};
use brygge::diagnostics::Diagnostic;
use tempfile::TempDir;

/// The usual configuration: Norwegian Bokmål first (default, in `/nb/`),
/// English second.
pub const BILINGUAL: &str = r#"title = "Docs"
base_url = "https://docs.example/"
default_language = "nb"
default_language_in_subdir = true

[languages.nb]
weight = 1

[languages.en]
weight = 2
"#;

/// A site on disk. The folder is removed when the value is dropped.
pub struct TestSite {
    dir: TempDir,
}

/// What a library build returned.
pub struct Built {
    pub summary: Summary,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a run of the binary returned.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// A site with these files (paths relative to the site root).
    pub fn new(files: &[(&str, &str)]) -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) one file of the site.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }

    /// Builds with the library; a build that fails as a whole panics.
    pub fn build(&self) -> Built {
        self.build_with(|_| {})
            .unwrap_or_else(|err| panic!("the build failed: {err}"))
    }

    /// Builds with the library after adjusting the options.
    pub fn build_with(&self, adjust: impl FnOnce(&mut BuildOptions)) -> Result<Built, BuildError> {
        let mut options = self.options();
        adjust(&mut options);
        let (summary, diagnostics) = build::build(&options, &|_| {})?;
        Ok(Built {
            summary,
            diagnostics,
        })
    }

    /// Runs the binary with `args`, in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// The output folder (`public/`).
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Whether the output has this file (relative to `public/`).
    pub fn has_output(&self, rel: &str) -> bool {
        self.public().join(rel).is_file()
    }

    /// The text of an output file (relative to `public/`).
    pub fn output(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "cannot read {}: {err}; output has {:?}",
                path.display(),
                self.output_files()
            )
        })
    }

    /// The HTML of the page at a root-relative URL such as `/nb/a/`.
    pub fn page(&self, url: &str) -> String {
        self.output(&format!("{}index.html", url.trim_start_matches('/')))
    }

    /// Every file in the output, relative to `public/`, sorted.
    pub fn output_files(&self) -> Vec<String> {
        files_below(&self.public())
    }
}

/// Runs the binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_brygge"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run brygge");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file below `dir`, relative to it with `/` separators, sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

impl Built {
    /// The diagnostics as printed (`file:line:col: severity[code]: message`).
    pub fn printed(&self) -> Vec<String> {
        self.diagnostics.iter().map(ToString::to_string).collect()
    }

    /// The diagnostics with this code.
    pub fn with_code(&self, code: &str) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|d| d.code == code).collect()
    }

    /// The one diagnostic with this code.
    pub fn only(&self, code: &str) -> &Diagnostic {
        match self.with_code(code).as_slice() {
            [one] => one,
            other => panic!(
                "expected one {code} diagnostic, got {other:#?}\nall: {:#?}",
                self.printed()
            ),
        }
    }
}

impl Run {
    /// stderr lines that start with `prefix`.
    pub fn stderr_lines_starting(&self, prefix: &str) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with(prefix))
            .collect()
    }
}

/// The part of `html` from the first `start` up to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found in:\n{html}"));
    let rest = &html[from..];
    let to = rest
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?} in:\n{html}"));
    &rest[..to + end.len()]
}

#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect {needle:?} in:\n{haystack}"
    );
}

/// Asserts that `needles` occur in `haystack` in this order.
#[track_caller]
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(i) => from += i + needle.len(),
            None => panic!(
                "expected {needles:?} in this order; {needle:?} missing after byte {from} of:\n{haystack}"
            ),
        }
    }
}
