//! Hugo features beyond the Altinn docs, on small fixture sites in
//! `tests/fixtures/hugo/` (see its README). The expected URLs, ids and
//! values are what Hugo 0.150.1 makes of the same files.

mod common;

use std::path::Path;

use common::{TestSite, assert_contains, assert_in_order, assert_lacks};

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

#[test]
fn hugo_yaml_configuration_is_read_before_config_toml() {
    let site = fixture("yaml-config");
    let built = site.build();
    // Hugo 0.150.1 on the same files (its `/en/` is a redirect to `/`).
    let hugo = sorted(&[
        "/",
        "/docs/",
        "/docs/guide/",
        "/nb/",
        "/nb/docs/",
        "/nb/docs/guide/",
    ]);
    assert_eq!(page_urls(&site), hugo, "{:?}", built.diagnostics);
    assert_contains(&site.page("/nb/docs/guide/"), "<h2 id=\"sett-opp\">");
    assert_contains(&site.page("/docs/guide/"), "YAML site");
    assert_lacks(&site.page("/docs/guide/"), "Wrong");
}

#[test]
fn hugo_builtin_shortcodes_render_with_escaped_arguments() {
    let site = fixture("shortcodes");
    site.build();
    let page = site.page("/docs/builtins/");
    // details: Hugo writes <details open> with the inner Markdown rendered
    // on its own; the summary argument is escaped.
    assert_contains(&page, "<details open>\n<summary>Open &lt;me&gt;</summary>");
    assert_contains(&page, "<h2 id=\"inside\">Inside</h2>");
    // figure: Hugo's <a href="/x/"><img src="/img/a%20b.png" ...>.
    assert_contains(&page, "<a href=\"/x/\"><img src=\"/img/a%20b.png\"");
    assert_contains(&page, "alt=\"An &quot;alt&quot;\"");
    assert_contains(&page, "<figcaption><p>Cap &lt;i&gt;</p></figcaption>");
    // youtube and vimeo: embeds of the id; the title escaped.
    assert_contains(&page, "/embed/0RKpf3rK57I");
    assert_contains(&page, "title=\"A &lt;video&gt;\"");
    assert_contains(&page, "https://player.vimeo.com/video/55073825");
    // qr: Hugo writes a 132x132 PNG for this text; brygge the same size
    // as an SVG in the page.
    assert_contains(&page, "<img src=\"data:image/svg+xml,");
    assert_contains(&page, "width=\"132\" height=\"132\"");
    // highlight, ref and relref as Hugo.
    assert_contains(&page, "<code class=\"language-go\" data-lang=\"go\">");
    assert_contains(
        &page,
        "<a href=\"https://example.org/docs/second/\">other</a> and <a href=\"/docs/second/#heading-is-not-the-summary\">rel</a>",
    );
    // param: the page's first (escaped), else the site's; dotted names.
    assert_contains(&page, "Param Page &lt;motto&gt;, 1.2, Nested value.");
    // comment prints nothing.
    assert_lacks(&page, "Never shown");
}

#[test]
fn offline_shortcodes_link_to_the_post_and_escape_arguments() {
    let site = TestSite::new(&[(
        "content/_index.md",
        "---\ntitle: Home\n---\n{{< x user=\"a&b\" id=\"1\" >}}\n\n{{< instagram \"C1<x>\" >}}\n\n{{< gist user \"abc\\\"><script>\" >}}\n",
    )]);
    site.build();
    let page = site.page("/");
    assert_contains(&page, "href=\"https://x.com/a&amp;b/status/1\"");
    assert_contains(&page, "https://www.instagram.com/p/C1&lt;x&gt;/");
    assert_contains(
        &page,
        "<script src=\"https://gist.github.com/user/abc&quot;&gt;&lt;script&gt;.js\"></script>",
    );
    assert_lacks(&page, "\"><script>");
}

#[test]
fn learn_family_shortcodes_render_as_the_themes_do() {
    let site = fixture("shortcodes");
    site.build();
    let page = site.page("/learn/");
    // expand in {{% %}}: a <details> whose heading counts with the page's.
    assert_contains(
        &page,
        "<details class=\"expand\"><summary>Show &lt;more&gt;</summary>",
    );
    assert_contains(&page, "<h2 id=\"hidden-heading\">Hidden heading</h2>");
    // button: the href and text escaped; javascript: refused.
    assert_contains(
        &page,
        "<a class=\"btn button button-primary\" href=\"https://example.org/?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener\">Go &lt;now&gt;</a>",
    );
    assert_contains(&page, "<a class=\"btn button\" href=\"#\">Bad</a>");
    assert_lacks(&page, "javascript:");
    // tabs/tab: titles from name= and title=, escaped even in a Markdown
    // template.
    assert_contains(&page, "<div class=\"tabs\" data-tab-group=\"os\">");
    assert_contains(&page, "<div class=\"tab\" data-tab-item=\"Linux\">");
    assert_contains(&page, "data-tab-item=\"Win&quot;dows&lt;\"");
    assert_contains(&page, "<p>Windows text</p>");
    // siteparam: the site's param, escaped.
    assert_contains(&page, "Site Hello &lt;b&gt;.");
}

#[test]
fn attachments_list_the_files_folder_or_the_bundles_files() {
    let site = fixture("shortcodes");
    site.build();
    // Hugo copies docs/first.files/ and the bundle's files/ as they are.
    assert!(site.has_output("docs/first.files/a.txt"));
    assert!(site.has_output("docs/bundle/files/c.txt"));
    let first = site.page("/docs/first/");
    assert_contains(
        &first,
        "<p class=\"attachments-title\">Files &lt;here&gt;</p>",
    );
    assert_in_order(
        &first,
        &[
            "<a href=\"/docs/first.files/a.txt\">a.txt</a> (4 B)",
            "<a href=\"/docs/first.files/b.pdf\">b.pdf</a> (8 B)",
        ],
    );
    let bundle = site.page("/docs/bundle/");
    assert_contains(
        &bundle,
        "<a href=\"/docs/bundle/files/c.txt\">c.txt</a> (6 B)",
    );
}

#[test]
fn children_options_style_sort_depth_showhidden_and_description() {
    let site = fixture("shortcodes");
    site.build();
    let page = site.page("/docs/");
    let calls: Vec<&str> = page.split("<p>Headings with descriptions").collect();
    let (default, rest) = (calls[0], calls[1]);
    let (headings, everything) = rest.split_once("<p>Everything").expect("third call");
    // Default: a list in weight order, the hidden page left out.
    assert_in_order(
        default,
        &[
            "Zulu first",
            "Alpha second",
            "Mike sub",
            "Bundle",
            "Builtins",
        ],
    );
    assert_lacks(default, "Hidden page");
    assert_lacks(default, "/docs/sub/deep/");
    // style="h3", sort="title", description: the description, else the
    // summary (Hugo's: headings' text included, shortcode calls not; the
    // text before <!--more-->).
    assert_contains(headings, "<div class=\"children children-h3\">");
    assert_in_order(
        headings,
        &[
            "<h3><a href=\"/docs/second/\">Alpha second</a></h3><p>Heading is not the summary Second's summary paragraph on two lines. Not in the summary.</p>",
            "<h3><a href=\"/docs/builtins/\">Builtins</a></h3>",
            "<h3><a href=\"/docs/bundle/\">Bundle</a></h3>",
            "<h3><a href=\"/docs/sub/\">Mike sub</a></h3><p>Before the divider. Still before.</p>",
            "<h3><a href=\"/docs/first/\">Zulu first</a></h3><p>First &lt;desc&gt; &amp; more</p>",
        ],
    );
    assert_lacks(headings, "After the divider");
    assert_lacks(headings, "{{&lt;");
    // depth=2 and showhidden.
    assert_contains(everything, "Hidden page");
    assert_contains(everything, "<a href=\"/docs/sub/deep/\">Deep</a>");
    // A section's own list shows each page's summary where it has no
    // description, as Hugo's .Summary; /docs/ lists its children with the
    // shortcode, so its own list is left out.
    assert_contains(
        &site.page("/docs/sub/"),
        "<p class=\"summary\">Deep text.</p>",
    );
    assert_lacks(&page, "class=\"child-pages\"");
}

#[test]
fn menus_from_config_and_front_matter_in_hugos_order() {
    let site = fixture("shortcodes");
    site.build();
    let nav = site.output("_nav.html");
    let menu = common::between(&nav, "data-menu=\"main\">", "</ul>\n");
    // Hugo 0.150.1: Docs (front matter `menu: main`, the page's weight 1)
    // with the config entry naming it as parent, Home (10), Bundle (its
    // front-matter entry, 20), External (30).
    assert_in_order(
        menu,
        &[
            "<a href=\"/docs/\">Docs</a>",
            "<a href=\"/docs/second/\">Child of docs</a>",
            "<a href=\"/\">Home &lt;page&gt;</a>",
            "<a href=\"/docs/bundle/\">Bundle &lt;b&gt;</a>",
            "<a href=\"https://example.com/\">External</a>",
        ],
    );
}

#[test]
fn language_menus_and_include() {
    let site = TestSite::new(&[
        (
            "hugo.toml",
            "baseURL = \"https://example.org/\"\ndefaultContentLanguage = \"en\"\n\
             [languages.en]\nweight = 1\n[[languages.en.menu.main]]\nname = \"Guide\"\npageRef = \"/guide\"\n\
             [languages.fr]\nweight = 2\n[[languages.fr.menu.main]]\nname = \"Le guide\"\npageRef = \"/guide\"\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\n{{% include \"/snip\" %}}\n",
        ),
        ("content/_index.fr.md", "---\ntitle: Accueil\n---\n"),
        ("content/guide.md", "---\ntitle: Guide\n---\n"),
        ("content/guide.fr.md", "---\ntitle: Guide\n---\n"),
        (
            "content/snip.md",
            "---\ntitle: Snip\n---\n## From the snippet\n",
        ),
    ]);
    site.build();
    // Each language's own menu, its pageRef in that language.
    let en = site.output("_nav.html");
    assert_contains(&en, "<a href=\"/guide/\">Guide</a>");
    assert_lacks(&en, "Le guide");
    let fr = site.output("fr/_nav.html");
    assert_contains(&fr, "<a href=\"/fr/guide/\">Le guide</a>");
    // include: the other page's Markdown, its heading part of this page.
    assert_contains(
        &site.page("/"),
        "<h2 id=\"from-the-snippet\">From the snippet</h2>",
    );
}

/// `summaryLength`: the automatic summary ends with the paragraph in which
/// that word falls (Hugo's rule; 70 by default).
#[test]
fn summary_length_sets_where_the_automatic_summary_ends() {
    let page = "---\ntitle: Page\n---\nOne two three four.\n\nFive six seven.\n\nEight nine.\n";
    let build = |config: &str| {
        let site = TestSite::new(&[
            ("hugo.toml", config),
            ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
            ("content/docs/page.md", page),
        ]);
        site.build();
        let list = site.page("/docs/");
        let start = "<p class=\"summary\">";
        let summary = common::between(&list, start, "</p>");
        summary[start.len()..summary.len() - "</p>".len()].to_string()
    };
    let base = "baseURL = \"https://example.org/\"\ntitle = \"T\"\n";
    assert_eq!(
        build(&format!("{base}summaryLength = 5\n")),
        "One two three four. Five six seven."
    );
    assert_eq!(
        build(&format!("{base}summaryLength = 2\n")),
        "One two three four."
    );
    assert_eq!(
        build(base),
        "One two three four. Five six seven. Eight nine."
    );
}

/// The pages of the `[permalinks]` test: posts with and without a date and
/// a slug, docs with nested sections and a bundle.
fn permalink_site(config: &str) -> TestSite {
    let site = TestSite::new(&[
        ("hugo.toml", config),
        ("content/posts/_index.md", "---\ntitle: Posts\n---\n"),
        (
            "content/posts/hello.md",
            "---\ntitle: Hello World Again\ndate: 2024-03-05T10:00:00+01:00\n---\nx\n",
        ),
        (
            "content/posts/other.md",
            "---\ntitle: Sluggy\nslug: my-slug\ndate: 2023-11-20\n---\nx\n",
        ),
        ("content/posts/nodate.md", "---\ntitle: No Date\n---\nx\n"),
        ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
        ("content/docs/sub/_index.md", "---\ntitle: Sub\n---\n"),
        ("content/docs/intro.md", "---\ntitle: Intro Page\n---\nx\n"),
        ("content/docs/sub/deep.md", "---\ntitle: Deep One\n---\nx\n"),
        (
            "content/docs/sub/bundle/index.md",
            "---\ntitle: The Bundle\n---\nx\n",
        ),
    ]);
    site.build();
    site
}

/// `[permalinks]`, both forms, with the URLs Hugo 0.150.1 gives the same
/// files (a page without a date is in year 1, as in Hugo).
#[test]
fn permalinks_place_pages_and_sections_as_hugo_does() {
    let base = "baseURL = \"https://example.org/\"\ntitle = \"T\"\n";
    let site = permalink_site(&format!(
        "{base}[permalinks.page]\nposts = \"/:year/:month/:day/:slugorcontentbasename/\"\ndocs = \"/guide/:sections/:filename/\"\n[permalinks.section]\ndocs = \"/manual/:sections/\"\n"
    ));
    let urls = page_urls(&site);
    for url in [
        "/1/01/01/nodate/",
        "/2023/11/20/my-slug/",
        "/2024/03/05/hello/",
        "/guide/docs/intro/",
        "/guide/docs/sub/bundle/",
        "/guide/docs/sub/deep/",
        "/manual/docs/",
        "/manual/docs/sub/",
        "/posts/",
    ] {
        assert!(urls.contains(&url.to_string()), "{url} not in {urls:#?}");
    }
    // The older form names page patterns only.
    let site = permalink_site(&format!(
        "{base}[permalinks]\nposts = \"/blog/:section/:title/:slug/\"\ndocs = \"/d/:contentbasename/\"\n"
    ));
    let urls = page_urls(&site);
    for url in [
        "/blog/posts/hello-world-again/hello-world-again/",
        "/blog/posts/no-date/no-date/",
        "/blog/posts/sluggy/my-slug/",
        "/d/bundle/",
        "/d/deep/",
        "/d/intro/",
        "/docs/",
        "/docs/sub/",
    ] {
        assert!(urls.contains(&url.to_string()), "{url} not in {urls:#?}");
    }
    let built = site.run(&["build"]);
    assert_lacks(&built.stderr, "permalinks");
}

/// `[permalinks]` tokens beyond the plain ones, the `/` key for pages at
/// the root, the date falling back to `lastmod`, a folder without
/// `_index.md` that is no section, and titles made into URL parts as Hugo
/// does: every URL here is the one Hugo 0.150.1 gives the same files.
#[test]
fn permalink_tokens_slices_and_titles_as_hugo_makes_them() {
    let config = "baseURL = \"https://example.org/\"\ntitle = \"T\"\n[permalinks.page]\nposts = \"/p/:sections/:year/:monthname/:weekday/:weekdayname/:yearday/:slugorfilename/\"\nnews = \"/n/:sections[last]/:sections[1:]/:sections[0]/:title/\"\n\"/\" = \"/root/:slug/\"\n";
    let site = TestSite::new(&[
        ("hugo.toml", config),
        ("content/posts/_index.md", "---\ntitle: Posts\n---\n"),
        (
            "content/posts/lm.md",
            "---\ntitle: LM\nlastmod: 2023-07-08\n---\nx\n",
        ),
        (
            "content/posts/nosec/a.md",
            "---\ntitle: In nosec\ndate: 2024-02-29\n---\nx\n",
        ),
        ("content/about.md", "---\ntitle: Root About Us\n---\nx\n"),
        ("content/news/_index.md", "---\ntitle: News\n---\n"),
        ("content/news/a/_index.md", "---\ntitle: A\n---\n"),
        ("content/news/a/b/_index.md", "---\ntitle: B\n---\n"),
        (
            "content/news/a/b/deep.md",
            "---\ntitle: \"C++ & Go / Rust? 100%\"\n---\nx\n",
        ),
        (
            "content/news/a/top.md",
            "---\ntitle: \"x -- y  z--\"\n---\nx\n",
        ),
    ]);
    site.build();
    let urls = page_urls(&site);
    for url in [
        "/n/a/a/news/x--y-z--/",
        "/n/b/a/b/news/c-go-/-rust-100/",
        "/news/a/b/",
        "/p/posts/2023/july/6/saturday/189/lm/",
        "/p/posts/2024/february/4/thursday/60/a/",
        "/root/root-about-us/",
    ] {
        assert!(urls.contains(&url.to_string()), "{url} not in {urls:#?}");
    }
}
