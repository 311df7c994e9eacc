//! Interval arithmetic with the evaluator's rules, for the analysis of
//! number questions too wide to try at every step (see [`super::wide`]).
//!
//! A [`Range`] holds every value an expression can take while its answers
//! stay inside a box: the numbers between two bounds, and whether it may
//! also be *unknown* (an unanswered question, a division by zero) or NaN.
//! Bounds are worked out with the same IEEE operations the page uses and
//! then widened by one step outward (`next_down`/`next_up`): rounding to
//! nearest is monotone, so the page's result lies between the rounded
//! bounds, and the widening keeps that true whatever order the operations
//! are done in. A [`Truth`] says whether a comparison can be true, false or
//! both on the box; only a box on which every comparison is one of the two
//! is ever called decided.
//!
//! Hand-written rather than taken from a crate (`inari`): the analysis
//! needs the evaluator's own three-valued rules (unknown compares false,
//! both `==` and `!=`; `x / 0` is unknown, not infinite; `round(x, n)` is
//! the page's halves-up rounding), which a standard interval type does not
//! have; what remains is a handful of monotone bounds, tested below.

use super::ops::{ArithOp, CmpOp, round_to};

/// The values an expression may take on a box of answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Range {
    /// Every number it may be lies in `lo..=hi`; `None`: never a number.
    pub real: Option<(f64, f64)>,
    /// It may be unknown (an unanswered question, a division by zero).
    pub unknown: bool,
    /// It may be NaN (infinity minus infinity), which no comparison but
    /// `!=` holds for.
    pub nan: bool,
}

/// Whether a condition can be true, false, or both on a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Truth {
    /// True for some answers in the box.
    pub can_true: bool,
    /// False for some answers in the box.
    pub can_false: bool,
}

impl Truth {
    /// Exactly `v` everywhere.
    pub fn of(v: bool) -> Truth {
        Truth {
            can_true: v,
            can_false: !v,
        }
    }

    /// The same everywhere on the box.
    pub fn decided(self) -> bool {
        self.can_true != self.can_false
    }
}

fn down(x: f64) -> f64 {
    x.next_down()
}

fn up(x: f64) -> f64 {
    x.next_up()
}

impl Range {
    /// Exactly `v`.
    pub fn point(v: f64) -> Range {
        Range {
            real: Some((v, v)),
            unknown: false,
            nan: v.is_nan(),
        }
    }

    /// Unknown, never a number.
    pub const UNKNOWN: Range = Range {
        real: None,
        unknown: true,
        nan: false,
    };

    /// Anything, with `unknown` and NaN possible as given.
    fn any(unknown: bool) -> Range {
        Range {
            real: Some((f64::NEG_INFINITY, f64::INFINITY)),
            unknown,
            nan: true,
        }
    }

    /// `-a`.
    pub fn neg(self) -> Range {
        Range {
            real: self.real.map(|(lo, hi)| (-hi, -lo)),
            ..self
        }
    }

    /// `a op b`, as [`ArithOp::apply`] on every pair of values in the two.
    pub fn arith(op: ArithOp, a: Range, b: Range) -> Range {
        // A division by a range that holds zero may be unknown.
        let by_zero = op == ArithOp::Div && b.real.is_some_and(|(lo, hi)| lo <= 0.0 && hi >= 0.0);
        let unknown = a.unknown || b.unknown || by_zero;
        let nan = a.nan || b.nan;
        let (Some((al, ah)), Some((bl, bh))) = (a.real, b.real) else {
            return Range {
                real: None,
                unknown,
                nan,
            };
        };
        let corners = |f: fn(f64, f64) -> f64| [f(al, bl), f(al, bh), f(ah, bl), f(ah, bh)];
        let hull = |c: [f64; 4]| -> Range {
            if c.iter().any(|v| v.is_nan()) {
                return Range::any(unknown);
            }
            let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Range {
                real: Some((down(lo), up(hi))),
                unknown,
                nan,
            }
        };
        match op {
            ArithOp::Add => hull(corners(|x, y| x + y)),
            ArithOp::Sub => hull(corners(|x, y| x - y)),
            ArithOp::Mul => hull(corners(|x, y| x * y)),
            ArithOp::Div if bl == 0.0 && bh == 0.0 => Range {
                real: None,
                unknown,
                nan,
            },
            // Near zero the quotient can be as large as it likes.
            ArithOp::Div if by_zero => Range::any(unknown),
            ArithOp::Div => hull(corners(|x, y| x / y)),
            // Exact: the smaller (larger) of two numbers is one of them.
            ArithOp::Min => Range {
                real: Some((al.min(bl), ah.min(bh))),
                unknown,
                nan,
            },
            ArithOp::Max => Range {
                real: Some((al.max(bl), ah.max(bh))),
                unknown,
                nan,
            },
            // Rounding to a fixed number of decimals never reorders values.
            ArithOp::Round if bl == bh => {
                let (lo, hi) = (round_to(al, bl), round_to(ah, bl));
                if lo.is_nan() || hi.is_nan() {
                    Range::any(unknown)
                } else {
                    Range {
                        real: Some((lo, hi)),
                        unknown,
                        nan,
                    }
                }
            }
            ArithOp::Round => Range::any(unknown),
        }
    }

    /// Whether `a op b` can hold, and can fail, for values in the two: as
    /// [`CmpOp::holds`], and false whenever either side is unknown.
    pub fn compare(op: CmpOp, a: Range, b: Range) -> Truth {
        let mut t = Truth {
            can_true: false,
            can_false: a.unknown || b.unknown,
        };
        if a.nan || b.nan {
            t.can_false = true;
            t.can_true |= op == CmpOp::Ne;
        }
        if let (Some((al, ah)), Some((bl, bh))) = (a.real, b.real) {
            let overlap = al <= bh && bl <= ah;
            #[allow(clippy::float_cmp)] // One single value on both sides.
            let same = al == ah && bl == bh && al == bl;
            let (can_true, can_false) = match op {
                CmpOp::Lt => (al < bh, ah >= bl),
                CmpOp::Le => (al <= bh, ah > bl),
                CmpOp::Gt => (ah > bl, al <= bh),
                CmpOp::Ge => (ah >= bl, al < bh),
                CmpOp::Eq => (overlap, !same),
                CmpOp::Ne => (!same, overlap),
            };
            t.can_true |= can_true;
            t.can_false |= can_false;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn between(lo: f64, hi: f64) -> Range {
        Range {
            real: Some((lo, hi)),
            unknown: false,
            nan: false,
        }
    }

    #[test]
    fn bounds_hold_every_value_the_page_computes() {
        // weight * 703 / (height * height) for weight 130..=135, height 61.
        let h = Range::point(61.0);
        let bmi = Range::arith(
            ArithOp::Div,
            Range::arith(ArithOp::Mul, between(130.0, 135.0), Range::point(703.0)),
            Range::arith(ArithOp::Mul, h, h),
        );
        let (lo, hi) = bmi.real.unwrap();
        for w in [130.0, 132.0, 133.5, 135.0] {
            let v = w * 703.0 / (61.0 * 61.0);
            assert!(lo <= v && v <= hi, "{v} in {lo}..{hi}");
        }
        // 24.56 to 25.50: `bmi <= 24.9` is undecided there, `bmi < 30` true.
        let t = Range::compare(CmpOp::Le, bmi, Range::point(24.9));
        assert!(!t.decided());
        assert_eq!(
            Range::compare(CmpOp::Lt, bmi, Range::point(30.0)),
            Truth::of(true)
        );
        assert!(!bmi.unknown);
    }

    #[test]
    fn a_division_by_a_range_that_holds_zero_is_never_decided() {
        let q = Range::arith(ArithOp::Div, Range::point(10.0), between(-1.0, 1.0));
        assert!(q.unknown);
        for c in CmpOp::ALL {
            assert!(!Range::compare(c, q, Range::point(2.0)).decided(), "{c:?}");
        }
        // By zero exactly: unknown, so every comparison is false.
        let zero = Range::arith(ArithOp::Div, Range::point(10.0), Range::point(0.0));
        assert_eq!(zero, Range::UNKNOWN);
        assert_eq!(
            Range::compare(CmpOp::Ne, zero, Range::point(2.0)),
            Truth::of(false)
        );
    }

    #[test]
    fn nan_is_never_decided_true_or_false_by_accident() {
        let inf = between(f64::INFINITY, f64::INFINITY);
        let nan = Range::arith(ArithOp::Sub, inf, inf);
        assert!(nan.nan);
        assert!(!Range::compare(CmpOp::Ne, nan, Range::point(1.0)).decided());
        assert!(!Range::compare(CmpOp::Lt, nan, Range::point(1.0)).decided());
    }

    #[test]
    fn min_max_and_round_keep_their_order() {
        let x = between(24.94, 24.96);
        let r = Range::arith(ArithOp::Round, x, Range::point(1.0));
        assert_eq!(r.real, Some((24.9, 25.0)));
        let m = Range::arith(ArithOp::Max, x, Range::point(24.95));
        assert_eq!(m.real, Some((24.95, 24.96)));
        assert_eq!(
            Range::arith(ArithOp::Max, x.neg(), x).real,
            Some((24.94, 24.96))
        );
    }
}
