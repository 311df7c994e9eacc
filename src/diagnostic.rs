//! Diagnostics: one problem in one file, with a position, the offending line,
//! a caret under it and a hint on how to fix it.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`] values and
//! keeps going, so that one run shows every mistake at once. The CLI sorts them
//! by file and prints them with [`render_all`].

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build (exit code 1).
    Error,
    /// Reported, but the build goes on (unless `--deny-warnings`).
    Warning,
}

/// What kind of problem a diagnostic reports, as a stable id for tools
/// (`pamphlet check --format json` shows it as `code`) and tests, so that
/// neither has to match the wording, which may improve.
///
/// The ids are `stage.problem`; an id, once published, keeps its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A quoted YAML value whose closing quote is missing.
    UnclosedQuote,
    /// A YAML `[` or `{` whose closing bracket is missing.
    UnclosedBracket,
    /// A tab in YAML indentation.
    Tab,
    /// Any other YAML syntax error.
    Syntax,
    /// Flow collections nested too deep.
    TooDeep,
    /// A key the file does not know.
    UnknownKey,
    /// A key the file requires is missing.
    MissingKey,
    /// A value of the wrong kind (text for a number, one value for a list).
    WrongType,
    /// A date that is not `YYYY-MM-DD` or not a real day.
    InvalidDate,
    /// site.yaml's `timezone` is not an IANA time-zone name.
    UnknownTimeZone,
    /// A Markdown file without front matter.
    NoFrontMatter,
    /// Front matter without its closing `---`.
    UnclosedFrontMatter,
    /// A published medical page without a reviewer or review date.
    Unreviewed,
    /// A `last_reviewed` date after today.
    FutureReview,
    /// A value that must not be empty (a title, site.yaml's phone).
    EmptyValue,
    /// A number outside the range it may take.
    OutOfRange,
    /// site.yaml's `base_url` is not a host's address.
    BaseUrl,
    /// A region listed twice in site.yaml.
    DuplicateRegion,
    /// `next_review` not after `last_reviewed`.
    ReviewOrder,
    /// A reference's `url` that is refused.
    ReferenceUrl,
    /// A reference id with signs a footnote cannot use.
    ReferenceId,
    /// Two references with one id.
    DuplicateReference,
    /// A tag without letters or digits.
    EmptyTag,
    /// A link to a page or file the site does not have.
    LinkMissing,
    /// A link to a draft, which is not published.
    LinkToDraft,
    /// A link to a heading id the page does not have.
    AnchorMissing,
    /// `translation_of` in a file of the default language.
    TranslationOfInDefault,
}

impl Code {
    /// The stable id, e.g. `yaml.unclosed-quote`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnclosedQuote => "yaml.unclosed-quote",
            Code::UnclosedBracket => "yaml.unclosed-bracket",
            Code::Tab => "yaml.tab",
            Code::Syntax => "yaml.syntax",
            Code::TooDeep => "yaml.too-deep",
            Code::UnknownKey => "yaml.unknown-key",
            Code::MissingKey => "yaml.missing-key",
            Code::WrongType => "yaml.wrong-type",
            Code::InvalidDate => "date.invalid",
            Code::UnknownTimeZone => "config.unknown-time-zone",
            Code::NoFrontMatter => "front-matter.missing",
            Code::UnclosedFrontMatter => "front-matter.unclosed",
            Code::Unreviewed => "front-matter.unreviewed",
            Code::FutureReview => "front-matter.future-review",
            Code::EmptyValue => "value.empty",
            Code::OutOfRange => "value.out-of-range",
            Code::BaseUrl => "config.base-url",
            Code::DuplicateRegion => "config.duplicate-region",
            Code::ReviewOrder => "front-matter.review-order",
            Code::ReferenceUrl => "front-matter.reference-url",
            Code::ReferenceId => "front-matter.reference-id",
            Code::DuplicateReference => "front-matter.duplicate-reference",
            Code::EmptyTag => "front-matter.empty-tag",
            Code::LinkMissing => "link.missing",
            Code::LinkToDraft => "link.draft",
            Code::AnchorMissing => "link.missing-anchor",
            Code::TranslationOfInDefault => "front-matter.translation-of-in-default",
        }
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the site's source files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem, for tools; `None` (JSON `null`) where no
    /// stable id has been given yet.
    pub code: Option<Code>,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// How many characters the caret underlines (at least 1 when shown).
    pub width: usize,
    /// The text of the offending line, shown under the header. A line longer
    /// than [`MAX_SHOWN_CHARS`] is cut to the part around the column, with
    /// `…` where text was left out.
    pub source_line: Option<String>,
    /// How many characters of the line were left out before `source_line`
    /// (0 when it starts at the start of the line), to place the caret.
    #[serde(skip)]
    pub line_skipped: usize,
    /// What is wrong, in the staff's vocabulary.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `path` with no position yet.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            path: path.into(),
            line: 0,
            column: 0,
            width: 1,
            source_line: None,
            line_skipped: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning in `path` with no position yet.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the problem at `line`:`column` (1-based) of `source`, the whole
    /// text of the file, and keeps that line to show under the message.
    pub fn at(self, source: &str, line: usize, column: usize) -> Self {
        // The line as `str::lines` counts them: none after a final line break.
        let start = match line {
            0 => None,
            1 => Some(0),
            n => memchr::memchr_iter(b'\n', source.as_bytes())
                .nth(n - 2)
                .map(|i| i + 1),
        };
        let text = start
            .filter(|&s| s < source.len())
            .map(|s| line_at(source, s));
        self.place(line, column, text)
    }

    fn place(mut self, line: usize, column: usize, text: Option<&str>) -> Self {
        self.line = line;
        self.column = column.max(1);
        (self.source_line, self.line_skipped) = match text {
            Some(text) => {
                let (excerpt, skipped) = excerpt(text, self.column);
                (Some(excerpt), skipped)
            }
            None => (None, 0),
        };
        self
    }

    /// Places the problem at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.place(line, column, Some(line_at(source, start)))
    }

    /// Places the problem at the first place `needle` stands literally in
    /// `source` (at or after byte `from`), underlining it; falls back to
    /// `fallback_line` when it is not there.
    pub fn at_text(self, source: &str, from: usize, needle: &str, fallback_line: usize) -> Self {
        match find_from(source, from, needle) {
            Some(offset) => self
                .at_offset(source, offset)
                .underline(needle.chars().count()),
            None if fallback_line > 0 => self.at(source, fallback_line, 1),
            None => self,
        }
    }

    /// Gives the problem its stable [`Code`].
    pub fn code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets how many characters the caret underlines.
    pub fn underline(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` as editors understand it.
    pub fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Renders the diagnostic the way rustc and just do:
    ///
    /// ```text
    /// error: unknown field `draftt` in the front matter
    ///   --> content/articles/sessions.md:5:1
    ///    |
    ///  5 | draftt: true
    ///    | ^^^^^^
    ///    = hint: did you mean `draft`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        writeln!(f, "{gutter}--> {}", self.location())?;
        if let (Some(text), true) = (&self.source_line, self.line > 0) {
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {}", self.line, text.replace('\t', "    "))?;
            // The caret stands under the column, counted in the excerpt
            // shown (after its `…` when the line's start was left out).
            let shown_column = match self.line_skipped {
                0 => self.column,
                skipped => self.column - skipped + 1,
            };
            let before: String = text.chars().take(shown_column.saturating_sub(1)).collect();
            let pad = before.replace('\t', "    ").chars().count();
            let content = text.trim_end_matches('…').chars().count();
            let available = content.saturating_sub(shown_column - 1).max(1);
            // A tab is shown as four spaces: underline all four, so that
            // a caret under a tab is not mistaken for one under a space.
            let carets: String = text
                .chars()
                .skip(shown_column.saturating_sub(1))
                .chain(std::iter::repeat(' '))
                .take(self.width.clamp(1, available))
                .map(|c| if c == '\t' { "^^^^" } else { "^" })
                .collect();
            writeln!(f, "{gutter} | {}{carets}", " ".repeat(pad))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{gutter} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The longest line shown whole under a message (a long paragraph); a
/// longer one (a minified file, a 1 MB line of YAML) is shown as
/// [`SHOWN_WINDOW`] characters around the caret.
pub const MAX_SHOWN_CHARS: usize = 500;

/// How many characters of an over-long line are shown around the caret.
pub const SHOWN_WINDOW: usize = 160;

/// The part of `line` shown for a problem at `column` (1-based, in
/// characters), and how many characters were left out before it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= MAX_SHOWN_CHARS {
        return (line.to_string(), 0);
    }
    // A quarter of the window before the caret, the rest for what it underlines.
    let start = column
        .saturating_sub(1 + SHOWN_WINDOW / 4)
        .min(count - SHOWN_WINDOW);
    let end = start + SHOWN_WINDOW;
    let mut shown = String::with_capacity(SHOWN_WINDOW * 4 + 6);
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(SHOWN_WINDOW));
    if end < count {
        shown.push('…');
    }
    (shown, start)
}

/// Sorts diagnostics by file, line and column, renders them all and ends with
/// a count, e.g. `error: the build failed with 2 errors and 1 warning`.
pub fn render_all(diagnostics: &mut [Diagnostic]) -> String {
    sort(diagnostics);
    let mut out = String::new();
    for diagnostic in diagnostics.iter() {
        let _ = writeln!(out, "{diagnostic}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let counts = match (errors, warnings) {
        (0, 0) => None,
        (e, 0) => Some(plural(e, "error")),
        (0, w) => Some(plural(w, "warning")),
        (e, w) => Some(format!(
            "{} and {}",
            plural(e, "error"),
            plural(w, "warning")
        )),
    };
    if let Some(counts) = counts {
        let label = if errors > 0 { "error" } else { "warning" };
        let _ = writeln!(out, "{label}: found {counts}");
    }
    out
}

/// Sorts diagnostics by file, then line, then column, then message, so output
/// is the same on every run whatever order the parallel stages found them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The line that starts at byte `start`, without its line break.
fn line_at(source: &str, start: usize) -> &str {
    let rest = &source[start.min(source.len())..];
    let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
    line.trim_end_matches('\r')
}

/// 1-based line and column (in characters) of a byte offset.
///
/// Line breaks are found with memchr's vector search, so that thousands of
/// problems in a 1 MB file are placed in a fraction of a second.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of the start of a 1-based line (the end of the text when the
/// line does not exist).
pub fn line_offset(source: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

fn find_from(source: &str, from: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let from = floor_char_boundary(source, from.min(source.len()));
    source[from..].find(needle).map(|i| i + from)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The known name closest to `word`, if one is close enough to be a typo.
///
/// The distance is the optimal string alignment distance (Damerau-Levenshtein
/// without repeated edits of one substring), from `strsim`: two swapped
/// letters (`titel`, `phnoe`) count as one edit, as a typist would see them.
/// Case is ignored. A name within a third of its length (at least one edit)
/// is close enough; of several, the closest, then the first in alphabetical
/// order, wins (never the order the candidates come in).
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    known
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&word_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| {
            let longest = word.chars().count().max(candidate.chars().count());
            *distance <= (longest / 3).max(1)
        })
        // Equally near names are told apart by the name itself, so the
        // suggestion never depends on the order candidates come in (a
        // HashMap's, say).
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// The number of edits (insert, delete, replace, or swap two neighbouring
/// letters) between `a` and `b`, counting characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// A path shown relative to `root` when it lies under it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_and_caret_under_the_column() {
        let source = "---\ntitle: Hi\ndraftt: true\n---\n";
        let d = Diagnostic::error("content/a.md", "unknown field `draftt`")
            .at(source, 3, 1)
            .underline(6)
            .hint("did you mean `draft`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `draftt`\n --> content/a.md:3:1\n  |\n3 | draftt: true\n  | ^^^^^^\n  = hint: did you mean `draft`?\n"
        );
    }

    #[test]
    fn every_code_has_its_own_dotted_id_in_json() {
        let mut seen = std::collections::HashSet::new();
        for code in [
            Code::UnclosedQuote,
            Code::UnclosedBracket,
            Code::Tab,
            Code::Syntax,
            Code::TooDeep,
            Code::UnknownKey,
            Code::MissingKey,
            Code::WrongType,
            Code::InvalidDate,
            Code::UnknownTimeZone,
            Code::NoFrontMatter,
            Code::UnclosedFrontMatter,
            Code::Unreviewed,
            Code::FutureReview,
            Code::EmptyValue,
            Code::OutOfRange,
            Code::BaseUrl,
            Code::DuplicateRegion,
            Code::ReviewOrder,
            Code::ReferenceUrl,
            Code::ReferenceId,
            Code::DuplicateReference,
            Code::EmptyTag,
            Code::LinkMissing,
            Code::LinkToDraft,
            Code::AnchorMissing,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            let (stage, problem) = code.as_str().split_once('.').unwrap();
            let word =
                |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            assert!(word(stage) && word(problem), "{code}");
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
        let d = Diagnostic::error("a.md", "bad").code(Code::Tab);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "yaml.tab");
        assert_eq!(
            serde_json::to_value(Diagnostic::error("a.md", "x")).unwrap()["code"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn finds_text_and_falls_back_to_a_line() {
        let source = "a: 1\nb: two\n";
        let d = Diagnostic::error("f.yaml", "bad").at_text(source, 0, "two", 1);
        assert_eq!((d.line, d.column, d.width), (2, 4, 3));
        let d = Diagnostic::error("f.yaml", "bad").at_text(source, 0, "zzz", 1);
        assert_eq!((d.line, d.column), (1, 1));
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["title", "description", "draft", "reviewed_by"];
        assert_eq!(did_you_mean("draftt", known), Some("draft"));
        assert_eq!(did_you_mean("reviewd_by", known), Some("reviewed_by"));
        assert_eq!(did_you_mean("colour", known), None);
    }

    #[test]
    fn swapped_letters_count_as_one_edit() {
        let keys = ["title", "description", "draft", "phone", "email"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("phnoe", keys), Some("phone"));
        assert_eq!(did_you_mean("Titel", keys), Some("title"));
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("phon", "phone"), 1);
        // Two swaps are two edits: too far for a five-letter word.
        assert_eq!(did_you_mean("itlte", keys), None);
    }

    #[test]
    fn sorts_by_file_then_line_and_counts() {
        let mut all = vec![
            Diagnostic::error("b.md", "two").at("x\ny\n", 2, 1),
            Diagnostic::warning("a.md", "one"),
            Diagnostic::error("b.md", "first").at("x\ny\n", 1, 1),
        ];
        let text = render_all(&mut all);
        let order: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["one", "first", "two"]);
        assert!(
            text.ends_with("error: found 2 errors and 1 warning\n"),
            "{text}"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_offset("a\nb\nc", 3), 4);
    }

    #[test]
    fn a_long_line_is_shown_around_the_caret() {
        let line = format!("{}BAD{}", "a".repeat(1_000_000), "b".repeat(1_000_000));
        let source = format!("x: 1\n{line}\n");
        let d = Diagnostic::error("f.yaml", "bad")
            .at(&source, 2, 1_000_001)
            .underline(3);
        let excerpt = format!("…{}BAD{}…", "a".repeat(40), "b".repeat(117));
        assert_eq!(
            d.to_string(),
            format!(
                "error: bad\n --> f.yaml:2:1000001\n  |\n2 | {excerpt}\n  | {}^^^\n",
                " ".repeat(41)
            )
        );
        let start = Diagnostic::error("f.yaml", "bad").at(&source, 2, 1);
        assert_eq!(
            start.source_line.as_deref(),
            Some(format!("{}…", "a".repeat(160)).as_str())
        );
        assert!(start.to_string().contains("\n  | ^\n"));
    }
}
