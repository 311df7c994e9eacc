//! Compiled conditions in plain English, for the clinician's review sheet
//! (`/assessment/review/`): `age == 'adult'` becomes “How old are you?”
//! (Q1) is “18 or older”, using the questions' texts and the options'
//! labels, so the sheet can be signed off without reading the YAML.
//!
//! Every node kind of [`Expr`] is matched by name (no catch-all), so a new
//! kind does not compile until it says what it means in words.

use super::compile::Expr;
use super::model::Ordered;
use super::ops::{ArithOp, CmpOp};
use super::types::{Assessment, format_number};

/// A condition in words: one line, or a heading over a list of conditions
/// (“all of these”), which the sheet shows as an indented list.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    /// One condition.
    Line(String),
    /// A heading such as “all of these:” and the conditions under it.
    List {
        /// “all of these”, “any of these”, …
        head: String,
        /// The conditions.
        items: Vec<Plain>,
    },
}

impl Plain {
    /// The condition as indented text, two spaces a level, lists as `- `.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(0, &mut out);
        out.pop();
        out
    }

    fn write(&self, level: usize, out: &mut String) {
        let indent = "  ".repeat(level);
        match self {
            Plain::Line(line) => {
                out.push_str(&indent);
                out.push_str(line);
                out.push('\n');
            }
            Plain::List { head, items } => {
                out.push_str(&format!("{indent}{head}:\n"));
                for item in items {
                    let mut inner = String::new();
                    item.write(level + 1, &mut inner);
                    // The item's first line gets the bullet.
                    let at = level * 2 + 2;
                    inner.replace_range(at - 2..at, "- ");
                    out.push_str(&inner);
                }
            }
        }
    }
}

/// Describes conditions and numbers of one assessment.
#[derive(Debug, Clone, Copy)]
pub struct Describe<'a> {
    /// The questions, options and scores the names come from.
    pub assessment: &'a Assessment,
}

impl<'a> Describe<'a> {
    /// A describer for `assessment`.
    pub fn new(assessment: &'a Assessment) -> Self {
        Describe { assessment }
    }

    /// “How old are you?” (Q1): the question as the person reads it.
    pub fn question(&self, q: usize) -> String {
        match self.assessment.questions.get(q) {
            Some(question) => format!("“{}” (Q{})", question.text, q + 1),
            None => format!("question {}", q + 1),
        }
    }

    /// “18 or older”: an option's label in quotes.
    fn option(&self, q: usize, opt: usize) -> String {
        let label = self
            .assessment
            .questions
            .get(q)
            .and_then(|question| question.options.get(opt))
            .map_or_else(|| format!("option {}", opt + 1), |o| o.label.clone());
        format!("“{label}”")
    }

    /// “A”, “A” or “B”, “A”, “B” or “C”.
    fn options(&self, q: usize, opts: &[usize]) -> String {
        let labels: Vec<String> = opts.iter().map(|&o| self.option(q, o)).collect();
        join(&labels, "or")
    }

    /// A named score: `the score phq9_total`.
    fn score_name(&self, s: usize) -> String {
        match self.assessment.scores.get(s) {
            Some(score) => format!("the score {}", score.id),
            None => format!("score {}", s + 1),
        }
    }

    /// A condition in words.
    pub fn condition(&self, e: &Expr) -> Plain {
        let line = |s: String| Plain::Line(s);
        match e {
            Expr::Bool { v: true } => line("always".into()),
            Expr::Bool { v: false } => line("never".into()),
            Expr::Is { q, opts } => line(format!(
                "{} is {}",
                self.question(*q),
                self.options(*q, opts)
            )),
            Expr::IsNot { q, opts } => line(format!(
                "{} is answered, but not {}",
                self.question(*q),
                self.options(*q, opts)
            )),
            Expr::Has { q, opt } => line(format!(
                "{} includes {}",
                self.question(*q),
                self.option(*q, *opt)
            )),
            Expr::Answered { q } => line(format!("{} is answered", self.question(*q))),
            Expr::Declined { q } => line(format!(
                "{} is answered “Prefer not to say”",
                self.question(*q)
            )),
            Expr::Cmp { op, a, b } => line(self.comparison(*op, a, b)),
            Expr::BoolEq { ne: false, a, b } => Plain::List {
                head: "both or neither of these".into(),
                items: vec![self.condition(a), self.condition(b)],
            },
            Expr::BoolEq { ne: true, a, b } => Plain::List {
                head: "exactly one of these".into(),
                items: vec![self.condition(a), self.condition(b)],
            },
            Expr::And { args } => self.list("all of these", args),
            Expr::Or { args } => self.list("any of these", args),
            Expr::Not { a } => match self.condition(a) {
                Plain::Line(inner) => line(format!("not so: {inner}")),
                Plain::List { head, items } if head == "any of these" => Plain::List {
                    head: "none of these".into(),
                    items,
                },
                Plain::List { head, items } if head == "all of these" => Plain::List {
                    head: "not all of these".into(),
                    items,
                },
                list @ Plain::List { .. } => Plain::List {
                    head: "not so".into(),
                    items: vec![list],
                },
            },
            // A number where a condition stands (the type checks refuse it;
            // the browser reads it as "not zero").
            Expr::Num { .. }
            | Expr::Since { .. }
            | Expr::Count { .. }
            | Expr::Score { .. }
            | Expr::Value { .. }
            | Expr::Ref { .. }
            | Expr::Neg { .. }
            | Expr::Arith { .. } => line(format!("{} is not 0", self.number(e))),
        }
    }

    fn list(&self, head: &str, args: &[Expr]) -> Plain {
        // `'a' in q or 'b' in q`: one question, its options listed.
        let has: Option<Vec<(usize, usize)>> = args
            .iter()
            .map(|a| match a {
                Expr::Has { q, opt } => Some((*q, *opt)),
                _ => None,
            })
            .collect();
        if let Some(has) = has
            && has.len() > 1
            && has.iter().all(|(q, _)| *q == has[0].0)
        {
            let q = has[0].0;
            return Plain::List {
                head: format!("{} includes {head}", self.question(q)),
                items: has
                    .iter()
                    .map(|(_, opt)| Plain::Line(self.option(q, *opt)))
                    .collect(),
            };
        }
        match args {
            [one] => self.condition(one),
            _ => Plain::List {
                head: head.into(),
                items: args.iter().map(|a| self.condition(a)).collect(),
            },
        }
    }

    /// `a op b` in words: “the score total is 10 or more”.
    fn comparison(&self, op: CmpOp, a: &Expr, b: &Expr) -> String {
        let (a, b) = (self.number(a), self.number(b));
        match op {
            CmpOp::Eq => format!("{a} is {b}"),
            CmpOp::Ne => format!("{a} is not {b}"),
            CmpOp::Lt => format!("{a} is less than {b}"),
            CmpOp::Le => format!("{a} is {b} or less"),
            CmpOp::Gt => format!("{a} is more than {b}"),
            CmpOp::Ge => format!("{a} is {b} or more"),
        }
    }

    /// A number in words. A sum that is exactly a named score is called by
    /// that score's name, so `score(a) + score(b) >= 10` reads as the score.
    pub fn number(&self, e: &Expr) -> String {
        match self.named(e) {
            Some(s) => self.score_name(s),
            None => self.spelled(e),
        }
    }

    /// A number in words, spelled out even when it is a named score's sum
    /// (the sheet's list of scores says what each adds up). A sum of
    /// several terms reads as one list: “the sum of the scores of A, B and
    /// C”, or “a plus b plus c”.
    pub fn spelled(&self, e: &Expr) -> String {
        match e {
            Expr::Arith {
                op: ArithOp::Add, ..
            } => {
                let mut terms = Vec::new();
                flatten_sum(e, &mut terms);
                let questions: Option<Vec<String>> = terms
                    .iter()
                    .map(|t| match t {
                        Expr::Score { q } => Some(self.question(*q)),
                        _ => None,
                    })
                    .collect();
                match questions {
                    Some(questions) => {
                        format!("the sum of the scores of {}", join(&questions, "and"))
                    }
                    None => terms
                        .iter()
                        .map(|t| self.operand(t))
                        .collect::<Vec<_>>()
                        .join(" plus "),
                }
            }
            _ => self.spelled_one(e),
        }
    }

    fn spelled_one(&self, e: &Expr) -> String {
        match e {
            Expr::Num { v } => format_number(*v),
            Expr::Count { q } => format!("the number of options chosen in {}", self.question(*q)),
            Expr::Score { q } => format!("the score of {}", self.question(*q)),
            Expr::Value { q } => format!("the number given in {}", self.question(*q)),
            Expr::Since { unit, q } => format!(
                "the whole {} from the date given in {} to today",
                unit.name(),
                self.question(*q)
            ),
            Expr::Ref { s } => self.score_name(*s),
            Expr::Neg { a } => format!("minus {}", self.operand(a)),
            Expr::Arith { op, a, b } => {
                let (a, b) = (self.operand(a), self.operand(b));
                match op {
                    ArithOp::Add => format!("{a} plus {b}"),
                    ArithOp::Sub => format!("{a} minus {b}"),
                    ArithOp::Mul => format!("{a} times {b}"),
                    ArithOp::Div => format!("{a} divided by {b}"),
                    ArithOp::Min => format!("the smaller of {a} and {b}"),
                    ArithOp::Max => format!("the larger of {a} and {b}"),
                    ArithOp::Round => format!("{a} rounded to {b} decimal places"),
                }
            }
            // A condition where a number stands (the type checks refuse it).
            Expr::Bool { .. }
            | Expr::Is { .. }
            | Expr::IsNot { .. }
            | Expr::Has { .. }
            | Expr::Answered { .. }
            | Expr::Declined { .. }
            | Expr::Cmp { .. }
            | Expr::BoolEq { .. }
            | Expr::And { .. }
            | Expr::Or { .. }
            | Expr::Not { .. } => format!("1 if ({}), else 0", self.condition(e).text()),
        }
    }

    /// The named score whose sum `e` is, if it is arithmetic (a single
    /// number or question is called by its own words).
    fn named(&self, e: &Expr) -> Option<usize> {
        let arithmetic = matches!(e, Expr::Arith { .. } | Expr::Neg { .. });
        arithmetic
            .then(|| self.assessment.scores.iter().position(|s| &s.expr == e))
            .flatten()
    }

    /// A number inside arithmetic: in brackets when it is itself arithmetic
    /// of another kind, so `(a + b) * 2` is not read as `a + b * 2`.
    fn operand(&self, e: &Expr) -> String {
        let text = self.number(e);
        match e {
            Expr::Arith { .. } | Expr::Neg { .. } if self.named(e).is_none() => {
                format!("({text})")
            }
            Expr::Arith { .. }
            | Expr::Neg { .. }
            | Expr::Num { .. }
            | Expr::Count { .. }
            | Expr::Score { .. }
            | Expr::Value { .. }
            | Expr::Ref { .. }
            | Expr::Bool { .. }
            | Expr::Is { .. }
            | Expr::IsNot { .. }
            | Expr::Has { .. }
            | Expr::Answered { .. }
            | Expr::Declined { .. }
            | Expr::Since { .. }
            | Expr::Cmp { .. }
            | Expr::BoolEq { .. }
            | Expr::And { .. }
            | Expr::Or { .. }
            | Expr::Not { .. } => text,
        }
    }
}

impl Describe<'_> {
    /// A test case's answers in words, in the order the questions are
    /// asked: (question index, “Label”, “Label”). A `<<: *anchor` set is
    /// merged, keys written out winning, as the test runner does. A value
    /// the sheet cannot put in words is shown as written.
    pub fn test_answers(&self, answers: &Ordered<serde_yaml::Value>) -> Vec<(usize, String)> {
        let mut entries: Vec<(&str, &serde_yaml::Value)> = Vec::new();
        for (id, value) in &answers.0 {
            match value {
                serde_yaml::Value::Mapping(base) if id == "<<" => {
                    for (k, v) in base {
                        if let Some(k) = k.as_str()
                            && !answers.0.iter().any(|(own, _)| own == k)
                        {
                            entries.push((k, v));
                        }
                    }
                }
                _ => entries.push((id, value)),
            }
        }
        let mut words: Vec<(usize, String)> = entries
            .into_iter()
            .filter_map(|(id, value)| {
                let q = self.assessment.question_index(id)?;
                Some((q, self.answer(q, value)))
            })
            .collect();
        words.sort_by_key(|(q, _)| *q);
        words
    }

    /// One answer in words: an option's label, labels joined, a number.
    fn answer(&self, q: usize, value: &serde_yaml::Value) -> String {
        use serde_yaml::Value as Y;
        let question = &self.assessment.questions[q];
        let label = |id: &str| match question.options.iter().find(|o| o.id == id) {
            Some(o) => format!("“{}”", o.label),
            None => format!("`{id}`"),
        };
        match value {
            Y::String(s) => label(s),
            Y::Bool(true) => label("yes"),
            Y::Bool(false) => label("no"),
            Y::Number(n) => n.as_f64().map_or_else(|| n.to_string(), format_number),
            Y::Sequence(items) => {
                let labels: Vec<String> = items
                    .iter()
                    .map(|item| match item {
                        Y::String(s) => label(s),
                        other => yaml_text(other),
                    })
                    .collect();
                join(&labels, "and")
            }
            Y::Null | Y::Mapping(_) | Y::Tagged(_) => yaml_text(value),
        }
    }
}

/// A YAML value as written, on one line.
fn yaml_text(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value)
        .unwrap_or_default()
        .trim()
        .replace('\n', " ")
}

/// The terms of a sum, `a + (b + c)` and `(a + b) + c` alike.
fn flatten_sum<'e>(e: &'e Expr, terms: &mut Vec<&'e Expr>) {
    match e {
        Expr::Arith {
            op: ArithOp::Add,
            a,
            b,
        } => {
            flatten_sum(a, terms);
            flatten_sum(b, terms);
        }
        other => terms.push(other),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::compile::{self, QuestionInfo, Scope};
    use super::super::tests::{SMALL, assessment};
    use super::*;

    /// The plain words of `condition`, compiled against SMALL's questions.
    fn words(condition: &str) -> String {
        let a = assessment(SMALL);
        let infos: Vec<QuestionInfo> = a
            .questions
            .iter()
            .map(|q| QuestionInfo {
                id: &q.id,
                kind: q.kind,
                options: q.options.iter().map(|o| o.id.as_str()).collect(),
                has_scores: q.options.iter().any(|o| o.score != 0.0),
                prefer_not: q.prefer_not,
            })
            .collect();
        let scores: Vec<&str> = a.scores.iter().map(|s| s.id.as_str()).collect();
        let scope = Scope {
            questions: &infos,
            scores: &scores,
            questions_before: infos.len(),
            scores_before: scores.len(),
            owner: "test",
        };
        let e = compile::condition(condition, &scope).expect("compiles");
        Describe::new(&a).condition(&e).text()
    }

    #[test]
    fn questions_and_options_by_their_words() {
        assert_eq!(
            words("age == 'adult'"),
            "“How old are you?” (Q1) is “Adult”"
        );
        assert_eq!(
            words("mood == 'some' or mood == 'most'"),
            "any of these:\n- “How often do you feel down?” (Q2) is “Some days”\n- “How often do you feel down?” (Q2) is “Most days”"
        );
        assert_eq!(
            words("mood != 'never'"),
            "“How often do you feel down?” (Q2) is answered, but not “Never”"
        );
        assert_eq!(
            words("'heart' in screen"),
            "“Any of these?” (Q3) includes “Heart disease”"
        );
        assert_eq!(
            words("answered(years)"),
            "“How many years?” (Q4) is answered"
        );
    }

    #[test]
    fn numbers_and_comparisons() {
        assert_eq!(words("total >= 4"), "the score total is 4 or more");
        // Written out, the score's own sum still reads as the score.
        assert_eq!(
            words("score(mood) + 2 < 3"),
            "the score total is less than 3"
        );
        assert_eq!(
            words("years > 10"),
            "the number given in “How many years?” (Q4) is more than 10"
        );
        assert_eq!(
            words("count(screen) <= 1"),
            "the number of options chosen in “Any of these?” (Q3) is 1 or less"
        );
        assert_eq!(
            words("(score(mood) - 1) * 2 == -years / 2"),
            "(the score of “How often do you feel down?” (Q2) minus 1) times 2 is (minus the number given in “How many years?” (Q4)) divided by 2"
        );
        assert_eq!(words("total != 3"), "the score total is not 3");
    }

    #[test]
    fn options_of_one_multi_question_are_one_list() {
        assert_eq!(
            words("'bp' in screen or 'heart' in screen"),
            "“Any of these?” (Q3) includes any of these:\n- “High blood pressure”\n- “Heart disease”"
        );
        assert_eq!(
            words("'bp' in screen and 'heart' in screen"),
            "“Any of these?” (Q3) includes all of these:\n- “High blood pressure”\n- “Heart disease”"
        );
    }

    #[test]
    fn and_or_not_as_indented_lists() {
        assert_eq!(
            words("age == 'adult' and not (mood == 'most' or 'bp' in screen)"),
            "all of these:\n- “How old are you?” (Q1) is “Adult”\n- none of these:\n  - “How often do you feel down?” (Q2) is “Most days”\n  - “Any of these?” (Q3) includes “High blood pressure”"
        );
        assert_eq!(
            words("not answered(years)"),
            "not so: “How many years?” (Q4) is answered"
        );
        assert_eq!(words("true"), "always");
    }

    #[test]
    fn test_answers_in_the_order_asked_with_labels() {
        let a = assessment(SMALL);
        let test: crate::questionnaire::model::TestDef = serde_yaml::from_str(
            "answers: { <<: { age: under_18, mood: some }, screen: [bp, heart], age: adult, years: 12 }\nexpect: fine\n",
        )
        .unwrap();
        assert_eq!(
            Describe::new(&a).test_answers(&test.answers),
            [
                (0, "“Adult”".to_string()),
                (1, "“Some days”".to_string()),
                (2, "“High blood pressure” and “Heart disease”".to_string()),
                (3, "12".to_string()),
            ]
        );
    }

    #[test]
    fn every_node_kind_has_words() {
        let a = assessment(SMALL);
        let d = Describe::new(&a);
        let b = |v| Box::new(Expr::Bool { v });
        assert_eq!(d.condition(&Expr::Bool { v: false }).text(), "never");
        assert_eq!(
            d.condition(&Expr::BoolEq {
                ne: false,
                a: b(true),
                b: b(false)
            })
            .text(),
            "both or neither of these:\n- always\n- never"
        );
        assert_eq!(
            d.condition(&Expr::BoolEq {
                ne: true,
                a: b(true),
                b: b(false)
            })
            .text(),
            "exactly one of these:\n- always\n- never"
        );
        assert_eq!(
            d.condition(&Expr::Not {
                a: Box::new(Expr::And {
                    args: vec![Expr::Bool { v: true }, Expr::Bool { v: false }]
                })
            })
            .text(),
            "not all of these:\n- always\n- never"
        );
        assert_eq!(
            d.condition(&Expr::Is {
                q: 0,
                opts: vec![0, 1]
            })
            .text(),
            "“How old are you?” (Q1) is “Under 18” or “Adult”"
        );
        assert_eq!(
            d.condition(&Expr::Not {
                a: Box::new(Expr::BoolEq {
                    ne: false,
                    a: b(true),
                    b: b(false)
                })
            })
            .text(),
            "not so:\n- both or neither of these:\n  - always\n  - never"
        );
        assert_eq!(d.condition(&Expr::Num { v: 2.0 }).text(), "2 is not 0");
        assert_eq!(d.number(&Expr::Ref { s: 0 }), "the score total");
        assert_eq!(d.number(&Expr::Bool { v: true }), "1 if (always), else 0");
        assert_eq!(
            d.number(&Expr::Arith {
                op: ArithOp::Div,
                a: Box::new(Expr::Num { v: 1.0 }),
                b: Box::new(Expr::Count { q: 2 }),
            }),
            "1 divided by the number of options chosen in “Any of these?” (Q3)"
        );
    }
}
