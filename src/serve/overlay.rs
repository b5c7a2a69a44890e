//! The error overlay of the live preview, and putting it and the client
//! script into served pages.
//!
//! The overlay is part of the HTML itself (not drawn by the script), so a
//! manual reload shows it too.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::render::escape_html;

/// What a page under the overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Pages whose own file has errors show their last good build (the
    /// others are built as they are).
    LastGood,
    /// The page is shown as built, errors and all: they are in its own
    /// file and were there when the preview started, so there is no good
    /// build of it to show.
    AsBuilt,
    /// No page is kept at a last good build (the errors are in files that
    /// are no page: a translation file, or nothing was built yet).
    Plain,
}

/// The overlay for `errors` (none when there are none). `root` is where
/// the files named in the diagnostics are, for the excerpts.
pub fn render(errors: &[Diagnostic], root: &Path, shown: Shown) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut html = String::from(concat!(
        "<div id=\"brygge-overlay\" role=\"alert\" style=\"position:fixed;z-index:2147483647;",
        "inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;",
        "background:#2b0d0d;color:#fbeaea;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;",
        "border-top:4px solid #e5484d;box-shadow:0 -4px 24px rgba(0,0,0,.35)\">"
    ));
    let count = if errors.len() == 1 {
        "1 error".to_string()
    } else {
        format!("{} errors", errors.len())
    };
    let what = match shown {
        Shown::LastGood => "; pages with errors show their last good build",
        Shown::AsBuilt => "; this page is shown as built",
        Shown::Plain => "",
    };
    html.push_str(&format!(
        "<div style=\"display:flex;justify-content:space-between;align-items:center;gap:1rem;\
         font-weight:bold;margin-bottom:.5rem\"><span>brygge: {count}{what}</span><button type=\"button\" \
         id=\"brygge-overlay-close\" aria-label=\"Close\" style=\"font:inherit;color:inherit;\
         background:none;border:1px solid currentColor;border-radius:4px;cursor:pointer\">\
         ×</button></div><ol style=\"margin:0;padding-left:1.5rem\">"
    ));
    for error in errors {
        html.push_str(&item(error, root));
    }
    html.push_str("</ol></div>");
    html
}

/// One diagnostic: where, what, the source line with a caret, the help.
fn item(error: &Diagnostic, root: &Path) -> String {
    let mut location = error.file.display().to_string();
    if error.line > 0 {
        location.push_str(&format!(":{}:{}", error.line, error.column));
    }
    let mut html = format!(
        "<li style=\"margin:.4rem 0\"><code class=\"brygge-overlay-location\" \
         style=\"font:inherit;color:#fbeaea;background:#4a1c1c;padding:0 .3em;border-radius:3px\">{}</code> \
         <strong>{}[{}]</strong>: {}",
        escape_html(&location),
        error.severity,
        error.code,
        escape_html(&error.message)
    );
    if let Some(excerpt) = excerpt(&root.join(&error.file), error.line, error.column) {
        html.push_str(&format!(
            "<pre style=\"margin:.3rem 0;padding:.4rem .6rem;background:rgba(0,0,0,.35);\
             overflow:auto;white-space:pre\">{}</pre>",
            escape_html(&excerpt)
        ));
    }
    if let Some(help) = &error.help {
        html.push_str(&format!("<div>help: {}</div>", escape_html(help)));
    }
    html.push_str("</li>");
    html
}

/// `line` of the file with its number, and a caret under `column`.
fn excerpt(file: &Path, line: u32, column: u32) -> Option<String> {
    if line == 0 {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let source = text.lines().nth(usize::try_from(line).ok()? - 1)?;
    let number = line.to_string();
    let caret_at = usize::try_from(column.max(1)).ok()? - 1;
    let padding: String = source
        .chars()
        .take(caret_at)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!(
        "{number} | {source}\n{} | {padding}^",
        " ".repeat(number.len())
    ))
}

/// `html` with the overlay and the client script put in before `</body>`
/// (or at the end). `version` is the build the page comes from.
pub fn inject(html: &[u8], overlay: &str, version: u64) -> Vec<u8> {
    let script = format!(
        "{overlay}<script>window.bryggeVersion = {version};</script>\
         <script src=\"/__brygge/live.js\"></script>"
    );
    let at = find_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Where the last `</body>` starts, in any letter case.
fn find_body_end(html: &[u8]) -> Option<usize> {
    let tag = b"</body";
    (0..html.len().saturating_sub(tag.len() - 1))
        .rev()
        .find(|&i| html[i..i + tag.len()].eq_ignore_ascii_case(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject(b"<html><BODY><p>x</p></Body></html>", "", 3);
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains(
            "<p>x</p><script>window.bryggeVersion = 3;</script><script src=\"/__brygge/live.js\"></script></Body>"
        ));
        let bare = String::from_utf8(inject(b"<p>no body</p>", "", 1)).unwrap();
        assert!(bare.ends_with("live.js\"></script>"));
    }

    #[test]
    fn the_overlay_names_the_place_and_shows_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntitle: [x\n---\n").unwrap();
        let error = Diagnostic::error("front-matter-invalid", "a.md", "bad <YAML>").at(2, 8);
        let html = render(&[error], dir.path(), Shown::LastGood);
        assert!(html.contains("a.md:2:8"), "{html}");
        assert!(html.contains("error[front-matter-invalid]"));
        assert!(html.contains("bad &lt;YAML&gt;"));
        assert!(html.contains("2 | title: [x\n  |        ^"), "{html}");
        assert!(html.contains("pages with errors show their last good build"));
        assert!(render(&[], dir.path(), Shown::AsBuilt).is_empty());
    }
}
