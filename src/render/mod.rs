//! The render stage: a pure function from a loaded [`Site`] to the files of
//! the website, as data. Pages are rendered in parallel with Tera
//! templates; nothing here touches the file system: [`crate::output`]
//! writes what [`Rendering::pages`] and [`Rendering::other_files`] return.
//! Every URL and file name comes from [`crate::routes`].

mod compact;
pub mod feeds;
pub mod languages;
mod review_sheet;
mod views;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::routes::{MANIFEST, Route, file_for};
use crate::site::Site;
use crate::theme::{StaticFile, TemplateSource};
use languages::lang;

pub use views::SiteView;

/// One page of the site to render.
#[derive(Debug, Clone)]
enum Job {
    Home,
    ArticleList {
        page: usize,
    },
    Article(usize),
    TagIndex,
    Tag {
        slug: String,
        page: usize,
    },
    Faq,
    Page(usize),
    Assessment,
    /// The clinician's review sheet of the self-assessment (not linked).
    AssessmentReview,
    NotFound,
}

/// A file of the website, as data for [`crate::output`] to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Its path in the site, e.g. `faq/index.html`.
    pub path: String,
    /// What goes in it.
    pub contents: Contents,
}

/// What a [`File`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// A page or feed made here.
    Text(String),
    /// A built-in static file, compiled into the binary.
    BuiltIn(&'static [u8]),
    /// Bytes made here (a compacted stylesheet or script).
    Bytes(Vec<u8>),
    /// A file of the site's static/ (relative to the site root), copied as
    /// it is, never read into memory.
    Copy(PathBuf),
}

/// How many files a render produced.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// Everything else: feeds, sitemap, static files.
    pub other_files: usize,
    /// For each language after the default, in site.yaml's order: its
    /// prefix, its HTML pages and its articles (for the build summary).
    pub translated: Vec<(String, usize, usize)>,
}

/// A site ready to render: its templates loaded and its pages listed.
pub struct Rendering<'a> {
    site: &'a Site,
    /// The site in each other language, in the order of `site.languages`.
    others: Vec<Site>,
    tera: Tera,
    /// Each page with the index of its language (0: the default).
    jobs: Vec<(usize, Job)>,
    /// What each language publishes, for the alternates.
    routes: languages::Routes,
    /// The `site` value of each language's templates.
    views: Vec<serde_json::Value>,
}

impl std::fmt::Debug for Rendering<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendering")
            .field("jobs", &self.jobs.len())
            .finish_non_exhaustive()
    }
}

/// Loads the templates and lists the pages of `site`; a static file that
/// would replace a generated page, or a template that does not parse, is
/// an error here, before any page is rendered.
pub fn prepare(site: &Site) -> Result<Rendering<'_>, Vec<Diagnostic>> {
    prepare_with(site, true)
}

/// [`prepare`] without its check of static/ against the generated files:
/// for a re-render after an edit that leaves the list of pages as it was
/// (so the check would find what it found last time: nothing).
pub fn prepare_same_pages(site: &Site) -> Result<Rendering<'_>, Vec<Diagnostic>> {
    prepare_with(site, false)
}

fn prepare_with(site: &Site, check_static: bool) -> Result<Rendering<'_>, Vec<Diagnostic>> {
    let others: Vec<Site> = (1..site.languages.len())
        .map(|i| languages::language_site(site, i))
        .collect();
    let sites: Vec<&Site> = std::iter::once(site).chain(&others).collect();
    let mut all_jobs = Vec::new();
    let mut routes = Vec::new();
    let mut generated = Vec::new();
    for (i, one) in sites.iter().enumerate() {
        let jobs = jobs(one);
        generated.extend(generated_files(one, &jobs));
        routes.push(jobs.iter().map(|job| route(one, job)).collect());
        all_jobs.extend(jobs.into_iter().map(|job| (i, job)));
    }
    let tag_problems = languages::tag_problems(&sites);
    if !tag_problems.is_empty() {
        return Err(tag_problems);
    }
    if check_static {
        let clashes = static_clashes(site, &generated);
        if !clashes.is_empty() {
            return Err(clashes);
        }
    }
    let tera = load_templates(site)?;
    let views = sites
        .iter()
        .map(|one| {
            serde_json::to_value(SiteView::new(one, site)).unwrap_or(serde_json::Value::Null)
        })
        .collect();
    let routes = languages::Routes::new(routes, &sites);
    Ok(Rendering {
        site,
        others,
        tera,
        jobs: all_jobs,
        routes,
        views,
    })
}

impl Rendering<'_> {
    /// The site in language `index` (0: the default).
    fn site_at(&self, index: usize) -> &Site {
        match index {
            0 => self.site,
            i => &self.others[i - 1],
        }
    }

    fn sites(&self) -> Vec<&Site> {
        std::iter::once(self.site).chain(&self.others).collect()
    }

    /// How many HTML pages [`Rendering::pages`] yields.
    pub fn page_count(&self) -> usize {
        self.jobs.len()
    }

    /// For each language after the default: its prefix, how many of the
    /// HTML pages are in it, and how many articles it has.
    pub fn translated_counts(&self) -> Vec<(String, usize, usize)> {
        self.others
            .iter()
            .enumerate()
            .map(|(i, other)| {
                let pages = self.jobs.iter().filter(|(lang, _)| *lang == i + 1).count();
                (other.prefix.clone(), pages, other.articles.len())
            })
            .collect()
    }

    /// Every HTML page, rendered in parallel as it is asked for.
    pub fn pages(&self) -> impl ParallelIterator<Item = Result<File, Diagnostic>> + '_ {
        self.jobs
            .par_iter()
            .map(|(lang, job)| self.render_job(*lang, job))
    }

    /// The file of every HTML page [`Rendering::pages`] yields, in the same
    /// order (`articles/a/index.html`).
    pub fn page_files(&self) -> Vec<String> {
        self.jobs
            .iter()
            .map(|(lang, job)| self.job_file(*lang, job))
            .collect()
    }

    /// The file one job writes, in its language.
    fn job_file(&self, lang_index: usize, job: &Job) -> String {
        let site = self.site_at(lang_index);
        file_for(&route(site, job).url_in(lang(site)))
    }

    /// Only the HTML pages whose file is in `wanted`, rendered in parallel:
    /// what `serve` re-renders after an edit.
    pub fn pages_in<'b>(
        &'b self,
        wanted: &'b std::collections::HashSet<String>,
    ) -> impl ParallelIterator<Item = Result<File, Diagnostic>> + 'b {
        self.jobs
            .par_iter()
            .filter(|(lang, job)| wanted.contains(&self.job_file(*lang, job)))
            .map(|(lang, job)| self.render_job(*lang, job))
    }

    /// The sitemap and the news feed: the files besides pages that depend
    /// on the articles (the others depend on site.yaml and static/ only).
    pub fn feeds(&self) -> Vec<File> {
        let sites = self.sites();
        let mut files = vec![File {
            path: Route::Sitemap.file(),
            contents: Contents::Text(feeds::sitemap(&sites, &self.routes)),
        }];
        for one in &sites {
            files.push(File {
                path: file_for(&Route::Atom.url_in(lang(one))),
                contents: Contents::Text(feeds::atom(one)),
            });
        }
        files
    }

    /// The feeds, the sitemap and the static files.
    pub fn other_files(&self) -> Vec<File> {
        let site = self.site;
        let text = |route: Route, text: String| File {
            path: route.file(),
            contents: Contents::Text(text),
        };
        let sites = self.sites();
        let mut files = vec![
            text(Route::Sitemap, feeds::sitemap(&sites, &self.routes)),
            text(Route::Robots, feeds::robots(site)),
            File {
                path: "_headers".into(),
                contents: Contents::Text(feeds::headers()),
            },
        ];
        for one in &sites {
            files.push(File {
                path: file_for(&Route::Atom.url_in(lang(one))),
                contents: Contents::Text(feeds::atom(one)),
            });
        }
        if let Some(css) = site.config.brand.stylesheet() {
            files.push(File {
                path: crate::brand::STYLESHEET.into(),
                contents: Contents::Text(css),
            });
        }
        // The self-assessment's script and stylesheet ship only with a self-assessment.
        let unused = |name: &str| site.assessment.is_none() && ASSESSMENT_ASSETS.contains(&name);
        for (name, file) in site.static_files.iter().filter(|(name, _)| !unused(name)) {
            files.push(File {
                path: name.clone(),
                contents: match file {
                    // pamphlet's own CSS and JS ship without comments and indentation.
                    StaticFile::BuiltIn(bytes) => match compact::built_in(name, bytes) {
                        Some(compacted) => Contents::Bytes(compacted),
                        None => Contents::BuiltIn(bytes),
                    },
                    // A site's own file is published as written, unless it is
                    // an unchanged copy of a built-in one.
                    StaticFile::Site(relative) => {
                        match compact::site_copy(name, &site.root.join(relative)) {
                            Some(compacted) => Contents::Bytes(compacted),
                            None => Contents::Copy(relative.clone()),
                        }
                    }
                },
            });
        }
        files
    }
}

/// Template problems from many pages, once each: one broken template
/// fails every page that uses it.
pub fn dedup_problems(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    crate::diagnostic::sort(&mut problems);
    problems.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.column == b.column);
    problems
}

/// The files pamphlet generates (not copied from static/), each with what
/// it is, as messages name it.
fn generated_files(site: &Site, jobs: &[Job]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = jobs
        .iter()
        .map(|job| {
            (
                file_for(&route(site, job).url_in(lang(site))),
                describe(site, job),
            )
        })
        .collect();
    if !site.prefix.is_empty() {
        files.push((
            file_for(&Route::Atom.url_in(lang(site))),
            "a language's news feed".into(),
        ));
        return files;
    }
    for (file, what) in [
        (Route::Sitemap.file(), "the sitemap"),
        (Route::Atom.file(), "the news feed"),
        (Route::Robots.file(), "the file for search engines"),
        ("_headers".into(), "the security headers"),
        (MANIFEST.into(), "the list of files a build wrote"),
    ] {
        files.push((file, what.to_string()));
    }
    if site.config.brand.stylesheet().is_some() {
        files.push((
            crate::brand::STYLESHEET.to_string(),
            "the stylesheet of site.yaml's brand colour".to_string(),
        ));
    }
    files
}

/// A file in static/ must not replace a generated page, nor stand where a
/// generated page needs a folder: each such file is an error naming both.
fn static_clashes(site: &Site, generated: &[(String, String)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, file) in &site.static_files {
        let folder = format!("{name}/");
        let clash = generated
            .iter()
            .find(|(path, _)| path == name || path.starts_with(&folder));
        if let Some((path, what)) = clash {
            let origin = file.origin(name);
            let message = if path == name {
                format!("`{origin}` would replace {what} (`{path}`), which pamphlet builds itself")
            } else {
                format!("`{origin}` is a file where {what} (`{path}`) needs a folder")
            };
            problems.push(Diagnostic::error(Path::new(&origin), message).hint(
                "rename or remove the file in static/: pages come from content/, their layout from templates/",
            ));
        }
    }
    problems
}

/// A page to render, as messages name it.
fn describe(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => "the home page".into(),
        Job::NotFound => "the page for addresses that do not exist".into(),
        Job::TagIndex => "the list of topics".into(),
        Job::ArticleList { page } => format!("page {page} of the list of articles"),
        Job::Tag { slug, page } => format!("page {page} of the topic `{slug}`"),
        Job::Article(i) => format!(
            "the page of {}",
            site.articles[*i].doc.source.path.display()
        ),
        Job::Page(i) => format!("the page of {}", site.pages[*i].doc.source.path.display()),
        Job::Faq => "the FAQ page".into(),
        Job::Assessment => "the self-assessment page".into(),
        Job::AssessmentReview => "the self-assessment's review sheet".into(),
    }
}

/// The route a job's page is published at.
fn route(site: &Site, job: &Job) -> Route {
    match job {
        Job::Home => Route::Home,
        Job::NotFound => Route::NotFound,
        Job::TagIndex => Route::TagIndex,
        Job::ArticleList { page } => Route::ArticleIndex { page: *page },
        Job::Tag { slug, page } => Route::tag(&site.tags[slug].name).with_page(*page),
        Job::Article(i) => site.articles[*i].doc.route(),
        Job::Faq => Route::Faq,
        Job::Page(i) => site.pages[*i].doc.route(),
        Job::Assessment => Route::Assessment,
        Job::AssessmentReview => Route::AssessmentReview,
    }
}

fn jobs(site: &Site) -> Vec<Job> {
    let per_page = site.config.articles_per_page;
    let mut jobs = vec![Job::Home, Job::NotFound, Job::TagIndex];
    jobs.extend(
        (1..=page_count(site.articles.len(), per_page)).map(|page| Job::ArticleList { page }),
    );
    jobs.extend((0..site.articles.len()).map(Job::Article));
    for tag in site.tags.values() {
        jobs.extend(
            (1..=page_count(tag.articles.len(), per_page)).map(|page| Job::Tag {
                slug: tag.slug.clone(),
                page,
            }),
        );
    }
    if site.faq.is_some() {
        jobs.push(Job::Faq);
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if site.assessment.is_some() {
        jobs.push(Job::Assessment);
        // The review sheet is the source's sign-off: the default language only.
        if site.prefix.is_empty() {
            jobs.push(Job::AssessmentReview);
        }
    }
    jobs
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

impl Rendering<'_> {
    fn render_job(&self, lang_index: usize, job: &Job) -> Result<File, Diagnostic> {
        let site = self.site_at(lang_index);
        let tera = &self.tera;
        let t = &self.site.strings[lang_index];
        let text = |key: &str| t.get(key).cloned().unwrap_or_default();
        let route = route(site, job);
        let path = route.url_in(lang(site));
        let (template, context) = match job {
            Job::Home => ("index.html", views::home(site)),
            Job::NotFound => ("404.html", views::not_found(site)),
            Job::TagIndex => ("tags.html", views::tag_index(site)),
            Job::ArticleList { page } => {
                let all: Vec<usize> = (0..site.articles.len()).collect();
                (
                    "list.html",
                    views::list(site, &text("articles"), None, &route, &all, *page),
                )
            }
            Job::Tag { slug, page } => {
                let tag = &site.tags[slug];
                let title = format!("{} {}", text("articles_about"), views::tag_words(&tag.name));
                (
                    "list.html",
                    views::list(site, &title, Some(&tag.name), &route, &tag.articles, *page),
                )
            }
            Job::Article(i) => ("article.html", views::article(site, *i)),
            Job::Faq => {
                let faq = site
                    .faq
                    .as_ref()
                    .expect("jobs() adds the FAQ only when there is one");
                ("faq.html", views::faq(site, faq))
            }
            Job::Page(i) => ("page.html", views::page(site, &site.pages[*i])),
            Job::Assessment => {
                let assessment = site
                    .assessment
                    .as_ref()
                    .expect("jobs() adds the assessment only when there is one");
                ("assessment.html", views::assessment(site, assessment))
            }
            Job::AssessmentReview => {
                let assessment = site
                    .assessment
                    .as_ref()
                    .expect("jobs() adds the review sheet only with an assessment");
                (
                    "assessment-review.html",
                    review_sheet::context(site, assessment),
                )
            }
        };
        let mut context = context;
        context.insert("site", &self.views[lang_index]);
        context.insert("t", t);
        let alternates = self.routes.alternates(&self.sites(), lang_index, &route);
        let others: Vec<&languages::Alternate> = alternates
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != lang_index)
            .map(|(_, a)| a)
            .collect();
        context.insert("language_links", &others);
        context.insert("x_default", &alternates.first().map(|a| a.url.clone()));
        context.insert("alternates", &alternates);
        crate::fail_point("render");
        let html = tera
            .render(template, &context)
            .map_err(|e| template_problem(self.site, &e, &path, template))?;
        Ok(File {
            path: file_for(&path),
            contents: Contents::Text(html),
        })
    }
}

/// Loads the templates and puts the site-wide values in their global context.
fn load_templates(site: &Site) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.add_raw_templates(
        site.templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str())),
    )
    .map_err(|e| vec![template_problem(site, &e, "", "")])?;
    Ok(tera)
}

/// A Tera error as a diagnostic on the template's own file and line, naming
/// the page that was being rendered.
fn template_problem(
    site: &Site,
    error: &tera::Error,
    page_path: &str,
    template: &str,
) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let name = report.map_or(template, |r| r.filename());
    let source = find_template(&site.templates, name);
    let shown_path = source.map_or_else(|| format!("templates/{name}"), |t| t.origin.clone());
    let mut message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    if !page_path.is_empty() {
        message = format!("{message} (while rendering {page_path} with {template})");
    }
    let mut diagnostic = Diagnostic::error(Path::new(&shown_path), message);
    if let (Some(report), Some(source)) = (report, source) {
        let span = report.span();
        diagnostic = diagnostic.at(&source.text, span.start_line, span.start_col + 1);
        if span.end_line == span.start_line && span.end_col > span.start_col {
            diagnostic = diagnostic.underline(span.end_col - span.start_col);
        }
    }
    let hint = if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) {
        "check the template syntax near the caret: every `{%`, `{{` and `{#` needs its closing `%}`, `}}` or `#}`"
    } else {
        "a template may use only the values pamphlet gives it; `pamphlet` README lists them per template. Guard optional ones with `{% if x is defined %}`"
    };
    diagnostic.hint(hint)
}

fn find_template<'a>(templates: &'a [TemplateSource], name: &str) -> Option<&'a TemplateSource> {
    templates.iter().find(|t| t.name == name)
}

/// Static files used only by the self-assessment page.
pub const ASSESSMENT_ASSETS: [&str; 4] = [
    "js/assessment.js",
    "css/assessment.css",
    "css/nojs.css",
    "css/review.css",
];

/// Text for a `<script type="application/ld+json">` (or JSON data) block: no
/// text can close the element or open a comment.
pub fn json_for_script(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .expect("a serde_json::Value always serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_the_script_element() {
        let json =
            json_for_script(&serde_json::json!({"name": "</script><script>alert(1)</script>"}));
        assert!(!json.contains("</script"));
        assert!(json.contains("\\u003c/script\\u003e"));
    }
}
