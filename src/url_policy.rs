//! The one URL policy for every address staff write, whatever the source:
//! Markdown links and images, front matter `references[].url`, site.yaml's
//! `booking_url`, `nav[].path` and Markdown fields, and the self-assessment's
//! texts.
//!
//! Allowed: relative paths (`../faq.md`, `/about/`, `#cost`), `https:` and
//! `http:`, `mailto:`, `tel:` and `sms:`. Everything else (`javascript:`,
//! `vbscript:`, `data:`, `file:`…) is refused, and so is an address that
//! hides characters a browser would silently drop (tabs, line breaks, other
//! control characters, leading spaces): browsers remove them before reading
//! the scheme, so `java⇥script:` would run as `javascript:`.
//!
//! The scheme is read the way a browser reads it (letters first, then
//! letters, digits, `+`, `-` or `.`, up to the first `:`), case-insensitively
//! and after decoding character references such as `&#x09;` and `&colon;`,
//! so `JaVaScRiPt:` and `javascript&colon;` are caught too.

/// What an allowed address is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// A path on this site or relative to the page: `/about/`, `../faq.md`, `#cost`.
    Relative,
    /// `https:`, `http:` or a protocol-relative `//host/…`: another website.
    Web,
    /// `mailto:`.
    Mail,
    /// `tel:` or `sms:`.
    Phone,
}

/// Why an address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A scheme outside the allowed list; holds it in lower case (`javascript`).
    Scheme(String),
    /// A control character, tab or line break, or leading/trailing space.
    Hidden,
}

impl Refusal {
    /// The message, for an address described as `what` (``the link `x` ``).
    pub fn message(&self, what: &str) -> String {
        match self {
            Refusal::Scheme(scheme) => {
                format!("{what} uses `{scheme}:`, which a clinic site does not publish")
            }
            Refusal::Hidden => format!(
                "{what} contains a hidden character (a tab, line break, control character or space at its edge)"
            ),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::Scheme(_) => {
                "link to a page of this site (`../faq.md`, `/about/`), a web address (`https://...`), or use `mailto:`, `tel:` or `sms:`; other kinds of address can run code or open files in a patient's browser"
            }
            Refusal::Hidden => {
                "type the address again by hand: text pasted from other programs can carry invisible characters, which browsers drop and which can hide a `javascript:` address"
            }
        }
    }
}

/// Checks one address against the policy.
pub fn classify(url: &str) -> Result<UrlKind, Refusal> {
    // Read the address as a browser does: character references decoded,
    // spaces and control characters at the edges dropped, tabs and line
    // breaks inside removed.
    let decoded = decode_references(url);
    let cleaned: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = scheme(&cleaned);
    let kind = match scheme.as_deref() {
        None if is_protocol_relative(&cleaned) => UrlKind::Web,
        None => UrlKind::Relative,
        Some("https" | "http") => UrlKind::Web,
        Some("mailto") => UrlKind::Mail,
        Some("tel" | "sms") => UrlKind::Phone,
        Some(other) => return Err(Refusal::Scheme(other.to_string())),
    };
    let hidden = decoded.chars().any(char::is_control)
        || url.starts_with(char::is_whitespace)
        || url.ends_with(char::is_whitespace);
    if hidden {
        return Err(Refusal::Hidden);
    }
    Ok(kind)
}

/// `//host/…`, and `\\host` or `/\host`, which browsers read the same way.
fn is_protocol_relative(url: &str) -> bool {
    let mut start = url.chars().take(2);
    matches!(
        (start.next(), start.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    )
}

/// Whether `url` is allowed and leaves this site (a web address elsewhere,
/// mail, phone), as opposed to a path on it.
pub fn is_external(url: &str) -> bool {
    !matches!(classify(url), Ok(UrlKind::Relative))
}

/// The scheme of `url` in lower case, if the text before its first `:`
/// could be one. Text with `/`, `?` or `#` before the colon is a path
/// (`faq.md#a:b`); anything else before a colon counts as a scheme, so an
/// unusual one is refused rather than published as a "relative" link.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let before = &url[..colon];
    if before.is_empty() || before.contains(['/', '?', '#']) {
        return None;
    }
    Some(before.to_ascii_lowercase())
}

/// Decodes HTML character references (`&#106;`, `&#x6A;`, `&colon;`,
/// `&Tab;`, `&NewLine;`), the ones that can spell or hide a scheme.
fn decode_references(url: &str) -> String {
    if !url.contains('&') {
        return url.to_string();
    }
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    match name {
                        "colon" => Some(u32::from(':')),
                        "Tab" => Some(u32::from('\t')),
                        "NewLine" => Some(u32::from('\n')),
                        _ => None,
                    }
                };
            code.map(|c| (char::from_u32(c).unwrap_or('\u{1}'), e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An address as staff see it in a message: hidden characters made visible.
pub fn shown(url: &str) -> String {
    url.chars()
        .flat_map(|c| -> Vec<char> {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_listed_kinds_only() {
        assert_eq!(classify("../faq.md#cost"), Ok(UrlKind::Relative));
        assert_eq!(classify("/about/"), Ok(UrlKind::Relative));
        assert_eq!(classify("#cost"), Ok(UrlKind::Relative));
        assert_eq!(classify("faq.md#a:b"), Ok(UrlKind::Relative));
        assert_eq!(classify("HTTPS://example.org"), Ok(UrlKind::Web));
        assert_eq!(classify("//example.org/x"), Ok(UrlKind::Web));
        assert_eq!(classify("/\\example.org/x"), Ok(UrlKind::Web));
        assert_eq!(classify("mailto:a@b.c"), Ok(UrlKind::Mail));
        assert_eq!(classify("tel:+15550100"), Ok(UrlKind::Phone));
        assert_eq!(classify("sms:988"), Ok(UrlKind::Phone));
    }

    #[test]
    fn refuses_other_schemes_however_spelled() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "javascript&colon;alert(1)",
            "&#106;avascript:alert(1)",
            "java&#x09;script:alert(1)",
            "java&Tab;script:alert(1)",
        ] {
            assert_eq!(
                classify(url),
                Err(Refusal::Scheme("javascript".into())),
                "{url}"
            );
        }
        assert_eq!(
            classify("vbscript:msgbox"),
            Err(Refusal::Scheme("vbscript".into()))
        );
        assert_eq!(
            classify("data:text/html,x"),
            Err(Refusal::Scheme("data".into()))
        );
        assert_eq!(
            classify("file:///etc/passwd"),
            Err(Refusal::Scheme("file".into()))
        );
        assert_eq!(
            classify(" java\tscript:alert(1)"),
            Err(Refusal::Scheme("javascript".into()))
        );
        for url in [" https://example.org", "\u{1}/about/", "/a\nb", "/a&#0;"] {
            assert_eq!(classify(url), Err(Refusal::Hidden), "{url:?}");
        }
    }

    #[test]
    fn shows_hidden_characters() {
        assert_eq!(shown("java\tscript:"), "java\\tscript:");
    }
}
