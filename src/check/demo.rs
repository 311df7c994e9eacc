//! Demo values: a clinic's site must not go live with the demo clinic's
//! phone number, email, name or made-up reviewer, nor with the text a new
//! article starts with.
//!
//! The repository's own default site *is* the demo, and says so in its
//! site.yaml (`demo: true`). `pamphlet init` writes every other file as it
//! is but leaves that line out (see [`crate::scaffold`]), so a site made by
//! `init` is checked from its first `pamphlet check` until each demo value
//! is replaced, while the repository's demo still passes. It is a setting,
//! not a comment, so that what changes the check is visible and documented.

use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::scaffold::NEW_ARTICLE_TEXT;
use crate::site::Page;

/// What stays from the demo clinic, and what to put in its place.
struct DemoValue {
    /// The text as it stands in the demo.
    text: &'static str,
    /// What it is, in the message: "the demo clinic's phone number".
    what: &'static str,
    /// How to fix it.
    fix: &'static str,
}

/// Demo values in site.yaml.
const SITE_VALUES: &[DemoValue] = &[
    DemoValue {
        text: "Riverbend Ketamine Clinic",
        what: "the demo clinic's name",
        fix: "your clinic's own name",
    },
    DemoValue {
        text: "(555) 010-0142",
        what: "the demo clinic's phone number",
        fix: "your clinic's own phone number",
    },
    DemoValue {
        text: "care@example.org",
        what: "the demo clinic's email address",
        fix: "your clinic's own email address",
    },
    DemoValue {
        text: "123 Example Street",
        what: "the demo clinic's address",
        fix: "your clinic's own address",
    },
    DemoValue {
        text: "https://www.example.org/book",
        what: "the demo clinic's booking link",
        fix: "the address of your own booking page, or `tel:` and your phone number",
    },
    DemoValue {
        text: "https://www.example.org",
        what: "the demo clinic's web address",
        fix: "the address your site will be published at",
    },
];

/// Demo values in pages and articles.
const PAGE_VALUES: &[DemoValue] = &[
    DemoValue {
        text: "Dr. Jordan Placeholder",
        what: "the demo's made-up reviewer",
        fix: "put the name of the clinician who reviewed this page in `reviewed_by`, and the day they did in `last_reviewed`",
    },
    DemoValue {
        text: "fictional reviewer",
        what: "the demo's made-up reviewer",
        fix: "put the name of the clinician who reviewed this page in `reviewed_by`, and the day they did in `last_reviewed`",
    },
    DemoValue {
        text: "pamphlet's demo site",
        what: "the note that this is a demo",
        fix: "remove the note (its lines start with `>`)",
    },
    DemoValue {
        text: "made-up clinic",
        what: "the note that this is a demo",
        fix: "remove the note (its lines start with `>`)",
    },
    // The same note in the demo's Spanish About page (content/es/): each
    // language of the demo says it is a demo in its own words.
    DemoValue {
        text: "sitio de demostración",
        what: "the note that this is a demo",
        fix: "remove the note (its lines start with `>`)",
    },
    DemoValue {
        text: "clínica inventada",
        what: "the note that this is a demo",
        fix: "remove the note (its lines start with `>`)",
    },
    DemoValue {
        text: "Riverbend",
        what: "the demo clinic's name",
        fix: "write `{clinic}`, which shows the name from site.yaml",
    },
    DemoValue {
        text: "(555) 010-0142",
        what: "the demo clinic's phone number",
        fix: "write `{phone}` or `{phone_link}`, which show the number from site.yaml",
    },
    DemoValue {
        text: "care@example.org",
        what: "the demo clinic's email address",
        fix: "write `{email}` or `{email_link}`, which show the address from site.yaml",
    },
];

/// The demo values still in a site made by `init`, one error per line, and
/// the new-article text still in any published page, as warnings.
pub fn check(site_yaml: Option<&SourceFile>, demo: bool, pages: &[&Page]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in pages {
        let source = &page.doc.source;
        if let Some(at) = source.text[page.doc.body_start..].find(NEW_ARTICLE_TEXT) {
            problems.push(
                Diagnostic::warning(
                    &source.path,
                    "this page still has the text every new article starts with",
                )
                .at_offset(&source.text, page.doc.body_start + at)
                .underline(NEW_ARTICLE_TEXT.chars().count())
                .hint("replace it with the article's own text before it is published"),
            );
        }
    }
    let Some(site) = site_yaml else {
        // A missing or unreadable site.yaml is reported by the build.
        return problems;
    };
    if demo {
        return problems;
    }
    problems.extend(lines_with(site, SITE_VALUES, "site.yaml still has"));
    for page in pages {
        problems.extend(lines_with(
            &page.doc.source,
            PAGE_VALUES,
            "this page still has",
        ));
    }
    problems
}

/// One error for each line of `source` that holds demo values.
fn lines_with(source: &SourceFile, values: &[DemoValue], lead: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (number, line) in source.text.lines().enumerate() {
        // Longest first, so `https://www.example.org/book` is not also
        // reported as `https://www.example.org`.
        let mut found: Vec<(usize, &DemoValue)> = Vec::new();
        for value in values {
            let Some(at) = line.find(value.text) else {
                continue;
            };
            let inside = found.iter().any(|(start, other)| {
                at >= *start && at + value.text.len() <= start + other.text.len()
            });
            let same_kind = found.iter().any(|(_, other)| other.what == value.what);
            if !inside && !same_kind {
                found.push((at, value));
            }
        }
        let Some(&(first, first_value)) = found.iter().min_by_key(|(at, _)| *at) else {
            continue;
        };
        let named: Vec<String> = found
            .iter()
            .map(|(_, v)| format!("{} `{}`", v.what, v.text))
            .collect();
        let fixes: Vec<&str> = found.iter().map(|(_, v)| v.fix).collect();
        let column = line[..first].chars().count() + 1;
        problems.push(
            Diagnostic::error(&source.path, format!("{lead} {}", named.join(" and ")))
                .at(&source.text, number + 1, column)
                .underline(first_value.text.chars().count())
                .hint(format!(
                    "replace it before you publish: {}",
                    fixes.join("; ")
                )),
        );
    }
    problems
}
