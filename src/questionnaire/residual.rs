//! Partial evaluation: what is left of an expression once some questions
//! are answered.
//!
//! The analysis in [`super::analysis`] walks the questionnaire question by
//! question and keeps, for every condition and score still to be worked
//! out, only its *residual*: the expression with the answered questions put
//! in and everything that is then decided folded away. `total >= 10` after
//! four PHQ-9 items is `7 + score(phq5) + ... >= 10`; `a == 'yes' or b ==
//! 'yes'` after `a = yes` is `true`. Two sets of answers that leave the same
//! residuals behave alike on every later question, so the walk keeps one of
//! them: that is what keeps it small without losing exactness.
//!
//! The rules are the evaluator's ([`super::eval`]), node by node: a number
//! that depends on an unanswered number question is unknown, and a
//! comparison with an unknown number is false, both `==` and `!=`.

use super::Assessment;
use super::compile::Expr;
use super::eval::Answer;
use super::ops::ArithOp;

/// What is left of an expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Residual {
    /// A decided condition.
    Bool(bool),
    /// A decided number; `None` when it is unknown (an unanswered number
    /// question, a division by zero).
    Num(Option<f64>),
    /// Still depends on questions not yet answered.
    Open(Expr),
}

impl Residual {
    /// The residual as a condition: a number node is false, as in the evaluator.
    fn truth(self) -> Residual {
        match self {
            Residual::Num(_) => Residual::Bool(false),
            Residual::Bool(_) | Residual::Open(_) => self,
        }
    }

    /// Appends a key that is equal for equal residuals.
    pub(super) fn key(&self, out: &mut String) {
        match self {
            Residual::Bool(b) => out.push_str(if *b { "T" } else { "F" }),
            Residual::Num(None) => out.push('?'),
            Residual::Num(Some(v)) => out.push_str(&format!("#{}", v.to_bits())),
            // Debug, not JSON: JSON writes every infinity as `null`, and
            // two residuals that differ must never share a key.
            Residual::Open(e) => {
                use std::fmt::Write;
                let _ = write!(out, "{e:?}");
            }
        }
        out.push('|');
    }
}

/// Which questions are put in, and with what.
pub(super) enum Put<'a> {
    /// Nothing: fold constants and write scores out.
    Nothing,
    /// Question `q` with these answers (`answers[q]`, the rest unused).
    One(usize, &'a [Option<Answer>]),
    /// Every question still open has no answer: the value right now, as an
    /// interrupting outcome sees it.
    NoneLeft(&'a [Option<Answer>]),
    /// Option `opt` of checklist `q` chosen (true) or not: its `has` leaves
    /// decided, every other leaf of `q` left open (the checklist walked
    /// option by option, in `checklist_walk`).
    Option(usize, usize, bool),
}

/// Partial evaluation, counting each node visited in `work`.
pub(super) struct Reducer<'a> {
    pub assessment: &'a Assessment,
    pub work: u64,
}

impl Reducer<'_> {
    /// What is left of `expr` once `put` is put in.
    pub fn reduce(&mut self, expr: &Expr, put: &Put) -> Residual {
        self.work += 1;
        if let Some(q) = expr.question() {
            let answers = match put {
                Put::One(p, answers) if *p == q => Some(*answers),
                Put::NoneLeft(none) => Some(*none),
                Put::Option(p, opt, chosen) if *p == q => {
                    return match expr {
                        Expr::Has { opt: o, .. } if o == opt => Residual::Bool(*chosen),
                        _ => Residual::Open(expr.clone()),
                    };
                }
                Put::One(..) | Put::Option(..) | Put::Nothing => None,
            };
            return match answers {
                Some(answers) if expr.is_condition() => {
                    Residual::Bool(self.assessment.truth(expr, answers, &[]))
                }
                Some(answers) => Residual::Num(self.assessment.number(expr, answers, &[])),
                None => Residual::Open(expr.clone()),
            };
        }
        match expr {
            Expr::Bool { v } => Residual::Bool(*v),
            Expr::Num { v } => Residual::Num(Some(*v)),
            // A score is written out: its residual is what the condition sees.
            Expr::Ref { s } => {
                let score = &self.assessment.scores[*s].expr;
                self.reduce(score, put)
            }
            Expr::Neg { a } => match self.reduce(a, put) {
                Residual::Num(v) => Residual::Num(v.map(|v| -v)),
                Residual::Bool(_) => Residual::Num(None),
                Residual::Open(a) => Residual::Open(Expr::Neg { a: Box::new(a) }),
            },
            Expr::Arith { op, a, b } => {
                let (a, b) = (self.reduce(a, put), self.reduce(b, put));
                arith(*op, a, b)
            }
            Expr::Cmp { op, a, b } => match (self.reduce(a, put), self.reduce(b, put)) {
                (Residual::Num(Some(a)), Residual::Num(Some(b))) => Residual::Bool(op.holds(a, b)),
                // Unknown (or not a number) on either side: false, both ways.
                (Residual::Num(None) | Residual::Bool(_), _)
                | (_, Residual::Num(None) | Residual::Bool(_)) => Residual::Bool(false),
                (a, b) => Residual::Open(Expr::Cmp {
                    op: *op,
                    a: Box::new(open(a)),
                    b: Box::new(open(b)),
                }),
            },
            Expr::BoolEq { ne, a, b } => {
                let a = self.reduce(a, put).truth();
                let b = self.reduce(b, put).truth();
                match (a, b) {
                    (Residual::Bool(a), Residual::Bool(b)) => Residual::Bool((a == b) != *ne),
                    // `x == true` is x, `x == false` is not x.
                    (Residual::Bool(c), Residual::Open(x))
                    | (Residual::Open(x), Residual::Bool(c)) => {
                        if c != *ne {
                            Residual::Open(x)
                        } else {
                            not(x)
                        }
                    }
                    (a, b) => Residual::Open(Expr::BoolEq {
                        ne: *ne,
                        a: Box::new(open(a)),
                        b: Box::new(open(b)),
                    }),
                }
            }
            Expr::And { args } => self.chain(args, put, false),
            Expr::Or { args } => self.chain(args, put, true),
            Expr::Not { a } => match self.reduce(a, put).truth() {
                Residual::Bool(v) => Residual::Bool(!v),
                Residual::Open(x) => not(x),
                Residual::Num(_) => Residual::Bool(true),
            },
            Expr::Is { .. }
            | Expr::IsNot { .. }
            | Expr::Has { .. }
            | Expr::Answered { .. }
            | Expr::Declined { .. }
            | Expr::Since { .. }
            | Expr::Count { .. }
            | Expr::Score { .. }
            | Expr::Value { .. } => Residual::Open(expr.clone()),
        }
    }

    /// `and` (`decides` false) or `or` (`decides` true): an argument equal to
    /// `decides` decides it; arguments equal to the other value drop out.
    fn chain(&mut self, args: &[Expr], put: &Put, decides: bool) -> Residual {
        let mut left = Vec::new();
        for arg in args {
            match self.reduce(arg, put).truth() {
                Residual::Bool(v) if v == decides => return Residual::Bool(decides),
                Residual::Bool(_) | Residual::Num(_) => {}
                Residual::Open(e) => left.push(e),
            }
        }
        match left.len() {
            0 => Residual::Bool(!decides),
            1 => Residual::Open(left.remove(0)),
            _ if decides => Residual::Open(Expr::Or { args: left }),
            _ => Residual::Open(Expr::And { args: left }),
        }
    }
}

/// `a op b` on residuals. Whole numbers added in a row are added up, so
/// `(3 + x) + 2` and `(2 + x) + 3` are the same residual `5 + x` (exact:
/// whole numbers this small add without rounding, in any order).
fn arith(op: ArithOp, a: Residual, b: Residual) -> Residual {
    match (a, b) {
        (Residual::Num(Some(a)), Residual::Num(Some(b))) => Residual::Num(op.apply(a, b)),
        (Residual::Num(None) | Residual::Bool(_), _)
        | (_, Residual::Num(None) | Residual::Bool(_)) => Residual::Num(None),
        (a, b) => {
            if op == ArithOp::Add
                && let Some((c, x)) = constant_and_rest(&a, &b)
                && let Expr::Arith {
                    op: ArithOp::Add,
                    a: inner_a,
                    b: inner_b,
                } = &x
                && let (Expr::Num { v: d }, rest) | (rest, Expr::Num { v: d }) =
                    (inner_a.as_ref(), inner_b.as_ref())
                && whole(c)
                && whole(*d)
            {
                return Residual::Open(Expr::Arith {
                    op: ArithOp::Add,
                    a: Box::new(Expr::Num { v: c + d }),
                    b: Box::new(rest.clone()),
                });
            }
            Residual::Open(Expr::Arith {
                op,
                a: Box::new(open(a)),
                b: Box::new(open(b)),
            })
        }
    }
}

/// `(c, x)` when one side is the number `c` and the other the expression `x`.
fn constant_and_rest(a: &Residual, b: &Residual) -> Option<(f64, Expr)> {
    match (a, b) {
        (Residual::Num(Some(c)), Residual::Open(x))
        | (Residual::Open(x), Residual::Num(Some(c))) => Some((*c, x.clone())),
        _ => None,
    }
}

fn whole(v: f64) -> bool {
    v.fract() == 0.0 && v.abs() < 1e12
}

fn not(x: Expr) -> Residual {
    match x {
        Expr::Not { a } => Residual::Open(*a),
        x => Residual::Open(Expr::Not { a: Box::new(x) }),
    }
}

/// A residual as an expression again (decided ones as literals).
fn open(r: Residual) -> Expr {
    match r {
        Residual::Bool(v) => Expr::Bool { v },
        Residual::Num(Some(v)) => Expr::Num { v },
        // Never reached: an unknown number decides its parent first.
        Residual::Num(None) => Expr::Bool { v: false },
        Residual::Open(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment};
    use super::*;

    #[test]
    fn answered_questions_fold_away() {
        let a = assessment(SMALL);
        let mut r = Reducer {
            assessment: &a,
            work: 0,
        };
        // crisis: total >= 4, total = score(mood) + 2.
        let when = &a.outcomes[0].when;
        let open = r.reduce(when, &Put::Nothing);
        assert!(matches!(open, Residual::Open(_)));
        let mut answers = vec![None; 4];
        answers[1] = Some(Answer::Choice(2));
        let Residual::Open(open) = open else {
            unreachable!()
        };
        assert_eq!(
            r.reduce(&open, &Put::One(1, &answers)),
            Residual::Bool(true)
        );
        answers[1] = Some(Answer::Choice(1));
        assert_eq!(
            r.reduce(&open, &Put::One(1, &answers)),
            Residual::Bool(false)
        );
        // Nothing answered yet: score(mood) is 0 right now.
        let none = vec![None; 4];
        assert_eq!(
            r.reduce(&open, &Put::NoneLeft(&none)),
            Residual::Bool(false)
        );
        assert!(r.work > 0);
    }

    #[test]
    fn whole_numbers_added_in_a_row_are_one_number() {
        let x = || Expr::Score { q: 1 };
        let three_then_two = arith(
            ArithOp::Add,
            arith(ArithOp::Add, Residual::Num(Some(3.0)), Residual::Open(x())),
            Residual::Num(Some(2.0)),
        );
        let two_then_three = arith(
            ArithOp::Add,
            arith(ArithOp::Add, Residual::Open(x()), Residual::Num(Some(2.0))),
            Residual::Num(Some(3.0)),
        );
        assert_eq!(three_then_two, two_then_three);
        assert_eq!(
            arith(ArithOp::Mul, Residual::Num(None), Residual::Open(x())),
            Residual::Num(None)
        );
    }
}
