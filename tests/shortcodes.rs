//! Shortcodes as a reader and a writer see them: the rendered HTML of the
//! page (read from the built output), the diagnostics the binary prints
//! (`file:line:col: severity[code]: message`) and its exit code.

mod common;

use common::{BILINGUAL, Built, TestSite, assert_contains, assert_in_order, assert_lacks, between};

/// A page file with this title and optional extra front matter lines.
fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// A page with a table of contents.
fn toc_page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ntoc: true\n---\n{body}")
}

/// A bilingual site with home pages and these extra files.
fn site(files: &[(&str, &str)]) -> TestSite {
    let home_nb = page("Hjem", "");
    let home_en = page("Home", "");
    let mut all: Vec<(&str, &str)> = vec![
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &home_nb),
        ("content/_index.en.md", &home_en),
    ];
    all.extend_from_slice(files);
    TestSite::new(&all)
}

/// The page body: the `<div class="content">` of the layout, up to its
/// matching `</div>`.
fn content(html: &str) -> &str {
    let open = "<div class=\"content\">";
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in:\n{html}"));
    let mut depth = 0usize;
    let mut i = start;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<div") {
            depth += 1;
            i += 4;
        } else if rest.starts_with("</div>") {
            depth -= 1;
            i += 6;
            if depth == 0 {
                return &html[start..i];
            }
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    panic!("{open} is never closed in:\n{html}")
}

/// The table of contents of a page, or "" without one.
fn toc(html: &str) -> &str {
    if html.contains("<nav id=\"TableOfContents\">") {
        between(html, "<nav id=\"TableOfContents\">", "</nav>")
    } else {
        ""
    }
}

/// The printed diagnostics with this code.
fn printed(built: &Built, code: &str) -> Vec<String> {
    built
        .with_code(code)
        .iter()
        .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
        .collect()
}

/// Builds with the binary and returns (exit code, stderr).
fn run_build(site: &TestSite) -> (Option<i32>, String) {
    let run = site.run(&["build"]);
    (run.code, run.stderr)
}

const SECTION_MD: &str = "## {{ pos[0] }}\n\nText under {{ pos[0] }}.\n";

// 1. Markdown notation and standard notation

#[test]
fn markdown_notation_output_is_part_of_the_page_and_its_toc() {
    let site = site(&[
        ("templates/shortcodes/section.md", SECTION_MD),
        (
            "content/toc.nb.md",
            &toc_page(
                "Innhold",
                "## Start\n\n{{% section \"Hei verden\" %}}\n\n{{% notice warning %}}\n## Inne i boksen\n\nTekst.\n{{% /notice %}}\n\n## Slutt\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/toc/");
    let body = content(&html);
    assert_in_order(
        body,
        &[
            "<h2 id=\"start\">Start</h2>",
            "<h2 id=\"hei-verden\">Hei verden</h2>",
            "<p>Text under Hei verden.</p>",
            "<div class=\"notice notice-warning\">",
            "<h2 id=\"inne-i-boksen\">Inne i boksen</h2>",
            "<h2 id=\"slutt\">Slutt</h2>",
        ],
    );
    let toc = toc(&html);
    assert_in_order(
        toc,
        &[
            "<a href=\"#start\">Start</a>",
            "<a href=\"#hei-verden\">Hei verden</a>",
            "<a href=\"#slutt\">Slutt</a>",
        ],
    );
    assert_lacks(toc, "inne-i-boksen");
}

#[test]
fn inner_content_of_notice_is_its_own_document_for_heading_ids() {
    // The same heading on the page and inside a notice: Hugo gives both the
    // id `samme` (the notice has its own id counter), not `samme-1`.
    let site = site(&[(
        "content/ids.nb.md",
        &toc_page(
            "Ider",
            "## Samme\n\n{{% notice info %}}\n## Samme\n{{% /notice %}}\n\n## Samme\n",
        ),
    )]);
    site.build();
    let html = site.page("/nb/ids/");
    let body = content(&html);
    assert_in_order(
        body,
        &[
            "<h2 id=\"samme\">Samme</h2>",
            "<div class=\"notice-body\"><h2 id=\"samme\">Samme</h2>",
            "<h2 id=\"samme-1\">Samme</h2>",
        ],
    );
    assert_eq!(toc(&html).matches("<li>").count(), 2, "{}", toc(&html));
}

#[test]
fn standard_notation_of_a_markdown_template_is_rendered_separately() {
    // `{{< >}}` output is inserted after Markdown rendering: a `.md`
    // template's heading is still rendered but does not reach the TOC.
    let site = site(&[
        ("templates/shortcodes/section.md", SECTION_MD),
        (
            "content/std.nb.md",
            &toc_page("Std", "## Side\n\n{{< section \"Utenfor\" >}}\n"),
        ),
    ]);
    site.build();
    let html = site.page("/nb/std/");
    assert_contains(content(&html), "<h2 id=\"utenfor\">Utenfor</h2>");
    assert_contains(toc(&html), "#side");
    assert_lacks(toc(&html), "utenfor");
}

// 2. Nesting

#[test]
fn notice_nested_in_expandlarge() {
    let site = site(&[(
        "content/nest.nb.md",
        &page(
            "Nest",
            "{{< expandlarge id=\"x\" header=\"H\" >}}\n{{% notice warning %}}**bold**{{% /notice %}}\n{{< /expandlarge >}}\n\nEtter.\n",
        ),
    )]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/nest/");
    insta::assert_snapshot!("notice_in_expandlarge", content(&html));
}

#[test]
fn template_sees_the_position_of_its_call() {
    let site = site(&[
        (
            "templates/shortcodes/where.html",
            "<code class=\"where\">{{ position }}</code>",
        ),
        (
            "templates/shortcodes/outer.html",
            "{% include \"shortcodes/where.html\" %}",
        ),
        // A component reads `position` from its caller's variables.
        (
            "templates/partials/at.html",
            "{% component at(@position) %}<code class=\"where\">{{ position }}</code>{% endcomponent at %}",
        ),
        ("templates/shortcodes/comp.html", "{{<at />}}"),
        (
            "content/pos.nb.md",
            &page(
                "Posisjon",
                "Tekst.\n\nHer: {{< where >}} og {{< outer >}}\n{{< comp >}}\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let body = site.page("/nb/pos/");
    // The front matter takes lines 1-3; the calls are on line 6, at
    // columns 6 and 23, and on line 7.
    let file = std::path::Path::new("content").join("pos.nb.md");
    let file = file.display();
    assert_in_order(
        content(&body),
        &[
            &format!("<code class=\"where\">{file}:6:6</code>"),
            &format!("<code class=\"where\">{file}:6:23</code>"),
            &format!("<code class=\"where\">{file}:7:1</code>"),
        ],
    );
}

#[test]
fn child_template_sees_its_parent() {
    let site = site(&[
        (
            "templates/shortcodes/wrapper.html",
            "<div class=\"wrapper\">{{ inner_html | safe }}</div>",
        ),
        (
            "templates/shortcodes/child.html",
            "<span class=\"child\">{% if parent %}{{ parent.name }}/{{ parent.args.kind }}{% else %}alone{% endif %}</span>",
        ),
        (
            "content/parent.nb.md",
            &page(
                "Foreldre",
                "{{< wrapper kind=\"boks\" >}}\nI {{< child >}} her.\n{{< /wrapper >}}\n\nUte: {{< child >}}\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let body = site.page("/nb/parent/");
    assert_in_order(
        content(&body),
        &[
            "<div class=\"wrapper\"><p>I <span class=\"child\">wrapper/boks</span> her.</p>",
            "</div>",
            "<p>Ute: <span class=\"child\">alone</span></p>",
        ],
    );
}

#[test]
fn template_sees_each_value_of_its_call_it_names_directly_or_through_an_include() {
    // Only what a template names is put in its context: each name must
    // still reach a template that reads it, alone or beside the others,
    // and one that includes another.
    const ALL: &str = "<span class=\"all\">{{ name }}|{{ args.k }}|{{ pos | length }}|{{ inner | trim }}|{{ inner_html | trim | safe }}|{{ has_inner }}|{{ ordinal }}|{{ lang }}|{{ page.title }}|{{ site.title }}</span>";
    let site = site(&[
        ("templates/shortcodes/all.html", ALL),
        (
            "templates/shortcodes/via.html",
            "{% include \"shortcodes/all.html\" %}",
        ),
        ("templates/shortcodes/ord.html", "<i>{{ ordinal }}</i>"),
        ("templates/shortcodes/has.html", "<b>{{ has_inner }}</b>"),
        ("templates/shortcodes/nm.html", "<u>{{ name }}</u>"),
        (
            "content/all.nb.md",
            &page(
                "Alt",
                "{{< all k=\"v\" >}}*inn*{{< /all >}}\n\n{{< via k=\"w\" >}}\n\n{{< ord >}} {{< ord >}} {{< has >}}x{{< /has >}} {{< nm >}}\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let body = site.page("/nb/all/");
    assert_in_order(
        content(&body),
        &[
            "<span class=\"all\">all|v|0|*inn*|<p><em>inn</em></p>|true|0|nb|Alt|",
            "<span class=\"all\">via|w|0|||false|0|nb|Alt|",
            "<i>0</i> <i>1</i> <b>true</b> <u>nm</u>",
        ],
    );
}

#[test]
fn template_that_spreads_a_value_or_calls_a_component_spaced_gets_what_it_reads() {
    let site = site(&[
        (
            "templates/partials/card.html",
            "{% component card(@args) %}<b class=\"card\">{{ args.k }}</b>{% endcomponent card %}",
        ),
        ("templates/shortcodes/spaced.html", "{{ <card /> }}"),
        (
            "templates/shortcodes/spread.html",
            "{% set a = {...args} %}<i class=\"spread\">{{ a.k }}</i>",
        ),
        (
            "content/s.nb.md",
            &page("S", "{{< spaced k=\"v\" >}} og {{< spread k=\"w\" >}}\n"),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let body = site.page("/nb/s/");
    assert_contains(
        content(&body),
        "<b class=\"card\">v</b> og <i class=\"spread\">w</i>",
    );
}

// 3. Arguments

const SHOW: &str = "<span class=\"show\">{% for p in pos %}[{{ p }}:{% if p is number %}n{% elif p is string %}s{% else %}b{% endif %}]{% endfor %}{% for k, v in args %}[{{ k }}={{ v }}:{% if v is number %}n{% elif v is string %}s{% else %}b{% endif %}]{% endfor %}</span>";

#[test]
fn positional_arguments_quoted_numbers_and_booleans() {
    let site = site(&[
        ("templates/shortcodes/show.html", SHOW),
        (
            "content/args.nb.md",
            &page(
                "Args",
                "P: {{< show \"a \\\"sitert\\\" b\" 42 true 1.5 \"true\" >}}\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    assert_contains(
        content(&site.page("/nb/args/")),
        "<p>P: <span class=\"show\">[a &quot;sitert&quot; b:s][42:n][true:b][1.5:n][true:s]</span></p>",
    );
}

#[test]
fn named_arguments_and_a_call_over_several_lines() {
    let site = site(&[
        ("templates/shortcodes/show.html", SHOW),
        (
            "content/args.nb.md",
            &page(
                "Args",
                "N: {{< show title=\"Hei du\" count=3 flag=false >}}\n\nM: {{< show\n    title=\"To\"\n    flag=true\n>}}\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/args/");
    let body = content(&html);
    assert_contains(
        body,
        "<p>N: <span class=\"show\">[count=3:n][flag=false:b][title=Hei du:s]</span></p>",
    );
    assert_contains(
        body,
        "<p>M: <span class=\"show\">[flag=true:b][title=To:s]</span></p>",
    );
}

#[test]
fn back_quoted_raw_string_spans_lines() {
    let site = site(&[
        (
            "templates/shortcodes/raw.html",
            "<pre class=\"raw\">{{ pos[0] }}</pre>",
        ),
        (
            "content/raw.nb.md",
            &page(
                "Raw",
                "{{< raw `første \"linje\" \\n\nandre linje` >}}\n\nEtter.\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/raw/");
    assert_in_order(
        content(&html),
        &[
            "<pre class=\"raw\">første &quot;linje&quot; \\n\nandre linje</pre>",
            "<p>Etter.</p>",
        ],
    );
}

#[test]
fn mixed_named_and_positional_is_an_error_and_the_page_still_renders() {
    let site = site(&[
        ("templates/shortcodes/show.html", SHOW),
        (
            "content/mix.nb.md",
            &page(
                "Mix",
                "Før.\n\nHer: {{< show title=\"x\" 5 >}}\n\n## Etter\n\nResten.\n",
            ),
        ),
    ]);
    let built = site.build();
    assert_eq!(
        printed(&built, "shortcode-syntax"),
        [
            "content/mix.nb.md:6:6: error[shortcode-syntax]: shortcode 'show' mixes named and positional arguments"
        ]
    );
    let html = site.page("/nb/mix/");
    assert_in_order(
        content(&html),
        &[
            "<p>Før.</p>",
            "<p>Her: <span class=\"show\">",
            "<h2 id=\"etter\">Etter</h2>",
            "<p>Resten.</p>",
        ],
    );
    let (code, stderr) = run_build(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert_contains(
        &stderr,
        "content/mix.nb.md:6:6: error[shortcode-syntax]: shortcode 'show' mixes named and positional arguments",
    );
}

// 4. children

fn children_site(call: &str) -> TestSite {
    site(&[
        ("content/guide/_index.nb.md", &page("Veiledning", call)),
        (
            "content/guide/b.nb.md",
            "---\ntitle: Bravo\nweight: 2\ndescription: Om bravo\n---\n",
        ),
        (
            "content/guide/a.nb.md",
            "---\ntitle: Alfa\nweight: 1\ndescription: Om alfa\n---\n",
        ),
        (
            "content/guide/c.nb.md",
            "---\ntitle: Charlie\nweight: 3\nhidden: true\n---\n",
        ),
        ("content/guide/d.nb.md", "---\ntitle: Delta\n---\n"),
        (
            "content/guide/sub/_index.nb.md",
            "---\ntitle: Under\nweight: 4\n---\n",
        ),
        ("content/guide/sub/e.nb.md", "---\ntitle: Ekko\n---\n"),
    ])
}

#[test]
fn children_lists_child_pages_in_weight_order_without_hidden_ones() {
    let site = children_site("{{< children />}}\n");
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/guide/");
    insta::assert_snapshot!("children_default", content(&html));
    let body = content(&html);
    assert_lacks(body, "Charlie");
    assert_lacks(body, "Ekko");
    assert_lacks(body, "Om alfa");
}

/// A section whose text lists its children with the shortcode does not
/// list them a second time under "I denne seksjonen"; one without it does.
#[test]
fn a_section_listing_its_children_itself_lists_them_once() {
    let site = children_site("{{< children />}}\n");
    site.build();
    let html = site.page("/nb/guide/");
    assert_eq!(html.matches("href=\"/nb/guide/a/\"").count(), 1, "{html}");
    assert_lacks(&html, "class=\"child-pages\"");

    let plain = children_site("Om veiledningen.\n");
    plain.build();
    let html = plain.page("/nb/guide/");
    assert_contains(&html, "class=\"child-pages\"");
    assert_contains(&html, "href=\"/nb/guide/a/\"");
}

#[test]
fn children_with_description() {
    let site = children_site("{{< children description=\"true\" />}}\n");
    site.build();
    let html = site.page("/nb/guide/");
    let body = content(&html);
    assert_in_order(
        body,
        &[
            "<li><a href=\"/nb/guide/a/\">Alfa</a><p>Om alfa</p></li>",
            "<li><a href=\"/nb/guide/b/\">Bravo</a><p>Om bravo</p></li>",
            "<li><a href=\"/nb/guide/sub/\">Under</a></li>",
            "<li><a href=\"/nb/guide/d/\">Delta</a></li>",
        ],
    );
    assert_lacks(body, "Charlie");
}

// 5. Escaped calls and code blocks

#[test]
fn escaped_calls_print_the_call_literally() {
    let site = site(&[(
        "content/esc.nb.md",
        &page(
            "Esc",
            "Bruk `{{</* notice warning */>}}` slik.\n\nOg {{%/* x a=1 */%}} her.\n",
        ),
    )]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/esc/");
    let body = content(&html);
    assert_contains(
        body,
        "<p>Bruk <code>{{&lt; notice warning &gt;}}</code> slik.</p>",
    );
    assert_contains(body, "<p>Og {{% x a=1 %}} her.</p>");
    assert_lacks(body, "notice-title");
}

#[test]
fn shortcodes_in_fenced_code_blocks_are_expanded() {
    let site = site(&[(
        "content/fence.nb.md",
        &page(
            "Kode i gjerdet",
            "```text\nTittel: {{< title >}}\nLitteral: {{</* title */>}}\n```\n",
        ),
    )]);
    site.build();
    let html = site.page("/nb/fence/");
    assert_contains(
        content(&html),
        "<span class=\"cl\">Tittel: Kode i gjerdet\n</span></span><span class=\"line\"><span class=\"cl\">Litteral: {{&lt; title &gt;}}\n</span>",
    );
}

// 6. Output inside lists and quotes

#[test]
fn markdown_output_stays_inside_list_items_and_quotes() {
    let site = site(&[
        ("templates/shortcodes/section.md", SECTION_MD),
        (
            "content/list.nb.md",
            &page(
                "Liste",
                "- punkt\n\n  {{% section \"X\" %}}\n- {{% section \"Y\" %}}\n\n1. steg\n\n   {{% section \"Z\" %}}\n\n> {{% section \"Q\" %}}\n>\n> sitat\n\nUte.\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/list/");
    let body = content(&html);
    assert_lacks(body, "<pre>");
    assert_lacks(body, "<code>");
    insta::assert_snapshot!("markdown_output_in_lists_and_quotes", body);
}

#[test]
fn notice_inside_a_list_item_stays_inside_it() {
    let site = site(&[(
        "content/list.nb.md",
        &page(
            "Liste",
            "1. Første steg\n\n   {{% notice info %}}\n   Tekst i **boksen**.\n\n   Mer tekst.\n   {{% /notice %}}\n\n2. Andre steg\n\n- punkt\n\n  {{< notice warning >}}\n  Tekst.\n  {{< /notice >}}\n\n> {{% notice tip %}}\n> Sitert tips.\n> {{% /notice %}}\n",
        ),
    )]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/list/");
    let body = content(&html);
    assert_lacks(body, "<pre>");
    assert_lacks(body, "<code>");
    assert_in_order(
        body,
        &[
            "<ol>",
            "<li>",
            "<p>Første steg</p>",
            "<div class=\"notice notice-info\">",
            "<p>Tekst i <strong>boksen</strong>.</p>",
            "<p>Mer tekst.</p>",
            "</div></div>",
            "</li>",
            "<li>",
            "<p>Andre steg</p>",
            "</li>",
            "</ol>",
            "<ul>",
            "<li>",
            "<p>punkt</p>",
            "<div class=\"notice notice-warning\">",
            "<p>Tekst.</p>",
            "</div></div>",
            "</li>",
            "</ul>",
            "<blockquote>",
            "<div class=\"notice notice-tip\">",
            "<p>Sitert tips.</p>",
            "</div></div>",
            "</blockquote>",
        ],
    );
}

#[test]
fn notice_inside_a_deeply_indented_list_item_is_not_a_code_block() {
    // The notice's inner lines are indented to the item's content (four
    // spaces, in a nested item or after `2.  `); relative to that item they
    // are plain paragraphs.
    let site = site(&[
        (
            "content/nested.nb.md",
            &page(
                "Nestet",
                "- ytre\n  - indre\n\n    {{% notice note %}}\n    Tekst i boksen.\n    {{% /notice %}}\n",
            ),
        ),
        (
            "content/wide.nb.md",
            &page(
                "Bred",
                "1.  Steg\n\n    {{% notice note %}}\n    Tekst i boksen.\n    {{% /notice %}}\n",
            ),
        ),
    ]);
    site.build();
    let wide = site.page("/nb/wide/");
    assert_in_order(
        content(&wide),
        &[
            "<li>",
            "<p>Steg</p>",
            "<div class=\"notice-body\"><p>Tekst i boksen.</p>",
            "</li>",
        ],
    );
    let html = site.page("/nb/nested/");
    let body = content(&html);
    assert_lacks(body, "<pre>");
    assert_in_order(
        body,
        &[
            "<p>indre</p>",
            "<div class=\"notice notice-note\">",
            "<p>Tekst i boksen.</p>",
            "</div></div>",
            "</li>",
            "</ul>",
            "</li>",
            "</ul>",
        ],
    );
}

// 7. ref and relref

fn ref_site(body: &str) -> TestSite {
    site(&[
        ("content/guide/_index.nb.md", &page("Veiledning", "")),
        ("content/guide/a.nb.md", &page("Alfa", body)),
        ("content/guide/b.nb.md", &page("Bravo", "## Seksjon\n")),
        ("content/guide/b.en.md", &page("Bravo en", "## Section\n")),
        ("content/other.nb.md", &page("Annen side", "")),
    ])
}

#[test]
fn relref_and_ref_resolve_pages() {
    let site = ref_site(
        "- rel: {{< relref \"b\" >}}\n- md: {{< relref \"b.md\" >}}\n- site: {{< relref \"/other\" >}}\n- fallback: {{< relref \"other.md\" >}}\n- section: {{< relref \"guide\" >}}\n- en: {{< relref path=\"b\" lang=\"en\" >}}\n- frag: {{< relref \"b#seksjon\" >}}\n- en-frag: {{< relref path=\"b.md#section\" lang=\"en\" >}}\n- abs: {{< ref \"other\" >}}\n- link: [x]({{< relref \"other\" >}}) og [y]({{< relref \"b#seksjon\" >}})\n",
    );
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/guide/a/");
    insta::assert_snapshot!("ref_and_relref", content(&html));
}

#[test]
fn ref_to_a_missing_page_is_an_error_at_the_call() {
    let site =
        ref_site("Tekst.\n\nSe {{< relref \"nope\" >}} og {{< ref \"/guide/zulu.md\" >}}.\n");
    let built = site.build();
    assert_eq!(
        printed(&built, "ref-not-found"),
        [
            "content/guide/a.nb.md:6:4: error[ref-not-found]: 'nope' is not a page in language 'nb'",
            "content/guide/a.nb.md:6:29: error[ref-not-found]: '/guide/zulu.md' is not a page in language 'nb'",
        ]
    );
    let (code, stderr) = run_build(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert_contains(
        &stderr,
        "content/guide/a.nb.md:6:4: error[ref-not-found]: 'nope' is not a page in language 'nb'",
    );
}

#[test]
fn errors_inside_inner_content_point_at_the_nested_call() {
    // Columns count characters, not bytes.
    let site = ref_site(
        "Blåbær {{< relref \"nope1\" >}}\n\n{{% notice info %}}\nInne: æ {{< relref \"nope2\" >}}\n{{% /notice %}}\n\n{{< expandlarge id=\"x\" header=\"h\" >}}\n  {{% notice %}}\n  ø {{< relref \"nope3\" >}}\n  {{% /notice %}}\n{{< /expandlarge >}}\n",
    );
    let built = site.build();
    assert_eq!(
        printed(&built, "ref-not-found"),
        [
            "content/guide/a.nb.md:4:8: error[ref-not-found]: 'nope1' is not a page in language 'nb'",
            "content/guide/a.nb.md:7:9: error[ref-not-found]: 'nope2' is not a page in language 'nb'",
            "content/guide/a.nb.md:12:5: error[ref-not-found]: 'nope3' is not a page in language 'nb'",
        ]
    );
}

#[test]
fn relref_does_not_fall_back_to_another_language() {
    // Hugo: REF_NOT_FOUND. `other` exists only in nb.
    let site = site(&[
        ("content/other.nb.md", &page("Annen", "")),
        (
            "content/a.nb.md",
            &page("A", "Til en: {{< relref path=\"other\" lang=\"en\" >}}\n"),
        ),
        (
            "content/a.en.md",
            &page("A", "From en: {{< relref \"other\" >}}\n"),
        ),
    ]);
    let built = site.build();
    assert_eq!(
        printed(&built, "ref-not-found"),
        [
            "content/a.en.md:4:10: error[ref-not-found]: 'other' is not a page in language 'en'",
            "content/a.nb.md:4:9: error[ref-not-found]: 'other' is not a page in language 'en'",
        ]
    );
    assert_lacks(content(&site.page("/en/a/")), "/nb/other/");
}

// 8. insert

const PART: &str = "---\ntitle: Del\n---\n## Om {0}\n\nHei {0}, fra delen.\n";

#[test]
fn insert_pastes_a_file_without_front_matter() {
    let site = site(&[
        ("content/shared/part.md", PART),
        (
            "content/ins.nb.md",
            &toc_page(
                "Innsatt",
                "## Først\n\n{{% insert \"content/shared/part.md\" \"Alfa\" %}}\n\nSlutt.\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/ins/");
    let body = content(&html);
    assert_in_order(
        body,
        &[
            "<h2 id=\"først\">Først</h2>",
            "<h2 id=\"om-alfa\">Om Alfa</h2>",
            "<p>Hei Alfa, fra delen.</p>",
            "<p>Slutt.</p>",
        ],
    );
    assert_lacks(body, "title: Del");
    assert_lacks(body, "{0}");
    assert_contains(toc(&html), "<a href=\"#om-alfa\">Om Alfa</a>");
}

#[test]
fn insert_of_a_missing_file_is_an_error() {
    let site = site(&[(
        "content/ins.nb.md",
        &page(
            "Innsatt",
            "Før.\n\n{{% insert \"content/shared/nope.md\" %}}\n\nEtter.\n",
        ),
    )]);
    let built = site.build();
    let found = printed(&built, "insert-not-found");
    assert_eq!(found.len(), 1, "{:#?}", built.printed());
    assert!(
        found[0].starts_with(
            "content/ins.nb.md:6:1: error[insert-not-found]: cannot insert 'content/shared/nope.md'"
        ),
        "{found:?}"
    );
    assert_in_order(
        content(&site.page("/nb/ins/")),
        &["<p>Før.</p>", "<p>Etter.</p>"],
    );
    let (code, _) = run_build(&site);
    assert_eq!(code, Some(1));
}

#[test]
fn insert_outside_the_site_is_refused() {
    let site = site(&[(
        "content/ins.nb.md",
        &page(
            "Innsatt",
            "{{% insert \"../../etc/passwd\" %}}\n\n{{% insert \"content/../../secret.md\" %}}\n",
        ),
    )]);
    // A file just outside the site folder, to be sure it is not read.
    let outside = site.root().parent().unwrap().join("secret.md");
    let created = !outside.exists();
    if created {
        std::fs::write(&outside, "HEMMELIG\n").unwrap();
    }
    let built = site.build();
    if created {
        std::fs::remove_file(&outside).unwrap();
    }
    assert_eq!(
        printed(&built, "insert-outside-site"),
        [
            "content/ins.nb.md:4:1: error[insert-outside-site]: '../../etc/passwd' is outside the site folder",
            "content/ins.nb.md:6:1: error[insert-outside-site]: 'content/../../secret.md' is outside the site folder",
        ]
    );
    let html = site.page("/nb/ins/");
    assert_lacks(&html, "root:");
    assert_lacks(&html, "HEMMELIG");
}

/// A snippet that inserts itself three times would grow as 3^16: the page
/// stops at its budget of generated Markdown, with one error at the call,
/// and the build ends at once with the rest of the site.
#[test]
fn a_snippet_that_inserts_itself_several_times_stops_at_a_budget() {
    let site = site(&[
        (
            "content/shared/loop.md",
            "Løkke.\n\n{{% insert \"content/shared/loop.md\" %}}\n{{% insert \"content/shared/loop.md\" %}}\n{{% insert \"content/shared/loop.md\" %}}\n",
        ),
        (
            "content/ins.nb.md",
            &page(
                "Innsatt",
                "Før.\n\n{{% insert \"content/shared/loop.md\" %}}\n",
            ),
        ),
        ("content/other.nb.md", &page("Annen", "Helt vanlig.\n")),
    ]);
    let built = site.build();
    let found = printed(&built, "shortcode-recursion");
    assert!(
        found.iter().any(|line| line.starts_with(
            "content/ins.nb.md:6:1: error[shortcode-recursion]: this page's shortcodes generate more than 5000 pieces"
        )),
        "{found:#?}"
    );
    assert_contains(&site.page("/nb/ins/"), "Løkke.");
    assert_contains(&site.page("/nb/other/"), "Helt vanlig.");
}

/// The budget is for Markdown generated inside generated Markdown: a long
/// page of its own 6,000 inserts is built whole.
#[test]
fn a_page_of_many_inserts_of_its_own_is_not_cut() {
    let body: String = (0..6_000)
        .map(|_| "{{% insert \"content/shared/part.md\" %}}\n\n")
        .collect::<String>()
        + "Slutt.\n";
    let site = site(&[
        ("content/shared/part.md", "Del.\n"),
        ("content/many.nb.md", &page("Mange", &body)),
    ]);
    let built = site.build();
    assert!(printed(&built, "shortcode-recursion").is_empty());
    let html = site.page("/nb/many/");
    assert_eq!(html.matches("<p>Del.</p>").count(), 6_000);
    assert_contains(&html, "Slutt.");
}

#[test]
fn errors_inside_inserted_text_point_at_the_insert_call() {
    let site = site(&[
        (
            "content/shared/part.md",
            "---\ntitle: Del\n---\nLinje en.\n\nSe {{< relref \"nope-in-part\" >}}.\n",
        ),
        (
            "content/ins.nb.md",
            &page(
                "Innsatt",
                "A\n\nB\n\nC\n\n{{% insert \"content/shared/part.md\" %}}\n",
            ),
        ),
    ]);
    let built = site.build();
    // Either the insert call in the page or the call in the inserted file
    // is a right place; a column inside the insert's argument is not.
    let found = printed(&built, "ref-not-found");
    assert!(!found.is_empty(), "{:#?}", built.printed());
    for line in &found {
        assert!(
            line.starts_with("content/ins.nb.md:10:1: ")
                || line.starts_with("content/shared/part.md:6:4: "),
            "{found:#?}"
        );
    }
}

// 9. link, title, footnotes

#[test]
fn link_and_title() {
    let site = site(&[
        ("content/other.nb.md", &page("Annen <side>", "")),
        (
            "content/lt.nb.md",
            &page(
                "Tittel & mer",
                "Se {{< link \"other\" >}} på {{< title >}}.\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    assert_contains(
        content(&site.page("/nb/lt/")),
        "<p>Se <a href=\"/nb/other/\">Annen &lt;side&gt;</a> på Tittel &amp; mer.</p>",
    );
}

#[test]
fn footnotes_are_numbered_and_listed_in_order() {
    let site = site(&[(
        "content/fn.nb.md",
        &page(
            "Fotnoter",
            "Først{{< footnote \"Den **første**.\" >}} og så{{< footnote \"Den andre.\" >}}.\n\n{{< displayFootnotes >}}\n",
        ),
    )]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    insta::assert_snapshot!("footnotes", content(&site.page("/nb/fn/")));
}

// 10. Errors

#[test]
fn unknown_shortcode_is_a_warning_and_its_inner_is_shown_in_a_box() {
    let site = site(&[(
        "content/unk.nb.md",
        &page(
            "Ukjent",
            "Før.\n\n  {{< nosuch >}}inner *text*{{< /nosuch >}}\n\nEtter.\n",
        ),
    )]);
    let built = site.build();
    assert_eq!(
        printed(&built, "shortcode-unknown"),
        ["content/unk.nb.md:6:3: warning[shortcode-unknown]: unknown shortcode 'nosuch'"]
    );
    assert!(
        !built.diagnostics.iter().any(|d| d.is_error()),
        "{:#?}",
        built.printed()
    );
    let html = site.page("/nb/unk/");
    assert_in_order(
        content(&html),
        &[
            "<p>Før.</p>",
            "<div class=\"shortcode-placeholder\" data-shortcode=\"nosuch\"><p>inner <em>text</em></p>",
            "</div>",
            "<p>Etter.</p>",
        ],
    );
    let (code, stderr) = run_build(&site);
    assert_eq!(code, Some(0), "{stderr}");
    assert_contains(
        &stderr,
        "content/unk.nb.md:6:3: warning[shortcode-unknown]: unknown shortcode 'nosuch'",
    );
    assert_contains(
        &stderr,
        "warning: shortcodes without a template, shown as marked boxes: nosuch (1)",
    );
}

#[test]
fn unclosed_notice_is_reported_at_its_opening_tag() {
    let site = site(&[(
        "content/open.nb.md",
        &page(
            "Åpen",
            "Før.\n\nTekst {{% notice warning %}}\nInne.\n\nSist.\n",
        ),
    )]);
    let built = site.build();
    assert_eq!(
        printed(&built, "shortcode-syntax"),
        ["content/open.nb.md:6:7: error[shortcode-syntax]: shortcode 'notice' is never closed"]
    );
    let body = site.page("/nb/open/");
    assert_in_order(content(&body), &["<p>Før.</p>", "Sist."]);
    let (code, _) = run_build(&site);
    assert_eq!(code, Some(1));
}

#[test]
fn close_without_a_name_closes_the_open_notice() {
    // As in the Altinn corpus (content/events/_index.*.md).
    let site = site(&[(
        "content/slash.nb.md",
        &page(
            "Skråstrek",
            "{{% notice info %}}\nInne i boksen.\n{{% / %}}\n\nUtenfor boksen.\n",
        ),
    )]);
    let built = site.build();
    assert_eq!(
        printed(&built, "shortcode-close-unnamed"),
        [
            "content/slash.nb.md:6:1: warning[shortcode-close-unnamed]: closing tag '{{% / %}}' has no shortcode name; it closes 'notice', as Hugo does"
        ]
    );
    assert!(printed(&built, "shortcode-syntax").is_empty());
    assert!(
        built
            .diagnostics
            .iter()
            .all(|d| d.severity != brygge::diagnostics::Severity::Error),
        "a warning does not fail the build"
    );
    let html = site.page("/nb/slash/");
    let body = content(&html);
    let notice = between(body, "<div class=\"notice notice-info\">", "</div></div>");
    assert_contains(notice, "<p>Inne i boksen.</p>");
    assert_lacks(notice, "Utenfor");
    assert_in_order(body, &["</div></div>", "<p>Utenfor boksen.</p>"]);
}

#[test]
fn mismatched_close_is_an_error() {
    let site = site(&[(
        "content/mis.nb.md",
        &page(
            "Feil",
            "{{% notice info %}}\nInne.\n{{% /expandlarge %}}\n\nEtter.\n",
        ),
    )]);
    let built = site.build();
    let found = printed(&built, "shortcode-syntax");
    assert!(
        found.contains(
            &"content/mis.nb.md:6:1: error[shortcode-syntax]: closing tag for 'expandlarge' does not match open shortcode 'notice'"
                .to_string()
        ),
        "{found:#?}"
    );
    assert_contains(content(&site.page("/nb/mis/")), "Etter.");
}

#[test]
fn closing_a_shortcode_without_inner_is_an_error() {
    let site = site(&[(
        "content/fig.nb.md",
        &page(
            "Figur",
            "{{< figure src=\"a.png\" >}}x{{< /figure >}}\n\nEtter.\n",
        ),
    )]);
    let built = site.build();
    assert_eq!(
        printed(&built, "shortcode-syntax"),
        [
            "content/fig.nb.md:4:28: error[shortcode-syntax]: shortcode 'figure' does not use inner content and cannot be closed"
        ]
    );
    let body = site.page("/nb/fig/");
    assert_in_order(content(&body), &["<img src=\"a.png\"", "<p>Etter.</p>"]);
    let (code, _) = run_build(&site);
    assert_eq!(code, Some(1));
}

// 11. Escaping

#[test]
fn named_arguments_are_escaped_in_the_output() {
    let site = site(&[(
        "content/xss.nb.md",
        &page(
            "Xss",
            "{{< expandlarge id=\"a\\\"b\" header=\"<script>x</script>\" >}}\nInne.\n{{< /expandlarge >}}\n",
        ),
    )]);
    site.build();
    let html = site.page("/nb/xss/");
    let body = content(&html);
    assert_contains(
        body,
        "<details class=\"expand expand-large\" id=\"a&quot;b\"><summary>&lt;script&gt;x&lt;/script&gt;</summary>",
    );
    assert_lacks(&html, "<script>x");
}

// 12. Built-ins

#[test]
fn notice_label_follows_the_page_language() {
    let site = site(&[
        (
            "content/n.nb.md",
            &page("N", "{{% notice warning %}}\nPass på.\n{{% /notice %}}\n"),
        ),
        (
            "content/n.en.md",
            &page("N", "{{% notice warning %}}\nTake care.\n{{% /notice %}}\n"),
        ),
    ]);
    site.build();
    assert_contains(
        content(&site.page("/nb/n/")),
        "<div class=\"notice notice-warning\"><p class=\"notice-title\">Advarsel</p><div class=\"notice-body\"><p>Pass på.</p>",
    );
    assert_contains(
        content(&site.page("/en/n/")),
        "<div class=\"notice notice-warning\"><p class=\"notice-title\">Warning</p><div class=\"notice-body\"><p>Take care.</p>",
    );
}

#[test]
fn highlight_escapes_code() {
    let site = site(&[(
        "content/hl.nb.md",
        &page(
            "Hl",
            "{{< highlight rust >}}\nfn f() -> Vec<u8> { if a < b && c { vec![] } }\n{{< /highlight >}}\n",
        ),
    )]);
    site.build();
    let page = site.page("/nb/hl/");
    let html = content(&page);
    assert_contains(
        html,
        "<div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-rust\" data-lang=\"rust\">",
    );
    assert_contains(html, "&lt;");
    assert_contains(html, "&amp;&amp;");
}

#[test]
fn figure_youtube_and_mermaid() {
    let site = site(&[(
        "content/media.nb.md",
        &page(
            "Media",
            "{{< figure src=\"/img/a b.png\" alt=\"Et bilde\" caption=\"Bildetekst\" >}}\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{{< mermaid >}}\ngraph TD\n  A-->B\n{{< /mermaid >}}\n",
        ),
    )]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    insta::assert_snapshot!("figure_youtube_mermaid", content(&site.page("/nb/media/")));
}

// 13. Site templates win

#[test]
fn site_template_overrides_a_builtin() {
    let site = site(&[
        (
            "templates/shortcodes/notice.html",
            "<aside class=\"my-notice\" data-type=\"{{ pos[0] }}\">{{ inner_html | safe }}</aside>",
        ),
        (
            "templates/shortcodes/title.html",
            "<em class=\"my-title\">{{ page.title }}</em>",
        ),
        (
            "content/o.nb.md",
            &page(
                "Overstyrt",
                "{{% notice warning %}}\nEgen.\n{{% /notice %}}\n\nTittel: {{< title >}}\n",
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.diagnostics.is_empty(), "{:#?}", built.printed());
    let html = site.page("/nb/o/");
    let body = content(&html);
    assert_contains(
        body,
        "<aside class=\"my-notice\" data-type=\"warning\"><p>Egen.</p>\n</aside>",
    );
    assert_lacks(body, "notice-title");
    assert_contains(body, "<p>Tittel: <em class=\"my-title\">Overstyrt</em></p>");
}
