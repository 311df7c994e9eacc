//! External links (`pamphlet check --external`): every web address in the
//! references and the text is requested, a few at a time and each with a
//! time limit, and one that fails is a warning. Never part of the default
//! run: it needs the network and other sites come and go.

use std::sync::Mutex;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::markdown::is_external;
use crate::site::Page;

/// How many requests run at once.
pub const CONCURRENCY: usize = 8;
/// How long one request may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// An external web address and where it is written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// The address.
    pub url: String,
    /// A warning placed where the address is written; its message is set
    /// when the request fails.
    pub place: Diagnostic,
}

/// The `http(s)` addresses of a page: its references' `url`s and the links
/// in its text.
pub fn links_of(page: &Page) -> Vec<ExternalLink> {
    let doc = &page.doc;
    let text = &doc.source.text;
    let path = &doc.source.path;
    let mut links = Vec::new();
    let front = &text[..doc.body_start.min(text.len())];
    for reference in &doc.meta.references {
        if let Some(url) = &reference.url
            && is_web(url)
        {
            let place = match front.find(url.as_str()) {
                Some(offset) => Diagnostic::warning(path, "")
                    .at_offset(text, offset)
                    .underline(url.chars().count()),
                None => Diagnostic::warning(path, ""),
            };
            links.push(ExternalLink {
                url: url.clone(),
                place,
            });
        }
    }
    for link in &page.rendered.scan.links {
        if is_external(&link.dest) && is_web(&link.dest) {
            links.push(ExternalLink {
                url: link.dest.clone(),
                place: Diagnostic::warning(path, "")
                    .at_offset(text, link.offset)
                    .underline(link.width),
            });
        }
    }
    links
}

fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Requests every address (each once), [`CONCURRENCY`] at a time, and
/// returns a warning for each place an address that failed is written.
pub fn check(links: &[ExternalLink]) -> Vec<Diagnostic> {
    let mut urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("pamphlet-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Mutex::new(urls.into_iter());
    let failures: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().map(|mut q| q.next()).unwrap_or(None);
                    let Some(url) = next else { break };
                    if let Err(why) = request(&agent, url)
                        && let Ok(mut f) = failures.lock()
                    {
                        f.push((url.to_string(), why));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    let mut problems = Vec::new();
    for link in links {
        if let Some((_, why)) = failures.iter().find(|(url, _)| *url == link.url) {
            let mut diagnostic = link.place.clone();
            diagnostic.message = format!("the link {} did not work: {why}", link.url);
            diagnostic.hint = Some(
                "open it in a browser; if the page moved, write its new address; if it is gone, find another source".into(),
            );
            problems.push(diagnostic);
        }
    }
    problems
}

/// Requests `url` (HEAD, then GET when the site refuses HEAD) and says why
/// it failed.
fn request(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = |result: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        result
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    };
    let mut code = status(agent.head(url).call())?;
    if code >= 400 {
        code = status(agent.get(url).call())?;
    }
    if code >= 400 {
        Err(format!("the server answered {code}"))
    } else {
        Ok(())
    }
}
