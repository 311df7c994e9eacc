//! Answer classes: for each question, one answer per class of answers that
//! every expression treats alike, so that the walk in [`super::analysis`]
//! tries a handful of answers per question instead of all of them.
//!
//! Conditions see a question only through the largest parts of expressions
//! that read that question alone (`age == 'adult'`, `'bp' in screen or
//! 'heart' in screen`, `score(q)`): two answers that give every such part
//! the same value behave the same everywhere. Numbers are tried at the
//! boundaries the expressions name (c-1, c, c+1) and at `min`/`max`.

use std::collections::{BTreeSet, HashSet};

use super::Assessment;
use super::compile::Expr;
use super::deps::Dependencies;
use super::eval::Answer;
use super::model::QuestionType;

/// Multi questions with more options than this are not enumerated.
const MAX_MULTI_OPTIONS: usize = 16;

/// Candidate answers times the size of the parts that tell them apart:
/// past this, answers are told apart by the leaves that read the question.
const MAX_CLASS_WORK: usize = 4_000_000_000;

/// One answer per class of answers that every expression treats alike.
pub(super) fn answer_classes(
    assessment: &Assessment,
    atoms: &[Expr],
    q: usize,
) -> Vec<Option<Answer>> {
    let question = &assessment.questions[q];
    let candidates: Vec<Answer> = match question.kind {
        QuestionType::Choice | QuestionType::YesNo => {
            (0..question.options.len()).map(Answer::Choice).collect()
        }
        QuestionType::Multi => {
            let k = question.options.len().min(MAX_MULTI_OPTIONS);
            (1u32..(1 << k)).map(Answer::Multi).collect()
        }
        QuestionType::Number => number_candidates(question, atoms),
        // Never read: only "no answer" (it is always optional).
        QuestionType::Text => Vec::new(),
    };
    // Telling candidates apart costs candidates x atom size; past a budget,
    // compare the leaves that read the question instead (at most a few per
    // option). That may split answers into more classes than needed, never
    // fewer, so the analysis stays exact.
    let size: usize = atoms.iter().map(Expr::size).sum();
    let leaves;
    let atoms = if candidates.len().saturating_mul(size) > MAX_CLASS_WORK {
        leaves = leaves_of(atoms);
        &leaves[..]
    } else {
        atoms
    };
    let mut seen: HashSet<Vec<u64>> = HashSet::new();
    let mut values = Vec::new();
    let mut scratch = vec![None; assessment.questions.len()];
    for answer in candidates {
        scratch[q] = Some(answer);
        let signature: Vec<u64> = atoms
            .iter()
            .map(|atom| {
                if is_boolean(atom) {
                    u64::from(assessment.truth(atom, &scratch, &[]))
                } else {
                    assessment
                        .number(atom, &scratch, &[])
                        .map_or(u64::MAX, f64::to_bits)
                }
            })
            .collect();
        if seen.insert(signature) {
            values.push(Some(answer));
        }
    }
    if question.optional || values.is_empty() {
        values.push(None);
    }
    values
}

/// For every question, the largest parts of every expression that read that
/// question alone, each once. One walk over all expressions: a part's set
/// of questions is worked out once, bottom up.
pub(super) fn all_atoms(assessment: &Assessment, deps: &Dependencies) -> Vec<Vec<Expr>> {
    let n = assessment.questions.len();
    let mut atoms: Vec<Vec<Expr>> = vec![Vec::new(); n];
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); n];
    let roots = assessment
        .questions
        .iter()
        .filter_map(|x| x.show_if.as_ref())
        .chain(assessment.outcomes.iter().map(|o| &o.when))
        .chain(assessment.scores.iter().map(|s| &s.expr));
    let mut found: Vec<(usize, &Expr)> = Vec::new();
    for root in roots {
        let set = collect_atoms(root, deps, &mut found);
        if let (1, Some(&q)) = (set.len(), set.first()) {
            found.clear();
            found.push((q, root));
        }
        for (q, atom) in found.drain(..) {
            // Compared by their JSON: `Expr` holds floats, so it has no `Hash`.
            let key = serde_json::to_string(atom).unwrap_or_default();
            if seen[q].insert(key) {
                atoms[q].push(atom.clone());
            }
        }
    }
    atoms
}

/// Pushes onto `found` the largest parts under `expr` that read one
/// question alone, and returns the questions `expr` reads. When `expr`
/// itself reads one question, its caller takes it whole instead.
fn collect_atoms<'e>(
    expr: &'e Expr,
    deps: &Dependencies,
    found: &mut Vec<(usize, &'e Expr)>,
) -> BTreeSet<usize> {
    let children: Vec<&Expr> = match expr {
        Expr::Neg { a } | Expr::Not { a } => vec![a],
        Expr::Arith { a, b, .. } | Expr::Cmp { a, b, .. } | Expr::BoolEq { a, b, .. } => {
            vec![a, b]
        }
        Expr::And { args } | Expr::Or { args } => args.iter().collect(),
        // A leaf. A score that reads several questions is a root of its
        // own in `all_atoms`, so its definition is searched there.
        Expr::Bool { .. }
        | Expr::Num { .. }
        | Expr::Is { .. }
        | Expr::IsNot { .. }
        | Expr::Has { .. }
        | Expr::Answered { .. }
        | Expr::Count { .. }
        | Expr::Score { .. }
        | Expr::Value { .. }
        | Expr::Ref { .. } => return deps.of(expr),
    };
    let mut all = BTreeSet::new();
    for child in children {
        let mark = found.len();
        let set = collect_atoms(child, deps, found);
        if let (1, Some(&q)) = (set.len(), set.first()) {
            found.truncate(mark);
            found.push((q, child));
        }
        all.extend(set);
    }
    all
}

/// The leaves of `atoms` (the parts that read a question directly), each once.
fn leaves_of(atoms: &[Expr]) -> Vec<Expr> {
    let mut leaves = Vec::new();
    let mut seen = HashSet::new();
    for atom in atoms {
        atom.visit(&mut |e| {
            if (e.question().is_some() || matches!(e, Expr::Ref { .. }))
                && seen.insert(serde_json::to_string(e).unwrap_or_default())
            {
                leaves.push(e.clone());
            }
        });
    }
    leaves
}

fn is_boolean(expr: &Expr) -> bool {
    expr.is_condition()
}

fn number_candidates(question: &super::Question, atoms: &[Expr]) -> Vec<Answer> {
    let min = question.min.unwrap_or(i64::MIN / 4) as f64;
    let max = question.max.unwrap_or(i64::MAX / 4) as f64;
    let mut values: Vec<f64> = vec![min.max(0.0).min(max)];
    if question.min.is_some() {
        values.push(min);
    }
    if question.max.is_some() {
        values.push(max);
    }
    for atom in atoms {
        atom.visit(&mut |e| {
            if let Expr::Num { v } = e {
                for c in [v.floor() - 1.0, v.floor(), v.ceil(), v.ceil() + 1.0] {
                    values.push(c);
                }
            }
        });
    }
    values.retain(|v| *v >= min && *v <= max);
    values.sort_by(f64::total_cmp);
    values.dedup();
    values.into_iter().map(Answer::Number).collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment};
    use super::*;

    #[test]
    fn answer_classes_are_what_conditions_tell_apart() {
        let a = assessment(SMALL);
        let deps = Dependencies::new(a.scores.iter().map(|s| &s.expr));
        let atoms = all_atoms(&a, &deps);
        // age is read by mood's show_if; screen by nothing.
        assert_eq!(answer_classes(&a, &atoms[0], 0).len(), 2);
        assert_eq!(answer_classes(&a, &atoms[2], 2).len(), 1);
        // years: no condition reads it; optional, so "no answer" is a class.
        assert_eq!(answer_classes(&a, &atoms[3], 3).len(), 2);
    }
}
