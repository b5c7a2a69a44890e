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
    /// A page's content pulled into this one as Markdown (Hugo's
    /// documented `include` pattern: `.Page.GetPage` + `.RenderShortcodes`).
    Include,
    /// Hugo's `param`: a page param, else the site's.
    Param,
    /// Learn/Relearn's `siteparam`: a site param.
    SiteParam,
    /// Learn/Relearn's `attachments`: the files of `NAME.files/` (or of the
    /// bundle's `files/`) as a list of links.
    Attachments,
    /// Hugo's `qr`: a QR code of `text` (or the inner content), as an
    /// image (an SVG in the page, where Hugo writes a PNG file).
    Qr,
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
            "include" => Builtin::Include,
            "param" => Builtin::Param,
            "siteparam" => Builtin::SiteParam,
            "attachments" => Builtin::Attachments,
            "qr" => Builtin::Qr,
            _ => return None,
        })
    }

    pub(super) fn inner_use(self) -> InnerUse {
        match self {
            Builtin::Highlight => InnerUse::Required,
            Builtin::Attachments | Builtin::Qr => InnerUse::Optional,
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
            Builtin::Include => self.include(info, out),
            Builtin::Param => Output::Html(self.param(info, true)),
            Builtin::SiteParam => Output::Html(self.param(info, false)),
            Builtin::Attachments => Output::Html(self.attachments(info)),
            Builtin::Qr => Output::Html(self.qr(info, out)),
        }
    }

    /// Another page's body as Markdown: the path as Hugo's `GetPage` takes
    /// it (relative to this page, then from the content root; `.md`
    /// optional), in this page's language.
    fn include(&mut self, info: &CallInfo<'_>, out: &mut Expansion) -> Output {
        let site = self.site();
        let target = Self::arg(info, 0, "path").unwrap_or_default();
        let lang = site.page(self.scope.page).lang.clone();
        match self.resolve_ref(&target, &lang) {
            Some((id, _)) => Output::Markdown(site.body(id).to_string()),
            None => {
                out.diagnostics.push(self.not_found(info, &target, &lang));
                Output::Html(String::new())
            }
        }
    }

    /// A QR code as an `<img>` with the code as an SVG data URL. Options
    /// as Hugo's: text (or the inner content), level (low, medium,
    /// quartile, high), scale (pixels per module), alt, class, title,
    /// loading.
    fn qr(&self, info: &CallInfo<'_>, out: &mut Expansion) -> String {
        use qrcode::{EcLevel, QrCode, render::svg};
        let text = Self::arg(info, usize::MAX, "text")
            .unwrap_or_else(|| info.inner_text.trim().to_string());
        let level = match Self::arg(info, usize::MAX, "level").as_deref() {
            Some("low") => EcLevel::L,
            Some("quartile") => EcLevel::Q,
            Some("high") => EcLevel::H,
            _ => EcLevel::M,
        };
        let scale: u32 = Self::arg(info, usize::MAX, "scale")
            .and_then(|s| s.parse().ok())
            .filter(|s| (1..=64).contains(s))
            .unwrap_or(4);
        let code = match QrCode::with_error_correction_level(text.as_bytes(), level) {
            Ok(code) => code,
            Err(err) => {
                out.diagnostics.push(self.diagnostic(
                    Severity::Error,
                    "shortcode-failed",
                    info.offset,
                    format!("qr: cannot encode the text: {err}"),
                ));
                return String::new();
            }
        };
        let side = (code.width() as u32 + 8) * scale;
        let image = code
            .render::<svg::Color<'_>>()
            .module_dimensions(scale, scale)
            .build();
        let data =
            percent_encoding::utf8_percent_encode(&image, percent_encoding::NON_ALPHANUMERIC);
        let attr = |key: &str| {
            Self::arg(info, usize::MAX, key)
                .map(|v| format!(" {key}=\"{}\"", escape_attr(&v)))
                .unwrap_or_default()
        };
        format!(
            "<img src=\"data:image/svg+xml,{data}\" width=\"{side}\" height=\"{side}\"{}{}{}{}>",
            attr("alt"),
            attr("class"),
            attr("title"),
            attr("loading")
        )
    }

    /// `{{< param "a.b" >}}`: the page's param (dotted names go into
    /// tables), else the site's, HTML-escaped; `siteparam` reads only the
    /// site's.
    fn param(&self, info: &CallInfo<'_>, page_first: bool) -> String {
        let site = self.site();
        let page = site.page(self.scope.page);
        let name = Self::arg(info, 0, "name").unwrap_or_default();
        let find = |map: &serde_json::Map<String, serde_json::Value>| {
            let mut parts = name.split('.');
            let first = parts.next()?;
            let mut value = map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(first))
                .map(|(_, v)| v)?;
            for part in parts {
                value = value
                    .as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(part))
                    .map(|(_, v)| v)?;
            }
            Some(value.clone())
        };
        let from_page = page_first.then(|| find(&page.front.params)).flatten();
        let value = from_page.or_else(|| site.config().hugo.params.get(&page.lang).and_then(find));
        match value {
            Some(serde_json::Value::String(s)) => escape_text(&s),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => escape_text(&other.to_string()),
        }
    }

    /// The files of the page's attachments folder (`NAME.files/` beside a
    /// page, `files/` in a bundle), as links with their sizes.
    fn attachments(&self, info: &CallInfo<'_>) -> String {
        let site = self.site();
        let page = site.page(self.scope.page);
        let config = site.config();
        let source = page.source.as_deref().unwrap_or("");
        let (dir, name) = source.rsplit_once('/').unwrap_or(("", source));
        let stem = name
            .strip_suffix(".md")
            .or_else(|| name.strip_suffix(".markdown"))
            .unwrap_or(name);
        let folder = if stem.split('.').next() == Some("index") {
            "files".to_string()
        } else {
            format!("{stem}.files")
        };
        let rel = if dir.is_empty() {
            folder.clone()
        } else {
            format!("{dir}/{folder}")
        };
        let path = config.content_dir.join(&rel);
        let pattern = Self::arg(info, usize::MAX, "pattern").unwrap_or_default();
        let title = Self::arg(info, usize::MAX, "title").unwrap_or_else(|| {
            self.scope
                .language
                .ui
                .get("attachments")
                .cloned()
                .unwrap_or_default()
        });
        let style = Self::arg(info, usize::MAX, "style").unwrap_or_default();
        let mut files: Vec<(String, u64)> = site
            .list_folder(&path)
            .into_iter()
            .filter(|(name, _)| {
                pattern.is_empty() || name.contains(pattern.trim_matches(['.', '*', '^', '$']))
            })
            .collect();
        files.sort();
        // The folder is copied beside the page's section, as Hugo copies it.
        let section_url = site.parent(self.scope.page).map_or_else(
            || config.language_prefix(&page.lang),
            |p| site.url(p).to_string(),
        );
        let base = if stem.split('.').next() == Some("index") {
            format!("{}{folder}/", page.url)
        } else {
            format!("{section_url}{folder}/")
        };
        let mut html = format!(
            "<section class=\"attachments{}\"><p class=\"attachments-title\">{}</p><ul class=\"attachments-files\">",
            if style.is_empty() {
                String::new()
            } else {
                format!(" {}", escape_attr(&style))
            },
            escape_text(&title)
        );
        for (name, size) in files {
            html.push_str(&format!(
                "<li><a href=\"{}{}\">{}</a> ({})</li>",
                escape_attr(&base),
                escape_attr(&name),
                escape_text(&name),
                human_size(size)
            ));
        }
        html.push_str("</ul></section>");
        html
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
    /// showhidden, sort = weight | title | name | date | publishdate,
    /// style = li | h2..h6 | div | p). A description falls back to the
    /// child's summary, as in the Learn theme.
    fn children(&self, info: &CallInfo<'_>) -> String {
        let depth = Self::arg(info, usize::MAX, "depth")
            .and_then(|d| d.parse().ok())
            .unwrap_or(1usize);
        let style = Self::arg(info, usize::MAX, "style")
            .map(|s| s.trim().to_lowercase())
            .filter(|s| {
                ["li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "card"].contains(&s.as_str())
            })
            .unwrap_or_else(|| "li".to_string());
        let options = ChildOptions {
            description: Self::flag(info, "description"),
            show_hidden: Self::flag(info, "showhidden"),
            sort: Self::arg(info, usize::MAX, "sort").unwrap_or_default(),
            style,
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
            "date" | "publishdate" => {
                children.sort_by(|a, b| site.page(*b).front.date.cmp(&site.page(*a).front.date))
            }
            _ => {}
        }
        if children.is_empty() || depth == 0 {
            return String::new();
        }
        let list = options.style == "li";
        let mut html = format!(
            "<{} class=\"children children-{}\">\n",
            if list { "ul" } else { "div" },
            options.style
        );
        for child in children {
            let page = site.page(child);
            let (open, close) = match options.style.as_str() {
                "li" => ("li", "li"),
                "card" => ("div class=\"card\"", "div"),
                other => (other, other),
            };
            html.push_str(&format!(
                "<{open}><a href=\"{}\">{}</a>",
                escape_attr(&page.url),
                escape_text(page.link_title())
            ));
            if !list {
                html.push_str(&format!("</{close}>"));
            }
            if options.description {
                let description = page
                    .front
                    .description
                    .clone()
                    .filter(|d| !d.is_empty())
                    .or_else(|| {
                        let length = site.config().hugo.summary_length;
                        crate::content::summary(&page.front, site.body(child), length)
                    });
                if let Some(description) = description {
                    html.push_str(&format!("<p>{}</p>", escape_text(&description)));
                }
            }
            html.push_str(&self.child_list(child, depth - 1, options));
            if list {
                html.push_str("</li>");
            }
            html.push('\n');
        }
        html.push_str(if list { "</ul>\n" } else { "</div>\n" });
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

/// `2048` → `2 KB`, as Learn's attachments show sizes.
fn human_size(size: u64) -> String {
    match size {
        s if s >= 1024 * 1024 => format!("{} MB", s / (1024 * 1024)),
        s if s >= 1024 => format!("{} KB", s / 1024),
        s => format!("{s} B"),
    }
}

struct ChildOptions {
    description: bool,
    show_hidden: bool,
    sort: String,
    style: String,
}
