//! What templates see: typed, borrowed views over the index, serialized
//! into Tera's context. What every page of a language shares (site values,
//! UI strings, the shared parts of the theme) is built once per language.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Map;
use tera::{Context, Value};

use super::{TemplateError, Templates};
use crate::config::Config;
use crate::content::{Page, PageId};
use crate::deps::Reader;

/// What every page of one language shares. Built once per language.
pub struct LanguageContext {
    pub lang: String,
    pub site: SiteValues,
    pub ui: BTreeMap<String, String>,
    /// `site` and `ui` as template values, made once and shared by every
    /// page's context (a copy is a reference count).
    site_value: Value,
    ui_value: Value,
    /// The shared parts ([`Templates::shared_parts`]) rendered for this
    /// language: `shared` in page templates, name → HTML.
    shared_value: Value,
    /// The shared parts that failed to render (each is empty in `shared`).
    pub shared_errors: Vec<TemplateError>,
    /// The assets the shared parts asked for (see [`crate::assets`]):
    /// every page of the language uses them.
    pub shared_assets: Vec<String>,
}

impl LanguageContext {
    fn new(
        templates: &Templates,
        lang: String,
        site: SiteValues,
        ui: BTreeMap<String, String>,
    ) -> Self {
        let mut context = LanguageContext {
            site_value: Value::from_serializable(&site),
            ui_value: Value::from_serializable(&ui),
            shared_value: Value::from(tera::Map::new()),
            shared_errors: Vec::new(),
            shared_assets: Vec::new(),
            lang,
            site,
            ui,
        };
        context.render_shared_parts(templates);
        context
    }

    /// Renders each shared part with this language's values. A part's
    /// output loses the line break its file ends with, so that a template
    /// prints it in place of the lines it replaces.
    fn render_shared_parts(&mut self, templates: &Templates) {
        crate::assets::begin_noting();
        let context = self.context(true, true);
        let mut parts = tera::Map::new();
        let label = format!("every page in '{}'", self.lang);
        for (name, template) in templates.shared_parts() {
            let html = templates
                .render(template, &context, &label)
                .unwrap_or_else(|err| {
                    self.shared_errors.push(err);
                    String::new()
                });
            let html = html.strip_suffix('\n').unwrap_or(&html);
            let html = html.strip_suffix('\r').unwrap_or(html);
            parts.insert(
                tera::value::Key::from(name.to_string()),
                Value::safe_string(html),
            );
        }
        self.shared_value = Value::from(parts);
        self.shared_assets = crate::assets::take_noted();
    }

    /// A template context with `lang`, and `site` and `ui` when asked for.
    pub fn context(&self, site: bool, ui: bool) -> Context {
        let mut context = Context::new();
        context.insert("lang", &self.lang);
        if site {
            context.insert_value("site", self.site_value.clone());
        }
        if ui {
            context.insert_value("ui", self.ui_value.clone());
        }
        context
    }

    /// Whether the shared parts came out the same as in `other`.
    pub fn same_shared_parts(&self, other: &LanguageContext) -> bool {
        self.shared_value == other.shared_value && self.shared_assets == other.shared_assets
    }

    /// The context of a page template, before `page`: `lang`, `site`, `ui`
    /// and `shared`.
    pub fn page_context(&self) -> Context {
        let mut context = self.context(true, true);
        context.insert_value("shared", self.shared_value.clone());
        context
    }
}

/// `site` in templates.
#[derive(Debug, Clone, Serialize)]
pub struct SiteValues {
    pub title: String,
    pub base_url: String,
    pub base_path: String,
    /// This language's home page.
    pub home_url: String,
    /// This language's navigation file ([`super::nav`]).
    pub nav_url: String,
    /// The folder of this language's search index ([`crate::search`]),
    /// empty when the site is built without search.
    pub search_url: String,
    pub languages: Vec<LanguageValue>,
}

/// One configured language, with its home page.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageValue {
    pub code: String,
    pub name: String,
    pub home_url: String,
}

/// The shared contexts of every language, by code, with the shared parts
/// of `templates` rendered. Reads the home pages of every language
/// (through `reader`, so that every page depends on them). `search`: the
/// site has a search index.
pub fn language_contexts(
    reader: &Reader<'_>,
    templates: &Templates,
    search: bool,
) -> HashMap<String, LanguageContext> {
    let config = reader.config();
    let languages: Vec<LanguageValue> = config
        .languages
        .iter()
        .map(|l| LanguageValue {
            code: l.code.clone(),
            name: l.name.clone(),
            home_url: home_url(reader, &l.code),
        })
        .collect();
    config
        .languages
        .iter()
        .map(|lang| {
            let context = LanguageContext::new(
                templates,
                lang.code.clone(),
                SiteValues {
                    title: lang.title.clone(),
                    base_url: config.base_url.clone(),
                    base_path: config.base_path.clone(),
                    home_url: home_url(reader, &lang.code),
                    nav_url: super::nav::url(config, &lang.code),
                    search_url: if search {
                        crate::search::url(config, &lang.code)
                    } else {
                        String::new()
                    },
                    languages: languages.clone(),
                },
                with_theme_strings(&lang.code, &lang.ui),
            );
            (lang.code.clone(), context)
        })
        .collect()
}

/// The theme's own UI strings (search, heading links, previous and next
/// page, scrolling hints) under the configured ones: a site's
/// `[languages.X.ui]` still overrides any of them.
fn with_theme_strings(lang: &str, ui: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let defaults = match lang {
        "nb" | "nn" | "no" => THEME_UI_NB,
        _ => THEME_UI_EN,
    };
    let mut strings = ui.clone();
    for (key, value) in defaults {
        strings
            .entry((*key).to_string())
            .or_insert_with(|| (*value).to_string());
    }
    strings
}

const THEME_UI_EN: &[(&str, &str)] = &[
    ("search", "Search"),
    ("search_placeholder", "Search the documentation"),
    ("search_no_results", "No pages match"),
    ("search_results", "Search results"),
    ("search_loading", "Searching…"),
    ("search_count", "Pages found: {n}"),
    ("heading_link", "Link to this heading"),
    ("heading_link_copied", "Link copied"),
    ("page_navigation", "Previous and next page"),
    ("previous_page", "Previous"),
    ("next_page", "Next"),
    ("scrolls_sideways", "Scroll sideways to see all of it"),
    ("table", "Table"),
    ("code", "Code"),
];

const THEME_UI_NB: &[(&str, &str)] = &[
    ("search", "Søk"),
    ("search_placeholder", "Søk i dokumentasjonen"),
    ("search_no_results", "Ingen sider passer"),
    ("search_results", "Søkeresultater"),
    ("search_loading", "Søker …"),
    ("search_count", "Sider funnet: {n}"),
    ("heading_link", "Lenke til denne overskriften"),
    ("heading_link_copied", "Lenken er kopiert"),
    ("page_navigation", "Forrige og neste side"),
    ("previous_page", "Forrige"),
    ("next_page", "Neste"),
    ("scrolls_sideways", "Rull sidelengs for å se alt"),
    ("table", "Tabell"),
    ("code", "Kode"),
];

/// The URL of a language's home page (or its prefix, when it has none).
pub fn home_url(reader: &Reader<'_>, lang: &str) -> String {
    match reader.home(lang) {
        Some(home) => reader.url(home).to_string(),
        None => reader.config().language_prefix(lang),
    }
}

/// `page` in templates.
#[derive(Serialize)]
struct PageValue<'a> {
    kind: &'a str,
    title: &'a str,
    linktitle: &'a str,
    description: &'a str,
    content: &'a str,
    toc: &'a str,
    show_toc: bool,
    lang: &'a str,
    url: &'a str,
    permalink: String,
    date: &'a str,
    weight: i64,
    tags: &'a [String],
    params: &'a Map<String, serde_json::Value>,
    source: Option<&'a str>,
    edit_url: Option<String>,
    translations: Vec<TranslationValue<'a>>,
    ancestors: Vec<LinkValue<'a>>,
    pages: Vec<ChildValue<'a>>,
    /// The content lists the children itself (the `children` shortcode):
    /// the built-in section and home templates then leave out their list.
    lists_children: bool,
    overview: Option<LinkValue<'a>>,
    /// The pages before and after this one in its section, in Hugo's order.
    prev: Option<LinkValue<'a>>,
    next: Option<LinkValue<'a>>,
}

#[derive(Serialize)]
struct LinkValue<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ChildValue<'a> {
    title: &'a str,
    linktitle: &'a str,
    url: &'a str,
    description: &'a str,
    /// Its summary as plain text: `summary` front matter, the text before
    /// `<!--more-->`, else its first paragraph.
    summary: String,
    kind: &'a str,
}

/// One entry per configured language: the page in that language, if any.
#[derive(Serialize)]
struct TranslationValue<'a> {
    lang: &'a str,
    language_name: &'a str,
    url: Option<&'a str>,
    permalink: Option<String>,
    title: Option<&'a str>,
    home_url: &'a str,
    current: bool,
}

/// A page's rendered Markdown, for its template.
pub struct Body<'a> {
    pub content: &'a str,
    pub toc: &'a str,
    /// The content lists the page's children itself (the `children`
    /// shortcode).
    pub lists_children: bool,
}

/// Renders the page's template (as bytes: see [`Templates::render_to`]).
/// Reads the page's ancestors, children, translations and overview
/// through `reader`.
pub fn render_page(
    templates: &Templates,
    reader: &Reader<'_>,
    shared: &LanguageContext,
    id: PageId,
    body: &Body<'_>,
) -> Result<Vec<u8>, TemplateError> {
    let page = reader.page(id);
    let mut context = shared.page_context();
    context.insert("page", &page_value(reader, shared, page, body));
    let mut html = Vec::with_capacity(body.content.len() + body.toc.len() + PAGE_AROUND_CONTENT);
    templates.render_to(
        &template_for(templates, page),
        &context,
        &page.url,
        &mut html,
    )?;
    Ok(html)
}

/// Room for what a page template writes around the content: enough for
/// the theme's header, menu path and footer, and a section's list of its
/// children, so that the buffer seldom grows.
const PAGE_AROUND_CONTENT: usize = 16 * 1024;

/// A front-matter `layout` or `type` names a template when the site has it;
/// otherwise the kind decides.
fn template_for(templates: &Templates, page: &Page) -> String {
    ["layout", "type"]
        .iter()
        .filter_map(|key| page.front.params.get(*key)?.as_str())
        .map(|name| format!("{name}.html"))
        .find(|name| templates.has(name))
        .unwrap_or_else(|| format!("{}.html", page.kind.as_str()))
}

fn page_value<'a>(
    reader: &Reader<'a>,
    shared: &'a LanguageContext,
    page: &'a Page,
    body: &Body<'a>,
) -> PageValue<'a> {
    let config = reader.config();
    let (prev, next) = reader.neighbours(page.id);
    PageValue {
        kind: page.kind.as_str(),
        title: &page.title,
        linktitle: page.link_title(),
        description: page.front.description.as_deref().unwrap_or(""),
        content: body.content,
        toc: body.toc,
        show_toc: page.front.toc.unwrap_or(false),
        lang: &page.lang,
        url: &page.url,
        permalink: config.permalink(&page.url),
        date: page.front.date.as_deref().unwrap_or(""),
        weight: page.front.weight,
        tags: &page.front.tags,
        params: &page.front.params,
        source: page.source.as_deref(),
        edit_url: edit_url(config, page),
        translations: translations(reader, shared, page),
        ancestors: reader
            .ancestors(page.id)
            .into_iter()
            .map(|a| link_value(reader, a))
            .collect(),
        pages: visible_children(reader, page.id)
            .map(|c| child_value(reader, c))
            .collect(),
        lists_children: body.lists_children,
        overview: overview_link(reader, page),
        prev: prev.map(|p| link_value(reader, p)),
        next: next.map(|p| link_value(reader, p)),
    }
}

/// Children that appear in menus and lists: published and not hidden.
pub fn visible_children<'r>(
    reader: &'r Reader<'_>,
    id: PageId,
) -> impl Iterator<Item = PageId> + 'r {
    reader
        .children(id)
        .iter()
        .copied()
        .filter(|&c| reader.page(c).in_menus())
}

fn link_value<'a>(reader: &Reader<'a>, id: PageId) -> LinkValue<'a> {
    let page = reader.page(id);
    LinkValue {
        title: page.link_title(),
        url: page.url.clone(),
    }
}

fn child_value<'a>(reader: &Reader<'a>, id: PageId) -> ChildValue<'a> {
    let page = reader.page(id);
    ChildValue {
        summary: crate::content::summary(
            &page.front,
            reader.body(id),
            reader.config().hugo.summary_length,
        )
        .unwrap_or_default(),
        title: &page.title,
        linktitle: page.link_title(),
        url: &page.url,
        description: page.front.description.as_deref().unwrap_or(""),
        kind: page.kind.as_str(),
    }
}

fn edit_url(config: &Config, page: &Page) -> Option<String> {
    let prefix = config.edit_url.as_ref()?;
    let source = page.source.as_ref()?;
    Some(format!("{}/{}", prefix.trim_end_matches('/'), source))
}

fn translations<'a>(
    reader: &Reader<'a>,
    shared: &'a LanguageContext,
    page: &'a Page,
) -> Vec<TranslationValue<'a>> {
    let config = reader.config();
    config
        .languages
        .iter()
        .zip(&shared.site.languages)
        .map(|(lang, value)| {
            let other = reader
                .in_language(page.id, &lang.code)
                .map(|id| reader.page(id));
            TranslationValue {
                lang: &lang.code,
                language_name: &lang.name,
                url: other.map(|p| p.url.as_str()),
                permalink: other.map(|p| config.permalink(&p.url)),
                title: other.map(|p| p.title.as_str()),
                home_url: &value.home_url,
                current: lang.code == page.lang,
            }
        })
        .collect()
}

/// The link back to the main overview, in the page's language.
fn overview_link<'a>(reader: &Reader<'a>, page: &Page) -> Option<LinkValue<'a>> {
    let overview = reader.page(reader.overview_of(page.id)?);
    let anchor = overview
        .front
        .overview
        .as_ref()
        .and_then(|o| o.anchor.as_deref())
        .map(|a| format!("#{a}"))
        .unwrap_or_default();
    Some(LinkValue {
        title: &overview.title,
        url: format!("{}{anchor}", overview.url),
    })
}

/// Hugo's alias redirect page, to the page at `url` (root-relative). The
/// redirect itself uses `url`, so that it works from whatever host serves
/// the site (a preview, a copy on another server); the canonical link
/// names the permalink (`target`).
pub fn render_alias(
    templates: &Templates,
    config: &Config,
    url: &str,
    lang: &str,
) -> Result<String, TemplateError> {
    let permalink = config.permalink(url);
    let mut context = Context::new();
    context.insert("target", &permalink);
    context.insert("url", url);
    context.insert("lang", lang);
    templates.render("alias.html", &context, &permalink)
}

/// The 404 page of a language.
pub fn render_not_found(
    templates: &Templates,
    shared: &LanguageContext,
) -> Result<String, TemplateError> {
    #[derive(Serialize)]
    struct NotFound<'a> {
        kind: &'a str,
        title: &'a str,
        description: &'a str,
        content: &'a str,
        toc: &'a str,
        url: &'a str,
        permalink: &'a str,
        translations: [(); 0],
        ancestors: [(); 0],
        pages: [(); 0],
    }
    let title = shared.ui.get("page_not_found").map_or("", String::as_str);
    let mut context = shared.page_context();
    context.insert(
        "page",
        &NotFound {
            kind: "404",
            title,
            description: "",
            content: "",
            toc: "",
            url: "",
            permalink: "",
            translations: [],
            ancestors: [],
            pages: [],
        },
    );
    templates.render("404.html", &context, "404.html")
}

/// A site used by the tests of [`super::nav`].
#[cfg(test)]
pub(crate) fn test_site(files: &[(&str, &str)]) -> (tempfile::TempDir, crate::content::Site) {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, text).expect("written");
    }
    let config = crate::config::load(dir.path(), None).expect("config");
    let (site, _) = crate::content::load(config, false, &[]);
    (dir, site)
}
