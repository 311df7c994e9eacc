//! pamphlet: a static site generator for clinics that publish patient education.
//!
//! The build runs in one direction, each stage a module:
//!
//! 1. [`config`] reads `site.yaml`;
//! 2. [`content`] walks `content/` and parses each file's front matter;
//! 3. [`markdown`] turns each body into HTML, a table of contents and the
//!    links it makes;
//! 4. [`questionnaire`] parses, checks and compiles `content/assessment.yaml`;
//! 5. [`site`] ties it all into one [`site::Site`] and checks the links;
//! 6. [`render`] turns the site into pages (strings), in parallel;
//! 7. [`output`] writes them, and is the only module that writes.
//!
//! Every stage reports problems as [`diagnostic::Diagnostic`]s and carries on,
//! so one run shows every mistake.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
mod links;
pub mod markdown;
pub mod output;
pub mod placeholders;
pub mod questionnaire;
pub mod render;
pub mod routes;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod theme;
pub mod url_policy;
pub mod yaml;

use diagnostic::Diagnostic;
use output::{Memory, OutputError, OutputFile, Sink};
use rayon::prelude::*;
use render::{Contents, Rendered};
use site::{BuildOptions, Site};

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The site's files have mistakes (exit code 1); every one is listed.
    Content(Vec<Diagnostic>),
    /// The output could not be written (exit code 2).
    Output(OutputError),
}

/// Loads, checks and renders the site, handing every file to `sink`.
pub fn build_into(options: &BuildOptions, sink: &dyn Sink) -> Result<(Site, Rendered), BuildError> {
    let site = Site::load(options).map_err(BuildError::Content)?;
    let rendered = render_into(&site, sink)?;
    Ok((site, rendered))
}

/// Renders `site` and hands each file to `sink` as soon as it is made:
/// render makes the files, output alone writes them.
pub fn render_into(site: &Site, sink: &dyn Sink) -> Result<Rendered, BuildError> {
    let rendering = render::prepare(site).map_err(BuildError::Content)?;
    let put = |file: render::File| match file.contents {
        Contents::Text(text) => sink.put(OutputFile::text(&file.path, text)),
        Contents::BuiltIn(bytes) => sink.put(OutputFile {
            path: file.path,
            bytes: bytes.to_vec(),
        }),
        // Copied file to file: a 600 MB video costs no memory.
        Contents::Copy(relative) => sink.copy(&file.path, &site.root.join(relative)),
    };
    let failures: Vec<BuildError> = rendering
        .pages()
        .map(|page| match page {
            Ok(file) => put(file).map_err(BuildError::Output),
            Err(problem) => Err(BuildError::Content(vec![problem])),
        })
        .filter_map(Result::err)
        .collect();
    let mut problems = Vec::new();
    for failure in failures {
        match failure {
            BuildError::Content(found) => problems.extend(found),
            output => return Err(output),
        }
    }
    if !problems.is_empty() {
        return Err(BuildError::Content(render::dedup_problems(problems)));
    }
    let other = rendering.other_files();
    let other_files = other.len();
    for file in other {
        put(file).map_err(BuildError::Output)?;
    }
    Ok(Rendered {
        pages: rendering.page_count(),
        other_files,
    })
}

/// A site rendered in memory: the generated files, and the files of the
/// site's static/ as (path in the site, file on disk), never read here.
pub type InMemory = (Site, Vec<OutputFile>, Vec<(String, std::path::PathBuf)>);

/// Loads, checks and renders the site in memory: every generated file, and
/// the static files to copy, or every problem found. `serve` uses it.
pub fn build_in_memory(options: &BuildOptions) -> Result<InMemory, Vec<Diagnostic>> {
    let memory = Memory::default();
    match build_into(options, &memory) {
        Ok((site, _)) => {
            let (files, copies) = memory.into_parts();
            Ok((site, files, copies))
        }
        Err(BuildError::Content(problems)) => Err(problems),
        // Memory refuses only paths that would leave the site.
        Err(BuildError::Output(error)) => {
            Err(vec![Diagnostic::error("(output)", error.to_string())])
        }
    }
}

/// The same without the static files of the site's static/ (the built-in
/// ones are included): `check` uses it, and reads no file twice.
pub fn build_files(options: &BuildOptions) -> Result<(Site, Vec<OutputFile>), Vec<Diagnostic>> {
    build_in_memory(options).map(|(site, files, _)| (site, files))
}

/// Panics when the environment variable `PAMPHLET_FAIL_POINT` names this
/// point: how the tests prove that a bug anywhere ends as one line and exit
/// code 2 (and that `serve` survives it). Unset, it does nothing.
#[doc(hidden)]
#[track_caller]
pub fn fail_point(name: &str) {
    if std::env::var_os("PAMPHLET_FAIL_POINT").is_some_and(|point| point == name) {
        panic!("fail point `{name}` reached");
    }
}
