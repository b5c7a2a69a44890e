#!/usr/bin/env python3
"""Compare a Hugo build and a brygge build of the same content.

Usage: compare_hugo.py HUGO_OUT BRYGGE_OUT [--max N] [--pages]

Reports (standard library only):
  a. page URLs (folders with index.html that are not alias redirects): only in
     Hugo, only in brygge, common;
  b. alias redirect pages (<meta http-equiv="refresh">): paths and targets;
  c. heading ids (h1-h6 with an id) in the content region of every common page,
     in document order: pages whose lists differ, the first difference, totals,
     and the most frequent differing pairs across the site;
  d. table-of-contents entries (#TableOfContents a[href], fragment decoded),
     the same way.

Content region: Hugo (stub layouts from hugo_stub_site.py): inside <main>.
brygge: from <div class="page-body"> to </main> (its page head and TOC
aside are template output). Template headings `toc-heading` and
`brygge-in-this-section` are ignored everywhere.
"""
import collections
import difflib
import os
import re
import sys
import urllib.parse
from html.parser import HTMLParser

TEMPLATE_IDS = {"toc-heading", "brygge-in-this-section"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
REFRESH_RE = re.compile(r'<meta\s+http-equiv="?refresh"?\s+content="\s*\d+\s*;\s*url=([^"]*)"', re.I)


class Extract(HTMLParser):
    """Headings (id, level, text) and TOC links of one region of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []      # [id, tag, text]
        self.cur = None
        self.toc = []           # [href, text]
        self.toc_depth = 0      # >0 while inside #TableOfContents
        self.in_a = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.toc_depth:
            if tag == "nav" or tag == "ul" or tag == "li" or tag == "div":
                pass
            if tag == "nav":
                self.toc_depth += 1
            if tag == "a" and a.get("href") is not None:
                self.in_a = [a["href"], ""]
                self.toc.append(self.in_a)
        elif a.get("id") == "TableOfContents":
            self.toc_depth = 1
        if tag in HEADINGS:
            self.cur = [a.get("id"), tag, ""]
            self.headings.append(self.cur)

    def handle_endtag(self, tag):
        if tag in HEADINGS:
            self.cur = None
        if tag == "a":
            self.in_a = None
        if self.toc_depth and tag == "nav":
            self.toc_depth -= 1

    def handle_data(self, data):
        if self.cur is not None:
            self.cur[2] += data
        if self.in_a is not None:
            self.in_a[1] += data


def read(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def content_region(html):
    end = html.rfind("</main>")
    if end < 0:
        end = len(html)
    start = html.find('<div class="page-body">')
    if start < 0:
        m = re.search(r"<main\b[^>]*>", html)
        start = m.end() if m else 0
    return html[start:end]


def scan(root):
    """url -> html for pages, url -> target for aliases."""
    pages, aliases = {}, {}
    for dirpath, _, files in os.walk(root):
        if "index.html" not in files:
            continue
        rel = os.path.relpath(dirpath, root)
        url = "/" if rel == "." else "/" + rel.replace(os.sep, "/") + "/"
        html = read(os.path.join(dirpath, "index.html"))
        m = REFRESH_RE.search(html[:3000])
        if m and "<main" not in html:
            aliases[url] = m.group(1)
        else:
            pages[url] = html
    return pages, aliases


def norm_target(t):
    p = urllib.parse.urlsplit(t)
    return urllib.parse.unquote(p.path) + (("#" + urllib.parse.unquote(p.fragment)) if p.fragment else "")


def page_data(html):
    e = Extract()
    e.feed(content_region(html))
    e.close()
    heads = [(h[0], h[1], " ".join(h[2].split())) for h in e.headings if h[0] and h[0] not in TEMPLATE_IDS]
    t = Extract()
    t.feed(html)
    t.close()
    toc = [(urllib.parse.unquote(h[0]), " ".join(h[1].split())) for h in t.toc]
    return heads, toc


def fmt(item):
    return "%s %r" % (item[0], item[-1][:70]) if item else "(none)"


def compare_lists(title, hugo_pages, brygge_pages, key, max_n, show_pages):
    print("\n== %s ==" % title)
    differing, total_h, total_b = [], 0, 0
    pair_counts = collections.Counter()
    only_h = collections.Counter()
    only_b = collections.Counter()
    text_diff = collections.Counter()
    for url in sorted(hugo_pages):
        h = hugo_pages[url][key]
        b = brygge_pages[url][key]
        total_h += len(h)
        total_b += len(b)
        hi = [x[0] for x in h]
        bi = [x[0] for x in b]
        sm0 = difflib.SequenceMatcher(None, hi, bi, autojunk=False)
        for blk in sm0.get_matching_blocks():
            for k in range(blk.size):
                ht, bt = h[blk.a + k][-1], b[blk.b + k][-1]
                if ht != bt:
                    text_diff[(hi[blk.a + k], ht[:60], bt[:60])] += 1
        if hi == bi:
            continue
        first = next((i for i in range(min(len(hi), len(bi))) if hi[i] != bi[i]), min(len(hi), len(bi)))
        differing.append((url, first, h, b))
        sm = difflib.SequenceMatcher(None, hi, bi, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    pair_counts[(hi[i1 + k], bi[j1 + k], h[i1 + k][-1][:60])] += 1
            elif op in ("replace", "delete", "insert"):
                for k in range(i1, i2):
                    only_h[(hi[k], h[k][-1][:60])] += 1
                for k in range(j1, j2):
                    only_b[(bi[k], b[k][-1][:60])] += 1
    print("entries: Hugo %d, brygge %d, over %d common pages" % (total_h, total_b, len(hugo_pages)))
    print("pages whose lists differ: %d (same length: %d)" % (
        len(differing), sum(1 for d in differing if len(d[2]) == len(d[3]))))
    print("aligned pairs that differ (Hugo id -> brygge id): %d occurrences, %d distinct" % (
        sum(pair_counts.values()), len(pair_counts)))
    for (hid, bid, text), n in pair_counts.most_common(max_n):
        print("  %4d  %-40s -> %-40s  text %r" % (n, hid, bid, text))
    print("only in Hugo (unaligned): %d occurrences" % sum(only_h.values()))
    for (i, text), n in only_h.most_common(max_n):
        print("  %4d  %-40s text %r" % (n, i, text))
    print("only in brygge (unaligned): %d occurrences" % sum(only_b.values()))
    for (i, text), n in only_b.most_common(max_n):
        print("  %4d  %-40s text %r" % (n, i, text))
    print("same id, different text: %d occurrences, %d distinct" % (
        sum(text_diff.values()), len(text_diff)))
    for (i, ht, bt), n in text_diff.most_common(max_n):
        print("  %4d  %-30s Hugo %r | brygge %r" % (n, i, ht, bt))
    if show_pages:
        print("-- per page (first difference: index, Hugo, brygge) --")
        for url, first, h, b in differing:
            print("  %s  [%d] hugo=%s | brygge=%s  (counts %d/%d)" % (
                url, first, fmt(h[first] if first < len(h) else None),
                fmt(b[first] if first < len(b) else None), len(h), len(b)))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    max_n = 25
    if "--max" in sys.argv:
        max_n = int(sys.argv[sys.argv.index("--max") + 1])
        args = [a for a in args if a != str(max_n)]
    show_pages = "--pages" in sys.argv
    hugo_pages, hugo_alias = scan(args[0])
    br_pages, br_alias = scan(args[1])

    print("== a. page URLs ==")
    hs, bs = set(hugo_pages), set(br_pages)
    print("Hugo %d, brygge %d, common %d, only Hugo %d, only brygge %d" % (
        len(hs), len(bs), len(hs & bs), len(hs - bs), len(bs - hs)))
    for u in sorted(hs - bs):
        print("  only Hugo:   " + u)
    for u in sorted(bs - hs):
        print("  only brygge: " + u)

    print("\n== b. aliases ==")
    ha, ba = set(hugo_alias), set(br_alias)
    print("Hugo %d, brygge %d, common %d, only Hugo %d, only brygge %d" % (
        len(ha), len(ba), len(ha & ba), len(ha - ba), len(ba - ha)))
    for u in sorted(ha - ba):
        print("  only Hugo:   %s -> %s%s" % (u, norm_target(hugo_alias[u]),
                                           "  (brygge has a page here)" if u in br_pages else ""))
    for u in sorted(ba - ha):
        print("  only brygge: %s -> %s%s" % (u, norm_target(br_alias[u]),
                                           "  (Hugo has a page here)" if u in hugo_pages else ""))
    diff_t = [u for u in sorted(ha & ba) if norm_target(hugo_alias[u]) != norm_target(br_alias[u])]
    print("common aliases with different targets: %d" % len(diff_t))
    for u in diff_t:
        print("  %s: Hugo -> %s | brygge -> %s" % (u, norm_target(hugo_alias[u]), norm_target(br_alias[u])))

    common = sorted(hs & bs)
    hd = {}
    bd = {}
    for u in common:
        h_heads, h_toc = page_data(hugo_pages[u])
        b_heads, b_toc = page_data(br_pages[u])
        hd[u] = {"heads": h_heads, "toc": h_toc}
        bd[u] = {"heads": b_heads, "toc": b_toc}
    compare_lists("c. heading ids in content", hd, bd, "heads", max_n, show_pages)
    no_toc = [u for u in common if hd[u]["toc"] and not bd[u]["toc"]]
    print("\npages where Hugo has TOC entries and brygge prints no TOC at all: %d" % len(no_toc))
    compare_lists("d. table-of-contents entries", hd, bd, "toc", max_n, show_pages)


if __name__ == "__main__":
    main()
