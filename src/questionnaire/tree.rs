//! The compiled tree: what both evaluators (Rust's [`super::eval`] and the
//! browser's `static/js/assessment.js`) run, and what the analysis reads.
//! Its JSON (`{"k": "is", "q": 0, "opts": [1]}`) is the page's data block;
//! the names of its kinds and operators are the table in [`super::ops`].

use serde::Serialize;

use super::ops::{ArithOp, CmpOp, DateUnit};

/// A compiled expression. Questions, options and scores are indexes; the
/// JSON form (`{"k": "is", "q": 0, "opts": [1]}`) is what the browser runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Expr {
    /// A boolean literal.
    Bool {
        /// The value.
        v: bool,
    },
    /// A number literal.
    Num {
        /// The value.
        v: f64,
    },
    /// Question `q` is answered with one of `opts`.
    Is {
        /// The question.
        q: usize,
        /// Option indexes.
        opts: Vec<usize>,
    },
    /// Question `q` is answered with none of `opts`.
    IsNot {
        /// The question.
        q: usize,
        /// Option indexes.
        opts: Vec<usize>,
    },
    /// Multi question `q` is answered and includes option `opt`.
    Has {
        /// The multi question.
        q: usize,
        /// The option index.
        opt: usize,
    },
    /// Question `q` has an answer that counts.
    Answered {
        /// The question.
        q: usize,
    },
    /// Question `q` was answered "prefer not to say".
    Declined {
        /// The question.
        q: usize,
    },
    /// Whole days or calendar months from the date answered to date
    /// question `q` until today (unknown if none).
    Since {
        /// Days or months.
        unit: DateUnit,
        /// The date question.
        q: usize,
    },
    /// How many options of multi question `q` are chosen.
    Count {
        /// The multi question.
        q: usize,
    },
    /// The sum of the scores of the chosen options of `q` (0 if none).
    Score {
        /// The question.
        q: usize,
    },
    /// The number answered to number question `q` (unknown if none).
    Value {
        /// The number question.
        q: usize,
    },
    /// Named score `s`.
    Ref {
        /// The score's index.
        s: usize,
    },
    /// `-a`.
    Neg {
        /// The number.
        a: Box<Expr>,
    },
    /// `a op b` for `+ - * /`; unknown if either side is unknown.
    Arith {
        /// The operator.
        op: ArithOp,
        /// The left side.
        a: Box<Expr>,
        /// The right side.
        b: Box<Expr>,
    },
    /// Numeric comparison; false if either side is unknown.
    Cmp {
        /// The comparison.
        op: CmpOp,
        /// The left side.
        a: Box<Expr>,
        /// The right side.
        b: Box<Expr>,
    },
    /// `a == b` (or `!=` when `ne`) on booleans.
    BoolEq {
        /// `!=` rather than `==`.
        ne: bool,
        /// The left side.
        a: Box<Expr>,
        /// The right side.
        b: Box<Expr>,
    },
    /// All of `args`.
    And {
        /// The conditions.
        args: Vec<Expr>,
    },
    /// Any of `args`.
    Or {
        /// The conditions.
        args: Vec<Expr>,
    },
    /// Not `a`.
    Not {
        /// The condition.
        a: Box<Expr>,
    },
}

impl Expr {
    /// Calls `f` on this node and every node under it.
    pub fn visit(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Neg { a } | Expr::Not { a } => a.visit(f),
            Expr::Arith { a, b, .. } | Expr::Cmp { a, b, .. } | Expr::BoolEq { a, b, .. } => {
                a.visit(f);
                b.visit(f);
            }
            Expr::And { args } | Expr::Or { args } => args.iter().for_each(|e| e.visit(f)),
            Expr::Bool { .. }
            | Expr::Num { .. }
            | Expr::Is { .. }
            | Expr::IsNot { .. }
            | Expr::Has { .. }
            | Expr::Answered { .. }
            | Expr::Declined { .. }
            | Expr::Since { .. }
            | Expr::Count { .. }
            | Expr::Score { .. }
            | Expr::Value { .. }
            | Expr::Ref { .. } => {}
        }
    }

    /// Calls `f` on this node and every node under it, with each node's
    /// level (this node's is `level`).
    pub fn visit_depth(&self, level: usize, f: &mut impl FnMut(&Expr, usize)) {
        f(self, level);
        match self {
            Expr::Neg { a } | Expr::Not { a } => a.visit_depth(level + 1, f),
            Expr::Arith { a, b, .. } | Expr::Cmp { a, b, .. } | Expr::BoolEq { a, b, .. } => {
                a.visit_depth(level + 1, f);
                b.visit_depth(level + 1, f);
            }
            Expr::And { args } | Expr::Or { args } => {
                args.iter().for_each(|e| e.visit_depth(level + 1, f))
            }
            Expr::Bool { .. }
            | Expr::Num { .. }
            | Expr::Is { .. }
            | Expr::IsNot { .. }
            | Expr::Has { .. }
            | Expr::Answered { .. }
            | Expr::Declined { .. }
            | Expr::Since { .. }
            | Expr::Count { .. }
            | Expr::Score { .. }
            | Expr::Value { .. }
            | Expr::Ref { .. } => {}
        }
    }

    /// How many nodes this tree has.
    pub fn size(&self) -> usize {
        let mut n = 0;
        self.visit(&mut |_| n += 1);
        n
    }

    /// The question this node reads directly, if it is a leaf that reads one.
    pub fn question(&self) -> Option<usize> {
        match self {
            Expr::Is { q, .. }
            | Expr::IsNot { q, .. }
            | Expr::Has { q, .. }
            | Expr::Answered { q }
            | Expr::Declined { q }
            | Expr::Since { q, .. }
            | Expr::Count { q }
            | Expr::Score { q }
            | Expr::Value { q } => Some(*q),
            Expr::Bool { .. }
            | Expr::Num { .. }
            | Expr::Ref { .. }
            | Expr::Neg { .. }
            | Expr::Arith { .. }
            | Expr::Cmp { .. }
            | Expr::BoolEq { .. }
            | Expr::And { .. }
            | Expr::Or { .. }
            | Expr::Not { .. } => None,
        }
    }

    /// The node's `k` in the browser's JSON (one of [`super::ops::KINDS`]).
    pub fn kind(&self) -> &'static str {
        match self {
            Expr::Bool { .. } => "bool",
            Expr::Num { .. } => "num",
            Expr::Is { .. } => "is",
            Expr::IsNot { .. } => "is_not",
            Expr::Has { .. } => "has",
            Expr::Answered { .. } => "answered",
            Expr::Declined { .. } => "declined",
            Expr::Since { .. } => "since",
            Expr::Count { .. } => "count",
            Expr::Score { .. } => "score",
            Expr::Value { .. } => "value",
            Expr::Ref { .. } => "ref",
            Expr::Neg { .. } => "neg",
            Expr::Arith { .. } => "arith",
            Expr::Cmp { .. } => "cmp",
            Expr::BoolEq { .. } => "bool_eq",
            Expr::And { .. } => "and",
            Expr::Or { .. } => "or",
            Expr::Not { .. } => "not",
        }
    }

    /// Whether the node is a condition (true or false) rather than a number.
    pub fn is_condition(&self) -> bool {
        match self {
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
            | Expr::Not { .. } => true,
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
}

#[cfg(test)]
mod tests {
    use super::super::ops::{CONDITION_KINDS, KINDS};
    use super::*;

    /// One node of every kind.
    fn one_of_each() -> Vec<Expr> {
        let n = || Box::new(Expr::Num { v: 1.0 });
        let b = || Box::new(Expr::Bool { v: true });
        vec![
            Expr::Bool { v: true },
            Expr::Num { v: 1.0 },
            Expr::Is {
                q: 0,
                opts: vec![1],
            },
            Expr::IsNot {
                q: 0,
                opts: vec![1],
            },
            Expr::Has { q: 0, opt: 1 },
            Expr::Answered { q: 0 },
            Expr::Declined { q: 0 },
            Expr::Since {
                unit: DateUnit::Months,
                q: 0,
            },
            Expr::Count { q: 0 },
            Expr::Score { q: 0 },
            Expr::Value { q: 0 },
            Expr::Ref { s: 0 },
            Expr::Neg { a: n() },
            Expr::Arith {
                op: ArithOp::Add,
                a: n(),
                b: n(),
            },
            Expr::Cmp {
                op: CmpOp::Ge,
                a: n(),
                b: n(),
            },
            Expr::BoolEq {
                ne: false,
                a: b(),
                b: b(),
            },
            Expr::And {
                args: vec![Expr::Bool { v: true }],
            },
            Expr::Or {
                args: vec![Expr::Bool { v: true }],
            },
            Expr::Not { a: b() },
        ]
    }

    #[test]
    fn the_kinds_table_names_every_node_as_serialized() {
        let all = one_of_each();
        let kinds: Vec<&str> = all.iter().map(Expr::kind).collect();
        assert_eq!(kinds, KINDS, "one example per kind, in the table's order");
        for e in &all {
            assert_eq!(serde_json::to_value(e).unwrap()["k"], e.kind());
            assert_eq!(
                e.is_condition(),
                CONDITION_KINDS.contains(&e.kind()),
                "{e:?}"
            );
        }
    }

    #[test]
    fn walks_see_every_node_with_its_level() {
        let tree = Expr::Or {
            args: vec![
                Expr::Not {
                    a: Box::new(Expr::Is {
                        q: 2,
                        opts: vec![0],
                    }),
                },
                Expr::Cmp {
                    op: CmpOp::Lt,
                    a: Box::new(Expr::Value { q: 3 }),
                    b: Box::new(Expr::Num { v: 5.0 }),
                },
            ],
        };
        assert_eq!(tree.size(), 6);
        let mut levels = Vec::new();
        tree.visit_depth(0, &mut |e, level| levels.push((e.kind(), level)));
        assert_eq!(
            levels,
            [
                ("or", 0),
                ("not", 1),
                ("is", 2),
                ("cmp", 1),
                ("value", 2),
                ("num", 2)
            ]
        );
        let mut read = Vec::new();
        tree.visit(&mut |e| read.extend(e.question()));
        assert_eq!(read, [2, 3]);
        assert_eq!(
            serde_json::to_string(&tree).unwrap(),
            r#"{"k":"or","args":[{"k":"not","a":{"k":"is","q":2,"opts":[0]}},{"k":"cmp","op":"<","a":{"k":"value","q":3},"b":{"k":"num","v":5.0}}]}"#
        );
    }
}
