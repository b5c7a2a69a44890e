//! Internal links and anchors, judged on the final HTML of every page.

use std::collections::{HashMap, HashSet, VecDeque};

use percent_encoding::percent_decode_str;

use super::html::Scan;
use super::{At, FoundLink};
use crate::content::{Page, PageId, Site, url};
use crate::diagnostics::Severity;

/// Everything a link can land on.
pub struct Targets<'a> {
    pub site: &'a Site,
    /// Page → the fragments that exist on it.
    pub anchors: HashMap<PageId, &'a HashSet<String>>,
    /// Alias URL → the page it redirects to.
    pub aliases: HashMap<String, PageId>,
    /// URLs of written files (resources, static files, generated files).
    pub files: HashSet<String>,
    /// Pages with shortcodes brygge could not render: their anchors are
    /// not known for certain.
    pub incomplete: HashSet<PageId>,
    /// Page URLs by top-level folder ([`urls_by_folder`]), for "did you
    /// mean".
    pub urls_by_folder: HashMap<&'a str, Vec<&'a str>>,
}

/// What a link resolved to.
enum Landing {
    Page(PageId),
    Alias(PageId),
    File,
}

/// A link found in a page, with where it was written.
pub struct Found<'a> {
    pub page: PageId,
    pub value: &'a str,
    /// The link names its target language (`hreflang`).
    pub names_language: bool,
    /// Where it was written, or `None` when a template made it.
    pub at: Option<&'a At>,
}

/// External links found, by URL, with the pages that use them.
pub type External = Vec<(String, PageId, Option<At>)>;

impl Targets<'_> {
    /// Checks one link; returns diagnostics (located by the caller) and
    /// collects external links.
    pub fn check(
        &self,
        link: &Found<'_>,
        external: &mut External,
    ) -> Vec<(Severity, &'static str, String, Option<String>)> {
        let site = self.site;
        let page = site.page(link.page);
        let value = link.value.trim();
        if value.is_empty() {
            return vec![(
                Severity::Error,
                "link-empty",
                "link has an empty target".into(),
                None,
            )];
        }
        match is_ignored(value) {
            Ignored::Yes => return Vec::new(),
            Ignored::Unsafe => return vec![unsafe_link(value)],
            Ignored::No => {}
        }
        let Some(internal) = self.internal_part(value) else {
            external.push((value.to_string(), link.page, link.at.cloned()));
            return Vec::new();
        };
        let (path, fragment) = split(&internal);
        let fragment = decode(fragment);
        if path.is_empty() {
            return self.check_fragment(link.page, &fragment, value);
        }
        let Some(absolute) = absolute_path(&page.url, path) else {
            return vec![(
                Severity::Error,
                "link-broken",
                format!("link '{value}' climbs above the site root"),
                None,
            )];
        };
        let absolute = decode(&absolute);
        match self.land(&absolute) {
            Some(Landing::Page(target)) => {
                let mut found = if link.names_language {
                    Vec::new()
                } else {
                    self.check_language(link.page, target, value)
                };
                found.extend(self.check_fragment(target, &fragment, value));
                found
            }
            Some(Landing::Alias(target)) => {
                let mut found =
                    self.unprefixed(link.page, &absolute, &internal, value, Some(target));
                found.extend(self.check_fragment(target, &fragment, value));
                found
            }
            Some(Landing::File) => Vec::new(),
            None => {
                let mut found = self.unprefixed(link.page, &absolute, &internal, value, None);
                if found.is_empty() {
                    let message = match missing_content_file(site, link.page, path) {
                        Some(file) => format!(
                            "link '{value}' names the content file {file}, which does not exist"
                        ),
                        None => format!(
                            "link '{value}' goes to {absolute}, which is not a page or file of this site"
                        ),
                    };
                    found.push((
                        Severity::Error,
                        "link-broken",
                        message,
                        self.nearest_url(&absolute)
                            .map(|u| format!("did you mean {u}?")),
                    ));
                }
                found
            }
        }
    }

    /// The site-internal part of a link (`/path#frag`, `rel/path`, `#frag`),
    /// or `None` for external links.
    fn internal_part(&self, value: &str) -> Option<String> {
        if !has_scheme(value) && !value.starts_with("//") {
            return Some(value.to_string());
        }
        let base = &self.site.config.base_url;
        let base = base.trim_end_matches('/');
        let without_scheme = |u: &str| {
            u.split_once("://")
                .map_or(u.to_string(), |(_, r)| r.to_string())
        };
        let base_rest = without_scheme(base);
        let value_rest = without_scheme(value.trim_start_matches("//"));
        if base.contains("://") && value_rest.starts_with(&base_rest) {
            let rest = &value_rest[base_rest.len()..];
            if rest.is_empty() || rest.starts_with(['/', '#', '?']) {
                let origin_path = self.site.config.base_path.trim_end_matches('/');
                return Some(format!(
                    "{origin_path}{}",
                    if rest.is_empty() { "/" } else { rest }
                ));
            }
        }
        None
    }

    fn land(&self, path: &str) -> Option<Landing> {
        let site = self.site;
        let with_slash = format!("{}/", path.trim_end_matches('/'));
        for candidate in [path, with_slash.as_str()] {
            if let Some(&id) = site.by_url.get(candidate) {
                return Some(Landing::Page(id));
            }
            if let Some(&id) = self.aliases.get(candidate) {
                return Some(Landing::Alias(id));
            }
        }
        let index = format!("{with_slash}index.html");
        if self.files.contains(path) || self.files.contains(&index) {
            return Some(Landing::File);
        }
        None
    }

    fn check_fragment(
        &self,
        target: PageId,
        fragment: &str,
        value: &str,
    ) -> Vec<(Severity, &'static str, String, Option<String>)> {
        if fragment.is_empty()
            || fragment == "top"
            || fragment.starts_with('/')
            || fragment.starts_with('!')
        {
            return Vec::new();
        }
        let Some(anchors) = self.anchors.get(&target) else {
            return Vec::new();
        };
        if anchors.contains(fragment) {
            return Vec::new();
        }
        let page = self.site.page(target);
        if self.incomplete.contains(&target) {
            return vec![(
                Severity::Info,
                "anchor-unverified",
                format!(
                    "link '{value}': {} has no anchor '#{fragment}', but the page calls shortcodes brygge cannot render",
                    page.url
                ),
                Some("give those shortcodes templates to check this link".into()),
            )];
        }
        // In order, so that the first of equally close ids is always the same.
        let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
        ids.sort_unstable();
        let help = crate::suggest::closest(fragment, &ids, SUGGESTION_THRESHOLD)
            .map(|n| format!("did you mean #{}?", ids[n]));
        vec![(
            Severity::Error,
            "anchor-missing",
            format!("link '{value}': {} has no anchor '#{fragment}'", page.url),
            help,
        )]
    }

    /// A link to the other language's page where this language has one.
    fn check_language(
        &self,
        from: PageId,
        target: PageId,
        value: &str,
    ) -> Vec<(Severity, &'static str, String, Option<String>)> {
        let site = self.site;
        let from_lang = &site.page(from).lang;
        let target_page = site.page(target);
        if &target_page.lang == from_lang {
            return Vec::new();
        }
        match site.in_language(target, from_lang) {
            Some(same) => vec![(
                Severity::Warning,
                "link-other-language",
                format!(
                    "link '{value}' goes to the {} page though a {from_lang} page exists",
                    target_page.lang
                ),
                Some(format!("link to {}", site.page(same).url)),
            )],
            None => Vec::new(),
        }
    }

    /// A root-relative link without a language prefix in a site whose
    /// languages all have prefixes.
    fn unprefixed(
        &self,
        from: PageId,
        absolute: &str,
        internal: &str,
        value: &str,
        redirects_to: Option<PageId>,
    ) -> Vec<(Severity, &'static str, String, Option<String>)> {
        let site = self.site;
        let config = &site.config;
        if !config.default_language_in_subdir || !internal.starts_with('/') {
            return Vec::new();
        }
        let rest = absolute
            .strip_prefix(config.base_path.as_str())
            .unwrap_or(absolute);
        let first = rest.split('/').next().unwrap_or("");
        // Files (images, PDFs) have no language: a missing one is just broken.
        let last = rest.rsplit('/').next().unwrap_or("");
        if last.contains('.') {
            return Vec::new();
        }
        if config.language(first).is_some() || self.files.contains(absolute) {
            return Vec::new();
        }
        let lang = &site.page(from).lang;
        let suggestion = match redirects_to {
            Some(target) => site.page(target).url.clone(),
            None => format!("{}{}", config.language_prefix(lang), rest),
        };
        let (severity, note) = if redirects_to.is_some() {
            (Severity::Warning, "it only works through a redirect")
        } else {
            (Severity::Error, "no page has that URL")
        };
        vec![(
            severity,
            "link-no-language",
            format!("link '{value}' has no language prefix; {note}"),
            Some(format!("write {suggestion}")),
        )]
    }

    /// The page URL closest to a broken one, among URLs in the same
    /// top-level folder (comparing against all would cost too much).
    fn nearest_url(&self, path: &str) -> Option<String> {
        let urls = self.urls_by_folder.get(top_folder(path))?;
        let index = crate::suggest::closest(path, urls, SUGGESTION_THRESHOLD)?;
        Some(urls[index].to_string())
    }
}

/// Below this similarity no URL or anchor is suggested for a broken link.
const SUGGESTION_THRESHOLD: f64 = 0.6;

/// The page URLs of `site` by their top-level folder ([`top_folder`]), each
/// folder's in order.
pub fn urls_by_folder(site: &Site) -> HashMap<&str, Vec<&str>> {
    let mut folders: HashMap<&str, Vec<&str>> = HashMap::new();
    for url in site.by_url.keys() {
        folders.entry(top_folder(url)).or_default().push(url);
    }
    for urls in folders.values_mut() {
        urls.sort_unstable();
    }
    folders
}

/// A path up to its second folder: `/nb/a/b/` → `/nb/a`, `/a` → `/a`.
fn top_folder(path: &str) -> &str {
    match path.match_indices('/').nth(2) {
        Some((end, _)) => &path[..end],
        None => path,
    }
}

/// Whether a link is one to check.
#[derive(Debug, PartialEq, Eq)]
enum Ignored {
    No,
    /// Not a link to check: mail, phone, data, `#` and Swagger-style
    /// `#/...` routes.
    Yes,
    /// A link that runs script (`javascript:`, `vbscript:`): a finding.
    Unsafe,
}

/// Which links are not links to check, and which run script. The scheme is
/// read as a browser reads it: case-insensitive, after leading spaces and
/// control characters, with tabs and line breaks anywhere removed.
fn is_ignored(value: &str) -> Ignored {
    let scheme: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        return Ignored::Unsafe;
    }
    let ignored = ["mailto:", "tel:", "data:", "sms:", "about:"]
        .iter()
        .any(|s| scheme.starts_with(s))
        || value == "#"
        || value.starts_with("#/")
        || value.starts_with("#!");
    if ignored { Ignored::Yes } else { Ignored::No }
}

/// The finding for a link that runs script.
fn unsafe_link(value: &str) -> (Severity, &'static str, String, Option<String>) {
    let shown: String = value.chars().take(60).collect();
    let more = if shown.len() < value.len() { "…" } else { "" };
    (
        Severity::Error,
        "link-unsafe",
        format!("link '{shown}{more}' runs script when followed"),
        Some("link to a page or a file; a script belongs in a template, not in content".into()),
    )
}

fn has_scheme(value: &str) -> bool {
    crate::links::has_scheme(value)
}

/// `path?query#fragment` → (`path`, `fragment`).
fn split(value: &str) -> (&str, &str) {
    let (before_fragment, fragment) = value.split_once('#').unwrap_or((value, ""));
    let path = before_fragment
        .split_once('?')
        .map_or(before_fragment, |(p, _)| p);
    (path, fragment)
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Resolves `path` against the page URL `base` (a folder URL), `..` included.
fn absolute_path(base: &str, path: &str) -> Option<String> {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}{path}")
    };
    let trailing = joined.ends_with('/') || joined.ends_with("/.") || joined.ends_with("/..");
    let normal = url::normalize(&joined)?;
    let mut result = format!("/{normal}");
    if trailing && !result.ends_with('/') {
        result.push('/');
    }
    Some(result)
}

/// What a page's links can have come from: its Markdown links (offsets in
/// the page file), its shortcodes' output (the call's offset) and the files
/// it inserted.
pub struct Sources<'p> {
    page: &'p Page,
    /// Decoded href → offsets of the Markdown links with it, in order.
    markdown: HashMap<String, VecDeque<(usize, &'p str)>>,
    /// Decoded value → offsets of the calls whose output holds it,
    /// innermost call first.
    shortcodes: HashMap<String, VecDeque<usize>>,
    inserted: &'p [crate::shortcodes::Inserted],
}

impl<'p> Sources<'p> {
    pub fn new(
        page: &'p Page,
        markdown_links: &'p [crate::markdown::Link],
        expansion: &'p crate::shortcodes::Expansion,
    ) -> Self {
        let mut markdown: HashMap<String, VecDeque<(usize, &str)>> = HashMap::new();
        for link in markdown_links {
            markdown
                .entry(decode(&link.href))
                .or_default()
                .push_back((link.offset, link.original.as_str()));
        }
        // Outputs are numbered in the order calls finished: an inner call
        // before the one around it, so the first output holding a link is
        // the innermost call that made it.
        let mut shortcodes: HashMap<String, VecDeque<usize>> = HashMap::new();
        for (output, &offset) in expansion.outputs.iter().zip(&expansion.output_offsets) {
            if !output.contains("href") && !output.contains("src") {
                continue;
            }
            for link in super::html::scan(output).links {
                shortcodes
                    .entry(decode(&link.value))
                    .or_default()
                    .push_back(offset);
            }
        }
        Sources {
            page,
            markdown,
            shortcodes,
            inserted: &expansion.inserted,
        }
    }

    /// Where each rendered link was written. Links in the page's content
    /// are located at their Markdown link, else where the page's text holds
    /// the URL, else at the shortcode call whose output holds it; a link
    /// that came from an inserted file is located in that file. The page's
    /// other links were made by its template (no place).
    pub fn locate(mut self, full: &Scan, content: &Scan) -> Vec<FoundLink> {
        let mut in_content: HashMap<(&str, bool), usize> = HashMap::new();
        let mut found: Vec<FoundLink> = Vec::with_capacity(full.links.len());
        for link in &content.links {
            *in_content
                .entry((link.value.as_str(), link.names_language))
                .or_insert(0) += 1;
            let at = self.place(&link.value);
            found.push(FoundLink {
                value: link.value.clone(),
                names_language: link.names_language,
                at,
            });
        }
        for link in &full.links {
            match in_content.get_mut(&(link.value.as_str(), link.names_language)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => found.push(FoundLink {
                    value: link.value.clone(),
                    names_language: link.names_language,
                    at: None,
                }),
            }
        }
        found
    }

    fn place(&mut self, value: &str) -> Option<At> {
        let decoded = decode(value);
        let source = self.page;
        if let Some((offset, written)) = self
            .markdown
            .get_mut(&decoded)
            .and_then(VecDeque::pop_front)
        {
            return Some(
                self.in_inserted(offset, written)
                    .unwrap_or(At::Page(offset)),
            );
        }
        if let Some(i) = source.body().find(value) {
            return Some(At::Page(source.body_offset + i));
        }
        let offset = self
            .shortcodes
            .get_mut(&decoded)
            .and_then(VecDeque::pop_front)?;
        Some(self.in_inserted(offset, value).unwrap_or(At::Page(offset)))
    }

    /// Where `written` stands in the file inserted by the call at
    /// `offset`, if that call inserted a file that holds it.
    fn in_inserted(&self, offset: usize, written: &str) -> Option<At> {
        let inserted = self.inserted.iter().find(|i| i.call_offset == offset)?;
        let at = inserted.text.find(written)?;
        let (line, column) = crate::diagnostics::line_col(&inserted.text, at);
        Some(At::File {
            path: inserted.file.clone(),
            line,
            column,
        })
    }
}

/// For a relative link to a Markdown file (`../old.nb.md`, which Hugo
/// resolves from the page's source file), the content file it names, as
/// the writer would look for it (`content/old.nb.md`).
fn missing_content_file(site: &Site, page: PageId, path: &str) -> Option<String> {
    let path = decode(path);
    if path.starts_with('/') || !crate::content::is_markdown(&path) {
        return None;
    }
    site.page(page).source.as_ref()?;
    let file = site.linked_file(page, &path)?;
    let content = crate::content::slash_path(&site.config.content_dir);
    Some(format!("{content}/{file}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_page_folder() {
        assert_eq!(
            absolute_path("/nb/a/b/", "img.png").as_deref(),
            Some("/nb/a/b/img.png")
        );
        assert_eq!(
            absolute_path("/nb/a/b/", "../c/").as_deref(),
            Some("/nb/a/c/")
        );
        assert_eq!(absolute_path("/nb/a/b/", "/x/../y").as_deref(), Some("/y"));
        assert_eq!(absolute_path("/nb/", "../../x"), None);
    }

    #[test]
    fn ignored_links() {
        for value in [
            "mailto:a@b",
            "tel:123",
            "#",
            "#/Decision/x",
            "data:image/png;base64,x",
        ] {
            assert_eq!(is_ignored(value), Ignored::Yes, "{value}");
        }
        assert_eq!(is_ignored("#top-1"), Ignored::No);
        assert_eq!(is_ignored("/nb/javascript:/"), Ignored::No);
        for value in [
            "javascript:void(0)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "jav\nascript:alert(1)",
            "vbscript:msgbox",
        ] {
            assert_eq!(is_ignored(value), Ignored::Unsafe, "{value:?}");
        }
    }

    #[test]
    fn a_url_is_suggested_from_its_own_top_folder() {
        assert_eq!(top_folder("/nb/a/b/c/"), "/nb/a");
        assert_eq!(top_folder("/nb/a"), "/nb/a");
        assert_eq!(top_folder("/a"), "/a");
        assert_eq!(top_folder(""), "");
    }
}
