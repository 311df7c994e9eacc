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
        // The self-assessment in this language, if it is translated (else
        // translated pages link to the default language's and say so).
        assessment: site
            .assessment_translations
            .iter()
            .find(|t| t.prefix == prefix)
            .and_then(|t| t.assessment.clone()),
        assessment_source: None,
        assessment_translations: site
            .assessment_translations
            .iter()
            .filter(|t| t.prefix == prefix)
            .cloned()
            .collect(),
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
