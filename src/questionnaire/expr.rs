//! The expression language of the self-assessment: its one lexer and parser.
//!
//! ```text
//! expr    := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | compare
//! compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
//! sum     := product (("+" | "-") product)*
//! product := unary (("*" | "/") unary)*
//! unary   := "-" unary | atom
//! atom    := number | 'text' | "text" | true | false | name | name "(" name ")"
//!          | "[" 'text' ("," 'text')* "]" | "(" expr ")"
//! ```
//!
//! Tokens come from [`super::lex`].
//!
//! The parser only builds a [`Syntax`] tree with byte spans; `compile` gives
//! names their meaning and checks types. The browser never sees this text:
//! it gets the compiled tree as JSON.
//!
//! Every later pass over the tree (compiling, evaluating in Rust and in the
//! browser, the analysis, JSON) recurses, so the parser refuses trees deeper
//! than [`MAX_DEPTH`] before building them, and `and`/`or` chains are one
//! node with many children rather than a chain of pairs. The lexer and the
//! parser themselves never recurse deeper than that either, whatever the input.

/// How deep an expression's tree may be. Each bracket, `not` and `-` opens a
/// level, and so does each `+ - * /` of a sum (a sum of 10 terms is 9
/// levels deep); an `and` or `or` chain is one level however long.
pub const MAX_DEPTH: usize = 64;

use super::lex::{Sym, Token, tokenize};

/// A byte range within the expression text.
pub type Span = (usize, usize);

/// A node of the syntax tree with where it stands in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node is.
    pub syntax: Syntax,
    /// Where it stands.
    pub span: Span,
    /// How many levels of nodes lie below this one (0 for a leaf).
    pub height: usize,
}

/// The shapes an expression can take before names are resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Syntax {
    /// `true` or `false`.
    Bool(bool),
    /// A number literal.
    Number(f64),
    /// `'text'`: an option id.
    Text(String),
    /// `['a', 'b']`: a list of option ids.
    List(Vec<(String, Span)>),
    /// A question or score name.
    Name(String),
    /// `score(q)`, `answered(q)`, `count(q)`: the function as written, its
    /// argument and the argument's span.
    Call(String, String, Span),
    /// `round(x, 1)`, `min(a, b)`, `abs(x - y)`: a function of numbers
    /// with its arguments (a call with one bare name is a [`Syntax::Call`]).
    Apply(String, Vec<Node>),
    /// `-x`.
    Negate(Box<Node>),
    /// `not x`.
    Not(Box<Node>),
    /// `a or b or c`: two or more alternatives.
    Any(Vec<Node>),
    /// `a and b and c`: two or more conditions that must all hold.
    All(Vec<Node>),
    /// A binary operator.
    Binary(BinaryOp, Box<Node>, Box<Node>),
}

/// Binary operators, from lowest to highest precedence group (`and` and
/// `or` are [`Syntax::All`] and [`Syntax::Any`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

/// A syntax error: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range of the expression.
    pub span: Span,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Parses one expression.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let node = parser.or()?;
    match parser.peek() {
        Token::End => Ok(node),
        _ => Err(parser.unexpected("`and`, `or` or the end of the condition")),
    }
}

/// What made an expression too deep, for the hint.
#[derive(Clone, Copy)]
enum Deepening {
    /// A bracket, `not` or `-` nested in another.
    Nesting,
    /// One more `+ - * /` in a sum or product.
    Chain,
    /// One more `and`/`or` around an already deep part.
    Logic,
}

fn too_deep(span: Span, cause: Deepening) -> ParseError {
    let hint = match cause {
        Deepening::Nesting | Deepening::Logic => {
            "remove brackets, `not`s and `-`s that cancel out or are not needed"
        }
        Deepening::Chain => {
            "each `+`, `-`, `*` or `/` in a row counts one level: add up parts of the sum in named scores under `scores:`, then add those"
        }
    };
    ParseError {
        message: format!("this expression is nested more than {MAX_DEPTH} levels deep"),
        span,
        hint: Some(hint.into()),
    }
}

struct Parser {
    tokens: Vec<(Token, Span)>,
    at: usize,
    /// How many levels stand above the node being parsed: brackets, `not`,
    /// `-`. Checked before every recursive step, so the parser's own
    /// recursion is bounded by [`MAX_DEPTH`] too.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.at].0
    }

    fn span(&self) -> Span {
        self.tokens[self.at].1
    }

    fn next(&mut self) -> (Token, Span) {
        let token = self.tokens[self.at].clone();
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Token::Word(w) if w == word)
    }

    fn is_symbol(&self, symbol: Sym) -> bool {
        matches!(self.peek(), Token::Symbol(s) if *s == symbol)
    }

    fn unexpected(&self, wanted: &str) -> ParseError {
        let (token, span) = &self.tokens[self.at];
        let found = match token {
            Token::End => "the end of the condition".to_string(),
            Token::Number(n) => format!("`{n}`"),
            Token::Text(t) => format!("'{t}'"),
            Token::Word(w) => format!("`{w}`"),
            Token::Symbol(s) => format!("`{}`", s.text()),
        };
        let hint = match token {
            Token::Word(w) if w == "AND" || w == "OR" || w == "NOT" => {
                Some(format!("write `{}` in lower case", w.to_lowercase()))
            }
            Token::Word(_) | Token::Text(_) | Token::Number(_) => {
                Some("join conditions with `and` or `or`".into())
            }
            Token::Symbol(_) | Token::End => None,
        };
        ParseError {
            message: format!("expected {wanted}, found {found}"),
            span: if span.0 == span.1 {
                (span.0, span.0 + 1)
            } else {
                *span
            },
            hint,
        }
    }

    /// A node whose children are parsed, refused when it makes the tree
    /// deeper than [`MAX_DEPTH`] at this place; `at` is the token blamed.
    fn node(
        &self,
        syntax: Syntax,
        span: Span,
        height: usize,
        at: Span,
        cause: Deepening,
    ) -> Result<Node, ParseError> {
        if self.depth + height + 1 > MAX_DEPTH {
            return Err(too_deep(at, cause));
        }
        Ok(Node {
            syntax,
            span,
            height,
        })
    }

    /// Parses what `inner` parses one level deeper.
    fn nested(
        &mut self,
        at: Span,
        inner: fn(&mut Self) -> Result<Node, ParseError>,
    ) -> Result<Node, ParseError> {
        if self.depth + 1 >= MAX_DEPTH {
            return Err(too_deep(at, Deepening::Nesting));
        }
        self.depth += 1;
        let node = inner(self);
        self.depth -= 1;
        node
    }

    fn binary(&self, op: BinaryOp, left: Node, right: Node, at: Span) -> Result<Node, ParseError> {
        let span = (left.span.0, right.span.1);
        let height = left.height.max(right.height) + 1;
        let cause = match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => Deepening::Chain,
            _ => Deepening::Logic,
        };
        self.node(
            Syntax::Binary(op, Box::new(left), Box::new(right)),
            span,
            height,
            at,
            cause,
        )
    }

    /// `first (word next)*` as one node with many children.
    fn chain(
        &mut self,
        word: &str,
        next: fn(&mut Self) -> Result<Node, ParseError>,
        make: fn(Vec<Node>) -> Syntax,
    ) -> Result<Node, ParseError> {
        let first = next(self)?;
        if !self.is_word(word) {
            return Ok(first);
        }
        let at = self.span();
        let mut items = vec![first];
        while self.is_word(word) {
            self.next();
            items.push(next(self)?);
        }
        let span = (items[0].span.0, items[items.len() - 1].span.1);
        let height = items.iter().map(|n| n.height).max().unwrap_or(0) + 1;
        self.node(make(items), span, height, at, Deepening::Logic)
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        self.chain("or", Self::and, Syntax::Any)
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        self.chain("and", Self::not, Syntax::All)
    }

    fn not(&mut self) -> Result<Node, ParseError> {
        if self.is_word("not") {
            let (_, span) = self.next();
            let inner = self.nested(span, Self::not)?;
            let whole = (span.0, inner.span.1);
            let height = inner.height + 1;
            return self.node(
                Syntax::Not(Box::new(inner)),
                whole,
                height,
                span,
                Deepening::Nesting,
            );
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Node, ParseError> {
        let left = self.sum()?;
        let at = self.span();
        let op = match self.peek() {
            Token::Symbol(Sym::Eq) => BinaryOp::Eq,
            Token::Symbol(Sym::Ne) => BinaryOp::Ne,
            Token::Symbol(Sym::Lt) => BinaryOp::Lt,
            Token::Symbol(Sym::Le) => BinaryOp::Le,
            Token::Symbol(Sym::Gt) => BinaryOp::Gt,
            Token::Symbol(Sym::Ge) => BinaryOp::Ge,
            Token::Word(w) if w == "in" => BinaryOp::In,
            Token::Word(w) if w == "not" => {
                // `x not in y`; a bare `not` here is a mistake.
                let after = self.tokens.get(self.at + 1).map(|t| &t.0);
                if !matches!(after, Some(Token::Word(w)) if w == "in") {
                    return Err(self.unexpected("`and`, `or` or the end of the condition"));
                }
                self.next();
                BinaryOp::NotIn
            }
            _ => return Ok(left),
        };
        self.next();
        let right = self.sum()?;
        if matches!(
            self.peek(),
            Token::Symbol(Sym::Eq | Sym::Ne | Sym::Lt | Sym::Le | Sym::Gt | Sym::Ge)
        ) {
            return Err(ParseError {
                hint: Some("join two comparisons with `and`, like `x >= 1 and x <= 3`".into()),
                ..self.unexpected("`and` or `or`")
            });
        }
        self.binary(op, left, right, at)
    }

    fn sum(&mut self) -> Result<Node, ParseError> {
        let mut left = self.product()?;
        loop {
            let op = if self.is_symbol(Sym::Plus) {
                BinaryOp::Add
            } else if self.is_symbol(Sym::Minus) {
                BinaryOp::Sub
            } else {
                return Ok(left);
            };
            let (_, at) = self.next();
            let right = self.product()?;
            left = self.binary(op, left, right, at)?;
        }
    }

    fn product(&mut self) -> Result<Node, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.is_symbol(Sym::Star) {
                BinaryOp::Mul
            } else if self.is_symbol(Sym::Slash) {
                BinaryOp::Div
            } else {
                return Ok(left);
            };
            let (_, at) = self.next();
            let right = self.unary()?;
            left = self.binary(op, left, right, at)?;
        }
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        if self.is_symbol(Sym::Minus) {
            let (_, span) = self.next();
            let inner = self.nested(span, Self::unary)?;
            let whole = (span.0, inner.span.1);
            let height = inner.height + 1;
            return self.node(
                Syntax::Negate(Box::new(inner)),
                whole,
                height,
                span,
                Deepening::Nesting,
            );
        }
        self.atom()
    }

    fn leaf(&mut self, syntax: Syntax, span: Span) -> Node {
        self.next();
        Node {
            syntax,
            span,
            height: 0,
        }
    }

    fn atom(&mut self) -> Result<Node, ParseError> {
        let span = self.span();
        match self.peek().clone() {
            Token::Number(n) => Ok(self.leaf(Syntax::Number(n), span)),
            Token::Text(t) => Ok(self.leaf(Syntax::Text(t), span)),
            Token::Word(w) if w == "true" || w == "false" => {
                Ok(self.leaf(Syntax::Bool(w == "true"), span))
            }
            Token::Word(w) if ["and", "or", "not", "in"].contains(&w.as_str()) => {
                Err(self.unexpected("a question, a score, a number or 'an option'"))
            }
            Token::Word(w) => {
                self.next();
                if !self.is_symbol(Sym::Open) {
                    return Ok(Node {
                        syntax: Syntax::Name(w),
                        span,
                        height: 0,
                    });
                }
                let (_, open) = self.next();
                let mut args = Vec::new();
                loop {
                    args.push(self.nested(open, Self::or)?);
                    if self.is_symbol(Sym::Comma) {
                        self.next();
                        continue;
                    }
                    if self.is_symbol(Sym::Close) {
                        break;
                    }
                    return Err(self.unexpected("`,` or `)`"));
                }
                let (_, close) = self.next();
                let whole = (span.0, close.1);
                if let [
                    Node {
                        syntax: Syntax::Name(arg),
                        span: arg_span,
                        ..
                    },
                ] = args.as_slice()
                {
                    return Ok(Node {
                        syntax: Syntax::Call(w, arg.clone(), *arg_span),
                        span: whole,
                        height: 0,
                    });
                }
                let height = args.iter().map(|n| n.height).max().unwrap_or(0) + 1;
                self.node(
                    Syntax::Apply(w, args),
                    whole,
                    height,
                    span,
                    Deepening::Nesting,
                )
            }
            Token::Symbol(Sym::Open) => {
                self.next();
                let inner = self.nested(span, Self::or)?;
                if !self.is_symbol(Sym::Close) {
                    return Err(self.unexpected("`)`"));
                }
                let (_, close) = self.next();
                Ok(Node {
                    span: (span.0, close.1),
                    ..inner
                })
            }
            Token::Symbol(Sym::OpenList) => {
                self.next();
                let mut items = Vec::new();
                loop {
                    match self.peek().clone() {
                        Token::Text(t) => items.push((t, self.span())),
                        _ => return Err(self.unexpected("'an option id' in quotes")),
                    }
                    self.next();
                    if self.is_symbol(Sym::Comma) {
                        self.next();
                        continue;
                    }
                    if self.is_symbol(Sym::CloseList) {
                        let (_, close) = self.next();
                        return Ok(Node {
                            syntax: Syntax::List(items),
                            span: (span.0, close.1),
                            height: 0,
                        });
                    }
                    return Err(self.unexpected("`,` or `]`"));
                }
            }
            Token::Symbol(_) | Token::End => {
                Err(self.unexpected("a question, a score, a number or 'an option'"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(node: &Node) -> String {
        let join = |items: &[Node], word: &str| {
            let parts: Vec<String> = items.iter().map(shape).collect();
            format!("({})", parts.join(&format!(" {word} ")))
        };
        match &node.syntax {
            Syntax::Bool(b) => b.to_string(),
            Syntax::Number(n) => n.to_string(),
            Syntax::Text(t) => format!("'{t}'"),
            Syntax::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Syntax::Name(n) => n.clone(),
            Syntax::Call(f, a, _) => format!("{f}({a})"),
            Syntax::Apply(f, args) => {
                let parts: Vec<String> = args.iter().map(shape).collect();
                format!("{f}({})", parts.join(", "))
            }
            Syntax::Negate(x) => format!("(-{})", shape(x)),
            Syntax::Not(x) => format!("(not {})", shape(x)),
            Syntax::Any(items) => join(items, "or"),
            Syntax::All(items) => join(items, "and"),
            Syntax::Binary(op, a, b) => format!("({} {} {})", shape(a), op.symbol(), shape(b)),
        }
    }

    fn error(text: &str) -> (String, Span, String) {
        let e = parse(text).unwrap_err();
        (e.message, e.span, e.hint.unwrap_or_default())
    }

    #[test]
    fn precedence_follows_the_grammar() {
        let node = parse("a == 'x' or b > 1 + 2 * 3 and not c in ['p', 'q']").unwrap();
        assert_eq!(
            shape(&node),
            "((a == 'x') or ((b > (1 + (2 * 3))) and (not (c in [p,q]))))"
        );
        assert_eq!(
            shape(&parse("'bp' not in screen").unwrap()),
            "('bp' not in screen)"
        );
        assert_eq!(
            shape(&parse("score(a) - -2 >= phq9").unwrap()),
            "((score(a) - (-2)) >= phq9)"
        );
        assert_eq!(
            shape(&parse("a or b or c and d").unwrap()),
            "(a or b or (c and d))"
        );
        assert_eq!(shape(&parse("1 - 2 - 3").unwrap()), "((1 - 2) - 3)");
    }

    #[test]
    fn spans_point_into_the_text() {
        let node = parse("age == 'adult'").unwrap();
        let Syntax::Binary(_, left, right) = node.syntax else {
            panic!()
        };
        assert_eq!(left.span, (0, 3));
        assert_eq!(right.span, (7, 14));
    }

    #[test]
    fn mistakes_get_a_message_and_a_hint() {
        let error = parse("age = 'adult'").unwrap_err();
        assert_eq!(error.message, "`=` on its own is not an operator");
        assert_eq!(error.span, (4, 5));
        let error = parse("a == 'x' AND b == 'y'").unwrap_err();
        assert_eq!(
            error.message,
            "expected `and`, `or` or the end of the condition, found `AND`"
        );
        assert_eq!(error.hint.as_deref(), Some("write `and` in lower case"));
        let error = parse("(a == 'x'").unwrap_err();
        assert_eq!(
            error.message,
            "expected `)`, found the end of the condition"
        );
        let error = parse("a == 'x").unwrap_err();
        assert_eq!(error.message, "this text has no closing quote");
        let error = parse("1 < x < 3").unwrap_err();
        assert!(error.hint.unwrap().contains("x >= 1 and x <= 3"));
        assert!(parse("a && b").unwrap_err().hint.unwrap().contains("and"));
    }

    #[test]
    fn depth_is_limited_and_chains_are_flat() {
        // 63 nested brackets are fine, 64 are not.
        let ok = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH - 1),
            ")".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(&ok).is_ok());
        let deep = format!("{}a{}", "(".repeat(4000), ")".repeat(4000));
        let (message, span, hint) = error(&deep);
        assert_eq!(
            message,
            "this expression is nested more than 64 levels deep"
        );
        assert_eq!(span, (MAX_DEPTH - 1, MAX_DEPTH));
        assert_eq!(
            hint,
            "remove brackets, `not`s and `-`s that cancel out or are not needed"
        );
        let nots = "not ".repeat(20_000) + "a";
        assert_eq!(error(&nots).1, (4 * 63, 4 * 63 + 3));
        let negs = "-".repeat(20_000) + "a > 1";
        assert_eq!(error(&negs).1, (63, 64));
        // A sum counts one level per operator ...
        let sum = vec!["1"; 64].join(" + ");
        assert!(parse(&sum).is_ok());
        let sum = vec!["1"; 65].join(" + ");
        let (message, span, hint) = error(&sum);
        assert_eq!(
            message,
            "this expression is nested more than 64 levels deep"
        );
        assert_eq!(&sum[span.0..span.1], "+");
        assert!(hint.contains("named scores"), "{hint}");
        // ... while `or` and `and` chains are one node, however long.
        let chain = vec!["a == 'x'"; 50_000].join(" or ");
        let node = parse(&chain).unwrap();
        assert_eq!(node.height, 2);
        let Syntax::Any(items) = node.syntax else {
            panic!()
        };
        assert_eq!(items.len(), 50_000);
    }
}
