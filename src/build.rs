//! The build pipeline: load, index, render, write, as named, timed stages.
//!
//! [`render_site`] does everything in memory (what `check` and the preview
//! reuse); [`build`] also writes the output atomically.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use thiserror::Error;

use std::collections::HashMap;

use crate::catalogue::{self, Catalogue};
use crate::config::{self, ConfigError};
use crate::content::{self, PageId, Site};
use crate::diagnostics::{self, Diagnostic};
use crate::links;
use crate::markdown::{self, Rendered};
use crate::output::{self, Output, OutputError};
use crate::render::{self, TemplateError, Templates};
use crate::shortcodes::{self, Expansion};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// A config file, relative to `root`, instead of the usual names.
    pub config_file: Option<PathBuf>,
    /// Output folder instead of the configured one.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Files (relative to the root, under the content or static folder)
    /// to treat as present though they are not on disk: `check` on a copy
    /// of a site without its images. Never used to write output.
    pub assumed_files: Vec<String>,
    /// A catalogue file (relative to the root) instead of the configured one.
    pub catalogue: Option<PathBuf>,
}

/// A problem that stops the build as a whole.
#[derive(Debug, Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// One page after Markdown and templates.
#[derive(Debug)]
pub struct RenderedPage {
    pub id: PageId,
    pub markdown: Rendered,
    pub html: String,
    /// The page calls shortcodes brygge has no template for, so its HTML
    /// may lack ids the real site has.
    pub incomplete: bool,
}

/// A site rendered in memory.
pub struct RenderedSite {
    pub site: Site,
    pub pages: Vec<RenderedPage>,
    pub output: Output,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
    pub shortcodes: ShortcodeCounts,
}

/// What a finished build reports.
#[derive(Debug)]
pub struct Summary {
    pub pages_per_language: BTreeMap<String, usize>,
    pub aliases: usize,
    pub files_copied: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    pub timings: Vec<(&'static str, Duration)>,
    pub shortcodes: ShortcodeCounts,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.pages_per_language.values().sum();
        let per_language: Vec<String> = self
            .pages_per_language
            .iter()
            .map(|(lang, n)| format!("{lang} {n}"))
            .collect();
        write!(
            f,
            "built {total} pages ({}), {} aliases, {} files copied in {:.2} s → {}",
            per_language.join(", "),
            self.aliases,
            self.files_copied,
            self.elapsed.as_secs_f64(),
            self.output_dir.display()
        )
    }
}

/// Loads the configuration, applying command-line overrides.
pub fn load_config(options: &BuildOptions) -> Result<config::Config, ConfigError> {
    let mut config = config::load(&options.root, options.config_file.as_deref())?;
    if let Some(out) = &options.out {
        config.output_dir = out.clone();
    }
    if let Some(catalogue) = &options.catalogue {
        config.catalogue = Some(catalogue.clone());
    }
    match &options.base_url {
        Some(url) => {
            config.base_url = config::normalize_base_url(url);
            config::finish(config)
        }
        None => Ok(config),
    }
}

/// Builds the whole site in memory.
pub fn render_site(
    options: &BuildOptions,
    progress: &dyn Fn(&str),
) -> Result<RenderedSite, BuildError> {
    let mut timings = Vec::new();
    let mut stage = |name: &'static str, started: Instant| timings.push((name, started.elapsed()));

    let started = Instant::now();
    let config = load_config(options)?;
    let templates = Templates::load(&config.templates_path())?;
    let mut diagnostics = Vec::new();
    if !config.ignored_keys.is_empty() {
        let source = config.source.clone().unwrap_or_default();
        diagnostics.push(Diagnostic::info(
            "config-keys-ignored",
            diagnostics::display_path(&options.root, &source),
            format!(
                "Hugo keys with no meaning here were ignored: {}",
                config.ignored_keys.join(", ")
            ),
        ));
    }
    stage("config", started);

    let started = Instant::now();
    progress("loading content");
    let assumed = |folder: &std::path::Path| -> Vec<String> {
        let prefix = format!("{}/", folder.to_string_lossy().trim_end_matches('/'));
        options
            .assumed_files
            .iter()
            .filter_map(|f| f.strip_prefix(prefix.as_str()).map(str::to_string))
            .collect()
    };
    let assumed_static = assumed(&config.static_dir);
    let assumed_content = assumed(&config.content_dir);
    let (site, load_diagnostics) = content::load(config, options.drafts, &assumed_content);
    diagnostics.extend(load_diagnostics);
    stage("load", started);

    let started = Instant::now();
    let catalogue = load_catalogue(&site, &mut diagnostics);
    if let Some(catalogue) = &catalogue {
        diagnostics.extend(check_tables(&site, catalogue));
    }
    stage("catalogue", started);

    let started = Instant::now();
    progress(&format!("rendering {} pages", site.published().count()));
    let contexts = render::language_contexts(&site);
    let expanded: Vec<(PageId, Rendered, Expansion)> = site
        .published()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|page| {
            let (rendered, expansion) = render_markdown(
                &site,
                &templates,
                &contexts[&page.lang],
                catalogue.as_ref(),
                page.id,
            );
            (page.id, rendered, expansion)
        })
        .collect();
    let mut shortcode_counts = ShortcodeCounts::default();
    let rendered: Vec<(PageId, Rendered, bool)> = expanded
        .into_iter()
        .map(|(id, rendered, expansion)| {
            diagnostics.extend(expansion.diagnostics);
            let incomplete = !expansion.unsupported.is_empty();
            shortcode_counts.add(expansion.rendered, expansion.unsupported);
            (id, rendered, incomplete)
        })
        .collect();
    stage("markdown", started);

    let started = Instant::now();
    let pages: Vec<RenderedPage> = rendered
        .into_par_iter()
        .map(|(id, markdown, incomplete)| {
            let shared = &contexts[&site.page(id).lang];
            let html =
                render::render_page(&templates, &site, shared, id, &markdown.html, &markdown.toc)?;
            Ok(RenderedPage {
                id,
                markdown,
                html,
                incomplete,
            })
        })
        .collect::<Result<_, TemplateError>>()?;
    let mut output = assemble_output(&site, &templates, &contexts, &pages)?;
    let static_dir = site.config.static_path();
    output.copies.extend(
        assumed_static
            .into_iter()
            .map(|rel| (static_dir.join(&rel), rel)),
    );
    stage("templates", started);

    diagnostics::sort(&mut diagnostics);
    Ok(RenderedSite {
        site,
        pages,
        output,
        diagnostics,
        timings,
        shortcodes: shortcode_counts,
    })
}

/// Shortcode calls over the whole site, by name.
#[derive(Debug, Default, Clone)]
pub struct ShortcodeCounts {
    /// Calls rendered (by a template, a built-in or as a placeholder).
    pub rendered: BTreeMap<String, usize>,
    /// Calls of names with no template.
    pub unsupported: BTreeMap<String, usize>,
}

impl ShortcodeCounts {
    fn add(&mut self, rendered: BTreeMap<String, usize>, unsupported: BTreeMap<String, usize>) {
        for (name, n) in rendered {
            *self.rendered.entry(name).or_insert(0) += n;
        }
        for (name, n) in unsupported {
            *self.unsupported.entry(name).or_insert(0) += n;
        }
    }
}

/// Renders the body of one page: shortcodes, then Markdown, then the
/// shortcodes' HTML in place of their placeholders. Offsets of headings and
/// links are mapped back to the page file.
fn render_markdown(
    site: &Site,
    templates: &Templates,
    language: &render::LanguageContext,
    catalogue: Option<&Catalogue>,
    id: PageId,
) -> (Rendered, Expansion) {
    let options = markdown::Options {
        unsafe_html: site.config.unsafe_html,
        toc: site.config.toc,
    };
    let resolve = |href: &str| links::resolve(site, id, href);
    let scope = shortcodes::PageScope {
        site,
        templates,
        language,
        catalogue,
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

/// The site's catalogue, when it names one; problems loading it are
/// reported and the site is built without it.
fn load_catalogue(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Option<Catalogue> {
    let file = site.config.catalogue.as_ref()?;
    match catalogue::load(&site.config.root, file) {
        Ok(catalogue) => Some(catalogue),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    }
}

/// Every package and role table of every page against the catalogue, and
/// each page against its translations.
fn check_tables(site: &Site, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let pages: Vec<_> = site.pages.iter().filter(|p| p.source.is_some()).collect();
    let findings: HashMap<PageId, catalogue::PageFindings> = pages
        .par_iter()
        .map(|page| {
            let file = page.source_path(&site.config);
            let found =
                catalogue::check_page(catalogue, &page.text, page.body_offset, &page.lang, &file);
            (page.id, found)
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = findings
        .values()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .collect();
    for page in &pages {
        for &other in page.translations.iter().filter(|&&t| t > page.id) {
            let (Some(a), Some(b)) = (findings.get(&page.id), findings.get(&other)) else {
                continue;
            };
            let other_path = site.page(other).source_path(&site.config);
            diagnostics.extend(catalogue::compare_translations(
                (&page.source_path(&site.config), a),
                (&other_path, b),
                catalogue,
            ));
        }
    }
    diagnostics
}

/// Pages, aliases, 404 pages, the root redirect, resources and static files.
fn assemble_output(
    site: &Site,
    templates: &Templates,
    contexts: &std::collections::HashMap<String, render::LanguageContext>,
    pages: &[RenderedPage],
) -> Result<Output, TemplateError> {
    let config = &site.config;
    let mut output = Output::default();
    for page in pages {
        output.files.push((
            site.page(page.id).output_file(config),
            page.html.clone().into_bytes(),
        ));
    }
    for alias in &site.aliases {
        let target = site.page(alias.target);
        let html = render::render_alias(templates, &config.permalink(&target.url), &target.lang)?;
        output.files.push((alias.path.clone(), html.into_bytes()));
    }
    for lang in &config.languages {
        let html = render::render_not_found(templates, site, &contexts[&lang.code])?;
        let prefix = config.language_prefix(&lang.code);
        output.files.push((
            format!("{}404.html", config.output_rel(&prefix)),
            html.clone().into_bytes(),
        ));
        if lang.code == config.default_language && prefix != config.base_path {
            output.files.push(("404.html".into(), html.into_bytes()));
        }
    }
    if config.default_language_in_subdir && !site.by_url.contains_key(&config.base_path) {
        let home = config.language_prefix(&config.default_language);
        let html = render::render_alias(
            templates,
            &config.permalink(&home),
            &config.default_language,
        )?;
        output.files.push(("index.html".into(), html.into_bytes()));
    }
    let content = config.content_path();
    for (source, dest) in &site.resources {
        output.copies.push((content.join(source), dest.clone()));
    }
    add_static_files(config, &mut output);
    Ok(output)
}

/// `static/` to the output root, and the built-in stylesheet unless the
/// site has its own file of that name.
fn add_static_files(config: &config::Config, output: &mut Output) {
    let static_dir = config.static_path();
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(&static_dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                output.copies.push((entry.path().to_path_buf(), rel));
            }
        }
    }
    let (name, css) = render::BUILTIN_CSS;
    if !output.copies.iter().any(|(_, rel)| rel == name) {
        output
            .files
            .push((name.to_string(), css.as_bytes().to_vec()));
    }
}

/// Builds the site and writes it. Diagnostics about single files do not
/// stop the build; they are returned with the summary.
pub fn build(
    options: &BuildOptions,
    progress: &dyn Fn(&str),
) -> Result<(Summary, Vec<Diagnostic>), BuildError> {
    let started = Instant::now();
    let mut rendered = render_site(options, progress)?;
    progress("writing");
    let write_started = Instant::now();
    let config = &rendered.site.config;
    let out_dir = config.output_path();
    output::write(&out_dir, &config.root, &rendered.output)?;
    rendered.timings.push(("write", write_started.elapsed()));
    let mut pages_per_language = BTreeMap::new();
    for page in &rendered.pages {
        *pages_per_language
            .entry(rendered.site.page(page.id).lang.clone())
            .or_insert(0) += 1;
    }
    let summary = Summary {
        pages_per_language,
        aliases: rendered.site.aliases.len(),
        files_copied: rendered.output.copies.len(),
        output_dir: diagnostics::display_path(&options.root, &out_dir),
        elapsed: started.elapsed(),
        timings: rendered.timings,
        shortcodes: rendered.shortcodes,
    };
    Ok((summary, rendered.diagnostics))
}
