//! Routes: the one place where sources become slugs, URLs and output files.
//!
//! Every page of the site is a [`Route`]. A route gives its URL on the site
//! ([`Route::url`], `/articles/maintenance-sessions/`) and the file it is
//! written to ([`Route::file`], `articles/maintenance-sessions/index.html`);
//! [`Route::from_source`] says which route a content file is published at.
//! Links between pages are resolved to routes and checked against the URLs
//! that will exist, so a link and the page it points at cannot disagree.
//!
//! Routes take a [`Lang`]: a translated page lives under its language's
//! prefix (`/es/articles/.../`) without any other module knowing how, and
//! [`source_link`] says where a link from a translation to a Markdown source
//! goes (its translation, or the default language's page).

use std::path::{Component, Path, PathBuf};

/// The language a URL is for. Only the site's default language exists
/// today; [`Lang::Prefixed`] is where a second language's URLs will go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang<'a> {
    /// The site's default language: URLs without a prefix.
    #[default]
    Default,
    /// Another language, published under `/<code>/`.
    Prefixed(&'a str),
}

/// A page or file that pamphlet generates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/`.
    Home,
    /// `/articles/`, and `/articles/page/N/` for page N > 1.
    ArticleIndex {
        /// 1-based page of the list.
        page: usize,
    },
    /// `/articles/<slug>/`.
    Article {
        /// From the file name.
        slug: String,
    },
    /// `/tags/`.
    TagIndex,
    /// `/tags/<slug>/`, and `/tags/<slug>/page/N/`.
    Tag {
        /// From the tag's name.
        slug: String,
        /// 1-based page of the list.
        page: usize,
    },
    /// `/faq/`.
    Faq,
    /// `/assessment/`.
    Assessment,
    /// `/assessment/review/`: the clinician's review sheet (unlisted).
    AssessmentReview,
    /// `/<slug>/`, from `content/pages/<slug>.md`.
    Page {
        /// From the file name.
        slug: String,
    },
    /// `/404.html`.
    NotFound,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/atom.xml`.
    Atom,
    /// `/robots.txt`.
    Robots,
}

/// The list of files a build wrote, which output leaves in the output
/// folder; no static file may take its name.
pub const MANIFEST: &str = ".pamphlet-manifest.json";

/// The URL paths of built-in pages that a page slug may not take.
pub const RESERVED_SLUGS: &[&str] = &["articles", "tags", "faq", "assessment", "404", "__pamphlet"];

impl Route {
    /// The URL path in the default language, e.g. `/articles/sessions/`.
    pub fn url(&self) -> String {
        self.url_in(Lang::Default)
    }

    /// The URL path in `lang`.
    pub fn url_in(&self, lang: Lang) -> String {
        let path = match self {
            Route::Home => "/".to_string(),
            Route::ArticleIndex { page } => paginated("/articles/", *page),
            Route::Article { slug } => format!("/articles/{slug}/"),
            Route::TagIndex => "/tags/".to_string(),
            Route::Tag { slug, page } => paginated(&format!("/tags/{slug}/"), *page),
            Route::Faq => "/faq/".to_string(),
            Route::Assessment => "/assessment/".to_string(),
            Route::AssessmentReview => "/assessment/review/".to_string(),
            Route::Page { slug } => format!("/{slug}/"),
            Route::NotFound => "/404.html".to_string(),
            Route::Sitemap => "/sitemap.xml".to_string(),
            Route::Atom => "/atom.xml".to_string(),
            Route::Robots => "/robots.txt".to_string(),
        };
        match lang {
            Lang::Default => path,
            Lang::Prefixed(code) => format!("/{code}{path}"),
        }
    }

    /// The file the route is written to, relative to the output folder.
    pub fn file(&self) -> String {
        file_for(&self.url())
    }

    /// The same route's page `page` of a paginated list; other routes are
    /// returned as they are.
    pub fn with_page(&self, page: usize) -> Route {
        match self {
            Route::ArticleIndex { .. } => Route::ArticleIndex { page },
            Route::Tag { slug, .. } => Route::Tag {
                slug: slug.clone(),
                page,
            },
            other => other.clone(),
        }
    }

    /// The route a content file is published at, from its path relative to
    /// the site root (`content/articles/Maintenance Sessions.md` →
    /// `/articles/maintenance-sessions/`); `None` for a file that is not a
    /// page.
    pub fn from_source(path: &Path) -> Option<Route> {
        let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
        let stem = |name: &str| name.strip_suffix(".md").map(slug);
        match parts.as_slice() {
            ["content", "faq.md"] => Some(Route::Faq),
            ["content", "assessment.yaml"] => Some(Route::Assessment),
            ["content", "articles", name] => stem(name).map(|slug| Route::Article { slug }),
            ["content", "pages", name] => stem(name).map(|slug| Route::Page { slug }),
            _ => None,
        }
    }

    /// The tag page of the tag `name`.
    pub fn tag(name: &str) -> Route {
        Route::Tag {
            slug: slug(name),
            page: 1,
        }
    }
}

/// Page `page` (1-based) of a paginated list at `base`.
fn paginated(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// The file a URL path is written to: `/faq/` → `faq/index.html`,
/// `/404.html` → `404.html`.
pub fn file_for(url_path: &str) -> String {
    let trimmed = url_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// A slug made from a title, a tag or a file name: lowercase ASCII letters
/// and digits joined by `-`. Other letters are transliterated first
/// (`Über` → `uber`, `ñandú` → `nandu`, `Ἀθῆναι` → `athenai`), so names in
/// any script keep their words instead of losing letters.
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, " ");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_' || c == '/')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// `%20` and other escapes in a link as staff wrote it, decoded
/// (`Maintenance%20Sessions.md` → `Maintenance Sessions.md`).
pub fn decode(written: &str) -> String {
    percent_encoding::percent_decode_str(written)
        .decode_utf8_lossy()
        .into_owned()
}

/// Where a relative link in `from` goes: `content/articles/a.md` +
/// `../pages/b.md` → `content/pages/b.md`. Escapes are decoded first.
/// `None` when the result leaves `content/`.
pub fn resolve_relative(from: &Path, link: &str) -> Option<PathBuf> {
    let decoded = decode(link);
    let mut parts: Vec<String> = from
        .parent()?
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for component in Path::new(&decoded).components() {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (parts.first().map(String::as_str) == Some("content")).then(|| parts.iter().collect())
}

/// One language's translations, for the links of its pages: each
/// translation's file with the source it translates
/// (`content/es/articles/sesiones.md` → `content/articles/maintenance.md`).
/// Empty for the default language.
#[derive(Debug, Clone, Default)]
pub struct Translated {
    /// The language's prefix (`es`); empty for the default language.
    pub prefix: String,
    /// Translation file → the source it translates, both from the site root.
    pub of: std::collections::HashMap<PathBuf, PathBuf>,
}

impl Translated {
    /// Whether `source` has a translation in this language.
    fn has(&self, source: &Path) -> bool {
        self.of.values().any(|s| s == source)
    }
}

/// Where a relative link to a Markdown file leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceLink {
    /// The source file the link names and the URL it now points at.
    Page {
        /// The source (default-language) file, from the site root.
        file: PathBuf,
        /// Its URL: in the linking page's language when the source has a
        /// translation there, in the default language otherwise.
        url: String,
    },
    /// The link leaves `content/`.
    LeavesContent,
    /// The link names a file that is not a page (`notes.txt`).
    NotAPage,
}

/// Where the relative link `link` in the page `from` goes, the one place a
/// link to a Markdown source becomes a URL.
///
/// In the default language, as written. In a translation
/// (`content/es/articles/x.md`), the link names a source as if the page
/// stood where its source does (`safety.md`, `../faq.md`), or another
/// translation by its own file name (`sesiones.md`), or a source by its
/// real path (`../../articles/safety.md`). It goes to the translation of
/// that source when there is one, and to the default language's page
/// otherwise, so a Spanish page never links to a Spanish page that does
/// not exist.
pub fn source_link(from: &Path, link: &str, translated: &Translated) -> SourceLink {
    let as_written = resolve_relative(from, link);
    let file = if translated.prefix.is_empty() {
        as_written
    } else if let Some(source) = as_written.as_ref().and_then(|f| translated.of.get(f)) {
        Some(source.clone())
    } else {
        // Where the page would stand in the default language's folders.
        let mirrored: PathBuf = from.iter().take(1).chain(from.iter().skip(2)).collect();
        resolve_relative(&mirrored, link).or(as_written)
    };
    let Some(file) = file else {
        return SourceLink::LeavesContent;
    };
    let Some(route) = Route::from_source(&file) else {
        return SourceLink::NotAPage;
    };
    let url = if translated.has(&file) {
        route.url_in(Lang::Prefixed(&translated.prefix))
    } else {
        route.url()
    };
    SourceLink::Page { file, url }
}

/// The path on this site that an absolute URL names, when it starts with
/// the site's own `base_url` (either scheme, any case in the host):
/// `https://www.example.org/faq/#cost` → `/faq/#cost`.
pub fn own_path(url: &str, base_url: &str) -> Option<String> {
    fn without_scheme(url: &str) -> Option<&str> {
        let lower = url.get(..8)?.to_ascii_lowercase();
        if lower.starts_with("https://") {
            url.get(8..)
        } else if lower.starts_with("http://") {
            url.get(7..)
        } else {
            None
        }
    }
    let base = without_scheme(base_url.trim_end_matches('/'))?;
    let rest = without_scheme(url)?;
    let (base_host, base_path) = base.split_once('/').unwrap_or((base, ""));
    let (host, path) = rest
        .find(['/', '?', '#'])
        .map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
    if !host.eq_ignore_ascii_case(base_host) {
        return None;
    }
    let base_path = if base_path.is_empty() {
        String::new()
    } else {
        format!("/{base_path}")
    };
    let path = path.strip_prefix(base_path.as_str())?;
    match path.chars().next() {
        None => Some("/".into()),
        Some('/') => Some(path.to_string()),
        Some('?' | '#') => Some(format!("/{path}")),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_kind_has_one_url_and_file() {
        let cases = [
            (Route::Home, "/", "index.html"),
            (
                Route::ArticleIndex { page: 1 },
                "/articles/",
                "articles/index.html",
            ),
            (
                Route::ArticleIndex { page: 2 },
                "/articles/page/2/",
                "articles/page/2/index.html",
            ),
            (
                Route::Article { slug: "a".into() },
                "/articles/a/",
                "articles/a/index.html",
            ),
            (Route::TagIndex, "/tags/", "tags/index.html"),
            (
                Route::Tag {
                    slug: "x".into(),
                    page: 3,
                },
                "/tags/x/page/3/",
                "tags/x/page/3/index.html",
            ),
            (Route::Faq, "/faq/", "faq/index.html"),
            (Route::Assessment, "/assessment/", "assessment/index.html"),
            (
                Route::AssessmentReview,
                "/assessment/review/",
                "assessment/review/index.html",
            ),
            (
                Route::Page {
                    slug: "about".into(),
                },
                "/about/",
                "about/index.html",
            ),
            (Route::NotFound, "/404.html", "404.html"),
            (Route::Sitemap, "/sitemap.xml", "sitemap.xml"),
            (Route::Atom, "/atom.xml", "atom.xml"),
            (Route::Robots, "/robots.txt", "robots.txt"),
        ];
        for (route, url, file) in cases {
            assert_eq!(route.url(), url);
            assert_eq!(route.file(), file);
        }
        assert_eq!(Route::Faq.url_in(Lang::Prefixed("es")), "/es/faq/");
    }

    #[test]
    fn the_manifest_is_the_one_output_writes() {
        assert_eq!(MANIFEST, crate::output::MANIFEST);
    }

    #[test]
    fn sources_become_routes() {
        let route = |p: &str| Route::from_source(Path::new(p)).map(|r| r.url());
        assert_eq!(
            route("content/articles/Maintenance Sessions.md").as_deref(),
            Some("/articles/maintenance-sessions/")
        );
        assert_eq!(route("content/pages/Über.md").as_deref(), Some("/uber/"));
        assert_eq!(route("content/faq.md").as_deref(), Some("/faq/"));
        assert_eq!(
            route("content/assessment.yaml").as_deref(),
            Some("/assessment/")
        );
        assert_eq!(route("content/articles/a.txt"), None);
        assert_eq!(route("content/notes/a.md"), None);
    }

    #[test]
    fn slugs_transliterate() {
        assert_eq!(
            slug("How long does relief last?"),
            "how-long-does-relief-last"
        );
        assert_eq!(
            slug("  IV vs. nasal spray — what's different "),
            "iv-vs-nasal-spray-whats-different"
        );
        assert_eq!(slug("Über"), "uber");
        assert_eq!(slug("ñandú"), "nandu");
        assert_ne!(slug("ñandú"), slug("and"));
        assert_eq!(slug("Preguntas más frecuentes"), "preguntas-mas-frecuentes");
    }

    #[test]
    fn links_resolve_with_escapes() {
        let from = Path::new("content/articles/a.md");
        assert_eq!(
            resolve_relative(from, "Maintenance%20Sessions.md"),
            Some(PathBuf::from("content/articles/Maintenance Sessions.md"))
        );
        assert_eq!(
            resolve_relative(from, "../pages/about.md"),
            Some(PathBuf::from("content/pages/about.md"))
        );
        assert_eq!(resolve_relative(from, "../../Cargo.toml"), None);
    }

    #[test]
    fn links_in_a_translation_go_to_translations_where_there_are_some() {
        let es = Translated {
            prefix: "es".into(),
            of: [
                (
                    "content/es/articles/sesiones.md",
                    "content/articles/sessions.md",
                ),
                ("content/es/faq.md", "content/faq.md"),
            ]
            .into_iter()
            .map(|(a, b)| (PathBuf::from(a), PathBuf::from(b)))
            .collect(),
        };
        let from = Path::new("content/es/articles/otra.md");
        let link = |written: &str| match source_link(from, written, &es) {
            SourceLink::Page { file, url } => format!("{} {url}", file.display()),
            other => format!("{other:?}"),
        };
        assert_eq!(
            link("sessions.md"),
            "content/articles/sessions.md /es/articles/sessions/"
        );
        assert_eq!(
            link("sesiones.md"),
            "content/articles/sessions.md /es/articles/sessions/"
        );
        assert_eq!(
            link("safety.md"),
            "content/articles/safety.md /articles/safety/"
        );
        assert_eq!(link("../faq.md"), "content/faq.md /es/faq/");
        assert_eq!(link("../pages/about.md"), "content/pages/about.md /about/");
        assert_eq!(
            link("../../articles/sessions.md"),
            "content/articles/sessions.md /es/articles/sessions/"
        );
        assert_eq!(link("../../../x.md"), "LeavesContent");
        assert_eq!(link("notes.txt"), "NotAPage");
        // The default language's pages link as written.
        let en = Translated::default();
        assert_eq!(
            source_link(Path::new("content/articles/a.md"), "sessions.md", &en),
            SourceLink::Page {
                file: "content/articles/sessions.md".into(),
                url: "/articles/sessions/".into()
            }
        );
    }

    #[test]
    fn own_base_url_links_are_site_paths() {
        let base = "https://www.example.org";
        assert_eq!(
            own_path("https://www.example.org/faq/", base).as_deref(),
            Some("/faq/")
        );
        assert_eq!(
            own_path("http://WWW.example.org", base).as_deref(),
            Some("/")
        );
        assert_eq!(
            own_path("https://www.example.org#x", base).as_deref(),
            Some("/#x")
        );
        assert_eq!(own_path("https://example.org/faq/", base), None);
        assert_eq!(own_path("https://www.example.org.evil/faq/", base), None);
        let sub = "https://example.org/clinic";
        assert_eq!(
            own_path("https://example.org/clinic/faq/", sub).as_deref(),
            Some("/faq/")
        );
        assert_eq!(own_path("https://example.org/clinical/", sub), None);
        assert_eq!(own_path("https://example.org/other/", sub), None);
    }
}
