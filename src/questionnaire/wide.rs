//! Answer classes for a number question too wide to try at every step
//! (more than `classes::MAX_GRID` (20,000) steps) that meets other numbers
//! in arithmetic: BMI from a weight of 0 to 1000 lb in steps of 0.01.
//!
//! Worked out per state of the walk, once the answers before it are put in:
//! every comparison still reading the question (`weight * 703 / 4225 <=
//! 24.9` once height is 65) is an *atom*. The question's steps are split
//! in halves, and each half again, until an atom is the same on the whole
//! piece by interval arithmetic (`interval.rs`), or the piece is one
//! step, which is evaluated exactly. The pieces' starts are the classes: a
//! gap between 24.9 and 25 is found at the step where it begins, and the
//! classes stand for every answer, as a proof.
//!
//! An atom that also reads later number questions (`a / b > 2`) is split
//! over boxes of all of them, under a budget: the question's classes are
//! then the edges of the decided boxes. Boxes still undecided when the
//! budget runs out are sampled, and [`Sampled`] says exactly where, so the
//! build's message can name what was only sampled. The samples are shared
//! out over the states a question is asked from (`SAMPLE_TRIES`), so
//! three wide numbers in shared comparisons are some ten thousand states, not
//! millions. A later choice read through its score (`a * score(b) > 10`)
//! is a dimension too, its steps the distinct scores of its options (and 0
//! for no answer), so that atom is proved per option; an atom that reads
//! anything else (a checklist's score, a date) is sampled whole.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::Assessment;
use super::compile::Expr;
use super::eval::{Answer, option_score};
use super::interval::{Range, Truth};
use super::model::QuestionType;
use super::ops::CmpOp;

/// Boxes worked out for one atom before its undecided boxes are sampled.
const ATOM_BUDGET: u64 = 20_000;

/// Boxes worked out in all, about a quarter of a second in a release build
/// (a box costs about a microsecond): past this, atoms are sampled, and
/// named, so the whole check stays well under a second.
const TOTAL_BUDGET: u64 = 250_000;

/// A side of a box with fewer steps than this is split before the others.
const SHORT: i128 = 256;

/// Values tried evenly spread in the undecided part of one atom.
const SAMPLES: i128 = 40;

/// Answers tried in all, about, for one question's sampled parts: each
/// state gets its share (`Wide::next_question`), so three wide numbers in
/// shared comparisons stay a few thousand states, not millions.
const SAMPLE_TRIES: usize = 4_000;

/// Values tried in a sampled part, at least: its ends and its middle.
const MIN_SAMPLES: usize = 3;

/// Part of a question's answers that was only sampled.
#[derive(Debug, Clone, PartialEq)]
pub struct Sampled {
    /// The question.
    pub q: usize,
    /// Its answers sampled lie between these.
    pub from: f64,
    /// See `from`.
    pub to: f64,
    /// While these later questions' answers lie between these (`None`: any
    /// answer, for a question read through its options' scores).
    pub with: Vec<(usize, Option<(f64, f64)>)>,
    /// The values tried there.
    pub values: BTreeSet<u64>,
}

/// The classes found for one atom.
#[derive(Clone, Default)]
struct Found {
    /// Steps where a class starts.
    starts: Vec<i128>,
    /// Steps tried as samples, where the atom was left undecided.
    samples: Vec<i128>,
    sampled: Option<Sampled>,
}

/// One number question as a dimension of a box: its steps, and whether it
/// may be unanswered (the step before `lo` stands for "no answer").
#[derive(Clone, Copy)]
struct Dim {
    q: usize,
    lo: i128,
    hi: i128,
    scale: f64,
    skip: bool,
}

impl Dim {
    fn new(assessment: &Assessment, q: usize, skip: bool) -> Dim {
        let question = &assessment.questions[q];
        let scale = 10i128.pow(u32::from(question.decimals));
        let lo = i128::from(question.min.unwrap_or(i64::MIN / 4)) * scale;
        let hi = i128::from(question.max.unwrap_or(i64::MAX / 4)) * scale;
        let skip = skip && (question.optional || question.show_if.is_some());
        Dim {
            q,
            lo: if skip { lo - 1 } else { lo },
            hi,
            scale: scale as f64,
            skip,
        }
    }

    /// The answer at step `k`, as the page parses it.
    fn answer(&self, k: i128) -> Option<Answer> {
        (!self.skip || k > self.lo).then(|| Answer::Number(k as f64 / self.scale))
    }

    /// The answers of steps `a..=b`.
    fn range(&self, a: i128, b: i128) -> Range {
        let first = if self.skip { self.lo + 1 } else { self.lo };
        let a2 = a.max(first);
        Range {
            real: (b >= a2).then(|| (a2 as f64 / self.scale, b as f64 / self.scale)),
            unknown: self.skip && a <= self.lo,
            nan: false,
        }
    }

    fn value(&self, k: i128) -> f64 {
        k as f64 / self.scale
    }
}

/// A box: for each dimension, its first and last step.
type Cell = Vec<(i128, i128)>;

/// What tells a question's answers apart: a comparison, or a score's
/// value against its bands (and whether it is known).
enum Atom<'e> {
    Cmp(&'e Expr),
    Number(&'e Expr, Vec<(CmpOp, f64)>),
}

/// Per question of the walk: atoms already worked out, by their text.
#[derive(Default)]
pub(super) struct Wide {
    found: HashMap<String, Found>,
    /// Values tried, at most, in one atom's sampled part at this question.
    share: usize,
    /// The question's own samples as steps, in order, worked out once per
    /// question (converting them for every state was most of the time).
    steps: Option<Vec<i128>>,
    /// Boxes worked out in all.
    pub work: u64,
    /// What was only sampled, per question, merged.
    pub sampled: Vec<Sampled>,
}

impl Wide {
    /// Forgets the atoms of the last question; `states` are the states
    /// the next one is asked from, which share [`SAMPLE_TRIES`].
    pub fn next_question(&mut self, states: usize) {
        self.found.clear();
        self.steps = None;
        self.share = (SAMPLE_TRIES / states.max(1)).max(MIN_SAMPLES);
    }

    /// One answer per class of question `q`'s answers, for the residuals
    /// `open` of a state (each with the score it is, if it is one).
    pub fn values(
        &mut self,
        assessment: &Assessment,
        q: usize,
        open: &[(&Expr, Option<usize>)],
        fallback: &[Option<Answer>],
    ) -> Vec<Option<Answer>> {
        let dim = Dim::new(assessment, q, false);
        let mut atoms = Vec::new();
        for &(e, score) in open {
            match score {
                Some(s) if !e.is_condition() => {
                    let bands = assessment.scores[s]
                        .bands
                        .iter()
                        .flat_map(|b| [(CmpOp::Ge, b.min), (CmpOp::Le, b.max)])
                        .collect();
                    atoms.push(Atom::Number(e, bands));
                }
                _ => comparisons(e, q, &mut atoms),
            }
        }
        let mut starts: BTreeSet<i128> = BTreeSet::from([dim.lo]);
        let mut samples: BTreeSet<u64> = BTreeSet::new();
        for atom in &atoms {
            let (Atom::Cmp(e) | Atom::Number(e, _)) = atom;
            let key = format!("{e:?}");
            let found = match self.found.get(&key) {
                Some(found) => found.clone(),
                None => {
                    let found = self.work_out(assessment, q, atom, fallback);
                    self.found.insert(key, found.clone());
                    found
                }
            };
            starts.extend(found.starts.iter().copied());
            samples.extend(found.samples.iter().map(|&k| dim.value(k).to_bits()));
            if let Some(s) = found.sampled {
                self.merge(s);
            }
        }
        let mut values: Vec<f64> = starts.iter().map(|&k| dim.value(k)).collect();
        // The first class is shown with a round example where it has one.
        let round = 0f64.max(dim.value(dim.lo)).min(dim.value(dim.hi));
        if starts.range(..=(round * dim.scale) as i128).count() == 1 {
            values[0] = round;
        }
        values.extend(samples.into_iter().map(f64::from_bits));
        values.sort_by(f64::total_cmp);
        values.dedup();
        let mut values: Vec<Option<Answer>> = values
            .into_iter()
            .map(|v| Some(Answer::Number(v)))
            .collect();
        if assessment.questions[q].optional {
            values.push(None);
        }
        values
    }

    fn merge(&mut self, s: Sampled) {
        match self.sampled.iter_mut().find(|x| x.q == s.q) {
            Some(x) => {
                x.from = x.from.min(s.from);
                x.to = x.to.max(s.to);
                for (p, r) in s.with {
                    match x.with.iter_mut().find(|w| w.0 == p) {
                        Some(w) => {
                            w.1 = match (w.1, r) {
                                (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
                                _ => None,
                            }
                        }
                        None => x.with.push((p, r)),
                    }
                }
                x.values.extend(s.values);
            }
            None => self.sampled.push(s),
        }
    }

    /// The steps tried in the sampled part `lo..=hi` of `d`: evenly spread
    /// (at most [`SAMPLES`]), and the question's own samples that fall in
    /// it, every one while the share allows, thinned past it.
    fn spread(&mut self, d: Dim, lo: i128, hi: i128, fallback: &[Option<Answer>]) -> Vec<i128> {
        let n = SAMPLES.min(self.share as i128);
        let step = ((hi - lo) / (n - 1)).max(1);
        let mut out: Vec<i128> = (0..n).map(|i| (lo + i * step).min(hi)).collect();
        let steps = self.steps.get_or_insert_with(|| {
            let mut steps: Vec<i128> = fallback
                .iter()
                .filter_map(|a| match a {
                    Some(Answer::Number(v)) => Some((v * d.scale).round() as i128),
                    _ => None,
                })
                .collect();
            steps.sort_unstable();
            steps
        });
        let (from, to) = (
            steps.partition_point(|&k| k < lo),
            steps.partition_point(|&k| k <= hi),
        );
        let inside = &steps[from..to];
        let every = inside.len().div_ceil(self.share).max(1);
        out.extend(inside.iter().step_by(every));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The classes of `atom` over question `q`'s steps: by halving, then
    /// by sampling what the budget left undecided.
    fn work_out(
        &mut self,
        assessment: &Assessment,
        q: usize,
        atom: &Atom,
        fallback: &[Option<Answer>],
    ) -> Found {
        let (Atom::Cmp(e) | Atom::Number(e, _)) = atom;
        let mut reads = BTreeSet::new();
        let mut scored = BTreeSet::new();
        let mut opaque = BTreeSet::new();
        e.visit(&mut |x| match x {
            Expr::Value { q: p } => {
                reads.insert(*p);
            }
            // A choice's score is one number per option: a dimension of
            // the box, its steps the distinct scores in order.
            Expr::Score { q: p } if *p != q && by_option(assessment, *p) => {
                scored.insert(*p);
            }
            x => opaque.extend(x.question()),
        });
        // Read both ways (never in practice): sampled, not guessed.
        let both: Vec<usize> = scored.intersection(&reads).copied().collect();
        opaque.extend(both);
        scored.retain(|p| !opaque.contains(p));
        let mut dims = vec![Dim::new(assessment, q, false)];
        dims.extend(
            reads
                .iter()
                .filter(|&&p| p != q)
                .map(|&p| Dim::new(assessment, p, true)),
        );
        // Per dimension, for a choice read through its score: each step's
        // score and an answer that gives it.
        let mut scores: Vec<Vec<(f64, Option<Answer>)>> = vec![Vec::new(); dims.len()];
        for &p in &scored {
            let steps = score_steps(assessment, p);
            dims.push(Dim {
                q: p,
                lo: 0,
                hi: steps.len() as i128 - 1,
                scale: 1.0,
                skip: false,
            });
            scores.push(steps);
        }
        if !opaque.is_empty() || self.work > TOTAL_BUDGET {
            // Read with a checklist's score or a date, or past the
            // budget: sampled.
            let d = dims[0];
            let samples = self.spread(d, d.lo, d.hi, fallback);
            let mut with: Vec<(usize, Option<(f64, f64)>)> = dims[1..]
                .iter()
                .map(|d| {
                    (
                        d.q,
                        Some((d.value(d.lo + i128::from(d.skip)), d.value(d.hi))),
                    )
                })
                .collect();
            with.extend(opaque.iter().filter(|&&p| p != q).map(|&p| (p, None)));
            return Found {
                starts: Vec::new(),
                sampled: Some(Sampled {
                    q,
                    from: d.value(d.lo),
                    to: d.value(d.hi),
                    with,
                    values: samples.iter().map(|&k| d.value(k).to_bits()).collect(),
                }),
                samples,
            };
        }
        let mut answers = vec![None; assessment.questions.len()];
        // Breadth first: when the budget runs out, what is left undecided is
        // only the boxes that meet a boundary, not the ones not reached yet.
        let mut queue: VecDeque<Cell> =
            VecDeque::from([dims.iter().map(|d| (d.lo, d.hi)).collect()]);
        let mut leaves: Vec<(Cell, Vec<Truth>)> = Vec::new();
        let mut undecided: Vec<Cell> = Vec::new();
        let mut spent = 0;
        while let Some(cell) = queue.pop_front() {
            if spent >= ATOM_BUDGET {
                undecided.push(cell);
                continue;
            }
            spent += 1;
            let signature = if cell.iter().all(|(a, b)| a == b) {
                for ((d, &(k, _)), steps) in dims.iter().zip(&cell).zip(&scores) {
                    answers[d.q] = match steps.get(k as usize) {
                        Some(&(_, answer)) => answer,
                        None => d.answer(k),
                    };
                }
                exact(assessment, atom, &answers)
            } else {
                let at = |p: usize| {
                    let i = dims.iter().position(|d| d.q == p)?;
                    let (a, b) = cell[i];
                    Some(match &scores[i][..] {
                        [] => dims[i].range(a, b),
                        steps => Range {
                            real: Some((steps[a as usize].0, steps[b as usize].0)),
                            unknown: false,
                            nan: false,
                        },
                    })
                };
                signature(atom, &at)
            };
            if signature.iter().all(|t| t.decided()) {
                leaves.push((cell, signature));
                continue;
            }
            // Halve a short side first (a height of 24 values is split into
            // its values, each of which then meets the weights where the
            // answer changes in a few halvings), otherwise the widest.
            let sides = cell.iter().enumerate().filter(|(_, (a, b))| a < b);
            let short = sides
                .clone()
                .filter(|(_, (a, b))| b - a < SHORT)
                .min_by_key(|(_, (a, b))| b - a);
            let (i, &(a, b)) = short
                .or_else(|| sides.max_by_key(|(_, (a, b))| b - a))
                .expect("a box of more than one step has a wide side");
            let mid = a + (b - a) / 2;
            let mut low = cell.clone();
            low[i] = (a, mid);
            let mut high = cell;
            high[i] = (mid + 1, b);
            queue.push_back(low);
            queue.push_back(high);
        }
        self.work += spent;
        let mut found = Found::default();
        if dims.len() == 1 {
            // One question: neighbouring pieces that agree are one class.
            leaves.sort_by_key(|(cell, _)| cell[0].0);
            let mut last: Option<&Vec<Truth>> = None;
            for (cell, signature) in &leaves {
                if last != Some(signature) {
                    found.starts.push(cell[0].0);
                }
                last = Some(signature);
            }
        } else {
            // Every edge of a decided box along this question: between two
            // edges, every later answer meets the same box.
            for (cell, _) in &leaves {
                found.starts.push(cell[0].0);
                if cell[0].1 < dims[0].hi {
                    found.starts.push(cell[0].1 + 1);
                }
            }
        }
        if !undecided.is_empty() {
            let hull = |i: usize| {
                let lo = undecided.iter().map(|c| c[i].0).min().unwrap_or(0);
                let hi = undecided.iter().map(|c| c[i].1).max().unwrap_or(0);
                (lo, hi)
            };
            // Evenly spread over the undecided part, and the question's
            // own samples that fall in it.
            let (lo, hi) = hull(0);
            let d = dims[0];
            found.samples = self.spread(d, lo, hi, fallback);
            // Inside the undecided part the samples stand in for classes.
            found.starts.retain(|k| !(lo..=hi).contains(k));
            found.starts.push(lo);
            found.sampled = Some(Sampled {
                q,
                from: d.value(lo),
                to: d.value(hi),
                with: dims[1..]
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let (a, b) = hull(i + 1);
                        let a = if d.skip { a.max(d.lo + 1) } else { a };
                        let numbers = scores[i + 1].is_empty();
                        (d.q, numbers.then(|| (d.value(a), d.value(b))))
                    })
                    .collect(),
                values: found
                    .samples
                    .iter()
                    .map(|&k| d.value(k).to_bits())
                    .collect(),
            });
        }
        found
    }
}

/// Whether `score(p)` takes one value per answer of `p` that the walk can
/// split on: a choice or a yes/no (whose score is 0).
fn by_option(assessment: &Assessment, p: usize) -> bool {
    matches!(
        assessment.questions[p].kind,
        QuestionType::Choice | QuestionType::YesNo
    )
}

/// The distinct values of `score(p)` for choice or yes/no `p`, in order,
/// each with an answer that gives it: its options', and 0 for no answer
/// (skipped, unanswered, "prefer not to say", or any yes/no answer).
fn score_steps(assessment: &Assessment, p: usize) -> Vec<(f64, Option<Answer>)> {
    let question = &assessment.questions[p];
    let mut steps: Vec<(f64, Option<Answer>)> = vec![(0.0, None)];
    for i in 0..question.options.len() {
        let answer = Some(Answer::Choice(i));
        let score = option_score(question, answer);
        if !steps.iter().any(|s| s.0.to_bits() == score.to_bits()) {
            steps.push((score, answer));
        }
    }
    steps.sort_by(|a, b| a.0.total_cmp(&b.0));
    steps
}

/// The comparisons under `e` that read number question `q`.
fn comparisons<'e>(e: &'e Expr, q: usize, atoms: &mut Vec<Atom<'e>>) {
    match e {
        Expr::Cmp { .. } => {
            let mut reads = false;
            e.visit(&mut |x| reads |= matches!(x, Expr::Value { q: p } if *p == q));
            if reads {
                atoms.push(Atom::Cmp(e));
            }
        }
        Expr::Neg { a } | Expr::Not { a } => comparisons(a, q, atoms),
        Expr::Arith { a, b, .. } | Expr::BoolEq { a, b, .. } => {
            comparisons(a, q, atoms);
            comparisons(b, q, atoms);
        }
        Expr::And { args } | Expr::Or { args } => {
            args.iter().for_each(|a| comparisons(a, q, atoms));
        }
        Expr::Bool { .. }
        | Expr::Num { .. }
        | Expr::Is { .. }
        | Expr::IsNot { .. }
        | Expr::Has { .. }
        | Expr::Answered { .. }
        | Expr::Count { .. }
        | Expr::Score { .. }
        | Expr::Value { .. }
        | Expr::Declined { .. }
        | Expr::Since { .. }
        | Expr::Ref { .. } => {}
    }
}

/// The values of a numeric expression on a box (`at`: each question's).
fn range(e: &Expr, at: &dyn Fn(usize) -> Option<Range>) -> Range {
    match e {
        Expr::Num { v } => Range::point(*v),
        // A choice's score is a dimension only when the atom reads it so.
        Expr::Value { q } | Expr::Score { q } => at(*q).unwrap_or(Range::UNKNOWN),
        Expr::Neg { a } => range(a, at).neg(),
        Expr::Arith { op, a, b } => Range::arith(*op, range(a, at), range(b, at)),
        // Not reached: atoms reading anything else are sampled, and a
        // condition in arithmetic is unknown, as in the evaluator.
        Expr::Bool { .. }
        | Expr::Is { .. }
        | Expr::IsNot { .. }
        | Expr::Has { .. }
        | Expr::Answered { .. }
        | Expr::Count { .. }
        | Expr::Declined { .. }
        // A date's days or months: not a number question's box, so unknown
        // here and the atom is left to the samples (sound, not proved).
        | Expr::Since { .. }
        | Expr::Ref { .. }
        | Expr::Cmp { .. }
        | Expr::BoolEq { .. }
        | Expr::And { .. }
        | Expr::Or { .. }
        | Expr::Not { .. } => Range::UNKNOWN,
    }
}

/// What an atom can be on a box.
fn signature(atom: &Atom, at: &dyn Fn(usize) -> Option<Range>) -> Vec<Truth> {
    match atom {
        Atom::Cmp(Expr::Cmp { op, a, b }) => vec![Range::compare(*op, range(a, at), range(b, at))],
        Atom::Cmp(_) => vec![Truth {
            can_true: true,
            can_false: true,
        }],
        Atom::Number(e, bands) => {
            let r = range(e, at);
            let mut out: Vec<Truth> = bands
                .iter()
                .map(|&(op, c)| Range::compare(op, r, Range::point(c)))
                .collect();
            out.push(Truth {
                can_true: r.real.is_some() || r.nan,
                can_false: r.unknown,
            });
            out
        }
    }
}

/// What an atom is at one set of answers, by the evaluator.
fn exact(assessment: &Assessment, atom: &Atom, answers: &[Option<Answer>]) -> Vec<Truth> {
    match atom {
        Atom::Cmp(e) => vec![Truth::of(assessment.truth(e, answers, &[]))],
        Atom::Number(e, bands) => {
            let v = assessment.number(e, answers, &[]);
            let mut out: Vec<Truth> = bands
                .iter()
                .map(|&(op, c)| Truth::of(v.is_some_and(|v| op.holds(v, c))))
                .collect();
            out.push(Truth::of(v.is_some()));
            out
        }
    }
}
