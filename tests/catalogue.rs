//! The catalogue: loading, table checks on the seeds and fixtures,
//! translations and rendering.

use std::path::{Path, PathBuf};

use brygge::catalogue::{self, Catalogue, PageFindings};
use brygge::diagnostics::Diagnostic;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> Catalogue {
    catalogue::load(&root(), Path::new("data/catalogue.yaml")).expect("the bundled catalogue loads")
}

/// Where the body starts: after the closing `---` of the front matter.
fn body_offset(text: &str) -> usize {
    let Some(rest) = text.strip_prefix("---\n") else {
        return 0;
    };
    rest.find("\n---\n").map_or(0, |i| 4 + i + 5)
}

fn check(cat: &Catalogue, text: &str, lang: &str, file: &str) -> PageFindings {
    catalogue::check_page(
        cat,
        text,
        body_offset(text),
        lang,
        Path::new(file),
        catalogue::PageIntent::default(),
    )
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

/// `(code, line, column)` of each finding, by line and column.
fn locs(diags: &[Diagnostic]) -> Vec<(&'static str, u32, u32)> {
    let mut locs: Vec<_> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
    locs.sort_by_key(|&(code, line, column)| (line, column, code));
    locs
}

fn seed(name: &str) -> String {
    let dir = root().join("tests/fixtures/seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/catalogue").join(name)).unwrap()
}

fn find<'a>(diags: &'a [Diagnostic], code: &str, line: u32, column: u32) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.code == code && d.line == line && d.column == column)
        .unwrap_or_else(|| panic!("no {code} at {line}:{column} in {:#?}", lines(diags)))
}

#[test]
fn bundled_catalogue_names_every_area_and_package_in_english() {
    let cat = bundled();
    assert_eq!(cat.areas.len(), 21);
    assert_eq!(cat.packages.len(), 123);
    assert!(cat.areas.iter().all(|a| a.name.en.is_some()));
    assert!(cat.packages.iter().all(|p| p.name.en.is_some()));
    let p = cat
        .package("urn:altinn:accesspackage:maskinporten-scopes-nuf")
        .unwrap();
    assert_eq!(p.grants.as_deref(), Some(&["KNUF".to_string()][..]));
    assert_eq!(cat.role("LEDE").unwrap().name.nb, "Styrets leder");
    assert!(cat.role("STYR").is_none(), "STYR is not an ER code");
}

#[test]
fn seed_000_mistakes_are_found_where_they_are() {
    let text = seed("000_");
    let f = check(&bundled(), &text, "nb", "000.md");
    use catalogue::codes::*;
    assert_eq!(
        locs(&f.diagnostics),
        vec![
            (RENAMED_AREA, 20, 2),
            (RENAMED_PACKAGE, 21, 2),
            (ROLES_MISMATCH, 21, 40),
            (ROLE_SPELLING, 21, 46),
            (UNKNOWN_PACKAGE, 22, 2),
            (ROLES_MISMATCH, 23, 32),
        ]
    );
    // STYR in three rows: one finding that lists its cells.
    let styr = find(&f.diagnostics, ROLE_SPELLING, 21, 46);
    assert!(
        styr.message.ends_with("(in 3 cells, lines 21, 22, 23)"),
        "{}",
        styr.message
    );
    assert_eq!(styr.help.as_deref(), Some("write 'LEDE'"));
    assert_eq!(styr.occurrences, 3, "scripts read the count, not the text");
    let repr = find(&f.diagnostics, ROLES_MISMATCH, 21, 40);
    assert!(
        repr.message
            .ends_with("extra Norsk representant for utenlandsk enhet (REPR)"),
        "{}",
        repr.message
    );
    let renamed = find(&f.diagnostics, RENAMED_PACKAGE, 21, 2);
    assert!(
        renamed
            .help
            .as_deref()
            .unwrap()
            .contains("'Delegerbare Maskinporten scopes'")
    );
    // The area row "Integrasjoner og API-er" is the area, not a package.
    assert!(
        f.packages
            .iter()
            .all(|r| r.written != "Integrasjoner og API-er")
    );
    assert_eq!(f.packages.len(), 2);
}

#[test]
fn seed_001_mistakes_are_found_where_they_are() {
    let text = seed("001_");
    let f = check(&bundled(), &text, "nb", "001.md");
    use catalogue::codes::*;
    // Each misspelling repeats in rows 34-36: one finding each, at its
    // first cell, listing the others.
    let expected = vec![
        (RENAMED_PACKAGE, 13, 3),
        (RENAMED_PACKAGE, 14, 3),
        (UNKNOWN_URN, 20, 2),
        (UNKNOWN_URN, 24, 2),
        (UNKNOWN_URN, 28, 2),
        (RENAMED_PACKAGE, 34, 2),
        (UNKNOWN_ROLE, 34, 48),
        (UNKNOWN_ROLE, 34, 73),
        (UNKNOWN_ROLE, 34, 96),
        (ROLE_SPELLING, 34, 150),
        (UNKNOWN_PACKAGE, 35, 2),
    ];
    assert_eq!(locs(&f.diagnostics), expected);

    let styret = find(&f.diagnostics, UNKNOWN_ROLE, 34, 48);
    assert_eq!(
        styret.message,
        "unknown ER role 'Styret leder' (in 3 cells, lines 34, 35, 36)"
    );
    assert_eq!(
        styret.help.as_deref(),
        Some("did you mean 'Styrets leder' (LEDE)?")
    );
    let fullt = find(&f.diagnostics, UNKNOWN_ROLE, 34, 73);
    assert_eq!(
        fullt.help.as_deref(),
        Some("did you mean 'Deltaker med fullt ansvar' (DTSO)?")
    );
    let typo = find(&f.diagnostics, UNKNOWN_PACKAGE, 35, 2);
    assert_eq!(
        typo.message,
        "unknown package 'Programmeringsgrensensnitt NUF - API'"
    );
    assert!(
        typo.help
            .as_deref()
            .unwrap()
            .starts_with("did you mean 'Programmeringsgrensesnitt NUF - API'?")
    );
    let urn = find(&f.diagnostics, UNKNOWN_URN, 24, 2);
    assert_eq!(
        urn.help.as_deref(),
        Some(
            "the URN of 'Delegerbare Maskinporten scopes - NUF' is urn:altinn:accesspackage:maskinporten-scopes-nuf"
        )
    );
    // Misspelt roles count as the role they mean: no roles-mismatch on top.
    assert!(f.diagnostics.iter().all(|d| d.code != ROLES_MISMATCH));
}

#[test]
fn correct_tables_produce_nothing() {
    let cat = bundled();
    let nb = check(&cat, &fixture("correct.nb.md"), "nb", "correct.nb.md");
    let en = check(&cat, &fixture("correct.en.md"), "en", "correct.en.md");
    assert_eq!(lines(&nb.diagnostics), Vec::<String>::new());
    assert_eq!(lines(&en.diagnostics), Vec::<String>::new());
    assert_eq!(
        nb.packages.len(),
        5,
        "two list rows and three table rows; the area row is not a package"
    );
    let a = (Path::new("correct.nb.md"), &nb);
    let b = (Path::new("correct.en.md"), &en);
    assert_eq!(
        lines(&catalogue::compare_translations(a, b, &cat)),
        Vec::<String>::new()
    );
}

#[test]
fn bundled_current_pages_pass() {
    let cat = bundled();
    let dir = "content/authorization/what-do-you-get/accessgroups/accessgroups/integrasjoner";
    let mut pages = Vec::new();
    for lang in ["nb", "en"] {
        let file = format!("{dir}/_index.{lang}.md");
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let f = check(&cat, &text, lang, &file);
        assert_eq!(lines(&f.diagnostics), Vec::<String>::new());
        assert_eq!(f.packages.len(), 6);
        pages.push((PathBuf::from(file), f));
    }
    let d = catalogue::compare_translations(
        (&pages[0].0, &pages[0].1),
        (&pages[1].0, &pages[1].1),
        &cat,
    );
    assert_eq!(lines(&d), Vec::<String>::new());
}

#[test]
fn wrong_cells_and_urns_are_found() {
    let f = check(
        &bundled(),
        &fixture("mismatch.en.md"),
        "en",
        "mismatch.en.md",
    );
    use catalogue::codes::*;
    assert_eq!(
        locs(&f.diagnostics),
        vec![
            (DELEGABLE_MISMATCH, 7, 32),
            (LINKABLE_MISMATCH, 7, 35),
            (ROLES_MISMATCH, 7, 38),
            (UNKNOWN_ROLE, 8, 82),
            (URN_MISMATCH, 11, 7)
        ]
    );
    let dagll = find(&f.diagnostics, UNKNOWN_ROLE, 8, 82);
    assert_eq!(
        dagll.help.as_deref(),
        Some("did you mean 'DAGL' (General Manager)?")
    );
    assert!(dagll.is_error());
    assert_eq!(
        find(&f.diagnostics, DELEGABLE_MISMATCH, 7, 32)
            .help
            .as_deref(),
        Some("write 'Yes'")
    );
}

#[test]
fn translation_differences_are_found() {
    let cat = bundled();
    let nb = check(&cat, &fixture("correct.nb.md"), "nb", "correct.nb.md");
    let en = check(&cat, &fixture("mismatch.en.md"), "en", "mismatch.en.md");
    let d = catalogue::compare_translations(
        (Path::new("correct.nb.md"), &nb),
        (Path::new("mismatch.en.md"), &en),
        &cat,
    );
    use catalogue::codes::*;
    // The NUF row is only in the nb page; the en page adds REPR.
    assert_eq!(
        locs(&d),
        vec![
            (TRANSLATION_ROLES_DIFFER, 7, 38),
            (TRANSLATION_PACKAGES_DIFFER, 21, 2),
        ]
    );
    assert_eq!(d[0].file, Path::new("correct.nb.md"));
    assert!(
        d[1].message
            .contains("only here Norwegian representative for a foreign entity (REPR)"),
        "{}",
        d[1].message
    );
}

#[test]
fn loading_errors_are_located() {
    let load = |name: &str| {
        catalogue::load(
            &root(),
            &PathBuf::from("tests/fixtures/catalogue").join(name),
        )
        .unwrap_err()
    };
    let unknown = load("unknown_key.yaml");
    assert_eq!(locs(&unknown), vec![("catalogue-invalid", 7, 5)]);
    assert!(unknown[0].message.contains("unknown field `delegable_en`"));

    let syntax = load("syntax.yaml");
    assert_eq!(syntax.len(), 1);
    assert_eq!((syntax[0].line, syntax[0].column), (4, 1), "{}", syntax[0]);
    assert!(
        syntax[0]
            .message
            .contains("while scanning a quoted scalar at line 3 column 10")
    );

    let bad = load("bad_entries.yaml");
    assert_eq!(
        locs(&bad),
        vec![
            ("catalogue-invalid", 6, 19),
            ("catalogue-invalid", 7, 10),
            ("catalogue-invalid", 9, 10),
            ("catalogue-invalid", 12, 11),
        ]
    );
    assert_eq!(bad[3].help.as_deref(), Some("did you mean 'DAGL'?"));
    assert!(bad[0].message.contains("unknown ER role code 'STYR'"));
    assert!(bad[2].message.contains("duplicate overlay entry"));

    let dup = load("dup_json.yaml");
    assert_eq!(locs(&dup), vec![("catalogue-invalid", 9, 68)]);
    assert_eq!(
        dup[0].file,
        Path::new("tests/fixtures/catalogue/dup_packages.json")
    );
}

#[test]
fn renders_from_the_catalogue() {
    let cat = bundled();
    let table = catalogue::package_table(&cat, Some("Integrasjoner"), "en").unwrap();
    assert!(table.contains("<th>Access package</th>"));
    assert!(table.contains("<td>Delegable Maskinporten scopes</td><td>General Manager (DAGL), Chair of the Board (LEDE)"));
    assert!(table.contains("<td>Delegable Maskinporten scopes - NUF</td><td>Contact Person for NUF (KNUF)</td><td>Yes</td>"));
    let by_urn =
        catalogue::package_table(&cat, Some("accesspackage:area:integrasjoner"), "nb").unwrap();
    assert!(
        by_urn.contains(
            "<td>Maskinlesbare hendelser</td><td>Daglig leder (DAGL), Styrets leder (LEDE)"
        )
    );
    let area = catalogue::area_packages(&cat, "Integrations", "en").unwrap();
    assert!(
        area.contains("<li><strong>Machine-readable events</strong>: This access package grants")
    );
    let roles = catalogue::package_roles(&cat, "Maskinlesbare hendelser", "nb").unwrap();
    assert!(roles.starts_with("<ul class=\"catalogue-roles\">\n<li>Daglig leder (DAGL)</li>"));
    let err = catalogue::area_packages(&cat, "Integrasjonr", "nb").unwrap_err();
    assert_eq!(
        err,
        "unknown area 'Integrasjonr'; did you mean 'Integrasjoner'?"
    );
    assert!(
        catalogue::package_roles(&cat, "Skatt næring", "nb")
            .unwrap_err()
            .contains("does not say which ER roles")
    );
    let escaped =
        catalogue::package_table(&cat, Some("Skatt, avgift, regnskap og toll"), "nb").unwrap();
    assert!(!escaped.contains("<td>Krav, betalinger og utlegg</td><td>Daglig"));
}

/// Runs over the Altinn docs corpus when it is there and prints the findings
/// by code (`cargo test --test catalogue corpus -- --nocapture`).
#[test]
fn corpus_findings_by_code() {
    let corpus = root().join("../shared/corpus/altinn-docs");
    if !corpus.join("content").exists() {
        eprintln!("corpus not found; skipped");
        return;
    }
    let overlay = root().join("tests/fixtures/catalogue/altinn-docs.yaml");
    let cat = catalogue::load(&corpus, &overlay).expect("the corpus overlay loads");
    let mut all = Vec::new();
    let mut by_key = std::collections::BTreeMap::new();
    for path in walk(&corpus.join("content")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.to_string_lossy().to_string();
        let lang = if name.ends_with(".en.md") { "en" } else { "nb" };
        let rel = path.strip_prefix(&corpus).unwrap().to_path_buf();
        let f = check(&cat, &text, lang, &rel.to_string_lossy());
        all.extend(f.diagnostics.clone());
        let key = name
            .trim_end_matches(".en.md")
            .trim_end_matches(".nb.md")
            .trim_end_matches(".md")
            .to_string();
        by_key.entry(key).or_insert_with(Vec::new).push((rel, f));
    }
    for pages in by_key.values() {
        if let [(a, fa), (b, fb)] = pages.as_slice() {
            let (nb, en) = if a.to_string_lossy().ends_with(".en.md") {
                ((b, fb), (a, fa))
            } else {
                ((a, fa), (b, fb))
            };
            all.extend(catalogue::compare_translations(
                (nb.0, nb.1),
                (en.0, en.1),
                &cat,
            ));
        }
    }
    let mut counts = std::collections::BTreeMap::new();
    for d in &all {
        *counts.entry(d.code).or_insert(0) += 1;
    }
    println!("{counts:#?}");
    if std::env::var_os("CATALOGUE_DUMP").is_some() {
        for l in lines(&all) {
            println!("{l}");
        }
    }
    assert!(counts.contains_key("catalogue-unknown-role"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The bundled site's proposal page shows today's packages of the area as a
/// table made from the catalogue, in each page's language, and a table
/// that disagrees with the catalogue is reported by the build.
#[test]
fn catalogue_table_shortcode_renders_in_the_page_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = brygge::build::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut engine = brygge::engine::Engine::load(&options, brygge::engine::Mode::default())
        .expect("the bundled site loads");
    let sink = brygge::output::MemorySink::default();
    engine.render_all(&sink).expect("the bundled site renders");
    let page = |rel: &str| {
        let stored = sink.get(&format!("{rel}index.html")).expect("rendered");
        String::from_utf8(stored.bytes().expect("in memory").to_vec()).expect("UTF-8")
    };
    let base = "authorization/modules/accessgroups/type-accessgroups/versjon-2/integrasjon/";
    let nb = page(&format!("nb/{base}"));
    let en = page(&format!("en/{base}"));
    assert!(nb.contains("<table class=\"catalogue-table\">"), "{nb}");
    assert!(
        nb.contains("<td>Delegerbare Maskinporten scopes</td>"),
        "{nb}"
    );
    assert!(nb.contains("Styrets leder (LEDE)"), "{nb}");
    assert!(
        en.contains("<td>Delegable Maskinporten scopes</td>"),
        "{en}"
    );
    assert!(en.contains("Chair of the Board (LEDE)"), "{en}");
    let table_start = en
        .find("<table class=\"catalogue-table\">")
        .expect("a table");
    let table = &en[table_start..table_start + en[table_start..].find("</table>").expect("closed")];
    assert!(
        !table.contains("REPR"),
        "REPR is not granted today: {table}"
    );
    let catalogue_findings: Vec<_> = engine
        .diagnostics()
        .into_iter()
        .filter(|d| d.code.starts_with("catalogue") || d.code.starts_with("translation"))
        .collect();
    assert!(catalogue_findings.is_empty(), "{catalogue_findings:#?}");
}

#[test]
fn one_bad_overlay_entry_costs_only_itself() {
    let file = Path::new("tests/fixtures/catalogue/one_bad_entry.yaml");
    let loaded = catalogue::load_partial(&root(), file);
    let found: Vec<(u32, u32, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                9,
                9,
                "area entry 2 is left out: invalid type: sequence, expected a string"
            ),
            (
                13,
                5,
                "package entry 1 is left out: unknown field `delegable_en`, expected one of `urn`, `en`, `description_en`, `roles`, `former`, `linkable`"
            ),
            (
                21,
                15,
                "package entry 3 is left out: invalid type: string \"sometimes\", expected a boolean"
            ),
            (25, 5, "role entry 2 is left out: missing field `code`"),
        ],
        "{:#?}",
        loaded.diagnostics
    );
    for d in &loaded.diagnostics {
        assert_eq!(d.code, "catalogue-invalid");
        assert_eq!(d.file, file);
    }
    assert_eq!(
        loaded.diagnostics[1].help.as_deref(),
        Some("the other packages are used")
    );
    // Everything else is there: Altinn's files and the good entries.
    let cat = loaded.catalogue.expect("the catalogue is kept");
    assert_eq!(cat.packages.len(), 123);
    let scopes = cat
        .package("urn:altinn:accesspackage:maskinporten-scopes")
        .unwrap();
    assert_eq!(
        scopes.name.en.as_deref(),
        Some("Delegable Maskinporten scopes")
    );
    assert_eq!(scopes.grants.as_deref(), Some(&["DAGL".to_string()][..]));
    let events = cat
        .package("urn:altinn:accesspackage:maskinlesbare-hendelser")
        .unwrap();
    assert_eq!(events.name.en, None, "the bad entry is left out whole");
    assert_eq!(
        cat.area("accesspackage:area:integrasjoner")
            .unwrap()
            .name
            .en
            .as_deref(),
        Some("Integrations")
    );
    assert_eq!(
        cat.role("DAGL").unwrap().name.en.as_deref(),
        Some("General manager")
    );
    // The strict loader still refuses it.
    assert_eq!(
        catalogue::load(&root(), file).unwrap_err().len(),
        loaded.diagnostics.len()
    );
}

#[test]
fn an_unusable_catalogue_is_none_with_its_reason() {
    let file = Path::new("tests/fixtures/catalogue/syntax.yaml");
    let loaded = catalogue::load_partial(&root(), file);
    assert!(loaded.catalogue.is_none());
    assert_eq!(locs(&loaded.diagnostics), vec![("catalogue-invalid", 4, 1)]);
    let missing = catalogue::load_partial(&root(), Path::new("tests/fixtures/catalogue/nope.yaml"));
    assert!(missing.catalogue.is_none());
    assert_eq!(missing.diagnostics.len(), 1);
    assert!(
        missing.diagnostics[0]
            .message
            .starts_with("cannot read the catalogue file: "),
        "{}",
        missing.diagnostics[0]
    );
}

fn check_with(text: &str, lang: &str, intent: catalogue::PageIntent<'_>) -> PageFindings {
    catalogue::check_page(
        &bundled(),
        text,
        body_offset(text),
        lang,
        Path::new("page.md"),
        intent,
    )
}

/// A table of ER roles (`Kode | Navn`): every code must be a role, every
/// name the registry's name of its code in the column's language.
#[test]
fn role_tables_are_checked() {
    let nb = "---\ntitle: Roller\n---\n|Kode|Navn|\n|---|---|\n|DAGL|Daglig leder|\n|LEDE|Styreleder|\n|XYZW|Noe|\n";
    let f = check(&bundled(), nb, "nb", "roles.nb.md");
    use catalogue::codes::*;
    assert_eq!(
        locs(&f.diagnostics),
        vec![(ROLE_NAME, 7, 7), (UNKNOWN_ROLE, 8, 2)]
    );
    let name = find(&f.diagnostics, ROLE_NAME, 7, 7);
    assert_eq!(
        name.message,
        "'Styreleder' is not the registry's name of the ER role LEDE: 'Styrets leder'"
    );
    // An English table with a Norwegian-name column: each in its language.
    let en = "---\ntitle: Roles\n---\n|Code|Name|Norwegian name|\n|---|---|---|\n|DAGL|General Manager|Daglig leder|\n|LEDE|Chair of the Board|Styreleder|\n";
    let f = check(&bundled(), en, "en", "roles.en.md");
    assert_eq!(locs(&f.diagnostics), vec![(ROLE_NAME, 7, 26)]);
}

/// A page tagged `needstranslation` whose tables name packages in the
/// other language: one finding for the page, not one per cell.
#[test]
fn a_page_needing_translation_is_one_finding() {
    let text = "---\ntitle: Integrations\n---\n|Access package|\n|---|\n|Delegerbare Maskinporten scopes|\n|Delegerbare Maskinporten scopes - NUF|\n";
    let plain = check_with(text, "en", catalogue::PageIntent::default());
    let wrong: Vec<_> = plain
        .diagnostics
        .iter()
        .filter(|d| d.code == catalogue::codes::WRONG_LANGUAGE)
        .collect();
    assert_eq!(wrong.len(), 2, "{:#?}", plain.diagnostics);
    let tagged = check_with(
        text,
        "en",
        catalogue::PageIntent {
            needs_translation: true,
            ..Default::default()
        },
    );
    let codes: Vec<_> = tagged.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![catalogue::codes::NEEDS_TRANSLATION]);
    assert!(tagged.diagnostics[0].message.contains("2 table cells"));
}

/// A page about an area the catalogue has no packages of: its package
/// names and URNs cannot be checked, which is said once, also on the
/// translation whose title does not name the area.
#[test]
fn an_area_without_packages_is_said_once_on_each_version() {
    let body = "|Access package|\n|---|\n|Main administrator|\n\n### Main administrator\n*urn:altinn:accesspackage:hovedadministrator*\n";
    let nb = format!("---\ntitle: Administrere tilganger\n---\n{body}");
    let en = format!("---\ntitle: Managing access\n---\n{body}");
    use catalogue::codes::*;
    let alone = check_with(&en, "en", catalogue::PageIntent::default());
    let codes: Vec<_> = alone.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&UNKNOWN_PACKAGE), "{:#?}", alone.diagnostics);
    assert!(codes.contains(&UNKNOWN_URN), "{:#?}", alone.diagnostics);
    for (text, lang, translations) in [
        (&nb, "nb", vec![("en", "Managing access")]),
        (&en, "en", vec![("nb", "Administrere tilganger")]),
    ] {
        let found = check_with(
            text,
            lang,
            catalogue::PageIntent {
                title: if lang == "nb" {
                    "Administrere tilganger"
                } else {
                    "Managing access"
                },
                translations,
                ..Default::default()
            },
        );
        let codes: Vec<_> = found.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![AREA_EMPTY], "{lang}: {:#?}", found.diagnostics);
    }
}

/// A page about another version of the package model is not compared with
/// today's grants and packages (its packages are that version's own); its
/// misspelled roles are still reported.
#[test]
fn another_version_is_not_compared_with_todays_grants() {
    let text = "---\ntitle: Forslag\n---\n|Tilgangspakke|Enhetsregisterroller|Delegerbar|\n|---|---|---|\n|Delegerbare Maskinporten scopes|DAGL, Styret leder|Nei|\n|Plan og byggesaker|DAGL|Ja|\n";
    use catalogue::codes::*;
    let today = check_with(text, "nb", catalogue::PageIntent::default());
    assert!(today.diagnostics.iter().any(|d| d.code == ROLES_MISMATCH));
    assert!(today.diagnostics.iter().any(|d| d.code == UNKNOWN_PACKAGE));
    let other = check_with(
        text,
        "nb",
        catalogue::PageIntent {
            other_version: true,
            ..Default::default()
        },
    );
    let codes: Vec<_> = other.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![UNKNOWN_ROLE], "{:#?}", other.diagnostics);
}

/// "Ingen" (none) in a roles cell says no role gets the package; it is no
/// unknown role.
#[test]
fn no_role_is_not_an_unknown_role() {
    let text = "---\ntitle: Post\n---\n|Tilgangspakke|Enhetsregisterroller|\n|---|---|\n|Delegerbare Maskinporten scopes|Ingen|\n|Delegerbare Maskinporten scopes|Ingenting|\n";
    let found = check_with(text, "nb", catalogue::PageIntent::default());
    let unknown: Vec<_> = found
        .diagnostics
        .iter()
        .filter(|d| d.code == catalogue::codes::UNKNOWN_ROLE)
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(unknown, [(7, "unknown ER role 'Ingenting'")]);
}

/// The overlay scopes pages to another version of the model by path.
#[test]
fn the_overlay_names_pages_about_other_versions() {
    let dir = tempfile::tempdir().expect("folder");
    let overlay = format!(
        "sources:\n  packages: {}\n  roles: {}\nother_versions:\n  - paths: [\"content/a/versjon-*/**\"]\n    note: proposals\n",
        root().join("data/accesspackages_hier.json").display(),
        root().join("data/roletypes.json").display(),
    );
    std::fs::write(dir.path().join("overlay.yaml"), overlay).expect("written");
    let cat = catalogue::load(dir.path(), Path::new("overlay.yaml")).expect("loads");
    assert!(cat.is_other_version("content/a/versjon-2/skatt/_index.nb.md"));
    assert!(!cat.is_other_version("content/a/skatt/_index.nb.md"));
}
