//! A translation of the self-assessment: `content/<prefix>/assessment.yaml`
//! holds the texts of `content/assessment.yaml` in another language, keyed
//! by id, and nothing else. The logic (conditions, scores, outcomes' order,
//! tests) stays in the source, so both languages run one questionnaire.
//!
//! The format is a map by id (`questions: phq1: text: …`) rather than a copy
//! of the source's lists, because a text's id path
//! (`questions.phq1.options.not_at_all`) is then where it stands in the
//! file: reordering questions in the source needs no change here, a
//! missing or unknown text is named by that path, and no logic key
//! (`when`, `score`, `show_if`) has anywhere to go (every struct rejects
//! unknown keys, with a "did you mean").
//!
//! The build checks that every text of the source has a translation (one
//! error per missing text, at the nearest key that is there, quoting the
//! text to translate) and that every id exists in the source. A validated
//! instrument whose official translation is not available is listed under
//! `not_translated:`; its questions are shown as the source writes them,
//! marked with the source's language.
//!
//! `source_hash` records the content hash (see [`super::signoff`]) of the
//! version of the source the translation was reviewed against; `check`
//! reports the translation as out of date when the source's hash or its
//! last review moved on.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

mod load;

pub use load::{load, load_all, without_source};

use super::model::{AssessmentFile, OptionsDef, Ordered, QuestionType};
use super::{Assessment, ELSEWHERE};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};

/// The whole translation file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationFile {
    /// The source, as it stands under `content/` (`assessment.yaml`).
    pub translation_of: String,
    /// Who reviewed the translation.
    pub reviewed_by: Option<String>,
    /// When the translation was last reviewed.
    pub last_reviewed: Option<Date>,
    /// The source's content hash when the translation was reviewed.
    pub source_hash: Option<serde_yaml::Value>,
    /// The page heading.
    pub title: Option<String>,
    /// The meta description.
    pub description: Option<String>,
    /// The introduction (Markdown).
    pub intro: Option<String>,
    /// The credit shown on every result (Markdown).
    pub credit: Option<String>,
    /// Questions of a validated instrument shown as the source writes them,
    /// because its official translation is not available.
    #[serde(default)]
    pub not_translated: Vec<String>,
    /// The questions' texts, by question id.
    #[serde(default)]
    pub questions: Ordered<QuestionTexts>,
    /// The scores' band labels, by score id.
    #[serde(default)]
    pub scores: Ordered<ScoreTexts>,
    /// The outcomes' texts, by outcome id.
    #[serde(default)]
    pub outcomes: Ordered<OutcomeTexts>,
    /// The notes' texts, by note id.
    #[serde(default)]
    pub notes: Ordered<NoteTexts>,
}

/// The texts of one question.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTexts {
    /// The question.
    pub text: Option<String>,
    /// The line above it.
    pub stem: Option<String>,
    /// The help text under it.
    pub hint: Option<String>,
    /// The word after a number box.
    pub unit: Option<String>,
    /// The message of its `validate` rule.
    pub validate: Option<String>,
    /// The options' labels (and hints), by option id.
    #[serde(default)]
    pub options: Ordered<OptionTexts>,
}

/// One option's label, or its label and hint.
#[derive(Debug, Default)]
pub struct OptionTexts {
    /// What the person sees.
    pub label: Option<String>,
    /// The help text under it.
    pub hint: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionSpec {
    label: Option<String>,
    hint: Option<String>,
}

impl<'de> Deserialize<'de> for OptionTexts {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor;
        impl<'de> Visitor<'de> for OptionVisitor {
            type Value = OptionTexts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the option's label, or `label:` and `hint:` lines")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptionTexts, E> {
                Ok(OptionTexts {
                    label: Some(v.to_string()),
                    hint: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OptionTexts, A::Error> {
                let spec = OptionSpec::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(OptionTexts {
                    label: spec.label,
                    hint: spec.hint,
                })
            }
        }
        deserializer.deserialize_any(OptionVisitor)
    }
}

/// The band labels of one score, by the source's label.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreTexts {
    /// `minimal: mínimo`.
    #[serde(default)]
    pub bands: Ordered<String>,
}

/// The texts of one outcome.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeTexts {
    /// Its heading.
    pub title: Option<String>,
    /// Its text (Markdown).
    pub body: Option<String>,
    /// The label of its continue button.
    #[serde(rename = "continue")]
    pub continue_label: Option<String>,
}

/// The texts of one note.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteTexts {
    /// Its heading.
    pub title: Option<String>,
    /// Its text (Markdown).
    pub body: Option<String>,
    /// Its reasons' texts, in the source's order.
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// A translation as loaded: the file, its parsed texts, and the
/// questionnaire with them, if everything checked.
#[derive(Debug, Clone)]
pub struct Translated {
    /// The language's prefix (`es`).
    pub prefix: String,
    /// The translation file.
    pub source: crate::content::SourceFile,
    /// Its review, for `check`.
    pub last_reviewed: Option<Date>,
    /// The source's hash it was reviewed against, as written.
    pub source_hash: Option<String>,
    /// The questionnaire with the translated texts.
    pub assessment: Option<Assessment>,
    /// The questions left in the source's language.
    pub not_translated: Vec<String>,
}

/// One text the source has: its id path, the text, and the key path
/// where it belongs in the translation.
struct Needed {
    path: Vec<String>,
    english: String,
}

fn needed(file: &AssessmentFile, keep: &[String]) -> Vec<Needed> {
    let mut out = Vec::new();
    let mut push = |path: &[&str], text: &str| {
        out.push(Needed {
            path: path.iter().map(|s| s.to_string()).collect(),
            english: text.trim().to_string(),
        });
    };
    push(&["title"], &file.title);
    for (key, value) in [
        ("description", &file.description),
        ("intro", &file.intro),
        ("credit", &file.credit),
    ] {
        if let Some(v) = value {
            push(&[key], v);
        }
    }
    for q in file.questions.iter().filter(|q| !keep.contains(&q.id)) {
        let id = q.id.as_str();
        push(&["questions", id, "text"], &q.text);
        for (key, value) in [("stem", &q.stem), ("hint", &q.hint), ("unit", &q.unit)] {
            if let Some(v) = value {
                push(&["questions", id, key], v);
            }
        }
        if let Some(v) = &q.validate {
            push(&["questions", id, "validate"], &v.message);
        }
        match (&q.options, q.kind) {
            (Some(OptionsDef::List(options)), _) => {
                for o in options {
                    push(&["questions", id, "options", &o.id], &o.label);
                    if let Some(hint) = &o.hint {
                        push(&["questions", id, "options", &o.id, "hint"], hint);
                    }
                }
            }
            (Some(OptionsDef::Regions), _) => {
                push(&["questions", id, "options", ELSEWHERE], "Somewhere else");
            }
            (None, QuestionType::YesNo) => {
                push(&["questions", id, "options", "yes"], "Yes");
                push(&["questions", id, "options", "no"], "No");
            }
            (None, _) => {}
        }
    }
    for (id, score) in &file.scores.0 {
        for band in &score.bands {
            push(&["scores", id, "bands", &band.label], &band.label);
        }
    }
    for o in &file.outcomes {
        push(&["outcomes", &o.id, "title"], &o.title);
        push(&["outcomes", &o.id, "body"], &o.body);
        if let Some(c) = &o.continue_label {
            push(&["outcomes", &o.id, "continue"], c);
        }
    }
    for n in &file.notes {
        push(&["notes", &n.id, "title"], &n.title);
        if !n.body.trim().is_empty() {
            push(&["notes", &n.id, "body"], &n.body);
        }
        for (i, r) in n.reasons.iter().enumerate() {
            push(&["notes", &n.id, "reasons", &(i + 1).to_string()], &r.text);
        }
    }
    out
}

/// The index of `id` in a map by id.
fn find<T>(list: &[(String, T)], id: &str) -> Option<usize> {
    list.iter().position(|(k, _)| k == id)
}

/// Whether the translation has the text at `path`.
fn has(t: &TranslationFile, path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let get = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
    match p.as_slice() {
        ["title"] => get(&t.title),
        ["description"] => get(&t.description),
        ["intro"] => get(&t.intro),
        ["credit"] => get(&t.credit),
        ["questions", id, rest @ ..] => {
            let Some(i) = find(&t.questions.0, id) else {
                return false;
            };
            let q = &t.questions.0[i].1;
            match rest {
                ["text"] => get(&q.text),
                ["stem"] => get(&q.stem),
                ["hint"] => get(&q.hint),
                ["unit"] => get(&q.unit),
                ["validate"] => get(&q.validate),
                ["options", o] => {
                    find(&q.options.0, o).is_some_and(|j| get(&q.options.0[j].1.label))
                }
                ["options", o, "hint"] => {
                    find(&q.options.0, o).is_some_and(|j| get(&q.options.0[j].1.hint))
                }
                _ => false,
            }
        }
        ["scores", id, "bands", band] => find(&t.scores.0, id).is_some_and(|i| {
            t.scores.0[i]
                .1
                .bands
                .0
                .iter()
                .any(|(k, v)| k == band && !v.trim().is_empty())
        }),
        ["outcomes", id, key] => find(&t.outcomes.0, id).is_some_and(|i| {
            let o = &t.outcomes.0[i].1;
            match *key {
                "title" => get(&o.title),
                "body" => get(&o.body),
                _ => get(&o.continue_label),
            }
        }),
        ["notes", id, rest @ ..] => find(&t.notes.0, id).is_some_and(|i| {
            let n = &t.notes.0[i].1;
            match rest {
                ["title"] => get(&n.title),
                ["body"] => get(&n.body),
                ["reasons", k] => k
                    .parse::<usize>()
                    .ok()
                    .and_then(|k| n.reasons.get(k - 1))
                    .is_some_and(|r| !r.trim().is_empty()),
                _ => false,
            }
        }),
        _ => false,
    }
}

/// Where the key at `path` (or the deepest of its parents that is there)
/// starts in a YAML text of nested maps, and how many keys of it matched.
pub fn key_position(text: &str, path: &[&str]) -> (usize, usize) {
    let mut best = 0;
    let mut matched = 0;
    let mut from = 0;
    let mut parent: Option<usize> = None;
    for key in path {
        let mut offset = from;
        let mut child_indent = None;
        let mut found = None;
        for line in text[from..].split_inclusive('\n') {
            let trimmed = line.trim_start_matches(' ');
            let indent = line.len() - trimmed.len();
            let content = trimmed.trim();
            if content.is_empty() || content.starts_with('#') {
                offset += line.len();
                continue;
            }
            if parent.is_some_and(|p| indent <= p) {
                break;
            }
            let level = *child_indent.get_or_insert(indent);
            let name = content
                .split(':')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'']);
            if indent == level && name == *key && content[name.len()..].contains(':') {
                found = Some((offset + indent, indent, offset + line.len()));
                break;
            }
            offset += line.len();
        }
        let Some((at, indent, next)) = found else {
            break;
        };
        best = at;
        matched += 1;
        parent = Some(indent);
        from = next.min(text.len());
    }
    (best, matched)
}

/// The problems of a translation against its source: a text with no
/// translation, an id the source does not have. `language` names the
/// language in messages (`Español (es-US)`).
pub fn problems(
    source: &AssessmentFile,
    source_text: &str,
    path: &Path,
    text: &str,
    t: &TranslationFile,
    language: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // A misspelt id is one problem: its did-you-mean names the source's id,
    // whose texts are then not reported missing one by one as well.
    let mut meant: Vec<Vec<String>> = Vec::new();
    let mut unknown = |kind: &str, id: &str, keys: &[&str], known: &[&str]| {
        let (at, _) = key_position(text, keys);
        let hint = match did_you_mean(id, known.iter().copied()) {
            Some(close) => {
                let mut path: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                if let Some(last) = path.last_mut() {
                    *last = close.to_string();
                }
                meant.push(path);
                format!("did you mean `{close}`?")
            }
            None => format!("the {kind}s of {} are: {}", super::FILE, known.join(", ")),
        };
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        Diagnostic::error(
            path,
            format!(
                "`{}` is not {article} {kind} of {}",
                keys.join("."),
                super::FILE
            ),
        )
        .at_offset(text, at)
        .underline(keys.last().map_or(0, |k| k.chars().count()))
        .hint(hint)
    };
    let questions: Vec<&str> = source.questions.iter().map(|q| q.id.as_str()).collect();
    for id in &t.not_translated {
        if !questions.contains(&id.as_str()) {
            let (at, _) = key_position(text, &["not_translated"]);
            let hint = match did_you_mean(id, questions.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the questions of {} are: {}",
                    super::FILE,
                    questions.join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "`not_translated` lists `{id}`, which is not a question of {}",
                        super::FILE
                    ),
                )
                .at_text(text, at, id, 1)
                .underline(id.chars().count())
                .hint(hint),
            );
        }
    }
    for (id, q) in &t.questions.0 {
        let Some(def) = source.questions.iter().find(|d| &d.id == id) else {
            problems.push(unknown("question", id, &["questions", id], &questions));
            continue;
        };
        let mut options: Vec<&str> = match (&def.options, def.kind) {
            (Some(OptionsDef::List(list)), _) => list.iter().map(|o| o.id.as_str()).collect(),
            (Some(OptionsDef::Regions), _) => vec![ELSEWHERE],
            (None, QuestionType::YesNo) => vec!["yes", "no"],
            (None, _) => Vec::new(),
        };
        options.sort_unstable();
        for (o, _) in &q.options.0 {
            if !options.contains(&o.as_str()) {
                problems.push(unknown(
                    "option",
                    o,
                    &["questions", id, "options", o],
                    &options,
                ));
            }
        }
    }
    let scores: Vec<&str> = source.scores.0.iter().map(|(k, _)| k.as_str()).collect();
    for (id, s) in &t.scores.0 {
        let Some((_, def)) = source.scores.0.iter().find(|(k, _)| k == id) else {
            problems.push(unknown("score", id, &["scores", id], &scores));
            continue;
        };
        let bands: Vec<&str> = def.bands.iter().map(|b| b.label.as_str()).collect();
        for (b, _) in &s.bands.0 {
            if !bands.contains(&b.as_str()) {
                problems.push(unknown("band", b, &["scores", id, "bands", b], &bands));
            }
        }
    }
    let outcomes: Vec<&str> = source.outcomes.iter().map(|o| o.id.as_str()).collect();
    for (id, _) in &t.outcomes.0 {
        if !outcomes.contains(&id.as_str()) {
            problems.push(unknown("outcome", id, &["outcomes", id], &outcomes));
        }
    }
    let notes: Vec<&str> = source.notes.iter().map(|n| n.id.as_str()).collect();
    for (id, _) in &t.notes.0 {
        if !notes.contains(&id.as_str()) {
            problems.push(unknown("note", id, &["notes", id], &notes));
        }
    }
    for need in needed(source, &t.not_translated) {
        let misspelt = meant.iter().any(|m| need.path.starts_with(m));
        if misspelt || has(t, &need.path) {
            continue;
        }
        let keys: Vec<&str> = need.path.iter().map(String::as_str).collect();
        // At the deepest part of its path the file has; where it goes is
        // under its whole parent path, whatever part of that is there.
        let (at, _) = key_position(text, &keys);
        let under = match &keys[..keys.len().saturating_sub(1)] {
            [] => "at the top level".to_string(),
            parent => format!("under `{}`", parent.join(": ")),
        };
        let line = source_line(source_text, &keys);
        problems.push(
            Diagnostic::error(
                path,
                format!("`{}` has no translation into {language}", keys.join(".")),
            )
            .at_offset(text, at)
            .hint(format!(
                "add it {under}; the text to translate ({}, line {line}) reads: \"{}\"",
                super::FILE,
                need.english
            )),
        );
    }
    problems
}

/// The value of the `source_hash:` line as written, without quotes or a
/// trailing comment (so `000123` keeps its zeros, as the sign-off's does).
pub fn hash_as_written(text: &str) -> String {
    let Some(at) = super::signoff::key_offset(text, "source_hash:") else {
        return String::new();
    };
    let line = text[at + "source_hash:".len()..]
        .lines()
        .next()
        .unwrap_or("");
    let value = line.split(" #").next().unwrap_or("").trim();
    value.trim_matches(['"', '\'']).trim().to_string()
}

/// The line of the source item a text belongs to (`- id: phq1`), or of
/// its top-level key.
fn source_line(source: &str, keys: &[&str]) -> usize {
    let at = match keys {
        [_, id, ..] if keys[0] != "scores" => source
            .find(&format!("id: {id}\n"))
            .or_else(|| source.find(&format!("id: {id}"))),
        ["scores", id, ..] => source.find(&format!("  {id}:")),
        [key, ..] => source.find(&format!("\n{key}:")).map(|i| i + 1),
        [] => None,
    };
    // The text's own line within its item: an option's `id: adult`, or the
    // key (`text:`, `hint:`) after the item's `id:`.
    let within = match keys {
        [_, _, "options", option, ..] => Some(format!("id: {option}")),
        [first, _, field, ..] if *first != "scores" => Some(format!("{field}:")),
        _ => None,
    };
    let at = match (at, within) {
        (Some(item), Some(needle)) => source[item..]
            .find(&needle)
            .map_or(Some(item), |i| Some(item + i)),
        (at, _) => at,
    };
    crate::diagnostic::line_col(source, at.unwrap_or(0)).0
}

/// `file` with the texts of `t` in place of its own.
pub fn apply(file: &mut AssessmentFile, t: &TranslationFile) {
    let set = |slot: &mut String, value: &Option<String>| {
        if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
            *slot = v.clone();
        }
    };
    let set_opt = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_some() && value.as_ref().is_some_and(|v| !v.trim().is_empty()) {
            *slot = value.clone();
        }
    };
    set(&mut file.title, &t.title);
    set_opt(&mut file.description, &t.description);
    set_opt(&mut file.intro, &t.intro);
    set_opt(&mut file.credit, &t.credit);
    for q in &mut file.questions {
        let Some((_, texts)) = t.questions.0.iter().find(|(id, _)| *id == q.id) else {
            continue;
        };
        set(&mut q.text, &texts.text);
        set_opt(&mut q.stem, &texts.stem);
        set_opt(&mut q.hint, &texts.hint);
        set_opt(&mut q.unit, &texts.unit);
        if let Some(v) = &mut q.validate {
            set(&mut v.message, &texts.validate);
        }
        if let Some(OptionsDef::List(options)) = &mut q.options {
            for o in options {
                if let Some((_, ot)) = texts.options.0.iter().find(|(id, _)| *id == o.id) {
                    set(&mut o.label, &ot.label);
                    set_opt(&mut o.hint, &ot.hint);
                }
            }
        }
    }
    for (id, score) in &mut file.scores.0 {
        let Some((_, texts)) = t.scores.0.iter().find(|(k, _)| k == id) else {
            continue;
        };
        for band in &mut score.bands {
            if let Some((_, label)) = texts.bands.0.iter().find(|(k, _)| *k == band.label) {
                band.label = label.clone();
            }
        }
    }
    for o in &mut file.outcomes {
        if let Some((_, texts)) = t.outcomes.0.iter().find(|(id, _)| *id == o.id) {
            set(&mut o.title, &texts.title);
            set(&mut o.body, &texts.body);
            set_opt(&mut o.continue_label, &texts.continue_label);
        }
    }
    for n in &mut file.notes {
        if let Some((_, texts)) = t.notes.0.iter().find(|(id, _)| *id == n.id) {
            set(&mut n.title, &texts.title);
            if !n.body.trim().is_empty() {
                set(&mut n.body, &texts.body);
            }
            for (r, text) in n.reasons.iter_mut().zip(&texts.reasons) {
                r.text = text.clone();
            }
        }
    }
}

/// The labels pamphlet adds itself (`Yes`, `No`, "Somewhere else"),
/// translated in the questionnaire once it is built.
fn apply_built_in(assessment: &mut Assessment, file: &AssessmentFile, t: &TranslationFile) {
    for (q, def) in assessment.questions.iter_mut().zip(&file.questions) {
        if matches!(def.options, Some(OptionsDef::List(_))) {
            continue;
        }
        let Some((_, texts)) = t.questions.0.iter().find(|(id, _)| *id == q.id) else {
            continue;
        };
        for o in &mut q.options {
            if let Some((_, ot)) = texts.options.0.iter().find(|(id, _)| *id == o.id)
                && let Some(label) = ot.label.as_ref().filter(|l| !l.trim().is_empty())
            {
                o.label = label.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_position_finds_nested_keys_and_the_deepest_parent() {
        let text = "title: T\nquestions:\n  age:\n    text: A\n    options:\n      adult: B\n  mood:\n    text: C\n";
        let (at, n) = key_position(text, &["questions", "age", "options", "adult"]);
        assert_eq!((n, &text[at..at + 6]), (4, "adult:"));
        let (at, n) = key_position(text, &["questions", "mood", "options", "never"]);
        assert_eq!((n, &text[at..at + 5]), (2, "mood:"));
        // `text` of `age` is not `text` of `mood`.
        let (at, _) = key_position(text, &["questions", "mood", "text"]);
        assert_eq!(&text[at..at + 7], "text: C");
        assert_eq!(key_position(text, &["outcomes", "x"]), (0, 0));
    }
}
