//! Where built files go: the only module that writes files.
//!
//! A [`Sink`] takes each file as soon as it is rendered. [`DiskSink`]
//! writes into a fresh staging folder beside the output folder and swaps it
//! in only when the whole build is written ([`DiskSink::commit`]): a failed
//! or killed build leaves the previous output untouched, and the next build
//! removes what a killed one left behind. [`MemorySink`] keeps the files in
//! memory, for the live preview.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use thiserror::Error;

/// Receives the files of a build, from many threads at once.
pub trait Sink: Sync {
    /// Writes a generated file at `rel` (relative to the output folder).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError>;
    /// Puts a copy of `source` at `rel`.
    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError>;
    /// Removes a file written earlier (the preview, when a page is gone).
    fn remove(&self, rel: &str);
    /// Told the files about to be written, a sink may prepare for them
    /// (a disk sink creates their folders in one pass).
    fn prepare(&self, _rels: &[&str]) -> Result<(), OutputError> {
        Ok(())
    }
}

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("refusing to write '{0}': the path leaves the output folder")]
    Escapes(String),
    #[error("refusing to use {0} as the output folder: it contains the site itself")]
    ContainsSite(PathBuf),
    #[error("refusing to use {0} as the output folder: it is a file")]
    NotAFolder(PathBuf),
    #[error(
        "refusing to replace {0}: it holds files but no built site (no index.html, 404.html, \
         sitemap.xml or robots.txt at its top), or a .git folder; remove or empty it, or choose \
         another output folder"
    )]
    NotAnOutput(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Why `rel` (relative to the output folder) cannot be written there, if it
/// cannot: it leaves the folder, holds a backslash (a folder separator on
/// Windows), or one of its names is longer than file systems allow (255
/// bytes).
pub fn unwritable(rel: &str) -> Option<&'static str> {
    if checked(rel).is_err() {
        Some("it leaves the output folder")
    } else if rel.contains('\\') {
        Some("it holds a backslash, which Windows reads as a folder separator")
    } else if Path::new(rel)
        .components()
        .any(|c| c.as_os_str().len() > 255)
    {
        Some("a part of it is longer than the 255 bytes a file name may have")
    } else {
        None
    }
}

/// The files some outputs (paths in the output folder) are, and the
/// folders they need, each with who claimed it first (`O`): for finding a
/// file that would take another's place.
pub struct OutputPlaces<'a, O = ()> {
    files: FxHashMap<&'a str, O>,
    /// A folder, and the first file that needs it with its owner.
    folders: FxHashMap<&'a str, (&'a str, O)>,
}

impl<O> Default for OutputPlaces<'_, O> {
    fn default() -> Self {
        OutputPlaces {
            files: FxHashMap::default(),
            folders: FxHashMap::default(),
        }
    }
}

impl<'a> OutputPlaces<'a> {
    pub fn of(paths: impl Iterator<Item = &'a str>) -> Self {
        let mut places = OutputPlaces::default();
        for path in paths {
            places.claim(path, ());
        }
        places
    }

    /// Whether writing a file at `path` clashes with them: it is a folder
    /// of theirs, or one of its folders is a file of theirs.
    pub fn collide(&self, path: &str) -> bool {
        self.folders.contains_key(path)
            || folders_of(path).any(|folder| self.files.contains_key(folder))
    }
}

impl<'a, O: Copy> OutputPlaces<'a, O> {
    /// Notes the file `path` and its folders for `owner`, unless claimed.
    pub fn claim(&mut self, path: &'a str, owner: O) {
        self.files.entry(path).or_insert(owner);
        for folder in folders_of(path) {
            self.folders.entry(folder).or_insert((path, owner));
        }
    }

    /// The file (and its owner) that holds the place a file at `path`
    /// needs: the same file, a file inside a folder at `path`, or a file
    /// where `path` needs a folder.
    pub fn taken(&self, path: &str) -> Option<(&'a str, O)> {
        let file = |path: &str| {
            let (&file, &owner) = self.files.get_key_value(path)?;
            Some((file, owner))
        };
        file(path)
            .or_else(|| self.folders.get(path).copied())
            .or_else(|| folders_of(path).find_map(file))
    }
}

/// `a/b/c.html` → `a/b`, `a`.
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let (folder, _) = rest.rsplit_once('/')?;
        rest = folder;
        Some(folder)
    })
}

/// `rel` as a path inside the output folder, or an error if it would leave it.
fn checked(rel: &str) -> Result<&Path, OutputError> {
    let path = Path::new(rel);
    let inside = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        Ok(path)
    } else {
        Err(OutputError::Escapes(rel.to_string()))
    }
}

/// Writes a build into a staging folder and swaps it in at the end.
#[derive(Debug)]
pub struct DiskSink {
    out_dir: PathBuf,
    staging: PathBuf,
    name: String,
    committed: bool,
}

impl DiskSink {
    /// Prepares an empty staging folder beside `out_dir`, after removing
    /// the leftovers of builds that were killed. `site_root` guards against
    /// an output folder that would swallow the site.
    pub fn create(out_dir: &Path, site_root: &Path) -> Result<DiskSink, OutputError> {
        let out_dir = absolute(out_dir);
        if absolute(site_root).starts_with(&out_dir) {
            return Err(OutputError::ContainsSite(out_dir));
        }
        if out_dir.exists() && !out_dir.is_dir() {
            return Err(OutputError::NotAFolder(out_dir));
        }
        if !is_empty_or_built(&out_dir) {
            return Err(OutputError::NotAnOutput(out_dir));
        }
        let parent = out_dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = out_dir
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        remove_leftovers(&parent, &name);
        let staging = parent.join(format!(".{name}.brygge-new-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(io(&staging))?;
        Ok(DiskSink {
            out_dir,
            staging,
            name,
            committed: false,
        })
    }

    /// Puts the staging folder in place of the output folder.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.committed = true;
        let result = swap(&self.staging, &self.out_dir, &self.name);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.staging);
        }
        result
    }

    /// The output folder this sink fills.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    fn target(&self, rel: &str) -> Result<PathBuf, OutputError> {
        Ok(self.staging.join(checked(rel)?))
    }
}

impl Drop for DiskSink {
    /// An abandoned build removes its staging folder.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

impl Sink for DiskSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.target(rel)?;
        with_parent(&path, || fs::write(&path, bytes))
    }

    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        let path = self.target(rel)?;
        with_parent(&path, || fs::copy(source, &path).map(|_| ())).map_err(|err| match err {
            OutputError::Io { source: e, .. } => OutputError::Io {
                path: source.to_path_buf(),
                source: e,
            },
            other => other,
        })
    }

    /// Removes the file, and the folders it leaves empty (a page's own
    /// folder), up to the output folder.
    fn remove(&self, rel: &str) {
        let Ok(path) = self.target(rel) else { return };
        let _ = fs::remove_file(&path);
        for folder in path.ancestors().skip(1) {
            if folder == self.staging || fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }

    /// Creates the folders of `rels`, parents first: a level of the tree
    /// at a time, the folders of one level in parallel (they have different
    /// parents, mostly). Cheaper than letting the writing threads discover
    /// missing folders at once.
    fn prepare(&self, rels: &[&str]) -> Result<(), OutputError> {
        // Folders as text (`a/b`), by depth: comparing strings costs far
        // less than comparing paths component by component.
        let mut dirs: Vec<(usize, &str)> = rels
            .iter()
            .filter(|rel| checked(rel).is_ok())
            .flat_map(|rel| folders_of(rel))
            .map(|dir| (dir.bytes().filter(|&b| b == b'/').count(), dir))
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        for level in dirs.chunk_by(|a, b| a.0 == b.0) {
            level.par_iter().try_for_each(|(_, dir)| {
                let path = self.staging.join(dir);
                match fs::create_dir(&path) {
                    Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists => {
                        Err(OutputError::Io { path, source: err })
                    }
                    _ => Ok(()),
                }
            })?;
        }
        Ok(())
    }
}

/// Whether `dir` can be replaced by a build: missing, empty (but for a
/// desktop's `.DS_Store` or `Thumbs.db`), or holding at its top a file
/// every build writes (an earlier build, by brygge or Hugo). A folder of
/// anything else is someone's files, not to be deleted; so is one with a
/// `.git` (a repository the site is published from).
fn is_empty_or_built(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return true;
    };
    let names: Vec<std::ffi::OsString> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .filter(|name| name != ".DS_Store" && name != "Thumbs.db")
        .collect();
    let has = |wanted: &str| names.iter().any(|name| name == wanted);
    names.is_empty()
        || (!has(".git")
            && ["index.html", "404.html", "sitemap.xml", "robots.txt"]
                .iter()
                .any(|built| has(built)))
}

/// Runs `write`; when the folder is missing, creates it and tries again.
fn with_parent(path: &Path, write: impl Fn() -> std::io::Result<()>) -> Result<(), OutputError> {
    match write() {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(io(dir))?;
            }
            write().map_err(io(path))
        }
        other => other.map_err(io(path)),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Removes `.NAME.brygge-new-PID` and `.NAME.brygge-old-PID` folders in
/// `parent` left by builds that were killed (whose process is gone).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.brygge-new-"),
        format!(".{name}.brygge-old-"),
    ];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        if pid.parse::<u32>().is_ok_and(process_is_running) {
            continue;
        }
        let _ = fs::remove_dir_all(entry.path());
    }
}

/// Whether another process with this id runs (so its staging folder is
/// in use). Where that cannot be known, only this process counts.
fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
}

/// Puts `staging` in place of `out_dir`, removing the old output.
fn swap(staging: &Path, out_dir: &Path, name: &str) -> Result<(), OutputError> {
    if !out_dir.exists() {
        return fs::rename(staging, out_dir).map_err(io(out_dir));
    }
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    let old = parent.join(format!(".{name}.brygge-old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    fs::rename(out_dir, &old).map_err(io(out_dir))?;
    if let Err(source) = fs::rename(staging, out_dir) {
        let _ = fs::rename(&old, out_dir);
        return Err(OutputError::Io {
            path: out_dir.to_path_buf(),
            source,
        });
    }
    // The new output is in place: the old one left behind (if it cannot be
    // removed now) is removed by the next build.
    let _ = remove_tree(&old);
    Ok(())
}

/// Removes the folder `dir` and everything in it, its top-level entries in
/// parallel: removing a large site's files is most of a rebuild's last
/// step, and its language folders hold nearly all of them. Symbolic links,
/// `dir` itself among them (an output folder that was a link), are
/// removed, not followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        // A link (or a file): `remove_dir_all` removes the link itself.
        return fs::remove_dir_all(dir);
    }
    let entries = fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        let kind = entry.file_type()?;
        if kind.is_dir() || kind.is_symlink() {
            // Not followed (a link to a folder, on Windows, is not a file).
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// Drops every file: rendering for `check`, which writes nothing.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn write(&self, rel: &str, _bytes: &[u8]) -> Result<(), OutputError> {
        checked(rel).map(|_| ())
    }

    fn copy(&self, _source: &Path, rel: &str) -> Result<(), OutputError> {
        checked(rel).map(|_| ())
    }

    fn remove(&self, _rel: &str) {}
}

/// A file kept by [`MemorySink`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Generated bytes.
    Bytes(Arc<[u8]>),
    /// A file to serve from disk as it is.
    Copy(PathBuf),
}

impl Stored {
    /// The file's bytes (reading a copied file from disk).
    pub fn bytes(&self) -> std::io::Result<Arc<[u8]>> {
        match self {
            Stored::Bytes(bytes) => Ok(bytes.clone()),
            Stored::Copy(path) => fs::read(path).map(Arc::from),
        }
    }
}

/// Keeps a build in memory, by output-relative path.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: RwLock<HashMap<String, Stored>>,
}

impl MemorySink {
    /// The file at `rel`, if the build has one.
    pub fn get(&self, rel: &str) -> Option<Stored> {
        self.files.read().ok()?.get(rel).cloned()
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .files
            .read()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default();
        paths.sort();
        paths
    }

    fn put(&self, rel: &str, stored: Stored) -> Result<(), OutputError> {
        checked(rel)?;
        if let Ok(mut files) = self.files.write() {
            files.insert(rel.to_string(), stored);
        }
        Ok(())
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.put(rel, Stored::Bytes(Arc::from(bytes)))
    }

    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        self.put(rel, Stored::Copy(source.to_path_buf()))
    }

    fn remove(&self, rel: &str) {
        if let Ok(mut files) = self.files.write() {
            files.remove(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_tree_is_gone_and_what_its_links_point_to_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        fs::create_dir_all(kept.join("inner")).unwrap();
        fs::write(kept.join("inner/file.txt"), "stays").unwrap();
        let tree = dir.path().join("tree");
        for folder in ["en/a/b", "nb/c", "empty"] {
            fs::create_dir_all(tree.join(folder)).unwrap();
        }
        fs::write(tree.join("index.html"), "x").unwrap();
        fs::write(tree.join("en/a/b/index.html"), "y").unwrap();
        fs::write(tree.join("nb/c/index.html"), "z").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&kept, tree.join("link")).unwrap();
            std::os::unix::fs::symlink(&kept, tree.join("en/link")).unwrap();
        }
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(kept.join("inner/file.txt")).unwrap(),
            "stays"
        );
        assert!(remove_tree(&tree).is_err(), "a missing folder is an error");
        // An output folder that is itself a link: the link goes, what it
        // points to stays.
        #[cfg(unix)]
        {
            let link = dir.path().join("public");
            std::os::unix::fs::symlink(&kept, &link).unwrap();
            remove_tree(&link).unwrap();
            assert!(fs::symlink_metadata(&link).is_err(), "the link is gone");
            assert!(kept.join("inner/file.txt").exists(), "its target stays");
        }
    }

    #[test]
    fn writes_and_replaces_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "an earlier build").unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        let sink = DiskSink::create(&out, &root).unwrap();
        sink.write("a/index.html", b"hi").unwrap();
        sink.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "hi");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn an_escaping_path_is_refused_and_an_abandoned_build_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("404.html"), "an earlier build").unwrap();
        fs::write(out.join("keep.html"), "old").unwrap();
        let sink = DiskSink::create(&out, &dir.path().join("site")).unwrap();
        let err = sink.write("../evil.html", b"x").unwrap_err();
        assert!(matches!(err, OutputError::Escapes(_)));
        drop(sink);
        assert_eq!(fs::read_to_string(out.join("keep.html")).unwrap(), "old");
        assert!(!dir.path().join("evil.html").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_of_other_files_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notes");
        fs::create_dir_all(out.join("sub")).unwrap();
        fs::write(out.join("todo.txt"), "mine").unwrap();
        let err = DiskSink::create(&out, &dir.path().join("site")).unwrap_err();
        assert!(matches!(err, OutputError::NotAnOutput(_)), "{err}");
        assert_eq!(fs::read_to_string(out.join("todo.txt")).unwrap(), "mine");
        let empty = dir.path().join("empty");
        fs::create_dir_all(&empty).unwrap();
        fs::write(empty.join(".DS_Store"), "finder").unwrap();
        assert!(DiskSink::create(&empty, &dir.path().join("site")).is_ok());
        let repository = dir.path().join("published");
        fs::create_dir_all(repository.join(".git")).unwrap();
        fs::write(repository.join("index.html"), "a build").unwrap();
        let err = DiskSink::create(&repository, &dir.path().join("site")).unwrap_err();
        assert!(matches!(err, OutputError::NotAnOutput(_)), "{err}");
        assert!(repository.join(".git").is_dir());
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // No process has this id (above the kernel's pid limit).
        let leftover = dir.path().join(".public.brygge-new-4194999");
        fs::create_dir_all(leftover.join("a")).unwrap();
        let sink = DiskSink::create(&out, &dir.path().join("site")).unwrap();
        sink.commit().unwrap();
        assert!(!leftover.exists());
    }

    #[test]
    fn refuses_to_replace_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        let err = DiskSink::create(dir.path(), &dir.path().join("sub")).unwrap_err();
        assert!(matches!(err, OutputError::ContainsSite(_)));
    }

    #[test]
    fn memory_sink_keeps_writes_and_removals() {
        let sink = MemorySink::default();
        sink.write("nb/index.html", b"x").unwrap();
        sink.copy(Path::new("/tmp/a.png"), "nb/a.png").unwrap();
        assert!(sink.write("/etc/passwd", b"x").is_err());
        assert_eq!(sink.paths(), ["nb/a.png", "nb/index.html"]);
        sink.remove("nb/a.png");
        assert_eq!(
            sink.get("nb/index.html"),
            Some(Stored::Bytes(Arc::from(&b"x"[..])))
        );
        assert_eq!(sink.paths(), ["nb/index.html"]);
    }
}
