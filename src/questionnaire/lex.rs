//! The lexer of the expression language: text to tokens.
//!
//! It works on characters, never on byte offsets it has not seen, so any
//! text is safe to give it: whatever cannot start a token is an error with
//! its position and what to write instead. Text may be quoted with the curly
//! quotes a word processor puts in (‘adult’, “adult”), because staff paste
//! conditions from Word and mean quotes.

use super::expr::{ParseError, Span};

/// The punctuation of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sym {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Open,
    Close,
    OpenList,
    CloseList,
    Comma,
}

impl Sym {
    /// The symbol as written.
    pub(super) fn text(self) -> &'static str {
        match self {
            Sym::Eq => "==",
            Sym::Ne => "!=",
            Sym::Lt => "<",
            Sym::Le => "<=",
            Sym::Gt => ">",
            Sym::Ge => ">=",
            Sym::Plus => "+",
            Sym::Minus => "-",
            Sym::Star => "*",
            Sym::Slash => "/",
            Sym::Open => "(",
            Sym::Close => ")",
            Sym::OpenList => "[",
            Sym::CloseList => "]",
            Sym::Comma => ",",
        }
    }
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Number(f64),
    Text(String),
    Word(String),
    Symbol(Sym),
    End,
}

/// The quote characters that open text, and the ones that may close it:
/// a straight quote, or the curly quotes a word processor turns it into.
fn closing_quotes(open: char) -> Option<&'static [char]> {
    match open {
        '\'' | '\u{2018}' | '\u{2019}' => Some(&['\'', '\u{2018}', '\u{2019}']),
        '"' | '\u{201C}' | '\u{201D}' => Some(&['"', '\u{201C}', '\u{201D}']),
        _ => None,
    }
}

fn symbol(c: char, next: Option<char>) -> Option<Sym> {
    Some(match (c, next) {
        ('=', Some('=')) => Sym::Eq,
        ('!', Some('=')) => Sym::Ne,
        ('<', Some('=')) => Sym::Le,
        ('>', Some('=')) => Sym::Ge,
        ('<', _) => Sym::Lt,
        ('>', _) => Sym::Gt,
        ('+', _) => Sym::Plus,
        ('-', _) => Sym::Minus,
        ('*', _) => Sym::Star,
        ('/', _) => Sym::Slash,
        ('(', _) => Sym::Open,
        (')', _) => Sym::Close,
        ('[', _) => Sym::OpenList,
        (']', _) => Sym::CloseList,
        (',', _) => Sym::Comma,
        _ => return None,
    })
}

/// The error for a character that starts no token, with what to write
/// instead. Characters that look like ASCII ones (pasted from a word
/// processor) get the ASCII one they stand for.
fn unexpected(c: char, at: usize) -> ParseError {
    let span = (at, at + c.len_utf8());
    let (what, hint) = match c {
        '=' => {
            return ParseError {
                message: "`=` on its own is not an operator".into(),
                span,
                hint: Some("compare with `==`".into()),
            };
        }
        '&' | '|' | '!' => {
            let word = match c {
                '&' => "and",
                '|' => "or",
                _ => "not",
            };
            return ParseError {
                message: format!("`{c}` is not an operator here"),
                span,
                hint: Some(format!("write `{word}`")),
            };
        }
        '≥' => (None, "write `>=`".to_string()),
        '≤' => (None, "write `<=`".to_string()),
        '≠' => (None, "write `!=`".to_string()),
        '−' | '–' | '—' => (None, "write `-` (a plain hyphen)".to_string()),
        '×' | '·' => (None, "write `*`".to_string()),
        '÷' => (None, "write `/`".to_string()),
        '`' => (
            Some("a backtick"),
            "put option ids in straight quotes ' or \", like 'adult'".to_string(),
        ),
        '´' | '‚' | '„' | '«' | '»' | '‹' | '›' | '′' | '″' => (
            None,
            "put option ids in straight quotes ' or \", like 'adult'".to_string(),
        ),
        '\u{A0}' => (
            Some("a no-break space"),
            "type a plain space instead".to_string(),
        ),
        c if c.is_whitespace() => (
            Some("a space that is not a plain space"),
            "type a plain space instead".to_string(),
        ),
        c if c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}') => (
            Some("an invisible character"),
            "delete it (it often comes with text pasted from elsewhere)".to_string(),
        ),
        c if c.is_alphabetic() || c.is_numeric() => (
            None,
            "names use only the letters a to z, digits and `_`; put option ids in quotes, like 'adult'"
                .to_string(),
        ),
        _ => (None, "put option ids in quotes, like 'adult'".to_string()),
    };
    let message = match what {
        Some(description) => format!(
            "unexpected character U+{:04X} ({description})",
            u32::from(c)
        ),
        None => format!("unexpected character `{c}`"),
    };
    ParseError {
        message,
        span,
        hint: Some(hint),
    }
}

/// Splits the text into tokens. Works on characters, never on bytes, so any
/// text is safe to feed it.
pub(super) fn tokenize(text: &str) -> Result<Vec<(Token, Span)>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c.is_ascii_whitespace() {
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !(d.is_ascii_digit() || d == '.') {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let written = &text[start..end];
            let number: f64 = written.parse().map_err(|_| ParseError {
                message: format!("`{written}` is not a number"),
                span: (start, end),
                hint: Some("write numbers like 3 or 2.5".into()),
            })?;
            if !number.is_finite() {
                return Err(ParseError {
                    message: format!("`{written}` is too large a number"),
                    span: (start, end),
                    hint: Some("no questionnaire needs a number this large".into()),
                });
            }
            tokens.push((Token::Number(number), (start, end)));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '_') {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            tokens.push((Token::Word(text[start..end].to_string()), (start, end)));
        } else if let Some(closing) = closing_quotes(c) {
            let body = start + c.len_utf8();
            let Some((close, quote)) = text[body..]
                .char_indices()
                .find(|(_, q)| closing.contains(q))
            else {
                return Err(ParseError {
                    message: "this text has no closing quote".into(),
                    span: (start, text.len()),
                    hint: Some(format!("end it with {}", closing[0])),
                });
            };
            let end = body + close;
            let after = end + quote.len_utf8();
            tokens.push((Token::Text(text[body..end].to_string()), (start, after)));
            while chars.peek().is_some_and(|&(i, _)| i < after) {
                chars.next();
            }
        } else if let Some(sym) = symbol(c, next) {
            let width = sym.text().len();
            if width == 2 {
                chars.next();
            }
            tokens.push((Token::Symbol(sym), (start, start + width)));
        } else {
            return Err(unexpected(c, start));
        }
    }
    tokens.push((Token::End, (text.len(), text.len())));
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::super::expr::{BinaryOp, Syntax, parse};
    use super::*;

    fn error(text: &str) -> (String, Span, String) {
        let e = tokenize(text).unwrap_err();
        (e.message, e.span, e.hint.unwrap_or_default())
    }

    #[test]
    fn curly_quotes_are_quotes() {
        for text in [
            "age == ‘adult’",
            "age == “adult”",
            "age == ’adult’",
            "age == 'adult’",
        ] {
            let node = parse(text).unwrap();
            let Syntax::Binary(BinaryOp::Eq, _, right) = node.syntax else {
                panic!("{text}")
            };
            assert_eq!(right.syntax, Syntax::Text("adult".into()), "{text}");
            assert_eq!(right.span, (7, text.len()), "{text}");
        }
        let (message, span, hint) = error("age == “adult");
        assert_eq!(message, "this text has no closing quote");
        assert_eq!(span, (7, "age == “adult".len()));
        assert_eq!(hint, "end it with \"");
    }

    #[test]
    fn every_other_character_is_a_positioned_error() {
        let cases = [
            ("total ≥ 10", "unexpected character `≥`", "write `>=`"),
            ("total ≤ 10", "unexpected character `≤`", "write `<=`"),
            ("total ≠ 10", "unexpected character `≠`", "write `!=`"),
            (
                "total − 1 > 2",
                "unexpected character `−`",
                "write `-` (a plain hyphen)",
            ),
            (
                "âge == 'adult'",
                "unexpected character `â`",
                "names use only the letters a to z, digits and `_`; put option ids in quotes, like 'adult'",
            ),
            (
                "age ==\u{A0}'adult'",
                "unexpected character U+00A0 (a no-break space)",
                "type a plain space instead",
            ),
            (
                "age\u{200B} == 'adult'",
                "unexpected character U+200B (an invisible character)",
                "delete it (it often comes with text pasted from elsewhere)",
            ),
            (
                "age == `adult`",
                "unexpected character U+0060 (a backtick)",
                "put option ids in straight quotes ' or \", like 'adult'",
            ),
            (
                "total > 2 🙂",
                "unexpected character `🙂`",
                "put option ids in quotes, like 'adult'",
            ),
        ];
        for (text, message, hint) in cases {
            let (m, span, h) = error(text);
            assert_eq!((m.as_str(), h.as_str()), (message, hint), "{text}");
            // The span covers exactly the one character.
            let bad = &text[span.0..span.1];
            assert_eq!(bad.chars().count(), 1, "{text}: {span:?}");
        }
    }

    #[test]
    fn numbers_must_be_finite() {
        let text = format!("total > {}", "9".repeat(400));
        let (message, span, _) = error(&text);
        assert!(message.ends_with("is too large a number"), "{message}");
        assert_eq!(span, (8, text.len()));
    }
}
