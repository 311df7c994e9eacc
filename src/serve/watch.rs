//! Watches the site's sources and rebuilds after each change.
//!
//! Watched: `site.yaml`, `content/`, `templates/` and `static/` (a folder
//! created while serving is picked up). Editors' temporary files are
//! ignored. Events are debounced briefly, and everything that arrived while
//! a build ran is handled by the one build after it.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::State;

/// How long the watcher waits for a burst of events (an editor's save, a
/// `git checkout`) to settle before building.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// The site's source folders, watched with everything in them.
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Keeps watching while it lives.
pub(crate) struct WatchGuard {
    _debouncer: Arc<Mutex<Watcher>>,
}

/// Starts watching the site of `state` and rebuilding it on a thread of its own.
pub(crate) fn start(state: Arc<State>) -> Result<WatchGuard, String> {
    let root = state
        .root()
        .canonicalize()
        .map_err(|error| error.to_string())?;
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, sender).map_err(|e| e.to_string())?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let debouncer = Arc::new(Mutex::new(debouncer));
    let watching = debouncer.clone();
    std::thread::Builder::new()
        .name("pamphlet-watch".into())
        .spawn(move || {
            // Ends when the debouncer (and so the sender) is dropped.
            while let Ok(first) = receiver.recv() {
                let mut batch = vec![first];
                batch.extend(receiver.try_iter());
                let mut changed = Vec::new();
                let mut missed = false;
                for result in batch {
                    match result {
                        Ok(events) => {
                            for event in events {
                                if matches!(event.kind, EventKind::Access(_)) {
                                    continue;
                                }
                                for path in &event.paths {
                                    if let Some(relative) = relevant(&root, path)
                                        && !changed.contains(&relative)
                                    {
                                        changed.push(relative);
                                    }
                                }
                            }
                        }
                        // The watcher lost track (e.g. too many events):
                        // rebuild, since something may have changed.
                        Err(_) => missed = true,
                    }
                }
                watch_new_folders(&root, &changed, &watching);
                if missed && changed.is_empty() {
                    changed.push(PathBuf::from("(several files)"));
                }
                if !changed.is_empty() {
                    changed.sort();
                    state.rebuild(&changed);
                }
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(WatchGuard {
        _debouncer: debouncer,
    })
}

/// Starts watching a source folder that appeared while serving.
fn watch_new_folders(root: &Path, changed: &[PathBuf], debouncer: &Mutex<Watcher>) {
    for relative in changed {
        let Some(name) = relative.to_str() else {
            continue;
        };
        if SOURCE_DIRS.contains(&name) && root.join(name).is_dir() {
            let mut debouncer = debouncer.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = debouncer.unwatch(root.join(name));
            let _ = debouncer.watch(root.join(name), RecursiveMode::Recursive);
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
