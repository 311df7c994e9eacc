//! The answers the analysis tries for a date question (see `classes`).
//!
//! Conditions read a date only through `days_since(q)` and
//! `months_since(q)`, whole numbers that fall as the date moves later. When
//! they are only compared with numbers, the dates at which each function
//! takes each value named (and the days either side) are every class: the
//! answers between two of them give every comparison the same result. That
//! holds on every day, not only the reference day the analysis counts to
//! ([`super::dates::REFERENCE_TODAY`]), when one unit is read and the
//! bounds are `today` or absent: then the values each function can take are
//! the same on every day. Otherwise (both units, a fixed bound, arithmetic
//! on the count) the dates are sampled and the build says so.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::Assessment;
use super::classes::compares_with_numbers;
use super::compile::Expr;
use super::dates::{Bound, shifted};
use super::eval::Answer;
use super::ops::DateUnit;

/// Years before the reference day tried when a question has no `not_before`.
const YEARS_BACK: i64 = 120;

/// Years after it tried when a question has no `not_after`.
const YEARS_AHEAD: i64 = 20;

/// Sampled dates, at most, for a question that is not decided exactly.
const SAMPLES: i64 = 2_000;

/// The dates to try for date question `q`, and whether they stand for
/// every date it accepts on every day.
pub(super) fn date_candidates(
    assessment: &Assessment,
    atoms: &[Expr],
    q: usize,
) -> (Vec<Answer>, bool) {
    let question = &assessment.questions[q];
    let today = assessment.today;
    let low = question
        .not_before
        .map(|b| b.on(today))
        .or_else(|| shifted(today, DateUnit::Months, -12 * YEARS_BACK))
        .unwrap_or(today);
    let high = question
        .not_after
        .map(|b| b.on(today))
        .or_else(|| shifted(today, DateUnit::Months, 12 * YEARS_AHEAD))
        .unwrap_or(today);
    let mut units = BTreeSet::new();
    let mut constants = Vec::new();
    for atom in atoms {
        atom.visit(&mut |e| match e {
            Expr::Since { unit, q: p } if *p == q => {
                units.insert(unit.name());
            }
            Expr::Num { v } => constants.push(*v),
            _ => {}
        });
    }
    let mut dates: Vec<Date> = vec![low, high, today];
    let near = |d: Date, dates: &mut Vec<Date>| {
        for n in [-1, 0, 1] {
            dates.extend(shifted(d, DateUnit::Days, n));
        }
    };
    near(today, &mut dates);
    for unit in DateUnit::ALL {
        if !units.contains(unit.name()) {
            continue;
        }
        for &v in &constants {
            for c in [v.floor() - 1.0, v.floor(), v.ceil(), v.ceil() + 1.0] {
                if c.abs() < 1e6
                    && let Some(d) = shifted(today, unit, -(c as i64))
                {
                    near(d, &mut dates);
                }
            }
        }
    }
    let fixed = |b: Option<Bound>| matches!(b, Some(Bound::Fixed(_)));
    let exact = units.len() <= 1
        && !fixed(question.not_before)
        && !fixed(question.not_after)
        && atoms.iter().all(|a| compares_with_numbers(a, q));
    if !exact {
        let span = super::dates::days_between(low, high).max(1);
        let step = (span / SAMPLES).max(1);
        let mut k = 0;
        while k <= span {
            dates.extend(shifted(low, DateUnit::Days, k));
            k += step;
        }
    }
    dates.retain(|d| *d >= low && *d <= high);
    dates.sort_unstable();
    dates.dedup();
    (dates.into_iter().map(Answer::Date).collect(), exact)
}
