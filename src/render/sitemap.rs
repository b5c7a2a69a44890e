//! Files for search engines: `sitemap.xml` (every listed page, with its
//! translations as `hreflang` alternates and the default language's page as
//! `x-default`) and `robots.txt` (which points at the sitemap). Both are
//! made from the index alone, once per pass; a site's own `static/`
//! file of the same name replaces them.

use super::push_escaped_html;
use crate::content::{Page, Site};

/// The sitemap's file name, at the root of the output.
pub const SITEMAP: &str = "sitemap.xml";
/// The robots file's name, at the root of the output.
pub const ROBOTS: &str = "robots.txt";

/// `sitemap.xml` and `robots.txt`: (output path, bytes).
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    vec![
        (SITEMAP.to_string(), sitemap(site).into_bytes()),
        (ROBOTS.to_string(), robots(site).into_bytes()),
    ]
}

/// The sitemap protocol's `urlset` with Google's `xhtml:link` alternates.
pub fn sitemap(site: &Site) -> String {
    let config = &site.config;
    let mut pages: Vec<&Page> = site.published().filter(|p| p.is_findable()).collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let mut xml = String::with_capacity(256 + pages.len() * 400);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n");
    xml.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n  \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let origin = config.origin();
    for page in pages {
        xml.push_str("  <url>\n    <loc>");
        push_escaped_html(&mut xml, origin);
        push_escaped_html(&mut xml, &page.url);
        xml.push_str("</loc>\n");
        if let Some(date) = page.front.date.as_deref().and_then(w3c_date) {
            xml.push_str("    <lastmod>");
            xml.push_str(date);
            xml.push_str("</lastmod>\n");
        }
        // Every version of the page, itself included, as the protocol asks.
        let mut versions: Vec<&Page> = std::iter::once(page)
            .chain(page.translations.iter().filter_map(|&t| site.get(t)))
            .filter(|p| p.is_findable())
            .collect();
        if versions.len() > 1 {
            versions.sort_by_key(|p| language_order(site, &p.lang));
            for version in &versions {
                alternate(&mut xml, &version.lang, origin, &version.url);
            }
            let default = versions
                .iter()
                .find(|p| p.lang == config.default_language)
                .unwrap_or(&versions[0]);
            alternate(&mut xml, "x-default", origin, &default.url);
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A `<xhtml:link>` to the version of a page in `lang`, at `origin` and
/// `url`.
fn alternate(xml: &mut String, lang: &str, origin: &str, url: &str) {
    xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
    push_escaped_html(xml, lang);
    xml.push_str("\" href=\"");
    push_escaped_html(xml, origin);
    push_escaped_html(xml, url);
    xml.push_str("\"/>\n");
}

fn language_order(site: &Site, lang: &str) -> usize {
    site.config
        .languages
        .iter()
        .position(|l| l.code == lang)
        .unwrap_or(usize::MAX)
}

/// A front-matter date as the sitemap's W3C date (`YYYY-MM-DD`), when it
/// starts with one.
fn w3c_date(date: &str) -> Option<&str> {
    let day = date.get(..10)?;
    let bytes = day.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    (digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10))
        .then_some(day)
}

/// Allows everything and names the sitemap.
pub fn robots(site: &Site) -> String {
    let sitemap = site
        .config
        .permalink(&format!("{}{SITEMAP}", site.config.base_path));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "title = \"T\"\nbase_url = \"https://docs.example/\"\n\
        default_language = \"nb\"\ndefault_language_in_subdir = true\n\
        [languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n";

    #[test]
    fn translations_are_alternates_with_the_default_language_as_x_default() {
        let (_dir, site) = super::super::context::test_site(&[
            ("site.toml", CONFIG),
            ("content/_index.nb.md", "---\ntitle: Hjem\n---\n"),
            ("content/_index.en.md", "---\ntitle: Home\n---\n"),
            (
                "content/a/_index.nb.md",
                "---\ntitle: A\ndate: 2024-05-01\n---\n",
            ),
            ("content/a/_index.en.md", "---\ntitle: A\n---\n"),
            ("content/a/bare.en.md", "---\ntitle: Only English\n---\n"),
            ("content/_header.md", "---\n---\nLogo\n"),
        ]);
        let xml = sitemap(&site);
        let entry = |loc: &str| {
            let start = xml
                .find(&format!("<loc>{loc}</loc>"))
                .unwrap_or_else(|| panic!("{loc} in {xml}"));
            let end = start + xml[start..].find("</url>").expect("closed");
            xml[start..end].to_string()
        };
        let nb = entry("https://docs.example/nb/a/");
        assert!(nb.contains("<lastmod>2024-05-01</lastmod>"), "{nb}");
        for expected in [
            r#"hreflang="nb" href="https://docs.example/nb/a/""#,
            r#"hreflang="en" href="https://docs.example/en/a/""#,
            r#"hreflang="x-default" href="https://docs.example/nb/a/""#,
        ] {
            assert!(nb.contains(expected), "{expected} in {nb}");
        }
        let en = entry("https://docs.example/en/a/");
        assert!(
            en.contains(r#"hreflang="x-default" href="https://docs.example/nb/a/""#),
            "{en}"
        );
        let alone = entry("https://docs.example/en/a/bare/");
        assert!(
            !alone.contains("hreflang"),
            "no alternates without translations: {alone}"
        );
        assert!(
            !xml.contains("_header"),
            "the theme's header is no page to find: {xml}"
        );
        assert_eq!(xml.matches("<url>").count(), 5, "{xml}");
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        let (_dir, site) = super::super::context::test_site(&[
            ("site.toml", CONFIG),
            ("content/_index.nb.md", "---\ntitle: Hjem\n---\n"),
        ]);
        assert_eq!(
            robots(&site),
            "User-agent: *\nAllow: /\n\nSitemap: https://docs.example/sitemap.xml\n"
        );
    }

    #[test]
    fn only_real_dates_are_lastmod() {
        assert_eq!(w3c_date("2024-05-01T10:00:00Z"), Some("2024-05-01"));
        assert_eq!(w3c_date("2024-5-1"), None);
        assert_eq!(w3c_date("yesterday, maybe"), None);
        assert_eq!(w3c_date("2024-05-0å"), None);
    }
}
