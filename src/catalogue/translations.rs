//! Comparing the package tables of two translations of a page.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::model::Catalogue;
use super::{PackageRow, PageFindings, codes};
use crate::diagnostics::Diagnostic;

/// The nb and en page must list the same packages and, per package, the same
/// roles. A package listed in one page and not the other is reported at its
/// row in the page that lists it; differing roles at the roles cell of `b`
/// (the translation). Pages without any package table are not compared (they
/// may render their table from the catalogue).
pub fn compare_translations(
    a: (&Path, &PageFindings),
    b: (&Path, &PageFindings),
    catalogue: &Catalogue,
) -> Vec<Diagnostic> {
    let (a_file, a) = a;
    let (b_file, b) = b;
    if a.packages.is_empty() || b.packages.is_empty() {
        return Vec::new();
    }
    let mut out = only_in(a_file, a, b_file, b, catalogue);
    out.extend(only_in(b_file, b, a_file, a, catalogue));
    out.extend(roles_differ(a_file, a, b_file, b, catalogue));
    out
}

fn only_in(
    file: &Path,
    page: &PageFindings,
    other_file: &Path,
    other: &PageFindings,
    cat: &Catalogue,
) -> Vec<Diagnostic> {
    let theirs: BTreeSet<&str> = other.packages.iter().map(|r| r.urn.as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for row in page
        .packages
        .iter()
        .filter(|r| !theirs.contains(r.urn.as_str()))
    {
        if !seen.insert(row.urn.as_str()) {
            continue;
        }
        let name = cat
            .package(&row.urn)
            .map_or(row.written.as_str(), |p| p.name.nb.as_str());
        let message = format!(
            "package '{}' is listed here but not in the translation {}",
            row.written,
            other_file.display()
        );
        out.push(
            Diagnostic::error(codes::TRANSLATION_PACKAGES_DIFFER, file, message)
                .at(row.line, row.column)
                .with_help(format!(
                    "add '{name}' ({}) to {} or remove it here",
                    row.urn,
                    other_file.display()
                )),
        );
    }
    out
}

/// Role codes per package, from the rows that have a roles column.
fn role_sets(page: &PageFindings) -> BTreeMap<&str, (BTreeSet<&str>, &PackageRow)> {
    let mut sets = BTreeMap::new();
    for row in &page.packages {
        if let Some(roles) = &row.roles {
            let set: BTreeSet<&str> = roles.iter().map(String::as_str).collect();
            sets.entry(row.urn.as_str()).or_insert((set, row));
        }
    }
    sets
}

fn roles_differ(
    a_file: &Path,
    a: &PageFindings,
    b_file: &Path,
    b: &PageFindings,
    cat: &Catalogue,
) -> Vec<Diagnostic> {
    let a_sets = role_sets(a);
    let mut out = Vec::new();
    for (urn, (b_set, b_row)) in role_sets(b) {
        let Some((a_set, _)) = a_sets.get(urn) else {
            continue;
        };
        if *a_set == b_set {
            continue;
        }
        let label = |codes: Vec<&&str>| {
            codes
                .iter()
                .map(|c| cat.role_label(c, "en"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        let missing: Vec<&&str> = a_set.difference(&b_set).collect();
        let extra: Vec<&&str> = b_set.difference(a_set).collect();
        if !missing.is_empty() {
            parts.push(format!("missing here {}", label(missing)));
        }
        if !extra.is_empty() {
            parts.push(format!("only here {}", label(extra)));
        }
        let message = format!(
            "the roles for '{}' differ from the translation {}: {}",
            b_row.written,
            a_file.display(),
            parts.join("; ")
        );
        let a_codes: Vec<&str> = a_set.iter().copied().collect();
        out.push(
            Diagnostic::error(codes::TRANSLATION_ROLES_DIFFER, b_file, message)
                .at(b_row.roles_line, b_row.roles_column)
                .with_help(format!(
                    "{} lists: {}",
                    a_file.display(),
                    a_codes.join(", ")
                )),
        );
    }
    out
}
