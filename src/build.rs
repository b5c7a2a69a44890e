//! `brygge build`: the options, the engine run once into a [`DiskSink`]
//! (atomic: the output folder is replaced only when everything is
//! written), and the summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::config::{self, ConfigError};
use crate::diagnostics::{self, Diagnostic};
use crate::engine::{Engine, Mode, ShortcodeCounts};
use crate::output::{Discard, DiskSink, OutputError};
use crate::render::TemplateError;

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
    /// Write the search index (`build` does unless `--no-search`; the
    /// preview only with `--search`).
    pub search: bool,
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

impl BuildError {
    /// The finding that says why the build stopped, its file relative to
    /// `root` like every other finding.
    pub fn to_diagnostic(&self, root: &Path) -> Diagnostic {
        let mut diagnostic = match self {
            BuildError::Config(err) => err.to_diagnostic(),
            BuildError::Template(err) => err.fatal_diagnostic(),
            BuildError::Output(err) => Diagnostic::error("build-failed", "", err.to_string()),
        };
        diagnostic.file = crate::diagnostics::display_path(root, &diagnostic.file);
        diagnostic
    }
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
        use crate::report::plural;
        write!(
            f,
            "built {} ({}), {}, {} in {:.2} s → {}",
            plural(total, "page", "pages"),
            per_language.join(", "),
            plural(self.aliases, "alias", "aliases"),
            plural(self.files_copied, "file copied", "files copied"),
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
        config::check_folders(&config)?;
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

/// Renders the whole site in memory, keeping what `check` needs of each
/// page; nothing is written.
pub fn render_for_check(options: &BuildOptions) -> Result<Engine, BuildError> {
    let mut engine = Engine::load(
        options,
        Mode {
            tracking: false,
            scanning: true,
            search: false,
        },
    )?;
    engine.render_all(&Discard)?;
    Ok(engine)
}

/// Builds the site and writes it: every page goes to disk as soon as it is
/// rendered, into a staging folder that replaces the output folder only
/// when everything is written. Diagnostics about single files do not stop
/// the build; they are returned with the summary.
pub fn build(
    options: &BuildOptions,
    progress: &dyn Fn(&str),
) -> Result<(Summary, Vec<Diagnostic>), BuildError> {
    build_returning_engine(options, progress)
        .map(|(summary, diagnostics, _)| (summary, diagnostics))
}

/// [`build`], handing back the engine as well, for a caller that frees it
/// its own way: the command line ends right after a build and leaves the
/// freeing of every page's record (a tenth of a second on a large site)
/// to the end of the process.
pub fn build_returning_engine(
    options: &BuildOptions,
    progress: &dyn Fn(&str),
) -> Result<(Summary, Vec<Diagnostic>, Engine), BuildError> {
    let started = Instant::now();
    progress("loading");
    let mode = Mode {
        search: options.search,
        ..Mode::default()
    };
    let mut engine = Engine::load(options, mode)?;
    let out_dir = engine.site().config.output_path();
    let sink = DiskSink::create(&out_dir, &engine.site().config.root)?;
    progress("rendering and writing");
    engine.render_all(&sink)?;
    let commit_started = Instant::now();
    sink.commit()?;
    let mut timings = engine.timings().to_vec();
    timings.push(("swap output", commit_started.elapsed()));
    let summary = Summary {
        pages_per_language: engine.pages_per_language(),
        aliases: engine.aliases_written(),
        files_copied: engine.files_copied(),
        output_dir: diagnostics::display_path(&options.root, &out_dir),
        elapsed: started.elapsed(),
        timings,
        shortcodes: engine.shortcode_counts(),
    };
    let diagnostics = engine.diagnostics();
    Ok((summary, diagnostics, engine))
}
