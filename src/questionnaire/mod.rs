//! The self-assessment: `content/assessment.yaml` parsed, checked and
//! compiled for the browser.
//!
//! The stages, in order:
//! 1. [`model`] reads the YAML into typed structs (unknown keys are errors);
//! 2. [`compile`] resolves every name in `show_if`, `scores` and `when`
//!    (one parser, [`expr`]) and checks types;
//! 3. [`analysis`] walks every distinct path to prove that each question can
//!    be shown, each outcome reached, and that no answers reach no outcome;
//! 4. the `tests` in the file run through [`eval`], the same rules the
//!    browser's `static/js/assessment.js` follows.
//!
//! Every problem is reported with its line in the file, and all of them at once.

pub mod analysis;
pub mod compile;
pub mod eval;
pub mod expr;
mod locate;
pub mod model;

use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, did_you_mean, plural};
use crate::markdown;
use compile::{CompileError, Expr, QuestionInfo, Scope};
use eval::Answer;
use locate::{Locator, Section};
use model::{AssessmentFile, BandDef, OptionsDef, QuestionType};

/// The path shown in diagnostics.
pub const FILE: &str = "content/assessment.yaml";

/// The id of the option that `options: regions` adds after the regions.
pub const ELSEWHERE: &str = "elsewhere";

/// A checked and compiled self-assessment, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// Page heading.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// The introduction as HTML.
    pub intro_html: String,
    /// Credit shown with every result (HTML), may be empty.
    pub credit_html: String,
    /// The questions in order.
    pub questions: Vec<Question>,
    /// Named scores.
    pub scores: Vec<Score>,
    /// Outcomes in order.
    pub outcomes: Vec<Outcome>,
    /// How many test cases passed.
    pub tests: usize,
    /// How many distinct complete paths the exhaustive check evaluated.
    pub paths_checked: u64,
    /// Outcomes that no test case reaches (`pamphlet check` warns).
    pub untested: Vec<String>,
}

/// One question.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub kind: QuestionType,
    pub hint: Option<String>,
    pub stem: Option<String>,
    pub options: Vec<Choice>,
    #[serde(skip)]
    pub show_if: Option<Expr>,
    pub optional: bool,
    pub safety: bool,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub unit: Option<String>,
    /// Line in the file, for reports.
    pub line: usize,
}

/// One option.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub score: f64,
    pub exclusive: bool,
}

/// A named score.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub id: String,
    #[serde(skip)]
    pub expr: Expr,
    pub bands: Vec<BandDef>,
}

/// One outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    #[serde(skip)]
    pub when: Expr,
    pub interrupt: bool,
    pub continue_label: Option<String>,
    pub title: String,
    /// The body as HTML; scores appear as empty `data-score` spans that the
    /// browser fills in.
    pub body_html: String,
    /// The body's Markdown with site values filled in, for readability checks.
    #[serde(skip)]
    pub body_text: String,
    pub book: bool,
    /// Styled as urgent (the crisis outcome).
    pub urgent: bool,
    /// The body shows a score, so the instrument's credit goes with it.
    pub shows_scores: bool,
    /// Line in the file, for reports.
    pub line: usize,
}

/// Parses, checks and compiles `source` (the text of `content/assessment.yaml`).
pub fn load(source: &str, config: &SiteConfig) -> Result<Assessment, Vec<Diagnostic>> {
    let path = Path::new(FILE);
    let file: AssessmentFile = crate::yaml::parse(path, source, source, 1).map_err(|d| vec![d])?;
    let locator = Locator::new(path, source);
    let mut loader = Loader {
        locator: &locator,
        config,
        problems: Vec::new(),
    };
    let assessment = loader.assessment(&file);
    if !loader.problems.is_empty() {
        return Err(loader.problems);
    }
    let mut assessment = assessment;
    loader.analyse(&mut assessment, &file);
    loader.run_tests(&mut assessment, &file);
    if loader.problems.is_empty() {
        Ok(assessment)
    } else {
        Err(loader.problems)
    }
}

impl Assessment {
    /// The logic the browser runs, as JSON: expressions as trees, options as
    /// indexes. Text stays in the HTML, where it is written once.
    pub fn client_json(&self) -> Value {
        // Fields that hold their default are left out to keep the page light;
        // the runtime reads a missing field as null, false or no scores.
        let questions = self.questions.iter().map(|q| {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(q.id));
            item.insert("type".into(), json!(q.kind));
            if let Some(show_if) = &q.show_if {
                item.insert("show_if".into(), json!(show_if));
            }
            if q.optional {
                item.insert("optional".into(), json!(true));
            }
            if let Some(min) = q.min {
                item.insert("min".into(), json!(min));
            }
            if let Some(max) = q.max {
                item.insert("max".into(), json!(max));
            }
            if q.options.iter().any(|o| o.score != 0.0) {
                let scores: Vec<f64> = q.options.iter().map(|o| o.score).collect();
                item.insert("scores".into(), json!(scores));
            }
            Value::Object(item)
        });
        let outcomes = self.outcomes.iter().map(|o| {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(o.id));
            item.insert("when".into(), json!(o.when));
            if o.interrupt {
                item.insert("interrupt".into(), json!(true));
            }
            if o.continue_label.is_some() {
                item.insert("can_continue".into(), json!(true));
            }
            Value::Object(item)
        });
        json!({
            "questions": questions.collect::<Vec<_>>(),
            "scores": self.scores.iter().map(|s| json!({
                "id": s.id, "expr": s.expr, "bands": s.bands
            })).collect::<Vec<_>>(),
            "outcomes": outcomes.collect::<Vec<_>>(),
        })
    }

    /// The text a person reads, for the readability and wording checks:
    /// (what it is, the text, its line in the file).
    pub fn prose(&self) -> Vec<(String, String, usize)> {
        let mut prose = Vec::new();
        for q in &self.questions {
            prose.push((format!("question `{}`", q.id), q.text.clone(), q.line));
            if let Some(hint) = &q.hint {
                prose.push((format!("hint of question `{}`", q.id), hint.clone(), q.line));
            }
        }
        for o in &self.outcomes {
            let text = format!("{}\n\n{}", o.title, o.body_text);
            prose.push((format!("outcome `{}`", o.id), text, o.line));
        }
        prose
    }

    /// The index of a question by id.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// The index of an outcome by id.
    pub fn outcome_index(&self, id: &str) -> Option<usize> {
        self.outcomes.iter().position(|o| o.id == id)
    }

    /// The band a score value falls in.
    pub fn band(&self, score: usize, value: f64) -> Option<&str> {
        self.scores[score]
            .bands
            .iter()
            .find(|b| value >= b.min && value <= b.max)
            .map(|b| b.label.as_str())
    }

    /// `age = adult, screen = [bp, heart]`: answers in the file's words.
    pub fn describe_answers(&self, answers: &[Option<Answer>], only: &[usize]) -> String {
        only.iter()
            .filter_map(|&q| {
                let question = &self.questions[q];
                let value = match answers[q]? {
                    Answer::Choice(i) => question.options[i].id.clone(),
                    Answer::Multi(bits) => format!(
                        "[{}]",
                        question
                            .options
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| bits & (1 << i) != 0)
                            .map(|(_, o)| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Answer::Number(n) => format_number(n),
                };
                Some(format!("{} = {value}", question.id))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `12` rather than `12.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

struct Loader<'a> {
    locator: &'a Locator<'a>,
    config: &'a SiteConfig,
    problems: Vec<Diagnostic>,
}

/// Ids are used inside expressions, so they must look like names.
fn valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !["and", "or", "not", "in", "true", "false"].contains(&id)
}

fn id_hint(id: &str) -> String {
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!(
        "ids are lower-case letters, digits and `_`, starting with a letter, like `{}`",
        suggestion.trim_matches('_')
    )
}

impl Loader<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    fn line_of(&self, section: Section, index: usize) -> usize {
        self.locator.at_item(section, index, String::new()).line
    }

    /// An id must look like a name (it is used in expressions) and be unique
    /// in its section; `earlier` is the line of an item with the same id.
    fn check_id(&mut self, section: Section, index: usize, id: &str, earlier: Option<usize>) {
        let what = match section {
            Section::Questions => "question",
            _ => "outcome",
        };
        if !valid_id(id) {
            let d = self
                .locator
                .at_value(
                    section,
                    index,
                    "id",
                    id,
                    format!("`{id}` cannot be a {what} id"),
                )
                .hint(id_hint(id));
            self.push(d);
        }
        if let Some(line) = earlier {
            let d = self
                .locator
                .at_value(
                    section,
                    index,
                    "id",
                    id,
                    format!("two {what}s have the id `{id}`"),
                )
                .hint(format!(
                    "the first is on line {line}; give each {what} its own id"
                ));
            self.push(d);
        }
    }

    fn assessment(&mut self, file: &AssessmentFile) -> Assessment {
        let questions = self.questions(file);
        let infos: Vec<QuestionInfo> = questions
            .iter()
            .map(|q| QuestionInfo {
                id: &q.id,
                kind: q.kind,
                options: q.options.iter().map(|o| o.id.as_str()).collect(),
                has_scores: q.options.iter().any(|o| o.score != 0.0),
            })
            .collect();
        let scores = self.scores(file, &infos);
        let score_names: Vec<&str> = scores.iter().map(|s| s.id.as_str()).collect();
        let show_ifs = self.show_ifs(file, &infos, &score_names, &scores);
        let outcomes = self.outcomes(file, &infos, &score_names, &scores);
        let questions = questions
            .into_iter()
            .zip(show_ifs)
            .map(|(mut q, show_if)| {
                q.show_if = show_if;
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
            tests: 0,
            paths_checked: 0,
            untested: Vec::new(),
        }
    }

    fn questions(&mut self, file: &AssessmentFile) -> Vec<Question> {
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
            if def.kind != QuestionType::Number
                && (def.min.is_some() || def.max.is_some() || def.unit.is_some())
            {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        "type",
                        "",
                        format!(
                            "`min`, `max` and `unit` are for number questions, and `{}` is not one",
                            def.id
                        ),
                    )
                    .hint("remove them, or write `type: number`");
                self.push(d);
            }
            questions.push(Question {
                id: def.id.clone(),
                text: def.text.clone(),
                kind: def.kind,
                hint: def.hint.clone(),
                stem: def.stem.clone(),
                options,
                show_if: None,
                optional: def.optional,
                safety: def.safety,
                min: def.min,
                max: def.max,
                unit: def.unit.clone(),
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

    fn options(&mut self, i: usize, def: &model::QuestionDef) -> Vec<Choice> {
        let choice = |id: &str, label: &str| Choice {
            id: id.to_string(),
            label: label.to_string(),
            hint: None,
            score: 0.0,
            exclusive: false,
        };
        match (&def.kind, &def.options) {
            (QuestionType::YesNo, None) => vec![choice("yes", "Yes"), choice("no", "No")],
            (QuestionType::Number, None) => Vec::new(),
            (QuestionType::YesNo | QuestionType::Number, Some(_)) => {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        "options",
                        "",
                        format!(
                            "question `{}` is a {} question, which has no `options`",
                            def.id,
                            if def.kind == QuestionType::YesNo {
                                "yes/no"
                            } else {
                                "number"
                            }
                        ),
                    )
                    .hint("remove `options`, or use `type: choice`");
                self.push(d);
                Vec::new()
            }
            (_, None) => {
                let d = self
                    .locator
                    .at_value(Section::Questions, i, "type", "", format!("question `{}` has no `options`", def.id))
                    .hint("add `options:` with at least two `{ id: ..., label: ... }` items, or `options: regions`");
                self.push(d);
                Vec::new()
            }
            (_, Some(OptionsDef::Regions)) => {
                let mut options: Vec<Choice> = self
                    .config
                    .regions
                    .iter()
                    .map(|r| choice(&crate::content::slugify(r).replace('-', "_"), r))
                    .collect();
                options.push(choice(ELSEWHERE, "Somewhere else"));
                if self.config.regions.is_empty() {
                    let d = self
                        .locator
                        .at_value(Section::Questions, i, "options", "regions", format!("question `{}` takes its options from `regions` in site.yaml, which lists none", def.id))
                        .hint("add `regions: [Oregon, Washington]` (your own) to site.yaml");
                    self.push(d);
                }
                options
            }
            (kind, Some(OptionsDef::List(list))) => {
                let mut options: Vec<Choice> = Vec::new();
                for option in list {
                    if !valid_id(&option.id) {
                        let d = self
                            .locator
                            .at_value(
                                Section::Questions,
                                i,
                                "options",
                                &option.id,
                                format!("`{}` cannot be an option id", option.id),
                            )
                            .hint(id_hint(&option.id));
                        self.push(d);
                    }
                    if options.iter().any(|o| o.id == option.id) {
                        let d = self
                            .locator
                            .at_value(
                                Section::Questions,
                                i,
                                "options",
                                &format!("id: {}", option.id),
                                format!(
                                    "question `{}` has two options with the id `{}`",
                                    def.id, option.id
                                ),
                            )
                            .hint("give each option its own id");
                        self.push(d);
                    }
                    if option.exclusive && *kind != QuestionType::Multi {
                        let d = self
                            .locator
                            .at_value(Section::Questions, i, "options", "exclusive", format!("`exclusive` is for options of a multi question, and `{}` is a single choice", def.id))
                            .hint("remove `exclusive: true`");
                        self.push(d);
                    }
                    options.push(Choice {
                        id: option.id.clone(),
                        label: option.label.clone(),
                        hint: option.hint.clone(),
                        score: option.score.unwrap_or(0.0),
                        exclusive: option.exclusive,
                    });
                }
                if options.len() < 2 {
                    let d = self
                        .locator
                        .at_value(
                            Section::Questions,
                            i,
                            "options",
                            "",
                            format!("question `{}` needs at least two options", def.id),
                        )
                        .hint("a question with one possible answer asks nothing");
                    self.push(d);
                }
                if *kind == QuestionType::Multi && options.len() > 16 {
                    let d = self
                        .locator
                        .at_value(Section::Questions, i, "options", "", format!("question `{}` has {} options; a multi question may have at most 16", def.id, options.len()))
                        .hint("split it into two questions; long checkbox lists are hard to read on a phone anyway");
                    self.push(d);
                }
                options
            }
        }
    }

    fn report(
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

    fn scores(&mut self, file: &AssessmentFile, infos: &[QuestionInfo]) -> Vec<Score> {
        let names: Vec<&str> = file.scores.0.iter().map(|(n, _)| n.as_str()).collect();
        let mut scores = Vec::new();
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
            let expr = match compile::number(&def.value, &scope) {
                Ok(e) => e,
                Err(error) => {
                    self.report(Section::Scores, i, "value", &def.value, error);
                    Expr::Num { v: 0.0 }
                }
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

    fn show_ifs(
        &mut self,
        file: &AssessmentFile,
        infos: &[QuestionInfo],
        score_names: &[&str],
        scores: &[Score],
    ) -> Vec<Option<Expr>> {
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
            match compile::condition(text, &scope) {
                Ok(expr) => {
                    // A score used here must be made of earlier questions only.
                    let mut later = None;
                    expr.visit(&mut |e| {
                        if let Expr::Ref { s } = e {
                            let mut reads = Vec::new();
                            score_questions(scores, *s, &mut reads);
                            if let Some(&q) = reads.iter().find(|&&q| q >= i) {
                                later = Some((*s, q));
                            }
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

    fn outcomes(
        &mut self,
        file: &AssessmentFile,
        infos: &[QuestionInfo],
        score_names: &[&str],
        scores: &[Score],
    ) -> Vec<Outcome> {
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
            let when = match compile::condition(&def.when, &scope) {
                Ok(e) => e,
                Err(error) => {
                    self.report(Section::Outcomes, i, "when", &def.when, error);
                    Expr::Bool { v: false }
                }
            };
            let title_html = self.site_text(&def.title, "title", &[], Some(i));
            let title = strip_paragraph(&title_html);
            let body_html = self.site_text(&def.body, "body", scores, Some(i));
            let body_text = self.fill_site_values(&def.body);
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

    fn site_values(&self) -> Vec<(&'static str, String)> {
        let c = self.config;
        vec![
            ("clinic", c.name.clone()),
            ("phone", c.phone.clone()),
            ("email", c.email.clone()),
            ("booking_url", c.booking_url.clone()),
            ("crisis_line", c.crisis_line.clone()),
            ("regions", join_and(&c.regions)),
        ]
    }

    fn fill_site_values(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, value) in self.site_values() {
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        out
    }

    /// Markdown with `{placeholders}` filled: site values as text, scores
    /// as spans the browser fills. Unknown names are errors.
    fn site_text(
        &mut self,
        text: &str,
        key: &str,
        scores: &[Score],
        outcome: Option<usize>,
    ) -> String {
        let site = self.site_values();
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            let (base, band) = match name.strip_suffix(".band") {
                Some(base) => (base, true),
                None => (name, false),
            };
            if !band && let Some((_, value)) = site.iter().find(|(n, _)| *n == name) {
                out.push_str(value);
            } else if let Some(s) = scores.iter().position(|s| s.id == base) {
                if band && scores[s].bands.is_empty() {
                    self.placeholder_error(
                        key,
                        outcome,
                        name,
                        format!("the score `{base}` has no bands, so `{{{name}}}` shows nothing"),
                        "add `bands:` to the score, or show the score itself".into(),
                    );
                }
                out.push_str(&format!(
                    "\u{E000}{}{}\u{E001}",
                    if band { "b" } else { "s" },
                    scores[s].id
                ));
            } else {
                let known: Vec<String> = site
                    .iter()
                    .map(|(n, _)| n.to_string())
                    .chain(
                        scores
                            .iter()
                            .flat_map(|s| [s.id.clone(), format!("{}.band", s.id)]),
                    )
                    .collect();
                let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
                    Some(m) => format!("did you mean `{{{m}}}`?"),
                    None => format!("the names you can use are: {}", known.join(", ")),
                };
                self.placeholder_error(
                    key,
                    outcome,
                    name,
                    format!("there is no value `{{{name}}}` to show here"),
                    hint,
                );
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        let mut html = markdown::snippet(&out);
        while let Some(start) = html.find('\u{E000}') {
            let end = html[start..]
                .find('\u{E001}')
                .map_or(html.len(), |e| start + e);
            let marker = &html[start + '\u{E000}'.len_utf8()..end];
            let (kind, id) = marker.split_at(1);
            let span = if kind == "b" {
                format!("<span class=\"score-band\" data-band=\"{id}\"></span>")
            } else {
                format!("<span class=\"score-value\" data-score=\"{id}\"></span>")
            };
            html.replace_range(start..(end + '\u{E001}'.len_utf8()).min(html.len()), &span);
        }
        html
    }

    fn placeholder_error(
        &mut self,
        key: &str,
        outcome: Option<usize>,
        name: &str,
        message: String,
        hint: String,
    ) {
        let needle = format!("{{{name}}}");
        let d = match outcome {
            Some(i) => self
                .locator
                .at_value(Section::Outcomes, i, key, &needle, message),
            None => {
                let source = self.locator_source();
                let at = source.find(&needle).unwrap_or(0);
                Diagnostic::error(FILE, message)
                    .at_offset(source, at)
                    .underline(needle.chars().count())
            }
        };
        self.push(d.hint(hint));
    }

    fn locator_source(&self) -> &str {
        self.locator.source()
    }

    /// The exhaustive check: every question shown, every outcome reached,
    /// no answers without an outcome, every band covering its score.
    fn analyse(&mut self, assessment: &mut Assessment, file: &AssessmentFile) {
        for (q, question) in assessment.questions.iter().enumerate() {
            if question.safety
                && !assessment.outcomes.iter().any(|o| {
                    let mut reads = false;
                    o.when.visit(&mut |e| reads |= e.question() == Some(q));
                    o.interrupt && reads
                })
            {
                let d = self
                    .locator
                    .at_value(Section::Questions, q, "safety", "true", format!("`{}` is a safety question, but no interrupting outcome looks at it", question.id))
                    .hint(format!("add an outcome with `interrupt: true` whose `when` reads `{}`, first in `outcomes`", question.id));
                self.push(d);
            }
        }
        let findings = analysis::analyse(assessment);
        if let Some((estimate, worst)) = &findings.too_large {
            let names: Vec<String> = worst
                .iter()
                .map(|q| format!("`{}`", assessment.questions[*q].id))
                .collect();
            let d = Diagnostic::error(FILE, format!("the self-assessment has about {estimate} distinct paths, too many to check them all (the limit is {})", analysis::MAX_PATHS))
                .at(self.locator_source(), 1, 1)
                .hint(format!("the questions with the most answers that conditions tell apart are {}; ask fewer of them, or read them only through a score", names.join(", ")));
            self.push(d);
            return;
        }
        assessment.paths_checked = findings.paths;
        for (q, shown) in findings.shown.iter().enumerate() {
            if !shown {
                let question = &assessment.questions[q];
                let text = file.questions[q].show_if.clone().unwrap_or_default();
                let d = self
                    .locator
                    .at_value(Section::Questions, q, "show_if", &text, format!("question `{}` can never be shown: no answers to the questions before it make its `show_if` true", question.id))
                    .hint("check the option ids and the `and`/`or` in its `show_if`, or remove the question");
                self.push(d);
            }
        }
        for (o, reached) in findings.reached.iter().enumerate() {
            if !reached {
                let outcome = &assessment.outcomes[o];
                let earlier: Vec<String> = assessment.outcomes[..o]
                    .iter()
                    .filter(|x| x.interrupt == outcome.interrupt)
                    .map(|x| format!("`{}`", x.id))
                    .collect();
                let hint = if earlier.is_empty() {
                    "no answers make its `when` true; check its conditions".to_string()
                } else {
                    format!(
                        "no answers make its `when` true before an earlier outcome ({}) matches; move it up or narrow the earlier ones",
                        earlier.join(", ")
                    )
                };
                let d = self
                    .locator
                    .at_value(
                        Section::Outcomes,
                        o,
                        "when",
                        &file.outcomes[o].when,
                        format!("outcome `{}` can never be reached", outcome.id),
                    )
                    .hint(hint);
                self.push(d);
            }
        }
        if let Some((answers, totals)) = &findings.hole {
            let asked: Vec<usize> = (0..assessment.questions.len())
                .filter(|q| answers[*q].is_some())
                .collect();
            let mut example = assessment.describe_answers(answers, &asked);
            for (s, total) in totals {
                let members: Vec<&str> = findings
                    .folded
                    .iter()
                    .filter(|q| {
                        let mut reads = false;
                        assessment.scores[*s]
                            .expr
                            .visit(&mut |e| reads |= e.question() == Some(**q));
                        reads
                    })
                    .map(|q| assessment.questions[*q].id.as_str())
                    .collect();
                if !example.is_empty() {
                    example.push_str(", ");
                }
                example.push_str(&format!(
                    "answers to {} adding up to {} = {}",
                    members.join(", "),
                    assessment.scores[*s].id,
                    format_number(*total)
                ));
            }
            let last = assessment.outcomes.len().saturating_sub(1);
            let d = self
                .locator
                .at_item(Section::Outcomes, last, format!("some answers reach no outcome, for example: {example}"))
                .hint("add a last outcome with `when: \"true\"`, or widen the conditions so one always holds");
            self.push(d);
        }
        for (s, value) in &findings.outside_bands {
            let score = &assessment.scores[*s];
            let d = self
                .locator
                .at_value(
                    Section::Scores,
                    *s,
                    "bands",
                    "",
                    format!(
                        "the score `{}` can be {}, which is in none of its bands",
                        score.id,
                        format_number(*value)
                    ),
                )
                .hint("make the bands cover every value the score can take");
            self.push(d);
        }
    }

    fn run_tests(&mut self, assessment: &mut Assessment, file: &AssessmentFile) {
        let mut covered = vec![false; assessment.outcomes.len()];
        for (t, test) in file.tests.iter().enumerate() {
            let name = match &test.name {
                Some(n) => format!("test {} (\"{n}\")", t + 1),
                None => format!("test {}", t + 1),
            };
            let Some(answers) = self.test_answers(assessment, t, test, &name) else {
                continue;
            };
            let Some(expected) = assessment.outcome_index(&test.expect) else {
                let hint = match did_you_mean(
                    &test.expect,
                    assessment.outcomes.iter().map(|o| o.id.as_str()),
                ) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!(
                        "the outcomes are: {}",
                        assessment
                            .outcomes
                            .iter()
                            .map(|o| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "expect",
                        &test.expect,
                        format!("{name} expects `{}`, which is not an outcome", test.expect),
                    )
                    .hint(hint);
                self.push(d);
                continue;
            };
            let mut continue_past = Vec::new();
            for id in &test.continue_past {
                match assessment.outcome_index(id) {
                    Some(o) if assessment.outcomes[o].continue_label.is_some() => {
                        continue_past.push(o)
                    }
                    _ => {
                        let d = self.locator.at_value(Section::Tests, t, "continue_past", id, format!("{name} continues past `{id}`, which is not an interrupting outcome with `continue`")).hint("list only outcome ids that have `interrupt: true` and a `continue` label");
                        self.push(d);
                    }
                }
            }
            let run = assessment.run(&answers, &continue_past);
            let path = assessment.describe_answers(&run.answers, &run.path);
            let scores: Vec<String> = assessment
                .score_values(&run.answers)
                .iter()
                .enumerate()
                .filter_map(|(s, v)| {
                    let v = (*v)?;
                    Some(match assessment.band(s, v) {
                        Some(band) => format!(
                            "{} = {} ({band})",
                            assessment.scores[s].id,
                            format_number(v)
                        ),
                        None => format!("{} = {}", assessment.scores[s].id, format_number(v)),
                    })
                })
                .collect();
            let taken = format!(
                "the path taken: {}{}",
                if path.is_empty() {
                    "(no answers)".to_string()
                } else {
                    path
                },
                if scores.is_empty() {
                    String::new()
                } else {
                    format!("; scores: {}", scores.join(", "))
                }
            );
            if let Some(q) = run.missing {
                let id = &assessment.questions[q].id;
                let d = self
                    .locator
                    .at_item(
                        Section::Tests,
                        t,
                        format!("{name} gives no answer to `{id}`, which is asked on its path"),
                    )
                    .hint(format!("add `{id}: ...` to its answers; {taken}"));
                self.push(d);
                continue;
            }
            let unasked: Vec<&str> = answers
                .iter()
                .enumerate()
                .filter(|(q, a)| a.is_some() && !run.path.contains(q))
                .map(|(q, _)| assessment.questions[q].id.as_str())
                .collect();
            if !unasked.is_empty()
                && run
                    .outcome
                    .is_some_and(|o| !assessment.outcomes[o].interrupt)
            {
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        unasked[0],
                        unasked[0],
                        format!(
                            "{name} answers {}, which {} never asked on its path",
                            unasked
                                .iter()
                                .map(|q| format!("`{q}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            if unasked.len() == 1 { "is" } else { "are" }
                        ),
                    )
                    .hint(format!(
                        "remove the answer, or check the question's `show_if`; {taken}"
                    ));
                self.push(d);
                continue;
            }
            if run.outcome != Some(expected) {
                let got = run.outcome.map_or("no outcome".to_string(), |o| {
                    format!("`{}`", assessment.outcomes[o].id)
                });
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "expect",
                        &test.expect,
                        format!("{name} expects `{}`, but the result is {got}", test.expect),
                    )
                    .hint(taken.clone());
                self.push(d);
                continue;
            }
            covered[expected] = true;
            for o in &run.fired {
                covered[*o] = true;
            }
            let values = assessment.score_values(&run.answers);
            for (score, want) in &test.scores.0 {
                let Some(s) = assessment.scores.iter().position(|x| &x.id == score) else {
                    let hint = did_you_mean(score, assessment.scores.iter().map(|s| s.id.as_str()))
                        .map_or("list only named scores".to_string(), |m| {
                            format!("did you mean `{m}`?")
                        });
                    let d = self
                        .locator
                        .at_value(
                            Section::Tests,
                            t,
                            "scores",
                            score,
                            format!("{name} checks the score `{score}`, which does not exist"),
                        )
                        .hint(hint);
                    self.push(d);
                    continue;
                };
                if values[s] != Some(*want) {
                    let got = values[s].map_or("unknown".to_string(), format_number);
                    let d = self
                        .locator
                        .at_value(
                            Section::Tests,
                            t,
                            "scores",
                            score,
                            format!(
                                "{name} expects {score} = {}, but it is {got}",
                                format_number(*want)
                            ),
                        )
                        .hint(taken.clone());
                    self.push(d);
                }
            }
        }
        let uncovered: Vec<&str> = assessment
            .outcomes
            .iter()
            .zip(&covered)
            .filter(|(_, c)| !**c)
            .map(|(o, _)| o.id.as_str())
            .collect();
        assessment.untested = uncovered.iter().map(|s| s.to_string()).collect();
        assessment.tests = file.tests.len();
    }

    fn test_answers(
        &mut self,
        assessment: &Assessment,
        t: usize,
        test: &model::TestDef,
        name: &str,
    ) -> Option<Vec<Option<Answer>>> {
        let mut answers = vec![None; assessment.questions.len()];
        let mut ok = true;
        // `<<: *anchor` merges a shared set of answers; keys written out win.
        let mut entries: Vec<(String, &serde_yaml::Value)> = Vec::new();
        for (id, value) in &test.answers.0 {
            if id == "<<"
                && let serde_yaml::Value::Mapping(base) = value
            {
                for (k, v) in base {
                    if let Some(k) = k.as_str()
                        && !test.answers.0.iter().any(|(own, _)| own == k)
                    {
                        entries.push((k.to_string(), v));
                    }
                }
            } else {
                entries.push((id.clone(), value));
            }
        }
        for (id, value) in entries {
            let id = &id;
            let Some(q) = assessment.question_index(id) else {
                let hint = did_you_mean(id, assessment.questions.iter().map(|q| q.id.as_str()))
                    .map_or("use the `id` of a question".to_string(), |m| {
                        format!("did you mean `{m}`?")
                    });
                let d = self
                    .locator
                    .at_value(
                        Section::Tests,
                        t,
                        "answers",
                        id,
                        format!("{name} answers `{id}`, which is not a question"),
                    )
                    .hint(hint);
                self.push(d);
                ok = false;
                continue;
            };
            match answer_from_yaml(&assessment.questions[q], value) {
                Ok(a) => answers[q] = Some(a),
                Err((shown, hint)) => {
                    let d = self
                        .locator
                        .at_value(
                            Section::Tests,
                            t,
                            id,
                            &shown,
                            format!("{name} answers `{id}` with {shown}, {hint}"),
                        )
                        .hint(answer_hint(&assessment.questions[q]));
                    let d = match self.options_are_regions(&assessment.questions[q]) {
                        true => {
                            let hint = d.hint.clone().unwrap_or_default();
                            d.hint(format!("{hint}; {}", self.config.regions_note()))
                        }
                        false => d,
                    };
                    self.push(d);
                    ok = false;
                }
            }
        }
        ok.then_some(answers)
    }
}

impl Loader<'_> {
    /// Whether `question`'s options are site.yaml's regions (plus
    /// "Somewhere else"), i.e. it says `options: regions`.
    fn options_are_regions(&self, question: &Question) -> bool {
        let regions = &self.config.regions;
        question.options.len() == regions.len() + 1
            && question.options.last().is_some_and(|o| o.id == ELSEWHERE)
            && question
                .options
                .iter()
                .zip(regions)
                .all(|(o, r)| o.label == *r)
    }
}

fn answer_hint(question: &Question) -> String {
    match question.kind {
        QuestionType::Choice => format!(
            "answer with one of: {}",
            question
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionType::Multi => format!(
            "answer with a list of: {}",
            question
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionType::YesNo => "answer with yes or no".into(),
        QuestionType::Number => "answer with a number".into(),
    }
}

fn answer_from_yaml(
    question: &Question,
    value: &serde_yaml::Value,
) -> Result<Answer, (String, String)> {
    use serde_yaml::Value as Y;
    let option = |id: &str| {
        question
            .options
            .iter()
            .position(|o| o.id == id)
            .ok_or_else(|| {
                let hint = match did_you_mean(id, question.options.iter().map(|o| o.id.as_str())) {
                    Some(m) => format!("which is not one of its options (did you mean `{m}`?)"),
                    None => "which is not one of its options".to_string(),
                };
                (id.to_string(), hint)
            })
    };
    match (question.kind, value) {
        (QuestionType::YesNo, Y::Bool(b)) => Ok(Answer::Choice(usize::from(!*b))),
        (QuestionType::Choice | QuestionType::YesNo, Y::String(s)) => option(s).map(Answer::Choice),
        (QuestionType::Multi, Y::String(s)) => option(s).map(|i| Answer::Multi(1 << i)),
        (QuestionType::Multi, Y::Sequence(items)) => {
            let mut bits = 0u32;
            for item in items {
                match item {
                    Y::String(s) => bits |= 1 << option(s)?,
                    other => return Err((yaml_text(other), "which is not an option id".into())),
                }
            }
            if bits == 0 {
                return Err((
                    "[]".into(),
                    "but a multi question needs at least one option".into(),
                ));
            }
            Ok(Answer::Multi(bits))
        }
        (QuestionType::Number, Y::Number(n)) => {
            let n = n.as_f64().unwrap_or(0.0);
            let below = question.min.is_some_and(|m| n < m as f64);
            let above = question.max.is_some_and(|m| n > m as f64);
            if below || above {
                Err((format_number(n), "which is outside its `min`/`max`".into()))
            } else {
                Ok(Answer::Number(n))
            }
        }
        (_, other) => Err((yaml_text(other), "which is not an answer it accepts".into())),
    }
}

fn yaml_text(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The questions a score reads, through the scores it uses.
fn score_questions(scores: &[Score], s: usize, out: &mut Vec<usize>) {
    scores[s].expr.visit(&mut |e| {
        if let Some(q) = e.question() {
            out.push(q);
        }
        if let Expr::Ref { s } = e {
            score_questions(scores, *s, out);
        }
    });
}

/// "Oregon and Washington".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `<p>Title</p>\n` → `Title`.
fn strip_paragraph(html: &str) -> String {
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// One line for the build's report: what was checked.
pub fn summary(assessment: &Assessment) -> String {
    format!(
        "Self-assessment: {}, {} and {} passed; every path checked ({} distinct)",
        plural(assessment.questions.len(), "question"),
        plural(assessment.outcomes.len(), "outcome"),
        plural(assessment.tests, "test case"),
        assessment.paths_checked
    )
}
