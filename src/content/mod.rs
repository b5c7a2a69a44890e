//! The content model: pages, sections, translations, URLs and aliases.
//!
//! [`Sources`] walks `content/` and reads every page file (front matter,
//! language, kind), and can re-read just the files that changed;
//! [`assemble`] builds the [`Site`] index that every later stage reads:
//! pages by id, URL and source path, the section tree per language,
//! translations and aliases. Page ids are stable: a page keeps its id (given
//! by its [`PageKey`], language and source path) across re-assemblies, so
//! adding or removing a file renumbers nothing. It knows nothing of HTML or
//! of writing output.

mod cascade;
pub mod dates;
mod files;
pub mod front_matter;
mod index;
mod taxonomies;
pub mod url;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;

pub use files::{ancestors as ancestor_dirs, is_hidden_file, is_markdown, slash_path};
pub use front_matter::{FrontMatter, Overview};
pub use index::{Alias, Keys, Refresh, Sources, alias_finding, assemble, load};

use crate::config::Config;

/// A page's stable identity: its language and its source file (relative
/// to the content folder), or for a page brygge makes up (a home or section
/// without an `_index` file) its folder followed by `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageKey {
    pub lang: String,
    pub path: String,
}

/// A short handle for a [`PageKey`], given out by [`Keys`]: the same key
/// always gets the same id, so ids survive re-assembling the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub u32);

impl PageId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    Section,
    Page,
    /// A taxonomy's list of terms (`/tags/`).
    Taxonomy,
    /// One term's list of pages (`/tags/go/`).
    Term,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
            PageKind::Taxonomy => "taxonomy",
            PageKind::Term => "term",
        }
    }

    /// Home and sections list their children.
    pub fn is_list(self) -> bool {
        self != PageKind::Page
    }
}

/// One page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub kind: PageKind,
    pub lang: String,
    /// Path relative to the content folder; `None` for pages brygge made up
    /// (a home or top-level section with no `_index` file, a taxonomy or
    /// term page).
    pub source: Option<String>,
    /// The source path as the site sees it: without its content mount's
    /// folder (the same as `source` with one content folder); empty for
    /// made-up pages.
    pub path: String,
    /// The whole file, for locating diagnostics; empty for made-up pages.
    pub text: Arc<str>,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
    pub front: FrontMatter,
    /// The title to show: front matter, or derived from the file name.
    pub title: String,
    /// The content folder this page stands for (sections, bundles) or lives in.
    pub dir: String,
    /// Root-relative URL, e.g. `/nb/authorization/`; empty when not published.
    pub url: String,
    /// Pages with the same key are translations of each other.
    pub translation_key: String,
    pub parent: Option<PageId>,
    /// Child sections and pages, in Hugo's default order.
    pub children: Vec<PageId>,
    /// The listed pages before and after this one among its parent's
    /// children (its previous and next page), set once the tree is linked.
    pub neighbours: (Option<PageId>, Option<PageId>),
    /// The same page in other languages, in language order.
    pub translations: Vec<PageId>,
    /// Files beside the page (bundle resources), relative to the content folder.
    pub resources: Vec<String>,
    /// Written to the output (false for headless pages and `build:
    /// {render: never}`).
    pub published: bool,
    /// In its section's list, the navigation and taxonomies (false when
    /// not published or `build: {list: never}`).
    pub listed: bool,
    /// A hash of the front matter the page took from cascades (0 for
    /// none): part of what other pages may show of it.
    pub inherited: u64,
}

impl Page {
    /// Whether the page appears in menus, lists and previous/next links:
    /// published, not hidden, and not a part of the theme.
    pub fn in_menus(&self) -> bool {
        self.published && !self.front.hidden && !self.is_theme_part()
    }

    /// Whether search engines and the site's search know the page:
    /// published, with a URL, and not a part of the theme. Hidden pages are
    /// in (they can be linked to); `hidden` only keeps a page out of menus.
    pub fn is_findable(&self) -> bool {
        self.published && !self.url.is_empty() && !self.is_theme_part()
    }

    /// The Hugo themes of the Altinn docs read `content/_header.md` (and
    /// `_footer.md`) as part of the page frame: Hugo writes them as pages,
    /// but they are no entry in any menu, list or search index.
    pub fn is_theme_part(&self) -> bool {
        self.source.as_deref().is_some_and(|source| {
            !source.contains('/')
                && (source.starts_with("_header.") || source.starts_with("_footer."))
        })
    }

    /// A page no file makes: a home or section page Hugo creates for a
    /// folder without `_index.md`, a taxonomy or a term page. A page read
    /// from a file starts from it too, with its own source, text and front
    /// matter. Its id, URL and relations are set when the index is built.
    pub(crate) fn made_up(lang: &str, dir: String, kind: PageKind, title: String) -> Page {
        Page {
            id: PageId(u32::MAX),
            kind,
            lang: lang.to_string(),
            source: None,
            path: String::new(),
            text: Arc::from(""),
            body_offset: 0,
            front: front_matter::FrontMatter::default(),
            title,
            translation_key: if dir.is_empty() {
                "_index".to_string()
            } else {
                format!("{dir}/_index")
            },
            dir,
            url: String::new(),
            parent: None,
            children: Vec::new(),
            neighbours: (None, None),
            translations: Vec::new(),
            resources: Vec::new(),
            published: true,
            listed: true,
            inherited: 0,
        }
    }

    /// The page's stable key.
    pub fn key(&self) -> PageKey {
        PageKey {
            lang: self.lang.clone(),
            path: match &self.source {
                Some(source) => source.clone(),
                None => format!("{}/", self.dir),
            },
        }
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The page is tagged as still in the other language (see
    /// [`Page::translation_tag`]).
    pub fn needs_translation(&self) -> bool {
        self.translation_tag().is_some()
    }

    /// The tag that marks the page as waiting for its translation:
    /// `needstranslation`, or `translate-to-LANGUAGE` (both are used in
    /// the Altinn docs).
    pub fn translation_tag(&self) -> Option<&str> {
        self.front.tags.iter().map(String::as_str).find(|tag| {
            tag.eq_ignore_ascii_case("needstranslation")
                || tag
                    .get(..13)
                    .is_some_and(|start| start.eq_ignore_ascii_case("translate-to-"))
        })
    }

    /// The menu title: `linktitle`, else `title`.
    pub fn link_title(&self) -> &str {
        self.front
            .linktitle
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or(&self.title)
    }

    /// The source file relative to the site root, for diagnostics.
    pub fn source_path(&self, config: &Config) -> PathBuf {
        match &self.source {
            Some(rel) => config.content_dir.join(rel),
            None => config.content_dir.clone(),
        }
    }

    /// Where the page's HTML goes, relative to the output folder.
    pub fn output_file(&self, config: &Config) -> String {
        let mut rel = config.output_rel(&self.url);
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
            rel
        } else {
            // A front-matter `url` naming a file (`/x/page.html`).
            rel
        }
    }
}

/// Where the redirect at the site's root goes, relative to the output folder.
pub const ROOT_REDIRECT: &str = "index.html";

/// Whether the site's root gets a redirect to the default language's home:
/// when that language has a folder of its own, and no page (`page_at_root`)
/// has the root's URL.
pub fn needs_root_redirect(config: &Config, page_at_root: bool) -> bool {
    config.default_language_in_subdir && !page_at_root
}

/// A page's summary as plain text, as lists show it: its `summary` front
/// matter, else the text before `<!--more-->`, else, as Hugo's automatic
/// summary, its paragraphs (heading text included) up to the one in which
/// word number `length` (Hugo's `summaryLength`, 70 by default) falls. Code
/// blocks, HTML and shortcode calls are skipped and Markdown marks removed.
/// `None` when there is no text.
pub fn summary(front: &FrontMatter, body: &str, length: usize) -> Option<String> {
    if let Some(summary) = front.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        return Some(summary.trim().to_string());
    }
    let (source, has_more) = match memchr::memmem::find(body.as_bytes(), b"<!--more-->") {
        Some(i) => (&body[..i], true),
        None => (body, false),
    };
    let mut paragraph = Vec::new();
    let mut words = 0;
    let mut fenced = false;
    // Lines found with one memchr scan (`str::lines` looks for each line
    // end anew). Unlike `lines`, a line keeps a `\r` before its `\n`, which
    // `trim` removes, and a body ending in `\n` gives a last, empty line,
    // which is skipped like any empty line.
    let mut start = 0;
    let line_ends = memchr::memchr_iter(b'\n', source.as_bytes()).chain([source.len()]);
    for end in line_ends {
        let line = &source[start..end];
        start = end + 1;
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        let skip = fenced
            || trimmed.starts_with('<')
            || trimmed.starts_with("{{")
            || trimmed.starts_with('|')
            || trimmed.starts_with("---");
        if trimmed.is_empty() || skip {
            if !has_more && words >= length {
                break;
            }
            continue;
        }
        let text = trimmed.trim_start_matches('#').trim_start();
        words += word_count(text);
        paragraph.push(text);
    }
    let plain = without_marks(&without_shortcode_calls(&paragraph.join(" ")));
    let trimmed = plain.trim();
    let plain = if trimmed.len() == plain.len() {
        plain
    } else {
        trimmed.to_string()
    };
    (!plain.is_empty()).then_some(plain)
}

/// The number of words of `text` as `split_whitespace` counts them (a
/// summary counts every line it takes). Outside ASCII, every whitespace
/// character starts with one of four bytes: without them, a byte is a
/// space exactly when it is an ASCII one, and a word starts at each byte
/// that is not, after one that is.
fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    if memchr::memchr2(0xC2, 0xE2, bytes).is_some() || memchr::memchr2(0xE1, 0xE3, bytes).is_some()
    {
        return text.split_whitespace().count();
    }
    let mut previous = b' ';
    let mut count = 0;
    for &byte in bytes {
        count += usize::from(is_ascii_space(previous) && !is_ascii_space(byte));
        previous = byte;
    }
    count
}

/// `char::is_whitespace` on an ASCII byte: also vertical tab, unlike
/// `u8::is_ascii_whitespace`.
pub(crate) const fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `text` without Markdown's emphasis and code marks and brackets, and
/// without link targets (`](...)`). The marks are ASCII: the text between
/// them is copied in pieces.
fn without_marks(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut plain = String::with_capacity(text.len());
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'*' | b'_' | b'`' | b'[' => {
                plain.push_str(&text[run..i]);
                run = i + 1;
            }
            b']' if bytes.get(i + 1) == Some(&b'(') => {
                plain.push_str(&text[run..i]);
                // To the `)` that ends the target, or to the end.
                i = memchr::memchr(b')', &bytes[i..]).map_or(bytes.len(), |j| i + j);
                run = (i + 1).min(bytes.len());
            }
            _ => {}
        }
        i += 1;
    }
    plain.push_str(&text[run..]);
    plain
}

/// `text` without the shortcode calls in it (`{{< x >}}`, `{{% x %}}`):
/// a summary is plain text, and the calls' output is not known here.
/// Borrowed when there is none (most summaries).
fn without_shortcode_calls(text: &str) -> Cow<'_, str> {
    let Some(first) = crate::shortcodes::parse::find_tag_start(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut next = Some(first);
    while let Some(start) = next {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        rest = match after.find(">}}").or_else(|| after.find("%}}")) {
            Some(end) => &after[end + 3..],
            None => "",
        };
        next = crate::shortcodes::parse::find_tag_start(rest, 0);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The index of a whole site, built by [`assemble`].
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Pages by id; `None` where an id belongs to a page not in this site.
    slots: Vec<Option<Page>>,
    /// Every page's id, in source-path order (made-up pages last).
    order: Vec<PageId>,
    pub by_url: FxHashMap<String, PageId>,
    /// Content-relative source path → page.
    pub by_source: FxHashMap<String, PageId>,
    /// Lowercased source path → the first page (in source order) with it.
    by_source_lowercase: FxHashMap<String, PageId>,
    /// Where content folders are mounted: the path as the site sees it →
    /// the first page with it (empty when there is one content folder).
    by_path: FxHashMap<String, PageId>,
    /// Each language's home page.
    pub homes: BTreeMap<String, PageId>,
    pub aliases: Vec<Alias>,
    /// Files to copy: (content-relative source, output-relative destination).
    pub resources: Vec<(String, String)>,
}

impl Site {
    /// The listed pages before and after `id` among its parent's children,
    /// in Hugo's order (its previous and next page).
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        self.get(id).map_or((None, None), |page| page.neighbours)
    }

    /// The page with this id. Ids come from this site's index, so the page
    /// exists; an id from another assembly of a changed site may not:
    /// use [`Site::get`] for those.
    pub fn page(&self, id: PageId) -> &Page {
        match self.get(id) {
            Some(page) => page,
            None => panic!("page id {} is not in this site", id.0),
        }
    }

    /// The page with this id, if it is in this site.
    pub fn get(&self, id: PageId) -> Option<&Page> {
        self.slots.get(id.index()).and_then(Option::as_ref)
    }

    fn page_mut(&mut self, id: PageId) -> &mut Page {
        match self.slots.get_mut(id.index()).and_then(Option::as_mut) {
            Some(page) => page,
            None => panic!("page id {} is not in this site", id.0),
        }
    }

    /// Every page, in source-path order.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        self.order.iter().map(|&id| self.page(id))
    }

    /// Whether the site writes a redirect at its root to the default
    /// language's home (see [`needs_root_redirect`]).
    pub fn has_root_redirect(&self) -> bool {
        needs_root_redirect(
            &self.config,
            self.by_url.contains_key(&self.config.base_path),
        )
    }

    /// Published pages, in source-path order.
    pub fn published(&self) -> impl Iterator<Item = &Page> {
        self.pages().filter(|p| p.published)
    }

    /// Replaces the text of a page whose front matter did not change (an
    /// edit of the body only): everything the index derives stays valid.
    pub fn replace_body(&mut self, id: PageId, text: Arc<str>, body_offset: usize) {
        if let Some(Some(page)) = self.slots.get_mut(id.index()) {
            page.text = text;
            page.body_offset = body_offset;
        }
    }

    /// `id`'s page in `lang`: itself or one of its translations.
    pub fn in_language(&self, id: PageId, lang: &str) -> Option<PageId> {
        let page = self.page(id);
        if page.lang == lang {
            return Some(id);
        }
        page.translations
            .iter()
            .copied()
            .find(|&t| self.page(t).lang == lang)
    }

    /// The chain of parents from the home page down to `id`'s parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.page(id).parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.page(parent).parent;
        }
        chain.reverse();
        chain
    }

    /// The nearest section at or above `id` that declares itself an overview.
    pub fn overview_of(&self, id: PageId) -> Option<PageId> {
        let mut current = self.page(id).parent;
        while let Some(parent) = current {
            if self.page(parent).front.overview.is_some() {
                return Some(parent);
            }
            current = self.page(parent).parent;
        }
        None
    }

    /// Resolves a link to a content file (`other.md`, `../x/_index.nb.md`,
    /// `/authorization/x.md`) written in `from`, to the page in `from`'s
    /// language when it exists.
    pub fn resolve_file_link(&self, from: PageId, target: &str) -> Option<PageId> {
        let page = self.page(from);
        let path = self.linked_file(from, target)?;
        let found = self.find_content(&path, &page.lang)?;
        Some(self.in_language(found, &page.lang).unwrap_or(found))
    }

    /// The content-relative path a file link of page `from` names: from
    /// the page's own folder, or from the content folder when it starts
    /// with `/`; `None` when it climbs out of the content folder.
    pub fn linked_file(&self, from: PageId, target: &str) -> Option<String> {
        let base = self
            .page(from)
            .source
            .as_deref()
            .map_or("", |source| files::parent_of(source));
        let joined = match target.strip_prefix('/') {
            Some(rooted) => rooted.to_string(),
            None if base.is_empty() => target.to_string(),
            None => [base, "/", target].concat(),
        };
        url::normalize(&joined)
    }

    /// The page of a content-relative file path (`a/b.md`), trying the
    /// file name with `lang`'s suffix first, then without, then any language;
    /// and at last, like Hugo's page lookup, ignoring case.
    pub fn find_content(&self, path: &str, lang: &str) -> Option<PageId> {
        let stem = path
            .strip_suffix(".md")
            .or_else(|| path.strip_suffix(".markdown"))?;
        // Not `format!`, which costs several times as much, for a lookup
        // made for every link of every page.
        let in_lang = [stem, ".", lang, ".md"].concat();
        // The usual case: the page in the same language, by its source.
        if let Some(&id) = self.by_source.get(&in_lang) {
            return Some(id);
        }
        // The next candidate below, and as usual: a link that names the
        // language (`other.nb.md`).
        if let Some(&id) = self.by_source.get(path) {
            return Some(id);
        }
        let mut candidates = vec![in_lang, path.to_string()];
        candidates.extend(
            self.config
                .languages
                .iter()
                .map(|l| format!("{stem}.{}.md", l.code)),
        );
        candidates
            .iter()
            .find_map(|c| self.by_source.get(c).copied())
            .or_else(|| candidates.iter().find_map(|c| self.by_path.get(c).copied()))
            .or_else(|| {
                candidates.iter().find_map(|c| {
                    self.by_source_lowercase
                        .get(&c.to_ascii_lowercase())
                        .copied()
                })
            })
    }

    /// A root-relative URL path written without a language prefix, as the
    /// page in `lang` (when `lang` has a prefix and that page exists).
    pub fn resolve_unprefixed(&self, lang: &str, path: &str) -> Option<PageId> {
        let prefix = self.config.language_prefix(lang);
        let path = path
            .strip_prefix(self.config.base_path.as_str())
            .map_or(path, |rest| rest);
        if prefix == self.config.base_path || self.starts_with_language(path) {
            return None;
        }
        let mut candidate = format!("{}{}", prefix, path.trim_start_matches('/').to_lowercase());
        if !candidate.ends_with('/') {
            candidate.push('/');
        }
        self.by_url.get(&candidate).copied()
    }

    fn starts_with_language(&self, path: &str) -> bool {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        self.config.language(first).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_summary_takes_the_prose_lines_of_crlf_and_lf_text_alike() {
        let front = FrontMatter::default();
        let body = "# Title\r\n\r\nFirst *line*\r\nsecond line.\r\n\r\n```\r\ncode\r\n```\n| a | b |\n{{< x >}}\nLast";
        assert_eq!(
            summary(&front, body, 2).as_deref(),
            Some("Title First line second line.")
        );
        assert_eq!(
            summary(&front, body, 100).as_deref(),
            Some("Title First line second line. Last")
        );
    }

    /// The plain definition: cut from the first `{{<` or `{{%` to the
    /// first `>}}` after it (else the first `%}}`), or to the end.
    fn without_calls_plainly(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        loop {
            let start = [rest.find("{{<"), rest.find("{{%")]
                .into_iter()
                .flatten()
                .min();
            let Some(start) = start else { break };
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            rest = match after.find(">}}").or_else(|| after.find("%}}")) {
                Some(end) => &after[end + 3..],
                None => "",
            };
        }
        out + rest
    }

    /// The plain definition of [`without_marks`], character by character.
    fn without_marks_plainly(text: &str) -> String {
        let mut plain = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' | '_' | '`' | '[' => {}
                ']' if chars.peek() == Some(&'(') => {
                    for c in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                    }
                }
                other => plain.push(other),
            }
        }
        plain
    }

    #[test]
    fn marks_and_link_targets_are_left_out() {
        assert_eq!(
            without_marks("*Se* [`siden`](a.md#x) og [her](b) _nå_ [x](open"),
            "Se siden og her nå x"
        );
    }

    #[test]
    fn shortcode_calls_are_cut_out() {
        assert_eq!(
            without_shortcode_calls("a {{< x y=\"1\" >}} b {{% z %}}c{{{% w %}} d"),
            "a  b c{ d"
        );
        assert_eq!(
            without_shortcode_calls("no {{ calls }} {{< open"),
            "no {{ calls }} "
        );
    }

    proptest! {
        #[test]
        fn shortcode_calls_are_cut_as_defined(text in "[{}<>% a]{0,40}") {
            prop_assert_eq!(without_shortcode_calls(&text), without_calls_plainly(&text));
        }

        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            text in "[a\u{e6} \t\n\r\u{0b}\u{0c}\u{1}\u{a0}\u{85}\u{a7}\u{1680}\u{16a0}\u{2003}\u{2010}\u{3000}\u{3042}]{0,40}"
        ) {
            prop_assert_eq!(word_count(&text), text.split_whitespace().count());
        }

        /// One kind of character outside ASCII at a time: a space or not,
        /// starting with each of the bytes that may start a space.
        #[test]
        fn words_are_counted_around_each_unicode_space(
            other in proptest::sample::select(vec![
                '\u{85}', '\u{a0}', '\u{a7}', '\u{1680}', '\u{16a0}', '\u{2003}',
                '\u{2010}', '\u{202f}', '\u{3000}', '\u{3042}', '\u{e6}',
            ]),
            text in "[a .]{0,12}",
        ) {
            let text = text.replace('.', &other.to_string());
            prop_assert_eq!(word_count(&text), text.split_whitespace().count());
        }

        #[test]
        fn marks_are_left_out_as_defined(text in "[]()*_`\\[aé ]{0,40}") {
            prop_assert_eq!(without_marks(&text), without_marks_plainly(&text));
        }
    }
}
