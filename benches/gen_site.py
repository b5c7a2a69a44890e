#!/usr/bin/env python3
"""Generates a bilingual (nb + en) brygge site for benchmarks.

Usage: gen_site.py DIR [PAGES_PER_LANGUAGE] [--hugo]   (default 5000)

With --hugo the folder also builds with Hugo: hugo.toml (the same
languages and URLs) and minimal layouts (only the content and its table of
contents) with the two shortcodes, rendered as the Altinn theme renders
them. brygge reads site.toml and templates/, Hugo hugo.toml and layouts/.

Per language: a home page, 10 sections, 10 subsections in each, and pages
spread over the subsections so that the language has exactly
PAGES_PER_LANGUAGE pages. Every page has a few headings, a table, `.md`
links with anchors to its siblings and its section, a root-relative link,
a same-page anchor link and a few shortcodes (`notice`, `expandlarge`).
Every link is valid: `brygge check` on the result should find nothing.
Deterministic; DIR is emptied first.
"""

import os
import shutil
import sys

SECTIONS = 10
SUBSECTIONS = 10

WORDS = {
    "nb": {
        "home": "Hjem",
        "section": "Seksjon",
        "sub": "Underseksjon",
        "page": "Side",
        "overview": "Oversikt",
        "details": "Detaljer",
        "part": "Del",
        "example": "Eksempel på bruk",
        "next": "neste side",
        "prev": "forrige side",
        "up": "seksjonen",
        "more": "Mer informasjon",
        "text": "Dette er en generert side med litt tekst om tilgangsstyring, "
        "roller og rettigheter i Altinn, skrevet for å måle hastighet.",
    },
    "en": {
        "home": "Home",
        "section": "Section",
        "sub": "Subsection",
        "page": "Page",
        "overview": "Overview",
        "details": "Details",
        "part": "Part",
        "example": "Example of use",
        "next": "next page",
        "prev": "previous page",
        "up": "the section",
        "more": "More information",
        "text": "This is a generated page with some text about access management, "
        "roles and rights in Altinn, written to measure speed.",
    },
}

ANCHORS = {
    "nb": {"overview": "oversikt", "details": "detaljer", "example": "eksempel-på-bruk"},
    "en": {"overview": "overview", "details": "details", "example": "example-of-use"},
}

SITE_TOML = """title = "Benchmark"
base_url = "https://bench.example/"
default_language = "nb"
default_language_in_subdir = true

[languages.nb]
name = "Bokmål"
title = "Ytelsestest"
weight = 1

[languages.en]
name = "English"
title = "Benchmark"
weight = 2
"""


HUGO_TOML = """baseURL = "https://bench.example/"
defaultContentLanguage = "nb"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS", "taxonomy", "term", "sitemap"]

[languages.nb]
languageName = "Bokmål"
title = "Ytelsestest"
weight = 1

[languages.en]
languageName = "English"
title = "Benchmark"
weight = 2
"""

HUGO_LAYOUTS = {
    "layouts/_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
{{ block "main" . }}{{ end }}
<aside class="toc">{{ .TableOfContents }}</aside>
</body></html>
""",
    "layouts/_default/single.html": '{{ define "main" }}<main>{{ .Content }}</main>{{ end }}\n',
    "layouts/_default/list.html": '{{ define "main" }}<main>{{ .Content }}</main>{{ end }}\n',
    "layouts/index.html": '{{ define "main" }}<main>{{ .Content }}</main>{{ end }}\n',
    "layouts/shortcodes/notice.html": '<div class="notices">{{ .Inner | .Page.RenderString }}</div>\n',
    "layouts/shortcodes/expandlarge.html":
        '<div class="card" id="{{ .Get "id" }}">{{ .Inner | markdownify }}</div>\n',
}


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def front(title, weight):
    return f"---\ntitle: {title}\nweight: {weight}\n---\n"


def page_body(lang, s, u, n, count):
    w = WORDS[lang]
    a = ANCHORS[lang]
    nxt = (n + 1) % count
    prv = (n - 1) % count
    lines = [
        f"{w['text']}\n",
        f"## {w['overview']}\n",
        f"{w['text']} Se [{w['next']}](p{nxt:03}.{lang}.md#{a['details']}), "
        f"[{w['prev']}](p{prv:03}.{lang}.md#{a['example']}) og "
        f"[{w['up']}](_index.{lang}.md#{a['overview']}).\n",
        f"| {w['part']} | Verdi | Kommentar |\n|---|---|---|\n"
        + "".join(f"| {w['part']} {i} | {i * n} | `kode-{i}` |\n" for i in range(1, 6)),
        f"## {w['details']}\n",
        f"{w['text']} [{w['overview']}](#{a['overview']}) · "
        f"[/{lang}/s{s:02}/](/{lang}/s{s:02}/#{a['overview']}) · "
        f"[x](#mer-{n})\n",
        f"{{{{% notice info %}}}}\n{w['text']}\n{{{{% /notice %}}}}\n",
    ]
    for i in range(1, 3):
        lines.append(f"### {w['part']} {i}\n\n{w['text']}\n")
    lines.append(
        f'{{{{% expandlarge id="mer-{n}" header="{w["more"]}" %}}}}\n'
        f"{w['text']}\n\n- punkt én\n- punkt to\n{{{{% /expandlarge %}}}}\n"
    )
    lines.append(f"## {w['example']}\n\n```json\n{{\"page\": {n}}}\n```\n")
    return "\n".join(lines)


def section_body(lang, s, children):
    w = WORDS[lang]
    links = " ".join(
        f"[{w['sub']} {c}](u{c:02}/_index.{lang}.md)" for c in range(children)
    )
    return f"## {w['overview']}\n\n{w['text']}\n\n{links}\n"


def main():
    if len([a for a in sys.argv[1:] if a != "--hugo"]) < 1:
        sys.exit(__doc__)
    args = [a for a in sys.argv[1:] if a != "--hugo"]
    hugo = "--hugo" in sys.argv[1:]
    root = args[0]
    per_language = int(args[1]) if len(args) > 1 else 5000
    leaves = per_language - 1 - SECTIONS - SECTIONS * SUBSECTIONS
    if leaves < SECTIONS * SUBSECTIONS:
        sys.exit("too few pages for the section layout")
    if os.path.isdir(root):
        shutil.rmtree(root)
    write(root, "site.toml", SITE_TOML)
    if hugo:
        write(root, "hugo.toml", HUGO_TOML)
        for rel, text in HUGO_LAYOUTS.items():
            write(root, rel, text)
    per_sub = [leaves // (SECTIONS * SUBSECTIONS)] * (SECTIONS * SUBSECTIONS)
    for i in range(leaves % (SECTIONS * SUBSECTIONS)):
        per_sub[i] += 1
    total = 0
    for lang in ("nb", "en"):
        w = WORDS[lang]
        home = front(w["home"], 0) + f"{w['text']}\n\n" + " ".join(
            f"[{w['section']} {s}](s{s:02}/_index.{lang}.md)" for s in range(SECTIONS)
        ) + "\n"
        write(root, f"content/_index.{lang}.md", home)
        total += 1
        for s in range(SECTIONS):
            write(
                root,
                f"content/s{s:02}/_index.{lang}.md",
                front(f"{w['section']} {s}", s + 1) + section_body(lang, s, SUBSECTIONS),
            )
            total += 1
            for u in range(SUBSECTIONS):
                count = per_sub[s * SUBSECTIONS + u]
                folder = f"content/s{s:02}/u{u:02}"
                write(
                    root,
                    f"{folder}/_index.{lang}.md",
                    front(f"{w['sub']} {s}.{u}", u + 1)
                    + f"## {w['overview']}\n\n{w['text']}\n\n"
                    + f"[{w['up']}](../_index.{lang}.md#{ANCHORS[lang]['overview']})\n",
                )
                total += 1
                for n in range(count):
                    write(
                        root,
                        f"{folder}/p{n:03}.{lang}.md",
                        front(f"{w['page']} {s}.{u}.{n}", n + 1)
                        + page_body(lang, s, u, n, count),
                    )
                    total += 1
    print(f"generated {total} pages in {root}")


if __name__ == "__main__":
    main()
