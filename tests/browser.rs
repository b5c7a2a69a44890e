//! `brygge serve` in a real browser: headless Chromium, driven through
//! chromedriver's W3C WebDriver HTTP API, shows a fixture site while the
//! test edits its files, and the test reads what a writer would see (the
//! text in the DOM, the scroll position, the error overlay, computed
//! styles) without ever reloading the page itself.
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium` and
//! `chromium-driver`), so the tests are ignored by a plain `cargo test`;
//! `.ci/run` installs both and runs them with
//! `cargo test --test browser -- --ignored`.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::{BILINGUAL, TestSite};

/// How long any one wait may take before the test fails (generous: the
/// machine may be busy; a passing wait returns as soon as it sees its
/// condition).
const DEADLINE: Duration = Duration::from_secs(30);

/// Headless Chromium as this machine needs it (without the networking
/// flags its closed network refuses Chromium's background connections),
/// with no crash reporter and a window of a fixed size.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-crash-reporter",
    "--window-size=1200,800",
];

/// One browser test at a time: two Chromiums and two servers on a small
/// machine only make every wait longer.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

const SCROLL_Y: i64 = 2000;

/// A page long enough to scroll 2,000 px down, with one paragraph in the
/// middle whose wording the tests change.
fn long_page(front: &str, edition: &str) -> String {
    let mut text = format!("---\n{front}---\n");
    for n in 1..=150 {
        if n == 60 {
            text.push_str(&format!("Avsnitt 60 i {edition} utgave.\n\n"));
        } else {
            text.push_str(&format!(
                "Avsnitt {n}: tekst om tilganger, roller og rettigheter.\n\n"
            ));
        }
    }
    text
}

const FRONT: &str = "title: Lang side\nweight: 1\n";
/// Line 4 of the file is indented under a scalar: invalid YAML, reported
/// at 4:6.
const BROKEN_FRONT: &str = "title: Lang side\nweight: 1\n  bad: indent\n";

fn site() -> TestSite {
    TestSite::new(&[
        ("site.toml", BILINGUAL),
        (
            "content/_index.nb.md",
            "---\ntitle: Hjem\n---\nVelkommen.\n",
        ),
        ("content/_index.en.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/guide/_index.nb.md",
            "---\ntitle: Veiledning\n---\nOm veiledningen.\n",
        ),
        ("content/guide/lang.nb.md", &long_page(FRONT, "første")),
        (
            "content/guide/blåbær.nb.md",
            "---\ntitle: Blåbær\n---\nBlåbær i første utgave.\n",
        ),
        // The site's own stylesheet in place of the built-in one.
        ("static/brygge.css", "body { color: rgb(1, 2, 3); }\n"),
    ])
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn an_edit_is_shown_in_place_keeping_the_scroll_and_a_broken_page_shows_the_overlay() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/lang/"));
    let shown = browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    assert_eq!(shown.overlay, None, "no overlay on a good site");

    let y = browser.run(
        "window.scrollTo(0, arguments[0]); return window.scrollY;",
        &[json!(SCROLL_Y)],
    );
    assert_eq!(y, json!(SCROLL_Y), "the page is long enough to scroll");
    browser.run("window.__marker = 'before the edit';", &[]);

    // The writer saves a new wording: the page reloads itself and comes
    // back where it was.
    browser.wait_until_listening();
    site.write("content/guide/lang.nb.md", long_page(FRONT, "andre"));
    let shown = browser.wait_for("the edited text", |s| {
        s.ready && s.main.contains("Avsnitt 60 i andre utgave.")
    });
    assert!(!shown.main.contains("første utgave"), "{}", shown.main);
    assert_eq!(
        shown.marker, None,
        "the page was reloaded (by the preview: the test never reloads)"
    );
    browser.wait_for_scroll(SCROLL_Y);

    // Broken front matter: the overlay names the file and the line, over
    // the last good content, and the writer keeps their place.
    browser.wait_until_listening();
    site.write(
        "content/guide/lang.nb.md",
        long_page(BROKEN_FRONT, "tredje"),
    );
    let shown = browser.wait_for("the overlay", |s| s.ready && s.overlay.is_some());
    let overlay = shown.overlay.as_deref().unwrap_or_default();
    assert!(
        overlay.contains("content/guide/lang.nb.md:4:6"),
        "the overlay names the file, line and column: {overlay}"
    );
    assert!(overlay.contains("front-matter-invalid"), "{overlay}");
    assert!(
        overlay.contains("4 |   bad: indent"),
        "the overlay shows the line: {overlay}"
    );
    assert!(
        shown.main.contains("Avsnitt 60 i andre utgave."),
        "the last good content stays under the overlay: {}",
        shown.main
    );
    assert!(
        browser.is_visible("brygge-overlay"),
        "the overlay is on screen"
    );
    browser.wait_for_scroll(SCROLL_Y);

    // Fixed: the overlay goes, the new text comes.
    browser.wait_until_listening();
    site.write("content/guide/lang.nb.md", long_page(FRONT, "fjerde"));
    let shown = browser.wait_for("the overlay gone", |s| {
        s.ready && s.overlay.is_none() && s.main.contains("Avsnitt 60 i fjerde utgave.")
    });
    assert!(!shown.main.contains("andre utgave"), "{}", shown.main);
    browser.wait_for_scroll(SCROLL_Y);
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_stylesheet_change_is_applied_without_a_reload() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/lang/"));
    browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    let style = "return getComputedStyle(document.body).color;";
    assert_eq!(browser.run(style, &[]), json!("rgb(1, 2, 3)"));
    browser.run(
        "window.scrollTo(0, arguments[0]); window.__marker = 'no reload';",
        &[json!(SCROLL_Y)],
    );

    browser.wait_until_listening();
    site.write("static/brygge.css", "body { color: rgb(10, 20, 30); }\n");
    let color = browser.poll("the new colour", || {
        let color = browser.try_run(style, &[])?;
        Ok((color == json!("rgb(10, 20, 30)")).then_some(color))
    });
    assert_eq!(color, json!("rgb(10, 20, 30)"));
    let shown = browser.state().expect("the page answers");
    assert_eq!(
        shown.marker.as_deref(),
        Some("no reload"),
        "the stylesheet was swapped in the page as it is, not by a reload"
    );
    assert_eq!(shown.y, SCROLL_Y, "and the page did not move");
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_page_with_letters_beyond_ascii_in_its_url_reloads_too() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/bl%C3%A5b%C3%A6r/"));
    browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    browser.wait_until_listening();
    site.write(
        "content/guide/blåbær.nb.md",
        "---\ntitle: Blåbær\n---\nBlåbær i andre utgave.\n",
    );
    browser.wait_for("the edited text", |s| {
        s.ready && s.main.contains("Blåbær i andre utgave.")
    });
}

#[test]
#[ignore = "needs chromium and chromedriver (installed by .ci/run)"]
fn a_renamed_page_is_followed_to_its_new_url_and_a_deleted_one_shows_not_found() {
    let _serial = serial();
    let site = site();
    let server = Server::start(&site);
    let browser = Browser::start();
    browser.open(&server.url("/nb/guide/lang/"));
    browser.wait_for("the page", |s| s.ready && s.main.contains("første utgave"));
    browser.run("window.scrollTo(0, arguments[0]);", &[json!(SCROLL_Y)]);

    browser.wait_until_listening();
    std::fs::rename(
        site.root().join("content/guide/lang.nb.md"),
        site.root().join("content/guide/lengre.nb.md"),
    )
    .expect("renamed");
    browser.wait_for("the new URL", |s| {
        s.ready && s.path == "/nb/guide/lengre/" && s.main.contains("første utgave")
    });
    browser.wait_for_scroll(SCROLL_Y);

    browser.wait_until_listening();
    std::fs::remove_file(site.root().join("content/guide/lengre.nb.md")).expect("removed");
    let shown = browser.wait_for("the page not found", |s| {
        s.ready && s.main.contains("Fant ikke siden")
    });
    assert_eq!(
        shown.path, "/nb/guide/lengre/",
        "still at the URL asked for"
    );
    assert!(!shown.main.contains("første utgave"), "{}", shown.main);

    // Written again: the not-found page turns into the page.
    browser.wait_until_listening();
    site.write("content/guide/lengre.nb.md", long_page(FRONT, "femte"));
    browser.wait_for("the page back", |s| {
        s.ready && s.main.contains("Avsnitt 60 i femte utgave.")
    });
}

/// Put into every document before its own scripts run: counts the `hello`
/// messages of the reload channel that the page's client opens, so that a
/// test edits a file only once the page listens (an edit made before that
/// is caught up by a reload, which would hide whether a stylesheet is
/// swapped in place). It only listens; the client works as it would.
const CHANNEL_PROBE: &str = "(() => {
    const Original = window.EventSource;
    window.__bryggeHello = 0;
    window.EventSource = function (url, options) {
        const source = new Original(url, options);
        source.addEventListener('hello', () => { window.__bryggeHello += 1; });
        return source;
    };
    window.EventSource.prototype = Original.prototype;
})();";

/// What the page shows, read in one script.
struct Shown {
    ready: bool,
    /// The page's reload channel is open (its `hello` arrived).
    live: bool,
    /// `location.pathname`, decoded.
    path: String,
    /// The text of `<main>` (the page's content).
    main: String,
    y: i64,
    /// `window.__marker`: set by the test, gone after a reload.
    marker: Option<String>,
    /// The text of the error overlay, when there is one.
    overlay: Option<String>,
}

/// Shown in failure messages with the text of `<main>` shortened.
impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let main: String = self.main.chars().take(300).collect();
        let more = self.main.chars().count().saturating_sub(300);
        f.debug_struct("Shown")
            .field("ready", &self.ready)
            .field("live", &self.live)
            .field("path", &self.path)
            .field("main", &format!("{main}… ({more} more characters)"))
            .field("y", &self.y)
            .field("marker", &self.marker)
            .field("overlay", &self.overlay)
            .finish()
    }
}

const STATE_SCRIPT: &str = "
    const main = document.querySelector('main');
    const overlay = document.getElementById('brygge-overlay');
    return {
        ready: document.readyState === 'complete',
        live: window.__bryggeHello > 0,
        path: decodeURIComponent(location.pathname),
        main: main ? main.innerText : '',
        y: Math.round(window.scrollY),
        marker: window.__marker === undefined ? null : String(window.__marker),
        overlay: overlay ? overlay.innerText : null,
    };";

/// A running `brygge serve` on a free port; stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    /// Everything it printed, for failure messages.
    log: Arc<Mutex<Vec<String>>>,
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
        let (address, log) = read_lines_until(child.stderr.take().expect("stderr"), |line| {
            let rest = line.strip_prefix("serving http://")?;
            rest.split('/').next()?.parse().ok()
        });
        Server {
            child,
            address: address.expect("the server says where it serves"),
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn log(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("brygge serve printed:\n{}", self.log());
        }
    }
}

/// Reads `stream` line by line on a thread, keeping every line, until
/// `found` recognises one (or [`DEADLINE`] passes); what it found, and
/// the lines (still growing).
fn read_lines_until<T: Send + 'static>(
    stream: impl std::io::Read + Send + 'static,
    found: impl Fn(&str) -> Option<T> + Send + 'static,
) -> (Option<T>, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let (sender, receiver) = mpsc::channel();
    let lines = log.clone();
    std::thread::spawn(move || {
        let mut sender = Some(sender);
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(value) = found(&line)
                && let Some(sender) = sender.take()
            {
                let _ = sender.send(value);
            }
            if let Ok(mut lines) = lines.lock() {
                lines.push(line);
            }
        }
    });
    (receiver.recv_timeout(DEADLINE).ok(), log)
}

/// Headless Chromium in a WebDriver session of its own chromedriver.
/// Dropping it ends the session (which closes Chromium) and chromedriver.
struct Browser {
    chromedriver: Child,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    /// Chromium's process, for when the session cannot be ended.
    browser_pid: Option<u64>,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let mut chromedriver = Command::new("chromedriver")
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (is it installed? .ci/run installs chromium-driver)");
        let (port, _log) = read_lines_until(chromedriver.stdout.take().expect("stdout"), |line| {
            let rest = line.split("started successfully on port ").nth(1)?;
            rest.trim_end_matches('.').parse::<u16>().ok()
        });
        let Some(port) = port else {
            let _ = chromedriver.kill();
            let _ = chromedriver.wait();
            panic!("chromedriver did not say which port it listens on");
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium(), "args": args },
            "timeouts": { "pageLoad": 30_000, "script": 10_000 },
        }}});
        let base = format!("http://127.0.0.1:{port}");
        let created = request(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(&capabilities),
        );
        let created = match created {
            Ok(value) => value,
            Err(err) => {
                let _ = chromedriver.kill();
                let _ = chromedriver.wait();
                panic!("no browser session: {err}");
            }
        };
        let id = created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        let browser = Browser {
            chromedriver,
            session: format!("{base}/session/{id}"),
            browser_pid: created["capabilities"]["goog:processID"].as_u64(),
            agent,
            _profile: profile,
        };
        // chromedriver's own command for the DevTools protocol.
        let probe = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": CHANNEL_PROBE },
        });
        let session = &browser.session;
        request(
            &browser.agent,
            "POST",
            &format!("{session}/goog/cdp/execute"),
            Some(&probe),
        )
        .unwrap_or_else(|err| panic!("cannot watch the reload channel: {err}"));
        browser
    }

    /// Goes to `url` and waits for it to load.
    fn open(&self, url: &str) {
        request(
            &self.agent,
            "POST",
            &format!("{}/url", self.session),
            Some(&json!({ "url": url })),
        )
        .unwrap_or_else(|err| panic!("cannot open {url}: {err}"));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    fn try_run(&self, script: &str, args: &[Value]) -> Result<Value, String> {
        request(
            &self.agent,
            "POST",
            &format!("{}/execute/sync", self.session),
            Some(&json!({ "script": script, "args": args })),
        )
    }

    #[track_caller]
    fn run(&self, script: &str, args: &[Value]) -> Value {
        self.try_run(script, args)
            .unwrap_or_else(|err| panic!("the script failed: {err}\n{script}"))
    }

    fn state(&self) -> Result<Shown, String> {
        let v = self.try_run(STATE_SCRIPT, &[])?;
        let text = |key: &str| v[key].as_str().map(str::to_string);
        Ok(Shown {
            ready: v["ready"].as_bool().unwrap_or(false),
            live: v["live"].as_bool().unwrap_or(false),
            path: text("path").unwrap_or_default(),
            main: text("main").unwrap_or_default(),
            y: v["y"].as_i64().unwrap_or(-1),
            marker: text("marker"),
            overlay: text("overlay"),
        })
    }

    /// Calls `probe` until it gives a value, or fails the test after
    /// [`DEADLINE`] with the last thing it saw. An error (the page is
    /// between two loads) counts as "not yet".
    #[track_caller]
    fn poll<T>(&self, what: &str, mut probe: impl FnMut() -> Result<Option<T>, String>) -> T {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let last = match probe() {
                Ok(Some(value)) => return value,
                Ok(None) => "the condition was false".to_string(),
                Err(err) => err,
            };
            if Instant::now() > deadline {
                let page = self.state().map(|s| format!("{s:#?}")).unwrap_or_default();
                panic!("waited {DEADLINE:?} for {what}; last: {last}\npage: {page}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until what the page shows passes `test`, and returns it.
    #[track_caller]
    fn wait_for(&self, what: &str, test: impl Fn(&Shown) -> bool) -> Shown {
        self.poll(what, || {
            let shown = self.state()?;
            Ok(test(&shown).then_some(shown))
        })
    }

    /// Waits until the page has loaded and listens to the reload channel
    /// (before the test changes a file), and returns what it shows.
    #[track_caller]
    fn wait_until_listening(&self) -> Shown {
        self.wait_for("the page listening for rebuilds", |s| s.ready && s.live)
    }

    /// Waits until the page is scrolled to `y`, give or take 4 px.
    #[track_caller]
    fn wait_for_scroll(&self, y: i64) {
        self.wait_for(&format!("the scroll position {y}"), |s| {
            s.ready && (s.y - y).abs() <= 4
        });
    }

    /// Whether the element with this id is drawn in the viewport.
    fn is_visible(&self, id: &str) -> bool {
        let script = "const e = document.getElementById(arguments[0]);
            if (!e) return false;
            const r = e.getBoundingClientRect();
            const s = getComputedStyle(e);
            return r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0
                && s.visibility !== 'hidden' && s.display !== 'none';";
        self.run(script, &[json!(id)]) == json!(true)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let ended = request(&self.agent, "DELETE", &self.session, None).is_ok();
        if !ended && let Some(pid) = self.browser_pid {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

/// Chromium's binary: `CHROMIUM` if set, else Debian's.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// One WebDriver command: its `value`, or the error chromedriver gave.
fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let response = match (method, body) {
        ("POST", Some(body)) => agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body.to_string()),
        ("DELETE", _) => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut response = response.map_err(|err| format!("{method} {url}: {err}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|err| format!("{method} {url}: {err}"))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|err| format!("{method} {url}: {err}: {text}"))?;
    let value = value["value"].clone();
    if status >= 400 || value.get("error").is_some_and(Value::is_string) {
        return Err(format!(
            "{method} {url}: {status} {}: {}",
            value["error"].as_str().unwrap_or("?"),
            value["message"].as_str().unwrap_or(&text)
        ));
    }
    Ok(value)
}
