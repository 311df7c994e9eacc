//! Review dates: medical text is reviewed by a clinician and reviewed again
//! before its `next_review` date (or `review_interval_days` after
//! `last_reviewed` when the page sets no date of its own).

use crate::config::Policy;
use crate::content::Document;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, plural};

/// How many days ahead a coming review is announced as a warning.
pub const DUE_SOON_DAYS: i64 = 30;

/// When the page's next review is due: its own `next_review`, or
/// `last_reviewed` plus the site's review interval.
pub fn next_review(doc: &Document, policy: &Policy) -> Option<Date> {
    doc.meta.next_review.or_else(|| {
        doc.meta
            .last_reviewed
            .map(|last| last.add_days(policy.review_interval_days))
    })
}

/// The review problems of an article or the FAQ on `today`, as errors;
/// the caller applies the site's severity. Published pages without a
/// review are already refused by the build, so only drafts (checked with
/// `--drafts`) are reported here for a missing review.
pub fn check(doc: &Document, policy: &Policy, today: Date) -> Vec<Diagnostic> {
    let text = &doc.source.text;
    let path = &doc.source.path;
    let meta = &doc.meta;
    let mut problems: Vec<_> = crate::content::future_review(&doc.source, meta, today)
        .into_iter()
        .collect();
    let missing = meta.missing_review();
    if !missing.is_empty() {
        if meta.draft {
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "this draft has no {} yet: it cannot be published until a clinician has reviewed it",
                        missing.join(" and ")
                    ),
                )
                .at(text, 1, 1)
                .underline(3)
                .hint("add `reviewed_by: Dr. ...` and `last_reviewed: YYYY-MM-DD` once a clinician has reviewed it"),
            );
        }
        return problems;
    }
    let Some(next) = next_review(doc, policy) else {
        return problems;
    };
    problems.extend(due(
        path,
        text,
        next,
        meta.next_review.is_some(),
        policy,
        today,
    ));
    problems
}

/// The review of the text in `path` (its source `text`) is due on `next`:
/// an error once the day has come, a warning [`DUE_SOON_DAYS`] before.
/// `own_date` says whether `next` is the file's own `next_review` or
/// `last_reviewed` plus the site's interval; the message points at that key.
pub fn due(
    path: &std::path::Path,
    text: &str,
    next: Date,
    own_date: bool,
    policy: &Policy,
    today: Date,
) -> Option<Diagnostic> {
    let (key, from_interval) = if own_date {
        ("next_review:", String::new())
    } else {
        (
            "last_reviewed:",
            format!(
                " (`last_reviewed` plus site.yaml's `review_interval_days` of {})",
                policy.review_interval_days
            ),
        )
    };
    let days = today.days_until(next);
    let at = |d: Diagnostic| d.at_text(text, 0, key, 1).underline(key.len() - 1);
    if days <= 0 {
        let when = match days {
            0 => "today".to_string(),
            d => format!("{} ago", plural(d.unsigned_abs() as usize, "day")),
        };
        Some(at(Diagnostic::error(
            path,
            format!("the medical review was due on {next}{from_interval}, {when}"),
        ))
        .hint(
            "have a clinician review the text, then set `last_reviewed` to the date of that review and `next_review` to the next one",
        ))
    } else if days <= DUE_SOON_DAYS {
        Some(at(Diagnostic::warning(
            path,
            format!(
                "the medical review is due on {next}{from_interval}, in {}",
                plural(days as usize, "day")
            ),
        ))
        .hint("plan the review with a clinician now; afterwards set `last_reviewed` and `next_review`"))
    } else {
        None
    }
}
