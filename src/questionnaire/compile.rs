//! Gives names in expressions their meaning, checks types, and produces the
//! compiled tree that both evaluators (Rust and the browser's JavaScript)
//! run. Every problem becomes a message with a position; compiling goes on
//! after a problem so one run reports them all.

use crate::diagnostic;

use super::expr::{self, Node, Span, Syntax};
use super::model::QuestionType;
use super::ops::MathFn;
pub use super::tree::Expr;

#[path = "compile_ops.rs"]
mod binary;
#[path = "compile_calls.rs"]
mod calls;

use binary::binary;
use calls::{call, math};

/// What the compiler needs to know about a question.
pub struct QuestionInfo<'a> {
    /// Its id.
    pub id: &'a str,
    /// What kind of answer it takes.
    pub kind: QuestionType,
    /// Its option ids, in order.
    pub options: Vec<&'a str>,
    /// Whether some option has a score (so `score(q)` means something).
    pub has_scores: bool,
    /// Whether it offers "prefer not to say".
    pub prefer_not: bool,
}

/// A type error or unknown name, with its span in the expression.
#[derive(Debug)]
pub struct CompileError {
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range of the expression.
    pub span: Span,
    /// How to fix it.
    pub hint: Option<String>,
}

/// The names an expression may use.
pub struct Scope<'a> {
    /// All questions, in order.
    pub questions: &'a [QuestionInfo<'a>],
    /// All score names, in order.
    pub scores: &'a [&'a str],
    /// Questions with an index below this may be used (all for outcomes).
    pub questions_before: usize,
    /// Scores with an index below this may be used.
    pub scores_before: usize,
    /// What the expression belongs to, for "refers to a later question".
    pub owner: &'a str,
}

/// What an expression evaluates to, while checking.
#[derive(Debug, Clone)]
pub(super) enum Typed {
    Bool(Expr),
    Num(Expr),
    /// A choice or yes/no question's answer, only usable in `==`, `!=`, `in`.
    Answer(usize),
    /// A multi question's answer, only usable on the right of `in`.
    Set(usize),
    /// A date question's answer, only read through `days_since` and
    /// `months_since`.
    Date(usize),
    Text(String),
    List(Vec<(String, Span)>),
}

impl Typed {
    fn describe(&self, scope: &Scope) -> String {
        match self {
            Typed::Bool(_) => "a yes/no condition".into(),
            Typed::Num(_) => "a number".into(),
            Typed::Answer(q) => format!("the answer to `{}`", scope.questions[*q].id),
            Typed::Set(q) => format!("the answers to `{}`", scope.questions[*q].id),
            Typed::Date(q) => format!("the date answered to `{}`", scope.questions[*q].id),
            Typed::Text(t) => format!("the option '{t}'"),
            Typed::List(_) => "a list of options".into(),
        }
    }
}

/// Parses and compiles a condition (`show_if`, `when`).
pub fn condition(text: &str, scope: &Scope) -> Result<Expr, CompileError> {
    let node = parse(text)?;
    match check(&node, scope)? {
        Typed::Bool(e) => Ok(e),
        // `when: “age == 'under_18'”`: curly quotes pasted from a word
        // processor are not YAML's quotes, so the whole condition reached
        // us as one quoted text.
        Typed::Text(_) if wrapped_in_curly_quotes(text) => Err(CompileError {
            message: "this condition is wrapped in curly quotes (“ ”), so it reads as one piece of text"
                .into(),
            span: node.span,
            hint: Some("write the quotes around a whole condition as straight ones: `when: \"age == 'under_18'\"`".into()),
        }),
        other => Err(CompileError {
            message: format!(
                "this condition is {}, not something that is true or false",
                other.describe(scope)
            ),
            span: node.span,
            hint: Some(condition_hint(&other, scope)),
        }),
    }
}

/// Whether `text` is wholly inside curly quotes, `“…”` or `‘…’`.
fn wrapped_in_curly_quotes(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('“') && t.ends_with('”')) || (t.starts_with('‘') && t.ends_with('’'))
}

/// Parses and compiles a score expression.
pub fn number(text: &str, scope: &Scope) -> Result<Expr, CompileError> {
    let node = parse(text)?;
    match check(&node, scope)? {
        Typed::Num(e) => Ok(e),
        other => Err(CompileError {
            message: format!(
                "a score must be a number, but this is {}",
                other.describe(scope)
            ),
            span: node.span,
            hint: Some("add up option scores, like `score(q1) + score(q2)`".into()),
        }),
    }
}

fn parse(text: &str) -> Result<Node, CompileError> {
    expr::parse(text).map_err(|e| CompileError {
        message: e.message,
        span: e.span,
        hint: e.hint,
    })
}

/// The known name closest to `name`, as [`diagnostic::did_you_mean`] finds
/// it, after dropping names whose length alone puts them out of reach: the
/// distance is at least the difference in length. A file with many unknown
/// names among many questions then stays fast to report.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let reachable = known.into_iter().filter(|k| {
        let other = k.chars().count();
        len.abs_diff(other) <= (len.max(other) / 3).max(1)
    });
    diagnostic::did_you_mean(name, reachable)
}

fn condition_hint(typed: &Typed, scope: &Scope) -> String {
    match typed {
        Typed::Num(_) => "compare it, like `… >= 10`".into(),
        Typed::Answer(q) => {
            let info = &scope.questions[*q];
            format!(
                "compare it with an option, like `{} == '{}'`",
                info.id,
                info.options.first().unwrap_or(&"…")
            )
        }
        Typed::Set(q) => {
            let info = &scope.questions[*q];
            format!(
                "ask whether an option is chosen, like `'{}' in {}`",
                info.options.first().unwrap_or(&"…"),
                info.id
            )
        }
        Typed::Date(q) => date_hint(scope.questions[*q].id),
        _ => "write a comparison, like `age == 'adult'`".into(),
    }
}

/// How a date is read.
pub(super) fn date_hint(id: &str) -> String {
    format!(
        "count from it with days_since({id}) or months_since({id}), like `months_since({id}) < 3`"
    )
}

/// The functions, for "there is no function" hints.
pub(super) const FUNCTIONS: &str = "the functions are score(q), answered(q), declined(q), count(q), days_since(q), months_since(q), round(x, n), min(a, b), max(a, b) and abs(x)";

pub(super) fn error(message: String, span: Span, hint: Option<String>) -> CompileError {
    CompileError {
        message,
        span,
        hint,
    }
}

pub(super) fn question(name: &str, span: Span, scope: &Scope) -> Result<usize, CompileError> {
    let Some(index) = scope.questions.iter().position(|q| q.id == name) else {
        let known = scope.questions.iter().map(|q| q.id);
        let hint = did_you_mean(name, known).map(|m| format!("did you mean `{m}`?"));
        return Err(error(
            format!("there is no question `{name}`"),
            span,
            hint.or_else(|| Some("use the `id` of a question in this file".into())),
        ));
    };
    if scope.questions[index].kind == QuestionType::Text {
        return Err(error(
            format!("the answer to `{name}` is free text, which no condition or score may read"),
            span,
            Some("free text is only shown back to the person and printed; ask a choice or yes/no question to branch on".into()),
        ));
    }
    if index >= scope.questions_before {
        return Err(error(
            format!(
                "`{}` can only look at earlier questions, and `{name}` comes {}",
                scope.owner,
                if index == scope.questions_before {
                    "at the same place"
                } else {
                    "later"
                }
            ),
            span,
            Some("move the question it depends on before it".into()),
        ));
    }
    Ok(index)
}

pub(super) fn option(
    q: usize,
    name: &str,
    span: Span,
    scope: &Scope,
) -> Result<usize, CompileError> {
    let info = &scope.questions[q];
    info.options.iter().position(|o| *o == name).ok_or_else(|| {
        let hint = match did_you_mean(name, info.options.iter().copied()) {
            Some(m) => format!(
                "did you mean '{m}'? The options are: {}",
                info.options.join(", ")
            ),
            None => format!("the options are: {}", info.options.join(", ")),
        };
        error(
            format!("question `{}` has no option '{name}'", info.id),
            span,
            Some(hint),
        )
    })
}

pub(super) fn check(node: &Node, scope: &Scope) -> Result<Typed, CompileError> {
    let span = node.span;
    Ok(match &node.syntax {
        Syntax::Bool(v) => Typed::Bool(Expr::Bool { v: *v }),
        Syntax::Number(v) => Typed::Num(Expr::Num { v: *v }),
        Syntax::Text(t) => Typed::Text(t.clone()),
        Syntax::List(items) => Typed::List(items.clone()),
        Syntax::Name(name) => name_value(name, span, scope)?,
        Syntax::Call(name, arg, arg_span) if MathFn::named(name).is_some() => {
            let arg = Node {
                syntax: Syntax::Name(arg.clone()),
                span: *arg_span,
                height: 0,
            };
            math(name, std::slice::from_ref(&arg), span, scope)?
        }
        Syntax::Call(name, arg, arg_span) => call(name, arg, span, *arg_span, scope)?,
        Syntax::Apply(name, args) => math(name, args, span, scope)?,
        Syntax::Negate(inner) => Typed::Num(Expr::Neg {
            a: Box::new(num(inner, scope, "`-`")?),
        }),
        Syntax::Not(inner) => Typed::Bool(Expr::Not {
            a: Box::new(boolean(inner, scope, "`not`")?),
        }),
        Syntax::Any(items) => Typed::Bool(logic(items, false, scope)?),
        Syntax::All(items) => Typed::Bool(logic(items, true, scope)?),
        Syntax::Binary(op, left, right) => binary(*op, left, right, scope)?,
    })
}

/// `a and b and c` (`all`) or `a or b or c`, flattened so that brackets
/// around a part of the same kind add no level: `a or (b or c)` is one `or`.
fn logic(items: &[Node], all: bool, scope: &Scope) -> Result<Expr, CompileError> {
    let what = if all { "`and`" } else { "`or`" };
    let mut args = Vec::with_capacity(items.len());
    for item in items {
        match (all, boolean(item, scope, what)?) {
            (true, Expr::And { args: inner }) | (false, Expr::Or { args: inner }) => {
                args.extend(inner)
            }
            (_, other) => args.push(other),
        }
    }
    Ok(if all {
        Expr::And { args }
    } else {
        Expr::Or { args }
    })
}

fn name_value(name: &str, span: Span, scope: &Scope) -> Result<Typed, CompileError> {
    if let Some(s) = scope.scores.iter().position(|s| *s == name) {
        if s >= scope.scores_before {
            return Err(error(
                format!(
                    "`{}` cannot use the score `{name}`: it is defined {}",
                    scope.owner,
                    if s == scope.scores_before {
                        "by this very expression"
                    } else {
                        "later"
                    }
                ),
                span,
                Some("a score may use only the scores listed above it".into()),
            ));
        }
        return Ok(Typed::Num(Expr::Ref { s }));
    }
    if !scope.questions.iter().any(|q| q.id == name) {
        let known = scope
            .questions
            .iter()
            .map(|q| q.id)
            .chain(scope.scores.iter().copied());
        let hint = match did_you_mean(name, known) {
            Some(m) => format!("did you mean `{m}`?"),
            None if ["AND", "OR", "NOT"].contains(&name) => {
                format!("write `{}` in lower case", name.to_lowercase())
            }
            None => {
                "use the `id` of a question or the name of a score; put option ids in quotes".into()
            }
        };
        return Err(error(
            format!("there is no question or score `{name}`"),
            span,
            Some(hint),
        ));
    }
    let q = question(name, span, scope)?;
    Ok(match scope.questions[q].kind {
        QuestionType::Choice | QuestionType::YesNo => Typed::Answer(q),
        QuestionType::Multi => Typed::Set(q),
        QuestionType::Number => Typed::Num(Expr::Value { q }),
        QuestionType::Date => Typed::Date(q),
        // `question` refuses free text before this.
        QuestionType::Text => unreachable_text(q),
    })
}

/// Free text is refused by [`question`]; should a path reach here anyway,
/// it reads as an unknown number rather than a panic.
fn unreachable_text(q: usize) -> Typed {
    Typed::Num(Expr::Value { q })
}

pub(super) fn num(node: &Node, scope: &Scope, what: &str) -> Result<Expr, CompileError> {
    match check(node, scope)? {
        Typed::Num(e) => Ok(e),
        other => Err(error(
            format!(
                "{what} needs a number, but this is {}",
                other.describe(scope)
            ),
            node.span,
            Some(match other {
                Typed::Answer(q) | Typed::Set(q) => format!(
                    "use score({}) for the score of its answer",
                    scope.questions[q].id
                ),
                Typed::Date(q) => date_hint(scope.questions[q].id),
                _ => "use a number, a score or score(question)".into(),
            }),
        )),
    }
}

fn boolean(node: &Node, scope: &Scope, what: &str) -> Result<Expr, CompileError> {
    match check(node, scope)? {
        Typed::Bool(e) => Ok(e),
        other => Err(error(
            format!(
                "{what} needs something true or false, but this is {}",
                other.describe(scope)
            ),
            node.span,
            Some(condition_hint(&other, scope)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope_questions() -> Vec<QuestionInfo<'static>> {
        vec![
            QuestionInfo {
                id: "age",
                kind: QuestionType::Choice,
                options: vec!["under_18", "adult"],
                has_scores: false,
                prefer_not: false,
            },
            QuestionInfo {
                id: "screen",
                kind: QuestionType::Multi,
                options: vec!["bp", "heart"],
                has_scores: false,
                prefer_not: false,
            },
            QuestionInfo {
                id: "years",
                kind: QuestionType::Number,
                options: vec![],
                has_scores: false,
                prefer_not: false,
            },
            QuestionInfo {
                id: "smoke",
                kind: QuestionType::YesNo,
                options: vec!["yes", "no"],
                has_scores: false,
                prefer_not: true,
            },
            QuestionInfo {
                id: "last",
                kind: QuestionType::Date,
                options: vec![],
                has_scores: false,
                prefer_not: false,
            },
        ]
    }

    fn compile(text: &str) -> Result<String, String> {
        let questions = scope_questions();
        let scope = Scope {
            questions: &questions,
            scores: &["total"],
            questions_before: 5,
            scores_before: 1,
            owner: "outcome",
        };
        condition(text, &scope)
            .map(|e| serde_json::to_string(&e).unwrap())
            .map_err(|e| {
                format!(
                    "{:?} {} ({})",
                    e.span,
                    e.message,
                    e.hint.unwrap_or_default()
                )
            })
    }

    #[test]
    fn names_become_indexes() {
        assert_eq!(
            compile("age == 'adult'").unwrap(),
            r#"{"k":"is","q":0,"opts":[1]}"#
        );
        assert_eq!(
            compile("'heart' not in screen").unwrap(),
            r#"{"k":"and","args":[{"k":"answered","q":1},{"k":"not","a":{"k":"has","q":1,"opt":1}}]}"#
        );
        assert_eq!(
            compile("years / 2 >= total").unwrap(),
            r#"{"k":"cmp","op":">=","a":{"k":"arith","op":"/","a":{"k":"value","q":2},"b":{"k":"num","v":2.0}},"b":{"k":"ref","s":0}}"#
        );
    }

    #[test]
    fn or_inside_or_is_one_node() {
        assert_eq!(
            compile("age == 'adult' or ('bp' in screen or answered(years))").unwrap(),
            r#"{"k":"or","args":[{"k":"is","q":0,"opts":[1]},{"k":"has","q":1,"opt":0},{"k":"answered","q":2}]}"#
        );
    }

    #[test]
    fn type_errors_and_unknown_names() {
        assert_eq!(
            compile("scor(years) > 1").unwrap_err(),
            "(0, 4) there is no function `scor` (did you mean `score`?)"
        );
        assert_eq!(
            compile("count(age) > 1").unwrap_err(),
            "(6, 9) count() needs a multi question, and `age` is not one (use answered(age) to ask whether it was answered)"
        );
        assert_eq!(
            compile("age > 'adult'").unwrap_err(),
            "(0, 13) the options of `age` have no order, so `>` cannot compare them (list the options you mean: `age in ['a', 'b']`, or give them scores and compare score(age))"
        );
        assert_eq!(
            compile("years").unwrap_err(),
            "(0, 5) this condition is a number, not something that is true or false (compare it, like `… >= 10`)"
        );
    }

    #[test]
    fn dates_and_prefer_not_to_say() {
        assert_eq!(
            compile("months_since(last) < 3 and not declined(smoke)").unwrap(),
            r#"{"k":"and","args":[{"k":"cmp","op":"<","a":{"k":"since","unit":"months","q":4},"b":{"k":"num","v":3.0}},{"k":"not","a":{"k":"declined","q":3}}]}"#
        );
        assert_eq!(
            compile("days_since(last) >= 0").unwrap(),
            r#"{"k":"cmp","op":">=","a":{"k":"since","unit":"days","q":4},"b":{"k":"num","v":0.0}}"#
        );
        assert_eq!(
            compile("declined(age)").unwrap_err(),
            "(9, 12) question `age` does not offer “prefer not to say”, so declined(age) is never true (add `prefer_not_to_say: true` to the question, or leave declined() out)"
        );
        assert_eq!(
            compile("days_since(years) > 1").unwrap_err(),
            "(11, 16) days_since() needs a date question, and `years` is not one (give `years` `type: date`, or compare its answer itself)"
        );
        assert_eq!(
            compile("last").unwrap_err(),
            "(0, 4) this condition is the date answered to `last`, not something that is true or false (count from it with days_since(last) or months_since(last), like `months_since(last) < 3`)"
        );
        assert_eq!(
            compile("last + 1 > 2").unwrap_err(),
            "(0, 4) `+` needs a number, but this is the date answered to `last` (count from it with days_since(last) or months_since(last), like `months_since(last) < 3`)"
        );
    }

    #[test]
    fn functions_of_numbers() {
        assert_eq!(
            compile("round(years / 3, 1) > min(total, 2)").unwrap(),
            r#"{"k":"cmp","op":">","a":{"k":"arith","op":"round","a":{"k":"arith","op":"/","a":{"k":"value","q":2},"b":{"k":"num","v":3.0}},"b":{"k":"num","v":1.0}},"b":{"k":"arith","op":"min","a":{"k":"ref","s":0},"b":{"k":"num","v":2.0}}}"#
        );
        assert_eq!(
            compile("abs(years) < 1").unwrap(),
            r#"{"k":"cmp","op":"<","a":{"k":"arith","op":"max","a":{"k":"value","q":2},"b":{"k":"neg","a":{"k":"value","q":2}}},"b":{"k":"num","v":1.0}}"#
        );
        assert_eq!(
            compile("round(years, 1.5) > 1").unwrap_err(),
            "(13, 16) the number of decimals in round(x, n) must be a whole number from 0 to 6 (write round(bmi, 1) for one decimal, round(bmi, 0) for none)"
        );
        assert_eq!(
            compile("max(years) > 1").unwrap_err(),
            "(0, 10) max() takes 2 numbers, and this gives it one number (write max(a, b))"
        );
        assert_eq!(
            compile("abs(age) > 1").unwrap_err(),
            "(4, 7) abs() needs a number, but this is the answer to `age` (use score(age) for the score of its answer)"
        );
        assert_eq!(
            compile("rond(years, 1) > 1").unwrap_err(),
            "(0, 4) there is no function `rond` (did you mean `round`?)"
        );
        assert_eq!(
            compile("score(years, 1) > 1").unwrap_err(),
            "(0, 15) score() takes one question id (write score(question), for example score(mood))"
        );
    }
}
