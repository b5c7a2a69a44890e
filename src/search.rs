//! Search: a static, per-language index written with the site and read by
//! the browser (`static/brygge-search.js`), with Norwegian and English
//! stemming (Snowball, the same algorithms on both sides).
//!
//! Each page's text is taken from its rendered Markdown while the page is
//! rendered ([`Document::new`], in parallel, a few microseconds a page):
//! split at headings with ids, so a result can link to the section that
//! matched, reduced to weighted stems, and written as the page's entry of
//! its text chunk (JSON) on the same thread. [`files`] then writes, per
//! language, under `{prefix}_search/`:
//!
//! - `index.json`: the number of documents, the stemmer, the term shards
//!   (each with its first term) and the text chunks;
//! - `t{n}.{hash}.json`: a range of terms in sorted order, each with its
//!   postings `[doc, weight, doc, weight, …]` (a prefix search reads only
//!   the shards whose range covers the prefix);
//! - `f{n}.{hash}.json`: the text of [`CHUNK`] documents (URL order), for
//!   titles and excerpts of the results shown.
//!
//! Shards and chunks are named by their content, so a browser may keep
//! them; only `index.json` changes name-less. This module knows nothing of
//! templates or of how files are written.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::config::Config;
use crate::content::{Site, is_ascii_space};
use crate::render::decode_entities;

/// The folder of a language's index, under the language's prefix.
pub const FOLDER: &str = "_search/";

/// The file of a language's index that names the others.
pub const INDEX_FILE: &str = "index.json";

/// Documents per text chunk.
pub const CHUNK: usize = 16;

/// A term shard is closed once its postings take about this many bytes.
const SHARD_BYTES: usize = 48 * 1024;

/// Words longer than this (hashes, base64) are not indexed.
const MAX_WORD: usize = 40;

/// How much a word counts in a page's title and in a heading, against 1
/// in the text.
const TITLE_WEIGHT: u32 = 8;
const HEADING_WEIGHT: u32 = 3;

/// The stems of a site's search documents, numbered: shared by the
/// threads that render pages, so that a document lists its terms by
/// number and each stem's text is kept once, however many pages and
/// threads meet it. Owned by the engine and kept across the preview's
/// rebuilds (a document keeps the numbers it was made with): it holds the
/// distinct stems of the site, a few tens of thousands, and in a preview
/// also those of text since edited away, until a change of configuration
/// loads the site again.
pub struct Stems {
    /// Tells this table's numbers from another table's in the threads'
    /// word caches.
    id: u64,
    table: RwLock<StemTable>,
}

#[derive(Default)]
struct StemTable {
    numbers: FxHashMap<String, u32>,
    texts: Vec<String>,
}

impl Default for Stems {
    fn default() -> Stems {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Stems {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            table: RwLock::default(),
        }
    }
}

impl Stems {
    /// The number of `stem`, given one when it has none.
    fn number(&self, stem: String) -> u32 {
        if let Some(&number) = self.read().numbers.get(&stem) {
            return number;
        }
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(&number) = table.numbers.get(&stem) {
            return number;
        }
        let number = u32::try_from(table.texts.len()).unwrap_or(u32::MAX);
        table.texts.push(stem.clone());
        table.numbers.insert(stem, number);
        number
    }

    /// The text of stem `number` (empty for a number it did not give).
    pub fn text(&self, number: u32) -> String {
        self.read()
            .texts
            .get(number as usize)
            .cloned()
            .unwrap_or_default()
    }

    fn read(&self) -> RwLockReadGuard<'_, StemTable> {
        // The table is only ever added to whole entries, so a panic on
        // another thread cannot leave it half-changed.
        self.table.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One thread's memory of the words it has stemmed, for one algorithm:
/// the same words recur on every page, and a lookup costs less than a
/// stem. Words are kept as written, so that a word needs lowercasing only
/// the first time it is met.
#[derive(Default)]
struct WordCache {
    /// The [`Stems`] the numbers are of.
    table: u64,
    /// A word as written, and the number of its stem.
    words: FxHashMap<String, u32>,
}

/// At most this many words are kept per algorithm and thread.
const WORD_CACHE: usize = 200_000;

/// A thread's word caches (Norwegian, English) and its scratch table of a
/// page's weight of each stem, by number (all zero between pages).
#[derive(Default)]
struct ThreadStems {
    words: [WordCache; 2],
    weights: Vec<u32>,
}

thread_local! {
    static THREAD_STEMS: std::cell::RefCell<ThreadStems> = std::cell::RefCell::default();
}

/// The URL of a language's index folder.
pub fn url(config: &Config, lang: &str) -> String {
    format!("{}{FOLDER}", config.language_prefix(lang))
}

/// Whether an output path (relative to the output folder) is a file of
/// some language's index.
pub fn is_index_file(rel: &str) -> bool {
    rel.starts_with(FOLDER) || rel.contains(&format!("/{FOLDER}"))
}

/// The Snowball algorithm for a language code; English for any language
/// without its own.
pub fn algorithm(lang: &str) -> (Algorithm, &'static str) {
    match lang {
        "nb" | "nn" | "no" => (Algorithm::Norwegian, "norwegian"),
        _ => (Algorithm::English, "english"),
    }
}

/// One part of a page: the text before the first heading (no anchor), or
/// a heading with an id and the text up to the next one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

impl Section {
    /// A section at heading `anchor` (empty for the text before the first
    /// heading), its text still to come: room for a paragraph or two, as
    /// its text grows a piece at a time.
    fn starting(anchor: String) -> Section {
        Section {
            anchor,
            heading: String::with_capacity(64),
            text: String::with_capacity(512),
        }
    }
}

/// What the index keeps of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub lang: String,
    pub url: String,
    /// The page's entry in its text chunk (JSON: its URL, title and
    /// sections), made with the page, on the thread that rendered it.
    pub chunk_entry: Vec<u8>,
    /// Stems, by their number in the [`Stems`] the document was made
    /// with, with their weight; sorted by number.
    pub terms: Vec<(u32, u32)>,
}

impl Document {
    /// The document of a page from its rendered Markdown (`html`), its
    /// stems numbered in `stems`.
    pub fn new(lang: &str, url: &str, title: &str, html: &str, stems: &Stems) -> Document {
        let sections = sections(html);
        let (algorithm, name) = algorithm(lang);
        let stemmer = Stemmer::create(algorithm);
        let slot = usize::from(name == "english");
        let mut terms = THREAD_STEMS.with(|thread| {
            let ThreadStems { words, weights } = &mut *thread.borrow_mut();
            let cache = &mut words[slot];
            if cache.table != stems.id || cache.words.len() >= WORD_CACHE {
                *cache = WordCache {
                    table: stems.id,
                    words: FxHashMap::default(),
                };
            }
            let mut page = PageWeights {
                cache,
                weights,
                touched: Vec::new(),
                stems,
                stemmer: &stemmer,
                lowered: String::new(),
            };
            page.add(title, TITLE_WEIGHT);
            for section in &sections {
                page.add(&section.heading, HEADING_WEIGHT);
                page.add(&section.text, 1);
            }
            page.take()
        });
        terms.sort_unstable();
        // Kept until the index is written: made in a buffer of about its
        // size, not grown (and copied) from a few bytes.
        let text_len: usize = sections
            .iter()
            .map(|s| s.anchor.len() + s.heading.len() + s.text.len() + 16)
            .sum::<usize>()
            + url.len()
            + title.len()
            + 48;
        let mut chunk_entry = Vec::with_capacity(text_len + text_len / 32);
        let entry = ChunkDocument {
            url,
            title,
            sections: sections
                .iter()
                .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
                .collect(),
        };
        if serde_json::to_writer(&mut chunk_entry, &entry).is_err() {
            chunk_entry.clear();
        }
        Document {
            lang: lang.to_string(),
            url: url.to_string(),
            chunk_entry,
            terms,
        }
    }
}

/// The weight of each stem of one page, added up in a thread's scratch
/// table (zero between pages) as the page's words are met, each word
/// looked up as written in the thread's cache before it is stemmed.
struct PageWeights<'a> {
    cache: &'a mut WordCache,
    weights: &'a mut Vec<u32>,
    /// The stems this page has weight for, in the order first met.
    touched: Vec<u32>,
    stems: &'a Stems,
    stemmer: &'a Stemmer,
    lowered: String,
}

impl PageWeights<'_> {
    /// Adds `weight` for each word of `text`.
    fn add(&mut self, text: &str, weight: u32) {
        for_each_written_word(text, |word| {
            let number = match self.cache.words.get(word) {
                Some(&number) => number,
                None => {
                    let stem = stem(self.stemmer, lowercase(word, &mut self.lowered));
                    let number = self.stems.number(stem);
                    self.cache.words.insert(word.to_string(), number);
                    number
                }
            };
            let index = number as usize;
            if self.weights.len() <= index {
                self.weights.resize(index + 1, 0);
            }
            let total = &mut self.weights[index];
            if *total == 0 {
                self.touched.push(number);
            }
            *total = total.saturating_add(weight);
        });
    }

    /// The page's stems with their weights, leaving the scratch table
    /// zero again.
    fn take(self) -> Vec<(u32, u32)> {
        let weights = self.weights;
        self.touched
            .into_iter()
            .map(|number| (number, std::mem::take(&mut weights[number as usize])))
            .collect()
    }
}

/// The words of `text` as the index takes them (see [`for_each_word`]).
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, &mut String::new(), |word| {
        words.push(word.to_string())
    });
    words
}

/// Calls `f` with each word of `text`, lowercased: runs of letters and
/// digits, as `brygge-search.js` splits them. Words already in lower case
/// are passed as they are; others are lowercased into `lowered`.
fn for_each_word(text: &str, lowered: &mut String, mut f: impl FnMut(&str)) {
    for_each_written_word(text, |word| f(lowercase(word, lowered)));
}

/// Calls `f` with each word of `text` as written (see [`for_each_word`]),
/// but for words longer than [`MAX_WORD`] characters, which are skipped.
///
/// Reads ASCII a byte at a time and decodes only other characters: most
/// text is ASCII, and this runs on every word of every page.
fn for_each_written_word<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let mut pos = 0;
    while pos < text.len() {
        let (start, end) = next_word(text, pos);
        pos = end;
        let word = &text[start..end];
        if word.is_empty() || (word.len() > MAX_WORD && word.chars().count() > MAX_WORD) {
            continue;
        }
        f(word);
    }
}

/// `word` in lower case: itself when it is, else lowercased into `buffer`.
fn lowercase<'w>(word: &'w str, buffer: &'w mut String) -> &'w str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buffer.clear();
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
        buffer
    } else if word.chars().flat_map(char::to_lowercase).eq(word.chars()) {
        word
    } else {
        *buffer = word.to_lowercase();
        buffer
    }
}

/// The next word of `text` at or after `from`: its start and end. ASCII
/// is read a byte at a time from a table; only other characters are
/// decoded.
fn next_word(text: &str, from: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut pos = from;
    let start = loop {
        let Some(&byte) = bytes.get(pos) else {
            return (pos, pos);
        };
        if ASCII_WORD[usize::from(byte)] {
            break pos;
        }
        if byte.is_ascii() {
            pos += 1;
            continue;
        }
        let c = text[pos..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            break pos;
        }
        pos += c.len_utf8();
    };
    loop {
        let Some(&byte) = bytes.get(pos) else {
            return (start, pos);
        };
        if ASCII_WORD[usize::from(byte)] {
            pos += 1;
            continue;
        }
        if byte.is_ascii() {
            return (start, pos);
        }
        let c = text[pos..].chars().next().unwrap_or(' ');
        if !c.is_alphanumeric() {
            return (start, pos);
        }
        pos += c.len_utf8();
    }
}

/// The ASCII letters and digits, by byte (false for every byte of another
/// character: those are decoded).
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// A word's stem; words with digits are kept as they are.
pub fn stem(stemmer: &Stemmer, word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        word.to_string()
    } else {
        stemmer.stem(word).into_owned()
    }
}

/// Splits rendered HTML into sections at headings (`h1`–`h6`) with an id,
/// and reduces each to its visible text: tags dropped, entities decoded,
/// blocks separated by a space, `script`, `style` and `template` skipped.
pub fn sections(html: &str) -> Vec<Section> {
    let mut splitter = Splitter {
        done: Vec::new(),
        current: Section::starting(String::new()),
        in_heading: None,
    };
    let bytes = html.as_bytes();
    let mut pos = 0;
    loop {
        let lt = splitter.text(html, pos);
        if lt >= bytes.len() {
            break;
        }
        // A `<` that no `>` closes ends the text.
        let Some(gt) = memchr::memchr(b'>', &bytes[lt + 1..]).map(|i| lt + 1 + i) else {
            break;
        };
        pos = splitter.tag(html, lt, gt);
    }
    splitter.finish()
}

/// [`sections`] under way: the sections before the current one, and
/// whether the text read goes to the current heading or its text.
struct Splitter {
    done: Vec<Section>,
    current: Section,
    /// The level of the heading being read.
    in_heading: Option<u8>,
}

impl Splitter {
    /// Reads the text at `from` up to the next tag (or the end), and
    /// returns where that tag starts. Whitespace runs become one space,
    /// copied text goes over in pieces between them, and a lone space
    /// between two words stays in its piece (most text has only those).
    fn text(&mut self, html: &str, from: usize) -> usize {
        let bytes = html.as_bytes();
        let target = self.target(self.in_heading.is_some());
        let mut run = from;
        let mut pos = from;
        while let Some(&byte) = bytes.get(pos) {
            match TEXT_BYTES[usize::from(byte)] {
                TextByte::Plain => pos += 1,
                TextByte::Space => {
                    if byte == b' '
                        && pos > run
                        && bytes
                            .get(pos + 1)
                            .is_some_and(|&b| TEXT_BYTES[usize::from(b)] == TextByte::Plain)
                    {
                        pos += 2;
                        continue;
                    }
                    target.push_str(&html[run..pos]);
                    push_space(target);
                    pos += 1;
                    run = pos;
                }
                TextByte::TagStart => break,
                TextByte::Entity => {
                    // The rest of this text, decoded at once (a decoded
                    // character may be a space, or a `<`).
                    target.push_str(&html[run..pos]);
                    let end = memchr::memchr(b'<', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
                    push_collapsed(target, &decode_entities(&html[pos..end]));
                    return end;
                }
                TextByte::Other => {
                    let c = html[pos..].chars().next().unwrap_or('x');
                    if c.is_whitespace() {
                        target.push_str(&html[run..pos]);
                        push_space(target);
                        run = pos + c.len_utf8();
                    }
                    pos += c.len_utf8();
                }
            }
        }
        target.push_str(&html[run..pos]);
        pos
    }

    /// Reads the tag between `lt` (its `<`) and `gt` (its `>`), and
    /// returns where the text after it starts.
    fn tag(&mut self, html: &str, lt: usize, gt: usize) -> usize {
        let tag = &html[lt + 1..gt];
        let tag_bytes = tag.as_bytes();
        if let Some(b'!' | b'?') = tag_bytes.first() {
            if tag_bytes.starts_with(b"!--") && !tag_bytes.ends_with(b"--") {
                return html[lt..].find("-->").map_or(html.len(), |i| lt + i + 3);
            }
            return gt + 1;
        }
        let closing = tag_bytes.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_end = tag_bytes[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/')
            .map_or(tag.len(), |i| name_start + i);
        let raw_name = &tag[name_start..name_end];
        let lowered;
        let name = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = raw_name.to_ascii_lowercase();
            lowered.as_str()
        } else {
            raw_name
        };
        if !closing && matches!(name.as_bytes(), b"script" | b"style" | b"template") {
            let end = format!("</{name}");
            return find_ascii_ci(html.as_bytes(), gt + 1, end.as_bytes()).unwrap_or(html.len());
        }
        match (closing, heading_level(name)) {
            (false, Some(level)) => match attribute(tag, "id").filter(|id| !id.is_empty()) {
                Some(id) => {
                    let previous = std::mem::replace(&mut self.current, Section::starting(id));
                    self.done.push(previous);
                    self.in_heading = Some(level);
                }
                // A heading without an id separates words in the text.
                None => push_space(self.target(false)),
            },
            (true, Some(level)) if self.in_heading == Some(level) => self.in_heading = None,
            _ => {
                if !is_inline(name) {
                    push_space(self.target(self.in_heading.is_some()));
                }
            }
        }
        gt + 1
    }

    /// The current section's heading or its text.
    fn target(&mut self, heading: bool) -> &mut String {
        if heading {
            &mut self.current.heading
        } else {
            &mut self.current.text
        }
    }

    /// The sections with text, each without the space it may end with.
    fn finish(self) -> Vec<Section> {
        let mut sections = self.done;
        sections.push(self.current);
        for section in &mut sections {
            trim_end_space(&mut section.heading);
            trim_end_space(&mut section.text);
        }
        sections.retain(|s| !(s.anchor.is_empty() && s.heading.is_empty() && s.text.is_empty()));
        sections
    }
}

/// What a byte of text between tags is to [`Splitter::text`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextByte {
    /// ASCII, kept as it is.
    Plain,
    /// ASCII whitespace.
    Space,
    /// `<`.
    TagStart,
    /// `&`.
    Entity,
    /// A byte of a character outside ASCII.
    Other,
}

/// [`TextByte`], by byte.
static TEXT_BYTES: [TextByte; 256] = {
    let mut table = [TextByte::Other; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            b'<' => TextByte::TagStart,
            b'&' => TextByte::Entity,
            b if is_ascii_space(b) => TextByte::Space,
            _ => TextByte::Plain,
        };
        byte += 1;
    }
    table
};

/// One space at the end of `target`, unless it is empty or ends with one.
fn push_space(target: &mut String) {
    if !target.is_empty() && !target.ends_with(' ') {
        target.push(' ');
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] => Some(level - b'0'),
        _ => None,
    }
}

/// Elements that do not separate words. Matched as bytes: the compiler
/// tests them a byte at a time, where `str` patterns would compare each
/// name of the same length in turn (this runs for every tag of every page).
fn is_inline(name: &str) -> bool {
    matches!(
        name.as_bytes(),
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"u"
            | b"var"
    )
}

/// The value of attribute `name` in a start tag's text, decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        rest = after;
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let raw = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(raw));
    }
    None
}

/// Appends `text` with each run of whitespace as one space, never two
/// spaces in a row and none at the start of `target`. Text between such
/// runs is copied in one piece, and a lone space between two words is
/// part of it (most text has only those); only non-ASCII characters are
/// decoded.
fn push_collapsed(target: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        let byte = bytes[pos];
        if is_word_byte(byte) {
            pos += 1;
            continue;
        }
        // A space after a word of this run and before another word stays.
        if byte == b' ' && pos > run && bytes.get(pos + 1).is_some_and(|&b| is_word_byte(b)) {
            pos += 2;
            continue;
        }
        let (space, width) = if byte.is_ascii() {
            (true, 1)
        } else {
            let c = text[pos..].chars().next().unwrap_or('x');
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            target.push_str(&text[run..pos]);
            push_space(target);
            run = pos + width;
        }
        pos += width;
    }
    target.push_str(&text[run..]);
}

/// An ASCII byte that is not whitespace.
fn is_word_byte(byte: u8) -> bool {
    ASCII_NOT_SPACE[usize::from(byte)]
}

/// [`is_word_byte`], by byte.
static ASCII_NOT_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = !is_ascii_space(byte as u8);
        byte += 1;
    }
    table
};

/// Removes the one space `push_collapsed` may leave at the end.
fn trim_end_space(text: &mut String) {
    if text.ends_with(' ') {
        text.pop();
    }
}

/// The first position at or after `from` where `needle` (ASCII) occurs,
/// ignoring ASCII case.
fn find_ascii_ci(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

/// The index files of every language: (output path, bytes).
pub fn files<'a>(
    site: &Site,
    documents: impl Iterator<Item = &'a Document>,
    stems: &Stems,
) -> Vec<(String, Vec<u8>)> {
    let mut by_lang: HashMap<&str, Vec<&Document>> = HashMap::new();
    for document in documents {
        by_lang.entry(&document.lang).or_default().push(document);
    }
    let config = &site.config;
    let stems = stems.read();
    let languages: Vec<(&str, Vec<&Document>)> = config
        .languages
        .iter()
        .map(|lang| {
            let code = lang.code.as_str();
            (code, by_lang.remove(code).unwrap_or_default())
        })
        .collect();
    // Each language's index is independent of the others'.
    languages
        .into_par_iter()
        .flat_map_iter(|(code, mut documents)| {
            documents.sort_by(|a, b| a.url.cmp(&b.url));
            let folder = config.output_rel(&url(config, code));
            language_files(code, &folder, &documents, &stems.texts)
        })
        .collect()
}

/// `index.json` of one language.
#[derive(Serialize)]
struct IndexFile<'a> {
    version: u32,
    lang: &'a str,
    stemmer: &'a str,
    docs: usize,
    chunk: usize,
    /// (first term, file name), in term order.
    shards: Vec<(String, String)>,
    /// File names, by chunk number.
    chunks: Vec<String>,
}

/// One document in a text chunk.
#[derive(Serialize)]
struct ChunkDocument<'a> {
    url: &'a str,
    title: &'a str,
    /// (anchor, heading, text)
    sections: Vec<(&'a str, &'a str, &'a str)>,
}

/// The files of one language's index; `stems` are the stems' texts by
/// number.
fn language_files(
    lang: &str,
    folder: &str,
    documents: &[&Document],
    stems: &[String],
) -> Vec<(String, Vec<u8>)> {
    // Postings by stem number (the numbers are dense: every stem of the
    // site has one).
    let mut postings: Vec<Vec<u32>> = Vec::new();
    postings.resize_with(stems.len(), Vec::new);
    for (n, document) in documents.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        for &(term, weight) in &document.terms {
            if let Some(list) = postings.get_mut(term as usize) {
                list.push(n);
                list.push(weight);
            }
        }
    }
    let mut terms: Vec<(&str, Vec<u32>)> = stems
        .iter()
        .zip(postings)
        .filter(|(_, list)| !list.is_empty())
        .map(|(text, list)| (text.as_str(), list))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut files = Vec::new();
    let mut shards = Vec::new();
    let mut shard: Vec<u8> = Vec::new();
    let mut first = String::new();
    let mut close = |shard: &mut Vec<u8>, first: &str, files: &mut Vec<(String, Vec<u8>)>| {
        shard.push(b'}');
        let name = format!("t{}.{}.json", shards.len(), short_hash(shard));
        shards.push((first.to_string(), name.clone()));
        files.push((format!("{folder}{name}"), std::mem::take(shard)));
    };
    let mut number = itoa::Buffer::new();
    for (term, list) in &terms {
        if shard.is_empty() {
            shard.reserve(SHARD_BYTES + SHARD_BYTES / 4);
            shard.push(b'{');
            first = (*term).to_string();
        } else {
            shard.push(b',');
        }
        if serde_json::to_writer(&mut shard, term).is_err() {
            shard.extend_from_slice(b"\"\"");
        }
        shard.extend_from_slice(b":[");
        for (i, n) in list.iter().enumerate() {
            if i > 0 {
                shard.push(b',');
            }
            shard.extend_from_slice(number.format(*n).as_bytes());
        }
        shard.push(b']');
        if shard.len() >= SHARD_BYTES {
            close(&mut shard, &first, &mut files);
        }
    }
    if !shard.is_empty() {
        close(&mut shard, &first, &mut files);
    }

    let mut chunks = Vec::new();
    for (n, group) in documents.chunks(CHUNK).enumerate() {
        // A JSON array of the documents' entries.
        let size = group.iter().map(|d| d.chunk_entry.len() + 1).sum::<usize>() + 1;
        let mut bytes = Vec::with_capacity(size);
        for document in group {
            bytes.push(if bytes.is_empty() { b'[' } else { b',' });
            bytes.extend_from_slice(&document.chunk_entry);
        }
        bytes.push(b']');
        let name = format!("f{n}.{}.json", short_hash(&bytes));
        chunks.push(name.clone());
        files.push((format!("{folder}{name}"), bytes));
    }

    let index = IndexFile {
        version: 1,
        lang,
        stemmer: algorithm(lang).1,
        docs: documents.len(),
        chunk: CHUNK,
        shards,
        chunks,
    };
    let bytes = serde_json::to_vec(&index).unwrap_or_default();
    files.push((format!("{folder}{INDEX_FILE}"), bytes));
    files
}

fn short_hash(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:08x}", hasher.finish() as u32)
}

#[cfg(test)]
mod tests;
