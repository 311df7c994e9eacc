//! The site model: everything loaded, checked and ready to render, in one
//! [`Site`] value, and the internal-link check. Rendering is a pure function
//! of it. [`crate::pipeline::load`] builds it.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::content::{Document, SourceFile};
pub use crate::markdown::Heading;
use crate::markdown::{self, Rendered};
use crate::questionnaire::Assessment;
use crate::routes;
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
    /// The self-assessment's translations (the language sites take theirs).
    pub assessment_translations: Vec<crate::questionnaire::translation::Translated>,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
    /// Templates: the built-in ones with the site's overrides.
    pub templates: Vec<TemplateSource>,
    /// Static files to publish, by path under the site.
    pub static_files: BTreeMap<String, theme::StaticFile>,
    /// Drafts left out of this build (none with `--drafts`), for the summary.
    pub drafts: Vec<PathBuf>,
    /// The translations into the site's other languages (under
    /// `content/<prefix>/`), each checked against its source.
    pub translations: Vec<Page>,
    /// The site's languages, the default first.
    pub languages: Vec<crate::i18n::Language>,
    /// The interface texts of each language, in the order of `languages`.
    pub strings: Vec<crate::i18n::Strings>,
    /// The URL prefix of the language this value is for: empty for the
    /// default; `es` for the Spanish site render makes from the translations.
    pub prefix: String,
}

impl Site {
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

/// Where an article's page lives, for other modules.
pub fn article_path(page: &Page) -> String {
    page.doc.url_path()
}
