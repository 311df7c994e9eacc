//! The site model: everything loaded, checked and ready to render, in one
//! [`Site`] value, and the internal-link check. Rendering is a pure function
//! of it. [`crate::pipeline::load`] builds it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::{self, Document, Kind, SourceFile, slugify};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::markdown::{self, LinkTarget, Rendered};
use crate::questionnaire::Assessment;
use crate::theme::{self, TemplateSource};

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
    /// site.yaml as read, for checks that point into it.
    pub config_source: SourceFile,
    /// Published articles in list order: `weight` first, then newest, then title.
    pub articles: Vec<Page>,
    /// The FAQ, if the site has one.
    pub faq: Option<Page>,
    /// Other pages (about, privacy…), by `weight` then title.
    pub pages: Vec<Page>,
    /// The self-assessment, if the site has one.
    pub assessment: Option<Assessment>,
    /// `content/assessment.yaml` as read, for checks that point into it.
    pub assessment_source: Option<SourceFile>,
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

/// List order: lower `weight` first (unweighted last), then newest, then by title.
pub(crate) fn sort_articles(articles: &mut [Page]) {
    articles.sort_by(|a, b| {
        let (ma, mb) = (&a.doc.meta, &b.doc.meta);
        ma.weight
            .unwrap_or(i64::MAX)
            .cmp(&mb.weight.unwrap_or(i64::MAX))
            .then(mb.date.cmp(&ma.date))
            .then(ma.title.cmp(&mb.title))
    });
}

/// Tags by slug, each with its articles in list order.
pub(crate) fn index_tags(articles: &[Page]) -> BTreeMap<String, Tag> {
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
pub(crate) struct LinkIndex {
    /// Content file → the anchors in it.
    anchors: HashMap<PathBuf, HashSet<String>>,
    /// Site paths that exist (`/articles/`, `/images/a.png`…).
    paths: HashSet<String>,
    drafts: HashSet<PathBuf>,
    /// Files whose own problems are already reported.
    broken: HashSet<PathBuf>,
}

impl LinkIndex {
    pub(crate) fn new(
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

    /// The broken internal links of `page`.
    pub(crate) fn check(&self, page: &Page) -> Vec<Diagnostic> {
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
                        problems.push(at(format!("the link `{}` goes to no page or file of this site", link.written), self.suggest_path(path)));
                    }
                }
                LinkTarget::File(file) if self.broken.contains(file) => {}
                LinkTarget::File(file) => match self.anchors.get(file) {
                    None if self.drafts.contains(file) => problems.push(at(
                        format!("the link `{}` goes to a draft, which is not published", link.written),
                        format!("publish {} first (remove `draft: true` once it is reviewed), or remove the link", file.display()),
                    )),
                    None => problems.push(at(format!("the link `{}` goes to `{}`, which does not exist", link.written, file.display()), self.suggest_file(file))),
                    Some(anchors) => {
                        if let Some(anchor) = link.anchor.as_deref().filter(|a| !anchors.contains(*a)) {
                            let hint = match did_you_mean(anchor, anchors.iter().map(String::as_str)) {
                                Some(near) => format!("did you mean `#{near}`?"),
                                None => format!("an anchor is a heading's id: `## Why a series?` has the id `why-a-series`; the ids in {} are: {}", file.display(), heading_ids(anchors)),
                            };
                            problems.push(at(format!("`{}` has no heading with the id `#{anchor}`", file.display()), hint));
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
