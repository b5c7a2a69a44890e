//! Dates in front matter, as Hugo reads them, to decide what is published:
//! `2024-01-02`, `2024-01-02T10:00:00Z`, `2024-01-02 10:00:00 +0200`,
//! `2024-01-02T10:00:00.5+02:00`. A date without a zone is UTC.

/// Seconds since 1970-01-01T00:00:00Z, or `None` when `text` is not a date.
/// A whole number is already such seconds (Hugo reads it so).
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = number(0..4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let month = number(5..7)?;
    let day = number(8..10)?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let rest = &text[10..];
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.len() >= 5 && rest.as_bytes()[2] == b':' {
        let hour = number_in(rest, 0..2)?;
        let minute = number_in(rest, 3..5)?;
        let mut after = &rest[5..];
        let mut second = 0;
        if after.starts_with(':') {
            second = number_in(after, 1..3)?;
            after = &after[3..];
        }
        if let Some(fraction) = after.strip_prefix('.') {
            after = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second;
        let zone = after.trim();
        if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
            let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: i64 = digits.get(0..2)?.parse().ok()?;
            let minutes: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let offset = hours * 3600 + minutes * 60;
            seconds -= if sign == '+' { offset } else { -offset };
        }
    }
    Some(seconds)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn number_in(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())?
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Now, in seconds since 1970.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_date_forms() {
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(parse("2024-03-01"), Some(1_709_251_200));
        assert_eq!(
            parse("2024-03-01T10:00:00+02:00"),
            Some(1_709_251_200 + 8 * 3600)
        );
        assert_eq!(
            parse("2024-03-01 10:00:00 -0100"),
            Some(1_709_251_200 + 11 * 3600)
        );
        assert_eq!(
            parse("2024-03-01T10:00:00.123Z"),
            Some(1_709_251_200 + 10 * 3600)
        );
        assert_eq!(parse("not a date"), None);
        assert_eq!(parse("2024-13-01"), None);
        assert_eq!(parse("٢٠٢٤-01-01"), None, "no panic on multi-byte digits");
        assert_eq!(
            parse("1735689600"),
            Some(1_735_689_600),
            "Unix time, as Hugo"
        );
        assert_eq!(parse("2024-02-29"), Some(1_709_164_800), "a leap day");
        assert_eq!(parse("2023-02-29"), None);
        assert_eq!(parse("2024-04-31"), None);
        assert_eq!(parse("2024-02-03T25:61:00Z"), None);
    }
}
