//! Translations and their sources: each file under `content/<prefix>/`
//! names the file it translates (`translation_of: articles/safety.md`),
//! which must exist, be of the same kind, and have one translation per
//! language.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Document;
use crate::diagnostic::{Diagnostic, did_you_mean};

/// The source a translation names, as a path from the site root
/// (`content/articles/safety.md`), if it names one.
pub fn source_path(doc: &Document) -> Option<PathBuf> {
    doc.meta
        .translation_of
        .as_ref()
        .map(|of| Path::new("content").join(of.trim().trim_start_matches("content/")))
}

/// The source of each translation, by the translation's index; `None`
/// where it names none or a file that is not loaded.
pub fn sources<'a>(
    translations: &[Document],
    sources: &[&'a Document],
) -> Vec<Option<&'a Document>> {
    translations
        .iter()
        .map(|doc| {
            let path = source_path(doc)?;
            sources.iter().copied().find(|s| s.source.path == path)
        })
        .collect()
}

/// A translation without `translation_of`, one whose source does not
/// exist or is of another kind, and two translations of one source into
/// the same language: each an error on the translation.
pub fn problems(
    translations: &[Document],
    originals: &[&Document],
    (drafts, broken): (&[PathBuf], &[PathBuf]),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut first: HashMap<(String, PathBuf), &Document> = HashMap::new();
    let found = sources(translations, originals);
    for (doc, source) in translations.iter().zip(found) {
        let path = &doc.source.path;
        let text = &doc.source.text;
        let Some(of) = source_path(doc) else {
            problems.push(
                Diagnostic::error(path, "this translation does not say which page it translates")
                    .at_text(text, 0, "title:", 1)
                    .underline("title".len())
                    .hint("add `translation_of: articles/<file>.md` (the English file, as it stands under content/) to its front matter"),
            );
            continue;
        };
        let written = doc.meta.translation_of.as_deref().unwrap_or_default();
        let at_key = |message: String, hint: String| {
            Diagnostic::error(path, message)
                .at_text(text, 0, written, 1)
                .underline(written.chars().count())
                .hint(hint)
        };
        match source {
            None if drafts.contains(&of) || broken.contains(&of) => {}
            None => {
                let known: Vec<String> = originals
                    .iter()
                    .filter_map(|s| s.source.path.strip_prefix("content").ok())
                    .map(|p| p.display().to_string())
                    .collect();
                let hint = match did_you_mean(written, known.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "name the source as it stands under content/, like `articles/safety.md`".into(),
                };
                problems.push(at_key(
                    format!("this translates `{written}`, which does not exist"),
                    hint,
                ));
            }
            Some(source) if source.kind != doc.kind => problems.push(at_key(
                format!(
                    "this file is a translation of `{written}`, which is a page of another kind"
                ),
                "put the translation in the folder that mirrors its source's (content/es/articles/ for an article)".into(),
            )),
            Some(_) => {
                let lang = format!("{:?}", doc.lang());
                match first.get(&(lang.clone(), of.clone())) {
                    Some(earlier) => problems.push(at_key(
                        format!(
                            "`{}` and `{}` both translate `{written}`",
                            earlier.source.path.display(),
                            path.display()
                        ),
                        "keep one translation of a page per language: delete one, or point its `translation_of` at the page it really translates".into(),
                    )),
                    None => {
                        first.insert((lang, of), doc);
                    }
                }
            }
        }
    }
    problems
}
