//! Link targets written in content, resolved to URLs.
//!
//! A link to a `.md` file becomes the URL of that page in the linking page's
//! language; a root-relative path without a language prefix, written on a
//! page in a prefixed language, becomes that language's page when it
//! exists. Everything else is kept as written (and `check` judges it).

use crate::content::PageId;
use crate::deps::Reader;

/// The URL to write for `href` on page `from`, or `None` to keep `href`.
pub fn resolve(site: &Reader<'_>, from: PageId, href: &str) -> Option<String> {
    if href.is_empty() || href.starts_with('#') || has_scheme(href) || href.starts_with("//") {
        return None;
    }
    let (path, suffix) = split_suffix(href);
    let target = if crate::content::is_markdown(path) {
        site.resolve_file_link(from, path)?
    } else if path.starts_with('/') {
        site.resolve_unprefixed(&site.page(from).lang, path)?
    } else {
        return None;
    };
    Some([site.url(target), suffix].concat())
}

/// `mailto:`, `https:` and the like.
pub fn has_scheme(href: &str) -> bool {
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !href[..i].contains('/')
        }
        None => false,
    }
}

/// Splits `path?query#fragment` into the path and the rest.
fn split_suffix(href: &str) -> (&str, &str) {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("/a/b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("other.md"));
    }

    #[test]
    fn suffix_is_kept_apart() {
        assert_eq!(split_suffix("a.md#x"), ("a.md", "#x"));
        assert_eq!(split_suffix("a.md?q=1#x"), ("a.md", "?q=1#x"));
        assert_eq!(split_suffix("a.md"), ("a.md", ""));
    }
}
