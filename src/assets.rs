//! Hugo's `assets/` folder: files that are published only when a template
//! uses them (Hugo's `resources.Get ... .RelPermalink`).
//!
//! Templates call `asset(path="images/x.png")`. The function answers the
//! file's URL (`/images/x.png`, where Hugo publishes it) and notes the use
//! for the page being rendered; the engine copies every used file to the
//! output and re-renders a page when a file it asked for appears or goes.
//! A missing file is an error of the template call (so of the shortcode
//! call on the page). A site without an `assets/` folder (a copy of a site
//! that holds only `content/`) cannot be checked: its uses are assumed to
//! exist and said once.

use std::cell::RefCell;
use std::path::PathBuf;

use tera::{Kwargs, State, TeraResult};

/// The name of the template function.
pub const FUNCTION: &str = "asset";

thread_local! {
    /// The assets the page (or the site files) rendering on this thread
    /// asked for: a page renders on one thread, start to end.
    static USED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Starts noting the assets of a page (or of the site's other files)
/// rendered on this thread.
pub fn begin_noting() {
    USED.with(|used| used.borrow_mut().clear());
}

/// The assets (paths relative to the assets folder) the page asked for
/// since [`begin_noting`], found or not, each once, in order.
pub fn take_noted() -> Vec<String> {
    USED.with(|used| {
        let mut seen = std::collections::HashSet::new();
        used.take()
            .into_iter()
            .filter(|p| seen.insert(p.clone()))
            .collect()
    })
}

/// The `asset(path=...)` template function over the folder `dir`, for a
/// site published under `base_path` (`/`, or `/docs/` for a `baseURL`
/// with a path).
pub fn function(dir: PathBuf, base_path: String) -> impl Fn(Kwargs, &State) -> TeraResult<String> {
    move |kwargs: Kwargs, _: &State| {
        let path: String = kwargs.must_get("path")?;
        let rel = normalize(&path).ok_or_else(|| {
            tera::Error::message(format!("asset '{path}' is outside the assets folder"))
        })?;
        USED.with(|used| used.borrow_mut().push(rel.clone()));
        if dir.is_dir() && !dir.join(&rel).is_file() {
            return Err(tera::Error::message(format!(
                "no file '{rel}' in the assets folder ({})",
                dir.display()
            )));
        }
        Ok(format!("{}/{rel}", base_path.trim_end_matches('/')))
    }
}

/// `path` relative to the assets folder, without `.` and `..`; `None` when
/// it leaves the folder or names nothing.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        assert_eq!(
            normalize("/images/./a.png").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            normalize("images/x/../a.png").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(normalize("../secret"), None);
        assert_eq!(normalize("images/../../secret"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn uses_are_noted_per_page_once() {
        begin_noting();
        USED.with(|u| {
            u.borrow_mut()
                .extend(["a".to_string(), "b".into(), "a".into()])
        });
        assert_eq!(take_noted(), ["a", "b"]);
        assert!(take_noted().is_empty());
    }
}
