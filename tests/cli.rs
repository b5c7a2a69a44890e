//! The `brygge` command line: its help, its options and what it prints.

mod common;

use common::{BILINGUAL, TestSite, assert_contains, run_in};

fn page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n")
}

/// The subcommand names listed under "Commands:" in a help text.
fn commands(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .collect()
}

#[test]
fn help_lists_only_implemented_commands() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        commands(&run.stdout),
        ["build", "serve", "check", "help"],
        "{}",
        run.stdout
    );
}

#[test]
fn build_help_shows_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["build", "--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for option in [
        "--root <ROOT>",
        "--config <CONFIG>",
        "--out <OUT>",
        "--base-url <BASE_URL>",
        "--drafts",
    ] {
        assert_contains(&run.stdout, option);
    }
}

#[test]
fn out_is_relative_to_the_current_folder() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    for (rel, text) in [
        ("site.toml", BILINGUAL.to_string()),
        ("content/a.nb.md", page("A")),
    ] {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let run = run_in(work.path(), &["build", "--root", "site", "--out", "built"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        work.path().join("built/nb/a/index.html").is_file(),
        "{:?}",
        common::files_below(work.path())
    );
    assert!(!site.join("built").exists());
    assert!(!site.join("public").exists());
}

#[test]
fn the_summary_line_counts_pages_aliases_and_files() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/_index.en.md", &page("Home")),
        (
            "content/a/_index.nb.md",
            "---\ntitle: A\naliases: [/gammel-a/]\n---\n",
        ),
        ("content/a/_index.en.md", &page("A")),
        ("content/a/b.nb.md", &page("B")),
        ("content/a/bilde.png", "PNG"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines = run.stderr_lines_starting("built ");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    let line = lines[0];
    let prefix = "built 5 pages (en 2, nb 3), 1 alias, 2 files copied in ";
    assert!(line.starts_with(prefix), "{line}");
    let (seconds, out) = line[prefix.len()..]
        .split_once(" s → ")
        .unwrap_or_else(|| panic!("no ' s → ' in {line}"));
    let decimals = seconds.split_once('.').map(|(_, d)| d.len());
    assert!(
        seconds.parse::<f64>().is_ok() && decimals == Some(2),
        "seconds as 0.00: {line}"
    );
    assert_eq!(out, "public");
}

#[test]
fn base_url_changes_the_canonical_link() {
    let site = TestSite::new(&[("site.toml", BILINGUAL), ("content/a.nb.md", &page("A"))]);
    let run = site.run(&["build", "--base-url", "https://other.example/docs"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let html = site.page("/nb/a/");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://other.example/docs/nb/a/\">",
    );
    assert!(!html.contains("https://docs.example/"), "{html}");
}

#[test]
fn drafts_option_builds_draft_pages() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", "---\ntitle: Utkast\ndraft: true\n---\n"),
    ]);
    assert_eq!(site.run(&["build"]).code, Some(0));
    assert!(!site.has_output("nb/a/index.html"));
    assert_eq!(site.run(&["build", "--drafts"]).code, Some(0));
    assert_contains(&site.page("/nb/a/"), "<h1>Utkast</h1>");
}

/// `--config` names "a configuration file"; one written like site.toml
/// should be read like site.toml whatever it is called.
#[test]
fn config_option_reads_a_site_toml_style_file() {
    let staging = BILINGUAL.replace("https://docs.example/", "https://staging.example/");
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("staging.toml", &staging),
        ("content/a.nb.md", &page("A")),
    ]);
    let run = site.run(&["build", "--config", "staging.toml"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_contains(
        &site.page("/nb/a/"),
        "<link rel=\"canonical\" href=\"https://staging.example/nb/a/\">",
    );
}

/// A site whose check report is long: 300 pages with a broken link each.
fn site_with_many_findings() -> TestSite {
    let pages: Vec<(String, String)> = (0..300)
        .map(|i| {
            (
                format!("content/p{i}.nb.md"),
                format!("---\ntitle: P{i}\n---\nSee [nowhere](/nb/nowhere-{i}/).\n"),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = vec![("site.toml", BILINGUAL)];
    files.extend(pages.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    TestSite::new(&files)
}

/// `brygge check | head -1`: the reader goes away; brygge neither panics
/// nor changes its verdict (1: errors were found).
#[test]
fn a_reader_that_stops_reading_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let site = site_with_many_findings();
    let mut child = Command::new(env!("CARGO_BIN_EXE_brygge"))
        .args(["check", "--format", "json"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("brygge starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("brygge ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

/// A report that cannot be written (a full disk) is an error, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    use std::process::{Command, Stdio};
    let site = site_with_many_findings();
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let output = Command::new(env!("CARGO_BIN_EXE_brygge"))
        .args(["check", "--format", "json"])
        .current_dir(site.root())
        .stdout(Stdio::from(full))
        .output()
        .expect("brygge runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_contains(
        &stderr,
        "error: cannot write the report: No space left on device",
    );
}

/// `serve` on a folder that is not there says so as `build` does, and a
/// port in use says what to do about it.
#[test]
fn serve_explains_a_missing_site_and_a_busy_port() {
    use std::process::Command;
    let site = TestSite::new(&[("site.toml", BILINGUAL), ("content/a.nb.md", &page("A"))]);
    let output = Command::new(env!("CARGO_BIN_EXE_brygge"))
        .args(["serve", "--root", "no-such-folder", "--port", "0"])
        .current_dir(site.root())
        .output()
        .expect("brygge runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_contains(&stderr, "error[root-missing]");
    assert!(!stderr.contains("cannot watch"), "{stderr}");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_brygge"))
        .args(["serve", "--port", &port])
        .current_dir(site.root())
        .output()
        .expect("brygge runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_contains(&stderr, "--port 0 for any free one");
}
