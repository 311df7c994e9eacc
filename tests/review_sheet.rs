//! The clinician's sign-off of the self-assessment, end to end: the review
//! sheet at `/assessment/review/` (what it lists, that it is unlisted), the
//! build refusing an assessment no clinician signed off, and what
//! `pamphlet check` says about a due review, a changed file and the demo's
//! reviewer, each with its full message.

mod common;

use common::SiteTest;
use pamphlet::questionnaire::signoff::content_hash;

const FIXTURE: &str = "tests/fixtures/assessment/content/assessment.yaml";

/// The fixture's assessment as written.
fn fixture_yaml() -> String {
    std::fs::read_to_string(FIXTURE).unwrap()
}

/// The fixture with the assessment replaced by `yaml`.
fn with_assessment(yaml: &str) -> SiteTest {
    SiteTest::from_fixture("assessment").file("content/assessment.yaml", yaml)
}

/// `yaml` without its sign-off lines.
fn unsigned(yaml: &str) -> String {
    yaml.split_inclusive('\n')
        .filter(|line| {
            !["reviewed_by:", "last_reviewed:", "reviewed_hash:"]
                .iter()
                .any(|key| line.starts_with(key))
        })
        .collect()
}

/// The problems part of check's text report (before the summary table).
fn problems(stdout: &str) -> &str {
    &stdout[..stdout.find("Page  ").expect("the summary table")]
}

#[test]
fn the_sheet_lists_questions_conditions_results_tests_and_the_hash() {
    let site = SiteTest::from_fixture("assessment");
    site.build().expect_code(0);
    let html = site.read("public/assessment/review/index.html");
    let hash = content_hash(&fixture_yaml());
    for shown in [
        // The hash, twice: the version and the line the clinician signs.
        &format!(
            "Version <strong class=\"hash\">{hash}</strong> of <code>content/assessment.yaml</code>"
        ),
        &format!("<code>reviewed_hash: {hash}</code>"),
        "Signed off by Dr. Test Reviewer on 2026-01-05, version 8f42055888d8.\nThat is this version.",
        // What the build proved: its own summary line.
        "<p>Self-assessment: 7 questions, 7 outcomes and 8 test cases passed; every possible answer checked (143 distinct states)",
        // The introduction as patients read it.
        "<div class=\"sheet-body\"><p>Your answers stay on this device.",
        // Each question, its options and scores, and when it is asked.
        "<h3>Q1. How old are you?</h3>",
        "<h3>Q3. How often do you feel down?</h3>",
        "<div class=\"sheet-cond\"><strong>Asked:</strong> “How old are you?” (Q1) is “18 or older”</div>",
        "<tr><td>Most days</td><td>2</td><td><code>most</code></td></tr>",
        "<tr><td>None of these (clears the others)</td><td><code>none</code></td></tr>",
        "Answer: yes or no; <strong>safety question</strong>. Id <code>harm</code>.",
        "Answer: a whole number from 0 to 80; may be skipped.",
        // Scores with their bands.
        "<p>Adds up: the sum of the scores of “How often do you feel down?” (Q3) and “How often do you sleep badly?” (Q4).</p>",
        "<tr><td>high</td><td>2</td><td>4</td></tr>",
        // Each result: its condition in plain words, and its text.
        "<strong>Shown when:</strong> “Do you have thoughts of hurting yourself?” (Q5) is “Yes”</div>",
        "<strong>Shown when:</strong> “Do any of these apply to you?” (Q6) includes any of these:<ul><li>“High blood pressure”</li><li>“Heart disease”</li></ul></div>",
        "<strong>Shown when:</strong> all of these:<ul><li>the number given in “How many years have you felt this way?” (Q7) is 10 or more</li><li>the score total is 2 or more</li></ul></div>",
        "<strong>interrupts</strong> (the person may go on: “I am safe right now — continue”); urgent (crisis lines first)",
        "<p>Your score is <span class=\"score-value\" data-score=\"total\">[score total]</span> (<span class=\"score-band\" data-band=\"total\">[band of total]</span>).</p>",
        // The test cases: answers in words and the expected result.
        "<p class=\"sheet-answers\">Answers: Q1 “Under 18”.</p>",
        "Answers: Q1 “18 or older”; Q2 “Oregon”; Q3 “Most days”; Q4 “Some days”; Q5 “No”; Q6 “None of these”.</p>",
        "<p><strong>Expected result:</strong> It makes sense to talk (<code>fit</code>), with total = 3.</p>",
        "<p>The person goes on past: “Please talk to someone now”.</p>",
    ] {
        assert!(html.contains(shown), "missing: {shown}\n--- in ---\n{html}");
    }
    // Unlisted: noindex, no canonical link, no script, in no sitemap, and
    // linked from no page.
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!html.contains("rel=\"canonical\""));
    assert!(!html.contains("<script"), "the sheet needs no script");
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/css/review.css\">"));
    assert!(site.exists("public/css/review.css"));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("/assessment/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("/assessment/review/"), "{sitemap}");
    for (path, bytes) in site.snapshot("public") {
        if path.extension().is_some_and(|e| e == "html") && !path.ends_with("review/index.html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(
                !page.contains("/assessment/review/"),
                "{} links the sheet",
                path.display()
            );
        }
    }
}

#[test]
fn a_site_without_an_assessment_has_no_sheet_and_no_sheet_stylesheet() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    assert!(!site.exists("public/assessment/review/index.html"));
    assert!(!site.exists("public/css/review.css"));
}

#[test]
fn an_assessment_nobody_signed_off_is_a_draft() {
    let yaml = unsigned(&fixture_yaml());
    let site = with_assessment(&yaml);
    let hash = content_hash(&yaml);
    let before = site.snapshot("public");
    assert_eq!(
        site.build_errors(),
        format!(
            "\
error: the self-assessment is published but has no reviewed_by and last_reviewed: an assessment no clinician has signed off is never published
 --> content/assessment.yaml:3:1
  |
3 | title: Test self-assessment
  | ^^^^^
  = hint: have a clinician read the review sheet (build with `--drafts` and open /assessment/review/), then add `reviewed_by: Dr. ...`, `last_reviewed: YYYY-MM-DD` and `reviewed_hash: {hash}` at the top of the file

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"
        )
    );
    assert_eq!(site.snapshot("public"), before, "nothing written");
    // A preview builds it, sheet and all, so the clinician can read it.
    site.run(&["build", "--drafts"]).expect_code(0);
    let sheet = site.read("public/assessment/review/index.html");
    assert!(
        sheet.contains("<p class=\"sheet-status\"><strong>Not signed off yet.</strong>"),
        "{sheet}"
    );
    assert!(sheet.contains(&format!("<code>reviewed_hash: {hash}</code>")));
    // `check --drafts` names what is missing, as for a draft article.
    let run = site.run(&["check", "--drafts", "--today", "2026-11-24"]);
    run.expect_code(1);
    assert!(
        problems(&run.stdout).contains(&format!(
            "\
error: the self-assessment has no reviewed_by and last_reviewed yet: it cannot be published until a clinician has signed it off
 --> content/assessment.yaml:3:1
  |
3 | title: Test self-assessment
  | ^^^^^
  = hint: once a clinician has signed off the review sheet at /assessment/review/, add `reviewed_by: Dr. ...`, `last_reviewed: YYYY-MM-DD` and `reviewed_hash: {hash}` at the top of the file
"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_changed_assessment_needs_a_new_sign_off() {
    let yaml = fixture_yaml().replace(
        "body: Please talk to your doctor.",
        "body: Please talk to a doctor.",
    );
    let site = with_assessment(&yaml);
    // Build still works: the sign-off is there; only the version is old.
    site.build().expect_code(0);
    let hash = content_hash(&yaml);
    let run = site.run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    assert_eq!(
        problems(&run.stdout),
        format!(
            "\
error: the self-assessment changed since Dr. Test Reviewer signed it off on 2026-01-05: have it reviewed again and update reviewed_hash
   --> content/assessment.yaml:116:16
    |
116 | reviewed_hash: 8f42055888d8
    |                ^^^^^^^^^^^^
    = hint: the file's hash is now {hash} (signed: 8f42055888d8); once a clinician has signed off this version on the review sheet (/assessment/review/), set `reviewed_hash: {hash}` and `last_reviewed` to the day they did

"
        )
    );
    let sheet = site.read("public/assessment/review/index.html");
    assert!(
        sheet.contains("<strong>That is not this version: this one needs a new review.</strong>")
    );
    // Signed again: clean.
    let signed = yaml.replace(
        "reviewed_hash: 8f42055888d8",
        &format!("reviewed_hash: {hash}"),
    );
    assert_eq!(
        content_hash(&signed),
        hash,
        "the hash leaves its own line out"
    );
    with_assessment(&signed)
        .run(&["check", "--deny-warnings", "--today", "2026-11-24"])
        .expect_code(0);
}

#[test]
fn an_overdue_or_coming_review_is_reported_as_an_article_s() {
    let site = SiteTest::from_fixture("assessment");
    let run = site.run(&["check", "--today", "2027-01-06"]);
    run.expect_code(1);
    assert_eq!(
        problems(&run.stdout),
        "\
error: the medical review was due on 2027-01-05 (`last_reviewed` plus site.yaml's `review_interval_days` of 365), 1 day ago
   --> content/assessment.yaml:115:1
    |
115 | last_reviewed: 2026-01-05
    | ^^^^^^^^^^^^^
    = hint: have a clinician review the text, then set `last_reviewed` to the date of that review and `next_review` to the next one

"
    );
    assert!(
        run.stdout.contains(
            "content/assessment.yaml            0.4    122  2026-01-05     2027-01-05   1 error"
        ),
        "the summary shows its review dates\n{}",
        run.stdout
    );
    // Its own `next_review`, announced a month ahead as a warning.
    let yaml = fixture_yaml().replace(
        "last_reviewed: 2026-01-05\n",
        "last_reviewed: 2026-01-05\nnext_review: 2026-12-04\n",
    );
    let hash = content_hash(&yaml);
    let yaml = yaml.replace(
        "reviewed_hash: 8f42055888d8",
        &format!("reviewed_hash: {hash}"),
    );
    let run = with_assessment(&yaml).run(&["check", "--today", "2026-11-24"]);
    run.expect_code(0);
    assert_eq!(
        problems(&run.stdout),
        "\
warning: the medical review is due on 2026-12-04, in 10 days
   --> content/assessment.yaml:116:1
    |
116 | next_review: 2026-12-04
    | ^^^^^^^^^^^
    = hint: plan the review with a clinician now; afterwards set `last_reviewed` and `next_review`

"
    );
}

#[test]
fn a_sign_off_must_name_its_version_and_its_dates_must_make_sense() {
    let yaml = fixture_yaml().replace("reviewed_hash: 8f42055888d8\n", "");
    let hash = content_hash(&yaml);
    let run = with_assessment(&yaml).run(&["check", "--today", "2026-11-24"]);
    run.expect_code(0);
    assert_eq!(
        problems(&run.stdout),
        format!(
            "\
warning: the sign-off by Dr. Test Reviewer does not say which version of the self-assessment they signed
   --> content/assessment.yaml:114:1
    |
114 | reviewed_by: Dr. Test Reviewer
    | ^^^^^^^^^^^
    = hint: add `reviewed_hash: {hash}` (the hash at the top of the review sheet, /assessment/review/) if this is the version they signed off; otherwise have it reviewed again

"
        )
    );
    let yaml = fixture_yaml().replace(
        "last_reviewed: 2026-01-05\n",
        "last_reviewed: 2026-01-05\nnext_review: 2025-12-01\n",
    );
    assert_eq!(
        with_assessment(&yaml).build_errors(),
        "\
error: `next_review` (2025-12-01) is not after `last_reviewed` (2026-01-05)
   --> content/assessment.yaml:116:1
    |
116 | next_review: 2025-12-01
    | ^^^^^^^^^^^
    = hint: the next review must come after the last one

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"
    );
}

#[test]
fn a_site_made_by_init_fails_check_on_the_demo_reviewer_of_its_assessment() {
    let dir = SiteTest::empty("review-init");
    let root = dir.root.join("clinic");
    dir.run_bare(&["init", root.to_str().unwrap()])
        .expect_code(0);
    let site = SiteTest { root };
    let run = site.run(&["check", "--today", "2026-12-01"]);
    run.expect_code(1);
    let yaml = site.read("content/assessment.yaml");
    let line = yaml
        .lines()
        .position(|l| l.starts_with("reviewed_by:"))
        .unwrap()
        + 1;
    assert!(
        run.stdout.contains(&format!(
            "\
error: the self-assessment still has the demo's made-up reviewer `Dr. Jordan Placeholder`
  --> content/assessment.yaml:{line}:14
   |
{line} | reviewed_by: Dr. Jordan Placeholder, MD (fictional reviewer - replace before publishing)
   |              ^^^^^^^^^^^^^^^^^^^^^^
   = hint: replace it before you publish: have a clinician sign off the review sheet at /assessment/review/, then put their name in `reviewed_by`, the day in `last_reviewed` and the sheet's hash in `reviewed_hash`
"
        )),
        "{}",
        run.stdout
    );
    // The repository's own demo passes: its sign-off names this version.
    let repo = std::fs::read_to_string("content/assessment.yaml").unwrap();
    let signed = repo
        .lines()
        .find_map(|l| l.strip_prefix("reviewed_hash: "))
        .expect("the default assessment names the version signed");
    assert_eq!(
        signed,
        content_hash(&repo),
        "update reviewed_hash in content/assessment.yaml"
    );
}
