//! `pamphlet serve` end to end: the real binary on a free port against a copy
//! of the fixture site, spoken to with a tiny HTTP client over loopback.

#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::SiteTest;

/// How long a test waits for something that should take well under a second.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `pamphlet serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Collects a child's output on a thread of its own, so it never blocks.
fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    text
}

impl Server {
    /// Starts `pamphlet serve --port 0` on `site` and waits until it listens.
    fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &[])
    }

    /// The same with more arguments.
    fn start_with(site: &SiteTest, args: &[&str]) -> Server {
        Server::start_env(site, args, &[])
    }

    /// The same with environment variables too.
    fn start_env(site: &SiteTest, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
            .args(["serve", "--port", "0"])
            .envs(env.iter().copied())
            .args(args)
            .arg("--root")
            .arg(&site.root)
            .current_dir(&site.root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pamphlet serve starts");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let started = Instant::now();
        loop {
            let out = server.stdout();
            if let Some(at) = out.find("http://127.0.0.1:") {
                let rest = &out[at + "http://127.0.0.1:".len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                server.port = digits.parse().unwrap();
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "pamphlet serve exited with {status}\n--- stdout\n{out}\n--- stderr\n{}",
                    server.stderr()
                );
            }
            assert!(
                started.elapsed() < PATIENCE,
                "pamphlet serve printed no URL\n{out}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// Whether the server is still running.
    fn child_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `GET target` exactly as given (no normalisation).
    fn get(&self, target: &str) -> Response {
        get(self.port, target)
    }

    /// Polls `target` until `done` holds for its response; returns it.
    fn wait_for(&self, target: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(target);
            if done(&response) {
                return response;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "waited in vain for {what} at {target}\n--- last response\n{}\n--- stdout\n{}\n--- stderr\n{}",
                response.body,
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: one request per connection.
fn get(port: u16, target: &str) -> Response {
    get_for_host(port, target, &format!("127.0.0.1:{port}"))
}

/// `GET target` with this Host header, as a browser sends it for any name
/// that resolves to 127.0.0.1 (DNS rebinding forges nothing else).
fn get_for_host(port: u16, target: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// The build's state as the browser sees it.
fn errors_json(server: &Server) -> serde_json::Value {
    let response = server.get("/__pamphlet/errors.json");
    assert_eq!(response.status, 200);
    serde_json::from_str(&response.body).unwrap()
}

fn has_errors(r: &Response) -> bool {
    serde_json::from_str::<serde_json::Value>(&r.body)
        .is_ok_and(|v| v["errors"].as_array().is_some_and(|e| !e.is_empty()))
}

fn no_errors(r: &Response) -> bool {
    serde_json::from_str::<serde_json::Value>(&r.body)
        .is_ok_and(|v| v["errors"].as_array().is_some_and(Vec::is_empty))
}

#[test]
fn serves_the_site_from_memory_with_the_reload_script() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    assert!(server.stdout().contains("Built "), "{}", server.stdout());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let head_end = home.body.find("</head>").unwrap();
    let head = &home.body[..head_end];
    assert!(
        head.contains("<script src=\"/__pamphlet/live.js?v="),
        "{head}"
    );
    assert!(head.contains("<link rel=\"stylesheet\" href=\"/__pamphlet/overlay.css\">"));
    assert!(
        !home.body.contains("<script>") && !home.body.contains("<style"),
        "nothing inline"
    );

    let article = server.get("/articles/sessions/");
    assert_eq!(article.status, 200);
    assert!(article.body.contains("How many sessions will I need?"));

    let redirect = server.get("/faq?x=1");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/faq/?x=1"));
    assert_eq!(server.get("/faq/").status, 200);
    assert_eq!(server.get("/faq/index.html").status, 200);

    for (path, content_type) in [
        ("/css/site.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__pamphlet/live.js", "text/javascript; charset=utf-8"),
        ("/__pamphlet/overlay.css", "text/css; charset=utf-8"),
        ("/__pamphlet/errors.json", "application/json"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
    }

    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("We could not find that page"));
    assert!(missing.body.contains("/__pamphlet/live.js"));

    // Serving never writes the site out, and a build never carries the script.
    assert!(!site.exists("public"), "serve wrote public/");
    drop(server);
    site.build().expect_code(0);
    assert!(!site.read("public/index.html").contains("__pamphlet"));
}

#[test]
fn an_edit_reloads_open_pages_and_shows_the_new_text() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);

    // An open page's event stream: the current state first, then `reload`.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        events,
        "GET /__pamphlet/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut seen = String::new();
    let read_until = |events: &mut BufReader<TcpStream>, seen: &mut String, needle: &str| {
        let mut line = String::new();
        while !seen.contains(needle) {
            line.clear();
            assert!(
                events.read_line(&mut line).unwrap() > 0,
                "the stream ended: {seen}"
            );
            seen.push_str(&line);
        }
    };
    read_until(&mut events, &mut seen, "event: state");
    read_until(&mut events, &mut seen, "\n\n");
    let before = errors_json(&server)["version"]
        .as_str()
        .unwrap()
        .to_string();

    let text = site
        .read("content/articles/sessions.md")
        .replace("Many clinics start", "Most clinics now start");
    let site = site.file("content/articles/sessions.md", text);
    read_until(&mut events, &mut seen, "event: reload");

    let page = server.get("/articles/sessions/");
    assert!(
        page.body.contains("Most clinics now start"),
        "{}",
        page.body
    );
    let after = errors_json(&server)["version"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(before, after);
    assert!(page.body.contains(&format!("live.js?v={after}")));
    // The line may still be on its way through the pipe.
    let started = Instant::now();
    while !server.stdout().contains("Rebuilt in ") {
        assert!(started.elapsed() < PATIENCE, "{}", server.stdout());
        std::thread::sleep(Duration::from_millis(20));
    }

    // Asked for right after a save (before the build has even started), the
    // page is the new one: the server waits for the rebuild under way.
    for round in 0..3 {
        let marker = format!("Edited right before asking, round {round}");
        let text = site.read("content/articles/sessions.md").replace(
            "Most clinics now start",
            &format!("{marker}. Most clinics now start"),
        );
        std::fs::write(site.root.join("content/articles/sessions.md"), text).unwrap();
        std::thread::sleep(Duration::from_millis(15));
        let page = server.get("/articles/sessions/");
        assert!(
            page.body.contains(&marker),
            "round {round}: a stale page was served"
        );
    }

    // A new article appears, and the static folder is watched too.
    let site = site.file(
        "content/articles/new-one.md",
        "---\ntitle: A brand new article\ndescription: New.\ndate: 2026-11-02\nreviewed_by: Dr. A\nlast_reviewed: 2026-11-01\n---\nFresh text.\n",
    );
    server.wait_for("/articles/new-one/", "the new article", |r| {
        r.status == 200 && r.body.contains("Fresh text.")
    });
    let site = site.file("static/notes.txt", "hello from static");
    server.wait_for("/notes.txt", "a new static file", |r| {
        r.status == 200 && r.body == "hello from static"
    });
    // Editors' temporary files trigger nothing and are never served.
    let site = site.file("content/articles/.sessions.md.swp", "junk");
    std::thread::sleep(Duration::from_millis(300));
    assert!(no_errors(&server.get("/__pamphlet/errors.json")));
    assert!(!site.exists("public"));
}

/// The data of the next `kind` event on an open event stream, as JSON.
fn next_event(events: &mut BufReader<TcpStream>, kind: &str) -> serde_json::Value {
    let mut line = String::new();
    let mut in_kind = false;
    loop {
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "the stream ended");
        if line.starts_with("event: ") {
            in_kind = line.trim_end() == format!("event: {kind}");
        } else if in_kind && let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str(data.trim_end()).unwrap();
        }
    }
}

#[test]
fn an_article_edit_reloads_only_the_pages_it_changed() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    let faq = server.get("/faq/");
    let first = errors_json(&server)["version"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(faq.body.contains(&format!("live.js?v={first}")));

    // The FAQ page's stream: its own version comes with the first state.
    let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        &stream,
        "GET /__pamphlet/events?page=%2Ffaq%2F HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    let state = next_event(&mut events, "state");
    assert_eq!(state["page_version"], first.as_str());

    // A body edit changes the article's page alone (and the feeds).
    let text = site
        .read("content/articles/sessions.md")
        .replace("Many clinics start", "Most clinics now start");
    let site = site.file("content/articles/sessions.md", text);
    let reload = next_event(&mut events, "reload");
    assert_eq!(
        reload["pages"],
        serde_json::json!(["articles/sessions/index.html"])
    );
    let after = reload["version"].as_str().unwrap().to_string();
    assert_ne!(after, first);
    let page = server.get("/articles/sessions/");
    assert!(page.body.contains("Most clinics now start"));
    assert!(page.body.contains(&format!("live.js?v={after}")));
    // The FAQ did not change: it keeps its version, so it does not reload.
    assert_eq!(server.get("/faq/").body, faq.body);
    let started = Instant::now();
    while !server
        .stdout()
        .contains("after a change to content/articles/sessions.md (1 page changed)")
    {
        assert!(started.elapsed() < PATIENCE, "{}", server.stdout());
        std::thread::sleep(Duration::from_millis(20));
    }

    // site.yaml's name is on every page: the full rebuild names each page
    // whose bytes changed, so every open page reloads.
    let text = site.read("site.yaml").replace("name: ", "name: New ");
    let _site = site.file("site.yaml", text);
    let reload = next_event(&mut events, "reload");
    let pages = reload["pages"].as_array().expect("the changed pages");
    for page in [
        "index.html",
        "faq/index.html",
        "articles/sessions/index.html",
        "404.html",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} in {pages:?}");
    }
    assert!(server.get("/faq/").body.contains("New "));
}

#[test]
fn broken_front_matter_shows_errors_until_it_is_fixed() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    let good = site.read("content/articles/safety.md");
    let good_version = errors_json(&server)["version"].clone();

    let site = site.file(
        "content/articles/safety.md",
        "---\ntitle: Is it safe?\ndescription: Who should ask first.\nreviewd_by: Dr. A\nlast_reviewed: 2026-01-01\n---\nText\n",
    );
    let state = server.wait_for("/__pamphlet/errors.json", "errors", has_errors);
    let state: serde_json::Value = serde_json::from_str(&state.body).unwrap();
    let error = &state["errors"][0];
    assert_eq!(error["file"], "content/articles/safety.md");
    assert_eq!(error["line"], 4);
    assert_eq!(error["column"], 1);
    assert_eq!(error["location"], "content/articles/safety.md:4:1");
    assert!(
        error["message"].as_str().unwrap().contains("reviewd_by"),
        "{error}"
    );
    assert!(error["hint"].as_str().unwrap().contains("reviewed_by"));
    assert_eq!(error["source_line"], "reviewd_by: Dr. A");
    // The last good pages stay reachable underneath.
    assert_eq!(state["version"], good_version);
    let page = server.get("/articles/safety/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Is it safe for me?"));
    // The terminal shows the same message as `pamphlet build`.
    let started = Instant::now();
    while !server.stderr().contains("error: found") && started.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(20));
    }
    let expected = site.build_errors().replace(
        "The previous output in [ROOT]/public was left as it was.\n",
        "",
    );
    assert!(
        server.stderr().contains(&expected),
        "--- serve\n{}\n--- build\n{expected}",
        server.stderr()
    );

    let site = site.file("content/articles/safety.md", good);
    let state = server.wait_for("/__pamphlet/errors.json", "no errors", no_errors);
    let state: serde_json::Value = serde_json::from_str(&state.body).unwrap();
    assert_ne!(state["version"], good_version, "a good build reloads pages");
    assert!(!site.exists("public"));
}

#[test]
fn survives_every_kind_of_bad_input() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    let breakages: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "content/articles/safety.md",
            b"---\ntitle: Is it safe?\ndescription: Who: should ask\n---\nText\n".to_vec(),
            "not valid YAML",
        ),
        (
            "content/pages/about.md",
            b"---\ntitle: About us\ndescription: Caf\xe9 talk.\n---\nText\n".to_vec(),
            "not UTF-8",
        ),
        (
            "templates/page.html",
            b"{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n".to_vec(),
            "expected }}",
        ),
        (
            "templates/page.html",
            b"{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.titel }}</h1>\n{% endblock main %}\n".to_vec(),
            "titel",
        ),
        ("site.yaml", b"name: [unclosed\n".to_vec(), "site.yaml"),
        ("content/articles/safety.md", Vec::new(), "safety.md"),
        (
            "content/articles/safety.md",
            vec![0, 159, 146, 150, 255, 0, 1, 2],
            "safety.md",
        ),
        (
            "content/articles/sessions.md",
            b"---\ntitle: x\n".to_vec(),
            "sessions.md",
        ),
    ];
    for (file, bytes, expected) in breakages {
        let original = std::fs::read(site.root.join(file)).ok();
        std::fs::create_dir_all(site.root.join(file).parent().unwrap()).unwrap();
        std::fs::write(site.root.join(file), &bytes).unwrap();
        let state = server.wait_for("/__pamphlet/errors.json", "errors", has_errors);
        assert!(state.body.contains(expected), "{file}: {}", state.body);
        assert_eq!(server.get("/").status, 200, "{file}: the last good page");
        match original {
            Some(original) => std::fs::write(site.root.join(file), original).unwrap(),
            None => std::fs::remove_file(site.root.join(file)).unwrap(),
        }
        server.wait_for("/__pamphlet/errors.json", "no errors", no_errors);
    }
    // A missing site.yaml, and a missing content folder.
    let yaml = site.read("site.yaml");
    std::fs::remove_file(site.root.join("site.yaml")).unwrap();
    server.wait_for("/__pamphlet/errors.json", "errors", has_errors);
    std::fs::write(site.root.join("site.yaml"), yaml).unwrap();
    server.wait_for("/__pamphlet/errors.json", "no errors", no_errors);
    std::fs::rename(site.root.join("content"), site.root.join("content-away")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.get("/").status, 200);
    std::fs::rename(site.root.join("content-away"), site.root.join("content")).unwrap();
    server.wait_for("/articles/sessions/", "the articles back", |r| {
        r.status == 200
    });
    assert!(server.child_alive());
}

impl Server {
    fn child_alive(&self) -> bool {
        // try_wait needs &mut; a request answered is proof enough.
        self.get("/").status == 200
    }
}

#[test]
fn a_site_that_never_built_shows_its_errors_then_its_pages() {
    let site = SiteTest::from_fixture("good").file(
        "content/articles/safety.md",
        "---\ntitle: Is it safe?\ndescrption: x\n---\nText\n",
    );
    let server = Server::start(&site);
    let page = server.get("/articles/safety/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("/__pamphlet/live.js"));
    let state = errors_json(&server);
    assert_eq!(state["built"], false);
    assert!(!state["errors"].as_array().unwrap().is_empty());
    assert!(server.stderr().contains("error: found"));

    let good = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/good/content/articles/safety.md"),
    )
    .unwrap();
    let _site = site.file("content/articles/safety.md", good);
    server.wait_for("/articles/safety/", "the page", |r| r.status == 200);
}

#[test]
fn requests_outside_the_site_get_404() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    for target in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/articles/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/site.yaml",
        "/articles%2F..%2F..%2Fsite.yaml",
        "/articles%2f%2e%2e%2fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/..%5C..%5Cetc%5Cpasswd",
        "/%252e%252e/site.yaml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%00",
        "/content/articles/sessions.md",
        "/site.yaml",
        "/./index.html",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}");
        assert!(
            !response.body.contains("title:"),
            "{target} leaked a source"
        );
        assert!(
            !response.body.contains("root:"),
            "{target} leaked a system file"
        );
    }
    // Absolute-form request targets name the same paths.
    let response = server.get(&format!("http://127.0.0.1:{}/../site.yaml", server.port));
    assert_eq!(response.status, 404);
}

#[test]
fn a_few_thousand_requests_on_loopback_all_succeed() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    let port = server.port;
    let paths = [
        ("/", 200),
        ("/articles/sessions/", 200),
        ("/faq/", 200),
        ("/css/site.css", 200),
        ("/nope/", 404),
        ("/%2e%2e/site.yaml", 404),
        ("/__pamphlet/live.js", 200),
    ];
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..250 {
                    let (path, status) = paths[(t + i) % paths.len()];
                    let response = get(port, path);
                    if response.status != status || response.body.is_empty() {
                        failures.push(format!("{path}: {}", response.status));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "2000 requests took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = SiteTest::from_fixture("good");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(&format!(
            "error: port {port} on 127.0.0.1 is already in use"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn listening_beyond_loopback_needs_bind_and_warns() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    assert_eq!(server.stderr(), "", "no warning on 127.0.0.1");
    drop(server);
    let server = Server::start_with(&site, &["--bind", "0.0.0.0", "--drafts"]);
    let started = Instant::now();
    while !server.stderr().contains("drafts included") && started.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server
            .stderr()
            .contains("warning: listening on 0.0.0.0: anyone who can reach this computer"),
        "{}",
        server.stderr()
    );
    assert!(server.stderr().contains("drafts included"));
    // Drafts are shown with --drafts.
    assert_eq!(server.get("/articles/unfinished/").status, 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_even_with_pages_open() {
    let site = SiteTest::from_fixture("good");
    let mut server = Server::start(&site);
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        events,
        "GET /__pamphlet/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 64];
    let _ = events.read(&mut first).unwrap();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let code = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(0));
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.stdout().contains("Stopped."), "{}", server.stdout());
}

/// DNS rebinding: a page on another site makes its own name resolve to
/// 127.0.0.1 and reads the preview. The Host header still names that site.
#[test]
fn requests_for_other_hosts_are_refused() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        for target in [
            "/",
            "/articles/unfinished/",
            "/__pamphlet/errors.json",
            "/__pamphlet/events",
        ] {
            let response = get_for_host(port, target, &host);
            assert_eq!(response.status, 403, "{host} {target}");
            assert_eq!(
                response.body,
                format!(
                    "pamphlet serve answers only requests for localhost, 127.0.0.1, [::1] or the --bind address, not for `{host}`: this keeps other websites from reading the preview.\n"
                )
            );
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        assert_eq!(get_for_host(port, "/", &host).status, 200, "{host}");
    }
}

/// The preview sends the headers the built site's `_headers` carries.
#[test]
fn the_preview_sends_the_security_headers() {
    let site = SiteTest::from_fixture("good");
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'self'; base-uri 'self'; form-action 'none'; object-src 'none'; frame-ancestors 'none'",
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
    ] {
        assert_eq!(home.header(name), Some(value), "{name}");
    }
    assert!(
        home.header("permissions-policy")
            .unwrap()
            .contains("camera=()")
    );
}

/// A bug that panics while answering a request costs that request only:
/// a 500 with a short text, one line on stderr, and the preview goes on.
#[test]
fn a_panic_while_answering_is_a_500_and_the_preview_goes_on() {
    let site = SiteTest::from_fixture("good");
    let mut server = Server::start_env(&site, &[], &[("PAMPHLET_FAIL_POINT", "serve-request")]);
    for _ in 0..2 {
        let page = server.get("/");
        assert_eq!(page.status, 500);
        assert_eq!(
            page.body,
            "internal error, please report: pamphlet serve failed on this request; the terminal shows the details. The preview keeps running.\n"
        );
        assert_eq!(
            errors_json(&server)["built"],
            true,
            "other requests are answered"
        );
    }
    let stderr = server.stderr();
    assert!(
        stderr.starts_with("internal error, please report: fail point `serve-request` reached (at src/serve/http.rs:"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(server.child_running());
}

/// A bug that panics while building shows as the build's error; the
/// preview keeps running and says so.
#[test]
fn a_panic_while_building_is_shown_and_the_preview_goes_on() {
    let site = SiteTest::from_fixture("good");
    let mut server = Server::start_env(&site, &[], &[("PAMPHLET_FAIL_POINT", "render")]);
    let state = errors_json(&server);
    assert_eq!(
        state["errors"][0]["message"],
        "pamphlet failed while building the site: fail point `render` reached"
    );
    let stderr = server.stderr();
    assert!(
        stderr.starts_with(
            "internal error, please report: fail point `render` reached (at src/render/mod.rs:"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert_eq!(server.get("/").status, 503);
    assert!(server.child_running());
}

/// A file of the site's static/ is streamed from disk, byte for byte, and
/// shows its new contents after a change.
#[test]
fn static_files_are_served_from_disk() {
    let text: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
    let site = SiteTest::from_fixture("good").file("static/files/handout.txt", &text);
    let server = Server::start(&site);
    let response = server.get("/files/handout.txt");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        response.header("content-length"),
        Some(text.len().to_string().as_str())
    );
    assert!(response.body == text, "the file arrives intact");
}
