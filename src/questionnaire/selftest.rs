//! The test cases of the file, run through the Rust evaluator: each case's
//! answers are converted from YAML, walked as a person would, and compared
//! with the expected outcome and scores.

use super::compile::did_you_mean;

use super::eval::{Answer, Bits, Run};
use super::locate::Section;
use super::lower::Context;
use super::model::{self, AssessmentFile, QuestionType};
use super::{Assessment, ELSEWHERE, Question, format_number};

/// How a test case answers "prefer not to say".
pub(super) const DECLINED: &str = "prefer_not_to_say";

impl Context<'_> {
    /// Whether `question`'s options are site.yaml's regions (plus
    /// "Somewhere else"), i.e. it says `options: regions`.
    fn options_are_regions(&self, question: &Question) -> bool {
        let regions = &self.config.regions;
        question.options.len() == regions.len() + 1
            && question.options.last().is_some_and(|o| o.id == ELSEWHERE)
            && question
                .options
                .iter()
                .zip(regions)
                .all(|(o, r)| o.label == *r)
    }

    pub(super) fn run_tests(&mut self, assessment: &mut Assessment, file: &AssessmentFile) {
        let mut covered = vec![false; assessment.outcomes.len()];
        for (t, test) in file.tests.iter().enumerate() {
            let name = match &test.name {
                Some(n) => format!("test {} (\"{n}\")", t + 1),
                None => format!("test {}", t + 1),
            };
            let Some(answers) = self.test_answers(assessment, t, test, &name) else {
                continue;
            };
            let Some(expected) = assessment.outcome_index(&test.expect) else {
                let hint = match did_you_mean(
                    &test.expect,
                    assessment.outcomes.iter().map(|o| o.id.as_str()),
                ) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!(
                        "the outcomes are: {}",
                        assessment
                            .outcomes
                            .iter()
                            .map(|o| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "expect",
                        &test.expect,
                        format!("{name} expects `{}`, which is not an outcome", test.expect),
                    )
                    .hint(hint);
                self.push(d);
                continue;
            };
            let mut continue_past = Vec::new();
            for id in &test.continue_past {
                match assessment.outcome_index(id) {
                    Some(o) if assessment.outcomes[o].continue_label.is_some() => {
                        continue_past.push(o)
                    }
                    _ => {
                        let d = self.locator.at_value(Section::Tests, t, "continue_past", id, format!("{name} continues past `{id}`, which is not an interrupting outcome with `continue`")).hint("list only outcome ids that have `interrupt: true` and a `continue` label");
                        self.push(d);
                    }
                }
            }
            if !self.test_today(assessment, t, test, &name, &answers) {
                continue;
            }
            let run = assessment.run(&answers, &continue_past);
            let path = assessment.describe_answers(&run.answers, &run.path);
            let scores: Vec<String> = assessment
                .score_values(&run.answers)
                .iter()
                .enumerate()
                .filter_map(|(s, v)| {
                    let v = (*v)?;
                    Some(match assessment.band(s, v) {
                        Some(band) => format!(
                            "{} = {} ({band})",
                            assessment.scores[s].id,
                            format_number(v)
                        ),
                        None => format!("{} = {}", assessment.scores[s].id, format_number(v)),
                    })
                })
                .collect();
            let taken = format!(
                "the path taken: {}{}",
                if path.is_empty() {
                    "(no answers)".to_string()
                } else {
                    path
                },
                if scores.is_empty() {
                    String::new()
                } else {
                    format!("; scores: {}", scores.join(", "))
                }
            );
            if let Some(q) = run.missing {
                let id = &assessment.questions[q].id;
                let d = self
                    .locator
                    .at_item(
                        Section::Tests,
                        t,
                        format!("{name} gives no answer to `{id}`, which is asked on its path"),
                    )
                    .hint(format!("add `{id}: ...` to its answers; {taken}"));
                self.push(d);
                continue;
            }
            // Each answer on the path must meet its question's `validate`
            // rule, as the page would refuse it otherwise.
            let refused = run.path.iter().copied().find(|&q| {
                run.answers[q].is_some_and(|a| a != Answer::Declined)
                    && assessment.questions[q]
                        .validate
                        .as_ref()
                        .is_some_and(|rule| !assessment.truth(rule, &run.answers, &[]))
            });
            if let Some(q) = refused {
                let question = &assessment.questions[q];
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        &question.id,
                        &question.id,
                        format!(
                            "{name} answers `{}` with an answer its `validate` rule refuses: \"{}\"",
                            question.id,
                            question.validate_message.as_deref().unwrap_or_default()
                        ),
                    )
                    .hint(format!("give answers the page accepts; {taken}"));
                self.push(d);
                continue;
            }
            let unasked: Vec<&str> = answers
                .iter()
                .enumerate()
                .filter(|(q, a)| a.is_some() && !run.path.contains(q))
                .map(|(q, _)| assessment.questions[q].id.as_str())
                .collect();
            if !unasked.is_empty()
                && run
                    .outcome
                    .is_some_and(|o| !assessment.outcomes[o].interrupt)
            {
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        unasked[0],
                        unasked[0],
                        format!(
                            "{name} answers {}, which {} never asked on its path",
                            unasked
                                .iter()
                                .map(|q| format!("`{q}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            if unasked.len() == 1 { "is" } else { "are" }
                        ),
                    )
                    .hint(format!(
                        "remove the answer, or check the question's `show_if`; {taken}"
                    ));
                self.push(d);
                continue;
            }
            if run.outcome != Some(expected) {
                let got = run.outcome.map_or("no outcome".to_string(), |o| {
                    format!("`{}`", assessment.outcomes[o].id)
                });
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "expect",
                        &test.expect,
                        format!("{name} expects `{}`, but the result is {got}", test.expect),
                    )
                    .hint(taken.clone());
                self.push(d);
                continue;
            }
            if let Some(want) = &test.expect_notes {
                self.check_notes(assessment, t, &name, want, &run, &taken);
            }
            covered[expected] = true;
            for o in &run.fired {
                covered[*o] = true;
            }
            let values = assessment.score_values(&run.answers);
            for (score, want) in &test.scores.0 {
                let Some(s) = assessment.scores.iter().position(|x| &x.id == score) else {
                    let hint = did_you_mean(score, assessment.scores.iter().map(|s| s.id.as_str()))
                        .map_or("list only named scores".to_string(), |m| {
                            format!("did you mean `{m}`?")
                        });
                    let d = self
                        .locator
                        .at_value(
                            Section::Tests,
                            t,
                            "scores",
                            score,
                            format!("{name} checks the score `{score}`, which does not exist"),
                        )
                        .hint(hint);
                    self.push(d);
                    continue;
                };
                if values[s] != Some(*want) {
                    let got = values[s].map_or("unknown".to_string(), format_number);
                    let d = self
                        .locator
                        .at_value(
                            Section::Tests,
                            t,
                            "scores",
                            score,
                            format!(
                                "{name} expects {score} = {}, but it is {got}",
                                format_number(*want)
                            ),
                        )
                        .hint(taken.clone());
                    self.push(d);
                }
            }
        }
        let uncovered: Vec<&str> = assessment
            .outcomes
            .iter()
            .zip(&covered)
            .filter(|(_, c)| !**c)
            .map(|(o, _)| o.id.as_str())
            .collect();
        assessment.untested = uncovered.iter().map(|s| s.to_string()).collect();
        assessment.today = super::dates::REFERENCE_TODAY;
        assessment.tests = file.tests.len();
    }

    /// Sets the day test `t` runs on: its `today:`, which it must give when
    /// it answers a date question; each date answered must be within its
    /// question's bounds on that day. False (reported) when not.
    fn test_today(
        &mut self,
        assessment: &mut Assessment,
        t: usize,
        test: &model::TestDef,
        name: &str,
        answers: &[Option<Answer>],
    ) -> bool {
        assessment.today = test
            .today
            .map_or(super::dates::REFERENCE_TODAY, super::dates::civil);
        for (q, answer) in answers.iter().enumerate() {
            let Some(Answer::Date(date)) = answer else {
                continue;
            };
            let question = &assessment.questions[q];
            let today = assessment.today;
            if test.today.is_none() {
                let message = format!(
                    "{name} answers the date question `{}` but gives no `today:`",
                    question.id
                );
                let d = self
                    .locator
                    .at_item(Section::Tests, t, message)
                    .hint("add `today: YYYY-MM-DD` to the case (the day it is run on, so builds never depend on the clock), with dates the page accepts on that day");
                self.push(d);
                return false;
            }
            let outside = match (question.not_before, question.not_after) {
                (Some(b), _) if *date < b.on(today) => {
                    Some(("before its `not_before`", b, "on or after"))
                }
                (_, Some(b)) if *date > b.on(today) => {
                    Some(("after its `not_after`", b, "on or before"))
                }
                _ => None,
            };
            if let Some((which, bound, side)) = outside {
                let message = format!(
                    "{name} answers `{}` with {date}, {which} ({}) on {today}",
                    question.id,
                    bound.text()
                );
                let d = self
                    .locator
                    .at_value(Section::Tests, t, "answers", &date.to_string(), message)
                    .hint(format!(
                        "the page refuses that date on {today}, the case's `today:`: answer with one {side} {}",
                        bound.on(today)
                    ));
                self.push(d);
                return false;
            }
        }
        true
    }

    /// Compares the notes a test case's result shows with `expect_notes`.
    fn check_notes(
        &mut self,
        assessment: &Assessment,
        t: usize,
        name: &str,
        want: &[String],
        run: &Run,
        taken: &str,
    ) {
        let mut ok = true;
        for id in want {
            if !assessment.notes.iter().any(|n| &n.id == id) {
                let hint = did_you_mean(id, assessment.notes.iter().map(|n| n.id.as_str())).map_or(
                    "list only the ids of notes under `notes:`".to_string(),
                    |m| format!("did you mean `{m}`?"),
                );
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "expect_notes",
                        id,
                        format!("{name} expects the note `{id}`, which is not a note"),
                    )
                    .hint(hint);
                self.push(d);
                ok = false;
            }
        }
        if !ok {
            return;
        }
        let shown: Vec<&str> = match run.outcome {
            Some(o) if !assessment.outcomes[o].interrupt => assessment
                .notes_shown(&run.answers)
                .into_iter()
                .map(|n| assessment.notes[n].id.as_str())
                .collect(),
            _ => Vec::new(),
        };
        if shown != want {
            let list = |ids: &[&str]| {
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let want: Vec<&str> = want.iter().map(String::as_str).collect();
            let d = self
                .locator
                .at_value(
                    Section::Tests,
                    t,
                    "expect_notes",
                    "",
                    format!(
                        "{name} expects the notes {}, but the result shows {}",
                        list(&want),
                        list(&shown)
                    ),
                )
                .hint(taken.to_string());
            self.push(d);
        }
    }

    pub(super) fn test_answers(
        &mut self,
        assessment: &Assessment,
        t: usize,
        test: &model::TestDef,
        name: &str,
    ) -> Option<Vec<Option<Answer>>> {
        let mut answers = vec![None; assessment.questions.len()];
        let mut ok = true;
        // `<<: *anchor` merges a shared set of answers; keys written out win.
        let mut entries: Vec<(String, &serde_yaml::Value)> = Vec::new();
        for (id, value) in &test.answers.0 {
            if id == "<<"
                && let serde_yaml::Value::Mapping(base) = value
            {
                for (k, v) in base {
                    if let Some(k) = k.as_str()
                        && !test.answers.0.iter().any(|(own, _)| own == k)
                    {
                        entries.push((k.to_string(), v));
                    }
                }
            } else {
                entries.push((id.clone(), value));
            }
        }
        for (id, value) in entries {
            let id = &id;
            let Some(q) = assessment.question_index(id) else {
                let hint = did_you_mean(id, assessment.questions.iter().map(|q| q.id.as_str()))
                    .map_or("use the `id` of a question".to_string(), |m| {
                        format!("did you mean `{m}`?")
                    });
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "answers",
                        id,
                        format!("{name} answers `{id}`, which is not a question"),
                    )
                    .hint(hint);
                self.push(d);
                ok = false;
                continue;
            };
            match answer_from_yaml(&assessment.questions[q], value) {
                Ok(a) => answers[q] = Some(a),
                Err((shown, hint)) => {
                    let d = self
                        .locator
                        .at_value(
                            Section::Tests,
                            t,
                            id,
                            &shown,
                            format!("{name} answers `{id}` with {shown}, {hint}"),
                        )
                        .hint(answer_hint(&assessment.questions[q]));
                    // A region list changed in site.yaml breaks test answers
                    // here, in a file staff never opened: say where to look.
                    let d = if self.options_are_regions(&assessment.questions[q]) {
                        let hint = d.hint.clone().unwrap_or_default();
                        d.hint(format!("{hint}; {}", self.config.regions_note()))
                    } else {
                        d
                    };
                    self.push(d);
                    ok = false;
                }
            }
        }
        ok.then_some(answers)
    }
}

fn answer_hint(question: &Question) -> String {
    match question.kind {
        QuestionType::Choice => format!(
            "answer with one of: {}",
            question
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionType::Multi => format!(
            "answer with a list of: {}",
            question
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionType::YesNo => "answer with yes or no".into(),
        QuestionType::Number => "answer with a number".into(),
        QuestionType::Date => {
            "answer with a day of the calendar written YYYY-MM-DD, such as 2026-09-30".into()
        }
        QuestionType::Text => "leave free text out of the answers: nothing reads it".into(),
    }
}

fn answer_from_yaml(
    question: &Question,
    value: &serde_yaml::Value,
) -> Result<Answer, (String, String)> {
    use serde_yaml::Value as Y;
    let option = |id: &str| {
        question
            .options
            .iter()
            .position(|o| o.id == id)
            .ok_or_else(|| {
                let hint = match did_you_mean(id, question.options.iter().map(|o| o.id.as_str())) {
                    Some(m) => format!("which is not one of its options (did you mean `{m}`?)"),
                    None => "which is not one of its options".to_string(),
                };
                (id.to_string(), hint)
            })
    };
    match (question.kind, value) {
        (_, Y::String(s)) if s == DECLINED && question.prefer_not => Ok(Answer::Declined),
        (_, Y::String(s)) if s == DECLINED => Err((
            s.clone(),
            "but the question does not offer “prefer not to say” (add `prefer_not_to_say: true` to it)".into(),
        )),
        (QuestionType::Date, Y::String(s)) => super::dates::parse_answer(s)
            .map(Answer::Date)
            .ok_or_else(|| {
                let written = s.len() == 10
                    && s.char_indices()
                        .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
                let why = if written {
                    "which is not a day of the calendar"
                } else {
                    "which is not a date written YYYY-MM-DD"
                };
                (s.clone(), why.into())
            }),
        (QuestionType::YesNo, Y::Bool(b)) => Ok(Answer::Choice(usize::from(!*b))),
        (QuestionType::Choice | QuestionType::YesNo, Y::String(s)) => option(s).map(Answer::Choice),
        (QuestionType::Multi, Y::String(s)) => option(s).map(|i| Answer::Multi(Bits::one(i))),
        (QuestionType::Multi, Y::Sequence(items)) => {
            let mut bits = Bits::EMPTY;
            for item in items {
                match item {
                    Y::String(s) => bits.insert(option(s)?),
                    other => return Err((yaml_text(other), "which is not an option id".into())),
                }
            }
            if bits.is_empty() {
                return Err((
                    "[]".into(),
                    "but a multi question needs at least one option".into(),
                ));
            }
            Ok(Answer::Multi(bits))
        }
        (QuestionType::Number, Y::Number(n)) => {
            let n = n.as_f64().unwrap_or(0.0);
            let below = question.min.is_some_and(|m| n < m as f64);
            let above = question.max.is_some_and(|m| n > m as f64);
            let scaled = n * 10f64.powi(i32::from(question.decimals));
            if (scaled - scaled.round()).abs() > 1e-9 {
                Err((
                    format_number(n),
                    match question.decimals {
                        0 => "which is not a whole number (add `step: 0.1` to the question to allow decimals)".into(),
                        d => format!("which has more than {d} decimal{}", if d == 1 { "" } else { "s" }),
                    },
                ))
            } else if below || above {
                Err((format_number(n), "which is outside its `min`/`max`".into()))
            } else {
                Ok(Answer::Number(n))
            }
        }
        (QuestionType::Text, other) => Err((
            yaml_text(other),
            "but free text is never read by a condition or a score".into(),
        )),
        (_, other) => Err((yaml_text(other), "which is not an answer it accepts".into())),
    }
}

fn yaml_text(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value)
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment, problems};
    use super::*;

    #[test]
    fn answers_are_read_as_the_question_takes_them() {
        let a = assessment(SMALL);
        let yaml = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).unwrap();
        assert_eq!(
            answer_from_yaml(&a.questions[0], &yaml("adult")),
            Ok(Answer::Choice(1))
        );
        assert_eq!(
            answer_from_yaml(&a.questions[2], &yaml("[bp, heart]")),
            Ok(Answer::Multi(Bits::of(&[0, 1])))
        );
        assert_eq!(
            answer_from_yaml(&a.questions[2], &yaml("heart")),
            Ok(Answer::Multi(Bits::one(1)))
        );
        assert_eq!(
            answer_from_yaml(&a.questions[3], &yaml("12")),
            Ok(Answer::Number(12.0))
        );
        assert_eq!(
            answer_from_yaml(&a.questions[3], &yaml("99")),
            Err(("99".into(), "which is outside its `min`/`max`".into()))
        );
        assert_eq!(
            answer_from_yaml(&a.questions[0], &yaml("adlt")),
            Err((
                "adlt".into(),
                "which is not one of its options (did you mean `adult`?)".into()
            ))
        );
        assert_eq!(
            answer_from_yaml(&a.questions[2], &yaml("[]")),
            Err((
                "[]".into(),
                "but a multi question needs at least one option".into()
            ))
        );
    }

    #[test]
    fn a_failing_case_prints_its_path_and_scores() {
        let yaml = SMALL.replace("    expect: crisis\n", "    expect: fine\n");
        assert_eq!(
            problems(&yaml),
            [
                "49:13 test 1 expects `fine`, but the result is `crisis` (the path taken: age = adult, mood = most; scores: total = 4 (high))"
            ]
        );
    }

    #[test]
    fn cases_must_name_real_things() {
        let yaml = SMALL.replace("expect: crisis", "expect: crisiss").replace(
            "{ age: under_18, screen: [heart] }",
            "{ age: under_18, screan: [heart] }",
        );
        assert_eq!(
            problems(&yaml),
            [
                "49:13 test 1 expects `crisiss`, which is not an outcome (did you mean `crisis`?)",
                "50:31 test 2 answers `screan`, which is not a question (did you mean `screen`?)",
            ]
        );
    }

    /// SMALL with two notes, one with listed reasons.
    fn with_notes(expect_first: &str) -> String {
        SMALL.replace(
            "    expect: fine\n",
            &format!("    expect: fine\n    expect_notes: [{expect_first}]\n"),
        ) + r#"notes:
  - id: review
    when: "'bp' in screen or 'heart' in screen"
    title: Our physician will review
    body: "Your score: {total}."
    reasons:
      - { when: "'bp' in screen", text: High blood pressure }
      - { when: "'heart' in screen", text: Heart disease }
  - id: adult
    when: "age == 'adult'"
    urgent: true
    title: Adults only
"#
    }

    #[test]
    fn notes_are_checked_by_the_cases_that_expect_them() {
        let a = assessment(&with_notes("review"));
        assert_eq!(a.notes.len(), 2);
        assert_eq!(a.notes[0].title, "Our physician will review");
        assert_eq!(a.notes[0].reasons[1].html, "Heart disease");
        assert!(a.notes[1].urgent && a.notes[1].body_html.is_empty());
        assert_eq!(
            a.notes[0].body_html,
            "<p>Your score: <span class=\"score-value\" data-score=\"total\"></span>.</p>\n"
        );
        let answers = [
            Some(Answer::Choice(1)),
            Some(Answer::Choice(0)),
            Some(Answer::Multi(Bits::one(1))),
            None,
        ];
        assert_eq!(a.notes_shown(&answers), [0, 1]);
        assert_eq!(
            a.notes_shown(&[None, None, None, None]),
            Vec::<usize>::new()
        );
        assert_eq!(
            problems(&with_notes("")),
            [
                "52:5 test 2 expects the notes none, but the result shows `review` (the path taken: age = under_18, screen = [heart]; scores: total = 2 (low))"
            ]
        );
    }

    #[test]
    fn notes_must_be_real_and_their_conditions_sound() {
        let yaml = with_notes("reveiw").replace(
            "when: \"age == 'adult'\"\n    urgent",
            "when: \"age == 'adlt'\"\n    urgent",
        );
        assert_eq!(
            problems(&yaml),
            [
                "62:19 question `age` has no option 'adlt' (did you mean 'adult'? The options are: under_18, adult)",
            ]
        );
        assert_eq!(
            problems(&with_notes("reveiw")),
            [
                "52:20 test 2 expects the note `reveiw`, which is not a note (did you mean `review`?)",
            ]
        );
    }

    #[test]
    fn answers_must_meet_their_question_s_rule() {
        let rule = "    optional: true\n    validate: { rule: \"years < 60 or age == 'under_18'\", message: \"Fewer years, please\" }\n";
        let yaml = SMALL.replace("    optional: true\n", rule).replace(
            "{ age: under_18, screen: [heart] }",
            "{ age: adult, mood: never, screen: [heart], years: 70 }",
        );
        assert_eq!(
            problems(&yaml),
            [
                "51:58 test 2 answers `years` with an answer its `validate` rule refuses: \"Fewer years, please\" (give answers the page accepts; the path taken: age = adult, mood = never, screen = [heart], years = 70; scores: total = 2 (low))"
            ]
        );
        let a = assessment(&yaml.replace("years: 70", "years: 59"));
        assert_eq!(
            a.questions[3].validate_message.as_deref(),
            Some("Fewer years, please")
        );
        let later = SMALL.replace(
            "    show_if: \"age == 'adult'\"\n",
            "    show_if: \"age == 'adult'\"\n    validate: { rule: \"years > 1\", message: M }\n",
        );
        assert_eq!(
            problems(&later),
            [
                "14:24 `mood` can only look at earlier questions, and `years` comes later (move the question it depends on before it)"
            ]
        );
    }
}
