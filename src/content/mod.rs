//! The content stage: walks `content/`, reads every Markdown file and parses
//! its front matter into a [`Document`].
//!
//! Layout of `content/`:
//! - `articles/*.md` — the articles (URL `/articles/<slug>/`);
//! - `faq.md` — the FAQ (URL `/faq/`), each `##` heading a question;
//! - `pages/*.md` — other pages such as about or privacy (URL `/<slug>/`);
//! - `assessment.yaml` — the self-assessment (read by [`crate::questionnaire`]);
//! - `<prefix>/` (`es/`) — the translations into another language of
//!   site.yaml's `languages:`, laid out as above; each names the file it
//!   translates (`translation_of: articles/safety.md`) and is published at
//!   that file's address under the prefix (`/es/articles/safety/`).

mod front_matter;
pub mod translations;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use front_matter::{FrontMatter, Reference, future_review, parse as parse_front_matter};

use crate::diagnostic::{Diagnostic, line_col};
pub use crate::routes::slug as slugify;
use crate::routes::{Lang, RESERVED_SLUGS, Route};

/// What kind of page a Markdown file becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/articles/<slug>.md`.
    Article,
    /// `content/faq.md`.
    Faq,
    /// `content/pages/<slug>.md`.
    Page,
}

/// A source file: its path relative to the site root, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, e.g. `content/articles/sessions.md`.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
}

/// One Markdown file with its parsed front matter.
#[derive(Debug, Clone)]
pub struct Document {
    /// Article, FAQ or page.
    pub kind: Kind,
    /// The last part of the URL, from the file name.
    pub slug: String,
    /// The file it came from.
    pub source: SourceFile,
    /// The parsed front matter.
    pub meta: FrontMatter,
    /// Byte offset in `source.text` where the Markdown body starts.
    pub body_start: usize,
}

impl Document {
    /// The Markdown body (everything after the front matter).
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }

    /// The route the page is published at.
    pub fn route(&self) -> Route {
        match self.kind {
            Kind::Article => Route::Article {
                slug: self.slug.clone(),
            },
            Kind::Faq => Route::Faq,
            Kind::Page => Route::Page {
                slug: self.slug.clone(),
            },
        }
    }

    /// The page's path on the site, e.g. `/articles/sessions/`, or
    /// `/es/articles/sessions/` for a translation.
    pub fn url_path(&self) -> String {
        self.route().url_in(self.lang())
    }

    /// The language the page is in: the default, or the prefix of the
    /// folder of translations it stands in (`content/es/...` → `es`).
    pub fn lang(&self) -> Lang<'_> {
        lang_of(&self.source.path)
    }

    /// Whether the page is a translation (it stands under `content/<prefix>/`).
    pub fn is_translation(&self) -> bool {
        self.lang() != Lang::Default
    }
}

/// The language a file under `content/` is in, from its folder.
pub fn lang_of(path: &Path) -> Lang<'_> {
    let mut parts = path.iter().filter_map(|p| p.to_str());
    match (parts.next(), parts.next(), parts.next()) {
        (Some("content"), Some(folder), Some(_)) if folder != "articles" && folder != "pages" => {
            Lang::Prefixed(folder)
        }
        _ => Lang::Default,
    }
}

/// Everything in `content/` except the self-assessment.
#[derive(Debug, Default)]
pub struct Content {
    /// The articles, in file-name order.
    pub articles: Vec<Document>,
    /// `content/faq.md`, if the site has one.
    pub faq: Option<Document>,
    /// The pages under `content/pages/`, in file-name order.
    pub pages: Vec<Document>,
    /// `content/assessment.yaml`, if the site has one.
    pub assessment: Option<SourceFile>,
    /// The translations (files under `content/<prefix>/`), in path order.
    pub translations: Vec<Document>,
    /// Translations of the self-assessment (`content/<prefix>/assessment.yaml`).
    pub assessment_translations: Vec<SourceFile>,
    /// Drafts left out of this build, so a link to one can say so.
    pub drafts: Vec<PathBuf>,
    /// Files that could not be read or parsed (their problems are reported),
    /// so links to them are not reported a second time.
    pub broken: Vec<PathBuf>,
}

/// Reads every file under `root/content`. Drafts are skipped unless
/// `include_drafts`; `prefixes` are the folders of translations (`es`).
/// Returns what could be read, and every problem found in any file, so
/// later stages can still check the rest.
///
/// `prefixes` is `None` when site.yaml could not be read, so its languages
/// are unknown: a file in a folder such as `content/es/` is then left out
/// without a message of its own, since site.yaml's error explains it.
pub fn load(
    root: &Path,
    include_drafts: bool,
    prefixes: Option<&[String]>,
) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut problems = Vec::new();
    if !content_dir.is_dir() {
        return (Content::default(), vec![
            Diagnostic::error("content", "there is no `content/` folder here").hint(format!(
                "run pamphlet in the site's folder, pass `--root DIR`, or create one with `pamphlet init {}`",
                root.display()
            )),
            ],
        );
    }
    let mut markdown_files = Vec::new();
    let mut assessment = None;
    let mut assessment_translations = Vec::new();
    let (files, found) = walk(root, "content");
    problems.extend(found);
    for relative in files {
        let placement = match lang_of(&relative) {
            Lang::Prefixed(_) if prefixes.is_none() && classify(&relative).is_none() => continue,
            Lang::Prefixed(prefix)
                if prefixes.is_some_and(|all| all.iter().any(|p| p == prefix)) =>
            {
                // A translation is placed as the file it mirrors would be.
                let mirrored: PathBuf = std::iter::once(std::ffi::OsStr::new("content"))
                    .chain(relative.iter().skip(2))
                    .collect();
                match classify(&mirrored) {
                    Some(Placement::Assessment) => Some(Placement::AssessmentTranslation),
                    other => other.filter(|p| matches!(p, Placement::Markdown(..))),
                }
            }
            _ => classify(&relative),
        };
        match placement {
            Some(Placement::Markdown(kind, slug)) => markdown_files.push((kind, slug, relative)),
            Some(Placement::Assessment) => match read_text(root, &relative) {
                Ok(source) => assessment = Some(source),
                Err(problem) => problems.push(problem),
            },
            Some(Placement::AssessmentTranslation) => match read_text(root, &relative) {
                Ok(source) => assessment_translations.push(source),
                Err(problem) => problems.push(problem),
            },
            None => problems.push(misplaced(&relative)),
        }
    }

    let parsed: Vec<(PathBuf, Result<Document, Vec<Diagnostic>>)> = markdown_files
        .into_par_iter()
        .map(|(kind, slug, path)| {
            let document = read_text(root, &path)
                .map_err(|d| vec![d])
                .and_then(|source| {
                    let (meta, body_start) = front_matter::parse(&source, kind)?;
                    // A translation is published at its source's address.
                    let slug = match (&meta.translation_of, lang_of(&path)) {
                        (Some(of), Lang::Prefixed(_)) => {
                            Route::from_source(&Path::new("content").join(of))
                                .and_then(|route| match route {
                                    Route::Article { slug } | Route::Page { slug } => Some(slug),
                                    _ => None,
                                })
                                .unwrap_or(slug)
                        }
                        _ => slug,
                    };
                    Ok(Document {
                        kind,
                        slug,
                        source,
                        meta,
                        body_start,
                    })
                });
            (path, document)
        })
        .collect();

    let mut content = Content {
        assessment,
        assessment_translations,
        ..Content::default()
    };
    for (path, result) in parsed {
        match result {
            Ok(doc) if doc.meta.draft && !include_drafts => content.drafts.push(doc.source.path),
            Ok(doc) if doc.is_translation() => content.translations.push(doc),
            Ok(doc) => match doc.kind {
                Kind::Article => content.articles.push(doc),
                Kind::Faq => content.faq = Some(doc),
                Kind::Page => content.pages.push(doc),
            },
            Err(list) => {
                problems.extend(list);
                content.broken.push(path);
            }
        }
    }
    problems.extend(duplicate_slugs(&content.articles));
    problems.extend(duplicate_slugs(&content.pages));
    (content, problems)
}

enum Placement {
    Markdown(Kind, String),
    Assessment,
    AssessmentTranslation,
}

/// The files under `root/folder`, as paths relative to `root`, in name
/// order. Hidden files are skipped. Symbolic links are followed only while
/// they stay inside the site, so nothing outside it is ever published.
pub fn walk(root: &Path, folder: &str) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(root.join(folder))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map_or_else(
                    || PathBuf::from(folder),
                    |p| p.strip_prefix(root).unwrap_or(p).to_path_buf(),
                );
                problems.push(Diagnostic::error(
                    path,
                    format!("could not read this: {error}"),
                ));
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let inside = !entry.path_is_symlink()
            || entry
                .path()
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&canonical_root));
        if !inside {
            problems.push(
                Diagnostic::error(&relative, "this link points outside the site's folder")
                    .hint("copy the file into the site instead of linking to it"),
            );
        } else if entry.file_type().is_file() {
            files.push(relative);
        }
    }
    (files, problems)
}

/// Where a file under `content/` belongs, from its path alone; the slug
/// (`Maintenance Sessions.md` → `maintenance-sessions`) comes from
/// [`Route::from_source`], as every link to the file does.
fn classify(relative: &Path) -> Option<Placement> {
    match Route::from_source(relative)? {
        Route::Faq => Some(Placement::Markdown(Kind::Faq, "faq".into())),
        Route::Assessment => Some(Placement::Assessment),
        Route::Article { slug } => Some(Placement::Markdown(Kind::Article, slug)),
        Route::Page { slug } => Some(Placement::Markdown(Kind::Page, slug)),
        _ => None,
    }
}

fn misplaced(relative: &Path) -> Diagnostic {
    Diagnostic::error(
        relative,
        "pamphlet does not know what to publish this file as",
    )
    .hint(
        "articles go in content/articles/*.md, pages in content/pages/*.md, \
         the FAQ is content/faq.md and the self-assessment content/assessment.yaml; \
         images and other files go in static/",
    )
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// The largest source file pamphlet reads (site.yaml, a Markdown file, the
/// self-assessment): 1 MiB, some 150,000 words, far above any real page,
/// and small enough that every check on it stays well under a second.
pub const MAX_SOURCE_BYTES: u64 = 1024 * 1024;

/// Reads a file as UTF-8 text, pointing at the first bad byte otherwise.
/// Files over [`MAX_SOURCE_BYTES`] are refused before they are read.
pub fn read_text(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
    let unreadable =
        |e: std::io::Error| Diagnostic::error(relative, format!("could not read the file: {e}"));
    // Read at most one byte more than the limit, so that a file growing
    // while it is read cannot take more memory either.
    let mut bytes = Vec::new();
    let file = std::fs::File::open(root.join(relative)).map_err(unreadable)?;
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_SOURCE_BYTES + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        let size = std::fs::metadata(root.join(relative)).map_or(bytes.len() as u64, |m| m.len());
        return Err(Diagnostic::error(
            relative,
            format!(
                "this file is {} KB, more than pamphlet reads ({} KB)",
                size.div_ceil(1024),
                MAX_SOURCE_BYTES / 1024
            ),
        )
        .hint("split it into several files; pictures, PDFs and other large files go in static/"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            path: relative.to_path_buf(),
            text: text
                .strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text),
        }),
        Err(error) => {
            let valid_up_to = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let text = String::from_utf8_lossy(&bytes);
            let (line, column) =
                line_col(&String::from_utf8_lossy(&bytes[..valid_up_to]), valid_up_to);
            Err(Diagnostic::error(relative, "this file is not UTF-8 text")
                .at(&text, line, column)
                .hint("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"))
        }
    }
}

/// Two files that would publish at the same URL.
fn duplicate_slugs(documents: &[Document]) -> Vec<Diagnostic> {
    let mut first_by_slug: HashMap<String, &Document> = HashMap::new();
    let mut problems = Vec::new();
    for doc in documents {
        let key = doc.slug.to_lowercase();
        if doc.kind == Kind::Page && RESERVED_SLUGS.contains(&key.as_str()) {
            problems.push(
                Diagnostic::error(
                    &doc.source.path,
                    format!(
                        "the page name `{}` is taken by pamphlet's own pages",
                        doc.slug
                    ),
                )
                .hint("rename the file; /articles/, /tags/, /faq/ and /assessment/ are built in"),
            );
        }
        if doc.slug.is_empty() {
            problems.push(
                Diagnostic::error(
                    &doc.source.path,
                    "this file name has no letters or digits to make a web address from",
                )
                .hint("name it after its title, like `maintenance-sessions.md`"),
            );
        }
        match first_by_slug.get(&key) {
            Some(first) => problems.push(
                Diagnostic::error(
                    &doc.source.path,
                    format!(
                        "`{}` and `{}` would both be published at {}",
                        first.source.path.display(),
                        doc.source.path.display(),
                        doc.url_path()
                    ),
                )
                .hint("rename one of the two files"),
            ),
            None => {
                first_by_slug.insert(key, doc);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_files_by_path() {
        assert!(
            matches!(classify(Path::new("content/articles/a.md")), Some(Placement::Markdown(Kind::Article, s)) if s == "a")
        );
        assert!(matches!(
            classify(Path::new("content/faq.md")),
            Some(Placement::Markdown(Kind::Faq, _))
        ));
        assert!(matches!(
            classify(Path::new("content/assessment.yaml")),
            Some(Placement::Assessment)
        ));
        assert!(classify(Path::new("content/articles/a.txt")).is_none());
        assert!(classify(Path::new("content/notes/a.md")).is_none());
    }
}
