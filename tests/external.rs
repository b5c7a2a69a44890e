//! `check::external` against a small HTTP server on 127.0.0.1: outcomes and
//! their locations, one request per URL, the cache, the per-host limit.
//! Only loopback traffic; the server stops when its test ends.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use brygge::check::external::{ExternalOptions, ExternalReport, check};
use brygge::diagnostics::Severity;

/// How long `/slow` takes to answer: longer than [`TIMEOUT`].
const SLOW: Duration = Duration::from_millis(1500);
/// The client's per-request timeout in these tests.
const TIMEOUT: Duration = Duration::from_millis(300);
/// Connections the server accepts before it stops by itself.
const MAX_CONNECTIONS: usize = 200;

/// What the server has seen, shared with its threads.
#[derive(Default)]
struct Seen {
    /// (method, path) of every request, in order of arrival.
    requests: Mutex<Vec<(String, String)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    stop: AtomicBool,
}

/// A test HTTP server on 127.0.0.1 and a random port, answering fixed paths.
struct Server {
    addr: SocketAddr,
    seen: Arc<Seen>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts the server; every answer waits `delay` first (with the request
    /// counted as in flight), so overlapping requests would be seen.
    fn start(delay: Duration) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let seen = Arc::new(Seen::default());
        let shared = Arc::clone(&seen);
        let accept = thread::spawn(move || {
            let mut handlers = Vec::new();
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let seen = Arc::clone(&shared);
                    handlers.push(thread::spawn(move || answer(stream, &seen, delay)));
                }
            }
            for handler in handlers {
                let _ = handler.join();
            }
        });
        Server {
            addr,
            seen,
            accept: Some(accept),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Requests for `path` (query included), any method.
    fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|(_, p)| p == path).count()
    }

    fn requests(&self) -> Vec<(String, String)> {
        self.seen.requests.lock().expect("request log").clone()
    }

    fn max_in_flight(&self) -> usize {
        self.seen.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.seen.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// Reads one request, answers it and closes the connection.
fn answer(mut stream: TcpStream, seen: &Seen, delay: Duration) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let Some((method, path)) = read_request(&mut stream) else {
        return;
    };
    seen.requests
        .lock()
        .expect("request log")
        .push((method.clone(), path.clone()));
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    pause(delay, seen);
    let route = path.split('?').next().unwrap_or(&path);
    let (status, extra) = match (method.as_str(), route) {
        (_, "/ok") => ("200 OK", String::new()),
        (_, "/gone") => ("404 Not Found", String::new()),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n".to_string()),
        ("HEAD", "/head-not-allowed") => ("405 Method Not Allowed", String::new()),
        (_, "/head-not-allowed") => ("200 OK", String::new()),
        (_, "/slow") => {
            pause(SLOW, seen);
            ("200 OK", String::new())
        }
        (_, "/err") => ("500 Internal Server Error", String::new()),
        _ => ("404 Not Found", String::new()),
    };
    // No longer in flight before the client can have the answer.
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    let body = if method == "HEAD" { "" } else { "hello\n" };
    let response =
        format!("HTTP/1.1 {status}\r\nContent-Length: 6\r\nConnection: close\r\n{extra}\r\n{body}");
    let _ = stream.write_all(response.as_bytes());
}

/// Method and path of a request, from its head (at most 8 KiB).
fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 8192 {
        let n = stream.read(&mut buffer).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(&buffer[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut first = head.lines().next()?.split(' ');
    Some((first.next()?.to_string(), first.next()?.to_string()))
}

/// Sleeps up to `duration` in short steps, ending early when the server stops.
fn pause(duration: Duration, seen: &Seen) {
    let start = Instant::now();
    while start.elapsed() < duration && !seen.stop.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(10));
    }
}

fn options(cache: Option<PathBuf>) -> ExternalOptions {
    ExternalOptions {
        timeout: TIMEOUT,
        cache,
        ..ExternalOptions::default()
    }
}

fn link(url: String, file: &str, line: u32, column: u32) -> (String, PathBuf, u32, u32) {
    (url, PathBuf::from(file), line, column)
}

/// (severity, code, file, line, column) of every diagnostic.
fn found(report: &ExternalReport) -> BTreeSet<(Severity, &'static str, String, u32, u32)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.to_string_lossy().into_owned();
            (d.severity, d.code, file, d.line, d.column)
        })
        .collect()
}

fn message_at(report: &ExternalReport, file: &str, line: u32) -> String {
    report
        .diagnostics
        .iter()
        .find(|d| d.file == Path::new(file) && d.line == line)
        .map(|d| d.message.clone())
        .unwrap_or_default()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[test]
fn each_outcome_has_its_code_and_location() {
    let server = Server::start(Duration::ZERO);
    let links = vec![
        link(server.url("/ok"), "content/a.md", 1, 1),
        link(server.url("/gone"), "content/a.md", 3, 5),
        link(server.url("/gone#part"), "content/b.md", 8, 2),
        link(server.url("/moved"), "content/a.md", 4, 1),
        link(server.url("/head-not-allowed"), "content/a.md", 5, 1),
        link(server.url("/slow"), "content/c.md", 2, 7),
        link(server.url("/err"), "content/c.md", 9, 3),
        link("mailto:a@b.no".into(), "content/a.md", 6, 1),
        link("/nb/docs/".into(), "content/a.md", 7, 1),
    ];
    let report = check(&links, &options(None));
    let expected: BTreeSet<_> = [
        (Severity::Error, "external-broken", "content/a.md", 3, 5),
        (Severity::Error, "external-broken", "content/b.md", 8, 2),
        (
            Severity::Warning,
            "external-unreachable",
            "content/c.md",
            2,
            7,
        ),
        (
            Severity::Warning,
            "external-unreachable",
            "content/c.md",
            9,
            3,
        ),
    ]
    .into_iter()
    .map(|(s, c, f, l, col)| (s, c, f.to_string(), l, col))
    .collect();
    assert_eq!(found(&report), expected, "{:#?}", report.diagnostics);
    assert!(message_at(&report, "content/a.md", 3).contains("404"));
    assert!(message_at(&report, "content/b.md", 8).contains("/gone#part"));
    assert!(message_at(&report, "content/c.md", 2).contains("no answer within 300 ms"));
    assert!(message_at(&report, "content/c.md", 9).contains("500"));
    assert_eq!((report.checked, report.from_cache), (6, 0));
    let requests = server.requests();
    let of = |path: &str| -> Vec<&str> {
        requests
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.as_str())
            .collect()
    };
    assert_eq!(of("/head-not-allowed"), ["HEAD", "GET"]);
    assert_eq!(of("/moved"), ["HEAD"]);
    assert_eq!(of("/gone"), ["HEAD"]);
    assert_eq!(of("/slow"), ["HEAD", "GET"]);
    // `/ok` once for itself and once as the target of `/moved`.
    assert_eq!(of("/ok"), ["HEAD", "HEAD"]);
}

#[test]
fn a_url_used_twice_is_requested_once() {
    let server = Server::start(Duration::ZERO);
    let links = vec![
        link(server.url("/ok"), "content/a.md", 1, 1),
        link(server.url("/ok#intro"), "content/b.md", 2, 2),
        link(server.url("/ok"), "content/b.md", 9, 9),
    ];
    let report = check(&links, &options(None));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(report.checked, 1);
}

#[test]
fn a_second_run_with_the_cache_asks_again_only_what_said_try_later() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().expect("temporary directory");
    let cache = dir.path().join("cache/links.json");
    let links = vec![
        link(server.url("/ok"), "content/a.md", 1, 1),
        link(server.url("/gone"), "content/a.md", 2, 1),
        link(server.url("/err"), "content/a.md", 3, 1),
    ];
    let first = check(&links, &options(Some(cache.clone())));
    let asked = server.requests().len();
    assert_eq!(asked, 3);
    assert_eq!(first.from_cache, 0);
    let text = std::fs::read_to_string(&cache).expect("cache written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("cache is JSON");
    assert_eq!(json[server.url("/gone")]["status"], 404);
    assert!(json.get(server.url("/err")).is_none(), "a 500 is not kept");
    let entries = std::fs::read_dir(dir.path().join("cache")).expect("cache dir");
    assert_eq!(entries.count(), 1, "no temporary file left behind");

    let second = check(&links, &options(Some(cache)));
    assert_eq!(server.count("/ok"), 1, "a lasting answer is reused");
    assert_eq!(server.count("/gone"), 1);
    assert_eq!(server.count("/err"), 2, "a 500 is asked again");
    assert_eq!(server.requests().len(), asked + 1);
    assert_eq!((second.checked, second.from_cache), (3, 2));
    assert_eq!(found(&second), found(&first));
    assert_eq!(found(&second).len(), 2);
}

#[test]
fn an_expired_cache_entry_is_checked_again() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().expect("temporary directory");
    let cache = dir.path().join("links.json");
    let now = unix_now();
    let two_days_ago = now - 2 * 86_400;
    let cached = serde_json::json!({
        server.url("/ok"): { "status": 200, "checked": two_days_ago },
        server.url("/gone"): { "status": 404, "checked": now },
    });
    std::fs::write(&cache, cached.to_string()).expect("write cache");
    let links = vec![
        link(server.url("/ok"), "content/a.md", 1, 1),
        link(server.url("/gone"), "content/a.md", 2, 1),
    ];
    let report = check(&links, &options(Some(cache.clone())));
    assert_eq!(server.count("/ok"), 1, "expired: asked again");
    assert_eq!(server.count("/gone"), 0, "fresh: taken from the cache");
    assert_eq!((report.checked, report.from_cache), (2, 1));
    let broken = (
        Severity::Error,
        "external-broken",
        "content/a.md".into(),
        2,
        1,
    );
    assert_eq!(found(&report), BTreeSet::from([broken]));
    let text = std::fs::read_to_string(&cache).expect("cache written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("cache is JSON");
    let checked = json[server.url("/ok")]["checked"].as_u64().unwrap_or(0);
    assert!(checked >= now, "the new answer replaces the old one");
}

#[test]
fn per_host_one_never_has_two_requests_in_flight() {
    let server = Server::start(Duration::from_millis(60));
    let links: Vec<_> = (0..6)
        .map(|i| link(server.url(&format!("/ok?i={i}")), "content/a.md", i + 1, 1))
        .collect();
    let options = ExternalOptions {
        per_host: 1,
        ..options(None)
    };
    let report = check(&links, &options);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(server.requests().len(), 6);
    assert_eq!(server.max_in_flight(), 1);
}

#[test]
fn per_host_limit_still_allows_parallel_requests() {
    // The counterpart of the test above: shows the server would see overlap.
    let server = Server::start(Duration::from_millis(200));
    let links: Vec<_> = (0..6)
        .map(|i| link(server.url(&format!("/ok?i={i}")), "content/a.md", i + 1, 1))
        .collect();
    let options = ExternalOptions {
        per_host: 3,
        timeout: Duration::from_secs(5),
        ..options(None)
    };
    let report = check(&links, &options);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(server.requests().len(), 6);
    let most = server.max_in_flight();
    assert!((2..=3).contains(&most), "{most} in flight");
}

#[test]
fn a_corrupt_cache_gives_a_warning_and_the_check_still_runs() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().expect("temporary directory");
    let cache = dir.path().join("links.json");
    std::fs::write(&cache, "{ \"http://x\": [not json").expect("write cache");
    let links = vec![link(server.url("/gone"), "content/a.md", 4, 2)];
    let report = check(&links, &options(Some(cache.clone())));
    let cache_name = cache.to_string_lossy().into_owned();
    let expected = BTreeSet::from([
        (
            Severity::Warning,
            "external-cache-invalid",
            cache_name,
            0,
            0,
        ),
        (
            Severity::Error,
            "external-broken",
            "content/a.md".into(),
            4,
            2,
        ),
    ]);
    assert_eq!(found(&report), expected, "{:#?}", report.diagnostics);
    assert_eq!(server.count("/gone"), 1);
    let text = std::fs::read_to_string(&cache).expect("cache rewritten");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
}
