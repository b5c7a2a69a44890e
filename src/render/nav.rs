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
/// visible page below the home page, in Hugo's order, and the language's
/// menus (`menus`: name and entries).
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
    context.insert("menus", &menus(site, &shared.lang));
    templates.render("nav.html", &context, &url(&site.config, &shared.lang))
}

/// The visible children of `id`, each with its own.
fn entries(site: &Site, id: PageId) -> Vec<NavEntry<'_>> {
    site.page(id)
        .children
        .iter()
        .map(|&child| site.page(child))
        .filter(|page| page.in_menus())
        .map(|page| NavEntry {
            title: page.link_title(),
            url: &page.url,
            kind: page.kind.as_str(),
            children: entries(site, page.id),
        })
        .collect()
}

/// One menu of a language.
#[derive(Serialize)]
struct Menu {
    name: String,
    entries: Vec<MenuItem>,
}

/// One menu entry, with its children (entries naming it as `parent`).
#[derive(Serialize)]
struct MenuItem {
    name: String,
    url: String,
    pre: String,
    post: String,
    weight: i64,
    identifier: String,
    children: Vec<MenuItem>,
}

/// The menus of `lang`: the configuration's (`[[menus.NAME]]`, or the
/// language's own) and every page's front-matter `menu`, entries ordered
/// by weight then name, nested by `parent`. A `pageRef` becomes the URL of
/// that page in `lang`.
fn menus(site: &Site, lang: &str) -> Vec<Menu> {
    let config = &site.config;
    let mut found: std::collections::BTreeMap<String, Vec<(String, MenuItem)>> =
        std::collections::BTreeMap::new();
    let page_url = |reference: &str| {
        let path = reference.trim_matches('/');
        let candidates = if path.is_empty() {
            vec!["_index.md".to_string()]
        } else {
            vec![
                format!("{path}.md"),
                format!("{path}/_index.md"),
                format!("{path}/index.md"),
            ]
        };
        candidates
            .iter()
            .find_map(|c| site.find_content(c, lang))
            .and_then(|id| site.in_language(id, lang))
            .map(|id| site.page(id).url.clone())
    };
    if let Some(configured) = config.hugo.menus.get(lang) {
        for (name, entries) in configured {
            for entry in entries {
                let url = match page_url(&entry.page_ref).filter(|_| !entry.page_ref.is_empty()) {
                    Some(url) => url,
                    None => entry.url.clone(),
                };
                found.entry(name.clone()).or_default().push((
                    entry.parent.clone(),
                    MenuItem {
                        name: entry.name.clone(),
                        url,
                        pre: entry.pre.clone(),
                        post: entry.post.clone(),
                        weight: entry.weight,
                        identifier: entry.identifier.clone(),
                        children: Vec::new(),
                    },
                ));
            }
        }
    }
    for page in site.published().filter(|p| p.lang == lang) {
        for (name, entry) in &page.front.menus {
            let title = if entry.name.is_empty() {
                page.link_title().to_string()
            } else {
                entry.name.clone()
            };
            found.entry(name.clone()).or_default().push((
                entry.parent.clone(),
                MenuItem {
                    identifier: if entry.identifier.is_empty() {
                        title.clone()
                    } else {
                        entry.identifier.clone()
                    },
                    name: title,
                    url: page.url.clone(),
                    pre: entry.pre.clone(),
                    post: entry.post.clone(),
                    weight: if entry.weight == 0 {
                        page.front.weight
                    } else {
                        entry.weight
                    },
                    children: Vec::new(),
                },
            ));
        }
    }
    found
        .into_iter()
        .map(|(name, items)| Menu {
            name,
            entries: nest(items),
        })
        .collect()
}

/// Entries nested by `parent` (an entry whose parent is not in the menu
/// stays at the top), each level ordered by weight (unweighted last), then
/// name.
fn nest(items: Vec<(String, MenuItem)>) -> Vec<MenuItem> {
    let ids: std::collections::HashSet<String> =
        items.iter().map(|(_, i)| i.identifier.clone()).collect();
    let mut by_parent: std::collections::HashMap<String, Vec<MenuItem>> =
        std::collections::HashMap::new();
    for (parent, item) in items {
        let parent = if ids.contains(&parent) && parent != item.identifier {
            parent
        } else {
            String::new()
        };
        by_parent.entry(parent).or_default().push(item);
    }
    level(&mut by_parent, "", 0)
}

fn level(
    by_parent: &mut std::collections::HashMap<String, Vec<MenuItem>>,
    parent: &str,
    depth: usize,
) -> Vec<MenuItem> {
    let mut mine = by_parent.remove(parent).unwrap_or_default();
    let weight = |i: &MenuItem| (i.weight == 0, i.weight);
    mine.sort_by(|a, b| weight(a).cmp(&weight(b)).then_with(|| a.name.cmp(&b.name)));
    if depth < 8 {
        for item in &mut mine {
            let id = item.identifier.clone();
            item.children = level(by_parent, &id, depth + 1);
        }
    }
    mine
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
            "/",
        )
        .expect("built-ins");
        let recorder = crate::deps::Recorder::new(false);
        let reader = crate::deps::Reader::new(&site, &recorder);
        let contexts = super::super::language_contexts(&reader, &templates, false);
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
