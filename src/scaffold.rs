//! `pamphlet init`, `pamphlet new` and `pamphlet customize`: files staff
//! start from.
//!
//! These are the only writes outside the [`crate::output`] stage; they create
//! new source files and never overwrite one.

use std::path::{Path, PathBuf};

use crate::content::slugify;
use crate::date::Date;
use crate::theme::{DEFAULT_SITE, NOTE_FILE};

/// The note left in a new site's `templates/` folder.
const TEMPLATES_NOTE: &str = "# Your templates\n\n\
This folder is empty on purpose: the site uses pamphlet's built-in templates.\n\
To change one, put a file with the same name here (for example `article.html`);\n\
it replaces the built-in one, and every other template stays built in, so\n\
fixes to the theme still reach your site. The built-in templates are listed in\n\
pamphlet's README, with the values each one receives.\n";

/// The note left in a new site's `static/` folder.
const STATIC_NOTE: &str = "# Your files\n\n\
Files here are published as they are: `static/images/team.jpg` becomes\n\
`/images/team.jpg`. A file with the same name as a built-in one (for example\n\
`css/site.css`) replaces it. This note itself is not published.\n";

/// The body of a new article; `pamphlet check` warns while a published page
/// still has it.
pub const NEW_ARTICLE_TEXT: &str = "Write the article here in short sentences and plain words.";

/// What a new site's site.yaml says in place of the demo's marker line.
const NEW_SITE_NOTE: &str = "# Replace every value with your clinic's own: `pamphlet check` lists each demo value still here.";

/// Why a new file could not be made.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The file or a non-empty folder is already there.
    Exists(PathBuf),
    /// The title makes no usable file name.
    BadTitle(String),
    /// The file system said no.
    Io(PathBuf, std::io::Error),
    /// The folder has no site.yaml: the command needs an existing site.
    NotASite(PathBuf),
    /// `pamphlet customize` was given a name no built-in file has.
    UnknownFile(crate::theme::UnknownFile),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists(path) => write!(
                f,
                "{} already exists; pamphlet never overwrites a file",
                path.display()
            ),
            ScaffoldError::BadTitle(title) => write!(
                f,
                "the title `{title}` has no letters or digits to make a file name from"
            ),
            ScaffoldError::Io(path, e) => write!(f, "could not write {}: {e}", path.display()),
            ScaffoldError::NotASite(root) => write!(
                f,
                "{} is not a site's folder: it has no {}\n  = hint: run pamphlet in the site's folder, \
                 or name it with `--root DIR`; `pamphlet init DIR` creates a new site",
                std::path::absolute(root)
                    .unwrap_or_else(|_| root.clone())
                    .display(),
                crate::config::FILE_NAME
            ),
            ScaffoldError::UnknownFile(unknown) => write!(
                f,
                "pamphlet has no built-in file `{}`\n  = hint: {}",
                unknown.given,
                unknown.hint()
            ),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Creates a new site in `dir` from the defaults built into the binary.
/// Returns the files written.
///
/// Every file is the demo's, except that site.yaml loses its `demo: true`
/// line (a note takes its place, so line numbers stay): from then on,
/// `pamphlet check` reports each demo value still in the new site.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(ScaffoldError::Exists(dir.to_path_buf()));
    }
    let site_yaml = DEFAULT_SITE
        .iter()
        .find(|(path, _)| *path == crate::config::FILE_NAME)
        .map(|(_, bytes)| not_a_demo(&String::from_utf8_lossy(bytes)));
    let mut files: Vec<(PathBuf, &[u8])> = DEFAULT_SITE
        .iter()
        .map(
            |(path, bytes)| match (&site_yaml, *path == crate::config::FILE_NAME) {
                (Some(text), true) => (dir.join(path), text.as_bytes()),
                _ => (dir.join(path), *bytes),
            },
        )
        .collect();
    files.push((
        dir.join("templates").join(NOTE_FILE),
        TEMPLATES_NOTE.as_bytes(),
    ));
    files.push((dir.join("static").join(NOTE_FILE), STATIC_NOTE.as_bytes()));
    let mut written = Vec::new();
    for (path, bytes) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| ScaffoldError::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| ScaffoldError::Io(path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

/// The demo's site.yaml without its `demo:` line.
fn not_a_demo(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            if line.starts_with("demo:") {
                format!("{NEW_SITE_NOTE}\n")
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Writes `content/articles/<slug>.md` with its front matter filled in and
/// `draft: true`. Returns the new file's path.
pub fn new_article(root: &Path, title: &str, today: Date) -> Result<PathBuf, ScaffoldError> {
    require_site(root)?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::BadTitle(title.to_string()));
    }
    let path = root
        .join("content")
        .join("articles")
        .join(format!("{slug}.md"));
    write_new(&path, article_template(title, today).as_bytes())?;
    Ok(path)
}

/// `pamphlet customize NAME`: copies the built-in template or static file
/// `NAME` into the site at the path that overrides it (`templates/…`,
/// `static/…`), ready to edit. Returns the path written and the built-in
/// path it copies.
pub fn customize(root: &Path, name: &str) -> Result<(PathBuf, &'static str), ScaffoldError> {
    require_site(root)?;
    let (relative, bytes) = crate::theme::built_in(name).map_err(ScaffoldError::UnknownFile)?;
    let path = root.join(relative);
    write_new(&path, bytes)?;
    Ok((path, relative))
}

/// Commands that add to a site refuse a folder without site.yaml, so a
/// mistyped `--root` or the wrong folder never grows a stray `content/`.
fn require_site(root: &Path) -> Result<(), ScaffoldError> {
    if root.join(crate::config::FILE_NAME).is_file() {
        Ok(())
    } else {
        Err(ScaffoldError::NotASite(root.to_path_buf()))
    }
}

/// Writes a new file (and its folders), never replacing one that exists.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists(path.to_path_buf()));
        }
        Err(e) => return Err(ScaffoldError::Io(path.to_path_buf(), e)),
    };
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|e| ScaffoldError::Io(path.to_path_buf(), e))
}

/// The text of a new article.
fn article_template(title: &str, today: Date) -> String {
    let quoted = serde_json::to_string(title).expect("a string always serializes");
    format!(
        "---\n\
title: {quoted}\n\
description: \"\"        # one or two sentences, under 160 characters\n\
date: {today}\n\
tags: []\n\
draft: true            # stays unpublished until a clinician has reviewed it\n\
reviewed_by: \"\"        # e.g. Dr. Ana Ruiz, MD\n\
last_reviewed:         # YYYY-MM-DD, the day of that review\n\
next_review:           # YYYY-MM-DD, when it must be reviewed again\n\
references: []         # sources, cited in the text as [^id]\n\
---\n\
{NEW_ARTICLE_TEXT}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_article_front_matter_parses_as_a_draft() {
        let text = article_template("How long does relief last?", "2026-11-24".parse().unwrap());
        let source = crate::content::SourceFile {
            path: "content/articles/x.md".into(),
            text,
        };
        let (meta, _) =
            crate::content::parse_front_matter(&source, crate::content::Kind::Article).unwrap();
        assert!(meta.draft);
        assert_eq!(meta.title, "How long does relief last?");
        assert_eq!(meta.date.unwrap().to_string(), "2026-11-24");
    }
}
