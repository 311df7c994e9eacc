//! The Rust evaluator: the meaning of a compiled questionnaire.
//!
//! `static/js/assessment.js` implements exactly these rules for the browser,
//! and a differential test holds the two to the same answers:
//! - an answer counts only while its question is shown (the stale-answer rule);
//! - a comparison with an unanswered question, or with an unknown number, is
//!   false, both `==` and `!=`; `answered(q)` asks directly;
//! - `score(q)` of an unanswered question is 0;
//! - "prefer not to say" (`Answer::Declined`) counts as given (the question
//!   is done) but reads as no answer everywhere else: `answered(q)` is
//!   false, comparisons are false, `score(q)` and `count(q)` are 0, a number
//!   or date is unknown; only `declined(q)` is true;
//! - `days_since(q)` and `months_since(q)` count from the date answered to
//!   the assessment's `today` ([`super::dates`]);
//! - interrupting outcomes are checked after every answer, in order;
//! - the result is the first outcome that is not interrupting and holds;
//! - a result shows every note whose condition holds (an interrupting
//!   outcome shows none), and each of its reasons that holds.

use super::compile::Expr;
use super::model::QuestionType;
use super::{Assessment, Question};

/// One question's answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// The index of the chosen option (yes/no: 0 is yes, 1 is no).
    Choice(usize),
    /// The chosen options of a multi question, one bit per option.
    Multi(Bits),
    /// A number.
    Number(f64),
    /// A date.
    Date(jiff::civil::Date),
    /// "Prefer not to say": given, so the question is done, but read by
    /// every condition and score as no answer (see the module's rules).
    Declined,
}

impl Answer {
    /// The answer a condition sees: "prefer not to say" reads as none.
    fn read(answer: Option<Answer>) -> Option<Answer> {
        answer.filter(|a| *a != Answer::Declined)
    }
}

/// The chosen options of a checklist: one bit per option, for up to
/// [`Bits::CAPACITY`] options (a checklist may have
/// [`super::MAX_CHECKLIST_OPTIONS`]).
///
/// A fixed array rather than a `Vec` or a crate's growable set: answers are
/// copied into every state of the analysis and every test run, and a `Copy`
/// value of 32 bytes costs no allocation; the page-size limit on options
/// makes a growable width unnecessary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bits([u64; 4]);

impl Bits {
    /// The most options it holds.
    pub const CAPACITY: usize = 256;

    /// No option chosen.
    pub const EMPTY: Bits = Bits([0; 4]);

    /// Only option `i`.
    pub fn one(i: usize) -> Bits {
        let mut b = Bits::EMPTY;
        b.insert(i);
        b
    }

    /// The options listed.
    pub fn of(options: &[usize]) -> Bits {
        let mut b = Bits::EMPTY;
        options.iter().for_each(|&i| b.insert(i));
        b
    }

    /// Chooses option `i` (ignored past [`Bits::CAPACITY`]).
    pub fn insert(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    /// Whether option `i` is chosen.
    pub fn contains(self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// How many options are chosen.
    pub fn count(self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// Whether none is chosen.
    pub fn is_empty(self) -> bool {
        self == Bits::EMPTY
    }

    /// The chosen options, in order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..Bits::CAPACITY).filter(move |&i| self.contains(i))
    }
}

/// What happened on one walk through the questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The outcome shown: the interrupting one that stopped the walk, or the
    /// result at the end. `None` when the walk stopped at `missing` or no
    /// outcome holds.
    pub outcome: Option<usize>,
    /// Interrupting outcomes shown along the way, in order.
    pub fired: Vec<usize>,
    /// The questions asked, in order.
    pub path: Vec<usize>,
    /// The first question asked that has no answer (and is not optional).
    pub missing: Option<usize>,
    /// The answers that count at the end.
    pub answers: Vec<Option<Answer>>,
}

impl Assessment {
    /// Whether question `q` is shown, given the answers that count so far.
    pub fn shown(&self, q: usize, answers: &[Option<Answer>]) -> bool {
        self.questions[q]
            .show_if
            .as_ref()
            .is_none_or(|e| self.truth(e, answers, &[]))
    }

    /// Drops the answers to questions that are not shown.
    pub fn effective(&self, given: &[Option<Answer>]) -> Vec<Option<Answer>> {
        let mut answers = vec![None; self.questions.len()];
        for q in 0..self.questions.len() {
            if given[q].is_some() && self.shown(q, &answers) {
                answers[q] = given[q];
            }
        }
        answers
    }

    /// The first interrupting outcome not yet `shown` whose condition holds.
    pub fn interrupt(&self, answers: &[Option<Answer>], shown: &[usize]) -> Option<usize> {
        self.outcomes.iter().enumerate().position(|(i, o)| {
            o.interrupt && !shown.contains(&i) && self.truth(&o.when, answers, &[])
        })
    }

    /// The result: the first outcome that is not interrupting and holds.
    /// `offsets` are added to named scores (used by the exhaustive check).
    pub fn result(&self, answers: &[Option<Answer>], offsets: &[f64]) -> Option<usize> {
        self.outcomes
            .iter()
            .position(|o| !o.interrupt && self.truth(&o.when, answers, offsets))
    }

    /// The notes a result shows: each whose condition holds, in order.
    pub fn notes_shown(&self, answers: &[Option<Answer>]) -> Vec<usize> {
        (0..self.notes.len())
            .filter(|&n| self.truth(&self.notes[n].when, answers, &[]))
            .collect()
    }

    /// Every named score's value.
    pub fn score_values(&self, answers: &[Option<Answer>]) -> Vec<Option<f64>> {
        (0..self.scores.len())
            .map(|s| self.number(&Expr::Ref { s }, answers, &[]))
            .collect()
    }

    /// Walks the questionnaire as a person would, answering from `answers`
    /// and continuing past the interrupting outcomes in `continue_past`.
    pub fn run(&self, answers: &[Option<Answer>], continue_past: &[usize]) -> Run {
        let mut given = vec![None; self.questions.len()];
        let mut run = Run {
            outcome: None,
            fired: Vec::new(),
            path: Vec::new(),
            missing: None,
            answers: Vec::new(),
        };
        for q in 0..self.questions.len() {
            if !self.shown(q, &self.effective(&given)) {
                continue;
            }
            run.path.push(q);
            match answers[q] {
                Some(answer) => given[q] = Some(answer),
                None if self.questions[q].optional => {}
                None => {
                    run.missing = Some(q);
                    run.answers = self.effective(&given);
                    return run;
                }
            }
            let current = self.effective(&given);
            while let Some(o) = self.interrupt(&current, &run.fired) {
                run.fired.push(o);
                let can_go_on = self.outcomes[o].continue_label.is_some();
                if !(can_go_on && continue_past.contains(&o)) {
                    run.outcome = Some(o);
                    run.answers = current;
                    return run;
                }
            }
        }
        run.answers = self.effective(&given);
        run.outcome = self.result(&run.answers, &[]);
        run
    }

    /// Evaluates a condition. Every kind of node is matched by name: a
    /// number node is never a condition (compile sees to that) and reads
    /// as false here, as in the browser.
    pub fn truth(&self, expr: &Expr, answers: &[Option<Answer>], offsets: &[f64]) -> bool {
        match expr {
            Expr::Bool { v } => *v,
            Expr::Is { q, opts } => {
                matches!(answers[*q], Some(Answer::Choice(i)) if opts.contains(&i))
            }
            Expr::IsNot { q, opts } => {
                matches!(answers[*q], Some(Answer::Choice(i)) if !opts.contains(&i))
            }
            Expr::Has { q, opt } => {
                matches!(answers[*q], Some(Answer::Multi(bits)) if bits.contains(*opt))
            }
            Expr::Answered { q } => Answer::read(answers[*q]).is_some(),
            Expr::Declined { q } => answers[*q] == Some(Answer::Declined),
            Expr::Cmp { op, a, b } => {
                match (
                    self.number(a, answers, offsets),
                    self.number(b, answers, offsets),
                ) {
                    (Some(a), Some(b)) => op.holds(a, b),
                    // A comparison with an unknown number is false, both ways.
                    (None, _) | (_, None) => false,
                }
            }
            Expr::BoolEq { ne, a, b } => {
                (self.truth(a, answers, offsets) == self.truth(b, answers, offsets)) != *ne
            }
            Expr::And { args } => args.iter().all(|e| self.truth(e, answers, offsets)),
            Expr::Or { args } => args.iter().any(|e| self.truth(e, answers, offsets)),
            Expr::Not { a } => !self.truth(a, answers, offsets),
            Expr::Num { .. }
            | Expr::Since { .. }
            | Expr::Count { .. }
            | Expr::Score { .. }
            | Expr::Value { .. }
            | Expr::Ref { .. }
            | Expr::Neg { .. }
            | Expr::Arith { .. } => false,
        }
    }

    /// Evaluates a number; `None` when it depends on an unanswered number
    /// question or divides by zero. A condition node is never a number
    /// (compile sees to that) and reads as unknown here, as in the browser.
    pub fn number(&self, expr: &Expr, answers: &[Option<Answer>], offsets: &[f64]) -> Option<f64> {
        match expr {
            Expr::Num { v } => Some(*v),
            Expr::Count { q } => Some(match answers[*q] {
                Some(Answer::Multi(bits)) => f64::from(bits.count()),
                Some(
                    Answer::Choice(_) | Answer::Number(_) | Answer::Date(_) | Answer::Declined,
                )
                | None => 0.0,
            }),
            Expr::Score { q } => Some(option_score(&self.questions[*q], answers[*q])),
            Expr::Value { q } => match answers[*q] {
                Some(Answer::Number(n)) => Some(n),
                Some(Answer::Choice(_) | Answer::Multi(_) | Answer::Date(_) | Answer::Declined)
                | None => None,
            },
            Expr::Since { unit, q } => match answers[*q] {
                Some(Answer::Date(d)) => Some(super::dates::since(*unit, d, self.today)),
                Some(
                    Answer::Choice(_) | Answer::Multi(_) | Answer::Number(_) | Answer::Declined,
                )
                | None => None,
            },
            Expr::Ref { s } => {
                let value = self.number(&self.scores[*s].expr, answers, offsets)?;
                Some(value + offsets.get(*s).copied().unwrap_or(0.0))
            }
            Expr::Neg { a } => self.number(a, answers, offsets).map(|v| -v),
            Expr::Arith { op, a, b } => {
                let a = self.number(a, answers, offsets)?;
                let b = self.number(b, answers, offsets)?;
                op.apply(a, b)
            }
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
            | Expr::Not { .. } => None,
        }
    }
}

/// The score an answer adds to `score(q)`.
pub fn option_score(question: &Question, answer: Option<Answer>) -> f64 {
    match (question.kind, answer) {
        (QuestionType::Choice, Some(Answer::Choice(i))) => question.options[i].score,
        (QuestionType::Multi, Some(Answer::Multi(bits))) => question
            .options
            .iter()
            .enumerate()
            .filter(|(i, _)| bits.contains(*i))
            .map(|(_, o)| o.score)
            .sum(),
        (
            QuestionType::Choice
            | QuestionType::Multi
            | QuestionType::YesNo
            | QuestionType::Number
            | QuestionType::Date
            | QuestionType::Text,
            _,
        ) => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment};
    use super::*;

    // SMALL: age (under_18, adult), mood (shown to adults; scores 0, 1, 2),
    // screen (bp, heart), years (number, optional); total = score(mood) + 2;
    // crisis interrupts at total >= 4 and may be continued past.

    #[test]
    fn answers_to_hidden_questions_never_count() {
        let a = assessment(SMALL);
        let given = [Some(Answer::Choice(0)), Some(Answer::Choice(2)), None, None];
        let effective = a.effective(&given);
        assert_eq!(effective[1], None, "mood is hidden from under-18s");
        assert_eq!(a.score_values(&effective), [Some(2.0)]);
        assert_eq!(a.interrupt(&effective, &[]), None);
    }

    #[test]
    fn unknown_numbers_make_comparisons_false_both_ways() {
        let a = assessment(SMALL);
        let years = Box::new(Expr::Value { q: 3 });
        let ten = Box::new(Expr::Num { v: 10.0 });
        let none = [None, None, None, None];
        for op in super::super::ops::CmpOp::ALL {
            let e = Expr::Cmp {
                op,
                a: years.clone(),
                b: ten.clone(),
            };
            assert!(!a.truth(&e, &none, &[]), "{op:?}");
        }
        let div = Expr::Arith {
            op: super::super::ops::ArithOp::Div,
            a: ten.clone(),
            b: Box::new(Expr::Num { v: 0.0 }),
        };
        assert_eq!(a.number(&div, &none, &[]), None);
    }

    #[test]
    fn a_walk_stops_at_an_interrupt_unless_continued() {
        let a = assessment(SMALL);
        let answers = [
            Some(Answer::Choice(1)),
            Some(Answer::Choice(2)),
            Some(Answer::Multi(Bits::one(0))),
            None,
        ];
        let stopped = a.run(&answers, &[]);
        assert_eq!((stopped.outcome, stopped.fired.clone()), (Some(0), vec![0]));
        assert_eq!(stopped.path, [0, 1]);
        let went_on = a.run(&answers, &[0]);
        assert_eq!((went_on.outcome, went_on.fired), (Some(1), vec![0]));
        assert_eq!(
            went_on.path,
            [0, 1, 2, 3],
            "the optional `years` is asked, not answered"
        );
        let missing = a.run(&[Some(Answer::Choice(1)), None, None, None], &[]);
        assert_eq!(missing.missing, Some(1));
    }
}
