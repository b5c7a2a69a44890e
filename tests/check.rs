//! `brygge check` through the binary: one small fixture site per concern,
//! asserting exit codes and each diagnostic's code, location (the `.md`
//! line and column of the link as written), message and help.

mod common;

use common::{BILINGUAL, Run, TestSite, assert_contains, assert_lacks, files_below, run_in};
use serde_json::Value;

/// A page with a title and a body.
fn md(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// A bilingual site (nb in `/nb/`, en in `/en/`) with both home pages and
/// these files.
fn site(files: &[(&str, &str)]) -> TestSite {
    let nb_home = md("Hjem", "Velkommen.\n");
    let en_home = md("Home", "Welcome.\n");
    let mut all: Vec<(&str, &str)> = vec![
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &nb_home),
        ("content/_index.en.md", &en_home),
    ];
    all.extend_from_slice(files);
    TestSite::new(&all)
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone, PartialEq)]
struct Finding {
    severity: String,
    code: String,
    file: String,
    line: u64,
    column: u64,
    message: String,
    help: Option<String>,
}

impl Finding {
    fn at(&self) -> (&str, u64, u64) {
        (self.file.as_str(), self.line, self.column)
    }
}

/// A `check --format json` run.
struct Checked {
    run: Run,
    report: Value,
    findings: Vec<Finding>,
}

impl Checked {
    fn code(&self) -> Option<i32> {
        self.run.code
    }

    fn with_code(&self, code: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.code == code).collect()
    }

    #[track_caller]
    fn only(&self, code: &str) -> &Finding {
        match self.with_code(code).as_slice() {
            [one] => one,
            other => panic!(
                "expected one {code}, got {other:#?}\nall: {:#?}",
                self.findings
            ),
        }
    }

    /// The one finding whose message mentions `needle`.
    #[track_caller]
    fn about(&self, code: &str, needle: &str) -> &Finding {
        let matching: Vec<_> = self
            .with_code(code)
            .into_iter()
            .filter(|f| f.message.contains(needle))
            .collect();
        match matching.as_slice() {
            [one] => one,
            other => panic!(
                "expected one {code} about {needle:?}, got {other:#?}\nall: {:#?}",
                self.findings
            ),
        }
    }

    #[track_caller]
    fn assert_clean(&self) {
        assert!(
            self.findings.is_empty(),
            "expected no findings, got {:#?}",
            self.findings
        );
        assert_eq!(self.code(), Some(0), "{:?}", self.run);
    }
}

fn parse_findings(report: &Value) -> Vec<Finding> {
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics array in {report:#}"))
        .iter()
        .map(|d| Finding {
            severity: d["severity"].as_str().unwrap().to_string(),
            code: d["code"].as_str().unwrap().to_string(),
            file: d["file"].as_str().unwrap().to_string(),
            line: d["line"].as_u64().unwrap(),
            column: d["column"].as_u64().unwrap(),
            message: d["message"].as_str().unwrap().to_string(),
            help: d["help"].as_str().map(str::to_string),
        })
        .collect()
}

/// Runs `brygge check --format json ARGS` in the site's folder.
fn check(site: &TestSite, args: &[&str]) -> Checked {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|err| panic!("stdout is not JSON ({err}): {run:?}"));
    let findings = parse_findings(&report);
    Checked {
        run,
        report,
        findings,
    }
}

/// The 1-based line and column (in characters) where `needle` first occurs
/// in the file `rel` of the site.
#[track_caller]
fn position(site: &TestSite, rel: &str, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {rel}:\n{text}"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() as u64 + 1;
    (line, column)
}

/// Asserts that `finding` points at `needle` in `rel`.
#[track_caller]
fn assert_at(site: &TestSite, finding: &Finding, rel: &str, needle: &str) {
    let (line, column) = position(site, rel, needle);
    assert_eq!(finding.at(), (rel, line, column), "{finding:#?}");
}

// ---------------------------------------------------------------------------
// 1. A clean site

/// Two languages, sections, a leaf bundle with an image, `.md` links with
/// anchors (non-ASCII too), relative and root-relative links.
fn clean_site() -> TestSite {
    let guide_nb = md(
        "Veiledning",
        "## Oversikt\n\nSe [installasjon](install.nb.md#krav) og [bildet](bilde/index.nb.md).\n\n## Blåbær og tyttebær\n\nTilbake til [start](../_index.nb.md).\n",
    );
    let guide_en = md(
        "Guide",
        "## Overview\n\nSee [installation](install.en.md#requirements) and [the picture](bilde/index.en.md).\n\n## Blueberries\n\nBack to [the start](../_index.en.md).\n",
    );
    let install_nb = md(
        "Installasjon",
        "## Krav\n\nLes [oversikten](_index.nb.md#oversikt) og [bær](_index.nb.md#blåbær-og-tyttebær).\nOgså [kodet](/nb/guide/#bl%C3%A5b%C3%A6r-og-tytteb%C3%A6r) og [her](#krav).\n",
    );
    let install_en = md(
        "Installation",
        "## Requirements\n\nRead [the overview](_index.en.md#overview) and [berries](/en/guide/#blueberries).\nAlso [here](#requirements) and [up](../).\n",
    );
    let picture_nb = md(
        "Bilde",
        "![Diagram](diagram.png)\n\n[Veiledningen](../_index.nb.md#oversikt)\n",
    );
    let picture_en = md(
        "Picture",
        "![Diagram](diagram.png)\n\n[The guide](../_index.en.md#overview)\n",
    );
    site(&[
        ("content/guide/_index.nb.md", &guide_nb),
        ("content/guide/_index.en.md", &guide_en),
        ("content/guide/install.nb.md", &install_nb),
        ("content/guide/install.en.md", &install_en),
        ("content/guide/bilde/index.nb.md", &picture_nb),
        ("content/guide/bilde/index.en.md", &picture_en),
        ("content/guide/bilde/diagram.png", "not really a png"),
    ])
}

#[test]
fn a_clean_site_reports_nothing() {
    let site = clean_site();
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let tally = run.stdout.lines().last().unwrap_or("");
    assert!(
        tally.starts_with("no errors or warnings in 8 pages and "),
        "{}",
        run.stdout
    );
    // Nothing but the tally.
    assert_eq!(run.stdout.trim().lines().count(), 1, "{}", run.stdout);
}

#[test]
fn a_clean_site_in_json_has_an_empty_list_and_a_summary() {
    let site = clean_site();
    let checked = check(&site, &[]);
    checked.assert_clean();
    let report = &checked.report;
    assert_eq!(report["version"], 1);
    assert_eq!(report["diagnostics"], Value::Array(Vec::new()));
    let summary = &report["summary"];
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["warnings"], 0);
    assert_eq!(summary["infos"], 0);
    assert_eq!(summary["pages"], 8);
    assert!(summary["links"].as_u64().unwrap() > 20, "{summary:#}");
    assert!(summary["seconds"].as_f64().is_some(), "{summary:#}");
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "{report:#}");
}

// ---------------------------------------------------------------------------
// 2. Planted faults, one site per concern

#[test]
fn a_missing_page_is_link_broken_with_a_suggestion() {
    let a = md(
        "A",
        "Se [installering](/nb/guide/instal/) og [borte](/nb/guide/zzzzzzzzzzzzzzzzzzz/).\n",
    );
    let site = site(&[
        ("content/guide/_index.nb.md", &md("Guide", "")),
        ("content/guide/_index.en.md", &md("Guide", "")),
        ("content/guide/install.nb.md", &md("Installasjon", "")),
        ("content/guide/install.en.md", &md("Install", "")),
        ("content/guide/a.nb.md", &a),
        ("content/guide/a.en.md", &md("A", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let close = checked.about("link-broken", "/nb/guide/instal/");
    assert_eq!(close.severity, "error");
    assert_at(
        &site,
        close,
        "content/guide/a.nb.md",
        "[installering](/nb/guide/instal/)",
    );
    assert_eq!(
        close.message,
        "link '/nb/guide/instal/' goes to /nb/guide/instal/, which is not a page or file of this site"
    );
    assert_eq!(
        close.help.as_deref(),
        Some("did you mean /nb/guide/install/?")
    );
    let far = checked.about("link-broken", "zzzz");
    assert_at(
        &site,
        far,
        "content/guide/a.nb.md",
        "[borte](/nb/guide/zzzzzzzzzzzzzzzzzzz/)",
    );
    assert_eq!(far.help, None, "nothing is close: {far:#?}");
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

/// The content's links are told from the template's whether the template
/// prints the content as rendered or changes it first.
#[test]
fn content_links_are_placed_whether_the_template_keeps_or_changes_the_content() {
    let a = md("A", "Se [borte](/nb/borte/).\n");
    for content in [
        "{{ page.content | safe }}",
        "{{ page.content | replace(from=\"<p>\", to=\"<p class=x>\") | safe }}",
    ] {
        let template = format!(
            "{{% extends \"builtin/base.html\" %}}{{% block content %}}<a href=\"/nb/malen/\">mal</a>{content}{{% endblock content %}}"
        );
        let site = site(&[
            ("templates/page.html", &template),
            ("content/a.nb.md", &a),
            ("content/a.en.md", &md("A", "")),
        ]);
        let checked = check(&site, &[]);
        let from_content = checked.about("link-broken", "/nb/borte/");
        assert_at(
            &site,
            from_content,
            "content/a.nb.md",
            "[borte](/nb/borte/)",
        );
        let from_template: Vec<_> = checked
            .with_code("link-broken")
            .into_iter()
            .filter(|f| f.message.contains("/nb/malen/"))
            .collect();
        assert!(!from_template.is_empty(), "{:#?}", checked.findings);
        for finding in from_template {
            assert_eq!(finding.file, "templates/page.html", "{finding:#?}");
        }
    }
}

#[test]
fn a_md_link_to_a_missing_file_suggests_the_close_file() {
    let a = md("A", "Se [installering](instal.nb.md).\n");
    let site = site(&[
        ("content/guide/_index.nb.md", &md("Guide", "")),
        ("content/guide/_index.en.md", &md("Guide", "")),
        ("content/guide/install.nb.md", &md("Installasjon", "")),
        ("content/guide/install.en.md", &md("Install", "")),
        ("content/guide/a.nb.md", &a),
        ("content/guide/a.en.md", &md("A", "")),
    ]);
    let checked = check(&site, &[]);
    let broken = checked.only("link-broken");
    assert_at(
        &site,
        broken,
        "content/guide/a.nb.md",
        "[installering](instal.nb.md)",
    );
    let help = broken.help.as_deref().unwrap_or("");
    assert!(help.contains("install"), "{broken:#?}");
}

#[test]
fn a_missing_anchor_suggests_the_nearest_id() {
    let a = md(
        "A",
        "Tekst.\n\nSe [kravene](b.nb.md#systemkrav-for-installasjo) og [her](#innledningg).\n\n## Innledning\n",
    );
    let b = md("B", "## Systemkrav for installasjon\n\n## Noe helt annet\n");
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &b),
        ("content/b.en.md", &md("B", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let other_page = checked.about("anchor-missing", "systemkrav");
    assert_eq!(other_page.severity, "error");
    assert_at(
        &site,
        other_page,
        "content/a.nb.md",
        "[kravene](b.nb.md#systemkrav-for-installasjo)",
    );
    assert_eq!(
        other_page.message,
        "link '/nb/b/#systemkrav-for-installasjo': /nb/b/ has no anchor '#systemkrav-for-installasjo'"
    );
    assert_eq!(
        other_page.help.as_deref(),
        Some("did you mean #systemkrav-for-installasjon?")
    );
    let same_page = checked.about("anchor-missing", "innledningg");
    assert_at(&site, same_page, "content/a.nb.md", "[her](#innledningg)");
    assert_eq!(same_page.help.as_deref(), Some("did you mean #innledning?"));
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

#[test]
fn percent_encoded_non_ascii_anchors_match() {
    let a = md(
        "A",
        "[1](b.nb.md#bl%C3%A5b%C3%A6r) [2](b.nb.md#blåbær) [3](/nb/b/#bl%C3%A5b%C3%A6r) [4](/nb/b/#%C3%B8l-og-%C3%A5l)\n",
    );
    let b = md("B", "## Blåbær\n\n## Øl og ål\n");
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &b),
        ("content/b.en.md", &md("B", "")),
    ]);
    check(&site, &[]).assert_clean();
}

#[test]
fn anchors_made_by_shortcodes_count() {
    let a = md(
        "A",
        "{{% expandlarge id=\"x\" header=\"Mer\" %}}\nInnhold.\n{{% /expandlarge %}}\n\n[til x](#x) og [fra b](b.nb.md#y)\n",
    );
    let b = md(
        "B",
        "{{% expandlarge id=\"y\" header=\"Y\" %}}\nInnhold.\n{{% /expandlarge %}}\n\n[til a](a.nb.md#x) [feil](a.nb.md#z)\n",
    );
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &b),
        ("content/b.en.md", &md("B", "")),
    ]);
    let checked = check(&site, &[]);
    // Only the link to an id nothing makes.
    let missing = checked.only("anchor-missing");
    assert_at(&site, missing, "content/b.nb.md", "[feil](a.nb.md#z)");
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

#[test]
fn a_link_into_the_other_language_is_a_warning_when_this_language_has_the_page() {
    let a = md(
        "A",
        "Se [engelsk](/en/b/) og [bare engelsk](/en/c/) og [md](b.en.md).\n",
    );
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &md("B", "")),
        ("content/b.en.md", &md("B", "")),
        // Only in English: linking to it from Norwegian is fine.
        ("content/c.en.md", &md("C", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(0), "warnings only: {:?}", checked.run);
    let other = checked.only("link-other-language");
    assert_eq!(other.severity, "warning");
    assert_at(&site, other, "content/a.nb.md", "[engelsk](/en/b/)");
    assert_eq!(
        other.message,
        "link '/en/b/' goes to the en page though a nb page exists"
    );
    assert_eq!(other.help.as_deref(), Some("link to /nb/b/"));
    // c.en.md has no nb version: that is reported, the link is not.
    assert_eq!(
        checked.only("translation-missing").file,
        "content/c.en.md",
        "{:#?}",
        checked.findings
    );
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

#[test]
fn a_content_link_equal_to_a_template_link_is_located_at_the_link() {
    let b = md(
        "B",
        "Den engelske adressen er /en/b/ og\n\nher er [lenken](/en/b/).\n",
    );
    let site = site(&[("content/b.nb.md", &b), ("content/b.en.md", &md("B", ""))]);
    let checked = check(&site, &[]);
    let other = checked.only("link-other-language");
    assert_at(&site, other, "content/b.nb.md", "[lenken](/en/b/)");
}

#[test]
fn a_root_relative_link_without_language_prefix_that_reaches_nothing() {
    let a = md(
        "A",
        "[virker](/b/) [virker med anker](/b/#del) [borte](/b/zzz/)\n",
    );
    let b = md("B", "## Del\n");
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &b),
        ("content/b.en.md", &md("B", "## Part\n")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let finding = checked.only("link-no-language");
    assert_eq!(finding.severity, "error");
    assert_at(&site, finding, "content/a.nb.md", "[borte](/b/zzz/)");
    assert_eq!(
        finding.message,
        "link '/b/zzz/' has no language prefix; no page has that URL"
    );
    assert_eq!(finding.help.as_deref(), Some("write /nb/b/zzz/"));
    // Reported once, not also as link-broken.
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

#[test]
fn a_root_relative_link_through_an_alias_suggests_the_page() {
    let a = md("A", "[gammel](/gammel/)\n");
    let b = "---\ntitle: B\naliases:\n  - /gammel/\n---\n";
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", b),
        ("content/b.en.md", &md("B", "")),
    ]);
    let checked = check(&site, &[]);
    let finding = checked.only("link-no-language");
    assert_eq!(finding.severity, "warning");
    assert_at(&site, finding, "content/a.nb.md", "[gammel](/gammel/)");
    assert_eq!(finding.help.as_deref(), Some("write /nb/b/"));
}

#[test]
fn an_empty_link_target_is_link_empty() {
    let a = md("A", "Første linje.\n\nEn [tom lenke]() her.\n");
    let site = site(&[("content/a.nb.md", &a), ("content/a.en.md", &md("A", ""))]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let empty = checked.only("link-empty");
    assert_eq!(empty.severity, "error");
    assert_at(&site, empty, "content/a.nb.md", "[tom lenke]()");
    assert_eq!(empty.message, "link has an empty target");
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

#[test]
fn absolute_links_to_the_own_base_url_are_checked() {
    let a = md(
        "A",
        "[ok](https://docs.example/nb/b/#del) [anker](https://docs.example/nb/b/#dell) [side](https://docs.example/nb/bb/) [hjem](https://docs.example/nb/)\n",
    );
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &md("B", "## Del\n")),
        ("content/b.en.md", &md("B", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let anchor = checked.only("anchor-missing");
    assert_at(
        &site,
        anchor,
        "content/a.nb.md",
        "[anker](https://docs.example/nb/b/#dell)",
    );
    assert_eq!(anchor.help.as_deref(), Some("did you mean #del?"));
    let page = checked.only("link-broken");
    assert_at(
        &site,
        page,
        "content/a.nb.md",
        "[side](https://docs.example/nb/bb/)",
    );
    assert_contains(&page.message, "goes to /nb/bb/");
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

#[test]
fn dot_dot_in_absolute_paths_is_normalised() {
    let a = md("A", "[ok](/nb/x/../b/#del) [borte](/nb/b/../../nb/zz/)\n");
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &md("B", "## Del\n")),
        ("content/b.en.md", &md("B", "")),
    ]);
    let checked = check(&site, &[]);
    let broken = checked.only("link-broken");
    assert_at(
        &site,
        broken,
        "content/a.nb.md",
        "[borte](/nb/b/../../nb/zz/)",
    );
    assert_eq!(
        broken.message,
        "link '/nb/b/../../nb/zz/' goes to /nb/zz/, which is not a page or file of this site"
    );
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

/// A leaf bundle whose Norwegian page shows a present and a missing image.
fn bundle_with_missing_image() -> TestSite {
    let nb = md("Bilde", "![finnes](diagram.png)\n\nTekst ![](nope.png)\n");
    let en = md("Picture", "![here](diagram.png)\n");
    site(&[
        ("content/guide/_index.nb.md", &md("Veiledning", "")),
        ("content/guide/_index.en.md", &md("Guide", "")),
        ("content/guide/bilde/index.nb.md", &nb),
        ("content/guide/bilde/index.en.md", &en),
        ("content/guide/bilde/diagram.png", "png"),
    ])
}

#[test]
fn a_missing_image_is_link_broken() {
    let site = bundle_with_missing_image();
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let broken = checked.only("link-broken");
    assert_at(
        &site,
        broken,
        "content/guide/bilde/index.nb.md",
        "![](nope.png)",
    );
    assert_eq!(
        broken.message,
        "link 'nope.png' goes to /nb/guide/bilde/nope.png, which is not a page or file of this site"
    );
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

#[test]
fn an_alias_on_a_page_url_is_alias_collision() {
    let b = "---\ntitle: B\naliases:\n  - /nb/gammel/\n  - /nb/a/\n---\n";
    let site = site(&[
        ("content/a.nb.md", &md("A", "")),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", b),
        ("content/b.en.md", &md("B", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let collision = checked.only("alias-collision");
    assert_eq!(collision.severity, "error");
    assert_at(&site, collision, "content/b.nb.md", "/nb/a/");
    assert_eq!(
        collision.message,
        "alias '/nb/a/' is the URL of the page 'content/a.nb.md'; the page is kept"
    );
    assert_eq!(collision.help.as_deref(), Some("remove the alias"));
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

#[test]
fn two_files_with_one_url_are_url_collision() {
    let site = site(&[
        ("content/s/_index.nb.md", &md("S", "")),
        ("content/s/_index.en.md", &md("S", "")),
        ("content/s/x.nb.md", &md("X", "")),
        ("content/s/x.en.md", &md("X", "")),
        ("content/s/x/index.nb.md", &md("X igjen", "")),
        ("content/s/x/index.en.md", &md("X again", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1), "{:?}", checked.run);
    let collisions = checked.with_code("url-collision");
    assert_eq!(collisions.len(), 2, "{:#?}", checked.findings);
    for lang in ["nb", "en"] {
        let collision = checked.about("url-collision", &format!("/{lang}/s/x/"));
        assert_eq!(collision.severity, "error");
        let pair = [
            format!("content/s/x.{lang}.md"),
            format!("content/s/x/index.{lang}.md"),
        ];
        assert!(pair.contains(&collision.file), "{collision:#?}");
        let other = pair.iter().find(|p| **p != collision.file).unwrap();
        assert_eq!(
            collision.message,
            format!("this page and '{other}' both have the URL /{lang}/s/x/")
        );
        assert_eq!(
            collision.help.as_deref(),
            Some("rename or move one of them; only the first is written")
        );
    }
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

#[test]
fn a_top_level_leaf_bundle_is_a_page_not_a_collision() {
    let site = site(&[
        ("content/om/index.nb.md", &md("Om", "![bilde](bilde.png)\n")),
        (
            "content/om/index.en.md",
            &md("About", "![picture](bilde.png)\n"),
        ),
        ("content/om/bilde.png", "png"),
    ]);
    check(&site, &[]).assert_clean();
}

#[test]
fn a_page_in_one_language_only_names_the_file_to_create() {
    let site = site(&[
        ("content/guide/_index.nb.md", &md("Guide", "")),
        ("content/guide/_index.en.md", &md("Guide", "")),
        ("content/guide/bare-norsk.nb.md", &md("Bare norsk", "")),
        ("content/guide/only-english.en.md", &md("Only English", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(0), "warnings only: {:?}", checked.run);
    let nb = checked.about("translation-missing", "English");
    assert_eq!(nb.severity, "warning");
    assert_eq!(nb.at(), ("content/guide/bare-norsk.nb.md", 0, 0));
    assert_eq!(nb.message, "this page has no English version");
    assert_eq!(
        nb.help.as_deref(),
        Some("create content/guide/bare-norsk.en.md")
    );
    let en = checked.about("translation-missing", "Bokmål");
    assert_eq!(en.file, "content/guide/only-english.en.md");
    assert_eq!(
        en.help.as_deref(),
        Some("create content/guide/only-english.nb.md")
    );
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

#[test]
fn a_section_without_its_index_in_one_language() {
    let site = site(&[
        ("content/seksjon/_index.nb.md", &md("Seksjon", "")),
        ("content/seksjon/side.nb.md", &md("Side", "")),
        ("content/seksjon/side.en.md", &md("Page", "")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(0), "warnings only: {:?}", checked.run);
    let missing = checked.only("section-index-missing");
    assert_eq!(missing.severity, "warning");
    assert_eq!(missing.at(), ("content/seksjon", 0, 0));
    assert_eq!(
        missing.message,
        "section 'seksjon' has no _index file in en; brygge made a bare one"
    );
    assert_eq!(
        missing.help.as_deref(),
        Some("create content/seksjon/_index.en.md")
    );
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
}

#[test]
fn a_hidden_page_nothing_links_to_is_not_an_orphan() {
    let hidden = |title: &str| format!("---\ntitle: {title}\nhidden: true\n---\n");
    let a = md("A", "[lenket](lenket.nb.md)\n");
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "[linked](lenket.en.md)\n")),
        ("content/gjemt.nb.md", &hidden("Gjemt")),
        ("content/gjemt.en.md", &hidden("Hidden")),
        ("content/lenket.nb.md", &hidden("Lenket")),
        ("content/lenket.en.md", &hidden("Linked")),
        ("content/skjult/_index.nb.md", &hidden("Skjult")),
        ("content/skjult/_index.en.md", &hidden("Concealed")),
        ("content/skjult/under.nb.md", &md("Under", "x\n")),
        ("content/skjult/under.en.md", &md("Below", "x\n")),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(0), "notes only: {:?}", checked.run);
    // Hidden on purpose: not orphans. A visible page below a hidden
    // section that nothing links to is one.
    assert_eq!(
        checked.with_code("orphan-page").len(),
        2,
        "{:#?}",
        checked.findings
    );
    let nb = checked.about("orphan-page", "/nb/skjult/under/");
    assert_eq!(nb.severity, "info");
    assert_eq!(nb.at(), ("content/skjult/under.nb.md", 0, 0));
    assert_eq!(
        nb.message,
        "no menu, list or link reaches /nb/skjult/under/"
    );
    assert_eq!(checked.findings.len(), 2, "{:#?}", checked.findings);
}

const NORWEGIAN_PROSE: &str = "Tilgangspakker gir tilgang til tjenester i Altinn. \
Daglig leder og styrets leder får disse pakkene automatisk fra Enhetsregisteret, \
og de kan gi dem videre til andre ansatte i virksomheten. Her beskriver vi hvordan \
du finner riktig pakke, og hva du må gjøre når en ansatt trenger tilgang.\n";

const ENGLISH_PROSE: &str = "Access packages give access to services in Altinn. \
The general manager and the chair of the board get these packages automatically \
from the register, and they can pass them on to other employees of the business. \
Here we describe how you find the right package and what to do when someone needs access.\n";

#[test]
fn a_page_written_in_the_other_language_is_one_finding() {
    let tagged =
        "---\ntitle: Packages\ntags: [needstranslation]\n---\n".to_string() + NORWEGIAN_PROSE;
    let other_tag = "---\ntitle: Translate\ntags: [api, translate-to-english]\n---\n".to_string()
        + NORWEGIAN_PROSE;
    let site = site(&[
        ("content/pakker.nb.md", &md("Pakker", NORWEGIAN_PROSE)),
        ("content/pakker.en.md", &md("Packages", NORWEGIAN_PROSE)),
        ("content/roller.nb.md", &md("Roller", ENGLISH_PROSE)),
        ("content/roller.en.md", &md("Roles", ENGLISH_PROSE)),
        ("content/tagget.nb.md", &md("Tagget", NORWEGIAN_PROSE)),
        ("content/tagget.en.md", &tagged),
        ("content/oversett.nb.md", &md("Oversett", NORWEGIAN_PROSE)),
        ("content/oversett.en.md", &other_tag),
        (
            "content/kort.en.md",
            &md("Short", "Daglig leder får pakken.\n"),
        ),
        (
            "content/kort.nb.md",
            &md("Kort", "Daglig leder får pakken.\n"),
        ),
    ]);
    let checked = check(&site, &[]);
    let found = checked.with_code("page-language");
    assert_eq!(found.len(), 4, "{:#?}", checked.findings);
    let en = checked.about("page-language", "file name says English");
    assert_eq!(en.at(), ("content/pakker.en.md", 4, 1));
    assert_eq!(en.severity, "warning");
    assert!(
        en.message.starts_with("this page is written in Bokmal"),
        "{en:?}"
    );
    let nb = checked.about("page-language", "file name says Bokmal");
    assert_eq!(nb.file, "content/roller.nb.md");
    assert!(
        nb.message.starts_with("this page is written in English"),
        "{nb:?}"
    );
    // A page tagged as needing translation says so, once, and is not also
    // a page-needs-translation finding.
    // Either tag the Altinn docs use: `needstranslation`, `translate-to-*`.
    let tagged: Vec<&&Finding> = found
        .iter()
        .filter(|f| f.message.contains("tagged as needing translation"))
        .collect();
    assert_eq!(tagged.len(), 2, "{tagged:#?}");
    assert_eq!(tagged[0].file, "content/oversett.en.md");
    assert_eq!(
        tagged[0].help.as_deref(),
        Some("translate it to English, then remove `translate-to-english` from its tags")
    );
    assert_eq!(tagged[1].file, "content/tagget.en.md");
    assert!(
        checked
            .with_code("page-needs-translation")
            .iter()
            .all(|f| f.file != "content/tagget.en.md"),
        "{:#?}",
        checked.findings
    );
    // Too little prose to judge: nothing about kort.en.md.
    assert!(
        checked
            .findings
            .iter()
            .all(|f| !f.file.starts_with("content/kort"))
    );
}

/// Hugo's assets folder: a file a template asks for is published where
/// Hugo puts it; a missing one is an error at the shortcode call.
#[test]
fn images_from_the_assets_folder_are_published_and_checked() {
    let page = md(
        "Bilder",
        "Et bilde:\n\n{{< image file=\"skjema/a.png\" alt=\"Skjema\" >}}\n\nEt til:\n\n{{< image file=\"borte.png\" >}}\n",
    );
    let site = site(&[
        ("content/bilder.nb.md", &page),
        ("content/bilder.en.md", &md("Images", "None.\n")),
        ("assets/images/skjema/a.png", "png"),
        ("assets/images/ubrukt.png", "unused"),
    ]);
    let checked = check(&site, &[]);
    let missing = checked.only("shortcode-failed");
    assert_eq!(missing.at(), ("content/bilder.nb.md", 10, 1), "{missing:?}");
    assert_contains(
        &missing.message,
        "no file 'images/borte.png' in the assets folder",
    );
    assert!(
        checked.with_code("link-broken").is_empty(),
        "{:#?}",
        checked.findings
    );
    let built = site.run(&["build"]);
    assert_eq!(built.code, Some(1), "{built:?}");
    assert_contains(
        &site.page("/nb/bilder/"),
        r#"<img class="sc-image" src="/images/skjema/a.png" alt="Skjema""#,
    );
    assert_eq!(site.output("images/skjema/a.png"), "png");
    assert!(
        !site.has_output("images/ubrukt.png"),
        "an unused asset is not published"
    );
}

/// A site under a path (`base_url` with `/docs/`) gets its assets there;
/// a file only the 404 template asks for is published too.
#[test]
fn assets_follow_the_base_path_and_site_templates_publish_them() {
    let config = BILINGUAL.replace("https://docs.example/", "https://example.org/docs/");
    let not_found = r#"{% extends "builtin/404.html" %}{% block content %}<img src="{{ asset(path="images/logo.png") }}">{% endblock content %}"#;
    let site = TestSite::new(&[
        ("site.toml", &config),
        (
            "content/_index.nb.md",
            &md("Hjem", "{{< image file=\"a.png\" >}}\n"),
        ),
        ("content/_index.en.md", &md("Home", "Welcome.\n")),
        ("templates/404.html", not_found),
        ("assets/images/a.png", "a"),
        ("assets/images/logo.png", "logo"),
    ]);
    let built = site.run(&["build"]);
    assert_eq!(built.code, Some(0), "{built:?}");
    assert_contains(&site.output("nb/index.html"), r#"src="/docs/images/a.png""#);
    assert_contains(
        &site.output("nb/404.html"),
        r#"src="/docs/images/logo.png""#,
    );
    assert_eq!(site.output("images/logo.png"), "logo");
    assert_eq!(site.output("images/a.png"), "a");
}

/// A copy of a site without its assets folder: the files the templates ask
/// for are not checked, and that is said once, not at every page.
#[test]
fn a_site_without_its_assets_folder_is_said_once() {
    let page = md(
        "Bilder",
        "{{< image file=\"a.png\" >}}\n\n{{< image file=\"b.png\" >}}\n",
    );
    let site = site(&[
        ("content/bilder.nb.md", &page),
        ("content/bilder.en.md", &page),
    ]);
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(0), "{:?}", checked.run);
    let said = checked.only("assets-missing");
    assert_eq!(said.severity, "info");
    assert_eq!(
        said.message,
        "the templates use 2 files from the assets folder (such as 'images/a.png'), but this site has no folder 'assets'; they were not checked"
    );
    assert!(
        checked.with_code("link-broken").is_empty(),
        "{:#?}",
        checked.findings
    );
}

// ---------------------------------------------------------------------------
// 3. No false positives

#[test]
fn links_that_are_not_site_links_are_left_alone() {
    let a = md(
        "A",
        r#"[//]: <> (a comment, not a link)
[//]: # "another comment"

[e-post](mailto:post@example.com) [telefon](tel:+4712345678)
[tom anker](#) [til toppen](#top) [swagger](#/Decision/post_x) [swagger2](#/Operations/get_y)
[ekstern](https://example.com/x) [ekstern med anker](https://example.com/x#nope)
<a href="mailto:a@b.no">html</a>

## Overskrift
"#,
    );
    let site = site(&[
        ("content/a.nb.md", &a),
        ("content/a.en.md", &md("A", "[mail](mailto:x@y.no)\n")),
    ]);
    check(&site, &[]).assert_clean();
}

#[test]
fn the_language_switcher_links_are_not_findings() {
    // Every page has a switcher to the other language; a page in one
    // language links to the other language's home.
    let site = site(&[
        ("content/a.nb.md", &md("A", "")),
        ("content/a.en.md", &md("A", "")),
        ("content/s/_index.nb.md", &md("S", "")),
        ("content/s/_index.en.md", &md("S", "")),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:?}", built.printed());
    assert_contains(&site.page("/nb/a/"), "hreflang=\"en\"");
    std::fs::remove_dir_all(site.public()).unwrap();
    check(&site, &[]).assert_clean();
}

// ---------------------------------------------------------------------------
// 4. Exit codes

/// A site whose only finding is a warning (`link-other-language`).
fn warning_only_site() -> TestSite {
    site(&[
        ("content/a.nb.md", &md("A", "[b](/en/b/)\n")),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &md("B", "")),
        ("content/b.en.md", &md("B", "")),
    ])
}

#[test]
fn errors_exit_1() {
    let site = site(&[
        ("content/a.nb.md", &md("A", "[x](/nb/borte/)\n")),
        ("content/a.en.md", &md("A", "")),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_contains(&run.stdout, "\n1 error in ");
}

#[test]
fn warnings_exit_0_unless_denied() {
    let site = warning_only_site();
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_contains(&run.stdout, "\n1 warning in ");
    let denied = site.run(&["check", "--deny-warnings"]);
    assert_eq!(denied.code, Some(1), "{denied:?}");
    assert_contains(&denied.stdout, "warning[link-other-language]");
}

#[test]
fn notes_do_not_fail_even_with_deny_warnings() {
    let site = site(&[
        ("content/a.nb.md", &md("A", "")),
        ("content/a.en.md", &md("A", "")),
        (
            "content/g/_index.nb.md",
            "---\ntitle: G\nhidden: true\n---\n",
        ),
        (
            "content/g/_index.en.md",
            "---\ntitle: G\nhidden: true\n---\n",
        ),
        ("content/g/x.nb.md", &md("X", "")),
        ("content/g/x.en.md", &md("X", "")),
    ]);
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_contains(&run.stdout, "\n2 notes in ");
}

#[test]
fn a_broken_config_exits_2_with_the_diagnostic() {
    let site = site(&[("content/a.nb.md", &md("A", ""))]);
    site.write(
        "site.toml",
        format!("{BILINGUAL}\n[check]\nignore = [\"x\"\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(&run.stdout, "error[config-invalid]: ");
    // The error is at the end of the unclosed array's line.
    let (line, _) = position(&site, "site.toml", "ignore = [\"x\"");
    assert_contains(&run.stdout, &format!("site.toml:{line}:14\n"));
    assert_contains(&run.stdout, &format!("{line} | ignore = [\"x\"\n"));
    assert_contains(&run.stdout, "\n1 error in ");

    let json = check(&site, &[]);
    assert_eq!(json.code(), Some(2));
    let config = json.only("config-invalid");
    assert_eq!(config.severity, "error");
    assert!(config.file.ends_with("site.toml"), "{config:#?}");
    assert_eq!((config.line, config.column), (line, 14), "{config:#?}");
}

#[test]
fn a_config_error_names_the_file_as_other_findings_do() {
    let site = site(&[("content/a.nb.md", &md("A", ""))]);
    site.write("site.toml", format!("{BILINGUAL}\ntitle = \"x\n"));
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stdout.starts_with("::error file=site.toml,line="),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_severity_in_check_settings_exits_2() {
    let site = site(&[("content/a.nb.md", &md("A", ""))]);
    site.write(
        "site.toml",
        format!("{BILINGUAL}\n[check]\nseverity = {{ \"orphan-page\" = \"loud\" }}\n"),
    );
    let json = check(&site, &[]);
    assert_eq!(json.code(), Some(2), "{:?}", json.run);
    let config = json.only("config-invalid");
    assert_contains(&config.message, "loud");
    assert_eq!(config.line, 13, "{config:#?}");
}

#[test]
fn an_unknown_code_in_check_settings_exits_2_and_names_the_nearest() {
    let site = site(&[("content/a.nb.md", &md("A", ""))]);
    site.write(
        "site.toml",
        format!("{BILINGUAL}\n[check]\nseverity = {{ \"orphan-pages\" = \"off\" }}\n"),
    );
    let json = check(&site, &[]);
    assert_eq!(json.code(), Some(2), "{:?}", json.run);
    let config = json.only("config-invalid");
    assert_eq!(
        config.message,
        "[check] severity names 'orphan-pages', which is no code brygge reports; did you mean 'orphan-page'?"
    );
    let (line, column) = position(&site, "site.toml", "orphan-pages");
    assert_eq!((config.line, config.column), (line, column), "{config:#?}");
}

#[test]
fn a_missing_root_or_config_file_exits_2() {
    let site = site(&[("content/a.nb.md", &md("A", ""))]);
    let run = site.run(&["check", "--root", "no-such-folder"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(&run.stdout, "error[root-missing]");
    let run = site.run(&["check", "--config", "no-such.toml"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(&run.stdout, "error[config-unreadable]");
}

// ---------------------------------------------------------------------------
// 5. Formats

/// One broken link at a known place, under a section.
fn one_broken_link() -> TestSite {
    let a = md(
        "A",
        "Første linje.\n\nTekst\tmed [lenke](/nb/borte/) her.\n",
    );
    site(&[
        ("content/s/_index.nb.md", &md("S", "")),
        ("content/s/_index.en.md", &md("S", "")),
        ("content/s/a.nb.md", &a),
        ("content/s/a.en.md", &md("A", "")),
    ])
}

#[test]
fn human_shows_the_source_line_a_caret_and_the_tally() {
    let site = one_broken_link();
    let (line, column) = position(&site, "content/s/a.nb.md", "[lenke]");
    assert_eq!((line, column), (6, 11));
    let run = site.run(&["check", "--format", "human"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let expected = "── content/s/a.nb.md (1 error)\n\nerror[link-broken]: link '/nb/borte/' goes to /nb/borte/, which is not a page or file of this site\n  --> content/s/a.nb.md:6:11\n  |\n6 | Tekst\tmed [lenke](/nb/borte/) her.\n  |      \t    ^\n";
    assert!(run.stdout.starts_with(expected), "{}", run.stdout);
    let last = run.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("1 error in 6 pages and "),
        "{}",
        run.stdout
    );
    // No colours when not on a terminal.
    assert_lacks(&run.stdout, "\x1b[");
}

#[test]
fn human_paths_are_seen_from_the_current_folder_with_root() {
    let site = one_broken_link();
    let outside = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap();
    let run = run_in(outside.path(), &["check", "--root", root]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let shown = site.root().join("content/s/a.nb.md");
    assert_contains(&run.stdout, &format!("--> {}:6:11\n", shown.display()));
    // The source line is still shown.
    assert_contains(&run.stdout, "6 | Tekst\tmed [lenke](/nb/borte/) her.\n");
}

#[test]
fn github_prints_workflow_commands() {
    let site = one_broken_link();
    site.write("content/s/b.nb.md", md("B", "[a](/en/s/a/)\n"));
    site.write("content/s/b.en.md", md("B", ""));
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=content/s/a.nb.md,line=6,col=11,title=link-broken::link '/nb/borte/' goes to /nb/borte/, which is not a page or file of this site"
    );
    assert_eq!(
        lines[1],
        "::warning file=content/s/b.nb.md,line=4,col=1,title=link-other-language::link '/en/s/a/' goes to the en page though a nb page exists%0Ahelp: link to /nb/s/a/"
    );
    assert!(
        lines[2].starts_with("1 error, 1 warning in "),
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 3, "{}", run.stdout);
}

#[test]
fn json_has_every_field_of_each_diagnostic() {
    let site = one_broken_link();
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1));
    let raw = &checked.report["diagnostics"][0];
    let mut keys: Vec<&str> = raw
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code", "column", "file", "help", "line", "message", "severity"
        ]
    );
    assert_eq!(
        checked.findings,
        [Finding {
            severity: "error".into(),
            code: "link-broken".into(),
            file: "content/s/a.nb.md".into(),
            line: 6,
            column: 11,
            message:
                "link '/nb/borte/' goes to /nb/borte/, which is not a page or file of this site"
                    .into(),
            help: None,
        }]
    );
    assert_eq!(checked.report["summary"]["errors"], 1);
    assert_eq!(checked.report["summary"]["pages"], 6);
}

// ---------------------------------------------------------------------------
// 6. `[check]` settings

fn with_check_settings(settings: &str) -> TestSite {
    let site = site(&[
        ("content/a.nb.md", &md("A", "[b](/en/b/)\n")),
        ("content/a.en.md", &md("A", "")),
        ("content/b.nb.md", &md("B", "")),
        ("content/b.en.md", &md("B", "")),
        (
            "content/g/_index.nb.md",
            "---\ntitle: G\nhidden: true\n---\n",
        ),
        (
            "content/g/_index.en.md",
            "---\ntitle: G\nhidden: true\n---\n",
        ),
        ("content/g/x.nb.md", &md("X", "")),
        ("content/g/x.en.md", &md("X", "")),
        (
            "content/old/_index.nb.md",
            &md("Gammelt", "[borte](/nb/borte/)\n"),
        ),
        ("content/old/_index.en.md", &md("Old", "")),
        ("content/old/x/y.nb.md", &md("Y", "[borte](#borte)\n")),
        ("content/old/x/y.en.md", &md("Y", "")),
    ]);
    site.write("site.toml", format!("{BILINGUAL}\n{settings}"));
    site
}

#[test]
fn without_settings_every_finding_has_its_default_severity() {
    let site = with_check_settings("");
    let checked = check(&site, &[]);
    assert_eq!(checked.code(), Some(1));
    assert_eq!(checked.only("link-other-language").severity, "warning");
    assert_eq!(checked.with_code("orphan-page").len(), 2);
    assert_eq!(
        checked.about("link-broken", "/nb/borte/").file,
        "content/old/_index.nb.md"
    );
    assert_eq!(checked.only("anchor-missing").file, "content/old/x/y.nb.md");
    assert_eq!(checked.findings.len(), 5, "{:#?}", checked.findings);
}

#[test]
fn check_settings_change_severities() {
    let site = with_check_settings(
        "[check]\nseverity = { \"orphan-page\" = \"off\", \"link-other-language\" = \"error\", \"link-broken\" = \"warning\", \"anchor-missing\" = \"info\" }\n",
    );
    let checked = check(&site, &[]);
    assert!(
        checked.with_code("orphan-page").is_empty(),
        "{:#?}",
        checked.findings
    );
    let language = checked.only("link-other-language");
    assert_eq!(language.severity, "error");
    assert_at(&site, language, "content/a.nb.md", "[b](/en/b/)");
    assert_eq!(checked.only("link-broken").severity, "warning");
    assert_eq!(checked.only("anchor-missing").severity, "info");
    assert_eq!(checked.code(), Some(1), "the promoted warning fails");
    assert_eq!(checked.report["summary"]["errors"], 1);
    assert_eq!(checked.report["summary"]["warnings"], 1);
    assert_eq!(checked.report["summary"]["infos"], 1);
}

#[test]
fn check_settings_ignore_paths() {
    let site = with_check_settings("[check]\nignore = [\"content/old/**\"]\n");
    let checked = check(&site, &[]);
    assert!(
        checked
            .findings
            .iter()
            .all(|f| !f.file.starts_with("content/old/")),
        "{:#?}",
        checked.findings
    );
    assert_eq!(checked.code(), Some(0), "{:?}", checked.run);
    assert_eq!(checked.findings.len(), 3, "{:#?}", checked.findings);
}

#[test]
fn ignore_applies_with_root_given_from_elsewhere() {
    let site = with_check_settings("[check]\nignore = [\"content/old/**\"]\n");
    let outside = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap();
    let run = run_in(
        outside.path(),
        &["check", "--root", root, "--format", "json"],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = parse_findings(&report);
    assert!(
        findings.iter().all(|f| !f.file.contains("content/old/")),
        "{findings:#?}"
    );
    assert_eq!(run.code, Some(0), "{run:?}");
}

// ---------------------------------------------------------------------------
// 7. Nothing is written

#[test]
fn check_writes_nothing() {
    let site = one_broken_link();
    let before = files_below(site.root());
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(!site.public().exists(), "check created public/");
    assert_eq!(files_below(site.root()), before);
    let clean = clean_site();
    let before = files_below(clean.root());
    assert_eq!(clean.run(&["check"]).code, Some(0));
    assert!(!clean.public().exists(), "check created public/");
    assert_eq!(files_below(clean.root()), before);
}

// ---------------------------------------------------------------------------
// 8. `--assume-files`

#[test]
fn assumed_files_count_as_present() {
    let site = bundle_with_missing_image();
    site.write(
        "assumed.txt",
        "# images kept elsewhere\n\ncontent/guide/bilde/nope.png\n",
    );
    check(&site, &["--assume-files", "assumed.txt"]).assert_clean();
    // A tab-separated list (like TREE.tsv) counts by its last field.
    site.write("tree.tsv", "blob\t123\tcontent/guide/bilde/nope.png\n");
    check(&site, &["--assume-files", "tree.tsv"]).assert_clean();
    // Other paths do not help.
    site.write("other.txt", "content/guide/bilde/other.png\n");
    let checked = check(&site, &["--assume-files", "other.txt"]);
    assert_eq!(checked.only("link-broken").line, 6);
}

#[test]
fn a_missing_assume_files_list_exits_2() {
    let site = bundle_with_missing_image();
    let run = site.run(&["check", "--assume-files", "no-such-list.txt"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_contains(&run.stderr, "no-such-list.txt");
}

// ---------------------------------------------------------------------------
// The project's own site passes its own check.

#[test]
fn the_bundled_site_passes_its_own_check() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["check", "--root", root, "--format", "json"]);
    let report: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|err| panic!("not JSON ({err}): {run:?}"));
    let findings = parse_findings(&report);
    let serious: Vec<_> = findings.iter().filter(|f| f.severity != "info").collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(run.code, Some(0), "{run:?}");
    let human = run_in(dir.path(), &["check", "--root", root, "--deny-warnings"]);
    assert_eq!(human.code, Some(0), "{human:?}");
}

// ---------------------------------------------------------------------------
// Where findings point: the content file where the writer fixes them

/// An image a shortcode makes that does not exist is reported in the
/// page, not at a template: at the address as written when the page holds
/// it (Hugo's `figure`), else at the call (a shortcode that builds the
/// address, as the Altinn theme's `image` does).
#[test]
fn a_broken_link_made_by_a_shortcode_is_located_in_the_page() {
    let nb = md(
        "Bilde",
        "Tekst.\n\n{{< figure src=\"mangler.png\" alt=\"Mangler\" >}}\n\nOg {{< pic file=\"borte.png\" >}}.\n",
    );
    let site = site(&[
        ("content/bilde.nb.md", &nb),
        ("content/bilde.en.md", &md("Picture", "Text.\n")),
        (
            "templates/shortcodes/pic.html",
            "<img src=\"/pictures/{{ args.file }}\" alt=\"\">",
        ),
    ]);
    let checked = check(&site, &[]);
    assert_at(
        &site,
        checked.about("link-broken", "mangler.png"),
        "content/bilde.nb.md",
        "mangler.png",
    );
    assert_at(
        &site,
        checked.about("link-broken", "borte.png"),
        "content/bilde.nb.md",
        "{{< pic",
    );
    assert!(
        checked
            .findings
            .iter()
            .all(|f| !f.file.starts_with("templates/"))
    );
}

/// A broken link in a file that two pages insert is one finding, at the
/// line of the inserted file.
#[test]
fn a_broken_link_in_an_inserted_file_is_reported_once_at_its_own_line() {
    let snippet = "---\nheadless: true\n---\nFelles tekst.\n\nSe [mangler](/nb/finnes-ikke/).\n";
    let a = md(
        "A",
        "Start.\n\n{{% insert \"content/shared/snippet.md\" %}}\n",
    );
    let b = md(
        "B",
        "Annen start.\n\n{{% insert \"content/shared/snippet.md\" %}}\n",
    );
    let site = site(&[
        ("content/shared/snippet.md", snippet),
        ("content/a.nb.md", &a),
        ("content/b.nb.md", &b),
        ("content/a.en.md", &md("A", "x\n")),
        ("content/b.en.md", &md("B", "x\n")),
    ]);
    let checked = check(&site, &[]);
    let broken = checked.only("link-broken");
    assert_at(
        &site,
        broken,
        "content/shared/snippet.md",
        "/nb/finnes-ikke/",
    );
}

/// An alias on the nb and en versions of one page is harmless (the last
/// language wins, as in Hugo); one alias pasted onto three pages is one
/// finding that names them.
#[test]
fn duplicate_aliases_are_one_finding_and_translations_may_share_one() {
    let with_alias =
        |title: &str, alias: &str| format!("---\ntitle: {title}\naliases: [{alias}]\n---\nx\n");
    let site = site(&[
        ("content/a.nb.md", &with_alias("A", "/gammel-a/")),
        ("content/a.en.md", &with_alias("A", "/gammel-a/")),
        ("content/b.nb.md", &with_alias("B", "/felles/")),
        ("content/c.nb.md", &with_alias("C", "/felles/")),
        ("content/d.nb.md", &with_alias("D", "/felles/")),
        ("content/b.en.md", &md("B", "x\n")),
        ("content/c.en.md", &md("C", "x\n")),
        ("content/d.en.md", &md("D", "x\n")),
    ]);
    let checked = check(&site, &[]);
    let duplicate = checked.only("alias-duplicate");
    assert_at(&site, duplicate, "content/b.nb.md", "/felles/");
    assert_eq!(
        duplicate.message,
        "alias '/felles/' (felles/index.html) is also claimed by content/c.nb.md, content/d.nb.md; the last, 'content/d.nb.md', wins, as in Hugo"
    );
}

/// A snippet that pages insert is part of those pages: no translation of
/// its own is missing. Nor is one of the theme's header (`_header.md`).
#[test]
fn an_inserted_snippet_needs_no_translation_of_its_own() {
    let snippet = "---\ntitle: Snutt\nhidden: true\n---\nFelles tekst.\n";
    let site = site(&[
        ("content/_header.md", "---\n---\n[Altinn](/nb/)\n"),
        ("content/deler/snutt.nb.md", snippet),
        (
            "content/a.nb.md",
            &md("A", "{{% insert \"content/deler/snutt.nb.md\" %}}\n"),
        ),
        ("content/a.en.md", &md("A", "x\n")),
        ("content/deler/_index.nb.md", &md("Deler", "")),
        ("content/deler/_index.en.md", &md("Parts", "")),
    ]);
    check(&site, &[]).assert_clean();
}

/// Two headings with the same explicit id: the second is a finding.
#[test]
fn two_headings_with_one_explicit_id_are_a_finding() {
    let nb = md(
        "Oppsett",
        "## Første {#oppsett}\n\nTekst.\n\n## Andre {#oppsett}\n\nMer.\n",
    );
    let site = site(&[
        ("content/a.nb.md", &nb),
        ("content/a.en.md", &md("A", "x\n")),
    ]);
    let checked = check(&site, &[]);
    let duplicate = checked.only("heading-id-duplicate");
    assert_at(&site, duplicate, "content/a.nb.md", "## Andre");
    assert_eq!(
        duplicate.message,
        "the heading id 'oppsett' is also the id of the heading on line 4; links to it reach that one"
    );
}

#[test]
fn an_unknown_shortcode_in_a_link_destination_is_reported_at_its_md_line() {
    let page = md(
        "Side",
        "See [the thing][x] and [inline]({{< nolink >}}).\n\n[x]: <{{% noref %}}>\n",
    );
    let site = site(&[("content/side.nb.md", &page)]);
    let checked = check(&site, &[]);
    // Each call is named where it is, in the .md file.
    let reference = checked.about("shortcode-unknown", "'noref'");
    assert_eq!(reference.severity, "warning");
    assert!(
        reference.message.contains("link's destination"),
        "{reference:?}"
    );
    assert_at(&site, reference, "content/side.nb.md", "{{% noref");
    let inline = checked.about("shortcode-unknown", "'nolink'");
    assert_at(&site, inline, "content/side.nb.md", "{{< nolink");
    // The links have no target, said at their lines; no template is blamed
    // and no placeholder reaches a finding.
    for finding in &checked.findings {
        assert_eq!(finding.file, "content/side.nb.md", "{finding:?}");
        assert!(!finding.message.contains("<span"), "{finding:?}");
    }
    assert_eq!(
        checked.with_code("link-empty").len(),
        2,
        "{:#?}",
        checked.findings
    );
    // The build writes no placeholder into an href.
    site.build();
    let html = site.page("/nb/side/");
    assert_lacks(&html, "href=\"<span");
    assert_lacks(&html, "shortcode-placeholder");
}

/// A relative link to a Markdown file is resolved from the page's file, as
/// Hugo does: when there is no such file, the finding names the file the
/// writer should look for, not the URL it would have had.
#[test]
fn a_link_to_a_missing_markdown_file_names_that_file() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", "---\ntitle: Hjem\n---\n"),
        ("content/_index.en.md", "---\ntitle: Home\n---\n"),
        ("content/guide/_index.nb.md", "---\ntitle: Guide\n---\n"),
        (
            "content/guide/a.nb.md",
            "---\ntitle: A\n---\nSe [gammel side](../gammel.nb.md) og [b](b.nb.md).\n",
        ),
        ("content/guide/b.nb.md", "---\ntitle: B\n---\n"),
    ]);
    let checked = check(&site, &[]);
    let broken = checked.only("link-broken");
    assert_at(&site, broken, "content/guide/a.nb.md", "[gammel side]");
    assert_eq!(
        broken.message,
        "link '../gammel.nb.md' names the content file content/gammel.nb.md, which does not exist"
    );
}
