//! Dependencies: what a page read while it was rendered, so that a change
//! re-renders exactly the pages it touches.
//!
//! Rendering reads the index only through a [`Reader`], which notes each
//! [`Fact`] it hands out (another page's title, a section's children, the
//! result of a link lookup, an inserted file, the catalogue, a shortcode's
//! template). A fact is either a value of the index, which can be compared
//! between the index before and after a change ([`differs`]), or
//! something outside it (a file, the catalogue, a template), which the
//! caller marks as changed. [`DepGraph`] keeps, for every fact, the pages
//! that read it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{Page, PageId, Site};

/// One thing a page's output depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fact {
    /// Whether the page exists, and its URL.
    Url(PageId),
    /// Everything about the page but its body: front matter, title, URL,
    /// kind, language.
    Meta(PageId),
    /// The page's Markdown body.
    Body(PageId),
    /// A list page's children, in order.
    Children(PageId),
    /// The page's parent section.
    Parent(PageId),
    /// The page's previous and next page ([`Site::neighbours`]): a page
    /// added to or removed from a section changes them for two pages, not
    /// for every page of the section.
    Neighbours(PageId),
    /// The page's translations.
    Translations(PageId),
    /// The answer to a lookup in the index.
    Query(Query),
    /// A file read directly (by `insert`), relative to the site root.
    File(PathBuf),
    /// The catalogue of packages and roles.
    Catalogue,
    /// The template of a shortcode name (or that there is none).
    Shortcode(String),
}

/// A lookup whose answer is a page or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Query {
    /// [`Site::find_content`].
    FindContent { path: String, lang: String },
    /// [`Site::resolve_file_link`].
    FileLink { from: PageId, target: String },
    /// [`Site::resolve_unprefixed`].
    Unprefixed { lang: String, path: String },
    /// [`Site::in_language`].
    InLanguage { page: PageId, lang: String },
    /// The page with this URL.
    Url(String),
    /// The home page of a language.
    Home(String),
}

impl Query {
    fn answer(&self, site: &Site) -> Option<PageId> {
        match self {
            Query::FindContent { path, lang } => site.find_content(path, lang),
            Query::FileLink { from, target } => site
                .get(*from)
                .and_then(|_| site.resolve_file_link(*from, target)),
            Query::Unprefixed { lang, path } => site.resolve_unprefixed(lang, path),
            Query::InLanguage { page, lang } => {
                site.get(*page).and_then(|_| site.in_language(*page, lang))
            }
            Query::Url(url) => site.by_url.get(url).copied(),
            Query::Home(lang) => site.homes.get(lang).copied(),
        }
    }
}

/// Whether `fact` has another value in `new` than in `old`; `None` for
/// facts the index does not hold (files, the catalogue, templates).
/// Values are compared, not hashed: a page whose file did not change
/// shares its text with the old index, and that is found without reading it.
pub fn differs(old: &Site, new: &Site, fact: &Fact) -> Option<bool> {
    let pages = |id: &PageId| (old.get(*id), new.get(*id));
    // Whether the page's value `f` differs, or the page came or went.
    fn changed<'s, T: PartialEq>(
        old: &'s Site,
        new: &'s Site,
        id: &PageId,
        f: impl Fn(&'s Page) -> T,
    ) -> bool {
        old.get(*id).map(&f) != new.get(*id).map(&f)
    }
    let differs = match fact {
        Fact::Url(id) => changed(old, new, id, |p| (&p.url, p.published)),
        Fact::Meta(id) => match pages(id) {
            (Some(a), Some(b)) => !same_meta(a, b),
            (a, b) => a.is_some() != b.is_some(),
        },
        Fact::Body(id) => match pages(id) {
            (Some(a), Some(b)) => !same_text(a, b) && a.body() != b.body(),
            (a, b) => a.is_some() != b.is_some(),
        },
        Fact::Children(id) => changed(old, new, id, |p| &p.children),
        Fact::Parent(id) => changed(old, new, id, |p| p.parent),
        Fact::Neighbours(id) => changed(old, new, id, |p| p.neighbours),
        Fact::Translations(id) => changed(old, new, id, |p| &p.translations),
        Fact::Query(query) => query.answer(old) != query.answer(new),
        Fact::File(_) | Fact::Catalogue | Fact::Shortcode(_) => return None,
    };
    Some(differs)
}

/// Whether both pages stand on the same read of their file (shared text,
/// the same split): then their front matter and body are equal too.
fn same_text(a: &Page, b: &Page) -> bool {
    Arc::ptr_eq(&a.text, &b.text) && a.body_offset == b.body_offset
}

/// Whether what other pages may show of a page (all but its body) is the
/// same in both: the front matter's text stands for every value read from
/// it.
fn same_meta(a: &Page, b: &Page) -> bool {
    fn front(p: &Page) -> &str {
        &p.text[..p.body_offset.min(p.text.len())]
    }
    (same_text(a, b) || front(a) == front(b))
        && a.title == b.title
        && a.url == b.url
        && a.kind == b.kind
        && a.lang == b.lang
        && a.dir == b.dir
        && a.published == b.published
        && a.listed == b.listed
        && a.inherited == b.inherited
        && a.translation_key == b.translation_key
}

/// Whether every lookup ([`Query`]) has the same answer in both sites:
/// they look only at source paths, URLs, home pages and translations.
fn same_lookups(old: &Site, new: &Site) -> bool {
    old.by_source == new.by_source
        && old.by_url == new.by_url
        && old.homes == new.homes
        && old.config.languages.len() == new.config.languages.len()
        && new.pages().all(|page| {
            old.get(page.id)
                .is_some_and(|o| o.translations == page.translations)
        })
}

/// Collects the facts one page reads; does nothing when dependencies are
/// not tracked (a one-off build).
#[derive(Debug, Default)]
pub struct Recorder {
    facts: Option<RefCell<HashSet<Fact>>>,
}

impl Recorder {
    /// A recorder that keeps facts when `tracking`, else one that drops them.
    pub fn new(tracking: bool) -> Self {
        Recorder {
            facts: tracking.then(RefCell::default),
        }
    }

    pub fn note(&self, fact: Fact) {
        if let Some(facts) = &self.facts {
            facts.borrow_mut().insert(fact);
        }
    }

    /// Notes every fact of `other`.
    pub fn note_all<'f>(&self, other: impl IntoIterator<Item = &'f Fact>) {
        if let Some(facts) = &self.facts {
            facts.borrow_mut().extend(other.into_iter().cloned());
        }
    }

    /// Whether facts are kept (otherwise noting them costs nothing).
    pub fn is_tracking(&self) -> bool {
        self.facts.is_some()
    }

    pub fn into_facts(self) -> HashSet<Fact> {
        self.facts.map(RefCell::into_inner).unwrap_or_default()
    }
}

/// The index as rendering sees it: every read of another page, a lookup,
/// a file, the catalogue or a shortcode template is noted in the recorder.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    site: &'a Site,
    recorder: &'a Recorder,
}

impl<'a> Reader<'a> {
    pub fn new(site: &'a Site, recorder: &'a Recorder) -> Self {
        Reader { site, recorder }
    }

    /// The site's configuration (a change of it rebuilds everything).
    pub fn config(&self) -> &'a crate::config::Config {
        &self.site.config
    }

    pub fn note(&self, fact: Fact) {
        self.recorder.note(fact);
    }

    /// A page, for anything but its body.
    pub fn page(&self, id: PageId) -> &'a Page {
        self.note(Fact::Meta(id));
        self.site.page(id)
    }

    /// A page's URL.
    pub fn url(&self, id: PageId) -> &'a str {
        self.note(Fact::Url(id));
        &self.site.page(id).url
    }

    /// A page's Markdown body.
    pub fn body(&self, id: PageId) -> &'a str {
        self.note(Fact::Body(id));
        self.site.page(id).body()
    }

    /// A list page's children, in order.
    pub fn children(&self, id: PageId) -> &'a [PageId] {
        self.note(Fact::Children(id));
        &self.site.page(id).children
    }

    pub fn parent(&self, id: PageId) -> Option<PageId> {
        self.note(Fact::Parent(id));
        self.site.page(id).parent
    }

    /// The page's previous and next page.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        self.note(Fact::Neighbours(id));
        self.site.neighbours(id)
    }

    /// The chain of parents from the home page down to `id`'s parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.parent(id);
        while let Some(parent) = current {
            chain.push(parent);
            current = self.parent(parent);
        }
        chain.reverse();
        chain
    }

    /// The nearest section above `id` that declares itself an overview.
    pub fn overview_of(&self, id: PageId) -> Option<PageId> {
        let mut current = self.parent(id);
        while let Some(parent) = current {
            if self.page(parent).front.overview.is_some() {
                return Some(parent);
            }
            current = self.parent(parent);
        }
        None
    }

    pub fn translations(&self, id: PageId) -> &'a [PageId] {
        self.note(Fact::Translations(id));
        &self.site.page(id).translations
    }

    /// Answers a lookup, noting it (the query is only built when noted).
    fn query(&self, query: impl FnOnce() -> Query) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return query().answer(self.site);
        }
        let query = query();
        let answer = query.answer(self.site);
        self.note(Fact::Query(query));
        answer
    }

    /// [`Site::in_language`].
    pub fn in_language(&self, page: PageId, lang: &str) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return self.site.in_language(page, lang);
        }
        self.query(|| Query::InLanguage {
            page,
            lang: lang.to_string(),
        })
    }

    /// [`Site::find_content`].
    pub fn find_content(&self, path: &str, lang: &str) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return self.site.find_content(path, lang);
        }
        self.query(|| Query::FindContent {
            path: path.to_string(),
            lang: lang.to_string(),
        })
    }

    /// [`Site::resolve_file_link`].
    pub fn resolve_file_link(&self, from: PageId, target: &str) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return self.site.resolve_file_link(from, target);
        }
        self.query(|| Query::FileLink {
            from,
            target: target.to_string(),
        })
    }

    /// [`Site::resolve_unprefixed`].
    pub fn resolve_unprefixed(&self, lang: &str, path: &str) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return self.site.resolve_unprefixed(lang, path);
        }
        self.query(|| Query::Unprefixed {
            lang: lang.to_string(),
            path: path.to_string(),
        })
    }

    /// The page with this URL.
    pub fn by_url(&self, url: &str) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return self.site.by_url.get(url).copied();
        }
        self.query(|| Query::Url(url.to_string()))
    }

    /// The home page of a language.
    pub fn home(&self, lang: &str) -> Option<PageId> {
        if !self.recorder.is_tracking() {
            return self.site.homes.get(lang).copied();
        }
        self.query(|| Query::Home(lang.to_string()))
    }

    /// The files directly in a folder (relative to the site root), with
    /// their sizes; noted as a file, so that a change below it counts.
    pub fn list_folder(&self, path: &Path) -> Vec<(String, u64)> {
        self.note(Fact::File(path.to_path_buf()));
        let Ok(entries) = std::fs::read_dir(self.site.config.root.join(path)) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| {
                let meta = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
                Some((e.file_name().to_string_lossy().into_owned(), meta.len()))
            })
            .collect()
    }

    /// Reads a file of the site, `path` relative to the site root.
    pub fn read_file(&self, path: &Path) -> std::io::Result<String> {
        self.note(Fact::File(path.to_path_buf()));
        std::fs::read_to_string(self.site.config.root.join(path))
    }
}

/// For every fact, the pages that read it; for every page, its facts.
#[derive(Debug, Default)]
pub struct DepGraph {
    dependents: HashMap<Fact, HashSet<PageId>>,
    of_page: HashMap<PageId, HashSet<Fact>>,
}

impl DepGraph {
    /// Records what `page` read, replacing what it read before.
    pub fn record(&mut self, page: PageId, facts: HashSet<Fact>) {
        self.forget(page);
        for fact in &facts {
            self.dependents
                .entry(fact.clone())
                .or_default()
                .insert(page);
        }
        self.of_page.insert(page, facts);
    }

    /// Forgets a page that is gone.
    pub fn forget(&mut self, page: PageId) {
        let Some(old) = self.of_page.remove(&page) else {
            return;
        };
        for fact in old {
            if let Some(pages) = self.dependents.get_mut(&fact) {
                pages.remove(&page);
                if pages.is_empty() {
                    self.dependents.remove(&fact);
                }
            }
        }
    }

    /// The pages that read `fact`.
    pub fn dependents_of(&self, fact: &Fact) -> impl Iterator<Item = PageId> + '_ {
        self.dependents.get(fact).into_iter().flatten().copied()
    }

    /// The pages that read a fact whose value differs between `old` and
    /// `new`, or a fact outside the index for which `changed` says yes.
    /// Facts are compared in parallel; lookups are not answered again when
    /// what they look in (source paths, URLs, homes, translations) is the
    /// same in both (a title or weight edit).
    pub fn affected(
        &self,
        old: &Site,
        new: &Site,
        changed: &(dyn Fn(&Fact) -> bool + Sync),
    ) -> HashSet<PageId> {
        let lookups_stand = same_lookups(old, new);
        let facts: Vec<(&Fact, &HashSet<PageId>)> = self.dependents.iter().collect();
        facts
            .par_iter()
            .filter(|(fact, _)| {
                if lookups_stand && matches!(fact, Fact::Query(_)) {
                    return false;
                }
                differs(old, new, fact).unwrap_or_else(|| changed(fact))
            })
            .flat_map_iter(|(_, dependents)| dependents.iter().copied())
            .collect()
    }

    /// How many distinct facts are tracked.
    pub fn len(&self) -> usize {
        self.dependents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dependents.is_empty()
    }
}
