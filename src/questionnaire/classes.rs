//! Answer classes: for each question, one answer per class of answers that
//! every expression treats alike, so that the walk in [`super::analysis`]
//! tries a handful of answers per question instead of all of them.
//!
//! Conditions see a question only through the largest parts of expressions
//! that read that question alone (`age == 'adult'`, `'bp' in screen or
//! 'heart' in screen`, `score(q)`): two answers that give every such part
//! the same value behave the same everywhere.
//!
//! Candidates, before they are told apart:
//! - a choice or yes/no: each option;
//! - a checklist: options that conditions cannot tell apart (same score,
//!   read in the same places, each as one of the arguments of the same
//!   `and`/`or`) are interchangeable, so only *how many* of them are chosen
//!   matters: 20 medications read by one `or` are 21 candidates, not a
//!   million; an "exclusive" option ("None of these") stands alone, as on
//!   the page;
//! - a whole number with `min` and `max`: every value, when there are at
//!   most [`MAX_GRID`] (BMI from 61..=84 in and 80..=400 lb is exact);
//!   otherwise, when conditions only compare it with numbers, the values
//!   next to each number they name and `min`/`max` (exact too); otherwise
//!   the question is *wide*: the walk works out its classes per state by
//!   interval reasoning (`super::wide`), and the evenly spread samples made
//!   here are used only where that reasoning is left undecided.

use std::collections::{BTreeSet, HashSet};

use super::Assessment;
use super::compile::Expr;
use super::deps::Dependencies;
use super::eval::{Answer, Bits};
use super::model::QuestionType;

/// A whole-number question with at most this many values is tried at
/// every one of them.
pub const MAX_GRID: i64 = 20_000;

/// Samples tried for a number question that is neither small enough to try
/// every value nor read only by comparisons with numbers.
const SAMPLES: i64 = 2_000;

/// Checklist candidates (combinations of interchangeable options) tried at
/// most; past this the checklist's answers are sampled.
const MAX_MULTI_CANDIDATES: usize = 1 << 16;

/// One answer per class, and whether together they stand for every answer
/// (false when a number's values were only sampled).
pub(super) struct Classes {
    /// One answer per class (`None`: no answer, for an optional question).
    pub values: Vec<Option<Answer>>,
    /// Whether every possible answer is in one of the classes.
    pub exact: bool,
    /// Answers tried to find the classes (for a sampled question: how many
    /// of its answers were tried).
    pub tried: usize,
    /// A number too wide to try at every step and read in arithmetic: the
    /// walk works out its classes per state (`super::wide`); `values` are
    /// samples for what that leaves undecided.
    pub wide: bool,
}

/// Candidate answers times the size of the parts that tell them apart:
/// past this, answers are told apart by the leaves that read the question.
const MAX_CLASS_WORK: usize = 4_000_000_000;

/// One answer per class of answers that every expression treats alike.
pub(super) fn answer_classes(assessment: &Assessment, atoms: &[Expr], q: usize) -> Classes {
    let question = &assessment.questions[q];
    let (candidates, exact): (Vec<Answer>, bool) = match question.kind {
        QuestionType::Choice | QuestionType::YesNo => (
            (0..question.options.len()).map(Answer::Choice).collect(),
            true,
        ),
        QuestionType::Multi => multi_candidates(question, atoms, q),
        QuestionType::Number => number_candidates(question, atoms, q),
        QuestionType::Date => super::date_classes::date_candidates(assessment, atoms, q),
        // Never read: only "no answer" (it is always optional).
        QuestionType::Text => (Vec::new(), true),
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
    let tried = candidates.len();
    for answer in candidates {
        scratch[q] = Some(answer);
        if seen.insert(signature(assessment, atoms, &scratch)) {
            values.push(Some(answer));
        }
    }
    if question.prefer_not {
        // "Prefer not to say" is a class of its own unless every
        // expression treats it as it treats some answer already kept.
        scratch[q] = Some(Answer::Declined);
        let signature = signature(assessment, atoms, &scratch);
        if seen.insert(signature) {
            values.push(Some(Answer::Declined));
        }
    }
    if question.optional || values.is_empty() {
        values.push(None);
    }
    let wide = question.kind == QuestionType::Number && !exact;
    Classes {
        values,
        exact,
        tried,
        wide,
    }
}

/// What every atom makes of `answers`: equal for answers in one class.
fn signature(assessment: &Assessment, atoms: &[Expr], answers: &[Option<Answer>]) -> Vec<u64> {
    atoms
        .iter()
        .map(|atom| {
            if is_boolean(atom) {
                u64::from(assessment.truth(atom, answers, &[]))
            } else {
                assessment
                    .number(atom, answers, &[])
                    .map_or(u64::MAX, f64::to_bits)
            }
        })
        .collect()
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
        .chain(assessment.scores.iter().map(|s| &s.expr))
        .chain(assessment.notes.iter().map(|n| &n.when));
    let mut found: Vec<(usize, &Expr)> = Vec::new();
    for root in roots {
        let set = collect_atoms(root, deps, &mut found);
        if let (1, Some(&q)) = (set.len(), set.first()) {
            found.clear();
            found.push((q, root));
        }
        for (q, atom) in found.drain(..) {
            // Compared by their Debug text: `Expr` holds floats, so it has
            // no `Hash`; JSON would write every infinity as `null`.
            let key = format!("{atom:?}");
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
        | Expr::Declined { .. }
        | Expr::Since { .. }
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
                && seen.insert(format!("{e:?}"))
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

/// The numbers to try for number question `q`, and whether they stand for
/// every whole number it accepts.
fn number_candidates(question: &super::Question, atoms: &[Expr], q: usize) -> (Vec<Answer>, bool) {
    // Answers are multiples of the question's step: 1, or 0.1 with one
    // decimal (`step: 0.1`), and so on. Working in whole steps (`k / scale`)
    // keeps every value the one the page parses from what a person types.
    let scale = 10f64.powi(i32::from(question.decimals));
    let at = |k: f64| k / scale;
    if let (Some(min), Some(max)) = (question.min, question.max) {
        let steps = (max - min).saturating_mul(10i64.saturating_pow(u32::from(question.decimals)));
        if steps < MAX_GRID {
            let first = min as f64 * scale;
            return (
                (0..=steps)
                    .map(|k| Answer::Number(at(first + k as f64)))
                    .collect(),
                true,
            );
        }
    }
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
                let k = v * scale;
                for c in [k.floor() - 1.0, k.floor(), k.ceil(), k.ceil() + 1.0] {
                    values.push(at(c));
                }
            }
        });
    }
    // Read only by comparisons with numbers, an answer behaves alike
    // between two neighbouring numbers named: the steps next to each are
    // every class. Otherwise (`x * x > 50`) try evenly spread values too.
    let exact = atoms.iter().all(|a| compares_with_numbers(a, q));
    if !exact {
        let (low, high) = (min.max(-1e9), max.min(1e9));
        let step = ((high - low) / SAMPLES as f64).max(1.0 / scale);
        let step = (step * scale).round() / scale;
        let mut v = low;
        while v <= high {
            values.push(at((v * scale).round()));
            v += step;
        }
    }
    values.retain(|v| *v >= min && *v <= max);
    values.sort_by(f64::total_cmp);
    values.dedup();
    (values.into_iter().map(Answer::Number).collect(), exact)
}

/// Whether `expr` reads number question `q` only in comparisons with a
/// number (`years >= 10`, `-2 < years`), or through `answered(q)`.
pub(super) fn compares_with_numbers(expr: &Expr, q: usize) -> bool {
    let constant = |e: &Expr| match e {
        Expr::Num { .. } => true,
        Expr::Neg { a } => matches!(a.as_ref(), Expr::Num { .. }),
        _ => false,
    };
    match expr {
        Expr::Cmp { a, b, .. } => {
            (reads_alone(a, q) && constant(b)) || (reads_alone(b, q) && constant(a))
        }
        Expr::And { args } | Expr::Or { args } => args.iter().all(|e| compares_with_numbers(e, q)),
        Expr::Not { a } => compares_with_numbers(a, q),
        Expr::BoolEq { a, b, .. } => compares_with_numbers(a, q) && compares_with_numbers(b, q),
        Expr::Answered { .. } | Expr::Declined { .. } | Expr::Bool { .. } => true,
        Expr::Num { .. }
        | Expr::Is { .. }
        | Expr::IsNot { .. }
        | Expr::Has { .. }
        | Expr::Count { .. }
        | Expr::Score { .. }
        | Expr::Value { .. }
        | Expr::Since { .. }
        | Expr::Ref { .. }
        | Expr::Neg { .. }
        | Expr::Arith { .. } => false,
    }
}

/// Whether `e` is the number or date function of question `q` itself.
fn reads_alone(e: &Expr, q: usize) -> bool {
    matches!(e, Expr::Value { q: p } | Expr::Since { q: p, .. } if *p == q)
}

/// The options of checklist `q` to walk one by one, when there are too many
/// combinations of them to try as subsets ([`MAX_MULTI_CANDIDATES`]) and
/// conditions read it only option by option (`'a' in q`, `answered(q)`):
/// then each option is a yes/no step of the walk, and equal states merge
/// after each. The options are the ones that are not exclusive; `None`
/// when the subsets are few enough, or `count(q)`, `score(q)` or a named
/// score reads the checklist (those read every option at once).
pub(super) fn walk_by_option(
    assessment: &Assessment,
    atoms: &[Expr],
    q: usize,
) -> Option<Vec<usize>> {
    let question = &assessment.questions[q];
    if question.kind != QuestionType::Multi {
        return None;
    }
    let mut by_option = true;
    for atom in atoms {
        atom.visit(&mut |e| match e {
            Expr::Count { q: p } | Expr::Score { q: p } if *p == q => by_option = false,
            Expr::Ref { .. } => by_option = false,
            _ => {}
        });
    }
    let (groups, _) = option_groups(question, atoms, q);
    let combinations: usize = groups
        .iter()
        .map(|(_, m)| m.len() + 1)
        .fold(1usize, usize::saturating_mul);
    (by_option && combinations > MAX_MULTI_CANDIDATES).then(|| {
        (0..question.options.len())
            .filter(|&i| !question.options[i].exclusive)
            .collect()
    })
}

/// The groups of interchangeable options of checklist `q` (by where they
/// are read and their score), and the exclusive options, each alone.
#[allow(clippy::type_complexity)]
fn option_groups(
    question: &super::Question,
    atoms: &[Expr],
    q: usize,
) -> (Vec<(Vec<usize>, Vec<usize>)>, Vec<Answer>) {
    // Where each option is read: the `and`/`or` node it is an argument of,
    // or a place of its own. Nodes are numbered in one walk over the atoms.
    let k = question.options.len().min(super::MAX_CHECKLIST_OPTIONS);
    let mut places: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut next = 0usize;
    for atom in atoms {
        number_places(atom, q, None, &mut next, &mut places);
    }
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new(); // (key, options)
    let mut singles = Vec::new();
    for (i, place) in places.iter_mut().enumerate() {
        if question.options[i].exclusive {
            singles.push(Answer::Multi(Bits::one(i)));
            continue;
        }
        place.sort_unstable();
        let mut key = place.clone();
        key.push(usize::MAX);
        key.push(question.options[i].score.to_bits() as usize);
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    (groups, singles)
}

/// The answers to try for checklist `q`: for each group of interchangeable
/// options, how many of them are chosen (the first ones of the group); and
/// each exclusive option alone. Whether they stand for every answer.
fn multi_candidates(question: &super::Question, atoms: &[Expr], q: usize) -> (Vec<Answer>, bool) {
    let (groups, singles) = option_groups(question, atoms, q);
    let combinations: usize = groups
        .iter()
        .map(|(_, m)| m.len() + 1)
        .fold(1usize, usize::saturating_mul);
    let exact = combinations <= MAX_MULTI_CANDIDATES;
    let mut candidates = singles;
    // Counts per group, as an odometer; each reading gives the first
    // `count` options of each group.
    let mut counts = vec![0usize; groups.len()];
    let mut tried = 0;
    loop {
        let mut bits = Bits::EMPTY;
        groups
            .iter()
            .zip(&counts)
            .flat_map(|((_, members), &c)| members[..c].iter())
            .for_each(|&i| bits.insert(i));
        if !bits.is_empty() {
            candidates.push(Answer::Multi(bits));
        }
        tried += 1;
        if tried > MAX_MULTI_CANDIDATES {
            break;
        }
        let Some(g) = (0..groups.len()).find(|&g| counts[g] < groups[g].1.len()) else {
            break;
        };
        counts[g] += 1;
        counts[..g].iter_mut().for_each(|c| *c = 0);
    }
    (candidates, exact)
}

/// Numbers the places where options of checklist `q` are read (see
/// [`multi_candidates`]).
fn number_places(
    expr: &Expr,
    q: usize,
    parent: Option<usize>,
    next: &mut usize,
    places: &mut [Vec<usize>],
) {
    match expr {
        Expr::Has { q: p, opt } if *p == q => {
            let place = parent.unwrap_or_else(|| {
                *next += 1;
                *next
            });
            if let Some(list) = places.get_mut(*opt) {
                list.push(place);
            }
        }
        Expr::And { args } | Expr::Or { args } => {
            *next += 1;
            let own = *next;
            for arg in args {
                number_places(arg, q, Some(own), next, places);
            }
        }
        Expr::Neg { a } | Expr::Not { a } => number_places(a, q, None, next, places),
        Expr::Arith { a, b, .. } | Expr::Cmp { a, b, .. } | Expr::BoolEq { a, b, .. } => {
            number_places(a, q, None, next, places);
            number_places(b, q, None, next, places);
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
        assert_eq!(answer_classes(&a, &atoms[0], 0).values.len(), 2);
        assert_eq!(answer_classes(&a, &atoms[2], 2).values.len(), 1);
        // years: no condition reads it; optional, so "no answer" is a class.
        let years = answer_classes(&a, &atoms[3], 3);
        assert_eq!(years.values.len(), 2);
        assert!(years.exact);
    }

    #[test]
    fn interchangeable_checklist_options_count_as_how_many() {
        // Twenty options read by one `or`, and a "none" that stands alone.
        let options: String = (0..20)
            .map(|i| format!("      - {{ id: m{i}, label: M{i} }}\n"))
            .collect();
        let any: Vec<String> = (0..20).map(|i| format!("'m{i}' in meds")).collect();
        let yaml = format!(
            "title: T\nquestions:\n  - id: meds\n    text: Which?\n    type: multi\n    options:\n{options}      - {{ id: none, label: None, exclusive: true }}\noutcomes:\n  - id: a\n    when: \"{}\"\n    title: A\n    body: A.\n  - id: b\n    when: \"true\"\n    title: B\n    body: B.\n",
            any.join(" or ")
        );
        let a = assessment(&yaml);
        let deps = Dependencies::new(a.scores.iter().map(|s| &s.expr));
        let atoms = all_atoms(&a, &deps);
        let (candidates, exact) = multi_candidates(&a.questions[0], &atoms[0], 0);
        assert!(exact);
        // "none" alone, then 1..=20 of the others.
        assert_eq!(candidates.len(), 21);
        // and they tell apart two classes: any chosen, or only "none".
        assert_eq!(answer_classes(&a, &atoms[0], 0).values.len(), 2);
    }
}
