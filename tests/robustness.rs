//! What a user sees, through the binary, when the input is wrong or hostile:
//! a wrong `--root`, a site without its content folder, a file name with a
//! language the site does not have, a broken catalogue, links that run
//! script, and markup in front matter and shortcode arguments.

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
    assert_contains(&run.stderr, "an earlier output, if any, is as it was");
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

/// A finding as (code, file, line, column).
type Found = (String, String, u64, u64);

/// The exit code and findings of `brygge check --format json`.
fn check_json(site: &TestSite) -> (Option<i32>, Vec<Found>) {
    let run = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|err| panic!("{err}: {run:?}"));
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    (run.code, found)
}

fn found(code: &str, file: &str, line: u64, column: u64) -> Found {
    (code.to_string(), file.to_string(), line, column)
}

#[test]
fn a_javascript_link_is_an_error_at_the_link() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &page("A")),
        (
            "content/a.en.md",
            "---\ntitle: A\n---\nFine [page](/en/a/).\n\nSee [this](javascript:alert(1)) and [that](JavaScript:void(0)).\n",
        ),
    ]);
    let (code, findings) = check_json(&site);
    assert_eq!(code, Some(1));
    let unsafe_links: Vec<_> = findings.iter().filter(|f| f.0 == "link-unsafe").collect();
    assert_eq!(
        unsafe_links,
        [
            &found("link-unsafe", "content/a.en.md", 6, 5),
            &found("link-unsafe", "content/a.en.md", 6, 37),
        ]
    );
    let run = site.run(&["check"]);
    assert_contains(
        &run.stdout,
        "error[link-unsafe]: link 'javascript:alert(1)' runs script when followed\n  --> content/a.en.md:6:5\n",
    );
}

/// A page whose front matter and shortcode arguments are full of markup.
const HOSTILE_PAGE: &str = r#"---
title: "<script>alert('title')</script>"
description: "\"><img src=x onerror=alert('description')>"
---
{{< figure src="x\" onerror=\"alert('src')" caption="<script>alert('caption')</script>" alt="\"><b>alt</b>" >}}

{{< notice "<script>alert('notice')</script>" >}}inner{{< /notice >}}

{{< youtube id="\"><script>alert('youtube')</script>" >}}

{{< icon "\" onclick=\"alert('icon')" >}}
"#;

/// The elements and attributes of `html` that run script, as a browser's
/// tokenizer reads them (so text and attribute values do not count).
fn runs_script(html: &str) -> Vec<String> {
    use lol_html::{HtmlRewriter, Settings, element};
    let mut found = Vec::new();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                let tag = el.tag_name();
                if ["script", "iframe", "object", "embed"].contains(&tag.as_str())
                    && !el
                        .get_attribute("src")
                        .is_some_and(|src| src.starts_with("https://www.youtube-nocookie.com/"))
                {
                    found.push(format!("<{tag}>"));
                }
                for attribute in el.attributes() {
                    let name = attribute.name();
                    let value = attribute.value().to_ascii_lowercase();
                    if name.starts_with("on") || value.trim_start().starts_with("javascript:") {
                        found.push(format!("<{tag} {name}={value}>"));
                    }
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        rewriter.write(html.as_bytes()).unwrap();
        rewriter.end().unwrap();
    }
    found
}

/// What runs script in the page at `url` beyond what the templates put in
/// every page (compared with the plain page `content/plain.nb.md`).
fn scripts_added(site: &TestSite, url: &str) -> Vec<String> {
    let mut template = runs_script(&site.page("/nb/plain/"));
    let mut added = Vec::new();
    for found in runs_script(&site.page(url)) {
        match template.iter().position(|t| *t == found) {
            Some(i) => {
                template.remove(i);
            }
            None => added.push(found),
        }
    }
    added
}

#[test]
fn front_matter_and_shortcode_arguments_are_escaped() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", HOSTILE_PAGE),
        ("content/plain.nb.md", &page("Plain")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let html = site.page("/nb/a/");
    assert_eq!(
        scripts_added(&site, "/nb/a/"),
        Vec::<String>::new(),
        "{html}"
    );
    for escaped in [
        "<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;",
        "<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</h1>",
        "&quot;&gt;&lt;img src=x onerror=alert(&#39;description&#39;)&gt;",
        "<figcaption><p>&lt;script&gt;alert(&#39;caption&#39;)&lt;/script&gt;</p></figcaption>",
        "alt=\"&quot;&gt;&lt;b&gt;alt&lt;/b&gt;\"",
        "notice-&lt;script&gt;alert(&#39;notice&#39;)&lt;/script&gt;",
    ] {
        assert_contains(&html, escaped);
    }
}

#[test]
fn raw_html_is_omitted_when_raw_html_is_off() {
    let body = "<script>alert('block')</script>\n\nInline <img src=\"x\" onerror=\"alert('inline')\"> here.\n\n<div onclick=\"alert('div')\">\n\n*still Markdown*\n\n</div>\n";
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &format!("---\ntitle: A\n---\n{body}")),
        ("content/plain.nb.md", &page("Plain")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let html = site.page("/nb/a/");
    assert_eq!(
        scripts_added(&site, "/nb/a/"),
        Vec::<String>::new(),
        "{html}"
    );
    assert_lacks(&html, "alert(");
    assert_contains(&html, "<!-- raw HTML omitted -->");
    assert_contains(&html, "Inline <!-- raw HTML omitted --> here.");
    assert_contains(&html, "<em>still Markdown</em>");
    // With raw HTML on, it passes, as the site asked.
    site.write(
        "site.toml",
        format!("{BILINGUAL}\n[markdown]\nunsafe_html = true\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_contains(&site.page("/nb/a/"), "<script>alert('block')</script>");
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/a.nb.md",
            "---\ntitle: A\n---\n## Hei {#hei onclick=alert(1) .x}\n\nAvsnitt.\n{.y onmouseover=\"alert(2)\"}\n",
        ),
        ("content/plain.nb.md", &page("Plain")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let html = site.page("/nb/a/");
    assert_eq!(
        scripts_added(&site, "/nb/a/"),
        Vec::<String>::new(),
        "{html}"
    );
    assert_contains(&html, "id=\"hei\"");
    assert_contains(&html, "<p class=\"y\">Avsnitt.</p>");
    assert_lacks(&html, "alert(");
}

#[test]
fn a_catalogue_that_cannot_be_loaded_is_named_by_the_shortcode() {
    let site = TestSite::new(&[
        (
            "site.toml",
            &format!("{BILINGUAL}\n[catalogue]\nfile = \"data/catalogue.yaml\"\n"),
        ),
        ("data/catalogue.yaml", "sources:\n  packages: \"x.json\n"),
        (
            "content/a.nb.md",
            "---\ntitle: A\n---\n{{< catalogue-table >}}\n",
        ),
        ("content/b.nb.md", &page("B")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_contains(&run.stderr, "data/catalogue.yaml:");
    assert_contains(&run.stderr, "error[catalogue-invalid]");
    assert_contains(
        &run.stderr,
        "content/a.nb.md:4:1: error[catalogue-missing]: shortcode 'catalogue-table' needs a catalogue\n  = help: the catalogue data/catalogue.yaml could not be loaded: see the catalogue-invalid error",
    );
    assert_lacks(&run.stderr, "name one in site.toml");
    assert!(site.has_output("nb/b/index.html"));
}
