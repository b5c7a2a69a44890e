//! Hostile input, table-driven, through the built binary: each case is a
//! small site (a good page `content/ok.nb.md` plus the case's files), built
//! with `brygge build` under a time limit and a memory limit. Each case says
//! the exit code, every error and warning it expects as (code, file, line),
//! and the pages that must have been written, the good page always among
//! them: one bad file never costs the rest of the site.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::BILINGUAL;

/// A debug build of a case takes well under a second; this is the bound.
const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Address space of the build, in KiB (`ulimit -v`): 4 GiB.
const MEMORY_LIMIT_KIB: u64 = 4 * 1024 * 1024;

struct Case {
    name: &'static str,
    /// Files relative to the site root (the config and `ok.nb.md` are added).
    files: Vec<(String, Vec<u8>)>,
    /// Anything else to prepare (symbolic links, permissions).
    setup: fn(&Path),
    /// Arguments after `build`.
    args: Vec<String>,
    code: i32,
    /// Every error and warning: (code, file, line); line 0 for a whole file.
    expect: Vec<(&'static str, &'static str, u32)>,
    /// Output files (relative to `public/`) that must exist, besides the good page.
    built: Vec<&'static str>,
    /// What the output must not have anywhere (relative to the work folder).
    absent: Vec<&'static str>,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        files: Vec::new(),
        setup: |_| {},
        args: Vec::new(),
        code: 0,
        expect: Vec::new(),
        built: Vec::new(),
        absent: Vec::new(),
    }
}

impl Case {
    fn file(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.push((rel.to_string(), bytes.into()));
        self
    }
    fn page(self, rel: &str, title: &str, body: &str) -> Self {
        self.file(rel, format!("---\ntitle: {title}\n---\n{body}"))
    }
    fn setup(mut self, setup: fn(&Path)) -> Self {
        self.setup = setup;
        self
    }
    fn args(mut self, args: &[&str]) -> Self {
        self.args = args.iter().map(ToString::to_string).collect();
        self
    }
    fn code(mut self, code: i32) -> Self {
        self.code = code;
        self
    }
    fn finds(mut self, code: &'static str, file: &'static str, line: u32) -> Self {
        self.expect.push((code, file, line));
        self
    }
    fn built(mut self, rel: &'static str) -> Self {
        self.built.push(rel);
        self
    }
    fn absent(mut self, rel: &'static str) -> Self {
        self.absent.push(rel);
        self
    }
}

fn front(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n")
}

fn cases() -> Vec<Case> {
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.splice(0..0, *b"\x7fELF\x02\x01\x01\0");
    let billion_laughs = "---\n\
        a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n\
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n\
        title: Laughs\n---\nBody\n";
    // Each `- ` or `>` opens one more level.
    let deep_list = format!("{}x\n", "- ".repeat(10_000));
    let deep_quote = format!("{} deep\n", ">".repeat(10_000));
    let deep_shortcodes = format!(
        "{}x\n{}",
        "{{< notice info >}}\n".repeat(1000),
        "{{< /notice >}}\n".repeat(1000)
    );
    let outside = std::env::temp_dir().join("brygge-hostile-outside");
    let _ = outside;
    vec![
        case("binary file")
            .file("content/bin.nb.md", binary)
            .code(1)
            .finds("invalid-utf8", "content/bin.nb.md", 2),
        case("invalid UTF-8 in the middle")
            .file(
                "content/bad.nb.md",
                b"---\ntitle: Bad\n---\n\nGod dag\n\xc3\x28 x\n".to_vec(),
            )
            .code(1)
            .finds("invalid-utf8", "content/bad.nb.md", 6),
        case("byte-order mark")
            .file("content/bom.nb.md", format!("\u{feff}{}Body\n", front("Bom")))
            .built("nb/bom/index.html"),
        case("CRLF line ends")
            .file(
                "content/crlf.nb.md",
                "---\r\ntitle: Crlf\r\nweight: 2\r\n---\r\n# Head\r\n\r\nBody\r\n",
            )
            .built("nb/crlf/index.html"),
        case("unclosed front matter")
            .file("content/open.nb.md", "---\ntitle: Open\n\nBody\n")
            .code(1)
            .finds("front-matter-invalid", "content/open.nb.md", 1)
            .built("nb/open/index.html"),
        case("YAML alias bomb")
            .file("content/laughs.nb.md", billion_laughs)
            .code(1)
            .finds("front-matter-invalid", "content/laughs.nb.md", 2)
            .built("nb/laughs/index.html"),
        case("front matter that is not a mapping")
            .file("content/list.nb.md", "---\n- a\n- b\n---\nBody\n")
            .code(1)
            .finds("front-matter-invalid", "content/list.nb.md", 2)
            .built("nb/list/index.html"),
        case("TOML front matter with a syntax error")
            .file("content/toml.nb.md", "+++\ntitle = \"T\"\nweight = = 3\n+++\nBody\n")
            .code(1)
            .finds("front-matter-invalid", "content/toml.nb.md", 3)
            .built("nb/toml/index.html"),
        case("duplicate front matter key")
            .file("content/dup.nb.md", "---\ntitle: A\ntitle: B\n---\nBody\n")
            .code(1)
            .finds("front-matter-invalid", "content/dup.nb.md", 3)
            .built("nb/dup/index.html"),
        case("a known key of the wrong type")
            .file("content/weight.nb.md", "---\ntitle: W\nweight: heavy\n---\n")
            .code(1)
            .finds("front-matter-invalid", "content/weight.nb.md", 3)
            .built("nb/weight/index.html"),
        case("empty file")
            .file("content/empty.nb.md", "")
            .built("nb/empty/index.html"),
        case("only a byte-order mark")
            .file("content/bomonly.nb.md", "\u{feff}")
            .built("nb/bomonly/index.html"),
        case("NUL characters in the text")
            .file("content/nul.nb.md", format!("{}a\0b\0\0c\n", front("Nul")))
            .built("nb/nul/index.html"),
        case("a 10 MB line")
            .file(
                "content/long.nb.md",
                format!("{}{}\n", front("Long"), "ord ".repeat(2_500_000)),
            )
            .built("nb/long/index.html"),
        case("a 1 MB title")
            .file(
                "content/title.nb.md",
                format!("---\ntitle: {}\n---\n", "T".repeat(1 << 20)),
            )
            .built("nb/title/index.html"),
        case("lists nested 10,000 deep")
            .file("content/list.nb.md", format!("{}{deep_list}", front("List")))
            .built("nb/list/index.html"),
        case("quotes nested 10,000 deep")
            .file("content/quote.nb.md", format!("{}{deep_quote}", front("Quote")))
            .built("nb/quote/index.html"),
        case("10,000 headings with one text")
            .file(
                "content/heads.nb.md",
                format!("{}{}", front("Heads"), "## Same\n\n".repeat(10_000)),
            )
            .built("nb/heads/index.html"),
        case("unclosed code fence")
            .page("content/fence.nb.md", "Fence", "```go\nfunc main() {\n")
            .built("nb/fence/index.html"),
        case("shortcodes nested 1,000 deep")
            .file("content/deep.nb.md", format!("{}{deep_shortcodes}", front("Deep")))
            .code(1)
            .finds("shortcode-syntax", "content/deep.nb.md", 204)
            .built("nb/deep/index.html"),
        case("an unterminated shortcode at the end")
            .page("content/sc.nb.md", "Sc", "Text {{< notice info")
            .code(1)
            .finds("shortcode-syntax", "content/sc.nb.md", 4)
            .built("nb/sc/index.html"),
        case("a stray closing shortcode tag")
            .page("content/sc.nb.md", "Sc", "Text\n\n{{< /notice >}}\n")
            .code(1)
            .finds("shortcode-syntax", "content/sc.nb.md", 6)
            .built("nb/sc/index.html"),
        case("alias ../../outside")
            .file(
                "content/a.nb.md",
                "---\ntitle: A\naliases:\n- ../../outside\n---\n",
            )
            .code(1)
            .finds("alias-outside-output", "content/a.nb.md", 4)
            .built("nb/a/index.html")
            .absent("outside"),
        case("alias with a URL scheme and a backslash")
            .file(
                "content/a.nb.md",
                "---\ntitle: A\naliases:\n- file:///etc/x\n- ..\\..\\x\n---\n",
            )
            .code(1)
            .finds("alias-outside-output", "content/a.nb.md", 4)
            .finds("alias-outside-output", "content/a.nb.md", 5)
            .built("nb/a/index.html"),
        case("alias as an absolute filesystem path")
            .file(
                "content/a.nb.md",
                "---\ntitle: A\naliases:\n- /tmp/brygge-hostile-alias/x\n---\n",
            )
            .built("nb/a/index.html")
            .built("tmp/brygge-hostile-alias/x/index.html"),
        case("a symbolic link loop")
            .setup(|root| symlink(Path::new("."), &root.join("content/loop")))
            .finds("content-symlink", "content/loop", 0),
        case("a symbolic link to a file outside the site")
            .setup(|root| symlink(Path::new("/etc/hostname"), &root.join("content/host.nb.md")))
            .finds("content-symlink", "content/host.nb.md", 0),
        case("a name with spaces")
            .page("content/min side.nb.md", "Min side", "Body\n")
            .built("nb/min-side/index.html"),
        case("a name with capitals")
            .page("content/Register_ER/Side.nb.md", "Side", "Body\n")
            .built("nb/register_er/side/index.html"),
        case("a name with non-ASCII letters")
            .page("content/blåbær/søknad.nb.md", "Søknad", "Body\n")
            .built("nb/blåbær/søknad/index.html"),
        case("two files claiming one page's language")
            .page("content/a.md", "Uten språk", "Body\n")
            .page("content/a.nb.md", "Med språk", "Body\n")
            .finds("shadowed-file", "content/a.md", 0)
            .built("nb/a/index.html"),
        case("two pages at one URL")
            .page("content/b.nb.md", "B", "Body\n")
            .page("content/B.nb.md", "Stor B", "Body\n")
            .code(1)
            .finds("url-collision", "content/b.nb.md", 0)
            .built("nb/b/index.html"),
        case("the output folder inside the content folder")
            .file(
                "site.toml",
                format!("{BILINGUAL}\n[folders]\noutput = \"content/public\"\n"),
            )
            .code(2)
            .finds("output-in-content", "content/public", 0)
            .absent("content/public"),
        case("--out inside the content folder")
            .args(&["--out", "content/public"])
            .code(2)
            .finds("output-in-content", "content/public", 0)
            .absent("content/public"),
        case("an output folder on a read-only file system")
            .args(&["--out", "/proc/brygge-hostile/public"])
            .code(2),
        case("an output folder that is a file")
            .file("public", "not a folder")
            .code(2),
        case("Kelvin sign in the title, Norwegian description before aliases")
            .file(
                "content/kelvin.nb.md",
                "---\ntitle: Temperatur i \u{212a}elvin\ndescription: Måling ved en sjø\naliases:\n- ../../utenfor\n---\nBody\n",
            )
            .code(1)
            .finds("alias-outside-output", "content/kelvin.nb.md", 5)
            .built("nb/kelvin/index.html"),
        case("an unknown language suffix")
            .page("content/ukjent.de.md", "Unbekannt", "Body\n")
            .finds("unknown-language", "content/ukjent.de.md", 0)
            .built("nb/ukjent.de/index.html"),
        case("an unknown language suffix on a section")
            .page("content/_index.de.md", "Startseite", "Body\n")
            .finds("unknown-language", "content/_index.de.md", 0),
        case("a ref to a path outside the site")
            .page(
                "content/r.nb.md",
                "R",
                "[x]({{< ref \"../../../../etc/passwd\" >}})\n",
            )
            .code(1)
            .finds("ref-not-found", "content/r.nb.md", 4)
            .built("nb/r/index.html"),
    ]
}

fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// What one build printed and did.
struct Outcome {
    code: Option<i32>,
    stderr: String,
    took: Duration,
}

/// Runs `brygge build` in `root` with the limits; `None` when it had to be killed.
fn build(root: &Path, args: &[String]) -> Option<Outcome> {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" build \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_brygge"))
        .args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start brygge");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(Outcome {
                code: status.code(),
                stderr: reader.join().unwrap(),
                took: started.elapsed(),
            });
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// (code, file, line) of each error and warning printed as
/// `file:line:col: severity[code]: message` or `file: severity[code]: message`.
fn findings(stderr: &str) -> Vec<(String, String, u32)> {
    let mut found = Vec::new();
    for line in stderr.lines() {
        for severity in ["error", "warning"] {
            let marker = format!(": {severity}[");
            let Some(at) = line.find(&marker) else {
                continue;
            };
            let rest = &line[at + marker.len()..];
            let Some(code) = rest.split(']').next() else {
                continue;
            };
            let location = &line[..at];
            let mut parts = location.rsplitn(3, ':');
            let (file, number) = match (parts.next(), parts.next(), parts.next()) {
                (Some(_column), Some(number), Some(file)) if number.parse::<u32>().is_ok() => {
                    (file, number.parse().unwrap())
                }
                _ => (location, 0),
            };
            found.push((code.to_string(), file.to_string(), number));
        }
    }
    found.sort();
    found
}

/// Runs one case; returns what went wrong, if anything.
fn run(case: &Case) -> Result<Duration, String> {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("site");
    let mut files = vec![
        ("site.toml".to_string(), BILINGUAL.as_bytes().to_vec()),
        (
            "content/ok.nb.md".to_string(),
            format!("{}The good page.\n", front("OK")).into_bytes(),
        ),
    ];
    files.extend(case.files.iter().cloned());
    for (rel, bytes) in &files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    (case.setup)(&root);
    let public_before = std::fs::read(root.join("public")).ok();
    let Some(outcome) = build(&root, &case.args) else {
        return Err(format!("took longer than {TIME_LIMIT:?}"));
    };
    let mut problems = Vec::new();
    if outcome.code != Some(case.code) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            outcome.code, case.code
        ));
    }
    let mut expected: Vec<(String, String, u32)> = case
        .expect
        .iter()
        .map(|(c, f, l)| (c.to_string(), f.to_string(), *l))
        .collect();
    expected.sort();
    let found = findings(&outcome.stderr);
    if found != expected {
        problems.push(format!("findings {found:?}, expected {expected:?}"));
    }
    let public = root.join("public");
    if case.code != 2 {
        let ok = public.join("nb/ok/index.html");
        match std::fs::read_to_string(&ok) {
            Ok(html) if html.contains("The good page.") => {}
            _ => problems.push("the good page was not built".to_string()),
        }
        for rel in &case.built {
            if !public.join(rel).is_file() {
                problems.push(format!(
                    "{rel} was not built; output: {:?}",
                    common::files_below(&public)
                ));
            }
        }
    } else if public.is_dir() || std::fs::read(&public).ok() != public_before {
        problems.push("a build that failed changed public/".to_string());
    }
    for rel in &case.absent {
        if work.path().join(rel).exists() || root.join(rel).exists() {
            problems.push(format!("{rel} was written"));
        }
    }
    if problems.is_empty() {
        Ok(outcome.took)
    } else {
        Err(format!(
            "{}\n--- stderr:\n{}",
            problems.join("\n"),
            outcome.stderr.chars().take(3000).collect::<String>()
        ))
    }
}

fn run_all() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        match run(case) {
            Ok(took) => eprintln!("ok   {:<60} {took:.2?}", case.name),
            Err(problem) => {
                eprintln!("FAIL {}", case.name);
                failures.push(format!("== {}: {problem}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn at_least_thirty_cases() {
    assert!(cases().len() >= 30);
}

#[test]
fn hostile_inputs_are_reported_and_the_rest_is_built() {
    run_all();
}
