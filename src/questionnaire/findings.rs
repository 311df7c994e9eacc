//! The analysis's findings as messages: each question that can never be
//! shown, each outcome that can never be reached, answers that reach no
//! outcome (with an example), bands that miss a value; and the rule that a
//! `safety: true` question is read by an interrupting outcome.

use super::locate::Section;
use super::lower::Context;
use super::model::{AssessmentFile, QuestionType};
use super::types::Proof;
use super::{Assessment, analysis, format_number};
use crate::diagnostic::plural;

impl Context<'_> {
    /// The exhaustive check: every question shown, every outcome reached,
    /// no answers without an outcome, every band covering its score.
    pub(super) fn analyse(&mut self, assessment: &mut Assessment, file: &AssessmentFile) {
        for (q, question) in assessment.questions.iter().enumerate() {
            if question.safety
                && !assessment.outcomes.iter().any(|o| {
                    let mut reads = false;
                    o.when.visit(&mut |e| reads |= e.question() == Some(q));
                    o.interrupt && reads
                })
            {
                let d = self
                    .locator
                    .at_value(Section::Questions, q, "safety", "true", format!("`{}` is a safety question, but no interrupting outcome looks at it", question.id))
                    .hint(format!("add an outcome with `interrupt: true` whose `when` reads `{}`, first in `outcomes`", question.id));
                self.push(d);
            }
        }
        let findings = analysis::analyse(assessment);
        if let Some(too_large) = &findings.too_large {
            let names: Vec<String> = too_large
                .remembered
                .iter()
                .map(|q| format!("`{}`", assessment.questions[*q].id))
                .collect();
            let after = &assessment.questions[too_large.after];
            let hint = if names.is_empty() {
                "ask fewer questions whose answers conditions tell apart".to_string()
            } else {
                format!(
                    "conditions and scores read {} together with later questions, so their answers must be told apart to the end; read them through a named score that adds them up, or decide with them earlier",
                    names.join(", ")
                )
            };
            let d = self
                .locator
                .at_item(Section::Questions, too_large.after, format!("the self-assessment is too large to check: after `{}`, more than {} sets of answers can still lead to different results", after.id, analysis::MAX_STATES))
                .hint(hint);
            self.push(d);
            return;
        }
        if let Some(q) = findings.too_costly {
            let d = self
                .locator
                .at_item(Section::Questions, q, format!("the self-assessment takes too long to check: its conditions and scores are so long that the check stopped at `{}` (the limit is {} parts worked out in all)", assessment.questions[q].id, analysis::MAX_WORK))
                .hint("shorten the longest conditions and scores, or ask fewer questions that conditions tell apart");
            self.push(d);
            return;
        }
        assessment.proof = Proof {
            states: findings.states,
            exact: findings.exact,
            sampled: findings
                .sampled
                .iter()
                .map(|&(q, n)| {
                    let id = &assessment.questions[q].id;
                    let text = match assessment.questions[q].kind {
                        QuestionType::Date => format!(
                            "`{id}`, which was sampled at {}: the dates around each number of days or months its conditions name, and dates spread evenly over the range it accepts",
                            plural(n, "date")
                        ),
                        QuestionType::Multi if n == 1 => {
                            format!("`{id}`, which was sampled at 1 set of choices")
                        }
                        QuestionType::Multi => {
                            format!("`{id}`, which was sampled at {n} sets of choices")
                        }
                        QuestionType::Choice
                        | QuestionType::YesNo
                        | QuestionType::Number
                        | QuestionType::Text => {
                            format!("`{id}`, which was sampled at {}", plural(n, "value"))
                        }
                    };
                    (text, n)
                })
                .chain(findings.sampled_ranges.iter().map(|s| {
                    let name = |q: usize| &assessment.questions[q].id;
                    let mut text = format!(
                        "`{}` between {} and {}",
                        name(s.q),
                        format_number(s.from),
                        format_number(s.to)
                    );
                    let with: Vec<String> = s
                        .with
                        .iter()
                        .map(|&(p, r)| match r {
                            Some((a, b)) if a == b => {
                                format!("`{}` is {}", name(p), format_number(a))
                            }
                            Some((a, b)) => format!(
                                "`{}` is {} to {}",
                                name(p),
                                format_number(a),
                                format_number(b)
                            ),
                            None => format!("`{}` has any answer", name(p)),
                        })
                        .collect();
                    if !with.is_empty() {
                        text.push_str(&format!(" when {}", with.join(" and ")));
                    }
                    let n = s.values.len();
                    text.push_str(&format!(", which was sampled at {}", plural(n, "value")));
                    (text, n)
                }))
                .collect(),
            reasoned: findings
                .reasoned
                .iter()
                .map(|&q| assessment.questions[q].id.clone())
                .collect(),
            unconfirmed: Vec::new(),
        };
        for (q, shown) in findings.shown.iter().enumerate() {
            if !shown && !findings.exact {
                // Not shown for the answers tried; others may show it.
                let id = format!("question `{}`", assessment.questions[q].id);
                assessment.proof.unconfirmed.push(id);
            } else if !shown {
                let question = &assessment.questions[q];
                let text = file.questions[q].show_if.clone().unwrap_or_default();
                let d = self
                    .locator
                    .at_value(Section::Questions, q, "show_if", &text, format!("question `{}` can never be shown: no answers to the questions before it make its `show_if` true", question.id))
                    .hint("check the option ids and the `and`/`or` in its `show_if`, or remove the question");
                self.push(d);
            }
        }
        for (o, reached) in findings.reached.iter().enumerate() {
            if !reached && !findings.exact {
                let id = format!("outcome `{}`", assessment.outcomes[o].id);
                assessment.proof.unconfirmed.push(id);
            } else if !reached {
                let outcome = &assessment.outcomes[o];
                let earlier: Vec<String> = assessment.outcomes[..o]
                    .iter()
                    .filter(|x| x.interrupt == outcome.interrupt)
                    .map(|x| format!("`{}`", x.id))
                    .collect();
                // A result also comes too late when an interrupting outcome
                // without `continue` ends the assessment first, wherever it
                // is in the list: interrupts are checked after every answer.
                // They are named when no earlier result is.
                let ending: Vec<String> = assessment
                    .outcomes
                    .iter()
                    .filter(|x| !outcome.interrupt && x.interrupt && x.continue_label.is_none())
                    .map(|x| format!("`{}`", x.id))
                    .collect();
                let hint = match (earlier.is_empty(), ending.is_empty()) {
                    (true, true) => {
                        "no answers make its `when` true; check its conditions".to_string()
                    }
                    // Earlier results are the likelier reason, so they alone are named.
                    (false, _) => format!(
                        "no answers make its `when` true before an earlier outcome ({}) matches; move it up or narrow the earlier ones",
                        earlier.join(", ")
                    ),
                    (true, false) => format!(
                        "no answers make its `when` true, or only answers that an interrupting outcome without `continue` ({}) stops first; check its conditions, or give that one a `continue`",
                        ending.join(", ")
                    ),
                };
                let d = self
                    .locator
                    .at_value(
                        Section::Outcomes,
                        o,
                        "when",
                        &file.outcomes[o].when,
                        format!("outcome `{}` can never be reached", outcome.id),
                    )
                    .hint(hint);
                self.push(d);
            }
        }
        for (n, noted) in findings.noted.iter().enumerate() {
            let note = &assessment.notes[n];
            if noted.is_none() && !findings.exact {
                let id = format!("note `{}`", note.id);
                assessment.proof.unconfirmed.push(id);
            } else if noted.is_none() {
                let d = self
                    .locator
                    .at_value(Section::Notes, n, "when", &file.notes[n].when, format!("note `{}` can never be shown: no answers that reach a result make its `when` true", note.id))
                    .hint("check its conditions (a note is shown only on the result, never on an interrupting outcome), or remove the note");
                self.push(d);
            }
        }
        // Like an outcome no test case reaches, a note no test case
        // expects is a warning of `pamphlet check`.
        assessment.untested_notes = assessment
            .notes
            .iter()
            .filter(|n| {
                !file.tests.iter().any(|t| {
                    t.expect_notes
                        .as_ref()
                        .is_some_and(|want| want.contains(&n.id))
                })
            })
            .map(|n| n.id.clone())
            .collect();
        if let Some(answers) = &findings.hole {
            let asked: Vec<usize> = (0..assessment.questions.len())
                .filter(|q| answers[*q].is_some())
                .collect();
            let mut example = assessment.describe_answers(answers, &asked);
            // A date's days and months are counted to a day: name it, so
            // the example can be written as a test case with its `today:`.
            if answers
                .iter()
                .any(|a| matches!(a, Some(super::eval::Answer::Date(_))))
            {
                example.push_str(&format!(
                    " (dates counted to {}: a test case for it takes `today: {}`)",
                    super::dates::REFERENCE_TODAY,
                    super::dates::REFERENCE_TODAY
                ));
            }
            let last = assessment.outcomes.len().saturating_sub(1);
            let d = self
                .locator
                .at_item(Section::Outcomes, last, format!("some answers reach no outcome, for example: {example}"))
                .hint("add a last outcome with `when: \"true\"`, or widen the conditions so one always holds");
            self.push(d);
        }
        for &(o, s, q, r) in &findings.early_scores {
            let outcome = &assessment.outcomes[o];
            let id = &assessment.scores[s].id;
            let value = format!("{{{id}}}");
            let needle = if file.outcomes[o].body.contains(&value) {
                value.clone()
            } else {
                format!("{{{id}.band}}")
            };
            let d = self
                .locator
                .at_value(Section::Outcomes, o, "body", &needle, format!("the interrupting outcome `{}` shows `{needle}`, which is not known yet when it can appear: after `{}`, before `{}` is answered", outcome.id, assessment.questions[q].id, assessment.questions[r].id))
                .hint("show the score only in outcomes that do not interrupt, or ask every question it reads before the one that raises this outcome");
            self.push(d);
        }
        for (s, value) in &findings.outside_bands {
            let score = &assessment.scores[*s];
            let d = self
                .locator
                .at_value(
                    Section::Scores,
                    *s,
                    "bands",
                    "",
                    format!(
                        "the score `{}` can be {}, which is in none of its bands",
                        score.id,
                        format_number(*value)
                    ),
                )
                .hint("make the bands cover every value the score can take");
            self.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, problems};

    #[test]
    fn never_shown_and_never_reached() {
        let yaml = SMALL
            .replace(
                "show_if: \"age == 'adult'\"",
                "show_if: \"age == 'adult' and age == 'under_18'\"",
            )
            .replace(
                "  - answers: { age: adult, mood: most, screen: [bp] }\n    expect: crisis\n",
                "",
            );
        assert_eq!(
            problems(&yaml),
            [
                "13:15 question `mood` can never be shown: no answers to the questions before it make its `show_if` true (check the option ids and the `and`/`or` in its `show_if`, or remove the question)",
                "38:12 outcome `crisis` can never be reached (no answers make its `when` true; check its conditions)",
            ]
        );
    }

    #[test]
    fn a_safety_question_needs_an_interrupt_that_reads_it() {
        let yaml = SMALL.replace(
            "    optional: true\n",
            "    optional: true\n    safety: true\n",
        );
        assert_eq!(
            problems(&yaml),
            [
                "30:13 `years` is a safety question, but no interrupting outcome looks at it (add an outcome with `interrupt: true` whose `when` reads `years`, first in `outcomes`)"
            ]
        );
    }

    #[test]
    fn bands_must_cover_the_score() {
        let yaml = SMALL.replace(
            "{ label: high, min: 4, max: 4 }",
            "{ label: high, min: 4.5, max: 9 }",
        );
        assert_eq!(
            problems(&yaml),
            [
                "33:5 the score `total` can be 4, which is in none of its bands (make the bands cover every value the score can take)"
            ]
        );
    }

    #[test]
    fn a_note_no_result_can_show_is_reported() {
        let notes = "notes:\n  - id: both\n    when: \"count(screen) > 1\"\n    title: Both\n  - id: never\n    when: \"age == 'under_18' and total >= 4\"\n    title: Never\n";
        let yaml = format!("{SMALL}{notes}");
        assert_eq!(
            problems(&yaml),
            [
                "57:12 note `never` can never be shown: no answers that reach a result make its `when` true (check its conditions (a note is shown only on the result, never on an interrupting outcome), or remove the note)"
            ]
        );
        // Without it, the file loads; `both` is expected by no test case.
        let yaml = format!("{SMALL}{}", &notes[..notes.find("  - id: never").unwrap()]);
        let a = super::super::tests::assessment(&yaml);
        assert_eq!(a.untested_notes, ["both"]);
        let yaml = yaml.replace(
            "screen: [heart] }\n    expect: fine\n",
            "screen: [heart, bp] }\n    expect: fine\n    expect_notes: [both]\n",
        );
        assert!(
            super::super::tests::assessment(&yaml)
                .untested_notes
                .is_empty()
        );
    }
}
