//! Path patterns of the settings and the catalogue's scopes: `*` within
//! one path segment, `**` across segments.

/// `*` matches within one path segment, `**` across segments; a pattern
/// that names a folder also matches everything below it.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn matches(p: &[u8], s: &[u8]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some(b'*'), _) if p.get(1) == Some(&b'*') => {
                let rest = p[2..].strip_prefix(b"/").unwrap_or(&p[2..]);
                (0..=s.len()).any(|i| matches(rest, &s[i..]))
            }
            (Some(b'*'), _) => {
                let segment = s.iter().position(|&c| c == b'/').unwrap_or(s.len());
                (0..=segment).any(|i| matches(&p[1..], &s[i..]))
            }
            (Some(a), Some(b)) if a == b => matches(&p[1..], &s[1..]),
            _ => false,
        }
    }
    let pattern = pattern.trim_end_matches('/');
    matches(pattern.as_bytes(), path.as_bytes())
        || path
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("content/old/**", "content/old/a/b.md"));
        assert!(glob_match("content/old", "content/old/a.md"));
        assert!(glob_match("content/*/x.md", "content/a/x.md"));
        assert!(!glob_match("content/*/x.md", "content/a/b/x.md"));
        assert!(glob_match("**/_index.en.md", "content/a/_index.en.md"));
        assert!(!glob_match("content/old", "content/older/a.md"));
        assert!(glob_match(
            "content/t/versjon-*/**",
            "content/t/versjon-2/a/_index.nb.md"
        ));
    }
}
