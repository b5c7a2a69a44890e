//! The `brygge` command line: argument parsing and printing, nothing else.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use brygge::build::{self, BuildOptions};
use brygge::diagnostics::{Diagnostic, Tally};

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

#[derive(Subcommand)]
enum Command {
    /// Build the site into static HTML.
    ///
    /// Exit status: 0 when built, 1 when built but errors were reported,
    /// 2 when the site could not be built (the previous output is kept).
    Build {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Configuration file, relative to the root (default: site.toml,
        /// else hugo.toml or config.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Output folder (default: the configured one, `public/`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL for permalinks, overriding the configuration.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print nothing but diagnostics and errors.
        #[arg(long, short)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            config,
            out,
            base_url,
            drafts,
            quiet,
        } => {
            let options = BuildOptions {
                out: out.map(|o| absolute_from_cwd(&o, &root)),
                root,
                config_file: config,
                base_url,
                drafts,
            };
            run_build(&options, quiet)
        }
    }
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

fn run_build(options: &BuildOptions, quiet: bool) -> ExitCode {
    let show_progress = !quiet && std::io::stderr().is_terminal();
    let progress = |stage: &str| {
        if show_progress {
            eprintln!("  {stage}…");
        }
    };
    match build::build(options, &progress) {
        Ok((summary, diagnostics)) => {
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
                    eprintln!(
                        "warning: shortcodes without a template, shown as marked boxes: {}",
                        names.join(", ")
                    );
                }
                eprintln!("{summary}");
                if tally.errors + tally.warnings > 0 {
                    eprintln!("{} errors, {} warnings", tally.errors, tally.warnings);
                }
            }
            if tally.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(err) => {
            let diagnostic = match &err {
                build::BuildError::Config(e) => e.to_diagnostic(),
                other => Diagnostic::error("build-failed", "", other.to_string()),
            };
            print_diagnostics(&options.root, &[diagnostic]);
            eprintln!("build failed; the previous output was left as it was");
            ExitCode::from(2)
        }
    }
}

/// Prints diagnostics with paths as seen from the current folder.
fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let mut shown = diagnostic.clone();
        if root != Path::new(".") && shown.file.is_relative() && !shown.file.as_os_str().is_empty()
        {
            shown.file = root.join(&shown.file);
        }
        eprintln!("{shown}");
    }
}
