//! Decides which questions can be shown, which outcomes can be reached
//! (interrupting ones in their order, after every answer), and whether some
//! answers reach no outcome at all, with an example for each gap.
//!
//! The method: a walk question by question over *states*, not paths. A
//! state is what later steps can still tell apart: for every condition and
//! score still to be worked out, its residual once the answers so far are
//! put in (see `residual.rs`), and the interrupting outcomes already
//! shown. Answers that leave equal states are merged (one of them is kept
//! as the example), so sums fold into the totals they can reach, an `or`
//! that is already true is forgotten, and a 40-question screen stays at a
//! few hundred states however many paths it has. This is a decision
//! diagram built on the fly, in the order the person answers, and as exact
//! as the answers tried for each question: one per class of answers that
//! conditions tell apart (`classes`), which covers every answer to choices,
//! yes/no, checklists and whole numbers within `min`/`max`. A number too
//! wide to try at every step that meets others in arithmetic gets its
//! classes per state, by interval reasoning on what is left of the
//! comparisons that read it (`super::wide`): proved too. Where that
//! reasoning runs out of budget, the rest is sampled,
//! [`Findings::sampled_ranges`] says where, [`Findings::exact`] is false,
//! and only what was found (a gap with its example, an outcome reached) is
//! certain.
//!
//! Why not a SAT or SMT solver: answers meet in arithmetic (BMI from height
//! and weight) and in first-match outcome order, which a pure-Rust SAT
//! solver needs bit-blasted; the walk evaluates them with the evaluator's
//! own rules instead, so it cannot disagree with the page.

use std::collections::{BTreeSet, HashMap};

use super::Assessment;
use super::classes::{all_atoms, answer_classes, walk_by_option};
use super::compile::Expr;
use super::deps::Dependencies;
use super::eval::Answer;
use super::residual::{Put, Reducer, Residual};
use super::wide::{Sampled, Wide};

#[path = "arena.rs"]
mod arena;
#[path = "checklist_walk.rs"]
mod checklist_walk;

use arena::Arena;

/// More states than this after one question are refused, naming the
/// questions whose answers are still told apart.
pub const MAX_STATES: usize = 100_000;

/// Parts of conditions worked out by the walk: past this the check stops
/// and the questionnaire is refused (about a second on a slow machine).
pub const MAX_WORK: u64 = 400_000_000;

/// What the walk found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Whether each question is shown for some answers.
    pub shown: Vec<bool>,
    /// Whether each outcome is reached for some answers.
    pub reached: Vec<bool>,
    /// For each note, answers whose result shows it (`None`: no answers do).
    pub noted: Vec<Option<Vec<Option<Answer>>>>,
    /// Answers on which no outcome holds.
    pub hole: Option<Vec<Option<Answer>>>,
    /// Scores with bands that can take a value outside every band.
    pub outside_bands: Vec<(usize, f64)>,
    /// Set when the questionnaire is too large to check.
    pub too_large: Option<TooLarge>,
    /// Set when the walk was stopped because working out the conditions
    /// would take too long: the question it had reached.
    pub too_costly: Option<usize>,
    /// Scores shown by an interrupting outcome that can appear before they
    /// are known: (outcome, score, the question after which it appears, a
    /// question the score reads that has no answer yet).
    pub early_scores: Vec<(usize, usize, usize, usize)>,
    /// Distinct states the walk went through (for the build's report).
    pub states: u64,
    /// Whether every answer was covered: false when some number question's
    /// values were only sampled.
    pub exact: bool,
    /// Checklists and dates whose answers were only sampled, with how
    /// many answers were tried.
    pub sampled: Vec<(usize, usize)>,
    /// Wide numbers in arithmetic: where their answers were only sampled.
    pub sampled_ranges: Vec<Sampled>,
    /// Wide numbers in arithmetic whose classes were proved by interval
    /// reasoning (for every state, or outside `sampled_ranges`).
    pub reasoned: Vec<usize>,
}

/// Too many states after one question.
#[derive(Debug)]
pub struct TooLarge {
    /// The question after which the states passed [`MAX_STATES`].
    pub after: usize,
    /// How many there were.
    pub states: usize,
    /// Questions answered by then whose answers later conditions still tell
    /// apart, the ones with the most classes first.
    pub remembered: Vec<usize>,
}

/// One state: the residual of every condition and score still to be worked
/// out (as ids in the [`Arena`]), the interrupts shown, and one example of
/// answers that lead here.
#[derive(Clone)]
struct State {
    residuals: Vec<u32>,
    fired: Vec<usize>,
    example: Vec<Option<Answer>>,
}

/// Where each expression's residual is kept in a [`State`].
struct Slots {
    /// Questions' `show_if`, from 0.
    questions: usize,
    /// Outcomes' `when`, from here.
    outcomes: usize,
    /// Scores, from here.
    scores: usize,
    /// Notes' `when`, from here.
    notes: usize,
}

impl Slots {
    fn show_if(&self, q: usize) -> usize {
        self.questions + q
    }
    fn outcome(&self, o: usize) -> usize {
        self.outcomes + o
    }
    fn score(&self, s: usize) -> usize {
        self.scores + s
    }
    fn note(&self, n: usize) -> usize {
        self.notes + n
    }
}

/// Runs the check.
pub fn analyse(assessment: &Assessment) -> Findings {
    analyse_within(assessment, MAX_WORK)
}

/// Runs the check, stopping after `max_work` parts worked out.
fn analyse_within(assessment: &Assessment, max_work: u64) -> Findings {
    let n = assessment.questions.len();
    let deps = Dependencies::new(assessment.scores.iter().map(|s| &s.expr));
    let atoms = all_atoms(assessment, &deps);
    let mut findings = Findings {
        shown: vec![false; n],
        reached: vec![false; assessment.outcomes.len()],
        noted: vec![None; assessment.notes.len()],
        exact: true,
        ..Findings::default()
    };
    let mut classes = Vec::with_capacity(n);
    let mut by_option: Vec<Option<Vec<usize>>> = vec![None; n];
    let mut wide = vec![false; n];
    for (q, atoms) in atoms.iter().enumerate() {
        // A long checklist whose options conditions tell apart one by one
        // is walked option by option (`checklist_walk`), not by subsets.
        if let Some(options) = walk_by_option(assessment, atoms, q) {
            classes.push(checklist_walk::singles(assessment, q));
            by_option[q] = Some(options);
            continue;
        }
        let c = answer_classes(assessment, atoms, q);
        wide[q] = c.wide;
        if c.wide {
            findings.reasoned.push(q);
        } else if !c.exact {
            findings.exact = false;
            findings.sampled.push((q, c.tried));
        }
        classes.push(c.values);
    }
    let slots = Slots {
        questions: 0,
        outcomes: n,
        scores: n + assessment.outcomes.len(),
        notes: n + assessment.outcomes.len() + assessment.scores.len(),
    };
    // Scores are kept when a band must cover them or an interrupting
    // outcome shows them; the others only through the conditions that use them.
    let kept: Vec<bool> = (0..assessment.scores.len())
        .map(|s| {
            !assessment.scores[s].bands.is_empty()
                || assessment
                    .outcomes
                    .iter()
                    .any(|o| o.interrupt && o.score_refs.contains(&s))
        })
        .collect();
    let mut reducer = Reducer {
        assessment,
        work: 0,
    };
    let mut arena = Arena::default();
    let mut residuals = Vec::new();
    for q in &assessment.questions {
        let r = match &q.show_if {
            Some(e) => reducer.reduce(e, &Put::Nothing),
            None => Residual::Bool(true),
        };
        residuals.push(arena.intern(r));
    }
    for o in &assessment.outcomes {
        let r = reducer.reduce(&o.when, &Put::Nothing);
        residuals.push(arena.intern(r));
    }
    for (s, score) in assessment.scores.iter().enumerate() {
        let r = if kept[s] {
            reducer.reduce(&score.expr, &Put::Nothing)
        } else {
            Residual::Bool(false)
        };
        residuals.push(arena.intern(r));
    }
    for note in &assessment.notes {
        let r = reducer.reduce(&note.when, &Put::Nothing);
        residuals.push(arena.intern(r));
    }
    let mut walk = Walk {
        assessment,
        deps,
        slots,
        reducer,
        arena,
        memo: HashMap::new(),
        none: vec![None; n],
        scratch: vec![None; n],
        wide: Wide::default(),
        findings,
    };
    let mut states = vec![State {
        residuals,
        fired: Vec::new(),
        example: vec![None; n],
    }];
    for (q, values) in classes.iter().enumerate() {
        let mut next = Next::default();
        walk.memo.clear();
        walk.wide.next_question(states.len());
        for state in &states {
            match &by_option[q] {
                Some(options) => walk.checklist_step(q, state, values, options, &mut next),
                None => walk.step(q, state, values, wide[q], &mut next),
            }
            if let Some(too_large) = walk.findings.too_large.as_mut() {
                too_large.remembered = remembered(assessment, &walk.deps, q, &classes);
                return walk.findings;
            }
            if walk.reducer.work > max_work {
                walk.findings.too_costly = Some(q);
                return walk.findings;
            }
            if next.states.len() > MAX_STATES {
                break;
            }
        }
        if next.states.len() > MAX_STATES {
            walk.findings.too_large = Some(TooLarge {
                after: q,
                states: next.states.len(),
                remembered: remembered(assessment, &walk.deps, q, &classes),
            });
            return walk.findings;
        }
        walk.findings.states += next.states.len() as u64;
        states = next.states;
    }
    for state in &states {
        walk.finish(state);
    }
    walk.findings.sampled_ranges = std::mem::take(&mut walk.wide.sampled);
    if !walk.findings.sampled_ranges.is_empty() {
        walk.findings.exact = false;
    }
    walk.findings
}

/// The states after one question, in the order they were first reached
/// (so the example kept for each is the same on every run).
#[derive(Default)]
struct Next {
    states: Vec<State>,
    index: HashMap<Vec<u32>, usize>,
}

/// The questions up to `q` that some condition or score read together with
/// a question after `q`: what the states after `q` remember.
fn remembered(
    assessment: &Assessment,
    deps: &Dependencies,
    q: usize,
    classes: &[Vec<Option<Answer>>],
) -> Vec<usize> {
    let exprs = assessment
        .questions
        .iter()
        .filter_map(|x| x.show_if.as_ref())
        .chain(assessment.outcomes.iter().map(|o| &o.when))
        .chain(assessment.scores.iter().map(|s| &s.expr))
        .chain(assessment.notes.iter().map(|n| &n.when));
    let mut found: BTreeSet<usize> = BTreeSet::new();
    for e in exprs {
        let reads = deps.of(e);
        if reads.iter().any(|&r| r > q) {
            found.extend(
                reads
                    .into_iter()
                    .filter(|&r| r <= q && classes[r].len() > 1),
            );
        }
    }
    let mut found: Vec<usize> = found.into_iter().collect();
    found.sort_by_key(|&r| (std::cmp::Reverse(classes[r].len()), r));
    found.truncate(5);
    found
}

struct Walk<'a> {
    assessment: &'a Assessment,
    deps: Dependencies,
    slots: Slots,
    reducer: Reducer<'a>,
    arena: Arena,
    /// This question's reductions: (residual, answer class) to residual.
    memo: HashMap<(u32, usize), u32>,
    /// No answers: what "right now" sees of the questions not yet asked.
    none: Vec<Option<Answer>>,
    /// No answers but the one being put in.
    scratch: Vec<Option<Answer>>,
    /// Classes of wide numbers, worked out per state.
    wide: Wide,
    findings: Findings,
}

impl Walk<'_> {
    /// Question `q` from `state`: shown or not, each class of answers, the
    /// interrupts each raises; the states after it go into `next`.
    fn step(
        &mut self,
        q: usize,
        state: &State,
        values: &[Option<Answer>],
        wide: bool,
        next: &mut Next,
    ) {
        let shown = self.now(state.residuals[self.slots.show_if(q)]) == Residual::Bool(true);
        let hidden = [None];
        let per_state;
        let values = if shown && wide {
            self.findings.shown[q] = true;
            per_state = self.wide_values(q, state, values);
            &per_state[..]
        } else if shown {
            self.findings.shown[q] = true;
            values
        } else {
            &hidden[..]
        };
        for (class, value) in values.iter().enumerate() {
            // A wide number's classes differ from state to state: its
            // reductions are remembered by the value itself.
            let class = match value {
                _ if !shown => usize::MAX,
                Some(Answer::Number(v)) if wide => v.to_bits() as usize,
                None if wide => usize::MAX - 1,
                _ => class,
            };
            // The answer alone: reductions read only question q.
            let mut answer = std::mem::take(&mut self.scratch);
            answer[q] = *value;
            let residuals: Vec<u32> = state
                .residuals
                .iter()
                .map(|&id| self.put(id, q, class, &answer))
                .collect();
            answer[q] = None;
            self.scratch = answer;
            self.land(q, state, shown, residuals, *value, next);
        }
    }

    /// The residuals after question `q` (answered `value`) from `state`:
    /// the interrupts they raise, then the state they leave, into `next`.
    pub(super) fn land(
        &mut self,
        q: usize,
        state: &State,
        shown: bool,
        residuals: Vec<u32>,
        value: Option<Answer>,
        next: &mut Next,
    ) {
        let assessment = self.assessment;
        {
            // The full example, made only when it is needed.
            let example = || {
                let mut example = state.example.clone();
                example[q] = value;
                example
            };
            let mut fired = state.fired.clone();
            let mut stopped = false;
            // Interrupts are checked only after a question that is shown.
            while shown && !stopped {
                let Some(o) = (0..assessment.outcomes.len()).find(|&o| {
                    assessment.outcomes[o].interrupt
                        && !fired.contains(&o)
                        && self.now(residuals[self.slots.outcome(o)]) == Residual::Bool(true)
                }) else {
                    break;
                };
                self.findings.reached[o] = true;
                fired.push(o);
                self.check_shown_scores(o, q, &residuals, &example());
                stopped = assessment.outcomes[o].continue_label.is_none();
            }
            if stopped {
                return;
            }
            fired.sort_unstable();
            let mut key: Vec<u32> = fired.iter().map(|&o| o as u32).collect();
            key.push(u32::MAX);
            // The show_ifs of questions asked already, and the conditions
            // of interrupts shown, are never read again.
            for (i, &id) in residuals.iter().enumerate() {
                let dead = i <= self.slots.show_if(q)
                    || (i >= self.slots.outcomes
                        && i < self.slots.scores
                        && fired.contains(&(i - self.slots.outcomes)));
                if !dead {
                    key.push(id);
                }
            }
            if !next.index.contains_key(&key) {
                next.index.insert(key, next.states.len());
                next.states.push(State {
                    residuals,
                    fired,
                    example: example(),
                });
            }
        }
    }

    /// One answer per class of wide number `q` in `state`: the residuals
    /// still reading it, split by interval reasoning (`super::wide`);
    /// `samples` for what that leaves undecided.
    fn wide_values(
        &mut self,
        q: usize,
        state: &State,
        samples: &[Option<Answer>],
    ) -> Vec<Option<Answer>> {
        let mut leaves: Vec<(u32, Option<usize>)> = Vec::new();
        for (i, &id) in state.residuals.iter().enumerate() {
            let score =
                (i >= self.slots.scores && i < self.slots.notes).then(|| i - self.slots.scores);
            self.reading(id, q, score, &mut leaves);
        }
        leaves.sort_unstable();
        leaves.dedup();
        let open: Vec<(&Expr, Option<usize>)> = leaves
            .iter()
            .filter_map(
                |&(id, score)| match &self.arena.items[id as usize].residual {
                    Residual::Open(e) => Some((e, score)),
                    Residual::Bool(_) | Residual::Num(_) => None,
                },
            )
            .collect();
        self.wide.values(self.assessment, q, &open, samples)
    }

    /// Pushes the parts of residual `id` (through its `and`/`or`) that read `q`.
    fn reading(
        &self,
        id: u32,
        q: usize,
        score: Option<usize>,
        out: &mut Vec<(u32, Option<usize>)>,
    ) {
        let item = &self.arena.items[id as usize];
        if item.reads.binary_search(&q).is_err() {
            return;
        }
        match &item.chain {
            Some((_, parts)) => parts.iter().for_each(|&p| self.reading(p, q, None, out)),
            None => out.push((id, score)),
        }
    }

    /// Residual `id` with question `q` answered as in `answers` (answer
    /// class `class`).
    pub(super) fn put(
        &mut self,
        id: u32,
        q: usize,
        class: usize,
        answers: &[Option<Answer>],
    ) -> u32 {
        let item = &self.arena.items[id as usize];
        if item.reads.binary_search(&q).is_err() {
            return id;
        }
        if let Some(&done) = self.memo.get(&(id, class)) {
            return done;
        }
        let new = if let Some((decides, parts)) = item.chain.clone() {
            let parts = parts
                .into_iter()
                .map(|p| self.put(p, q, class, answers))
                .collect();
            self.arena.chain(decides, parts)
        } else {
            let Residual::Open(e) = &item.residual else {
                return id;
            };
            let e = e.clone();
            let r = self.reducer.reduce(&e, &Put::One(q, answers));
            self.arena.intern(r)
        };
        self.memo.insert((id, class), new);
        new
    }

    /// The value of residual `id` right now, with no answer to the
    /// questions not yet asked.
    pub(super) fn now(&mut self, id: u32) -> Residual {
        let item = &self.arena.items[id as usize];
        if let Some(now) = &item.now {
            return now.clone();
        }
        let now = if let Some((decides, parts)) = item.chain.clone() {
            let hit = parts
                .into_iter()
                .any(|p| self.now(p) == Residual::Bool(decides));
            Residual::Bool(hit == decides)
        } else {
            match &item.residual {
                Residual::Open(e) => {
                    let e = e.clone();
                    self.reducer.reduce(&e, &Put::NoneLeft(&self.none))
                }
                decided => decided.clone(),
            }
        };
        self.arena.items[id as usize].now = Some(now.clone());
        now
    }

    /// An interrupting outcome `o` appears after question `q`: every score
    /// its body shows must be known by then, or the person sees a blank (or
    /// a total of the questions asked so far).
    fn check_shown_scores(
        &mut self,
        o: usize,
        q: usize,
        residuals: &[u32],
        example: &[Option<Answer>],
    ) {
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
            let reads = self.deps.of_score(s).clone();
            let unknown = self.now(residuals[self.slots.score(s)]) == Residual::Num(None);
            let missing = reads.iter().copied().find(|&r| r > q).or_else(|| {
                unknown
                    .then(|| reads.iter().copied().find(|&r| example[r].is_none()))
                    .flatten()
            });
            if let Some(r) = missing {
                self.findings.early_scores.push((o, s, q, r));
            }
        }
    }

    /// The end of the questions: the result, and every banded score in a band.
    fn finish(&mut self, state: &State) {
        let assessment = self.assessment;
        let result = (0..assessment.outcomes.len()).find(|&o| {
            !assessment.outcomes[o].interrupt
                && self.arena.items[state.residuals[self.slots.outcome(o)] as usize].residual
                    == Residual::Bool(true)
        });
        if result.is_some() {
            // A result shows every note whose condition holds.
            for n in 0..assessment.notes.len() {
                let id = state.residuals[self.slots.note(n)];
                if self.findings.noted[n].is_none()
                    && self.arena.items[id as usize].residual == Residual::Bool(true)
                {
                    self.findings.noted[n] = Some(state.example.clone());
                }
            }
        }
        match result {
            Some(o) => self.findings.reached[o] = true,
            None if self.findings.hole.is_none() => {
                self.findings.hole = Some(state.example.clone());
            }
            None => {}
        }
        for (s, score) in assessment.scores.iter().enumerate() {
            if score.bands.is_empty() {
                continue;
            }
            let id = state.residuals[self.slots.score(s)];
            if let Residual::Num(Some(v)) = self.arena.items[id as usize].residual
                && !score.bands.iter().any(|b| v >= b.min && v <= b.max)
                && !self.findings.outside_bands.contains(&(s, v))
            {
                self.findings.outside_bands.push((s, v));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment, problems};
    use super::*;

    #[test]
    fn the_small_questionnaire_is_decided() {
        let findings = analyse(&assessment(SMALL));
        assert!(findings.shown.iter().all(|s| *s));
        assert!(findings.reached.iter().all(|r| *r));
        assert!(findings.hole.is_none() && findings.outside_bands.is_empty());
        assert!(findings.exact);
        // after age: 2; after mood: under 18, or an adult's total (2, 3)
        // (4 interrupts, shown and continued); screen and years read by none.
        assert_eq!(findings.states, 2 + 3 + 3 + 3);
    }

    #[test]
    fn an_interrupt_behind_one_that_always_stops_first_is_never_reached() {
        // `late` reads `age` too, but `crisis` (raised by under-18s and
        // without a continue) always comes first in order.
        let yaml = SMALL
            .replace("    continue: Go on\n", "")
            .replace("when: \"total >= 4\"", "when: \"age == 'under_18'\"")
            .replace(
                "  - id: fine\n",
                "  - id: late\n    when: \"age == 'under_18' and 'bp' in screen\"\n    interrupt: true\n    title: Late\n    body: Late.\n  - id: fine\n",
            )
            .replace("    expect: crisis\n", "    expect: fine\n")
            .replace("  - answers: { age: under_18, screen: [heart] }\n    expect: fine\n", "");
        assert_eq!(
            problems(&yaml),
            [
                "43:12 outcome `late` can never be reached (no answers make its `when` true before an earlier outcome (`crisis`) matches; move it up or narrow the earlier ones)"
            ]
        );
    }

    #[test]
    fn the_walk_stops_at_its_budget() {
        let findings = analyse_within(&assessment(SMALL), 10);
        assert_eq!(findings.too_costly, Some(0));
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
