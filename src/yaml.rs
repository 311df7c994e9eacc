//! The one place pamphlet reads YAML (site.yaml, front matter, the
//! self-assessment), so that every YAML mistake becomes a [`Diagnostic`] with
//! the file's own line and column, the offending line and a hint.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, did_you_mean};

/// Parses `yaml` into `T`.
///
/// `yaml` is a slice of `file_text` (the whole file) that starts on line
/// `first_line` (1-based), so that errors in a front-matter block point at the
/// line in the Markdown file, not in the block.
///
/// Flow collections (`[...]`, `{...}`) nested deeper than [`MAX_FLOW_DEPTH`]
/// are refused before serde_yaml sees them: its parser (libyaml) spends time
/// proportional to the nesting depth on every token, so 40,000 nested
/// brackets took seconds (and minutes in a debug build).
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some(offset) = too_deep(yaml, MAX_FLOW_DEPTH) {
        let yaml_start = crate::diagnostic::line_offset(file_text, first_line);
        return Err(Diagnostic::error(
            path,
            format!("this YAML nests `[` and `{{` more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .at_offset(file_text, yaml_start + offset)
        .hint("pamphlet's files need a few levels at most: check for brackets that are never closed, and write long lists as indented `- ` lines"));
    }
    serde_yaml::from_str(yaml).map_err(|error| to_diagnostic(path, file_text, first_line, &error))
}

/// How deep `[` and `{` may nest in a YAML file (real files need two or three).
pub const MAX_FLOW_DEPTH: usize = 100;

/// The byte offset where flow collections first nest deeper than `limit`,
/// if they do. A linear scan that follows YAML's lexical rules closely
/// enough to count the nesting libyaml will see: comments, quoted
/// scalars, block scalars (`|`, `>`) and plain text are skipped; a bracket
/// inside plain text in block context is text, in flow context a bracket.
/// Where it must guess, it guesses deeper, so it never lets deep input by.
fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    // Whether a node (a quoted scalar, a collection, a block scalar) may
    // start here, rather than this being the middle of plain text.
    let mut node_start = true;
    // The previous byte was the end of a quoted scalar (`{"a":"b"}`).
    let mut after_quote = false;
    // Indentation of the current line's node (after any `- `).
    let mut line_indent = 0usize;
    let mut at_line_start = true;
    let mut line_begin = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_line_start {
            at_line_start = false;
            line_begin = i;
            let spaces = bytes[i..].iter().take_while(|&&c| c == b' ').count();
            i += spaces;
            line_indent = spaces;
            // In flow context a line break is only a space.
            if depth == 0 {
                node_start = true;
                after_quote = false;
            }
            continue;
        }
        let prev_blank = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        let next_blank = bytes
            .get(i + 1)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'));
        match b {
            b'\n' => {
                at_line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if prev_blank => {
                i += bytes[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            b'"' | b'\'' if node_start => {
                i = quoted_end(bytes, i);
                node_start = false;
                after_quote = true;
                continue;
            }
            b'[' | b'{' if depth > 0 || node_start => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                node_start = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                node_start = false;
            }
            b',' if depth > 0 => node_start = true,
            b':' | b'?' if next_blank || (b == b':' && after_quote && depth > 0) => {
                node_start = true;
            }
            b'-' if depth == 0 && node_start && next_blank => {
                line_indent = i - line_begin + 2;
                node_start = true;
            }
            b'|' | b'>' if depth == 0 && node_start => {
                // A block scalar: its lines, indented deeper than this
                // line's node, are text.
                let mut j = bytes[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |p| i + p + 1);
                while j < bytes.len() {
                    let spaces = bytes[j..].iter().take_while(|&&c| c == b' ').count();
                    let blank = matches!(bytes.get(j + spaces), None | Some(b'\n' | b'\r'));
                    if !blank && spaces <= line_indent {
                        break;
                    }
                    j = bytes[j..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(bytes.len(), |p| j + p + 1);
                }
                i = j;
                at_line_start = true;
                continue;
            }
            b'!' | b'&' if node_start => {
                // A tag or an anchor: the node comes after it.
                i += bytes[i..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace())
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            _ => node_start = false,
        }
        after_quote = false;
        i += 1;
    }
    None
}

/// The byte after the quoted scalar that starts at `start`.
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn to_diagnostic(
    path: &Path,
    file_text: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let raw = strip_marks(&error.to_string());
    let (message, hint, width) = explain(&raw);
    let mut diagnostic = Diagnostic::error(path, message);
    let yaml_start = crate::diagnostic::line_offset(file_text, first_line);
    if let Some(offset) = quoted_value_offset(&raw, file_text, yaml_start) {
        // serde_yaml places errors raised while converting a value (a bad
        // date, say) at the start of the enclosing mapping; the value itself
        // is what staff need to see, and it stands literally in the text.
        let value_len = raw.split('`').nth(1).map_or(1, |v| v.chars().count());
        diagnostic = diagnostic.at_offset(file_text, offset).underline(value_len);
    } else if let Some(location) = error.location() {
        let line = location.line() + first_line - 1;
        diagnostic = diagnostic.at(file_text, line, location.column());
    } else {
        diagnostic = diagnostic.at(file_text, first_line, 1);
    }
    if let Some(width) = width {
        diagnostic = diagnostic.underline(width);
    }
    match hint {
        Some(hint) => diagnostic.hint(hint),
        None => diagnostic,
    }
}

/// Where the value quoted in backticks in a conversion error (`` `2026-02-30`
/// is not a date ``) stands in the file, if it is such an error.
fn quoted_value_offset(raw: &str, file_text: &str, yaml_start: usize) -> Option<usize> {
    if raw.contains("unknown field") || raw.contains("missing field") {
        return None;
    }
    let value = raw.split('`').nth(1).filter(|v| !v.is_empty())?;
    file_text[yaml_start..].find(value).map(|i| i + yaml_start)
}

/// Turns serde_yaml's wording into pamphlet's: unknown keys get a
/// "did you mean" hint built from the fields the struct knows.
fn explain(raw: &str) -> (String, Option<String>, Option<usize>) {
    if let Some((prefix, field, expected)) = unknown_field(raw) {
        // serde lists the fields as `a`, `b` or `c`: take what stands in backticks.
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match did_you_mean(&field, known.iter().copied()) {
            // `{ label: High blood pressure, or low }`: the comma ended the value.
            _ if field.contains(' ') => "this looks like text cut at a comma: put the whole value in quotes, like `label: \"a, b\"`".to_string(),
            Some(name) => format!(
                "did you mean `{name}`? The known keys are: {}",
                known.join(", ")
            ),
            None => format!(
                "remove it, or use one of the known keys: {}",
                known.join(", ")
            ),
        };
        let message = format!("{prefix}unknown key `{field}`");
        return (message, Some(hint), Some(field.chars().count()));
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let message = format!("missing key {rest}");
        let hint = format!("add a line `{}: ...`", rest.trim_matches('`'));
        return (message, Some(hint), None);
    }
    if let Some(friendly) = invalid_type(raw) {
        return friendly;
    }
    if raw.contains("is not a date") {
        let message = raw
            .split(':')
            .take_while(|part| !part.contains("write it as"))
            .collect::<Vec<_>>()
            .join(":");
        return (
            message,
            Some("write dates as YYYY-MM-DD with a real day, for example 2026-11-24".into()),
            None,
        );
    }
    if raw.contains("did not find expected") || raw.contains("mapping values are not allowed") {
        return (
            format!("this is not valid YAML: {raw}"),
            Some("check the indentation, and put text with a colon `:` in quotes".into()),
            None,
        );
    }
    (raw.to_string(), None, None)
}

/// `weight: invalid type: string "first", expected i64` in staff words:
/// `` `weight` must be a whole number, not `first` ``.
fn invalid_type(raw: &str) -> Option<(String, Option<String>, Option<usize>)> {
    let (key, rest) = raw.split_once(": invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
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
    let message = format!("`{key}` must be {wanted}, not {shown}");
    let hint =
        "put text in quotes if it should stay text; numbers and dates have no quotes".to_string();
    Some((message, Some(hint), Some(value.chars().count().max(1))))
}

/// Splits ``path: unknown field `x`, expected one of `a`, `b` `` into its parts.
fn unknown_field(raw: &str) -> Option<(String, String, String)> {
    let start = raw.find("unknown field `")?;
    let prefix = raw[..start].to_string();
    let rest = &raw[start + "unknown field `".len()..];
    let end = rest.find('`')?;
    let field = rest[..end].to_string();
    let expected = rest[end + 1..]
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .to_string();
    Some((prefix, field, expected))
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

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        draft: Option<bool>,
    }

    #[test]
    fn unknown_key_points_at_the_file_line_with_a_suggestion() {
        let file = "---\ntitle: Hi\ndraftt: true\n---\nbody\n";
        let error =
            parse::<Meta>(Path::new("a.md"), file, "title: Hi\ndraftt: true\n", 2).unwrap_err();
        assert_eq!(error.message, "unknown key `draftt`");
        assert_eq!((error.line, error.column, error.width), (3, 1, 6));
        assert_eq!(
            error.hint.as_deref(),
            Some("did you mean `draft`? The known keys are: title, draft")
        );
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

    #[test]
    fn counts_flow_nesting_the_way_yaml_does() {
        let deep = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep(&deep(100), 100), None);
        assert_eq!(too_deep(&deep(101), 100), Some(103));
        // Brackets in quotes, comments, block scalars and plain text are text.
        let text = format!(
            "a: \"{0}\"\nb: '{0}'\n# {0}\nc: |\n  {0}\n  more\nd: see {0}\n- e: >\n    {0}\n",
            "[".repeat(200)
        );
        assert_eq!(too_deep(&text, 100), None);
        // Closing brackets inside quotes do not close anything.
        let hidden = format!("a: [{}]\n", "[\"]]\", ".repeat(150));
        assert!(too_deep(&hidden, 100).is_some());
        let json = format!("a: {}\n", "{\"k\":".repeat(150));
        assert!(too_deep(&json, 100).is_some());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let yaml = format!("title: {}{}\n", "[".repeat(80_000), "]".repeat(80_000));
        let started = std::time::Instant::now();
        let error = parse::<Meta>(Path::new("a.md"), &yaml, &yaml, 1).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(
            error.message,
            "this YAML nests `[` and `{` more than 100 levels deep"
        );
        assert_eq!((error.line, error.column), (1, 108));
    }
}
