//! brygge: a static documentation-site generator for bilingual Hugo-style
//! content, with checks Hugo does not have.
//!
//! Data flows one way: [`config`] and [`content`] load the site into an index,
//! [`markdown`], [`shortcodes`] and [`render`] turn each page into HTML,
//! [`output`] takes the result. The [`engine`] runs those stages page by
//! page and, through [`deps`], keeps the output up to date after a change;
//! [`build`] and [`check`] run it once. Every finding is a
//! [`diagnostics::Diagnostic`].

pub mod assets;
pub mod build;
pub mod catalogue;
pub mod check;
pub mod config;
pub mod content;
pub mod deps;
pub mod diagnostics;
pub mod engine;
pub mod glob;
pub mod links;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod suggest;
