//! Shortcodes that need the site index, written in Rust: `ref`, `relref`,
//! `link`, `children`, `insert`, `title`, `footnote` and `displayFootnotes`;
//! and `highlight`, which shares the Markdown code-block highlighter.
//! A site's own template of the same name takes precedence.

use super::parse::{InnerUse, Value};
use super::{CallInfo, Expander, Expansion, Output};
use crate::content::{PageId, front_matter, url};
use crate::diagnostics::Severity;
use crate::markdown::{escape_attr, escape_text};
use crate::render::Templates;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Builtin {
    Ref,
    Relref,
    Link,
    Children,
    Insert,
    Title,
    Footnote,
    DisplayFootnotes,
    PropertyDocs,
    CatalogueTable,
    CatalogueArea,
    CatalogueRoles,
    Highlight,
}

impl Builtin {
    /// The built-in for `name`, unless the site has a template of that name.
    pub(super) fn by_name(name: &str, templates: &Templates) -> Option<Self> {
        if templates.shortcode(name).is_some() {
            return None;
        }
        Some(match name {
            "ref" => Builtin::Ref,
            "relref" => Builtin::Relref,
            "link" => Builtin::Link,
            "children" => Builtin::Children,
            "insert" => Builtin::Insert,
            "title" => Builtin::Title,
            "footnote" => Builtin::Footnote,
            "displayFootnotes" => Builtin::DisplayFootnotes,
            "property-docs" => Builtin::PropertyDocs,
            "catalogue-table" => Builtin::CatalogueTable,
            "catalogue-area" => Builtin::CatalogueArea,
            "catalogue-roles" => Builtin::CatalogueRoles,
            "highlight" => Builtin::Highlight,
            _ => return None,
        })
    }

    pub(super) fn inner_use(self) -> InnerUse {
        match self {
            Builtin::Highlight => InnerUse::Required,
            _ => InnerUse::Never,
        }
    }
}

impl Expander<'_, '_> {
    pub(super) fn builtin(
        &mut self,
        builtin: Builtin,
        info: &CallInfo<'_>,
        out: &mut Expansion,
    ) -> Output {
        match builtin {
            Builtin::Ref | Builtin::Relref => self.reference(builtin, info, out),
            Builtin::Link => self.link(info, out),
            Builtin::Children => Output::Html(self.children(info)),
            Builtin::Insert => self.insert(info, out),
            Builtin::Title => Output::Html(escape_text(&self.site().page(self.scope.page).title)),
            Builtin::Footnote => Output::Html(self.footnote(info)),
            Builtin::DisplayFootnotes => Output::Html(self.display_footnotes()),
            Builtin::PropertyDocs => self.property_docs(info, out),
            Builtin::CatalogueTable | Builtin::CatalogueArea | Builtin::CatalogueRoles => {
                self.catalogue_output(builtin, info, out)
            }
            Builtin::Highlight => Output::Html(self.highlight(info)),
        }
    }

    /// A string argument: positional `n` or named `key`.
    fn arg(info: &CallInfo<'_>, n: usize, key: &str) -> Option<String> {
        let value = match &info.call.args {
            super::parse::Args::Positional(values) => values.get(n),
            super::parse::Args::Named(pairs) => {
                pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
        }?;
        Some(match value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
        })
    }

    fn flag(info: &CallInfo<'_>, key: &str) -> bool {
        Self::arg(info, usize::MAX, key).is_some_and(|v| v == "true")
    }

    /// Resolves a page path as Hugo's `ref`: relative to the page, then to
    /// the content root, `.md` optional, `#fragment` kept.
    fn resolve_ref(&self, target: &str, lang: &str) -> Option<(PageId, String)> {
        let site = self.site();
        let (path, fragment) = match target.find('#') {
            Some(i) => target.split_at(i),
            None => (target, ""),
        };
        if path.is_empty() {
            return Some((self.scope.page, fragment.to_string()));
        }
        let page = site.page(self.scope.page);
        let dir = page
            .source
            .as_deref()
            .map_or("", |s| s.rsplit_once('/').map_or("", |(d, _)| d));
        let bases: Vec<String> = if let Some(rooted) = path.strip_prefix('/') {
            vec![rooted.to_string()]
        } else {
            vec![format!("{dir}/{path}"), path.to_string()]
        };
        let found = bases
            .iter()
            .filter_map(|b| url::normalize(b))
            .find_map(|base| {
                let base = base.trim_end_matches('/').to_string();
                let candidates = if base.ends_with(".md") {
                    vec![base]
                } else {
                    vec![
                        format!("{base}.md"),
                        format!("{base}/_index.md"),
                        format!("{base}/index.md"),
                    ]
                };
                candidates.iter().find_map(|c| site.find_content(c, lang))
            })?;
        Some((site.in_language(found, lang)?, fragment.to_string()))
    }

    fn reference(&mut self, builtin: Builtin, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let site = self.site();
        let target = Self::arg(info, 0, "path").unwrap_or_default();
        let lang =
            Self::arg(info, 1, "lang").unwrap_or_else(|| site.page(self.scope.page).lang.clone());
        match self.resolve_ref(&target, &lang) {
            Some((id, fragment)) => {
                let url = &site.page(id).url;
                let url = if builtin == Builtin::Ref {
                    site.config().permalink(url)
                } else {
                    url.clone()
                };
                Output::Html(format!("{}{}", escape_attr(&url), escape_attr(&fragment)))
            }
            None => {
                out.diagnostics.push(self.not_found(info, &target, &lang));
                Output::Html(escape_attr(&target))
            }
        }
    }

    fn not_found(
        &self,
        info: &CallInfo<'_>,
        target: &str,
        lang: &str,
    ) -> crate::diagnostics::Diagnostic {
        self.diagnostic(
            Severity::Error,
            "ref-not-found",
            info.offset,
            format!("'{target}' is not a page in language '{lang}'"),
        )
        .with_help("give the path of a content file, relative to this page or to content/")
    }

    fn link(&mut self, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let site = self.site();
        let target = Self::arg(info, 0, "path").unwrap_or_default();
        let lang = site.page(self.scope.page).lang.clone();
        match self.resolve_ref(&target, &lang) {
            Some((id, fragment)) => {
                let page = site.page(id);
                Output::Html(format!(
                    "<a href=\"{}{}\">{}</a>",
                    escape_attr(&page.url),
                    escape_attr(&fragment),
                    escape_text(&page.title)
                ))
            }
            None => {
                out.diagnostics.push(self.not_found(info, &target, &lang));
                Output::Html(format!("<a href=\"{0}\">{0}</a>", escape_attr(&target)))
            }
        }
    }

    /// The page's child pages as a list (options: description, depth,
    /// showhidden, sort = weight | title | date).
    fn children(&self, info: &CallInfo<'_>) -> String {
        let depth = Self::arg(info, usize::MAX, "depth")
            .and_then(|d| d.parse().ok())
            .unwrap_or(1usize);
        let options = ChildOptions {
            description: Self::flag(info, "description"),
            show_hidden: Self::flag(info, "showhidden"),
            sort: Self::arg(info, usize::MAX, "sort").unwrap_or_default(),
        };
        self.child_list(self.scope.page, depth, &options)
    }

    fn child_list(&self, id: PageId, depth: usize, options: &ChildOptions) -> String {
        let site = self.site();
        let mut children: Vec<PageId> = site
            .children(id)
            .iter()
            .copied()
            .filter(|&c| options.show_hidden || !site.page(c).front.hidden)
            .collect();
        match options.sort.to_lowercase().as_str() {
            "title" | "name" => {
                children.sort_by(|a, b| site.page(*a).title.cmp(&site.page(*b).title))
            }
            "date" => {
                children.sort_by(|a, b| site.page(*b).front.date.cmp(&site.page(*a).front.date))
            }
            _ => {}
        }
        if children.is_empty() || depth == 0 {
            return String::new();
        }
        let mut html = String::from("<ul class=\"children\">\n");
        for child in children {
            let page = site.page(child);
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a>",
                escape_attr(&page.url),
                escape_text(page.link_title())
            ));
            if options.description {
                if let Some(description) =
                    page.front.description.as_deref().filter(|d| !d.is_empty())
                {
                    html.push_str(&format!("<p>{}</p>", escape_text(description)));
                }
            }
            html.push_str(&self.child_list(child, depth - 1, options));
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
        html
    }

    /// Another content file's body (front matter removed), with `{0}`,
    /// `{1}`, ... filled from the arguments after the path.
    fn insert(&mut self, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let site = self.site();
        let target = Self::arg(info, 0, "path").unwrap_or_default();
        let Some(path) = url::normalize(&target).filter(|p| !p.is_empty()) else {
            out.diagnostics.push(self.diagnostic(
                Severity::Error,
                "insert-outside-site",
                info.offset,
                format!("'{target}' is outside the site folder"),
            ));
            return Output::Html(String::new());
        };
        let text = match site.read_file(std::path::Path::new(&path)) {
            Ok(text) => text,
            Err(err) => {
                out.diagnostics.push(
                    self.diagnostic(
                        Severity::Error,
                        "insert-not-found",
                        info.offset,
                        format!("cannot insert '{target}': {err}"),
                    )
                    .with_help("the path is relative to the site folder, e.g. content/shared/x.md"),
                );
                return Output::Html(String::new());
            }
        };
        let body = match front_matter::split(&text) {
            Ok(split) => &text[split.body_offset..],
            Err(_) => text.as_str(),
        };
        let mut body = body.to_string();
        out.inserted.push(super::Inserted {
            call_offset: self.generated_at.unwrap_or(info.offset),
            file: std::path::PathBuf::from(&path),
            text: std::sync::Arc::from(text.as_str()),
        });
        let mut n = 1;
        while let Some(value) = Self::arg(info, n, "") {
            body = body.replace(&format!("{{{}}}", n - 1), &value);
            n += 1;
        }
        Output::Markdown(body)
    }

    /// The Altinn docs' shared property descriptions: the body of
    /// `_common-props-content/PROP` found in the page's folder or above.
    fn property_docs(&mut self, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let site = self.site();
        let page = site.page(self.scope.page);
        // Typographic quotes around the value happen in the real docs.
        let prop = Self::arg(info, 0, "prop")
            .unwrap_or_default()
            .trim_matches(['“', '”', '"'])
            .to_string();
        let source = page.source.as_deref().unwrap_or("");
        let found = crate::content::ancestor_dirs(source).find_map(|dir| {
            let base = if dir.is_empty() {
                format!("_common-props-content/{prop}")
            } else {
                format!("{dir}/_common-props-content/{prop}")
            };
            [format!("{base}/_index.md"), format!("{base}.md")]
                .iter()
                .find_map(|c| site.find_content(c, &page.lang))
        });
        match found {
            Some(id) => {
                let included = site.page(id);
                out.inserted.push(super::Inserted {
                    call_offset: self.generated_at.unwrap_or(info.offset),
                    file: included.source_path(site.config()),
                    text: included.text.clone(),
                });
                Output::Markdown(site.body(id).to_string())
            }
            None => {
                out.diagnostics.push(self.diagnostic(
                    Severity::Error,
                    "ref-not-found",
                    info.offset,
                    format!("no _common-props-content/{prop} in this page's folder or above"),
                ));
                Output::Html(String::new())
            }
        }
    }

    /// Tables and lists made from the site's catalogue, in the page's
    /// language: `catalogue-table` (optional `area`), `catalogue-area`
    /// (`area`), `catalogue-roles` (`package`).
    fn catalogue_output(
        &mut self,
        builtin: Builtin,
        info: &CallInfo<'_>,
        out: &mut Expansion,
    ) -> Output {
        let lang = self.site().page(self.scope.page).lang.clone();
        self.site().note(crate::deps::Fact::Catalogue);
        let Some(catalogue) = self.scope.catalogue else {
            let help = match &self.site().config().catalogue {
                Some(file) => format!(
                    "the catalogue {} could not be loaded: see the catalogue-invalid error",
                    file.display()
                ),
                None => "name one in site.toml: [catalogue] file = \"data/catalogue.yaml\"".into(),
            };
            out.diagnostics.push(
                self.diagnostic(
                    Severity::Error,
                    "catalogue-missing",
                    info.offset,
                    format!("shortcode '{}' needs a catalogue", info.call.name),
                )
                .with_help(help),
            );
            return Output::Html(String::new());
        };
        let area = Self::arg(info, 0, "area");
        let result = match builtin {
            Builtin::CatalogueTable => {
                crate::catalogue::package_table(catalogue, area.as_deref(), &lang)
            }
            Builtin::CatalogueArea => {
                crate::catalogue::area_packages(catalogue, area.as_deref().unwrap_or(""), &lang)
            }
            _ => {
                let package = Self::arg(info, 0, "package").unwrap_or_default();
                crate::catalogue::package_roles(catalogue, &package, &lang)
            }
        };
        match result {
            Ok(html) => Output::Html(html),
            Err(message) => {
                out.diagnostics.push(self.diagnostic(
                    Severity::Error,
                    "catalogue-not-found",
                    info.offset,
                    message,
                ));
                Output::Html(String::new())
            }
        }
    }

    /// Hugo's `{{< highlight LANG "OPTIONS" >}}`: the inner content, less
    /// its shared indentation and surrounding line breaks, highlighted as a
    /// fenced code block would be.
    fn highlight(&self, info: &CallInfo<'_>) -> String {
        let lang = Self::arg(info, 0, "lang").unwrap_or_default();
        let options = Self::arg(info, 1, "options").unwrap_or_default();
        let code = super::dedent(info.inner_text);
        let code = code.trim_matches(['\n', '\r']);
        if !self.scope.options.highlight {
            return crate::markdown::highlight::code_block(code, "", &Default::default());
        }
        crate::markdown::highlight::code_block(
            code,
            &lang,
            &crate::markdown::fence::parse_shortcode_options(&options),
        )
    }

    fn footnote(&mut self, info: &CallInfo<'_>) -> String {
        let text = Self::arg(info, 0, "text").unwrap_or_default();
        let html = self.render_markdown(&text);
        let inline = html
            .trim()
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or(html.trim());
        self.footnotes.push(inline.to_string());
        let n = self.footnotes.len();
        format!(
            "<sup class=\"footnote-ref\" id=\"fnref-sc-{n}\"><a href=\"#fn-sc-{n}\">{n}</a></sup>"
        )
    }

    fn display_footnotes(&self) -> String {
        if self.footnotes.is_empty() {
            return String::new();
        }
        let mut html = String::from("<ol class=\"footnotes\">\n");
        for (i, note) in self.footnotes.iter().enumerate() {
            let n = i + 1;
            html.push_str(&format!(
                "<li id=\"fn-sc-{n}\">{note} <a href=\"#fnref-sc-{n}\" aria-label=\"↩\">↩</a></li>\n"
            ));
        }
        html.push_str("</ol>\n");
        html
    }
}

struct ChildOptions {
    description: bool,
    show_hidden: bool,
    sort: String,
}
