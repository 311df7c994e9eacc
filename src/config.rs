//! `site.yaml`: who the clinic is, how to reach it, and the content policy
//! the checks hold its pages to.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::yaml;

/// The file name of the site configuration, at the site root.
pub const FILE_NAME: &str = "site.yaml";

/// Everything in `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The clinic's name, shown in every page's header and title.
    pub name: String,
    /// A short line under the name on the home page.
    #[serde(default)]
    pub tagline: String,
    /// The home page's description for search engines and link previews.
    pub description: String,
    /// Where the site will be published, e.g. `https://www.example.org`.
    pub base_url: String,
    /// The language of the content, as a BCP 47 tag (`en-US`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The clinic's phone number, shown in every footer.
    pub phone: String,
    /// The clinic's email address.
    #[serde(default)]
    pub email: String,
    /// The clinic's postal address.
    #[serde(default)]
    pub address: String,
    /// The states or regions the clinic serves; the self-assessment's
    /// residence question can take its options from this list.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Where patients book a consultation (a URL, `tel:` or `mailto:` link).
    #[serde(default)]
    pub booking_url: String,
    /// What to do in a crisis (Markdown), shown in every footer.
    pub crisis_line: String,
    /// The crisis services to call, text or chat with, as tap targets.
    #[serde(default = "crate::crisis::default_lines")]
    pub crisis_lines: Vec<crate::crisis::CrisisLine>,
    /// The clinic's logo and colour (optional).
    #[serde(default)]
    pub brand: crate::brand::Brand,
    /// The medical disclaimer (Markdown), shown under every article.
    pub disclaimer: String,
    /// The links in the header, in order.
    #[serde(default)]
    pub nav: Vec<NavLink>,
    /// How many articles a list page shows before it continues on the next.
    #[serde(default = "default_per_page")]
    pub articles_per_page: usize,
    /// The content policy that `pamphlet check` enforces.
    #[serde(default)]
    pub policy: Policy,
}

/// One link in the site's header navigation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    /// The link text.
    pub title: String,
    /// A path on the site, like `/faq/`.
    pub path: String,
}

/// The content policy a clinic holds its pages to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// How long after `last_reviewed` an article's review falls due, when it
    /// has no `next_review` of its own.
    pub review_interval_days: i64,
    /// The highest Flesch-Kincaid grade allowed without a warning.
    pub max_grade: f64,
    /// Phrases patient text must not use (matched without regard to case).
    pub avoid_phrases: Vec<String>,
    /// How serious each kind of check is.
    pub severity: CheckSeverity,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            review_interval_days: 365,
            max_grade: 8.0,
            avoid_phrases: ["guaranteed", "cure", "you have depression", "miracle"]
                .map(String::from)
                .to_vec(),
            severity: CheckSeverity::default(),
        }
    }
}

/// Whether a failed check is an error or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Reported; fails only with `--deny-warnings`.
    Warn,
    /// Fails the check.
    Error,
}

/// The level of each family of checks that `pamphlet check` runs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckSeverity {
    /// Review dates that have passed.
    pub review: Level,
    /// Pages above the maximum reading grade.
    pub readability: Level,
    /// Claims without sources, uncited references.
    pub sources: Level,
    /// Accessibility of the content (alt text, heading order, link text).
    pub accessibility: Level,
    /// Phrases from `avoid_phrases`.
    pub wording: Level,
}

impl Default for CheckSeverity {
    fn default() -> Self {
        CheckSeverity {
            review: Level::Error,
            readability: Level::Warn,
            sources: Level::Error,
            accessibility: Level::Error,
            wording: Level::Error,
        }
    }
}

fn default_language() -> String {
    "en".into()
}

fn default_per_page() -> usize {
    20
}

impl SiteConfig {
    /// Reads and checks `site.yaml` in `root`. `source` is the file's text
    /// (read by the caller so that tests and `serve` can pass their own).
    pub fn parse(root: &Path, source: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = Path::new(FILE_NAME);
        let config: SiteConfig = yaml::parse(path, source, source, 1).map_err(|d| vec![d])?;
        let mut problems = config.problems(source);
        problems.extend(crate::crisis::problems(&config.crisis_lines, source));
        problems.extend(crate::brand::problems(&config.brand, root, source));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The site's own URL for a path on it: `url("/faq/")`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    /// Checks the values that YAML types alone cannot.
    fn problems(&self, source: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at_key = |key: &str, message: String, hint: &str| {
            Diagnostic::error(FILE_NAME, message)
                .at_text(source, 0, &format!("{key}:"), 1)
                .underline(key.len())
                .hint(hint)
        };
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            problems.push(at_key(
                "base_url",
                format!(
                    "`base_url` must be a full web address, not `{}`",
                    self.base_url
                ),
                "write it like `https://www.example.org`",
            ));
        }
        for (key, value) in [
            ("name", &self.name),
            ("phone", &self.phone),
            ("crisis_line", &self.crisis_line),
            ("disclaimer", &self.disclaimer),
        ] {
            if value.trim().is_empty() {
                problems.push(at_key(
                    key,
                    format!("`{key}` must not be empty"),
                    "every page shows it; fill it in",
                ));
            }
        }
        let mut seen = HashSet::new();
        for region in &self.regions {
            if !seen.insert(region.to_lowercase()) {
                problems.push(
                    Diagnostic::error(FILE_NAME, format!("the region `{region}` is listed twice"))
                        .at_text(source, 0, region, 1)
                        .hint("list each region once"),
                );
            }
        }
        for link in &self.nav {
            if !link.path.starts_with('/') && !link.path.contains("://") {
                problems.push(
                    Diagnostic::error(
                        FILE_NAME,
                        format!("the navigation path `{}` must start with `/`", link.path),
                    )
                    .at_text(source, 0, &link.path, 1)
                    .hint("write site paths like `/faq/` or `/articles/`"),
                );
            }
        }
        if self.articles_per_page == 0 {
            problems.push(at_key(
                "articles_per_page",
                "`articles_per_page` must be at least 1".into(),
                "20 is a good size for a phone",
            ));
        }
        problems
    }
}
