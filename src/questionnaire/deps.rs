//! What each named score reads, and what an expression costs to work out.
//!
//! One walk serves lowering (a `show_if` may use a score only if the score
//! reads earlier questions), the bound on evaluation cost, and the analysis
//! (which questions an expression reads). Scores may use only the scores
//! listed above them, so each score's facts are known when the next one is
//! added, and nothing here recurses through scores.

use std::collections::BTreeSet;

use super::compile::Expr;

/// An expression may cost at most this many parts to work out, counting
/// every score it uses written out in full (`a + a` where `a` has 10 parts
/// costs 21). Both evaluators recompute a score each time it is used, so
/// without this bound a score that uses the one before it twice, forty
/// times over, would take longer than anyone can wait, in the build and in
/// the browser.
pub const MAX_COST: u64 = 100_000;

/// An expression may be at most this many levels deep with every score it
/// uses written out: each evaluator recurses once per level.
pub const MAX_EVAL_DEPTH: usize = 256;

/// The cost of working out an expression: its parts and its depth, with
/// every score it uses written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Parts, saturating.
    pub size: u64,
    /// Levels.
    pub depth: usize,
}

impl Cost {
    /// Whether this is within [`MAX_COST`] and [`MAX_EVAL_DEPTH`].
    pub fn within_limits(self) -> bool {
        self.size <= MAX_COST && self.depth <= MAX_EVAL_DEPTH
    }

    /// A sentence for a message: "it has 131072 parts (the limit is 100000)".
    pub fn excess(self) -> String {
        if self.size > MAX_COST {
            format!(
                "written out with the scores it uses, it has {} parts (the limit is {MAX_COST})",
                self.size
            )
        } else {
            format!(
                "written out with the scores it uses, it is {} levels deep (the limit is {MAX_EVAL_DEPTH})",
                self.depth
            )
        }
    }
}

/// The questions and cost of every named score added so far.
#[derive(Debug, Default, Clone)]
pub struct Dependencies {
    reads: Vec<BTreeSet<usize>>,
    costs: Vec<Cost>,
}

impl Dependencies {
    /// The facts of `scores`, in order.
    pub fn new<'a>(scores: impl IntoIterator<Item = &'a Expr>) -> Self {
        let mut deps = Dependencies::default();
        for expr in scores {
            deps.push(expr);
        }
        deps
    }

    /// Adds the next score, whose expression may use only the scores added
    /// before it.
    pub fn push(&mut self, expr: &Expr) {
        let reads = self.of(expr);
        let cost = self.cost(expr);
        self.reads.push(reads);
        self.costs.push(cost);
    }

    /// The questions that `expr` reads, directly or through scores.
    pub fn of(&self, expr: &Expr) -> BTreeSet<usize> {
        let mut set = BTreeSet::new();
        expr.visit(&mut |e| {
            if let Some(q) = e.question() {
                set.insert(q);
            }
            if let Expr::Ref { s } = e
                && let Some(reads) = self.reads.get(*s)
            {
                set.extend(reads.iter().copied());
            }
        });
        set
    }

    /// The questions that score `s` reads.
    pub fn of_score(&self, s: usize) -> &BTreeSet<usize> {
        &self.reads[s]
    }

    /// What `expr` costs to work out, with the scores it uses written out.
    pub fn cost(&self, expr: &Expr) -> Cost {
        let mut size = 0u64;
        let mut depth = 0;
        expr.visit_depth(0, &mut |e, level| {
            // A score used here costs what it costs to work it out.
            let (own_size, own_depth) = if let Expr::Ref { s } = e {
                self.costs
                    .get(*s)
                    .map_or((1, 1), |c| (c.size.saturating_add(1), c.depth + 1))
            } else {
                (1, 1)
            };
            size = size.saturating_add(own_size);
            depth = depth.max(level + own_depth);
        });
        Cost { size, depth }
    }

    /// The cost of score `s`.
    pub fn score_cost(&self, s: usize) -> Cost {
        self.costs[s]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(a: Expr, b: Expr) -> Expr {
        Expr::Arith {
            op: super::super::ops::ArithOp::Add,
            a: Box::new(a),
            b: Box::new(b),
        }
    }

    #[test]
    fn reads_and_costs_go_through_scores() {
        // s0 = score(q1) + 2; s1 = s0 + s0 + value(q3)
        let s0 = sum(Expr::Score { q: 1 }, Expr::Num { v: 2.0 });
        let s1 = sum(
            sum(Expr::Ref { s: 0 }, Expr::Ref { s: 0 }),
            Expr::Value { q: 3 },
        );
        let deps = Dependencies::new([&s0, &s1]);
        assert_eq!(deps.of_score(1).iter().copied().collect::<Vec<_>>(), [1, 3]);
        assert_eq!(deps.score_cost(0), Cost { size: 3, depth: 2 });
        // 2 sums + value + 2 x (ref + 3 parts)
        assert_eq!(deps.score_cost(1), Cost { size: 11, depth: 5 });
    }

    #[test]
    fn doubling_scores_are_refused_before_they_explode() {
        let mut deps = Dependencies::default();
        deps.push(&Expr::Score { q: 0 });
        let mut first_too_large = None;
        for s in 1..60 {
            let expr = sum(Expr::Ref { s: s - 1 }, Expr::Ref { s: s - 1 });
            if first_too_large.is_none() && !deps.cost(&expr).within_limits() {
                first_too_large = Some(s);
            }
            deps.push(&expr);
        }
        assert_eq!(first_too_large, Some(15));
        // Saturating, not wrapping: the 59th is still "too large".
        assert!(!deps.score_cost(59).within_limits());
        assert_eq!(
            deps.cost(&sum(Expr::Ref { s: 14 }, Expr::Ref { s: 14 }))
                .excess(),
            "written out with the scores it uses, it has 131069 parts (the limit is 100000)"
        );
    }
}
