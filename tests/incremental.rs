//! The engine kept up to date: after any sequence of edits, what
//! `Engine::update` left in memory equals a fresh full build of the same
//! files, byte for byte, with the same diagnostics.
//!
//! The site is the bundled one (catalogue tables, bundles with images,
//! overview back-links) plus a small section whose pages link to each other
//! every way brygge knows: `.md` links, `ref`, `link`, `children`, `insert`
//! of a shared file.

mod common;

use std::path::{Path, PathBuf};

use brygge::build::BuildOptions;
use brygge::diagnostics::Diagnostic;
use brygge::engine::{Engine, Mode};
use brygge::output::MemorySink;
use common::TestSite;
use proptest::prelude::*;

const TRACKING: Mode = Mode {
    tracking: true,
    scanning: false,
    search: false,
};

/// The bundled site copied into a temporary folder, with a guide section.
fn site() -> TestSite {
    let site = TestSite::new(&[]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "data"] {
        for rel in common::files_below(&repo.join(folder)) {
            let bytes = std::fs::read(repo.join(folder).join(&rel)).expect("readable");
            site.write(&format!("{folder}/{rel}"), bytes);
        }
    }
    let mut config = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    config.push_str("\n[taxonomies]\ntag = \"tags\"\n");
    site.write("site.toml", config);
    for (path, text) in GUIDE {
        site.write(path, text);
    }
    site
}

const GUIDE: &[(&str, &str)] = &[
    (
        "content/guide/_index.nb.md",
        "---\ntitle: Veiledning\nweight: 5\n---\n## Innhold\n\n{{% children description=\"true\" %}}\n",
    ),
    (
        "content/guide/_index.en.md",
        "---\ntitle: Guide\nweight: 5\n---\n## Contents\n\n{{% children %}}\n",
    ),
    (
        "content/guide/alpha.nb.md",
        "---\ntitle: Alfa\nweight: 1\ndescription: Den første\n---\nSe [beta](beta.nb.md#detaljer) og {{< link \"gamma.md\" >}}.\n\n{{% insert \"content/shared/snippet.md\" %}}\n",
    ),
    (
        "content/guide/alpha.en.md",
        "---\ntitle: Alpha\nweight: 1\n---\nSee [beta](beta.md) and <{{< ref \"gamma.md\" >}}>.\n",
    ),
    (
        "content/guide/beta.nb.md",
        "---\ntitle: Beta\nweight: 2\n---\n## Detaljer\n\n{{% notice info %}}\nTilbake til [alfa](alpha.nb.md).\n{{% /notice %}}\n",
    ),
    (
        "content/guide/gamma.nb.md",
        "---\ntitle: Gamma\nweight: 3\naliases: [/gammel-gamma/]\n---\nLenke til [veiledningen](_index.nb.md) og [mangler](delta.nb.md).\n",
    ),
    (
        "content/shared/snippet.md",
        "---\nheadless: true\n---\nDelt tekst fra en snutt.\n",
    ),
];

/// One edit of the site's files.
#[derive(Debug, Clone)]
enum Edit {
    /// Appends a paragraph (and a link to another page) to a page's body.
    Body {
        page: usize,
        link_to: usize,
    },
    Title {
        page: usize,
        word: usize,
    },
    Weight {
        page: usize,
        weight: u8,
    },
    Hidden {
        page: usize,
    },
    Rename {
        page: usize,
    },
    Delete {
        page: usize,
    },
    /// A new page in the folder of an existing page, optionally as its
    /// translation.
    Add {
        beside: usize,
        translation: bool,
    },
    /// A site template overriding a built-in one.
    Template {
        which: usize,
        word: usize,
    },
    /// The English name of a package in the catalogue overlay.
    Catalogue {
        word: usize,
    },
    Snippet {
        word: usize,
    },
    /// Sets a page's tags (term pages come and go).
    Tags {
        page: usize,
        word: usize,
    },
    /// Turns on or off a cascade on the guide section that keeps it and
    /// its pages out of every list.
    Cascade,
}

const WORDS: &[&str] = &["Ny", "Endret", "Omskrevet", "Fersk", "Flyttet"];

fn edit() -> impl Strategy<Value = Edit> {
    let n = || 0usize..64;
    prop_oneof![
        3 => (n(), n()).prop_map(|(page, link_to)| Edit::Body { page, link_to }),
        2 => (n(), n()).prop_map(|(page, word)| Edit::Title { page, word }),
        1 => (n(), 0u8..6).prop_map(|(page, weight)| Edit::Weight { page, weight }),
        1 => n().prop_map(|page| Edit::Hidden { page }),
        1 => n().prop_map(|page| Edit::Rename { page }),
        1 => n().prop_map(|page| Edit::Delete { page }),
        2 => (n(), any::<bool>()).prop_map(|(beside, translation)| Edit::Add { beside, translation }),
        1 => (n(), n()).prop_map(|(which, word)| Edit::Template { which, word }),
        1 => n().prop_map(|word| Edit::Catalogue { word }),
        1 => n().prop_map(|word| Edit::Snippet { word }),
        2 => (n(), n()).prop_map(|(page, word)| Edit::Tags { page, word }),
        1 => Just(Edit::Cascade),
    ]
}

/// Content pages (`.md` files that are not the shared snippet), sorted.
fn pages(site: &TestSite) -> Vec<String> {
    common::files_below(&site.root().join("content"))
        .into_iter()
        .filter(|rel| rel.ends_with(".md") && !rel.starts_with("shared/"))
        .map(|rel| format!("content/{rel}"))
        .collect()
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).expect("readable")
}

/// Replaces or adds a front-matter line `key: value`.
fn set_front(text: &str, key: &str, value: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return format!("---\n{key}: {value}\n---\n{text}");
    };
    let end = rest.find("\n---").map_or(0, |i| i + 1);
    let (front, body) = rest.split_at(end);
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .map(str::to_string)
        .collect();
    lines.push(format!("{key}: {value}"));
    format!("---\n{}\n{body}", lines.join("\n"))
}

/// Applies `edit`; returns the paths (relative to the root) it touched.
fn apply(site: &TestSite, edit: &Edit) -> Vec<PathBuf> {
    let pages = pages(site);
    let pick = |i: usize| pages[i % pages.len()].clone();
    let touched: Vec<String> = match *edit {
        Edit::Body { page, link_to } => {
            let page = pick(page);
            let target = pick(link_to);
            let target_name = target.rsplit('/').next().unwrap_or("");
            let mut text = read(site, &page);
            text.push_str(&format!(
                "\nEt nytt avsnitt med en [lenke](/{}) og [en til]({target_name}).\n",
                target.trim_start_matches("content/")
            ));
            site.write(&page, text);
            vec![page]
        }
        Edit::Title { page, word } => {
            let page = pick(page);
            let text = set_front(&read(site, &page), "title", WORDS[word % WORDS.len()]);
            site.write(&page, text);
            vec![page]
        }
        Edit::Weight { page, weight } => {
            let page = pick(page);
            let text = set_front(&read(site, &page), "weight", &weight.to_string());
            site.write(&page, text);
            vec![page]
        }
        Edit::Hidden { page } => {
            let page = pick(page);
            let text = read(site, &page);
            let hidden = !text.contains("hidden: true");
            site.write(&page, set_front(&text, "hidden", &hidden.to_string()));
            vec![page]
        }
        Edit::Rename { page } => {
            let page = pick(page);
            let renamed = page.replacen(".md", "", 1).replace('.', "-x.") + ".md";
            let renamed = if renamed.contains("_index") {
                renamed.replace("_index", "renamed")
            } else {
                renamed
            };
            std::fs::rename(site.root().join(&page), site.root().join(&renamed)).expect("renamed");
            vec![page, renamed]
        }
        Edit::Delete { page } => {
            let page = pick(page);
            std::fs::remove_file(site.root().join(&page)).expect("deleted");
            vec![page]
        }
        Edit::Add {
            beside,
            translation,
        } => {
            let beside = pick(beside);
            let (dir, name) = beside.rsplit_once('/').expect("in content/");
            let stem = name.split('.').next().unwrap_or("new");
            let new = if translation {
                let lang = if name.contains(".en.") { "nb" } else { "en" };
                format!("{dir}/{stem}.{lang}.md")
            } else {
                format!("{dir}/added-{}.nb.md", pages.len())
            };
            site.write(
                &new,
                format!(
                    "---\ntitle: Lagt til {}\n---\n## Ny\n\nTekst.\n",
                    pages.len()
                ),
            );
            vec![new]
        }
        Edit::Template { which, word } => {
            let word = WORDS[word % WORDS.len()];
            let (path, text) = match which % 4 {
                0 => (
                    "templates/shortcodes/notice.html",
                    format!("<div class=\"notice {word}\">{{{{ inner_html | safe }}}}</div>"),
                ),
                1 => (
                    "templates/page.html",
                    format!(
                        "{{% extends \"base.html\" %}}{{% block content %}}<p>{word}</p>{{{{ page.content | safe }}}}{{% endblock content %}}"
                    ),
                ),
                2 => (
                    "templates/nav.html",
                    format!("<p class=\"nav-{word}\">{{{{ entries | length }}}}</p>"),
                ),
                _ => (
                    "templates/shared/footer.html",
                    format!("<p class=\"footer-{word}\">{{{{ site.title }}}}</p>\n"),
                ),
            };
            site.write(path, text);
            vec![path.to_string()]
        }
        Edit::Catalogue { word } => {
            let path = "data/catalogue.yaml";
            let text = read(site, path);
            let word = WORDS[word % WORDS.len()];
            let text = text.replacen(
                "en: \"Integrations\"",
                &format!("en: \"Integrations {word}\""),
                1,
            );
            site.write(path, text);
            vec![path.to_string()]
        }
        Edit::Tags { page, word } => {
            let page = pick(page);
            let tags = format!("[{}, felles]", WORDS[word % WORDS.len()]);
            let text = set_front(&read(site, &page), "tags", &tags);
            site.write(&page, text);
            vec![page]
        }
        Edit::Cascade => {
            let path = "content/guide/_index.nb.md";
            // An earlier rename or delete may have taken the section's
            // page away: the edit then adds it again, with the cascade.
            let text = std::fs::read_to_string(site.root().join(path))
                .unwrap_or_else(|_| "---\ntitle: Veiledning\n---\n".to_string());
            let text = if text.contains("cascade:") {
                text.replace("cascade: {build: {list: never}}\n", "")
            } else {
                set_front(&text, "cascade", "{build: {list: never}}")
            };
            site.write(path, text);
            vec![path.to_string()]
        }
        Edit::Snippet { word } => {
            let path = "content/shared/snippet.md";
            let word = WORDS[word % WORDS.len()];
            site.write(
                path,
                format!("---\nheadless: true\n---\n{word} tekst fra en snutt.\n"),
            );
            vec![path.to_string()]
        }
    };
    touched.into_iter().map(PathBuf::from).collect()
}

/// Every file of a sink with its bytes.
fn contents(sink: &MemorySink) -> Vec<(String, Vec<u8>)> {
    sink.paths()
        .into_iter()
        .map(|path| {
            let bytes = sink.get(&path).expect("listed").bytes().expect("readable");
            (path, bytes.to_vec())
        })
        .collect()
}

/// A fresh full build of the site as it is now.
fn full_build(options: &BuildOptions) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let mut engine = Engine::load(options, Mode::default()).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    (contents(&sink), engine.diagnostics())
}

/// Compares two builds file by file, naming the first difference.
fn assert_same(incremental: &[(String, Vec<u8>)], full: &[(String, Vec<u8>)], after: &[Edit]) {
    let paths =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        paths(incremental),
        paths(full),
        "the same files after {after:?}"
    );
    for ((path, a), (_, b)) in incremental.iter().zip(full) {
        assert!(
            a == b,
            "{path} differs after {after:?}:\n--- incremental\n{}\n--- full build\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_updates_equal_a_full_build(edits in prop::collection::vec(edit(), 1..7)) {
        let site = site();
        let options = site.options();
        let mut engine = Engine::load(&options, TRACKING).expect("loads");
        let sink = MemorySink::default();
        engine.render_all(&sink).expect("renders");
        for (n, edit) in edits.iter().enumerate() {
            let touched = apply(&site, edit);
            engine.update(&touched, &sink).expect("updates");
            let (full, full_diagnostics) = full_build(&options);
            assert_same(&contents(&sink), &full, &edits[..=n]);
            prop_assert_eq!(engine.diagnostics(), full_diagnostics, "after {:?}", &edits[..=n]);
        }
    }
}

/// An engine that does not track what pages read (a one-off build) moves
/// the pages it read into its index; told of a change all the same, it
/// loads the site again and still equals a full build.
#[test]
fn an_engine_without_tracking_loads_the_site_again_on_a_change() {
    let site = site();
    let options = site.options();
    let mut engine = Engine::load(&options, Mode::default()).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    let page = "content/guide/gamma.nb.md";
    site.write(page, set_front(&read(&site, page), "title", "Gamma ny"));
    let update = engine
        .update(&[PathBuf::from(page)], &sink)
        .expect("updates");
    assert_eq!(update.rendered, engine.records().len(), "every page again");
    let (full, full_diagnostics) = full_build(&options);
    let files = contents(&sink);
    assert_same(&files, &full, &[]);
    let (_, gamma) = files
        .iter()
        .find(|(path, _)| path == "nb/guide/gamma/index.html")
        .expect("written");
    assert!(String::from_utf8_lossy(gamma).contains("Gamma ny"));
    assert_eq!(engine.diagnostics(), full_diagnostics);
}

/// A body edit re-renders the page and the pages that insert or show its
/// body, nothing else.
#[test]
fn a_body_edit_re_renders_only_what_reads_the_body() {
    let site = site();
    let mut engine = Engine::load(&site.options(), TRACKING).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    let page = "content/guide/beta.nb.md";
    let text = read(&site, page).replace("Tilbake til", "Gå tilbake til");
    site.write(page, text);
    let update = engine
        .update(&[PathBuf::from(page)], &sink)
        .expect("updates");
    // The guide section lists its children with descriptions, which fall
    // back to the summary (the body's first paragraph) where a page has
    // no description: it shows beta's body too.
    assert_eq!(update.rendered, 2);
    assert_eq!(
        update.written,
        ["nb/guide/beta/index.html", "nb/guide/index.html"]
    );
    let html = String::from_utf8(
        sink.get("nb/guide/beta/index.html")
            .expect("written")
            .bytes()
            .expect("in memory")
            .to_vec(),
    )
    .expect("UTF-8");
    assert!(html.contains("Gå tilbake til"));
}

/// A title edit re-renders the pages whose navigation, lists or links
/// show the title, and not the rest of the site.
#[test]
fn a_title_edit_re_renders_the_pages_that_show_it() {
    let site = site();
    let mut engine = Engine::load(&site.options(), TRACKING).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    let total = engine.records().len();
    let page = "content/guide/gamma.nb.md";
    site.write(page, set_front(&read(&site, page), "title", "Gamma ny"));
    let update = engine
        .update(&[PathBuf::from(page)], &sink)
        .expect("updates");
    assert!(
        update
            .written
            .contains(&"nb/guide/alpha/index.html".to_string())
    );
    assert!(update.written.contains(&"nb/guide/index.html".to_string()));
    assert!(
        update.rendered < total / 2,
        "{} of {total} pages rendered again",
        update.rendered
    );
}

/// A page added to a section re-renders its section's list and the page
/// it comes after (its next link), not the section's other pages.
#[test]
fn a_page_added_to_a_section_re_renders_only_its_neighbours_and_the_list() {
    let site = site();
    let mut engine = Engine::load(&site.options(), TRACKING).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    let page = "content/guide/delta.nb.md";
    site.write(page, "---\ntitle: Delta\nweight: 4\n---\nNy side.\n");
    let update = engine
        .update(&[PathBuf::from(page)], &sink)
        .expect("updates");
    let written: Vec<&str> = update.written.iter().map(String::as_str).collect();
    for rel in [
        "nb/guide/delta/index.html",
        "nb/guide/index.html",
        "nb/guide/gamma/index.html",
    ] {
        assert!(written.contains(&rel), "{rel} in {written:?}");
    }
    for rel in ["nb/guide/alpha/index.html", "nb/guide/beta/index.html"] {
        assert!(!written.contains(&rel), "{rel} in {written:?}");
    }
    let gamma = String::from_utf8(
        sink.get("nb/guide/gamma/index.html")
            .expect("written")
            .bytes()
            .expect("in memory")
            .to_vec(),
    )
    .expect("UTF-8");
    assert!(
        gamma.contains("href=\"/nb/guide/delta/\" rel=\"next\""),
        "{gamma}"
    );
}

/// A page that takes a file from the assets folder follows the folder: when
/// the folder appears without the file, the page is re-rendered and the
/// missing file is its error, as in a full build; when the file comes, the
/// error goes and the file is published.
#[test]
fn a_page_follows_the_assets_folder_and_its_files() {
    let site = TestSite::new(&[
        ("site.toml", common::BILINGUAL),
        (
            "content/_index.nb.md",
            "---\ntitle: Hjem\n---\n{{< image file=\"a.png\" >}}\n",
        ),
        ("content/_index.en.md", "---\ntitle: Home\n---\nWelcome.\n"),
    ]);
    let options = site.options();
    let mut engine = Engine::load(&options, TRACKING).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    let failed = |engine: &Engine| findings(engine, "shortcode-failed");
    assert_eq!(failed(&engine), 0, "no assets folder: not checked");
    site.write("assets/images/other.png", "other");
    let touched = [
        PathBuf::from("assets"),
        PathBuf::from("assets/images/other.png"),
    ];
    let update = engine.update(&touched, &sink).expect("updates");
    assert_eq!(update.written, ["nb/index.html"], "{update:?}");
    assert_eq!(failed(&engine), 1, "{:#?}", engine.diagnostics());
    assert_eq!(engine.diagnostics(), full_build(&options).1);
    site.write("assets/images/a.png", "a");
    engine
        .update(&[PathBuf::from("assets/images/a.png")], &sink)
        .expect("updates");
    assert_eq!(failed(&engine), 0, "{:#?}", engine.diagnostics());
    assert_same(&contents(&sink), &full_build(&options).0, &[]);
    assert!(sink.get("images/a.png").is_some(), "the file is published");
}

/// The shared parts follow their templates and the assets they ask for:
/// a part whose file is missing is a finding until the file comes, and an
/// edited part shows on every page, as in a full build.
#[test]
fn shared_parts_follow_their_templates_and_assets() {
    let site = TestSite::new(&[
        ("site.toml", common::BILINGUAL),
        (
            "content/_index.nb.md",
            "---\ntitle: Hjem\n---\nVelkommen.\n",
        ),
        ("content/a.nb.md", "---\ntitle: A\n---\nTekst.\n"),
        ("content/_index.en.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("assets/other.txt", "other"),
        (
            "templates/shared/footer.html",
            "<img src=\"{{ asset(path='logo.svg') }}\" alt=\"\">\n",
        ),
    ]);
    let options = site.options();
    let mut engine = Engine::load(&options, TRACKING).expect("loads");
    let sink = MemorySink::default();
    engine.render_all(&sink).expect("renders");
    let failed = |engine: &Engine| findings(engine, "template-failed");
    assert_eq!(failed(&engine), 2, "{:#?}", engine.diagnostics());
    site.write("assets/logo.svg", "<svg/>");
    let update = engine
        .update(&[PathBuf::from("assets/logo.svg")], &sink)
        .expect("updates");
    assert_eq!(failed(&engine), 0, "{:#?}", engine.diagnostics());
    assert!(
        update.written.contains(&"nb/a/index.html".to_string()),
        "{update:?}"
    );
    assert!(sink.get("logo.svg").is_some(), "the file is published");
    assert_same(&contents(&sink), &full_build(&options).0, &[]);
    let page = page_text(&sink, "nb/a/index.html");
    assert!(
        page.contains("<img src=\"/logo.svg\" alt=\"\">\n    </footer>"),
        "{page}"
    );

    site.write(
        "templates/shared/footer.html",
        "<p class=\"moved\">{{ ui.menu }}</p>\n",
    );
    engine
        .update(&[PathBuf::from("templates/shared/footer.html")], &sink)
        .expect("updates");
    assert_same(&contents(&sink), &full_build(&options).0, &[]);
    let page = page_text(&sink, "nb/a/index.html");
    assert!(page.contains("<p class=\"moved\">Meny</p>"), "{page}");
}

/// The text of a page in `sink`.
fn page_text(sink: &MemorySink, rel: &str) -> String {
    let bytes = sink.get(rel).expect("written").bytes().expect("readable");
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// How many of the engine's findings have this code.
fn findings(engine: &Engine, code: &str) -> usize {
    engine
        .diagnostics()
        .iter()
        .filter(|d| d.code == code)
        .count()
}
