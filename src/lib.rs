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

pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod markdown;
pub mod output;
pub mod questionnaire;
pub mod render;
pub mod scaffold;
pub mod site;
pub mod theme;
pub mod yaml;

use diagnostic::Diagnostic;
use output::OutputFile;
use site::{BuildOptions, Site};

/// Loads, checks and renders the site in memory: every file of the website,
/// or every problem found. `build` writes the files; `serve` serves them.
pub fn build_files(options: &BuildOptions) -> Result<(Site, Vec<OutputFile>), Vec<Diagnostic>> {
    let site = Site::load(options)?;
    let files = render::render_site(&site)?;
    Ok((site, files))
}
