//! The output stage, and the only module that writes files.
//!
//! A build is written into a fresh folder beside the target ([`Staging`])
//! and swapped in only when every file is written, so a failed build (or a
//! crash half-way) leaves the previous site exactly as it was. What may be
//! replaced is decided in [`target`]: only a folder pamphlet built itself.

pub mod target;

use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

pub use target::{MANIFEST, Refusal};

/// Marks a staging folder as pamphlet's, locked while its build runs.
const STAGING_MARKER: &str = ".pamphlet-staging";

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
    /// The output folder is one pamphlet must not replace: where it leads,
    /// what `--out` said, and why.
    Refused {
        /// The folder `--out` leads to, resolved.
        target: PathBuf,
        /// `--out` as given.
        given: PathBuf,
        /// Why not.
        why: Refusal,
    },
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
            OutputError::Refused { target, given, why } => {
                write!(f, "refusing to replace {}", target.display())?;
                if given != target {
                    write!(f, " (--out {})", given.display())?;
                }
                write!(f, ": {}\n  = hint: {}", why.reason(), why.hint())
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

/// Where rendered files go: a [`Staging`] folder for `build`, [`Memory`] for
/// `serve` and `check`. Rendering hands each file over as soon as it is made,
/// so a large site is never held in memory twice.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), OutputError>;
    /// Takes one file copied from `from` (a file in static/), without
    /// holding it in memory where the sink can avoid it.
    fn copy(&self, path: &str, from: &Path) -> Result<(), OutputError>;
}

/// Keeps the generated files in memory, and notes the files to copy from
/// static/ without reading them (`serve` streams them from disk).
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
    copies: Mutex<Vec<(String, PathBuf)>>,
}

impl Memory {
    /// The generated files, sorted by path, and the copied ones as (path in
    /// the site, file on disk), sorted by path.
    pub fn into_parts(self) -> (Vec<OutputFile>, Vec<(String, PathBuf)>) {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut copies = self
            .copies
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        copies.sort();
        (files, copies)
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

    fn copy(&self, path: &str, from: &Path) -> Result<(), OutputError> {
        if !is_safe_path(path) {
            return Err(OutputError::UnsafePath(path.to_string()));
        }
        self.copies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((path.to_string(), from.to_path_buf()));
        Ok(())
    }
}

/// A new version of an output folder, written beside it. [`Staging::commit`]
/// swaps it in; dropping it without a commit removes it and leaves the
/// previous output exactly as it was.
#[derive(Debug)]
pub struct Staging {
    /// `--out` as given, resolved again just before the swap.
    given: PathBuf,
    /// Where `--out` led when the build began.
    target: PathBuf,
    site_root: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// Held (and locked) while the build runs, so another build can tell
    /// this staging folder from one a killed build left behind.
    marker: Option<File>,
    written: Mutex<BTreeSet<String>>,
    committed: bool,
}

/// What [`Staging::commit`] left behind: the earlier build's folder, when
/// files pamphlet did not write appeared in it during the build.
#[derive(Debug)]
pub struct Committed {
    /// The folder kept, if any.
    pub kept: Option<PathBuf>,
}

impl Staging {
    /// Resolves `out`, checks that pamphlet may replace it, removes what
    /// killed builds left beside it and creates the staging folder.
    pub fn begin(site_root: &Path, out: &Path) -> Result<Staging, OutputError> {
        let refused = |target: &Path, why| OutputError::Refused {
            target: target.to_path_buf(),
            given: out.to_path_buf(),
            why,
        };
        let target = target::resolve(out).map_err(|why| refused(out, why))?;
        target::check(site_root, &target).map_err(|why| refused(&target, why))?;
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(refused(&target, Refusal::ContainsSite));
        };
        let name = name.to_string_lossy().into_owned();
        std::fs::create_dir_all(parent).map_err(|e| OutputError::Io(parent.to_path_buf(), e))?;
        let id = std::process::id();
        let dir = parent.join(format!(".{name}.pamphlet-new-{id}"));
        remove_stale(parent, &name);
        // A folder of this name that is still there belongs to a running
        // build: fail here, before this build owns (and would remove) it.
        std::fs::create_dir(&dir).map_err(|e| OutputError::Io(dir.clone(), e))?;
        let mut staging = Staging {
            given: out.to_path_buf(),
            target: target.clone(),
            site_root: site_root.to_path_buf(),
            dir,
            retired: parent.join(format!(".{name}.pamphlet-old-{id}")),
            marker: None,
            written: Mutex::default(),
            committed: false,
        };
        let marker_path = staging.dir.join(STAGING_MARKER);
        let marker = File::create(&marker_path)
            .and_then(|mut file| {
                file.lock()?;
                io::Write::write_all(
                    &mut file,
                    b"pamphlet build writes the site here and swaps it in when done. \
                      A folder left by a build that was stopped is removed by the next build.\n",
                )?;
                Ok(file)
            })
            .map_err(|e| OutputError::Io(marker_path, e))?;
        staging.marker = Some(marker);
        Ok(staging)
    }

    /// Where the site goes: `--out` resolved (through a link, its target).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes the manifest, checks the target again and swaps the finished
    /// folder in. The earlier build's files are then removed, and only they:
    /// a file that appeared there meanwhile keeps the old folder (reported).
    pub fn commit(mut self) -> Result<Committed, OutputError> {
        let refused = |target: &Path, why| OutputError::Refused {
            target: target.to_path_buf(),
            given: self.given.clone(),
            why,
        };
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let manifest = self.dir.join(MANIFEST);
        std::fs::write(&manifest, target::manifest_text(&written))
            .map_err(|e| OutputError::Io(manifest, e))?;
        self.marker = None;
        let marker = self.dir.join(STAGING_MARKER);
        std::fs::remove_file(&marker).map_err(|e| OutputError::Io(marker, e))?;

        // The same path, checked again right before the swap.
        match target::resolve(&self.given) {
            Ok(now) if now == self.target => {}
            Ok(now) => return Err(refused(&self.target, Refusal::Moved(now))),
            Err(why) => return Err(refused(&self.target, why)),
        }
        target::check(&self.site_root, &self.target).map_err(|why| refused(&self.target, why))?;
        let previous = if std::fs::symlink_metadata(&self.target).is_ok() {
            let owned = target::owned(&self.target).map_err(|why| refused(&self.target, why))?;
            std::fs::rename(&self.target, &self.retired)
                .map_err(|e| OutputError::Io(self.target.clone(), e))?;
            Some(owned)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back: the promise is that it survives.
            if previous.is_some() {
                let _ = std::fs::rename(&self.retired, &self.target);
            }
            return Err(OutputError::Io(self.target.clone(), e));
        }
        self.committed = true;
        let kept = match previous {
            Some(files) if !remove_owned(&self.retired, &files) => Some(self.retired.clone()),
            _ => None,
        };
        Ok(Committed { kept })
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        let path = self.prepare(&file.path)?;
        std::fs::write(&path, &file.bytes).map_err(|e| OutputError::Io(path, e))
    }

    fn copy(&self, relative: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.prepare(relative)?;
        // File to file: the operating system streams it, so memory does not
        // grow with the file's size.
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| OutputError::Io(path, e))
    }
}

impl Staging {
    /// Checks a file's path, notes it for the manifest and creates its folder.
    fn prepare(&self, relative: &str) -> Result<PathBuf, OutputError> {
        if !is_safe_path(relative) || relative == MANIFEST || relative == STAGING_MARKER {
            return Err(OutputError::UnsafePath(relative.to_string()));
        }
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(relative.to_string());
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| OutputError::Io(parent.to_path_buf(), e))?;
        }
        Ok(path)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            self.marker = None;
            remove_tree(&self.dir);
        }
    }
}

/// Removes what builds of the same output that were stopped (killed, power
/// cut) left beside it: staging folders whose marker no running build holds,
/// and earlier outputs that were being retired. Only folders with pamphlet's
/// names and pamphlet's marks go; anything else is left alone.
fn remove_stale(parent: &Path, name: &str) {
    let new = format!(".{name}.pamphlet-new-");
    let old = format!(".{name}.pamphlet-old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let dir = entry.path();
        if !is_dir {
            continue;
        }
        if file_name.starts_with(&new) {
            let marker = dir.join(STAGING_MARKER);
            match File::options().read(true).write(true).open(&marker) {
                // No build holds the lock: the one that made it has stopped.
                Ok(file) if file.try_lock().is_ok() => {
                    drop(file);
                    remove_tree(&dir);
                }
                Ok(_) => {}
                // Stopped after the marker went: a finished build, manifest and all.
                Err(_) => {
                    if let Ok(files) = target::owned(&dir) {
                        remove_owned(&dir, &files);
                    }
                }
            }
        } else if file_name.starts_with(&old)
            && let Ok(files) = target::owned(&dir)
        {
            remove_owned(&dir, &files);
        }
    }
}

/// Removes the listed files of `dir`, its manifest and then every folder
/// left empty; returns whether `dir` itself is gone.
fn remove_owned(dir: &Path, files: &BTreeSet<String>) -> bool {
    files.par_iter().for_each(|file| {
        let _ = std::fs::remove_file(dir.join(file));
    });
    let _ = std::fs::remove_file(dir.join(MANIFEST));
    let mut folders: Vec<&str> = files
        .iter()
        .flat_map(|file| file.match_indices('/').map(move |(at, _)| &file[..at]))
        .collect();
    folders.sort_by_key(|folder| std::cmp::Reverse(folder.len()));
    folders.dedup();
    for folder in folders {
        let _ = std::fs::remove_dir(dir.join(folder));
    }
    std::fs::remove_dir(dir).is_ok()
}

/// Removes a folder tree pamphlet made itself (a staging folder), the
/// entries of each folder in parallel (removing ten thousand pages one by
/// one takes seconds on slow disks).
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

    fn fresh(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pamphlet-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn an_abandoned_staging_folder_leaves_the_previous_output() {
        let base = fresh("staging");
        let out = base.join("public");
        let site = base.join("site");
        let first = Staging::begin(&site, &out).unwrap();
        first
            .put(OutputFile::text("index.html", "old".into()))
            .unwrap();
        first.commit().unwrap();
        {
            let staging = Staging::begin(&site, &out).unwrap();
            staging
                .put(OutputFile::text("index.html", "new".into()))
                .unwrap();
            assert!(
                staging
                    .put(OutputFile::text("../escape.html", "x".into()))
                    .is_err()
            );
            assert!(staging.put(OutputFile::text(MANIFEST, "x".into())).is_err());
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let staging = Staging::begin(&site, &out).unwrap();
        staging
            .put(OutputFile::text("a/b/index.html", "new".into()))
            .unwrap();
        assert!(staging.commit().unwrap().kept.is_none());
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

    #[test]
    fn a_file_that_appears_during_the_build_stops_the_swap() {
        let base = fresh("appears");
        let out = base.join("public");
        std::fs::create_dir(&out).unwrap();
        let staging = Staging::begin(&base.join("site"), &out).unwrap();
        staging
            .put(OutputFile::text("index.html", "new".into()))
            .unwrap();
        std::fs::write(out.join("upload.pdf"), "pdf").unwrap();
        let error = staging.commit().unwrap_err().to_string();
        assert!(
            error.ends_with(": it holds files pamphlet did not write: upload.pdf\n  = hint: pamphlet replaces only a folder it built itself. Give --out an empty or new folder; to publish into a checkout or a web root, build into `public` and copy the files over"),
            "{error}"
        );
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
        assert_eq!(
            std::fs::read_dir(&base).unwrap().count(),
            1,
            "no staging folder left"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_changed_during_the_build_stops_the_swap() {
        let base = fresh("moved");
        let (a, b) = (base.join("a"), base.join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("keep.txt"), "mine").unwrap();
        let out = base.join("public");
        std::os::unix::fs::symlink(&a, &out).unwrap();
        let staging = Staging::begin(&base.join("site"), &out).unwrap();
        staging
            .put(OutputFile::text("index.html", "new".into()))
            .unwrap();
        std::fs::remove_file(&out).unwrap();
        std::os::unix::fs::symlink(&b, &out).unwrap();
        let error = staging.commit().unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "refusing to replace {} (--out {}): it changed during the build: --out now leads to {}\n  = hint: nothing was replaced; check the folder and the link, then build again",
                a.display(),
                out.display(),
                b.display()
            )
        );
        assert_eq!(std::fs::read_to_string(b.join("keep.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_dir(&a).unwrap().count(), 0);
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_running_build_keeps_its_staging_folder() {
        let base = fresh("running");
        let out = base.join("public");
        let running = Staging::begin(&base.join("site"), &out).unwrap();
        running
            .put(OutputFile::text("index.html", "new".into()))
            .unwrap();
        // A second build from this process has the same staging name, and
        // must neither remove the first one's folder nor write into it.
        assert!(Staging::begin(&base.join("site"), &out).is_err());
        assert!(running.dir.join("index.html").is_file());
        running.commit().unwrap();
        assert!(out.join("index.html").is_file());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
