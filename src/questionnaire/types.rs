//! The checked and compiled self-assessment: what every later stage (the
//! analysis, the test runner, the page and `pamphlet check`) works from.
//!
//! [`super::model`] is the file as staff write it; these types are what it
//! means once names are resolved: expressions compiled, options as indexes.

use serde::Serialize;

use super::compile::Expr;
use super::eval::Answer;
use super::model::{BandDef, QuestionType};

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
    /// Notes shown on the result whenever their condition holds.
    pub notes: Vec<Note>,
    /// How many test cases passed.
    pub tests: usize,
    /// What the analysis proved.
    pub proof: Proof,
    /// Outcomes that no test case reaches (`pamphlet check` warns).
    pub untested: Vec<String>,
    /// The day `days_since` and `months_since` count to in Rust: the
    /// analysis's reference day ([`super::dates::REFERENCE_TODAY`]), or a
    /// test case's `today:` while it runs. The browser uses its own date.
    #[serde(skip)]
    pub today: jiff::civil::Date,
    /// Notes that no test case expects (`pamphlet check` warns).
    pub untested_notes: Vec<String>,
}

/// What the analysis proved, for the build's report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Proof {
    /// Distinct states the walk went through.
    pub states: u64,
    /// Whether every possible answer was covered.
    pub exact: bool,
    /// What was only sampled ("`weight` between 300.1 and 301.4 when
    /// `height` is 70 to 71"), with how many values were tried there.
    pub sampled: Vec<(String, usize)>,
    /// Wide numbers whose answers were told apart by interval reasoning
    /// (proved, except where `sampled` names them).
    pub reasoned: Vec<String>,
    /// Questions and outcomes the sampled answers did not show or reach
    /// (they may still be reachable): "outcome `review`".
    pub unconfirmed: Vec<String>,
}

/// One question.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Unique id, used in expressions and tests.
    pub id: String,
    /// The question as the person reads it.
    pub text: String,
    /// What kind of answer it takes.
    pub kind: QuestionType,
    /// A short help text under the question.
    pub hint: Option<String>,
    /// A line shown above the question.
    pub stem: Option<String>,
    /// The stem is the previous question's: the page writes it once, and
    /// the script copies it to this step.
    pub stem_repeat: bool,
    /// The options (yes/no has two; a number question none).
    pub options: Vec<Choice>,
    /// Asked only when this holds.
    #[serde(skip)]
    pub show_if: Option<Expr>,
    /// The person may skip it.
    pub optional: bool,
    /// A safety question: an interrupting outcome reads it.
    pub safety: bool,
    /// Smallest accepted number.
    pub min: Option<i64>,
    /// Largest accepted number.
    pub max: Option<i64>,
    /// A word shown after the number box.
    pub unit: Option<String>,
    /// How many decimals a number may have (0: whole numbers).
    pub decimals: u8,
    /// The rule an answer must meet, with the earlier answers.
    #[serde(skip)]
    pub validate: Option<Expr>,
    /// What the person is told when it does not.
    pub validate_message: Option<String>,
    /// For free text: the most characters it takes.
    pub max_length: usize,
    /// For a date: the earliest accepted (the page's message for it is in
    /// the page's language: see `render::views`).
    #[serde(skip)]
    pub not_before: Option<super::dates::Bound>,
    /// For a date: the latest accepted.
    #[serde(skip)]
    pub not_after: Option<super::dates::Bound>,
    /// Offers "Prefer not to say".
    pub prefer_not: bool,
    /// Line in the file, for reports.
    pub line: usize,
}

/// One option.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Unique within the question.
    pub id: String,
    /// What the person sees.
    pub label: String,
    /// A short help text under the option.
    pub hint: Option<String>,
    /// Added by `score(question)` when chosen (0 if none given).
    pub score: f64,
    /// In a multi question: choosing it clears the others.
    pub exclusive: bool,
}

/// A named score.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// The score's name.
    pub id: String,
    /// What it adds up.
    #[serde(skip)]
    pub expr: Expr,
    /// Named ranges, as written.
    pub bands: Vec<BandDef>,
}

/// One outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Unique id.
    pub id: String,
    /// The condition.
    #[serde(skip)]
    pub when: Expr,
    /// Checked after every answer and shown at once.
    pub interrupt: bool,
    /// The label of the secondary "continue" button, if it has one.
    pub continue_label: Option<String>,
    /// The heading, as inline HTML.
    pub title: String,
    /// The body as HTML; scores appear as empty `data-score` spans that the
    /// browser fills in.
    pub body_html: String,
    /// The body's Markdown with site values filled in, for readability checks.
    #[serde(skip)]
    pub body_text: String,
    /// Shows the "book a consultation" link.
    pub book: bool,
    /// Styled as urgent (the crisis outcome).
    pub urgent: bool,
    /// The body shows a score, so the instrument's credit goes with it.
    pub shows_scores: bool,
    /// The scores the body shows (`{total}`, `{total.band}`), as indexes.
    #[serde(skip)]
    pub score_refs: Vec<usize>,
    /// Line in the file, for reports.
    pub line: usize,
}

/// A note on the result, shown whenever its condition holds.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// Unique among notes.
    pub id: String,
    /// The condition.
    #[serde(skip)]
    pub when: Expr,
    /// The heading, as inline HTML.
    pub title: String,
    /// The body as HTML (scores as spans the browser fills), may be empty.
    pub body_html: String,
    /// Title, body and reasons with site values filled in, for the checks.
    #[serde(skip)]
    pub text: String,
    /// Shown first, after the crisis lines, which it brings to the top.
    pub urgent: bool,
    /// The conditions listed under it, each when it holds.
    pub reasons: Vec<Reason>,
    /// Line in the file, for reports.
    pub line: usize,
}

/// One listed reason of a note.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// Listed when this holds.
    #[serde(skip)]
    pub when: Expr,
    /// The line as inline HTML.
    pub html: String,
}

impl Assessment {
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
                            .filter(|(i, _)| bits.contains(*i))
                            .map(|(_, o)| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Answer::Number(n) => format_number(n),
                    Answer::Date(d) => d.to_string(),
                    Answer::Declined => super::selftest::DECLINED.to_string(),
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

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment};
    use super::*;

    #[test]
    fn numbers_are_written_as_staff_write_them() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1e20), "100000000000000000000");
    }

    #[test]
    fn lookups_and_answers_in_the_file_s_words() {
        let a = assessment(SMALL);
        assert_eq!(a.question_index("screen"), Some(2));
        assert_eq!(a.question_index("nope"), None);
        assert_eq!(a.outcome_index("fine"), Some(1));
        assert_eq!(a.band(0, 1.0), Some("low"));
        assert_eq!(a.band(0, 9.0), None);
        let answers = [
            Some(Answer::Choice(1)),
            Some(Answer::Choice(2)),
            Some(Answer::Multi(super::super::eval::Bits::of(&[0, 1]))),
            Some(Answer::Number(12.0)),
        ];
        assert_eq!(
            a.describe_answers(&answers, &[0, 1, 2, 3]),
            "age = adult, mood = most, screen = [bp, heart], years = 12"
        );
        assert_eq!(a.describe_answers(&[None, None, None, None], &[0, 1]), "");
    }
}
