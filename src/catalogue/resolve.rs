//! What a name written on a page refers to in the catalogue: a package, an
//! area or an ER role, and how it was written (current name, former name,
//! other language, accepted alternative, unknown).

use super::model::{Area, Catalogue, Package, Role, normalize};
use super::suggest;

/// How a package cell was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The current name in the page's language, or the URN.
    Current,
    /// The current name in the other language.
    OtherLanguage,
    /// A former name.
    Former,
}

/// What a package-column cell names.
#[derive(Debug, Clone, Copy)]
pub enum PackageRef<'a> {
    Package(&'a Package, Written),
    /// An area (areas head the package lists of older pages).
    Area(&'a Area, Written),
    Unknown,
}

pub fn package<'a>(cat: &'a Catalogue, text: &str, lang: &str) -> PackageRef<'a> {
    if let Some(p) = cat.package(text.trim()) {
        return PackageRef::Package(p, Written::Current);
    }
    let key = normalize(text);
    for p in &cat.packages {
        if let Some(w) = written(
            &key,
            lang,
            &p.name.nb,
            p.name.en.as_deref(),
            &p.former_names,
        ) {
            return PackageRef::Package(p, w);
        }
    }
    for a in &cat.areas {
        if let Some(w) = written(
            &key,
            lang,
            &a.name.nb,
            a.name.en.as_deref(),
            &a.former_names,
        ) {
            return PackageRef::Area(a, w);
        }
    }
    PackageRef::Unknown
}

fn written(
    key: &str,
    lang: &str,
    nb: &str,
    en: Option<&str>,
    former: &super::model::Alternatives,
) -> Option<Written> {
    let own = if lang == "en" { en.unwrap_or(nb) } else { nb };
    if normalize(own) == key {
        return Some(Written::Current);
    }
    if normalize(nb) == key || en.map(normalize).as_deref() == Some(key) {
        return Some(Written::OtherLanguage);
    }
    former
        .all()
        .any(|(_, f)| normalize(f) == key)
        .then_some(Written::Former)
}

/// The nearest package name (current or former, either language) to `text`,
/// with the package it belongs to.
pub fn package_suggestion<'a>(
    cat: &'a Catalogue,
    text: &str,
    lang: &str,
) -> Option<(String, &'a Package)> {
    let mut names: Vec<(String, &Package)> = Vec::new();
    for p in &cat.packages {
        names.push((p.name.get(lang).to_string(), p));
        names.push((p.name.nb.clone(), p));
        names.extend(p.former_names.all().map(|(_, f)| (f.clone(), p)));
    }
    let best = suggest::nearest(text, names.iter().map(|(n, _)| n.as_str()))?.to_string();
    names.into_iter().find(|(n, _)| *n == best)
}

/// What a role item (a code or a name) names.
#[derive(Debug, Clone, Copy)]
pub enum RoleRef<'a> {
    /// The registry's code, or the catalogue's name in the page's language.
    Exact(&'a Role),
    /// A code or name the catalogue accepts only as an alternative spelling.
    Alternative(&'a Role),
    /// The role's name in the other language.
    OtherLanguage(&'a Role),
    /// Not an ER role; with the nearest role when there is one.
    Unknown(Option<&'a Role>),
}

impl<'a> RoleRef<'a> {
    /// The role the item stands for, or probably means.
    pub fn role(self) -> Option<&'a Role> {
        match self {
            RoleRef::Exact(r) | RoleRef::Alternative(r) | RoleRef::OtherLanguage(r) => Some(r),
            RoleRef::Unknown(r) => r,
        }
    }
}

/// Codes are short and upper case (`DAGL`, `FFØR`).
pub fn looks_like_code(item: &str) -> bool {
    let n = item.chars().count();
    (2..=6).contains(&n) && item.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

pub fn role<'a>(cat: &'a Catalogue, item: &str, lang: &str) -> RoleRef<'a> {
    if looks_like_code(item) {
        return role_by_code(cat, item);
    }
    let key = normalize(item);
    for r in &cat.roles {
        if normalize(r.name.get(lang)) == key {
            return RoleRef::Exact(r);
        }
    }
    for r in &cat.roles {
        if r.alternative_names
            .get(lang)
            .iter()
            .any(|a| normalize(a) == key)
        {
            return RoleRef::Alternative(r);
        }
    }
    for r in &cat.roles {
        let other = normalize(&r.name.nb) == key
            || r.name.en.as_deref().map(normalize).as_deref() == Some(&key);
        if other || r.alternative_names.all().any(|(_, a)| normalize(a) == key) {
            return RoleRef::OtherLanguage(r);
        }
    }
    RoleRef::Unknown(nearest_role_name(cat, item, lang))
}

fn role_by_code<'a>(cat: &'a Catalogue, code: &str) -> RoleRef<'a> {
    if let Some(r) = cat.role(code) {
        return RoleRef::Exact(r);
    }
    if let Some(r) = cat
        .roles
        .iter()
        .find(|r| r.alternative_codes.iter().any(|c| c == code))
    {
        return RoleRef::Alternative(r);
    }
    let best = suggest::nearest(code, cat.roles.iter().map(|r| r.code.as_str()));
    RoleRef::Unknown(best.and_then(|c| cat.role(c)))
}

fn nearest_role_name<'a>(cat: &'a Catalogue, item: &str, lang: &str) -> Option<&'a Role> {
    let mut names: Vec<(&str, &Role)> = Vec::new();
    for r in &cat.roles {
        names.push((r.name.get(lang), r));
        names.extend(
            r.alternative_names
                .get(lang)
                .iter()
                .map(|a| (a.as_str(), r)),
        );
    }
    // then the other language (untranslated tables), page language first
    for r in &cat.roles {
        names.push((&r.name.nb, r));
        names.extend(r.name.en.as_deref().map(|en| (en, r)));
    }
    let best = suggest::nearest(item, names.iter().map(|(n, _)| *n))?;
    names.into_iter().find(|(n, _)| *n == best).map(|(_, r)| r)
}
