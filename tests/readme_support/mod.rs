//! What tests/readme_promises.rs shares: README.md's blocks, the fixture
//! sites it builds them in, and the messages it picks out of the output.

#![allow(dead_code)]

use crate::common::{Run, SiteTest};

/// README.md's text.
pub fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The first fenced block whose fence is ```` ```{lang} ```` after `marker`.
pub fn block_after(marker: &str, lang: &str) -> String {
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
pub fn complete_example() -> String {
    block_after("A complete small example:", "yaml")
}

/// The fixture site with `assessment` as its self-assessment.
pub fn site_with(assessment: &str) -> SiteTest {
    SiteTest::from_fixture("assessment").file("content/assessment.yaml", assessment)
}

/// The README example with `old` (which must occur once) replaced by `new`.
pub fn example_with(old: &str, new: &str) -> String {
    let example = complete_example();
    assert_eq!(example.matches(old).count(), 1, "the example has {old:?}");
    example.replacen(old, new, 1)
}

/// The full error output of a build of the README example changed by one edit.
pub fn example_errors(old: &str, new: &str) -> String {
    site_with(&example_with(old, new)).build_errors()
}

/// The line of a build's output that reports on the self-assessment.
pub fn assessment_line(run: &Run) -> String {
    run.stdout
        .lines()
        .find(|line| line.starts_with("Self-assessment:"))
        .unwrap_or_else(|| panic!("no Self-assessment line in {}", run.stdout))
        .to_string()
}

/// Only the messages of `output` that start with `error:` and contain `needle`.
pub fn messages_with(output: &str, needle: &str) -> Vec<String> {
    output
        .split("\n\n")
        .filter(|message| message.starts_with("error:") && message.contains(needle))
        .map(|message| format!("{}\n", message.trim_end()))
        .collect()
}

/// A site made by `pamphlet init`, marked as the demo so that `check`
/// reports only what a test changes.
pub fn demo_site() -> SiteTest {
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
pub fn demo_with(file: &str, old: &str, new: &str) -> SiteTest {
    demo_with_in(demo_site(), file, old, new)
}

/// `site` with `old` replaced by `new` in `file`.
pub fn demo_with_in(site: SiteTest, file: &str, old: &str, new: &str) -> SiteTest {
    let text = site.read(file);
    assert_eq!(text.matches(old).count(), 1, "{file} has {old:?}");
    let changed = text.replacen(old, new, 1);
    site.file(file, changed)
}

/// A self-assessment of one date question whose outcomes tell apart one,
/// two and three months; `limits` goes under the question.
pub fn months_since_assessment(limits: &str, tests: &str) -> String {
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

/// A BMI from a height and a weight, with the outcomes `bmi <= 24.9` and
/// `bmi >= 25`; `weight` as written under its question, `more` after the
/// outcomes, `tests` as the cases.
pub fn bmi_assessment(height: &str, weight: &str, more: &str, tests: &str) -> String {
    format!(
        r#"reviewed_by: Dr. Maya Chen, MD
last_reviewed: 2026-11-20
title: BMI
questions:
  - id: height
    text: How tall are you?
    type: number
{height}    unit: inches
  - id: weight
    text: How much do you weigh?
    type: number
{weight}    unit: pounds
scores:
  bmi: "weight * 703 / (height * height)"
outcomes:
  - id: low
    when: "bmi <= 24.9"
    title: Low
    body: Your BMI is {{bmi:1}}.
  - id: high
    when: "bmi >= 25"
    title: High
    body: Your BMI is {{bmi:1}}.
{more}tests:
  - {{ answers: {{ height: 61, weight: 100 }}, expect: low }}
  - {{ answers: {{ height: 61, weight: 200 }}, expect: high }}
{tests}"#
    )
}

/// A checklist of `options` medicines m0, m1, ...; `parts` written after
/// its question (outcomes, notes, tests).
pub fn checklist_assessment(options: usize, parts: &str) -> String {
    let options: String = (0..options)
        .map(|i| format!("      - {{ id: m{i}, label: Medicine {i} }}\n"))
        .collect();
    format!(
        "reviewed_by: Dr. Maya Chen, MD
last_reviewed: 2026-11-20
title: Medicines
questions:
  - id: meds
    text: Which of these do you take?
    type: multi
    optional: true
    options:
{options}{parts}"
    )
}

/// A Spanish translation of README's complete example, with every text the
/// README's list names (a yes/no question's `yes` and `no`, `options:
/// regions`'s `elsewhere`, band labels, `continue`, a note's `reasons`).
pub const SPANISH_EXAMPLE: &str = include_str!("../fixtures/readme/es-assessment.yaml");

/// A date question whose outcomes leave a gap at `days_since(d) == 30`;
/// `more` goes after them.
pub fn date_gap(more: &str) -> String {
    format!(
        "reviewed_by: Dr. Maya Chen, MD
last_reviewed: 2026-11-20
title: Dates
questions:
  - {{ id: d, text: When?, type: date, not_after: today }}
outcomes:
  - {{ id: recent, when: \"days_since(d) < 30\", title: R, body: T. }}
  - {{ id: old, when: \"days_since(d) > 30\", title: O, body: T. }}
{more}tests:
  - {{ today: 2026-11-30, answers: {{ d: 2026-11-29 }}, expect: recent }}
  - {{ today: 2026-11-30, answers: {{ d: 2026-01-29 }}, expect: old }}
"
    )
}

/// `message` followed by the lines a build with that one error ends with.
pub fn one_error(message: &str) -> String {
    format!(
        "{message}\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    )
}
