//! The navigation every page shows, rendered once per section and shared.
//!
//! A page's navigation shows the path from the home page to its section:
//! at each level the entries of that level, with the entry on the path
//! opened, and at the bottom the section's own entries. All pages of a
//! section show the same fragment; only the current entry differs, and it
//! is marked after rendering by [`mark_current`], which costs a scan of the
//! fragment. A level lists at most [`MAX_ENTRIES`] entries: longer sections
//! are cut into chunks of that size, with links to the entries before and
//! after, so that a page's size does not grow with its section's.

use std::collections::HashSet;

use serde::Serialize;

use super::context::{LanguageContext, visible_children};
use super::{TemplateError, Templates};
use crate::content::PageId;
use crate::deps::{Fact, Reader, Recorder};

/// The longest list of entries one level of the navigation shows.
pub const MAX_ENTRIES: usize = 50;

/// Which fragment a page shows: the section opened at the bottom of the
/// path, and the chunk of its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NavKey {
    pub open: PageId,
    pub chunk: usize,
}

/// A rendered navigation fragment and what it read.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// The HTML with its marks, as the template rendered it.
    pub html: String,
    /// `html` cut at its marks, so that marking a page costs no scan.
    pieces: Vec<Piece>,
    pub facts: HashSet<Fact>,
}

/// A stretch of a fragment's HTML, or one of its marks.
#[derive(Debug, Clone)]
enum Piece {
    Text(std::ops::Range<usize>),
    Mark { kind: char, page: PageId },
}

impl Fragment {
    fn new(html: String, facts: HashSet<Fact>) -> Self {
        let mut pieces = Vec::new();
        let mut start = 0;
        while let Some(open) = html[start..].find('\u{0}').map(|i| start + i) {
            let Some(close) = html[open + 1..].find('\u{0}').map(|i| open + 1 + i) else {
                break;
            };
            pieces.push(Piece::Text(start..open));
            let token = &html[open + 1..close];
            let mut chars = token.chars();
            if let (Some(kind), Ok(id)) = (chars.next(), chars.as_str().parse::<u32>()) {
                pieces.push(Piece::Mark {
                    kind,
                    page: PageId(id),
                });
            }
            start = close + 1;
        }
        pieces.push(Piece::Text(start..html.len()));
        Fragment {
            html,
            pieces,
            facts,
        }
    }

    /// The fragment as page `current` shows it, appended to `out`: its
    /// entry's marks become ` aria-current="page"` and ` is-active`, all
    /// other marks disappear.
    pub fn write_marked(&self, out: &mut String, current: Option<PageId>) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(range) => out.push_str(&self.html[range.clone()]),
                Piece::Mark { kind, page } if Some(*page) == current => match *kind {
                    CURRENT_ATTR => out.push_str(" aria-current=\"page\""),
                    ACTIVE_CLASS => out.push_str(" is-active"),
                    _ => {}
                },
                Piece::Mark { .. } => {}
            }
        }
    }

    /// The fragment as page `current` shows it.
    pub fn marked(&self, current: Option<PageId>) -> String {
        let mut out = String::with_capacity(self.html.len());
        self.write_marked(&mut out, current);
        out
    }
}

/// The fragment page `id` shows: a list page with visible children opens
/// itself; any other page opens its parent, at the chunk that holds it.
pub fn key_for(reader: &Reader<'_>, id: PageId) -> NavKey {
    if reader.page(id).kind.is_list() && visible_children(reader, id).next().is_some() {
        return NavKey { open: id, chunk: 0 };
    }
    match reader.parent(id) {
        Some(parent) => NavKey {
            open: parent,
            chunk: chunk_of(reader, parent, id),
        },
        None => NavKey { open: id, chunk: 0 },
    }
}

/// The chunk of `parent`'s visible children that holds `child` (0 when it
/// is not among them, e.g. a hidden page).
fn chunk_of(reader: &Reader<'_>, parent: PageId, child: PageId) -> usize {
    visible_children(reader, parent)
        .position(|c| c == child)
        .map_or(0, |i| i / MAX_ENTRIES)
}

/// One level of the navigation.
#[derive(Serialize)]
struct NavList<'a> {
    entries: Vec<NavEntry<'a>>,
    /// Entries of this level before the chunk shown.
    earlier: Option<More<'a>>,
    /// Entries of this level after the chunk shown.
    later: Option<More<'a>>,
}

#[derive(Serialize)]
struct More<'a> {
    count: usize,
    /// The first entry of the neighbouring chunk.
    url: &'a str,
}

#[derive(Serialize)]
struct NavEntry<'a> {
    title: &'a str,
    url: &'a str,
    kind: &'a str,
    /// On the path to the opened section.
    in_path: bool,
    has_children: bool,
    /// The next level, for the entry on the path.
    children: Option<NavList<'a>>,
    /// Becomes ` aria-current="page"` on the current page's entry.
    current: String,
    /// Becomes ` is-active` on the current page's entry.
    active_class: String,
}

/// Renders the fragment `key` with the `nav.html` template.
pub fn render(
    templates: &Templates,
    reader_site: &crate::content::Site,
    shared: &LanguageContext,
    key: NavKey,
    tracking: bool,
) -> Result<Fragment, TemplateError> {
    let recorder = Recorder::new(tracking);
    let reader = Reader::new(reader_site, &recorder);
    let mut path = reader.ancestors(key.open);
    path.push(key.open);
    let tree = level(&reader, &path, 0, key.chunk);
    let mut context = shared.context(true, true);
    context.insert("nav", &tree);
    let html = templates.render("nav.html", &context, &reader.page(key.open).url)?;
    Ok(Fragment::new(html, recorder.into_facts()))
}

/// The entries of `path[depth]`, the one on the path opened further down.
fn level<'a>(reader: &Reader<'a>, path: &[PageId], depth: usize, last_chunk: usize) -> NavList<'a> {
    let node = path[depth];
    let next = path.get(depth + 1).copied();
    let all: Vec<PageId> = visible_children(reader, node).collect();
    let chunk = match next {
        Some(next) => all.iter().position(|&c| c == next).unwrap_or(0) / MAX_ENTRIES,
        None => last_chunk,
    };
    let start = (chunk * MAX_ENTRIES).min(all.len());
    let end = (start + MAX_ENTRIES).min(all.len());
    let entries = all[start..end]
        .iter()
        .map(|&id| {
            let page = reader.page(id);
            let in_path = Some(id) == next;
            NavEntry {
                title: page.link_title(),
                url: &page.url,
                kind: page.kind.as_str(),
                in_path,
                has_children: visible_children(reader, id).next().is_some(),
                children: in_path.then(|| level(reader, path, depth + 1, last_chunk)),
                current: mark(CURRENT_ATTR, id),
                active_class: mark(ACTIVE_CLASS, id),
            }
        })
        .collect();
    NavList {
        entries,
        earlier: (start > 0).then(|| More {
            count: start,
            url: reader.url(all[start.saturating_sub(MAX_ENTRIES)]),
        }),
        later: (end < all.len()).then(|| More {
            count: all.len() - end,
            url: reader.url(all[end]),
        }),
    }
}

const CURRENT_ATTR: char = 'a';
const ACTIVE_CLASS: char = 'c';

/// A mark the fragment carries until [`mark_current`] fills it in.
fn mark(kind: char, id: PageId) -> String {
    format!("\u{0}{kind}{}\u{0}", id.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_only_the_current_entry() {
        let html = format!(
            "<li class=\"x{}\"><a href=\"/a/\"{}>A</a></li><li class=\"x{}\"><a href=\"/b/\"{}>B</a></li>",
            mark(ACTIVE_CLASS, PageId(1)),
            mark(CURRENT_ATTR, PageId(1)),
            mark(ACTIVE_CLASS, PageId(2)),
            mark(CURRENT_ATTR, PageId(2)),
        );
        let fragment = Fragment::new(html, HashSet::new());
        assert_eq!(
            fragment.marked(Some(PageId(2))),
            "<li class=\"x\"><a href=\"/a/\">A</a></li><li class=\"x is-active\"><a href=\"/b/\" aria-current=\"page\">B</a></li>"
        );
        assert!(!fragment.marked(None).contains('\u{0}'));
    }

    #[test]
    fn long_sections_are_cut_into_chunks() {
        let mut files: Vec<(String, String)> = vec![
            ("site.toml".into(), "title = \"T\"\n".into()),
            ("content/_index.md".into(), "---\ntitle: Home\n---\n".into()),
            ("content/s/_index.md".into(), "---\ntitle: S\n---\n".into()),
        ];
        files.extend((0..120).map(|n| {
            (
                format!("content/s/p{n:03}.md"),
                format!("---\ntitle: P{n:03}\nweight: {}\n---\n", n + 1),
            )
        }));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        let (_dir, site) = super::super::context::test_site(&files);
        let recorder = Recorder::new(false);
        let reader = Reader::new(&site, &recorder);
        let page = |n: usize| site.by_source[&format!("s/p{n:03}.md")];
        let section = site.by_source["s/_index.md"];
        let key = |chunk| NavKey {
            open: section,
            chunk,
        };
        assert_eq!(key_for(&reader, page(0)), key(0));
        assert_eq!(key_for(&reader, page(75)), key(1));
        assert_eq!(key_for(&reader, section), key(0));
        let templates = Templates::load(std::path::Path::new("/nonexistent")).expect("built-ins");
        let contexts = super::super::language_contexts(&reader);
        let fragment = render(&templates, &site, &contexts["en"], key(1), false).expect("renders");
        let html = fragment.marked(Some(page(75)));
        assert!(html.contains(">P050</a>") && html.contains(">P099</a>"));
        assert!(!html.contains(">P049</a>") && !html.contains(">P100</a>"));
        assert!(html.contains(" aria-current=\"page\">P075</a>"), "{html}");
        assert!(html.contains(">↑ 50 earlier</a>"), "{html}");
        assert!(html.contains(">↓ 20 more</a>"), "{html}");
    }
}
