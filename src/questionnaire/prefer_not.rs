//! The "prefer not to say" check: every condition that reads a question
//! offering "Prefer not to say" must say what that answer means there.
//!
//! The rule (README: Prefer not to say): a condition (`show_if`, an
//! outcome's or a note's `when`, a note's reason, a `validate` rule)
//! *handles* question `q` when it calls `declined(q)` or `answered(q)`
//! itself. A condition that reads `q` (directly, or through a score that
//! reads it) without either is reported, one message per condition, naming
//! every question it leaves unhandled. A score is a number and cannot test
//! `declined(q)`; it counts a declined answer as 0, and the conditions that
//! use the score are the ones checked. A question's own `validate` rule
//! never sees its declined answer (there is nothing to check), so it need
//! not handle its own question.

use std::collections::BTreeSet;

use super::Assessment;
use super::compile::Expr;
use super::deps::Dependencies;
use super::locate::Section;
use super::lower::Context;
use super::model::AssessmentFile;

/// One condition to check: where it is and what it is.
struct Site<'a> {
    section: Section,
    index: usize,
    key: &'a str,
    text: &'a str,
    expr: &'a Expr,
    owner: String,
    /// Its own question, for a `validate` rule.
    own: Option<usize>,
}

impl Context<'_> {
    /// Reports each condition that reads a question offering "prefer not to
    /// say" without `declined(q)` or `answered(q)`.
    pub(super) fn check_declinable(&mut self, assessment: &Assessment, file: &AssessmentFile) {
        let declinable: BTreeSet<usize> = (0..assessment.questions.len())
            .filter(|&q| assessment.questions[q].prefer_not)
            .collect();
        if declinable.is_empty() {
            return;
        }
        let deps = Dependencies::new(assessment.scores.iter().map(|s| &s.expr));
        let mut sites = Vec::new();
        for (i, (q, def)) in assessment.questions.iter().zip(&file.questions).enumerate() {
            if let (Some(expr), Some(text)) = (&q.show_if, &def.show_if) {
                sites.push(Site {
                    section: Section::Questions,
                    index: i,
                    key: "show_if",
                    text,
                    expr,
                    owner: format!("the `show_if` of question `{}`", q.id),
                    own: None,
                });
            }
            if let (Some(expr), Some(rule)) = (&q.validate, &def.validate) {
                sites.push(Site {
                    section: Section::Questions,
                    index: i,
                    key: "validate",
                    text: &rule.rule,
                    expr,
                    owner: format!("the `validate` rule of question `{}`", q.id),
                    own: Some(i),
                });
            }
        }
        for (i, (o, def)) in assessment.outcomes.iter().zip(&file.outcomes).enumerate() {
            sites.push(Site {
                section: Section::Outcomes,
                index: i,
                key: "when",
                text: &def.when,
                expr: &o.when,
                owner: format!("the `when` of outcome `{}`", o.id),
                own: None,
            });
        }
        for (i, (n, def)) in assessment.notes.iter().zip(&file.notes).enumerate() {
            sites.push(Site {
                section: Section::Notes,
                index: i,
                key: "when",
                text: &def.when,
                expr: &n.when,
                owner: format!("the `when` of note `{}`", n.id),
                own: None,
            });
            for (r, rdef) in n.reasons.iter().zip(&def.reasons) {
                sites.push(Site {
                    section: Section::Notes,
                    index: i,
                    // Found after `reasons:`, not in the note's own `when`.
                    key: "reasons",
                    text: &rdef.when,
                    expr: &r.when,
                    owner: format!("a reason of note `{}`", n.id),
                    own: None,
                });
            }
        }
        for site in sites {
            let mut handled = BTreeSet::new();
            site.expr.visit(&mut |e| {
                if let Expr::Declined { q } | Expr::Answered { q } = e {
                    handled.insert(*q);
                }
            });
            let missing: Vec<usize> = deps
                .of(site.expr)
                .into_iter()
                .filter(|q| declinable.contains(q) && !handled.contains(q) && Some(*q) != site.own)
                .collect();
            let Some(&first) = missing.first() else {
                continue;
            };
            let ids: Vec<String> = missing
                .iter()
                .map(|&q| format!("`{}`", assessment.questions[q].id))
                .collect();
            let id = &assessment.questions[first].id;
            let message = format!(
                "{} reads {}, which {} “Prefer not to say”, but does not say what that answer means here",
                site.owner,
                join(&ids),
                if ids.len() == 1 { "offers" } else { "offer" }
            );
            // Underline the first place the question is named, if it is.
            let span = site
                .text
                .find(id.as_str())
                .map_or((0, site.text.len()), |at| (at, at + id.len()));
            let d = self
                .locator
                .in_expression(site.section, site.index, site.key, site.text, span, message)
                .hint(format!(
                    "write `declined({id}) or ...` to count it in, or `answered({id}) and ...` to leave it out"
                ));
            self.push(d);
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
