//! The real Altinn docs (`../shared/corpus/altinn-docs`, read-only) built
//! into a temporary folder. Run with `cargo test --test corpus -- --ignored`.
//!
//! The expected pages are counted here independently of brygge, by Hugo's
//! rules for this site: the language comes from `.nb.md`/`.en.md` (no
//! suffix means nb, the default language); files below a leaf bundle (a
//! folder with `index.md`) are resources; `draft: true` and
//! `headless: true` pages are not written; `_index.md` beside
//! `_index.nb.md` is the same nb page.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use brygge::build::{self, BuildOptions};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/altinn-docs")
}

/// One page the corpus should produce.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    lang: &'static str,
    /// Output file relative to the output folder.
    file: String,
}

/// Content-relative paths of every `.md` file, with `/` separators.
fn markdown_files(content: &Path) -> Vec<String> {
    common::files_below(content)
        .into_iter()
        .filter(|rel| rel.ends_with(".md"))
        .filter(|rel| !rel.rsplit('/').next().unwrap().starts_with('.'))
        .collect()
}

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `name.nb.md` → (`name`, nb); `name.md` and `Program.cs.md` → nb.
fn stem_and_lang(rel: &str) -> (&str, &'static str) {
    let name = rel.rsplit('/').next().unwrap().strip_suffix(".md").unwrap();
    match name.rsplit_once('.') {
        Some((stem, "en")) => (stem, "en"),
        Some((stem, "nb")) => (stem, "nb"),
        _ => (name, "nb"),
    }
}

/// Whether the front matter sets `key: true`.
fn front_matter_flag(text: &str, key: &str) -> bool {
    let Some(rest) = text.strip_prefix("---") else {
        return false;
    };
    rest.lines()
        .skip(1)
        .take_while(|line| line.trim_end() != "---")
        .filter_map(|line| line.split_once(':'))
        .any(|(k, v)| k.eq_ignore_ascii_case(key) && v.trim() == "true")
}

/// Hugo's URL path for a content folder path: lowercase, spaces to '-'.
fn url_path(path: &str) -> String {
    path.to_lowercase().replace(' ', "-")
}

fn expected_pages(content: &Path) -> BTreeSet<Expected> {
    let files = markdown_files(content);
    let bundles: BTreeSet<&str> = files
        .iter()
        .filter(|rel| stem_and_lang(rel).0 == "index")
        .map(|rel| dir_of(rel))
        .collect();
    let below_bundle = |rel: &str| {
        let mut dir = dir_of(rel);
        loop {
            if bundles.contains(dir) {
                return true;
            }
            if dir.is_empty() {
                return false;
            }
            dir = dir_of(dir);
        }
    };
    let mut pages = BTreeSet::new();
    for rel in &files {
        let (stem, lang) = stem_and_lang(rel);
        if below_bundle(rel) && stem != "index" {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(content.join(rel)).unwrap()).into_owned();
        if front_matter_flag(&text, "draft") || front_matter_flag(&text, "headless") {
            continue;
        }
        let dir = dir_of(rel);
        let path = match stem {
            "_index" | "index" => dir.to_string(),
            _ if dir.is_empty() => stem.to_string(),
            _ => format!("{dir}/{stem}"),
        };
        let path = url_path(&path);
        let file = if path.is_empty() {
            format!("{lang}/index.html")
        } else {
            format!("{lang}/{path}/index.html")
        };
        pages.insert(Expected { lang, file });
    }
    pages
}

#[test]
#[ignore = "needs ../shared/corpus; run with --ignored"]
fn the_altinn_docs_build_completely() {
    let root = corpus();
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let options = BuildOptions {
        root: root.clone(),
        out: Some(out_dir.clone()),
        ..BuildOptions::default()
    };
    let (summary, diagnostics) = build::build(&options, &|_| {})
        .unwrap_or_else(|err| panic!("the corpus did not build: {err}"));

    let expected = expected_pages(&root.join("content"));
    let mut per_language: BTreeMap<String, usize> = BTreeMap::new();
    for page in &expected {
        *per_language.entry(page.lang.to_string()).or_default() += 1;
    }
    assert_eq!(
        summary.pages_per_language,
        per_language,
        "pages written per language (diagnostics: {})",
        diagnostics.len()
    );
    let missing: Vec<&str> = expected
        .iter()
        .map(|p| p.file.as_str())
        .filter(|file| !out_dir.join(file).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "{} page files missing, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );

    let revisor = std::fs::read_to_string(
        out_dir
            .join("nb/authorization/what-do-you-get/accessgroups/accessgroups/revisor/index.html"),
    )
    .unwrap();
    assert!(
        revisor
            .contains("id=\"hvilke-roller-fra-enhetsregisteret-får-fullmakt-til-tilgangspakken\"")
    );
    let register = std::fs::read_to_string(
        out_dir.join("nb/authorization/what-do-you-get/accessgroups/register_er/index.html"),
    )
    .unwrap();
    assert!(register.contains("id=\"rolletyper-fra-enhetsregisteret\""));
}

#[test]
#[ignore = "needs ../shared/corpus; run with --ignored"]
fn the_corpus_is_left_untouched() {
    let root = corpus();
    let before = common::files_below(&root);
    let out = tempfile::tempdir().unwrap();
    let run = common::run_in(
        out.path(),
        &[
            "build",
            "--quiet",
            "--root",
            root.to_str().unwrap(),
            "--out",
            "public",
        ],
    );
    assert!(
        matches!(run.code, Some(0 | 1)),
        "exit {:?}: {}",
        run.code,
        run.stderr
    );
    assert!(out.path().join("public/nb/index.html").is_file());
    assert_eq!(common::files_below(&root), before);
}
