//! The file format of `content/assessment.yaml`, as staff write it.
//!
//! These structs only describe the YAML; [`super::compile`] checks what the
//! values mean. Every struct rejects unknown keys, so a typo such as
//! `show_iff` is an error with a "did you mean" hint, not a silent no-op.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    /// The page heading and `<title>`.
    pub title: String,
    /// The meta description; falls back to the first line of `intro`.
    pub description: Option<String>,
    /// Markdown shown before the first question.
    pub intro: Option<String>,
    /// Markdown shown on every result, e.g. a validated instrument's credit.
    pub credit: Option<String>,
    /// The questions, in the order they are asked.
    pub questions: Vec<QuestionDef>,
    /// Named scores: `name: "score(a) + score(b)"`, or with bands.
    #[serde(default)]
    pub scores: Ordered<ScoreDef>,
    /// Outcomes in order; the first whose `when` holds is the result.
    pub outcomes: Vec<OutcomeDef>,
    /// Messages shown on the result, each whenever its condition holds,
    /// whatever the outcome.
    #[serde(default)]
    pub notes: Vec<NoteDef>,
    /// Test cases run by every build.
    #[serde(default)]
    pub tests: Vec<TestDef>,
    /// The clinician who signed off the assessment (required to publish).
    pub reviewed_by: Option<String>,
    /// When they signed it off (required to publish).
    pub last_reviewed: Option<crate::date::Date>,
    /// When it must be reviewed again (default: the site's review interval).
    pub next_review: Option<crate::date::Date>,
    /// The content hash of the version they signed off (see `signoff`).
    /// Any scalar: a hash of digits only (or one like `12e4…`) reads as a
    /// number in YAML, so the sign-off takes the text of its line instead.
    pub reviewed_hash: Option<serde_yaml::Value>,
}

/// The kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// One option from a list (radio buttons).
    Choice,
    /// Any number of options (checkboxes).
    Multi,
    /// Yes or No.
    YesNo,
    /// A whole number, or a decimal with `step`.
    Number,
    /// A calendar date (`<input type="date">`), read by `days_since(q)` and
    /// `months_since(q)`.
    Date,
    /// Free text: shown in the summary and the printout, never read by a
    /// condition or a score, never sent anywhere. Always optional.
    Text,
}

/// One question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    /// Unique id, used in expressions and tests.
    pub id: String,
    /// The question, shown as the page heading.
    pub text: String,
    /// `choice`, `multi`, `yes_no` or `number`.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// A short help text under the question.
    pub hint: Option<String>,
    /// A line shown above the question (the PHQ-9's "Over the last 2 weeks…").
    pub stem: Option<String>,
    /// The options, or `regions` for the regions in site.yaml.
    pub options: Option<OptionsDef>,
    /// Ask this question only when the condition holds.
    pub show_if: Option<String>,
    /// The person may skip it.
    #[serde(default)]
    pub optional: bool,
    /// A safety question: some interrupting outcome must look at it.
    #[serde(default)]
    pub safety: bool,
    /// Smallest accepted number.
    pub min: Option<i64>,
    /// Largest accepted number.
    pub max: Option<i64>,
    /// A word shown after the number box ("years").
    pub unit: Option<String>,
    /// The smallest change a number may make (`0.1`: one decimal); whole
    /// numbers if left out.
    pub step: Option<f64>,
    /// A rule the answer must meet, read with the earlier answers.
    pub validate: Option<ValidateDef>,
    /// For free text: the most characters it takes (default 500).
    pub max_length: Option<usize>,
    /// For a date: the earliest accepted, `today` or `YYYY-MM-DD`.
    pub not_before: Option<String>,
    /// For a date: the latest accepted, `today` or `YYYY-MM-DD`.
    pub not_after: Option<String>,
    /// Offer "Prefer not to say" (the label is the interface text
    /// `prefer_not_to_say`); every expression that reads the question must
    /// then handle it (README: Prefer not to say).
    #[serde(default)]
    pub prefer_not_to_say: bool,
}

/// A question's own check of its answer ("the lower number must be lower").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateDef {
    /// The condition the answer must meet; it may read this question and
    /// earlier ones.
    pub rule: String,
    /// Shown by the question when the rule does not hold.
    pub message: String,
}

/// A question's options: a list, or the word `regions`.
#[derive(Debug)]
pub enum OptionsDef {
    /// The regions from site.yaml plus "Somewhere else".
    Regions,
    /// Options written out.
    List(Vec<OptionDef>),
}

/// One option of a choice or multi question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    /// Unique within the question; used in expressions and tests.
    pub id: String,
    /// What the person sees.
    pub label: String,
    /// Added by `score(question)` when chosen.
    pub score: Option<f64>,
    /// A short help text under the option.
    pub hint: Option<String>,
    /// In a multi question: choosing it clears the others ("None of these").
    #[serde(default)]
    pub exclusive: bool,
}

/// A named score: an expression, optionally with bands.
#[derive(Debug)]
pub struct ScoreDef {
    /// The expression.
    pub value: String,
    /// Named ranges of the score.
    pub bands: Vec<BandDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreSpec {
    value: String,
    #[serde(default)]
    bands: Vec<BandDef>,
}

/// A named range of a score, both ends included.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BandDef {
    /// Shown with `{score.band}`.
    pub label: String,
    /// Lowest value in the band.
    pub min: f64,
    /// Highest value in the band.
    pub max: f64,
}

/// One outcome.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDef {
    /// Unique id.
    pub id: String,
    /// The condition.
    pub when: String,
    /// Checked after every answer and shown at once.
    #[serde(default)]
    pub interrupt: bool,
    /// For an interrupting outcome: the label of a secondary button that
    /// lets the person go on ("I am safe right now — continue").
    #[serde(rename = "continue")]
    pub continue_label: Option<String>,
    /// The result's heading.
    pub title: String,
    /// Markdown; may show `{score}`, `{score.band}` and site values.
    pub body: String,
    /// Show the "book a consultation" link (default: true unless it interrupts).
    pub book: Option<bool>,
    /// Style it as urgent (the crisis outcome).
    #[serde(default)]
    pub urgent: bool,
}

/// A note: shown on the result whenever its condition holds, with the
/// outcome and any other notes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDef {
    /// Unique among notes; used in tests' `expect_notes`.
    pub id: String,
    /// The condition.
    pub when: String,
    /// The note's heading (inline Markdown); may show scores.
    pub title: String,
    /// Markdown under the heading; may show scores and site values.
    #[serde(default)]
    pub body: String,
    /// Shown first, right after the crisis lines, which it brings to the
    /// top of the result.
    #[serde(default)]
    pub urgent: bool,
    /// The conditions that put the person here, each listed when it holds.
    #[serde(default)]
    pub reasons: Vec<ReasonDef>,
}

/// One line of a note's list of reasons.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonDef {
    /// Listed when this holds.
    pub when: String,
    /// The line (inline Markdown); may show scores.
    pub text: String,
}

/// One test case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestDef {
    /// What the case is about, shown when it fails.
    pub name: Option<String>,
    /// Question id → option id, list of option ids, number or yes/no.
    pub answers: Ordered<serde_yaml::Value>,
    /// The outcome the person sees.
    pub expect: String,
    /// Interrupting outcomes the person continues past.
    #[serde(default)]
    pub continue_past: Vec<String>,
    /// Expected score values.
    #[serde(default)]
    pub scores: Ordered<f64>,
    /// The notes shown on the result, in order (`[]`: none); unchecked if
    /// left out.
    pub expect_notes: Option<Vec<String>>,
    /// The day the case is run on (`YYYY-MM-DD`): required when it answers
    /// a date question, so that builds never depend on the clock.
    pub today: Option<crate::date::Date>,
}

/// A YAML mapping that keeps the order it was written in.
#[derive(Debug)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a group of `name: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for ScoreDef {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoreVisitor;
        impl<'de> Visitor<'de> for ScoreVisitor {
            type Value = ScoreDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an expression in quotes, or `value:` and `bands:` lines")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ScoreDef, E> {
                Ok(ScoreDef {
                    value: v.to_string(),
                    bands: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScoreDef, A::Error> {
                let spec = ScoreSpec::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ScoreDef {
                    value: spec.value,
                    bands: spec.bands,
                })
            }
        }
        deserializer.deserialize_any(ScoreVisitor)
    }
}

impl<'de> Deserialize<'de> for OptionsDef {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionsVisitor;
        impl<'de> Visitor<'de> for OptionsVisitor {
            type Value = OptionsDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of options, or the word `regions`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptionsDef, E> {
                if v == "regions" {
                    Ok(OptionsDef::Regions)
                } else {
                    Err(E::custom(format!(
                        "options must be a list or the word `regions`, not `{v}`"
                    )))
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OptionsDef, A::Error> {
                Vec::<OptionDef>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(OptionsDef::List)
            }
        }
        deserializer.deserialize_any(OptionsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_keep_their_order_and_scores_take_two_forms() {
        let file: AssessmentFile = serde_yaml::from_str(
            "title: T\nquestions: []\noutcomes: []\nscores:\n  zeta: \"1\"\n  alpha:\n    value: \"zeta + 1\"\n    bands: [{ label: low, min: 0, max: 9 }]\n",
        )
        .unwrap();
        let names: Vec<&str> = file.scores.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"], "the order written, not sorted");
        assert_eq!(file.scores.0[0].1.value, "1");
        assert!(file.scores.0[0].1.bands.is_empty());
        assert_eq!(file.scores.0[1].1.bands[0].label, "low");
    }

    #[test]
    fn options_are_a_list_or_the_word_regions() {
        let q = |options: &str| {
            serde_yaml::from_str::<QuestionDef>(&format!(
                "id: q\ntext: Q?\ntype: choice\noptions: {options}\n"
            ))
        };
        assert!(matches!(
            q("regions").unwrap().options,
            Some(OptionsDef::Regions)
        ));
        assert!(matches!(
            q("[{ id: a, label: A }]").unwrap().options,
            Some(OptionsDef::List(list)) if list.len() == 1
        ));
        let error = q("states").unwrap_err().to_string();
        assert!(
            error.contains("options must be a list or the word `regions`, not `states`"),
            "{error}"
        );
        let error =
            serde_yaml::from_str::<QuestionDef>("id: q\ntext: Q?\ntype: choice\nshow_iff: x\n")
                .unwrap_err()
                .to_string();
        assert!(error.contains("unknown field `show_iff`"), "{error}");
    }
}
