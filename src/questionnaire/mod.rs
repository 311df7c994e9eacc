//! The self-assessment: `content/assessment.yaml` parsed, checked and
//! compiled for the browser.
//!
//! The stages, in order, each a module with its own tests:
//! 1. [`model`] reads the YAML into typed structs (unknown keys are errors);
//! 2. `lower` (with `options` and `placeholders`) turns them into the
//!    checked [`Assessment`] of [`types`]: ids, options, scores, bands and
//!    outcomes checked, every `show_if`, score and `when` compiled by
//!    [`compile`] (one lexer, [`lex`], and one parser, [`expr`]) into the
//!    [`tree`] both evaluators run, with the operators and functions of
//!    [`ops`]; [`deps`] bounds what each costs; [`dates`] is the calendar
//!    arithmetic of date questions; `prefer_not` checks that every
//!    condition reading a question that offers "Prefer not to say" handles it;
//! 3. [`analysis`] walks the questions in order over states (what later
//!    conditions can still tell apart, from `residual`; one answer per class
//!    of answers, from `classes` and `date_classes`; a long checklist
//!    option by option, in `checklist_walk`) to decide that each question can be
//!    shown, each outcome reached, and that no answers reach no outcome;
//!    `findings` turns what it found into messages;
//! 4. `selftest` runs the `tests` in the file through [`eval`], the same
//!    rules the browser's `static/js/assessment.js` follows;
//! 5. `emit` gives the browser its JSON and the build its report.
//!
//! Every problem is reported with its line in the file, and all of them at
//! once. [`locate`] finds where a value stands in the source.

pub mod analysis;
mod classes;
pub mod compile;
mod date_classes;
pub mod dates;
pub mod deps;
pub mod describe;
mod emit;
pub mod eval;
pub mod expr;
mod findings;
mod interval;
pub mod lex;
pub mod locate;
mod lower;
mod lower_fields;
pub mod model;
pub mod ops;
mod options;
mod placeholders;
mod prefer_not;
mod residual;
mod selftest;
pub mod signoff;
pub mod translation;
pub mod tree;
pub mod types;
pub mod wide;

use std::path::Path;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
pub use classes::MAX_GRID;
pub use emit::summary;
use locate::Locator;
use lower::Context;
use model::AssessmentFile;
pub use types::{Assessment, Choice, Note, Outcome, Question, Reason, Score, format_number};

/// The path shown in diagnostics.
pub const FILE: &str = "content/assessment.yaml";

/// The id of the option that `options: regions` adds after the regions.
pub const ELSEWHERE: &str = "elsewhere";

/// The most options a checklist may have: more is not a page a person can
/// read. Its answer is one bit per option (`eval::Bits`, which holds more).
pub const MAX_CHECKLIST_OPTIONS: usize = 200;

/// Parses, checks and compiles `source` (the text of `content/assessment.yaml`).
pub fn load(source: &str, config: &SiteConfig) -> Result<Assessment, Vec<Diagnostic>> {
    let path = Path::new(FILE);
    let file: AssessmentFile = crate::yaml::parse(path, source, source, 1).map_err(|d| vec![d])?;
    load_file(&file, source, config)
}

/// Checks and compiles a parsed file (`source` is its text, for
/// positions); a translation's texts are put in before (see [`translation`]).
pub fn load_file(
    file: &AssessmentFile,
    source: &str,
    config: &SiteConfig,
) -> Result<Assessment, Vec<Diagnostic>> {
    let path = Path::new(FILE);
    let locator = Locator::new(path, source);
    let mut context = Context {
        locator: &locator,
        config,
        regions_text: crate::i18n::join_list(
            &config.regions,
            &crate::i18n::and_word(&config.language),
        ),
        problems: Vec::new(),
        dropped: 0,
        answer_names: Vec::new(),
        answers_known: false,
    };
    let assessment = context.assessment(file);
    if context.problems.is_empty() {
        context.check_declinable(&assessment, file);
    }
    if !context.problems.is_empty() {
        return Err(context.into_problems());
    }
    let mut assessment = assessment;
    context.analyse(&mut assessment, file);
    context.run_tests(&mut assessment, file);
    if context.problems.is_empty() {
        Ok(assessment)
    } else {
        Err(context.into_problems())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! A small questionnaire and helpers that every stage's tests share.

    use super::*;

    /// A questionnaire with one of each kind of question, a banded score,
    /// an interrupting outcome and two test cases.
    pub(crate) const SMALL: &str = r#"title: Small
intro: Hello.
questions:
  - id: age
    text: How old are you?
    type: choice
    options:
      - { id: under_18, label: Under 18 }
      - { id: adult, label: Adult }
  - id: mood
    text: How often do you feel down?
    type: choice
    show_if: "age == 'adult'"
    options:
      - { id: never, label: Never, score: 0 }
      - { id: some, label: Some days, score: 1 }
      - { id: most, label: Most days, score: 2 }
  - id: screen
    text: Any of these?
    type: multi
    options:
      - { id: bp, label: High blood pressure }
      - { id: heart, label: Heart disease }
  - id: years
    text: How many years?
    type: number
    min: 0
    max: 80
    optional: true
scores:
  total:
    value: "score(mood) + 2"
    bands:
      - { label: low, min: 0, max: 3 }
      - { label: high, min: 4, max: 4 }
outcomes:
  - id: crisis
    when: "total >= 4"
    interrupt: true
    continue: Go on
    title: Call now
    body: "{crisis_line}"
  - id: fine
    when: "true"
    title: Fine
    body: "Fine. Call {phone}. Your score: {total} ({total.band})."
tests:
  - answers: { age: adult, mood: most, screen: [bp] }
    expect: crisis
  - answers: { age: under_18, screen: [heart] }
    expect: fine
"#;

    /// The test fixture's site.yaml.
    pub(crate) fn config() -> SiteConfig {
        let source = include_str!("../../tests/fixtures/assessment/site.yaml");
        SiteConfig::parse(Path::new("."), source).expect("the fixture's site.yaml")
    }

    /// `yaml` loaded; panics with the problems if there are any.
    pub(crate) fn assessment(yaml: &str) -> Assessment {
        match load(yaml, &config()) {
            Ok(a) => a,
            Err(problems) => panic!(
                "{:#?}",
                problems.iter().map(|d| &d.message).collect::<Vec<_>>()
            ),
        }
    }

    /// The problems of `yaml` as `line:column message (hint)`.
    pub(crate) fn problems(yaml: &str) -> Vec<String> {
        let Err(problems) = load(yaml, &config()) else {
            panic!("no problems");
        };
        problems
            .iter()
            .map(|d| match &d.hint {
                Some(hint) => format!("{}:{} {} ({hint})", d.line, d.column, d.message),
                None => format!("{}:{} {}", d.line, d.column, d.message),
            })
            .collect()
    }

    #[test]
    fn the_small_questionnaire_loads_and_its_tests_pass() {
        let a = assessment(SMALL);
        assert_eq!(a.tests, 2);
        assert!(a.untested.is_empty());
        assert!(a.proof.exact && a.proof.states > 0);
    }

    #[test]
    fn problems_stop_before_the_analysis() {
        // A type error and an unknown option: both reported, nothing else.
        let yaml = SMALL
            .replace("when: \"total >= 4\"", "when: \"total == 'most'\"")
            .replace("show_if: \"age == 'adult'\"", "show_if: \"age == 'adlt'\"");
        assert_eq!(problems(&yaml).len(), 2);
    }
}
