//! `pamphlet build` end to end: the pages a good site gets, and the message,
//! exit code and untouched previous output for each class of mistake.

mod common;

use common::SiteTest;

#[test]
fn builds_every_kind_of_page() {
    let site = SiteTest::from_fixture("good");
    let run = site.build();
    run.expect_code(0);
    assert!(
        run.stdout
            .starts_with("Built 14 pages (3 articles) and 6 other files into "),
        "{}",
        run.stdout
    );
    for page in [
        "public/index.html",
        "public/articles/index.html",
        "public/articles/page/2/index.html",
        "public/articles/sessions/index.html",
        "public/tags/index.html",
        "public/tags/sessions/index.html",
        "public/tags/induction/index.html",
        "public/faq/index.html",
        "public/about/index.html",
        "public/404.html",
        "public/sitemap.xml",
        "public/atom.xml",
        "public/robots.txt",
        "public/_headers",
        "public/css/site.css",
    ] {
        assert!(site.exists(page), "{page} was not written");
    }
    assert!(
        !site.exists("public/articles/unfinished/index.html"),
        "a draft was published"
    );
}

#[test]
fn article_page_shows_review_sources_and_safe_markup() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    let html = site.read("public/articles/sessions/index.html");
    for expected in [
        "<title>How many sessions will I need? | Test Clinic (fictional)</title>",
        "<link rel=\"canonical\" href=\"https://test.example.org/articles/sessions/\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'\">",
        "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>",
        "Medically reviewed by Dr. Test Reviewer, MD (fictional) on <time datetime=\"2026-11-01\">1 November 2026</time>. Next review due <time datetime=\"2027-11-01\">1 November 2027</time>.",
        "<sup class=\"cite\"><a href=\"#source-apa2017\" aria-label=\"Source 1\">[1]</a></sup>",
        "<li id=\"source-apa2017\"><a href=\"https://example.org/apa2017\">A consensus statement on the use of ketamine</a>. JAMA Psychiatry, 2017.</li>",
        "<a href=\"/articles/maintenance/#how-often\">maintenance</a>",
        "<a href=\"/faq/#is-it-safe\">FAQ</a>",
        "<aside class=\"callout callout-warning\" aria-label=\"Warning\">",
        "<th class=\"align-left\">Phase</th><th class=\"align-right\">Sessions</th>",
        "<li><a href=\"/articles/maintenance/\">Maintenance sessions</a></li>",
        "\"@type\":\"MedicalWebPage\"",
        "\"lastReviewed\":\"2026-11-01\"",
        "\"reviewedBy\":{\"@type\":\"Person\",\"name\":\"Dr. Test Reviewer, MD (fictional)\"}",
        "\"medicalAudience\":{\"@type\":\"MedicalAudience\",\"audienceType\":\"Patient\"}",
        "call or text <strong>988</strong>",
        "<a href=\"tel:5550100100\">(555) 010-0100</a>",
        "<p>This article is general information, not medical advice.</p>",
    ] {
        assert!(html.contains(expected), "missing {expected}\n\n{html}");
    }
    assert!(!html.contains("style="), "inline style attribute");
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the JSON-LD data block"
    );
}

#[test]
fn faq_and_lists_have_their_structure() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    let faq = site.read("public/faq/index.html");
    assert!(faq.contains("\"@type\":\"FAQPage\""));
    assert!(faq.contains("{\"@type\":\"Question\",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":\"Often six. Read how many sessions.\"},\"name\":\"How many sessions?\"}"), "{faq}");
    assert!(faq.contains("<h2 id=\"is-it-safe\">Is it safe?</h2>"));
    let list = site.main_of("public/articles/index.html");
    assert!(list.contains("Page 1 of 2"), "{list}");
    assert!(
        list.contains("<a href=\"/articles/page/2/\" rel=\"next\">Next page</a>"),
        "{list}"
    );
    let home = site.read("public/index.html");
    assert!(home.contains("\"@type\":\"MedicalClinic\""));
    assert!(
        !home.contains("Take the self-assessment"),
        "no assessment, no link to one"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://test.example.org/articles/sessions/</loc><lastmod>2026-11-01</lastmod></url>"), "{sitemap}");
    let atom = site.read("public/atom.xml");
    assert!(atom.contains("<title>How many sessions will I need?</title>"));
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://test.example.org/sitemap.xml\n"
    );
}

#[test]
fn drafts_and_base_url_flags() {
    let site = SiteTest::from_fixture("good");
    // The draft has no review yet, but `--drafts` previews it anyway.
    site.run(&[
        "build",
        "--drafts",
        "--base-url",
        "https://staging.example.org/",
    ])
    .expect_code(0);
    assert!(site.exists("public/articles/unfinished/index.html"));
    assert!(
        site.read("public/index.html")
            .contains("<link rel=\"canonical\" href=\"https://staging.example.org/\">")
    );
}

/// The security headers travel with the site for Netlify and Cloudflare
/// Pages, with the pages' own policy plus what only a header can do.
#[test]
fn the_site_carries_its_security_headers() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    assert_eq!(
        site.read("public/_headers"),
        "# Security headers, written by pamphlet build, for hosts that read _headers\n\
         # (Netlify, Cloudflare Pages). For other servers see pamphlet's README.\n\
         /*\n  \
         Content-Security-Policy: default-src 'self'; base-uri 'self'; form-action 'none'; object-src 'none'; frame-ancestors 'none'\n  \
         X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: no-referrer\n  \
         Permissions-Policy: accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()\n  \
         X-Frame-Options: DENY\n"
    );
    // The header is never weaker than the page's own <meta> policy.
    let home = site.read("public/index.html");
    let meta = home
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSP meta tag");
    let header = site.read("public/_headers");
    for directive in meta.split(';').map(str::trim) {
        let name = directive.split(' ').next().unwrap();
        let in_header = header.contains(directive)
            || (name == "form-action" && header.contains("form-action 'none'"));
        assert!(
            in_header,
            "`{directive}` of the meta policy is missing from _headers"
        );
    }
}

/// Builds once, breaks the site with `change`, and checks the full message,
/// the exit code and that the first build's output is byte-for-byte intact.
fn assert_build_fails(change: impl FnOnce(SiteTest) -> SiteTest, expected: &str) {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    let before = site.snapshot("public");
    let site = change(site);
    let errors = site.build_errors();
    assert_eq!(errors, expected, "\n--- actual ---\n{errors}");
    assert_eq!(
        site.snapshot("public"),
        before,
        "the previous output changed"
    );
}

#[test]
fn yaml_syntax_error() {
    assert_build_fails(
        |s| {
            s.file(
                "content/articles/safety.md",
                "---\ntitle: Is it safe?\ndescription: Who: should ask\n---\nText\n",
            )
        },
        r#"error: this is not valid YAML: mapping values are not allowed in this context
 --> content/articles/safety.md:3:17
  |
3 | description: Who: should ask
  |                 ^
  = hint: check the indentation, and put text with a colon `:` in quotes

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn unknown_key_with_suggestion() {
    assert_build_fails(
        |s| {
            s.file("content/articles/safety.md", "---\ntitle: Is it safe?\ndescription: Who should ask first.\nreviewd_by: Dr. A\nlast_reviewed: 2026-01-01\n---\nText\n")
        },
        r#"error: unknown key `reviewd_by`
 --> content/articles/safety.md:4:1
  |
4 | reviewd_by: Dr. A
  | ^^^^^^^^^^
  = hint: did you mean `reviewed_by`? The known keys are: title, description, date, updated, tags, weight, draft, reviewed_by, last_reviewed, next_review, references, translation_of

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn missing_required_key() {
    assert_build_fails(
        |s| {
            s.file(
                "content/pages/about.md",
                "---\ntitle: About us\n---\nText\n",
            )
        },
        r#"error: missing key `description`
 --> content/pages/about.md:2:1
  |
2 | title: About us
  | ^
  = hint: add a line `description: ...`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn wrongly_typed_key() {
    assert_build_fails(
        |s| {
            s.file(
                "content/pages/about.md",
                "---\ntitle: About us\ndescription: Who we are.\nweight: first\n---\nText\n",
            )
        },
        r#"error: `weight` must be a whole number, not `first`
 --> content/pages/about.md:4:9
  |
4 | weight: first
  |         ^^^^^
  = hint: put text in quotes if it should stay text; numbers and dates have no quotes

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn bad_date() {
    assert_build_fails(
        |s| {
            s.file("content/articles/safety.md", "---\ntitle: Is it safe?\ndescription: Who should ask first.\nreviewed_by: Dr. A\nlast_reviewed: 2026-02-30\n---\nText\n")
        },
        r#"error: `2026-02-30` is not a date
 --> content/articles/safety.md:5:16
  |
5 | last_reviewed: 2026-02-30
  |                ^^^^^^^^^^
  = hint: write dates as YYYY-MM-DD with a real day, for example 2026-11-24

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn unreviewed_article() {
    assert_build_fails(
        |s| {
            s.file(
                "content/articles/safety.md",
                "---\ntitle: Is it safe?\ndescription: Who should ask first.\n---\nText\n",
            )
        },
        r#"error: this page is published but has no reviewed_by and last_reviewed: unreviewed medical text is never published
 --> content/articles/safety.md:1:1
  |
1 | ---
  | ^^^
  = hint: add `reviewed_by: Dr. ...` and `last_reviewed: YYYY-MM-DD` once a clinician has reviewed it, or keep `draft: true` until then

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn duplicate_slug() {
    assert_build_fails(
        |s| {
            s.file("content/articles/Safety.md", "---\ntitle: Safety again\ndescription: A copy.\nreviewed_by: Dr. A\nlast_reviewed: 2026-01-01\n---\nText\n")
        },
        r#"error: `content/articles/Safety.md` and `content/articles/safety.md` would both be published at /articles/safety/
 --> content/articles/safety.md
  = hint: rename one of the two files

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn broken_link_and_anchor() {
    assert_build_fails(
        |s| {
            s.file("content/articles/safety.md", "---\ntitle: Is it safe?\ndescription: Who should ask first.\nreviewed_by: Dr. A\nlast_reviewed: 2026-01-01\n---\nSee [upkeep](maintenance.md#how-oftn) and [costs](cost.md).\n\nAlso [the draft](unfinished.md) and [a file](/files/form.pdf).\n")
        },
        r#"error: `content/articles/maintenance.md` has no heading with the id `#how-oftn`
 --> content/articles/safety.md:7:14
  |
7 | See [upkeep](maintenance.md#how-oftn) and [costs](cost.md).
  |              ^^^^^^^^^^^^^^^^^^^^^^^
  = hint: did you mean `#how-often`?

error: the link `cost.md` goes to `content/articles/cost.md`, which does not exist
 --> content/articles/safety.md:7:51
  |
7 | See [upkeep](maintenance.md#how-oftn) and [costs](cost.md).
  |                                                   ^^^^^^^
  = hint: links are relative to the file they are in: from an article, `other-article.md`, `../faq.md` or `../pages/about.md`

error: the link `unfinished.md` goes to a draft, which is not published
 --> content/articles/safety.md:9:18
  |
9 | Also [the draft](unfinished.md) and [a file](/files/form.pdf).
  |                  ^^^^^^^^^^^^^
  = hint: publish content/articles/unfinished.md first (remove `draft: true` once it is reviewed), or remove the link

error: the link `/files/form.pdf` goes to no page or file of this site
 --> content/articles/safety.md:9:46
  |
9 | Also [the draft](unfinished.md) and [a file](/files/form.pdf).
  |                                              ^^^^^^^^^^^^^^^
  = hint: link to another page by its Markdown file (`../faq.md`), and to files in static/ as `/file-name`

error: found 4 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn footnote_without_reference() {
    assert_build_fails(
        |s| {
            s.file("content/articles/maintenance.md", "---\ntitle: Maintenance sessions\ndescription: Boosters.\nreviewed_by: Dr. A\nlast_reviewed: 2026-01-01\nreferences:\n  - { id: apa2017, title: A statement }\n---\nSpacing varies.[^apa2071]\n\n## How often?\n\nIt differs.[^apa2017]\n")
        },
        r#"error: `[^apa2071]` cites no reference in the front matter
 --> content/articles/maintenance.md:9:16
  |
9 | Spacing varies.[^apa2071]
  |                ^^^^^^^^^^
  = hint: did you mean `[^apa2017]`?

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn template_syntax_error() {
    assert_build_fails(
        |s| {
            s.file("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n")
        },
        r#"error: Found `}` but expected }}.
 --> templates/page.html:3:19
  |
3 | <h1>{{ page.title }</h1>
  |                   ^
  = hint: check the template syntax near the caret: every `{%`, `{{` and `{#` needs its closing `%}`, `}}` or `#}`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn template_runtime_error_names_the_page() {
    assert_build_fails(
        |s| {
            s.file("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.titel }}</h1>\n{% endblock main %}\n")
        },
        r#"error: Field `titel` is not defined. Available fields: description, jsonld, noindex, og_type, path, title, url (while rendering /about/ with page.html)
 --> templates/page.html:3:13
  |
3 | <h1>{{ page.titel }}</h1>
  |             ^^^^^
  = hint: a template may use only the values pamphlet gives it; `pamphlet` README lists them per template. Guard optional ones with `{% if x is defined %}`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn file_that_is_not_utf8() {
    assert_build_fails(
        |s| {
            s.file(
                "content/pages/about.md",
                b"---\ntitle: About us\ndescription: Caf\xe9 talk.\n---\nText\n",
            )
        },
        r#"error: this file is not UTF-8 text
 --> content/pages/about.md:3:17
  |
3 | description: Caf� talk.
  |                 ^
  = hint: save the file as UTF-8 in your editor ("Save with encoding" → UTF-8)

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn every_problem_is_reported_sorted_by_file() {
    assert_build_fails(
        |s| {
            s.file("content/pages/about.md", "---\ntitle: About us\n---\nText\n")
                .file("site.yaml", std::fs::read_to_string("tests/fixtures/good/site.yaml").unwrap().replace("base_url: https://test.example.org", "base_url: test.example.org"))
                .file("content/articles/safety.md", "---\ntitle: Is it safe?\ndescription: Who should ask first.\nreviewed_by: Dr. A\nlast_reviewed: 2026-01-01\n---\nSee [costs](cost.md).\n")
        },
        r#"error: the link `cost.md` goes to `content/articles/cost.md`, which does not exist
 --> content/articles/safety.md:7:13
  |
7 | See [costs](cost.md).
  |             ^^^^^^^
  = hint: links are relative to the file they are in: from an article, `other-article.md`, `../faq.md` or `../pages/about.md`

error: missing key `description`
 --> content/pages/about.md:2:1
  |
2 | title: About us
  | ^
  = hint: add a line `description: ...`

error: `base_url` must be a full web address, not `test.example.org`
 --> site.yaml:4:1
  |
4 | base_url: test.example.org
  | ^^^^^^^^
  = hint: write it like `https://www.example.org`

error: found 3 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

#[test]
fn a_static_file_cannot_replace_a_generated_page() {
    assert_build_fails(
        |s| {
            s.file("static/index.html", "<p>my own home page</p>")
                .file("static/faq/index.html", "<p>old FAQ</p>")
                .file("static/robots.txt", "User-agent: *\nDisallow: /\n")
                .file("static/about", "a file named like a page")
                .file("static/_headers", "/*\n  X-Test: 1\n")
        },
        r#"error: `static/_headers` would replace the security headers (`_headers`), which pamphlet builds itself
 --> static/_headers
  = hint: rename or remove the file in static/: pages come from content/, their layout from templates/

error: `static/about` is a file where the page of content/pages/about.md (`about/index.html`) needs a folder
 --> static/about
  = hint: rename or remove the file in static/: pages come from content/, their layout from templates/

error: `static/faq/index.html` would replace the FAQ page (`faq/index.html`), which pamphlet builds itself
 --> static/faq/index.html
  = hint: rename or remove the file in static/: pages come from content/, their layout from templates/

error: `static/index.html` would replace the home page (`index.html`), which pamphlet builds itself
 --> static/index.html
  = hint: rename or remove the file in static/: pages come from content/, their layout from templates/

error: `static/robots.txt` would replace the file for search engines (`robots.txt`), which pamphlet builds itself
 --> static/robots.txt
  = hint: rename or remove the file in static/: pages come from content/, their layout from templates/

error: found 5 errors
The previous output in [ROOT]/public was left as it was.
"#,
    );
}

/// A large file in static/ is copied, not held in memory: its bytes arrive
/// intact (the memory figure itself is measured with /usr/bin/time, see
/// the README's output section).
#[test]
fn static_files_are_copied_byte_for_byte() {
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let site = SiteTest::from_fixture("good").file("static/media/video.bin", &big);
    site.build().expect_code(0);
    assert_eq!(
        std::fs::read(site.root.join("public/media/video.bin")).unwrap(),
        big
    );
}

/// Compares a page's `<main>` with the file in tests/snapshots/; run with
/// `PAMPHLET_BLESS=1` to accept a deliberate change (and review the diff).
fn assert_snapshot(site: &SiteTest, page: &str, snapshot: &str) {
    let actual = site.main_of(page);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(snapshot);
    if std::env::var_os("PAMPHLET_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual,
        expected,
        "{page} differs from {}; run with PAMPHLET_BLESS=1 to accept",
        path.display()
    );
}

#[test]
fn rendered_pages_match_their_snapshots() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    assert_snapshot(
        &site,
        "public/articles/sessions/index.html",
        "good-article.html",
    );
    assert_snapshot(&site, "public/faq/index.html", "good-faq.html");
    assert_snapshot(&site, "public/index.html", "good-home.html");
}
