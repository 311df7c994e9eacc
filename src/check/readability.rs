//! Reading grade: the Flesch-Kincaid grade level of a page's prose.
//!
//! ```text
//! grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59
//! ```
//!
//! Words, sentences and syllables are counted the way textstat 0.7.3 (the
//! Python package the project also checks its pages with) counts them, so
//! the two agree closely:
//! - a word is a whitespace-separated token with a letter or digit once
//!   punctuation is removed (`well-known` is one word);
//! - a sentence ends at `.`, `!` or `?`, and a "sentence" of two words or
//!   fewer (`Dr.`, `2.`) is not counted as one (its words still are); each
//!   paragraph and list item ends a sentence;
//! - syllables: textstat asks a hyphenation dictionary, which finds fewer
//!   syllables than a dictionary of pronunciation would; [`syllables`]
//!   counts vowel groups with the usual silent-e, -le, -es and -ed rules and
//!   leaves out the one-letter syllables hyphenation never splits off.

use std::path::Path;

use crate::config::{Level, Policy};
use crate::diagnostic::{Diagnostic, Severity};

/// One sentence with its grade, for the "hardest sentences" list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sentence {
    /// The sentence as a reader sees it.
    pub text: String,
    /// Its own Flesch-Kincaid grade.
    pub grade: f64,
    /// Where it stands: a byte offset into the unit's source (see the caller).
    #[serde(skip)]
    pub offset: usize,
    /// 1-based line in its file, filled in by the caller.
    pub line: usize,
    /// What part of the file it belongs to, for the self-assessment
    /// (`question phq9_item9`); empty for Markdown pages.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// Word, sentence and syllable counts of some text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences of more than two words (at least 1 when there are words).
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
}

impl Counts {
    /// The Flesch-Kincaid grade, or `None` for text without words.
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 {
            return None;
        }
        let words = self.words as f64;
        let sentences = self.sentences.max(1) as f64;
        Some(0.39 * words / sentences + 11.8 * self.syllables as f64 / words - 15.59)
    }

    fn add(&mut self, other: Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }
}

/// The counts of a set of blocks (paragraphs, list items, answers), and
/// every sentence with its grade and byte offset within its block.
pub fn measure<'a>(blocks: impl IntoIterator<Item = &'a str>) -> (Counts, Vec<Vec<Sentence>>) {
    let mut total = Counts::default();
    let mut all = Vec::new();
    for block in blocks {
        let mut sentences = Vec::new();
        for (start, text) in split_sentences(block) {
            let words: Vec<&str> = text.split_whitespace().filter(|w| is_word(w)).collect();
            let counts = Counts {
                words: words.len(),
                sentences: usize::from(words.len() > 2),
                syllables: words.iter().map(|w| syllables(w)).sum(),
            };
            total.add(counts);
            if counts.sentences == 1 {
                sentences.push(Sentence {
                    text: text.trim().to_string(),
                    grade: counts.grade().unwrap_or(0.0),
                    offset: start + (text.len() - text.trim_start().len()),
                    line: 0,
                    label: String::new(),
                });
            }
        }
        all.push(sentences);
    }
    if total.words > 0 {
        total.sentences = total.sentences.max(1);
    }
    (total, all)
}

/// The sentences of a block, with their byte offsets: each ends after a
/// run of `.`, `!` or `?` (and any closing quote or bracket).
fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '.' | '!' | '?' | '"' | '\'' | ')' | '’' | '”') {
                    end = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push((start, &text[start..end]));
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, &text[start..]));
    }
    out
}

/// A token counts as a word when it has a letter or a digit.
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Syllables in one word, as hyphenation would count them (see the module
/// documentation). Numbers and other tokens without letters count as one.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphabetic())
        .collect();
    let n = w.len();
    if n <= 3 {
        return 1;
    }
    let vowel = |i: usize| -> bool {
        match w[i] {
            'a' | 'e' | 'i' | 'o' | 'u' => true,
            // `y` is a vowel after a consonant (`only`, `myth`), not at the start (`you`).
            'y' => i > 0 && !matches!(w[i - 1], 'a' | 'e' | 'i' | 'o' | 'u'),
            _ => false,
        }
    };
    let mut count: usize = 0;
    let mut previous = false;
    for i in 0..n {
        let v = vowel(i);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let ends = |s: &str| w.iter().rev().take(s.len()).rev().copied().eq(s.chars());
    let consonant_at = |i: usize| i < n && !vowel(i);
    if ends("e") && consonant_at(n - 2) && !(ends("le") && consonant_at(n - 3)) {
        // Silent e: `make`, `large`; but `table`, `simple` keep theirs.
        count = count.saturating_sub(1);
    } else if ends("es") && consonant_at(n - 3) {
        // `makes` (silent), but `changes`, `boxes`, `pieces`, `articles`
        // are a syllable.
        let before = w[n - 3];
        let sounded = matches!(before, 's' | 'x' | 'z' | 'c' | 'g')
            || (before == 'h' && matches!(w[n - 4], 'c' | 's'))
            || (before == 'l' && consonant_at(n - 4));
        if !sounded {
            count = count.saturating_sub(1);
        }
    } else if ends("ed") && consonant_at(n - 3) && !matches!(w[n - 3], 't' | 'd') {
        // `helped`, `called` (silent), but `wanted`, `needed` are a syllable.
        count = count.saturating_sub(1);
    }
    // A silent e before an ending: `safety`, `likely`, `careful`, `movement`.
    if let Some(suffix) = ["ly", "ty", "ful", "ment", "ness", "less"]
        .into_iter()
        .find(|s| ends(s))
    {
        let k = n - suffix.len();
        if k >= 3 && w[k - 1] == 'e' && consonant_at(k - 2) && vowel(k - 3) {
            count = count.saturating_sub(1);
        }
    }
    // Hyphenation never splits off one letter at the start (`a-bout`,
    // `o-pen`), so that syllable is not counted.
    if count > 1 && vowel(0) && consonant_at(1) && vowel(2) {
        count -= 1;
    }
    // Nor does it split short words before a final `-y` (`many`, `body`, `study`).
    if count > 1 && n <= 5 && !vowel(0) && ends("y") && consonant_at(n - 2) {
        count -= 1;
    }
    count.max(1)
}

/// The three hardest sentences, hardest first (first in the text on a tie).
pub(crate) fn hardest(sentences: &mut [Sentence]) -> Vec<Sentence> {
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by(|&a, &b| {
        sentences[b]
            .grade
            .total_cmp(&sentences[a].grade)
            .then(a.cmp(&b))
    });
    order
        .into_iter()
        .take(3)
        .map(|i| {
            let mut s = sentences[i].clone();
            s.grade = round1(s.grade);
            s
        })
        .collect()
}

/// Rounded to one decimal, as grades are shown.
pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A grade above the maximum is a warning; more than two grades above it,
/// an error (a warning when the site's readability severity is `warn`).
/// The problem stands at the hardest sentence, placed by `place`.
pub(crate) fn grade_problem(
    path: &Path,
    grade: f64,
    policy: &Policy,
    hardest: &[Sentence],
    place: impl Fn(&Sentence) -> Diagnostic,
) -> Option<Diagnostic> {
    let max = policy.max_grade;
    let grade = round1(grade);
    if grade <= max {
        return None;
    }
    let error = grade > max + 2.0 && policy.severity.readability == Level::Error;
    let mut diagnostic = match hardest.first() {
        Some(first) => place(first),
        None => Diagnostic::error(path, ""),
    };
    diagnostic.severity = if error {
        Severity::Error
    } else {
        Severity::Warning
    };
    diagnostic.message = format!(
        "the reading grade is {grade:.1}, above the site's maximum of {}",
        format_grade(max)
    );
    // The hardest sentences above the maximum (at least the hardest one).
    let list: Vec<String> = hardest
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || s.grade > max)
        .map(|(_, s)| {
            let label = if s.label.is_empty() {
                String::new()
            } else {
                format!("{}, ", s.label)
            };
            format!("{label}line {} (grade {:.1})", s.line, s.grade)
        })
        .collect();
    diagnostic.hint = Some(format!(
        "use shorter sentences and everyday words; the hardest {} at {}",
        if list.len() == 1 {
            "sentence is"
        } else {
            "sentences are"
        },
        join_and(&list)
    ));
    Some(diagnostic)
}

/// `8` rather than `8.0`, `8.5` as it is.
pub fn format_grade(grade: f64) -> String {
    if grade.fract() == 0.0 {
        format!("{grade:.0}")
    } else {
        format!("{grade}")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables_roughly_like_hyphenation() {
        for (word, expected) in [
            ("the", 1),
            ("make", 1),
            ("table", 2),
            ("session", 2),
            ("treatment", 2),
            ("ketamine", 3),
            ("helped", 1),
            ("wanted", 2),
            ("changes", 2),
            ("makes", 1),
            ("2026", 1),
            ("depression", 3),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn grade_of_simple_text() {
        let (counts, sentences) = measure(["The cat sat on the mat. It was a good day."]);
        assert_eq!(
            counts,
            Counts {
                words: 11,
                sentences: 2,
                syllables: 11
            }
        );
        assert!((counts.grade().unwrap() - (0.39 * 5.5 + 11.8 - 15.59)).abs() < 1e-9);
        assert_eq!(sentences[0].len(), 2);
        assert_eq!(sentences[0][1].text, "It was a good day.");
        assert_eq!(sentences[0][1].offset, 24);
    }

    #[test]
    fn short_fragments_are_not_sentences() {
        let (counts, _) = measure(["Dr. Ana Ruiz reviewed this page today."]);
        assert_eq!(counts.sentences, 1);
        assert_eq!(counts.words, 7);
    }
}
