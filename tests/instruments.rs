//! The four real instruments of `tests/fixtures/instruments` (the GAD-7, the
//! PHQ-9 with the GAD-7 and their follow-up items, a 40-question medical
//! screen and a screener with the C-SSRS's logic), each as a clinic's
//! `content/assessment.yaml`: the build succeeds and says exactly what it
//! proved, the page lists every question for readers without JavaScript,
//! and `pamphlet check` passes, warning only that the fixture's sign-off
//! names no version until `reviewed_hash` is written in.
//!
//! How long each takes is measured by `scripts/bench-instruments` (release
//! build), not here: a timed unit test fails on a busy machine.

mod common;

use std::path::Path;

use common::SiteTest;
use pamphlet::questionnaire::signoff::content_hash;

/// Each fixture, with the line the build prints about it. "every possible
/// answer checked" is the promise that matters: every outcome reachable,
/// some outcome for every answer, every question shown on some path,
/// decided for all answers, not sampled.
const INSTRUMENTS: [(&str, &str); 4] = [
    (
        "gad7.yaml",
        "Self-assessment: 8 questions, 4 outcomes and 9 test cases passed; every possible answer checked (134 distinct states)",
    ),
    (
        "phq9-gad7.yaml",
        "Self-assessment: 18 questions, 6 outcomes and 8 test cases passed; every possible answer checked (11931 distinct states)",
    ),
    (
        "medical-screen.yaml",
        "Self-assessment: 40 questions, 8 outcomes and 15 test cases passed; every possible answer checked (1953 distinct states)",
    ),
    (
        "cssrs-screener.yaml",
        "Self-assessment: 7 questions, 5 outcomes and 10 test cases passed; every possible answer checked (37 distinct states)",
    ),
];

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/instruments")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn site(name: &str) -> SiteTest {
    SiteTest::from_fixture("assessment").file("content/assessment.yaml", fixture(name))
}

/// The `text:` of every question, in order, as written in the file (the
/// questions come before `scores:`/`outcomes:`, four spaces in).
fn question_texts(yaml: &str) -> Vec<String> {
    yaml.lines()
        .skip_while(|l| *l != "questions:")
        .take_while(|l| !matches!(*l, "scores:" | "outcomes:"))
        .filter_map(|l| l.strip_prefix("    text: "))
        .map(|t| t.trim_matches('"').to_string())
        .collect()
}

/// The text of HTML as a reader sees it, for the few entities the pages use.
fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn each_instrument_builds_and_says_what_was_proved() {
    for (name, line) in INSTRUMENTS {
        let site = site(name);
        let run = site.build();
        run.expect_code(0);
        let proved: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| l.starts_with("Self-assessment:"))
            .collect();
        assert_eq!(proved, [line], "{name}: {}", run.stdout);
        assert_eq!(run.stderr, "", "{name}: nothing on stderr");
        // The page lists every question for a reader without JavaScript,
        // and the review sheet repeats what was proved.
        let page = unescape(&site.main_of("public/assessment/index.html"));
        let texts = question_texts(&fixture(name));
        let count = line["Self-assessment: ".len()..].split(' ').next().unwrap();
        assert_eq!(
            texts.len().to_string(),
            count,
            "{name}: every question's text found"
        );
        for text in texts {
            assert!(page.contains(&text), "{name}: the page lists {text:?}");
        }
        assert!(
            site.read("public/assessment/review/index.html")
                .contains(&format!("<p>{line}")),
            "{name}: the review sheet says what was proved"
        );
    }
}

#[test]
fn check_passes_each_and_asks_only_for_the_signed_version() {
    for (name, _) in INSTRUMENTS {
        let yaml = fixture(name);
        let line = yaml
            .lines()
            .position(|l| l.starts_with("reviewed_by:"))
            .expect("a sign-off")
            + 1;
        let hash = content_hash(&yaml);
        let run = site(name).run(&["check", "--today", "2026-12-01"]);
        run.expect_code(0);
        // The caret line's gutter is as wide as the line number.
        let pad = " ".repeat(line.to_string().len());
        let table = run.stdout.find("Page  ").expect("the summary table");
        assert_eq!(
            &run.stdout[..table],
            format!(
                "warning: the sign-off by Test fixture (no clinical review) does not say which version of the self-assessment they signed\n\
                 {pad}--> content/assessment.yaml:{line}:1\n\
                 {pad} |\n\
                 {line} | reviewed_by: \"Test fixture (no clinical review)\"\n\
                 {pad} | ^^^^^^^^^^^\n\
                 {pad} = hint: add `reviewed_hash: {hash}` (the hash at the top of the review sheet, /assessment/review/) if this is the version they signed off; otherwise have it reviewed again\n\n"
            ),
            "{name}"
        );
        assert_eq!(run.stderr, "", "{name}");
        assert!(
            run.stdout
                .ends_with("Checked 6 pages on 2026-12-01: 1 warning (the check passes).\n"),
            "{name}: {}",
            run.stdout
        );
        // With the hash of this version written in, nothing is left to say.
        let signed = yaml.replacen(
            "reviewed_by:",
            &format!("reviewed_hash: {hash}\nreviewed_by:"),
            1,
        );
        let run = SiteTest::from_fixture("assessment")
            .file("content/assessment.yaml", signed)
            .run(&["check", "--today", "2026-12-01", "--deny-warnings"]);
        run.expect_code(0);
        assert!(
            run.stdout
                .ends_with("Checked 6 pages on 2026-12-01: no problems.\n"),
            "{name}: {}",
            run.stdout
        );
    }
}

/// Without `continue` on the high-risk screen, the high-risk result after it
/// can never be reached, and the build says so. Its `when` does hold
/// (intent = yes), but the interrupting outcome `high_risk` ends the
/// assessment first: the hint names it, as it names earlier outcomes that
/// match first.
#[test]
fn an_outcome_after_a_final_interrupt_names_it() {
    let yaml = fixture("cssrs-screener.yaml")
        .replace("    continue: I am safe right now — continue\n", "")
        .replace(
            "    continue_past: [high_risk]\n    expect: high_risk_result\n",
            "    expect: high_risk\n",
        );
    let errors = site("cssrs-screener.yaml")
        .file("content/assessment.yaml", yaml)
        .build_errors();
    assert!(
        errors.starts_with("error: outcome `high_risk_result` can never be reached\n"),
        "{errors}"
    );
    let hint = errors.lines().find(|l| l.contains("= hint:")).unwrap();
    assert_eq!(
        hint.trim(),
        "= hint: no answers make its `when` true, or only answers that an interrupting outcome without `continue` (`high_risk`) stops first; check its conditions, or give that one a `continue`"
    );
}
