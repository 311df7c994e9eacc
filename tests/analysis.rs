//! The analysis at the size of real forms: the PHQ-9 and GAD-7 with their
//! follow-up items, and a 40-question medical screen with BMI from height
//! and weight, are decided for every possible answer in well under a
//! second; a BMI rule with a gap is reported with the answers that fall
//! into it, and a BMI band that some answers reach is not called
//! unreachable.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::SiteTest;
use pamphlet::config::SiteConfig;
use pamphlet::questionnaire::{self, Assessment};

fn config() -> SiteConfig {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment");
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    SiteConfig::parse(&root, &text).unwrap()
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/instruments")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Loads (parses, checks, analyses, runs the tests of) `source`; the
/// problems as `line:column message (hint)` if there are any; and the
/// time it took.
fn load(source: &str) -> (Result<Assessment, Vec<String>>, Duration) {
    let config = config();
    let started = Instant::now();
    let result = questionnaire::load(source, &config).map_err(|problems| {
        problems
            .iter()
            .map(|d| match &d.hint {
                Some(hint) => format!("{}:{} {} ({hint})", d.line, d.column, d.message),
                None => format!("{}:{} {}", d.line, d.column, d.message),
            })
            .collect()
    });
    (result, started.elapsed())
}

/// The bound is "well under a second" for the release build (the medical
/// screen takes about 60 ms there); an unoptimised test build is more than
/// a hundred times slower at the hashing the walk does, so it gets room.
fn limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(30)
    } else {
        Duration::from_millis(500)
    }
}

#[test]
fn phq9_and_gad7_with_follow_up_items_are_decided() {
    let (result, took) = load(&fixture("phq9-gad7.yaml"));
    let assessment = result.unwrap();
    eprintln!(
        "phq9-gad7: {took:?}, {}",
        questionnaire::summary(&assessment)
    );
    assert!(took < limit(), "{took:?}");
    assert_eq!(assessment.questions.len(), 18);
    assert_eq!(assessment.tests, 8);
    let findings = questionnaire::analysis::analyse(&assessment);
    assert!(findings.exact);
    assert!(findings.shown.iter().all(|s| *s));
    assert!(findings.reached.iter().all(|r| *r));
    assert!(findings.hole.is_none() && findings.outside_bands.is_empty());
    assert_eq!(
        questionnaire::summary(&assessment),
        format!(
            "Self-assessment: 18 questions, 6 outcomes and 8 test cases passed; every possible answer checked ({} distinct states)",
            findings.states
        )
    );
}

#[test]
fn a_40_question_medical_screen_with_bmi_is_decided() {
    let (result, took) = load(&fixture("medical-screen.yaml"));
    let assessment = match result {
        Ok(a) => a,
        Err(problems) => panic!("{problems:#?}"),
    };
    eprintln!(
        "medical-screen: {took:?}, {}",
        questionnaire::summary(&assessment)
    );
    assert!(took < limit(), "{took:?}");
    assert_eq!(assessment.questions.len(), 40);
    let findings = questionnaire::analysis::analyse(&assessment);
    assert!(findings.exact, "{:?}", findings.sampled);
    assert!(findings.shown.iter().all(|s| *s));
    assert!(findings.reached.iter().all(|r| *r));
    assert!(findings.hole.is_none());
    assert!(questionnaire::summary(&assessment).ends_with(&format!(
        "passed; every possible answer checked ({} distinct states)",
        findings.states
    )));
}

/// The rule `bmi <= 24.9` then `bmi >= 25`: a person at 61 in and 132 lb
/// (BMI 24.94) falls between them. Reported with those answers, at the
/// last outcome.
const BMI: &str = r#"title: BMI
questions:
  - id: height
    text: How tall are you, in inches?
    type: number
    min: 61
    max: 84
  - id: weight
    text: How much do you weigh, in pounds?
    type: number
    min: 80
    max: 400
scores:
  bmi: "weight * 703 / (height * height)"
outcomes:
  - id: healthy
    when: "bmi <= 24.9"
    title: Healthy
    body: Healthy.
  - id: review
    when: "bmi >= 35 and bmi <= 40"
    title: Review
    body: Our physician will review your answers.
  - id: over
    when: "bmi >= 25"
    title: Over
    body: Over.
tests:
  - answers: { height: 70, weight: 150 }
    expect: healthy
  - answers: { height: 64, weight: 210 }
    expect: review
"#;

#[test]
fn the_bmi_gap_is_reported_with_the_answers_that_fall_into_it() {
    let (result, took) = load(BMI);
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        result.unwrap_err(),
        [
            "24:5 some answers reach no outcome, for example: height = 61, weight = 132 (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)"
        ]
    );
}

#[test]
fn the_bmi_35_to_40_band_is_reachable() {
    // Without the gap, the file builds: `review` is reached (64 in, 210 lb),
    // and every answer on the 24 x 321 grid was tried.
    let yaml = BMI.replace("bmi <= 24.9", "bmi < 25");
    let (result, _) = load(&yaml);
    let assessment = result.unwrap();
    assert_eq!(
        questionnaire::summary(&assessment),
        "Self-assessment: 2 questions, 3 outcomes and 2 test cases passed; every possible answer checked (27 distinct states)"
    );
}

#[test]
fn a_band_no_answer_reaches_is_reported() {
    // BMI over 150 needs more than 400 lb at 61 in.
    let yaml = BMI
        .replace("bmi <= 24.9", "bmi < 25")
        .replace("bmi >= 35 and bmi <= 40", "bmi >= 150")
        .replace(
            "  - answers: { height: 64, weight: 210 }\n    expect: review\n",
            "",
        );
    assert_eq!(
        load(&yaml).0.unwrap_err(),
        [
            "21:12 outcome `review` can never be reached (no answers make its `when` true before an earlier outcome (`healthy`) matches; move it up or narrow the earlier ones)"
        ]
    );
}

/// A number too wide to try every value, in arithmetic (weight up to
/// 4,000,000 lb): its classes are worked out by interval reasoning, so a
/// band too thin for any whole weight (BMI 35 to 35.0001) is proved
/// unreachable, where sampling could only say it was not seen; a band some
/// weight reaches (35 to 35.01: 70 in, 244 lb) is proved reachable.
#[test]
fn wide_numbers_in_arithmetic_are_decided() {
    let yaml = BMI
        .replace("max: 400", "max: 4000000")
        .replace("bmi <= 24.9", "bmi < 25")
        .replace("bmi >= 35 and bmi <= 40", "bmi >= 35 and bmi <= 35.0001")
        .replace(
            "  - answers: { height: 64, weight: 210 }\n    expect: review\n",
            "",
        );
    assert_eq!(
        load(&yaml).0.unwrap_err(),
        [
            "21:12 outcome `review` can never be reached (no answers make its `when` true before an earlier outcome (`healthy`) matches; move it up or narrow the earlier ones)"
        ]
    );
    let yaml = yaml.replace("bmi <= 35.0001", "bmi <= 35.01");
    let assessment = load(&yaml).0.unwrap();
    assert_eq!(
        questionnaire::summary(&assessment),
        "Self-assessment: 2 questions, 3 outcomes and 1 test case passed; every possible answer checked (27 distinct states; `weight` proved by interval reasoning at every step)"
    );
}

/// Both instruments build as a site's self-assessment, end to end, and the
/// build's report says what was proved.
#[test]
fn the_instruments_build_as_sites() {
    for (name, line) in [
        (
            "phq9-gad7.yaml",
            "Self-assessment: 18 questions, 6 outcomes and 8 test cases passed; every possible answer checked",
        ),
        (
            "medical-screen.yaml",
            "Self-assessment: 40 questions, 8 outcomes and 15 test cases passed; every possible answer checked",
        ),
    ] {
        let site =
            SiteTest::from_fixture("assessment").file("content/assessment.yaml", fixture(name));
        let run = site.build();
        run.expect_code(0);
        assert!(run.stdout.contains(line), "{name}: {}", run.stdout);
        assert!(
            site.read("public/assessment/index.html")
                .contains("assessment-data")
        );
    }
}

/// Decimal answers are tried at their step: a gap at exactly 4.9 lies
/// between whole numbers, so a whole-number grid would miss it and print
/// "every possible answer checked" for a form that leaves 4.9 with no result.
#[test]
fn decimal_answers_are_tried_at_their_step() {
    let yaml = r#"title: Decimals
questions:
  - id: x
    text: How much?
    type: number
    min: 0
    max: 10
    step: 0.1
outcomes:
  - id: low
    when: "x < 4.9"
    title: Low
    body: Low.
  - id: high
    when: "x > 4.9"
    title: High
    body: High.
"#;
    let (result, took) = load(yaml);
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        result.unwrap_err(),
        [
            "14:5 some answers reach no outcome, for example: x = 4.9 (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)"
        ]
    );
    // With the gap closed, all 101 steps are checked exactly.
    let closed = yaml.replace("x > 4.9", "x >= 4.9");
    let assessment = load(&closed).0.unwrap();
    assert!(
        questionnaire::summary(&assessment).contains("every possible answer checked"),
        "{}",
        questionnaire::summary(&assessment)
    );
}

/// The BMI rule with weight from 0 to 1000 lb in steps of 0.01: too many
/// answers to try each, so the gap is found by interval reasoning.
fn bmi_wide() -> String {
    BMI.replace(
        "    min: 80\n    max: 400\n",
        "    min: 0\n    max: 1000\n    step: 0.01\n",
    )
}

/// The gap of `BMI`, with weight wide: found at the step where it begins
/// (61 in, 131.8 lb: BMI 24.9007), whichever is asked first; closed, the
/// build says every answer was proved.
#[test]
fn a_wide_weight_bmi_gap_is_proved_with_example_answers() {
    let (result, took) = load(&bmi_wide());
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        result.unwrap_err(),
        [
            "25:5 some answers reach no outcome, for example: height = 61, weight = 131.8 (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)"
        ]
    );
    let closed = bmi_wide().replace("bmi <= 24.9", "bmi < 25");
    let assessment = load(&closed).0.unwrap();
    assert_eq!(
        questionnaire::summary(&assessment),
        "Self-assessment: 2 questions, 3 outcomes and 2 test cases passed; every possible answer checked (27 distinct states; `weight` proved by interval reasoning at every step)"
    );
    // Weight first: the comparisons read weight and the height still to
    // come; split over boxes of both, every class is still proved.
    let wide = bmi_wide();
    let (h, w, s) = (
        wide.find("  - id: height").unwrap(),
        wide.find("  - id: weight").unwrap(),
        wide.find("scores:").unwrap(),
    );
    let swapped = format!("{}{}{}{}", &wide[..h], &wide[w..s], &wide[h..w], &wide[s..]);
    let (result, took) = load(&swapped);
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        result.unwrap_err(),
        [
            "25:5 some answers reach no outcome, for example: weight = 131.8, height = 61 (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)"
        ]
    );
    let assessment = load(&swapped.replace("bmi <= 24.9", "bmi < 25")).0.unwrap();
    assert_eq!(
        questionnaire::summary(&assessment),
        "Self-assessment: 2 questions, 3 outcomes and 2 test cases passed; every possible answer checked (582 distinct states; `weight` proved by interval reasoning at every step)"
    );
}

/// Two wide numbers in one comparison, `a / b > 2`: the line `a = 2b`
/// crosses more boxes than the budget allows, so the build names the part
/// that was only sampled. `b` can be 0, where `a / b` is unknown: a box
/// that holds it is never called decided.
const TWO_WIDE: &str = r#"title: Ratio
questions:
  - id: a
    text: How much is a?
    type: number
    min: 0
    max: 1000
    step: 0.01
  - id: b
    text: How much is b?
    type: number
    min: 0
    max: 1000
    step: 0.01
outcomes:
  - id: high
    when: "a / b > 2"
    title: High
    body: High.
  - id: rest
    when: "true"
    title: Rest
    body: Rest.
"#;

#[test]
fn two_wide_numbers_in_one_atom_say_what_was_sampled() {
    let (result, took) = load(TWO_WIDE);
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        questionnaire::summary(&result.unwrap()),
        "Self-assessment: 2 questions, 2 outcomes and 0 test cases passed; proved for every answer, except `a` between 0 and 1000 when `b` is 0 to 500, which was sampled at 2039 values, so a gap there may be missed"
    );
    // Past b = 500 the line a = 2b is out of reach (a is at most 1000), so
    // those boxes are decided whole, however far b goes: the message names
    // only what is left.
    let yaml = TWO_WIDE.replacen(
        "max: 1000\n    step: 0.01\noutcomes",
        "max: 10000\n    step: 0.01\noutcomes",
        1,
    );
    assert_eq!(
        questionnaire::summary(&load(&yaml).0.unwrap()),
        "Self-assessment: 2 questions, 2 outcomes and 0 test cases passed; proved for every answer, except `a` between 0 and 1000 when `b` is 0 to 500.05, which was sampled at 2039 values, so a gap there may be missed"
    );
}

/// `10 / (x - 5)` is unknown at x = 5, so neither outcome holds there:
/// the piece around 5 is split down to that one step, which is worked out
/// exactly, and the gap is found.
#[test]
fn a_division_by_zero_at_one_step_is_found() {
    let yaml = TWO_WIDE
        .replace("  - id: b\n    text: How much is b?\n    type: number\n    min: 0\n    max: 1000\n    step: 0.01\n", "")
        .replace("a / b > 2", "10 / (a - 5) > 0")
        .replace("when: \"true\"", "when: \"10 / (a - 5) <= 0\"");
    assert_eq!(
        load(&yaml).0.unwrap_err(),
        [
            "14:5 some answers reach no outcome, for example: a = 5 (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)"
        ]
    );
}

/// Notes on the PHQ-9 + GAD-7: one no answers can show is an error at its
/// `when`, with file, line and column; one that can be shown but that no
/// test case expects is a warning of `pamphlet check`.
#[test]
fn notes_are_checked_like_outcomes() {
    let notes = "notes:\n  - id: both_high\n    when: \"phq9_total >= 20 and gad7_total >= 15\"\n    title: Please see a doctor soon\n  - id: never\n    when: \"phq9_total > 27\"\n    title: Never\n";
    let yaml = format!("{}{notes}", fixture("phq9-gad7.yaml"));
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", &yaml);
    assert_eq!(
        site.build_errors(),
        "error: note `never` can never be shown: no answers that reach a result make its `when` true
   --> content/assessment.yaml:193:12
    |
193 |     when: \"phq9_total > 27\"
    |            ^^^^^^^^^^^^^^^
    = hint: check its conditions (a note is shown only on the result, never on an interrupting outcome), or remove the note

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"
    );
    assert!(!site.exists("public/assessment/index.html"));
    let yaml = yaml.replace(
        "  - id: never\n    when: \"phq9_total > 27\"\n    title: Never\n",
        "",
    );
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", &yaml);
    let run = site.run(&["check"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(
            "warning: no test case expects the note `both_high`
   --> content/assessment.yaml:152:1
    |
152 | tests:
    | ^
    = hint: add a case under `tests:` whose `expect_notes` lists each note
"
        ),
        "{}",
        run.stdout
    );
}

/// A wide number in one comparison with a choice's score, `a * score(b)`:
/// each option's score is one number, so the boxes are split per option
/// and every answer is proved; a gap where `a * 2` is exactly 10 is found
/// at the option that makes it.
#[test]
fn a_wide_number_read_with_a_score_is_decided_per_option() {
    let yaml = TWO_WIDE
        .replace(
            "  - id: b\n    text: How much is b?\n    type: number\n    min: 0\n    max: 1000\n    step: 0.01\n",
            "  - id: b\n    text: How often?\n    type: choice\n    options:\n      - { id: never, label: Never, score: 0 }\n      - { id: often, label: Often, score: 2 }\n",
        )
        .replace("a / b > 2", "a * score(b) > 10");
    let (result, took) = load(&yaml);
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        questionnaire::summary(&result.unwrap()),
        "Self-assessment: 2 questions, 2 outcomes and 0 test cases passed; every possible answer checked (20 distinct states; `a` proved by interval reasoning at every step)"
    );
    let gap = yaml.replace("when: \"true\"", "when: \"a * score(b) < 10\"");
    assert_eq!(
        load(&gap).0.unwrap_err(),
        [
            "20:5 some answers reach no outcome, for example: a = 5, b = often (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)"
        ]
    );
}

/// Three wide numbers in several shared comparisons: splitting boxes of
/// all three runs out of budget, and the samples are shared out so that
/// the form is checked quickly, not refused; the build says what was only
/// sampled, and which outcome the samples did not reach.
const THREE_WIDE: &str = r#"title: Three
questions:
  - id: a
    text: How much is a?
    type: number
    min: 0
    max: 1000
    step: 0.01
  - id: b
    text: How much is b?
    type: number
    min: 0
    max: 1000
    step: 0.01
  - id: c
    text: How much is c?
    type: number
    min: 0
    max: 1000
    step: 0.01
outcomes:
  - id: high
    when: "a / b > 2 and b / c > 3"
    title: High
    body: High.
  - id: mid
    when: "a / c > 1.5 or a + b > c * 2"
    title: Mid
    body: Mid.
  - id: rest
    when: "true"
    title: Rest
    body: Rest.
"#;

#[test]
fn three_wide_numbers_are_sampled_quickly_and_said_so() {
    let (result, took) = load(THREE_WIDE);
    eprintln!("three wide: {took:?}");
    assert!(took < limit(), "{took:?}");
    assert_eq!(
        questionnaire::summary(&result.unwrap()),
        "Self-assessment: 3 questions, 3 outcomes and 0 test cases passed; proved for every answer, except `a` between 0 and 1000 when `b` is 0 to 1000 and `c` is 0 to 1000, which was sampled at 2039 values; and `b` between 0 and 1000 when `c` is 0 to 1000, which was sampled at 5 values; and `c` between 0 and 1000, which was sampled at 5 values, so a gap there may be missed; not shown reachable by the values tried: outcome `high`"
    );
}
