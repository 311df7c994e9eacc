//! `pamphlet serve` end to end: the real binary on a free port against a copy
//! of the fixture site, spoken to with a tiny HTTP client over loopback
//! (`serve_support`). This file: serving, requests, hosts, ports, headers,
//! panics and shutdown; rebuilding on change is in `serve_reload.rs`.

#![cfg(feature = "serve")]

mod common;
mod serve_support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use common::SiteTest;
use serve_support::*;

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
