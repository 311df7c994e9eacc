//! The output stage, and the only module that writes files.
//!
//! A build is written into a fresh folder beside the target ([`Staging`])
//! and swapped in only when every file is written, so a failed build (or a
//! crash half-way) leaves the previous site exactly as it was.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Where it goes, relative to the output folder (`faq/index.html`).
    pub path: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A text file.
    pub fn text(path: &str, text: String) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.into_bytes(),
        }
    }
}

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// A file's path would leave the output folder.
    UnsafePath(String),
    /// The output folder is somewhere pamphlet must never replace.
    RefusedTarget(PathBuf, &'static str),
    /// The file system said no.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::UnsafePath(path) => write!(
                f,
                "refusing to write `{path}`: it would land outside the output folder"
            ),
            OutputError::RefusedTarget(path, why) => {
                write!(f, "refusing to replace {}: {why}", path.display())
            }
            OutputError::Io(path, error) => {
                write!(f, "could not write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputError {}

/// Checks that `path` stays inside the output folder: relative, no `..`.
pub fn is_safe_path(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Refuses output folders whose replacement would destroy the site itself or
/// someone's files: the site root or a folder above it, a source folder, or a
/// non-empty folder that does not look like a built site.
pub fn check_target(root: &Path, out: &Path) -> Result<(), OutputError> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let absolute = absolute(out);
    if root.starts_with(&absolute) {
        return Err(OutputError::RefusedTarget(
            out.into(),
            "it contains the site itself; choose a folder such as `public`",
        ));
    }
    for source in ["content", "templates", "static"] {
        if absolute.starts_with(root.join(source)) {
            return Err(OutputError::RefusedTarget(
                out.into(),
                "it is inside the site's sources; choose a folder such as `public`",
            ));
        }
    }
    if out.is_file() {
        return Err(OutputError::RefusedTarget(
            out.into(),
            "it is a file, not a folder",
        ));
    }
    let has_entries = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    if has_entries && !out.join("index.html").is_file() {
        return Err(OutputError::RefusedTarget(
            out.into(),
            "it is a folder with other files in it, not an earlier build; choose an empty or new folder",
        ));
    }
    Ok(())
}

/// The absolute form of `path`, resolving what exists of it.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let base = std::env::current_dir().unwrap_or_default();
    let joined = base.join(path);
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(name),
        _ => joined,
    }
}

/// Where rendered files go: a [`Staging`] folder for `build`, [`Memory`] for
/// `serve` and `check`. Rendering hands each file over as soon as it is made,
/// so a large site is never held in memory twice.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), OutputError>;
}

/// Keeps the files in memory.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
}

impl Memory {
    /// The files received, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        if !is_safe_path(&file.path) {
            return Err(OutputError::UnsafePath(file.path));
        }
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file);
        Ok(())
    }
}

/// A new version of an output folder, written beside it. [`Staging::commit`]
/// swaps it in; dropping it without a commit removes it and leaves the
/// previous output exactly as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging folder.
    pub fn begin(site_root: &Path, out: &Path) -> Result<Staging, OutputError> {
        check_target(site_root, out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let id = std::process::id();
        let staging = Staging {
            out: out.to_path_buf(),
            dir: parent.join(format!(".{name}.pamphlet-new-{id}")),
            retired: parent.join(format!(".{name}.pamphlet-old-{id}")),
            committed: false,
        };
        let _ = std::fs::remove_dir_all(&staging.dir);
        std::fs::create_dir_all(&staging.dir)
            .map_err(|e| OutputError::Io(staging.dir.clone(), e))?;
        Ok(staging)
    }

    /// Swaps the finished folder in for the previous output.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let had_previous = self.out.exists();
        if had_previous {
            std::fs::rename(&self.out, &self.retired)
                .map_err(|e| OutputError::Io(self.out.clone(), e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // Put the previous site back: the promise is that it survives.
            if had_previous {
                let _ = std::fs::rename(&self.retired, &self.out);
            }
            return Err(OutputError::Io(self.out.clone(), e));
        }
        self.committed = true;
        if had_previous {
            remove_tree(&self.retired);
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        if !is_safe_path(&file.path) {
            return Err(OutputError::UnsafePath(file.path));
        }
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| OutputError::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| OutputError::Io(path, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

/// Removes a folder tree, the entries of each folder in parallel (removing
/// ten thousand pages one by one takes seconds on slow disks).
fn remove_tree(dir: &Path) {
    let entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.flatten().collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|entry| {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_tree(&entry.path());
        } else {
            let _ = std::fs::remove_file(entry.path());
        }
    });
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert!(is_safe_path("faq/index.html"));
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./a"] {
            assert!(!is_safe_path(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod staging_tests {
    use super::*;

    #[test]
    fn an_abandoned_staging_folder_leaves_the_previous_output() {
        let base = std::env::temp_dir().join(format!("pamphlet-staging-{}", std::process::id()));
        let out = base.join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::begin(&base.join("site"), &out).unwrap();
            staging
                .put(OutputFile::text("index.html", "new".into()))
                .unwrap();
            assert!(
                staging
                    .put(OutputFile::text("../escape.html", "x".into()))
                    .is_err()
            );
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let staging = Staging::begin(&base.join("site"), &out).unwrap();
        staging
            .put(OutputFile::text("a/b/index.html", "new".into()))
            .unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("index.html").exists());
        let names: Vec<_> = std::fs::read_dir(&base)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["public"]);
        std::fs::remove_dir_all(&base).unwrap();
    }
}
