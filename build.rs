//! Compiles the default theme (templates/, static/) and the default site
//! (site.yaml, content/) into the binary, so `pamphlet` works anywhere and a
//! site falls back to the built-in file for anything it does not override.
//! The repository's own folders are the one copy of these defaults.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    embed(&mut code, &root, "TEMPLATES", &["templates"], true);
    embed(&mut code, &root, "STATIC", &["static"], false);
    embed(
        &mut code,
        &root,
        "DEFAULT_SITE",
        &["site.yaml", "content"],
        false,
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}

/// Writes `pub static NAME: &[(&str, &[u8])]` (or `&str` for text) listing
/// every file under the given paths, relative to the repository root.
fn embed(code: &mut String, root: &Path, name: &str, paths: &[&str], text: bool) {
    let mut files = Vec::new();
    for path in paths {
        let full = root.join(path);
        println!("cargo:rerun-if-changed={}", full.display());
        collect(root, &full, &mut files);
    }
    files.sort();
    let (kind, macro_name) = if text {
        ("&str", "include_str")
    } else {
        ("&[u8]", "include_bytes")
    };
    writeln!(
        code,
        "/// The built-in files under {}, as (path, contents).",
        paths.join(", ")
    )
    .unwrap();
    writeln!(code, "pub static {name}: &[(&str, {kind})] = &[").unwrap();
    for relative in files {
        let full = root.join(&relative);
        writeln!(
            code,
            "    ({relative:?}, {macro_name}!({:?})),",
            full.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn collect(root: &Path, path: &Path, files: &mut Vec<String>) {
    if path.is_file() {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        files.push(relative);
    } else if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            let name = entry.file_name();
            if !name.to_string_lossy().starts_with('.') {
                collect(root, &entry.path(), files);
            }
        }
    }
}
