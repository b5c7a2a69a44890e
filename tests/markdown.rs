//! Markdown as Hugo (goldmark) renders it, seen as a reader would: the HTML
//! `brygge::markdown::render` makes of a document, and of a page in a built
//! site. Expected outputs were taken from Hugo 0.150.1 for the same input
//! (with `markup.highlight.noClasses = false`), differing only in
//! whitespace between tags and in entities Hugo writes for `“`, `’`, ...

mod common;

use brygge::config::TocLevels;
use brygge::markdown::{Options, Rendered, render};
use common::{BILINGUAL, TestSite, assert_contains, assert_lacks};
use proptest::prelude::*;

fn html(source: &str) -> String {
    rendered(source).html
}

fn rendered(source: &str) -> Rendered {
    let options = Options {
        unsafe_html: true,
        definition_term_ids: false,
        toc: TocLevels { start: 2, end: 3 },
        highlight: true,
    };
    render(source, &options, &|_| None)
}

// Linkify

#[test]
fn bare_urls_and_email_addresses_are_links() {
    let out = html(
        "Production: https://sjolvbetjening.samarbeid.digdir.no. See www.altinn.no or write to servicedesk@altinn.no.\n",
    );
    assert_eq!(
        out,
        "<p>Production: <a href=\"https://sjolvbetjening.samarbeid.digdir.no\">https://sjolvbetjening.samarbeid.digdir.no</a>. \
See <a href=\"https://www.altinn.no\">www.altinn.no</a> or write to <a href=\"mailto:servicedesk@altinn.no\">servicedesk@altinn.no</a>.</p>\n"
    );
}

#[test]
fn urls_in_code_links_and_html_stay_as_they_are() {
    let out = html(
        "`https://a.no` and [https://b.no](https://c.no) and <https://d.no>.\n\n```\nhttps://e.no\n```\n\n<div>https://f.no</div>\n",
    );
    assert_eq!(out.matches("<a ").count(), 2, "{out}");
    assert!(out.contains("<code>https://a.no</code>"), "{out}");
    assert!(
        out.contains("<a href=\"https://c.no\">https://b.no</a>"),
        "{out}"
    );
    assert!(out.contains("https://e.no\n</code></pre>"), "{out}");
    assert!(out.contains("<div>https://f.no</div>"), "{out}");
}

#[test]
fn linkified_urls_are_recorded_as_links() {
    let r = rendered("Se https://docs.altinn.studio/ her.\n");
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.links[0].href, "https://docs.altinn.studio/");
    assert_eq!(r.links[0].offset, 3);
}

// Attribute lines

#[test]
fn attribute_lines_set_attributes_on_the_block_before() {
    let out = html(
        "Para text\n{.x}\n\n- a\n- b\n{.y}\n\n## Head\n{.z}\n\n> quote\n{.q}\n\n|a|b|\n|-|-|\n|1|2|\n{.t}\n\nMulti\nline\n{#myid .c7 data-x=\"1\"}\n",
    );
    assert_eq!(
        out,
        "<p class=\"x\">Para text</p>\n\
<ul class=\"y\">\n<li>a</li>\n<li>b</li>\n</ul>\n\
<h2 id=\"head\" class=\"z\">Head</h2>\n\
<blockquote class=\"q\">\n<p>quote</p>\n</blockquote>\n\
<table class=\"t\"><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n\
<p id=\"myid\" data-x=\"1\" class=\"c7\">Multi\nline</p>\n"
    );
}

#[test]
fn attribute_lines_inside_items_and_after_blank_lines() {
    let out = html(
        "1. a\n2. **b**  \n   text\n{.floating-bullet-numbers}\n\n- tight\n  {.dropped}\n\nBetween\n\n- loose\n\n- loose2\n  {.l6}\n\nPara\n\n{.also-dropped}\n\nfoo {.x} bar\n",
    );
    assert!(
        out.starts_with("<ol class=\"floating-bullet-numbers\">\n<li>a</li>"),
        "{out}"
    );
    assert!(out.contains("<p class=\"l6\">loose2</p>"), "{out}");
    assert!(out.contains("<p>foo {.x} bar</p>"), "{out}");
    assert_lacks(&out, "dropped");
}

#[test]
fn an_attribute_line_can_give_a_heading_its_id() {
    let r = rendered("## Heading\n{#custom}\n\n## Heading\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["custom", "heading"]);
}

// Typographer

#[test]
fn angle_quotes_dashes_and_goldmark_quote_rules() {
    assert_eq!(
        html("Org <<0192>> -- \"copy\". Don't; a \"…\"-icon.\n"),
        "<p>Org «0192» – “copy”. Don’t; a “…\"-icon.</p>\n"
    );
}

#[test]
fn heading_ids_follow_the_typographer_as_before() {
    let r = rendered("## Don't stop\n## When it _doesn't_ happen\n## A -- B\n## <<1>> y\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["dont-stop", "when-it-doesn-happen", "a--b", "1-y"]);
    assert_eq!(r.headings[0].text, "Don’t stop");
}

// Highlighted code

#[test]
fn fences_are_highlighted_with_marked_lines_and_line_numbers() {
    let out = html(
        "```json {hl_lines=[2,\"4-5\"] linenos=true linenostart=10}\n{\n \"a\": 1,\n \"b\": \"x\",\n \"c\": true,\n \"d\": null\n}\n```\n",
    );
    assert!(out.starts_with("<div class=\"highlight\"><div class=\"chroma\">\n<table class=\"lntable\"><tr><td class=\"lntd\">\n<pre tabindex=\"0\" class=\"chroma\"><code><span class=\"lnt\">10\n</span><span class=\"hl\"><span class=\"lnt\">11\n</span></span><span class=\"lnt\">12\n</span><span class=\"hl\"><span class=\"lnt\">13\n</span></span><span class=\"hl\"><span class=\"lnt\">14\n</span></span><span class=\"lnt\">15\n</span></code></pre></td>"), "{out}");
    assert!(out.contains("<pre tabindex=\"0\" class=\"chroma\"><code class=\"language-json\" data-lang=\"json\"><span class=\"line\"><span class=\"cl\">{\n</span></span><span class=\"line hl\"><span class=\"cl\"> <span class=\"nt\">\"a\"</span>: <span class=\"mi\">1</span>,\n</span></span>"), "{out}");
    assert_eq!(out.matches("<span class=\"line hl\">").count(), 3, "{out}");
    assert!(out.contains("<span class=\"kc\">true</span>"), "{out}");
}

#[test]
fn unknown_and_missing_languages_are_plain() {
    assert_eq!(
        html("```rich\nplain <b>\n```\n\n```\nno lang\n\n\n```\n\n    indented\n"),
        "<pre tabindex=\"0\"><code class=\"language-rich\" data-lang=\"rich\">plain &lt;b&gt;\n</code></pre>\n\
<pre tabindex=\"0\"><code>no lang\n</code></pre>\n<pre><code>indented\n</code></pre>\n"
    );
}

#[test]
fn malformed_fences_do_not_panic() {
    for source in [
        "```json {hl_lines=[\n{}\n```\n",
        "```{linenos=true}\nx\n```\n",
        "```go {linenostart=99999999999999999999999}\nx\n```\n",
        "```json\n",
        "```yaml {hl_lines=[0,\"3-1\",\"x\"] linenos=inline}\na: 1\n```\n",
        "```go {linenos=table linenostart=18446744073709551615}\nx\ny\n```\n",
    ] {
        let out = html(source);
        assert!(out.contains("<pre"), "{source}: {out}");
    }
    let long = format!("```json\n{}\n```\n", "[1,".repeat(20_000));
    assert!(html(&long).contains("<pre"));
}

// Footnotes

#[test]
fn footnotes_are_numbered_and_listed_at_the_end() {
    let out = html("Text[^a] and again[^a] and[^b].\n\n[^b]: Two.\n[^a]: One.\n");
    assert_eq!(
        out,
        "<p>Text<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> and again<sup id=\"fnref1:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> and<sup id=\"fnref:2\"><a href=\"#fn:2\" class=\"footnote-ref\" role=\"doc-noteref\">2</a></sup>.</p>\n\
<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n\
<li id=\"fn:1\">\n<p>One.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>&#160;<a href=\"#fnref1:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n\
<li id=\"fn:2\">\n<p>Two.&#160;<a href=\"#fnref:2\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n\
</ol>\n</div>\n"
    );
}

// Tables

#[test]
fn a_table_right_after_a_paragraph_line_is_a_table() {
    let r = rendered("Some users.\nSubmitter | Children\n| --- | --- |\nA | 0\n\n[x](y)\n");
    assert_eq!(
        r.html,
        "<p>Some users.</p>\n<table><thead><tr><th>Submitter</th><th>Children</th></tr></thead><tbody>\n<tr><td>A</td><td>0</td></tr>\n</tbody></table>\n<p><a href=\"y\">x</a></p>\n"
    );
    assert_eq!(
        r.links[0].offset, 54,
        "offsets are those of the source as written"
    );
}

// In a built site: the highlight shortcode

#[test]
fn the_highlight_shortcode_uses_the_same_highlighter() {
    let page = "---\ntitle: Kode\n---\n{{< highlight go \"hl_lines=2,linenos=inline\" >}}\nfunc a() {\n  return\n}\n{{< /highlight >}}\n";
    let site = TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", "---\ntitle: Hjem\n---\n"),
        ("content/_index.en.md", "---\ntitle: Home\n---\n"),
        ("content/kode.nb.md", page),
    ]);
    site.build();
    let out = site.page("/nb/kode/");
    assert_contains(
        &out,
        "<div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-go\" data-lang=\"go\"><span class=\"line\"><span class=\"ln\">1</span><span class=\"cl\">",
    );
    assert_contains(
        &out,
        "<span class=\"line hl\"><span class=\"ln\">2</span><span class=\"cl\">  <span class=\"k\">return</span>\n</span></span>",
    );
    assert_contains(
        &out,
        "<span class=\"p\">}</span></span></span></code></pre></div>",
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No input makes rendering panic: fences, attribute lines, quotes,
    /// URLs, footnotes and tables mixed at random.
    #[test]
    fn rendering_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("```json {hl_lines=[1] linenos=true}\n"), Just("```\n"), Just("{.x}\n"), Just("{#a .b c=\"d\"}"),
        Just("\"q\" "), Just("'s "), Just("<<"), Just(">>"), Just("--"), Just("..."), Just("https://a.no/x) "),
        Just("www.b.no "), Just("c@d.no "), Just("[^1]"), Just("[^1]: note\n"), Just("| a | b |\n"), Just("|---|---|\n"),
        Just("- item\n"), Just("> quote\n"), Just("## H\n"), Just("\n"), Just("   "), Just("é€😀"), Just("`code`"),
        Just("*em*"), Just("\\\""), Just("&amp;"), Just("<b>"), Just("x"),
    ], 0..40)) {
        let source: String = parts.concat();
        let _ = html(&source);
    }
}

/// A page as `benches/gen_site.py` writes them (shortcodes left out).
fn generated_page() -> String {
    let sentence = "This is a generated page with some text about access management, roles and rights in Altinn, written to measure speed.";
    let mut page = format!(
        "{sentence}\n\n## Overview\n\n{sentence} Se [next page](p037.en.md#details), [previous page](p035.en.md#example-of-use) og [the section](_index.en.md#overview).\n\n| Part | Verdi | Kommentar |\n|---|---|---|\n"
    );
    for n in 1..=5 {
        page.push_str(&format!("| Part {n} | {} | `kode-{n}` |\n", n * 36));
    }
    page.push_str(&format!("\n## Details\n\n{sentence} [Overview](#overview) · [/en/s00/](/en/s00/#overview) · [x](#mer-36)\n\n{sentence}\n\n### Part 1\n\n{sentence}\n\n### Part 2\n\n{sentence}\n\n{sentence}\n\n- punkt én\n- punkt to\n\n## Example of use\n\n```json\n{{\"page\": 36}}\n```\n"));
    page
}

/// The cost of rendering a page of the generated benchmark site, in release
/// builds: `cargo test --release --test markdown render_cost -- --ignored --nocapture`.
#[test]
#[ignore]
fn render_cost() {
    let page = generated_page();
    let without_code = page.replace("```json", "```");
    for (name, source) in [
        ("page", &page),
        ("page, fence not highlighted", &without_code),
    ] {
        let _ = html(source);
        let n = 10_000;
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(html(source));
        }
        println!("{name}: {:?} per render", start.elapsed() / n);
    }
}
