//! The clinic's details in page and article text: `{phone}`, `{clinic}` and
//! the like in Markdown are filled in from site.yaml before the Markdown is
//! rendered, so site.yaml is the one place staff change them.
//!
//! A placeholder is a name of lowercase letters, digits and `_` between
//! braces, standing in normal text. Everything else stays as written:
//! braces with spaces or other signs in them (`{ a, b }`), heading ids
//! (`{#id}`), inline code and code blocks, and `\{name}` (the backslash is
//! Markdown's own escape, so the page shows `{name}`). An unknown name is an
//! error at its line and column, with a "did you mean".
//!
//! The values never contain a line break, so line numbers of later problems
//! in the same file stay true; columns after a placeholder on its own line
//! shift by the difference in length.

use std::fmt::Write as _;

use crate::config::SiteConfig;
use crate::content::Document;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::markdown::{self, Edit, Rendered};

/// The placeholders staff can use, with what each one shows.
pub const NAMES: &[(&str, &str)] = &[
    ("clinic", "the clinic's name (`name`)"),
    ("phone", "the phone number as text (`phone`)"),
    (
        "phone_link",
        "the phone number as a tap-to-call link (`phone`)",
    ),
    ("email", "the email address as text (`email`)"),
    ("email_link", "the email address as a link (`email`)"),
    ("address", "the postal address (`address`)"),
    (
        "regions",
        "the states served, as \"Oregon and Washington\" (`regions`)",
    ),
    ("booking_url", "the booking link's address (`booking_url`)"),
];

/// Renders `doc` with its placeholders filled from `config`. Without a
/// config (site.yaml has errors of its own) the text is rendered as written.
pub fn render(doc: &Document, config: Option<&SiteConfig>) -> (Rendered, Vec<Diagnostic>) {
    render_in(doc, config, &markdown::Context::default())
}

/// [`render`] for a page of a given language: `config` is the site as that
/// language sees it ([`crate::i18n::localized`]), and `context` its labels
/// (`{regions}` joins with its `and_word`) and translations.
pub fn render_in(
    doc: &Document,
    config: Option<&SiteConfig>,
    context: &markdown::Context,
) -> (Rendered, Vec<Diagnostic>) {
    let Some(config) = config else {
        return markdown::render_filled(doc, doc.body(), &[], context);
    };
    let body = doc.body();
    let and = context.labels.and.as_str();
    let (filled, edits, mut problems) = fill(body, config, and, |offset, width, message, hint| {
        Diagnostic::error(&doc.source.path, message)
            .at_offset(&doc.source.text, doc.body_start + offset)
            .underline(width)
            .hint(hint)
    });
    // One Markdown pass over the filled text; `edits` lets it point every
    // problem at the file as written.
    let (rendered, found) = markdown::render_filled(doc, &filled, &edits, context);
    problems.extend(found);
    (rendered, problems)
}

/// The value a placeholder shows, as Markdown; `None` for an unknown name,
/// and an empty string when site.yaml leaves the value empty.
fn value(name: &str, config: &SiteConfig, and: &str) -> Option<String> {
    let text = match name {
        "clinic" => escape(&config.name),
        "phone" => escape(&config.phone),
        "phone_link" if config.phone.trim().is_empty() => String::new(),
        "phone_link" => format!("[{}]({})", escape(&config.phone), tel_href(&config.phone)),
        "email" => escape(&config.email),
        "email_link" if config.email.trim().is_empty() => String::new(),
        "email_link" => format!(
            "[{}](mailto:{})",
            escape(&config.email),
            config.email.trim()
        ),
        "address" => escape(&config.address),
        "regions" => escape(&crate::i18n::join_list(&config.regions, and)),
        "booking_url" => config.booking_url.trim().to_string(),
        _ => return None,
    };
    // A line break in a value would move every later line of the file.
    Some(text.replace(['\r', '\n'], " "))
}

/// Fills every placeholder in `body`, and says where each value went;
/// `problem(offset, width, message, hint)` makes the diagnostic for one
/// that cannot be filled.
fn fill(
    body: &str,
    config: &SiteConfig,
    and: &str,
    problem: impl Fn(usize, usize, String, String) -> Diagnostic,
) -> (String, Vec<Edit>, Vec<Diagnostic>) {
    let mut out = String::with_capacity(body.len());
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(marker) = fence_marker(trimmed) {
            match fence {
                None => fence = Some(marker),
                Some((c, n)) if marker.0 == c && marker.1 >= n => fence = None,
                Some(_) => {}
            }
            out.push_str(line);
        } else if fence.is_some() {
            out.push_str(line);
        } else {
            let mut sink = (&mut out, &mut edits, &mut problems);
            fill_line(line, line_start, (config, and), &problem, &mut sink);
        }
        line_start += line.len();
    }
    (out, edits, problems)
}

/// Fills one line of normal text, skipping inline code spans.
fn fill_line(
    line: &str,
    line_start: usize,
    (config, and): (&SiteConfig, &str),
    problem: &impl Fn(usize, usize, String, String) -> Diagnostic,
    (out, edits, problems): &mut (&mut String, &mut Vec<Edit>, &mut Vec<Diagnostic>),
) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => {
                // `\{` and any other escape stay as written.
                let next = line[i + 1..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&line[i..i + 1 + next]);
                i += 1 + next;
            }
            b'`' => {
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                let ticks = &line[i..i + run];
                match line[i + run..].find(ticks) {
                    Some(end) => {
                        let stop = i + run + end + run;
                        out.push_str(&line[i..stop]);
                        i = stop;
                    }
                    None => {
                        out.push_str(ticks);
                        i += run;
                    }
                }
            }
            b'{' => match placeholder_at(&line[i..]) {
                Some(name) => {
                    let width = name.len() + 2;
                    match value(name, config, and) {
                        Some(text) if !text.is_empty() => {
                            edits.push(Edit {
                                at: out.len(),
                                len: text.len(),
                                source: line_start + i,
                                source_len: width,
                            });
                            out.push_str(&text);
                        }
                        Some(_) => {
                            problems.push(problem(
                                line_start + i,
                                width,
                                format!("`{{{name}}}` shows nothing: site.yaml has no value for it"),
                                format!("fill in {} in site.yaml, or take `{{{name}}}` out of this text", describe(name)),
                            ));
                            out.push_str(&line[i..i + width]);
                        }
                        None => {
                            problems.push(problem(
                                line_start + i,
                                width,
                                format!("`{{{name}}}` is not a placeholder pamphlet knows"),
                                unknown_hint(name),
                            ));
                            out.push_str(&line[i..i + width]);
                        }
                    }
                    i += width;
                }
                None => {
                    out.push('{');
                    i += 1;
                }
            },
            _ => {
                let len = line[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&line[i..i + len]);
                i += len;
            }
        }
    }
}

/// The name in `{name}` at the start of `text`, when it looks like a
/// placeholder: a lowercase letter, then lowercase letters, digits or `_`.
fn placeholder_at(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('{')?;
    let end = rest.find('}')?;
    let name = &rest[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_lowercase()
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
    .then_some(name)
}

/// A code fence (three or more backticks or tildes) at the start of a line.
fn fence_marker(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn describe(name: &str) -> String {
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or_else(|| format!("`{name}`"), |(_, what)| what.to_string())
}

fn unknown_hint(name: &str) -> String {
    let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    let mut hint = String::new();
    if let Some(close) = did_you_mean(name, known.iter().copied()) {
        let _ = write!(hint, "did you mean `{{{close}}}`? ");
    }
    let list: Vec<String> = known.iter().map(|n| format!("{{{n}}}")).collect();
    let _ = write!(
        hint,
        "the placeholders are: {}; to show the braces as they are, write `\\{{{name}}}`",
        list.join(", ")
    );
    hint
}

/// Backslash-escapes the signs that would change a value's meaning as
/// Markdown (a clinic called `*Hope* Clinic` stays as written).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `(555) 010-0142` → `tel:5550100142` (digits, and a leading `+`).
fn tel_href(phone: &str) -> String {
    let trimmed = phone.trim();
    let mut href = String::from("tel:");
    if trimmed.starts_with('+') {
        href.push('+');
    }
    href.extend(trimmed.chars().filter(char::is_ascii_digit));
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        let yaml = "name: Cedar *Hollow*\ndescription: d\nbase_url: https://example.org\n\
                    phone: \"(208) 555-0199\"\nemail: hi@cedar.test\nregions: [Idaho, Montana, Utah]\n\
                    crisis_line: c\ndisclaimer: d\n";
        SiteConfig::parse(std::path::Path::new("."), yaml).unwrap()
    }

    fn filled(body: &str) -> (String, Vec<String>) {
        let (text, _, problems) = fill(body, &config(), "and", |offset, width, message, _| {
            Diagnostic::error("x.md", format!("{offset}+{width}: {message}"))
        });
        (text, problems.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn fills_names_and_leaves_other_braces_code_and_escapes_alone() {
        let body = "Call {phone_link} or {email_link}. We serve {regions}.\n\
                    ## At {clinic} {#at-clinic}\n\
                    A set { a, b } and `{phone}` and \\{phone}.\n\
                    ```\n{phone}\n```\n";
        let (text, problems) = filled(body);
        assert_eq!(
            text,
            "Call [(208) 555-0199](tel:2085550199) or [hi@cedar.test](mailto:hi@cedar.test). \
             We serve Idaho, Montana and Utah.\n\
             ## At Cedar \\*Hollow\\* {#at-clinic}\n\
             A set { a, b } and `{phone}` and \\{phone}.\n\
             ```\n{phone}\n```\n"
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn unknown_and_empty_names_are_errors_at_their_place() {
        let (_, problems) = filled("Hi {clinc}.\n{address}\n");
        assert_eq!(
            problems,
            [
                "3+7: `{clinc}` is not a placeholder pamphlet knows",
                "12+9: `{address}` shows nothing: site.yaml has no value for it",
            ]
        );
        assert_eq!(
            unknown_hint("clinc"),
            "did you mean `{clinic}`? the placeholders are: {clinic}, {phone}, {phone_link}, \
             {email}, {email_link}, {address}, {regions}, {booking_url}; to show the braces as \
             they are, write `\\{clinc}`"
        );
    }
}
