#!/usr/bin/env python3
"""Compare the visible body text of a Hugo build and a brygge build, page by page.

Usage: compare_body_text.py HUGO_OUT BRYGGE_OUT [--max N] [--pages] [--show URL]
       compare_body_text.py --prepare CORPUS HUGO_SITE

Prepare the two builds of the Altinn corpus:

    python3 benches/compare_body_text.py --prepare ../shared/corpus/altinn-docs /tmp/hc
    hugo --source /tmp/hc --destination /tmp/hugo-out --quiet       # Hugo 0.150.1
    target/release/brygge build --root ../shared/corpus/altinn-docs --out /tmp/brygge-out --quiet
    python3 benches/compare_body_text.py /tmp/hugo-out /tmp/brygge-out

What is compared, on every page both builds have (standard library only):

* the region: Hugo (stub layouts): inside <main>; brygge: its page body
  (from <div class="page-body"> to </main>), less what its page template
  adds (child-page list, back-to-overview link);
* the visible text of that region as a reader sees it: words separated by
  whitespace and block boundaries, with the start and end of each link
  marked (a bare URL that is a link reads differently from plain text), and
  line numbers of code blocks (they are shown); comments, <script>, <style>,
  hidden elements and <summary> headers are not text;
* shortcode markup aside: the stub templates of hugo_stub_site.py and
  brygge's templates print different chrome (titles of notices, labels,
  icons, child lists), so the output of those shortcodes is left out on both
  sides (the classes are listed in SHORTCODE_CLASSES); the Markdown inside
  notice, expand, panel, ... is compared.

`--prepare` makes the Hugo site with benches/hugo_stub_site.py and then
gives two stubs the output brygge's built-ins have: `title` without the
stub's trailing line break (which splits "Audio." into "Audio .") and
`link` as a link to the page with its title.

It prints the share of pages whose text is identical, the reasons for the
differences (each differing page is counted under the reason of its first
difference), and, as structure the text does not show, the code blocks
each build highlights and the lines it marks (hl_lines).
"""
import collections
import difflib
import os
import re
import sys
from html.parser import HTMLParser

REFRESH_RE = re.compile(r'<meta\s+http-equiv="?refresh"?', re.I)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}
BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
         "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
         "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
         "tfoot", "th", "thead", "tr", "ul"}
NOT_TEXT = {"script", "style", "template", "summary", "noscript", "svg"}
# Output of shortcodes whose stub (Hugo side) and template (brygge side)
# differ by design. Hugo stubs: class "sc-NAME"; brygge's templates: these.
SHORTCODE_CLASSES = {
    # brygge's templates and placeholders
    "shortcode-placeholder", "notice-title", "panel-header", "panel-footer",
    "content-version-label", "icon", "children", "center", "code-title", "mermaid",
    "news-card", "navigation-buttons", "highlighted-link", "excerpt", "notyetwritten",
    "panel-contribute", "colorcontrast", "component-props", "swagger",
    # Hugo stubs (hugo_stub_site.py)
    "code-title", "mermaid",
}
# What brygge's page template adds around the content.
TEMPLATE_CLASSES = {"child-pages", "back-to-overview", "page-nav", "heading-anchor", "cards"}
# Stub output that Hugo shows as text (indented four spaces, it became code).
STUB_TEXT_RE = re.compile(r'<span class="sc-[\w-]+"></span>')
LINK_OPEN, LINK_CLOSE = "\u27e6", "\u27e7"


class Text(HTMLParser):
    """Visible words of a region, link boundaries marked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.plain = []      # the same without link marks
        self.stack = []      # (tag, skipping) of open elements
        self.skip = 0        # >0 inside skipped elements
        self.code_blocks = 0
        self.highlighted = 0
        self.marked_lines = 0

    def skipped(self, tag, attrs):
        classes = set((attrs.get("class") or "").split())
        if tag in NOT_TEXT or "hidden" in attrs:
            return True
        if classes & (SHORTCODE_CLASSES | TEMPLATE_CLASSES):
            return True
        if any(c.startswith("sc-") for c in classes):
            return True
        # the `footnote` shortcode (not Markdown footnotes)
        if (attrs.get("id") or "").startswith(("fnref-sc-", "fn-sc-")):
            return True
        if tag == "ol" and "footnotes" in classes:
            return True
        if tag == "section" and "content-version" in classes:
            return False
        return False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in BLOCK:
            self.parts.append(" ")
            self.plain.append(" ")
        classes = (a.get("class") or "").split()
        if tag == "pre" and not self.skip:
            self.code_blocks += 1
            if "chroma" in classes or "giallo" in classes or "highlight" in classes or (
                    a.get("style") or "").find("background-color") >= 0:
                self.highlighted += 1
        if tag == "span" and not self.skip and (("hl" in classes and "line" in classes) or (
                "background-color" in (a.get("style") or "") and "display:flex" in (a.get("style") or "").replace(" ", ""))):
            self.marked_lines += 1
        if tag in VOID:
            return
        skipping = self.skipped(tag, a)
        self.stack.append((tag, skipping))
        if skipping:
            self.skip += 1
        if tag == "a" and not self.skip and a.get("href") is not None:
            self.parts.append(" %s " % LINK_OPEN)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # close up to the matching open element (tolerates unclosed <p>, <li>)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for t, skipping in self.stack[i:][::-1]:
                    if t == "a" and not self.skip:
                        self.parts.append(" %s " % LINK_CLOSE)
                    if skipping:
                        self.skip -= 1
                del self.stack[i:]
                break
        if tag in BLOCK:
            self.parts.append(" ")
            self.plain.append(" ")

    def handle_data(self, data):
        data = STUB_TEXT_RE.sub("", data)
        if not self.skip:
            self.parts.append(data)
            self.plain.append(data)

    def words(self):
        return "".join(self.parts).split()

    def plain_words(self):
        return "".join(self.plain).split()


def read(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def hugo_region(html):
    m = re.search(r"<main\b[^>]*>", html)
    start = m.end() if m else 0
    end = html.rfind("</main>")
    return html[start:end if end >= 0 else len(html)]


def brygge_region(html):
    start = html.find('<div class="page-body">')
    if start < 0:
        return hugo_region(html)
    end = html.rfind("</main>")
    return html[start:end if end >= 0 else len(html)]


def scan(root):
    pages = {}
    for dirpath, _, files in os.walk(root):
        if "index.html" not in files:
            continue
        rel = os.path.relpath(dirpath, root)
        url = "/" if rel == "." else "/" + rel.replace(os.sep, "/") + "/"
        path = os.path.join(dirpath, "index.html")
        head = read(path)
        if REFRESH_RE.search(head[:3000]) and "<main" not in head:
            continue
        pages[url] = path
    return pages


def extract(html):
    t = Text()
    t.feed(html)
    t.close()
    return t


URL_RE = re.compile(r"(https?://|www\.)|@[\w-]+\.\w")
ATTR_RE = re.compile(r"^\{[.#][^}]*\}?$|^\{\.|\}$")


def reason(h, b):
    """A short name for the first difference between word lists h and b."""
    sm = difflib.SequenceMatcher(None, h, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        hs, bs = h[i1:i2], b[j1:j2]
        hj, bj = " ".join(hs), " ".join(bs)
        if (LINK_OPEN in hj or LINK_CLOSE in hj) and not (LINK_OPEN in bj or LINK_CLOSE in bj):
            near = " ".join(h[max(0, i1 - 2):i2 + 2])
            if URL_RE.search(near):
                return "linkify: bare URL or e-mail is a link in Hugo only", hj, bj
            return "a link in Hugo only", hj, bj
        if (LINK_OPEN in bj or LINK_CLOSE in bj) and not (LINK_OPEN in hj or LINK_CLOSE in hj):
            return "a link in brygge only", hj, bj
        if any(ATTR_RE.search(w) for w in bs) and not hs:
            return "attribute line {...} shown as text in brygge", hj, bj
        if "\u21a9" in hj or "\u21a9" in bj or "fn:" in hj:
            return "footnotes", hj, bj
        if "«" in hj or "»" in hj or "<<" in bj or ">>" in bj:
            return "typographer: << >> as « »", hj, bj
        if any(c in hj for c in "“”‘’") or any(c in bj for c in "“”‘’"):
            qh = re.sub(r"[“”‘’\"']", "'", hj)
            qb = re.sub(r"[“”‘’\"']", "'", bj)
            if qh == qb:
                return "typographer: quotes", hj, bj
        if any(w.startswith("|") or w.endswith("|") for w in bs) and not hs:
            return "table rendered as text in brygge", hj, bj
        if all(w.isdigit() for w in hs) and hs and not bs:
            return "line numbers (linenos) in Hugo only", hj, bj
        if op == "delete":
            return "text in Hugo only", hj, bj
        if op == "insert":
            return "text in brygge only", hj, bj
        return "text differs", hj, bj
    return "same", "", ""


LINK_STUB = ('{{- $path := index (split (.Get 0) "#") 0 -}}'
             '{{- with .Page.GetPage $path -}}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{- end -}}')


def prepare(corpus, dest):
    """The stub site of hugo_stub_site.py, with `title` and `link` as brygge prints them."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import hugo_stub_site
    saved = sys.argv
    sys.argv = ["hugo_stub_site.py", corpus, dest]
    try:
        hugo_stub_site.main()
    finally:
        sys.argv = saved
    shortcodes = os.path.join(dest, "layouts", "shortcodes")
    for name, body in (("title", "{{ .Page.Title }}"), ("link", LINK_STUB)):
        with open(os.path.join(shortcodes, name + ".html"), "w", encoding="utf-8") as fh:
            fh.write(body)


def main():
    args = [a for a in sys.argv[1:]]
    if args[:1] == ["--prepare"] and len(args) == 3:
        prepare(args[1], args[2])
        return
    max_n, show_pages, show = 12, False, None
    if "--max" in args:
        i = args.index("--max")
        max_n = int(args[i + 1])
        del args[i:i + 2]
    if "--show" in args:
        i = args.index("--show")
        show = args[i + 1]
        del args[i:i + 2]
    if "--pages" in args:
        show_pages = True
        args.remove("--pages")
    if len(args) != 2:
        sys.exit(__doc__)
    hugo, brygge = scan(args[0]), scan(args[1])
    common = sorted(set(hugo) & set(brygge))
    same = 0
    same_plain = 0
    reasons = collections.Counter()
    examples = {}
    per_page = []
    totals = collections.Counter()
    for url in common:
        h = extract(hugo_region(read(hugo[url])))
        b = extract(brygge_region(read(brygge[url])))
        totals["hugo code blocks"] += h.code_blocks
        totals["hugo highlighted"] += h.highlighted
        totals["hugo marked lines"] += h.marked_lines
        totals["brygge code blocks"] += b.code_blocks
        totals["brygge highlighted"] += b.highlighted
        totals["brygge marked lines"] += b.marked_lines
        hw, bw = h.words(), b.words()
        if h.plain_words() == b.plain_words():
            same_plain += 1
        if url == show:
            print("hugo:   " + " ".join(hw))
            print("brygge: " + " ".join(bw))
        if hw == bw:
            same += 1
            continue
        why, hj, bj = reason(hw, bw)
        reasons[why] += 1
        examples.setdefault(why, []).append((url, hj[:90], bj[:90]))
        per_page.append((url, why, hj[:90], bj[:90]))
    n = len(common)
    print("pages: Hugo %d, brygge %d, compared %d" % (len(hugo), len(brygge), n))
    print("identical visible body text: %d of %d pages = %.1f%%" % (same, n, 100.0 * same / max(n, 1)))
    print("identical ignoring which text is a link: %d of %d pages = %.1f%%" % (
        same_plain, n, 100.0 * same_plain / max(n, 1)))
    print("\nreasons (first difference of each differing page):")
    for why, count in reasons.most_common():
        print("  %4d  %s" % (count, why))
        for url, hj, bj in examples[why][:max_n]:
            print("          %s\n            Hugo:   %r\n            brygge: %r" % (url, hj, bj))
    print("\ncode blocks (<pre>): Hugo %d (%d highlighted, %d marked lines), brygge %d (%d highlighted, %d marked lines)" % (
        totals["hugo code blocks"], totals["hugo highlighted"], totals["hugo marked lines"],
        totals["brygge code blocks"], totals["brygge highlighted"], totals["brygge marked lines"]))
    if show_pages:
        print("\nper page:")
        for url, why, hj, bj in per_page:
            print("  %s  [%s]  Hugo %r | brygge %r" % (url, why, hj, bj))


if __name__ == "__main__":
    main()
