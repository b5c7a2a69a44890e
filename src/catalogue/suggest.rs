//! "Did you mean" for catalogue names: the nearest candidate after
//! [`normalize`] (see [`crate::suggest`]).

use super::model::normalize;

/// Below this similarity (0..1) nothing is suggested.
pub const THRESHOLD: f64 = 0.7;

/// The candidate most like `value` after [`normalize`], when it is like
/// enough; the first wins ties.
pub fn nearest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let normalized = candidates.iter().map(|c| normalize(c));
    let index = crate::suggest::closest(&normalize(value), normalized, THRESHOLD)?;
    Some(candidates[index])
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
