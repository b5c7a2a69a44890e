//! Footnotes as Hugo (goldmark) prints them: numbered in the order they are
//! first referenced, references as `<sup id="fnref:1">` links, and the notes
//! gathered at the end of the document in
//! `<div class="footnotes" role="doc-endnotes">`, each with a back-link per
//! reference. Notes never referenced are left out, as goldmark does.
//!
//! A pass over the event stream; it knows nothing of pages.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Moves footnote definitions to the end and numbers the references.
pub fn apply<'a>(events: Events<'a>) -> Events<'a> {
    if !events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    }) {
        return events;
    }
    let (main, mut definitions) = split_definitions(events);
    let mut numbering = Numbering {
        known: definitions.keys().cloned().collect(),
        numbers: HashMap::new(),
        uses: Vec::new(),
    };
    let mut out = numbering.replace_refs(main);
    if numbering.uses.is_empty() {
        return out;
    }
    let end = out.last().map_or(0..0, |(_, r)| r.end..r.end);
    out.push((
        html("<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n"),
        end.clone(),
    ));
    let mut n = 0;
    while n < numbering.uses.len() {
        let label = numbering.uses[n].0.clone();
        let body = definitions.remove(&label).unwrap_or_default();
        let body = numbering.replace_refs(body);
        out.push((html(&format!("<li id=\"fn:{}\">\n", n + 1)), end.clone()));
        out.extend(with_backlinks(body, n + 1, numbering.uses[n].1));
        out.push((html("</li>\n"), end.clone()));
        n += 1;
    }
    out.push((html("</ol>\n</div>\n"), end));
    out
}

/// Numbers notes in the order of their first reference.
struct Numbering {
    known: HashSet<String>,
    numbers: HashMap<String, usize>,
    /// (label, references so far), by number - 1.
    uses: Vec<(String, usize)>,
}

impl Numbering {
    fn replace_refs<'a>(&mut self, events: Events<'a>) -> Events<'a> {
        events
            .into_iter()
            .map(|(event, range)| match event {
                Event::FootnoteReference(label) => {
                    let key = label.to_lowercase();
                    if !self.known.contains(&key) {
                        return (Event::Text(CowStr::from(format!("[^{label}]"))), range);
                    }
                    let uses = &mut self.uses;
                    let n = *self.numbers.entry(key.clone()).or_insert_with(|| {
                        uses.push((key, 0));
                        uses.len()
                    });
                    let k = self.uses[n - 1].1;
                    self.uses[n - 1].1 += 1;
                    (Event::InlineHtml(CowStr::from(reference(n, k))), range)
                }
                other => (other, range),
            })
            .collect()
    }
}

fn html<'a>(text: &str) -> Event<'a> {
    Event::Html(CowStr::from(text.to_string()))
}

/// The `k`-th reference (from 0) to note `n`.
fn reference(n: usize, k: usize) -> String {
    let id = if k == 0 {
        format!("fnref:{n}")
    } else {
        format!("fnref{k}:{n}")
    };
    format!(
        "<sup id=\"{id}\"><a href=\"#fn:{n}\" class=\"footnote-ref\" role=\"doc-noteref\">{n}</a></sup>"
    )
}

fn backlinks(n: usize, references: usize) -> String {
    (0..references.max(1))
        .map(|k| {
            let id = if k == 0 {
                format!("fnref:{n}")
            } else {
                format!("fnref{k}:{n}")
            };
            format!(
                "&#160;<a href=\"#{id}\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>"
            )
        })
        .collect()
}

/// The main events, and each definition's content by lower-case label
/// (the first definition of a label wins).
fn split_definitions<'a>(events: Events<'a>) -> (Events<'a>, HashMap<String, Events<'a>>) {
    let mut main = Vec::with_capacity(events.len());
    let mut definitions: HashMap<String, Events<'a>> = HashMap::new();
    let mut current: Option<(String, Events<'a>)> = None;
    let mut depth = 0usize;
    for (event, range) in events {
        match (&event, current.as_mut()) {
            (Event::Start(Tag::FootnoteDefinition(label)), None) => {
                current = Some((label.to_lowercase(), Vec::new()));
                depth = 0;
            }
            (Event::Start(Tag::FootnoteDefinition(_)), Some((_, body))) => {
                depth += 1;
                body.push((event, range));
            }
            (Event::End(TagEnd::FootnoteDefinition), Some(_)) if depth == 0 => {
                if let Some((label, body)) = current.take() {
                    definitions.entry(label).or_insert(body);
                }
            }
            (Event::End(TagEnd::FootnoteDefinition), Some((_, body))) => {
                depth -= 1;
                body.push((event, range));
            }
            (_, Some((_, body))) => body.push((event, range)),
            (_, None) => main.push((event, range)),
        }
    }
    if let Some((label, body)) = current {
        definitions.entry(label).or_insert(body);
    }
    (main, definitions)
}

/// The note's content with its back-links at the end of its last paragraph.
fn with_backlinks<'a>(mut body: Events<'a>, n: usize, references: usize) -> Events<'a> {
    let links = (
        Event::InlineHtml(CowStr::from(backlinks(n, references))),
        0..0,
    );
    match body
        .iter()
        .rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
    {
        Some(i) if i + 1 == body.len() => body.insert(i, links),
        _ => body.push(links),
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(source: &str) -> String {
        let events: Vec<_> = Parser::new_ext(source, Options::ENABLE_FOOTNOTES)
            .into_offset_iter()
            .collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, apply(events).into_iter().map(|(e, _)| e));
        out
    }

    /// The expected output is Hugo 0.150.1's.
    #[test]
    fn footnotes_as_hugo_prints_them() {
        let out = html(
            "Text[^1] and again[^1] and[^2].\n\n[^1]: Note one.\n[^2]: Note two\n    with more.\n\n[^unused]: Not shown.\n",
        );
        assert_eq!(
            out,
            "<p>Text<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> and again<sup id=\"fnref1:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> and<sup id=\"fnref:2\"><a href=\"#fn:2\" class=\"footnote-ref\" role=\"doc-noteref\">2</a></sup>.</p>\n\
<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n\
<li id=\"fn:1\">\n<p>Note one.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>&#160;<a href=\"#fnref1:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n\
<li id=\"fn:2\">\n<p>Note two\nwith more.&#160;<a href=\"#fnref:2\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n\
</ol>\n</div>\n"
        );
    }

    #[test]
    fn no_footnotes_no_list() {
        assert_eq!(html("Plain [^x] text.\n"), "<p>Plain [^x] text.</p>\n");
    }
}
