//! Watches the site's sources and rebuilds after each change.
//!
//! Watched: `site.yaml`, `content/`, `templates/` and `static/` (a folder
//! created while serving is picked up). Editors' temporary files are
//! ignored. A change is counted the moment it happens ([`State::saw_change`]),
//! so requests made before its rebuild has landed wait for it instead of
//! getting the old page; the build itself starts once the files have been
//! quiet for [`QUIET`], so an editor's save or a `git checkout` is one build.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::State;

/// How long the files must be quiet before a build starts.
const QUIET: Duration = Duration::from_millis(10);
/// The longest a build waits for quiet, so a file written without pause
/// cannot hold builds back for ever.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// The site's source folders, watched with everything in them.
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// What the watcher reports to the building thread.
enum Change {
    /// These files changed (relative to the site root).
    Paths(Vec<PathBuf>),
    /// The watcher lost track (e.g. too many events at once).
    Lost,
}

/// Keeps watching while it lives.
pub(crate) struct WatchGuard {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// Starts watching the site of `state` and rebuilding it on a thread of its own.
pub(crate) fn start(state: Arc<State>) -> Result<WatchGuard, String> {
    let root = state
        .root()
        .canonicalize()
        .map_err(|error| error.to_string())?;
    let (sender, receiver) = mpsc::channel::<Change>();
    let seen = state.clone();
    let event_root = root.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let change = match event {
            // Reads (the build's own among them) change nothing.
            Ok(event) if matches!(event.kind, EventKind::Access(_)) => return,
            Ok(event) => {
                let paths: Vec<PathBuf> = event
                    .paths
                    .iter()
                    .filter_map(|path| relevant(&event_root, path))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Change::Paths(paths)
            }
            Err(_) => Change::Lost,
        };
        seen.saw_change();
        let _ = sender.send(change);
    })
    .map_err(|e| e.to_string())?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let watcher = Arc::new(Mutex::new(watcher));
    let watching = watcher.clone();
    std::thread::Builder::new()
        .name("pamphlet-watch".into())
        .spawn(move || {
            // Ends when the watcher (and so the sender) is dropped.
            while let Ok(first) = receiver.recv() {
                let started = Instant::now();
                let mut changed = Vec::new();
                let add = |change: Change, changed: &mut Vec<PathBuf>| {
                    let paths = match change {
                        Change::Paths(paths) => paths,
                        Change::Lost => vec![PathBuf::from("(several files)")],
                    };
                    for path in paths {
                        if !changed.contains(&path) {
                            changed.push(path);
                        }
                    }
                };
                add(first, &mut changed);
                loop {
                    let left = MAX_WAIT.saturating_sub(started.elapsed());
                    if left.is_zero() {
                        break;
                    }
                    match receiver.recv_timeout(QUIET.min(left)) {
                        Ok(change) => add(change, &mut changed),
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                watch_new_folders(&root, &changed, &watching);
                changed.sort();
                state.rebuild(&changed);
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(WatchGuard { _watcher: watcher })
}

/// Starts watching a source folder that appeared while serving.
fn watch_new_folders(root: &Path, changed: &[PathBuf], watcher: &Mutex<RecommendedWatcher>) {
    for relative in changed {
        let Some(name) = relative.to_str() else {
            continue;
        };
        if SOURCE_DIRS.contains(&name) && root.join(name).is_dir() {
            let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = watcher.unwatch(&root.join(name));
            let _ = watcher.watch(&root.join(name), RecursiveMode::Recursive);
        }
    }
}

/// The path relative to the site root when a change to it can change the
/// site: site.yaml, or a file under a source folder that is not an editor's
/// temporary file.
pub(crate) fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return None;
    };
    let first = first.to_str()?;
    let inside = components.next().is_some();
    let wanted = if inside {
        SOURCE_DIRS.contains(&first)
    } else {
        first == crate::config::FILE_NAME || SOURCE_DIRS.contains(&first)
    };
    let name = relative.file_name()?.to_str()?;
    (wanted && !is_temporary(name)).then(|| relative.to_path_buf())
}

/// Editors' backup, swap and lock files, which are never part of the site
/// (the build skips names starting with `.` or ending with `~` too).
fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count_and_editor_files_do_not() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant(root, &root.join(p)).is_some();
        assert!(yes("site.yaml"));
        assert!(yes("content/articles/a.md"));
        assert!(yes("templates/base.html"));
        assert!(yes("static/css/site.css"));
        assert!(yes("content"));
        assert!(!yes("public/index.html"));
        assert!(!yes("README.md"));
        assert!(!yes("content/articles/.a.md.swp"));
        assert!(!yes("content/articles/a.md~"));
        assert!(!yes("content/articles/.#a.md"));
        assert!(!yes("content/articles/#a.md#"));
        assert!(!yes("content/articles/4913"));
        assert!(!yes("site.yaml~"));
        assert!(relevant(root, Path::new("/elsewhere/site.yaml")).is_none());
    }
}
