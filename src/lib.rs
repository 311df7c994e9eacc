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
//! [`pipeline`] is the spine: its [`pipeline::load`] runs stages 1 to 5 and is
//! the only loader; `build`, `check` and `serve` all start from it. [`cli`]
//! parses the command line and prints; [`check`], `serve` and [`scaffold`]
//! are the other commands; [`exit`] holds the exit codes they share.
//! ARCHITECTURE.md in the repository draws the arrows between them.
//!
//! Every stage reports problems as [`diagnostic::Diagnostic`]s and carries on,
//! so one run shows every mistake.

pub mod brand;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod crisis;
pub mod date;
pub mod diagnostic;
pub mod exit;
pub mod i18n;
mod links;
pub mod markdown;
pub mod output;
pub mod pipeline;
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
