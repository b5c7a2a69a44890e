//! Heading ids by Hugo's default ("github") rule.

use rustc_hash::{FxHashMap, FxHashSet};

/// The id Hugo gives a heading with this plain text; empty when the text
/// has nothing to keep.
pub fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            '_' => Some('_'),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Hands out unique ids within one document: explicit ids are reserved
/// first, then automatic ones get the first free `-1`, `-2`, ... suffix.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: FxHashSet<String>,
    /// For each base, the suffix to try next (so that 10,000 headings with
    /// one text cost 10,000 steps, not 50 million).
    next: FxHashMap<String, usize>,
}

impl IdAllocator {
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    pub fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        let id = loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.used.contains(&candidate) {
                break candidate;
            }
        };
        self.used.insert(id.clone());
        self.next.insert(base, n);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table from Hugo's behaviour notes, plus Norwegian headings.
    #[test]
    fn hugo_github_rule() {
        let cases = [
            ("God is good: 神真美好", "god-is-good-神真美好"),
            ("Special !\"#$%&(parens)=?´* chars", "special-parens-chars"),
            ("Resumé", "resumé"),
            ("Multiple--Hyphens", "multiple--hyphens"),
            ("Trailing hyphen-", "trailing-hyphen-"),
            ("Many   spaces  here", "many---spaces--here"),
            ("Forward/slash", "forwardslash"),
            ("Under_score", "under_score"),
            ("1+2=3", "123"),
            ("Blåbærsyltetøy på Ærø", "blåbærsyltetøy-på-ærø"),
            ("A — B", "a--b"),
            ("🚀 Start", "-start"),
            (
                "Programmeringsgrensesnitt -API",
                "programmeringsgrensesnitt--api",
            ),
            (
                "Programmeringsgrensesnitt NUF - API",
                "programmeringsgrensesnitt-nuf---api",
            ),
            (
                "Oversikt over fullmaktsgrupper",
                "oversikt-over-fullmaktsgrupper",
            ),
            (
                "Hvilke roller fra Enhetsregisteret får fullmakt til tilgangspakken",
                "hvilke-roller-fra-enhetsregisteret-får-fullmakt-til-tilgangspakken",
            ),
            ("Integrasjoner og API-er", "integrasjoner-og-api-er"),
            ("Tab\tand\u{a0}nbsp", "tabandnbsp"),
            ("  padded  ", "padded"),
            ("", ""),
        ];
        for (heading, id) in cases {
            assert_eq!(heading_id(heading), id, "heading {heading:?}");
        }
    }

    #[test]
    fn duplicates_get_suffixes_and_explicit_ids_are_reserved() {
        let mut ids = IdAllocator::default();
        ids.reserve("intro-1");
        assert_eq!(ids.unique("intro".into()), "intro");
        assert_eq!(ids.unique("intro".into()), "intro-2");
        assert_eq!(ids.unique("intro".into()), "intro-3");
    }
}
