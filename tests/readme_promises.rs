//! README.md's promises about the self-assessment and translations, as
//! tests: each README example is read from README.md itself, built, and
//! held to what the README says it does; each error the README shows is
//! the error pamphlet prints. A README edit that breaks a promise fails here.

mod common;

use common::{Run, SiteTest};

/// README.md's text.
fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The first fenced block whose fence is ```` ```{lang} ```` after `marker`.
fn block_after(marker: &str, lang: &str) -> String {
    let text = readme();
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("README.md no longer says {marker:?}"));
    let fence = format!("```{lang}\n");
    let open = start + text[start..].find(&fence).expect("a fenced block") + fence.len();
    let close = open + text[open..].find("```").expect("the block's end");
    text[open..close].to_string()
}

/// README's "A complete small example" of `content/assessment.yaml`.
fn complete_example() -> String {
    block_after("A complete small example:", "yaml")
}

/// The fixture site with `assessment` as its self-assessment.
fn site_with(assessment: &str) -> SiteTest {
    SiteTest::from_fixture("assessment").file("content/assessment.yaml", assessment)
}

/// The README example with `old` (which must occur once) replaced by `new`.
fn example_with(old: &str, new: &str) -> String {
    let example = complete_example();
    assert_eq!(example.matches(old).count(), 1, "the example has {old:?}");
    example.replacen(old, new, 1)
}

/// The full error output of a build of the README example changed by one edit.
fn example_errors(old: &str, new: &str) -> String {
    site_with(&example_with(old, new)).build_errors()
}

/// The line of a build's output that reports on the self-assessment.
fn assessment_line(run: &Run) -> String {
    run.stdout
        .lines()
        .find(|line| line.starts_with("Self-assessment:"))
        .unwrap_or_else(|| panic!("no Self-assessment line in {}", run.stdout))
        .to_string()
}

/// Only the messages of `output` that start with `error:` and contain `needle`.
fn messages_with(output: &str, needle: &str) -> Vec<String> {
    output
        .split("\n\n")
        .filter(|message| message.starts_with("error:") && message.contains(needle))
        .map(|message| format!("{}\n", message.trim_end()))
        .collect()
}

#[test]
fn the_complete_example_builds_and_every_answer_is_checked() {
    let site = site_with(&complete_example());
    let run = site.build();
    run.expect_code(0);
    assert_eq!(
        assessment_line(&run),
        "Self-assessment: 9 questions, 5 outcomes and 5 test cases passed; \
         every possible answer checked (112 distinct states)"
    );
    assert!(site.exists("public/assessment/index.html"));
    assert!(site.exists("public/assessment/review/index.html"));
}

/// "Each condition that does not [say what a declined answer means] is one
/// error with its line and column, naming the questions it leaves open."
#[test]
fn a_condition_that_forgets_declined_is_one_error() {
    assert_eq!(
        example_errors(
            "when: \"answered(smoke) and smoke == 'yes'\"",
            "when: \"smoke == 'yes'\""
        ),
        r#"error: the `when` of note `smoking` reads `smoke`, which offers “Prefer not to say”, but does not say what that answer means here
   --> content/assessment.yaml:118:12
    |
118 |     when: "smoke == 'yes'"   # says what "Prefer not to say" means here
    |            ^^^^^
    = hint: write `declined(smoke) or ...` to count it in, or `answered(smoke) and ...` to leave it out

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

/// The rule covers a `validate` rule that reads another such question.
#[test]
fn a_validate_rule_that_forgets_declined_is_an_error() {
    assert_eq!(
        example_errors(
            "    # validate:                # the question's own check, with its message\n    #   rule: \"diastolic < systolic\"        # may read this and earlier questions\n    #   message: The lower number must be lower than the upper number",
            "    validate:\n      rule: \"years < 70 or smoke == 'yes'\"\n      message: Fewer than 70"
        ),
        r#"error: the `validate` rule of question `years` reads `smoke`, which offers “Prefer not to say”, but does not say what that answer means here
  --> content/assessment.yaml:53:28
   |
53 |       rule: "years < 70 or smoke == 'yes'"
   |                            ^^^^^
   = hint: write `declined(smoke) or ...` to count it in, or `answered(smoke) and ...` to leave it out

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

/// "A test case that answers a date gives its own `today:`."
#[test]
fn a_test_case_that_answers_a_date_without_today_is_an_error() {
    assert_eq!(
        example_errors(
            "    today: 2026-11-30          # required when a date is answered: the day the case runs on\n",
            ""
        ),
        r#"error: test 5 ("A treatment two months ago") answers the date question `last_dose` but gives no `today:`
   --> content/assessment.yaml:134:5
    |
134 |   - name: A treatment two months ago
    |     ^
    = hint: add `today: YYYY-MM-DD` to the case (the day it is run on, so builds never depend on the clock), with dates the page accepts on that day

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

/// A misspelt key gets "did you mean" and the list of known keys.
#[test]
fn a_misspelt_question_key_is_named_with_did_you_mean() {
    assert_eq!(
        example_errors(
            "prefer_not_to_say: true    # any",
            "prefer_not_to_sya: true    # any"
        ),
        r#"error: questions[4]: unknown key `prefer_not_to_sya`
  --> content/assessment.yaml:38:5
   |
38 |     prefer_not_to_sya: true    # any question may offer "Prefer not to say" (see below)
   |     ^^^^^^^^^^^^^^^^^
   = hint: did you mean `prefer_not_to_say`? The known keys are: id, text, type, hint, stem, options, show_if, optional, safety, min, max, unit, step, validate, max_length, not_before, not_after, prefer_not_to_say

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

/// "Option ids may be quoted ... with the curly ones a word processor puts
/// in"; "any other character ... (`≥`) is an error that names it and says
/// what to type instead."
#[test]
fn curly_quotes_work_and_other_characters_say_what_to_type() {
    let curly = example_with("when: \"age == 'under_18'\"", "when: \"age == ‘under_18’\"");
    site_with(&curly).build().expect_code(0);
    assert_eq!(
        example_errors(
            "when: \"'blood_pressure' in cautions or total >= 1\"",
            "when: \"'blood_pressure' in cautions or total ≥ 1\""
        ),
        r#"error: unexpected character `≥`
   --> content/assessment.yaml:107:50
    |
107 |     when: "'blood_pressure' in cautions or total ≥ 1"
    |                                                  ^
    = hint: write `>=`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

/// "`{answer.height}` (an interrupting screen may not: it can show before
/// the question is answered)"; results may show `{total:1}`.
#[test]
fn answers_and_decimals_in_text_follow_the_readme() {
    let shown = example_with(
        "body: Call us on {phone}.",
        "body: Call us on {phone}. Score {total:1}; {answer.years} years.",
    );
    site_with(&shown).build().expect_code(0);
    assert_eq!(
        example_errors(
            "body: We can only treat people who live in {regions}.",
            "body: We can only treat people who live in {regions}. {answer.age}"
        ),
        r#"error: `{answer.age}` can only be shown on a result or a note, where every answer is known
  --> content/assessment.yaml:89:59
   |
89 |     body: We can only treat people who live in {regions}. {answer.age}
   |                                                           ^^^^^^^^^^^^
   = hint: show the answer in a result, not here

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

/// A self-assessment of one date question whose outcomes tell apart one,
/// two and three months; `limits` goes under the question.
fn months_since_assessment(limits: &str, tests: &str) -> String {
    format!(
        r#"reviewed_by: Dr. Maya Chen, MD
last_reviewed: 2026-11-20
title: Dates
questions:
  - id: last_dose
    text: When was your last treatment?
    type: date
{limits}outcomes:
  - id: three
    when: "months_since(last_dose) == 3"
    title: Three months
    body: Text.
  - id: two
    when: "months_since(last_dose) == 2"
    title: Two months
    body: Text.
  - id: other
    when: "true"
    title: Another time
    body: Text.
tests:
{tests}"#
    )
}

/// "So 31 August to 30 November is 3 months, to 29 November 2; 29 February
/// 2028 to 28 May 2028 is 2." And with only `today` as a limit, every date
/// on every day is covered.
#[test]
fn months_since_counts_as_the_readme_says() {
    let tests = "  - { today: 2026-11-30, answers: { last_dose: 2026-08-31 }, expect: three }
  - { today: 2026-11-29, answers: { last_dose: 2026-08-31 }, expect: two }
  - { today: 2028-05-28, answers: { last_dose: 2028-02-29 }, expect: two }
  - { today: 2028-05-28, answers: { last_dose: 2028-05-28 }, expect: other }
";
    let run = site_with(&months_since_assessment("    not_after: today\n", tests)).build();
    run.expect_code(0);
    assert_eq!(
        assessment_line(&run),
        "Self-assessment: 1 question, 3 outcomes and 4 test cases passed; \
         every possible answer checked (3 distinct states)"
    );
}

/// "otherwise its dates are sampled and the report names it".
#[test]
fn a_date_with_a_fixed_limit_is_sampled_and_named() {
    let tests = "  - { today: 2026-11-30, answers: { last_dose: 2026-08-31 }, expect: three }
  - { today: 2026-11-29, answers: { last_dose: 2026-08-31 }, expect: two }
  - { today: 2026-11-29, answers: { last_dose: 2026-11-29 }, expect: other }
";
    let limits = "    not_after: today\n    not_before: 2020-01-01\n";
    let run = site_with(&months_since_assessment(limits, tests)).build();
    run.expect_code(0);
    assert_eq!(
        assessment_line(&run),
        "Self-assessment: 1 question, 3 outcomes and 3 test cases passed; \
         proved for every answer, except `last_dose`, which was sampled at 3 values, \
         so a gap there may be missed"
    );
}

/// A site made by `pamphlet init`, marked as the demo so that `check`
/// reports only what a test changes.
fn demo_site() -> SiteTest {
    let dir = SiteTest::empty("readme-demo");
    let root = dir.root.join("clinic");
    dir.run_bare(&["init", root.to_str().unwrap()])
        .expect_code(0);
    let site = SiteTest { root };
    let config = site.read("site.yaml");
    let site = site.file("site.yaml", format!("{config}demo: true\n"));
    site.run(&["check"]).expect_code(0);
    site
}

/// The demo site with `old` replaced by `new` in `file`.
fn demo_with(file: &str, old: &str, new: &str) -> SiteTest {
    let site = demo_site();
    let text = site.read(file);
    assert_eq!(text.matches(old).count(), 1, "{file} has {old:?}");
    let changed = text.replacen(old, new, 1);
    site.file(file, changed)
}

/// README: "How you are told a text is missing", and a misspelt id.
#[test]
fn a_missing_or_misspelt_spanish_text_is_reported_as_the_readme_shows() {
    let missing = block_after("How you are told a text is missing", "text");
    let site = demo_with("content/es/assessment.yaml", "      adult: 18 o más\n", "");
    assert_eq!(
        messages_with(&site.build_errors(), "has no translation"),
        [missing]
    );

    let misspelt = block_after("An id the English file does not have", "text");
    let site = demo_with(
        "content/es/assessment.yaml",
        "      adult: 18 o más\n",
        "      adlt: 18 o más\n",
    );
    assert_eq!(messages_with(&site.build_errors(), "adlt"), [misspelt]);
}

/// README: "How you are told it went stale" (the self-assessment).
#[test]
fn a_stale_spanish_assessment_is_reported_as_the_readme_shows() {
    let expected = block_after("**How you are told it went stale.**", "text");
    let site = demo_site();
    let english = site.read("content/assessment.yaml");
    let site = site.file("content/assessment.yaml", format!("{english}# a comment\n"));
    let run = site.run(&["check"]);
    run.expect_code(1);
    assert_eq!(
        messages_with(&format!("{}{}", run.stdout, run.stderr), "out of date"),
        [expected]
    );
}

/// README: "How you are told a translation went stale" (a page).
#[test]
fn a_stale_translated_article_is_reported_as_the_readme_shows() {
    let expected = block_after("How you are told a translation went stale", "text");
    let site = demo_with(
        "content/articles/maintenance-sessions.md",
        "weight: 2\n",
        "weight: 2\nupdated: 2026-11-25\n",
    );
    let run = site.run(&["check"]);
    run.expect_code(1);
    assert_eq!(
        messages_with(&format!("{}{}", run.stdout, run.stderr), "out of date"),
        [expected]
    );
}
