//! "Did you mean": the nearest candidate by normalised Levenshtein similarity.

use super::model::normalize;

/// Below this similarity (0..1) nothing is suggested.
pub const THRESHOLD: f64 = 0.7;

/// Similarity of two names after [`normalize`].
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&normalize(a), &normalize(b))
}

/// The candidate most like `value`, when it is like enough; the first wins ties.
pub fn nearest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let s = similarity(value, c);
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
}
