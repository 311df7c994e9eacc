//! The report of `pamphlet check`: readable text grouped by file, with a
//! summary table, or one JSON object with the same data for tools.

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::{Finding, PageSummary, Report};
use crate::date::Date;
use crate::diagnostic::plural;

/// The text report: every problem with its line and a caret, then the
/// summary table and the verdict.
pub fn text(report: &Report, deny_warnings: bool) -> String {
    let mut out = String::new();
    for finding in &report.diagnostics {
        let _ = writeln!(out, "{}", finding.diagnostic);
    }
    out.push_str(&table(&report.pages));
    out.push('\n');
    let hard: Vec<&PageSummary> = report
        .pages
        .iter()
        .filter(|p| p.kind != "page" && p.grade.is_some_and(|g| g > report.max_grade))
        .collect();
    for page in hard {
        let _ = writeln!(
            out,
            "The hardest sentences of {} (grade {:.1}):",
            page.path.display(),
            page.grade.unwrap_or_default()
        );
        for s in &page.hardest {
            let label = if s.label.is_empty() {
                String::new()
            } else {
                format!("{}, ", s.label)
            };
            let _ = writeln!(
                out,
                "  {label}line {} (grade {:.1}): {}",
                s.line, s.grade, s.text
            );
        }
        out.push('\n');
    }
    out.push_str(&verdict(report, deny_warnings));
    out
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

/// The summary table: page, grade, words, last reviewed, next review, problems.
fn table(pages: &[PageSummary]) -> String {
    let header = [
        "Page",
        "Grade",
        "Words",
        "Last reviewed",
        "Next review",
        "Problems",
    ]
    .map(String::from);
    let rows: Vec<[String; 6]> = pages
        .iter()
        .map(|p| {
            let problems = match (p.errors, p.warnings) {
                (0, 0) => "0".to_string(),
                (e, 0) => plural(e, "error"),
                (0, w) => plural(w, "warning"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            [
                p.path.display().to_string(),
                p.grade.map_or_else(|| "-".into(), |g| format!("{g:.1}")),
                p.words.to_string(),
                date(p.last_reviewed),
                date(p.next_review),
                problems,
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            // Numbers are right-aligned, text left-aligned.
            if i == 1 || i == 2 {
                let _ = write!(line, "{cell:>width$}  ");
            } else {
                let _ = write!(line, "{cell:<width$}  ");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The last line: what was checked and whether it passed.
fn verdict(report: &Report, deny_warnings: bool) -> String {
    let (errors, warnings) = (report.errors(), report.warnings());
    let checked = format!(
        "Checked {} on {}",
        plural(report.pages.len(), "page"),
        report.today
    );
    match (errors, warnings) {
        (0, 0) => format!("{checked}: no problems.\n"),
        (0, w) if !deny_warnings => {
            format!("{checked}: {} (the check passes).\n", plural(w, "warning"))
        }
        (0, w) => format!(
            "{checked}: {}; the check fails because of --deny-warnings.\n",
            plural(w, "warning")
        ),
        (e, 0) => format!("{checked}: {}.\n", plural(e, "error")),
        (e, w) => format!(
            "{checked}: {} and {}.\n",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

/// Counts for tools.
#[derive(Serialize)]
struct Summary {
    pages: usize,
    errors: usize,
    warnings: usize,
    passed: bool,
}

#[derive(Serialize)]
struct Json<'a> {
    today: Date,
    max_grade: f64,
    summary: Summary,
    pages: &'a [PageSummary],
    diagnostics: &'a [Finding],
}

/// The JSON report: one object with `today`, `max_grade`, `summary`,
/// `pages` and `diagnostics`.
pub fn json(report: &Report, deny_warnings: bool) -> String {
    let json = Json {
        today: report.today,
        max_grade: report.max_grade,
        summary: Summary {
            pages: report.pages.len(),
            errors: report.errors(),
            warnings: report.warnings(),
            passed: passed(report, deny_warnings),
        },
        pages: &report.pages,
        diagnostics: &report.diagnostics,
    };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether the check passes: no errors, and no warnings with `--deny-warnings`.
pub fn passed(report: &Report, deny_warnings: bool) -> bool {
    report.errors() == 0 && !(deny_warnings && report.warnings() > 0)
}
