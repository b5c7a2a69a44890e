//! Scanning rendered HTML: every `id` and `name` (link targets) and every
//! `href` and `src` (links), with entities decoded. Each page is read once,
//! by a streaming, spec-following tokenizer.

use std::collections::HashSet;

use lol_html::{HtmlRewriter, Settings, element};

use crate::render::decode_entities;

/// What one page offers and asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Values of `id` and of `name` on `<a>`: the fragments that work.
    pub anchors: HashSet<String>,
    /// `href`/`src` values in document order.
    pub links: Vec<HtmlLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlLink {
    /// The attribute value with entities decoded.
    pub value: String,
    /// `a`, `img`, `link`, ...
    pub tag: String,
    /// The element says which language it leads to (`hreflang`): a link
    /// into another language on purpose, like a language switcher.
    pub names_language: bool,
    /// Where the element's start tag begins in the scanned HTML (bytes).
    pub at: usize,
}

impl Scan {
    /// The links whose elements start within `range` of the scanned HTML
    /// (a part of the page, such as its content), without anchors.
    pub fn links_within(&self, range: std::ops::Range<usize>) -> Scan {
        Scan {
            anchors: HashSet::new(),
            links: self
                .links
                .iter()
                .filter(|link| range.contains(&link.at))
                .cloned()
                .collect(),
        }
    }
}

/// Scans one page. Malformed HTML is scanned as a browser would; only an
/// internal error of the tokenizer stops the scan early.
pub fn scan(html: &str) -> Scan {
    let mut result = Scan::default();
    {
        let mut rewriter = HtmlRewriter::new(
            // Only elements with one of these attributes reach the handler:
            // most of a page's elements have none.
            Settings::new().append_element_content_handler(element!(
                "[id], [name], [href], [src]",
                |el| {
                    let tag = el.tag_name();
                    if let Some(id) = el.get_attribute("id") {
                        result.anchors.insert(decode_entities(&id));
                    }
                    if tag == "a"
                        && let Some(name) = el.get_attribute("name")
                    {
                        result.anchors.insert(decode_entities(&name));
                    }
                    let names_language = el.has_attribute("hreflang");
                    let at = el.source_location().bytes().start;
                    for attribute in ["href", "src"] {
                        if let Some(value) = el.get_attribute(attribute) {
                            result.links.push(HtmlLink {
                                value: decode_entities(&value),
                                tag: tag.clone(),
                                names_language,
                                at,
                            });
                        }
                    }
                    Ok(())
                }
            )),
            |_: &[u8]| {},
        );
        if rewriter.write(html.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_ids_names_and_links() {
        let scan = scan(
            r#"<h2 id="bl&aring;b&#230;r">x</h2><a name="old"></a><a href="/a/?x=1&amp;y=2#f">l</a><img src="i.png">"#,
        );
        assert!(scan.anchors.contains("old"));
        assert!(scan.anchors.contains("bl&aring;bær"), "{:?}", scan.anchors);
        let values: Vec<_> = scan.links.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(values, ["/a/?x=1&y=2#f", "i.png"]);
        assert_eq!(scan.links[1].tag, "img");
        assert_eq!(scan.links[1].at, 84, "the offset of `<img`");
        let within = scan.links_within(80..100);
        let values: Vec<_> = within.links.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(values, ["i.png"]);
    }
}
