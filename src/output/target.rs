//! Which folder `--out` names, and whether pamphlet may replace it.
//!
//! The rule, in one place: pamphlet replaces a folder only if it is new,
//! empty, or holds a manifest of an earlier build and nothing that manifest
//! does not list (dotfiles included). Everything else is refused.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The list of files a build wrote, left in the output folder.
pub const MANIFEST: &str = ".pamphlet-manifest.json";

/// How many foreign files a refusal names.
const NAMED: usize = 5;

/// Why pamphlet will not replace an output folder. Matched exhaustively
/// wherever it is shown, so a new reason cannot go unexplained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The folder holds the site itself (it is the site root or above it).
    ContainsSite,
    /// The folder is inside one of the site's source folders.
    InsideSources(&'static str),
    /// The path names a file.
    NotAFolder,
    /// The path is a symbolic link to something that does not exist.
    DanglingLink(PathBuf),
    /// The folder looks like a build by a pamphlet that wrote no manifest.
    EarlierBuild,
    /// The folder holds files no manifest lists: the first few, and how many
    /// more there are. `manifest` says whether it has a manifest at all.
    Foreign {
        /// The first few foreign entries (folders end in `/`).
        named: Vec<String>,
        /// How many more there are.
        more: usize,
        /// Whether the folder has a manifest (an earlier build plus extras).
        manifest: bool,
    },
    /// The manifest is there but cannot be read as one.
    BadManifest(String),
    /// `--out` led somewhere else just before the swap than at the start.
    Moved(PathBuf),
}

impl Refusal {
    /// What is wrong, as the end of "refusing to replace X: ...".
    pub fn reason(&self) -> String {
        match self {
            Refusal::ContainsSite => "it holds the site itself (site.yaml, content/)".into(),
            Refusal::InsideSources(folder) => format!("it is inside the site's {folder}/ folder"),
            Refusal::NotAFolder => "it is a file, not a folder".into(),
            Refusal::DanglingLink(to) => {
                format!("it is a link to {}, which does not exist", to.display())
            }
            Refusal::EarlierBuild => format!(
                "it has no {MANIFEST}, the list of files a build wrote; it looks like a build by an \
                 earlier pamphlet, which left no such list, so pamphlet cannot tell its files from yours"
            ),
            Refusal::Foreign { named, more, .. } => {
                let mut list = named.join(", ");
                if *more > 0 {
                    list.push_str(&format!(" and {more} more"));
                }
                format!("it holds files pamphlet did not write: {list}")
            }
            Refusal::BadManifest(why) => {
                format!("its {MANIFEST} is not a list pamphlet wrote ({why})")
            }
            Refusal::Moved(now) => format!(
                "it changed during the build: --out now leads to {}",
                now.display()
            ),
        }
    }

    /// How to go on.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::ContainsSite | Refusal::InsideSources(_) => {
                "build into a folder of its own, such as `public` in the site's folder (the default)"
            }
            Refusal::NotAFolder => "give --out a folder (a new one is created)",
            Refusal::DanglingLink(_) => {
                "create the folder the link points to, or give --out a real folder"
            }
            Refusal::EarlierBuild => {
                "if the folder holds only that earlier build, delete it and build again (every build now \
                 leaves the list, so later builds replace it by themselves); otherwise give --out an empty or new folder"
            }
            Refusal::Foreign { manifest: true, .. } => {
                "pamphlet replaces only files it wrote itself. Move those files out (files to publish belong \
                 in static/), or give --out an empty or new folder"
            }
            Refusal::Foreign {
                manifest: false, ..
            } => {
                "pamphlet replaces only a folder it built itself. Give --out an empty or new folder; to publish \
                 into a checkout or a web root, build into `public` and copy the files over"
            }
            Refusal::BadManifest(_) => {
                "if the folder holds only an earlier build, delete it and build again; otherwise give --out an empty or new folder"
            }
            Refusal::Moved(_) => {
                "nothing was replaced; check the folder and the link, then build again"
            }
        }
    }
}

/// `path` made absolute with one meaning: the part that exists is
/// canonicalised (symbolic links and `..` resolved by the file system), and
/// what does not exist yet is normalised lexically (`missing/..` is nothing).
/// A link to nothing is refused, since there is no folder to name.
pub fn resolve(path: &Path) -> Result<PathBuf, Refusal> {
    let base = std::env::current_dir().unwrap_or_default();
    let joined = base.join(path);
    let mut current = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => current.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                current.pop();
            }
            Component::Normal(name) => {
                let next = current.join(name);
                current = match std::fs::symlink_metadata(&next) {
                    Ok(_) => next.canonicalize().map_err(|_| {
                        Refusal::DanglingLink(std::fs::read_link(&next).unwrap_or(next.clone()))
                    })?,
                    Err(_) => next,
                };
            }
        }
    }
    Ok(current)
}

/// Decides whether the output folder `target` (already [`resolve`]d) may be
/// replaced by a build of the site at `root`.
pub fn check(root: &Path, target: &Path) -> Result<(), Refusal> {
    let root = resolve(root).unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with(target) {
        return Err(Refusal::ContainsSite);
    }
    for source in ["content", "templates", "static"] {
        if target.starts_with(root.join(source)) {
            return Err(Refusal::InsideSources(source));
        }
    }
    match std::fs::metadata(target) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(Refusal::NotAFolder),
        Ok(_) => owned(target).map(|_| ()),
    }
}

/// The files of the earlier build in `dir` (from its manifest), if `dir`
/// holds nothing else; an empty folder owns nothing and may be used.
pub fn owned(dir: &Path) -> Result<BTreeSet<String>, Refusal> {
    let mut entries = Vec::new();
    list(dir, "", &mut entries);
    if entries.is_empty() {
        return Ok(BTreeSet::new());
    }
    let manifest_path = dir.join(MANIFEST);
    let listed = match std::fs::symlink_metadata(&manifest_path) {
        Ok(meta) if meta.is_file() => read_manifest(&manifest_path)?,
        Ok(_) => return Err(Refusal::BadManifest("it is not a file".into())),
        Err(_) => {
            let looks_built = entries.iter().any(|(p, _)| p == "index.html")
                && !entries.iter().any(|(p, _)| hidden(p));
            if looks_built {
                return Err(Refusal::EarlierBuild);
            }
            BTreeSet::new()
        }
    };
    let manifest = !listed.is_empty() || manifest_path.exists();
    let folders: BTreeSet<String> = listed
        .iter()
        .flat_map(|file| {
            file.match_indices('/')
                .map(|(at, _)| file[..at].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut foreign = Vec::new();
    let mut inside_foreign: Option<String> = None;
    for (path, kind) in &entries {
        if let Some(folder) = &inside_foreign
            && path.starts_with(&format!("{folder}/"))
        {
            continue;
        }
        let ours = match kind {
            Entry::Folder => folders.contains(path),
            Entry::File => listed.contains(path) || path == MANIFEST,
            // pamphlet writes no links: a link is never its file.
            Entry::Other => false,
        };
        if !ours {
            if *kind == Entry::Folder {
                foreign.push(format!("{path}/"));
                inside_foreign = Some(path.clone());
            } else {
                foreign.push(path.clone());
            }
        }
    }
    if foreign.is_empty() {
        return Ok(listed);
    }
    let more = foreign.len().saturating_sub(NAMED);
    foreign.truncate(NAMED);
    Err(Refusal::Foreign {
        named: foreign,
        more,
        manifest,
    })
}

/// Whether any part of a relative path starts with a dot.
fn hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

/// What an entry of an output folder is; links are never followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Folder,
    File,
    /// A link, or anything else pamphlet never writes.
    Other,
}

/// Every entry under `dir`, depth first and sorted, as (relative path,
/// what it is). Links are entries of their own, never followed.
fn list(dir: &Path, prefix: &str, entries: &mut Vec<(String, Entry)>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<_> = read.flatten().collect();
    names.sort_by_key(std::fs::DirEntry::file_name);
    for entry in names {
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let kind = match entry.file_type() {
            Ok(t) if t.is_dir() => Entry::Folder,
            Ok(t) if t.is_file() => Entry::File,
            _ => Entry::Other,
        };
        entries.push((relative.clone(), kind));
        if kind == Entry::Folder {
            list(&entry.path(), &format!("{relative}/"), entries);
        }
    }
}

/// The files a manifest lists.
fn read_manifest(path: &Path) -> Result<BTreeSet<String>, Refusal> {
    let text = std::fs::read_to_string(path).map_err(|e| Refusal::BadManifest(e.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Refusal::BadManifest(e.to_string()))?;
    let files = value
        .get("files")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| Refusal::BadManifest("it has no list of files".into()))?;
    files
        .iter()
        .map(|file| {
            file.as_str()
                .filter(|f| super::is_safe_path(f))
                .map(str::to_string)
                .ok_or_else(|| Refusal::BadManifest(format!("{file} is not a file of a site")))
        })
        .collect()
}

/// The manifest's text for these files.
pub fn manifest_text(files: &BTreeSet<String>) -> String {
    let value = serde_json::json!({
        "about": "The files pamphlet wrote in this folder. The next build replaces this folder only \
                  if it holds nothing else; do not edit.",
        // A format number, not pamphlet's version: the file is published too.
        "format": 1,
        "files": files,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts_are_normalised_and_existing_ones_canonicalised() {
        let here = std::env::current_dir().unwrap().canonicalize().unwrap();
        assert_eq!(
            resolve(Path::new("missing-dir/../src")).unwrap(),
            here.join("src")
        );
        assert_eq!(
            resolve(Path::new("nope/../x/./y")).unwrap(),
            here.join("x/y")
        );
        assert_eq!(
            resolve(Path::new("src/../public")).unwrap(),
            here.join("public")
        );
        assert_eq!(resolve(Path::new(".")).unwrap(), here);
    }
}
