//! The site in each of its languages: the default language's [`Site`] as
//! loaded, and for every other language a [`Site`] made of its
//! translations and its own site.yaml values, published under its prefix.
//! A page's alternates are the same [`Route`] in each language.

use std::collections::HashSet;

use serde::Serialize;

use crate::routes::{Lang, Route};
use crate::site::{self, Page, Site};

/// The language of a site value: [`Lang::Default`] or its prefix.
pub fn lang(site: &Site) -> Lang<'_> {
    if site.prefix.is_empty() {
        Lang::Default
    } else {
        Lang::Prefixed(&site.prefix)
    }
}

/// The site in language `index` (≥ 1) of `site.languages`: its
/// translations, in the order of their sources, with its own values.
pub fn language_site(site: &Site, index: usize) -> Site {
    let language = &site.languages[index];
    let prefix = language.prefix.as_str();
    let mine = |page: &&Page| page.doc.lang() == Lang::Prefixed(prefix);
    let mut articles: Vec<Page> = site.translations.iter().filter(mine).cloned().collect();
    site::sort_articles(&mut articles);
    let mut pages: Vec<Page> = site
        .translations
        .iter()
        .filter(mine)
        .filter(|p| p.doc.kind == crate::content::Kind::Page)
        .cloned()
        .collect();
    pages.sort_by(|a, b| {
        (a.doc.meta.weight.unwrap_or(i64::MAX), &a.doc.meta.title)
            .cmp(&(b.doc.meta.weight.unwrap_or(i64::MAX), &b.doc.meta.title))
    });
    let faq = site
        .translations
        .iter()
        .filter(mine)
        .find(|p| p.doc.kind == crate::content::Kind::Faq)
        .cloned();
    articles.retain(|p| p.doc.kind == crate::content::Kind::Article);
    let tags = site::index_tags(&articles);
    Site {
        root: site.root.clone(),
        config: crate::i18n::localized(&site.config, language),
        config_source: site.config_source.clone(),
        articles,
        faq,
        pages,
        // The self-assessment is in the default language only for now:
        // translated pages link to it and say so.
        assessment: None,
        assessment_source: None,
        tags,
        templates: Vec::new(),
        static_files: Default::default(),
        drafts: Vec::new(),
        translations: Vec::new(),
        languages: site.languages.clone(),
        // Its own interface texts first, as the default site's are.
        strings: site.strings.get(index).cloned().into_iter().collect(),
        prefix: prefix.to_string(),
    }
}

/// How one language's pages are rendered from Markdown: the site as the
/// language sees it (its `{regions}`, its crisis line) and the labels and
/// translations of [`crate::markdown::Context`].
#[derive(Debug, Clone)]
pub struct PageSetup {
    /// The language's prefix (empty for the default).
    pub prefix: String,
    /// [`crate::i18n::localized`] site.yaml; `None` when it has errors.
    pub config: Option<crate::config::SiteConfig>,
    /// The labels of its interface texts and its translations.
    pub context: crate::markdown::Context,
}

/// The [`PageSetup`] of each language, the default first. `strings` are
/// the interface texts by language (`None` when they did not load: the
/// labels are then English, and the build fails on those errors anyway);
/// `translations` are every language's translations as loaded.
pub fn page_setups(
    config: Option<&crate::config::SiteConfig>,
    languages: &[crate::i18n::Language],
    strings: Option<&[crate::i18n::Strings]>,
    translations: &[crate::content::Document],
) -> Vec<PageSetup> {
    let default_language;
    let languages = if languages.is_empty() {
        default_language = config.map(crate::i18n::languages).unwrap_or_default();
        &default_language[..]
    } else {
        languages
    };
    let mut setups: Vec<PageSetup> = languages
        .iter()
        .enumerate()
        .map(|(i, language)| {
            let labels = strings
                .and_then(|s| s.get(i))
                .map(crate::markdown::Labels::from_strings)
                .unwrap_or_default();
            let of = translations
                .iter()
                .filter(|doc| i > 0 && doc.lang() == Lang::Prefixed(&language.prefix))
                .filter_map(|doc| {
                    let source = crate::content::translations::source_path(doc)?;
                    Some((doc.source.path.clone(), source))
                })
                .collect();
            PageSetup {
                prefix: language.prefix.clone(),
                config: config.map(|c| crate::i18n::localized(c, language)),
                context: crate::markdown::Context {
                    labels,
                    translated: crate::routes::Translated {
                        prefix: language.prefix.clone(),
                        of,
                    },
                },
            }
        })
        .collect();
    if setups.is_empty() {
        setups.push(PageSetup {
            prefix: String::new(),
            config: None,
            context: Default::default(),
        });
    }
    setups
}

/// The setup of the language `doc` is in (the default's for a folder that
/// is no language of the site).
pub fn setup_of<'a>(setups: &'a [PageSetup], doc: &crate::content::Document) -> &'a PageSetup {
    let prefix = match doc.lang() {
        Lang::Default => "",
        Lang::Prefixed(prefix) => prefix,
    };
    setups
        .iter()
        .find(|s| s.prefix == prefix)
        .unwrap_or(&setups[0])
}

/// One other language's version of a page, for `hreflang` and the
/// language link.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// `es-US`.
    pub hreflang: String,
    /// The language's name in itself (`Español`).
    pub name: String,
    /// The absolute URL of the page in that language.
    pub url: String,
    /// Its path on the site.
    pub path: String,
    /// Whether that language has this very page (otherwise `path` is its home).
    pub same_page: bool,
}

/// The routes each language publishes, to find a page's alternates.
pub struct Routes(pub Vec<HashSet<Route>>);

impl Routes {
    /// Every language's version of `route` (its home where it has none),
    /// the default language first; empty for a one-language site.
    pub fn alternates(&self, sites: &[&Site], route: &Route) -> Vec<Alternate> {
        if sites.len() < 2 {
            return Vec::new();
        }
        sites
            .iter()
            .zip(&self.0)
            .map(|(site, routes)| {
                // The page for a missing address links to the other language's home.
                let same_page = routes.contains(route) && *route != Route::NotFound;
                let shown = if same_page {
                    route.clone()
                } else {
                    Route::Home
                };
                let path = shown.url_in(lang(site));
                let language = site.languages.iter().find(|l| l.prefix == site.prefix);
                Alternate {
                    hreflang: site.config.language.clone(),
                    name: language.map(|l| l.name.clone()).unwrap_or_default(),
                    url: site.config.url(&path),
                    path,
                    same_page,
                }
            })
            .collect()
    }
}
