//! What the `pamphlet serve` tests share: a running server on a free port,
//! a tiny HTTP/1.1 client over loopback, and readers for the preview's
//! `errors.json` and its event stream.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::SiteTest;

/// How long a test waits for something that should take well under a second.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `pamphlet serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub stdout: Arc<Mutex<String>>,
    pub stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Collects a child's output on a thread of its own, so it never blocks.
pub fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
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
    pub fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &[])
    }

    /// The same with more arguments.
    pub fn start_with(site: &SiteTest, args: &[&str]) -> Server {
        Server::start_env(site, args, &[])
    }

    /// The same with environment variables too.
    pub fn start_env(site: &SiteTest, args: &[&str], env: &[(&str, &str)]) -> Server {
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

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// Whether the server is still running.
    pub fn child_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `GET target` exactly as given (no normalisation).
    pub fn get(&self, target: &str) -> Response {
        get(self.port, target)
    }

    /// Polls `target` until `done` holds for its response; returns it.
    pub fn wait_for(&self, target: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
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
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: one request per connection.
pub fn get(port: u16, target: &str) -> Response {
    get_for_host(port, target, &format!("127.0.0.1:{port}"))
}

/// `GET target` with this Host header, as a browser sends it for any name
/// that resolves to 127.0.0.1 (DNS rebinding forges nothing else).
pub fn get_for_host(port: u16, target: &str, host: &str) -> Response {
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
pub fn errors_json(server: &Server) -> serde_json::Value {
    let response = server.get("/__pamphlet/errors.json");
    assert_eq!(response.status, 200);
    serde_json::from_str(&response.body).unwrap()
}

pub fn has_errors(r: &Response) -> bool {
    serde_json::from_str::<serde_json::Value>(&r.body)
        .is_ok_and(|v| v["errors"].as_array().is_some_and(|e| !e.is_empty()))
}

pub fn no_errors(r: &Response) -> bool {
    serde_json::from_str::<serde_json::Value>(&r.body)
        .is_ok_and(|v| v["errors"].as_array().is_some_and(Vec::is_empty))
}

/// The data of the next `kind` event on an open event stream, as JSON.
pub fn next_event(events: &mut BufReader<TcpStream>, kind: &str) -> serde_json::Value {
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

impl Server {
    pub fn child_alive(&self) -> bool {
        // try_wait needs &mut; a request answered is proof enough.
        self.get("/").status == 200
    }
}
