//! `brygge serve`: the live preview. The site is built in memory by the
//! engine ([`preview`]), served on one port with its reload channel
//! ([`http`]), and kept up to date as files change ([`watch`]): each batch
//! of changes re-renders only the pages that depend on it, and browsers
//! reload the page they show, keeping its scroll position. When a change
//! breaks something, every page carries an overlay with the errors
//! ([`overlay`]) over the last good content. Nothing is written to disk.

pub mod http;
pub mod overlay;
pub mod preview;
pub mod watch;

use std::net::{IpAddr, SocketAddr};

use thiserror::Error;

use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostic, Severity};
use preview::{Preview, Rebuilder, Report};

/// What `brygge serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {source}{}", listen_hint(source))]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    /// No site to serve: the root is not a folder.
    #[error("{0}")]
    RootMissing(crate::config::ConfigError),
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What to try when the port cannot be had.
fn listen_hint(err: &std::io::Error) -> &'static str {
    match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            " (another program uses the port: give another with --port, or --port 0 for any free one)"
        }
        _ => "",
    }
}

/// What the preview tells the person running it, line by line.
pub trait Console: Send + 'static {
    fn line(&self, line: &str);
    fn diagnostics(&self, diagnostics: &[Diagnostic]);
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(options: ServeOptions, console: impl Console) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    if !options.bind.is_loopback() {
        console.line(&format!(
            "warning: listening on {}: anyone who can reach this machine can read the site",
            options.bind
        ));
    }
    // Watching starts before the first build, so that no change made
    // while it runs is missed. Without a readable configuration, the
    // default folders and the root are watched, so that fixing it is seen.
    let config = match crate::build::load_config(&options.build) {
        Ok(config) => config,
        Err(err @ crate::config::ConfigError::RootMissing { .. }) => {
            return Err(ServeError::RootMissing(err));
        }
        Err(_) => crate::config::Config::defaults(&options.build.root),
    };
    let mut watch = watch::Watch::start(&config)?;
    let preview = Preview::new(&options.build.root);
    let mut rebuilder = Rebuilder::new(preview.clone(), options.build.clone());
    let first = rebuilder.start();
    console.diagnostics(&first.diagnostics);
    console.diagnostics(&first.errors);
    console.line(&if first.errors.is_empty() {
        format!(
            "built {} in {} ms",
            crate::report::plural(first.pages, "page", "pages"),
            first.took.as_millis()
        )
    } else {
        "the build failed: the browser shows why, and the preview builds again when a file changes"
            .to_string()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|source| ServeError::Listen { address, source })?;
    let local = listener.local_addr().unwrap_or(address);
    let url = format!("http://{local}{}", preview.base_path());
    console.line(&format!("serving {url} (Ctrl-C to stop)"));
    if options.open {
        open_in_browser(&url);
    }
    let root = std::path::absolute(&options.build.root).unwrap_or(options.build.root);
    std::thread::spawn(move || {
        while let Some(batch) = watch.next_batch() {
            let shown: Vec<String> = batch
                .iter()
                .map(|p| {
                    crate::diagnostics::display_path(&root, p)
                        .display()
                        .to_string()
                })
                .collect();
            let site_file = batch.iter().any(|path| watch.is_site_file(path));
            let report = rebuilder.apply(batch);
            if site_file || !report.idle {
                console.line(&rebuild_line(&shown, &report));
            }
        }
    });
    runtime.block_on(async move {
        let app = http::router(preview);
        // Ctrl-C stops at once: nothing is written, and open reload
        // channels would keep a graceful shutdown waiting.
        tokio::select! {
            served = axum::serve(listener, app) => served.map_err(ServeError::Runtime),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

/// One line per rebuild: what changed, pages rendered, time, errors.
fn rebuild_line(changed: &[String], report: &Report) -> String {
    let what = match changed {
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        [] => "nothing".to_string(),
    };
    let pages = if report.pages == 1 {
        "1 page".to_string()
    } else {
        format!("{} pages", report.pages)
    };
    let mut line = format!(
        "changed {what}: {pages} rendered in {} ms",
        report.took.as_millis()
    );
    match report.errors.len() {
        0 => {}
        1 => line.push_str(&format!(
            "; 1 error (shown in the browser): {}",
            report.errors[0]
        )),
        n => line.push_str(&format!("; {n} errors (shown in the browser)")),
    }
    // Warnings (an unknown shortcode, a link into the other language) are
    // not overlaid: those in the files just saved are said here.
    let warnings: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .filter(|d| changed.contains(&d.file.display().to_string()))
        .collect();
    match warnings.as_slice() {
        [] => {}
        [one] => line.push_str(&format!("; 1 warning: {one}")),
        [first, ..] => line.push_str(&format!(
            "; {} warnings, the first: {first}",
            warnings.len()
        )),
    }
    line
}

/// Opens `url` in the default browser, if the platform has a way.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener).arg(url).spawn();
}
