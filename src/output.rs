//! The output stage, and the only module that writes files.
//!
//! A build is written into a fresh folder beside the target and swapped in
//! only when every file is written, so a failed build (or a crash half-way)
//! leaves the previous site exactly as it was.

use std::io;
use std::path::{Component, Path, PathBuf};

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

/// Writes `files` as the new contents of `out`, all or nothing.
pub fn write_site(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    check_target(root, out)?;
    if let Some(bad) = files.iter().find(|f| !is_safe_path(&f.path)) {
        return Err(OutputError::UnsafePath(bad.path.clone()));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.pamphlet-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.pamphlet-old-{}", std::process::id()));
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |e| OutputError::Io(path, e)
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let _ = std::fs::remove_dir_all(&staging);
    if let Err(error) = write_all(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    let had_previous = out.exists();
    if had_previous {
        std::fs::rename(out, &retired).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            OutputError::Io(out.to_path_buf(), e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous site back: the promise is that it survives.
        if had_previous {
            let _ = std::fs::rename(&retired, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(OutputError::Io(out.to_path_buf(), e));
    }
    if had_previous {
        let _ = std::fs::remove_dir_all(&retired);
    }
    Ok(())
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.push(dir.to_path_buf());
    folders.sort();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|e| OutputError::Io(folder.clone(), e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        std::fs::write(&path, &file.bytes).map_err(|e| OutputError::Io(path, e))
    })
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
