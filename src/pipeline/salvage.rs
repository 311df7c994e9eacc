//! Salvaging a page whose front matter failed: its problems are already
//! reported, but its body and whatever of its front matter still parses
//! (title, draft, references) are kept, so [`super::load`] checks its links
//! and citations in the same run.

use std::path::Path;

use serde::Deserialize;

use crate::content::{self, Document, FrontMatter, Kind, Reference, SourceFile, slugify};
use crate::markdown;

/// The front-matter keys a salvaged page still needs: read without
/// `deny_unknown_fields` and without the other keys, so a misspelt key or a
/// bad date elsewhere does not lose them.
#[derive(Deserialize)]
struct Salvageable {
    #[serde(default)]
    title: String,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    references: Option<Vec<Reference>>,
}

/// What can still be read of a Markdown file whose front matter failed (its
/// problems are already reported), so its links and citations are checked
/// in the same run: the body, and the front matter as far as it parses.
/// `None` for a file that is not Markdown, could not be read, has no end to
/// its front matter (so no known body), or is a draft left out of the run.
///
/// `content::load` keeps no text of a file it could not parse, so the file
/// is read once more here; only broken files are, and only once per load.
pub(super) fn salvage(root: &Path, path: &Path, include_drafts: bool) -> Option<Document> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    let stem = |name: &str| name.strip_suffix(".md").map(slugify);
    let (kind, slug) = match parts.as_slice() {
        ["content", "faq.md"] => (Kind::Faq, "faq".to_string()),
        ["content", "articles", name] => (Kind::Article, stem(name)?),
        ["content", "pages", name] => (Kind::Page, stem(name)?),
        _ => return None,
    };
    let source = content::read_text(root, path).ok()?;
    salvage_source(source, kind, slug, include_drafts)
}

/// [`salvage`] once the file is read.
fn salvage_source(
    source: SourceFile,
    kind: Kind,
    slug: String,
    include_drafts: bool,
) -> Option<Document> {
    let text = &source.text;
    let path = &source.path;
    let (yaml, body_start) = match text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    {
        // No front matter at all: the whole file is the body.
        None => ("", 0),
        Some(after_open) => {
            let open = text.len() - after_open.len();
            let mut offset = 0;
            let mut close = None;
            for line in after_open.split_inclusive('\n') {
                if line.trim_end() == "---" {
                    close = Some((offset, offset + line.len()));
                    break;
                }
                offset += line.len();
            }
            let (yaml_len, body) = close?;
            (&after_open[..yaml_len], open + body)
        }
    };
    let partial: Option<Salvageable> = crate::yaml::parse(path, text, yaml, 2).ok();
    if partial.as_ref().is_some_and(|p| p.draft) && !include_drafts {
        return None;
    }
    let references = match partial.as_ref().and_then(|p| p.references.clone()) {
        Some(references) => references,
        // The reference list could not be read: take each `[^id]` as
        // citing a reference, rather than report every citation as unknown.
        None => cited_ids(&text[body_start..])
            .into_iter()
            .map(|id| Reference {
                id,
                title: String::new(),
                url: None,
                publisher: None,
                year: None,
            })
            .collect(),
    };
    let meta = FrontMatter {
        title: partial.map(|p| p.title).unwrap_or_default(),
        references,
        ..FrontMatter::default()
    };
    Some(Document {
        kind,
        slug,
        source,
        meta,
        body_start,
    })
}

/// The ids a Markdown body cites as `[^id]`, each once.
fn cited_ids(body: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for event in pulldown_cmark::Parser::new_ext(body, markdown::options()) {
        if let pulldown_cmark::Event::FootnoteReference(id) = event
            && !ids.iter().any(|known: &String| known == id.as_ref())
        {
            ids.push(id.to_string());
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn salvaged(text: &str) -> Option<Document> {
        let source = SourceFile {
            path: PathBuf::from("content/articles/a.md"),
            text: text.to_string(),
        };
        salvage_source(source, Kind::Article, "a".into(), false)
    }

    #[test]
    fn a_misspelt_key_keeps_the_title_and_the_references() {
        let doc = salvaged("---\ntitel: x\ntitle: A\nreferences:\n  - id: label\n    title: L\n---\nBody[^label]\n").unwrap();
        assert_eq!(doc.meta.title, "A");
        assert_eq!(doc.meta.references[0].title, "L");
        assert_eq!(doc.body(), "Body[^label]\n");
    }

    #[test]
    fn yaml_that_does_not_parse_takes_each_citation_as_written() {
        let doc = salvaged("---\ntitle: [A\n---\nOne[^x], two[^y], again[^x].\n").unwrap();
        let ids: Vec<&str> = doc.meta.references.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["x", "y"]);
        assert_eq!(doc.body(), "One[^x], two[^y], again[^x].\n");
    }

    #[test]
    fn without_front_matter_the_whole_file_is_the_body_and_unclosed_is_nothing() {
        assert_eq!(salvaged("Just text.\n").unwrap().body(), "Just text.\n");
        assert!(salvaged("---\ntitle: A\nBody\n").is_none());
    }

    #[test]
    fn a_draft_stays_out_unless_drafts_are_asked_for() {
        assert!(salvaged("---\ndraft: true\ntitel: A\n---\nBody\n").is_none());
    }
}
