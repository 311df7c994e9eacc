//! The expression language of the self-assessment: its one parser.
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
//! The parser only builds a [`Syntax`] tree with byte spans; `compile` gives
//! names their meaning and checks types. The browser never sees this text:
//! it gets the compiled tree as JSON.

/// A byte range within the expression text.
pub type Span = (usize, usize);

/// A node of the syntax tree with where it stands in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node is.
    pub syntax: Syntax,
    /// Where it stands.
    pub span: Span,
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
    /// `score(q)`, `answered(q)`, `count(q)`: the function, its argument
    /// and the argument's span.
    Call(String, String, Span),
    /// `-x`.
    Negate(Box<Node>),
    /// `not x`.
    Not(Box<Node>),
    /// A binary operator.
    Binary(BinaryOp, Box<Node>, Box<Node>),
}

/// Binary operators, from lowest to highest precedence group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
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
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Word(String),
    Symbol(&'static str),
    End,
}

fn tokenize(text: &str) -> Result<Vec<(Token, Span)>, ParseError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let number = text[start..i].parse().map_err(|_| ParseError {
                message: format!("`{}` is not a number", &text[start..i]),
                span: (start, i),
                hint: Some("write numbers like 3 or 2.5".into()),
            })?;
            tokens.push((Token::Number(number), (start, i)));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            tokens.push((Token::Word(text[start..i].to_string()), (start, i)));
        } else if c == b'\'' || c == b'"' {
            let close = text[i + 1..].find(c as char).ok_or_else(|| ParseError {
                message: "this text has no closing quote".into(),
                span: (start, text.len()),
                hint: Some(format!("end it with {}", c as char)),
            })?;
            let end = i + 1 + close;
            tokens.push((Token::Text(text[i + 1..end].to_string()), (start, end + 1)));
            i = end + 1;
        } else {
            let two = text.get(i..i + 2).unwrap_or("");
            let symbol = match two {
                "==" | "!=" | "<=" | ">=" => Some(two),
                _ => None,
            };
            let symbol: &'static str = match symbol.unwrap_or(&text[i..i + 1]) {
                "==" => "==",
                "!=" => "!=",
                "<=" => "<=",
                ">=" => ">=",
                "<" => "<",
                ">" => ">",
                "+" => "+",
                "-" => "-",
                "*" => "*",
                "/" => "/",
                "(" => "(",
                ")" => ")",
                "[" => "[",
                "]" => "]",
                "," => ",",
                "=" => {
                    return Err(ParseError {
                        message: "`=` on its own is not an operator".into(),
                        span: (i, i + 1),
                        hint: Some("compare with `==`".into()),
                    });
                }
                "&" | "|" | "!" => {
                    let word = match c {
                        b'&' => "and",
                        b'|' => "or",
                        _ => "not",
                    };
                    return Err(ParseError {
                        message: format!("`{}` is not an operator here", c as char),
                        span: (i, i + 1),
                        hint: Some(format!("write `{word}`")),
                    });
                }
                _ => {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    return Err(ParseError {
                        message: format!("unexpected character `{ch}`"),
                        span: (i, i + ch.len_utf8()),
                        hint: Some("put option ids in quotes, like 'adult'".into()),
                    });
                }
            };
            i += symbol.len();
            tokens.push((Token::Symbol(symbol), (start, i)));
        }
    }
    tokens.push((Token::End, (text.len(), text.len())));
    Ok(tokens)
}

/// Parses one expression.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let node = parser.or()?;
    match parser.peek() {
        Token::End => Ok(node),
        _ => Err(parser.unexpected("`and`, `or` or the end of the condition")),
    }
}

struct Parser {
    tokens: Vec<(Token, Span)>,
    at: usize,
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

    fn is_symbol(&self, symbol: &str) -> bool {
        matches!(self.peek(), Token::Symbol(s) if *s == symbol)
    }

    fn unexpected(&self, wanted: &str) -> ParseError {
        let (token, span) = &self.tokens[self.at];
        let found = match token {
            Token::End => "the end of the condition".to_string(),
            Token::Number(n) => format!("`{n}`"),
            Token::Text(t) => format!("'{t}'"),
            Token::Word(w) => format!("`{w}`"),
            Token::Symbol(s) => format!("`{s}`"),
        };
        let hint = match token {
            Token::Word(w) if w == "AND" || w == "OR" || w == "NOT" => {
                Some(format!("write `{}` in lower case", w.to_lowercase()))
            }
            Token::Word(_) | Token::Text(_) | Token::Number(_) => {
                Some("join conditions with `and` or `or`".into())
            }
            _ => None,
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

    fn binary(op: BinaryOp, left: Node, right: Node) -> Node {
        let span = (left.span.0, right.span.1);
        Node {
            syntax: Syntax::Binary(op, Box::new(left), Box::new(right)),
            span,
        }
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        let mut left = self.and()?;
        while self.is_word("or") {
            self.next();
            let right = self.and()?;
            left = Self::binary(BinaryOp::Or, left, right);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        let mut left = self.not()?;
        while self.is_word("and") {
            self.next();
            let right = self.not()?;
            left = Self::binary(BinaryOp::And, left, right);
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Node, ParseError> {
        if self.is_word("not") {
            let (_, span) = self.next();
            let inner = self.not()?;
            let span = (span.0, inner.span.1);
            return Ok(Node {
                syntax: Syntax::Not(Box::new(inner)),
                span,
            });
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Node, ParseError> {
        let left = self.sum()?;
        let op = match self.peek() {
            Token::Symbol("==") => BinaryOp::Eq,
            Token::Symbol("!=") => BinaryOp::Ne,
            Token::Symbol("<") => BinaryOp::Lt,
            Token::Symbol("<=") => BinaryOp::Le,
            Token::Symbol(">") => BinaryOp::Gt,
            Token::Symbol(">=") => BinaryOp::Ge,
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
            Token::Symbol("==" | "!=" | "<" | "<=" | ">" | ">=")
        ) {
            return Err(ParseError {
                hint: Some("join two comparisons with `and`, like `x >= 1 and x <= 3`".into()),
                ..self.unexpected("`and` or `or`")
            });
        }
        Ok(Self::binary(op, left, right))
    }

    fn sum(&mut self) -> Result<Node, ParseError> {
        let mut left = self.product()?;
        loop {
            let op = if self.is_symbol("+") {
                BinaryOp::Add
            } else if self.is_symbol("-") {
                BinaryOp::Sub
            } else {
                return Ok(left);
            };
            self.next();
            let right = self.product()?;
            left = Self::binary(op, left, right);
        }
    }

    fn product(&mut self) -> Result<Node, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.is_symbol("*") {
                BinaryOp::Mul
            } else if self.is_symbol("/") {
                BinaryOp::Div
            } else {
                return Ok(left);
            };
            self.next();
            let right = self.unary()?;
            left = Self::binary(op, left, right);
        }
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        if self.is_symbol("-") {
            let (_, span) = self.next();
            let inner = self.unary()?;
            let span = (span.0, inner.span.1);
            return Ok(Node {
                syntax: Syntax::Negate(Box::new(inner)),
                span,
            });
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, ParseError> {
        let span = self.span();
        match self.peek().clone() {
            Token::Number(n) => {
                self.next();
                Ok(Node {
                    syntax: Syntax::Number(n),
                    span,
                })
            }
            Token::Text(t) => {
                self.next();
                Ok(Node {
                    syntax: Syntax::Text(t),
                    span,
                })
            }
            Token::Word(w) if w == "true" || w == "false" => {
                self.next();
                Ok(Node {
                    syntax: Syntax::Bool(w == "true"),
                    span,
                })
            }
            Token::Word(w) if ["and", "or", "not", "in"].contains(&w.as_str()) => {
                Err(self.unexpected("a question, a score, a number or 'an option'"))
            }
            Token::Word(w) => {
                self.next();
                if !self.is_symbol("(") {
                    return Ok(Node {
                        syntax: Syntax::Name(w),
                        span,
                    });
                }
                self.next();
                let (arg, arg_span) = match self.next() {
                    (Token::Word(a), s) => (a, s),
                    _ => {
                        self.at -= 1;
                        return Err(self.unexpected("a question id"));
                    }
                };
                if !self.is_symbol(")") {
                    return Err(self.unexpected("`)`"));
                }
                let (_, close) = self.next();
                Ok(Node {
                    syntax: Syntax::Call(w, arg, arg_span),
                    span: (span.0, close.1),
                })
            }
            Token::Symbol("(") => {
                self.next();
                let inner = self.or()?;
                if !self.is_symbol(")") {
                    return Err(self.unexpected("`)`"));
                }
                let (_, close) = self.next();
                Ok(Node {
                    syntax: inner.syntax,
                    span: (span.0, close.1),
                })
            }
            Token::Symbol("[") => {
                self.next();
                let mut items = Vec::new();
                loop {
                    match self.next() {
                        (Token::Text(t), s) => items.push((t, s)),
                        _ => {
                            self.at -= 1;
                            return Err(self.unexpected("'an option id' in quotes"));
                        }
                    }
                    if self.is_symbol(",") {
                        self.next();
                        continue;
                    }
                    if self.is_symbol("]") {
                        let (_, close) = self.next();
                        return Ok(Node {
                            syntax: Syntax::List(items),
                            span: (span.0, close.1),
                        });
                    }
                    return Err(self.unexpected("`,` or `]`"));
                }
            }
            _ => Err(self.unexpected("a question, a score, a number or 'an option'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(node: &Node) -> String {
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
            Syntax::Negate(x) => format!("(-{})", shape(x)),
            Syntax::Not(x) => format!("(not {})", shape(x)),
            Syntax::Binary(op, a, b) => format!("({} {} {})", shape(a), op.symbol(), shape(b)),
        }
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
}
