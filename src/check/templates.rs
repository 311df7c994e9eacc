//! The site's own templates (templates/*.html), checked for what an
//! override can quietly take away: the Content-Security-Policy, and the
//! promise that no page loads anything from another host.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::theme::TemplateSource;

/// Templates that render whole pages: without `{% extends %}` each must
/// carry the policy itself.
const PAGE_TEMPLATES: [&str; 9] = [
    "base.html",
    "index.html",
    "404.html",
    "tags.html",
    "list.html",
    "article.html",
    "faq.html",
    "page.html",
    "assessment.html",
];

/// Elements that load what an attribute names, with what they load.
const LOADERS: [(&str, &str); 10] = [
    ("script", "a script"),
    ("link", "a stylesheet, icon or other file"),
    ("img", "an image"),
    ("iframe", "a frame"),
    ("source", "a media file"),
    ("video", "a video"),
    ("audio", "a sound"),
    ("track", "a caption file"),
    ("embed", "an object"),
    ("object", "an object"),
];

/// Attributes whose value is fetched.
const URL_ATTRIBUTES: [&str; 5] = ["src", "href", "srcset", "data", "poster"];

/// `rel` values of `<link>` that make the browser fetch the `href`.
const LOADING_RELS: [&str; 9] = [
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "apple-touch-icon",
];

/// Checks every template the site overrides, as the loader read them.
pub fn check(templates: &[TemplateSource]) -> Vec<Diagnostic> {
    templates
        .iter()
        .filter(|t| !t.origin.starts_with("(built-in)"))
        .flat_map(check_template)
        .collect()
}

/// The problems of one template.
pub fn check_template(template: &TemplateSource) -> Vec<Diagnostic> {
    let text = &template.text;
    let path = Path::new(&template.origin);
    let mut problems = Vec::new();
    let tags = tags(text);
    for tag in &tags {
        let Some((_, what)) = LOADERS.iter().find(|(name, _)| *name == tag.name) else {
            continue;
        };
        if tag.name == "link" {
            let rel = tag
                .attribute("rel")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !rel.split_whitespace().any(|r| LOADING_RELS.contains(&r)) {
                continue;
            }
        }
        for attribute in &tag.attributes {
            if !URL_ATTRIBUTES.contains(&attribute.name.as_str()) {
                continue;
            }
            let Some(url) = other_host(&attribute.value) else {
                continue;
            };
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "this template loads {what} from another host (`{url}`): every page built from it \
                         would tell that host who reads it"
                    ),
                )
                .at_offset(text, attribute.value_at + (attribute.value.len() - attribute.value.trim_start().len()))
                .underline(url.chars().count())
                .hint(
                    "copy the file into static/ and link it by its path on this site (`/css/file.css`); \
                     pamphlet's pages load nothing from other hosts",
                ),
            );
        }
    }
    let extends = text.contains("{% extends") || text.contains("{%- extends");
    let whole_page =
        PAGE_TEMPLATES.contains(&template.name.as_str()) || tags.iter().any(|t| t.name == "head");
    if whole_page && !extends {
        let csp = tags.iter().find(|t| {
            t.name == "meta"
                && t.attribute("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
        });
        match csp {
            None => {
                let at = tags
                    .iter()
                    .find(|t| t.name == "head")
                    .map_or(0, |t| t.start);
                problems.push(
                    Diagnostic::error(
                        path,
                        "this template makes whole pages but has no Content-Security-Policy `<meta>`: \
                         its pages lose the protection against scripts and files from other hosts",
                    )
                    .at_offset(text, at)
                    .hint(format!(
                        "put `{}` first in its <head>, or build on pamphlet's layout with `{{% extends \"base.html\" %}}`",
                        built_in_policy()
                    )),
                );
            }
            Some(meta) => {
                let policy = meta.attribute("content").unwrap_or_default();
                let weak = policy.contains("'unsafe-inline'")
                    || policy.contains("'unsafe-eval'")
                    || !policy.contains("default-src 'self'");
                if weak {
                    problems.push(
                        Diagnostic::error(
                            path,
                            format!(
                                "this template's Content-Security-Policy `{policy}` is weaker than pamphlet's: \
                                 it must start from `default-src 'self'` and allow no 'unsafe-inline' or 'unsafe-eval'"
                            ),
                        )
                        .at_offset(text, meta.start)
                        .hint(format!("use pamphlet's policy: `{}`", built_in_policy())),
                    );
                }
            }
        }
    }
    problems
}

/// The policy line of the built-in base.html, as the fix to copy.
fn built_in_policy() -> String {
    crate::theme::TEMPLATES
        .iter()
        .find(|(path, _)| path.ends_with("base.html"))
        .and_then(|(_, text)| {
            text.lines()
                .find(|line| line.contains("Content-Security-Policy"))
                .map(|line| line.trim().to_string())
        })
        .unwrap_or_default()
}

/// The URL when `value` names another host: `http://`, `https://` or `//`.
fn other_host(value: &str) -> Option<&str> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let remote = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("//")
        // srcset: any candidate may be remote.
        || lower.contains(", http://")
        || lower.contains(", https://")
        || lower.contains(", //");
    remote.then_some(value)
}

/// One start tag found in a template.
#[derive(Debug)]
struct Tag {
    name: String,
    start: usize,
    attributes: Vec<Attribute>,
}

impl Tag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

#[derive(Debug)]
struct Attribute {
    name: String,
    value: String,
    /// Byte offset of the value in the template.
    value_at: usize,
}

/// The start tags of a template: name, offset and attributes. Tolerant of
/// template syntax (`{{ }}`, `{% %}`) inside values and between attributes.
fn tags(text: &str) -> Vec<Tag> {
    let bytes = text.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find('<') {
        let start = i + found;
        let mut j = start + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        if j == start + 1 || !bytes[start + 1].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = text[start + 1..j].to_ascii_lowercase();
        let mut attributes = Vec::new();
        // Attributes until `>` outside quotes.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            if text[j..].starts_with("{{") || text[j..].starts_with("{%") {
                let close = if text[j..].starts_with("{{") {
                    "}}"
                } else {
                    "%}"
                };
                j = text[j..].find(close).map_or(bytes.len(), |k| j + k + 2);
                continue;
            }
            let name_start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attribute = text[name_start..j].to_ascii_lowercase();
            if j == name_start {
                j += 1;
                continue;
            }
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                let (value_at, value_end, next) = match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = text[j + 1..]
                            .find(quote as char)
                            .map_or(bytes.len(), |k| j + 1 + k);
                        (j + 1, end, (end + 1).min(bytes.len()))
                    }
                    _ => {
                        let end = text[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(bytes.len(), |k| j + k);
                        (j, end, end)
                    }
                };
                attributes.push(Attribute {
                    name: attribute,
                    value: text[value_at..value_end].to_string(),
                    value_at,
                });
                j = next;
            } else {
                attributes.push(Attribute {
                    name: attribute,
                    value: String::new(),
                    value_at: j,
                });
            }
        }
        tags.push(Tag {
            name,
            start,
            attributes,
        });
        i = j.min(bytes.len());
        if i <= start {
            i = start + 1;
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, text: &str) -> Vec<String> {
        check_template(&TemplateSource {
            name: name.into(),
            text: text.into(),
            origin: format!("templates/{name}"),
        })
        .into_iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect()
    }

    #[test]
    fn loads_from_other_hosts_are_found_and_links_that_load_nothing_are_not() {
        let found = template(
            "partial.html",
            "<link rel=\"canonical\" href=\"https://clinic.example/\">\n\
             <a href=\"https://example.org\">a link is fine</a>\n\
             <link rel=\"stylesheet\" href=\"https://fonts.example.com/css\">\n\
             <img alt=\"\" src='//cdn.example.net/x.png'><script src={{ url }}></script>\n\
             <iframe src=\"HTTPS://video.example/embed\"></iframe><img src=\"/logo.png\" alt=\"\">",
        );
        assert_eq!(
            found,
            [
                "templates/partial.html:3:30: this template loads a stylesheet, icon or other file from another host (`https://fonts.example.com/css`): every page built from it would tell that host who reads it",
                "templates/partial.html:4:18: this template loads an image from another host (`//cdn.example.net/x.png`): every page built from it would tell that host who reads it",
                "templates/partial.html:5:14: this template loads a frame from another host (`HTTPS://video.example/embed`): every page built from it would tell that host who reads it",
            ]
        );
    }

    #[test]
    fn a_page_template_needs_the_policy_unless_it_extends_one() {
        assert_eq!(
            template(
                "page.html",
                "{% extends \"base.html\" %}{% block main %}x{% endblock %}"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            template(
                "page.html",
                "<!DOCTYPE html>\n<html>\n  <head><title>x</title></head>"
            ),
            [
                "templates/page.html:3:3: this template makes whole pages but has no Content-Security-Policy `<meta>`: its pages lose the protection against scripts and files from other hosts"
            ]
        );
        assert_eq!(
            template(
                "base.html",
                "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self' 'unsafe-inline'\">"
            ),
            [
                "templates/base.html:2:1: this template's Content-Security-Policy `default-src 'self' 'unsafe-inline'` is weaker than pamphlet's: it must start from `default-src 'self'` and allow no 'unsafe-inline' or 'unsafe-eval'"
            ]
        );
        assert!(built_in_policy().starts_with("<meta http-equiv=\"Content-Security-Policy\""));
    }
}
