//! `pamphlet check` end to end: one fixture per class of problem with the
//! full message, the JSON report, exit codes, `--today`, and the default
//! site passing the gate CI runs. This file: review dates, reading grade,
//! the report, the gate, `--external`, the assessment, salvaged pages and
//! templates; sources, accessibility and wording are in `check_content.rs`;
//! what both share is in `check_support`.

mod check_support;
mod common;

use check_support::*;
use common::SiteTest;

#[test]
fn good_site_passes_and_writes_nothing() {
    let site = SiteTest::from_fixture("good");
    let run = check(&site, &["--deny-warnings"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "\
Page                             Grade  Words  Last reviewed  Next review  Problems
content/articles/sessions.md       1.3     31  2026-11-01     2027-11-01   0
content/articles/maintenance.md    3.1     14  2026-10-01     2027-10-01   0
content/articles/safety.md         2.3      7  2026-09-01     2027-09-01   0
content/faq.md                     4.1     10  2026-11-01     2027-11-01   0
content/pages/about.md             2.2      8  -              -            0

Checked 5 pages on 2026-11-24: no problems.
"
    );
    assert!(!site.exists("public"), "check wrote output");
}

#[test]
fn expired_review_is_an_error() {
    let site = with_article(
        "safety",
        &format!(
            "{SAFETY}last_reviewed: 2025-09-01\nnext_review: 2026-09-01\n---\nTalk to your physician about your health.\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: the medical review was due on 2026-09-01, 84 days ago
 --> content/articles/safety.md:8:1
  |
8 | next_review: 2026-09-01
  | ^^^^^^^^^^^
  = hint: have a clinician review the text, then set `last_reviewed` to the date of that review and `next_review` to the next one

",
    );
}

#[test]
fn review_interval_from_site_yaml_sets_the_due_date() {
    let site = with_article(
        "safety",
        &format!(
            "{SAFETY}last_reviewed: 2025-11-01\n---\nTalk to your physician about your health.\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: the medical review was due on 2026-11-01 (`last_reviewed` plus site.yaml's `review_interval_days` of 365), 23 days ago
 --> content/articles/safety.md:7:1
  |
7 | last_reviewed: 2025-11-01
  | ^^^^^^^^^^^^^
  = hint: have a clinician review the text, then set `last_reviewed` to the date of that review and `next_review` to the next one

",
    );
}

#[test]
fn review_due_soon_is_a_warning_that_deny_warnings_fails() {
    let site = with_article(
        "safety",
        &format!(
            "{SAFETY}last_reviewed: 2026-09-01\nnext_review: 2026-12-10\n---\nTalk to your physician about your health.\n"
        ),
    );
    assert_problems(
        &site,
        0,
        "\
warning: the medical review is due on 2026-12-10, in 16 days
 --> content/articles/safety.md:8:1
  |
8 | next_review: 2026-12-10
  | ^^^^^^^^^^^
  = hint: plan the review with a clinician now; afterwards set `last_reviewed` and `next_review`

",
    );
    let run = check(&site, &[]);
    assert!(
        run.stdout
            .ends_with("Checked 5 pages on 2026-11-24: 1 warning (the check passes).\n"),
        "{}",
        run.stdout
    );
    let run = check(&site, &["--deny-warnings"]);
    run.expect_code(1);
    assert!(
        run.stdout.ends_with(
            "Checked 5 pages on 2026-11-24: 1 warning; the check fails because of --deny-warnings.\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn today_decides_what_is_due() {
    let site = with_article(
        "safety",
        &format!(
            "{SAFETY}last_reviewed: 2026-09-01\nnext_review: 2026-12-10\n---\nTalk to your physician about your health.\n"
        ),
    );
    site.run(&["check", "--deny-warnings", "--today", "2026-11-01"])
        .expect_code(0);
    site.run(&["check", "--today", "2026-12-11"]).expect_code(1);
    let run = site.run(&["check", "--today", "2026-11-31"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("`2026-11-31` is not a date"),
        "{}",
        run.stderr
    );
}

const GRADE_9: &str = "Ketamine treatment for depression usually involves several sessions over a period of a few weeks, and your physician will decide how many treatments you need.\n\nTalk to your physician about your health.\n";
const GRADE_21: &str = "Intravenous ketamine administration necessitates continuous cardiovascular monitoring, particularly regarding hypertension.\n\nTalk to your physician about your health.\n";

#[test]
fn grade_above_the_maximum_is_a_warning() {
    let site = with_article(
        "safety",
        &format!("{SAFETY}last_reviewed: 2026-09-01\n---\n{GRADE_9}"),
    );
    assert_problems(
        &site,
        0,
        "\
warning: the reading grade is 8.7, above the site's maximum of 8
 --> content/articles/safety.md:9:1
  |
9 | Ketamine treatment for depression usually involves several sessions over a period of a few weeks, and your physician will decide how many treatments you need.
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: use shorter sentences and everyday words; the hardest sentence is at line 9 (grade 13.0)

",
    );
    let run = check(&site, &[]);
    assert!(
        run.stdout.contains(
            "\nThe hardest sentences of content/articles/safety.md (grade 8.7):\n  line 9 (grade 13.0): Ketamine treatment for depression usually involves several sessions over a period of a few weeks, and your physician will decide how many treatments you need.\n  line 11 (grade 2.3): Talk to your physician about your health.\n\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn grade_far_above_the_maximum_is_an_error_when_readability_is_error() {
    let page = format!("{SAFETY}last_reviewed: 2026-09-01\n---\n{GRADE_21}");
    let expected = |level: &str| {
        format!(
            "\
{level}: the reading grade is 21.7, above the site's maximum of 8
 --> content/articles/safety.md:9:1
  |
9 | Intravenous ketamine administration necessitates continuous cardiovascular monitoring, particularly regarding hypertension.
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: use shorter sentences and everyday words; the hardest sentence is at line 9 (grade 35.5)

"
        )
    };
    // readability is `warn` by default: a warning however high the grade.
    let site = with_article("safety", &page);
    assert_problems(&site, 0, &expected("warning"));
    let site = site.file(
        "site.yaml",
        format!(
            "{}policy:\n  max_grade: 8\n  severity: {{ readability: error }}\n",
            SiteTest::from_fixture("good").read("site.yaml")
        ),
    );
    assert_problems(&site, 1, &expected("error"));
}

#[test]
fn json_report_has_pages_diagnostics_and_summary() {
    let site = with_article(
        "maintenance",
        &format!("{MAINTENANCE}---\nBenefits can fade. A booster is no cure.\n"),
    );
    let run = check(&site, &["--format", "json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(json["today"], "2026-11-24");
    assert_eq!(json["max_grade"], 8.0);
    assert_eq!(
        json["summary"],
        serde_json::json!({ "pages": 5, "errors": 1, "warnings": 0, "passed": false })
    );
    let pages = json["pages"].as_array().unwrap();
    let maintenance = pages
        .iter()
        .find(|p| p["path"] == "content/articles/maintenance.md")
        .unwrap();
    for key in [
        "url",
        "kind",
        "title",
        "grade",
        "words",
        "sentences",
        "last_reviewed",
        "next_review",
        "errors",
        "warnings",
        "hardest",
    ] {
        assert!(maintenance.get(key).is_some(), "pages[] has no {key}");
    }
    assert_eq!(maintenance["url"], "/articles/maintenance/");
    assert_eq!(maintenance["kind"], "article");
    assert_eq!(maintenance["words"], 14);
    assert_eq!(maintenance["last_reviewed"], "2026-10-01");
    assert_eq!(maintenance["next_review"], "2027-10-01");
    assert_eq!(maintenance["errors"], 1);
    assert_eq!(maintenance["hardest"][0]["line"], 9);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d["check"], "wording");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "content/articles/maintenance.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(9), Some(36))
    );
    assert_eq!(d["message"], "avoid the phrase \"cure\" in patient text");
}

#[test]
fn build_errors_are_reported_with_the_checks() {
    let site = with_article(
        "maintenance",
        &format!("{MAINTENANCE}---\nSee [the missing page](missing.md). A booster is no cure.\n"),
    );
    let run = check(&site, &[]);
    run.expect_code(1);
    let text = problems(&run);
    assert!(
        text.contains("error: the link `missing.md` goes to `content/articles/missing.md`, which does not exist\n"),
        "{text}"
    );
    assert!(
        text.contains("error: avoid the phrase \"cure\" in patient text\n"),
        "{text}"
    );
}

#[test]
fn drafts_are_checked_with_drafts() {
    let site = SiteTest::from_fixture("good");
    check(&site, &["--deny-warnings"]).expect_code(0);
    let run = check(&site, &["--drafts"]);
    run.expect_code(1);
    assert!(
        problems(&run).starts_with(
            "error: this draft has no reviewed_by and last_reviewed yet: it cannot be published until a clinician has reviewed it\n --> content/articles/unfinished.md:1:1\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn default_site_passes_the_ci_gate() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args([
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "check",
            "--deny-warnings",
            "--today",
            TODAY,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(": no problems.\n"), "{stdout}");
}

/// A tiny web server on 127.0.0.1: `/gone` answers 404, anything else 200.
fn local_server() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            // Read the headers up to the blank line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let status = if request.contains(" /gone ") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let _ = write!(
                reader.get_mut(),
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    port
}

#[test]
fn external_links_only_with_external() {
    let port = local_server();
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}references:\n  - id: ok\n    title: A page that works\n    url: http://127.0.0.1:{port}/ok\n    publisher: A test server\n    year: 2026\n---\nBenefits can fade.[^ok] See [the old survey](http://127.0.0.1:{port}/gone).\n"
        ),
    );
    check(&site, &["--deny-warnings"]).expect_code(0);
    let run = check(&site, &["--external"]);
    run.expect_code(0);
    let expected = format!(
        "\
warning: the link http://127.0.0.1:{port}/gone did not work: the server answered 404
  --> content/articles/maintenance.md:15:29
   |
15 | Benefits can fade.[^ok] See [the old survey](http://127.0.0.1:{port}/gone).
   |                             {carets}
   = hint: open it in a browser; if the page moved, write its new address; if it is gone, find another source

",
        carets = "^".repeat(format!("[the old survey](http://127.0.0.1:{port}/gone)").len())
    );
    // Other links of the fixture (example.org) depend on the network.
    let actual = problems(&run);
    assert!(actual.starts_with(&expected), "{actual}");
}

#[test]
fn outcome_without_a_test_case_is_a_warning() {
    let source =
        std::fs::read_to_string("tests/fixtures/assessment/content/assessment.yaml").unwrap();
    // Drop the one case that reaches `long_time`.
    let source = source.replacen(
        "  - answers: { <<: *adult, years: 12 }\n    expect: long_time\n",
        "",
        1,
    );
    // Signed off again: the sign-off names this version.
    let hash = pamphlet::questionnaire::signoff::content_hash(&source);
    let source = source.replacen(
        "reviewed_hash: 8f42055888d8",
        &format!("reviewed_hash: {hash}"),
        1,
    );
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", source);
    let run = check(&site, &["--deny-warnings"]);
    run.expect_code(1);
    assert_eq!(
        problems(&run),
        "warning: no test case reaches the outcome `long_time`
  --> content/assessment.yaml:92:1
   |
92 | tests:
   | ^
   = hint: add a case under `tests:` whose answers lead to each outcome

"
    );
    check(&SiteTest::from_fixture("assessment"), &["--deny-warnings"]).expect_code(0);
}

#[test]
fn a_front_matter_error_does_not_hide_the_links_and_citations_of_its_file() {
    // A misspelt key, a link to nothing and a citation of no reference, all
    // in one file: one run names all three, in check and in build.
    let site = with_article(
        "safety",
        "---\ntitel: Is it safe for me?\ndescription: Who should talk to a physician first.\nreviewed_by: Dr. Test Reviewer, MD (fictional)\nlast_reviewed: 2026-09-01\nreferences:\n  - id: label\n    title: The product label\n---\nTalk to your physician first.[^lable] See [the intake](intake.md).\n",
    );
    let run = check(&site, &[]);
    run.expect_code(1);
    let expected = "\
error: unknown key `titel`
 --> content/articles/safety.md:2:1
  |
2 | titel: Is it safe for me?
  | ^^^^^
  = hint: did you mean `title`? The known keys are: title, description, date, updated, tags, weight, draft, reviewed_by, last_reviewed, next_review, references, translation_of

error: `[^lable]` cites no reference in the front matter
  --> content/articles/safety.md:10:30
   |
10 | Talk to your physician first.[^lable] See [the intake](intake.md).
   |                              ^^^^^^^^
   = hint: did you mean `[^label]`?

error: the link `intake.md` goes to `content/articles/intake.md`, which does not exist
  --> content/articles/safety.md:10:56
   |
10 | Talk to your physician first.[^lable] See [the intake](intake.md).
   |                                                        ^^^^^^^^^
   = hint: links are relative to the file they are in: from an article, `other-article.md`, `../faq.md` or `../pages/about.md`

";
    assert_eq!(problems(&run), expected, "\n--- actual ---\n{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("Checked 4 pages on 2026-11-24: 3 errors.\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        site.build_errors(),
        format!(
            "{expected}error: found 3 errors\nThe previous output in [ROOT]/public was left as it was.\n"
        )
    );
}

#[test]
fn front_matter_that_is_not_yaml_still_has_its_links_checked() {
    // The YAML does not parse, so its references are unknown: a citation
    // is taken as written (not reported against an empty list); the link
    // to nothing is still reported, after the YAML error (whose wording is
    // asserted by the YAML tests).
    let site = with_article(
        "safety",
        "---\ntitle: Is it safe for me?\ndescription: [Who should talk\nreferences:\n  - id: label\n    title: The product label\n---\nTalk to your physician first.[^label] See [the intake](intake.md).\n",
    );
    let run = check(&site, &[]);
    run.expect_code(1);
    let problems = problems(&run);
    let link = "\
error: the link `intake.md` goes to `content/articles/intake.md`, which does not exist
 --> content/articles/safety.md:8:56
  |
8 | Talk to your physician first.[^label] See [the intake](intake.md).
  |                                                        ^^^^^^^^^
  = hint: links are relative to the file they are in: from an article, `other-article.md`, `../faq.md` or `../pages/about.md`

";
    assert!(problems.starts_with("error: "), "{problems}");
    assert!(problems.ends_with(link), "{problems}");
    assert_eq!(problems.matches("\nerror: ").count(), 1, "{problems}");
    assert!(
        run.stdout
            .ends_with("Checked 4 pages on 2026-11-24: 2 errors.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_reports_the_template_errors_build_reports_and_writes_nothing() {
    let site = SiteTest::from_fixture("good").file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such_value }}{% endblock main %}",
    );
    let built = site.build_errors();
    let run = check(&site, &[]);
    run.expect_code(1);
    let expected = "\
error: Field `no_such_value` is not defined. Available fields: description, jsonld, noindex, og_type, path, title, url (while rendering /about/ with page.html)
 --> templates/page.html:1:50
  |
1 | {% extends \"base.html\" %}{% block main %}{{ page.no_such_value }}{% endblock main %}
  |                                                  ^^^^^^^^^^^^^
  = hint: a template may use only the values pamphlet gives it; `pamphlet` README lists them per template. Guard optional ones with `{% if x is defined %}`

";
    assert_eq!(problems(&run), expected, "\n--- actual ---\n{}", run.stdout);
    assert_eq!(
        built,
        format!(
            "{expected}error: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
        )
    );
    // Rendered to find the error, but nothing kept: no output folder.
    assert!(!site.exists("public"), "check or build wrote output");
}

/// "No problems" is never printed for a self-assessment whose answers were
/// only partly checked: two wide numbers divided are sampled, and `check`
/// says what, as a warning, at `questions:`.
#[test]
fn a_sampled_self_assessment_is_a_warning() {
    let number = |id: &str| {
        format!("  - {{ id: {id}, text: {id}?, type: number, min: 0, max: 1000, step: 0.01 }}\n")
    };
    let mut source = format!(
        "reviewed_by: Dr. Maya Chen, MD
last_reviewed: 2026-11-20
reviewed_hash: HASH
title: Ratio
questions:
{}{}outcomes:
  - {{ id: high, when: \"a / b > 2\", title: High, body: Text. }}
  - {{ id: low, when: \"true\", title: Low, body: Text. }}
tests:
  - {{ answers: {{ a: 10, b: 1 }}, expect: high }}
  - {{ answers: {{ a: 1, b: 10 }}, expect: low }}
",
        number("a"),
        number("b")
    );
    let hash = pamphlet::questionnaire::signoff::content_hash(&source);
    source = source.replacen("HASH", &hash, 1);
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", source);
    let run = check(&site, &["--deny-warnings"]);
    run.expect_code(1);
    assert_eq!(
        problems(&run),
        "warning: the self-assessment is not checked for every answer: proved for every answer, except `a` between 0 and 1000 when `b` is 0 to 500, which was sampled at 2039 values, so a gap there may be missed
 --> content/assessment.yaml:5:1
  |
5 | questions:
  | ^
  = hint: give the numbers named a `min`, `max` and `step` with at most 20,000 steps, or read them only through comparisons with numbers, and every answer is checked (README: \"What the check proves\")

"
    );
}
