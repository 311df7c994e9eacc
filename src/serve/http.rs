//! The preview's web server: the site's files from memory, the live-reload
//! event stream and the two files of the error overlay.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State as Extract;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::{Snapshot, State};
use crate::output::OutputFile;

/// The reload script: listens for rebuilds and draws the error overlay.
const LIVE_JS: &str = include_str!("assets/live.js");
/// The error overlay's stylesheet.
const OVERLAY_CSS: &str = include_str!("assets/overlay.css");
/// Where pamphlet's own files live; no site file can be there.
const PREFIX: &str = "/__pamphlet/";

/// One file ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Served {
    pub body: Source,
    pub content_type: &'static str,
    /// The build that last changed this file; its page's reload script
    /// carries it, so a page can tell whether it is out of date.
    pub version: Arc<str>,
}

/// Where a served file's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// A generated file, held in memory.
    Memory(Bytes),
    /// A file of the site's static/, streamed from disk on each request, so
    /// a large video costs no memory.
    Disk(PathBuf),
}

/// Turns a build's files into the map the server answers from, with the
/// reload script and the overlay's stylesheet added to every HTML page.
/// Files of static/ are served from disk as they are.
pub(crate) fn prepare(
    files: Vec<OutputFile>,
    copies: Vec<(String, PathBuf)>,
    version: &str,
) -> HashMap<String, Served> {
    let shared: Arc<str> = Arc::from(version);
    let copied = copies.into_iter().map(|(path, from)| {
        let served = Served {
            body: Source::Disk(from),
            content_type: content_type(&path),
            version: shared.clone(),
        };
        (path, served)
    });
    files
        .into_iter()
        .map(|file| {
            let content_type = content_type(&file.path);
            let bytes = if file.path.ends_with(".html") {
                inject(&file.bytes, version)
            } else {
                file.bytes
            };
            (
                file.path,
                Served {
                    body: Source::Memory(Bytes::from(bytes)),
                    content_type,
                    version: shared.clone(),
                },
            )
        })
        .chain(copied)
        .collect()
}

/// `previous` with an incremental build's files put in and its removed
/// files taken out, and the HTML pages that changed (a file made again
/// with the same bytes keeps its version, so its open page stays).
pub(crate) fn apply(
    previous: &HashMap<String, Served>,
    files: Vec<OutputFile>,
    removed: Vec<String>,
    version: &str,
) -> (HashMap<String, Served>, Vec<String>) {
    let shared: Arc<str> = Arc::from(version);
    let mut map = previous.clone();
    let mut changed = Vec::new();
    for path in removed {
        if map.remove(&path).is_some() && path.ends_with(".html") {
            changed.push(path);
        }
    }
    for file in files {
        let html = file.path.ends_with(".html");
        if let Some(Served {
            body: Source::Memory(old),
            version: old_version,
            ..
        }) = map.get(&file.path)
        {
            let same = if html {
                inject(&file.bytes, old_version) == old[..]
            } else {
                file.bytes == old[..]
            };
            if same {
                continue;
            }
        }
        let bytes = if html {
            changed.push(file.path.clone());
            inject(&file.bytes, version)
        } else {
            file.bytes
        };
        let served = Served {
            body: Source::Memory(Bytes::from(bytes)),
            content_type: content_type(&file.path),
            version: shared.clone(),
        };
        map.insert(file.path, served);
    }
    changed.sort();
    (map, changed)
}

/// A full rebuild laid over the previous good build: like [`apply`], so
/// only the HTML pages whose bytes changed (or that are gone) are named and
/// reload, while the site's static files are served from disk as before.
pub(crate) fn apply_full(
    previous: &HashMap<String, Served>,
    files: Vec<OutputFile>,
    copies: Vec<(String, PathBuf)>,
    version: &str,
) -> (HashMap<String, Served>, Vec<String>) {
    let kept: std::collections::HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(copies.iter().map(|(path, _)| path.as_str()))
        .collect();
    let removed: Vec<String> = previous
        .keys()
        .filter(|path| !kept.contains(path.as_str()))
        .cloned()
        .collect();
    let (mut map, changed) = apply(previous, files, removed, version);
    map.extend(prepare(Vec::new(), copies, version));
    (map, changed)
}

/// Adds the overlay's stylesheet and the reload script (both files, never
/// inline, so the page's CSP allows them) before `</head>`, else before
/// `</body>`, else at the end. The script's URL carries the build's version.
pub(crate) fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}overlay.css\">\n\
         <script src=\"{PREFIX}live.js?v={version}\" defer></script>\n"
    );
    let at = find_ascii_ci(html, b"</head>")
        .or_else(|| find_ascii_ci(html, b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The Content-Type for a file, by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match (path, ext.as_str()) {
        (_, "html" | "htm") => "text/html; charset=utf-8",
        (_, "css") => "text/css; charset=utf-8",
        (_, "js" | "mjs") => "text/javascript; charset=utf-8",
        (_, "json" | "map") => "application/json",
        ("atom.xml", _) => "application/atom+xml",
        (_, "xml") => "application/xml",
        (_, "txt" | "md") => "text/plain; charset=utf-8",
        (_, "svg") => "image/svg+xml",
        (_, "png") => "image/png",
        (_, "jpg" | "jpeg") => "image/jpeg",
        (_, "gif") => "image/gif",
        (_, "webp") => "image/webp",
        (_, "avif") => "image/avif",
        (_, "ico") => "image/x-icon",
        (_, "woff") => "font/woff",
        (_, "woff2") => "font/woff2",
        (_, "pdf") => "application/pdf",
        (_, "webmanifest") => "application/manifest+json",
        (_, "mp4") => "video/mp4",
        (_, "webm") => "video/webm",
        (_, "mp3") => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The server's shared state.
#[derive(Clone)]
pub(crate) struct App {
    state: Arc<State>,
    /// The address listened on: requests may name it as their Host.
    pub bind: std::net::IpAddr,
    /// Becomes `true` on Ctrl-C, so open event streams end.
    stop: watch::Receiver<bool>,
}

/// Serves until Ctrl-C (or SIGTERM), then stops within a second.
pub(crate) async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
) -> std::io::Result<()> {
    let bind = listener.local_addr()?.ip();
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let (stop_tx, stop) = watch::channel(false);
    let mut stopped = stop.clone();
    let app = router(App { state, bind, stop });
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        stop_signal().await;
        let _ = stop_tx.send(true);
    });
    tokio::select! {
        result = server.into_future() => result,
        // Connections that linger after Ctrl-C do not keep the preview alive.
        () = async {
            let _ = stopped.wait_for(|stop| *stop).await;
            tokio::time::sleep(Duration::from_secs(1)).await;
        } => Ok(()),
    }
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

fn router(app: App) -> Router {
    Router::new()
        .route("/__pamphlet/live.js", get(live_js))
        .route("/__pamphlet/overlay.css", get(overlay_css))
        .route("/__pamphlet/errors.json", get(errors_json))
        .route("/__pamphlet/events", get(events))
        .fallback(site_file)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            super::guard::guard,
        ))
        .with_state(app)
}

/// A response with no caching (a preview must never show an old file) and
/// the security headers the built site's `_headers` carries, so the preview
/// behaves as the published site does.
pub(crate) fn respond(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response {
    let mut response = (status, body.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for (name, value) in crate::render::feeds::SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn live_js() -> Response {
    respond(StatusCode::OK, "text/javascript; charset=utf-8", LIVE_JS)
}

async fn overlay_css() -> Response {
    respond(StatusCode::OK, "text/css; charset=utf-8", OVERLAY_CSS)
}

async fn errors_json(Extract(app): Extract<App>) -> Response {
    app.state.settled().await;
    respond(
        StatusCode::OK,
        "application/json",
        app.state.current().to_json(),
    )
}

/// `/__pamphlet/events`: a `state` event at once, then `reload` after each
/// good build and `errors` after each failed one.
///
/// `?page=/articles/a/` names the open page, so the `state` event carries
/// that page's own version (`page_version`): a page is out of date only if
/// it changed, not whenever any page did.
async fn events(
    Extract(app): Extract<App>,
    uri: Uri,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let page = uri
        .query()
        .and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("page=")))
        .and_then(percent_decode)
        .and_then(|raw| site_path(&raw))
        .map(|path| crate::routes::file_for(&path));
    // Subscribe first, so nothing between the two is missed.
    let receiver = app.state.subscribe();
    let first = Event::default()
        .event("state")
        .data(app.state.current().to_json_for(page.as_deref()));
    let stream = futures_util::stream::unfold(
        (Some(first), receiver, app.stop, app.state, page),
        |(first, mut receiver, mut stop, state, page)| async move {
            if let Some(event) = first {
                return Some((Ok(event), (None, receiver, stop, state, page)));
            }
            if *stop.borrow() {
                return None;
            }
            let event = tokio::select! {
                notice = receiver.recv() => match notice {
                    Ok(notice) => Event::default().event(notice.kind).data(notice.data),
                    // Too slow to keep up: send where things stand now.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("state").data(state.current().to_json_for(page.as_deref()))
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = stop.changed() => return None,
            };
            Some((Ok(event), (None, receiver, stop, state, page)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Any other path: a file of the site, or the site's 404 page.
async fn site_file(Extract(app): Extract<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "Only GET and HEAD are supported.\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    app.state.settled().await;
    crate::fail_point("serve-request");
    let snapshot = app.state.current();
    let raw = uri.path();
    let Some(path) = site_path(raw) else {
        return not_found(&snapshot);
    };
    let key = crate::routes::file_for(&path);
    if let Some(file) = snapshot.files.get(&key) {
        return match &file.body {
            Source::Memory(bytes) => respond(StatusCode::OK, file.content_type, bytes.clone()),
            Source::Disk(path) => match std::fs::File::open(path) {
                Ok(opened) => {
                    let length = opened.metadata().map(|m| m.len()).ok();
                    let mut response =
                        respond(StatusCode::OK, file.content_type, stream_file(opened));
                    if let Some(length) = length {
                        response
                            .headers_mut()
                            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
                    }
                    response
                }
                // Removed since the last build: the rebuild is on its way.
                Err(_) => not_found(&snapshot),
            },
        };
    }
    // `/faq` → `/faq/`, where the page is.
    if snapshot
        .files
        .contains_key(&crate::routes::file_for(&format!("{path}/")))
    {
        let location = match uri.query() {
            Some(query) => format!("{raw}/?{query}"),
            None => format!("{raw}/"),
        };
        let mut response = respond(
            StatusCode::PERMANENT_REDIRECT,
            "text/plain; charset=utf-8",
            "",
        );
        if let Ok(value) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        return response;
    }
    not_found(&snapshot)
}

/// The site's 404 page with status 404; before the first good build, a page
/// that shows the build's errors (through the overlay) and reloads when fixed.
fn not_found(snapshot: &Snapshot) -> Response {
    if !snapshot.built {
        let page = inject(NOT_BUILT.as_bytes(), &snapshot.version);
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            page,
        );
    }
    match snapshot.files.get("404.html") {
        Some(Served {
            body: Source::Memory(bytes),
            content_type,
            ..
        }) => respond(StatusCode::NOT_FOUND, content_type, bytes.clone()),
        Some(Served {
            body: Source::Disk(_),
            ..
        }) => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not found\n",
        ),
        None => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not found\n",
        ),
    }
}

/// A file's bytes as a stream of 64 KiB chunks, read on the blocking pool.
fn stream_file(file: std::fs::File) -> Body {
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = tokio::task::spawn_blocking(move || {
            let mut chunk = vec![0; 64 * 1024];
            let n = std::io::Read::read(&mut file, &mut chunk)?;
            chunk.truncate(n);
            Ok::<_, std::io::Error>((file, chunk))
        })
        .await;
        match read {
            Ok(Ok((_, chunk))) if chunk.is_empty() => None,
            Ok(Ok((file, chunk))) => Some((Ok(Bytes::from(chunk)), Some(file))),
            Ok(Err(error)) => Some((Err(error), None)),
            Err(join) => Some((Err(std::io::Error::other(join)), None)),
        }
    });
    Body::from_stream(chunks)
}

/// Shown while the site has never built.
const NOT_BUILT: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n\
<title>The site could not be built</title>\n</head>\n<body>\n<main>\n\
<h1>The site could not be built</h1>\n\
<p>pamphlet serve lists the problems in the terminal and over this page. \
Fix them and save: this page reloads by itself.</p>\n</main>\n</body>\n</html>\n";

/// The site path a request names, percent-decoded and without the leading
/// `/`, or `None` for anything that could point outside the site: `..` or
/// `.` segments (raw or encoded), encoded slashes or backslashes,
/// backslashes, NUL, empty segments (`//etc`), bad escapes, or non-UTF-8.
pub(crate) fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let path = percent_decode(rest)?;
    if path.contains(['\\', '\0', ':']) || path.starts_with('/') || path.contains("//") {
        return None;
    }
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    if path.starts_with(PREFIX.trim_start_matches('/')) {
        return None;
    }
    Some(path)
}

/// Decodes `%XX` escapes; `None` for a malformed one (a `%` without two
/// hex digits) or for bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(i, b)| {
        *b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for raw in [
            "/../Cargo.toml",
            "/articles/../../etc/passwd",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/.%2e/x",
            "/articles%2f..%2fsite.yaml",
            "/..%5csite.yaml",
            "/..\\site.yaml",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/%00",
            "/%zz",
            "/%ff",
            "/./index.html",
            "relative",
        ] {
            assert_eq!(site_path(raw), None, "{raw}");
        }
    }

    #[test]
    fn ordinary_paths_are_decoded() {
        assert_eq!(site_path("/"), Some(String::new()));
        assert_eq!(site_path("/faq/"), Some("faq/".into()));
        assert_eq!(
            site_path("/articles/caf%C3%A9/"),
            Some("articles/café/".into())
        );
        assert_eq!(site_path("/css/site.css"), Some("css/site.css".into()));
    }

    #[test]
    fn scripts_go_before_the_end_of_head() {
        let html = b"<html><head><title>x</title></head><body></body></html>";
        let out = String::from_utf8(inject(html, "v1")).unwrap();
        let at = out.find("</head>").unwrap();
        assert!(out[..at].contains("<script src=\"/__pamphlet/live.js?v=v1\" defer></script>"));
        assert!(out[..at].contains("<link rel=\"stylesheet\" href=\"/__pamphlet/overlay.css\">"));
        let no_head = String::from_utf8(inject(b"<p>x</p></body>", "v1")).unwrap();
        assert!(no_head.ends_with("</script>\n</body>"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("faq/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }
}
