//! The site model: everything loaded, checked and ready to render, in one
//! [`Site`] value. Rendering is a pure function of it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::content::{self, Document, Kind, slugify};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::markdown::{self, LinkTarget, Rendered};
use crate::questionnaire::{self, Assessment};
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
        // No page may look reviewed before it is, by the clinic's calendar.
        if let Some(config) = &config {
            let today = config.today();
            let docs = content
                .articles
                .iter()
                .chain(&content.faq)
                .chain(&content.pages);
            problems.extend(docs.filter_map(|d| content::future_review(&d.source, &d.meta, today)));
        }
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
            .filter_map(|tag| self.tags.get(&slugify(tag)))
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
            let slug = slugify(name);
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

/// Everything a link may point at, built once so each check is a lookup.
struct LinkIndex {
    /// Content file → the anchors in it.
    anchors: HashMap<PathBuf, HashSet<String>>,
    /// Site paths that exist (`/articles/`, `/images/a.png`…).
    paths: HashSet<String>,
    drafts: HashSet<PathBuf>,
    /// Files whose own problems are already reported.
    broken: HashSet<PathBuf>,
}

impl LinkIndex {
    fn new(
        articles: &[Page],
        pages: &[Page],
        faq: Option<&Page>,
        has_assessment: bool,
        tags: &BTreeMap<String, Tag>,
        static_files: &BTreeMap<String, theme::StaticFile>,
        (drafts, broken): (&[PathBuf], &[PathBuf]),
    ) -> LinkIndex {
        let mut anchors = HashMap::new();
        let mut paths: HashSet<String> = [
            "/",
            "/articles/",
            "/tags/",
            "/sitemap.xml",
            "/atom.xml",
            "/robots.txt",
            "/404.html",
        ]
        .map(String::from)
        .into_iter()
        .collect();
        for page in articles.iter().chain(pages).chain(faq) {
            anchors.insert(
                page.doc.source.path.clone(),
                markdown::anchor_set(&page.rendered, &page.doc.meta.references),
            );
            paths.insert(page.doc.url_path());
        }
        if has_assessment {
            anchors.insert(PathBuf::from("content/assessment.yaml"), HashSet::new());
            paths.insert("/assessment/".into());
        }
        paths.extend(tags.keys().map(|slug| format!("/tags/{slug}/")));
        paths.extend(static_files.keys().map(|name| format!("/{name}")));
        LinkIndex {
            anchors,
            paths,
            drafts: drafts.iter().cloned().collect(),
            broken: broken.iter().cloned().collect(),
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
                LinkTarget::SitePath(path) => {
                    let path = path.split(['?', '#']).next().unwrap_or_default();
                    if !self.paths.contains(path) && !self.paths.contains(&format!("{path}/")) {
                        problems.push(at(format!("the link `{}` goes to no page or file of this site", link.written), self.suggest_path(path)).code(Code::LinkMissing));
                    }
                }
                LinkTarget::File(file) if self.broken.contains(file) => {}
                LinkTarget::File(file) => match self.anchors.get(file) {
                    None if self.drafts.contains(file) => problems.push(at(
                        format!("the link `{}` goes to a draft, which is not published", link.written),
                        format!("publish {} first (remove `draft: true` once it is reviewed), or remove the link", file.display()),
                    ).code(Code::LinkToDraft)),
                    None => problems.push(at(format!("the link `{}` goes to `{}`, which does not exist", link.written, file.display()), self.suggest_file(file)).code(Code::LinkMissing)),
                    Some(anchors) => {
                        if let Some(anchor) = link.anchor.as_deref().filter(|a| !anchors.contains(*a)) {
                            let hint = match did_you_mean(anchor, anchors.iter().map(String::as_str)) {
                                Some(near) => format!("did you mean `#{near}`?"),
                                None => format!("an anchor is a heading's id: `## Why a series?` has the id `why-a-series`; the ids in {} are: {}", file.display(), heading_ids(anchors)),
                            };
                            problems.push(at(format!("`{}` has no heading with the id `#{anchor}`", file.display()), hint).code(Code::AnchorMissing));
                        }
                    }
                },
            }
        }
        problems
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
            .anchors
            .keys()
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
    content::url_path(Kind::Article, &page.doc.slug)
}
