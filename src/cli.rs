//! The command line: parses arguments and runs one command.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::check::{CheckOptions, report as check_report};
use crate::date::Date;
use crate::diagnostic::render_all;
use crate::pipeline::{BuildError, BuildOptions};
use crate::{exit, output, scaffold};

/// pamphlet builds a clinic's patient-education website from Markdown
/// articles and a YAML self-assessment.
#[derive(Debug, Parser)]
#[command(name = "pamphlet", version, about, long_about = None)]
pub struct Cli {
    /// The site's folder (the one with site.yaml and content/), for every
    /// command but init [default: this folder or the nearest one above it
    /// with a site.yaml]. It may also follow the command: `pamphlet build
    /// --root DIR`.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--root` for the commands that work on an existing site (all but
/// `init`, which makes a new one in the folder it is given).
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArg {
    /// The site's folder (the one with site.yaml and content/) [default:
    /// this folder or the nearest one above it with a site.yaml].
    #[arg(long = "root", value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,
}

/// pamphlet's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the website into public/ (or --out).
    Build {
        /// The site's folder.
        #[command(flatten)]
        site: SiteArg,
        /// Where to write the website (relative to the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Publish drafts too, for a private preview.
        #[arg(long)]
        drafts: bool,
        /// Use this address instead of site.yaml's base_url (for a staging site).
        #[arg(long, value_name = "URL", value_parser = crate::config::parse_base_url)]
        base_url: Option<String>,
    },
    /// Preview the website in a browser, rebuilding and reloading on every change.
    #[cfg(feature = "serve")]
    Serve {
        /// The site's folder.
        #[command(flatten)]
        site: SiteArg,
        /// The port to listen on [default: 1111, or a free one if 1111 is taken].
        #[arg(long, short, value_name = "N")]
        port: Option<u16>,
        /// The address to listen on; anything but 127.0.0.1 shows the preview to the network.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Show drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the site and write nothing: what build checks, plus review
    /// dates, reading grade, sources, accessibility and wording.
    ///
    /// Exit code 0 when it passes, 1 when there are errors (or warnings
    /// with --deny-warnings), 2 for a wrong command line.
    Check {
        /// The site's folder.
        #[command(flatten)]
        site: SiteArg,
        /// Compare review dates with this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE")]
        today: Option<Date>,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit code 1) on warnings too, as CI does.
        #[arg(long)]
        deny_warnings: bool,
        /// Also request every link to another website (needs the network).
        #[arg(long)]
        external: bool,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a file from a template.
    New {
        /// The site's folder.
        #[command(flatten)]
        site: SiteArg,
        /// What to create.
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Copy a built-in template or stylesheet into the site, ready to edit.
    ///
    /// `pamphlet customize article.html` writes templates/article.html,
    /// which then replaces the built-in one (later fixes to the built-in
    /// file no longer reach it). Never overwrites a file. Without a name,
    /// lists the files that can be customized.
    Customize {
        /// The site's folder.
        #[command(flatten)]
        site: SiteArg,
        /// The built-in file: its path (`templates/article.html`,
        /// `static/css/site.css`) or just its name (`article.html`).
        name: Option<String>,
    },
    /// Create a new clinic site in DIR from the built-in defaults.
    Init {
        /// The new site's folder (created if missing; must be empty).
        dir: PathBuf,
    },
}

/// How `pamphlet check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable report with a summary table.
    Text,
    /// One JSON object, for tools.
    Json,
}

/// What `pamphlet new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new article, as a draft, with its front matter filled in.
    Article {
        /// The article's title, e.g. "How long does relief last?".
        title: String,
    },
}

/// Runs pamphlet with these arguments (the first is the program name) and
/// returns the exit code. A bug that panics anywhere ends as one line on
/// stderr and exit code 2, never a backtrace (set `PAMPHLET_BACKTRACE=1` to
/// see Rust's own report when debugging pamphlet).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    install_panic_hook();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_command(args)))
        .unwrap_or(exit::USAGE)
}

/// Reports a panic as one line: "internal error, please report: ...". The
/// same panic on many threads at once (a bug hit by every page) is shown once.
fn install_panic_hook() {
    if std::env::var_os("PAMPHLET_BACKTRACE").is_some() {
        return;
    }
    static LAST: Mutex<Option<String>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an unexpected failure".into());
        let mut line = what.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(at) = info.location() {
            line.push_str(&format!(" (at {}:{})", at.file(), at.line()));
        }
        let mut last = LAST
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.as_deref() != Some(line.as_str()) {
            let _ = writeln!(std::io::stderr(), "internal error, please report: {line}");
            *last = Some(line);
        }
    }));
}

/// Prints to stdout; a closed pipe (`pamphlet check | head`) or terminal is
/// not an error worth a message.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints to stderr, ignoring a closed stream like [`say`].
fn tell(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn run_command<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    let given = |site: SiteArg| site.root.or_else(|| cli.root.clone());
    match cli.command {
        Command::Build {
            site,
            out,
            drafts,
            base_url,
        } => {
            let root = find_root(given(site));
            let out = out.unwrap_or_else(|| root.join("public"));
            build(
                &BuildOptions {
                    root,
                    include_drafts: drafts,
                    base_url,
                },
                &out,
            )
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            site,
            port,
            bind,
            open,
            drafts,
        } => crate::serve::run(&crate::serve::ServeOptions {
            root: find_root(given(site)),
            port,
            bind,
            open,
            drafts,
        }),
        Command::Check {
            site,
            today,
            format,
            deny_warnings,
            external,
            drafts,
        } => check(
            &CheckOptions {
                root: find_root(given(site)),
                today,
                include_drafts: drafts,
                external,
            },
            format,
            deny_warnings,
        ),
        Command::New {
            site,
            what: NewCommand::Article { title },
        } => new_article(&find_root(given(site)), &title),
        Command::Customize { site, name } => customize(&find_root(given(site)), name.as_deref()),
        Command::Init { dir } => match cli.root {
            // `--root` names an existing site; init makes a new one in DIR.
            Some(root) => {
                tell(&format!(
                    "error: `pamphlet init` makes the new site in the folder it is given, so `--root {}` has no meaning here\n  = hint: run `pamphlet init {}`\n",
                    root.display(),
                    root.display()
                ));
                exit::USAGE
            }
            None => init(&dir),
        },
    }
}

/// The site's folder: `--root` if given, otherwise the nearest folder from
/// here upwards with a site.yaml, so staff can run pamphlet from `content/`.
fn find_root(root: Option<PathBuf>) -> PathBuf {
    let here = PathBuf::from(".");
    if let Some(root) = root {
        return root;
    }
    if here.join(crate::config::FILE_NAME).is_file() {
        return here;
    }
    let current = std::env::current_dir().unwrap_or_default();
    current
        .ancestors()
        .find(|dir| dir.join(crate::config::FILE_NAME).is_file())
        .map_or(here, Path::to_path_buf)
}

/// `pamphlet build`: all or nothing, with every problem reported.
fn build(options: &BuildOptions, out: &Path) -> i32 {
    let started = Instant::now();
    let staging = match output::Staging::begin(&options.root, out) {
        Ok(staging) => staging,
        Err(error) => {
            tell(&format!("error: {error}\n"));
            return exit::USAGE;
        }
    };
    let shown = if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        format!(
            "{} (a link to {})",
            out.display(),
            staging.target().display()
        )
    } else {
        out.display().to_string()
    };
    let built = crate::pipeline::build_into(options, &staging).and_then(|built| {
        staging
            .commit()
            .map(|committed| (built, committed))
            .map_err(BuildError::Output)
    });
    let left_as_it_was = format!(
        "The previous output in {} was left as it was.\n",
        out.display()
    );
    match built {
        Ok(((site, rendered), committed)) => {
            // Each other language's share: `(12 articles; es: 21 pages, 5 articles)`.
            let translated: String = rendered
                .translated
                .iter()
                .map(|(prefix, pages, articles)| {
                    format!(
                        "; {prefix}: {}, {}",
                        crate::diagnostic::plural(*pages, "page"),
                        crate::diagnostic::plural(*articles, "article")
                    )
                })
                .collect();
            let mut text = format!(
                "Built {} ({}{translated}) and {} other files into {shown} in {} ms\n",
                crate::diagnostic::plural(rendered.pages, "page"),
                crate::diagnostic::plural(site.articles.len(), "article"),
                rendered.other_files,
                started.elapsed().as_millis()
            );
            if let Some(assessment) = &site.assessment {
                text.push_str(&crate::questionnaire::summary(assessment));
                text.push('\n');
            }
            say(&text);
            if let Some(kept) = committed.kept {
                tell(&format!(
                    "warning: files pamphlet did not write appeared in the previous output during the build; \
                     it was kept, with them, in {}\n",
                    kept.display()
                ));
            }
            if !site.drafts.is_empty() {
                let names: Vec<String> = site
                    .drafts
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect();
                println!(
                    "Not published: {} ({}); add --drafts to preview",
                    crate::diagnostic::plural(names.len(), "draft"),
                    names.join(", ")
                );
            }
            exit::OK
        }
        Err(BuildError::Content(mut problems)) => {
            tell(&format!("{}{left_as_it_was}", render_all(&mut problems)));
            exit::CONTENT
        }
        Err(BuildError::Output(error)) => {
            tell(&format!("error: {error}\n{left_as_it_was}"));
            exit::USAGE
        }
    }
}

/// `pamphlet check`: the report on stdout; exit code 1 when it fails.
fn check(options: &CheckOptions, format: Format, deny_warnings: bool) -> i32 {
    let report = crate::check::run(options);
    let text = match format {
        Format::Text => check_report::text(&report, deny_warnings),
        Format::Json => check_report::json(&report, deny_warnings),
    };
    // `check --format json | head -c 10` closes the pipe early: a quiet end.
    say(&text);
    if check_report::passed(&report, deny_warnings) {
        exit::OK
    } else {
        exit::CONTENT
    }
}

/// `pamphlet new article "Title"`.
fn new_article(root: &Path, title: &str) -> i32 {
    match scaffold::new_article(root, title, crate::config::today_at(root)) {
        Ok(path) => {
            say(&format!(
                "Created {} (a draft: it is published once it has been reviewed and `draft: true` is removed)\n",
                path.display()
            ));
            exit::OK
        }
        Err(error) => {
            tell(&format!("error: {error}\n"));
            exit::USAGE
        }
    }
}

/// `pamphlet customize [NAME]`.
fn customize(root: &Path, name: Option<&str>) -> i32 {
    let Some(name) = name else {
        let mut text = String::from(
            "Files you can customize (pamphlet customize NAME copies one into the site):\n",
        );
        for (path, _) in crate::theme::built_in_files() {
            let mark = if root.join(path).exists() {
                "  (customized)"
            } else {
                ""
            };
            text.push_str(&format!("  {path}{mark}\n"));
        }
        say(&text);
        return exit::OK;
    };
    match scaffold::customize(root, name) {
        Ok((path, built_in)) => {
            say(&format!(
                "Copied the built-in {built_in} to {}: edit it there. It replaces the built-in one \
                 from now on, so later fixes to pamphlet's {built_in} do not reach it; delete it to go back.\n",
                path.display()
            ));
            if built_in == ASSESSMENT_RUNTIME {
                // The browser half of the safety-critical evaluator.
                tell(&format!(
                    "warning: {built_in} runs the self-assessment in the browser and must agree with pamphlet's own \
                     evaluator; a changed copy is not tested against it and gets no safety fixes\n"
                ));
            }
            exit::OK
        }
        Err(error) => {
            tell(&format!("error: {error}\n"));
            exit::USAGE
        }
    }
}

/// The self-assessment's browser runtime, which `customize` warns about.
const ASSESSMENT_RUNTIME: &str = "static/js/assessment.js";

/// `pamphlet init DIR`.
fn init(dir: &Path) -> i32 {
    match scaffold::init(dir) {
        Ok(files) => {
            say(&format!(
                "Created a new clinic site in {} ({} files).\nNext: edit site.yaml, then run `pamphlet build --root {}`.\n",
                dir.display(),
                files.len(),
                dir.display()
            ));
            exit::OK
        }
        Err(error) => {
            tell(&format!("error: {error}\n"));
            exit::USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
