//! One page, rendered: shortcodes, then Markdown, then the shortcodes' HTML
//! in place of their placeholders, then the page's template with the
//! navigation of its section. A function of the page and what it reads,
//! which the [`Reader`] notes.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::catalogue::Catalogue;
use crate::check::PageScan;
use crate::content::{PageId, Site};
use crate::deps::{Fact, Reader, Recorder};
use crate::diagnostics::Diagnostic;
use crate::links;
use crate::markdown::{self, Rendered};
use crate::render::context::{self, Body};
use crate::render::{LanguageContext, TemplateError, Templates};
use crate::shortcodes::{self, Expansion};

/// Everything a page's rendering may read; shared by all pages of a pass.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub languages: &'a HashMap<String, LanguageContext>,
    pub catalogue: Option<&'a Catalogue>,
    /// Note what each page reads (for the live preview).
    pub tracking: bool,
    /// Keep what `check` needs of each page.
    pub scanning: bool,
    /// Keep each page's search document, its stems numbered here.
    pub search: Option<&'a crate::search::Stems>,
}

/// Shortcode calls, by name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShortcodeCounts {
    /// Calls rendered (by a template, a built-in or as a placeholder).
    pub rendered: BTreeMap<String, usize>,
    /// Calls of names with no template.
    pub unsupported: BTreeMap<String, usize>,
}

impl ShortcodeCounts {
    pub fn add(&mut self, other: &ShortcodeCounts) {
        for (name, n) in &other.rendered {
            *self.rendered.entry(name.clone()).or_insert(0) += n;
        }
        for (name, n) in &other.unsupported {
            *self.unsupported.entry(name.clone()).or_insert(0) += n;
        }
    }
}

/// A page after rendering: its HTML (none when its template failed) and
/// what the engine keeps of it.
pub struct RenderedPage {
    pub html: Option<Vec<u8>>,
    pub record: PageRecord,
    pub facts: HashSet<Fact>,
}

/// What the engine keeps of a rendered page.
#[derive(Debug, Clone, Default)]
pub struct PageRecord {
    /// The output file, relative to the output folder.
    pub output: String,
    /// The page was written (its template did not fail).
    pub written: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub shortcodes: ShortcodeCounts,
    /// For `check`: ids, links and where they were written.
    pub scan: Option<PageScan>,
    /// What the search index keeps of the page.
    pub search: Option<crate::search::Document>,
    /// Files of the assets folder the page's templates asked for (relative
    /// to that folder), found or not.
    pub assets: Vec<String>,
}

/// Renders page `id`.
pub fn render(shared: &Shared<'_>, id: PageId) -> RenderedPage {
    let recorder = Recorder::new(shared.tracking);
    let reader = Reader::new(shared.site, &recorder);
    let page = reader.page(id);
    crate::assets::begin_noting();
    let language = &shared.languages[&page.lang];
    for lang in &shared.site.config.languages {
        // Every page shows every language's home URL (the switcher).
        context::home_url(&reader, &lang.code);
    }
    let (markdown, mut expansion) = render_markdown(shared, &reader, language, id);
    let mut diagnostics = std::mem::take(&mut expansion.diagnostics);
    diagnostics.extend(duplicate_heading_ids(shared.site, id, &markdown));
    let mut record = PageRecord {
        output: page.output_file(&shared.site.config),
        written: false,
        diagnostics,
        shortcodes: ShortcodeCounts {
            rendered: std::mem::take(&mut expansion.rendered),
            unsupported: expansion.unsupported.clone(),
        },
        scan: None,
        search: None,
        assets: Vec::new(),
    };
    let body = Body {
        content: &markdown.html,
        toc: &markdown.toc,
        lists_children: record.shortcodes.rendered.contains_key("children"),
    };
    let html = context::render_page(shared.templates, &reader, language, id, &body);
    record.assets = crate::assets::take_noted();
    for asset in &record.assets {
        // A file that appears, changes or goes re-renders the page.
        let path = shared.site.config.assets_dir.join(asset);
        reader.note(crate::deps::Fact::File(path));
    }
    if !record.assets.is_empty() {
        // Whether a missing file is an error depends on whether the folder
        // exists: the page follows the folder appearing or going too.
        let folder = shared.site.config.assets_dir.clone();
        reader.note(crate::deps::Fact::File(folder));
    }
    if let Some(stems) = shared.search
        && html.is_ok()
        && page.is_findable()
    {
        let document =
            crate::search::Document::new(&page.lang, &page.url, &page.title, &markdown.html, stems);
        record.search = Some(document);
    }
    if let (true, Ok(html)) = (shared.scanning, &html) {
        // Tera writes UTF-8 (every text it joins is a `str`).
        let html = String::from_utf8_lossy(html);
        record.scan = Some(crate::check::scan_page(page, &markdown, &expansion, &html));
    }
    let html = match html {
        Ok(html) => Some(html),
        Err(err) => {
            record
                .diagnostics
                .push(template_diagnostic(shared.site, id, &err));
            None
        }
    };
    RenderedPage {
        html,
        record,
        facts: recorder.into_facts(),
    }
}

/// Two headings of one page with the same id (only explicit `{#id}`s can
/// repeat): links to the second one land on the first.
fn duplicate_heading_ids(site: &Site, id: PageId, markdown: &Rendered) -> Vec<Diagnostic> {
    let page = site.page(id);
    let mut first: FxHashMap<&str, usize> = FxHashMap::default();
    let mut found = Vec::new();
    for heading in markdown.headings.iter().filter(|h| !h.id.is_empty()) {
        match first.get(heading.id.as_str()) {
            None => {
                first.insert(&heading.id, heading.offset);
            }
            Some(&earlier) => {
                let (line, _) = crate::diagnostics::line_col(&page.text, earlier);
                found.push(
                    Diagnostic::warning(
                        "heading-id-duplicate",
                        page.source_path(&site.config),
                        format!(
                            "the heading id '{}' is also the id of the heading on line {line}; links to it reach that one",
                            heading.id
                        ),
                    )
                    .at_offset(&page.text, heading.offset)
                    .with_help("give one of them another {#id}"),
                );
            }
        }
    }
    found
}

/// A template that failed on one page: a finding on that page.
fn template_diagnostic(site: &Site, id: PageId, err: &TemplateError) -> Diagnostic {
    let page = site.page(id);
    Diagnostic::error(
        "template-failed",
        page.source_path(&site.config),
        format!("this page could not be rendered: {err}"),
    )
    .with_help("the page is left out of the output until the template or the page is fixed")
}

/// Renders the body of one page: shortcodes, then Markdown, then the
/// shortcodes' HTML in place of their placeholders. Offsets of headings and
/// links are mapped back to the page file.
fn render_markdown(
    shared: &Shared<'_>,
    reader: &Reader<'_>,
    language: &LanguageContext,
    id: PageId,
) -> (Rendered, Expansion) {
    let config = reader.config();
    let options = markdown::Options {
        unsafe_html: config.unsafe_html,
        definition_term_ids: config.hugo.definition_term_ids,
        toc: config.toc,
        // What `check` reads (ids, links) is the same without colours.
        highlight: !shared.scanning,
    };
    let resolve = |href: &str| links::resolve(reader, id, href);
    let scope = shortcodes::PageScope {
        reader: *reader,
        templates: shared.templates,
        language,
        catalogue: shared.catalogue,
        page: id,
        options,
        resolve: &resolve,
    };
    let expansion = shortcodes::expand_page(&scope);
    let mut rendered = markdown::render(&expansion.markdown, &options, &resolve);
    rendered.html = markdown::fill_placeholders(&rendered.html, &expansion.outputs);
    for link in &mut rendered.links {
        link.offset = expansion.offsets.original(link.offset);
        link.href = markdown::fill_placeholders(&link.href, &expansion.outputs);
    }
    for heading in &mut rendered.headings {
        heading.offset = expansion.offsets.original(heading.offset);
    }
    (rendered, expansion)
}
