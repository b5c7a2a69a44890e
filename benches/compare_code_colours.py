#!/usr/bin/env python3
"""Compare the colours of highlighted code in a Hugo build and a brygge build.

Usage: compare_code_colours.py HUGO_OUT BRYGGE_OUT [--lang LANG]

HUGO_OUT is Hugo's output for a site whose `[markup.highlight]` has
`style = "dracula"` and inline styles (Hugo's default, as the Altinn corpus
has it: `bash benches/hugo_speed.sh` leaves it in $WORK/hugo-out). brygge's
classes are read as the colours `static/brygge.css` gives them in its dark
(Dracula) style. For every page both have, the code blocks are paired in
order; a pair whose text differs is skipped. Each visible character (not
whitespace) is counted as the same colour or not, and the share per
language is printed. With --lang, the most frequent differences of that
language are printed with examples. Standard library only.
"""
import collections
import os
import re
import sys
from html.parser import HTMLParser

# brygge.css, dark style: class -> colour (classes not listed are the text's).
DARK = {
    "#ff79c6": "k kn kc cp o ow nt",
    "#8be9fd": "kd kt nb nv nl",
    "#bd93f9": "m mi mf mh no gh gu",
    "#f1fa8c": "s s1 s2 sb sc se sr",
    "#50fa7b": "na nc nf gi",
    "#6272a4": "c c1 cm cs",  # brygge lightens Dracula's comments for contrast
    "#ff5555": "gd",
}
COLOUR = {cls: colour for colour, classes in DARK.items() for cls in classes.split()}
TEXT = "#f8f8f2"
STRUCTURE = {"line", "cl", "line hl", "hl", "ln", "lnt"}
ALIASES = {"csharp": "cs", "c#": "cs", "jsonc": "json"}


class CodeBlocks(HTMLParser):
    """The code blocks of a page: (language, [(character, colour)])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = None
        self.spans = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "code" and attrs.get("data-lang"):
            self.current = (attrs["data-lang"].lower(), [])
            self.spans = []
        elif self.current is not None and tag == "span":
            style = re.search(r"(?:^|;)color:(#[0-9a-f]{6})", attrs.get("style") or "")
            self.spans.append(style.group(1) if style else attrs.get("class") or "")

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "code":
            self.blocks.append(self.current)
            self.current = None
        elif tag == "span" and self.spans:
            self.spans.pop()

    def handle_data(self, data):
        if self.current is None:
            return
        mark = next((s for s in reversed(self.spans) if s and s not in STRUCTURE), "")
        colour = mark if mark.startswith("#") else COLOUR.get(mark, TEXT)
        self.current[1].extend((c, colour) for c in data if not c.isspace())


def blocks(path):
    parser = CodeBlocks()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    return parser.blocks


def pairs(hugo_out, brygge_out):
    """Paired blocks with the same text: (language, hugo's, brygge's)."""
    for root, _, files in os.walk(hugo_out):
        for name in files:
            if name != "index.html":
                continue
            hugo_page = os.path.join(root, name)
            brygge_page = os.path.join(brygge_out, os.path.relpath(hugo_page, hugo_out))
            if not os.path.exists(brygge_page):
                continue
            hugo_blocks, brygge_blocks = blocks(hugo_page), blocks(brygge_page)
            if len(hugo_blocks) != len(brygge_blocks):
                continue
            for (lang, a), (_, b) in zip(hugo_blocks, brygge_blocks):
                if [c for c, _ in a] == [c for c, _ in b]:
                    yield ALIASES.get(lang, lang), a, b


def main():
    args = sys.argv[1:]
    if len(args) not in (2, 4) or (len(args) == 4 and args[2] != "--lang"):
        sys.exit(__doc__)
    hugo_out, brygge_out = args[0], args[1]
    detail = args[3] if len(args) == 4 else None
    total, same = collections.Counter(), collections.Counter()
    differences, examples = collections.Counter(), {}
    for lang, a, b in pairs(hugo_out, brygge_out):
        total[lang] += len(a)
        same[lang] += sum(x[1] == y[1] for x, y in zip(a, b))
        if lang != detail:
            continue
        text = "".join(c for c, _ in a)
        i = 0
        while i < len(a):
            if a[i][1] == b[i][1]:
                i += 1
                continue
            j = i
            while j < len(a) and (a[j][1], b[j][1]) == (a[i][1], b[i][1]):
                j += 1
            key = (a[i][1], b[i][1])
            differences[key] += j - i
            examples.setdefault(key, []).append(f"{text[max(0, i - 15):i]}[{text[i:j]}]{text[j:j + 10]}")
            i = j
    for lang, n in total.most_common():
        print(f"{lang:14} {n:8} characters, same colour as Hugo: {100 * same[lang] / n:5.1f} %")
    n = sum(total.values())
    if n:
        print(f"{'all':14} {n:8} characters, same colour as Hugo: {100 * sum(same.values()) / n:5.1f} %")
    for (hugo, mine), count in differences.most_common(10):
        print(f"{count:6}  Hugo {hugo}, brygge {mine}: {examples[(hugo, mine)][:3]}")


if __name__ == "__main__":
    main()
