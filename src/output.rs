//! Writing the built site: the only module that writes files.
//!
//! Everything goes into a fresh staging folder beside the output folder;
//! only when all of it is written is the staging folder swapped in. A failed
//! build leaves the previous output untouched.

use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

/// Everything a build produces, by output-relative path.
#[derive(Debug, Default)]
pub struct Output {
    /// Generated files.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files copied as they are: (source on disk, output-relative path).
    pub copies: Vec<(PathBuf, String)>,
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
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `output` to `out_dir` atomically (as far as a folder rename is).
/// `site_root` guards against an output folder that would swallow the site.
pub fn write(out_dir: &Path, site_root: &Path, output: &Output) -> Result<(), OutputError> {
    let out_dir = absolute(out_dir);
    if absolute(site_root).starts_with(&out_dir) {
        return Err(OutputError::ContainsSite(out_dir));
    }
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out_dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.brygge-new-{}", std::process::id()));
    let result = fill(&staging, output).and_then(|()| swap(&staging, &out_dir, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn fill(staging: &Path, output: &Output) -> Result<(), OutputError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(io(staging))?;
    }
    fs::create_dir_all(staging).map_err(io(staging))?;
    output.files.par_iter().try_for_each(|(rel, bytes)| {
        let path = target(staging, rel)?;
        fs::write(&path, bytes).map_err(io(&path))
    })?;
    output.copies.par_iter().try_for_each(|(source, rel)| {
        let path = target(staging, rel)?;
        fs::copy(source, &path).map(|_| ()).map_err(io(source))
    })
}

/// The path of `rel` inside `staging`, with its folder created.
fn target(staging: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(OutputError::Escapes(rel.to_string()));
    }
    let path = staging.join(rel_path);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    Ok(path)
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
    fs::remove_dir_all(&old).map_err(io(&old))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        let output = Output {
            files: vec![("a/index.html".into(), b"hi".to_vec())],
            copies: vec![],
        };
        write(&out, &root, &output).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "hi");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("keep.html"), "old").unwrap();
        let output = Output {
            files: vec![("../evil.html".into(), b"x".to_vec())],
            copies: vec![],
        };
        let err = write(&out, &dir.path().join("site"), &output).unwrap_err();
        assert!(matches!(err, OutputError::Escapes(_)));
        assert_eq!(fs::read_to_string(out.join("keep.html")).unwrap(), "old");
        assert!(!dir.path().join("evil.html").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_replace_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), &dir.path().join("sub"), &Output::default()).unwrap_err();
        assert!(matches!(err, OutputError::ContainsSite(_)));
    }
}
