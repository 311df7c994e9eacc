//! Positions for semantic errors in `assessment.yaml`.
//!
//! serde_yaml reports positions only for syntax and type errors. For the
//! rest (an unknown name inside a condition, a duplicate id, a failing test)
//! we find the value where it stands literally in the text, inside the item
//! it belongs to, and fall back to the line that starts the item.

use std::path::Path;

use crate::diagnostic::Diagnostic;

use super::expr::Span;

/// The top-level lists and maps of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `questions:`
    Questions,
    /// `scores:`
    Scores,
    /// `outcomes:`
    Outcomes,
    /// `notes:`
    Notes,
    /// `tests:`
    Tests,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Questions => "questions",
            Section::Scores => "scores",
            Section::Outcomes => "outcomes",
            Section::Notes => "notes",
            Section::Tests => "tests",
        }
    }
}

/// Finds items and values in the source text.
pub struct Locator<'a> {
    path: &'a Path,
    source: &'a str,
    sections: Vec<(Section, Vec<(usize, usize)>)>,
}

impl<'a> Locator<'a> {
    /// Indexes where each item of each section starts and ends.
    pub fn new(path: &'a Path, source: &'a str) -> Self {
        let sections = [
            Section::Questions,
            Section::Scores,
            Section::Outcomes,
            Section::Notes,
            Section::Tests,
        ]
        .into_iter()
        .map(|s| (s, items(source, s)))
        .collect();
        Locator {
            path,
            source,
            sections,
        }
    }

    /// The whole file.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The byte range of item `index` of `section`, or the whole file.
    fn item(&self, section: Section, index: usize) -> (usize, usize) {
        self.sections
            .iter()
            .find(|(s, _)| *s == section)
            .and_then(|(_, items)| items.get(index).copied())
            .unwrap_or((0, self.source.len()))
    }

    /// Where `key:` stands in the item, and where its value starts.
    fn field(&self, section: Section, index: usize, key: &str) -> Option<usize> {
        let (start, end) = self.item(section, index);
        let text = &self.source[start..end];
        let mut from = 0;
        while let Some(found) = text[from..].find(key) {
            let at = from + found;
            let before = text[..at].chars().next_back();
            let after = &text[at + key.len()..];
            if matches!(before, None | Some(' ' | '-' | '{' | ',' | '\n'))
                && after.trim_start_matches(' ').starts_with(':')
            {
                return Some(start + at);
            }
            from = at + key.len();
        }
        None
    }

    /// An error at the start of an item.
    pub fn at_item(&self, section: Section, index: usize, message: String) -> Diagnostic {
        let (start, _) = self.item(section, index);
        let start = start + first_non_blank(&self.source[start..]);
        Diagnostic::error(self.path, message).at_offset(self.source, start)
    }

    /// An error at `needle` inside the value of `key` in an item (or at the
    /// key, or at the item).
    pub fn at_value(
        &self,
        section: Section,
        index: usize,
        key: &str,
        needle: &str,
        message: String,
    ) -> Diagnostic {
        let (item_start, item_end) = self.item(section, index);
        let key_at = self.field(section, index, key);
        let search_from = key_at.map_or(item_start, |at| at + key.len());
        let found = self.source[search_from..item_end]
            .find(needle)
            .filter(|_| !needle.is_empty())
            .map(|i| i + search_from);
        match (found, key_at) {
            (Some(at), _) => Diagnostic::error(self.path, message)
                .at_offset(self.source, at)
                .underline(needle.chars().count()),
            (None, Some(at)) => Diagnostic::error(self.path, message)
                .at_offset(self.source, at)
                .underline(key.chars().count()),
            (None, None) => self.at_item(section, index, message),
        }
    }

    /// An error inside an expression: `span` is within `expression`, the
    /// value of `key` in the item.
    pub fn in_expression(
        &self,
        section: Section,
        index: usize,
        key: &str,
        expression: &str,
        span: Span,
        message: String,
    ) -> Diagnostic {
        let (item_start, item_end) = self.item(section, index);
        let key_at = self
            .field(section, index, key)
            .map_or(item_start, |at| at + key.len());
        match self.source[key_at..item_end].find(expression) {
            Some(found) => {
                let at = key_at + found + span.0;
                let width = expression
                    .get(span.0..span.1)
                    .map_or(1, |s| s.chars().count().max(1));
                Diagnostic::error(self.path, message)
                    .at_offset(self.source, at)
                    .underline(width)
            }
            // The value was folded or escaped in YAML: point at the key.
            None => self.at_value(section, index, key, "", message),
        }
    }
}

fn first_non_blank(text: &str) -> usize {
    text.find(|c: char| !c.is_whitespace() && c != '-')
        .unwrap_or(0)
}

/// The byte ranges of the items of a top-level section: list entries
/// (`- ...`) or map entries (`name: ...`) at the section's first indent.
fn items(source: &str, section: Section) -> Vec<(usize, usize)> {
    let mut offset = 0;
    let mut inside = false;
    let mut indent: Option<usize> = None;
    let mut starts = Vec::new();
    let mut end = source.len();
    for line in source.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = line.len() - trimmed.len();
        // YAML allows a list's items at the same indent as its key.
        let zero_indent_item = inside && section != Section::Scores && trimmed.starts_with("- ");
        if this_indent == 0 && !zero_indent_item {
            if inside {
                end = line_start;
                break;
            }
            inside = line
                .strip_prefix(section.key())
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            continue;
        }
        if !inside {
            continue;
        }
        let is_item = match section {
            Section::Scores => true,
            _ => trimmed.starts_with("- ") || trimmed == "-\n" || trimmed == "-",
        };
        let wanted = *indent.get_or_insert(this_indent);
        if is_item && this_indent == wanted {
            starts.push(line_start);
        } else if section != Section::Scores && trimmed.starts_with("- ") && this_indent < wanted {
            // A list written at column 0 under its key would have indent 0;
            // anything shallower than the first item ends the section.
            break;
        }
    }
    let mut ranges = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let stop = starts.get(i + 1).copied().unwrap_or(end);
        ranges.push((start, stop));
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "title: T\nquestions:\n  - id: age\n    text: How old?\n  # note\n  - id: mood\n    show_if: \"age == 'adult'\"\nscores:\n  total: \"score(mood)\"\n  other:\n    value: \"1\"\noutcomes:\n- id: a\n  when: \"true\"\n";

    #[test]
    fn finds_items_and_values() {
        let path = Path::new("content/assessment.yaml");
        let locator = Locator::new(path, SOURCE);
        let d = locator.at_item(Section::Questions, 1, "x".into());
        assert_eq!((d.line, d.column), (6, 5));
        let d = locator.in_expression(
            Section::Questions,
            1,
            "show_if",
            "age == 'adult'",
            (7, 14),
            "x".into(),
        );
        assert_eq!((d.line, d.column, d.width), (7, 22, 7));
        let d = locator.at_item(Section::Scores, 1, "x".into());
        assert_eq!(d.line, 10);
        let d = locator.at_value(Section::Outcomes, 0, "id", "a", "x".into());
        assert_eq!((d.line, d.column), (13, 7));
    }
}
