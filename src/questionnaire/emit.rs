//! What the questionnaire gives the rest of the site: the logic the browser
//! runs (JSON), the text the readability checks read, and the build's
//! one-line report.

use serde_json::{Value, json};

use crate::diagnostic::plural;

use super::Assessment;

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
            if let Some(validate) = &q.validate {
                item.insert("validate".into(), json!(validate));
            }
            if q.decimals > 0 {
                item.insert("dp".into(), json!(q.decimals));
            }
            if let Some(b) = q.not_before {
                item.insert("not_before".into(), json!(b.text()));
            }
            if let Some(b) = q.not_after {
                item.insert("not_after".into(), json!(b.text()));
            }
            if q.prefer_not {
                item.insert("prefer_not".into(), json!(true));
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
        let mut wire = json!({
            "questions": questions.collect::<Vec<_>>(),
            "scores": self.scores.iter().map(|s| json!({
                "id": s.id, "expr": s.expr, "bands": s.bands
            })).collect::<Vec<_>>(),
            "outcomes": outcomes.collect::<Vec<_>>(),
        });
        if !self.notes.is_empty() {
            let notes = self.notes.iter().map(|n| {
                let mut item = serde_json::Map::new();
                item.insert("id".into(), json!(n.id));
                item.insert("when".into(), json!(n.when));
                if n.urgent {
                    item.insert("urgent".into(), json!(true));
                }
                if !n.reasons.is_empty() {
                    let reasons: Vec<_> = n.reasons.iter().map(|r| json!(r.when)).collect();
                    item.insert("reasons".into(), json!(reasons));
                }
                Value::Object(item)
            });
            wire["notes"] = json!(notes.collect::<Vec<_>>());
        }
        whole_numbers(&mut wire);
        wire
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
        for n in &self.notes {
            prose.push((format!("note `{}`", n.id), n.text.clone(), n.line));
        }
        prose
    }
}

/// One line for the build's report: what was checked, and what the
/// analysis proved. "for every possible answer" only when it is true.
pub fn summary(assessment: &Assessment) -> String {
    let proof = &assessment.proof;
    let reasoned: Vec<String> = proof.reasoned.iter().map(|id| format!("`{id}`")).collect();
    let proved = if proof.exact {
        let mut text = format!(
            "every possible answer checked ({} distinct states",
            proof.states
        );
        if !reasoned.is_empty() {
            text.push_str(&format!(
                "; {} proved by interval reasoning at every step",
                reasoned.join(", ")
            ));
        }
        text.push(')');
        text
    } else {
        let sampled: Vec<String> = proof.sampled.iter().map(|(what, _)| what.clone()).collect();
        let mut text = format!(
            "proved for every answer, except {}, so a gap there may be missed",
            sampled.join("; and ")
        );
        if !proof.unconfirmed.is_empty() {
            text.push_str(&format!(
                "; not shown reachable by the values tried: {}",
                proof.unconfirmed.join(", ")
            ));
        }
        text
    };
    format!(
        "Self-assessment: {}, {} and {} passed; {proved}",
        plural(assessment.questions.len(), "question"),
        plural(assessment.outcomes.len(), "outcome"),
        plural(assessment.tests, "test case"),
    )
}

/// Writes each whole number as `3`, not `3.0`: the browser reads both as the
/// same number, and the page is lighter. `-0.0` keeps its sign (`1 / -0` is
/// not `1 / 0` in JavaScript), and numbers past 2^53 stay as they are.
fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9_007_199_254_740_992.0
                && !(f == 0.0 && f.is_sign_negative())
            {
                #[allow(clippy::cast_possible_truncation)] // whole and below 2^53
                let whole = f as i64;
                *value = Value::from(whole);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment};
    use super::*;

    #[test]
    fn the_browser_gets_trees_and_indexes_and_no_defaults() {
        let a = assessment(SMALL);
        let json = a.client_json();
        assert_eq!(
            json["questions"][1],
            json!({
                "id": "mood", "type": "choice",
                "show_if": {"k": "is", "q": 0, "opts": [1]},
                "scores": [0, 1, 2]
            })
        );
        assert_eq!(json["questions"][0], json!({"id": "age", "type": "choice"}));
        // Whole numbers without `.0`; a sign of zero and a fraction stay.
        let mut numbers = json!([3.0, -0.0, 2.5, 1e300]);
        whole_numbers(&mut numbers);
        assert_eq!(numbers.to_string(), "[3,-0.0,2.5,1e+300]");
        assert_eq!(json["questions"][3]["min"], 0);
        assert_eq!(
            json["outcomes"][0],
            json!({"id": "crisis", "interrupt": true, "can_continue": true,
                   "when": {"k": "cmp", "op": ">=", "a": {"k": "ref", "s": 0}, "b": {"k": "num", "v": 4}}})
        );
        assert_eq!(json["scores"][0]["id"], "total");
        assert!(json.get("notes").is_none(), "no notes, no key");
        let with_notes = format!(
            "{SMALL}notes:\n  - id: n\n    when: \"count(screen) > 1\"\n    urgent: true\n    title: T\n    reasons:\n      - {{ when: \"'bp' in screen\", text: BP }}\n"
        );
        assert_eq!(
            assessment(&with_notes).client_json()["notes"],
            json!([{"id": "n", "urgent": true,
                "when": {"k": "cmp", "op": ">", "a": {"k": "count", "q": 2}, "b": {"k": "num", "v": 1}},
                "reasons": [{"k": "has", "q": 2, "opt": 0}]}])
        );
    }

    #[test]
    fn prose_and_summary() {
        let a = assessment(SMALL);
        let prose = a.prose();
        assert_eq!(
            prose[0],
            (
                "question `age`".to_string(),
                "How old are you?".to_string(),
                4
            )
        );
        assert!(
            prose
                .iter()
                .any(|(what, text, _)| what == "outcome `fine`" && text.starts_with("Fine"))
        );
        assert_eq!(
            summary(&a),
            "Self-assessment: 4 questions, 2 outcomes and 2 test cases passed; every possible answer checked (11 distinct states)"
        );
    }
}
