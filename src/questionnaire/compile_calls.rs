//! Function calls in expressions: `score(q)`, `answered(q)`, `declined(q)`,
//! `count(q)`, `days_since(q)`, `months_since(q)` on a question, and
//! `round`, `min`, `max`, `abs` on numbers.

use super::super::expr::{Node, Span, Syntax};
use super::super::model::QuestionType;
use super::super::ops::{ArithOp, DateUnit, Function, MAX_DECIMALS, MathFn};
use super::{CompileError, Expr, FUNCTIONS, Scope, Typed, did_you_mean, error, num, question};

pub(super) fn call(
    name: &str,
    arg: &str,
    span: Span,
    arg_span: Span,
    scope: &Scope,
) -> Result<Typed, CompileError> {
    let Some(function) = Function::named(name) else {
        let names: Vec<&str> = Function::ALL
            .map(Function::name)
            .into_iter()
            .chain(MathFn::ALL.map(MathFn::name))
            .collect();
        let hint = match did_you_mean(name, names.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => FUNCTIONS.into(),
        };
        return Err(error(
            format!("there is no function `{name}`"),
            (span.0, span.0 + name.len()),
            Some(hint),
        ));
    };
    let q = question(arg, arg_span, scope)?;
    let info = &scope.questions[q];
    Ok(match function {
        Function::Answered => Typed::Bool(Expr::Answered { q }),
        Function::Count if info.kind == QuestionType::Multi => Typed::Num(Expr::Count { q }),
        Function::Count => {
            return Err(error(
                format!("count() needs a multi question, and `{arg}` is not one"),
                arg_span,
                Some(format!(
                    "use answered({arg}) to ask whether it was answered"
                )),
            ));
        }
        Function::Score if !info.has_scores => {
            return Err(error(
                format!("question `{arg}` has no option with a score"),
                arg_span,
                Some("add `score:` to its options, or compare its answer instead".into()),
            ));
        }
        Function::Score => Typed::Num(Expr::Score { q }),
        Function::Declined if info.prefer_not => Typed::Bool(Expr::Declined { q }),
        Function::Declined => {
            return Err(error(
                format!(
                    "question `{arg}` does not offer “prefer not to say”, so declined({arg}) is never true"
                ),
                arg_span,
                Some(
                    "add `prefer_not_to_say: true` to the question, or leave declined() out".into(),
                ),
            ));
        }
        Function::DaysSince | Function::MonthsSince if info.kind == QuestionType::Date => {
            let unit = if function == Function::DaysSince {
                DateUnit::Days
            } else {
                DateUnit::Months
            };
            Typed::Num(Expr::Since { unit, q })
        }
        Function::DaysSince | Function::MonthsSince => {
            return Err(error(
                format!("{name}() needs a date question, and `{arg}` is not one"),
                arg_span,
                Some(format!(
                    "give `{arg}` `type: date`, or compare its answer itself"
                )),
            ));
        }
    })
}

/// `round(x, n)`, `min(a, b)`, `max(a, b)`, `abs(x)`: the arithmetic nodes
/// of [`ArithOp`]; `abs(x)` is `max(x, -x)`.
pub(super) fn math(
    name: &str,
    args: &[Node],
    span: Span,
    scope: &Scope,
) -> Result<Typed, CompileError> {
    let name_span = (span.0, span.0 + name.len());
    let Some(function) = MathFn::named(name) else {
        if Function::named(name).is_some() {
            return Err(error(
                format!("{name}() takes one question id"),
                span,
                Some(format!("write {name}(question), for example {name}(mood)")),
            ));
        }
        let names: Vec<&str> = Function::ALL
            .map(Function::name)
            .into_iter()
            .chain(MathFn::ALL.map(MathFn::name))
            .collect();
        let hint = match did_you_mean(name, names.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => FUNCTIONS.into(),
        };
        return Err(error(
            format!("there is no function `{name}`"),
            name_span,
            Some(hint),
        ));
    };
    if args.len() != function.arity() {
        return Err(error(
            format!(
                "{name}() takes {}, and this gives it {}",
                plural_args(function.arity()),
                plural_args(args.len())
            ),
            span,
            Some(format!("write {}", function.usage())),
        ));
    }
    let what = format!("{name}()");
    let a = num(&args[0], scope, &what)?;
    let op = match function {
        MathFn::Abs => {
            return Ok(Typed::Num(Expr::Arith {
                op: ArithOp::Max,
                a: Box::new(a.clone()),
                b: Box::new(Expr::Neg { a: Box::new(a) }),
            }));
        }
        MathFn::Min => ArithOp::Min,
        MathFn::Max => ArithOp::Max,
        MathFn::Round => {
            let decimals = match args[1].syntax {
                Syntax::Number(n) if n.fract() == 0.0 && (0.0..=MAX_DECIMALS).contains(&n) => n,
                _ => {
                    return Err(error(
                        "the number of decimals in round(x, n) must be a whole number from 0 to 6"
                            .into(),
                        args[1].span,
                        Some("write round(bmi, 1) for one decimal, round(bmi, 0) for none".into()),
                    ));
                }
            };
            return Ok(Typed::Num(Expr::Arith {
                op: ArithOp::Round,
                a: Box::new(a),
                b: Box::new(Expr::Num { v: decimals }),
            }));
        }
    };
    let b = num(&args[1], scope, &what)?;
    Ok(Typed::Num(Expr::Arith {
        op,
        a: Box::new(a),
        b: Box::new(b),
    }))
}

fn plural_args(n: usize) -> String {
    if n == 1 {
        "one number".into()
    } else {
        format!("{n} numbers")
    }
}
