//! A wrong `--root`, a site without its content folder, and a file name with
//! a language the site does not have: what the user sees, through the binary.

mod common;

use std::path::Path;

use common::{BILINGUAL, TestSite, assert_contains, assert_lacks, files_below, run_in};

fn page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\nText of {title}.\n")
}

/// Every file and folder below `dir`, for "nothing was written".
fn everything_below(dir: &Path) -> Vec<String> {
    walk(dir, dir)
}

fn walk(base: &Path, dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        all.push(path.strip_prefix(base).unwrap().display().to_string());
        if path.is_dir() && !path.is_symlink() {
            all.extend(walk(base, &path));
        }
    }
    all.sort();
    all
}

#[test]
fn a_root_that_does_not_exist_exits_2_and_creates_nothing() {
    let work = tempfile::tempdir().unwrap();
    for command in ["build", "check"] {
        let run = run_in(
            work.path(),
            &[command, "--root", "path/that/does-not-exist"],
        );
        assert_eq!(run.code, Some(2), "{command}: {run:?}");
        let said = if command == "build" {
            &run.stderr
        } else {
            &run.stdout
        };
        assert_contains(
            said,
            "error[root-missing]: no site at path/that/does-not-exist: there is no such folder; is --root right?",
        );
        assert_lacks(said, "IO error");
        assert_eq!(everything_below(work.path()), Vec::<String>::new());
    }
}

#[test]
fn a_root_without_a_site_exits_2_and_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("empty")).unwrap();
    let run = run_in(work.path(), &["build", "--root", "empty"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "empty/content: error[content-missing]: no content folder at empty/content; is --root right?"
        ),
        "{}",
        run.stderr
    );
    assert_lacks(&run.stderr, "empty/empty");
    assert_lacks(&run.stderr, "IO error");
    assert_eq!(everything_below(work.path()), ["empty"]);

    let run = run_in(work.path(), &["check", "--root", "empty"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(
        &run.stdout,
        "error[content-missing]: no content folder at empty/content; is --root right?\n  --> empty/content\n",
    );
    assert_lacks(&run.stdout, "empty/empty");

    // Run inside the folder itself.
    let run = run_in(&work.path().join("empty"), &["build"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(
        &run.stderr,
        "content: error[content-missing]: no content folder at content; is --root right?",
    );
    assert_eq!(everything_below(work.path()), ["empty"]);
}

#[test]
fn a_renamed_content_folder_keeps_the_previous_output() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/a.nb.md", &page("A")),
    ]);
    let first = site.run(&["build"]);
    assert_eq!(first.code, Some(0), "{first:?}");
    let before = site.output_files();
    let home = site.page("/nb/a/");
    std::fs::rename(site.root().join("content"), site.root().join("innhold")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(
        &run.stderr,
        "content: error[content-missing]: no content folder at ",
    );
    assert_contains(&run.stderr, "the previous output was left as it was");
    assert_eq!(site.output_files(), before);
    assert_eq!(site.page("/nb/a/"), home);
    let leftovers: Vec<String> = files_below(site.root())
        .into_iter()
        .filter(|f| f.contains("brygge-new") || f.contains("brygge-old"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn an_unconfigured_language_suffix_on_a_page_is_reported_and_built() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/ukjent.de.md", &page("Unbekannt")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "a warning: {run:?}");
    assert_eq!(
        run.stderr_lines_starting("content/ukjent.de.md"),
        [
            "content/ukjent.de.md: warning[unknown-language]: 'de' in the file name is not a configured language; the file is built as the Bokmål (nb) page 'ukjent.de'"
        ]
    );
    assert_contains(
        &run.stderr,
        "= help: add [languages.de] to the configuration, or rename the file to ukjent.nb.md or ukjent.en.md",
    );
    assert_contains(&site.page("/nb/ukjent.de/"), "Text of Unbekannt.");
    assert!(!site.public().join("de").exists());
    // A page about a file keeps its name quietly.
    site.write("content/Program.cs.md", page("Program.cs"));
    let run = site.run(&["build"]);
    assert_eq!(run.stderr_lines_starting("content/Program.cs.md"), [""; 0]);
    assert!(site.has_output("nb/program.cs/index.html"));
}
