//! Builds killed with SIGKILL at several moments, on a generated site large
//! enough to take a while (`benches/gen_site.py`): the previous output must
//! be complete and unchanged after each kill, and the next build must clean
//! up what the killed ones left beside the output.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Pages per language of the generated site.
const PAGES: &str = "600";

/// A generated site in a temporary folder.
fn generated_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/gen_site.py");
    let status = Command::new("python3")
        .arg(script)
        .arg(dir.path().join("site"))
        .arg(PAGES)
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs benches/gen_site.py");
    assert!(status.success());
    dir
}

fn brygge(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brygge"));
    command
        .args(["build", "--quiet"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A full build; returns how long it took.
fn build(root: &Path) -> Duration {
    let started = Instant::now();
    let status = brygge(root).status().unwrap();
    assert!(status.success(), "the build fails: {status}");
    started.elapsed()
}

/// Every file below `dir` with a hash of its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, u64)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let mut hasher = DefaultHasher::new();
                bytes.hash(&mut hasher);
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, (bytes.len() as u64, hasher.finish()));
            }
        }
    }
    files
}

/// Folders a build leaves beside the output while it runs.
fn leftovers(site: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".brygge-new-") || name.contains(".brygge-old-"))
        .collect();
    found.sort();
    found
}

/// When to kill a build.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after it starts.
    After(Duration),
    /// This long after its staging folder appears beside the output: while
    /// it writes.
    Writing(Duration),
}

/// The moments to kill at: early ones (loading, rendering) and while writing.
fn moments() -> Vec<Moment> {
    let mut moments: Vec<Moment> = [5, 20, 50, 100, 1000]
        .into_iter()
        .map(|ms| Moment::After(Duration::from_millis(ms)))
        .collect();
    moments.extend([0, 5, 20, 50].map(|ms| Moment::Writing(Duration::from_millis(ms))));
    moments
}

/// Starts a build and kills it with SIGKILL at `moment`; whether it had
/// finished by then (and so was not killed).
fn kill_at(root: &Path, moment: Moment) -> bool {
    let mut child = brygge(root).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let delay = match moment {
        Moment::After(delay) => delay,
        Moment::Writing(delay) => {
            while leftovers(root).is_empty() && child.try_wait().unwrap().is_none() {
                assert!(Instant::now() < deadline, "the build never wrote");
                std::thread::sleep(Duration::from_millis(1));
            }
            delay
        }
    };
    std::thread::sleep(delay);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    finished
}

#[test]
fn a_killed_build_leaves_the_previous_output_complete_and_unchanged() {
    let dir = generated_site();
    let site = dir.path().join("site");
    let full = build(&site);
    let public = site.join("public");
    let before = snapshot(&public);
    assert!(before.len() > 1000, "{} files", before.len());
    let mut staged = 0;
    for moment in moments() {
        let left_before = leftovers(&site).len();
        let finished = kill_at(&site, moment);
        if !finished && leftovers(&site).len() > left_before {
            staged += 1;
        }
        let after = snapshot(&public);
        assert_eq!(
            after.len(),
            before.len(),
            "killed after {moment:?} (finished: {finished}): files differ"
        );
        assert!(
            after == before,
            "killed after {moment:?} (finished: {finished}): contents differ"
        );
    }
    assert!(staged > 0, "no build was killed while writing");
    eprintln!(
        "full build {full:?}; {staged} kills while writing left {:?}",
        leftovers(&site)
    );
}

#[test]
fn the_next_build_removes_what_killed_builds_left() {
    let dir = generated_site();
    let site = dir.path().join("site");
    build(&site);
    kill_at(&site, Moment::Writing(Duration::from_millis(5)));
    kill_at(&site, Moment::Writing(Duration::ZERO));
    let left = leftovers(&site);
    assert!(
        !left.is_empty(),
        "the kills left nothing; the test could not set up"
    );
    build(&site);
    assert_eq!(
        leftovers(&site),
        Vec::<String>::new(),
        "left by the kills: {left:?}"
    );
}
