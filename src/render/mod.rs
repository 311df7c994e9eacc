//! The render stage: a pure function from a loaded [`Site`] to the files of
//! the website, as strings and bytes. Pages are rendered in parallel with
//! Tera templates; nothing here touches the file system.

mod compact;
pub mod feeds;
mod review_sheet;
mod views;

use std::path::Path;

use rayon::prelude::*;
use tera::Tera;

use crate::content::slugify;
use crate::diagnostic::Diagnostic;
use crate::output::{OutputError, OutputFile, Sink};
use crate::site::Site;
use crate::theme::{StaticFile, TemplateSource};

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

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// Templates failed; each problem names the template and the page.
    Templates(Vec<Diagnostic>),
    /// A file could not be written.
    Output(OutputError),
}

/// How many files a render produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// Everything else: feeds, sitemap, static files.
    pub other_files: usize,
}

/// Renders every page, feed and static file of `site` and hands each file to
/// `sink` as soon as it is made. Pages render in parallel.
pub fn render_site(site: &Site, sink: &dyn Sink) -> Result<Rendered, RenderError> {
    let jobs = jobs(site);
    let generated = generated_files(site, &jobs);
    let clashes = static_clashes(site, &generated);
    if !clashes.is_empty() {
        return Err(RenderError::Templates(clashes));
    }
    let tera = load_templates(site).map_err(RenderError::Templates)?;
    let failures: Vec<Result<(), RenderError>> = jobs
        .par_iter()
        .map(|job| {
            let file = render_job(site, &tera, job).map_err(|d| RenderError::Templates(vec![d]))?;
            sink.put(file).map_err(RenderError::Output)
        })
        .filter(Result::is_err)
        .collect();
    let mut problems = Vec::new();
    for failure in failures {
        match failure {
            Err(RenderError::Templates(found)) => problems.extend(found),
            Err(output) => return Err(output),
            Ok(()) => {}
        }
    }
    if !problems.is_empty() {
        // One broken template fails every page that uses it; say so once.
        crate::diagnostic::sort(&mut problems);
        problems.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.column == b.column);
        return Err(RenderError::Templates(problems));
    }
    let other = [
        OutputFile::text("sitemap.xml", feeds::sitemap(site)),
        OutputFile::text("atom.xml", feeds::atom(site)),
        OutputFile::text("robots.txt", feeds::robots(site)),
        OutputFile::text("_headers", feeds::headers()),
    ];
    let mut other = other.to_vec();
    if let Some(css) = site.config.brand.stylesheet() {
        other.push(OutputFile::text(crate::brand::STYLESHEET, css));
    }
    let mut other_files = other.len();
    for file in other {
        sink.put(file).map_err(RenderError::Output)?;
    }
    // The self-assessment's script and stylesheet ship only with a self-assessment.
    let unused = |name: &str| site.assessment.is_none() && ASSESSMENT_ASSETS.contains(&name);
    for (name, file) in site.static_files.iter().filter(|(name, _)| !unused(name)) {
        match file {
            StaticFile::BuiltIn(bytes) => sink.put(OutputFile {
                path: name.clone(),
                bytes: compact::built_in(name, bytes).unwrap_or_else(|| bytes.to_vec()),
            }),
            // Copied file to file: a 600 MB video costs no memory.
            StaticFile::Site(relative) => {
                let path = site.root.join(relative);
                match compact::site_copy(name, &path) {
                    Some(bytes) => sink.put(OutputFile {
                        path: name.clone(),
                        bytes,
                    }),
                    None => sink.copy(name, &path),
                }
            }
        }
        .map_err(RenderError::Output)?;
        other_files += 1;
    }
    Ok(Rendered {
        pages: jobs.len(),
        other_files,
    })
}

/// The files pamphlet generates (not copied from static/), each with what
/// it is, as messages name it.
fn generated_files(site: &Site, jobs: &[Job]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = jobs
        .iter()
        .map(|job| (file_for(&job_url(site, job)), describe(site, job)))
        .collect();
    for (file, what) in [
        ("sitemap.xml", "the sitemap"),
        ("atom.xml", "the news feed"),
        ("robots.txt", "the file for search engines"),
        ("_headers", "the security headers"),
        (crate::output::MANIFEST, "the list of files a build wrote"),
    ] {
        files.push((file.to_string(), what.to_string()));
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

/// The URL path a job's page is published at.
fn job_url(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => "/".to_string(),
        Job::NotFound => "/404.html".to_string(),
        Job::TagIndex => "/tags/".to_string(),
        Job::ArticleList { page } => list_page_path("/articles/", *page),
        Job::Tag { slug, page } => {
            list_page_path(&format!("/tags/{}/", slugify(&site.tags[slug].name)), *page)
        }
        Job::Article(i) => site.articles[*i].doc.url_path(),
        Job::Faq => site
            .faq
            .as_ref()
            .map_or_else(|| "/faq/".into(), |f| f.doc.url_path()),
        Job::Page(i) => site.pages[*i].doc.url_path(),
        Job::Assessment => "/assessment/".to_string(),
        Job::AssessmentReview => review_sheet::PATH.to_string(),
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
        jobs.push(Job::AssessmentReview);
    }
    jobs
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The URL path of page `page` (1-based) of a paginated list at `base`.
pub fn list_page_path(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// The file an URL path is written to: `/faq/` → `faq/index.html`.
fn file_for(url_path: &str) -> String {
    let trimmed = url_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

fn render_job(site: &Site, tera: &Tera, job: &Job) -> Result<OutputFile, Diagnostic> {
    let path = job_url(site, job);
    let (template, context) = match job {
        Job::Home => ("index.html", views::home(site)),
        Job::NotFound => ("404.html", views::not_found(site)),
        Job::TagIndex => ("tags.html", views::tag_index(site)),
        Job::ArticleList { page } => {
            let all: Vec<usize> = (0..site.articles.len()).collect();
            (
                "list.html",
                views::list(site, "Articles", None, "/articles/", &all, *page),
            )
        }
        Job::Tag { slug, page } => {
            let tag = &site.tags[slug];
            let base = format!("/tags/{}/", slugify(&tag.name));
            let title = format!("Articles about {}", views::tag_words(&tag.name));
            (
                "list.html",
                views::list(site, &title, Some(&tag.name), &base, &tag.articles, *page),
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
    crate::fail_point("render");
    let html = tera
        .render(template, &context)
        .map_err(|e| template_problem(site, &e, &path, template))?;
    Ok(OutputFile::text(&file_for(&path), html))
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
    tera.global_context().insert("site", &SiteView::new(site));
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

    #[test]
    fn pretty_urls_map_to_index_files() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/articles/page/2/"), "articles/page/2/index.html");
        assert_eq!(file_for("/404.html"), "404.html");
        assert_eq!(list_page_path("/tags/x/", 1), "/tags/x/");
        assert_eq!(list_page_path("/tags/x/", 3), "/tags/x/page/3/");
    }
}
