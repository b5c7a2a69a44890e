//! `brygge serve` over real sockets: what it serves, what it refuses, and
//! how it follows edits. The server runs as the built binary on a free
//! port; requests are written by hand so that odd paths reach it as sent.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{BILINGUAL, TestSite};

/// A running `brygge serve`; stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    lines: mpsc::Receiver<String>,
    /// What the server printed before it said where it serves.
    startup: Vec<String>,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brygge"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("brygge starts");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut startup = Vec::new();
        let address = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server says where it serves");
            if let Some(rest) = line.strip_prefix("serving http://") {
                let address = rest.split('/').next().expect("host:port");
                break address.parse().expect("an address");
            }
            startup.push(line);
        };
        Server {
            child,
            address,
            lines,
            startup,
        }
    }

    /// Sends `request` as it is and returns the whole response.
    fn raw(&self, request: &[u8]) -> Response {
        let mut stream = TcpStream::connect(self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.write_all(request).expect("request sent");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Response::parse(&bytes)
    }

    fn request(&self, method: &str, path: &str) -> Response {
        self.raw(
            format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// The next line the server prints that contains `needle`.
    #[track_caller]
    fn wait_for_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("the server never printed {needle:?}"));
            eprintln!("server: {line}");
            if line.contains(needle) {
                return line;
            }
        }
    }

    /// Waits until the server has printed nothing for a second (its
    /// rebuilds are done).
    fn wait_quiet(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.lines.recv_timeout(Duration::from_secs(1)).is_err() {
                return;
            }
        }
        panic!("the server kept rebuilding");
    }

    /// The server's resident memory, in KiB.
    fn memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// The page without what the preview puts in (overlay, client script).
    fn page(&self) -> String {
        let body = dechunk(&self.body);
        match body.find("<script>window.bryggeVersion") {
            Some(start) => {
                let end = body[start..]
                    .find("live.js\"></script>")
                    .map_or(body.len(), |i| start + i + "live.js\"></script>".len());
                format!("{}{}", &body[..start], &body[end..])
            }
            None => body,
        }
    }
}

/// Bodies of chunked responses, joined.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            return body.to_string();
        };
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    if out.is_empty() {
        body.to_string()
    } else {
        out
    }
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

fn site() -> TestSite {
    TestSite::new(&[
        ("site.toml", BILINGUAL),
        ("content/_index.nb.md", &page("Hjem", "Velkommen.")),
        ("content/_index.en.md", &page("Home", "Welcome.")),
        ("content/a/_index.nb.md", &page("Seksjon A", "Om A.")),
        ("content/a/en.nb.md", &page("En", "Første side.")),
        ("content/a/to.nb.md", &page("To", "Andre side.")),
        ("static/extra.css", "body { color: black; }"),
    ])
}

#[test]
fn serves_pages_with_the_client_and_refuses_what_is_outside_the_site() {
    let site = site();
    let outside = tempfile::tempdir().expect("folder");
    std::fs::write(outside.path().join("secret.txt"), "secret").expect("written");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("static/secret.txt"),
    )
    .expect("symlink");
    let server = Server::start(&site);

    let home = server.get("/nb/");
    assert_eq!(home.status, 200, "{home:?}");
    assert!(
        home.head
            .to_ascii_lowercase()
            .contains("content-type: text/html")
    );
    assert!(
        home.body
            .contains("<script src=\"/__brygge/live.js\"></script>")
    );
    assert!(home.page().contains("Velkommen."));
    assert_eq!(server.get("/extra.css").status, 200);
    assert_eq!(server.get("/__brygge/live.js").status, 200);

    let folder = server.get("/nb/a");
    assert_eq!(folder.status, 301);
    assert!(folder.head.contains("location: /nb/a/"), "{folder:?}");

    let missing = server.get("/en/nothing-here/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("live.js"),
        "the 404 page reloads when the page appears"
    );

    for path in [
        "/../../etc/passwd",
        "/nb/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2fetc%2fpasswd",
        "/nb/..%2f..%2fetc/passwd",
        "/nb%5c..%5c..%5cetc",
        "/nb\\..\\..\\etc",
        "/nb/./a/",
        "/%00",
        "//etc/passwd",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 400, "{path}: {response:?}");
        assert!(!response.body.contains("root:"), "{path}");
    }
    let escaped = server.get("/secret.txt");
    assert_eq!(
        escaped.status, 404,
        "a symlink out of the site is not followed"
    );
    assert!(!escaped.body.contains("secret"));
}

#[test]
fn only_get_and_head_and_no_overlong_requests() {
    let site = site();
    let server = Server::start(&site);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let response = server.request(method, "/nb/");
        assert_eq!(response.status, 405, "{method}");
        assert!(
            response
                .head
                .to_ascii_lowercase()
                .contains("allow: get, head")
        );
    }
    let head = server.request("HEAD", "/nb/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let long_url = format!("/nb/{}", "a".repeat(5000));
    assert_eq!(server.get(&long_url).status, 414);
    let long_header = format!(
        "GET /nb/ HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(20_000)
    );
    assert_eq!(server.raw(long_header.as_bytes()).status, 431);
    // A header section far beyond any limit: refused, and the server lives.
    let huge = format!(
        "GET /nb/ HTTP/1.1\r\nHost: x\r\nX-Huge: {}\r\n\r\n",
        "c".repeat(2_000_000)
    );
    let refused = server.raw(huge.as_bytes());
    assert!(
        refused.status == 431 || refused.status == 0,
        "{}",
        refused.status
    );
    assert_eq!(server.get("/nb/").status, 200, "still serving");
}

#[test]
fn edits_are_served_at_once_and_equal_a_full_build() {
    let site = site();
    let server = Server::start(&site);
    let mut events = TcpStream::connect(server.address).expect("connects");
    events
        .write_all(b"GET /__brygge/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("subscribed");
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reader = BufReader::new(events);
    let next_event = |reader: &mut BufReader<TcpStream>, kind: &str| -> String {
        let mut line = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut in_kind = false;
        while Instant::now() < deadline {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if line.starts_with(&format!("event: {kind}")) {
                in_kind = true;
            } else if in_kind && line.starts_with("data: ") {
                return line["data: ".len()..].trim().to_string();
            }
        }
        panic!("no {kind} event");
    };
    assert!(next_event(&mut reader, "hello").contains("\"version\""));

    // A body edit: the page's URL is announced and its new text served.
    site.write("content/a/en.nb.md", page("En", "Første side, skrevet om."));
    let change = next_event(&mut reader, "rebuild");
    assert!(change.contains("\"/nb/a/en/\""), "{change}");
    assert!(
        server
            .get("/nb/a/en/")
            .page()
            .contains("Første side, skrevet om.")
    );

    // A title edit reaches the section's list and the sidebar's tree (one
    // file, which pages load again in place).
    site.write("content/a/to.nb.md", page("Andre", "Andre side."));
    let change = next_event(&mut reader, "rebuild");
    assert!(change.contains("\"/nb/a/\""), "{change}");
    assert!(change.contains("\"/nb/_nav.html\""), "{change}");
    assert!(server.get("/nb/_nav.html").body.contains(">Andre</a>"));

    // A rename: the old URL moves to the new one.
    std::fs::rename(
        site.root().join("content/a/to.nb.md"),
        site.root().join("content/a/tre.nb.md"),
    )
    .expect("renamed");
    let change = next_event(&mut reader, "rebuild");
    assert!(
        change.contains("\"moved\":{\"/nb/a/to/\":\"/nb/a/tre/\"}"),
        "{change}"
    );
    assert_eq!(server.get("/nb/a/to/").status, 404);
    assert_eq!(server.get("/nb/a/tre/").status, 200);

    // A stylesheet: announced as one, not as a page.
    site.write("static/extra.css", "body { color: navy; }");
    let change = next_event(&mut reader, "rebuild");
    assert!(
        change.contains("\"stylesheets\":[\"/extra.css\"]"),
        "{change}"
    );
    assert!(server.get("/extra.css").body.contains("navy"));

    // What the preview serves now equals a full build of the same files.
    let out = site.root().join("full");
    // (without search, which the preview leaves out unless asked)
    let out_arg = out.to_str().expect("UTF-8 path");
    let run = site.run(&["build", "--no-search", "--out", out_arg]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for rel in common::files_below(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let built = std::fs::read_to_string(out.join(&rel)).expect("built");
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        let served = server.get(&url);
        let expected_status = if rel.ends_with("404.html") { 404 } else { 200 };
        let url = if rel.ends_with("404.html") {
            format!("/{rel}")
        } else {
            url
        };
        let served = if served.status == expected_status {
            served
        } else {
            server.get(&url)
        };
        assert_eq!(
            served.page(),
            built,
            "{rel} served differs from the full build"
        );
    }
}

#[test]
fn a_broken_page_shows_the_overlay_over_the_last_good_content_until_fixed() {
    let site = site();
    let server = Server::start(&site);
    site.write("content/a/en.nb.md", "---\ntitle: [En\n---\nNy tekst.\n");
    server.wait_for_line("error");
    let broken = server.get("/nb/a/en/");
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("id=\"brygge-overlay\""),
        "{}",
        broken.body
    );
    let location = broken
        .body
        .split("content/a/en.nb.md:")
        .nth(1)
        .expect("the overlay names the file");
    assert!(
        location.starts_with(|c: char| c.is_ascii_digit()),
        "and the line: {location}"
    );
    assert!(
        broken.body.contains(" | "),
        "and shows the line with a caret"
    );
    assert!(broken.body.contains("front-matter-invalid"));
    assert!(
        broken.body.contains("Første side."),
        "the last good content"
    );
    let other = server.get("/en/");
    assert!(
        other.body.contains("id=\"brygge-overlay\""),
        "every page carries it"
    );

    site.write("content/a/en.nb.md", page("En", "Rettet."));
    server.wait_for_line("changed content/a/en.nb.md");
    let fixed = server.get("/nb/a/en/");
    assert!(!fixed.body.contains("brygge-overlay"), "{}", fixed.body);
    assert!(fixed.page().contains("Rettet."));

    // A template that does not parse: the overlay, the old pages, a live server.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% if %}",
    );
    server.wait_for_line("error");
    let page = server.get("/nb/a/en/");
    assert!(page.body.contains("template-invalid"), "{}", page.body);
    assert!(page.page().contains("Rettet."));
    std::fs::remove_file(site.root().join("templates/page.html")).expect("removed");
    server.wait_for_line("changed templates/page.html");
    assert!(!server.get("/nb/a/en/").body.contains("brygge-overlay"));
}

/// When the very first build fails, there is no last good page: every
/// path shows the error with its place, and fixing it brings the site.
#[test]
fn a_first_build_that_fails_shows_why_until_fixed() {
    let site = site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}",
    );
    let server = Server::start(&site);
    let page = server.get("/nb/a/en/");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("id=\"brygge-overlay\""), "{}", page.body);
    assert!(
        page.body.contains("templates/page.html:2:26"),
        "the file, line and column: {}",
        page.body
    );
    assert!(
        page.body.contains("/__brygge/live.js"),
        "it reloads when fixed"
    );
    assert!(
        page.body
            .contains("builds the site as soon as this is fixed"),
        "no 'last good build' promised when there is none: {}",
        page.body
    );

    std::fs::remove_file(site.root().join("templates/page.html")).expect("removed");
    server.wait_for_line("changed templates/page.html");
    let fixed = server.get("/nb/a/en/");
    assert_eq!(fixed.status, 200);
    assert!(!fixed.body.contains("brygge-overlay"), "{}", fixed.body);
    assert!(fixed.page().contains("Første side."));
}

#[test]
fn many_reload_channels_and_a_burst_of_edits_leave_it_serving() {
    let site = site();
    let mut server = Server::start(&site);
    // Let the first build's memory settle before the baseline.
    std::thread::sleep(Duration::from_millis(300));
    let baseline = server.memory_kib();
    let channels: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address).expect("connects");
            stream
                .write_all(b"GET /__brygge/events HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("subscribed");
            stream
        })
        .collect();
    assert_eq!(server.get("/nb/").status, 200, "served beside 100 channels");

    // 1,000 file events in a burst: new pages written as fast as possible.
    for n in 0..1000 {
        site.write(
            &format!("content/a/burst-{n}.nb.md"),
            page(&format!("B{n}"), "x"),
        );
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.get("/nb/a/burst-999/").status != 200 {
        assert!(
            Instant::now() < deadline,
            "the last page of the burst never appeared"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(server.is_running());
    assert_eq!(server.get("/nb/a/burst-0/").status, 200);
    for n in 0..1000 {
        std::fs::remove_file(site.root().join(format!("content/a/burst-{n}.nb.md")))
            .expect("removed");
    }
    while server.get("/nb/a/burst-999/").status != 404 || server.get("/nb/a/burst-0/").status != 404
    {
        assert!(
            Instant::now() < deadline,
            "the burst's pages never went away"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(channels);
    server.wait_quiet();
    // The lowest reading over a second, once the last rebuild is done.
    let after = (0..10)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            server.memory_kib()
        })
        .min()
        .unwrap_or(0);
    assert!(server.is_running());
    // Back near where it started (allocator slack aside).
    assert!(
        after < baseline + 40 * 1024,
        "memory grew from {baseline} KiB to {after} KiB"
    );
}

/// Errors that were there when the preview started are not put over every
/// page, but a page shows its own: a writer who opens the page they broke
/// sees why, even when its template failed and there is no page to show.
#[test]
fn a_page_broken_before_the_start_shows_its_own_errors() {
    let site = site();
    site.write(
        "content/a/to.nb.md",
        "---\ntitle: To\n---\nSe {{< ref \"ingen-slik-side\" >}}.\n\nOg [en]({{< ref \"en\" >}}).\n",
    );
    site.write(
        "content/a/tre.nb.md",
        "---\ntitle: Tre\nlayout: strict\n---\nTekst.\n",
    );
    site.write(
        "templates/strict.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.params.missing.field }}{% endblock content %}",
    );
    let server = Server::start(&site);

    let broken = server.get("/nb/a/to/");
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("id=\"brygge-overlay\""),
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("content/a/to.nb.md:4:"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("ref-not-found"), "{}", broken.body);
    assert!(
        broken.body.contains("this page is shown as built"),
        "no last good build is promised: {}",
        broken.body
    );
    assert!(
        !broken.body.contains("template-failed"),
        "only its own errors"
    );

    let failed = server.get("/nb/a/tre/");
    assert_eq!(failed.status, 404);
    assert!(
        failed.body.contains("content/a/tre.nb.md"),
        "{}",
        failed.body
    );
    assert!(failed.body.contains("template-failed"), "{}", failed.body);
    let unslashed = server.get("/nb/a/tre");
    assert_eq!(unslashed.status, 404);
    assert!(
        unslashed.body.contains("template-failed"),
        "without the slash too: {}",
        unslashed.body
    );

    let other = server.get("/nb/a/en/");
    assert_eq!(other.status, 200);
    assert!(
        !other.body.contains("brygge-overlay"),
        "other pages are not covered by old errors: {}",
        other.body
    );

    // A new error in its file (the page it refers to is gone): the page
    // shows its last good build, and its overlay says so.
    std::fs::remove_file(site.root().join("content/a/en.nb.md")).expect("removed");
    server.wait_for_line("changed content/a/en.nb.md");
    let kept = server.get("/nb/a/to/");
    assert!(kept.body.contains("ingen-slik-side"), "{}", kept.body);
    assert!(
        kept.body
            .contains("pages with errors show their last good build"),
        "{}",
        kept.body
    );
    assert!(!kept.body.contains("this page is shown as built"));

    site.write("content/a/to.nb.md", page("To", "Rettet."));
    server.wait_for_line("changed content/a/to.nb.md");
    let fixed = server.get("/nb/a/to/");
    assert!(!fixed.body.contains("brygge-overlay"), "{}", fixed.body);
    assert!(fixed.page().contains("Rettet."));
}

/// The UI strings of `i18n/` are part of the configuration: editing them
/// shows at once, and a file that does not parse shows its error.
#[test]
fn translation_files_are_followed() {
    let site = site();
    let server = Server::start(&site);
    assert!(
        server
            .get("/nb/a/en/")
            .page()
            .contains("<summary>Meny</summary>")
    );

    site.write("i18n/nb.yaml", "menu: Innhold\n");
    server.wait_for_line("changed i18n");
    assert!(
        server
            .get("/nb/a/en/")
            .page()
            .contains("<summary>Innhold</summary>")
    );

    site.write("i18n/nb.yaml", "menu: [Innhold\n");
    server.wait_for_line("error");
    let broken = server.get("/nb/a/en/");
    assert!(broken.body.contains("i18n-invalid"), "{}", broken.body);
    assert!(broken.body.contains("i18n/nb.yaml:1:7"), "{}", broken.body);
    assert!(
        !broken.body.contains("last good build"),
        "no page is kept at its last good build: {}",
        broken.body
    );
}

/// A page saved in another encoding than UTF-8 cannot be read, and leaves
/// the index; in the preview it keeps its last good content under the
/// overlay until it is saved right again.
#[test]
fn a_page_saved_in_another_encoding_keeps_its_last_good_content() {
    let site = site();
    let server = Server::start(&site);
    site.write(
        "content/a/en.nb.md",
        b"---\ntitle: En\n---\nF\xf8rste side i Latin-1.\n",
    );
    server.wait_for_line("error");
    let kept = server.get("/nb/a/en/");
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert!(kept.body.contains("Første side."), "{}", kept.body);
    assert!(kept.body.contains("content/a/en.nb.md"), "{}", kept.body);
    assert!(
        kept.body
            .contains("pages with errors show their last good build"),
        "{}",
        kept.body
    );
    // A second save, still broken: still kept.
    site.write(
        "content/a/en.nb.md",
        b"---\ntitle: En\n---\nF\xf8rste side, igjen.\n",
    );
    server.wait_for_line("changed content/a/en.nb.md");
    assert!(server.get("/nb/a/en/").body.contains("Første side."));

    site.write("content/a/en.nb.md", page("En", "Lagret riktig."));
    server.wait_for_line("changed content/a/en.nb.md");
    let fixed = server.get("/nb/a/en/");
    assert!(!fixed.body.contains("brygge-overlay"), "{}", fixed.body);
    assert!(fixed.page().contains("Lagret riktig."));
}

/// The first line counts pages, as `build` does (not every file written).
#[test]
fn the_first_build_is_counted_in_pages() {
    let site = site();
    let server = Server::start(&site);
    let built = server
        .startup
        .iter()
        .find(|l| l.starts_with("built "))
        .unwrap_or_else(|| panic!("no 'built' line in {:?}", server.startup));
    assert!(built.starts_with("built 5 pages in "), "{built}");
}

/// `sed -i` writes a temporary file and renames it over the file: the
/// terminal names only the file that changed.
#[test]
fn a_file_saved_by_sed_is_the_only_change_named() {
    let site = site();
    let server = Server::start(&site);
    site.write("content/a/sedX1b2Qz", page("To", "Endret med sed."));
    std::fs::rename(
        site.root().join("content/a/sedX1b2Qz"),
        site.root().join("content/a/to.nb.md"),
    )
    .expect("renamed");
    let line = server.wait_for_line("changed content/a/to.nb.md");
    assert!(line.starts_with("changed content/a/to.nb.md: "), "{line}");
    assert!(server.get("/nb/a/to/").page().contains("Endret med sed."));
}

/// An unknown shortcode is no error (the page shows a marked box), but the
/// terminal says so when the file is saved.
#[test]
fn a_warning_in_a_saved_file_is_said_in_the_terminal() {
    let site = site();
    let server = Server::start(&site);
    site.write(
        "content/a/to.nb.md",
        page("To", "{{< nosuchthing foo=\"bar\" >}}"),
    );
    let line = server.wait_for_line("changed content/a/to.nb.md");
    assert!(
        line.contains("1 warning: content/a/to.nb.md:4:1: warning[shortcode-unknown]"),
        "{line}"
    );
}

/// A `brygge serve` whose output goes where the test says; stopped when
/// dropped, also when the test fails.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `read()` holds `needle`.
#[track_caller]
fn wait_until_logged(read: impl Fn() -> String, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !read().contains(needle) {
        assert!(
            Instant::now() < deadline,
            "never logged {needle:?}:\n{}",
            read()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `brygge serve 2> preview.log` in the site's own folder: the lines the
/// server writes to its log are no change to the site. (Each line used to
/// set off a rebuild, whose line set off the next, without end.)
#[test]
fn a_log_of_the_server_inside_the_site_is_no_change() {
    let site = site();
    let log_path = site.root().join("preview.log");
    let log = std::fs::File::create(&log_path).expect("log created");
    let _server = Running(
        Command::new(env!("CARGO_BIN_EXE_brygge"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(log.try_clone().expect("log cloned"))
            .stderr(log)
            .spawn()
            .expect("brygge starts"),
    );
    let read_log = || std::fs::read_to_string(&log_path).unwrap_or_default();

    wait_until_logged(read_log, "serving http://");
    std::thread::sleep(Duration::from_secs(2));
    let log = read_log();
    assert!(!log.contains("changed "), "{log}");

    // A real edit is still followed, and its line sets off nothing more.
    site.write("content/a/to.nb.md", page("To", "Endret."));
    wait_until_logged(read_log, "changed content/a/to.nb.md");
    std::thread::sleep(Duration::from_secs(2));
    let log = read_log();
    assert!(!log.contains("preview.log"), "{log}");
}

/// `brygge serve | tee preview.log` in the site's folder: the server
/// cannot know the file, but the change to it renders nothing, and what
/// renders nothing is not said (so says nothing that tee writes back).
/// Nor is a save of a file no page reads.
#[test]
fn a_change_that_renders_nothing_is_not_said() {
    let site = site();
    let mut server = Server::start(&site);
    site.write("notes.txt", "not part of the site");
    site.write("content/a/to.nb.md", page("To", "Endret."));
    let line = server.wait_for_line("changed ");
    assert!(line.starts_with("changed content/a/to.nb.md"), "{line}");
    server.wait_quiet();
    site.write("notes.txt", "still not part of the site");
    let said = server.lines.recv_timeout(Duration::from_secs(2));
    assert!(said.is_err(), "{said:?}");
    assert!(server.is_running());
}
