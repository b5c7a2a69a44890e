//! `brygge serve` in a real browser: headless Chromium, driven through
//! chromedriver's W3C WebDriver HTTP API, shows a fixture site while the
//! test edits its files, and the test reads what a writer would see (the
//! text in the DOM, the scroll position, the error overlay, computed
//! styles) without ever reloading the page itself.
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium` and
//! `chromium-driver`), so the tests are ignored by a plain `cargo test`;
//! `.ci/run` installs both and runs them with
//! `cargo test --test browser -- --ignored`.

mod common;
mod webdriver;

use serde_json::{Value, json};

use common::{BILINGUAL, TestSite};
use webdriver::{Browser, Server, serial};

const SCROLL_Y: i64 = 2000;

/// A page long enough to scroll 2,000 px down, with one paragraph in the
/// middle whose wording the tests change.
fn long_page(front: &str, edition: &str) -> String {
    let mut text = format!("---\n{front}---\n");
    for n in 1..=150 {
        if n == 60 {
            text.push_str(&format!("Avsnitt 60 i {edition} utgave.\n\n"));
        } else {
            text.push_str(&format!(
                "Avsnitt {n}: tekst om tilganger, roller og rettigheter.\n\n"
            ));
        }
    }
    text
}

const FRONT: &str = "title: Lang side\nweight: 1\n";
/// Line 4 of the file is indented under a scalar: invalid YAML, reported
/// at 4:6.
const BROKEN_FRONT: &str = "title: Lang side\nweight: 1\n  bad: indent\n";

fn site() -> TestSite {
    TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/_index.nb.md",
            "---\ntitle: Hjem\n---\nVelkommen.\n",
        ),
        ("content/_index.en.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/guide/_index.nb.md",
            "---\ntitle: Veiledning\n---\nOm veiledningen.\n",
        ),
        ("content/guide/lang.nb.md", &long_page(FRONT, "første")),
        (
            "content/guide/blåbær.nb.md",
            "---\ntitle: Blåbær\n---\nBlåbær i første utgave.\n",
        ),
        // The site's own stylesheet in place of the built-in one (with a
        // light background for code, as the built-in one has).
        (
            "static/brygge.css",
            "body { color: rgb(1, 2, 3); }\ncode { background: rgb(240, 240, 240); }\n",
        ),
    ])
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn an_edit_is_shown_in_place_keeping_the_scroll_and_a_broken_page_shows_the_overlay() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/lang/"));
    let shown = browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    assert_eq!(shown.overlay, None, "no overlay on a good site");

    let y = browser.run(
        "window.scrollTo(0, arguments[0]); return window.scrollY;",
        &[json!(SCROLL_Y)],
    );
    assert_eq!(y, json!(SCROLL_Y), "the page is long enough to scroll");
    browser.run("window.__marker = 'before the edit';", &[]);

    // The writer saves a new wording: the page reloads itself and comes
    // back where it was.
    browser.wait_until_listening();
    site.write("content/guide/lang.nb.md", long_page(FRONT, "andre"));
    let shown = browser.wait_for("the edited text", |s| {
        s.ready && s.main.contains("Avsnitt 60 i andre utgave.")
    });
    assert!(!shown.main.contains("første utgave"), "{}", shown.main);
    assert_eq!(
        shown.marker, None,
        "the page was reloaded (by the preview: the test never reloads)"
    );
    browser.wait_for_scroll(SCROLL_Y);

    // Broken front matter: the overlay names the file and the line, over
    // the last good content, and the writer keeps their place.
    browser.wait_until_listening();
    site.write(
        "content/guide/lang.nb.md",
        long_page(BROKEN_FRONT, "tredje"),
    );
    let shown = browser.wait_for("the overlay", |s| s.ready && s.overlay.is_some());
    let overlay = shown.overlay.as_deref().unwrap_or_default();
    assert!(
        overlay.contains("content/guide/lang.nb.md:4:6"),
        "the overlay names the file, line and column: {overlay}"
    );
    assert!(overlay.contains("front-matter-invalid"), "{overlay}");
    assert!(
        overlay.contains("4 |   bad: indent"),
        "the overlay shows the line: {overlay}"
    );
    assert!(
        shown.main.contains("Avsnitt 60 i andre utgave."),
        "the last good content stays under the overlay: {}",
        shown.main
    );
    assert!(
        browser.is_visible("brygge-overlay"),
        "the overlay is on screen"
    );
    // The file:line:col is readable whatever the site's stylesheet does
    // to `code` (the theme gives it a light background).
    let contrast = browser.run(
        "const e = document.querySelector('.brygge-overlay-location');
        const rgba = c => (c.match(/[\\d.]+/g) || []).map(Number);
        let bg = null;
        for (let el = e; el && !bg; el = el.parentElement) {
            const c = rgba(getComputedStyle(el).backgroundColor);
            if (c.length === 3 || c[3] > 0) bg = c;
        }
        const lum = c => {
            const [r, g, b] = c.slice(0, 3).map(v => {
                v /= 255;
                return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [a, b] = [lum(rgba(getComputedStyle(e).color)), lum(bg)];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);",
        &[],
    );
    let contrast = contrast.as_f64().unwrap_or(0.0);
    assert!(
        contrast >= 4.5,
        "the overlay's location is readable: contrast {contrast:.2}"
    );
    browser.wait_for_scroll(SCROLL_Y);

    // Fixed: the overlay goes, the new text comes.
    browser.wait_until_listening();
    site.write("content/guide/lang.nb.md", long_page(FRONT, "fjerde"));
    let shown = browser.wait_for("the overlay gone", |s| {
        s.ready && s.overlay.is_none() && s.main.contains("Avsnitt 60 i fjerde utgave.")
    });
    assert!(!shown.main.contains("andre utgave"), "{}", shown.main);
    browser.wait_for_scroll(SCROLL_Y);
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_stylesheet_change_is_applied_without_a_reload() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/lang/"));
    browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    let style = "return getComputedStyle(document.body).color;";
    assert_eq!(browser.run(style, &[]), json!("rgb(1, 2, 3)"));
    browser.run(
        "window.scrollTo(0, arguments[0]); window.__marker = 'no reload';",
        &[json!(SCROLL_Y)],
    );

    browser.wait_until_listening();
    site.write("static/brygge.css", "body { color: rgb(10, 20, 30); }\n");
    let color = browser.poll("the new colour", || {
        let color = browser.try_run(style, &[])?;
        Ok((color == json!("rgb(10, 20, 30)")).then_some(color))
    });
    assert_eq!(color, json!("rgb(10, 20, 30)"));
    let shown = browser.state().expect("the page answers");
    assert_eq!(
        shown.marker.as_deref(),
        Some("no reload"),
        "the stylesheet was swapped in the page as it is, not by a reload"
    );
    assert_eq!(shown.y, SCROLL_Y, "and the page did not move");
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_page_with_letters_beyond_ascii_in_its_url_reloads_too() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/bl%C3%A5b%C3%A6r/"));
    browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    browser.wait_until_listening();
    site.write(
        "content/guide/blåbær.nb.md",
        "---\ntitle: Blåbær\n---\nBlåbær i andre utgave.\n",
    );
    browser.wait_for("the edited text", |s| {
        s.ready && s.main.contains("Blåbær i andre utgave.")
    });
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_renamed_page_is_followed_to_its_new_url_and_a_deleted_one_shows_not_found() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/lang/"));
    browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    browser.run("window.scrollTo(0, arguments[0]);", &[json!(SCROLL_Y)]);

    browser.wait_until_listening();
    std::fs::rename(
        site.root().join("content/guide/lang.nb.md"),
        site.root().join("content/guide/lengre.nb.md"),
    )
    .expect("renamed");
    browser.wait_for("the new URL", |s| {
        s.ready && s.path == "/nb/guide/lengre/" && s.main.contains("første utgave")
    });
    browser.wait_for_scroll(SCROLL_Y);

    browser.wait_until_listening();
    std::fs::remove_file(site.root().join("content/guide/lengre.nb.md")).expect("removed");
    let shown = browser.wait_for("the page not found", |s| {
        s.ready && s.main.contains("Fant ikke siden")
    });
    assert_eq!(
        shown.path, "/nb/guide/lengre/",
        "still at the URL asked for"
    );
    assert!(!shown.main.contains("første utgave"), "{}", shown.main);

    // Written again: the not-found page turns into the page.
    browser.wait_until_listening();
    site.write("content/guide/lengre.nb.md", long_page(FRONT, "femte"));
    browser.wait_for("the page back", |s| {
        s.ready && s.main.contains("Avsnitt 60 i femte utgave.")
    });
}

// ---------- The theme, on the bundled site (`brygge serve --search`) ----------

/// The project's own site, served with its search index.
fn bundled() -> Server {
    Server::start_at(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["--search"],
    )
}

/// Where the screenshots go, to be looked at.
fn screenshot_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("a folder for screenshots");
    dir
}

const ROLES_PAGE: &str = "/nb/authorization/modules/accessgroups/register_er/";
const PACKAGES_PAGE: &str =
    "/nb/authorization/what-do-you-get/accessgroups/accessgroups/integrasjoner/";

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_norwegian_word_typed_in_the_search_box_finds_its_page() {
    let _serial = serial();
    let server = bundled();
    let browser = Browser::start();
    browser.open(&server.url("/nb/"));
    browser.wait_for("the home page", |s| s.ready);
    // An inflected form the page does not use ("Enhetsregisteret" is):
    // found through the Norwegian stem.
    browser.type_into("#search-input", "enhetsregisterets rolletyper");
    let results = browser.poll("search results", || {
        let links = browser.try_run(
            "return [...document.querySelectorAll('.search-list a')].map(a => ({
                href: a.getAttribute('href'), text: a.innerText,
                marked: [...a.querySelectorAll('mark')].map(m => m.textContent) }));",
            &[],
        )?;
        Ok(links.as_array().filter(|a| !a.is_empty()).cloned())
    });
    let first = &results[0];
    let href = first["href"].as_str().unwrap_or_default();
    assert!(
        href.starts_with(ROLES_PAGE),
        "the roles page comes first: {results:?}"
    );
    assert!(
        first["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Rolletyper fra Enhetsregisteret"),
        "the result shows the page's title: {first}"
    );
    let marked: Vec<&str> = first["marked"]
        .as_array()
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(
        marked
            .iter()
            .any(|m| m.to_lowercase().starts_with("enhetsregister")),
        "the matching words are marked: {first}"
    );
    let status = browser.run(
        "return document.querySelector('.search-status').innerText;",
        &[],
    );
    assert!(
        status.as_str().unwrap_or_default().contains("Sider funnet"),
        "{status}"
    );
    // Following the result leads to the page.
    browser.click(".search-list a");
    browser.wait_for("the roles page", |s| s.ready && s.path == ROLES_PAGE);

    // English pages search the English index, with English stems.
    browser.open(&server.url("/en/"));
    browser.wait_for("the English home page", |s| s.ready);
    browser.type_into("#search-input", "integrations");
    let first = browser.poll("English results", || {
        let href = browser.try_run(
            "const a = document.querySelector('.search-list a'); return a && a.getAttribute('href');",
            &[],
        )?;
        Ok(href.as_str().map(str::to_string))
    });
    assert!(first.starts_with("/en/"), "{first}");
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn the_browsers_stemmers_stem_as_the_index_did() {
    let _serial = serial();
    let server = bundled();
    let browser = Browser::start();
    browser.open(&server.url("/nb/"));
    browser.wait_for("the home page", |s| s.ready);
    browser.run(
        "const s = document.createElement('script'); s.src = '/brygge-search.js'; document.head.appendChild(s);",
        &[],
    );
    browser.poll("the search script", || {
        Ok(
            (browser.try_run("return !!(window.brygge && window.brygge.stem);", &[])?
                == json!(true))
            .then_some(()),
        )
    });
    let mut words: std::collections::BTreeSet<String> = stemmer_words().into_iter().collect();
    for file in
        common::files_below(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
    {
        if let Ok(text) = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("content")
                .join(&file),
        ) {
            words.extend(brygge::search::words(&text));
        }
    }
    let words: Vec<String> = words
        .into_iter()
        .filter(|w| !w.chars().any(char::is_numeric))
        .collect();
    for (lang, name) in [("nb", "norwegian"), ("en", "english")] {
        let stemmer = rust_stemmers::Stemmer::create(brygge::search::algorithm(lang).0);
        let expected: Vec<String> = words
            .iter()
            .map(|w| brygge::search::stem(&stemmer, w))
            .collect();
        let got = browser.run(
            &format!("return arguments[0].map(w => window.brygge.stem.{name}(w));"),
            &[json!(words)],
        );
        let got: Vec<&str> = got
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let differ: Vec<String> = words
            .iter()
            .zip(expected.iter().zip(&got))
            .filter(|(_, (e, g))| e != *g)
            .map(|(w, (e, g))| format!("{w}: {e} (Rust) vs {g} (JS)"))
            .collect();
        assert!(
            differ.is_empty(),
            "{name}: {} of {} words differ: {differ:?}",
            differ.len(),
            words.len()
        );
    }
}

/// Words that take the stemmers' special paths.
fn stemmer_words() -> Vec<String> {
    "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos \
     bias andes inning outing canning herring earring proceed exceed succeed generate generously \
     communism arsenal yes youth saying flying cries ties gas gaps caresses ponies ties kiwis \
     agreed feed plastered bled motoring sing conflated troubled sized hopping tanned falling \
     hissing fizzed failing filing happy sky by say relational conditional rational valenci \
     hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization \
     predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti \
     sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival \
     allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment \
     dependent adoption homologou communism activate angulariti homologous effective bowdlerize \
     probate rate cease controll roll logi geologi fluentli lessli helpfulli \
     tilgangene tilganger tilgangen virksomhetene virksomheter hetslov kjærlighet læreren \
     bøkene vaskt hardt svømte heltene heten heter erte ert begynte bekreftet ansatt ansattes \
     tilgangspakkene enhetsregisterets roller rollene delegering delegeringer rettigheter \
     løsningene ressursregisteret systembrukeren klienter klientene ikkes boks kks oks"
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Whether anything on the page reaches past the viewport's right edge
/// (the page scrolls sideways): the widest element, if so.
const OVERFLOW_SCRIPT: &str = "
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    let worst = null;
    for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.right > width + 1 && (!worst || r.right > worst.right)) {
            let inside = false;
            for (let p = e.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
            }
            if (!inside) worst = { right: r.right, tag: e.tagName, cls: e.className, text: (e.innerText || '').slice(0, 60) };
        }
    }
    return worst || { right: document.documentElement.scrollWidth };";

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn at_390_and_1366_pixels_nothing_runs_off_screen_and_wide_content_scrolls_in_its_box() {
    let _serial = serial();
    let server = bundled();
    let browser = Browser::start();
    let dir = screenshot_dir();
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.resize(width, height);
        for (name, path) in [
            ("packages", PACKAGES_PAGE),
            ("roles", ROLES_PAGE),
            ("home", "/nb/"),
        ] {
            browser.open(&server.url(path));
            browser.wait_for("the page", |s| s.ready);
            let inner = browser.run("return window.innerWidth;", &[]);
            assert_eq!(inner, json!(width), "the viewport is {width} px wide");
            let overflow = browser.run(OVERFLOW_SCRIPT, &[]);
            assert_eq!(
                overflow,
                Value::Null,
                "{path} at {width} px: something runs off-screen"
            );
            std::fs::write(
                dir.join(format!("{name}-{width}.png")),
                browser.screenshot(),
            )
            .expect("screenshot written");
        }
    }
    // At 390 px the access-package table is wider than the screen: it
    // scrolls inside a box the keyboard reaches, with a visible hint.
    browser.resize(390, 844);
    browser.open(&server.url(PACKAGES_PAGE));
    browser.wait_for("the page", |s| s.ready);
    let boxes = browser.run(
        "return [...document.querySelectorAll('.table-box')].map(b => ({
            scrolls: b.scrollWidth > b.clientWidth, tabindex: b.getAttribute('tabindex'),
            label: b.getAttribute('aria-label'),
            hint: !!(b.previousElementSibling && b.previousElementSibling.classList.contains('scroll-hint')
                && b.previousElementSibling.getBoundingClientRect().height > 0
                && b.previousElementSibling.getBoundingClientRect().bottom <= b.getBoundingClientRect().top) }));",
        &[],
    );
    let boxes = boxes.as_array().cloned().unwrap_or_default();
    assert!(!boxes.is_empty(), "the page has tables");
    let scrolling: Vec<&Value> = boxes
        .iter()
        .filter(|b| b["scrolls"] == json!(true))
        .collect();
    assert!(
        !scrolling.is_empty(),
        "a table is wider than a phone: {boxes:?}"
    );
    browser.run(
        "document.querySelector('.table-box.scrolls').scrollIntoView({ block: 'center' });",
        &[],
    );
    std::fs::write(
        screenshot_dir().join("packages-390-table.png"),
        browser.screenshot(),
    )
    .expect("screenshot written");
    for b in scrolling {
        assert_eq!(b["tabindex"], json!("0"), "{b}");
        assert_eq!(b["hint"], json!(true), "{b}");
        assert!(
            b["label"].as_str().is_some_and(|l| l.contains("Tabell")),
            "{b}"
        );
    }
    // Its far side fades out until it is scrolled to the end (drawn over
    // the cells' own backgrounds, where a shadow was hidden), then the
    // near side does.
    let fades = browser.run(
        "const b = document.querySelector('.table-box.scrolls');
        const style = getComputedStyle(b);
        const before = { mask: style.maskImage || style.webkitMaskImage,
                         end: b.classList.contains('at-end'), scrolled: b.classList.contains('scrolled') };
        b.scrollLeft = b.scrollWidth;
        b.dispatchEvent(new Event('scroll'));
        return { before, after: { end: b.classList.contains('at-end'), scrolled: b.classList.contains('scrolled') } };",
        &[],
    );
    assert!(
        fades["before"]["mask"]
            .as_str()
            .is_some_and(|m| m.contains("gradient")),
        "{fades}"
    );
    assert_eq!(fades["before"]["end"], json!(false), "{fades}");
    assert_eq!(fades["before"]["scrolled"], json!(false), "{fades}");
    assert_eq!(fades["after"]["end"], json!(true), "{fades}");
    assert_eq!(fades["after"]["scrolled"], json!(true), "{fades}");
    // At 1366 px the same table fits: no tab stop, no hint.
    browser.resize(1366, 900);
    browser.open(&server.url(ROLES_PAGE));
    browser.wait_for("the page", |s| s.ready);
    let idle = browser.run(
        "return [...document.querySelectorAll('.table-box')].every(b => !b.hasAttribute('tabindex'))
            && !document.querySelector('.scroll-hint');",
        &[],
    );
    assert_eq!(idle, json!(true), "tables that fit are no tab stop");
}

/// Norwegian compounds are wider than the sidebar: its links wrap them
/// instead of cutting them off, on a phone (the menu opened) and on a
/// desktop.
#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn long_words_in_the_sidebar_wrap_instead_of_being_cut_off() {
    let _serial = serial();
    let page = |title: &str| format!("---\ntitle: {title}\n---\nTekst.\n");
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem")),
        ("content/referanse/_index.nb.md", &page("Referanse")),
        (
            "content/referanse/autorisasjon/_index.nb.md",
            &page("Autorisasjon"),
        ),
        (
            "content/referanse/autorisasjon/attributter.nb.md",
            &page("Autorisasjonsattributter"),
        ),
        (
            "content/referanse/autorisasjon/verktoy.nb.md",
            &page("Tilgangsstyringsressursadministrasjonsverktøy"),
        ),
    ]);
    let server = Server::start(&site);
    let browser = Browser::start();
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.resize(width, height);
        browser.open(&server.url("/nb/referanse/autorisasjon/attributter/"));
        browser.wait_for("the page", |s| s.ready);
        let links = browser.run(
            "document.querySelector('details.menu').open = true;
            return [...document.querySelectorAll('.menu-item > a')].map(a => ({
                text: a.textContent.trim(), cut: a.scrollWidth > a.clientWidth + 1 }));",
            &[],
        );
        let links = links.as_array().cloned().unwrap_or_default();
        assert!(
            links
                .iter()
                .any(|l| l["text"] == json!("Tilgangsstyringsressursadministrasjonsverktøy")),
            "the long title is in the menu: {links:?}"
        );
        let cut: Vec<&Value> = links.iter().filter(|l| l["cut"] == json!(true)).collect();
        assert!(cut.is_empty(), "at {width} px these are cut off: {cut:?}");
    }
}

/// A page six levels down in a site whose menu is taller than the screen:
/// its entry is shown whole in the sidebar (not cut at the bottom edge),
/// keeps room for its title, and on a phone the open menu scrolls in its
/// own box, with the entry in view, instead of pushing the page down.
#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn the_current_entry_of_a_deep_page_is_in_view_in_the_menu() {
    let _serial = serial();
    let page = |title: &str| format!("---\ntitle: {title}\n---\nTekst.\n");
    let mut files: Vec<(String, String)> = vec![
        ("site.toml".into(), BILINGUAL.into()),
        ("content/_index.nb.md".into(), page("Hjem")),
    ];
    for n in 1..=30 {
        let title = format!("Område {n:02}");
        files.push((format!("content/o{n:02}/_index.nb.md"), page(&title)));
    }
    let mut dir = "content/o30".to_string();
    for level in [
        "Referanse",
        "Konfigurasjon",
        "Autorisasjon",
        "Veiledning",
        "Roller",
    ] {
        dir.push_str(&format!("/{}", level.to_lowercase()));
        files.push((format!("{dir}/_index.nb.md"), page(level)));
    }
    files.push((format!("{dir}/personroller.nb.md"), page("Personroller")));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = TestSite::new(&refs);
    let server = Server::start(&site);
    let browser = Browser::start();
    let url =
        server.url("/nb/o30/referanse/konfigurasjon/autorisasjon/veiledning/roller/personroller/");

    browser.resize(1366, 600);
    browser.open(&url);
    browser.wait_for("the page", |s| s.ready);
    let place = browser.poll("the menu", || {
        let place = browser.try_run(
            "const a = document.querySelector('.menu-tree a[aria-current=page]');
            const box = document.querySelector('.sidebar');
            if (!a || !document.querySelector('.menu-level-1')) return null;
            const r = a.getBoundingClientRect(), b = box.getBoundingClientRect();
            return { top: r.top - b.top, bottom: b.bottom - r.bottom, width: r.width,
                     scrolls: box.scrollHeight > box.clientHeight,
                     page: document.scrollingElement.scrollTop };",
            &[],
        )?;
        Ok((!place.is_null()).then_some(place))
    });
    assert_eq!(
        place["scrolls"],
        json!(true),
        "the menu is taller than the screen"
    );
    assert!(place["top"].as_f64() >= Some(0.0), "{place}");
    assert!(
        place["bottom"].as_f64() >= Some(0.0),
        "the entry is shown whole: {place}"
    );
    assert!(
        place["width"].as_f64() >= Some(120.0),
        "room for a title: {place}"
    );
    assert_eq!(place["page"], json!(0), "the page itself is not scrolled");

    browser.resize(390, 844);
    browser.open(&url);
    browser.wait_for("the page", |s| s.ready);
    browser.run("document.querySelector('details.menu').open = true;", &[]);
    let place = browser.poll("the open menu", || {
        let place = browser.try_run(
            "const a = document.querySelector('.menu-tree a[aria-current=page]');
            const box = document.querySelector('.menu-tree');
            if (!a || !document.querySelector('.menu-level-1')) return null;
            const r = a.getBoundingClientRect(), b = box.getBoundingClientRect();
            if (r.top < b.top || r.bottom > b.bottom) return null;
            return { height: b.height, screen: innerHeight };",
            &[],
        )?;
        Ok((!place.is_null()).then_some(place))
    });
    let (height, screen) = (place["height"].as_f64(), place["screen"].as_f64());
    assert!(
        height.zip(screen).is_some_and(|(h, s)| h <= 0.75 * s),
        "the open menu stays within the screen: {place}"
    );
}

/// On a phone the header scrolls away (it is two rows high there), and a
/// heading linked to stands at the top of the screen; on a wide screen the
/// header stays and the heading stands below it.
#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn on_a_phone_the_header_scrolls_away_and_a_linked_heading_is_at_the_top() {
    let _serial = serial();
    let mut body = String::from("---\ntitle: Lang side\n---\n");
    for n in 1..=40 {
        body.push_str(&format!(
            "## Del {n}\n\nTekst om tilganger, roller og rettigheter.\n\n"
        ));
    }
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/_index.nb.md",
            "---\ntitle: Hjem\n---\nVelkommen.\n",
        ),
        ("content/lang.nb.md", &body),
    ]);
    let server = Server::start(&site);
    let browser = Browser::start();
    for (width, header_stays) in [(390, false), (1366, true)] {
        browser.resize(width, 800);
        browser.open(&server.url("/nb/lang/#del-30"));
        browser.wait_for("the page", |s| s.ready);
        let place = browser.poll("the scroll to the heading", || {
            let place = browser.try_run(
                "const h = document.getElementById('del-30').getBoundingClientRect();
                const header = document.querySelector('.site-header').getBoundingClientRect();
                return { heading: h.top, header: header.bottom,
                         scrolled: document.scrollingElement.scrollTop };",
                &[],
            )?;
            Ok((place["scrolled"].as_f64() > Some(1000.0)).then_some(place))
        });
        let heading = place["heading"].as_f64().unwrap_or(f64::NAN);
        let header = place["header"].as_f64().unwrap_or(f64::NAN);
        if header_stays {
            assert!(header > 40.0, "{width} px: the header stays: {place}");
            assert!(
                (header..header + 40.0).contains(&heading),
                "{width} px: the heading stands just below the header: {place}"
            );
        } else {
            assert!(
                header <= 0.0,
                "{width} px: the header scrolled away: {place}"
            );
            assert!(
                (0.0..40.0).contains(&heading),
                "{width} px: the heading is at the top: {place}"
            );
        }
    }
}

/// A code block that hides only a few pixels scrolls (a keyboard stop,
/// a faded edge) without the written "scroll sideways" hint under it; one
/// that hides more gets the hint, and loses it when it fits again.
#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn only_a_box_that_hides_more_than_a_sliver_says_it_scrolls() {
    let _serial = serial();
    let line = "tilgangspakke ".repeat(30);
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/_index.nb.md",
            "---\ntitle: Hjem\n---\nVelkommen.\n",
        ),
        (
            "content/kode.nb.md",
            &format!("---\ntitle: Kode\n---\n```text\n{line}\n```\n"),
        ),
    ]);
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.resize(1366, 900);
    browser.open(&server.url("/nb/kode/"));
    browser.wait_for("the page", |s| s.ready);
    // Narrow the block until it hides `hidden` pixels, and report it.
    let hiding = |hidden: u32| {
        browser.run(
            "const pre = document.querySelector('.content pre');
            pre.style.width = '';
            pre.style.width = (pre.scrollWidth - arguments[0]) + 'px';
            window.dispatchEvent(new Event('resize'));",
            &[json!(hidden)],
        );
        // The page handles a resize 100 ms after the last one.
        std::thread::sleep(std::time::Duration::from_millis(300));
        browser.run(
            "const pre = document.querySelector('.content pre');
            return { hidden: pre.scrollWidth - pre.clientWidth,
                     tabindex: pre.getAttribute('tabindex'),
                     hint: document.querySelectorAll('.scroll-hint').length,
                     scrolls: pre.classList.contains('scrolls') };",
            &[],
        )
    };
    let sliver = hiding(8);
    assert_eq!(sliver["scrolls"], json!(true), "{sliver}");
    assert_eq!(sliver["tabindex"], json!("0"), "{sliver}");
    assert_eq!(sliver["hint"], json!(0), "no hint for a sliver: {sliver}");
    let more = hiding(200);
    assert_eq!(more["hint"], json!(1), "a hint when much is hidden: {more}");
    let back = hiding(8);
    assert_eq!(back["hint"], json!(0), "the hint goes again: {back}");
    assert_eq!(back["tabindex"], json!("0"), "{back}");
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn headings_have_links_pages_link_to_their_neighbours_and_the_sidebar_opens_in_place() {
    let _serial = serial();
    let server = bundled();
    let browser = Browser::start();
    browser.resize(1366, 900);
    browser.open(&server.url(ROLES_PAGE));
    browser.wait_for("the page", |s| s.ready);
    let anchors = browser.run(
        "return [...document.querySelectorAll('.content h2[id]')].map(h => {
            const a = h.querySelector('a.heading-anchor');
            return { id: h.id, href: a && a.getAttribute('href'), label: a && a.getAttribute('aria-label') }; });",
        &[],
    );
    let anchors = anchors.as_array().cloned().unwrap_or_default();
    assert!(!anchors.is_empty());
    for a in &anchors {
        assert_eq!(
            a["href"],
            json!(format!("#{}", a["id"].as_str().unwrap_or_default())),
            "{a}"
        );
        assert!(
            a["label"]
                .as_str()
                .is_some_and(|l| l.starts_with("Lenke til denne overskriften")),
            "{a}"
        );
    }
    let toc = browser.run(
        "return [...document.querySelectorAll('#TableOfContents a')].map(a => a.getAttribute('href'));",
        &[],
    );
    let ids: Vec<Value> = anchors
        .iter()
        .map(|a| json!(format!("#{}", a["id"].as_str().unwrap_or(""))))
        .collect();
    assert_eq!(
        toc,
        json!(ids),
        "the table of contents still links the same ids"
    );

    let prev = browser.run(
        "const a = document.querySelector('.page-nav a[rel=prev]'); return a && [a.getAttribute('href'), a.innerText];",
        &[],
    );
    assert_eq!(
        prev[0],
        json!("/nb/authorization/modules/accessgroups/type-accessgroups/versjon-2/"),
        "the previous page in the section: {prev}"
    );

    // The sidebar: a closed level opens and closes without leaving the page.
    browser.run("window.__marker = 'stay';", &[]);
    browser.poll("the navigation tree", || {
        Ok(
            (browser.try_run("return !!document.querySelector('.menu-level-1');", &[])?
                == json!(true))
            .then_some(()),
        )
    });
    let toggle = ".menu-item.has-children:not(.in-path) > .menu-toggle";
    let expanded = |browser: &Browser| {
        browser.run(
            &format!("return document.querySelector('{toggle}').getAttribute('aria-expanded');"),
            &[],
        )
    };
    assert_eq!(expanded(&browser), json!("false"));
    browser.click(toggle);
    assert_eq!(expanded(&browser), json!("true"));
    let shown = browser.run(
        &format!("return !document.querySelector('{toggle}').nextElementSibling.hidden;"),
        &[],
    );
    assert_eq!(shown, json!(true), "the level is shown");
    browser.click(toggle);
    assert_eq!(expanded(&browser), json!("false"));
    let state = browser.state().expect("the page answers");
    assert_eq!(state.path, ROLES_PAGE);
    assert_eq!(
        state.marker.as_deref(),
        Some("stay"),
        "the page was not left or reloaded"
    );
}

#[test]
#[ignore = "needs chromium, chromedriver and axe-core (installed by .ci/run)"]
fn axe_finds_nothing_serious_on_the_bundled_site_in_either_colour_scheme() {
    let _serial = serial();
    let axe = webdriver::axe_source();
    let server = bundled();
    let browser = Browser::start();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<String> = common::files_below(&root.join("content"))
        .iter()
        .filter(|f| f.ends_with(".md") && !f.contains("_header"))
        .map(|f| {
            let (dir, name) = f.rsplit_once('/').unwrap_or(("", f));
            let lang = if name.contains(".en.") { "en" } else { "nb" };
            let dir = if name.starts_with("_index") {
                dir.to_string()
            } else {
                format!("{dir}/{}", name.split('.').next().unwrap_or(""))
            };
            let dir = dir.trim_matches('/').to_lowercase();
            if dir.is_empty() {
                format!("/{lang}/")
            } else {
                format!("/{lang}/{dir}/")
            }
        })
        .collect();
    paths.push("/nb/missing-page/".into());
    paths.sort();
    let mut found = Vec::new();
    for (width, scheme) in [(1366, "light"), (390, "dark")] {
        browser.resize(width, 900);
        browser.color_scheme(scheme);
        for path in &paths {
            browser.open(&server.url(path));
            browser.wait_for("the page", |s| s.ready);
            for violation in browser.serious_violations(&axe) {
                found.push(format!("{path} ({width} px, {scheme}): {violation}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} serious or critical:\n{}",
        found.len(),
        found.join("\n")
    );
}
