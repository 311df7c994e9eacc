//! What the `pamphlet check` tests share: the fixed `--today`, the good
//! fixture's articles to change, running `check` and reading the problems
//! part of its report.

#![allow(dead_code)]

use crate::common::{Run, SiteTest};

/// The day every check test runs on (`--today`), so review dates never drift.
pub const TODAY: &str = "2026-11-24";

pub const MAINTENANCE: &str = "---\ntitle: Maintenance sessions\ndescription: Why some people come back for booster sessions.\ndate: 2026-10-01\ntags: [sessions, maintenance]\nreviewed_by: Dr. Test Reviewer, MD (fictional)\nlast_reviewed: 2026-10-01\n";
pub const SAFETY: &str = "---\ntitle: Is it safe for me?\ndescription: Who should talk to a physician first.\ndate: 2026-09-01\ntags: [safety]\nreviewed_by: Dr. Test Reviewer, MD (fictional)\n";

/// The end of the maintenance article that sessions.md links to (`#how-often`).
pub const HOW_OFTEN: &str = "\n## How often?\n\nIt differs from person to person.\n";

/// `pamphlet check --today 2026-11-24 ARGS` on the site.
pub fn check(site: &SiteTest, args: &[&str]) -> Run {
    let mut all = vec!["check", "--today", TODAY];
    all.extend_from_slice(args);
    site.run(&all)
}

/// The problems part of the text report (everything before the table).
pub fn problems(run: &Run) -> String {
    let end = run
        .stdout
        .find("Page  ")
        .expect("the summary table follows the problems");
    run.stdout[..end].to_string()
}

/// The good fixture with one article replaced (the maintenance article
/// keeps the section other pages link to).
pub fn with_article(name: &str, text: &str) -> SiteTest {
    let text = if name == "maintenance" && !text.contains("How often?") {
        format!("{text}{HOW_OFTEN}")
    } else {
        text.to_string()
    };
    SiteTest::from_fixture("good").file(&format!("content/articles/{name}.md"), text)
}

/// Checks the site, expecting `code`, and asserts the full problems text.
pub fn assert_problems(site: &SiteTest, code: i32, expected: &str) {
    let run = check(site, &[]);
    run.expect_code(code);
    let actual = problems(&run);
    assert_eq!(actual, expected, "\n--- actual ---\n{actual}");
}
