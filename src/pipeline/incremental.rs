//! Incremental rebuilds for `pamphlet serve`: the last good [`Site`] stays in
//! memory, and an edit to articles re-reads only those files, then
//! re-renders only the pages whose inputs changed.
//!
//! The dependency graph is the full build's own indexes: list order
//! ([`super::sort_articles`]), the tag index ([`super::index_tags`]), related
//! articles ([`Site::related`]) and the link index (`link_problems`).
//! Before and after an edit, `Keys` records what each list page, tag page
//! and related list shows of each article; a page is re-rendered when what
//! it shows differs. Anything else (site.yaml, a template, static/, the FAQ,
//! a page, the self-assessment, a file pamphlet does not know), any problem
//! at all, or a failed previous build: a full rebuild, which also gives the
//! exact messages a full build prints. When in doubt, rebuild more.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{BuildOptions, InMemory};
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::render::{self, Contents};
use crate::routes::{self, Route};
use crate::site::{Page, Site};

/// What an update changed in the site's files.
#[derive(Debug, Default)]
pub struct Update {
    /// The whole site was built again: `files` and `copies` are every file,
    /// and any file not among them is gone.
    pub full: bool,
    /// Generated files made (new or changed).
    pub files: Vec<OutputFile>,
    /// Files of static/ to serve from disk, as (path in the site, file).
    pub copies: Vec<(String, PathBuf)>,
    /// Files gone since the previous build (empty when `full`).
    pub removed: Vec<String>,
}

/// The site kept between edits, and how to bring it up to date.
#[derive(Debug)]
pub struct Live {
    options: BuildOptions,
    /// The last good build, or `None` before one or after a failed one
    /// (then the next update builds everything).
    built: Option<Built>,
}

struct Built {
    site: Site,
    /// Every HTML page's file, to know which ones an edit removes.
    pages: HashSet<String>,
    /// The site's link index, kept for edits that change only one page's
    /// anchors.
    links: crate::links::LinkIndex,
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built")
            .field("site", &self.site)
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
}

impl Live {
    /// Nothing built yet: the first [`Live::update`] builds everything.
    pub fn new(options: BuildOptions) -> Live {
        Live {
            options,
            built: None,
        }
    }

    /// The site as last built, if the last build succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.built.as_ref().map(|b| &b.site)
    }

    /// Brings the site up to date after `changed` (paths relative to the
    /// site root; empty for the first build). Returns what changed, or every
    /// problem of the site exactly as a full build reports them.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update, Vec<Diagnostic>> {
        if let Some(built) = self.built.as_mut()
            // Translations depend on their sources in ways the article
            // indexes do not record (a deleted source, hreflang pairs), so a
            // site with more than one language is rebuilt in full.
            && built.site.languages.len() <= 1
            && !changed.is_empty()
            && changed.iter().all(|path| is_article_file(path))
            && let Some(update) = update_articles(&self.options, built, changed)
        {
            return Ok(update);
        }
        self.full()
    }

    /// Builds everything, as `pamphlet build` does, in memory.
    fn full(&mut self) -> Result<Update, Vec<Diagnostic>> {
        self.built = None;
        let (site, files, copies): InMemory = super::build_in_memory(&self.options)?;
        let pages = match render::prepare(&site) {
            Ok(rendering) => rendering.page_files().into_iter().collect(),
            Err(problems) => return Err(problems),
        };
        let links = super::link_index(&site);
        self.built = Some(Built { site, pages, links });
        Ok(Update {
            full: true,
            files,
            copies,
            removed: Vec::new(),
        })
    }
}

/// `content/articles/<name>.md`, not hidden: the only change done in part.
fn is_article_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !name.starts_with('.')
        && !name.ends_with('~')
        && matches!(Route::from_source(path), Some(Route::Article { .. }))
}

/// What a list shows of an article: a change to any of it re-renders the
/// lists that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    url: String,
    title: String,
    description: String,
    date: Option<crate::date::Date>,
}

fn shown(page: &Page) -> Shown {
    Shown {
        url: page.doc.url_path(),
        title: page.doc.meta.title.clone(),
        description: page.doc.meta.description.clone(),
        date: page.doc.meta.date,
    }
}

/// What an article's own page shows of others: its tags' names and
/// counts, and its related articles.
type Around = (Vec<(String, usize)>, Vec<Shown>);

/// What the pages depending on articles show, before or after an edit.
struct Keys {
    /// Every article in list order.
    order: Vec<Shown>,
    /// Each tag's name and its articles.
    tags: BTreeMap<String, (String, Vec<Shown>)>,
    /// For the articles an edit may concern (by URL): their tags' names and
    /// counts, and their related articles.
    concerned: HashMap<String, Around>,
}

fn keys(site: &Site, concerned: &HashSet<String>) -> Keys {
    let order: Vec<Shown> = site.articles.iter().map(shown).collect();
    let tags = site
        .tags
        .iter()
        .map(|(slug, tag)| {
            let members = tag.articles.iter().map(|&i| order[i].clone()).collect();
            (slug.clone(), (tag.name.clone(), members))
        })
        .collect();
    let concerned = site
        .articles
        .par_iter()
        .enumerate()
        .filter(|(i, _)| concerned.contains(&order[*i].url))
        .map(|(i, page)| {
            let tag_counts = page
                .doc
                .meta
                .tags
                .iter()
                .map(|name| {
                    let count = site
                        .tags
                        .get(&routes::slug(name))
                        .map_or(0, |t| t.articles.len());
                    (name.clone(), count)
                })
                .collect();
            let related = site
                .related(i, 3)
                .into_iter()
                .map(|r| order[r].clone())
                .collect();
            (order[i].url.clone(), (tag_counts, related))
        })
        .collect();
    Keys {
        order,
        tags,
        concerned,
    }
}

/// The pages of a paginated list whose items or page count differ.
fn list_pages_changed(old: &[Shown], new: &[Shown], per_page: usize) -> Vec<usize> {
    let pages = |n: usize| n.div_ceil(per_page).max(1);
    let (before, after) = (pages(old.len()), pages(new.len()));
    (1..=after)
        .filter(|&page| {
            let window = |list: &[Shown]| -> Vec<Shown> {
                list.iter()
                    .skip((page - 1) * per_page)
                    .take(per_page)
                    .cloned()
                    .collect()
            };
            before != after || window(old) != window(new)
        })
        .collect()
}

/// The articles under `content/articles/` as the full build would find
/// them, or `None` when the folder holds anything else (a subfolder, a link,
/// a file of another kind): then only a full build reports it rightly.
fn article_files(root: &Path) -> Option<HashSet<PathBuf>> {
    let folder = Path::new("content").join("articles");
    let mut files = HashSet::new();
    for entry in std::fs::read_dir(root.join(&folder)).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name();
        let name = name.to_str()?;
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let relative = folder.join(name);
        if !entry.file_type().ok()?.is_file() || !is_article_file(&relative) {
            return None;
        }
        files.insert(relative);
    }
    Some(files)
}

/// The update after edits to articles only, or `None` when only a full
/// build can give it rightly (any problem included). `built` may be left
/// half changed on `None`: the full build that follows replaces it.
fn update_articles(
    options: &BuildOptions,
    built: &mut Built,
    changed: &[PathBuf],
) -> Option<Update> {
    let root = &options.root;
    let on_disk = article_files(root)?;
    let site = &mut built.site;
    let is_article = |p: &Path| p.starts_with(Path::new("content").join("articles"));
    // Known files: published articles and article drafts.
    let known: HashSet<PathBuf> = site
        .articles
        .iter()
        .map(|a| a.doc.source.path.clone())
        .chain(site.drafts.iter().filter(|p| is_article(p)).cloned())
        .collect();
    // A rename the watcher saw only half of still shows in the folder.
    let mut touched: HashSet<PathBuf> = changed.iter().cloned().collect();
    touched.extend(on_disk.symmetric_difference(&known).cloned());

    // Read and parse the touched files that exist; any problem: full build.
    let loaded: Vec<Option<Page>> = touched
        .par_iter()
        .filter(|path| on_disk.contains(*path))
        .map(|path| {
            let strings = site.strings.first();
            super::load_article(root, path, options.include_drafts, &site.config, strings)
                .map_err(|_| ())
        })
        .collect::<Result<_, ()>>()
        .ok()?;
    let new_drafts: Vec<PathBuf> = touched
        .iter()
        .filter(|path| on_disk.contains(*path))
        .cloned()
        .collect::<Vec<_>>();
    let loaded_paths: HashSet<PathBuf> = loaded
        .iter()
        .flatten()
        .map(|p| p.doc.source.path.clone())
        .collect();

    if let [path] = Vec::from_iter(&touched)[..]
        && let [Some(page)] = &loaded[..]
        && let Some(index) = site
            .articles
            .iter()
            .position(|a| &a.doc.source.path == path)
        && same_place(&site.articles[index], page)
    {
        let page = loaded.into_iter().flatten().next()?;
        return update_in_place(built, index, page);
    }

    // The URLs of the touched articles, before and after, and the articles
    // sharing a tag with them: the ones whose pages may show them.
    let mut touched_urls: HashSet<String> = HashSet::new();
    let mut touched_tags: HashSet<String> = HashSet::new();
    for page in site
        .articles
        .iter()
        .filter(|a| touched.contains(&a.doc.source.path))
        .chain(loaded.iter().flatten())
    {
        touched_urls.insert(page.doc.url_path());
        touched_tags.extend(page.doc.meta.tags.iter().map(|t| routes::slug(t)));
    }
    let mut concerned: HashSet<String> = touched_urls.clone();
    for slug in &touched_tags {
        if let Some(tag) = site.tags.get(slug) {
            concerned.extend(
                tag.articles
                    .iter()
                    .map(|&i| site.articles[i].doc.url_path()),
            );
        }
    }
    let before = keys(site, &concerned);

    // The edit itself: out with the touched files, in with what they are now.
    site.articles
        .retain(|a| !touched.contains(&a.doc.source.path));
    site.drafts.retain(|p| !touched.contains(p));
    site.articles.extend(loaded.into_iter().flatten());
    site.drafts
        .extend(new_drafts.into_iter().filter(|p| !loaded_paths.contains(p)));
    // Two files at one address: the full build reports it.
    let mut slugs = HashSet::new();
    if !site
        .articles
        .iter()
        .all(|a| !a.doc.slug.is_empty() && slugs.insert(a.doc.slug.to_lowercase()))
    {
        return None;
    }
    super::sort_articles(&mut site.articles);
    site.tags = super::index_tags(&site.articles);
    for slug in &touched_tags {
        if let Some(tag) = site.tags.get(slug) {
            concerned.extend(
                tag.articles
                    .iter()
                    .map(|&i| site.articles[i].doc.url_path()),
            );
        }
    }
    built.links = super::link_index(site);
    if !super::link_problems(site, &built.links).is_empty() {
        return None;
    }
    let after = keys(site, &concerned);

    // The pages to render again.
    let site = &built.site;
    let per_page = site.config.articles_per_page;
    let mut wanted: HashSet<String> = [Route::Home, Route::TagIndex]
        .iter()
        .map(Route::file)
        .collect();
    for page in list_pages_changed(&before.order, &after.order, per_page) {
        wanted.insert(Route::ArticleIndex { page }.file());
    }
    let none = (String::new(), Vec::new());
    for slug in before.tags.keys().chain(after.tags.keys()) {
        let (old_name, old) = before.tags.get(slug).unwrap_or(&none);
        let (new_name, new) = after.tags.get(slug).unwrap_or(&none);
        let Some((name, _)) = after.tags.get(slug) else {
            continue; // gone: its files are removed below
        };
        let route = Route::tag(name);
        let pages = if old_name == new_name {
            list_pages_changed(old, new, per_page)
        } else {
            (1..=new.len().div_ceil(per_page).max(1)).collect()
        };
        for page in pages {
            wanted.insert(route.with_page(page).file());
        }
    }
    for url in &concerned {
        let changed =
            touched_urls.contains(url) || before.concerned.get(url) != after.concerned.get(url);
        if changed && after.concerned.contains_key(url) {
            wanted.insert(routes::file_for(url));
        }
    }

    let rendering = render::prepare(site).ok()?;
    let pages: HashSet<String> = rendering.page_files().into_iter().collect();
    // Pages new to the site are rendered whatever the rules above say.
    wanted.extend(pages.difference(&built.pages).cloned());
    let rendered: Vec<render::File> = rendering
        .pages_in(&wanted)
        .collect::<Result<_, Diagnostic>>()
        .ok()?;
    let files = output_files(rendered.into_iter().chain(rendering.feeds()))?;
    let removed: Vec<String> = built.pages.difference(&pages).cloned().collect();
    built.pages = pages;
    Some(Update {
        full: false,
        files,
        copies: Vec::new(),
        removed,
    })
}

/// Whether `new` stands where `old` did for every other page: the same
/// address, what lists show of it, its tags and its weight. Then only its
/// own page (and the feeds) can change.
fn same_place(old: &Page, new: &Page) -> bool {
    shown(old) == shown(new)
        && old.doc.meta.tags == new.doc.meta.tags
        && old.doc.meta.weight == new.doc.meta.weight
        && old.doc.source.path == new.doc.source.path
}

/// The update for an edit that keeps the article in its place
/// ([`same_place`]): its page and the feeds are rendered again; the links
/// of every page are checked against its new headings.
fn update_in_place(built: &mut Built, index: usize, page: Page) -> Option<Update> {
    let url = page.doc.url_path();
    let anchors = crate::markdown::anchor_set(&page.rendered, &page.doc.meta.references);
    built.site.articles[index] = page;
    built.links.set_anchors(&url, anchors);
    let site = &built.site;
    if !super::link_problems(site, &built.links).is_empty() {
        return None;
    }
    let rendering = render::prepare_same_pages(site).ok()?;
    let wanted: HashSet<String> = [routes::file_for(&url)].into_iter().collect();
    let rendered: Vec<render::File> = rendering
        .pages_in(&wanted)
        .collect::<Result<_, Diagnostic>>()
        .ok()?;
    Some(Update {
        full: false,
        files: output_files(rendered.into_iter().chain(rendering.feeds()))?,
        copies: Vec::new(),
        removed: Vec::new(),
    })
}

/// Render's files as output's; `None` for a copy, which pages and feeds
/// never are (were one ever, the full build handles it).
fn output_files(files: impl Iterator<Item = render::File>) -> Option<Vec<OutputFile>> {
    let mut files: Vec<OutputFile> = files
        .map(|file| match file.contents {
            Contents::Text(text) => Some(OutputFile::text(&file.path, text)),
            Contents::Bytes(bytes) => Some(OutputFile {
                path: file.path,
                bytes,
            }),
            Contents::BuiltIn(bytes) => Some(OutputFile {
                path: file.path,
                bytes: bytes.to_vec(),
            }),
            Contents::Copy(_) => None,
        })
        .collect::<Option<_>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Some(files)
}
