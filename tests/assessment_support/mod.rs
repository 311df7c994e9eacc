//! What the self-assessment tests share: the fixture they break and the
//! assertion that a broken file fails the build with the full message and
//! leaves the previous output as it was.

#![allow(dead_code)]

use crate::common::SiteTest;

pub const FIXTURE: &str = "tests/fixtures/assessment/content/assessment.yaml";

/// Replaces `old` (which must occur) with `new` in the fixture's
/// assessment and asserts the build's full error output.
pub fn assert_fails(old: &str, new: &str, expected: &str) {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    assert!(
        source.contains(old),
        "the fixture no longer contains {old:?}"
    );
    let site = SiteTest::from_fixture("assessment");
    site.build().expect_code(0);
    let before = site.snapshot("public");
    let site = site.file("content/assessment.yaml", source.replacen(old, new, 1));
    assert_eq!(site.build_errors(), expected);
    assert_eq!(
        site.snapshot("public"),
        before,
        "a failed build left public/ as it was"
    );
}
