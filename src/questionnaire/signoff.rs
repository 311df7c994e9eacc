//! The clinician's sign-off of the self-assessment: `reviewed_by`,
//! `last_reviewed`, `next_review` and `reviewed_hash` at the top of
//! `content/assessment.yaml`, and the content hash that ties a sign-off to
//! one version of the file.
//!
//! The assessment is medical text, so it is gated as an article is: a
//! published assessment needs `reviewed_by` and `last_reviewed` (without
//! them it is a draft, built only with `--drafts`, so the clinician can
//! read the review sheet at `/assessment/review/` first). `pamphlet check`
//! adds the review dates and whether `reviewed_hash` is still the file's.

use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::diagnostic::Diagnostic;

use super::FILE;
use super::model::AssessmentFile;

/// The key whose line the content hash leaves out.
pub const HASH_KEY: &str = "reviewed_hash:";

/// How many hex digits of the SHA-256 the hash keeps: 48 bits, enough
/// that two versions of one file never share a hash by chance, and short
/// enough to copy onto a signed sheet.
pub const HASH_DIGITS: usize = 12;

/// The sign-off as the file states it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignOff {
    /// Who signed it off.
    pub reviewed_by: Option<String>,
    /// When.
    pub last_reviewed: Option<Date>,
    /// When the next review is due, if the file says.
    pub next_review: Option<Date>,
    /// The hash of the version they signed.
    pub reviewed_hash: Option<String>,
}

impl SignOff {
    /// The sign-off keys of `source`; `None` if the file does not parse
    /// (the loader reports why).
    pub fn read(source: &str) -> Option<SignOff> {
        // Through the one YAML entry point, which refuses deep nesting
        // before serde_yaml spends minutes on it.
        let path = std::path::Path::new(FILE);
        let file: AssessmentFile = crate::yaml::parse(path, source, source, 1).ok()?;
        Some(SignOff::of(&file, source))
    }

    /// The sign-off keys of a parsed file and its text.
    pub fn of(file: &AssessmentFile, source: &str) -> SignOff {
        SignOff {
            reviewed_by: file
                .reviewed_by
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            last_reviewed: file.last_reviewed,
            next_review: file.next_review,
            reviewed_hash: file
                .reviewed_hash
                .as_ref()
                .and_then(|_| hash_as_written(source)),
        }
    }

    /// The keys a published assessment needs and this one lacks.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("reviewed_by", self.reviewed_by.is_none()),
            ("last_reviewed", self.last_reviewed.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect()
    }
}

/// The content hash of `content/assessment.yaml`: the first
/// [`HASH_DIGITS`] hex digits of the SHA-256 of the file's bytes with every
/// top-level `reviewed_hash:` line (and its line break) left out, so that
/// writing the hash into the file does not change it. Any other change,
/// a comment or a space included, gives another hash.
pub fn content_hash(source: &str) -> String {
    let mut hasher = Sha256::new();
    for line in source.split_inclusive('\n') {
        if !line.starts_with(HASH_KEY) {
            hasher.update(line.as_bytes());
        }
    }
    hasher
        .finalize()
        .iter()
        .take(HASH_DIGITS / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The value of the `reviewed_hash:` line as written: without quotes or a
/// trailing `# comment`, so `000123` keeps its zeros.
fn hash_as_written(source: &str) -> Option<String> {
    let at = key_offset(source, HASH_KEY)?;
    let line = source[at + HASH_KEY.len()..].lines().next().unwrap_or("");
    let value = line.split(" #").next().unwrap_or("").trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'').trim();
    Some(value.to_string())
}

/// Where a top-level key's line starts in `source` (offset), if it has one.
pub fn key_offset(source: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if line.starts_with(key) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// What the build refuses: a published assessment without `reviewed_by`
/// and `last_reviewed`, a `next_review` not after `last_reviewed`, and a
/// `last_reviewed` in the future (after `today`). With `--drafts`
/// (`drafts`) a missing sign-off is allowed, as a draft article is.
pub fn problems(source: &str, drafts: bool, today: Date) -> Vec<Diagnostic> {
    let Some(sign_off) = SignOff::read(source) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let missing = sign_off.missing();
    if !missing.is_empty() && !drafts {
        let at = key_offset(source, "title:").unwrap_or(0);
        problems.push(
            Diagnostic::error(
                FILE,
                format!(
                    "the self-assessment is published but has no {}: an assessment no clinician has signed off is never published",
                    missing.join(" and ")
                ),
            )
            .at_offset(source, at)
            .underline("title".len())
            .hint(format!(
                "have a clinician read the review sheet (build with `--drafts` and open /assessment/review/), then add `reviewed_by: Dr. ...`, `last_reviewed: YYYY-MM-DD` and `{HASH_KEY} {}` at the top of the file",
                content_hash(source)
            )),
        );
    }
    let key_error = |key: &str, message: String, hint: &str| {
        let at = key_offset(source, &format!("{key}:")).unwrap_or(0);
        Diagnostic::error(FILE, message)
            .at_offset(source, at)
            .underline(key.len())
            .hint(hint)
    };
    if let (Some(last), Some(next)) = (sign_off.last_reviewed, sign_off.next_review)
        && next <= last
    {
        problems.push(key_error(
            "next_review",
            format!("`next_review` ({next}) is not after `last_reviewed` ({last})"),
            "the next review must come after the last one",
        ));
    }
    if let Some(last) = sign_off.last_reviewed.filter(|last| *last > today) {
        problems.push(key_error(
            "last_reviewed",
            format!("`last_reviewed` ({last}) is a date in the future"),
            "write the date the clinician actually signed the assessment off: a date still to come would show it as reviewed before it is",
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNED: &str = "reviewed_by: Dr. A\nlast_reviewed: 2026-01-05\nreviewed_hash: abc\ntitle: T\nquestions: []\noutcomes: []\n";

    fn today() -> Date {
        "2026-06-01".parse().unwrap()
    }

    #[test]
    fn the_hash_leaves_out_its_own_line_and_nothing_else() {
        let hash = content_hash(SIGNED);
        assert_eq!(hash.len(), HASH_DIGITS);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        // Writing another hash into the file does not change it...
        assert_eq!(
            content_hash(&SIGNED.replace("reviewed_hash: abc", "reviewed_hash: 0123")),
            hash
        );
        let without = SIGNED.replace("reviewed_hash: abc\n", "");
        assert_eq!(content_hash(&without), hash);
        // ...any other change does, a space included.
        assert_ne!(content_hash(&SIGNED.replace("title: T", "title:  T")), hash);
        // The SHA-256 of the bytes without the line, cut to 12 digits.
        let full: String = Sha256::digest(without.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, full[..HASH_DIGITS]);
        // An indented `reviewed_hash:` is not the top-level key.
        let nested = format!("{SIGNED}notes:\n  reviewed_hash: x\n");
        assert_ne!(
            content_hash(&nested),
            content_hash(&format!("{SIGNED}notes:\n  reviewed_hash: y\n"))
        );
    }

    #[test]
    fn the_signed_hash_is_read_as_written() {
        for (line, read) in [
            ("reviewed_hash: 000123456789", "000123456789"),
            (
                "reviewed_hash: 12e456789012 # signed on paper",
                "12e456789012",
            ),
            ("reviewed_hash: \"36f79c96c2e6\"", "36f79c96c2e6"),
        ] {
            let yaml = SIGNED.replace("reviewed_hash: abc", line);
            let sign_off = SignOff::read(&yaml).expect("digits parse too");
            assert_eq!(sign_off.reviewed_hash.as_deref(), Some(read), "{line}");
        }
        let none = SIGNED.replace("reviewed_hash: abc\n", "");
        assert_eq!(SignOff::read(&none).unwrap().reviewed_hash, None);
    }

    #[test]
    fn a_published_assessment_needs_a_sign_off() {
        assert!(problems(SIGNED, false, today()).is_empty());
        let unsigned = "title: T\nquestions: []\noutcomes: []\n";
        let found = problems(unsigned, false, today());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the self-assessment is published but has no reviewed_by and last_reviewed: an assessment no clinician has signed off is never published"
        );
        assert_eq!((found[0].line, found[0].column), (1, 1));
        assert!(problems(unsigned, true, today()).is_empty(), "a draft");
        let blank = SIGNED.replace("Dr. A", "\"  \"");
        assert_eq!(SignOff::read(&blank).unwrap().missing(), ["reviewed_by"]);
        assert!(
            problems("title: [", false, today()).is_empty(),
            "load says why"
        );
    }

    #[test]
    fn review_dates_are_checked_as_an_article_s() {
        let yaml = SIGNED.replace(
            "last_reviewed: 2026-01-05",
            "last_reviewed: 2026-07-05\nnext_review: 2026-07-01",
        );
        let found: Vec<(usize, String)> = problems(&yaml, false, today())
            .into_iter()
            .map(|d| (d.line, d.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    3,
                    "`next_review` (2026-07-01) is not after `last_reviewed` (2026-07-05)".into()
                ),
                (
                    2,
                    "`last_reviewed` (2026-07-05) is a date in the future".into()
                ),
            ]
        );
    }
}
