//! The catalogue of Altinn access packages and Enhetsregisteret (ER) role
//! types, and everything checked or rendered from it.
//!
//! It owns: the model ([`model`]: areas, packages, ER roles, which roles get
//! which package), loading it ([`load()`]: Altinn's `accesspackages_hier.json`
//! and `roletypes.json` as they are, plus the site's YAML overlay), finding
//! package tables and heading URNs in a page ([`tables`]), checking them
//! ([`check_page`]), comparing two translations ([`compare_translations`]) and
//! rendering HTML from the catalogue ([`render`]).
//!
//! It knows nothing about how a site is walked, built or written: callers
//! hand it a page's text and language and get [`Diagnostic`]s back.
//!
//! Decisions:
//! - Names are compared after [`model::normalize`] (case, spaces and
//!   punctuation ignored), so "Programmeringsgrensesnitt -API" is the name
//!   "Programmeringsgrensesnitt - API"; "Styret leder" is not "Styrets leder".
//! - A package-column cell that names an area (older pages head their tables
//!   with the area) is not a package: no role or delegability check, and a
//!   former area name is reported as `catalogue-renamed-area`.
//! - A role the page misspells is reported once (`catalogue-unknown-role` with
//!   the nearest role); for the grant comparison it counts as that nearest
//!   role, so the same mistake is not reported again as a missing role.
//! - Packages whose grant the overlay does not give are not compared.
//! - A package name in the page's other language is accepted as that package
//!   but reported as `catalogue-wrong-language` (warning).

pub mod load;
pub mod model;
pub mod render;
pub mod resolve;
pub mod suggest;
pub mod tables;
mod translations;
mod validate;

pub use load::{Loaded, load, load_partial};
pub use model::{Area, Catalogue, Names, Package, Role};
pub use render::{area_packages, package_roles, package_table};
pub use translations::compare_translations;
pub use validate::{PageIntent, check_page, parse_yes_no};

use crate::diagnostics::Diagnostic;

/// The stable diagnostic codes of the catalogue.
pub mod codes {
    /// The catalogue files: YAML/JSON syntax, unknown keys, duplicates,
    /// overlay entries for unknown packages/roles, grants to unknown roles.
    pub const INVALID: &str = "catalogue-invalid";
    pub const UNKNOWN_PACKAGE: &str = "catalogue-unknown-package";
    pub const RENAMED_PACKAGE: &str = "catalogue-renamed-package";
    pub const RENAMED_AREA: &str = "catalogue-renamed-area";
    pub const WRONG_LANGUAGE: &str = "catalogue-wrong-language";
    pub const UNKNOWN_ROLE: &str = "catalogue-unknown-role";
    pub const ROLE_SPELLING: &str = "catalogue-role-spelling";
    pub const ROLES_MISMATCH: &str = "catalogue-roles-mismatch";
    pub const DELEGABLE_MISMATCH: &str = "catalogue-delegable-mismatch";
    pub const LINKABLE_MISMATCH: &str = "catalogue-linkable-mismatch";
    pub const URN_MISMATCH: &str = "catalogue-urn-mismatch";
    pub const UNKNOWN_URN: &str = "catalogue-unknown-urn";
    /// A role table's name is not the registry's name of its code.
    pub const ROLE_NAME: &str = "catalogue-role-name";
    /// The page is about an area the catalogue has no packages of.
    pub const AREA_EMPTY: &str = "catalogue-area-empty";
    /// A page tagged `needstranslation` (one finding for the page).
    pub const NEEDS_TRANSLATION: &str = "page-needs-translation";
    pub const TRANSLATION_PACKAGES_DIFFER: &str = "translation-packages-differ";
    pub const TRANSLATION_ROLES_DIFFER: &str = "translation-roles-differ";
}

/// One table row that names a package: what translation comparison needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRow {
    pub urn: String,
    /// The package cell as written.
    pub written: String,
    /// Role codes listed (misspelt roles as their nearest role); `None` when
    /// the table has no roles column.
    pub roles: Option<Vec<String>>,
    /// Byte offset, line and column of the package cell.
    pub offset: usize,
    pub line: u32,
    pub column: u32,
    /// Byte offset, line and column of the roles cell (the package cell's
    /// line and column when there is none).
    pub roles_offset: Option<usize>,
    pub roles_line: u32,
    pub roles_column: u32,
}

/// What [`check_page`] found on one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageFindings {
    pub diagnostics: Vec<Diagnostic>,
    pub packages: Vec<PackageRow>,
}
