//! The preview's HTTP side: pages and files from memory, the client script
//! and the reload channel (server-sent events), on one port.
//!
//! Only GET and HEAD are answered. A request path is decoded once and
//! refused when it could name anything outside the site: `..` or `.`
//! segments, encoded slashes or backslashes, NUL, a backslash. Over-long
//! URLs and header sections are refused with 414 and 431.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use percent_encoding::percent_decode_str;

use super::overlay;
use super::preview::{Change, Preview};

/// The longest URL answered.
pub const MAX_URL: usize = 4096;
/// The largest header section answered.
pub const MAX_HEADERS: usize = 16 * 1024;

const LIVE_JS: &str = include_str!("live.js");

/// The router of the preview.
pub fn router(preview: Arc<Preview>) -> Router {
    Router::new()
        .route("/__brygge/live.js", get(live_js))
        .route("/__brygge/events", get(events))
        .fallback(site_file)
        .layer(axum::middleware::from_fn(limits))
        .with_state(preview)
}

/// Refuses methods other than GET and HEAD, over-long URLs and headers.
async fn limits(request: Request, next: axum::middleware::Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    if request.uri().to_string().len() > MAX_URL {
        return (StatusCode::URI_TOO_LONG, "the URL is too long\n").into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers > MAX_HEADERS {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request headers are too large\n",
        )
            .into_response();
    }
    next.run(request).await
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// The reload channel: a `hello` with the current version, then one
/// `rebuild` message per rebuild.
async fn events(
    State(preview): State<Arc<Preview>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = preview.subscribe();
    let hello = Event::default()
        .event("hello")
        .data(format!("{{\"version\":{}}}", preview.version()));
    let state = (receiver, preview.clone());
    let rebuilds = stream::unfold(state, |(mut receiver, preview)| async move {
        let change = match receiver.recv().await {
            Ok(change) => change,
            // A slow client missed messages: tell it to reload.
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Change {
                version: preview.version(),
                pages: Vec::new(),
                stylesheets: Vec::new(),
                moved: Default::default(),
                reload_all: true,
            },
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(rebuild_event(&change)), (receiver, preview)))
    });
    let events = stream::once(async move { Ok(hello) });
    Sse::new(futures_util::StreamExt::chain(events, rebuilds))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn rebuild_event(change: &Change) -> Event {
    let data = serde_json::to_string(change).unwrap_or_else(|_| "{}".into());
    Event::default().event("rebuild").data(data)
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, relative to the output folder.
    File(String),
    /// A folder asked for without its slash: where to send the browser.
    Folder(String),
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// It could name something outside the site.
    Unsafe,
    /// It is outside the base path.
    Outside,
}

/// The file a request path names, below `base_path` (`/` or `/docs/`).
pub fn target(path: &str, base_path: &str) -> Result<Target, Refused> {
    let lower = path.to_ascii_lowercase();
    if path.contains('\\')
        || ["%2f", "%5c", "%00"].iter().any(|bad| lower.contains(bad))
        || !path.starts_with('/')
    {
        return Err(Refused::Unsafe);
    }
    let decoded = percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| Refused::Unsafe)?;
    if decoded.chars().any(char::is_control)
        || decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Err(Refused::Unsafe);
    }
    let rel = match decoded.strip_prefix(base_path) {
        Some(rel) => rel,
        None if format!("{decoded}/") == base_path => "",
        None => return Err(Refused::Outside),
    };
    if rel.starts_with('/') || rel.contains("//") {
        Err(Refused::Unsafe)
    } else if rel.is_empty() || rel.ends_with('/') {
        Ok(Target::File(format!("{rel}index.html")))
    } else {
        Ok(Target::File(rel.to_string()))
    }
    .map(|target| match target {
        Target::File(file) if !file.ends_with("index.html") && !has_extension(&file) => {
            Target::Folder(format!("{path}/"))
        }
        other => other,
    })
}

fn has_extension(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
}

/// A page or file of the site, the language's 404 page, or a refusal.
async fn site_file(State(preview): State<Arc<Preview>>, request: Request) -> Response {
    let path = request.uri().path();
    let base = preview.base_path();
    match target(path, &base) {
        Ok(Target::File(rel)) => match preview.get(&rel) {
            Some(file) => file_response(&preview, StatusCode::OK, &rel, &file, &rel),
            None => not_found(&preview, &rel),
        },
        Ok(Target::Folder(to)) => {
            let rel = to.strip_prefix(&base).unwrap_or(&to);
            let page = format!("{rel}index.html");
            if preview.has(&page) {
                redirect(&to)
            } else {
                not_found(&preview, &page)
            }
        }
        Err(Refused::Outside) => not_found(&preview, ""),
        Err(Refused::Unsafe) => (
            StatusCode::BAD_REQUEST,
            "refused: not a path of this site\n",
        )
            .into_response(),
    }
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The page shown when there is no page to show and the build failed.
const NOTHING_BUILT: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
    <title>brygge: the build failed</title></head>\n<body><p>The first build failed, so \
    there is no page to show yet.</p></body></html>\n";

/// The 404 page of the language the path starts with (else the default),
/// with the overlay of the page at `rel`: a page whose template failed has
/// no file, and its errors say why.
fn not_found(preview: &Preview, rel: &str) -> Response {
    let lang = rel.split('/').next().unwrap_or("");
    let page = [format!("{lang}/404.html"), "404.html".to_string()]
        .into_iter()
        .find_map(|candidate| Some((preview.get(&candidate)?, candidate)));
    match page {
        Some((file, page)) => file_response(preview, StatusCode::NOT_FOUND, &page, &file, rel),
        // Nothing built yet (the first build failed): the errors, and the
        // script that reloads once they are fixed.
        None if !preview.errors().is_empty() => {
            let file = super::preview::Served {
                bytes: Arc::from(NOTHING_BUILT.as_bytes()),
                inject: true,
            };
            file_response(preview, StatusCode::NOT_FOUND, "404.html", &file, rel)
        }
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// `file` (served as `rel`) with the overlay of the page at `overlay_of`
/// and the client script put in, when it is a page.
fn file_response(
    preview: &Preview,
    status: StatusCode,
    rel: &str,
    file: &super::preview::Served,
    overlay_of: &str,
) -> Response {
    let body = if file.inject {
        let overlay = preview.overlay_for(overlay_of);
        Body::from(overlay::inject(&file.bytes, &overlay, preview.version()))
    } else {
        Body::from(file.bytes.to_vec())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(rel)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The media type of a file, by its extension.
fn content_type(rel: &str) -> &'static str {
    let extension = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_files_below_the_base_path() {
        assert_eq!(target("/", "/"), Ok(Target::File("index.html".into())));
        assert_eq!(
            target("/nb/a/", "/"),
            Ok(Target::File("nb/a/index.html".into()))
        );
        assert_eq!(
            target("/brygge.css", "/"),
            Ok(Target::File("brygge.css".into()))
        );
        assert_eq!(
            target("/nb/bl%C3%A5b%C3%A6r/", "/"),
            Ok(Target::File("nb/blåbær/index.html".into()))
        );
        assert_eq!(target("/nb/a", "/"), Ok(Target::Folder("/nb/a/".into())));
        assert_eq!(
            target("/docs/nb/", "/docs/"),
            Ok(Target::File("nb/index.html".into()))
        );
        assert_eq!(
            target("/docs", "/docs/"),
            Ok(Target::File("index.html".into()))
        );
        assert_eq!(target("/other/", "/docs/"), Err(Refused::Outside));
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for path in [
            "/../etc/passwd",
            "/nb/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/a/./b",
            "/a%00b",
            "/%ff",
            "//etc/passwd",
            "relative",
        ] {
            assert_eq!(target(path, "/"), Err(Refused::Unsafe), "{path}");
        }
    }
}
