//! Turning serde_yaml's errors into staff's words: what kind of mistake it
//! is (an unclosed quote, a tab, an unknown key...), where it was made and
//! how to fix it.
//!
//! serde_yaml 0.9 gives its errors as text and a position only, so the one
//! function [`classify`] reads that text; everything else works on kinds. A
//! move to a YAML crate with error kinds or spans changes this file alone.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, did_you_mean};

pub(super) fn to_diagnostic(
    path: &Path,
    file_text: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let yaml_start = crate::diagnostic::line_offset(file_text, first_line);
    // serde_yaml counts lines from the start of `yaml`; the file's own count
    // starts `first_line - 1` lines earlier.
    let offset_of = |(line, column): (usize, usize)| {
        let start = crate::diagnostic::line_offset(file_text, line + first_line - 1);
        let text = &file_text[start..];
        let bytes: usize = text
            .chars()
            .take(column.saturating_sub(1))
            .take_while(|&c| c != '\n')
            .map(char::len_utf8)
            .sum();
        start + bytes
    };
    let at = error.location().map(|l| offset_of((l.line(), l.column())));
    let fallback = |d: Diagnostic| match at {
        Some(offset) => d.at_offset(file_text, offset),
        None => d.at(file_text, first_line, 1),
    };
    // A date (or other value pamphlet checks itself) that failed: the
    // deserializer left its structured reason here.
    if let Some(Invalid::Date(date)) = take_invalid() {
        // serde_yaml places it at the start of the enclosing mapping; the
        // value itself stands literally in the text after that.
        let from = at.unwrap_or(yaml_start).min(file_text.len());
        let diagnostic = Diagnostic::error(path, format!("`{}` is not a date", date.text))
            .code(Code::InvalidDate)
            .hint("write dates as YYYY-MM-DD with a real day, for example 2026-11-24");
        return match file_text[from..]
            .find(&date.text)
            .filter(|_| !date.text.is_empty())
        {
            Some(i) => diagnostic
                .at_offset(file_text, from + i)
                .underline(date.text.chars().count()),
            None => fallback(diagnostic),
        };
    }
    match classify(&error.to_string()) {
        YamlError::UnknownKey { prefix, key, known } => {
            let hint = match did_you_mean(&key, known.iter().map(String::as_str)) {
                // `{ label: High blood pressure, or low }`: the comma ended the value.
                _ if key.contains(' ') => "this looks like text cut at a comma: put the whole value in quotes, like `label: \"a, b\"`".to_string(),
                Some(name) => format!(
                    "did you mean `{name}`? The known keys are: {}",
                    known.join(", ")
                ),
                None => format!(
                    "remove it, or use one of the known keys: {}",
                    known.join(", ")
                ),
            };
            fallback(Diagnostic::error(
                path,
                format!("{prefix}unknown key `{key}`"),
            ))
            .code(Code::UnknownKey)
            .underline(key.chars().count())
            .hint(hint)
        }
        YamlError::MissingKey { prefix, key } => {
            let hint = if prefix.is_empty() {
                format!("add a line `{key}: ...`")
            } else {
                format!("add a line `{key}: ...` to this item")
            };
            fallback(Diagnostic::error(
                path,
                format!("{prefix}missing key `{key}`"),
            ))
            .code(Code::MissingKey)
            .hint(hint)
        }
        YamlError::WrongType {
            key,
            found,
            expected,
        } => wrong_type(
            &key,
            &found,
            &expected,
            Diagnostic::error(path, ""),
            fallback,
        ),
        YamlError::Syntax {
            problem,
            context_at,
        } => {
            // A quote left open: libyaml either reaches the end of the text
            // inside it (and says where it opened), or the quoted value runs
            // on into the next lines until a later quote closes it and the
            // parser stumbles further on. Both point at the opening quote.
            let opened = match problem.as_str() {
                "found unexpected end of stream" if context_at.is_some() => {
                    context_at.map(offset_of)
                }
                _ => None,
            }
            .or_else(|| {
                let end = at.map_or(file_text.len(), |at| at.saturating_sub(yaml_start));
                let yaml = &file_text[yaml_start..];
                unclosed_quote(&yaml[..end.min(yaml.len())]).map(|i| i + yaml_start)
            });
            if let Some(quote) = opened.filter(|&q| q < file_text.len()) {
                let mark = &file_text[quote..quote + 1];
                let escape = if mark == "\"" {
                    "write `\\\"` for a quote mark inside the text"
                } else {
                    "write `''` for an apostrophe inside the text"
                };
                return Diagnostic::error(path, "this quote is never closed")
                    .code(Code::UnclosedQuote)
                    .at_offset(file_text, quote)
                    .hint(format!(
                        "end the text with a second `{mark}` on the same line ({escape}), or remove the opening `{mark}`"
                    ));
            }
            // `regions: [Oregon, Washington` runs on into the next lines:
            // libyaml says where the `[` or `{` it was reading began.
            let bracket = match problem.as_str() {
                "did not find expected ',' or ']'" => Some(('[', ']')),
                "did not find expected ',' or '}'" => Some(('{', '}')),
                _ => None,
            };
            if let (Some((open, close)), Some(start)) = (bracket, context_at.map(offset_of))
                && file_text[start.min(file_text.len())..].starts_with(open)
            {
                return Diagnostic::error(path, format!("this `{open}` is never closed"))
                    .code(Code::UnclosedBracket)
                    .at_offset(file_text, start)
                    .hint(format!(
                        "end the list with `{close}` on the same line, like `regions: {open}Oregon, Washington{close}`; put an item with a comma or `{close}` in it in quotes"
                    ));
            }
            let tab = at.and_then(|at| tab_on_line(file_text, at));
            if let Some(tab) = tab
                && (problem.contains("tab character") || problem.contains("cannot start any token"))
            {
                return Diagnostic::error(path, "use spaces, not a tab, to indent YAML")
                    .code(Code::Tab)
                    .at_offset(file_text, tab)
                    .hint("YAML counts only spaces: replace the tab with spaces, so that the line lines up with the lines it belongs with");
            }
            fallback(Diagnostic::error(
                path,
                format!("this is not valid YAML: {problem}"),
            ))
            .code(Code::Syntax)
            .hint("check the indentation, and put text with a colon `:` in quotes")
        }
        YamlError::Other(message) => fallback(Diagnostic::error(path, message)),
    }
}

/// What kind of value pamphlet's own deserializers refused, recorded where
/// serde's error type (text only) cannot carry it.
#[derive(Debug)]
pub enum Invalid {
    /// A date that is not `YYYY-MM-DD` or not a real day.
    Date(crate::date::DateError),
}

thread_local! {
    static INVALID: std::cell::RefCell<Option<Invalid>> = const { std::cell::RefCell::new(None) };
}

/// Refuses a value inside a deserializer: records why (for [`super::parse`] to
/// report as such), and returns serde's text error to stop deserializing.
pub fn refuse<E: serde::de::Error>(invalid: Invalid) -> E {
    let error = match &invalid {
        Invalid::Date(date) => E::custom(date),
    };
    INVALID.with(|slot| *slot.borrow_mut() = Some(invalid));
    error
}

pub(super) fn take_invalid() -> Option<Invalid> {
    INVALID.with(|slot| slot.borrow_mut().take())
}

/// A serde_yaml error, sorted by kind.
#[derive(Debug, PartialEq, Eq)]
enum YamlError {
    /// ``unknown field `x`, expected one of `a`, `b` `` (`prefix` is the
    /// path serde_yaml puts before it, like `references[0]: `).
    UnknownKey {
        prefix: String,
        key: String,
        known: Vec<String>,
    },
    /// ``missing field `x` ``, or ``outcomes[4]: missing field `x` `` (the
    /// `prefix` says where).
    MissingKey { prefix: String, key: String },
    /// `weight: invalid type: string "first", expected i64`.
    WrongType {
        key: String,
        found: String,
        expected: String,
    },
    /// libyaml's scanner or parser failed: its problem, and where the
    /// construct it was reading began (`while scanning a quoted scalar at
    /// line 2 column 14`), if it says.
    Syntax {
        problem: String,
        context_at: Option<(usize, usize)>,
    },
    /// Anything else, positions removed.
    Other(String),
}

/// Sorts serde_yaml's error text into a [`YamlError`].
///
/// This is the one place that reads serde_yaml's wording: serde_yaml 0.9
/// exposes only `Display` and `location()`, not the kind of error (its
/// `ErrorImpl` is private), and serde's `unknown_field`, `missing_field` and
/// `invalid_type` reach it as text. A move to a YAML crate with error kinds
/// replaces this function alone. Errors pamphlet raises itself (dates) do not
/// come through here: see [`refuse`].
fn classify(raw: &str) -> YamlError {
    let plain = strip_marks(raw);
    if let Some(start) = plain.find("unknown field `") {
        let rest = &plain[start + "unknown field `".len()..];
        if let Some(end) = rest.find('`') {
            // serde lists the fields as `a`, `b` or `c`: take what stands in backticks.
            let known = rest[end + 1..]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect();
            return YamlError::UnknownKey {
                prefix: plain[..start].to_string(),
                key: rest[..end].to_string(),
                known,
            };
        }
    }
    if let Some(start) = plain.find("missing field ") {
        return YamlError::MissingKey {
            prefix: plain[..start].to_string(),
            key: plain[start + "missing field ".len()..]
                .trim_matches('`')
                .to_string(),
        };
    }
    if let Some((key, rest)) = plain.split_once(": invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return YamlError::WrongType {
            key: key.to_string(),
            found: found.to_string(),
            expected: expected.to_string(),
        };
    }
    // libyaml: `PROBLEM at line L column C, while CONTEXT at line L column C`.
    const SYNTAX: [&str; 6] = [
        "found ",
        "did not find expected",
        "mapping values are not allowed",
        "block sequence entries are not allowed",
        "could not find expected",
        "while ",
    ];
    if SYNTAX
        .iter()
        .any(|s| plain.starts_with(s) || plain.contains(&format!(", {s}")))
    {
        let problem = plain.split(", while ").next().unwrap_or(&plain).to_string();
        let context_at = raw
            .split_once(", while ")
            .and_then(|(_, context)| marks(context).into_iter().next());
        return YamlError::Syntax {
            problem,
            context_at,
        };
    }
    YamlError::Other(plain)
}

/// The `(line, column)` of each ` at line L column C` in `text`.
fn marks(text: &str) -> Vec<(usize, usize)> {
    let number = |s: &str| -> Option<usize> {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()
    };
    text.split(" at line ")
        .skip(1)
        .filter_map(|part| {
            let line = number(part)?;
            let column = number(part.split_once(" column ")?.1)?;
            Some((line, column))
        })
        .collect()
}

/// `` `weight` must be a whole number, not `first` `` in staff words.
fn wrong_type(
    key: &str,
    found: &str,
    expected: &str,
    blank: Diagnostic,
    place: impl Fn(Diagnostic) -> Diagnostic,
) -> Diagnostic {
    let wanted = match expected {
        e if e.starts_with('i') || e.starts_with('u') => "a whole number",
        e if e.starts_with('f') => "a number",
        "a boolean" => "`true` or `false`",
        "a string" => "text",
        "a sequence" => "a list, like `[a, b]`",
        e if e.starts_with("struct") || e.starts_with("a map") => "a group of `key: value` lines",
        e => e,
    };
    let value = found
        .split_once(' ')
        .map_or(found, |(_, v)| v)
        .trim_matches('"');
    let shown = if value.is_empty() || found.starts_with("map") || found.starts_with("sequence") {
        found.to_string()
    } else {
        format!("`{value}`")
    };
    let hint = if expected == "a sequence" {
        "write the items in brackets, like `[Idaho, Montana]`, or one per line as indented `- item` lines"
    } else {
        "put text in quotes if it should stay text; numbers and dates have no quotes"
    };
    let mut diagnostic = place(blank);
    diagnostic.message = format!("`{key}` must be {wanted}, not {shown}");
    diagnostic
        .code(Code::WrongType)
        .underline(value.chars().count().max(1))
        .hint(hint)
}

/// The byte offset (in `yaml`) of the first quote that opens a value and is
/// not closed on its own line. Quoted values may run over several lines in
/// YAML, but in pamphlet's files one that does is nearly always a quote
/// left open. Quotes inside plain text (`don't`), comments and block
/// scalars (`|`, `>`) are text.
fn unclosed_quote(yaml: &str) -> Option<usize> {
    let mut offset = 0;
    let mut block_indent: Option<usize> = None;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        if let Some(block) = block_indent {
            if content.trim().is_empty() || indent > block {
                continue;
            }
            block_indent = None;
        }
        let bytes = content.as_bytes();
        let mut node_start = true;
        let mut flow = 0usize;
        let mut i = indent;
        while i < bytes.len() {
            let b = bytes[i];
            let next_blank = bytes.get(i + 1).is_none_or(|c| matches!(c, b' ' | b'\t'));
            match b {
                b' ' | b'\t' => {}
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'"' | b'\'' if node_start => match quote_close(bytes, i) {
                    Some(end) => {
                        i = end;
                        node_start = false;
                        continue;
                    }
                    None => return Some(start + i),
                },
                b'[' | b'{' if node_start || flow > 0 => {
                    flow += 1;
                    node_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    node_start = false;
                }
                b',' if flow > 0 => node_start = true,
                b':' if next_blank || flow > 0 => node_start = true,
                b'-' if node_start && next_blank => {}
                b'|' | b'>' if node_start && flow == 0 => {
                    block_indent = Some(indent);
                    break;
                }
                _ => node_start = false,
            }
            i += 1;
        }
    }
    None
}

/// The byte after the quote that closes the one at `start` on this line,
/// if there is one.
fn quote_close(line: &[u8], start: usize) -> Option<usize> {
    let quote = line[start];
    let mut i = start + 1;
    while i < line.len() {
        match line[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && line.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where the tab in the indentation of the line holding byte `at` is, if
/// that line's leading white space has one.
fn tab_on_line(file_text: &str, at: usize) -> Option<usize> {
    let at = at.min(file_text.len());
    let line_start = file_text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &file_text[line_start..];
    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
    line[..lead].find('\t').map(|i| line_start + i)
}

/// Removes serde_yaml's own ` at line N column M` (we show positions ourselves,
/// and ours count from the start of the file).
fn strip_marks(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after
            .find(" column ")
            .map(|j| {
                let digits = after[j + " column ".len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                j + " column ".len() + digits
            })
            .unwrap_or(0);
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_serde_yaml_errors_by_kind() {
        assert_eq!(
            classify(
                "references[0]: unknown field `titel`, expected one of `id`, `title` at line 3 column 5"
            ),
            YamlError::UnknownKey {
                prefix: "references[0]: ".into(),
                key: "titel".into(),
                known: vec!["id".into(), "title".into()],
            }
        );
        assert_eq!(
            classify("missing field `title`"),
            YamlError::MissingKey {
                prefix: String::new(),
                key: "title".into()
            }
        );
        assert_eq!(
            classify("outcomes[4]: missing field `body` at line 99 column 5"),
            YamlError::MissingKey {
                prefix: "outcomes[4]: ".into(),
                key: "body".into()
            }
        );
        assert_eq!(
            classify("weight: invalid type: string \"first\", expected i64 at line 4 column 9"),
            YamlError::WrongType {
                key: "weight".into(),
                found: "string \"first\"".into(),
                expected: "i64".into(),
            }
        );
        assert_eq!(
            classify(
                "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 14"
            ),
            YamlError::Syntax {
                problem: "found unexpected end of stream".into(),
                context_at: Some((2, 14)),
            }
        );
        assert_eq!(
            classify(
                "did not find expected key at line 3 column 15, while parsing a block mapping at line 1 column 1"
            ),
            YamlError::Syntax {
                problem: "did not find expected key".into(),
                context_at: Some((1, 1)),
            }
        );
        assert_eq!(
            classify("something new at line 1 column 2"),
            YamlError::Other("something new".into())
        );
    }

    #[test]
    fn finds_a_quote_left_open() {
        assert_eq!(unclosed_quote("a: \"x\"\nb: \"y\nc: \"z\"\n"), Some(10));
        assert_eq!(unclosed_quote("a: 'it\nb: 1\n"), Some(3));
        assert_eq!(unclosed_quote("a: [\"x, y]\n"), Some(4));
        // Apostrophes in text, escaped quotes, comments and block scalars are text.
        for fine in [
            "a: don't\n",
            "a: \"say \\\"hi\\\"\"\n",
            "a: 'it''s'\n",
            "a: 1 # it's\n",
            "a: |\n  \"open\n  it's\nb: \"x\"\n",
            "- { id: a, label: \"x, y\" }\n",
        ] {
            assert_eq!(unclosed_quote(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_tab_is_found_in_the_indentation_only() {
        let text = "a:\n  \tb: 1\nc: x\ty\n";
        assert_eq!(tab_on_line(text, 3), Some(5));
        assert_eq!(tab_on_line(text, 13), None);
    }

    #[test]
    fn a_refused_date_is_reported_as_a_date() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Dated {
            last_reviewed: crate::date::Date,
        }
        let file = "title: x\nlast_reviewed: 2026-02-30\n";
        let error =
            crate::yaml::parse::<Dated>(Path::new("a.md"), file, "last_reviewed: 2026-02-30\n", 2)
                .unwrap_err();
        assert_eq!(error.code, Some(Code::InvalidDate));
        assert_eq!(error.message, "`2026-02-30` is not a date");
        assert_eq!((error.line, error.column, error.width), (2, 16, 10));
    }

    #[test]
    fn strips_serde_yaml_positions() {
        assert_eq!(
            strip_marks(
                "did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1"
            ),
            "did not find expected key, while parsing a block mapping"
        );
    }
}
