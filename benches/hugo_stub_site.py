#!/usr/bin/env python3
"""Make a Hugo-buildable copy of the Altinn docs corpus, with stub layouts.

Usage: hugo_stub_site.py CORPUS_DIR DEST_DIR

The corpus ships without its theme (hugo-theme-altinn), so this script copies
content/, i18n/ and config.toml into DEST_DIR (which is replaced) and adds:

* layouts/_default/{baseof,single,list}.html and layouts/index.html that print
  only <main>{{ .Content }}</main> and {{ .TableOfContents }};
* layouts/shortcodes/NAME.html for every shortcode name the content calls
  (Hugo's built-ins excepted). Paired shortcodes (those the corpus closes) use
  .Inner; the ones the real site renders as their own Markdown document
  (notice, expandlarge, expandsmall, panel, content-version-container,
  anatomy-list) do so with RenderString/markdownify, as the Altinn theme does.
  `insert` reads the named file, strips its front matter, fills {0}..{n}
  placeholders and markdownifies it, as the theme's insert does.

config.toml changes: `theme` removed; enableGitInfo off (no .git here);
`[outputs]` (JSON search index) removed; ref/relref errors downgraded to
warnings so that one broken ref does not stop the build.

Standard library only.
"""
import os
import re
import shutil
import sys

HUGO_BUILTINS = {"highlight", "ref", "relref", "figure", "youtube", "vimeo",
                 "gist", "instagram", "param", "qr", "x", "details", "comment"}

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
{{ block "main" . }}{{ end }}
<aside class="toc">{{ .TableOfContents }}</aside>
</body></html>
"""
MAIN = """{{ define "main" }}<main>{{ .Content }}</main>{{ end }}
"""

# Own document (Markdown rendered separately), as on the real site.
OWN_DOC = {
    "notice": '<div class="notices">{{ .Inner | .Page.RenderString }}</div>',
    "expandlarge": '<div class="card adocs-expand" id="{{ with .Get "id" }}{{ . }}{{ else }}expand-default{{ end }}">'
                   '<div class="a-collapseContent-inside">{{ .Inner | markdownify }}</div></div>',
    "expandsmall": '<div class="card adocs-expand adocs-expand-small" id="{{ with .Get "id" }}{{ . }}{{ else }}expand-default{{ end }}">'
                   '<div class="a-collapseContent-inside">{{ .Inner | markdownify }}</div></div>',
    "panel": '<div class="panel">{{ .Inner | markdownify }}</div>',
    "content-version-container": '<div class="content-version-container">\n\n'
                                 '    <label id="content-version-label" hidden>{{ with .Get "version" }}{{ . }}{{ end }}</label>\n\n'
                                 '    {{ .Inner | markdownify }}\n</div>',
    "anatomy-list": '<div class="anatomy-list">\n{{- .Inner | markdownify -}}\n</div>',
}
# Paired, inner passed through raw (as the real site's templates do).
RAW_INNER = {
    "content-version-selector": '<div class="content-version-selector">\n    <ul id="content-version-tabs"></ul>\n\n    {{ .Inner }}\n</div>\n',
    "code-title": '<div class="code-title">\n    <code>{{- .Inner -}}</code>\n</div>',
    "mermaid": '<div class="mermaid">{{ .Inner | safeHTML }}</div>',
}
INSERT = r'''{{- $content := readFile (.Get 0) -}}
{{- if $content -}}
{{- $content = replaceRE `(?s)\A(---|\+\+\+)\r?\n.*?\r?\n(---|\+\+\+)\r?\n` "" $content -}}
{{- range $index, $param := .Params -}}
{{- if ne $index 0 -}}{{- $content = replace $content (printf "{%d}" (sub $index 1)) $param -}}{{- end -}}
{{- end -}}
{{- $content | markdownify -}}
{{- end -}}
'''
# As the real site's layouts/shortcodes/property-docs.html (+ partials
# component-props/get-content.html and tabs.html), with the content path of
# the corpus (the stored upstream template still says /app/development/...).
PROPERTY_DOCS = r'''{{- $prop := .Get "prop" -}}
{{- $page := printf "/altinn-studio/v8/reference/ux/components/_common-props-content/%s" $prop -}}
{{- with .Site.GetPage $page -}}
{{- $split := split $prop "-" -}}
{{- if eq (index $split (sub (len $split) 1)) "page" -}}
{{- .Content -}}
{{- else -}}
{{- $sections := dict -}}
{{- range findRE `(?s)<!-- begin.+? -->(.+?)(?:<!-- end.+? -->|$)` .Content -}}
{{- $c := replaceRE `(?s)<!-- begin.+? -->(.+?)(?:<!-- end.+? -->|$)` "$1" . -}}
{{- $c = trim $c "\n" -}}
{{- $key := replaceRE `(?s)<!-- begin (.+?) -->.+?(?:<!-- end.+? -->|$)` "$1" . -}}
{{- $sections = merge $sections (dict $key $c) -}}
{{- end -}}
{{- with index $sections "intro" }}{{ . | markdownify }}{{ end -}}
<div class="content-version-selector border-box">
{{- with index $sections "asd" }}<div class="content-version-container">{{ . | markdownify }}</div>{{ end -}}
{{- with index $sections "code" }}<div class="content-version-container">{{ . | markdownify }}</div>{{ end -}}
</div>
{{- with index $sections "more" }}{{ . | markdownify }}{{ end -}}
{{- end -}}
{{- end -}}
'''
SIMPLE = {
    "title": "{{ .Page.Title }}",
}

CALL_RE = re.compile(r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_-]+)")
SELF_CLOSING_RE = re.compile(r"\{\{[<%]\s*([A-Za-z0-9_-]+)(?:[^}]|\}(?!\}))*?/\s*[>%]\}\}")


def shortcode_names(content_dir):
    names, closed = set(), set()
    for root, _, files in os.walk(content_dir):
        for f in files:
            if not f.endswith(".md"):
                continue
            with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for m in CALL_RE.finditer(text):
                (closed if m.group(2) else names).add(m.group(3))
            # Hugo treats `{{< x />}}` as closed: x's template must use .Inner.
            for m in SELF_CLOSING_RE.finditer(text):
                closed.add(m.group(1))
    return names, closed


def patch_config(text):
    out, skip = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("["):
            skip = s == "[outputs]"
        if skip:
            continue
        if re.match(r"theme\s*=", s) or re.match(r"enableGitInfo\s*=", s):
            continue
        out.append(line)
    # top-level keys must come before the first table
    first = next(i for i, l in enumerate(out) if l.strip().startswith("["))
    out[first:first] = ['refLinksErrorLevel = "WARNING"', "enableGitInfo = false", ""]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for d in ("content", "i18n"):
        if os.path.isdir(os.path.join(src, d)):
            shutil.copytree(os.path.join(src, d), os.path.join(dst, d))
    with open(os.path.join(src, "config.toml"), encoding="utf-8") as fh:
        cfg = patch_config(fh.read())
    with open(os.path.join(dst, "config.toml"), "w", encoding="utf-8") as fh:
        fh.write(cfg)

    lay = os.path.join(dst, "layouts")
    os.makedirs(os.path.join(lay, "_default"))
    os.makedirs(os.path.join(lay, "shortcodes"))
    with open(os.path.join(lay, "_default", "baseof.html"), "w") as fh:
        fh.write(BASEOF)
    for name in ("_default/single.html", "_default/list.html", "index.html"):
        with open(os.path.join(lay, name), "w") as fh:
            fh.write(MAIN)

    names, closed = shortcode_names(os.path.join(dst, "content"))
    written = []
    for name in sorted(names - HUGO_BUILTINS):
        if name in OWN_DOC:
            body = OWN_DOC[name]
        elif name in RAW_INNER:
            body = RAW_INNER[name]
        elif name == "insert":
            body = INSERT
        elif name == "property-docs":
            body = PROPERTY_DOCS
        elif name in SIMPLE:
            body = SIMPLE[name]
        elif name in closed:
            body = '<div class="sc-%s">{{ .Inner }}</div>' % name
        else:
            body = '<span class="sc-%s"></span>' % name
        with open(os.path.join(lay, "shortcodes", name + ".html"), "w") as fh:
            fh.write(body + "\n")
        written.append(name)
    print("stub site in %s: %d shortcode stubs (%s)" % (dst, len(written), " ".join(written)))


if __name__ == "__main__":
    main()
