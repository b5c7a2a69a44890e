//! The catalogue's data: areas, packages, ER role types and grants, and the
//! name lookups the table checks and the renderers share.

use std::collections::{BTreeMap, HashMap};

/// A text in Norwegian Bokmål and, where the catalogue knows it, English.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub nb: String,
    pub en: Option<String>,
}

impl Names {
    /// The text in `lang`; Norwegian when there is no English text.
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en) {
            ("en", Some(en)) => en,
            _ => &self.nb,
        }
    }
}

/// Alternative names per language (former names, accepted spellings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alternatives {
    pub nb: Vec<String>,
    pub en: Vec<String>,
}

impl Alternatives {
    pub fn get(&self, lang: &str) -> &[String] {
        if lang == "en" { &self.en } else { &self.nb }
    }

    /// Every alternative with its language.
    pub fn all(&self) -> impl Iterator<Item = (&'static str, &String)> {
        let nb = self.nb.iter().map(|n| ("nb", n));
        nb.chain(self.en.iter().map(|n| ("en", n)))
    }
}

/// A group of packages ("fullmaktsområde").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// e.g. `accesspackage:area:integrasjoner`.
    pub urn: String,
    pub name: Names,
    pub description: Names,
    /// Altinn's group: Allment, Bransje or Særskilt.
    pub group: String,
    pub former_names: Alternatives,
}

/// An access package ("tilgangspakke").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// e.g. `urn:altinn:accesspackage:maskinporten-scopes`.
    pub urn: String,
    pub name: Names,
    pub description: Names,
    /// Altinn's `isDelegable`.
    pub delegable: bool,
    /// Whether services can be linked to the package ("Kan knytte tjenester
    /// til?"). Not Altinn's `isAssignable` (false for every package, while the
    /// docs say services can be linked to every package): true unless the
    /// overlay says otherwise.
    pub linkable: bool,
    pub former_names: Alternatives,
    /// URN of the area the package belongs to.
    pub area: String,
    /// ER role codes that get the package, in the overlay's order; `None`
    /// when the catalogue does not know (then role lists are not compared).
    pub grants: Option<Vec<String>>,
}

/// An Enhetsregisteret role type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// e.g. `DAGL`.
    pub code: String,
    pub name: Names,
    /// Codes the docs use for this role but the registry does not (`STYR`).
    pub alternative_codes: Vec<String>,
    /// Names the docs use that the registry spells differently.
    pub alternative_names: Alternatives,
}

/// The whole catalogue, with lookups by URN and code.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub areas: Vec<Area>,
    pub packages: Vec<Package>,
    pub roles: Vec<Role>,
    /// Path patterns (relative to the site root) of pages about another
    /// version of the package model: their grants are not compared.
    pub other_versions: Vec<String>,
    package_by_urn: BTreeMap<String, usize>,
    area_by_urn: BTreeMap<String, usize>,
    role_by_code: BTreeMap<String, usize>,
    /// Every name, normalized once: tables look names up cell by cell.
    by_name: HashMap<String, Vec<NameHit>>,
}

/// An entry of the catalogue a name belongs to, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Package(usize),
    Area(usize),
    Role(usize),
}

/// Which of an entry's names a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    /// The current Norwegian name.
    Nb,
    /// The current English name.
    En,
    /// A former name (packages, areas) or accepted spelling (roles), in a language.
    Alternative(&'static str),
}

/// One entry with a given normalized name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    pub entry: Entry,
    pub field: NameField,
}

impl Catalogue {
    /// Builds the lookups; later entries with an existing key are ignored
    /// (the loader reports duplicates before).
    pub fn new(areas: Vec<Area>, packages: Vec<Package>, roles: Vec<Role>) -> Self {
        let mut cat = Catalogue {
            areas,
            packages,
            roles,
            ..Catalogue::default()
        };
        for (i, p) in cat.packages.iter().enumerate() {
            cat.package_by_urn.entry(p.urn.clone()).or_insert(i);
        }
        for (i, a) in cat.areas.iter().enumerate() {
            cat.area_by_urn.entry(a.urn.clone()).or_insert(i);
        }
        for (i, r) in cat.roles.iter().enumerate() {
            cat.role_by_code.entry(r.code.clone()).or_insert(i);
        }
        cat.by_name = name_index(&cat);
        cat
    }

    /// The entries that have `text` (normalized) as one of their names:
    /// packages first, then areas, then roles, each in catalogue order.
    pub fn named(&self, text: &str) -> &[NameHit] {
        self.by_name
            .get(&normalize(text))
            .map_or(&[], Vec::as_slice)
    }

    pub fn package(&self, urn: &str) -> Option<&Package> {
        self.package_by_urn.get(urn).map(|&i| &self.packages[i])
    }

    /// Whether the page at `path` (relative to the site root) describes
    /// another version of the package model.
    pub fn is_other_version(&self, path: &str) -> bool {
        self.other_versions
            .iter()
            .any(|pattern| crate::glob::glob_match(pattern, path))
    }

    pub fn area(&self, urn: &str) -> Option<&Area> {
        self.area_by_urn.get(urn).map(|&i| &self.areas[i])
    }

    pub fn role(&self, code: &str) -> Option<&Role> {
        self.role_by_code.get(code).map(|&i| &self.roles[i])
    }

    /// Packages of an area, in Altinn's order.
    pub fn packages_of<'a>(&'a self, area_urn: &'a str) -> impl Iterator<Item = &'a Package> {
        self.packages.iter().filter(move |p| p.area == area_urn)
    }

    /// An area by URN or by current name in either language (case- and
    /// punctuation-insensitive).
    pub fn find_area(&self, key: &str) -> Option<&Area> {
        self.area(key).or_else(|| {
            self.named(key)
                .iter()
                .find_map(|hit| match (hit.entry, hit.field) {
                    (Entry::Area(i), NameField::Nb | NameField::En) => Some(&self.areas[i]),
                    _ => None,
                })
        })
    }

    /// A package by URN or by current name in either language.
    pub fn find_package(&self, key: &str) -> Option<&Package> {
        self.package(key).or_else(|| {
            self.named(key)
                .iter()
                .find_map(|hit| match (hit.entry, hit.field) {
                    (Entry::Package(i), NameField::Nb | NameField::En) => Some(&self.packages[i]),
                    _ => None,
                })
        })
    }

    /// `Daglig leder (DAGL)`-style label of a role code in `lang`.
    pub fn role_label(&self, code: &str, lang: &str) -> String {
        match self.role(code) {
            Some(role) => format!("{} ({code})", role.name.get(lang)),
            None => code.to_string(),
        }
    }
}

/// Normalized name → the entries with that name, in lookup order.
fn name_index(cat: &Catalogue) -> HashMap<String, Vec<NameHit>> {
    let mut index: HashMap<String, Vec<NameHit>> = HashMap::new();
    let mut add = |entry: Entry, names: &Names, alternatives: &Alternatives| {
        let current = std::iter::once((NameField::Nb, names.nb.as_str()))
            .chain(names.en.as_deref().map(|en| (NameField::En, en)));
        let other = alternatives
            .all()
            .map(|(lang, name)| (NameField::Alternative(lang), name.as_str()));
        for (field, name) in current.chain(other) {
            let hits = index.entry(normalize(name)).or_default();
            let hit = NameHit { entry, field };
            if !hits.contains(&hit) {
                hits.push(hit);
            }
        }
    };
    for (i, p) in cat.packages.iter().enumerate() {
        add(Entry::Package(i), &p.name, &p.former_names);
    }
    for (i, a) in cat.areas.iter().enumerate() {
        add(Entry::Area(i), &a.name, &a.former_names);
    }
    for (i, r) in cat.roles.iter().enumerate() {
        add(Entry::Role(i), &r.name, &r.alternative_names);
    }
    index
}

/// The form names are compared in: lowercase, every run of characters other
/// than letters and digits one space. "Programmeringsgrensesnitt -API" and
/// "Programmeringsgrensesnitt - API" compare equal; "Styret" and "Styrets" do not.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_and_punctuation_only() {
        assert_eq!(
            normalize("Programmeringsgrensesnitt -API"),
            normalize("programmeringsgrensesnitt - API")
        );
        assert_eq!(normalize("  **Styrets  leder** "), "styrets leder");
        assert_ne!(normalize("Styret leder"), normalize("Styrets leder"));
    }

    #[test]
    fn names_fall_back_to_norwegian() {
        let n = Names {
            nb: "Daglig leder".into(),
            en: None,
        };
        assert_eq!(n.get("en"), "Daglig leder");
    }
}
