//! brygge: a static documentation-site generator for bilingual Hugo-style
//! content, with checks Hugo does not have.
//!
//! Data flows one way: [`config`] and [`content`] load the site into an index,
//! [`markdown`] and [`render`] turn each page into HTML, [`output`] writes the
//! result. [`build`] runs those stages; every finding is a
//! [`diagnostics::Diagnostic`].

pub mod build;
pub mod catalogue;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod shortcodes;
