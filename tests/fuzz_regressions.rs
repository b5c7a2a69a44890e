//! The fuzzers' kept inputs, replayed: every file under
//! `tests/fixtures/fuzz/<target>/` (the minimized corpus and the inputs that
//! once crashed or hung) goes through the same function the fuzz target
//! calls (`tests/fuzz_harness/`), each within a time bound.
//!
//! To fuzz: `RUSTC_BOOTSTRAP=1 cargo fuzz run <target>` in this project
//! (see `fuzz/README.md`).

mod fuzz_harness;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Per input, in a debug build: the slowest kept input takes a fraction of this.
const LIMIT: Duration = Duration::from_secs(5);

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every kept input of `target` on a thread of its own, so that a hang
/// fails the test instead of stopping it.
fn replay(target: &'static str) {
    let run = fuzz_harness::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, run)| *run)
        .unwrap();
    let files = inputs(target);
    assert!(!files.is_empty(), "no kept inputs for {target}");
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let (done, wait) = mpsc::channel();
        let started = Instant::now();
        let name = file.display().to_string();
        std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                let outcome = std::panic::catch_unwind(|| run(&data));
                let _ = done.send(outcome.is_ok());
            })
            .unwrap();
        match wait.recv_timeout(LIMIT) {
            Ok(true) => {}
            Ok(false) => panic!("{target}: {name} fails (see the panic above)"),
            Err(_) => panic!("{target}: {name} takes longer than {LIMIT:?}"),
        }
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, file);
        }
    }
    eprintln!(
        "{target}: slowest input {} in {:?}",
        slowest.1.display(),
        slowest.0
    );
}

#[test]
fn front_matter() {
    replay("front_matter");
}

#[test]
fn shortcodes() {
    replay("shortcodes");
}

#[test]
fn markdown() {
    replay("markdown");
}

#[test]
fn tables() {
    replay("tables");
}

#[test]
fn config() {
    replay("config");
}

#[test]
fn overlay() {
    replay("overlay");
}
