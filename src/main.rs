//! The `brygge` command line: argument parsing and printing, nothing else.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use brygge::build::{self, BuildOptions};
use brygge::check::external::ExternalOptions;
use brygge::diagnostics::{self, Diagnostic, Tally};
use brygge::report::{self, Format};

/// A line on standard error. When even that cannot be written (closed,
/// full), there is nowhere left to say so: the line is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Writes a report to standard output. A reader that stopped reading
/// (`brygge check | head`) is not an error: the exit status still tells the
/// result. Any other failure (a full disk) is, with exit status 2.
fn print_report(text: &str) -> Result<(), ExitCode> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            say!("error: cannot write the report: {err}");
            Err(ExitCode::from(2))
        }
        _ => Ok(()),
    }
}

/// mimalloc replaces the system allocator (see `brygge::memory`).
#[global_allocator]
static ALLOCATOR: brygge::memory::Mimalloc = brygge::memory::Mimalloc;

#[derive(Parser)]
#[command(
    name = "brygge",
    version,
    about = "Build bilingual Hugo-style documentation sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the site is and how it is configured: the same for every command.
#[derive(Args)]
struct SiteArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Configuration file, relative to the root (default: site.toml,
    /// else hugo.toml or config.toml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Catalogue file (YAML), relative to the root, instead of the configured one.
    #[arg(long, value_name = "FILE")]
    catalogue: Option<PathBuf>,
}

impl SiteArgs {
    fn into_options(self) -> BuildOptions {
        BuildOptions {
            root: self.root,
            config_file: self.config,
            catalogue: self.catalogue,
            ..BuildOptions::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into static HTML.
    ///
    /// Exit status: 0 when built, 1 when built but errors were reported,
    /// 2 when the site could not be built (the previous output is kept).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: the configured one, `public/`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL for permalinks, overriding the configuration.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Do not write the search index.
        #[arg(long)]
        no_search: bool,
        /// Print nothing but diagnostics and errors.
        #[arg(long, short)]
        quiet: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Serve a live preview: the site built in memory, rebuilt as files
    /// change; the browser reloads the page it shows.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Address to listen on. Anything but a loopback address lets
        /// other machines read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1313)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build the search index too (off in the preview: it is rebuilt
        /// after every change).
        #[arg(long)]
        search: bool,
    },
    /// Check links, anchors, translations and tables without writing anything.
    ///
    /// Exit status: 0 when no errors were found (warnings allowed unless
    /// --deny-warnings), 1 when some were, 2 when the check could not run.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print the findings.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// A list of files (one path per line, relative to the root, e.g.
        /// `content/a/img.png`; a tab-separated line counts by its last
        /// field; `#` starts a comment) to treat as present though missing,
        /// for checking a copy of a site without its images.
        #[arg(long, value_name = "FILE")]
        assume_files: Option<PathBuf>,
        /// Also request every external http(s) link (off by default: CI
        /// machines may have no network). Results are cached for a day in
        /// `.brygge/external-links.json` under the root.
        #[arg(long)]
        external: bool,
        /// With --external: at most this many requests to one host at a time.
        #[arg(long, value_name = "N", default_value_t = 2)]
        per_host: usize,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Serve {
            site,
            bind,
            port,
            open,
            drafts,
            search,
        } => {
            let mut build = site.into_options();
            build.drafts = drafts;
            build.search = search;
            let options = brygge::serve::ServeOptions {
                build,
                bind,
                port,
                open,
            };
            let root = options.build.root.clone();
            match brygge::serve::run(options, Terminal { root: root.clone() }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(brygge::serve::ServeError::RootMissing(err)) => {
                    print_diagnostics(&root, &[err.to_diagnostic()]);
                    ExitCode::from(2)
                }
                Err(err) => {
                    say!("error: {err}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Build {
            site,
            out,
            base_url,
            drafts,
            no_search,
            quiet,
            timings,
        } => {
            let mut options = site.into_options();
            options.search = !no_search;
            options.out = out.map(|o| absolute_from_cwd(&o, &options.root));
            options.base_url = base_url;
            options.drafts = drafts;
            brygge::memory::keep_freed_memory();
            run_build(&options, quiet, timings)
        }
        Command::Check {
            site,
            format,
            deny_warnings,
            assume_files,
            external,
            per_host,
        } => {
            let assumed_files = match assume_files.map(|f| read_file_list(&f)).transpose() {
                Ok(list) => list.unwrap_or_default(),
                Err(err) => {
                    say!("error: {err}");
                    return ExitCode::from(2);
                }
            };
            let options = BuildOptions {
                assumed_files,
                ..site.into_options()
            };
            let external = external.then(|| ExternalOptions {
                per_host: per_host.max(1),
                cache: Some(options.root.join(".brygge/external-links.json")),
                ..ExternalOptions::default()
            });
            brygge::memory::keep_freed_memory();
            run_check(&options, format, deny_warnings, external.as_ref())
        }
    }
}

/// Paths from a file list: one per line, the last tab-separated field,
/// blank lines and `#` comments skipped.
fn read_file_list(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.rsplit('\t').next())
        .map(|p| p.trim().to_string())
        .collect())
}

fn run_check(
    options: &BuildOptions,
    format: Format,
    deny_warnings: bool,
    external: Option<&ExternalOptions>,
) -> ExitCode {
    let started = std::time::Instant::now();
    let engine = match build::render_for_check(options) {
        Ok(engine) => engine,
        Err(err) => {
            let diagnostic = err.to_diagnostic(&options.root);
            let shown = shown_paths(&options.root, &[diagnostic]);
            let text = report::render(
                format,
                &shown,
                report::Totals::default(),
                Path::new("."),
                false,
            );
            let _ = print_report(&text);
            return ExitCode::from(2);
        }
    };
    let found = brygge::check::run(&engine);
    let mut all = engine.diagnostics();
    all.extend(found.diagnostics);
    if let Some(external) = external {
        all.extend(brygge::check::external::check(&found.external, external).diagnostics);
    }
    brygge::check::fold_same_cause(&mut all);
    brygge::check::apply_settings(&engine.site().config, &mut all);
    diagnostics::sort(&mut all);
    let totals = report::Totals {
        pages: found.pages,
        links: found.links,
        seconds: started.elapsed().as_secs_f64(),
    };
    let colour = format == Format::Human && std::io::stdout().is_terminal();
    let shown = shown_paths(&options.root, &all);
    if let Err(code) = print_report(&report::render(
        format,
        &shown,
        totals,
        Path::new("."),
        colour,
    )) {
        return code;
    }
    let tally = Tally::of(&all);
    if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Diagnostics with paths as seen from the current folder.
fn shown_paths(root: &Path, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let mut shown = d.clone();
            if root != Path::new(".")
                && shown.file.is_relative()
                && !shown.file.as_os_str().is_empty()
            {
                shown.file = root.join(&shown.file);
            }
            shown
        })
        .collect()
}

/// `--out` is relative to where the command runs, not to the site root.
fn absolute_from_cwd(out: &Path, root: &Path) -> PathBuf {
    if out.is_absolute() {
        return out.to_path_buf();
    }
    match std::path::absolute(out) {
        Ok(path) => path,
        Err(_) => root.join(out),
    }
}

fn run_build(options: &BuildOptions, quiet: bool, timings: bool) -> ExitCode {
    let show_progress = !quiet && std::io::stderr().is_terminal();
    let progress = |stage: &str| {
        if show_progress {
            say!("  {stage}…");
        }
    };
    match build::build_returning_engine(options, &progress) {
        Ok((summary, diagnostics, engine)) => {
            // The process ends in a moment and returns all its memory at
            // once; freeing each page's record first would only add time.
            std::mem::forget(engine);
            print_diagnostics(&options.root, &diagnostics);
            let tally = Tally::of(&diagnostics);
            if !quiet {
                if !summary.shortcodes.unsupported.is_empty() {
                    let names: Vec<String> = summary
                        .shortcodes
                        .unsupported
                        .iter()
                        .map(|(name, n)| format!("{name} ({n})"))
                        .collect();
                    say!(
                        "warning: shortcodes without a template, shown as marked boxes: {}",
                        names.join(", ")
                    );
                }
                say!("{summary}");
                if timings {
                    for (stage, took) in &summary.timings {
                        say!("  {stage:<22} {:>8.3} s", took.as_secs_f64());
                    }
                }
                if tally.errors + tally.warnings > 0 {
                    say!("{}", brygge::report::counts(&tally));
                }
            }
            if tally.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(err) => {
            print_diagnostics(&options.root, &[err.to_diagnostic(&options.root)]);
            say!("build failed; nothing was written (an earlier output, if any, is as it was)");
            ExitCode::from(2)
        }
    }
}

/// The preview's messages, on standard error.
struct Terminal {
    root: PathBuf,
}

impl brygge::serve::Console for Terminal {
    fn line(&self, line: &str) {
        say!("{line}");
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        print_diagnostics(&self.root, diagnostics);
    }
}

/// Prints diagnostics with paths as seen from the current folder.
fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for shown in shown_paths(root, diagnostics) {
        say!("{shown}");
    }
}
