//! The navigation: the whole tree of a language, rendered once into a file
//! of its own (`_nav.html` under the language's prefix) that pages load and
//! show as their sidebar (`brygge.js`), as mdBook does with its sidebar.
//! Every page carries only the path from the home page to itself (from
//! `page.ancestors`), which is its navigation without JavaScript; so a
//! page's size and the cost of rendering it do not grow with the site, and
//! a changed title rewrites one file, not every page that lists it.

use serde::Serialize;

use super::context::LanguageContext;
use super::{TemplateError, Templates};
use crate::config::Config;
use crate::content::{PageId, Site};

/// The navigation file's name, under each language's prefix.
pub const FILE: &str = "_nav.html";

/// The URL of a language's navigation file.
pub fn url(config: &Config, lang: &str) -> String {
    format!("{}{FILE}", config.language_prefix(lang))
}

/// One entry of the tree.
#[derive(Serialize)]
struct NavEntry<'a> {
    title: &'a str,
    url: &'a str,
    kind: &'a str,
    children: Vec<NavEntry<'a>>,
}

/// The navigation of `shared`'s language, rendered by `nav.html`: every
/// visible page below the home page, in Hugo's order.
pub fn render(
    templates: &Templates,
    site: &Site,
    shared: &LanguageContext,
) -> Result<String, TemplateError> {
    let entries = match site.homes.get(&shared.lang) {
        Some(&home) => entries(site, home),
        None => Vec::new(),
    };
    let mut context = shared.context(true, true);
    context.insert("entries", &entries);
    templates.render("nav.html", &context, &url(&site.config, &shared.lang))
}

/// The visible children of `id`, each with its own.
fn entries(site: &Site, id: PageId) -> Vec<NavEntry<'_>> {
    site.page(id)
        .children
        .iter()
        .map(|&child| site.page(child))
        .filter(|page| !page.front.hidden && !super::context::is_theme_part(page))
        .map(|page| NavEntry {
            title: page.link_title(),
            url: &page.url,
            kind: page.kind.as_str(),
            children: entries(site, page.id),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_holds_every_visible_page_in_order() {
        let (_dir, site) = super::super::context::test_site(&[
            ("site.toml", "title = \"T\"\n"),
            ("content/_index.md", "---\ntitle: Home\n---\n"),
            ("content/s/_index.md", "---\ntitle: S\nweight: 1\n---\n"),
            ("content/s/b.md", "---\ntitle: B\nweight: 2\n---\n"),
            ("content/s/a.md", "---\ntitle: A\nweight: 1\n---\n"),
            ("content/s/hidden.md", "---\ntitle: H\nhidden: true\n---\n"),
            ("content/t.md", "---\ntitle: <T>\nweight: 2\n---\n"),
        ]);
        let templates = Templates::load(
            std::path::Path::new("/nonexistent"),
            std::path::Path::new("/nonexistent"),
        )
        .expect("built-ins");
        let recorder = crate::deps::Recorder::new(false);
        let contexts =
            super::super::language_contexts(&crate::deps::Reader::new(&site, &recorder), false);
        let html = render(&templates, &site, &contexts["en"]).expect("renders");
        let a = html.find(">A</a>").expect("A");
        let b = html.find(">B</a>").expect("B");
        let s = html.find(">S</a>").expect("S");
        assert!(s < a && a < b, "{html}");
        assert!(html.contains("href=\"/s/a/\""));
        assert!(html.contains("&lt;T&gt;"), "titles are escaped: {html}");
        assert!(!html.contains(">H</a>"), "hidden pages are not listed");
        assert_eq!(url(&site.config, "en"), "/_nav.html");
    }
}
