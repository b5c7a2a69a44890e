//! Building the [`Site`] index from the content files.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::files::{self, ContentFile, FileRole};
use super::front_matter::{self, FrontMatter};
use super::{Page, PageId, PageKey, PageKind, Site, url};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::OutputPlaces;

/// A redirect page: `path` (output-relative file) sends readers to `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub path: String,
    pub target: PageId,
}

/// Hands out stable page ids: the same key always gets the same id, and a
/// new key a new one, so re-assembling a changed site renumbers nothing.
#[derive(Debug, Default, Clone)]
pub struct Keys {
    ids: FxHashMap<PageKey, PageId>,
}

impl Keys {
    /// The id of `key`, given out now if it is new.
    pub fn id(&mut self, key: PageKey) -> PageId {
        let next = PageId(u32::try_from(self.ids.len()).unwrap_or(u32::MAX));
        *self.ids.entry(key).or_insert(next)
    }

    /// How many ids were given out: every id is below this.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The content folder as read from disk: every page file, read and split
/// into front matter and body, and every other file (resources). Kept
/// between builds by the live preview, so that a change re-reads only the
/// files it touched.
#[derive(Debug, Default)]
pub struct Sources {
    files: BTreeMap<String, ReadFile>,
    resources: Vec<String>,
    /// Resource files to treat as present though missing (for `check`).
    assumed: Vec<String>,
    walk_diagnostics: Vec<Diagnostic>,
    /// The pages were moved out ([`Sources::take_pages`]): only the
    /// diagnostics are left.
    pages_taken: bool,
}

/// One page file as read.
#[derive(Debug)]
struct ReadFile {
    file: ContentFile,
    /// `None` when the file could not be read, or once the page was moved
    /// into an index ([`Sources::take_pages`]). Boxed: a page is large,
    /// and a move (into the map of files, out of it) then copies a pointer.
    page: Option<Box<Page>>,
    diagnostics: Vec<Diagnostic>,
}

/// What re-reading changed files found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// Only these page files changed, and all of them still exist (their
    /// bodies, front matter or both may differ).
    Files(Vec<String>),
    /// Files were added, removed or renamed, or resources changed: the
    /// folder was walked again.
    Structure,
}

impl Sources {
    /// Walks the content folder and reads every page file (in parallel).
    /// `assumed` names resource files (relative to the content folder) to
    /// treat as present though they are not on disk.
    pub fn scan(config: &Config, assumed: &[String]) -> Sources {
        let mut sources = Sources {
            assumed: assumed.to_vec(),
            ..Sources::default()
        };
        sources.walk(config, &BTreeSet::new());
        sources
    }

    /// Re-reads the files that changed (content-relative paths). A change
    /// to files that exist and stay page files re-reads just those; any
    /// other change (a file added, removed or renamed, a resource) walks the
    /// folder again, re-reading only new and changed files.
    pub fn refresh(&mut self, config: &Config, changed: &BTreeSet<String>) -> Refresh {
        debug_assert!(!self.pages_taken, "the pages were moved into an index");
        let content = config.content_path();
        let only_pages = changed
            .iter()
            .all(|rel| self.files.contains_key(rel) && content.join(rel).is_file());
        if only_pages {
            for rel in changed {
                if let Some(old) = self.files.remove(rel) {
                    self.files.insert(rel.clone(), read_file(config, old.file));
                }
            }
            return Refresh::Files(changed.iter().cloned().collect());
        }
        self.walk(config, changed);
        Refresh::Structure
    }

    fn walk(&mut self, config: &Config, changed: &BTreeSet<String>) {
        let mut found = files::walk(config);
        found.resources.extend(self.assumed.iter().cloned());
        found.resources.sort();
        found.resources.dedup();
        let mut old = std::mem::take(&mut self.files);
        let (keep, read): (Vec<ContentFile>, Vec<ContentFile>) =
            found.pages.into_iter().partition(|file| {
                !changed.contains(&file.rel)
                    && old.get(&file.rel).is_some_and(|known| known.file == *file)
            });
        let fresh: Vec<ReadFile> = read
            .into_par_iter()
            // Files differ in size: small pieces keep both cores busy.
            .with_max_len(8)
            .map(|file| read_file(config, file))
            .collect();
        let kept = keep
            .into_iter()
            .filter_map(|file| old.remove_entry(&file.rel));
        // Built at once from all entries (a sorted bulk load), not entry by entry.
        self.files = kept
            .chain(fresh.into_iter().map(|file| (file.file.rel.clone(), file)))
            .collect();
        self.resources = found.resources;
        self.walk_diagnostics = found.diagnostics;
    }

    /// The page read from `rel`, if it is a page file that could be read.
    pub fn page(&self, rel: &str) -> Option<&Page> {
        self.files.get(rel)?.page.as_deref()
    }

    /// Problems found while walking and reading, file by file.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.walk_diagnostics
            .iter()
            .chain(self.files.values().flat_map(|f| f.diagnostics.iter()))
    }

    /// Copies of every page read, and the resource files, for [`assemble`].
    pub fn pages(&self) -> (Vec<Page>, Vec<String>) {
        debug_assert!(!self.pages_taken, "the pages were moved into an index");
        let pages = self
            .files
            .values()
            .filter_map(|f| f.page.as_deref().cloned())
            .collect();
        (pages, self.resources.clone())
    }

    /// Every page read, moved out, and the resource files: for a build
    /// that will not read the files again (copying the pages costs
    /// milliseconds a thousand pages). Their diagnostics stay.
    pub fn take_pages(&mut self) -> (Vec<Page>, Vec<String>) {
        self.pages_taken = true;
        let mut pages = Vec::with_capacity(self.files.len());
        pages.extend(
            self.files
                .values_mut()
                .filter_map(|f| f.page.take().map(|page| *page)),
        );
        (pages, self.resources.clone())
    }

    /// The pages read, the resource files and the diagnostics, taken out.
    pub fn into_parts(self) -> (Vec<Page>, Vec<String>, Vec<Diagnostic>) {
        let mut diagnostics = self.walk_diagnostics;
        let mut pages = Vec::with_capacity(self.files.len());
        for (_, file) in self.files {
            diagnostics.extend(file.diagnostics);
            pages.extend(file.page.map(|page| *page));
        }
        (pages, self.resources, diagnostics)
    }
}

/// Loads every content file and builds the index. Problems with single
/// files are returned as diagnostics; the rest of the site still loads.
/// `assumed` names resource files (relative to the content folder) to treat
/// as present though they are not on disk (for checking a partial copy).
pub fn load(config: Config, drafts: bool, assumed: &[String]) -> (Site, Vec<Diagnostic>) {
    let (pages, resources, mut diagnostics) = Sources::scan(&config, assumed).into_parts();
    let (site, found) = assemble(config, pages, resources, &[], &mut Keys::default(), drafts);
    diagnostics.extend(found);
    (site, diagnostics)
}

/// Builds the index from pages read by [`Sources`]: drafts left out unless
/// asked for, made-up homes and sections added, ids (from `keys`) and
/// URLs given, the tree, translations, resources and aliases linked.
/// `reserved` are the files the site writes besides its pages (output
/// paths): a page that needs their place is left out.
pub fn assemble(
    config: Config,
    pages: Vec<Page>,
    resources: Vec<String>,
    reserved: &[String],
    keys: &mut Keys,
    drafts: bool,
) -> (Site, Vec<Diagnostic>) {
    let mut builder = Builder {
        config,
        pages,
        diagnostics: Vec::new(),
    };
    builder.apply_cascades(|_| true);
    builder.leave_out(drafts, super::dates::now());
    builder.drop_shadowed_defaults();
    builder.add_missing_sections();
    builder.apply_cascades(|page| page.source.is_none());
    super::taxonomies::add_pages(&builder.config, &mut builder.pages);
    builder.assign_urls();
    let reserved = builder.with_root_redirect(reserved);
    builder.leave_out_clashing_files(&reserved);
    builder.finish(resources, &reserved, keys)
}

fn read_file(config: &Config, file: ContentFile) -> ReadFile {
    let (page, diagnostics) = read_page(config, &file);
    ReadFile {
        file,
        page: page.map(Box::new),
        diagnostics,
    }
}

/// A page read from disk, before it has an id or a place in the tree.
fn read_page(config: &Config, file: &ContentFile) -> (Option<Page>, Vec<Diagnostic>) {
    let display = config.content_dir.join(&file.rel);
    let text = match files::read_text(&config.content_path().join(&file.rel), display.clone()) {
        Ok(text) => text,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let mut problems = Vec::new();
    let (front, body_offset) = match front_matter::split(&text) {
        Ok(split) => {
            let front = match front_matter::parse(&text, &split) {
                Ok((front, key_errors)) => {
                    problems.extend(
                        key_errors
                            .iter()
                            .map(|err| front_matter_diagnostic(&display, &text, err, false)),
                    );
                    front
                }
                Err(err) => {
                    problems.push(front_matter_diagnostic(&display, &text, &err, true));
                    FrontMatter::default()
                }
            };
            (front, split.body_offset)
        }
        Err(err) => {
            problems.push(front_matter_diagnostic(&display, &text, &err, true));
            (FrontMatter::default(), 0)
        }
    };
    problems.extend(invalid_dates(&display, &text, body_offset, &front));
    let (stem, _) = files::stem_of(&file.path, config);
    let parent = files::parent_of(&file.path);
    let (kind, dir) = match file.role {
        FileRole::Section if parent.is_empty() => (PageKind::Home, String::new()),
        FileRole::Section => (PageKind::Section, parent.to_string()),
        FileRole::Bundle | FileRole::Page => (PageKind::Page, parent.to_string()),
    };
    let key_path = if parent.is_empty() {
        stem.to_string()
    } else {
        format!("{parent}/{stem}")
    };
    let title = front.title.clone().unwrap_or_else(|| {
        humanize(if file.role == FileRole::Page {
            stem
        } else {
            &dir
        })
    });
    let page = Page {
        source: Some(file.rel.clone()),
        path: file.path.clone(),
        text: Arc::from(text),
        body_offset,
        translation_key: front.translation_key.clone().unwrap_or(key_path),
        published: !front.headless,
        listed: !front.headless,
        front,
        ..Page::made_up(&file.lang, dir, kind, title)
    };
    (Some(page), problems)
}

fn front_matter_diagnostic(
    display: &std::path::Path,
    text: &str,
    err: &front_matter::FrontMatterError,
    whole: bool,
) -> Diagnostic {
    let (line, column) = front_matter::locate(text, err);
    let diagnostic =
        Diagnostic::error("front-matter-invalid", display, err.message.clone()).at(line, column);
    if whole {
        diagnostic.with_help("the page is built without its front matter until this is fixed")
    } else {
        diagnostic
    }
}

/// `register_ER/type-x` → `Type x`: a readable title from a path.
fn humanize(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or(path);
    let words = last.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Builder {
    config: Config,
    pages: Vec<Page>,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    /// Where `_index.md` and `_index.nb.md` are both the default language,
    /// the file that names its language wins (as in Hugo).
    fn drop_shadowed_defaults(&mut self) {
        let config = &self.config;
        let (named_pages, unnamed_pages): (Vec<&Page>, Vec<&Page>) =
            self.pages.iter().partition(|page| {
                source_has_language(page.source.as_deref().unwrap_or_default(), config)
            });
        // Most sites name every file's language, or none: then nothing is shadowed.
        let unnamed: HashSet<(&str, &str)> = unnamed_pages
            .iter()
            .map(|page| (page.lang.as_str(), page.translation_key.as_str()))
            .collect();
        let mut named: HashMap<(String, String), String> = HashMap::new();
        for page in named_pages {
            let key = (page.lang.as_str(), page.translation_key.as_str());
            if unnamed.contains(&key) {
                named.insert(
                    (page.lang.clone(), page.translation_key.clone()),
                    page.source.clone().unwrap_or_default(),
                );
            }
        }
        if named.is_empty() {
            return;
        }
        let diagnostics = &mut self.diagnostics;
        self.pages.retain(|page| {
            let source = page.source.clone().unwrap_or_default();
            if source_has_language(&source, config) {
                return true;
            }
            match named.get(&(page.lang.clone(), page.translation_key.clone())) {
                Some(winner) => {
                    diagnostics.push(
                        Diagnostic::warning(
                            "shadowed-file",
                            config.content_dir.join(&source),
                            format!("ignored: '{winner}' is the same page in the same language"),
                        )
                        .with_help("delete one of the two files"),
                    );
                    false
                }
                None => true,
            }
        });
    }

    /// A home page per language, and a section per top-level folder, where
    /// the content has pages but no `_index` file (as Hugo makes them).
    fn add_missing_sections(&mut self) {
        let mut have: FxHashSet<(&str, &str)> = FxHashSet::default();
        let mut need: BTreeSet<(&str, &str)> = BTreeSet::new();
        for page in &self.pages {
            if page.kind.is_list() {
                have.insert((&page.lang, &page.dir));
            }
            need.insert((&page.lang, ""));
            // A leaf bundle's own folder is not a section: look at its parent.
            let bundle = page.kind == PageKind::Page
                && page
                    .source
                    .as_deref()
                    .is_some_and(|s| is_bundle_index(s, &self.config));
            let folder = if bundle {
                files::parent_of(&page.dir)
            } else {
                page.dir.as_str()
            };
            let top = folder.split('/').next().unwrap_or("");
            if !top.is_empty() {
                need.insert((&page.lang, top));
            }
        }
        let missing: Vec<(String, String)> = need
            .into_iter()
            .filter(|key| !have.contains(key))
            .map(|(lang, dir)| (lang.to_string(), dir.to_string()))
            .collect();
        for (lang, dir) in missing {
            let kind = if dir.is_empty() {
                PageKind::Home
            } else {
                PageKind::Section
            };
            let title = if dir.is_empty() {
                self.config
                    .language(&lang)
                    .map_or_else(|| self.config.title.clone(), |l| l.title.clone())
            } else {
                humanize(&dir)
            };
            self.pages.push(Page::made_up(&lang, dir, kind, title));
        }
    }

    /// Applies every cascade (the sections' own, nearest first, then the
    /// configuration's) to the pages `which` selects, and sets whether
    /// each is published and listed from its (cascaded) front matter.
    fn apply_cascades(&mut self, which: impl Fn(&Page) -> bool) {
        let mut by_dir: HashMap<(String, String), Vec<crate::config::Cascade>> = HashMap::new();
        for page in self.pages.iter().filter(|p| p.kind.is_list()) {
            if !page.front.cascade.is_empty() {
                by_dir
                    .entry((page.lang.clone(), page.dir.clone()))
                    .or_default()
                    .extend(page.front.cascade.iter().cloned());
            }
        }
        let config = &self.config;
        for page in self.pages.iter_mut().filter(|p| which(p)) {
            if !by_dir.is_empty() || !config.hugo.cascade.is_empty() {
                let path = hugo_path(page);
                let kind = page.kind.as_str();
                let dirs = std::iter::once(page.dir.as_str())
                    .chain(files::ancestors(&page.dir).filter(|_| !page.dir.is_empty()));
                let mut chain: Vec<&crate::config::Cascade> = Vec::new();
                for dir in dirs {
                    if let Some(found) = by_dir.get(&(page.lang.clone(), dir.to_string())) {
                        chain.extend(found);
                    }
                }
                chain.extend(&config.hugo.cascade);
                let mut hasher = std::hash::DefaultHasher::new();
                for cascade in chain {
                    if super::cascade::applies(cascade, kind, &path, &page.lang) {
                        for (key, value) in &cascade.values {
                            page.front.inherit(key, value);
                            std::hash::Hash::hash(&(key, value.to_string()), &mut hasher);
                        }
                    }
                }
                page.inherited = std::hash::Hasher::finish(&hasher);
            }
            let front = &page.front;
            page.published = !front.headless && !front.build.never_render;
            page.listed = page.published && !front.build.never_list;
        }
    }

    /// Leaves out drafts (unless asked for), pages whose publish date (or
    /// date) is still to come and pages whose expiry date has passed.
    fn leave_out(&mut self, drafts: bool, now: i64) {
        let when = |date: &Option<String>| date.as_deref().and_then(super::dates::parse);
        self.pages.retain(|page| {
            let front = &page.front;
            let publish = when(&front.publish_date).or_else(|| when(&front.date));
            (drafts || !front.draft)
                && publish.is_none_or(|t| t <= now)
                && when(&front.expiry_date).is_none_or(|t| t > now)
        });
    }

    /// Sorts the pages into a stable order (by source path, made-up pages
    /// last) and gives every published page its URL.
    fn assign_urls(&mut self) {
        self.pages.sort_by(|a, b| {
            (a.source.is_none(), &a.source, &a.lang, &a.dir).cmp(&(
                b.source.is_none(),
                &b.source,
                &b.lang,
                &b.dir,
            ))
        });
        let section_dirs: HashSet<String> = self
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Section)
            .map(|p| p.dir.clone())
            .collect();
        // Each page's URL is its own: worked out in parallel.
        let config = &self.config;
        let unwritable: Vec<(usize, &str)> = self
            .pages
            .par_iter_mut()
            .enumerate()
            .filter(|(_, page)| page.published)
            .filter_map(|(i, page)| {
                page.url = page_url(config, page, &section_dirs);
                crate::output::unwritable(&page.output_file(config)).map(|reason| (i, reason))
            })
            .collect();
        for (i, reason) in unwritable {
            let diagnostic = unwritable_url(&self.config, &self.pages, &self.pages[i], reason);
            self.diagnostics.push(diagnostic);
            self.pages[i].published = false;
        }
    }

    /// `reserved` and, when the site gets one, the redirect at its root.
    fn with_root_redirect(&self, reserved: &[String]) -> Vec<String> {
        let base = &self.config.base_path;
        let page_at_root = self.pages.iter().any(|p| p.published && &p.url == base);
        let mut reserved = reserved.to_vec();
        if super::needs_root_redirect(&self.config, page_at_root) {
            reserved.push(super::ROOT_REDIRECT.to_string());
        }
        reserved
    }

    /// Leaves out the pages whose file cannot be written because another
    /// file needs its place: a file where the page needs a folder, a
    /// folder where the page is a file, or the same file by another URL.
    /// The site's own files (`reserved`) keep their place (`url:
    /// /brygge.css/`); then the pages made for sections and terms, which
    /// the menus stand on; then, of the pages from files, the first in
    /// source order (`url: /a.html` beside `url: /a.html/b/`). Two pages
    /// with one URL are left to [`Builder::index_urls`].
    fn leave_out_clashing_files(&mut self, reserved: &[String]) {
        let outputs: Vec<Option<String>> = self
            .pages
            .iter()
            .map(|p| p.published.then(|| p.output_file(&self.config)))
            .collect();
        let mut places = OutputPlaces::default();
        for path in reserved {
            places.claim(path.as_str(), Owner::Site);
        }
        let made_up = |i: &usize| self.pages[*i].source.is_none();
        let order = (0..self.pages.len())
            .filter(made_up)
            .chain((0..self.pages.len()).filter(|i| !made_up(i)));
        let mut clashes = Vec::new();
        for i in order {
            let Some(output) = &outputs[i] else { continue };
            match places.taken(output) {
                Some((_, Owner::Page(j))) if self.pages[j].url == self.pages[i].url => {}
                Some(clash) => clashes.push((i, clash)),
                None => places.claim(output, Owner::Page(i)),
            }
        }
        for (i, (place, owner)) in clashes {
            let output = outputs[i].as_deref().unwrap_or_default();
            let finding = self.clash_finding(&self.pages[i], output, place, owner);
            self.diagnostics.push(finding);
            self.pages[i].published = false;
        }
    }

    /// The `url-collision` of `page`, whose file `output` cannot be
    /// written because `owner`'s file `place` needs its place.
    fn clash_finding(&self, page: &Page, output: &str, place: &str, owner: Owner) -> Diagnostic {
        let other = match owner {
            Owner::Site => format!("the site's own file {place}"),
            Owner::Page(j) if self.pages[j].source.is_none() => {
                format!("the file {place} of the list page {}", self.pages[j].url)
            }
            Owner::Page(j) => format!(
                "the file {place} of the page '{}'",
                self.pages[j].source_path(&self.config).display()
            ),
        };
        let clash = if place == output {
            format!("{other} is written there")
        } else {
            format!(
                "its file {output} and {other} need the same place, \
                 one as a file and the other as a folder"
            )
        };
        Diagnostic::error(
            "url-collision",
            page.source_path(&self.config),
            format!("the URL {} cannot be written: {clash}", page.url),
        )
        .with_help("give the page another url or slug; it is left out until then")
        .at_found_offset(&page.text, url_key_line(page))
    }

    fn finish(
        mut self,
        resources: Vec<String>,
        reserved: &[String],
        keys: &mut Keys,
    ) -> (Site, Vec<Diagnostic>) {
        let mut order = Vec::with_capacity(self.pages.len());
        for page in &mut self.pages {
            page.id = keys.id(page.key());
            order.push(page.id);
        }
        let by_url = self.index_urls();
        let mut by_source = FxHashMap::default();
        let mut by_source_lowercase = FxHashMap::default();
        let mut by_path = FxHashMap::default();
        let mounted = self.config.hugo.mounts.iter().any(|m| !m.prefix.is_empty());
        for page in &self.pages {
            if let Some(source) = &page.source {
                by_source.insert(source.clone(), page.id);
                by_source_lowercase
                    .entry(source.to_ascii_lowercase())
                    .or_insert(page.id);
                if mounted {
                    by_path.entry(page.path.clone()).or_insert(page.id);
                }
            }
        }
        let homes = self
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Home)
            .map(|p| (p.lang.clone(), p.id))
            .collect();
        let slots = into_slots(self.pages, keys.len());
        let mut site = Site {
            config: self.config,
            slots,
            order,
            by_url,
            by_source,
            by_source_lowercase,
            by_path,
            homes,
            aliases: Vec::new(),
            resources: Vec::new(),
        };
        link_tree(&mut site);
        super::taxonomies::link(&mut site);
        link_neighbours(&mut site);
        link_translations(&mut site);
        site.resources = assign_resources(&mut site, resources);
        site.aliases = collect_aliases(&site, reserved, &mut self.diagnostics);
        (site, self.diagnostics)
    }

    /// URL → page, reporting two pages that claim one URL.
    fn index_urls(&mut self) -> FxHashMap<String, PageId> {
        let mut by_url: FxHashMap<String, PageId> = FxHashMap::default();
        let mut owner: FxHashMap<PageId, usize> = FxHashMap::default();
        owner.reserve(self.pages.len());
        for (i, page) in self.pages.iter().enumerate() {
            owner.insert(page.id, i);
        }
        for page in self.pages.iter().filter(|p| p.published) {
            if let Some(&first) = by_url.get(&page.url) {
                let other = &self.pages[owner[&first]];
                // At the `url` or `slug` that made the URL, when one did;
                // else about the file as a whole (its name made it).
                let key = url_key_line(page);
                let diagnostic = Diagnostic::error(
                    "url-collision",
                    page.source_path(&self.config),
                    format!(
                        "this page and '{}' both have the URL {}",
                        other.source_path(&self.config).display(),
                        page.url
                    ),
                )
                .with_help("rename or move one of them; only the first is written");
                self.diagnostics
                    .push(diagnostic.at_found_offset(&page.text, key));
                continue;
            }
            by_url.insert(page.url.clone(), page.id);
        }
        by_url
    }
}

/// `pages` by id, in a table of `len` slots. When the ids are the
/// positions (a site assembled for the first time), in place: the pages
/// are not copied into a new table.
fn into_slots(pages: Vec<Page>, len: usize) -> Vec<Option<Page>> {
    let in_order = pages.len() == len && pages.iter().enumerate().all(|(i, p)| p.id.index() == i);
    if in_order {
        return pages.into_iter().map(Some).collect();
    }
    let mut slots: Vec<Option<Page>> = Vec::new();
    slots.resize_with(len, || None);
    for page in pages {
        let index = page.id.index();
        slots[index] = Some(page);
    }
    slots
}

/// Who needs a place in the output folder: the site (its own files) or a
/// page (by position).
#[derive(Debug, Clone, Copy)]
enum Owner {
    Site,
    Page(usize),
}

fn source_has_language(source: &str, config: &Config) -> bool {
    matches!(
        files::stem_of(source, config).1,
        files::LangSuffix::Configured(_)
    )
}

/// The page's path as Hugo's cascade targets see it: `/docs/a` for
/// `docs/a.md`, `/docs` for `docs/_index.md`, `/` for the home page.
fn hugo_path(page: &Page) -> String {
    let path = match page.kind {
        PageKind::Page if !page.path.is_empty() => {
            let name = page.path.rsplit('/').next().unwrap_or("");
            let stem = name.split('.').next().unwrap_or(name);
            if stem == "index" {
                page.dir.clone()
            } else if page.dir.is_empty() {
                stem.to_string()
            } else {
                format!("{}/{stem}", page.dir)
            }
        }
        _ => page.dir.clone(),
    };
    format!("/{}", path.to_lowercase())
}

/// The page's URL as Hugo makes it: its `url` (from the site root, as
/// written), or its path with `slug` for the file (or bundle folder) name.
fn page_url(config: &Config, page: &Page, section_dirs: &HashSet<String>) -> String {
    let prefix = config.language_prefix(&page.lang);
    let lower = config.hugo.lowercase_paths;
    if let Some(own) = page
        .front
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        && !own.contains("://")
    {
        let mut url = format!("{}{}", config.base_path, own.trim_start_matches('/'));
        let last = url.rsplit('/').next().unwrap_or("");
        if !url.ends_with('/') && !last.contains('.') {
            url.push('/');
        }
        return url;
    }
    let slug = page
        .front
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.contains('/'));
    if let Some(path) = permalink(config, page, slug, section_dirs) {
        return if path.is_empty() {
            prefix
        } else {
            format!("{prefix}{path}/")
        };
    }
    match (page.kind, page.source.as_deref()) {
        (PageKind::Page, Some(source)) if !is_bundle_index(source, config) => {
            let stem = match slug {
                Some(slug) => slug.to_string(),
                None => files::stem_of(&page.path, config).0.to_string(),
            };
            let path = if page.dir.is_empty() {
                stem
            } else {
                format!("{}/{stem}", page.dir)
            };
            url::section_url_case(&prefix, &path, lower)
        }
        (PageKind::Page, Some(_)) if slug.is_some() => {
            let parent = files::parent_of(&page.dir);
            let slug = slug.unwrap_or_default();
            let path = if parent.is_empty() {
                slug.to_string()
            } else {
                format!("{parent}/{slug}")
            };
            url::section_url_case(&prefix, &path, lower)
        }
        _ => url::section_url_case(&prefix, &page.dir, lower),
    }
}

/// The page's path from the site's `[permalinks]` pattern for its top-level
/// section (`/` for pages at the root), as Hugo expands it; `None` when
/// there is none. `section_dirs` are the folders that are sections.
fn permalink(
    config: &Config,
    page: &Page,
    slug: Option<&str>,
    section_dirs: &HashSet<String>,
) -> Option<String> {
    let source = page.source.as_deref()?;
    let bundle = is_bundle_index(source, config);
    // A bundle's folder is its name, not one of its sections.
    let (folder, file_name) = match page.kind {
        PageKind::Page if bundle => {
            let name = page.dir.rsplit('/').next().unwrap_or("").to_string();
            (files::parent_of(&page.dir), name)
        }
        PageKind::Page => (
            page.dir.as_str(),
            files::stem_of(&page.path, config).0.to_string(),
        ),
        PageKind::Section => (page.dir.as_str(), String::new()),
        _ => return None,
    };
    let sections = section_path(folder, section_dirs);
    let section = sections.split('/').next().unwrap_or("");
    let key = if section.is_empty() { "/" } else { section };
    let patterns = &config.hugo.permalinks;
    let pattern = match page.kind {
        PageKind::Section => patterns.section.get(key),
        _ => patterns.page.get(key),
    }?;
    let lower = config.hugo.lowercase_paths;
    let title = url::urlize(&page.title, lower);
    let date = ["date", "publishdate", "lastmod", "modified"]
        .iter()
        .find_map(|key| match *key {
            "date" => page.front.date.as_deref(),
            "publishdate" => page.front.publish_date.as_deref(),
            other => page.front.params.get(other).and_then(|v| v.as_str()),
        })
        .and_then(url::date_parts)
        .unwrap_or((1, 1, 1));
    let name = || {
        if file_name.is_empty() {
            section_name(sections)
        } else {
            file_name.clone()
        }
    };
    let token = |token: &str| -> Option<String> {
        if let Some(slice) = token.strip_prefix("sections[") {
            return url::slice_sections(sections, slice.strip_suffix(']')?);
        }
        Some(match token {
            "year" => date.0.to_string(),
            "month" => format!("{:02}", date.1),
            "monthname" => url::month_name(date.1).to_lowercase(),
            "day" => format!("{:02}", date.2),
            "weekday" => url::weekday(date).to_string(),
            "weekdayname" => url::WEEKDAYS[url::weekday(date)].to_lowercase(),
            "yearday" => url::year_day(date).to_string(),
            "section" => section.to_string(),
            "sections" => sections.to_string(),
            "title" => title.clone(),
            "slug" => slug.map_or_else(|| title.clone(), |s| url::urlize(s, lower)),
            "filename" | "contentbasename" => name(),
            "slugorfilename" | "slugorcontentbasename" => {
                slug.map_or_else(name, |s| url::urlize(s, lower))
            }
            _ => return None,
        })
    };
    let path = url::expand_pattern(pattern, token);
    Some(if lower { path.to_lowercase() } else { path })
}

/// The sections a page in `folder` is in, as Hugo's `.SectionsPath`: the
/// nearest folder that is a section (a top-level folder always is).
fn section_path<'a>(folder: &'a str, section_dirs: &HashSet<String>) -> &'a str {
    let mut dir = folder;
    while dir.contains('/') && !section_dirs.contains(dir) {
        dir = files::parent_of(dir);
    }
    dir
}

/// A section's own name: the last part of its path.
fn section_name(sections: &str) -> String {
    sections.rsplit('/').next().unwrap_or("").to_string()
}

fn is_bundle_index(source: &str, config: &Config) -> bool {
    files::stem_of(source, config).0 == "index"
}

/// Sets each page's parent (the nearest section above it in its language)
/// and each section's ordered children.
fn link_tree(site: &mut Site) {
    // Each page's parent, found first (the sections borrowed by name, not
    // copied for every lookup), then set.
    let sections: FxHashMap<(&str, &str), PageId> = site
        .pages()
        .filter(|p| matches!(p.kind, PageKind::Home | PageKind::Section))
        .map(|p| ((p.lang.as_str(), p.dir.as_str()), p.id))
        .collect();
    let parents: Vec<(PageId, Option<PageId>, bool)> = site
        .pages()
        .filter(|page| {
            let taxonomy = matches!(page.kind, PageKind::Taxonomy | PageKind::Term);
            page.kind != PageKind::Home && page.published && !taxonomy
        })
        .map(|page| {
            let start = if page.kind == PageKind::Section {
                files::parent_of(&page.dir)
            } else {
                page.dir.as_str()
            };
            let parent = std::iter::once(start)
                .chain(files::ancestors(start).filter(|_| !start.is_empty()))
                .find_map(|dir| sections.get(&(page.lang.as_str(), dir)))
                .copied();
            (page.id, parent, page.listed)
        })
        .collect();
    for (id, parent, listed) in parents {
        site.page_mut(id).parent = parent;
        if let Some(parent) = parent
            && listed
        {
            site.page_mut(parent).children.push(id);
        }
    }
    for id in site.order.clone() {
        let mut children = std::mem::take(&mut site.page_mut(id).children);
        children.sort_by(|&a, &b| hugo_order(site.page(a), site.page(b)));
        site.page_mut(id).children = children;
    }
}

/// Sets each page's previous and next page: the nearest listed pages
/// before and after it among its parent's children (a hidden page has
/// neighbours too; it is only skipped as one).
fn link_neighbours(site: &mut Site) {
    for parent in site.order.clone() {
        let children = std::mem::take(&mut site.page_mut(parent).children);
        let mut before = None;
        for &child in &children {
            if site.page(child).parent == Some(parent) {
                site.page_mut(child).neighbours.0 = before;
            }
            if site.page(child).in_menus() {
                before = Some(child);
            }
        }
        let mut after = None;
        for &child in children.iter().rev() {
            if site.page(child).parent == Some(parent) {
                site.page_mut(child).neighbours.1 = after;
            }
            if site.page(child).in_menus() {
                after = Some(child);
            }
        }
        site.page_mut(parent).children = children;
    }
}

/// Hugo's default order: weight (unweighted last), date (newest first),
/// link title, then path.
pub fn hugo_order(a: &Page, b: &Page) -> Ordering {
    let weight = |p: &Page| (p.front.weight == 0, p.front.weight);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| b.front.date.cmp(&a.front.date))
        .then_with(|| collation_key(a.link_title()).cmp(&collation_key(b.link_title())))
        .then_with(|| a.link_title().cmp(b.link_title()))
        .then_with(|| a.source.cmp(&b.source))
}

/// A sort key for titles close to the Norwegian and English collation Hugo
/// uses: case is ignored, accented letters sort with their base letter, and
/// æ, ø, å come after z, in that order.
fn collation_key(title: &str) -> Vec<u32> {
    title
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => u32::from('z') + 1,
            'ø' | 'ö' => u32::from('z') + 2,
            'å' => u32::from('z') + 3,
            'à' | 'á' | 'â' | 'ã' => u32::from('a'),
            'è' | 'é' | 'ê' | 'ë' => u32::from('e'),
            'ì' | 'í' | 'î' | 'ï' => u32::from('i'),
            'ò' | 'ó' | 'ô' | 'õ' => u32::from('o'),
            'ù' | 'ú' | 'û' | 'ü' => u32::from('u'),
            other => u32::from(other),
        })
        .collect()
}

fn link_translations(site: &mut Site) {
    let mut groups: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for page in site.pages() {
        groups
            .entry(&page.translation_key)
            .or_default()
            .push(page.id);
    }
    let order: HashMap<&str, usize> = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.as_str(), i))
        .collect();
    let mut links: Vec<(PageId, Vec<PageId>)> = Vec::new();
    for ids in groups.values() {
        for &id in ids {
            let lang = &site.page(id).lang;
            let mut others: Vec<PageId> = ids
                .iter()
                .copied()
                .filter(|&o| o != id && site.page(o).lang != *lang)
                .collect();
            others.sort_by_key(|&o| order.get(site.page(o).lang.as_str()).copied());
            links.push((id, others));
        }
    }
    for (id, others) in links {
        site.page_mut(id).translations = others;
    }
}

/// Gives bundle resources to their pages and returns every file to copy.
/// Files in a folder without a section or bundle are copied under each
/// language's prefix at their own path.
fn assign_resources(site: &mut Site, resources: Vec<String>) -> Vec<(String, String)> {
    let mut owners: HashMap<&str, Vec<PageId>> = HashMap::new();
    for page in site.pages() {
        let is_bundle = page.kind.is_list()
            || page
                .source
                .as_deref()
                .is_some_and(|s| is_bundle_index(s, &site.config));
        if is_bundle {
            owners.entry(page.dir.as_str()).or_default().push(page.id);
        }
    }
    let mut copies = Vec::new();
    let mut given: Vec<(PageId, String)> = Vec::new();
    for rel in resources {
        let (mount, path) = files::mounted(&site.config, &rel);
        let mount_lang = mount.and_then(|m| m.lang.clone());
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let dir = files::parent_of(&path);
        let owner = files::ancestors(&path).find_map(|d| {
            let pages = owners.get(d)?;
            // Branch bundles own only the files directly in their folder.
            let leaf = pages.iter().any(|&p| site.page(p).kind == PageKind::Page);
            (leaf || d == dir).then_some(pages)
        });
        match owner {
            Some(pages) => {
                for &page in pages {
                    let page_ref = site.page(page);
                    let other_mount = mount_lang.as_ref().is_some_and(|l| *l != page_ref.lang);
                    if !page_ref.published || other_mount {
                        continue;
                    }
                    let inner = path[page_ref.dir.len()..].trim_start_matches('/');
                    let out = format!("{}{}", site.config.output_rel(&page_ref.url), inner);
                    copies.push((rel.clone(), out));
                    given.push((page, rel.clone()));
                }
            }
            None if dir.is_empty() => copies.push((rel.clone(), name)),
            None => {
                for lang in &site.config.languages {
                    if mount_lang.as_ref().is_some_and(|l| *l != lang.code) {
                        continue;
                    }
                    let prefix = site.config.language_prefix(&lang.code);
                    let out = format!("{}{}", url::section_url(&prefix, dir), name);
                    copies.push((rel.clone(), site.config.output_rel(&out)));
                }
            }
        }
    }
    for (page, rel) in given {
        site.page_mut(page).resources.push(rel);
    }
    copies
}

/// Every alias of every published page, as output files. Collisions with
/// pages, duplicates and escapes are reported.
fn collect_aliases(
    site: &Site,
    reserved: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let reserved: HashSet<&str> = reserved.iter().map(String::as_str).collect();
    let mut claimed: BTreeMap<String, PageId> = BTreeMap::new();
    let mut claimants: BTreeMap<String, Vec<(PageId, usize)>> = BTreeMap::new();
    if site.config.hugo.disable_aliases {
        return Vec::new();
    }
    // Hugo writes languages in weight order, so a later language's alias
    // overwrites an earlier one's: visit pages in that order.
    let language_order = |lang: &str| {
        site.config
            .languages
            .iter()
            .position(|l| l.code == lang)
            .unwrap_or(usize::MAX)
    };
    let mut pages: Vec<&Page> = site
        .published()
        .filter(|p| !p.front.aliases.is_empty())
        .collect();
    pages.sort_by_cached_key(|p| (language_order(&p.lang), p.source.as_deref()));
    for page in pages {
        for (n, alias) in page.front.aliases.iter().enumerate() {
            let diagnostic = |code, message: String| {
                let at = alias_offset(page, n);
                Diagnostic::error(code, page.source_path(&site.config), message)
                    .at_offset(&page.text, at)
            };
            let Some(path) = alias_path(&site.config, page, alias) else {
                diagnostics.push(diagnostic(
                    "alias-outside-output",
                    format!("alias '{alias}' would be written outside the output folder"),
                ));
                continue;
            };
            let as_url = format!(
                "{}{}",
                site.config.base_path,
                path.trim_end_matches("index.html")
            );
            if site.by_url.get(&as_url) == Some(&page.id) {
                let mut d = diagnostic(
                    "alias-self",
                    format!("alias '{alias}' is this page's own URL and does nothing"),
                )
                .with_help("remove the alias");
                d.severity = crate::diagnostics::Severity::Warning;
                diagnostics.push(d);
                continue;
            }
            if let Some(&owner) = site.by_url.get(&as_url) {
                diagnostics.push(
                    diagnostic(
                        "alias-collision",
                        format!(
                            "alias '{alias}' is the URL of the page '{}'; the page is kept",
                            site.page(owner).source_path(&site.config).display()
                        ),
                    )
                    .with_help("remove the alias"),
                );
                continue;
            }
            if reserved.contains(path.as_str()) {
                diagnostics.push(
                    diagnostic(
                        "alias-collision",
                        format!("alias '{alias}' is the site's own file {path}; the file is kept"),
                    )
                    .with_help("remove the alias"),
                );
                continue;
            }
            claimants
                .entry(path.clone())
                .or_default()
                .push((page.id, n));
            claimed.insert(path, page.id);
        }
    }
    for (path, pages) in &claimants {
        diagnostics.extend(duplicate_alias(site, path, pages));
    }
    claimed
        .into_iter()
        .map(|(path, target)| Alias { path, target })
        .collect()
}

/// One finding for an alias claimed by several pages, at the first of
/// them, unless they are all one page in several languages (then the last
/// language wins, as in Hugo, and it makes no difference).
fn duplicate_alias(site: &Site, path: &str, pages: &[(PageId, usize)]) -> Option<Diagnostic> {
    let [(first, n), .., (winner, _)] = pages else {
        return None;
    };
    let group = &site.page(*first).translation_key;
    if pages
        .iter()
        .all(|(id, _)| &site.page(*id).translation_key == group)
    {
        return None;
    }
    let first_page = site.page(*first);
    let alias = &first_page.front.aliases[*n];
    let others: Vec<String> = pages[1..]
        .iter()
        .take(3)
        .map(|(id, _)| {
            site.page(*id)
                .source_path(&site.config)
                .display()
                .to_string()
        })
        .collect();
    let more = match pages.len() - 1 {
        n if n > others.len() => format!(" and {} more", n - others.len()),
        _ => String::new(),
    };
    let mut d = Diagnostic::warning(
        "alias-duplicate",
        first_page.source_path(&site.config),
        format!(
            "alias '{alias}' ({path}) is also claimed by {}{more}; the last, '{}', wins, as in Hugo",
            others.join(", "),
            site.page(*winner).source_path(&site.config).display()
        ),
    )
    .at_offset(&first_page.text, alias_offset(first_page, *n))
    .with_help("keep the alias on the one page it should lead to");
    d.severity = crate::diagnostics::Severity::Warning;
    Some(d)
}

/// The output file of an alias, or `None` if it would escape the output.
fn alias_path(config: &Config, page: &Page, alias: &str) -> Option<String> {
    if alias.contains("://") || alias.starts_with("//") || alias.contains('\\') {
        return None;
    }
    let joined = if alias.starts_with('/') {
        alias.to_string()
    } else {
        // Relative aliases are relative to the folder the page's URL is in.
        let page_url = config.output_rel(&page.url);
        let page_url = page_url.trim_end_matches('/');
        let parent = page_url.rsplit_once('/').map_or("", |(p, _)| p);
        format!("{parent}/{alias}")
    };
    let path = url::normalize(&joined)?;
    if path.is_empty() {
        return None;
    }
    if path.ends_with(".html") || path.ends_with(".htm") {
        Some(path)
    } else {
        Some(format!("{path}/index.html"))
    }
}

/// A page whose URL cannot be written (`url: /../x`, a slug of 300
/// characters, a tag `..`): a finding at the front matter that made the
/// URL (for a term's page, the first page naming the term); the page is
/// left out and the rest of the site built.
fn unwritable_url(config: &Config, pages: &[Page], page: &Page, reason: &str) -> Diagnostic {
    let (from, at) = if page.source.is_some() {
        (page, url_key_line(page))
    } else {
        // A made-up page (a taxonomy term): where its name is written.
        let naming = pages
            .iter()
            .filter(|p| p.source.is_some())
            .find_map(|p| Some((p, Some(front_text(p).find(page.title.as_str())?))));
        naming.unwrap_or((page, None))
    };
    let diagnostic = Diagnostic::error(
        "url-unwritable",
        from.source_path(config),
        format!("the URL {} cannot be written: {reason}", page.url),
    )
    .with_help(
        "the page is left out; give it a URL inside the site (its url, slug, file name or term)",
    );
    diagnostic.at_found_offset(&from.text, at)
}

/// Where the page's URL was set: the line of its `url` or (failing
/// that) `slug` in the front matter, if it has either.
fn url_key_line(page: &Page) -> Option<usize> {
    [("url", &page.front.url), ("slug", &page.front.slug)]
        .into_iter()
        .find(|(_, value)| value.is_some())
        .and_then(|(key, _)| front_matter::key_line(front_text(page), key))
}

/// The page's text up to its body: the front matter with its fences.
fn front_text(page: &Page) -> &str {
    &page.text[..page.body_offset.min(page.text.len())]
}

/// Dates in the front matter that are not dates (`2024-13-45`): a warning
/// each at its line; the page is built as if the date were not there (Hugo
/// stops the build).
fn invalid_dates(
    display: &std::path::Path,
    text: &str,
    body_offset: usize,
    front: &FrontMatter,
) -> Vec<Diagnostic> {
    let fenced = &text[..body_offset.min(text.len())];
    let fields: [(&Option<String>, &[&str]); 3] = [
        (&front.date, &["date"]),
        (&front.publish_date, front_matter::PUBLISH_DATE_KEYS),
        (&front.expiry_date, front_matter::EXPIRY_DATE_KEYS),
    ];
    fields
        .into_iter()
        .filter_map(|(value, keys)| {
            // An empty date is no date, as in Hugo.
            let value = value.as_deref().filter(|v| !v.trim().is_empty())?;
            if super::dates::parse(value).is_some() {
                return None;
            }
            let diagnostic = Diagnostic::warning(
                "date-invalid",
                display,
                format!("'{value}' is not a date; the page is built as if it had none"),
            )
            .with_help("write it as 2024-01-31 or 2024-01-31T09:00:00+01:00");
            let at = keys
                .iter()
                .find_map(|key| front_matter::key_line(fenced, key));
            Some(diagnostic.at_found_offset(text, at))
        })
        .collect()
}

/// An error about `alias` (`alias '/x' {problem}`) at the front-matter
/// line of the page that declares it.
pub fn alias_finding(site: &Site, alias: &Alias, code: &'static str, problem: &str) -> Diagnostic {
    let page = site.page(alias.target);
    let n =
        page.front.aliases.iter().position(|a| {
            alias_path(&site.config, page, a).as_deref() == Some(alias.path.as_str())
        });
    let written = n.map_or(alias.path.as_str(), |n| page.front.aliases[n].as_str());
    Diagnostic::error(
        code,
        page.source_path(&site.config),
        format!("alias '{written}' {problem}"),
    )
    .at_found_offset(&page.text, n.map(|n| alias_offset(page, n)))
}

/// Byte offset of the `n`th alias in the page's front matter, or the
/// `aliases` key, or the start of the file.
fn alias_offset(page: &Page, n: usize) -> usize {
    let alias = &page.front.aliases[n];
    let front = &page.text[..page.body_offset.min(page.text.len())];
    // Searched in the text itself: an offset found in a lowercased copy
    // does not fit the original when lowercasing changes a character's
    // length (the Kelvin sign U+212A becomes a one-byte `k`).
    let key = front
        .as_bytes()
        .windows("aliases".len())
        .position(|w| w.eq_ignore_ascii_case(b"aliases"))
        .unwrap_or(0);
    front[key..].find(alias.as_str()).map_or(key, |i| key + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_collate_as_in_norwegian() {
        let mut titles = vec!["Zeta", "alpha", "Øst", "Beta", "Ære", "Ås", "émile"];
        titles.sort_by_key(|t| collation_key(t));
        assert_eq!(
            titles,
            ["alpha", "Beta", "émile", "Zeta", "Ære", "Øst", "Ås"]
        );
    }

    #[test]
    fn humanize_makes_titles() {
        assert_eq!(humanize("a/register_ER"), "Register ER");
        assert_eq!(humanize("type-accessgroups"), "Type accessgroups");
    }
}
