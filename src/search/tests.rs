use super::*;

#[test]
fn sections_split_at_headings_with_ids_and_keep_visible_text_only() {
    let html = "<p>Intro &amp; <em>more</em></p>\n<h2 id=\"roller\">Roller i <code>ER</code></h2>\n\
        <ul><li>Daglig leder</li><li>Styreleder</li></ul>\n<script>var x = '<h2 id=no>';</script>\
        <h3>No id</h3><p>Tekst&nbsp;her&#8230;</p><!-- <h2 id=\"c\"> -->";
    let found = sections(html);
    assert_eq!(
        found,
        vec![
            Section {
                anchor: String::new(),
                heading: String::new(),
                text: "Intro & more".into(),
            },
            Section {
                anchor: "roller".into(),
                heading: "Roller i ER".into(),
                text: "Daglig leder Styreleder No id Tekst her…".into(),
            },
        ]
    );
}

#[test]
fn inline_elements_join_words_and_others_separate_them() {
    let text = |html: &str| sections(html).pop().map(|s| s.text).unwrap_or_default();
    for name in [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
        "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
        "var",
    ] {
        assert_eq!(
            text(&format!("<p>Dag<{name}>lig</{name}>e</p>")),
            "Daglige",
            "{name}"
        );
        let upper = name.to_ascii_uppercase();
        assert_eq!(
            text(&format!("Dag<{upper} class=\"x\">lig</{upper}>")),
            "Daglig",
            "{upper}"
        );
    }
    for name in [
        "p", "div", "li", "td", "br", "section", "details", "sp", "spans", "ema",
    ] {
        assert_eq!(
            text(&format!("Dag<{name}>lig</{name}>e")),
            "Dag lig e",
            "{name}"
        );
        assert_eq!(text(&format!("Dag<{name}/>lig")), "Dag lig", "{name}/");
    }
    assert_eq!(text("Dag<span/>lig"), "Daglig");
}

#[test]
fn broken_html_does_not_panic() {
    for html in [
        "<",
        "<h2 id=",
        "<h2 id=\"a\">x",
        "&",
        "&#xZZZ;",
        "<script>",
        "a<!--",
        "<h7 id=a>",
        "&#1114112;",
    ] {
        let _ = sections(html);
    }
}

#[test]
fn norwegian_and_english_words_are_stemmed() {
    let nb = Stemmer::create(Algorithm::Norwegian);
    assert_eq!(stem(&nb, "tilgangene"), stem(&nb, "tilgang"));
    assert_eq!(stem(&nb, "virksomheter"), stem(&nb, "virksomhet"));
    let en = Stemmer::create(Algorithm::English);
    assert_eq!(stem(&en, "packages"), stem(&en, "package"));
    assert_eq!(stem(&en, "delegated"), stem(&en, "delegating"));
    assert_eq!(stem(&en, "v2"), "v2", "words with digits stay as written");
}

#[test]
fn a_document_weighs_its_title_and_headings_above_its_text() {
    let stems = Stems::default();
    let doc = Document::new(
        "nb",
        "/nb/a/",
        "Tilganger",
        "<p>Tilgang og roller.</p><h2 id=\"r\">Roller</h2><p>Mer om roller.</p>",
        &stems,
    );
    let weight = |term: &str| {
        doc.terms
            .iter()
            .find(|(t, _)| stems.text(*t) == term)
            .map(|(_, w)| *w)
    };
    assert_eq!(weight("tilgang"), Some(TITLE_WEIGHT + 1));
    assert_eq!(weight("roll"), Some(HEADING_WEIGHT + 2));
    assert!(doc.terms.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
}

/// Stems are numbered once for all threads: the same page gives the same
/// numbers on any thread, and a word met in two spellings is one term.
#[test]
fn documents_made_on_different_threads_share_the_stem_numbers() {
    let stems = Stems::default();
    let html = "<p>Roller ROLLER roller, rollene og tilgang.</p>";
    let here = Document::new("nb", "/a/", "Roller", html, &stems);
    let there = std::thread::scope(|scope| {
        scope
            .spawn(|| Document::new("nb", "/a/", "Roller", html, &stems))
            .join()
            .expect("the thread")
    });
    assert_eq!(here.terms, there.terms);
    let roll: Vec<u32> = here
        .terms
        .iter()
        .filter(|(t, _)| stems.text(*t) == "roll")
        .map(|(_, w)| *w)
        .collect();
    assert_eq!(roll, [TITLE_WEIGHT + 4], "one term for every spelling");
}

#[test]
fn index_files_cover_every_term_and_document() {
    let (_dir, site) = crate::render::context::test_site(&[
        (
            "site.toml",
            "title = \"T\"\ndefault_language = \"nb\"\ndefault_language_in_subdir = true\n\
             [languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n",
        ),
        ("content/_index.nb.md", "---\ntitle: Hjem\n---\n"),
    ]);
    let stems = Stems::default();
    let docs: Vec<Document> = (0..40)
        .map(|n| {
            Document::new(
                if n % 2 == 0 { "nb" } else { "en" },
                &format!("/x/{n:02}/"),
                &format!("Side {n}"),
                &format!("<p>ord{n} felles</p>"),
                &stems,
            )
        })
        .collect();
    let files = files(&site, docs.iter(), &stems);
    let get = |name: &str| -> serde_json::Value {
        let (_, bytes) = files
            .iter()
            .find(|(rel, _)| rel == name)
            .unwrap_or_else(|| panic!("{name}"));
        serde_json::from_slice(bytes).expect("JSON")
    };
    let index = get("nb/_search/index.json");
    assert_eq!(index["docs"], 20);
    assert_eq!(index["stemmer"], "norwegian");
    assert_eq!(index["chunks"].as_array().map(Vec::len), Some(2));
    let shard = index["shards"][0][1].as_str().expect("a shard");
    let terms = get(&format!("nb/_search/{shard}"));
    assert_eq!(
        terms["fell"].as_array().map(Vec::len),
        Some(40),
        "20 documents, 2 numbers each"
    );
    let chunk = index["chunks"][0].as_str().expect("a chunk");
    let chunk = get(&format!("nb/_search/{chunk}"));
    assert_eq!(chunk[0]["url"], "/x/00/");
    assert_eq!(chunk[0]["sections"][0][2], "ord0 felles");
    assert_eq!(get("en/_search/index.json")["stemmer"], "english");
    assert!(files.iter().all(|(rel, _)| is_index_file(rel)));
}

#[test]
fn words_are_lowercased_runs_of_letters_and_digits() {
    assert_eq!(
        words("Daglig LEDER får tilgang-til API2 ÆØÅ ΟΔΟΣ"),
        [
            "daglig", "leder", "får", "tilgang", "til", "api2", "æøå", "οδος"
        ]
    );
    let long = "a".repeat(41);
    assert!(words(&long).is_empty(), "words longer than 40 are left out");
    assert_eq!(words(&"ø".repeat(40)), ["ø".repeat(40)]);
}

/// `text` appended to `target` with each run of whitespace (as
/// `char::is_whitespace` defines it) as one space, none at the start and
/// never two in a row.
fn by_chars(target: &mut String, text: &str) {
    for (i, piece) in text.split(char::is_whitespace).enumerate() {
        if i > 0 && !target.is_empty() && !target.ends_with(' ') {
            target.push(' ');
        }
        target.push_str(piece);
    }
}

/// `push_collapsed` reads ASCII bytewise; it must still agree with
/// splitting on `char::is_whitespace` for every kind of space.
#[test]
fn whitespace_runs_collapse_as_unicode_defines_them() {
    let texts = [
        "  leading and trailing  ",
        "tab\tnewline\nreturn\r\nvertical\u{0b}tab form\u{0c}feed",
        "no-break\u{a0}space, em\u{2003}space, line\u{2028}separator",
        "ÆØÅ æøå\u{85}next line",
        "",
        " ",
        "one",
    ];
    for start in ["", "text", "text "] {
        for text in texts {
            let (mut fast, mut reference) = (start.to_string(), start.to_string());
            push_collapsed(&mut fast, text);
            by_chars(&mut reference, text);
            assert_eq!(fast, reference, "after {start:?}, appending {text:?}");
        }
    }
    // Random texts of words and every kind of space, after every kind of
    // start.
    let mut runner = proptest::test_runner::TestRunner::default();
    let texts = "([ab\u{e6}\u{1}] | |\t|\n|\r|\u{0b}|\u{a0}|\u{2003}|\u{85}){0,24}";
    for start in ["", "text", "text "] {
        let result = runner.run(&texts, |text| {
            let (mut fast, mut reference) = (start.to_string(), start.to_string());
            push_collapsed(&mut fast, &text);
            by_chars(&mut reference, &text);
            proptest::prop_assert_eq!(fast, reference, "after {:?}, appending {:?}", start, text);
            Ok(())
        });
        if let Err(err) = result {
            panic!("{err}");
        }
    }
}

/// The text between two tags is read a byte at a time, spaces and
/// entities in the same pass: it must come out as the decoded text
/// collapsed by `char::is_whitespace`, and stop at the next tag.
#[test]
fn text_between_tags_is_decoded_and_collapsed_up_to_the_next_tag() {
    let mut runner = proptest::test_runner::TestRunner::default();
    let texts =
        "([ab\u{e6}\u{1}>] | |\t|\n|\r|\u{0b}|\u{a0}|\u{2003}|&amp;|&nbsp;|&#32;|&lt;|&|;){0,24}";
    for start in ["", "text", "text "] {
        for heading in [false, true] {
            let result = runner.run(&(texts, texts), |(text, after)| {
                let mut splitter = Splitter {
                    done: Vec::new(),
                    current: Section::default(),
                    in_heading: heading.then_some(2),
                };
                splitter.target(heading).push_str(start);
                let html = format!("{text}<p>{after}");
                let end = splitter.text(&html, 0);
                proptest::prop_assert_eq!(end, text.len());
                let mut reference = start.to_string();
                by_chars(&mut reference, &crate::render::decode_entities(&text));
                let (read, untouched) = if heading {
                    (&splitter.current.heading, &splitter.current.text)
                } else {
                    (&splitter.current.text, &splitter.current.heading)
                };
                proptest::prop_assert_eq!(
                    read,
                    &reference,
                    "after {:?}, reading {:?}",
                    start,
                    text
                );
                proptest::prop_assert!(untouched.is_empty());
                Ok(())
            });
            if let Err(err) = result {
                panic!("{err}");
            }
        }
    }
}

#[test]
fn words_split_at_any_character_that_is_not_a_letter_or_digit() {
    assert_eq!(
        words("urn:altinn:accesspackage:Regnskap_og-økonomi\u{a0}x²"),
        [
            "urn",
            "altinn",
            "accesspackage",
            "regnskap",
            "og",
            "økonomi",
            "x²"
        ]
    );
    assert_eq!(words("ÅPEN Åpen åpen"), ["åpen", "åpen", "åpen"]);
}

/// `next_word` reads ASCII bytewise and decodes only other characters; the
/// words must still be those between the characters that are not letters
/// or digits.
#[test]
fn written_words_are_the_runs_of_letters_and_digits() {
    fn by_chars(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && w.chars().count() <= MAX_WORD)
            .collect()
    }
    let mut runner = proptest::test_runner::TestRunner::default();
    let texts = "([aZ09_\u{e6}\u{b2}\u{2460}\u{1d7d8}\u{a0}\u{2003}\u{301}-]| |\u{1}){0,30}";
    let result = runner.run(&texts, |text| {
        let mut written = Vec::new();
        for_each_written_word(&text, |word| written.push(word));
        proptest::prop_assert_eq!(written, by_chars(&text), "in {:?}", text);
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}
