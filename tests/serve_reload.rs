//! `pamphlet serve` rebuilding on change, end to end: an edit reloads open
//! pages (only those it changed, for an article), bad input shows as errors
//! until it is fixed, and the preview survives all of it. Serving itself is
//! in `serve.rs`; what both share is in `serve_support`.

#![cfg(feature = "serve")]

mod common;
mod serve_support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::SiteTest;
use serve_support::*;

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
