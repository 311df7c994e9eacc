//! A small builder for end-to-end tests, in the spirit of mdBook's
//! `BookTest`: copy a fixture site into a fresh folder, change files, run
//! the real `pamphlet` binary and look at what it printed and wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A site in its own temporary folder.
pub struct SiteTest {
    /// The site's root folder.
    pub root: PathBuf,
}

/// What one run of `pamphlet` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl SiteTest {
    /// A fresh, empty folder.
    pub fn empty(name: &str) -> SiteTest {
        let id = NEXT_ID.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{name}-{}-{id}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        SiteTest { root }
    }

    /// A copy of `tests/fixtures/<fixture>`.
    pub fn from_fixture(fixture: &str) -> SiteTest {
        let test = SiteTest::empty(fixture);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
            &test.root,
        );
        test
    }

    /// Writes (or replaces) a file of the site.
    pub fn file(self, relative: &str, contents: impl AsRef<[u8]>) -> SiteTest {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Removes a file of the site.
    pub fn remove(self, relative: &str) -> SiteTest {
        std::fs::remove_file(self.root.join(relative)).unwrap();
        self
    }

    /// Runs `pamphlet ARGS --root <site>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(&self.root, args)
    }

    /// `pamphlet build` into the site's `public/`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A built or source file's text.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root.join(relative))
            .unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Whether a file exists in the site folder.
    pub fn exists(&self, relative: &str) -> bool {
        self.root.join(relative).exists()
    }

    /// Every file under `relative`, with its bytes, for before/after comparisons.
    pub fn snapshot(&self, relative: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        collect(&self.root.join(relative), &self.root, &mut files);
        files.sort();
        files
    }

    /// Builds, expecting failure, and returns stderr with the temp path replaced by `[ROOT]`.
    pub fn build_errors(&self) -> String {
        let run = self.build();
        run.expect_code(1);
        run.stderr
            .replace(&self.root.display().to_string(), "[ROOT]")
    }

    /// The `<main>` element of a built page: the part that differs between pages.
    pub fn main_of(&self, relative: &str) -> String {
        let html = self.read(relative);
        let start = html.find("<main").expect("a <main> element");
        let end = html.find("</main>").expect("a </main>") + "</main>".len();
        html[start..end].to_string()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn collect(dir: &Path, root: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, files);
        } else {
            files.push((
                path.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&path).unwrap(),
            ));
        }
    }
}

impl SiteTest {
    /// Runs `pamphlet ARGS` in the site's folder, without `--root` (for
    /// `init`, which takes none).
    pub fn run_bare(&self, args: &[&str]) -> Run {
        run_pamphlet(&self.root, args.iter().map(std::ffi::OsStr::new))
    }

    /// Runs `pamphlet ARGS --root <site>` in the folder `dir`.
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Run {
        let args = args.iter().map(std::ffi::OsStr::new);
        let root = [std::ffi::OsStr::new("--root"), self.root.as_os_str()];
        run_pamphlet(dir, args.chain(root))
    }

    /// The site's root, resolved the way pamphlet resolves paths.
    pub fn canonical(&self) -> PathBuf {
        self.root.canonicalize().unwrap()
    }
}

/// Runs the pamphlet binary with `args` in `dir` and keeps what it printed.
fn run_pamphlet<'a>(dir: &Path, args: impl IntoIterator<Item = &'a std::ffi::OsStr>) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the pamphlet binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Everything under `dir`, links not followed, one line each: `d path/`,
/// `l path -> target`, `f path <bytes>` (the contents, lossy): the exact file
/// system state to compare before and after.
pub fn tree(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let to = std::fs::read_link(entry.path()).unwrap();
                out.push(format!("l {name} -> {}", to.display()));
            } else if kind.is_dir() {
                out.push(format!("d {name}/"));
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                let bytes = std::fs::read(entry.path()).unwrap();
                out.push(format!("f {name} {}", String::from_utf8_lossy(&bytes)));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out
}
