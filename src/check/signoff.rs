//! The self-assessment's sign-off, as `pamphlet check` sees it: the review
//! dates (as an article's), whether `reviewed_hash` is still the hash of the
//! file (the version the clinician signed), and, on a site made by `init`,
//! the demo's made-up reviewer. Build already refuses a published
//! assessment without `reviewed_by` and `last_reviewed`
//! ([`crate::questionnaire::signoff::problems`]).

use crate::config::Policy;
use crate::content::SourceFile;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::questionnaire::signoff::{HASH_KEY, SignOff, content_hash, key_offset};

use super::review;

/// The demo's reviewer, as `content/assessment.yaml` and the articles name it.
const DEMO_REVIEWERS: [&str; 2] = ["Dr. Jordan Placeholder", "fictional reviewer"];

/// When the assessment's next review is due: its `next_review`, or
/// `last_reviewed` plus the site's review interval.
pub fn next_review(sign_off: &SignOff, policy: &Policy) -> Option<Date> {
    sign_off.next_review.or_else(|| {
        sign_off
            .last_reviewed
            .map(|last| last.add_days(policy.review_interval_days))
    })
}

/// The sign-off problems of `source` (`content/assessment.yaml`) on
/// `today`, as errors (the caller applies the site's `review` severity)
/// except a missing `reviewed_hash`, a warning. `drafts`: `check --drafts`,
/// which also reports an assessment not signed off yet (build refuses it
/// otherwise). `site_yaml` tells the demo from a clinic's own site.
pub fn check(
    source: &SourceFile,
    demo: bool,
    policy: &Policy,
    today: Date,
    drafts: bool,
) -> Vec<Diagnostic> {
    let (path, text) = (&source.path, source.text.as_str());
    let Some(sign_off) = SignOff::read(text) else {
        return Vec::new();
    };
    let current = content_hash(text);
    let mut problems = Vec::new();
    let missing = sign_off.missing();
    if !missing.is_empty() {
        if drafts {
            let at = key_offset(text, "title:").unwrap_or(0);
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "the self-assessment has no {} yet: it cannot be published until a clinician has signed it off",
                        missing.join(" and ")
                    ),
                )
                .at_offset(text, at)
                .underline("title".len())
                .hint(format!(
                    "once a clinician has signed off the review sheet at /assessment/review/, add `reviewed_by: Dr. ...`, `last_reviewed: YYYY-MM-DD` and `{HASH_KEY} {current}` at the top of the file"
                )),
            );
        }
        return problems;
    }
    let (Some(reviewer), Some(last)) = (&sign_off.reviewed_by, sign_off.last_reviewed) else {
        return problems;
    };
    if let Some(next) = next_review(&sign_off, policy) {
        problems.extend(review::due(
            path,
            text,
            next,
            sign_off.next_review.is_some(),
            policy,
            today,
        ));
    }
    let sheet = "/assessment/review/";
    match sign_off.reviewed_hash.as_deref() {
        None => {
            let at = key_offset(text, "reviewed_by:").unwrap_or(0);
            problems.push(
                Diagnostic::warning(
                    path,
                    format!("the sign-off by {reviewer} does not say which version of the self-assessment they signed"),
                )
                .at_offset(text, at)
                .underline("reviewed_by".len())
                .hint(format!(
                    "add `{HASH_KEY} {current}` (the hash at the top of the review sheet, {sheet}) if this is the version they signed off; otherwise have it reviewed again"
                )),
            );
        }
        Some(signed) if signed != current => {
            let at = key_offset(text, HASH_KEY).unwrap_or(0);
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "the self-assessment changed since {reviewer} signed it off on {last}: have it reviewed again and update reviewed_hash"
                    ),
                )
                .at_offset(text, value_offset(text, at + HASH_KEY.len()))
                .underline(signed.chars().count().max(1))
                .hint(format!(
                    "the file's hash is now {current} (signed: {signed}); once a clinician has signed off this version on the review sheet ({sheet}), set `{HASH_KEY} {current}` and `last_reviewed` to the day they did"
                )),
            );
        }
        Some(_) => {}
    }
    if let Some(found) = DEMO_REVIEWERS.iter().find(|d| reviewer.contains(*d))
        && !demo
    {
        let at = key_offset(text, "reviewed_by:").unwrap_or(0);
        let line = &text[at..];
        let column = line.find(found).unwrap_or(0);
        problems.push(
            Diagnostic::error(
                path,
                format!("the self-assessment still has the demo's made-up reviewer `{found}`"),
            )
            .at_offset(text, at + column)
            .underline(found.chars().count())
            .hint("replace it before you publish: have a clinician sign off the review sheet at /assessment/review/, then put their name in `reviewed_by`, the day in `last_reviewed` and the sheet's hash in `reviewed_hash`"),
        );
    }
    problems
}

/// Where the value after a key starts: past the spaces and an opening quote.
fn value_offset(text: &str, after_key: usize) -> usize {
    let rest = &text[after_key..];
    let value = rest.trim_start_matches([' ', '\t', '"', '\'']);
    after_key + rest.len() - value.len()
}
