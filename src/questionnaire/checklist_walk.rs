//! A long checklist walked option by option.
//!
//! Trying a checklist's answers as subsets costs 2^n when conditions tell
//! its n options apart one by one (`('m01' in meds and age >= 65) or ...`).
//! When they read it only that way (see `classes::walk_by_option`), each
//! option is instead a yes/no step of the walk: every residual has that
//! option's `has` leaves put in, and equal states merge after each option,
//! so a 40-option checklist read in 40 separate places costs about 40
//! steps of a few states each. After the last option the answer is
//! complete; what is left of the checklist's leaves (`answered(q)`, an
//! exclusive option's `has`) is the same for every non-empty choice of the
//! other options, so it is put in with the first example that reached the
//! state. Exclusive options alone and "no answer" are tried as usual. The
//! result is exact, as the walk by classes is.

use std::collections::HashMap;

use super::{MAX_STATES, Next, Residual, State, TooLarge, Walk};
use crate::questionnaire::Assessment;
use crate::questionnaire::eval::{Answer, Bits};
use crate::questionnaire::residual::Put;

/// The answers tried as usual for a checklist walked by option: each
/// exclusive option alone, and no answer when it may be skipped.
pub(super) fn singles(assessment: &Assessment, q: usize) -> Vec<Option<Answer>> {
    let question = &assessment.questions[q];
    let mut values: Vec<Option<Answer>> = (0..question.options.len())
        .filter(|&i| question.options[i].exclusive)
        .map(|i| Some(Answer::Multi(Bits::one(i))))
        .collect();
    if question.optional {
        values.push(None);
    }
    if question.prefer_not {
        values.push(Some(Answer::Declined));
    }
    values
}

/// The class key of the complete answers put in after the last option: one
/// class, as every complete non-empty answer leaves the same (see above).
const COMPLETE: usize = usize::MAX - 1;

impl Walk<'_> {
    /// Checklist `q` from `state`, option by option over `options` (its
    /// options that are not exclusive); `singles` are tried as usual.
    pub(super) fn checklist_step(
        &mut self,
        q: usize,
        state: &State,
        singles: &[Option<Answer>],
        options: &[usize],
        next: &mut Next,
    ) {
        let shown = self.now(state.residuals[self.slots.show_if(q)]) == Residual::Bool(true);
        // Hidden, the usual step puts in "no answer"; shown, it tries the
        // single answers (and marks the question shown).
        self.step(q, state, singles, false, next);
        if !shown {
            return;
        }
        let mut memo: HashMap<(u32, usize, bool), u32> = HashMap::new();
        let mut subs: Vec<(Vec<u32>, Bits)> = vec![(state.residuals.clone(), Bits::EMPTY)];
        for &opt in options {
            let mut seen: HashMap<(Vec<u32>, bool), ()> = HashMap::new();
            let mut after = Vec::with_capacity(subs.len() * 2);
            for (residuals, bits) in &subs {
                for chosen in [false, true] {
                    let put: Vec<u32> = residuals
                        .iter()
                        .map(|&id| self.put_option(id, q, opt, chosen, &mut memo))
                        .collect();
                    let mut bits = *bits;
                    if chosen {
                        bits.insert(opt);
                    }
                    if seen.insert((put.clone(), !bits.is_empty()), ()).is_none() {
                        after.push((put, bits));
                    }
                }
            }
            subs = after;
            if subs.len() > MAX_STATES {
                self.findings.too_large = Some(TooLarge {
                    after: q,
                    states: subs.len(),
                    remembered: Vec::new(),
                });
                return;
            }
        }
        for (residuals, bits) in subs {
            // Nothing chosen is no answer, tried with the singles.
            if bits.is_empty() {
                continue;
            }
            let value = Some(Answer::Multi(bits));
            let mut answer = std::mem::take(&mut self.scratch);
            answer[q] = value;
            let residuals: Vec<u32> = residuals
                .iter()
                .map(|&id| self.put(id, q, COMPLETE, &answer))
                .collect();
            answer[q] = None;
            self.scratch = answer;
            self.land(q, state, true, residuals, value, next);
        }
    }

    /// Residual `id` with option `opt` of checklist `q` chosen or not.
    fn put_option(
        &mut self,
        id: u32,
        q: usize,
        opt: usize,
        chosen: bool,
        memo: &mut HashMap<(u32, usize, bool), u32>,
    ) -> u32 {
        let item = &self.arena.items[id as usize];
        if item.reads.binary_search(&q).is_err() {
            return id;
        }
        if let Some(&done) = memo.get(&(id, opt, chosen)) {
            return done;
        }
        let new = if let Some((decides, parts)) = item.chain.clone() {
            let parts = parts
                .into_iter()
                .map(|p| self.put_option(p, q, opt, chosen, memo))
                .collect();
            self.arena.chain(decides, parts)
        } else {
            let Residual::Open(e) = &item.residual else {
                return id;
            };
            let e = e.clone();
            let r = self.reducer.reduce(&e, &Put::Option(q, opt, chosen));
            self.arena.intern(r)
        };
        memo.insert((id, opt, chosen), new);
        new
    }
}
