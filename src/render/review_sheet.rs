//! The self-assessment's review sheet, `/assessment/review/`: what a
//! clinician reads, prints and signs, with no YAML. Every question with its
//! options, scores and when it is asked, every score with its bands, every
//! outcome with its condition and text, the test cases, what the build
//! proved, and the content hash the sign-off names
//! ([`crate::questionnaire::signoff`]). The template is
//! `assessment-review.html`; the page is `noindex`, in no sitemap and linked
//! from no page.

use serde::Serialize;
use serde_json::json;
use tera::Context;

use super::views::page_meta;
use crate::questionnaire::describe::{Describe, Plain};
use crate::questionnaire::model::{AssessmentFile, QuestionType};
use crate::questionnaire::signoff::{SignOff, content_hash};
use crate::questionnaire::{Assessment, FILE, format_number, summary};
use crate::site::Site;

/// Where the sheet is published.
pub const PATH: &str = "/assessment/review/";

/// The sheet as the template reads it (`sheet`).
#[derive(Debug, Serialize)]
struct Sheet {
    title: String,
    /// The file the sheet describes.
    file: &'static str,
    /// The content hash of this version.
    hash: String,
    /// The build's one-line report of what it checked.
    proved: String,
    /// Outcomes no test case reaches.
    untested: Vec<String>,
    sign_off: SignOffView,
    /// What the person reads before the first question, as HTML.
    intro_html: String,
    /// The credit shown with results that show a score, as HTML.
    credit_html: String,
    questions: Vec<QuestionView>,
    scores: Vec<ScoreView>,
    outcomes: Vec<OutcomeView>,
    tests: Vec<TestView>,
}

#[derive(Debug, Serialize)]
struct SignOffView {
    reviewed_by: Option<String>,
    last_reviewed: Option<String>,
    next_review: Option<String>,
    reviewed_hash: Option<String>,
    /// `reviewed_hash` is this version's hash.
    current: bool,
}

#[derive(Debug, Serialize)]
struct QuestionView {
    number: usize,
    id: String,
    text: String,
    stem: Option<String>,
    hint: Option<String>,
    /// What kind of answer, in words.
    kind: String,
    /// It offers "Prefer not to say".
    prefer_not: bool,
    optional: bool,
    safety: bool,
    /// When it is asked, as HTML (escaped text and lists).
    asked_html: String,
    options: Vec<OptionView>,
    /// Whether any option carries a score (the table shows the column).
    scored: bool,
}

#[derive(Debug, Serialize)]
struct OptionView {
    id: String,
    label: String,
    score: String,
    exclusive: bool,
}

#[derive(Debug, Serialize)]
struct ScoreView {
    id: String,
    /// What it adds up, in words.
    value: String,
    bands: Vec<BandView>,
}

#[derive(Debug, Serialize)]
struct BandView {
    label: String,
    min: String,
    max: String,
}

#[derive(Debug, Serialize)]
struct OutcomeView {
    number: usize,
    id: String,
    title: String,
    when_html: String,
    interrupt: bool,
    urgent: bool,
    book: bool,
    continue_label: Option<String>,
    body_html: String,
}

#[derive(Debug, Serialize)]
struct AnswerView {
    question: String,
    answer: String,
}

#[derive(Debug, Serialize)]
struct TestView {
    number: usize,
    name: Option<String>,
    /// The answers in words.
    answers: Vec<AnswerView>,
    /// The titles of the interrupting outcomes the person continues past.
    continue_past: Vec<String>,
    /// The expected result: its title and id.
    expect_title: String,
    expect: String,
    /// Expected score values, as `total = 12`.
    scores: Vec<String>,
}

/// The template context of the review sheet.
pub fn context(site: &Site, assessment: &Assessment) -> Context {
    let source = site
        .assessment_source
        .as_ref()
        .map_or("", |s| s.text.as_str());
    let title = format!("Review sheet: {}", assessment.title);
    let mut meta = page_meta(
        site,
        &title,
        "The self-assessment for a clinician to review and sign off.",
        PATH,
        "website",
        json!({}),
    );
    meta.noindex = true;
    meta.jsonld = String::new();
    let mut context = Context::new();
    context.insert("page", &meta);
    context.insert("sheet", &sheet(assessment, source));
    context
}

fn sheet(assessment: &Assessment, source: &str) -> Sheet {
    let describe = Describe::new(assessment);
    // The loader parsed this text already; the tests' answers as written
    // are not kept in `Assessment`, so they are read again here.
    let file: Option<AssessmentFile> =
        crate::yaml::parse(std::path::Path::new(FILE), source, source, 1).ok();
    let sign_off = file
        .as_ref()
        .map(|f| SignOff::of(f, source))
        .unwrap_or_default();
    let hash = content_hash(source);
    let questions = assessment
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionView {
            number: i + 1,
            id: q.id.clone(),
            text: q.text.clone(),
            stem: q.stem.clone(),
            hint: q.hint.clone(),
            kind: kind_words(q.kind, q.min, q.max, q.unit.as_deref(), q.decimals),
            optional: q.optional,
            prefer_not: q.prefer_not,
            safety: q.safety,
            asked_html: q
                .show_if
                .as_ref()
                .map_or_else(|| "always".to_string(), |e| html(&describe.condition(e))),
            options: q
                .options
                .iter()
                .map(|o| OptionView {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    score: format_number(o.score),
                    exclusive: o.exclusive,
                })
                .collect(),
            scored: q.options.iter().any(|o| o.score != 0.0),
        })
        .collect();
    let scores = assessment
        .scores
        .iter()
        .map(|s| ScoreView {
            id: s.id.clone(),
            // Its own expression in words, not its name.
            value: describe.spelled(&s.expr),
            bands: s
                .bands
                .iter()
                .map(|b| BandView {
                    label: b.label.clone(),
                    min: format_number(b.min),
                    max: format_number(b.max),
                })
                .collect(),
        })
        .collect();
    let outcomes = assessment
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| OutcomeView {
            number: i + 1,
            id: o.id.clone(),
            title: o.title.clone(),
            when_html: html(&describe.condition(&o.when)),
            interrupt: o.interrupt,
            urgent: o.urgent,
            book: o.book,
            continue_label: o.continue_label.clone(),
            body_html: shown_scores(assessment, &o.body_html),
        })
        .collect();
    let title_of = |id: &str| {
        assessment
            .outcome_index(id)
            .map_or_else(|| id.to_string(), |i| assessment.outcomes[i].title.clone())
    };
    let tests = file
        .as_ref()
        .map(|f| f.tests.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, t)| TestView {
            number: i + 1,
            name: t.name.clone(),
            answers: grouped(describe.test_answers(&t.answers)),
            continue_past: t.continue_past.iter().map(|id| title_of(id)).collect(),
            expect_title: title_of(&t.expect),
            expect: t.expect.clone(),
            scores: t
                .scores
                .0
                .iter()
                .map(|(id, v)| format!("{id} = {}", format_number(*v)))
                .collect(),
        })
        .collect();
    Sheet {
        title: assessment.title.clone(),
        file: FILE,
        proved: summary(assessment),
        untested: assessment.untested.clone(),
        sign_off: SignOffView {
            reviewed_by: sign_off.reviewed_by.clone(),
            last_reviewed: sign_off.last_reviewed.map(|d| d.to_string()),
            next_review: sign_off.next_review.map(|d| d.to_string()),
            current: sign_off.reviewed_hash.as_deref() == Some(hash.as_str()),
            reviewed_hash: sign_off.reviewed_hash,
        },
        hash,
        intro_html: assessment.intro_html.clone(),
        credit_html: assessment.credit_html.clone(),
        questions,
        scores,
        outcomes,
        tests,
    }
}

/// A case's answers as `Q4` (not the question's text: 24 cases of 14
/// answers would repeat every text two dozen times), questions in a row
/// with the same answer as one range: `Q4–Q11 “Not at all”`.
fn grouped(answers: Vec<(usize, String)>) -> Vec<AnswerView> {
    let mut runs: Vec<(usize, usize, String)> = Vec::new();
    for (q, answer) in answers {
        match runs.last_mut() {
            Some((_, last, same)) if *last + 1 == q && *same == answer => *last = q,
            _ => runs.push((q, q, answer)),
        }
    }
    runs.into_iter()
        .map(|(first, last, answer)| AnswerView {
            question: if first == last {
                format!("Q{}", first + 1)
            } else {
                format!("Q{}–Q{}", first + 1, last + 1)
            },
            answer,
        })
        .collect()
}

/// What kind of answer a question takes, in words.
fn kind_words(
    kind: QuestionType,
    min: Option<i64>,
    max: Option<i64>,
    unit: Option<&str>,
    decimals: u8,
) -> String {
    match kind {
        QuestionType::Choice => "one answer from the list".into(),
        QuestionType::Multi => "any of the options (checkboxes)".into(),
        QuestionType::YesNo => "yes or no".into(),
        QuestionType::Number => {
            let range = match (min, max) {
                (Some(min), Some(max)) => format!(" from {min} to {max}"),
                (Some(min), None) => format!(", {min} or more"),
                (None, Some(max)) => format!(", {max} or less"),
                (None, None) => String::new(),
            };
            let unit = unit.map(|u| format!(" ({u})")).unwrap_or_default();
            let number = match decimals {
                0 => "a whole number".to_string(),
                1 => "a number with at most 1 decimal".to_string(),
                n => format!("a number with at most {n} decimals"),
            };
            format!("{number}{range}{unit}")
        }
        QuestionType::Date => "a date".into(),
        QuestionType::Text => "free text, never read by any condition or score".into(),
    }
}

/// A condition as HTML: a line of escaped text, or a heading and a list.
fn html(plain: &Plain) -> String {
    match plain {
        Plain::Line(line) => escape(line),
        Plain::List { head, items } => {
            let items: String = items
                .iter()
                .map(|item| format!("<li>{}</li>", html(item)))
                .collect();
            format!("{}:<ul>{items}</ul>", escape(head))
        }
    }
}

/// The body with its score placeholders, which the browser fills in, shown
/// as what they will show: `[score total]`, `[band of total]`.
fn shown_scores(assessment: &Assessment, body_html: &str) -> String {
    let mut body = body_html.to_string();
    for score in &assessment.scores {
        let id = escape(&score.id);
        body = body
            .replace(
                &format!("data-score=\"{}\"></span>", score.id),
                &format!("data-score=\"{}\">[score {id}]</span>", score.id),
            )
            .replace(
                &format!("data-band=\"{}\"></span>", score.id),
                &format!("data-band=\"{}\">[band of {id}]</span>", score.id),
            );
    }
    body
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped, as Tera escapes values.
fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_a_row_are_one_range() {
        let shown: Vec<String> = grouped(vec![
            (0, "“Adult”".into()),
            (3, "“No”".into()),
            (4, "“No”".into()),
            (5, "“No”".into()),
            (6, "“Yes”".into()),
            (8, "“Yes”".into()),
        ])
        .into_iter()
        .map(|a| format!("{} {}", a.question, a.answer))
        .collect();
        assert_eq!(shown, ["Q1 “Adult”", "Q4–Q6 “No”", "Q7 “Yes”", "Q9 “Yes”"]);
    }
}
