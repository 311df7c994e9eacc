//! Lowering: the file as staff write it ([`super::model`]) becomes the
//! checked [`Assessment`], with every name in an expression resolved and
//! every id, option, score, band and outcome checked. One [`Context`]
//! carries what the stages share: where things stand in the source, the
//! site's values and the problems found so far.

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;

use super::compile::{self, CompileError, Expr, QuestionInfo, Scope};
use super::deps::Dependencies;
use super::locate::{Locator, Section};
use super::model::{AssessmentFile, QuestionType};
use super::options::{id_hint, valid_id};
use super::placeholders::strip_paragraph;
use super::{Assessment, FILE, Note, Outcome, Question, Reason, Score, format_number};

/// What the stages share while a questionnaire is lowered, checked and tested.
pub(super) struct Context<'a> {
    /// Finds items and values in the source text.
    pub(super) locator: &'a Locator<'a>,
    /// The site's values (`{phone}`, the regions).
    pub(super) config: &'a SiteConfig,
    /// `{regions}` as the text shows it, joined with the language's word
    /// ("Oregon and Washington", "Oregón y Washington"), made once.
    pub(super) regions_text: String,
    /// Every problem found so far (at most [`MAX_PROBLEMS`]).
    pub(super) problems: Vec<Diagnostic>,
    /// Problems past [`MAX_PROBLEMS`], not kept.
    pub(super) dropped: usize,
    /// The question ids, for `{answer.question}` in text.
    pub(super) answer_names: Vec<String>,
    /// Whether the text being lowered is shown where every answer is known
    /// (a result or a note), so `{answer.question}` may stand in it.
    pub(super) answers_known: bool,
}

/// At most this many problems are reported for the file.
pub(super) const MAX_PROBLEMS: usize = 100;

impl Context<'_> {
    pub(super) fn push(&mut self, diagnostic: Diagnostic) {
        if self.full() {
            self.dropped += 1;
        } else {
            self.problems.push(diagnostic);
        }
    }

    /// Whether [`MAX_PROBLEMS`] were found: later expressions are not
    /// compiled, so a file with thousands of mistakes is reported quickly.
    pub(super) fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// The problems found, with a last one saying how many more there were.
    pub(super) fn into_problems(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0 || self.full() {
            let d = Diagnostic::error(
                FILE,
                format!("stopped after {MAX_PROBLEMS} problems in this file"),
            )
            .hint("fix these first; the build reports the rest once there are fewer");
            self.problems.push(d);
        }
        self.problems
    }

    pub(super) fn line_of(&self, section: Section, index: usize) -> usize {
        self.locator.at_item(section, index, String::new()).line
    }

    /// Lowers the whole file.
    pub(super) fn assessment(&mut self, file: &AssessmentFile) -> Assessment {
        let questions = self.questions(file);
        self.answer_names = questions.iter().map(|q| q.id.clone()).collect();
        let infos: Vec<QuestionInfo> = questions
            .iter()
            .map(|q| QuestionInfo {
                id: &q.id,
                kind: q.kind,
                options: q.options.iter().map(|o| o.id.as_str()).collect(),
                has_scores: q.options.iter().any(|o| o.score != 0.0),
                prefer_not: q.prefer_not,
            })
            .collect();
        let scores = self.scores(file, &infos);
        let score_names: Vec<&str> = scores.iter().map(|s| s.id.as_str()).collect();
        let show_ifs = self.show_ifs(file, &infos, &score_names, &scores);
        let validates = self.validates(file, &infos);
        let outcomes = self.outcomes(file, &infos, &score_names, &scores);
        let notes = self.notes(file, &infos, &score_names, &scores);
        let questions = questions
            .into_iter()
            .zip(show_ifs.into_iter().zip(validates))
            .map(|(mut q, (show_if, validate))| {
                q.show_if = show_if;
                q.validate = validate;
                q
            })
            .collect();
        let intro = file.intro.as_deref().unwrap_or("");
        let description = file.description.clone().unwrap_or_else(|| {
            intro
                .lines()
                .next()
                .unwrap_or("A private self-assessment that runs on your device.")
                .to_string()
        });
        let intro_html = self.site_text(intro, "intro", &scores, None);
        let credit_html = file
            .credit
            .as_deref()
            .map(|c| self.site_text(c, "credit", &scores, None))
            .unwrap_or_default();
        Assessment {
            title: file.title.clone(),
            description,
            intro_html,
            credit_html,
            questions,
            scores,
            outcomes,
            notes,
            tests: 0,
            proof: Default::default(),
            untested: Vec::new(),
            today: super::dates::REFERENCE_TODAY,
            untested_notes: Vec::new(),
        }
    }

    pub(super) fn questions(&mut self, file: &AssessmentFile) -> Vec<Question> {
        let mut questions: Vec<Question> = Vec::new();
        for (i, def) in file.questions.iter().enumerate() {
            let line = self.line_of(Section::Questions, i);
            let earlier = questions.iter().find(|q| q.id == def.id).map(|q| q.line);
            self.check_id(Section::Questions, i, &def.id, earlier);
            let options = self.options(i, def);
            if let (Some(min), Some(max)) = (def.min, def.max)
                && min > max
            {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        "min",
                        &min.to_string(),
                        format!("question `{}` has `min` {min} above `max` {max}", def.id),
                    )
                    .hint("swap them");
                self.push(d);
            }
            let decimals = match def.step {
                Some(step) => match step_decimals(step) {
                    Some(d) => d,
                    None => {
                        let d = self
                            .locator
                            .at_value(
                                Section::Questions,
                                i,
                                "step",
                                "",
                                format!("the `step` of question `{}` must be 1, 0.1, 0.01 and so on (up to 6 decimals), not {}", def.id, format_number(step)),
                            )
                            .hint("write `step: 0.1` to allow one decimal, as in 150.5");
                        self.push(d);
                        0
                    }
                },
                None => 0,
            };
            if def.kind != QuestionType::Text && def.max_length.is_some() {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        "max_length",
                        "",
                        format!(
                            "`max_length` is for free-text questions, and `{}` is not one",
                            def.id
                        ),
                    )
                    .hint("remove it, or write `type: text`");
                self.push(d);
            }
            if def.kind != QuestionType::Number
                && (def.min.is_some()
                    || def.max.is_some()
                    || def.unit.is_some()
                    || def.step.is_some())
            {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        "type",
                        "",
                        format!(
                            "`min`, `max`, `step` and `unit` are for number questions, and `{}` is not one",
                            def.id
                        ),
                    )
                    .hint("remove them, or write `type: number`");
                self.push(d);
            }
            let (not_before, not_after) = self.date_fields(i, def);
            // A run of questions under one stem (the PHQ-9's "Over the
            // last 2 weeks...") carries it once in the page.
            let stem_repeat = def.stem.is_some()
                && questions.last().is_some_and(|p: &Question| {
                    p.stem == def.stem
                        && matches!(p.kind, QuestionType::Number | QuestionType::Date)
                            == matches!(def.kind, QuestionType::Number | QuestionType::Date)
                });
            questions.push(Question {
                id: def.id.clone(),
                text: def.text.clone(),
                kind: def.kind,
                hint: def.hint.clone(),
                stem: def.stem.clone(),
                stem_repeat,
                options,
                show_if: None,
                // Free text is never required: nothing depends on it.
                optional: def.optional || def.kind == QuestionType::Text,
                safety: def.safety,
                min: def.min,
                max: def.max,
                unit: def.unit.clone(),
                decimals,
                validate: None,
                validate_message: def.validate.as_ref().map(|v| v.message.clone()),
                max_length: def.max_length.unwrap_or(DEFAULT_TEXT_LENGTH),
                not_before,
                not_after,
                prefer_not: def.prefer_not_to_say,
                line,
            });
        }
        if questions.is_empty() {
            let d = Diagnostic::error(FILE, "the self-assessment has no questions")
                .hint("add at least one item under `questions:`");
            self.push(d);
        }
        questions
    }

    pub(super) fn report(
        &mut self,
        section: Section,
        index: usize,
        key: &str,
        text: &str,
        error: CompileError,
    ) {
        let mut d =
            self.locator
                .in_expression(section, index, key, text, error.span, error.message);
        if let Some(hint) = error.hint {
            d = d.hint(hint);
        }
        self.push(d);
    }

    pub(super) fn scores(&mut self, file: &AssessmentFile, infos: &[QuestionInfo]) -> Vec<Score> {
        let names: Vec<&str> = file.scores.0.iter().map(|(n, _)| n.as_str()).collect();
        let mut scores = Vec::new();
        let mut deps = Dependencies::default();
        // Scores refused as too large: later scores that use them are not
        // reported again.
        let mut refused: Vec<usize> = Vec::new();
        for (i, (name, def)) in file.scores.0.iter().enumerate() {
            if !valid_id(name)
                || infos.iter().any(|q| q.id == name)
                || names[..i].contains(&name.as_str())
            {
                let message = if !valid_id(name) {
                    format!("`{name}` cannot be a score name")
                } else if infos.iter().any(|q| q.id == name) {
                    format!("the score `{name}` has the same name as a question")
                } else {
                    format!("two scores are named `{name}`")
                };
                let d = self
                    .locator
                    .at_item(Section::Scores, i, message)
                    .hint(if valid_id(name) {
                        "give each score and question its own name".to_string()
                    } else {
                        id_hint(name)
                    });
                self.push(d);
            }
            let scope = Scope {
                questions: infos,
                scores: &names,
                questions_before: infos.len(),
                scores_before: i,
                owner: name,
            };
            let compiled = if self.full() {
                Ok(Expr::Num { v: 0.0 })
            } else {
                compile::number(&def.value, &scope)
            };
            let expr = match compiled {
                Ok(e) => e,
                Err(error) => {
                    self.report(Section::Scores, i, "value", &def.value, error);
                    Expr::Num { v: 0.0 }
                }
            };
            // The real cost goes on, so that scores using this one are
            // refused too (but reported only once, here).
            deps.push(&expr);
            let cost = deps.score_cost(i);
            let mut uses_refused = false;
            expr.visit(&mut |e| {
                if let Expr::Ref { s } = e {
                    uses_refused |= refused.contains(s);
                }
            });
            let expr = if cost.within_limits() {
                expr
            } else if uses_refused {
                refused.push(i);
                Expr::Num { v: 0.0 }
            } else {
                refused.push(i);
                let d = self
                    .locator
                    .at_item(Section::Scores, i, format!("the score `{name}` is too large to work out: {}", cost.excess()))
                    .hint("use each score once in an expression, or build totals from fewer scores that use each other");
                self.push(d);
                Expr::Num { v: 0.0 }
            };
            let mut bands = def.bands.clone();
            bands.sort_by(|a, b| a.min.total_cmp(&b.min));
            for band in &bands {
                if band.min > band.max {
                    let d = self
                        .locator
                        .at_value(
                            Section::Scores,
                            i,
                            "bands",
                            &band.label,
                            format!(
                                "the band `{}` of score `{name}` starts at {} but ends at {}",
                                band.label,
                                format_number(band.min),
                                format_number(band.max)
                            ),
                        )
                        .hint("`min` is the lowest value in the band, `max` the highest");
                    self.push(d);
                }
            }
            for pair in bands.windows(2) {
                if pair[1].min <= pair[0].max {
                    let d = self
                        .locator
                        .at_value(
                            Section::Scores,
                            i,
                            "bands",
                            &pair[1].label,
                            format!(
                                "the bands `{}` and `{}` of score `{name}` overlap",
                                pair[0].label, pair[1].label
                            ),
                        )
                        .hint(format!(
                            "start `{}` above {}",
                            pair[1].label,
                            format_number(pair[0].max)
                        ));
                    self.push(d);
                }
            }
            scores.push(Score {
                id: name.clone(),
                expr,
                bands: def.bands.clone(),
            });
        }
        scores
    }

    pub(super) fn show_ifs(
        &mut self,
        file: &AssessmentFile,
        infos: &[QuestionInfo],
        score_names: &[&str],
        scores: &[Score],
    ) -> Vec<Option<Expr>> {
        let deps = Dependencies::new(scores.iter().map(|s| &s.expr));
        let mut result = Vec::new();
        for (i, def) in file.questions.iter().enumerate() {
            let Some(text) = &def.show_if else {
                result.push(None);
                continue;
            };
            let scope = Scope {
                questions: infos,
                scores: score_names,
                questions_before: i,
                scores_before: score_names.len(),
                owner: &def.id,
            };
            if self.full() {
                result.push(None);
                continue;
            }
            match compile::condition(text, &scope).and_then(|e| affordable(e, &deps)) {
                Ok(expr) => {
                    // A score used here must be made of earlier questions only.
                    let mut later = None;
                    expr.visit(&mut |e| {
                        if let Expr::Ref { s } = e
                            && let Some(&q) = deps.of_score(*s).iter().find(|&&q| q >= i)
                        {
                            later = Some((*s, q));
                        }
                    });
                    if let Some((s, q)) = later {
                        let name = &scores[s].id;
                        let d = self
                            .locator
                            .in_expression(Section::Questions, i, "show_if", text, text.find(name.as_str()).map_or((0, 1), |at| (at, at + name.len())), format!("`{}` can only look at earlier questions, and the score `{name}` reads `{}`, which comes later", def.id, infos[q].id))
                            .hint("move the question after every question its `show_if` reads");
                        self.push(d);
                    }
                    result.push(Some(expr));
                }
                Err(error) => {
                    self.report(Section::Questions, i, "show_if", text, error);
                    result.push(None);
                }
            }
        }
        result
    }

    pub(super) fn outcomes(
        &mut self,
        file: &AssessmentFile,
        infos: &[QuestionInfo],
        score_names: &[&str],
        scores: &[Score],
    ) -> Vec<Outcome> {
        let deps = Dependencies::new(scores.iter().map(|s| &s.expr));
        let mut outcomes: Vec<Outcome> = Vec::new();
        let mut first_regular: Option<usize> = None;
        for (i, def) in file.outcomes.iter().enumerate() {
            let line = self.line_of(Section::Outcomes, i);
            let earlier = outcomes.iter().find(|o| o.id == def.id).map(|o| o.line);
            self.check_id(Section::Outcomes, i, &def.id, earlier);
            if def.interrupt {
                if let Some(regular) = first_regular {
                    let d = self
                        .locator
                        .at_value(Section::Outcomes, i, "interrupt", "true", format!("the interrupting outcome `{}` comes after `{}`, which does not interrupt", def.id, outcomes[regular].id))
                        .hint("put interrupting outcomes first, so nothing can hide them");
                    self.push(d);
                }
            } else {
                first_regular.get_or_insert(i);
                if def.continue_label.is_some() {
                    let d = self
                        .locator
                        .at_value(Section::Outcomes, i, "continue", "", format!("`continue` is for interrupting outcomes, and `{}` does not interrupt", def.id))
                        .hint("remove `continue`, or add `interrupt: true`");
                    self.push(d);
                }
            }
            let scope = Scope {
                questions: infos,
                scores: score_names,
                questions_before: infos.len(),
                scores_before: score_names.len(),
                owner: &def.id,
            };
            let compiled = if self.full() {
                Ok(Expr::Bool { v: false })
            } else {
                compile::condition(&def.when, &scope).and_then(|e| affordable(e, &deps))
            };
            let when = match compiled {
                Ok(e) => e,
                Err(error) => {
                    self.report(Section::Outcomes, i, "when", &def.when, error);
                    Expr::Bool { v: false }
                }
            };
            let at = Some((Section::Outcomes, i));
            self.answers_known = !def.interrupt;
            let title_html = self.site_text(&def.title, "title", &[], at);
            let title = strip_paragraph(&title_html);
            let body_html = self.site_text(&def.body, "body", scores, at);
            let body_text = self.fill_site_values(&def.body);
            self.answers_known = false;
            outcomes.push(Outcome {
                id: def.id.clone(),
                when,
                interrupt: def.interrupt,
                continue_label: def.continue_label.clone(),
                title,
                body_html: body_html.clone(),
                body_text,
                book: def.book.unwrap_or(!def.interrupt),
                urgent: def.urgent,
                shows_scores: body_html.contains("data-score") || body_html.contains("data-band"),
                score_refs: (0..scores.len())
                    .filter(|&s| {
                        let id = &scores[s].id;
                        body_html.contains(&format!("data-score=\"{id}\""))
                            || body_html.contains(&format!("data-band=\"{id}\""))
                    })
                    .collect(),
                line,
            });
        }
        if outcomes.is_empty() {
            let d = Diagnostic::error(FILE, "the self-assessment has no outcomes")
                .hint("add `outcomes:` with at least one outcome whose `when` is \"true\"");
            self.push(d);
        }
        outcomes
    }
}

impl Context<'_> {
    /// Each question's `validate` rule, compiled as a condition on this
    /// question and earlier ones (no scores: a score may read later ones).
    pub(super) fn validates(
        &mut self,
        file: &AssessmentFile,
        infos: &[QuestionInfo],
    ) -> Vec<Option<Expr>> {
        let mut result = Vec::new();
        for (i, def) in file.questions.iter().enumerate() {
            let Some(validate) = &def.validate else {
                result.push(None);
                continue;
            };
            let scope = Scope {
                questions: infos,
                scores: &[],
                questions_before: i + 1,
                scores_before: 0,
                owner: &def.id,
            };
            if self.full() {
                result.push(None);
                continue;
            }
            match compile::condition(&validate.rule, &scope) {
                Ok(expr) => result.push(Some(expr)),
                Err(error) => {
                    self.report(Section::Questions, i, "rule", &validate.rule, error);
                    result.push(None);
                }
            }
        }
        result
    }

    /// The notes: ids checked, conditions compiled like outcomes' `when`.
    pub(super) fn notes(
        &mut self,
        file: &AssessmentFile,
        infos: &[QuestionInfo],
        score_names: &[&str],
        scores: &[Score],
    ) -> Vec<Note> {
        let deps = Dependencies::new(scores.iter().map(|s| &s.expr));
        let mut notes: Vec<Note> = Vec::new();
        for (i, def) in file.notes.iter().enumerate() {
            let line = self.line_of(Section::Notes, i);
            let earlier = notes.iter().find(|n| n.id == def.id).map(|n| n.line);
            self.check_id(Section::Notes, i, &def.id, earlier);
            let scope = Scope {
                questions: infos,
                scores: score_names,
                questions_before: infos.len(),
                scores_before: score_names.len(),
                owner: &def.id,
            };
            let condition = |context: &mut Self, key: &str, text: &str| {
                let compiled = if context.full() {
                    Ok(Expr::Bool { v: false })
                } else {
                    compile::condition(text, &scope).and_then(|e| affordable(e, &deps))
                };
                compiled.unwrap_or_else(|error| {
                    context.report(Section::Notes, i, key, text, error);
                    Expr::Bool { v: false }
                })
            };
            let when = condition(self, "when", &def.when);
            self.answers_known = true;
            let reasons: Vec<Reason> = def
                .reasons
                .iter()
                .map(|r| {
                    let when = condition(self, "when", &r.when);
                    let html =
                        self.site_text(&r.text, "reasons", scores, Some((Section::Notes, i)));
                    Reason {
                        when,
                        html: strip_paragraph(&html),
                    }
                })
                .collect();
            let at = Some((Section::Notes, i));
            let title = strip_paragraph(&self.site_text(&def.title, "title", scores, at));
            let body_html = if def.body.trim().is_empty() {
                String::new()
            } else {
                self.site_text(&def.body, "body", scores, at)
            };
            self.answers_known = false;
            let mut text = format!("{}\n\n{}", def.title, def.body);
            for r in &def.reasons {
                text.push_str(&format!("\n\n{}", r.text));
            }
            let text = self.fill_site_values(&text);
            notes.push(Note {
                id: def.id.clone(),
                when,
                title,
                body_html,
                text,
                urgent: def.urgent,
                reasons,
                line,
            });
        }
        notes
    }
}

/// The most characters a free-text answer takes unless `max_length` says.
const DEFAULT_TEXT_LENGTH: usize = 500;

/// The decimals a `step` allows: 1 → 0, 0.1 → 1, ... 0.000001 → 6.
fn step_decimals(step: f64) -> Option<u8> {
    (0..=6u8).find(|&d| (step - 10f64.powi(-i32::from(d))).abs() < 1e-12)
}

/// `expr`, unless it costs too much to work out (see [`deps::MAX_COST`]).
fn affordable(expr: Expr, deps: &Dependencies) -> Result<Expr, CompileError> {
    let cost = deps.cost(&expr);
    if cost.within_limits() {
        return Ok(expr);
    }
    Err(CompileError {
        message: format!("this condition is too large to work out: {}", cost.excess()),
        span: (0, 1),
        hint: Some(
            "use each score once, or split the condition between outcomes or questions".into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment, problems};

    #[test]
    fn lowering_keeps_the_file_s_words_and_lines() {
        let a = assessment(SMALL);
        assert_eq!(a.title, "Small");
        assert_eq!(a.description, "Hello.");
        assert_eq!(a.intro_html, "<p>Hello.</p>\n");
        let lines: Vec<usize> = a.questions.iter().map(|q| q.line).collect();
        assert_eq!(lines, [4, 10, 18, 24]);
        assert_eq!(a.outcomes[0].title, "Call now");
        assert!(!a.outcomes[0].book && a.outcomes[1].book);
    }

    #[test]
    fn names_and_order() {
        let yaml = SMALL
            .replace("  total:\n", "  mood:\n")
            .replace("when: \"total >= 4\"", "when: \"mood >= 4\"")
            .replace("{total} ({total.band})", "{mood}")
            .replace("  - id: fine\n", "  - id: fine\n    continue: Go\n");
        assert_eq!(
            problems(&yaml),
            [
                "31:3 the score `mood` has the same name as a question (give each score and question its own name)",
                "44:5 `continue` is for interrupting outcomes, and `fine` does not interrupt (remove `continue`, or add `interrupt: true`)",
            ]
        );
    }

    #[test]
    fn show_if_may_not_use_a_score_of_later_questions() {
        let yaml = SMALL.replace(
            "show_if: \"age == 'adult'\"",
            "show_if: \"age == 'adult' and total > 1\"",
        );
        assert_eq!(
            problems(&yaml),
            [
                "13:34 `mood` can only look at earlier questions, and the score `total` reads `mood`, which comes later (move the question after every question its `show_if` reads)"
            ]
        );
    }

    #[test]
    fn steps_allow_decimals() {
        let yaml = SMALL.replace("    max: 80\n", "    max: 80\n    step: 0.1\n");
        assert_eq!(assessment(&yaml).questions[3].decimals, 1);
        let yaml = SMALL
            .replace("    max: 80\n", "    max: 80\n    step: 0.25\n")
            .replace("    type: multi\n", "    type: multi\n    step: 1\n");
        assert_eq!(
            problems(&yaml),
            [
                "20:5 `min`, `max`, `step` and `unit` are for number questions, and `screen` is not one (remove them, or write `type: number`)",
                "30:5 the `step` of question `years` must be 1, 0.1, 0.01 and so on (up to 6 decimals), not 0.25 (write `step: 0.1` to allow one decimal, as in 150.5)",
            ]
        );
    }

    #[test]
    fn free_text_is_never_read_and_always_optional() {
        let text = "  - id: notes\n    text: Anything else?\n    type: text\n    max_length: 200\n";
        let yaml = SMALL.replace("scores:\n", &format!("{text}scores:\n"));
        let a = assessment(&yaml);
        assert!(a.questions[4].optional);
        assert_eq!(a.questions[4].max_length, 200);
        let yaml = yaml
            .replace("when: \"true\"", "when: \"answered(notes)\"")
            .replace("    type: multi\n", "    type: multi\n    max_length: 3\n");
        assert_eq!(
            problems(&yaml),
            [
                "21:5 `max_length` is for free-text questions, and `screen` is not one (remove it, or write `type: text`)",
                "49:21 the answer to `notes` is free text, which no condition or score may read (free text is only shown back to the person and printed; ask a choice or yes/no question to branch on)",
            ]
        );
    }
}
