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

/// Expands a Hugo permalink pattern (`/:year/:month/:slug/`): each `:name`
/// is replaced by `token(name)`; a name `token` does not know stays as
/// written. The result has no leading or trailing `/`.
pub fn expand_pattern(pattern: &str, token: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(colon) = rest.find(':') {
        out.push_str(&rest[..colon]);
        let after = &rest[colon + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..end];
        match token(name) {
            Some(value) if !name.is_empty() => out.push_str(&value),
            _ => {
                out.push(':');
                out.push_str(name);
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.split('/')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// Year, month and day of a front-matter date (`2024-03-05`, with or
/// without a time after it).
pub fn date_parts(date: &str) -> Option<(u32, u32, u32)> {
    let day = date.trim().get(..10)?;
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
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
