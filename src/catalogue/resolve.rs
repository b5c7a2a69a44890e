//! What a name written on a page refers to in the catalogue: a package, an
//! area or an ER role, and how it was written (current name, former name,
//! other language, accepted alternative, unknown).

use super::model::{Area, Catalogue, Entry, NameField, NameHit, Names, Package, Role};
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
    let hits = cat.named(text);
    if let Some(i) = first(hits, |e| matches!(e, Entry::Package(_))) {
        let p = &cat.packages[i];
        return PackageRef::Package(p, written(hits, Entry::Package(i), lang, &p.name));
    }
    if let Some(i) = first(hits, |e| matches!(e, Entry::Area(_))) {
        let a = &cat.areas[i];
        return PackageRef::Area(a, written(hits, Entry::Area(i), lang, &a.name));
    }
    PackageRef::Unknown
}

/// The position of the first entry of a kind among `hits`.
fn first(hits: &[NameHit], kind: impl Fn(Entry) -> bool) -> Option<usize> {
    hits.iter()
        .map(|hit| hit.entry)
        .filter(|&entry| kind(entry))
        .map(|entry| match entry {
            Entry::Package(i) | Entry::Area(i) | Entry::Role(i) => i,
        })
        .min()
}

/// The fields of `entry` that `hits` matched.
fn fields(hits: &[NameHit], entry: Entry) -> impl Iterator<Item = NameField> + '_ {
    hits.iter()
        .filter(move |hit| hit.entry == entry)
        .map(|hit| hit.field)
}

/// Whether `field` is the entry's current name in `lang` (Norwegian where
/// there is no English name).
fn is_own(field: NameField, lang: &str, names: &Names) -> bool {
    match field {
        NameField::En => lang == "en",
        NameField::Nb => lang != "en" || names.en.is_none(),
        NameField::Alternative(_) => false,
    }
}

/// How a name of `entry` (one of `hits`) was written on a page in `lang`.
fn written(hits: &[NameHit], entry: Entry, lang: &str, names: &Names) -> Written {
    let matched: Vec<NameField> = fields(hits, entry).collect();
    if matched.iter().any(|&f| is_own(f, lang, names)) {
        Written::Current
    } else if matched
        .iter()
        .any(|f| matches!(f, NameField::Nb | NameField::En))
    {
        Written::OtherLanguage
    } else {
        Written::Former
    }
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
    let hits = cat.named(item);
    let role_where = |wanted: &dyn Fn(NameField, &Role) -> bool| {
        let i = first(hits, |entry| match entry {
            Entry::Role(i) => fields(hits, entry).any(|f| wanted(f, &cat.roles[i])),
            _ => false,
        })?;
        Some(&cat.roles[i])
    };
    let own_alternative = if lang == "en" { "en" } else { "nb" };
    if let Some(r) = role_where(&|f, r| is_own(f, lang, &r.name)) {
        return RoleRef::Exact(r);
    }
    if let Some(r) = role_where(&|f, _| f == NameField::Alternative(own_alternative)) {
        return RoleRef::Alternative(r);
    }
    if let Some(r) = role_where(&|_, _| true) {
        return RoleRef::OtherLanguage(r);
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
