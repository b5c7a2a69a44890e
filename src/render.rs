//! Templates: the Tera environment (built once), the context of each page,
//! the menu of each language, alias redirects and the 404 page.
//!
//! Rendering takes the index and each page's rendered Markdown and returns
//! HTML strings; it never touches the disk except to read templates.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};
use tera::{Context, Tera};
use thiserror::Error;

use crate::config::Config;
use crate::content::{Page, PageId, Site};
use crate::diagnostics::Diagnostic;

/// The built-in templates (the project's `templates/` folder, embedded by
/// `build.rs`), used for every name a site does not provide.
const BUILTIN_TEMPLATES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// The built-in stylesheet, written to the output root unless the site's
/// `static/` has its own.
pub const BUILTIN_CSS: (&str, &str) = ("brygge.css", include_str!("../static/brygge.css"));

/// A template problem that stops the build.
#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("{file}: {message}")]
    Load { file: String, message: String },
    #[error("template '{template}' failed for {page}: {message}")]
    Render {
        template: String,
        page: String,
        message: String,
    },
}

impl TemplateError {
    pub fn to_diagnostic(&self, config: &Config) -> Diagnostic {
        match self {
            TemplateError::Load { file, message } => {
                Diagnostic::error("template-invalid", file, message.clone())
            }
            TemplateError::Render {
                template,
                page,
                message,
            } => Diagnostic::error(
                "template-failed",
                config.templates_dir.join(template),
                format!("while rendering {page}: {message}"),
            ),
        }
    }
}

/// Tera with the site's templates over the built-in ones.
pub struct Templates {
    tera: Tera,
    /// Shortcode name → whether its template uses the inner content.
    shortcodes: HashMap<String, ShortcodeTemplate>,
}

/// What brygge knows about a shortcode template without rendering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeTemplate {
    /// The Tera template name, e.g. `shortcodes/notice.html`.
    pub template: String,
    /// The template's output is Markdown (a `.md` template), not HTML.
    pub markdown: bool,
    /// The template mentions `inner`, so calls must be closed.
    pub uses_inner: bool,
}

impl Templates {
    /// Loads `templates/**/*.html` of the site (if the folder exists) and
    /// fills in the built-in templates it does not override.
    pub fn load(dir: &Path) -> Result<Self, TemplateError> {
        let mut builtin = Tera::default();
        builtin
            .add_raw_templates(BUILTIN_TEMPLATES.iter().copied())
            .map_err(|err| load_error("built-in templates", &err))?;
        let mut shortcodes = HashMap::new();
        for (name, source) in BUILTIN_TEMPLATES {
            note_shortcode(&mut shortcodes, name, source);
        }
        let mut tera = if dir.is_dir() {
            let glob = format!("{}/**/*.{{html,md}}", dir.display());
            let tera =
                Tera::new(&glob).map_err(|err| load_error(&dir.display().to_string(), &err))?;
            for name in tera.get_template_names() {
                if let Ok(source) = std::fs::read_to_string(dir.join(name)) {
                    note_shortcode(&mut shortcodes, name, &source);
                }
            }
            tera
        } else {
            Tera::default()
        };
        tera.extend(&builtin)
            .map_err(|err| load_error("built-in templates", &err))?;
        tera.build_inheritance_chains()
            .map_err(|err| load_error(&dir.display().to_string(), &err))?;
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        Ok(Templates { tera, shortcodes })
    }

    /// The template of shortcode `name`, if there is one.
    pub fn shortcode(&self, name: &str) -> Option<&ShortcodeTemplate> {
        self.shortcodes.get(name)
    }

    /// Whether a template of this name exists (site or built-in).
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    pub fn render(
        &self,
        name: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|err| TemplateError::Render {
                template: name.to_string(),
                page: page.to_string(),
                message: error_chain(&err),
            })
    }
}

/// Escapes the five HTML-special characters (Tera's default also escapes
/// `/`, which makes URLs in attributes hard to read and to check).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Records `shortcodes/NAME.html` or `.md` as a shortcode template. A site's
/// template replaces a built-in one of either extension.
fn note_shortcode(shortcodes: &mut HashMap<String, ShortcodeTemplate>, name: &str, source: &str) {
    let Some(file) = name.strip_prefix("shortcodes/") else {
        return;
    };
    let Some((shortcode, extension)) = file.rsplit_once('.') else {
        return;
    };
    shortcodes.insert(
        shortcode.to_string(),
        ShortcodeTemplate {
            template: name.to_string(),
            markdown: extension == "md",
            uses_inner: source.contains("inner"),
        },
    );
}

fn load_error(file: &str, err: &tera::Error) -> TemplateError {
    TemplateError::Load {
        file: file.to_string(),
        message: error_chain(err),
    }
}

/// Tera nests the useful message in its error sources.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

/// What every page of one language shares: site values, UI strings and the
/// menu tree. Built once per language.
pub struct LanguageContext {
    pub lang: String,
    site: Value,
    ui: Value,
    /// Top-level menu entries (the home page's visible children).
    menu_roots: Vec<PageId>,
}

impl LanguageContext {
    /// The `site` values templates see.
    pub fn site_value(&self) -> &Value {
        &self.site
    }

    /// The UI strings of the language.
    pub fn ui_value(&self) -> &Value {
        &self.ui
    }
}

/// The shared contexts of every language, by code.
pub fn language_contexts(site: &Site) -> HashMap<String, LanguageContext> {
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|l| json!({"code": l.code, "name": l.name, "home_url": home_url(site, &l.code)}))
        .collect();
    site.config
        .languages
        .iter()
        .map(|lang| {
            let menu_roots = site
                .homes
                .get(&lang.code)
                .map(|&home| visible_children(site, home))
                .unwrap_or_default();
            let context = LanguageContext {
                lang: lang.code.clone(),
                site: json!({
                    "title": lang.title,
                    "base_url": site.config.base_url,
                    "base_path": site.config.base_path,
                    "home_url": home_url(site, &lang.code),
                    "languages": languages,
                }),
                ui: json!(lang.ui),
                menu_roots,
            };
            (lang.code.clone(), context)
        })
        .collect()
}

fn home_url(site: &Site, lang: &str) -> String {
    site.homes
        .get(lang)
        .map(|&h| site.page(h).url.clone())
        .unwrap_or_else(|| site.config.language_prefix(lang))
}

/// Children that appear in menus and lists: published and not hidden.
fn visible_children(site: &Site, id: PageId) -> Vec<PageId> {
    site.page(id)
        .children
        .iter()
        .copied()
        .filter(|&c| !site.page(c).front.hidden)
        .collect()
}

/// The page's HTML, from its template and rendered Markdown.
pub fn render_page(
    templates: &Templates,
    site: &Site,
    shared: &LanguageContext,
    id: PageId,
    content: &str,
    toc: &str,
) -> Result<String, TemplateError> {
    let page = site.page(id);
    let mut context = Context::new();
    context.insert("lang", &shared.lang);
    context.insert("site", &shared.site);
    context.insert("ui", &shared.ui);
    context.insert("menu", &menu_for(site, shared, id));
    context.insert("page", &page_value(site, page, content, toc));
    let template = template_for(templates, page);
    templates.render(&template, &context, &page.url)
}

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

fn page_value(site: &Site, page: &Page, content: &str, toc: &str) -> Value {
    let config = &site.config;
    json!({
        "kind": page.kind.as_str(),
        "title": page.title,
        "linktitle": page.link_title(),
        "description": page.front.description.clone().unwrap_or_default(),
        "content": content,
        "toc": toc,
        "show_toc": page.front.toc.unwrap_or(false),
        "lang": page.lang,
        "url": page.url,
        "permalink": config.permalink(&page.url),
        "date": page.front.date.clone().unwrap_or_default(),
        "weight": page.front.weight,
        "tags": page.front.tags,
        "params": page.front.params,
        "source": page.source,
        "edit_url": edit_url(config, page),
        "translations": translations(site, page),
        "ancestors": site.ancestors(page.id).iter().map(|&a| link_value(site, a)).collect::<Vec<_>>(),
        "pages": visible_children(site, page.id).iter().map(|&c| child_value(site, c)).collect::<Vec<_>>(),
        "overview": overview_link(site, page),
    })
}

fn link_value(site: &Site, id: PageId) -> Value {
    let page = site.page(id);
    json!({"title": page.link_title(), "url": page.url})
}

fn child_value(site: &Site, id: PageId) -> Value {
    let page = site.page(id);
    json!({
        "title": page.title,
        "linktitle": page.link_title(),
        "url": page.url,
        "description": page.front.description.clone().unwrap_or_default(),
        "kind": page.kind.as_str(),
    })
}

fn edit_url(config: &Config, page: &Page) -> Option<String> {
    let prefix = config.edit_url.as_ref()?;
    let source = page.source.as_ref()?;
    Some(format!("{}/{}", prefix.trim_end_matches('/'), source))
}

/// One entry per configured language: the page in that language, or null.
fn translations(site: &Site, page: &Page) -> Vec<Value> {
    site.config
        .languages
        .iter()
        .map(|lang| {
            let other = site
                .in_language(page.id, &lang.code)
                .map(|id| site.page(id));
            json!({
                "lang": lang.code,
                "language_name": lang.name,
                "url": other.map(|p| p.url.clone()),
                "permalink": other.map(|p| site.config.permalink(&p.url)),
                "title": other.map(|p| p.title.clone()),
                "home_url": home_url(site, &lang.code),
                "current": lang.code == page.lang,
            })
        })
        .collect()
}

/// The link back to the main overview, in the page's language.
fn overview_link(site: &Site, page: &Page) -> Value {
    let Some(overview) = site.overview_of(page.id) else {
        return Value::Null;
    };
    let overview = site.page(overview);
    let anchor = overview
        .front
        .overview
        .as_ref()
        .and_then(|o| o.anchor.as_deref())
        .map(|a| format!("#{a}"))
        .unwrap_or_default();
    json!({"title": overview.title, "url": format!("{}{anchor}", overview.url)})
}

/// The menu as seen from `current`: the language's top level, with the
/// entries on the path to `current` expanded.
fn menu_for(site: &Site, shared: &LanguageContext, current: PageId) -> Vec<Value> {
    let path: Vec<PageId> = site.ancestors(current);
    menu_level(site, &shared.menu_roots, &path, current)
}

fn menu_level(site: &Site, entries: &[PageId], path: &[PageId], current: PageId) -> Vec<Value> {
    entries
        .iter()
        .map(|&id| {
            let page = site.page(id);
            let children = visible_children(site, id);
            let in_path = path.contains(&id);
            let expanded = in_path || id == current;
            json!({
                "title": page.link_title(),
                "url": page.url,
                "kind": page.kind.as_str(),
                "active": id == current,
                "in_path": in_path,
                "has_children": !children.is_empty(),
                "children": if expanded { menu_level(site, &children, path, current) } else { Vec::new() },
            })
        })
        .collect()
}

/// Hugo's alias redirect page.
pub fn render_alias(
    templates: &Templates,
    permalink: &str,
    lang: &str,
) -> Result<String, TemplateError> {
    let mut context = Context::new();
    context.insert("target", permalink);
    context.insert("lang", lang);
    templates.render("alias.html", &context, permalink)
}

/// The 404 page of a language.
pub fn render_not_found(
    templates: &Templates,
    site: &Site,
    shared: &LanguageContext,
) -> Result<String, TemplateError> {
    let title = shared.ui.get("page_not_found").cloned().unwrap_or_default();
    let mut context = Context::new();
    context.insert("lang", &shared.lang);
    context.insert("site", &shared.site);
    context.insert("ui", &shared.ui);
    context.insert(
        "menu",
        &menu_level(site, &shared.menu_roots, &[], PageId(usize::MAX)),
    );
    context.insert(
        "page",
        &json!({"kind": "404", "title": title, "description": "", "content": "", "toc": "",
                "url": "", "permalink": "", "translations": [], "ancestors": [], "pages": []}),
    );
    templates.render("404.html", &context, "404.html")
}
