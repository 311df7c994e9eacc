//! Binary operators in expressions: arithmetic, `in` / `not in`, and the
//! comparisons, each checked for the kinds of value on its two sides.

use super::super::expr::{BinaryOp, Node, Syntax};
use super::super::ops::{ArithOp, CmpOp};
use super::{CompileError, Expr, Scope, Typed, check, date_hint, error, num, option};

pub(super) fn binary(
    op: BinaryOp,
    left: &Node,
    right: &Node,
    scope: &Scope,
) -> Result<Typed, CompileError> {
    match op {
        BinaryOp::Add => arithmetic(ArithOp::Add, left, right, scope),
        BinaryOp::Sub => arithmetic(ArithOp::Sub, left, right, scope),
        BinaryOp::Mul => arithmetic(ArithOp::Mul, left, right, scope),
        BinaryOp::Div => arithmetic(ArithOp::Div, left, right, scope),
        BinaryOp::In | BinaryOp::NotIn => membership(op, left, right, scope),
        BinaryOp::Eq => comparison(CmpOp::Eq, left, right, scope),
        BinaryOp::Ne => comparison(CmpOp::Ne, left, right, scope),
        BinaryOp::Lt => comparison(CmpOp::Lt, left, right, scope),
        BinaryOp::Le => comparison(CmpOp::Le, left, right, scope),
        BinaryOp::Gt => comparison(CmpOp::Gt, left, right, scope),
        BinaryOp::Ge => comparison(CmpOp::Ge, left, right, scope),
    }
}

fn arithmetic(
    op: ArithOp,
    left: &Node,
    right: &Node,
    scope: &Scope,
) -> Result<Typed, CompileError> {
    let what = format!("`{}`", op.symbol());
    let a = num(left, scope, &what)?;
    let b = num(right, scope, &what)?;
    Ok(Typed::Num(Expr::Arith {
        op,
        a: Box::new(a),
        b: Box::new(b),
    }))
}

fn membership(
    op: BinaryOp,
    left: &Node,
    right: &Node,
    scope: &Scope,
) -> Result<Typed, CompileError> {
    let a = check(left, scope)?;
    let b = check(right, scope)?;
    let negate = op == BinaryOp::NotIn;
    let expr = match (a, b) {
        (Typed::Text(t), Typed::Set(q)) => {
            let opt = option(q, &t, left.span, scope)?;
            let has = Expr::Has { q, opt };
            if negate {
                // "not chosen" only once the question is answered, like `!=`.
                Expr::And {
                    args: vec![Expr::Answered { q }, Expr::Not { a: Box::new(has) }],
                }
            } else {
                has
            }
        }
        (Typed::Answer(q), Typed::List(items)) => {
            let mut opts = Vec::new();
            for (item, span) in &items {
                opts.push(option(q, item, *span, scope)?);
            }
            if negate {
                Expr::IsNot { q, opts }
            } else {
                Expr::Is { q, opts }
            }
        }
        (Typed::Text(_), Typed::Answer(q)) => {
            let id = scope.questions[q].id;
            return Err(error(
                format!("`in` needs a multi question on its right, and `{id}` takes one answer"),
                right.span,
                Some(format!("write `{id} == '…'`")),
            ));
        }
        (Typed::Set(q), Typed::List(_)) => {
            let id = scope.questions[q].id;
            return Err(error(
                format!("`{id}` takes several answers; ask about one option at a time"),
                left.span,
                Some(format!("write `'option' in {id}`")),
            ));
        }
        (a, b) => {
            return Err(error(
                format!(
                    "`{}` cannot test {} against {}",
                    op.symbol(),
                    a.describe(scope),
                    b.describe(scope)
                ),
                (left.span.0, right.span.1),
                Some("write `'option' in multi_question` or `question in ['a', 'b']`".into()),
            ));
        }
    };
    Ok(Typed::Bool(expr))
}

fn comparison(op: CmpOp, left: &Node, right: &Node, scope: &Scope) -> Result<Typed, CompileError> {
    let symbol = op.symbol();
    let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
    let a = check(left, scope)?;
    let b = check(right, scope)?;
    let expr = match (a, b) {
        (Typed::Num(a), Typed::Num(b)) => Expr::Cmp {
            op,
            a: Box::new(a),
            b: Box::new(b),
        },
        (Typed::Bool(a), Typed::Bool(b)) if equality => Expr::BoolEq {
            ne: op == CmpOp::Ne,
            a: Box::new(a),
            b: Box::new(b),
        },
        (Typed::Answer(q), Typed::Text(t)) | (Typed::Text(t), Typed::Answer(q)) if equality => {
            let text_span = if matches!(left.syntax, Syntax::Text(_)) {
                left.span
            } else {
                right.span
            };
            let opt = option(q, &t, text_span, scope)?;
            if op == CmpOp::Eq {
                Expr::Is { q, opts: vec![opt] }
            } else {
                Expr::IsNot { q, opts: vec![opt] }
            }
        }
        (Typed::Answer(q), Typed::Text(_)) | (Typed::Text(_), Typed::Answer(q)) => {
            return Err(error(
                format!(
                    "the options of `{}` have no order, so `{symbol}` cannot compare them",
                    scope.questions[q].id
                ),
                (left.span.0, right.span.1),
                Some(format!(
                    "list the options you mean: `{} in ['a', 'b']`, or give them scores and compare score({})",
                    scope.questions[q].id, scope.questions[q].id
                )),
            ));
        }
        (Typed::Set(q), Typed::Text(t)) | (Typed::Text(t), Typed::Set(q)) => {
            let id = scope.questions[q].id;
            return Err(error(
                format!("`{id}` takes several answers, so it cannot equal one option"),
                (left.span.0, right.span.1),
                Some(format!("write `'{t}' in {id}`")),
            ));
        }
        (a, b) => {
            let hint = match (&a, &b) {
                (Typed::Answer(q), Typed::Num(_)) | (Typed::Num(_), Typed::Answer(q)) => format!(
                    "compare `{}` with one of its options ({}), or use score({})",
                    scope.questions[*q].id,
                    scope.questions[*q]
                        .options
                        .iter()
                        .map(|o| format!("'{o}'"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    scope.questions[*q].id
                ),
                (Typed::Num(_), Typed::Text(_)) | (Typed::Text(_), Typed::Num(_)) => {
                    "a number can only be compared with a number".into()
                }
                (Typed::Date(q), _) | (_, Typed::Date(q)) => date_hint(scope.questions[*q].id),
                _ => "both sides must be of the same kind".into(),
            };
            return Err(error(
                format!(
                    "cannot compare {} with {}",
                    a.describe(scope),
                    b.describe(scope)
                ),
                (left.span.0, right.span.1),
                Some(hint),
            ));
        }
    };
    Ok(Typed::Bool(expr))
}
