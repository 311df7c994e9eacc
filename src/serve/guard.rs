//! What stands before every request of the preview: the Host check that
//! stops DNS rebinding, and the net that turns a panic into a 500.
//!
//! DNS rebinding: a web page on `evil.example` makes its own name resolve to
//! 127.0.0.1 and then reads `http://evil.example:1111/` from the patient's
//! or the staff member's browser, drafts included. The browser still sends
//! `Host: evil.example:1111`, so answering only loopback names (and the
//! address given with `--bind`) closes that door.

use std::net::IpAddr;

use axum::extract::{Request, State as Extract};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::http::{App, respond};

/// Whether a request naming `host` (the Host header, port included) may be
/// answered by a preview listening on `bind`.
pub(crate) fn host_allowed(host: &str, bind: IpAddr) -> bool {
    let name = strip_port(host);
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let literal = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    match literal.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() || ip == bind => true,
        // Listening on every address: any address of this computer may be
        // typed in. A rebinding attack always sends a name, never an address.
        Ok(_) => bind.is_unspecified(),
        Err(_) => false,
    }
}

/// `name:port` → `name`; `[::1]:port` → `[::1]`; a bare IPv6 address stays.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

/// Refuses requests for other hosts with 403, and answers a handler that
/// panicked with 500 (the panic itself is one line on stderr); the preview
/// keeps running either way.
pub(crate) async fn guard(Extract(app): Extract<App>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    if !host_allowed(host, app.bind) {
        let shown: String = host.chars().take(100).collect();
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            format!(
                "pamphlet serve answers only requests for localhost, 127.0.0.1, [::1] or the --bind address, \
                 not for `{shown}`: this keeps other websites from reading the preview.\n"
            ),
        );
    }
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(_) => respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            "internal error, please report: pamphlet serve failed on this request; \
             the terminal shows the details. The preview keeps running.\n",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_the_bind_address_are_answered() {
        let loopback = IpAddr::from([127, 0, 0, 1]);
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:1111",
            "::1",
        ] {
            assert!(host_allowed(host, loopback), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.5:1111",
            "",
            "[::1",
            "localhost:abc",
        ] {
            assert!(!host_allowed(host, loopback), "{host}");
        }
        let lan = IpAddr::from([192, 168, 1, 5]);
        assert!(host_allowed("192.168.1.5:1111", lan));
        assert!(!host_allowed("192.168.1.6:1111", lan));
        let everywhere = IpAddr::from([0, 0, 0, 0]);
        assert!(host_allowed("10.0.0.7:1111", everywhere));
        assert!(!host_allowed("evil.example:1111", everywhere));
    }
}
