//! A WebDriver client for the browser tests: `brygge serve` on a free
//! port, and headless Chromium driven through chromedriver's W3C WebDriver
//! HTTP API (over `ureq`), with what the tests read of a page.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::common::TestSite;

/// How long any one wait may take before the test fails (generous: the
/// machine may be busy; a passing wait returns as soon as it sees its
/// condition).
pub const DEADLINE: Duration = Duration::from_secs(30);

/// Headless Chromium as this machine needs it (without the networking
/// flags its closed network refuses Chromium's background connections),
/// with no crash reporter and a window of a fixed size.
pub const CHROMIUM_ARGS: &[&str] = &[
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
pub static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Put into every document before its own scripts run: counts the `hello`
/// messages of the reload channel that the page's client opens, so that a
/// test edits a file only once the page listens (an edit made before that
/// is caught up by a reload, which would hide whether a stylesheet is
/// swapped in place). It only listens; the client works as it would.
pub const CHANNEL_PROBE: &str = "(() => {
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
pub struct Shown {
    pub ready: bool,
    /// The page's reload channel is open (its `hello` arrived).
    pub live: bool,
    /// `location.pathname`, decoded.
    pub path: String,
    /// The text of `<main>` (the page's content).
    pub main: String,
    pub y: i64,
    /// `window.__marker`: set by the test, gone after a reload.
    pub marker: Option<String>,
    /// The text of the error overlay, when there is one.
    pub overlay: Option<String>,
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

pub const STATE_SCRIPT: &str = "
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
pub struct Server {
    child: Child,
    address: SocketAddr,
    /// Everything it printed, for failure messages.
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        Server::start_at(site.root(), &[])
    }

    /// `brygge serve --root ROOT` with `args` (e.g. `--search`).
    pub fn start_at(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brygge"))
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(root)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("brygge starts");
        // A large site (the corpus) takes a while to build before it is served.
        let (address, log) = read_lines_within(
            child.stderr.take().expect("stderr"),
            |line| {
                let rest = line.strip_prefix("serving http://")?;
                rest.split('/').next()?.parse().ok()
            },
            Duration::from_secs(300),
        );
        Server {
            child,
            address: address.expect("the server says where it serves"),
            log,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub fn log(&self) -> String {
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
pub fn read_lines_until<T: Send + 'static>(
    stream: impl std::io::Read + Send + 'static,
    found: impl Fn(&str) -> Option<T> + Send + 'static,
) -> (Option<T>, Arc<Mutex<Vec<String>>>) {
    read_lines_within(stream, found, DEADLINE)
}

/// [`read_lines_until`], waiting at most `deadline`.
pub fn read_lines_within<T: Send + 'static>(
    stream: impl std::io::Read + Send + 'static,
    found: impl Fn(&str) -> Option<T> + Send + 'static,
    deadline: Duration,
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
    (receiver.recv_timeout(deadline).ok(), log)
}

/// Headless Chromium in a WebDriver session of its own chromedriver.
/// Dropping it ends the session (which closes Chromium) and chromedriver.
pub struct Browser {
    chromedriver: Child,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    /// Chromium's process, for when the session cannot be ended.
    browser_pid: Option<u64>,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Browser {
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
    pub fn open(&self, url: &str) {
        request(
            &self.agent,
            "POST",
            &format!("{}/url", self.session),
            Some(&json!({ "url": url })),
        )
        .unwrap_or_else(|err| panic!("cannot open {url}: {err}"));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub fn try_run(&self, script: &str, args: &[Value]) -> Result<Value, String> {
        request(
            &self.agent,
            "POST",
            &format!("{}/execute/sync", self.session),
            Some(&json!({ "script": script, "args": args })),
        )
    }

    #[track_caller]
    pub fn run(&self, script: &str, args: &[Value]) -> Value {
        self.try_run(script, args)
            .unwrap_or_else(|err| panic!("the script failed: {err}\n{script}"))
    }

    pub fn state(&self) -> Result<Shown, String> {
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
    pub fn poll<T>(&self, what: &str, mut probe: impl FnMut() -> Result<Option<T>, String>) -> T {
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
    pub fn wait_for(&self, what: &str, test: impl Fn(&Shown) -> bool) -> Shown {
        self.poll(what, || {
            let shown = self.state()?;
            Ok(test(&shown).then_some(shown))
        })
    }

    /// Waits until the page has loaded and listens to the reload channel
    /// (before the test changes a file), and returns what it shows.
    #[track_caller]
    pub fn wait_until_listening(&self) -> Shown {
        self.wait_for("the page listening for rebuilds", |s| s.ready && s.live)
    }

    /// Waits until the page is scrolled to `y`, give or take 4 px.
    #[track_caller]
    pub fn wait_for_scroll(&self, y: i64) {
        self.wait_for(&format!("the scroll position {y}"), |s| {
            s.ready && (s.y - y).abs() <= 4
        });
    }

    /// Whether the element with this id is drawn in the viewport.
    pub fn is_visible(&self, id: &str) -> bool {
        let script = "const e = document.getElementById(arguments[0]);
            if (!e) return false;
            const r = e.getBoundingClientRect();
            const s = getComputedStyle(e);
            return r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0
                && s.visibility !== 'hidden' && s.display !== 'none';";
        self.run(script, &[json!(id)]) == json!(true)
    }
}

impl Browser {
    /// Sets the window's size in CSS pixels.
    pub fn resize(&self, width: u32, height: u32) {
        request(
            &self.agent,
            "POST",
            &format!("{}/window/rect", self.session),
            Some(&json!({ "width": width, "height": height })),
        )
        .unwrap_or_else(|err| panic!("cannot resize the window: {err}"));
    }

    /// Makes the page's viewport `width` × `height` CSS pixels wide
    /// (a phone's, whatever the window), or the window's again with 0.
    pub fn emulate_viewport(&self, width: u32, height: u32) {
        let (cmd, params) = if width == 0 {
            ("Emulation.clearDeviceMetricsOverride", json!({}))
        } else {
            (
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true }),
            )
        };
        self.cdp(cmd, params);
    }

    /// Emulates `prefers-color-scheme` (`light` or `dark`).
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// One command of the DevTools protocol, through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        request(
            &self.agent,
            "POST",
            &format!("{}/goog/cdp/execute", self.session),
            Some(&json!({ "cmd": cmd, "params": params })),
        )
        .unwrap_or_else(|err| panic!("{cmd}: {err}"))
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let value = request(
            &self.agent,
            "GET",
            &format!("{}/screenshot", self.session),
            None,
        )
        .unwrap_or_else(|err| panic!("no screenshot: {err}"));
        decode_base64(value.as_str().unwrap_or_default())
    }

    /// The WebDriver id of the first element matching `css`.
    pub fn find(&self, css: &str) -> String {
        let value = request(
            &self.agent,
            "POST",
            &format!("{}/element", self.session),
            Some(&json!({ "using": "css selector", "value": css })),
        )
        .unwrap_or_else(|err| panic!("no element {css}: {err}"));
        value
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element id for {css}: {value}"))
            .to_string()
    }

    /// Types `text` into the element matching `css`, as a reader would.
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        request(
            &self.agent,
            "POST",
            &format!("{}/element/{id}/value", self.session),
            Some(&json!({ "text": text })),
        )
        .unwrap_or_else(|err| panic!("cannot type into {css}: {err}"));
    }

    /// Clicks the element matching `css`.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        request(
            &self.agent,
            "POST",
            &format!("{}/element/{id}/click", self.session),
            Some(&json!({})),
        )
        .unwrap_or_else(|err| panic!("cannot click {css}: {err}"));
    }

    /// Runs axe-core (`axe_source`, its `axe.min.js`) on the page and
    /// returns its violations of impact serious or critical, one line each.
    pub fn serious_violations(&self, axe_source: &str) -> Vec<String> {
        self.run(axe_source, &[]);
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))),
                e => done(['axe failed: ' + e]));";
        let value = request(
            &self.agent,
            "POST",
            &format!("{}/execute/async", self.session),
            Some(&json!({ "script": script, "args": [] })),
        )
        .unwrap_or_else(|err| panic!("axe did not run: {err}"));
        value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// axe-core's script: `AXE_CORE` if set, else the copy `.ci/run` installs
/// with npm under `target/axe`.
pub fn axe_source() -> String {
    let path = std::env::var("AXE_CORE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/axe/node_modules/axe-core/axe.min.js"
        )
        .into()
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("axe-core is not at {path} ({err}): .ci/run installs it"))
}

/// Decodes standard base64 (a screenshot); other bytes are skipped.
pub fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= u32::from(*d) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
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
pub fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// One WebDriver command: its `value`, or the error chromedriver gave.
pub fn request(
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
