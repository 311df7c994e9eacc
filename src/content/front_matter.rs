//! Front matter: the YAML block between `---` lines at the top of a Markdown
//! file, and the rules a published medical page must meet.

use serde::{Deserialize, Serialize};

use super::{Kind, SourceFile};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::url_policy::{self, UrlKind};
use crate::yaml;

/// The front matter of an article, the FAQ or a page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title (its `<h1>`).
    pub title: String,
    /// One or two sentences for lists, search engines and link previews.
    pub description: String,
    /// When it was first published.
    #[serde(default)]
    pub date: Option<Date>,
    /// When its text last changed.
    #[serde(default)]
    pub updated: Option<Date>,
    /// Topics; each gets a page listing its articles.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Order in lists: lower comes first; then by date, newest first.
    #[serde(default)]
    pub weight: Option<i64>,
    /// A draft is not published (unless `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// Who medically reviewed the text, e.g. `Dr. Ana Ruiz, MD`.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// When it was last reviewed.
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    /// When the next review is due.
    #[serde(default)]
    pub next_review: Option<Date>,
    /// The sources the text cites with `[^id]`.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// For a translation (a file under `content/<prefix>/`): the file it
    /// translates, relative to `content/` (`articles/safety.md`).
    #[serde(default)]
    pub translation_of: Option<String>,
}

/// A source cited by an article.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The name a footnote uses to cite it: `[^apa2017]`.
    pub id: String,
    /// The title of the paper, label or page.
    pub title: String,
    /// Where a reader can find it.
    #[serde(default)]
    pub url: Option<String>,
    /// The journal, agency or organisation.
    #[serde(default)]
    pub publisher: Option<String>,
    /// The year it was published.
    #[serde(default)]
    pub year: Option<u32>,
}

/// Splits `source` into front matter and body and parses the front matter.
/// Returns the front matter and the byte offset where the body starts.
pub fn parse(source: &SourceFile, kind: Kind) -> Result<(FrontMatter, usize), Vec<Diagnostic>> {
    let text = &source.text;
    let path = &source.path;
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(vec![
            Diagnostic::error(path, "the file does not start with front matter")
                .code(Code::NoFrontMatter)
                .at(text, 1, 1)
                .hint("begin the file with a line `---`, then `title: ...` and `description: ...`, then another `---`"),
        ]);
    };
    let yaml_start = text.len() - after_open.len();
    let Some((yaml_len, body_start)) = closing_fence(after_open) else {
        return Err(vec![
            Diagnostic::error(path, "the front matter is never closed")
                .code(Code::UnclosedFrontMatter)
                .at(text, 1, 1)
                .underline(3)
                .hint("add a line `---` after the last front-matter line, before the text"),
        ]);
    };
    let yaml_text = &after_open[..yaml_len];
    let meta: FrontMatter = yaml::parse(path, text, yaml_text, 2).map_err(|d| vec![d])?;
    let problems = rules(source, kind, &meta);
    if problems.is_empty() {
        Ok((meta, yaml_start + body_start))
    } else {
        Err(problems)
    }
}

/// The length of the YAML block and where the body starts, both relative to
/// the text after the opening `---` line.
fn closing_fence(after_open: &str) -> Option<(usize, usize)> {
    if let Some(rest) = after_open.strip_prefix("---") {
        let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        if rest[..line_end].trim().is_empty() {
            return Some((0, 3 + line_end));
        }
    }
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" && offset > line.len() {
            let yaml_len = offset - line.len();
            return Some((yaml_len, offset));
        }
    }
    None
}

/// What YAML types cannot say: required review fields, sane dates, ids.
fn rules(source: &SourceFile, kind: Kind, meta: &FrontMatter) -> Vec<Diagnostic> {
    let text = &source.text;
    let path = &source.path;
    let mut problems = Vec::new();
    let key_error = |code: Code, key: &str, message: String, hint: &str| {
        Diagnostic::error(path, message)
            .code(code)
            .at_text(text, 0, &format!("{key}:"), 1)
            .underline(key.len())
            .hint(hint)
    };
    for (key, value) in [("title", &meta.title), ("description", &meta.description)] {
        if value.trim().is_empty() && !meta.draft {
            problems.push(key_error(
                Code::EmptyValue,
                key,
                format!("`{key}` is empty"),
                "every page needs one: it is shown in lists and search results",
            ));
        }
    }
    if meta.translation_of.is_some() && super::lang_of(path) == crate::routes::Lang::Default {
        problems.push(key_error(
            Code::TranslationOfInDefault,
            "translation_of",
            "`translation_of` is only for a translation, and this file is in the default language"
                .into(),
            "move the file into its language's folder (content/es/...), or remove `translation_of`",
        ));
    }
    let medical = matches!(kind, Kind::Article | Kind::Faq);
    if medical && !meta.draft {
        let missing = meta.missing_review();
        if !missing.is_empty() {
            problems.push(
                Diagnostic::error(
                    path,
                    format!("this page is published but has no {}: unreviewed medical text is never published", missing.join(" and ")),
                )
                .code(Code::Unreviewed)
                .at(text, 1, 1)
                .underline(3)
                .hint("add `reviewed_by: Dr. ...` and `last_reviewed: YYYY-MM-DD` once a clinician has reviewed it, or keep `draft: true` until then"),
            );
        }
    }
    if let (Some(last), Some(next)) = (meta.last_reviewed, meta.next_review)
        && next <= last
    {
        problems.push(key_error(
            Code::ReviewOrder,
            "next_review",
            format!("`next_review` ({next}) is not after `last_reviewed` ({last})"),
            "the next review must come after the last one",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for reference in &meta.references {
        if let Some(url) = &reference.url {
            let what = format!(
                "the url `{}` of the reference `{}`",
                url_policy::shown(url),
                reference.id
            );
            let refused = match url_policy::classify(url) {
                Err(refusal) => Some((refusal.message(&what), refusal.hint())),
                Ok(UrlKind::Relative) if !url.starts_with('/') => Some((
                    format!("{what} must be a web address or a path from the site's root"),
                    "write the source's address (`https://...`), or `/file.pdf` for a file in static/",
                )),
                Ok(UrlKind::Relative | UrlKind::Web | UrlKind::Mail | UrlKind::Phone) => None,
            };
            if let Some((message, hint)) = refused {
                let at = text.find(&format!("id: {}", reference.id)).unwrap_or(0);
                let line = crate::diagnostic::line_col(text, at).0;
                problems.push(
                    Diagnostic::error(path, message)
                        .code(Code::ReferenceUrl)
                        .at_text(text, at, url, line)
                        .hint(hint),
                );
            }
        }
        let valid = !reference.id.is_empty()
            && reference
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "the reference id `{}` may only use letters, digits, `-` and `_`",
                        reference.id
                    ),
                )
                .code(Code::ReferenceId)
                .at_text(text, 0, &reference.id, 1)
                .hint("footnotes cite it as `[^id]`, so keep it short, like `apa2017`"),
            );
        }
        if !seen.insert(reference.id.as_str()) {
            let first = text
                .find(&format!("id: {}", reference.id))
                .map_or(0, |i| i + 1);
            problems.push(
                Diagnostic::error(
                    path,
                    format!("two references have the id `{}`", reference.id),
                )
                .code(Code::DuplicateReference)
                .at_text(text, first, &format!("id: {}", reference.id), 1)
                .hint("give each reference its own id"),
            );
        }
    }
    for tag in &meta.tags {
        if crate::content::slugify(tag).is_empty() {
            problems.push(
                Diagnostic::error(path, format!("the tag `{tag}` has no letters or digits"))
                    .code(Code::EmptyTag)
                    .at_text(text, 0, tag, 1)
                    .hint("tags become web addresses like /tags/maintenance/"),
            );
        }
    }
    problems
}

/// A `last_reviewed` after `today`: a page must not look reviewed before it
/// is. Build compares with today in the clinic's time zone (site.yaml's
/// `timezone`), `pamphlet check` with that or `--today`.
pub fn future_review(source: &SourceFile, meta: &FrontMatter, today: Date) -> Option<Diagnostic> {
    let last = meta.last_reviewed.filter(|last| *last > today)?;
    Some(
        Diagnostic::error(
            &source.path,
            format!("`last_reviewed` ({last}) is a date in the future"),
        )
        .code(Code::FutureReview)
        .at_text(&source.text, 0, "last_reviewed:", 1)
        .underline("last_reviewed".len())
        .hint("write the date a clinician actually reviewed the text: a date still to come would show the page as reviewed before it is"),
    )
}

impl FrontMatter {
    /// The review keys a published medical page needs and this one lacks:
    /// `reviewed_by` (blank counts as missing) and `last_reviewed`.
    pub fn missing_review(&self) -> Vec<&'static str> {
        let no_reviewer = self
            .reviewed_by
            .as_deref()
            .is_none_or(|r| r.trim().is_empty());
        [
            ("reviewed_by", no_reviewer),
            ("last_reviewed", self.last_reviewed.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("content/articles/a.md"),
            text: text.into(),
        }
    }

    #[test]
    fn splits_front_matter_from_body() {
        let file = source("---\ntitle: A\ndescription: B\ndraft: true\n---\n# Body\n");
        let (meta, start) = parse(&file, Kind::Article).unwrap();
        assert_eq!(meta.title, "A");
        assert_eq!(&file.text[start..], "# Body\n");
    }

    #[test]
    fn unreviewed_article_is_refused() {
        let file = source("---\ntitle: A\ndescription: B\n---\nBody\n");
        let problems = parse(&file, Kind::Article).unwrap_err();
        assert_eq!(
            problems[0].message,
            "this page is published but has no reviewed_by and last_reviewed: unreviewed medical text is never published"
        );
    }

    #[test]
    fn bad_date_points_at_its_line() {
        let file =
            source("---\ntitle: A\ndescription: B\ndraft: true\nlast_reviewed: 2026-02-30\n---\n");
        let problems = parse(&file, Kind::Article).unwrap_err();
        assert_eq!(problems[0].line, 5);
        assert!(
            problems[0].message.contains("`2026-02-30` is not a date"),
            "{}",
            problems[0].message
        );
    }
}
