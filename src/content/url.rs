//! URL paths as Hugo makes them from content paths.

/// Hugo's path sanitising: lowercase, spaces to `-`, and only letters,
/// digits, `/ . _ - # + ~ @` and `%` before two hex digits kept.
pub fn sanitize(path: &str) -> String {
    sanitize_case(path, true)
}

/// [`sanitize`], lowercasing only when `lower` (Hugo's
/// `disablePathToLower` turns it off).
pub fn sanitize_case(path: &str, lower: bool) -> String {
    let escape_at = |i: usize| {
        let hex = path.get(i + 1..i + 3);
        hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let kept = path.char_indices().filter_map(|(i, c)| match c {
        ' ' => Some('-'),
        '%' if escape_at(i) => Some(c),
        c if c.is_alphanumeric() || "/._-#+~@".contains(c) => Some(c),
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
        // `:sections[1:]`: the brackets belong to the token.
        let end = match after[end..].strip_prefix('[').and_then(|r| r.find(']')) {
            Some(close) => end + 1 + close + 1,
            None => end,
        };
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

/// Hugo's `urlize` of a title or slug in a permalink: letters, digits and
/// `. / \ _ # ~ @ -` kept, `%XX` escapes decoded first, a run of
/// whitespace one `-` (none next to a `-`, none at the ends), everything
/// else dropped; lowercased unless `lower` is false.
pub fn urlize(text: &str, lower: bool) -> String {
    let decoded = percent_decode(text);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        if c.is_alphanumeric() || ".\\/_#~@-".contains(c) {
            if space && !out.is_empty() && c != '-' && !out.ends_with('-') {
                out.push('-');
            }
            space = false;
            out.push(c);
        } else if c.is_whitespace() {
            space = true;
        }
    }
    if lower { out.to_lowercase() } else { out }
}

/// `%XX` escapes of ASCII characters decoded; others left as written.
fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest
            .get(i + 1..i + 3)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .filter(u8::is_ascii);
        match code {
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[i + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// English month names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English weekday names, Sunday first (Go's `time.Weekday`).
pub const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// A month's English name (1 is January).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The day of the year, 1 to 366.
pub fn year_day((year, month, day): (u32, u32, u32)) -> u32 {
    const BEFORE: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = u32::from(month > 2 && is_leap(year));
    BEFORE[(month.clamp(1, 12) - 1) as usize] + day + leap
}

/// The day of the week, 0 for Sunday (Sakamoto's method).
pub fn weekday((year, month, day): (u32, u32, u32)) -> usize {
    const OFFSETS: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let year = if month < 3 {
        year.saturating_sub(1)
    } else {
        year
    };
    let days = year + year / 4 - year / 100
        + year / 400
        + OFFSETS[(month.clamp(1, 12) - 1) as usize]
        + day;
    (days % 7) as usize
}

/// `:sections[...]`: an index (`0`, `last`) or a slice (`1:`, `:last`,
/// `0:2`) of the section path, joined by `/`; `None` when out of range.
pub fn slice_sections(sections: &str, expression: &str) -> Option<String> {
    let parts: Vec<&str> = sections.split('/').filter(|p| !p.is_empty()).collect();
    let last = parts.len().checked_sub(1)?;
    let index = |text: &str, default: usize| -> Option<usize> {
        match text.trim() {
            "" => Some(default),
            "last" => Some(last),
            number => number.parse().ok(),
        }
    };
    match expression.split_once(':') {
        None => parts.get(index(expression, 0)?).map(|p| p.to_string()),
        Some((low, high)) => {
            let (low, high) = (index(low, 0)?, index(high, parts.len())?);
            parts.get(low..high.min(parts.len())).map(|p| p.join("/"))
        }
    }
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
        // As Hugo 0.150.1 writes these file names.
        assert_eq!(sanitize("c++ notes"), "c++-notes");
        assert_eq!(sanitize("a@b"), "a@b");
        assert_eq!(sanitize("x & y"), "x--y");
        assert_eq!(sanitize("per%20cent"), "per%20cent");
        assert_eq!(sanitize("100% q?mark"), "100-qmark");
    }

    #[test]
    fn titles_are_urlized_as_hugo_does() {
        assert_eq!(urlize("C++ & Go / Rust? 100%", true), "c-go-/-rust-100");
        assert_eq!(urlize("x -- y  z--", true), "x--y-z--");
        assert_eq!(urlize("-lead Trail-", true), "-lead-trail-");
        assert_eq!(urlize("a%20b %zz", true), "a-b-zz");
        assert_eq!(urlize("Ærlig Åpen", false), "Ærlig-Åpen");
    }

    #[test]
    fn dates_and_section_slices() {
        assert_eq!(date_parts("2024-02-29T10:00:00+01:00"), Some((2024, 2, 29)));
        assert_eq!(date_parts("29.02.2024"), None);
        assert_eq!(weekday((2023, 7, 8)), 6);
        assert_eq!(year_day((2024, 2, 29)), 60);
        assert_eq!(year_day((2023, 12, 31)), 365);
        assert_eq!(slice_sections("news/a/b", "last").as_deref(), Some("b"));
        assert_eq!(slice_sections("news/a/b", "1:").as_deref(), Some("a/b"));
        assert_eq!(
            slice_sections("news/a/b", ":last").as_deref(),
            Some("news/a")
        );
        assert_eq!(slice_sections("news", "5"), None);
        assert_eq!(slice_sections("", "0"), None);
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
