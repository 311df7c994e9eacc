//! The self-assessment's checks, end to end: each class of mistake in
//! `content/assessment.yaml` gets its full message (file, line, caret, hint),
//! the build fails with exit code 1, and the previous output stays.
//! Each test breaks the fixture `tests/fixtures/assessment` in one place.
//! The expression language's own mistakes and the size limits are in
//! `assessment_expressions.rs`; what both share, in `assessment_support`.

mod assessment_support;
mod common;

use assessment_support::{FIXTURE, assert_fails};
use common::SiteTest;

/// An unknown name inside a condition, with a "did you mean".
#[test]
fn unknown_question() {
    assert_fails(
        "when: \"'bp' in screen or 'heart' in screen\"",
        "when: \"'bp' in screan or 'heart' in screen\"",
        r#"error: there is no question or score `screan`
  --> content/assessment.yaml:77:20
   |
77 |     when: "'bp' in screan or 'heart' in screen"
   |                    ^^^^^^
   = hint: did you mean `screen`?

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// An option id that the question does not have.
#[test]
fn unknown_option() {
    assert_fails(
        "when: \"region == 'elsewhere'\"",
        "when: \"region == 'elswhere'\"",
        r#"error: question `region` has no option 'elswhere'
  --> content/assessment.yaml:73:22
   |
73 |     when: "region == 'elswhere'"
   |                      ^^^^^^^^^^
   = hint: did you mean 'elsewhere'? The options are: oregon, washington, elsewhere

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A type error: a score compared with an option id.
#[test]
fn number_vs_option() {
    assert_fails(
        "when: \"total >= 2\"\n    title: It makes",
        "when: \"total == 'most'\"\n    title: It makes",
        r#"error: cannot compare a number with the option 'most'
  --> content/assessment.yaml:85:12
   |
85 |     when: "total == 'most'"
   |            ^^^^^^^^^^^^^^^
   = hint: a number can only be compared with a number

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// `in` on a question that takes one answer.
#[test]
fn in_on_single_choice() {
    assert_fails(
        "when: \"region == 'elsewhere'\"",
        "when: \"'elsewhere' in region\"",
        r#"error: `in` needs a multi question on its right, and `region` takes one answer
  --> content/assessment.yaml:73:27
   |
73 |     when: "'elsewhere' in region"
   |                           ^^^^^^
   = hint: write `region == '…'`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// `show_if` may look only at earlier questions.
#[test]
fn later_question() {
    assert_fails(
        "    show_if: \"age == 'adult'\"\n    options:\n      - { id: never, label: Never, score: 0 }\n      - { id: some, label: Some days, score: 1 }\n      - { id: most, label: Most days, score: 2 }\n  - id: sleep",
        "    show_if: \"sleep == 'most'\"\n    options:\n      - { id: never, label: Never, score: 0 }\n      - { id: some, label: Some days, score: 1 }\n      - { id: most, label: Most days, score: 2 }\n  - id: sleep",
        r#"error: `mood` can only look at earlier questions, and `sleep` comes later
  --> content/assessment.yaml:20:15
   |
20 |     show_if: "sleep == 'most'"
   |               ^^^^^
   = hint: move the question it depends on before it

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A question no answers can show; the tests that answer it say so too.
#[test]
fn never_shown() {
    assert_fails(
        "    safety: true\n    show_if: \"age == 'adult'\"",
        "    safety: true\n    show_if: \"age == 'adult' and age == 'under_18'\"",
        r#"error: question `harm` can never be shown: no answers to the questions before it make its `show_if` true
  --> content/assessment.yaml:37:15
   |
37 |     show_if: "age == 'adult' and age == 'under_18'"
   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: check the option ids and the `and`/`or` in its `show_if`, or remove the question

error: outcome `crisis` can never be reached
  --> content/assessment.yaml:61:12
   |
61 |     when: "harm == 'yes'"
   |            ^^^^^^^^^^^^^
   = hint: no answers make its `when` true; check its conditions

error: test 2 answers `harm`, which is never asked on its path
  --> content/assessment.yaml:95:76
   |
95 |   - answers: &adult { age: adult, region: oregon, mood: most, sleep: some, harm: no, screen: [none] }
   |                                                                            ^^^^
   = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = oregon, mood = most, sleep = some, screen = [none]; scores: total = 3 (high)

error: test 3 answers `harm`, which is never asked on its path
  --> content/assessment.yaml:98:28
   |
98 |   - answers: { <<: *adult, harm: yes }
   |                            ^^^^
   = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = oregon, mood = most, sleep = some, screen = [none]; scores: total = 3 (high)

error: test 4 answers `harm`, which is never asked on its path
   --> content/assessment.yaml:100:28
    |
100 |   - answers: { <<: *adult, harm: yes }
    |                            ^^^^
    = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = oregon, mood = most, sleep = some, screen = [none]; scores: total = 3 (high)

error: test 5 answers `harm`, which is never asked on its path
   --> content/assessment.yaml:103:5
    |
103 |   - answers: { <<: *adult, region: elsewhere }
    |     ^
    = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = elsewhere, mood = most, sleep = some, screen = [none]; scores: total = 3 (high)

error: test 6 answers `harm`, which is never asked on its path
   --> content/assessment.yaml:105:5
    |
105 |   - answers: { <<: *adult, screen: [bp, heart] }
    |     ^
    = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = oregon, mood = most, sleep = some, screen = [bp, heart]; scores: total = 3 (high)

error: test 7 answers `harm`, which is never asked on its path
   --> content/assessment.yaml:107:5
    |
107 |   - answers: { <<: *adult, years: 12 }
    |     ^
    = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = oregon, mood = most, sleep = some, screen = [none], years = 12; scores: total = 3 (high)

error: test 8 answers `harm`, which is never asked on its path
   --> content/assessment.yaml:109:5
    |
109 |   - answers: { <<: *adult, mood: never, sleep: some }
    |     ^
    = hint: remove the answer, or check the question's `show_if`; the path taken: age = adult, region = oregon, mood = never, sleep = some, screen = [none]; scores: total = 1 (low)

error: found 9 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// An outcome that earlier outcomes always take first.
#[test]
fn unreachable_outcome() {
    assert_fails(
        "when: \"years >= 10 and total >= 2\"",
        "when: \"years >= 10 and total >= 5\"",
        r#"error: outcome `long_time` can never be reached
  --> content/assessment.yaml:81:12
   |
81 |     when: "years >= 10 and total >= 5"
   |            ^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: no answers make its `when` true before an earlier outcome (`away`, `ask_first`) matches; move it up or narrow the earlier ones

error: test 7 expects `long_time`, but the result is `fit`
   --> content/assessment.yaml:108:13
    |
108 |     expect: long_time
    |             ^^^^^^^^^
    = hint: the path taken: age = adult, region = oregon, mood = most, sleep = some, harm = no, screen = [none], years = 12; scores: total = 3 (high)

error: found 2 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// Answers that reach no outcome, with an example path.
#[test]
fn no_outcome() {
    assert_fails(
        "  - id: low\n    when: \"true\"",
        "  - id: low\n    when: \"total == 1\"",
        // Was "..., answers to mood, sleep adding up to total = 0": every
        // answer of the example is now given.
        r#"error: some answers reach no outcome, for example: age = adult, region = oregon, mood = never, sleep = never, harm = yes, screen = [none], years = 0
  --> content/assessment.yaml:88:5
   |
88 |   - id: low
   |     ^
   = hint: add a last outcome with `when: "true"`, or widen the conditions so one always holds

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// An interrupting outcome after one that does not interrupt.
#[test]
fn interrupt_order() {
    assert_fails(
        "  - id: ask_first\n",
        "  - id: ask_first\n    interrupt: true\n",
        r#"error: the interrupting outcome `ask_first` comes after `away`, which does not interrupt
  --> content/assessment.yaml:77:16
   |
77 |     interrupt: true
   |                ^^^^
   = hint: put interrupting outcomes first, so nothing can hide them

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A failing test case prints the path it took and the scores.
#[test]
fn failing_test() {
    assert_fails(
        "    expect: fit\n    scores: { total: 3 }",
        "    expect: low\n    scores: { total: 3 }",
        r#"error: test 2 expects `low`, but the result is `fit`
  --> content/assessment.yaml:96:13
   |
96 |     expect: low
   |             ^^^
   = hint: the path taken: age = adult, region = oregon, mood = most, sleep = some, harm = no, screen = [none]; scores: total = 3 (high)

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// Two questions with one id (and what that breaks).
#[test]
fn duplicate_id() {
    assert_fails(
        "  - id: sleep\n",
        "  - id: mood\n",
        r#"error: two questions have the id `mood`
  --> content/assessment.yaml:25:9
   |
25 |   - id: mood
   |         ^^^^
   = hint: the first is on line 17; give each question its own id

error: there is no question `sleep`
  --> content/assessment.yaml:55:33
   |
55 |     value: "score(mood) + score(sleep)"
   |                                 ^^^^^
   = hint: use the `id` of a question in this file

error: found 2 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A misspelt key, with a "did you mean".
#[test]
fn unknown_key() {
    assert_fails(
        "    show_if: \"age == 'adult'\"\n    options:\n      - { id: bp",
        "    show_iff: \"age == 'adult'\"\n    options:\n      - { id: bp",
        r#"error: questions[5]: unknown key `show_iff`
  --> content/assessment.yaml:41:5
   |
41 |     show_iff: "age == 'adult'"
   |     ^^^^^^^^
   = hint: did you mean `show_if`? The known keys are: id, text, type, hint, stem, options, show_if, optional, safety, min, max, unit, step, validate, max_length, not_before, not_after, prefer_not_to_say

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A safety question that no interrupting outcome reads.
#[test]
fn safety_uncovered() {
    assert_fails(
        "    when: \"harm == 'yes'\"",
        "    when: \"age == 'adult' and region == 'oregon' and years == 99\"",
        r#"error: `harm` is a safety question, but no interrupting outcome looks at it
  --> content/assessment.yaml:36:13
   |
36 |     safety: true
   |             ^^^^
   = hint: add an outcome with `interrupt: true` whose `when` reads `harm`, first in `outcomes`

error: outcome `crisis` can never be reached
  --> content/assessment.yaml:61:12
   |
61 |     when: "age == 'adult' and region == 'oregon' and years == 99"
   |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: no answers make its `when` true; check its conditions

error: test 3 expects `crisis`, but the result is `fit`
  --> content/assessment.yaml:99:13
   |
99 |     expect: crisis
   |             ^^^^^^
   = hint: the path taken: age = adult, region = oregon, mood = most, sleep = some, harm = yes, screen = [none]; scores: total = 3 (high)

error: found 3 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// An unknown `{value}` in an outcome's text.
#[test]
fn placeholder() {
    assert_fails(
        "body: Your score is {total}. Call {phone}.",
        "body: Your score is {totl}. Call {phone}.",
        r#"error: there is no value `{totl}` to show here
  --> content/assessment.yaml:91:25
   |
91 |     body: Your score is {totl}. Call {phone}.
   |                         ^^^^^^
   = hint: did you mean `{total}`?

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// Bands that do not cover every value the score can take.
#[test]
fn bands() {
    assert_fails(
        "      - { label: high, min: 2, max: 4 }",
        "      - { label: high, min: 2, max: 3 }",
        r#"error: the score `total` can be 4, which is in none of its bands
  --> content/assessment.yaml:56:5
   |
56 |     bands:
   |     ^^^^^
   = hint: make the bands cover every value the score can take

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// The page carries the compiled tree, never the expression text, and lists
/// every question for readers without JavaScript.
#[test]
fn page_carries_the_compiled_tree() {
    let site = SiteTest::from_fixture("assessment");
    site.build().expect_code(0);
    let page = site.read("public/assessment/index.html");
    let data = page
        .split("<script type=\"application/json\" id=\"assessment-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the data block");
    let json: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(
        json["questions"][2]["show_if"],
        serde_json::json!({"k": "is", "q": 0, "opts": [1]}),
        "`age == 'adult'` as a tree"
    );
    assert_eq!(json["outcomes"][0]["can_continue"], true);
    assert!(!page.contains("age == &#x27;adult&#x27;") && !page.contains("age == 'adult'"));
    for question in ["How old are you?", "How many years have you felt this way?"] {
        assert!(page.contains(question), "{question} is on the page");
    }
    assert!(page.contains("<script src=\"/js/assessment.js\" defer></script>"));
    assert!(site.exists("public/js/assessment.js"));
    // Placeholders: site values filled at build, scores left for the browser.
    assert!(page.contains("We serve Oregon and Washington."));
    assert!(page.contains("<span class=\"score-value\" data-score=\"total\"></span>"));
    assert!(page.contains("<span class=\"score-band\" data-band=\"total\"></span>"));
}

/// A site without content/assessment.yaml ships neither the page nor its script.
#[test]
fn no_assessment_no_page_and_no_script() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    assert!(!site.exists("public/assessment/index.html"));
    assert!(!site.exists("public/js/assessment.js"));
    assert!(!site.exists("public/css/assessment.css"));
    assert!(!site.read("public/index.html").contains("/assessment/"));
}

/// The complete example in the README builds as written.
#[test]
fn readme_example_builds() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = readme
        .split("### The self-assessment (`content/assessment.yaml`)")
        .nth(1)
        .expect("the README's self-assessment section");
    let example = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a yaml block in that section");
    let site = SiteTest::from_fixture("assessment").file("content/assessment.yaml", example);
    let run = site.build();
    assert_eq!(run.stderr, "");
    run.expect_code(0);
    assert!(
        site.read("public/assessment/index.html")
            .contains("How many years have you had these symptoms?")
    );
}

/// A score inside a link's address cannot be shown: an error, not a broken page.
#[test]
fn score_in_an_address() {
    assert_fails(
        "body: Your score is {total}. Call {phone}.",
        "body: \"[Your score](https://example.org/?s={total}). Call {phone}.\"",
        r#"error: `{total}` stands inside a link or image address, where the browser cannot show it
  --> content/assessment.yaml:91:48
   |
91 |     body: "[Your score](https://example.org/?s={total}). Call {phone}."
   |                                                ^^^^^^^
   = hint: put the score in the text of the page, not in an address

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A region named like the option `options: regions` adds would make one
/// answer mean two places: an error that names site.yaml as the cause.
#[test]
fn region_ids_collide() {
    let config = std::fs::read_to_string("tests/fixtures/assessment/site.yaml").unwrap();
    let site = SiteTest::from_fixture("assessment");
    site.build().expect_code(0);
    let before = site.snapshot("public");
    let site = site.file(
        "site.yaml",
        config.replacen(
            "regions: [Oregon, Washington]",
            "regions: [Oregon, Washington, Elsewhere, 1st District]",
            1,
        ),
    );
    assert_eq!(
        site.build_errors(),
        r#"error: site.yaml's regions give question `region` two options with the id `elsewhere`: the region "Elsewhere" and "Somewhere else" (the option that `options: regions` adds)
  --> content/assessment.yaml:16:14
   |
16 |     options: regions
   |              ^^^^^^^
   = hint: rename the region in site.yaml (`regions:`) so that its letters and digits differ, for example "Elsewhere in Oregon"

error: the region "1st District" in site.yaml cannot be an option of question `region`: its id would be `1st_district`
  --> content/assessment.yaml:16:14
   |
16 |     options: regions
   |              ^^^^^^^
   = hint: start the region's name in site.yaml (`regions:`) with a letter a to z

error: found 2 errors
The previous output in [ROOT]/public was left as it was.
"#
    );
    assert_eq!(site.snapshot("public"), before);
}

/// A score in an interrupting outcome must be known when the outcome can
/// appear; `too_young` appears right after `age`, before the questions that
/// make up `total`. The crisis outcome appears after them, so it may show it.
#[test]
fn score_shown_before_it_is_known() {
    let source = std::fs::read_to_string(FIXTURE).unwrap();
    let site = SiteTest::from_fixture("assessment").file(
        "content/assessment.yaml",
        source.replacen(
            "body: \"{crisis_line}\"",
            "body: \"{crisis_line} Your score: {total}.\"",
            1,
        ),
    );
    let run = site.build();
    assert_eq!(run.stderr, "");
    run.expect_code(0);
    assert_fails(
        "body: Please talk to your doctor.",
        "body: Please talk to your doctor. Your score is {total.band}.",
        r#"error: the interrupting outcome `too_young` shows `{total.band}`, which is not known yet when it can appear: after `age`, before `mood` is answered
  --> content/assessment.yaml:71:53
   |
71 |     body: Please talk to your doctor. Your score is {total.band}.
   |                                                     ^^^^^^^^^^^^
   = hint: show the score only in outcomes that do not interrupt, or ask every question it reads before the one that raises this outcome

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A note's test case: the notes a result shows are compared, in order,
/// and a note's text is checked like an outcome's.
#[test]
fn notes_are_tested_and_checked() {
    let notes = "notes:\n  - id: review\n    when: \"total < 2\"\n    title: Our physician will review\n    reasons:\n      - { when: \"'bp' in screen\", text: High blood pressure }\n";
    let last = "    expect: low\n    scores: { total: 1 }\n";
    assert_fails(
        last,
        &format!("{last}    expect_notes: []\n{notes}"),
        r#"error: test 8 expects the notes none, but the result shows `review`
   --> content/assessment.yaml:112:5
    |
112 |     expect_notes: []
    |     ^^^^^^^^^^^^
    = hint: the path taken: age = adult, region = oregon, mood = never, sleep = some, harm = no, screen = [none]; scores: total = 1 (low)

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
    assert_fails(
        last,
        &format!(
            "{last}    expect_notes: [review]\n{}",
            notes
                .replace("text: High", "text: \"{totl} High")
                .replace("pressure }", "pressure\" }")
        ),
        r#"error: there is no value `{totl}` to show here
   --> content/assessment.yaml:118:42
    |
118 |       - { when: "'bp' in screen", text: "{totl} High blood pressure" }
    |                                          ^^^^^^
    = hint: did you mean `{total}`?

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}
