//! "Did you mean": the nearest candidate by normalised Levenshtein similarity.

use super::model::normalize;

/// Below this similarity (0..1) nothing is suggested.
pub const THRESHOLD: f64 = 0.7;

/// Similarity of two names after [`normalize`].
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&normalize(a), &normalize(b))
}

/// The candidate most like `value`, when it is like enough; the first wins ties.
///
/// Candidates whose length alone rules them out are not compared: the edit
/// distance is at least the difference in length, so a long cell of text is
/// not measured against every short name (which made a page with long
/// table cells take seconds).
pub fn nearest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let value = normalize(value);
    let value_len = value.chars().count();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let candidate = normalize(c);
        let candidate_len = candidate.chars().count();
        let longest = value_len.max(candidate_len);
        let at_most = if longest == 0 {
            1.0
        } else {
            1.0 - value_len.abs_diff(candidate_len) as f64 / longest as f64
        };
        if at_most < THRESHOLD || best.is_some_and(|(_, b)| at_most <= b) {
            continue;
        }
        let s = strsim::normalized_levenshtein(&value, &candidate);
        if s >= THRESHOLD && best.is_none_or(|(_, b)| s > b) {
            best = Some((c, s));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        let names = [
            "Deltaker med delt ansvar",
            "Deltaker med fullt ansvar",
            "Styrets leder",
        ];
        assert_eq!(
            nearest("Deltaker fullt ansvar", names),
            Some("Deltaker med fullt ansvar")
        );
        assert_eq!(
            nearest("Deltaker delt ansvar", names),
            Some("Deltaker med delt ansvar")
        );
        assert_eq!(nearest("Styret leder", names), Some("Styrets leder"));
        assert_eq!(nearest("Revisor", names), None);
    }

    #[test]
    fn long_text_is_not_measured_against_every_name() {
        let names: Vec<String> = (0..500).map(|n| format!("Pakke nummer {n}")).collect();
        let long = "ord ".repeat(5_000);
        let started = std::time::Instant::now();
        assert_eq!(nearest(&long, names.iter().map(String::as_str)), None);
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        // The bound never hides a match.
        assert_eq!(
            nearest("Pakke nummer 7x", names.iter().map(String::as_str)),
            Some("Pakke nummer 7")
        );
    }
}
