//! Loading a translation: parsing it, checking it against the source, and
//! building the questionnaire with its texts.

use std::path::Path;

use super::super::model::AssessmentFile;
use super::{
    Translated, TranslationFile, apply, apply_built_in, hash_as_written, key_position, problems,
};
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::questionnaire::{self as q, Assessment};

/// A problem the source's lines place (`outcomes`, item `id`, key `body`),
/// moved to the same key of the translation.
fn relocate(d: Diagnostic, source_text: &str, path: &Path, text: &str) -> Diagnostic {
    let lines: Vec<&str> = source_text.lines().collect();
    let here = d.line.saturating_sub(1).min(lines.len().saturating_sub(1));
    let key = lines
        .get(here)
        .map(|l| l.trim_start().trim_start_matches("- "))
        .and_then(|l| l.split(':').next())
        .unwrap_or("")
        .to_string();
    let id = lines[..=here.min(lines.len().saturating_sub(1))]
        .iter()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("- id: "))
        .map(|id| id.trim().to_string());
    let section = lines[..=here.min(lines.len().saturating_sub(1))]
        .iter()
        .rev()
        .find(|l| !l.starts_with([' ', '#', '-']) && l.ends_with(':'))
        .map(|l| l.trim_end_matches(':').to_string());
    let keys: Vec<&str> = match (&section, &id) {
        (Some(section), Some(id)) if key != "id" => vec![section, id, key.as_str()],
        (Some(section), Some(id)) => vec![section, id],
        _ => Vec::new(),
    };
    let (at, matched) = key_position(text, &keys);
    let mut moved = Diagnostic::error(path, d.message).at_offset(text, at);
    if let Some(last) = keys.get(matched.wrapping_sub(1)) {
        moved = moved.underline(last.chars().count());
    }
    moved.severity = d.severity;
    moved.code = d.code;
    moved.hint = d.hint;
    moved
}

/// Reads the translation at `path` (text `text`) of the source `source_text`,
/// checks it, and builds the questionnaire with its texts under `config`
/// (the language's own site values: crisis line, phone, regions). When the
/// source itself did not build (`source_built` false), only the texts are
/// checked: the logic's problems are the source's, reported once, there.
pub fn load(
    source_text: &str,
    path: &Path,
    text: &str,
    config: &SiteConfig,
    language: &str,
    source_built: bool,
) -> (Option<TranslationFile>, Result<Assessment, Vec<Diagnostic>>) {
    let t: TranslationFile = match crate::yaml::parse(path, text, text, 1) {
        Ok(t) => t,
        Err(d) => return (None, Err(vec![d])),
    };
    let source_path = Path::new(q::FILE);
    let Ok(mut file) =
        crate::yaml::parse::<AssessmentFile>(source_path, source_text, source_text, 1)
    else {
        // The source's own problems are reported where it is loaded.
        return (Some(t), Err(Vec::new()));
    };
    let of = t.translation_of.trim().trim_start_matches("content/");
    if of != "assessment.yaml" {
        let (at, _) = key_position(text, &["translation_of"]);
        let d = Diagnostic::error(
            path,
            format!("this translates `{of}`, but a self-assessment translation translates `assessment.yaml`"),
        )
        .at_offset(text, at)
        .hint("write `translation_of: assessment.yaml`");
        return (Some(t), Err(vec![d]));
    }
    let problems = problems(&file, source_text, path, text, &t, language);
    if !problems.is_empty() || !source_built {
        return (Some(t), Err(problems));
    }
    apply(&mut file, &t);
    let result = q::load_file(&file, source_text, config)
        .map(|mut a| {
            apply_built_in(&mut a, &file, &t);
            a
        })
        .map_err(|found| {
            // The texts are checked where they are built (a placeholder
            // such as `{phnoe}`), at the source's lines: point at the same
            // key in the translation instead.
            found
                .into_iter()
                .map(|d| relocate(d, source_text, path, text))
                .collect()
        });
    (Some(t), result)
}

/// The error on a translation of a self-assessment the site does not have.
pub fn without_source(file: &crate::content::SourceFile) -> Diagnostic {
    Diagnostic::error(
        &file.path,
        format!("this translates `{}`, which does not exist", q::FILE),
    )
    .at_text(&file.text, 0, "translation_of:", 1)
    .underline("translation_of".len())
    .hint(format!(
        "add {} (the questionnaire in the default language), or delete this file",
        q::FILE
    ))
}

/// The self-assessment in each language that translates it: its texts
/// checked against the source, and the questionnaire built with them and
/// the language's own site values. A translation's problems go to `problems`.
pub fn load_all(
    source: &crate::content::SourceFile,
    files: &[crate::content::SourceFile],
    config: &SiteConfig,
    languages: &[crate::i18n::Language],
    source_built: bool,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Translated> {
    let mut loaded = Vec::new();
    for file in files {
        let prefix = file
            .path
            .iter()
            .nth(1)
            .map(|p| p.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(language) = languages.iter().find(|l| l.prefix == prefix) else {
            continue;
        };
        let localized = crate::i18n::localized(config, language);
        let name = format!("{} ({})", language.name, language.code);
        let (parsed, result) = load(
            &source.text,
            &file.path,
            &file.text,
            &localized,
            &name,
            source_built,
        );
        let assessment = result.map_err(|p| problems.extend(p)).ok();
        let Some(parsed) = parsed else { continue };
        loaded.push(Translated {
            prefix,
            source: file.clone(),
            last_reviewed: parsed.last_reviewed,
            source_hash: parsed
                .source_hash
                .as_ref()
                .map(|_| hash_as_written(&file.text)),
            assessment,
            not_translated: parsed.not_translated,
        });
    }
    loaded
}
