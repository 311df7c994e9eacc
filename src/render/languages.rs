//! The site in each of its languages: the default language's [`Site`] as
//! loaded, and for every other language a [`Site`] made of its
//! translations and its own site.yaml values, published under its prefix.
//! A page's alternates are the same [`Route`] in each language; a tag
//! page's are the pages of the tags it is paired with ([`tag_pairs`]).
//! [`page_setups`] says how each language's Markdown is rendered.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, did_you_mean};
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

/// The routes each language publishes, to find a page's alternates, and
/// which tag pages stand for the same tag in each language.
pub struct Routes {
    /// The routes of each language, the default first.
    published: Vec<HashSet<Route>>,
    /// For each language (none for the default, index 0): its tag slugs,
    /// each with the default language's tag slug it stands for.
    tags: Vec<HashMap<String, String>>,
}

impl Routes {
    /// The routes each of `sites` publishes (the default first), with
    /// their tags paired ([`tag_pairs`]).
    pub fn new(published: Vec<HashSet<Route>>, sites: &[&Site]) -> Routes {
        let tags = sites
            .iter()
            .enumerate()
            .map(|(i, site)| match i {
                0 => HashMap::new(),
                _ => tag_pairs(sites[0], site),
            })
            .collect();
        Routes { published, tags }
    }

    /// Every language's version of `route`, a page of language `from`
    /// (its home where it has none), the default language first; empty
    /// for a one-language site.
    pub fn alternates(&self, sites: &[&Site], from: usize, route: &Route) -> Vec<Alternate> {
        if sites.len() < 2 {
            return Vec::new();
        }
        sites
            .iter()
            .zip(&self.published)
            .enumerate()
            .map(|(i, (site, routes))| {
                let there = self.in_language(from, i, route);
                // The page for a missing address links to the other language's home.
                let same_page = there
                    .as_ref()
                    .is_some_and(|r| routes.contains(r) && *r != Route::NotFound);
                let shown = match there {
                    Some(r) if same_page => r,
                    _ => Route::Home,
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

    /// The route in language `to` of `route`, a page of language `from`:
    /// the same route, but a tag page becomes the paired tag's page (and
    /// `None` when the tag has no pair there).
    fn in_language(&self, from: usize, to: usize, route: &Route) -> Option<Route> {
        let Route::Tag { slug, page } = route else {
            return Some(route.clone());
        };
        if from == to {
            return Some(route.clone());
        }
        // Through the default language's slug, which every pair names.
        let default = match from {
            0 => slug.clone(),
            i => self.tags.get(i)?.get(slug)?.clone(),
        };
        let slug = match to {
            0 => default,
            i => {
                // Several tags may stand for one: the first by name.
                let mut theirs: Vec<&String> = self
                    .tags
                    .get(i)?
                    .iter()
                    .filter(|(_, d)| **d == default)
                    .map(|(own, _)| own)
                    .collect();
                theirs.sort();
                theirs.first()?.to_string()
            }
        };
        Some(Route::Tag { slug, page: *page })
    }
}

/// The problems of each language's `tags:` pairs in site.yaml: a tag that
/// none of the language's articles has, or that pairs it with a tag no
/// default-language article has; each an error at the pair, with "did you
/// mean".
pub fn tag_problems(sites: &[&Site]) -> Vec<Diagnostic> {
    let Some(main) = sites.first() else {
        return Vec::new();
    };
    let source = &main.config_source;
    let mut problems = Vec::new();
    for other in sites.iter().skip(1) {
        let Some(language) = other.languages.iter().find(|l| l.prefix == other.prefix) else {
            continue;
        };
        let start = source.text.find("languages:").unwrap_or(0);
        let start = source.text[start..]
            .find(&format!("prefix: {}", language.prefix))
            .map_or(start, |i| start + i);
        for (own, default) in &language.tags {
            let (missing, known, what) = if !other.tags.contains_key(&crate::routes::slug(own)) {
                (
                    own,
                    &other.tags,
                    format!("no article in {} has the tag `{own}`", language.name),
                )
            } else if !main.tags.contains_key(&crate::routes::slug(default)) {
                (
                    default,
                    &main.tags,
                    format!(
                        "the tag `{own}` is paired with `{default}`, which no article in the default language has"
                    ),
                )
            } else {
                continue;
            };
            let names = known.values().map(|t| t.name.as_str());
            let hint = match did_you_mean(missing, names) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "pair a tag of this language's articles with a tag of their sources: `sesiones: sessions`".into(),
            };
            problems.push(
                Diagnostic::error(&source.path, what)
                    .at_text(&source.text, start, &format!("{own}: {default}"), 1)
                    .hint(hint),
            );
        }
    }
    problems
}

/// Which of the default language's tags each tag of `other` stands for,
/// by slug: as its language's `tags:` in site.yaml says (`sesiones:
/// sessions`), or else the one tag that the sources of all its articles
/// share (a tag whose articles' sources share none, or several, stays
/// unpaired: its language link goes to the other language's home).
pub fn tag_pairs(main: &Site, other: &Site) -> HashMap<String, String> {
    let declared: HashMap<String, String> = other
        .languages
        .iter()
        .find(|l| l.prefix == other.prefix)
        .map(|l| {
            l.tags
                .iter()
                .map(|(own, default)| (crate::routes::slug(own), crate::routes::slug(default)))
                .collect()
        })
        .unwrap_or_default();
    let mut pairs = HashMap::new();
    for tag in other.tags.values() {
        if let Some(default) = declared.get(&tag.slug) {
            if main.tags.contains_key(default) {
                pairs.insert(tag.slug.clone(), default.clone());
            }
            continue;
        }
        // The default-language tags of each article's source, intersected.
        let mut shared: Option<HashSet<String>> = None;
        for &i in &tag.articles {
            let source = crate::content::translations::source_path(&other.articles[i].doc);
            let tags: HashSet<String> = main
                .articles
                .iter()
                .find(|a| Some(&a.doc.source.path) == source.as_ref())
                .map(|a| {
                    a.doc
                        .meta
                        .tags
                        .iter()
                        .map(|t| crate::routes::slug(t))
                        .collect()
                })
                .unwrap_or_default();
            shared = Some(match shared {
                None => tags,
                Some(before) => before.intersection(&tags).cloned().collect(),
            });
        }
        if let Some(shared) = shared
            && shared.len() == 1
        {
            pairs.extend(shared.into_iter().map(|d| (tag.slug.clone(), d)));
        }
    }
    pairs
}
