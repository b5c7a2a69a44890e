//! External links: are the `http`/`https` pages a site links to still there?
//!
//! [`check`] takes the external links that [`super::run`] collected (URL,
//! file, line, column), asks each distinct URL once (its `#fragment` dropped;
//! `HEAD`, then `GET` when `HEAD` is refused or fails), never more than
//! [`ExternalOptions::per_host`] requests to one host at a time, and reports
//! the answers at every place a URL is used. Answers can be kept in a JSON
//! cache file so the next run does not ask again.
//!
//! This is the only part of `check` that touches the network, so it runs only
//! when asked for (`brygge check --external`). It knows nothing about pages,
//! rendering or the command line: links in, diagnostics out.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Severity};

/// Code of the error for a link whose server answers 404 or 410.
pub const BROKEN: &str = "external-broken";
/// Code of the warning for a link that could not be judged (other 4xx/5xx,
/// timeout, DNS or connection failure).
pub const UNREACHABLE: &str = "external-unreachable";
/// Code of the warning for a cache file that cannot be read or parsed.
pub const CACHE_INVALID: &str = "external-cache-invalid";
/// Code of the warning for a cache file that cannot be written.
pub const CACHE_UNWRITABLE: &str = "external-cache-unwritable";

/// Sent with every request, so site owners can tell who is asking.
const USER_AGENT: &str = "brygge-linkcheck";
/// Redirects followed before a link counts as unreachable.
const MAX_REDIRECTS: u32 = 5;
/// Requests in flight at once, over all hosts.
const MAX_WORKERS: usize = 16;

/// Characters a link may contain that a request line may not; percent-encoded
/// (with every non-ASCII byte) before the request is made.
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// How external links are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalOptions {
    /// At most this many requests to one host at a time (0 counts as 1).
    pub per_host: usize,
    /// Time allowed for one request, redirects included.
    pub timeout: Duration,
    /// JSON cache file, read before and written after the check.
    pub cache: Option<PathBuf>,
    /// Cache entries younger than this are reused instead of asking again.
    pub max_age: Duration,
}

impl Default for ExternalOptions {
    /// Two requests per host, 10 s per request, no cache, a day's reuse.
    fn default() -> Self {
        ExternalOptions {
            per_host: 2,
            timeout: Duration::from_secs(10),
            cache: None,
            max_age: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// What the external check found.
#[derive(Debug, Default)]
pub struct ExternalReport {
    /// `external-broken` errors, `external-unreachable` warnings and cache
    /// warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct URLs judged (asked now or answered by the cache).
    pub checked: usize,
    /// Of those, how many the cache answered.
    pub from_cache: usize,
}

/// What asking for a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The final HTTP status, after redirects.
    Status(u16),
    /// No status: why (timeout, DNS, connection, too many redirects, ...).
    Failed(String),
}

/// Why the cache could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a link cache: {source}", path.display())]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// Checks every `http`/`https` link in `links` (URL, file, line, column);
/// other links are skipped. See the module documentation.
pub fn check(links: &[(String, PathBuf, u32, u32)], options: &ExternalOptions) -> ExternalReport {
    let uses = group(links);
    let mut report = ExternalReport::default();
    let mut cache = match &options.cache {
        Some(path) => Cache::load(path).unwrap_or_else(|error| {
            report.diagnostics.push(
                Diagnostic::warning(
                    CACHE_INVALID,
                    path,
                    format!("the link cache is ignored: {error}"),
                )
                .with_help("it is rewritten after this check"),
            );
            Cache::default()
        }),
        None => Cache::default(),
    };
    let now = unix_now();
    let mut outcomes: BTreeMap<&str, Outcome> = BTreeMap::new();
    let mut to_ask = Vec::new();
    for url in uses.keys() {
        match cache.fresh(url, now, options.max_age) {
            Some(outcome) => {
                outcomes.insert(url, outcome);
                report.from_cache += 1;
            }
            None => to_ask.push(url.as_str()),
        }
    }
    cache.forget_older_than(now, options.max_age);
    for (url, outcome) in probe_all(&to_ask, options) {
        cache.record(url, &outcome, unix_now());
        outcomes.insert(url, outcome);
    }
    if let Some(path) = &options.cache {
        if let Err(error) = cache.save(path) {
            report.diagnostics.push(Diagnostic::warning(
                CACHE_UNWRITABLE,
                path,
                format!("the link cache was not saved: {error}"),
            ));
        }
    }
    report.checked = outcomes.len();
    for (url, outcome) in &outcomes {
        report.diagnostics.extend(diagnose(outcome, &uses[*url]));
    }
    crate::diagnostics::sort(&mut report.diagnostics);
    report
}

/// One place a link is used.
struct Use<'a> {
    /// The link as written, fragment included.
    written: &'a str,
    file: &'a Path,
    line: u32,
    column: u32,
}

/// The places each distinct request URL is used, `http`/`https` links only.
fn group(links: &[(String, PathBuf, u32, u32)]) -> BTreeMap<String, Vec<Use<'_>>> {
    let mut uses: BTreeMap<String, Vec<Use<'_>>> = BTreeMap::new();
    for (written, file, line, column) in links {
        if let Some(url) = request_url(written) {
            uses.entry(url).or_default().push(Use {
                written,
                file,
                line: *line,
                column: *column,
            });
        }
    }
    uses
}

/// The URL to request for a link: `None` unless it is `http`, `https` or
/// protocol-relative (taken as `https`); the `#fragment` dropped and
/// characters a request line may not hold percent-encoded.
pub fn request_url(link: &str) -> Option<String> {
    let link = link.trim();
    let without_fragment = link.split('#').next().unwrap_or(link);
    let absolute = match without_fragment.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => without_fragment.to_string(),
    };
    let (scheme, _) = absolute.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    Some(utf8_percent_encode(&absolute, NOT_IN_URI).to_string())
}

/// The host (with port, without user info), lowercased: the unit of the
/// per-host limit.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    host.to_ascii_lowercase()
}

/// The diagnostics for one URL's outcome, one at each place it is used.
fn diagnose(outcome: &Outcome, uses: &[Use<'_>]) -> Vec<Diagnostic> {
    let Some((severity, code, reason)) = verdict(outcome) else {
        return Vec::new();
    };
    uses.iter()
        .map(|place| {
            let (message, help) = if code == BROKEN {
                (
                    format!("external link `{}` is broken: {reason}", place.written),
                    "the server says the page is gone: update the link or remove it",
                )
            } else {
                (
                    format!(
                        "could not check external link `{}`: {reason}",
                        place.written
                    ),
                    "check it by hand: the server may be down, slow, or refuse automated requests",
                )
            };
            Diagnostic::new(severity, code, place.file, message)
                .at(place.line, place.column)
                .with_help(help)
        })
        .collect()
}

/// `None` when the link is fine, else its severity, code and reason.
fn verdict(outcome: &Outcome) -> Option<(Severity, &'static str, String)> {
    match outcome {
        Outcome::Status(status) if (200..400).contains(status) => None,
        Outcome::Status(status @ (404 | 410)) => {
            Some((Severity::Error, BROKEN, status_text(*status)))
        }
        Outcome::Status(status) => Some((Severity::Warning, UNREACHABLE, status_text(*status))),
        Outcome::Failed(reason) => Some((Severity::Warning, UNREACHABLE, reason.clone())),
    }
}

/// `HTTP 404 Not Found`.
fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason());
    match reason {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

/// Asks for every URL, in parallel, within the per-host limit.
fn probe_all<'a>(urls: &[&'a str], options: &ExternalOptions) -> Vec<(&'a str, Outcome)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent = agent(options.timeout);
    let queue = Queue::new(urls, options.per_host);
    let workers = urls.len().min(MAX_WORKERS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(slot) = queue.take() {
                        done.push((slot.url, probe(&agent, slot.url, options.timeout)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// An HTTP client that reports statuses instead of failing on them.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .timeout_global(Some(timeout))
        .build()
        .new_agent()
}

/// `HEAD`, then `GET` when `HEAD` gives 405 or 501 or fails.
fn probe(agent: &ureq::Agent, url: &str, timeout: Duration) -> Outcome {
    let head = agent.head(url).call();
    if let Ok(response) = &head {
        let status = response.status().as_u16();
        if status != 405 && status != 501 {
            return Outcome::Status(status);
        }
    }
    match agent.get(url).call() {
        Ok(response) => Outcome::Status(response.status().as_u16()),
        Err(error) => Outcome::Failed(describe(&error, timeout)),
    }
}

/// A short reason for a failed request.
fn describe(error: &ureq::Error, timeout: Duration) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("no answer within {}", show(timeout)),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        other => other.to_string(),
    }
}

/// `10 s`, `300 ms`.
fn show(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

/// URLs waiting to be asked, and how many requests each host has in flight.
struct Queue<'a> {
    state: Mutex<QueueState<'a>>,
    freed: Condvar,
    per_host: usize,
}

struct QueueState<'a> {
    pending: VecDeque<&'a str>,
    busy: HashMap<String, usize>,
}

/// A URL taken from the queue; its host's place is freed when dropped.
struct Slot<'q, 'a> {
    queue: &'q Queue<'a>,
    url: &'a str,
}

impl<'a> Queue<'a> {
    fn new(urls: &[&'a str], per_host: usize) -> Self {
        Queue {
            state: Mutex::new(QueueState {
                pending: urls.iter().copied().collect(),
                busy: HashMap::new(),
            }),
            freed: Condvar::new(),
            per_host: per_host.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, QueueState<'a>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next URL whose host has room, waiting for room if need be;
    /// `None` when nothing is left.
    fn take(&self) -> Option<Slot<'_, 'a>> {
        let mut state = self.lock();
        loop {
            if state.pending.is_empty() {
                return None;
            }
            let free = state.pending.iter().position(|url| {
                state.busy.get(&host_of(url)).copied().unwrap_or(0) < self.per_host
            });
            if let Some(url) = free.and_then(|index| state.pending.remove(index)) {
                *state.busy.entry(host_of(url)).or_default() += 1;
                return Some(Slot { queue: self, url });
            }
            // Every waiting host is full, so a request is in flight and its
            // slot will be dropped and notify.
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Drop for Slot<'_, '_> {
    fn drop(&mut self) {
        let mut state = self.queue.lock();
        if let Some(busy) = state.busy.get_mut(&host_of(self.url)) {
            *busy = busy.saturating_sub(1);
        }
        drop(state);
        self.queue.freed.notify_all();
    }
}

/// The cache file: URL → outcome and when it was checked.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
struct Cache {
    entries: BTreeMap<String, CacheEntry>,
}

/// One cached answer: a status and the Unix time it was got. (Caches
/// written before failures were left out may hold entries with an `error`
/// and no status: they are read and never reused.)
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    checked: u64,
}

impl Cache {
    /// Reads the cache; a missing file is an empty cache.
    fn load(path: &Path) -> Result<Cache, CacheError> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Cache::default()),
            Err(source) => {
                return Err(CacheError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        serde_json::from_str(&text).map_err(|source| CacheError::Parse {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The cached answer for `url` if it is younger than `max_age`. Only
    /// lasting answers are reused: no answer at all (offline, a timeout) and
    /// "try later" statuses (408, 429, 5xx) are asked again on every run.
    fn fresh(&self, url: &str, now: u64, max_age: Duration) -> Option<Outcome> {
        let entry = self.entries.get(url)?;
        if now.saturating_sub(entry.checked) >= max_age.as_secs() {
            return None;
        }
        entry
            .status
            .filter(|&status| !is_transient(status))
            .map(Outcome::Status)
    }

    /// Drops entries too old to be reused.
    fn forget_older_than(&mut self, now: u64, max_age: Duration) {
        self.entries
            .retain(|_, entry| now.saturating_sub(entry.checked) < max_age.as_secs());
    }

    /// Keeps a lasting answer (see [`Cache::fresh`]); forgets any other.
    fn record(&mut self, url: &str, outcome: &Outcome, now: u64) {
        let status = match outcome {
            Outcome::Status(status) if !is_transient(*status) => *status,
            _ => {
                self.entries.remove(url);
                return;
            }
        };
        self.entries.insert(
            url.to_string(),
            CacheEntry {
                status: Some(status),
                checked: now,
            },
        );
    }

    /// Writes the cache atomically: a temporary file beside it, then a rename.
    fn save(&self, path: &Path) -> Result<(), CacheError> {
        let failed = |source| CacheError::Write {
            path: path.to_path_buf(),
            source,
        };
        let text = serde_json::to_string_pretty(&self.entries)
            .map_err(|error| failed(io::Error::other(error)))?;
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(failed)?;
        }
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(format!(".tmp{}", std::process::id()));
        let temporary = PathBuf::from(temporary);
        let written =
            fs::write(&temporary, text + "\n").and_then(|()| fs::rename(&temporary, path));
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written.map_err(failed)
    }
}

/// A status that says "not now" rather than "this is how it is".
fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 429) || status >= 500
}

/// Seconds since the Unix epoch (0 if the clock is before it).
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_url_keeps_http_and_https_only_and_drops_the_fragment() {
        assert_eq!(
            request_url("https://example.com/a#b").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            request_url("HTTP://example.com/").as_deref(),
            Some("HTTP://example.com/")
        );
        assert_eq!(
            request_url("//example.com/x").as_deref(),
            Some("https://example.com/x")
        );
        for other in [
            "mailto:a@b.no",
            "ftp://example.com/",
            "/docs/",
            "#top",
            "tel:1",
        ] {
            assert_eq!(request_url(other), None, "{other}");
        }
    }

    #[test]
    fn request_url_encodes_what_a_request_line_cannot_hold() {
        assert_eq!(
            request_url("https://no.wikipedia.org/wiki/Bjørn dæhlie").as_deref(),
            Some("https://no.wikipedia.org/wiki/Bj%C3%B8rn%20d%C3%A6hlie")
        );
        assert_eq!(
            request_url("https://x.no/a%20b?q=1").as_deref(),
            Some("https://x.no/a%20b?q=1")
        );
    }

    #[test]
    fn host_keeps_the_port_and_drops_user_info() {
        assert_eq!(host_of("https://Example.COM/a"), "example.com");
        assert_eq!(host_of("http://127.0.0.1:8080?x"), "127.0.0.1:8080");
        assert_eq!(host_of("https://user:pw@host.no/"), "host.no");
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict(&Outcome::Status(200)), None);
        assert_eq!(verdict(&Outcome::Status(301)), None);
        assert_eq!(
            verdict(&Outcome::Status(410)),
            Some((Severity::Error, BROKEN, "HTTP 410 Gone".to_string()))
        );
        assert_eq!(
            verdict(&Outcome::Status(403)),
            Some((
                Severity::Warning,
                UNREACHABLE,
                "HTTP 403 Forbidden".to_string()
            ))
        );
        assert_eq!(
            verdict(&Outcome::Failed("host not found".into())),
            Some((Severity::Warning, UNREACHABLE, "host not found".into()))
        );
    }

    #[test]
    fn cache_entries_expire_and_round_trip() {
        let mut cache = Cache::default();
        cache.record("https://a.no/", &Outcome::Status(404), 1_000);
        cache.record("https://b.no/", &Outcome::Failed("timeout".into()), 1_000);
        let day = Duration::from_secs(86_400);
        let json = serde_json::to_string(&cache).unwrap();
        assert!(json.contains(r#""https://a.no/":{"status":404,"checked":1000}"#));
        let mut cache: Cache = serde_json::from_str(&json).unwrap();
        assert_eq!(
            cache.fresh("https://a.no/", 1_500, day),
            Some(Outcome::Status(404))
        );
        assert_eq!(
            cache.fresh("https://b.no/", 1_500, day),
            None,
            "no answer is asked again"
        );
        cache.record("https://c.no/", &Outcome::Status(503), 1_000);
        assert_eq!(
            cache.fresh("https://c.no/", 1_500, day),
            None,
            "nor is 'try later'"
        );
        let old = r#"{"https://d.no/":{"error":"dns","checked":1000}}"#;
        let older: Cache = serde_json::from_str(old).unwrap();
        assert_eq!(older.fresh("https://d.no/", 1_500, day), None);
        assert_eq!(cache.fresh("https://a.no/", 1_000 + 86_400, day), None);
        assert_eq!(cache.fresh("https://a.no/", 1_500, Duration::ZERO), None);
        cache.forget_older_than(1_000 + 86_400, day);
        assert!(cache.entries.is_empty());
    }

    #[test]
    fn a_corrupt_cache_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        fs::write(&path, "{ not json").unwrap();
        assert!(matches!(Cache::load(&path), Err(CacheError::Parse { .. })));
        let missing = dir.path().join("missing.json");
        assert!(Cache::load(&missing).unwrap().entries.is_empty());
    }

    #[test]
    fn the_queue_never_gives_a_full_host_another_slot() {
        let urls = ["http://a/1", "http://a/2", "http://b/1"];
        let queue = Queue::new(&urls, 1);
        let a1 = queue.take();
        assert_eq!(a1.as_ref().map(|slot| slot.url), Some("http://a/1"));
        // `a` is full while `a1` is held, so `b` comes first.
        let b1 = queue.take();
        assert_eq!(b1.as_ref().map(|slot| slot.url), Some("http://b/1"));
        drop(a1);
        let a2 = queue.take();
        assert_eq!(a2.as_ref().map(|slot| slot.url), Some("http://a/2"));
        assert!(queue.take().is_none());
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(show(Duration::from_secs(10)), "10 s");
        assert_eq!(show(Duration::from_millis(300)), "300 ms");
    }
}
