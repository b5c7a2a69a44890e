//! "Did you mean": the candidate nearest to a mistyped value, by
//! normalised Levenshtein similarity (1 − edits ÷ the longer length, in
//! characters). Used for misspelt catalogue names, roles and config keys,
//! and for broken links.
//!
//! A site with many broken links asks this once per link, against the
//! thousands of URLs of a folder: the distance is computed bit-parallel
//! (`rapidfuzz`), and only as far as it can still beat the best so far.

use rapidfuzz::distance::levenshtein::{Args, BatchComparator};

/// The index of the candidate most like `value`, when its similarity is at
/// least `threshold` (0..1); the first wins ties.
pub fn closest<S: AsRef<str>>(
    value: &str,
    candidates: impl IntoIterator<Item = S>,
    threshold: f64,
) -> Option<usize> {
    let value_len = value.chars().count();
    // Made at the first candidate that the lengths alone do not rule out:
    // a long value (a table cell) is often ruled out against every one.
    let mut comparator: Option<BatchComparator<char>> = None;
    let mut best: Option<(usize, f64)> = None;
    for (index, candidate) in candidates.into_iter().enumerate() {
        let candidate = candidate.as_ref();
        // To win, a candidate must reach the threshold and beat the best
        // so far.
        let floor = best.map_or(threshold, |(_, b)| b.max(threshold));
        let candidate_len = candidate.chars().count();
        let longest = value_len.max(candidate_len);
        let score = if longest == 0 {
            1.0
        } else {
            // The edits a similarity of `floor` allows, and one more
            // against rounding; the distance is at least the difference
            // in length.
            let allowed = ((1.0 - floor) * longest as f64).floor() as usize + 1;
            if value_len.abs_diff(candidate_len) > allowed {
                continue;
            }
            let comparator = comparator.get_or_insert_with(|| BatchComparator::new(value.chars()));
            let Some(distance) = comparator
                .distance_with_args(candidate.chars(), &Args::default().score_cutoff(allowed))
            else {
                continue;
            };
            1.0 - distance as f64 / longest as f64
        };
        if score >= threshold && best.is_none_or(|(_, b)| score > b) {
            best = Some((index, score));
        }
    }
    best.map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The similarity as defined, character by character, for comparison.
    fn similarity(a: &str, b: &str) -> f64 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let next = (diagonal + usize::from(ca != cb))
                    .min(row[j] + 1)
                    .min(row[j + 1] + 1);
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        let longest = a.len().max(b.len());
        if longest == 0 {
            1.0
        } else {
            1.0 - row[b.len()] as f64 / longest as f64
        }
    }

    #[test]
    fn the_closest_candidate_wins_and_the_first_of_equals() {
        let urls = ["/nb/a/tilganger/", "/nb/a/tilgang/", "/nb/b/roller/"];
        assert_eq!(closest("/nb/a/tilgan/", urls, 0.6), Some(1));
        assert_eq!(closest("/nb/a/tilgangerr/", urls, 0.6), Some(0));
        assert_eq!(closest("/en/zzz", urls, 0.6), None);
        assert_eq!(closest("ab", ["ax", "xb"], 0.5), Some(0), "a tie");
        assert_eq!(closest("", ["", "a"], 0.6), Some(0));
        assert_eq!(
            closest("å", ["ø", "æå"], 0.5),
            Some(1),
            "characters, not bytes"
        );
    }

    /// The cut-offs only skip work: over many pairs, the winner is the one
    /// the plain definition picks.
    #[test]
    fn cut_offs_never_change_the_winner() {
        let words: Vec<String> = (0..400)
            .map(|n: u32| {
                let n = n.wrapping_mul(2_654_435_761);
                (0..(3 + n % 9))
                    .map(|i| ['a', 'b', 'c', 'æ', '/'][((n >> (i * 3)) % 5) as usize])
                    .collect()
            })
            .collect();
        for (i, value) in words.iter().enumerate().step_by(7) {
            let candidates = &words[..i];
            for threshold in [0.0, 0.5, 0.7] {
                let mut expected: Option<(usize, f64)> = None;
                for (j, c) in candidates.iter().enumerate() {
                    let s = similarity(value, c);
                    if s >= threshold && expected.is_none_or(|(_, b)| s > b) {
                        expected = Some((j, s));
                    }
                }
                assert_eq!(
                    closest(value, candidates, threshold),
                    expected.map(|(j, _)| j),
                    "{value:?} at {threshold}"
                );
            }
        }
    }
}
