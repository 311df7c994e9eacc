//! The site model: everything loaded, checked and ready to render, in one
//! [`Site`] value. Rendering is a pure function of it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::content::{self, Document};
use crate::diagnostic::{Diagnostic, did_you_mean};
pub use crate::markdown::Heading;
use crate::markdown::{self, LinkTarget, Rendered};
use crate::questionnaire::{self, Assessment};
use crate::routes::{self, Route};
use crate::theme::{self, TemplateSource};

/// What the CLI asks of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (with site.yaml and content/).
    pub root: PathBuf,
    /// Publish drafts too (for previews).
    pub include_drafts: bool,
    /// Use this instead of site.yaml's `base_url` (for staging sites).
    pub base_url: Option<String>,
}

/// A Markdown page with its rendered body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file and its front matter.
    pub doc: Document,
    /// The body as HTML, with its headings and links.
    pub rendered: Rendered,
}

/// A tag and the articles that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The tag as first written (`Maintenance`).
    pub name: String,
    /// Its URL part (`maintenance`).
    pub slug: String,
    /// Indexes into [`Site::articles`], in list order.
    pub articles: Vec<usize>,
}

/// Everything a build needs, loaded and checked.
#[derive(Debug)]
pub struct Site {
    /// The site's folder.
    pub root: PathBuf,
    /// site.yaml, with any `--base-url` applied.
    pub config: SiteConfig,
    /// Published articles in list order: `weight` first, then newest, then title.
    pub articles: Vec<Page>,
    /// The FAQ, if the site has one.
    pub faq: Option<Page>,
    /// Other pages (about, privacy…), by `weight` then title.
    pub pages: Vec<Page>,
    /// The self-assessment, if the site has one.
    pub assessment: Option<Assessment>,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
    /// Templates: the built-in ones with the site's overrides.
    pub templates: Vec<TemplateSource>,
    /// Static files to publish, by path under the site.
    pub static_files: BTreeMap<String, theme::StaticFile>,
    /// Drafts left out of this build (none with `--drafts`), for the summary.
    pub drafts: Vec<PathBuf>,
}

impl Site {
    /// Loads and checks the whole site. Returns every problem found in every
    /// file, not only the first.
    pub fn load(options: &BuildOptions) -> Result<Site, Vec<Diagnostic>> {
        let root = &options.root;
        let mut problems = Vec::new();
        let config = load_config(root, options.base_url.as_deref())
            .map_err(|p| problems.extend(p))
            .ok();
        let (content, found) = content::load(root, options.include_drafts);
        problems.extend(found);
        let templates = theme::templates(root).map_err(|p| problems.extend(p)).ok();
        let static_files = theme::static_files(root)
            .map_err(|p| problems.extend(p))
            .ok();

        let render = |docs: Vec<Document>| -> (Vec<Page>, Vec<Diagnostic>) {
            let results: Vec<(Page, Vec<Diagnostic>)> = docs
                .into_par_iter()
                .map(|doc| {
                    let (rendered, found) = crate::placeholders::render(&doc, config.as_ref());
                    (Page { doc, rendered }, found)
                })
                .collect();
            let mut found = Vec::new();
            let pages = results
                .into_iter()
                .map(|(page, p)| {
                    found.extend(p);
                    page
                })
                .collect();
            (pages, found)
        };
        let (mut articles, found) = render(content.articles);
        problems.extend(found);
        let (mut pages, found) = render(content.pages);
        problems.extend(found);
        let (mut faq, found) = render(content.faq.into_iter().collect());
        problems.extend(found);
        let faq = faq.pop();

        if let Some(source) = &content.assessment {
            problems.extend(assessment_url_problems(&source.text));
        }
        let assessment = match (&content.assessment, &config) {
            (Some(source), Some(config)) => questionnaire::load(&source.text, config)
                .map_err(|p| problems.extend(p))
                .ok(),
            _ => None,
        };

        sort_articles(&mut articles);
        pages.sort_by(|a, b| {
            (a.doc.meta.weight.unwrap_or(i64::MAX), &a.doc.meta.title)
                .cmp(&(b.doc.meta.weight.unwrap_or(i64::MAX), &b.doc.meta.title))
        });
        let tags = index_tags(&articles);

        if let Some(static_files) = &static_files {
            let links = LinkIndex::new(
                &articles,
                &pages,
                faq.as_ref(),
                content.assessment.is_some(),
                &tags,
                static_files,
                (&content.drafts, &content.broken),
                config.as_ref().map_or("", |c| c.base_url.as_str()),
            );
            let all = articles.iter().chain(&pages).chain(faq.as_ref());
            let found: Vec<Diagnostic> = all
                .collect::<Vec<_>>()
                .par_iter()
                .flat_map_iter(|page| links.check(page))
                .collect();
            problems.extend(found);
        }

        match (config, templates, static_files) {
            (Some(config), Some(templates), Some(static_files)) if problems.is_empty() => {
                Ok(Site {
                    root: root.clone(),
                    config,
                    articles,
                    faq,
                    pages,
                    assessment,
                    tags,
                    templates,
                    static_files,
                    drafts: content.drafts,
                })
            }
            _ => Err(problems),
        }
    }

    /// site.yaml's crisis line text as HTML, for every page's header.
    pub fn crisis_line_html(&self) -> String {
        markdown::snippet(&self.config.crisis_line)
    }

    /// site.yaml's disclaimer as HTML, for every page's footer.
    pub fn disclaimer_html(&self) -> String {
        markdown::snippet(&self.config.disclaimer)
    }

    /// Articles that share a tag with `index`: most shared tags first, then
    /// in list order; at most `limit`.
    ///
    /// Each tag's list is in ascending article order, so one merge walk over
    /// the article's own tags counts the shared tags of every candidate
    /// without hashing or sorting, and stops once nothing later can rank higher.
    pub fn related(&self, index: usize, limit: usize) -> Vec<usize> {
        let lists: Vec<&[usize]> = self.articles[index]
            .doc
            .meta
            .tags
            .iter()
            .filter_map(|tag| self.tags.get(&routes::slug(tag)))
            .map(|tag| tag.articles.as_slice())
            .collect();
        let most_possible = lists.len();
        let mut heads = vec![0; lists.len()];
        // (shared tags, article), best first.
        let mut best: Vec<(usize, usize)> = Vec::with_capacity(limit + 1);
        while let Some(current) = lists
            .iter()
            .zip(&heads)
            .filter_map(|(list, &head)| list.get(head).copied())
            .min()
        {
            let mut shared = 0;
            for (list, head) in lists.iter().zip(heads.iter_mut()) {
                if list.get(*head) == Some(&current) {
                    shared += 1;
                    *head += 1;
                }
            }
            if current == index {
                continue;
            }
            let position = best
                .iter()
                .position(|&(s, _)| s < shared)
                .unwrap_or(best.len());
            if position < limit {
                best.insert(position, (shared, current));
                best.truncate(limit);
            }
            if best.len() == limit && best.iter().all(|&(s, _)| s == most_possible) {
                break;
            }
        }
        best.into_iter().map(|(_, article)| article).collect()
    }
}

fn load_config(root: &Path, base_url: Option<&str>) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = Path::new(config::FILE_NAME);
    if !root.join(path).is_file() {
        return Err(vec![Diagnostic::error(path, "there is no site.yaml here").hint(format!(
            "run pamphlet in the site's folder, pass `--root DIR`, or create a site with `pamphlet init {}`",
            root.display()
        ))]);
    }
    let source = content::read_text(root, path).map_err(|d| vec![d])?;
    let mut config = SiteConfig::parse(root, &source.text)?;
    if let Some(url) = base_url {
        // The CLI checks `--base-url` as it reads it; this keeps the rule
        // for every other caller of the loader.
        if let Err(problem) = config::check_base_url(url) {
            return Err(vec![
                Diagnostic::error("--base-url", problem.message("`--base-url`"))
                    .hint(problem.hint()),
            ]);
        }
        config.base_url = url.trim_end_matches('/').to_string();
    }
    Ok(config)
}

/// The URL policy in the self-assessment's Markdown texts (`intro`,
/// `credit`, each outcome's `title` and `body`): the questionnaire renders
/// them with [`markdown::snippet`], which leaves out what the policy
/// refuses; this reports it, at the place it stands in the file.
fn assessment_url_problems(source: &str) -> Vec<Diagnostic> {
    use serde_yaml::Value;
    const FILE: &str = "content/assessment.yaml";
    // A file that is not valid YAML is reported by the questionnaire.
    let Ok(Value::Mapping(file)) = crate::yaml::parse::<Value>(Path::new(FILE), source, source, 1)
    else {
        return Vec::new();
    };
    let mut texts: Vec<(usize, &str)> = Vec::new();
    for key in ["intro", "credit"] {
        if let Some(Value::String(text)) = file.get(key) {
            texts.push((source.find(&format!("{key}:")).unwrap_or(0), text));
        }
    }
    if let Some(Value::Sequence(outcomes)) = file.get("outcomes") {
        let mut from = source.find("outcomes:").unwrap_or(0);
        for outcome in outcomes {
            if let Some(Value::String(id)) = outcome.get("id") {
                from = source[from..].find(id.as_str()).map_or(from, |i| from + i);
            }
            for key in ["title", "body"] {
                if let Some(Value::String(text)) = outcome.get(key) {
                    texts.push((from, text));
                }
            }
        }
    }
    let mut problems = Vec::new();
    for (from, text) in texts {
        for problem in markdown::snippet_problems(text) {
            let line = crate::diagnostic::line_col(source, from).0;
            problems.push(
                Diagnostic::error(FILE, problem.message)
                    .at_text(source, from, &problem.written, line)
                    .hint(problem.hint),
            );
        }
    }
    problems
}

/// List order: lower `weight` first (unweighted last), then newest, then by title.
fn sort_articles(articles: &mut [Page]) {
    articles.sort_by(|a, b| {
        let (ma, mb) = (&a.doc.meta, &b.doc.meta);
        ma.weight
            .unwrap_or(i64::MAX)
            .cmp(&mb.weight.unwrap_or(i64::MAX))
            .then(mb.date.cmp(&ma.date))
            .then(ma.title.cmp(&mb.title))
    });
}

fn index_tags(articles: &[Page]) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        let mut seen = HashSet::new();
        for name in &article.doc.meta.tags {
            let slug = routes::slug(name);
            if seen.insert(slug.clone()) {
                tags.entry(slug.clone())
                    .or_insert_with(|| Tag {
                        name: name.clone(),
                        slug,
                        articles: Vec::new(),
                    })
                    .articles
                    .push(i);
            }
        }
    }
    tags
}

/// Everything a link may point at, by the URL it will have once built, so
/// a link and its target are compared as the reader's browser will.
struct LinkIndex {
    /// URL of a content page → its source file and the anchors in it.
    pages: HashMap<String, (PathBuf, HashSet<String>)>,
    /// Every URL path that exists (`/articles/`, `/images/a.png`…).
    paths: HashSet<String>,
    /// URLs of drafts left out of this build.
    drafts: HashSet<String>,
    /// URLs of files whose own problems are already reported.
    broken: HashSet<String>,
    /// The site's own address, so `https://<base_url>/faq/` is checked too.
    base_url: String,
}

/// The URL a content file would be published at, for files pamphlet knows.
fn url_of(file: &Path) -> Option<String> {
    Route::from_source(file).map(|route| route.url())
}

impl LinkIndex {
    #[allow(clippy::too_many_arguments)]
    fn new(
        articles: &[Page],
        pages: &[Page],
        faq: Option<&Page>,
        has_assessment: bool,
        tags: &BTreeMap<String, Tag>,
        static_files: &BTreeMap<String, theme::StaticFile>,
        (drafts, broken): (&[PathBuf], &[PathBuf]),
        base_url: &str,
    ) -> LinkIndex {
        let mut index = HashMap::new();
        let built_in = [
            Route::Home,
            Route::ArticleIndex { page: 1 },
            Route::TagIndex,
            Route::Sitemap,
            Route::Atom,
            Route::Robots,
            Route::NotFound,
        ];
        let mut paths: HashSet<String> = built_in.iter().map(Route::url).collect();
        for page in articles.iter().chain(pages).chain(faq) {
            let url = page.doc.url_path();
            let anchors = markdown::anchor_set(&page.rendered, &page.doc.meta.references);
            paths.insert(url.clone());
            index.insert(url, (page.doc.source.path.clone(), anchors));
        }
        if has_assessment {
            // Its anchors come from the template, which the site may change.
            paths.insert(Route::Assessment.url());
        }
        paths.extend(tags.values().map(|tag| Route::tag(&tag.name).url()));
        paths.extend(static_files.keys().map(|name| format!("/{name}")));
        LinkIndex {
            pages: index,
            paths,
            drafts: drafts.iter().filter_map(|p| url_of(p)).collect(),
            broken: broken.iter().filter_map(|p| url_of(p)).collect(),
            base_url: base_url.to_string(),
        }
    }

    fn check(&self, page: &Page) -> Vec<Diagnostic> {
        let text = &page.doc.source.text;
        let mut problems = Vec::new();
        for link in &page.rendered.links {
            let at = |message: String, hint: String| {
                Diagnostic::error(&page.doc.source.path, message)
                    .at_offset(text, link.offset)
                    .underline(link.written.chars().count())
                    .hint(hint)
            };
            match &link.target {
                LinkTarget::Web(url) => {
                    if let Some(own) = routes::own_path(url, &self.base_url) {
                        let (path, anchor) = split_anchor(&own);
                        problems.extend(self.check_path(path, anchor, &link.written, &at));
                    }
                }
                LinkTarget::SitePath(path) => {
                    problems.extend(self.check_path(path, link.anchor.as_deref(), &link.written, &at));
                }
                LinkTarget::File { url, .. } if self.broken.contains(url) => {}
                LinkTarget::File { file, url } => match self.pages.get(url) {
                    None if self.drafts.contains(url) => problems.push(at(
                        format!("the link `{}` goes to a draft, which is not published", link.written),
                        format!("publish {} first (remove `draft: true` once it is reviewed), or remove the link", file.display()),
                    )),
                    None if url == &Route::Assessment.url() && self.paths.contains(url) => {}
                    None => problems.push(at(format!("the link `{}` goes to `{}`, which does not exist", link.written, file.display()), self.suggest_file(file))),
                    Some((source, anchors)) => problems.extend(anchor_problem(source, anchors, link.anchor.as_deref(), &at)),
                },
            }
        }
        problems
    }

    /// A link to a path on the site (`/faq/#cost`): the path must exist,
    /// and an anchor on a content page must be one of its ids.
    fn check_path(
        &self,
        path: &str,
        anchor: Option<&str>,
        written: &str,
        at: &impl Fn(String, String) -> Diagnostic,
    ) -> Option<Diagnostic> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let folder = format!("{path}/");
        if !self.paths.contains(path) && !self.paths.contains(&folder) {
            return Some(at(
                format!("the link `{written}` goes to no page or file of this site"),
                self.suggest_path(path),
            ));
        }
        let page = self.pages.get(path).or_else(|| self.pages.get(&folder));
        let (source, anchors) = page?;
        anchor_problem(source, anchors, anchor, at)
    }

    fn suggest_file(&self, file: &Path) -> String {
        // Compare file names only: the folders are shared by every candidate.
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let wanted = name(file);
        let known: Vec<String> = self
            .pages
            .values()
            .map(|(p, _)| p)
            .filter(|p| p.parent() == file.parent())
            .map(|p| name(p))
            .collect();
        match did_you_mean(&wanted, known.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? Links are relative to the file they are in"),
            None => "links are relative to the file they are in: from an article, `other-article.md`, `../faq.md` or `../pages/about.md`".into(),
        }
    }

    fn suggest_path(&self, path: &str) -> String {
        match did_you_mean(path, self.paths.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "link to another page by its Markdown file (`../faq.md`), and to files in static/ as `/file-name`".into(),
        }
    }
}

/// `/faq/#cost` → (`/faq/`, `cost`).
fn split_anchor(path: &str) -> (&str, Option<&str>) {
    match path.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (path, None),
    }
}

/// An anchor that is none of the page's ids, as a problem naming the page.
fn anchor_problem(
    source: &Path,
    anchors: &HashSet<String>,
    anchor: Option<&str>,
    at: &impl Fn(String, String) -> Diagnostic,
) -> Option<Diagnostic> {
    let anchor = anchor.filter(|a| !anchors.contains(*a))?;
    let hint = match did_you_mean(anchor, anchors.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `#{near}`?"),
        None => format!(
            "an anchor is a heading's id: `## Why a series?` has the id `why-a-series`; the ids in {} are: {}",
            source.display(),
            heading_ids(anchors)
        ),
    };
    Some(at(
        format!(
            "`{}` has no heading with the id `#{anchor}`",
            source.display()
        ),
        hint,
    ))
}

/// A page's heading ids for a hint, sorted, without the Sources list's
/// `#source-...` ids; at most 12.
fn heading_ids(anchors: &HashSet<String>) -> String {
    let mut ids: Vec<&str> = anchors
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("source-"))
        .collect();
    ids.sort_unstable();
    let more = ids.len().saturating_sub(12);
    let mut list: Vec<String> = ids.iter().take(12).map(|a| format!("`#{a}`")).collect();
    if more > 0 {
        list.push(format!("and {more} more"));
    }
    if list.is_empty() {
        return "none (it has no headings)".into();
    }
    list.join(", ")
}

/// Where an article's page lives, for other modules.
pub fn article_path(page: &Page) -> String {
    page.doc.url_path()
}
