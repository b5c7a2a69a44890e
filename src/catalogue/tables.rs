//! Finding what a page says about packages: Markdown tables (with the plain
//! text and source offsets of every cell) and URNs written under headings.
//! Knows nothing of the catalogue's content; [`classify`] only reads headers.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::model::normalize;

/// One table cell: its text without Markdown markup, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Byte offset of the cell's first non-blank character in the whole file.
    pub start: usize,
    /// Byte offset just after the cell in the whole file.
    pub end: usize,
}

/// A Markdown table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub start: usize,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

/// A URN written under a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingUrn {
    pub heading: String,
    pub heading_offset: usize,
    pub urn: String,
    pub urn_offset: usize,
}

/// What a column of a package table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Package,
    Roles,
    Delegable,
    Linkable,
    Other,
}

/// Header texts (after [`normalize`]) of a package-name column, nb and en,
/// as the Altinn docs write them (typos included: "tillgangspakke").
const PACKAGE_HEADERS: &[&str] = &[
    "tilgangspakke",
    "tilgangspakker",
    "navn tilgangspakke",
    "navn tillgangspakke",
    "navn på tilgangspakke",
    "navn fullmaktsgruppe",
    "navn på fullmaktsgruppe",
    "tilgangspakker i kategorien",
    "tilgangspakker i området",
    "access package",
    "access packages",
    "access package name",
    "name of access package",
    "access packages in this category",
    "access packages in this area",
];

const ROLE_HEADERS: &[&str] = &[
    "enhetsregisterroller",
    "roller",
    "er roller",
    "roles",
    "er roles",
    "entity register roles",
    "roles in the central coordinating register",
];

/// Role headers that begin with these words ("ER rolle som får fullmakten").
const ROLE_HEADER_PREFIXES: &[&str] = &["er rolle", "er role"];

const DELEGABLE_HEADERS: &[&str] = &[
    "delegerbar",
    "kan delegeres",
    "kan delegeres til ansatte",
    "delegable",
    "can be delegated",
    "can be delegated to employees",
];

const LINKABLE_HEADERS: &[&str] = &[
    "kan knytte tjenester til",
    "kan tjenester knyttes til",
    "can services be linked to it",
    "can services be linked",
    "services can be linked",
];

/// A column of a table of ER roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleHeader {
    /// The role's code (`DAGL`).
    Code,
    /// The role's name, in a language (`None`: the page's).
    Name(Option<&'static str>),
}

/// What a header cell says a role table's column holds, if anything.
pub fn role_header(header: &str) -> Option<RoleHeader> {
    Some(match normalize(header).as_str() {
        "kode" | "code" | "rollekode" | "role code" => RoleHeader::Code,
        "navn" | "name" | "rollenavn" | "role name" => RoleHeader::Name(None),
        "norsk navn" | "norwegian name" | "navn på norsk" => RoleHeader::Name(Some("nb")),
        "engelsk navn" | "english name" | "navn på engelsk" => RoleHeader::Name(Some("en")),
        _ => return None,
    })
}

/// What a header cell's text says its column holds.
pub fn classify(header: &str) -> Column {
    let h = normalize(header);
    if PACKAGE_HEADERS.contains(&h.as_str()) {
        Column::Package
    } else if ROLE_HEADERS.contains(&h.as_str())
        || ROLE_HEADER_PREFIXES.iter().any(|p| h.starts_with(p))
    {
        Column::Roles
    } else if DELEGABLE_HEADERS.contains(&h.as_str()) {
        Column::Delegable
    } else if LINKABLE_HEADERS.contains(&h.as_str()) {
        Column::Linkable
    } else {
        Column::Other
    }
}

/// Tables and heading URNs of the Markdown body `text[body_offset..]`.
pub fn scan(text: &str, body_offset: usize) -> (Vec<Table>, Vec<HeadingUrn>) {
    let body = text.get(body_offset..).unwrap_or("");
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, Options::ENABLE_TABLES)
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + body_offset..r.end + body_offset))
        .collect();
    (tables(text, &events), heading_urns(text, &events))
}

fn tables(text: &str, events: &[(Event, Range<usize>)]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut current: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Option<Cell> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                current = Some(Table {
                    start: range.start,
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Event::Start(Tag::TableCell) => cell = Some(new_cell(text, range)),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(t);
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(mut c) = cell.take() {
                    c.text = c.text.trim().to_string();
                    row.push(c);
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = current.as_mut() {
                    t.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = current.as_mut() {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

fn new_cell(text: &str, range: &Range<usize>) -> Cell {
    let slice = text.get(range.clone()).unwrap_or("");
    let skip = slice
        .char_indices()
        .find(|(_, c)| !c.is_whitespace() && *c != '|')
        .map_or(slice.len(), |(i, _)| i);
    Cell {
        text: String::new(),
        start: range.start + skip,
        end: range.end,
    }
}

const URN_PREFIX: &str = "urn:altinn:accesspackage:";

fn heading_urns(text: &str, events: &[(Event, Range<usize>)]) -> Vec<HeadingUrn> {
    let mut out = Vec::new();
    let mut heading: Option<(String, usize)> = None;
    let mut in_heading = false;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((String::new(), range.start));
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some((h, _)) = heading.as_mut() {
                    h.push_str(t);
                }
            }
            Event::Text(_) | Event::Code(_) => {
                let (joined, start, next) = joined_text(events, i);
                if let (Some(urn), Some((h, offset))) = (urn_in(&joined), heading.as_ref()) {
                    let urn_offset = text
                        .get(start..)
                        .and_then(|s| s.find(&urn))
                        .map_or(start, |i| start + i);
                    out.push(HeadingUrn {
                        heading: h.trim().to_string(),
                        heading_offset: *offset,
                        urn,
                        urn_offset,
                    });
                    heading = None; // one URN per heading
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Text of the run of adjacent text events starting at `i` (pulldown-cmark
/// may split one run of text), its start offset, and the index after it.
fn joined_text(events: &[(Event, Range<usize>)], i: usize) -> (String, usize, usize) {
    let start = events[i].1.start;
    let mut joined = String::new();
    let mut end = start;
    let mut j = i;
    while let Some((Event::Text(t) | Event::Code(t), range)) = events.get(j) {
        if j > i && range.start != end {
            break;
        }
        joined.push_str(t);
        end = range.end;
        j += 1;
    }
    (joined, start, j)
}

/// The URN when the text is one, alone (`*urn:...*`, `URN: \`urn:...\``);
/// URNs inside longer text or code (JSON examples) are not heading URNs.
fn urn_in(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.strip_prefix("URN:").map_or(t, str::trim_start);
    let ok = t.starts_with(URN_PREFIX)
        && !t.contains(char::is_whitespace)
        && !t.contains(['"', '\'', ',']);
    ok.then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_headers_in_both_languages() {
        assert_eq!(classify("**Tilgangspakke**"), Column::Package);
        assert_eq!(classify("Navn fullmaktsgruppe"), Column::Package);
        assert_eq!(classify("Access package"), Column::Package);
        assert_eq!(classify("ER rolle som får fullmakten"), Column::Roles);
        assert_eq!(classify("ER-rolle som får fullmakten"), Column::Roles);
        assert_eq!(classify("Enhetsregisterroller"), Column::Roles);
        assert_eq!(classify("Kan delegeres til ansatte?"), Column::Delegable);
        assert_eq!(classify("Delegable"), Column::Delegable);
        assert_eq!(classify("Kan knytte tjenester til?"), Column::Linkable);
        assert_eq!(classify("Fullmaktsområde"), Column::Other);
        assert_eq!(classify("Kode"), Column::Other);
    }

    #[test]
    fn cells_have_text_and_offsets() {
        let text = "---\nx\n---\n|**A**|[B](x)|\n|---|---|\n| ja|nei|\n";
        let (tables, _) = scan(text, 10);
        let t = &tables[0];
        assert_eq!(t.header[0].text, "A");
        assert_eq!(t.header[1].text, "B");
        assert_eq!(t.rows[0][0].text, "ja");
        assert_eq!(&text[t.rows[0][0].start..t.rows[0][0].start + 2], "ja");
        assert_eq!(&text[t.rows[0][1].start..t.rows[0][1].start + 3], "nei");
    }

    #[test]
    fn finds_urns_under_headings() {
        let text = "### Maskinlesbare hendelser\nTekst.  \n*urn:altinn:accesspackage:x*\n\n## Other\nURN: `urn:altinn:accesspackage:y`\n";
        let (_, urns) = scan(text, 0);
        assert_eq!(urns.len(), 2);
        assert_eq!(urns[0].heading, "Maskinlesbare hendelser");
        assert_eq!(urns[0].urn, "urn:altinn:accesspackage:x");
        assert_eq!(&text[urns[0].urn_offset..urns[0].urn_offset + 4], "urn:");
        assert_eq!(urns[1].heading, "Other");
        assert_eq!(&text[urns[1].urn_offset..urns[1].urn_offset + 4], "urn:");
    }
}
