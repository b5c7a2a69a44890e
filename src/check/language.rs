//! Page language: is a page's prose written in the language its file name says?
//!
//! The prose is the page's Markdown text without code, tables, raw HTML and
//! shortcode tags; [`whatlang`] chooses among the site's languages. A page is
//! reported once, only when it has enough prose to judge and the detector is
//! sure, because a wrong "this is not English" on a short page is worse than
//! silence.

use std::collections::HashSet;
use std::path::PathBuf;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use whatlang::{Detector, Lang};

use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;

/// The code of the finding.
pub const CODE: &str = "page-language";

/// Fewer words of prose than this are not judged.
const MIN_WORDS: usize = 25;

/// The detector reads at most this many bytes of a page's prose: enough to
/// be sure, and long pages cost no more than short ones.
const SAMPLE_BYTES: usize = 3_000;

/// Below this confidence (0..1) nothing is reported.
const MIN_CONFIDENCE: f64 = 0.5;

/// One finding per page whose prose is in another of the site's languages.
/// Headless pages and `inserted` files are parts of other pages (mostly code
/// samples), not prose of their own, and are not judged.
pub fn check(site: &Site, inserted: &HashSet<&PathBuf>) -> Vec<Diagnostic> {
    let languages: Vec<(&str, Lang)> = site
        .config
        .languages
        .iter()
        .filter_map(|l| Some((l.code.as_str(), whatlang_of(&l.code)?)))
        .collect();
    if languages.len() < 2 {
        return Vec::new();
    }
    let detector = Detector::with_allowlist(languages.iter().map(|&(_, lang)| lang).collect());
    let pages: Vec<&Page> = site
        .pages()
        .filter(|page| page.source.is_some() && !page.front.headless)
        .filter(|page| !inserted.contains(&page.source_path(&site.config)))
        .collect();
    pages
        .into_par_iter()
        .with_max_len(4)
        .filter_map(|page| check_page(site, page, &detector, &languages))
        .collect()
}

fn check_page(
    site: &Site,
    page: &Page,
    detector: &Detector,
    languages: &[(&str, Lang)],
) -> Option<Diagnostic> {
    let expected = languages.iter().find(|(code, _)| *code == page.lang)?.1;
    let prose = prose(page.body());
    if prose.words < MIN_WORDS {
        return None;
    }
    let info = detector.detect(&prose.text)?;
    if info.lang() == expected || info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    let written = info.lang().eng_name();
    let says = expected.eng_name();
    let tag = page.translation_tag();
    let message = if tag.is_some() {
        format!("this page is tagged as needing translation: its text is still in {written}")
    } else {
        format!("this page is written in {written}, but its file name says {says}")
    };
    let help = if let Some(tag) = tag {
        format!("translate it to {says}, then remove `{tag}` from its tags")
    } else {
        format!(
            "translate it to {says}, or tag it `needstranslation` until it is (a page in {written} belongs in a .{}.md file)",
            languages
                .iter()
                .find(|(_, lang)| *lang == info.lang())
                .map_or("", |(code, _)| code)
        )
    };
    Some(
        Diagnostic::warning(CODE, page.source_path(&site.config), message)
            .at_offset(&page.text, page.body_offset + prose.first)
            .with_help(help),
    )
}

/// The prose of a Markdown body: its text, word count and where it starts (an
/// offset in the body).
#[derive(Debug, Default, PartialEq)]
struct Prose {
    text: String,
    words: usize,
    first: usize,
}

fn prose(body: &str) -> Prose {
    let mut prose = Prose::default();
    let mut skipping = 0usize;
    let mut started = false;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::HtmlBlock) => skipping += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Table | TagEnd::HtmlBlock) => {
                skipping = skipping.saturating_sub(1)
            }
            Event::Text(text) if skipping == 0 => {
                let text = without_shortcodes(&text);
                let words = text.split_whitespace().filter(|w| is_word(w)).count();
                if words > 0 && !started {
                    started = true;
                    prose.first = range.start;
                }
                prose.words += words;
                if prose.text.len() < SAMPLE_BYTES {
                    prose.text.push_str(&text);
                    prose.text.push(' ');
                }
                if prose.words >= MIN_WORDS && prose.text.len() >= SAMPLE_BYTES {
                    break;
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => prose.text.push(' '),
            _ => {}
        }
    }
    prose
}

/// A word of prose: letters, perhaps with punctuation around them.
fn is_word(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && letters * 2 > token.chars().count()
}

/// `text` with `{{< ... >}}` and `{{% ... %}}` tags removed (their names and
/// arguments are not prose).
fn without_shortcodes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{{") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let end = ["%}}", ">}}", "}}"]
            .iter()
            .filter_map(|close| tag.find(close).map(|i| i + close.len()))
            .min();
        match end {
            Some(end) => rest = &tag[end..],
            None => {
                rest = "";
            }
        }
        out.push(' ');
    }
    out.push_str(rest);
    out.into()
}

/// The detector's language for a site language code (ISO 639-1, as Hugo's
/// languages are named); `None` for languages it does not know.
fn whatlang_of(code: &str) -> Option<Lang> {
    let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
    let three = match primary.as_str() {
        "nb" | "no" => "nob",
        "nn" => "nno",
        "en" => "eng",
        "sv" => "swe",
        "da" => "dan",
        "de" => "deu",
        "fr" => "fra",
        "es" => "spa",
        "it" => "ita",
        "nl" => "nld",
        "pt" => "por",
        "fi" => "fin",
        "pl" => "pol",
        "ru" => "rus",
        "uk" => "ukr",
        "cs" => "ces",
        "et" => "est",
        "lv" => "lav",
        "lt" => "lit",
        "hu" => "hun",
        "ja" => "jpn",
        "zh" => "cmn",
        "ko" => "kor",
        other => other,
    };
    Lang::from_code(three)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_leaves_out_code_tables_and_shortcodes() {
        let body = "\n{{% notice info %}}\nDette er tekst.\n{{% /notice %}}\n\n```\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| celle | her |\n\nMer `kode` og [lenke](/x/).\n";
        let prose = prose(body);
        assert!(prose.text.contains("Dette er tekst."), "{prose:?}");
        assert!(prose.text.contains("lenke"), "{prose:?}");
        for left_out in ["notice", "let x", "celle", "kode"] {
            assert!(!prose.text.contains(left_out), "{left_out}: {prose:?}");
        }
        assert_eq!(prose.words, 6, "{prose:?}");
        assert_eq!(&body[prose.first..prose.first + 5], "Dette");
    }

    #[test]
    fn norwegian_and_english_are_told_apart() {
        let detector = Detector::with_allowlist(vec![Lang::Nob, Lang::Eng]);
        let nb = "Tilgangspakker gir virksomheter og personer tilgang til tjenester. \
                  Daglig leder får de fleste pakkene automatisk fra Enhetsregisteret, \
                  og kan gi dem videre til ansatte som trenger dem i arbeidet sitt.";
        let en = "Access packages give organizations and people access to services. \
                  The general manager gets most packages automatically from the registry, \
                  and can pass them on to employees who need them in their work.";
        assert_eq!(detector.detect(nb).map(|i| i.lang()), Some(Lang::Nob));
        assert_eq!(detector.detect(en).map(|i| i.lang()), Some(Lang::Eng));
    }

    #[test]
    fn site_language_codes_map_to_the_detector() {
        assert_eq!(whatlang_of("nb"), Some(Lang::Nob));
        assert_eq!(whatlang_of("en-US"), Some(Lang::Eng));
        assert_eq!(whatlang_of("xx"), None);
    }
}
