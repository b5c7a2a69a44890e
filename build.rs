//! Embeds the project's own `templates/` folder in the binary: these are the
//! built-in templates used for every name a site does not provide.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=templates");
    let mut files = Vec::new();
    collect(Path::new("templates"), &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for path in files {
        let name = path
            .strip_prefix("templates")
            .expect("collected below templates/")
            .to_string_lossy()
            .replace('\\', "/");
        let absolute = std::fs::canonicalize(&path).expect("template file exists");
        writeln!(code, "    ({name:?}, include_str!({absolute:?})),").expect("writing to a String");
    }
    code.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("builtin_templates.rs"), code).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "html" || ext == "md")
        {
            files.push(path);
        }
    }
}
