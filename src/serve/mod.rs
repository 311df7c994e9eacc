//! `pamphlet serve`: a live preview of the site for the staff who edit it.
//!
//! The site is built in memory (nothing is written to `public/`), served on
//! 127.0.0.1, and brought up to date whenever a source file changes
//! (`watcher.rs`): an edit to articles re-renders only the pages it affects,
//! anything else rebuilds everything ([`crate::pipeline::incremental`]).
//! Each good build replaces the whole file map at once, so a request sees
//! either the old site or the new one, never a mix; then open pages are told
//! over Server-Sent Events which pages changed, and those reload. A failed
//! build keeps the last good pages and puts its errors over every open page
//! (`/__pamphlet/live.js` and `/__pamphlet/overlay.css`, injected into the
//! served HTML only, as files of their own so the site's CSP holds).

mod guard;
mod http;
mod watcher;

use std::collections::HashMap;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::{broadcast, watch};

use crate::diagnostic::{Diagnostic, plural, render_all};
use crate::exit;
use crate::pipeline::BuildOptions;
use crate::pipeline::incremental::{Live, Update};

/// `println!` that ignores a closed stdout (`pamphlet serve | head`), which
/// must not stop the preview.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a closed stderr, like [`say!`].
macro_rules! tell {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// The longest a request waits for a rebuild that is under way.
const SETTLE_LIMIT: Duration = Duration::from_secs(5);

/// The port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// What `pamphlet serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The port; `None` means 1111, or any free port if 1111 is taken.
    pub port: Option<u16>,
    /// The address to listen on (127.0.0.1 unless `--bind` says otherwise).
    pub bind: IpAddr,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Show drafts too.
    pub drafts: bool,
}

/// One state of the preview: the last good build's files and the errors of
/// the latest build. Replaced whole, never changed in place.
pub(crate) struct Snapshot {
    /// Names the last good build; pages carry it so they can tell they are stale.
    pub version: String,
    /// Whether any build has succeeded yet.
    pub built: bool,
    /// The last good build's files by path (`faq/index.html`).
    pub files: Arc<HashMap<String, http::Served>>,
    /// The latest build's errors; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// The HTML files the latest good build changed (`articles/a/index.html`),
    /// or `None` when it may have changed any.
    pub pages: Option<Vec<String>>,
}

impl Snapshot {
    /// The state as the browser sees it (`/__pamphlet/errors.json` and each
    /// server-sent event): the version and the errors, each with its file,
    /// line, column, the offending line and a hint.
    pub fn to_json(&self) -> String {
        self.to_json_for(None)
    }

    /// [`Snapshot::to_json`], with the version of the page at `file`
    /// (`page_version`) when that page exists.
    pub fn to_json_for(&self, file: Option<&str>) -> String {
        let errors: Vec<_> = self
            .errors
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": d.severity,
                    "file": d.path.display().to_string(),
                    "line": d.line,
                    "column": d.column,
                    "location": d.location(),
                    "message": d.message,
                    "source_line": d.source_line,
                    "hint": d.hint,
                })
            })
            .collect();
        let mut json = serde_json::json!({
            "version": self.version,
            "built": self.built,
            "errors": errors,
            "pages": self.pages,
        });
        if let Some(served) = file.and_then(|f| self.files.get(f)) {
            json["page_version"] = serde_json::json!(&*served.version);
        }
        json.to_string()
    }
}

/// What open pages are told after a build: `reload` after a good one,
/// `errors` after a failed one; the data is [`Snapshot::to_json`].
#[derive(Debug, Clone)]
pub(crate) struct Notice {
    pub kind: &'static str,
    pub data: String,
}

/// Everything the server, the watcher and the builds share.
pub(crate) struct State {
    options: BuildOptions,
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Notice>,
    /// The site kept between builds; one build at a time (the first build
    /// and the watcher's may meet).
    live: Mutex<Live>,
    /// Names this run of the server, so a page from an earlier run reloads.
    instance: String,
    generation: AtomicU64,
    /// Source changes seen so far (counted the moment the watcher sees them).
    changes_seen: AtomicU64,
    /// How many of those the current snapshot includes.
    changes_built: watch::Sender<u64>,
}

impl State {
    fn new(options: BuildOptions) -> State {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let instance = format!("{:x}{:x}", std::process::id(), nanos & 0xffff_ffff);
        let version = format!("{instance}-0");
        let (events, _) = broadcast::channel(64);
        State {
            live: Mutex::new(Live::new(options.clone())),
            options,
            snapshot: RwLock::new(Arc::new(Snapshot {
                files: Arc::new(http::prepare(Vec::new(), Vec::new(), &version)),
                version,
                built: false,
                errors: Vec::new(),
                pages: None,
            })),
            events,
            instance,
            generation: AtomicU64::new(0),
            changes_seen: AtomicU64::new(0),
            changes_built: watch::Sender::new(0),
        }
    }

    /// Notes that a source file changed; its rebuild is coming.
    pub fn saw_change(&self) {
        self.changes_seen.fetch_add(1, Ordering::SeqCst);
    }

    /// Waits (a few seconds at most) until every change seen so far is in
    /// the current snapshot, so a page asked for right after a save is the
    /// new one, never the old one served as if it were current.
    pub async fn settled(&self) {
        let seen = self.changes_seen.load(Ordering::SeqCst);
        let mut built = self.changes_built.subscribe();
        if *built.borrow() >= seen {
            return;
        }
        let _ = tokio::time::timeout(SETTLE_LIMIT, built.wait_for(|b| *b >= seen)).await;
    }

    /// The current snapshot.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A receiver of what happens after this moment.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.events.subscribe()
    }

    fn root(&self) -> &Path {
        &self.options.root
    }

    /// Brings the site up to date, swaps the result in and tells open pages.
    /// `changed` names the files that caused it (none for the first build).
    /// Returns whether the build succeeded.
    pub fn rebuild(&self, changed: &[PathBuf]) -> bool {
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        let started = Instant::now();
        // Every change seen before this point is read by this build.
        let seen = self.changes_seen.load(Ordering::SeqCst);
        let result = update_without_panicking(&mut live, &self.options, changed);
        let (snapshot, notice, ok) = match result {
            Ok(update) => {
                let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
                let version = format!("{}-{generation}", self.instance);
                let previous = self.current();
                // A changed static file (a stylesheet, say) may change how any
                // page looks, so every page reloads; otherwise only the pages
                // whose bytes changed do, full rebuild or not.
                let static_changed = changed.iter().any(|p| p.starts_with("static"));
                let (files, pages) = if !previous.built || (update.full && static_changed) {
                    let Update { files, copies, .. } = update;
                    (http::prepare(files, copies, &version), None)
                } else if update.full {
                    let Update { files, copies, .. } = update;
                    let (files, pages) = http::apply_full(&previous.files, files, copies, &version);
                    (files, Some(pages))
                } else {
                    let (files, pages) =
                        http::apply(&previous.files, update.files, update.removed, &version);
                    (files, Some(pages))
                };
                let elapsed = started.elapsed().as_millis();
                // A closed terminal must not stop the preview: ignore write errors.
                let _ = if changed.is_empty() {
                    let count = files.keys().filter(|path| path.ends_with(".html")).count();
                    let articles = live.site().map_or(0, |site| site.articles.len());
                    writeln!(
                        std::io::stdout(),
                        "Built {} ({articles} articles) in {elapsed} ms",
                        plural(count, "page")
                    )
                } else {
                    writeln!(
                        std::io::stdout(),
                        "Rebuilt in {elapsed} ms after a change to {}{}",
                        describe(changed),
                        pages.as_ref().map_or_else(String::new, |p| format!(
                            " ({} changed)",
                            plural(p.len(), "page")
                        ))
                    )
                };
                let snapshot = Snapshot {
                    version,
                    built: true,
                    files: Arc::new(files),
                    errors: Vec::new(),
                    pages,
                };
                (snapshot, "reload", true)
            }
            Err(mut problems) => {
                let mut text = render_all(&mut problems);
                if !changed.is_empty() {
                    text = format!("After a change to {}:\n{text}", describe(changed));
                }
                let previous = self.current();
                text.push_str(if previous.built {
                    "The preview keeps the last good pages; open pages show these errors until they are fixed.\n"
                } else {
                    "Open pages show these errors until they are fixed.\n"
                });
                let _ = std::io::stderr().write_all(text.as_bytes());
                let snapshot = Snapshot {
                    version: previous.version.clone(),
                    built: previous.built,
                    files: previous.files.clone(),
                    errors: problems,
                    pages: Some(Vec::new()),
                };
                (snapshot, "errors", false)
            }
        };
        let _ = std::io::stdout().flush();
        let data = snapshot.to_json();
        *self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        self.changes_built.send_if_modified(|built| {
            let newer = seen > *built;
            *built = (*built).max(seen);
            newer
        });
        // No page open is not an error.
        let _ = self.events.send(Notice { kind: notice, data });
        ok
    }
}

/// Brings the site up to date; a bug that makes the build panic becomes an
/// error shown like any other, so the preview keeps running and the next
/// edit retries with a full build.
fn update_without_panicking(
    live: &mut Live,
    options: &BuildOptions,
    changed: &[PathBuf],
) -> Result<Update, Vec<Diagnostic>> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| live.update(changed)));
    result.unwrap_or_else(|panic| {
        // What was kept may be half updated: start again from nothing.
        *live = Live::new(options.clone());
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an unexpected failure".into());
        Err(vec![
            Diagnostic::error("(pamphlet)", format!("pamphlet failed while building the site: {what}"))
                .hint("this is a bug in pamphlet, not in your files; please report it with the file you changed last"),
        ])
    })
}

/// `content/a.md`, `content/a.md and content/b.md`, `3 files`.
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [one] => one.display().to_string(),
        [a, b] => format!("{} and {}", a.display(), b.display()),
        many => format!("{} files", many.len()),
    }
}

/// Runs `pamphlet serve` until Ctrl-C; returns the exit code.
pub fn run(options: &ServeOptions) -> i32 {
    if !options.bind.is_loopback() {
        tell!(
            "warning: listening on {}: anyone who can reach this computer over the network can see the preview{}",
            options.bind,
            if options.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }
    let listener = match listen(options.bind, options.port) {
        Ok(listener) => listener,
        Err(message) => {
            tell!("error: {message}");
            return exit::USAGE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => {
            tell!("error: could not listen: {error}");
            return exit::USAGE;
        }
    };
    if !options.root.join(crate::config::FILE_NAME).is_file() {
        tell!(
            "error: {} has no {}: run pamphlet serve in the site's folder or give it with --root",
            options.root.display(),
            crate::config::FILE_NAME
        );
        return exit::USAGE;
    }
    let state = Arc::new(State::new(BuildOptions {
        root: options.root.clone(),
        include_drafts: options.drafts,
        base_url: None,
    }));
    // Watch before the first build, so no edit falls between the two.
    let watching = match watcher::start(state.clone()) {
        Ok(watcher) => watcher,
        Err(error) => {
            tell!(
                "error: could not watch {} for changes: {error}",
                options.root.display()
            );
            return exit::USAGE;
        }
    };
    state.rebuild(&[]);
    let url = url_for(address);
    say!(
        "Serving {} at {url} (press Ctrl-C to stop)",
        options.root.display()
    );
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tell!("error: could not start the server: {error}");
            return exit::USAGE;
        }
    };
    let served = runtime.block_on(http::serve(listener, state));
    drop(watching);
    runtime.shutdown_timeout(Duration::from_millis(500));
    match served {
        Ok(()) => {
            say!("Stopped.");
            exit::OK
        }
        Err(error) => {
            tell!("error: the server stopped: {error}");
            exit::USAGE
        }
    }
}

/// Listens on `bind`:`port`. Without an explicit port, 1111 or else any
/// free port; an explicit port that is taken is an error.
fn listen(bind: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let try_port = |port: u16| TcpListener::bind(SocketAddr::new(bind, port));
    match port {
        Some(port) => try_port(port).map_err(|error| {
            if error.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "port {port} on {bind} is already in use (is another `pamphlet serve` running?); \
                     stop it, or choose another port with --port"
                )
            } else {
                format!("could not listen on {bind} port {port}: {error}")
            }
        }),
        None => match try_port(DEFAULT_PORT) {
            Ok(listener) => Ok(listener),
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
                let listener = try_port(0)
                    .map_err(|error| format!("could not listen on {bind}: {error}"))?;
                if let Ok(address) = listener.local_addr() {
                    tell!(
                        "note: port {DEFAULT_PORT} is in use, so the preview uses port {} instead",
                        address.port()
                    );
                }
                Ok(listener)
            }
            Err(error) => Err(format!(
                "could not listen on {bind} port {DEFAULT_PORT}: {error}"
            )),
        },
    }
}

/// The address to type into a browser (loopback when listening everywhere).
fn url_for(address: SocketAddr) -> String {
    let ip = match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", address.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", address.port()),
    }
}

/// Opens `url` in the default browser, saying so if that is not possible.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        tell!("note: could not open a browser; open {url} yourself");
    }
}
