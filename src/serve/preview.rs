//! The preview's state: the site built in memory, kept up to date by the
//! engine as files change, the errors to show over it, and the messages
//! that tell browsers what changed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::broadcast;

use crate::build::{BuildError, BuildOptions};
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::{Engine, Mode, Update};
use crate::output::{MemorySink, OutputError, Sink, Stored};

use super::overlay::{self, Shown};

/// A rebuild that rewrote more pages than this tells browsers to reload
/// whatever they show instead of listing them.
const MANY_PAGES: usize = 200;

/// What browsers are told after a rebuild.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// The build's number; every rebuild counts one up.
    pub version: u64,
    /// URL paths of pages written again or removed.
    pub pages: Vec<String>,
    /// URL paths of stylesheets written again.
    pub stylesheets: Vec<String>,
    /// Old URL → new URL, for a page that moved.
    pub moved: HashMap<String, String>,
    /// Every page must reload (the errors shown changed, or everything was
    /// rebuilt).
    pub reload_all: bool,
}

/// A file as the server hands it out.
pub struct Served {
    pub bytes: Arc<[u8]>,
    /// Put in the error overlay and the client script (HTML pages).
    pub inject: bool,
}

/// The preview site, shared by the server and the rebuild thread.
pub struct Preview {
    sink: KeepingSink,
    state: RwLock<State>,
    changes: broadcast::Sender<Change>,
    root: PathBuf,
}

struct State {
    version: u64,
    base_path: String,
    /// The overlay's HTML (empty without errors).
    overlay: String,
    /// The errors of each page's own file (by output file) that the
    /// overlay above leaves out (those there at the start): its overlay
    /// shows them too, made when the page is asked for.
    own_errors: HashMap<String, Vec<Diagnostic>>,
    errors: Vec<Diagnostic>,
    /// Output files whose page has an error: served as last built well.
    broken: HashSet<String>,
    /// The last good bytes of output files that are broken now.
    last_good: HashMap<String, Arc<[u8]>>,
}

impl Preview {
    /// The site at `version` 0, before the first build.
    pub fn new(root: &Path) -> Arc<Preview> {
        let (changes, _) = broadcast::channel(64);
        Arc::new(Preview {
            sink: KeepingSink::default(),
            state: RwLock::new(State {
                version: 0,
                base_path: "/".into(),
                overlay: String::new(),
                own_errors: HashMap::new(),
                errors: Vec::new(),
                broken: HashSet::new(),
                last_good: HashMap::new(),
            }),
            changes,
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
        })
    }

    /// Subscribes to the messages sent after each rebuild.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// The current build's number.
    pub fn version(&self) -> u64 {
        self.read().version
    }

    /// Every URL starts with this (the path of the configured base URL).
    pub fn base_path(&self) -> String {
        self.read().base_path.clone()
    }

    /// The overlay to put in the page at `rel` (empty without errors).
    pub fn overlay_for(&self, rel: &str) -> String {
        let state = self.read();
        let Some(own) = state.own_errors.get(rel) else {
            return state.overlay.clone();
        };
        let errors: Vec<Diagnostic> = state.errors.iter().chain(own).cloned().collect();
        // As `get` serves it: its last good build, if it has one.
        let shown = if state.broken.contains(rel) && state.last_good.contains_key(rel) {
            Shown::LastGood
        } else {
            Shown::AsBuilt
        };
        drop(state);
        overlay::render(&errors, &self.root, shown)
    }

    /// The errors the overlay shows.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.read().errors.clone()
    }

    /// The file at `rel` (relative to the output folder), if the site has
    /// one. Copied files are read from disk, and only from inside the site.
    pub fn get(&self, rel: &str) -> Option<Served> {
        let state = self.read();
        let inject = rel.ends_with(".html");
        if state.broken.contains(rel)
            && let Some(bytes) = state.last_good.get(rel)
        {
            return Some(Served {
                bytes: bytes.clone(),
                inject,
            });
        }
        drop(state);
        let bytes = match self.sink.memory.get(rel)? {
            Stored::Bytes(bytes) => bytes,
            Stored::Copy(path) => {
                let real = path.canonicalize().ok()?;
                if !real.starts_with(self.root.canonicalize().ok()?) {
                    return None;
                }
                Arc::from(std::fs::read(real).ok()?)
            }
        };
        Some(Served { bytes, inject })
    }

    /// Whether the site has a file at `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.sink.memory.get(rel).is_some()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        match self.state.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        match self.state.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// A memory sink that remembers, during one rebuild, what each file held
/// before it was written again or removed (the last good content of a page
/// that breaks).
#[derive(Default)]
struct KeepingSink {
    memory: MemorySink,
    previous: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl KeepingSink {
    fn keep(&self, rel: &str) {
        if let Some(Stored::Bytes(bytes)) = self.memory.get(rel)
            && let Ok(mut previous) = self.previous.lock()
        {
            previous.entry(rel.to_string()).or_insert(bytes);
        }
    }

    fn take_previous(&self) -> HashMap<String, Arc<[u8]>> {
        self.previous
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }
}

impl Sink for KeepingSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.keep(rel);
        self.memory.write(rel, bytes)
    }

    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        self.memory.copy(source, rel)
    }

    fn remove(&self, rel: &str) {
        self.keep(rel);
        self.memory.remove(rel);
    }
}

/// Builds the site and keeps it up to date: owns the engine, takes batches
/// of changed paths, and publishes each result to the preview.
pub struct Rebuilder {
    preview: Arc<Preview>,
    options: BuildOptions,
    engine: Option<Engine>,
    /// Errors of the first build, in files not changed since: not shown.
    baseline: HashSet<String>,
    /// Every file changed since the preview started.
    touched: HashSet<PathBuf>,
    /// Paths whose change could not be applied yet (the build failed).
    pending: BTreeSet<PathBuf>,
    /// A problem that stopped the last build.
    fatal: Option<Diagnostic>,
    /// Each page's output file and its source file, as of the last build
    /// that changed which pages there are (and pages that have left the
    /// index since, while their file has an error).
    page_sources: HashMap<String, PathBuf>,
}

/// What one build or rebuild did, for the terminal.
pub struct Report {
    pub pages: usize,
    pub took: Duration,
    pub errors: Vec<Diagnostic>,
    /// Every finding of the build (the first build prints them).
    pub diagnostics: Vec<Diagnostic>,
    /// Nothing was rendered, written or removed, and the errors shown are
    /// those shown before. Of a file that is not the site's own (no page
    /// reads it) the terminal then says nothing, so that a log of the
    /// server in the site (`brygge serve | tee preview.log`) does not set
    /// off rebuild after rebuild.
    pub idle: bool,
}

impl Rebuilder {
    pub fn new(preview: Arc<Preview>, options: BuildOptions) -> Self {
        Rebuilder {
            preview,
            options,
            engine: None,
            baseline: HashSet::new(),
            touched: HashSet::new(),
            pending: BTreeSet::new(),
            fatal: None,
            page_sources: HashMap::new(),
        }
    }

    /// The first build.
    pub fn start(&mut self) -> Report {
        let started = Instant::now();
        let result = self.load();
        let (report, _) = self.finish(result, started);
        self.baseline = report.diagnostics.iter().map(key).collect();
        // The findings of the first build are printed, and shown once their
        // files change; what stopped it is shown at once.
        let errors: Vec<Diagnostic> = self.fatal.iter().cloned().collect();
        self.publish_errors(errors.clone(), &report.diagnostics, true);
        Report { errors, ..report }
    }

    /// Applies a batch of changed paths (absolute, below the site root).
    pub fn apply(&mut self, paths: Vec<PathBuf>) -> Report {
        let started = Instant::now();
        let root = self.preview.root.clone();
        for path in &paths {
            let rel = path.strip_prefix(&root).unwrap_or(path).to_path_buf();
            self.touched.insert(rel);
        }
        self.pending.extend(paths);
        let result = match &mut self.engine {
            Some(engine) => {
                let paths: Vec<PathBuf> = self.pending.iter().cloned().collect();
                engine.update(&paths, &self.preview.sink)
            }
            None => self.load(),
        };
        let (report, did_nothing) = self.finish(result, started);
        let errors = report.errors.clone();
        let changed = self.preview.errors() != errors;
        self.publish_errors(errors, &report.diagnostics, changed);
        crate::memory::release_free_memory();
        // The time reported is the writer's wait, errors published too.
        Report {
            took: started.elapsed(),
            idle: did_nothing && !changed,
            ..report
        }
    }

    fn load(&mut self) -> Result<Update, BuildError> {
        let mode = Mode {
            tracking: true,
            scanning: false,
            search: self.options.search,
        };
        let mut engine = Engine::load(&self.options, mode)?;
        engine.render_all(&self.preview.sink)?;
        let written: Vec<String> = engine.outputs().into_iter().collect();
        self.preview.write().base_path = engine.site().config.base_path.clone();
        let pages = engine.pages_written();
        self.engine = Some(engine);
        Ok(Update {
            rendered: pages,
            written,
            reloaded: true,
            ..Update::default()
        })
    }

    /// Records the outcome of a build: the fatal error, the last good
    /// content of broken pages, and the message to browsers. Also returns
    /// whether the build rendered, wrote and removed nothing (whether the
    /// errors changed is for the caller to add: see [`Report::idle`]).
    fn finish(&mut self, result: Result<Update, BuildError>, started: Instant) -> (Report, bool) {
        let previous = self.preview.sink.take_previous();
        let update = match result {
            Ok(update) => {
                self.fatal = None;
                self.pending.clear();
                update
            }
            Err(err) => {
                let built_before = self.engine.is_some();
                self.fatal = Some(fatal_diagnostic(&self.preview.root, &err, built_before));
                Update::default()
            }
        };
        let diagnostics = self
            .engine
            .as_ref()
            .map(Engine::diagnostics)
            .unwrap_or_default();
        let errors = self.shown_errors(&diagnostics);
        self.keep_last_good(&errors, previous, &update);
        self.announce(&update);
        let did_nothing = update.rendered == 0
            && update.written.is_empty()
            && update.removed.is_empty()
            && !update.reloaded;
        let report = Report {
            pages: update.rendered,
            took: started.elapsed(),
            errors,
            diagnostics,
            idle: false,
        };
        (report, did_nothing)
    }

    /// Errors to show: those of files changed since the preview started,
    /// those that were not there at the start, and what stopped the build.
    fn shown_errors(&self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> = self.fatal.iter().cloned().collect();
        errors.extend(
            diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .filter(|d| self.touched.contains(&d.file) || !self.baseline.contains(&key(d)))
                .cloned(),
        );
        errors
    }

    /// Pages whose source has an error keep being served as they were last
    /// built without it; so does a page that has left the index because
    /// its file cannot be read (not UTF-8), while that file has the error.
    fn keep_last_good(
        &mut self,
        errors: &[Diagnostic],
        previous: HashMap<String, Arc<[u8]>>,
        update: &Update,
    ) {
        let broken_sources: HashSet<&Path> = errors.iter().map(|d| d.file.as_path()).collect();
        self.follow_page_sources(&broken_sources, update);
        let broken: HashSet<String> = if broken_sources.is_empty() {
            HashSet::new()
        } else {
            self.page_sources
                .iter()
                .filter(|(_, source)| broken_sources.contains(source.as_path()))
                .map(|(rel, _)| rel.clone())
                .collect()
        };
        let mut state = self.preview.write();
        state.last_good.retain(|rel, _| broken.contains(rel));
        for rel in &broken {
            if !state.last_good.contains_key(rel)
                && let Some(bytes) = previous.get(rel)
            {
                state.last_good.insert(rel.clone(), bytes.clone());
            }
        }
        state.broken = broken;
    }

    /// Brings [`Rebuilder::page_sources`] up to date when pages came, went
    /// or moved (or on the first build). A page that has left the index
    /// while its file has an error stays in it.
    fn follow_page_sources(&mut self, broken_sources: &HashSet<&Path>, update: &Update) {
        let pages_changed =
            update.reloaded || !update.added.is_empty() || !update.removed.is_empty();
        let Some(engine) = &self.engine else {
            return;
        };
        if !pages_changed && !self.page_sources.is_empty() {
            return;
        }
        let mut now: HashMap<String, PathBuf> = engine
            .records_with_sources()
            .map(|(record, source)| (record.output.clone(), source))
            .collect();
        for (rel, source) in &self.page_sources {
            if !now.contains_key(rel) && broken_sources.contains(source.as_path()) {
                now.insert(rel.clone(), source.clone());
            }
        }
        self.page_sources = now;
    }

    /// Counts the version up and tells browsers what changed.
    fn announce(&self, update: &Update) {
        let mut state = self.preview.write();
        state.version += 1;
        let url = |rel: &str| {
            let rel = rel.strip_suffix("index.html").unwrap_or(rel);
            format!("{}{rel}", state.base_path)
        };
        let pages: Vec<String> = update
            .written
            .iter()
            .chain(&update.removed)
            .filter(|rel| rel.ends_with(".html"))
            .map(|rel| url(rel))
            .collect();
        let stylesheets = update
            .written
            .iter()
            .filter(|rel| rel.ends_with(".css"))
            .map(|rel| url(rel))
            .collect();
        let removed: Vec<&String> = update
            .removed
            .iter()
            .filter(|r| r.ends_with("index.html"))
            .collect();
        let added: Vec<&String> = update
            .added
            .iter()
            .filter(|r| r.ends_with("index.html"))
            .collect();
        let moved = match (removed.as_slice(), added.as_slice()) {
            ([from], [to]) => HashMap::from([(url(from), url(to))]),
            _ => HashMap::new(),
        };
        // Past a few hundred pages, "everything" says it in fewer bytes.
        let reload_all = update.reloaded || pages.len() > MANY_PAGES;
        let change = Change {
            version: state.version,
            pages: if reload_all { Vec::new() } else { pages },
            stylesheets,
            moved,
            reload_all,
        };
        drop(state);
        let _ = self.preview.changes.send(change);
    }

    /// Puts the errors to show into the overlay, and keeps each page's own
    /// errors (of all the build's `diagnostics`) for its overlay; when
    /// they changed, every page is told to reload.
    fn publish_errors(&self, errors: Vec<Diagnostic>, diagnostics: &[Diagnostic], changed: bool) {
        let own_errors = self.own_errors(&errors, diagnostics);
        let any_kept = {
            let state = self.preview.read();
            state
                .broken
                .iter()
                .any(|rel| state.last_good.contains_key(rel))
        };
        let shown = if any_kept {
            Shown::LastGood
        } else {
            Shown::Plain
        };
        let overlay = overlay::render(&errors, &self.preview.root, shown);
        let mut state = self.preview.write();
        let changed = changed || state.own_errors != own_errors;
        state.overlay = overlay;
        state.own_errors = own_errors;
        state.errors = errors;
        if changed {
            state.version += 1;
            let change = Change {
                version: state.version,
                pages: Vec::new(),
                stylesheets: Vec::new(),
                moved: HashMap::new(),
                reload_all: true,
            };
            drop(state);
            let _ = self.preview.changes.send(change);
        }
    }

    /// The errors of each page's own file that `shown` leaves out: a
    /// writer who opens a page broken before the preview started sees why,
    /// while the other pages are not covered by old errors elsewhere.
    fn own_errors(
        &self,
        shown: &[Diagnostic],
        diagnostics: &[Diagnostic],
    ) -> HashMap<String, Vec<Diagnostic>> {
        let shown_keys: HashSet<String> = shown.iter().map(key).collect();
        let mut unshown: HashMap<&Path, Vec<&Diagnostic>> = HashMap::new();
        for d in diagnostics {
            if d.severity == Severity::Error && !shown_keys.contains(&key(d)) {
                unshown.entry(d.file.as_path()).or_default().push(d);
            }
        }
        if unshown.is_empty() {
            return HashMap::new();
        }
        self.page_sources
            .iter()
            .filter_map(|(rel, source)| {
                let own = unshown.get(source.as_path())?;
                let own = own.iter().map(|d| (*d).clone()).collect();
                Some((rel.clone(), own))
            })
            .collect()
    }
}

/// A diagnostic's identity, for telling old errors from new ones.
fn key(d: &Diagnostic) -> String {
    format!("{}:{}:{}:{}", d.file.display(), d.line, d.code, d.message)
}

/// A build that stopped, as a finding; `built_before` when the preview
/// has a good build to go on showing.
fn fatal_diagnostic(root: &Path, err: &BuildError, built_before: bool) -> Diagnostic {
    err.to_diagnostic(root).with_help(if built_before {
        "the preview shows the last good build until this is fixed"
    } else {
        "the preview builds the site as soon as this is fixed"
    })
}
