//! Watching the site's files: events from `notify`, gathered into batches
//! (an editor's write-to-temp-and-rename, or a burst of saves, is one
//! batch), with editor leftovers and the output folder left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::Config;

/// A batch ends after this long without events…
const QUIET: Duration = Duration::from_millis(8);
/// …or this long after its first event, whatever comes.
const LONGEST: Duration = Duration::from_millis(150);

/// The watcher (dropping it stops watching) and the batches it makes.
pub struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    /// Folders watched recursively once they exist.
    folders: Vec<PathBuf>,
    ignored: Vec<PathBuf>,
    /// The configuration file (or the names it may have) and the
    /// catalogue file, absolute.
    site_files: Vec<PathBuf>,
    /// The catalogue's folder: its JSON and YAML files are the site's too.
    catalogue_folder: Option<PathBuf>,
}

impl Watch {
    /// Watches the folders of the site that feed the build: content,
    /// templates, static files, assets, data and i18n (recursively), and the root
    /// itself (the configuration and catalogue files).
    pub fn start(config: &Config) -> notify::Result<Watch> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        let root = absolute(&config.root);
        let folders: Vec<PathBuf> = [
            config.content_dir.as_path(),
            config.templates_dir.as_path(),
            config.static_dir.as_path(),
            config.assets_dir.as_path(),
            Path::new("data"),
            Path::new(crate::config::I18N_FOLDER),
        ]
        .iter()
        .map(|dir| root.join(dir))
        .collect();
        for dir in folders.iter().filter(|dir| dir.is_dir()) {
            watcher.watch(dir, RecursiveMode::Recursive)?;
        }
        // The root itself: the configuration, and site folders made later.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        if let Some(catalogue) = &config.catalogue
            && let Some(dir) = root.join(catalogue).parent()
            && dir.is_dir()
            && !dir.starts_with(root.join(&config.content_dir))
        {
            watcher.watch(dir, RecursiveMode::NonRecursive)?;
        }
        let config_files: Vec<PathBuf> = match &config.source {
            Some(source) => vec![absolute(source)],
            None => crate::config::CONFIG_NAMES
                .iter()
                .map(|name| root.join(name))
                .collect(),
        };
        let catalogue = config.catalogue.as_ref().map(|c| root.join(c));
        Ok(Watch {
            watcher,
            events,
            folders,
            ignored: vec![root.join(&config.output_dir), root.join(".git")],
            catalogue_folder: catalogue
                .as_ref()
                .and_then(|c| c.parent())
                .map(Path::to_path_buf),
            site_files: config_files.into_iter().chain(catalogue).collect(),
        })
    }

    /// Waits for the next batch of changed paths; `None` when the watcher
    /// is gone.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut paths = BTreeSet::new();
        loop {
            let first = self.events.recv().ok()?;
            self.take(first, &mut paths);
            let started = Instant::now();
            while started.elapsed() < LONGEST {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => self.take(event, &mut paths),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.follow_new_folders(&mut paths);
            if !paths.is_empty() {
                return Some(paths.into_iter().collect());
            }
        }
    }

    /// A site folder made after the preview started (a first template) is
    /// watched from now on, and the files already in it count as changed.
    fn follow_new_folders(&mut self, paths: &mut BTreeSet<PathBuf>) {
        let new: Vec<PathBuf> = self
            .folders
            .iter()
            .filter(|dir| paths.contains(*dir) && dir.is_dir())
            .cloned()
            .collect();
        for dir in new {
            if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                let files = walkdir::WalkDir::new(&dir).into_iter().flatten();
                paths.extend(
                    files
                        .filter(|e| e.file_type().is_file())
                        .map(|e| e.into_path()),
                );
            }
        }
    }

    fn take(&self, event: notify::Result<Event>, paths: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else {
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            if !self.is_ignored(&path) {
                paths.insert(path);
            }
        }
    }

    /// Whether `path` is one of the site's own files: in its folders, its
    /// configuration, its catalogue or a data file beside the catalogue.
    /// A change to one is always said, even when it renders nothing (a
    /// page saved still broken); a change to another file only when it
    /// does (a page reads it).
    pub fn is_site_file(&self, path: &Path) -> bool {
        let beside_catalogue = || {
            self.catalogue_folder.as_deref() == path.parent()
                && path
                    .extension()
                    .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        };
        self.folders.iter().any(|dir| path.starts_with(dir))
            || self.site_files.iter().any(|file| file == path)
            || beside_catalogue()
    }

    fn is_ignored(&self, path: &Path) -> bool {
        self.ignored.iter().any(|dir| path.starts_with(dir)) || is_editor_leftover(path)
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Swap files, backups and the temporary files editors and tools write
/// before renaming them over the file saved.
fn is_editor_leftover(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || is_sed_temporary(&name)
}

/// `sed -i`'s temporary file: `sed` and six random letters or digits. A
/// word such as `sedentary` has no capital or digit among them and stays a
/// change; the rare temporary name without one is only named as a change.
fn is_sed_temporary(name: &str) -> bool {
    name.strip_prefix("sed").is_some_and(|rest| {
        rest.len() == 6
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
            && rest.bytes().any(|b| !b.is_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_not_changes() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            "4913",
            "x.tmp",
            "content/sedX1b2Qz",
        ] {
            assert!(is_editor_leftover(Path::new(name)), "{name}");
        }
        for name in [
            "content/a.nb.md",
            "content/sedation.md",
            "static/sedan1",
            "static/sedentary",
        ] {
            assert!(!is_editor_leftover(Path::new(name)), "{name}");
        }
    }
}
