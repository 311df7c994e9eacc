//! Decides, exactly, which questions can be shown, which outcomes can be
//! reached, and whether some answers reach no outcome at all.
//!
//! Enumerating every answer set is hopeless (the PHQ-9 alone has 4^9), so
//! two reductions keep it small without losing exactness:
//! 1. *Answer classes.* Conditions see a question only through the largest
//!    parts of expressions that read that question alone (`age == 'adult'`,
//!    `'bp' in screen or 'heart' in screen`, `score(q)`). Two answers that give
//!    every such part the same value behave the same everywhere, so one
//!    answer per class is enough (the module `classes` finds them). Numbers
//!    are tried at the boundaries the
//!    expressions name (c-1, c, c+1) and at `min`/`max`.
//! 2. *Folded sums.* A choice question read only through `score(q)` inside one
//!    score that is a plain sum, where that score is not used by `show_if` or
//!    an interrupting outcome, matters only through the total. Such
//!    questions are folded into the set of totals they can reach (dynamic
//!    programming): the PHQ-9's eight folded items give 25 totals, not 65,536
//!    paths.
//!
//! The walk follows the questionnaire in order, as a person would: hidden
//! questions get no answer, and interrupting outcomes are checked after each
//! answer.

use std::collections::{BTreeSet, HashMap};

use super::Assessment;
use super::classes::{all_atoms, answer_classes};
use super::compile::Expr;
use super::deps::Dependencies;
use super::eval::Answer;
use super::model::QuestionType;
use super::ops::ArithOp;

/// More paths than this are refused, naming the questions that cause it.
pub const MAX_PATHS: u128 = 2_000_000;

/// Parts of conditions worked out by the walk: past this the check stops
/// and the questionnaire is refused (about a second on a slow machine).
pub const MAX_WORK: u64 = 400_000_000;

/// What the exhaustive walk found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Whether each question is shown on some path.
    pub shown: Vec<bool>,
    /// Whether each outcome is reached on some path.
    pub reached: Vec<bool>,
    /// An example path where no outcome holds: the answers, and the totals of
    /// folded scores.
    pub hole: Option<Hole>,
    /// Scores with bands that can take a value outside every band.
    pub outside_bands: Vec<(usize, f64)>,
    /// Set when the questionnaire is too large to check: the estimated number
    /// of paths and the questions with the most answer classes.
    pub too_large: Option<(u128, Vec<usize>)>,
    /// Set when the walk was stopped because working out the conditions on
    /// every path would take too long: the paths checked until then.
    pub too_costly: Option<u64>,
    /// Scores shown by an interrupting outcome that can appear before they
    /// are known: (outcome, score, the question after which it appears, a
    /// question the score reads that has no answer yet).
    pub early_scores: Vec<(usize, usize, usize, usize)>,
    /// Complete paths evaluated (for the build's report and tests).
    pub paths: u64,
    /// Questions folded into sums.
    pub folded: Vec<usize>,
}

/// Answers on which no outcome holds, and the totals of the folded scores.
pub type Hole = (Vec<Option<Answer>>, Vec<(usize, f64)>);

/// Runs the exhaustive check.
pub fn analyse(assessment: &Assessment) -> Findings {
    let n = assessment.questions.len();
    let deps = Dependencies::new(assessment.scores.iter().map(|s| &s.expr));
    let folds = folding(assessment);
    let atoms = all_atoms(assessment, &deps);
    let mut classes: Vec<Vec<Option<Answer>>> = Vec::with_capacity(n);
    let mut estimate: u128 = 1;
    for (q, atoms) in atoms.iter().enumerate() {
        let values = if folds.score_of[q].is_some() {
            vec![None]
        } else {
            answer_classes(assessment, atoms, q)
        };
        estimate = estimate.saturating_mul(values.len() as u128);
        classes.push(values);
    }
    for members in folds.members.values() {
        let most: f64 = members
            .iter()
            .map(|&q| assessment.questions[q].options.len() as f64)
            .sum();
        estimate = estimate.saturating_mul(most.max(1.0) as u128 + 1);
    }
    let mut findings = Findings {
        shown: vec![false; n],
        reached: vec![false; assessment.outcomes.len()],
        folded: (0..n).filter(|q| folds.score_of[*q].is_some()).collect(),
        ..Findings::default()
    };
    // Each step works out the next question's `show_if` and the
    // interrupts; each path's end the results and the banded scores. The
    // walk counts these parts and stops past [`MAX_WORK`], so that a check
    // takes about a second whatever the conditions cost.
    let cost = |e: &Expr| deps.cost(e).size;
    let step_cost = assessment
        .questions
        .iter()
        .filter_map(|q| q.show_if.as_ref())
        .chain(
            assessment
                .outcomes
                .iter()
                .filter(|o| o.interrupt)
                .map(|o| &o.when),
        )
        .map(cost)
        .fold(1u64, u64::saturating_add);
    let path_cost = assessment
        .outcomes
        .iter()
        .filter(|o| !o.interrupt)
        .map(|o| cost(&o.when))
        .chain(
            (0..assessment.scores.len())
                .filter(|s| !assessment.scores[*s].bands.is_empty())
                .map(|s| deps.score_cost(s).size),
        )
        .fold(1u64, u64::saturating_add);
    if estimate > MAX_PATHS {
        let mut worst: Vec<usize> = (0..n).filter(|q| classes[*q].len() > 1).collect();
        worst.sort_by_key(|q| std::cmp::Reverse(classes[*q].len()));
        worst.truncate(5);
        findings.too_large = Some((estimate, worst));
        return findings;
    }
    let mut walk = Walk {
        assessment,
        classes: &classes,
        folds: &folds,
        given: vec![None; n],
        fired: Vec::new(),
        visible_folded: Vec::new(),
        sums: HashMap::new(),
        findings,
        work: 0,
        step_cost,
        path_cost,
        score_reads: assessment
            .scores
            .iter()
            .enumerate()
            .map(|(s, _)| deps.of_score(s).iter().copied().collect())
            .collect(),
    };
    walk.step(0);
    walk.findings
}

/// The folded questions and the score each feeds.
struct Folds {
    score_of: Vec<Option<usize>>,
    members: HashMap<usize, Vec<usize>>,
}

fn folding(assessment: &Assessment) -> Folds {
    let n = assessment.questions.len();
    // Scores that show_if or an interrupt needs while the walk is under way.
    let mut early: BTreeSet<usize> = BTreeSet::new();
    let note_refs = |expr: &Expr, early: &mut BTreeSet<usize>| {
        expr.visit(&mut |e| {
            if let Expr::Ref { s } = e {
                early.insert(*s);
            }
        })
    };
    for q in &assessment.questions {
        if let Some(e) = &q.show_if {
            note_refs(e, &mut early);
        }
    }
    for o in assessment.outcomes.iter().filter(|o| o.interrupt) {
        note_refs(&o.when, &mut early);
    }
    // Scores used by early scores are early too (scores refer only backwards).
    for s in (0..assessment.scores.len()).rev() {
        if early.contains(&s) {
            assessment.scores[s].expr.visit(&mut |e| {
                if let Expr::Ref { s } = e {
                    early.insert(*s);
                }
            });
        }
    }
    // How each question is read, everywhere.
    let mut uses: Vec<Vec<(Option<usize>, bool)>> = vec![Vec::new(); n];
    let record = |expr: &Expr, score: Option<usize>, uses: &mut Vec<Vec<(Option<usize>, bool)>>| {
        expr.visit(&mut |e| {
            if let Some(q) = e.question() {
                uses[q].push((score, matches!(e, Expr::Score { .. })));
            }
        })
    };
    for q in &assessment.questions {
        if let Some(e) = &q.show_if {
            record(e, None, &mut uses);
        }
    }
    for o in &assessment.outcomes {
        record(&o.when, None, &mut uses);
    }
    for (s, score) in assessment.scores.iter().enumerate() {
        record(&score.expr, Some(s), &mut uses);
    }
    let mut folds = Folds {
        score_of: vec![None; n],
        members: HashMap::new(),
    };
    for (q, (question, uses)) in assessment.questions.iter().zip(&uses).enumerate() {
        if question.kind != QuestionType::Choice || question.safety {
            continue;
        }
        if let [(Some(s), true)] = uses[..]
            && !early.contains(&s)
            && is_plain_sum(&assessment.scores[s].expr)
        {
            folds.score_of[q] = Some(s);
            folds.members.entry(s).or_default().push(q);
        }
    }
    folds
}

/// `score(a) + score(b) + 2`: only additions of option scores and numbers.
fn is_plain_sum(expr: &Expr) -> bool {
    match expr {
        Expr::Score { .. } | Expr::Num { .. } => true,
        Expr::Arith {
            op: ArithOp::Add,
            a,
            b,
        } => is_plain_sum(a) && is_plain_sum(b),
        _ => false,
    }
}

struct Walk<'a> {
    assessment: &'a Assessment,
    classes: &'a [Vec<Option<Answer>>],
    folds: &'a Folds,
    given: Vec<Option<Answer>>,
    fired: Vec<usize>,
    visible_folded: Vec<usize>,
    sums: HashMap<(usize, Vec<usize>), Vec<f64>>,
    findings: Findings,
    /// Parts worked out so far, and what one step and one path's end cost.
    work: u64,
    step_cost: u64,
    path_cost: u64,
    /// The questions each score reads, in order.
    score_reads: Vec<Vec<usize>>,
}

impl Walk<'_> {
    /// An interrupting outcome `o` appears after question `q`: every score
    /// its body shows must be known by then, or the person sees a blank (or
    /// a total of the questions asked so far).
    fn check_shown_scores(&mut self, o: usize, q: usize) {
        let assessment = self.assessment;
        for &s in &assessment.outcomes[o].score_refs {
            if self
                .findings
                .early_scores
                .iter()
                .any(|e| (e.0, e.1) == (o, s))
            {
                continue;
            }
            let reads = &self.score_reads[s];
            let unknown = assessment
                .number(&Expr::Ref { s }, &self.given, &[])
                .is_none();
            let missing = reads.iter().copied().find(|&r| r > q).or_else(|| {
                unknown
                    .then(|| reads.iter().copied().find(|&r| self.given[r].is_none()))
                    .flatten()
            });
            if let Some(r) = missing {
                self.findings.early_scores.push((o, s, q, r));
            }
        }
    }

    /// Counts `parts` of work; false once the budget is spent.
    fn spend(&mut self, parts: u64) -> bool {
        self.work = self.work.saturating_add(parts);
        if self.work > MAX_WORK && self.findings.too_costly.is_none() {
            self.findings.too_costly = Some(self.findings.paths);
        }
        self.findings.too_costly.is_none()
    }

    fn step(&mut self, q: usize) {
        let assessment = self.assessment;
        if !self.spend(self.step_cost) {
            return;
        }
        if q == assessment.questions.len() {
            self.finish();
            return;
        }
        if !assessment.shown(q, &self.given) {
            self.step(q + 1);
            return;
        }
        self.findings.shown[q] = true;
        if self.folds.score_of[q].is_some() {
            self.visible_folded.push(q);
            self.step(q + 1);
            self.visible_folded.pop();
            return;
        }
        for &value in &self.classes[q] {
            self.given[q] = value;
            let fired_before = self.fired.len();
            let mut stopped = false;
            while let Some(o) = assessment.interrupt(&self.given, &self.fired) {
                self.findings.reached[o] = true;
                self.fired.push(o);
                self.check_shown_scores(o, q);
                if assessment.outcomes[o].continue_label.is_none() {
                    stopped = true;
                    break;
                }
            }
            if !stopped {
                self.step(q + 1);
            }
            self.fired.truncate(fired_before);
        }
        self.given[q] = None;
    }

    /// The end of a path: try every combination of folded totals.
    fn finish(&mut self) {
        let assessment = self.assessment;
        let mut choices: Vec<(usize, Vec<f64>)> = Vec::new();
        let mut scores: Vec<usize> = self.folds.members.keys().copied().collect();
        scores.sort_unstable();
        for s in scores {
            let visible: Vec<usize> = self
                .visible_folded
                .iter()
                .copied()
                .filter(|q| self.folds.score_of[*q] == Some(s))
                .collect();
            let key = (s, visible.clone());
            let sums = self
                .sums
                .entry(key)
                .or_insert_with(|| reachable_sums(assessment, &visible))
                .clone();
            choices.push((s, sums));
        }
        let mut offsets = vec![0.0; assessment.scores.len()];
        self.combine(&choices, 0, &mut offsets);
    }

    fn combine(&mut self, choices: &[(usize, Vec<f64>)], i: usize, offsets: &mut Vec<f64>) {
        if let Some((s, sums)) = choices.get(i) {
            for &sum in sums {
                offsets[*s] = sum;
                self.combine(choices, i + 1, offsets);
            }
            offsets[*s] = 0.0;
            return;
        }
        let assessment = self.assessment;
        if !self.spend(self.path_cost) {
            return;
        }
        self.findings.paths += 1;
        match assessment.result(&self.given, offsets) {
            Some(o) => self.findings.reached[o] = true,
            None if self.findings.hole.is_none() => {
                let totals = choices.iter().map(|(s, _)| (*s, offsets[*s])).collect();
                self.findings.hole = Some((self.given.clone(), totals));
            }
            None => {}
        }
        for (s, score) in assessment.scores.iter().enumerate() {
            if score.bands.is_empty() {
                continue;
            }
            if let Some(v) = assessment.number(&Expr::Ref { s }, &self.given, offsets)
                && !score.bands.iter().any(|b| v >= b.min && v <= b.max)
                && !self.findings.outside_bands.contains(&(s, v))
            {
                self.findings.outside_bands.push((s, v));
            }
        }
    }
}

/// Every total the visible folded questions can add up to.
fn reachable_sums(assessment: &Assessment, questions: &[usize]) -> Vec<f64> {
    // Scores are kept in thousandths so that 0.1 + 0.2 lands on 0.3.
    let mut sums: BTreeSet<i64> = BTreeSet::from([0]);
    for &q in questions {
        let question = &assessment.questions[q];
        let mut next = BTreeSet::new();
        for &sum in &sums {
            for option in &question.options {
                next.insert(sum + (option.score * 1000.0).round() as i64);
            }
            if question.optional {
                next.insert(sum);
            }
        }
        sums = next;
    }
    sums.into_iter().map(|s| s as f64 / 1000.0).collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment, problems};
    use super::*;

    #[test]
    fn the_small_questionnaire_is_checked_path_by_path() {
        let findings = analyse(&assessment(SMALL));
        assert!(findings.shown.iter().all(|s| *s));
        assert!(findings.reached.iter().all(|r| *r));
        assert!(findings.hole.is_none() && findings.outside_bands.is_empty());
        // under_18: years answered or not (2); adults: 3 moods x 2.
        assert_eq!(findings.paths, 8);
        assert!(findings.folded.is_empty(), "total is read by an interrupt");
    }

    #[test]
    fn a_plain_sum_read_only_by_results_is_folded() {
        let yaml = SMALL.replace("when: \"total >= 4\"", "when: \"'bp' in screen\"");
        let findings = analyse(&assessment(&yaml));
        assert_eq!(findings.folded, [1]);
    }

    #[test]
    fn gaps_come_with_example_answers() {
        let yaml = SMALL.replace(
            "  - id: fine\n    when: \"true\"",
            "  - id: fine\n    when: \"total == 3\"",
        );
        assert_eq!(
            problems(&yaml),
            [
                "43:5 some answers reach no outcome, for example: age = under_18, screen = [bp], years = 0 (add a last outcome with `when: \"true\"`, or widen the conditions so one always holds)",
                "51:13 test 2 expects `fine`, but the result is no outcome (the path taken: age = under_18, screen = [heart]; scores: total = 2 (low))",
            ]
        );
    }

    #[test]
    fn an_interrupt_may_show_only_scores_known_when_it_appears() {
        // `crisis` appears after `mood` (total >= 4), and total reads only mood.
        let yaml = SMALL.replace("body: \"{crisis_line}\"", "body: \"{crisis_line} {total}\"");
        assert!(analyse(&assessment(&yaml)).early_scores.is_empty());
        // Raised by `age` alone, it would show total before mood is asked.
        let yaml = yaml.replace("when: \"total >= 4\"", "when: \"age == 'under_18'\"");
        assert_eq!(
            problems(&yaml)[0],
            "42:26 the interrupting outcome `crisis` shows `{total}`, which is not known yet when it can appear: after `age`, before `mood` is answered (show the score only in outcomes that do not interrupt, or ask every question it reads before the one that raises this outcome)"
        );
    }
}
