//! Hugo features beyond the Altinn docs, on small fixture sites in
//! `tests/fixtures/hugo/` (see its README). The expected URLs, ids and
//! values are what Hugo 0.150.1 makes of the same files.

mod common;

use std::path::Path;

use common::{TestSite, assert_contains, assert_lacks};

/// A copy of `tests/fixtures/hugo/NAME` to build.
fn fixture(name: &str) -> TestSite {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hugo")
        .join(name);
    let site = TestSite::new(&[]);
    for rel in common::files_below(&dir) {
        site.write(&rel, std::fs::read(dir.join(&rel)).expect("fixture file"));
    }
    site
}

/// URLs of the pages written (alias redirects aside), sorted.
fn page_urls(site: &TestSite) -> Vec<String> {
    let mut urls: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .filter(|f| !site.output(f).contains("http-equiv=\"refresh\""))
        .map(|f| format!("/{}", f.trim_end_matches("index.html")))
        .collect();
    urls.sort();
    urls
}

fn sorted(urls: &[&str]) -> Vec<String> {
    let mut urls: Vec<String> = urls.iter().map(|u| u.to_string()).collect();
    urls.sort();
    urls
}

#[test]
fn front_matter_and_config_give_hugos_urls() {
    let site = fixture("front-matter");
    let built = site.build();
    // Hugo 0.150.1 on the same files (its `/en/` is a redirect to `/`).
    let hugo = sorted(&[
        "/",
        "/categories/",
        "/categories/tools/",
        "/custom-fr/",
        "/custom/Path/",
        "/docs/",
        "/docs/aliased/",
        "/docs/bslug/",
        "/docs/terms/",
        "/docs/vitrine-nice/",
        "/fr/",
        "/fr/categories/",
        "/fr/docs/",
        "/fr/docs/terms/",
        "/fr/docs/vitrine/",
        "/fr/tags/",
        "/fr/tags/go-lang/",
        "/news/",
        "/news/n1/",
        "/tags/",
        "/tags/go-lang/",
        "/tags/rust/",
    ]);
    assert_eq!(page_urls(&site), hugo, "{:?}", built.diagnostics);
    // Not written: a draft, a future publishDate or date, an expired
    // page, a cascaded `build: {render: never}`, and (disableAliases)
    // no redirect pages.
    for gone in [
        "docs/draft/index.html",
        "docs/future/index.html",
        "docs/futuredate/index.html",
        "docs/expired/index.html",
        "snips/index.html",
        "snips/s1/index.html",
        "gammel/index.html",
        "old-path/index.html",
    ] {
        assert!(!site.has_output(gone), "{gone} should not be written");
    }
    let ignored = built
        .diagnostics
        .iter()
        .find(|d| d.code == "config-keys-ignored")
        .expect("ignored keys named");
    assert!(
        ignored.message.ends_with(": enableRobotsTXT"),
        "{}",
        ignored.message
    );
}

#[test]
fn lists_taxonomies_and_cascade_follow_hugo() {
    let site = fixture("front-matter");
    site.build();
    // Hugo's docs/ list: B (url), Bundle, Page A, Terms, With alias; the
    // snippets section (list: never) is in no list.
    let docs = site.page("/docs/");
    let list = common::between(&docs, "<ul class=\"page-list\">", "</ul>");
    common::assert_in_order(
        list,
        &[
            "/custom/Path/",
            "/docs/bslug/",
            "/docs/vitrine-nice/",
            "/docs/terms/",
            "/docs/aliased/",
        ],
    );
    assert_lacks(&site.page("/"), "/snips/");
    // Term pages list the pages that name the term, under the term as written.
    let term = site.page("/tags/go-lang/");
    assert_contains(&term, "<h1>Go Lang</h1>");
    let listed = common::between(&term, "<ul class=\"page-list\">", "</ul>");
    assert_contains(listed, "href=\"/docs/vitrine-nice/\"");
    assert_lacks(listed, "/fr/");
    assert_contains(
        &site.page("/fr/tags/go-lang/"),
        "href=\"/fr/docs/vitrine/\"",
    );
    let tags = site.page("/tags/");
    common::assert_in_order(&tags, &["href=\"/tags/go-lang/\"", "href=\"/tags/rust/\""]);
    // A site i18n file and built-in French strings.
    let fr = site.page("/fr/docs/vitrine/");
    assert_contains(&fr, "aria-label=\"Langue\"");
    assert_contains(&fr, "Aller au contenu (site)");
    assert_lacks(&fr, "Skip to main content");
}

#[test]
fn definition_terms_share_the_heading_counter_and_builtins_render() {
    let site = fixture("front-matter");
    site.build();
    let page = site.page("/docs/terms/");
    // Hugo: <dt id="term-one">, then <h2 id="term-one-1">.
    assert_contains(&page, "<dt id=\"term-one\">Term one</dt>");
    assert_contains(&page, "<h2 id=\"term-one-1\">");
    // param: the page's, else the site's (per language).
    assert_contains(&page, "Param Hello and 1.2.");
    assert_contains(&site.page("/fr/docs/terms/"), "Param Bonjour.");
    // details: a <details> whose inner Markdown is its own document.
    assert_contains(&page, "<summary>More</summary>");
    assert_contains(&page, "<h2 id=\"inside\">Inside</h2>");
}

#[test]
fn content_mounts_give_each_folder_its_language() {
    let site = fixture("mounts");
    let built = site.build();
    let hugo = sorted(&[
        "/",
        "/categories/",
        "/de/",
        "/de/categories/",
        "/de/guide/",
        "/de/guide/install/",
        "/de/tags/",
        "/guide/",
        "/guide/install/",
        "/tags/",
        "/tags/setup/",
    ]);
    assert_eq!(page_urls(&site), hugo, "{:?}", built.diagnostics);
    let install = site.page("/guide/install/");
    assert_contains(&install, "href=\"/de/guide/install/\"");
    assert_contains(&install, "<a href=\"/guide/\">the guide</a>");
    assert!(
        !built
            .diagnostics
            .iter()
            .any(|d| d.code == "config-keys-ignored"),
        "module.mounts is understood: {:?}",
        built.diagnostics
    );
}

#[test]
fn content_dirs_per_language_keep_case_and_base_path() {
    let site = fixture("content-dirs");
    let built = site.build();
    let hugo = sorted(&[
        "/",
        "/docs/",
        "/docs/Intro/",
        "/zh/",
        "/zh/docs/",
        "/zh/docs/Intro/",
        "/zh/docs/only/",
    ]);
    assert_eq!(page_urls(&site), hugo, "{:?}", built.diagnostics);
    let intro = site.page("/docs/Intro/");
    assert_contains(&intro, "href=\"/book/zh/docs/Intro/\"");
    assert_contains(&intro, "<h2 id=\"hello\">");
    assert_contains(&site.page("/zh/docs/Intro/"), "<h2 id=\"你好\">");
}
