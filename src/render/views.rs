//! What each template receives: small serializable views of the site, built
//! per page. The README lists these values for people who write templates.

mod assessment_page;

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use super::json_for_script;
use super::languages::lang;
use crate::content::{Document, Reference};
use crate::routes::Route;
use crate::site::{Heading, Page, Site};

pub use assessment_page::assessment;

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView {
    name: String,
    tagline: String,
    description: String,
    base_url: String,
    language: String,
    phone: String,
    /// `tel:` link for the phone number.
    phone_href: String,
    email: String,
    address: String,
    regions: Vec<String>,
    booking_url: String,
    /// `Oregon and Washington`: the regions as a phrase.
    regions_text: String,
    crisis_line_html: String,
    /// The crisis services, each with its `tel:`/`sms:`/chat links.
    crisis_lines: Vec<CrisisView>,
    disclaimer_html: String,
    nav: Vec<crate::config::NavLink>,
    /// Privacy, disclaimer and accessibility pages, those that exist.
    footer_links: Vec<crate::config::NavLink>,
    /// The logo's path on the site, or empty.
    logo: String,
    /// Whether `/css/brand.css` (the brand colour) exists.
    brand_css: bool,
    has_assessment: bool,
    /// The self-assessment's one-line description (how long, how private).
    assessment_blurb: String,
    has_faq: bool,
    /// The home page's path in this language: `/` or `/es/`.
    home: String,
    /// The article list's path in this language.
    articles_path: String,
    /// The topics page's path in this language.
    tags_path: String,
    /// The FAQ's path in this language.
    faq_path: String,
    /// This language's news feed.
    atom_path: String,
    /// The self-assessment's path (in the default language only for now).
    assessment_path: String,
    /// Whether the self-assessment is in another language than this page
    /// (then `t.assessment_other_language` says so).
    assessment_elsewhere: bool,
}

/// One crisis line as the templates show it.
#[derive(Debug, Serialize)]
struct CrisisView {
    name: String,
    number: String,
    note: String,
    call_href: Option<String>,
    text_href: Option<String>,
    chat_href: Option<String>,
}

/// The pages the footer links on every page, when the site has them.
const FOOTER_PAGES: [(&str, &str); 3] = [
    ("privacy", "Privacy"),
    ("disclaimer", "Medical disclaimer"),
    ("accessibility", "Accessibility"),
];

/// A tag as people read it: `side-effects` → `Side effects`. A tag written
/// with capitals or spaces is kept as written.
pub fn tag_display_name(tag: &str) -> String {
    let words = tag_words(tag);
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A tag inside a sentence: `side-effects` → `side effects`.
pub fn tag_words(tag: &str) -> String {
    if tag.chars().any(|c| c.is_uppercase() || c == ' ') {
        tag.to_string()
    } else {
        tag.replace(['-', '_'], " ")
    }
}

impl SiteView {
    /// The view of `site`'s configuration; `main` is the site in its
    /// default language (the same value for a one-language site), which
    /// has the self-assessment.
    pub fn new(site: &Site, main: &Site) -> SiteView {
        let c = &site.config;
        let l = lang(site);
        let elsewhere = !site.prefix.is_empty();
        SiteView {
            name: c.name.clone(),
            tagline: c.tagline.clone(),
            description: c.description.clone(),
            base_url: c.base_url.trim_end_matches('/').to_string(),
            language: c.language.clone(),
            phone: c.phone.clone(),
            phone_href: phone_href(&c.phone),
            email: c.email.clone(),
            address: c.address.clone(),
            regions: c.regions.clone(),
            booking_url: c.booking_url.clone(),
            // `Oregon and Washington`, `Oregón y Washington`: the language's own word.
            regions_text: crate::i18n::join_list(
                &c.regions,
                site.strings
                    .first()
                    .and_then(|t| t.get("and_word"))
                    .map_or("and", String::as_str),
            ),
            crisis_line_html: site.crisis_line_html(),
            crisis_lines: c
                .crisis_lines
                .iter()
                .map(|l| CrisisView {
                    name: l.name.clone(),
                    number: l.number.clone(),
                    note: l.note.clone(),
                    call_href: l.call_href(),
                    text_href: l.text_href(),
                    chat_href: (!l.chat.trim().is_empty()).then(|| l.chat.trim().to_string()),
                })
                .collect(),
            disclaimer_html: site.disclaimer_html(),
            nav: c.nav.clone(),
            footer_links: FOOTER_PAGES
                .iter()
                .filter_map(|(slug, title)| {
                    let path = Route::Page {
                        slug: (*slug).to_string(),
                    }
                    .url_in(l);
                    let page = site.pages.iter().find(|p| p.doc.url_path() == path)?;
                    // A translated page is named by its own title.
                    let title = if elsewhere {
                        page.doc.meta.title.clone()
                    } else {
                        (*title).to_string()
                    };
                    Some(crate::config::NavLink { title, path })
                })
                .collect(),
            logo: c.brand.logo.trim().to_string(),
            brand_css: c.brand.stylesheet().is_some(),
            has_assessment: main.assessment.is_some(),
            // A translated self-assessment's own description, else the default's.
            assessment_blurb: site
                .assessment
                .as_ref()
                .or(main.assessment.as_ref())
                .as_ref()
                .and_then(|a| serde_json::to_value(a).ok())
                .and_then(|v| {
                    v.get("description")
                        .and_then(Value::as_str)
                        .map(String::from)
                })
                .unwrap_or_default(),
            has_faq: site.faq.is_some(),
            home: Route::Home.url_in(l),
            articles_path: Route::ArticleIndex { page: 1 }.url_in(l),
            tags_path: Route::TagIndex.url_in(l),
            faq_path: Route::Faq.url_in(l),
            atom_path: Route::Atom.url_in(l),
            assessment_path: if site.assessment.is_some() {
                Route::Assessment.url_in(l)
            } else {
                Route::Assessment.url()
            },
            assessment_elsewhere: elsewhere
                && main.assessment.is_some()
                && site.assessment.is_none(),
        }
    }
}

/// An interface text of the site's language (`t.<key>` in templates), with
/// `{name}`-style values filled in.
fn text(site: &Site, key: &str, values: &[(&str, &str)]) -> String {
    let mut text = site
        .strings
        .first()
        .and_then(|t| t.get(key))
        .cloned()
        .unwrap_or_default();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// A date as the page's language writes it: `1 December 2026`, or in
/// Spanish `1 de diciembre de 2026`.
fn long(site: &Site, date: crate::date::Date) -> String {
    const MESES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    if site.config.language.to_ascii_lowercase().starts_with("es") {
        let (year, month, day) = date.ymd();
        let month = MESES[(month as usize).clamp(1, 12) - 1];
        format!("{day} de {month} de {year}")
    } else {
        date.long()
    }
}

/// `(555) 010-0142` → `tel:+5550100142`-style link target (digits and `+`).
fn phone_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// Per-page values every template gets as `page`.
#[derive(Debug, Serialize)]
pub(super) struct PageMeta {
    title: String,
    description: String,
    /// Path on the site (`/faq/`).
    path: String,
    /// Canonical absolute URL.
    url: String,
    /// `website` or `article`, for Open Graph.
    og_type: &'static str,
    /// JSON-LD, already escaped for a script element.
    pub(super) jsonld: String,
    /// Keep it out of search engines (the 404 page, the review sheet).
    pub(super) noindex: bool,
}

/// A template context holding the `page` values.
fn page_context(
    site: &Site,
    title: &str,
    description: &str,
    path: &str,
    og_type: &'static str,
    jsonld: Value,
) -> Context {
    let mut context = Context::new();
    context.insert(
        "page",
        &page_meta(site, title, description, path, og_type, jsonld),
    );
    context
}

pub(super) fn page_meta(
    site: &Site,
    title: &str,
    description: &str,
    path: &str,
    og_type: &'static str,
    jsonld: Value,
) -> PageMeta {
    PageMeta {
        title: title.to_string(),
        description: description.to_string(),
        path: path.to_string(),
        url: site.config.url(path),
        og_type,
        jsonld: json_for_script(&jsonld),
        noindex: false,
    }
}

/// An article in a list.
#[derive(Debug, Serialize)]
struct Summary {
    title: String,
    description: String,
    path: String,
    date: Option<String>,
    date_long: Option<String>,
}

fn summary(site: &Site, page: &Page) -> Summary {
    let meta = &page.doc.meta;
    Summary {
        title: meta.title.clone(),
        description: meta.description.clone(),
        path: page.doc.url_path(),
        date: meta.date.map(|d| d.to_string()),
        date_long: meta.date.map(|d| long(site, d)),
    }
}

/// A tag with its list's address.
#[derive(Debug, Serialize)]
struct TagLink {
    name: String,
    path: String,
    count: usize,
}

fn tag_link(site: &Site, name: &str) -> TagLink {
    let route = Route::tag(name);
    let count = match &route {
        Route::Tag { slug, .. } => site.tags.get(slug).map_or(0, |t| t.articles.len()),
        _ => 0,
    };
    TagLink {
        name: tag_display_name(name),
        path: route.url_in(lang(site)),
        count,
    }
}

/// The clinic as schema.org sees it.
fn clinic_jsonld(site: &Site) -> Value {
    let c = &site.config;
    let mut clinic = json!({
        "@type": "MedicalClinic",
        "name": c.name,
        "url": site.config.url(&Route::Home.url_in(lang(site))),
        "telephone": c.phone,
    });
    if !c.email.is_empty() {
        clinic["email"] = json!(c.email);
    }
    if !c.address.is_empty() {
        clinic["address"] = json!(c.address);
    }
    if !c.regions.is_empty() {
        clinic["areaServed"] = json!(c.regions);
    }
    clinic
}

/// The home page: `index.html`.
pub fn home(site: &Site) -> Context {
    let featured: Vec<Summary> = site
        .articles
        .iter()
        .take(6)
        .map(|p| summary(site, p))
        .collect();
    let faq_teaser: Vec<&Heading> = site
        .faq
        .as_ref()
        .map(|f| {
            f.rendered
                .headings
                .iter()
                .filter(|h| h.level == 2)
                .take(4)
                .collect()
        })
        .unwrap_or_default();
    let mut jsonld = clinic_jsonld(site);
    jsonld["@context"] = json!("https://schema.org");
    jsonld["description"] = json!(site.config.description);
    jsonld["inLanguage"] = json!(site.config.language);
    let title = site.config.name.clone();
    let mut context = page_context(
        site,
        &title,
        &site.config.description,
        &Route::Home.url_in(lang(site)),
        "website",
        jsonld,
    );
    context.insert("featured", &featured);
    context.insert("article_count", &site.articles.len());
    context.insert("faq_teaser", &faq_teaser);
    context
}

/// A page of a paginated article list: all articles, or one tag's.
pub fn list(
    site: &Site,
    title: &str,
    tag: Option<&str>,
    list: &Route,
    indexes: &[usize],
    page: usize,
) -> Context {
    let per_page = site.config.articles_per_page;
    let pages = indexes.len().div_ceil(per_page).max(1);
    let items: Vec<Summary> = indexes
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|&i| summary(site, &site.articles[i]))
        .collect();
    let path = list.with_page(page).url_in(lang(site));
    let (page_text, pages_text) = (page.to_string(), pages.to_string());
    let shown_title = if page > 1 {
        text(
            site,
            "list_title_paged",
            &[
                ("title", title),
                ("page", &page_text),
                ("pages", &pages_text),
            ],
        )
    } else {
        title.to_string()
    };
    let name = site.config.name.as_str();
    let description = match tag {
        Some(tag) => text(
            site,
            "tag_description",
            &[("name", name), ("tag", &tag_words(tag))],
        ),
        None => text(site, "list_description", &[("name", name)]),
    };
    let jsonld = json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": shown_title,
        "url": site.config.url(&path),
        "inLanguage": site.config.language,
        "publisher": clinic_jsonld(site),
    });
    let mut context = page_context(site, &shown_title, &description, &path, "website", jsonld);
    context.insert("heading", title);
    context.insert("tag", &tag);
    context.insert("articles", &items);
    context.insert(
        "pagination",
        &json!({
            "current": page,
            "total": pages,
            "previous": (page > 1).then(|| list.with_page(page - 1).url_in(lang(site))),
            "next": (page < pages).then(|| list.with_page(page + 1).url_in(lang(site))),
        }),
    );
    context
}

/// The list of all tags: `tags.html`.
pub fn tag_index(site: &Site) -> Context {
    let tags: Vec<TagLink> = site
        .tags
        .values()
        .map(|t| tag_link(site, &t.name))
        .collect();
    let topics = text(site, "topics", &[]);
    let jsonld = json!({"@context": "https://schema.org", "@type": "CollectionPage", "name": topics, "url": site.config.url(&Route::TagIndex.url_in(lang(site))), "inLanguage": site.config.language});
    let description = text(site, "topics_description", &[("name", &site.config.name)]);
    let tags_path = Route::TagIndex.url_in(lang(site));
    let mut context = page_context(site, &topics, &description, &tags_path, "website", jsonld);
    context.insert("tags", &tags);
    context
}

/// The review facts shown on medical pages.
#[derive(Debug, Serialize)]
struct Review {
    reviewed_by: Option<String>,
    last_reviewed: Option<String>,
    last_reviewed_long: Option<String>,
    next_review: Option<String>,
    next_review_long: Option<String>,
}

fn review(doc: &Document, site: &Site) -> Review {
    let meta = &doc.meta;
    let next = meta.next_review.or_else(|| {
        meta.last_reviewed
            .map(|d| d.add_days(site.config.policy.review_interval_days))
    });
    Review {
        reviewed_by: meta.reviewed_by.clone(),
        last_reviewed: meta.last_reviewed.map(|d| d.to_string()),
        last_reviewed_long: meta.last_reviewed.map(|d| long(site, d)),
        next_review: next.map(|d| d.to_string()),
        next_review_long: next.map(|d| long(site, d)),
    }
}

/// Everything an article page shows.
#[derive(Debug, Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    description: &'a str,
    date: Option<String>,
    date_long: Option<String>,
    updated_long: Option<String>,
    tags: Vec<TagLink>,
    review: Review,
    toc: Vec<&'a Heading>,
    html: &'a str,
    references: &'a [Reference],
    related: Vec<Summary>,
    reading_minutes: usize,
}

/// An article page: `article.html`.
pub fn article(site: &Site, index: usize) -> Context {
    let page = &site.articles[index];
    let meta = &page.doc.meta;
    let path = page.doc.url_path();
    let review = review(&page.doc, site);
    let mut jsonld = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "headline": meta.title,
        "description": meta.description,
        "url": site.config.url(&path),
        "inLanguage": site.config.language,
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": clinic_jsonld(site),
    });
    if let Some(last) = meta.last_reviewed {
        jsonld["lastReviewed"] = json!(last.to_string());
    }
    if let Some(by) = &meta.reviewed_by {
        jsonld["reviewedBy"] = json!({"@type": "Person", "name": by});
    }
    if let Some(date) = meta.date {
        jsonld["datePublished"] = json!(date.to_string());
    }
    if let Some(updated) = meta.updated {
        jsonld["dateModified"] = json!(updated.to_string());
    }
    if !meta.references.is_empty() {
        jsonld["citation"] = json!(
            meta.references
                .iter()
                .map(|r| r.title.clone())
                .collect::<Vec<_>>()
        );
    }
    let view = ArticleView {
        title: &meta.title,
        description: &meta.description,
        date: meta.date.map(|d| d.to_string()),
        date_long: meta.date.map(|d| long(site, d)),
        updated_long: meta.updated.map(|d| long(site, d)),
        tags: meta.tags.iter().map(|t| tag_link(site, t)).collect(),
        review,
        toc: page.rendered.toc(),
        html: &page.rendered.html,
        references: &meta.references,
        related: site
            .related(index, 3)
            .into_iter()
            .map(|i| summary(site, &site.articles[i]))
            .collect(),
        reading_minutes: page.rendered.words.div_ceil(200).max(1),
    };
    let mut context = page_context(
        site,
        &meta.title,
        &meta.description,
        &path,
        "article",
        jsonld,
    );
    context.insert("article", &view);
    context
}

/// One FAQ entry: a `##` heading and the text under it.
#[derive(Debug, Serialize)]
struct Question {
    id: String,
    question: String,
}

/// The FAQ page: `faq.html`.
pub fn faq(site: &Site, faq: &Page) -> Context {
    let meta = &faq.doc.meta;
    let path = faq.doc.url_path();
    let answers = &faq.rendered.scan.sections;
    let entities: Vec<Value> = answers
        .iter()
        .map(|(q, a)| json!({"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}))
        .collect();
    let mut jsonld = json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": meta.title,
        "url": site.config.url(&path),
        "mainEntity": entities,
        "inLanguage": site.config.language,
        "publisher": clinic_jsonld(site),
    });
    if let Some(last) = meta.last_reviewed {
        jsonld["lastReviewed"] = json!(last.to_string());
    }
    let questions: Vec<Question> = faq
        .rendered
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| Question {
            id: h.id.clone(),
            question: h.text.clone(),
        })
        .collect();
    let mut context = page_context(
        site,
        &meta.title,
        &meta.description,
        &path,
        "website",
        jsonld,
    );
    context.insert(
        "faq",
        &json!({"html": faq.rendered.html, "references": meta.references, "questions": questions}),
    );
    context.insert("review", &review(&faq.doc, site));
    context
}

/// Another page from content/pages: `page.html`.
pub fn page(site: &Site, page: &Page) -> Context {
    let meta = &page.doc.meta;
    let path = page.doc.url_path();
    let jsonld = json!({"@context": "https://schema.org", "@type": "WebPage", "name": meta.title, "url": site.config.url(&path), "inLanguage": site.config.language, "publisher": clinic_jsonld(site)});
    let mut context = page_context(
        site,
        &meta.title,
        &meta.description,
        &path,
        "website",
        jsonld,
    );
    context.insert("content", &json!({"html": page.rendered.html, "references": meta.references, "toc": page.rendered.toc()}));
    context.insert("review", &review(&page.doc, site));
    context
}

/// The 404 page.
pub fn not_found(site: &Site) -> Context {
    let mut meta = page_meta(
        site,
        &text(site, "not_found_page_title", &[]),
        &text(site, "not_found_description", &[]),
        &Route::NotFound.url_in(lang(site)),
        "website",
        json!({}),
    );
    meta.noindex = true;
    meta.jsonld = String::new();
    let mut context = Context::new();
    context.insert("page", &meta);
    context
}
