//! The theme on the real Altinn docs (`../shared/corpus/altinn-docs`,
//! read-only), served by `brygge serve --search` in headless Chromium:
//! axe-core finds no serious or critical violation on five pages with
//! code, tables and notices, at desktop and phone widths, in the light and
//! the dark colour scheme; at 390 px nothing runs off-screen; a Norwegian
//! search finds its page. Run by `.ci/run` (with the corpus tests) as
//! `cargo test --release --test corpus_theme -- --ignored`.

mod common;
mod webdriver;

use std::path::{Path, PathBuf};

use serde_json::json;

use webdriver::{Browser, Server, serial};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/altinn-docs")
}

/// Pages with code, tables and notices (`expandlarge` on the last one).
const PAGES: &[&str] = &[
    "/nb/authorization/what-do-you-get/accessgroups/accessgroups/postogarkiv/",
    "/nb/authorization/what-do-you-get/resourceregistry/",
    "/nb/authorization/reference/xacml/",
    "/nb/notifications/explanation/recipient-lookup/",
    "/en/dialogporten/reference/front-end/front-channel-embeds/",
];

#[test]
#[ignore = "needs the corpus, chromium, chromedriver and axe-core (installed by .ci/run)"]
fn five_corpus_pages_pass_axe_and_fit_a_phone() {
    let _serial = serial();
    let axe = webdriver::axe_source();
    let server = Server::start_at(&corpus(), &["--search"]);
    let browser = Browser::start();
    let mut found = Vec::new();
    let mut kinds = json!({ "code": 0, "tables": 0, "notices": 0 });
    for (width, scheme) in [(1366, "light"), (390, "dark")] {
        browser.resize(width, 900);
        browser.color_scheme(scheme);
        for path in PAGES {
            browser.open(&server.url(path));
            let shown = browser.wait_for("the page", |s| s.ready);
            assert!(!shown.main.contains("Fant ikke siden"), "{path} exists");
            let counts = browser.run(
                "return { code: document.querySelectorAll('.content pre').length,
                    tables: document.querySelectorAll('.content table:not(.lntable)').length,
                    notices: document.querySelectorAll('.content .notice, .content details').length };",
                &[],
            );
            for key in ["code", "tables", "notices"] {
                let n = counts[key].as_i64().unwrap_or(0) + kinds[key].as_i64().unwrap_or(0);
                kinds[key] = json!(n);
            }
            for violation in browser.serious_violations(&axe) {
                found.push(format!("{path} ({width} px, {scheme}): {violation}"));
            }
            if width == 390 {
                let overflow = browser.run(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                    &[],
                );
                assert_eq!(overflow, json!(0), "{path} at 390 px runs off-screen");
            }
        }
    }
    for key in ["code", "tables", "notices"] {
        assert!(
            kinds[key].as_i64().unwrap_or(0) > 0,
            "the pages have {key}: {kinds}"
        );
    }
    assert!(
        found.is_empty(),
        "{} serious or critical:\n{}",
        found.len(),
        found.join("\n")
    );

    // Search over the whole corpus: an inflected Norwegian word.
    browser.resize(1366, 900);
    browser.open(&server.url("/nb/"));
    browser.wait_for("the home page", |s| s.ready);
    browser.type_into("#search-input", "varslingsadressene");
    let first = browser.poll("search results", || {
        let href = browser.try_run(
            "const a = document.querySelector('.search-list a'); return a && a.getAttribute('href');",
            &[],
        )?;
        Ok(href.as_str().map(str::to_string))
    });
    assert!(first.starts_with("/nb/"), "{first}");
}
