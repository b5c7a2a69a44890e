//! Checking one page's package tables and heading URNs against the catalogue.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{Catalogue, Package};
use super::resolve::{self, PackageRef, RoleRef, Written};
use super::tables::{self, Cell, Column, HeadingUrn, Table};
use super::{PackageRow, PageFindings, codes};
use crate::diagnostics::{Diagnostic, LineIndex};

/// What a page says about itself that changes how its tables are judged.
#[derive(Debug, Clone, Default)]
pub struct PageIntent<'a> {
    /// The page's title: when it names an area the catalogue knows no
    /// packages of, the page's package names cannot be checked.
    pub title: &'a str,
    /// The page is tagged `needstranslation`: names in the other language
    /// are one finding for the page, not one per cell.
    pub needs_translation: bool,
    /// The page describes another version of the package model (a scope of
    /// the catalogue overlay): its packages, areas and URNs are that
    /// version's own, and its role lists and flags are not compared with
    /// today's grants. Role codes and names are still checked.
    pub other_version: bool,
    /// The titles of the page's translations, with their languages: the
    /// area a page is about may be named only in one language.
    pub translations: Vec<(&'a str, &'a str)>,
}

/// Checks every package and role table and heading URN of the page `text`
/// (the whole `.md` file; the body starts at `body_offset`) written in
/// `lang`. The same wrong name in several cells of one page is one finding
/// that lists them.
pub fn check_page(
    catalogue: &Catalogue,
    text: &str,
    body_offset: usize,
    lang: &str,
    file: &Path,
    intent: PageIntent<'_>,
) -> PageFindings {
    let titles = std::iter::once((lang, intent.title)).chain(intent.translations.iter().copied());
    // The first title that names anything decides (a page titled with a
    // package is about that package, whatever its translation is called).
    let empty_area = titles
        .map(|(title_lang, title)| resolve::package(catalogue, title, title_lang))
        .find(|named| !matches!(named, PackageRef::Unknown))
        .and_then(|named| match named {
            PackageRef::Area(area, _) => Some(area),
            _ => None,
        })
        .filter(|area| catalogue.packages_of(&area.urn).next().is_none())
        .map(|area| area.name.get(lang).to_string());
    let mut check = Check {
        cat: catalogue,
        text,
        lang,
        file,
        intent,
        empty_area,
        lines: LineIndex::new(text),
        findings: PageFindings::default(),
        folded: BTreeMap::new(),
        other_language_cells: Vec::new(),
        empty_area_reported: false,
    };
    let (tables, urns) = tables::scan(text, body_offset);
    for table in &tables {
        check.table(table);
    }
    for urn in &urns {
        check.heading_urn(urn);
    }
    check.finish()
}

struct Check<'a> {
    cat: &'a Catalogue,
    text: &'a str,
    lang: &'a str,
    file: &'a Path,
    intent: PageIntent<'a>,
    /// The area the page is about, when the catalogue has no packages of it.
    empty_area: Option<String>,
    lines: LineIndex,
    findings: PageFindings,
    /// Findings about one written value, by (code, value): the first one
    /// and the offsets of every cell that has the value.
    folded: BTreeMap<(&'static str, String), (Diagnostic, Vec<usize>)>,
    /// Cells in the other language on a page tagged as needing translation.
    other_language_cells: Vec<usize>,
    /// `empty_area` was reported (once per page).
    empty_area_reported: bool,
}

/// Which column holds what, in a package table.
struct Columns {
    package: usize,
    roles: Option<usize>,
    delegable: Option<usize>,
    linkable: Option<usize>,
}

/// Which columns of a role table hold the code and the names (with the
/// language a name column is in; `None` for the page's language).
struct RoleColumns {
    code: usize,
    names: Vec<(usize, Option<&'static str>)>,
}

/// A role table has a code column and a name column, and no package column.
fn role_columns(header: &[Cell]) -> Option<RoleColumns> {
    if header
        .iter()
        .any(|c| tables::classify(&c.text) == Column::Package)
    {
        return None;
    }
    let code = header
        .iter()
        .position(|c| tables::role_header(&c.text) == Some(tables::RoleHeader::Code))?;
    let names: Vec<(usize, Option<&'static str>)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match tables::role_header(&c.text)? {
            tables::RoleHeader::Name(lang) => Some((i, lang)),
            tables::RoleHeader::Code => None,
        })
        .collect();
    (!names.is_empty()).then_some(RoleColumns { code, names })
}

fn columns(header: &[Cell]) -> Option<Columns> {
    let find = |kind| {
        header
            .iter()
            .position(|c| tables::classify(&c.text) == kind)
    };
    Some(Columns {
        package: find(Column::Package)?,
        roles: find(Column::Roles),
        delegable: find(Column::Delegable),
        linkable: find(Column::Linkable),
    })
}

impl Check<'_> {
    fn diag(&self, error: bool, code: &'static str, offset: usize, message: String) -> Diagnostic {
        let d = if error {
            Diagnostic::error(code, self.file, message)
        } else {
            Diagnostic::warning(code, self.file, message)
        };
        let (line, column) = self.lines.line_col(self.text, offset);
        d.at(line, column)
    }

    fn push(&mut self, d: Diagnostic) {
        self.findings.diagnostics.push(d);
    }

    /// A finding about the value `written` in a cell at `offset`: the same
    /// value in other cells of the page joins the first finding.
    fn push_value(&mut self, d: Diagnostic, written: &str, offset: usize) {
        if d.code == codes::WRONG_LANGUAGE && self.intent.needs_translation {
            self.other_language_cells.push(offset);
            return;
        }
        self.folded
            .entry((d.code, written.to_string()))
            .or_insert_with(|| (d, Vec::new()))
            .1
            .push(offset);
    }

    /// The page's findings, with folded ones listing their cells.
    fn finish(mut self) -> PageFindings {
        for ((_, _), (mut d, offsets)) in std::mem::take(&mut self.folded) {
            if offsets.len() > 1 {
                let lines: Vec<String> = offsets
                    .iter()
                    .map(|&o| self.lines.line_col(self.text, o).0.to_string())
                    .collect();
                d.message = format!(
                    "{} (in {} cells, lines {})",
                    d.message,
                    offsets.len(),
                    lines.join(", ")
                );
                d.occurrences = u32::try_from(offsets.len()).unwrap_or(u32::MAX);
            }
            self.findings.diagnostics.push(d);
        }
        if let Some(&first) = self.other_language_cells.first() {
            let n = self.other_language_cells.len();
            let cells = if n == 1 {
                "1 table cell names".to_string()
            } else {
                format!("{n} table cells name")
            };
            let d = self.diag(
                false,
                codes::NEEDS_TRANSLATION,
                first,
                format!("this page is tagged as needing translation: {cells} packages or roles in the other language"),
            );
            self.findings.diagnostics.push(d.with_help(
                "translate the page, then remove `needstranslation` from its tags".to_string(),
            ));
        }
        self.findings
    }

    fn table(&mut self, table: &Table) {
        if let Some(cols) = role_columns(&table.header) {
            return self.role_table(table, &cols);
        }
        let Some(cols) = columns(&table.header) else {
            return;
        };
        if let (Some(area), false, false) = (
            &self.empty_area,
            self.empty_area_reported,
            self.intent.other_version,
        ) {
            self.empty_area_reported = true;
            let start = table.header.first().map_or(0, |c| c.start);
            let message = format!(
                "the catalogue has no packages of the area '{area}' that this page is about; \
                 its package names are not checked"
            );
            let mut d = self.diag(false, codes::AREA_EMPTY, start, message);
            d.severity = crate::diagnostics::Severity::Info;
            self.push(d.with_help("add the area's packages to Altinn's JSON file"));
        }
        for row in &table.rows {
            if let Some(cell) = row.get(cols.package) {
                self.row(cell, row, &cols);
            }
        }
    }

    /// A table of ER roles (`Kode | Navn`, `Code | Name | Norwegian name`):
    /// every code is a role of the registry, and every name is the
    /// registry's name of its code in the column's language.
    fn role_table(&mut self, table: &Table, cols: &RoleColumns) {
        for row in &table.rows {
            let Some(code) = row.get(cols.code).filter(|c| !c.text.is_empty()) else {
                continue;
            };
            let r = resolve::role(self.cat, &code.text, self.lang);
            self.role_item(&code.text, code.start, r);
            let Some(role) = r.role() else { continue };
            for &(column, lang) in &cols.names {
                let lang = lang.unwrap_or(self.lang);
                let Some(cell) = row.get(column).filter(|c| !c.text.is_empty()) else {
                    continue;
                };
                if lang == "en" && role.name.en.is_none() {
                    continue;
                }
                let right = role.name.get(lang);
                if super::model::normalize(&cell.text) == super::model::normalize(right) {
                    continue;
                }
                let d = self.diag(
                    false,
                    codes::ROLE_NAME,
                    cell.start,
                    format!(
                        "'{}' is not the registry's name of the ER role {}: '{right}'",
                        cell.text, role.code
                    ),
                );
                self.push_value(
                    d.with_help(format!("write '{right}'")),
                    &cell.text,
                    cell.start,
                );
            }
        }
    }

    fn row(&mut self, name: &Cell, row: &[Cell], cols: &Columns) {
        if name.text.is_empty() {
            return;
        }
        if self.intent.other_version {
            return self.roles_only(cols, row);
        }
        let package = match resolve::package(self.cat, &name.text, self.lang) {
            PackageRef::Package(p, written) => {
                self.package_name(name, p, written);
                p
            }
            PackageRef::Area(area, written) => {
                self.roles_only(cols, row);
                if written != Written::Current {
                    let current = area.name.get(self.lang).to_string();
                    let d = self.diag(
                        false,
                        codes::RENAMED_AREA,
                        name.start,
                        format!(
                            "'{}' is a former or other-language name of the area '{current}'",
                            name.text
                        ),
                    );
                    self.push(d.with_help(format!("write '{current}'")));
                }
                return;
            }
            PackageRef::Unknown => {
                self.roles_only(cols, row);
                return self.unknown_package(name);
            }
        };
        let roles = cols
            .roles
            .and_then(|i| row.get(i))
            .map(|cell| self.roles(cell, package));
        self.yes_no(
            cols.delegable.and_then(|i| row.get(i)),
            package.delegable,
            package,
            codes::DELEGABLE_MISMATCH,
            "delegable",
        );
        self.yes_no(
            cols.linkable.and_then(|i| row.get(i)),
            package.linkable,
            package,
            codes::LINKABLE_MISMATCH,
            "open to linked services",
        );
        let (line, column) = self.lines.line_col(self.text, name.start);
        let roles_cell = cols.roles.and_then(|i| row.get(i));
        let (roles_line, roles_column) =
            roles_cell.map_or((line, column), |c| self.lines.line_col(self.text, c.start));
        self.findings.packages.push(PackageRow {
            urn: package.urn.clone(),
            written: name.text.clone(),
            roles,
            offset: name.start,
            line,
            column,
            roles_offset: roles_cell.map(|c| c.start),
            roles_line,
            roles_column,
        });
    }

    fn package_name(&mut self, cell: &Cell, p: &Package, written: Written) {
        let current = p.name.get(self.lang).to_string();
        let d = match written {
            Written::Current => return,
            Written::Former => self.diag(
                false,
                codes::RENAMED_PACKAGE,
                cell.start,
                format!(
                    "'{}' is a former name of the package '{current}'",
                    cell.text
                ),
            ),
            Written::OtherLanguage => {
                let d = self.diag(
                    false,
                    codes::WRONG_LANGUAGE,
                    cell.start,
                    format!(
                        "'{}' is the package's name in the other language; this page is '{}'",
                        cell.text, self.lang
                    ),
                );
                let d = d.with_help(format!("write '{current}' ({})", p.urn));
                return self.push_value(d, &cell.text, cell.start);
            }
        };
        self.push(d.with_help(format!("write '{current}' ({})", p.urn)));
    }

    fn unknown_package(&mut self, cell: &Cell) {
        if self.empty_area.is_some() {
            // The catalogue knows no packages of the page's area: nothing
            // to check the names against (reported once, see `table`).
            return;
        }
        let d = self.diag(
            true,
            codes::UNKNOWN_PACKAGE,
            cell.start,
            format!("unknown package '{}'", cell.text),
        );
        let help = match resolve::package_suggestion(self.cat, &cell.text, self.lang) {
            Some((name, p)) if name == p.name.get(self.lang) => format!("did you mean '{name}'?"),
            Some((name, p)) => format!(
                "did you mean '{name}'? (now '{}', {})",
                p.name.get(self.lang),
                p.urn
            ),
            None => {
                "no package in the catalogue has this name; write a package's current name or URN"
                    .to_string()
            }
        };
        let d = d.with_help(help);
        self.push_value(d, &cell.text, cell.start);
    }

    /// Checks the role items of a row whose package is not known.
    fn roles_only(&mut self, cols: &Columns, row: &[Cell]) {
        if let Some(cell) = cols.roles.and_then(|i| row.get(i)) {
            self.role_items_of(cell);
        }
    }

    /// Checks each role item and the set against the grant; returns the codes.
    fn roles(&mut self, cell: &Cell, package: &Package) -> Vec<String> {
        let listed = self.role_items_of(cell);
        if let Some(grant) = &package.grants
            && !self.intent.other_version
        {
            self.compare_grant(cell, package, &listed, grant);
        }
        listed
    }

    /// Checks each role item of a cell; returns the codes it stands for.
    fn role_items_of(&mut self, cell: &Cell) -> Vec<String> {
        let mut listed = Vec::new();
        for (item, offset) in role_items(self.text, cell) {
            if means_no_role(&item) {
                continue;
            }
            let r = resolve::role(self.cat, &item, self.lang);
            self.role_item(&item, offset, r);
            if let Some(role) = r.role() {
                listed.push(role.code.clone());
            }
        }
        listed
    }

    fn role_item(&mut self, item: &str, offset: usize, r: RoleRef) {
        let lang = self.lang;
        let d = match r {
            RoleRef::Exact(_) => return,
            RoleRef::Alternative(role) => {
                let right = if resolve::looks_like_code(item) {
                    role.code.clone()
                } else {
                    role.name.get(lang).to_string()
                };
                self.diag(
                    false,
                    codes::ROLE_SPELLING,
                    offset,
                    format!(
                        "'{item}' is not the registry's spelling of the ER role {}",
                        self.cat.role_label(&role.code, lang)
                    ),
                )
                .with_help(format!("write '{right}'"))
            }
            RoleRef::OtherLanguage(role) => self
                .diag(
                    false,
                    codes::WRONG_LANGUAGE,
                    offset,
                    format!(
                        "'{item}' is the role's name in the other language; this page is '{lang}'"
                    ),
                )
                .with_help(format!("write '{}' ({})", role.name.get(lang), role.code)),
            RoleRef::Unknown(near) => {
                let d = self.diag(
                    true,
                    codes::UNKNOWN_ROLE,
                    offset,
                    format!("unknown ER role '{item}'"),
                );
                match near {
                    Some(role) if resolve::looks_like_code(item) => d.with_help(format!(
                        "did you mean '{}' ({})?",
                        role.code,
                        role.name.get(lang)
                    )),
                    Some(role) => d.with_help(format!(
                        "did you mean '{}' ({})?",
                        role.name.get(lang),
                        role.code
                    )),
                    None => d.with_help(
                        "use an ER role code (DAGL, LEDE, ...) or the registry's name of the role",
                    ),
                }
            }
        };
        self.push_value(d, item, offset);
    }

    fn compare_grant(
        &mut self,
        cell: &Cell,
        package: &Package,
        listed: &[String],
        grant: &[String],
    ) {
        let missing: Vec<&String> = grant.iter().filter(|c| !listed.contains(c)).collect();
        let mut extra: Vec<&String> = listed.iter().filter(|c| !grant.contains(c)).collect();
        extra.dedup();
        if missing.is_empty() && extra.is_empty() {
            return;
        }
        let label = |codes: &[&String]| {
            codes
                .iter()
                .map(|c| self.cat.role_label(c, self.lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing {}", label(&missing)));
        }
        if !extra.is_empty() {
            parts.push(format!("extra {}", label(&extra)));
        }
        let all: Vec<&String> = grant.iter().collect();
        let message = format!(
            "the roles listed for '{}' differ from the catalogue: {}",
            package.name.get(self.lang),
            parts.join("; ")
        );
        let d = self.diag(true, codes::ROLES_MISMATCH, cell.start, message);
        self.push(d.with_help(format!("the catalogue grants it to: {}", label(&all))));
    }

    fn yes_no(
        &mut self,
        cell: Option<&Cell>,
        expected: bool,
        package: &Package,
        code: &'static str,
        what: &str,
    ) {
        let Some(cell) = cell else { return };
        if self.intent.other_version {
            return;
        }
        let Some(value) = parse_yes_no(&cell.text) else {
            return;
        };
        if value == expected {
            return;
        }
        let right = yes_no_word(expected, self.lang);
        let not = if expected { "" } else { "not " };
        let message = format!(
            "'{}' says '{}', but the catalogue says it is {not}{what}",
            package.name.get(self.lang),
            cell.text
        );
        let d = self.diag(true, code, cell.start, message);
        self.push(d.with_help(format!("write '{right}'")));
    }

    fn heading_urn(&mut self, h: &HeadingUrn) {
        let named = match resolve::package(self.cat, &h.heading, self.lang) {
            PackageRef::Package(p, _) => Some(p),
            _ => None,
        };
        match (self.cat.package(&h.urn), named) {
            (Some(owner), Some(p)) if owner.urn != p.urn => {
                let message = format!(
                    "URN '{}' belongs to '{}', not to '{}'",
                    h.urn,
                    owner.name.get(self.lang),
                    h.heading
                );
                let d = self.diag(true, codes::URN_MISMATCH, h.urn_offset, message);
                self.push(d.with_help(format!(
                    "the URN of '{}' is {}",
                    p.name.get(self.lang),
                    p.urn
                )));
            }
            (Some(_), _) => {}
            (None, _) if self.empty_area.is_some() || self.intent.other_version => {}
            (None, named) => {
                let d = self.diag(
                    true,
                    codes::UNKNOWN_URN,
                    h.urn_offset,
                    format!("URN '{}' is not in the catalogue", h.urn),
                );
                let help = match named {
                    Some(p) => format!("the URN of '{}' is {}", p.name.get(self.lang), p.urn),
                    None => match nearest_urn(self.cat, &h.urn) {
                        Some(u) => format!("did you mean '{u}'?"),
                        None => "write the URN of a package in the catalogue".to_string(),
                    },
                };
                self.push(d.with_help(help));
            }
        }
    }
}

/// The package URN most like `urn`, comparing only what follows the prefix.
fn nearest_urn<'a>(cat: &'a Catalogue, urn: &str) -> Option<&'a str> {
    let tail = |u: &'a str| u.rsplit(':').next().unwrap_or(u);
    let wanted = urn.rsplit(':').next().unwrap_or(urn);
    let best = super::suggest::nearest(wanted, cat.packages.iter().map(|p| tail(&p.urn)))?;
    cat.packages
        .iter()
        .map(|p| p.urn.as_str())
        .find(|u| tail(u) == best)
}

/// The comma-separated items of a roles cell with their offsets in `text`.
fn role_items(text: &str, cell: &Cell) -> Vec<(String, usize)> {
    let source = text.get(cell.start..cell.end).unwrap_or("");
    let mut cursor = 0;
    let mut out = Vec::new();
    for item in cell
        .text
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let offset = match source.get(cursor..).and_then(|s| s.find(item)) {
            Some(i) => {
                cursor += i + item.len();
                cell.start + cursor - item.len()
            }
            None => cell.start,
        };
        out.push((item.to_string(), offset));
    }
    out
}

/// A roles cell item that says no role gets the package: "Ingen", "None", "-".
fn means_no_role(item: &str) -> bool {
    let item = item.trim().trim_end_matches('.').to_lowercase();
    matches!(
        item.as_str(),
        "ingen" | "ingen roller" | "none" | "no roles" | "no role" | "-" | "–" | "—" | "n/a"
    )
}

/// "ja", "Ja", "yes", "Yes" and "nei", "Nei", "no", "No".
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "ja" | "yes" => Some(true),
        "nei" | "no" => Some(false),
        _ => None,
    }
}

fn yes_no_word(value: bool, lang: &str) -> &'static str {
    match (value, lang) {
        (true, "en") => "Yes",
        (false, "en") => "No",
        (true, _) => "Ja",
        (false, _) => "Nei",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_items_tolerate_missing_spaces() {
        let text = "|DAGL, STYR,INNH|";
        let cell = Cell {
            text: "DAGL, STYR,INNH".into(),
            start: 1,
            end: 16,
        };
        let items = role_items(text, &cell);
        let got: Vec<(&str, &str)> = items
            .iter()
            .map(|(i, o)| (i.as_str(), &text[*o..*o + i.len()]))
            .collect();
        assert_eq!(
            got,
            vec![("DAGL", "DAGL"), ("STYR", "STYR"), ("INNH", "INNH")]
        );
    }

    #[test]
    fn yes_and_no_in_both_languages() {
        assert_eq!(parse_yes_no(" Ja"), Some(true));
        assert_eq!(parse_yes_no("No"), Some(false));
        assert_eq!(parse_yes_no("kanskje"), None);
    }
}
