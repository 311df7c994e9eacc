//! The residuals of the walk in [`super`], each kept once and named by an
//! id, so that states are short lists of ids and equal states are found by
//! comparing them.

use std::collections::HashMap;

use crate::questionnaire::compile::Expr;
use crate::questionnaire::residual::Residual;

/// Every distinct residual once, by id: states share them, and each is
/// reduced at most once per answer class and worked out "right now" once.
/// An `and` or `or` is kept as the ids of its arguments, so answering a
/// question touches only the arguments that read it: a 30-part "any of
/// these" stays 30 shared parts, not a new copy per state.
#[derive(Default)]
pub(super) struct Arena {
    pub(super) items: Vec<Item>,
    ids: HashMap<String, u32>,
}

pub(super) struct Item {
    /// The residual; for a chain, a placeholder (see `chain`).
    pub(super) residual: Residual,
    /// An `or` (true) or `and` (false) of other items.
    pub(super) chain: Option<(bool, Vec<u32>)>,
    /// The questions it still reads.
    pub(super) reads: Vec<usize>,
    /// Its value with no answer to the questions it reads.
    pub(super) now: Option<Residual>,
}

impl Arena {
    /// The id of `residual`, added if new.
    pub(super) fn intern(&mut self, residual: Residual) -> u32 {
        match residual {
            Residual::Open(Expr::Or { args }) => {
                let parts = args
                    .into_iter()
                    .map(|e| self.intern(Residual::Open(e)))
                    .collect();
                self.chain(true, parts)
            }
            Residual::Open(Expr::And { args }) => {
                let parts = args
                    .into_iter()
                    .map(|e| self.intern(Residual::Open(e)))
                    .collect();
                self.chain(false, parts)
            }
            residual => {
                let mut key = String::new();
                residual.key(&mut key);
                if let Some(&id) = self.ids.get(&key) {
                    return id;
                }
                let mut reads = Vec::new();
                if let Residual::Open(e) = &residual {
                    e.visit(&mut |x| reads.extend(x.question()));
                    reads.sort_unstable();
                    reads.dedup();
                }
                self.add(key, residual, None, reads)
            }
        }
    }

    /// The id of an `or` (`decides` true) or `and` of `parts`, decided when
    /// a part decides it or none is left.
    pub(super) fn chain(&mut self, decides: bool, parts: Vec<u32>) -> u32 {
        let mut left = Vec::with_capacity(parts.len());
        for id in parts {
            match self.items[id as usize].residual {
                _ if self.items[id as usize].chain.is_some() => left.push(id),
                // A number read as a condition is false, as in the evaluator.
                Residual::Bool(v) if v == decides => return self.intern(Residual::Bool(decides)),
                Residual::Num(_) if !decides => return self.intern(Residual::Bool(false)),
                Residual::Bool(_) | Residual::Num(_) => {}
                Residual::Open(_) => left.push(id),
            }
        }
        match left[..] {
            [] => self.intern(Residual::Bool(!decides)),
            [one] => one,
            _ => {
                let key = format!("{}{:?}", if decides { "or" } else { "and" }, left);
                if let Some(&id) = self.ids.get(&key) {
                    return id;
                }
                let mut reads: Vec<usize> = left
                    .iter()
                    .flat_map(|&id| self.items[id as usize].reads.iter().copied())
                    .collect();
                reads.sort_unstable();
                reads.dedup();
                let placeholder = Residual::Open(Expr::Bool { v: false });
                self.add(key, placeholder, Some((decides, left)), reads)
            }
        }
    }

    fn add(
        &mut self,
        key: String,
        residual: Residual,
        chain: Option<(bool, Vec<u32>)>,
        reads: Vec<usize>,
    ) -> u32 {
        let id = self.items.len() as u32;
        self.items.push(Item {
            residual,
            chain,
            reads,
            now: None,
        });
        self.ids.insert(key, id);
        id
    }
}
