//! Translations and structure: pages in one language only, sections
//! without their `_index` in a language, and pages nothing reaches.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::content::{Page, PageId, PageKind, Site};
use crate::diagnostics::Diagnostic;

/// `inserted` are the files other pages pull in: parts of those pages,
/// not pages to translate on their own.
pub fn check(
    site: &Site,
    linked: &HashSet<PageId>,
    inserted: &HashSet<&PathBuf>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if site.config.languages.len() > 1 {
        found.extend(missing_translations(site, inserted));
        found.extend(sections_without_index(site));
    }
    found.extend(orphans(site, linked));
    found
}

/// A page (from a file) that has no version in some configured language.
fn missing_translations(site: &Site, inserted: &HashSet<&PathBuf>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let pages = site
        .published()
        .filter(|p| p.source.is_some() && !inserted.contains(&p.source_path(&site.config)))
        // The theme's header and footer are one file for every language.
        .filter(|p| !p.is_theme_part());
    for page in pages {
        for lang in &site.config.languages {
            if lang.code == page.lang || site.in_language(page.id, &lang.code).is_some() {
                continue;
            }
            found.push(
                Diagnostic::warning(
                    "translation-missing",
                    page.source_path(&site.config),
                    format!("this page has no {} version", lang.name),
                )
                .with_help(format!(
                    "create {}",
                    site.config
                        .content_dir
                        .join(translation_file(page, &lang.code))
                        .display()
                )),
            );
        }
    }
    found
}

/// `a/_index.nb.md` → `a/_index.en.md`; `a/x.md` → `a/x.en.md`.
fn translation_file(page: &Page, lang: &str) -> String {
    let source = page.source.as_deref().unwrap_or("");
    let without_md = source.strip_suffix(".md").unwrap_or(source);
    let stem = match without_md.rsplit_once('.') {
        Some((stem, code)) if code == page.lang => stem,
        _ => without_md,
    };
    format!("{stem}.{lang}.md")
}

/// A section made up by brygge in one language (no `_index` file) where
/// another language has the file.
fn sections_without_index(site: &Site) -> Vec<Diagnostic> {
    site.published()
        .filter(|p| p.kind == PageKind::Section && p.source.is_none())
        .filter_map(|made_up| {
            let real = site.published().find(|p| {
                p.kind == PageKind::Section && p.source.is_some() && p.dir == made_up.dir
            })?;
            Some(
                Diagnostic::warning(
                    "section-index-missing",
                    site.config.content_dir.join(&made_up.dir),
                    format!(
                        "section '{}' has no _index file in {}; brygge made a bare one",
                        made_up.dir, made_up.lang
                    ),
                )
                .with_help(format!(
                    "create {}",
                    site.config
                        .content_dir
                        .join(translation_file(real, &made_up.lang))
                        .display()
                )),
            )
        })
        .collect()
}

/// Pages that neither the menus and section lists nor any link reach.
fn orphans(site: &Site, linked: &HashSet<PageId>) -> Vec<Diagnostic> {
    let mut reached: HashSet<PageId> = HashSet::new();
    let mut stack: Vec<PageId> = site.homes.values().copied().collect();
    while let Some(id) = stack.pop() {
        if !reached.insert(id) {
            continue;
        }
        stack.extend(
            site.page(id)
                .children
                .iter()
                .copied()
                .filter(|&c| !site.page(c).front.hidden || linked.contains(&c)),
        );
    }
    let mut from_links: Vec<PageId> = linked.iter().copied().collect();
    while let Some(id) = from_links.pop() {
        if reached.insert(id) {
            from_links.extend(site.page(id).children.iter().copied());
        }
    }
    // A hidden page is out of the menus on purpose: not an orphan. A page
    // below a hidden section that nothing links to is.
    site.published()
        .filter(|p| p.source.is_some() && !reached.contains(&p.id) && !p.front.hidden)
        .map(|p| {
            Diagnostic::info(
                "orphan-page",
                p.source_path(&site.config),
                format!("no menu, list or link reaches {}", p.url),
            )
            .with_help("link to it from a page, or hide it too if its section is hidden on purpose")
        })
        .collect()
}
