//! The machine-read files: sitemap.xml, atom.xml and robots.txt.

use std::fmt::Write as _;

use super::languages::{Routes, lang};
use crate::routes::Route;
use crate::site::Site;

/// Escapes text for XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every public page of every language with the date its content last
/// changed; on a site of several languages each entry lists the page in
/// every language that has it (`xhtml:link` alternates, as search engines
/// read them), the entry itself included.
pub fn sitemap(sites: &[&Site], routes: &Routes) -> String {
    let several = sites.len() > 1;
    let mut out = String::from(if several {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    });
    for (from, site) in sites.iter().enumerate() {
        let mut entry = |route: Route, lastmod: Option<String>| {
            let _ = write!(
                out,
                "  <url><loc>{}</loc>",
                xml(&site.config.url(&route.url_in(lang(site))))
            );
            if let Some(date) = lastmod {
                let _ = write!(out, "<lastmod>{date}</lastmod>");
            }
            for other in routes
                .alternates(sites, from, &route)
                .iter()
                .filter(|a| a.same_page)
            {
                let _ = write!(
                    out,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml(&other.hreflang),
                    xml(&other.url)
                );
            }
            out.push_str("</url>\n");
        };
        entry(Route::Home, None);
        entry(Route::ArticleIndex { page: 1 }, None);
        for page in site.articles.iter().chain(&site.pages).chain(&site.faq) {
            let meta = &page.doc.meta;
            let lastmod = [meta.updated, meta.last_reviewed, meta.date]
                .into_iter()
                .flatten()
                .max();
            entry(page.doc.route(), lastmod.map(|d| d.to_string()));
        }
        if site.assessment.is_some() {
            entry(Route::Assessment, None);
        }
        entry(Route::TagIndex, None);
        for tag in site.tags.values() {
            entry(Route::tag(&tag.name), None);
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the newest articles.
pub fn atom(site: &Site) -> String {
    let mut newest: Vec<_> = site
        .articles
        .iter()
        .filter(|a| a.doc.meta.date.is_some())
        .collect();
    newest.sort_by(|a, b| {
        b.doc
            .meta
            .date
            .cmp(&a.doc.meta.date)
            .then(a.doc.slug.cmp(&b.doc.slug))
    });
    newest.truncate(20);
    let stamp = |d: crate::date::Date| format!("{d}T00:00:00Z");
    let updated = newest
        .iter()
        .filter_map(|a| {
            [a.doc.meta.updated, a.doc.meta.date]
                .into_iter()
                .flatten()
                .max()
        })
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), stamp);
    let c = &site.config;
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(&c.language)
    );
    let _ = writeln!(out, "  <title>{}</title>", xml(&c.name));
    let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml(&c.description));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&c.url(&Route::Atom.url_in(lang(site))))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&c.url(&Route::Home.url_in(lang(site))))
    );
    let _ = writeln!(
        out,
        "  <id>{}</id>",
        xml(&c.url(&Route::Home.url_in(lang(site))))
    );
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml(&c.name));
    for article in newest {
        let meta = &article.doc.meta;
        let url = c.url(&article.doc.url_path());
        let published = meta.date.map(stamp).unwrap_or_default();
        let changed = meta.updated.map_or_else(|| published.clone(), stamp);
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{}</title>", xml(&meta.title));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml(&url)
        );
        let _ = writeln!(out, "    <id>{}</id>", xml(&url));
        let _ = writeln!(out, "    <published>{published}</published>");
        let _ = writeln!(out, "    <updated>{changed}</updated>");
        let _ = writeln!(out, "    <summary>{}</summary>", xml(&meta.description));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

/// Lets every crawler in and points it at the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.url(&Route::Sitemap.url())
    )
}

/// The Content-Security-Policy sent as a header. It is the policy of the
/// pages' `<meta>` tag, plus what only a header can do (`frame-ancestors`:
/// no other site may frame a page, so none can dress it up or click-jack
/// it), and `form-action 'none'`: no form of the site sends anything
/// anywhere, so even a form submitted without JavaScript goes nowhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'self'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

/// What browsers may use on the site's pages: nothing beyond reading.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

/// The security headers for every file of the site, as (name, value).
/// `_headers` carries them for Netlify and Cloudflare Pages, `pamphlet
/// serve` sends them, and the README shows them for other servers.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("X-Frame-Options", "DENY"),
];

/// The `_headers` file, in the format Netlify and Cloudflare Pages read.
pub fn headers() -> String {
    let mut out = String::from(
        "# Security headers, written by pamphlet build, for hosts that read _headers\n\
         # (Netlify, Cloudflare Pages). For other servers see pamphlet's README.\n/*\n",
    );
    for (name, value) in SECURITY_HEADERS {
        let _ = writeln!(out, "  {name}: {value}");
    }
    out
}
