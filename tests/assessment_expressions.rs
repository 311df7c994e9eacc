//! The self-assessment's condition language and its limits, end to end:
//! quotes from a word processor, look-alike and invisible characters,
//! nesting and length limits, questionnaires too large to check (refused
//! quickly, naming the questions) and large ones that are checked quickly.
//! Each breaks or replaces the fixture `tests/fixtures/assessment`.

mod assessment_support;
mod common;

use assessment_support::{FIXTURE, assert_fails};
use common::SiteTest;

/// The sign-off a published assessment needs, for the files written here.
const SIGNED_OFF: &str = "reviewed_by: Dr. Test Reviewer\nlast_reviewed: 2026-01-05\n";

/// Builds the fixture with `old` replaced by `new` and returns the errors.
fn errors_with(old: &str, new: &str) -> String {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    assert!(
        source.contains(old),
        "the fixture no longer contains {old:?}"
    );
    SiteTest::from_fixture("assessment")
        .file("content/assessment.yaml", source.replacen(old, new, 1))
        .build_errors()
}

/// A syntax error in a condition.
#[test]
fn syntax() {
    assert_fails(
        "when: \"harm == 'yes'\"",
        "when: \"harm = 'yes'\"",
        r#"error: `=` on its own is not an operator
  --> content/assessment.yaml:61:17
   |
61 |     when: "harm = 'yes'"
   |                 ^
   = hint: compare with `==`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// Curly quotes pasted from a word processor mean quotes: the condition
/// compiles to the same tree as with straight ones.
#[test]
fn curly_quotes_mean_quotes() {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    let tree = |source: String| {
        let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", source);
        let run = site.build();
        assert_eq!(run.stderr, "");
        run.expect_code(0);
        let page = site.read("public/assessment/index.html");
        page.split("<script type=\"application/json\" id=\"assessment-data\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the data block")
            .to_string()
    };
    let straight = tree(source.clone());
    let curly = source
        .replacen(
            "show_if: \"age == 'adult'\"",
            "show_if: \"age == ‘adult’\"",
            1,
        )
        .replacen("when: \"harm == 'yes'\"", "when: 'harm == “yes”'", 1)
        .replacen(
            "when: \"'bp' in screen or 'heart' in screen\"",
            "when: \"’bp’ in screen or ‘heart’ in screen\"",
            1,
        );
    assert_ne!(curly, source);
    assert_eq!(tree(curly), straight);
}

/// A character that looks like an operator gets the ASCII one to type.
#[test]
fn look_alike_character() {
    assert_fails(
        "when: \"total >= 2\"\n    title: It makes",
        "when: \"total ≥ 2\"\n    title: It makes",
        r#"error: unexpected character `≥`
  --> content/assessment.yaml:85:18
   |
85 |     when: "total ≥ 2"
   |                  ^
   = hint: write `>=`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// An invisible character is named by its code point.
#[test]
fn no_break_space() {
    assert_fails(
        "when: \"region == 'elsewhere'\"",
        "when: \"region ==\u{a0}'elsewhere'\"",
        "error: unexpected character U+00A0 (a no-break space)
  --> content/assessment.yaml:73:21
   |
73 |     when: \"region ==\u{a0}'elsewhere'\"
   |                     ^
   = hint: type a plain space instead

error: found 1 error
The previous output in [ROOT]/public was left as it was.
",
    );
}

/// Private-use characters in outcome text are text like any other.
#[test]
fn private_use_characters_are_text() {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    let site = SiteTest::from_fixture("assessment").file(
        "content/assessment.yaml",
        source.replacen(
            "body: Your score is {total}. Call {phone}.",
            "body: \"Your score is {total}. Call {phone}. \\uE000\\uE001 \\uE000é \\uE001s\"",
            1,
        ),
    );
    let run = site.build();
    assert_eq!(run.stderr, "");
    run.expect_code(0);
    let page = site.read("public/assessment/index.html");
    assert!(page.contains("\u{E000}\u{E001} \u{E000}é \u{E001}s"));
    assert_eq!(page.matches("data-score=\"total\"").count(), 4);
}

/// Nesting is limited, with the place where the limit is passed.
#[test]
fn nested_too_deeply() {
    let deep = format!(
        "when: \"{}harm == 'yes'{}\"",
        "(".repeat(4000),
        ")".repeat(4000)
    );
    let errors = errors_with("when: \"harm == 'yes'\"", &deep);
    let expected_start = "error: this expression is nested more than 64 levels deep\n  --> content/assessment.yaml:61:75\n";
    assert!(errors.starts_with(expected_start), "{errors}");
    assert!(errors.ends_with(
        "   = hint: remove brackets, `not`s and `-`s that cancel out or are not needed\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    ), "{errors}");
    let nots = format!("when: \"{}harm == 'yes'\"", "not ".repeat(20_000));
    let errors = errors_with("when: \"harm == 'yes'\"", &nots);
    assert!(
        errors.starts_with("error: this expression is nested more than 64 levels deep\n  --> content/assessment.yaml:61:264\n"),
        "{errors}"
    );
}

/// A long sum counts one level per operator; the hint says how to split it.
#[test]
fn sum_too_long() {
    let terms = vec!["score(mood)"; 70].join(" + ");
    let errors = errors_with(
        "value: \"score(mood) + score(sleep)\"",
        &format!("value: \"{terms}\""),
    );
    assert!(
        errors.starts_with("error: this expression is nested more than 64 levels deep\n  --> content/assessment.yaml:55:907\n"),
        "{errors}"
    );
    assert!(errors.contains(
        "   = hint: each `+`, `-`, `*` or `/` in a row counts one level: add up parts of the sum in named scores under `scores:`, then add those\n"
    ), "{errors}");
}

/// A 50,000-term `or` is one flat node: it builds, and quickly.
#[test]
fn long_or_chain_builds() {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    let chain = vec!["harm == 'yes'"; 50_000].join(" or ");
    let site = SiteTest::from_fixture("assessment").file(
        "content/assessment.yaml",
        source.replacen("when: \"harm == 'yes'\"", &format!("when: \"{chain}\""), 1),
    );
    let started = std::time::Instant::now();
    let run = site.build();
    assert_eq!(run.stderr, "");
    run.expect_code(0);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

/// A score that uses the one before it twice, over and over, would take
/// longer than anyone can wait to work out: refused at the first that is
/// too large, once.
#[test]
fn score_too_large_to_work_out() {
    let mut scores = String::from("scores:\n  s0: \"score(mood)\"\n");
    for k in 1..=40 {
        scores.push_str(&format!("  s{k}: \"s{} + s{}\"\n", k - 1, k - 1));
    }
    assert_fails(
        "scores:\n",
        &scores,
        r#"error: the score `s15` is too large to work out: written out with the scores it uses, it has 131069 parts (the limit is 100000)
  --> content/assessment.yaml:69:3
   |
69 |   s15: "s14 + s14"
   |   ^
   = hint: use each score once in an expression, or build totals from fewer scores that use each other

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A questionnaire whose answers stay apart to the end is refused, naming
/// the questions that make it so and pointing at the question after which
/// there were too many, instead of checking for minutes.
#[test]
fn too_large_to_check() {
    // Was: eight 10-option questions multiplied together, refused at "about
    // 100000000 distinct paths". The products of their scores are a few
    // thousand states, so that form is now checked; three numbers that
    // make one nine-digit number are not.
    let mut yaml = String::from("title: Big\nquestions:\n");
    for q in ["a", "b", "c"] {
        yaml.push_str(&format!(
            "  - id: {q}\n    text: Number {q}?\n    type: number\n    min: 0\n    max: 999\n"
        ));
    }
    yaml.push_str("outcomes:\n  - id: one\n    when: \"(a * 1000 + b) * 1000 + c == 123456789\"\n    title: One\n    body: One.\n  - id: other\n    when: \"true\"\n    title: Other\n    body: Other.\n");
    yaml.push_str(SIGNED_OFF);
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", yaml);
    let started = std::time::Instant::now();
    assert_eq!(
        site.build_errors(),
        r#"error: the self-assessment is too large to check: after `b`, more than 100000 sets of answers can still lead to different results
 --> content/assessment.yaml:8:5
  |
8 |   - id: b
  |     ^
  = hint: conditions and scores read `a`, `b` together with later questions, so their answers must be told apart to the end; read them through a named score that adds them up, or decide with them earlier

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
    // The release build refuses it in about a second; the unoptimised test
    // build is many times slower at the hashing the walk does.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// The eight 10-option questions multiplied together that were once
/// refused as too large: a few thousand states, checked at once.
#[test]
fn products_of_scores_are_checked() {
    let mut yaml = String::from("title: Big\nquestions:\n");
    for q in 1..=8 {
        yaml.push_str(&format!(
            "  - id: q{q}\n    text: Question {q}?\n    type: choice\n    options:\n"
        ));
        for o in 0..10 {
            yaml.push_str(&format!(
                "      - {{ id: o{o}, label: Option {o}, score: {o} }}\n"
            ));
        }
    }
    let product: Vec<String> = (1..=8).map(|q| format!("score(q{q})")).collect();
    yaml.push_str(&format!(
        "outcomes:\n  - id: high\n    when: \"{} > 100\"\n    title: High\n    body: High.\n  - id: other\n    when: \"true\"\n    title: Other\n    body: Other.\n",
        product.join(" * ")
    ));
    yaml.push_str(SIGNED_OFF);
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", yaml);
    let run = site.build();
    assert_eq!(run.stderr, "");
    run.expect_code(0);
}

/// A file with thousands of mistakes gets the first hundred, quickly.
#[test]
fn many_mistakes_are_capped() {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    let questions: String = (0..1500)
        .map(|i| format!("  - {{ id: question_number_{i}, text: Q{i}?, type: yes_no, show_if: \"nope_{i} == 'yes'\" }}\n"))
        .collect();
    let site = SiteTest::from_fixture("assessment").file(
        "content/assessment.yaml",
        source.replacen("questions:\n", &format!("questions:\n{questions}"), 1),
    );
    let started = std::time::Instant::now();
    let errors = site.build_errors();
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert!(
        errors.starts_with("error: stopped after 100 problems in this file\n --> content/assessment.yaml\n  = hint: fix these first; the build reports the rest once there are fewer\n\nerror: there is no question or score `nope_0`\n"),
        "{}",
        &errors[..400]
    );
    assert!(errors.ends_with(
        "error: found 101 errors\nThe previous output in [ROOT]/public was left as it was.\n"
    ));
}

/// Sixteen questions and a condition of 12,000 parts: once refused as
/// "too long to check" (65,536 paths, each working out the whole
/// condition). The walk keeps two states per question (the `or` is decided
/// by the first answer), so it is checked at once. The budget on parts
/// worked out stays, tested in `analysis`'s unit tests.
#[test]
fn long_conditions_are_checked_quickly() {
    let mut yaml = String::from("title: Costly\nquestions:\n");
    for q in 1..=16 {
        yaml.push_str(&format!(
            "  - {{ id: q{q}, text: Question {q}?, type: yes_no }}\n"
        ));
    }
    let each: Vec<String> = (1..=16).map(|q| format!("q{q} == 'yes'")).collect();
    let long = vec!["q1 == 'yes'"; 12_000].join(" or ");
    yaml.push_str(&format!(
        "outcomes:\n  - id: all\n    when: \"({long}) and {}\"\n    title: All\n    body: All.\n  - id: other\n    when: \"true\"\n    title: Other\n    body: Other.\n",
        each.join(" and ")
    ));
    yaml.push_str(SIGNED_OFF);
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", yaml);
    let started = std::time::Instant::now();
    let run = site.build();
    assert_eq!(run.stderr, "");
    run.expect_code(0);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}
