//! Wording: phrases a health site must not use in patient text (site.yaml's
//! `policy.avoid_phrases`), matched as whole words without regard to case.

use std::path::Path;

use crate::diagnostic::{Diagnostic, line_offset};
use crate::markdown::scan::Block;

/// Every place `phrase` stands in `text` as whole words, ignoring case:
/// (byte offset, byte length). With `plural`, a trailing `s` or `es` is
/// part of the match (`trial` finds `trials`).
pub fn find_all(text: &str, phrase: &str, plural: bool) -> Vec<(usize, usize)> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let wanted = phrase.to_ascii_lowercase();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&wanted) {
        let start = from + i;
        let mut end = start + wanted.len();
        from = start + wanted.chars().next().map_or(1, char::len_utf8);
        if plural {
            for suffix in ["es", "s"] {
                if lower[end..].starts_with(suffix) {
                    let after = lower[end + suffix.len()..].chars().next();
                    if !after.is_some_and(is_word) {
                        end += suffix.len();
                        break;
                    }
                }
            }
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        // A phrase that starts or ends with a non-word character (`100%`)
        // needs no boundary on that side.
        let starts_word = wanted.chars().next().is_some_and(is_word);
        let ends_word = wanted.chars().next_back().is_some_and(is_word);
        if (!starts_word || !before.is_some_and(is_word))
            && (!ends_word || !after.is_some_and(is_word))
        {
            found.push((start, end - start));
        }
    }
    found
}

/// The first place `phrase` stands in `text` (see [`find_all`]).
pub fn find_phrase(text: &str, phrase: &str, plural: bool) -> Option<(usize, usize)> {
    find_all(text, phrase, plural).into_iter().next()
}

/// What to write instead of an avoided phrase.
pub fn suggestion(phrase: &str) -> String {
    let p = phrase.trim().to_lowercase();
    let advice = match p.as_str() {
        "guaranteed" | "guarantee" | "guarantees" => {
            "no treatment works for everyone: say what often happens, like \"many people feel better\""
        }
        "cure" | "cures" | "cured" => {
            "say \"treat\", \"ease\" or \"help with\"; depression is treated, not cured"
        }
        "you have depression" => {
            "patient text does not diagnose: say \"you may have signs of depression\" and suggest a talk with a clinician"
        }
        "miracle" => "describe what the treatment does, plainly, with its source",
        "100% safe" | "completely safe" | "risk-free" | "risk free" => {
            "no treatment is free of risk: name the common effects and how the clinic keeps people safe"
        }
        _ => "reword it: promise nothing and diagnose no one; describe what is known, plainly",
    };
    format!("{advice} (phrases to avoid are listed in site.yaml under `policy.avoid_phrases`)")
}

fn problem(path: &Path, source: &str, offset: usize, len: usize, phrase: &str) -> Diagnostic {
    let written = source.get(offset..offset + len).unwrap_or(phrase);
    Diagnostic::error(
        path,
        format!("avoid the phrase \"{written}\" in patient text"),
    )
    .at_offset(source, offset)
    .underline(written.chars().count())
    .hint(suggestion(phrase))
}

/// Avoided phrases in blocks of a Markdown page, as errors.
pub fn check_blocks(
    path: &Path,
    source: &str,
    blocks: &[Block],
    phrases: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for block in blocks {
        for phrase in phrases {
            for (start, len) in find_all(&block.text, phrase, false) {
                let offset = block.source_offset(start);
                // When the text was rewritten (smart quotes), find it again in the file.
                let len = if source
                    .get(offset..offset + len)
                    .is_some_and(|s| s.eq_ignore_ascii_case(&block.text[start..start + len]))
                {
                    len
                } else {
                    phrase.len()
                };
                problems.push(problem(path, source, offset, len, phrase));
            }
        }
    }
    problems
}

/// Avoided phrases in front-matter values such as the title and the
/// description: `(key, value)` pairs. The caret stands under the phrase
/// where it is written after `key:` (the value may be quoted or folded).
pub fn check_front_matter(
    path: &Path,
    source: &str,
    body_start: usize,
    values: &[(&str, &str)],
    phrases: &[String],
) -> Vec<Diagnostic> {
    let front = &source[..body_start.min(source.len())];
    let mut problems = Vec::new();
    for (key, value) in values {
        let key_at = front
            .match_indices(&format!("{key}:"))
            .find(|(i, _)| *i == 0 || front.as_bytes()[i - 1] == b'\n')
            .map(|(i, _)| i);
        for phrase in phrases {
            for (start, len) in find_all(value, phrase, false) {
                let written = &value[start..start + len];
                let in_file = key_at.and_then(|at| {
                    find_all(&front[at..], written, false)
                        .into_iter()
                        .next()
                        .map(|(i, l)| (at + i, l))
                });
                problems.push(match (in_file, key_at) {
                    (Some((offset, len)), _) => problem(path, source, offset, len, phrase),
                    (None, at) => Diagnostic::error(
                        path,
                        format!("avoid the phrase \"{written}\" in patient text"),
                    )
                    .at_offset(source, at.unwrap_or(0))
                    .underline(key.len())
                    .hint(suggestion(phrase)),
                });
            }
        }
    }
    problems
}

/// Avoided phrases in a text of `file` (the self-assessment) that starts
/// on `line`: the phrase is looked for in the file from that line on, so
/// the caret stands under it.
pub fn check_text_at_line(
    path: &Path,
    file: &str,
    label: &str,
    text: &str,
    line: usize,
    phrases: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let from = line_offset(file, line);
    for phrase in phrases {
        for (start, len) in find_all(text, phrase, false) {
            let written = &text[start..start + len];
            let in_file = find_all(&file[from..], written, false)
                .into_iter()
                .next()
                .map(|(i, l)| (from + i, l));
            let diagnostic = match in_file {
                Some((offset, len)) => problem(path, file, offset, len, phrase),
                None => Diagnostic::error(
                    path,
                    format!("avoid the phrase \"{written}\" in patient text"),
                )
                .at(file, line, 1)
                .hint(suggestion(phrase)),
            };
            let mut diagnostic = diagnostic;
            diagnostic.message = format!("{} ({label})", diagnostic.message);
            problems.push(diagnostic);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_words_without_case() {
        assert_eq!(
            find_all("A Cure, cures and curettage.", "cure", false),
            [(2, 4)]
        );
        assert_eq!(find_all("It is 100% safe.", "100% safe", false), [(6, 9)]);
        assert_eq!(find_all("Two trials ran.", "trial", true), [(4, 6)]);
        assert!(find_all("secure", "cure", false).is_empty());
    }
}
