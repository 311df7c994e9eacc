//! Sources: figures and research claims need references, every reference
//! is cited, and every reference has a title, publisher, year and url. (A `[^id]` that names no reference is refused by the
//! build already, and reported by `check` from there.)

use crate::check::wording::find_phrase;
use crate::content::{Document, Reference};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::markdown::scan::Scan;

/// Words that announce a clinical claim (matched as whole words, plurals too).
const CLAIMS: &[&str] = &[
    "studies show",
    "research shows",
    "research",
    "trial",
    "clinical trial",
    "evidence shows",
    "proven",
    "percent",
];

/// What an unsourced page states first in its prose or tables (headings
/// are names, not claims): (byte offset, length, the text).
fn first_claim(scan: &Scan) -> Option<(usize, usize, String)> {
    let mut best: Option<(usize, usize, String)> = None;
    let mut consider = |found: (usize, usize, String)| {
        if best.as_ref().is_none_or(|b| found.0 < b.0) {
            best = Some(found);
        }
    };
    for block in scan.prose.iter().chain(&scan.table_text) {
        let text = &block.text;
        // A figure: digits, with a `%` when there is one.
        if let Some(start) = text.find(|c: char| c.is_ascii_digit()) {
            let len = text[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '%'))
                .unwrap_or(text.len() - start);
            let figure = text[start..start + len].trim_end_matches(['.', ',']);
            consider((block.source_offset(start), figure.len(), figure.to_string()));
        }
        for claim in CLAIMS {
            if let Some((start, len)) = find_phrase(text, claim, true) {
                consider((
                    block.source_offset(start),
                    len,
                    text[start..start + len].to_string(),
                ));
            }
        }
    }
    best
}

/// The sources problems of an article or the FAQ, as errors.
pub fn check(doc: &Document, rendered: &Rendered, scan: &Scan) -> Vec<Diagnostic> {
    let text = &doc.source.text;
    let path = &doc.source.path;
    let mut problems = Vec::new();
    if doc.meta.references.is_empty() {
        if let Some((offset, len, claim)) = first_claim(scan) {
            let what = if claim.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                format!("gives a figure (`{claim}`)")
            } else {
                format!("mentions research (`{claim}`)")
            };
            problems.push(
                Diagnostic::error(path, format!("this page {what} but lists no sources"))
                    .at_offset(text, offset)
                    .underline(len)
                    .hint("add the source under `references:` in the front matter (id, title, url, publisher, year) and cite it here with `[^id]`"),
            );
        }
        return problems;
    }
    let mut from = text.find("references:").unwrap_or(0);
    for reference in &doc.meta.references {
        let needle = format!("id: {}", reference.id);
        let found = text[from..].find(&needle).map(|i| i + from);
        if !rendered.cited.contains(&reference.id) {
            let mut problem = Diagnostic::error(
                path,
                format!("the reference `{}` is never cited", reference.id),
            )
            .hint(format!(
                "cite it with `[^{}]` after the sentence that relies on it, or remove it from `references`",
                reference.id
            ));
            problem = match found {
                Some(offset) => problem
                    .at_offset(text, offset + 4)
                    .underline(reference.id.chars().count()),
                None => problem.at_text(text, 0, &reference.id, 1),
            };
            problems.push(problem);
        }
        let missing = missing_fields(reference);
        if !missing.is_empty() {
            let mut problem = Diagnostic::error(
                path,
                format!(
                    "the reference `{}` has no {}",
                    reference.id,
                    join_or(&missing)
                ),
            )
            .hint(format!(
                "a reader needs all four to find the source: add {}",
                missing
                    .iter()
                    .map(|field| format!("`{field}: {}`", example(field)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            problem = match found {
                Some(offset) => problem
                    .at_offset(text, offset + 4)
                    .underline(reference.id.chars().count()),
                None => problem.at_text(text, 0, &reference.id, 1),
            };
            problems.push(problem);
        }
        if let Some(offset) = found {
            from = offset + needle.len();
        }
    }
    problems
}

/// Which of title, publisher, year and url a reference lacks (or leaves
/// empty), in that order.
fn missing_fields(reference: &Reference) -> Vec<&'static str> {
    let empty = |value: Option<&str>| value.is_none_or(|v| v.trim().is_empty());
    let mut missing = Vec::new();
    if reference.title.trim().is_empty() {
        missing.push("title");
    }
    if empty(reference.publisher.as_deref()) {
        missing.push("publisher");
    }
    if reference.year.is_none() {
        missing.push("year");
    }
    if empty(reference.url.as_deref()) {
        missing.push("url");
    }
    missing
}

/// What a field looks like, for the hint.
fn example(field: &str) -> &'static str {
    match field {
        "title" => "The title of the paper or page",
        "publisher" => "the journal or organisation",
        "year" => "YYYY",
        _ => "https://...",
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
