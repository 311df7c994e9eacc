//! The operators and functions of the compiled tree, and the one table of
//! the names the browser reads.
//!
//! The evaluators match these enums exhaustively (Rust here, and
//! `static/js/assessment.js` through the names in [`wire_table`]), so a new
//! operator cannot silently evaluate to false: Rust does not compile until
//! every `match` handles it, and `tests/js/differential.test.mjs` fails
//! until the browser's runtime gives the same answers for it.

use serde::Serialize;
use serde_json::{Value, json};

/// A comparison of two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CmpOp {
    /// `==`
    #[serde(rename = "==")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// Every comparison.
    pub const ALL: [CmpOp; 6] = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ];

    /// The operator as written, and as the browser reads it.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether `a op b` holds.
    #[allow(clippy::float_cmp)] // Exact, as in the browser: answers and scores are exact.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

/// Arithmetic on two numbers: the operators `+ - * /`, and the functions
/// `min(a, b)`, `max(a, b)` and `round(x, n)` (`abs(x)` is compiled as
/// `max(x, -x)`, so it needs no node of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ArithOp {
    /// `+`
    #[serde(rename = "+")]
    Add,
    /// `-`
    #[serde(rename = "-")]
    Sub,
    /// `*`
    #[serde(rename = "*")]
    Mul,
    /// `/`
    #[serde(rename = "/")]
    Div,
    /// `min(a, b)`: the smaller.
    #[serde(rename = "min")]
    Min,
    /// `max(a, b)`: the larger.
    #[serde(rename = "max")]
    Max,
    /// `round(x, n)`: `x` to `n` decimals (0 to 6, checked at compile),
    /// halves rounded up, as JavaScript's `Math.round` does.
    #[serde(rename = "round")]
    Round,
}

/// The largest `n` of `round(x, n)`.
pub const MAX_DECIMALS: f64 = 6.0;

/// `x` to `n` decimals, halves up. Written with the same IEEE operations the
/// browser uses (`floor`, a multiplication and a division by `10^n`), so the
/// two give the same bits.
pub fn round_to(x: f64, n: f64) -> f64 {
    let scale = 10f64.powi(n as i32);
    let y = x * scale;
    let down = y.floor();
    let rounded = if y - down >= 0.5 { down + 1.0 } else { down };
    rounded / scale
}

impl ArithOp {
    /// Every arithmetic operator.
    pub const ALL: [ArithOp; 7] = [
        ArithOp::Add,
        ArithOp::Sub,
        ArithOp::Mul,
        ArithOp::Div,
        ArithOp::Min,
        ArithOp::Max,
        ArithOp::Round,
    ];

    /// The operator as written, and as the browser reads it.
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Min => "min",
            ArithOp::Max => "max",
            ArithOp::Round => "round",
        }
    }

    /// `a op b`; `None` (unknown) for a division by zero.
    pub fn apply(self, a: f64, b: f64) -> Option<f64> {
        match self {
            ArithOp::Add => Some(a + b),
            ArithOp::Sub => Some(a - b),
            ArithOp::Mul => Some(a * b),
            ArithOp::Div if b == 0.0 => None,
            ArithOp::Div => Some(a / b),
            ArithOp::Min => Some(a.min(b)),
            ArithOp::Max => Some(a.max(b)),
            ArithOp::Round => Some(round_to(a, b)),
        }
    }
}

/// The functions of numbers an expression may call: `round(x, n)`,
/// `min(a, b)`, `max(a, b)`, `abs(x)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathFn {
    /// `round(x, n)`
    Round,
    /// `min(a, b)`
    Min,
    /// `max(a, b)`
    Max,
    /// `abs(x)`
    Abs,
}

impl MathFn {
    /// Every function of numbers.
    pub const ALL: [MathFn; 4] = [MathFn::Round, MathFn::Min, MathFn::Max, MathFn::Abs];

    /// The function's name as written.
    pub fn name(self) -> &'static str {
        match self {
            MathFn::Round => "round",
            MathFn::Min => "min",
            MathFn::Max => "max",
            MathFn::Abs => "abs",
        }
    }

    /// How many arguments it takes.
    pub fn arity(self) -> usize {
        match self {
            MathFn::Round | MathFn::Min | MathFn::Max => 2,
            MathFn::Abs => 1,
        }
    }

    /// How it is written, for messages.
    pub fn usage(self) -> &'static str {
        match self {
            MathFn::Round => "round(x, n), with n a whole number of decimals from 0 to 6",
            MathFn::Min => "min(a, b)",
            MathFn::Max => "max(a, b)",
            MathFn::Abs => "abs(x)",
        }
    }

    /// The function called `name`, if there is one.
    pub fn named(name: &str) -> Option<MathFn> {
        MathFn::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The functions an expression may call on a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `score(q)`: the scores of the chosen options, 0 if unanswered.
    Score,
    /// `answered(q)`: whether the question has an answer that counts.
    Answered,
    /// `count(q)`: how many options of a multi question are chosen.
    Count,
    /// `declined(q)`: whether the answer is "prefer not to say".
    Declined,
    /// `days_since(q)`: whole days from a date answer until today.
    DaysSince,
    /// `months_since(q)`: whole calendar months from a date answer until today.
    MonthsSince,
}

impl Function {
    /// Every function.
    pub const ALL: [Function; 6] = [
        Function::Score,
        Function::Answered,
        Function::Count,
        Function::Declined,
        Function::DaysSince,
        Function::MonthsSince,
    ];

    /// The function's name as written.
    pub fn name(self) -> &'static str {
        match self {
            Function::Score => "score",
            Function::Answered => "answered",
            Function::Count => "count",
            Function::Declined => "declined",
            Function::DaysSince => "days_since",
            Function::MonthsSince => "months_since",
        }
    }

    /// The function called `name`, if there is one.
    pub fn named(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What `days_since(q)` and `months_since(q)` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateUnit {
    /// Whole days.
    Days,
    /// Whole calendar months (see [`super::dates::months_between`]).
    Months,
}

impl DateUnit {
    /// Every unit.
    pub const ALL: [DateUnit; 2] = [DateUnit::Days, DateUnit::Months];

    /// The unit as the browser reads it.
    pub fn name(self) -> &'static str {
        match self {
            DateUnit::Days => "days",
            DateUnit::Months => "months",
        }
    }
}

/// The `k` of every node of the compiled tree, as the browser reads it: the
/// same names as [`super::compile::Expr::kind`].
pub const KINDS: [&str; 19] = [
    "bool", "num", "is", "is_not", "has", "answered", "declined", "since", "count", "score",
    "value", "ref", "neg", "arith", "cmp", "bool_eq", "and", "or", "not",
];

/// The kinds that are conditions (the browser's `truth`); the others are
/// numbers (its `num`).
pub const CONDITION_KINDS: [&str; 11] = [
    "bool", "is", "is_not", "has", "answered", "declined", "cmp", "bool_eq", "and", "or", "not",
];

/// The one table the browser's runtime is tested against: every node kind,
/// comparison and arithmetic operator that Rust emits.
pub fn wire_table() -> Value {
    json!({
        "kinds": KINDS,
        "condition_kinds": CONDITION_KINDS,
        "cmp": CmpOp::ALL.map(CmpOp::symbol),
        "arith": ArithOp::ALL.map(ArithOp::symbol),
        "since": DateUnit::ALL.map(DateUnit::name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_names_are_the_symbols() {
        for op in CmpOp::ALL {
            assert_eq!(serde_json::to_value(op).unwrap(), json!(op.symbol()));
        }
        for op in ArithOp::ALL {
            assert_eq!(serde_json::to_value(op).unwrap(), json!(op.symbol()));
        }
        assert_eq!(
            wire_table()["cmp"],
            json!(["==", "!=", "<", "<=", ">", ">="])
        );
        assert_eq!(
            wire_table()["arith"],
            json!(["+", "-", "*", "/", "min", "max", "round"])
        );
    }

    #[test]
    fn operators_mean_what_they_say() {
        let results: Vec<[bool; 3]> = CmpOp::ALL
            .iter()
            .map(|op| [op.holds(1.0, 2.0), op.holds(2.0, 2.0), op.holds(3.0, 2.0)])
            .collect();
        assert_eq!(
            results,
            [
                [false, true, false],
                [true, false, true],
                [true, false, false],
                [true, true, false],
                [false, false, true],
                [false, true, true],
            ]
        );
        assert_eq!(ArithOp::Add.apply(6.0, 3.0), Some(9.0));
        assert_eq!(ArithOp::Sub.apply(6.0, 3.0), Some(3.0));
        assert_eq!(ArithOp::Mul.apply(6.0, 3.0), Some(18.0));
        assert_eq!(ArithOp::Div.apply(6.0, 3.0), Some(2.0));
        assert_eq!(ArithOp::Div.apply(6.0, 0.0), None);
        assert_eq!(ArithOp::Min.apply(6.0, 3.0), Some(3.0));
        assert_eq!(ArithOp::Max.apply(6.0, 3.0), Some(6.0));
        assert_eq!(ArithOp::Round.apply(24.958579881656803, 1.0), Some(25.0));
        assert_eq!(ArithOp::Round.apply(24.938, 1.0), Some(24.9));
        assert_eq!(ArithOp::Round.apply(2.5, 0.0), Some(3.0));
        assert_eq!(
            ArithOp::Round.apply(-2.5, 0.0),
            Some(-2.0),
            "halves up, as in JavaScript"
        );
        assert_eq!(ArithOp::Round.apply(36.24, 1.0), Some(36.2));
    }

    #[test]
    fn functions_by_name() {
        for f in Function::ALL {
            assert_eq!(Function::named(f.name()), Some(f));
        }
        assert_eq!(Function::named("scores"), None);
        for f in MathFn::ALL {
            assert_eq!(MathFn::named(f.name()), Some(f));
        }
    }

    #[test]
    fn condition_kinds_are_kinds() {
        for k in CONDITION_KINDS {
            assert!(KINDS.contains(&k), "{k}");
        }
    }
}
