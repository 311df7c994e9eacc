//! The link check: every internal link of every page, compared with the
//! URLs the build will publish ([`crate::routes`]), not with source paths,
//! so a link and the page it points at cannot disagree.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::markdown::{self, LinkTarget};
use crate::routes::{self, Route};
use crate::site::{Page, Tag};
use crate::theme;

/// Everything a link may point at, by the URL it will have once built, so
/// a link and its target are compared as the reader's browser will.
pub(crate) struct LinkIndex {
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
    /// site.yaml's `booking_url`: an address staff declared, which may be
    /// on the site's own host yet served by another system.
    booking_url: String,
}

/// The URL a content file would be published at, for files pamphlet knows.
fn url_of(file: &Path) -> Option<String> {
    Route::from_source(file).map(|route| route.url())
}

impl LinkIndex {
    #[allow(clippy::too_many_arguments)]
    /// Indexes the pages, tags and static files of a site being loaded.
    pub(crate) fn new(
        articles: &[Page],
        pages: &[Page],
        faq: Option<&Page>,
        has_assessment: bool,
        tags: &BTreeMap<String, Tag>,
        static_files: &BTreeMap<String, theme::StaticFile>,
        (drafts, broken): (&[PathBuf], &[PathBuf]),
        config: Option<&SiteConfig>,
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
            base_url: config.map(|c| c.base_url.clone()).unwrap_or_default(),
            booking_url: config
                .map(|c| c.booking_url.trim().to_string())
                .unwrap_or_default(),
        }
    }

    /// Adds a built page that no Markdown file makes (a translated
    /// self-assessment, `/es/assessment/`).
    pub(crate) fn add_path(&mut self, path: String) {
        self.paths.insert(path);
    }

    /// Replaces the anchors of the page at `url`, for an edit that kept the
    /// page at its address (`serve` keeps the index between edits).
    pub(crate) fn set_anchors(&mut self, url: &str, anchors: HashSet<String>) {
        if let Some(entry) = self.pages.get_mut(url) {
            entry.1 = anchors;
        }
    }

    /// The problems with `page`'s links, each at the link.
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
                LinkTarget::Web(url) => {
                    let booking = !self.booking_url.is_empty() && url.starts_with(&self.booking_url);
                    if let Some(own) = routes::own_path(url, &self.base_url).filter(|_| !booking) {
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
                    ).code(Code::LinkToDraft)),
                    None if url == &Route::Assessment.url() && self.paths.contains(url) => {}
                    None => problems.push(at(format!("the link `{}` goes to `{}`, which does not exist", link.written, file.display()), self.suggest_file(file, page.doc.is_translation())).code(Code::LinkMissing)),
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
            return Some(
                at(
                    format!("the link `{written}` goes to no page or file of this site"),
                    self.suggest_path(path),
                )
                .code(Code::LinkMissing),
            );
        }
        let page = self.pages.get(path).or_else(|| self.pages.get(&folder));
        let (source, anchors) = page?;
        anchor_problem(source, anchors, anchor, at)
    }

    /// A hint for a link to a missing file; `translation` when the link is
    /// in a translation, whose links name sources ([`routes::source_link`]).
    fn suggest_file(&self, file: &Path, translation: bool) -> String {
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
            Some(near) if translation => format!("did you mean `{near}`? A translation links to a page by its source's file, as if it stood beside its own source; the link goes to the page's translation when it has one, and to the page in the default language otherwise"),
            Some(near) => format!("did you mean `{near}`? Links are relative to the file they are in"),
            None if translation => "a translation links to a page by its source's file, as if it stood beside its own source: `other-article.md`, `../faq.md` or `../pages/about.md`".into(),
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
    Some(
        at(
            format!(
                "`{}` has no heading with the id `#{anchor}`",
                source.display()
            ),
            hint,
        )
        .code(Code::AnchorMissing),
    )
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
