//! `site.yaml`: who the clinic is, how to reach it, and the content policy
//! the checks hold its pages to.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::url_policy::{self, UrlKind};
use crate::yaml;

/// The review intervals site.yaml may set, in days (a day to ten years).
pub const REVIEW_INTERVAL_DAYS: std::ops::RangeInclusive<i64> = 1..=3650;

/// The file name of the site configuration, at the site root.
pub const FILE_NAME: &str = "site.yaml";

/// Everything in `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// `true` only in pamphlet's own demo site: `pamphlet check` then allows
    /// the demo clinic's values. `pamphlet init` leaves it out, so a new
    /// clinic's site is checked for them (see `check::demo`).
    #[serde(default)]
    pub demo: bool,
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
    /// The clinic's time zone, as an IANA name (`America/Los_Angeles`):
    /// review dates are judged by the clinic's calendar, not UTC's. Without
    /// it, the machine's own time zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The site's languages, the default first (see [`crate::i18n`]).
    #[serde(default)]
    pub languages: Vec<crate::i18n::Language>,
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
    /// The line of `regions:` in site.yaml (0 when it has none), so that a
    /// problem it causes in content/assessment.yaml can say where it comes from.
    #[serde(skip)]
    pub regions_line: usize,
    /// For a language with its own region names: the default language's
    /// names, which the self-assessment's region options take their ids
    /// from, so that one answer means one place in every language (`None`:
    /// `regions` itself). Set by [`crate::i18n::localized`].
    #[serde(skip)]
    pub region_ids: Option<Vec<String>>,
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
        let mut config: SiteConfig = yaml::parse(path, source, source, 1).map_err(|d| vec![d])?;
        config.regions_line = source
            .lines()
            .position(|line| line.starts_with("regions:"))
            .map_or(0, |i| i + 1);
        let mut problems = config.problems(source);
        problems.extend(crate::crisis::problems(&config.crisis_lines, source));
        problems.extend(crate::brand::problems(&config.brand, root, source));
        problems.extend(crate::i18n::config_problems(&config, source));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The clinic's time zone: site.yaml's `timezone`, or the machine's own
    /// when site.yaml names none (a name [`SiteConfig::parse`] refused also
    /// falls back to the machine's).
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        self.timezone
            .as_deref()
            .and_then(|name| crate::date::time_zone(name).ok())
            .unwrap_or_else(jiff::tz::TimeZone::system)
    }

    /// Today's date where the clinic is.
    pub fn today(&self) -> Date {
        Date::today_in(&self.time_zone())
    }

    /// Said in the hint of a problem in content/assessment.yaml that comes
    /// from site.yaml's `regions` (a test answering with a region that was
    /// renamed): staff changed site.yaml, not the file the error is in.
    pub fn regions_note(&self) -> String {
        let line = match self.regions_line {
            0 => String::new(),
            n => format!(", line {n}"),
        };
        format!(
            "the options of `options: regions` come from `regions` in site.yaml{line}: change this answer to one of them, or the list there"
        )
    }

    /// The site's own URL for a path on it: `url("/faq/")`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    /// Checks the values that YAML types alone cannot.
    fn problems(&self, source: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at_key = |code: Code, key: &str, message: String, hint: &str| {
            Diagnostic::error(FILE_NAME, message)
                .code(code)
                .at_text(source, 0, &format!("{key}:"), 1)
                .underline(key.len())
                .hint(hint)
        };
        if let Some(name) = &self.timezone
            && let Err(unknown) = crate::date::time_zone(name)
        {
            problems.push(
                Diagnostic::error(FILE_NAME, unknown.to_string())
                    .code(Code::UnknownTimeZone)
                    .at_text(source, source.find("timezone:").unwrap_or(0), name, 1)
                    .hint(time_zone_hint(name)),
            );
        }
        if let Err(problem) = check_base_url(&self.base_url) {
            problems.push(
                Diagnostic::error(FILE_NAME, problem.message("`base_url`"))
                    .code(Code::BaseUrl)
                    .at_text(source, 0, "base_url:", 1)
                    .underline("base_url".len())
                    .hint(problem.hint()),
            );
        }
        if !self.booking_url.is_empty() {
            problems.extend(address_problem(
                source,
                "booking_url",
                &self.booking_url,
                "`booking_url`",
                "write a web address (`https://...`), a path on this site (`/contact/`), or a `tel:` or `mailto:` link",
            ));
        }
        for key in ["crisis_line", "disclaimer"] {
            let value = match key {
                "crisis_line" => &self.crisis_line,
                _ => &self.disclaimer,
            };
            problems.extend(markdown_problems(source, key, value));
        }
        for (key, value) in [
            ("name", &self.name),
            ("phone", &self.phone),
            ("crisis_line", &self.crisis_line),
            ("disclaimer", &self.disclaimer),
        ] {
            if value.trim().is_empty() {
                problems.push(at_key(
                    Code::EmptyValue,
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
                        .code(Code::DuplicateRegion)
                        .at_text(source, 0, region, 1)
                        .hint("list each region once"),
                );
            }
        }
        for link in &self.nav {
            problems.extend(address_problem(
                source,
                "nav",
                &link.path,
                &format!("the navigation path `{}`", url_policy::shown(&link.path)),
                "write site paths like `/faq/` or `/articles/`",
            ));
        }
        if !REVIEW_INTERVAL_DAYS.contains(&self.policy.review_interval_days) {
            problems.push(at_key(
                Code::OutOfRange,
                "review_interval_days",
                format!(
                    "`review_interval_days` must be between {} and {} (ten years), not {}",
                    REVIEW_INTERVAL_DAYS.start(),
                    REVIEW_INTERVAL_DAYS.end(),
                    self.policy.review_interval_days
                ),
                "365 asks for a review every year",
            ));
        }
        if self.articles_per_page == 0 {
            problems.push(at_key(
                Code::OutOfRange,
                "articles_per_page",
                "`articles_per_page` must be at least 1".into(),
                "20 is a good size for a phone",
            ));
        }
        problems
    }
}

/// Today's date in the clinic's time zone for the site at `root`, read from
/// its site.yaml; the machine's date when there is no readable site.yaml.
/// For commands that do not load the site (`pamphlet new article`).
pub fn today_at(root: &Path) -> Date {
    std::fs::read_to_string(root.join(FILE_NAME))
        .ok()
        .and_then(|source| {
            yaml::parse::<SiteConfig>(Path::new(FILE_NAME), &source, &source, 1).ok()
        })
        .map_or_else(Date::today, |config| config.today())
}

/// A hint for an unknown time-zone name: a close IANA name if there is one
/// (`America/Los_Angles`), else how the names are written.
fn time_zone_hint(name: &str) -> String {
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .collect();
    match did_you_mean(name, names.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "write the zone as Region/City, like America/Los_Angeles, America/Chicago or Europe/London (the list is at https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)".to_string(),
    }
}

/// What is wrong with a `base_url` (site.yaml's or `--base-url`'s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlProblem {
    /// Not `https://…` or `http://…` followed by a host name.
    NotWeb(String),
    /// A space, tab, line break or other control character.
    Whitespace,
    /// A path, query or fragment after the host.
    HasPath(String),
}

impl BaseUrlProblem {
    /// The message, for the value named `name` (`` `base_url` ``, `` `--base-url` ``).
    pub fn message(&self, name: &str) -> String {
        match self {
            BaseUrlProblem::NotWeb(url) => {
                format!("{name} must be a full web address, not `{url}`")
            }
            BaseUrlProblem::Whitespace => {
                format!("{name} contains a space, tab or line break")
            }
            BaseUrlProblem::HasPath(path) => {
                format!("{name} must not have a path (`{path}`)")
            }
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            BaseUrlProblem::NotWeb(_) => "write it like `https://www.example.org`",
            BaseUrlProblem::Whitespace => {
                "write the address on one line, with no spaces, like `https://www.example.org`"
            }
            BaseUrlProblem::HasPath(_) => {
                "pages link to each other from the root of the host (`/faq/`), so the site must be published at the root of its own host: use `https://www.example.org` or a sub-domain like `https://clinic.example.org`"
            }
        }
    }
}

/// Checks a base URL: `http(s)://host[:port]`, an optional final `/`, and
/// nothing else. The same rule holds for site.yaml's `base_url` and for
/// `--base-url`, since both end up in sitemap.xml, robots.txt, the feed
/// and the JSON-LD.
pub fn check_base_url(url: &str) -> Result<(), BaseUrlProblem> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BaseUrlProblem::Whitespace);
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
        .ok_or_else(|| BaseUrlProblem::NotWeb(url.to_string()))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, after) = rest.split_at(host_end);
    let valid_host = !host.is_empty()
        && !host.starts_with(['.', '-', ':'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid_host {
        return Err(BaseUrlProblem::NotWeb(url.to_string()));
    }
    if !after.is_empty() && after != "/" {
        return Err(BaseUrlProblem::HasPath(after.to_string()));
    }
    Ok(())
}

/// `--base-url` as clap reads it: checked like site.yaml's `base_url`, so a
/// wrong value is a usage error (exit code 2) before anything is built.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|problem| format!("{}; {}", problem.message("the value"), problem.hint()))
}

/// Where `value`, written under `key`, stands in site.yaml: the value
/// itself if it stands there literally, else the key.
fn locate(source: &str, key: &str, value: &str, message: String) -> Diagnostic {
    let key_at = source.find(&format!("{key}:")).unwrap_or(0);
    let diagnostic = Diagnostic::error(FILE_NAME, message);
    match source[key_at..].find(value).filter(|_| !value.is_empty()) {
        Some(i) => diagnostic
            .at_offset(source, key_at + i)
            .underline(value.chars().count()),
        // Written with escapes (`"\t"`): point at the key.
        None => diagnostic.at_offset(source, key_at).underline(key.len()),
    }
}

/// An address in site.yaml held to the URL policy; a relative one must be
/// a path from the site's root (it is used on every page).
fn address_problem(
    source: &str,
    key: &str,
    value: &str,
    what: &str,
    root_hint: &str,
) -> Option<Diagnostic> {
    let (message, hint) = match url_policy::classify(value) {
        Err(refusal) => (refusal.message(what), refusal.hint()),
        Ok(UrlKind::Relative) if !value.starts_with('/') => {
            (format!("{what} must start with `/`"), root_hint)
        }
        Ok(UrlKind::Relative | UrlKind::Web | UrlKind::Mail | UrlKind::Phone) => return None,
    };
    Some(locate(source, key, value, message).hint(hint))
}

/// The URL policy's problems in a Markdown field of site.yaml.
fn markdown_problems(source: &str, key: &str, text: &str) -> Vec<Diagnostic> {
    crate::markdown::snippet_problems(text)
        .into_iter()
        .map(|p| locate(source, key, &p.written, p.message).hint(p.hint))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_a_host_and_nothing_more() {
        for good in [
            "https://www.example.org",
            "https://www.example.org/",
            "HTTP://localhost:8080",
            "http://[::1]:1111",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, problem) in [
            (
                "javascript:alert(1)",
                BaseUrlProblem::NotWeb("javascript:alert(1)".into()),
            ),
            ("https://", BaseUrlProblem::NotWeb("https://".into())),
            (
                "https://user@example.org",
                BaseUrlProblem::NotWeb("https://user@example.org".into()),
            ),
            (
                "https://example.org\nDisallow: /",
                BaseUrlProblem::Whitespace,
            ),
            ("https://example.org /", BaseUrlProblem::Whitespace),
            (
                "https://example.org/clinic",
                BaseUrlProblem::HasPath("/clinic".into()),
            ),
            (
                "https://example.org?a=1",
                BaseUrlProblem::HasPath("?a=1".into()),
            ),
            (
                "https://example.org#top",
                BaseUrlProblem::HasPath("#top".into()),
            ),
        ] {
            assert_eq!(check_base_url(bad), Err(problem), "{bad:?}");
        }
    }
}
