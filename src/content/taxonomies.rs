//! Taxonomies as Hugo makes them: for each language and each configured
//! taxonomy (`tags`, `categories` by default), a list page of its terms
//! (`/tags/`, always) and a page per term used (`/tags/go/`) listing the
//! pages that name it. A content section at the taxonomy's folder
//! (`content/tags/_index.md`) or a term's (`content/tags/go/_index.md`)
//! gives that page its title and text. Made once, in the index.

use std::collections::{BTreeMap, HashMap};

use super::index::hugo_order;
use super::{Page, PageId, PageKind, Site, url};
use crate::config::Config;

/// Adds the taxonomy and term pages of every language to `pages` (or turns
/// the content sections at their folders into them).
pub fn add_pages(config: &Config, pages: &mut Vec<Page>) {
    if config.hugo.taxonomies.is_empty() {
        return;
    }
    let lower = config.hugo.lowercase_paths;
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if page.kind == PageKind::Section {
            at.insert((page.lang.clone(), page.dir.clone()), i);
        }
    }
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| pages[a].source.cmp(&pages[b].source));
    let mut new_pages = Vec::new();
    for lang in &config.languages {
        for (_, plural) in &config.hugo.taxonomies {
            // Term folder → the term as first written.
            let mut terms: BTreeMap<String, String> = BTreeMap::new();
            if config.hugo.terms {
                for &i in &order {
                    let page = &pages[i];
                    if page.lang != lang.code || !page.listed {
                        continue;
                    }
                    for term in page.front.terms(plural) {
                        let folder = url::sanitize_case(&term, lower);
                        if !folder.is_empty() {
                            terms.entry(folder).or_insert(term);
                        }
                    }
                }
            }
            let mut make = |dir: String, kind: PageKind, title: String| match at
                .get(&(lang.code.clone(), dir.clone()))
            {
                Some(&i) => {
                    let page = &mut pages[i];
                    page.kind = kind;
                    page.published = true;
                    page.listed = true;
                }
                None => new_pages.push(Page::made_up(&lang.code, dir, kind, title)),
            };
            make(plural.clone(), PageKind::Taxonomy, capitalized(plural));
            for (folder, term) in terms {
                make(format!("{plural}/{folder}"), PageKind::Term, term);
            }
        }
    }
    pages.extend(new_pages);
}

/// `categories` → `Categories`.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Gives each term page the pages that name the term (in Hugo's order)
/// and each taxonomy page its terms (by name); the home page is a
/// taxonomy's parent, and the taxonomy its terms', without listing them.
pub fn link(site: &mut Site) {
    if site.config.hugo.taxonomies.is_empty() {
        return;
    }
    let lower = site.config.hugo.lowercase_paths;
    let mut lists: HashMap<(String, String), PageId> = HashMap::new();
    for page in site.pages() {
        if matches!(page.kind, PageKind::Taxonomy | PageKind::Term) {
            lists.insert((page.lang.clone(), page.dir.clone()), page.id);
        }
    }
    let mut members: HashMap<PageId, Vec<PageId>> = HashMap::new();
    for page in site.pages().filter(|p| p.listed) {
        if matches!(page.kind, PageKind::Taxonomy | PageKind::Term) {
            continue;
        }
        for (_, plural) in &site.config.hugo.taxonomies {
            for term in page.front.terms(plural) {
                let dir = format!("{plural}/{}", url::sanitize_case(&term, lower));
                if let Some(&term_page) = lists.get(&(page.lang.clone(), dir)) {
                    let list = members.entry(term_page).or_default();
                    if !list.contains(&page.id) {
                        list.push(page.id);
                    }
                }
            }
        }
    }
    let mut links: Vec<(PageId, Option<PageId>, Vec<PageId>)> = Vec::new();
    for ((lang, dir), &id) in &lists {
        let page = site.page(id);
        if page.kind == PageKind::Taxonomy {
            let mut terms: Vec<PageId> = lists
                .iter()
                .filter(|((l, d), _)| l == lang && super::files::parent_of(d) == dir)
                .map(|(_, &t)| t)
                .filter(|&t| site.page(t).kind == PageKind::Term)
                .collect();
            terms.sort_by(|&a, &b| {
                let (a, b) = (site.page(a), site.page(b));
                a.title
                    .to_lowercase()
                    .cmp(&b.title.to_lowercase())
                    .then(a.dir.cmp(&b.dir))
            });
            links.push((id, site.homes.get(lang).copied(), terms));
        } else {
            let mut pages = members.remove(&id).unwrap_or_default();
            pages.sort_by(|&a, &b| hugo_order(site.page(a), site.page(b)));
            let parent = lists
                .get(&(lang.clone(), super::files::parent_of(dir).to_string()))
                .copied();
            links.push((id, parent, pages));
        }
    }
    for (id, parent, children) in links {
        let page = site.page_mut(id);
        page.parent = parent;
        page.children = children;
    }
}
