//! URL paths as Hugo makes them from content paths.

/// Hugo's path sanitising: lowercase, spaces to `-`, and only letters,
/// digits and `/ . _ - # + ~` kept.
pub fn sanitize(path: &str) -> String {
    sanitize_case(path, true)
}

/// [`sanitize`], lowercasing only when `lower` (Hugo's
/// `disablePathToLower` turns it off).
pub fn sanitize_case(path: &str, lower: bool) -> String {
    let kept = path.chars().filter_map(|c| match c {
        ' ' => Some('-'),
        c if c.is_alphanumeric() || "/._-#+~".contains(c) => Some(c),
        _ => None,
    });
    if lower {
        kept.flat_map(char::to_lowercase).collect()
    } else {
        kept.collect()
    }
}

/// Joins a language prefix (`/` or `/nb/`) and a content folder path into a
/// URL ending in `/`.
pub fn section_url(prefix: &str, dir: &str) -> String {
    section_url_case(prefix, dir, true)
}

/// [`section_url`], lowercasing only when `lower`.
pub fn section_url_case(prefix: &str, dir: &str, lower: bool) -> String {
    let dir = sanitize_case(dir, lower);
    if dir.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}{dir}/")
    }
}

/// Resolves `.` and `..` segments of a `/`-separated path. Returns `None`
/// when `..` would climb above the start.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_lowercases_and_hyphenates() {
        assert_eq!(sanitize("register_ER/My Page"), "register_er/my-page");
        assert_eq!(sanitize("a(b)/c's"), "ab/cs");
        assert_eq!(sanitize("Blåbær"), "blåbær");
    }

    #[test]
    fn section_urls() {
        assert_eq!(section_url("/nb/", ""), "/nb/");
        assert_eq!(section_url("/", "a/B"), "/a/b/");
    }

    #[test]
    fn normalize_refuses_to_escape() {
        assert_eq!(normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("a/../../c"), None);
        assert_eq!(normalize("/x//y/").as_deref(), Some("x/y"));
    }
}
