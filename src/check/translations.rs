//! Translations in `pamphlet check`: a translation reviewed before its
//! source last changed (stale), a page with no translation into a language
//! that asks for them, and the reading ease of Spanish text.
//!
//! Spanish is measured with the Fernández Huerta reading ease (1959), the
//! Spanish adaptation of Flesch's formula:
//!
//! ```text
//! ease = 206.84 − 0.60 × P − 1.02 × F
//! ```
//!
//! where P is syllables per 100 words and F sentences per 100 words; 0 is
//! very hard, 100 very easy, 60–70 "normal" text for a general reader.
//! Syllables are counted by Spanish rules ([`spanish_syllables`]).

use crate::content::{Document, Kind};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::i18n::Language;
use crate::routes::Lang;
use crate::site::Page;

/// When a page last changed in a way a translation must follow: its last
/// review or its `updated` date, whichever is later.
fn changed(doc: &Document) -> Option<Date> {
    [doc.meta.last_reviewed, doc.meta.updated]
        .into_iter()
        .flatten()
        .max()
}

/// Each translation whose own review (`last_reviewed`, or `updated` for a
/// page without one) is older than its source's last review or change:
/// an error at the translation's `last_reviewed` line, naming the source
/// and its date.
pub fn stale(translations: &[Page], sources: &[&Page]) -> Vec<Diagnostic> {
    let docs: Vec<&Document> = sources.iter().map(|p| &p.doc).collect();
    let own: Vec<Document> = translations.iter().map(|p| p.doc.clone()).collect();
    let found = crate::content::translations::sources(&own, &docs);
    let mut problems = Vec::new();
    for (translation, source) in translations.iter().zip(found) {
        let (Some(source), doc) = (source, &translation.doc) else {
            continue;
        };
        let Some(source_date) = changed(source) else {
            continue;
        };
        let (key, own_date) = match (doc.meta.last_reviewed, doc.meta.updated) {
            (Some(date), _) => ("last_reviewed", date),
            (None, Some(date)) => ("updated", date),
            (None, None) => continue,
        };
        if own_date >= source_date {
            continue;
        }
        let source_path = source.source.path.display();
        problems.push(
            Diagnostic::error(
                &doc.source.path,
                format!(
                    "this translation is out of date: it was reviewed on {own_date}, and its source `{source_path}` changed on {source_date}"
                ),
            )
            .at_text(&doc.source.text, 0, &format!("{key}:"), 1)
            .underline(key.len())
            .hint(format!(
                "compare it with {source_path} (reviewed or updated {source_date}), bring the translation up to date, have it reviewed and set its `{key}`"
            )),
        );
    }
    problems
}

/// Each translation of the self-assessment that was reviewed against
/// another version of `content/assessment.yaml` (its `source_hash` is not
/// the source's content hash now), or before the source's last review: an
/// error at the translation's `source_hash` (or `last_reviewed`) line,
/// with the hash to write once the texts are brought up to date.
pub fn stale_assessment(
    translations: &[crate::questionnaire::translation::Translated],
    source: &crate::content::SourceFile,
) -> Vec<Diagnostic> {
    use crate::questionnaire::signoff::{SignOff, content_hash};
    let current = content_hash(&source.text);
    let source_path = source.path.display();
    let source_date = SignOff::read(&source.text).and_then(|s| s.last_reviewed);
    let mut problems = Vec::new();
    for t in translations {
        let path = &t.source.path;
        let text = &t.source.text;
        let hint = |what: &str| {
            format!(
                "compare the texts with {source_path} ({what}), bring the translation up to date, have it reviewed, then set `last_reviewed` and `source_hash: {current}`"
            )
        };
        let problem = match (&t.source_hash, t.last_reviewed, source_date) {
            (None, _, _) => Diagnostic::error(
                path,
                format!("this translation does not say which version of `{source_path}` it was reviewed against"),
            )
            .at_text(text, 0, "translation_of:", 1)
            .underline("translation_of".len())
            .hint(format!(
                "once it is reviewed against the current {source_path}, add `source_hash: {current}`"
            )),
            (Some(hash), _, _) if *hash != current => Diagnostic::error(
                path,
                format!(
                    "this translation is out of date: it was reviewed against version `{hash}` of `{source_path}`, which has changed since (it is now `{current}`)"
                ),
            )
            .at_text(text, 0, "source_hash:", 1)
            .underline("source_hash".len())
            .hint(hint("`git log -p` shows what changed")),
            (Some(_), Some(own), Some(changed)) if own < changed => Diagnostic::error(
                path,
                format!(
                    "this translation is out of date: it was reviewed on {own}, and its source `{source_path}` was reviewed on {changed}"
                ),
            )
            .at_text(text, 0, "last_reviewed:", 1)
            .underline("last_reviewed".len())
            .hint(hint(&format!("reviewed {changed}"))),
            _ => continue,
        };
        problems.push(problem);
    }
    problems
}

/// A warning on each page of the default language that has no
/// translation into a language with `warn_untranslated` on.
pub fn untranslated(
    languages: &[Language],
    translations: &[Page],
    sources: &[&Page],
) -> Vec<Diagnostic> {
    let docs: Vec<&Document> = sources.iter().map(|p| &p.doc).collect();
    let own: Vec<Document> = translations.iter().map(|p| p.doc.clone()).collect();
    let found = crate::content::translations::sources(&own, &docs);
    let mut problems = Vec::new();
    for language in languages.iter().skip(1).filter(|l| l.warn_untranslated) {
        let prefix = language.prefix.as_str();
        for source in &docs {
            let translated = own.iter().zip(&found).any(|(t, s)| {
                t.lang() == Lang::Prefixed(prefix) && s.is_some_and(|s| std::ptr::eq(s, *source))
            });
            if translated {
                continue;
            }
            let relative = source
                .source
                .path
                .strip_prefix("content")
                .unwrap_or(&source.source.path)
                .display()
                .to_string();
            problems.push(
                Diagnostic::warning(
                    &source.source.path,
                    format!(
                        "this page has no translation into {} ({})",
                        language.name, language.code
                    ),
                )
                .hint(format!(
                    "add content/{prefix}/{relative} with `translation_of: {relative}`, or set `warn_untranslated: false` on this language in site.yaml"
                )),
            );
        }
    }
    problems
}

/// The reading ease of a Spanish self-assessment's texts (questions,
/// hints, outcomes, notes) against the language's floor: a warning at the
/// translation's `title` line when it is below `min`.
pub fn spanish_assessment_readability(
    t: &crate::questionnaire::translation::Translated,
    min: f64,
) -> Option<Diagnostic> {
    let assessment = t.assessment.as_ref()?;
    let prose: Vec<String> = assessment
        .prose()
        .into_iter()
        .filter(|(what, _, _)| {
            // A question kept in the source language is not Spanish.
            !t.not_translated.iter().any(|id| {
                what == &format!("question `{id}`") || what == &format!("hint of question `{id}`")
            })
        })
        .map(|(_, text, _)| text)
        .collect();
    let blocks: Vec<&str> = prose.iter().map(String::as_str).collect();
    let ease = spanish_ease(&blocks)?;
    if ease >= min {
        return None;
    }
    Some(
        Diagnostic::error(
            &t.source.path,
            format!(
                "the reading ease (Fernández Huerta) of the self-assessment's texts is {ease:.1}, below the site's minimum of {min} for this language"
            ),
        )
        .at_text(&t.source.text, 0, "title:", 1)
        .underline("title".len())
        .hint("use shorter sentences and everyday words (palabras cortas y frases cortas)"),
    )
}

/// The Fernández Huerta reading ease of these blocks of Spanish prose,
/// rounded to one decimal as it is shown; `None` without words.
fn spanish_ease(blocks: &[&str]) -> Option<f64> {
    let (counts, _) = super::readability::measure(blocks.iter().copied());
    let syllables: usize = blocks
        .iter()
        .flat_map(|b| b.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(spanish_syllables)
        .sum();
    let ease = fernandez_huerta(counts.words, counts.sentences, syllables)?;
    Some((ease * 10.0).round() / 10.0)
}

/// The Fernández Huerta reading ease of some text, or `None` without words.
pub fn fernandez_huerta(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    if words == 0 {
        return None;
    }
    let per_100 = 100.0 / words as f64;
    let p = syllables as f64 * per_100;
    let f = sentences.max(1) as f64 * per_100;
    Some(206.84 - 0.60 * p - 1.02 * f)
}

/// Syllables of a Spanish word: one per vowel group, where two strong
/// vowels (a, e, o, or an accented í, ú) side by side are two syllables
/// (`le-er`, `dí-a`) and a weak vowel (i, u, ü) beside another forms one
/// (`cie-lo`, `cui-dar`). At least 1 for a word with letters.
pub fn spanish_syllables(word: &str) -> usize {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú');
    let vowel = |c: char| strong(c) || matches!(c, 'i' | 'u' | 'ü');
    let mut count = 0;
    let mut previous: Option<char> = None;
    for c in word.chars().flat_map(char::to_lowercase) {
        if vowel(c) {
            match previous {
                Some(p) if !(strong(p) && strong(c)) => {}
                _ => count += 1,
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    count.max(usize::from(word.chars().any(char::is_alphanumeric)))
}

/// The reading ease of a Spanish page against the language's floor: a
/// warning (the caller applies the site's readability severity) at the
/// page's first line of prose when it is below `min`.
pub fn spanish_readability(page: &Page, min: f64) -> Option<Diagnostic> {
    if !matches!(page.doc.kind, Kind::Article | Kind::Faq) {
        return None;
    }
    let blocks: Vec<&str> = page
        .rendered
        .scan
        .prose
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    let ease = spanish_ease(&blocks)?;
    if ease >= min {
        return None;
    }
    let doc = &page.doc;
    let offset = page
        .rendered
        .scan
        .prose
        .first()
        .map_or(doc.body_start, |b| b.source_offset(0));
    Some(
        Diagnostic::error(
            &doc.source.path,
            format!(
                "the reading ease (Fernández Huerta) is {ease:.1}, below the site's minimum of {min} for this language"
            ),
        )
        .at_offset(&doc.source.text, offset)
        .hint("use shorter sentences and everyday words (palabras cortas y frases cortas)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_syllables_follow_diphthongs_and_hiatus() {
        for (word, n) in [
            ("casa", 2),
            ("tratamiento", 4),
            ("día", 2),
            ("leer", 2),
            ("cuidado", 3),
            ("ciudad", 2),
            ("que", 1),
            ("y", 1),
            ("información", 4),
            ("depresión", 3),
            ("ketamina", 4),
        ] {
            assert_eq!(spanish_syllables(word), n, "{word}");
        }
    }

    #[test]
    fn the_formula_is_fernandez_huertas() {
        // 100 words, 200 syllables, 10 sentences: 206.84 − 120 − 10.2.
        let ease = fernandez_huerta(100, 10, 200).unwrap();
        assert!((ease - 76.64).abs() < 1e-9);
        assert_eq!(fernandez_huerta(0, 0, 0), None);
    }
}
