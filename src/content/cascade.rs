//! Hugo's `cascade`: front matter a section (or the configuration) gives
//! the pages below it, nearest first, where the page has not set the key
//! itself; each entry may target pages by path, kind and language (globs).

use crate::config::Cascade;

/// Whether `cascade` applies to a page of `kind` at `path` (`/docs/a`) in
/// `lang`.
pub fn applies(cascade: &Cascade, kind: &str, path: &str, lang: &str) -> bool {
    let fits = |pattern: &Option<String>, value: &str| {
        pattern
            .as_deref()
            .is_none_or(|p| p.trim().is_empty() || glob(&p.to_lowercase(), value))
    };
    fits(&cascade.kind, kind) && fits(&cascade.path, path) && fits(&cascade.lang, lang)
}

/// A glob as Hugo's targets use them: `*` within a path segment, `**`
/// across segments, `?` one character, `{a,b}` alternatives.
pub fn glob(pattern: &str, text: &str) -> bool {
    if let Some(open) = pattern.find('{')
        && let Some(len) = pattern[open..].find('}')
    {
        let close = open + len;
        let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
        return pattern[open + 1..close]
            .split(',')
            .any(|alt| glob(&format!("{head}{}{tail}", alt.trim()), text));
    }
    matches(pattern.as_bytes(), text.as_bytes())
}

fn matches(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) if rest.first() == Some(&b'*') => {
            let rest = &rest[1..];
            if rest.is_empty() {
                return true;
            }
            (0..=text.len()).any(|i| matches(rest, &text[i..]))
        }
        Some((b'*', rest)) => {
            let end = text.iter().position(|&b| b == b'/').unwrap_or(text.len());
            (0..=end).any(|i| matches(rest, &text[i..]))
        }
        Some((b'?', rest)) => !text.is_empty() && text[0] != b'/' && matches(rest, &text[1..]),
        Some((&c, rest)) => text.first() == Some(&c) && matches(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_target_globs() {
        assert!(glob("{/news/**}", "/news/a"));
        assert!(glob("{/functions/**,/methods/**}", "/methods/page/x"));
        assert!(!glob("{/functions/**,/methods/**}", "/templates/x"));
        assert!(glob("{home,section,taxonomy,term}", "term"));
        assert!(!glob("{home,section}", "page"));
        assert!(glob("/docs/*", "/docs/a"));
        assert!(!glob("/docs/*", "/docs/a/b"));
        assert!(glob("page", "page"));
    }
}
