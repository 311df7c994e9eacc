//! The one place pamphlet reads YAML (site.yaml, front matter, the
//! self-assessment), so that every YAML mistake becomes a [`Diagnostic`] with
//! the file's own line and column, the offending line and a hint.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic};

mod errors;

pub use errors::{Invalid, refuse};
use errors::{take_invalid, to_diagnostic};

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
        .code(Code::TooDeep)
        .hint("pamphlet's files need a few levels at most: check for brackets that are never closed, and write long lists as indented `- ` lines"));
    }
    take_invalid();
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
