//! The built-in theme and default site, compiled into the binary by build.rs.
//!
//! A site's own `templates/` and `static/` override these file by file, so a
//! clinic that changes one template still gets fixes to all the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Notes to the site's staff that live in `templates/` and `static/` but are
/// neither templates nor published files.
pub const NOTE_FILE: &str = "README.md";

/// A template by name (`article.html`) with its text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name other templates use (`{% extends "base.html" %}`).
    pub name: String,
    /// The template's text.
    pub text: String,
    /// `templates/<name>` for a site's own file, `(built-in) <name>` otherwise.
    pub origin: String,
}

/// The built-in templates, overridden by the site's `templates/` files.
pub fn templates(root: &Path) -> Result<Vec<TemplateSource>, Vec<Diagnostic>> {
    let mut by_name: BTreeMap<String, TemplateSource> = TEMPLATES
        .iter()
        .map(|(path, text)| {
            let name = path.trim_start_matches("templates/").to_string();
            let origin = format!("(built-in) {path}");
            (
                name.clone(),
                TemplateSource {
                    name,
                    text: text.to_string(),
                    origin,
                },
            )
        })
        .collect();
    let mut problems = Vec::new();
    for (name, relative) in site_files(root, "templates", &mut problems) {
        match crate::content::read_text(root, &relative) {
            Ok(source) => {
                let origin = relative.display().to_string();
                by_name.insert(
                    name.clone(),
                    TemplateSource {
                        name,
                        text: source.text,
                        origin,
                    },
                );
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(by_name.into_values().collect())
    } else {
        Err(problems)
    }
}

/// One static file to publish: compiled in, or a file of the site's
/// `static/` that is copied file to file when the site is written, so its
/// size never shows in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticFile {
    /// A built-in file.
    BuiltIn(&'static [u8]),
    /// A file in the site's `static/`: its path relative to the site root.
    Site(PathBuf),
}

impl StaticFile {
    /// Where it comes from, as messages name it.
    pub fn origin(&self, name: &str) -> String {
        match self {
            StaticFile::BuiltIn(_) => format!("(built-in) static/{name}"),
            StaticFile::Site(relative) => relative.display().to_string(),
        }
    }
}

/// The static files to publish (path under the site → where it comes from):
/// the built-in ones, overridden by and added to from the site's `static/`.
/// Each site file is opened once here, so an unreadable one is reported
/// with the other problems, not half-way through writing.
pub fn static_files(root: &Path) -> Result<BTreeMap<String, StaticFile>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, StaticFile> = STATIC
        .iter()
        .map(|(path, bytes)| {
            (
                path.trim_start_matches("static/").to_string(),
                StaticFile::BuiltIn(bytes),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for (name, relative) in site_files(root, "static", &mut problems) {
        match std::fs::File::open(root.join(&relative)) {
            Ok(_) => {
                files.insert(name, StaticFile::Site(relative));
            }
            Err(e) => problems.push(Diagnostic::error(
                &relative,
                format!("could not read the file: {e}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Files under `root/folder`, as (name inside the folder, path relative to
/// root), without the staff note.
fn site_files(root: &Path, folder: &str, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if !root.join(folder).is_dir() {
        return Vec::new();
    }
    let (files, found) = crate::content::walk(root, folder);
    problems.extend(found);
    files
        .into_iter()
        .filter(|relative| relative.file_name().is_some_and(|n| n != NOTE_FILE))
        .map(|relative| {
            let name = relative
                .strip_prefix(folder)
                .unwrap_or(&relative)
                .to_string_lossy()
                .replace('\\', "/");
            (name, relative)
        })
        .collect()
}

/// Every built-in file a site can override, as (its path in the site, its
/// bytes): `templates/article.html`, `static/css/site.css`…, in name order.
pub fn built_in_files() -> Vec<(&'static str, &'static [u8])> {
    let templates = TEMPLATES
        .iter()
        .map(|(path, text)| (*path, text.as_bytes()));
    let statics = STATIC.iter().map(|(path, bytes)| (*path, *bytes));
    let mut files: Vec<_> = templates.chain(statics).collect();
    files.sort_by_key(|(path, _)| *path);
    files
}

/// The name given to `pamphlet customize` matches no built-in file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFile {
    /// The name as given.
    pub given: String,
    /// The nearest built-in path, if one is close.
    pub suggestion: Option<&'static str>,
}

impl UnknownFile {
    /// "did you mean …?" (when one is close) and the list of every built-in file.
    pub fn hint(&self) -> String {
        let names: Vec<&str> = built_in_files().into_iter().map(|(path, _)| path).collect();
        let near = self
            .suggestion
            .map(|path| format!("did you mean `{path}`? "))
            .unwrap_or_default();
        format!("{near}the built-in files are: {}", names.join(", "))
    }
}

/// The built-in file `name` stands for: its full path in the site
/// (`templates/article.html`), or just its file name (`article.html`,
/// `site.css`) when only one built-in file has it. Backslashes count as
/// slashes, for staff on Windows.
pub fn built_in(name: &str) -> Result<(&'static str, &'static [u8]), UnknownFile> {
    let wanted = name.trim().replace('\\', "/");
    let wanted = wanted.trim_start_matches("./");
    let files = built_in_files();
    if let Some(found) = files.iter().find(|(path, _)| *path == wanted) {
        return Ok(*found);
    }
    let file_name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let same_name: Vec<_> = files
        .iter()
        .filter(|(path, _)| !wanted.contains('/') && file_name(path) == wanted)
        .collect();
    if let [only] = same_name.as_slice() {
        return Ok(**only);
    }
    // Compare like with like: a full path with full paths, a bare name with names.
    let suggestion = if wanted.contains('/') {
        crate::diagnostic::did_you_mean(wanted, files.iter().map(|(path, _)| *path))
    } else {
        let names: Vec<String> = files.iter().map(|(path, _)| file_name(path)).collect();
        crate::diagnostic::did_you_mean(wanted, names.iter().map(String::as_str)).and_then(|near| {
            files
                .iter()
                .map(|(path, _)| *path)
                .find(|path| file_name(path) == near)
        })
    };
    Err(UnknownFile {
        given: name.to_string(),
        suggestion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_in_file_is_found_by_path_or_by_its_own_name() {
        assert_eq!(
            built_in("templates/article.html").unwrap().0,
            "templates/article.html"
        );
        assert_eq!(
            built_in("article.html").unwrap().0,
            "templates/article.html"
        );
        assert_eq!(built_in("site.css").unwrap().0, "static/css/site.css");
        assert_eq!(
            built_in("static\\css\\site.css").unwrap().0,
            "static/css/site.css"
        );
    }

    #[test]
    fn a_wrong_name_suggests_the_nearest_file() {
        let error = built_in("artcle.html").unwrap_err();
        assert_eq!(error.suggestion, Some("templates/article.html"));
        let error = built_in("templates/articel.html").unwrap_err();
        assert_eq!(error.suggestion, Some("templates/article.html"));
        assert_eq!(
            built_in("nothing-like-it.txt").unwrap_err().suggestion,
            None
        );
    }
}
