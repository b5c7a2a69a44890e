//! Whole-site builds of small fixture sites, checked the way a reader of
//! the output would: URLs, links, ids, menus, files present or absent and
//! the diagnostics a writer sees.

mod common;

use common::{BILINGUAL, TestSite, assert_contains, assert_in_order, assert_lacks, between};

fn page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n")
}

/// The language switcher of a page.
fn lang_switch(html: &str) -> &str {
    between(html, "<nav class=\"lang-switch\"", "</nav>")
}

/// The sidebar menu (one element for phones and desktops).
fn menu(html: &str) -> &str {
    between(html, "<details class=\"menu\"", "</details>")
}

/// The path a page carries in its sidebar (the whole tree is `_nav.html`).
fn menu_path(html: &str) -> &str {
    between(html, "<ul class=\"menu-list menu-path\">", "</ul>")
}

// 1. URLs as Hugo makes them

#[test]
fn urls_follow_hugo_rules() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        (
            "content/register_ER/_index.nb.md",
            &page("Enhetsregisteret"),
        ),
        ("content/a/_index.en.md", &page("A")),
        ("content/a/My Page.en.md", &page("My page")),
        ("content/a/b/index.nb.md", &page("Bunt")),
        ("content/c.md", &page("Uten språk")),
    ]);
    site.build();
    let files = site.output_files();
    for expected in [
        "nb/index.html",
        "nb/register_er/index.html",
        "en/a/index.html",
        "en/a/my-page/index.html",
        "nb/a/b/index.html",
        "nb/c/index.html",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} missing from {files:?}"
        );
    }
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("en/c/") || f.starts_with("en/a/b/")),
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.contains("register_ER") || f.contains("My Page")),
        "{files:?}"
    );
    assert_contains(&site.page("/nb/c/"), "<h1>Uten språk</h1>");
}

#[test]
fn default_language_in_subdir_gets_a_root_redirect() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/_index.en.md", &page("Home")),
    ]);
    site.build();
    let redirect = site.output("index.html");
    // Root-relative, so that the redirect works from whatever host serves
    // the output (a preview, a local file server), not only the real one.
    assert_contains(
        &redirect,
        "<meta http-equiv=\"refresh\" content=\"0; url=/nb/\">",
    );
    assert_contains(
        &redirect,
        "<link rel=\"canonical\" href=\"https://docs.example/nb/\">",
    );
    assert_contains(&site.page("/nb/"), "<h1>Hjem</h1>");
}

#[test]
fn default_language_at_the_root_without_subdir() {
    let config = BILINGUAL.replace(
        "default_language_in_subdir = true",
        "default_language_in_subdir = false",
    );
    let site = TestSite::new(&[
        ("site.toml", &config),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/_index.en.md", &page("Home")),
        ("content/a/p.nb.md", &page("Side")),
        ("content/a/p.en.md", &page("Page")),
    ]);
    site.build();
    assert_contains(&site.page("/"), "<h1>Hjem</h1>");
    assert_contains(&site.page("/a/p/"), "<h1>Side</h1>");
    assert_contains(&site.page("/en/a/p/"), "<h1>Page</h1>");
    assert!(
        !site.public().join("nb").exists(),
        "{:?}",
        site.output_files()
    );
    assert_contains(
        lang_switch(&site.page("/en/a/p/")),
        "<a href=\"/a/p/\" hreflang=\"nb\"",
    );
}

/// Hugo serves a site whose base URL has a path (`/docs/`) below that
/// path: every internal link starts with it.
#[test]
fn internal_links_include_the_path_of_the_base_url() {
    let config = BILINGUAL.replace("https://docs.example/", "https://example.org/docs/");
    let site = TestSite::new(&[
        ("site.toml", &config),
        (
            "content/a/_index.nb.md",
            &format!("{}[b](b.md)\n", page("A")),
        ),
        ("content/a/b.nb.md", &page("B")),
        ("content/a/_index.en.md", &page("A")),
    ]);
    site.build();
    let html = site.page("/nb/a/");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://example.org/docs/nb/a/\">",
    );
    // Each translation's full address, the path of the base URL once.
    assert_contains(
        &html,
        "<link rel=\"alternate\" hreflang=\"nb\" href=\"https://example.org/docs/nb/a/\">\n<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/docs/en/a/\">",
    );
    assert_contains(&html, "<a href=\"/docs/nb/a/b/\">b</a>");
    assert_contains(menu(&html), "href=\"/docs/nb/a/\"");
    assert_contains(&html, "data-nav=\"/docs/nb/_nav.html\"");
    assert_contains(&site.output("nb/_nav.html"), "href=\"/docs/nb/a/b/\"");
    assert_contains(&html, "href=\"/docs/brygge.css\"");
}

// 2. Translations and the language switcher

#[test]
fn translations_are_linked_in_the_language_switcher() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/_index.en.md", &page("Home")),
        ("content/a/pair.nb.md", &page("Par")),
        ("content/a/pair.en.md", &page("Pair")),
        ("content/a/only.nb.md", &page("Bare norsk")),
        (
            "content/a/gammel.nb.md",
            "---\ntitle: Gammel\ntranslationKey: samme\n---\n",
        ),
        (
            "content/b/new-name.en.md",
            "---\ntitle: New name\ntranslationKey: samme\n---\n",
        ),
    ]);
    site.build();

    let pair = site.page("/nb/a/pair/");
    let switch = lang_switch(&pair);
    assert_contains(
        switch,
        "<span class=\"lang-current\" lang=\"nb\" aria-current=\"true\">Bokmål</span>",
    );
    assert_contains(
        switch,
        "<a href=\"/en/a/pair/\" hreflang=\"en\" lang=\"en\" title=\"Pair\">English</a>",
    );
    assert_contains(
        lang_switch(&site.page("/en/a/pair/")),
        "<a href=\"/nb/a/pair/\" hreflang=\"nb\"",
    );

    let only = site.page("/nb/a/only/");
    let switch = lang_switch(&only);
    assert_contains(
        switch,
        "<a class=\"lang-missing\" href=\"/en/\" hreflang=\"en\" title=\"Ikke oversatt\">",
    );
    assert_lacks(switch, "/en/a/only/");

    assert_contains(
        lang_switch(&site.page("/nb/a/gammel/")),
        "<a href=\"/en/b/new-name/\" hreflang=\"en\"",
    );
    assert_contains(
        lang_switch(&site.page("/en/b/new-name/")),
        "<a href=\"/nb/a/gammel/\" hreflang=\"nb\"",
    );
}

// 3. Heading ids and the table of contents

#[test]
fn heading_ids_are_hugos() {
    let body = "\
## God is good: 神真美好
## Special !\"#$%&(parens)=?´* chars
## Many   spaces  here
## Blåbærsyltetøy på Ærø
## Programmeringsgrensesnitt NUF - API
## 🚀 Start
## Intro
## Intro
## Intro
";
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/ids.nb.md", &format!("{}{body}", page("Ids"))),
    ]);
    site.build();
    let html = site.page("/nb/ids/");
    assert_in_order(
        &html,
        &[
            "<h2 id=\"god-is-good-神真美好\">",
            "<h2 id=\"special-parens-chars\">",
            "<h2 id=\"many---spaces--here\">",
            "<h2 id=\"blåbærsyltetøy-på-ærø\">",
            "<h2 id=\"programmeringsgrensesnitt-nuf---api\">",
            "<h2 id=\"-start\">",
            "<h2 id=\"intro\">",
            "<h2 id=\"intro-1\">",
            "<h2 id=\"intro-2\">",
        ],
    );
}

#[test]
fn table_of_contents_when_asked_and_within_the_configured_levels() {
    let config = format!("{BILINGUAL}\n[markdown]\ntoc_start = 3\ntoc_end = 4\n");
    let body = "## Two\n### Three\n#### Four\n##### Five\n";
    let site = TestSite::new(&[
        ("site.toml", &config),
        (
            "content/with.nb.md",
            &format!("---\ntitle: Med\ntoc: true\n---\n{body}"),
        ),
        (
            "content/without.nb.md",
            &format!("---\ntitle: Uten\n---\n{body}"),
        ),
    ]);
    site.build();
    let with = site.page("/nb/with/");
    let toc = between(&with, "<nav id=\"TableOfContents\">", "</nav>");
    assert_in_order(
        toc,
        &["<a href=\"#three\">Three</a>", "<a href=\"#four\">Four</a>"],
    );
    assert_lacks(toc, "#two");
    assert_lacks(toc, "#five");
    assert_lacks(&site.page("/nb/without/"), "TableOfContents");
}

// 4. Aliases

#[test]
fn aliases_redirect_to_the_page() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/a/p.nb.md",
            "---\ntitle: P\naliases:\n  - /old/path\n  - gammel\n---\n",
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    for file in ["old/path/index.html", "nb/a/gammel/index.html"] {
        let html = site.output(file);
        assert_contains(
            &html,
            "<meta http-equiv=\"refresh\" content=\"0; url=/nb/a/p/\">",
        );
        assert_contains(
            &html,
            "<link rel=\"canonical\" href=\"https://docs.example/nb/a/p/\">",
        );
    }
    assert_eq!(built.summary.aliases, 2);
}

#[test]
fn an_alias_never_replaces_a_page() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/a/p.nb.md",
            "---\ntitle: P\naliases: [/nb/a/q/]\n---\n",
        ),
        ("content/a/q.nb.md", &page("Q")),
    ]);
    let built = site.build();
    let d = built.only("alias-collision");
    assert_eq!(
        d.to_string().lines().next().unwrap(),
        "content/a/p.nb.md:3:11: error[alias-collision]: alias '/nb/a/q/' is the URL of the page 'content/a/q.nb.md'; the page is kept"
    );
    let q = site.page("/nb/a/q/");
    assert_contains(&q, "<h1>Q</h1>");
    assert_lacks(&q, "http-equiv=\"refresh\"");
}

/// A page whose URL cannot be written is one finding at the front matter
/// that made it; the page is left out and the rest of the site is built
/// (exit 1, not 2).
#[test]
fn a_page_whose_url_leaves_the_output_is_a_finding_not_the_end_of_the_build() {
    let long = "x".repeat(300);
    let site = TestSite::new(&[
        (
            "site.toml",
            &format!("{BILINGUAL}\n[taxonomies]\ntag = \"tags\"\n"),
        ),
        (
            "content/a.nb.md",
            "---\ntitle: A\nurl: /../../escaped/\n---\nA\n",
        ),
        ("content/b.nb.md", "---\ntitle: B\nslug: ..\n---\nB\n"),
        (
            "content/c.nb.md",
            &format!("---\ntitle: C\nslug: {long}\n---\nC\n"),
        ),
        (
            "content/d.nb.md",
            "---\ntitle: D\ntags: [\"fine\", \"../../x\"]\n---\nD\n",
        ),
        (
            "content/e.nb.md",
            "---\ntitle: E\nurl: '\\..\\..\\win'\n---\nE\n",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    for expected in [
        "content/a.nb.md:3:1: error[url-unwritable]: the URL /../../escaped/ cannot be written: it leaves the output folder",
        "content/b.nb.md:3:1: error[url-unwritable]: the URL /nb/../ cannot be written: it leaves the output folder",
        "content/c.nb.md:3:1: error[url-unwritable]: the URL /nb/xxx",
        "content/d.nb.md:3:17: error[url-unwritable]: the URL /nb/tags/../../x/ cannot be written",
    ] {
        assert_contains(&run.stderr, expected);
    }
    assert_contains(
        &run.stderr,
        "longer than the 255 bytes a file name may have",
    );
    assert_contains(
        &run.stderr,
        "content/e.nb.md:3:1: error[url-unwritable]: the URL /\\..\\..\\win cannot be written: it holds a backslash",
    );
    assert!(
        site.page("/nb/d/").contains("<h1>D</h1>"),
        "the rest is built"
    );
    assert!(site.has_output("nb/tags/fine/index.html"));
    let beside = site.root().parent().unwrap();
    assert!(!beside.join("escaped").exists());
}

/// A page whose file would take the place of one of the site's own files
/// (the stylesheet, the sitemap, a navigation, 404 or search file), or of
/// another page's file, is left out with an error at the `url` or `slug`
/// that made its URL; the site's files, the first page and the rest are
/// written (exit 1, not a failed build).
#[test]
fn a_page_that_needs_the_place_of_another_file_is_left_out_with_a_finding() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", "---\ntitle: Hjem\n---\nHei\n"),
        (
            "content/a.nb.md",
            "---\ntitle: A\nurl: /brygge.css/\n---\nA\n",
        ),
        (
            "content/b.nb.md",
            "---\ntitle: B\nurl: /nb/x.html\n---\nB\n",
        ),
        (
            "content/c.nb.md",
            "---\ntitle: C\nurl: /nb/x.html/c/\n---\nC\n",
        ),
        (
            "content/d.nb.md",
            "---\ntitle: D\nslug: _nav.html\n---\nD\n",
        ),
        (
            "content/e.nb.md",
            "---\ntitle: E\nurl: /sitemap.xml\n---\nE\n",
        ),
        (
            "content/f.en.md",
            "---\ntitle: F\nurl: /en/404.html/f/\n---\nF\n",
        ),
        (
            "content/g.nb.md",
            "---\ntitle: G\nurl: /nb/_search/index.json/\n---\nG\n",
        ),
        (
            "content/h.nb.md",
            "---\ntitle: H\nurl: /nb/h/index.html\n---\nH\n",
        ),
        ("content/i.nb.md", "---\ntitle: I\nurl: /nb/h/\n---\nI\n"),
        (
            "content/j.nb.md",
            "---\ntitle: J\naliases: [/index.html]\n---\nJ\n",
        ),
        (
            "content/k.nb.md",
            "---\ntitle: K\nurl: /index.html\n---\nK\n",
        ),
        ("content/guide/l.nb.md", "---\ntitle: L\n---\nL\n"),
        (
            "content/m.nb.md",
            "---\ntitle: M\nurl: /nb/guide/index.html\n---\nM\n",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    for expected in [
        "content/a.nb.md:3:1: error[url-collision]: the URL /brygge.css/ cannot be written: its file brygge.css/index.html and the site's own file brygge.css need the same place, one as a file and the other as a folder",
        "content/c.nb.md:3:1: error[url-collision]: the URL /nb/x.html/c/ cannot be written: its file nb/x.html/c/index.html and the file nb/x.html of the page 'content/b.nb.md' need the same place",
        "content/d.nb.md:3:1: error[url-collision]: the URL /nb/_nav.html/ cannot be written: its file nb/_nav.html/index.html and the site's own file nb/_nav.html need the same place",
        "content/e.nb.md:3:1: error[url-collision]: the URL /sitemap.xml cannot be written: the site's own file sitemap.xml is written there",
        "content/f.en.md:3:1: error[url-collision]: the URL /en/404.html/f/ cannot be written",
        "content/g.nb.md:3:1: error[url-collision]: the URL /nb/_search/index.json/ cannot be written",
        "content/i.nb.md:3:1: error[url-collision]: the URL /nb/h/ cannot be written: the file nb/h/index.html of the page 'content/h.nb.md' is written there",
        // The redirect at the root to /nb/, and the section page made for
        // content/guide/, keep their places.
        "content/k.nb.md:3:1: error[url-collision]: the URL /index.html cannot be written: the site's own file index.html is written there",
        "content/m.nb.md:3:1: error[url-collision]: the URL /nb/guide/index.html cannot be written: the file nb/guide/index.html of the list page /nb/guide/ is written there",
    ] {
        assert_contains(&run.stderr, expected);
    }
    assert_eq!(
        run.stderr.matches("error[url-collision]").count(),
        9,
        "{}",
        run.stderr
    );
    assert_contains(
        &run.stderr,
        "content/j.nb.md:3:11: error[alias-collision]: alias '/index.html' is the site's own file index.html",
    );
    assert!(site.output("index.html").contains("http-equiv=\"refresh\""));
    assert!(
        site.page("/nb/guide/").contains("/nb/guide/l/"),
        "the section lists its page"
    );
    assert!(
        site.output("brygge.css").contains("body"),
        "the stylesheet is kept"
    );
    assert!(site.output("sitemap.xml").starts_with("<?xml"));
    assert!(
        site.output("nb/x.html").contains("<h1>B</h1>"),
        "the first page is kept"
    );
    assert!(site.page("/nb/h/").contains("<h1>H</h1>"));
    assert!(
        site.page("/nb/j/").contains("<h1>J</h1>"),
        "the rest is built"
    );
    assert!(!site.has_output("nb/x.html/c/index.html"));
    assert!(
        !site.output("nb/_nav.html").contains("_nav.html/"),
        "the navigation does not link to a page left out"
    );
    // `check` finds the same, though it makes no search index.
    let check = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let collisions: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "url-collision")
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(collisions.len(), 9, "{collisions:?}");
    assert!(collisions.contains(&"content/g.nb.md"), "{collisions:?}");
}

/// An alias or a static file whose place another file of the site needs
/// (a file where it needs a folder, or the reverse) is left out with a
/// finding at its source; everything else is written.
#[test]
fn aliases_and_static_files_give_way_to_the_files_that_need_their_place() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/a.nb.md",
            "---\ntitle: A\naliases:\n  - /robots.txt\n  - /brygge.css\n  - /old-a/\n  - /nb/404.html\n  - /old-b/\n---\nA\n",
        ),
        ("content/b.nb.md", &page("B")),
        ("static/old-b/index.html", "a redirect made by hand"),
        ("static/nb/b", "a file where the page /nb/b/ needs a folder"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_contains(
        &run.stderr,
        "content/a.nb.md:4:5: error[alias-collision]: alias '/robots.txt' cannot be written: another file of the site needs the place of robots.txt/index.html",
    );
    assert_contains(
        &run.stderr,
        "content/a.nb.md:5:5: error[alias-collision]: alias '/brygge.css'",
    );
    assert_contains(
        &run.stderr,
        "static/nb/b: warning[static-collision]: 'nb/b' is not copied",
    );
    assert_contains(&site.output("robots.txt"), "User-agent");
    assert_contains(&site.page("/nb/b/"), "<h1>B</h1>");
    assert_contains(&site.page("/old-a/"), "http-equiv=\"refresh\"");
    assert_contains(&run.stderr, "(nb 3), 1 alias, 1 file copied");
    assert_contains(
        &run.stderr,
        "content/a.nb.md:8:5: warning[alias-collision]: alias '/old-b/' is not written: the file 'static/old-b/index.html' takes its place",
    );
    assert_eq!(site.output("old-b/index.html"), "a redirect made by hand");
    assert_contains(
        &run.stderr,
        "content/a.nb.md:7:5: error[alias-collision]: alias '/nb/404.html' is the site's own file nb/404.html; the file is kept",
    );
    assert!(
        !site
            .output("nb/404.html")
            .contains("http-equiv=\"refresh\""),
        "the 404 page is not replaced by a redirect"
    );
}

/// A date that is not one is a warning at its line (Hugo stops the build);
/// the page is built as if it had none, and an empty date is no date.
#[test]
fn a_date_that_is_not_a_date_is_a_warning_at_its_line() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/a.nb.md",
            "---\ntitle: A\ndate: 2024-13-45\npublishDate: snart\nexpiryDate:\n---\nA\n",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_contains(
        &run.stderr,
        "content/a.nb.md:3:1: warning[date-invalid]: '2024-13-45' is not a date",
    );
    assert_contains(
        &run.stderr,
        "content/a.nb.md:4:1: warning[date-invalid]: 'snart' is not a date",
    );
    assert_eq!(
        run.stderr.matches("date-invalid").count(),
        2,
        "{}",
        run.stderr
    );
    assert_contains(&site.page("/nb/a/"), "<h1>A</h1>");
}

/// A URL collision made by a `url:` is reported at that line.
#[test]
fn a_url_collision_made_by_front_matter_points_at_it() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &page("A")),
        ("content/b.nb.md", "---\ntitle: B\nurl: /nb/a/\n---\nB\n"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_contains(
        &run.stderr,
        "content/b.nb.md:3:1: error[url-collision]: this page and 'content/a.nb.md' both have the URL /nb/a/",
    );
}

#[test]
fn an_alias_cannot_write_outside_the_output() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/a/p.nb.md",
            "---\ntitle: P\naliases:\n  - ../../../../etc\n  - /../../escaped\n---\n",
        ),
    ]);
    let built = site.build();
    let printed: Vec<String> = built
        .with_code("alias-outside-output")
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        printed,
        [
            "content/a/p.nb.md:4:5: error[alias-outside-output]: alias '../../../../etc' would be written outside the output folder",
            "content/a/p.nb.md:5:5: error[alias-outside-output]: alias '/../../escaped' would be written outside the output folder",
        ]
    );
    // Written naively, the aliases would land beside the site folder.
    let beside = site.root().parent().unwrap();
    assert!(!beside.join("etc/index.html").exists());
    assert!(!beside.join("escaped/index.html").exists());
    let stray: Vec<String> = common::files_below(site.root())
        .into_iter()
        .filter(|f| !f.starts_with("public/") && !f.starts_with("content/") && f != "site.toml")
        .collect();
    assert_eq!(stray, Vec::<String>::new());
    assert!(
        !site
            .output_files()
            .iter()
            .any(|f| f.contains("etc") || f.contains("escaped"))
    );
    assert_contains(&site.page("/nb/a/p/"), "<h1>P</h1>");
}

// 5. Resources

#[test]
fn files_beside_a_section_are_copied_for_each_language_with_the_page() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/guide/_index.nb.md",
            "---\ntitle: Veiledning\n---\n![Diagram](diagram.png)\n",
        ),
        ("content/guide/_index.en.md", &page("Guide")),
        ("content/guide/diagram.png", "PNG"),
        ("content/solo/_index.nb.md", &page("Solo")),
        ("content/solo/bilde.png", "PNG2"),
    ]);
    let built = site.build();
    assert_eq!(site.output("nb/guide/diagram.png"), "PNG");
    assert_eq!(site.output("en/guide/diagram.png"), "PNG");
    assert_eq!(site.output("nb/solo/bilde.png"), "PNG2");
    assert!(
        !site.has_output("en/solo/bilde.png"),
        "{:?}",
        site.output_files()
    );
    assert_contains(
        &site.page("/nb/guide/"),
        "<img src=\"diagram.png\" alt=\"Diagram\"",
    );
    assert_eq!(built.summary.files_copied, 3);
}

#[test]
fn files_in_a_leaf_bundle_are_resources_not_pages() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/b/_index.nb.md", &page("B")),
        ("content/b/bundle/index.nb.md", &page("Bunt")),
        ("content/b/bundle/notes.md", &page("Notater")),
        ("content/b/bundle/img/x.png", "PNG"),
    ]);
    site.build();
    assert_contains(&site.page("/nb/b/bundle/"), "<h1>Bunt</h1>");
    assert_eq!(site.output("nb/b/bundle/notes.md"), page("Notater"));
    assert_eq!(site.output("nb/b/bundle/img/x.png"), "PNG");
    let files = site.output_files();
    assert!(!files.iter().any(|f| f.contains("notes/")), "{files:?}");
    assert_lacks(&site.page("/nb/b/"), "Notater");
}

// 6. Ordering

#[test]
fn children_and_menu_are_in_hugos_default_order() {
    let entry = |title: &str, extra: &str| format!("---\ntitle: {title}\n{extra}---\n");
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/s/_index.nb.md", &entry("Seksjon", "weight: 1\n")),
        ("content/t/_index.nb.md", &entry("Topp uvektet", "")),
        ("content/r/_index.nb.md", &entry("Topp to", "weight: 2\n")),
        (
            "content/s/zero.nb.md",
            &entry("Aaa vekt null", "weight: 0\n"),
        ),
        ("content/s/w20.nb.md", &entry("Vekt tjue", "weight: 20\n")),
        ("content/s/w3.nb.md", &entry("Vekt tre", "weight: 3\n")),
        (
            "content/s/old.nb.md",
            &entry("Aaa eldre", "date: 2020-05-01\n"),
        ),
        (
            "content/s/new.nb.md",
            &entry("Zzz nyere", "date: 2024-05-01\n"),
        ),
        (
            "content/s/link.nb.md",
            &entry("Aaaa tittel", "linktitle: Kappa\n"),
        ),
        ("content/s/p2.nb.md", &entry("Lik", "")),
        ("content/s/p1.nb.md", &entry("Lik", "")),
    ]);
    site.build();
    let html = site.page("/nb/s/");
    let order = [
        "href=\"/nb/s/w3/\"",
        "href=\"/nb/s/w20/\"",
        "href=\"/nb/s/new/\"",
        "href=\"/nb/s/old/\"",
        "href=\"/nb/s/zero/\"",
        "href=\"/nb/s/link/\"",
        "href=\"/nb/s/p1/\"",
        "href=\"/nb/s/p2/\"",
    ];
    assert_in_order(between(&html, "<ul class=\"page-list\">", "</ul>"), &order);
    // The sidebar's tree, shared by every nb page.
    let menu = site.output("nb/_nav.html");
    assert_in_order(
        &menu,
        &["href=\"/nb/s/\"", "href=\"/nb/r/\"", "href=\"/nb/t/\""],
    );
    assert_in_order(between(&menu, "href=\"/nb/s/\"", "</ul>"), &order);
    assert_contains(&menu, ">Kappa</a>");
    // The page itself carries the path to itself.
    let page = site.page("/nb/s/w3/");
    assert_in_order(
        menu_path(&page),
        &[
            "href=\"/nb/s/\"",
            "href=\"/nb/s/w3/\" aria-current=\"page\"",
        ],
    );
    assert_lacks(menu_path(&page), "href=\"/nb/s/w20/\"");
}

/// Hugo compares link titles with the language's collator, so case does
/// not decide the order ("alpha" before "Beta"); brygge compares bytes.
#[test]
fn link_title_order_ignores_case_as_in_hugo() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/s/_index.nb.md", &page("S")),
        ("content/s/x1.nb.md", &page("alpha")),
        ("content/s/x2.nb.md", &page("Beta")),
    ]);
    site.build();
    let html = site.page("/nb/s/");
    assert_in_order(
        between(&html, "<ul class=\"page-list\">", "</ul>"),
        &["href=\"/nb/s/x1/\"", "href=\"/nb/s/x2/\""],
    );
}

// 7. Escaping

#[test]
fn titles_and_descriptions_are_escaped_everywhere() {
    let nasty = r#"'<script>alert(1)</script> & "x"'"#;
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;";
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        (
            "content/s/_index.nb.md",
            &format!("---\ntitle: {nasty}\ndescription: {nasty}\n---\n"),
        ),
        ("content/s/child.nb.md", &page("Barn")),
    ]);
    site.build();
    let section = site.page("/nb/s/");
    assert_contains(between(&section, "<title>", "</title>"), escaped);
    assert_contains(&section, &format!("<h1>{escaped}</h1>"));
    assert_contains(
        &section,
        &format!("<meta name=\"description\" content=\"{escaped}\">"),
    );
    let child = site.page("/nb/s/child/");
    assert_contains(menu(&child), &format!("<a href=\"/nb/s/\">{escaped}</a>"));
    assert_contains(
        between(&child, "<nav class=\"breadcrumbs\"", "</nav>"),
        &format!("<a href=\"/nb/s/\">{escaped}</a>"),
    );
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        assert_lacks(&site.output(file), "<script>alert(1)");
    }
}

#[test]
fn raw_html_in_markdown_is_omitted_unless_allowed() {
    let body =
        "<div class=\"raw\">blokk</div>\n\nTekst med <span class=\"inline\">innslag</span>.\n";
    let files = |config: &str| {
        TestSite::new(&[
            ("site.toml", config),
            ("content/r.nb.md", &format!("{}{body}", page("R"))),
        ])
    };
    let safe = files(BILINGUAL);
    safe.build();
    let html = safe.page("/nb/r/");
    assert_lacks(&html, "<div class=\"raw\">");
    assert_lacks(&html, "<span class=\"inline\">");
    assert_contains(&html, "<!-- raw HTML omitted -->");

    let unsafe_site = files(&format!("{BILINGUAL}\n[markdown]\nunsafe_html = true\n"));
    unsafe_site.build();
    let html = unsafe_site.page("/nb/r/");
    assert_contains(&html, "<div class=\"raw\">blokk</div>");
    assert_contains(&html, "<span class=\"inline\">innslag</span>");
}

// 8. The back-link to the main overview

#[test]
fn pages_below_an_overview_link_back_to_it_in_their_language() {
    let overview = |title: &str| format!("---\ntitle: {title}\noverview: true\n---\n");
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/guide/_index.nb.md", &overview("Oversikt")),
        (
            "content/guide/_index.en.md",
            "---\ntitle: Overview\noverview: \"#start\"\n---\n",
        ),
        ("content/guide/sub/_index.nb.md", &page("Under")),
        ("content/guide/sub/_index.en.md", &page("Sub")),
        ("content/guide/sub/deep/_index.nb.md", &page("Dypt")),
        ("content/guide/sub/deep/leaf.nb.md", &page("Blad")),
        ("content/guide/sub/deep/leaf.en.md", &page("Leaf")),
        ("content/other/_index.nb.md", &page("Annet")),
        ("content/other/x.nb.md", &page("X")),
    ]);
    site.build();
    let back = |href: &str| format!("<p class=\"back-to-overview\"><a href=\"{href}\"");
    for url in [
        "/nb/guide/sub/",
        "/nb/guide/sub/deep/",
        "/nb/guide/sub/deep/leaf/",
    ] {
        assert_contains(&site.page(url), &back("/nb/guide/"));
    }
    for url in ["/en/guide/sub/", "/en/guide/sub/deep/leaf/"] {
        let html = site.page(url);
        assert_contains(&html, &back("/en/guide/#start"));
        assert_lacks(&html, "href=\"/nb/guide/\"");
    }
    for url in ["/nb/guide/", "/nb/other/", "/nb/other/x/"] {
        assert_lacks(&site.page(url), "class=\"back-to-overview");
    }
}

// 9. Links in content

#[test]
fn links_to_content_files_resolve_in_the_page_language() {
    let link = "[x](../other/_index.nb.md#a) [root](/other/) [missing](/nowhere/)";
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a/_index.nb.md", &format!("{}{link}\n", page("A"))),
        (
            "content/a/_index.en.md",
            &format!("{}{link}\n", page("A en")),
        ),
        ("content/other/_index.nb.md", &page("Annet")),
        ("content/other/_index.en.md", &page("Other")),
    ]);
    site.build();
    let nb = site.page("/nb/a/");
    assert_contains(&nb, "<a href=\"/nb/other/#a\">x</a>");
    assert_contains(&nb, "<a href=\"/nb/other/\">root</a>");
    assert_contains(&nb, "<a href=\"/nowhere/\">missing</a>");
    let en = site.page("/en/a/");
    assert_contains(&en, "<a href=\"/en/other/#a\">x</a>");
    assert_contains(&en, "<a href=\"/en/other/\">root</a>");
}

#[test]
fn a_link_to_the_nb_file_from_english_finds_the_unsuffixed_english_file() {
    let config = BILINGUAL.replace("default_language = \"nb\"", "default_language = \"en\"");
    let site = TestSite::new(&[
        ("site.toml", &config),
        (
            "content/a/_index.md",
            &format!("{}[x](../other/_index.nb.md#a)\n", page("A")),
        ),
        ("content/other/_index.nb.md", &page("Annet")),
        ("content/other/_index.md", &page("Other")),
    ]);
    site.build();
    assert_contains(&site.page("/en/a/"), "<a href=\"/en/other/#a\">x</a>");
}

// 10. Diagnostics, through the binary

#[test]
fn broken_yaml_is_located_and_the_rest_is_built() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/x.nb.md",
            "---\ntitle: Ødelagt\ndescription: a: b\n---\nTekst\n",
        ),
        (
            "content/z.nb.md",
            "---\ntitle: Ødelagt\ndescription: Blåbær: b\n---\n",
        ),
        ("content/ok.nb.md", &page("I orden")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    // The second ':' of `description: a: b` is the 15th character of line 3.
    let lines = run.stderr_lines_starting("content/x.nb.md:");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with(
            "content/x.nb.md:3:15: error[front-matter-invalid]: invalid YAML front matter"
        ),
        "{}",
        run.stderr
    );
    // Columns count characters: the second ':' after "Blåbær" is the 20th.
    let lines = run.stderr_lines_starting("content/z.nb.md:");
    assert!(
        lines.len() == 1
            && lines[0].starts_with("content/z.nb.md:3:20: error[front-matter-invalid]"),
        "{}",
        run.stderr
    );
    assert_contains(&site.page("/nb/ok/"), "<h1>I orden</h1>");
    assert_contains(&site.page("/nb/x/"), "Tekst");
}

#[test]
fn a_wrongly_typed_key_is_located_and_the_others_kept() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/y.nb.md",
            "---\ntitle: Tung side\nweight: heavy\n---\n",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr_lines_starting("content/y.nb.md"),
        [
            "content/y.nb.md:3:1: error[front-matter-invalid]: front matter key 'weight' must be a whole number; it is ignored"
        ]
    );
    assert_contains(&site.page("/nb/y/"), "<h1>Tung side</h1>");
}

/// The type error belongs to the top-level `weight` (line 5), not to the
/// nested `params.weight` above it.
#[test]
fn a_wrongly_typed_key_is_located_at_the_top_level_key() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/y.nb.md",
            "---\ntitle: Tung\nparams:\n  weight: 5\nweight: heavy\n---\n",
        ),
    ]);
    let built = site.build();
    let d = built.only("front-matter-invalid");
    assert_eq!((d.line, d.column), (5, 1), "{d}");
}

/// The shadowed `_index.md` is named in a warning; the `.nb.md` file wins.
#[test]
fn a_named_default_language_file_wins_over_an_unnamed_one() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a/_index.md", &page("Uten kode")),
        ("content/a/_index.nb.md", &page("Med kode")),
    ]);
    let built = site.build();
    assert_eq!(
        built
            .only("shadowed-file")
            .to_string()
            .lines()
            .next()
            .unwrap(),
        "content/a/_index.md: warning[shadowed-file]: ignored: 'a/_index.nb.md' is the same page in the same language"
    );
    let html = site.page("/nb/a/");
    assert_contains(&html, "<h1>Med kode</h1>");
    assert_lacks(&html, "Uten kode");
}

#[test]
fn unclosed_front_matter_is_reported_at_the_fence() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/open.nb.md", "---\ntitle: Åpen\n\nTekst\n"),
        ("content/ok.nb.md", &page("I orden")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines = run.stderr_lines_starting("content/open.nb.md");
    assert_eq!(
        lines,
        [
            "content/open.nb.md:1:1: error[front-matter-invalid]: front matter opened with '---' is never closed"
        ],
        "{}",
        run.stderr
    );
    assert!(site.has_output("nb/ok/index.html"));
}

#[test]
fn broken_utf8_is_located_and_the_rest_is_built() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/ok.nb.md", &page("I orden")),
    ]);
    site.write(
        "content/bad.nb.md",
        b"---\ntitle: ok\n---\nLinje en\nab\xffcd\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines = run.stderr_lines_starting("content/bad.nb.md");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/bad.nb.md:5:3: error[invalid-utf8]: "),
        "{}",
        run.stderr
    );
    assert!(site.has_output("nb/ok/index.html"));
    assert!(!site.has_output("nb/bad/index.html"));
}

#[test]
fn an_unconfigured_language_suffix_is_a_warning() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/_index.de.md", &page("Startseite")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stderr_lines_starting("content/_index.de.md"),
        [
            "content/_index.de.md: warning[unknown-language]: file name says language 'de', which is not configured"
        ]
    );
    assert!(!site.public().join("de").exists());
    assert_lacks(&site.page("/nb/"), "Startseite");
}

// 11. Atomic output

fn snapshot(site: &TestSite) -> Vec<(String, String)> {
    site.output_files()
        .into_iter()
        .map(|f| {
            let text = site.output(&f);
            (f, text)
        })
        .collect()
}

fn leftovers(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".brygge-"))
        .collect()
}

#[test]
fn a_broken_template_keeps_the_previous_output() {
    let site = TestSite::new(&[("site.toml", BILINGUAL), ("content/a.nb.md", &page("A"))]);
    assert_eq!(site.run(&["build"]).code, Some(0));
    let before = snapshot(&site);
    assert!(before.iter().any(|(f, _)| f == "nb/a/index.html"));

    site.write("content/b.nb.md", page("B"));
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    // Where Tera found the error: line 1, column 51 (the `%}` after `if`).
    assert_contains(
        &run.stderr,
        "templates/page.html:1:51: error[template-invalid]: Found `%}` but expected",
    );
    assert_contains(
        &run.stderr,
        "build failed; nothing was written (an earlier output, if any, is as it was)",
    );
    assert_eq!(snapshot(&site), before);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// A site's template extends a built-in one; a site's own `base.html`
/// extends the built-in one by its `builtin/` name.
#[test]
fn site_templates_extend_built_in_ones() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &page("A")),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}",
        ),
        (
            "templates/base.html",
            "{% extends \"builtin/base.html\" %}{% block header %}<h1 class=\"site-own\">{{ page.title }}</h1>{% endblock header %}",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let html = site.output("nb/a/index.html");
    assert_contains(&html, "<p class=\"mine\">A</p>");
    assert_contains(&html, "<h1 class=\"site-own\">A</h1>");
    assert_contains(&html, "<nav class=\"breadcrumbs\"");
}

/// A template in `templates/shared/` is rendered once per language, with
/// that language's values, and printed by page templates as `shared.NAME`:
/// as HTML (not escaped again) and without the line break its file ends
/// with. A site's part of a built-in one's name replaces it on every page.
#[test]
fn shared_parts_are_rendered_per_language_and_printed_as_html() {
    let config = BILINGUAL.replace("title = \"Docs\"", "title = \"Docs & Co\"");
    let site = TestSite::new(&[
        ("site.toml", &config),
        ("content/a.nb.md", &page("A")),
        ("content/a.en.md", &page("A")),
        (
            "templates/shared/banner.html",
            "<p class=\"banner\" lang=\"{{ lang }}\">{{ site.title }} / {{ ui.menu }}</p>\n",
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}[{{ shared.banner }}]{% endblock content %}",
        ),
        (
            "templates/shared/footer.html",
            "<p class=\"own-footer\">{{ ui.menu }}</p>\n",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let nb = site.page("/nb/a/");
    assert_contains(
        &nb,
        "[<p class=\"banner\" lang=\"nb\">Docs &amp; Co / Meny</p>]",
    );
    assert_contains(&nb, "<p class=\"own-footer\">Meny</p>\n    </footer>");
    assert_lacks(&nb, "footer-site");
    let en = site.page("/en/a/");
    assert_contains(
        &en,
        "[<p class=\"banner\" lang=\"en\">Docs &amp; Co / Menu</p>]",
    );
    // The built-in parts are there as before.
    assert_contains(
        &en,
        "<script src=\"/brygge.js\" defer></script>\n</head>\n<body class=\"kind-page\" data-heading-link=\"Link to this heading\"",
    );
    assert_contains(
        &en,
        "<a class=\"site-title\" href=\"/en/\">Docs &amp; Co</a>",
    );
}

/// A shared part that fails is a finding at its template, once per
/// language; the pages build without it.
#[test]
fn a_shared_part_that_fails_is_a_finding_at_its_template() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &page("A")),
        ("content/a.en.md", &page("A")),
        // A part sees no page.
        ("templates/shared/footer.html", "<p>{{ page.title }}</p>\n"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    for lang in ["nb", "en"] {
        assert_contains(
            &run.stderr,
            &format!(
                "templates/shared/footer.html: error[template-failed]: while rendering every page in '{lang}':"
            ),
        );
    }
    assert_eq!(run.stderr.matches("error[").count(), 2, "{}", run.stderr);
    // What the folder is for, to a site that kept other templates there.
    assert_contains(
        &run.stderr,
        "help: templates in templates/shared/ are shared parts, rendered once per language with lang, site and ui only (no page)",
    );
    let html = site.page("/nb/a/");
    assert_contains(&html, "<h1>A</h1>");
    assert_contains(
        &html,
        "<footer class=\"site-footer\">\n      \n    </footer>",
    );
}

/// A translation file that does not parse is an error at the place of the
/// mistake (Hugo stops there); its language keeps the built-in strings, and
/// the other language's file still counts.
#[test]
fn a_translation_file_that_does_not_parse_is_located_and_left_out() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &page("A")),
        ("content/a.en.md", &page("A")),
        ("i18n/nb.yaml", "menu: Innhold\nhome: [Hjem\n"),
        ("i18n/en.toml", "menu = \"Contents\"\n"),
        // What editors and macOS leave beside it is not read.
        ("i18n/._nb.yaml", "menu: [\n"),
        ("i18n/.#en.toml", "menu = [\n"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    // At the '[' left open, not where the reader noticed it (the end).
    assert_contains(
        &run.stderr,
        "i18n/nb.yaml:2:7: error[i18n-invalid]: invalid translation file: the list '[' that starts here is not closed",
    );
    assert_contains(&run.stderr, "built-in ones) are used instead");
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
    assert_contains(&site.output("nb/a/index.html"), "<summary>Meny</summary>");
    assert_contains(
        &site.output("en/a/index.html"),
        "<summary>Contents</summary>",
    );

    site.write("i18n/nb.yaml", "menu: Innhold\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_contains(
        &site.output("nb/a/index.html"),
        "<summary>Innhold</summary>",
    );
}

/// A template that fails on one page (here: a layout that divides by a
/// front-matter value) is a finding on that page; the other pages build.
#[test]
fn a_template_failing_on_one_page_is_a_finding_on_that_page() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/good.nb.md", &page("Good")),
        (
            "content/bad.nb.md",
            "---\ntitle: Bad\nlayout: strict\n---\nBody\n",
        ),
        (
            "templates/strict.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.params.missing.field }}{% endblock content %}",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_contains(
        &run.stderr,
        "content/bad.nb.md: error[template-failed]: this page could not be rendered",
    );
    assert!(site.has_output("nb/good/index.html"));
    assert!(!site.has_output("nb/bad/index.html"));
    assert!(
        !site.public().join("nb/bad").exists(),
        "no empty folder is left where the page would have been"
    );
}

/// A static file named like the language folder cannot coexist with it:
/// it is left out with a finding (it used to stop the build), and the
/// pages are written. (A write that fails mid-build leaving the previous
/// output is covered by `output.rs`'s tests and `tests/interrupted.rs`.)
#[test]
fn a_static_file_where_a_language_folder_goes_is_left_out() {
    let site = TestSite::new(&[("site.toml", BILINGUAL), ("content/a.nb.md", &page("A"))]);
    assert_eq!(site.run(&["build"]).code, Some(0));
    site.write("static/nb", "not a folder");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "a warning: {run:?}");
    assert_contains(
        &run.stderr,
        "static/nb: warning[static-collision]: 'nb' is not copied",
    );
    assert_contains(&site.page("/nb/a/"), "<h1>A</h1>");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

// 12. A Hugo configuration

#[test]
fn a_hugo_config_builds_with_the_builtin_templates() {
    let config = r#"baseURL = "https://hugo.example/"
theme = "x"
enableGitInfo = true
defaultContentLanguage = "nb"
defaultContentLanguageInSubdir = true

[languages.nb]
languageName = "Norsk (bokmål)"
weight = 1
[languages.en]
languageName = "Engelsk"
weight = 2

[markup.tableOfContents]
startLevel = 2
endLevel = 4

[markup.goldmark.renderer]
unsafe = true
"#;
    let site = TestSite::new(&[
        ("config.toml", config),
        (
            "content/a/_index.nb.md",
            "---\ntitle: A\ntoc: true\n---\n## To\n#### Fire\n\n<div class=\"raw\">x</div>\n",
        ),
        ("content/a/_index.en.md", &page("A en")),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let info = run.stderr_lines_starting("config.toml: info[config-keys-ignored]");
    assert_eq!(info.len(), 1, "{}", run.stderr);
    assert_contains(info[0], "enableGitInfo");
    assert_contains(info[0], "theme");
    assert_eq!(
        run.stderr.matches("enableGitInfo").count(),
        1,
        "{}",
        run.stderr
    );

    let html = site.page("/nb/a/");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://hugo.example/nb/a/\">",
    );
    assert_contains(
        between(&html, "<nav id=\"TableOfContents\">", "</nav>"),
        "<a href=\"#fire\">Fire</a>",
    );
    assert_contains(&html, "<div class=\"raw\">x</div>");
    assert_in_order(
        lang_switch(&html),
        &["Norsk (bokmål)", "<a href=\"/en/a/\"", "Engelsk"],
    );
    assert_contains(&site.output("index.html"), "url=/nb/\"");
    assert_contains(
        &site.output("index.html"),
        "<link rel=\"canonical\" href=\"https://hugo.example/nb/\">",
    );
}

// 13. Drafts and headless pages

#[test]
fn drafts_only_with_the_option_and_headless_never() {
    let files = [
        ("site.toml", BILINGUAL),
        ("content/s/_index.nb.md", "---\ntitle: S\n---\n"),
        (
            "content/s/draft.nb.md",
            "---\ntitle: Utkast\ndraft: true\n---\n",
        ),
        (
            "content/s/headless.nb.md",
            "---\ntitle: Hodeløs\nheadless: true\n---\n",
        ),
        ("content/s/normal.nb.md", "---\ntitle: Vanlig\n---\n"),
    ];
    let site = TestSite::new(&files);
    site.build();
    assert!(site.has_output("nb/s/normal/index.html"));
    assert!(!site.has_output("nb/s/draft/index.html"));
    assert!(!site.has_output("nb/s/headless/index.html"));
    assert_lacks(&site.page("/nb/s/"), "Utkast");

    let with_drafts = TestSite::new(&files);
    let built = with_drafts.build_with(|o| o.drafts = true).unwrap();
    assert_contains(&with_drafts.page("/nb/s/draft/"), "<h1>Utkast</h1>");
    assert!(!with_drafts.has_output("nb/s/headless/index.html"));
    assert_eq!(
        built.summary.pages_per_language["nb"], 4,
        "home, s, draft, normal"
    );
}

/// `--out` never deletes what is not a build: the site's own folders and a
/// folder of other files are refused (exit 2) and left as they were; an
/// empty folder or an earlier build is replaced.
#[test]
fn the_output_folder_is_replaced_only_when_it_holds_a_build() {
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/a.nb.md", &page("A")),
        ("templates/shortcodes/mine.html", "<b>mine</b>"),
        ("static/logo.txt", "logo"),
        ("mydocs/notes.txt", "my notes"),
        ("other/site.toml", BILINGUAL),
        ("other/content/b.nb.md", &page("B")),
        ("layouts/index.html", "<html>Hugo's home layout</html>"),
    ]);
    for (out, kept) in [
        ("templates", "templates/shortcodes/mine.html"),
        ("static", "static/logo.txt"),
        ("templates/shortcodes", "templates/shortcodes/mine.html"),
        ("layouts", "layouts/index.html"),
    ] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.code, Some(2), "--out {out}: {run:?}");
        assert_contains(&run.stderr, "error[output-replaces-site]");
        assert!(site.root().join(kept).is_file(), "--out {out} kept {kept}");
    }
    for (out, kept) in [
        ("mydocs", "mydocs/notes.txt"),
        ("other", "other/content/b.nb.md"),
    ] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.code, Some(2), "--out {out}: {run:?}");
        assert_contains(&run.stderr, "it holds files but no built site");
        assert!(site.root().join(kept).is_file(), "--out {out} kept {kept}");
    }

    std::fs::create_dir_all(site.root().join("empty")).unwrap();
    assert_eq!(site.run(&["build", "--out", "empty"]).code, Some(0));
    assert!(site.root().join("empty/nb/a/index.html").is_file());
    let again = site.run(&["build", "--out", "empty"]);
    assert_eq!(
        again.code,
        Some(0),
        "an earlier build is replaced: {again:?}"
    );
}
